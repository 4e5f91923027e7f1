-- help/runs.lua: help entries for parley.runs (see parley/help.lua for the format).
return {
  order = 74,
  title = "parley.runs",
  module = "parley.runs",
  intro = [==[
The runs that saved annotations (as `parley diff`).]==],
  entries = {
    {
      name = "parley.runs.get",
      signature = "runs.get(corpus, id) -> row",
      summary = "a `runs` row",
    },
    {
      name = "parley.runs.diff",
      signature = "runs.diff(corpus, a, b) -> diff",
      summary = "`{added, removed, changed = {{before, after, what}}, unchanged, documents}` between two runs (as `parley diff`)",
    },
  },
}
