-- tokens.lua: doc:tokens(), doc:sentences(), doc:paragraphs() and the fields of their Spans.
local check = require("lib.check")

local text = "Armenia’s foreign ministry hailed the decades-long talks.\n\n" ..
             "“We are ready,” Pashinyan said on Thursday. Azərbaycan İlham Əliyev 🇦🇲 👩‍👩‍👧 @Kyivpost_official #peace"
local doc = assert(parley.doc(text))

-- paragraphs
local paras = doc:paragraphs()
check.eq(#paras, 2, "two paragraphs")
check.eq(paras[1].text, "Armenia’s foreign ministry hailed the decades-long talks.", "paragraph 1")
check.eq(paras[2].index, 2, "paragraph index")
check.eq(paras[2].line, 3, "paragraph 2 starts on line 3")
check.eq(tostring(paras), "<2 paragraphs>", "a list prints its size")
check.eq(paras[3], nil, "past the end is nil")

-- sentences
local sents = doc:sentences()
check.eq(#sents, 3, "three sentences")
check.eq(sents[2].text, "“We are ready,” Pashinyan said on Thursday.", "quote with attribution stays one sentence")
check.eq(sents[3].text:sub(1, 11), "Azərbaycan", "third sentence")
check.eq(sents[1].sentence, 1, "a sentence's sentence is itself")

-- tokens and their fields
local toks = doc:tokens()
local by_text = {}
for i = 1, #toks do by_text[toks[i].text] = toks[i] end

local armenia = by_text["Armenia’s"]
check.ok(armenia, "a possessive is one token")
check.eq(armenia.kind, "word", "kind")
check.eq(armenia.is_possessive, true, "possessive flag")
check.eq(armenia.base, "Armenia", "base without the clitic")
check.eq(armenia.suffix, "’s", "the clitic")
check.eq(armenia.norm, "armenia's", "norm folds case and the apostrophe")
check.eq(armenia.is_title, true, "title case")
check.eq(armenia.sentence, 1, "sentence index (1-based)")
check.eq(armenia.index, 1, "token index")
check.eq(armenia.start, 1, "byte start")
check.eq(armenia.stop, #"Armenia’s", "byte stop")

local long = by_text["decades-long"]
check.ok(long, "a hyphenated word is one token")
check.eq(long.is_hyphenated, true, "hyphenated flag")
check.eq(table.concat(long.parts, "|"), "decades|long", "its parts")
check.eq(long.shape, "xxxx-xxxx", "shape")

local aze = by_text["Azərbaycan"]
check.ok(aze, "Azerbaijani letters stay in one word")
check.eq(aze.norm, "azərbaycan", "ə is a letter, kept by fold")
check.eq(aze.lower, "azərbaycan", "lower")
check.eq(aze.char_start, utf8.len(text:sub(1, aze.start - 1)) + 1, "code-point start")
check.eq(by_text["İlham"].norm, "ilham", "İ folds to i")
check.eq(by_text["Əliyev"].shape, "Xxxxx", "shape of a non-ASCII word")

check.eq(by_text["🇦🇲"] and by_text["🇦🇲"].kind, "emoji", "a flag is one emoji token")
check.eq(by_text["👩‍👩‍👧"] and by_text["👩‍👩‍👧"].kind, "emoji", "a ZWJ family is one emoji token")
check.eq(by_text["@Kyivpost_official"] and by_text["@Kyivpost_official"].kind, "handle", "handle")
check.eq(by_text["#peace"] and by_text["#peace"].kind, "hashtag", "hashtag")
check.eq(by_text["“"] and by_text["“"].kind, "punct", "quote marks are punct")
check.eq(by_text["Thursday"].sentence, 2, "tokens know their sentence")

-- the tokens of a sentence or any span
local st = sents[2].tokens
check.eq(st[1].text, "“", "first token of sentence 2")
check.eq(st[#st].text, ".", "last token of sentence 2")
check.eq(#doc:span(1, #"Armenia’s foreign").tokens, 2, "tokens inside a plain span")
check.eq(table.concat(sents[1].tokens:texts(), " "),
         "Armenia’s foreign ministry hailed the decades-long talks .", "texts() of a token list")

-- whitespace only: nothing
local blank = parley.doc("   \n\n\t  \n")
check.eq(#blank:tokens(), 0, "no tokens in whitespace")
check.eq(#blank:sentences(), 0, "no sentences in whitespace")
check.eq(#blank:paragraphs(), 0, "no paragraphs in whitespace")

-- cached: the same list twice gives equal spans
check.ok(doc:tokens()[5] == doc:tokens()[5], "spans of the same token are equal")

-- the seed article: sentences that are not the story are still their own sentences
local seed = assert(parley.open()):get(1)
local found = {}
for i = 1, #seed:sentences() do found[seed:sentences()[i].text] = true end
check.ok(found["Advertisement"], "“Advertisement” is a sentence of its own")
check.ok(found["Armenia-Russia tension"], "a heading is a sentence of its own")
check.ok(found["“We believe this text is a compromise, as a peace agreement should be,” he told reporters."],
         "quote with attribution is one sentence")

-- columns: every field of every element, as the Spans give it, and the bounds of a window
local mixed = parley.doc("Azerbaijan’s minister, Джейхун Байрамов, said 5 mln. Ереванը պատասխանեց։")
local toks = mixed:tokens()
for _, field in ipairs({ "text", "start", "stop", "index", "norm", "lower", "kind", "shape", "is_title",
                         "is_possessive", "base", "sentence" }) do
  local col, same = toks:column(field), true
  check.eq(#col, #toks, field .. ": one value per token")
  for i = 1, #toks do if col[i] ~= toks[i][field] then same = false end end
  check.ok(same, "column(\"" .. field .. "\") equals each Span's " .. field)
end
check.eq(toks:column("norm")[1], "azerbaijan's", "a possessive's norm keeps its suffix (apostrophe folded)")
check.eq(require("parley.columns").of(mixed).key[1], "azerbaijan", "columns' key: a possessive by its base")
check.eq(require("parley.columns").of(mixed).key[2], "minister", "columns' key: other words by their norm")
local second = mixed:sentences()[2]
local first, last = second.tokens:bounds()
check.eq(toks[first].text, "Ереванը", "bounds: the sentence's first token in the Doc")
check.eq(toks[last].text, "։", "bounds: its last")
check.eq(table.concat(mixed:sentences():column("text"), "|"), table.concat(mixed:sentences():texts(), "|"),
         "a sentence list's text column is its texts()")
check.raises(function() mixed:sentences():column("norm") end, "sentences have no field 'norm'",
             "token fields only on token lists")
-- column(field, kinds): only the tokens of those kinds, in order
local kinds_col = toks:column("norm", { "word", "number" })
local want_words = {}
for i = 1, #toks do
  if toks[i].kind == "word" or toks[i].kind == "number" then want_words[#want_words + 1] = toks[i].norm end
end
check.eq(#want_words, 9, "the sample has 9 words and numbers among its tokens")
check.eq(table.concat(kinds_col, "|"), table.concat(want_words, "|"), "column with kinds keeps words and numbers")
check.eq(table.concat(toks:column("text", { "punct" })), ",,։", "only punctuation, in order (the dot of \"mln.\" is the abbreviation's)")
check.eq(#toks:column("start", "all"), #toks, "\"all\" keeps every token")
check.eq(#toks:column("norm", {}), 0, "no kinds, no tokens")
check.eq(#second.tokens:column("norm", { "word" }), 2, "a sentence's tokens: Ереванը, պատասխանեց")
check.raises(function() toks:column("norm", { "wrod" }) end, "column: unknown token kind \"wrod\"")
check.raises(function() toks:column("norm", 5) end, "column: kinds must be an array of token kinds")
check.raises(function() mixed:sentences():column("text", { "word" }) end, "only tokens have kinds to keep, not sentences")
local empty_first, empty_last = blank:tokens():bounds()
check.ok(empty_last < empty_first, "an empty list's bounds are empty")

check.done("tokens")
