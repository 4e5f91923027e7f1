---@meta parley.graph
-- parley/graph.lua: language-server stubs for `parley.graph` (engine/lua_graph.c).

---@class parley.graph
local graph = {}

---PageRank's power iteration: ranks start at 1/#jump; each pass,
---rank'[i] = jump[i] + damping * sum over (j, w) in pairs(weights[i]) of w / W[j] * rank[j].
---@param weights table<integer, table<integer, number>> weights[i][j] for the nodes 1..#jump
---@param jump number[]
---@param damping number
---@param passes integer
---@return number[] ranks
function graph.rank(weights, jump, damping, passes) end

return graph
