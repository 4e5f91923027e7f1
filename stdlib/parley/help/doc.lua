-- help/doc.lua: help entries for the Doc userdata (see parley/help.lua for the format).
return {
  order = 30,
  title = "Doc",
  type = "parley.Doc",
  columns = { "method", "returns" },
  fields = {
    { "id", "nil when not stored" }, { "text" }, { "title" }, { "date" }, { "source" }, { "lang" },
    { "origin" }, { "meta", "a table" }, { "bytes" }, { "chars", "code points" }, { "lines" },
    { "hash", "SHA-256 hex of the text: the document's identity in a corpus" },
    { "corpus", "the Corpus a Doc from `c:get`/`c:docs` came from, else nil" },
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
    {
      name = "Doc:annotate",
      signature = "doc:annotate(label, span [, attrs]) -> annotation",
      summary = "records an annotation in memory and returns it: `{label, span, start, stop, attrs, rule}`. " ..
        "`span` is a Span of this Doc or `{start, stop}` (bytes, 1-based, inclusive; not empty, on " ..
        "character boundaries). `attrs` is a table with string keys that JSON can hold; its `rule` field " ..
        "(else the span's own `rule` field, as rule matches carry) becomes the annotation's `rule`, kept " ..
        "apart from `attrs`",
      description = [[
Nothing is written until c:save(doc) (or `parley run --save`); see
"Annotations and runs".]],
      example = [[
local doc = corpus:get(1)
doc:annotate("GPE", doc:span(1, 10), { rule = "demo" }).rule  --> "demo"]],
    },
    {
      name = "Doc:annotations",
      signature = "doc:annotations([label]) -> array",
      summary = "a new array of the Doc's annotations in the order they were made (only `label`'s when " ..
        "given); after `c:save(doc)` each has its `id`",
    },
    {
      name = "Doc:paragraphs",
      signature = "doc:paragraphs() -> list of Spans",
      summary = "the paragraphs (text between blank lines) as a list of Spans",
      example = [[
corpus:get(1):paragraphs()  --> <30 paragraphs>]],
    },
    {
      name = "Doc:sentences",
      signature = "doc:sentences() -> list of Spans",
      summary = "the sentences as a list of Spans (see \"Segmentation\" below)",
      example = [[
corpus:get(1):sentences()  --> <30 sentences>]],
    },
    {
      name = "Doc:tokens",
      signature = "doc:tokens() -> list of Spans",
      summary = "the tokens as a list of Spans with token fields",
      example = [[
local tokens = corpus:get(1):tokens()
#tokens  --> 643
tokens[1].kind  --> "word"
tokens[1].shape  --> "Xxxxx"]],
    },
    {
      name = "Doc:find",
      signature = "doc:find(p [, flags]) -> array of Spans",
      summary = "an array of Spans, one per match of the regex `p` (a pattern string or a Regex; see " ..
        "`parley.re`), in `re.gmatch` order; each has a field `captures`: Spans by group number " ..
        "(`false` for a group that did not take part) and by group name",
      example = [[
corpus:get(1):find("\\d{4}")[1].text  --> "2020"]],
    },
    {
      name = "Doc:match",
      signature = "doc:match(m) -> array of Spans",
      summary = "an array of Spans, one per match of a Gazetteer or Matcher `m` (see `parley.match`), " ..
        "in text order",
      example = [[
local m = parley.match.phrases{ "Armenia", label = "GPE" }
corpus:get(1):match(m)[1].label  --> "GPE"]],
    },
  },
}
