-- json.lua: parley.json encodes Lua values and decodes JSON faithfully.
local check = require("lib.check")
local json = require("parley.json")

check.eq(json.encode({ b = 1, a = "x" }), '{"a":"x","b":1}', "keys are sorted")
check.eq(json.encode({ 1, 2, 3 }), "[1,2,3]", "sequences are arrays")
check.eq(json.encode({}), "[]", "an empty table is an empty array")
check.eq(json.encode(json.object()), "{}", "json.object() marks an empty object")
check.eq(json.encode(1.5), "1.5", "floats")
check.eq(json.encode(3), "3", "integers stay integers")
check.eq(json.encode(json.null), "null", "json.null is null")
check.eq(json.encode("Ереван «да»"), '"Ереван «да»"', "UTF-8 is written as is")
check.eq(json.encode("a\"b\n"), '"a\\"b\\n"', "escapes")
check.raises(function() json.encode("\xff") end, "not valid UTF%-8", "invalid UTF-8 raises")
check.raises(function() json.encode(0/0) end, "cannot be represented", "NaN raises")
local cyclic = {}
cyclic.self = cyclic
check.raises(function() json.encode(cyclic) end, "cycle", "a cycle raises")
check.raises(function() json.encode({ [true] = 1 }) end, "keys must be", "boolean keys raise")

local v = json.decode('{"a":[1,2.5,"x",null,true],"b":{"c":"Բաքու"}}')
check.eq(math.type(v.a[1]), "integer", "decoded integers")
check.eq(v.a[2], 2.5, "decoded floats")
check.eq(v.a[4], json.null, "null decodes to json.null")
check.eq(v.a[5], true, "booleans")
check.eq(v.b.c, "Բաքու", "Armenian text survives")
local bad, err = json.decode('{"a": }')
check.eq(bad, nil, "bad JSON gives nil")
check.ok(err and err:find("line 1"), "and a message with the position: " .. tostring(err))
check.eq(parley.null, json.null, "parley.null is json.null")

check.done("json")
