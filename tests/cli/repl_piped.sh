# repl_piped.sh: `parley` (and `parley repl`) with stdin piped: chunks read and run,
# values printed, no prompt or banner, exit 1 when any chunk failed.
source "$(dirname "$0")/lib/common.sh"

run_input $'1+1\n'
expect_status 0
expect_stdout_equals "2"
expect_stderr_empty

# No prompt, no banner, nothing but the values.
run_input $'1+1\n"two"\n'
expect_status 0
expect_stdout_not_contains "parley>"
expect_stdout_not_contains "...>"
expect_stdout_not_contains "help()"
expect_stdout_lines 2
expect_stdout_matches '^2$'
expect_stdout_matches 'two'

# Multi-line chunks: a for loop, a function, a table constructor over several lines.
run_input $'for i = 1, 3 do\n  print(i)\nend\n'
expect_status 0
expect_stdout_equals $'1\n2\n3'
run_input $'function sq(x)\n  return x * x\nend\nsq(12)\n'
expect_status 0
expect_stdout_equals "144"
run_input $'t = {\n  a = 1,\n  b = 2,\n}\nt.a + t.b\n'
expect_status 0
expect_stdout_equals "3"
run_input $'s = [[first\nsecond]]\nprint(#s)\n'
expect_status 0
expect_stdout_equals "12"

# Globals live from one chunk to the next; a statement prints nothing.
run_input $'x = 5\nx * 2\n'
expect_status 0
expect_stdout_equals "10"

# The corpus: `corpus` is open (the bundled one here), `parley` is loaded.
run_input $'for d in corpus:docs() do print(d.id, d.date) end\n'
expect_status 0
expect_stdout_equals $'1\t2025-03-13'
run_input $'type(parley.open)\n'
expect_status 0
expect_stdout_contains "function"

# Errors: reported on stderr, the next chunks still run, exit 1 at the end.
run_input $'1+1\nerror("oops in chunk two")\n3+3\n'
expect_status 1
expect_stdout_equals $'2\n6'
expect_stderr_contains "oops in chunk two"
run_input $'x = = 1\n4+4\n'
expect_status 1
expect_stdout_equals "8"
expect_stderr_contains "stdin"
run_input $'nosuch.field\n'
expect_status 1
expect_stderr_contains "nosuch"
# A chunk left unfinished at the end of input is a failed chunk too (lua does the same).
run_input $'print("done")\nfor i = 1, 2 do\n  print(i)\n'
expect_status 1
expect_stdout_contains "done"
expect_stderr_matches "<eof>|expected"

# Empty input, or only blank lines and comments: nothing printed, exit 0.
run_input ''
expect_status 0
expect_stdout_empty
run_input $'\n\n-- a comment\n\n'
expect_status 0
expect_stdout_empty

# A last line without a newline is still run.
run_input $'print("no newline")'
expect_status 0
expect_stdout_equals "no newline"

# CRLF input (a script saved on Windows) runs.
run_input $'for i = 1, 2 do\r\n  print(i)\r\nend\r\n'
expect_status 0
expect_stdout_equals $'1\n2'

# `parley repl` explicitly, with --db before or after.
printf 'A document for the repl.\n' >r.txt
"$PARLEY_BIN" --db r.db ingest r.txt >/dev/null 2>&1
run_input $'#corpus:sql("SELECT id FROM documents")\n' repl --db r.db
expect_status 0
expect_stdout_equals "1"
run_input $'corpus:sql("SELECT text FROM documents")[1].text\n' --db r.db
expect_status 0
expect_stdout_contains "A document for the repl."
run_input $'1+1\n' repl
expect_status 0
expect_stdout_equals "2"

# No history file is written when not interactive.
expect_no_file "$XDG_STATE_HOME/parley/history"

