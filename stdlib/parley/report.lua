-- report.lua: one report, many formats: aligned terminal text, Markdown, JSON, CSV, and self-contained HTML with SVG charts.
--
--   local report = require("parley.report")
--   local opts, rest = report.options(arg)          -- --format text|md|json|csv|html, -o FILE
--   local r = report.new{ title = "Actors", format = opts.format, out = opts.out }
--   r:heading("Mentions")
--   r:table{ name = "actors", columns = {"actor", "mentions"}, rows = {{"Armenia", 12}}, primary = true }
--   r:chart{ kind = "bar", title = "Mentions", data = {{"Armenia", 12}} }
--   r:finish()
--
-- Every section is also data: JSON output is { title, sections = [...] } with
-- each table's rows as objects keyed by column; CSV output is the primary
-- table (or the first) with a header row, RFC 4180 quoting and CRLF. Text is
-- aligned by display width and coloured only on a terminal without NO_COLOR.
-- HTML is one file with inline CSS and SVG; all text is escaped.
local tabulate = require("parley.tabulate")
local json = require("parley.json")

local M = {}
M.FORMATS = { text = true, md = true, json = true, csv = true, html = true }

-- options(args) -> { format, out }, rest (the other arguments, in order). Raises on bad usage.
function M.options(args, defaults)
  local opts = { format = (defaults and defaults.format) or "text" }
  local rest, i = {}, 1
  while args and i <= #args do
    local a = args[i]
    if a == "--format" or a == "-f" then
      opts.format = args[i + 1] or error("--format needs one of text, md, json, csv, html", 0)
      i = i + 1
    elseif a:match("^%-%-format=") then
      opts.format = a:match("=(.*)")
    elseif a == "-o" or a == "--output" then
      opts.out = args[i + 1] or error("-o needs a file name", 0)
      i = i + 1
    else
      rest[#rest + 1] = a
    end
    i = i + 1
  end
  if not M.FORMATS[opts.format] then
    error("unknown format '" .. tostring(opts.format) .. "' (text, md, json, csv or html)", 0)
  end
  return opts, rest
end

local Report = {}
Report.__index = Report

function M.new(opts)
  local r = setmetatable({ title = opts.title or "Report", format = opts.format or "text",
                           out = opts.out, sections = {} }, Report)
  r.color = r.format == "text" and not r.out and os.getenv("NO_COLOR") == nil and parley.isatty("stdout")
  return r
end

function Report:heading(text, level) self.sections[#self.sections + 1] = { type = "heading", text = text, level = level or 2 } end
function Report:paragraph(text) self.sections[#self.sections + 1] = { type = "paragraph", text = text } end
function Report:list(items, name) self.sections[#self.sections + 1] = { type = "list", items = items, name = name } end
function Report:table(t) t.type = "table" self.sections[#self.sections + 1] = t end
function Report:chart(c) c.type = "chart" self.sections[#self.sections + 1] = c end
-- data(name, value): a value that only the JSON output carries (e.g. the raw extraction).
function Report:data(name, value) self.sections[#self.sections + 1] = { type = "data", name = name, value = value } end

-- ---- text and Markdown ----

local function cells(t)
  local rows = {}
  for i, row in ipairs(t.rows) do
    local r = {}
    for j = 1, #t.columns do r[j] = row[j] == nil and "" or tostring(row[j]) end
    rows[i] = r
  end
  return rows
end

local function bar_lines(c, width)
  local max = 0
  for _, d in ipairs(c.data) do max = math.max(max, d[2]) end
  local rows = {}
  for _, d in ipairs(c.data) do
    local n = max > 0 and math.floor(d[2] / max * width + 0.5) or 0
    rows[#rows + 1] = { d[1], string.rep("█", n) .. " " .. tostring(d[2]) }
  end
  return rows
end

local TEXT = {}
function TEXT.heading(r, s) return (r.color and "\27[1m" .. s.text .. "\27[0m" or s.text) .. "\n" .. (s.level <= 1 and string.rep("=", parley.text.width(s.text)) .. "\n" or "") end
function TEXT.paragraph(_, s) return s.text .. "\n" end
function TEXT.list(_, s)
  local out = {}
  for _, item in ipairs(s.items) do out[#out + 1] = "  - " .. tostring(item) end
  return table.concat(out, "\n") .. "\n"
end
function TEXT.table(_, s) return tabulate.text(s.columns, cells(s)) end
function TEXT.chart(_, s)
  if s.kind ~= "bar" then return "" end
  return tabulate.text({ s.title or "", "" }, bar_lines(s, 30))
end
function TEXT.data() return nil end

local function md_escape(s) return (tostring(s):gsub("([|\\`*_%[%]<>])", "\\%1"):gsub("\n", " ")) end

local MD = {}
function MD.heading(_, s) return string.rep("#", s.level) .. " " .. s.text .. "\n" end
-- Article text may hold HTML; Markdown renderers would run it, so it is escaped too.
function MD.paragraph(_, s) return md_escape(s.text) .. "\n" end
function MD.list(_, s)
  local out = {}
  for _, item in ipairs(s.items) do out[#out + 1] = "- " .. md_escape(item) end
  return table.concat(out, "\n") .. "\n"
end
function MD.table(_, s)
  local head, rule = {}, {}
  for j, c in ipairs(s.columns) do head[j], rule[j] = md_escape(c), "---" end
  local out = { "| " .. table.concat(head, " | ") .. " |", "|" .. table.concat(rule, "|") .. "|" }
  for _, row in ipairs(cells(s)) do
    for j = 1, #row do row[j] = md_escape(row[j]) end
    out[#out + 1] = "| " .. table.concat(row, " | ") .. " |"
  end
  return table.concat(out, "\n") .. "\n"
end
function MD.chart() return nil end
function MD.data() return nil end

local function render_blocks(r, renderers, top)
  local out = { top }
  for _, s in ipairs(r.sections) do
    local block = renderers[s.type](r, s)
    if block then out[#out + 1] = block end
  end
  return table.concat(out, "\n")
end

-- ---- JSON and CSV ----

local function as_objects(t)
  local rows = json.array()
  for i, row in ipairs(t.rows) do
    local obj = json.object()
    for j, c in ipairs(t.columns) do obj[c] = row[j] == nil and json.null or row[j] end
    rows[i] = obj
  end
  return rows
end

local function to_json(r)
  local sections = json.array()
  for i, s in ipairs(r.sections) do
    local copy = json.object()
    for k, v in pairs(s) do copy[k] = v end
    if s.type == "table" then copy.rows = as_objects(s) copy.columns = json.array(s.columns) end
    sections[i] = copy
  end
  return json.encode({ title = r.title, format_version = 1, sections = sections }) .. "\n"
end

local function to_csv(r)
  local chosen
  for _, s in ipairs(r.sections) do
    if s.type == "table" and (s.primary or not chosen) then chosen = s end
    if chosen and chosen.primary then break end
  end
  if not chosen then return "" end
  return tabulate.csv(chosen.columns, cells(chosen))
end

-- ---- HTML ----

local function esc(s)
  return (tostring(s):gsub("[&<>\"']", { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;",
                                          ['"'] = "&quot;", ["'"] = "&#39;" }))
end
M.escape_html = esc

local svg = require("parley.svg")

local HTML = {}
function HTML.heading(_, s) return string.format("<h%d>%s</h%d>", s.level, esc(s.text), s.level) end
function HTML.paragraph(_, s) return "<p>" .. esc(s.text) .. "</p>" end
function HTML.list(_, s)
  local out = { "<ul>" }
  for _, item in ipairs(s.items) do out[#out + 1] = "<li>" .. esc(item) .. "</li>" end
  out[#out + 1] = "</ul>"
  return table.concat(out, "\n")
end
function HTML.table(_, s)
  local out = { "<table><thead><tr>" }
  for _, c in ipairs(s.columns) do out[#out + 1] = "<th>" .. esc(c) .. "</th>" end
  out[#out + 1] = "</tr></thead><tbody>"
  for _, row in ipairs(cells(s)) do
    out[#out + 1] = "<tr>"
    for _, v in ipairs(row) do out[#out + 1] = "<td>" .. esc(v) .. "</td>" end
    out[#out + 1] = "</tr>"
  end
  out[#out + 1] = "</tbody></table>"
  return table.concat(out)
end
function HTML.chart(_, s) return '<figure class="chart">' .. svg.render(s, esc) .. "</figure>" end
function HTML.data() return nil end

local CSS = [[
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}figure.chart{margin:1rem 0}svg text{font-family:system-ui,sans-serif;font-size:12px}
]]

local function to_html(r)
  local body = render_blocks(r, HTML, "<h1>" .. esc(r.title) .. "</h1>")
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">" ..
         "<meta name=\"viewport\" content=\"width=device-width\"><title>" .. esc(r.title) ..
         "</title><style>" .. CSS .. "</style></head><body>\n" .. body .. "\n</body></html>\n"
end

-- ---- output ----

function Report:render()
  if self.format == "json" then return to_json(self) end
  if self.format == "csv" then return to_csv(self) end
  if self.format == "html" then return to_html(self) end
  if self.format == "md" then return render_blocks(self, MD, "# " .. self.title .. "\n") end
  return render_blocks(self, TEXT, TEXT.heading(self, { text = self.title, level = 1 }))
end

-- What is at path, or nil when nothing is (or the sandbox may not look).
local function kind_of(path)
  local ok, kind = pcall(parley.file_kind, path)
  return ok and kind or nil
end

-- Writes text to path, or raises one line naming out (the path the user gave).
local function write_file(path, text, out)
  local f, err = io.open(path, "wb")
  if not f then error("report: cannot write " .. out .. ": " .. err, 0) end
  local ok, werr = f:write(text)
  f:close()
  if not ok then error("report: cannot write " .. out .. ": " .. tostring(werr), 0) end
end

-- finish() writes the report to opts.out (atomically: a temporary file renamed) or stdout.
-- Only a new or regular file is replaced so: -o /dev/stdout, a named pipe or a symbolic
-- link is written into, since a rename would put a plain file in its place.
function Report:finish()
  local text = self:render()
  if not self.out then
    io.write(text)
    return true
  end
  local kind = kind_of(self.out)
  if kind == "directory" then error("report: cannot write " .. self.out .. ": it is a directory", 0) end
  if kind and kind ~= "file" then
    write_file(self.out, text, self.out)
    return true
  end
  local tmp = self.out .. ".tmp"
  write_file(tmp, text, self.out)
  assert(os.rename(tmp, self.out))
  return true
end

return M
