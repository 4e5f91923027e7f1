# kill_script.sh: SIGKILL while a script writes never leaves a broken corpus, half a document or half a document's annotations.
#
# Two kinds of writes are killed at random moments: documents a script adds
# (corpus:add, one transaction per document or one for the whole run), and
# the annotations `run --save` saves for each document the script reads.
source "$(dirname "$0")/lib/common.sh"

ROUNDS=${PARLEY_KILL_ROUNDS:-6}
N=300

# Document i, the same in the writer and in the check.
cat >story.lua <<'LUA'
return function(i)
  return ("Story %d. "):format(i) .. string.rep("The parties met again on day " .. i .. ". ", 20 + i % 150)
end
LUA
cat >writer.lua <<'LUA'
local story = require("story")
local c = assert(parley.open())
local batch = arg[1] == "batch"
if batch then c:sql("BEGIN IMMEDIATE") end
for i = 1, tonumber(arg[2]) do assert(c:add(story(i), { title = "story-" .. i })) end
if batch then c:sql("COMMIT") end
LUA
cat >verify.lua <<'LUA'
local story = require("story")
local c = assert(parley.open())
local bad, n = 0, 0
for doc in c:docs() do
  n = n + 1
  local i = tonumber(doc.title:match("^story%-(%d+)$"))
  if not i or doc.text ~= story(i) then bad = bad + 1 end
end
print(n, bad)
LUA

# check DB WHAT [ALL_OR_NOTHING]: intact, every document whole; with a third argument, 0 or N documents.
check() {
    local db=$1 what=$2
    expect_eq "$(sql_value "$db" 'PRAGMA integrity_check')" ok "integrity_check after $what"
    if "$PARLEY_BIN" --db "$db" sql "INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')" \
        >/dev/null 2>"$WORK/.fts-err"; then pass; else
        fail "the full-text index disagrees with the documents after $what" "$(cat "$WORK/.fts-err")"; fi
    local out n bad
    out=$("$PARLEY_BIN" --db "$db" run verify.lua 2>&1)
    read -r n bad <<<"$out"
    expect_eq "$bad" 0 "documents not whole after $what (verify said: $out)"
    if [ $# -gt 2 ]; then
        if [ "$n" = 0 ] || [ "$n" = "$N" ]; then pass; else
            fail "after $what: $n documents, expected all ($N) or none"; fi
    fi
}

t0=$(date +%s%N)
"$PARLEY_BIN" --db calibrate.db run writer.lua each "$N" >/dev/null 2>&1
FULL_MS=$((($(date +%s%N) - t0) / 1000000))
check calibrate.db "an uninterrupted script"
expect_eq "$(doc_count calibrate.db)" "$N" "documents of an uninterrupted script"

interrupted=0
for ((round = 1; round <= ROUNDS; round++)); do
    mode=each
    [ $((round % 2)) = 0 ] && mode=batch
    rm -f k.db k.db-wal k.db-shm
    delay_ms=$((RANDOM % (FULL_MS + FULL_MS / 5) + 1))
    kill_after "$delay_ms" "$PARLEY_BIN" --db k.db run writer.lua $mode "$N"
    status=$KILLED_STATUS
    [ $status = 137 ] && interrupted=$((interrupted + 1))
    [ -e k.db ] || continue
    if [ $mode = batch ]; then
        check k.db "round $round ($mode, killed after ${delay_ms} ms, status $status)" all-or-nothing
    else
        check k.db "round $round ($mode, killed after ${delay_ms} ms, status $status)"
    fi
done
echo "kill_script: $interrupted of $ROUNDS scripts were killed before they finished (a full run takes ~${FULL_MS} ms)"
if [ $interrupted -gt 0 ]; then pass; else fail "no script was interrupted: the test proved nothing"; fi

# ---- run --save ----
# Each document gets one annotation per sentence-sized piece; --save writes a
# document's annotations when the script moves on to the next one. After a
# kill, every document has all of its annotations or none.
cat >annotator.lua <<'LUA'
local c = assert(parley.open())
for doc in c:docs() do
  local n = 0
  for i = 1, #doc.text - 40, 40 do
    doc:annotate("PIECE", { i, i + 9 }, { n = n })
    n = n + 1
  end
end
LUA
cat >annot_check.lua <<'LUA'
-- Documents whose annotations are neither complete nor absent.
local c = assert(parley.open())
local bad = 0
for _, row in ipairs(c:sql([[SELECT d.id, length(CAST(d.text AS BLOB)) AS bytes, count(a.id) AS n
                              FROM documents d LEFT JOIN annotations a ON a.doc = d.id GROUP BY d.id]])) do
  local want = 0
  for _ = 1, row.bytes - 40, 40 do want = want + 1 end
  if row.n ~= 0 and row.n ~= want then bad = bad + 1 end
end
print(bad)
LUA
t0=$(date +%s%N)
"$PARLEY_BIN" --db calibrate.db run --save annotator.lua >/dev/null 2>&1
SAVE_MS=$((($(date +%s%N) - t0) / 1000000))
expect_eq "$("$PARLEY_BIN" --db calibrate.db run annot_check.lua 2>&1)" 0 "documents with part of their annotations, uninterrupted"
expect_eq "$(sql_value calibrate.db 'SELECT count(DISTINCT doc) FROM annotations')" "$N" "documents annotated, uninterrupted"

killed=0
for ((round = 1; round <= ROUNDS; round++)); do
    cp calibrate.db s.db
    "$PARLEY_BIN" --db s.db sql 'DELETE FROM annotations' >/dev/null 2>&1
    delay_ms=$((RANDOM % (SAVE_MS + SAVE_MS / 5) + 1))
    kill_after "$delay_ms" "$PARLEY_BIN" --db s.db run --save annotator.lua
    status=$KILLED_STATUS
    [ $status = 137 ] && killed=$((killed + 1))
    what="run --save killed after ${delay_ms} ms (round $round, status $status)"
    expect_eq "$(sql_value s.db 'PRAGMA integrity_check')" ok "integrity_check after $what"
    expect_eq "$("$PARLEY_BIN" --db s.db run annot_check.lua 2>&1)" 0 "documents with part of their annotations after $what"
    check s.db "$what"
done
echo "kill_script: $killed of $ROUNDS run --save were killed before they finished (a full one takes ~${SAVE_MS} ms)"
if [ $killed -gt 0 ]; then pass; else fail "no run --save was interrupted: the test proved nothing"; fi

finish
