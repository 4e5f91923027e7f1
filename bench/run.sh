#!/bin/sh
# run.sh: run every benchmark program, print one table, and keep the raw lines in bench/results-latest.txt.
#
#   sh bench/run.sh [BUILD_DIR]          (make bench does the set-up first)
#
# BUILD_DIR is a build configured with -DPARLEY_BENCH=ON (default build-bench).
# Environment:
#   BENCH_SCALE=full   also the ~1 GB runs (the corpus streamed ~57 times): 30-60 minutes
#   BENCH_SCALE=quick  only one pass of each corpus, no ~100 MB runs (a smoke test)
#   BENCH_TRIES=N      best of N for the one-pass runs (default 3)
#   PARLEY_CORPORA     the shared corpora (default: ../shared/corpora next to the source tree)
# Nothing here fails on a missed target: the table says so. A missing
# optional peer (Node.js for wink-nlp) is reported as a row, not an error.
set -eu

SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build-bench}
case $BUILD in /*) ;; *) BUILD=$SRC/$BUILD ;; esac
BIN=$BUILD/bench
PARLEY=$BUILD/parley
CORPORA=${PARLEY_CORPORA:-$SRC/../shared/corpora}
SCALE=${BENCH_SCALE:-default}
TRIES=${BENCH_TRIES:-3}
WORK=$BUILD/bench-work
RAW=$WORK/results.txt
OUT=$SRC/bench/results-latest.txt
REUTERS=$CORPORA/reuters21578/articles
ARMENIAN=$CORPORA/armenian-news/ArmNER-HY.jsonl   # 900 news pieces

for prog in bench_load bench_segment bench_ingest bench_search bench_scaling bench_gazetteer bench_extract; do
    if [ ! -x "$BIN/$prog" ]; then
        echo "bench: $BIN/$prog is missing: configure with -DPARLEY_BENCH=ON and build (make bench does)" >&2
        exit 2
    fi
done
if [ ! -d "$REUTERS" ]; then
    echo "bench: no corpus at $REUTERS (set PARLEY_CORPORA)" >&2
    exit 2
fi

mkdir -p "$WORK"
: > "$RAW"

log() { printf '%s\n' "bench: $*" >&2; }
note() { printf 'NOTE\t%s\t%s\n' "$1" "$2" >> "$RAW"; }
# Run a benchmark program; its RESULT lines go to the raw file and to stderr as progress.
run() { "$@" | tee -a "$RAW" | cut -f2-4,7 | sed 's/^/bench:   /' >&2; }
# The same, TRIES times in a row (the table keeps the fastest).
tries() { i=0; while [ "$i" -lt "$TRIES" ]; do run "$@"; i=$((i + 1)); done; }
# alternate PROG IMPL_A IMPL_B ARGS...: TRIES runs of each, taking turns, so that both sides
# meet the same spells of load on a shared machine (the table keeps each one's fastest).
alternate() {
    prog=$1 impl_a=$2 impl_b=$3
    shift 3
    i=0
    while [ "$i" -lt "$TRIES" ]; do run "$prog" "$impl_a" "$@"; run "$prog" "$impl_b" "$@"; i=$((i + 1)); done
}

# How many passes over a corpus of BYTES make about TARGET bytes (at least 2).
passes() { awk -v b="$1" -v t="$2" 'BEGIN { n = int(t / b + 0.5); print (n < 2 ? 2 : n) }'; }
corpus_bytes() { "$BIN/bench_ingest" size "$1" 1 - | cut -f2; }

# ---- the machine ----
{
    printf 'MACHINE\tdate\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
    printf 'MACHINE\tcpu\t%s\n' "$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
    printf 'MACHINE\tnproc\t%s\n' "$(nproc)"
    printf 'MACHINE\tmemory\t%s\n' "$(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)"
    printf 'MACHINE\tload average at start\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
    printf 'MACHINE\tICU\t%s\n' "$(pkg-config --modversion icu-uc 2>/dev/null || echo '?')"
    printf 'MACHINE\tSQLite\t%s\n' "$(pkg-config --modversion sqlite3 2>/dev/null || echo '?')"
    printf 'MACHINE\tscale\t%s (best of %s for one-pass runs)\n' "$SCALE" "$TRIES"
} >> "$RAW"

REUTERS_BYTES=$(corpus_bytes "$REUTERS")
ARMENIAN_BYTES=$(corpus_bytes "$ARMENIAN")
X100=${BENCH_REPEAT_100:-$(passes "$REUTERS_BYTES" 100000000)}
X1G=${BENCH_REPEAT_1G:-$(passes "$REUTERS_BYTES" 1000000000)}
XARM=$(passes "$ARMENIAN_BYTES" 60000000)   # Armenian news is 2.7 MB: ~60 MB, a steadier timing than 20
log "corpus: $REUTERS ($REUTERS_BYTES bytes); ~100 MB = x$X100, ~1 GB = x$X1G; Armenian x$XARM"
cat "$REUTERS"/*/* > /dev/null   # into the page cache before anything is timed

