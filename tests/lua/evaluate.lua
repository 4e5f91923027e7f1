-- evaluate.lua: parley.evaluate (score, matching, gold files, positions) and parley.kwic, on hand-counted cases.
local check = require("lib.check")
local ev = require("parley.evaluate")
local kwic = require("parley.kwic")

local function near(got, want, message)
  check.ok(got ~= nil and math.abs(got - want) < 1e-9,
           ("%s: got %s, want %s"):format(message, tostring(got), tostring(want)))
end

-- ---- stats ----
local s = ev.stats(2, 1, 3)
check.eq(s.gold, 5, "gold = tp + fn")
check.eq(s.predicted, 3, "predicted = tp + fp")
near(s.precision, 2 / 3, "precision")
near(s.recall, 2 / 5, "recall")
near(s.f1, 0.5, "f1 = 2tp / (2tp + fp + fn) = 4/8")
local none = ev.stats(0, 0, 0)
check.eq(none.precision, nil, "no predictions: precision undefined")
check.eq(none.recall, nil, "no gold: recall undefined")
check.eq(none.f1, nil, "f1 undefined then")
local wrong = ev.stats(0, 3, 2)
check.eq(wrong.precision, 0.0, "all wrong: precision 0")
check.eq(wrong.f1, 0.0, "and f1 0, not undefined")
check.eq(ev.stats(0, 3, 0).f1, nil, "no gold at all: f1 undefined")

