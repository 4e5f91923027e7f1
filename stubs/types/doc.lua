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
