# common.sh: helpers for the CLI tests (tests/cli/*.sh); sourced, not a test itself.
#
# Each test script does
#     source "$(dirname "$0")/lib/common.sh"
#     run ingest seed.txt          # runs "$PARLEY_BIN" ingest seed.txt
#     expect_status 0
#     expect_stdout_contains "added 1 document"
#     ...
#     finish                       # prints "NAME: X passed, Y failed"; exits 1 on failure
#
# The script runs in a fresh `mktemp -d` directory ($WORK, also the current
# directory), removed on exit. `run` keeps the last command's stdout, stderr
# and exit status in $STDOUT_FILE, $STDERR_FILE and $STATUS (and $STDOUT,
# $STDERR as strings without their trailing newlines). Every failed
# expectation prints the test script's line number and what differed.
#
# Environment (set by tests/CMakeLists.txt; defaults for running one by hand):
#   PARLEY_BIN          the binary under test (required)
#   PARLEY_SOURCE_DIR   the source tree (default: two levels above this file)
#   PARLEY_CORPORA      the shared test corpora (unused by most tests)
#   PARLEY_TEST_TIMEOUT seconds one parley command may take (default 30)

set -u

TEST_NAME=$(basename "$0" .sh)
TEST_DIR=$(cd "$(dirname "$0")" && pwd)     # tests/cli
EXPECTED_DIR=$TEST_DIR/expected             # golden files, written by hand from the inputs
T_PASSED=0
T_FAILED=0
T_FINISHED=0
STATUS=
STDOUT=
STDERR=
LAST_CMD=

if [ -z "${PARLEY_BIN:-}" ] || [ ! -x "$PARLEY_BIN" ]; then
    echo "$TEST_NAME: PARLEY_BIN is not set to an executable (got '${PARLEY_BIN:-}')" >&2
    exit 2
