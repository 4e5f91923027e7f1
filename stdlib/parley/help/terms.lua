-- help/terms.lua: the Doc's counting methods, used by parley.stats (see parley/help.lua for the format).
return {
  order = 31,
  title = "Token terms",
  columns = { "method", "returns" },
  intro = [[
Counting, for `parley.stats`. A token's *term* is its text in the form `by`:
`"norm"` (default; the token's `norm`, `text.fold`), `"base"` (the norm
without a possessive clitic: "Armenia’s" → `armenia`), `"lower"` or
`"text"`. `kinds` chooses which tokens count: an array of kind names
(default `{"word", "number"}`) or `"all"`. A *run* is a stretch of counted
tokens inside one sentence; punctuation (when not counted) and sentence
starts break runs. All of these work in C on the Doc's segmentation; none
makes a Span per token.]],
  entries = {
    {
      name = "Doc:count_terms",
      signature = "doc:count_terms(counts [, {by=, kinds=}]) -> counts, n",
      summary = "`counts, n`: adds 1 to `counts[term]` for each counted token; `n` tokens counted. " ..
        "Pass one table for many docs",
      example = [[
local counts, n = corpus:get(1):count_terms({})
counts.armenia  --> 9
n  --> 571]],
    },
    {
      name = "Doc:count_ngrams",
      signature = "doc:count_ngrams(counts, n [, {by=, kinds=, stop=}]) -> counts, total",
      summary = "`counts, total`: adds 1 to `counts[\"w1 w2 … wn\"]` for every n consecutive terms of a " ..
        "run; `stop` (a set of folded words) leaves out n-grams starting or ending with one, which " ..
        "still count in `total`",
    },
    {
      name = "Doc:count_pairs",
      signature = "doc:count_pairs(pairs, window [, {by=, kinds=}]) -> pairs, n",
      summary = "`pairs, n`: adds 1 to `pairs[a][b]` for each term b at most `window` terms after a in a run",
    },
    {
      name = "Doc:terms",
      signature = "doc:terms([{by=, kinds=}]) -> array",
      summary = "the terms of the counted tokens in order, with one `false` wherever a run breaks " ..
        "(never first, last or twice in a row)",
      example = [[
corpus:get(1):terms()[1]  --> "azerbaijan"]],
    },
    {
      name = "Doc:find_tokens",
      signature = "doc:find_tokens(words [, {by=}]) -> array of indexes",
      summary = "token indexes where consecutive tokens (any kind) match `words`, an array of terms; a " ..
        "word ending in `*` is a prefix",
      example = [[
corpus:get(1):find_tokens({ "peace" })  --> { 143, 177, 208, 239, 316, 331, 503 }]],
    },
    {
      name = "Doc:find_terms",
      signature = "doc:find_terms(terms [, {by=, kinds=}]) -> array of indexes",
      summary = "indexes, in order, of the tokens (of `kinds`, default words and numbers) whose term is " ..
        "one of `terms` or starts with one ending in `*`: a lexicon of words and stems looked up in one pass in C",
      example = [[
parley.doc("Border talks: delimitation, Armenia's borders"):find_terms({ "armenia", "delimit*" }, { by = "base" })  --> { 4, 6 }]],
    },
    {
      name = "Doc:token_info",
      signature = "doc:token_info(i) -> start, stop, kind, sentence",
      summary = "`start, stop, kind, sentence` of token i (bytes 1-based inclusive, sentence 1-based)",
      example = [[
corpus:get(1):token_info(1)  --> 1, 10, "word", 1]],
    },
    {
      name = "Doc:token_at",
      signature = "doc:token_at(byte) -> index",
      summary = "the index of the token holding `byte`, or of the next one (`#doc:tokens() + 1` if none)",
      example = [[
corpus:get(1):token_at(1)  --> 1]],
    },
    {
      name = "Doc:context",
      signature = "doc:context(start, stop, left, right) -> lwords, rwords, ltext, rtext",
      summary = "`lwords, rwords, ltext, rtext`: up to `left`/`right` words (not punctuation) around bytes " ..
        "start..stop, nearest first, and the text from the farthest of them to the match, white space " ..
        "squeezed. The token holding start (or stop) belongs to neither side",
    },
  },
}
