# man.sh: the man page parley(1) is generated from the command table: every command and
# global option is in it, it renders without warnings, and the built copy is up to date.
source "$(dirname "$0")/lib/common.sh"

run help --man
expect_status 0
expect_stderr_empty
cp "$STDOUT_FILE" parley.1
expect_stdout_matches '^\.TH PARLEY 1 '
for section in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS '"EXIT STATUS"' ENVIRONMENT FILES; do
    expect_stdout_line ".SH $section"
done

# Every command of `parley --help` has its own subsection, with its usage line
run --help
commands=$(sed -n '/^Commands:/,/^$/p' "$STDOUT_FILE" | awk 'NF > 1 { print $1 }')
expect_eq "$(echo "$commands" | wc -l | tr -d ' ')" "$(grep -c '^\.SS "parley ' parley.1)" \
    "one .SS per command in --help"
for c in $commands; do
    run help "$c"
    usage=$(head -n 1 "$STDOUT_FILE" | sed 's/^Usage: //; s/-/\\-/g')
    if grep -qxF ".SS \"$usage\"" parley.1; then pass; else
        fail "the man page has no subsection for '$c' (looked for .SS \"$usage\")"; fi
done

# Global options and the environment, as --help and docs/cli.md name them
for opt in '\-\-db FILE' '\-\-readonly' '\-\-max\-memory SIZE' '\-\-timeout SECONDS' '\-q, \-\-quiet'; do
    if grep -qF -- "$opt" parley.1; then pass; else fail "global option missing: $opt"; fi
done
for var in PARLEY_DB PARLEY_PATH PARLEY_HOME NO_COLOR XDG_STATE_HOME; do
    expect_eq "$(grep -c "^\\.B $var\$" parley.1)" 1 "ENVIRONMENT lists $var"
done
for status in 0 1 2 3; do
    expect_eq "$(sed -n '/^\.SH "EXIT STATUS"/,/^\.SH ENVIRONMENT/p' parley.1 | grep -c "^\\.B $status\$")" 1 \
        "EXIT STATUS lists $status"
done

# It renders: groff reports no warnings, and man shows the commands
if command -v groff >/dev/null; then
    warnings=$(groff -man -ww -z parley.1 2>&1)
    expect_eq "$warnings" "" "groff -ww has no warnings"
    rendered=$(groff -man -Tutf8 parley.1 2>/dev/null | sed 's/.\x08//g')
    for c in $commands; do
        if grep -qE "^ +parley $c( |\$)" <<<"$rendered"; then pass; else
            fail "the rendered page does not show 'parley $c'"; fi
    done
fi

# The copy the build installs is what the binary prints now
if [ -n "${PARLEY_BUILD_DIR:-}" ]; then
    expect_eq "$(cmp -s "$PARLEY_BUILD_DIR/generated/parley.1" parley.1 && echo same)" same \
        "build/generated/parley.1 is up to date"
fi

finish