# Errors name the input's own line; a syntax error has a caret under the token.
run_input $'x = 1\n\nfunction f(a)\n  return a.name\nend\nf(1)\n'
expect_status 1
expect_stderr_contains "stdin:4: attempt to index a number value (local 'a')"
expect_stderr_contains "  stdin:4: in function 'f'"
expect_stderr_contains "  stdin:6: in main chunk"
run_input $'y = 1 +\n  (2 * ) \n'
expect_status 1
expect_stderr_equals $'stdin:2: unexpected symbol near \')\'\n    (2 * ) \n         ^'
run_input $'nosuch.field\n'
expect_stderr_equals "stdin:1: attempt to index a nil value (global 'nosuch')"

# A stack overflow is reported at once (no walk over every frame), its middle left out.
run_input $'function r(n) return 1 + r(n + 1) end\nr(1)\n:where\n'
expect_status 1
expect_stderr_contains "stack overflow"
expect_stdout_matches '^\.\.\.  [0-9]+ frames left out$'
expect_stdout_contains "n = 1"

# _ is the last value, _N the value of input N (inputs count from 1).
run_input $'10\n"twenty"\nx = 3\n_1 + 1\n_\n_2\n'
expect_status 0
expect_stdout_equals $'10\n"twenty"\n11\n11\n"twenty"'

# Meta-commands: :load runs a file in the session, :time, :save writes a script that runs.
printf 'loaded_value = 41\nreturn "from the file"\n' >lib.lua
run_input $':load lib.lua\nloaded_value + 1\n:time #corpus:sql("SELECT 1")\n'
expect_status 0
expect_stdout_line '"from the file"'
expect_stdout_line "42"
expect_stdout_matches '^time: [0-9.]+ (µs|ms|s) \(cpu [0-9.]+ (µs|ms|s)\)$'
run_input $'n = corpus:count()\nn * 2 -- doubled\nerror("not saved")\nfor i = 1, 2 do\n  n = n + i\nend\nn\n:save saved.lua\n'
expect_status 1
expect_stdout_contains "saved 4 inputs to saved.lua"
run run saved.lua
expect_status 0
expect_stdout_equals $'2\n4'
expect_eq "$(grep -c 'not saved' saved.lua)" 0 "failed inputs are not saved"
run_input $':load nosuch.lua\n'
expect_status 1
expect_stderr_contains "nosuch.lua"
run_input $':bogus\n:sa\n'
expect_status 1
expect_stderr_contains "unknown or ambiguous command :bogus"
expect_stderr_contains "usage: :save FILE"
run_input $'1\n:quit\n2\n'
expect_status 0
expect_stdout_equals "1"
run_input $'::top::\nprint("a label is Lua, not a command")\n'
expect_status 0
expect_stdout_equals "a label is Lua, not a command"

# ?name and help(): the help text, by name or by value.
run_input $'?text.fold\nhelp(corpus.sql)\n?corpus:search\n'
expect_status 0
expect_stdout_contains "text.fold(s) -> string"
expect_stdout_contains "c:sql(query, ...) -> rows"
expect_stdout_contains "c:search(query"
run_input $'?nosuch\n'
expect_stdout_contains "no help for nosuch"

# A limit stops one input; the next ones run; the exit status says a limit was hit.
run_input $'while true do end\nprint("after")\n' --timeout 0.3
expect_status 3
expect_stdout_equals "after"
expect_stderr_contains "stopped: time limit of 0.3 s exceeded at stdin:1"
# A loop in a coroutine made by an earlier input stops too.
run_input $'co = coroutine.wrap(function() while true do end end)\nco()\nprint("after")\n' --timeout 0.3
expect_status 3
expect_stdout_equals "after"
expect_stderr_contains "stopped: time limit of 0.3 s exceeded"
# An input stuck inside one C function ends the session a second after the deadline.
run_input $'return string.rep("a", 3e5):find(".-.-.-b")\nprint("after")\n' --timeout 0.3
expect_status 3
expect_stdout_equals ""
expect_stderr_contains "inside a C function, which cannot be interrupted"

finish
