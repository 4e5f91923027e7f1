-- export_jsonl.lua: a corpus as JSON Lines, each line with its document's id, for
-- `parley run --stream` (bench/run.sh streams the briefing over parts of it).
--
--   parley --db CORPUS.db run bench/export_jsonl.lua > corpus.jsonl
--
-- The id makes a part of a split file name its documents as the corpus does, so
-- the streamed and reduced briefing is the corpus run's, byte for byte.
local corpus = assert(parley.open())
for doc in corpus:docs() do
  print(parley.json.encode{ id = doc.id, text = doc.text, title = doc.title, date = doc.date,
                            source = doc.source, lang = doc.lang })
end
