-- stats.lua: corpus statistics: frequencies, n-grams, collocations, keyness, document frequency, tf-idf, KWIC.
--
-- Every function takes a source `src`: a Corpus (all its documents), a Doc,
-- an array of Docs, or an iterator over Docs (corpus:docs{source="X"}).
-- Terms are token norms (text.fold: "Armenia’s" -> "armenia's") unless
-- opts.by says "lower", "text" or "base" (the norm without a possessive
-- clitic: "armenia"). Only words and numbers count unless opts.kinds says
-- otherwise ({"word", "number", "hashtag"}, or "all"). The counting runs in C
-- (doc:count_terms, count_ngrams, count_pairs, find_tokens, context); the
-- statistics are here, and docs/stats.md gives every formula with its reference.
local text = require("parley.text")

local M = {}

local log, sqrt, huge = math.log, math.sqrt, math.huge

-- ---- sources ----

local function type_name(v)
  local mt = type(v) == "userdata" and getmetatable(v)
  return mt and mt.__name
end

-- docs(src) -> iterator over the Docs of a Corpus, a Doc, an array of Docs or an iterator.
function M.docs(src)
  local kind = type_name(src)
  if kind == "parley.Corpus" then return src:docs() end
  if kind == "parley.Doc" then
    local done = false
    return function()
      if done then return nil end
      done = true
      return src
    end
  end
  if type(src) == "function" then return src end
  if type(src) == "table" then
    local i = 0
    return function()
      i = i + 1
      return src[i]
    end
  end
  error("stats: expected a Corpus, a Doc, an array of Docs or an iterator, got " .. (kind or type(src)), 3)
end

-- ---- stop words ----

local stop_cache = {}

