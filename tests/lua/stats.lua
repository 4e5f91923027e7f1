-- stats.lua: parley.stats and the Doc methods under it; every expected value is counted by hand from the text.
local check = require("lib.check")
local stats = require("parley.stats")
local text = parley.text

local function near(got, want, message, eps)
  local ok = type(got) == "number" and math.abs(got - want) <= (eps or 1e-6)
  if not ok then message = string.format("%s (got %s, want %.9g)", message, tostring(got), want) end
  return check.ok(ok, message)
end

local function terms_of(rows)
  local out = {}
  for i, r in ipairs(rows) do out[i] = r.term .. "=" .. (r.count or r.tf or r.df) end
  return table.concat(out, " ")
end

-- ---- the Doc methods in C ----

local talks = assert(parley.doc("The talks in Baku were long. The talks ended, and the ministers left."))
-- words: The talks in Baku were long | The talks ended | and the ministers left  -> 13
local counts, n = talks:count_terms({})
check.eq(n, 13, "count_terms counts the 13 words (no punctuation)")
check.eq(counts.the, 3, "the: The, The, the")
check.eq(counts.talks, 2, "talks twice")
check.eq(counts["."], nil, "punctuation is not counted by default")
local _, all = talks:count_terms({}, { kinds = "all" })
check.eq(all, 16, "kinds=\"all\": 13 words, 2 periods, 1 comma")
local by_text = talks:count_terms({}, { by = "text" })
check.eq(by_text.The, 2, "by=text keeps case: The twice")
check.eq(by_text.the, 1, "... and the once")

local shared = {}
talks:count_terms(shared)
talks:count_terms(shared)
check.eq(shared.talks, 4, "count_terms adds into a shared table")

check.eq(table.concat(talks:terms(), " ", 1, 6), "the talks in baku were long", "terms in text order")
local seq = {}
for i, t in ipairs(talks:terms()) do seq[i] = t == false and "|" or t end
check.eq(table.concat(seq, " "), "the talks in baku were long | the talks ended | and the ministers left",
         "a false between sentences and where punctuation was; none at the ends")

