# repl_pty.sh: the REPL on a terminal, driven through a pseudo-terminal (lib/pty_driver.py):
# banner, completion, multi-line input, pretty printing, Ctrl-C, history, errors, colours.
#
# A control key (Ctrl-C, Ctrl-D, Ctrl-R) is sent only once its prompt is shown: while an
# input runs the terminal is in cooked mode, where the line discipline takes those keys
# (Ctrl-D as end of file, Ctrl-R as reprint) before the REPL could see them.
source "$(dirname "$0")/lib/common.sh"

# pty_scenario NAME <<'PY' ... PY: run the Python scenario (start(), Session.send/expect, see
# lib/pty_driver.py) against $PARLEY_BIN; one pass, or one failure with what the terminal showed.
pty_scenario() {
    local out
    if out=$(PARLEY_BIN=$PARLEY_BIN timeout -k 5 120 python3 "$TEST_DIR/lib/pty_driver.py" 2>&1); then
        pass
    else
        LAST_CMD="pty scenario '$1'" fail "$1" "$out"
    fi
}

pty_scenario "banner, a value, Ctrl-D" <<'PY'
s = start()
s.expect_prompt(1)
before = s.text[:s.text.index("parley[1]> ")].strip("\n").split("\n")
assert len(before) == 2, "the banner takes two lines: %r" % before
assert re.match(r"parley \d+\.\d+\.\d+, corpus: 1 document in the bundled corpus", before[0]), before[0]
assert "help()" in before[1] and ":help" in before[1], before[1]
s.send("1 + 1\r")
s.expect(r"\n2\n")
s.expect_prompt(2)
s.send("\x04")
assert s.wait() == 0, "Ctrl-D leaves with status 0"
PY

pty_scenario "Tab completes parley.te, methods through metatables, paths in strings" <<'PY'
open("notes_alpha.lua", "w").close()
s = start()
s.expect_prompt(1)
s.send("parley.te\t")
s.expect_exact("parley.text")
s.send(".fo\t\r")
s.expect_exact("<function parley.text.fold>")
s.expect_prompt(2)
s.send("corpus:s\t\t")                      # two candidates: Tab lists them
s.expect(r"\nsave\s+search\s+sql\s*\n")
s.expect_exact("parley[2]> corpus:s")       # and the line is back, as it was
s.send("q\t(\"SELECT count(*) AS n FROM documents\")[1].n\r")
s.expect(r"corpus:sql\(.*\)\[1\]\.n\n1\n")
s.expect_prompt(3)
s.send('dofile("notes_a\t')
s.expect_exact('dofile("notes_alpha.lua')
s.send("\x03")
s.expect_prompt(3)
s.send("\x04")
assert s.wait() == 0
PY

pty_scenario "a multi-line for loop continues until complete" <<'PY'
s = start()
s.expect_prompt(1)
s.send("for d in corpus:docs() do\r")
s.expect_exact("      ...> ")
s.send("  print(d.id, d.date)\r")
s.expect_exact("      ...> ")
s.send("end\r")
s.expect(r"\n1\s+2025-03-13\n")
s.expect_prompt(2)
s.send("function twice(x)\r  return 2 * x\rend\rtwice(21)\r")
s.expect(r"\n42\n")
s.expect_prompt(4)
s.send("\x04")
assert s.wait() == 0
PY

pty_scenario "tables pretty-printed; _ and _n keep results" <<'PY'
s = start()
s.expect_prompt(1)
s.send("t = {name = 'Baku', sides = {'AZ', 'AM'}, n = 2}\r")
s.expect_prompt(2)
s.send("t\r")
s.expect_exact('{ n = 2, name = "Baku", sides = { "AZ", "AM" } }')
s.send("_.name\r")
s.expect_exact('"Baku"')
s.send("_2.n + 1\r")
s.expect(r"\n3\n")
s.send("error('boom')\r")
s.expect_exact("boom")
s.send("_2.sides[2]\r")                     # still there after an error
s.expect_exact('"AM"')
s.send("{deep = {a = {b = {c = {d = {}}}}}, list = {1, 2, 3}}\r")
s.expect_exact("{ deep = { a = { b = { c = {...} } } }, list = { 1, 2, 3 } }")
s.send("corpus:get(1)\r")
s.expect(r'<Doc 1 2025-03-13 "Azerbaijan and Armenia said Thursday\.\.\." 3,\d{3} chars>')
s.send("'Ереван ' .. 'é'\r")                    # UTF-8 typed at the prompt
s.expect_exact('"Ереван é"')
s.send("\x04")
assert s.wait() == 0
PY

