-- extract: the negotiation extractors in one place: actors, quotes, dates, numbers, issues, relations.
--
--   local extract = require("parley.extract")     -- also parley.extract
--   for _, q in ipairs(extract.quotes(doc)) do print(q.speaker, q.text) end
-- Each function takes a Doc and returns plain tables with Spans, so every
-- claim points back to the sentence it came from (span.sentence, span:source_range()).
local M = {}

local modules = {
  actors = { "parley.extract.actors", "actors" },
  mentions = { "parley.extract.actors", "mentions" },
  across = { "parley.extract.actors", "across" },
  tally = { "parley.extract.actors", "tally" },
  actor_counts = { "parley.extract.actors", "counts" },
  ranked = { "parley.extract.actors", "ranked" },
  quotes = { "parley.extract.quotes", "quotes" },
  dates = { "parley.extract.dates", "dates" },
  numbers = { "parley.extract.numbers", "numbers" },
  issues = { "parley.extract.issues", "issues" },
  relations = { "parley.extract.relations", "relations" },
}

-- Each extractor is loaded on first use, so a script using only dates loads nothing else.
return setmetatable(M, {
  __index = function(t, name)
    local where = modules[name]
    if not where then return nil end
    local fn = require(where[1])[where[2]]
    rawset(t, name, fn)
    return fn
  end,
})
