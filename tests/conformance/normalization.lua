-- normalization.lua: text.normalize against every line of Unicode's NormalizationTest.txt.
--
-- The file comes from the unicode-data package, in the directory named by
-- PARLEY_UCD_DIR, plain or bzip2-compressed (as Debian ships it). Checks the
-- invariants stated in its header for each of the five columns and four
-- forms, then Part 1's rule that every code point it does not list is left
-- unchanged by all four forms.
local text = require("parley.text")

local normalize = text.normalize
local char = utf8.char
local passed, failed = 0, 0
local MAX_REPORTS = 20

local function hex(s)
  local out = {}
  for _, cp in utf8.codes(s) do out[#out + 1] = string.format("%04X", cp) end
  return table.concat(out, " ")
end

local function fail(where, form, column, got, want)
  failed = failed + 1
  if failed <= MAX_REPORTS then
    io.stderr:write(string.format("%s: %s(%s) = [%s], want [%s]\n", where, form, column,
                                  hex(got), hex(want)))
  end
end

-- check(where, form, columns, want, ...): form(c) == want for each named column.
local function check(where, form, cols, want, ...)
  for _, index in ipairs({...}) do
    local got = normalize(cols[index], form)
    if got == want then
      passed = passed + 1
    else
      fail(where, form, "c" .. index, got, want)
    end
  end
end

-- The invariants of the file header, for one line's columns c1..c5.
local function check_line(where, c)
  check(where, "NFC", c, c[2], 1, 2, 3)
  check(where, "NFC", c, c[4], 4, 5)
  check(where, "NFD", c, c[3], 1, 2, 3)
  check(where, "NFD", c, c[5], 4, 5)
  check(where, "NFKC", c, c[4], 1, 2, 3, 4, 5)
  check(where, "NFKD", c, c[5], 1, 2, 3, 4, 5)
end

-- "0044 0307" -> the UTF-8 string of those code points.
local function decode_column(field)
  local cps = {}
  for h in field:gmatch("%x+") do cps[#cps + 1] = tonumber(h, 16) end
  return char(table.unpack(cps))
end

local function shell_quote(s)
  return "'" .. s:gsub("'", "'\\''") .. "'"
end

-- An open handle on the test file, and its name, or nil and a message.
local function open_test_file()
  local dir = os.getenv("PARLEY_UCD_DIR")
  if not dir or dir == "" then return nil, "PARLEY_UCD_DIR is not set" end
  local plain = dir .. "/NormalizationTest.txt"
  local f = io.open(plain, "r")
  if f then return f, plain end
  local packed = plain .. ".bz2"
  f = io.open(packed, "r")
  if not f then return nil, "neither " .. plain .. " nor " .. packed .. " exists" end
  f:close()
  local pipe, err = io.popen("bzcat " .. shell_quote(packed), "r")
  if not pipe then return nil, "bzcat: " .. tostring(err) end
  return pipe, packed
end

-- Run every line; returns the line count and the set of Part 1 code points.
local function run_file(f, name)
  local lines, part, listed = 0, nil, {}
  local number = 0
  for line in f:lines() do
    number = number + 1
    if number == 1 then print("normalization: " .. line:gsub("^#%s*", "")) end
    local p = line:match("^@Part(%d+)")
    if p then part = tonumber(p) end
    local f1, f2, f3, f4, f5 = line:match("^([%x ]+);([%x ]+);([%x ]+);([%x ]+);([%x ]+);")
    if f1 then
      local c = {decode_column(f1), decode_column(f2), decode_column(f3), decode_column(f4),
                 decode_column(f5)}
      check_line(name .. ":" .. number, c)
      lines = lines + 1
      if part == 1 then listed[utf8.codepoint(c[1])] = true end
    end
  end
  return lines, listed
end

-- Part 1: code points the file does not list are their own normal form in all four forms.
local function check_unlisted(listed)
  local forms = {"NFC", "NFD", "NFKC", "NFKD"}
  for cp = 0, 0x10FFFF do
    if not listed[cp] and (cp < 0xD800 or cp > 0xDFFF) then
      local s = char(cp)
      for i = 1, 4 do
        local got = normalize(s, forms[i])
        if got == s then
          passed = passed + 1
        else
          fail(string.format("unlisted U+%04X", cp), forms[i], "c1", got, s)
        end
      end
    end
  end
end

local f, name = open_test_file()
if not f then
  io.stderr:write("normalization: ", name, "\n")
  os.exit(1)
end
local lines, listed = run_file(f, name:match("[^/]*$"))
local ok, how, status = f:close()
if not ok and how then
  io.stderr:write("normalization: reading ", name, " failed (", how, " ", tostring(status), ")\n")
  os.exit(1)
end
if lines == 0 or next(listed) == nil then
  io.stderr:write("normalization: no test lines (or no Part 1) found in ", name, "\n")
  os.exit(1)
end
check_unlisted(listed)
print(string.format("normalization: %d lines, %d checks passed, %d failed (tables: Unicode %s)",
                    lines, passed, failed, text.unicode_version))
if failed > 0 then os.exit(1) end
