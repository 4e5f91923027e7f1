-- help/doc.lua: help entries for the Doc userdata (see parley/help.lua for the format).
return {
  order = 30,
  title = "Doc",
  type = "parley.Doc",
  columns = { "method", "returns" },
  fields = {
    { "id", "nil when not stored" }, { "text" }, { "title" }, { "date" }, { "source" }, { "lang" },
    { "origin" }, { "meta", "a table" }, { "bytes" }, { "chars", "code points" }, { "lines" },
  },
  intro = [[
A document: its text (NFC, LF newlines) and metadata. `#doc` is the byte
length; `tostring(doc)` is a summary,
`<Doc 3 2025-03-13 "Azerbaijan and Armenia said Thursday..." 3,798 chars>`:
the first words of the title (of the text when the title is only the file
name) and the length in characters.]],
  entries = {
    {
      name = "Doc:span",
      signature = "doc:span(i [, j]) -> Span",
      summary = "a Span over bytes i..j (`string.sub` rules, negatives count from the end); raises when " ..
        "an end would split a character",
      example = [[
local doc = corpus:get(1)
doc:span(1, 10).text  --> "Azerbaijan"
doc:span(-10).text  --> "eferendum."]],
    },
    {
      name = "Doc:count_terms",
      signature = "doc:count_terms(counts [, {by=, kinds=}]) -> counts, n",
      summary = "adds 1 to `counts[term]` for each counted token (words and numbers by default) and " ..
        "returns how many it counted; pass one table for many documents",
      description = [[
A token's term is its text in the form by: "norm" (default, text.fold),
"base" (the norm without a possessive clitic: Armenia’s -> armenia),
"lower" or "text". kinds is an array of token kinds or "all". Runs in C,
without making a Span per token; parley.stats is built on it.]],
      example = [[
local counts, n = parley.doc("The talks, the TALKS."):count_terms({})
counts.talks  --> 2
n  --> 4]],
    },
    {
      name = "Doc:count_ngrams",
      signature = "doc:count_ngrams(counts, n [, {by=, kinds=, stop=}]) -> counts, total",
      summary = 'adds 1 to `counts["w1 w2 … wn"]` for every n consecutive terms within a sentence ' ..
        "with no uncounted token (punctuation) between; `stop`, a set of folded words, leaves out " ..
        "n-grams starting or ending with one (still counted in total)",
      example = [[
parley.doc("Peace talks, peace talks."):count_ngrams({}, 2)["peace talks"]  --> 2]],
    },
    {
      name = "Doc:count_pairs",
      signature = "doc:count_pairs(pairs, window [, {by=, kinds=}]) -> pairs, n",
      summary = "adds 1 to `pairs[a][b]` for each term b at most `window` terms after a, within a " ..
        "sentence and a run of counted tokens",
      example = [[
parley.doc("alpha beta gamma"):count_pairs({}, 2).alpha.gamma  --> 1]],
    },
    {
      name = "Doc:terms",
      signature = "doc:terms([{by=, kinds=}]) -> array",
      summary = "the terms of the counted tokens in order, with one `false` wherever a run breaks (a " ..
        "sentence start or an uncounted token)",
      example = [[
parley.doc("Baku, Yerevan agreed."):terms()  --> { "baku", false, "yerevan", "agreed" }]],
    },
    {
      name = "Doc:find_tokens",
      signature = "doc:find_tokens(words [, {by=}]) -> indexes",
      summary = "the indexes of the tokens where consecutive tokens match `words` (an array of terms; " ..
        "a word ending in `*` is a prefix)",
      example = [[
parley.doc("The Peace Agreement and peace talks"):find_tokens({ "peace", "agree*" })  --> { 2 }]],
    },
    {
      name = "Doc:token_info",
      signature = "doc:token_info(i) -> start, stop, kind, sentence",
      summary = "token i's bytes (1-based, inclusive), kind and sentence, without making a Span",
      example = [[
parley.doc("Baku, Yerevan"):token_info(2)  --> 5, 5, "punct", 1]],
    },
    {
      name = "Doc:token_at",
      signature = "doc:token_at(byte) -> index",
      summary = "the index of the token holding byte, or of the next token (`#doc:tokens() + 1` if none)",
      example = [[
parley.doc("Baku, Yerevan"):token_at(6)  --> 3]],
    },
    {
      name = "Doc:context",
      signature = "doc:context(start, stop, left, right) -> lwords, rwords, ltext, rtext",
      summary = "the KWIC context of bytes start..stop: up to left/right words around it (punctuation " ..
        "skipped), nearest first, and the text out to the farthest of them, white space squeezed",
      example = [[
local d = parley.doc("Yerevan said: the deal holds.")
d:context(15, 17, 2, 1)  --> { "said", "Yerevan" }, { "deal" }, "Yerevan said: ", " deal"]],
    },
  },
}
