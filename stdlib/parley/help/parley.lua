-- help/parley.lua: help entries for the `parley` module (see parley/help.lua for the format).
return {
  order = 10,
  title = "parley",
  module = "parley",
  entries = {
    {
      name = "parley.open",
      signature = "parley.open([path [, {readonly=true}]]) -> Corpus | nil, message",
      summary = "a Corpus, or `nil, message`. Without a path: `--db`, else `PARLEY_DB`, else " ..
        "`./parley.db` if it exists, else the bundled corpus in memory. A missing path is created " ..
        "unless read-only. Works with `local c <close> = parley.open(p)`.",
      description = [[
The bundled corpus (data/corpus/) is ingested into memory, so every script
works in a fresh clone and nothing is written by accident; it is writable,
and what is written to it is not kept. In the REPL the corpus is already
open as the global `corpus`.]],
      example = [[
local c = assert(parley.open())   -- the bundled corpus here
c:count()  --> 1
c:close()
c.closed  --> true]],
    },
    {
      name = "parley.doc",
      signature = "parley.doc(text [, fields]) -> Doc | nil, message",
      summary = "a Doc (not stored): the text is validated and normalised as a file would be. " ..
        "`fields`: `title`, `date`, `source`, `lang`, `repair=true`, anything else becomes `meta`. " ..
        "`nil, message` for invalid UTF-8.",
      description = [[
Fields given here take precedence over a metadata prefix in the text
("date 2025-03-13 ..."), which is cut as when ingesting. Use it to try
analyses on a sentence before running them over the corpus.]],
      example = [[
local d = parley.doc("Cafe\u{301}\r\nline two", { title = "Test", date = "2025-03-13" })
d.text  --> "Café\nline two"
d.lines  --> 2
parley.doc("bad \xFF byte")  --> nil, "text:1:5: invalid UTF-8 (byte 0xFF at offset 4)"]],
    },
    {
      name = "parley.read",
      signature = "parley.read(path [, {repair=true}]) -> Doc | nil, message",
      summary = "a Doc from a file (not stored), or `nil, \"FILE:LINE:COL: message\"`",
      description = [[
The file is loaded as `parley ingest` would load it (BOM, UTF-16, CRLF, NFC,
metadata prefix) but not added to the corpus; `doc.origin` is the path.]],
      example = [[
parley.read("no/such/file.txt")  --> nil, "no/such/file.txt: No such file or directory"]],
    },
    {
      name = "parley.usage_error",
      signature = "parley.usage_error(message)",
      summary = "stop: the script was called wrongly — `parley: MESSAGE` on one line, exit status 2, no traceback",
      description = [[
For a script's own arguments, so a wrong option reads like one of parley's
(`error()` is for bugs: status 1 with a traceback). `pcall` catches it like
any error; `tostring` of the caught value is the message.]],
      example = [[
tostring(select(2, pcall(parley.usage_error, "top: N must be a whole number")))  --> "top: N must be a whole number"]],
    },
    {
      name = "parley.dir",
      signature = "parley.dir(path) -> names | nil, message",
      summary = "sorted file names in a directory (no dotfiles), or `nil, message`",
      example = [[
parley.dir(parley.home .. "/data/corpus")  --> { "000_d5ffbcd1c9841335.txt" }]],
    },
    {
      name = "parley.file_kind",
      signature = "parley.file_kind(path) -> kind | nil, message",
      summary = "what is at path, without following a last symbolic link: `\"file\"`, `\"directory\"`, `\"link\"`, `\"fifo\"`, `\"device\"` or `\"socket\"`; `nil, message` when nothing is. A report's `-o` replaces only a regular file (atomically) and writes into anything else (`/dev/stdout`, a pipe)",
      example = [[
parley.file_kind(parley.home .. "/data/corpus")  --> "directory"
parley.file_kind("no/such/file")                 --> nil, "no/such/file: No such file or directory"]],
    },
    {
      name = "parley.isatty",
      signature = 'parley.isatty("stdout") -> boolean',
      summary = "whether the stream (`\"stdin\"`, `\"stdout\"`, `\"stderr\"`) is a terminal",
      example = [[
if parley.isatty("stdout") then print("on a terminal") end]],
    },
    {
      name = "parley.version", kind = "value",
      signature = "parley.version, parley.home",
      summary = "the engine version; where `stdlib/`, `scripts/`, `data/` are",
    },
    {
      name = "parley.null", kind = "value",
      signature = "parley.null",
      summary = "the value SQL NULL and JSON null become",
    },
    {
      name = "parley.text", kind = "value",
      signature = "parley.text, parley.json, parley.re, parley.match",
      summary = "the C modules below",
    },
    {
      name = "parley.NAME", kind = "value",
      signature = "parley.NAME",
      summary = "any stdlib module `parley.NAME`, loaded on first use (`parley.meta`, `parley.pretty`, " ..
        "`parley.tabulate`, `parley.help`)",
    },
  },
}
