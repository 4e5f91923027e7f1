-- clean.lua: boilerplate is told from the story, and reported, never silently lost.
local check = require("lib.check")
local clean = require("parley.clean")

-- The seed article, read by hand: three "Advertisement" lines, the Telegram
-- call to action and the "Other Topics of Interest" teaser are not the story.
local seed = assert(parley.open()):get(1)
local kept, dropped = clean.paragraphs(seed)
check.eq(#dropped, 5, "five boilerplate paragraphs in the seed")
check.eq(#kept + #dropped, #seed:paragraphs(), "every paragraph is kept or dropped")
local reasons = {}
for _, d in ipairs(dropped) do reasons[#reasons + 1] = d.span.text:sub(1, 24) end
check.eq(reasons[1], "JOIN US ON TELEGRAM Foll", "the Telegram line")
check.eq(reasons[2], "Advertisement", "an advertisement slot")
check.eq(reasons[3], "Other Topics of Interest", "the teaser for the war-crimes trials")
for _, p in ipairs(kept) do
  check.ok(not p.text:find("Advertisement") and not p.text:find("Telegram") and not p.text:find("Vardanyan"),
           "nothing of the boilerplate in the story: " .. p.text:sub(1, 30))
end
check.ok(dropped[1].reason:find("call to action"), "each drop says why: " .. dropped[1].reason)

-- sentences of the story only
local story = clean.sentences(seed)
check.eq(story[1].text:sub(1, 38), "Azerbaijan and Armenia said Thursday t", "the story starts with the lead")
for _, s in ipairs(story) do
  check.ok(s.text ~= "Advertisement", "no advertisement sentence")
end

-- "Advertisement" inside a sentence is not boilerplate; a line of it is.
local doc = parley.doc("The Advertisement Standards Authority ruled.\n\nAdvertisement\n\nRead more:\n\nReal news.")
local k2, d2 = clean.paragraphs(doc)
check.eq(#k2, 2, "two story paragraphs")
check.eq(#d2, 2, "the advertisement line and the read-more link")
check.eq(k2[1].text, "The Advertisement Standards Authority ruled.", "a sentence mentioning advertisements stays")

-- Russian and Armenian slots
local ru = parley.doc("Переговоры завершены.\n\nРеклама\n\nЧитайте также: другие новости")
local _, d3 = clean.paragraphs(ru)
check.eq(#d3, 2, "Russian advertisement and read-also teaser")

-- Rules can be added from a script.
table.insert(clean.rules, { kind = "line", text = "Photo: AFP", pattern = "^Photo: AFP$", reason = "photo credit" })
local _, d4 = clean.paragraphs(parley.doc("Talks ended.\n\nPhoto: AFP"))
check.eq(#d4, 1, "an added rule applies")
check.eq(d4[1].reason, "photo credit", "with its reason")

-- The verdicts are kept per Doc, but a rule added afterwards still applies, and callers
-- may change what they get without changing what the next caller gets.
local same = parley.doc("Talks resumed.\n\nThe weather was mild in Abu Dhabi.")
local kept1, dropped1 = clean.paragraphs(same)
kept1[#kept1 + 1] = "scribbled on"
local kept2 = clean.paragraphs(same)
check.eq(#kept2, #kept1 - 1, "a caller's change to its list does not reach the next caller")
table.insert(clean.rules, { kind = "line", text = "weather", pattern = "^The weather", reason = "small talk" })
local _, dropped3 = clean.paragraphs(same)
check.eq(#dropped3, #dropped1 + 1, "a rule added after the first call applies to the same Doc")
table.remove(clean.rules)

-- Rules are tried by the first byte a paragraph starts with, where a rule's pattern
-- tells it; any other pattern is tried on every paragraph, and the first rule in
-- the list that matches is the one reported.
local n = #clean.rules
table.insert(clean.rules, { kind = "start", text = "unanchored", pattern = "sponsored content", reason = "anywhere" })
table.insert(clean.rules, { kind = "start", text = "class", pattern = "^%d+ comments$", reason = "comment count" })
table.insert(clean.rules, { kind = "line", text = "escaped", pattern = "^%(Reporting by", reason = "credit" })
table.insert(clean.rules, { kind = "line", text = "optional", pattern = "^P?hoto$", reason = "optional first" })
table.insert(clean.rules, { kind = "line", text = "later", pattern = "^Talks", reason = "second rule" })
table.insert(clean.rules, { kind = "line", text = "earlier", pattern = "alks", reason = "first rule" })
local _, d5 = clean.paragraphs(parley.doc("Talks ended.\n\nThis is sponsored content.\n\n12 comments\n\n" ..
                                          "(Reporting by A. Writer)\n\nhoto\n\nStory goes on."))
local reasons = {}
for i, d in ipairs(d5) do reasons[i] = d.reason end
check.eq(table.concat(reasons, ","), "second rule,anywhere,comment count,credit,optional first",
         "unanchored, class, escaped and optional-first patterns apply; rules keep their order")
for _ = n + 1, #clean.rules do table.remove(clean.rules) end

check.done("clean")
