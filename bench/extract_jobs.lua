-- extract_jobs.lua: the briefing's six extractors over every document of a corpus,
-- as a map/reduce script, so that `parley run --jobs N` spreads them over N threads.
--
--   parley --db CORPUS.db run --jobs N bench/extract_jobs.lua
--
-- bench/run.sh times it with --jobs 1 and --jobs 2 on the same documents that
-- bench_extract and the wink-nlp peer read (see the extraction rows of
-- bench/README.md). It prints how many items each extractor found, so the
-- outputs of the two runs can be compared.
local extract = require("parley.extract")
local NAMES = { "actors", "quotes", "issues", "relations", "dates", "numbers" }

local function map(doc)
  local found = {}
  for _, name in ipairs(NAMES) do found[name] = #extract[name](doc) end
  return found
end

local function reduce(results)
  local total = { documents = #results }
  for _, found in ipairs(results) do
    for _, name in ipairs(NAMES) do total[name] = (total[name] or 0) + found[name] end
  end
  return total
end

local function output(total)
  local line = { string.format("%d documents", total.documents) }
  for _, name in ipairs(NAMES) do line[#line + 1] = string.format("%s %d", name, total[name] or 0) end
  print(table.concat(line, ", "))
end

return { map = map, reduce = reduce, output = output }
