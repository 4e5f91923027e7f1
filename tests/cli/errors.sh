# errors.sh: a --db that is not a corpus (a text file, a directory, a damaged or newer
# database, a path that cannot exist): a clear error naming it, exit 1, no crash,
# and the file left as it was. (SIGKILL during ingest: kill.sh.)
source "$(dirname "$0")/lib/common.sh"

printf 'Text for ingesting.\n' >doc.txt
printf 'this is not a database, just a few words of text\n' >notdb.db
NOTDB_SHA=$(sha256sum notdb.db | cut -d' ' -f1)
mkdir dir.db

# check_bad_db DB WHAT: the last command failed cleanly because of DB.
check_bad_db() {
    expect_status 1
    expect_stdout_empty
    expect_stderr_contains "$1"
    expect_stderr_not_contains "(null)"
}

# ---- a text file as --db ----
for db_first in yes no; do
    for cmd in "sql|SELECT 1" "search|peace" "ingest|doc.txt" "eval|assert(parley.open())"; do
        IFS='|' read -r name arg <<<"$cmd"
        if [ $db_first = yes ]; then run --db notdb.db "$name" "$arg"; else run "$name" --db notdb.db "$arg"; fi
        check_bad_db notdb.db
        expect_stderr_matches -i 'not a (sqlite |parley )?(database|corpus)'
        [ "$name" = eval ] || expect_stderr_one_clean_line
        expect_file_unchanged notdb.db "$NOTDB_SHA" "notdb.db unchanged after $name"
    done
done
run --db notdb.db run overview
check_bad_db notdb.db
expect_stderr_matches -i 'not a (sqlite |parley )?(database|corpus)'
run_input $'1+1\n' --db notdb.db
check_bad_db notdb.db
expect_stderr_one_clean_line
PARLEY_DB=$WORK/notdb.db run sql 'SELECT 1'
check_bad_db notdb.db
# The API returns nil, message for it (a data error, not a raise).
run eval 'local c, err = parley.open("notdb.db"); print(c, err)'
expect_status 0
expect_stdout_matches '^nil[[:space:]].*notdb\.db'
expect_file_unchanged notdb.db "$NOTDB_SHA" "notdb.db unchanged at the end"

# ---- a directory as --db ----
for cmd in "sql|SELECT 1" "search|peace" "ingest|doc.txt"; do
    IFS='|' read -r name arg <<<"$cmd"
    run --db dir.db "$name" "$arg"
    check_bad_db dir.db
    expect_stderr_one_clean_line
    expect_stderr_matches -i 'director'
done
run --db dir.db run overview
check_bad_db dir.db
run_input $'1+1\n' --db dir.db
check_bad_db dir.db
expect_eq "$(ls -A dir.db | wc -l | tr -d ' ')" 0 "nothing created inside the directory"

# ---- a --db whose directory does not exist ----
run --db no/such/dir/x.db ingest doc.txt
check_bad_db no/such/dir/x.db
expect_stderr_one_clean_line
expect_no_file no

# ---- a damaged corpus: the first half of a real one ----
"$PARLEY_BIN" --db good.db ingest "$(seed_file)" doc.txt >/dev/null 2>&1
expect_eq "$(doc_count good.db)" 2 "setup: good.db"
size=$(wc -c <good.db | tr -d ' ')
head -c $((size / 2)) good.db >half.db
for cmd in "sql|SELECT count(*), group_concat(text) FROM documents" "search|treaty" "ingest|doc.txt"; do
    IFS='|' read -r name arg <<<"$cmd"
    run --db half.db "$name" "$arg"
    expect_no_crash
    expect_status 1
    expect_stderr_not_contains "traceback"
done
# A file that is a database header followed by garbage.
{ head -c 100 good.db; head -c 8000 /dev/zero | tr '\0' 'x'; } >garbage.db
run --db garbage.db sql 'SELECT count(*) FROM documents'
expect_no_crash
expect_status 1
expect_stderr_one_clean_line

# ---- a corpus written by a newer parley (a schema version it does not know) ----
cp good.db newer.db
"$PARLEY_BIN" --db newer.db sql 'PRAGMA user_version = 99' >/dev/null 2>&1
expect_eq "$(sql_value newer.db 'PRAGMA user_version' 2>/dev/null)" "" \
    "a corpus with user_version 99 is not opened as if it were current"
run --db newer.db sql 'SELECT count(*) FROM documents'
expect_status 1
expect_stderr_one_clean_line
expect_stderr_contains "newer.db"
run --db newer.db ingest doc.txt
expect_status 1
expect_stderr_contains "newer.db"

# ---- an empty (zero-byte) file as --db: no crash ----
: >zero.db
run --db zero.db sql 'SELECT count(*) FROM documents'
expect_no_crash
expect_stderr_not_contains "traceback"

# ---- inputs that are not files ----
run --db in.db ingest /dev/null
expect_no_crash
run --db in.db ingest no-such-dir/
expect_status 1
expect_stderr_contains "no-such-dir"
expect_stderr_not_contains "traceback"

finish
