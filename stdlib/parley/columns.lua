-- columns.lua: a Doc's token fields as plain arrays, read once per Doc and shared.
--
-- columns.of(doc) -> cols; cols.norm[i], cols.kind[i], cols.start[i] ... for the
-- Doc's i-th token (any token field; list:column reads it in C without making
-- Spans), and cols.key[i]: the matching key of lexicons (the norm, or the
-- folded base of a possessive: "Azerbaijan’s" -> "azerbaijan").
-- columns.range(span) -> first, last: the Doc indices of the span's tokens.
-- A sentence's words are cols.norm[first..last]; a Span for one of them is
-- doc:tokens()[i], made only when it is needed.
local M = {}

local cache = setmetatable({}, { __mode = "k" })

local function key_column(cols)
  local key, norm, possessive = {}, cols.norm, cols.is_possessive
  local base
  for i = 1, #norm do
    if possessive[i] then
      base = base or cols.base
      key[i] = parley.text.fold(base[i])
    else
      key[i] = norm[i]
    end
  end
  return key
end

function M.of(doc)
  local cols = cache[doc]
  if not cols then
    local toks = doc:tokens()
    cols = setmetatable({}, { __index = function(t, field)
      local col = field == "key" and key_column(t) or toks:column(field)
      rawset(t, field, col)
      return col
    end })
    cache[doc] = cols
  end
  return cols
end

function M.range(span)
  return span.tokens:bounds()
end

return M
