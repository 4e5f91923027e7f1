-- evaluate.lua: rules against a gold set: precision, recall and F1 per label and per rule, exact and overlap.
--
-- score(gold, predicted) is the statistics alone, for any two lists of spans;
-- evaluate{...} reads a gold JSONL file, runs an extractor (or reads the
-- corpus's annotations) on each document and scores the result; text() and
-- json() render it. The definitions are in docs/evaluate.md.
local json = require("parley.json")
local kwic = require("parley.kwic")
local tabulate = require("parley.tabulate")

local M = {}

-- ------------------------------------------------------------ statistics

-- stats(tp, fp, fn) -> {tp, fp, fn, gold, predicted, precision, recall, f1}.
-- precision is nil when nothing was predicted, recall when there is no gold,
-- f1 when either is nil; f1 is 0 when both are 0.
function M.stats(tp, fp, fn)
  local p = tp + fp > 0 and tp / (tp + fp) or nil
  local r = tp + fn > 0 and tp / (tp + fn) or nil
  local f1
  if p and r then f1 = p + r > 0 and 2 * p * r / (p + r) or 0.0 end
  return { tp = tp, fp = fp, fn = fn, gold = tp + fn, predicted = tp + fp,
           precision = p, recall = r, f1 = f1 }
end

-- Bytes (or whatever unit both sides use) that spans a and b share; <= 0 when they do not meet.
local function shared(a, b)
  return math.min(a.stop, b.stop) - math.max(a.start, b.start) + 1
end

-- Indices of items by document and label: "doc\0label" -> {i, ...}.
local function by_doc_label(items)
  local groups = {}
  for i, item in ipairs(items) do
    local key = tostring(item.doc) .. "\0" .. item.label
    groups[key] = groups[key] or {}
    table.insert(groups[key], i)
  end
  return groups
end

-- Pair equal bounds first, each gold span with one prediction (in order).
local function match_exact(gold, predicted, gs, ps, pred_of, gold_of)
  local waiting = {}
  for _, g in ipairs(gs) do
    local key = gold[g].start .. ":" .. gold[g].stop
    waiting[key] = waiting[key] or {}
    table.insert(waiting[key], g)
  end
  for _, p in ipairs(ps) do
    local queue = waiting[predicted[p].start .. ":" .. predicted[p].stop]
    if queue and #queue > 0 then
      local g = table.remove(queue, 1)
      pred_of[g], gold_of[p] = p, g
    end
  end
end

-- Then overlapping ones, greedily: the largest overlap first, then the closest bounds.
local function match_overlap(gold, predicted, gs, ps, pred_of, gold_of)
  local candidates = {}
  for _, g in ipairs(gs) do
    for _, p in ipairs(ps) do
      local n = not pred_of[g] and not gold_of[p] and shared(gold[g], predicted[p]) or 0
      if n > 0 then
        local off = math.abs(gold[g].start - predicted[p].start) + math.abs(gold[g].stop - predicted[p].stop)
        candidates[#candidates + 1] = { g = g, p = p, n = n, off = off }
      end
    end
  end
  table.sort(candidates, function(a, b)
    if a.n ~= b.n then return a.n > b.n end
    if a.off ~= b.off then return a.off < b.off end
    if a.g ~= b.g then return a.g < b.g end
    return a.p < b.p
  end)
  for _, c in ipairs(candidates) do
    if not pred_of[c.g] and not gold_of[c.p] then pred_of[c.g], gold_of[c.p] = c.p, c.g end
  end
end

-- match(gold, predicted, mode) -> pred_of, gold_of: a one-to-one matching of
-- spans with the same doc and label, mode "exact" (same start and stop) or
-- "overlap" (exact pairs first, then spans that share at least one unit).
-- pred_of[g] is the prediction index matched to gold index g; gold_of the reverse.
function M.match(gold, predicted, mode)
  local pred_of, gold_of = {}, {}
  local gold_groups, pred_groups = by_doc_label(gold), by_doc_label(predicted)
  for key, ps in pairs(pred_groups) do
    local gs = gold_groups[key]
    if gs then
      match_exact(gold, predicted, gs, ps, pred_of, gold_of)
      if mode == "overlap" then match_overlap(gold, predicted, gs, ps, pred_of, gold_of) end
    end
  end
  return pred_of, gold_of
end

local function count(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  return n
end

-- Per label and in all (micro: sums over labels).
local function tally(gold, predicted, pred_of, gold_of)
  local counts = {}
  local function bucket(label)
    counts[label] = counts[label] or { tp = 0, fp = 0, fn = 0 }
    return counts[label]
  end
  for g, item in ipairs(gold) do
    local b = bucket(item.label)
    if pred_of[g] then b.tp = b.tp + 1 else b.fn = b.fn + 1 end
  end
  for p, item in ipairs(predicted) do
    if not gold_of[p] then bucket(item.label).fp = bucket(item.label).fp + 1 end
  end
  local labels, all = {}, { tp = 0, fp = 0, fn = 0 }
  for label, c in pairs(counts) do
    labels[label] = M.stats(c.tp, c.fp, c.fn)
    all.tp, all.fp, all.fn = all.tp + c.tp, all.fp + c.fp, all.fn + c.fn
  end
  return labels, M.stats(all.tp, all.fp, all.fn)
end

-- Each rule alone: its predictions against the gold spans of the labels it predicts.
local function by_rule(gold, predicted, mode)
  local rules = {}
  for _, item in ipairs(predicted) do
    if item.rule ~= nil then
      local r = rules[item.rule] or { predicted = {}, labels = {} }
      rules[item.rule] = r
      table.insert(r.predicted, item)
      r.labels[item.label] = true
    end
  end
  local out = {}
  for rule, r in pairs(rules) do
    local subset = {}
    for _, item in ipairs(gold) do
      if r.labels[item.label] then subset[#subset + 1] = item end
    end
    local _, gold_of = M.match(subset, r.predicted, mode)
    local tp = count(gold_of)
    out[rule] = M.stats(tp, #r.predicted - tp, #subset - tp)
    local labels = {}
    for label in pairs(r.labels) do labels[#labels + 1] = label end
    table.sort(labels)
    out[rule].labels = labels
  end
  return out
end

local function same_value(a, b)
  if type(a) == "table" and type(b) == "table" then return json.encode(a) == json.encode(b) end
  return a == b
end

-- Attribute agreement on the overlap matches, for every attribute the gold span has.
local function attributes(gold, predicted, pred_of)
  local out, disagreements = {}, {}
  for g, item in ipairs(gold) do
    local p = pred_of[g]
    for key, want in pairs(p and item.attrs or {}) do
      local a = out[key] or { compared = 0, agree = 0 }
      out[key] = a
      a.compared = a.compared + 1
      local got = predicted[p].attrs and predicted[p].attrs[key]
      if same_value(got, want) then
        a.agree = a.agree + 1
      else
        disagreements[#disagreements + 1] = { gold = item, predicted = predicted[p], attr = key }
      end
    end
  end
  for _, a in pairs(out) do a.accuracy = a.agree / a.compared end
  return out, disagreements
end

-- Items in document order, then position.
local function in_order(list, item_of)
  item_of = item_of or function(x) return x end
  table.sort(list, function(x, y)
    local a, b = item_of(x), item_of(y)
    if a.doc ~= b.doc then return a.doc < b.doc end
    if a.start ~= b.start then return a.start < b.start end
    if a.stop ~= b.stop then return a.stop < b.stop end
    return a.label < b.label
  end)
  return list
end

--[[
score(gold, predicted) -> result. Both are arrays of spans
  {doc = key, label = string, start = n, stop = n, attrs = table?, rule = string?}
with start and stop inclusive, in any unit both sides share (parley uses
bytes), and doc any value that tells documents apart (numbers order best).
result = {
  exact   = {labels = {LABEL = stats}, all = stats, rules = {RULE = stats + labels}},
  overlap = {... the same},
  attrs   = {KEY = {compared, agree, accuracy}},
  false_negatives    = {gold spans no prediction overlaps (one to one)},
  false_positives    = {predictions that overlap no gold span},
  boundary           = {{gold =, predicted =}: overlap matches whose bounds differ},
  attr_disagreements = {{gold =, predicted =, attr =}},
}
stats = {tp, fp, fn, gold, predicted, precision, recall, f1}.
]]
function M.score(gold, predicted)
  local result = { exact = {}, overlap = {} }
  for _, mode in ipairs({ "exact", "overlap" }) do
    local pred_of, gold_of = M.match(gold, predicted, mode)
    local r = result[mode]
    r.labels, r.all = tally(gold, predicted, pred_of, gold_of)
    r.rules = by_rule(gold, predicted, mode)
    r.pred_of, r.gold_of = pred_of, gold_of
  end
  local pred_of, gold_of = result.overlap.pred_of, result.overlap.gold_of
  result.attrs, result.attr_disagreements = attributes(gold, predicted, pred_of)
  result.false_negatives, result.false_positives, result.boundary = {}, {}, {}
  for g, item in ipairs(gold) do
    local p = pred_of[g]
    if not p then
      table.insert(result.false_negatives, item)
    elseif predicted[p].start ~= item.start or predicted[p].stop ~= item.stop then
      table.insert(result.boundary, { gold = item, predicted = predicted[p] })
    end
  end
  for p, item in ipairs(predicted) do
    if not gold_of[p] then table.insert(result.false_positives, item) end
  end
  in_order(result.false_negatives)
  in_order(result.false_positives)
  in_order(result.boundary, function(x) return x.gold end)
  in_order(result.attr_disagreements, function(x) return x.gold end)
  return result
end

-- ------------------------------------------------------------ the gold file

local FIELDS = { "title", "date", "source", "lang" }

-- One span of a gold line, checked; nil, message when it is not usable.
local function gold_span(s, k, chars)
  if type(s) ~= "table" then return nil, ("span %d is not an object"):format(k) end
  if type(s.label) ~= "string" or s.label == "" then return nil, ("span %d has no label"):format(k) end
  if math.type(s.start) ~= "integer" or math.type(s.stop) ~= "integer" then
    return nil, ("span %d needs integer start and stop"):format(k)
  end
  if s.start < 0 or s.stop > chars or s.start >= s.stop then
    return nil, ("span %d: %d..%d is not within 0..%d with start < stop"):format(k, s.start, s.stop, chars)
  end
  if s.attrs ~= nil and type(s.attrs) ~= "table" then return nil, ("span %d: attrs must be an object"):format(k) end
  return { label = s.label, start = s.start, stop = s.stop, attrs = s.attrs, text = s.text }
end

-- One line of the gold file as {line, text, fields, spans}; nil, message when it is not usable.
local function gold_doc(obj, line)
  if type(obj) ~= "table" or type(obj.text) ~= "string" then return nil, "needs a \"text\" string" end
  local chars = utf8.len(obj.text)
  if not chars then return nil, "\"text\" is not valid UTF-8" end
  local doc = { line = line, text = obj.text, fields = {}, spans = {} }
  for _, name in ipairs(FIELDS) do
    if type(obj[name]) == "string" then doc.fields[name] = obj[name] end
  end
  if obj.spans ~= nil and type(obj.spans) ~= "table" then return nil, "\"spans\" must be an array" end
  for k, s in ipairs(obj.spans or {}) do
    local span, err = gold_span(s, k, chars)
    if not span then return nil, err end
    local from, to = utf8.offset(obj.text, span.start + 1), utf8.offset(obj.text, span.stop + 1) - 1
    if span.text ~= nil and obj.text:sub(from, to) ~= span.text then
      return nil, ("span %d: the text at %d..%d is %q, the span says %q (offsets count code points "
                   .. "from 0, stop exclusive)"):format(k, span.start, span.stop, obj.text:sub(from, to), span.text)
    end
    span.first, span.last = from, to   -- bytes of the original text, 1-based, inclusive
    doc.spans[k] = span
  end
  return doc
end

-- load_gold(path) -> array of {line, text, fields, spans} | nil, "PATH:LINE: message".
-- Each non-blank line is {"text": ..., "title"?, "date"?, "source"?, "lang"?, "spans": [{"label",
-- "start", "stop", "attrs"?, "text"?}]}: start and stop count code points from 0, stop
-- exclusive (as doccano, Label Studio and brat do); "text", when given, must be what they cover.
function M.load_gold(path)
  local f, err = io.open(path, "rb")
  if not f then return nil, err end
  local docs, n = {}, 0
  for line in f:lines() do
    n = n + 1
    if line:find("%S") then
      local obj, jerr = json.decode(line)
      local doc, derr
      if obj == nil then derr = "invalid JSON: " .. jerr else doc, derr = gold_doc(obj, n) end
      if not doc then
        f:close()
        return nil, ("%s:%d: %s"):format(path, n, derr)
      end
      docs[#docs + 1] = doc
    end
  end
  f:close()
  return docs
end

-- ------------------------------------------------------------ positions

-- Binary search: the first i in 1..n with pred(i), or n + 1.
local function first_where(n, pred)
  local lo, hi = 1, n + 1
  while lo < hi do
    local mid = (lo + hi) // 2
    if pred(mid) then hi = mid else lo = mid + 1 end
  end
  return lo
end

-- to_stored(doc, original) -> function(first, last) -> start, stop | nil: the bytes of
-- the Doc's stored text that came from original bytes first..last. Identity when
-- loading changed nothing; otherwise through the Doc's offset map, keeping only the
-- characters that lie wholly inside (a span in a cut metadata prefix gives nil).
function M.to_stored(doc, original)
  if doc.text == original then return function(first, last) return first, last end end
  local from, to, starts, stops = {}, {}, {}, {}
  for p in utf8.codes(doc.text) do
    local q = (utf8.offset(doc.text, 2, p) or #doc.text + 1) - 1
    local a, b = doc:span(p, q):source_range()
    starts[#starts + 1], stops[#stops + 1], from[#from + 1], to[#to + 1] = p, q, a, b
  end
  return function(first, last)
    local i = first_where(#from, function(k) return from[k] >= first end)
    local j = first_where(#to, function(k) return to[k] > last end) - 1
    if i > j then return nil end
    return starts[i], stops[j]
  end
end

-- The span start..stop of the Doc in the gold file's terms: code points of the original, from 0, stop exclusive.
local function gold_offsets(doc, original, start, stop)
  local a, b = doc:span(start, stop):source_range()
  return utf8.len(original, 1, a - 1), utf8.len(original, 1, b)
end

-- ------------------------------------------------------------ predictions

-- A prediction of the extractor as {label, start, stop, attrs, rule}; raises on a bad one.
local function prediction(doc, item, k, where)
  local function bad(msg) error(("%s: prediction %d %s"):format(where, k, msg), 0) end
  if type(item) ~= "table" and type(item) ~= "userdata" then bad("is a " .. type(item)) end
  local label, span = item.label, item.span or item
  if type(label) ~= "string" or label == "" then bad("has no label") end
  if type(span) == "userdata" and span.doc ~= nil and not rawequal(span.doc, doc) then
    bad("is a span of another document")
  end
  local start, stop = span.start, span.stop
  if math.type(start) ~= "integer" or math.type(stop) ~= "integer" then bad("needs a span or integer start and stop") end
  if start < 1 or stop > #doc.text or stop < start then
    bad(("has bytes %d..%d, outside the document (1..%d)"):format(start, stop, #doc.text))
  end
  local attrs = item.attrs
  if attrs ~= nil and type(attrs) ~= "table" then bad("has attrs that are not a table") end
  return { label = label, start = start, stop = stop, attrs = attrs, rule = item.rule }
end

-- What an extractor predicts for a Doc: what it returns, else what it annotated.
local function extract(fn, doc, where)
  local ok, out = xpcall(fn, debug.traceback, doc)
  if not ok then error(where .. ": the extractor failed: " .. tostring(out), 0) end
  if out == nil then out = doc:annotations() end
  if type(out) ~= "table" then
    error(("%s: the extractor returned a %s, not an array of predictions"):format(where, type(out)), 0)
  end
  local list = {}
  for k, item in ipairs(out) do list[k] = prediction(doc, item, k, where) end
  return list
end

-- What the corpus holds for the same text (by SHA-256): nil when the document is not stored.
local function stored(corpus, doc, run)
  local row = corpus:sql("SELECT id FROM documents WHERE hash = ?", doc.hash)[1]
  if not row then return nil end
  local list = {}
  for k, a in ipairs(corpus:annotations{ doc = row.id, run = run }) do
    list[k] = { label = a.label, start = a.start, stop = a.stop, attrs = a.attrs, rule = a.rule }
  end
  return list
end

-- load_extractor(script) -> function(doc) | nil, message. script is a path or a bundled
-- script's name; it is run with the single argument "--evaluate" and must return a function.
function M.load_extractor(script)
  local path = script
  local f = io.open(path, "rb")
  if not f and not script:find("/") then
    path = parley.home .. "/scripts/" .. script .. ".lua"
    f = io.open(path, "rb")
  end
  if not f then return nil, script .. ": no such script (not a file, nor a bundled script)" end
  f:close()
  local dir = path:match("^(.*)/[^/]*$") or "."
  package.path = dir .. "/?.lua;" .. package.path
  local chunk, err = loadfile(path, "t")
  if not chunk then return nil, err end
  local saved_arg = arg
  arg = { [0] = path, "--evaluate" }
  local ok, fn = xpcall(chunk, debug.traceback, "--evaluate")
  arg = saved_arg
  if not ok then return nil, fn end
  if type(fn) ~= "function" then
    return nil, ("%s: returns %s, not a function(doc) (an extractor ends with `return extract`; "
                 .. "see docs/evaluate.md)"):format(script, fn == nil and "nothing" or "a " .. type(fn))
  end
  return fn
end

-- Gold spans of one document in the Doc's bytes; raises when one does not survive loading.
local function gold_spans(g, doc, i, label, where)
  local map = M.to_stored(doc, g.text)
  local list = {}
  for k, s in ipairs(g.spans) do
    local start, stop = map(s.first, s.last)
    if not start then
      error(("%s: span %d (%s %d..%d) lies in text parley drops on loading (a metadata prefix?)")
            :format(where, k, s.label, s.start, s.stop), 0)
    end
    if not label or s.label == label then
      list[#list + 1] = { doc = i, label = s.label, start = start, stop = stop, attrs = s.attrs }
    end
  end
  return list
end

--[[
evaluate{gold = PATH, extract = function(doc) | nil, corpus = Corpus | nil, run = id | nil,
         label = LABEL | nil} -> result | nil, message
For each gold document: a Doc (parley.doc, so the text is normalised as on ingest),
the gold spans in its bytes, and predictions: from extract(doc) when given, else the
corpus's annotations of the document with the same text (of run `run` when given;
documents the corpus does not hold are skipped and counted in result.missing).
Raises "GOLD:LINE: ..." when the extractor fails or breaks its contract.
result is score()'s, plus documents = {{doc, text (the original), line}}, gold = PATH,
predictions = n, missing = n.
]]
function M.evaluate(opts)
  local docs, err = M.load_gold(opts.gold)
  if not docs then return nil, err end
  local gold, predicted, info, missing = {}, {}, {}, 0
  for _, g in ipairs(docs) do
    local where = ("%s:%d"):format(opts.gold, g.line)
    local doc, derr = parley.doc(g.text, g.fields)
    if not doc then return nil, where .. ": " .. derr end
    local preds
    if opts.extract then preds = extract(opts.extract, doc, where) else preds = stored(opts.corpus, doc, opts.run) end
    if preds then
      info[#info + 1] = { doc = doc, text = g.text, line = g.line }
      local i = #info
      for _, s in ipairs(gold_spans(g, doc, i, opts.label, where)) do gold[#gold + 1] = s end
      for _, p in ipairs(preds) do
        if not opts.label or p.label == opts.label then
          p.doc = i
          predicted[#predicted + 1] = p
        end
      end
    else
      missing = missing + 1
    end
  end
  local result = M.score(gold, predicted)
  result.documents, result.gold, result.missing = info, opts.gold, missing
  result.gold_spans, result.predictions = #gold, #predicted
  return result
end

-- ------------------------------------------------------------ reports

local function fmt(x)
  if x == nil then return "-" end
  return ("%.3f"):format(x)
end

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  return keys
end

local STATS_HEAD = { "gold", "pred", "tp", "fp", "fn", "precision", "recall", "f1" }

local function stats_cells(first, s, extra)
  local row = { first }
  if extra then row[#row + 1] = extra end
  for _, v in ipairs({ s.gold, s.predicted, s.tp, s.fp, s.fn }) do row[#row + 1] = tostring(v) end
  row[#row + 1], row[#row + 2], row[#row + 3] = fmt(s.precision), fmt(s.recall), fmt(s.f1)
  return row
end

local function stats_tables(r)
  local rows = {}
  for _, label in ipairs(sorted_keys(r.labels)) do rows[#rows + 1] = stats_cells(label, r.labels[label]) end
  rows[#rows + 1] = stats_cells("all", r.all)
  local out = tabulate.text({ "label", table.unpack(STATS_HEAD) }, rows, { align = "lrrrrrrrr" })
  if next(r.rules) then
    rows = {}
    for _, rule in ipairs(sorted_keys(r.rules)) do
      local s = r.rules[rule]
      rows[#rows + 1] = stats_cells(rule, s, table.concat(s.labels, ","))
    end
    out = out .. "\n" .. tabulate.text({ "rule", "label", table.unpack(STATS_HEAD) }, rows,
                                       { align = "llrrrrrrrr" })
  end
  return out
end

-- The context line of a span of document i of the result.
local function context(result, item, width)
  return kwic.line(result.documents[item.doc].doc.text, item.start, item.stop, { width = width })
end

local function line_of(result, item)
  return tostring(result.documents[item.doc].line)
end

local function error_tables(result, width)
  local out = {}
  local function section(title, list, head, row_of, align)
    out[#out + 1] = ("\n%s: %d\n"):format(title, #list)
    local rows = {}
    for _, x in ipairs(list) do
      for _, r in ipairs(row_of(x)) do rows[#rows + 1] = r end
    end
    if #rows > 0 then out[#out + 1] = tabulate.text(head, rows, { align = align }) end
  end
  section("false negatives (gold spans nothing overlaps)", result.false_negatives,
          { "line", "label", "context" }, function(g)
            return { { line_of(result, g), g.label, context(result, g, width) } }
          end, "rl")
  section("false positives (predictions that overlap no gold span)", result.false_positives,
          { "line", "label", "rule", "context" }, function(p)
            return { { line_of(result, p), p.label, p.rule or "", context(result, p, width) } }
          end, "rl")
  section("boundary errors (overlap, not exact: gold, then predicted)", result.boundary,
          { "line", "label", "rule", "context" }, function(b)
            return { { line_of(result, b.gold), b.gold.label, "(gold)", context(result, b.gold, width) },
                     { "", "", b.predicted.rule or "", context(result, b.predicted, width) } }
          end, "rl")
  section("attribute disagreements", result.attr_disagreements,
          { "line", "label", "attr", "gold", "predicted", "context" }, function(d)
            local function show(v)
              if v == nil then return "-" end
              return type(v) == "table" and json.encode(v) or tostring(v)
            end
            return { { line_of(result, d.gold), d.gold.label, d.attr, show(d.gold.attrs[d.attr]),
                       show(d.predicted.attrs and d.predicted.attrs[d.attr]), context(result, d.gold, width) } }
          end, "rl")
  return table.concat(out)
end

-- text(result [, {source = "extractor.lua", width = 30}]) -> the report as aligned tables.
function M.text(result, opts)
  opts = opts or {}
  local out = {
    ("%s: %d documents, %d gold spans; %s: %d predictions\n"):format(result.gold, #result.documents,
      result.gold_spans, opts.source or "predictions", result.predictions),
  }
  if result.missing > 0 then
    out[#out + 1] = ("(%d gold documents are not in the corpus: left out)\n"):format(result.missing)
  end
  out[#out + 1] = "\nexact: same label, same start and stop\n"
  out[#out + 1] = stats_tables(result.exact)
  out[#out + 1] = "\noverlap: same label, sharing at least one character (one to one)\n"
  out[#out + 1] = stats_tables(result.overlap)
  if next(result.attrs) then
    local rows = {}
    for _, key in ipairs(sorted_keys(result.attrs)) do
      local a = result.attrs[key]
      rows[#rows + 1] = { key, tostring(a.compared), tostring(a.agree), fmt(a.accuracy) }
    end
    out[#out + 1] = "\nattributes, on overlap matches\n"
    out[#out + 1] = tabulate.text({ "attr", "compared", "agree", "accuracy" }, rows, { align = "lrrr" })
  end
  out[#out + 1] = error_tables(result, opts.width or 30)
  return table.concat(out)
end

local function json_stats(s)
  local out = json.object()
  for k, v in pairs(s) do out[k] = v end
  for _, k in ipairs({ "precision", "recall", "f1" }) do
    if out[k] == nil then out[k] = parley.null end
  end
  return out
end

local function json_mode(r)
  local labels, rules = json.object(), json.object()
  for k, s in pairs(r.labels) do labels[k] = json_stats(s) end
  for k, s in pairs(r.rules) do rules[k] = json_stats(s) end
  return { labels = labels, all = json_stats(r.all), rules = rules }
end

-- A span for JSON: gold line, label, rule, attrs, start/stop as in the gold file, text and context.
local function json_span(result, item, width)
  local d = result.documents[item.doc]
  local start, stop = gold_offsets(d.doc, d.text, item.start, item.stop)
  local left, span, right = kwic.context(d.doc.text, item.start, item.stop, width)
  return { line = d.line, label = item.label, rule = item.rule, attrs = item.attrs, start = start,
           stop = stop, text = d.doc.text:sub(item.start, item.stop),
           context = { left = left, text = span, right = right } }
end

-- json(result [, {source =, width =}]) -> a table for parley.json.encode.
function M.json(result, opts)
  opts = opts or {}
  local width = opts.width or 30
  local function spans(list)
    local out = json.array()
    for k, item in ipairs(list) do out[k] = json_span(result, item, width) end
    return out
  end
  local function pairs_of(list, extra)
    local out = json.array()
    for k, x in ipairs(list) do
      out[k] = { gold = json_span(result, x.gold, width), predicted = json_span(result, x.predicted, width) }
      if extra then out[k][extra] = x[extra] end
    end
    return out
  end
  local attrs = json.object()
  for k, a in pairs(result.attrs) do attrs[k] = a end
  return {
    gold = { file = result.gold, documents = #result.documents, spans = result.gold_spans },
    source = opts.source, predictions = result.predictions, missing = result.missing,
    exact = json_mode(result.exact), overlap = json_mode(result.overlap), attrs = attrs,
    false_negatives = spans(result.false_negatives), false_positives = spans(result.false_positives),
    boundary = pairs_of(result.boundary), attr_disagreements = pairs_of(result.attr_disagreements, "attr"),
  }
end

return M
