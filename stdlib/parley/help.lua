-- help.lua: help for the Lua API, from the entries in stdlib/parley/help/*.lua, which also
-- generate docs/lua-api.md (tools/gen_api_docs.lua): one source of truth for both.
--
-- Each file in help/ describes one section (a module or a userdata type):
--   return {
--     order = 50,                       -- sections are sorted by it
--     title = "parley.text",
--     module = "parley.text",           -- or type = "parley.Doc" (metatable name)
--     intro = [[...]],                  -- Markdown, shown under the title
--     notes = [[...]],                  -- optional Markdown after the table (tables, lists, code),
--                                       -- shown as written by help()
--     fields = { { "id", "nil when not stored" }, { "text" } },   -- userdata fields
--     columns = { "method", "returns" },                           -- table headers
--     entries = {
--       { name = "parley.text.fold",     -- "parley.x.y", "Type:method" or a global
--         signature = "text.fold(s) -> string",
--         summary = "...",               -- one sentence (Markdown), the table cell
--         description = [[...]],         -- optional, plain text
--         example = [[...]],             -- optional Lua; `expr  --> value` lines are checked by tests
--         kind = "value",                -- optional: a value or field, not a function
--         path = "parley.help.help" },   -- optional: where the value is, when not at name
--     },
--   }
-- A new module adds a file; a new function appends an entry to its section.
local M = {}

M.title = "The Lua API"
M.preamble = [[
Scripts, `parley eval` and the REPL see a global `parley` (also
`require("parley")`). Positions follow `string.sub`: 1-based, inclusive, in
bytes; functions that count code points say so. Programmer errors (a wrong
argument type, invalid SQL, a closed corpus) raise; data and environment
errors (a missing file, invalid UTF-8 in a file, a bad search query) return
`nil, message`.]]

-- ---- the sections ----

local function help_dir()
  local source = debug.getinfo(1, "S").source
  return source:match("^@(.*)%.lua$")
end

local sections_cache

-- The sections, sorted by order; each entry gets .section.
function M.sections()
  if sections_cache then return sections_cache end
  local dir, list = help_dir(), {}
  for _, file in ipairs(parley.dir(dir) or {}) do
    if file:match("%.lua$") then
      local section = assert(loadfile(dir .. "/" .. file, "t"))()
      section.file = file
      for _, e in ipairs(section.entries or {}) do e.section = section end
      list[#list + 1] = section
    end
  end
  table.sort(list, function(a, b)   -- by order, ties by file name: the generated docs must not churn
    local x, y = a.order or 1000, b.order or 1000
    if x ~= y then return x < y end
    return a.file < b.file
  end)
  sections_cache = list
  return list
end

-- Every entry, in section order.
function M.entries()
  local all = {}
  for _, section in ipairs(M.sections()) do
    for _, e in ipairs(section.entries or {}) do all[#all + 1] = e end
  end
  return all
end

-- ---- finding entries ----

-- The value an entry describes: parley.text.fold, a method in its type's metatable, a global.
function M.value_of(entry)
  local path = entry.path or entry.name
  local type_name, method = path:match("^(%u%w*):([%w_]+)$")
  if type_name then
    local mt = debug.getregistry()["parley." .. type_name]
    return type(mt) == "table" and type(mt.methods) == "table" and mt.methods[method] or nil
  end
  local v = _G
  for part in path:gmatch("[^.]+") do
    if type(v) ~= "table" then return nil end
    v = v[part]
  end
  return v
end

local by_value = setmetatable({}, { __mode = "k" })
local by_value_built = false

local function build_by_value()
  by_value_built = true
  for _, e in ipairs(M.entries()) do
    if e.kind ~= "value" then
      local ok, v = pcall(M.value_of, e)
      if ok and type(v) == "function" and not by_value[v] then by_value[v] = e end
    end
  end
end

local function section_of_value(v)
  local mt = getmetatable(v)
  local type_name = type(mt) == "table" and rawget(mt, "__name")
  for _, section in ipairs(M.sections()) do
    if (type_name and section.type == type_name) or (section.module and M.value_of({ name = section.module }) == v) then
      return section
    end
  end
end

local function section_by_name(name)
  local lower = name:lower()
  for _, section in ipairs(M.sections()) do
    local short = section.type and section.type:match("^parley%.(.*)$")
    if section.title:lower() == lower or (short and short:lower() == lower) then return section end
  end
end

-- Entries whose name is name, or ends with it after a "." or ":" ("fold", "text.fold", "c:sql").
local function entries_by_name(name)
  local exact, suffix = {}, {}
  local method = name:match("^[%w_]+:([%w_]+)$")
  for _, e in ipairs(M.entries()) do
    local n = e.name
    if n == name or n == "parley." .. name then
      exact[#exact + 1] = e
    elseif n:sub(-#name - 1) == "." .. name or n:sub(-#name - 1) == ":" .. name or
           (method and n:match(":" .. method .. "$")) then
      suffix[#suffix + 1] = e
    end
  end
  return #exact > 0 and exact or suffix
end

-- find(x) -> entry | section | nil, message: x is a function, a module table, a userdata, or a name.
function M.find(x)
  if type(x) == "function" then
    if not by_value_built then build_by_value() end
    if by_value[x] then return by_value[x] end
    by_value_built = false   -- a module loaded since: look again once
    build_by_value()
    return by_value[x] or nil, "no help for this function (it is not part of parley's API)"
  end
  if type(x) == "string" then
    local section = section_by_name(x)
    if section then return section end
    local found = entries_by_name(x)
    if #found == 1 then return found[1] end
    if #found > 1 then
      local names = {}
      for i, e in ipairs(found) do names[i] = e.name end
      return nil, "several entries match " .. x .. ": " .. table.concat(names, ", ")
    end
    return nil, "no help for " .. x
  end
  local section = (type(x) == "table" or type(x) == "userdata") and section_of_value(x)
  if section then return section end
  return nil, "no help for a " .. type(x) .. " value"
end

-- lookup(name, env) -> entry | section | nil, message, for `?name` in the REPL: a name in the
-- help first, else the value of the expression name in env ("corpus:sql" through corpus's type).
function M.lookup(name, env)
  name = name:match("^%s*(.-)%s*$")
  local found, err = M.find(name)
  if found then return found end
  local obj, method = name:match("^(.-):([%w_]+)$")
  local expr = obj and obj .. "." .. method or name
  local chunk = load("return " .. expr, "=help", "t", env or _G)
  local ok, v = pcall(chunk or error)
  if ok and v ~= nil then return M.find(v) end
  return nil, err
end

-- ---- text for the terminal ----

-- Words of s in lines of at most width columns; the first line starts with first, the others with rest.
local function wrap(s, width, first, rest)
  rest = rest or first
  local lines, line, fresh = {}, first, true
  for word in s:gmatch("%S+") do
    if not fresh and #line + 1 + #word > width then
      lines[#lines + 1], line = line, rest .. word
    else
      line = line .. (fresh and "" or " ") .. word
    end
    fresh = false
  end
  lines[#lines + 1] = line
  return table.concat(lines, "\n")
end

local function plain(md)
  return (md:gsub("`", ""))
end

local function indent_block(s, prefix)
  return prefix .. s:gsub("\n", "\n" .. prefix)
end

function M.entry_text(e)
  local out = { e.signature .. "    [" .. e.section.title .. "]", wrap(plain(e.summary), 78, "  ") }
  if e.description then out[#out + 1] = "\n" .. indent_block(e.description, "  ") end
  if e.example then out[#out + 1] = "\n  Example:\n" .. indent_block(e.example, "    ") end
  return table.concat(out, "\n")
end

local function fields_sentence(section)
  local parts = {}
  for i, f in ipairs(section.fields or {}) do
    parts[i] = "`" .. f[1] .. "`" .. (f[2] and " (" .. f[2] .. ")" or "")
  end
  return #parts > 0 and "Fields: " .. table.concat(parts, ", ") .. "." or nil
end

function M.section_text(section)
  local out = { section.title }
  local about = (section.intro or "") .. " " .. (fields_sentence(section) or "")
  if about:find("%S") then out[#out + 1] = wrap(plain(about), 78, "  ") end
  for _, e in ipairs(section.entries or {}) do
    out[#out + 1] = "\n  " .. e.signature .. "\n" .. wrap(plain(e.summary), 78, "      ")
  end
  if section.notes then out[#out + 1] = "\n" .. indent_block(plain(section.notes), "  ") end
  return table.concat(out, "\n")
end

-- How the overview names an entry: "fold" in parley.text, ":sql" for a method, "meta.resolve".
local function short_name(e)
  if e.section.module then
    return (e.name:gsub("^" .. e.section.module:gsub("%p", "%%%0") .. "%.", ""))
  end
  return e.name:match("(:[%w_]+)$") or (e.name:gsub("^parley%.", ""))
end

-- The overview: one paragraph per section with its names.
function M.overview_text()
  local out = {}
  for _, section in ipairs(M.sections()) do
    local names = {}
    for _, e in ipairs(section.entries or {}) do names[#names + 1] = short_name(e) end
    for _, f in ipairs(section.fields or {}) do names[#names + 1] = "." .. f[1] end
    out[#out + 1] = wrap(table.concat(names, " "), 78, string.format("%-13s ", section.title), string.rep(" ", 14))
  end
  out[#out + 1] = "\nhelp(f) or ?name for one: help(parley.text.fold), ?corpus:search, ?Doc"
  return table.concat(out, "\n")
end

-- text(x) -> string: what help(x) prints.
function M.text(x)
  if x == nil then return M.overview_text() end
  local found, err = M.find(x)
  if not found then return err .. " (help() lists the API)" end
  if found.entries then return M.section_text(found) end
  return M.entry_text(found)
end

-- query(name, env) -> string: what `?name` shows in the REPL (the overview for an empty name).
function M.query(name, env)
  name = name:match("^%s*(.-)%s*$")
  if name == "" then return M.overview_text() end
  local found, err = M.lookup(name, env)
  if not found then return err .. " (help() lists the API)" end
  return found.entries and M.section_text(found) or M.entry_text(found)
end

-- help([x]): print the overview, or the help of a function, module, type or name.
function M.help(x)
  io.write(M.text(x), "\n")
end

-- Field names of a userdata type ("parley.Doc"), for completion.
function M.fields(type_name)
  for _, section in ipairs(M.sections()) do
    if section.type == type_name then
      local names = {}
      for i, f in ipairs(section.fields or {}) do names[i] = f[1] end
      return names
    end
  end
  return {}
end

-- ---- Markdown for docs/lua-api.md ----

local function cell(s)
  return (s:gsub("|", "\\|"))
end

local function markdown_section(section, out)
  out[#out + 1] = "## " .. section.title .. "\n"
  local about = {}
  about[#about + 1] = section.intro
  about[#about + 1] = fields_sentence(section)
  if #about > 0 then out[#out + 1] = table.concat(about, "\n\n") .. "\n" end
  if section.entries and #section.entries > 0 then
    local columns = section.columns or { "function", "returns" }
    out[#out + 1] = "| " .. columns[1] .. " | " .. columns[2] .. " |\n|---|---|"
    for _, e in ipairs(section.entries) do
      out[#out + 1] = "| `" .. cell(e.signature) .. "` | " .. cell(e.summary) .. " |"
    end
    out[#out + 1] = ""
  end
  if section.notes then out[#out + 1] = section.notes .. "\n" end
  for _, e in ipairs(section.entries or {}) do
    if e.description or e.example then
      out[#out + 1] = "#### `" .. e.signature .. "`\n"
      if e.description then out[#out + 1] = e.description .. "\n" end
      if e.example then out[#out + 1] = "```lua\n" .. e.example .. "\n```\n" end
    end
  end
end

-- markdown() -> the text of docs/lua-api.md.
function M.markdown()
  local out = {
    "# " .. M.title .. "\n",
    "<!-- Generated from stdlib/parley/help/*.lua by tools/gen_api_docs.lua; edit those files, then run\n" ..
    "     `parley run tools/gen_api_docs.lua > docs/lua-api.md`. -->\n",
    M.preamble .. "\n",
  }
  for _, section in ipairs(M.sections()) do markdown_section(section, out) end
  return table.concat(out, "\n")
end

return M
