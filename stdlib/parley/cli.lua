-- cli.lua: the commands written in Lua: `parley scripts`, `parley sql`, `parley search`.
-- Each takes the command's arguments (global options already removed) and returns an exit status.
local tabulate = require("parley.tabulate")

local M = {}

local function fail(fmt, ...)
  io.stderr:write("parley: ", string.format(fmt, ...), "\n")
  return 1
end

local function usage(command, fmt, ...)
  io.stderr:write("parley: ", string.format(fmt, ...), " (see `parley help ", command, "`)\n")
  return 2
end

-- The description a script declares: its first line, "-- NAME: description" or "-- description".
function M.script_description(path)
  local f = io.open(path, "r")
  if not f then return "" end
  local first = f:read("l") or ""
  f:close()
  local text = first:match("^%-%-+%s*(.-)%s*$") or ""
  local name = path:match("([^/]+)%.lua$")
  return (text:gsub("^" .. name:gsub("%p", "%%%0") .. "%.lua:%s*", ""):gsub("^" .. name:gsub("%p", "%%%0") .. ":%s*", ""))
end

local function bundled_scripts()
  local dir = parley.home .. "/scripts"
  local names = {}
  for _, file in ipairs(parley.dir(dir) or {}) do
    local name = file:match("^(.+)%.lua$")
    if name then names[#names + 1] = name end
  end
  return names, dir
end

function M.scripts(args)
  local names, dir = bundled_scripts()
  if #args == 1 and args[1] == "--names" then   -- for shell completion: one name a line
    for _, name in ipairs(names) do io.write(name, "\n") end
    return 0
  end
  if #args > 0 then return usage("scripts", "scripts takes no arguments but --names") end
  local rows = {}
  for _, name in ipairs(names) do
    rows[#rows + 1] = { name, M.script_description(dir .. "/" .. name .. ".lua") }
  end
  io.write(tabulate.text({ "script", "description" }, rows))
  return 0
end

-- Split args into flags (by name) and positional values.
local function parse(command, args, flags)
  local opts, rest, i = {}, {}, 1
  while i <= #args do
    local a = args[i]
    local kind = flags[a]
    if kind == true then
      opts[a] = true
    elseif kind == "value" then
      if not args[i + 1] then return nil, usage(command, "option %s needs a value", a) end
      opts[a] = args[i + 1]
      i = i + 1
    elseif a == "--help" or a == "-h" then
      return nil, usage(command, "see the help")
    elseif a:match("^%-%-") and #rest == 0 then
      return nil, usage(command, "unknown option '%s'", a)
    else
      rest[#rest + 1] = a
    end
    i = i + 1
  end
  return opts, rest
end

local function open_corpus()
  local corpus, err = parley.open()
  if not corpus then return nil, fail("%s", err) end
  return corpus
end

-- Bytes that are not UTF-8 text (BLOBs such as offset_map) are shown as X'hex', as SQLite writes them.
local function displayable(v)
  if type(v) == "string" and not parley.text.valid(v) then
    return "X'" .. v:gsub(".", function(c) return string.format("%02X", c:byte()) end) .. "'"
  end
  return v
end

local function cell(v)
  if v == parley.null or v == nil then return "" end
  return tostring(displayable(v))
end

function M.sql(args)
  local opts, rest = parse("sql", args, { ["--json"] = true, ["--csv"] = true })
  if not opts then return rest end
  if #rest == 0 then return usage("sql", "no query given") end
  local corpus, code = open_corpus()
  if not corpus then return code end
  local params = table.move(rest, 2, #rest, 1, {})
  local ok, rows = pcall(corpus.sql, corpus, rest[1], table.unpack(params))
  if not ok then return fail("%s", tostring(rows):gsub("^[^:]*:%d+: ", "")) end
  if opts["--json"] then
    local out = {}
    for i, row in ipairs(rows) do
      local clean = parley.json.object()
      for k, v in pairs(row) do clean[k] = displayable(v) end
      out[i] = clean
    end
    io.write(parley.json.encode(parley.json.array(out)), "\n")
    return 0
  end
  local matrix = {}
  for i, row in ipairs(rows) do
    local line = {}
    for j, name in ipairs(rows.columns) do line[j] = cell(row[name]) end
    matrix[i] = line
  end
  if opts["--csv"] then
    io.write(tabulate.csv(rows.columns, matrix))
  else
    io.write(tabulate.text(rows.columns, matrix))
  end
  return 0
end

local function use_color()
  return os.getenv("NO_COLOR") == nil and tabulate.isatty_stdout()
end

function M.search(args)
  local opts, rest = parse("search", args, { ["--json"] = true, ["--limit"] = "value" })
  if not opts then return rest end
  if #rest ~= 1 then return usage("search", "give the query as one argument (quote it)") end
  local limit = tonumber(opts["--limit"] or "20")
  if not limit or limit < 1 or math.type(limit) ~= "integer" then
    return usage("search", "--limit needs a positive whole number")
  end
  local corpus, code = open_corpus()
  if not corpus then return code end
  local color = use_color() and not opts["--json"]
  local hits, err = corpus:search(rest[1], {
    limit = limit, before = color and "\27[1;33m" or "[", after = color and "\27[0m" or "]",
  })
  if not hits then return fail("%s", err) end
  if opts["--json"] then
    io.write(parley.json.encode(parley.json.array(hits)), "\n")
    return 0
  end
  for i, hit in ipairs(hits) do
    io.write(string.format("%d. [%d] %s  %s  (%.2f)\n   %s\n", i, hit.id, hit.date or "-",
                           hit.title or "", -hit.rank, (hit.snippet or ""):gsub("%s+", " ")))
  end
  if #hits == 0 then io.stderr:write("parley: no match for ", rest[1], "\n") end
  return 0
end

return M
