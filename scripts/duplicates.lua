-- duplicates: syndicated copies of the same story (near-duplicates by MinHash), grouped
--
-- Usage: parley run duplicates [--threshold 0.7] [--format text|md|json|csv|html] [-o FILE] [--since DATE] ...
local analysis = require("parley.analysis")
local dedup = require("parley.dedup")
local report = require("parley.report")

local raw, threshold, i = {}, 0.7, 1
while i <= #arg do
  if arg[i] == "--threshold" then
    threshold = tonumber(arg[i + 1]) or parley.usage_error("duplicates: --threshold needs a number between 0 and 1")
    i = i + 1
  else
    raw[#raw + 1] = arg[i]
  end
  i = i + 1
end
raw[#raw + 1] = "--keep-duplicates"   -- this script is about the copies themselves
local opts = analysis.parse(raw, "duplicates")
local docs = analysis.docs(opts)
local groups = dedup.groups(docs, { threshold = threshold })
local r = report.new{ title = "Near-duplicates", format = opts.format, out = opts.out }
r:paragraph(string.format("%d document%s, %d group%s of copies.", #docs, #docs == 1 and "" or "s",
                          #groups, #groups == 1 and "" or "s"))
local rows = {}
for g, group in ipairs(groups) do
  for _, doc in ipairs(group.docs) do
    rows[#rows + 1] = { g, doc.id, doc.source or "", doc.date or "", doc.title or "", string.format("%.2f", group.similarity) }
  end
end
r:table{ name = "duplicates", primary = true, columns = { "group", "doc", "source", "date", "title", "similarity" }, rows = rows }
r:finish()
