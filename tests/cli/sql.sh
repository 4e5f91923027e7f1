# sql.sh: `parley sql`: aligned table, --json, --csv (RFC 4180), ? parameters, errors.
source "$(dirname "$0")/lib/common.sh"

# A corpus whose titles need quoting in CSV: a comma and quotes, a newline, Armenian.
printf 'First text.\n' >t1.txt
printf 'Second text.\n' >t2.txt
printf 'Third text.\n' >t3.txt
printf 'Fourth text.\n' >t4.txt
ingest_titled() {   # FILE TITLE
    "$PARLEY_BIN" --db c.db ingest --title "$2" "$1" >/dev/null 2>&1 ||
        fail "setup: could not ingest $1"
}
TITLE1='Talks, round "two"'
TITLE2=$'Line one\nline two'
TITLE3=$'\xd4\xb5\xd6\x80\xd6\x87\xd5\xa1\xd5\xb6 \xe2\x80\x93 plain'   # Երևան – plain
TITLE4=' spaces around '
ingest_titled t1.txt "$TITLE1"
ingest_titled t2.txt "$TITLE2"
ingest_titled t3.txt "$TITLE3"
ingest_titled t4.txt "$TITLE4"
expect_eq "$(doc_count c.db)" 4 "setup: four documents"
export TITLE1 TITLE2 TITLE3 TITLE4

# check_csv PYTHON-EXPR: stdout parses as CSV (strictly) to the rows the expression gives.
check_csv() {
    local msg
    if msg=$(EXPECTED=$1 py_check "$STDOUT_FILE" 2>&1 <<'EOF'
import csv, os, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    data = f.read()
rows = list(csv.reader(data.splitlines(keepends=True), strict=True))
expected = eval(os.environ["EXPECTED"], {"env": os.environ})
if rows != expected:
    print("got rows:     ", rows)
    print("expected rows:", expected)
    sys.exit(1)
EOF
    ); then pass; else fail "CSV rows differ" "$msg" "stdout: $(_t_excerpt "$STDOUT_FILE")"; fi
}

# check_json PYTHON-EXPR: stdout is one JSON value equal to the expression (types included).
check_json() {
    local msg
    if msg=$(EXPECTED=$1 py_check "$STDOUT_FILE" 2>&1 <<'EOF'
import json, os, sys
with open(sys.argv[1], encoding="utf-8") as f:
    got = json.load(f)
expected = eval(os.environ["EXPECTED"], {"env": os.environ})
def typed(v):
    if isinstance(v, dict): return {k: typed(x) for k, x in v.items()}
    if isinstance(v, list): return [typed(x) for x in v]
    return (type(v).__name__, v)
if typed(got) != typed(expected):
    print("got:     ", repr(got))
    print("expected:", repr(expected))
    sys.exit(1)
EOF
    ); then pass; else fail "JSON differs" "$msg" "stdout: $(_t_excerpt "$STDOUT_FILE")"; fi
}

# ---- --csv ----
run --db c.db sql --csv 'SELECT id, title FROM documents ORDER BY id'
expect_status 0
expect_stderr_empty
check_csv '[["id", "title"], ["1", env["TITLE1"]], ["2", env["TITLE2"]], ["3", env["TITLE3"]], ["4", env["TITLE4"]]]'
# The quoting itself, as RFC 4180 writes it: "" inside quotes.
expect_stdout_contains '"Talks, round ""two"""'
run --db c.db sql --csv "SELECT NULL AS missing, 'a,b' AS comma, 'say \"hi\"' AS quote, 3 AS n, 2.5 AS x"
expect_status 0
check_csv '[["missing", "comma", "quote", "n", "x"], ["", "a,b", "say \"hi\"", "3", "2.5"]]'
# Column names that need quoting too.
run --db c.db sql --csv 'SELECT 1 AS "a,b", 2 AS "q""q"'
expect_status 0
check_csv '[["a,b", "q\"q"], ["1", "2"]]'
# No rows: the header alone.
run --db c.db sql --csv 'SELECT id, title FROM documents WHERE id < 0'
expect_status 0
check_csv '[["id", "title"]]'

# ---- --json ----
run --db c.db sql --json 'SELECT id, title FROM documents ORDER BY id'
expect_status 0
expect_stderr_empty
check_json '[{"id": 1, "title": env["TITLE1"]}, {"id": 2, "title": env["TITLE2"]}, {"id": 3, "title": env["TITLE3"]}, {"id": 4, "title": env["TITLE4"]}]'
run --db c.db sql --json "SELECT NULL AS n, 42 AS i, 1.5 AS f, 'x' AS s, 9007199254740993 AS big"
expect_status 0
check_json '[{"n": None, "i": 42, "f": 1.5, "s": "x", "big": 9007199254740993}]'
run --db c.db sql --json 'SELECT id FROM documents WHERE id < 0'
expect_status 0
check_json '[]'

# SELECT * includes the offset_map BLOB. A CRLF file with lines over 127 bytes
# gives a map with bytes >= 0x80; --json must still print the rows.
for i in 1 2 3; do
    printf 'A long line of a Windows-saved article about the talks between the two delegations, number %s, with enough words in it to run well past two hundred bytes before its CRLF ends it.\r\n' $i
