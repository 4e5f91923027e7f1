# reports.sh: the JSON and CSV reports of bundled scripts load as tables: every bundled script
# that prints JSON has a schema of its own in docs/schemas/ (report.schema.json is only the
# envelope they share) and its output follows it, checked by the jsonschema library; the CSV
# that Python's csv module reads holds the same records (commas, quotes and newlines inside
# fields included); pandas and R (read.csv, jsonlite) load both.
# Scripts built on parley.report take `--format json|csv`; overview prints `--json` lines.
source "$(dirname "$0")/lib/common.sh"

SCHEMAS=$PARLEY_SOURCE_DIR/docs/schemas
VALIDATE=$TEST_DIR/lib/validate_json.py
need_python jsonschema pandas || finish
command -v Rscript >/dev/null || { fail "Rscript is missing (r-base-core; sh tools/install-deps.sh test)"; finish; }

cp "$(seed_file)" seed.txt
printf 'Yerevan, Baku "agree"\n\nԵրևան և Բաքու 🇦🇲.\n' >hy.txt
run --db r.db ingest seed.txt
run --db r.db ingest hy.txt --source 'Wire, "Armenpress"' --title $'Two\nlines'
expect_status 0

# Every schema is valid 2020-12, uses only keywords the validator asserts, and names a
# bundled script (report: the shared envelope).
names=$("$PARLEY_BIN" scripts --names)
expect_eq "$(wc -w <<<"$names" | tr -d ' ')" "$(ls "$PARLEY_SOURCE_DIR"/scripts/*.lua | wc -l | tr -d ' ')" \
    "scripts --names lists every bundled script"
