-- complete.lua: what Tab offers in the REPL (parley.complete).
local check = require("lib.check")
local complete = require("parley.complete").complete

local corpus = assert(parley.open())
local env = setmetatable({ corpus = corpus, doc = corpus:get(1), s = "text", t = { alpha = 1, beta = {} } },
                         { __index = _G })

local function offers(line, want_word, want, message)
  local word, candidates = complete(line, env, { "load", "save", "help", "quit", "time", "where" })
  check.eq(word, want_word, message .. ": the word completed")
  check.eq(table.concat(candidates, " "), want, message)
end
local function includes(line, name, message)
  local _, candidates = complete(line, env)
  local found = false
  for _, c in ipairs(candidates) do found = found or c == name end
  check.ok(found, message .. ": " .. name .. " in " .. table.concat(candidates, " "))
end

-- Globals and keywords
offers("prin", "prin", "print", "a global")
offers("x = tab", "tab", "table", "after an operator")
offers("whi", "whi", "while", "a keyword")
includes("co", "corpus", "the session's globals")
offers("_VER", "_VER", "_VERSION", "names starting with _ once asked for")

-- Table fields and modules
offers("parley.te", "te", "text", "parley.te<TAB>")
offers("print(parley.text.fo", "fo", "fold", "inside a call")
offers("t.", "", "alpha beta", "a table's keys")
offers("t:", "", "", "only functions after ':'")
includes("parley.", "pretty", "stdlib modules not loaded yet")
includes("parley.", "tabulate", "stdlib modules not loaded yet")
includes("string.", "format", "library tables")

-- Userdata methods and fields through their metatables
offers("corpus:s", "s", "save search sql", "Corpus methods")
includes("corpus.", "path", "Corpus fields from the help")
offers("doc:s", "s", "sentences span", "Doc methods")
includes("doc.", "title", "Doc fields")
offers("doc:span(1, 2)", "", "", "nothing after a call (calls are never made)")
offers("s:up", "up", "upper", "string methods")

-- Nothing where nothing makes sense
offers("nosuch.x", "x", "", "an unknown base")
offers("x = 3.1", "", "", "a number")
offers("t.alpha.", "", "", "a number has no fields")

-- Meta-commands and file paths
offers(":lo", "lo", "load", "commands")
offers(":", "", "help load quit save time where", "all commands")
local dir = os.tmpname()
os.remove(dir)
assert(os.execute("mkdir " .. dir .. " && mkdir " .. dir .. "/sub && touch " .. dir .. "/script.lua " .. dir .. "/sample.txt"))
offers(":load " .. dir .. "/s", "s", "sample.txt script.lua sub/", "file names after :load")
offers('dofile("' .. dir .. '/sc', "sc", "script.lua", "file names inside a string")
offers("x = '" .. dir .. "/su", "su", "sub/", "single quotes, directories end with /")
offers('print("a") -- "' .. dir .. '/s', "", "", "not inside a comment")
os.execute("rm -r " .. dir)

-- ?name completes like an expression
offers("?parley.te", "te", "text", "after ?")

check.done("complete")
