# package.sh: CPack builds a .deb that declares the libraries the binary links, holds the whole
# tree under /usr, and runs once unpacked with `dpkg -x` into a bare directory.
source "$(dirname "$0")/lib/common.sh"

if [ -z "${PARLEY_BUILD_DIR:-}" ] || [ ! -f "$PARLEY_BUILD_DIR/CPackConfig.cmake" ]; then
    echo "package: PARLEY_BUILD_DIR has no CPackConfig.cmake; nothing tried" >&2
    exit 1
fi
for tool in cpack dpkg-deb readelf; do
    command -v "$tool" >/dev/null || { echo "package: $tool is missing" >&2; exit 1; }
done
unset PARLEY_HOME
source "$(dirname "$0")/lib/flagship.sh"

LAST_CMD="cpack -G DEB"
cpack -G DEB --config "$PARLEY_BUILD_DIR/CPackConfig.cmake" -B "$WORK/pkg" >cpack.log 2>&1
expect_eq "$?" 0 "cpack -G DEB (log: $(tail -n 3 cpack.log))"
deb=$(ls "$WORK"/pkg/parley_*.deb 2>/dev/null | head -n 1)
if [ -z "$deb" ]; then
    fail "no parley_*.deb in the cpack output" "$(tail -n 20 cpack.log)"
    finish
fi
pass

expect_eq "$(dpkg-deb -f "$deb" Package)" parley "package name"
expect_eq "$(dpkg-deb -f "$deb" Version)" "$("$PARLEY_BIN" --version | awk '{ print $2 }')" "package version"
depends=$(dpkg-deb -f "$deb" Depends)
# One package name a line, versions dropped: names like libstdc++6 are no regular expressions.
depends_names=$(sed 's/ ([^)]*)//g; s/, */\n/g' <<<"$depends")
contents=$(dpkg-deb -c "$deb" | awk '{ print $6 }')
for f in ./usr/bin/parley ./usr/share/parley/stdlib/parley/cli.lua ./usr/share/parley/scripts/overview.lua \
    ./usr/share/parley/stubs/parley.lua ./usr/share/man/man1/parley.1 \
    ./usr/share/bash-completion/completions/parley ./usr/share/zsh/vendor-completions/_parley; do
    if grep -qxF "$f" <<<"$contents"; then pass; else fail "the package lacks $f"; fi
done

# Every library the binary needs directly belongs to a package named in Depends. The
# sanitizer runtimes of a -DPARLEY_SANITIZE=ON build come with the compiler, not Depends.
for soname in $(readelf -d "$PARLEY_BIN" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
    case $soname in libasan.so* | libubsan.so*) continue ;; esac
    path=$(ldd "$PARLEY_BIN" | awk -v so="$soname" '$1 == so { print $3 }')
    pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null || dpkg -S "$path" 2>/dev/null)
    pkg=${pkg%%:*}
    if [ -n "$pkg" ] && grep -qxF "$pkg" <<<"$depends_names"; then pass; else
        fail "$soname (package '${pkg:-?}') is not in Depends: $depends"; fi
done

# ---- unpacked with dpkg -x, no PARLEY_HOME: it finds usr/share/parley next to usr/bin ----
dpkg -x "$deb" root
PARLEY_BIN=$WORK/root/usr/bin/parley
run --version
expect_status 0
expect_stdout_matches '^parley .*SQLite 3\..*PCRE2 '
run eval 'parley.home'
expect_stdout_equals "\"$WORK/root/usr/share/parley\""
expect_flagship
cp "$SEED_DIR"/* seed.txt
run --db unpacked.db ingest seed.txt
expect_status 0
run --db unpacked.db sql --csv 'SELECT count(*) AS n FROM documents'
expect_stdout_matches $'^1\r?$'

finish
