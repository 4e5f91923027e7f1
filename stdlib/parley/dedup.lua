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
-- paragraphs, read as a column (in C) rather than a Span per token, the kinds
-- kept in C too (a Lua loop over a kind column was a sixth of a briefing's VM
-- instructions in map).
local STORY_KINDS = { "word", "number" }
local function story_words(doc)
  local words = {}
  for _, p in ipairs((clean.paragraphs(doc))) do
    local norm = p.tokens:column("norm", STORY_KINDS)
    table.move(norm, 1, #norm, #words + 1, words)
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
local formats = {}   -- string.pack formats by number of values, made once each
local function format(n)
  formats[n] = formats[n] or "<" .. ("I4"):rep(n)
  return formats[n]
end

function M.pack(sig)
  return string.pack(format(#sig), table.unpack(sig))
end

-- A signature's values as an array, from a table or a string of pack().
local function values(sig)
  if type(sig) == "table" then return sig end
  local out = { string.unpack(format(#sig // 4), sig) }
  out[#out] = nil   -- string.unpack's last result is the position after the data
  return out
end

-- s and t as arrays (values()).
local function agreement(s, t)
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

-- index([opts]) -> an LSH index that signatures join one at a time, in document order,
-- for a caller that reads a corpus and should not wait for the end to know a copy:
--   index:add(sig) -> true when the signature has a whole band in common with one added
--     before and agrees with it at the threshold. Such a document is one that unique()
--     leaves out, whatever comes later; a copy of a copy may still join a group later.
--   index:groups(items) / index:unique(items) -> as groups_of / unique_of, items[i]
--     being the document of the i-th signature added.
-- A signature identical to one added before (a wire story reprinted word for word) is
-- neither kept nor compared: it agrees with every other exactly as its twin does, so
-- joining its twin gives the same groups, and an archive of reprints costs a few
-- numbers each rather than a signature and the comparisons that grow with its copies.
-- The groups are kept as they form (union-find, and each document's best agreement),
-- not as the pairs that agree: a story syndicated k times makes about k²/2 pairs.
local Index = {}
Index.__index = Index

function M.index(opts)
  opts = opts or {}
  local bands, buckets = opts.bands or 16, {}
  for band = 1, bands do buckets[band] = {} end
  return setmetatable({ threshold = opts.threshold or 0.7, bands = bands, buckets = buckets, sigs = {}, n = 0,
                        twins = {}, parent = {}, best = {} }, Index)
end

-- Documents j and i agree: one group (its root the earliest document), and each one's
-- best agreement so far.
function Index:join(j, i, agree)
  local parent, best = self.parent, self.best
  local x, y = find(parent, j), find(parent, i)
  if x ~= y then parent[math.max(x, y)] = math.min(x, y) end
  best[j] = math.max(best[j] or 0, agree)
  best[i] = math.max(best[i] or 0, agree)
end

-- A bucket holds one document's number, or a list once a second shares the band.
function Index:add(sig)
  local i = self.n + 1
  self.n = i
  self.parent[i] = i
  local packed = type(sig) == "string" and sig or M.pack(sig)
  local twin = self.twins[packed]
  if twin then
    self:join(twin, i, 1.0)
    return true
  end
  self.twins[packed] = i
  local sigs, copy, compared = self.sigs, false, {}
  sigs[i] = packed
  sig = values(sig)   -- the table given, or the packed string's values
  local rows = #sig // self.bands
  for band = 1, self.bands do
    local buckets = self.buckets[band]
    local from, to = (band - 1) * rows + 1, band * rows
    local key = band_key(sig, from, to)
    local bucket = buckets[key]
    if bucket == nil then
      buckets[key] = i
    else
      if type(bucket) == "number" then
        bucket = { bucket }
        buckets[key] = bucket
      end
      for _, j in ipairs(bucket) do
        local other = not compared[j] and values(sigs[j])
        if other and same_band(other, sig, from, to) then
          compared[j] = true
          local agree = agreement(other, sig)
          if agree >= self.threshold then
            self:join(j, i, agree)
            copy = true
          end
        end
      end
      bucket[#bucket + 1] = i
    end
  end
  return copy
end

-- The groups of two or more: items[i] is the document of the i-th signature added.
function Index:groups(docs)
  if #docs < 2 then return {} end
  local parent, best = self.parent, self.best
  local by_root, out = {}, {}
  for i, doc in ipairs(docs) do
    local r = parent[i] and find(parent, i) or i   -- an item past the signatures added is alone
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

-- The items without the second and later members of each group.
local function without_copies(items, groups)
  local dropped = {}
  for _, g in ipairs(groups) do
    for i = 2, #g.docs do dropped[g.docs[i]] = true end
  end
  local kept = {}
  for _, item in ipairs(items) do if not dropped[item] then kept[#kept + 1] = item end end
  return kept
end

function Index:unique(items)
  local groups = self:groups(items)
  return without_copies(items, groups), groups
end

function M.groups_of(docs, sigs, opts)
  local index = M.index(opts)
  for _, sig in ipairs(sigs) do index:add(sig) end
  return index:groups(docs)
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
  return without_copies(docs, groups), groups
end

function M.unique(docs, opts)
  return M.unique_of(docs, signatures(docs, opts), opts)
end

return M
