---@meta parley.json
-- parley/json.lua: language-server stubs for `parley.json` (engine/lua_json.c).

---@class parley.json
local json = {}

---Compact JSON with sorted keys; raises on cycles, NaN, invalid UTF-8, non-string keys.
---@param value any
---@return string
function json.encode(value) end

---The value (`null` is `parley.null`), or nil and "line L col C: message".
---@param s string
---@return any value
---@return string? message
function json.decode(s) end

---Mark a table so that, empty, it encodes as `[]`.
---@generic T: table
---@param t? T
---@return T
function json.array(t) end

---Mark a table so that, empty, it encodes as `{}`.
---@generic T: table
---@param t? T
---@return T
function json.object(t) end

return json
