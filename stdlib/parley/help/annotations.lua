-- help/annotations.lua: how annotations are kept and saved (see parley/help.lua for the format).
return {
  order = 32,
  title = "Annotations and runs",
  intro = [[
An annotation is a labelled span a script found: `doc:annotate` keeps it on
the Doc; `c:save(doc)` writes the Doc's annotations to the corpus (tables
`annotations`, `runs`, `run_docs`; see docs/schema.md).]],
  notes = [==[
```lua
local corpus = assert(parley.open())
for doc in corpus:docs() do
  for _, m in ipairs(doc:find([[\b(?:Aliyev|Pashinyan)\b]])) do
    doc:annotate("PERSON", m, { rule = "leaders" })
  end
  assert(corpus:save(doc))
end
```

- **Runs.** The first save on a Corpus handle makes a `runs` row: the script
  (a bundled script's name, or the real path of a script file; `"lua"` in
  `parley eval` and the REPL), its SHA-256, the engine version, its
  arguments as a JSON array, the start time. The run is finished
  (`finished_at`) when the script ends without an error, or when the Corpus
  is closed; a failed script leaves its run unfinished.
- **Re-running replaces.** Saving a document replaces what earlier runs of
  the *same script* saved for it (other scripts' annotations stay), in one
  transaction: a killed script leaves whole documents. The replaced rows are
  kept in `replaced_annotations`, with their ids, for `parley diff` and
  `parley why`. Saving a Doc with no annotations still records that the run
  looked at it (and removes the script's earlier results there). Saving the
  same Doc twice in one run just redoes it.
- **`parley run --save SCRIPT`** saves without `c:save`: every document the
  script reads with `c:docs()` or `c:get()` is saved once it reads the next
  one (or the loop ends), and the rest when the script ends. If the script
  fails, the documents it had moved past stay saved and the rest is not.
- Annotations are positions in the stored text (bytes, 1-based, inclusive,
  like Spans). `c:annotations()` and SQL read them back; SQLite's `substr`
  counts characters in text but bytes in a BLOB, so the span's text is
  `CAST(substr(CAST(d.text AS BLOB), a.start, a.stop - a.start + 1) AS TEXT)`
  in `... FROM annotations a JOIN documents d ON d.id = a.doc`.]==],
}
