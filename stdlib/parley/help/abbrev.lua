-- help/abbrev.lua: help entries for parley.abbrev (see parley/help.lua for the format).
return {
  order = 76,
  title = "parley.abbrev",
  module = "parley.abbrev",
  intro = [==[
The abbreviation lists of the sentence splitter (see "Segmentation").]==],
  entries = {
    {
      name = "parley.abbrev.entries",
      signature = "abbrev.entries() -> array",
      summary = "the abbreviations as `{text, kind}` pairs",
      example = [==[
parley.abbrev.entries()[1]  --> { "prof.", "title" }]==],
    },
    {
      name = "parley.abbrev.add",
      signature = "abbrev.add(text, kind)",
      summary = "adds an abbreviation (`kind` `\"title\"`, `\"number\"` or `\"any\"`) before the first document is segmented",
      example = [==[
parley.abbrev.add("Amb.", "title")]==],
    },
  },
}
