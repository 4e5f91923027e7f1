-- regex.lua: parley.re throughput with PCRE2's JIT and without, as ratios to a plain scan of the same bytes.
--
--   parley ingest --db reuters.db CORPUS_DIR
--   parley run --db reuters.db bench/regex.lua
--
-- The corpus text is read once into memory; each pattern then runs over all
-- of it with rx:gmatch, compiled with JIT (re.jit = true, the default) and
-- without (re.jit = false). "plain scan" is string.find of a fixed word
-- over the same bytes, the floor any matcher pays. Times are CPU seconds.
local re = parley.re
local corpus = assert(parley.open())

local texts, bytes = {}, 0
for doc in corpus:docs() do
  texts[#texts + 1] = doc.text
  bytes = bytes + #doc.text
end

local function timed(fn)
  collectgarbage("collect")
  local t0 = os.clock()
  local n = fn()
  return os.clock() - t0, n
end

local scan_time = timed(function()
  local n = 0
  for _, t in ipairs(texts) do
    local at = 1
    while true do
      local s = t:find("said", at, true)
      if not s then break end
      n, at = n + 1, s + 1
    end
  end
  return n
end)

local PATTERNS = {
  { "\\b\\p{Lu}\\w+", "" },
  { "\\d+(?:\\.\\d+)?\\s*(?:mln|billion|pct)", "" },
  { "\\b(?:said|says|told)\\b", "i" },
  { "(\\w+)\\s+\\1\\b", "" },
}

local function run(pattern, flags, jit)
  re.jit = jit
  local rx = re.compile(pattern, flags .. (jit and "" or ""))
  return timed(function()
    local n = 0
    for _, t in ipairs(texts) do
      for _ in rx:gmatch(t) do n = n + 1 end
    end
    return n
  end)
end

print(string.format("%d documents, %.1f MB; plain scan %.2f s (%.0f MB/s)", #texts, bytes / 1e6, scan_time,
                    bytes / 1e6 / scan_time))
print(string.format("%-42s %10s %10s %10s %8s", "pattern", "JIT MB/s", "no-JIT", "JIT/no", "vs scan"))
for _, p in ipairs(PATTERNS) do
  local with = run(p[1], p[2], true)
  local without = run(p[1] .. "(?#nojit)", p[2], false)   -- a distinct pattern string: a fresh compile
  print(string.format("%-42s %10.1f %10.1f %9.1fx %7.1fx", p[1] .. (p[2] ~= "" and " /" .. p[2] or ""),
                      bytes / 1e6 / with, bytes / 1e6 / without, without / with, with / scan_time))
end
re.jit = true
