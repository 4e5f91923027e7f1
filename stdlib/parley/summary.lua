-- summary.lua: extractive summaries: the most central sentences of a document or corpus (TextRank).
--
-- extract(doc_or_corpus_or_docs, n [, opts]) -> array of
--   { doc, sentence (1-based index in its doc), span, text, score }
-- in reading order (document, then position). Boilerplate is left out (the
-- clean module), so are sentences under opts.min_words (default 5) words.
-- Similarity of two sentences is TextRank's: shared content words over
-- log(|a|) + log(|b|); ranks come from PageRank with damping 0.85, whose
-- random jumps favour early sentences (weight 1/sqrt(position in the story)):
-- news puts what matters first, and TextRank alone does not know that.
-- Near-identical sentences (Jaccard overlap of their content words above
-- opts.redundancy, default 0.7: syndicated copies) are picked once.
-- Over more than opts.max_sentences candidates (default 2000), the graph holds
-- each document's first story sentences, position by position, up to that
-- many: the cost grows with the square of the graph, and the lead carries the news.
-- The steps, for a caller that reads a corpus one document at a time:
-- candidates(doc [, min_words]), plan(counts, max), node(doc, span), rank(nodes, n [, opts]).
local clean = require("parley.clean")

local M = {}

local MAX_SENTENCES = 2000   -- opts.max_sentences: the most sentences the graph holds

local STOP = {}
for w in ([[a an the of to in on at for by with and or but is are was were be been has have had
  it its this that these those as from into than then there their they he she his her we our
  you not no also said says will would could should can may about after before over up out
  more most very just only other such which who whom what when where while]]):gmatch("%S+") do
  STOP[w] = true
end

