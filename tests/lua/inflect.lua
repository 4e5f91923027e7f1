-- inflect.lua: case forms of names (forms decided by the grammar of each language, not by running
-- parley), and what they let the extractors find in Russian, Armenian and Azerbaijani text.
local check = require("lib.check")
local inflect = require("parley.inflect")

local function has(list, want, what)
  for _, v in ipairs(list) do if v == want then check.ok(true, what) return end end
  check.ok(false, what .. ": " .. want .. " not in {" .. table.concat(list, ", ") .. "}")
end
local function same(list, want, what) check.eq(table.concat(list, "|"), table.concat(want, "|"), what) end

-- Russian: gen, dat, acc, instr, prep; every word of a name in the same case
same(inflect.forms("Джейхун Байрамов", "person"),
     { "Джейхуна Байрамова", "Джейхуну Байрамову", "Джейхуном Байрамовым", "Джейхуне Байрамове" },
     "a man's name: acc = gen, the -ов surname takes -ым")
same(inflect.forms("Мария Захарова", "person"), { "Марии Захаровой", "Марию Захарову", "Марией Захаровой" },
     "a woman's name: -ия and the -ова surname")
same(inflect.forms("Сергей Лавров", "person"),
     { "Сергея Лаврова", "Сергею Лаврову", "Сергеем Лавровым", "Сергее Лаврове" }, "a given name in -ей")
has(inflect.forms("Пашинян", "person"), "Пашиняном", "an Armenian surname in -ян takes -ом")
same(inflect.forms("Москва", "place"), { "Москвы", "Москве", "Москву", "Москвой" }, "a place in -а")
same(inflect.forms("Армения", "place"), { "Армении", "Армению", "Арменией" }, "a place in -ия")
same(inflect.forms("Азербайджан", "place"), { "Азербайджана", "Азербайджану", "Азербайджаном", "Азербайджане" },
     "a place keeps its accusative")
has(inflect.forms("Кремль", "place"), "Кремле", "-ь")
same(inflect.forms("Баку", "place"), {}, "Баку does not decline")
same(inflect.forms("США", "place"), {}, "nor do abbreviations")

-- Armenian: the ending on the last word
same(inflect.forms("Նիկոլ Փաշինյան", "person"),
     { "Նիկոլ Փաշինյանի", "Նիկոլ Փաշինյանը", "Նիկոլ Փաշինյանին", "Նիկոլ Փաշինյանից", "Նիկոլ Փաշինյանով",
       "Նիկոլ Փաշինյանում" }, "after a consonant")
has(inflect.forms("Թուրքիա", "place"), "Թուրքիայի", "after a vowel: յ")
has(inflect.forms("Թուրքիա", "place"), "Թուրքիայում", "the locative after a vowel")
has(inflect.forms("Թուրքիա", "place"), "Թուրքիան", "the article after a vowel is -ն")
same(inflect.forms("Բաքու", "place"), { "Բաքվի", "Բաքուն", "Բաքվին", "Բաքվից", "Բաքվով", "Բաքվում" },
     "ու becomes վ before a vowel")
same(inflect.forms("ԱՄՆ", "place"), {}, "an Armenian abbreviation")

-- Azerbaijani: vowel harmony and buffer consonants
same(inflect.forms("İlham Əliyev", "person"),
     { "İlham Əliyevin", "İlham Əliyevə", "İlham Əliyevi", "İlham Əliyevdə", "İlham Əliyevdən", "İlham Əliyevlə" },
     "front vowels")
same(inflect.forms("Bakı", "place"), { "Bakının", "Bakıya", "Bakını", "Bakıda", "Bakıdan", "Bakıyla" },
     "after a vowel: n and y")
has(inflect.forms("Paşinyan", "person"), "Paşinyanın", "back vowels")
has(inflect.forms("Bayramov", "person"), "Bayramovun", "a plain Latin person's name is taken as Azerbaijani; o -> u")
has(inflect.forms("Türkiyə", "place"), "Türkiyəyə", "a front vowel at the end")
same(inflect.forms("Kremlin", "place"), {}, "a plain Latin place has no forms")
check.raises(function() inflect.forms("Paris", "place", "fr") end, "no rules for language 'fr'", "unknown language")

-- ---- what the extractors find with them ----
local extract = require("parley.extract")
local doc = assert(parley.doc(table.concat({
  "По словам министра иностранных дел Азербайджана Джейхуна Байрамова, «текст мирного договора согласован».",
  "Переговоры с Никола Пашиняном прошли в Москве.",
  "Ըստ Փաշինյանի, պայմանագիրը պատրաստ է։",
  "Bayramovun sözlərinə görə, sülh sazişinin mətni razılaşdırılıb.",
  "The constitution must change first, according to Baku.",
  "According to Azerbaijani Foreign Minister Jeyhun Bayramov, the text of the treaty has been agreed.",
  "По словам дирижёра Петрова, Армения готова к гастролям.",
}, "\n\n")))

local found = {}
for _, m in ipairs(extract.mentions(doc)) do found[m.sentence] = (found[m.sentence] or "") .. m.id .. " " end
check.ok((found[1] or ""):find("bayramov"), "Джейхуна Байрамова (genitive) is Bayramov: " .. tostring(found[1]))
check.ok((found[2] or ""):find("pashinyan") and found[2]:find("moscow"), "Пашиняном, Москве: " .. tostring(found[2]))
check.ok((found[3] or ""):find("pashinyan"), "Փաշինյանի: " .. tostring(found[3]))
check.ok((found[4] or ""):find("bayramov"), "Bayramovun: " .. tostring(found[4]))

local by_sentence = {}
for _, q in ipairs(extract.quotes(doc)) do by_sentence[q.sentence] = q end
local function quote(i, speaker, kind, text, what)
  local q = by_sentence[i]
  check.eq(q and q.speaker, speaker, what .. ": the speaker")
  check.eq(q and q.kind, kind, what .. ": the kind")
  check.eq(q and q.text, text, what .. ": the words")
end
quote(1, "bayramov", "direct", "текст мирного договора согласован", "По словам X, «...»")
quote(3, "pashinyan", "reported", "պայմանագիրը պատրաստ է", "Ըստ X-ի, ...")
quote(4, "bayramov", "reported", "sülh sazişinin mətni razılaşdırılıb", "X-in sözlərinə görə, ...")
quote(5, "azerbaijan", "reported", "The constitution must change first", "..., according to X.")
quote(6, "bayramov", "reported", "the text of the treaty has been agreed", "According to X, ...")
check.eq(by_sentence[6] and by_sentence[6].speaker_mention, "Azerbaijani Foreign Minister Jeyhun Bayramov",
         "the mention keeps its title")
check.eq(by_sentence[3] and by_sentence[3].speaker_mention, "Փաշինյանի", "a sentence-initial Ըստ is not a title")

check.eq(by_sentence[7] and by_sentence[7].speaker, nil,
         "an unknown speaker is not replaced by an actor after the comma (Армения)")

check.done("inflect")
