-- doc_lua.lua: run one ```lua block of the docs as a reader would, for docs_examples.sh.
-- Usage: parley run doc_lua.lua BLOCK.lua WHERE
-- A block whose first line is "-- NAME.lua: ..." is a script: it is saved as NAME.lua in the
-- current directory (the docs then run it with `parley run NAME.lua`) and run whole. Any other
-- block is typed into the REPL line by line, with `corpus` open: statements run, and a line
-- `expr  --> value` checks that what the REPL prints of expr (parley.pretty) is value.
local block_path, where = arg[1], arg[2]
local f = assert(io.open(block_path, "rb"))
local src = f:read("a")
f:close()
local pretty = require("parley.pretty")

local failures, missing = 0, nil
local function fail(line, msg)
  -- a name the docs use as a parley module that this build does not have yet (a branch
  -- that has not landed): the block cannot run here, which is not the block's fault
  local name = tostring(msg):match("%(global '([%w_]+)'%)")
  if name and not package.searchpath("parley." .. name, package.path) and not rawget(parley, name)
     and name ~= "doc" and name ~= "r" then
    missing = missing or name
    return
  end
  failures = failures + 1
  io.stderr:write(string.format("%s (block line %d): %s\n", where, line, msg))
end

local script = src:match("^%-%- ([%w_.-]+%.lua):")
if script then
  local out = assert(io.open(script, "wb"))
  out:write(src)
  out:close()
  local fn, err = loadfile(script, "t")
  if not fn then fail(1, err) os.exit(1) end
  arg = { [0] = script }
  local ok, run_err = pcall(fn)
  if not ok then fail(1, tostring(run_err)) os.exit(1) end
  os.exit(0)
end

-- A fragment is compiled only: it uses names of the program around it.
if arg[3] == "fragment" then
  local fn, err = load(src, "=" .. where, "t")
  if not fn then fail(1, err) os.exit(1) end
  os.exit(0)
end

-- The REPL's names: corpus (also c), help, and parley's modules by their short names (text, re, stats).
local corpus = assert(parley.open())
local help = package.searchpath("parley.help", package.path) and require("parley.help").help
local env = setmetatable({ corpus = corpus, c = corpus, help = help }, { __index = function(_, k)
  local v = _G[k]
  if v == nil and type(rawget(parley, k)) == "table" then v = rawget(parley, k) end   -- text, re, json, match
  if v == nil and type(k) == "string" and package.searchpath("parley." .. k, package.path) then v = parley[k] end
  return v
end })
local pending, n, first = "", 0, 1
for line in (src):gmatch("(.-)\n") do
  n = n + 1
  local expr, want = line:match("^(.-)%s+%-%->%s(.*)$")
  if pending == "" and expr and expr:find("%S") then
    local fn, err = load("return " .. expr, "=" .. where, "t", env)
    if not fn then
      fail(n, err)
    else
      local values = table.pack(pcall(fn))
      if not values[1] then
        fail(n, tostring(values[2]))
      else
        local shown = {}
        for i = 2, values.n do shown[#shown + 1] = pretty.format(values[i]) end
        local got = table.concat(shown, ", ")
        if got ~= want then fail(n, string.format("%s\n    shows: %s\n    the docs say: %s", expr, got, want)) end
      end
    end
  else
    if pending == "" then
      first = n
      -- the REPL keeps top-level locals for later lines: make them globals of env
      line = line:gsub("^local%s+function%s+", "function "):gsub("^local%s+([%w_,%s]+=)", "%1")
    end
    pending = pending .. line .. "\n"
    local fn, err = load(pending, "=" .. where, "t", env)
    if fn then
      local ok, run_err = pcall(fn)
      if not ok then fail(first, tostring(run_err)) end
      pending = ""
    elseif not err:find("<eof>$") then
      fail(first, err)
      pending = ""
    end
  end
end
if pending:find("%S") then fail(first, "the block ends inside a statement") end
if failures == 0 and missing then
  io.stderr:write("needs parley.", missing, ", which is not in this build\n")
  os.exit(4)
end
os.exit(failures == 0 and 0 or 1)
