-- meta.lua: where a document's date, source and title come from, as rules analysts can extend.
--
-- resolve(head, info) is called by the loader for every document. `head` is
-- the start of the normalised text (at most 4 KB); `info` holds
--   origin  = the file path, "-" for stdin, or "FILE:LINE" for JSONL
--   options = { date=, source=, title= } given on the command line
--   fields  = the JSONL object of the document (nil for plain files)
-- and it returns { date=, source=, title=, lang=, meta=, skip= }, where skip
-- is how many bytes of metadata prefix to cut from the start of the text.
--
-- Precedence, highest first: command-line options, a metadata prefix in the
-- text, JSONL fields, the file name (and, for the title, a heading line).
-- A document without a language gets the one parley.lang detects.
--
-- To add a format, append a function to M.prefix_rules (or M.name_rules):
--   local meta = require("parley.meta")
--   table.insert(meta.prefix_rules, function(head) ... return fields, skip end)

local M = {}

local ISO_DATE = "%d%d%d%d%-%d%d%-%d%d"
local INLINE_DATE = "^(%s*)date%s+(" .. ISO_DATE .. ")()%s"

-- The head begins with "date 2025-03-13 " and the story follows on the same line.
local function inline_date_prefix(head)
  local lead, date, rest = head:match(INLINE_DATE)
  if not date then return nil end
  local skip = head:match("^%s*", rest) -- also cut the spaces before the first word
  return { date = date }, rest - 1 + #skip
end

local HEADER_KEYS = { date = "date", source = "source", title = "title", lang = "lang",
                      language = "lang", publisher = "source", headline = "title" }

-- Lines of "Key: value" (known keys only) ended by a blank line, or YAML front matter.
local function header_block(head)
  local body = head:match("^%-%-%-\n()")
  local start = body or 1
  local fields, pos = {}, start
  while true do
    local key, value, next_pos = head:match("^([%a_]+):[ \t]*([^\n]*)\n()", pos)
    if not key then break end
    local name = HEADER_KEYS[key:lower()]
    if not name then return nil end
    fields[name] = value:match("^(.*%S)") or ""
    pos = next_pos
  end
  if pos == start then return nil end
  local stop
  if body then
    stop = head:match("^%-%-%-\n+()", pos)
  else
    stop = head:match("^\n+()", pos)
  end
  if not stop then return nil end
  return fields, stop - 1
end

M.prefix_rules = { inline_date_prefix, header_block }

-- Every document goes through these rules, so they are written to cost
-- little: a plain search or a byte test first, and a pattern only where it
-- can match (an unanchored pattern is tried again at every byte, and three
-- such patterns per document cost more than the rest of the rules).

-- The file name: what follows the last "/". Two rules ask for it, so the
-- last answer is kept.
local last_origin, last_name
local function file_name(origin)
  if origin ~= last_origin then
    last_origin, last_name = origin, origin:match("^.*/(.*)$") or origin
  end
  return last_name
end

-- Fallbacks from the file name: a date in it (2025-03-13 or 20250313).
local function date_from_name(origin)
  local name, y, m, d = file_name(origin)
  if name:find("-", 1, true) then y, m, d = name:match("(%d%d%d%d)%-(%d%d)%-(%d%d)") end
  if not y and name:find("20", 1, true) then y, m, d = name:match("(20%d%d)(%d%d)(%d%d)") end
  if y and tonumber(m) >= 1 and tonumber(m) <= 12 and tonumber(d) >= 1 and tonumber(d) <= 31 then
    return { date = y .. "-" .. m .. "-" .. d }
  end
end

local SPACE = { [9] = true, [10] = true, [11] = true, [12] = true, [13] = true, [32] = true }
local FINAL_PUNCTUATION = { [46] = true, [33] = true, [63] = true, [58] = true, [59] = true, [44] = true } -- . ! ? : ; ,
local ARMENIAN_FULL_STOP = "։"
local ARMENIAN_FULL_STOP_LAST = ARMENIAN_FULL_STOP:byte(-1)   -- a line that ends in it ends in this byte

-- A first line that is short, has no final punctuation and is followed by a
-- blank line is a headline (wire copy, scraped pages); it stays in the text.
local function heading_title(_, head)
  local first, eol = head:match("^%s*()[^\n]+()\n[ \t\r\v\f]*\n")
  if not first or eol - first > 200 then return nil end
  local last = eol - 1
  local b = head:byte(last)
  while last >= first and SPACE[b] do last = last - 1 b = head:byte(last) end
  if last < first or FINAL_PUNCTUATION[b]
     or b == ARMENIAN_FULL_STOP_LAST and head:sub(last - #ARMENIAN_FULL_STOP + 1, last) == ARMENIAN_FULL_STOP then
    return nil
  end
  return { title = head:sub(first, last) }
end

-- The file name without directory and extension, as the title of last resort
-- (stdin, "-", and JSON Lines lines, "FILE:LINE", have none).
local function stem_title(origin)
  if origin == "-" or origin:find(":", 1, true) and origin:find(":%d+$") then return nil end
  local stem = file_name(origin):match("^(.*)%.[^.]*$") or file_name(origin)
  if stem ~= "" then return { title = stem } end
end

M.name_rules = { date_from_name, heading_title, stem_title }

local IS_FIELD = { date = true, source = true, title = true, lang = true }

local function fill(result, fields)
  if not fields then return end
  for name, v in pairs(fields) do
    if IS_FIELD[name] and result[name] == nil and type(v) == "string" and v ~= "" then result[name] = v end
  end
end

-- Other JSONL fields (not text, not the four above) are kept as the document's meta.
local function extra_fields(fields)
  if not fields then return nil end
  local extra = {}
  for k, v in pairs(fields) do
    if k ~= "text" and k ~= "date" and k ~= "source" and k ~= "title" and k ~= "lang" then
      extra[k] = v
    end
  end
  return extra
end

local lang

function M.resolve(head, info)
  local result = { skip = 0 }
  fill(result, info.options)
  for _, rule in ipairs(M.prefix_rules) do
    local fields, skip = rule(head, info)
    if fields then
      fill(result, fields)
      result.skip = skip or 0
      break
    end
  end
  fill(result, info.fields)
  local body = result.skip > 0 and head:sub(result.skip + 1) or head
  for _, rule in ipairs(M.name_rules) do
    fill(result, rule(info.origin, body, info))
  end
  if result.lang == nil then
    lang = lang or require("parley.lang")   -- loaded at first use: parley.lang needs parley.text
    result.lang = lang.detect(body)
  end
  result.meta = extra_fields(info.fields)
  return result
end

return M
