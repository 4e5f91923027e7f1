#!/bin/sh
# Install the Debian packages parley needs to build (and, with "test", to test), only those missing.
# Other arguments are more package names (`make fuzz` passes clang).
set -eu
PACKAGES="build-essential cmake pkg-config liblua5.4-dev libutf8proc-dev libsqlite3-dev
libpcre2-dev libedit-dev libjansson-dev libsimdjson-dev libmimalloc-dev nettle-dev unicode-data bzip2 sqlite3"
for arg in "$@"; do
  case $arg in
    # The test suite renders HTML reports in a real browser, drives the zsh completion,
    # validates JSON against docs/schemas/ and loads the reports in pandas and R.
    test) PACKAGES="$PACKAGES chromium zsh python3-jsonschema python3-pandas r-base-core r-cran-jsonlite" ;;
    *) PACKAGES="$PACKAGES $arg" ;;
  esac
done

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0

echo "parley: installing missing Debian packages:$missing"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