# ---- load ----
log "load: read + validate + newlines + NFC"
alternate "$BIN/bench_load" baseline parley "$REUTERS" 1
alternate "$BIN/bench_load" baseline parley "$ARMENIAN" "$XARM"
if [ "$SCALE" != quick ]; then
    run "$BIN/bench_load" baseline "$REUTERS" "$X100"
    run "$BIN/bench_load" parley "$REUTERS" "$X100"
fi
if [ "$SCALE" = full ]; then
    run "$BIN/bench_load" baseline "$REUTERS" "$X1G"
    run "$BIN/bench_load" parley "$REUTERS" "$X1G"
fi

# ---- segment ----
log "segment: sentences + words, parley and ICU"
for impl in icu icu16 parley; do tries "$BIN/bench_segment" "$impl" "$REUTERS" 1; done
alternate "$BIN/bench_segment" icu parley "$ARMENIAN" "$XARM"
if [ "$SCALE" != quick ]; then
    for impl in icu parley; do run "$BIN/bench_segment" "$impl" "$REUTERS" "$X100"; done
fi
if [ "$SCALE" = full ]; then
    for impl in icu parley; do run "$BIN/bench_segment" "$impl" "$REUTERS" "$X1G"; done
fi

# ---- ingest ----
log "ingest: store path against raw SQLite + FTS5"
DB=$WORK/ingest.db
tries "$BIN/bench_ingest" raw "$REUTERS" 1 "$DB"
tries "$BIN/bench_ingest" parley "$REUTERS" 1 "$DB"
if [ "$SCALE" != quick ]; then
    run "$BIN/bench_ingest" raw "$REUTERS" "$X100" "$DB"
    run "$BIN/bench_ingest" parley "$REUTERS" "$X100" "$DB"
fi
if [ "$SCALE" = full ]; then
    run "$BIN/bench_ingest" raw "$REUTERS" "$X1G" "$DB"
    run "$BIN/bench_ingest" parley "$REUTERS" "$X1G" "$DB"
fi

# `parley ingest` itself, measured from outside: wall, CPU and peak RSS of the process.
# cli_ingest LABEL CORPUS_NAME BYTES DOCS DB STDIN -- ARGS...
# STDIN: a directory whose *.jsonl files are piped in, or - for none.
cli_ingest() {
    label=$1 name=$2 bytes=$3 docs=$4 db=$5 stdin=$6
    shift 7
    rm -f "$db" "$db-wal" "$db-shm"
    if [ "$stdin" != - ]; then
        cat "$stdin"/*.jsonl | /usr/bin/time -f '%e %U %S %M' -o "$WORK/time.txt" "$PARLEY" --db "$db" ingest "$@" > "$WORK/ingest.out"
    else
        /usr/bin/time -f '%e %U %S %M' -o "$WORK/time.txt" "$PARLEY" --db "$db" ingest "$@" > "$WORK/ingest.out"
    fi
    added=$(sed -n 's/.*added \([0-9]*\) document.*/\1/p' "$WORK/ingest.out")
    read -r wall user sys rss < "$WORK/time.txt"
    printf 'RESULT\tingest\t%s\t%s\t%s\t%s\t%s\t%s\t%s\tadded=%s\n' "$name" "$label" "$bytes" "$docs" \
        "$wall" "$(echo "$user $sys" | awk '{ print $1 + $2 }')" "$rss" "$added" | tee -a "$RAW" |
        cut -f2-4,7 | sed 's/^/bench:   /' >&2
}

