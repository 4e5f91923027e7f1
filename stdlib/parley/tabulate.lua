-- tabulate.lua: rows as aligned terminal tables (by display width) and as RFC 4180 CSV.
local text = require("parley.text")

local M = {}

local function width(s)
  local ok, w = pcall(text.width, s)
  return ok and w or #s
end

-- text(headers, rows [, opts]) -> string: columns padded to their widest cell, a rule under
-- the header. Cells are strings; newlines and tabs inside them are shown as spaces.
-- opts.align: a string of "l" and "r", one per column ("lrr": numbers on the right).
function M.text(headers, rows, opts)
  local align = opts and opts.align or ""
  local widths, clean = {}, {}
  local function prepare(row)
    local out = {}
    for j = 1, #headers do
      local v = tostring(row[j] == nil and "" or row[j]):gsub("[\n\t\r]", " ")
      out[j] = v
      widths[j] = math.max(widths[j] or 0, width(v))
    end
    return out
  end
  local head = prepare(headers)
  for i, row in ipairs(rows) do clean[i] = prepare(row) end
  local function line(cells)
    local parts = {}
    for j, v in ipairs(cells) do
      local pad = string.rep(" ", widths[j] - width(v))
      if align:sub(j, j) == "r" then
        parts[j] = pad .. v
      else
        parts[j] = j == #cells and v or v .. pad
      end
    end
    return table.concat(parts, "  ") .. "\n"
  end
  local rule = {}
  for j = 1, #headers do rule[j] = string.rep("-", widths[j]) end
  local out = { line(head), line(rule) }
  for _, row in ipairs(clean) do out[#out + 1] = line(row) end
  return table.concat(out)
end

local function csv_field(v)
  v = tostring(v == nil and "" or v)
  if v:find('[,"\r\n]') then return '"' .. v:gsub('"', '""') .. '"' end
  return v
end

-- csv_line(cells [, n]) -> one CSV record of n (default #cells) fields, CRLF-terminated.
function M.csv_line(cells, n)
  local parts = {}
  for j = 1, n or #cells do parts[j] = csv_field(cells[j]) end
  return table.concat(parts, ",") .. "\r\n"
end

-- csv(headers, rows) -> string with CRLF line ends, as RFC 4180 says.
function M.csv(headers, rows)
  local out = { M.csv_line(headers) }
  for _, row in ipairs(rows) do out[#out + 1] = M.csv_line(row, #headers) end
  return table.concat(out)
end

function M.isatty_stdout()
  return parley.isatty("stdout")
end

return M
