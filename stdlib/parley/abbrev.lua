-- abbrev.lua: abbreviation lists for the sentence splitter, read from data/abbrev/*.txt.
--
-- Each file has one abbreviation per line, with its final period, then a tab
-- and its kind: "title" (before a name: never ends a sentence), "number"
-- (before a number: No. 5) or "any" (the default: ends a sentence only when
-- what follows clearly starts one). Lines starting with # are comments.
-- Files are read from data/abbrev/ of the parley home and of every directory
-- on PARLEY_PATH that has one, so analysts add lists without recompiling;
-- M.add("Amb.", "title") adds one from a script before the first document
-- is segmented.
local M = {}

local extra = {}

local function read_list(path, into)
  local f = io.open(path, "r")
  if not f then return end
  local lineno = 0
  for line in f:lines() do
    lineno = lineno + 1
    line = line:gsub("\r$", "")
    if line:find("%S") and not line:find("^%s*#") then
      local text, kind = line:match("^([^\t]+)\t?(%a*)%s*$")
      kind = kind ~= "" and kind or "any"
      if not text or (kind ~= "any" and kind ~= "title" and kind ~= "number") then
        f:close()
        error(string.format("%s:%d: expected ABBREVIATION<TAB>title|number|any", path, lineno), 0)
      end
      into[#into + 1] = { text, kind }
    end
  end
  f:close()
end

-- The abbrev/ directories of the data path (parley.tsv), the shipped one first, so that a
-- team's list, read later, has the last word on an abbreviation's kind.
local function data_dirs()
  local dirs, path = {}, require("parley.tsv").data_dirs()
  for i = #path, 1, -1 do dirs[#dirs + 1] = path[i] .. "/abbrev" end
  return dirs
end

-- entries() -> array of {text, kind} from every list, then those added with M.add.
function M.entries()
  local all = {}
  for _, dir in ipairs(data_dirs()) do
    for _, name in ipairs(parley.dir(dir) or {}) do
      if name:match("%.txt$") then read_list(dir .. "/" .. name, all) end
    end
  end
  for _, e in ipairs(extra) do all[#all + 1] = e end
  return all
end

-- add(text, kind): one more abbreviation ("Amb.", "title").
function M.add(text, kind)
  assert(type(text) == "string" and text:find("%.$"), "abbrev.add: give the abbreviation with its period")
  extra[#extra + 1] = { text, kind or "any" }
end

return M
