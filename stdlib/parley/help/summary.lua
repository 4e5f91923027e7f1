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
    {
      name = "parley.summary.candidates",
      signature = "summary.candidates(doc [, min_words]) -> spans",
      summary = "the document's story sentences that may be picked (boilerplate left out, at least `min_words` tokens, 5 by default), in order",
    },
    {
      name = "parley.summary.plan",
      signature = "summary.plan(counts, max) -> keep",
      summary = "how many leading candidates of each document the graph holds: `counts[k]` candidates for document k, documents in reading order; all when they fit in `max`, else position by position (every first sentence, then every second, ...) until `max`",
      example = [==[
parley.summary.plan({ 3, 3, 3 }, 5)  --> { 2, 2, 1 }]==],
    },
    {
      name = "parley.summary.node",
      signature = "summary.node(doc, span) -> node",
      summary = "a candidate sentence as `rank` takes it: `{doc, sentence, span, text, words}`; doc is anything with an `id`, the same value for every sentence of one document",
    },
    {
      name = "parley.summary.lead",
      signature = "summary.lead(doc [, n [, min_words]]) -> count, nodes",
      summary = "how many candidates the document has, and its first n as `node` makes them but without the Span: plain values a map step can return (`nodes_of` gives each its `doc`). n defaults to 1 for a stored document (`nodes_of` reads it again for more) and to all of them for one that is not (streamed: `carrier` drops what no plan can take)",
    },
    {
      name = "parley.summary.carrier",
      signature = "summary.carrier([max_sentences=2000]) -> carry(record)",
      summary = "for a fold that keeps records from `lead` in reading order: carry(record) drops from each record's `lead` the nodes no plan can take any more (`plan` keeps no more of a document than the first position that does not fit whole, and that position only falls as documents come). A streamed corpus, whose records carry every candidate, is then held as the summary needs it. `analysis.script`'s fourth argument",
      example = [==[
local carry = parley.summary.carrier(2)
local a, b = { candidates = 3, lead = { {}, {}, {} } }, { candidates = 3, lead = { {}, {}, {} } }
carry(a)
carry(b)           -- six candidates for two places: no plan takes a document's third
#a.lead, #b.lead   --> 2, 2]==],
    },
    {
      name = "parley.summary.nodes_of",
      signature = "summary.nodes_of(records, read [, {max_sentences=2000, min_words=5, over=records}]) -> nodes",
      summary = "the nodes `rank` takes, from records in reading order that carry `candidates` and `lead` (from `lead`): `plan` decides how many sentences of each count, and `read(record)` returns the Doc again when that is more than it carries; each node's `doc` is its record. `over`: the records to plan over, a superset of records in reading order (an analysis plans over every document not known for a copy when it came, which `carrier` needs). How the bundled `summary` and `briefing` map/fold scripts summarise",
    },
    {
      name = "parley.summary.rank",
      signature = "summary.rank(nodes, n [, opts]) -> sentences",
      summary = "the n sentences picked among nodes (in reading order), as `extract` returns them: with `candidates`, `plan` and `node`, a summary of a corpus read one document at a time, as `parley run briefing` reads it",
    },
  },
}
