-- numbers.lua: quantities with what they count, on the seed article and on made-up sentences.
local check = require("lib.check")
local numbers = require("parley.extract.numbers")

local function found(text)
  local out = {}
  for _, q in ipairs(numbers.numbers(assert(parley.doc(text)))) do
    out[#out + 1] = string.format("%s|%s|%s|%s", q.text, tostring(q.value), q.modifier or "-", q.counted)
  end
  return table.concat(out, "; ")
end

-- Read from the seed article by hand.
local seed = assert(parley.open()):get(1)
local got = {}
for _, q in ipairs(numbers.numbers(seed)) do got[q.text] = q end
check.eq(got["more than 100,000 people"] and got["more than 100,000 people"].value, 100000, "more than 100,000 people")
check.eq(got["four border villages"] and got["four border villages"].counted, "border villages", "four border villages")
check.eq(got["two wars"] and got["two wars"].value, 2, "two wars")
check.eq(got["15 former officials"] and got["15 former officials"].counted, "former officials", "15 former officials")
check.eq(got["two previously unresolved articles"] and got["two previously unresolved articles"].value, 2,
         "two previously unresolved articles")
check.eq(got["three decades"] and got["three decades"].value, 3, "three decades")
for text in pairs(got) do
  check.ok(not text:find("2020") and not text:find("24%-hour"), "no years or hyphenated words: " .. text)
end

check.eq(found("Nearly 1.5 million people voted in 2024."), "Nearly 1.5 million people|1500000.0|nearly|people",
         "scale words and a modifier; the year is not a quantity")
check.eq(found("Azerbaijan freed 32 prisoners and dozens of detainees."),
         "32 prisoners|32|-|prisoners", "vague amounts need a counted noun right after them")
check.eq(found("The offensive lasted 24 hours."), "24 hours|24|-|hours", "hours")
check.eq(found("Turnout was 45.6% on Sunday."), "", "a percentage counts nothing")
check.eq(found("They spent 5bn dollars."), "5bn dollars|5000000000.0|-|dollars", "a scale glued to the digits")
check.eq(found("Правительство выделило 5млн рублей."), "5млн рублей|5000000.0|-|рублей",
         "a Cyrillic scale glued to the digits (not an ASCII letter: %a does not match it)")
check.eq(found("Выделено 5МЛН рублей."), "5МЛН рублей|5000000.0|-|рублей", "in capitals too")

check.done("numbers")