# `parley run` itself, measured from outside as cli_ingest measures ingest.
# cli_run STAGE LABEL CORPUS_NAME BYTES DOCS DB RUN_ARGS...
cli_run() {
    stage=$1 label=$2 name=$3 bytes=$4 docs=$5 db=$6
    shift 6
    /usr/bin/time -f '%e %U %S %M' -o "$WORK/time.txt" "$PARLEY" --db "$db" run "$@" > "$WORK/run.out"
    read -r wall user sys rss < "$WORK/time.txt"
    printf 'RESULT\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\toutput_sha256=%s\n' "$stage" "$name" "$label" "$bytes" \
        "$docs" "$wall" "$(echo "$user $sys" | awk '{ print $1 + $2 }')" "$rss" \
        "$(sha256sum < "$WORK/run.out" | cut -c1-16)" | tee -a "$RAW" | cut -f2-4,7 | sed 's/^/bench:   /' >&2
}

REUTERS_DOCS=$("$BIN/bench_ingest" size "$REUTERS" 1 - | cut -f1)
log "ingest: the parley ingest command, $TRIES times (the table keeps the fastest)"
# The raw baseline runs again between the commands, so that its fastest run and theirs
# meet the same spells of load: a baseline timed only in a slow spell made ratios look better.
i=0
while [ "$i" -lt "$TRIES" ]; do
    run "$BIN/bench_ingest" raw "$REUTERS" 1 "$DB"
    cli_ingest "parley ingest DIR (CLI)" reuters21578 "$REUTERS_BYTES" "$REUTERS_DOCS" "$WORK/cli.db" - -- "$REUTERS"
    # The same with a second core preparing (reading, loading, metadata rules) while the first stores.
    cli_ingest "parley ingest --jobs 2 DIR (CLI)" reuters21578 "$REUTERS_BYTES" "$REUTERS_DOCS" "$WORK/cli2.db" - \
        -- --jobs 2 "$REUTERS"
    i=$((i + 1))
done
rm -f "$WORK/cli2.db" "$WORK/cli2.db-wal" "$WORK/cli2.db-shm"
SEARCH_DB=$WORK/cli.db
SEARCH_LABEL=reuters21578
# The JSONL copies: one file per pass, each document once per file.
jsonl_copies() {
    if [ ! -f "$WORK/jsonl-x$1/done" ]; then
        rm -rf "$WORK/jsonl-x$1" && mkdir -p "$WORK/jsonl-x$1"
        "$BIN/bench_ingest" jsonl "$REUTERS" "$1" "$WORK/jsonl-x$1" && touch "$WORK/jsonl-x$1/done"
    fi
}
# A JSONL stream on a pipe: what `parley ingest --jsonl -` holds is the point.
# One pass by default (its peak RSS against the ~18 MB stream says it all), ~1 GB with full.
jsonl_copies 1
i=0
while [ "$i" -lt "$TRIES" ]; do
    run "$BIN/bench_ingest" raw "$REUTERS" 1 "$DB"
    cli_ingest "parley ingest --jsonl - (CLI, pipe)" reuters21578 "$REUTERS_BYTES" "$REUTERS_DOCS" \
        "$WORK/stdin.db" "$WORK/jsonl-x1" -- --jsonl -
    i=$((i + 1))
done
if [ "$SCALE" != quick ]; then
    jsonl_copies "$X100"
    run "$BIN/bench_ingest" raw "$REUTERS" "$X100" "$DB"
    cli_ingest "parley ingest --jsonl DIR (CLI)" "reuters21578x$X100" "$((REUTERS_BYTES * X100))" \
        "$((REUTERS_DOCS * X100))" "$WORK/search.db" - -- --jsonl "$WORK/jsonl-x$X100"
    SEARCH_DB=$WORK/search.db
    SEARCH_LABEL=reuters21578x$X100
