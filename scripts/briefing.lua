-- briefing: the state of the talks: parties, each issue's state of play, key quotes, timeline, summary, open questions
--
-- Usage: parley run [--jobs N] briefing [--format text|md|json|csv|html] [-o FILE] [--since DATE] [--until DATE] [--source S]
--    or: parley run --stream briefing [OPTIONS] < part.jsonl > part.out on each worker, then
--        cat part*.out | parley reduce briefing [OPTIONS]  (docs/scale.md: the same report)
-- Every line points back to its document and sentence (doc N, s.M), so each
-- claim can be checked against the text it came from.
--
-- A map/fold script: map reads one document and returns its share of every
-- section (rows, dated events, its MinHash signature, its first summary
-- candidates) as plain values, in as many threads as --jobs gives; fold keeps
-- those records in document order; output leaves syndicated copies out and
-- writes the report, the same for every N. So a briefing over years of wire
-- copy holds what it reports, never every document.
local analysis = require("parley.analysis")
local extract = require("parley.extract")
local report = require("parley.report")
local summary = require("parley.summary")
local timeline = require("parley.timeline")

local opts = analysis.parse(arg, "briefing")
local name, ref = analysis.name, analysis.ref

-- An open issue as a question for the reader, and the sentence it points to (map does
-- not know the document's id: a streamed document has none until fold).
local function question(issue)
  if issue.status == "demanded" then
    return { string.format("%s: demanded by %s — will the other side agree?", issue.label, name(issue.by)),
             issue.evidence[#issue.evidence].sentence }
  elseif issue.status == "rejected" then
    return { string.format("%s: rejected by %s — is there a way forward?", issue.label, name(issue.by)),
             issue.evidence[1].sentence }
  end
  return { string.format("%s: still %s", issue.label, issue.status), issue.evidence[1].sentence }
end

-- ---- a document's share of each section: strings and numbers, no Span (a Span holds its Doc);
-- ---- a row's source is its sentence number until output knows the record's id ----

local function issues_of(doc, rec)
  rec.issues, rec.questions = {}, {}
  for _, issue in ipairs(extract.issues(doc)) do
    local best = issue.evidence[#issue.evidence]
    for _, e in ipairs(issue.evidence) do if e.status == issue.status then best = e break end end
    local state = issue.status .. (issue.by and (" by " .. name(issue.by)) or "") ..
                  (issue.was and (" (was " .. issue.was .. ")") or "")
    rec.issues[#rec.issues + 1] = { issue.label, state, best.sentence or 0, best.text }
    if issue.open and issue.status ~= "mentioned" then rec.questions[#rec.questions + 1] = question(issue) end
  end
end

local function quotes_of(doc, rec)
  rec.quotes = {}
  for _, q in ipairs(extract.quotes(doc)) do
    if q.kind == "direct" and q.confidence >= 0.7 and #q.text > 25 then
      rec.quotes[#rec.quotes + 1] = { name(q.speaker), q.speaker_country and name(q.speaker_country) or "", q.text,
                                      q.sentence or 0 }
    end
  end
end

local function relations_of(doc, rec)
  rec.relations = {}
  for _, rel in ipairs(extract.relations(doc)) do
    rec.relations[#rec.relations + 1] = { source = rel.source, target = rel.target, cue = rel.cue,
                                          stance = rel.stance, sentence = rel.sentence }
  end
end

local records   -- in output: the records of the documents that count, in document order

local all_records   -- every record folded, copies included: the summary plans over them

-- The items of field of every record, the sentence number in column `at` made a source.
local function all(field, at)
  return analysis.gather(records, field, at and function(rec, row)
    row[at] = ref(rec, row[at])
    return row
  end)
end

-- ---- the sections ----

local function parties(r)
  local rows, bars = {}, {}
  local totals = {}
  for _, rec in ipairs(records) do extract.tally(totals, rec.actors) end
  for i, a in ipairs(extract.ranked(totals)) do
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
  r:heading("State of play")
  r:table{ name = "issues", primary = true, columns = { "issue", "state", "source", "evidence" }, rows = all("issues", 3) }
end

local function key_quotes(r)
  r:heading("Key quotes")
  r:table{ name = "quotes", columns = { "speaker", "for", "quote", "source" }, rows = all("quotes", 4) }
end

local function events(r)
  local rows, points = {}, {}
  for _, e in ipairs(timeline.from_records(records)) do
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
  local relations = analysis.gather(records, "relations", function(rec, rel)
    rel.ref = ref(rec, rel.sentence)
    return rel
  end)
  for _, rel in ipairs(relations) do
    if rel.target then
      node(rel.source) node(rel.target)
      edges[#edges + 1] = { rel.source, rel.target, 1, rel.cue }
    end
    rows[#rows + 1] = { name(rel.source), rel.cue, rel.target and name(rel.target) or "", rel.stance, rel.ref }
  end
  r:heading("Who acted towards whom")
  r:table{ name = "relations", columns = { "actor", "act", "towards", "stance", "source" }, rows = rows }
  r:chart{ kind = "network", title = "Actor network", nodes = nodes, edges = edges }
end

local function briefly(r)
  local rows = {}
  for _, s in ipairs(summary.rank(summary.nodes_of(records, analysis.reread, { over = all_records }), 5)) do
    rows[#rows + 1] = { s.text, ref(s.doc, s.sentence) }
  end
  r:heading("Summary")
  r:table{ name = "summary", columns = { "sentence", "source" }, rows = rows }
end

local function questions(r)
  local items = analysis.gather(records, "questions", function(rec, q)
    return string.format("%s (%s)", q[1], ref(rec, q[2]))
  end)
  if #items == 0 then items[1] = "No issue is reported as open." end
  r:heading("Open questions")
  r:list(items, "open_questions")
end

local function render(kept, all_folded)
  records, all_records = kept, all_folded
  local r = report.new{ title = "Briefing", format = opts.format, out = opts.out }
  r:paragraph(string.format("%d document%s%s.", #records, #records == 1 and "" or "s",
                            records[1] and records[1].date and (", from " .. (records[1].date or "?") .. " to " ..
                            (records[#records].date or "?")) or ""))
  parties(r)
  state_of_play(r)
  key_quotes(r)
  events(r)
  briefly(r)
  network(r)
  questions(r)
  r:finish()
end

return analysis.script(opts, function(doc, rec)
  rec.date = doc.date
  rec.actors, rec.events = extract.actor_counts(doc), timeline.plain(doc)
  issues_of(doc, rec)
  quotes_of(doc, rec)
  relations_of(doc, rec)
  rec.candidates, rec.lead = summary.lead(doc)   -- stored: its first sentence, more are read again
end, render, summary.carrier)
