-- summary: an extractive summary of the corpus (or filtered documents): its most central story sentences
--
-- Usage: parley run [--jobs N] summary [N] [--format text|md|json|csv|html] [-o FILE] [--since DATE] [--until DATE] [--source S]
local analysis = require("parley.analysis")
local report = require("parley.report")
local summary = require("parley.summary")

-- A map/fold script (analysis.script): map counts each document's candidate sentences
-- and carries its first (over a large corpus the graph holds only first sentences);
-- output plans the graph (summary.plan), reads again the documents it needs more of,
-- and ranks: what summary.extract picks, for every --jobs N.
local opts = analysis.parse(arg, "summary")
local n = tonumber(opts.args[1] or "5") or parley.usage_error("summary: N must be a number")
local function render(records, all)
  local rows = {}
  for _, s in ipairs(summary.rank(summary.nodes_of(records, analysis.reread, { over = all }), n)) do
    rows[#rows + 1] = { s.doc.id, s.sentence, string.format("%.3f", s.score), s.text }
  end
  local r = report.new{ title = "Summary", format = opts.format, out = opts.out }
  r:table{ name = "summary", primary = true, columns = { "doc", "sentence", "score", "text" }, rows = rows }
  r:finish()
end

return analysis.script(opts, function(doc, rec) rec.candidates, rec.lead = summary.lead(doc) end, render, summary.carrier)
