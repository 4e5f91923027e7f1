# readonly.sh: --readonly runs reads (scripts, SELECT, search, REPL) and refuses every
# write with a clear message and a non-zero status, leaving the database unchanged.
source "$(dirname "$0")/lib/common.sh"

cp "$(seed_file)" seed.txt
printf 'A second, plain document about the talks.\n' >second.txt
"$PARLEY_BIN" --db ro.db ingest seed.txt second.txt >/dev/null 2>&1
expect_eq "$(doc_count ro.db)" 2 "setup: two documents"
STATE_SQL="SELECT group_concat(id || ':' || hash || ':' || coalesce(title, '') || ':' || length(text), ';') FROM documents"
STATE=$(sql_value ro.db "$STATE_SQL")
SHA=$(sha256sum ro.db | cut -d' ' -f1)
printf 'Something new to ingest.\n' >new.txt

unchanged() {   # WHAT
    expect_eq "$(sql_value ro.db "$STATE_SQL")" "$STATE" "database contents unchanged after: $1"
    expect_file_unchanged ro.db "$SHA" "database file unchanged after: $1"
}

# ---- reads work ----
run --readonly --db ro.db sql --csv 'SELECT count(*) AS n FROM documents'
expect_status 0
if [ "$STATUS" = 0 ] && [ "$(tail -n 1 "$STDOUT_FILE" | tr -d '\r')" = 2 ]; then pass; else
    fail "--readonly sql SELECT should print the count 2"; fi
run --db ro.db --readonly run overview
expect_status 0
expect_stdout_matches '^\[1\] 2025-03-13 '
expect_stdout_matches '^\[2\] '
run sql --readonly --db ro.db 'SELECT title FROM documents ORDER BY id'
expect_status 0
expect_stdout_contains "seed"
run --readonly --db ro.db search treaty
expect_status 0
expect_stdout_contains "[treaty]"
run --readonly --db ro.db eval '#parley.open():sql("SELECT id FROM documents")'
expect_status 0
expect_stdout_equals "2"
run_input $'#corpus:sql("SELECT id FROM documents")\n' --readonly --db ro.db
expect_status 0
expect_stdout_equals "2"
unchanged "reads"

# ---- writes are refused ----
check_refused() {   # WHAT
    expect_status_nonzero
    expect_no_crash
    expect_stderr_matches -i 'read-?only'
    unchanged "$1"
}
run --readonly --db ro.db ingest new.txt
check_refused "ingest"
expect_stderr_lines 1
run ingest --readonly --db ro.db new.txt
check_refused "ingest --readonly"
run_input '{"text":"x"}' ingest --db ro.db --readonly --jsonl -
check_refused "ingest --jsonl"
run --readonly --db ro.db sql 'DELETE FROM documents'
check_refused "sql DELETE"
expect_stderr_lines 1
run --readonly --db ro.db sql "INSERT INTO runs(script, started_at) VALUES ('x', 'now')"
check_refused "sql INSERT"
run sql --db ro.db --readonly "UPDATE documents SET title = 'changed'"
check_refused "sql UPDATE (--readonly after the command)"
run --readonly --db ro.db sql 'DROP TABLE annotations'
check_refused "sql DROP"
run --readonly --db ro.db sql 'PRAGMA user_version = 99'
check_refused "PRAGMA user_version ="
cat >writer.lua <<'EOF'
local c = assert(parley.open())
print("before write")
c:sql("DELETE FROM documents")
print("after write")
EOF
run --readonly --db ro.db run writer.lua
check_refused "a script that writes"
expect_stdout_equals "before write"
run --readonly --db ro.db eval 'parley.open():sql("DELETE FROM documents")'
check_refused "eval that writes"
run_input $'corpus:sql("DELETE FROM documents")\n#corpus:sql("SELECT id FROM documents")\n' --readonly --db ro.db
check_refused "a REPL chunk that writes"
expect_stdout_equals "2"

# The same writes without --readonly do write (the refusals above are --readonly's doing).
cp ro.db rw.db
run --db rw.db sql "UPDATE documents SET title = 'changed' WHERE id = 2"
expect_status 0
expect_eq "$(sql_value rw.db 'SELECT title FROM documents WHERE id = 2')" changed "a write without --readonly"

# --readonly never creates a database.
run --readonly --db absent.db sql 'SELECT 1'
expect_no_crash
expect_no_file absent.db
run --readonly --db absent.db run overview
expect_no_crash
expect_no_file absent.db

finish
