-- search.lua: corpus:search: FTS5 phrase, NEAR, prefix and boolean queries, bm25 order, highlighted snippets.
local check = require("lib.check")

local db = os.tmpname()
os.remove(db)
db = db .. ".db"
local function cleanup()
  for _, suffix in ipairs({ "", "-wal", "-shm" }) do os.remove(db .. suffix) end
end
cleanup()

local c = assert(parley.open(db))
local texts = {
  { "Armenia and Azerbaijan agreed the text of a peace agreement on Thursday.", "Peace deal near" },
  { "The agreement on peace will take years, officials warned.", "Years" },
  { "Negotiators met again; negotiations on the border resumed.", "Border" },
  { "Peace was far away. The long list of issues included borders, transit and a possible agreement.", "List" },
  { "Türkiye and Azərbaycan signed a transit protocol.", "Transit" },
  { "Peace in the Caucasus.", "Caucasus" },
}
for i, t in ipairs(texts) do
  check.eq(c:add(t[1], { title = t[2] }), i, "document " .. i)
end

local function ids(query, opts)
  local hits, err = c:search(query, opts)
  if not hits then return "error: " .. err end
  local out = {}
  for i, h in ipairs(hits) do out[i] = h.id end
  return table.concat(out, ",")
end

local function sorted_ids(query)
  local list, found = {}, ids(query)
  if found:find("^error") then return found end
  for id in found:gmatch("%d+") do list[#list + 1] = tonumber(id) end
  table.sort(list)
  return table.concat(list, ",")
end

-- phrases: the words next to each other, in order
check.eq(ids('"peace agreement"'), "1", "a phrase: only doc 1 has the two words in a row")
check.eq(ids("peace + agreement"), "1", "+ joins a phrase too")
check.eq(ids('"agreement peace"'), "", "a phrase is ordered")

-- NEAR: both words, in any order, at most N tokens apart
check.eq(sorted_ids("NEAR(peace agreement, 5)"), "1,2",
         "NEAR 5: doc 1 (adjacent) and doc 2 (agreement on peace: one token between)")
-- doc 4: "Peace was far away. The long list of issues included borders, transit and a possible agreement":
-- 14 tokens between, so NEAR 5 misses it and NEAR 20 finds it
check.eq(sorted_ids("NEAR(peace agreement, 20)"), "1,2,4", "NEAR 20 reaches doc 4")
check.eq(sorted_ids("NEAR(peace agreement)"), "1,2", "NEAR defaults to 10 tokens: doc 4 (14) is too far")

-- prefixes
check.eq(ids("negotiat*"), "3", "a prefix query: Negotiators, negotiations")
check.eq(ids("negotiat"), "", "without * the word must be whole")
check.eq(sorted_ids("border*"), "3,4", "border* finds border and borders")

check.eq(ids('"peace agree" *'), "1", "a prefix at the end of a phrase")
check.eq(ids("peace + agree*"), "1", "... written with +")

-- boolean operators and columns
check.eq(ids("peace NOT agreement"), "6", "NOT: peace without agreement")
check.eq(sorted_ids("peace OR negotiat*"), "1,2,3,4,6", "OR")
check.eq(sorted_ids("peace AND transit"), "4", "AND")
check.eq(sorted_ids("peace transit"), "4", "words side by side mean AND")
check.eq(ids("title:deal"), "1", "a column filter: title only")
check.eq(ids("title:peace"), "1", "title:peace: only doc 1's title has it")
check.eq(ids("{title text}: deal"), "1", "a set of columns")
check.eq(ids("^armenia"), "1", "^: the first token of a column (doc 1's text starts with Armenia)")
check.eq(sorted_ids("(transit OR negotiat*) NOT peace"), "3,5", "grouping")
check.ok(ids("transit AND NOT peace"):find("^error: corpus.search: fts5: syntax error"),
         "NOT is binary: AND NOT is a syntax error")
check.eq(ids('"non-aggression"'), "", "a word with a hyphen, quoted, is a phrase (no hit here)")
local _, hyphen_err = c:search("non-aggression")
check.ok(hyphen_err and hyphen_err:find("no such column"), "unquoted, - means a column filter: " .. tostring(hyphen_err))

-- diacritics: removed for matching except where a letter is its own (ə)
check.eq(ids("turkiye"), "5", "turkiye finds Türkiye")
check.eq(ids("azerbaycan"), "", "azerbaycan does not find Azərbaycan: ə is a letter")
check.eq(ids("azərbaycan"), "5", "azərbaycan does")

-- bm25: "transit" is in docs 4 and 5, once each; doc 5 is much shorter, so it ranks first
local hits = c:search("transit")
check.eq(ids("transit"), "5,4", "the shorter document first")
check.ok(hits[1].rank < hits[2].rank, "rank is bm25: lower (more negative) is better")
check.ok(hits[1].rank < 0, "bm25 scores are negative in FTS5")
check.eq(hits[1].title, "Transit", "hits carry the title")
check.eq(ids("peace OR transit", { limit = 2 }), "5,4", "limit; documents with a rare word first")

-- snippets: matches between before and after, the phrase as one unit
local h = c:search('"peace agreement"')[1]
check.eq(h.snippet, "Armenia and Azerbaijan agreed the text of a [peace agreement] on Thursday.",
         "default [ ] markers; the whole short text")
h = c:search('"peace agreement"', { before = "<b>", after = "</b>", tokens = 4 })[1]
check.eq(h.snippet, "…a <b>peace agreement</b> on…", "custom markers and a 4-token window with ellipses")
h = c:search("NEAR(peace agreement, 5)")
local near_doc2 = h[1].id == 2 and h[1] or h[2]
check.eq(near_doc2.snippet, "The [agreement] on [peace] will take years, officials warned.",
         "NEAR highlights each word")
check.eq(c:search("negotiat*")[1].snippet, "[Negotiators] met again; [negotiations] on the border resumed.",
         "a prefix highlights whole tokens, as written")

-- errors are data errors: nil, message
local none, err = c:search('"peace')
check.eq(none, nil, "an unterminated phrase")
check.ok(err and err:find("^corpus.search: "), "message named: " .. tostring(err))
none, err = c:search("NEAR(peace")
check.eq(none, nil, "an unclosed NEAR")
check.ok(err ~= nil, "with a message")

c:close()
cleanup()
check.done("search")
