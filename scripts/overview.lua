-- overview: one entry per document: id, date, source, title, size, and its first sentence
--
-- Usage: parley run overview [--limit N]
local corpus = assert(parley.open())

local limit
if arg[1] == "--limit" then
  limit = tonumber(arg[2]) or error("overview: --limit needs a number", 0)
elseif arg[1] then
  error("overview: unknown argument " .. arg[1] .. " (usage: parley run overview [--limit N])", 0)
end

-- Thousands separators for counts: 3815 -> "3,815".
local function count(n)
  local s = tostring(n)
  repeat
    local k
    s, k = s:gsub("^(%d+)(%d%d%d)", "%1,%2")
  until k == 0
  return s
end

-- The first sentence: up to the first . ! ? or Armenian full stop that is
-- followed by a space or the end (closing quotes included), on one paragraph.
local function first_sentence(text)
  local para = text:match("^%s*(.-)\n%s*\n") or text:match("^%s*(.-)%s*$")
  local stop = para:find("[.!?։][\"'”’»)]*%s") or para:find("[.!?։][\"'”’»)]*$")
  if stop then
    local close = para:match("^[.!?։][\"'”’»)]*", stop)
    return para:sub(1, stop + #close - 1)
  end
  return para
end

local shown = 0
for doc in corpus:docs{ limit = limit } do
  shown = shown + 1
  print(string.format("[%d] %s  %s  %s", doc.id, doc.date or "-", doc.source or "-", doc.title or "-"))
  print(string.format("    %s bytes, %s chars, %s lines", count(doc.bytes), count(doc.chars), count(doc.lines)))
  print("    " .. first_sentence(doc.text))
end
if shown == 0 then
  print("The corpus is empty: add documents with `parley ingest PATH`.")
end
