# kill.sh: SIGKILL during `parley ingest` never leaves a broken corpus or a half document.
#
# Eight times: write 300 files of known content, ingest them in the background,
# kill -9 the ingest after a random delay, then check that the database opens,
# passes PRAGMA integrity_check and the FTS index check, and that every stored
# document is whole (its length and SHA-256 are those of its source file).
source "$(dirname "$0")/lib/common.sh"

ROUNDS=${PARLEY_KILL_ROUNDS:-8}
FILES=300
declare -A EXPECTED   # title -> "bytes sha256" of every file ever generated

# 60 KB of plain ASCII sentences to cut the files from (no metadata prefix, no
# headline, LF only: the stored text is the file byte for byte).
BASE=$(yes 'the delegations met again and the ceasefire held through the night' | head -c 60000)

# generate ROUND: gen/ holds FILES new files f_ROUND_NNN.txt of 500..30500 bytes.
generate() {
    local round=$1 i n size text
    local -A bytes
    rm -rf gen
    mkdir gen
    for ((i = 1; i <= FILES; i++)); do
        printf -v n '%03d' "$i"
        size=$(((i * 7919 + round * 104729) % 30000 + 500))
        printf -v text 'Document %s-%s of the kill test.\n%s\nEND-%s-%s.\n' "$round" "$n" "${BASE:0:size}" "$round" "$n"
        printf '%s' "$text" >"gen/f_${round}_$n.txt"
        bytes[f_${round}_$n]=${#text}   # ASCII: characters are bytes
    done
    local sum file title
    while read -r sum file; do
        title=${file##*/}
        title=${title%.txt}
        EXPECTED[$title]="${bytes[$title]} $sum"
    done < <(sha256sum gen/*.txt)
}

# check_db DB WHAT: the database opens, is intact, and holds only whole documents.
check_db() {
    local db=$1 what=$2
    local ok
    ok=$(sql_value "$db" 'PRAGMA integrity_check')
    expect_eq "$ok" ok "PRAGMA integrity_check after $what"
    if "$PARLEY_BIN" --db "$db" sql "INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')" \
        >/dev/null 2>"$WORK/.fts-err"; then pass; else
        fail "the full-text index disagrees with the documents after $what" "$(cat "$WORK/.fts-err")"; fi
    local rows bad=0 seen=0 title bytes hash details=
    rows=$(sql_value "$db" 'SELECT title, length(CAST(text AS BLOB)), hash FROM documents')
    while IFS=, read -r title bytes hash; do
        [ -n "$title" ] || continue
        seen=$((seen + 1))
        if [ "${EXPECTED[$title]:-}" != "$bytes $hash" ]; then
            bad=$((bad + 1))
            [ $bad -le 5 ] && details="$details
$title: stored $bytes bytes, sha256 $hash; file: ${EXPECTED[$title]:-(no such file)}"
        fi
    done <<<"$rows"
    local count
    count=$(doc_count "$db")
    if [ $bad = 0 ] && [ "$seen" = "$count" ]; then pass; else
        fail "after $what: $bad of $seen stored documents are not their whole source file (count(*) says $count)" \
            "${details#$'\n'}"; fi
}

# Calibrate: how long one uninterrupted ingest of FILES files takes here.
generate 0
t0=$(date +%s%N)
"$PARLEY_BIN" --db calibrate.db ingest gen >/dev/null 2>&1
t1=$(date +%s%N)
FULL_MS=$(((t1 - t0) / 1000000))
[ "$FULL_MS" -ge 5 ] || FULL_MS=5
check_db calibrate.db "an uninterrupted ingest"
expect_eq "$(doc_count calibrate.db)" $FILES "all files from an uninterrupted ingest"

# A kill while the database is being created.
for delay_ms in 1 5 20; do
    rm -f early.db early.db-wal early.db-shm early.db-journal
    kill_after "$delay_ms" "$PARLEY_BIN" --db early.db ingest gen
    if [ -e early.db ]; then check_db early.db "a kill $delay_ms ms after start on a new database"; fi
done

interrupted=0
for ((round = 1; round <= ROUNDS; round++)); do
    generate $round
    opts=
    [ $((round % 2)) = 0 ] && opts=--skip-bad     # commits in chunks
    delay_ms=$((RANDOM % (FULL_MS + FULL_MS / 5) + 1))
    kill_after "$delay_ms" "$PARLEY_BIN" --db k.db ingest $opts gen
    status=$KILLED_STATUS
    [ $status = 137 ] && interrupted=$((interrupted + 1))
    check_db k.db "round $round (ingest $opts killed after ${delay_ms} ms, status $status)"
done
echo "kill: $interrupted of $ROUNDS ingests were killed before they finished (a full one takes ~${FULL_MS} ms)"
if [ $interrupted -gt 0 ]; then pass; else
    fail "no ingest was interrupted: the test proved nothing (full ingest ~${FULL_MS} ms)"; fi

# After all that, the last files ingest in full, and nothing is doubled.
run --db k.db ingest gen
expect_status 0
check_db k.db "a final uninterrupted ingest"
expect_eq "$(sql_value k.db "SELECT count(*) FROM documents WHERE title LIKE 'f\_${ROUNDS}\_%' ESCAPE '\\'")" $FILES \
    "every file of the last round stored once"
expect_eq "$(sql_value k.db 'SELECT count(*) - count(DISTINCT hash) FROM documents')" 0 "no document stored twice"

finish
