-- quotes: who said what: every quotation and reported statement with its speaker
--
-- Usage: parley run quotes [--format text|md|json|csv|html] [-o FILE] [--since DATE] [--until DATE] [--source S]
local analysis = require("parley.analysis")
local extract = require("parley.extract")
local report = require("parley.report")

-- `parley evaluate GOLD --script quotes`: every quotation as a QUOTE span, its speaker's id as
-- the `speaker` attribute and its kind (direct, reported, ...) as the rule.
if ... == "--evaluate" then
  return function(doc)
    local out = {}
    for _, q in ipairs(extract.quotes(doc)) do
      out[#out + 1] = { label = "QUOTE", span = q.span, rule = q.kind, attrs = { speaker = q.speaker } }
    end
    return out
  end
end

local opts = analysis.parse(arg, "quotes")
local r = report.new{ title = "Quotes", format = opts.format, out = opts.out }
local rows = {}
for _, doc in ipairs((analysis.docs(opts))) do
  for _, q in ipairs(extract.quotes(doc)) do
    rows[#rows + 1] = { doc.id, q.sentence, analysis.name(q.speaker), q.speaker or "", q.speaker_country or "",
                        q.speaker_mention or "", q.cue or "", q.kind, string.format("%.2f", q.confidence), q.text }
  end
end
r:table{ name = "quotes", primary = true,
         columns = { "doc", "sentence", "speaker", "speaker_id", "country", "mention", "cue", "kind", "confidence", "text" },
         rows = rows }
r:finish()
