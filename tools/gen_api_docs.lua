-- gen_api_docs.lua: docs/lua-api.md from the help entries in stdlib/parley/help/ (one source for both).
-- Run `parley run tools/gen_api_docs.lua > docs/lua-api.md`; tests/lua/help.lua fails when they differ.
io.write(require("parley.help").markdown())
