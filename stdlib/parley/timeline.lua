-- timeline.lua: events (story sentences with a date) ordered in time across a corpus.
--
-- events(src [, opts]) -> array of { date, granularity, kind, doc, sentence, span, text, date_text }
--   src: a Corpus, a Doc or an array of Docs. Each story sentence (the clean
--   module drops boilerplate) that mentions a date becomes one event per date;
--   events are ordered by date (a day before the month and year containing it
--   sorts by its start), then by document and position. Dates without a value
--   (relative dates in a document without its own date) are left out unless
--   opts.undated is true.
-- A caller that reads one document at a time gathers M.of_doc(doc, i) and
-- calls M.sorted(all) at the end.
local clean = require("parley.clean")
local dates = require("parley.extract.dates")

local M = {}

-- The Docs of src as an array (parley.stats.docs reads a Corpus, a Doc, an array or an iterator).
local function documents(src)
  local docs = {}
  for d in require("parley.stats").docs(src) do docs[#docs + 1] = d end
  return docs
end

-- Sort key: the first day the value covers ("2024" -> "2024-01-01"), then its granularity.
local RANK = { day = 1, range = 2, month = 3, year = 4 }
local function start_of(value)
  local first = value:match("^([^/]+)")
  if #first == 4 then return first .. "-01-01" end
  if #first == 7 then return first .. "-01" end
  return first
end

local function story_sentences(doc)
  local set = {}
  for _, s in ipairs((clean.sentences(doc))) do set[s.index] = true end
  return set
end

-- of_doc(doc, order [, opts]) -> the document's events, not yet in time order; order
-- is the document's place among those sorted together (ties go by it).
function M.of_doc(doc, order, opts)
  opts = opts or {}
  local out, story = {}, story_sentences(doc)
  for _, d in ipairs(dates.dates(doc)) do
    if story[d.sentence] and (d.value or opts.undated) then
      local s = doc:sentences()[d.sentence]
      out[#out + 1] = { date = d.value, granularity = d.granularity, kind = d.kind, doc = doc,
                        sentence = d.sentence, span = s, text = s.text, date_text = d.text,
                        order = order, position = d.span.start, key = d.value and start_of(d.value) or "~" }
    end
  end
  return out
end

-- key: start_of(date), made once per event rather than at each comparison.
local function before(a, b)
  local ka, kb = a.key, b.key
  if ka ~= kb then return ka < kb end
  if a.granularity ~= b.granularity then return RANK[a.granularity] < RANK[b.granularity] end
  if a.order ~= b.order then return a.order < b.order end
  return a.position < b.position
end

-- sorted(events) -> the events of of_doc, gathered from several documents, in time order.
function M.sorted(all)
  table.sort(all, before)
  for _, e in ipairs(all) do e.order, e.position, e.key = nil, nil, nil end
  return all
end

-- plain(doc [, opts]) -> of_doc's events without their Span and Doc: plain values a
-- map step can return as a record's `events` (the sentence's text stays).
function M.plain(doc, opts)
  local events = M.of_doc(doc, 0, opts)
  for _, e in ipairs(events) do e.doc, e.span = nil, nil end
  return events
end

-- from_records(records) -> the events of records (in document order, each with
-- `events` from plain) in time order; each event's doc is its record.
function M.from_records(records)
  local all = {}
  for k, rec in ipairs(records) do
    for _, e in ipairs(rec.events) do
      e.order, e.doc = k, rec
      all[#all + 1] = e
    end
  end
  return M.sorted(all)
end

function M.events(src, opts)
  local all = {}
  for i, doc in ipairs(documents(src)) do
    for _, e in ipairs(M.of_doc(doc, i, opts)) do all[#all + 1] = e end
  end
  return M.sorted(all)
end

return M
