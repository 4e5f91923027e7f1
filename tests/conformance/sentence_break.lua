-- sentence_break.lua: text.sentences(s, {uax29 = true}) against every line of SentenceBreakTest.txt.
local text = require("parley.text")
local breaktest = require("lib.breaktest")

local opts = { uax29 = true }
breaktest.run("sentence_break", "SentenceBreakTest.txt",
              function(s) return text.sentences(s, opts) end)
