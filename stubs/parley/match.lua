---@meta parley.match
-- parley/match.lua: language-server stubs for `parley.match`, Gazetteer and Matcher (engine/lua_match.c).
-- See docs/rules.md for token specs and overlap policies.

---@class parley.match
local match = {}

---A Gazetteer: aliases (strings, or {alias, alias..., label=, id=, key=value...}) matched on
---folded tokens. Options: name=, label=, overlap=, file= (TSV, or CSV when it ends in .csv).
---@param entries table
---@return parley.Gazetteer
function match.phrases(entries) end

---A Matcher of token specs (one rule), or of several rules `{ {spec..., name=, label=}, ... }`.
---@param spec table
---@return parley.Matcher
function match.tokens(spec) end

---A Matcher of the rules and gazetteers given, ranked in that order (for overlap = "first").
---@param parts table
---@return parley.Matcher
function match.set(parts) end

---Why each rule of `m` did or did not match, token by token; `tostring()` renders it.
---@param m parley.Matcher|parley.Gazetteer|table
---@param span_or_doc parley.Span|parley.Doc
---@return table
function match.explain(m, span_or_doc) end

---@class parley.Gazetteer
---@field size integer entries
---@field words integer distinct token keys
---@field name string|nil
---@field label string|nil
---@field overlap string|nil
---@operator len: integer
local Gazetteer = {}

---@param entry string|table
---@return integer new entries
function Gazetteer:add(entry) end

---@param path string
---@return integer|nil new entries
---@return string? message "FILE:LINE: message"
function Gazetteer:load(path) end

---@param doc_or_span parley.Doc|parley.Span
---@return parley.Span[]
function Gazetteer:match(doc_or_span) end

---@class parley.Matcher
local Matcher = {}

---@param doc_or_span parley.Doc|parley.Span
---@return parley.Span[]
function Matcher:match(doc_or_span) end

return match
