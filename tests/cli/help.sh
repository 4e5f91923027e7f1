# help.sh: --help, --version, `parley help COMMAND`, and usage errors (exit 2, one-line hint).
source "$(dirname "$0")/lib/common.sh"

COMMANDS="ingest run reduce merge scripts eval sql search why diff evaluate repl help version"

# ---- the overview ----
for flag in --help -h help; do
    run $flag
    expect_status 0
    expect_stdout_contains "Usage: parley"
    expect_stderr_empty
    for c in $COMMANDS; do
        expect_stdout_matches "^  $c "
    done
    expect_stdout_contains "--db FILE"
    expect_stdout_contains "--readonly"
done
overview=$(cat "$STDOUT_FILE")

# Global options before --help do not change it.
run --db x.db --help
expect_status 0
expect_eq "$STDOUT" "$overview" "--db x.db --help prints the same overview"
expect_no_file x.db

# ---- versions: engine, Lua, utf8proc, SQLite, PCRE2 ----
run --version
expect_status 0
expect_stdout_lines 1
expect_stdout_matches '^parley [0-9]+\.[0-9]+\.[0-9]+'
expect_stdout_matches 'Lua 5\.4(\.[0-9]+)?'
expect_stdout_matches 'utf8proc [0-9]+\.[0-9]+'
expect_stdout_matches 'SQLite 3\.[0-9]+\.[0-9]+'
expect_stdout_matches 'PCRE2 [0-9]+\.[0-9]+'
expect_stderr_empty
# mimalloc is named only when it serves malloc: a build that links it (not the sanitizer
# build) and puts it ahead of libc, so that it replaces malloc for the whole process.
if readelf -d "$PARLEY_BIN" | grep -q 'NEEDED.*libmimalloc'; then
    expect_stdout_matches ', mimalloc [0-9]+\.[0-9]+\.[0-9]+\)$'
else
    expect_stdout_not_contains mimalloc
fi
version=$STDOUT
run version
expect_status 0
expect_eq "$STDOUT" "$version" "'parley version' prints what --version prints"

# ---- help for each command ----
for c in $COMMANDS; do
    run help "$c"
    expect_status 0
    expect_stdout_matches "^Usage: parley $c( |\$)"
    expect_stderr_empty
done
run help ingest
for opt in --jsonl --repair --skip-bad --date --source --title --jobs; do
    expect_stdout_contains "$opt"
done
run help run
for opt in --jobs --stream --skip-bad; do
    expect_stdout_contains "$opt"
done
run help sql
expect_stdout_contains "--json"
expect_stdout_contains "--csv"
run help search
expect_stdout_contains "--limit"

# "-h, --help  this help" is listed under "Options for every command".
# One check per command and flag: exit 0 and the command's usage on stdout.
for c in ingest run reduce merge eval sql search scripts why diff evaluate repl; do
    for flag in --help -h; do
        run "$c" "$flag"
        if [ "$STATUS" = 0 ] && grep -qE "^Usage: parley $c( |\$)" "$STDOUT_FILE"; then
            pass
        else
            fail "'parley $c $flag' should print the help of $c and exit 0 (got status $STATUS)" \
                "stdout: $(_t_excerpt "$STDOUT_FILE")" "stderr: $(_t_excerpt "$STDERR_FILE")"
        fi
    done
done

# ---- usage errors: exit 2, one line on stderr with a hint, nothing on stdout ----
check_usage_error() {   # what to find on stderr
    expect_status 2
    expect_stdout_empty
    expect_stderr_lines 1
    expect_stderr_contains "$1"
    expect_stderr_matches 'parley (help|--help)'
}

run frobnicate
check_usage_error "frobnicate"
run --frobnicate
check_usage_error "--frobnicate"
run -x
check_usage_error "-x"
run help frobnicate
check_usage_error "frobnicate"
run --db
check_usage_error "--db"
run ingest --frobnicate seed.txt
check_usage_error "--frobnicate"
run ingest
check_usage_error "ingest"
run run --frobnicate overview
check_usage_error "--frobnicate"
run run
check_usage_error "run"
run sql --frobnicate 'SELECT 1'
check_usage_error "--frobnicate"
run sql
check_usage_error "sql"
run search --frobnicate peace
check_usage_error "--frobnicate"
run search --limit zero peace
check_usage_error "--limit"
run eval
check_usage_error "eval"
run scripts extra
check_usage_error "scripts"
run repl --frobnicate
check_usage_error "--frobnicate"
run ingest --date
check_usage_error "--date"
run run --jobs x overview
check_usage_error "--jobs"
run ingest --jobs
check_usage_error "--jobs"
run reduce
check_usage_error "reduce"
run merge out.db
check_usage_error "merge"

# A usage error runs nothing: no database is created.
run --db made.db ingest --frobnicate seed.txt
expect_status 2
expect_no_file made.db

finish
