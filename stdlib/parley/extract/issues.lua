-- issues.lua: which issues of the negotiation a text raises, and their state as the text states it.
--
-- issues(doc) -> array (taxonomy order) of
--   { id, label, status, by, open, evidence = { {sentence, span, text, cue, status}, ... } }
-- status: "agreed" | "outstanding" | "demanded" | "rejected" | "mentioned"
--   by    the entity that demands or rejects (Baku is demanding -> "azerbaijan")
--   open  true while the issue is not agreed
--   was   "outstanding" when the text says it was unresolved and then agreed
-- The taxonomy and its trigger terms are data/lexicons/issues.tsv. A text that
-- says the "previously unresolved" points were accepted (or agreed, settled)
-- turns the issues it called unresolved into agreed ones.
local actors = require("parley.extract.actors")
local clean = require("parley.clean")
local hits = require("parley.extract.hits")
local tsv = require("parley.tsv")

local M = {}

local CUES = {
  agreed = { "agreed", "agree", "accepted", "accept", "concluded", "resolved", "settled", "wrapped",
             "recognised", "recognized", "ready", "signed", "согласовали", "договорились", "համաձայնեցին" },
  outstanding = { "unresolved", "outstanding", "disagreements", "disagreement", "dispute", "disputed",
                  "sticking", "key", "remained", "remain", "remains", "unsettled", "нерешенными", "разногласия" },
  demanded = { "demanding", "demanded", "demands", "demand", "expectation", "insists", "insisted",
               "requires", "require", "must", "urged", "требует", "потребовал" },
  rejected = { "rejected", "rejects", "refused", "refuses", "dismissed", "отверг" },
}
local CUE_OF = {}
for status, words in pairs(CUES) do
  for _, w in ipairs(words) do CUE_OF[w] = status end
end
local PRIORITY = { rejected = 4, demanded = 3, outstanding = 2, agreed = 1 }

