-- help/inflect.lua: help entries for parley.inflect (see parley/help.lua for the format).
return {
  order = 79,
  title = "parley.inflect",
  module = "parley.inflect",
  intro = [==[
Case forms of names in Russian, Armenian and Azerbaijani. The actor
extractor adds them to every person, state, capital and place of its
gazetteer, so a list of nominatives also finds "Джейхуна Байрамова",
"Փաշինյանի" and "Əliyevin". Rules for proper names in news, not a
morphological analyser: a form they get wrong is listed in the gazetteer
by hand (listed rows win).]==],
  entries = {
    {
      name = "parley.inflect.forms",
      signature = "inflect.forms(alias, kind [, lang]) -> array",
      summary = "the other case forms of a name; kind `\"person\"` or `\"place\"`; lang `\"ru\"`, `\"hy\"` or `\"az\"` " ..
        "(default: from the script; a plain Latin person's name is taken as Azerbaijani)",
      description = [==[
Russian: genitive, dative, accusative, instrumental and prepositional, every
word of the name in the same case (-ов/-ин surnames take -ым, -ова/-ина
surnames -ой, places keep their accusative). Armenian: -ի, -ը/-ն, -ին, -ից,
-ով, -ում on the last word (ու becomes վ: Բաքվի). Azerbaijani: genitive,
dative, accusative, locative, ablative and -la/-lə by vowel harmony, with the
buffer consonants after a vowel (Bakının, Bakıya). Abbreviations (США, ԱՄՆ,
ATƏT) and indeclinable words (Баку) have no forms.]==],
      example = [==[
parley.inflect.forms("Джейхун Байрамов", "person")[1]  --> "Джейхуна Байрамова"
parley.inflect.forms("Բաքու", "place")[1]  --> "Բաքվի"
parley.inflect.forms("Bakı", "place")[4]  --> "Bakıda"]==],
    },
  },
}
