-- text.lua: tests of parley.text, each expected value taken from the Unicode data files.
--
-- The first part spells out cases by hand (the UCD line each one rests on is
-- quoted); the second reads the UCD itself from PARLEY_UCD_DIR and checks
-- every code point or test line it lists.
local check = require("lib.check")
local text = require("parley.text")

local U = utf8.char

-- ---------------------------------------------------------------------------
-- normalize
-- ---------------------------------------------------------------------------

-- UnicodeData 00E9: decomposition 0065 0301.
check.eq(text.normalize("e\u{301}"), "\u{E9}", "NFC is the default form")
check.eq(text.normalize("e\u{301}", "NFC"), "\u{E9}")
check.eq(text.normalize("\u{E9}", "NFD"), "e\u{301}")
-- FB01 <compat> 0066 0069; 2460 CIRCLED DIGIT ONE <circle> 0031.
check.eq(text.normalize("\u{FB01}\u{2460}", "NFKC"), "fi1")
check.eq(text.normalize("\u{FB01}", "NFC"), "\u{FB01}", "NFC keeps compatibility characters")
-- 1E9B 0323 (long s with dot above, dot below): NFKD 0073 0323 0307, NFKC 1E69.
check.eq(text.normalize("\u{1E9B}\u{323}", "NFKD"), "s\u{323}\u{307}")
check.eq(text.normalize("\u{1E9B}\u{323}", "NFKC"), "\u{1E69}")
check.eq(text.normalize("\u{1E9B}\u{323}", "NFD"), "\u{17F}\u{323}\u{307}")
-- Hangul AC01 (각) = L 1100 + V 1161 + T 11A8 (Unicode 3.12 algorithmic decomposition).
check.eq(text.normalize("\u{AC01}", "NFD"), "\u{1100}\u{1161}\u{11A8}")
check.eq(text.normalize("\u{1100}\u{1161}\u{11A8}"), "\u{AC01}")
-- Canonical ordering: 0301 (ccc 230) after 0323 (ccc 220).
check.eq(text.normalize("a\u{301}\u{323}", "NFD"), "a\u{323}\u{301}")
check.eq(text.normalize("Azərbaycan Հայաստան Россия"), "Azərbaycan Հայաստան Россия",
         "precomposed text is already NFC")
check.eq(text.normalize("a\0b", "NFD"), "a\0b", "NUL bytes pass through")
check.eq(text.normalize(""), "")
check.raises(function() text.normalize("x", "nfc") end, "text%.normalize: bad form")
check.raises(function() text.normalize("x", 1) end, "text%.normalize: bad argument #2")

-- ---------------------------------------------------------------------------
-- casefold
-- ---------------------------------------------------------------------------

-- CaseFolding: 00DF F 0073 0073; 0130 F 0069 0307; 0049 C 0069.
check.eq(text.casefold("Straße"), "strasse")
check.eq(text.casefold("\u{130}"), "i\u{307}")
check.eq(text.casefold("I"), "i")
check.eq(text.casefold("\u{1E9E}"), "ss", "1E9E F 0073 0073")
check.eq(text.casefold("\u{3A3}\u{3C2}\u{3C3}"), "\u{3C3}\u{3C3}\u{3C3}", "03A3, 03C2 C 03C3")
check.eq(text.casefold("\u{587}"), "\u{565}\u{582}", "0587 F 0565 0582")
check.eq(text.casefold("ՀԱՅԱՍՏԱՆ"), "հայաստան")
check.eq(text.casefold("АЗЕРБАЙДЖАН"), "азербайджан")
check.eq(text.casefold("ƏLİYEV"), "əli\u{307}yev", "018F C 0259; no Turkic tailoring")
check.eq(text.casefold("\u{390}"), "\u{3B9}\u{308}\u{301}", "0390 F: casefold does not recompose")
check.eq(text.casefold("HELLO, World"), "hello, world")

-- ---------------------------------------------------------------------------
-- fold: the matching key
-- ---------------------------------------------------------------------------

