# jsonl.sh: `parley ingest --jsonl`: one document per line, known fields, meta, bad lines.
source "$(dirname "$0")/lib/common.sh"

# ---- fields: text, date, source, title (id); everything else goes to meta ----
cat >docs.jsonl <<'EOF'
{"text":"First document, from the wire.","date":"2025-01-01","source":"Reuters","title":"One","id":"r-1"}
{"text":"Second document.","topic":"peace","score":3,"tags":["a","b"],"nested":{"k":"v"}}
{"text":"caf\u0065\u0301 and \"quotes\"\nsecond line"}
EOF
run --db docs.db ingest --jsonl docs.jsonl
expect_status 0
expect_stdout_contains "added 3 documents"
expect_stderr_empty
expect_eq "$(doc_count docs.db)" 3 "one document per line"
q() { sql_value docs.db "$@"; }
expect_eq "$(q "SELECT date || '|' || source || '|' || title FROM documents WHERE text LIKE 'First%'")" \
    "2025-01-01|Reuters|One" "date, source, title from the JSON fields"
expect_eq "$(q "SELECT json_type(meta) FROM documents WHERE text LIKE 'Second%'")" object "meta is a JSON object"
expect_eq "$(q "SELECT json_extract(meta, '\$.topic') FROM documents WHERE text LIKE 'Second%'")" peace "meta.topic"
expect_eq "$(q "SELECT json_extract(meta, '\$.score') FROM documents WHERE text LIKE 'Second%'")" 3 "meta.score"
expect_eq "$(q "SELECT json_type(meta, '\$.score') FROM documents WHERE text LIKE 'Second%'")" integer \
    "meta.score stays an integer"
expect_eq "$(q "SELECT json_array_length(meta, '\$.tags') FROM documents WHERE text LIKE 'Second%'")" 2 "meta.tags"
expect_eq "$(q "SELECT json_extract(meta, '\$.nested.k') FROM documents WHERE text LIKE 'Second%'")" v "meta.nested"
expect_eq "$(q "SELECT group_concat(key, '|') FROM (SELECT key FROM documents, json_each(documents.meta)
                WHERE text LIKE 'Second%' ORDER BY key)")" "nested|score|tags|topic" \
    "meta holds exactly the other fields"
expect_eq "$(q "SELECT count(*) FROM documents, json_each(documents.meta)
                WHERE key IN ('text', 'date', 'source', 'title')")" 0 \
    "text, date, source and title are not copied into meta"
# JSON escapes decoded, then NFC: \u0065\u0301 -> é (C3 A9); \" and \n as characters.
expect_eq "$(q "SELECT hex(text) FROM documents WHERE text LIKE 'caf%'")" \
    "$(hex_text 'caf\xc3\xa9 and "quotes"\nsecond line')" "escapes decoded and composed"
# The meta of a line with only known fields is not an empty object.
expect_eq "$(q "SELECT count(*) FROM documents WHERE meta = '{}'")" 0 "no empty {} meta"

# ---- duplicates inside JSONL ----
printf '{"text":"Same text."}\n{"text":"Same text.","title":"again"}\n' >dup.jsonl
run --db dup.db ingest --jsonl dup.jsonl
expect_status 0
expect_stdout_contains "already present"
expect_eq "$(doc_count dup.db)" 1 "the same text twice is one document"

# ---- precedence with JSONL: options > text prefix > JSONL fields > file name ----
cat >2023-01-01_feed.jsonl <<'EOF'
{"text":" date 2025-02-02 The prefix wins over the field.","date":"2024-12-31","source":"Field Source"}
{"text":"The field wins over the file name.","date":"2024-02-02"}
EOF
run --db prec.db ingest --jsonl 2023-01-01_feed.jsonl
expect_status 0
expect_eq "$(sql_value prec.db "SELECT date FROM documents WHERE text LIKE 'The prefix%'")" 2025-02-02 \
    "the text prefix beats the JSONL date"
expect_eq "$(sql_value prec.db "SELECT hex(text) FROM documents WHERE text LIKE 'The prefix%'")" \
    "$(hex_text 'The prefix wins over the field.')" "the prefix is cut from a JSONL text"
expect_eq "$(sql_value prec.db "SELECT date FROM documents WHERE text LIKE 'The field%'")" 2024-02-02 \
    "the JSONL date beats the file name"
run --db prec2.db ingest --jsonl --date 2001-01-01 --source Option 2023-01-01_feed.jsonl
expect_status 0
expect_eq "$(sql_value prec2.db "SELECT group_concat(DISTINCT date) FROM documents")" 2001-01-01 "--date beats everything"
expect_eq "$(sql_value prec2.db "SELECT group_concat(DISTINCT source) FROM documents")" Option "--source beats the field"

