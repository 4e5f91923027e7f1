-- re.lua: tests of parley.re (PCRE2 with UTF and UCP) and doc:find.
--
-- Expected offsets are worked out by hand from the UTF-8 lengths (Cyrillic,
-- Armenian, ə and İ are 2 bytes) and, where possible, checked against
-- string.find with plain = true, which knows nothing of Unicode.
local check = require("lib.check")
local re = require("parley.re")
local text = require("parley.text")

local function pack(...) return { n = select("#", ...), ... } end

local function list(iter)
  local out = {}
  for w in iter do out[#out + 1] = w end
  return table.concat(out, "|")
end

check.ok(parley.re == re, "parley.re is the module")

-- ---------------------------------------------------------------------------
-- Unicode classes, word boundaries, offsets
-- ---------------------------------------------------------------------------

local s, e = re.find("Ереван", "\\p{Lu}")
check.eq(s, 1, "\\p{Lu} finds Е at byte 1")
check.eq(e, 2, "... which is 2 bytes long")
s, e = re.find("Ереван", "\\p{Ll}+")
check.eq(s, 3, "the lowercase run starts after Е")
check.eq(e, 12, "and ends at the last byte")
check.eq(re.match("ереван Ереван", "\\p{Lu}\\w+"), "Ереван", "\\p{Lu}\\w+")

local az = "Azərbaycan İlham Əliyev"
check.eq(list(re.gmatch(az, "\\b\\w+\\b")), "Azərbaycan|İlham|Əliyev", "\\b\\w+\\b over Azerbaijani")
s, e = re.find(az, "İlham")
local ps, pe = string.find(az, "İlham", 1, true)
check.eq(s, ps, "offsets agree with string.find (start)")
check.eq(e, pe, "offsets agree with string.find (stop)")
check.eq(s, 13, "Azərbaycan is 11 bytes, then a space")
check.eq(az:sub(s, e), "İlham", "offsets work with string.sub")

local hy = "Երևանում Փաշինյանը, 2024 թ."
check.eq(list(re.gmatch(hy, "\\b\\w+\\b")), "Երևանում|Փաշինյանը|2024|թ",
         "\\b\\w+\\b over Armenian (և is a letter)")
check.eq(list(re.gmatch(hy, "\\p{Armenian}+")), "Երևանում|Փաշինյանը|թ", "\\p{Armenian}")
check.eq(list(re.gmatch("Мирный договор — 2024", "\\w+")), "Мирный|договор|2024", "\\w over Russian")
check.eq(re.find("—", "\\w"), nil, "an em dash is not a word character")
check.eq(re.match("x1٣", "\\d+"), "1٣", "\\d is Unicode-aware (Arabic-Indic three)")

-- ---------------------------------------------------------------------------
-- Caseless matching ("i"): PCRE2 uses Unicode simple case folding
-- ---------------------------------------------------------------------------

check.eq(re.find("ЕРЕВАН", "ереван", 1, "i"), 1, "Cyrillic caseless")
check.eq(re.find("ՀԱՅԱՍՏԱՆ", "հայաստան", 1, "i"), 1, "Armenian caseless")
check.eq(re.find("ISTANBUL", "istanbul", 1, "i"), 1, "ASCII caseless")
check.eq(re.find("ƏLİYEV", "əli", 1, "i"), nil, "İ (U+0130) has no simple case folding: not i")
check.eq(re.find("İSTANBUL", "istanbul", 1, "i"), nil, "so İSTANBUL does not match istanbul")
check.eq(re.find("istanbul", "İSTANBUL", 1, "i"), nil, "nor the other way round")
check.eq(re.find("I", "ı", 1, "i"), nil, "ı (U+0131) is not a case partner of I")
check.eq(re.find(text.lower("İSTANBUL", "az"), "istanbul"), 1, "fold Turkic text with text.lower(s, 'az') first")
check.eq(re.find("ſ", "S", 1, "i"), 1, "ſ (U+017F) folds to s")
check.eq(re.find("\u{212A}", "k", 1, "i"), 1, "KELVIN SIGN folds to k")
check.eq(re.find("Straße", "STRASSE", 1, "i"), nil, "ß is not expanded to ss (no full folding)")
check.eq(re.find("в", "\\p{Lu}", 1, "i"), nil, "i does not change what \\p{Lu} matches")

-- ---------------------------------------------------------------------------
-- find, match, init
-- ---------------------------------------------------------------------------

local r = pack(re.find("talks on 2024-03-13 in Baku", "(\\d+)-(\\d+)-(\\d+)"))
check.eq(r.n, 5, "find: start, stop and three captures")
check.eq(r[1], 10, "find start")
check.eq(r[2], 19, "find stop")
check.eq(r[3] .. "/" .. r[4] .. "/" .. r[5], "2024/03/13", "find captures")
r = pack(re.find("abc", "b"))
check.eq(r.n, 2, "find without groups returns positions only")
check.eq(pack(re.find("abc", "x")).n, 1, "no match is a single nil")
check.eq(re.find("abc", "x"), nil, "no match")
check.eq(re.match("abc", "b."), "bc", "match without groups is the whole match")
r = pack(re.match("b", "(a)|(b)"))
check.eq(r[1], false, "an unset group is false")
check.eq(r[2], "b", "the set one is its text")
r = pack(re.match("ac", "a(x?)c"))
check.eq(r[1], "", "a group that matched empty is the empty string")

check.eq(re.find("аба", "а", 3), 5, "init is a byte offset")
check.eq(re.find("аба", "а", -2), 5, "negative init counts from the end")
check.eq(re.find("аба", "а", -100), 1, "init before the start is 1")
check.eq(re.find("аба", "а", 0), 1, "init 0 is 1")
check.eq(re.find("аба", "", 7), 7, "an empty match at #s + 1")
check.eq(re.find("аба", "", 8), nil, "init past #s + 1 finds nothing")
check.raises(function() re.find("аба", "б", 2) end, "init 2 is inside a UTF%-8 character",
             "init inside a character raises")
check.eq(re.find("xab", "\\bab", 2), nil, "lookbehind sees the bytes before init")
check.eq(re.find("xab", "\\Gab", 2), 2, "\\G anchors at init")
check.eq(re.find("xab", "^ab", 2), nil, "^ is the start of the subject, not init")
check.eq(re.find(12345, "3"), 3, "numbers are subjects, as for string.find")

-- ---------------------------------------------------------------------------
-- named groups
-- ---------------------------------------------------------------------------

local date = "(?<year>\\d{4})-(?<month>\\d\\d)(?:-(?<day>\\d\\d))?"
r = pack(re.match("in 2024-03", date))
check.eq(r.n, 4, "three groups, then the names table")
check.eq(r[1], "2024", "named groups are also numbered")
check.eq(r[4].year, "2024", "names table: year")
check.eq(r[4].month, "03", "names table: month")
check.eq(r[4].day, false, "names table: an unset group is false")
r = pack(re.find("in 2024-03-13", date))
check.eq(r[1], 4, "find with names: start")
check.eq(r[6].day, "13", "find with names: the table comes last")
local rx = re.compile(date)
check.eq(table.concat(rx.names, ","), "year,month,day", "names in group order")
check.eq(rx.groups, 3, "groups")
local years = {}
for y, m, d, names in re.gmatch("2023-01 2024-02-29", date) do
  years[#years + 1] = names.year .. ":" .. tostring(d)
end
check.eq(table.concat(years, " "), "2023:false 2024:29", "gmatch with names")
r = pack(re.match("b", "(?J)(?<x>a)|(?<x>b)"))
check.eq(r[3].x, "b", "duplicate names: the group that took part wins")

-- ---------------------------------------------------------------------------
-- gmatch, gsub and split over empty matches (Lua 5.4's rule)
-- ---------------------------------------------------------------------------

check.eq(list(re.gmatch("аб", "")), "||", "three empty matches in a 2-character string")
check.eq((re.gsub("аб", "", "-")), "-а-б-", "empty matches fall between characters, never inside")
check.eq(select(2, re.gsub("аб", "", "-")), 3, "count of empty matches")
check.eq((re.gsub("аб", "x*", "-")), "-а-б-", "x* over 2-byte characters")
check.eq((re.gsub("Ереван", "\\p{Ll}*", "<$0>")), "<>Е<реван>", "no empty match where a match ended")
check.eq((re.gsub("hello world", "\\w*", "x")), (string.gsub("hello world", "%w*", "x")),
         "the same as string.gsub for %w*")
check.eq(list(re.gmatch("ab", "", 2)), "|", "gmatch from init")
check.eq(list(re.gmatch("ab", "b", 3)), "", "gmatch from #s + 1")
local iter = re.gmatch("a", "a")
check.eq(iter(), "a", "the iterator returns the match")
check.eq(iter(), nil, "then nil")
check.eq(iter(), nil, "and nil again")

-- gsub replacement strings
check.eq((re.gsub("Yerevan, Baku", "(\\w+)", "<$1>")), "<Yerevan>, <Baku>", "$1")
check.eq((re.gsub("Yerevan", "\\w+", "[$0]")), "[Yerevan]", "$0 is the whole match")
check.eq((re.gsub("2024-03", "(?<y>\\d+)-(?<m>\\d+)", "${m}/${y}")), "03/2024", "${name}")
check.eq((re.gsub("ab", "(a)(b)", "$2${1}0")), "ba0", "${1} before a digit")
check.eq((re.gsub("x", "x", "$$1")), "$1", "$$ is a dollar sign")
check.eq((re.gsub("x", "x", "%1")), "%1", "% is literal")
check.eq((re.gsub("b", "(a)?b", "[$1]")), "[]", "an unset group adds nothing")
local eleven = "(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)"
check.eq((re.gsub("abcdefghijk", eleven, "${11}$10")), "ka0", "${11}; $10 is $1 then 0")
check.eq((re.gsub("a1", "\\d", 5)), "a5", "a number replacement")
check.raises(function() re.gsub("a", "a", "$2") end, "refers to %$2, but pattern \"a\" has 0 groups",
             "a missing group raises")
check.raises(function() re.gsub("zzz", "(a)", "${nope}") end, "refers to %${nope}",
             "an unknown name raises even when nothing matches")
check.raises(function() re.gsub("a", "a", "$x") end, "use %$%$ for a dollar sign", "a bad $ raises")
check.raises(function() re.gsub("a", "a", "${1") end, "bad %${...}", "an unclosed ${ raises")
check.raises(function() re.gsub("a", "a", true) end, "string/function/table expected", "a boolean repl")

-- gsub with tables and functions
local caps = { Yerevan = "Ереван", Baku = "Баку" }
check.eq((re.gsub("Yerevan and Baku and Tbilisi", "\\p{Lu}\\w+", caps)), "Ереван and Баку and Tbilisi",
         "a table keyed by the whole match; a missing key keeps the match")
check.eq((re.gsub("k=v", "(\\w)=(\\w)", { k = "K" })), "K", "a table keyed by the first capture")
check.eq((re.gsub("ереван баку", "\\w+", text.upper)), "ЕРЕВАН БАКУ", "a function")
check.eq((re.gsub("a b", "\\w", function(w) return w == "a" and false end)), "a b", "false keeps the match")
check.eq((re.gsub("2024-03", "(?<y>\\d+)-(?<m>\\d+)", function(y, m, names)
  return names.m .. "." .. y
end)), "03.2024", "a function gets the names table last")
check.raises(function() re.gsub("a", "a", function() return {} end) end,
             "invalid replacement value %(a table%)", "a table returned by the function raises")
local out, n = re.gsub("a a a", "a", "b", 2)
check.eq(out, "b b a", "gsub n limits the replacements")
check.eq(n, 2, "and the count says so")
check.eq(select(2, re.gsub("a", "a", "b", 0)), 0, "n = 0 replaces nothing")

-- split
local function joined(t) return #t .. ":" .. table.concat(t, "|") end
check.eq(joined(re.split("Ереван, Баку ,Тбилиси", "\\s*,\\s*")), "3:Ереван|Баку|Тбилиси", "split")
check.eq(joined(re.split("a,b,", ",")), "3:a|b|", "a trailing separator leaves an empty piece")
check.eq(joined(re.split("", ",")), "1:", "the empty string is one empty piece")
check.eq(joined(re.split("a,b,c,d", ",", 2)), "2:a|b,c,d", "max pieces, the last is the rest")
check.eq(joined(re.split("a,b", ",", 1)), "1:a,b", "max 1 is the whole string")
check.eq(joined(re.split("аб", "")), "4:|а|б|", "an empty separator splits between characters")
check.raises(function() re.split("a", ",", 0) end, "max must be at least 1", "max 0 raises")

-- ---------------------------------------------------------------------------
-- flags and Regex objects
-- ---------------------------------------------------------------------------

check.eq(re.find("a\nb", "a.b"), nil, "dot does not match a newline by default")
check.eq(re.find("a\nb", "a.b", 1, "s"), 1, "s: dot matches a newline")
check.eq(re.find("x\nab", "^ab"), nil, "^ is the start of the subject by default")
check.eq(re.find("x\nab", "^ab", 1, "m"), 3, "m: ^ at line starts")
check.eq(re.match("2024-03", "(\\d+) - (\\d+)", 1, "x"), "2024", "x ignores spaces in the pattern")
check.eq(re.match("2024-03", "(\\d+) - # year\n (\\d+)", 1, "x"), "2024", "x: comments to the line end")
check.raises(function() re.compile("a", "q") end, "re.compile: unknown flag 'q'", "an unknown flag")

rx = re.compile("(\\p{Lu})\\w+", "xi")
check.eq(rx.pattern, "(\\p{Lu})\\w+", "pattern field")
check.eq(rx.flags, "ix", "flags field, in canonical order")
check.eq(rx.groups, 1, "groups field")
check.eq(#rx.names, 0, "no names")
check.eq(tostring(rx), "<Regex \"(\\p{Lu})\\w+\" ix>", "tostring")
check.eq(select(3, rx:find("в Ереване")), "Е", "rx:find")
check.eq(rx:match("в Ереване"), "Е", "rx:match (\\p{Lu} stays uppercase under i)")
check.eq(list(rx:gmatch("Ереван и Баку")), "Е|Б", "rx:gmatch")
check.eq((rx:gsub("Ереван и Баку", "$1")), "Е и Б", "rx:gsub")
check.eq(joined(re.compile(",\\s*"):split("a, b,c")), "3:a|b|c", "rx:split")
check.eq(re.find("в Ереване", rx), 4, "module functions take a Regex")
check.raises(function() re.find("a", rx, 1, "i") end, "flags cannot be given with a compiled Regex",
             "flags with a Regex raise")
check.raises(function() re.find("a", 1) end, "pattern string or Regex expected", "a number pattern")
check.eq(re.compile(rx), rx, "compiling a Regex returns it")

-- many groups (more than fit in the on-stack offsets)
local many = string.rep("(.)", 40)
local forty = string.rep("я", 40)
r = pack(re.match(forty, many))
check.eq(r.n, 40, "40 captures")
check.eq(r[40], "я", "the 40th")
check.eq((re.gsub(forty, many, "${40}$1")), "яя", "gsub with 40 groups")

-- escape
local literal = "1+1=2 (really?) [$5.00] İ\\"
check.eq(re.match(literal, re.escape(literal)), literal, "re.escape makes a literal pattern")
check.eq(re.match("a b", re.escape("a b"), 1, "x"), "a b", "escaped spaces survive x")

-- ---------------------------------------------------------------------------
-- differential: string.find/gmatch/gsub on ASCII, Lua patterns vs PCRE
-- ---------------------------------------------------------------------------

local pairs_ = {
  { "%d+", "\\d+" }, { "[A-Za-z]+", "[A-Za-z]+" }, { "%s", "\\s" }, { "a.-b", "a.*?b" },
  { "[%w_]+", "\\w+" }, { "x*", "x*" }, { "", "" }, { "(%d+)-(%d+)", "(\\d+)-(\\d+)" },
  { "%.", "\\." }, { "o", "o" }, { "%u%l+", "[A-Z][a-z]+" }, { "[^%s]+$", "\\S+$" },
  { "(o)(.)", "(o)(.)" }, { "%p", "[!-/:-@\\[-`{-~]" }, { "b?", "b?" }, { "^The", "^The" },
}
local subjects = {
  "The talks on 2024-03-13 went well.", "abba, cabbage; 10-20-30", "", "xxoxx", "  spaced   out  ",
  "bob", "The end",
}
local inits = { 1, 2, 5, -3, 0, 100 }
local compared = 0
for _, pair in ipairs(pairs_) do
  for _, subj in ipairs(subjects) do
    for _, init in ipairs(inits) do
      if pair[1]:sub(1, 1) ~= "^" or init == 1 or init == 0 then
        local want = pack(string.find(subj, pair[1], init))
        local got = pack(re.find(subj, pair[2], init))
        local same = want.n == got.n
        for i = 1, math.max(want.n, got.n) do same = same and want[i] == got[i] end
        check.ok(same, string.format("find %q %q %d", subj, pair[2], init))
        compared = compared + 1
      end
    end
    if pair[1]:sub(1, 1) ~= "^" then   -- string.gmatch does not anchor
      check.eq(list(re.gmatch(subj, pair[2])), list(subj:gmatch(pair[1])),
               string.format("gmatch %q %q", subj, pair[2]))
    end
    local ws, wn = string.gsub(subj, pair[1], "<%0>")
    local gs, gn = re.gsub(subj, pair[2], "<$0>")
    check.eq(gs, ws, string.format("gsub %q %q", subj, pair[2]))
    check.eq(gn, wn, string.format("gsub count %q %q", subj, pair[2]))
    compared = compared + 3
  end
end
check.ok(compared > 500, "the differential test compared " .. compared .. " results")

-- ---------------------------------------------------------------------------
-- errors: bad patterns, invalid subjects, runaway backtracking
-- ---------------------------------------------------------------------------

check.raises(function() re.compile("(ab") end,
             "re%.compile: missing closing parenthesis at offset 3 in pattern \"%(ab\"$", "missing )")
check.raises(function() re.compile("ab[c") end, "missing terminating %] .* at offset 4 in pattern", "missing ]")
check.raises(function() re.compile("a{2,1}") end, "numbers out of order .* at offset 5", "bad quantifier")
check.raises(function() re.find("x", "\\p{Nope}") end, "re%.find: unknown property .* at offset",
             "errors name the function that compiled")
check.raises(function() re.compile("a\\Cb") end, "using \\C is disabled", "\\C could split a character: refused")
check.raises(function() re.compile("ab\xff") end, "UTF%-8 error", "a pattern must be valid UTF-8")

check.raises(function() re.find("ab\xffc", "b") end, "re%.find: subject is not valid UTF%-8 at byte 3$",
             "an invalid subject raises with the byte")
check.raises(function() re.gsub("\xd0", "x", "") end, "re%.gsub: subject is not valid UTF%-8 at byte 1",
             "gsub checks")
check.raises(function() re.split("a\xe2\x80", ",") end, "re%.split: subject is not valid UTF%-8 at byte 2",
             "a truncated sequence")
check.raises(function() re.gmatch("\xc0\x80", ".") end, "re%.gmatch: subject is not valid UTF%-8",
             "an overlong sequence")
local long_valid = string.rep("ք", 100)
check.eq(re.find(long_valid, "ք$"), 199, "a long valid subject")
check.eq(re.find(long_valid, "ք", 3), 3, "the same subject again (remembered as valid)")
check.raises(function() re.find(long_valid .. "\xff", "ք") end, "at byte 201",
             "a different long subject is checked again")

local catastrophic = string.rep("a", 30) .. "b"
for _, jit in ipairs({ true, false }) do
  re.jit = jit
  local t0 = os.clock()
  check.raises(function() re.find(catastrophic, "(a+)+$") end,
               "re%.find: match limit exceeded for pattern \"%(a%+%)%+%$\" %(catastrophic backtracking%?%)$",
               "catastrophic backtracking raises (jit " .. tostring(jit) .. ")")
  check.ok(os.clock() - t0 < 2, "and quickly: " .. (os.clock() - t0) .. " s")
  check.eq(re.compile("(a+)+$").jit, jit, "re.jit decides how new patterns compile")
  check.eq(re.find(string.rep("a", 30), "(a+)+$"), 1, "the same pattern where it matches")
end
re.jit = true

-- ---------------------------------------------------------------------------
-- reentrancy: a replacement function using the same pattern
-- ---------------------------------------------------------------------------

local nested = re.gsub("ab cd", "(\\w)(\\w)", function(a, b)
  return (re.gsub(b .. a, "(\\w)(\\w)", "$2$1")) .. "!"
end)
check.eq(nested, "ab! cd!", "the same cached pattern inside its own gsub function")
local pairs_seen = {}
for a in re.gmatch("ab", "\\w") do
  for b in re.gmatch("xy", "\\w") do pairs_seen[#pairs_seen + 1] = a .. b end
end
check.eq(table.concat(pairs_seen, ","), "ax,ay,bx,by", "nested gmatch of one pattern")

-- ---------------------------------------------------------------------------
-- the cache
-- ---------------------------------------------------------------------------

local first = re.compile("\\p{Lu}\\w+")
local t0 = os.clock()
local same = true
for _ = 1, 10000 do same = same and rawequal(re.compile("\\p{Lu}\\w+"), first) end
local elapsed = os.clock() - t0
check.ok(same, "the same pattern compiles to the same Regex")
check.ok(elapsed < 1, "10,000 compiles of one pattern are fast: " .. elapsed .. " s")
t0 = os.clock()
for _ = 1, 10000 do re.find("в Ереване", "\\p{Lu}\\w+") end
check.ok(os.clock() - t0 < 1, "10,000 re.find with a pattern string: " .. (os.clock() - t0) .. " s")
check.ok(not rawequal(re.compile("\\p{Lu}\\w+", "i"), first), "flags are part of the key")
local kept = true
for i = 1, 1000 do
  re.compile("x" .. i)
  kept = kept and rawequal(re.compile("\\p{Lu}\\w+"), first)
end
check.ok(kept, "a pattern in use stays cached while 1,000 others pass through")
local gone = re.compile("x1")
for i = 2000, 3000 do re.compile("x" .. i) end
check.ok(not rawequal(re.compile("x1"), gone), "the cache is bounded: an unused pattern is dropped")
collectgarbage()

-- ---------------------------------------------------------------------------
-- doc:find
-- ---------------------------------------------------------------------------

-- The original has a decomposed é (e + U+0301) and CRLF: the stored text is
-- "Café\nЕреван: 2024-03-13\n", 2 bytes shorter before "Ереван".
local doc = assert(parley.doc("Cafe\u{301}\r\nЕреван: 2024-03-13\r\n"))
local found = doc:find("(?<y>\\d{4})-(\\d\\d)-(\\d\\d)")
check.eq(#found, 1, "one match")
local m = found[1]
check.eq(m.text, "2024-03-13", "the match is a Span")
check.eq(m.start, (doc.text:find("2024", 1, true)), "its start agrees with string.find")
check.eq(m.start, 21, "after Café\\n (6 bytes) and Ереван: (14 bytes)")
check.eq(m.line, 2, "the Span knows its line")
local y = m.captures[1]
check.eq(y.text, "2024", "captures are Spans")
check.ok(m.captures.y == y, "named captures are the same Spans")
check.eq(m.captures[3].text, "13", "third capture")
local a, b = y:source_range()
check.eq(a, 23, "source_range of a capture: 2 bytes later in the original")
check.eq(b, 26, "source_range stop")
check.eq(m.captures[1].captures, nil, "captures have no captures")

local words = doc:find("\\p{Lu}(\\p{Ll})?")
check.eq(#words, 2, "two capitals")
check.eq(words[2].text, "Ер", "Ереван's E and r")
check.eq(words[1].captures[1].text, "a", "Café's a")
local bare = doc:find("(x)?\\d{4}")
check.eq(bare[1].captures[1], false, "an unset group is false")
check.eq(#doc:find("nothing here"), 0, "no match is an empty array")
check.eq(#doc:find("ереван", "i"), 1, "doc:find with flags")
check.eq(#doc:find(re.compile("\\d+")), 3, "doc:find with a Regex")
check.eq(#doc:find(""), doc.chars + 1, "empty matches: one per character boundary")
check.raises(function() doc:find("(") end, "doc:find: missing closing parenthesis", "doc:find bad pattern")

-- Loading validates text, but a database edited by hand may hold anything.
local corpus = assert(parley.open(":memory:"))
local id = corpus:add("abc def")
corpus:sql("UPDATE documents SET text = ? WHERE id = ?", "ab\xffc", id)
local broken = corpus:get(id)
check.raises(function() broken:find("b") end, "doc:find: subject is not valid UTF%-8 at byte 3",
             "doc:find checks the text too")
corpus:close()

check.done("re")
