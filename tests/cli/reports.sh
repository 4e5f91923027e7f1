# reports.sh: the JSON and CSV reports of bundled scripts load as tables: every `--json` line
# follows the script's schema in docs/schemas/, and the `--csv` that Python's csv module
# reads holds the same records (commas, quotes and newlines inside fields included).
# Scripts built on parley.report (`--format json|csv`) follow report.schema.json unless they
# have a schema of their own, and their CSV is the primary table of their JSON.
source "$(dirname "$0")/lib/common.sh"

SCHEMAS=$PARLEY_SOURCE_DIR/docs/schemas
cp "$(seed_file)" seed.txt
printf 'Yerevan, Baku "agree"\n\nԵրևան և Բաքու 🇦🇲.\n' >hy.txt
run --db r.db ingest seed.txt
run --db r.db ingest hy.txt --source 'Wire, "Armenpress"' --title $'Two\nlines'
expect_status 0

# validate SCHEMA FILE: each JSON line against the schema (the subset of JSON Schema used there)
validate() {
    py_check "$1" "$2" <<'PY'
import json, sys
schema = json.load(open(sys.argv[1], encoding="utf-8"))
TYPES = {"string": str, "integer": int, "number": (int, float), "object": dict, "array": list,
         "boolean": bool, "null": type(None)}
def check(value, s, where):
    types = s.get("type")
    if types:
        types = types if isinstance(types, list) else [types]
        ok = any(isinstance(value, TYPES[t]) and not (t in ("integer", "number") and isinstance(value, bool))
                 for t in types)
        assert ok, "%s: %r is not %s" % (where, value, types)
    if isinstance(value, (int, float)) and "minimum" in s:
        assert value >= s["minimum"], "%s: %r < %r" % (where, value, s["minimum"])
    if isinstance(value, dict):
        for k in s.get("required", []):
            assert k in value, "%s: %s is missing" % (where, k)
        props = s.get("properties", {})
        if s.get("additionalProperties") is False:
            extra = set(value) - set(props)
            assert not extra, "%s: not in the schema: %s" % (where, sorted(extra))
        for k, v in value.items():
            if k in props:
                check(v, props[k], where + "." + k)
    if isinstance(value, list) and "items" in s:
        for i, v in enumerate(value):
            check(v, s["items"], "%s[%d]" % (where, i))
n = 0
for i, line in enumerate(open(sys.argv[2], encoding="utf-8"), 1):
    check(json.loads(line), schema, "line %d" % i)
    n += 1
assert n > 0, "no records"
PY
}

# same_records SCHEMA JSONL CSV: the CSV's columns are x-columns and its rows the JSON records
same_records() {
    py_check "$1" "$2" "$3" <<'PY'
import csv, json, sys
columns = json.load(open(sys.argv[1], encoding="utf-8"))["x-columns"]
recs = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
with open(sys.argv[3], newline="", encoding="utf-8") as f:
    reader = csv.reader(f)
    header = next(reader)
    rows = list(reader)
assert header == columns, (header, columns)
assert len(rows) == len(recs), (len(rows), len(recs))
for rec, row in zip(recs, rows):
    want = ["" if rec[c] is None else str(rec[c]) for c in columns]
    assert row == want, (row, want)
PY
}

