-- timeline.lua: dated story sentences in time order across documents.
local check = require("lib.check")
local timeline = require("parley.timeline")

-- The seed, read by hand: 2020 (the war), September 2023 (the offensive),
-- last year = 2024 (twice), Thursday = 2025-03-13 (twice). The "Friday" of
-- the war-crimes teaser is boilerplate and must not appear.
local got = {}
for _, e in ipairs(timeline.events(assert(parley.open()))) do got[#got + 1] = e.date .. " " .. e.date_text end
check.eq(table.concat(got, "; "),
         "2020 2020; 2023-09 September 2023; 2024 last year; 2024 last year; 2025-03-13 Thursday; 2025-03-13 Thursday",
         "the seed's timeline")

-- Across documents: ordered by date, a month before a later day, ties by document order.
local a = assert(parley.doc("Talks resumed on 5 May 2024 in Almaty. Nothing else.", { date = "2024-05-06" }))
local b = assert(parley.doc("The commission met in April 2024. It met again yesterday.", { date = "2024-05-10" }))
local order = {}
for _, e in ipairs(timeline.events({ a, b })) do order[#order + 1] = e.date end
check.eq(table.concat(order, " "), "2024-04 2024-05-05 2024-05-09", "dates across two documents")

-- Undated relative dates are left out unless asked for.
local c = assert(parley.doc("They met on Friday."))
check.eq(#timeline.events({ c }), 0, "no document date: relative dates have no value")
check.eq(#timeline.events({ c }, { undated = true }), 1, "unless undated = true")

check.done("timeline")