-- Read as columns (in C); a Span is made only for a possessive, whose base is the word.
local function content_words(span)
  local words, toks = {}, span.tokens
  local kind, norm, possessive = toks:column("kind"), toks:column("norm"), toks:column("is_possessive")
  for i = 1, #kind do
    if kind[i] == "word" and not STOP[norm[i]] then
      words[#words + 1] = possessive[i] and parley.text.fold(toks[i].base) or norm[i]
    end
  end
  return words
end

-- The TextRank graph: weights[i][j] = shared distinct content words / (log |a| + log |b|),
-- for the pairs that share a word at all, found through each word's list of sentences
-- rather than by comparing every pair. The pairs are counted node by node, each node's
-- words in order, never in pairs() order over the words: that order follows Lua's
-- string hashes, seeded afresh in every process, and the tables filled in it would
-- give pairs() orders, hence floating-point sums, that change from one run to the next
-- (ties between syndicated copies kept with --keep-duplicates fell differently).
-- Tables keyed by integers filled in a fixed order traverse in a fixed order.
local function graph(nodes)
  local postings, weights, logs, distinct = {}, {}, {}, {}
  for i, node in ipairs(nodes) do
    weights[i] = {}
    logs[i] = #node.words >= 2 and math.log(#node.words) or nil
    local seen, words = {}, {}
    for _, w in ipairs(node.words) do
      if not seen[w] then
        seen[w] = true
        words[#words + 1] = w
        postings[w] = postings[w] or {}
        table.insert(postings[w], i)
      end
    end
    distinct[i] = words
  end
  local shared = {}
  for i = 1, #nodes do
    if logs[i] then
      local row = {}
      for _, w in ipairs(distinct[i]) do
        for _, j in ipairs(postings[w]) do
          if j > i and logs[j] then row[j] = (row[j] or 0) + 1 end
        end
      end
      shared[i] = row
    end
  end
  for i = 1, #nodes do
    for j, n in pairs(shared[i] or {}) do
      local w = n / (logs[i] + logs[j])
      weights[i][j], weights[j][i] = w, w
    end
  end
  return weights
end

-- The first position that does not fit whole in max sentences, given how many documents
-- have a candidate at each position, and the room left there: no document keeps more
-- than that many sentences (math.huge while everything fits). plan() and carrier().
local function cut_of(per_position, total, max)
  if total <= max then return math.huge, 0 end
  local p, room = 1, max
  while per_position[p] and per_position[p] <= room do
    room = room - per_position[p]
    p = p + 1
  end
  return p, room
end

-- plan(counts, max) -> keep: keep[k] is how many of document k's first candidates
-- (counts[k] of them, documents in reading order) the graph holds. Over a large
-- corpus the graph keeps every document's first story sentences, position by
-- position, up to max (news puts what matters first): the order is (position,
-- reading order), so every whole position that fits, then the first sentences
-- of the next position; counted rather than sorted.
function M.plan(counts, max)
  local per_position, total = {}, 0
  for _, c in ipairs(counts) do
    total = total + c
    for p = 1, c do per_position[p] = (per_position[p] or 0) + 1 end
  end
  local keep, cut, room = {}, cut_of(per_position, total, max)
  for k, c in ipairs(counts) do
    keep[k] = math.min(c, cut - 1)
    if c >= cut and room > 0 then
      keep[k] = cut
      room = room - 1
    end
  end
  return keep
end

-- The Docs of src as an array (parley.stats.docs reads a Corpus, a Doc, an array or an iterator).
local function documents(src)
  local docs = {}
  for d in require("parley.stats").docs(src) do docs[#docs + 1] = d end
  return docs
end

-- candidates(doc [, min_words]) -> the story sentences (Spans) that may be picked, in order.
function M.candidates(doc, min_words)
  local out = {}
  for _, s in ipairs((clean.sentences(doc))) do
    if #s.tokens >= (min_words or 5) then out[#out + 1] = s end
  end
  return out
end

-- node(doc, span) -> what rank() takes of a sentence; doc is anything with an id,
-- the same value for every sentence of one document.
function M.node(doc, span)
  return { doc = doc, sentence = span.index, span = span, text = span.text, words = content_words(span) }
end

local function jaccard(a, b)
  local set, union, shared = {}, 0, 0
  for _, w in ipairs(a) do if not set[w] then set[w] = 1 union = union + 1 end end
  for _, w in ipairs(b) do
    if set[w] == 1 then shared = shared + 1 set[w] = 2
    elseif not set[w] then set[w] = 3 union = union + 1 end
  end
  return union > 0 and shared / union or 0
end

-- The jump vector: 1/sqrt(position of the sentence among its document's candidates), normalised.
local function lead_bias(nodes)
  local prior, total, position, last_doc = {}, 0, 0, nil
  for i, node in ipairs(nodes) do
    position = node.doc == last_doc and position + 1 or 1
    last_doc = node.doc
    prior[i] = 1 / math.sqrt(position)
    total = total + prior[i]
  end
  for i = 1, #nodes do prior[i] = prior[i] / total end
  return prior
end

-- PageRank with the lead bias as its jump vector: thirty passes over every edge, run in
-- C (parley.graph.rank takes each node's in-links in pairs() order, fixed: see graph, and
-- makes the same double operations as a Lua loop would, so every run ranks alike).
local function pagerank(nodes, weights, iterations)
  local prior, jump = lead_bias(nodes), {}
  for i = 1, #nodes do jump[i] = 0.15 * prior[i] end
  return parley.graph.rank(weights, jump, 0.85, iterations)
end

local function pick(nodes, n, redundancy)
  local order = {}
  for i = 1, #nodes do order[i] = i end
  table.sort(order, function(a, b)
    if nodes[a].score ~= nodes[b].score then return nodes[a].score > nodes[b].score end
    return a < b
  end)
  local chosen = {}
  for _, i in ipairs(order) do
    if #chosen >= n then break end
    local fresh = true
    for _, j in ipairs(chosen) do
      if jaccard(nodes[i].words, nodes[j].words) > redundancy then fresh = false break end
    end
    if fresh then chosen[#chosen + 1] = i end
  end
  table.sort(chosen)
  return chosen
end

-- lead(doc [, n [, min_words]]) -> count, nodes: how many candidates the document has,
-- and its first n as node() makes them but without the Span: plain values, which a
-- map step can return (nodes_of gives each its `doc`). n defaults to 1 for a stored
-- document (over a large corpus the graph holds only first sentences, and nodes_of
-- reads the document again for more) and to all of them for one that is not (a
-- streamed document cannot be read again: carrier drops what no plan can take).
function M.lead(doc, n, min_words)
  local candidates, nodes = M.candidates(doc, min_words), {}
  n = n or (doc.id and 1 or #candidates)
  for i = 1, math.min(n, #candidates) do
    nodes[i] = M.node(nil, candidates[i])
    nodes[i].span = nil
  end
  return #candidates, nodes
end

-- carrier([max]) -> carry(record): for a fold that keeps records from lead(), in
-- reading order. plan() never keeps more of a document than the first position
-- that does not fit whole, and as documents come that position only falls; so
-- carry drops from each record's lead the nodes that no plan of the records
-- carried so far, and hence none of the whole run, can take. A stream's records,
-- which carry every candidate, are held as the plan needs them, not whole.
function M.carrier(max)
  max = max or MAX_SENTENCES
  local per_position, total, cut, long = {}, 0, math.huge, {}
  local function trim(rec)
    for i = #rec.lead, cut + 1, -1 do rec.lead[i] = nil end
  end
  return function(rec)
    local c = rec.candidates or 0
    total = total + c
    for p = 1, c do per_position[p] = (per_position[p] or 0) + 1 end
    local now = cut_of(per_position, total, max)
    if now < cut then
      cut = now
      local still = {}
      for _, r in ipairs(long) do
        trim(r)
        if #r.lead > 1 then still[#still + 1] = r end
      end
      long = still
    end
    trim(rec)
    if #rec.lead > 1 then long[#long + 1] = rec end
  end
end

-- nodes_of(records, read [, opts]) -> the nodes rank() takes: records (in reading order)
-- carry `candidates` and `lead` from lead(); plan() decides how many sentences of each
-- (opts.max_sentences, as for extract), and read(record) gives the Doc again when that
-- is more than it carries. opts.over: the records to plan over, a superset of records
-- in reading order (those without `candidates`, or not tables, are not counted); an analysis plans
-- over every document not known for a copy when it came, so that carrier() can drop
-- nodes as they come. Each node's doc is its record; no node holds a Span.
function M.nodes_of(records, read, opts)
  opts = opts or {}
  local counts, planned, keep_of, nodes = {}, {}, {}, {}
  for _, rec in ipairs(opts.over or records) do
    if type(rec) == "table" and rec.candidates then
      counts[#counts + 1] = rec.candidates
      planned[#planned + 1] = rec
    end
  end
  for k, keep in ipairs(M.plan(counts, opts.max_sentences or MAX_SENTENCES)) do keep_of[planned[k]] = keep end
  for _, rec in ipairs(records) do
    local keep = keep_of[rec] or 0
    local more = keep > #rec.lead and M.candidates(read(rec), opts.min_words)
    for i = 1, keep do
      local node = more and M.node(rec, more[i]) or rec.lead[i]
      node.doc, node.span = rec, nil
      nodes[#nodes + 1] = node
    end
  end
  return nodes
end

-- rank(nodes, n [, opts]) -> the n picked of nodes (from M.node, in reading order), as extract returns them.
function M.rank(nodes, n, opts)
  opts = opts or {}
  local weights = graph(nodes)
  local rank = pagerank(nodes, weights, opts.iterations or 30)
  for i, node in ipairs(nodes) do node.score = rank[i] end
  local out = {}
  for _, i in ipairs(pick(nodes, n or 3, opts.redundancy or 0.7)) do
    local node = nodes[i]
    out[#out + 1] = { doc = node.doc, sentence = node.sentence, span = node.span, text = node.text,
                      score = node.score }
  end
  return out
end

function M.extract(src, n, opts)
  opts = opts or {}
  local docs, found, counts = documents(src), {}, {}
  for k, doc in ipairs(docs) do
    found[k] = M.candidates(doc, opts.min_words)
    counts[k] = #found[k]
  end
  local nodes = {}
  for k, keep in ipairs(M.plan(counts, opts.max_sentences or MAX_SENTENCES)) do
    for i = 1, keep do nodes[#nodes + 1] = M.node(docs[k], found[k][i]) end
  end
  return M.rank(nodes, n, opts)
end

return M
