/* fuzz_loader.c: bytes -> validate, repair, newlines, NFC, offset map, metadata rules. */
#include <jansson.h>
#include <lua.h>
#include <string.h>

#include "fuzz.h"
#include "ingest.h"
#include "loader.h"
#include "offset_map.h"
#include "parley.h"
#include "runtime.h"
#include "unitext.h"

static lua_State *L;   /* one state for the metadata rules, made once */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    runtime_opts ro = {0};
    L = runtime_new(&ro);
    PROPERTY(L != NULL, "cannot create the Lua runtime");
    return 0;
}

static void check_utf8(const char *s, size_t len, const char *what)
{
    size_t valid = utf8_valid_prefix(s, len);
    PROPERTY(valid == len, "%s is not valid UTF-8 at byte %zu of %zu", what, valid, len);
}

static size_t bom_length(const char *encoding)
{
    if (strcmp(encoding, "utf-8-bom") == 0)
        return 3;
    return strncmp(encoding, "utf-16", 6) == 0 ? 2 : 0;
}

static void check_nfc(const char *s, size_t len)
{
    char *nfc;
    ptrdiff_t n = text_normalize(s, len, TEXT_NFC, &nfc);
    PROPERTY(n >= 0, "text_normalize failed on loaded text (%td)", n);
    PROPERTY((size_t)n == len && memcmp(nfc, s, len) == 0, "loaded text is not NFC");
    free(nfc);
}

/* Offsets move forward, cover the whole input, and survive serialisation. */
static void check_map(const load_result *r, size_t in_len)
{
    const parley_offset_map *map = r->map;
    unsigned char *blob = NULL;
    size_t blob_len = 0;
    parley_offset_map *copy = NULL;
    if (map) {
        PROPERTY(offmap_serialize(map, &blob, &blob_len) == 0, "offmap_serialize failed");
        copy = offmap_deserialize(blob, blob_len);
        PROPERTY(copy != NULL, "offmap_deserialize refused its own output");
    } else {
        PROPERTY(r->len == in_len, "no map, yet the text changed length");
    }
    PROPERTY(offmap_source_start(map, 0) == bom_length(r->encoding), "text start maps to %zu",
             offmap_source_start(map, 0));
    PROPERTY(offmap_source_end(map, r->len) == in_len, "text end maps to %zu, input has %zu",
             offmap_source_end(map, r->len), in_len);
    size_t last_start = 0, last_end = 0;
    for (size_t i = 0; i <= r->len; i++) {
        if (i < r->len && ((unsigned char)r->text[i] & 0xC0) == 0x80)
            continue;
        size_t s = offmap_source_start(map, i), e = offmap_source_end(map, i);
        PROPERTY(s <= e && e <= in_len, "offset %zu maps to [%zu, %zu)", i, s, e);
        PROPERTY(s >= last_start && e >= last_end, "offset %zu maps backwards", i);
        PROPERTY(offmap_source_start(copy, i) == s || !map, "serialised map differs at %zu", i);
        PROPERTY(offmap_source_end(copy, i) == e || !map, "serialised map differs at %zu", i);
        last_start = s, last_end = e;
    }
    offmap_free(copy);
    free(blob);
}

static void check_loaded(const uint8_t *in, size_t n, int flags, const load_result *r)
{
    const char *t = r->text;
    PROPERTY(t != NULL && t[r->len] == '\0', "text not NUL-terminated");
    check_utf8(t, r->len, "loaded text");
    PROPERTY(memchr(t, '\r', r->len) == NULL, "a CR survived loading");
    PROPERTY(memchr(t, '\0', r->len) == NULL, "a NUL survived loading");
    PROPERTY(r->len > 0, "an empty text loaded");
    if (!(flags & LOAD_NO_NFC))
        check_nfc(t, r->len);
    if (!(flags & LOAD_REPAIR))
        PROPERTY(r->replaced == 0, "replacements without LOAD_REPAIR");
    int ascii = 1;
    for (size_t i = 0; i < r->len; i++)
        ascii &= (unsigned char)t[i] < 0x80;
    PROPERTY(!r->ascii || ascii, "ascii flag set on non-ASCII text");
    check_map(r, n);
    (void)in;
}

static void check_error(const uint8_t *in, size_t n, int rc, const load_result *r)
{
    PROPERTY(r->text == NULL, "text left on failure");
    PROPERTY(rc == PARLEY_EUTF8 || rc == PARLEY_EBINARY || rc == PARLEY_EEMPTY || rc == PARLEY_EUTF16,
             "unexpected error %d", rc);
    PROPERTY(r->err_line >= 1 && r->err_col >= 1, "error position %zu:%zu", r->err_line, r->err_col);
    if (rc == PARLEY_EUTF8) {
        PROPERTY(r->err_offset < n, "error offset %zu past %zu", r->err_offset, n);
        PROPERTY(in[r->err_offset] == r->err_byte, "error byte mismatch at %zu", r->err_offset);
    }
    char msg[256];
    load_describe_error(rc, r, msg, sizeof msg);
    PROPERTY(msg[0] != '\0', "empty error message");
}

static int is_utf16(const uint8_t *in, size_t n)
{
    return n >= 2 && ((in[0] == 0xFF && in[1] == 0xFE) || (in[0] == 0xFE && in[1] == 0xFF));
}

