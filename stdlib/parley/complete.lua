-- complete.lua: Tab completion for the REPL: globals, fields and methods after `.` and `:`
-- (userdata through their metatables), parley's stdlib modules, meta-commands, file paths.
--
-- complete(line, env, commands) -> word, candidates: line is the text before the cursor,
-- word the end of it being completed, candidates the sorted strings that may replace word.
-- Nothing is called but __index (lazy modules, userdata fields): no function runs.
local help = require("parley.help")

local M = {}

local KEYWORDS = {
  "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
  "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
}

local function is_identifier(k)
  return type(k) == "string" and k:match("^[%a_][%w_]*$") ~= nil
end

local function index(v, k)
  local ok, r = pcall(function() return v[k] end)
  return ok and r or nil
end

-- ---- names a value offers ----

-- Modules parley.NAME on package.path: loaded on first use, so not yet keys of `parley`.
local function stdlib_modules(add)
  for template in package.path:gmatch("[^;]+") do
    local dir = template:match("^(.*)/%?%.lua$")
    for _, file in ipairs(dir and parley.dir(dir .. "/parley") or {}) do
      local name = file:match("^([%a_][%w_]*)%.lua$")
      if name then add(name, true) end
    end
  end
end

local function table_keys(t, add, methods_only, depth)
  for k, v in next, t do
    if is_identifier(k) and (not methods_only or type(v) == "function") then add(k, v) end
  end
  local mt = getmetatable(t)
  local up = type(mt) == "table" and rawget(mt, "__index")
  if type(up) == "table" and depth < 5 then table_keys(up, add, methods_only, depth + 1) end
end

-- Methods (and, after ".", fields) of a userdata or string, from its metatable and the help.
local function meta_keys(v, add, methods_only)
  local mt = getmetatable(v)
  if type(mt) ~= "table" then return end
  for _, field in ipairs({ "methods", "__index" }) do
    local t = rawget(mt, field)
    if type(t) == "table" then table_keys(t, add, methods_only, 0) end
  end
  if not methods_only and rawget(mt, "__name") then
    for _, name in ipairs(help.fields(rawget(mt, "__name"))) do add(name, true) end
  end
end

local function member_names(v, methods_only)
  local names, seen = {}, {}
  local function add(k)
    if not seen[k] then seen[k], names[#names + 1] = true, k end
  end
  if type(v) == "table" then
    table_keys(v, add, methods_only, 0)
    if v == parley and not methods_only then stdlib_modules(add) end
  else
    meta_keys(v, add, methods_only)
  end
  return names
end

local function global_names(env)
  local names = member_names(env, false)
  for _, k in ipairs(KEYWORDS) do names[#names + 1] = k end
  return names
end

-- ---- candidates ----

local function matching(names, prefix, show_private)
  local out, seen = {}, {}
  for _, n in ipairs(names) do
    if n:sub(1, #prefix) == prefix and not seen[n] and (show_private or prefix ~= "" or n:sub(1, 1) ~= "_") then
      seen[n], out[#out + 1] = true, n
    end
  end
  table.sort(out)
  return out
end

-- The value of a chain "a.b:c" in env, or nil.
local function resolve(chain, env)
  local v = env
  for part in chain:gmatch("[^.:]+") do
    if v == nil then return nil end
    v = (type(v) == "table" and rawget(v, part)) or index(v, part)
  end
  return v
end

local function expression(line, env)
  local chain = line:match("[%a_][%w_%.:]*$")
  if not chain or line:sub(1, -#chain - 1):match("[%w_%.:]$") then return "", {} end
  local base, sep, word = chain:match("^(.*)([%.:])([%w_]*)$")
  if not base then return chain, matching(global_names(env), chain) end
  if base == "" or base:match("[.:]$") then return word, {} end
  local v = resolve(base, env)
  if v == nil then return word, {} end
  return word, matching(member_names(v, sep == ":"), word, true)
end

-- Files and directories (with "/") whose names start with the last component of path.
local function files(path)
  local dir, word = path:match("^(.*/)([^/]*)$")
  if not dir then dir, word = "", path end
  local real = dir:gsub("^~/", (os.getenv("HOME") or "~") .. "/")
  local names = {}
  for _, name in ipairs(parley.dir(real == "" and "." or real) or {}) do
    if name:sub(1, #word) == word then
      names[#names + 1] = parley.dir(real .. name) and name .. "/" or name
    end
  end
  return word, names
end

-- The contents of the string literal open at the end of line; false in a comment; nil otherwise.
local function open_string(line)
  local i, quote, start = 1, nil, nil
  while i <= #line do
    local c = line:sub(i, i)
    if quote then
      if c == "\\" then i = i + 1 elseif c == quote then quote = nil end
    elseif c == '"' or c == "'" then
      quote, start = c, i + 1
    elseif line:sub(i, i + 1) == "--" then
      return false
    end
    i = i + 1
  end
  return quote and line:sub(start) or nil
end

-- complete(line, env, commands) -> word, candidates (see the top of the file).
function M.complete(line, env, commands)
  env = env or _G
  local command = line:match("^:([%a]*)$")
  if command then return command, matching(commands or {}, command) end
  local path = line:match("^:%a+%s+(.*)$")
  if path then return files(path) end
  local str = open_string(line)
  if str then return files(str) end
  if str == false then return "", {} end
  return expression((line:gsub("^%?", "")), env)
end

return M
