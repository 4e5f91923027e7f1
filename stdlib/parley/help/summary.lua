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
    },
  },
}
