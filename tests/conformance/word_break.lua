-- word_break.lua: text.words(s, {uax29 = true}) against every line of WordBreakTest.txt.
local text = require("parley.text")
local breaktest = require("lib.breaktest")

local opts = { uax29 = true }
breaktest.run("word_break", "WordBreakTest.txt", function(s) return text.words(s, opts) end)