local pos = talks:find_tokens({ "the", "talks" })
check.eq(table.concat(pos, ","), "1,8", "find_tokens: a phrase, by token index (punctuation counts as a token)")
check.eq(table.concat(talks:find_tokens({ "tal*" }), ","), "2,9", "a final * is a prefix")
check.eq(#talks:find_tokens({ "tal" }), 0, "without * the whole term must match")
check.eq(#talks:find_tokens({ "The" }, { by = "text" }), 2, "by=text is case-sensitive")

-- find_terms: any of many words and stems, token by token
local lex = assert(parley.doc("Armenia’s borders; the BORDER, 12 bordering 1987. Delimit!"))
-- tokens: Armenia’s(1) borders(2) ;(3) the(4) BORDER(5) ,(6) 12(7) bordering(8) 1987(9) .(10) Delimit(11) !(12)
check.eq(table.concat(lex:find_terms({ "border", "armenia" }), ","), "5",
         "find_terms: whole terms, folded; a possessive's norm keeps its clitic")
check.eq(table.concat(lex:find_terms({ "border", "armenia" }, { by = "base" }), ","), "1,5", "by=base drops it")
check.eq(table.concat(lex:find_terms({ "border*", "19*", "delimit" }), ","), "2,5,8,9,11",
         "stems end in *, numbers count, each token once however many terms it matches")
check.eq(table.concat(lex:find_terms({ "border*", "border" }), ","), "2,5,8", "a token matching two terms comes once")
check.eq(#lex:find_terms({ ";", "!" }), 0, "punctuation is not kept by default")
check.eq(table.concat(lex:find_terms({ ";" }, { kinds = "all" }), ","), "3", "... unless kinds says so")
check.eq(#lex:find_terms({}), 0, "no terms, no tokens")
check.eq(table.concat(lex:find_terms({ "Border" }, { by = "text" }), ","), "", "by=text: as written")
check.eq(table.concat(assert(parley.doc("Ереван и ЕРЕВАН, Սահմանին"))
  :find_terms({ "ереван", "սահման*" }), ","), "1,3,5", "Cyrillic and Armenian terms fold too")
check.raises(function() lex:find_terms({ 1, {} }) end, "string expected", "terms must be strings")
-- A terms table is compiled once and used again while it holds the same strings.
local terms = { "border" }
check.eq(table.concat(lex:find_terms(terms), ","), "5", "a terms table, first use")
terms[1] = "the"
check.eq(table.concat(lex:find_terms(terms), ","), "4", "a term replaced in the same table is seen")
terms[2] = "delimit*"
check.eq(table.concat(lex:find_terms(terms), ","), "4,11", "a term added to it is seen")
terms[2] = nil
collectgarbage()
check.eq(table.concat(lex:find_terms(terms), ","), "4", "a term removed from it is seen")

-- find_terms against a Lua loop over the tokens, on random texts and term lists
do
  local words = { "Border", "borders", "Armenia’s", "talks", "5", "1987", "délimitation", "Ереван", "ЕРЕВАН",
                  "սահմանին", "ki", ",", "“", "-", "the", "THE", "ß", "SS" }
  local stems = { "border", "bord*", "armenia", "talk*", "1*", "delimit*", "ереван", "սահման*", "ss", "the", "*", "," }
  local forms = { "norm", "lower", "text", "base" }
  math.randomseed(5)
  local ok = true
  for _ = 1, 200 do
    local parts = {}
    for i = 1, math.random(1, 12) do parts[i] = words[math.random(#words)] end
    local d = assert(parley.doc(table.concat(parts, " ")))
    local terms = {}
    for i = 1, math.random(0, 5) do terms[i] = stems[math.random(#stems)] end
    local by = forms[math.random(#forms)]
    local kinds = math.random(2) == 1 and "all" or nil
    local want = {}
    for i, t in ipairs(d:tokens()) do
      local kind_ok = kinds == "all" or t.kind == "word" or t.kind == "number"
      local term = by == "text" and t.text or by == "lower" and t.lower or by == "base" and text.fold(t.base) or t.norm
      local hit = false
      for _, w in ipairs(terms) do
        local prefix = #w > 1 and w:sub(-1) == "*"
        local stem = prefix and w:sub(1, -2) or w
        if (prefix and term:sub(1, #stem) == stem) or (not prefix and term == stem) then hit = true end
      end
      if kind_ok and hit then want[#want + 1] = i end
    end
    local got = d:find_terms(terms, { by = by, kinds = kinds })
    if table.concat(got, ",") ~= table.concat(want, ",") then ok = false end
  end
  check.ok(ok, "find_terms agrees with a Lua loop over the tokens on 200 random texts")
end

local grams, added = talks:count_ngrams({}, 2)
check.eq(added, 10, "count_ngrams: 5 + 2 + 3 bigrams, none across a boundary")
check.eq(grams["the talks"], 2, "count_ngrams: the talks twice")
grams, added = talks:count_ngrams({}, 2, { by = "text", stop = { the = true } })
check.eq(grams["The talks"], nil, "count_ngrams: stop words are looked up folded, so The is one")
check.eq(grams["talks in"], 1, "... and other bigrams stay")
check.eq(added, 10, "... and dropped ones still count in the total")
check.raises(function() talks:count_ngrams({}, 0) end, "n must be", "n is checked")

local pairs_, npairs = assert(parley.doc("Alpha beta gamma. Delta")):count_pairs({}, 2)
check.eq(npairs, 3, "count_pairs, window 2: (alpha, beta), (alpha, gamma), (beta, gamma); none into the next sentence")
check.eq(pairs_.alpha.beta .. pairs_.alpha.gamma .. pairs_.beta.gamma, "111", "count_pairs: nested counts")
check.eq(pairs_.gamma, nil, "nothing after gamma in its sentence")

local start, stop, kind, sentence = talks:token_info(7)
check.eq(talks.text:sub(start, stop), ".", "token_info: the bytes of token 7")
check.eq(kind, "punct", "token_info: kind")
check.eq(sentence, 1, "token_info: sentence")
check.eq(talks:token_at(1), 1, "token_at the first byte")
check.eq(talks:token_at(4), 2, "token_at a space: the next token")
check.eq(talks:token_at(6), 2, "token_at inside a token: that token")
check.eq(talks:token_at(#talks.text + 5), #talks:tokens() + 1, "token_at past the end")
-- doc:context(start, stop, left, right): words nearest first, punctuation shown but not counted
local ctx = assert(parley.doc("First line,\n\n  second   line: the deal was renegotiated today."))
local at = ctx.text:find("deal", 1, true)
local lw, rw, lt, rt = ctx:context(at, at + 3, 3, 3)
check.eq(table.concat(lw, "|"), "the|line|second", "context: left words, nearest first, the colon skipped")
check.eq(table.concat(rw, "|"), "was|renegotiated|today", "context: right words")
check.eq(lt, "second line: the ", "context: left text from the farthest word, runs of spaces squeezed")
check.eq(rt, " was renegotiated today", "context: right text up to the farthest word")
lw, _, lt = ctx:context(at, at + 3, 9, 0)
check.eq(#lw, 5, "context: fewer words than asked near the start")
check.eq(lt, "First line, second line: the ", "context: the newlines become one space")
local mid = ctx.text:find("negotiat", 1, true)
lw, rw, lt, rt = ctx:context(mid, mid + 7, 1, 1)
check.eq(lw[1] .. "|" .. rw[1], "was|today", "context of a match inside a word: the word itself is neither side")
check.eq(lt .. "[]" .. rt, "was re[]ed today", "... and its other pieces stay in the texts")
_, rw, _, rt = ctx:context(#ctx.text - 5, #ctx.text - 1, 0, 3)
check.eq(#rw .. rt, "0.", "context at the end: the final period")
check.raises(function() ctx:context(0, 3, 1, 1) end, "out of the document", "context checks its range")

check.raises(function() talks:token_info(0) end, "out of range", "token_info checks its index")
check.raises(function() talks:count_terms({}, { kinds = { "wrd" } }) end, "unknown token kind \"wrd\"",
             "an unknown kind raises")
check.raises(function() talks:count_terms({}, { by = "lemma" }) end, "unknown term form", "an unknown by raises")

-- by="base" cuts the possessive clitic; norm keeps it
local poss = assert(parley.doc("Armenia’s border and Armenia agreed."))
check.eq(poss:count_terms({}, { by = "base" }).armenia, 2, "base: Armenia’s and Armenia are one term")
check.eq(poss:count_terms({}).armenia, 1, "norm: armenia's is its own term")

-- the ASCII fast path agrees with the token fields (text.fold, text.lower) everywhere
local mixed = assert(parley.doc("Ереван и Баку: İlham Əliyev, “Peace” — Straße ÉTAT U.S. don’t 3,5 #Peace @Kyiv " ..
                                "FInal CAFÉ Cafe\u{301} Հայաստան ՀԱՅԱՍՏԱՆ 日本 x\u{AD}y"))
local seed = assert(parley.open()):get(1)
for _, d in ipairs({ mixed, seed }) do
  local toks, norms, lowers, same = d:tokens(), {}, {}, true
  for _, t in ipairs(d:terms{ kinds = "all" }) do if t then norms[#norms + 1] = t end end
  for _, t in ipairs(d:terms{ kinds = "all", by = "lower" }) do if t then lowers[#lowers + 1] = t end end
  for i = 1, #toks do
    if norms[i] ~= toks[i].norm or lowers[i] ~= toks[i].lower then
      same = false
      check.eq(norms[i] .. "/" .. lowers[i], toks[i].norm .. "/" .. toks[i].lower, "token " .. i)
    end
  end
  check.ok(same and #norms == #toks, "terms agree with token.norm and token.lower on " .. #toks .. " tokens")
end

-- ---- sources ----

local d1 = assert(parley.doc("oil prices rose"))
local d2 = assert(parley.doc("oil exports fell"))
local d3 = assert(parley.doc("grain prices fell"))
local three = { d1, d2, d3 }
check.eq(stats.freq(three).total, 9, "an array of Docs")
check.eq(stats.freq(d1).total, 3, "one Doc")
local i = 0
check.eq(stats.freq(function() i = i + 1; return three[i] end).total, 9, "an iterator")
check.raises(function() stats.freq(42) end, "expected a Corpus", "anything else raises")

-- ---- freq ----

local f = stats.freq(talks)
check.eq(terms_of(f), "the=3 talks=2 and=1 baku=1 ended=1 in=1 left=1 long=1 ministers=1 were=1",
         "by count, then by term")
check.eq(f.total, 13, "total")
near(f[1].share, 3 / 13, "share of the")
local fs = stats.freq(talks, { stop = true })
check.eq(terms_of(fs), "talks=2 baku=1 ended=1 left=1 long=1 ministers=1", "stop=true drops the, in, were, and")
check.eq(fs.total, 13, "share still divides by every token counted")
check.eq(terms_of(stats.freq(talks, { stop = "en", min = 2 })), "talks=2", "min")
check.eq(terms_of(stats.freq(talks, { top = 2 })), "the=3 talks=2", "top")
check.eq(terms_of(stats.freq(talks, { stop = { "the", "Talks" }, top = 2 })), "and=1 baku=1",
         "a list of stop words, folded")
check.eq(terms_of(stats.freq(talks, { by = "text", stop = true, top = 1 })), "talks=2",
         "by=text: stop words compare folded (The is a stop word)")

local ru = assert(parley.doc("Переговоры в Ереване и в Баку: переговоры её не остановили."))
check.eq(terms_of(stats.freq(ru, { stop = "ru" })), "переговоры=2 баку=1 ереване=1 остановили=1",
         "Russian stop words (в, и, её via е, не)")
local hy = assert(parley.doc("Հայաստանը և Ադրբեջանը համաձայնության են եկել այս հարցի շուրջ։"))
check.eq(terms_of(stats.freq(hy, { stop = "hy" })), "ադրբեջանը=1 եկել=1 համաձայնության=1 հայաստանը=1 հարցի=1",
         "Armenian stop words (և, են, այս, շուրջ)")
local az = assert(parley.doc("Azərbaycan və Ermənistan üçün bu sülh sazişi vacibdir."))
check.eq(terms_of(stats.freq(az, { stop = "az" })), "azərbaycan=1 ermənistan=1 sazisi=1 sulh=1 vacibdir=1",
         "Azerbaijani stop words (və, üçün, bu); fold drops ü, ş marks but keeps ə")
check.ok(stats.stopwords("en").the and stats.stopwords("ru")["и"] and stats.stopwords("en,hy")["եւ"],
         "stopwords(langs) sets, և stored folded as եւ")
check.raises(function() stats.freq(talks, { stop = "xx" }) end, "no stop word list", "an unknown language raises")

local nums = assert(parley.doc("In 2025, 3 ministers met 3 envoys; $5 #peace"))
check.eq(stats.freq(nums).total, 8, "numbers count by default: in 2025 3 ministers met 3 envoys 5")
check.eq(stats.freq(nums, { kinds = { "word" } }).total, 4, "kinds={\"word\"}: in ministers met envoys")
check.eq(stats.freq(nums, { kinds = { "hashtag" } })[1].term, "#peace", "kinds={\"hashtag\"}")

-- ---- n-grams ----

-- runs: [the talks in baku were long] [the talks ended] [and the ministers left]
local bi = stats.ngrams(talks, 2)
check.eq(bi.total, 10, "5 + 2 + 3 bigrams; none across a sentence or a comma")
check.eq(bi[1].term .. "=" .. bi[1].count, "the talks=2", "the most frequent bigram")
check.eq(#bi, 9, "nine distinct bigrams")
local found = {}
for _, r in ipairs(bi) do found[r.term] = true end
check.ok(not found["long the"] and not found["ended and"], "no bigram across a boundary")
check.eq(terms_of(stats.ngrams(talks, 2, { stop = true })), "ministers left=1 talks ended=1",
         "stop: bigrams starting or ending with a stop word go")
check.eq(stats.ngrams(talks, 3).total, 7, "4 + 1 + 2 trigrams")
local kept = stats.ngrams(assert(parley.doc("The minister of defence spoke.")), 3, { stop = true })
check.eq(terms_of(kept), "minister of defence=1", "a stop word inside an n-gram stays")
check.eq(stats.ngrams(talks, 1).total, 13, "unigrams are the tokens")

-- ---- association measures ----

-- Pairs (window 1) in "Peace deal. Peace deal. Peace talks. New deal.":
-- (peace, deal) 2, (peace, talks) 1, (new, deal) 1; N = 4.
-- peace deal: O11 = 2, R1 = 3 (pairs starting with peace), C1 = 3 (ending with deal)
--   E11 = 3*3/4 = 2.25; O12 = 1, O21 = 1, O22 = 4 - 3 - 3 + 2 = 0
--   E12 = 3*1/4 = .75, E21 = .75, E22 = 1*1/4 = .25
--   PMI = log2(2/2.25) = -0.169925;  t = (2 - 2.25)/sqrt(2) = -0.176777
--   G2 = 2 (2 ln(2/2.25) + ln(1/.75) + ln(1/.75) + 0) = 0.679596, negative since O11 < E11
-- new deal: O11 = 1, R1 = 1, C1 = 3: E11 = .75; PMI = log2(1/.75) = 0.415037; t = .25
--   O12 = 0, O21 = 2, O22 = 1; E12 = .25, E21 = 2.25, E22 = .75
--   G2 = 2 (ln(1/.75) + 0 + 2 ln(2/2.25) + ln(1/.75)) = +0.679596
local deals = assert(parley.doc("Peace deal. Peace deal. Peace talks. New deal."))
local col = stats.collocations(deals, { min = 1, measure = "pmi" })
check.eq(col.total, 4, "N: four pairs")
check.eq(#col, 3, "three distinct pairs")
local by_term = {}
for _, r in ipairs(col) do by_term[r.term] = r end
local pd, nd = by_term["peace deal"], by_term["new deal"]
check.eq(pd.count, 2, "O11 of peace deal")
near(pd.expected, 2.25, "E11 of peace deal")
near(pd.pmi, -0.169925001, "PMI of peace deal")
near(pd.t, -0.176776695, "t of peace deal")
near(pd.g2, -0.679596147, "G2 of peace deal (signed)")
near(nd.pmi, 0.415037499, "PMI of new deal")
near(nd.t, 0.25, "t of new deal")
near(nd.g2, 0.679596147, "G2 of new deal")
check.eq(col[#col].term, "peace deal", "sorted by PMI: peace deal last")
check.eq(col[1].term, "new deal", "ties on PMI broken by count, then term: new deal before peace talks")
check.eq(#stats.collocations(deals), 0, "min defaults to 3")
near(stats.measures(1, 1, 3, 4).g2, 0.679596147, "measures() directly")

-- window 2 in "a b c": pairs (a,b) (a,c) (b,c); N = 3
local abc = stats.collocations(assert(parley.doc("alpha beta gamma")), { window = 2, min = 1 })
check.eq(abc.total, 3, "window 2: three ordered pairs")
check.eq(#stats.collocations(deals, { min = 1, stop = { "deal" } }), 1, "stop words leave the output only")

-- ---- keyness ----

-- target "oil oil oil gas": c = 4; reference "oil gas gas gas gas gas gas gas": d = 8.
-- oil: a = 3, b = 1; E1 = 4*4/12 = 1.3333, E2 = 8*4/12 = 2.6667
--   G2 = 2 (3 ln(3/1.3333) + 1 ln(1/2.6667)) = 2.903923; log ratio = log2((3/4)/(1/8)) = log2 6 = 2.584963
--   p = erfc(sqrt(G2/2)) = 0.088364
-- gas: a = 1, b = 7; E1 = 2.6667, E2 = 5.3333; G2 = 2 (ln(1/2.6667) + 7 ln(7/5.3333)) = 1.845414, under-used
--   log ratio = log2((1/4)/(7/8)) = -1.807355
local target = assert(parley.doc("oil oil oil gas"))
local reference = assert(parley.doc("oil gas gas gas gas gas gas gas"))
local key = stats.keyness(target, reference, { min = 1, direction = "both" })
check.eq(#key, 2, "both terms")
check.eq(key[1].term, "oil", "sorted by |G2|")
check.eq(key[1].target .. "/" .. key[1].reference, "3/1", "counts")
near(key[1].g2, 2.903922791, "G2 of oil")
near(key[1].log_ratio, 2.584962501, "log ratio of oil")
near(key[1].p, 0.088364271, "p of oil", 1e-6)
near(key[2].g2, -1.845413511, "G2 of gas, negative: rarer in the target")
near(key[2].log_ratio, -1.807354922, "log ratio of gas")
check.eq(key.target_total .. "/" .. key.reference_total, "4/8", "token totals")
check.eq(#stats.keyness(target, reference, { min = 1 }), 1, "direction defaults to over")
check.eq(stats.keyness(target, reference, { min = 1, direction = "under" })[1].term, "gas", "under")
check.eq(#stats.keyness(target, reference, { min = 1, max_p = 0.05 }), 0, "max_p: p = 0.088 is dropped")
local none, why = stats.keyness(target, {}, { min = 1 })
check.eq(none, nil, "an empty reference is a data error")
check.eq(why, "stats.keyness: the reference has no tokens to count", "... with a message")
-- a term absent from the reference: a = 2, b = 0, c = d = 10: E1 = E2 = 1;
-- G2 = 2 (2 ln 2) = 2.772589; log ratio with b taken as 0.5: log2((2/10)/(0.5/10)) = 2
local k0 = stats.keyness_row(2, 0, 10, 10)
near(k0.g2, 2.772588722, "G2 with a zero")
near(k0.log_ratio, 2, "log ratio with a zero count taken as 0.5")
near(stats.chi2_p(3.841459), 0.05, "critical value for p = .05", 1e-6)
near(stats.chi2_p(6.634897), 0.01, "critical value for p = .01", 1e-6)
near(stats.chi2_p(10.827566), 0.001, "critical value for p = .001", 1e-6)

-- ---- document frequency and tf-idf ----

-- oil prices rose | oil exports fell | grain prices fell
local df = stats.df(three)
check.eq(terms_of(df), "fell=2 oil=2 prices=2 exports=1 grain=1 rose=1", "df, by df then term")
check.eq(df.n, 3, "N")
near(df[1].share, 2 / 3, "share = df / N")
-- tf-idf of d1: rose tf 1, df 1: ln(3/1) = 1.098612; oil, prices: ln(3/2) = 0.405465
local tf = stats.tfidf(d1, df)
check.eq(terms_of(tf), "rose=1 oil=1 prices=1", "by tf-idf, then term")
near(tf[1].tfidf, 1.098612289, "rose: 1 * ln 3")
near(tf[2].idf, 0.405465108, "oil: ln(3/2)")
local smooth = stats.tfidf(d1, three, { smooth = true })
near(smooth[1].idf, 1.693147181, "smooth idf of rose: ln(4/2) + 1")
near(smooth[2].idf, 1.287682072, "smooth idf of oil: ln(4/3) + 1")
local outside = stats.tfidf(assert(parley.doc("oil boom boom")), df)
check.eq(outside[1].term .. " " .. outside[1].tf .. " " .. outside[1].df, "boom 2 0", "a term unseen in the collection")
near(outside[1].tfidf, 2 * math.log(3), "... counts as df = 1: 2 * ln 3")
check.eq(select(2, stats.tfidf(d1, {})), "stats.tfidf: the collection has no documents", "an empty collection")

-- ---- KWIC ----

local k1 = assert(parley.doc("Officials from Հայաստան met in Baku."))
local k2 = assert(parley.doc("Delegates from 日本 met in Geneva."))
local k3 = assert(parley.doc("Envoys met in Vienna."))
local rows = stats.kwic({ k1, k2, k3 }, "met", { left = 2, right = 2 })
check.eq(#rows, 3, "one row per match")
check.eq(rows[1].left, "from Հայաստան ", "left context: two words")
check.eq(rows[1].match, "met", "match")
check.eq(rows[1].right, " in Baku", "right context: two words, the period after them left out")
check.eq(rows[1].l[1] .. "," .. rows[1].l[2], "Հայաստան,from", "context words, nearest first")
check.eq(rows[1].span.text, "met", "the span of the match")
check.ok(rows[1].doc == k1, "the document")
check.eq(rows[2].left, "from 日本 ", "CJK: 日本 is one word, 4 columns wide")
check.eq(rows[3].left, "Envoys ", "fewer words than asked at the start of a document")
check.eq(text.width("Հայաստան"), 8, "Armenian: one column per letter")
check.eq(text.width("日本"), 4, "CJK: two columns per character")

local lines = {}
for line in stats.kwic_text(rows):gmatch("[^\n]+") do lines[#lines + 1] = line end
-- the widest left context is "from Հայաստան " (4 + 1 + 8 + 1 = 14 columns)
check.eq(lines[1], "from Հայաստան met in Baku", "line 1")
check.eq(lines[2], string.rep(" ", 4) .. "from 日本 met in Geneva", "line 2: 14 - 10 columns of padding")
check.eq(lines[3], string.rep(" ", 7) .. "Envoys met in Vienna", "line 3: 14 - 7")
for n_, line in ipairs(lines) do
  local at = line:find("met", 1, true)
  check.eq(text.width(line:sub(1, at - 1)), 14, "the match starts at column 15 on line " .. n_)
end

local cols = {}
for line in stats.kwic_text(rows, { columns = true }):gmatch("[^\n]+") do cols[#cols + 1] = line end
-- columns L2 (4 wide), L1 (8: Հայաստան), match (3), R1 (2), R2 (6), two spaces apart
check.eq(cols[1], "from  Հայաստան  met  in  Baku", "columns, line 1")
check.eq(cols[2], "from      日本  met  in  Geneva", "columns, line 2: 日本 (4 columns) right-aligned in 8")
check.eq(cols[3], "        Envoys  met  in  Vienna", "columns, line 3: an empty L2")
for n_, line in ipairs(cols) do
  local at = line:find("met", 1, true)
  check.eq(text.width(line:sub(1, at - 1)), 16, "column mode: the match at column 17 on line " .. n_)
end

local cut = stats.kwic_text(rows, { width = 6 })
check.eq(cut:match("^[^\n]+"), "աստան met in Ba", "width=6 keeps the 6 columns nearest the match on each side")
check.eq(stats.kwic_text(stats.kwic({ k3 }, "met", { left = 1, right = 1, columns = true })),
         "Envoys  met  in\n", "columns=true given to kwic carries to kwic_text")
check.ok(stats.kwic_text(rows, { ref = true }):find("^%-:1  from"), "ref=true: doc id (- when not stored) and line")
check.eq(stats.kwic_text({}), "", "no rows, no text")

local function order(rs)
  local out = {}
  for j, r in ipairs(rs) do out[j] = r.doc == k1 and "k1" or r.doc == k2 and "k2" or "k3" end
  return table.concat(out, ",")
end
-- left1 keys: հայաստան, 日本, envoys; byte order: envoys < հայաստան (U+0570) < 日本 (U+65E5)
check.eq(order(stats.kwic({ k1, k2, k3 }, "met", { left = 2, right = 2, sort = "left1" })), "k3,k1,k2", "sort left1")
check.eq(order(stats.kwic({ k3, k2, k1 }, "met", { sort = "right1" })), "k3,k2,k1", "right1 ties keep corpus order")
check.eq(order(stats.kwic({ k3, k2, k1 }, "met", { sort = "right2" })), "k1,k2,k3", "right2: baku, geneva, vienna")
check.eq(order(stats.kwic({ k2, k1, k3 }, "met", { sort = { "right1", "left2" } })), "k3,k2,k1",
         "two keys: right1 ties, then left2: '' (Envoys has no L2), from, from (corpus order)")
check.raises(function() stats.kwic(k1, "met", { sort = "middle" }) end, "sort keys", "a bad sort key raises")

-- phrases, prefixes, case and punctuation in the context
local news = assert(parley.doc("The Peace Agreement was signed. Negotiators praised the peace agreement, and " ..
                               "negotiations on a new peace treaty began."))
local ph = stats.kwic(news, "peace agreement", { left = 1, right = 1 })
check.eq(#ph, 2, "a phrase matches across case")
check.eq(ph[1].match, "Peace Agreement", "the phrase as written")
check.eq(ph[2].right, ", and", "punctuation shows in the context but is not a word")
check.eq(ph[2].r[1], "and", "R1 skips the comma")
local pre = stats.kwic(news, "negotiat*", { left = 0, right = 1 })
check.eq(#pre, 2, "prefix: Negotiators and negotiations")
check.eq(pre[1].match .. "|" .. pre[2].match, "Negotiators|negotiations", "prefix matches")
check.eq(pre[1].left, "", "left=0: no left context")

-- regex KWIC: on the text, inside words too
local rx = parley.re.compile("negotiat\\w*", "i")
local rr = stats.kwic(assert(parley.doc("They renegotiated the deal, and negotiations resumed.")), rx,
                      { left = 2, right = 2 })
check.eq(#rr, 2, "two regex matches")
check.eq(rr[1].left .. "[" .. rr[1].match .. "]" .. rr[1].right, "They re[negotiated] the deal",
         "a match inside a word: the rest of the word stays in the context")
check.eq(rr[1].l[1], "They", "L1 is the word before the one holding the match")
check.eq(rr[2].left .. "[" .. rr[2].match .. "]" .. rr[2].right, "deal, and [negotiations] resumed.",
         "the end of the document ends the right context")
check.eq(#stats.kwic(news, "peace\\s+\\w+", { regex = true }), 2, "regex=true compiles a string (case-sensitive)")
check.eq(#stats.kwic(news, "PEACE", { regex = true, flags = "i" }), 3, "with flags")
check.eq(#stats.kwic({ k1, k2, k3, news }, "met", { limit = 2 }), 2, "limit")

-- ---- a stored corpus: sub-corpora for keyness ----

local db = os.tmpname()
os.remove(db)
db = db .. ".db"
local c = assert(parley.open(db))
c:add("Yerevan said the border talks went well. Yerevan welcomed it.", { source = "armenpress" })
c:add("Baku said the border talks failed.", { source = "apa" })
c:add("Baku and Yerevan talks.", {})
local ids = {}
for d in c:docs{ not_source = "armenpress" } do ids[#ids + 1] = d.id end
check.eq(table.concat(ids, ","), "2,3", "not_source: the rest, a document without a source included")
c:add("Переговоры продолжатся.", { source = "tass", lang = "ru" })
ids = {}
for d in c:docs{ not_lang = "ru" } do ids[#ids + 1] = d.id end
check.eq(table.concat(ids, ","), "1,2,3", "not_lang: every document but the Russian one")
c:sql("DELETE FROM documents WHERE id = 4")
-- target (armenpress): 10 words, yerevan 2; the rest: 6 + 4 words, yerevan 1.
-- went, well, welcomed, it: a = 1, b = 0, E = .5 each: G2 = 2 ln 2 = 1.386294
-- yerevan: a = 2, b = 1, E = 1.5 each: G2 = 2 (2 ln(2/1.5) + ln(1/1.5)) = 0.339798
local ky = stats.keyness(c:docs{ source = "armenpress" }, c:docs{ not_source = "armenpress" }, { min = 1 })
check.eq(ky.target_total .. "/" .. ky.reference_total, "10/10", "totals of the two sub-corpora")
check.eq(#ky, 5, "five terms over-used in armenpress")
check.eq(ky[1].term .. " " .. ky[4].term, "it went", "G2 1.386 for four terms, by term")
near(ky[1].g2, 2 * math.log(2), "G2 of it")
check.eq(ky[5].term, "yerevan", "then yerevan")
near(ky[5].g2, 0.339798, "G2 of yerevan", 1e-6)
check.eq(stats.freq(c).total, 20, "a Corpus is all its documents")
check.ok(stats.table(stats.freq(c, { top = 2 })):find("^term%s+count%s+share\n"), "stats.table renders rows")
c:close()
for _, suffix in ipairs({ "", "-wal", "-shm" }) do os.remove(db .. suffix) end

check.done("stats")
