# flagship.sh: for install.sh and package.sh, sourced after common.sh with PARLEY_BIN the build's binary.
# The flagship briefing must run installed exactly as it runs from the build tree; when it
# cannot run from the build tree either (a module it needs has not landed), that is not an
# install problem: it is noted, and the overview stands in.
FLAGSHIP_OUT=
if [ -f "$PARLEY_SOURCE_DIR/scripts/briefing.lua" ]; then
    run run briefing
    if [ "$STATUS" = 0 ]; then cp "$STDOUT_FILE" "$WORK/briefing.expected"; FLAGSHIP_OUT=$WORK/briefing.expected
    else echo "NOTE: briefing does not run from the build tree: $(head -n 1 "$STDERR_FILE" | cut -c1-120)"; fi
fi

# expect_flagship: the installed binary (PARLEY_BIN) runs the overview and the briefing as the build does
expect_flagship() {
    run run overview
    expect_status 0
    expect_stderr_empty
    expect_stdout_equals "$EXPECTED_DIR/overview.txt"
    if [ -n "$FLAGSHIP_OUT" ]; then
        run run briefing
        expect_status 0
        expect_stdout_equals "$FLAGSHIP_OUT"
    fi
}
