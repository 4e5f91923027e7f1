-- wordcount: the most frequent words (token norms) of the corpus, a map/reduce script for --jobs and --stream
--
-- Usage: parley run [--jobs N] wordcount [TOP]            (TOP: how many words, default 20)
--        parley run --stream wordcount < docs.jsonl > counts.jsonl
--        parley reduce wordcount [TOP] < counts.jsonl
--
-- The chunk runs once in every Lua state of the run (one per thread), so it
-- only defines things; the work happens in map, fold and output.
local top = math.tointeger(tonumber(arg and arg[1] or "20"))
if not top or top < 1 then
  parley.usage_error("wordcount: TOP must be a positive whole number, not " .. tostring(arg[1]))
end

-- map: one document's word counts, keyed by norm (case-folded), words only.
local function map(doc)
  local counts = {}
  for _, token in ipairs(doc:tokens()) do
    if token.kind == "word" then
      local norm = token.norm
      counts[norm] = (counts[norm] or 0) + 1
    end
  end
  return counts
end

-- fold: each document's counts (in document order) added to the total as it
-- comes, so a run holds the vocabulary, never every document's counts.
local function fold(acc, counts)
  local total = acc.words
  for word, n in pairs(counts) do
    total[word] = (total[word] or 0) + n
  end
  acc.documents = acc.documents + 1
end

local function init()
  return { words = {}, documents = 0 }
end

-- output: the TOP words, most frequent first; ties in byte order, so the report is stable.
local function output(final)
  local words, tokens = {}, 0
  for word, n in pairs(final.words) do
    words[#words + 1] = word
    tokens = tokens + n
  end
  table.sort(words, function(a, b)
    local na, nb = final.words[a], final.words[b]
    if na ~= nb then return na > nb end
    return a < b
  end)
  print(string.format("%d documents, %d words, %d distinct", final.documents, tokens, #words))
  for i = 1, math.min(top, #words) do
    print(string.format("%8d  %s", final.words[words[i]], words[i]))
  end
end

return { map = map, init = init, fold = fold, output = output }
