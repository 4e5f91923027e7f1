-- grapheme_break.lua: text.grapheme_list against every line of Unicode's GraphemeBreakTest.txt.
local text = require("parley.text")
local breaktest = require("lib.breaktest")

breaktest.run("grapheme_break", "GraphemeBreakTest.txt", text.grapheme_list)
