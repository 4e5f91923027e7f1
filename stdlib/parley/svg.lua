-- svg.lua: small inline SVG charts for HTML reports: bars, a timeline, a network of actors.
--
-- render(chart, escape) -> an <svg> element. chart.kind is
--   "bar"      data = { {label, value}, ... }
--   "timeline" data = { {date = "2024-05-05", label = "..."}, ... } (ISO dates, months or years)
--   "network"  nodes = { {id, label}, ... }, edges = { {from_id, to_id, weight, label}, ... }
-- All text goes through escape; numbers are formatted, never interpolated raw.
local M = {}

local function num(x) return string.format("%.1f", x) end

local function bar(c, esc)
  local row, label_w, bar_w = 22, 160, 320
  local max = 0
  for _, d in ipairs(c.data) do max = math.max(max, d[2]) end
  local h = row * #c.data + 30
  local out = { string.format('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" role="img" aria-label="%s">',
                              label_w + bar_w + 60, h, esc(c.title or "chart")) }
  out[#out + 1] = '<text x="0" y="14" font-weight="bold">' .. esc(c.title or "") .. "</text>"
  for i, d in ipairs(c.data) do
    local y = 20 + (i - 1) * row
    local w = max > 0 and d[2] / max * bar_w or 0
    out[#out + 1] = string.format('<text x="%d" y="%s" text-anchor="end">%s</text>', label_w - 6, num(y + 15), esc(d[1]))
    out[#out + 1] = string.format('<rect x="%d" y="%s" width="%s" height="%d" fill="#4a78b5"/>', label_w, num(y + 3), num(w), row - 6)
    out[#out + 1] = string.format('<text x="%s" y="%s">%s</text>', num(label_w + w + 4), num(y + 15), esc(d[2]))
  end
  out[#out + 1] = "</svg>"
  return table.concat(out, "\n")
end

-- Position in time as a fraction of the year: "2024-05-05" -> 2024.34; "2024" -> 2024.0.
local function time_of(date)
  local y, m, d = date:match("^(%d%d%d%d)%-?(%d*)%-?(%d*)")
  return tonumber(y) + ((tonumber(m) or 1) - 1) / 12 + ((tonumber(d) or 1) - 1) / 365
end

local function timeline(c, esc)
  local w, left, right = 640, 40, 40
  local lo, hi = math.huge, -math.huge
  for _, e in ipairs(c.data) do
    local t = time_of(e.date)
    lo, hi = math.min(lo, t), math.max(hi, t)
  end
  if hi <= lo then hi = lo + 1 end
  local h = 60 + 18 * #c.data
  local out = { string.format('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" role="img" aria-label="%s">',
                              w, h, esc(c.title or "timeline")) }
  out[#out + 1] = '<text x="0" y="14" font-weight="bold">' .. esc(c.title or "") .. "</text>"
  out[#out + 1] = string.format('<line x1="%d" y1="40" x2="%d" y2="40" stroke="#555"/>', left, w - right)
  for i, e in ipairs(c.data) do
    local x = left + (time_of(e.date) - lo) / (hi - lo) * (w - left - right)
    local y = 40 + 18 * i
    out[#out + 1] = string.format('<circle cx="%s" cy="40" r="4" fill="#b5474a"/>', num(x))
    out[#out + 1] = string.format('<line x1="%s" y1="40" x2="%s" y2="%s" stroke="#ddd"/>', num(x), num(x), num(y - 10))
    out[#out + 1] = string.format('<text x="%s" y="%s">%s %s</text>', num(math.min(x, w - 300)), num(y),
                                  esc(e.date), esc(e.label or ""))
  end
  out[#out + 1] = "</svg>"
  return table.concat(out, "\n")
end

local function network(c, esc)
  local size, r = 420, 150
  local pos, out = {}, { string.format('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" role="img" aria-label="%s">',
                                       size, size + 20, esc(c.title or "network")) }
  out[#out + 1] = '<text x="0" y="14" font-weight="bold">' .. esc(c.title or "") .. "</text>"
  for i, n in ipairs(c.nodes) do
    local a = 2 * math.pi * (i - 1) / math.max(#c.nodes, 1)
    pos[n[1]] = { size / 2 + r * math.cos(a), size / 2 + 20 + r * math.sin(a) }
  end
  for _, e in ipairs(c.edges or {}) do
    local p, q = pos[e[1]], pos[e[2]]
    if p and q then
      out[#out + 1] = string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#999" stroke-width="%s"><title>%s</title></line>',
                                    num(p[1]), num(p[2]), num(q[1]), num(q[2]), num(math.min(1 + (e[3] or 1), 6)), esc(e[4] or ""))
    end
  end
  for _, n in ipairs(c.nodes) do
    local p = pos[n[1]]
    out[#out + 1] = string.format('<circle cx="%s" cy="%s" r="6" fill="#4a78b5"/><text x="%s" y="%s" text-anchor="middle">%s</text>',
                                  num(p[1]), num(p[2]), num(p[1]), num(p[2] - 10), esc(n[2] or n[1]))
  end
  out[#out + 1] = "</svg>"
  return table.concat(out, "\n")
end

local KINDS = { bar = bar, timeline = timeline, network = network }

function M.render(chart, escape)
  local draw = KINDS[chart.kind] or error("svg: unknown chart kind " .. tostring(chart.kind), 0)
  return draw(chart, escape)
end

return M