-- ---- score: a case counted by hand ----
local gold = {
  { doc = 1, label = "A", start = 1, stop = 5 },
  { doc = 1, label = "A", start = 10, stop = 12 },
  { doc = 1, label = "B", start = 20, stop = 30, attrs = { who = "x" } },
  { doc = 2, label = "A", start = 1, stop = 5 },
}
local pred = {
  { doc = 1, label = "A", start = 1, stop = 5, rule = "r1" },    -- exact
  { doc = 1, label = "A", start = 11, stop = 14, rule = "r1" },  -- overlaps gold 2: a boundary error
  { doc = 1, label = "A", start = 1, stop = 5, rule = "r2" },    -- the same span again: one to one, so wrong
  { doc = 1, label = "B", start = 21, stop = 30, rule = "r2", attrs = { who = "y" } },
  { doc = 2, label = "B", start = 1, stop = 5, rule = "r2" },    -- the wrong label
}
local r = ev.score(gold, pred)
local A, B = r.exact.labels.A, r.exact.labels.B
check.eq(A.tp .. "/" .. A.fp .. "/" .. A.fn, "1/2/2", "exact A")
check.eq(B.tp .. "/" .. B.fp .. "/" .. B.fn, "0/2/1", "exact B")
near(A.f1, 1 / 3, "exact A f1")
check.eq(B.f1, 0.0, "exact B f1")
local all = r.exact.all
check.eq(all.tp .. "/" .. all.fp .. "/" .. all.fn, "1/4/3", "exact all (micro)")
near(all.f1, 2 / 9, "exact all f1")
A, B = r.overlap.labels.A, r.overlap.labels.B
check.eq(A.tp .. "/" .. A.fp .. "/" .. A.fn, "2/1/1", "overlap A")
check.eq(B.tp .. "/" .. B.fp .. "/" .. B.fn, "1/1/0", "overlap B")
near(B.f1, 2 / 3, "overlap B f1")
all = r.overlap.all
check.eq(all.tp .. "/" .. all.fp .. "/" .. all.fn, "3/2/1", "overlap all")
near(all.precision, 3 / 5, "overlap all precision")
near(all.recall, 3 / 4, "overlap all recall")
-- rules: each alone against the gold spans of the labels it predicts
local r1, r2 = r.exact.rules.r1, r.exact.rules.r2
check.eq(r1.tp .. "/" .. r1.fp .. "/" .. r1.fn, "1/1/2", "exact r1 (gold: the 3 A)")
check.eq(table.concat(r1.labels, ","), "A", "r1 labels")
check.eq(r2.tp .. "/" .. r2.fp .. "/" .. r2.fn, "1/2/3", "exact r2: alone, its duplicate is right")
check.eq(table.concat(r2.labels, ","), "A,B", "r2 labels")
r1, r2 = r.overlap.rules.r1, r.overlap.rules.r2
check.eq(r1.tp .. "/" .. r1.fp .. "/" .. r1.fn, "2/0/1", "overlap r1")
near(r1.f1, 0.8, "overlap r1 f1")
check.eq(r2.tp .. "/" .. r2.fp .. "/" .. r2.fn, "2/1/2", "overlap r2")
near(r2.f1, 4 / 7, "overlap r2 f1")
-- attributes and the lists
check.eq(r.attrs.who.compared .. "/" .. r.attrs.who.agree, "1/0", "attrs on overlap matches")
check.eq(r.attrs.who.accuracy, 0.0, "accuracy")
check.eq(#r.false_negatives, 1, "one false negative")
check.eq(r.false_negatives[1], gold[4], "the gold span of doc 2")
check.eq(#r.false_positives, 2, "two false positives")
check.eq(r.false_positives[1], pred[3], "the duplicate")
check.eq(r.false_positives[2], pred[5], "the wrong label")
check.eq(#r.boundary, 2, "two boundary errors")
check.eq(r.boundary[1].gold, gold[2], "boundary gold")
check.eq(r.boundary[1].predicted, pred[2], "boundary predicted")
check.eq(#r.attr_disagreements, 1, "one attribute disagreement")
check.eq(r.attr_disagreements[1].attr, "who", "on who")

-- greedy overlap: the largest overlap wins, whatever the order
local g1 = { { doc = 1, label = "A", start = 1, stop = 10 } }
local p1 = { { doc = 1, label = "A", start = 1, stop = 4 }, { doc = 1, label = "A", start = 3, stop = 10 } }
local pred_of = ev.match(g1, p1, "overlap")
check.eq(pred_of[1], 2, "3..10 (8 shared) beats 1..4 (4 shared)")
pred_of = ev.match(g1, p1, "exact")
check.eq(pred_of[1], nil, "no exact match")
-- touching is not overlapping
pred_of = ev.match({ { doc = 1, label = "A", start = 1, stop = 5 } },
                   { { doc = 1, label = "A", start = 6, stop = 9 } }, "overlap")
check.eq(pred_of[1], nil, "adjacent spans do not overlap")
local empty = ev.score({}, {})
check.eq(empty.exact.all.f1, nil, "nothing at all")

-- ---- positions: the gold file's code points to the Doc's bytes ----
local doc = parley.doc("a\r\nbé")
local map = ev.to_stored(doc, "a\r\nbé")
local i, j = map(4, 6)                       -- "bé": bytes 4..6 of the original
check.eq(doc.text:sub(i, j), "bé", "across a CRLF that became LF")
doc = parley.doc("Cafe\u{301} x")
map = ev.to_stored(doc, "Cafe\u{301} x")
i, j = map(1, 6)
check.eq(doc.text:sub(i, j), "Café", "a decomposed original, recomposed")
check.eq(map(4, 4), nil, "half of a recomposed character cannot be kept")
local original = " date 2025-03-13 Talks resumed."
doc = parley.doc(original)
check.eq(doc.text, "Talks resumed.", "the prefix is cut")
map = ev.to_stored(doc, original)
i, j = map(18, 22)
check.eq(doc.text:sub(i, j), "Talks", "after a cut metadata prefix")
check.eq(map(2, 5), nil, "inside the prefix: gone")
map = ev.to_stored(parley.doc("plain"), "plain")
check.eq(select(2, map(2, 4)), 4, "unchanged text: the identity")

-- ---- the gold file ----
local base = os.tmpname()
local function gold_file(content)
  local f = assert(io.open(base, "wb"))
  f:write(content)
  f:close()
  return base
end
local docs = assert(ev.load_gold(gold_file(
  '{"text": "Pashinyan said “yes”.", "title": "T", "spans": [{"label": "Q", "start": 16, "stop": 19, "text": "yes"}]}\n'
  .. '\n{"text": "No spans here."}\n')))
check.eq(#docs, 2, "blank lines are skipped")
check.eq(docs[1].line, 1, "line numbers")
check.eq(docs[2].line, 3, "line numbers count blank lines")
check.eq(docs[1].fields.title, "T", "fields")
check.eq(docs[1].spans[1].first, 19, "code point 16 is byte 19 (after the 3-byte opening quote)")
check.eq(docs[1].spans[1].last, 21, "and stop 19 (exclusive) ends at byte 21")
check.eq(#docs[2].spans, 0, "no spans")
local function refused(content, pattern, message)
  local got, err = ev.load_gold(gold_file(content))
  check.eq(got, nil, message)
  check.ok(err and err:find(pattern), message .. ": " .. tostring(err))
end
refused('{"text": "x"}\n{oops\n', ":2: invalid JSON", "bad JSON names its line")
refused('{"title": "x"}\n', ':1: needs a "text"', "no text")
refused('{"text": "abc", "spans": [{"label": "A", "start": 1, "stop": 9}]}', "not within 0..3", "past the end")
refused('{"text": "abc", "spans": [{"label": "A", "start": 2, "stop": 2}]}', "start < stop", "empty")
refused('{"text": "abc", "spans": [{"start": 0, "stop": 1}]}', "no label", "no label")
refused('{"text": "abc", "spans": [{"label": "A", "start": 0.5, "stop": 1}]}', "integer", "not integers")
refused('{"text": "“abc”", "spans": [{"label": "A", "start": 0, "stop": 3, "text": "abc"}]}',
        "the span says", "text that does not match the offsets")
check.eq(select(2, ev.load_gold("no/such/gold.jsonl")):find("no/such/gold.jsonl", 1, true) ~= nil, true,
         "a missing file")
os.remove(base)

-- ---- kwic ----
local left, mid, right = kwic.context("one two three", 5, 7, 3)
check.eq(left, "…e ", "left context cut to 3 columns")
check.eq(mid, "two", "the span")
check.eq(right, " t…", "right context cut to 3 columns")
left = kwic.context("a\n\nb c", 6, 6, 10)
check.eq(left, "a b ", "newlines become spaces")
check.eq(kwic.line("x yz", 3, 4, { width = 4 }), "  x [yz]", "the left context is padded to the width")
check.eq(kwic.line("世界 yz", 8, 9, { width = 4 }), "…界 [yz]", "wide characters count 2 columns")
check.eq(kwic.middle("abcdefghij", 5), "ab…ij", "a long span loses its middle")
check.eq(kwic.head("Երևանում", 4), "Երև…", "whole characters")

check.done("evaluate")
