# sandbox.sh: hostile scripts under --sandbox are refused (status 1) or stopped (status 3) with a clear message.
source "$(dirname "$0")/lib/common.sh"

# hostile NAME LUA: write the script hostile/NAME.lua
hostile() {
    mkdir -p hostile
    printf '%s\n' "$2" >"hostile/$1.lua"
}

# A corpus on disk, to show SQL cannot change it (elsewhere parley.open() is the bundled one).
run --db corpus.db ingest -q "$SEED_DIR"
expect_status 0
DOCS=$(doc_count corpus.db)

# ---- programs ----

hostile forkbomb 'os.execute(":(){ :|:& };:")'
run run --sandbox hostile/forkbomb.lua
expect_status 1
expect_stderr_contains "hostile/forkbomb.lua:1: sandbox: os.execute is not allowed (run without --sandbox to allow it)"

hostile popen 'local p = io.popen("id") print(p:read("a"))'
run run --sandbox hostile/popen.lua
expect_status 1
expect_stderr_contains "sandbox: io.popen is not allowed"

for f in exit tmpname; do
    hostile "os_$f" "os.$f('x', 'y')"
    run run --sandbox "hostile/os_$f.lua"
    expect_status 1
    expect_stderr_contains "sandbox: os.$f is not allowed (run without --sandbox to allow it)"
done

# Removing and renaming are writes: only under --out.
printf 'keep me\n' >precious.txt
run --sandbox eval 'os.remove("precious.txt")'
expect_status 1
expect_stderr_contains "sandbox: cannot write precious.txt: no --out directory was given (allow with --out DIR)"
run --sandbox --out results eval 'os.rename("precious.txt", "results/stolen.txt")'
expect_status 1
expect_stderr_contains "sandbox: cannot write precious.txt: outside the --out directory"
expect_eq "$(cat precious.txt)" "keep me" "a file outside --out after remove and rename were refused"
run --sandbox --out results eval 'io.open("results/a.tmp", "w"):close() assert(os.rename("results/a.tmp", "results/a.txt")) assert(os.remove("results/a.txt"))'
expect_status 0
expect_no_file results/a.txt

hostile getenv 'print(os.getenv("HOME"))'
run run --sandbox hostile/getenv.lua
expect_status 1
expect_stderr_contains 'sandbox: os.getenv("HOME") is not allowed'

# ---- reading ----

hostile passwd 'print(io.open("/etc/passwd"):read("a"))'
run run --sandbox hostile/passwd.lua
expect_status 1
expect_stderr_contains "sandbox: cannot read /etc/passwd: outside the allowed paths (allow with --allow-read DIR)"
expect_stdout_not_contains "root:"

for how in 'io.lines("/etc/passwd")' 'io.input("/etc/passwd")' 'dofile("/etc/passwd")' \
    'loadfile("/etc/passwd")' 'parley.read("/etc/passwd")' 'parley.dir("/etc")' \
    'parley.open("/etc/passwd")' 'parley.open():ingest("/etc/passwd")'; do
    run --sandbox eval "$how"
    expect_status 1
    expect_stderr_contains "sandbox: cannot read /etc"
done

# A symbolic link inside an allowed directory does not lead out of it.
mkdir -p articles
ln -s /etc/passwd articles/link.txt
printf 'The talks resumed.\n' >articles/story.txt
hostile symlink 'print(io.open(arg[1] .. "/link.txt"):read("a"))'
run run --sandbox hostile/symlink.lua articles
expect_status 1
expect_stderr_contains "sandbox: cannot read articles/link.txt: outside the allowed paths"
run --sandbox --allow-read articles eval 'parley.open():ingest("articles")'
expect_status 1
expect_stderr_contains "corpus.ingest: sandbox: cannot read articles/link.txt"

# What the command line names is readable: the script's arguments and --allow-read.
hostile reader 'for _, p in ipairs(arg) do io.write(io.open(p):read("a")) end'
run run --sandbox hostile/reader.lua articles/story.txt
expect_status 0
expect_stdout_equals "The talks resumed."
run --sandbox --allow-read articles eval 'return parley.read("articles/story.txt").text'
expect_status 0
expect_stdout_contains "The talks resumed."
run --allow-read no/such/dir eval 1
expect_status 2
expect_stderr_contains "--allow-read no/such/dir"

# require cannot be pointed elsewhere: package.path is not searched, links are followed.
hostile pathhack 'package.path = "/etc/?"; require("hostname")'
run run --sandbox hostile/pathhack.lua
expect_status 1
expect_stderr_contains "module 'hostname' not found"
ln -s /etc/passwd hostile/evil.lua
hostile requirer 'require("evil")'
run run --sandbox hostile/requirer.lua
expect_status 1
expect_stderr_contains "sandbox: cannot load module 'evil'"
printf 'return { answer = 42 }\n' >hostile/helper.lua
hostile helped 'print(require("helper").answer)'
run run --sandbox hostile/helped.lua
expect_status 0
expect_stdout_equals "42"

