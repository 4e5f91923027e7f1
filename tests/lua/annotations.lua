-- annotations.lua: doc:annotate in memory, corpus:save under a run, replacing on re-runs, corpus:annotations, corpus:why.
local check = require("lib.check")

local base = os.tmpname()
os.remove(base)
local paths = { base .. ".db", base .. "-other.db" }
local function cleanup()
  for _, p in ipairs(paths) do
    for _, suffix in ipairs({ "", "-wal", "-shm" }) do os.remove(p .. suffix) end
  end
end
cleanup()

local TEXT = "Aliyev met Pashinyan in Washington. Later, Aliyev said “peace is near”.\n"

-- ---- doc:annotate on a document that is not stored ----
local d = parley.doc(TEXT)
local names = d:find([[\b\p{Lu}\p{Ll}+\b]])
check.eq(#names, 5, "five capitalised words")
local a1 = d:annotate("NAME", names[1], { rule = "caps", role = "president" })
check.eq(a1.label, "NAME", "label")
check.eq(a1.span, names[1], "the span given")
check.eq(a1.start, 1, "start")
check.eq(a1.stop, 6, "stop")
check.eq(a1.rule, "caps", "attrs.rule becomes the rule")
check.eq(a1.attrs.rule, nil, "and leaves attrs")
check.eq(a1.attrs.role, "president", "other attrs stay")
local given = { rule = "caps", role = "x" }
d:annotate("NAME", names[2], given)
check.eq(given.rule, "caps", "the caller's attrs table is not changed")
local a3 = d:annotate("PLACE", { 25, 34 })
check.eq(a3.span.text, "Washington", "a {start, stop} range becomes a Span")
check.eq(a3.attrs, nil, "no attrs")
check.eq(a3.rule, nil, "no rule")
local a4 = d:annotate("QUOTE", { start = 56, stop = 74 }, {})
check.eq(a4.span.text, "“peace is near”", "a {start=, stop=} range (bytes, the quotes are 3 each)")
check.eq(a4.attrs, nil, "empty attrs are no attrs")
check.eq(#d:annotations(), 4, "four in memory")
check.eq(#d:annotations("NAME"), 2, "two of them NAME")
check.eq(d:annotations("PLACE")[1], a3, "the same record")
check.ok(d:annotations() ~= d:annotations(), "a new array each time")
check.eq(#parley.doc("x"):annotations(), 0, "none yet")

-- a match of parley.match carries its rule; the annotation takes it
local match = require("parley.match")
local leaders = match.phrases{ { "Aliyev", label = "PERSON", id = "aliyev" }, name = "leaders" }
local m1 = parley.doc(TEXT)
local hit = m1:match(leaders)[1]
local from_match = m1:annotate(hit.label, hit)
check.eq(from_match.rule, "leaders", "the match's rule")
check.eq(m1:annotate("PERSON", hit, { rule = "mine" }).rule, "mine", "attrs.rule comes first")

-- programmer errors raise with the API name
local other = parley.doc(TEXT)
check.raises(function() other:annotate("NAME", names[1]) end, "belongs to another document", "foreign span")
check.raises(function() d:annotate("", names[1]) end, "label is empty", "empty label")
check.raises(function() d:annotate("X", { 5, 4 }) end, "span is empty", "empty range")
check.raises(function() d:annotate("X", d:span(3, 2)) end, "span is empty", "empty Span")
check.raises(function() d:annotate("X", { 0, 4 }) end, "outside the document", "before the start")
check.raises(function() d:annotate("X", { 1, #TEXT + 1 }) end, "outside the document", "past the end")
check.raises(function() d:annotate("X", { 56, 57 }) end, "splits a UTF%-8 character", "half a quote mark")
check.raises(function() d:annotate("X", { 1, 2.5 }) end, "integer start and stop", "not integers")
check.raises(function() d:annotate("X", "1-2") end, "Span or {start, stop}", "not a span")
check.raises(function() d:annotate("X", { 1, 2 }, { [1] = "a" }) end, "keys must be strings", "array attrs")
check.raises(function() d:annotate("X", { 1, 2 }, { f = print }) end, "json.encode", "attrs that cannot be stored")
check.raises(function() d:annotate("X", { 1, 2 }, { rule = 7 }) end, "rule must be a string", "rule type")
check.eq(#d:annotations(), 4, "failed calls add nothing")
check.raises(function() assert(parley.open(":memory:")):save(d) end, "not stored", "saving a Doc that is not stored")

-- ---- corpus:save ----
local corpus = assert(parley.open(paths[1]))
local id1 = corpus:add(TEXT, { title = "Talks", date = "2025-03-13" })
local id2 = corpus:add("Talks in Geneva ended. Nobody spoke.\n", { title = "Geneva" })
local doc = corpus:get(id1)
check.eq(doc.corpus, corpus, "a stored Doc knows its corpus")
check.eq(#doc.hash, 64, "doc.hash is SHA-256 hex")
check.eq(corpus:sql("SELECT hash FROM documents WHERE id = ?", id1)[1].hash, doc.hash, "the stored hash")
check.eq(parley.doc(TEXT).corpus, nil, "parley.doc has none")

for _, m in ipairs(doc:find([[\b\p{Lu}\p{Ll}+\b]])) do
  doc:annotate("NAME", m, { rule = "caps", n = #m.text })
end
local saved = doc:annotations()
check.eq(corpus:save(doc), 5, "five written")
check.ok(saved[1].id and saved[5].id == saved[1].id + 4, "records get their ids")
local runs = corpus:sql("SELECT * FROM runs")
check.eq(#runs, 1, "one run, made on the first save")
check.ok(runs[1].script:match("/annotations%.lua$"), "the script's real path: " .. runs[1].script)
local me = assert(io.open(arg[0], "rb")):read("a")
check.eq(runs[1].script_hash, parley.doc(me).hash, "the script's SHA-256")
check.eq(runs[1].engine_version, parley.version, "engine version")
check.eq(runs[1].args, "[]", "no arguments")
check.eq(runs[1].finished_at, parley.null, "not finished while running")

local got = corpus:annotations()
check.eq(#got, 5, "corpus:annotations")
check.eq(got[2].text, "Pashinyan", "text is the bytes start..stop")
check.eq(got[2].attrs.n, 9, "attrs decoded")
check.eq(got[2].rule, "caps", "rule")
check.eq(got[2].run, runs[1].id, "run")
check.eq(got[2].doc, id1, "doc id")
check.eq(got[2].start, 12, "start")
check.eq(got[2].stop, 20, "stop")
check.eq(got[2].id, saved[2].id, "id")

-- saving again in the same run redoes the document: no history
local doc2 = corpus:get(id2)
doc2:annotate("PLACE", doc2:find("Geneva")[1], { rule = "places" })
check.eq(corpus:save(doc2), 1, "second document")
doc2:annotate("NAME", doc2:find("Nobody")[1])
check.eq(corpus:save(doc2), 2, "saved again with one more")
check.eq(#corpus:annotations{ doc = id2 }, 2, "not four")
check.eq(corpus:sql("SELECT count(*) AS n FROM replaced_annotations")[1].n, 0, "no history within a run")
check.eq(#corpus:sql("SELECT * FROM runs"), 1, "still one run")

-- filters
check.eq(#corpus:annotations{ label = "PLACE" }, 1, "label")
check.eq(#corpus:annotations{ doc = doc2 }, 2, "doc as a Doc")
check.eq(#corpus:annotations{ run = runs[1].id }, 7, "run")
check.eq(#corpus:annotations{ run = 999 }, 0, "no such run")
check.eq(#corpus:annotations{ script = "annotations.lua" }, 7, "script by file name")
check.eq(#corpus:annotations{ script = runs[1].script }, 7, "script by stored name")
check.eq(#corpus:annotations{ script = "tations.lua" }, 0, "not by any suffix")
check.eq(#corpus:annotations{ label = "NAME", doc = id1 }, 5, "filters combine")
check.raises(function() corpus:annotations{ doc = {} } end, "option doc", "bad filter")
check.raises(function() corpus:annotations("NAME") end, "table of filters", "not a table")
-- and through SQL, joined with the documents
local joined = corpus:sql([[SELECT d.title, count(*) AS n FROM annotations a
  JOIN documents d ON d.id = a.doc GROUP BY d.id ORDER BY d.id]])
check.eq(joined[1].title .. joined[1].n .. joined[2].title .. joined[2].n, "Talks5Geneva2", "sql join")

-- ---- why ----
local w = corpus:why(saved[5].id)
check.eq(w.label, "NAME", "why: label")
check.eq(w.text, "Aliyev", "why: text")
check.eq(w.start, 44, "why: start")
check.eq(w.rule, "caps", "why: rule")
check.eq(w.attrs.n, 6, "why: attrs")
check.eq(w.doc.id, id1, "why: doc id")
check.eq(w.doc.title, "Talks", "why: doc title")
check.eq(w.doc.date, "2025-03-13", "why: doc date")
check.eq(w.sentence.text, "Later, Aliyev said “peace is near”.", "why: the sentence")
check.eq(w.sentence.start, 37, "why: sentence start")
check.eq(TEXT:sub(w.sentence.start, w.sentence.stop), w.sentence.text, "why: sentence bounds")
check.eq(w.run.id, runs[1].id, "why: run")
check.eq(w.run.script, runs[1].script, "why: script")
check.eq(w.run.script_hash, runs[1].script_hash, "why: hash")
check.eq(w.run.engine_version, parley.version, "why: version")
check.eq(type(w.run.args), "table", "why: args decoded")
check.eq(w.replaced_by, nil, "why: current")
check.eq(corpus:why(123456), nil, "why: no such annotation")
local across = corpus:annotations{ doc = id1 }
doc:annotate("SPAN2", { 25, 42 })  -- "Washington. Later": two sentences
assert(corpus:save(doc))
local w2 = corpus:why(corpus:annotations{ label = "SPAN2" }[1].id)
check.eq(w2.sentence.text, "Aliyev met Pashinyan in Washington. Later, Aliyev said “peace is near”.",
         "why: a span across sentences shows both")
check.eq(#across, 5, "before SPAN2")

-- closing ends the run
corpus:close()
corpus = assert(parley.open(paths[1]))
check.ok(corpus:sql("SELECT finished_at FROM runs")[1].finished_at ~= parley.null, "close finishes the run")

-- ---- a new run of the same script replaces, keeping history ----
local again = corpus:get(id1)
again:annotate("NAME", again:find("Pashinyan")[1], { rule = "caps", n = 9 })
check.eq(corpus:save(again), 1, "run 2 saves one")
local run2 = corpus:sql("SELECT max(id) AS id FROM runs")[1].id
check.eq(run2, runs[1].id + 1, "a new run for a new handle")
check.eq(#corpus:annotations{ doc = id1 }, 1, "run 1's annotations of doc 1 replaced")
check.eq(#corpus:annotations{ doc = id2 }, 2, "those of doc 2 stay: run 2 did not save it")
check.eq(#corpus:annotations{ doc = id1, history = true }, 7, "history keeps them")
local old = corpus:why(saved[5].id)
check.eq(old.replaced_by, run2, "why: a replaced annotation says by which run")
check.eq(old.run.id, runs[1].id, "why: and keeps its own run")
local hist = corpus:annotations{ run = runs[1].id, history = true }
check.eq(#hist, 8, "run 1 in full: 6 of doc 1 + 2 of doc 2")
check.eq(hist[1].replaced_by, run2, "replaced_by in the history")

-- a script's own transaction: rolled back, nothing saved; the next save makes the run again
local c3 = assert(parley.open(paths[1]))
local t = c3:get(id2)
t:annotate("X", { 1, 5 })
c3:sql("BEGIN")
check.eq(c3:save(t), 1, "saved inside the transaction")
c3:sql("ROLLBACK")
check.eq(#c3:annotations{ label = "X" }, 0, "rolled back with it")
check.eq(c3:save(t), 1, "saved again")
check.eq(#c3:annotations{ label = "X" }, 1, "now it is there")
check.eq(#c3:annotations{ doc = id2 }, 1, "and replaced run 1's for that document")

-- a save that raises writes nothing
t:annotations()[1].attrs = { bad = print }
check.raises(function() c3:save(t) end, "json.encode", "attrs made unstorable after annotate")
check.eq(#c3:annotations{ label = "X" }, 1, "nothing changed")
c3:close()

-- ---- refusals: another corpus's Doc, a read-only corpus ----
local other_corpus = assert(parley.open(paths[2]))
local oid = other_corpus:add("Something else entirely.\n")
check.eq(oid, 1, "id 1 in the other corpus too")
local foreign = other_corpus:get(oid)
local none, why_not = corpus:save(foreign)
check.eq(none, nil, "a Doc of another corpus is refused")
check.ok(why_not and why_not:find("another text"), "with a reason: " .. tostring(why_not))
other_corpus:close()
corpus:close()
do
  local ro <close> = assert(parley.open(paths[1], { readonly = true }))
  local rdoc = ro:get(id1)
  rdoc:annotate("NAME", { 1, 6 })
  local n, msg = ro:save(rdoc)
  check.eq(n, nil, "read-only: nil")
  check.ok(msg and msg:find("^corpus%.save: .*read%-only"), "read-only: message " .. tostring(msg))
  check.eq(#ro:annotations{ doc = id1 }, 1, "read-only: reading works")
end

cleanup()
check.done("annotations")
