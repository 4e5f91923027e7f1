-- analysis.lua: analysis.records reads a corpus one document at a time, leaves out the copies
-- analysis.docs leaves out, and holds no Doc; the steps of a one-pass summary match summary.extract.
local check = require("lib.check")
local analysis = require("parley.analysis")
local summary = require("parley.summary")

local db = os.tmpname() .. ".db"
local function cleanup()
  for _, suffix in ipairs({ "", "-wal", "-shm" }) do os.remove(db .. suffix) end
end
cleanup()
local corpus = assert(parley.open(db))

local story = "Azerbaijan and Armenia said Thursday that they had wrapped up talks aimed at resolving " ..
  "the decades-long conflict, with both sides agreeing on the text of a possible treaty. A deal to " ..
  "normalise ties would be a major breakthrough in a region where Russia, the European Union, the " ..
  "United States and Turkey all jostle for influence. Both countries have repeatedly said a peace deal " ..
  "is within reach, but previous talks had failed to reach consensus on a draft agreement."
assert(corpus:add(story, { source = "afp", date = "2025-03-13" }))
assert(corpus:add("Serbia and Kosovo failed to agree on a roadmap for normalising relations at talks in " ..
  "Brussels on Wednesday, the European Union's envoy said after a long day of meetings.", { source = "rfe" }))
-- The same story again, from another outlet with its own boilerplate and one word changed.
assert(corpus:add(story:gsub("major", "huge") .. "\n\nAdvertisement\n\nFollow us on Telegram for more.",
                  { source = "kyivpost" }))
assert(corpus:add("Georgia and Armenia opened a new border crossing on Friday, officials in Tbilisi said, " ..
  "the first since the talks on transit began last spring.", { source = "civil" }))

