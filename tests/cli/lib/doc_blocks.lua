-- doc_blocks.lua: write the runnable code blocks of a Markdown file to OUTDIR, for docs_examples.sh.
-- Usage: parley run doc_blocks.lua FILE.md OUTDIR
-- Each ```sh (bash, shell), ```lua, ```sql and ```python block becomes OUTDIR/NNN.sh|lua|sql|py,
-- in order, with OUTDIR/NNN.where holding "FILE.md:LINE". ```lua fragment (a piece of a larger
-- program, with names it does not define) becomes NNN.frag: compiled, not run. Other fences (```text, ```json, ``` alone)
-- are not run: they show output or formats, never commands.
local path, outdir = arg[1], arg[2]
local f = assert(io.open(path, "rb"))
local src = f:read("a")
f:close()

local RUN = { sh = "sh", bash = "sh", shell = "sh", lua = "lua", sql = "sql", python = "py" }
local n, lineno, block, kind, start = 0, 0, nil, nil, nil
local name = path:match("([^/]+)$")
for line in (src .. "\n"):gmatch("(.-)\n") do
  lineno = lineno + 1
  local fence, lang, info = line:match("^(%s*```+)%s*([%w_+-]*)%s*(%S*)")
  if block == nil and fence then
    block, kind, start = {}, RUN[lang:lower()], lineno
    if kind == "lua" and info == "fragment" then kind = "frag" end   -- syntax-checked only
  elseif block ~= nil and line:match("^%s*```+%s*$") then
    if kind then
      n = n + 1
      local base = string.format("%s/%03d", outdir, n)
      local out = assert(io.open(base .. "." .. kind, "wb"))
      out:write(table.concat(block, "\n"), "\n")
      out:close()
      out = assert(io.open(base .. ".where", "wb"))
      out:write(name, ":", start, "\n")
      out:close()
    end
    block = nil
  elseif block ~= nil then
    block[#block + 1] = line
  end
end
assert(block == nil, path .. ":" .. tostring(start) .. ": a code block is not closed")
print(n)
