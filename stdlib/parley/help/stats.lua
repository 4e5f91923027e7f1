-- help/stats.lua: help entries for parley.stats (see parley/help.lua for the format).
return {
  order = 72,
  title = "parley.stats",
  module = "parley.stats",
  intro = [[
Corpus statistics in Lua over the Doc counting methods; formulas,
references and worked examples are in docs/stats.md. `src` is a Corpus, a
Doc, an array of Docs or an iterator (`c:docs{source="X"}`). Common options:
`by` (`"norm"`, `"base"`, `"lower"`, `"text"`), `kinds` (default
`{"word", "number"}`, or `"all"`), `stop` (`true`, `"en"`, `"ru"`, `"hy"`,
`"az"`, `"en,ru"`, an array or set of words), `min`, `top`. Rows are tables
with named fields; ties are broken by term (byte order).]],
  entries = {
    {
      name = "parley.stats.freq",
      signature = "stats.freq(src [, opts]) -> rows",
      summary = "rows `{term, count, share}`, most frequent first; `rows.total` is the number of tokens " ..
        "counted (stop words included), which `share` divides by",
      example = [[
local d = parley.doc("The talks in Baku were long. The talks ended.")
parley.stats.freq(d)[2].term  --> "the"
parley.stats.freq(d, { stop = "en" })[2].term  --> "baku"
parley.stats.freq(d).total  --> 9]],
    },
    {
      name = "parley.stats.ngrams",
      signature = "stats.ngrams(src, n [, opts]) -> rows",
      summary = "rows `{term, count, share}`, term = the n words joined by spaces; no n-gram crosses a " ..
        "sentence or punctuation; `stop` drops those starting or ending with a stop word",
      example = [[
local d = parley.doc("The talks in Baku were long. The talks ended.")
parley.stats.ngrams(d, 2)[1].term  --> "the talks"
parley.stats.ngrams(d, 2).total  --> 7]],
    },
    {
      name = "parley.stats.collocations",
      signature = "stats.collocations(src [, {window=1, min=3, measure=\"g2\"}]) -> rows",
      summary = "rows `{w1, w2, term, count, expected, pmi, t, g2}` sorted by `measure` (`\"pmi\"`, `\"t\"`, " ..
        "`\"g2\"`); pairs are w2 at most `window` words after w1; g2 is negative for pairs seen less " ..
        "than expected",
      example = [[
local d = parley.doc("Peace deal. Peace deal. Peace talks. New deal.")
parley.stats.collocations(d, { min = 1 })[1].term  --> "new deal"]],
    },
    {
      name = "parley.stats.measures",
      signature = "stats.measures(o11, r1, c1, n) -> {expected, pmi, t, g2}",
      summary = "the association measures of one 2×2 table: PMI = log2(O11/E11), t = (O11 − E11)/√O11, " ..
        "G² = ±2 Σ O ln(O/E) over the four cells",
      example = [[
parley.stats.measures(1, 1, 3, 4).expected  --> 0.75]],
    },
    {
      name = "parley.stats.keyness",
      signature = "stats.keyness(target, reference [, {min=3, direction=\"over\", max_p=}]) -> rows | nil, message",
      summary = "rows `{term, target, reference, g2, p, log_ratio}` by \\|G²\\| (Rayson & Garside), " ..
        "with the log ratio effect size (Hardie 2014); `direction` `\"over\"`, `\"under\"` or `\"both\"`",
      example = [[
local k = parley.stats.keyness(parley.doc("oil oil oil gas"), parley.doc("oil gas gas gas"), { min = 1 })
k[1].term  --> "oil"
k[1].log_ratio  --> 1.5849625007212]],
    },
    {
      name = "parley.stats.keyness_row",
      signature = "stats.keyness_row(a, b, c, d) -> {g2, p, log_ratio}",
      summary = "keyness of a term seen a times in c target tokens and b times in d reference tokens " ..
        "(a zero count taken as 0.5 for the log ratio)",
      example = [[
parley.stats.keyness_row(2, 0, 10, 10).log_ratio  --> 2.0]],
    },
    {
      name = "parley.stats.chi2_p",
      signature = "stats.chi2_p(x) -> p",
      summary = "P(χ² ≥ x) with one degree of freedom: the p of a G²",
    },
    {
      name = "parley.stats.df",
      signature = "stats.df(src [, opts]) -> rows",
      summary = "rows `{term, df, share}`: in how many documents each term occurs; `rows.n` documents, " ..
        "`rows.of[term]` the df of every term",
      example = [[
parley.stats.df({ parley.doc("oil prices"), parley.doc("oil exports") })[1].term  --> "oil"]],
    },
    {
      name = "parley.stats.tfidf",
      signature = "stats.tfidf(doc, collection [, {smooth=false}]) -> rows | nil, message",
      summary = "rows `{term, tf, df, idf, tfidf}` of one document; idf = ln(N/df), or " ..
        "ln((1+N)/(1+df)) + 1 with `smooth`; `collection` a `df` result or a source",
      example = [[
local docs = { parley.doc("oil prices rose"), parley.doc("oil exports fell") }
parley.stats.tfidf(docs[1], docs)[1].term  --> "prices"]],
    },
    {
      name = "parley.stats.kwic",
      signature = "stats.kwic(src, query [, {left=5, right=5, sort=, by=, regex=, flags=, limit=}]) -> rows",
      summary = "concordance rows `{doc, span, left, match, right, l, r}`; query a term, phrase or " ..
        "`prefix*` (on token terms) or a Regex (on the text); `sort` `\"left1\"`, `\"right2\"`, `\"match\"` " ..
        "or an array of them",
      example = [[
local rows = parley.stats.kwic(corpus, "peace agreement", { left = 3, right = 3, sort = "right1" })
rows[1].match  --> "peace agreement"]],
    },
    {
      name = "parley.stats.kwic_text",
      signature = "stats.kwic_text(rows [, {columns=, width=, ref=}]) -> string",
      summary = "the concordance aligned by display width (Armenian, CJK, emoji line up); `columns=true` " ..
        "one column per position; `width` columns of context per side; `ref` prefixes `id:line`",
      example = [[
io.write(parley.stats.kwic_text(parley.stats.kwic(corpus, "Pashinyan"), { width = 30 }))]],
    },
    {
      name = "parley.stats.table",
      signature = "stats.table(rows [, fields]) -> string",
      summary = "rows as an aligned text table (default fields `term`, `count`, `share`)",
      example = [[
print(parley.stats.table(parley.stats.freq(corpus, { stop = true, top = 10 })))]],
    },
    {
      name = "parley.stats.stopwords",
      signature = "stats.stopwords([langs]) -> set",
      summary = "a new set `{word = true}` of folded stop words from `data/stopwords/LANG.txt` " ..
        "(`\"en\"`, `\"en,ru\"`; every language when nil)",
      example = [[
parley.stats.stopwords("en").the  --> true]],
    },
    {
      name = "parley.stats.docs",
      signature = "stats.docs(src) -> iterator",
      summary = "an iterator over the Docs of a source",
    },
  },
}
