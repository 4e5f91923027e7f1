-- issues: the state of play of each negotiation issue (agreed, outstanding, demanded, rejected) with evidence
--
-- Usage: parley run [--jobs N] issues [--format text|md|json|csv|html] [-o FILE] [--since DATE] [--until DATE] [--source S]
local analysis = require("parley.analysis")
local extract = require("parley.extract")
local report = require("parley.report")

-- A map/fold script (analysis.script): each document's rows are made in map, in
-- as many threads as --jobs gives, and the report is the same for every N.
local opts = analysis.parse(arg, "issues")

local function rows_of(doc, rec)
  rec.rows = {}
  for _, issue in ipairs(extract.issues(doc)) do
    local best = issue.evidence[1]
    for _, e in ipairs(issue.evidence) do if e.status then best = e break end end
    rec.rows[#rec.rows + 1] = { issue.label, issue.status, issue.by and analysis.name(issue.by) or "",
                                issue.was or "", issue.open and "yes" or "no", best.sentence, best.text }
  end
end

local function render(records)
  local r = report.new{ title = "Issues", format = opts.format, out = opts.out }
  r:table{ name = "issues", primary = true,
           columns = { "doc", "issue", "status", "by", "was", "open", "sentence", "evidence" },
           rows = analysis.gather(records, "rows", analysis.with_id) }
  r:finish()
end

return analysis.script(opts, rows_of, render)
