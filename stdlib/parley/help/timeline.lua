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
    {
      name = "parley.timeline.of_doc",
      signature = "timeline.of_doc(doc, order [, {undated=}]) -> events",
      summary = "one document's events, not yet sorted; `order` is its place among the documents (ties in time go by it, then by position). Gather them from documents read one at a time, then `sorted`",
    },
    {
      name = "parley.timeline.sorted",
      signature = "timeline.sorted(events) -> events",
      summary = "the events of `of_doc` from several documents in time order, as `events` returns them",
    },
    {
      name = "parley.timeline.plain",
      signature = "timeline.plain(doc [, {undated=}]) -> events",
      summary = "`of_doc`'s events without their Span and Doc: plain values a map step can return as a record's `events`",
    },
    {
      name = "parley.timeline.from_records",
      signature = "timeline.from_records(records) -> events",
      summary = "the events of records (in document order, each with `events` from `plain`) in time order; each event's `doc` is its record (what `parley run timeline` and `briefing` print)",
    },
  },
}
