-- ranges.lua: which of many byte ranges hold a position, by binary search, so an
-- extractor stays linear on a long document (thousands of quotes or paragraphs).
--
-- index(list) -> a set of the ranges { {first, last}, ... } (any order, nesting allowed)
-- contains(set, pos) -> whether some range has first <= pos <= last
-- covers(set, a, b) -> whether some range has first <= a and b <= last
local M = {}

function M.index(list)
  local sorted = {}
  for i, r in ipairs(list) do sorted[i] = r end
  table.sort(sorted, function(x, y) return x[1] < y[1] end)
  local reach = {}   -- reach[i]: the furthest last of sorted[1..i]
  for i, r in ipairs(sorted) do reach[i] = math.max(reach[i - 1] or r[2], r[2]) end
  return { sorted = sorted, reach = reach }
end

M.NONE = M.index({})

-- The index of the last range starting at or before pos, or 0.
local function last_starting_by(set, pos)
  local sorted, lo, hi = set.sorted, 1, #set.sorted
  while lo <= hi do
    local mid = (lo + hi) // 2
    if sorted[mid][1] <= pos then lo = mid + 1 else hi = mid - 1 end
  end
  return hi
end

function M.contains(set, pos)
  local i = last_starting_by(set, pos)
  return i > 0 and set.reach[i] >= pos
end

function M.covers(set, a, b)
  local i = last_starting_by(set, a)
  return i > 0 and set.reach[i] >= b
end

return M
