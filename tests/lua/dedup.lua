-- dedup.lua: syndicated copies are grouped, different stories are not, and unique() counts a story once.
local check = require("lib.check")
local dedup = require("parley.dedup")

local story = "Azerbaijan and Armenia said Thursday that they had wrapped up talks aimed at resolving " ..
  "the decades-long conflict, with both sides agreeing on the text of a possible treaty. A deal to " ..
  "normalise ties would be a major breakthrough in a region where Russia, the European Union, the " ..
  "United States and Turkey all jostle for influence. Both countries have repeatedly said a peace deal " ..
  "is within reach, but previous talks had failed to reach consensus on a draft agreement."
local a = assert(parley.doc(story, { source = "afp" }))
-- The same story from another outlet: its own boilerplate and one changed word.
local b = assert(parley.doc(story:gsub("major", "huge") .. "\n\nAdvertisement\n\nFollow us on Telegram for more.",
                            { source = "kyivpost" }))
local c = assert(parley.doc("Serbia and Kosovo failed to agree on a roadmap for normalising relations at talks " ..
  "in Brussels on Wednesday, the European Union's envoy said after a long day of meetings.", { source = "rfe" }))
local d = assert(parley.doc(story, { source = "copy" }))

local groups = dedup.groups({ a, c, b, d })
check.eq(#groups, 1, "one group of copies")
local sources = {}
for _, doc in ipairs(groups[1].docs) do sources[#sources + 1] = doc.source end
check.eq(table.concat(sources, ","), "afp,kyivpost,copy", "the three copies, in the order given")
check.ok(groups[1].similarity >= 0.7 and groups[1].similarity <= 1, "estimated similarity " .. groups[1].similarity)

local kept = dedup.unique({ a, c, b, d })
check.eq(#kept, 2, "a syndicated story counts once")
check.eq(kept[1].source .. "," .. kept[2].source, "afp,rfe", "the first copy is kept")

check.eq(#dedup.groups({ a, c }), 0, "different stories are not grouped")
check.eq(#dedup.groups({ a }), 0, "one document, no group")

-- Signed one at a time and held packed, the documents group as they do whole.
local docs4, packed = { a, c, b, d }, {}
for i, doc in ipairs(docs4) do packed[i] = dedup.pack(dedup.signature(doc)) end
check.eq(#packed[1], 64 * 4, "a packed signature is 64 four-byte integers")
local from_packed = dedup.groups_of(docs4, packed)
check.eq(#from_packed, 1, "one group from packed signatures")
local same = {}
for _, doc in ipairs(from_packed[1].docs) do same[#same + 1] = doc.source end
check.eq(table.concat(same, ","), "afp,kyivpost,copy", "the same copies")
check.eq(from_packed[1].similarity, groups[1].similarity, "the same similarity")
local kept_packed = dedup.unique_of(docs4, packed)
check.eq(#kept_packed, 2, "unique_of over packed signatures counts the story once")

-- An index that the signatures join one at a time knows a copy when it comes.
local index = dedup.index()
local added = {}
for i, doc in ipairs(docs4) do added[i] = tostring(index:add(dedup.signature(doc))) end
check.eq(table.concat(added, ","), "false,false,true,true", "the two later copies are known at once")
local kept_index, index_groups = index:unique(docs4)
check.eq(#kept_index, 2, "index:unique counts the story once")
check.eq(kept_index[1].source .. "," .. kept_index[2].source, "afp,rfe", "the first copy is kept")
check.eq(index_groups[1].similarity, groups[1].similarity, "the groups are groups_of's")

-- The index against a brute-force oracle on random signatures: families of a story, its
-- near copies and its reprints (identical signatures, which the index pairs with their
-- twin without storing or comparing them), in random order. A pair is a copy when the
-- two share a whole band (16 bands of 4 values) and agree on 70% of the values.
math.randomseed(11)   -- the same cases on every run
local random = math.random
local function oracle(sigs)
  local parent, best = {}, {}
  for i = 1, #sigs do parent[i] = i end
  local function find(i) while parent[i] ~= i do i = parent[i] end return i end
  for j = 2, #sigs do
    for i = 1, j - 1 do
      local a, b, band, same = sigs[i], sigs[j], false, 0
      for k = 1, 64 do if a[k] == b[k] then same = same + 1 end end
      for first = 1, 64, 4 do
        if a[first] == b[first] and a[first + 1] == b[first + 1] and a[first + 2] == b[first + 2]
           and a[first + 3] == b[first + 3] then band = true end
      end
      if band and same / 64 >= 0.7 then
        local x, y = find(i), find(j)
        if x ~= y then parent[math.max(x, y)] = math.min(x, y) end
        best[i] = math.max(best[i] or 0, same / 64)
        best[j] = math.max(best[j] or 0, same / 64)
      end
    end
  end
  local by_root, out = {}, {}
  for i = 1, #sigs do
    local r = find(i)
    by_root[r] = by_root[r] or { docs = {}, similarity = 1 }
    table.insert(by_root[r].docs, i)
    if best[i] then by_root[r].similarity = math.min(by_root[r].similarity, best[i]) end
  end
  for i = 1, #sigs do
    if by_root[i] and #by_root[i].docs > 1 then out[#out + 1] = by_root[i] end
  end
  return out
end
local function shown(groups)
  local out = {}
  for _, g in ipairs(groups) do out[#out + 1] = table.concat(g.docs, " ") .. string.format(" ~%.4f", g.similarity) end
  return table.concat(out, " | ")
end
local twins = 0
for trial = 1, 30 do
  local sigs, items = {}, {}
  for _ = 1, 8 do
    local story = {}
    for k = 1, 64 do story[k] = random(1000000) end
    for _ = 1, random(4) do
      local copy = table.move(story, 1, 64, 1, {})
      local r = random(3)
      if r == 2 then
        for _ = 1, random(30) do copy[random(64)] = random(1000000) end   -- a near copy, or not a copy at all
      elseif r == 3 then
        twins = twins + 1                                                 -- a reprint: the very same values
      end
      table.insert(sigs, random(#sigs + 1), copy)
    end
  end
  local index = dedup.index()
  for i, sig in ipairs(sigs) do items[i] = i index:add(sig) end
  check.eq(shown(index:groups(items)), shown(oracle(sigs)), "trial " .. trial .. ": the index groups as the oracle")
end
check.ok(twins > 20, "reprints among the signatures: " .. twins)

check.done("dedup")
