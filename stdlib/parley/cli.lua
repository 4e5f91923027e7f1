-- cli.lua: the commands written in Lua: scripts, sql, search, why, diff, evaluate, export, import.
-- Each takes the command's arguments (global options already removed) and returns an exit status.
local tabulate = require("parley.tabulate")

local M = {}

local function fail(fmt, ...)
  io.stderr:write("parley: ", string.format(fmt, ...), "\n")
  return 1
end

local function usage(command, fmt, ...)
  io.stderr:write("parley: ", string.format(fmt, ...), " (see `parley help ", command, "`)\n")
  return 2
end

-- The description a script declares: its first line, "-- NAME: description" or "-- description".
function M.script_description(path)
  local f = io.open(path, "r")
  if not f then return "" end
  local first = f:read("l") or ""
  f:close()
  local text = first:match("^%-%-+%s*(.-)%s*$") or ""
  local name = path:match("([^/]+)%.lua$")
  return (text:gsub("^" .. name:gsub("%p", "%%%0") .. "%.lua:%s*", ""):gsub("^" .. name:gsub("%p", "%%%0") .. ":%s*", ""))
end

local function bundled_scripts()
  local dir = parley.home .. "/scripts"
  local names = {}
  for _, file in ipairs(parley.dir(dir) or {}) do
    local name = file:match("^(.+)%.lua$")
    if name then names[#names + 1] = name end
  end
  return names, dir
end

function M.scripts(args)
  local names, dir = bundled_scripts()
  if #args == 1 and args[1] == "--names" then   -- for shell completion: one name a line
    for _, name in ipairs(names) do io.write(name, "\n") end
    return 0
  end
  if #args > 0 then return usage("scripts", "scripts takes no arguments but --names") end
  local rows = {}
  for _, name in ipairs(names) do
    rows[#rows + 1] = { name, M.script_description(dir .. "/" .. name .. ".lua") }
  end
  io.write(tabulate.text({ "script", "description" }, rows))
  return 0
end

-- Split args into flags (by name) and positional values.
local function parse(command, args, flags)
  local opts, rest, i = {}, {}, 1
  while i <= #args do
    local a = args[i]
    local kind = flags[a]
    if kind == true then
      opts[a] = true
    elseif kind == "many" then   -- repeatable: a list of values
      if not args[i + 1] then return nil, usage(command, "option %s needs a value", a) end
      opts[a] = opts[a] or {}
      table.insert(opts[a], args[i + 1])
      i = i + 1
    elseif kind == "value" then
      if not args[i + 1] then return nil, usage(command, "option %s needs a value", a) end
      opts[a] = args[i + 1]
      i = i + 1
    elseif a == "--help" or a == "-h" then
      return nil, usage(command, "see the help")
    elseif a:match("^%-%-[%w-]+$") and #rest == 0 then   -- not "-- a comment\nSELECT ..."
      return nil, usage(command, "unknown option '%s'", a)
    else
      rest[#rest + 1] = a
    end
    i = i + 1
  end
  return opts, rest
end

local function open_corpus()
  local corpus, err = parley.open()
  if not corpus then return nil, fail("%s", err) end
  return corpus
end

-- Bytes that are not UTF-8 text (BLOBs such as offset_map) are shown as X'hex', as SQLite writes them.
local function displayable(v)
  if type(v) == "string" and not parley.text.valid(v) then
    return "X'" .. v:gsub(".", function(c) return string.format("%02X", c:byte()) end) .. "'"
  end
  return v
end

local function cell(v)
  if v == parley.null or v == nil then return "" end
  return tostring(displayable(v))
end

function M.sql(args)
  local opts, rest = parse("sql", args, { ["--json"] = true, ["--csv"] = true })
  if not opts then return rest end
  if #rest == 0 then return usage("sql", "no query given") end
  local corpus, code = open_corpus()
  if not corpus then return code end
  local params = table.move(rest, 2, #rest, 1, {})
  local ok, rows = pcall(corpus.sql, corpus, rest[1], table.unpack(params))
  if not ok then return fail("%s", tostring(rows):gsub("^[^:]*:%d+: ", "")) end
  if opts["--json"] then
    local out = {}
    for i, row in ipairs(rows) do
      local clean = parley.json.object()
      for k, v in pairs(row) do clean[k] = displayable(v) end
      out[i] = clean
    end
    io.write(parley.json.encode(parley.json.array(out)), "\n")
    return 0
  end
  local matrix = {}
  for i, row in ipairs(rows) do
    local line = {}
    for j, name in ipairs(rows.columns) do line[j] = cell(row[name]) end
    matrix[i] = line
  end
  if opts["--csv"] then
    io.write(tabulate.csv(rows.columns, matrix))
  else
    io.write(tabulate.text(rows.columns, matrix))
  end
  return 0
end

local function use_color()
  return os.getenv("NO_COLOR") == nil and tabulate.isatty_stdout()
end

function M.search(args)
  local opts, rest = parse("search", args, { ["--json"] = true, ["--limit"] = "value" })
  if not opts then return rest end
  if #rest ~= 1 then return usage("search", "give the query as one argument (quote it)") end
  local limit = tonumber(opts["--limit"] or "20")
  if not limit or limit < 1 or math.type(limit) ~= "integer" then
    return usage("search", "--limit needs a positive whole number")
  end
  local corpus, code = open_corpus()
  if not corpus then return code end
  local color = use_color() and not opts["--json"]
  local hits, err = corpus:search(rest[1], {
    limit = limit, before = color and "\27[1;33m" or "[", after = color and "\27[0m" or "]",
  })
  if not hits then return fail("%s", err) end
  if opts["--json"] then
    io.write(parley.json.encode(parley.json.array(hits)), "\n")
    return 0
  end
  for i, hit in ipairs(hits) do
    io.write(string.format("%d. [%d] %s  %s  (%.2f)\n   %s\n", i, hit.id, hit.date or "-",
                           hit.title or "", -hit.rank, (hit.snippet or ""):gsub("%s+", " ")))
  end
  if #hits == 0 then io.stderr:write("parley: no match for ", rest[1], "\n") end
  return 0
end

-- ---- export and import: annotation tools and tables (stdlib/parley/interchange.lua) ----

local function one_of(value, list)
  for _, v in ipairs(list) do if v == value then return true end end
  return false
end

-- A path quoted for the shell (for mkdir -p).
local function shell_quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

local function open_output(path)
  if not path or path == "-" then return io.stdout end
  local f, err = io.open(path, "wb")
  if not f then return nil, err end
  return f
end

-- The annotations to export, grouped by document id; attrs decoded.
local function annotations_by_doc(corpus, opts)
  local where, params = {}, {}
  if opts["--label"] then
    where[#where + 1] = "label IN (" .. string.rep("?", #opts["--label"], ", ") .. ")"
    for _, l in ipairs(opts["--label"]) do params[#params + 1] = l end
  end
  if opts["--run"] then
    where[#where + 1] = "run = ?"
    params[#params + 1] = opts["--run"]
  end
  local sql = "SELECT id, doc, label, start, stop, attrs, rule, run FROM annotations" ..
    (#where > 0 and " WHERE " .. table.concat(where, " AND ") or "") .. " ORDER BY doc, start, stop, id"
  local by_doc = {}
  for _, r in ipairs(corpus:sql(sql, table.unpack(params))) do
    local a = { id = r.id, doc = r.doc, label = r.label, start = r.start, stop = r.stop }
    if r.attrs ~= parley.null then a.attrs = parley.json.decode(r.attrs) end
    if r.rule ~= parley.null then a.rule = r.rule end
    if r.run ~= parley.null then a.run = r.run end
    by_doc[r.doc] = by_doc[r.doc] or {}
    table.insert(by_doc[r.doc], a)
  end
  return by_doc
end

local function plain_doc(doc)
  return { id = doc.id, text = doc.text, title = doc.title, date = doc.date, source = doc.source, lang = doc.lang }
end

local function csv_cell(v)
  if v == nil or v == parley.null then return "" end
  if type(v) == "table" then return parley.json.encode(v) end
  return tostring(v)
end

-- Writers: begin(out), record(doc, annotations), finish(out); brat writes files instead.
local function export_writer(format, opts, out)
  local ic = require("parley.interchange")
  local jsonl_array = format == "labelstudio" and not (opts["-o"] or ""):match("%.jsonl$")
  local columns = opts["--documents"] and ic.document_columns or ic.annotation_columns
  local n = 0
  local function line(record) out:write(parley.json.encode(record), "\n") end
  local function row(record)
    local cells = {}
    for i, c in ipairs(columns) do cells[i] = csv_cell(record[c]) end
    out:write(tabulate.csv_line(cells))
  end
  local w = {}
  function w.begin()
    if format == "csv" then out:write(tabulate.csv_line(columns)) end
    if jsonl_array then out:write("[\n") end
  end
  function w.record(doc, anns)
    if format == "doccano" then
      line(ic.doccano(doc, anns))
    elseif format == "labelstudio" then
      local task = ic.labelstudio(doc, anns, { as = opts["--as-annotations"] and "annotations" or nil })
      if jsonl_array then
        out:write(n > 0 and ",\n" or "", parley.json.encode(task))
      else
        line(task)
      end
    elseif format == "brat" then
      local txt, ann = ic.brat(doc, anns)
      for ext, content in pairs({ txt = txt, ann = ann }) do
        local path = string.format("%s/doc_%s.%s", opts["-o"], doc.id, ext)
        local f = assert(io.open(path, "wb"))
        f:write(content)
        f:close()
      end
    elseif opts["--documents"] then
      local emit = format == "csv" and row or line
      emit(ic.document_record(doc))
    else
      local ix = ic.index(doc.text)
      for _, a in ipairs(anns) do
        local rec = ic.annotation_record(doc, a, ix)
        if format == "csv" then row(rec) else line(rec) end
      end
    end
    n = n + 1
  end
  function w.finish()
    if jsonl_array then out:write(n > 0 and "\n]\n" or "]\n") end
  end
  return w
end

function M.export(args)
  local opts, rest = parse("export", args, {
    ["--format"] = "value", ["--label"] = "many", ["--run"] = "value", ["--annotated"] = true,
    ["--documents"] = true, ["--as-annotations"] = true, ["-o"] = "value",
  })
  if not opts then return rest end
  local ic = require("parley.interchange")
  local format = opts["--format"]
  if not format then return usage("export", "--format is required (%s)", table.concat(ic.formats, ", ")) end
  if not one_of(format, ic.formats) then
    return usage("export", "unknown format '%s' (%s)", format, table.concat(ic.formats, ", "))
  end
  if #rest > 0 then return usage("export", "unexpected argument '%s'", rest[1]) end
  if opts["--documents"] and format ~= "jsonl" and format ~= "csv" then
    return usage("export", "--documents goes with --format jsonl or csv")
  end
  if opts["--run"] and not math.tointeger(tonumber(opts["--run"])) then
    return usage("export", "--run needs a run id (a whole number)")
  end
  if format == "brat" and not opts["-o"] then return usage("export", "brat writes files: give -o DIR") end
  local corpus, code = open_corpus()
  if not corpus then return code end
  local by_doc = annotations_by_doc(corpus, opts)
  if format == "brat" then
    if not os.execute("mkdir -p " .. shell_quote(opts["-o"])) then return fail("%s: cannot create the directory", opts["-o"]) end
  end
  local out, err = format == "brat" and io.stdout or open_output(opts["-o"])
  if not out then return fail("%s", err) end
  local w = export_writer(format, opts, out)
  w.begin()
  local docs = 0
  for doc in corpus:docs() do
    local anns = by_doc[doc.id] or {}
    if not opts["--annotated"] or #anns > 0 then
      local ok, e = pcall(w.record, plain_doc(doc), anns)
      if not ok then return fail("export: document %d: %s", doc.id, tostring(e):gsub("^[^:]*:%d+: ", "")) end
      docs = docs + 1
    end
  end
  w.finish()
  if out ~= io.stdout then out:close() end
  return 0
end

local IMPORT_FORMATS = { "doccano", "labelstudio", "brat", "jsonl", "csv" }

local function read_file(path)
  local f, err = io.open(path, "rb")
  if not f then return nil, err end
  local s = f:read("a")
  f:close()
  return s
end

-- Gold documents from the files of one format.
local function import_gold(format, path, opts, warn)
  local ic = require("parley.interchange")
  if format == "brat" then
    local names = {}
    if path:match("%.ann$") then
      names[1] = path:sub(1, -5)
    else
      for _, f in ipairs(parley.dir(path) or {}) do
        if f:match("%.ann$") then names[#names + 1] = path .. "/" .. f:sub(1, -5) end
      end
      if #names == 0 then error(path .. ": no .ann files", 0) end
    end
    local out = {}
    for _, base in ipairs(names) do
      local txt = read_file(base .. ".txt") or error(base .. ".txt: missing", 0)
      local ann = assert(read_file(base .. ".ann"))
      out[#out + 1] = ic.from_brat(txt, ann, base:match("([^/]+)$"))
    end
    return out
  end
  local s, err = read_file(path)
  if not s then error(err, 0) end
  if format == "csv" then
    local _, rows = ic.read_csv(s, path)
    return ic.from_records(rows)
  end
  local records = ic.read_json_records(s, path)
  if format == "jsonl" then return ic.from_records(records) end
  local out = {}
  for i, r in ipairs(records) do
    local ok, g = pcall(format == "doccano" and ic.from_doccano or ic.from_labelstudio, r,
      { use = opts["--predictions"] and "predictions" or "annotations",
        warn = function(msg) warn(string.format("%s: record %d: %s", path, i, msg)) end })
    if not ok then error(string.format("%s: record %d: %s", path, i, tostring(g):gsub("^[^:]*:%d+: ", "")), 0) end
    out[#out + 1] = g
  end
  return out
end

-- Match gold documents to the corpus: by id (checking the text), else by identical text.
local function resolve_docs(corpus, golds, warn)
  local ic = require("parley.interchange")
  for _, g in ipairs(golds) do
    local stored = g.doc and math.type(g.doc) == "integer" and corpus:get(g.doc) or nil
    if stored then   -- metadata the tool did not carry back
      g.fields = g.fields or {}
      for _, k in ipairs({ "title", "date", "source", "lang" }) do g.fields[k] = g.fields[k] or stored[k] end
    end
    if g.text and stored and stored.text ~= g.text then
      warn(string.format("document %s: its text differs from the corpus's; offsets refer to the imported text", g.doc))
    elseif g.text and not stored then
      local rows = corpus:sql("SELECT id FROM documents WHERE text = ? LIMIT 1", g.text)
      if rows[1] then g.doc = rows[1].id end
    elseif not g.text and stored then
      for _, s in ipairs(g.spans) do   -- jsonl/csv rows: fill the other kind of offsets
        local ix = ic.index(stored.text)
        if s.start and not s.char_start then
          local a, b = ix:to_chars(s.start, s.stop)
          s.char_start, s.char_stop = a + 1, b
        elseif s.char_start and not s.start then
          s.start, s.stop = ix:to_bytes(s.char_start - 1, s.char_stop)
        end
        s.text = s.text or stored.text:sub(s.start, s.stop)
      end
      g.text = stored.text
    end
  end
end

function M.import(args)
  local opts, rest = parse("import", args, { ["--format"] = "value", ["--predictions"] = true, ["-o"] = "value" })
  if not opts then return rest end
  local format = opts["--format"]
  if not format then return usage("import", "--format is required (%s)", table.concat(IMPORT_FORMATS, ", ")) end
  if not one_of(format, IMPORT_FORMATS) then
    return usage("import", "unknown format '%s' (%s)", format, table.concat(IMPORT_FORMATS, ", "))
  end
  if #rest ~= 1 then return usage("import", "give one FILE (a directory for brat)") end
  local warnings = 0
  local function warn(msg)
    warnings = warnings + 1
    io.stderr:write("parley: warning: ", msg, "\n")
  end
  local ok, golds = pcall(import_gold, format, rest[1], opts, warn)
  if not ok then return fail("%s", tostring(golds)) end
  local corpus, code = open_corpus()
  if not corpus then return code end
  local ok2, err = pcall(resolve_docs, corpus, golds, warn)
  if not ok2 then return fail("%s", tostring(err):gsub("^[^:]*:%d+: ", "")) end
  local out, oerr = open_output(opts["-o"])
  if not out then return fail("%s", oerr) end
  local ic = require("parley.interchange")
  for _, g in ipairs(golds) do
    if not g.text then   -- jsonl/csv rows of a document the corpus does not have
      if out ~= io.stdout then out:close() end
      return fail("document %s is not in the corpus: its text is needed for the gold file", tostring(g.doc))
    end
    out:write(parley.json.encode(ic.gold_record(g)), "\n")
  end
  if out ~= io.stdout then out:close() end
  return 0
end

-- ---- why: the provenance of one annotation ----

local function bold_span(color)
  if color then return "\27[1m", "\27[0m" end
  return "[", "]"
end

local function json_text(v)
  if v == nil or v == parley.null then return "" end
  return parley.json.encode(v)
end

-- The lines of `parley why`: "key  value", aligned.
local function why_lines(w, color)
  local open, close = bold_span(color)
  local s = w.sentence
  local from, to = w.start - s.start + 1, w.stop - s.start + 1
  local sentence
  if parley.text.width(s.text) <= 200 then
    sentence = s.text:sub(1, from - 1) .. open .. s.text:sub(from, to) .. close .. s.text:sub(to + 1)
    sentence = sentence:gsub("%s+", " ")
  else
    sentence = require("parley.kwic").line(s.text, from, to, { width = 80, open = open, close = close })
    sentence = sentence:gsub("^ +", "")
  end
  local d, r = w.doc, w.run or {}
  local lines = {
    { "annotation", ("%d  %s  bytes %d..%d  %q"):format(w.id, w.label, w.start, w.stop, w.text) },
    { "rule", w.rule or "-" },
    { "attrs", w.attrs and json_text(w.attrs) or "-" },
    { "document", ("%d  %s  %s%s"):format(d.id, d.date or "-", d.title or "",
                                          d.source and "  (" .. d.source .. ")" or "") },
    { "sentence", sentence },
    { "script", r.script or "-" },
    { "sha256", r.script_hash or "-" },
    { "run", r.id and ("%d  started %s  finished %s  args %s"):format(r.id, r.started_at,
        r.finished_at or "(not finished)", json_text(r.args)) or "-" },
    { "engine", r.engine_version and "parley " .. r.engine_version or "-" },
  }
  if w.replaced_by then
    lines[#lines + 1] = { "replaced", ("by run %d (a later run of the script)"):format(w.replaced_by) }
  end
  return lines
end

function M.why(args)
  local opts, rest = parse("why", args, { ["--json"] = true })
  if not opts then return rest end
  local id = #rest == 1 and math.tointeger(tonumber(rest[1]))
  if not id then return usage("why", "give one annotation id (a number)") end
  local corpus, code = open_corpus()
  if not corpus then return code end
  local w = corpus:why(id)
  if not w then return fail("no annotation %d in %s", id, corpus.path) end
  if opts["--json"] then
    io.write(parley.json.encode(w), "\n")
    return 0
  end
  for _, line in ipairs(why_lines(w, use_color())) do
    io.write(("%-10s  %s\n"):format(line[1], line[2]))
  end
  return 0
end

-- ---- diff: what changed between two runs ----

local function short(s, width)
  return require("parley.kwic").head((s or ""):gsub("%s+", " "), width)
end

local function describe(a)
  if not a then return "" end
  local s = ("#%d %d..%d %s"):format(a.id, a.start, a.stop, short(a.text, 30))
  if a.attrs then s = s .. " " .. json_text(a.attrs) end
  return s
end

local function run_line(r)
  return ("run %d  %s  %s  sha256 %s"):format(r.id, r.started_at, r.script, (r.script_hash or "-"):sub(1, 12))
end

local function diff_rows(d)
  local rows = {}
  local function add(change, before, after, what)
    local x = after or before
    rows[#rows + 1] = { change = change, doc = x.doc, start = x.start, id = x.id,
                        cells = { change, tostring(x.doc), x.label, describe(before), describe(after), what } }
  end
  for _, a in ipairs(d.removed) do add("removed", a, nil, "") end
  for _, a in ipairs(d.added) do add("added", nil, a, "") end
  for _, c in ipairs(d.changed) do add("changed", c.before, c.after, table.concat(c.what, ",")) end
  table.sort(rows, function(x, y)
    if x.doc ~= y.doc then return x.doc < y.doc end
    if x.start ~= y.start then return x.start < y.start end
    if x.change ~= y.change then return x.change < y.change end
    return x.id < y.id
  end)
  local cells = {}
  for i, r in ipairs(rows) do cells[i] = r.cells end
  return cells
end

function M.diff(args)
  local opts, rest = parse("diff", args, { ["--json"] = true })
  if not opts then return rest end
  local a = #rest == 2 and math.tointeger(tonumber(rest[1]))
  local b = #rest == 2 and math.tointeger(tonumber(rest[2]))
  if not a or not b then return usage("diff", "give two run ids (numbers)") end
  local corpus, code = open_corpus()
  if not corpus then return code end
  local d, err = require("parley.runs").diff(corpus, a, b)
  if not d then return fail("%s in %s", err, corpus.path) end
  if opts["--json"] then
    d.added, d.removed, d.changed = parley.json.array(d.added), parley.json.array(d.removed),
                                    parley.json.array(d.changed)
    io.write(parley.json.encode(d), "\n")
    return 0
  end
  io.write("a: ", run_line(d.a), "\nb: ", run_line(d.b), "\n")
  if d.a.script ~= d.b.script then io.write("(runs of different scripts)\n") end
  io.write(("%d documents saved by both: %d added, %d removed, %d changed, %d unchanged\n"):format(
    d.documents, #d.added, #d.removed, #d.changed, d.unchanged))
  local rows = diff_rows(d)
  if #rows > 0 then
    local table_text = tabulate.text({ "change", "doc", "label", "a", "b", "what" }, rows, { align = "lr" })
    io.write("\n", (table_text:gsub(" +\n", "\n")))   -- rows without a b or a what end early
  end
  return 0
end

-- ---- evaluate: rules against a gold set ----

function M.evaluate(args)
  local opts, rest = parse("evaluate", args, {
    ["--script"] = "value", ["--label"] = "value", ["--json"] = true, ["--run"] = "value",
    ["--context"] = "value",
  })
  if not opts then return rest end
  if #rest ~= 1 then return usage("evaluate", "give one gold file (JSON Lines)") end
  local width = math.tointeger(tonumber(opts["--context"] or "30"))
  if not width or width < 0 then return usage("evaluate", "--context needs a whole number of columns") end
  local run = opts["--run"] and math.tointeger(tonumber(opts["--run"]))
  if opts["--run"] and not run then return usage("evaluate", "--run needs a run id (a number)") end
  if run and opts["--script"] then return usage("evaluate", "--run reads the corpus: it cannot go with --script") end
  local evaluate = require("parley.evaluate")
  local spec = { gold = rest[1], label = opts["--label"], run = run }
  local source
  if opts["--script"] then
    local fn, err = evaluate.load_extractor(opts["--script"])
    if not fn then return fail("%s", err) end
    spec.extract, source = fn, opts["--script"]
  else
    local corpus, code = open_corpus()
    if not corpus then return code end
    spec.corpus, source = corpus, run and ("run " .. run) or ("annotations in " .. corpus.path)
  end
  local ok, result, err = pcall(evaluate.evaluate, spec)
  if not ok then return fail("%s", result) end
  if not result then return fail("%s", err) end
  if not opts["--script"] and result.missing > 0 then
    io.stderr:write(("parley: %d of %d gold documents are not in the corpus: left out\n"):format(
      result.missing, result.missing + #result.documents))
  end
  if opts["--json"] then
    io.write(parley.json.encode(evaluate.json(result, { source = source, width = width })), "\n")
  else
    io.write(evaluate.text(result, { source = source, width = width }))
  end
  return 0
end

return M
