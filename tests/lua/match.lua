-- match.lua: parley.match: gazetteers (match.phrases), token rules (match.tokens), overlaps, explain.
--
-- Expected matches were decided by reading the sentences: which tokens the
-- news segmenter makes ("Armenia’s" is one possessive token, "U.S." one
-- abbreviation) and what text.fold keeps (ə, й) or drops (case, accents).
local check = require("lib.check")
local match = require("parley.match")

check.ok(parley.match == match, "parley.match is the module")

-- texts of an array of Spans, joined by |
local function texts(spans)
  local out = {}
  for i, s in ipairs(spans) do out[i] = s.text end
  return table.concat(out, "|")
end

-- "text=field" for each span
local function with(spans, field)
  local out = {}
  for i, s in ipairs(spans) do out[i] = s.text .. "=" .. tostring(s[field]) end
  return table.concat(out, "|")
end

local function write_file(suffix, content)
  local path = os.tmpname() .. suffix
  local f = assert(io.open(path, "wb"))
  f:write(content)
  f:close()
  return path
end

-- ---------------------------------------------------------------------------
-- Gazetteers: aliases in any script, matched on folded token keys
-- ---------------------------------------------------------------------------

local actors = match.phrases{
  {"Nikol Pashinyan", "Pashinyan", "Пашинян", "Փաշինյան", label = "PERSON", id = "pashinyan", country = "armenia"},
  {"Jeyhun Bayramov", "Bayramov", label = "PERSON", id = "bayramov", country = "azerbaijan"},
  {"Armenia", "Армения", "Հայաստան", label = "GPE", id = "armenia"},
  {"Azerbaijan", "Azərbaycan", label = "GPE", id = "azerbaijan"},
  {"U.S.", "United States", label = "GPE", id = "usa"},
  name = "actors",
}
check.eq(tostring(actors), '<Gazetteer "actors": 13 entries, 14 words>', "tostring")
check.eq(#actors, 13, "#g counts entries (alias, label, id)")
check.eq(actors.size, 13, "g.size")
check.eq(actors.name, "actors", "g.name")
check.eq(actors.overlap, "longest", "the default policy")

local doc = assert(parley.doc(
  "Nikol Pashinyan met Пашинян, Փաշինյան and Փաշինյանը. Armenia’s and Armenia's ministries, " ..
  "AZERBAIJAN, Azərbaycan and Azerbaycan, the U.S. and the UNITED STATES."))
local found = doc:match(actors)
check.eq(texts(found), "Nikol Pashinyan|Пашинян|Փաշինյան|Armenia|Armenia|AZERBAIJAN|Azərbaycan|U.S.|UNITED STATES",
         "every script, case, apostrophe style; longest match; the possessive clitic left out")
check.eq(with(found, "id"), "Nikol Pashinyan=pashinyan|Пашинян=pashinyan|Փաշինյան=pashinyan|Armenia=armenia|" ..
         "Armenia=armenia|AZERBAIJAN=azerbaijan|Azərbaycan=azerbaijan|U.S.=usa|UNITED STATES=usa", "ids")
local first = found[1]
check.eq(first.label, "PERSON", "label")
check.eq(first.alias, "Nikol Pashinyan", "the alias that matched, as listed")
check.eq(first.rule, "actors", "rule: the gazetteer's name")
check.eq(first.attrs.country, "armenia", "other fields of the entry become attrs")
check.eq(first.entries, nil, "entries only when a key has several")
check.eq(first.start, 1, "byte start")
check.eq(first.stop, #"Nikol Pashinyan", "byte stop")
check.eq(found[4].alias, "Armenia", "alias of a possessive match")
check.eq(found[4].stop - found[4].start + 1, #"Armenia", "“Armenia’s” gives a span over “Armenia”")
check.eq(#found[4].tokens, 1, "... whose token is the possessive token")
check.eq(found[6].alias, "Azerbaijan", "AZERBAIJAN matches the alias Azerbaijan")
check.eq(found[4].attrs, nil, "no attrs when the entry has none")

-- ə is a letter of its own: "Azerbaycan" is another word unless listed; Armenian cases need their own line
check.ok(not doc.text:find("Azerbaycan=", 1, true), "sanity")
for _, m in ipairs(found) do
  check.ok(m.text ~= "Azerbaycan", "Azerbaycan (no ə) does not match Azərbaycan")
  check.ok(m.text ~= "Փաշինյանը", "the Armenian inflected form is not listed, so no match")
end
actors:add{"Azerbaycan", label = "GPE", id = "azerbaijan"}
check.ok(texts(doc:match(actors)):find("Azerbaycan", 1, true), "once listed, the spelling without ə matches")

-- all matches, longest-first, first entry wins
local nested = match.phrases{{"Pashinyan", label = "SURNAME"}, {"Nikol Pashinyan", label = "PERSON"}, overlap = "all"}
local d2 = parley.doc("Nikol Pashinyan spoke.")
check.eq(with(d2:match(nested), "label"), "Nikol Pashinyan=PERSON|Pashinyan=SURNAME", "overlap=all keeps both")
nested = match.phrases{{"Pashinyan", label = "SURNAME"}, {"Nikol Pashinyan", label = "PERSON"}}
check.eq(with(d2:match(nested), "label"), "Nikol Pashinyan=PERSON", "longest wins by default")
nested = match.phrases{{"Pashinyan", label = "SURNAME"}, {"Nikol Pashinyan", label = "PERSON"}, overlap = "first"}
check.eq(with(d2:match(nested), "label"), "Nikol Pashinyan=PERSON",
         "overlap=first: a gazetteer is one rule, so the earlier start wins, not the entry added first")
local chain = match.phrases{{"foreign ministry", label = "ORG"}, {"Armenia", label = "GPE"}, {"Armenia’s foreign", label = "X"},
                            overlap = "first"}
check.eq(with(parley.doc("Armenia’s foreign ministry"):match(chain), "label"), "Armenia’s foreign=X",
         "leftmost, then longest")

-- several entries on one key; duplicates are not added twice
local geo = match.phrases{{"Georgia", label = "GPE", id = "georgia"}, {"Georgia", label = "US_STATE", id = "georgia_us"}}
check.eq(geo:add{"GEORGIA", label = "GPE", id = "georgia"}, 0, "an equal entry is not added again")
check.eq(geo:add("Tbilisi"), 1, "a bare alias, without label or id")
check.eq(#geo, 3, "three entries")
local gm = parley.doc("Talks in Georgia and Tbilisi."):match(geo)
check.eq(gm[1].id, "georgia", "the first entry added comes first")
check.eq(#gm[1].entries, 2, "entries lists both")
check.eq(gm[1].entries[2].label, "US_STATE", "... in the order added")
check.eq(gm[2].label, nil, "no label")

-- a default label
local places = match.phrases{"Karabakh", {"Lachin", id = "lachin"}, label = "PLACE"}
check.eq(with(parley.doc("Karabakh and the Lachin corridor"):match(places), "label"), "Karabakh=PLACE|Lachin=PLACE",
         "label= is the default")

-- a Span restricts matching to its tokens; m:match is doc:match
local part = doc:span(1, #"Nikol Pashinyan met Пашинян, Փաշինյան")
check.eq(texts(actors:match(part)), "Nikol Pashinyan|Пашинян|Փաշինյան", "g:match(span) stays inside the span")
check.eq(texts(actors:match(doc)), texts(doc:match(actors)), "g:match(doc) = doc:match(g)")

-- mistakes
check.raises(function() match.phrases{{label = "X"}} end, "entry 1 has no alias", "an entry needs an alias")
check.raises(function() match.phrases{{"  "}} end, "no tokens", "an alias with no tokens")
check.raises(function() match.phrases{{42}} end, "aliases are strings", "aliases are strings")
check.raises(function() match.phrases{overlpa = "all"} end, 'unknown option "overlpa"', "a misspelt option")
check.raises(function() match.phrases{overlap = "most"} end, "overlap must be", "an unknown policy")
check.raises(function() doc:match({}) end, "expected a Gazetteer or a Matcher", "doc:match wants a matcher")
check.raises(function() actors:match("text") end, "expected a Doc or a Span", "m:match wants a Doc or a Span")

-- ---------------------------------------------------------------------------
-- Gazetteer files: TSV and CSV, comments, attributes, errors with line numbers
-- ---------------------------------------------------------------------------

local tsv = write_file(".tsv", "# people\nalias\tlabel\tid\tcountry\trole\n" ..
  "Nikol Pashinyan\tPERSON\tpashinyan\tarmenia\tPrime Minister\nПашинян\tPERSON\tpashinyan\tarmenia\t\n" ..
  "\nYerevan\tCAPITAL\tyerevan\t\t\n")
local fromfile = assert(match.phrases{file = tsv, name = "file"})
check.eq(#fromfile, 3, "three rows, comment and blank lines skipped")
local fm = parley.doc("Пашинян в Ереване; Nikol Pashinyan in Yerevan."):match(fromfile)
check.eq(with(fm, "id"), "Пашинян=pashinyan|Nikol Pashinyan=pashinyan|Yerevan=yerevan", "matches from a file")
check.eq(fm[2].attrs.role, "Prime Minister", "extra columns are attrs")
check.eq(fm[1].attrs.role, nil, "empty cells are left out")
check.eq(fm[3].attrs, nil, "no attrs when every extra cell is empty")
os.remove(tsv)

local csv = write_file(".csv", 'alias,label,id,note\r\n"Baku, city",CAPITAL,baku,"said ""hello"""\r\n' ..
  '"Nagorno-\nKarabakh",PLACE,karabakh,\r\n')
local fromcsv = assert(match.phrases{file = csv})
local cm = parley.doc("In Baku, city officials; Nagorno- Karabakh."):match(fromcsv)
check.eq(with(cm, "id"), "Baku, city=baku|Nagorno- Karabakh=karabakh", "CSV quoting: commas and newlines in a field")
check.eq(cm[1].attrs.note, 'said "hello"', 'a doubled quote is one quote')
os.remove(csv)

local actors_file = assert(match.phrases{file = "data/gazetteers/actors.tsv"})
check.ok(#actors_file > 250, "the shipped actors gazetteer loads from the data path: " .. #actors_file)
local seed = assert(parley.open()):get(1)
local seed_ids = {}
for _, m in ipairs(seed:match(actors_file)) do seed_ids[m.id] = (seed_ids[m.id] or 0) + 1 end
check.ok(seed_ids.bayramov == 2 and seed_ids.pashinyan == 3 and seed_ids.mfa_armenia == 1,
         "the seed article's actors: Jeyhun Bayramov, Bayramov; Nikol Pashinyan, Pashinyan (twice); Armenia’s foreign ministry")

local nofile, msg = match.phrases{file = "no/such/file.tsv"}
check.eq(nofile, nil, "a missing file: nil")
check.ok(msg:find("no/such/file.tsv", 1, true), "... and a message naming it: " .. tostring(msg))
local bad = write_file(".csv", 'alias,label\nok,X\n"open,Y\n')
nofile, msg = match.phrases{file = bad}
check.ok(nofile == nil and msg:find(":3: malformed record", 1, true), "an unclosed quote: " .. tostring(msg))
os.remove(bad)
bad = write_file(".tsv", "name\tlabel\nx\tY\n")
nofile, msg = match.phrases{file = bad}
check.ok(nofile == nil and msg:find(':1: the header has no "alias" column', 1, true), "no alias column: " .. tostring(msg))
os.remove(bad)
bad = write_file(".tsv", "alias\tlabel\nx\tY\tZ\n\tY\n")
nofile, msg = match.phrases{file = bad}
check.ok(nofile == nil and msg:find(":2: 3 fields, the header has 2", 1, true), "too many fields: " .. tostring(msg))
os.remove(bad)
bad = write_file(".tsv", "alias\tlabel\n\tY\n")
nofile, msg = match.phrases{file = bad}
check.ok(nofile == nil and msg:find(":2: empty alias", 1, true), "an empty alias: " .. tostring(msg))
os.remove(bad)
bad = write_file(".tsv", "alias\nok\nbad \xff\n")
nofile, msg = match.phrases{file = bad}
check.ok(nofile == nil and msg:find(":3: invalid UTF-8", 1, true), "invalid UTF-8: " .. tostring(msg))
local g2 = match.phrases{}
check.ok(select(2, g2:load(bad)):find(":3: invalid UTF-8", 1, true), "g:load reports the same way")
os.remove(bad)

-- ---------------------------------------------------------------------------
-- Token rules
-- ---------------------------------------------------------------------------

local bayramov = assert(parley.doc(
  "“The negotiation process has been concluded,” Azerbaijani Foreign Minister Jeyhun Bayramov told reporters."))

-- the example of the issue
local minister = match.tokens{name = "minister", {lower = "foreign"}, {lower = "minister"}, {is_title = true, op = "+"}}
check.eq(tostring(minister), '<Matcher "minister": 1 rule>', "tostring")
local mm = bayramov:match(minister)
check.eq(texts(mm), "Foreign Minister Jeyhun Bayramov", "the issue's example: + is greedy, longest wins")
check.eq(mm[1].rule, "minister", "the match records its rule")
check.eq(mm[1].label, "minister", "label defaults to the name")
check.eq(#mm[1].tokens, 4, "four tokens")

local function run(rule, d) return texts((d or bayramov):match(match.tokens(rule))) end

-- sets, ?, *, +
check.eq(run{{lower = {"said", "told", "added"}}, {lower = "reporters"}}, "told reporters", "a set")
check.eq(run{{is_title = true, op = "+"}, {lower = {"said", "told"}}}, "Azerbaijani Foreign Minister Jeyhun Bayramov told",
         "+ then a set")
check.eq(run{{lower = "jeyhun", op = "?"}, {lower = "bayramov"}}, "Jeyhun Bayramov", "? takes the token when it can")
check.eq(run{{lower = "ilham", op = "?"}, {lower = "bayramov"}}, "Bayramov", "? may take nothing")
check.eq(run{{lower = "minister"}, {is_title = true, op = "*"}, {lower = "told"}}, "Minister Jeyhun Bayramov told", "*")
check.eq(run{{lower = "minister"}, {kind = "word", op = "*"}, {lower = "jeyhun"}}, "Minister Jeyhun", "* may take nothing")
check.eq(run{{lower = "foreign"}, {}, {lower = "jeyhun"}}, "Foreign Minister Jeyhun", "{} is any token")
check.eq(run{{text = "FOREIGN"}}, "", "text= is exact")
check.eq(run{{lower = "FOREIGN"}}, "Foreign", "lower= values are lower-cased first")
check.eq(run{{norm = "AZƏRBAYCAN"}}, "", "norm= is folded; ə stays")
check.eq(run({{norm = "armenia"}, {lower = "said"}}, parley.doc("Armenia said; ARMENIA said")), "Armenia said|ARMENIA said",
         "norm= ignores case")
check.eq(run({{base = "Armenia", is_possessive = true}}, parley.doc("Armenia and Armenia’s")), "Armenia’s",
         "base= and is_possessive=")
check.eq(run{{kind = "punct"}, {is_title = true}}, "“The|” Azerbaijani", "kind=")
check.eq(run{{shape = "Xxx"}}, "The", "shape=")
check.eq(run{{shape = "Xxxxx", lower = {"jeyhun", "azerbaijani"}}}, "Azerbaijani|Jeyhun", "shape= (runs cut at 4)")
check.eq(run{{index = 1}}, "“", "index=")
check.eq(run({{sentence = 2, is_title = true}}, parley.doc("One here. Two there.")), "Two", "sentence=")

-- regex on a token
check.eq(run{{re = "^\\p{Lu}\\p{Ll}+ov$"}}, "Bayramov", "re= on the token text")
check.eq(run{{re = parley.re.compile("^minister$", "i")}}, "Minister", "re= with a compiled Regex and flags")
check.eq(run({{re = "^\\p{Lu}"}, {re = "ян$"}}, parley.doc("Никол Пашинян и Армен Саркисян")),
         "Никол Пашинян|Армен Саркисян", "re= with Unicode classes")

-- Lua predicates
local calls = 0
check.eq(run{{fn = function(tok) calls = calls + 1 return #tok.text > 9 end}}, "negotiation|Azerbaijani",
         "fn= gets the token Span")
check.eq(calls, #bayramov:tokens(), "fn= is called once per token")
check.raises(function() run{{fn = function() error("boom") end}} end, "boom", "an error in fn= is raised")

-- gazetteer labels
local people = match.phrases{{"Jeyhun Bayramov", label = "PERSON", id = "bayramov"},
                             {"Azerbaijani", label = "NORP", id = "azerbaijani"}}
check.eq(run{uses = people, {ent = "NORP"}, {is_title = true, op = "+"}, {ent = "PERSON", op = "+"}},
         "Azerbaijani Foreign Minister Jeyhun Bayramov", "ent= tests labels of the gazetteer in uses=")
check.eq(run{uses = people, {lower = "minister"}, {ent = true, op = "+"}}, "Minister Jeyhun Bayramov", "ent=true: any")
check.eq(run{uses = people, {ent = false, is_title = true}}, "The|Foreign|Minister", "ent=false: none")
check.eq(run{uses = {people}, {ent_id = {"bayramov", "pashinyan"}, op = "+"}, {lower = "told"}}, "Jeyhun Bayramov told",
         "ent_id= with a set, uses= an array")
check.raises(function() match.tokens{{ent = "PERSON"}} end, "ent= needs matches", "ent= without uses=")

-- several rules; names; overlap policies across labels
local rules = match.tokens{
  {name = "title", label = "TITLE", {lower = "foreign"}, {lower = "minister"}},
  {name = "person", label = "PERSON", {is_title = true}, {lower = "bayramov"}},
  {name = "long", label = "ROLE", {lower = "foreign"}, {}, {}, {}},
}
check.eq(table.concat(rules.rules, ","), "title,person,long", "m.rules names the rules in order")
check.eq(with(bayramov:match(rules), "rule"), "Foreign Minister Jeyhun Bayramov=long", "longest-first")
local all = match.set{rules, overlap = "all"}
check.eq(with(all:match(bayramov), "rule"), "Foreign Minister Jeyhun Bayramov=long|Foreign Minister=title|" ..
         "Jeyhun Bayramov=person", "all: every match, in text order")
local firstwins = match.set{rules, overlap = "first"}
check.eq(with(firstwins:match(bayramov), "label"), "Foreign Minister=TITLE|Jeyhun Bayramov=PERSON",
         "first: the earlier rule wins, then later rules fill the gaps")
local mixed = match.set{people, minister, overlap = "first"}
check.eq(with(mixed:match(bayramov), "rule"), "Azerbaijani=phrases|Jeyhun Bayramov=phrases",
         "first across a gazetteer and a rule: the gazetteer's PERSON wins over the rule's longer match...")
mixed = match.set{minister, people, overlap = "first"}
check.eq(with(mixed:match(bayramov), "rule"), "Azerbaijani=phrases|Foreign Minister Jeyhun Bayramov=minister",
         "... and the other way round")
check.eq(#mixed, 2, "#m: members")

-- rule mistakes
check.raises(function() match.tokens{{lowr = "x"}} end, 'spec 1: unknown attribute "lowr"', "a misspelt attribute")
check.raises(function() match.tokens{name = "r", {lower = "a"}, {lower = "b", op = "++"}} end,
             'rule "r", spec 2: op must be', "an unknown op")
check.raises(function() match.tokens{{is_title = "yes"}} end, "is_title wants true or false", "a wrong type")
check.raises(function() match.tokens{{lower = {}}} end, "lower wants a string or an array", "an empty set")
check.raises(function() match.tokens{{"a"}} end, "keys are attribute names", "an array in a spec")
check.raises(function() match.tokens{{kind = {"word", "punctuation"}}} end, 'kind "punctuation" is none of',
             "kind= knows the token kinds")
check.raises(function() match.tokens{name = "empty"} end, 'rule "empty" has 0 token specs', "an empty rule")
local many = {}
for i = 1, 64 do many[i] = {} end
check.raises(function() match.tokens(many) end, "has 64 token specs", "too many specs")
check.raises(function() match.tokens{lable = "X", {lower = "a"}} end, 'unknown option "lable"', "a misspelt option")
check.raises(function() match.tokens{{re = "(unclosed"}} end, "missing closing parenthesis", "a bad regex")
check.raises(function() match.tokens{uses = {}, {ent = "X"}} end, "uses= wants", "uses= an empty array")

-- no exponential blow-up: a rule that lets every token repeat, on a long text
local long = parley.doc(string.rep("Word ", 3000))
local t0 = os.clock()
local wild = long:match(match.tokens{{op = "*"}, {lower = "word"}, {op = "*"}, {lower = "nothing"}})
check.eq(#wild, 0, "nothing to find")
print(string.format("match: a *-rule over 3000 tokens in %.2fs", os.clock() - t0))

-- ---------------------------------------------------------------------------
-- explain
-- ---------------------------------------------------------------------------

local sentence = bayramov:sentences()[1]
local ex = match.explain(minister, sentence)
check.eq(ex.matched, true, "explain: matched")
check.eq(ex[1].rule, "minister", "one explanation per rule")
check.eq(ex[1].match.text, "Foreign Minister Jeyhun Bayramov", "the match")
check.eq(#ex[1].steps, 5, "four tokens matched, and the one that ended the +")
local last = ex[1].steps[5]
check.eq(last.token.text, "told", "the step's token")
check.eq(last.specs[1].spec, 3, "tested against spec 3")
check.eq(last.specs[1].desc, '{is_title=true, op="+"}', "the spec as written")
check.eq(last.specs[1].checks[1].attr, "is_title", "the attribute")
check.eq(last.specs[1].checks[1].got, false, "what the token had")
check.eq(last.specs[1].ok, false, "failed")
local shown = tostring(ex)
check.ok(shown:find('rule "minister": matched tokens 11-14 "Foreign Minister Jeyhun Bayramov"', 1, true), shown)
check.ok(shown:find('token 15 "told"\n    spec 3 {is_title=true, op="+"}: fail (is_title = false, want true)', 1, true),
         "the failing token, spec and attribute: " .. shown)

ex = match.explain({name = "ministry", {lower = "foreign"}, {lower = {"ministry", "office"}}}, bayramov)
check.eq(ex.matched, false, "no match")
check.eq(ex[1].start, 11, "the attempt that got furthest starts at Foreign")
shown = tostring(ex)
check.ok(shown:find('rule "ministry": no match from token 11 "Foreign": token 12 "Minister" failed spec 2', 1, true), shown)
check.ok(shown:find('lower = "minister", want one of {"ministry", "office"}', 1, true), shown)

ex = match.explain(match.tokens{{lower = "bayramov"}, {lower = "said"}}, bayramov)
check.ok(tostring(ex):find('token 15 "told" failed spec 2 {lower="said"}', 1, true), tostring(ex))
ex = match.explain(match.tokens{{lower = "reporters"}, {kind = "punct"}, {kind = "word"}}, bayramov:span(1, -2))
check.ok(tostring(ex):find("the span ended before the rule was complete", 1, true), tostring(ex))
ex = match.explain(minister, parley.doc("   "))
check.eq(ex[1].reason, "no match: the span has no tokens", "no tokens")

local hy = parley.doc("Փաշինյանը և Пашиняна")
ex = match.explain(actors, hy)
check.eq(ex.matched, false, "explain a gazetteer")
check.eq(ex[1].steps[1].key, "փաշինյանը", "the key of each token")
check.eq(ex[1].steps[1].known, false, "not a word of any alias")
check.ok(tostring(ex):find('token 3 "Пашиняна" key "пашиняна": in no alias', 1, true), tostring(ex))
ex = match.explain(match.set{actors, minister}, sentence)
check.eq(#ex, 2, "a set explains each member")
check.ok(tostring(ex):find('phrases "actors": 1 match: "Jeyhun Bayramov" (PERSON bayramov)', 1, true), tostring(ex))

-- ---------------------------------------------------------------------------
-- 100,000 aliases over the seed article and Reuters text: throughput (printed, not asserted)
-- ---------------------------------------------------------------------------

local first_names = {"Anna", "Aram", "Boris", "Davit", "Elena", "Farid", "Gohar", "Hasan", "James", "Karen", "Leyla",
                     "Mariam", "Nikol", "Oleg", "Paul", "Robert"}
local big = {name = "big"}
for i = 1, 100000 - 12 do
  big[i] = {string.format("%s %s", first_names[i % 16 + 1], "Name" .. (i // 16)), label = "PERSON", id = "p" .. i}
end
-- real names and places from the Reuters category lists, so matches happen
for _, line in ipairs{"james baker", "paul volcker", "ronald reagan", "west germany", "united states", "japan",
                      "opec", "soviet union", "saudi arabia", "brazil", "mexico", "canada"} do
  big[#big + 1] = {line, label = "REUTERS"}
end
t0 = os.clock()
local gaz = match.phrases(big)
local built = os.clock() - t0
local docs, bytes = {seed}, #seed
-- ctest always sets PARLEY_CORPORA: without the Reuters text the throughput and the
-- hit count below would be measured on the seed alone, so a broken path fails here.
local reuters = (os.getenv("PARLEY_CORPORA") or "") .. "/reuters21578/articles"
for _, sub in ipairs{"reut2-000", "reut2-001", "reut2-002"} do
  for _, name in ipairs(parley.dir(reuters .. "/" .. sub) or {}) do
    local d = parley.read(reuters .. "/" .. sub .. "/" .. name)
    if d then docs[#docs + 1] = d; bytes = bytes + #d end
  end
end
check.ok(#docs > 2900, "the Reuters articles were read from " .. reuters .. " (" .. #docs - 1 .. " documents)")
t0 = os.clock()
for _, d in ipairs(docs) do d:tokens() end
local segmented = os.clock() - t0
t0 = os.clock()
local hits = 0
for _, d in ipairs(docs) do hits = hits + #d:match(gaz) end
local matched = os.clock() - t0
check.ok(hits > 0, "the big gazetteer finds something")
print(string.format("match: %d aliases built in %.2fs; %d docs, %.1f MB: segmented in %.2fs, matched in %.2fs " ..
                    "(%.0f MB/s matching, %.0f MB/s with segmentation), %d matches",
                    #gaz, built, #docs, bytes / 1e6, segmented, matched, bytes / 1e6 / matched,
                    bytes / 1e6 / (matched + segmented), hits))


-- the hard case: 100,000 aliases made of the corpus's own word pairs, so most tokens start a walk in the trie
local pairs_seen, ngram = {}, {name = "ngrams"}
for _, d in ipairs(docs) do
  local words = d:tokens():texts()
  for i = 1, #words - 1 do
    local alias = words[i] .. " " .. words[i + 1]
    if #ngram < 100000 and not pairs_seen[alias] and words[i]:find("^%a") and words[i + 1]:find("^%a") then
      pairs_seen[alias] = true
      ngram[#ngram + 1] = alias
    end
  end
  if #ngram == 100000 then break end
end
t0 = os.clock()
gaz = match.phrases(ngram)
built = os.clock() - t0
t0 = os.clock()
hits = 0
for _, d in ipairs(docs) do hits = hits + #d:match(gaz) end
matched = os.clock() - t0
print(string.format("match: %d corpus word pairs (%d words) built in %.2fs; matched %.1f MB in %.2fs (%.0f MB/s), %d matches",
                    #gaz, gaz.words, built, bytes / 1e6, matched, bytes / 1e6 / matched, hits))

check.done("match")
