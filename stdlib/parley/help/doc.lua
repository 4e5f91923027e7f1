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
  },
}
