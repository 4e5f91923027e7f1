-- pretty.lua: readable rendering of Lua values for the REPL and `parley eval`: tables as
-- indented, key-sorted, cycle-safe literals; parley's userdata as summaries; lists of Spans,
-- Docs, SQL rows and search hits as aligned tables; strings cut by display width.
local text = require("parley.text")
local tabulate = require("parley.tabulate")

local M = {
  max_depth = 4,      -- nesting shown before {...}
  max_items = 50,     -- entries of a table (rows of a table view) shown before "... N more"
  max_string = 400,   -- display columns of a string printed on its own
  max_nested = 72,    -- display columns of a string inside a table
  width = 80,         -- a table that fits in this many columns stays on one line
}

-- Summaries of userdata by metatable __name: formatters["parley.Match"] = function(v, ctx) -> string.
M.formatters = {}

local COLORS = { number = "\27[36m", string = "\27[32m", keyword = "\27[35m", summary = "\27[33m" }

local function paint(ctx, kind, s)
  if not ctx.color then return s end
  return COLORS[kind] .. s .. "\27[0m"
end

-- Display columns of s, escapes for colour excluded; bytes when s is not valid UTF-8.
local function columns(s)
  s = s:gsub("\27%[[%d;]*m", "")
  local ok, w = pcall(text.width, s)
  return ok and w or #s
end
M.columns = columns

-- ---- strings ----

local ESCAPES = { ["\n"] = "\\n", ["\t"] = "\\t", ["\r"] = "\\r", ['"'] = '\\"', ["\\"] = "\\\\" }

local function escape_ascii(s)
  return (s:gsub('[%c"\\]', function(c) return ESCAPES[c] or string.format("\\%03d", c:byte()) end))
end

