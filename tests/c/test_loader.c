/* test_loader.c: the loader's decoding, repair, newline and NFC rules, on hand cases and shared corpora. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "check.h"
#include "loader.h"
#include "parley.h"

/* A string literal and its length, NUL bytes included. */
#define LIT(s) (s), (sizeof(s) - 1)

/* ---- helpers ---- */

static int same_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
    return alen == blen && memcmp(a, b, alen) == 0;
}

/* Load and expect success with exactly the expected text. */
static void expect_text(const char *in, size_t len, int flags, const char *want, size_t want_len,
                        const char *what)
{
    load_result r;
    int rc = load_bytes(in, len, flags, &r);
    check(rc == PARLEY_OK, "%s: rc %d", what, rc);
    if (rc == PARLEY_OK) {
        check(same_bytes(r.text, r.len, want, want_len), "%s: got %zu bytes", what, r.len);
        check(r.text[r.len] == '\0', "%s: not NUL-terminated", what);
    }
    load_result_free(&r);
}

/* Load and expect failure code at original offset off. */
static void expect_error(const char *in, size_t len, int flags, int code, size_t off,
                         const char *what)
{
    load_result r;
    int rc = load_bytes(in, len, flags, &r);
    check(rc == code, "%s: rc %d, want %d", what, rc, code);
    check(r.text == NULL, "%s: text set on failure", what);
    if (rc == code && code != PARLEY_EEMPTY)
        check(r.err_offset == off, "%s: offset %zu, want %zu", what, r.err_offset, off);
    load_result_free(&r);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)size + 1);
    if (buf && fread(buf, 1, (size_t)size, f) != (size_t)size) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf)
        *len = (size_t)size;
    return buf;
}

static char *corpus_file(const char *name, size_t *len)
{
    const char *dir = getenv("PARLEY_CORPORA");
    check(dir != NULL, "PARLEY_CORPORA is not set");
    if (!dir)
        return NULL;
    char path[4096];
    snprintf(path, sizeof path, "%s/utf8-decoder-tests/%s", dir, name);
    char *data = read_file(path, len);
    check(data != NULL, "cannot read %s", path);
    return data;
}

/* ---- malformed UTF-8 ---- */

typedef struct {
    const char *what;
    const char *in;
    size_t len;
    size_t bad_offset;      /* where strict loading stops */
    const char *repaired;   /* Python's bytes.decode("utf-8", "replace"), re-encoded */
    size_t repaired_len;
    size_t replaced;
} malformed_case;

#define FFFD "\xEF\xBF\xBD"

static const malformed_case malformed[] = {
    {"lone continuation", LIT("a\x80z"), 1, LIT("a" FFFD "z"), 1},
    {"overlong C0 80", LIT("a\xC0\x80z"), 1, LIT("a" FFFD FFFD "z"), 2},
    {"overlong C1 BF", LIT("\xC1\xBF"), 0, LIT(FFFD FFFD), 2},
    {"overlong E0 80 80", LIT("a\xE0\x80\x80"), 1, LIT("a" FFFD FFFD FFFD), 3},
    {"overlong F0 80 80 80", LIT("\xF0\x80\x80\x80"), 0, LIT(FFFD FFFD FFFD FFFD), 4},
    {"surrogate ED A0 80", LIT("x\xED\xA0\x80y"), 1, LIT("x" FFFD FFFD FFFD "y"), 3},
    {"past U+10FFFF F4 90", LIT("\xF4\x90\x80\x80"), 0, LIT(FFFD FFFD FFFD FFFD), 4},
    {"F5 lead", LIT("\xF5\x80"), 0, LIT(FFFD FFFD), 2},
    {"FF byte", LIT("ab\xFF"), 2, LIT("ab" FFFD), 1},
    {"truncated 2-byte at EOF", LIT("ab\xC3"), 2, LIT("ab" FFFD), 1},
    {"truncated 3-byte at EOF", LIT("\xE2\x82"), 0, LIT(FFFD), 1},
    {"truncated 4-byte at EOF", LIT("ok\xF0\x9F\x98"), 2, LIT("ok" FFFD), 1},
    {"truncated then ASCII", LIT("\xE2\x82x"), 0, LIT(FFFD "x"), 1},
    {"valid then bad lead", LIT("\xC3\xA9\xC3"), 2, LIT("\xC3\xA9" FFFD), 1},
};