fi
if [ "$SCALE" = full ]; then
    jsonl_copies "$X1G"
    B1G=$((REUTERS_BYTES * X1G)) D1G=$((REUTERS_DOCS * X1G))
    cli_ingest "parley ingest --jsonl DIR (CLI)" "reuters21578x$X1G" "$B1G" "$D1G" "$WORK/big.db" - \
        -- --jsonl "$WORK/jsonl-x$X1G"
    cli_ingest "parley ingest --jsonl - (CLI, pipe)" "reuters21578x$X1G" "$B1G" "$D1G" "$WORK/big.db" \
        "$WORK/jsonl-x$X1G" -- --jsonl -
    log "memory: a script over the ~1 GB corpus"
    cli_run memory "parley run bench/scan.lua (CLI)" "reuters21578x$X1G" "$B1G" "$D1G" "$WORK/big.db" \
        "$SRC/bench/scan.lua"
    rm -f "$WORK/big.db" "$WORK/big.db-wal" "$WORK/big.db-shm"
else
    note memory "ingest of the ~1 GB corpus and a script over it: not run (BENCH_SCALE=full runs them)"
fi
rm -f "$WORK/stdin.db" "$WORK/stdin.db-wal" "$WORK/stdin.db-shm"

# ---- parallel: run --jobs 2 against --jobs 1 ----
# docs/scale.md's measurement: scripts/wordcount.lua over the one-pass corpus,
# in pairs (--jobs 1 then --jobs 2) so that both halves of a pair meet the same
# load; the table gives the median of the pairs' wall-time ratios. CPU time
# cannot show a speed-up, but it shows that the threads add no work.
log "parallel: parley run --jobs 1 and --jobs 2 wordcount, $TRIES pairs"
i=0
while [ "$i" -lt "$TRIES" ]; do
    for j in 1 2; do
        cli_run parallel "run --jobs $j wordcount (CLI)" reuters21578 "$REUTERS_BYTES" "$REUTERS_DOCS" \
            "$WORK/cli.db" --jobs "$j" wordcount
    done
    i=$((i + 1))
done
# The flagship over the whole corpus: the briefing maps and folds, so --jobs applies.
log "briefing: parley run --jobs 1 and --jobs 2 briefing over Reuters"
for j in 1 2; do
    cli_run briefing "run --jobs $j briefing (CLI)" reuters21578 "$REUTERS_BYTES" "$REUTERS_DOCS" \
        "$WORK/cli.db" --jobs "$j" briefing
done
# The flagship past one machine, on this one: the corpus as JSON Lines in 4 parts, each
# streamed (2 processes at a time), then reduced, as docs/scale.md runs it on a cluster.
# Its output hash is the corpus run's; its peak RSS is the largest process's (the reduce).
log "briefing: run --stream over 4 parts (xargs -P 2), then reduce"
"$PARLEY" --db "$WORK/cli.db" run "$SRC/bench/export_jsonl.lua" > "$WORK/briefing.jsonl"
rm -f "$WORK"/brief-part-*
split -n l/4 -d "$WORK/briefing.jsonl" "$WORK/brief-part-"
# shellcheck disable=SC2016
/usr/bin/time -f '%e %U %S %M' -o "$WORK/time.txt" sh -c '
    ls "$1"/brief-part-0? | xargs -P 2 -I{} sh -c "\"$0\" run --stream briefing < {} > {}.out" "$0" &&
    cat "$1"/brief-part-0?.out | "$0" reduce briefing' "$PARLEY" "$WORK" > "$WORK/run.out"
read -r wall user sys rss < "$WORK/time.txt"
printf 'RESULT\tbriefing\treuters21578\t%s\t%s\t%s\t%s\t%s\t%s\toutput_sha256=%s\n' \
    "run --stream briefing, 4 parts, xargs -P 2, then reduce (CLI)" "$REUTERS_BYTES" "$REUTERS_DOCS" "$wall" \
    "$(echo "$user $sys" | awk '{ print $1 + $2 }')" "$rss" "$(sha256sum < "$WORK/run.out" | cut -c1-16)" |
    tee -a "$RAW" | cut -f2-4,7 | sed 's/^/bench:   /' >&2
