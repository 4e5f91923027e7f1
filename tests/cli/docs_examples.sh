# docs_examples.sh: every code example in README.md and docs/*.md runs. Each file is followed
# in order in a fresh directory holding articles/ and feed.jsonl (tests/cli/fixtures/docs/ and
# the bundled corpus), with `parley` and `build/parley` on hand as a reader has them:
#   ```sh   blocks that call parley run with bash -e; blocks without a parley command
#           (make, apt-get) are skipped and listed
#   ```lua  blocks run through tests/cli/lib/doc_lua.lua (REPL lines with `expr --> value`
#           checks, or a script when the first line is "-- NAME.lua: ..."), with the REPL's
#           names (corpus, c, module short names); a block that needs a parley module this
#           build lacks is listed, not failed. ```lua fragment blocks are compiled only.
#   ```sql  blocks run with `parley sql`
#   ```python blocks run with python3 (skipped, and listed, when a module they import is missing)
# ```text, ```json and bare ``` blocks show output or formats and are not run.
source "$(dirname "$0")/lib/common.sh"

FIXTURES=$TEST_DIR/fixtures/docs
LIB=$TEST_DIR/lib
mkdir -p "$WORK/bin"
ln -s "$PARLEY_BIN" "$WORK/bin/parley"
export PATH=$WORK/bin:$PATH
SKIPPED=
PY_SKIPPED=
MODULE_SKIPPED=

# run_block KIND FILE WHERE: run one block in the current directory
run_block() {
    local kind=$1 file=$2 where=$3 out=$WORK/.block_out rc
    case $kind in
        sh)
            if ! grep -qE '(^|[;&|(]|\s)(build/)?parley(\s|$)' "$file"; then
                SKIPPED="$SKIPPED $where"
                return
            fi
            timeout -k 5 120 bash -e -o pipefail "$file" </dev/null >"$out" 2>&1
            rc=$? ;;
        lua | frag)
            timeout -k 5 120 parley run "$LIB/doc_lua.lua" "$file" "$where" \
                "$([ "$kind" = frag ] && echo fragment)" </dev/null >"$out" 2>&1
            rc=$?
            if [ "$rc" = 4 ]; then   # uses a parley module this build does not have yet
                MODULE_SKIPPED="$MODULE_SKIPPED $where($(sed -n 's/^needs \(parley\.[a-z_]*\).*/\1/p' "$out"))"
                return
            fi ;;
        sql)
            timeout -k 5 60 parley sql "$(cat "$file")" </dev/null >"$out" 2>&1
            rc=$? ;;
        py)   # with the first python3 on PATH that has every top-level module imported
            local mods py
            mods=$(sed -nE 's/^import ([A-Za-z0-9_., ]+)( as .*)?$/\1/p; s/^from ([A-Za-z_][A-Za-z0-9_]*).*/\1/p' "$file" |
                   tr ',' '\n' | sed -E 's/^ *//; s/ +as .*//; s/\..*//' | sort -u)
            # shellcheck disable=SC2086
            if ! py=$(python_with $mods); then
                PY_SKIPPED="$PY_SKIPPED $where($(tr '\n' ' ' <<<"$mods" | sed 's/ $//'))"
                return
            fi
            timeout -k 5 120 "$py" "$file" </dev/null >"$out" 2>&1
            rc=$? ;;
    esac
    if [ "$rc" = 0 ]; then pass; else
        fail "the example at $where failed (status $rc)" "$(sed 's/^/| /' "$file" | head -n 15)" \
            "output: $(_t_excerpt "$out")"
    fi
}

for md in "$PARLEY_SOURCE_DIR"/README.md "$PARLEY_SOURCE_DIR"/docs/*.md; do
    name=$(basename "$md" .md)
    dir=$WORK/docs-$name
    mkdir -p "$dir/blocks" "$dir/build" "$dir/articles"
    cp "$SEED_DIR"/* "$FIXTURES"/articles/* "$dir/articles/"
    cp "$FIXTURES/feed.jsonl" "$dir/"
    ln -s "$PARLEY_BIN" "$dir/build/parley"
    LAST_CMD="parley run doc_blocks.lua $name.md"
    count=$("$PARLEY_BIN" run "$LIB/doc_blocks.lua" "$md" "$dir/blocks" 2>"$WORK/.extract_err")
    if [ $? != 0 ]; then
        fail "cannot read the examples of $name.md" "$(cat "$WORK/.extract_err")"
        continue
    fi
    LAST_CMD=
    echo "$name.md: $count examples"
    (( count > 0 )) || continue
    cd "$dir" || exit 2
    for block in blocks/*.where; do
        base=${block%.where}
        for kind in sh lua frag sql py; do
            [ -f "$base.$kind" ] && run_block "$kind" "$base.$kind" "$(cat "$block")"
        done
    done
    cd "$WORK" || exit 2
done
[ -n "$SKIPPED" ] && echo "not run (no parley command):$SKIPPED"
[ -n "$PY_SKIPPED" ] && echo "not run (a Python module is not installed):$PY_SKIPPED"
[ -n "$MODULE_SKIPPED" ] && echo "not run (a module that has not landed):$MODULE_SKIPPED"

finish
