---@meta
-- types/corpus.lua: language-server stubs for the Corpus userdata (engine/lua_corpus.c).

---A corpus: one SQLite file of documents, with full-text search. Closed by `c:close()`,
---by `<close>` or when collected; a closed corpus raises "attempt to use a closed corpus".
---@class parley.Corpus
---@field path string the database file (":memory:" for the bundled corpus)
---@field readonly boolean
---@field closed boolean
local Corpus = {}

---Add one document.
---@param text string
---@param fields? parley.DocFields
---@return integer|nil id
---@return boolean|string added false when the same text was already stored; the message on failure
function Corpus:add(text, fields) end

---@class parley.IngestOptions
---@field repair? boolean
---@field skip_bad? boolean
---@field jsonl? boolean
---@field date? string
---@field source? string
---@field title? string

---@class parley.IngestStats
---@field files integer
---@field added integer
---@field duplicates integer
---@field refused integer
---@field replaced integer
---@field bytes integer

---Ingest files or directories (recursively), in one transaction.
---@param paths string|string[]
---@param opts? parley.IngestOptions
---@return parley.IngestStats|nil stats
---@return string? message
function Corpus:ingest(paths, opts) end

---@class parley.DocsFilter
---@field since? string ISO date prefix, inclusive
---@field until? string ISO date prefix, inclusive ("2025-03" includes March)
---@field source? string
---@field lang? string
---@field not_source? string every document whose source is not this one (those without a source too)
---@field not_lang? string
---@field limit? integer

---Iterate over documents in id order: `for doc in c:docs{since = "2025-03"} do ... end`.
---@param filter? parley.DocsFilter
---@return fun(): parley.Doc?
function Corpus:docs(filter) end

---@param id integer
---@return parley.Doc|nil
function Corpus:get(id) end

---@return integer
function Corpus:count() end

---@class parley.SearchOptions
---@field limit? integer default 20
---@field before? string marks the start of a hit in snippets, default "["
---@field after? string default "]"
---@field tokens? integer snippet length in tokens, default 12

---@class parley.SearchHit
---@field id integer
---@field title? string
---@field date? string
---@field source? string
---@field rank number bm25: lower is better
---@field snippet? string

---FTS5 full-text search, best first.
---@param query string FTS5 syntax: words, "phrases", prefix*, NEAR(a b, 5), AND/OR/NOT
---@param opts? parley.SearchOptions
---@return parley.SearchHit[]|nil hits
---@return string? message invalid FTS5 syntax
function Corpus:search(query, opts) end

---@class parley.SqlRows: table<integer, table<string, any>>
---@field columns string[] the column names in order
---@field changes integer rows changed by an INSERT, UPDATE or DELETE

---Run SQL; values bind to `?` parameters. NULL is `parley.null`. Raises on SQL errors.
---@param query string
---@param ... any
---@return parley.SqlRows
function Corpus:sql(query, ...) end

---Close (idempotent).
function Corpus:close() end

-- ---- annotations (engine/lua_annot.c) ----

---Write the Doc's annotations (`doc:annotate`) under this script's run.
---@param doc parley.Doc
---@return integer|nil written
---@return string? message
function Corpus:save(doc) end

---@class parley.SavedAnnotation
---@field id integer
---@field doc integer
---@field label string
---@field start integer
---@field stop integer
---@field text string
---@field attrs table|nil
---@field rule string|nil
---@field run integer|nil
---@field script string|nil

---The saved annotations, in document and position order.
---@param filter? {label?: string, doc?: integer|parley.Doc, run?: integer, script?: string, history?: boolean}
---@return parley.SavedAnnotation[]
function Corpus:annotations(filter) end

---Where annotation `id` came from: document, sentence, rule, attributes, script and run.
---@param id integer
---@return table|nil
function Corpus:why(id) end

---The matching document ids in id order, without reading any text (the filters of `docs`).
---@param filter? parley.DocsFilter
---@return integer[]
function Corpus:ids(filter) end
