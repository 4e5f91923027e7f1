-- help/dedup.lua: help entries for parley.dedup (see parley/help.lua for the format).
return {
  order = 79,
  title = "parley.dedup",
  module = "parley.dedup",
  intro = [==[
Near-duplicate documents: syndicated copies of one story, found with MinHash
over 5-word shingles of the story text (boilerplate left out) and LSH
banding. The bundled analyses count each group once unless
`--keep-duplicates`; `parley run duplicates` lists the groups.]==],
  entries = {
    {
      name = "parley.dedup.groups",
      signature = "dedup.groups(docs [, {threshold=0.7, shingle=5, hashes=64, bands=16}]) -> groups",
      summary = "groups of two or more copies: {docs = {...}, similarity = estimated Jaccard}",
      example = [==[
local groups = parley.dedup.groups({ corpus:get(1) })
#groups  --> 0]==],
    },
    {
      name = "parley.dedup.unique",
      signature = "dedup.unique(docs [, opts]) -> docs, groups",
      summary = "the documents with each group of copies counted once (its first document kept)",
    },
    {
      name = "parley.dedup.signature",
      signature = "dedup.signature(doc [, {shingle=5, hashes=64}]) -> signature",
      summary = "the MinHash signature of the document's story text (parley.text.minhash over its folded words and numbers): sign each document as a corpus is read, hold only the signatures, group at the end",
      example = [==[
#parley.dedup.signature(corpus:get(1))  --> 64]==],
    },
    {
      name = "parley.dedup.pack",
      signature = "dedup.pack(sig) -> string",
      summary = "the signature as a string of 4-byte integers, a quarter of the table's memory, for holding one per document of a large corpus; `groups_of` and `unique_of` take signatures either way",
      example = [==[
#parley.dedup.pack(parley.dedup.signature(corpus:get(1)))  --> 256]==],
    },
    {
      name = "parley.dedup.index",
      signature = "dedup.index([{threshold=0.7, bands=16}]) -> index",
      summary = "an LSH index that signatures join one at a time, in document order: `index:add(sig)` is true when the document is a copy of one added before (it will be left out, whatever follows); `index:groups(items)` and `index:unique(items)` then give what `groups_of` and `unique_of` give. What the bundled analyses fold into, so that a known copy is held only by its id. A signature identical to an earlier one (a story reprinted word for word) is neither stored nor compared: it joins its twin, which gives the same groups. The groups are kept as they form (union-find), not as the pairs that agree, so a story syndicated k times costs k entries, not k²/2 pairs",
      example = [==[
local index = parley.dedup.index()
local sig = parley.dedup.signature(corpus:get(1))
index:add(sig), index:add(sig)  --> false, true]==],
    },
    {
      name = "parley.dedup.groups_of",
      signature = "dedup.groups_of(items, sigs [, opts]) -> groups",
      summary = "as `groups`, over any values: `sigs[i]` is the signature of `items[i]`, and the groups hold items",
    },
    {
      name = "parley.dedup.unique_of",
      signature = "dedup.unique_of(items, sigs [, opts]) -> items, groups",
      summary = "as `unique`, over any values signed with `dedup.signature` (what `parley run briefing` keeps per document instead of the Doc)",
    },
  },
}
