# interchange.sh: `parley export` and `parley import` on Armenian and emoji text: offsets that
# Python slices agree with, CSV that Python's csv module reads (commas, quotes, newlines in
# fields), brat files, round trips back to the same bytes, and usage errors.
source "$(dirname "$0")/lib/common.sh"

printf 'Հայաստանը 🇦🇲 և Ադրբեջանը 👩‍👩‍👧 "ստորագրեցին", Bakı-da.\nSecond line, with "quotes", commas.\n' >hy.txt
printf 'Plain English: Baku and Yerevan.\n' >en.txt
run --db c.db ingest hy.txt en.txt --source wire
expect_status 0
# Annotations as a script would save them: byte offsets, 1-based inclusive
run --db c.db eval '
local c = parley.open()
for id, spans in pairs({
    [1] = { { "Հայաստանը", "GPE" }, { "🇦🇲", "EMOJI" }, { "Ադրբեջանը", "GPE" }, { "👩‍👩‍👧", "EMOJI" },
            { "\"ստորագրեցին\", Bakı", "QUOTE" }, { "with \"quotes\", commas", "QUOTE" } },
    [2] = { { "Baku", "GPE" }, { "Yerevan", "GPE" } } }) do
  local t = c:get(id).text
  for i, sp in ipairs(spans) do
    local s, e = t:find(sp[1], 1, true)
    c:sql("INSERT INTO annotations(doc, label, start, stop, attrs) VALUES (?, ?, ?, ?, ?)", id, sp[2], s, e,
          i == 1 and "{\"note\": \"a, \\\"b\\\"\"}" or parley.null)
  end
end'
expect_status 0
expect_eq "$(sql_value c.db 'SELECT count(*) FROM annotations')" 8 "annotations stored"

# ---- doccano: Python's text[start:end] is the annotated text ----
run --db c.db export --format doccano -o d.jsonl
expect_status 0
expect_stdout_empty
py_check d.jsonl <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(recs) == 2, recs
t = recs[0]["text"]
got = [t[s:e] for s, e, _ in recs[0]["label"]]
assert got == ["Հայաստանը", "🇦🇲", "Ադրբեջանը", "👩‍👩‍👧", '"ստորագրեցին", Bakı', 'with "quotes", commas'], got
assert recs[0]["doc"] == 1 and recs[0]["source"] == "wire"
assert [recs[1]["text"][s:e] for s, e, _ in recs[1]["label"]] == ["Baku", "Yerevan"]
PY
expect_eq "$?" 0 "doccano offsets slice right in Python"

# ---- Label Studio: JSON array of tasks, predictions; value.text = text[start:end] ----
run --db c.db export --format labelstudio --label GPE -o ls.json
expect_status 0
py_check ls.json <<'PY'
import json, sys
tasks = json.load(open(sys.argv[1], encoding="utf-8"))
assert len(tasks) == 2
for task in tasks:
    for r in task["predictions"][0]["result"]:
        v = r["value"]
        assert task["data"]["text"][v["start"]:v["end"]] == v["text"], v
        assert v["labels"] == ["GPE"], v
assert [r["value"]["text"] for r in tasks[0]["predictions"][0]["result"]] == ["Հայաստանը", "Ադրբեջանը"]
assert [r["value"]["text"] for r in tasks[1]["predictions"][0]["result"]] == ["Baku", "Yerevan"]
PY
expect_eq "$?" 0 "labelstudio offsets slice right in Python, --label filters"
run --db c.db export --format labelstudio --annotated --label EMOJI -o ls.jsonl
py_check ls.jsonl <<'PY'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert len(lines) == 1, "--annotated: only the document with EMOJI, one JSON object a line"
assert json.loads(lines[0])["data"]["doc"] == 1
PY
expect_eq "$?" 0 "labelstudio JSONL when -o ends in .jsonl; --annotated"

# ---- brat: txt[start:end] (code points) is the text on the T line ----
run --db c.db export --format brat -o brat
expect_status 0
expect_eq "$(ls brat | tr '\n' ' ')" "doc_1.ann doc_1.txt doc_2.ann doc_2.txt " "brat files"
py_check brat <<'PY'
import sys, os, json
d = sys.argv[1]
for name in ("doc_1", "doc_2"):
    txt = open(os.path.join(d, name + ".txt"), encoding="utf-8", newline="").read()
    for line in open(os.path.join(d, name + ".ann"), encoding="utf-8"):
        if line.startswith("T"):
            tid, mid, text = line.rstrip("\n").split("\t")
            label, s, e = mid.split(" ")
            assert txt[int(s):int(e)].replace("\n", " ") == text, (txt[int(s):int(e)], text)
        elif line.startswith("#"):
            assert json.loads(line.split("\t")[2]) == {"note": 'a, "b"'}
PY
expect_eq "$?" 0 "brat offsets are code points of the .txt"

# ---- CSV: Python's csv module reads every field back, and agrees with the JSONL ----
run --db c.db export --format csv -o a.csv
expect_status 0
run --db c.db export --format jsonl -o a.jsonl
expect_status 0
py_check a.csv a.jsonl <<'PY'
import csv, json, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
recs = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
assert len(rows) == len(recs) == 8, (len(rows), len(recs))
for row, rec in zip(rows, recs):
    for k, v in rec.items():
        want = json.dumps(v, separators=(",", ":"), sort_keys=True, ensure_ascii=False) if isinstance(v, dict) else str(v)
        assert row[k] == want, (k, row[k], want)
