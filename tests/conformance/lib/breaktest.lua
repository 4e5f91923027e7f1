-- breaktest.lua: check a segmenting function against one of Unicode's *BreakTest.txt files.
--
-- Each test line is "÷ 0061 × 0308 ÷ 0020 ÷ # comment": code points in hex,
-- ÷ where there is a boundary, × where there is none; the comment names
-- the rule ([5.0], [999.0]) that decides each position. The files come from
-- the unicode-data package, in $PARLEY_UCD_DIR/auxiliary.
local M = {}

local MAX_REPORTS = 10

-- "÷ 0061 × 0308 ÷ 0020 ÷" -> the string and its expected segments, or nil and why.
local function parse(field)
  local segments, current, marks = {}, {}, 0
  local last
  for tok in field:gmatch("%S+") do
    if tok == "÷" or tok == "×" then
      marks = marks + 1
      if tok == "÷" and #current > 0 then
        segments[#segments + 1] = table.concat(current)
        current = {}
      end
    elseif tok:match("^%x+$") then
      current[#current + 1] = utf8.char(tonumber(tok, 16))
    else
      return nil, "unexpected token " .. tok
    end
    last = tok
  end
  if #current > 0 or last ~= "÷" or not field:match("^%s*÷") then
    return nil, "a test line must start and end with ÷"
  end
  return table.concat(segments), segments, marks
end

-- Segments back in the file's notation: "÷ 0061 × 0308 ÷ 0020 ÷".
local function render(segments)
  local out = {}
  for _, seg in ipairs(segments) do
    out[#out + 1] = "÷"
    local first = true
    for _, cp in utf8.codes(seg) do
      if not first then out[#out + 1] = "×" end
      out[#out + 1] = string.format("%04X", cp)
      first = false
    end
  end
  out[#out + 1] = "÷"
  return table.concat(out, " ")
end

local function same(got, want)
  if type(got) ~= "table" or #got ~= #want then return false end
  for i = 1, #want do
    if got[i] ~= want[i] then return false end
  end
  return true
end

-- The rule ids of a comment, in order: "5.0 999.0 ...".
local function rules_of(comment)
  local ids = {}
  for id in comment:gmatch("%[([%d%.]+)%]") do ids[#ids + 1] = id end
  return table.concat(ids, " ")
end

-- One line: nil when it passes, else the report for it.
local function check_line(split, where, field, comment)
  local s, want = parse(field)
  if not s then return where .. ": " .. want end
  local ok, got = pcall(split, s)
  if not ok then return where .. ": error: " .. tostring(got) end
  if same(got, want) then return nil end
  local shown = type(got) == "table" and render(got) or tostring(got)
  return string.format("%s:\n  got:   %s\n  want:  %s\n  rules: %s", where, shown,
                       render(want), rules_of(comment))
end

-- run(name, file, split): check every line of auxiliary/FILE; exits 1 on any failure.
function M.run(name, file, split)
  local dir = os.getenv("PARLEY_UCD_DIR")
  if not dir or dir == "" then
    io.stderr:write(name, ": PARLEY_UCD_DIR is not set\n")
    os.exit(1)
  end
  local path = dir .. "/auxiliary/" .. file
  local f, err = io.open(path, "r")
  if not f then
    io.stderr:write(name, ": ", err, "\n")
    os.exit(1)
  end
  local lines, failed, number = 0, 0, 0
  for line in f:lines() do
    number = number + 1
    if number == 1 then print(name .. ": " .. line:gsub("^#%s*", "")) end
    local field, comment = line:match("^([^#]*)#?(.*)$")
    if field:find("%S") then
      lines = lines + 1
      local report = check_line(split, file .. ":" .. number, field, comment)
      if report then
        failed = failed + 1
        if failed <= MAX_REPORTS then io.stderr:write(report, "\n") end
      end
    end
  end
  f:close()
  print(string.format("%s: %d lines, %d passed, %d failed", name, lines, lines - failed, failed))
  if lines == 0 then
    io.stderr:write(name, ": no test lines in ", path, "\n")
    os.exit(1)
  end
  if failed > 0 then os.exit(1) end
end

return M