-- Triggers by their first word, so a sentence is read once rather than once per
-- trigger: exact[key] and prefixes[length][prefix] list { def = i, trigger = k }.
local function index_triggers(defs)
  local exact, prefixes, lengths = {}, {}, {}
  for i, def in ipairs(defs) do
    for k, words in ipairs(def.triggers) do
      local first, entry = words[1], { def = i, trigger = k }
      if first.prefix then
        local n = #first.text
        if not prefixes[n] then prefixes[n] = {} lengths[#lengths + 1] = n end
        prefixes[n][first.text] = prefixes[n][first.text] or {}
        table.insert(prefixes[n][first.text], entry)
      else
        exact[first.text] = exact[first.text] or {}
        table.insert(exact[first.text], entry)
      end
    end
  end
  local starts = {}   -- the first two bytes of every prefix, as b1 * 256 + b2
  for n, by_prefix in pairs(prefixes) do
    for prefix in pairs(by_prefix) do
      local b1, b2 = prefix:byte(1, 2)
      starts[(b1 or 0) * 256 + (n >= 2 and b2 or 0)] = true
    end
  end
  return { exact = exact, prefixes = prefixes, lengths = lengths, starts = starts }
end

local taxonomy
local function load_taxonomy()
  if taxonomy then return taxonomy end
  taxonomy = {}
  for _, row in ipairs((tsv.load("lexicons/issues.tsv"))) do
    local triggers = {}
    for term in row.triggers:gmatch("[^|]+") do
      local words = {}
      for w in term:gmatch("%S+") do
        local prefix = w:match("^(.-)%*$")
        words[#words + 1] = { text = parley.text.fold(prefix or w), prefix = prefix ~= nil }
      end
      triggers[#triggers + 1] = words
    end
    taxonomy[#taxonomy + 1] = { id = row.id, label = row.label, triggers = triggers }
  end
  taxonomy.index = index_triggers(taxonomy)
  -- Every trigger's first word (stems as "delimit*"), for doc:find_terms: a sentence
  -- without one of them raises no issue and is never read in Lua.
  local firsts, seen = {}, {}
  for _, def in ipairs(taxonomy) do
    for _, words in ipairs(def.triggers) do
      local term = words[1].text .. (words[1].prefix and "*" or "")
      if not seen[term] then seen[term] = true firsts[#firsts + 1] = term end
    end
  end
  taxonomy.first_words = firsts
  return taxonomy
end

local function word_matches(want, key)
  if want.prefix then return key:sub(1, #want.text) == want.text end
  return key == want.text
end

-- The matching keys of a sentence's words and numbers (possessives by their base),
-- read from the sentence's own tokens: most sentences of a Doc are never read. The
-- columns hold only words and numbers (kept in C); positions are the keys' places
-- of the tokens marked by their index in the Doc.
local KEY_KINDS = { "word", "number" }
local function sentence_keys(s, marked)
  local toks = s.tokens
  local norm, possessive = toks:column("norm", KEY_KINDS), toks:column("is_possessive", KEY_KINDS)
  local index = marked and toks:column("index", KEY_KINDS)
  local keys, base, positions = {}, nil, {}
  for k = 1, #norm do
    if possessive[k] then
      base = base or toks:column("base", KEY_KINDS)
      keys[k] = parley.text.fold(base[k])
    else
      keys[k] = norm[k]
    end
    if marked and marked[index[k]] then positions[#positions + 1] = k end
  end
  return keys, positions
end

-- The strongest status cue of a sentence, the word that signals it and its position.
local function sentence_status(keys)
  local best, cue, at
  for i, k in ipairs(keys) do
    local st = CUE_OF[k]
    if st and (not best or PRIORITY[st] > PRIORITY[best]) then best, cue, at = st, k, i end
  end
  return best, cue, at
end

-- Whether the trigger's words after the first follow position i.
local function rest_follows(words, keys, i)
  for k = 2, #words do
    local key = keys[i + k - 1]
    if not key or not word_matches(words[k], key) then return false end
  end
  return true
end

-- Where each issue is triggered in a sentence: { [issue id] = position }. An issue's
-- position is that of the first of its triggers (in the list's order) that occurs, at
-- its first occurrence.
-- positions: the keys that begin a trigger (doc:find_terms found them); the others
-- could start none, and are only read as the words that follow one.
local function triggered(defs, keys, positions)
  local index, first_at = defs.index, {}   -- first_at[def][trigger] = position
  local exact, prefixes, lengths, starts = index.exact, index.prefixes, index.lengths, index.starts
  local function consider(entries, i)
    for _, e in ipairs(entries) do
      local seen = first_at[e.def]
      if not (seen and seen[e.trigger]) and rest_follows(defs[e.def].triggers[e.trigger], keys, i) then
        first_at[e.def] = seen or {}
        first_at[e.def][e.trigger] = i
      end
    end
  end
  for _, i in ipairs(positions) do
    local key = keys[i]
    local entries = exact[key]
    if entries then consider(entries, i) end
    local b1, b2 = key:byte(1, 2)
    if starts[(b1 or 0) * 256 + (b2 or 0)] or starts[(b1 or 0) * 256] then   -- keys that begin as a prefix does
      for _, n in ipairs(lengths) do
        entries = #key >= n and prefixes[n][key:sub(1, n)]
        if entries then consider(entries, i) end
      end
    end
  end
  local where = {}
  for d, by_trigger in pairs(first_at) do
    local best
    for k in pairs(by_trigger) do if not best or k < best then best = k end end
    where[defs[d].id] = by_trigger[best]
  end
  return where
end

-- A sentence's status belongs to the issue whose trigger is nearest its cue:
-- in "One key issue was non-deployment ... along the shared border", the
-- border is where the forces are, not what is at issue.
local function owner(where, cue_at)
  local best, dist
  for id, at in pairs(where) do
    local d = math.abs(at - cue_at)
    if not best or d < dist or (d == dist and id < best) then best, dist = id, d end
  end
  return best
end

-- Who demands or rejects: the nearest state, capital or person before the cue word.
-- mentions_by: the document's mentions grouped by sentence, in text order.
local function actor_of(s, mentions_by, cue)
  local toks, at = s.tokens, nil
  for i = 1, #toks do if toks[i].norm == cue then at = toks[i].start break end end
  local best
  for _, m in ipairs(mentions_by[s.index] or {}) do
    if at and m.span.start < at then best = m end
  end
  return best and (best.kind == "person" and best.country or best.entity) or nil
end

local function resolution_statement(sentences, keys_of)
  for i, s in ipairs(sentences) do
    local text = table.concat(keys_of[i], " ")
    if (text:find("previously unresolved") or text:find("remaining issues") or text:find("outstanding issues"))
       and (text:find("accept") or text:find("agreed") or text:find("resolved") or text:find("settled")) then
      return s
    end
  end
end

local function judge(issue, resolved_by)
  local best
  for _, e in ipairs(issue.evidence) do
    if e.status and (not best or PRIORITY[e.status] > PRIORITY[best.status]) then best = e end
  end
  issue.status = best and best.status or "mentioned"
  issue.by = best and best.by or nil
  if issue.status == "outstanding" and resolved_by then
    issue.status, issue.was = "agreed", "outstanding"
    issue.evidence[#issue.evidence + 1] = { sentence = resolved_by.index, span = resolved_by,
                                            text = resolved_by.text, status = "agreed", cue = "previously unresolved" }
  end
  issue.open = issue.status ~= "agreed"
end

-- The tokens whose key is one of terms, as a set, and the sentences (by index) holding them.
local function sentences_with(doc, terms)
  local found, set = doc:find_terms(terms, { by = "base" }), {}
  for _, i in ipairs(found) do set[i] = true end
  return hits.sentences(doc, found), set
end

-- A resolution statement needs "unresolved" or "issues" to begin a word.
local RESOLUTION_WORDS = { "unresolved*", "issues*" }

function M.issues(doc)
  local defs = load_taxonomy()
  local triggered_in, trigger_tokens = sentences_with(doc, defs.first_words)
  if next(triggered_in) == nil then return {} end
  local sentences = clean.sentences(doc)
  local resolved_by
  if next((sentences_with(doc, RESOLUTION_WORDS))) ~= nil then
    local keys_of = {}
    for i, s in ipairs(sentences) do keys_of[i] = sentence_keys(s) end
    resolved_by = resolution_statement(sentences, keys_of)
  end
  local mentions   -- by sentence, found when a demand or rejection needs its actor
  local by_id = {}
  for _, def in ipairs(defs) do by_id[def.id] = { id = def.id, label = def.label, evidence = {} } end
  for _, s in ipairs(sentences) do
    local keys, positions
    if triggered_in[s.index] then keys, positions = sentence_keys(s, trigger_tokens) end
    local where = keys and triggered(defs, keys, positions) or {}
    local status, cue, cue_at
    if next(where) ~= nil then status, cue, cue_at = sentence_status(keys) end
    if s == resolved_by then status = nil end   -- it speaks of the points in general
    local own = status and owner(where, cue_at)
    for id in pairs(where) do
      local st = id == own and status or nil
      if (st == "demanded" or st == "rejected") and not mentions then
        mentions = {}
        for _, m in ipairs(actors.mentions(doc)) do
          mentions[m.sentence] = mentions[m.sentence] or {}
          table.insert(mentions[m.sentence], m)
        end
      end
      local by = (st == "demanded" or st == "rejected") and actor_of(s, mentions, cue) or nil
      table.insert(by_id[id].evidence, { sentence = s.index, span = s, text = s.text, cue = st and cue,
                                         status = st, by = by })
    end
  end
  local out = {}
  for _, def in ipairs(defs) do
    local issue = by_id[def.id]
    if #issue.evidence > 0 then
      judge(issue, resolved_by)
      out[#out + 1] = issue
    end
  end
  return out
end

return M
