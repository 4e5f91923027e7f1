-- quotes.lua: who said what: direct quotations and reported speech, each with its speaker resolved.
--
-- quotes(doc) -> array, in text order, of
--   { text, span, kind = "direct" | "reported", speaker, speaker_label, speaker_country,
--     speaker_mention, speaker_span, cue, cue_lemma, stance, sentence, confidence, flags }
-- speaker is an entity id from data/gazetteers/actors.tsv ("bayramov",
-- "mfa_armenia"); speakers lists every one when several speak together
-- ("Azerbaijan and Armenia said"); speaker_mention is how the text names
-- them ("Azerbaijani Foreign Minister Jeyhun Bayramov", "he"). Speakers are found, in order:
--   1. a speech verb after the quote ("“...,” X said", "“...,” he told reporters"),
--   2. a speech verb before it ("X hailed an “important event,” saying “...”"),
--   3. "X: “...”" (colon attribution),
--   4. the quote continues one that ran over paragraphs, or shares a sentence with
--      an attributed quote (split quotes),
--   5. the speaker named in the previous sentence.
-- Pronouns (he, she, they; он, она; նա; o) are the last compatible named
-- actor: a person for he/she, a state or body for they/it. confidence is
-- 0.9 (named, with a verb) down to 0.2 (no speaker found). Speech verbs and
-- their stance come from data/lexicons/speech_verbs.tsv.
local actors = require("parley.extract.actors")
local clean = require("parley.clean")
local columns = require("parley.columns")
local hits = require("parley.extract.hits")
local quotespans = require("parley.extract.quotespans")
local ranges = require("parley.extract.ranges")
local tsv = require("parley.tsv")

local M = {}

