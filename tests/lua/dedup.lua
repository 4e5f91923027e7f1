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

check.done("dedup")
