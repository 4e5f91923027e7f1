-- check.lua: assertions for the Lua API tests; each failure names its line.
local M = { passed = 0, failed = 0 }

local function where()
  local info = debug.getinfo(3, "Sl")
  return info.short_src .. ":" .. info.currentline
end

local function show(v)
  if type(v) == "string" then return string.format("%q", v) end
  return tostring(v)
end

-- ok(cond, message): record one assertion.
function M.ok(cond, message)
  if cond then
    M.passed = M.passed + 1
  else
    M.failed = M.failed + 1
    io.stderr:write(where(), ": check failed: ", message or "", "\n")
  end
  return cond
end

-- eq(got, want, message): equality with both values shown on failure.
function M.eq(got, want, message)
  local same = got == want
  if same then
    M.passed = M.passed + 1
  else
    M.failed = M.failed + 1
    io.stderr:write(where(), ": check failed: ", message or "", "\n  got:  ", show(got),
                    "\n  want: ", show(want), "\n")
  end
  return same
end

-- raises(fn, pattern, message): fn must raise an error whose text matches pattern.
function M.raises(fn, pattern, message)
  local ok, err = pcall(fn)
  local good = not ok and (pattern == nil or tostring(err):find(pattern) ~= nil)
  if good then
    M.passed = M.passed + 1
  else
    M.failed = M.failed + 1
    io.stderr:write(where(), ": check failed: ", message or "", "\n  expected an error matching ",
                    show(pattern), ", got ", ok and "no error" or show(tostring(err)), "\n")
  end
  return good
end

-- done(suite): print the summary and exit non-zero when anything failed.
function M.done(suite)
  print(string.format("%s: %d passed, %d failed", suite, M.passed, M.failed))
  if M.failed > 0 then os.exit(1) end
end

return M
