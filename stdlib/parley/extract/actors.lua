-- actors.lua: who is mentioned: gazetteer matches resolved to entities and the states they speak for.
--
-- mentions(doc [, opts]) -> array of mentions in text order:
--   { span, text, id, label, entity, country, role, kind, sentence, title }
--   id      the gazetteer entry ("bayramov", "baku")
--   entity  what the mention stands for: a capital used as a metonym stands
--           for its state (Baku -> "azerbaijan"); a person or body for itself
--   country the state an actor belongs to or speaks for (Bayramov -> "azerbaijan")
--   kind    "person" | "state" | "metonym" | "organisation" | "place"
--   title   for people, the title words in front of the name in the text
--           ("Azerbaijani Foreign Minister"), and span covers them too
-- Only the story counts: paragraphs the clean module drops are skipped
-- (opts.all = true keeps them).
-- actors(doc) -> array of { entity, label, country, role, count, mentions }, most mentioned first.
local clean = require("parley.clean")
local ranges = require("parley.extract.ranges")
local tsv = require("parley.tsv")

local M = {}

local KIND = { PERSON = "person", GPE = "state", CAPITAL = "metonym", ORG = "organisation", PLACE = "place" }

local gazetteers

-- Rows of every gazetteers/NAME on the data path: a team's own list on
-- PARLEY_PATH adds to the shipped one (its rows come first, so they win).
local function entries(name)
  local out = {}
  for _, dir in ipairs(tsv.data_dirs()) do
    local path = dir .. "/gazetteers/" .. name
    local f = io.open(path, "r")
    if f then
      f:close()
      for _, row in ipairs((tsv.read(path))) do
        out[#out + 1] = { row.alias, label = row.label, id = row.id, entity = row.entity,
                          country = row.country, role = row.role }
      end
    end
  end
  return out
end

-- Names decline in Russian, Armenian and Azerbaijani: each person's or place's
-- alias also matches its case forms ("Байрамова", "Փաշինյանի", "Əliyevin").
-- Listed rows come first, so a form written in the gazetteer wins.
local INFLECTED = { PERSON = "person", GPE = "place", CAPITAL = "place", PLACE = "place" }

local function with_case_forms(rows)
  local inflect = require("parley.inflect")
  local out = {}
  for i, row in ipairs(rows) do out[i] = row end
  for _, row in ipairs(rows) do
    local kind = INFLECTED[row.label]
    for _, form in ipairs(kind and inflect.forms(row[1], kind) or {}) do
      out[#out + 1] = { form, label = row.label, id = row.id, entity = row.entity, country = row.country,
                        role = row.role }
    end
  end
  return out
end

-- Matching ignores case, but an abbreviation is a name only in capitals: Armenian
-- "ԵՄ" is the EU, "եմ" is "I am". The folded keys of aliases written in capitals
-- (two letters or more) when no alias of another case folds to the same key.
local function capitals_only(rows)
  local fold, upper = parley.text.fold, parley.text.upper
  local caps, other = {}, {}
  for _, row in ipairs(rows) do
    local alias = row[1]
    local letters = alias:gsub("[%s%p%d]", "")
    if utf8.len(letters) and utf8.len(letters) >= 2 and upper(alias) == alias then
      caps[fold(alias)] = true
    else
      other[fold(alias)] = true
    end
  end
  for key in pairs(other) do caps[key] = nil end
  return caps
end

-- Each entity's own row (its id is the entity: "Russia", not "Moscow" standing
-- for Russia), the first listed: an actor is described by it, whichever alias
-- named it first.
local function own_rows(rows)
  local own = {}
  for _, row in ipairs(rows) do
    if row.id == row.entity and not own[row.entity] then own[row.entity] = row end
  end
  return own
end

-- The actor and demonym gazetteers, built once per run.
function M.gazetteers()
  if not gazetteers then
    local match = require("parley.match")
    local listed = entries("actors.tsv")
    local actor_rows = with_case_forms(listed)
    gazetteers = { actors = match.phrases(actor_rows), demonyms = match.phrases(entries("demonyms.tsv")),
                   capitals_only = capitals_only(actor_rows), own = own_rows(listed) }
  end
  return gazetteers
end

local function written_as_name(g, m)
  local text = m.text
  return not g.capitals_only[parley.text.fold(text)] or parley.text.upper(text) == text
end

