# merge.sh: `parley merge OUT.db SHARD...`: shards ingested apart (in parallel) combine into the corpus a
# single ingest makes; duplicates by content hash; runs and annotations keep their provenance.
source "$(dirname "$0")/lib/common.sh"

reuters_files 200

# Four shard directories; shard 3 also holds a copy of an article from shard 0 under another name.
for i in 0 1 2 3; do mkdir "in$i"; done
for k in "${!FILES[@]}"; do cp "${FILES[$k]}" "in$((k * 4 / ${#FILES[@]}))/"; done
cp "${FILES[0]}" in3/zz-copy.txt
# shellcheck disable=SC2016
printf '%s\n' 0 1 2 3 | xargs -P 4 -I{} sh -c '"$0" -q --db shard-$1.db ingest in$1' "$PARLEY_BIN" {}
for i in 0 1 2 3; do
    expect_eq "$(($(doc_count shard-$i.db) > 40))" 1 "shard $i was ingested"
done
"$PARLEY_BIN" -q --db single.db ingest in0 in1 in2 in3

# Provenance to carry: runs and annotations, written as `doc:annotate` and `corpus:save` will write them.
"$PARLEY_BIN" --db shard-1.db sql "INSERT INTO runs(script, script_hash, engine_version, args, started_at, finished_at)
    VALUES ('ner.lua', 'abc123', '0.1.0', '[\"--strict\"]', '2025-03-13T10:00:00Z', '2025-03-13T10:01:00Z')" >/dev/null
"$PARLEY_BIN" --db shard-1.db sql "INSERT INTO annotations(doc, label, start, stop, attrs, rule, run) VALUES
    (2, 'ORG', 1, 5, '{\"score\":0.9}', 'orgs', 1), (3, 'LOC', 7, 12, NULL, 'places', 1), (4, 'NOTE', 0, 4, NULL, 'manual', NULL)" >/dev/null
LAST3=$(sql_value shard-3.db "SELECT id FROM documents WHERE origin = 'in3/zz-copy.txt'")
"$PARLEY_BIN" --db shard-3.db sql "INSERT INTO runs(script, started_at) VALUES ('people.lua', '2025-03-14T09:00:00Z')" >/dev/null
"$PARLEY_BIN" --db shard-3.db sql "INSERT INTO annotations(doc, label, start, stop, run) VALUES ($LAST3, 'PER', 0, 6, 1)" >/dev/null

# ---- merge: the single ingest's documents, in shard order ----
run merge out.db shard-0.db shard-1.db shard-2.db shard-3.db
expect_status 0
expect_stderr_empty
expect_stdout_line "shard-3.db: added $(($(doc_count shard-3.db) - 1)) documents (1 already present), 1 run, 1 annotation"
SHARDED=$(($(doc_count shard-0.db) + $(doc_count shard-1.db) + $(doc_count shard-2.db) + $(doc_count shard-3.db)))
expect_stdout_line "out.db: added $(doc_count single.db) documents ($((SHARDED - $(doc_count single.db))) already present), 2 runs, 4 annotations"
rows() { sql_value "$1" "SELECT id || ' ' || hash || ' ' || origin || ' ' || coalesce(title, '') || ' ' || bytes FROM documents ORDER BY id"; }
# Both sides are pinned first: two failed queries would compare equal.
expect_eq "$(rows single.db | wc -l | tr -d ' ')" "$(doc_count single.db)" "a row per document to compare"
expect_eq "$(($(doc_count single.db) > 190))" 1 "the single ingest stored the articles"
expect_eq "$(rows out.db)" "$(rows single.db)" "the merged corpus is the single ingest's, ids included"
COCOA=$(sql_value single.db "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'cocoa'")
expect_eq "$((${COCOA:-0} > 0))" 1 "the full-text index finds 'cocoa' (got '$COCOA')"
expect_eq "$(sql_value out.db "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'cocoa'")" \
    "$(sql_value single.db "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'cocoa'")" \
    "merged documents are in the full-text index"
run --db out.db run wordcount
cp "$STDOUT_FILE" merged.txt
run --db single.db run wordcount
expect_stdout_equals merged.txt

# Annotations point at the same texts as in their shard, with their run's script and rule.
notes() {   # DB: label, rule, script, args, attributes, the annotated text's hash, the range; sorted
    sql_value "$1" "SELECT a.label || '|' || coalesce(a.rule, '') || '|' || coalesce(r.script, '') || '|' || coalesce(r.args, '') || '|' || coalesce(a.attrs, '') || '|' || d.hash || '|' || a.start || '-' || a.stop AS n FROM annotations a JOIN documents d ON d.id = a.doc LEFT JOIN runs r ON r.id = a.run" | sort
}
expect_eq "$(notes out.db)" "$( (notes shard-1.db; notes shard-3.db) | sort)" "annotations keep text, rule, run and attributes"
expect_eq "$(notes out.db | wc -l | tr -d ' ')" 4 "four annotations"
expect_eq "$(sql_value out.db "SELECT d.origin FROM annotations a JOIN documents d ON d.id = a.doc WHERE a.label = 'PER'")" \
    "in0/$(basename "${FILES[0]}")" "an annotation on a duplicate goes to the document already there"
