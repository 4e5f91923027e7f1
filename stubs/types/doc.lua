---@meta
-- types/doc.lua: language-server stubs for Doc, Span and SpanList (engine/lua_doc.c, lua_tokens.c, lua_re.c).

---A document: its text (NFC, LF newlines) and metadata. `#doc` is the byte length.
---@class parley.Doc
---@field id integer|nil nil when not stored
---@field text string
---@field title string|nil
---@field date string|nil
---@field source string|nil
---@field lang string|nil
---@field origin string|nil the file it came from, "-" for stdin, "FILE:LINE" for JSONL
---@field meta table|nil
---@field bytes integer
---@field chars integer code points
---@field lines integer
---@operator len: integer
local Doc = {}

---A Span over bytes i..j (`string.sub` rules, negatives count from the end);
---raises when an end would split a character.
---@param i integer
---@param j? integer
---@return parley.Span
function Doc:span(i, j) end

---The tokens of the news segmenter (words, numbers, punctuation, emoji, URLs ...).
---@return parley.SpanList
function Doc:tokens() end

---@return parley.SpanList
function Doc:sentences() end

---@return parley.SpanList
function Doc:paragraphs() end

---Every match of a regex (see `parley.re`), in `re.gmatch` order.
---@param pattern string|parley.Regex
---@param flags? string "i", "m", "s", "x"
---@return parley.Span[] matches each with `captures`
function Doc:find(pattern, flags) end

---A view (doc, start, stop) into its Doc, which it keeps alive. `tostring(span)` is its text,
---`#span` its byte length. Token spans have the token fields too.
---@class parley.Span
---@field start integer byte, 1-based
---@field stop integer byte, 1-based inclusive
---@field text string
---@field doc parley.Doc
---@field line integer 1-based
---@field col integer 1-based, in code points
---@field char_start integer code point, 1-based
---@field char_stop integer code point, 1-based inclusive
---@field captures table<integer|string, parley.Span|false>|nil on spans from `doc:find`
---@field index integer|nil position in its list (tokens, sentences, paragraphs), 1-based
---@field tokens parley.SpanList|nil the tokens of a sentence or paragraph
---@field sentence integer|nil the sentence a token (or sentence) is in, 1-based
---@field kind "word"|"number"|"punct"|"symbol"|"emoji"|"url"|"email"|"handle"|"hashtag"|nil tokens only
---@field norm string|nil tokens: `text.fold` of the text
---@field lower string|nil tokens: lower case
---@field shape string|nil tokens: "Xxxx", "dd", ...
---@field is_title boolean|nil
---@field is_upper boolean|nil
---@field base string|nil tokens: without a possessive suffix
---@field suffix string|nil tokens: the possessive suffix ("'s"), or ""
---@field parts string[]|nil tokens: the parts of a hyphenated word
---@field is_hyphenated boolean|nil
---@field is_possessive boolean|nil
---@field is_abbreviation boolean|nil
---@field space_after boolean|nil
---@operator len: integer
local Span = {}

---The bytes (1-based, inclusive) in the original file this span came from, across BOM
---removal, UTF-16 transcoding, CRLF, NFC recomposition, U+FFFD repair and a cut prefix.
---@return integer first
---@return integer last
function Span:source_range() end

---A lazy list of Spans: `list[i]`, `#list`.
---@class parley.SpanList
---@field [integer] parley.Span
---@operator len: integer
local SpanList = {}

---The spans' texts as an array of strings.
---@return string[]
function SpanList:texts() end

---One field of every element as an array ("norm", "kind", "start", any token field), without making Spans;
---with kinds (token lists only), only the tokens of those kinds ({"word", "number"}, or "all").
---@param field string
---@param kinds? string[]|"all"
---@return any[]
function SpanList:column(field, kinds) end

---The elements' indices in the Doc: first, last (last < first when the list is empty).
---@return integer first
---@return integer last
function SpanList:bounds() end

-- ---- annotations (engine/lua_annot.c) ----

---@class parley.Annotation
---@field label string
---@field span parley.Span
---@field start integer byte, 1-based
---@field stop integer byte, 1-based inclusive
---@field attrs table|nil
---@field rule string|nil
---@field id integer|nil set once saved by `corpus:save`

---Record an annotation in memory (saved by `corpus:save(doc)` or `parley run --save`).
---@param label string
---@param span parley.Span|{[1]: integer, [2]: integer} a Span of this Doc, or {start, stop} bytes
---@param attrs? table
---@return parley.Annotation
function Doc:annotate(label, span, attrs) end

---The Doc's annotations in the order they were made (only `label`'s when given).
---@param label? string
---@return parley.Annotation[]
function Doc:annotations(label) end

-- ---- matching and counting (engine/lua_match.c, the stats bindings) ----

---One Span per match of a Gazetteer or Matcher, in text order.
---@param m parley.Gazetteer|parley.Matcher
---@return parley.Span[]
function Doc:match(m) end

---@class parley.TermOptions
---@field by? "norm"|"lower"|"text" what a term is (default "norm")
---@field kinds? table<string, boolean> token kinds counted (default words and numbers)
---@field stop? table<string, boolean> folded words n-grams may not start or end with

---Add 1 to counts[term] for each counted token.
---@param counts table<string, integer>
---@param opts? parley.TermOptions
---@return table<string, integer> counts
---@return integer n tokens counted
function Doc:count_terms(counts, opts) end

---Add 1 to counts["w1 w2 ... wn"] for every n consecutive terms of a run.
---@param counts table<string, integer>
---@param n integer
---@param opts? parley.TermOptions
---@return table<string, integer> counts
---@return integer total
function Doc:count_ngrams(counts, n, opts) end

---Add 1 to pairs[a][b] for each term b at most `window` terms after a in a run.
---@param pairs table<string, table<string, integer>>
---@param window integer
---@param opts? parley.TermOptions
---@return table<string, table<string, integer>> pairs
---@return integer n
function Doc:count_pairs(pairs, window, opts) end

---The terms of the counted tokens in order, `false` where a run breaks.
---@param opts? parley.TermOptions
---@return (string|false)[]
function Doc:terms(opts) end

---Token indexes where consecutive tokens match `words` (a word ending in `*` is a prefix).
---@param words string[]
---@param opts? {by?: string}
---@return integer[]
function Doc:find_tokens(words, opts) end

---Indexes of the tokens whose term is one of `terms` (a term ending in `*` is a prefix).
---@param terms string[]
---@param opts? {by?: string, kinds?: string[]|string}
---@return integer[]
function Doc:find_terms(terms, opts) end

---@param i integer token index
---@return integer start byte
---@return integer stop byte, inclusive
---@return string kind
---@return integer sentence 1-based
function Doc:token_info(i) end

---The index of the token holding `byte`, or of the next one (`#doc:tokens() + 1` if none).
---@param byte integer
---@return integer
function Doc:token_at(byte) end

---Up to `left`/`right` words around bytes start..stop, nearest first, and the texts.
---@param start integer
---@param stop integer
---@param left integer
---@param right integer
---@return string[] lwords
---@return string[] rwords
---@return string ltext
---@return string rtext
function Doc:context(start, stop, left, right) end
