# annotations.sh: `run --save`, re-runs replacing a script's results, `parley diff` between runs
# before and after a rule edit, `parley why`, SQL over annotations and documents.
source "$(dirname "$0")/lib/common.sh"

cp "$TEST_DIR/fixtures/gold.jsonl" "$TEST_DIR/fixtures/people.lua" .
run --db c.db ingest --jsonl gold.jsonl
expect_status 0
VERSION=$("$PARLEY_BIN" --version | cut -d' ' -f2)

# ---- the first run ----
# people.lua (see evaluate.sh) finds, in document order:
#  doc 1: two_caps 3 (ids 1-3), lexicon 3 (4-6: Mirzoyan, Bayramov, Mirzoyan), quote 1 (7)
#  doc 2: two_caps 2 (8-9), lexicon 2 (10-11), quote 1 (12)
#  doc 3: two_caps 2 (13-14)
run --db c.db run --save people.lua
expect_status 0
expect_stdout_empty
expect_stderr_empty
expect_eq "$(sql_value c.db 'SELECT count(*) FROM runs')" 1 "one run"
expect_eq "$(sql_value c.db 'SELECT script FROM runs')" "$(realpath people.lua)" "the script by its real path"
expect_eq "$(sql_value c.db 'SELECT script_hash FROM runs')" "$(sha256sum people.lua | cut -d' ' -f1)" \
    "the script's SHA-256"
expect_eq "$(sql_value c.db 'SELECT engine_version FROM runs')" "$VERSION" "the engine version"
expect_eq "$(sql_value c.db 'SELECT args FROM runs')" "[]" "no arguments"
expect_eq "$(sql_value c.db 'SELECT finished_at IS NOT NULL FROM runs')" 1 "finished"
expect_eq "$(sql_value c.db 'SELECT count(*) FROM annotations WHERE run = 1')" 14 "14 annotations"
expect_eq "$(sql_value c.db "SELECT group_concat(n, ' ') FROM (SELECT count(*) AS n FROM annotations GROUP BY doc ORDER BY doc)")" \
    "7 5 2" "7, 5 and 2 per document"
expect_eq "$(sql_value c.db 'SELECT count(*) FROM run_docs WHERE run = 1')" 3 "every document read is recorded"
expect_eq "$(sql_value c.db "SELECT label || ' ' || rule || ' ' || json_extract(attrs, '$.speaker') FROM annotations WHERE id = 7")" \
    'QUOTE quote Jeyhun Bayramov' "the rule apart from the attrs"
expect_eq "$(sql_value c.db "SELECT count(*) FROM annotations WHERE attrs IS NULL")" 12 "no attrs but the quotes'"

# ---- SQL: annotations joined with their documents ----
run --db c.db sql --csv "SELECT d.title, a.label, count(*) AS n FROM annotations a
  JOIN documents d ON d.id = a.doc GROUP BY d.id, a.label ORDER BY d.id, a.label"
expect_status 0
expect_eq "$(tr -d '\r' <"$STDOUT_FILE")" "title,label,n
Almaty round,PERSON,6
Almaty round,QUOTE,1
Baku and Yerevan,PERSON,4
Baku and Yerevan,QUOTE,1
Paris,PERSON,2" "counts per title and label"
run --db c.db sql "SELECT substr(d.text, a.start, a.stop - a.start + 1) AS text FROM annotations a
  JOIN documents d ON d.id = a.doc WHERE a.id = 13"
expect_stdout_line "Emmanuel Macron"

# ---- the rule edit, and the second run ----
# lexicon: Bayramov out, Macron in; quote: the text inside the marks, under a new rule name.
sed -e 's/Mirzoyan|Bayramov/Mirzoyan|Macron/' \
    -e 's/doc:find("“\[^”\]\*”")/doc:find("“([^”]*)”")/' \
    -e 's/doc:annotate("QUOTE", q, { rule = "quote"/doc:annotate("QUOTE", q.captures[1], { rule = "quote_inner"/' \
    people.lua >edited.lua && mv edited.lua people.lua
expect_eq "$(grep -c 'Macron\|quote_inner\|(\[^' people.lua)" 3 "setup: the three edits are in"
run --db c.db run --save people.lua
expect_status 0
expect_eq "$(sql_value c.db 'SELECT count(*) FROM runs')" 2 "a second run"
# Run 2 saves, in order: doc 1: 3 two_caps (15-17), Mirzoyan x2 (18-19), quote (20);
# doc 2: 2 two_caps (21-22), 2 lexicon (23-24), quote (25); doc 3: 2 two_caps (26-27), Macron x2 (28-29).
expect_eq "$(sql_value c.db 'SELECT count(*) FROM annotations')" 15 "run 2's 15 replace run 1's 14"
expect_eq "$(sql_value c.db 'SELECT count(*) FROM annotations WHERE run = 1')" 0 "none of run 1 is current"
expect_eq "$(sql_value c.db 'SELECT count(*) FROM replaced_annotations WHERE run = 1 AND replaced_by = 2')" 14 \
    "run 1's are history"

