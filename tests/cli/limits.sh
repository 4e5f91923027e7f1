# limits.sh: --timeout and --max-memory stop a script with status 3 and a message, even through pcall.
source "$(dirname "$0")/lib/common.sh"

run --timeout 0.5 eval 'while true do end'
expect_status 3
expect_stderr_contains "stopped: time limit of 0.5 s exceeded"

# A script that catches errors cannot swallow the stop.
run --timeout 0.5 eval 'while true do pcall(function() while true do end end) end'
expect_status 3
expect_stderr_contains "time limit"

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

finish