# ---- writing ----

hostile escape 'local f = assert(io.open("../escape.txt", "w")) f:write("x") f:close()'
run run --sandbox --out results hostile/escape.lua
expect_status 1
expect_stderr_contains "sandbox: cannot write ../escape.txt: outside the --out directory"
expect_no_file ../escape.txt
run run --sandbox hostile/escape.lua
expect_status 1
expect_stderr_contains "sandbox: cannot write ../escape.txt: no --out directory was given (allow with --out DIR)"
run --sandbox --out results eval 'io.open("results/../../escape.txt", "w")'
expect_status 1
expect_stderr_contains "outside the --out directory"
run --sandbox eval 'io.output("written.txt")'
expect_status 1
expect_stderr_contains "sandbox: cannot write written.txt"
expect_no_file written.txt
run --sandbox eval 'io.tmpfile()'
expect_status 1
expect_stderr_contains "sandbox: io.tmpfile is not allowed"

hostile report 'local f = assert(io.open("results/deep/report.txt", "w")) f:write("ok\n") f:close()
print(io.open("results/deep/report.txt"):read("l"))'
mkdir -p results/deep
run run --sandbox --out results hostile/report.lua
expect_status 0
expect_stdout_equals "ok"

# ---- memory, time, recursion ----

run --sandbox eval 'return #string.rep("x", 10 * 2^30)'
expect_status 1
expect_stderr_contains "resulting string too large"
# 2 GB is within what string.rep makes; the sandbox's default cap stops it before it is allocated.
run --sandbox eval 'return #string.rep("x", 2^31 - 1)'
expect_status 3
expect_stderr_contains "stopped: memory limit of 2 GB exceeded"
hostile tengig 'local s = string.rep("x", 2^28) local t = {} for i = 1, 40 do t[i] = s .. i end'
run run --sandbox --max-memory 64M hostile/tengig.lua
expect_status 3
expect_stderr_contains "stopped: memory limit of 64 MB exceeded"

hostile spin 'while true do end'
run run --sandbox --timeout 0.5 hostile/spin.lua
expect_status 3
expect_stderr_contains "stopped: time limit of 0.5 s exceeded"

hostile deep 'local function f(n) return 1 + f(n + 1) end print(f(1))'
run run --sandbox hostile/deep.lua
expect_status 3
expect_stderr_contains "stopped: recursion too deep"

# ---- SQL ----

hostile drop 'local c = assert(parley.open()) c:sql("DROP TABLE documents")'
run --db corpus.db run --sandbox hostile/drop.lua
expect_status 1
expect_stderr_contains "corpus.sql: sandbox: DROP TABLE documents is not allowed (the corpus is read-only in the sandbox: allow writes with --allow-write)"
expect_eq "$(doc_count corpus.db)" "$DOCS" "documents after DROP TABLE was refused"
for sql in "DELETE FROM documents" "UPDATE documents SET title = 'x'" "PRAGMA query_only = OFF" \
    "ATTACH 'other.db' AS other" "VACUUM INTO 'copy.db'"; do
    run --db corpus.db --sandbox eval "parley.open():sql([[$sql]])"
    expect_status 1
    expect_stderr_contains "corpus.sql: sandbox: "
done
expect_no_file other.db
expect_no_file copy.db
run --db corpus.db --sandbox eval 'parley.open():add("A new story.")'
expect_status 1
expect_stderr_contains "corpus.add: sandbox: writing to corpus.db is not allowed"
expect_eq "$(sql_value corpus.db 'PRAGMA integrity_check')" ok "integrity after the refusals"
expect_eq "$(doc_count corpus.db)" "$DOCS" "documents after the refusals"

# Annotations are writes too: corpus:save and run --save need --allow-write.
hostile annotate 'local c = assert(parley.open())
for doc in c:docs() do doc:annotate("FIRST", { 1, 3 }) if arg[1] == "save" then assert(c:save(doc)) end end'
run --db corpus.db run --sandbox hostile/annotate.lua save
expect_status 1
expect_stderr_contains "corpus.save: sandbox: writing to corpus.db is not allowed (the corpus is read-only in the sandbox: allow writes with --allow-write)"
run --db corpus.db run --sandbox --save hostile/annotate.lua
expect_status 2
expect_stderr_contains "--save writes to the corpus: in the sandbox it needs --allow-write"
run --db corpus.db run --sandbox --allow-write --save hostile/annotate.lua
expect_status 0
expect_eq "$(sql_value corpus.db "SELECT count(*) FROM annotations WHERE label = 'FIRST'")" "$DOCS" "annotations saved with --allow-write --save"

