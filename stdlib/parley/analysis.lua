-- analysis.lua: what the bundled scripts share: options, the documents to read, and names for entities.
local report = require("parley.report")

local M = {}

-- parse(args, usage) -> opts: --format/-o (report.options) plus --since, --until, --source, --limit.
-- Raises a one-line usage error naming the script.
function M.parse(args, usage)
  local ok, opts, rest = pcall(report.options, args)
  if not ok then parley.usage_error(usage .. ": " .. tostring(opts)) end
  local filters, extra, i = {}, {}, 1
  while i <= #rest do
    local a = rest[i]
    local key = a:match("^%-%-(%a+)$")
    if key == "since" or key == "until" or key == "source" or key == "lang" then
      filters[key] = rest[i + 1] or parley.usage_error(usage .. ": --" .. key .. " needs a value")
      i = i + 1
    elseif a == "--keep-duplicates" then
      filters.keep_duplicates = true
    elseif key == "limit" then
      filters.limit = math.tointeger(tonumber(rest[i + 1])) or parley.usage_error(usage .. ": --limit needs a number")
      i = i + 1
    elseif a:match("^%-%-") then
      parley.usage_error(usage .. ": unknown option " .. a)
    else
      extra[#extra + 1] = a
    end
    i = i + 1
  end
  opts.filters, opts.args, opts.name = filters, extra, usage
  return opts
end

-- filters(opts) -> the filters of corpus:docs (and corpus:ids) among the options parse() read.
function M.filters(opts)
  local filters = {}
  for k, v in pairs(opts.filters) do if k ~= "keep_duplicates" then filters[k] = v end end
  return filters
end

-- docs(opts) -> the documents of the corpus that pass the filters, in id order,
-- with syndicated copies of one story counted once (parley.dedup) unless
-- --keep-duplicates was given.
function M.docs(opts)
  local corpus = assert(parley.open())
  local docs = {}
  for d in corpus:docs(M.filters(opts)) do docs[#docs + 1] = d end
  if not opts.filters.keep_duplicates and #docs > 1 then
    docs = require("parley.dedup").unique(docs)
  end
  return docs, corpus
end

-- sign(doc, opts) -> what tells copies of a document apart: its MinHash signature
-- (parley.dedup), or nil with --keep-duplicates.
function M.sign(doc, opts)
  if not opts.filters.keep_duplicates then return require("parley.dedup").signature(doc) end
end

-- An error that is the input's fault, not the script's: one line, no traceback
-- (the runtime prints a table error by its __tostring).
local InputError = { __tostring = function(e) return e.message end }

local function input_error(why)
  error(setmetatable({ message = why }, InputError))
end

-- The records of a run, and the LSH index that knows a copy as soon as it comes
-- (none with --keep-duplicates). watch, if given, is called with each record that
-- is not known for a copy when it comes (summary.carrier).
local function new_run(opts, watch)
  return { records = {}, count = 0, watch = watch and watch() or nil,
           index = not opts.filters.keep_duplicates and require("parley.dedup").index() or nil }
end

-- Add a record with its document's signature. A document the index already knows for
-- a copy of an earlier one is held as its id alone (a number or a string, not a table):
-- it is left out in the end whatever follows, so its rows need not be held, and an
-- archive of wire copies costs a few bytes per copy.
local function take(run, record, sig)
  if run.index and run.index:add(require("parley.dedup").pack(sig)) then
    record = record.id
  elseif record.reprint then   -- map knew it for a reprint of a line that has not come: parts out of order
    input_error(string.format("document %s reprints one that its stream mapped before it, and that has not " ..
                              "come here: reduce the parts in the order they were split", tostring(record.id)))
  elseif run.watch then
    run.watch(record)
  end
  run.records[#run.records + 1] = record
end

-- The records without copies, in document order: exactly those docs() keeps.
local function kept(run)
  return run.index and (run.index:unique(run.records)) or run.records
end

-- passes(doc, filters) -> whether a Doc passes the filters of corpus:docs (since,
-- until, source, lang; limit is a count, see script), compared as that SQL compares
-- them: dates as strings, `until` as a prefix ("2025-03" includes all of March), a
-- document without the field never passing. For documents streamed with --stream,
-- which no corpus chose.
function M.passes(doc, filters)
  local date, since, till = doc.date, filters.since, filters["until"]
  if since and not (date and date >= since) then return false end
  if till and not (date and date:sub(1, #till) <= till) then return false end
  if filters.source and doc.source ~= filters.source then return false end
  if filters.lang and doc.lang ~= filters.lang then return false end
  return true
end

-- records(opts [, per_doc]) -> records, corpus: for the documents docs(opts) would
-- return, in the same order and with the same copies left out, a record each:
-- a table { id = doc.id } that per_doc(doc, record) fills with what the caller keeps.
-- The Docs are read one at a time and let go, so a corpus of any size fits in
-- memory; a second pass reads the documents it needs with corpus:get(record.id).
-- opts.corpus: the Corpus to read (else parley.open(), the run's corpus).
function M.records(opts, per_doc)
  local corpus = opts.corpus or assert(parley.open())
  local run = new_run(opts)
  for d in corpus:docs(M.filters(opts)) do
    local record = { id = d.id }
    if per_doc then per_doc(d, record) end
    take(run, record, M.sign(d, opts))
  end
  return kept(run), corpus
end

local REPRINTS_REMEMBERED = 20000   -- signatures per generation (two are kept): ~6 MB a state

-- seen(packed) -> whether this signature was remembered before (and remembers it):
-- the signatures of the documents a state has mapped, two generations of at most
-- `limit` each, so that memory stays bounded on a stream of any length.
local function reprint_memory(limit)
  local current, previous, n = {}, {}, 0
  return function(packed)
    if current[packed] or previous[packed] then return true end
    if n >= limit then current, previous, n = {}, current, 0 end
    current[packed], n = true, n + 1
    return false
  end
end

-- script(opts, share, render [, watch]) -> the map/fold table of an analysis
-- (docs/scale.md), so that `parley run --jobs N` maps a corpus in N threads,
-- `parley run --stream` maps JSON Lines for `parley reduce`, and no run holds
-- every document. map gives share(doc, record) an empty record to fill with plain
-- values (rows, events, sentence numbers: no Span, and no document id, which a
-- streamed document does not have) and adds the document's signature; fold gives
-- each record its document's id (the corpus id, or under `parley reduce` the JSON
-- Lines "id" or line number) and keeps the records in document order (a known copy
-- as its id alone); output leaves out the copies docs(opts) leaves out and calls
-- render(records, all), all being every record folded, copies included (a known
-- copy there is its id, not a table). A streamed document is mapped only if it
-- passes the filters (passes), and --limit counts the documents folded. watch: a
-- function that returns, once per run, a function called with each record not known
-- for a copy when it comes (summary.carrier).
function M.script(opts, share, render, watch)
  local filters, name = M.filters(opts), opts.name or "analysis"
  local seen = reprint_memory(REPRINTS_REMEMBERED)
  return {
    docs = filters,
    -- A document whose signature equals one this state mapped earlier is a reprint: fold
    -- will know it for a copy (a signature's twin, dedup.index) whatever its share, so
    -- map returns the signature alone and extracts nothing. Each state maps documents in
    -- increasing order, so the twin is earlier and folded before it.
    map = function(doc)
      if not doc.id and not M.passes(doc, filters) then return nil end
      local sig = M.sign(doc, opts)
      if sig and seen(require("parley.dedup").pack(sig)) then
        return { analysis = name, sig = sig, reprint = true }
      end
      local record = { analysis = name }
      share(doc, record)
      record.sig = sig
      return record
    end,
    init = function()   -- a new run: a state that maps and folds (one loop) forgets the last one's
      seen = reprint_memory(REPRINTS_REMEMBERED)
      return new_run(opts, watch)
    end,
    fold = function(run, record, id)
      M.check_record(record, name, opts)
      if filters.limit and run.count >= filters.limit then return end
      run.count = run.count + 1
      local sig = record.sig
      record.sig, record.id, record.analysis = nil, id, nil
      take(run, record, sig)
    end,
    output = function(run) render(kept(run), run.records) end,
  }
end

-- check_record(record, name, opts): raises, in one line, unless record is what the map
-- of analysis `name` returns with these options: `parley reduce briefing` reading the
-- lines of another script, or of a stream run without --keep-duplicates when the
-- reduce has it (or the other way round).
function M.check_record(record, name, opts)
  local why
  if type(record) ~= "table" or record.analysis ~= name then
    why = string.format("not a line that `parley run --stream %s` wrote", name)
  elseif not opts.filters.keep_duplicates and type(record.sig) ~= "table" then
    why = string.format("a result without a signature: give `run --stream %s` and `reduce %s` the same options " ..
                        "(--keep-duplicates)", name, name)
  end
  if why then input_error(why) end
end

-- gather(records, field [, each]) -> the items of record[field] of every record, in
-- order; each(record, item), if given, returns what to gather for the item (the item
-- with its record's id or references, which map could not know: see with_id).
function M.gather(records, field, each)
  local out = {}
  for _, record in ipairs(records) do
    for _, item in ipairs(record[field] or {}) do out[#out + 1] = each and each(record, item) or item end
  end
  return out
end

-- with_id(record, row) -> the row with its record's id put first: a gather step.
function M.with_id(record, row)
  return table.move(row, 1, #row, 2, { record.id })
end

-- reread(record) -> the record's Doc, read again from the run's corpus (opened once).
local corpus_again
function M.reread(record)
  corpus_again = corpus_again or assert(parley.open())
  return assert(corpus_again:get(record.id))
end

-- A readable name for an entity id: the first alias of its row in the actor gazetteer.
local names
function M.name(id)
  if not id then return "?" end
  if not names then
    names = {}
    local tsv = require("parley.tsv")
    for _, dir in ipairs(tsv.data_dirs()) do
      local path = dir .. "/gazetteers/actors.tsv"
      local f = io.open(path)
      if f then
        f:close()
        for _, row in ipairs((tsv.read(path))) do
          if row.id and not names[row.id] then names[row.id] = row.alias end
        end
      end
    end
  end
  return names[id] or id
end

-- Where a claim comes from: "doc 3, s.12" (doc is anything with an id: a Doc, a record;
-- a streamed document's id may be its JSON Lines "id", a string).
function M.ref(doc, sentence)
  return string.format("doc %s, s.%d", tostring(doc.id or 0), sentence or 0)
end

return M
