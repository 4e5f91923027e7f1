-- interchange.lua: annotations and documents to and from doccano, Label Studio, brat, JSONL and CSV.
--
-- Pure functions over plain tables, so they work on anything a script has in hand:
--   document   {id = 12, text = "...", title =, date =, source =}
--   annotation {doc = 12, label = "PER", start = 5, stop = 16, attrs = {...}}
--              start/stop: 1-based inclusive BYTE offsets into text, as parley stores them
--   gold       {doc = 12 or nil, name = "...", text = "...", fields = {title =, ...}, spans = {
--                {label =, start =, stop =, char_start =, char_stop =, text =}, ...}}
--              start/stop bytes as above; char_start/char_stop 1-based inclusive CODE POINTS,
--              as Span.char_start/char_stop. gold_record() writes it as `parley evaluate` reads it.
-- The annotation tools count code points from 0 with the end exclusive (Python's text[s:e]);
-- see docs/interchange.md. Offsets that would split a character raise.
local json = require("parley.json")
local ptext = require("parley.text")

local M = {}

M.formats = { "doccano", "labelstudio", "brat", "jsonl", "csv" }

-- ---- offsets: bytes <-> code points <-> UTF-16 units ----

local BLOCK = 4096

local function is_continuation(b) return b ~= nil and b >= 0x80 and b < 0xC0 end

-- Code points whose first byte is in text[i..j].
local function starts_in(text, i, j)
  if j < i then return 0 end
  local _, n = text:sub(i, j):gsub("[^\128-\191]", "")
  return n
end

local Index = {}
Index.__index = Index

-- index(text) -> an offset index: conversions in O(BLOCK) each, after one pass over the text.
function M.index(text)
  assert(type(text) == "string", "interchange.index: text must be a string")
  local ok, bad = ptext.valid(text)
  if not ok then error("interchange: text is not valid UTF-8 at byte " .. bad, 2) end
  local before = { [0] = 0 }   -- before[k]: code points starting in bytes 1 .. k*BLOCK
  for k = 1, #text // BLOCK do
    before[k] = before[k - 1] + starts_in(text, (k - 1) * BLOCK + 1, k * BLOCK)
  end
  return setmetatable({ text = text, before = before, chars = nil }, Index)
end

-- Code points that start in bytes 1..b (b from 0 to #text).
function Index:chars_before(b)
  local k = math.min(b // BLOCK, #self.before)
  return self.before[k] + starts_in(self.text, k * BLOCK + 1, b)
end

function Index:length()
  self.chars = self.chars or self:chars_before(#self.text)
  return self.chars
end

-- The byte (1-based) where code point c (0-based) starts; #text + 1 for c == length.
function Index:byte_of(c)
  local before, lo, hi = self.before, 0, #self.before
  while lo < hi do   -- the last block starting at or before code point c
    local mid = (lo + hi + 1) // 2
    if before[mid] <= c then lo = mid else hi = mid - 1 end
  end
  local i = lo * BLOCK + 1
  while is_continuation(self.text:byte(i)) do i = i + 1 end
  return utf8.offset(self.text, c - before[lo] + 1, i)
end

-- Bytes (1-based inclusive) -> code points (0-based, end exclusive). Raises on a split character.
function Index:to_chars(start, stop)
  local text = self.text
  if math.type(start) ~= "integer" or math.type(stop) ~= "integer" or start < 1 or stop < start - 1
     or stop > #text then
    error(string.format("interchange: bytes %s..%s are not a range of a %d-byte text",
                        tostring(start), tostring(stop), #text), 2)
  end
  if is_continuation(text:byte(start)) or is_continuation(text:byte(stop + 1)) then
    error(string.format("interchange: bytes %d..%d split a character", start, stop), 2)
  end
  return self:chars_before(start - 1), self:chars_before(stop)
end

-- Code points (0-based, end exclusive) -> bytes (1-based inclusive). Raises when out of range.
function Index:to_bytes(cstart, cend)
  local n = self:length()
  if math.type(cstart) ~= "integer" or math.type(cend) ~= "integer" or cstart < 0 or cend < cstart
     or cend > n then
    error(string.format("interchange: characters %s..%s are not a range of a %d-character text",
                        tostring(cstart), tostring(cend), n), 2)
  end
  return self:byte_of(cstart), self:byte_of(cend) - 1
end

-- UTF-16 code units (0-based) -> code points (0-based): what JavaScript's string indices count.
function Index:utf16_to_chars(u)
  local units, c = 0, 0
  for _, cp in utf8.codes(self.text) do
    if units >= u then break end
    units = units + (cp >= 0x10000 and 2 or 1)
    c = c + 1
  end
  if units ~= u then return nil end
  return c
end

-- ---- spans: one shape for every format ----

-- A gold span from code points (0-based, end exclusive), with its bytes and text.
local function span_from_chars(ix, label, cstart, cend, extra)
  local start, stop = ix:to_bytes(cstart, cend)
  local span = { label = label, start = start, stop = stop, char_start = cstart + 1, char_stop = cend,
                 text = ix.text:sub(start, stop) }
  for k, v in pairs(extra or {}) do span[k] = v end
  return span
end

local function sort_spans(spans)
  table.sort(spans, function(a, b)
    if a.start ~= b.start then return a.start < b.start end
    if a.stop ~= b.stop then return a.stop < b.stop end
    return a.label < b.label
  end)
  return spans
end

-- The fields of a document that travel with it (besides its text).
local DOC_FIELDS = { "title", "date", "source", "lang" }

-- ---- exporters ----

-- doccano(doc, annotations) -> one JSONL record for doccano's sequence labelling import:
-- {"text": ..., "label": [[start, end, "LABEL"], ...]} (code points, end exclusive), plus
-- "doc" (the parley id) and the document's metadata, which doccano keeps as metadata.
function M.doccano(doc, annotations)
  local ix = M.index(doc.text)
  local labels = {}
  for i, a in ipairs(annotations or {}) do
    local s, e = ix:to_chars(a.start, a.stop)
    labels[i] = { s, e, a.label }
  end
  local record = { text = doc.text, label = json.array(labels), doc = doc.id }
  for _, k in ipairs(DOC_FIELDS) do record[k] = doc[k] end
  return record
end

-- labelstudio(doc, annotations [, opts]) -> a Label Studio task. Annotations become
-- "predictions" (machine output to review) unless opts.as = "annotations". opts.from_name /
-- opts.to_name name the <Labels> and <Text> tags of the labelling config ("label", "text").
function M.labelstudio(doc, annotations, opts)
  opts = opts or {}
  local ix = M.index(doc.text)
  local result = {}
  for i, a in ipairs(annotations or {}) do
    local s, e = ix:to_chars(a.start, a.stop)
    result[i] = {
      id = "p" .. (a.id or i), from_name = opts.from_name or "label", to_name = opts.to_name or "text",
      type = "labels",
      value = { start = s, ["end"] = e, text = doc.text:sub(a.start, a.stop), labels = { a.label } },
    }
  end
  local data = { text = doc.text, doc = doc.id }
  for _, k in ipairs(DOC_FIELDS) do data[k] = doc[k] end
  local task = { data = data }
  if #result > 0 then
    local key = opts.as == "annotations" and "annotations" or "predictions"
    task[key] = { { model_version = opts.model_version or "parley", result = result } }
  end
  return task
end

local function brat_text(s) return (s:gsub("[\t\n\r]", " ")) end

-- brat(doc, annotations) -> txt, ann: the two files of brat's standoff format. Offsets in
-- the .ann count code points of the .txt from 0, end exclusive; attrs go to AnnotatorNotes as JSON.
function M.brat(doc, annotations)
  local ix = M.index(doc.text)
  local lines = {}
  for i, a in ipairs(annotations or {}) do
    local s, e = ix:to_chars(a.start, a.stop)
    local label = a.label:gsub("[%s]", "_")
    lines[#lines + 1] = string.format("T%d\t%s %d %d\t%s", i, label, s, e, brat_text(doc.text:sub(a.start, a.stop)))
    if a.attrs and next(a.attrs) then
      lines[#lines + 1] = string.format("#%d\tAnnotatorNotes T%d\t%s", i, i, json.encode(a.attrs))
    end
  end
  return doc.text, #lines > 0 and table.concat(lines, "\n") .. "\n" or ""
end

-- The columns of an annotation record in JSONL and CSV, in order.
M.annotation_columns = { "doc", "title", "date", "source", "label", "start", "stop", "char_start",
                         "char_stop", "text", "attrs", "rule", "run", "id" }
M.document_columns = { "id", "title", "date", "source", "lang", "chars", "text" }

-- annotation_record(doc, annotation [, ix]) -> the flat record of one annotation (docs/interchange.md).
function M.annotation_record(doc, a, ix)
  ix = ix or M.index(doc.text)
  local s, e = ix:to_chars(a.start, a.stop)
  return {
    doc = doc.id, title = doc.title, date = doc.date, source = doc.source, label = a.label,
    start = a.start, stop = a.stop, char_start = s + 1, char_stop = e, text = doc.text:sub(a.start, a.stop),
    attrs = a.attrs and json.object(a.attrs) or nil, rule = a.rule, run = a.run, id = a.id,
  }
end

-- document_record(doc) -> the record of a document: `parley ingest --jsonl` reads it back.
function M.document_record(doc)
  return { id = doc.id, title = doc.title, date = doc.date, source = doc.source, lang = doc.lang,
           chars = utf8.len(doc.text), text = doc.text }
end

-- ---- importers ----

local function need_text(record, where)
  if type(record.text) ~= "string" then error(where .. ": the record has no \"text\"", 0) end
  return M.index(record.text)
end

local function gold(record, ix, spans)
  local doc = record.doc
  if doc ~= nil and math.type(tonumber(doc)) == "integer" then doc = math.tointeger(tonumber(doc)) end
  local fields = {}
  for _, k in ipairs(DOC_FIELDS) do
    if type(record[k]) == "string" then fields[k] = record[k] end
  end
  return { doc = doc ~= parley.null and doc or nil, name = record.name, text = ix.text, fields = fields,
           spans = sort_spans(spans) }
end

-- from_doccano(record) -> gold. Reads "label" ([[s, e, "L"]]) and "entities"
-- ([{label, start_offset, end_offset}], doccano's export with relations).
function M.from_doccano(record)
  local ix = need_text(record, "doccano")
  local spans = {}
  local labels = record.label or record.labels
  if type(labels) == "table" then
    for _, l in ipairs(labels) do
      if type(l) == "table" and #l >= 3 then spans[#spans + 1] = span_from_chars(ix, l[3], l[1], l[2]) end
    end
  end
  for _, e in ipairs(type(record.entities) == "table" and record.entities or {}) do
    spans[#spans + 1] = span_from_chars(ix, e.label, e.start_offset, e.end_offset)
  end
  return gold({ doc = record.doc, name = record.name or record.id and tostring(record.id), title = record.title,
                date = record.date, source = record.source, lang = record.lang }, ix, spans)
end

-- A Label Studio value's code points, checked against its "text": Label Studio versions that
-- counted UTF-16 units (JavaScript indices) after an emoji are corrected, with a warning.
local function ls_chars(ix, value, warn)
  local s, e = value.start, value["end"]
  local function text_at(cs, ce)
    local ok, bs, be = pcall(ix.to_bytes, ix, cs, ce)
    return ok and ix.text:sub(bs, be) or nil
  end
  if type(value.text) ~= "string" or text_at(s, e) == value.text then return s, e end
  local us, ue = ix:utf16_to_chars(s), ix:utf16_to_chars(e)
  if us and ue and text_at(us, ue) == value.text then
    warn(string.format("offsets %d..%d counted UTF-16 units; read as characters %d..%d", s, e, us, ue))
    return us, ue
  end
  warn(string.format("offsets %d..%d do not hold the text %q; kept as they are", s, e, value.text))
  return s, e
end

-- from_labelstudio(task [, opts]) -> gold. The first annotation not cancelled (or, with
-- opts.use = "predictions", the first prediction); "labels" results only. opts.warn(msg).
function M.from_labelstudio(task, opts)
  opts = opts or {}
  local data = type(task.data) == "table" and task.data or {}
  local key = data[opts.text_key or "text"] and (opts.text_key or "text") or nil
  if not key then
    for k, v in pairs(data) do if type(v) == "string" and #v > 0 and k ~= "title" then key = key or k end end
  end
  local ix = need_text({ text = key and data[key] }, "labelstudio")
  local warn = opts.warn or function() end
  local chosen
  for _, a in ipairs(task[opts.use or "annotations"] or {}) do
    if not a.was_cancelled then chosen = a break end
  end
  local spans = {}
  for _, r in ipairs(chosen and chosen.result or {}) do
    local v = r.value
    if type(v) == "table" and v.start and v["end"] then
      local s, e = ls_chars(ix, v, warn)
      for _, label in ipairs(v.labels or v.hypertextlabels or {}) do
        spans[#spans + 1] = span_from_chars(ix, label, s, e)
      end
    end
  end
  return gold({ doc = data.doc, name = task.id and tostring(task.id), title = data.title, date = data.date,
                source = data.source, lang = data.lang }, ix, spans)
end

-- from_brat(txt, ann [, name]) -> gold. Text-bound annotations (T lines); a discontinuous
-- span ("0 5;9 12") becomes one span from its first to its last character, with `fragments`.
-- AnnotatorNotes holding a JSON object become the span's attrs.
function M.from_brat(txt, ann, name)
  local ix = M.index(txt)
  local by_id, spans, notes = {}, {}, {}
  for line in ann:gmatch("[^\n]+") do
    local id, label, ranges = line:match("^(T%d+)\t(%S+) ([%d; ]+)\t?")
    if id then
      local fragments, lo, hi = {}, math.huge, -1
      for s, e in ranges:gmatch("(%d+) (%d+)") do
        s, e = math.tointeger(tonumber(s)), math.tointeger(tonumber(e))
        fragments[#fragments + 1] = { s, e }
        lo, hi = math.min(lo, s), math.max(hi, e)
      end
      local span = span_from_chars(ix, label, lo, hi, #fragments > 1 and { fragments = fragments } or nil)
      by_id[id] = span
      spans[#spans + 1] = span
    else
      local target, note = line:match("^#%d+\tAnnotatorNotes (T%d+)\t(.*)$")
      if target then notes[#notes + 1] = { target, note } end
    end
  end
  for _, n in ipairs(notes) do
    local attrs = json.decode(n[2])
    if by_id[n[1]] and type(attrs) == "table" then by_id[n[1]].attrs = attrs end
  end
  local doc = name and name:match("^doc_(%d+)$")
  return gold({ doc = doc, name = name }, ix, spans)
end

-- from_records(rows) -> array of gold: parley's own annotation records (JSONL or CSV rows,
-- grouped by doc). Rows need doc, label and start/stop (bytes) or char_start/char_stop.
function M.from_records(rows, texts)
  local order, by_doc = {}, {}
  for _, r in ipairs(rows) do
    local doc = math.tointeger(tonumber(r.doc)) or r.doc
    if not by_doc[doc] then
      by_doc[doc] = { doc = doc, spans = {} }
      order[#order + 1] = doc
    end
    local span = { label = r.label, text = r.text }
    for _, k in ipairs({ "start", "stop", "char_start", "char_stop" }) do
      span[k] = math.tointeger(tonumber(r[k]))
    end
    local t = texts and texts[doc]
    if t and span.start and not span.char_start then
      local s, e = M.index(t):to_chars(span.start, span.stop)
      span.char_start, span.char_stop = s + 1, e
    elseif t and span.char_start and not span.start then
      span.start, span.stop = M.index(t):to_bytes(span.char_start - 1, span.char_stop)
    end
    table.insert(by_doc[doc].spans, span)
  end
  local out = {}
  for i, doc in ipairs(order) do
    by_doc[doc].spans = sort_spans(by_doc[doc].spans)
    out[i] = by_doc[doc]
  end
  return out
end

-- gold_record(g) -> the line `parley import` writes and `parley evaluate` reads (docs/evaluate.md):
-- {"text", "title"?, "date"?, "source"?, "lang"?, "spans": [{"label", "start", "stop", "text",
-- "attrs"?, "fragments"?}]} with start/stop counting code points from 0, stop exclusive; plus
-- "doc" (the parley id, when known) and "name" (the tool's task or file name).
function M.gold_record(g)
  local spans = {}
  for i, s in ipairs(g.spans) do
    spans[i] = { label = s.label, start = s.char_start - 1, stop = s.char_stop, text = s.text,
                 attrs = s.attrs and json.object(s.attrs) or nil, fragments = s.fragments }
  end
  local rec = { doc = g.doc, name = g.name, text = g.text, spans = json.array(spans) }
  for _, k in ipairs(DOC_FIELDS) do rec[k] = g.fields and g.fields[k] or nil end
  return rec
end

-- ---- reading files ----

-- read_json_records(s) -> array of records from JSON Lines or one JSON array (or object).
function M.read_json_records(s, where)
  where = where or "input"
  local first = s:match("^%s*(.)")
  if first == "[" then
    local v, err = json.decode(s)
    if v == nil then error(where .. ": " .. err, 0) end
    return v
  end
  local records, n = {}, 0
  for line in (s .. "\n"):gmatch("(.-)\r?\n") do
    n = n + 1
    if line:find("%S") then
      local v, err = json.decode(line)
      if v == nil then error(string.format("%s:%d: %s", where, n, err), 0) end
      records[#records + 1] = v
    end
  end
  return records
end

-- read_csv(s) -> header, rows (tables keyed by column name). RFC 4180: quoted fields may
-- hold commas, doubled quotes and newlines; CRLF or LF line ends.
function M.read_csv(s, where)
  local rows, row, field, i, n = {}, {}, {}, 1, #s
  local quoted = false
  while i <= n do
    local c = s:sub(i, i)
    if quoted then
      if c == '"' and s:sub(i + 1, i + 1) == '"' then field[#field + 1] = '"'; i = i + 1
      elseif c == '"' then quoted = false
      else field[#field + 1] = c end
    elseif c == '"' then quoted = true
    elseif c == "," then row[#row + 1] = table.concat(field); field = {}
    elseif c == "\n" or c == "\r" then
      if c == "\r" and s:sub(i + 1, i + 1) == "\n" then i = i + 1 end
      row[#row + 1] = table.concat(field); field = {}
      rows[#rows + 1] = row; row = {}
    else field[#field + 1] = c end
    i = i + 1
  end
  if quoted then error((where or "csv") .. ": a quoted field is not closed", 0) end
  if #field > 0 or #row > 0 then row[#row + 1] = table.concat(field); rows[#rows + 1] = row end
  local header = table.remove(rows, 1) or {}
  local out = {}
  for r, cells in ipairs(rows) do
    local rec = {}
    for j, name in ipairs(header) do rec[name] = cells[j] ~= "" and cells[j] or nil end
    out[r] = rec
  end
  return header, out
end

return M
