-- kwic: keyword in context: every occurrence of a term (or a regex with --regex) with its left and right context
--
-- Usage: parley run kwic TERM [--left N] [--right N] [--sort left1|right1|...] [--regex]
--                             [--format text|md|json|csv|html] [-o FILE] [--since DATE] [--until DATE] [--source S]
-- TERM is matched on folded tokens ("peace agreement", "negotiat*"); text
-- output aligns the keyword column by display width.
local analysis = require("parley.analysis")
local report = require("parley.report")
local stats = require("parley.stats")

local usage = "kwic TERM [--left N] [--right N] [--sort KEY] [--regex]"
local raw, kw = {}, { left = 5, right = 5 }
local i = 1
while i <= #arg do
  local a = arg[i]
  if a == "--left" or a == "--right" then
    kw[a:sub(3)] = math.tointeger(tonumber(arg[i + 1])) or parley.usage_error("kwic: " .. a .. " needs a number")
    i = i + 1
  elseif a == "--sort" then
    kw.sort = arg[i + 1] or parley.usage_error("kwic: --sort needs a key such as left1 or right1")
    i = i + 1
  elseif a == "--regex" then
    kw.regex = true
  else
    raw[#raw + 1] = a
  end
  i = i + 1
end
local opts = analysis.parse(raw, "kwic")
local term = opts.args[1] or parley.usage_error("kwic: no TERM (usage: parley run " .. usage .. ")")

local rows = stats.kwic((analysis.docs(opts)), term, kw)
if opts.format == "text" and not opts.out then
  io.write(stats.kwic_text(rows, { ref = true }))
  if #rows == 0 then io.stderr:write("kwic: no occurrence of ", term, "\n") end
  return
end
local r = report.new{ title = "KWIC: " .. term, format = opts.format, out = opts.out }
local out = {}
for _, row in ipairs(rows) do
  out[#out + 1] = { row.doc.id, row.span.sentence, row.left, row.match, row.right }
end
r:table{ name = "kwic", primary = true, columns = { "doc", "sentence", "left", "match", "right" }, rows = out }
r:finish()
