# completion.sh: the bash and zsh completions, generated from the command table, complete
# commands, options, option values and bundled script names (from `parley scripts --names`).
source "$(dirname "$0")/lib/common.sh"

mkdir -p bin articles
ln -s "$PARLEY_BIN" bin/parley
touch corpus.db articles/one.txt
export PATH=$WORK/bin:$PATH

run help --completion bash
expect_status 0
expect_stderr_empty
cp "$STDOUT_FILE" parley.bash
run help --completion zsh
expect_status 0
cp "$STDOUT_FILE" _parley
run help --completion fish
expect_status 2
expect_stderr_contains "bash or zsh"

if [ -n "${PARLEY_BUILD_DIR:-}" ]; then
    expect_eq "$(cmp -s "$PARLEY_BUILD_DIR/generated/parley.bash" parley.bash && echo same)" same \
        "build/generated/parley.bash is up to date"
    expect_eq "$(cmp -s "$PARLEY_BUILD_DIR/generated/_parley" _parley && echo same)" same \
        "build/generated/_parley is up to date"
fi

run scripts --names
expect_status 0
expect_stdout_line overview
expect_stdout_not_contains " "

# ---- bash: source the script, fill COMP_WORDS as bash would, read COMPREPLY ----

# complete_bash 'parley run ov': the candidates, sorted, one a line
complete_bash() {
    bash --norc --noprofile -c '
        source ./parley.bash || exit 9
        line=$1
        read -r -a COMP_WORDS <<<"$line"
        [ "${line: -1}" = " " ] && COMP_WORDS+=("")
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        COMP_LINE=$line COMP_POINT=${#line}
        _parley
        printf "%s\n" "${COMPREPLY[@]}" | sort' _ "$1"
}

# expect_completion LINE EXPECTED...: exactly these candidates
expect_completion() {
    local line=$1
    shift
    local got want
    got=$(complete_bash "$line")
    want=$(printf '%s\n' "$@" | sort)
    expect_eq "$got" "$want" "bash completion of '$line'"
}

# expect_completion_has LINE CANDIDATE...: at least these
expect_completion_has() {
    local line=$1 c got
    shift
    got=$(complete_bash "$line")
    for c in "$@"; do
        if grep -qxF -- "$c" <<<"$got"; then pass; else
            fail "bash completion of '$line' lacks '$c'" "got: $(tr '\n' ' ' <<<"$got")"; fi
    done
}

commands=$(parley --help | sed -n '/^Commands:/,/^$/p' | awk 'NF > 1 { print $1 }')
expect_completion "parley in" ingest
expect_completion "parley run ov" overview
expect_completion "parley --db corpus.db run ov" overview
expect_completion "parley -q run --timeout 5 ov" overview
expect_completion "parley help se" search
expect_completion "parley sc" scripts
# shellcheck disable=SC2086
expect_completion "parley " $commands
expect_completion_has "parley sql --" --json --csv --db --readonly
expect_completion_has "parley search --" --limit --json
expect_completion_has "parley ingest --" --jsonl --repair --skip-bad --date --source --title
expect_completion_has "parley --" --db --readonly --quiet --max-memory --timeout --help --version --sandbox --allow-read
expect_completion "parley --allow-read cor" corpus.db
expect_completion "parley scripts --na" --names
expect_completion_has "parley scripts --n" --names --no-sandbox
expect_completion "parley --db cor" corpus.db
expect_completion "parley ingest art" articles
expect_completion "parley ingest articles/" articles/one.txt
expect_completion "parley run overview cor" corpus.db
expect_completion "parley export --format " doccano labelstudio brat jsonl csv
expect_completion "parley import --format l" labelstudio
expect_completion "parley export --format csv -o cor" corpus.db
expect_completion "parley search --limit " ""
expect_completion "parley eval " ""

# ---- zsh: syntax, and a real interactive shell on a pseudo-terminal (zpty) ----

if ! command -v zsh >/dev/null; then
    fail "zsh is missing (sh tools/install-deps.sh test installs it); its completion was not tried"
    finish
fi
zsh -n _parley
expect_eq "$?" 0 "zsh -n _parley"
mkdir -p zfunc
cp _parley zfunc/_parley

# zsh_complete 'parley in' EXPECTED: type the line and Tab in an interactive zsh; wait for EXPECTED
cat >zdrive.zsh <<'ZSH'
zmodload zsh/zpty
zpty -b z "env PATH=$PATH HOME=$HOME TERM=dumb zsh -f -i"
zpty -w z 'PS1="%% "; fpath=(./zfunc $fpath); autoload -Uz compinit; compinit -u -D; setopt nobeep; print READY'
out= chunk=
for ((i = 0; i < 100; i++)); do
    zpty -r -t z chunk && out+=$chunk
    [[ $out == *$'\nREADY'* ]] && break
    sleep 0.1
done
zpty -w -n z "$1"$'\t'
out=
for ((i = 0; i < 100; i++)); do
    zpty -r -t z chunk && out+=$chunk
    [[ $out == *"$2"* ]] && break
    sleep 0.1
done
zpty -d z
print -r -- "$out"
ZSH
zsh_expect() {
    local got
    got=$(timeout 30 zsh -f zdrive.zsh "$1" "$2" 2>&1 | tr -d '\r')
    if grep -qF -- "$2" <<<"$got"; then pass; else
        fail "zsh completion of '$1' does not show '$2'" "got: $(tail -c 300 <<<"$got" | cat -A)"; fi
}
zsh_expect "parley in" "parley ingest "
zsh_expect "parley run ov" "parley run overview "
zsh_expect "parley sql --cs" "parley sql --csv "
zsh_expect "parley --db cor" "parley --db corpus.db "
zsh_expect "parley export --format doc" "parley export --format doccano "

finish
