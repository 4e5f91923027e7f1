#!/bin/sh
# setup.sh: install what `make bench` needs beyond the build: ICU (a benchmark-only peer), GNU time, and optionally wink-nlp.
#
# ICU and GNU time are required (apt-get install, through sudo when not root).
# Node.js/npm and the wink-nlp peer are optional: when npm is missing and the
# package archive has no candidate, or the npm registry cannot be reached,
# the peer is skipped and run.sh reports its row as not measured.
# wink-nlp goes into bench/.peers/ (git-ignored), never into the build.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
has_candidate() { apt-cache policy "$1" 2>/dev/null | grep -q 'Candidate: [0-9]'; }

missing=""
for p in libicu-dev time; do installed "$p" || missing="$missing $p"; done
if ! command -v npm > /dev/null 2>&1 && ! command -v node > /dev/null 2>&1; then
    # nodejs/npm only from the archive, and only when nothing provides node yet
    # (a NodeSource nodejs brings its own npm and conflicts with Debian's).
    for p in nodejs npm; do has_candidate "$p" && missing="$missing $p"; done
fi
if [ -n "$missing" ]; then
    echo "bench: installing Debian packages:$missing"
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
fi

if [ -d "$HERE/.peers/node_modules/wink-nlp" ] && [ -d "$HERE/.peers/node_modules/wink-eng-lite-web-model" ]; then
    exit 0
fi
if ! command -v npm > /dev/null 2>&1; then
    echo "bench: npm not available: the wink-nlp peer will not be measured"
    exit 0
fi
echo "bench: installing the wink-nlp peer into bench/.peers (outside git)"
mkdir -p "$HERE/.peers"
if ! (cd "$HERE/.peers" && npm install --no-audit --no-fund --silent wink-nlp wink-eng-lite-web-model); then
    echo "bench: npm install failed: the wink-nlp peer will not be measured"
fi
exit 0
