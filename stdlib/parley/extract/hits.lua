-- hits.lua: where a lexicon's words occur in a Doc, found in C by a Gazetteer, so that
-- an extractor reads only those tokens instead of every token of every sentence.
--
-- hits.lexicon(keys) -> a Gazetteer of the keys (words or phrases, matched as
--   text.fold keys), keeping every match; build it once per lexicon.
-- hits.starts(doc, m) -> ascending array of the Doc's token indices where a
--   match of m (a Gazetteer or Matcher) starts; cached per Doc and matcher.
-- hits.between(starts, first, last) -> iterator over the indices of `starts`
--   that lie in first..last (a sentence's tokens), in order.
--
-- The hits are candidates: a Gazetteer's key also matches a possessive by its
-- base, and a word in any case or with any diacritics, so an extractor keeps
-- its own exact test and applies it to the candidates only. What it finds is
-- then what a loop over every token would find.
local columns = require("parley.columns")

local M = {}

function M.lexicon(keys)
  local entries = { overlap = "all", name = "lexicon" }
  local seen = {}
  for _, k in ipairs(keys) do
    local key = parley.text.fold(k)
    if key:find("%S") and not seen[key] then
      seen[key] = true
      entries[#entries + 1] = key   -- folded, so never an all-capitals alias (those match capitals only)
    end
  end
  return parley.match.phrases(entries)
end

local cache = setmetatable({}, { __mode = "k" })

function M.starts(doc, m)
  local by_matcher = cache[doc]
  if not by_matcher then
    by_matcher = setmetatable({}, { __mode = "k" })
    cache[doc] = by_matcher
  end
  local out = by_matcher[m]
  if not out then
    out = {}
    for _, hit in ipairs(doc:match(m)) do
      local first = columns.range(hit)
      if first ~= out[#out] then out[#out + 1] = first end
    end
    by_matcher[m] = out
  end
  return out
end

-- The position in the ascending array of the first value >= first.
local function lower_bound(starts, first)
  local lo, hi = 1, #starts
  while lo <= hi do
    local mid = (lo + hi) // 2
    if starts[mid] < first then lo = mid + 1 else hi = mid - 1 end
  end
  return lo
end

function M.between(starts, first, last)
  local k = lower_bound(starts, first) - 1
  return function()
    k = k + 1
    local i = starts[k]
    if i and i <= last then return i end
  end
end

return M
