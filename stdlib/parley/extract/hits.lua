-- hits.lua: a sentence's share of the tokens a lexicon names in a Doc.
--
-- Extractors find a lexicon's words once per Doc with doc:find_terms (in C,
-- an ascending array of token indices) and then read, sentence by sentence,
-- only those tokens instead of every token of every sentence.
--
-- hits.between(indices, first, last) -> iterator over the values of the
--   ascending array `indices` that lie in first..last (a sentence's tokens,
--   from columns.range), in order.
-- hits.sentences(doc, indices [, set]) -> set: the sentences (by index) that
--   hold those tokens, added to `set` (a new table when nil).
local M = {}

-- The position in the ascending array of the first value >= first.
local function lower_bound(indices, first)
  local lo, hi = 1, #indices
  while lo <= hi do
    local mid = (lo + hi) // 2
    if indices[mid] < first then lo = mid + 1 else hi = mid - 1 end
  end
  return lo
end

function M.between(indices, first, last)
  local k = lower_bound(indices, first) - 1
  return function()
    k = k + 1
    local i = indices[k]
    if i and i <= last then return i end
  end
end

function M.sentences(doc, indices, set)
  set = set or {}
  for _, i in ipairs(indices) do set[select(4, doc:token_info(i))] = true end
  return set
end

return M
