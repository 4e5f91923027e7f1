# ingest.sh: `parley ingest`: files, directories, stdin, the database choice, duplicates,
# the loader's errors (invalid UTF-8, NUL, empty), --repair, BOMs, UTF-16, CRLF, NFC,
# and where metadata comes from.
source "$(dirname "$0")/lib/common.sh"

SEED=$(seed_file)
PREFIX=" date 2025-03-13 "
cp "$SEED" seed.txt
# The fixture as read by hand: the text starts with the inline date prefix.
expect_eq "$(head -c ${#PREFIX} seed.txt)" "$PREFIX" "the seed article starts with the date prefix"
tail -c +$((${#PREFIX} + 1)) seed.txt >seed.body     # what should be stored

# ---- a file into ./parley.db (the default) ----
run ingest seed.txt
expect_status 0
expect_stdout_contains "added 1 document"
expect_stderr_empty
if [ -f parley.db ]; then pass; else fail "ingest without --db did not create ./parley.db"; fi
expect_eq "$(doc_count parley.db)" 1 "documents after one ingest"
expect_eq "$(sql_value parley.db 'SELECT hex(text) FROM documents')" "$(hex_of seed.body)" \
    "stored text = the file without its date prefix"
expect_eq "$(sql_value parley.db 'SELECT date FROM documents')" 2025-03-13 "date from the prefix"
expect_eq "$(sql_value parley.db 'SELECT title FROM documents')" seed \
    "title = file name (seed.txt) without extension"
expect_eq "$(sql_value parley.db 'SELECT bytes FROM documents')" "$(wc -c <seed.body | tr -d ' ')" "bytes"
expect_eq "$(sql_value parley.db 'SELECT chars FROM documents')" "$(char_count seed.body)" "chars"
expect_eq "$(sql_value parley.db 'SELECT lines FROM documents')" "$(line_count seed.body)" "lines"

# ---- re-ingesting the same content adds nothing, and says so ----
run ingest seed.txt
expect_status 0
expect_stdout_contains "added 0 documents"
expect_stdout_contains "already present"
expect_eq "$(doc_count parley.db)" 1 "documents after re-ingesting the same file"
cp seed.txt copy-of-seed.txt
run ingest copy-of-seed.txt
expect_status 0
expect_stdout_contains "already present"
expect_eq "$(doc_count parley.db)" 1 "same content under another name is the same document"

# ---- --db FILE, before or after the command; PARLEY_DB ----
printf 'Talks resumed in Geneva on Monday.\n' >a.txt
printf 'The ministers met again on Tuesday.\n' >b.txt
run --db before.db ingest a.txt
expect_status 0
expect_eq "$(doc_count before.db)" 1 "--db before the command"
run ingest --db after.db a.txt b.txt
expect_status 0
expect_stdout_contains "added 2 documents"
expect_eq "$(doc_count after.db)" 2 "--db after the command"
PARLEY_DB=$WORK/env.db run ingest a.txt
expect_status 0
expect_eq "$(doc_count env.db)" 1 "PARLEY_DB chooses the database"
expect_eq "$(doc_count parley.db)" 1 "PARLEY_DB: ./parley.db is not touched"
PARLEY_DB=$WORK/env.db run --db opt.db ingest b.txt
expect_eq "$(doc_count opt.db)" 1 "--db wins over PARLEY_DB"
expect_eq "$(doc_count env.db)" 1 "--db wins over PARLEY_DB: PARLEY_DB's file untouched"

# ---- directories, recursively; stdin as - ----
mkdir -p tree/sub/deeper
printf 'One: the first file of the tree.\n' >tree/one.txt
printf 'Two: a file in a subdirectory.\n' >tree/sub/two.txt
printf 'Three: a file two levels down.\n' >tree/sub/deeper/three.txt
run --db tree.db ingest tree
expect_status 0
expect_stdout_contains "added 3 documents"
expect_eq "$(doc_count tree.db)" 3 "a directory is ingested recursively"
expect_eq "$(sql_value tree.db "SELECT count(*) FROM documents WHERE text = 'Three: a file two levels down.' || char(10)")" 1 \
    "the deepest file is stored whole"
# Never a progress line (nor carriage returns, nor escapes) when stderr is not a terminal.
expect_stderr_not_contains "files"
expect_stderr_not_contains $'\r'
expect_stderr_not_contains $'\e'
expect_stderr_empty

# Name order, dotfiles skipped (docs/cli.md), and the same file twice in one command.
mkdir -p ordered
printf 'Bravo file.\n' >ordered/b.txt
printf 'Alpha file.\n' >ordered/a.txt
printf 'Hidden file.\n' >ordered/.hidden.txt
run --db ordered.db ingest ordered ordered/a.txt
expect_status 0
expect_stdout_contains "added 2 documents"
expect_stdout_contains "1 already present"
expect_eq "$(sql_value ordered.db "SELECT group_concat(title, '|') FROM (SELECT title FROM documents ORDER BY id)")" \
    "a|b" "a directory is read in name order, without dotfiles"

run_input $'From standard input, with \xc3\xa9.\n' --db stdin.db ingest -
expect_status 0
expect_stdout_contains "added 1 document"
expect_eq "$(sql_value stdin.db 'SELECT hex(text) FROM documents')" "$(hex_text 'From standard input, with \xc3\xa9.\n')" \
    "stdin stored as given"

# -q: no summary, no progress; errors are still reported.
run -q --db quiet.db ingest a.txt b.txt
expect_status 0
expect_stdout_empty
expect_stderr_empty
expect_eq "$(doc_count quiet.db)" 2 "-q still ingests"
printf '\xff\n' >q-bad.txt
run --db quiet.db ingest --quiet q-bad.txt
expect_status 1
expect_stdout_empty
expect_stderr_contains "q-bad.txt:1:1:"

run_input '' --db stdin-empty.db ingest -
expect_status 1
expect_stderr_matches -i 'empty'

run --db missing.db ingest no-such-file.txt
expect_status 1
expect_stderr_contains "no-such-file.txt"

# ---- invalid UTF-8: refused with FILE:LINE:COL and the byte, nothing stored ----
# Line 1 "first line\n" = 11 bytes, line 2 "second line\n" = 12 bytes, line 3
# "Crème brûlée " = 13 code points in 16 bytes (è û é take two), then 0xC3
# followed by 'x' (not a continuation byte). So: line 3, column 14, offset 11+12+16 = 39.
# The file: 11 + 12 + 16 + 1 (0xC3) + 11 ("x and more\n") + 10 ("last line\n") = 61 bytes.
printf 'first line\nsecond line\nCr\xc3\xa8me br\xc3\xbbl\xc3\xa9e \xc3x and more\nlast line\n' >bad.txt
expect_eq "$(wc -c <bad.txt | tr -d ' ')" 61 "bad.txt is the file described above"
cp after.db bad.db
run --db bad.db ingest bad.txt
expect_status 1
expect_stderr_contains "bad.txt:3:14: invalid UTF-8 (byte 0xC3 at offset 39)"
expect_stdout_not_contains "added"
expect_eq "$(doc_count bad.db)" 2 "nothing stored after a refused file"
# With good files around it: the whole ingest is rolled back.
printf 'A good file before the bad one.\n' >0-good.txt
printf 'A good file after the bad one.\n' >z-good.txt
run --db bad.db ingest 0-good.txt bad.txt z-good.txt
expect_status 1
expect_stderr_contains "bad.txt:3:14:"
expect_eq "$(doc_count bad.db)" 2 "a refused file rolls the whole ingest back"
# --skip-bad: the good ones go in, the bad one is reported.
run --db bad.db ingest --skip-bad 0-good.txt bad.txt z-good.txt
expect_no_crash
expect_stderr_contains "bad.txt:3:14: invalid UTF-8 (byte 0xC3 at offset 39)"
expect_eq "$(doc_count bad.db)" 4 "--skip-bad stores the good files"

# A bad byte at the very start, and a truncated sequence at the very end.
printf '\xffabc\n' >lead.txt
run --db edge.db ingest lead.txt
expect_status 1
expect_stderr_contains "lead.txt:1:1: invalid UTF-8 (byte 0xFF at offset 0)"
printf 'ab\n\xd5\xa1\xd5' >trail.txt     # "ab\n", Armenian ա, then half of another
run --db edge.db ingest trail.txt
expect_status 1
expect_stderr_contains "trail.txt:2:2: invalid UTF-8 (byte 0xD5 at offset 5)"

# Positions count CRLF as one line break; columns count code points.
# "one\r\n" and "two\r\n" are 5 bytes each; line 3 is ա բ (2 bytes each), so 0xFF is at 5+5+4 = 14.
printf 'one\r\ntwo\r\n\xd5\xa1\xd5\xa2\xff\r\n' >crlf-bad.txt
run --db edge.db ingest crlf-bad.txt
expect_status 1
expect_stderr_contains "crlf-bad.txt:3:3: invalid UTF-8 (byte 0xFF at offset 14)"
# Ill-formed sequences that look almost right: overlong, surrogate, beyond U+10FFFF,
# a stray continuation byte. Each refused at the byte that starts it.
printf 'ab\xc0\x80\n' >overlong.txt
printf 'ab\xed\xa0\x80\n' >surrogate.txt
printf 'ab\xf4\x90\x80\x80\n' >toobig.txt
printf 'ab\x80\n' >stray.txt
for f in overlong:C0 surrogate:ED toobig:F4 stray:80; do
    run --db edge.db ingest "${f%%:*}.txt"
    expect_status 1
    expect_stderr_contains "${f%%:*}.txt:1:3: invalid UTF-8 (byte 0x${f##*:} at offset 2)"
done
expect_eq "$(doc_count edge.db)" 0 "no ill-formed file stored"

# ---- --repair: U+FFFD for each bad sequence, stored, and counted ----
printf 'ok \xc3x and \xff end\n' >repair.txt
run --db repair.db ingest --repair repair.txt
expect_status 0
expect_eq "$(sql_value repair.db 'SELECT hex(text) FROM documents')" \
    "$(hex_text 'ok \xef\xbf\xbdx and \xef\xbf\xbd end\n')" "--repair: each bad sequence becomes U+FFFD"
if grep -qE '(^|[^0-9])2 invalid' "$STDOUT_FILE" "$STDERR_FILE"; then pass; else
    fail "--repair should report that 2 sequences were replaced" \
        "stdout: $(_t_excerpt "$STDOUT_FILE")" "stderr: $(_t_excerpt "$STDERR_FILE")"; fi

# ---- NUL bytes: refused as binary ----
printf 'text\0with a NUL\n' >nul.txt
run --db nul.db ingest nul.txt
expect_status 1
expect_stderr_contains "nul.txt"
expect_stderr_matches -i 'binary'
expect_eq "$(doc_count nul.db)" 0 "a binary file is not stored"

# ---- empty file: refused with a clear message ----
: >empty.txt
run --db empty.db ingest empty.txt
expect_status 1
expect_stderr_contains "empty.txt"
expect_stderr_matches -i 'empty'
expect_eq "$(doc_count empty.db)" 0 "an empty file is not stored"
# Only a metadata prefix is empty too.
printf ' date 2025-03-13 \n' >onlyprefix.txt
run --db empty.db ingest onlyprefix.txt
expect_status 1
expect_stderr_matches -i 'empty'

# ---- BOMs and UTF-16: stored as UTF-8 without the BOM ----
# "Ереван talks, Баку.\n" in UTF-8 (Cyrillic letters are two bytes each).
TEXT_UTF8=$'\xd0\x95\xd1\x80\xd0\xb5\xd0\xb2\xd0\xb0\xd0\xbd talks, \xd0\x91\xd0\xb0\xd0\xba\xd1\x83.\n'
printf '%s' "$TEXT_UTF8" >plain.utf8
EXPECTED_HEX=$(hex_of plain.utf8)
{ printf '\xef\xbb\xbf'; cat plain.utf8; } >bom8.txt
{ printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE plain.utf8; } >bom16le.txt
{ printf '\xfe\xff'; iconv -f UTF-8 -t UTF-16BE plain.utf8; } >bom16be.txt
expect_eq "$(head -c 4 bom16le.txt | hex_of)" FFFE1504 "UTF-16LE fixture: BOM then Е (U+0415) low byte first"
expect_eq "$(head -c 4 bom16be.txt | hex_of)" FEFF0415 "UTF-16BE fixture: BOM then Е (U+0415) high byte first"
for f in bom8 bom16le bom16be; do
    run --db $f.db ingest $f.txt
    expect_status 0
    expect_eq "$(sql_value $f.db 'SELECT hex(text) FROM documents')" "$EXPECTED_HEX" "$f.txt stored as UTF-8 without BOM"
done
# UTF-16 with a character outside the BMP (a surrogate pair): 🕊 U+1F54A.
printf 'peace \xf0\x9f\x95\x8a\n' >dove.utf8
{ printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE dove.utf8; } >dove16.txt
run --db dove.db ingest dove16.txt
expect_status 0
expect_eq "$(sql_value dove.db 'SELECT hex(text) FROM documents')" "$(hex_of dove.utf8)" "UTF-16 surrogate pair decoded"

# UTF-16 that is itself broken is refused, not stored: an unpaired surrogate, an odd length.
{ printf '\xff\xfe'; printf 'a\0\x00\xd8b\0'; } >lone16.txt          # a, D800 (high surrogate), b
{ printf '\xff\xfe'; printf 'a\0b'; } >odd16.txt                       # 5 bytes: half a unit at the end
for f in lone16 odd16; do
    run --db bad16.db ingest $f.txt
    expect_status 1
    expect_no_crash
    expect_stderr_contains "$f.txt"
done
expect_eq "$(doc_count bad16.db)" 0 "broken UTF-16 is not stored"
# A BOM before the date prefix: the prefix is still found.
{ printf '\xef\xbb\xbf'; printf ' date 2024-11-30 After a BOM.\n'; } >bom-prefix.txt
run --db bomprefix.db ingest bom-prefix.txt
expect_status 0
expect_eq "$(sql_value bomprefix.db 'SELECT date FROM documents')" 2024-11-30 "prefix after a BOM"
expect_eq "$(sql_value bomprefix.db 'SELECT hex(text) FROM documents')" "$(hex_text 'After a BOM.\n')" "BOM and prefix cut"

# ---- CRLF becomes LF ----
printf 'line one\r\nline two\r\n\r\nline four\r\n' >crlf.txt
run --db crlf.db ingest crlf.txt
expect_status 0
expect_eq "$(sql_value crlf.db 'SELECT hex(text) FROM documents')" "$(hex_text 'line one\nline two\n\nline four\n')" "CRLF -> LF"

# ---- NFC: e + U+0301 is stored as é (C3 A9) ----
printf 'caf\x65\xcc\x81 in Gen\x65\xcc\x80ve\n' >nfd.txt
run --db nfc.db ingest nfd.txt
expect_status 0
expect_eq "$(sql_value nfc.db 'SELECT hex(text) FROM documents')" "$(hex_text 'caf\xc3\xa9 in Gen\xc3\xa8ve\n')" "stored NFC"
# The NFC text of an already-stored document is a duplicate.
printf 'caf\xc3\xa9 in Gen\xc3\xa8ve\n' >nfc.txt
run --db nfc.db ingest nfc.txt
expect_stdout_contains "already present"
expect_eq "$(doc_count nfc.db)" 1 "NFD and NFC spellings are one document"

# ---- metadata precedence: options > text prefix > (JSONL, see jsonl.sh) > file name ----
# The prefix is removed from the text, and gives the date.
# (checked above on the seed). Options win over it, and it is still cut.
run --db meta1.db ingest --date 2020-01-02 --source "Test Wire" --title "Given title" seed.txt
expect_status 0
expect_eq "$(sql_value meta1.db 'SELECT date FROM documents')" 2020-01-02 "--date beats the prefix"
expect_eq "$(sql_value meta1.db 'SELECT source FROM documents')" "Test Wire" "--source"
expect_eq "$(sql_value meta1.db 'SELECT title FROM documents')" "Given title" "--title beats the file name"
expect_eq "$(sql_value meta1.db 'SELECT hex(text) FROM documents')" "$(hex_of seed.body)" \
    "with --date, the prefix is still cut from the text"

# A date in the file name, when the text has none; the title is the name without extension.
printf 'Plain body text without metadata.\n' >2024-05-06_talks.txt
run --db meta2.db ingest 2024-05-06_talks.txt
expect_status 0
expect_eq "$(sql_value meta2.db 'SELECT date FROM documents')" 2024-05-06 "date from the file name"
expect_eq "$(sql_value meta2.db 'SELECT title FROM documents')" 2024-05-06_talks "title from the file name"
# The prefix beats the file name.
printf ' date 2025-03-13 Body after a prefix.\n' >2024-05-07_prefixed.txt
run --db meta3.db ingest 2024-05-07_prefixed.txt
expect_status 0
expect_eq "$(sql_value meta3.db 'SELECT date FROM documents')" 2025-03-13 "the text prefix beats the file name"
expect_eq "$(sql_value meta3.db 'SELECT hex(text) FROM documents')" "$(hex_text 'Body after a prefix.\n')" "prefix cut"
# The option beats the file name.
run --db meta4.db ingest --date 2019-09-09 2024-05-06_talks.txt
expect_eq "$(sql_value meta4.db 'SELECT date FROM documents')" 2019-09-09 "--date beats the file name"
# A file name without a date gives no date.
run --db meta5.db ingest a.txt
expect_eq "$(sql_value meta5.db 'SELECT date IS NULL FROM documents')" 1 "no date anywhere: NULL"
expect_eq "$(sql_value meta5.db 'SELECT title FROM documents')" a "title from a.txt"

finish