expect_eq "$(sql_value out.db "SELECT script || ' ' || engine_version || ' ' || finished_at FROM runs WHERE script = 'ner.lua'")" \
    "ner.lua 0.1.0 2025-03-13T10:01:00Z" "runs are copied whole"

# Merging again adds nothing.
run merge out.db shard-1.db shard-3.db
expect_status 0
expect_stdout_line "shard-1.db: added 0 documents ($(doc_count shard-1.db) already present), 0 runs (1 already present), 0 annotations (3 already present)"
expect_eq "$(sql_value out.db 'SELECT (SELECT count(*) FROM runs) || (SELECT count(*) FROM annotations)')" 24 "still 2 runs and 4 annotations"
run -q merge out.db shard-0.db
expect_status 0
expect_stdout_empty

# An annotation a shard adds later is merged by itself.
"$PARLEY_BIN" --db shard-1.db sql "INSERT INTO annotations(doc, label, start, stop, rule, run) VALUES (2, 'ORG', 9, 14, 'orgs', 1)" >/dev/null
run merge out.db shard-1.db
expect_stdout_contains "0 runs (1 already present), 1 annotation (3 already present)"

# ---- annotations saved by runs: replaced ones and the runs' documents come along (schema 2) ----
cat >tag.lua <<'EOF'
-- tag: annotate "said" (and "told" with the argument "more") in the first 30 documents
local words = { "said" }
if arg[1] == "more" then words[2] = "told" end
for doc in assert(parley.open()):docs{ limit = 30 } do
  for _, w in ipairs(words) do
    for _, m in ipairs(doc:find("\\b" .. w .. "\\b")) do doc:annotate(w:upper(), m, { rule = w }) end
  end
end
EOF
cp shard-2.db hist.db
"$PARLEY_BIN" -q --db hist.db run --save tag.lua
"$PARLEY_BIN" -q --db hist.db run --save tag.lua more
history() {   # DB: counts of annotations, replaced annotations, the runs' documents
    sql_value "$1" "SELECT (SELECT count(*) FROM annotations) || ' ' || (SELECT count(*) FROM replaced_annotations) || ' ' || (SELECT count(*) FROM run_docs)"
}
expect_eq "$(($(sql_value hist.db 'SELECT count(*) FROM replaced_annotations') > 0))" 1 "the second run replaced the first one's annotations"
"$PARLEY_BIN" --db hist.db diff 1 2 >diff-shard.txt
run merge hist-out.db hist.db
expect_status 0
expect_stdout_contains "replaced annotations"
expect_eq "$(history hist-out.db)" "$(history hist.db)" "annotations, replaced annotations and run documents are all there"
"$PARLEY_BIN" --db hist-out.db diff 1 2 >diff-out.txt
expect_eq "$(tail -n +3 diff-out.txt | sed 's/#[0-9]*//g')" "$(tail -n +3 diff-shard.txt | sed 's/#[0-9]*//g')" \
    "parley diff of the two runs says the same after the merge"
expect_eq "$(sql_value hist-out.db "SELECT count(*) FROM annotations a JOIN replaced_annotations r ON r.id = a.id")" 0 \
    "an id names one annotation, live or replaced"
"$PARLEY_BIN" -q --db hist-out.db run --save tag.lua more
expect_eq "$(sql_value hist-out.db "SELECT min(id) > (SELECT max(id) FROM replaced_annotations) FROM annotations WHERE run = 3")" 1 \
    "later annotations are numbered after the merged replaced ones"
run merge hist-out.db hist.db
expect_stdout_contains "0 replaced annotations ("

# ---- refusals ----
echo "not a database" >notes.txt
py_check foreign.db <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("CREATE TABLE t(x)")
db.commit()
EOF
cp shard-2.db newer.db
py_check newer.db <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA user_version = 99")
db.commit()
EOF
before=$(rows out.db)
run merge out.db foreign.db
expect_status 1
expect_stderr_equals "parley: foreign.db: not a parley corpus"
run merge out.db notes.txt
expect_status 1
expect_stderr_contains "notes.txt: not a SQLite database"
run merge out.db newer.db
expect_status 1
expect_stderr_contains "newer.db: written by a newer parley (schema 99"
run merge out.db out.db
expect_status 1
expect_stderr_equals "parley: out.db: is the output corpus itself"
run merge out.db missing.db
expect_status 1
expect_stderr_contains "missing.db: no such corpus"
expect_eq "$(rows out.db)" "$before" "a refused shard changes nothing"
# A bad shard after a good one: the good one stays merged, and the message says so.
run merge fresh.db shard-0.db foreign.db shard-1.db
expect_status 1
expect_stderr_contains "the 1 shard before it is merged"
expect_eq "$(doc_count fresh.db)" "$(doc_count shard-0.db)" "the first shard is in"

# ---- usage ----
run merge
expect_status 2
expect_stderr_contains "no OUT.db given"
run merge only.db
expect_status 2
expect_stderr_contains "no SHARD to merge into only.db"
expect_no_file only.db
run merge --frobnicate out.db shard-0.db
expect_status 2
run --readonly merge out.db shard-0.db
expect_status 2

finish