fi
case $PARLEY_BIN in /*) ;; *) PARLEY_BIN=$PWD/$PARLEY_BIN ;; esac
: "${PARLEY_SOURCE_DIR:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}"
: "${PARLEY_TEST_TIMEOUT:=30}"
SEED_DIR=$PARLEY_SOURCE_DIR/data/corpus

# The environment a user's plain shell would give, minus anything that could
# leak in from the machine: no corpus by default, no colours, no history file
# in the real home.
export NO_COLOR=1
export PARLEY_DB=
unset PARLEY_PATH
WORK=$(mktemp -d "${TMPDIR:-/tmp}/parley-cli-$TEST_NAME.XXXXXX") || exit 2
export HOME=$WORK/home XDG_STATE_HOME=$WORK/home/.state XDG_CONFIG_HOME=$WORK/home/.config
mkdir -p "$HOME"
STDOUT_FILE=$WORK/.stdout
STDERR_FILE=$WORK/.stderr
cd "$WORK" || exit 2

_t_on_exit() {
    local rc=$?
    cd / && rm -rf "$WORK"
    if [ "$T_FINISHED" = 0 ]; then
        echo "$TEST_NAME: the script stopped before finish (status $rc): $T_PASSED passed, $((T_FAILED + 1)) failed" >&2
        exit 1
    fi
}
trap _t_on_exit EXIT

# ---- reporting ----

# Where in the test script the failed assertion is: "run.sh:42", and when it
# was called from a helper function of the script, "sql.sh:38 (from sql.sh:71)".
_t_where() {
    local i where=
    for ((i = 1; i < ${#BASH_SOURCE[@]}; i++)); do
        [ "${BASH_SOURCE[$i]}" != "${BASH_SOURCE[0]}" ] || continue
        [ "${FUNCNAME[$i]}" != source ] || continue
        if [ -z "$where" ]; then
            where="$(basename "${BASH_SOURCE[$i]}"):${BASH_LINENO[$((i - 1))]}"
        else
            where="$where (from line ${BASH_LINENO[$((i - 1))]})"
        fi
    done
    echo "${where:-$TEST_NAME:?}"
}

pass() { T_PASSED=$((T_PASSED + 1)); }

# fail MESSAGE [DETAIL...]: count a failure and say where and what.
fail() {
    T_FAILED=$((T_FAILED + 1))
    echo "FAIL $(_t_where): $1"
    shift
    [ -n "$LAST_CMD" ] && echo "    ${T_CMD_LABEL:-command}: $LAST_CMD"
    local line
    for line in "$@"; do
        printf '%s\n' "$line" | sed 's/^/    /'
    done
}

# Show up to 20 lines of a file, indented, for failure messages.
_t_excerpt() {
    if [ ! -s "$1" ]; then
        echo "(empty)"
    else
        head -n 20 "$1" | cat -A | cut -c1-300
        [ "$(wc -l <"$1")" -gt 20 ] && echo "..."
    fi
    return 0
}

# Print the summary line; exit non-zero when anything failed.
finish() {
    T_FINISHED=1
    echo "$TEST_NAME: $T_PASSED passed, $T_FAILED failed"
    [ "$T_FAILED" -eq 0 ] || exit 1
    exit 0
}

# ---- running parley ----

_t_run() {
    local input=$1
    shift
    LAST_CMD=parley
    [ $# -gt 0 ] && LAST_CMD="parley$(printf ' %q' "$@")"
    timeout -k 5 "$PARLEY_TEST_TIMEOUT" "$PARLEY_BIN" "$@" <"$input" >"$STDOUT_FILE" 2>"$STDERR_FILE"
    STATUS=$?
    STDOUT=$(cat "$STDOUT_FILE")
    STDERR=$(cat "$STDERR_FILE")
    if [ "$STATUS" = 124 ] || [ "$STATUS" = 137 ]; then
        echo "NOTE $(_t_where): '$LAST_CMD' timed out after ${PARLEY_TEST_TIMEOUT}s"
    fi
    return 0
}

# run ARGS...: run parley with stdin from /dev/null.
run() { _t_run /dev/null "$@"; }

# run_stdin FILE ARGS...: run parley with FILE as stdin.
run_stdin() {
    local file=$1
    shift
    _t_run "$file" "$@"
}

# run_input TEXT ARGS...: run parley with TEXT (printf '%s') as stdin.
run_input() {
    printf '%s' "$1" >"$WORK/.stdin"
    shift
    _t_run "$WORK/.stdin" "$@"
    LAST_CMD="$LAST_CMD  (stdin: $(head -c 200 "$WORK/.stdin" | tr '\n' '|'))"
}

# ---- assertions on the last run ----

expect_status() {
    if [ "$STATUS" = "$1" ]; then
        pass
    else
        fail "exit status: expected $1, got $STATUS" "stderr: $(_t_excerpt "$STDERR_FILE")"
    fi
}

# expect_status_in "0 1": any of the listed statuses.
expect_status_in() {
    local s
    for s in $1; do
        if [ "$STATUS" = "$s" ]; then
            pass
            return
        fi
    done
    fail "exit status: expected one of ($1), got $STATUS" "stderr: $(_t_excerpt "$STDERR_FILE")"
}

expect_status_nonzero() {
    if [ "$STATUS" != 0 ]; then
        pass
    else
        fail "exit status: expected non-zero, got 0" "stdout: $(_t_excerpt "$STDOUT_FILE")"
    fi
}

# No crash: killed by a signal (including the sanitizer's abort) or timed out.
expect_no_crash() {
    if [ "$STATUS" -lt 124 ]; then
        pass
    else
        fail "crashed or hung: exit status $STATUS" "stderr: $(_t_excerpt "$STDERR_FILE")"
    fi
}

_t_contains() {   # WHICH FILE TEXT
    if grep -qF -- "$3" "$2"; then
        pass
    else
        fail "$1 does not contain: $3" "$1: $(_t_excerpt "$2")"
    fi
}

_t_not_contains() {   # WHICH FILE TEXT
    if grep -qF -- "$3" "$2"; then
        fail "$1 contains (it should not): $3" "$1: $(_t_excerpt "$2")"
    else
        pass
    fi
}

expect_stdout_contains() { _t_contains stdout "$STDOUT_FILE" "$1"; }
expect_stderr_contains() { _t_contains stderr "$STDERR_FILE" "$1"; }
expect_stdout_not_contains() { _t_not_contains stdout "$STDOUT_FILE" "$1"; }
expect_stderr_not_contains() { _t_not_contains stderr "$STDERR_FILE" "$1"; }

# expect_stdout_line TEXT: one whole line of stdout is exactly TEXT.
expect_stdout_line() {
    if grep -qxF -- "$1" "$STDOUT_FILE"; then
        pass
    else
        fail "stdout has no line equal to: $1" "stdout: $(_t_excerpt "$STDOUT_FILE")"
    fi
}

# expect_stdout_matches / expect_stderr_matches ERE (grep -E, case-sensitive unless -i given first).
expect_stdout_matches() {
    local flags=-qE
    [ "$1" = -i ] && { flags=-qiE; shift; }
    if grep $flags -- "$1" "$STDOUT_FILE"; then pass; else
        fail "stdout does not match /$1/" "stdout: $(_t_excerpt "$STDOUT_FILE")"; fi
}
expect_stderr_matches() {
    local flags=-qE
    [ "$1" = -i ] && { flags=-qiE; shift; }
    if grep $flags -- "$1" "$STDERR_FILE"; then pass; else
        fail "stderr does not match /$1/" "stderr: $(_t_excerpt "$STDERR_FILE")"; fi
}

_t_equals() {   # WHICH FILE EXPECTED-FILE-OR-TEXT
    local expected=$WORK/.expected
    if [ -f "$3" ]; then
        cp "$3" "$expected"
    elif [ -z "$3" ]; then
        : >"$expected"
    else
        printf '%s\n' "$3" >"$expected"
    fi
    if cmp -s "$expected" "$2"; then
        pass
    else
        fail "$1 differs from what was expected (--- expected, +++ got):" \
            "$(diff -u "$expected" "$2" | tail -n +3 | head -n 40 | cat -A)"
    fi
}

# expect_stdout_equals FILE-or-TEXT: stdout is byte for byte the file's
# contents, or TEXT followed by one newline ("" means empty).
expect_stdout_equals() { _t_equals stdout "$STDOUT_FILE" "$1"; }
expect_stderr_equals() { _t_equals stderr "$STDERR_FILE" "$1"; }

_t_lines() { line_count "$1"; }

# expect_stdout_lines N / expect_stderr_lines N: exactly N lines.
expect_stdout_lines() {
    local n
    n=$(_t_lines "$STDOUT_FILE")
    if [ "$n" = "$1" ]; then pass; else
        fail "stdout has $n lines, expected $1" "stdout: $(_t_excerpt "$STDOUT_FILE")"; fi
}
expect_stderr_lines() {
    local n
    n=$(_t_lines "$STDERR_FILE")
    if [ "$n" = "$1" ]; then pass; else
        fail "stderr has $n lines, expected $1" "stderr: $(_t_excerpt "$STDERR_FILE")"; fi
}

expect_stdout_empty() { expect_stdout_equals ""; }
expect_stderr_empty() { expect_stderr_equals ""; }

# A one-line message of the program's own, not a Lua traceback or a crash report.
expect_stderr_one_clean_line() {
    expect_stderr_lines 1
    expect_stderr_not_contains "stack traceback"
}

# ---- assertions on values ----

# expect_eq ACTUAL EXPECTED WHAT
expect_eq() {
    if [ "$1" = "$2" ]; then
        pass
    else
        T_CMD_LABEL="last command run" fail "$3: expected '$(_t_short "$2")', got '$(_t_short "$1")'"
    fi
}

# Long values (hex dumps) are cut for messages.
_t_short() {
    if [ ${#1} -gt 400 ]; then echo "${1:0:400}... (${#1} chars)"; else echo "$1"; fi
}

# expect_file_unchanged FILE SHA256 WHAT
expect_file_unchanged() {
    local now
    now=$(sha256sum "$1" 2>/dev/null | cut -d' ' -f1)
    expect_eq "$now" "$2" "${3:-$1 unchanged}"
}

expect_no_file() {
    if [ -e "$1" ]; then fail "$1 exists (it should not)"; else pass; fi
}

# ---- helpers ----

# sql_value DB QUERY [VALUES...]: the first column of the result rows, one a
# line (via `parley sql --csv`, header dropped). Does not touch $STATUS.
sql_value() {
    local db=$1
    shift
    timeout -k 5 "$PARLEY_TEST_TIMEOUT" "$PARLEY_BIN" --db "$db" sql --csv "$@" 2>/dev/null </dev/null |
        tail -n +2 | tr -d '\r'
}

# need_python MODULE...: point $PYTHON (which py_check runs) at the first python3 on PATH
# that has these modules. The Debian packages tools/install-deps.sh installs serve the
# system python3, which a pyenv or virtualenv python3 earlier on PATH cannot import, so
# the first python3 is not enough. Fails (returns 1) when none has them all.
PYTHON=python3
need_python() {
    PYTHON=$(python_with "$@") && return 0
    PYTHON=python3
    fail "no python3 on PATH has the modules $* (sh tools/install-deps.sh test installs them)"
    return 1
}

# python_with MODULE...: print the first python3 on PATH that has these modules; status 1 if none.
python_with() {
    local p
    for p in $(type -ap python3); do
        if "$p" -c 'import importlib.util as u, sys
sys.exit(any(u.find_spec(m) is None for m in sys.argv[1:]))' "$@" 2>/dev/null; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

# py_check ARGS... <<'EOF' ... EOF: run the Python check on stdin (sys.argv[1:]
# = ARGS) with $PYTHON; any exception becomes one line "Type: message" and status 1.
py_check() {
    "$PYTHON" -c '
import sys
code = sys.stdin.read()
sys.argv = ["check"] + sys.argv[1:]
try:
    exec(compile(code, "check", "exec"), {"__name__": "__main__"})
except SystemExit:
    raise
except BaseException as e:
    print("%s: %s" % (type(e).__name__, str(e)[:500]))
    sys.exit(1)
' "$@"
}

# doc_count DB: number of stored documents ("" when the query fails).
doc_count() { sql_value "$1" 'SELECT count(*) FROM documents'; }

# hex_of FILE-or-stdin: upper-case hex of the bytes, one string.
hex_of() { od -An -v -tx1 "$@" | tr -d ' \n' | tr 'a-f' 'A-F'; }

# hex_text TEXT: upper-case hex of printf '%b' TEXT.
hex_text() { printf '%b' "$1" | hex_of; }

# char_count FILE: code points in a UTF-8 file (bytes that are not continuation bytes).
char_count() { LC_ALL=C tr -d '\200-\277' <"$1" | wc -c | tr -d ' '; }

# line_count FILE: lines as an editor counts them ("a\nb" 2, "a\n" 1).
line_count() {
    local n
    n=$(wc -l <"$1" | tr -d ' ')
    if [ -s "$1" ] && [ "$(tail -c 1 "$1" | od -An -tx1 | tr -d ' ')" != 0a ]; then
        n=$((n + 1))
    fi
    echo "$n"
}

# thousands N: 3815 -> 3,815
thousands() {
    local s=$1 out=
    while [ ${#s} -gt 3 ]; do
        out=,${s: -3}$out
        s=${s:0:${#s}-3}
    done
    echo "$s$out"
}

# The bundled seed article (the only file in data/corpus).
seed_file() {
    local f
    for f in "$SEED_DIR"/*; do
        echo "$f"
        return
    done
}

# kill_after MS COMMAND...: start COMMAND (output dropped), SIGKILL it after MS milliseconds;
# KILLED_STATUS is then its exit status (137 when the kill came first).
kill_after() {
    local ms=$1 pid
    shift
    "$@" >/dev/null 2>&1 &
    pid=$!
    sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
    kill -9 $pid 2>/dev/null
    { wait $pid; } 2>/dev/null
    KILLED_STATUS=$?
}

# reuters_files N: FILES = the first N Reuters articles (of reut2-000, in name order);
# a missing corpus fails the test and ends it.
reuters_files() {
    local dir=${PARLEY_CORPORA:-}/reuters21578/articles/reut2-000
    if [ ! -d "$dir" ]; then
        fail "the Reuters articles are missing: '$dir' (PARLEY_CORPORA points to the shared corpora)"
        finish
    fi
    mapfile -t FILES < <(find "$dir" -name '*.txt' | sort | head -n "$1")
}