local function story_ranges(doc, all)
  if all then return nil end
  local list = {}
  for _, p in ipairs((clean.paragraphs(doc))) do list[#list + 1] = { p.start, p.stop } end
  return ranges.index(list)
end

local function in_story(story, span)
  return not story or ranges.covers(story, span.start, span.stop)
end

-- function_words() -> the folded stop words of en, ru, hy and az, loaded once: a
-- capitalised one opening a sentence ("Ըստ Փաշինյանի", "По словам") is no title,
-- nor a speaker's name.
local stopwords
function M.function_words()
  stopwords = stopwords or require("parley.stats").stopwords("en,ru,hy,az")
  return stopwords
end

-- Title words before a person's name: capitalised words and demonyms directly in front
-- ("Azerbaijani Foreign Minister Jeyhun Bayramov"), stopping at the sentence start.
local function title_before(doc, span, demonym_at)
  local toks = span.tokens
  if #toks == 0 then return nil end
  local all, i = doc:tokens(), toks[1].index - 1
  local first = nil
  while i >= 1 do
    local t = all[i]
    if t.sentence ~= toks[1].sentence or t.kind ~= "word" or not (t.is_title or demonym_at[t.start]) or
       M.function_words()[t.norm] then break end
    first = t
    i = i - 1
  end
  if not first then return nil end
  return doc.text:sub(first.start, toks[1].start - 1):match("^(.-)%s*$"), first.start
end

local function attr(m, name)
  return m.attrs and m.attrs[name] or nil
end

-- Quotes, relations and issues each ask for the same Doc's mentions: they are kept
-- per Doc while the gazetteers (and their sizes), the `all` option and the
-- boilerplate rules are the same. Callers get a copy of the array; the mention tables are shared, read-only.
local found = setmetatable({}, { __mode = "k" })

local function copy(list)
  return table.move(list, 1, #list, 1, {})
end

local function find_mentions(doc, opts, g)
  local story = story_ranges(doc, opts.all)
  local demonym_at = {}
  for _, d in ipairs(doc:match(g.demonyms)) do demonym_at[d.start] = attr(d, "entity") end
  local out = {}
  for _, m in ipairs(doc:match(g.actors)) do
    if in_story(story, m) and written_as_name(g, m) then
      local mention = { span = m, text = m.text, id = m.id, label = m.label, kind = KIND[m.label] or "other",
                        entity = attr(m, "entity") or m.id, country = attr(m, "country"),
                        role = attr(m, "role"), sentence = m.sentence }
      if m.label == "PERSON" then
        local title, from = title_before(doc, m, demonym_at)
        if title then
          mention.title = title
          mention.span = doc:span(from, m.stop)
          mention.text = mention.span.text
        end
      end
      out[#out + 1] = mention
    end
  end
  return M.without_titles(out)
end

function M.mentions(doc, opts)
  opts = opts or {}
  local g = M.gazetteers()
  local all = opts.all and true or false
  local c = found[doc]
  local entries = #g.actors + #g.demonyms   -- g:add after a first call is seen
  if not (c and c.g == g and c.entries == entries and c.all == all and c.rules == clean.rules
          and c.n == #clean.rules and c.is_story == clean.is_story) then
    c = { g = g, entries = entries, all = all, rules = clean.rules, n = #clean.rules,
          is_story = clean.is_story, list = find_mentions(doc, opts, g) }
    found[doc] = c
  end
  return copy(c.list)
end

-- A state named in a person's title ("премьер-министр Армении Никол Пашинян")
-- is part of how the person is named, not a mention of its own. It lies inside
-- another mention's title when a titled mention starting at or before it reaches
-- its stop: titled mentions are sorted by start, with the furthest stop so far.
function M.without_titles(mentions)
  local titled = {}
  for _, p in ipairs(mentions) do if p.title then titled[#titled + 1] = p end end
  table.sort(titled, function(a, b) return a.span.start < b.span.start end)
  local reach, position = {}, {}
  for i, p in ipairs(titled) do
    reach[i] = math.max(reach[i - 1] or 0, p.span.stop)
    position[p] = i
  end
  local function inside_a_title(m)
    local lo, hi = 1, #titled   -- the last titled mention starting at or before m, other than m
    while lo <= hi do
      local mid = (lo + hi) // 2
      if titled[mid].span.start <= m.span.start then lo = mid + 1 else hi = mid - 1 end
    end
    if position[m] and hi >= position[m] then hi = position[m] - 1 end
    return hi > 0 and reach[hi] >= m.span.stop
  end
  local out = {}
  for _, m in ipairs(mentions) do
    if not inside_a_title(m) then out[#out + 1] = m end
  end
  return out
end

local function most_mentioned_first(x, y)
  if x.count ~= y.count then return x.count > y.count end
  return x.entity < y.entity
end

function M.actors(doc, opts)
  local by, order = {}, {}
  for _, m in ipairs(M.mentions(doc, opts)) do
    local a = by[m.entity]
    if not a then
      local own = M.gazetteers().own[m.entity]
      a = { entity = m.entity, label = own and own.label or (m.kind == "metonym" and "GPE" or m.label),
            country = m.country, role = own and own.role or m.role, count = 0, mentions = {} }
      by[m.entity] = a
      order[#order + 1] = a
    end
    a.count = a.count + 1
    a.mentions[#a.mentions + 1] = m
  end
  table.sort(order, most_mentioned_first)
  return order
end

-- counts(doc [, opts]) -> actors(doc) without their mentions: { entity, label, country,
-- role, count }, plain values that a map step can return and tally() can add.
function M.counts(doc, opts)
  local out = {}
  for _, a in ipairs(M.actors(doc, opts)) do
    out[#out + 1] = { entity = a.entity, label = a.label, country = a.country, role = a.role, count = a.count }
  end
  return out
end

-- across(docs [, opts]) -> the actors of several documents, most mentioned first:
-- { entity, label, country, role, count (mentions), docs (documents naming them) }
-- A caller that reads one document at a time adds each with
-- tally(totals, actors(doc)) (totals starts as {}) and ends with ranked(totals).
function M.tally(totals, actors)
  totals.by, totals.order = totals.by or {}, totals.order or {}
  for _, a in ipairs(actors) do
    local t = totals.by[a.entity]
    if not t then
      t = { entity = a.entity, label = a.label, country = a.country, role = a.role, count = 0, docs = 0 }
      totals.by[a.entity] = t
      totals.order[#totals.order + 1] = t
    end
    t.count, t.docs = t.count + a.count, t.docs + 1
  end
  return totals
end

function M.ranked(totals)
  local order = totals.order or {}
  table.sort(order, most_mentioned_first)
  return order
end

function M.across(docs, opts)
  local totals = {}
  for _, doc in ipairs(docs) do M.tally(totals, M.actors(doc, opts)) end
  return M.ranked(totals)
end

return M
