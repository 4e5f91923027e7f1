-- runs.lua: what changed between two runs of a script: annotations added, removed and changed.
local json = require("parley.json")

local M = {}

-- get(corpus, id) -> the runs row (args decoded) | nil
function M.get(corpus, id)
  local row = corpus:sql("SELECT * FROM runs WHERE id = ?", id)[1]
  if row and type(row.args) == "string" then row.args = json.decode(row.args) or row.args end
  return row
end

local function attrs_key(a)
  if a.attrs == nil or a.attrs == parley.null then return "" end
  return json.encode(a.attrs)
end

local function rule_of(a)
  return a.rule ~= nil and a.rule ~= parley.null and a.rule or ""
end

-- What differs between two annotations of the same label that are paired: bounds, attrs, rule.
local function differences(a, b)
  local what = {}
  if a.start ~= b.start or a.stop ~= b.stop then what[#what + 1] = "bounds" end
  if attrs_key(a) ~= attrs_key(b) then what[#what + 1] = "attrs" end
  if rule_of(a) ~= rule_of(b) then what[#what + 1] = "rule" end
  return what
end

-- Pair items of `before` and `after` (one document) for which key(x) is equal; returns the pairs.
local function pair_by(before, after, used_a, used_b, key)
  local waiting, pairs_found = {}, {}
  for i, a in ipairs(before) do
    if not used_a[i] then
      local k = key(a)
      waiting[k] = waiting[k] or {}
      table.insert(waiting[k], i)
    end
  end
  for j, b in ipairs(after) do
    local queue = not used_b[j] and waiting[key(b)]
    if queue and #queue > 0 then
      local i = table.remove(queue, 1)
      used_a[i], used_b[j] = true, true
      pairs_found[#pairs_found + 1] = { before[i], b }
    end
  end
  return pairs_found
end

-- Overlapping annotations of the same label, largest overlap first.
local function pair_overlapping(before, after, used_a, used_b)
  local candidates = {}
  for i, a in ipairs(before) do
    for j, b in ipairs(after) do
      local n = math.min(a.stop, b.stop) - math.max(a.start, b.start) + 1
      if not used_a[i] and not used_b[j] and a.label == b.label and n > 0 then
        candidates[#candidates + 1] = { i = i, j = j, n = n }
      end
    end
  end
  table.sort(candidates, function(x, y)
    if x.n ~= y.n then return x.n > y.n end
    if x.i ~= y.i then return x.i < y.i end
    return x.j < y.j
  end)
  local found = {}
  for _, c in ipairs(candidates) do
    if not used_a[c.i] and not used_b[c.j] then
      used_a[c.i], used_b[c.j] = true, true
      found[#found + 1] = { before[c.i], after[c.j] }
    end
  end
  return found
end

-- Compare one document's annotations; adds to out.
local function compare_doc(before, after, out)
  local used_a, used_b = {}, {}
  local function same(x) return table.concat({ x.label, x.start, x.stop, attrs_key(x), rule_of(x) }, "\0") end
  local function place(x) return table.concat({ x.label, x.start, x.stop }, "\0") end
  out.unchanged = out.unchanged + #pair_by(before, after, used_a, used_b, same)
  for _, list in ipairs({ pair_by(before, after, used_a, used_b, place),
                          pair_overlapping(before, after, used_a, used_b) }) do
    for _, p in ipairs(list) do
      table.insert(out.changed, { before = p[1], after = p[2], what = differences(p[1], p[2]) })
    end
  end
  for i, a in ipairs(before) do
    if not used_a[i] then table.insert(out.removed, a) end
  end
  for j, b in ipairs(after) do
    if not used_b[j] then table.insert(out.added, b) end
  end
end

-- A run's annotations (current and replaced) of the documents in `docs`, by document.
local function by_doc(corpus, run, docs)
  local out = {}
  for _, a in ipairs(corpus:annotations{ run = run, history = true }) do
    if docs[a.doc] then
      out[a.doc] = out[a.doc] or {}
      table.insert(out[a.doc], a)
    end
  end
  return out
end

local function position(x) return x.after or x end

--[[
diff(corpus, a, b) -> {a = run row, b = run row, documents = n, added = {...},
  removed = {...}, changed = {{before =, after =, what = {"bounds"|"attrs"|"rule"...}}},
  unchanged = n} | nil, message
Compares what runs a and b saved for the documents both saved (a run that
looked at a document and found nothing still saved it). Per document and
label: identical annotations (bounds, attrs, rule) are unchanged; then
annotations at the same bounds are changed (attrs or rule); then
overlapping ones are changed (bounds), largest overlap first, one to one;
what is left is removed (only in a) or added (only in b). Annotations are
corpus:annotations records, replaced ones included.
]]
function M.diff(corpus, a, b)
  local ra, rb = M.get(corpus, a), M.get(corpus, b)
  if not ra then return nil, ("no run %s"):format(a) end
  if not rb then return nil, ("no run %s"):format(b) end
  local docs, n = {}, 0
  for _, row in ipairs(corpus:sql("SELECT doc FROM run_docs WHERE run = ?"
                                  .. " INTERSECT SELECT doc FROM run_docs WHERE run = ?", a, b)) do
    docs[row.doc], n = true, n + 1
  end
  local before, after = by_doc(corpus, a, docs), by_doc(corpus, b, docs)
  local out = { a = ra, b = rb, documents = n, added = {}, removed = {}, changed = {}, unchanged = 0 }
  local ids = {}
  for doc in pairs(docs) do ids[#ids + 1] = doc end
  table.sort(ids)
  for _, doc in ipairs(ids) do compare_doc(before[doc] or {}, after[doc] or {}, out) end
  local function order(list)
    table.sort(list, function(x, y)
      local p, q = position(x), position(y)
      if p.doc ~= q.doc then return p.doc < q.doc end
      if p.start ~= q.start then return p.start < q.start end
      return p.id < q.id
    end)
  end
  order(out.added)
  order(out.removed)
  order(out.changed)
  return out
end

return M
