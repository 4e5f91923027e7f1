-- clean.lua: tell the story from scraped boilerplate (ads, social links, teasers), by rules in data/.
--
-- clean.paragraphs(doc) -> kept, dropped
--   kept:    the paragraphs (Spans) that belong to the story, in order
--   dropped: { {span=, rule=, reason=}, ... } for everything left out, so
--            nothing is lost silently
-- clean.is_story(doc, span) -> true, or false and the reason
-- The rules are data/lexicons/boilerplate.tsv; add rows there (or in a
-- data/lexicons/boilerplate.tsv on PARLEY_PATH, which is read first), or
-- append to clean.rules from a script.
local tsv = require("parley.tsv")

local M = {}

local function escape(s)
  return (s:gsub("[%^%$%(%)%%%.%[%]%*%+%-]", "%%%0"))
end

-- A pattern column is plain text, except that a trailing "?" makes the character before it optional.
local function compile(row)
  local text, optional = row.pattern, ""
  if text:sub(-1) == "?" and #text > 1 then
    text, optional = text:sub(1, -3), escape(text:sub(-2, -2)) .. "?"
  end
  local lua = "^" .. escape(text) .. optional
  return row.kind == "line" and lua .. "$" or lua
end

local function load_rules()
  local rules = {}
  for _, dir in ipairs(tsv.data_dirs()) do
    local f = io.open(dir .. "/lexicons/boilerplate.tsv", "r")
    if f then
      f:close()
      for _, row in ipairs((tsv.read(dir .. "/lexicons/boilerplate.tsv"))) do
        rules[#rules + 1] = { kind = row.kind, text = row.pattern, pattern = compile(row),
                              reason = row.description or row.kind }
      end
    end
  end
  return rules
end

M.rules = load_rules()

-- The byte a text must start with for pattern to match it: patterns anchored
-- with ^ and a literal first byte (as compile makes them); nil when unknown.
local MAGIC = { ["^"] = true, ["$"] = true, ["("] = true, [")"] = true, ["%"] = true, ["."] = true,
                ["["] = true, ["]"] = true, ["*"] = true, ["+"] = true, ["-"] = true, ["?"] = true }
local function first_byte(pattern)
  local c, after = pattern:match("^%^(.)(.?)")
  if c == "%" then
    c, after = pattern:match("^%^%%(%p)(.?)")   -- an escaped punctuation mark is literal
  elseif MAGIC[c] then
    return nil
  end
  if not c or after == "?" or after == "*" or after == "-" then return nil end   -- optional first byte
  return c:byte()
end

-- The rules that may match a text starting with byte b, in order: the index is kept
-- while M.rules is the same list of the same length, as the verdicts are.
local index = {}
local function rules_for(b)
  if index.rules ~= M.rules or index.n ~= #M.rules then
    index = { rules = M.rules, n = #M.rules, by_byte = {}, any = {} }
    for k, rule in ipairs(M.rules) do
      local fb = first_byte(rule.pattern)
      if fb then
        index.by_byte[fb] = index.by_byte[fb] or {}
        table.insert(index.by_byte[fb], k)
      else
        index.any[#index.any + 1] = k
      end
    end
  end
  local some = index.by_byte[b]
  if not some then return index.any end
  if #index.any == 0 then return some end
  local merged = {}
  for _, k in ipairs(some) do merged[#merged + 1] = k end
  for _, k in ipairs(index.any) do merged[#merged + 1] = k end
  table.sort(merged)
  return merged
end

-- The text without the white space (%s) around it.
local function trimmed(text)
  local a = text:find("%S")
  if not a then return "" end
  local b = #text
  local c = text:byte(b)
  while c == 32 or (c >= 9 and c <= 13) do
    b = b - 1
    c = text:byte(b)
  end
  return text:sub(a, b)
end

-- is_story(doc, span) -> true | false, rule
function M.is_story(_, span)
  local text = trimmed(span.text)
  for _, k in ipairs(rules_for(text:byte(1) or 0)) do
    local rule = M.rules[k]
    if text:find(rule.pattern) then return false, rule end
  end
  return true
end

local function judge_paragraphs(doc)
  local kept, dropped = {}, {}
  local paras = doc:paragraphs()
  for i = 1, #paras do
    local p = paras[i]
    local ok, rule = M.is_story(doc, p)
    if ok then
      kept[#kept + 1] = p
    else
      dropped[#dropped + 1] = { span = p, rule = rule.text, reason = rule.reason }
    end
  end
  return kept, dropped
end

-- Each extractor asks for the same Doc's story: the verdicts are kept per Doc
-- (while M.rules is the same list of the same length and M.is_story the same
-- function), and callers get copies.
local verdicts = setmetatable({}, { __mode = "k" })

local function copy(list)
  return table.move(list, 1, #list, 1, {})
end

function M.paragraphs(doc)
  local cached = verdicts[doc]
  if cached and cached.rules == M.rules and cached.n == #M.rules and cached.is_story == M.is_story then
    return copy(cached.kept), copy(cached.dropped)
  end
  local kept, dropped = judge_paragraphs(doc)
  verdicts[doc] = { rules = M.rules, n = #M.rules, is_story = M.is_story, kept = kept, dropped = dropped }
  return copy(kept), copy(dropped)
end


-- sentences(doc) -> the sentences of the story paragraphs only, and the dropped list.
-- Kept with the verdicts they come from; callers get copies.
function M.sentences(doc)
  local kept, dropped = M.paragraphs(doc)
  local cached = verdicts[doc]
  if cached.sentences then return copy(cached.sentences), dropped end
  local out = {}
  for _, p in ipairs(kept) do
    local first = p.tokens[1]
    local last = p.tokens[#p.tokens]
    if first then
      local sents = doc:sentences()
      for s = first.sentence, last.sentence do out[#out + 1] = sents[s] end
    end
  end
  cached.sentences = out
  return copy(out), dropped
end

return M
