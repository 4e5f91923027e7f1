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
local hits = require("parley.extract.hits")
local ranges = require("parley.extract.ranges")
local quotespans = require("parley.extract.quotespans")
local tsv = require("parley.tsv")

local M = {}

local verbs, forms
local function stance_verbs()
  if not verbs then
    verbs, forms = {}, {}
    for _, row in ipairs((tsv.load("lexicons/speech_verbs.tsv"))) do
      if row.kind == "stance" or row.stance ~= "neutral" then
        local key = parley.text.fold(row.form)
        verbs[key] = row
        forms[#forms + 1] = key
      end
    end
  end
  return verbs, forms
end

local quoted = ranges.contains   -- (quotations indexed by ranges.index)

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
  local lex, forms = stance_verbs()
  local out, all = {}, doc:tokens()
  -- the words whose norm is a stance verb's form, found in C; without one, no event
  local verb_tokens = doc:find_terms(forms, { kinds = { "word" } })
  if #verb_tokens == 0 then return out end
  local quote_list = {}
  for _, q in ipairs(quotespans.find(doc, (clean.paragraphs(doc)))) do quote_list[#quote_list + 1] = { q.start, q.stop } end
  local quotations = ranges.index(quote_list)
  local by_sentence = {}   -- the actors of each sentence outside quotations, in text order
  for _, m in ipairs(actors.mentions(doc)) do
    if not quoted(quotations, m.span.start) then
      by_sentence[m.sentence] = by_sentence[m.sentence] or {}
      table.insert(by_sentence[m.sentence], m)
    end
  end
  for _, s in ipairs((clean.sentences(doc))) do
    local here = by_sentence[s.index] or {}
    local first, last = columns.range(s)
    for i in hits.between(verb_tokens, first, last) do
      local t = all[i]
      local row = lex[t.norm]
      if not quoted(quotations, t.start) then
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
