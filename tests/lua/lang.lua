-- lang.lua: language identification by script and function words, stored on ingest.
local check = require("lib.check")
local lang = require("parley.lang")

check.eq((lang.detect("Azerbaijan and Armenia said Thursday that they had wrapped up talks.")), "en", "English")
check.eq((lang.detect("Азербайджан и Армения завершили переговоры по тексту мирного договора.")), "ru", "Russian")
check.eq((lang.detect("Հայաստանը և Ադրբեջանը ավարտել են խաղաղության պայմանագրի տեքստի շուրջ բանակցությունները։")),
         "hy", "Armenian")
check.eq((lang.detect("Azərbaycan və Ermənistan sülh sazişinin mətni üzrə danışıqları başa çatdırıb.")), "az",
         "Azerbaijani by its letters")
check.eq((lang.detect("Bu gün Bakı və Yerevan arasında danışıqlar davam edib.")), "az",
         "Azerbaijani by function words (ı is also there)")
check.eq((lang.detect("12345 -- !!")), nil, "no letters, no language")
check.eq((lang.detect("“Bu” “ki” «sonra» — the end.")), "az",
         "function words in quotation marks still count (three Azerbaijani, one English)")
local code, confidence = lang.detect("The talks in Baku ended.")
check.ok(confidence > 0.5 and confidence <= 1, "confidence in (0.5, 1]: " .. tostring(confidence))
check.eq(code, "en", "English with a place name")

-- per paragraph
local doc = assert(parley.doc("Talks ended in Abu Dhabi.\n\nПереговоры завершились.\n\nԲանակցություններն ավարտվեցին։"))
local per = lang.paragraphs(doc)
check.eq(per[1].lang .. per[2].lang .. per[3].lang, "enruhy", "each paragraph its own language")

-- ingest stores it
local c = assert(parley.open(":memory:"))
local id = c:add("Переговоры между Баку и Ереваном продолжатся.")
check.eq(c:get(id).lang, "ru", "lang is stored when ingesting")
local id2 = c:add("Some English text here.", { lang = "xx" })
check.eq(c:get(id2).lang, "xx", "a given lang wins over detection")
check.eq(assert(parley.open()):get(1).lang, "en", "the seed article is English")

check.done("lang")
