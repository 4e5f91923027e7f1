# jobs.sh: `run --jobs N` and `ingest --jobs N` give the same output and the same corpus for every N,
# on ~300 Reuters articles; map/reduce results, errors and limits are those of a single thread.
source "$(dirname "$0")/lib/common.sh"

reuters_files 300
expect_eq "${#FILES[@]}" 300 "300 Reuters articles to work on"

# ---- ingest --jobs: the same corpus, ids included ----
for j in 1 2 4; do
    run --db j$j.db ingest --jobs $j "${FILES[@]}"
    expect_status 0
    expect_stderr_empty
    expect_stdout_matches "^j$j\.db: added [0-9]+ documents"
    sql_value j$j.db "SELECT id || ' ' || hash || ' ' || origin || ' ' || coalesce(title, '-') FROM documents ORDER BY id" >rows$j.txt
done
DOCS=$(doc_count j1.db)
expect_eq "$((DOCS > 290))" 1 "nearly all 300 articles are distinct documents (got $DOCS)"
# The comparisons below hold for two empty sides too (a failed query): each side is pinned first.
expect_eq "$(wc -l <rows1.txt | tr -d ' ')" "$DOCS" "a stored row per document to compare"
expect_eq "$(cat rows2.txt)" "$(cat rows1.txt)" "ingest --jobs 2 stores what --jobs 1 stores"
expect_eq "$(cat rows4.txt)" "$(cat rows1.txt)" "ingest --jobs 4 stores what --jobs 1 stores"
run --db plain.db ingest "${FILES[@]}"
sql_value plain.db "SELECT id || ' ' || hash || ' ' || origin || ' ' || coalesce(title, '-') FROM documents ORDER BY id" >rows.txt
expect_eq "$(cat rows1.txt)" "$(cat rows.txt)" "ingest --jobs 1 stores what a plain ingest stores"
COCOA=$(sql_value j1.db "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'cocoa'")
expect_eq "$((${COCOA:-0} > 0))" 1 "the full-text index finds 'cocoa' (got '$COCOA')"
expect_eq "$(sql_value j4.db "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'cocoa'")" \
    "$(sql_value j1.db "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'cocoa'")" \
    "the full-text index is the same"

# The same documents as JSON Lines (ids and a field that goes to meta), ingested with --jsonl --jobs.
cat >export.lua <<'EOF'
local corpus = assert(parley.open())
for doc in corpus:docs() do
  print(parley.json.encode{ id = "reuters-" .. doc.id, text = doc.text, source = "reuters", desk = "wire" })
end
EOF
"$PARLEY_BIN" --db j1.db run export.lua >docs.jsonl
expect_eq "$(wc -l <docs.jsonl | tr -d ' ')" "$DOCS" "one JSON line per document"
for j in 1 3; do
    run --db l$j.db ingest --jsonl --jobs $j docs.jsonl docs.jsonl
    expect_status 0
    expect_stdout_contains "added $DOCS documents, $DOCS already present"
    sql_value l$j.db "SELECT id || ' ' || hash || ' ' || origin || ' ' || meta FROM documents ORDER BY id" >jsonl$j.txt
done
expect_eq "$(wc -l <jsonl1.txt | tr -d ' ')" "$DOCS" "a stored JSONL row per document to compare"
expect_eq "$(cat jsonl3.txt)" "$(cat jsonl1.txt)" "ingest --jsonl --jobs 3 stores what --jobs 1 stores"
expect_eq "$(sql_value l3.db "SELECT origin FROM documents WHERE id = 2")" "docs.jsonl:2" "JSONL origins are FILE:LINE"

# Workers claim runs of files, cut at 1 MB: big files among small ones keep the input order.
mkdir mixed
cp "${FILES[@]:10:40}" mixed/
for k in 1 2 3; do
    cat "${FILES[$k]}" >"mixed/0${k}big.txt"
    while [ "$(wc -c <"mixed/0${k}big.txt")" -le 1200000 ]; do
        cat "mixed/0${k}big.txt" "mixed/0${k}big.txt" >double.txt && mv double.txt "mixed/0${k}big.txt"
    done
