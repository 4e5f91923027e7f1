-- help/repl.lua: help entries for what the REPL adds (see parley/help.lua for the format).
return {
  order = 80,
  title = "The REPL",
  intro = [[
`parley` (or `parley repl`) starts the REPL with `parley` loaded and the
corpus open as `corpus`. Expressions print their values; `_` is the last
value and `_1`, `_2`, ... the value of each numbered input. Commands
(`:load`, `:time`, `:save`, `:where`, `:help`, `:quit`) are described by
`:help` and in docs/cli.md.]],
  entries = {
    {
      name = "help", path = "parley.help.help",
      signature = "help([x])",
      summary = "without x, the API by section; with a function, module, type or name, its help " ..
        "(`?name` in the REPL is the same)",
      description = [[
Finds functions by value, so help(corpus.search) and help(parley.text.fold)
work whatever they are called in your session. The entries live in
stdlib/parley/help/, one file per module; docs/lua-api.md is generated from
them (tools/gen_api_docs.lua).]],
      example = [[
local help = require("parley.help").help   -- in the REPL, help is already there
help(parley.text.fold)
help("Corpus:sql")]],
    },
  },
}
