-- tsv.lua: read the tab-separated data files in data/ (header row, # comments) into tables.
local M = {}

-- Directories a script adds (tsv.extra[#tsv.extra + 1] = "my/data"), searched before all others.
M.extra = {}

-- Where data files are looked up: M.extra, then data/ of every PARLEY_PATH directory, then the parley home.
function M.data_dirs()
  local dirs = {}
  for _, dir in ipairs(M.extra) do dirs[#dirs + 1] = dir end
  for dir in (os.getenv("PARLEY_PATH") or ""):gmatch("[^:]+") do
    dirs[#dirs + 1] = dir .. "/data"
  end
  dirs[#dirs + 1] = parley.home .. "/data"
  return dirs
end

-- The first existing data/<name>, or nil and a message.
function M.find(name)
  for _, dir in ipairs(M.data_dirs()) do
    local path = dir .. "/" .. name
    local f = io.open(path, "r")
    if f then f:close() return path end
  end
  return nil, "data file not found: " .. name
end

local function split(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do fields[#fields + 1] = field end
  return fields
end

-- read(path) -> rows (tables keyed by the header's column names), columns.
-- Raises "PATH:LINE: ..." on a row with more fields than the header.
function M.read(path)
  local f = assert(io.open(path, "r"))
  local columns, rows, lineno = nil, {}, 0
  for line in f:lines() do
    lineno = lineno + 1
    line = line:gsub("\r$", "")
    if line ~= "" and not line:find("^#") then
      local fields = split(line)
      if not columns then
        columns = fields
      else
        if #fields > #columns then
          f:close()
          error(string.format("%s:%d: %d fields, the header has %d", path, lineno, #fields, #columns), 0)
        end
        local row = {}
        for i, name in ipairs(columns) do
          local v = fields[i]
          if v ~= nil and v ~= "" then row[name] = v end
        end
        rows[#rows + 1] = row
      end
    end
  end
  f:close()
  return rows, columns or {}
end

-- load(name) -> rows of data/<name>, found on the data path.
function M.load(name)
  local path = assert(M.find(name))
  return M.read(path)
end

return M
