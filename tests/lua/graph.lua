-- graph.lua: parley.graph.rank, TextRank's passes in C, against the same passes spelled out in Lua.
local check = require("lib.check")
local graph = parley.graph

-- The reference: what parley.summary ran in Lua before the passes moved to C.
local function reference(weights, jump, damping, passes)
  local n = #jump
  local out_weight = {}
  for i = 1, n do
    local sum = 0
    for _, w in pairs(weights[i]) do sum = sum + w end
    out_weight[i] = sum
  end
  local from, coef = {}, {}
  for i = 1, n do
    local f, c = {}, {}
    for j, w in pairs(weights[i]) do
      if out_weight[j] > 0 then
        f[#f + 1] = j
        c[#c + 1] = w / out_weight[j]
      end
    end
    from[i], coef[i] = f, c
  end
  local rank = {}
  for i = 1, n do rank[i] = 1 / n end
  for _ = 1, passes do
    local new = {}
    for i = 1, n do
      local sum, f, c = 0, from[i], coef[i]
      for k = 1, #f do sum = sum + c[k] * rank[f[k]] end
      new[i] = jump[i] + damping * sum
    end
    rank = new
  end
  return rank
end

-- A hand case: a path 1 - 2 - 3 with weights 1, node 4 alone. W = 1, 2, 1, 0.
-- Pass 1 from 1/4 each, jump 0.1 each, damping 0.5:
--   r1 = 0.1 + 0.5 * (1/2 * 1/4) = 0.1625; r2 = 0.1 + 0.5 * (1/4 + 1/4) = 0.35
--   r3 = 0.1625; r4 = 0.1 (no in-links)
local r = graph.rank({ { [2] = 1 }, { [1] = 1, [3] = 1 }, { [2] = 1 }, {} }, { 0.1, 0.1, 0.1, 0.1 }, 0.5, 1)
check.eq(#r, 4, "a rank per node")
check.eq(r[1], 0.1625, "node 1 after one pass")
check.eq(r[2], 0.35, "node 2 after one pass")
check.eq(r[3], 0.1625, "node 3 after one pass")
check.eq(r[4], 0.1, "a node without in-links keeps its jump")
check.eq(graph.rank({ {}, {} }, { 0, 0 }, 0.85, 0)[2], 0.5, "no pass: 1/n")
check.eq(#graph.rank({}, {}, 0.85, 30), 0, "no nodes, no ranks")

-- Random graphs, symmetric or not, integer or fractional weights, empty rows, holes:
-- the same doubles as the Lua loop, bit for bit.
math.randomseed(8)
local same = true
for trial = 1, 200 do
  local n = math.random(0, 40)
  local weights, jump = {}, {}
  for i = 1, n do
    weights[i] = {}
    jump[i] = math.random() * 0.3
  end
  for i = 1, n do
    for _ = 1, math.random(0, 8) do
      local j = math.random(1, n)
      local w = trial % 3 == 0 and math.random(1, 5) or math.random() * (trial % 5 == 0 and -0.2 or 1)
      weights[i][j] = w
      if trial % 2 == 0 then weights[j][i] = w end
    end
  end
  local passes = math.random(0, 30)
  local got, want = graph.rank(weights, jump, 0.85, passes), reference(weights, jump, 0.85, passes)
  for i = 1, n do
    if got[i] ~= want[i] and not (got[i] ~= got[i] and want[i] ~= want[i]) then same = false end
  end
  if #got ~= n then same = false end
end
check.ok(same, "200 random graphs rank as the Lua loop ranks them, bit for bit")

-- Bad graphs are refused in one line.
check.raises(function() graph.rank({ { [3] = 1 }, {} }, { 0, 0 }, 0.85, 1) end,
             "weights%[1%] has a key that is not a node from 1 to 2")
check.raises(function() graph.rank({ { a = 1 } }, { 0 }, 0.85, 1) end, "not a node from 1 to 1")
check.raises(function() graph.rank({ { [1] = "x" } }, { 0 }, 0.85, 1) end, "weights%[1%]%[1%] is not a number")
check.raises(function() graph.rank({ {} }, { "x" }, 0.85, 1) end, "jump%[1%] is not a number")
check.raises(function() graph.rank({}, { 0 }, 0.85, 1) end, "weights%[1%] is not a table")
check.raises(function() graph.rank({}, {}, 0.85, -1) end, "passes must not be negative")

check.done("graph")