done
expect_eq "$(($(wc -c <mixed/01big.txt) > 1048576))" 1 "a file past one claim's bytes"
for j in 1 3; do
    run --db mixed$j.db ingest --jobs $j mixed
    expect_status 0
    sql_value mixed$j.db "SELECT id || ' ' || hash || ' ' || origin FROM documents ORDER BY id" >mixed$j.txt
done
expect_eq "$(wc -l <mixed1.txt | tr -d ' ')" 43 "40 articles and 3 big files"
expect_eq "$(cat mixed3.txt)" "$(cat mixed1.txt)" "ingest --jobs 3 stores big and small files as --jobs 1 does"

# Bad inputs: the first one in input order stops the ingest, whatever N; --skip-bad reports each in order.
mkdir bad
cp "${FILES[@]:0:6}" bad/
printf 'abc\xC3(' >bad/00003b.txt
: >bad/00005b.txt
for j in 1 4; do
    run --db bad$j.db ingest --jobs $j bad
    expect_status 1
    expect_stderr_contains "bad/00003b.txt:1:4: invalid UTF-8"
    expect_stderr_contains "nothing was ingested"
    cp "$STDERR_FILE" stop$j.err
    expect_eq "$(doc_count bad$j.db)" 0 "--jobs $j: all or nothing"
    run --db skip$j.db ingest --jobs $j --skip-bad bad
    expect_status 0
    expect_stdout_contains "added 6 documents, 2 refused"
    cp "$STDERR_FILE" skip$j.err
done
expect_eq "$(cat stop4.err)" "$(cat stop1.err)" "the same message for the first bad input"
expect_eq "$(grep -c -e 'bad/00003b.txt' -e 'bad/00005b.txt' skip1.err)" 2 "--skip-bad names both bad inputs"
expect_eq "$(cat skip4.err)" "$(cat skip1.err)" "the same skipped inputs, in the same order"
expect_eq "$(sql_value skip1.db 'SELECT count(*) FROM documents')" 6 "six documents to compare"
expect_eq "$(sql_value skip4.db 'SELECT group_concat(hash) FROM documents')" \
    "$(sql_value skip1.db 'SELECT group_concat(hash) FROM documents')" "the same documents"

# ---- run --jobs: byte-identical reports for every N ----
for j in 1 2 4; do
    run --db j1.db run --jobs $j wordcount
    expect_status 0
    expect_stderr_empty
    cp "$STDOUT_FILE" wordcount$j.txt
done
expect_stdout_lines 21
expect_stdout_matches "^$DOCS documents, [0-9]+ words, [0-9]+ distinct$"
expect_stdout_matches '^ +[0-9]+  the$'
expect_eq "$(cat wordcount2.txt)" "$(cat wordcount1.txt)" "--jobs 2 reports what --jobs 1 reports"
expect_eq "$(cat wordcount4.txt)" "$(cat wordcount1.txt)" "--jobs 4 reports what --jobs 1 reports"
cmp -s wordcount1.txt wordcount4.txt && pass || fail "--jobs 1 and --jobs 4 differ in their bytes"
run --db j1.db run wordcount
expect_stdout_equals wordcount1.txt

# The same map, fold and output called in one state, without threads or JSON in between:
# direct.lua NAME runs the bundled map/fold script NAME so (the briefing and analyses below too).
cat >direct.lua <<'EOF'
local name = table.remove(arg, 1)
local s = dofile(parley.home .. "/scripts/" .. name .. ".lua")
local acc = s.init()
for doc in assert(parley.open()):docs(s.docs) do acc = s.fold(acc, s.map(doc), doc.id) or acc end
s.output(acc)
EOF
run --db j1.db run direct.lua wordcount
expect_status 0
expect_stdout_equals wordcount1.txt
run --db j1.db run --jobs 3 wordcount 5
expect_stdout_lines 6
expect_eq "$(sed -n 2,6p "$STDOUT_FILE")" "$(sed -n 2,6p wordcount1.txt)" "the script's own argument (TOP)"