static void test_malformed(void)
{
    for (size_t i = 0; i < sizeof malformed / sizeof *malformed; i++) {
        const malformed_case *c = &malformed[i];
        expect_error(c->in, c->len, 0, PARLEY_EUTF8, c->bad_offset, c->what);
        check(utf8_valid_prefix(c->in, c->len) == c->bad_offset, "%s: valid prefix", c->what);
        load_result r;
        int rc = load_bytes(c->in, c->len, LOAD_REPAIR, &r);
        check(rc == PARLEY_OK, "%s: repair rc %d", c->what, rc);
        if (rc == PARLEY_OK) {
            check(same_bytes(r.text, r.len, c->repaired, c->repaired_len), "%s: repaired", c->what);
            check(r.replaced == c->replaced, "%s: replaced %zu", c->what, r.replaced);
            check(r.map != NULL, "%s: repair needs a map", c->what);
            check(!r.ascii, "%s: U+FFFD is not ASCII", c->what);
        }
        load_result_free(&r);
        size_t n, replaced;
        char *fixed = utf8_repair(c->in, c->len, &n, &replaced);
        check(fixed && same_bytes(fixed, n, c->repaired, c->repaired_len), "%s: utf8_repair", c->what);
        check(replaced == c->replaced, "%s: utf8_repair count", c->what);
        free(fixed);
    }
}

static void test_error_message_and_position(void)
{
    char buf[2000];
    memset(buf, 'a', sizeof buf);
    buf[1234] = (char)0xC3;
    buf[1235] = 'x';
    load_result r;
    int rc = load_bytes(buf, sizeof buf, 0, &r);
    char msg[128];
    load_describe_error(rc, &r, msg, sizeof msg);
    check(rc == PARLEY_EUTF8, "rc %d", rc);
    check(strcmp(msg, "invalid UTF-8 (byte 0xC3 at offset 1234)") == 0, "message: %s", msg);
    check(r.err_line == 1 && r.err_col == 1235, "line %zu col %zu", r.err_line, r.err_col);
    load_result_free(&r);

    /* Line 3; CRLF counts as one break, and columns count code points (é is one). */
    rc = load_bytes(LIT("ab\ncd\r\nx\xC3\xA9\xFFz"), 0, &r);
    check(rc == PARLEY_EUTF8 && r.err_offset == 10 && r.err_byte == 0xFF, "line-3 error at %zu",
          r.err_offset);
    check(r.err_line == 3 && r.err_col == 3, "line %zu col %zu", r.err_line, r.err_col);
    load_result_free(&r);

    /* With a BOM, offsets stay in the original file but the column starts after it. */
    rc = load_bytes(LIT("\xEF\xBB\xBF\xFF"), 0, &r);
    check(rc == PARLEY_EUTF8 && r.err_offset == 3 && r.err_line == 1 && r.err_col == 1,
          "BOM error at %zu col %zu", r.err_offset, r.err_col);
    load_result_free(&r);
}

/* ---- NUL, empty, BOM ---- */

static void test_binary_and_empty(void)
{
    char msg[128];
    load_result r;
    int rc = load_bytes(LIT("ab\0c"), LOAD_REPAIR, &r);
    load_describe_error(rc, &r, msg, sizeof msg);
    check(rc == PARLEY_EBINARY, "NUL with repair: rc %d", rc);
    check(strcmp(msg, "binary file (NUL byte at offset 2)") == 0, "message: %s", msg);
    load_result_free(&r);
    expect_error(LIT("ab\0c"), 0, PARLEY_EBINARY, 2, "NUL");
    expect_error(LIT("\xFF" "abc\0"), 0, PARLEY_EBINARY, 4, "NUL after invalid UTF-8 wins");
    expect_error(LIT("\xFF" "abc\0"), LOAD_REPAIR, PARLEY_EBINARY, 4, "NUL after repaired byte");
    expect_error(LIT("\0"), 0, PARLEY_EBINARY, 0, "lone NUL");

    rc = load_bytes("", 0, 0, &r);
    load_describe_error(rc, &r, msg, sizeof msg);
    check(rc == PARLEY_EEMPTY && strcmp(msg, "empty file") == 0, "empty: %d %s", rc, msg);
    load_result_free(&r);
    expect_error(LIT("\xEF\xBB\xBF"), LOAD_REPAIR, PARLEY_EEMPTY, 0, "UTF-8 BOM only");
    expect_error(LIT("\xFF\xFE"), 0, PARLEY_EEMPTY, 0, "UTF-16LE BOM only");
    expect_error(LIT("\xFE\xFF"), 0, PARLEY_EEMPTY, 0, "UTF-16BE BOM only");
    expect_text(LIT(" \n\t "), 0, LIT(" \n\t "), "whitespace only is text");

    rc = load_bytes(LIT("\xEF\xBB\xBFh\xC3\xA9llo"), 0, &r);
    check(rc == PARLEY_OK && same_bytes(r.text, r.len, LIT("h\xC3\xA9llo")), "BOM dropped");
    check(rc == PARLEY_OK && strcmp(r.encoding, "utf-8-bom") == 0, "encoding %s", r.encoding);
    check(rc == PARLEY_OK && r.map != NULL, "a BOM needs a map");
    load_result_free(&r);
}

