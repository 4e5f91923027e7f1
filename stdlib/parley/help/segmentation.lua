-- help/segmentation.lua: paragraphs, sentences and tokens of a Doc (see parley/help.lua for the format).
return {
  order = 45,
  title = "Segmentation",
  intro = [[
`doc:paragraphs()`, `doc:sentences()` and `doc:tokens()` are computed once
per Doc (in C, 16 bytes per token) and returned as **lists**: `#list`,
`list[i]` (a Span made when asked for), `ipairs(list)`, `list:texts()` (all
texts as strings), `tostring(list)` = `<643 tokens>`. Sentences and
paragraphs exclude surrounding whitespace.

For speed over many documents, read fields as arrays: `list:column("norm")`
is every element's `norm` (any token field, or `text`, `start`, `stop`,
`index` of any list) without making a Span per token — 4 to 15 times faster
than `list[i].norm` in a loop; `list:column("norm", {"word", "number"})` keeps
only the tokens of those kinds (`"all"`: every kind); `list:bounds()` is the first and last Doc
index of its elements, so `s.tokens:bounds()` says which entries of
`doc:tokens():column(...)` are sentence s. `require("parley.columns").of(doc)`
keeps such columns for a Doc, made once and shared by the extractors.]],
  notes = [[
Token fields:

| field | meaning |
|---|---|
| `text`, `start`, `stop`, `index`, `sentence` | as for any Span; `sentence` is the 1-based sentence index |
| `kind` | `"word"`, `"number"`, `"punct"`, `"symbol"`, `"emoji"` (a whole ZWJ sequence or flag), `"url"`, `"email"`, `"handle"` (@name), `"hashtag"` |
| `norm` | `text.fold` of the token: case, marks, apostrophe and quote styles don't matter |
| `lower` | lower case (root locale) |
| `shape` | `Xxxx`, `dd-dd`, `X.X.`: X upper, x lower, d digit, runs cut at 4 |
| `is_title`, `is_upper` | title case / all capitals |
| `is_hyphenated`, `parts` | one token for "decades-long"; `parts` = `{"decades", "long"}` |
| `is_possessive`, `base`, `suffix` | "Armenia’s": base "Armenia", suffix "’s" (either apostrophe; plural "countries’" too) |
| `is_abbreviation` | a known abbreviation with its period ("Dr.", "U.S.", "т.е.") |
| `space_after` | whitespace follows |

The sentence splitter goes beyond Unicode's UAX #29, which breaks after every
abbreviation: it knows abbreviations by kind (from `data/abbrev/*.txt`:
`title` never ends a sentence — "Dr. Smith"; `number` comes before a number
— "No. 5"; `any` ends one only when a new sentence clearly starts — "in the
U.S. The talks"), initials, decimals and amounts, quotes followed by their
attribution (`“... ready,” he said.` is one sentence), list items, headings
and lines without final punctuation, hard-wrapped newswire (a single newline
inside a sentence is not a boundary; a blank line is), the Armenian full stop
։ and the ASCII colon used as one, and Russian abbreviations. Add your own
abbreviations to a file in `data/abbrev/` (one per line: `Amb.<TAB>title`),
in a `data/abbrev/` directory on `PARLEY_PATH`, or from a script with
`require("parley.abbrev").add("Amb.", "title")` before the first document is
segmented.]],
}
