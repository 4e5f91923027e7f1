# concurrency.sh: two writers on one corpus both succeed or one says "database is busy"; nothing is lost; readers work during a write.
source "$(dirname "$0")/lib/common.sh"

# make_set NAME N: N distinct files of about 20 KB in NAME/.
make_set() {
    local i
    mkdir -p "$1"
    for ((i = 1; i <= $2; i++)); do
        { echo "Set $1, story $i."; yes "Talks in set $1 went on through day $i." | head -c 20000; } >"$1/s$i.txt"
    done
}
make_set a 150
make_set b 150

# ---- two writers at once ----
rounds=3
for ((r = 1; r <= rounds; r++)); do
    rm -f w.db w.db-wal w.db-shm
    "$PARLEY_BIN" --db w.db ingest -q a >a.out 2>a.err &
    pa=$!
    "$PARLEY_BIN" --db w.db ingest -q b >b.out 2>b.err &
    pb=$!
    wait $pa; sa=$?
    wait $pb; sb=$?
    expected=0
    for who in a b; do
        s=$sa; [ $who = b ] && s=$sb
        if [ "$s" = 0 ]; then
            expected=$((expected + 150))
            pass
        elif [ "$s" = 1 ] && grep -q "database is busy" $who.err; then
            pass
        else
            fail "writer $who of round $r: status $s" "$(cat $who.err)"
        fi
    done
    expect_eq "$(doc_count w.db)" "$expected" "documents after two concurrent writers (round $r: status $sa and $sb)"
    expect_eq "$(sql_value w.db 'PRAGMA integrity_check')" ok "integrity after two concurrent writers"
done

# Two scripts adding documents one at a time, interleaved: every add lands.
cat >adder.lua <<'LUA'
local c = assert(parley.open())
for i = 1, 100 do assert(c:add(arg[1] .. " adds story " .. i .. ".")) end
LUA
rm -f s.db*
"$PARLEY_BIN" --db s.db run adder.lua first >/dev/null 2>first.err &
p1=$!
"$PARLEY_BIN" --db s.db run adder.lua second >/dev/null 2>second.err &
p2=$!
wait $p1; s1=$?
wait $p2; s2=$?
expect_eq "$s1 $s2" "0 0" "two scripts adding at once (stderr: $(cat first.err second.err))"
expect_eq "$(doc_count s.db)" 200 "documents from two scripts adding at once"

# ---- a writer that holds the lock past the busy timeout: the other says so ----
# The holder keeps its transaction open until told to let go (or a minute
# passes), however slowly a loaded machine runs the other process.
cat >holder.lua <<'LUA'
local c = assert(parley.open())
c:sql("BEGIN IMMEDIATE")
c:add("held in an open transaction")
io.open("holding", "w"):close()
local t = os.time()
while not io.open("release") and os.time() - t < 60 do end
LUA
rm -f h.db* holding release
run --db h.db ingest -q "$(seed_file)"
"$PARLEY_BIN" --db h.db run holder.lua >/dev/null 2>&1 &
holder=$!
for _ in $(seq 1 600); do [ -e holding ] && break; sleep 0.05; done
run --db h.db ingest a
: >release
expect_status 1
expect_stderr_contains "h.db: database is busy"
run --db h.db sql 'SELECT count(*) AS n FROM documents' --csv
expect_status 0
expect_stdout_contains "1"
kill $holder 2>/dev/null
wait $holder 2>/dev/null
expect_eq "$(doc_count h.db)" 1 "nothing of the busy ingest nor of the killed holder"

# ---- readers while a writer ingests ----
rm -f r.db*
run --db r.db ingest -q "$(seed_file)"
make_set c 600
"$PARLEY_BIN" --db r.db ingest -q c >/dev/null 2>writer.err &
writer=$!
reads=0 during=0 bad=0
while kill -0 $writer 2>/dev/null; do
    n=$(timeout 10 "$PARLEY_BIN" --db r.db --readonly sql --csv 'SELECT count(*) FROM documents' 2>reader.err | tail -n +2 | tr -d '\r')
    still=0; kill -0 $writer 2>/dev/null && still=1
    reads=$((reads + 1))
    # Before the commit 1, after it 601: never anything between.
    [ "$n" = 1 ] || [ "$n" = 601 ] || { bad=$((bad + 1)); echo "read: '$n' $(cat reader.err)"; }
    during=$((during + still))
done
wait $writer
expect_eq "$?" 0 "the writer's status (stderr: $(cat writer.err))"
echo "concurrency: $reads reads during the ingest, $during of them while it was still running"
expect_eq "$bad" 0 "reads that failed or saw a half-written ingest"
if [ "$during" -gt 0 ]; then pass; else fail "no read happened while the writer was running"; fi
expect_eq "$(doc_count r.db)" 601 "documents after the ingest"

finish
