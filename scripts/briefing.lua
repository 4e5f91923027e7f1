-- briefing: the state of the talks: parties, each issue's state of play, key quotes, timeline, summary, open questions
--
-- Usage: parley run briefing [--format text|md|json|csv|html] [-o FILE] [--since DATE] [--until DATE] [--source S]
-- Every line points back to its document and sentence (doc N, s.M), so each
-- claim can be checked against the text it came from.
local analysis = require("parley.analysis")
local extract = require("parley.extract")
local report = require("parley.report")
local summary = require("parley.summary")
local timeline = require("parley.timeline")

local opts = analysis.parse(arg, "briefing")
local docs = analysis.docs(opts)
local name, ref = analysis.name, analysis.ref

local function parties(r)
  local order = extract.across(docs)
  local rows, bars = {}, {}
  for i, a in ipairs(order) do
    if i <= 12 then
      rows[#rows + 1] = { name(a.entity), a.label, a.role or "", a.count }
      bars[#bars + 1] = { name(a.entity), a.count }
    end
  end
  r:heading("Parties and actors")
  r:table{ name = "actors", columns = { "actor", "type", "role", "mentions" }, rows = rows }
  r:chart{ kind = "bar", title = "Actor mentions", data = bars }
end

local function state_of_play(r)
  local rows, open = {}, {}
  for _, doc in ipairs(docs) do
    for _, issue in ipairs(extract.issues(doc)) do
      local best = issue.evidence[#issue.evidence]
      for _, e in ipairs(issue.evidence) do if e.status == issue.status then best = e break end end
      local state = issue.status .. (issue.by and (" by " .. name(issue.by)) or "") ..
                    (issue.was and (" (was " .. issue.was .. ")") or "")
      rows[#rows + 1] = { issue.label, state, ref(doc, best.sentence), best.text }
      if issue.open and issue.status ~= "mentioned" then open[#open + 1] = { issue = issue, doc = doc } end
    end
  end
  r:heading("State of play")
  r:table{ name = "issues", primary = true, columns = { "issue", "state", "source", "evidence" }, rows = rows }
  return open
end

local function key_quotes(r)
  local rows = {}
  for _, doc in ipairs(docs) do
    for _, q in ipairs(extract.quotes(doc)) do
      if q.kind == "direct" and q.confidence >= 0.7 and #q.text > 25 then
        rows[#rows + 1] = { name(q.speaker), q.speaker_country and name(q.speaker_country) or "", q.text, ref(doc, q.sentence) }
      end
    end
  end
  r:heading("Key quotes")
  r:table{ name = "quotes", columns = { "speaker", "for", "quote", "source" }, rows = rows }
end

local function events(r)
  local rows, points = {}, {}
  for _, e in ipairs(timeline.events(docs)) do
    rows[#rows + 1] = { e.date, e.text, ref(e.doc, e.sentence) }
    points[#points + 1] = { date = e.date:match("^[^/]+"), label = e.date_text }
  end
  r:heading("Timeline")
  r:table{ name = "timeline", columns = { "date", "event", "source" }, rows = rows }
  r:chart{ kind = "timeline", title = "Timeline", data = points }
end

local function network(r)
  local nodes, seen, edges = {}, {}, {}
  local function node(id)
    if id and not seen[id] then seen[id] = true nodes[#nodes + 1] = { id, name(id) } end
  end
  local rows = {}
  for _, doc in ipairs(docs) do
    for _, rel in ipairs(extract.relations(doc)) do
      if rel.target then
        node(rel.source) node(rel.target)
        edges[#edges + 1] = { rel.source, rel.target, 1, rel.cue }
      end
      rows[#rows + 1] = { name(rel.source), rel.cue, rel.target and name(rel.target) or "", rel.stance, ref(doc, rel.sentence) }
    end
  end
  r:heading("Who acted towards whom")
  r:table{ name = "relations", columns = { "actor", "act", "towards", "stance", "source" }, rows = rows }
  r:chart{ kind = "network", title = "Actor network", nodes = nodes, edges = edges }
end

local function briefly(r)
  local rows = {}
  for _, s in ipairs(summary.extract(docs, 5)) do rows[#rows + 1] = { s.text, ref(s.doc, s.sentence) } end
  r:heading("Summary")
  r:table{ name = "summary", columns = { "sentence", "source" }, rows = rows }
end

local function questions(r, open)
  local items = {}
  for _, o in ipairs(open) do
    local issue = o.issue
    if issue.status == "demanded" then
      items[#items + 1] = string.format("%s: demanded by %s — will the other side agree? (%s)", issue.label,
                                        name(issue.by), ref(o.doc, issue.evidence[#issue.evidence].sentence))
    elseif issue.status == "rejected" then
      items[#items + 1] = string.format("%s: rejected by %s — is there a way forward? (%s)", issue.label, name(issue.by),
                                        ref(o.doc, issue.evidence[1].sentence))
    else
      items[#items + 1] = string.format("%s: still %s (%s)", issue.label, issue.status, ref(o.doc, issue.evidence[1].sentence))
    end
  end
  if #items == 0 then items[1] = "No issue is reported as open." end
  r:heading("Open questions")
  r:list(items, "open_questions")
end

local r = report.new{ title = "Briefing", format = opts.format, out = opts.out }
r:paragraph(string.format("%d document%s%s.", #docs, #docs == 1 and "" or "s",
                          docs[1] and docs[1].date and (", from " .. (docs[1].date or "?") .. " to " .. (docs[#docs].date or "?")) or ""))
parties(r)
local open = state_of_play(r)
key_quotes(r)
events(r)
briefly(r)
network(r)
questions(r, open)
r:finish()
