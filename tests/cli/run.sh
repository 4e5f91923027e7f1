# run.sh: `parley run` (paths, bundled scripts, arg and ..., require, errors),
# `parley scripts`, and the bundled corpus that parley.open() falls back to.
source "$(dirname "$0")/lib/common.sh"

SEED=$(seed_file)
PREFIX=" date 2025-03-13 "
tail -c +$((${#PREFIX} + 1)) "$SEED" >seed.body
# The first sentence, read from the file: the first line after the prefix ends
# with the first "." that is followed by a space or a newline ("... treaty.").
FIRST_LINE=$(head -n 1 seed.body)
FIRST_SENTENCE=${FIRST_LINE%%. *}
[ "$FIRST_SENTENCE" = "$FIRST_LINE" ] || FIRST_SENTENCE=$FIRST_SENTENCE.
expect_eq "${FIRST_SENTENCE:0:26}" "Azerbaijan and Armenia sai" "the seed's first sentence starts as read"
expect_eq "${FIRST_SENTENCE: -7}" "treaty." "the seed's first sentence ends as read"
BYTES=$(wc -c <seed.body | tr -d ' ')
CHARS=$(char_count seed.body)
LINES=$(line_count seed.body)

# ---- parley run overview on the bundled corpus (no --db, no PARLEY_DB, no ./parley.db) ----
run run overview
expect_status 0
expect_stderr_empty
expect_stdout_matches '^\[1\] 2025-03-13 '
expect_stdout_line "    $(thousands "$BYTES") bytes, $(thousands "$CHARS") chars, $(thousands "$LINES") lines"
expect_stdout_line "    $FIRST_SENTENCE"
expect_stdout_lines 3
expect_no_file parley.db
# The same, as a golden file written by hand from data/corpus/ and scripts/overview.lua
# ("[%d] %s  %s  %s": id, date, source or "-", title = the file name without extension).
expect_stdout_equals "$EXPECTED_DIR/overview.txt"
run run overview --limit 1
expect_status 0
expect_stdout_matches '^\[1\] 2025-03-13 '
run run overview --frobnicate
expect_status 2
expect_stderr_lines 1
expect_stderr_contains "--frobnicate"

# The first sentence of Armenian text ends at its full stop ։ (U+0589), not inside a word
# that shares its bytes (ր is D6 80, ։ is D6 89).
printf 'Նախարար Միրզոյանը մեկնեց Բրյուսել։ Երկրորդ նախադասություն։\n' >hy.txt
run --db hy.db ingest -q hy.txt
run --db hy.db run overview
expect_status 0
expect_stdout_line "    Նախարար Միրզոյանը մեկնեց Բրյուսել։"

# By path, the same script.
run run "$PARLEY_SOURCE_DIR/scripts/overview.lua"
expect_status 0
expect_stdout_line "    $FIRST_SENTENCE"

# ---- parley scripts: every bundled script with its one-line description ----
run scripts
expect_status 0
expect_stderr_empty
for f in "$PARLEY_SOURCE_DIR"/scripts/*.lua; do
    name=$(basename "$f" .lua)
    # The description is the first line: "-- NAME: description".
    desc=$(head -n 1 "$f" | sed -e 's/^--* *//' -e "s/^$name: *//")
    expect_stdout_matches "^$name +"
    expect_stdout_contains "$desc"
done
expect_stdout_contains "one entry per document: id, date, source, title, size, and its first sentence"

# ---- arg and ... as in standalone lua ----
cat >args.lua <<'EOF'
print("arg0=" .. tostring(arg[0]))
print("n=" .. #arg)
for i = 1, #arg do print(i .. "=" .. arg[i]) end
local dots = table.pack(...)
print("dots=" .. dots.n .. ":" .. table.concat(dots, "|"))
EOF
run run args.lua one "two words" --flag ""
expect_status 0
expect_stdout_equals "arg0=args.lua
n=4
1=one
2=two words
3=--flag
4=
dots=4:one|two words|--flag|"
run run ./args.lua
expect_status 0
expect_stdout_equals "arg0=./args.lua
n=0
dots=0:"
# Options after SCRIPT belong to the script, even parley's own.
run run args.lua --db x.db --readonly
expect_status 0
expect_stdout_contains "1=--db"
expect_stdout_contains "3=--readonly"
expect_no_file x.db

# ---- require finds a module next to the script, wherever the working directory is ----
mkdir -p proj/sub
cat >proj/helper.lua <<'EOF'
local M = {}
function M.greet(who) return "hello, " .. who end
return M
EOF
cat >proj/main.lua <<'EOF'
local helper = require("helper")
print(helper.greet(arg[1] or "nobody"))
EOF
run run proj/main.lua analyst
expect_status 0
expect_stdout_equals "hello, analyst"
cd proj/sub
run run ../main.lua from-sub
cd "$WORK"
expect_status 0
expect_stdout_equals "hello, from-sub"
# A module next to the script overrides a shipped one of the same name.
mkdir -p override/parley
printf 'return { shadowed = true }\n' >override/parley/tabulate.lua
printf 'print(require("parley.tabulate").shadowed)\n' >override/main.lua
run run override/main.lua
expect_status 0
expect_stdout_equals "true"

# ---- the API is there: parley global and parley.open() on the bundled corpus ----
cat >api.lua <<'EOF'
local c = assert(parley.open())
local n = 0
for d in c:docs() do n = n + 1; print(d.id, d.date) end
print("docs", n)
EOF
run run api.lua
expect_status 0
expect_stdout_equals $'1\t2025-03-13\ndocs\t1'

# ---- the corpus: ./parley.db, PARLEY_DB, --db before or after `run` ----
printf 'A second document about the talks.\n' >extra.txt
"$PARLEY_BIN" --db other.db ingest "$SEED" extra.txt >/dev/null 2>&1
expect_eq "$(doc_count other.db)" 2 "setup: other.db has two documents"
run --db other.db run api.lua
expect_status 0
expect_stdout_contains $'docs\t2'
run run --db other.db api.lua
expect_status 0
expect_stdout_contains $'docs\t2'
PARLEY_DB=$WORK/other.db run run api.lua
expect_status 0
expect_stdout_contains $'docs\t2'
cp other.db parley.db
run run api.lua
expect_status 0
expect_stdout_contains $'docs\t2'
rm -f parley.db parley.db-wal parley.db-shm

# ---- errors: a traceback naming the script file and line, exit 1 ----
cat >boom.lua <<'EOF'
local function inner()
  error("boom at inner")
end
local function outer() inner() end
outer()
EOF
run run boom.lua
expect_status 1
expect_stderr_contains "boom.lua:2: boom at inner"
expect_stderr_contains "traceback"
expect_stderr_contains "boom.lua:4:"
expect_stderr_contains "boom.lua:5:"
cat >nilcall.lua <<'EOF'
local t = {}
print("before")
t.missing.field = 1
EOF
run run nilcall.lua
expect_status 1
expect_stdout_equals "before"
expect_stderr_contains "nilcall.lua:3:"
cat >syntax.lua <<'EOF'
local x = 1
if x then
  print(x
end
EOF
run run syntax.lua
expect_status 1
expect_stdout_empty
expect_stderr_contains "syntax.lua:4:"
# error() with a table value does not crash the reporter.
printf 'error({code = 7})\n' >tableerr.lua
run run tableerr.lua
expect_status 1
expect_stderr_not_contains "(null)"
# os.exit keeps its status.
printf 'io.write("bye\\n"); os.exit(5)\n' >exit5.lua
run run exit5.lua
expect_status 5
expect_stdout_equals "bye"

# A script file that does not exist is a missing file: a data error (exit 1,
# docs/cli.md "Exit statuses"), one line naming it.
run run no-such-script.lua
expect_status 1
expect_stderr_contains "no-such-script.lua"
expect_stderr_lines 1
run run ./scripts-dir/missing.lua
expect_status 1
expect_stderr_contains "missing.lua"
run run no_such_bundled_script
expect_status_nonzero
expect_stderr_contains "no_such_bundled_script"

finish
