# evaluate.sh: `parley evaluate` on a small gold set and a toy extractor (tests/cli/fixtures/),
# with every number counted by hand from the two files (the counts are in the comments).
source "$(dirname "$0")/lib/common.sh"

cp "$TEST_DIR/fixtures/gold.jsonl" "$TEST_DIR/fixtures/people.lua" .

# What people.lua finds, document by document (gold spans in capitals):
#  line 1  PERSON two_caps: "Foreign Minister" (fp), ARARAT MIRZOYAN, JEYHUN BAYRAMOV
#          PERSON lexicon:  "Mirzoyan" and "Bayramov" inside those two (fp), MIRZOYAN (the second)
#          QUOTE  quote:    with its quotation marks (the gold quote is without): overlap only;
#                           speaker "Jeyhun Bayramov", gold "Mirzoyan"
#  line 2  PERSON two_caps: "President Ilham" (shares 5 bytes with ILHAM ALIYEV), NIKOL PASHINYAN
#          PERSON lexicon:  "Aliyev" (shares 6 bytes with ILHAM ALIYEV: it wins the overlap),
#                           "Pashinyan" inside NIKOL PASHINYAN (fp)
#          QUOTE  quote:    with its marks; speaker right
#  line 3  PERSON two_caps: EMMANUEL MACRON, "Later Macron" (overlaps MACRON)
#          QUOTE: the gold "talks would continue" has no marks: nothing finds it
# PERSON: 7 gold, 12 predicted; exact 5 right (P 5/12, R 5/7, F1 10/19), overlap 7 (P 7/12, R 1, F1 14/19)
# QUOTE:  3 gold, 2 predicted;  exact 0,                               overlap 2 (P 1, R 2/3, F1 4/5)
# all:   10 gold, 14 predicted; exact 5 (P 5/14, R 1/2, F1 10/24),     overlap 9 (P 9/14, R 9/10, F1 18/24)
# Rules alone, against the gold spans of their label:
#  two_caps 7 predicted: exact 4 (P = R = F1 = 4/7), overlap 6 (6/7)
#  lexicon  5 predicted: exact 1 (P 1/5, R 1/7, F1 2/12), overlap 5 (P 1, R 5/7, F1 10/12)
#  quote    2 predicted: exact 0, overlap 2 (as QUOTE)