static void test_identity(void)
{
    load_result r;
    int rc = load_bytes(LIT("plain ASCII\nlines\n"), 0, &r);
    check(rc == PARLEY_OK && r.map == NULL && r.ascii && r.replaced == 0, "ASCII is identity");
    check(rc == PARLEY_OK && strcmp(r.encoding, "utf-8") == 0, "encoding %s", r.encoding);
    load_result_free(&r);
    /* Armenian, Cyrillic, and a mark that composes with nothing ("x" + U+0301) stay as they are. */
    const char nfc[] = "\xD4\xB2\xD5\xA1\xD6\x80\xD5\xA5\xD5\xBE \xD0\x9F\xD1\x80\xD0\xB8 x\xCC\x81";
    rc = load_bytes(nfc, sizeof nfc - 1, 0, &r);
    check(rc == PARLEY_OK && r.map == NULL && !r.ascii, "NFC text is identity");
    check(rc == PARLEY_OK && same_bytes(r.text, r.len, nfc, sizeof nfc - 1), "NFC text unchanged");
    load_result_free(&r);
}

/* A malloc'd copy of a literal, as a file reader would hand it over. */
static char *owned_copy(const char *s, size_t len)
{
    char *buf = malloc(len + 1);
    if (buf)
        memcpy(buf, s, len);
    return buf;
}

/* load_bytes_owned adopts the buffer when nothing changes and frees it otherwise (ASan checks). */
static void test_owned(void)
{
    load_result r;
    char *buf = owned_copy(LIT("plain\n"));
    int rc = load_bytes_owned(buf, 6, 0, &r);
    check(rc == PARLEY_OK && r.text == buf && same_bytes(r.text, r.len, LIT("plain\n")), "adopted");
    check(rc == PARLEY_OK && r.map == NULL && r.text[r.len] == '\0', "adopted: no map, terminated");
    load_result_free(&r);

    buf = owned_copy(LIT("\xEF\xBB\xBFh\xC3\xA9"));
    rc = load_bytes_owned(buf, 6, 0, &r);
    check(rc == PARLEY_OK && r.text == buf && same_bytes(r.text, r.len, LIT("h\xC3\xA9")), "BOM moved");
    check(rc == PARLEY_OK && r.map && offmap_source_start(r.map, 1) == 4, "BOM map");
    load_result_free(&r);

    buf = owned_copy(LIT("a\r\nb"));
    rc = load_bytes_owned(buf, 4, 0, &r);
    check(rc == PARLEY_OK && same_bytes(r.text, r.len, LIT("a\nb")), "changed: new text");
    load_result_free(&r);

    buf = owned_copy(LIT("\xFF\xFEh\0i\0"));
    rc = load_bytes_owned(buf, 6, 0, &r);
    check(rc == PARLEY_OK && same_bytes(r.text, r.len, LIT("hi")), "UTF-16 owned");
    load_result_free(&r);

    buf = owned_copy(LIT("ok\n\xC3("));
    rc = load_bytes_owned(buf, 5, 0, &r);
    check(rc == PARLEY_EUTF8 && r.err_offset == 3 && r.err_byte == 0xC3 && r.err_line == 2,
          "owned failure: rc %d at %zu", rc, r.err_offset);
    load_result_free(&r);
    rc = load_bytes_owned(owned_copy(LIT("\xEF\xBB\xBF")), 3, 0, &r);
    check(rc == PARLEY_EEMPTY, "owned empty: rc %d", rc);
}

/* ---- newlines ---- */

static void test_newlines(void)
{
    expect_text(LIT("a\r\nb\rc\n\r\r\n"), 0, LIT("a\nb\nc\n\n\n"), "CRLF and CR");
    expect_text(LIT("\r"), 0, LIT("\n"), "lone CR alone");
    expect_text(LIT("x\r"), LOAD_NO_NFC, LIT("x\n"), "CR at the end");
    load_result r;
    int rc = load_bytes(LIT("one\rtwo"), 0, &r);
    check(rc == PARLEY_OK && r.map != NULL, "a lone CR changes bytes, so there is a map");
    load_result_free(&r);
    /* A CR in a long ASCII run is found by the word-at-a-time scan. */
    expect_text(LIT("0123456789abcdef\r\n0123456789abcdef"), 0,
                LIT("0123456789abcdef\n0123456789abcdef"), "CRLF mid-word");
}

