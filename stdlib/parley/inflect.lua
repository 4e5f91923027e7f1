-- inflect.lua: the case forms of names in Russian, Armenian and Azerbaijani, so that a
-- gazetteer listing "Джейхун Байрамов", "Փաշինյան" or "Əliyev" also finds
-- "Джейхуна Байрамова", "Փաշինյանի" and "Əliyevin".
--
-- forms(alias, kind [, lang]) -> array of the other forms (the alias itself not included)
--   kind  "person" | "place" (a state, a capital, a region)
--   lang  "ru" | "hy" | "az"; by default from the script: Cyrillic is ru, Armenian
--         hy, Latin with an Azerbaijani letter (ə ı ğ ş ç ö ü) az, and a plain
--         Latin person's name (Bayramov) az too; anything else has no forms
--
-- These are rules for proper names in news, not a morphological analyser: a
-- name the rules get wrong is listed in the gazetteer by hand (its rows come
-- first), and the rules below are the place to teach a new ending.
local M = {}

local function ends(s, suffix)
  return #s >= #suffix and s:sub(-#suffix) == suffix
end

local function chars(s)
  local out = {}
  for _, c in utf8.codes(s) do out[#out + 1] = utf8.char(c) end
  return out
end

local function last_char(s)
  local cs = chars(s)
  return cs[#cs], cs[#cs - 1]
end

local function without(s, n_chars)
  local cs = chars(s)
  return table.concat(cs, "", 1, #cs - n_chars)
end

-- Letters all upper case ("США", "ԱՄՆ", "ATƏT"): abbreviations do not inflect.
local function is_abbreviation(w)
  return utf8.len(w) > 1 and parley.text.upper(w) == w
end

-- ---- Russian: genitive, dative, accusative, instrumental, prepositional ----

local RU_VOWEL_END = { ["о"] = true, ["е"] = true, ["ё"] = true, ["и"] = true, ["у"] = true, ["ю"] = true,
                       ["э"] = true, ["ы"] = true }
local RU_HUSHING = { ["г"] = true, ["к"] = true, ["х"] = true, ["ж"] = true, ["ч"] = true, ["ш"] = true, ["щ"] = true }

-- The five case forms of one word, or nil when it does not inflect ("Баку", "Шойгу").
-- role: "surname" (the last word of a person's name), "given" or "place".
local function ru_word(w, role)
  local last, before = last_char(w)
  if is_abbreviation(w) or RU_VOWEL_END[last] or ends(w, "ых") or ends(w, "их") then return nil end
  local animate = role ~= "place"
  if ends(w, "ия") then
    local s = without(w, 1)
    return { s .. "и", s .. "и", s .. "ю", s .. "ей", s .. "и" }
  end
  if last == "а" or last == "я" then
    local s = without(w, 1)
    if role == "surname" and (ends(w, "ова") or ends(w, "ева") or ends(w, "ёва") or ends(w, "ина") or ends(w, "ына")) then
      return { s .. "ой", s .. "ой", s .. "у", s .. "ой", s .. "ой" }   -- Захарова
    end
    if last == "я" then return { s .. "и", s .. "е", s .. "ю", s .. "ей", s .. "е" } end
    local gen = RU_HUSHING[before] and s .. "и" or s .. "ы"
    return { gen, s .. "е", s .. "у", s .. "ой", s .. "е" }
  end
  if ends(w, "ий") then
    local s = without(w, 1)
    return { s .. "я", s .. "ю", animate and s .. "я" or w, s .. "ем", s .. "и" }
  end
  if last == "й" or last == "ь" then
    local s = without(w, 1)
    return { s .. "я", s .. "ю", animate and s .. "я" or w, s .. "ем", s .. "е" }
  end
  local surname = role == "surname" and (ends(w, "ов") or ends(w, "ев") or ends(w, "ёв") or ends(w, "ин") or ends(w, "ын"))
  return { w .. "а", w .. "у", animate and w .. "а" or w, w .. (surname and "ым" or "ом"), w .. "е" }
end

-- Every word of a Russian name takes the same case: "Джейхуна Байрамова".
local function ru_forms(words, kind)
  local per_word = {}
  for i, w in ipairs(words) do
    local role = kind == "place" and "place" or (i == #words and "surname" or "given")
    per_word[i] = ru_word(w, role) or { w, w, w, w, w }
  end
  local out = {}
  for case = 1, 5 do
    local ws = {}
    for i = 1, #words do ws[i] = per_word[i][case] end
    out[#out + 1] = table.concat(ws, " ")
  end
  return out
end

-- ---- Armenian: the endings attach to the last word ----

local HY_VOWEL = { ["ա"] = true, ["ե"] = true, ["է"] = true, ["ը"] = true, ["ի"] = true, ["ո"] = true, ["օ"] = true }

-- genitive-dative -ի, definite -ը/-ն, dative -ին, ablative -ից, instrumental -ով, locative -ում
local function hy_word(w)
  if is_abbreviation(w) then return nil end
  local last = last_char(w)
  if ends(w, "ու") then   -- Բաքու: the ու becomes վ before a vowel
    local s = without(w, 2) .. "վ"
    return { s .. "ի", w .. "ն", s .. "ին", s .. "ից", s .. "ով", s .. "ում" }
  end
  if HY_VOWEL[last] then
    local s = last == "ի" and w or w .. "յ"   -- Թուրքիա -> Թուրքիայի; Շուշի -> Շուշիի
    return { s .. "ի", w .. "ն", s .. "ին", s .. "ից", s .. "ով", s .. "ում" }
  end
  return { w .. "ի", w .. "ը", w .. "ին", w .. "ից", w .. "ով", w .. "ում" }
end

-- ---- Azerbaijani: vowel harmony, buffer consonants after a vowel ----

local AZ_BACK = { a = "ı", ["ı"] = "ı", o = "u", u = "u", A = "ı", I = "ı", O = "u", U = "u" }
local AZ_FRONT = { e = "i", ["ə"] = "i", i = "i", ["ö"] = "ü", ["ü"] = "ü", E = "i", ["Ə"] = "i", ["İ"] = "i",
                   ["Ö"] = "ü", ["Ü"] = "ü" }

-- genitive, dative, accusative, locative, ablative, comitative (-la/-lə)
local function az_word(w)
  if is_abbreviation(w) then return nil end
  local cs, four, two = chars(w), nil, nil
  for i = #cs, 1, -1 do
    local c = cs[i]
    if AZ_BACK[c] then four, two = AZ_BACK[c], "a" break end
    if AZ_FRONT[c] then four, two = AZ_FRONT[c], "ə" break end
  end
  if not four then return nil end
  local c = cs[#cs]
  if AZ_BACK[c] or AZ_FRONT[c] then   -- Bakı -> Bakının, Bakıya, Bakını, Bakıda, Bakıdan, Bakıyla
    return { w .. "n" .. four .. "n", w .. "y" .. two, w .. "n" .. four, w .. "d" .. two, w .. "d" .. two .. "n",
             w .. "yl" .. two }
  end
  return { w .. four .. "n", w .. two, w .. four, w .. "d" .. two, w .. "d" .. two .. "n", w .. "l" .. two }
end

-- The suffix goes on the last word only: "İlham Əliyevin", "Նիկոլ Փաշինյանի".
local function last_word_forms(words, word_fn)
  local forms = word_fn(words[#words])
  if not forms then return {} end
  local head = #words > 1 and table.concat(words, " ", 1, #words - 1) .. " " or ""
  local out = {}
  for i, f in ipairs(forms) do out[i] = head .. f end
  return out
end

-- ---- which language ----

local function guess_lang(alias, kind)
  if alias:find("[\208\209][\128-\191]") then return "ru" end          -- U+0400..U+047F
  if alias:find("\213[\128-\191]") or alias:find("\214[\128-\143]") or alias:find("\212[\177-\191]") then
    return "hy"                                                        -- U+0531..U+058F
  end
  for _, letter in ipairs({ "ə", "Ə", "ı", "İ", "ğ", "ş", "Ş", "ç", "Ç", "ö", "Ö", "ü", "Ü" }) do
    if alias:find(letter, 1, true) then return "az" end
  end
  if kind == "person" and not alias:find("[\128-\255]") then return "az" end
  return nil
end

function M.forms(alias, kind, lang)
  kind = kind or "person"
  lang = lang or guess_lang(alias, kind)
  local words = {}
  for w in alias:gmatch("%S+") do words[#words + 1] = w end
  if #words == 0 or not lang then return {} end
  local all
  if lang == "ru" then all = ru_forms(words, kind)
  elseif lang == "hy" then all = last_word_forms(words, hy_word)
  elseif lang == "az" then all = last_word_forms(words, az_word)
  else error("inflect.forms: no rules for language '" .. tostring(lang) .. "' (ru, hy, az)", 2) end
  local seen, out = { [alias] = true }, {}
  for _, f in ipairs(all) do
    if not seen[f] then seen[f] = true out[#out + 1] = f end
  end
  return out
end

return M