done >windows.txt
"$PARLEY_BIN" --db w.db ingest windows.txt >/dev/null 2>&1
expect_eq "$(doc_count w.db)" 1 "setup: w.db"
run --db w.db sql --json 'SELECT * FROM documents'
expect_status 0
expect_stderr_not_contains "traceback"
if msg=$(py_check "$STDOUT_FILE" 2>&1 <<'EOF2'
import json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))
assert len(rows) == 1 and rows[0]["id"] == 1, rows
assert rows[0]["text"].startswith("A long line of a Windows-saved article"), rows[0]["text"][:80]
assert "\r" not in rows[0]["text"]
EOF2
); then pass; else fail "sql --json 'SELECT * FROM documents' is not the JSON rows" "$msg" \
    "stdout: $(_t_excerpt "$STDOUT_FILE")"; fi
# Any BLOB: JSON out, or a one-line error, never a Lua traceback.
run --db c.db sql --json "SELECT x'00ff80' AS b"
expect_no_crash
expect_stderr_not_contains "traceback"
if [ "$STATUS" = 0 ]; then
    py_check "$STDOUT_FILE" <<<'import json, sys; json.load(open(sys.argv[1]))' >/dev/null && pass ||
        fail "sql --json with a BLOB printed invalid JSON" "stdout: $(_t_excerpt "$STDOUT_FILE")"
else
    expect_stderr_lines 1
fi

# ---- the aligned table ----
# Every line (header, rule, rows) has its last column starting (or ending) at
# the same display column; columns, not bytes: the Armenian title (one column
# per letter) and CJK (two per ideograph) must not shift it. Cells here hold no
# double spaces.
check_aligned() {
    local line rest starts='' ends=''
    local -x LC_ALL=C
    while IFS= read -r line; do
        [ -n "$line" ] || continue
        line=${line%"${line##*[! ]}"}            # trailing spaces off
        rest=$(printf '%s' "$line" | sed -E 's/^.* {2,}//')
        # Display width: CJK ideographs (lead bytes E4-E9) take two columns.
        line=$(printf '%s' "$line" | sed $'s/[\xe4-\xe9]/WW/g')
        starts="$starts $((${#line} - ${#rest}))"
        ends="$ends ${#line}"
    done < <(tr -d '\200-\277' <"$STDOUT_FILE")
    local s e
    s=$(echo $starts | tr ' ' '\n' | sort -u | wc -l)
    e=$(echo $ends | tr ' ' '\n' | sort -u | wc -l)
    if [ -n "$starts" ] && { [ "$s" = 1 ] || [ "$e" = 1 ]; }; then pass; else
        fail "the last column is not aligned (starts at:$starts; ends at:$ends)" \
            "stdout: $(_t_excerpt "$STDOUT_FILE")"; fi
}
run --db c.db sql "SELECT title, id FROM documents WHERE id IN (1, 3) ORDER BY id"
expect_status 0
expect_stderr_empty
expect_stdout_contains "$TITLE1"
expect_stdout_contains "$TITLE3"
expect_stdout_matches '^title +id'
check_aligned
run --db c.db sql "SELECT 'Baku' AS city, 1 AS n UNION ALL SELECT 'Yerevan-and-more', 22 UNION ALL SELECT NULL, 333"
expect_status 0
expect_stdout_matches '^city +n'
expect_stdout_matches '^Yerevan-and-more +22'
check_aligned
run --db c.db sql $'SELECT \'\xe5\x8c\x97\xe4\xba\xac talks\' AS venue, 1 AS n UNION ALL SELECT \'Geneva talks\', 2'
expect_status 0
expect_stdout_contains $'\xe5\x8c\x97\xe4\xba\xac talks'
check_aligned

# ---- ? parameters ----
run --db c.db sql --csv 'SELECT ? AS a, ? AS b' x 'y, z'
expect_status 0
check_csv '[["a", "b"], ["x", "y, z"]]'
run --db c.db sql --csv 'SELECT title FROM documents WHERE id = ?' 3
expect_status 0
check_csv '[["title"], [env["TITLE3"]]]'
run --db c.db sql --csv 'SELECT count(*) AS n FROM documents WHERE title = ?' "$TITLE1"
expect_status 0
check_csv '[["n"], ["1"]]'
# A value is bound, never spliced into the SQL.
run --db c.db sql --csv 'SELECT count(*) AS n FROM documents WHERE title = ?' "x' OR '1'='1"
expect_status 0
check_csv '[["n"], ["0"]]'
expect_eq "$(doc_count c.db)" 4 "parameters change nothing"

# ---- --db after the command; the bundled corpus without one ----
run sql --db c.db --csv 'SELECT count(*) AS n FROM documents'
expect_status 0
check_csv '[["n"], ["4"]]'
run sql --csv 'SELECT count(*) AS n, min(date) AS d FROM documents'
expect_status 0
check_csv '[["n", "d"], ["1", "2025-03-13"]]'
expect_no_file parley.db

# ---- SQL errors: one line, exit 1, nothing on stdout ----
run --db c.db sql 'SELEC 1'
expect_status 1
expect_stdout_empty
expect_stderr_one_clean_line
expect_stderr_contains "syntax error"
run --db c.db sql 'SELECT * FROM no_such_table'
expect_status 1
expect_stdout_empty
expect_stderr_one_clean_line
expect_stderr_contains "no_such_table"
run --db c.db sql --json 'SELECT nope FROM documents'
expect_status 1
expect_stdout_empty
expect_stderr_one_clean_line
expect_stderr_contains "nope"
# An error in a later row (not at prepare time) is still one line, exit 1.
run --db c.db sql --csv "SELECT json_extract('not json', '\$.a') AS broken"
expect_status 1
expect_stderr_one_clean_line
run --db c.db sql
expect_status 2

finish
