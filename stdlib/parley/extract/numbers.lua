-- numbers.lua: quantities and what they count ("more than 100,000 people", "four border villages").
--
-- numbers(doc) -> array of { span, text, value, modifier, counted, sentence }
--   value    the number (100000, 4); nil for vague amounts ("dozens")
--   modifier "more than", "nearly", "about", "at least", ... or nil
--   counted  the words after the number that name what is counted
--            ("people", "border villages", "former officials")
-- Years (1900-2099 standing alone) are dates, not quantities, and are left to
-- extract.dates; so are numbers inside dates and hyphenated words ("24-hour").

local M = {}

local WORDS = {
  one = 1, two = 2, three = 3, four = 4, five = 5, six = 6, seven = 7, eight = 8, nine = 9,
  ten = 10, eleven = 11, twelve = 12, fifteen = 15, twenty = 20, thirty = 30, fifty = 50,
  hundred = 100, thousand = 1000, dozen = 12,
  ["два"] = 2, ["две"] = 2, ["три"] = 3, ["четыре"] = 4, ["пять"] = 5, ["десять"] = 10,
  ["երկու"] = 2, ["երեք"] = 3, ["չորս"] = 4, ["հինգ"] = 5, ["տասը"] = 10,
  ["iki"] = 2, ["üç"] = 3, ["dörd"] = 4, ["beş"] = 5,
}
local VAGUE = { dozens = true, hundreds = true, thousands = true, millions = true, several = true }
local SCALES = { million = 1e6, millions = 1e6, billion = 1e9, bn = 1e9, mln = 1e6, thousand = 1e3,
                 ["млн"] = 1e6, ["млрд"] = 1e9, ["тыс"] = 1e3 }
local MODIFIERS = { "more than", "fewer than", "less than", "at least", "at most", "up to", "nearly",
                    "almost", "about", "around", "roughly", "some", "over", "under", "approximately",
                    "более", "менее", "около", "почти" }
-- Words that end the counted phrase: what follows is no longer the thing counted.
local STOP = {}
for w in ([[a an the of for in on at to from by with and or but that which who it its their
  had have has was were is are be been as than then since after before during into over
  per also only about]]):gmatch("%S+") do STOP[w] = true end

-- The value of a token, from its kind, text and lowercase.
local function number_value(kind, text, lower)
  if kind == "number" then
    local digits = text:gsub(",", "")
    return tonumber(digits:match("^[%d.]+"))
  end
  return WORDS[lower]
end

local function is_year(kind, text)
  return kind == "number" and text:match("^1[89]%d%d$") or text:match("^20%d%d$")
end

