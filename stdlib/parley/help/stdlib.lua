-- help/stdlib.lua: help entries for the Lua modules in stdlib/parley (see parley/help.lua for the format).
return {
  order = 70,
  title = "stdlib",
  intro = [[
Modules written in Lua and shipped as source in `stdlib/parley/`, loaded on
first use as `parley.NAME` (or `require("parley.NAME")`). A module of the
same name on `PARLEY_PATH` overrides the shipped one.]],
  entries = {
    {
      name = "parley.meta.resolve",
      signature = "meta.resolve(head, info) -> fields",
      summary = "the metadata rules (`prefix_rules`, `name_rules` — append your own): date, source, title " ..
        "and how many bytes of metadata prefix to cut",
      description = [[
Called for every document loaded. head is the start of the text (at most
4 KB); info holds origin, options (command-line date/source/title) and
fields (the JSONL object). Precedence, highest first: options, a prefix in
the text, JSONL fields, the file name. To add a format, append a function
to meta.prefix_rules: function(head, info) -> fields, bytes_to_cut.]],
      example = [[
parley.meta.resolve("date 2025-03-13 Talks went well.", { origin = "a.txt", options = {} })  --> { date = "2025-03-13", lang = "en", skip = 16, title = "a" }]],
    },
    {
      name = "parley.meta.prefix_rules", kind = "value",
      signature = "meta.prefix_rules, meta.name_rules",
      summary = "the rule lists resolve tries, in order",
    },
    {
      name = "parley.pretty.format",
      signature = "pretty.format(v [, {color=, width=}]) -> string",
      summary = "cycle-safe, key-sorted rendering; Doc, Span and Corpus as summaries; lists of Spans, " ..
        "Docs, SQL rows and search hits as aligned tables; long strings cut by display width",
      description = [[
What the REPL and `parley eval` print. Limits are fields of the module:
max_depth (4), max_items (50), max_string (400 columns), max_nested (72),
width (80).]],
      example = [[
parley.pretty.format({ b = 2, a = 1, 3 })  --> "{ 3, a = 1, b = 2 }"
parley.pretty.format(corpus:get(1):span(1, 10))  --> "<Span doc 1 bytes 1..10 line 1> \"Azerbaijan\""]],
    },
    {
      name = "parley.pretty.print",
      signature = "pretty.print(...)",
      summary = "writes the values formatted, tab-separated (one per line when one takes several lines)",
      example = [[
parley.pretty.print({ 1, 2 }, "x")]],
    },
    {
      name = "parley.pretty.render",
      signature = "pretty.render(opts, ...) -> string",
      summary = "what print writes, without the newline; opts as for format",
      example = [[
parley.pretty.render(nil, 1, "a")  --> "1\t\"a\""]],
    },
    {
      name = "parley.pretty.columns",
      signature = "pretty.columns(s) -> integer",
      summary = "display columns of s, colour escapes excluded (bytes when s is not UTF-8)",
      example = [[
parley.pretty.columns("\27[32m語\27[0m")  --> 2]],
    },
    {
      name = "parley.pretty.thousands",
      signature = "pretty.thousands(n) -> string",
      summary = "n with thousands separators",
      example = [[
parley.pretty.thousands(3815)  --> "3,815"]],
    },
    {
      name = "parley.pretty.formatters", kind = "value",
      signature = "pretty.formatters[type_name] = function(v, ctx) -> string",
      summary = "summaries of userdata by metatable name (`\"parley.Span\"`); add one for a new type",
    },
    {
      name = "parley.tabulate.text",
      signature = "tabulate.text(headers, rows) -> string",
      summary = "rows aligned by display width, a rule under the header",
      example = [[
parley.tabulate.text({ "id", "city" }, { { 1, "Ереван" }, { 2, "Baku" } })]],
    },
    {
      name = "parley.tabulate.csv_line",
      signature = "tabulate.csv_line(cells [, n]) -> string",
      summary = "one RFC 4180 record of `n` (default `#cells`) fields with a CRLF line end, for writing " ..
        "CSV a row at a time",
      example = [[
parley.tabulate.csv_line({ "Baku, Azerbaijan", 'say "yes"', 3 })  --> "\"Baku, Azerbaijan\",\"say \"\"yes\"\"\",3\r\n"]],
    },
    {
      name = "parley.tabulate.csv",
      signature = "tabulate.csv(headers, rows) -> string",
      summary = "RFC 4180 CSV (CRLF line ends, quotes doubled)",
      example = [[
parley.tabulate.csv({ "a" }, { { 'say "hi"' } })  --> "a\r\n\"say \"\"hi\"\"\"\r\n"]],
    },
    {
      name = "parley.tabulate.isatty_stdout",
      signature = "tabulate.isatty_stdout() -> boolean",
      summary = "whether standard output is a terminal (colour and layout decisions)",
    },
  },
}