run evaluate gold.jsonl --script people.lua
expect_status 0
expect_stderr_empty
expect_stdout_line "gold.jsonl: 3 documents, 10 gold spans; people.lua: 14 predictions"
expect_stdout_line "exact: same label, same start and stop"
expect_stdout_line "label   gold  pred  tp  fp  fn  precision  recall     f1"
expect_stdout_line "PERSON     7    12   5   7   2      0.417   0.714  0.526"
expect_stdout_line "QUOTE      3     2   0   2   3      0.000   0.000  0.000"
expect_stdout_line "all       10    14   5   9   5      0.357   0.500  0.417"
expect_stdout_line "rule      label   gold  pred  tp  fp  fn  precision  recall     f1"
expect_stdout_line "lexicon   PERSON     7     5   1   4   6      0.200   0.143  0.167"
expect_stdout_line "quote     QUOTE      3     2   0   2   3      0.000   0.000  0.000"
expect_stdout_line "two_caps  PERSON     7     7   4   3   3      0.571   0.571  0.571"
expect_stdout_line "overlap: same label, sharing at least one character (one to one)"
expect_stdout_line "PERSON     7    12   7   5   0      0.583   1.000  0.737"
expect_stdout_line "QUOTE      3     2   2   0   1      1.000   0.667  0.800"
expect_stdout_line "all       10    14   9   5   1      0.643   0.900  0.750"
expect_stdout_line "lexicon   PERSON     7     5   5   0   2      1.000   0.714  0.833"
expect_stdout_line "quote     QUOTE      3     2   2   0   1      1.000   0.667  0.800"
expect_stdout_line "two_caps  PERSON     7     7   6   1   1      0.857   0.857  0.857"
# speaker: compared on the 2 matched quotes, right on line 2 only
expect_stdout_line "speaker         2      1     0.500"
# The errors, in context: the span in [ ], 30 columns of context on each side.
expect_stdout_line "false negatives (gold spans nothing overlaps): 1"
expect_stdout_line "   3  QUOTE  …e leaders. Later Macron said [talks would continue]."
expect_stdout_line "false positives (predictions that overlap no gold span): 5"
expect_stdout_line "   1  PERSON  two_caps                                [Foreign Minister] Ararat Mirzoyan met Jeyhun B…"
expect_stdout_line "   1  PERSON  lexicon   …r Ararat Mirzoyan met Jeyhun [Bayramov] in Almaty. “The talks were u…"
expect_stdout_line "   2  PERSON  two_caps                                [President Ilham] Aliyev spoke in Baku. Nikol …"
expect_stdout_line "boundary errors (overlap, not exact: gold, then predicted): 4"
expect_stdout_line "   2  PERSON  (gold)                        President [Ilham Aliyev] spoke in Baku. Nikol Pashiny…"
expect_stdout_line "              lexicon                 President Ilham [Aliyev] spoke in Baku. Nikol Pashiny…"
expect_stdout_line "attribute disagreements: 1"
expect_stdout_matches '^   1  QUOTE  speaker  Mirzoyan  Jeyhun Bayramov  .*“\[The talks were useful,\]” Mirzoyan said\.$'
full=$STDOUT

# --context: fewer columns around each span
run evaluate --context 8 gold.jsonl --script people.lua
expect_status 0
expect_stdout_line "   1  PERSON  lexicon   …Jeyhun [Bayramov] in Alm…"

# ---- --json: the same numbers, and positions as the gold file counts them ----
run evaluate --json gold.jsonl --script people.lua
expect_status 0
if msg=$(py_check "$STDOUT_FILE" 2>&1 <<'EOF'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
def stats(s): return (s["gold"], s["predicted"], s["tp"], s["fp"], s["fn"])
assert r["gold"] == {"file": "gold.jsonl", "documents": 3, "spans": 10}, r["gold"]
assert r["predictions"] == 14 and r["source"] == "people.lua"
assert stats(r["exact"]["labels"]["PERSON"]) == (7, 12, 5, 7, 2)
assert stats(r["overlap"]["all"]) == (10, 14, 9, 5, 1)
assert abs(r["exact"]["all"]["f1"] - 10 / 24) < 1e-9
assert abs(r["overlap"]["rules"]["lexicon"]["recall"] - 5 / 7) < 1e-9
assert r["overlap"]["rules"]["two_caps"]["labels"] == ["PERSON"]
assert r["attrs"] == {"speaker": {"compared": 2, "agree": 1, "accuracy": 0.5}}
fn = r["false_negatives"]
assert len(fn) == 1 and fn[0]["line"] == 3 and fn[0]["text"] == "talks would continue"
assert (fn[0]["start"], fn[0]["stop"]) == (54, 74), fn[0]
assert fn[0]["context"]["right"] == "."
assert len(r["false_positives"]) == 5
# Line 2 has a CRLF that parley makes LF: positions still count the gold file's code points.
b = [x for x in r["boundary"] if x["gold"]["line"] == 2 and x["gold"]["label"] == "QUOTE"][0]
assert (b["gold"]["start"], b["gold"]["stop"]) == (65, 78), b["gold"]
assert (b["predicted"]["start"], b["predicted"]["stop"]) == (64, 79), b["predicted"]
assert b["predicted"]["rule"] == "quote" and b["predicted"]["attrs"] == {"speaker": "Nikol Pashinyan"}
d = r["attr_disagreements"]
assert len(d) == 1 and d[0]["attr"] == "speaker" and d[0]["predicted"]["attrs"]["speaker"] == "Jeyhun Bayramov"
EOF
); then pass; else fail "--json report" "$msg"; fi