-- The modifiers by their last word, each list in the order of MODIFIERS.
local MODIFIER_WORDS, BY_LAST_WORD, LONGEST_MODIFIER = {}, {}, 0
for i, m in ipairs(MODIFIERS) do
  local words = {}
  for w in m:gmatch("%S+") do words[#words + 1] = w end
  MODIFIER_WORDS[i] = words
  BY_LAST_WORD[words[#words]] = BY_LAST_WORD[words[#words]] or {}
  table.insert(BY_LAST_WORD[words[#words]], i)
  LONGEST_MODIFIER = math.max(LONGEST_MODIFIER, #words)
end

-- The modifier words just before token i, if any ("more than"): the first of
-- MODIFIERS that matches. before[k] is the lowercase of token i - k.
local function modifier_before(toks, i)
  if i == 1 then return nil end
  local candidates = BY_LAST_WORD[toks[i - 1].lower]
  if not candidates then return nil end
  local before = {}
  for k = 1, math.min(LONGEST_MODIFIER, i - 1) do before[k] = toks[i - k].lower end
  for _, n in ipairs(candidates) do
    local words, ok = MODIFIER_WORDS[n], true
    for k = #words, 1, -1 do
      if before[#words - k + 1] ~= words[k] then ok = false break end
    end
    if ok then return MODIFIERS[n], i - #words end
  end
end

local PLURALS = { people = true, men = true, women = true, children = true, ["lives"] = true }

-- Without part-of-speech tags: a word in -ed right after a plural noun is the
-- verb of the sentence ("people voted"), not part of what is counted.
local function is_verb_after_noun(words, lower)
  local prev = words[#words]
  return prev and lower:find("ed$") and (prev.lower:find("s$") or PLURALS[prev.lower])
end

-- The words after token i that name what is counted: { token, lower } each. Each
-- field of a token is read once: a read costs a call into C.
local function counted_after(toks, n, i, sentence)
  local words, j = {}, i + 1
  while j <= n and #words < 3 do
    local t = toks[j]
    if t.sentence ~= sentence or t.kind ~= "word" then break end
    local lower = t.lower
    if STOP[lower] or WORDS[lower] or is_verb_after_noun(words, lower) then break end
    words[#words + 1] = { token = t, lower = lower }
    j = j + 1
  end
  return words
end

local function scaled(value, toks, i, text)
  local nxt = value and toks[i + 1]
  local scale = nxt and SCALES[nxt.lower]
  if scale then return value * scale, i + 1 end
  -- a scale glued to the digits ("5bn", "5млн"): %a and string.lower know only ASCII letters
  local unit = text:match("^[%d.,]*%d([^%d.,]+)$")
  unit = unit and parley.text.lower(unit)
  if value and unit and SCALES[unit] then return value * SCALES[unit], i end
  return value, i
end

local function quantity_at(doc, toks, n, i, tok, kind, lower)
  local text = tok.text
  local value = number_value(kind, text, lower)
  if (not value and not VAGUE[lower]) or tok.is_hyphenated or is_year(kind, text) then return nil end
  local last
  value, last = scaled(value, toks, i, text)
  local sentence = tok.sentence
  local words = counted_after(toks, n, last, sentence)
  if #words == 0 then return nil end
  local modifier, first = modifier_before(toks, i)
  local from = first and toks[first].start or tok.start
  local span = doc:span(from, words[#words].token.stop)
  local counted = {}
  for k, w in ipairs(words) do counted[k] = w.token.text end
  return { span = span, text = span.text, value = value, modifier = modifier,
           counted = table.concat(counted, " "), sentence = sentence }
end

-- Only a number or a number word can start a quantity, and a number only when it
-- starts with a digit or a point (number_value reads nothing else): those tokens
-- are found in C, and the rest of the Doc is never read.
local NUMBER_STARTS = { "0*", "1*", "2*", "3*", "4*", "5*", "6*", "7*", "8*", "9*", ".*" }
local number_words
local function candidates(doc)
  if not number_words then
    number_words = {}
    for w in pairs(WORDS) do number_words[#number_words + 1] = w end
    for w in pairs(VAGUE) do number_words[#number_words + 1] = w end
  end
  local numbers = doc:find_terms(NUMBER_STARTS, { by = "text", kinds = { "number" } })
  local words = doc:find_terms(number_words, { by = "lower", kinds = "all" })
  local out, a, b = {}, 1, 1   -- the two ascending lists merged
  while numbers[a] or words[b] do
    local x, y = numbers[a], words[b]
    if y == nil or (x ~= nil and x < y) then
      out[#out + 1] = x
      a = a + 1
    else
      if x == y then a = a + 1 end
      out[#out + 1] = y
      b = b + 1
    end
  end
  return out
end

function M.numbers(doc)
  local toks, found = doc:tokens(), {}
  local n = #toks
  local from = 1   -- tokens before it belong to a quantity already found
  for _, i in ipairs(candidates(doc)) do
    local tok = i >= from and toks[i]
    local kind, lower = tok and tok.kind, tok and tok.lower
    local q = tok and (kind == "number" or WORDS[lower] or VAGUE[lower]) and quantity_at(doc, toks, n, i, tok, kind, lower)
    if q then
      found[#found + 1] = q
      local stop = q.span.stop
      from = i
      while from <= n and toks[from].stop <= stop do from = from + 1 end
    end
  end
  return found
end

return M