# Reading works; --allow-write allows writes; the bundled corpus in memory is the script's to change.
run --db corpus.db --sandbox eval 'local c = parley.open() return c:count(), c.readonly, #c:search("Armenia") > 0'
expect_status 0
expect_stdout_equals "$DOCS	true	true"
run --db corpus.db --sandbox --allow-write eval 'return (parley.open():add("A new story."))'
expect_status 0
expect_eq "$(doc_count corpus.db)" "$((DOCS + 1))" "documents after --allow-write"
# A sandboxed ingest (whose batch is indexed at commit) is searchable, and the index trigger is back.
printf 'Zangezurian flamingos gathered.\n' >story.txt
run --db corpus.db --sandbox --allow-write --allow-read story.txt eval 'return parley.open():ingest("story.txt").added'
expect_status 0
expect_stdout_equals "1"
expect_eq "$(sql_value corpus.db "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'flamingos'")" 1 \
    "a sandboxed ingest is in the full-text index"
expect_eq "$(sql_value corpus.db "SELECT count(*) FROM sqlite_master WHERE name = 'documents_fts_insert'")" 1 \
    "the index trigger is back after the batch"
run --sandbox eval 'local c = parley.open() c:sql("DELETE FROM documents") return c:count()'
expect_status 0
expect_stdout_equals "0"

# ---- code ----

hostile bytecode 'local f = load(string.dump(function() return 1 end)) print(f())'
run run --sandbox hostile/bytecode.lua
expect_status 1
expect_stderr_contains "sandbox: load of a binary (precompiled) chunk is not allowed (run without --sandbox to allow it)"
run --sandbox eval 'load("return 1", "x", "bt")'
expect_status 1
expect_stderr_contains 'sandbox: load with mode "bt" is not allowed'
run --sandbox --out results eval 'local f = io.open("results/f.luac", "wb") f:write(string.dump(function() end)) f:close() assert(loadfile("results/f.luac"))'
expect_status 1
expect_stderr_contains "attempt to load a binary chunk"
run --sandbox eval 'return load("return 6 * 7")()'
expect_status 0
expect_stdout_equals "42"

run --sandbox eval 'package.loadlib("libc.so.6", "system")'
expect_status 1
expect_stderr_contains "sandbox: package.loadlib is not allowed"
: >cmod.so
run --sandbox eval 'require("cmod")'
expect_status 1
expect_stderr_contains "sandbox: C module 'cmod' (./cmod.so) is not allowed"

run --sandbox eval 'debug.sethook(print, "l")'
expect_status 1
expect_stderr_contains "sandbox: debug.sethook is not allowed"
run --sandbox eval 'return type(debug.traceback())'
expect_status 0
expect_stdout_equals '"string"'

# ---- the bundled scripts and commands work in the sandbox ----

run --sandbox run overview
expect_status 0
expect_stdout_contains "Azerbaijan and Armenia"
run --sandbox sql 'SELECT count(*) AS documents FROM documents'
expect_status 0
expect_stdout_contains documents
run --sandbox scripts
expect_status 0
expect_stdout_contains overview

# The stdlib works inside: segmentation reads its abbreviation lists, a report renames into --out.
run --sandbox eval 'return #parley.doc("Dr. Smith came. He left."):sentences()'
expect_status 0
expect_stdout_equals "2"
run --sandbox --out results eval 'parley.report.new{ title = "T", format = "md", out = "results/r.md" }:finish()'
expect_status 0
expect_eq "$(head -n 1 results/r.md)" "# T" "a report written under --out"

# ---- the REPL: what is typed or :loaded runs in the sandbox too ----

# Piped input: each line an input; the session exits 1 because inputs failed.
run_input $'print(io.open("/etc/passwd"))\nos.execute("true")\nprint("still here")\n' --sandbox
expect_status 1
expect_stderr_contains "stdin:1: sandbox: cannot read /etc/passwd: outside the allowed paths (allow with --allow-read DIR)"
expect_stderr_contains "stdin:2: sandbox: os.execute is not allowed (run without --sandbox to allow it)"
expect_stdout_contains "still here"

# A project config in a downloaded folder turns it on; a file the analyst :loads runs inside it.
mkdir -p downloaded
printf 'sandbox = true\n' >downloaded/parley.conf.lua
printf 'loaded = true\nos.remove("../precious.txt")\n' >downloaded/share.lua
cd downloaded
run_input $':load share.lua\nprint(loaded)\n'
cd ..
expect_status 1
expect_stderr_contains "sandbox: cannot write ../precious.txt: no --out directory was given (allow with --out DIR)"
expect_stdout_contains "true"
expect_eq "$(cat precious.txt)" "keep me" "the REPL's sandbox kept the file"

# The command line has the last word: --no-sandbox, typed by the analyst, turns it off.
cd downloaded
run_input $'print((os.execute("true")))\n' --no-sandbox
cd ..
expect_status 0
expect_stdout_equals "true"

# Without --sandbox nothing is restricted.
run eval 'return (os.execute("true"))'
expect_status 0
expect_stdout_equals "true"

finish
