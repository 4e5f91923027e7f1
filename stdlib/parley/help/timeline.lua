-- help/timeline.lua: help entries for parley.timeline (see parley/help.lua for the format).
return {
  order = 80,
  title = "parley.timeline",
  module = "parley.timeline",
  entries = {
    {
      name = "parley.timeline.events",
      signature = "timeline.events(src [, {undated=}]) -> events",
      summary = "dated story sentences in time order",
    },
  },
}
