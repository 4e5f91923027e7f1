-- help/kwic.lua: help entries for parley.kwic (see parley/help.lua for the format).
return {
  order = 72,
  title = "parley.kwic",
  module = "parley.kwic",
  intro = [==[
Keyword in context, for one string: widths are display columns.]==],
  entries = {
    {
      name = "parley.kwic.context",
      signature = "kwic.context(s, start, stop [, width [, span_width]]) -> left, span, right",
      summary = "left, span, right, each cut to `width` display columns (30) on one line",
      example = [==[
parley.kwic.context("the quick brown fox jumps", 11, 15, 10)  --> "the quick ", "brown", " fox jumps"]==],
    },
    {
      name = "parley.kwic.line",
      signature = "kwic.line(s, start, stop [, {width, open, close}]) -> string",
      summary = "one aligned line `…left [span] right…`",
      example = [==[
parley.kwic.line("the quick brown fox jumps", 11, 15, { width = 10 })  --> "the quick [brown] fox jumps"]==],
    },
    {
      name = "parley.kwic.head",
      signature = "kwic.head(s, width) -> string",
      summary = "the start of s in at most width columns, `…` where cut",
      example = [==[
parley.kwic.head("abcdefgh", 4)  --> "abc…"]==],
    },
    {
      name = "parley.kwic.tail",
      signature = "kwic.tail(s, width) -> string",
      summary = "the end of s in at most width columns, `…` where cut",
      example = [==[
parley.kwic.tail("abcdefgh", 4)  --> "…fgh"]==],
    },
    {
      name = "parley.kwic.middle",
      signature = "kwic.middle(s, width) -> string",
      summary = "s in at most width columns, cut in the middle",
      example = [==[
parley.kwic.middle("abcdefgh", 4)  --> "a…gh"]==],
    },
    {
      name = "parley.kwic.ellipsis", kind = "value",
      signature = "kwic.ellipsis",
      summary = "the string marking a cut (`\"…\"`)",
    },
  },
}