"$PYTHON" "$VALIDATE" --schemas "$SCHEMAS"/*.schema.json >schemas.out
expect_eq "$?" 0 "docs/schemas/*.schema.json are valid schemas: $(head -n 5 schemas.out)"
for f in "$SCHEMAS"/*.schema.json; do
    name=$(basename "$f" .schema.json)
    if [ "$name" = report ] || grep -qxF "$name" <<<"$names"; then pass; else
        fail "docs/schemas/$name.schema.json: no such bundled script"; fi
done

# validate NAME FILE [--lines]: FILE follows docs/schemas/NAME.schema.json, which must exist
validate() {
    local schema=$SCHEMAS/$1.schema.json out
    if [ ! -f "$schema" ]; then
        fail "bundled script '$1' prints JSON but docs/schemas/$1.schema.json is missing"
        return
    fi
    out=$("$PYTHON" "$VALIDATE" "$schema" "$2" ${3:+"$3"} 2>&1)
    expect_eq "$?" 0 "$1's JSON follows $1.schema.json: $(head -n 5 <<<"$out")"
}

# report_consistent JSON CSV: the CSV is the primary table (else the first) of the report
report_consistent() {
    py_check "$1" "$2" <<'PY'
import csv, json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
tables = [s for s in r["sections"] if s["type"] == "table"]
chosen = next((t for t in tables if t.get("primary")), tables[0] if tables else None)
with open(sys.argv[2], newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
if chosen is None:
    assert rows == [], rows
else:
    assert rows[0] == chosen["columns"], (rows[0], chosen["columns"])
    want = [["" if row[c] is None else (json.dumps(row[c]) if isinstance(row[c], bool) else str(row[c]))
             for c in chosen["columns"]] for row in chosen["rows"]]
    assert rows[1:] == want, "CSV rows differ from the JSON rows"
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

# Arguments a script needs to print anything at all.
script_args() {
    case $1 in
        kwic) echo peace ;;
    esac
}

: >reports.list   # NAME KIND (report: --format json|csv; lines: --json|--csv), for pandas and R
for name in $names; do
    # shellcheck disable=SC2046
    set -- $(script_args "$name")
    run --db r.db run "$name" "$@" --format json
    if [ "$STATUS" = 0 ]; then
        cp "$STDOUT_FILE" "$name.json"
        validate "$name" "$name.json"
        run --db r.db run "$name" "$@" --format csv
        expect_status 0
        cp "$STDOUT_FILE" "$name.csv"
        report_consistent "$name.json" "$name.csv"
        expect_eq "$?" 0 "$name --format csv is the primary table of its JSON"
        echo "$name report" >>reports.list
        continue
    fi
    run --db r.db run "$name" "$@" --json
    if [ "$STATUS" != 0 ]; then   # no JSON report, or it does not run here at all
        run --db r.db run "$name" "$@"
        expect_status 0   # no JSON report: the script must still run
        continue
    fi
    cp "$STDOUT_FILE" "$name.jsonl"
    validate "$name" "$name.jsonl" --lines
    run --db r.db run "$name" "$@" --csv
    expect_status 0
    cp "$STDOUT_FILE" "$name.csv"
    same_records "$SCHEMAS/$name.schema.json" "$name.jsonl" "$name.csv"
    expect_eq "$?" 0 "$name --csv holds the --json records"
    echo "$name lines" >>reports.list
done
# ...and every script schema was used: its script printed JSON here
for f in "$SCHEMAS"/*.schema.json; do
    name=$(basename "$f" .schema.json)
    [ "$name" = report ] && continue
    if grep -q "^$name " reports.list; then pass; else
        fail "docs/schemas/$name.schema.json was not checked: '$name' printed no JSON here"; fi
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
expect_status 2
expect_stderr_contains "usage: parley run overview"

# ---- pandas: every CSV, the JSON lines and each report's primary table as DataFrames ----
# (one interpreter for all: importing pandas takes most of a second)
py_check reports.list <<'PY'
import json, pandas as pd
out = open("rows.expected", "w")
for line in open("reports.list"):
    name, kind = line.split()
    c = pd.read_csv(name + ".csv", keep_default_na=False)
    if kind == "lines":
        j = pd.read_json(name + ".jsonl", lines=True)
        assert sorted(j.columns) == sorted(c.columns), (name, list(j.columns), list(c.columns))  # JSON keys come sorted
    else:
        r = json.load(open(name + ".json", encoding="utf-8"))
        t = next(s for s in r["sections"] if s.get("primary"))
        j = pd.DataFrame(t["rows"], columns=t["columns"])
        assert list(c.columns) == t["columns"], (name, list(c.columns))
    assert len(j) == len(c), (name, len(j), len(c))
    out.write("%s\t%d\n" % (name, len(c)))
o = pd.read_csv("overview.csv")
assert o.loc[1, "source"] == 'Wire, "Armenpress"' and o.loc[1, "title"] == "Two\nlines", o.loc[1]
assert pd.isna(o.loc[0, "source"])
j = pd.read_json("overview.jsonl", lines=True)
assert j.loc[1, "title"] == "Two\nlines" and j.loc[0, "source"] is None, j
PY
expect_eq "$?" 0 "pandas reads every script's CSV and JSON with the same rows"

# ---- R: read.csv of every CSV, jsonlite::stream_in of the JSON lines (one Rscript) ----
cat >check.R <<'R'
suppressMessages(library(jsonlite))
expected <- read.delim("rows.expected", header = FALSE, col.names = c("name", "rows"))
for (i in seq_len(nrow(expected))) {
    f <- paste0(expected$name[i], ".csv")
    d <- read.csv(f, encoding = "UTF-8", check.names = FALSE)
    if (nrow(d) != expected$rows[i]) stop(f, ": ", nrow(d), " rows, not ", expected$rows[i])
}
o <- read.csv("overview.csv", encoding = "UTF-8")
stopifnot(identical(o$source[2], "Wire, \"Armenpress\""), identical(o$title[2], "Two\nlines"),
          is.na(o$source[1]) || identical(o$source[1], ""))
j <- stream_in(file("overview.jsonl"), verbose = FALSE)
stopifnot(nrow(j) == 2, identical(j$title[2], "Two\nlines"), identical(j$source[2], "Wire, \"Armenpress\""),
          is.na(j$source[1]))
b <- fromJSON("briefing.json")
stopifnot(identical(b$title, "Briefing"), "issues" %in% b$sections$name)
cat("ok\n")
R
LAST_CMD="Rscript check.R"
out=$(timeout -k 5 60 Rscript check.R 2>&1)
expect_eq "$out" ok "R reads every CSV (read.csv) and the JSON lines (jsonlite::stream_in)"

# -o replaces a regular file atomically, and writes into what is not one: a rename
# would put a plain file in place of a named pipe, a symbolic link or /dev/stdout.
run run summary 2 -o plain.txt
expect_status 0
expect_eq "$(head -n 1 plain.txt)" "Summary" "-o writes the report"
expect_no_file plain.txt.tmp
mkfifo out.fifo
timeout -k 5 30 cat out.fifo >from_fifo.txt &
reader=$!
run run summary 2 -o out.fifo
expect_status 0
wait "$reader"
expect_eq "$?" 0 "the pipe's reader got the end of the report"
[ -p out.fifo ] && pass || fail "-o replaced the named pipe with a file"
cmp -s from_fifo.txt plain.txt && pass || fail "the pipe carried the report"
: >target.txt
ln -s target.txt link.txt
run run summary 2 -o link.txt
expect_status 0
[ -L link.txt ] && pass || fail "-o replaced the symbolic link with a file"
cmp -s target.txt plain.txt && pass || fail "the report went to the link's target"
run run summary 2 -o /dev/stdout
expect_status 0
expect_stdout_equals plain.txt
mkdir out.dir
run run summary 2 -o out.dir
expect_status 1
expect_stderr_contains "report: cannot write out.dir: it is a directory"

finish
