# config.sh: defaults from ~/.config/parley/config.lua and ./parley.conf.lua; the project file only tightens.
source "$(dirname "$0")/lib/common.sh"

USER_CONFIG=$XDG_CONFIG_HOME/parley/config.lua
mkdir -p "$(dirname "$USER_CONFIG")"

# sandbox = true in the project file sandboxes every script; --no-sandbox turns it off.
printf 'sandbox = true\n' >parley.conf.lua
run eval 'os.execute("true")'
expect_status 1
expect_stderr_contains "sandbox: os.execute is not allowed"
run --no-sandbox eval 'return (os.execute("true"))'
expect_status 0
expect_stdout_equals "true"

# A project file cannot widen the sandbox, nor switch off one the user turned on.
printf 'sandbox = true\nallow_read = "/etc"\n' >parley.conf.lua
run eval 1
expect_status 2
expect_stderr_equals "parley: parley.conf.lua: allow_read can be set only on the command line or in your own config file (a project file cannot widen the sandbox)"
for line in 'allow_write = true' 'out = "/tmp"'; do
    printf '%s\n' "$line" >parley.conf.lua
    run eval 1
    expect_status 2
    expect_stderr_contains "a project file cannot widen the sandbox"
done
printf 'sandbox = true\n' >"$USER_CONFIG"
printf 'sandbox = false\n' >parley.conf.lua
run eval 'os.exit(0)'
expect_status 1
expect_stderr_contains "sandbox: os.exit is not allowed"

# The user's file may widen: its allow_read and out apply.
mkdir -p notes results
printf 'minutes\n' >notes/m.txt
cat >"$USER_CONFIG" <<LUA
sandbox = true
allow_read = { "$WORK/notes" }
out = "$WORK/results"
max_memory = "256M"
LUA
rm parley.conf.lua
run eval 'local f = assert(io.open("results/r.txt", "w")) f:write(io.open("notes/m.txt"):read("a")) f:close()'
expect_status 0
expect_eq "$(cat results/r.txt)" minutes "written through the user's config"

# Limits: the project file can lower them, not raise them; the command line decides last.
printf 'timeout = 0.3\n' >parley.conf.lua
run eval 'while true do end'
expect_status 3
expect_stderr_contains "time limit of 0.3 s exceeded"
printf 'max_memory = "64G"\n' >parley.conf.lua
run eval 'local t = {} for i = 1, 1e9 do t[i] = {i} end'
expect_status 3
expect_stderr_contains "memory limit of 256 MB exceeded"
run --max-memory 32M eval 'local t = {} for i = 1, 1e9 do t[i] = {i} end'
expect_status 3
expect_stderr_contains "memory limit of 32 MB exceeded"
rm "$USER_CONFIG"

# Mistakes are usage errors that name the file; a config file can run no code.
printf 'sandbx = true\n' >parley.conf.lua
run eval 1
expect_status 2
expect_stderr_equals "parley: parley.conf.lua: unknown setting 'sandbx' (known: sandbox, allow_write, allow_read, out, max_memory, timeout)"
printf 'sandbox = "yes"\n' >parley.conf.lua
run eval 1
expect_status 2
expect_stderr_contains "sandbox must be true or false"
printf 'os.execute("touch pwned")\n' >parley.conf.lua
run eval 1
expect_status 2
expect_stderr_contains "parley.conf.lua:1: attempt to index a nil value (global 'os')"
expect_no_file pwned
printf 'while true do end\n' >parley.conf.lua
run eval 1
expect_status 2
expect_stderr_contains "stopped: time limit of 1 s exceeded"
printf 'sandbox = \n' >parley.conf.lua
run eval 1
expect_status 2
expect_stderr_contains "parley.conf.lua:2:"
rm parley.conf.lua

# No config file: nothing changes.
run eval 'return (os.execute("true"))'
expect_status 0

finish