check.eq(text.fold("Café"), "cafe")
check.eq(text.fold("CAFE"), text.fold("café"))
check.eq(text.fold("Cafe\u{301}"), "cafe", "decomposed input folds the same")
check.eq(text.fold("İstanbul"), "istanbul", "0130 F 0069 0307, and 0307 is Mn")
-- ə (0259) is a letter with no decomposition: it is not e + mark.
check.eq(text.fold("Azərbaycan"), "azərbaycan")
check.ok(text.fold("Azərbaycan") ~= text.fold("AZERBAYCAN"), "ə and e stay distinct")
check.eq(text.fold("AZƏRBAYCAN"), text.fold("Azərbaycan"))
-- ı (0131) has no folding and no decomposition; Ş (015E) = 0053 0327.
check.eq(text.fold("IŞIQ"), "isiq")
check.eq(text.fold("ışıq"), "\u{131}s\u{131}q")
-- Typographic punctuation.
check.eq(text.fold("Pashinyan’s"), text.fold("Pashinyan's"))
check.eq(text.fold("‘a’ ‚b‛ ʼc ′"), "'a' 'b' 'c '")
check.eq(text.fold("“a” „b‟ «c»"), '"a" "b" "c"')
check.eq(text.fold("a–b—c‐d‑e‒f―g"), "a-b-c-d-e-f-g", "2011 <noBreak> 2010")
check.eq(text.fold("\u{FE58}"), "-", "FE58 <small> 2014")
-- Compatibility forms: FF21 <wide> 0041; 2126 OHM SIGN = 03A9; 210C <font> 0048; 01C5 <compat> 0064 017E.
check.eq(text.fold("\u{FF21}\u{FF22}"), "ab")
check.eq(text.fold("\u{2126}"), "\u{3C9}")
check.eq(text.fold("\u{210C}"), "h")
check.eq(text.fold("\u{1C5}"), "dz")
check.eq(text.fold("\u{587}"), text.fold("ԵՒ"), "0587 <compat> 0565 0582")
-- Default ignorables go: 00AD SOFT HYPHEN, 200B ZWSP, 200D ZWJ, FE0F VS16.
check.eq(text.fold("co\u{AD}op\u{200B}er\u{200D}ate\u{FE0F}"), "cooperate")
-- Mn go, Mc stay: 093C DEVANAGARI SIGN NUKTA is Mn, 093F VOWEL SIGN I is Mc.
check.eq(text.fold("\u{915}\u{93C}\u{93F}"), "\u{915}\u{93F}")
-- Greek accents (0301 after NFD) go; final sigma folds to σ.
check.eq(text.fold("Ἀθῆναι ΟΔΟΣ"), "αθηναι οδοσ")
check.eq(text.fold("Ереван"), "ереван")
-- 0419/0439 й = 0418/0438 + 0306, kept (UCA primary letter); 0401/0451 ё = е + 0308, folded.
check.eq(text.fold("АЗЕРБАЙДЖАН"), "азербайджан")
check.eq(text.fold("Азербайджан"), "азербайджан")
check.eq(text.fold("ЁЛКА ёлка"), "елка елка")
check.eq(text.fold("\u{438}\u{306}"), "\u{439}", "decomposed й composes")
check.eq(text.fold("a\u{306}"), "a", "other breves go")
check.eq(text.fold("Hello, World!\n"), "hello, world!\n", "the ASCII path")
for _, s in ipairs({"Café", "İstanbul", "Pashinyan’s", "\u{2126}\u{1C5}", "ΟΔΟΣ", "e\u{301}\u{323}",
                    "Азербайджан"}) do
  check.eq(text.fold(text.fold(s)), text.fold(s), "fold is idempotent")
  check.eq(text.fold("ABC " .. s), "abc " .. text.fold(s), "ASCII and Unicode paths agree")
end

-- ---------------------------------------------------------------------------
-- upper and lower
-- ---------------------------------------------------------------------------

-- SpecialCasing: 00DF upper 0053 0053; FB01 upper 0046 0049; 0149 upper 02BC 004E;
-- 01F0 upper 004A 030C; 0390 upper 0399 0308 0301; 1FB3 upper 0391 0399.
check.eq(text.upper("Straße"), "STRASSE")
check.eq(text.upper("\u{FB01}\u{FB02}"), "FIFL")
check.eq(text.upper("\u{149}"), "\u{2BC}N")
check.eq(text.upper("\u{1F0}"), "J\u{30C}")
check.eq(text.upper("\u{390}"), "\u{399}\u{308}\u{301}")
check.eq(text.upper("\u{1FB3}"), "\u{391}\u{399}")
check.eq(text.upper("\u{1E9E}"), "\u{1E9E}", "capital sharp s is already upper case")
check.eq(text.lower("\u{1E9E}"), "\u{DF}", "UnicodeData 1E9E lower 00DF")
-- 0130 lower 0069 0307 (default), 0069 under tr/az.
check.eq(text.lower("\u{130}"), "i\u{307}")
check.eq(text.lower("I"), "i")
check.eq(text.upper("i"), "I")
check.eq(text.lower("\u{130}", "az"), "i")
check.eq(text.lower("I", "az"), "\u{131}")
check.eq(text.upper("i", "az"), "\u{130}")
check.eq(text.upper("\u{131}", "az"), "I")
check.eq(text.upper("\u{131}"), "I", "UnicodeData 0131 upper 0049")
check.eq(text.lower("İSTANBUL", "tr"), "istanbul")
check.eq(text.lower("ISPARTA", "tr"), "\u{131}sparta")
check.eq(text.upper("istanbul", "tr-TR"), "\u{130}STANBUL", "region subtags are ignored")
check.eq(text.upper("istanbul", "AZ_Latn"), "\u{130}STANBUL")
check.eq(text.upper("istanbul", "en"), "ISTANBUL")
check.eq(text.lower("ƏLİYEV İLHAM", "az"), "əliyev ilham")
check.eq(text.upper("əliyev ilham", "az"), "ƏLİYEV İLHAM")
check.eq(text.lower("AZƏRBAYCAN"), "azərbaycan")
-- tr After_I / Not_Before_Dot: I + 0307 -> i; 0316 (ccc 220) may intervene, 0301 (ccc 230) blocks.
check.eq(text.lower("I\u{307}", "tr"), "i")
check.eq(text.lower("I\u{316}\u{307}", "tr"), "i\u{316}")
check.eq(text.lower("I\u{301}\u{307}", "tr"), "\u{131}\u{301}\u{307}")
check.eq(text.lower("a\u{307}", "tr"), "a\u{307}", "a dot after anything else stays")
-- Final_Sigma.
check.eq(text.lower("ΟΔΟΣ"), "οδος")
check.eq(text.lower("Σ"), "σ", "no cased letter before: not final")
check.eq(text.lower("ΣΑΣ ΑΣ. ΑΣΑ"), "σας ας. ασα")
check.eq(text.lower("ΑΣ'Α"), "ασ'α", "0027 is case-ignorable, so Σ is mid-word")
check.eq(text.lower("ΑΣ,Α"), "ας,α", "a comma ends the word")
check.eq(text.lower("Α\u{301}Σ"), "α\u{301}ς", "marks are case-ignorable")
-- Armenian: 0587 upper 0535 0552 (ԵՒ) in SpecialCasing; hy writes ԵՎ (ICU-13416).
check.eq(text.upper("երևան"), "ԵՐԵՒԱՆ")
check.eq(text.upper("երևան", "hy"), "ԵՐԵՎԱՆ")
check.eq(text.upper("\u{FB13}"), "ՄՆ", "FB13 upper 0544 0546")
check.eq(text.lower("ԵՐԵՎԱՆ"), "երեվան")
for _, word in ipairs({"ՀԱՅԱՍՏԱՆ", "ԱԴՐԲԵՋԱՆ", "АЗЕРБАЙДЖАН", "АРМЕНИЯ", "ΕΛΛΑΔΑ"}) do
  check.eq(text.upper(text.lower(word)), word, "round trip " .. word)
