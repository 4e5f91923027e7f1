-- help/graph.lua: help entries for parley.graph (see parley/help.lua for the format).
return {
  order = 57,
  title = "parley.graph",
  module = "parley.graph",
  intro = [[
Numeric passes over a graph that Lua rules build. `parley.summary` builds
TextRank's sentence graph and its jump vector in Lua and hands the passes
to `graph.rank`: thirty passes over every edge of up to 2,000 sentences
were most of a briefing's final step in the Lua VM. The ranks are the
doubles the same loop gives in Lua, bit for bit.]],
  entries = {
    {
      name = "parley.graph.rank",
      signature = "graph.rank(weights, jump, damping, passes) -> ranks",
      summary = "PageRank's power iteration over `n = #jump` nodes: `weights[i]` is `{ [j] = w, ... }` for i = 1..n; ranks start at 1/n, and each pass `rank'[i] = jump[i] + damping * Σ w / W[j] * rank[j]` over `(j, w)` in `pairs(weights[i])`, `W[j]` being the sum of `weights[j]`'s values (a `j` with `W[j] <= 0` adds nothing). Sums run in `pairs()` order, as a Lua loop would run them. Raises on a key that is not a node, a weight or jump that is not a number",
      example = [[
parley.graph.rank({ { [2] = 1 }, { [1] = 1, [3] = 1 }, { [2] = 1 }, {} }, { 0.125, 0.125, 0.125, 0.125 }, 0.5, 1)  --> { 0.1875, 0.375, 0.1875, 0.125 }]],
    },
  },
}