/* What must load: UTF-8 without NUL always loads under REPAIR; valid UTF-8 always. */
static void check_must_load(const uint8_t *in, size_t n, int flags, int rc)
{
    int bom = n >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0;
    if (is_utf16(in, n) || memchr(in, 0, n) || n == (size_t)(bom ? 3 : 0))
        return;
    if ((flags & LOAD_REPAIR) || utf8_valid_prefix((const char *)in, n) == n)
        PROPERTY(rc == PARLEY_OK, "UTF-8 without NUL refused (%d, flags %d)", rc, flags);
}

/* Loading with REPAIR is utf8_repair followed by a strict load (UTF-8 input only). */
static void check_repair_agrees(const uint8_t *in, size_t n, const load_result *repaired)
{
    if (is_utf16(in, n))
        return;
    size_t len, count;
    char *fixed = utf8_repair((const char *)in, n, &len, &count);
    PROPERTY(fixed != NULL, "utf8_repair failed");
    load_result strict;
    int rc = load_bytes(fixed, len, 0, &strict);
    PROPERTY(rc == PARLEY_OK, "a repaired text does not load (%d)", rc);
    PROPERTY(strict.len == repaired->len && memcmp(strict.text, repaired->text, strict.len) == 0,
             "LOAD_REPAIR and utf8_repair + load disagree");
    PROPERTY(count == repaired->replaced, "replaced %zu vs %zu", count, repaired->replaced);
    load_result_free(&strict);
    free(fixed);
}

/* Without a BOM, CR or NUL, the loader's lazy NFC must equal utf8proc's full NFC. */
static void check_nfc_agrees(const uint8_t *in, size_t n, const load_result *r)
{
    const char *s = (const char *)in;
    if (n < 3 || is_utf16(in, n) || memcmp(in, "\xEF\xBB\xBF", 3) == 0 || memchr(in, '\r', n) ||
        utf8_valid_prefix(s, n) != n)
        return;
    char *nfc;
    ptrdiff_t len = text_normalize(s, n, TEXT_NFC, &nfc);
    PROPERTY(len >= 0, "text_normalize failed");
    PROPERTY((size_t)len == r->len && memcmp(nfc, r->text, r->len) == 0,
             "the loader's NFC differs from text_normalize");
    free(nfc);
}

static void check_owned_agrees(const uint8_t *in, size_t n, int flags, int rc, const load_result *r)
{
    char *buf = malloc(n + 1);
    memcpy(buf, in, n);
    load_result owned;
    int rc2 = load_bytes_owned(buf, n, flags, &owned);
    PROPERTY(rc2 == rc, "load_bytes_owned returned %d, load_bytes %d", rc2, rc);
    if (rc == PARLEY_OK)
        PROPERTY(owned.len == r->len && memcmp(owned.text, r->text, r->len) == 0,
                 "load_bytes_owned and load_bytes differ");
    load_result_free(&owned);
}

static int load_one(const uint8_t *in, size_t n, int flags)
{
    load_result r;
    int rc = load_bytes((const char *)in, n, flags, &r);
    check_must_load(in, n, flags, rc);
    if (rc == PARLEY_OK)
        check_loaded(in, n, flags, &r);
    else
        check_error(in, n, rc, &r);
    if (rc == PARLEY_OK && flags == LOAD_REPAIR)
        check_repair_agrees(in, n, &r);
    if (rc == PARLEY_OK && flags == 0)
        check_nfc_agrees(in, n, &r);
    check_owned_agrees(in, n, flags, rc, &r);
    load_result_free(&r);
    return rc;
}

static void check_field(const char *value, const char *name)
{
    if (value)
        check_utf8(value, strlen(value), name);
}

/* The Lua metadata rules: the cut falls on a character, fields are text, meta is an object. */
static void check_metadata(const uint8_t *in, size_t n)
{
    ingest_opts opts = {.repair = 1, .quiet = 1};
    prepared_doc doc;
    char err[512];
    if (prepare_doc(L, "fuzz/2025-03-13.txt", (const char *)in, n, &opts, 0, &doc, err, sizeof err) < 0) {
        PROPERTY(err[0] != '\0', "prepare_doc failed without a message");
        return;
    }
    const char *base = doc.loaded.text;
    PROPERTY(doc.text >= base && doc.text + doc.len == base + doc.loaded.len, "text outside the load");
    check_utf8(doc.text, doc.len, "text after the metadata prefix");
    check_field(doc.date, "date");
    check_field(doc.source, "source");
    check_field(doc.title, "title");
    check_field(doc.lang, "lang");
    if (doc.meta_json) {
        json_t *meta = json_loads(doc.meta_json, 0, NULL);
        PROPERTY(json_is_object(meta), "meta is not a JSON object: %s", doc.meta_json);
        json_decref(meta);
    }
    PROPERTY(offmap_source_end(doc.loaded.map, doc.len) == n, "text end maps to %zu of %zu",
             offmap_source_end(doc.loaded.map, doc.len), n);
    prepared_doc_free(&doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int flag_sets[] = {0, LOAD_REPAIR, LOAD_NO_NFC, LOAD_REPAIR | LOAD_NO_NFC};
    int ok = 0;
    for (size_t i = 0; i < sizeof flag_sets / sizeof flag_sets[0]; i++)
        ok |= load_one(data, size, flag_sets[i]) == PARLEY_OK;
    if (ok)
        check_metadata(data, size);
    /* Free Lua's garbage now: libFuzzer counts allocations per input, and
     * one left for a later collection looks like a leak it must scan for. */
    lua_gc(L, LUA_GCCOLLECT);
    return 0;
}
