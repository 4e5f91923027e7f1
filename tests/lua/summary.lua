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

check.done("summary")
