# kill_script.sh: SIGKILL while a script writes documents never leaves a broken corpus or half a document.
#
# `parley run --save` (scripts saving annotations) does not exist yet; until
# it does, this kills the writes a script can make today (corpus:add, one
# transaction per document or one for the whole run) at random moments.
source "$(dirname "$0")/lib/common.sh"

ROUNDS=${PARLEY_KILL_ROUNDS:-8}
N=1500

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
    "$PARLEY_BIN" --db k.db run writer.lua $mode "$N" >/dev/null 2>&1 &
    pid=$!
    sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
    kill -9 $pid 2>/dev/null
    { wait $pid; } 2>/dev/null
    status=$?
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

finish
