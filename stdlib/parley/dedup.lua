-- dedup.lua: near-duplicate documents (syndicated copies of one story) found with MinHash over word shingles.
--
-- groups(docs [, {threshold = 0.7, shingle = 5, hashes = 64}]) -> array of groups, each
--   { docs = {doc, ...} (in the order given), similarity = estimated Jaccard of the group }
-- Only groups of two or more documents are returned. A document's story
-- text (boilerplate dropped by the clean module) is cut into shingles of
-- `shingle` consecutive folded words; two documents whose MinHash
-- signatures agree on at least `threshold` of their `hashes` values are
-- copies. Candidate pairs come from LSH banding, so the cost grows with the
-- number of documents, not its square.
-- unique(docs [, opts]) -> the documents with each group counted once (its
--   first document kept), and the groups: statistics over the result count
--   a syndicated story once.
-- To hold no Docs while a corpus is read, sign each as it comes and group the
-- signatures at the end:
-- signature(doc [, opts]) -> the document's MinHash signature (an array of integers)
-- groups_of(items, sigs [, opts]) / unique_of(items, sigs [, opts]) -> as groups
--   and unique, over any values: sigs[i] is the signature of items[i].
local clean = require("parley.clean")

local M = {}

-- A document's story words: the norms of the words and numbers of its kept
-- paragraphs, read as columns (in C) rather than a Span per token.
local function story_words(doc)
  local words = {}
  for _, p in ipairs((clean.paragraphs(doc))) do
    local toks = p.tokens
    local kind, norm = toks:column("kind"), toks:column("norm")
    for i = 1, #kind do
      if kind[i] == "word" or kind[i] == "number" then words[#words + 1] = norm[i] end
    end
  end
  return words
end

-- The MinHash signature of the story's shingles (parley.text.minhash, in C).
function M.signature(doc, opts)
  opts = opts or {}
  return parley.text.minhash(story_words(doc), opts.shingle or 5, opts.hashes or 64)
end

-- pack(sig) -> the signature as a string of 4-byte integers: a quarter of the memory of
-- the table, for a caller that holds one per document of a large corpus. groups_of and
-- unique_of take signatures either way.
function M.pack(sig)
  return string.pack("<" .. ("I4"):rep(#sig), table.unpack(sig))
end

-- A signature's values as an array, from a table or a string of pack().
local function values(sig)
  if type(sig) == "table" then return sig end
  local out = { string.unpack("<" .. ("I4"):rep(#sig // 4), sig) }
  out[#out] = nil   -- string.unpack's last result is the position after the data
  return out
end

local function agreement(s, t)
  s, t = values(s), values(t)
  local same = 0
  for i = 1, #s do if s[i] == t[i] then same = same + 1 end end
  return same / #s
end

-- Union-find over document positions.
local function find(parent, i)
  while parent[i] ~= i do
    parent[i] = parent[parent[i]]
    i = parent[i]
  end
  return i
end

-- A band's values as one integer (wrapping arithmetic), a cheaper table key than
-- their string; two different bands that collide are told apart by same_band.
local function band_key(sig, from, to)
  local h = 0
  for j = from, to do h = h * 1000003 + sig[j] end
  return h
end

local function same_band(s, t, from, to)
  for j = from, to do if s[j] ~= t[j] then return false end end
  return true
end

-- The pairs of documents whose signatures agree on a whole band (LSH), each once.
local function candidate_pairs(sigs, bands)
  local rows = #values(sigs[1]) // bands
  local buckets, pairs_, seen = {}, {}, {}
  for band = 1, bands do buckets[band] = {} end
  for i, packed in ipairs(sigs) do
    local sig = values(packed)
    for band = 1, bands do
      local from, to = (band - 1) * rows + 1, band * rows
      local key = band_key(sig, from, to)
      local bucket = buckets[band][key]
      if bucket then
        for _, j in ipairs(bucket) do
          local id = j * 4294967296 + i
          if not seen[id] and same_band(values(sigs[j]), sig, from, to) then
            seen[id] = true
            pairs_[#pairs_ + 1] = { j, i }
          end
        end
        bucket[#bucket + 1] = i
      else
        buckets[band][key] = { i }
      end
    end
  end
  return pairs_
end

function M.groups_of(docs, sigs, opts)
  opts = opts or {}
  local threshold = opts.threshold or 0.7
  local parent = {}
  for i = 1, #docs do parent[i] = i end
  if #docs < 2 then return {} end
  local best = {}
  for _, p in ipairs(candidate_pairs(sigs, opts.bands or 16)) do
    local s = agreement(sigs[p[1]], sigs[p[2]])
    if s >= threshold then
      local x, y = find(parent, p[1]), find(parent, p[2])
      if x ~= y then parent[math.max(x, y)] = math.min(x, y) end
      best[p[1]] = math.max(best[p[1]] or 0, s)
      best[p[2]] = math.max(best[p[2]] or 0, s)
    end
  end
  local by_root, out = {}, {}
  for i, doc in ipairs(docs) do
    local r = find(parent, i)
    by_root[r] = by_root[r] or { docs = {}, similarity = 1 }
    table.insert(by_root[r].docs, doc)
    if best[i] then by_root[r].similarity = math.min(by_root[r].similarity, best[i]) end
  end
  for i = 1, #docs do
    local g = by_root[i]
    if g and #g.docs > 1 then out[#out + 1] = g end
  end
  return out
end

local function signatures(docs, opts)
  local sigs = {}
  for i, doc in ipairs(docs) do sigs[i] = M.signature(doc, opts) end
  return sigs
end

function M.groups(docs, opts)
  return M.groups_of(docs, signatures(docs, opts), opts)
end

function M.unique_of(docs, sigs, opts)
  local groups = M.groups_of(docs, sigs, opts)
  local dropped = {}
  for _, g in ipairs(groups) do
    for i = 2, #g.docs do dropped[g.docs[i]] = true end
  end
  local kept = {}
  for _, doc in ipairs(docs) do if not dropped[doc] then kept[#kept + 1] = doc end end
  return kept, groups
end

function M.unique(docs, opts)
  return M.unique_of(docs, signatures(docs, opts), opts)
end

return M
