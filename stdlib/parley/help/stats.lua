-- help/stats.lua: help entries for parley.stats (see parley/help.lua for the format).
return {
  order = 65,
  title = "parley.stats",
  module = "parley.stats",
  intro = [==[
Corpus statistics in Lua over the counting methods of a Doc ("Token terms");
formulas, references and worked examples are in [stats.md](stats.md). `src` is a
Corpus, a Doc, an array of Docs or an iterator (`c:docs{source="X"}`).
Common options: `by`, `kinds` (as in "Token terms"), `stop` (`true`, `"en"`, `"ru"`,
`"hy"`, `"az"`, `"en,ru"`, an array or set of words), `min`, `top`. Rows are
tables with named fields, ties broken by term.]==],
  entries = {
    {
      name = "parley.stats.freq",
      signature = "stats.freq(src [, opts]) -> rows",
      summary = "rows `{term, count, share}`; `rows.total` tokens",
      example = [==[
parley.stats.freq(corpus, { top = 3, stop = true })[1].term  --> "armenia"
parley.stats.freq(corpus, { top = 3, stop = true }).total  --> 571]==],
    },
    {
      name = "parley.stats.ngrams",
      signature = "stats.ngrams(src, n [, opts]) -> rows",
      summary = "rows `{term, count, share}`, term = words joined by spaces; no n-gram crosses a sentence or punctuation; `stop` drops those starting or ending with a stop word",
    },
    {
      name = "parley.stats.collocations",
      signature = "stats.collocations(src [, {window=1, min=3, measure=\"g2\"}]) -> rows",
      summary = "rows `{w1, w2, term, count, expected, pmi, t, g2}` sorted by `measure` (`\"pmi\"`, `\"t\"`, `\"g2\"`)",
    },
    {
      name = "parley.stats.keyness",
      signature = "stats.keyness(target, reference [, {min=3, direction=\"over\", max_p=}]) -> rows",
      summary = "rows `{term, target, reference, g2, p, log_ratio}` by |G²|; `direction` `\"over\"`, `\"under\"`, `\"both\"`",
    },
    {
      name = "parley.stats.df",
      signature = "stats.df(src [, opts]) -> rows",
      summary = "rows `{term, df, share}`; `rows.n` documents, `rows.of[term]` the df of every term",
    },
    {
      name = "parley.stats.tfidf",
      signature = "stats.tfidf(doc, collection [, {smooth=false}]) -> rows",
      summary = "rows `{term, tf, df, idf, tfidf}`; `collection` a `df` result or a source",
    },
    {
      name = "parley.stats.kwic",
      signature = "stats.kwic(src, query [, {left=5, right=5, sort=, by=, regex=, flags=, limit=, columns=, width=}]) -> rows",
      summary = "rows `{doc, span, left, match, right, l, r}`; query a term, phrase or `prefix*` (on token terms) or a Regex (on the text); `sort` `\"left1\"`, `\"right2\"`, `\"match\"` or an array of them",
    },
    {
      name = "parley.stats.kwic_text",
      signature = "stats.kwic_text(rows [, {columns=, width=, ref=}]) -> string",
      summary = "the concordance as text aligned by display width; `columns=true` one column per position; `width` columns of context per side; `ref` prefixes `id:line`",
    },
    {
      name = "parley.stats.table",
      signature = "stats.table(rows [, fields]) -> string",
      summary = "rows as an aligned text table (default fields `term`, `count`, `share`)",
    },
    {
      name = "parley.stats.stopwords",
      signature = "stats.stopwords([langs]) -> set",
      summary = "a new set `{word = true}` of folded stop words (`data/stopwords/LANG.txt`; all languages when nil)",
      example = [==[
parley.stats.stopwords("en")["the"]  --> true]==],
    },
    {
      name = "parley.stats.docs",
      signature = "stats.docs(src) -> iterator",
      summary = "an iterator over the Docs of a source",
    },
    {
      name = "parley.stats.measures",
      signature = "stats.measures(o11, r1, c1, n) -> {expected, pmi, t, g2}",
      summary = "the association formulas, for your own tables",
    },
    {
      name = "parley.stats.keyness_row",
      signature = "stats.keyness_row(a, b, c, d) -> {g2, p, log_ratio}",
      summary = "the keyness formulas, for your own tables",
    },
    {
      name = "parley.stats.chi2_p",
      signature = "stats.chi2_p(x) -> p",
      summary = "the p-value of x for χ² with one degree of freedom",
      example = [==[
parley.stats.chi2_p(3.84)  --> 0.05004351687803]==],
    },
  },
}
