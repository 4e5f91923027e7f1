-- summary: an extractive summary of the corpus (or filtered documents): its most central story sentences
--
-- Usage: parley run summary [N] [--format text|md|json|csv|html] [-o FILE] [--since DATE] [--until DATE] [--source S]
local analysis = require("parley.analysis")
local report = require("parley.report")
local summary = require("parley.summary")

local opts = analysis.parse(arg, "summary")
local n = tonumber(opts.args[1] or "5") or parley.usage_error("summary: N must be a number")
local r = report.new{ title = "Summary", format = opts.format, out = opts.out }
local rows = {}
for _, s in ipairs(summary.extract((analysis.docs(opts)), n)) do
  rows[#rows + 1] = { s.doc.id, s.sentence, string.format("%.3f", s.score), s.text }
end
r:table{ name = "summary", primary = true, columns = { "doc", "sentence", "score", "text" }, rows = rows }
r:finish()