end
check.eq(text.lower("Ереван"), "ереван")
check.eq(text.upper("Ереван"), "ЕРЕВАН")
check.eq(text.lower("Hello, World"), "hello, world")
check.eq(text.upper("Hello, World"), "HELLO, WORLD")
check.eq(text.upper("a\0b"), "A\0B")
check.raises(function() text.upper("x", {}) end, "text%.upper: bad argument #2")

-- ---------------------------------------------------------------------------
-- len and sub (code points, with string.sub's rules)
-- ---------------------------------------------------------------------------

check.eq(text.len(""), 0)
check.eq(text.len("Azərbaycan"), 10)
check.eq(text.len("Հայաստան"), 8)
check.eq(text.len("e\u{301}"), 2, "code points, not graphemes")
check.eq(text.len("👩‍👩‍👧"), 5)
check.eq(text.sub("Հայաստան", 1, 3), "Հայ")
check.eq(text.sub("Հայաստան", -3), "տան")
check.eq(text.sub("Azərbaycan", 3, 3), "ə")
check.eq(text.sub("Azərbaycan", 0), "Azərbaycan")
check.eq(text.sub("Azərbaycan", 5, 2), "")
check.eq(text.sub("Azərbaycan", -100, 100), "Azərbaycan")
check.eq(text.sub("", 1, 1), "")
-- Differential: on ASCII, text.sub is string.sub and text.len is string.len;
-- on any text, text.len is utf8.len.
local ascii = "negotiate"
for i = -12, 12 do
  for j = -12, 12 do
    check.eq(text.sub(ascii, i, j), ascii:sub(i, j), "sub(" .. i .. ", " .. j .. ")")
  end
  check.eq(text.sub(ascii, i), ascii:sub(i), "sub(" .. i .. ")")
end
check.eq(text.len(ascii), #ascii)
for _, s in ipairs({"Azərbaycan", "Հայաստան", "Россия", "👩‍👩‍👧🇦🇲", "漢字"}) do
  check.eq(text.len(s), utf8.len(s))
  local n = utf8.len(s)
  for i = -n - 1, n + 1 do
    local from = i < 0 and math.max(n + i + 1, 1) or math.max(i, 1)
    local want = from > n and "" or s:sub(utf8.offset(s, from))
    check.eq(text.sub(s, i), want, "sub of " .. s .. " from " .. i)
  end
end
check.raises(function() text.sub("abc") end, "text%.sub: bad argument #2")
check.raises(function() text.sub("abc", 1.5) end, "text%.sub: bad argument #2")

-- ---------------------------------------------------------------------------
-- graphemes and width
-- ---------------------------------------------------------------------------

local function collect(s)
  local parts, starts = {}, {}
  for g, i in text.graphemes(s) do
    parts[#parts + 1] = g
    starts[#starts + 1] = i
  end
  return parts, starts
end

local family = "\u{1F469}\u{200D}\u{1F469}\u{200D}\u{1F467}"   -- 👩‍👩‍👧, GB11
local flags = "\u{1F1E6}\u{1F1F2}\u{1F1E6}\u{1F1FF}"             -- 🇦🇲🇦🇿, GB12/13
local parts, starts = collect(family)
check.eq(#parts, 1, "ZWJ sequence is one grapheme")
check.eq(parts[1], family)
check.eq(text.width(family), 2)
parts, starts = collect(flags)
check.eq(#parts, 2, "two flags")
check.eq(parts[1], "\u{1F1E6}\u{1F1F2}")
check.eq(parts[2], "\u{1F1E6}\u{1F1FF}")
check.eq(starts[2], 9, "the second flag starts at byte 9")
check.eq(text.width(flags), 4, "regional indicators are Emoji_Presentation")
parts = collect("e\u{301}x")
check.eq(#parts, 2)
check.eq(parts[1], "e\u{301}", "GB9: base + Extend")
check.eq(text.width("e\u{301}"), 1)
check.eq(#collect("\u{1100}\u{1161}\u{11A8}"), 1, "GB6/GB7: L V T")
check.eq(text.width("\u{1100}\u{1161}\u{11A8}"), 2, "a Hangul syllable in jamo is one wide cell")
check.eq(#collect("\r\n"), 1, "GB3")
check.eq(#collect(""), 0)
check.eq(#collect("Հայաստան"), 8)
parts = text.grapheme_list("a" .. family .. flags .. "e\u{301}")
check.eq(#parts, 5)
check.eq(table.concat(parts), "a" .. family .. flags .. "e\u{301}")
check.eq(#text.grapheme_list(""), 0)
-- Widths: EastAsianWidth 6F22 W, 5B57 W, FF21 F; 2764 is N with no Emoji_Presentation,
-- + FE0F it is presented as emoji (emoji-variation-sequences.txt).
check.eq(text.width("漢字abc"), 7)
check.eq(text.width("\u{FF21}"), 2)
check.eq(text.width("\u{2764}"), 1)
check.eq(text.width("\u{2764}\u{FE0F}"), 2)
check.eq(text.width("\u{1F44D}\u{1F3FD}"), 2, "emoji modifier sequence")
check.eq(text.width("Azərbaycan"), 10)
check.eq(text.width("a\tb\n"), 2, "controls take no columns")
check.eq(text.width(""), 0)

-- ---------------------------------------------------------------------------
-- category
-- ---------------------------------------------------------------------------

check.eq(text.category("Ə"), "Lu")
check.eq(text.category("əliyev"), "Ll", "the first code point")
check.eq(text.category(0x301), "Mn")
check.eq(text.category("\u{93F}"), "Mc")
check.eq(text.category("\u{2019}"), "Pf")
check.eq(text.category(0x378), "Cn", "unassigned")
check.eq(text.category(0xD800), "Cs")
check.eq(text.category(0x10FFFF), "Cn")
check.eq(text.category(""), nil)
check.raises(function() text.category(0x110000) end, "text%.category: code point")

-- ---------------------------------------------------------------------------
-- letter_counts and word_hits (what parley.lang counts with)
-- ---------------------------------------------------------------------------

local SCRIPTS = { {0x0530, 0x058F, "hy"}, {0x0400, 0x052F, "ru"} }
local counts, total, marked = text.letter_counts("Ереван, Baku: Երևան։ 2025 ə", SCRIPTS, { [0x0259] = true })
-- Ереван 6, Baku 4, Երևան 5 and the Armenian full stop ։ (in the range), ə 1
check.eq(counts.ru, 6, "Cyrillic letters")
check.eq(counts.hy, 6, "Armenian letters and ։, which lies in the range")
check.eq(counts.latin, 5, "ASCII letters and ə (category Ll)")
check.eq(total, 17, "digits, spaces and punctuation are no letters")
check.eq(marked, 1, "ə is marked")
check.eq(select(2, text.letter_counts("", SCRIPTS)), 0, "no letters")
counts = text.letter_counts("Ա", { {0x0530, 0x058F, "hy"}, {0x0531, 0x0531, "other"} })
check.eq(counts.hy, 1, "the first range that holds a code point names it")
check.eq(counts.other, nil, "a script without letters is absent")
check.raises(function() text.letter_counts("a", { {1, 2} }) end, "script range 1 is not")
check.raises(function() text.letter_counts("a\xFF", {}) end, "invalid UTF%-8 at byte 2")

local en, az = text.word_hits("THE talks, “the” deal — Və bu, və-bu the2the", {},
                              { the = true, talks = true }, { ["və"] = true, bu = true })
-- the, talks, the (in quotes), the, the (split by the digit): 5; Və, bu, və, bu: 4
check.eq(en, 5, "words are runs of letters, lowercased, split at quotes and digits")
check.eq(az, 4, "non-ASCII words are lowercased too")
check.eq(text.word_hits("İ", {}, { ["i̇"] = true }), 1, "İ lowers to i and a combining dot, as text.lower does")
check.eq(select("#", text.word_hits("a", {})), 0, "no sets, no counts")
check.eq(text.word_hits("The \u{212A}ey keys KEY", {}, { key = true }), 2,
         "a word that lowercasing shortens (the Kelvin sign K is three bytes, k one) still counts")
check.raises(function() text.word_hits("a", {}, "x") end, "table expected")

-- Both against a plain Lua oracle (code point by code point, the rules spelled out)
-- on random strings of ASCII, Latin, Cyrillic, Armenian, marks and punctuation.
do
  local pool = { "a", "B", "z", " ", ",", "1", "_", "ə", "İ", "ı", "Я", "ж", "Ա", "ր", "։", "\u{301}", "“", "—",
                 "\u{212A}", "ß", "\n", "the", "və", "ki", "THE", "them", "Key", "keys", "kéy", "-", ".." }
  local scripts = { { 0x0530, 0x058F, "hy" }, { 0x0400, 0x052F, "ru" } }
  local function script_of(cp)
    if cp < 0x80 then
      return ((cp >= 65 and cp <= 90) or (cp >= 97 and cp <= 122)) and "latin" or nil
    end
    for _, r in ipairs(scripts) do
      if cp >= r[1] and cp <= r[2] then return r[3] end
    end
    local cat = text.category(cp)
    return cat:sub(1, 1) == "L" and "latin" or nil
  end
  local set = { the = true, ["və"] = true, ki = true, ["ß"] = true, key = true }
  local counter = text.letter_counter(scripts, { [0x0259] = true }, { words = set, none = {} })
  math.randomseed(11)
  local ok_counts, ok_words, ok_counter = true, true, true
  for _ = 1, 300 do
    local parts = {}
    for i = 1, math.random(0, 12) do parts[i] = pool[math.random(#pool)] end
    local s = table.concat(parts)
    local want, total, marked = {}, 0, 0
    local words, word = 0, {}
    local function flush()
      if #word > 0 and set[text.lower(table.concat(word))] then words = words + 1 end
      word = {}
    end
    for _, cp in utf8.codes(s) do
      local sc = script_of(cp)
      if sc then
        want[sc] = (want[sc] or 0) + 1
        total = total + 1
        word[#word + 1] = utf8.char(cp)
      else
        flush()
      end
      if cp == 0x0259 then marked = marked + 1 end
    end
    flush()
    local got, got_total, got_marked = text.letter_counts(s, scripts, { [0x0259] = true })
    for k, v in pairs(want) do if got[k] ~= v then ok_counts = false end end
    for k, v in pairs(got) do if want[k] ~= v then ok_counts = false end end
    if got_total ~= total or got_marked ~= marked then ok_counts = false end
    if text.word_hits(s, scripts, set) ~= words then ok_words = false end
    local c_counts, c_total, c_marked, c_hits = counter:count(s)
    for k, v in pairs(want) do if c_counts[k] ~= v then ok_counter = false end end
    for k, v in pairs(c_counts) do if want[k] ~= v then ok_counter = false end end
    if c_total ~= total or c_marked ~= marked or c_hits.words ~= words or c_hits.none ~= 0 then
      ok_counter = false
    end
  end
  check.ok(ok_counts, "letter_counts agrees with a Lua oracle on 300 random strings")
  check.ok(ok_words, "word_hits agrees with a Lua oracle on 300 random strings")
  check.ok(ok_counter, "a letter counter agrees with the same oracle on the same strings")
end

-- A counter reads words of a..z with an automaton of its keys (a table step per
-- byte, in blocks of 4,096 bytes), other words with a hash of their lowercase,
-- and all words that way when the keys are too many for the automaton. Both
-- against a Lua oracle, on long random texts where keys share prefixes, run
-- into letters beyond ASCII ("theə"), straddle the blocks, and come in capitals.
do
  local scripts = { { 0x0400, 0x052F, "ru" } }
  local function oracle(s, sets)
    local hits, word = {}, {}
    for name in pairs(sets) do hits[name] = 0 end
    local function flush()
      if #word > 0 then
        local w = text.lower(table.concat(word))
        for name, set in pairs(sets) do if set[w] then hits[name] = hits[name] + 1 end end
      end
      word = {}
    end
    for _, cp in utf8.codes(s) do
      local letter = cp < 0x80 and utf8.char(cp):match("%a") or (cp >= 0x80 and text.category(cp):sub(1, 1) == "L")
      if letter then word[#word + 1] = utf8.char(cp) else flush() end
    end
    flush()
    return hits
  end
  local small = { the = true, them = true, th = true, theme = true, a = true, ["and"] = true, an = true,
                  ["The"] = true, ["a-b"] = true, ["və"] = true, ["ə"] = true, ["thеm"] = true }   -- е Cyrillic
  local other = { an = true, ann = true, ["və"] = true, k = true }
  local big = {}
  for a = 97, 122 do for b = 97, 122 do for c = 97, 122 do big[string.char(a, b, c, 97)] = true end end end
  big.the = true   -- 17,577 keys of four letters: past the automaton's 65,535 states
  local pool = { "the", "The", "THE", "them", "theme", "themes", "th", "t", "a", "an", "and", "And", "ann", "anne",
                 "k", "K", "\u{212A}", "və", "VƏ", "ə", "Ə", "theə", "əthe", "thеm", "aaaa", "zzza", "ж", "Ж",
                 " ", " ", " ", ",", "-", "\n", "“", "—", "1", "a-b" }
  local small_counter = text.letter_counter(scripts, nil, { small = small, other = other })
  local big_counter = text.letter_counter(scripts, nil, { big = big })
  math.randomseed(47)
  local ok_small, ok_big, longest = true, true, 0
  for n = 1, 60 do
    local parts = {}
    for i = 1, (n % 10 == 0) and 6000 or math.random(0, 40) do parts[i] = pool[math.random(#pool)] end
    local s = table.concat(parts)
    longest = math.max(longest, #s)
    local want = oracle(s, { small = small, other = other })
    local _, _, _, got = small_counter:count(s)
    if got.small ~= want.small or got.other ~= want.other then ok_small = false end
    local _, _, _, got_big = big_counter:count(s)
    if got_big.big ~= oracle(s, { big = big }).big then ok_big = false end
  end
  check.ok(longest > 2 * 4096, "some texts span several blocks")
  check.ok(ok_small, "the automaton and the hash agree with the oracle on 60 random texts")
  check.ok(ok_big, "a counter with keys too many for the automaton agrees too")
end

-- letter_counter: the tables read once, counted many times (what parley.lang keeps)
do
  local words = { the = true, ["və"] = true }
  local counter = text.letter_counter({ {0x0400, 0x052F, "ru"} }, { [0x0259] = true, [0x41] = true },
                                      { en = words, az = { ["və"] = true, bu = true } })
  local counts, total, marked, hits = counter:count("THE Ереван və Bu ə the")
  check.eq(counts.ru, 6, "counter: letters per script")
  check.eq(counts.latin, 11, "counter: THE 3, və 2, Bu 2, ə 1, the 3")
  check.eq(total, 17, "counter: all letters")
  check.eq(marked, 2, "counter: ə twice (və and ə); an ASCII key is never marked")
  check.eq(hits.en, 3, "counter: the, və, the in the set en")
  check.eq(hits.az, 2, "counter: a word in two sets counts in each")
  words.bu = true
  check.eq(select(4, counter:count("bu"))["en"], 0, "counter: later changes to a set are not seen")
  check.eq(select(2, counter:count("")), 0, "counter: the empty text")
  local plain = text.letter_counter({})
  check.eq(next(select(4, plain:count("the"))), nil, "counter without sets: an empty hits table")
  check.raises(function() counter:count("a\xFF") end, "invalid UTF%-8 at byte 2")
  check.raises(function() text.letter_counter({}, nil, { "x" }) end, "sets must be { name =")
  check.raises(function() text.letter_counter({ {1} }) end, "script range 1 is not")
  local many = {}
  for k = 1, 17 do many["s" .. k] = {} end
  check.raises(function() text.letter_counter({}, nil, many) end, "at most 16 sets")
  check.eq(getmetatable(counter).__gc ~= nil, true, "counter: a userdata with __gc")
end
-- minhash (what parley.dedup signs documents with): against the hash family spelled
-- out in plain Lua, on random word lists of every length around the shingle size.
do
  local P = 2147483647
  local function oracle(words, k, n)
    local a, b, s = {}, {}, 12345
    for j = 1, n do
      s = s * 48271 % P
      a[j] = s
      s = s * 48271 % P
      b[j] = s
    end
    local sig = {}
    for j = 1, n do sig[j] = P end
    for i = 1, math.max(#words - k + 1, 1) do
      local shingle, h = table.concat(words, " ", i, math.min(i + k - 1, #words)), 2166136261
      for c = 1, #shingle do h = ((h ~ shingle:byte(c)) * 16777619) & 0xffffffff end
      local x = h % P
      for j = 1, n do
        local v = (a[j] * x + b[j]) % P
        if v < sig[j] then sig[j] = v end
      end
    end
    return sig
  end
  local pool = { "the", "talks", "peace", "treaty", "և", "խաղաղություն", "sülh", "müqaviləsi", "переговоры",
                 "2025", "", "a b", "İ", "ı" }
  math.randomseed(29)
  local agree = true
  for _ = 1, 300 do
    local words = {}
    for i = 1, math.random(0, 12) do words[i] = pool[math.random(#pool)] end
    local k, n = math.random(1, 6), math.random(1, 70)
    local got, want = text.minhash(words, k, n), oracle(words, k, n)
    if #got ~= n then agree = false end
    for j = 1, n do if got[j] ~= want[j] then agree = false end end
  end
  check.ok(agree, "minhash agrees with the hash family in Lua on 300 random word lists")
  -- FNV-1a of "" is its offset basis, 2166136261, which is 18652614 mod p; a_1 = 12345 * 48271.
  check.eq(text.minhash({}, 5, 1)[1], (595905495 * 18652614 + 595905495 * 48271 % P) % P,
           "no words: one empty shingle")
  check.eq(#text.minhash({ "one" }, 5, 64), 64, "fewer words than a shingle: one shingle, all values")
  check.eq(table.concat(text.minhash({ "x", "x" }, 2, 8), ","), table.concat(text.minhash({ "x", "x", "x", "x" }, 2, 8), ","),
           "the same set of shingles (one \"x x\"), the same signature")
  check.ok(text.minhash({ "x", "y" }, 2, 8)[1] ~= text.minhash({ "y", "x" }, 2, 8)[1] or
           text.minhash({ "x", "y" }, 2, 8)[2] ~= text.minhash({ "y", "x" }, 2, 8)[2], "word order counts")
end
check.raises(function() text.minhash({ "a", 2 }, 1, 4) end, "text%.minhash: word 2 is a number, not a string")
check.raises(function() text.minhash({}, 0, 4) end, "a shingle has at least one word")
check.raises(function() text.minhash({}, 1, 1025) end, "from 1 to 1024 hashes")
check.raises(function() text.minhash("a b", 1, 4) end, "table expected")
check.raises(function() text.category(-1) end, "text%.category: code point")
check.raises(function() text.category(true) end, "text%.category: bad argument #1")

-- ---------------------------------------------------------------------------
-- valid, repair, and invalid input everywhere
-- ---------------------------------------------------------------------------

check.eq(text.valid("Azərbaycan"), true)
check.eq(select("#", text.valid("ok")), 1, "valid text: just true")
local function invalid_at(s)
  local ok, pos = text.valid(s)
  return not ok and pos or nil
end
-- Unicode Table 3-7: C0/C1 and E0 80 are overlong, ED A0 a surrogate, F4 90 past U+10FFFF.
check.eq(invalid_at("ab\xFF"), 3)
check.eq(invalid_at("\x80"), 1)
check.eq(invalid_at("ok\xC0\xAF"), 3)
check.eq(invalid_at("\xE0\x80\x80"), 1)
check.eq(invalid_at("a\xED\xA0\x80"), 2)
check.eq(invalid_at("\xF4\x90\x80\x80"), 1)
check.eq(invalid_at("é\xE2\x82"), 3, "truncated at the end")
check.eq(invalid_at("\u{10FFFF}\xF5"), 5)
local fixed, count = text.repair("Azərbaycan")
check.eq(fixed, "Azərbaycan")
check.eq(count, 0)
-- Maximal subparts (Unicode 3.9, U+FFFD substitution): E2 82 is one, ED A0 80 is three.
fixed, count = text.repair("a\xE2\x82b")
check.eq(fixed, "a\u{FFFD}b")
check.eq(count, 1)
fixed, count = text.repair("\xED\xA0\x80")
check.eq(fixed, "\u{FFFD}\u{FFFD}\u{FFFD}")
check.eq(count, 3)
fixed, count = text.repair("\xC0\xAFx\xFF")
check.eq(fixed, "\u{FFFD}\u{FFFD}x\u{FFFD}")
check.eq(count, 3)

local takes_text = {"normalize", "casefold", "fold", "upper", "lower", "len", "sub", "graphemes",
                    "grapheme_list", "width", "category"}
for _, name in ipairs(takes_text) do
  check.raises(function() text[name]("ok \xE2\x82 here", 1) end,
               "text%." .. name .. ": invalid UTF%-8 at byte 4$", name .. " rejects bad bytes")
  check.raises(function() text[name]({}) end, "text%." .. name .. ": bad argument #1 %(string",
               name .. " rejects a table")
  check.raises(function() text[name]() end, "text%." .. name .. ": bad argument #1",
               name .. " rejects no value")
end
check.raises(function() text.valid(nil) end, "text%.valid: bad argument #1")
check.raises(function() text.repair(false) end, "text%.repair: bad argument #1")
check.eq(text.len(12345), 5, "numbers are strings, as in string.len")

-- The shared decoder tests (flenniken/utf8tests as JSON lines): valid agrees
-- with the verdict, repair with the expected maximal-subpart output, and every
-- text function raises at the byte valid reports.
local function unhex(h)
  return (h:gsub("%x%x", function(b) return string.char(tonumber(b, 16)) end))
end

local function check_decoder_case(id, input, valid, replaced)
  local pos = invalid_at(input)
  check.eq(pos == nil, valid, id .. ": valid")
  check.eq((text.repair(input)), replaced, id .. ": repair")
  if pos then
    check.eq(input:sub(1, pos - 1), replaced:sub(1, pos - 1), id .. ": the bytes before are good")
    check.eq(replaced:sub(pos, pos + 2), "\u{FFFD}", id .. ": the first bad byte is at pos")
    for _, name in ipairs(takes_text) do
      local ok, err = pcall(text[name], input)
      check.ok(not ok and err:find(": invalid UTF%-8 at byte " .. pos .. "$"), id .. ": " .. name)
    end
  else
    check.eq(table.concat(text.grapheme_list(input)), input, id .. ": graphemes")
    check.eq(text.len(input), utf8.len(input), id .. ": len")
  end
end

-- ctest always sets PARLEY_CORPORA: a missing file is a broken path, not a reason to skip.
local corpora = os.getenv("PARLEY_CORPORA") or ""
local cases_path = corpora .. "/utf8-decoder-tests/utf8tests.jsonl"
local cases = corpora ~= "" and io.open(cases_path, "r")
if check.ok(cases, "the decoder tests are readable (PARLEY_CORPORA): " .. cases_path) then
  local valid_count, invalid_count = 0, 0
  for line in cases:lines() do
    local id = line:match('"id": "([^"]*)"')
    local valid = line:match('"valid": (%a+)') == "true"
    local input = unhex(line:match('"input_hex": "(%x*)"'))
    local replaced = unhex(line:match('"expected_replace_hex": "(%x*)"'))
    check_decoder_case("utf8tests " .. id, input, valid, replaced)
    if valid then valid_count = valid_count + 1 else invalid_count = invalid_count + 1 end
  end
  cases:close()
  check.ok(valid_count > 50 and invalid_count > 100, "utf8tests.jsonl was read")
end

-- ---------------------------------------------------------------------------
-- Against the Unicode Character Database
-- ---------------------------------------------------------------------------

local ucd = os.getenv("PARLEY_UCD_DIR")

local function ucd_lines(name)
  local f = assert(io.open(ucd .. "/" .. name, "r"))
  return function()
    local line = f:read("l")
    if not line then f:close() end
    return line
  end
end

local function chars(field)
  local cps = {}
  for h in field:gmatch("%x+") do cps[#cps + 1] = tonumber(h, 16) end
  return U(table.unpack(cps))
end

-- "0041..005A ; Prop # ..." -> first, last, prop.
local function parse_range(line)
  local a, b, prop = line:match("^(%x+)%.%.(%x+)%s*;%s*([%w_]+)")
  if not a then
    a, prop = line:match("^(%x+)%s*;%s*([%w_]+)")
    b = a
  end
  if a then return tonumber(a, 16), tonumber(b, 16), prop end
end

-- Count failures per section rather than one check per code point, and show the first few.
-- A sweep that compared nothing (a file read as no lines) fails: it would pass anything.
local function sweep(name, fn)
  local bad, shown, seen = 0, 0, 0
  local function expect(got, want, what)
    seen = seen + 1
    if got ~= want then
      bad = bad + 1
      if shown < 5 then
        shown = shown + 1
        io.stderr:write(string.format("%s: %s: got %q, want %q\n", name, what, got, want))
      end
    end
  end
  fn(expect)
  check.ok(seen > 0, name .. ": nothing was compared")
  check.eq(bad, 0, name)
end

-- UnicodeData.txt: field 3 is the category, 12/13 the simple upper/lower case
-- mappings; SpecialCasing.txt's unconditional lines override them.
local function read_unicode_data()
  local rows, first = {}, nil
  for line in ucd_lines("UnicodeData.txt") do
    local f = {}
    for field in (line .. ";"):gmatch("([^;]*);") do f[#f + 1] = field end
    local cp = tonumber(f[1], 16)
    if f[2]:find(", First>$") then
      first = cp
    else
      rows[#rows + 1] = {first = first or cp, last = cp, cat = f[3], upper = f[13],
                         lower = f[14]}
      first = nil
    end
  end
  return rows
end

local function read_special_casing()
  local special = {}
  for line in ucd_lines("SpecialCasing.txt") do
    local code, lower, _, upper, rest = line:match("^(%x+); ([%x ]*); ([%x ]*); ([%x ]*); (.*)")
    if code and rest:match("^#") then   -- no condition field: unconditional
      special[tonumber(code, 16)] = {lower = chars(lower), upper = chars(upper)}
    end
  end
  return special
end

local function check_categories(rows)
  sweep("category of every code point (UnicodeData.txt)", function(expect)
    local next_cp = 0
    for _, row in ipairs(rows) do
      for cp = next_cp, row.first - 1 do expect(text.category(cp), "Cn", string.format("U+%04X", cp)) end
      for cp = row.first, row.last do
        expect(text.category(cp), row.cat, string.format("U+%04X", cp))
      end
      next_cp = row.last + 1
    end
    for cp = next_cp, 0x10FFFF do expect(text.category(cp), "Cn", string.format("U+%04X", cp)) end
    expect(text.category(U(0x10FFFD) .. "a"), "Co", "a string's first code point")
  end)
end

local function check_case_mappings(rows, special)
  local count = 0
  sweep("upper/lower of every code point (UnicodeData.txt + SpecialCasing.txt)", function(expect)
    for _, row in ipairs(rows) do
      if row.first == row.last and (row.cat ~= "Cs") then
        local cp = row.first
        local s = U(cp)
        local want = special[cp] or {
          upper = row.upper ~= "" and chars(row.upper) or s,
          lower = row.lower ~= "" and chars(row.lower) or s,
        }
        expect(text.upper(s), want.upper, string.format("upper U+%04X", cp))
        expect(text.lower(s), want.lower, string.format("lower U+%04X", cp))
        count = count + 1
      end
    end
  end)
  local n = 0
  for _ in pairs(special) do n = n + 1 end
  check.ok(n > 100 and count > 30000, "SpecialCasing and UnicodeData were read")
end

-- DerivedCoreProperties.txt: Case_Ignorable and Cased decide Final_Sigma.
local function check_final_sigma()
  local props = {Case_Ignorable = {}, Cased = {}}
  for line in ucd_lines("DerivedCoreProperties.txt") do
    local a, b, prop = parse_range(line)
    if a and props[prop] then
      for cp = a, b do props[prop][cp] = true end
    end
  end
  sweep("Final_Sigma over Case_Ignorable (DerivedCoreProperties.txt)", function(expect)
    for cp in pairs(props.Case_Ignorable) do
      -- A character that is also Cased is a letter to Final_Sigma; our Cased is
      -- approximate for those (see casefold.c), so they are left out.
      if not props.Cased[cp] then
        local x = U(cp)
        expect(text.lower("Α\u{3A3}" .. x), "α\u{3C2}" .. text.lower(x), string.format("U+%04X after", cp))
        expect(text.lower("Α" .. x .. "\u{3A3}"), "α" .. text.lower(x) .. "\u{3C2}",
               string.format("U+%04X between", cp))
        expect(text.lower("Α\u{3A3}" .. x .. "Α"), "α\u{3C3}" .. text.lower(x) .. "α",
               string.format("U+%04X inside", cp))
      end
    end
  end)
  sweep("Final_Sigma after cased letters", function(expect)
    for cp in pairs(props.Cased) do
      local cat = text.category(cp)
      if not props.Case_Ignorable[cp] and (cat == "Lu" or cat == "Ll" or cat == "Lt") then
        local x = U(cp)
        expect(text.lower(x .. "\u{3A3}"), text.lower(x) .. "\u{3C2}", string.format("U+%04X", cp))
      end
    end
  end)
end

-- auxiliary/GraphemeBreakTest.txt: "÷ 0020 × 0308 ÷ 0020 ÷" -> clusters.
local function check_grapheme_breaks()
  local lines = 0
  sweep("GraphemeBreakTest.txt", function(expect)
    for line in ucd_lines("auxiliary/GraphemeBreakTest.txt") do
      local body = line:match("^(÷[^#]*)")
      if body then
        lines = lines + 1
        local want, cluster = {}, {}
        -- ÷ and × are two bytes each: match them whole (a [÷×] class would match single bytes)
        for mark, h in body:gmatch("(\195[\151\183])%s*(%x*)") do
          if mark == "÷" and #cluster > 0 then
            want[#want + 1] = U(table.unpack(cluster))
            cluster = {}
          end
          if h ~= "" then cluster[#cluster + 1] = tonumber(h, 16) end
        end
        if #cluster > 0 then want[#want + 1] = U(table.unpack(cluster)) end
        assert(#want > 0, "GraphemeBreakTest line " .. lines .. " read as no clusters: " .. body)
        local s = table.concat(want)
        local got = text.grapheme_list(s)
        expect(table.concat(got, "|"), table.concat(want, "|"), "line " .. lines .. ": " .. body)
        expect(table.concat(collect(s), "|"), table.concat(want, "|"), "iterator, line " .. lines)
      end
    end
  end)
  check.ok(lines > 500, "GraphemeBreakTest.txt was read")
end

-- emoji/emoji-data.txt: Emoji_Presentation characters take two columns.
local function check_emoji_width()
  local count = 0
  sweep("width of Emoji_Presentation (emoji-data.txt)", function(expect)
    for line in ucd_lines("emoji/emoji-data.txt") do
      local a, b, prop = parse_range(line)
      if prop == "Emoji_Presentation" then
        for cp = a, b do
          expect(text.width(U(cp)), 2, string.format("U+%04X", cp))
          count = count + 1
        end
      end
    end
  end)
  check.ok(count > 1000, "emoji-data.txt was read")
end

-- The key is stable: folding a key again changes nothing, for every code point.
local function check_fold_idempotent()
  local fold = text.fold
  sweep("fold(fold(c)) == fold(c) for every code point", function(expect)
    for cp = 0, 0x10FFFF do
      if cp < 0xD800 or cp > 0xDFFF then
        local once = fold(U(cp))
        expect(fold(once), once, string.format("U+%04X", cp))
      end
    end
  end)
end

if check.ok(ucd and ucd ~= "", "PARLEY_UCD_DIR is set (ctest sets it; the UCD checks need it)") then
  local rows = read_unicode_data()
  check_categories(rows)
  check_case_mappings(rows, read_special_casing())
  check_final_sigma()
  check_grapheme_breaks()
  check_emoji_width()
  check_fold_idempotent()
end

check.done("text")