-- The stopwords/ directories of the data path (parley.tsv); their lists are merged.
local function stop_dirs()
  local dirs = {}
  for _, dir in ipairs(require("parley.tsv").data_dirs()) do dirs[#dirs + 1] = dir .. "/stopwords" end
  return dirs
end

local function read_stop_file(path, into)
  local f = io.open(path, "r")
  if not f then return false end
  for line in f:lines() do
    local word = line:match("^%s*([^#%s][^\r]-)%s*$")
    if word then into[text.fold(word)] = true end
  end
  f:close()
  return true
end

local function languages()
  local seen, langs = {}, {}
  for _, dir in ipairs(stop_dirs()) do
    for _, name in ipairs(parley.dir(dir) or {}) do
      local lang = name:match("^(.+)%.txt$")
      if lang and not seen[lang] then
        seen[lang] = true
        langs[#langs + 1] = lang
      end
    end
  end
  return langs
end

local function load_language(lang)
  if stop_cache[lang] then return stop_cache[lang] end
  local set, found = {}, false
  for _, dir in ipairs(stop_dirs()) do
    found = read_stop_file(dir .. "/" .. lang .. ".txt", set) or found
  end
  if not found then error("stats: no stop word list for language \"" .. lang .. "\"", 4) end
  stop_cache[lang] = set
  return set
end

-- stopwords([langs]) -> a new set {word = true} of folded stop words for
-- "en", "ru", "hy", "az" (data/stopwords/LANG.txt, also on PARLEY_PATH),
-- several as "en,ru", or every language when langs is nil.
function M.stopwords(langs)
  local set = {}
  local list = {}
  if langs == nil then list = languages() else
    for lang in tostring(langs):gmatch("[^,%s]+") do list[#list + 1] = lang end
  end
  for _, lang in ipairs(list) do
    for w in pairs(load_language(lang)) do set[w] = true end
  end
  return set
end

-- The stop set an opts.stop asks for: nil, true (all languages), "en" or
-- "en,ru", an array of words, or a set {word = true}. Words are folded.
local function stop_set(stop)
  if not stop then return nil end
  if stop == true then return M.stopwords() end
  if type(stop) == "string" then return M.stopwords(stop) end
  if type(stop) ~= "table" then error("stats: stop must be true, a language or a table of words", 3) end
  local set = {}
  for k, v in pairs(stop) do
    local w = type(k) == "number" and v or k
    set[text.fold(w)] = true
  end
  return set
end

-- Whether term is in the set (compared folded, so by="text" works too).
local function is_stop(set, term, by)
  if not set then return false end
  if by == nil or by == "norm" or by == "base" then return set[term] == true end
  return set[text.fold(term)] == true
end

-- ---- counting ----

local function term_opts(opts)
  return { by = opts.by, kinds = opts.kinds }
end

-- counts, total: term counts over src and the number of tokens counted.
local function count(src, opts)
  local counts, total = {}, 0
  local topts = term_opts(opts)
  for doc in M.docs(src) do
    local _, n = doc:count_terms(counts, topts)
    total = total + n
  end
  return counts, total
end

-- Sort rows by key descending, then by term; keep opts.top.
local function sort_rows(rows, key, opts)
  table.sort(rows, function(a, b)
    if a[key] ~= b[key] then return a[key] > b[key] end
    return a.term < b.term
  end)
  if opts.top then
    for i = #rows, opts.top + 1, -1 do rows[i] = nil end
  end
  return rows
end

-- Rows {term, [key] = count} from counts (term -> integer), by count then
-- term, without stop words and counts below min; at most top. Terms are
-- grouped by count and each group sorted with Lua's own string order, which
-- is several times faster than one sort with a comparator function.
local function ranked(counts, key, opts)
  local stop, min, top = stop_set(opts.stop), opts.min or 1, opts.top or huge
  local groups, sizes = {}, {}
  for term, c in pairs(counts) do
    if c >= min and not is_stop(stop, term, opts.by) then
      local g = groups[c]
      if not g then g = {}; groups[c] = g; sizes[#sizes + 1] = c end
      g[#g + 1] = term
    end
  end
  table.sort(sizes, function(x, y) return x > y end)
  local rows = {}
  for _, c in ipairs(sizes) do
    local g = groups[c]
    table.sort(g)
    for _, term in ipairs(g) do
      if #rows >= top then return rows end
      rows[#rows + 1] = { term = term, [key] = c }
    end
  end
  return rows
end

-- Rows {term, count, share}, share being count / total.
local function count_rows(counts, total, opts)
  local rows = ranked(counts, "count", opts)
  for _, r in ipairs(rows) do r.share = total > 0 and r.count / total or 0 end
  rows.total = total
  return rows
end

-- freq(src, {by=, kinds=, stop=, min=1, top=}) -> rows {term, count, share}, by
-- count then term; rows.total is the number of tokens counted (stop words
-- included), which share divides by.
function M.freq(src, opts)
  opts = opts or {}
  local counts, total = count(src, opts)
  return count_rows(counts, total, opts)
end

-- ---- n-grams ----

-- ngrams(src, n, {by=, kinds=, stop=, min=1, top=}) -> rows {term, count, share}:
-- term is the n terms joined by spaces. N-grams never cross a sentence or a
-- token of another kind (punctuation, by default). With stop, an n-gram that
-- starts or ends with a stop word is dropped ("minister of defence" stays).
-- rows.total counts every n-gram, dropped ones included.
function M.ngrams(src, n, opts)
  opts = opts or {}
  assert(math.type(n) == "integer" and n >= 1, "stats.ngrams: n must be a positive integer")
  local counts, total = {}, 0
  local copts = { by = opts.by, kinds = opts.kinds, stop = stop_set(opts.stop) }
  for doc in M.docs(src) do
    local _, added = doc:count_ngrams(counts, n, copts)
    total = total + added
  end
  return count_rows(counts, total, { min = opts.min, top = opts.top })
end

-- ---- association measures ----

local function xlogx_ratio(o, e)
  if o == 0 then return 0 end
  return o * log(o / e)
end

-- measures(o11, r1, c1, n) -> table {expected, pmi, t, g2} for the 2x2 table
-- with O11 = o11, row total R1 = r1, column total C1 = c1, grand total N = n.
-- pmi = log2(O11/E11); t = (O11 - E11)/sqrt(O11); g2 = 2 sum O ln(O/E) over
-- the four cells, negative when O11 < E11 (Evert 2008).
function M.measures(o11, r1, c1, n)
  local o12, o21 = r1 - o11, c1 - o11
  local o22 = n - r1 - c1 + o11
  local e11, e12 = r1 * c1 / n, r1 * (n - c1) / n
  local e21, e22 = (n - r1) * c1 / n, (n - r1) * (n - c1) / n
  local g2 = 2 * (xlogx_ratio(o11, e11) + xlogx_ratio(o12, e12) + xlogx_ratio(o21, e21) + xlogx_ratio(o22, e22))
  if o11 < e11 then g2 = -g2 end
  return {
    expected = e11,
    pmi = o11 > 0 and log(o11 / e11, 2) or -huge,
    t = o11 > 0 and (o11 - e11) / sqrt(o11) or -huge,
    g2 = g2,
  }
end

-- Row totals (pairs starting with a) and column totals (pairs ending with b) of pairs[a][b].
local function marginals(pairs_)
  local first, second = {}, {}
  for a, row in pairs(pairs_) do
    local r = 0
    for b, o in pairs(row) do
      r = r + o
      second[b] = (second[b] or 0) + o
    end
    first[a] = r
  end
  return first, second
end

local MEASURES = { pmi = true, t = true, g2 = true }

-- collocations(src, {window=1, min=3, measure="g2", by=, kinds=, stop=, top=})
-- -> rows {w1, w2, term, count, expected, pmi, t, g2}, by the measure then
-- count then term. A pair is w2 at most `window` terms after w1 in the same
-- run (see ngrams); R1 counts pairs starting with w1, C1 pairs ending with
-- w2, N all pairs. Stop words are dropped from the output only, so the
-- marginals stay the real ones.
function M.collocations(src, opts)
  opts = opts or {}
  local window, min, measure = opts.window or 1, opts.min or 3, opts.measure or "g2"
  assert(MEASURES[measure], "stats.collocations: measure must be \"pmi\", \"t\" or \"g2\"")
  local pairs_, n = {}, 0
  local topts = term_opts(opts)
  for doc in M.docs(src) do
    local _, added = doc:count_pairs(pairs_, window, topts)
    n = n + added
  end
  local first, second = marginals(pairs_)
  local stop, rows = stop_set(opts.stop), {}
  for a, row in pairs(pairs_) do
    if not is_stop(stop, a, opts.by) then
      for b, o in pairs(row) do
        if o >= min and not is_stop(stop, b, opts.by) then
          local m = M.measures(o, first[a], second[b], n)
          m.w1, m.w2, m.term, m.count = a, b, a .. " " .. b, o
          rows[#rows + 1] = m
        end
      end
    end
  end
  table.sort(rows, function(x, y)
    if x[measure] ~= y[measure] then return x[measure] > y[measure] end
    if x.count ~= y.count then return x.count > y.count end
    return x.term < y.term
  end)
  if opts.top then for i = #rows, opts.top + 1, -1 do rows[i] = nil end end
  rows.total = n
  return rows
end

-- ---- keyness ----

-- erfc(x) for x >= 0, fractional error below 1.2e-7 (Numerical Recipes, erfcc).
local function erfc(x)
  local t = 1 / (1 + 0.5 * x)
  local y = -x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
            t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
            t * (-0.82215223 + t * 0.17087277))))))))
  return t * math.exp(y)
