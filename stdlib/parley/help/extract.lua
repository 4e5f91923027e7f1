-- help/extract.lua: help entries for parley.extract (see parley/help.lua for the format).
return {
  order = 81,
  title = "parley.extract",
  module = "parley.extract",
  intro = [==[
The negotiation extractors (docs/extract.md): each takes a Doc and returns plain tables with Spans, so every claim points back to its sentence. Loaded on first use.]==],
  entries = {
    {
      name = "parley.extract.actors",
      signature = "extract.actors(doc [, opts]) -> actors",
      summary = "the actors mentioned, with their mentions",
    },
    {
      name = "parley.extract.across",
      signature = "extract.across(docs [, opts]) -> actors",
      summary = "the actors of an array of Docs, most mentioned first: `{entity, label, country, role, count, docs}` (docs: how many documents name them)",
    },
    {
      name = "parley.extract.tally",
      signature = "extract.tally(totals, actors) -> totals",
      summary = "add one document's `extract.actors` to the totals (start with `{}`), for documents read one at a time; `extract.ranked(totals)` then gives what `across` gives",
    },
    {
      name = "parley.extract.actor_counts",
      signature = "extract.actor_counts(doc [, opts]) -> actors",
      summary = "`extract.actors(doc)` without the mentions: `{entity, label, country, role, count}`, plain values a map step can return and `tally` can add",
    },
    {
      name = "parley.extract.ranked",
      signature = "extract.ranked(totals) -> actors",
      summary = "the actors tallied, most mentioned first, as `extract.across` returns them",
    },
    {
      name = "parley.extract.mentions",
      signature = "extract.mentions(doc [, opts]) -> mentions",
      summary = "every mention of a known actor",
    },
    {
      name = "parley.extract.quotes",
      signature = "extract.quotes(doc) -> quotes",
      summary = "quotations with their speakers",
    },
    {
      name = "parley.extract.dates",
      signature = "extract.dates(doc [, opts]) -> dates",
      summary = "dates and their resolved values",
    },
    {
      name = "parley.extract.numbers",
      signature = "extract.numbers(doc) -> numbers",
      summary = "numbers and amounts",
    },
    {
      name = "parley.extract.issues",
      signature = "extract.issues(doc) -> issues",
      summary = "the negotiation issues and their status",
    },
    {
      name = "parley.extract.relations",
      signature = "extract.relations(doc) -> relations",
      summary = "relations between actors",
    },
  },
}
