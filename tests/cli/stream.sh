# stream.sh: `run --stream` as a JSONL filter (a line per document, flushed), `parley reduce`, and a
# corpus split in 4 parts run with xargs -P 4 and reduced, which must give the single run's report.
source "$(dirname "$0")/lib/common.sh"

reuters_files 300
"$PARLEY_BIN" -q --db c.db ingest "${FILES[@]}" || fail "ingest of the Reuters articles failed"
DOCS=$(doc_count c.db)

# The corpus's documents as JSON Lines, so the filter maps exactly what the corpus holds.
cat >export.lua <<'EOF'
local corpus = assert(parley.open())
for doc in corpus:docs() do
  print(parley.json.encode{ id = "reuters-" .. doc.id, text = doc.text, title = doc.title })
end
EOF
"$PARLEY_BIN" --db c.db run export.lua >docs.jsonl
"$PARLEY_BIN" --db c.db run wordcount >single.txt
expect_eq "$(head -n 1 single.txt | cut -d' ' -f1)" "$DOCS" "the single run counts every document"

# ---- the filter: one result line per document, in input order ----
run_stdin docs.jsonl run --stream wordcount
expect_status 0
expect_stderr_empty
expect_stdout_lines "$DOCS"
cp "$STDOUT_FILE" results.jsonl
py_check results.jsonl "$DOCS" <<'EOF'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
assert lines[-1] == "", "the output ends with a newline"
lines = lines[:-1]
assert len(lines) == int(sys.argv[2]), len(lines)
for i, line in enumerate(lines, 1):
    obj = json.loads(line)
    assert list(obj) == ["id", "result"], obj.keys()
    assert obj["id"] == "reuters-%d" % i, obj["id"]
    assert all(isinstance(n, int) and n > 0 for n in obj["result"].values())
EOF
expect_status_of_py() { if [ "$1" = 0 ]; then pass; else fail "$2"; fi; }
expect_status_of_py $? "every line is {\"id\": the document's id, \"result\": counts}"

# reduce reads them back: the single run's report, byte for byte.
run_stdin results.jsonl reduce wordcount
expect_status 0
expect_stdout_equals single.txt
run_stdin results.jsonl reduce wordcount 5
expect_stdout_lines 6

# Flushed per line: the first result arrives while stdin is still open.
head -n 1 docs.jsonl >first.jsonl
coproc FILTER { "$PARLEY_BIN" run --stream wordcount 2>filter.err; }
filter_pid=$FILTER_PID   # bash unsets FILTER_PID once the coprocess ends
filter_in=${FILTER[1]}
cat first.jsonl >&"${FILTER[1]}"
if IFS= read -r -t 20 line <&"${FILTER[0]}"; then
    pass
    expect_eq "${line:0:26}" '{"id":"reuters-1","result"' "the first result line"
else
    fail "no result line within 20 s while stdin stayed open (not flushed per line?)"
fi
sed -n 2p docs.jsonl >&"${FILTER[1]}"
IFS= read -r -t 20 line <&"${FILTER[0]}" && pass || fail "no second line"
expect_eq "${line:0:17}" '{"id":"reuters-2"' "the second result line"
exec {filter_in}>&-
wait "$filter_pid"
expect_eq "$?" 0 "the filter ends when stdin closes"
expect_eq "$(cat filter.err)" "" "and says nothing on stderr"

# ---- split in 4, run in parallel with xargs -P 4, reduce: the single run's report ----
split -n l/4 -d docs.jsonl part-
expect_eq "$(ls part-* | wc -l | tr -d ' ')" 4 "four parts"
# shellcheck disable=SC2016
ls part-* | xargs -P 4 -I{} sh -c '"$0" run --stream wordcount <"$1" >"$1.out"' "$PARLEY_BIN" {}
expect_eq "$(cat part-0?.out | wc -l | tr -d ' ')" "$DOCS" "a result line per document across the parts"
cat part-00.out part-01.out part-02.out part-03.out >parts.jsonl
expect_eq "$(cat parts.jsonl)" "$(cat results.jsonl)" "the parts' results, concatenated, are the single filter's"
run_stdin parts.jsonl reduce wordcount
expect_status 0
expect_stdout_equals single.txt
# and the same for --jobs 4 on the corpus
run --db c.db run --jobs 4 wordcount
expect_stdout_equals single.txt

