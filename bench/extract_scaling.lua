-- extract_scaling.lua: how each extractor's time grows with the length of one document
-- (the seed article repeated), as CPU time per KB at each size: flat means linear.
-- parley run bench/extract_scaling.lua [REPEATS...]   (default 50 100 200 400)
local extract = require("parley.extract")
local seed = assert(parley.open():get(1)).text
local sizes = {}
for i = 1, #arg do sizes[i] = math.tointeger(tonumber(arg[i])) or parley.usage_error("extract_scaling: REPEATS are whole numbers") end
if #sizes == 0 then sizes = { 50, 100, 200, 400 } end
local names = { "actors", "quotes", "issues", "relations", "dates", "numbers" }
print(string.format("%-8s %9s  %s", "repeats", "KB", table.concat(names, "  ")))
for _, n in ipairs(sizes) do
  local text = string.rep(seed .. "\n\n", n)
  local cells = {}
  for k, name in ipairs(names) do
    local d = parley.doc(text)   -- a fresh Doc each time: no extractor reuses another's work
    local c = os.clock()
    extract[name](d)
    cells[k] = string.format("%.3f ms/KB", (os.clock() - c) * 1000 / (#text / 1024))
  end
  print(string.format("%-8d %9.0f  %s", n, #text / 1024, table.concat(cells, "  ")))
end