local verbs, verb_lexicon
local function speech_verbs()
  if not verbs then
    verbs = {}
    local keys = {}
    for _, row in ipairs((tsv.load("lexicons/speech_verbs.tsv"))) do
      local key = parley.text.fold(row.form)
      verbs[key] = row
      keys[#keys + 1] = key
    end
    verb_lexicon = keys   -- for doc:find_terms: the folded forms
  end
  return verbs, verb_lexicon
end

-- Attribution phrases ("according to", "по словам") by their first folded word.
local phrases, phrase_lexicon
local function attribution_phrases()
  if not phrases then
    phrases = {}
    local firsts = {}
    for _, row in ipairs((tsv.load("lexicons/attribution.tsv"))) do
      local words = {}
      for w in parley.text.fold(row.form):gmatch("%S+") do words[#words + 1] = w end
      if not phrases[words[1]] then firsts[#firsts + 1] = words[1] end
      phrases[words[1]] = phrases[words[1]] or {}
      table.insert(phrases[words[1]], { words = words, side = row.side, form = row.form })
    end
    phrase_lexicon = firsts   -- a phrase's first word finds where to try it (doc:find_terms)
  end
  return phrases, phrase_lexicon
end

local PERSON_PRONOUNS = { he = true, she = true, ["он"] = true, ["она"] = true, ["նա"] = true, o = true }
local GROUP_PRONOUNS = { they = true, it = true, ["они"] = true, ["նրանք"] = true, onlar = true }
local THAT = { that = true, ["что"] = true, ["որ"] = true, ki = true }
-- Reported speech without "that": "said the talks would continue", "said it was ready".
local CLAUSE_START = { the = true, it = true, he = true, she = true, they = true, we = true, his = true,
                       her = true, their = true, its = true, there = true, this = true }

-- ---- the sentence's pieces ----

local inside_any = ranges.contains   -- (quote ranges indexed by ranges.index)

-- Speech-verb tokens of a sentence outside quotations, with their lexicon rows.
local function cues_of(ctx, quote_ranges)
  local out, lex = {}, speech_verbs()
  for i in hits.between(ctx.cue_tokens, ctx.first, ctx.last) do
    local t = ctx.all[i]
    local row = t.kind == "word" and lex[t.norm]
    if row and not inside_any(quote_ranges, t.start) then out[#out + 1] = { token = t, row = row } end
  end
  return out
end

-- A pronoun within two words of the cue, in the sentence and outside quotations.
local function pronoun_near(ctx, cue, quote_ranges)
  local at = cue.token.index
  for i = math.max(ctx.first, at - 2), math.min(ctx.last, at + 2) do
    local t = i ~= at and ctx.all[i]   -- Spans for these few tokens: cheaper than a column per Doc
    if t and not inside_any(quote_ranges, t.start) and (PERSON_PRONOUNS[t.lower] or GROUP_PRONOUNS[t.lower]) then
      return t
    end
  end
end

-- "According to X", "по словам X", "X-in sözlərinə görə" in the sentence, outside quotations:
-- { first, last (tokens of the phrase), side }, or nil.
local NONE = {}

local function attribution_of(ctx, quote_ranges)
  local by_first = attribution_phrases()
  local all = ctx.all
  for i in hits.between(ctx.phrase_tokens, ctx.first, ctx.last) do
    local norm, start = ctx.cols.norm, ctx.cols.start   -- columns made only for a document with a hit
    for _, p in ipairs(by_first[norm[i]] or NONE) do   -- most words start no phrase: NONE, not a new table
      local n, ok = #p.words, true
      for k = 1, n do
        local j = i + k - 1
        if j > ctx.last or norm[j] ~= p.words[k] or inside_any(quote_ranges, start[j]) then ok = false break end
      end
      if ok then return { first = all[i], last = all[i + n - 1], side = p.side, form = p.form } end
    end
  end
end

-- The actor the phrase names: the nearest mention starting within a few words after it,
-- or ending right before it (the genitive "Bayramovun" is itself the mention), in the
-- same phrase: "По словам Кисина, Армения ..." names Kissin, not Armenia.
local REACH = 6
local QUOTE_MARKS = { "«", "»", "“", "”", "„" }
local function crosses_quote(s)
  for _, q in ipairs(QUOTE_MARKS) do
    if s:find(q, 1, true) then return true end
  end
  return false
end
local function attributed_mention(doc, a, mentions, quote_ranges)
  local best, dist
  for _, m in ipairs(mentions) do
    local toks = m.span.tokens
    if #toks > 0 and not inside_any(quote_ranges, m.span.start) then
      local d = a.side == "after" and toks[1].index - a.last.index or a.first.index - toks[#toks].index
      local between = a.side == "after" and doc.text:sub(a.last.stop + 1, m.span.start - 1)
                      or doc.text:sub(m.span.stop + 1, a.first.start - 1)
      if between:find("[,;:()\"]") or crosses_quote(between) then d = nil end
      if d and d >= 1 and d <= REACH and (not best or d < dist) then best, dist = m, d end
    end
  end
  return best
end

-- Whether text[1..pos] ends with a colon and white space (%s): read backwards
-- from pos, so that a long document is not copied up to each quotation.
local function colon_before(text, pos)
  local c = text:byte(pos)
  while c == 32 or (c and c >= 9 and c <= 13) do
    pos = pos - 1
    c = text:byte(pos)
  end
  return c == 58   -- ":"
end

-- ---- speakers ----

local function speaker_of(mention, how, confidence)
  return { entity = mention.entity, label = mention.label, country = mention.country,
           mention = mention.text, span = mention.span, how = how, confidence = confidence,
           also = mention.also }
end

-- "Azerbaijan and Armenia said": two actors joined by "and" right before the verb speak together.
local function with_partner(doc, m, mentions)
  for _, other in ipairs(mentions) do
    if other ~= m and other.span.stop < m.span.start and
       doc.text:sub(other.span.stop + 1, m.span.start - 1):match("^%s+and%s+$") then
      local joined = {}
      for k, v in pairs(other) do joined[k] = v end
      joined.also = { m.entity }
      joined.span = doc:span(other.span.start, m.span.stop)
      joined.text = joined.span.text
      return joined
    end
  end
  return m
end

local function resolve_pronoun(pronoun, memory, confidence)
  local person = PERSON_PRONOUNS[pronoun.lower]
  local m = person and memory.person or memory.group
  if not m then return nil end
  local s = speaker_of(m, "pronoun", confidence)
  s.mention, s.span = pronoun.text, pronoun
  return s
end

-- The mention nearest to pos among those in [from, to], outside quotations.
local function nearest(mentions, from, to, pos, quote_ranges)
  local best, dist
  for _, m in ipairs(mentions) do
    if m.span.start >= from and m.span.stop <= to and not inside_any(quote_ranges, m.span.start) then
      local d = math.abs(m.span.start - pos)
      if not best or d < dist then best, dist = m, d end
    end
  end
  return best
end

-- A phrase in the role of a speech verb, for the quote's cue and stance.
local function attribution_cue(doc, a)
  return { token = { text = doc.text:sub(a.first.start, a.last.stop) },
           row = { lemma = a.form, stance = "neutral", kind = "speech" } }
end

-- A speaker the gazetteer does not know ("пресс-секретарь Мария Захарова", "Mike
-- Pompeo said"): the run of capitalised words right before or after the speech verb,
-- two words or more, or one that neither opens the sentence nor is a function word.
-- Its mention is kept, its entity is nil, and it is not remembered for pronouns.
local function name_run(ctx, from, step)
  local cols, run = ctx.cols, {}
  local i = from
  while i >= ctx.first and i <= ctx.last and #run < 4 and cols.kind[i] == "word" and cols.is_title[i] and
        not inside_any(ctx.quote_ranges, cols.start[i]) do
    run[#run + 1] = i
    i = i + step
  end
  if #run == 0 then return nil end
  local first, last = math.min(run[1], run[#run]), math.max(run[1], run[#run])
  if #run == 1 then
    if first == ctx.first or actors.function_words()[cols.norm[first]] then return nil end
  end
  return first, last
end

local function unlisted_speaker(ctx, cue)
  local at = cue.token.index
  local first, last = name_run(ctx, at - 1, -1)
  -- "said Pompeo", but not "told Reuters": after "tell" comes who is told
  if not first and cue.row.lemma ~= "tell" then first, last = name_run(ctx, at + 1, 1) end
  if not first then return nil end
  local span = ctx.doc:span(ctx.cols.start[first], ctx.cols.stop[last])
  return { mention = span.text, span = span, how = "unlisted", confidence = 0.5 }
end

local function attribute(q, ctx)
  local s, cues = ctx.sentence, ctx.cues
  local after, before
  for _, c in ipairs(cues) do
    -- "“...,” saying ...": a participle after a quote belongs to the clause
    -- before it, never names the speaker of this quote.
    local participle = c.token.lower:find("ing$")
    if c.token.start > (q.close or q.stop) and not after and not participle then after = c end
    if c.token.stop < q.open then before = c end
  end
  if after then
    local m = nearest(ctx.mentions, (q.close or q.stop) + 1, s.stop, after.token.start, ctx.quote_ranges)
    local p = pronoun_near(ctx, after, ctx.quote_ranges)
    if p and (not m or math.abs(p.start - after.token.start) < math.abs(m.span.start - after.token.start)) then
      return resolve_pronoun(p, ctx.memory, 0.75), after
    end
    if m then return speaker_of(m, "named", 0.9), after end
  end
  if before then
    local m = nearest(ctx.mentions, s.start, before.token.start - 1, before.token.start, ctx.quote_ranges)
            or nearest(ctx.mentions, before.token.stop + 1, q.open - 1, before.token.stop, ctx.quote_ranges)
    local p = pronoun_near(ctx, before, ctx.quote_ranges)
    if m then return speaker_of(m, "named", 0.9), before end
    if p then return resolve_pronoun(p, ctx.memory, 0.75), before end
  end
  local colon = colon_before(ctx.doc.text, q.open - 1)
  if colon then
    local m = nearest(ctx.mentions, s.start, q.open - 1, q.open, ctx.quote_ranges)
    if m then return speaker_of(m, "colon", 0.85), nil end
  end
  local a = attribution_of(ctx, ctx.quote_ranges)
  local m = a and attributed_mention(ctx.doc, a, ctx.mentions, ctx.quote_ranges)
  if m then return speaker_of(m, "attribution", 0.85), attribution_cue(ctx.doc, a) end
  local cue = after or before
  local unlisted = cue and unlisted_speaker(ctx, cue)
  if unlisted then return unlisted, cue end
  return nil, cue
end

-- ---- reported speech ----

local function reported(ctx)
  local s = ctx.sentence
  for _, c in ipairs(ctx.cues) do
    if c.row.kind == "speech" then
      local at, that = c.token.index, nil
      for i = at + 1, math.min(ctx.last, at + 5) do
        local t = ctx.all[i]
        if THAT[t.lower] then that = t break end
        if i == at + 1 and CLAUSE_START[t.lower] then that = { stop = c.token.stop } break end
      end
      local m = that and nearest(ctx.mentions, s.start, c.token.start - 1, c.token.start, ranges.NONE)
      if m then m = with_partner(ctx.doc, m, ctx.mentions) end
      local p = that and not m and pronoun_near(ctx, c, ranges.NONE)
      local speaker = m and speaker_of(m, "named", 0.8) or (p and resolve_pronoun(p, ctx.memory, 0.6))
      if speaker then
        local last = ctx.all[ctx.last]
        local stop = last.kind == "punct" and last.start - 1 or last.stop
        local span = ctx.doc:span(that.stop + 2, stop)
        return { text = span.text, span = span, kind = "reported", speaker = speaker, cue = c }
      end
    end
  end
end

-- "According to X, the text is agreed." / "The text is agreed, according to X.": the
-- sentence without its attribution clause, which ends or starts at a comma.
local function attributed_clause(ctx)
  local s = ctx.sentence
  local a = attribution_of(ctx, ranges.NONE)
  local m = a and attributed_mention(ctx.doc, a, ctx.mentions, ranges.NONE)
  if not m then return nil end
  local toks = s.tokens
  local clause_start = math.min(a.first.start, m.span.start)
  local clause_stop = math.max(a.last.stop, m.span.stop)
  local comma_before, comma_after
  for i = 1, #toks do
    local t = toks[i]
    if t.text == "," and t.stop < clause_start then comma_before = t end
    if t.text == "," and t.start > clause_stop and not comma_after then comma_after = t end
  end
  local from, stop
  if not comma_before and comma_after then
    from = comma_after.stop + 1
    local last = toks[#toks]
    stop = last.kind == "punct" and last.start - 1 or last.stop
  elseif comma_before then
    from, stop = s.start, comma_before.start - 1
  else
    return nil
  end
  local raw = ctx.doc.text:sub(from, stop)
  local lead, body = raw:match("^(%s*)(.-)%s*$")
  if body == "" then return nil end
  local span = ctx.doc:span(from + #lead, from + #lead + #body - 1)
  return { text = span.text, span = span, kind = "reported", speaker = speaker_of(m, "attribution", 0.8),
           cue = attribution_cue(ctx.doc, a) }
end

-- ---- names and titles in quotation marks ----

-- «Комсомольская правда», «За заслуги перед Отечеством», “Manas”: news puts names
-- of papers, films, operations and awards in quotation marks; they are nobody's
-- words. A short quote without closing punctuation is such a name when it starts
-- with a capital, or a scare quote (“unpleasant incident”) when nothing
-- attributes it; unless a dash or a colon marks it as speech («Нет», — сказал он; ответил: «Нет».)
local NAME_MAX_WORDS = 4

-- Sentence punctuation of the other scripts (Lua classes are bytes: list them whole).
local WIDE_PUNCTUATION = { "…", "։", "՝", "՞", "՜", "、", "。" }
local function has_punctuation(s)
  for _, p in ipairs(WIDE_PUNCTUATION) do
    if s:find(p, 1, true) then return true end
  end
  return false
end

-- After the closing mark: an optional , ! or ? and a dash (—, –, - ), as Russian and Armenian mark speech.
local function dash_follows(after)
  local rest = after:gsub('^"', "", 1):gsub("^[\194\226][\128-\191]+", "", 1):gsub("^[,!?]?%s*", "", 1)
  -- a hyphen glued to a word is a suffix («Նոր»-ը), not a dash
  return rest:sub(1, 3) == "—" or rest:sub(1, 3) == "–" or rest:find("^%-%s") ~= nil
end

local function starts_upper(s)
  local first = s:match("^[%z\1-\127\194-\244][\128-\191]*")
  return first ~= nil and parley.text.lower(first) ~= first
end

local function looks_like_name(doc, q, has_cue)
  local text = doc.text:sub(q.start, q.close and q.close - 1 or q.stop)   -- with the punctuation before the mark
  local _, words = text:gsub("%S+", "")
  if words > NAME_MAX_WORDS or text:find("[%.!?,;:]") or has_punctuation(text) then return false end
  local after = q.close and doc.text:sub(q.close, q.close + 12) or ""
  local ends_sentence = after:find("^[^%s,;]*%s") or after:find("^[^%s,;]*$")
  if dash_follows(after) or (colon_before(doc.text, q.open - 1) and ends_sentence) then
    return false   -- «Нет», — сказал он. / Он ответил: «Нет».
  end
  return starts_upper(text) or not has_cue
end

-- ---- the document ----

local function remember(memory, speaker, mentions)
  for _, m in ipairs(mentions) do
    if m.kind == "person" then memory.person = m else memory.group = m end
  end
  if speaker and speaker.entity then   -- an unlisted speaker is no antecedent for "he"
    local m = { entity = speaker.entity, label = speaker.label, country = speaker.country,
                text = speaker.mention, span = speaker.span }
    if speaker.label == "PERSON" then memory.person = m else memory.group = m end
  end
end

local function make_quote(doc, q, speaker, cue, sentence_index, kind)
  local span = q.span or doc:span(q.start, q.stop)
  return {
    text = span.text, span = span, kind = kind or "direct",
    speaker = speaker and speaker.entity, speaker_label = speaker and speaker.label,
    speaker_country = speaker and speaker.country, speaker_mention = speaker and speaker.mention,
    speakers = speaker and { speaker.entity, table.unpack(speaker.also or {}) },
    speaker_span = speaker and speaker.span, cue = cue and cue.token.text, cue_lemma = cue and cue.row.lemma,
    stance = cue and cue.row.stance, sentence = sentence_index,
    confidence = speaker and speaker.confidence or 0.2, flags = q.flags or {},
  }
end

local function group_by_sentence(items, key)
  local by = {}
  for _, it in ipairs(items) do
    local k = key(it)
    by[k] = by[k] or {}
    table.insert(by[k], it)
  end
  return by
end

function M.quotes(doc)
  local kept = clean.paragraphs(doc)
  local spans = quotespans.find(doc, kept)
  -- The words that speech verbs and attribution phrases start with, found in C: the
  -- exact tests of cues_of and attribution_of (a word whose norm is listed).
  local cue_tokens = doc:find_terms(select(2, speech_verbs()), { kinds = { "word" } })
  local phrase_tokens = doc:find_terms(select(2, attribution_phrases()), { kinds = "all" })
  if #spans == 0 and #cue_tokens == 0 and #phrase_tokens == 0 then return {} end
  local mentions = actors.mentions(doc)
  local sentences = doc:sentences()
  local quote_list = {}
  for _, q in ipairs(spans) do quote_list[#quote_list + 1] = { q.start, q.stop } end
  local quote_ranges = ranges.index(quote_list)
  local by_sentence = group_by_sentence(spans, function(q) return doc:span(q.open, q.open_stop).sentence end)
  local mentions_by = group_by_sentence(mentions, function(m) return m.sentence end)
  local memory, out, previous = {}, {}, nil
  local cols, all = columns.of(doc), doc:tokens()
  -- A sentence without quotation marks, speech verb or attribution phrase only
  -- updates the memory of who was named.
  local may_speak = hits.sentences(doc, cue_tokens, hits.sentences(doc, phrase_tokens))
  for _, s in ipairs((clean.sentences(doc))) do
    if not by_sentence[s.index] and not may_speak[s.index] then
      local named = mentions_by[s.index] or {}
      remember(memory, nil, named)
      memory.previous_sentence_speaker = #named > 0 and speaker_of(named[#named], "named", 0.5) or nil
      goto next_sentence
    end
    local first, last = columns.range(s)
    local ctx = { doc = doc, sentence = s, mentions = mentions_by[s.index] or {}, quote_ranges = quote_ranges,
                  memory = memory, cols = cols, all = all, first = first, last = last,
                  cue_tokens = cue_tokens, phrase_tokens = phrase_tokens }
    ctx.cues = cues_of(ctx, quote_ranges)
    local here = by_sentence[s.index] or {}
    local last_speaker
    for _, q in ipairs(here) do
      local speaker, cue = attribute(q, ctx)
      if looks_like_name(doc, q, cue ~= nil) then goto next_quote end
      if not speaker and q.flags.continued and previous then speaker, cue = previous.speaker_info, previous.cue_info end
      if not speaker and last_speaker then speaker = last_speaker end
      if not speaker and memory.previous_sentence_speaker then
        speaker = memory.previous_sentence_speaker
        speaker = { entity = speaker.entity, label = speaker.label, country = speaker.country,
                    mention = speaker.mention, span = speaker.span, confidence = 0.5 }
      end
      local quote = make_quote(doc, q, speaker, cue, s.index)
      quote.speaker_info, quote.cue_info = speaker, cue
      out[#out + 1] = quote
      previous, last_speaker = quote, speaker or last_speaker
      ::next_quote::
    end
    if #here == 0 then
      local r = reported(ctx) or attributed_clause(ctx)
      if r then
        out[#out + 1] = make_quote(doc, r, r.speaker, r.cue, s.index, "reported")
        last_speaker = r.speaker
      end
    end
    remember(memory, last_speaker, ctx.mentions)
    memory.previous_sentence_speaker = last_speaker
      or (#ctx.mentions > 0 and speaker_of(ctx.mentions[#ctx.mentions], "named", 0.5)) or nil
    ::next_sentence::
  end
  for _, q in ipairs(out) do q.speaker_info, q.cue_info = nil, nil end
  return out
end

return M