end

-- chi2_p(x) -> P(X >= x) for chi-square with one degree of freedom.
function M.chi2_p(x)
  if x <= 0 then return 1 end
  return erfc(sqrt(x / 2))
end

-- keyness_row(a, b, c, d) -> {g2, p, log_ratio} for a term seen a times in
-- c target tokens and b times in d reference tokens (Rayson & Garside 2000;
-- log ratio after Hardie 2014, a zero count taken as 0.5). g2 is negative
-- when the term is relatively rarer in the target.
function M.keyness_row(a, b, c, d)
  local e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
  local g2 = 2 * (xlogx_ratio(a, e1) + xlogx_ratio(b, e2))
  local lr = log(((a > 0 and a or 0.5) / c) / ((b > 0 and b or 0.5) / d), 2)
  if a / c < b / d then g2 = -g2 end
  return { g2 = g2, p = M.chi2_p(math.abs(g2)), log_ratio = lr }
end

local DIRECTIONS = { over = true, under = true, both = true }

local function wanted(direction, g2)
  return direction == "both" or (direction == "over" and g2 > 0) or (direction == "under" and g2 < 0)
end

-- keyness(target, reference, {by=, kinds=, stop=, min=3, max_p=, direction="over", top=})
-- -> rows {term, target, reference, g2, p, log_ratio}: terms whose relative
-- frequency differs between the two sources, by |g2| then term. direction:
-- "over" (more frequent in the target), "under", or "both". min is the
-- least count in both together; max_p drops terms with a larger p.
-- rows.target_total and rows.reference_total are the token counts.
-- nil, message when either source has no tokens (an empty sub-corpus).
function M.keyness(target, reference, opts)
  opts = opts or {}
  local direction = opts.direction or "over"
  assert(DIRECTIONS[direction], "stats.keyness: direction must be \"over\", \"under\" or \"both\"")
  local tc, c = count(target, opts)
  local rc, d = count(reference, opts)
  if c == 0 or d == 0 then
    return nil, "stats.keyness: the " .. (c == 0 and "target" or "reference") .. " has no tokens to count"
  end
  local stop, min, rows = stop_set(opts.stop), opts.min or 3, {}
  local function consider(term, a, b)
    if a + b < min or is_stop(stop, term, opts.by) then return end
    local k = M.keyness_row(a, b, c, d)
    if wanted(direction, k.g2) and (not opts.max_p or k.p <= opts.max_p) then
      k.term, k.target, k.reference, k.abs = term, a, b, math.abs(k.g2)
      rows[#rows + 1] = k
    end
  end
  for term, a in pairs(tc) do consider(term, a, rc[term] or 0) end
  for term, b in pairs(rc) do if not tc[term] then consider(term, 0, b) end end
  rows = sort_rows(rows, "abs", opts)
  for _, r in ipairs(rows) do r.abs = nil end
  rows.target_total, rows.reference_total = c, d
  return rows
end

-- ---- document frequency and tf-idf ----

-- df(src, {by=, kinds=, stop=, min=1, top=}) -> rows {term, df, share}: in how
-- many documents each term occurs (share = df / N), by df then term.
-- rows.n is N; rows.of maps every term (before stop, min, top) to its df.
function M.df(src, opts)
  opts = opts or {}
  local df, n = {}, 0
  local topts = term_opts(opts)
  for doc in M.docs(src) do
    for term in pairs(doc:count_terms({}, topts)) do df[term] = (df[term] or 0) + 1 end
    n = n + 1
  end
  local rows = ranked(df, "df", opts)
  for _, r in ipairs(rows) do r.share = r.df / n end
  rows.n, rows.of = n, df
  return rows
end

-- idf = ln(N/df), a term unseen in the collection counting as df = 1; or,
-- smoothed, ln((1 + N)/(1 + df)) + 1 (as scikit-learn's smooth_idf).
local function idf(n, k, smooth)
  if smooth then return log((1 + n) / (1 + k)) + 1 end
  return log(n / math.max(k, 1))
end

-- tfidf(doc, collection, {smooth=false, by=, kinds=, stop=, min=1, top=})
-- -> rows {term, tf, df, idf, tfidf} of doc's terms, by tfidf then term.
-- tf is the raw count in doc; collection is a stats.df result (reuse it for
-- many documents) or any source, whose df is computed with the same opts;
-- nil, message when it has no documents.
function M.tfidf(doc, collection, opts)
  opts = opts or {}
  if not (type(collection) == "table" and collection.of and collection.n) then
    collection = M.df(collection, { by = opts.by, kinds = opts.kinds })
  end
  if collection.n == 0 then return nil, "stats.tfidf: the collection has no documents" end
  local counts = doc:count_terms({}, term_opts(opts))
  local stop, min, rows = stop_set(opts.stop), opts.min or 1, {}
  for term, tf in pairs(counts) do
    if tf >= min and not is_stop(stop, term, opts.by) then
      local k = collection.of[term] or 0
      local w = idf(collection.n, k, opts.smooth)
      rows[#rows + 1] = { term = term, tf = tf, df = k, idf = w, tfidf = tf * w }
    end
  end
  return sort_rows(rows, "tfidf", opts)
end

-- ---- KWIC ----

local function fold_as(by, s)
  if by == "text" then return s end
  if by == "lower" then return text.lower(s) end
  return text.fold(s)
end

-- The words of a term query, folded as the tokens will be; a final * stays.
local function query_words(query, by)
  local words = {}
  for w in query:gmatch("%S+") do
    local star = #w > 1 and w:sub(-1) == "*"
    words[#words + 1] = fold_as(by, star and w:sub(1, -2) or w) .. (star and "*" or "")
  end
  assert(#words > 0, "stats.kwic: empty query")
  return words
end

-- One concordance row for the match at bytes s..e (doc:context does the walking, in C).
local function kwic_row(doc, s, e, opts)
  local l, r, left, right = doc:context(s, e, opts.left, opts.right)
  local span = doc:span(s, e)
  return { doc = doc, span = span, left = left, match = (span.text:gsub("%s+", " ")), right = right, l = l, r = r }
end

local function is_regex(q)
  return type_name(q) == "parley.Regex"
end

-- Rows of the term (or phrase) matches in one document.
local function kwic_terms(doc, words, opts, rows)
  for _, i in ipairs(doc:find_tokens(words, { by = opts.by })) do
    local s = doc:token_info(i)
    local _, e = doc:token_info(i + #words - 1)
    rows[#rows + 1] = kwic_row(doc, s, e, opts)
  end
end

-- Rows of the regex matches in one document (empty matches have no place in a concordance).
local function kwic_regex(doc, rx, opts, rows)
  for _, m in ipairs(doc:find(rx)) do
    if m.stop >= m.start then rows[#rows + 1] = kwic_row(doc, m.start, m.stop, opts) end
  end
end

-- The sort key of a row for "left2", "right1", "match".
local function sort_key(row, key, by)
  if key == "match" then return fold_as(by, row.match) end
  local side, n = key:match("^(%a+)(%d+)$")
  local words = side == "left" and row.l or side == "right" and row.r
  if not words then error("stats.kwic: sort keys are \"leftN\", \"rightN\" or \"match\", not \"" .. key .. "\"", 4) end
  local w = words[tonumber(n)]
  return w and fold_as(by, w) or ""
end

local function sort_rows_by(rows, sort, by)
  local keys = type(sort) == "table" and sort or { sort }
  for i, row in ipairs(rows) do
    row.keys = {}
    for k, key in ipairs(keys) do row.keys[k] = sort_key(row, key, by) end
    row.order = i
  end
  table.sort(rows, function(a, b)
    for k = 1, #keys do
      if a.keys[k] ~= b.keys[k] then return a.keys[k] < b.keys[k] end
    end
    return a.order < b.order
  end)
  for _, row in ipairs(rows) do row.keys, row.order = nil, nil end
end

-- kwic(src, query, {left=5, right=5, sort=, by="norm", regex=false, flags=,
-- limit=, columns=, width=}) -> rows {doc, span, left, match, right, l, r}.
-- query: a term or phrase matched on token terms ("peace agreement",
-- "negotiat*"), or a Regex (or a string with regex=true) matched on the text.
-- left/right: context words on each side (punctuation shown, not counted);
-- l and r are those words, nearest first. sort: "left1", "right2", "match",
-- or an array of them; ties keep corpus order. columns and width are kept
-- on rows for kwic_text.
function M.kwic(src, query, opts)
  opts = opts or {}
  local o = { left = opts.left or 5, right = opts.right or 5, by = opts.by or "norm" }
  local rx = is_regex(query) and query or (opts.regex and parley.re.compile(query, opts.flags))
  local words = not rx and query_words(query, o.by)
  local rows = {}
  for doc in M.docs(src) do
    if rx then kwic_regex(doc, rx, o, rows) else kwic_terms(doc, words, o, rows) end
    if opts.limit and #rows >= opts.limit then break end
  end
  if opts.limit then for i = #rows, opts.limit + 1, -1 do rows[i] = nil end end
  if opts.sort then sort_rows_by(rows, opts.sort, o.by) end
  rows.columns, rows.width, rows.left, rows.right = opts.columns, opts.width, o.left, o.right
  return rows
end

-- ---- KWIC rendering ----

local width = text.width

-- The end of s that fits in w columns (whole grapheme clusters).
local function keep_right(s, w)
  if width(s) <= w then return s end
  local gs = text.grapheme_list(s)
  local out, used = {}, 0
  for i = #gs, 1, -1 do
    local gw = width(gs[i])
    if used + gw > w then break end
    used = used + gw
    table.insert(out, 1, gs[i])
  end
  return table.concat(out)
end

-- The start of s that fits in w columns.
local function keep_left(s, w)
  if width(s) <= w then return s end
  local out, used = {}, 0
  for _, g in ipairs(text.grapheme_list(s)) do
    local gw = width(g)
    if used + gw > w then break end
    used = used + gw
    out[#out + 1] = g
  end
  return table.concat(out)
end

local function pad_left(s, w) return string.rep(" ", w - width(s)) .. s end
local function pad_right(s, w) return s .. string.rep(" ", w - width(s)) end

local function ref_of(row)
  return string.format("%s:%d", row.doc.id or "-", row.span.line)
end

-- Lines with the left context right-aligned, the match padded, then the right context.
local function text_lines(rows, opts)
  local cells, wref, wl, wm = {}, 0, 0, 0
  for i, row in ipairs(rows) do
    local c = {
      ref = opts.ref and ref_of(row) or "",
      l = opts.width and keep_right(row.left, opts.width) or row.left,
      m = row.match,
      r = opts.width and keep_left(row.right, opts.width) or row.right,
    }
    wref, wl, wm = math.max(wref, width(c.ref)), math.max(wl, width(c.l)), math.max(wm, width(c.m))
    cells[i] = c
  end
  local out = {}
  for i, c in ipairs(cells) do
    local head = opts.ref and pad_right(c.ref, wref) .. "  " or ""
    out[i] = (head .. pad_left(c.l, wl) .. pad_right(c.m, wm) .. c.r):gsub("%s+$", "")
  end
  return out
end

-- Lines with one column per context position: Ln .. L1, match, R1 .. Rn.
local function column_lines(rows, opts)
  local nl, nr = rows.left or 5, rows.right or 5
  local grid, widths = {}, {}
  for i, row in ipairs(rows) do
    local cells = {}
    for k = nl, 1, -1 do cells[#cells + 1] = row.l[k] or "" end
    cells[#cells + 1] = row.match
    for k = 1, nr do cells[#cells + 1] = row.r[k] or "" end
    if opts.ref then table.insert(cells, 1, ref_of(row)) end
    for j, s in ipairs(cells) do widths[j] = math.max(widths[j] or 0, width(s)) end
    grid[i] = cells
  end
  local first_left = opts.ref and 2 or 1
  local out = {}
  for i, cells in ipairs(grid) do
    local parts = {}
    for j, s in ipairs(cells) do
      local left_side = j >= first_left and j < first_left + nl
      parts[j] = left_side and pad_left(s, widths[j]) or pad_right(s, widths[j])
    end
    out[i] = table.concat(parts, "  "):gsub("%s+$", "")
  end
  return out
end

-- kwic_text(rows [, {columns=, width=, ref=}]) -> the concordance as text, one
-- line per row, aligned by display width (text.width), so Armenian, CJK and
-- emoji line up in a terminal. width cuts each context to that many columns
-- (nearest the match kept); columns=true gives one column per position;
-- ref=true starts each line with "doc_id:line". Options default to the
-- ones given to kwic.
function M.kwic_text(rows, opts)
  opts = opts or {}
  local o = {
    columns = opts.columns == nil and rows.columns or opts.columns,
    width = opts.width or rows.width,
    ref = opts.ref,
  }
  local lines = o.columns and column_lines(rows, o) or text_lines(rows, o)
  return #lines > 0 and table.concat(lines, "\n") .. "\n" or ""
end

-- ---- tables ----

local function cell(v)
  if math.type(v) == "float" then
    if v == huge or v == -huge then return v > 0 and "inf" or "-inf" end
    return string.format("%.4g", v)
  end
  return tostring(v == nil and "" or v)
end

-- table(rows [, fields]) -> the rows of any function here as an aligned text
-- table (parley.tabulate), with the named fields as columns (default: the
-- usual ones for freq-like rows).
function M.table(rows, fields)
  fields = fields or { "term", "count", "share" }
  local body = {}
  for i, row in ipairs(rows) do
    local cells = {}
    for j, f in ipairs(fields) do cells[j] = cell(row[f]) end
    body[i] = cells
  end
  return require("parley.tabulate").text(fields, body)
end

return M
