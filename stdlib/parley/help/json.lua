-- help/json.lua: help entries for parley.json (see parley/help.lua for the format).
return {
  order = 60,
  title = "parley.json",
  module = "parley.json",
  entries = {
    {
      name = "parley.json.encode",
      signature = "json.encode(v) -> string",
      summary = "compact JSON with sorted keys; raises on cycles, NaN, invalid UTF-8, non-string keys",
      example = [[
parley.json.encode({ b = 1, a = { 1, 2 } })  --> "{\"a\":[1,2],\"b\":1}"]],
    },
    {
      name = "parley.json.decode",
      signature = "json.decode(s) -> value | nil, message",
      summary = "the value (`null` is `parley.null`), or `nil, \"line L col C: message\"`",
      example = [[
parley.json.decode('{"a": [1, null]}')  --> { a = { 1, null } }
parley.json.decode('{"a":')  --> nil, "line 1 col 5: unexpected token near end of file"]],
    },
    {
      name = "parley.json.array",
      signature = "json.array([t]) -> t",
      summary = "mark a table so an empty one encodes as `[]` (empty tables default to `[]`)",
      example = [[
parley.json.encode(parley.json.array())  --> "[]"]],
    },
    {
      name = "parley.json.object",
      signature = "json.object([t]) -> t",
      summary = "mark a table so an empty one encodes as `{}`",
      example = [[
parley.json.encode(parley.json.object())  --> "{}"]],
    },
  },
}
