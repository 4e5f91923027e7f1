# install.sh: `cmake --install` and `make install PREFIX=` lay out a tree that works wherever
# it is copied: bin/parley finds share/parley next to itself (no PARLEY_HOME, no source tree).
source "$(dirname "$0")/lib/common.sh"

if [ -z "${PARLEY_BUILD_DIR:-}" ] || [ ! -f "$PARLEY_BUILD_DIR/cmake_install.cmake" ]; then
    echo "install: PARLEY_BUILD_DIR is not a CMake build directory; nothing tried" >&2
    exit 1
fi
unset PARLEY_HOME
source "$(dirname "$0")/lib/flagship.sh"

# expect_tree ROOT ZSH_DIR: the installed files are where bash, zsh, man and editors look
expect_tree() {
    local root=$1 f
    for f in bin/parley share/parley/stdlib/parley/cli.lua share/parley/scripts/overview.lua \
        share/parley/data/corpus share/parley/stubs/parley.lua share/parley/stubs/types/doc.lua \
        share/man/man1/parley.1 share/bash-completion/completions/parley "share/zsh/$2/_parley"; do
        if [ -e "$root/$f" ]; then pass; else fail "not installed: $f"; fi
    done
    if [ -x "$root/bin/parley" ]; then pass; else fail "bin/parley is not executable"; fi
}

# ---- cmake --install into a prefix ----
LAST_CMD="cmake --install"
cmake --install "$PARLEY_BUILD_DIR" --prefix "$WORK/prefix" >install.log 2>&1
expect_eq "$?" 0 "cmake --install --prefix (log: $(tail -n 3 install.log))"
expect_tree "$WORK/prefix" site-functions

# ---- copied elsewhere, the original gone: everything is found relative to the binary ----
mkdir -p elsewhere
cp -a "$WORK/prefix" elsewhere/copy
mv "$WORK/prefix" "$WORK/prefix.moved"
PARLEY_BIN=$WORK/elsewhere/copy/bin/parley
run --version
expect_status 0
expect_stdout_matches '^parley [0-9]+\.[0-9]+\.[0-9]+ \(Lua 5\.4'
run eval 'parley.home'
expect_status 0
expect_stdout_equals "\"$WORK/elsewhere/copy/share/parley\""
expect_flagship
run scripts --names
expect_stdout_line overview

# The installed completion works from its installed place
got=$(bash --norc --noprofile -c '
    source "$1" && COMP_WORDS=(parley in) COMP_CWORD=1 && _parley && echo "${COMPREPLY[*]}"' _ \
    "$WORK/elsewhere/copy/share/bash-completion/completions/parley")
expect_eq "$got" ingest "installed bash completion of 'parley in'"
# The installed man page is the one the binary generates
run help --man
expect_eq "$(cmp -s "$STDOUT_FILE" "$WORK/elsewhere/copy/share/man/man1/parley.1" && echo same)" same \
    "installed man page = parley help --man"

# ---- make install PREFIX=... (the Makefile over the same build directory) ----
LAST_CMD="make install"
make -s -C "$PARLEY_SOURCE_DIR" install PREFIX="$WORK/made" BUILD="$PARLEY_BUILD_DIR" >make.log 2>&1
expect_eq "$?" 0 "make install PREFIX= (log: $(tail -n 3 make.log))"
expect_tree "$WORK/made" site-functions
# ... staged with DESTDIR, as packagers do; a /usr prefix puts zsh's file in vendor-completions
LAST_CMD="DESTDIR=... cmake --install --prefix /usr"
DESTDIR=$WORK/stage cmake --install "$PARLEY_BUILD_DIR" --prefix /usr >stage.log 2>&1
expect_eq "$?" 0 "DESTDIR install (log: $(tail -n 3 stage.log))"
expect_tree "$WORK/stage/usr" vendor-completions
PARLEY_BIN=$WORK/stage/usr/bin/parley
run run overview --limit 1
expect_status 0
expect_stdout_matches '^\[1\] 2025-03-13'

finish
