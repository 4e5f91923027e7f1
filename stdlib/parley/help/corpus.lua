-- help/corpus.lua: help entries for the Corpus userdata (see parley/help.lua for the format).
return {
  order = 20,
  title = "Corpus",
  type = "parley.Corpus",
  columns = { "method", "returns" },
  fields = {
    { "path", "the database file, `:memory:` for the bundled corpus" },
    { "readonly" },
    { "closed" },
  },
  entries = {
    {
      name = "Corpus:add",
      signature = "c:add(text [, fields]) -> id, added | nil, message",
      summary = "`id, added` (`added` is false when the same text was already stored), or `nil, message`",
      description = [[
fields as for parley.doc: title, date, source, lang, origin, repair=true,
anything else kept as meta. The same normalised text (by SHA-256) is one
document: adding it again returns its id and false.]],
      example = [[
corpus:add("Baku and Yerevan agreed.", { title = "Talks", date = "2025-03-14" })  --> 2, true
corpus:add("Baku and Yerevan agreed.")  --> 2, false]],
    },
    {
      name = "Corpus:ingest",
      signature = "c:ingest(path_or_paths [, opts]) -> stats | nil, message",
      summary = "`{files, added, duplicates, refused, replaced, bytes}`, or `nil, message`. opts: " ..
        "`repair`, `skip_bad`, `jsonl`, `date`, `source`, `title` — as on the command line",
      description = [[
Files, directories (recursively, in name order, dotfiles skipped), or a list
of them, in one transaction: without skip_bad the first bad input rolls all
of it back.]],
      example = [[
local stats = corpus:ingest(parley.home .. "/data/corpus")
stats.duplicates  --> 1]],
    },
    {
      name = "Corpus:docs",
      signature = "c:docs([{since=, until=, source=, lang=, not_source=, not_lang=, limit=}]) -> iterator",
      summary = "an iterator over Docs in id order. Dates compare as ISO prefixes: `until=\"2025-03\"` " ..
        "includes March. `not_source=\"X\"` is every document whose source is not X, those without a " ..
        "source included (the reference corpus for keyness)",
      description = [[
The ids are read first, so the corpus may be written while iterating.]],
      example = [[
for doc in corpus:docs{ since = "2025-03", limit = 10 } do
  print(doc.id, doc.date, doc.title)
end]],
    },
    {
      name = "Corpus:ids",
      signature = "c:ids([{since=, ..., limit=}]) -> array",
      summary = "an array of the matching document ids in id order, without reading any text (the same " ..
        "filters as `docs`)",
      example = [[
corpus:ids()  --> { 1 }]],
    },
    {
      name = "Corpus:get",
      signature = "c:get(id) -> Doc | nil",
      summary = "a Doc, or nil",
      example = [[
corpus:get(1).date  --> "2025-03-13"
corpus:get(999)  --> nil]],
    },
    {
      name = "Corpus:count",
      signature = "c:count() -> integer",
      summary = "the number of documents",
      example = [[
corpus:count()  --> 1]],
    },
    {
      name = "Corpus:search",
      signature = 'c:search(query [, {limit=20, before="[", after="]", tokens=12}]) -> hits | nil, message',
      summary = "hits `{id, title, date, source, rank, snippet}`, best first (bm25), or `nil, message` " ..
        "for invalid FTS5 syntax",
      description = [[
The query is SQLite FTS5 syntax: words, "exact phrases", prefix*,
NEAR(a b, 5), AND / OR / NOT, column filters (title: peace). Matching
ignores case and diacritics. The snippet marks matches with before/after
and shows about `tokens` words around them.]],
      example = [[
local hits = corpus:search("treaty", { limit = 5 })
hits[1].id  --> 1
corpus:search("AND")  --> nil, "corpus.search: fts5: syntax error near \"AND\""]],
    },
    {
      name = "Corpus:sql",
      signature = "c:sql(query, ...) -> rows",
      summary = "rows (tables keyed by column name) with `rows.columns` and `rows.changes`; values bind to `?`",
      description = [[
Values are bound as parameters, never spliced into the SQL; NULL comes back
as parley.null. Invalid SQL raises. The tables are described in
docs/schema.md.]],
      example = [[
local rows = corpus:sql("SELECT id, date FROM documents WHERE date >= ?", "2025-01-01")
rows[1].date  --> "2025-03-13"
rows.columns  --> { "id", "date" }]],
    },
    {
      name = "Corpus:save",
      signature = "c:save(doc) -> n | nil, message",
      summary = "writes the Doc's annotations (`doc:annotate`) under this script's run: the number " ..
        "written, or `nil, message` (a read-only corpus, a Doc whose text is not this corpus's " ..
        "document). Raises for a Doc that is not stored. See \"Annotations and runs\"",
    },
    {
      name = "Corpus:annotations",
      signature = "c:annotations([{label=, doc=, run=, script=, history=}]) -> array",
      summary = "the saved annotations `{id, doc, label, start, stop, text, attrs, rule, run, script}` in " ..
        "document and position order. `doc` is an id or a Doc; `script` is the name stored in `runs` " ..
        "or just its file name (`\"quotes.lua\"`). `history=true` adds those later runs replaced, with " ..
        "`replaced_by`",
    },
    {
      name = "Corpus:why",
      signature = "c:why(id) -> table | nil",
      summary = "where annotation `id` came from: `{id, label, start, stop, text, attrs, rule, " ..
        "replaced_by, doc = {id, title, date, source}, sentence = {start, stop, text}, run = {id, " ..
        "script, script_hash, engine_version, args, started_at, finished_at}}`, or nil. `sentence` is " ..
        "the sentence (or sentences) the span is in",
    },
    {
      name = "Corpus:close",
      signature = "c:close()",
      summary = "closes (idempotent); later use raises \"attempt to use a closed corpus\"",
      description = [[
Also called by the garbage collector and at the end of a `<close>` variable's scope.]],
      example = [[
do
  local c <close> = assert(parley.open())
  print(c:count())
end   -- closed here]],
    },
  },
}