# ---- diff ----
# doc 1: Bayramov removed; the quote loses its marks (bytes 65..92 -> 68..89) and its rule changes;
# doc 2: the quote likewise (64..82 -> 67..79; the stored text has LF where the file had CRLF);
# doc 3: two Macron added. Everything else is identical: 5 + 4 + 2 = 11 unchanged.
run --db c.db diff 1 2
expect_status 0
expect_stderr_empty
expect_stdout_matches "^a: run 1  [0-9T:-]+Z  .*/people\.lua  sha256 [0-9a-f]{12}$"
expect_stdout_matches "^b: run 2  "
expect_stdout_line "3 documents saved by both: 2 added, 1 removed, 2 changed, 11 unchanged"
expect_stdout_matches '^removed +1 +PERSON +#5 45\.\.52 Bayramov$'
expect_stdout_matches '^changed +1 +QUOTE +#7 65\.\.92 “The talks were useful,” \{"speaker":"Jeyhun Bayramov"\} +#20 68\.\.89 The talks were useful, \{"speaker":"Jeyhun Bayramov"\} +bounds,rule$'
expect_stdout_matches '^changed +2 +QUOTE +#12 64\.\.82 “We are ready\.” .* +#25 67\.\.79 We are ready\. .* +bounds,rule$'
expect_stdout_matches '^added +3 +PERSON +#28 10\.\.15 Macron$'
expect_stdout_matches '^added +3 +PERSON +#29 43\.\.48 Macron$'
expect_eq "$(grep -cE '^(added|removed|changed) ' "$STDOUT_FILE")" 5 "five rows"
run --db c.db diff --json 1 2
expect_status 0
if msg=$(py_check "$STDOUT_FILE" 2>&1 <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert (d["a"]["id"], d["b"]["id"], d["documents"], d["unchanged"]) == (1, 2, 3, 11), d
assert [a["id"] for a in d["added"]] == [28, 29]
assert [a["text"] for a in d["removed"]] == ["Bayramov"]
c = d["changed"]
assert [(x["before"]["id"], x["after"]["id"], x["what"]) for x in c] == [(7, 20, ["bounds", "rule"]), (12, 25, ["bounds", "rule"])], c
assert c[0]["after"]["rule"] == "quote_inner" and c[0]["before"]["rule"] == "quote"
EOF
); then pass; else fail "diff --json" "$msg"; fi
# The other way round, added and removed swap.
run --db c.db diff 2 1
expect_stdout_line "3 documents saved by both: 1 added, 2 removed, 2 changed, 11 unchanged"

# ---- why ----
run --db c.db why 20
expect_status 0
expect_stderr_empty
expect_stdout_line 'annotation  20  QUOTE  bytes 68..89  "The talks were useful,"'
expect_stdout_line "rule        quote_inner"
expect_stdout_line 'attrs       {"speaker":"Jeyhun Bayramov"}'
expect_stdout_line "document    1  2025-03-13  Almaty round"
expect_stdout_line "sentence    “[The talks were useful,]” Mirzoyan said."
expect_stdout_line "script      $(realpath people.lua)"
expect_stdout_matches "^sha256      [0-9a-f]{64}$"
expect_stdout_matches '^run         2  started [0-9T:-]+Z  finished [0-9T:-]+Z  args \[\]$'
expect_stdout_line "engine      parley $VERSION"
expect_stdout_not_contains "replaced"
# A replaced annotation keeps its provenance, and says what replaced it.
run --db c.db why 5
expect_status 0
expect_stdout_line 'annotation  5  PERSON  bytes 45..52  "Bayramov"'
expect_stdout_line "sentence    Foreign Minister Ararat Mirzoyan met Jeyhun [Bayramov] in Almaty."
expect_stdout_line "rule        lexicon"
expect_stdout_line "attrs       -"
expect_stdout_matches '^run         1  '
expect_stdout_line "replaced    by run 2 (a later run of the script)"
run --db c.db why --json 12
expect_status 0
if msg=$(py_check "$STDOUT_FILE" 2>&1 <<'EOF'
import json, sys
w = json.load(open(sys.argv[1], encoding="utf-8"))
assert (w["id"], w["label"], w["start"], w["stop"], w["rule"]) == (12, "QUOTE", 64, 82, "quote"), w
assert w["text"] == "“We are ready.”" and w["attrs"] == {"speaker": "Nikol Pashinyan"}
assert w["doc"] == {"id": 2, "title": "Baku and Yerevan"}, w["doc"]
assert w["sentence"]["text"] == "Nikol Pashinyan replied: “We are ready.”", w["sentence"]
assert w["run"]["id"] == 1 and w["run"]["args"] == [] and w["replaced_by"] == 2
EOF
); then pass; else fail "why --json" "$msg"; fi
run --db c.db why 999
expect_status 1
expect_stderr_equals "parley: no annotation 999 in c.db"
run --db c.db why abc
expect_status 2
run --db c.db diff 1 99
expect_status 1
expect_stderr_equals "parley: no run 99 in c.db"
run --db c.db diff 1
expect_status 2

