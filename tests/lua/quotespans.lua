-- quotespans.lua: quotation marks of every style, unbalanced and multi-paragraph quotes.
local check = require("lib.check")
local quotespans = require("parley.extract.quotespans")

local function quotes(text)
  local doc = assert(parley.doc(text))
  local out = {}
  for _, q in ipairs(quotespans.find(doc)) do
    local flags = {}
    for k in pairs(q.flags) do flags[#flags + 1] = k end
    table.sort(flags)
    out[#out + 1] = doc.text:sub(q.start, q.stop) .. (#flags > 0 and " [" .. table.concat(flags, ",") .. "]" or "")
  end
  return table.concat(out, " | ")
end

-- The seed: nine quotations, read by hand.
local seed = assert(parley.open()):get(1)
local all = quotespans.find(seed)
check.eq(#all, 9, "nine quotations in the seed")
check.eq(seed.text:sub(all[1].start, all[1].stop),
         "The negotiation process on the text of the peace agreement with Armenia has been concluded",
         "the comma before the closing mark is not part of the quote")
check.eq(seed.text:sub(all[8].start, all[8].stop), "non-deployment of third-party forces", "a quoted phrase")

check.eq(quotes("«Мы готовы», — сказал Пашинян."), "Мы готовы", "guillemets")
check.eq(quotes("„Wir sind bereit“, sagte er."), "Wir sind bereit", "low-high quotes")
check.eq(quotes('He said "we agree" and "we sign".'), "we agree | we sign", "straight quotes pair in order")
check.eq(quotes("“It is over,” he said, “and we are glad.”"), "It is over | and we are glad.", "split quote")
check.eq(quotes("“This quote never ends.\n\nNext paragraph."), "This quote never ends. [unbalanced]",
         "closed at the paragraph end and flagged")
check.eq(quotes("“The first part of a long statement.\n\n“The second part, reopened.”"),
         "The first part of a long statement. [runs_on] | The second part, reopened. [continued]",
         "a quote over two paragraphs")
check.eq(quotes("Armenia’s and Azerbaijan’s ministers met."), "", "apostrophes are not quotes")

check.done("quotespans")