/* ---- NFC ---- */

static void test_nfc(void)
{
    expect_text(LIT("e\xCC\x81"), 0, LIT("\xC3\xA9"), "e + U+0301");
    expect_text(LIT("caf" "e\xCC\x81" " ok"), 0, LIT("caf\xC3\xA9 ok"), "inside ASCII");
    expect_text(LIT("e\xCC\x81"), LOAD_NO_NFC, LIT("e\xCC\x81"), "LOAD_NO_NFC");
    expect_text(LIT("\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8"), 0, LIT("\xEA\xB0\x81"),
                "Hangul L V T jamo");
    expect_text(LIT("\xEA\xB0\x80\xE1\x86\xA8"), 0, LIT("\xEA\xB0\x81"), "Hangul LV + T");
    /* Marks out of canonical order: U+0301 (ccc 230) before U+0316 (220). */
    expect_text(LIT("a\xCC\x81\xCC\x96"), 0, LIT("\xC3\xA1\xCC\x96"), "reordered marks");
    expect_text(LIT("q\xCC\x87\xCC\xA3."), 0, LIT("q\xCC\xA3\xCC\x87."), "reorder, no composite");
    expect_text(LIT("x\xCC\x85\xCC\x96y"), 0, LIT("x\xCC\x96\xCC\x85y"), "QC Yes marks reordered");
    expect_text(LIT("x\xCC\x96\xCC\x85y"), 0, LIT("x\xCC\x96\xCC\x85y"), "QC Yes marks in order");
    expect_text(LIT("\xE2\x84\xA6"), 0, LIT("\xCE\xA9"), "singleton OHM SIGN");
    expect_text(LIT("\xE0\xA5\x98"), 0, LIT("\xE0\xA4\x95\xE0\xA4\xBC"), "exclusion grows");
    expect_text(LIT("\xCC\x81" "a"), 0, LIT("\xCC\x81" "a"), "mark at start");
    expect_text(LIT("\r\n\xCC\x81\xCC\x96"), 0, LIT("\n\xCC\x96\xCC\x81"), "marks after CRLF");
    expect_text(LIT("\xFF\xCC\x81"), LOAD_REPAIR, LIT(FFFD "\xCC\x81"), "mark after U+FFFD");
    /* Runs of two-byte letters are skipped in one loop: the mark must still compose with the last. */
    expect_text(LIT("\xD0\xB0\xD0\xB1\xD0\xB2\xD0\xB3\xD0\xB8\xCC\x86"), 0,
                LIT("\xD0\xB0\xD0\xB1\xD0\xB2\xD0\xB3\xD0\xB9"), "абвги + U+0306 -> абвгй");
    expect_text(LIT("\xCE\xBA\xCE\xB1\xCE\xBB\xCE\xB1\xCC\x81 ok"), 0,
                LIT("\xCE\xBA\xCE\xB1\xCE\xBB\xCE\xAC ok"), "Greek καλα + U+0301 -> καλά");
    expect_text(LIT("\xE2\x82\xAC\xD0\xB8\xD0\xB8\xCC\x86"), 0, LIT("\xE2\x82\xAC\xD0\xB8\xD0\xB9"),
                "a three-byte sign, then a two-byte run, then the mark");
    /* U+0340 is two bytes and NFC_QC No: it ends a run (и + U+0340 -> ѝ, U+045D). */
    expect_text(LIT("\xD0\xB8\xD0\xB8\xCD\x80"), 0, LIT("\xD0\xB8\xD1\x9D"), "a careful two-byte mark");
    expect_error(LIT("\xD0\xB8\xD0\xB8\xD0"), 0, PARLEY_EUTF8, 4, "a run cut in its last letter");
    expect_error(LIT("\xD0\xB8\xD0\xB8\xD0\x41"), 0, PARLEY_EUTF8, 4, "a lead byte without its tail");

    check(nfc_quick_check(LIT("plain")) == 1, "ASCII is NFC");
    check(nfc_quick_check(LIT("\xD0\x9F\xD1\x80\xD0\xB8")) == 1, "Cyrillic is NFC");
    check(nfc_quick_check(LIT("e\xCC\x81")) == 0, "decomposed is not known NFC");
    /* U+0321 (ccc 202), U+0316 (220), U+0305 (230) all have NFC_QC = Yes: only order matters. */
    check(nfc_quick_check(LIT("a\xCC\xA1\xCC\x96\xCC\x85")) == 1, "marks in order");
    check(nfc_quick_check(LIT("a\xCC\x85\xCC\x96")) == 0, "ccc 230 then 220");
    check(nfc_quick_check(LIT("a\xCC\x81")) == 0, "QC Maybe");
    check(nfc_quick_check(LIT("\xE2\x84\xA6")) == 0, "QC No");
}