# ---- ids, blank lines, CRLF, a BOM, nil results ----
printf '\xEF\xBB\xBF{"text": "Baku and Yerevan"}\r\n\n  \n{"text": "Peace talks", "id": 42}\n{"text": "skip me"}\n' >small.jsonl
cat >skip.lua <<'EOF'
return { map = function(doc)
  if doc.text:find("skip") then return nil end
  return { words = #doc:tokens(), title = doc.title, origin = doc.origin, stored = doc.id ~= nil }
end }
EOF
run_stdin small.jsonl run --stream skip.lua
expect_status 0
expect_stderr_empty
expect_stdout_equals '{"id":1,"result":{"origin":"-:1","stored":false,"words":3}}
{"id":42,"result":{"origin":"-:4","stored":false,"words":2}}'
printf '{"text": "x", "id": null}\n{"text": "y", "id": "a b"}\n' | "$PARLEY_BIN" run --stream skip.lua >ids.out
expect_eq "$(cat ids.out)" '{"id":1,"result":{"origin":"-:1","stored":false,"words":1}}
{"id":"a b","result":{"origin":"-:2","stored":false,"words":1}}' "a null id is the line number; a string id is kept"
printf '{"text": "date 2025-03-13 Talks resumed.", "title": "T"}\n' >meta.jsonl
printf 'return { map = function(doc) return { doc.date, doc.title, doc.text } end }\n' >meta.lua
run_stdin meta.jsonl run --stream meta.lua
expect_stdout_equals '{"id":1,"result":["2025-03-13","T","Talks resumed."]}'

# ---- bad lines: the line number; --skip-bad goes on ----
printf '{"text": "one"}\nnot json\n{"title": "no text"}\n{"text": ""}\n{"text": "\\u00e9 two"}\n' >bad.jsonl
run_stdin bad.jsonl run --stream wordcount
expect_status 1
expect_stdout_equals '{"id":1,"result":{"one":1}}'
expect_stderr_equals "parley: -:2:3: invalid JSON: '[' or '{' expected near 'not'"
run_stdin bad.jsonl run --stream --skip-bad wordcount
expect_status 0
expect_stdout_equals '{"id":1,"result":{"one":1}}
{"id":5,"result":{"e":1,"two":1}}'
expect_stderr_equals "parley: -:2:3: invalid JSON: '[' or '{' expected near 'not' (skipped)
parley: -:3: no \"text\" field (skipped)
parley: -:4: empty or non-string \"text\" field (skipped)"
printf '{"text": "bad \xC3("}\n' >utf8.jsonl
run_stdin utf8.jsonl run --stream wordcount
expect_status 1
expect_stderr_contains "-:1"

# map errors stop the filter at their line, after the lines before it were written.
printf 'return { map = function(doc) if doc.text == "boom" then error("cannot") end return 1 end }\n' >boom.lua
printf '{"text": "fine"}\n{"text": "boom"}\n{"text": "never"}\n' >boom.jsonl
run_stdin boom.jsonl run --stream --skip-bad boom.lua
expect_status 1
expect_stdout_equals '{"id":1,"result":1}'
expect_stderr_contains "parley: map failed on line 2: boom.lua:1: cannot"

# A plain script cannot filter: it runs once, then --stream says why.
printf 'print("plain")\n' >plain.lua
run_stdin small.jsonl run --stream plain.lua
expect_status 2
expect_stdout_equals "plain"
expect_stderr_contains "--stream needs a map/reduce script"
run run --stream --jobs 2 wordcount
expect_status 2
expect_stderr_contains "--stream maps one input in one thread"

# ---- reduce: bad input lines ----
run_input '{"id":1,"result":{"a":2}}
{"id":2,"result":{"a":3,"b":1}}
' reduce wordcount
expect_status 0
expect_stdout_equals "2 documents, 6 words, 2 distinct
       5  a
       1  b"
run_input '{"id":1,"result":{"a":2}}
{"id":2}
' reduce wordcount
expect_status 1
expect_stderr_equals 'parley: -:2: not a result of `parley run --stream` (expected {"id": ..., "result": ...})'
run_input 'oops' reduce wordcount
expect_status 1
expect_stderr_equals "parley: -:1:4: invalid JSON: invalid token near 'oops'"
run_input '' reduce wordcount
expect_status 0
expect_stdout_equals "0 documents, 0 words, 0 distinct"
run_input '' reduce plain.lua
expect_status 1
expect_stderr_contains "plain.lua is not a map/reduce script"
run reduce
expect_status 2
run reduce --frobnicate wordcount
expect_status 2
run reduce no-such-script
expect_status 1

# ---- reduce with fold: each line folded as it is read, with its id ----
printf 'return { map = function(doc) return #doc.text end, init = function() return { n = 0, ids = {} } end,\n  fold = function(acc, r, id) acc.n = acc.n + r; acc.ids[#acc.ids + 1] = id; print("folded " .. id) end,\n  output = function(acc) print(acc.n .. " " .. table.concat(acc.ids, ",")) end }\n' >fold.lua
run_input '{"id":"a","result":1}
{"id":"b","result":20}

{"id":"c","result":300}
' reduce fold.lua
expect_status 0
expect_stdout_equals "folded a
folded b
folded c
321 a,b,c"
# A bad line stops the reduce there: the lines before it were folded already.
run_input '{"id":"a","result":1}
{"id":"b","result":20}
oops' reduce fold.lua
expect_status 1
expect_stdout_equals "folded a
folded b"
expect_stderr_equals "parley: -:3:4: invalid JSON: invalid token near 'oops'"
printf 'return { map = function(doc) return 1 end, fold = function(acc, r, id) if id == "b" then error("no b") end end }\n' >badfold.lua
run_input '{"id":"a","result":1}
{"id":"b","result":2}
' reduce badfold.lua
expect_status 1
expect_stderr_contains "parley: fold failed on line 2: badfold.lua:1: no b"

# ---- the briefing and the analyses stream too: split in 4, mapped by 4 processes, reduced ----
# The corpus as JSON Lines with dates and sources (for the filters), ingested again, so
# that line N is document N of m.db and has the id N (a part of a split input numbers
# its lines from 1): the references of the two reports must agree.
cat >export_meta.lua <<'EOF'
local corpus, n = assert(parley.open()), 0
for doc in corpus:docs() do
  n = n + 1
  print(parley.json.encode{ id = n, text = doc.text, title = doc.title, date = string.format("1987-03-%02d", n % 28 + 1),
                            source = n % 3 == 0 and "wire-a" or "wire-b" })
end
EOF
"$PARLEY_BIN" --db c.db run export_meta.lua >meta_docs.jsonl
"$PARLEY_BIN" -q --db m.db ingest --jsonl meta_docs.jsonl || fail "ingest --jsonl of the exported corpus failed"
expect_eq "$(doc_count m.db)" "$DOCS" "every exported document ingested again"
split -n l/4 -d meta_docs.jsonl whole-
# streamed SCRIPT ARGS...: the parts mapped by 4 processes at once, then reduced, into streamed.out
streamed() {
    rm -f whole-0?.out
    # shellcheck disable=SC2016
    ls whole-0? | xargs -P 4 -I{} sh -c 'part=$1; shift; "$0" run --stream "$@" <"$part" >"$part.out"' \
        "$PARLEY_BIN" {} "$@" || fail "a stream of '$*' failed"
    cat whole-00.out whole-01.out whole-02.out whole-03.out >whole.jsonl
    "$PARLEY_BIN" reduce "$@" <whole.jsonl >streamed.out 2>streamed.err || fail "reduce of '$*' failed: $(cat streamed.err)"
}
for args in "briefing --format json" "briefing --keep-duplicates --format json" "quotes --format csv" \
            "issues --format csv" "timeline --format csv" "actors --format csv" "summary 4 --format csv" \
            "briefing --since 1987-03-10 --until 1987-03-20 --format json" \
            "quotes --source wire-a --limit 30 --format csv" "timeline --lang en --until 1987-03-05 --format csv"; do
    # shellcheck disable=SC2086
    run --db m.db run $args
    expect_status 0
    cp "$STDOUT_FILE" single.out
    expect_eq "$(($(wc -c <single.out) > 250))" 1 "'$args' reports something on the corpus"
    # shellcheck disable=SC2086
    streamed $args
    cmp -s single.out streamed.out && pass || fail "'$args' streamed and reduced differs from the corpus run"
done
# The stream applied the filters itself: the documents dated 10 to 20 March, counted
# from the JSON Lines; and for quotes, only wire-a documents up to the 30th of them.
py_lines() { python3 -c "import json,sys
docs = [json.loads(l) for l in open('meta_docs.jsonl', encoding='utf-8')]
$1"; }
streamed briefing --keep-duplicates --since 1987-03-10 --until 1987-03-20 --format json
expect_eq "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["sections"][0]["text"].split()[0])' <streamed.out)" \
    "$(py_lines 'print(sum(1 for d in docs if "1987-03-10" <= d["date"] <= "1987-03-20"))')" \
    "the streamed briefing counts the documents dated 10 to 20 March"
streamed quotes --source wire-a --limit 30 --format csv
csv_docs() { python3 -c 'import csv,sys
print("\n".join(sorted({r[0] for r in list(csv.reader(sys.stdin))[1:]})))'; }
csv_docs <streamed.out >quoted.txt
expect_eq "$(($(wc -l <quoted.txt) > 3))" 1 "quotes in the first 30 wire-a documents"
expect_eq "$(py_lines 'import sys
wire_a = [i + 1 for i, d in enumerate(docs) if d["source"] == "wire-a"][:30]
quoted = [int(x) for x in open("quoted.txt")]
print(all(q in wire_a for q in quoted))')" True "every quote is from one of the first 30 wire-a documents"
# Syndicated copies kept (--keep-duplicates) tie in the summary's ranking; which copy wins
# must not depend on the process: Lua seeds its string hashes afresh in each, and sums
# taken in pairs() order came out differently from one run to the next.
py_lines 'for k in range(3):
    for d in docs[:40]:
        copy = {key: value for key, value in d.items() if key != "id"}
        copy["text"] += "\n\n(copy %d)" % k
        print(json.dumps(copy))' >copies.jsonl
"$PARLEY_BIN" -q --db copies.db ingest --jsonl copies.jsonl || fail "ingest of the copies failed"
expect_eq "$(doc_count copies.db)" 120 "three copies of 40 documents"
for i in 1 2 3 4 5; do "$PARLEY_BIN" --db copies.db run summary 5 --keep-duplicates --format csv | cksum; done >sums.txt
expect_eq "$(sort -u sums.txt | wc -l | tr -d ' ')" 1 "five processes pick the same copies"

# A reduce reads only the lines its own stream wrote, with the same options: else one line, status 1.
head -n 3 meta_docs.jsonl >three.jsonl
run_stdin three.jsonl run --stream wordcount
cp "$STDOUT_FILE" three-wordcount.jsonl
run_stdin three-wordcount.jsonl reduce briefing
expect_status 1
expect_stderr_equals "parley: fold failed on line 1: not a line that \`parley run --stream briefing\` wrote"
run_stdin three.jsonl run --stream quotes --keep-duplicates
cp "$STDOUT_FILE" three-quotes.jsonl
run_stdin three-quotes.jsonl reduce quotes
expect_status 1
expect_stderr_one_clean_line
expect_stderr_contains "a result without a signature: give \`run --stream quotes\` and \`reduce quotes\` the same options"
run_stdin three-quotes.jsonl reduce quotes --keep-duplicates
expect_status 0

# A reprint (the same story, boilerplate added) is not extracted by the stream that mapped
# its twin; reduced out of order, the twin has not come yet: one line, status 1.
py_lines 'first = dict(docs[0])
print(json.dumps(first))
first["id"] = 2
first["text"] += "\n\nAdvertisement\n\nFollow us on Telegram for more."
print(json.dumps(first))' >reprint.jsonl
run_stdin reprint.jsonl run --stream briefing
expect_status 0
cp "$STDOUT_FILE" reprint.out
expect_eq "$(sed -n 2p reprint.out | grep -c '"reprint":true')" 1 "the reprint's line carries its signature alone"
run_stdin reprint.out reduce briefing
expect_status 0
expect_stdout_contains "1 document, "
tac reprint.out >reversed.out
run_stdin reversed.out reduce briefing
expect_status 1
expect_stderr_one_clean_line
expect_stderr_contains "document 2 reprints one that its stream mapped before it"

# A document's own "id" names it in the references (here a string).
streamed_ids() { "$PARLEY_BIN" run --stream quotes <docs.jsonl | "$PARLEY_BIN" reduce quotes --format csv; }
expect_eq "$(streamed_ids | csv_docs | grep -vc '^reuters-[0-9]*$')" 0 "every quote names its document by its JSON id"
expect_eq "$(($(streamed_ids | csv_docs | wc -l) > 10))" 1 "quotes found in the stream, in many documents"
finish
