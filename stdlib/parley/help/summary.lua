-- help/summary.lua: help entries for parley.summary (see parley/help.lua for the format).
return {
  order = 79,
  title = "parley.summary",
  module = "parley.summary",
  entries = {
    {
      name = "parley.summary.extract",
      signature = "summary.extract(src, n [, opts]) -> sentences",
      summary = "TextRank with a lead prior, boilerplate excluded, sentence references",
      description = [[
src is a Doc, a Corpus or an array of Docs; the result is n sentences in
reading order: `{doc, sentence, span, text, score}`. opts: `min_words`
(5: shorter sentences are not candidates), `redundancy` (0.7: a sentence
whose content words overlap a chosen one's by more is skipped, so syndicated
copies count once), `iterations` (30), `max_sentences` (2000: over more
candidates, the graph keeps each document's first story sentences, position
by position — a summary of 2,000 Reuters articles takes seconds, not the
minutes a graph of all 15,000 sentences would).]],
    },
  },
}
