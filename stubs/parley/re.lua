---@meta parley.re
-- parley/re.lua: language-server stubs for `parley.re` and the Regex userdata (engine/lua_re.c).
-- PCRE2 syntax, UTF-8 with Unicode properties. Positions are bytes, 1-based, inclusive.
-- A group that did not take part captures `false`; with named groups, a table name ->
-- capture comes last.

---@alias parley.Pattern string|parley.Regex

---@class parley.re
---@field jit boolean whether patterns compiled from now on use PCRE2's JIT
local re = {}

---@param pattern string
---@param flags? string "i" caseless, "m" multiline, "s" dot-all, "x" extended
---@return parley.Regex
function re.compile(pattern, flags) end

---@param s string
---@param pattern parley.Pattern
---@param init? integer
---@param flags? string
---@return integer|nil start
---@return integer|nil stop
---@return any ... captures
function re.find(s, pattern, init, flags) end

---The captures (the whole match when there are no groups), or nil.
---@param s string
---@param pattern parley.Pattern
---@param init? integer
---@param flags? string
---@return any ...
function re.match(s, pattern, init, flags) end

---@param s string
---@param pattern parley.Pattern
---@param init? integer
---@param flags? string
---@return fun(): any
function re.gmatch(s, pattern, init, flags) end

---`repl`: a string with $0, $1, ${name}, $$; a table; or a function of the captures.
---@param s string
---@param pattern parley.Pattern
---@param repl string|table|function
---@param n? integer
---@param flags? string
---@return string
---@return integer count
function re.gsub(s, pattern, repl, n, flags) end

---The pieces between matches: `re.split("a,b,", ",")` is `{"a", "b", ""}`.
---@param s string
---@param pattern parley.Pattern
---@param max? integer
---@param flags? string
---@return string[]
function re.split(s, pattern, max, flags) end

---A pattern matching s literally.
---@param s string
---@return string
function re.escape(s) end

---A compiled pattern (cached by pattern and flags).
---@class parley.Regex
---@field pattern string
---@field flags string canonical order, "ix"
---@field groups integer
---@field names string[] group names in group order
---@field jit boolean
local Regex = {}

---@param s string
---@param init? integer
---@return integer|nil start
---@return integer|nil stop
---@return any ...
function Regex:find(s, init) end

---@param s string
---@param init? integer
---@return any ...
function Regex:match(s, init) end

---@param s string
---@param init? integer
---@return fun(): any
function Regex:gmatch(s, init) end

---@param s string
---@param repl string|table|function
---@param n? integer
---@return string
---@return integer count
function Regex:gsub(s, repl, n) end

---@param s string
---@param max? integer
---@return string[]
function Regex:split(s, max) end

return re