/* ---- UTF-16 ---- */

static void test_utf16(void)
{
    /* "Hé😀\r\nx" */
    const char want[] = "H\xC3\xA9\xF0\x9F\x98\x80\nx";
    load_result r;
    int rc = load_bytes(LIT("\xFF\xFEH\0\xE9\0\x3D\xD8\x00\xDE\r\0\n\0x\0"), 0, &r);
    check(rc == PARLEY_OK && same_bytes(r.text, r.len, want, sizeof want - 1), "UTF-16LE");
    check(rc == PARLEY_OK && strcmp(r.encoding, "utf-16le") == 0 && r.map && !r.ascii, "LE fields");
    load_result_free(&r);
    rc = load_bytes(LIT("\xFE\xFF\0H\0\xE9\xD8\x3D\xDE\x00\0\r\0\n\0x"), 0, &r);
    check(rc == PARLEY_OK && same_bytes(r.text, r.len, want, sizeof want - 1), "UTF-16BE");
    check(rc == PARLEY_OK && strcmp(r.encoding, "utf-16be") == 0, "BE encoding");
    load_result_free(&r);
    expect_text(LIT("\xFF\xFEh\0i\0\r\0"), 0, LIT("hi\n"), "UTF-16 lone CR");
    expect_text(LIT("\xFF\xFE" "e\0\x01\x03"), 0, LIT("\xC3\xA9"), "UTF-16 NFC");
    expect_text(LIT("\xFF\xFE" "e\0\x01\x03"), LOAD_NO_NFC, LIT("e\xCC\x81"), "UTF-16 no NFC");

    char msg[128];
    rc = load_bytes(LIT("\xFF\xFE" "a\0\x3D\xD8" "b\0"), 0, &r);
    load_describe_error(rc, &r, msg, sizeof msg);
    check(rc == PARLEY_EUTF16 && r.err_offset == 4, "unpaired high: %d at %zu", rc, r.err_offset);
    check(strcmp(msg, "invalid UTF-16 (unpaired surrogate at offset 4)") == 0, "message: %s", msg);
    check(r.err_line == 1 && r.err_col == 2, "col %zu", r.err_col);
    load_result_free(&r);
    expect_error(LIT("\xFE\xFF\0a\xDC\0"), 0, PARLEY_EUTF16, 4, "unpaired low (BE)");
    expect_error(LIT("\xFF\xFE" "a\0\x3D\xD8"), 0, PARLEY_EUTF16, 4, "high surrogate at end");
    rc = load_bytes(LIT("\xFF\xFE" "a\0b"), 0, &r);
    load_describe_error(rc, &r, msg, sizeof msg);
    check(rc == PARLEY_EUTF16 && r.err_offset == 4 && r.err_odd_length, "odd byte count");
    check(strstr(msg, "odd byte count") != NULL, "message: %s", msg);
    load_result_free(&r);
    expect_error(LIT("\xFF\xFE" "a\0\x3D\xD8" "\0\0"), 0, PARLEY_EBINARY, 6, "UTF-16 NUL wins");
    expect_text(LIT("\xFF\xFE" "a\0\x3D\xD8" "b\0c"), LOAD_REPAIR, LIT("a" FFFD "b" FFFD),
                "UTF-16 repair");
}

/* ---- the shared decoder vectors ---- */

static int hex_digit(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

/* Decode the hex string value of "key": "..." on a JSONL line into out; its length, or -1. */
static long json_hex_field(const char *line, const char *key, unsigned char *out, size_t cap)
{
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\": \"", key);
    const char *p = strstr(line, pattern);
    if (!p)
        return -1;
    p += strlen(pattern);
    const char *end = strchr(p, '"');
    if (!end || (end - p) % 2 != 0 || (size_t)(end - p) / 2 > cap)
        return -1;
    for (const char *q = p; q < end; q += 2)
        out[(q - p) / 2] = (unsigned char)(hex_digit(q[0]) * 16 + hex_digit(q[1]));
    return (end - p) / 2;
}

static size_t count_fffd(const unsigned char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i + 3 <= len; i++)
        n += memcmp(s + i, FFFD, 3) == 0;
    return n;
}