# ---- --label: one label only ----
run evaluate --label PERSON gold.jsonl --script people.lua
expect_status 0
expect_stdout_line "gold.jsonl: 3 documents, 7 gold spans; people.lua: 12 predictions"
expect_stdout_line "all        7    12   5   7   2      0.417   0.714  0.526"
expect_stdout_not_contains "QUOTE"
expect_stdout_not_contains "attributes"
# Nothing to count: precision, recall and F1 are undefined, shown as "-" (the f1 column
# is as wide as its header then).
run evaluate --label NOSUCH gold.jsonl --script people.lua
expect_status 0
expect_stdout_line "all       0     0   0   0   0          -       -   -"
run evaluate --json --label NOSUCH gold.jsonl --script people.lua
expect_stdout_contains '"precision":null'

# ---- without --script: the corpus's annotations of the same texts ----
run --db c.db ingest --jsonl gold.jsonl
expect_status 0
run --db c.db run --save people.lua
expect_status 0
run --db c.db evaluate gold.jsonl
expect_status 0
expect_stderr_empty
expect_stdout_line "gold.jsonl: 3 documents, 10 gold spans; annotations in c.db: 14 predictions"
expect_stdout_line "all       10    14   5   9   5      0.357   0.500  0.417"
expect_stdout_line "all       10    14   9   5   1      0.643   0.900  0.750"
expect_eq "$(tail -n +2 "$STDOUT_FILE")" "$(printf '%s\n' "$full" | tail -n +2)" \
    "the corpus's annotations give the report the extractor gave"
run --db c.db evaluate --run 1 gold.jsonl
expect_status 0
expect_stdout_line "all       10    14   5   9   5      0.357   0.500  0.417"
# A run that saved nothing: no predictions, so precision is undefined and recall 0.
run --db c.db evaluate --run 99 gold.jsonl
expect_status 0
expect_stdout_line "all       10     0   0   0  10          -   0.000   -"
# Gold documents the corpus does not hold are left out, and said so.
head -n 2 gold.jsonl >two.jsonl
run --db small.db ingest --jsonl two.jsonl
expect_status 0
run --db small.db evaluate gold.jsonl
expect_status 0
expect_stderr_equals "parley: 1 of 3 gold documents are not in the corpus: left out"
# Lines 1 and 2 hold 4 + 3 gold spans; nothing was annotated in small.db.
expect_stdout_line "gold.jsonl: 2 documents, 7 gold spans; annotations in small.db: 0 predictions"

