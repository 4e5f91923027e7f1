-- help/span.lua: help entries for the Span userdata (see parley/help.lua for the format).
return {
  order = 40,
  title = "Span",
  type = "parley.Span",
  columns = { "method", "returns" },
  fields = {
    { "start" }, { "stop", "bytes, 1-based inclusive" }, { "text" }, { "doc" }, { "line" },
    { "col", "1-based; the column counts code points" }, { "char_start" }, { "char_stop", "code points" },
    { "captures", "on spans from `doc:find`, else nil" },
    { "index", "1-based position in its list, on spans from `doc:tokens()`, `doc:sentences()`, " ..
      "`doc:paragraphs()`" },
    { "sentence", "the 1-based index of the sentence it starts in" },
    { "tokens", "the tokens inside it, as a list" },
  },
  intro = [[
A view into its Doc (which it keeps alive). `tostring(span)` and `span.text`
are the text; `#span` is the byte length; spans of the same Doc and range are
equal.]],
  entries = {
    {
      name = "Span:source_range",
      signature = "span:source_range() -> first, last",
      summary = "`first, last`: the bytes (1-based, inclusive) in the original file this span came from, " ..
        "across BOM removal, UTF-16 transcoding, CRLF, NFC recomposition, U+FFFD repair and a cut " ..
        "metadata prefix",
      description = [[
Use it to quote the original file exactly, or to point an editor at the
place a finding came from.]],
      example = [[
local span = corpus:get(1):span(1, 10)
span:source_range()  --> 18, 27]],
    },
  },
}
