-- interchange.lua: parley.interchange converts byte and code-point offsets exactly (Armenian,
-- emoji, flags, marks, long texts) and every format round-trips: export, then import, gives
-- back the same byte ranges and labels.
local check = require("lib.check")
local ic = require("parley.interchange")
local json = parley.json

-- ---- offsets against a brute-force count ----

local hostile = "Հայաստանը 🇦🇲 և Ադրբեջանը 👩‍👩‍👧 \"ստորագրեցին\", Bakı-da. e\u{301} 北京 𝒜 \u{1F600}\n"
local function brute_chars_before(s, b)   -- code points starting in bytes 1..b
  local n = 0
  for i = 1, b do
    local c = s:byte(i)
    if c < 0x80 or c >= 0xC0 then n = n + 1 end
  end
  return n
end

local ix = ic.index(hostile)
check.eq(ix:length(), utf8.len(hostile), "length in code points")
local starts = {}
for p in utf8.codes(hostile) do starts[#starts + 1] = p end
local exact = true
for i, p in ipairs(starts) do
  local q = (starts[i + 1] or #hostile + 1) - 1   -- the last byte of this character
  local c0, c1 = ix:to_chars(p, q)
  if c0 ~= i - 1 or c1 ~= i or c0 ~= brute_chars_before(hostile, p - 1) then exact = false end
  local b0, b1 = ix:to_bytes(i - 1, i)
  if b0 ~= p or b1 ~= q then exact = false end
end
check.ok(exact, "every character: bytes <-> code points both ways")
check.eq(select(2, ix:to_chars(1, #hostile)), utf8.len(hostile), "the whole text")
check.eq(ix:byte_of(utf8.len(hostile)), #hostile + 1, "the end")
check.eq(select(1, ix:to_chars(1, 0)), 0, "an empty range at the start")

-- Splitting a character is an error, not a silent shift
check.raises(function() ix:to_chars(2, 18) end, "split a character", "start inside Հ")
check.raises(function() ix:to_chars(1, 17) end, "split a character", "stop inside ը")
check.raises(function() ix:to_chars(1, #hostile + 1) end, "not a range", "past the end")
check.raises(function() ix:to_bytes(0, ix:length() + 1) end, "not a range", "past the last character")
check.raises(function() ic.index("bad \xFF") end, "not valid UTF%-8", "invalid UTF-8 refused")

-- A long text crosses many checkpoint blocks; random ranges agree with the brute count
local long = string.rep("Երևան 🇦🇲 talks; ", 2000)
local lix = ic.index(long)
local cps = {}
for p in utf8.codes(long) do cps[#cps + 1] = p end
math.randomseed(7)
local ok_long = true
for _ = 1, 300 do
  local a = math.random(1, #cps)
  local b = math.random(a, #cps)
  local s, e = cps[a], (cps[b + 1] or #long + 1) - 1
  local c0, c1 = lix:to_chars(s, e)
  if c0 ~= a - 1 or c1 ~= b then ok_long = false end
  local bs, be = lix:to_bytes(c0, c1)
  if bs ~= s or be ~= e then ok_long = false end
end
check.ok(ok_long, "300 random ranges over " .. #long .. " bytes")

-- UTF-16 units (JavaScript) to code points: an emoji counts 2 units, 1 code point
local six = ic.index("a😀b")
check.eq(six:utf16_to_chars(3), 2, "after 😀: unit 3 is character 2")
check.eq(six:utf16_to_chars(2), nil, "unit 2 is inside 😀")

-- ---- round trips ----

local doc = { id = 7, text = hostile, title = "Talks, \"quoted\"", date = "2025-03-13", source = "Armenpress" }
local function find(s) local a, b = hostile:find(s, 1, true) return a, b end
local anns = {}
for i, w in ipairs({ "Հայաստանը", "🇦🇲", "Ադրբեջանը", "👩‍👩‍👧", "\"ստորագրեցին\"", "e\u{301}", "𝒜" }) do
  local s, e = find(w)
  anns[i] = { id = i, doc = 7, label = i % 2 == 0 and "EMOJI" or "GPE", start = s, stop = e }
end
anns[1].attrs = { confidence = 0.9, note = "comma, \"quote\"" }

local function same_spans(g, what)
  check.eq(#g.spans, #anns, what .. ": span count")
  for i, a in ipairs(anns) do
    local s = g.spans[i] or {}
    check.ok(s.start == a.start and s.stop == a.stop and s.label == a.label,
             string.format("%s: span %d is bytes %d..%d %s (got %s..%s %s)", what, i, a.start, a.stop, a.label,
                           tostring(s.start), tostring(s.stop), tostring(s.label)))
    check.eq(s.text, hostile:sub(a.start, a.stop), what .. ": span text " .. i)
    local c0, c1 = ix:to_chars(a.start, a.stop)
    check.ok(s.char_start == c0 + 1 and s.char_stop == c1, what .. ": code points of span " .. i)
  end
end

-- doccano: through JSON text, as a file would carry it
local d = json.decode(json.encode(ic.doccano(doc, anns)))
check.eq(d.text, hostile, "doccano text")
check.eq(d.doc, 7, "doccano keeps the parley id")
check.eq(d.label[2][1], utf8.len(hostile:sub(1, anns[2].start - 1)), "doccano start is a code-point count")
local g = ic.from_doccano(d)
check.eq(g.doc, 7, "doccano import: doc id")
same_spans(g, "doccano")
-- doccano's export with relations uses "entities"
local ent = ic.from_doccano({ text = hostile, entities = { { id = 1, label = "GPE", start_offset = 0, end_offset = 9 } } })
check.eq(ent.spans[1].text, "Հայաստանը", "doccano entities form")

-- Label Studio: predictions by default, annotations on request
local task = json.decode(json.encode(ic.labelstudio(doc, anns)))
check.ok(task.predictions and not task.annotations, "labelstudio: predictions")
check.eq(task.predictions[1].result[1].value.text, "Հայաստանը", "labelstudio value.text")
check.eq(#ic.from_labelstudio(task).spans, 0, "labelstudio import reads annotations, not predictions")
same_spans(ic.from_labelstudio(task, { use = "predictions" }), "labelstudio predictions")
local done = json.decode(json.encode(ic.labelstudio(doc, anns, { as = "annotations" })))
same_spans(ic.from_labelstudio(done), "labelstudio annotations")
-- A cancelled annotation is skipped; the next one is gold
done.annotations = { { was_cancelled = true, result = {} }, done.annotations[1] }
same_spans(ic.from_labelstudio(done), "labelstudio after a cancelled annotation")
-- Offsets counted in UTF-16 units (older Label Studio in the browser) are detected and fixed
local js = { data = { text = "a😀 Երևան" }, annotations = { { result = { { value =
  { start = 4, ["end"] = 9, text = "Երևան", labels = { "GPE" } } } } } } }
local warned
local fixed = ic.from_labelstudio(js, { warn = function(m) warned = m end })
check.eq(fixed.spans[1].text, "Երևան", "UTF-16 offsets read as code points")
check.ok(warned and warned:find("UTF%-16"), "and a warning says so: " .. tostring(warned))

-- brat: .txt is the text; .ann offsets are code points; attrs through AnnotatorNotes
local txt, ann = ic.brat(doc, anns)
check.eq(txt, hostile, "brat .txt is the text")
check.ok(ann:find("^T1\tGPE 0 9\tՀայաստանը\n"), "brat T line: " .. ann:sub(1, 60))
local b = ic.from_brat(txt, ann, "doc_7")
check.eq(b.doc, 7, "brat: doc_7 is document 7")
same_spans(b, "brat")
check.eq(b.spans[1].attrs and b.spans[1].attrs.note, "comma, \"quote\"", "brat: attrs back from AnnotatorNotes")
local frag = ic.from_brat("ab cd ef", "T1\tX 0 2;6 8\tab ef\n", "x")
check.eq(frag.spans[1].text, "ab cd ef", "discontinuous brat span: first to last character")
check.eq(#frag.spans[1].fragments, 2, "with its fragments")
check.eq(frag.doc, nil, "a name that is not doc_N has no id")

-- parley's own records, in JSONL and CSV
local ix7 = ic.index(hostile)
local rows, csv_rows = {}, {}
for i, a in ipairs(anns) do
  rows[i] = json.decode(json.encode(ic.annotation_record(doc, a, ix7)))
  local r = {}
  for j, c in ipairs(ic.annotation_columns) do
    local v = rows[i][c]
    r[j] = type(v) == "table" and json.encode(v) or v
  end
  csv_rows[i] = r
end
check.eq(rows[1].attrs.confidence, 0.9, "annotation record keeps attrs")
check.eq(rows[2].char_start, utf8.len(hostile:sub(1, anns[2].start - 1)) + 1, "char_start is 1-based")
same_spans(ic.from_records(rows)[1], "jsonl records")
local csv = require("parley.tabulate").csv(ic.annotation_columns, csv_rows)
local header, back = ic.read_csv(csv)
check.eq(table.concat(header, ","), table.concat(ic.annotation_columns, ","), "csv header")
check.eq(back[1].attrs, json.encode(anns[1].attrs), "csv field with commas and quotes")
same_spans(ic.from_records(back)[1], "csv records")
local _, tricky = ic.read_csv('a,b\r\n"x, ""y""\nz",2\r\n,\r\n')
check.eq(tricky[1].a, 'x, "y"\nz', "RFC 4180 quoting: comma, doubled quote, newline")
check.eq(tricky[2].a, nil, "an empty field is nil")
check.raises(function() ic.read_csv('a\n"open') end, "not closed", "an unclosed quote")

-- Gold records are what `parley evaluate` reads: the text, spans in code points from 0, stop
-- exclusive, and the document's metadata
local gr = json.decode(json.encode(ic.gold_record(g)))
check.eq(gr.text, hostile, "gold record: the document text")
check.eq(gr.doc, 7, "gold record: the parley id")
check.eq(gr.title, doc.title, "gold record: metadata")
check.eq(gr.spans[1].start, 0, "gold record: start counts code points from 0")
check.eq(gr.spans[1].stop, 9, "gold record: stop is exclusive")
check.eq(gr.spans[2].text, "🇦🇲", "gold record: span text")
local e = parley.evaluate
if e and e.load_gold then   -- the reader of `parley evaluate` takes it as it is
  local path = os.tmpname()
  local f = assert(io.open(path, "wb"))
  f:write(json.encode(ic.gold_record(g)), "\n", json.encode(ic.gold_record(b)), "\n")
  f:close()
  local docs, err = e.load_gold(path)
  os.remove(path)
  check.ok(docs, "evaluate.load_gold reads import's output: " .. tostring(err))
  check.eq(docs and #docs[1].spans, #anns, "evaluate sees every span")
  check.eq(docs and docs[1].spans[2].first, anns[2].start, "and maps it to the same bytes")
end

-- Reading JSON files: JSONL with blank lines, or one array
check.eq(#ic.read_json_records('{"a":1}\n\n{"a":2}\n'), 2, "JSONL")
check.eq(#ic.read_json_records('[{"a":1},{"a":2}]'), 2, "a JSON array")
check.raises(function() ic.read_json_records('{"a":1}\n{oops}\n', "f.jsonl") end, "f.jsonl:2:", "a bad line is named")

check.done("interchange")