local seen = setmetatable({}, { __mode = "v" })
local records = analysis.records({ filters = {}, corpus = corpus }, function(doc, record)
  check.eq(record.id, doc.id, "the record of document " .. doc.id .. " carries its id")
  record.source = doc.source
  seen[#seen + 1] = doc
end)
local ids, sources = {}, {}
for k, r in ipairs(records) do ids[k], sources[k] = r.id, r.source end
check.eq(table.concat(ids, ","), "1,2,4", "the copy (document 3) is left out")
check.eq(table.concat(sources, ","), "afp,rfe,civil", "each record keeps what per_doc put in it")
collectgarbage()
collectgarbage()
check.eq(next(seen), nil, "no Doc is held once records returns")

local all = analysis.records({ filters = { keep_duplicates = true }, corpus = corpus })
check.eq(#all, 4, "--keep-duplicates keeps every document")
check.eq(#analysis.records({ filters = { source = "rfe" }, corpus = corpus }), 1, "the filters of corpus:docs apply")

-- analysis.script: fold keeps a known copy by its id only; output renders the documents records() keeps.
local rendered
local script = analysis.script({ filters = {}, name = "test" }, function(doc, rec) rec.source = doc.source end,
                               function(records) rendered = records end)
local run = script.init()
for doc in corpus:docs() do run = script.fold(run, script.map(doc), doc.id) or run end
check.eq(run.records[3], 3, "the copy is held as its id alone, without what share() put in its record")
check.eq(run.records[2].source, "rfe", "a document that is no copy keeps its record")
script.output(run)
local got = {}
for k, r in ipairs(rendered) do got[k] = r.id .. ":" .. r.source end
check.eq(table.concat(got, ","), "1:afp,2:rfe,4:civil", "output renders the documents records() keeps")
-- A streamed document (no id) is mapped too; fold gives its record the id it is handed.
local loose = script.map(parley.doc("Not stored, and no copy of anything here.", { source = "wire" }))
check.eq(loose.id, nil, "map knows no id for a streamed document")
run = script.fold(run, loose, "line-9") or run
check.eq(run.records[#run.records].id, "line-9", "fold stamps the id")
check.eq(analysis.ref(run.records[#run.records], 2), "doc line-9, s.2", "a string id in a reference")

-- A reprint (the story word for word, only boilerplate added) is known by its signature
-- before anything is extracted: share() never sees it, fold holds its id alone, and the
-- output is what it is without the shortcut.
local shared = {}
local reprints = analysis.script({ filters = {}, name = "test" }, function(doc, rec)
  shared[#shared + 1] = doc.source
  rec.source = doc.source
end, function(records) rendered = records end)
local texts = {
  { story, "afp" }, { story .. "\n\nAdvertisement\n\nFollow us on Telegram for more.", "reprint" },
  { "Georgia and Armenia opened a new border crossing on Friday, officials in Tbilisi said.", "civil" },
}
local acc = reprints.init()
for k, t in ipairs(texts) do
  acc = reprints.fold(acc, reprints.map(parley.doc(t[1], { source = t[2] })), k) or acc
end
check.eq(table.concat(shared, ","), "afp,civil", "the reprint is not extracted")
check.eq(acc.records[2], 2, "fold holds the reprint as its id")
reprints.output(acc)
got = {}
for k, r in ipairs(rendered) do got[k] = r.id .. ":" .. r.source end
check.eq(table.concat(got, ","), "1:afp,3:civil", "the report leaves the reprint out")
-- A state that did not map the twin (another worker, another stream) extracts it, and fold drops it all the same.
local other = analysis.script({ filters = {}, name = "test" }, function(doc, rec) rec.source = doc.source end,
                              function(records) rendered = records end)
local twin = other.map(parley.doc(texts[2][1], { source = "reprint" }))
check.eq(twin.source, "reprint", "a state that has not seen the twin extracts the document")
acc = reprints.init()
acc = reprints.fold(acc, reprints.map(parley.doc(texts[1][1], { source = "afp" })), 1) or acc
acc = reprints.fold(acc, twin, 2) or acc
check.eq(acc.records[2], 2, "and fold knows it for a copy")

-- passes: the filters of corpus:docs for a streamed document.
local dated = parley.doc("Text.", { date = "2025-03-13", source = "afp", lang = "en" })
local undated = parley.doc("Text.")   -- its language is detected: en
local cases = {
  { {}, true, true }, { { since = "2025-03-13" }, true, false }, { { since = "2025-03-14" }, false, false },
  { { ["until"] = "2025-03" }, true, false }, { { ["until"] = "2025-03-12" }, false, false },
  { { ["until"] = "2025-03-13" }, true, false }, { { source = "afp" }, true, false }, { { source = "rfe" }, false, false },
  { { lang = "en" }, true, true }, { { lang = "ru" }, false, false },
}
for i, c in ipairs(cases) do
  check.eq(analysis.passes(dated, c[1]), c[2], "case " .. i .. ", dated")
  check.eq(analysis.passes(undated, c[1]), c[3], "case " .. i .. ", without date or source")
end
-- A streamed document that fails a filter is not mapped; --limit counts what fold takes.
local filtered = analysis.script({ filters = { source = "afp", limit = 1 }, name = "test" },
                                 function(doc, rec) rec.source = doc.source end, function() end)
check.eq(filtered.map(parley.doc("Text.", { source = "rfe" })), nil, "a streamed rfe document is left out")
local limited = filtered.init()
limited = filtered.fold(limited, filtered.map(parley.doc("One text from afp.", { source = "afp" })), 1) or limited
limited = filtered.fold(limited, filtered.map(parley.doc("Another text from afp.", { source = "afp" })), 2) or limited
check.eq(#limited.records, 1, "--limit 1 folds one record")

-- summary.candidates, plan, node and rank over documents read one at a time: summary.extract's picks.
local list = {}
for doc in corpus:docs() do list[#list + 1] = doc end
local whole = summary.extract(list, 3, { max_sentences = 4 })
local counts, found = {}, {}
for k, doc in ipairs(list) do
  found[k] = summary.candidates(doc)
  counts[k] = #found[k]
end
local nodes = {}
for k, keep in ipairs(summary.plan(counts, 4)) do
  for i = 1, keep do nodes[#nodes + 1] = summary.node(list[k], found[k][i]) end
end
local steps = summary.rank(nodes, 3)
check.eq(#steps, #whole, "as many sentences")
for i = 1, #whole do
  check.eq(steps[i].text, whole[i].text, "sentence " .. i)
  check.eq(steps[i].doc, whole[i].doc, "its document")
end
check.eq(table.concat(summary.plan({ 2, 0, 3, 1 }, 3), ","), "1,0,1,1", "the first sentences fill the room")
check.eq(table.concat(summary.plan({ 1, 0, 2 }, 10), ","), "1,0,2", "all fit: all kept")

corpus:close()
cleanup()
check.done("analysis")
