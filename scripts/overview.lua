-- overview: one entry per document: id, date, source, title, size, and its first sentence
--
-- Usage: parley run overview [--limit N] [--json | --csv]
--   --json  one JSON object per document per line (docs/schemas/overview.schema.json)
--   --csv   the same fields as RFC 4180 CSV with a header row
local corpus = assert(parley.open())

local USAGE = "usage: parley run overview [--limit N] [--json | --csv]"
local limit, format
local i = 1
while arg[i] do
  if arg[i] == "--limit" then
    limit = math.tointeger(tonumber(arg[i + 1])) or parley.usage_error("overview: --limit needs a number")
    i = i + 1
  elseif arg[i] == "--json" or arg[i] == "--csv" then
    format = arg[i]:sub(3)
  else
    parley.usage_error("overview: unknown argument " .. arg[i] .. " (" .. USAGE .. ")")
  end
  i = i + 1
end

-- Thousands separators for counts: 3815 -> "3,815".
local function count(n)
  local s = tostring(n)
  repeat
    local k
    s, k = s:gsub("^(%d+)(%d%d%d)", "%1,%2")
  until k == 0
  return s
end

-- The first sentence, as the segmenter splits it (abbreviations, quotes and
-- the full stops of every script included).
local function first_sentence(doc)
  local sentences = doc:sentences()
  return #sentences > 0 and sentences[1].text or ""
end

-- The fields of one document, in the order of the CSV columns.
local COLUMNS = { "id", "date", "source", "title", "bytes", "chars", "lines", "first_sentence" }

local function record(doc)
  return { id = doc.id, date = doc.date, source = doc.source, title = doc.title, bytes = doc.bytes,
           chars = doc.chars, lines = doc.lines, first_sentence = first_sentence(doc) }
end

local tabulate = require("parley.tabulate")
if format == "csv" then io.write(tabulate.csv_line(COLUMNS)) end

local shown = 0
for doc in corpus:docs{ limit = limit } do
  shown = shown + 1
  local r = record(doc)
  if format == "json" then   -- every field present, null when unknown, so tables get every column
    for _, c in ipairs(COLUMNS) do if r[c] == nil then r[c] = parley.null end end
    io.write(parley.json.encode(r), "\n")
  elseif format == "csv" then
    local cells = {}
    for j, c in ipairs(COLUMNS) do cells[j] = r[c] end
    io.write(tabulate.csv_line(cells, #COLUMNS))
  else
    print(string.format("[%d] %s  %s  %s", r.id, r.date or "-", r.source or "-", r.title or "-"))
    print(string.format("    %s bytes, %s chars, %s lines", count(r.bytes), count(r.chars), count(r.lines)))
    print("    " .. r.first_sentence)
  end
end
if shown == 0 and not format then
  print("The corpus is empty: add documents with `parley ingest PATH`.")
end