rm -f "$WORK/briefing.jsonl" "$WORK"/brief-part-*
# The memory of a plain script and of a map/reduce script (wordcount folds each result as it comes).
if [ "$SCALE" != quick ]; then
    log "memory: a plain script and a map/reduce script over the ~100 MB corpus"
    cli_run memory "parley run bench/scan.lua (CLI)" "$SEARCH_LABEL" "$((REUTERS_BYTES * X100))" \
        "$((REUTERS_DOCS * X100))" "$SEARCH_DB" "$SRC/bench/scan.lua"
    cli_run memory "parley run --jobs 2 wordcount (CLI)" "$SEARCH_LABEL" "$((REUTERS_BYTES * X100))" \
        "$((REUTERS_DOCS * X100))" "$SEARCH_DB" --jobs 2 wordcount
fi

# ---- gazetteer: 100k aliases ----
log "gazetteer: 100k aliases against a plain scan"
for mode in scan names pairs lua; do tries "$BIN/bench_gazetteer" "$mode" "$REUTERS"; done

# ---- extraction: the briefing's extractors and the wink-nlp peer ----
# Both on the first 1,000 Reuters articles: the extractors run at well under
# 1 MB/s, and the whole corpus would take most of the time budget.
SUBSET=$REUTERS/reut2-000
SUBSET_LABEL="reuters21578 first 1000"
log "extraction: parley.extract and wink-nlp readDoc on $SUBSET_LABEL"
export BENCH_LABEL="$SUBSET_LABEL"   # both programs name the corpus by it
if command -v node > /dev/null 2>&1 && [ -d "$SRC/bench/.peers/node_modules/wink-nlp" ]; then
    tries node "$SRC/bench/peer_wink.js" "$SRC/bench/.peers" "$SUBSET" 1
else
    note extraction "peer wink-nlp not measured: Node.js or bench/.peers/node_modules missing (make bench installs them when npm works)"
fi
run "$BIN/bench_extract" "$SUBSET" 1
unset BENCH_LABEL
# The same extractors through `parley run --jobs N` (bench/extract_jobs.lua) on
# the same articles stored in a corpus: wall time, in pairs as for wordcount.
# CPU time includes each thread's one-off set-up (the actor gazetteer).
rm -f "$WORK/subset.db" "$WORK/subset.db-wal" "$WORK/subset.db-shm"
"$PARLEY" --db "$WORK/subset.db" ingest "$SUBSET" > /dev/null 2>&1
SUBSET_BYTES=$("$BIN/bench_ingest" size "$SUBSET" 1 - | cut -f2)
SUBSET_DOCS=$("$BIN/bench_ingest" size "$SUBSET" 1 - | cut -f1)
i=0
while [ "$i" -lt "$TRIES" ]; do
    for j in 1 2; do
        cli_run extraction "parley run --jobs $j extract_jobs.lua (CLI)" "$SUBSET_LABEL" "$SUBSET_BYTES" \
            "$SUBSET_DOCS" "$WORK/subset.db" --jobs "$j" "$SRC/bench/extract_jobs.lua"
    done
    i=$((i + 1))
done

# ---- search ----
log "search: corpus:search against raw FTS5 MATCH on $SEARCH_LABEL"
Q=$SRC/bench/queries.txt
# Tail latency moves by a fifth from one process to the next on this machine, more than
# parley's cost over raw: the three take turns query by query in one process (paired),
# $TRIES times, and the table keeps each one's fastest run.
tries "$BIN/bench_search" paired "$SEARCH_LABEL" "$SEARCH_DB" "$Q"
run "$BIN/bench_search" cli "$SEARCH_LABEL" "$SEARCH_DB" "$Q" "$PARLEY"

# ---- scaling: hostile inputs, 1 MB against 10 MB ----
log "scaling: hostile inputs through segment_text and load_bytes"
run "$BIN/bench_scaling"
run "$BIN/bench_scaling" "one line, no newline" 50000000
run "$BIN/bench_scaling" "combining marks on one base" 2000001   # "a" and exactly 1,000,000 marks

printf 'MACHINE\tload average at end\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)" >> "$RAW"

awk -f "$SRC/bench/table.awk" "$RAW" > "$WORK/table.md"
{ cat "$WORK/table.md"; echo; echo '## Raw results'; echo; echo '```'; cat "$RAW"; echo '```'; } > "$OUT"
cat "$WORK/table.md"
log "raw results and the table: $OUT"
