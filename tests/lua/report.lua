-- report.lua: one report in five formats; HTML escapes everything; CSV is RFC 4180.
local check = require("lib.check")
local report = require("parley.report")

local function build(format)
  local r = report.new{ title = "Actors <& friends>", format = format }
  r:heading("Mentions")
  r:paragraph("Text with <script>alert(1)</script> & \"quotes\".")
  r:table{ columns = { "actor", "mentions", "note" }, primary = true,
           rows = { { "Armenia", 12, "a, b" }, { "Հայաստան", 3, 'say "hi"\nthen go' } } }
  r:chart{ kind = "bar", title = "Mentions", data = { { "Armenia", 12 }, { "<b>x</b>", 3 } } }
  r:chart{ kind = "timeline", title = "Timeline", data = { { date = "2024-05-05", label = "talks" }, { date = "2025", label = "<i>" } } }
  r:chart{ kind = "network", title = "Network", nodes = { { "a", "Armenia" }, { "z", "Azerbaijan" } },
           edges = { { "a", "z", 2, "criticised" } } }
  r:list({ "one", "<two>" })
  return r:render()
end

-- text: aligned by display width (Հայաստան is 8 columns like "Armenia " + 1)
local text = build("text")
check.ok(text:find("Armenia   12", 1, true), "text table aligned: " .. text)
check.ok(text:find("Հայաստան  3", 1, true), "Armenian cell aligned by width")
check.ok(not text:find("\27"), "no colour when not a terminal")

-- markdown
local md = build("md")
check.ok(md:find("| actor | mentions | note |", 1, true), "markdown table header")
check.ok(md:find("\\<script\\>", 1, true) and not md:find("<script>", 1, true), "markdown escapes HTML in article text")

-- json: tables as objects
local doc = parley.json.decode(build("json"))
check.eq(doc.title, "Actors <& friends>", "json title")
local tbl
for _, s in ipairs(doc.sections) do if s.type == "table" then tbl = s end end
check.eq(tbl.rows[2].actor, "Հայաստան", "rows keyed by column")
check.eq(tbl.rows[1].mentions, 12, "numbers stay numbers")

-- csv: RFC 4180
check.eq(build("csv"), 'actor,mentions,note\r\nArmenia,12,"a, b"\r\nՀայաստան,3,"say ""hi""\nthen go"\r\n',
         "CSV quoting of commas, quotes and newlines")

-- html: escaped, self-contained
local html = build("html")
check.ok(html:find("^<!DOCTYPE html>"), "a full document")
check.ok(not html:find("<script>", 1, true), "no raw <script> from the text")
check.ok(html:find("&lt;script&gt;alert(1)&lt;/script&gt;", 1, true), "article text rendered as text")
check.ok(not html:find("<b>x</b>", 1, true) and html:find("&lt;b&gt;x&lt;/b&gt;", 1, true), "chart labels escaped")
check.ok(select(2, html:gsub("<svg ", "")) == 3, "three inline SVG charts")
check.ok(not html:find("https?://[^\"]*%.js") and not html:find("<link "), "no external resources")

-- options
local opts, rest = report.options({ "--format", "json", "-o", "x.json", "extra" })
check.eq(opts.format .. " " .. opts.out .. " " .. rest[1], "json x.json extra", "options")
check.raises(function() report.options({ "--format", "pdf" }) end, "unknown format", "bad format")

-- -o writes the file
local path = os.tmpname()
local r = report.new{ title = "T", format = "md", out = path }
r:paragraph("hello")
r:finish()
local f = assert(io.open(path))
check.eq(f:read("a"), "# T\n\nhello\n", "written to -o")
f:close()
os.remove(path)

check.done("report")