# Results cross between states as JSON: integers stay integers, floats floats, null is
# parley.null, nil leaves the document out; reduce gets the ids in document order.
cat >types.lua <<'EOF'
return {
  docs = { limit = 40 },
  map = function(doc)
    if doc.id % 3 == 0 then return nil end
    return { id = doc.id, half = doc.id / 2, even = doc.id % 2 == 0, list = { 1, 2.5, "x" }, none = parley.null }
  end,
  reduce = function(results, ids)
    local lines = {}
    for i, r in ipairs(results) do
      assert(r.id == ids[i], "ids line up with results")
      lines[#lines + 1] = string.format("%d %s %s %s %s %s", r.id, math.type(r.id), math.type(r.half),
        tostring(r.even), math.type(r.list[1]) .. "," .. math.type(r.list[2]) .. "," .. r.list[3],
        tostring(r.none == parley.null))
    end
    return table.concat(lines, "\n")
  end,
}
EOF
for j in 1 4; do
    run --db j1.db run --jobs $j types.lua
    expect_status 0
    cp "$STDOUT_FILE" types$j.txt
done
expect_stdout_lines 27
expect_stdout_line "1 integer float false integer,float,x true"
expect_stdout_line "40 integer float true integer,float,x true"
expect_stdout_not_contains "39 integer"
expect_eq "$(cat types4.txt)" "$(cat types1.txt)" "the same values whatever N"

# Between threads a result travels packed, not as JSON text: fold must still see exactly what
# decoding the result's JSON gives. Each document returns a different structure (nested
# arrays and objects, sparse and mixed tables, integers, floats, -0.0, huge and tiny numbers,
# strings with NUL bytes and UTF-8, booleans, parley.null, empty tables) with its JSON.
cat >packed.lua <<'EOF'
local json = parley.json
local function value(seed, depth)
  local kind = seed % 9
  if depth > 3 or kind == 0 then return seed * 7 - 30 end
  if kind == 1 then return seed / 3 end
  if kind == 2 then return ({ -0.0, 1e300, 5e-324, 2^53, -2^63, math.maxinteger })[seed % 6 + 1] end
  if kind == 3 then return ("a\0b\0" .. "Ереван ə İ " .. seed):rep(seed % 3) end
  if kind == 4 then return seed % 2 == 0 end
  if kind == 5 then return parley.null end
  if kind == 6 then return {} end
  local t = {}
  for i = 1, seed % 5 + 1 do t[i] = value(seed * 31 + i, depth + 1) end
  if kind == 7 then t[seed % 4 + 3] = "gap" end                      -- sparse: keys become strings
  if kind == 8 then t.name, t[""], t["k z"] = "x", value(seed + 1, depth + 1), 1 end
  return t
end
local function same(a, b)
  if type(a) ~= type(b) or math.type(a) ~= math.type(b) then return false end
  if type(a) == "number" then return string.pack("n", a) == string.pack("n", b) end
  if type(a) ~= "table" then return a == b end
  for k, v in pairs(a) do if not same(v, b[k]) then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end
