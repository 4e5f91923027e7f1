-- stubs.lua: the language-server stubs (stubs/) declare every C-backed function, method and
-- field of the API, declare nothing that does not exist, and are valid Lua marked ---@meta.
local check = require("lib.check")

local source_dir = os.getenv("PARLEY_SOURCE_DIR") or "../.."
local stub_dir = source_dir .. "/stubs"

-- ---- read the stubs: classes, their functions and fields ----

local classes = {}   -- class name -> { functions = {name = true}, fields = {name = may be nil}, file }
local function class(name)
  classes[name] = classes[name] or { functions = {}, fields = {}, file = nil }
  return classes[name]
end

local function read_stub(path)
  local f = assert(io.open(path, "rb"))
  local src = f:read("a")
  f:close()
  check.ok(src:match("^%-%-%-@meta"), path .. " starts with ---@meta")
  local chunk, err = load(src, "@" .. path, "t")
  check.ok(chunk, path .. " is valid Lua: " .. tostring(err))
  local current, locals = nil, {}
  for line in src:gmatch("[^\n]*") do
    local cname = line:match("^%-%-%-@class%s+([%w_.]+)")
    if cname then current = class(cname); current.file = path end
    local field, optional, ftype = line:match("^%-%-%-@field%s+([%w_]+)(%??)%s+(.*)")
    if field and current then
      current.fields[field] = optional == "?" or ftype:find("|nil", 1, true) ~= nil
    end
    local lname = line:match("^local%s+([%w_]+)%s*=%s*{}") or line:match("^([%w_]+)%s*=%s*{}")
    if lname and current then locals[lname] = current end
    local owner, fname = line:match("^function%s+([%w_]+)[.:]([%w_]+)%s*%(")
    if owner then
      check.ok(locals[owner], path .. ": function " .. owner .. "." .. fname .. " belongs to a ---@class")
      if locals[owner] then locals[owner].functions[fname] = true end
    end
    if not line:match("^%-%-%-@") and not line:match("^%s*$") and not line:match("^%-%-")
       and not line:match("^local ") and not line:match("^function ") and not line:match("^return ")
       and not line:match("^[%w_]+%s*=%s*{}") then
      current = nil
    end
  end
end

local function walk(dir)
  for _, name in ipairs(parley.dir(dir) or {}) do
    local path = dir .. "/" .. name
    if name:match("%.lua$") then read_stub(path) elseif not name:find("%.") then walk(path) end
  end
end
walk(stub_dir)

-- ---- what exists at run time ----

local registry = debug.getregistry()
local runtime = {
  parleylib = parley,
  ["parley.text"] = parley.text,
  ["parley.json"] = parley.json,
  ["parley.re"] = parley.re,
  ["parley.match"] = rawget(parley, "match"),
  ["parley.graph"] = parley.graph,
}
for _, t in ipairs({ "Corpus", "Doc", "Span", "SpanList", "Regex", "Gazetteer", "Matcher" }) do
  local mt = registry["parley." .. t]
  if mt ~= nil or t ~= "Gazetteer" and t ~= "Matcher" then
    check.ok(type(mt) == "table" and type(mt.methods) == "table", "metatable parley." .. t)
    runtime["parley." .. t] = mt and mt.methods or {}
  end
end
-- C userdata types registered beyond these need a stub class too
for name, mt in pairs(registry) do
  if type(name) == "string" and name:match("^parley%.%u") and type(mt) == "table" and mt.methods then
    check.ok(runtime[name], "userdata type " .. name .. " has a stub class (add it under stubs/types/)")
  end
end

for cname, t in pairs(runtime) do
  local c = classes[cname]
  if check.ok(c, "stub class " .. cname) then
    for k, v in pairs(t) do
      if type(v) == "function" then
        check.ok(c.functions[k], "no stub for " .. cname .. "." .. k .. " (declare it in " ..
                 (c.file or "stubs/") .. ")")
      end
    end
    for k in pairs(c.functions) do
      check.eq(type(t[k]), "function", "stub " .. cname .. "." .. k .. " exists at run time")
    end
  end
end

-- Fields: each declared field of a value is there (or may be nil when declared |nil or ?)
local corpus = assert(parley.open())
local doc = corpus:get(1)
local rx = parley.re.compile("(?<w>\\w+)")
local samples = {
  ["parley.Corpus"] = corpus, ["parley.Doc"] = doc, ["parley.Span"] = doc:tokens()[1],
  ["parley.Regex"] = rx, parleylib = parley, ["parley.text"] = parley.text, ["parley.re"] = parley.re,
}
for cname, value in pairs(samples) do
  for field, optional in pairs(classes[cname] and classes[cname].fields or {}) do
    local ok, v = pcall(function() return value[field] end)
    check.ok(ok, cname .. "." .. field .. " can be read")
    if not optional then
      check.ok(v ~= nil, cname .. "." .. field .. " is declared non-nil but is nil")
    end
  end
end

check.done("stubs")
