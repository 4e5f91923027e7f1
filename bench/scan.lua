-- scan.lua: a plain script over the whole corpus, for the memory of `parley run` on a large corpus.
--
--   parley --db big.db run bench/scan.lua
--
-- Every document is read from the store and split into sentences, as most
-- scripts begin; only running totals are kept, so the peak RSS is what
-- reading a corpus document by document costs, whatever its size. (A
-- map/reduce script holds every result until reduce: see docs/scale.md.)
local corpus = assert(parley.open())

local docs, bytes, sentences, longest = 0, 0, 0, 0
for doc in corpus:docs() do
  local text = doc.text
  docs, bytes = docs + 1, bytes + #text
  for _, sentence in ipairs(doc:sentences()) do
    sentences = sentences + 1
    local len = sentence.stop - sentence.start + 1
    if len > longest then longest = len end
  end
end
print(string.format("documents=%d bytes=%d sentences=%d longest_sentence=%d", docs, bytes, sentences, longest))
