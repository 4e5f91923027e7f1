-- help/text.lua: help entries for parley.text (see parley/help.lua for the format).
return {
  order = 50,
  title = "parley.text",
  module = "parley.text",
  intro = [[
All take valid UTF-8 (invalid input raises `text.fn: invalid UTF-8 at byte N`,
except `valid` and `repair`).]],
  entries = {
    {
      name = "parley.text.normalize",
      signature = "text.normalize(s [, form]) -> string",
      summary = "`\"NFC\"` (default), `\"NFD\"`, `\"NFKC\"` or `\"NFKD\"`",
      description = [[
Unicode normalisation (UAX #15). Stored documents are already NFC; use NFKC
to merge compatibility characters (ligatures, full-width forms).]],
      example = [[
parley.text.normalize("e\u{301}")  --> "é"
parley.text.normalize("ﬁ", "NFKC")  --> "fi"]],
    },
    {
      name = "parley.text.casefold",
      signature = "text.casefold(s) -> string",
      summary = "Unicode default full case folding (\"Straße\" → \"strasse\", \"İ\" → \"i̇\")",
      description = [[
No language tailoring and not renormalised: compare folds of normalised
text, or use text.fold, which does both and more.]],
      example = [[
parley.text.casefold("Straße")  --> "strasse"]],
    },
    {
      name = "parley.text.fold",
      signature = "text.fold(s) -> string",
      summary = "the key for matching: NFKD, casefold, marks (Mn) and default-ignorables removed, " ..
        "typographic apostrophes/quotes/dashes made ASCII, NFC. \"Café\" = \"CAFE\"; ’ = '. " ..
        "ə, ı, й stay letters of their own",
      description = [[
Compare fold(a) == fold(b) to match names however a wire service spelled
them. Letters that are not "letter + mark" keep their identity: ə is not e,
ı is not i, and Cyrillic й keeps its breve. Idempotent.]],
      example = [[
parley.text.fold("Café")  --> "cafe"
parley.text.fold("’Bakı’ — talks")  --> "'bakı' - talks"]],
    },
    {
      name = "parley.text.upper",
      signature = "text.upper(s [, lang]) -> string",
      summary = "full case mapping; `\"az\"`/`\"tr\"`: İ↔i, I↔ı; `\"hy\"`: և → ԵՎ",
      description = [[
UnicodeData plus SpecialCasing ("ß" -> "SS", "ﬁ" -> "FI"); lang is a
BCP 47 tag, other tags get the default mapping.]],
      example = [[
parley.text.upper("straße")  --> "STRASSE"
parley.text.upper("istanbul", "tr")  --> "İSTANBUL"]],
    },
    {
      name = "parley.text.lower",
      signature = "text.lower(s [, lang]) -> string",
      summary = "full case mapping, as upper (final sigma: \"ΟΔΟΣ\" → \"οδος\")",
      example = [[
parley.text.lower("İSTANBUL", "az")  --> "istanbul"]],
    },
    {
      name = "parley.text.len",
      signature = "text.len(s) -> integer",
      summary = "code points",
      example = [[
parley.text.len("Ереван")  --> 6
#"Ереван"  --> 12]],
    },
    {
      name = "parley.text.sub",
      signature = "text.sub(s, i [, j]) -> string",
      summary = "substring by code points (`string.sub` rules)",
      example = [[
parley.text.sub("Ереван", 1, 3)  --> "Ере"
parley.text.sub("Ереван", -2)  --> "ан"]],
    },
    {
      name = "parley.text.graphemes",
      signature = "text.graphemes(s) -> iterator",
      summary = "iterator `for g, byte in text.graphemes(s)` over extended grapheme clusters",
      description = [[
UAX #29 clusters: a flag, a ZWJ emoji sequence, a Hangul syllable or a base
with its marks is one cluster; byte is where it starts.]],
      example = [[
for g, byte in parley.text.graphemes("e\u{301}x") do print(g, byte) end]],
    },
    {
      name = "parley.text.grapheme_list",
      signature = "text.grapheme_list(s) -> array",
      summary = "the clusters as an array",
      example = [[
parley.text.grapheme_list("🇦🇲👩‍👩‍👧a")  --> { "🇦🇲", "👩‍👩‍👧", "a" }]],
    },
    {
      name = "parley.text.width",
      signature = "text.width(s) -> integer",
      summary = "terminal columns (wide CJK and emoji 2, marks 0)",
      example = [[
parley.text.width("語e\u{301}")  --> 3]],
    },
    {
      name = "parley.text.category",
      signature = "text.category(s_or_codepoint) -> string | nil",
      summary = "general category of the first code point, \"Lu\", \"Mn\", ...",
      example = [[
parley.text.category("Ә")  --> "Lu"
parley.text.category(0x301)  --> "Mn"]],
    },
    {
      name = "parley.text.letter_counts",
      signature = "text.letter_counts(s, scripts [, marked]) -> counts, total, nmarked",
      summary = "letters of `s` per script: `scripts` is `{ {lo, hi, name}, ... }` (code point ranges, first match wins); other letters (category L, ASCII letters) count as \"latin\"; `nmarked` counts code points that are keys of the set `marked`. What parley.lang reads",
      example = [[
parley.text.letter_counts("Ереван, Baku", { {0x0400, 0x04FF, "ru"} })  --> { latin = 4, ru = 6 }, 10, 0]],
    },
    {
      name = "parley.text.word_hits",
      signature = "text.word_hits(s, scripts, set...) -> n...",
      summary = "for each set (a table keyed by lowercase words), how many words of `s` are in it; words are runs of letters as in `letter_counts`, lowercased as `text.lower` does",
      example = [[
parley.text.word_hits("The talks AND the “deal”", {}, {the = true, ["and"] = true}, {deal = true})  --> 3, 1]],
    },
    {
      name = "parley.text.letter_counter",
      signature = "text.letter_counter(scripts [, marked [, sets]]) -> counter; counter:count(s) -> counts, total, nmarked, hits",
      summary = "`letter_counts` and `word_hits` in one pass, their tables read once: `sets` is `{ name = { word = true } }` (at most 16) and `hits` is `{ name = n }`. Later changes to the tables are not seen. parley.lang makes one when it loads, so detecting a language makes no Lua value per word",
      example = [[
local c = parley.text.letter_counter({ {0x0400, 0x04FF, "ru"} }, nil, { en = { the = true } })
c:count("The talks, переговоры")  --> { latin = 8, ru = 10 }, 18, 0, { en = 1 }]],
    },
    {
      name = "parley.text.minhash",
      signature = "text.minhash(words, shingle, hashes) -> signature",
      summary = "the MinHash signature (an array of `hashes` integers, at most 1024) of the shingles of `words`: every run of `shingle` consecutive words joined by one space (one shingle of all of them when there are fewer), hashed with 32-bit FNV-1a mod 2^31-1, then value j the least (a_j·x + b_j) mod 2^31-1, a_1, b_1, a_2, ... the Park-Miller generator from 12345. Two lists share about that fraction of values as of shingles; what parley.dedup compares",
      example = [[
#parley.text.minhash({"peace", "talks", "resume"}, 2, 64)  --> 64]],
    },
    {
      name = "parley.text.valid",
      signature = "text.valid(s) -> true | false, byte",
      summary = "`true`, or `false, byte` of the first invalid byte",
      example = [[
parley.text.valid("ok")  --> true
parley.text.valid("ok\xFF")  --> false, 3]],
    },
    {
      name = "parley.text.repair",
      signature = "text.repair(s) -> string, count",
      summary = "the string with invalid sequences replaced by U+FFFD, and the count",
      example = [[
parley.text.repair("a\xFFb")  --> "a�b", 1]],
    },
    {
      name = "parley.text.words",
      signature = "text.words(s [, {uax29=true}]) -> array",
      summary = "the tokens of `s` as strings (the news tokenizer); with `uax29=true`, every segment " ..
        "between UAX #29 word boundaries (spaces included: they tile `s`)",
      example = [[
parley.text.words("Armenia’s talks, 2025.")  --> { "Armenia’s", "talks", ",", "2025", "." }]],
    },
    {
      name = "parley.text.sentences",
      signature = "text.sentences(s [, {uax29=true}]) -> array",
      summary = "the sentences of `s` (the news splitter, with the abbreviation lists); with " ..
        "`uax29=true`, the UAX #29 sentence segments",
      example = [[
parley.text.sentences("Dr. Smith left. He said no.")  --> { "Dr. Smith left.", "He said no." }]],
    },
    {
      name = "parley.text.unicode_version", kind = "value",
      signature = "text.unicode_version",
      summary = "\"15.0.0\"",
    },
  },
}