texts = [r["text"] for r in rows]
assert '"ստորագրեցին", Bakı' in texts and 'with "quotes", commas' in texts
doc1 = "Հայաստանը 🇦🇲 և Ադրբեջանը 👩‍👩‍👧 \"ստորագրեցին\", Bakı-da.\nSecond line, with \"quotes\", commas.\n"
for r in recs:
    if r["doc"] == 1:
        assert doc1[r["char_start"] - 1:r["char_stop"]] == r["text"]
        assert doc1.encode()[r["start"] - 1:r["stop"]].decode() == r["text"]
PY
expect_eq "$?" 0 "CSV read by Python's csv module equals the JSONL; both offsets slice right"
# A field with a newline inside: one record over two lines, quoted
run --db c.db export --format csv --documents
expect_status 0
py_check "$STDOUT_FILE" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
assert [r["id"] for r in rows] == ["1", "2"]
assert rows[0]["text"].count("\n") == 2 and rows[0]["source"] == "wire"
assert rows[0]["chars"] == str(len(rows[0]["text"]))
PY
expect_eq "$?" 0 "documents as CSV: text with newlines in one field"
# Documents as JSONL go back in with ingest --jsonl (the same texts: nothing new)
run --db c.db export --format jsonl --documents -o docs.jsonl
run --db c.db ingest --jsonl docs.jsonl
expect_status 0
expect_eq "$(doc_count c.db)" 2 "re-ingesting exported documents adds nothing"
# pandas (python3-pandas, a test dependency) reads both as tables
if need_python pandas; then
    py_check a.jsonl a.csv <<'PY'
import sys, pandas as pd
j = pd.read_json(sys.argv[1], lines=True)
c = pd.read_csv(sys.argv[2])
assert len(j) == len(c) == 8 and list(j["text"]) == list(c["text"])
PY
    expect_eq "$?" 0 "pandas reads the JSONL and the CSV alike"
fi

# ---- import: each format gives the same gold spans (bytes and code points) ----
run --db c.db export --format labelstudio --as-annotations -o done.json
for f in "doccano d.jsonl" "labelstudio done.json" "brat brat" "jsonl a.jsonl" "csv a.csv"; do
    set -- $f
    run --db c.db import --format "$1" "$2" -o "gold.$1"
    expect_status 0
    expect_stderr_empty
done
py_check gold.doccano gold.labelstudio gold.brat gold.jsonl gold.csv <<'PY'
import json, sys
def spans(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        g = json.loads(line)
        for s in g["spans"]:   # what parley evaluate reads: code points from 0, stop exclusive
            assert g["text"][s["start"]:s["stop"]] == s["text"], (path, s)
        out[g["doc"]] = [(s["label"], s["start"], s["stop"], s["text"]) for s in g["spans"]]
    return out
ref = spans(sys.argv[1])
assert len(ref[1]) == 6 and len(ref[2]) == 2, ref
for other in sys.argv[2:]:
    assert spans(other) == ref, (other, spans(other), ref)
PY
expect_eq "$?" 0 "doccano, labelstudio, brat, jsonl and csv import to the same gold spans"
# parley evaluate reads the gold file as it is: the corpus's annotations score perfectly
run --db c.db evaluate gold.doccano
expect_status 0
expect_stdout_matches '1\.00'
run --db c.db evaluate --json gold.brat
expect_status 0
py_check "$STDOUT_FILE" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
text = json.dumps(r)
assert '"fn": 0' in text.replace('"fn":0', '"fn": 0') and '"fp": 0' in text.replace('"fp":0', '"fp": 0'), text[:400]
PY
expect_eq "$?" 0 "evaluate on the imported brat gold: no false positive or negative"
# Predictions are not gold unless asked for
run --db c.db import --format labelstudio ls.json
expect_stdout_not_contains '"label"'
run --db c.db import --format labelstudio --predictions ls.json
expect_stdout_contains '"label":"GPE"'
# A document is found by its text when the record has no id
printf '{"text": "Plain English: Baku and Yerevan.\\n", "label": [[15, 19, "GPE"]]}\n' >noid.jsonl
run --db c.db import --format doccano noid.jsonl
expect_status 0
expect_stdout_contains '"doc":2'
expect_stdout_contains '"text":"Baku"'

# ---- errors ----
run --db c.db export
expect_status 2
expect_stderr_contains "--format"
run --db c.db export --format xml
expect_status 2
expect_stderr_contains "unknown format 'xml'"
run --db c.db export --format brat
expect_status 2
expect_stderr_contains "-o DIR"
run --db c.db export --format doccano --documents
expect_status 2
run --db c.db import --format doccano
expect_status 2
run --db c.db import --format doccano missing.jsonl
expect_status 1
expect_stderr_one_clean_line
printf '{"text": "abc", "label": [[0, 9, "X"]]}\n' >bad.jsonl
run --db c.db import --format doccano bad.jsonl
expect_status 1
expect_stderr_contains "bad.jsonl: record 1"
expect_stderr_one_clean_line
# An annotation that splits a character is refused with the document named
run --db c.db sql 'INSERT INTO annotations(doc, label, start, stop) VALUES (1, ?, 2, 5)' BAD
run --db c.db export --format doccano
expect_status 1
expect_stderr_contains "document 1"
expect_stderr_contains "split a character"

finish
