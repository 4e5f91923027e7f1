-- extract.lua: the negotiation extractors on the seed article (expectations read from it) and
-- precision/recall of quotes, speakers, actors and dates on five articles about other talks.
local check = require("lib.check")
local here = arg[0]:match("^(.*)/[^/]*$") or "."
local base = here .. "/../extract"
local tsv = require("parley.tsv")
tsv.extra[#tsv.extra + 1] = base .. "/data"     -- the analyst's own gazetteer for the other talks
local extract = require("parley.extract")
local gold = dofile(base .. "/gold.lua")

-- ---- the seed article ----
local seed = assert(parley.open()):get(1)
local quotes = extract.quotes(seed)
local function quote_by(prefix)
  for _, q in ipairs(quotes) do if q.text:sub(1, #prefix) == prefix then return q end end
end
local q1 = quote_by("The negotiation process on the text of the peace agreement with Armenia has been concluded")
check.eq(q1 and q1.speaker, "bayramov", "the first quote is Bayramov's")
check.eq(q1 and q1.speaker_country, "azerbaijan", "who speaks for Azerbaijan")
check.eq(q1 and q1.speaker_mention, "Azerbaijani Foreign Minister Jeyhun Bayramov", "named with his title")
check.eq(q1 and q1.cue, "told", "cue verb")
check.eq(q1 and seed.text:sub(q1.span.start, q1.span.stop), q1 and q1.text, "the quote's span is its text")
local q2 = quote_by("Armenia has accepted")
check.eq(q2 and q2.speaker, "bayramov", "“..., ” he said: the last named speaker")
check.eq(q2 and q2.speaker_mention, "he", "through the pronoun")
local q7 = quote_by("We believe this text is a compromise, as a peace agreement should be")
check.eq(q7 and q7.speaker, "pashinyan", "“We believe ...,” he told reporters: Pashinyan")
check.eq(quote_by("important event") and quote_by("important event").speaker, "pashinyan", "hailed an “important event”")
check.eq(quote_by("negotiations on the draft agreement") and quote_by("negotiations on the draft agreement").speaker,
         "mfa_armenia", "Armenia’s foreign ministry in a statement")
check.eq(quote_by("non-deployment of third-party forces") and quote_by("non-deployment of third-party forces").speaker,
         "pashinyan", "he said, after Pashinyan said Thursday")
check.eq(quote_by("next expectation from Armenia") and quote_by("next expectation from Armenia").speaker, "bayramov",
         "Bayramov said")
for _, q in ipairs(quotes) do
  check.ok(not q.text:find("Vardanyan") and not q.text:find("Telegram"), "no quote from boilerplate")
end

local status = {}
for _, issue in ipairs(extract.issues(seed)) do status[issue.id] = issue end
check.eq(status.third_party_forces and status.third_party_forces.status, "agreed", "third-party forces: now agreed")
check.eq(status.third_party_forces and status.third_party_forces.was, "outstanding", "... after being unresolved")
check.eq(status.legal_claims and status.legal_claims.status, "agreed", "withdrawal of legal cases: now agreed")
check.eq(status.legal_claims and status.legal_claims.was, "outstanding", "... after being unresolved")
check.eq(status.constitution and status.constitution.status, "demanded", "constitutional amendments are demanded")
check.eq(status.constitution and status.constitution.by, "azerbaijan", "... by Azerbaijan")
check.eq(status.constitution and status.constitution.open, true, "... and outstanding")

local actors = {}
for _, a in ipairs(extract.actors(seed)) do actors[a.entity] = a.count end
check.ok((actors.armenia or 0) > 5 and (actors.azerbaijan or 0) > 5, "the two parties are the most mentioned")
check.eq(actors.vardanyan, nil, "Vardanyan is only in the teaser, which is not the story")

-- An actor is described by its own gazetteer row, whichever alias named it first:
-- "Moscow" (a capital standing for Russia) before "Russia", "Brussels" for the EU.
local by = {}
for _, a in ipairs(extract.actors(parley.doc("Moscow said on Monday it would attend. Russia sent a delegation. " ..
                                             "Brussels welcomed the deal."))) do by[a.entity] = a end
check.eq(by.russia and by.russia.label .. "/" .. by.russia.role, "GPE/state", "Russia is a state, not a capital")
check.eq(by.russia and by.russia.count, 2, "Moscow and Russia are two mentions of Russia")
check.eq(by.eu and by.eu.label .. "/" .. by.eu.role, "ORG/union of states", "the EU named by its seat is still the EU")

local relations = {}
for _, r in ipairs(extract.relations(seed)) do relations[#relations + 1] = r.source .. ">" .. tostring(r.target) end
local rel = " " .. table.concat(relations, " ") .. " "
check.ok(rel:find(" armenia>azerbaijan "), "Armenia criticised Azerbaijan: " .. rel)
check.ok(rel:find(" armenia>russia "), "Yerevan accusing its ally (Russia)")

-- ---- names and titles in quotation marks are nobody's words ----
local named = assert(parley.doc(table.concat({
  "Лавров дал интервью газете «Комсомольская правда» в среду.",
  "Среди его книг: «Созвездие Козлотура», «Сандро из Чегема».",
  "Посол назвал случившееся «неприятным инцидентом».",
  "«Нет», — сказал Лавров.",
  "Пашинян ответил: «Нет».",
  "Pashinyan hailed an “important event,” saying the text was ready.",
  "\"Да\", - ответил Пашинян.",
  "Թերթը՝ «Կալիֆոռնիա Կուրիեր»-ը, փակվեց։",
}, "\n\n")))
local said = {}
for _, q in ipairs(extract.quotes(named)) do said[#said + 1] = q.text end
said = table.concat(said, " | ")
check.eq(said, "Нет | Нет | important event | Да",
         "names, titles and a scare quote left out (an Armenian suffix -ը is no dash); short speech kept")

-- ---- speech verbs of Russian, Armenian and Azerbaijani news ----
local verbs = assert(parley.doc(table.concat({
  "«Мы готовы к подписанию», — добавил Лавров.",
  "«Պատրաստ ենք ստորագրել», - ընդգծեց Փաշինյանը։",
  "\"Biz sülhə hazırıq\", - Əliyev vurğuladı.",
}, "\n\n")))
local by_cue = {}
for _, q in ipairs(extract.quotes(verbs)) do by_cue[#by_cue + 1] = tostring(q.speaker) .. "/" .. tostring(q.cue) end
check.eq(table.concat(by_cue, " "), "lavrov/добавил pashinyan/ընդգծեց aliyev/vurğuladı",
         "добавил, ընդգծեց, vurğuladı introduce quotes, and the declined speakers are found")

-- ---- speakers the gazetteer does not list: their mention, no entity ----
local mentions = {}
for _, text in ipairs({ "“We will sign it,” Mike Pompeo said.", "“Not yet,” a spokesman told Reuters.",
                        "«Պատրաստ ենք», - հայտարարեց Արմեն Աշոտյանը։" }) do
  local q = extract.quotes(assert(parley.doc(text)))[1]
  mentions[#mentions + 1] = tostring(q and q.speaker) .. "/" .. tostring(q and q.speaker_mention)
end
check.eq(table.concat(mentions, " "), "nil/Mike Pompeo nil/nil nil/Արմեն Աշոտյանը",
         "an unlisted name next to the verb is the mention; the one told is not the speaker")

-- ---- abbreviations are names only in capitals ----
local caps = assert(parley.doc("Ես պատրաստ եմ։ ԵՄ ներկայացուցիչը ժամանեց Երևան։ Լավրովը հանդիպեց ԱՄՆ դեսպանին։"))
local ids = {}
for _, m in ipairs(extract.mentions(caps)) do ids[#ids + 1] = m.id .. "@" .. m.sentence end
check.eq(table.concat(ids, " "), "eu@2 yerevan@2 usa@3",
         "Armenian 'եմ' (I am) is not the EU (ԵՄ); capitals and a declined capital are found")

-- ---- a colon before the quotation, across a line break ----
local colon_doc = assert(parley.doc("Azerbaijani Foreign Minister Jeyhun Bayramov: \n “The text of the agreement is agreed.”" ..
                                    "\n\nОн ответил: «Нет». Газета «Правда» вышла."))
local got_colon = {}
for _, q in ipairs(extract.quotes(colon_doc)) do
  got_colon[#got_colon + 1] = string.format("%s/%.2f/%s", q.speaker, q.confidence, q.text)
end
check.eq(table.concat(got_colon, " | "),
         "bayramov/0.85/The text of the agreement is agreed. | bayramov/0.75/Нет",
         "'X: “...”' names X (0.85); «Нет» after 'ответил:' is a quote, «Правда» with no colon a title")

-- ---- a Doc's mentions are kept, and found again when what they depend on changes ----
local actors = require("parley.extract.actors")
local clean = require("parley.clean")
local kept_doc = assert(parley.doc("Zorbania and Armenia met.\n\nFollow us on Telegram, Armenia fans."))
local function ids_of(d)
  local out = {}
  for _, m in ipairs(actors.mentions(d)) do out[#out + 1] = m.id end
  return table.concat(out, " ")
end
check.eq(ids_of(kept_doc), "armenia", "the teaser's Armenia is boilerplate; Zorbania is unknown")
local first = actors.mentions(kept_doc)
first[1] = "scribbled on"
check.eq(ids_of(kept_doc), "armenia", "a caller's change to the array does not reach the next caller")
actors.gazetteers().actors:add({ "Zorbania", id = "zorbania", label = "GPE" })
check.eq(ids_of(kept_doc), "zorbania armenia", "an entry added after the first call is found in the same Doc")
check.eq(#actors.mentions(kept_doc, { all = true }), 3, "all = true also reads the boilerplate")
local n = #clean.rules
table.insert(clean.rules, { kind = "start", text = "Zorbania", pattern = "^Zorbania", reason = "test" })
check.eq(ids_of(kept_doc), "", "a boilerplate rule added after the first call applies")
table.remove(clean.rules, n + 1)

-- hits.between: a sentence's share of an ascending array of token indices
local hits = require("parley.extract.hits")
local got = {}
for i in hits.between({ 2, 5, 7, 9, 12 }, 5, 9) do got[#got + 1] = i end
check.eq(table.concat(got, ","), "5,7,9", "the indices in first..last, bounds included")
got = {}
for i in hits.between({ 2, 5 }, 6, 9) do got[#got + 1] = i end
check.eq(#got, 0, "none in the range")
local two = assert(parley.doc("One here. Two there. Three."))   -- tokens 1-3, 4-6, 7-8
local set = hits.sentences(two, { 2, 8 })
check.eq(tostring(set[1]) .. tostring(set[2]) .. tostring(set[3]), "truenil" .. "true",
         "hits.sentences: the sentences of tokens 2 and 8")

-- ---- other talks: precision and recall ----
-- An empty side (a quote of only punctuation) is found in anything: it overlaps nothing.
local function overlaps(a, b)
  local x, y = a:gsub("[%p%s]+$", ""), b:gsub("[%p%s]+$", "")
  return x ~= "" and y ~= "" and (x:find(y, 1, true) or y:find(x, 1, true))
end

local totals = {}
local function count(name, tp_pred, n_pred, tp_gold, n_gold)
  local t = totals[name] or { 0, 0, 0, 0 }
  t[1], t[2], t[3], t[4] = t[1] + tp_pred, t[2] + n_pred, t[3] + tp_gold, t[4] + n_gold
  totals[name] = t
end

local function score_quotes(doc, want)
  local got = extract.quotes(doc)
  local matched_pred, right_pred, matched_gold, right_gold = 0, 0, 0, 0
  for _, q in ipairs(got) do
    for _, g in ipairs(want) do
      if overlaps(q.text, g[1]) then
        matched_pred = matched_pred + 1
        if q.speaker == g[2] then right_pred = right_pred + 1 end
        break
      end
    end
  end
  for _, g in ipairs(want) do
    for _, q in ipairs(got) do
      if overlaps(q.text, g[1]) then
        matched_gold = matched_gold + 1
        if q.speaker == g[2] then right_gold = right_gold + 1 end
        break
      end
    end
  end
  count("quotes", matched_pred, #got, matched_gold, #want)
  count("speakers", right_pred, #got, right_gold, #want)
end

local function score_set(name, got, want)
  local set_got, set_want, n_got, n_want, tp = {}, {}, 0, 0, 0
  for _, v in ipairs(got) do if v and not set_got[v] then set_got[v] = true n_got = n_got + 1 end end
  for _, v in ipairs(want) do set_want[v] = true n_want = n_want + 1 end
  for v in pairs(set_got) do if set_want[v] then tp = tp + 1 end end
  count(name, tp, n_got, tp, n_want)
end

local names = {}
for name in pairs(gold) do names[#names + 1] = name end
table.sort(names)
for _, name in ipairs(names) do
  local doc = assert(parley.read(base .. "/articles/" .. name))
  local want = gold[name]
  score_quotes(doc, want.quotes)
  local ents, vals = {}, {}
  for _, a in ipairs(extract.actors(doc)) do ents[#ents + 1] = a.entity end
  for _, d in ipairs(extract.dates(doc)) do vals[#vals + 1] = d.value end
  score_set("actors", ents, want.actors)
  score_set("dates", vals, want.dates)
end

for _, name in ipairs({ "quotes", "speakers", "actors", "dates" }) do
  local t = totals[name]
  local p, r = t[2] > 0 and t[1] / t[2] or 0, t[4] > 0 and t[3] / t[4] or 0
  print(string.format("extract %-8s precision %.2f (%d/%d)  recall %.2f (%d/%d)", name, p, t[1], t[2], r, t[3], t[4]))
  -- Floors, not targets: a change that drops below them broke something.
  check.ok(p >= 0.6 and r >= 0.6, name .. " precision and recall at least 0.6 on articles about other talks")
end

check.done("extract")
