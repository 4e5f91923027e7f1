-- pretty.lua: the value printer of the REPL and `parley eval` (parley.pretty), and Doc summaries.
local check = require("lib.check")
local pretty = require("parley.pretty")
local f = pretty.format

-- Scalars
check.eq(f(42), "42", "integer")
check.eq(f(1.5), "1.5", "float")
check.eq(f(2^53), "9.007199254741e+15", "large float as Lua writes it")
check.eq(f(nil), "nil", "nil")
check.eq(f(true), "true", "boolean")
check.eq(f(parley.null), "null", "parley.null")

-- Strings: quoted, control characters escaped, invalid bytes as \xHH
check.eq(f("hi"), '"hi"', "string")
check.eq(f('say "x"\n\tback\\slash'), '"say \\"x\\"\\n\\tback\\\\slash"', "escapes")
check.eq(f("a\0b"), '"a\\000b"', "NUL as a three-digit escape (never ambiguous)")
check.eq(f("ok\xC3(\xFF"), '"ok\\xC3(\\xFF"', "invalid UTF-8 bytes escaped")
check.eq(f("Ереван"), '"Ереван"', "valid UTF-8 as is")

-- Long strings are cut by display width, whole clusters, with the length in characters
local long = string.rep("é", 500)
local shown = f(long)
check.eq(shown, '"' .. string.rep("é", pretty.max_string - 1) .. '…" (500 chars)', "cut by columns, not bytes")
local cjk = string.rep("語", 300)
check.eq(f(cjk), '"' .. string.rep("語", (pretty.max_string - 1) // 2) .. '…" (300 chars)', "wide characters count 2")
local flags = string.rep("🇦🇲", 300)
check.ok(f(flags):find('^"🇦🇲') and f(flags):find("🇦🇲…", 1, true), "never splits a flag (a two-code-point cluster)")
local nested = f({ long })
check.eq(pretty.columns(nested:match('"(.-)"')), pretty.max_nested, "strings inside tables are cut shorter")

-- Tables: arrays first, then keys sorted; identifiers bare, other keys bracketed
check.eq(f({}), "{}", "empty table")
check.eq(f({ 1, 2, 3 }), "{ 1, 2, 3 }", "array")
check.eq(f({ b = 2, a = 1, 3 }), "{ 3, a = 1, b = 2 }", "array part then sorted keys")
check.eq(f({ ["two words"] = 1, ["end"] = 2, [10] = 3, [true] = 4 }),
         '{ [10] = 3, ["end"] = 2, ["two words"] = 1, [true] = 4 }', "keys that are not identifiers")
check.eq(f({ a = { b = { c = { d = { e = 1 } } } } }), "{ a = { b = { c = { d = {...} } } } }", "depth limit")

-- Cycles are marked, shared (non-cyclic) references are shown in full
local t = { name = "loop" }
t.self = t
check.eq(f(t), '{ name = "loop", self = <cycle> }', "cycle")
local shared = { 1 }
check.eq(f({ shared, shared }), "{ { 1 }, { 1 } }", "a table seen twice is not a cycle")

-- Wide tables go one entry per line, indented; short array items share lines
local wide = { title = string.rep("x", 40), source = string.rep("y", 40) }
check.eq(f(wide), '{\n  source = "' .. string.rep("y", 40) .. '",\n  title = "' .. string.rep("x", 40) .. '"\n}',
         "one key per line when the table does not fit")
local squares = {}
for i = 1, 30 do squares[i] = i * i end
local lines = {}
for line in f(squares):gmatch("[^\n]+") do lines[#lines + 1] = line end
check.eq(lines[1], "{", "packed list opens alone")
check.ok(#lines <= 5, "30 numbers take a few lines, not 30: " .. #lines)
check.eq(lines[2]:sub(1, 12), "  1, 4, 9, 1", "packed and indented")
for _, line in ipairs(lines) do check.ok(#line <= pretty.width, "fits the width: " .. line) end

-- Length limit
local many = {}
for i = 1, 120 do many[i] = i end
check.ok(f(many):find("... 70 more", 1, true), "items past max_items are counted")
local keyed = {}
for i = 1, 60 do keyed["k" .. i] = i end
check.ok(f(keyed):find("... 10 more", 1, true), "keys past max_items are counted")

-- Functions by name when they are library or API functions, else by where they were defined
check.eq(f(print), "<function print>", "global function")
check.eq(f(string.format), "<function string.format>", "library function")
check.eq(f(parley.text.fold), "<function parley.text.fold>", "parley function")
local function local_fn() end
check.ok(f(local_fn):match("^<function .*pretty%.lua:%d+>$"), "Lua function: " .. f(local_fn))

-- Doc summary: first words of the text when the title is only the file name; chars with separators
local corpus = assert(parley.open())
local doc = corpus:get(1)
check.eq(tostring(doc), '<Doc 1 2025-03-13 "Azerbaijan and Armenia said Thursday..." ' ..
         pretty.thousands(doc.chars) .. ' chars>', "Doc summary")
check.eq(f(doc), tostring(doc), "pretty shows a Doc as its summary")
check.eq(tostring(parley.doc("One.", { title = "Talks in Baku", date = "2025-01-02" })),
         '<Doc - 2025-01-02 "Talks in Baku" 4 chars>', "a real title, an unstored Doc")
check.eq(tostring(parley.doc("x")), '<Doc - - "x" 1 char>', "one char")

-- Span and Corpus summaries
check.eq(f(doc:span(1, 10)), '<Span doc 1 bytes 1..10 line 1> "Azerbaijan"', "Span summary")
check.eq(f(corpus), "<Corpus (in memory) 1 document>", "Corpus summary")

-- Lists of Spans, Docs and SQL rows are aligned tables
local spans = f({ doc:span(1, 10), doc:span(16, 22) })
check.eq(spans, table.concat({
  "#  doc  line:col  bytes   text",
  "-  ---  --------  ------  ----------",
  "1  1    1:1       1..10   Azerbaijan",
  "2  1    1:16      16..22  Armenia",
}, "\n"), "spans as a table")
local docs = f({ doc })
check.ok(docs:find("^id  date        source  chars  title\n"), "docs as a table:\n" .. docs)
local rows = f(corpus:sql("SELECT id, date FROM documents"))
check.eq(rows, "id  date\n--  ----------\n1   2025-03-13", "SQL rows as a table, columns in query order")
local hits = f(corpus:search("treaty"))
check.ok(hits:find("^#  id  date        score  snippet\n"), "search hits as a table:\n" .. hits)
check.ok(hits:find("%[treaty%]"), "with the snippet")
local sixty = {}
for i = 1, 60 do sixty[i] = doc:span(i, i) end
local view = f(sixty)
check.ok(view:find("\n... 10 more rows$"), "a long list shows max_items rows and counts the rest")
check.eq(select(2, view:gsub("\n", "")), 2 + pretty.max_items, "header, rule, max_items rows, the count")
check.eq(f({ { doc:span(1, 3) } }), '{ { <Span doc 1 bytes 1..3 line 1> "Aze" } }', "nested lists stay literals")

-- Colour only on request
local colored = f({ 1, "a" }, { color = true })
check.eq(colored, '{ \27[36m1\27[0m, \27[32m"a"\27[0m }', "numbers and strings coloured")
check.ok(not f({ 1, "a" }):find("\27", 1, true), "no colour by default")

-- Several values: tab-separated on one line, else one per line
check.eq(pretty.render(nil, 1, "a", nil), '1\t"a"\tnil', "values on one line")
check.eq(pretty.render(nil, 1, wide), "1\n" .. f(wide), "a multi-line value puts each on its own line")

-- Formatters for new userdata types (match results, tokens) register by metatable name
local saved = pretty.formatters["parley.Span"]
pretty.formatters["parley.Span"] = function(span) return "<my span " .. span.start .. ">" end
check.eq(f(doc:span(5, 6)), "<my span 5>", "a registered formatter is used")
pretty.formatters["parley.Span"] = saved
check.ok(f(io.stdout):match("^file %("), "other userdata by tostring: " .. f(io.stdout))

check.done("pretty")
