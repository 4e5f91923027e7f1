---@meta parley
-- parley.lua: language-server stubs for the `parley` module and global (engine/lua_parley.c).
-- Declarations only, never run: lua-language-server reads them for completion and type checks.
-- Point your editor at this folder (see the README, "Editor support").

---The parley API: a global in scripts, `parley eval` and the REPL; also `require("parley")`.
---Positions follow `string.sub`: 1-based, inclusive, in bytes; functions that count code
---points say so. Programmer errors raise; data and environment errors return `nil, message`.
---@class parleylib
---@field version string the engine version, "0.1.0"
---@field home string where `stdlib/`, `scripts/` and `data/` are
---@field null lightuserdata the value SQL NULL and JSON null become
---@field text parley.text
---@field json parley.json
---@field re parley.re
---@field match parley.match
---@field graph parley.graph
---@field [string] table a stdlib module `parley.NAME`, loaded on first use (`parley.pretty`); for its types, `require("parley.NAME")` with the stdlib folder in your editor's library
parley = {}

---@class parley.OpenOptions
---@field readonly? boolean open read-only: reads work, writes fail

---Open a corpus. Without a path: `--db`, else `PARLEY_DB`, else `./parley.db` if it exists,
---else the bundled corpus in memory. A missing path is created unless read-only.
---Works with `local c <close> = parley.open(p)`.
---@param path? string
---@param opts? parley.OpenOptions
---@return parley.Corpus|nil corpus
---@return string? message
function parley.open(path, opts) end

---@class parley.DocFields
---@field title? string
---@field date? string ISO 8601, "2025-03-13"
---@field source? string
---@field lang? string
---@field repair? boolean replace invalid UTF-8 with U+FFFD instead of failing
---@field [string] any other fields become `meta`

---A Doc that is not stored: the text is validated and normalised as a file would be.
---@param text string
---@param fields? parley.DocFields
---@return parley.Doc|nil doc
---@return string? message "text:1:5: invalid UTF-8 (byte 0xFF at offset 4)"
function parley.doc(text, fields) end

---A Doc from a file (not stored), loaded as `parley ingest` would load it.
---@param path string
---@param opts? {repair?: boolean}
---@return parley.Doc|nil doc
---@return string? message "FILE:LINE:COL: message"
function parley.read(path, opts) end

---Stop the script because it was called wrongly: one line on stderr, exit status 2, no traceback.
---@param message string
---@return nil
function parley.usage_error(message) end

---Sorted file names in a directory (no dotfiles).
---@param path string
---@return string[]|nil names
---@return string? message
function parley.dir(path) end

---What is at path, without following a last symbolic link.
---@param path string
---@return "file"|"directory"|"link"|"fifo"|"device"|"socket"|nil kind
---@return string? message
function parley.file_kind(path) end

---Whether the stream is a terminal.
---@param stream? "stdin"|"stdout"|"stderr"
---@return boolean
function parley.isatty(stream) end

return parley