return {
  docs = { limit = 60 },
  map = function(doc)
    local v = value(doc.id * 17 + 3, 0)
    return { v = v, text = json.encode(v) }
  end,
  init = function() return { n = 0, bad = {} } end,
  fold = function(acc, r, id)
    acc.n = acc.n + 1
    if not same(r.v, json.decode(r.text)) then acc.bad[#acc.bad + 1] = id end
    return acc
  end,
  output = function(acc) print(acc.n .. " results, " .. #acc.bad .. " differ: " .. table.concat(acc.bad, " ")) end,
}
EOF
for j in 1 2; do
    run --db j1.db run --jobs $j packed.lua
    expect_status 0
    expect_stdout_line "60 results, 0 differ: "
done

# Without output, the final value is printed as one line of JSON (keys sorted); without reduce, it is the results.
printf 'return { docs = { limit = 3 }, map = function(doc) return doc.id * 10 end,\n  reduce = function(r, ids) return { sum = r[1] + r[2] + r[3], ids = ids } end }\n' >default.lua
run --db j1.db run --jobs 2 default.lua
expect_stdout_equals '{"ids":[1,2,3],"sum":60}'
printf 'return { docs = { limit = 3 }, map = function(doc) return doc.id end }\n' >noreduce.lua
run --db j1.db run --jobs 2 noreduce.lua
expect_stdout_equals '[1,2,3]'
printf 'return { docs = { source = "nobody" }, map = function(doc) return 1 end }\n' >none.lua
run --db j1.db run --jobs 4 none.lua
expect_status 0
expect_stdout_equals '[]'
run run --jobs 2 wordcount 3
expect_status 0
expect_stdout_matches '^1 documents, '

# ---- the briefing maps and folds: the same report for every N, and the same as one state's loop ----
for j in 1 2 4; do
    run --db j1.db run --jobs $j briefing --format json
    expect_status 0
    expect_stderr_empty
    cp "$STDOUT_FILE" brief$j.json
done
cmp -s brief1.json brief2.json && pass || fail "briefing --jobs 2 differs from --jobs 1"
cmp -s brief1.json brief4.json && pass || fail "briefing --jobs 4 differs from --jobs 1"
run --db j1.db run direct.lua briefing --format json
expect_stdout_equals brief1.json
# Its summary is summary.extract's over the documents analysis.docs keeps (a document
# carries its first candidate and is read again when the summary needs more).
summary_rows() { python3 -c 'import json,sys
for s in json.load(sys.stdin)["sections"]:
    if s.get("name") == "summary":
        for r in s["rows"]: print(r["sentence"] + "\n--")'; }
cat >extracted.lua <<'EOF'
local analysis = require("parley.analysis")
for _, s in ipairs(require("parley.summary").extract((analysis.docs({ filters = {} })), 5)) do print(s.text .. "\n--") end
EOF
run --db j1.db run extracted.lua
expect_eq "$(grep -c '^--$' "$STDOUT_FILE")" 5 "five sentences"
expect_eq "$(summary_rows <brief1.json)" "$(cat "$STDOUT_FILE")" "the briefing's summary is summary.extract's"
# The other bundled analyses are map/fold scripts too: the same report for every N and in one state.
for script in quotes issues timeline actors summary; do
    run --db j1.db run --jobs 1 "$script" --format csv
    expect_status 0
    cp "$STDOUT_FILE" "$script-1.csv"
    expect_eq "$(($(wc -l <"$script-1.csv") > 1))" 1 "$script finds something in 300 Reuters articles"
    run --db j1.db run --jobs 3 "$script" --format csv
    expect_stdout_equals "$script-1.csv"
    run --db j1.db run direct.lua "$script" --format csv
    expect_stdout_equals "$script-1.csv"
done
# Streamed documents are not stored: the briefing maps them all the same (stream.sh
# compares whole reports), naming each by its line number.
run_input '{"text": "Armenia and Azerbaijan agreed on the text of the peace treaty, Foreign Minister Jeyhun Bayramov said."}' run --stream briefing
expect_status 0
expect_stdout_matches '^\{"id":1,"result":\{'

# ---- errors are those a single thread meets first ----
printf 'return { map = function(doc) if doc.id %% 37 == 0 then error("no good: " .. doc.id) end return 1 end }\n' >fails.lua
for j in 1 2 4; do
    run --db j1.db run --jobs $j fails.lua
    expect_status 1
    expect_stdout_empty
    head -n 1 "$STDERR_FILE" >fails$j.txt
done
expect_eq "$(cat fails1.txt)" "parley: map failed on document 37: fails.lua:1: no good: 37" "the first failing document"
expect_eq "$(cat fails2.txt)" "$(cat fails1.txt)" "--jobs 2 reports the same document"
expect_eq "$(cat fails4.txt)" "$(cat fails1.txt)" "--jobs 4 reports the same document"

printf 'return { map = function(doc) return { f = print } end }\n' >nojson.lua
run --db j1.db run --jobs 2 nojson.lua
expect_status 1
expect_stderr_contains "map failed on document 1: the result of map must be a JSON value"

# A result crosses between threads packed straight from the Lua value (json_packed.c),
# by json.encode's rules: each value json.encode refuses, map's result refuses with
# json.encode's own message, with one thread or two.
bad_values=(
    '"\xff"'
    '{ ["\xff"] = 1 }'
    '{ ["a\0b"] = 1 }'
    '{ [true] = 1 }'
    '{ x = 0/0 }'
    '{ 1, 2, math.huge }'
    '(function() local t = {} t[1] = t return t end)()'
    '{ f = print }'
    '{ co = coroutine.create(print) }'
)
for value in "${bad_values[@]}"; do
    run eval "local ok, e = pcall(parley.json.encode, $value) print(ok and 'accepted' or e)"
    encode_error=$STDOUT
    expect_stdout_contains "json.encode: "
    printf 'return { map = function(doc) return %s end }\n' "$value" >bad.lua
    for j in 1 2; do
        run --db j1.db run --jobs $j bad.lua
        expect_status 1
        expect_stderr_contains "the result of map must be a JSON value"
        expect_stderr_contains "$encode_error"
    done
done

# map reads: a worker's corpus is read-only, so the corpus cannot depend on the thread count.
printf 'return { map = function(doc) return assert(parley.open():add("new " .. doc.id)) end }\n' >writes.lua
for j in 1 2; do
    run --db j1.db run --jobs $j writes.lua
    expect_status 1
    expect_stderr_contains "map failed on document 1:"
    expect_stderr_contains "read-only"
done
expect_eq "$(doc_count j1.db)" "$DOCS" "nothing was written"

printf 'return { map = function(doc) if doc.id == 5 then while true do end end return 1 end }\n' >spins.lua
run --db j1.db --timeout 1 run --jobs 2 spins.lua
expect_status 3
expect_stderr_contains "stopped: time limit of 1 s exceeded"
printf 'return { map = function(doc) local t = {} for i = 1, 1e7 do t[i] = i end return 1 end }\n' >grows.lua
run --db j1.db --max-memory 8M run --jobs 2 grows.lua
expect_status 3
expect_stderr_contains "stopped: memory limit of 8 MB exceeded"

# A corpus that does not open is a data error in one line, before any thread starts.
run --db missing.db --readonly run --jobs 2 wordcount
expect_status 1
expect_stderr_equals "parley: missing.db: no such corpus"

printf 'return { map = function(doc) return 1 end, reduce = "sum" }\n' >badfield.lua
run --db j1.db run badfield.lua
expect_status 1
expect_stderr_equals "parley: badfield.lua: the table the script returns has 'reduce' = a string, not a function"
printf 'return { map = function(doc) return 1 end, reduce = function() error("reduce broke") end }\n' >badreduce.lua
run --db j1.db run --jobs 2 badreduce.lua
expect_status 1
expect_stderr_contains "reduce broke"

# ---- fold: each result taken as it comes, in document order, instead of all at once ----
cat >fold.lua <<'EOF'
return {
  docs = { limit = 40 },
  map = function(doc) if doc.id % 3 == 0 then return nil end return doc.id * 2 end,
  init = function() return { sum = 0, ids = {} } end,
  fold = function(acc, result, id)
    assert(result == id * 2, "a result comes with its own document's id")
    acc.sum = acc.sum + result
    acc.ids[#acc.ids + 1] = id
  end,
  output = function(acc) print(acc.sum .. " " .. table.concat(acc.ids, ",")) end,
}
EOF
# Documents 1..40 less the 13 multiples of 3: 2 * (820 - 273) = 1094.
NOT_THIRDS=$(seq 1 40 | awk '$1 % 3' | paste -sd, -)
for j in 1 2 4; do
    run --db j1.db run --jobs $j fold.lua
    expect_status 0
    expect_stdout_equals "1094 $NOT_THIRDS"
done
# A fold that returns a value replaces the accumulator; init may be a plain value.
printf 'return { docs = { limit = 40 }, map = function(doc) return doc.id end, init = 0,\n  fold = function(acc, r) return acc + r end }\n' >foldsum.lua
run --db j1.db run --jobs 3 foldsum.lua
expect_stdout_equals "820"
# Folding happens while documents are mapped: when map fails on document 4, 1 to 3 are already folded.
printf 'return { map = function(doc) if doc.id == 4 then error("stop") end return doc.id end,\n  fold = function(acc, r, id) print("folded " .. id) end }\n' >foldstops.lua
for j in 1 2 4; do
    run --db j1.db run --jobs $j foldstops.lua
    expect_status 1
    expect_stdout_equals "$(printf 'folded 1\nfolded 2\nfolded 3')"
    expect_stderr_contains "parley: map failed on document 4: foldstops.lua:1: stop"
done
printf 'return { map = function(doc) return 1 end, init = 0,\n  fold = function(acc, r, id) if id == 7 then error("fold broke") end return acc + r end }\n' >badfold.lua
for j in 1 2; do
    run --db j1.db run --jobs $j badfold.lua
    expect_status 1
    expect_stdout_empty
    expect_stderr_contains "parley: fold failed on document 7: badfold.lua:2: fold broke"
done
printf 'return { map = function(doc) return 1 end, fold = function() end, init = function() error("no start") end }\n' >badinit.lua
run --db j1.db run --jobs 2 badinit.lua
expect_status 1
expect_stderr_contains "parley: init: badinit.lua:1: no start"
printf 'return { map = function(doc) return 1 end, fold = function() end, reduce = function() end }\n' >both.lua
run --db j1.db run both.lua
expect_status 1
expect_stderr_equals "parley: both.lua: the table the script returns has both 'fold' and 'reduce': fold takes the results one at a time, reduce all at once; keep one"
printf 'return { map = function(doc) return 1 end, fold = true }\n' >foldtype.lua
run --db j1.db run foldtype.lua
expect_status 1
expect_stderr_equals "parley: foldtype.lua: the table the script returns has 'fold' = a boolean, not a function"

# ---- annotations made in map: saved with --save, by the main thread, in document order ----
cat >notes.lua <<'EOF'
return {
  docs = { limit = 120 },
  map = function(doc)
    local n = 0
    for _, m in ipairs(doc:find("\\bsaid\\b")) do
      doc:annotate("SAID", m, { n = n, rule = "said" })
      n = n + 1
    end
    if doc.id % 5 == 0 then doc:annotate("FIFTH", { 1, 1 }) end
    return n
  end,
  reduce = function(r) local s = 0 for _, x in ipairs(r) do s = s + x end return s end,
}
EOF
printf 'local s = dofile("notes.lua")\nfor doc in assert(parley.open()):docs(s.docs) do s.map(doc) end\n' >plainnotes.lua
annotations() {   # DB: every annotation, then the documents the runs saved
    sql_value "$1" "SELECT id || ' ' || doc || ' ' || label || ' ' || start || '-' || stop || ' ' || coalesce(attrs, '') || ' ' || coalesce(rule, '') || ' ' || run FROM annotations ORDER BY id"
    sql_value "$1" "SELECT run || ':' || doc FROM run_docs ORDER BY run, doc"
}
for j in 0 1 2 4; do cp j1.db notes$j.db; done
"$PARLEY_BIN" -q --db notes0.db run --save plainnotes.lua
annotations notes0.db >notes0.txt
expect_eq "$(($(wc -l <notes0.txt) > 200))" 1 "the plain loop saved annotations and its documents"
for j in 1 2 4; do
    run --db notes$j.db run --save --jobs $j notes.lua
    expect_status 0
    expect_stderr_empty
    annotations notes$j.db >notes$j.txt
    expect_eq "$(cat notes$j.txt)" "$(cat notes0.txt)" "--save --jobs $j saves what a plain loop saves, ids included"
done
expect_eq "$(sql_value notes4.db "SELECT count(*) FROM run_docs")" 120 "every mapped document is one of the run's"
expect_eq "$(sql_value notes4.db "SELECT count(*) FROM runs WHERE finished_at IS NOT NULL")" 1 "one run, finished"
run --db notes4.db run --save --jobs 2 notes.lua
expect_eq "$(sql_value notes4.db "SELECT count(*) FROM replaced_annotations")" \
    "$(sql_value notes0.db "SELECT count(*) FROM annotations")" "a second run replaces the first one's annotations"
cp j1.db unsaved.db
run --db unsaved.db run --jobs 2 notes.lua
expect_status 0
expect_eq "$(sql_value unsaved.db "SELECT count(*) FROM annotations")" 0 "without --save nothing is saved"
# A failing map: the documents before it are saved, as by the plain loop, whatever N.
printf 'return { docs = { limit = 50 }, map = function(doc) doc:annotate("X", { 1, 1 })\n  if doc.id == 30 then error("stop") end return 1 end }\n' >failnotes.lua
printf 'local s = dofile("failnotes.lua")\nfor doc in assert(parley.open()):docs(s.docs) do s.map(doc) end\n' >plainfail.lua
for j in 0 1 3; do cp j1.db fail$j.db; done
"$PARLEY_BIN" --db fail0.db run --save plainfail.lua 2>/dev/null
expect_eq "$(sql_value fail0.db "SELECT count(*) FROM annotations")" 29 "the plain loop saved the 29 documents before the failing one"
for j in 1 3; do
    run --db fail$j.db run --save --jobs $j failnotes.lua
    expect_status 1
    expect_eq "$(annotations fail$j.db)" "$(annotations fail0.db)" "a failing --save --jobs $j saved what the plain loop saved"
done
run run --save --stream notes.lua
expect_status 2
expect_stderr_contains "--save saves annotations of stored documents"

# ---- plain scripts ignore --jobs: they run once, in one thread, and say so ----
printf 'print("plain " .. select("#", ...))\n' >plain.lua
run run plain.lua
expect_stdout_equals "plain 0"
expect_stderr_empty
run run --jobs 4 plain.lua
expect_status 0
expect_stdout_equals "plain 0"
expect_stderr_equals "parley: note: plain.lua is not a map/reduce script (it returns no {map = ...}), so it ran in one thread"
run -q run --jobs 4 plain.lua
expect_stderr_empty
# After SCRIPT, --jobs is the script's own argument ...
run run plain.lua --jobs 4
expect_status 0
expect_stdout_equals "plain 2"
# ... which a map/reduce script is told about, before it maps anything.
run --db j1.db run default.lua --jobs 2
expect_status 2
expect_stdout_empty
expect_stderr_contains "--jobs goes before SCRIPT"
run --db j1.db run wordcount --jobs 2
expect_status 2   # the script's own usage error
expect_stderr_contains "hint: --jobs is an option of run, and goes before SCRIPT"

# ---- usage errors ----
for bad in 0 -1 x 257 ""; do
    run run --jobs "$bad" wordcount
    expect_status 2
    expect_stderr_contains "--jobs needs a number of threads from 1 to 256"
done
run run wordcount --jobs=0
expect_status 2
run run --jobs
expect_status 2
run run --skip-bad wordcount
expect_status 2
expect_stderr_contains "--skip-bad applies to the input lines of --stream"
run ingest --jobs 0 .
expect_status 2
expect_stderr_contains "--jobs needs a number of threads"

finish
