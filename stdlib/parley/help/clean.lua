-- help/clean.lua: help entries for parley.clean (see parley/help.lua for the format).
return {
  order = 77,
  title = "parley.clean",
  module = "parley.clean",
  intro = [==[
Boilerplate removal: rules from data/lexicons/boilerplate.tsv.]==],
  entries = {
    {
      name = "parley.clean.paragraphs",
      signature = "clean.paragraphs(doc) -> kept, dropped",
      summary = "the story paragraphs, and those dropped (with reasons)",
    },
    {
      name = "parley.clean.sentences",
      signature = "clean.sentences(doc) -> array of Spans",
      summary = "the sentences of the kept paragraphs",
    },
    {
      name = "parley.clean.is_story",
      signature = "clean.is_story(doc, span) -> boolean",
      summary = "whether a span is story text, not boilerplate",
    },
    {
      name = "parley.clean.rules", kind = "value",
      signature = "clean.rules",
      summary = "the rules, from data/lexicons/boilerplate.tsv",
    },
  },
}