# ---- extractors that break the contract ----
cat >nofn.lua <<'EOF'
local x = 1
EOF
run evaluate gold.jsonl --script nofn.lua
expect_status 1
expect_stderr_contains "nofn.lua: returns nothing, not a function(doc)"
cat >boom.lua <<'EOF'
return function(doc) if doc.text:find("Baku") then error("no Baku here") end end
EOF
run evaluate gold.jsonl --script boom.lua
expect_status 1
expect_stderr_contains "gold.jsonl:2: the extractor failed: boom.lua:1: no Baku here"
cat >badpred.lua <<'EOF'
return function(doc) return { { label = "X", start = 1, stop = #doc.text + 1 } } end
EOF
run evaluate gold.jsonl --script badpred.lua
expect_status 1
# Line 1 is 103 code points, two of them the 3-byte quotation marks: 107 bytes.
expect_stderr_one_clean_line
expect_stderr_contains "gold.jsonl:1: prediction 1 has bytes 1..108, outside the document (1..107)"
cat >nolabel.lua <<'EOF'
return function(doc) return { doc:span(1, 3) } end
EOF
run evaluate gold.jsonl --script nolabel.lua
expect_status 1
expect_stderr_contains "prediction 1 has no label"
# Predictions returned as tables (bytes, 1-based, inclusive) rather than annotated:
# the first five bytes of every document, labelled PERSON, match only "Emmanuel Macron"'s
# overlap (line 3), and no exact span.
cat >tables.lua <<'EOF'
return function(doc) return { { label = "PERSON", start = 1, stop = 5, rule = "first5" } } end
EOF
run evaluate --label PERSON gold.jsonl --script tables.lua
expect_status 0
expect_stdout_line "first5  PERSON     7     3   1   2   6      0.333   0.143  0.200"
run evaluate gold.jsonl --script no/such.lua
expect_status 1
expect_stderr_contains "no/such.lua: no such script"

# Matches of parley.match are Spans with a label and a rule: an extractor may return them as they are.
# This gazetteer lists every gold name, and the longest match wins, so all 7 PERSON spans are exact.
cat >gazetteer.lua <<'EOF'
local match = require("parley.match")
local people = match.phrases{ "Ararat Mirzoyan", "Jeyhun Bayramov", "Nikol Pashinyan", "Ilham Aliyev",
  "Emmanuel Macron", "Mirzoyan", "Macron", label = "PERSON", name = "people" }
return function(doc) return doc:match(people) end
EOF
run evaluate --label PERSON gold.jsonl --script gazetteer.lua
expect_status 0
expect_stdout_line "people  PERSON     7     7   7   0   0      1.000   1.000  1.000"
expect_stdout_line "all        7     7   7   0   0      1.000   1.000  1.000"

# ---- the bundled extractors answer to --evaluate ----
# One direct quotation (bytes 46..66, code points 43..64) and one reported (78..102).
cat >quotes.jsonl <<'EOF'
{"text": "Nikol Pashinyan told reporters on Monday: “We are ready to sign.” Aliyev said the talks would continue.", "spans": [{"label": "QUOTE", "start": 43, "stop": 64, "text": "We are ready to sign.", "attrs": {"speaker": "pashinyan"}}, {"label": "QUOTE", "start": 78, "stop": 102, "text": "the talks would continue", "attrs": {"speaker": "aliyev"}}]}
EOF
run evaluate quotes.jsonl --script quotes
expect_status 0
expect_stdout_line "quotes.jsonl: 1 documents, 2 gold spans; quotes: 2 predictions"
expect_stdout_line "all       2     2   2   0   0      1.000   1.000  1.000"
expect_stdout_line "speaker         2      2     1.000"
run evaluate --label PERSON quotes.jsonl --script actors
expect_status 0
expect_stdout_line "quotes.jsonl: 1 documents, 0 gold spans; actors: 2 predictions"

# ---- bad gold files ----
printf '{"text": "ok"}\nnot json\n' >bad.jsonl
run evaluate bad.jsonl --script people.lua
expect_status 1
expect_stderr_one_clean_line
expect_stderr_contains "bad.jsonl:2: invalid JSON"
printf '{"text": "Baku ok", "spans": [{"label": "P", "start": 0, "stop": 4, "text": "Bak"}]}\n' >off.jsonl
run evaluate off.jsonl --script people.lua
expect_status 1
expect_stderr_contains 'off.jsonl:1: span 1: the text at 0..4 is "Baku", the span says "Bak"'
run evaluate missing.jsonl --script people.lua
expect_status 1
expect_stderr_contains "missing.jsonl"

# ---- usage errors ----
run evaluate
expect_status 2
expect_stderr_contains "give one gold file"
run evaluate gold.jsonl --run 1 --script people.lua
expect_status 2
expect_stderr_contains "--run reads the corpus"
run evaluate gold.jsonl --context wide
expect_status 2
expect_stderr_contains "--context"
run evaluate gold.jsonl --frobnicate
expect_status 2
run help evaluate
expect_status 0
expect_stdout_contains "code points from 0, stop exclusive"

finish
