-- help/re.lua: help entries for parley.re (see parley/help.lua for the format).
return {
  order = 52,
  title = "parley.re",
  module = "parley.re",
  intro = [[
Regular expressions in PCRE2 syntax, compiled for UTF-8 with Unicode
properties: `\w`, `\d`, `\s`, `\b` and POSIX classes know every script
(`\b\w+\b` finds "Azərbaycan", "Երևանում", "договор"), and `\p{L}`, `\p{Lu}`,
`\p{Armenian}`, `\p{Cyrillic}` work. `flags` is a string of `i` (caseless),
`m` (`^`/`$` at line ends), `s` (`.` matches a newline), `x` (spaces and
`#` comments in the pattern are ignored). `p` is a pattern string or a
Regex (then no flags). Positions are bytes, 1-based and inclusive, as
`string.find`'s, so `s:sub(start, stop)` is the match. `init` follows
`string.find` (negative counts from the end) and may not point inside a
character. `^` is the start of the subject, not of `init`; `\G` anchors at
`init`, and lookbehind sees the bytes before it.

Captures: a group that did not take part is `false`. When the pattern has
named groups (`(?<year>\d{4})`), the results end with one more value, a
table name → capture; named groups are numbered too.]],
  notes = [[
A Regex has the methods `rx:find(s [, init])`, `rx:match(s [, init])`,
`rx:gmatch(s [, init])`, `rx:gsub(s, repl [, n])`, `rx:split(s [, max])`
and the fields `pattern`, `flags` (canonical order, `"ix"`), `groups` (how
many), `names` (the group names in group order), `jit`.

Rules and limits:

- **Empty matches** follow Lua 5.4: a match may not be empty where the
  previous one ended, and the search then moves on by a whole character.
  `re.gsub("аб", "", "-")` is `"-а-б-"`; no result ever splits a character.
- **Caseless** (`i`) uses Unicode simple case folding: `ЕРЕВАН` matches
  `ереван`, `ՀԱՅ` matches `հայ`, `ſ` matches `s`. It does not use Turkic
  rules or multi-character folds: `İ` (U+0130) matches neither `i` nor
  `İ`'s lowercase, `ı` does not match `I`, `ß` does not match `ss`. For
  Azerbaijani or Turkish names, match on `text.lower(s, "az")` or
  `text.fold(s)` of both sides. `\p{Lu}` is not made caseless by `i`.
- **Invalid UTF-8** in a subject raises `re.find: subject is not valid UTF-8
  at byte N` (`text.repair` fixes it first). Each long subject is checked
  once, not on every call. Document text is always valid.
- **Bad patterns** raise with PCRE2's message and the byte offset where it
  found the mistake: `re.compile: missing closing parenthesis at offset 3 in
  pattern "(ab"`. `\C` (one byte of a character) is refused.
- **Runaway patterns** stop with an error instead of hanging: `re.find:
  match limit exceeded for pattern "(a+)+$" (catastrophic backtracking?)`.
  The limits are per call: 10,000,000 backtracking steps (PCRE2's default),
  256 MB of backtracking memory, a 64 MB JIT stack.
- **Cache**: patterns given as strings are compiled once per pattern and
  flags and kept in a cache of two generations of 256; patterns in use stay,
  others are dropped. `re.compile` in a loop costs a table lookup.]],
  entries = {
    {
      name = "parley.re.compile",
      signature = "re.compile(p [, flags]) -> Regex",
      summary = "a Regex. The same pattern and flags give the same Regex while it is cached",
      example = [[
parley.re.compile("x+", "xi").flags  --> "ix"]],
    },
    {
      name = "parley.re.find",
      signature = "re.find(s, p [, init [, flags]]) -> start, stop, captures... | nil",
      summary = "`start, stop, captures...`, or nil",
      example = [[
parley.re.find("Baku 2025", "\\d+")  --> 6, 9]],
    },
    {
      name = "parley.re.match",
      signature = "re.match(s, p [, init [, flags]]) -> captures... | nil",
      summary = "the captures (the whole match when there are no groups), or nil",
      example = [[
parley.re.match("2025-03-13", "(\\d+)-(\\d+)")  --> "2025", "03"]],
    },
    {
      name = "parley.re.gmatch",
      signature = "re.gmatch(s, p [, init [, flags]]) -> iterator",
      summary = "an iterator over the matches, each giving what `re.match` would",
      example = [[
for year in parley.re.gmatch("2020, 2023", "\\d{4}") do print(year) end]],
    },
    {
      name = "parley.re.gsub",
      signature = "re.gsub(s, p, repl [, n [, flags]]) -> string, count",
      summary = "`string, count`. `repl` is a string where `$0` is the match, `$1`..`$9` and `${12}` " ..
        "groups, `${name}` a named group, `$$` a dollar sign (`%` is literal; `$10` is `$1` then `0`); " ..
        "a table indexed by the first capture (or the match); or a function called with the captures " ..
        "(the match when none, the names table last). `false`/`nil` from a table or function keeps the match",
      example = [[
parley.re.gsub("a-b-c", "-", "+")  --> "a+b+c", 2
parley.re.gsub("аб", "", "-")  --> "-а-б-", 3]],
    },
    {
      name = "parley.re.split",
      signature = "re.split(s, p [, max [, flags]]) -> array",
      summary = "the pieces between matches as an array: `re.split(\"a,b,\", \",\")` is `{\"a\", \"b\", \"\"}`; " ..
        "at most `max` pieces, the last being the rest; groups in `p` are not returned",
      example = [[
parley.re.split("a,b,", ",")  --> { "a", "b", "" }]],
    },
    {
      name = "parley.re.escape",
      signature = "re.escape(s) -> string",
      summary = "`s` with every ASCII character but letters, digits and `_` backslash-escaped: a pattern " ..
        "matching `s` literally",
      example = [[
parley.re.escape("a.b*c")  --> "a\\.b\\*c"]],
    },
    {
      name = "parley.re.jit", kind = "value",
      signature = "re.jit",
      summary = "whether patterns compiled from now on use PCRE2's JIT (true where available; set false " ..
        "to compare)",
    },
    { name = "Regex:find", signature = "rx:find(s [, init])", summary = "as `re.find` with this Regex" },
    { name = "Regex:match", signature = "rx:match(s [, init])", summary = "as `re.match` with this Regex" },
    { name = "Regex:gmatch", signature = "rx:gmatch(s [, init])", summary = "as `re.gmatch` with this Regex" },
    { name = "Regex:gsub", signature = "rx:gsub(s, repl [, n])", summary = "as `re.gsub` with this Regex" },
    { name = "Regex:split", signature = "rx:split(s [, max])", summary = "as `re.split` with this Regex" },
  },
}
