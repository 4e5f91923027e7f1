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

-- Counting letters and words is done in C, by a counter made once from these
-- tables (text.letter_counter): a letter is an ASCII letter, a code point in
-- one of SCRIPTS, or any other letter (category L), which counts as "latin";
-- words are runs of letters. The rules that decide stay here.
local COUNTER = parley.text.letter_counter(SCRIPTS, AZ_LETTERS, WORDS)

local function latin_language(hits, az_letters)
  if az_letters > 0 or hits.az > hits.en then
    return "az", (hits.az + az_letters + 1) / (hits.az + hits.en + az_letters + 2)
  end
  return "en", (hits.en + 1) / (hits.az + hits.en + 2)
end

function M.detect(text)
  local counts, total, az, hits = COUNTER:count(text)
  if total == 0 then return nil end
  local best, n = nil, 0
  for script, c in pairs(counts) do
    if c > n then best, n = script, c end
  end
  local share = n / total
  if best ~= "latin" then return best, share end
  local code, confidence = latin_language(hits, az)
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