# report_consistent JSON CSV: tables' rows have their columns; the CSV is the primary table
report_consistent() {
    py_check "$1" "$2" <<'PY'
import csv, json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
tables = [s for s in r["sections"] if s["type"] == "table"]
for t in tables:
    for row in t["rows"]:
        assert list(row) == t["columns"] or set(row) == set(t["columns"]), (t["name"], row.keys())
chosen = next((t for t in tables if t.get("primary")), tables[0] if tables else None)
with open(sys.argv[2], newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
if chosen is None:
    assert rows == [], rows
else:
    assert rows[0] == chosen["columns"], (rows[0], chosen["columns"])
    want = [["" if row[c] is None else (json.dumps(row[c]) if isinstance(row[c], bool) else str(row[c]))
             for c in chosen["columns"]] for row in chosen["rows"]]
    assert len(rows) - 1 == len(want), (len(rows) - 1, len(want))
PY
}

names=$("$PARLEY_BIN" scripts --names)
expect_eq "$(wc -w <<<"$names" | tr -d ' ')" "$(ls "$PARLEY_SOURCE_DIR"/scripts/*.lua | wc -l | tr -d ' ')" \
    "scripts --names lists every bundled script"
# The arguments a script needs before it reports anything (kwic TERM).
script_args() {
    case $1 in
        kwic) echo peace ;;
    esac
}
for name in $names; do
    args=$(script_args "$name")
    run --db r.db run "$name" $args --format json
    if [ "$STATUS" = 0 ]; then
        cp "$STDOUT_FILE" "$name.report.json"
        schema=$SCHEMAS/$name.schema.json
        [ -f "$schema" ] || schema=$SCHEMAS/report.schema.json
        validate "$schema" "$name.report.json"
        expect_eq "$?" 0 "$name --format json follows $(basename "$schema")"
        run --db r.db run "$name" $args --format csv
        expect_status 0
        cp "$STDOUT_FILE" "$name.report.csv"
        report_consistent "$name.report.json" "$name.report.csv"
        expect_eq "$?" 0 "$name --format csv is the primary table of its JSON"
        continue
    fi
    run --db r.db run "$name" $args --json
    if [ "$STATUS" != 0 ]; then   # no JSON report: the script must still run (a broken one used to be a NOTE)
        run --db r.db run "$name" $args
        expect_status 0
        continue
    fi
    cp "$STDOUT_FILE" "$name.jsonl"
    if [ -f "$SCHEMAS/$name.schema.json" ]; then pass; else
        fail "bundled script '$name' prints --json but docs/schemas/$name.schema.json is missing"
        continue
    fi
    validate "$SCHEMAS/$name.schema.json" "$name.jsonl"
    expect_eq "$?" 0 "$name --json follows docs/schemas/$name.schema.json"
    run --db r.db run "$name" $args --csv
    expect_status 0
    if [ "$STATUS" = 0 ]; then
        cp "$STDOUT_FILE" "$name.csv"
        same_records "$SCHEMAS/$name.schema.json" "$name.jsonl" "$name.csv"
        expect_eq "$?" 0 "$name --csv holds the --json records"
    fi
    if python3 -c 'import pandas' 2>/dev/null; then
        py_check "$name.jsonl" "$name.csv" <<'PY'
import sys, pandas as pd
j = pd.read_json(sys.argv[1], lines=True)
c = pd.read_csv(sys.argv[2])
assert list(j.columns) and len(j) == len(c)
PY
        expect_eq "$?" 0 "pandas reads $name's JSON lines and CSV"
    fi
done

# overview specifically: the awkward fields survive both formats
expect_eq "$(grep -c . overview.jsonl)" 2 "overview: one line per document"
py_check overview.csv <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
assert rows[1]["source"] == 'Wire, "Armenpress"', rows[1]
assert rows[1]["title"] == "Two\nlines", rows[1]
assert rows[0]["source"] == ""
PY
expect_eq "$?" 0 "overview CSV: comma, quotes and newline inside fields; empty for null"
run --db r.db run overview --json --limit 1
expect_stdout_lines 1
run --db r.db run overview --xml
expect_status 1
expect_stderr_contains "usage: parley run overview"

# Every schema is valid JSON and names a bundled script (report: the shared one)
for f in "$SCHEMAS"/*.schema.json; do
    name=$(basename "$f" .schema.json)
    if [ "$name" = report ] || grep -qxF "$name" <<<"$names"; then pass; else
        fail "docs/schemas/$name.schema.json: no such bundled script"; fi
    python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$f"
    expect_eq "$?" 0 "$name.schema.json is JSON"
done

finish