# ---- a document that now yields nothing loses its old results ----
# Skip document 3: run 3 reads it and saves nothing for it, so run 2's 4 annotations there go.
sed -e 's/^local function extract(doc)$/local function extract(doc)\n  if doc.title == "Paris" then return end/' \
    people.lua >edited.lua && mv edited.lua people.lua
run --db c.db run --save people.lua
expect_status 0
expect_eq "$(sql_value c.db 'SELECT count(*) FROM annotations WHERE doc = 3')" 0 "doc 3 is empty now"
expect_eq "$(sql_value c.db 'SELECT count(*) FROM run_docs WHERE run = 3')" 3 "yet run 3 saved it"
run --db c.db diff 2 3
expect_stdout_line "3 documents saved by both: 0 added, 4 removed, 0 changed, 11 unchanged"

# ---- corpus:save outside `run --save`: eval is the script "lua" ----
run --db c.db eval 'local c = parley.open(); local d = c:get(3)
  d:annotate("PLACE", d:find("leaders")[1], { rule = "eval" }); return c:save(d)'
expect_status 0
expect_stdout_equals "1"
expect_eq "$(sql_value c.db "SELECT script || ' ' || (script_hash IS NULL) || ' ' || (finished_at IS NOT NULL) FROM runs WHERE id = 4")" \
    "lua 1 1" "an eval's run: script lua, no hash, finished"
# A script that annotates without --save or corpus:save writes nothing.
cat >nosave.lua <<'EOF'
local c = assert(parley.open())
for doc in c:docs() do doc:annotate("X", { 1, 3 }) end
EOF
run --db c.db run nosave.lua
expect_status 0
expect_eq "$(sql_value c.db "SELECT count(*) FROM annotations WHERE label = 'X'")" 0 "nothing saved"
expect_eq "$(sql_value c.db 'SELECT count(*) FROM runs')" 4 "no run made"

# ---- a script that fails: the documents it finished are saved, the run is left unfinished ----
cat >fails.lua <<'EOF'
local c = assert(parley.open())
for doc in c:docs() do
  doc:annotate("SEEN", { 1, 3 })
  if doc.id == 3 then error("stopped at 3") end
end
EOF
run --db c.db run --save fails.lua one two
expect_status 1
expect_stderr_contains "stopped at 3"
expect_eq "$(sql_value c.db "SELECT group_concat(doc, ' ') FROM annotations WHERE label = 'SEEN'")" "1 2" \
    "documents 1 and 2 were saved as the loop moved on; 3 was not"
expect_eq "$(sql_value c.db "SELECT json_extract(args, '\$[1]') || ' ' || (finished_at IS NULL) FROM runs WHERE id = 5")" \
    'two 1' "arguments recorded; the run never finished"

# ---- --save with corpus:get: a document annotated after it was saved is saved again ----
cat >late.lua <<'EOF'
local c = assert(parley.open())
local first = c:get(1)
first:annotate("LATE", { 1, 3 })
local second = c:get(2)          -- moving on: the first is saved here, with one annotation
first:annotate("LATE", { 5, 7 }) -- and is pending again
EOF
run --db c.db run --save late.lua
expect_status 0
expect_eq "$(sql_value c.db "SELECT count(*) FROM annotations WHERE label = 'LATE' AND doc = 1")" 2 \
    "both annotations of the first document, saved when the script ended"
expect_eq "$(sql_value c.db "SELECT count(*) FROM run_docs WHERE run = 6")" 2 "and the second was saved too"

# ---- usage ----
run --db c.db --readonly run --save people.lua
expect_status 2
expect_stderr_contains "--save writes to the corpus"
run --db c.db run --readonly --save people.lua
expect_status 2
# A read-only corpus refuses corpus:save with a message, not a crash.
run --db c.db --readonly eval 'local c = parley.open(); local d = c:get(1); d:annotate("X", {1, 2}); return c:save(d)'
expect_status 0
expect_stdout_matches '^nil	"corpus\.save: c\.db: corpus is read-only"$'
run help run
expect_stdout_contains "--save"
run help why
expect_status 0
run help diff
expect_status 0

finish
