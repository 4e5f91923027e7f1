# limits.sh: --timeout and --max-memory stop a script with status 3 and a message, even through pcall.
source "$(dirname "$0")/lib/common.sh"

run --timeout 0.5 eval 'while true do end'
expect_status 3
expect_stderr_contains "stopped: time limit of 0.5 s exceeded"

# A script that catches errors cannot swallow the stop.
run --timeout 0.5 eval 'while true do pcall(function() while true do end end) end'
expect_status 3
expect_stderr_contains "time limit"

# No hook runs until a limit trips, and a trip sets the main thread's hook:
# a coroutine running at the deadline is stopped by its own periodic check.
run --timeout 0.5 eval 'coroutine.wrap(function() while true do end end)()'
expect_status 3
expect_stderr_equals "parley: stopped: time limit of 0.5 s exceeded"
run --timeout 0.5 eval 'local co = coroutine.create(function() while true do end end) print(coroutine.resume(co)) while true do end'
expect_status 3
expect_stderr_equals "parley: stopped: time limit of 0.5 s exceeded"
expect_stdout_equals ""

run --max-memory 20M eval 'local t = {} for i = 1, 1e9 do t[i] = ("x"):rep(100) .. i end'
expect_status 3
expect_stderr_contains "stopped: memory limit of 20 MB exceeded"

cat > hog.lua <<'LUA'
local ok = pcall(function() local t = {} for i = 1, 1e9 do t[i] = {i} end end)
print("caught", ok)
while true do end
LUA
run --max-memory 20M --timeout 5 run hog.lua
expect_status 3
expect_stderr_contains "memory limit"
expect_stdout_not_contains "caught"

# The limit trips in the middle of json.decode's walk (simdjson's path, under its own
# pcall), and the script's pcall cannot swallow it there either.
cat > json_hog.lua <<'LUA'
local parts = {}
for i = 1, 20000 do parts[i] = '{"name":"Pashinyan","n":' .. i .. ',"list":[1,2,3]}' end
local text, keep = "[" .. table.concat(parts, ",") .. "]", {}
for _ = 1, 1e6 do
  local ok, value = pcall(parley.json.decode, text)
  if not ok then print("caught") end
  keep[#keep + 1] = value
end
LUA
run --max-memory 40M --timeout 60 run json_hog.lua
expect_status 3
expect_stderr_equals "parley: stopped: memory limit of 40 MB exceeded"
expect_stdout_not_contains "caught"

# Lua's own recursion limits are limits too: deep Lua recursion, and recursion
# through C functions (a sort comparator, a gsub callback, coroutines).
run eval 'local function f(n) return 1 + f(n + 1) end return f(1)'
expect_status 3
expect_stderr_equals "parley: stopped: recursion too deep (stack overflow)"
run eval 'local function cmp(a, b) table.sort({3, 2, 1}, cmp) return a < b end table.sort({3, 2, 1}, cmp)'
expect_status 3
expect_stderr_equals "parley: stopped: recursion too deep (C stack overflow)"
run eval 'local function g(s) return (s:gsub(".", g)) end g("ab")'
expect_status 3
expect_stderr_contains "stopped: recursion too deep (C stack overflow)"
run eval 'local function h() coroutine.wrap(h)() end h()'
expect_status 3
expect_stderr_contains "stopped: recursion too deep"
run eval 'local function m() return setmetatable({}, {__index = function(t, k) return m()[k] end}) end return m().x'
expect_status 3
expect_stderr_contains "stopped: recursion too deep"
# Caught by pcall, it is the script's to handle; an ordinary stack error is not a limit.
run eval 'local function f() return 1 + f() end return (pcall(f))'
expect_status 0
expect_stdout_equals "false"
run eval 'return select("#", table.unpack({}, 1, 1e7))'
expect_status 1
expect_stderr_contains "too many results to unpack"

# A stopped script leaves the corpus as it was: its transaction is rolled back.
run --db c.db ingest -q "$SEED_DIR"
before=$(doc_count c.db)
cat > writer.lua <<'LUA'
local c = assert(parley.open())
c:sql("BEGIN")
for i = 1, 50 do assert(c:add("Story number " .. i .. " of the stopped script.")) end
while true do end
LUA
run --db c.db --timeout 0.5 run writer.lua
expect_status 3
expect_eq "$(doc_count c.db)" "$before" "documents after a script stopped mid-transaction"
expect_eq "$(sql_value c.db 'PRAGMA integrity_check')" ok "integrity after a stopped script"
sed -i 's/while true do end/local t = {} for i = 1, 1e9 do t[i] = {i} end/' writer.lua
run --db c.db --max-memory 30M run writer.lua
expect_status 3
expect_stderr_contains "memory limit"
expect_eq "$(doc_count c.db)" "$before" "documents after a script stopped by the memory limit"

# Code stuck inside one C function never reaches the count hook: a watchdog
# ends the process a second after the deadline, and the corpus is untouched.
run --timeout 0.5 eval 'return string.rep("a", 3e5):find(".-.-.-b")'
expect_status 3
expect_stderr_equals "parley: stopped: time limit of 0.5 s exceeded (inside a C function, which cannot be interrupted: the process ends here)"
cat > stuck.lua <<'LUA'
local c = assert(parley.open())
c:sql("BEGIN")
for i = 1, 50 do assert(c:add("Story number " .. i .. " before the endless query.")) end
c:sql("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n")
LUA
run --db c.db --timeout 0.5 run stuck.lua
expect_status 3
expect_stderr_contains "inside a C function"
expect_eq "$(doc_count c.db)" "$before" "documents after a script stuck in C was ended"
expect_eq "$(sql_value c.db 'PRAGMA integrity_check')" ok "integrity after a script stuck in C was ended"
# An idle state is left alone: the watchdog only ends code that runs.
run --timeout 0.3 eval 'return 1'
expect_status 0

# Within the limits nothing changes.
run --timeout 30 --max-memory 256M eval '1 + 1'
expect_status 0
expect_stdout_equals "2"

# Bad values are usage errors.
run --timeout abc eval 1
expect_status 2
expect_stderr_contains "--timeout needs a number of seconds"
run --max-memory lots eval 1
expect_status 2
expect_stderr_contains "--max-memory needs a size"

# Hostile Unicode is no way around the limits, nor a hang: one letter with 100,000 pairs of
# marks of two combining classes out of canonical order. utf8proc's own ordering swaps
# neighbours (about 90 s for each of the four transforms below); decompose_ordered sorts
# each run by class in linear time, well inside a 30 s limit even under the sanitizers.
run --timeout 30 eval 'local s = "a" .. ("\u{301}\u{316}"):rep(100000)
local nfc = "\u{E1}" .. ("\u{316}"):rep(100000) .. ("\u{301}"):rep(99999)
assert(parley.text.normalize(s, "NFD") == "a" .. ("\u{316}"):rep(100000) .. ("\u{301}"):rep(100000))
assert(parley.text.normalize(s) == nfc)
assert(parley.doc(s).text == nfc)
assert(parley.text.fold(s) == "a")
return "ok"'
expect_status 0
expect_stdout_equals '"ok"'

finish
