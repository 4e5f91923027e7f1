-- relations.lua: actor-to-actor stance events ("Armenia criticised Azerbaijan", "Baku is demanding that Armenia ...").
--
-- relations(doc) -> array of { source, target, cue, lemma, stance, sentence, span, text }
-- source and target are entities (capitals stand for their state; people for
-- themselves, with .source_country); target is nil when the act has no actor
-- as its object ("Pashinyan hailed an important event"). Text inside
-- quotations is the speaker's own claim and is not read as an event.
-- Stance verbs are data/lexicons/speech_verbs.tsv rows of kind "stance"
-- (and speech verbs with a stance other than neutral).
local actors = require("parley.extract.actors")
local clean = require("parley.clean")
local columns = require("parley.columns")
local quotespans = require("parley.extract.quotespans")
local tsv = require("parley.tsv")

local M = {}

local verbs
local function stance_verbs()
  if not verbs then
    verbs = {}
    for _, row in ipairs((tsv.load("lexicons/speech_verbs.tsv"))) do
      if row.kind == "stance" or row.stance ~= "neutral" then verbs[parley.text.fold(row.form)] = row end
    end
  end
  return verbs
end

local function quoted(ranges, pos)
  for _, r in ipairs(ranges) do if pos >= r[1] and pos <= r[2] then return true end end
  return false
end

local CLAUSE_END = { [","] = true, [";"] = true, [":"] = true, ["“"] = true, ["”"] = true, ["«"] = true,
                     ["»"] = true, ['"'] = true, ["„"] = true }

-- The object of a verb lies in its clause: up to the next comma, semicolon or quotation mark.
local function clause_end_after(s, verb)
  local toks = s.tokens
  for i = 1, #toks do
    local t = toks[i]
    if t.start > verb.stop and t.kind == "punct" and CLAUSE_END[t.text] then return t.start - 1 end
  end
  return s.stop
end

local function entity(m)
  return m.entity
end

function M.relations(doc)
  local mentions = actors.mentions(doc)
  local ranges = {}
  for _, q in ipairs(quotespans.find(doc, (clean.paragraphs(doc)))) do ranges[#ranges + 1] = { q.start, q.stop } end
  local lex, out = stance_verbs(), {}
  local cols, all = columns.of(doc), doc:tokens()
  local kind, norm = cols.kind, cols.norm
  for _, s in ipairs((clean.sentences(doc))) do
    local here = {}
    for _, m in ipairs(mentions) do
      if m.sentence == s.index and not quoted(ranges, m.span.start) then here[#here + 1] = m end
    end
    local first, last = columns.range(s)
    for i = first, last do
      local row = kind[i] == "word" and lex[norm[i]]
      local t = row and all[i]   -- a Span only for a verb of the lexicon
      if row and not quoted(ranges, t.start) then
        local source, target
        local clause_end = clause_end_after(s, t)
        for _, m in ipairs(here) do
          if m.span.stop < t.start then source = m end
          if m.span.start > t.stop and m.span.stop <= clause_end and not target and
             (not source or entity(m) ~= entity(source)) then
            target = m
          end
        end
        if source and not target then   -- "Yerevan accusing its ally": the other actor of the sentence
          for _, m in ipairs(here) do
            if entity(m) ~= entity(source) and (m.country or m.entity) ~= (source.country or source.entity) then target = m end
          end
        end
        if source then
          out[#out + 1] = { source = entity(source), source_country = source.country, source_mention = source.text,
                            target = target and entity(target), target_mention = target and target.text,
                            cue = t.text, lemma = row.lemma, stance = row.stance, sentence = s.index,
                            span = s, text = s.text }
        end
      end
    end
  end
  return out
end

return M