pty_scenario "Ctrl-C stops a running loop and keeps the session; at the prompt it clears the line" <<'PY'
s = start()
s.expect_prompt(1)
s.send("kept = 7\r")
s.expect_prompt(2)
s.send("while true do end\r")
time.sleep(0.5)
s.send("\x03")
s.expect_exact("stopped: interrupted at [2]:1")
s.expect_prompt(3)
s.send("kept\r")
s.expect(r"\n7\n")
s.expect_prompt(4)
s.send("pcall(function() while true do end end)\r")   # a pcall cannot swallow Ctrl-C
time.sleep(0.5)
s.send("\x03")
s.expect_exact("stopped: interrupted")
s.expect_prompt(5)
s.send("kept + 1\r")
s.expect(r"\n8\n")
s.expect_prompt(6)
s.send("1 + \x03")                            # Ctrl-C at the prompt clears the line
s.expect_exact("1 + ^C")
s.expect_prompt(6)
s.send("2 + 2\r")
s.expect(r"\n4\n")
s.expect_prompt(7)
s.send("for i = 1, 3 do\r")                   # and drops an unfinished chunk
s.expect_exact("...> ")
s.send("\x03")
s.expect_prompt(7)
s.send("10 * 10\r")
s.expect(r"\n100\n")
s.expect_prompt(8)
s.send("while true do end\r")                 # Ctrl-C pressed twice, the second late, is harmless
time.sleep(0.3)
s.send("\x03")
s.expect_exact("stopped: interrupted")
s.send("\x03")
time.sleep(0.3)
s.send("\x15")
s.expect_prompt(9)
s.send("kept\r")
s.expect(r"\n7\n")
s.expect_prompt(10)
s.send("\x04")
assert s.wait() == 0
PY

pty_scenario "history is kept across sessions, capped, without lines starting with a space" <<'PY'
history = os.path.join(os.environ["XDG_STATE_HOME"], "parley", "history")
s = start()
s.expect_prompt(1)
s.send("histmark = 123\r")
s.expect_prompt(2)
s.send(" secret = 456\r")
s.expect_prompt(3)
s.send("for i = 1, 2 do\r  x = i\rend\r")
s.expect_prompt(4)
s.send("\x04")
assert s.wait() == 0
saved = open(history, encoding="utf-8", errors="replace").read()
assert "histmark" in saved, saved
assert "secret" not in saved, "a line starting with a space is not written: " + saved
s = start()
s.expect_prompt(1)
s.send("\x1b[A")                              # Up: the last input, all three lines of it
s.expect(r"for i = 1, 2 do\n\s*x = i\nend")
s.send("\x03")
s.expect_prompt(1)
s.send("hist\x1b[A")                           # Up after typing: the last input starting so
s.expect_exact("histmark = 123")
s.send("\r")
s.expect_prompt(2)
s.send("histmark\r")
s.expect(r"\n123\n")
s.expect_prompt(3)
s.send("\x12mark")                              # Ctrl-R: incremental search
s.expect_exact("histmark")
s.send("\x03")
s.expect_prompt(3)
s.send("\x04")
assert s.wait() == 0
# the file is capped: 6000 entries become 5000 when a session starts
with open(history, "w") as f:
    f.write("_HiStOrY_V2_\n" + "".join("line\\040%d\n" % i for i in range(6000)))
s = start()
s.expect_prompt(1)
s.send("\x04")
assert s.wait() == 0
lines = open(history).read().splitlines()
assert len(lines) == 5001 and lines[-1] == "line\\0405999", (len(lines), lines[-1])
PY

pty_scenario "errors: a short traceback, :where with locals, a caret under a syntax error" <<'PY'
s = start()
s.expect_prompt(1)
s.send("function f(a) local b = a * 2; return a.x end\r")
s.expect_prompt(2)
s.send("f(21)\r")
s.expect_exact("[1]:1: attempt to index a number value (local 'a')")
s.expect_exact("[1]:1: in function 'f'")
s.expect_exact("[2]:1: in main chunk")
s.expect_prompt(3)
s.send(":where\r")
s.expect(r"#1 +\[1\]:1 in function 'f'")
s.expect(r"a = 21\n\s+b = 42")
s.expect(r"#2 +\[2\]:1 in main chunk")
s.send("x = = 1\r")
s.expect(r"unexpected symbol near '='\n  x = = 1\n      \^\n")
s.send("?text.fold\r")
s.expect_exact("text.fold(s) -> string")
s.expect_exact('parley.text.fold("Café")  --> "cafe"')
s.send("help(corpus.sql)\r")
s.expect_exact("c:sql(query, ...) -> rows")
s.send(":help\r")
s.expect_exact(":save FILE")
s.expect_prompt(5)
s.send("\x04")
assert s.wait() == 0
PY

pty_scenario "colours on a terminal, none with NO_COLOR" <<'PY'
s = start(unset=["NO_COLOR"])
s.expect_prompt(1)
s.send("42, 'x'\r")
s.expect(r"42\s+\"x\"")
s.send("error('red')\r")
s.expect_exact("red")
s.expect_prompt(3)
s.send("\x04")
assert s.wait() == 0
assert "\x1b[1;32m\x02parley[1]>" in s.raw or "\x1b[1;32mparley[1]>" in s.raw, "a coloured prompt"
assert "\x1b[36m42\x1b[0m" in s.raw and '\x1b[32m"x"\x1b[0m' in s.raw, "coloured numbers and strings"
assert "\x1b[31m" in s.raw, "a red error"
s = start(env={"NO_COLOR": "1"})
s.expect_prompt(1)
s.send("42, 'x'\r")
s.expect(r"42\s+\"x\"")
s.expect_prompt(2)
s.send("\x04")
assert s.wait() == 0
assert not re.search(r"\x1b\[[0-9;]*m", s.raw), "no colour codes at all: %r" % s.raw
PY

finish
