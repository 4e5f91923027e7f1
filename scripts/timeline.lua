-- timeline: what happened when: dated story sentences in time order across the corpus
--
-- Usage: parley run timeline [--format text|md|json|csv|html] [-o FILE] [--since DATE] [--until DATE] [--source S]
local analysis = require("parley.analysis")
local report = require("parley.report")
local timeline = require("parley.timeline")

local opts = analysis.parse(arg, "timeline")
local r = report.new{ title = "Timeline", format = opts.format, out = opts.out }
local rows, points = {}, {}
for _, e in ipairs(timeline.events((analysis.docs(opts)))) do
  rows[#rows + 1] = { e.date, e.date_text, e.doc.id, e.sentence, e.text }
  points[#points + 1] = { date = e.date:match("^[^/]+"), label = e.date_text }
end
r:table{ name = "timeline", primary = true, columns = { "date", "as written", "doc", "sentence", "event" }, rows = rows }
r:chart{ kind = "timeline", title = "Timeline", data = points }
r:finish()
