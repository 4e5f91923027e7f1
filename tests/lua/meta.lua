-- meta.lua: the metadata rules every ingested document and parley.doc go through.
local check = require("lib.check")
local meta = require("parley.meta")

local function resolve(head, origin, options, fields)
  return meta.resolve(head, { origin = origin, options = options or {}, fields = fields })
end

-- A headline line beats the file name for the title; the date comes from the file name.
local r = resolve("BAHIA COCOA REVIEW\n\nSALVADOR, Feb 26 - Showers continued in the week.",
                  "corpus/wire/2024-05-06_talks.txt")
check.eq(r.date, "2024-05-06", "date from the file name")
check.eq(r.title, "BAHIA COCOA REVIEW", "a short first line before a blank line is the headline")
check.eq(r.lang, "en", "language detected")
check.eq(r.skip, 0, "nothing to cut")

-- Only the file name counts: a date in a directory name is not the document's.
r = resolve("The talks went on.", "archive/2024-05-06/talks.txt")
check.eq(r.date, nil, "a date in a directory is not taken")
check.eq(r.title, "talks", "the title of last resort: the file name without extension")
r = resolve("The talks went on.", "a/b.c/20250313.txt")
check.eq(r.date, "2025-03-13", "a compact date in the file name")
check.eq(r.title, "20250313", "the stem, the dot in a directory name left alone")
check.eq(resolve("The talks went on.", "talks").title, "talks", "a bare file name")
check.eq(resolve("The talks went on.", "notes/2024-13-40.txt").date, nil, "no month 13")

-- stdin and JSON Lines lines have no file name to fall back on.
check.eq(resolve("The talks went on.", "-").title, nil, "stdin: no title")
check.eq(resolve("The talks went on.", "wire.jsonl:12").title, nil, "a JSONL line: no title")

-- Headlines: trailing spaces trimmed; a line ending in punctuation is no headline.
check.eq(resolve("Talks resume   \n\nBody.", "-").title, "Talks resume", "trailing spaces trimmed")
check.eq(resolve("He said:\n\nBody.", "-").title, nil, "a line ending in a colon is text")
check.eq(resolve("Ի՞նչ է սպասվում։\n\nԲանակցությունները շարունակվում են։", "-").title, nil,
         "nor one ending in the Armenian full stop")

-- The edges of the headline rule: blank lines before it, spaces on the blank
-- line after it, a line of 200 bytes and one of 201, punctuation before spaces.
check.eq(resolve("\n \n  Talks resume\n  \t \nBody.", "-").title, "Talks resume", "leading blank lines skipped")
check.eq(resolve("Talks resume\nBody.\n\nMore.", "-").title, nil, "no blank line after the first line")
check.eq(resolve(("x"):rep(200) .. "\n\nBody.", "-").title, ("x"):rep(200), "200 bytes: a headline")
check.eq(resolve(("x"):rep(201) .. "\n\nBody.", "-").title, nil, "201 bytes: too long")
check.eq(resolve("Talks resume ,  \n\nBody.", "-").title, nil, "a comma before trailing spaces")
check.eq(resolve("Talks resume", "-").title, nil, "a text of one line has no headline")

-- The edges of the file-name rules: several dots, no dot, a hidden file, a
-- colon that is not a JSONL line, "20" that starts no date.
check.eq(resolve("The talks went on.", "a/talks.v2.txt").title, "talks.v2", "only the last extension goes")
check.eq(resolve("The talks went on.", "a/.hidden").title, nil, "nothing left of a hidden file's name")
check.eq(resolve("The talks went on.", "a:b/talks.txt").title, "talks", "a colon in a directory")
check.eq(resolve("The talks went on.", "x/report-2024-05-06-v2.txt").date, "2024-05-06", "a date inside the name")
check.eq(resolve("The talks went on.", "x/item-20.txt").date, nil, "\"20\" alone is no date")
check.eq(resolve("The talks went on.", "x/2024-13-01_20250313.txt").date, nil,
         "an impossible dashed date is not passed over for a compact one")

-- A header block: known keys, values trimmed, cut from the text.
local head = "Title:  Peace talks   \nDate: 2025-01-02\nLanguage: ru\n\nText of the story."
r = resolve(head, "x/2019-09-09.txt")
check.eq(r.title, "Peace talks", "header title, trimmed")
check.eq(r.date, "2025-01-02", "the header beats the file name")
check.eq(r.lang, "ru", "a given language is not detected again")
check.eq(head:sub(r.skip + 1), "Text of the story.", "the header and its blank line are cut")

-- An inline date prefix: the rules after it read the text without it.
head = "date 2025-03-13   Bakı və Yerevan arasında danışıqlar davam edib."
r = resolve(head, "-")
check.eq(r.date, "2025-03-13", "inline date")
check.eq(head:sub(r.skip + 1, r.skip + #"Bakı"), "Bakı", "the prefix and the spaces after it are cut")
check.eq(r.lang, "az", "the language of the text after the prefix")

-- Options first, JSONL fields after the text, the rest as meta.
r = resolve("date 2025-03-13 Text.", "f.jsonl:3", { date = "2020-01-01" },
            { text = "…", source = "Reuters", date = "2021-01-01", url = "https://example.org/a" })
check.eq(r.date, "2020-01-01", "the option beats the prefix and the field")
check.eq(r.source, "Reuters", "a JSONL field")
check.eq(r.meta.url, "https://example.org/a", "other fields kept as meta")
check.eq(r.meta.text, nil, "but not the text")

check.done("meta")
