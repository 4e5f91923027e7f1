-- lang.lua: which language a text is in (en, ru, hy, az, and others by script), from script and stop words.
--
-- detect(text) -> code, confidence (0..1), or nil when there are no letters
--   Armenian script -> "hy"; Cyrillic -> "ru"; Latin -> "az" when it has the
--   letters ə ğ ı or more Azerbaijani than English function words, else "en".
--   Other scripts are named by script ("ka" Georgian, "ar" Arabic, "zh" Han...).
-- paragraphs(doc) -> array of { span, lang, confidence }
-- The ingest metadata rules call detect() for documents without a lang, so
-- doc.lang is set in the corpus.
local M = {}

local SCRIPTS = {   -- code point ranges of the scripts we name
  { 0x0530, 0x058F, "hy" }, { 0xFB13, 0xFB17, "hy" },
  { 0x0400, 0x052F, "ru" },
  { 0x10A0, 0x10FF, "ka" },
  { 0x0600, 0x06FF, "ar" },
  { 0x0590, 0x05FF, "he" },
  { 0x4E00, 0x9FFF, "zh" }, { 0x3040, 0x30FF, "ja" }, { 0xAC00, 0xD7AF, "ko" },
  { 0x0370, 0x03FF, "el" },
}

local AZ_LETTERS = { [0x0259] = true, [0x018F] = true, [0x011F] = true, [0x011E] = true,
                     [0x0131] = true }   -- ə Ə ğ Ğ ı

local FUNCTION_WORDS = {
  en = "the and of to in is that for on with was said as by it at from has have were be this",
  az = "və bu ilə üçün da də bir ki olan olub edib isə qədər sonra görə artıq həm",
}

local function word_set(s)
  local set = {}
  for w in s:gmatch("%S+") do set[w] = true end
  return set
end

local WORDS = { en = word_set(FUNCTION_WORDS.en), az = word_set(FUNCTION_WORDS.az) }

local function script_of(cp)
  if cp < 0x80 then
    return ((cp >= 65 and cp <= 90) or (cp >= 97 and cp <= 122)) and "latin" or nil
  end
  for _, r in ipairs(SCRIPTS) do
    if cp >= r[1] and cp <= r[2] then return r[3] end
  end
  local cat = parley.text.category(cp)
  return cat and cat:sub(1, 1) == "L" and "latin" or nil
end

-- Counts of letters per script, and of Azerbaijani-only letters. Mostly-ASCII text
-- (English, Azerbaijani) has its ASCII letters counted by gsub, in C, and only its
-- other characters looked at one by one; other text is read character by character.
local function letter_counts(text)
  local counts, total, az = {}, 0, 0
  local function tally(cp)
    local script = script_of(cp)
    if script then
      counts[script] = (counts[script] or 0) + 1
      total = total + 1
    end
    if AZ_LETTERS[cp] then az = az + 1 end
  end
  local _, high = text:gsub("[\128-\255]", "")
  if high * 4 > #text then
    for _, cp in utf8.codes(text) do tally(cp) end
  else
    local _, ascii = text:gsub("%a", "")
    counts.latin, total = ascii > 0 and ascii or nil, ascii
    for ch in text:gmatch("[\194-\244][\128-\191]*") do tally(utf8.codepoint(ch)) end
  end
  return counts, total, az
end

-- The words of text: runs of letters. Not a byte class such as [%a\128-\255]: that
-- glues quotation marks and dashes (“ ” « » —, all bytes >= 128) to the words next to them.
-- Runs of ASCII letters and non-ASCII bytes are found in C; only a run with non-ASCII
-- characters is split character by character.
local function each_word(text, fn)
  for run in text:gmatch("[%a\128-\255]+") do
    if not run:find("[\128-\255]") then
      fn(run)
    else
      local from
      for pos, cp in utf8.codes(run) do
        if script_of(cp) then
          from = from or pos
        elseif from then
          fn(run:sub(from, pos - 1))
          from = nil
        end
      end
      if from then fn(run:sub(from)) end
    end
  end
end

local function latin_language(text, az_letters)
  local hits = { en = 0, az = 0 }
  local en, az = WORDS.en, WORDS.az
  each_word(text, function(w)
    local lw = w:find("[\128-\255]") and parley.text.lower(w) or w:lower()   -- ASCII: the same, without a copy in C
    if en[lw] then hits.en = hits.en + 1 end
    if az[lw] then hits.az = hits.az + 1 end
  end)
  if az_letters > 0 or hits.az > hits.en then
    return "az", (hits.az + az_letters + 1) / (hits.az + hits.en + az_letters + 2)
  end
  return "en", (hits.en + 1) / (hits.az + hits.en + 2)
end

function M.detect(text)
  local counts, total, az = letter_counts(text)
  if total == 0 then return nil end
  local best, n = nil, 0
  for script, c in pairs(counts) do
    if c > n then best, n = script, c end
  end
  local share = n / total
  if best ~= "latin" then return best, share end
  local code, confidence = latin_language(text, az)
  return code, share * confidence
end

function M.paragraphs(doc)
  local out, paras = {}, doc:paragraphs()
  for i = 1, #paras do
    local code, confidence = M.detect(paras[i].text)
    out[#out + 1] = { span = paras[i], lang = code, confidence = confidence }
  end
  return out
end

return M