/* Through the loader; only cases without NUL or CR, which it changes or refuses by design. */
static void vector_through_loader(const unsigned char *in, size_t in_len,
                                  const unsigned char *want, size_t want_len, const char *id)
{
    load_result r;
    int rc = load_bytes((const char *)in, in_len, LOAD_REPAIR | LOAD_NO_NFC, &r);
    if (in_len == 0) {
        check(rc == PARLEY_EEMPTY, "vector %s: empty input rc %d", id, rc);
        return;
    }
    check(rc == PARLEY_OK && same_bytes(r.text, r.len, (const char *)want, want_len),
          "vector %s: loader output", id);
    check(rc != PARLEY_OK || r.replaced == count_fffd(want, want_len) - count_fffd(in, in_len),
          "vector %s: replaced %zu", id, r.replaced);
    load_result_free(&r);
    size_t valid = utf8_valid_prefix((const char *)in, in_len);
    rc = load_bytes((const char *)in, in_len, 0, &r);
    if (valid == in_len)
        check(rc == PARLEY_OK, "vector %s: valid input refused", id);
    else
        check(rc == PARLEY_EUTF8 && r.err_offset == valid, "vector %s: strict rc %d", id, rc);
    load_result_free(&r);
}

static void test_decoder_vectors(void)
{
    size_t len;
    char *data = corpus_file("utf8tests.jsonl", &len);
    if (!data)
        return;
    data[len] = '\0';
    int cases = 0, through_loader = 0, skipped = 0;
    unsigned char in[4096], want[8192];
    for (char *line = strtok(data, "\n"); line; line = strtok(NULL, "\n")) {
        char id[32] = "?";
        sscanf(line, "{\"id\": \"%31[^\"]", id);
        long in_len = json_hex_field(line, "input_hex", in, sizeof in);
        long want_len = json_hex_field(line, "expected_replace_hex", want, sizeof want);
        check(in_len >= 0 && want_len >= 0, "vector %s: unparsable line", id);
        if (in_len < 0 || want_len < 0)
            continue;
        cases++;
        size_t n, replaced;
        char *fixed = utf8_repair((const char *)in, (size_t)in_len, &n, &replaced);
        check(fixed && same_bytes(fixed, n, (const char *)want, (size_t)want_len),
              "vector %s: utf8_repair", id);
        free(fixed);
        if (memchr(in, 0, (size_t)in_len) || memchr(in, '\r', (size_t)in_len)) {
            skipped++;
            continue;
        }
        through_loader++;
        vector_through_loader(in, (size_t)in_len, want, (size_t)want_len, id);
    }
    check(cases == 222, "expected 222 vectors, parsed %d", cases);
    printf("decoder vectors: %d through utf8_repair, %d through load_bytes, "
           "%d skipped there (they hold NUL or CR)\n", cases, through_loader, skipped);
    free(data);
}

/* ---- exhaustive short sequences against a reference written from the standard ---- */

/* Unicode Table 3-7, Well-Formed UTF-8 Byte Sequences: byte ranges per position. */
static const struct {
    int len;
    unsigned char lo[4], hi[4];
} well_formed[] = {
    {1, {0x00}, {0x7F}},
    {2, {0xC2, 0x80}, {0xDF, 0xBF}},
    {3, {0xE0, 0xA0, 0x80}, {0xE0, 0xBF, 0xBF}},
    {3, {0xE1, 0x80, 0x80}, {0xEC, 0xBF, 0xBF}},
    {3, {0xED, 0x80, 0x80}, {0xED, 0x9F, 0xBF}},
    {3, {0xEE, 0x80, 0x80}, {0xEF, 0xBF, 0xBF}},
    {4, {0xF0, 0x90, 0x80, 0x80}, {0xF0, 0xBF, 0xBF, 0xBF}},
    {4, {0xF1, 0x80, 0x80, 0x80}, {0xF3, 0xBF, 0xBF, 0xBF}},
    {4, {0xF4, 0x80, 0x80, 0x80}, {0xF4, 0x8F, 0xBF, 0xBF}},
};

/*
 * The definition itself: at each position take the longest prefix of some
 * well-formed sequence; copy it when complete, else emit one U+FFFD for it
 * (for at least one byte).
 */
