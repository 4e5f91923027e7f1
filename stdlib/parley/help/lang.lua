-- help/lang.lua: help entries for parley.lang (see parley/help.lua for the format).
return {
  order = 78,
  title = "parley.lang",
  module = "parley.lang",
  intro = [==[
Language identification.]==],
  entries = {
    {
      name = "parley.lang.detect",
      signature = "lang.detect(text) -> code, confidence",
      summary = "the language of a text and how sure",
      example = [==[
parley.lang.detect("Переговоры в Баку продолжатся завтра.")  --> "ru", 1.0]==],
    },
    {
      name = "parley.lang.paragraphs",
      signature = "lang.paragraphs(doc) -> array",
      summary = "the language of each paragraph",
    },
  },
}
