# search.sh: `parley search`: ranked hits, [word] highlights off a terminal, --limit, --json,
# case and diacritics, and clear errors (no crash) for bad FTS5 queries.
source "$(dirname "$0")/lib/common.sh"

# hits: the number of hit lines ("N. [ID] ...") in stdout.
hits() { grep -cE '^[0-9]+\. \[[0-9]+\]' "$STDOUT_FILE"; }

# ---- the bundled corpus ----
# The seed's first paragraph ends "... the text of a possible treaty." (read in the file).
grep -q "possible treaty\." "$(seed_file)" || fail "fixture: the seed mentions 'possible treaty.'"
run search treaty
expect_status 0
expect_stderr_empty
expect_stdout_matches '^1\. \[1\] 2025-03-13 '
expect_stdout_contains "[treaty]"
expect_stdout_not_contains $'\e'
expect_eq "$(hits)" 1 "one document in the bundled corpus"
# Not a terminal: [word] markers even when NO_COLOR is not set.
unset NO_COLOR
run search treaty
export NO_COLOR=1
expect_status 0
expect_stdout_contains "[treaty]"
expect_stdout_not_contains $'\e'
run search TREATY
expect_status 0
expect_stdout_contains "[treaty]"
run search '"possible treaty"'
expect_status 0
expect_stdout_contains "[possible treaty]"
run search 'negotiat*'
expect_status 0
expect_stdout_matches '\[negotiation'
run search 'Baku AND Yerevan'
expect_status 0
expect_eq "$(hits)" 1 "AND of two words in the seed"
run search 'Baku NOT Yerevan'
expect_status 0
expect_eq "$(hits)" 0 "NOT excludes the seed"

# ---- ranking, limit, json on a corpus of our own ----
printf 'The delegations discussed many things over a long day: borders, roads, trade, water, schools and a possible ceasefire among other matters of the region and its neighbours.\n' >long.txt
printf 'Ceasefire now. The ceasefire held; the ceasefire was extended.\n' >short.txt
printf 'Caf\xc3\xa9 talks in Gen\xc3\xa8ve ended without an agreement.\n' >accents.txt
printf 'Geneve is spelled without accents here, and talks went on.\n' >plain.txt
"$PARLEY_BIN" --db s.db ingest long.txt short.txt accents.txt plain.txt >/dev/null 2>&1
expect_eq "$(sql_value s.db "SELECT group_concat(title, '|') FROM (SELECT title FROM documents ORDER BY id)")" \
    "long|short|accents|plain" "setup: ids 1..4 in this order"
run --db s.db search ceasefire
expect_status 0
expect_eq "$(hits)" 2 "both documents mentioning ceasefire"
expect_stdout_matches '^1\. \[2\] '
expect_stdout_matches '^2\. \[1\] '
expect_stdout_contains "[Ceasefire]"
run search --db s.db --limit 1 ceasefire
expect_status 0
expect_eq "$(hits)" 1 "--limit 1"
expect_stdout_matches '^1\. \[2\] '
# Diacritics and case are ignored, both ways.
run --db s.db search geneve
expect_status 0
expect_eq "$(hits)" 2 "geneve finds Genève and Geneve"
expect_stdout_contains $'[Gen\xc3\xa8ve]'
expect_stdout_contains "[Geneve]"
run --db s.db search $'GEN\xc3\x88VE'
expect_status 0
expect_eq "$(hits)" 2 "GENÈVE finds both"
run --db s.db search $'caf\xc3\xa9'
expect_status 0
expect_stdout_contains $'[Caf\xc3\xa9]'
# Column filter.
run --db s.db search 'title: short'
expect_status 0
expect_stdout_matches '^1\. \[2\] '
# --json: an array of hits, the best first.
run --db s.db search --json ceasefire
expect_status 0
if msg=$(py_check "$STDOUT_FILE" 2>&1 <<'EOF'
import json, sys
hits = json.load(open(sys.argv[1], encoding="utf-8"))
assert isinstance(hits, list), "not an array"
assert [h["id"] for h in hits] == [2, 1], "ids %r" % [h.get("id") for h in hits]
assert all("snippet" in h for h in hits), "a hit without snippet"
assert "easefire" in hits[0]["snippet"], hits[0]["snippet"]
EOF
); then pass; else fail "search --json" "$msg" "stdout: $(_t_excerpt "$STDOUT_FILE")"; fi
# No match: no hit, no crash.
run --db s.db search zebra
expect_no_crash
expect_eq "$(hits)" 0 "no hit for a word not in the corpus"

# ---- bad FTS queries: a clear one-line error, exit 1, never a crash ----
for q in '"unbalanced' 'AND' 'NEAR(a' 'nosuchcolumn: peace' '(peace' 'peace OR' '*' '^'; do
    run --db s.db search "$q"
    expect_status 1
    expect_stdout_empty
    expect_stderr_one_clean_line
    expect_stderr_matches '^parley: '
done
# An empty query: no crash, no traceback.
run --db s.db search ''
expect_no_crash
expect_stderr_not_contains "traceback"
# --limit takes a positive whole number.
for l in 0 -1 1.5 x; do
    run --db s.db search --limit "$l" ceasefire
    expect_status 2
    expect_stderr_lines 1
done
# The query is one argument.
run --db s.db search peace talks
expect_status 2

finish