static size_t reference_repair(const unsigned char *s, size_t n, unsigned char *out)
{
    size_t i = 0, o = 0;
    while (i < n) {
        int best = 0, complete = 0;
        for (size_t row = 0; row < sizeof well_formed / sizeof *well_formed; row++) {
            int k = 0;
            while (k < well_formed[row].len && i + (size_t)k < n &&
                   s[i + k] >= well_formed[row].lo[k] && s[i + k] <= well_formed[row].hi[k])
                k++;
            if (k > best) {
                best = k;
                complete = k == well_formed[row].len;
            }
        }
        if (complete) {
            memcpy(out + o, s + i, (size_t)best);
            o += (size_t)best;
        } else {
            memcpy(out + o, FFFD, 3);
            o += 3;
        }
        i += best > 0 ? (size_t)best : 1;
    }
    return o;
}

/* Every string of 1 to 4 bytes over the bytes where the UTF-8 rules change. */
static void test_exhaustive_short(void)
{
    static const unsigned char edges[] = {0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0,
                                          0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF,
                                          0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF, 0x0A};
    const size_t k = sizeof edges;
    size_t strings = 0, mismatches = 0;
    for (int len = 1; len <= 4; len++) {
        size_t total = 1;
        for (int j = 0; j < len; j++)
            total *= k;
        for (size_t code = 0; code < total; code++) {
            unsigned char in[4], want[12];
            size_t c = code;
            for (int j = 0; j < len; j++, c /= k)
                in[j] = edges[c % k];
            size_t want_len = reference_repair(in, (size_t)len, want), got_len;
            char *got = utf8_repair((const char *)in, (size_t)len, &got_len, NULL);
            load_result r;
            int rc = load_bytes((const char *)in, (size_t)len, LOAD_REPAIR | LOAD_NO_NFC, &r);
            if (!got || !same_bytes(got, got_len, (const char *)want, want_len) ||
                rc != PARLEY_OK || !same_bytes(r.text, r.len, (const char *)want, want_len))
                mismatches++;
            free(got);
            load_result_free(&r);
            strings++;
        }
    }
    check(mismatches == 0, "%zu of %zu short strings differ from the reference", mismatches, strings);
    printf("exhaustive: %zu strings of 1-4 bytes match the Table 3-7 reference\n", strings);
}

/* ---- Kuhn's stress test ---- */

