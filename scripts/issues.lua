-- issues: the state of play of each negotiation issue (agreed, outstanding, demanded, rejected) with evidence
--
-- Usage: parley run issues [--format text|md|json|csv|html] [-o FILE] [--since DATE] [--until DATE] [--source S]
local analysis = require("parley.analysis")
local extract = require("parley.extract")
local report = require("parley.report")

local opts = analysis.parse(arg, "issues")
local r = report.new{ title = "Issues", format = opts.format, out = opts.out }
local rows = {}
for _, doc in ipairs((analysis.docs(opts))) do
  for _, issue in ipairs(extract.issues(doc)) do
    local best = issue.evidence[1]
    for _, e in ipairs(issue.evidence) do if e.status then best = e break end end
    rows[#rows + 1] = { doc.id, issue.label, issue.status, issue.by and analysis.name(issue.by) or "",
                        issue.was or "", issue.open and "yes" or "no", best.sentence, best.text }
  end
end
r:table{ name = "issues", primary = true,
         columns = { "doc", "issue", "status", "by", "was", "open", "sentence", "evidence" }, rows = rows }
r:finish()
