# eval.sh: `parley eval 'EXPR-OR-CHUNK'`: values printed, chunks run, errors exit 1.
source "$(dirname "$0")/lib/common.sh"

run eval '1+1'
expect_status 0
expect_stdout_equals "2"
expect_stderr_empty

run eval 'local x = 2; print(x*3)'
expect_status 0
expect_stdout_equals "6"

run eval 'for i = 1, 3 do io.write(i, " ") end print()'
expect_status 0
expect_stdout_equals "1 2 3 "

# A multi-line chunk in one argument.
run eval $'local t = {}\nfor i = 1, 4 do\n  t[#t + 1] = i * i\nend\nprint(table.concat(t, ","))'
expect_status 0
expect_stdout_equals "1,4,9,16"

# Several values on one line; a statement with no value prints nothing.
run eval '7, 8'
expect_status 0
expect_stdout_lines 1
expect_stdout_matches '^7[[:space:]]+8$'
run eval 'x = 1'
expect_status 0
expect_stdout_empty
run eval '10 // 3, 2^10, math.type(1), 3 .. ""'
expect_status 0
expect_stdout_contains 3
expect_stdout_contains 1024
expect_stdout_contains integer

# The API is loaded, with the bundled corpus behind parley.open().
run eval 'print(type(parley), type(parley.open))'
expect_status 0
expect_stdout_equals $'table\tfunction'
run eval 'local c = parley.open(); for d in c:docs() do print(d.id, d.date) end'
expect_status 0
expect_stdout_equals $'1\t2025-03-13'

# --db before or after the command.
printf 'One document only.\n' >one.txt
"$PARLEY_BIN" --db one.db ingest one.txt >/dev/null 2>&1
run --db one.db eval 'print(#parley.open():sql("SELECT id FROM documents"))'
expect_status 0
expect_stdout_equals "1"
run eval --db one.db 'print(parley.open():sql("SELECT text FROM documents")[1].text)'
expect_status 0
expect_stdout_equals $'One document only.\n'

# ---- errors: exit 1, message on stderr, nothing on stdout ----
run eval 'error("custom failure")'
expect_status 1
expect_stdout_empty
expect_stderr_contains "custom failure"
run eval '1 +'
expect_status 1
expect_stderr_contains "eval"
run eval 'nosuch.field'
expect_status 1
expect_stderr_contains "nosuch"
run eval 'print("partial"); error("after output")'
expect_status 1
expect_stdout_equals "partial"
expect_stderr_contains "after output"

# Usage: the code is one argument.
run eval
expect_status 2
run eval '1' '2'
expect_status 2
expect_stderr_lines 1

finish