/* The text of 1-based line n of s (up to the LF), or NULL. */
static const char *nth_line(const char *s, size_t len, int n, size_t *line_len)
{
    const char *p = s, *end = s + len;
    for (int i = 1; i < n && p < end; i++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    if (p >= end)
        return NULL;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    *line_len = (size_t)((nl ? nl : end) - p);
    return p;
}

/* The first line of section 3 ("3  Malformed sequences"): everything before it is valid. */
static int malformed_section_line(const char *s, size_t len)
{
    for (int n = 1;; n++) {
        size_t ll;
        const char *line = nth_line(s, len, n, &ll);
        if (!line)
            return 0;
        if (ll > 3 && memcmp(line, "3  ", 3) == 0)
            return n;
    }
}

static void kuhn_sections_intact(const char *orig, size_t len, const load_result *r)
{
    int last = malformed_section_line(orig, len) - 1;
    check(last > 60, "section 3 not found");
    for (int n = 1; n <= last; n++) {
        size_t a_len = 0, b_len = 0;
        const char *a = nth_line(orig, len, n, &a_len);
        const char *b = nth_line(r->text, r->len, n, &b_len);
        check(a && b && same_bytes(a, a_len, b, b_len), "Kuhn line %d changed", n);
    }
}

static void test_kuhn(void)
{
    size_t len;
    char *data = corpus_file("UTF-8-test.txt", &len);
    if (!data)
        return;
    load_result r;
    /* Test 2.1.1 is U+0000 itself: the loader refuses any NUL as binary, by design. */
    int rc = load_bytes(data, len, LOAD_REPAIR, &r);
    check(rc == PARLEY_EBINARY && r.err_line == 71, "Kuhn as is: rc %d line %zu", rc, r.err_line);
    load_result_free(&r);
    char *nul = memchr(data, 0, len);
    if (nul)
        *nul = ' ';
    /*
     * The corpus copy may already have its malformed sequences replaced by
     * U+FFFD (the shared one does); then strict loading succeeds too. Either
     * way the loader must agree with utf8_repair on what is malformed.
     */
    size_t valid = utf8_valid_prefix(data, len), fixed_len, bad;
    char *fixed = utf8_repair(data, len, &fixed_len, &bad);
    rc = load_bytes(data, len, 0, &r);
    if (valid < len)
        check(rc == PARLEY_EUTF8 && r.err_offset == valid, "Kuhn strict: rc %d", rc);
    else
        printf("note: this UTF-8-test.txt holds no malformed UTF-8 (only pre-replaced U+FFFD)\n");
    load_result_free(&r);

    rc = load_bytes(data, len, LOAD_REPAIR | LOAD_NO_NFC, &r);
    check(rc == PARLEY_OK, "Kuhn repair rc %d", rc);
    if (rc == PARLEY_OK) {
        check(utf8_valid_prefix(r.text, r.len) == r.len, "Kuhn output is valid UTF-8");
        check(r.replaced == bad, "Kuhn replaced %zu, utf8_repair %zu", r.replaced, bad);
        check(fixed && same_bytes(r.text, r.len, fixed, fixed_len), "Kuhn: loader = utf8_repair");
        kuhn_sections_intact(data, len, &r);
    }
    load_result_free(&r);
    free(fixed);

    /* With NFC, section 1's "κόσμε" spells ό as U+1F79, whose NFC is U+03CC. */
    rc = load_bytes(data, len, LOAD_REPAIR, &r);
    size_t ll;
    const char *line = rc == PARLEY_OK ? nth_line(r.text, r.len, 65, &ll) : NULL;
    check(line && strstr(line, "\xCE\xBA\xCF\x8C\xCF\x83\xCE\xBC\xCE\xB5") != NULL,
          "Kuhn NFC of kosme");
    check(rc == PARLEY_OK && utf8_valid_prefix(r.text, r.len) == r.len, "Kuhn NFC output valid");
    load_result_free(&r);
    free(data);
}

/* ---- size and speed ---- */

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Mixed text: ASCII lines, Cyrillic, CRLF, and now and then a decomposed é. */
static char *generate_text(size_t size)
{
    static const char *pieces[] = {
        "The quick brown fox jumps over the lazy dog. ",
        "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82, \xD0\xBC\xD0\xB8\xD1\x80! ",
        "\r\n",
        "cafe\xCC\x81 ",
        "\xD4\xB2\xD5\xA1\xD6\x80\xD5\xA5\xD5\xBE ",
    };
    char *s = malloc(size);
    size_t n = 0;
    unsigned k = 1;
    while (s) {
        k = k * 1103515245u + 12345u;
        unsigned pick = (k >> 16) % 16;
        const char *piece = pieces[pick < 8 ? 0 : pick < 12 ? 1 : pick < 14 ? 4 : pick < 15 ? 2 : 3];
        size_t pl = strlen(piece);
        if (n + pl > size)
            break;
        memcpy(s + n, piece, pl);
        n += pl;
    }
    if (s)
        memset(s + n, ' ', size - n);
    return s;
}

/* Peak resident memory of the process so far, in bytes. */
static size_t peak_rss(void)
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return (size_t)usage.ru_maxrss * 1024;
}

static double time_load(const char *s, size_t len, size_t *out_len)
{
    load_result r;
    double t0 = seconds_now();
    int rc = load_bytes(s, len, 0, &r);
    double t = seconds_now() - t0;
    check(rc == PARLEY_OK, "generated text rc %d", rc);
    *out_len = r.len;
    load_result_free(&r);
    return t;
}

static void test_large_input(void)
{
    const size_t big = 50u << 20, small = 5u << 20;
    size_t rss_before = peak_rss();
    char *s = generate_text(big);
    check(s != NULL, "out of memory");
    if (!s)
        return;
    size_t big_out, small_out;
    double t_small = time_load(s, small, &small_out);
    double t_big = time_load(s, big, &big_out);
    check(big_out < big && big_out > big - big / 10, "50 MB output %zu bytes", big_out);
    /* Ten times the input must cost about ten times the time, not a hundred. */
    check(t_big < 30 * t_small + 0.5, "not linear: 5 MB %.3fs, 50 MB %.3fs", t_small, t_big);
    printf("50 MB mixed text: %.3f s (%.0f MB/s); 5 MB: %.3f s\n", t_big, 50 / t_big, t_small);
    /* Input plus output plus a small map: the peak may grow by little more than twice the input. */
    size_t grown = peak_rss() - rss_before;
    printf("peak memory growth for the 50 MB load: %zu MB\n", grown >> 20);
#if !defined(__SANITIZE_ADDRESS__)   /* shadow memory and quarantine inflate it there */
    check(grown < big * 2 + big / 8, "peak memory grew by %zu MB for 50 MB", grown >> 20);
#endif
    free(s);
}

int main(void)
{
    test_malformed();
    test_error_message_and_position();
    test_binary_and_empty();
    test_identity();
    test_owned();
    test_newlines();
    test_nfc();
    test_utf16();
    test_decoder_vectors();
    test_exhaustive_short();
    test_kuhn();
    test_large_input();
    return check_report("loader");
}
