-- stats.lua: throughput of parley.stats (freq, n-grams, KWIC) over a whole corpus, as ratios to a plain scan.
--
--   parley ingest --db reuters.db CORPUS_DIR
--   parley run --db reuters.db bench/stats.lua [TERM [REGEX]]
--
-- Every pass reads every document from the store again, as a script would.
-- "plain scan" is the floor: read each document and string.find the term
-- in its bytes (no Unicode, no tokens). "segment" adds tokenising. The
-- other lines are the stats functions; ratio = time / plain scan time.
local stats = require("parley.stats")

local term = arg and arg[1] or "oil"
local regex = arg and arg[2] or "\\boil\\w*"
local corpus = assert(parley.open())

local function timed(fn)
  collectgarbage("collect")
  local t0 = os.clock()
  local result = fn()
  return os.clock() - t0, result
end

local bytes, ndocs = 0, 0
local function plain_scan()
  local hits = 0
  bytes, ndocs = 0, 0
  for doc in corpus:docs() do
    local t = doc.text
    bytes, ndocs = bytes + #t, ndocs + 1
    local at = 1
    while true do
      local s, e = t:find(term, at, true)
      if not s then break end
      hits, at = hits + 1, e + 1
    end
  end
  return hits .. " hits"
end

local function segment()
  local n = 0
  for doc in corpus:docs() do n = n + #doc:tokens() end
  return n .. " tokens"
end

local passes = {
  { "plain scan (string.find)", plain_scan },
  { "segment (doc:tokens)", segment },
  { "freq", function() local r = stats.freq(corpus); return #r .. " terms, " .. r.total .. " tokens" end },
  { "freq, stop=true", function() return #stats.freq(corpus, { stop = true }) .. " terms" end },
  { "ngrams 2", function() return #stats.ngrams(corpus, 2) .. " bigrams" end },
  { "collocations (window 1, min 3)", function() return #stats.collocations(corpus) .. " pairs" end },
  { "keyness (odd ids vs even ids)", function()
      local odd, even = {}, {}
      for doc in corpus:docs() do
        local half = doc.id % 2 == 1 and odd or even
        half[#half + 1] = doc
      end
      return #stats.keyness(odd, even, { direction = "both" }) .. " terms"
    end },
  { "df + tfidf of 100 documents", function()
      local df = stats.df(corpus)
      for doc in corpus:docs{ limit = 100 } do stats.tfidf(doc, df) end
      return #df .. " terms"
    end },
  { "kwic term \"" .. term .. "\"", function() return #stats.kwic(corpus, term) .. " rows" end },
  { "kwic term \"the\"", function() return #stats.kwic(corpus, "the") .. " rows" end },
  { "kwic regex /" .. regex .. "/", function()
      return #stats.kwic(corpus, parley.re.compile(regex, "i")) .. " rows"
    end },
  { "kwic + sort right1 + kwic_text", function()
      local rows = stats.kwic(corpus, term, { sort = "right1" })
      return #stats.kwic_text(rows, { width = 40 }) .. " bytes of text"
    end },
}

local base
local out = {}
for _, p in ipairs(passes) do
  local secs, what = timed(p[2])
  base = base or secs
  out[#out + 1] = { p[1], string.format("%.2f", secs), string.format("%.1f", bytes / 1e6 / secs),
                    string.format("%.1f", secs / base), what }
end
print(string.format("%d documents, %.1f MB of text", ndocs, bytes / 1e6))
io.write(require("parley.tabulate").text({ "pass", "seconds", "MB/s", "x scan", "result" }, out))
