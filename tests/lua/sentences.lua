-- sentences.lua: parley.text.sentences against parley's own hand-checked cases
-- (tests/segmentation/cases_*.lua, every case must pass), then a score (not an
-- assertion) on the shared gold sets under $PARLEY_CORPORA; that each gold set
-- was found and read is asserted.
local check = require("lib.check")
io.stdout:setvbuf("line")  -- keep the totals in order with the mismatches on stderr

local script_dir = (arg and arg[0] or ""):match("^(.*)[/\\][^/\\]*$") or "."
local case_dir = script_dir .. "/../segmentation/"
local LANGUAGES = { "en", "ru", "hy", "az" }
local MIN_CASES = { en = 150, ru = 30, hy = 30, az = 1 }

-- Show a string on one line: newlines and tabs made visible, the whole in ⟨ ⟩.
local function show(s)
  if type(s) ~= "string" then return "(" .. type(s) .. ") " .. tostring(s) end
  return "⟨" .. s:gsub("\\", "\\\\"):gsub("\n", "\\n"):gsub("\t", "\\t"):gsub("\r", "\\r") .. "⟩"
end

local function show_list(out, label, list)
  if type(list) ~= "table" then
    out[#out + 1] = string.format("  %s: not a list: %s", label, show(list))
    return
  end
  out[#out + 1] = string.format("  %s (%d):", label, #list)
  for i, s in ipairs(list) do out[#out + 1] = string.format("    %2d %s", i, show(s)) end
end

local function same_list(a, b)
  if type(a) ~= "table" or type(b) ~= "table" or #a ~= #b then return false end
  for i = 1, #a do
    if a[i] ~= b[i] then return false end
  end
  return true
end

-- ---------------------------------------------------------------------------
-- The case files: well-formed, and every expected sentence is an exact
-- substring of the text, in order, with only whitespace between and around.
-- ---------------------------------------------------------------------------

local function validate(lang, case, index, seen)
  local where = string.format("cases_%s.lua #%d", lang, index)
  if type(case) ~= "table" then return where .. ": not a table" end
  local id = case.id
  if type(id) ~= "string" or not id:match("^" .. lang .. "%-%d%d%d$") then
    return where .. ": id must look like " .. lang .. "-001, got " .. show(id)
  end
  where = id
  if seen[id] then return where .. ": duplicate id" end
  seen[id] = true
  if type(case.note) ~= "string" or case.note == "" then return where .. ": no note" end
  local text = case.text
  if type(text) ~= "string" or text == "" then return where .. ": no text" end
  if not utf8.len(text) then return where .. ": text is not valid UTF-8" end
  if type(case.sentences) ~= "table" or #case.sentences == 0 then return where .. ": no sentences" end
  local pos = 1
  for i, s in ipairs(case.sentences) do
    if type(s) ~= "string" or s == "" then return where .. ": sentence " .. i .. " is empty" end
    if s:match("^%s") or s:match("%s$") then
      return where .. ": sentence " .. i .. " has surrounding whitespace: " .. show(s)
    end
    local a, b = text:find(s, pos, true)
    if not a then
      return where .. ": sentence " .. i .. " is not in the text after the previous one: " .. show(s)
    end
    if not text:sub(pos, a - 1):match("^%s*$") then
      return where .. ": text not covered by any sentence before sentence " .. i .. ": "
        .. show(text:sub(pos, a - 1))
    end
    pos = b + 1
  end
  if not text:sub(pos):match("^%s*$") then
    return where .. ": text not covered after the last sentence: " .. show(text:sub(pos))
  end
  return nil
end

local function load_cases(lang)
  local path = case_dir .. "cases_" .. lang .. ".lua"
  local ok, cases = pcall(dofile, path)
  if not ok then
    check.ok(false, "cannot load " .. path .. ": " .. tostring(cases))
    return {}
  end
  if not check.ok(type(cases) == "table", path .. " must return a table") then return {} end
  local seen, good = {}, {}
  for i, case in ipairs(cases) do
    local problem = validate(lang, case, i, seen)
    if check.ok(problem == nil, problem) then good[#good + 1] = case end
  end
  check.ok(#cases >= MIN_CASES[lang],
    string.format("cases_%s.lua has %d cases, want at least %d", lang, #cases, MIN_CASES[lang]))
  return good
end

local all_cases = {}
for _, lang in ipairs(LANGUAGES) do all_cases[lang] = load_cases(lang) end

-- ---------------------------------------------------------------------------
-- Our own cases: all must pass.
-- ---------------------------------------------------------------------------

local split = parley.text and parley.text.sentences
if type(split) ~= "function" then
  check.ok(false, "parley.text.sentences is not available")
end

local function segment(text)
  local ok, got = pcall(split, text)
  if not ok then return nil, "error: " .. tostring(got) end
  if type(got) ~= "table" then return nil, "returned " .. type(got) .. ", not a list" end
  return got
end

for _, lang in ipairs(LANGUAGES) do
  local cases, passed = all_cases[lang], 0
  if type(split) == "function" then
    for _, case in ipairs(cases) do
      local got, err = segment(case.text)
      local good = got ~= nil and same_list(got, case.sentences)
      if good then
        passed = passed + 1
      else
        local out = { string.format("MISMATCH %s: %s", case.id, case.note) }
        out[#out + 1] = "  text:     " .. show(case.text)
        show_list(out, "expected", case.sentences)
        if got then show_list(out, "got", got) else out[#out + 1] = "  got:      " .. err end
        io.stderr:write(table.concat(out, "\n"), "\n")
      end
      check.ok(good, "case " .. case.id)
    end
  end
  print(string.format("sentences %s: %d cases, %d passed", lang, #cases, passed))
end

-- ---------------------------------------------------------------------------
-- Shared gold sets: scored, not asserted.
-- A case is "exact" when the whole list of sentences matches; sentence
-- precision/recall count sentences found verbatim (or, for expected
-- sentences that are not substrings of the text, equal after collapsing
-- whitespace).
-- ---------------------------------------------------------------------------

local function collapse(s)
  return (s:gsub("%s+", " "):gsub("^ ", ""):gsub(" $", ""))
end

local function identity(s) return s end

-- Sentences of `expected` also present in `got` (a multiset intersection).
local function matched(got, expected, norm)
  local count = {}
  for _, s in ipairs(expected) do
    local k = norm(s)
    count[k] = (count[k] or 0) + 1
  end
  local n = 0
  for _, s in ipairs(got) do
    if type(s) == "string" then
      local k = norm(s)
      if (count[k] or 0) > 0 then
        count[k] = count[k] - 1
        n = n + 1
      end
    end
  end
  return n
end

local function new_score(name)
  return { name = name, cases = 0, exact = 0, want = 0, got = 0, hit = 0, collapsed = 0, errors = 0 }
end

-- Score one case on the splitter's output `got` (nil: it raised); returns true
-- when the whole list matched.
local function score_case(score, got, expected, substrings)
  local norm = substrings and identity or collapse
  if not substrings then score.collapsed = score.collapsed + 1 end
  score.cases = score.cases + 1
  score.want = score.want + #expected
  if not got then
    score.errors = score.errors + 1
    return false
  end
  score.got = score.got + #got
  local hit = matched(got, expected, norm)
  score.hit = score.hit + hit
  local exact = #got == #expected and hit == #expected
  if exact then score.exact = score.exact + 1 end
  return exact
end

local function report(score, extra)
  local p = score.got > 0 and score.hit / score.got or 0
  local r = score.want > 0 and score.hit / score.want or 0
  local f = (p + r) > 0 and 2 * p * r / (p + r) or 0
  local notes = {}
  if score.collapsed > 0 then notes[#notes + 1] = score.collapsed .. " compared after collapsing whitespace" end
  if score.errors > 0 then notes[#notes + 1] = score.errors .. " raised an error" end
  if extra then notes[#notes + 1] = extra end
  print(string.format("gold %s: %d/%d exact; sentences %d/%d found, %d returned, P=%.3f R=%.3f F1=%.3f%s",
    score.name, score.exact, score.cases, score.hit, score.want, score.got, p, r, f,
    #notes > 0 and " (" .. table.concat(notes, "; ") .. ")" or ""))
end

-- A gold set that is missing, or read as no cases, fails: the score is not
-- asserted, but a broken path must not pass as a skipped score.
local function each_json_line(path, fn)
  local f = io.open(path, "r")
  if not check.ok(f, "gold set is readable: " .. path) then return false end
  local n, cases = 0, 0
  for line in f:lines() do
    if line:match("%S") then
      n = n + 1
      local value, err = parley.json.decode(line)
      if check.ok(value ~= nil, string.format("gold: %s line %d: %s", path, n, tostring(err))) then
        fn(value)
        cases = cases + 1
      end
    end
  end
  f:close()
  return check.ok(cases > 0, "gold set has cases: " .. path)
end

-- Sentences given as {start, end} code point offsets ([start, end), 0-based).
local function slice_sentences(text, spans)
  local out = {}
  for _, span in ipairs(spans) do
    local a = utf8.offset(text, span.start + 1)
    local b = utf8.offset(text, span["end"] + 1)
    out[#out + 1] = text:sub(a, b - 1)
  end
  return out
end

local corpora = os.getenv("PARLEY_CORPORA")
if type(split) ~= "function" then
  print("gold: skipped (no parley.text.sentences)")
elseif not check.ok(corpora and corpora ~= "", "PARLEY_CORPORA is set (ctest sets it)") then
  print("gold: PARLEY_CORPORA not set")
else
  local root = corpora .. "/"

  -- Golden Rules (Pragmatic Segmenter), plus the 48 rules pySBD's benchmark uses.
  local grs, grs48 = new_score("golden_rules_en"), new_score("golden_rules_en pySBD-48")
  if each_json_line(root .. "golden-rules-en/golden_rules_en.jsonl", function(c)
    local substrings = c.sentences_are_substrings ~= false
    local exact = score_case(grs, segment(c.text), c.sentences, substrings)
    if c.in_pysbd_grs48 == true then
      grs48.cases = grs48.cases + 1
      if exact then grs48.exact = grs48.exact + 1 end
    end
  end) then
    report(grs, string.format("pySBD's 48-rule subset: %d/%d exact", grs48.exact, grs48.cases))
  end

  local ext = new_score("pysbd_en_extended")
  if each_json_line(root .. "golden-rules-en/pysbd_en_extended.jsonl", function(c)
    score_case(ext, segment(c.text), c.sentences, c.sentences_are_substrings ~= false)
  end) then report(ext) end

  local ruhy = new_score("sbd_ru_hy")
  local by_lang = { ru = new_score("sbd_ru_hy ru"), hy = new_score("sbd_ru_hy hy") }
  if each_json_line(root .. "golden-rules-ru-hy/sbd_ru_hy.jsonl", function(c)
    local substrings = c.sentences_are_substrings ~= false
    local got = segment(c.text)
    score_case(ruhy, got, c.sentences, substrings)
    if by_lang[c.lang] then score_case(by_lang[c.lang], got, c.sentences, substrings) end
  end) then
    report(ruhy, string.format("ru %d/%d, hy %d/%d exact", by_lang.ru.exact, by_lang.ru.cases,
      by_lang.hy.exact, by_lang.hy.cases))
  end

  local arm = new_score("ud_armtdp_news")
  if each_json_line(root .. "armenian-news/ud_armtdp_news_sentences.jsonl", function(c)
    score_case(arm, segment(c.text), slice_sentences(c.text, c.sentences), true)
  end) then report(arm) end

  local gum = new_score("gum_wikinews")
  if each_json_line(root .. "gum-wikinews/gum_wikinews.jsonl", function(c)
    score_case(gum, segment(c.text), slice_sentences(c.text, c.sentences), true)
  end) then report(gum) end
end

check.done("sentences")