-- Invalid UTF-8 bytes become \xHH so the terminal never receives broken sequences.
local function escape_invalid(s)
  local parts, i = {}, 1
  while i <= #s do
    local n, bad = utf8.len(s, i)
    if n then parts[#parts + 1] = s:sub(i); break end
    parts[#parts + 1] = s:sub(i, bad - 1) .. string.format("\\x%02X", s:byte(bad))
    i = bad + 1
  end
  return table.concat(parts)
end

local function thousands(n)
  local s = tostring(n)
  return (s:reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", ""))
end
M.thousands = thousands

-- The escaped text of s in at most max columns, whole grapheme clusters only; and whether it was cut.
local function cut_to_width(s, max)
  if not text.valid(s) then
    local e = escape_invalid(escape_ascii(s))
    if #e <= max then return e, false end
    local cut = max - 1
    while cut > 0 and (e:byte(cut + 1) or 0) & 0xC0 == 0x80 do cut = cut - 1 end
    return e:sub(1, cut), true
  end
  if text.width(s) <= max and not s:find('[%c"\\]') then return s, false end
  local out, used = {}, 0
  for g in text.graphemes(s) do
    local e = escape_ascii(g)
    local w = e == g and text.width(g) or #e
    if used + w > max - 1 then return table.concat(out), true end
    out[#out + 1], used = e, used + w
  end
  return table.concat(out), false
end

-- "text", or "text…" (N chars) when longer than max columns.
local function quote(s, max, ctx)
  local shown, cut = cut_to_width(s, max)
  if not cut then return paint(ctx, "string", '"' .. shown .. '"') end
  local n = utf8.len(s) or #s
  return paint(ctx, "string", '"' .. shown .. '…"') .. " (" .. thousands(n) .. " chars)"
end

-- ---- names of functions ----

local function_names = setmetatable({}, { __mode = "k" })

local function name_functions(t, prefix, sep)
  for k, v in next, t do
    if type(k) == "string" and type(v) == "function" and not function_names[v] then
      function_names[v] = prefix .. sep .. k
    end
  end
end

-- Library and API functions by value: "print", "string.format", "parley.text.fold", "Corpus:sql".
-- The REPL's _ and _1, _2 ... are no names of their own.
local function build_names()
  for k, v in next, _G do
    if type(v) == "function" and type(k) == "string" and not k:match("^_%d*$") then function_names[v] = k end
  end
  for k, v in next, _G do
    if type(k) == "string" and type(v) == "table" and v ~= _G then name_functions(v, k, ".") end
  end
  for name, mod in pairs(package.loaded) do
    if type(name) == "string" and name:match("^parley%.") and type(mod) == "table" then
      name_functions(mod, name, ".")
    end
  end
  for name, mt in pairs(debug.getregistry()) do
    if type(name) == "string" and type(mt) == "table" and type(rawget(mt, "methods")) == "table" then
      name_functions(mt.methods, name:gsub("^parley%.", ""), ":")
    end
  end
end

local function format_function(f, ctx)
  if not function_names[f] and not ctx.names_fresh then   -- a module loaded since may name it
    build_names()
    ctx.names_fresh = true
  end
  if function_names[f] then return "<function " .. function_names[f] .. ">" end
  local info = debug.getinfo(f, "S")
  if info.what ~= "C" then return "<function " .. info.short_src .. ":" .. info.linedefined .. ">" end
  return "<" .. tostring(f) .. ">"
end

-- ---- userdata ----

local function type_name(v)
  local mt = getmetatable(v)
  return type(mt) == "table" and rawget(mt, "__name") or nil
end

local function doc_title(doc)
  local title, origin = doc.title, doc.origin
  local stem = origin and origin:match("([^/]*)$"):gsub("%.[^.]*$", "")
  if title and title ~= "" and title ~= stem then return title end
  return doc.text:sub(1, 200)
end

M.formatters["parley.Span"] = function(span, ctx)
  return paint(ctx, "summary", string.format("<Span doc %s bytes %d..%d line %d>", span.doc.id or "-",
    span.start, span.stop, span.line)) .. " " .. quote(span.text, ctx.max_nested, ctx)
end

M.formatters["parley.Corpus"] = function(corpus, ctx)
  local ok, n = pcall(corpus.count, corpus)
  if not ok then return paint(ctx, "summary", tostring(corpus)) end
  local where = corpus.path == ":memory:" and "(in memory)" or corpus.path
  return paint(ctx, "summary", string.format("<Corpus %s %s document%s%s>", where, thousands(n),
    n == 1 and "" or "s", corpus.readonly and " read-only" or ""))
end

local function format_userdata(v, ctx)
  if v == parley.null then return paint(ctx, "keyword", "null") end
  local custom = M.formatters[type_name(v)]
  if custom then return custom(v, ctx) end
  return paint(ctx, "summary", tostring(v))
end

-- ---- table views: lists of Spans, Docs, SQL rows ----

-- A short cell: newlines shown as \n, at most max columns.
local function cell(s, max)
  local shown, cut = cut_to_width(tostring(s), max)
  return cut and shown .. "…" or shown
end

local VIEWS = {}

-- Each view gives the headers and the rows of the first n elements.
VIEWS["parley.Span"] = function(spans, n)
  local rows = {}
  for i = 1, n do
    local s = spans[i]
    rows[i] = { i, s.doc.id or "-", s.line .. ":" .. s.col, s.start .. ".." .. s.stop, cell(s.text, 50) }
  end
  return { "#", "doc", "line:col", "bytes", "text" }, rows
end

VIEWS["parley.Doc"] = function(docs, n)
  local rows = {}
  for i = 1, n do
    local d = docs[i]
    rows[i] = { d.id or "-", d.date or "-", d.source or "-", thousands(d.chars), cell(doc_title(d), 50) }
  end
  return { "id", "date", "source", "chars", "title" }, rows
end

-- The kind of a list whose elements are all userdata of one parley type, else nil.
local function list_kind(t, n)
  local kind = type(rawget(t, 1)) == "userdata" and type_name(rawget(t, 1))
  if not VIEWS[kind] then return nil end
  for i = 2, n do
    if type_name(rawget(t, i)) ~= kind then return nil end
  end
  return kind
end

-- Rows from corpus:sql(): an array of tables with a `columns` list.
local function is_rows(t, n)
  local cols = rawget(t, "columns")
  if type(cols) ~= "table" or #cols == 0 then return false end
  for i = 1, n do
    if type(rawget(t, i)) ~= "table" then return false end
  end
  return true
end

local function rows_view(t, n)
  local rows = {}
  for i = 1, n do
    local row = t[i]
    local line = {}
    for j, name in ipairs(t.columns) do
      local v = row[name]
      line[j] = (v == nil or v == parley.null) and "" or cell(v, 40)
    end
    rows[i] = line
  end
  return t.columns, rows
end

-- Hits from corpus:search(): tables with id, rank and snippet.
local function is_hits(t, n)
  for i = 1, n do
    local hit = rawget(t, i)
    if type(hit) ~= "table" or getmetatable(hit) or hit.snippet == nil or hit.rank == nil or hit.id == nil then
      return false
    end
  end
  return true
end

local function hits_view(t, n)
  local rows = {}
  for i = 1, n do
    local h = t[i]
    rows[i] = { i, h.id, h.date or "-", string.format("%.2f", -h.rank), cell(tostring(h.snippet):gsub("%s+", " "), 60) }
  end
  return { "#", "id", "date", "score", "snippet" }, rows
end

-- An aligned table (by display width) of the first max_items rows, or nil when t is no such list.
local function table_view(t)
  local n = rawlen(t)
  if n == 0 then return nil end
  local headers, rows
  local shown = math.min(n, M.max_items)
  local kind = list_kind(t, n)
  if kind then
    headers, rows = VIEWS[kind](t, shown)
  elseif is_rows(t, n) then
    headers, rows = rows_view(t, shown)
  elseif is_hits(t, n) then
    headers, rows = hits_view(t, shown)
  else
    return nil
  end
  local more = n - shown
  local out = tabulate.text(headers, rows):gsub("\n$", "")
  if more > 0 then out = out .. "\n... " .. thousands(more) .. " more rows" end
  return out
end

-- ---- tables as literals ----

local KEYWORDS = {}
for w in ([[and break do else elseif end false for function goto if in local nil not or
            repeat return then true until while]]):gmatch("%a+") do KEYWORDS[w] = true end

local function is_identifier(k)
  return type(k) == "string" and k:match("^[%a_][%w_]*$") and not KEYWORDS[k]
end

local KEY_RANK = { number = 1, string = 2, boolean = 3 }

-- Numbers, then strings, then booleans, then the rest by their tostring.
local function key_before(a, b)
  local ta, tb = type(a), type(b)
  if ta ~= tb then return (KEY_RANK[ta] or 4) < (KEY_RANK[tb] or 4) end
  if ta == "number" or ta == "string" then return a < b end
  return tostring(a) < tostring(b)
end

-- The keys outside the array part 1..n, sorted (in next() order when there are very many).
local function other_keys(t, n)
  local keys = {}
  for k in next, t do
    if not (math.type(k) == "integer" and k >= 1 and k <= n) then keys[#keys + 1] = k end
  end
  if #keys <= 10000 then table.sort(keys, key_before) end
  return keys
end

local format

-- The entries of t as "value" and "key = value" strings, at most max_items, then "... N more".
local function table_parts(t, ctx, depth, indent)
  local n = rawlen(t)
  local keys = other_keys(t, n)
  local parts, total = {}, n + #keys
  local inner = indent .. "  "
  for i = 1, math.min(n, M.max_items) do
    parts[i] = format(rawget(t, i), ctx, depth + 1, inner)
  end
  for i = 1, math.min(#keys, M.max_items - #parts) do
    local k = keys[i]
    local key = is_identifier(k) and k or "[" .. format(k, ctx, depth + 1, inner) .. "]"
    parts[#parts + 1] = key .. " = " .. format(rawget(t, k), ctx, depth + 1, inner)
  end
  if total > #parts then parts[#parts + 1] = "... " .. thousands(total - #parts) .. " more" end
  return parts
end

-- Parts laid out several to a line while they fit: long lists of numbers or short strings.
local function pack(parts, first, last, ctx, inner)
  local lines, line = {}, nil
  for i = first, last do
    local p = parts[i]
    if line and #inner + columns(line) + 2 + columns(p) <= ctx.width then
      line = line .. ", " .. p
    else
      lines[#lines + 1], line = line, p
    end
  end
  lines[#lines + 1] = line
  return table.concat(lines, ",\n" .. inner)
end

local function format_table(t, ctx, depth, indent)
  if ctx.seen[t] then return paint(ctx, "keyword", "<cycle>") end
  if depth == 0 then
    local view = table_view(t)
    if view then return view end
  end
  if next(t) == nil then return "{}" end
  if depth >= M.max_depth then return "{...}" end
  ctx.seen[t] = true
  local parts = table_parts(t, ctx, depth, indent)
  ctx.seen[t] = nil
  local flat = "{ " .. table.concat(parts, ", ") .. " }"
  if not flat:find("\n") and #indent + columns(flat) <= ctx.width then return flat end
  local inner = indent .. "  "
  local items = math.min(rawlen(t), M.max_items)
  local simple = items > 0 and not table.concat(parts, "", 1, items):find("[\n{]")
  local lines = { simple and pack(parts, 1, items, ctx, inner) or nil }
  for i = simple and items + 1 or 1, #parts do lines[#lines + 1] = parts[i] end
  return "{\n" .. inner .. table.concat(lines, ",\n" .. inner) .. "\n" .. indent .. "}"
end

function format(v, ctx, depth, indent)
  local t = type(v)
  if t == "string" then return quote(v, depth == 0 and M.max_string or ctx.max_nested, ctx) end
  if t == "number" then return paint(ctx, "number", tostring(v)) end
  if t == "boolean" or t == "nil" then return paint(ctx, "keyword", tostring(v)) end
  if t == "function" then return format_function(v, ctx) end
  if t == "userdata" then return format_userdata(v, ctx) end
  if t == "table" then
    local mt = getmetatable(v)
    if type(mt) == "table" and rawget(mt, "__tostring") then return tostring(v) end
    return format_table(v, ctx, depth, indent)
  end
  return tostring(v)
end

-- format(v [, opts]) -> string. opts: color (ANSI colours for numbers, strings, summaries),
-- width (columns a table may take on one line; default M.width).
function M.format(v, opts)
  opts = opts or {}
  local ctx = { seen = {}, color = opts.color, width = opts.width or M.width, max_nested = M.max_nested }
  return format(v, ctx, 0, "")
end

-- render(opts, ...) -> string: every value formatted; tab-separated when all fit on one line,
-- else one per line.
function M.render(opts, ...)
  local parts, multiline = {}, false
  for i = 1, select("#", ...) do
    parts[i] = M.format((select(i, ...)), opts)
    multiline = multiline or parts[i]:find("\n") ~= nil
  end
  return table.concat(parts, multiline and "\n" or "\t")
end

-- print(...) writes the values formatted (no colour), followed by a newline.
function M.print(...)
  io.write(M.render(nil, ...), "\n")
end

return M
