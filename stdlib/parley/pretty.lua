-- pretty.lua: readable, cycle-safe rendering of Lua values for the REPL and `parley eval`.
local M = { max_depth = 4, max_items = 50, max_string = 200 }

local KEYWORDS = {}
for w in ([[and break do else elseif end false for function goto if in local nil not or
            repeat return then true until while]]):gmatch("%a+") do KEYWORDS[w] = true end

local function is_identifier(k)
  return type(k) == "string" and k:match("^[%a_][%w_]*$") and not KEYWORDS[k]
end

local function quote(s)
  if #s > M.max_string then
    local cut = M.max_string
    while cut > 0 and (s:byte(cut + 1) or 0) & 0xC0 == 0x80 do cut = cut - 1 end
    return string.format("%q", s:sub(1, cut)):gsub("\\\n", "\\n") .. "…"
  end
  return (string.format("%q", s):gsub("\\\n", "\\n"))
end

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b)
    local ta, tb = type(a), type(b)
    if ta ~= tb then return ta < tb end
    if ta == "number" or ta == "string" then return a < b end
    return tostring(a) < tostring(b)
  end)
  return keys
end

local format

local function format_table(t, depth, seen, indent)
  if seen[t] then return "<cycle>" end
  if depth >= M.max_depth then return "{...}" end
  seen[t] = true
  local n, parts, count = #t, {}, 0
  for i = 1, n do
    count = count + 1
    if count > M.max_items then parts[#parts + 1] = "..."; break end
    parts[#parts + 1] = format(t[i], depth + 1, seen, indent .. "  ")
  end
  for _, k in ipairs(sorted_keys(t)) do
    if not (math.type(k) == "integer" and k >= 1 and k <= n) then
      count = count + 1
      if count > M.max_items then parts[#parts + 1] = "..."; break end
      local key = is_identifier(k) and k or "[" .. format(k, depth + 1, seen, indent) .. "]"
      parts[#parts + 1] = key .. " = " .. format(t[k], depth + 1, seen, indent .. "  ")
    end
  end
  seen[t] = nil
  if #parts == 0 then return "{}" end
  local flat = "{ " .. table.concat(parts, ", ") .. " }"
  if #flat <= 78 and not flat:find("\n") then return flat end
  return "{\n" .. indent .. "  " .. table.concat(parts, ",\n" .. indent .. "  ") .. "\n" .. indent .. "}"
end

function format(v, depth, seen, indent)
  local t = type(v)
  if t == "string" then return quote(v) end
  if t == "table" and not getmetatable(v) then return format_table(v, depth or 0, seen or {}, indent or "") end
  if t == "table" and getmetatable(v).__tostring == nil then
    return format_table(v, depth or 0, seen or {}, indent or "")
  end
  if v == nil then return "nil" end
  if t == "userdata" and v == parley.null then return "null" end
  return tostring(v)
end

-- format(value) -> string
function M.format(v) return format(v, 0, {}, "") end

-- print(...) writes each value formatted, separated by tabs.
function M.print(...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do parts[i] = M.format((select(i, ...))) end
  io.write(table.concat(parts, "\t"), "\n")
end

return M
