---@meta parley.text
-- parley/text.lua: language-server stubs for `parley.text` (engine/lua_text.c).
-- Every function takes valid UTF-8 and raises "text.fn: invalid UTF-8 at byte N" otherwise,
-- except `valid` and `repair`.

---@class parley.text
---@field unicode_version string "15.0.0"
local text = {}

---@param s string
---@param form? "NFC"|"NFD"|"NFKC"|"NFKD" default "NFC"
---@return string
function text.normalize(s, form) end

---Unicode default full case folding ("Straße" -> "strasse").
---@param s string
---@return string
function text.casefold(s) end

---The key for matching: NFKD, casefold, marks and default-ignorables removed, typographic
---quotes and dashes made ASCII, NFC. "Café" and "CAFE" share a key; ə, ı, й stay letters.
---@param s string
---@return string
function text.fold(s) end

---Full case mapping; "az"/"tr": İ<->i, I<->ı; "hy": և -> ԵՎ.
---@param s string
---@param lang? string
---@return string
function text.upper(s, lang) end

---@param s string
---@param lang? string
---@return string
function text.lower(s, lang) end

---The number of code points.
---@param s string
---@return integer
function text.len(s) end

---Code points i..j, with `string.sub`'s rules.
---@param s string
---@param i integer
---@param j? integer
---@return string
function text.sub(s, i, j) end

---`for g, byte in text.graphemes(s)`: extended grapheme clusters and their first byte.
---@param s string
---@return fun(): string?, integer?
function text.graphemes(s) end

---@param s string
---@return string[]
function text.grapheme_list(s) end

---The tokens of the news segmenter (no whitespace); `{uax29 = true}`: every UAX #29 word segment.
---@param s string
---@param opts? {uax29?: boolean}
---@return string[]
function text.words(s, opts) end

---The sentences of the news segmenter; `{uax29 = true}`: the UAX #29 sentence segments.
---@param s string
---@param opts? {uax29?: boolean}
---@return string[]
function text.sentences(s, opts) end

---Terminal columns (wide CJK and emoji 2, marks 0).
---@param s string
---@return integer
function text.width(s) end

---General category of a code point or of the first code point of a string ("Lu", "Mn").
---@param s_or_codepoint string|integer
---@return string|nil
function text.category(s_or_codepoint) end

---Letters of s per script: ranges { {lo, hi, name}, ... }; other letters count as "latin".
---@param s string
---@param scripts table
---@param marked? table set of code points counted apart
---@return table counts
---@return integer total
---@return integer nmarked
function text.letter_counts(s, scripts, marked) end

---For each set keyed by lowercase words, how many words of s it holds.
---@param s string
---@param scripts table
---@param ... table
---@return integer ...
function text.word_hits(s, scripts, ...) end

---@class parley.LetterCounter
local LetterCounter = {}

---letter_counts' tables and named word sets, read once (what parley.lang counts with).
---@param scripts table ranges { {lo, hi, name}, ... }
---@param marked? table set of code points counted apart
---@param sets? table { name = { word = true } }, at most 16
---@return parley.LetterCounter
function text.letter_counter(scripts, marked, sets) end

---letter_counts' three results, and { set name = words of s in it }.
---@param s string
---@return table counts
---@return integer total
---@return integer nmarked
---@return table hits
function LetterCounter:count(s) end

---The MinHash signature of the shingles of words (what parley.dedup compares).
---@param words string[]
---@param shingle integer words per shingle
---@param hashes integer values in the signature, 1 to 1024
---@return integer[] signature
function text.minhash(words, shingle, hashes) end

---@param s string
---@return boolean valid
---@return integer? byte the first invalid byte, 1-based
function text.valid(s) end

---Invalid sequences replaced with U+FFFD.
---@param s string
---@return string repaired
---@return integer count
function text.repair(s) end

return text
