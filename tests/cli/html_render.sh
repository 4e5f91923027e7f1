# html_render.sh: the HTML briefing renders in headless Chromium with no console errors,
# and an article containing <script> shows as text (nothing runs).
source "$(dirname "$0")/lib/common.sh"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
    fail "chromium is not installed (make test installs the Debian package chromium)"
    finish
fi

printf ' date 2025-03-14 Baku said the talks went well.\n\n"<script>document.title=%s</script> is ready," Bayramov said.\n' "'pwned'" > evil.txt
run --db evil.db ingest evil.txt
run --db evil.db run briefing --format html -o brief.html
expect_status 0

render() {
    timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$WORK/chrome-profile" --enable-logging=stderr --v=0 \
        --dump-dom "file://$WORK/$1" > dom.html 2> console.log
}

render brief.html
if [ -s dom.html ]; then pass; else fail "chromium produced no DOM: $(tail -5 console.log)"; fi
if grep -q '<title>Briefing</title>' dom.html; then pass; else fail "the title changed: a script ran ($(grep -o '<title>[^<]*' dom.html))"; fi
if grep -q '&lt;script&gt;' dom.html; then pass; else fail "the article's <script> is not shown as text"; fi
if grep -q '<svg' dom.html; then pass; else fail "no inline SVG chart in the rendered page"; fi
if grep -Eiq 'CONSOLE|Uncaught|SyntaxError' console.log; then
    fail "console errors: $(grep -Ei 'CONSOLE|Uncaught|SyntaxError' console.log | head -3)"
else
    pass
fi

# The bundled corpus's briefing renders too.
run run briefing --format html -o seed.html
render seed.html
if grep -q 'Jeyhun Bayramov' dom.html && grep -q '<svg' dom.html; then pass; else fail "seed briefing did not render"; fi

finish
