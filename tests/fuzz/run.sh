#!/bin/sh
# run.sh BUILD_DIR [SECONDS] [TARGET...]: run each libFuzzer target for SECONDS (default 60).
#
# The working corpus grows in BUILD_DIR/fuzz/corpus/NAME (the seeds in
# tests/fuzz/corpus_NAME are read, never written); crashes land in
# BUILD_DIR/fuzz/crashes/. A crash input belongs in tests/fuzz/regressions/NAME/
# once fixed, so `ctest` replays it from then on. An input that runs longer than
# FUZZ_TIMEOUT seconds (default 60) counts as a crash: a hang is a bug too.
set -u
build=${1:?usage: run.sh BUILD_DIR [SECONDS] [TARGET...]}
seconds=${2:-60}
shift; [ $# -gt 0 ] && shift
src=$(cd "$(dirname "$0")" && pwd)
targets=${*:-$(cd "$build/tests/fuzz" && ls fuzz_* | sed 's/^fuzz_//')}
failed=0
mkdir -p "$build/fuzz/crashes" "$build/fuzz/logs"
for t in $targets; do
    corpus=$build/fuzz/corpus/$t
    log=$build/fuzz/logs/$t.log
    mkdir -p "$corpus"
    "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-60}" -print_final_stats=1 \
        -artifact_prefix="$build/fuzz/crashes/$t-" "$corpus" "$src/corpus_$t" >"$log" 2>&1
    status=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    echo "fuzz_$t: ${execs:-?} executions in ${seconds} s, status $status ($log)"
    [ "$status" = 0 ] || { failed=1; grep -m 3 -E 'ERROR|property failed' "$log"; }
done
exit $failed
