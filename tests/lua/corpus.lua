-- corpus.lua: parley.open, Corpus methods, Doc and Span on a fresh corpus.
local check = require("lib.check")

local dir = os.tmpname()
os.remove(dir)
local db = dir .. ".db"
local function cleanup()
  for _, suffix in ipairs({ "", "-wal", "-shm" }) do os.remove(db .. suffix) end
end
cleanup()

local corpus = assert(parley.open(db))
check.eq(corpus:count(), 0, "a new corpus is empty")
check.eq(corpus.readonly, false, "a new corpus is writable")

-- add: metadata fields, a metadata prefix in the text, duplicates
local id, added = corpus:add("Baku and Yerevan agreed.\n", { title = "Talks", date = "2025-03-13", source = "wire" })
check.eq(id, 1, "first id")
check.eq(added, true, "added")
local again, added_again = corpus:add("Baku and Yerevan agreed.\n", { title = "Other title" })
check.eq(again, 1, "the same text is the same document")
check.eq(added_again, false, "and is not added twice")
local id2 = corpus:add(" date 2024-11-02 Pashinyan said Thursday that talks went well.")
local doc2 = corpus:get(id2)
check.eq(doc2.date, "2024-11-02", "date from the prefix")
check.eq(doc2.text, "Pashinyan said Thursday that talks went well.", "the prefix is cut from the text")
local first, last = doc2:span(1, 9):source_range()
check.eq(first, 18, "source_range start counts the cut prefix (17 bytes)")
check.eq(last, 26, "source_range stop")

-- add: invalid UTF-8 is refused (nil, message), repaired on request
local none, err = corpus:add("abc\xC3(")
check.eq(none, nil, "invalid UTF-8 is refused")
check.ok(err and err:find("invalid UTF%-8 %(byte 0xC3 at offset 3%)"), "with the byte and offset: " .. tostring(err))
local id3 = corpus:add("abc\xC3(", { repair = true })
check.eq(corpus:get(id3).text, "abc\u{FFFD}(", "repaired text")

-- NFC and newlines on add
local id4 = corpus:add("Cafe\u{301}\r\nline two\rline three")
local doc4 = corpus:get(id4)
check.eq(doc4.text, "Café\nline two\nline three", "NFC and LF")
local s = doc4:span(4, 5)         -- "é" is 2 bytes in the stored text
check.eq(s.text, "é", "span text")
local a, b = s:source_range()
check.eq(a, 4, "é came from byte 4 of the original")
check.eq(b, 6, "... through byte 6 (e + U+0301 is 3 bytes)")
local l2 = doc4:span(7, 14)
check.eq(l2.text, "line two", "second line")
check.eq(l2.line, 2, "line of a span")
check.eq(l2.col, 1, "column of a span")
local x, y = l2:source_range()
check.eq(x, 9, "after CRLF the original offset is one byte later")
check.eq(y, 16, "end of line two in the original")
check.raises(function() doc4:span(5, 5) end, "splits a UTF%-8 character", "spans never split characters")

-- Doc fields
check.eq(doc4.bytes, #doc4.text, "bytes")
check.eq(doc4.chars, utf8.len(doc4.text), "chars")
check.eq(doc4.lines, 3, "lines")
check.eq(#doc4, #doc4.text, "# is the byte length")
check.ok(tostring(doc4):match("^<Doc 4 "), "tostring: " .. tostring(doc4))

-- docs filters
local ids = {}
for d in corpus:docs() do ids[#ids + 1] = d.id end
check.eq(table.concat(ids, ","), "1,2,3,4", "docs in id order")
ids = {}
for d in corpus:docs{ since = "2025" } do ids[#ids + 1] = d.id end
check.eq(table.concat(ids, ","), "1", "since")
ids = {}
for d in corpus:docs{ ["until"] = "2024-11" } do ids[#ids + 1] = d.id end
check.eq(table.concat(ids, ","), "2", "until is an inclusive prefix")
ids = {}
for d in corpus:docs{ source = "wire" } do ids[#ids + 1] = d.id end
check.eq(table.concat(ids, ","), "1", "source")
ids = {}
for d in corpus:docs{ limit = 2 } do ids[#ids + 1] = d.id end
check.eq(#ids, 2, "limit")

-- ids: the same filters, without reading documents
check.eq(table.concat(corpus:ids(), ","), "1,2,3,4", "ids in id order")
check.eq(table.concat(corpus:ids{ since = "2025" }, ","), "1", "ids with since")
check.eq(table.concat(corpus:ids{ source = "wire" }, ","), "1", "ids with source")
check.eq(#corpus:ids{ limit = 2 }, 2, "ids with limit")
check.eq(#corpus:ids{ source = "nobody" }, 0, "no match: an empty array")
check.raises(function() corpus:ids("x") end, "table of filters", "ids wants a table")

-- sql with bound parameters
local rows = corpus:sql("SELECT id, title FROM documents WHERE date = ? ORDER BY id", "2025-03-13")
check.eq(#rows, 1, "one row")
check.eq(rows[1].title, "Talks", "column by name")
check.eq(rows.columns[2], "title", "column names in order")
local hostile = corpus:sql("SELECT count(*) AS n FROM documents WHERE title = ?", "x' OR '1'='1")
check.eq(hostile[1].n, 0, "parameters are bound, never spliced")
check.raises(function() corpus:sql("SELEC 1") end, "corpus.sql:", "SQL errors raise with the API name")
check.raises(function() corpus:sql("SELECT ?") end, "1 parameter", "parameter count is checked")
check.eq(corpus:sql("SELECT NULL AS x")[1].x, parley.null, "NULL is parley.null")

-- search
local hits = corpus:search("pashinyan")
check.eq(#hits, 1, "one hit")
check.eq(hits[1].id, id2, "the right document")
check.ok(hits[1].snippet:find("[Pashinyan]", 1, true), "highlighted snippet: " .. hits[1].snippet)
local bad_hits, search_err = corpus:search('"unbalanced')
check.eq(bad_hits, nil, "a bad FTS query is a data error")
check.ok(search_err and search_err:find("corpus.search"), "named: " .. tostring(search_err))

-- parley.doc and parley.read (not stored)
local d = parley.doc("Yerevan\r\nsaid", { title = "T", topic = "x" })
check.eq(d.text, "Yerevan\nsaid", "parley.doc normalises")
check.eq(d.id, nil, "not stored")
check.eq(d.title, "T", "fields")
local missing, read_err = parley.read("no/such/file.txt")
check.eq(missing, nil, "a missing file is nil")
check.ok(read_err:find("no/such/file.txt"), "the message names it")

-- close: idempotent, and a closed corpus raises
corpus:close()
corpus:close()
check.raises(function() corpus:count() end, "closed corpus", "use after close raises")
do
  local c <close> = assert(parley.open(db, { readonly = true }))
  check.eq(c:count(), 4, "reopened read-only")
  check.eq(c.readonly, true, "read-only flag")
  check.raises(function() c:sql("DELETE FROM documents") end, "readonly", "writes raise on a read-only corpus")
  local none_added, ro_err = c:add("new text")
  check.eq(none_added, nil, "add on read-only is refused")
  check.ok(ro_err ~= nil, "with a message: " .. tostring(ro_err))
end

-- bundled corpus in memory when nothing else is configured
local bundled = assert(parley.open())
check.ok(bundled:count() >= 1, "the bundled corpus has the seed article")

cleanup()
check.done("corpus")
