-- help/report.lua: help entries for parley.report (see parley/help.lua for the format).
return {
  order = 82,
  title = "parley.report",
  module = "parley.report",
  intro = [==[
Reports in text, md, json, csv and html.]==],
  entries = {
    {
      name = "parley.report.options",
      signature = "report.options(arg [, defaults]) -> opts",
      summary = "the report options from a script's arguments",
    },
    {
      name = "parley.report.new",
      signature = "report.new{title, format, out} -> report",
      summary = "a report with `heading`, `paragraph`, `list`, `table`, `chart`, `data`, `finish`: text, md, json, csv, html",
    },
    {
      name = "parley.report.escape_html",
      signature = "report.escape_html(s) -> string",
      summary = "s with HTML special characters escaped",
      example = [==[
parley.report.escape_html("<a & b>")  --> "&lt;a &amp; b&gt;"]==],
    },
    {
      name = "parley.report.FORMATS", kind = "value",
      signature = "report.FORMATS",
      summary = "the formats, as a set",
    },
  },
}
