-- kwic.lua: keyword in context: a span with the text around it, cut and aligned by display width.
local text = require("parley.text")

local M = { ellipsis = "…" }

-- Whitespace runs (newlines, tabs) become one space, so a context is one line.
local function flatten(s)
  return (s:gsub("[ \t\r\n\v\f]+", " "))
end

-- The byte at which a window of about `width` columns before `start` may begin: never inside a character.
local function window_start(s, start, width)
  local i = math.max(1, start - width * 8 - 16)
  while i < start and (s:byte(i) or 0) & 0xC0 == 0x80 do i = i + 1 end
  return i
end

-- The last `width` columns of s (whole grapheme clusters), with an ellipsis when cut.
function M.tail(s, width)
  if text.width(s) <= width then return s end
  local clusters = text.grapheme_list(s)
  local keep, used = {}, text.width(M.ellipsis)
  for i = #clusters, 1, -1 do
    local w = text.width(clusters[i])
    if used + w > width then break end
    used = used + w
    table.insert(keep, 1, clusters[i])
  end
  return M.ellipsis .. table.concat(keep)
end

-- The first `width` columns of s, with an ellipsis when cut.
function M.head(s, width)
  if text.width(s) <= width then return s end
  local keep, used = {}, text.width(M.ellipsis)
  for g in text.graphemes(s) do
    local w = text.width(g)
    if used + w > width then break end
    used = used + w
    keep[#keep + 1] = g
  end
  return table.concat(keep) .. M.ellipsis
end

-- s cut to `width` columns by taking out its middle: "the talks … in Geneva".
function M.middle(s, width)
  if text.width(s) <= width then return s end
  local half = (width - text.width(M.ellipsis)) // 2
  local left = M.head(s, half + text.width(M.ellipsis)):sub(1, -#M.ellipsis - 1)
  local right = M.tail(s, width - text.width(left)):sub(#M.ellipsis + 1)
  return left .. M.ellipsis .. right
end

-- context(s, start, stop [, width [, span_width]]) -> left, span, right
-- The bytes start..stop of s (1-based, inclusive, as Spans) and up to `width`
-- columns (default 30) of text on each side, each on one line; the span
-- itself is cut to span_width columns (default 2 * width) in its middle.
function M.context(s, start, stop, width, span_width)
  width = width or 30
  local from = window_start(s, start, width)
  local to = stop + width * 8 + 16
  while to < #s and (s:byte(to + 1) or 0) & 0xC0 == 0x80 do to = to + 1 end
  local left = M.tail(flatten(s:sub(from, start - 1)), width)
  local right = M.head(flatten(s:sub(stop + 1, to)), width)
  local span = M.middle(flatten(s:sub(start, stop)), span_width or 2 * width)
  return left, span, right
end

-- line(s, start, stop [, opts]) -> one line: the left context padded to `width`
-- columns, so that spans listed one under another line up, then
-- open .. span .. close and the right context. opts: width (30), open ("["), close ("]").
function M.line(s, start, stop, opts)
  opts = opts or {}
  local width = opts.width or 30
  local left, span, right = M.context(s, start, stop, width, opts.span_width)
  local pad = string.rep(" ", width - text.width(left))
  return pad .. left .. (opts.open or "[") .. span .. (opts.close or "]") .. right
end

return M