# ---- stdin ----
run_input $'{"text":"From stdin, line one."}\n{"text":"From stdin, line two.","source":"pipe"}\n' \
    --db stdin.db ingest --jsonl -
expect_status 0
expect_eq "$(doc_count stdin.db)" 2 "JSONL from stdin"
expect_eq "$(sql_value stdin.db "SELECT source FROM documents WHERE source IS NOT NULL")" pipe "field from stdin JSONL"
# Streamed a block at a time: a bad line is still named by its number (BOM and blank lines counted), with or without jobs.
for jobs in 1 2; do
    run_input $'\xef\xbb\xbf{"text":"Fine."}\n\n{"text": 5}\n' --db "stdin-bad-$jobs.db" ingest --jsonl --jobs "$jobs" -
    expect_status 1
    expect_stderr_contains '-:3: empty or non-string "text" field'
    if [ -e "stdin-bad-$jobs.db" ]; then
        expect_eq "$(doc_count "stdin-bad-$jobs.db")" 0 "nothing of a refused stream is kept (jobs $jobs)"
    fi
done

# ---- line endings and encodings of the JSONL file itself ----
printf '{"text":"CRLF line one."}\r\n{"text":"CRLF line two."}\r\n' >crlf.jsonl
run --db crlf.db ingest --jsonl crlf.jsonl
expect_status 0
expect_eq "$(doc_count crlf.db)" 2 "CRLF-terminated JSONL"
expect_eq "$(sql_value crlf.db "SELECT count(*) FROM documents WHERE text LIKE '%' || char(13) || '%'")" 0 "no CR left"
# A UTF-8 BOM at the start (as Windows tools write it) is accepted, as for plain files.
{ printf '\xef\xbb\xbf'; printf '{"text":"After a BOM."}\n{"text":"Second line."}\n'; } >bom.jsonl
run --db bom.db ingest --jsonl bom.jsonl
expect_status 0
expect_eq "$(doc_count bom.db)" 2 "JSONL starting with a UTF-8 BOM"

# ---- bad lines: reported with their line number; without --skip-bad nothing is stored ----
cat >bad.jsonl <<'EOF'
{"text":"Good line one."}
{"text": "broken
{"title":"no text field here"}
{"text":"Good line four."}
{"text":42}
[1, 2, 3]
{"text":"Good line seven."}
EOF
cp docs.db bad.db
run --db bad.db ingest --jsonl bad.jsonl
expect_status 1
expect_stderr_contains "bad.jsonl:2"
expect_stdout_not_contains "added"
expect_eq "$(doc_count bad.db)" 3 "a bad line rolls the whole ingest back"

printf '{"text":"Fine."}\n{"text":"Also fine."}\n{"title":"no text"}\n' >notext.jsonl
run --db bad.db ingest --jsonl notext.jsonl
expect_status 1
expect_stderr_contains "notext.jsonl:3"
expect_stderr_contains "text"
expect_eq "$(doc_count bad.db)" 3 "a line without text rolls the ingest back"

run --db bad.db ingest --jsonl --skip-bad bad.jsonl
expect_no_crash
for n in 2 3 5 6; do
    expect_stderr_contains "bad.jsonl:$n"
done
for n in 1 4 7; do
    expect_stderr_not_contains "bad.jsonl:$n:"
done
expect_eq "$(doc_count bad.db)" 6 "--skip-bad stores the three good lines"
expect_eq "$(sql_value bad.db "SELECT count(*) FROM documents WHERE text LIKE 'Good line%'")" 3 "the good lines"

# Invalid UTF-8 inside a JSON string, and an empty text: reported with their line number.
printf '{"text":"Fine."}\n{"text":"bad \xff byte"}\n' >badutf8.jsonl
run --db u.db ingest --jsonl badutf8.jsonl
expect_status 1
expect_stderr_contains "badutf8.jsonl:2"
expect_eq "$(doc_count u.db)" 0 "nothing stored"
printf '{"text":"Fine."}\n{"text":""}\n' >emptytext.jsonl
run --db u.db ingest --jsonl emptytext.jsonl
expect_status 1
expect_stderr_contains "emptytext.jsonl:2"
expect_eq "$(doc_count u.db)" 0 "nothing stored"

# A bad line in the second of two files rolls back the first file as well.
printf '{"text":"In the first file."}\n' >first.jsonl
printf '{"text":"In the second file."}\nnot json at all\n' >second.jsonl
run --db two.db ingest --jsonl first.jsonl second.jsonl
expect_status 1
expect_stderr_contains "second.jsonl:2"
expect_eq "$(doc_count two.db)" 0 "nothing from either file"

finish
