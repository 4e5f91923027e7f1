-- quotespans.lua: where quotations are in a text: paired marks of any style, unbalanced ones, and quotes over paragraphs.
--
-- find(doc [, paragraphs]) -> array of
--   { start, stop, open, close, paragraph, flags = { unbalanced=, continued= } }
-- start/stop are the byte offsets (1-based, inclusive) of the quoted text
-- without its marks; open/close where the marks start (open_stop: where the
-- opening mark ends) (close = nil when the
-- quote is closed by the end of its paragraph: flags.unbalanced). A paragraph
-- that starts with an opening mark while the previous quote ran to its
-- paragraph's end continues that quotation (flags.continued), as news
-- style reopens a quote that runs over several paragraphs.
-- Styles: “ ” (and the reversed ” used as an opener), « », „ “, ‹ ›, and
-- straight " paired in order. Single quotes are left alone: they are
-- apostrophes far more often than quotation marks.
local re = require("parley.re")

local M = {}

local PAIRS = {
  ["“"] = { ["”"] = true, ["“"] = false },
  ["«"] = { ["»"] = true },
  ["„"] = { ["“"] = true, ["”"] = true },
  ["‹"] = { ["›"] = true },
  ['"'] = { ['"'] = true },
}
M.PAIRS = PAIRS

-- The quote marks of a paragraph in order: { pos, mark }.
local MARKS = re.compile('[“”«»„‹›"]')

local function marks(text, base)
  local out, init = {}, 1
  while true do
    local from, to = MARKS:find(text, init)
    if not from then break end
    out[#out + 1] = { pos = base + from - 1, mark = text:sub(from, to) }
    init = to + 1
  end
  return out
end

local function scan_paragraph(p, found, pending)
  local open
  for _, m in ipairs(marks(p.text, p.start)) do
    if open and PAIRS[open.mark][m.mark] then
      found[#found + 1] = { start = open.pos + #open.mark, stop = m.pos - 1, open = open.pos,
                            open_stop = open.pos + #open.mark - 1, close = m.pos,
                            paragraph = p.index, flags = { continued = open.continued } }
      open = nil
    elseif not open and PAIRS[m.mark] then
      open = { pos = m.pos, mark = m.mark, continued = (pending and m.pos == p.start) or nil }
    end
  end
  if open then
    found[#found + 1] = { start = open.pos + #open.mark, stop = p.stop, open = open.pos,
                          open_stop = open.pos + #open.mark - 1, close = nil,
                          paragraph = p.index, flags = { unbalanced = true, continued = open.continued } }
    return true
  end
  return false
end

function M.find(doc, paragraphs)
  local found, pending = {}, false
  local paras = paragraphs or doc:paragraphs()
  local list = {}
  if type(paras) == "table" then list = paras else for i = 1, #paras do list[i] = paras[i] end end
  for _, p in ipairs(list) do
    pending = scan_paragraph(p, found, pending)
  end
  -- A quote reopened at the start of the next paragraph was not unbalanced after all.
  for i = 2, #found do
    if found[i].flags.continued and found[i - 1].flags.unbalanced then
      found[i - 1].flags.unbalanced = nil
      found[i - 1].flags.runs_on = true
    end
  end
  for _, q in ipairs(found) do
    while q.start <= q.stop and doc.text:sub(q.start, q.start):match("%s") do q.start = q.start + 1 end
    -- "“..., ” he said": the comma before the closing mark belongs to the attribution.
    while q.stop >= q.start and doc.text:sub(q.stop, q.stop):match("[%s,;]") do q.stop = q.stop - 1 end
  end
  return found
end

return M
