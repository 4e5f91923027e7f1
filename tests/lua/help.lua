-- help.lua: the help entries (parley.help) cover the whole API, their examples are right,
-- and docs/lua-api.md is what tools/gen_api_docs.lua makes of them.
local check = require("lib.check")
local help = require("parley.help")
local pretty = require("parley.pretty")

local source_dir = os.getenv("PARLEY_SOURCE_DIR") or "../.."

-- docs/lua-api.md is generated: it must match the help source byte for byte
local f = assert(io.open(source_dir .. "/docs/lua-api.md", "rb"))
local on_disk = f:read("a")
f:close()
if not check.ok(on_disk == help.markdown(),
                "docs/lua-api.md is out of date with stdlib/parley/help/: run " ..
                "`parley run tools/gen_api_docs.lua > docs/lua-api.md`") then
  local a, b, line = on_disk, help.markdown(), 1
  for i = 1, math.min(#a, #b) do
    if a:byte(i) ~= b:byte(i) then break end
    if a:byte(i) == 10 then line = line + 1 end
  end
  io.stderr:write("  first difference at line ", line, "\n")
end

-- Every entry names something that exists (functions are functions)
local names = {}
for _, e in ipairs(help.entries()) do
  check.ok(not names[e.name], "entry names are unique: " .. e.name)
  names[e.name] = true
  check.ok(e.signature and e.summary, "signature and summary: " .. e.name)
  if e.kind ~= "value" then
    check.eq(type(help.value_of(e)), "function", "entry resolves to a function: " .. e.name)
  end
end

-- Every function of the API has an entry: of each section's module or userdata type (a new
-- module enrolls by adding its help file), and of every stdlib module that has entries at all.
local documented = {}
for _, e in ipairs(help.entries()) do
  if e.kind ~= "value" then documented[help.value_of(e) or false] = true end
end
local function all_documented(t, label)
  for k, v in pairs(t) do
    if type(v) == "function" then
      check.ok(documented[v], "no help entry for " .. label .. k ..
               " (append one to its file in stdlib/parley/help/)")
    end
  end
end
local covered = {}
for _, section in ipairs(help.sections()) do
  if section.module then
    all_documented(help.value_of({ name = section.module }), section.module .. ".")
    covered[section.module] = true
  elseif section.type then
    local methods = debug.getregistry()[section.type].methods
    all_documented(methods, section.type:gsub("^parley%.", "") .. ":")
    covered[section.type] = true
  end
end
for _, name in ipairs({ "parley", "parley.text", "parley.json", "parley.Corpus", "parley.Doc", "parley.Span" }) do
  check.ok(covered[name], "a help section covers " .. name)
end
local stdlib_modules = {}
for _, e in ipairs(help.entries()) do
  local mod = e.name:match("^parley%.(%l+)%.[%w_]+$")
  if mod and not covered["parley." .. mod] then stdlib_modules[mod] = true end
end
for mod in pairs(stdlib_modules) do all_documented(parley[mod], "parley." .. mod .. ".") end
check.ok(stdlib_modules.pretty and stdlib_modules.tabulate and stdlib_modules.meta, "stdlib modules covered")

-- Examples run; `expr  --> value` lines give what pretty.format shows of expr's values
local function run_example(e)
  local env = setmetatable({ corpus = assert(parley.open()), print = function() end,
                             help = function() end }, { __index = _G })
  local pending = ""
  local n = 0
  for line in (e.example .. "\n"):gmatch("(.-)\n") do
    n = n + 1
    local expr, want = line:match("^(.-)%s+%-%->%s(.*)$")
    if pending == "" and expr then
      local fn = assert(load("return " .. expr, "=" .. e.name, "t", env))
      local values = table.pack(fn())
      local shown = {}
      for i = 1, values.n do shown[i] = pretty.format(values[i]) end
      check.eq(table.concat(shown, ", "), want, e.name .. " example line " .. n)
    else
      -- top-level locals become globals of env, so later lines (chunks of their own) see them
      if pending == "" then line = line:gsub("^local%s+([%w_,%s]+=)", "%1") end
      pending = pending .. line .. "\n"
      local fn, err = load(pending, "=" .. e.name, "t", env)
      if fn then
        local ok, run_err = pcall(fn)
        check.ok(ok, e.name .. " example runs: " .. tostring(run_err))
        pending = ""
      elseif not err:find("<eof>$") then
        check.ok(false, e.name .. " example compiles: " .. err)
        pending = ""
      end
    end
  end
  check.eq(pending, "", e.name .. " example is complete")
end
local real_write = io.write
io.write = function() end   -- examples that print (pretty.print) stay quiet
for _, e in ipairs(help.entries()) do
  if e.example then run_example(e) end
end
io.write = real_write

-- Finding help: by value, by name, through a value's type, sections by module or type
local corpus = assert(parley.open())
check.eq(help.find(parley.text.fold).name, "parley.text.fold", "by value")
check.eq(help.find(corpus.search).name, "Corpus:search", "a method by value")
check.eq(help.find(parley.pretty.format).name, "parley.pretty.format", "a stdlib function by value")
check.eq(help.find("text.fold").name, "parley.text.fold", "by short name")
check.eq(help.find("parley.open").name, "parley.open", "by full name")
check.eq(help.find("source_range").name, "Span:source_range", "by last component")
check.eq(help.find(parley.text).title, "parley.text", "a module gives its section")
check.eq(help.find(corpus:get(1)).title, "Doc", "a userdata gives its type's section")
check.eq(help.find("Doc").title, "Doc", "a type by name")
check.eq(help.find(print), nil, "nothing for functions outside the API")
local env = setmetatable({ corpus = corpus }, { __index = _G })
check.eq(help.lookup("corpus:sql", env).name, "Corpus:sql", "?corpus:sql through the value's type")
check.eq(help.lookup("corpus.docs", env).name, "Corpus:docs", "?corpus.docs")
check.eq(help.lookup(" text.width ", env).name, "parley.text.width", "spaces around the name")
local none, why = help.lookup("nosuch.thing", env)
check.eq(none, nil, "unknown name")
check.ok(why:find("no help for nosuch.thing", 1, true), "says so: " .. tostring(why))

-- What help() prints
local overview = help.text()
for _, section in ipairs(help.sections()) do
  check.ok(overview:find(section.title, 1, true), "overview lists " .. section.title)
end
check.ok(overview:find("fold", 1, true) and overview:find("help(f)", 1, true), "names and the hint")
local fold = help.text(parley.text.fold)
check.ok(fold:find("^text%.fold%(s%) %-> string"), "signature first:\n" .. fold)
check.ok(fold:find("the key for matching", 1, true), "summary")
check.ok(fold:find("Example:", 1, true) and fold:find('"cafe"', 1, true), "example")
check.ok(help.text("nosuch"):find("help() lists the API", 1, true), "unknown names point at help()")
check.eq(help.fields("parley.Doc")[1], "id", "fields of a type, for completion")

check.done("help")
