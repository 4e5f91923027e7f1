-- summary.lua: extractive summaries pick central story sentences, in reading order, never boilerplate.
local check = require("lib.check")
local summary = require("parley.summary")

local seed = assert(parley.open()):get(1)
local picked = summary.extract(seed, 3)
check.eq(#picked, 3, "three sentences")
check.ok(picked[1].sentence < picked[2].sentence and picked[2].sentence < picked[3].sentence, "reading order")
check.ok(picked[1].text:find("^Azerbaijan and Armenia said Thursday"), "the lead is central: " .. picked[1].text)
local thirty = summary.extract(seed, 30)
check.ok(#thirty > 3, "more than three story sentences to sweep: " .. #thirty)
for _, p in ipairs(thirty) do
  check.ok(p.text ~= "Advertisement" and not p.text:find("TELEGRAM") and not p.text:find("Other Topics"),
           "boilerplate is never in a summary")
  check.eq(seed:sentences()[p.sentence].text, p.text, "each pick refers to its sentence")
end

-- Syndicated copies: the same sentence in two documents is picked once.
local a = assert(parley.doc("Armenia and Azerbaijan agreed on the text of a peace treaty on Thursday. " ..
  "The treaty text was agreed after years of talks between Armenia and Azerbaijan. Weather was mild."))
local b = assert(parley.doc("Armenia and Azerbaijan agreed on the text of a peace treaty on Thursday. " ..
  "Officials in Baku and Yerevan said the peace treaty still needs signing by Armenia and Azerbaijan."))
local two = summary.extract({ a, b }, 3)
local seen = {}
for _, p in ipairs(two) do
  check.ok(not seen[p.text], "no repeated sentence: " .. p.text)
  seen[p.text] = true
end
check.ok(#two >= 2, "several sentences from two documents")
check.eq(summary.extract({ parley.doc("Too short.") }, 3)[1], nil, "sentences under five tokens are not candidates")

-- A large input keeps each document's lead: with room for three sentences, only first sentences count.
local leads, openings = {}, { "Delegations from Baku and Yerevan met in Abu Dhabi on Monday morning.",
  "Foreign ministers exchanged letters about railway links across Syunik province.",
  "Observers from the European Union visited border villages near Tavush." }
for k = 1, 3 do
  leads[k] = assert(parley.doc(openings[k] .. " " ..
    "The peace treaty talks covered borders, transport routes and the peace treaty text itself. " ..
    "Peace treaty negotiators said the peace treaty talks on borders would continue."))
end
local picked = summary.extract(leads, 3, { max_sentences = 3 })
check.eq(#picked, 3, "three sentences picked")
for _, p in ipairs(picked) do check.eq(p.sentence, 1, "only a lead sentence: " .. p.text) end
local free = summary.extract(leads, 3)
local later = false
for _, p in ipairs(free) do if p.sentence > 1 then later = true end end
check.ok(later, "without the cap, the more central later sentences win")

-- Room for five of nine: the three first sentences, then the second ones in reading order, until full.
local nine = {
  { "Armenian and Azerbaijani delegations met in Abu Dhabi on Monday.", "Railway links through Syunik were discussed at length.",
    "Observers expect another round before the summer recess." },
  { "Border commissions mapped twelve kilometres near Tavush last week.", "Villagers asked about pastures and irrigation canals there.",
    "Surveyors will return once the snow melts in spring." },
  { "European monitors reported a quiet month along the frontier.", "Their patrols covered forty villages in November alone.",
    "Brussels extended the mission mandate for two more years." },
}
local docs9 = {}
for k, sentences in ipairs(nine) do docs9[k] = assert(parley.doc(table.concat(sentences, " "))) end
local five = summary.extract(docs9, 5, { max_sentences = 5 })
local where = {}
for _, p in ipairs(five) do
  for k, d in ipairs(docs9) do if d == p.doc then where[#where + 1] = k .. ":" .. p.sentence end end
end
check.eq(table.concat(where, " "), "1:1 1:2 2:1 2:2 3:1", "the leads first, then second sentences in reading order")

-- carrier: a fold that keeps every record's candidates (a stream's) may drop, as records
-- come, what no plan can take; nodes_of then never needs to read a document again, and
-- gives what it gives over the records left whole. Random counts, budgets and copies
-- left out in the end (planned over, as an analysis plans, but not in the graph).
math.randomseed(20261128)   -- the same cases on every run
local random = math.random
local function records_of(counts)
  local recs = {}
  for k, c in ipairs(counts) do
    local lead = {}
    for i = 1, c do lead[i] = { sentence = i, text = k .. ":" .. i, words = {} } end
    recs[k] = { id = k, candidates = c, lead = lead }
  end
  return recs
end
local function texts(nodes)
  local out = {}
  for _, n in ipairs(nodes) do out[#out + 1] = n.text end
  return table.concat(out, " ")
end
local never = function() error("a document read again") end
local trimmed = 0
for trial = 1, 300 do
  local counts, max = {}, random(25)
  for k = 1, random(12) do counts[k] = random(7) - 1 end
  local whole, carried = records_of(counts), records_of(counts)
  local carry = summary.carrier(max)
  for _, rec in ipairs(carried) do carry(rec) end
  local kept_whole, kept_carried = {}, {}
  for k = 1, #whole do
    if random(5) > 1 then
      kept_whole[#kept_whole + 1], kept_carried[#kept_carried + 1] = whole[k], carried[k]
    end
    trimmed = trimmed + #whole[k].lead - #carried[k].lead
  end
  local opts = { max_sentences = max }
  opts.over = whole
  local want = texts(summary.nodes_of(kept_whole, never, opts))
  opts.over = carried
  check.eq(texts(summary.nodes_of(kept_carried, never, opts)), want, "trial " .. trial .. ": the carried records plan the same")
end
check.ok(trimmed > 100, "carrier dropped nodes: " .. trimmed)
-- Stored documents carry their first candidate only (read again for more); others carry all.
local stored_count, stored_lead = summary.lead(seed)
check.eq(#stored_lead, 1, "a stored document carries its first candidate")
local loose_count, loose_lead = summary.lead(assert(parley.doc(seed.text)))
check.eq(#loose_lead, loose_count, "a document that is not stored carries every candidate")
check.eq(loose_count, stored_count, "the same candidates")

check.done("summary")
