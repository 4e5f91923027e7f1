-- help/match.lua: help entries for parley.match (see parley/help.lua for the format).
return {
  order = 54,
  title = "parley.match",
  module = "parley.match",
  intro = [==[
Gazetteers (lists of names) and token rules, both run with `doc:match(m)`
(or `m:match(doc_or_span)`, which looks only at the tokens of a Span). A
match is a Span with fields saying what produced it. Writing rules, with
examples: `docs/rules.md`.]==],
  notes = [==[
**Gazetteers** match on the token keys of `text.fold`: an alias and the text
are both cut into tokens by the news tokenizer, so case, apostrophe and
quote styles and accents (combining marks) don't matter, while letters of
their own do: "Azərbaycan" and "Azerbaycan" are different words (list
both), as are й and и. A possessive matches without its clitic —
"Armenia’s" and "ARMENIA'S" match the alias "Armenia", and the Span covers
"Armenia". Inflected forms are other words: "Փաշինյանը" and "Пашиняна"
need their own aliases. Aliases are stored in a trie over interned token
keys (C), so a 100,000-alias gazetteer matches at about 100 MB/s of text
once tokens are made.

Several entries may share one alias (the same key sequence): "Georgia" the
country and the US state. A match then reports the first entry added in
`label`, `id`, `alias` and `attrs`, and all of them in `entries`. An entry
equal to an earlier one (same key sequence, label and id) is not added
again, so "Armenia" and "ARMENIA" with one id make one entry.

Gazetteer files (`file=` or `g:load(path)`): tab-separated (any name) or,
when the name ends in `.csv`, comma-separated with RFC 4180 quoting. The
first row names the columns: `alias` (required), `label`, `id`; every other
column becomes an attribute of the match (empty cells are left out). One
alias per row; blank lines and lines starting with `#` are skipped; a UTF-8
byte order mark and CRLF line ends are fine. A relative path that does not
exist is looked up as `data/…` on the data path (`PARLEY_PATH`, then the
parley home), so `match.phrases{file = "data/gazetteers/actors.tsv"}` works
from anywhere.

| Gazetteer | |
|---|---|
| `g:add(entry)` | adds an entry (as in `match.phrases`); returns how many entries were new |
| `g:load(path)` | loads a file; returns how many entries were new, or `nil, "FILE:LINE: message"` |
| `g:match(doc_or_span)` | the matches, as `doc:match(g)` |
| `#g`, `g.size`, `g.words`, `g.name`, `g.label`, `g.overlap` | entries; distinct token keys; options |

**Token specs** are tables of tests on one token, all of which must pass,
and an optional `op`: `"?"` (0 or 1), `"*"` (0 or more), `"+"` (1 or
more); greedy, and a rule's longest match from each start is the one kept.
`{}` is any token. A value may be an array, meaning any of them. A
misspelt attribute or option is an error.

| test | passes when |
|---|---|
| `text=`, `lower=`, `norm=`, `kind=`, `shape=`, `base=`, `suffix=` | the token field equals the value (or one of the array's values). `lower=` values are lower-cased and `norm=` values folded first, so `{lower="Minister"}` works |
| `is_title=`, `is_upper=`, `is_hyphenated=`, `is_possessive=`, `is_abbreviation=`, `space_after=` | the flag is the boolean given |
| `index=`, `sentence=` | the token's (1-based) position or sentence is the integer given |
| `re=` | the regex (a pattern string or a `parley.re` Regex, for flags) finds a match in the token's text: `{re="^\\p{Lu}"}` |
| `ent=`, `ent_id=` | a match of the matcher's `uses=` covers the token with that label / id; `true`: any, `false`: none |
| `fn=` | `fn(token)` returns a true value; called at most once per token and spec in a `doc:match` |

Matches of token rules have the fields `rule` (its name) and `label`.
They may cross sentence boundaries; `m:match(sentence)` keeps a rule inside
one. `lower` is the root-locale lower case, so "İlham" lowers to "i̇lham":
test Azerbaijani and Turkish names with `norm=`.
Matching never backtracks: the rule runs as a Thompson NFA over all start
positions at once, with each token tested at most once per spec; a rule of
at most 63 specs.

**Overlaps** are settled by the matcher's `overlap=` policy, across all
its rules and labels:

| `overlap=` | keeps |
|---|---|
| `"longest"` (default) | longest first: the match with the most tokens wins, ties go to the earlier start, then to the earlier rule; any match overlapping a kept one is dropped |
| `"all"` | every match, including every length `+` and `*` allow from each start, and aliases inside longer aliases |
| `"first"` | first rule wins: the matches of the rule listed first are kept first (earlier start, then longer, among themselves), then the next rule's where they don't overlap, and so on |

A gazetteer ranks as one rule (the order its entries were added in decides
only which entry a match reports). Within a `match.set`, only the set's
policy applies. The result is always
in text order: by first token, then longer first, then rule order.

**Explanations** (`match.explain`) are arrays with one table per rule
(`ex[1]`), and `ex.matched` (whether any matched). For a token rule: `rule`,
`kind = "tokens"`, `matched`, `match` (the Span), `start` (the token where
the attempt shown began: the first start that matches, else the one that
got furthest), `reason`, and `steps`: for each token, `token`, `index` and
`specs`, the specs that were waiting for it, each with `spec`, `desc` (as
written), `ok` and `checks` (`attr`, `want`, `got`, `ok` for every test).
For a gazetteer: `kind = "phrases"`, `matches`, and per token its `key` and
whether it is `known` (a word of some alias).

```
> match.explain(m, doc:sentences()[8])
rule "minister": matched tokens 187-190 "Foreign Minister Jeyhun Bayramov"
  token 187 "Foreign"
    spec 1 {lower="foreign"}: pass (lower = "foreign")
  ...
  token 191 "told"
    spec 3 {is_title=true, op="+"}: fail (is_title = false, want true)
```]==],
  entries = {
    {
      name = "parley.match.phrases",
      signature = "match.phrases{entry..., name=, label=, overlap=, file=} -> Gazetteer",
      summary = "a Gazetteer. An entry is an alias string, or `{alias, alias..., label=, id=, key=value...}`: " ..
        "several aliases of one entity, its label and id; other keys become the match's `attrs`. `label=` " ..
        "is the default label, `name=` the matches' `rule` (default `\"phrases\"`). `file=` loads a " ..
        "gazetteer file; a file that cannot be read or parsed gives `nil, \"FILE:LINE: message\"`",
      example = [==[
local g = parley.match.phrases{ "Armenia", "Azerbaijan", label = "GPE" }
#g  --> 2
corpus:get(1):match(g)[1].text  --> "Azerbaijan"]==],
    },
    {
      name = "parley.match.tokens",
      signature = "match.tokens{spec..., name=, label=, overlap=, uses=} -> Matcher",
      summary = "a Matcher with one rule: the token specs in order. `match.tokens{ {spec..., name=, label=}, " ..
        "..., overlap=, uses=}` makes one with several rules. `name` defaults to the label, else `ruleN`; " ..
        "`label` to the name. `uses=` is a Gazetteer or Matcher (or an array of them) whose labels `ent=` tests",
      example = [==[
parley.match.tokens{ { is_title = true, op = "+" }, label = "NAME" }  --> <Matcher "NAME": 1 rule>]==],
    },
    {
      name = "parley.match.set",
      signature = "match.set{m_or_rule..., name=, overlap=} -> Matcher",
      summary = "a Matcher of the rules and gazetteers of the Matchers, Gazetteers and rule tables given, " ..
        "ranked in that order (for `overlap=\"first\"`)",
    },
    {
      name = "parley.match.explain",
      signature = "match.explain(m, span_or_doc) -> explanation",
      summary = "why each rule of `m` (a Matcher, a Gazetteer, or a rule table) did or did not match, token " ..
        "by token; `tostring()` renders it and the REPL prints that",
    },
    {
      name = "Gazetteer:add",
      signature = "g:add(entry) -> n",
      summary = "adds an entry (as in `match.phrases`); returns how many entries were new",
    },
    {
      name = "Gazetteer:load",
      signature = "g:load(path) -> n | nil, message",
      summary = "loads a file; returns how many entries were new, or `nil, \"FILE:LINE: message\"`",
    },
    {
      name = "Gazetteer:match",
      signature = "g:match(doc_or_span) -> array of Spans",
      summary = "the matches, as `doc:match(g)`; `#g`, `g.size`, `g.words`, `g.name`, `g.label`, " ..
        "`g.overlap`: entries; distinct token keys; options",
    },
    {
      name = "Matcher:match",
      signature = "m:match(doc_or_span) -> array of Spans",
      summary = "the matches, as `doc:match(m)`, looking only at the tokens of a Span",
    },
  },
}
