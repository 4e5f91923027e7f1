# storage.sh: a full disk, a file size limit, and corrupt, truncated or foreign database files: clear errors, no crash, the corpus intact.
source "$(dirname "$0")/lib/common.sh"

# 40 files of 50 KB: about 2 MB of text to write.
mkdir big
for i in $(seq 1 40); do
    yes "The delegations met again and the ceasefire held through night $i." | head -c 50000 >"big/f$i.txt"
    echo "end $i" >>"big/f$i.txt"
done

# intact DB DOCS WHAT: the corpus opens, passes integrity_check, and holds DOCS documents.
intact() {
    expect_eq "$(sql_value "$1" 'PRAGMA integrity_check')" ok "integrity_check after $3"
    expect_eq "$(doc_count "$1")" "$2" "documents after $3"
}

run --db c.db ingest -q "$SEED_DIR"
expect_status 0

# ---- a file size limit (ulimit -f): the write fails with EFBIG ----
# SIGXFSZ would kill the process before the error could be reported: ignored,
# as a shell's `trap '' XFSZ` does, the write returns the error instead.
cp c.db limited.db
( trap '' XFSZ; ulimit -f 300; exec "$PARLEY_BIN" --db limited.db ingest big ) >"$STDOUT_FILE" 2>"$STDERR_FILE"
STATUS=$?
LAST_CMD="ulimit -f 300; parley --db limited.db ingest big"
expect_status 1
expect_stderr_contains "limited.db: disk I/O error (File too large)"
expect_stderr_contains "nothing was ingested"
intact limited.db 1 "a write past the file size limit"

# The same during a script's writes: corpus:add returns nil and the message.
cat >adder.lua <<'LUA'
local c = assert(parley.open())
local text = string.rep("The ceasefire held through the night. ", 2000)
for i = 1, 200 do
  local id, err = c:add(i .. " " .. text)
  if not id then print(err) os.exit(1) end
end
LUA
cp c.db limited2.db
( trap '' XFSZ; ulimit -f 300; exec "$PARLEY_BIN" --db limited2.db run adder.lua ) >"$STDOUT_FILE" 2>"$STDERR_FILE"
STATUS=$?
expect_status 1
expect_stdout_contains "corpus.add: limited2.db: disk I/O error"
expect_eq "$(sql_value limited2.db 'PRAGMA integrity_check')" ok "integrity_check after a script hit the limit"

# ---- a full file system: a small tmpfs, mounted in a user namespace ----
if unshare -rm true 2>/dev/null; then
    cp c.db tofill.db
    unshare -rm bash -c '
        mkdir -p small && mount -t tmpfs -o size=400k tmpfs small || exit 99
        cp tofill.db small/
        "$0" --db small/tofill.db ingest big >.out 2>.err
        echo $? >.status
        "$0" --db small/tofill.db sql --csv "PRAGMA integrity_check" >.check 2>&1
        "$0" --db small/tofill.db sql --csv "SELECT count(*) FROM documents" >.count 2>&1
        "$0" --db small/tofill.db ingest "$1" >.again 2>&1
        echo $? >>.status' "$PARLEY_BIN" "$(seed_file)"
    LAST_CMD="parley --db small/tofill.db ingest big (on a 400 KB tmpfs)"
    expect_eq "$(head -n 1 .status)" 1 "status of an ingest into a full file system"
    # which file meets the full disk depends on the bytes written per document, not on parley's contract
    expect_eq "$(sed 's|big/f[0-9]*\.txt|big/fN.txt|' .err)" "parley: big/fN.txt: small/tofill.db: database or disk is full
parley: nothing was ingested (use --skip-bad to ingest the rest)" "message of an ingest into a full file system"
    expect_eq "$(tail -n 1 .check | tr -d '\r')" ok "integrity_check on the full file system"
    expect_eq "$(tail -n 1 .count | tr -d '\r')" 1 "documents on the full file system"
    expect_eq "$(tail -n 1 .status)" 0 "a small ingest still fits afterwards"
else
    echo "NOTE storage.sh: no user namespaces here; the tmpfs test is skipped (ulimit -f covers the path)"
fi

# ---- files that are not a healthy corpus ----

# broken DB WHAT: every command fails with one clean line, status 1, no crash.
broken() {
    local db=$1 what=$2
    run --db "$db" sql 'SELECT count(*) FROM documents'
    expect_no_crash
    expect_status 1
    expect_stderr_not_contains "stack traceback"
    expect_stderr_contains "$db: "
    run --db "$db" ingest "$(seed_file)"
    expect_no_crash
    expect_status 1
    run --db "$db" search peace
    expect_no_crash
    expect_status 1
    run --db "$db" eval 'local c, err = parley.open() print(c, err) if c then print(c:count()) end'
    expect_no_crash
    expect_stderr_not_contains "AddressSanitizer"
    expect_stdout_contains "nil	$db: "   # parley.open returns nil and the message
}

printf 'Just some text, not a database at all.\n' >text.db
broken text.db "a text file"
expect_stdout_contains "not a SQLite database"

head -c 65536 /dev/urandom >random.db
broken random.db "random bytes"

printf 'SQLite format 3\0' >header-only.db
broken header-only.db "a bare SQLite header"

# A real corpus of several pages, cut in half.
run --db whole.db ingest -q big
expect_status 0
size=$(stat -c %s whole.db)
head -c $((size / 2)) whole.db >truncated.db
broken truncated.db "a corpus cut in half"
expect_stdout_contains "malformed"

# The same corpus with pages overwritten in the middle.
cp whole.db corrupt.db
dd if=/dev/urandom of=corrupt.db bs=4096 seek=3 count=8 conv=notrunc status=none
run --db corrupt.db sql 'PRAGMA integrity_check'
expect_no_crash
run --db corrupt.db sql 'SELECT count(*), sum(length(text)) FROM documents'
expect_no_crash
expect_status_in "0 1"
run --db corrupt.db search ceasefire
expect_no_crash
run --db corrupt.db ingest "$(seed_file)"
expect_no_crash
run --db corrupt.db run overview
expect_no_crash

# An empty file is adopted as a new corpus (what a killed first open leaves); a directory is refused.
: >empty.db
run --db empty.db ingest -q "$(seed_file)"
expect_status 0
intact empty.db 1 "adopting an empty file"
mkdir dir.db
run --db dir.db sql 'SELECT 1'
expect_status 1
expect_stderr_contains "dir.db: is a directory, not a corpus"

finish
