-- quotes: who said what: every quotation and reported statement with its speaker
--
-- Usage: parley run [--jobs N] quotes [--format text|md|json|csv|html] [-o FILE] [--since DATE] [--until DATE] [--source S]
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

-- A map/fold script (analysis.script): each document's rows are made in map, in
-- as many threads as --jobs gives, and the report is the same for every N.
local opts = analysis.parse(arg, "quotes")

local function rows_of(doc, rec)
  rec.rows = {}
  for _, q in ipairs(extract.quotes(doc)) do
    rec.rows[#rec.rows + 1] = { q.sentence, analysis.name(q.speaker), q.speaker or "", q.speaker_country or "",
                                q.speaker_mention or "", q.cue or "", q.kind, string.format("%.2f", q.confidence), q.text }
  end
end

local function render(records)
  local r = report.new{ title = "Quotes", format = opts.format, out = opts.out }
  r:table{ name = "quotes", primary = true,
           columns = { "doc", "sentence", "speaker", "speaker_id", "country", "mention", "cue", "kind", "confidence", "text" },
           rows = analysis.gather(records, "rows", analysis.with_id) }
  r:finish()
end

return analysis.script(opts, rows_of, render)
