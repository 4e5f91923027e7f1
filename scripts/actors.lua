-- actors: who takes part: states, people and bodies mentioned in the story, with counts
--
-- Usage: parley run [--jobs N] actors [--format text|md|json|csv|html] [-o FILE] [--since DATE] [--until DATE] [--source S]
local analysis = require("parley.analysis")
local extract = require("parley.extract")
local report = require("parley.report")

-- `parley evaluate GOLD --script actors`: every mention as a span labelled as the gazetteer
-- labels it (PERSON, ...), its entity id as the `entity` attribute and its kind as the rule.
if ... == "--evaluate" then
  return function(doc)
    local out = {}
    for _, m in ipairs(extract.mentions(doc)) do
      out[#out + 1] = { label = m.label, span = m.span, rule = m.kind, attrs = { entity = m.entity } }
    end
    return out
  end
end

-- A map/fold script (analysis.script): each document's actors are counted in map, in
-- as many threads as --jobs gives, and tallied in output; the same for every N.
local opts = analysis.parse(arg, "actors")

local function render(records)
  local totals = {}
  for _, rec in ipairs(records) do extract.tally(totals, rec.actors) end
  local rows, bars = {}, {}
  for _, a in ipairs(extract.ranked(totals)) do
    rows[#rows + 1] = { analysis.name(a.entity), a.entity, a.label, a.country and analysis.name(a.country) or "", a.role or "", a.count, a.docs }
    if #bars < 15 then bars[#bars + 1] = { analysis.name(a.entity), a.count } end
  end
  local r = report.new{ title = "Actors", format = opts.format, out = opts.out }
  r:table{ name = "actors", primary = true, columns = { "actor", "id", "type", "country", "role", "mentions", "documents" }, rows = rows }
  r:chart{ kind = "bar", title = "Mentions", data = bars }
  r:finish()
end

return analysis.script(opts, function(doc, rec) rec.actors = extract.actor_counts(doc) end, render)
