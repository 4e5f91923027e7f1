-- timeline: what happened when: dated story sentences in time order across the corpus
--
-- Usage: parley run [--jobs N] timeline [--format text|md|json|csv|html] [-o FILE] [--since DATE] [--until DATE] [--source S]
local analysis = require("parley.analysis")
local report = require("parley.report")
local timeline = require("parley.timeline")

-- A map/fold script (analysis.script): each document's events are found in map, in
-- as many threads as --jobs gives, and sorted in output; the same for every N.
local opts = analysis.parse(arg, "timeline")

local function render(records)
  local rows, points = {}, {}
  for _, e in ipairs(timeline.from_records(records)) do
    rows[#rows + 1] = { e.date, e.date_text, e.doc.id, e.sentence, e.text }
    points[#points + 1] = { date = e.date:match("^[^/]+"), label = e.date_text }
  end
  local r = report.new{ title = "Timeline", format = opts.format, out = opts.out }
  r:table{ name = "timeline", primary = true, columns = { "date", "as written", "doc", "sentence", "event" }, rows = rows }
  r:chart{ kind = "timeline", title = "Timeline", data = points }
  r:finish()
end

return analysis.script(opts, function(doc, rec) rec.events = timeline.plain(doc) end, render)
