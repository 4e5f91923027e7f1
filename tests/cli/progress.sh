# progress.sh: the ingest progress line appears on a terminal only, and never with -q or one file.
source "$(dirname "$0")/lib/common.sh"

mkdir corpus
for i in 1 2 3 4 5; do
    printf 'Document number %d about the border talks.\n' "$i" > "corpus/doc$i.txt"
done

# `script` runs the command on a pseudo-terminal, so stderr is a terminal.
on_tty() {
    # The typescript goes to a file of this test: where /dev/null is a plain file (some
    # containers), it would reach every other test that reads /dev/null meanwhile.
    script -qec "$*" typescript.log > tty.out 2>&1
    STATUS=$?
}

on_tty "'$PARLEY_BIN' --db tty.db ingest corpus"
expect_status 0
if grep -q '5/5 files' tty.out && grep -q 'MB/s' tty.out && grep -q 'ETA' tty.out; then
    pass
else
    fail "no progress line (files done/total, MB/s, ETA) on a terminal: $(tr '\r' '\n' < tty.out)"
fi

on_tty "'$PARLEY_BIN' --db tty-quiet.db ingest -q corpus"
expect_status 0
if grep -q 'files' tty.out; then fail "-q still drew a progress line"; else pass; fi

on_tty "'$PARLEY_BIN' --db tty-one.db ingest corpus/doc1.txt"
if grep -q '1/1 files' tty.out; then fail "a progress line for a single file"; else pass; fi

# Not a terminal: no progress line, whatever the number of files.
run --db pipe.db ingest corpus
expect_status 0
expect_stderr_not_contains "files"
expect_stdout_contains "added 5 documents"

finish
