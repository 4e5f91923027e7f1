/* test_offset_map.c: offsets of loaded text map back to the original bytes, through every change. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "check.h"
#include "loader.h"
#include "offset_map.h"
#include "parley.h"

#define LIT(s) (s), (sizeof(s) - 1)

/*
 * One character (or one composed group) of the loaded text and the original
 * bytes it came from, worked out from the input alone by reference_pieces.
 * changed: its bytes differ from the input's, so offsets inside it must
 * round to its edges.
 */
typedef struct {
    size_t out_start, out_end, orig_start, orig_end;
    int changed;
} piece;

typedef struct {
    piece *items;
    size_t len, cap;
} piece_list;

static void add_piece(piece_list *list, piece p)
{
    if (list->len == list->cap) {
        list->cap = list->cap ? list->cap * 2 : 256;
        list->items = realloc(list->items, list->cap * sizeof *list->items);
        if (!list->items)
            abort();
    }
    list->items[list->len++] = p;
}

/* ---- the reference: walk the input one character at a time ---- */

typedef struct {
    const unsigned char *s;
    size_t len, pos;
    int utf16, big_endian;
} input_walk;

static size_t utf8_len_of(uint32_t cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

static uint32_t unit_at(const input_walk *w, size_t at)
{
    const unsigned char *p = w->s + at;
    return w->big_endian ? (uint32_t)p[0] << 8 | p[1] : (uint32_t)p[1] << 8 | p[0];
}

/* Next code point of valid input, with its size in the input. */
static uint32_t next_char(const input_walk *w, size_t at, size_t *size)
{
    if (w->utf16) {
        uint32_t u = unit_at(w, at);
        if (u >= 0xD800 && u <= 0xDBFF) {
            *size = 4;
            return 0x10000 + ((u - 0xD800) << 10) + (unit_at(w, at + 2) - 0xDC00);
        }
        *size = 2;
        return u;
    }
    int32_t cp;
    *size = (size_t)utf8proc_iterate(w->s + at, (utf8proc_ssize_t)(w->len - at), &cp);
    return (uint32_t)cp;
}

static int is_mark(uint32_t cp)
{
    return utf8proc_get_property((utf8proc_int32_t)cp)->combining_class != 0 ||
           (cp >= 0x1161 && cp <= 0x11C2);   /* Hangul V and T jamo join the syllable */
}

/* UTF-8 bytes of the code points in [at, end) of the input, for utf8proc. */
static size_t group_utf8(const input_walk *w, size_t at, size_t end, unsigned char *out)
{
    size_t n = 0, size;
    while (at < end) {
        n += (size_t)utf8proc_encode_char((utf8proc_int32_t)next_char(w, at, &size), out + n);
        at += size;
    }
    return n;
}

/* A base and its marks: one piece of its NFC length when composing changes it. */
static size_t add_group(const input_walk *w, size_t at, size_t out, piece_list *list)
{
    size_t size, end = at;
    next_char(w, end, &size);
    end += size;
    while (end < w->len && is_mark(next_char(w, end, &size)))
        end += size;
    unsigned char raw[256];
    size_t raw_len = group_utf8(w, at, end, raw);
    raw[raw_len] = '\0';
    char *nfc = (char *)utf8proc_NFC(raw);
    size_t nfc_len = strlen(nfc);
    int recomposed = nfc_len != raw_len || memcmp(nfc, raw, raw_len) != 0;
    free(nfc);
    if (recomposed) {
        add_piece(list, (piece){out, out + nfc_len, at, end, 1});
        return end;
    }
    return 0;   /* no change: the caller walks it character by character */
}

/* Pieces of what loading in must give: BOM skipped, UTF-16 transcoded, CR/CRLF to LF, NFC. */
static piece_list reference_pieces(const char *in, size_t len, int nfc)
{
    input_walk w = {(const unsigned char *)in, len, 0, 0, 0};
    if (len >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0)
        w.pos = 3;
    else if (len >= 2 && (memcmp(in, "\xFF\xFE", 2) == 0 || memcmp(in, "\xFE\xFF", 2) == 0))
        w.pos = 2, w.utf16 = 1, w.big_endian = in[0] == '\xFE';
    piece_list list = {0};
    size_t out = 0, unit = w.utf16 ? 2 : 1;
    while (w.pos < len) {
        size_t size, group_end = nfc ? add_group(&w, w.pos, out, &list) : 0;
        if (group_end) {
            out = list.items[list.len - 1].out_end;
            w.pos = group_end;
            continue;
        }
        uint32_t cp = next_char(&w, w.pos, &size);
        size_t out_size = utf8_len_of(cp);
        if (cp == '\r' && w.pos + size + unit <= len &&
            (w.utf16 ? unit_at(&w, w.pos + size) : w.s[w.pos + size]) == '\n')
            size += unit;
        add_piece(&list, (piece){out, out + out_size, w.pos, w.pos + size, w.utf16 || cp == '\r'});
        out += out_size;
        w.pos += size;
    }
    return list;
}

/* ---- checking a map against the pieces ---- */

static size_t check_pieces(const parley_offset_map *map, const piece *p, size_t n, size_t shift,
                           const char *what)
{
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        size_t a = p[i].out_start - shift, b = p[i].out_end - shift;
        bad += offmap_source_start(map, a) != p[i].orig_start;
        bad += offmap_source_end(map, b) != p[i].orig_end;
        for (size_t x = a + 1; p[i].changed && x < b; x++) {
            bad += offmap_source_start(map, x) != p[i].orig_start;
            bad += offmap_source_end(map, x) != p[i].orig_end;
        }
    }
    check(bad == 0, "%s: %zu wrong lookups over %zu pieces", what, bad, n);
    return bad;
}

static parley_offset_map *round_trip(const parley_offset_map *map)
{
    unsigned char *blob;
    size_t len;
    if (offmap_serialize(map, &blob, &len) < 0)
        return NULL;
    parley_offset_map *copy = offmap_deserialize(blob, len);
    free(blob);
    return copy;
}

/* Load, then compare the map (and its serialized copy) with the reference. */
static void check_loaded(const char *in, size_t len, int flags, const char *what)
{
    load_result r;
    int rc = load_bytes(in, len, flags, &r);
    check(rc == PARLEY_OK, "%s: rc %d", what, rc);
    if (rc != PARLEY_OK)
        return;
    piece_list ref = reference_pieces(in, len, !(flags & LOAD_NO_NFC));
    size_t last = ref.len ? ref.items[ref.len - 1].out_end : 0;
    check(last == r.len, "%s: reference length %zu, loaded %zu", what, last, r.len);
    check_pieces(r.map, ref.items, ref.len, 0, what);
    parley_offset_map *copy = round_trip(r.map);
    check(copy != NULL, "%s: round trip", what);
    if (copy)
        check_pieces(copy, ref.items, ref.len, 0, what);
    offmap_free(copy);
    free(ref.items);
    load_result_free(&r);
}

/* ---- the cases ---- */

static void test_direct_api(void)
{
    check(offmap_source_start(NULL, 7) == 7 && offmap_source_end(NULL, 7) == 7, "NULL is identity");
    parley_offset_map *m = offmap_new(0);
    check(m && offmap_is_identity(m), "new map is identity");
    offmap_push(m, 1, 1, 10);
    offmap_push(m, 1, 1, 5);
    check(offmap_is_identity(m), "(1,1) runs are identity");
    offmap_push(m, 2, 3, 1);    /* a composed character */
    offmap_push(m, 0, 4, 1);    /* four original bytes dropped */
    offmap_push(m, 1, 1, 2);
    check(!offmap_is_identity(m), "a change is not identity");
    check(offmap_source_start(m, 15) == 15 && offmap_source_end(m, 17) == 18, "unit edges");
    check(offmap_source_start(m, 16) == 15 && offmap_source_end(m, 16) == 18, "inside a unit");
    check(offmap_source_start(m, 17) == 22, "after a deletion: %zu", offmap_source_start(m, 17));
    check(offmap_source_end(m, 17) == 18, "end before a deletion");
    check(offmap_source_start(m, 25) == 30, "past the runs continues 1:1");
    offmap_free(m);

    /* Wide units take the escaped encoding and must come back the same. */
    m = offmap_new(1);
    offmap_push(m, 2, 40, 3);
    offmap_push(m, 100000, 15, 1);
    offmap_push(m, 300, 14, 2);
    parley_offset_map *copy = round_trip(m);
    size_t differ = 0;
    for (size_t off = 0; off < 100700; off += 7)
        differ += offmap_source_start(copy, off) != offmap_source_start(m, off) ||
                  offmap_source_end(copy, off) != offmap_source_end(m, off);
    check(copy && differ == 0, "wide units: %zu lookups differ", differ);
    check(offmap_source_start(m, 6) == 121 && offmap_source_end(m, 100006) == 136, "wide values");
    offmap_free(copy);
    offmap_free(m);

    m = offmap_new(2);
    check(m && !offmap_is_identity(m), "an origin is not identity");
    for (int i = 0; i < 1000; i++)
        offmap_push(m, 2, 2, 1);
    unsigned char *blob;
    size_t len;
    check(offmap_serialize(m, &blob, &len) == PARLEY_OK && len < 12, "1000 same units: %zu bytes", len);
    free(blob);
    offmap_free(m);
}

static void test_loaded_maps(void)
{
    check_loaded(LIT("Cafe\xCC\x81 au lai\xCC\x88t, \xE1\x84\x80\xE1\x85\xA1!"), 0, "decomposed");
    check_loaded(LIT("a\xCC\x81\xCC\x96 q\xCC\x87\xCC\xA3 x\xCC\x81"), 0, "reordered marks");
    check_loaded(LIT("one\r\ntwo\r\n\r\nthree\rfour\n"), 0, "CRLF");
    check_loaded(LIT("\xEF\xBB\xBF\xD0\x9F\xD1\x80\xD0\xB8\r\n\xD0\xB2\xD0\xB5\xD1\x82"), 0, "BOM");
    check_loaded(LIT("\xEF\xBB\xBF" "e\xCC\x81\r\n"), 0, "BOM, NFC and CRLF");
    check_loaded(LIT("\xFF\xFEH\0\xE9\0\x3D\xD8\x00\xDE\r\0\n\0x\0\x1F\x04\x40\x04"), 0, "UTF-16LE");
    check_loaded(LIT("\xFE\xFF\0H\0\xE9\xD8\x3D\xDE\x00\0\r\0\n\0x\x04\x1F"), 0, "UTF-16BE");
    check_loaded(LIT("\xFF\xFE" "e\0\x01\x03" "a\0\r\0"), 0, "UTF-16 decomposed");
    check_loaded(LIT("\xFF\xFE" "e\0\x01\x03"), LOAD_NO_NFC, "UTF-16 no NFC");

    /* 600 ASCII characters of UTF-16 are one run of (1, 2) units, not 600 runs. */
    char utf16[2 + 1200];
    utf16[0] = '\xFF';
    utf16[1] = '\xFE';
    for (int i = 0; i < 600; i++)
        utf16[2 + 2 * i] = (char)('a' + i % 26), utf16[3 + 2 * i] = 0;
    load_result r;
    int rc = load_bytes(utf16, sizeof utf16, 0, &r);
    unsigned char *blob = NULL;
    size_t blob_len = 0;
    check(rc == PARLEY_OK && offmap_serialize(r.map, &blob, &blob_len) == PARLEY_OK && blob_len < 10,
          "UTF-16 runs merge: %zu bytes", blob_len);
    free(blob);
    load_result_free(&r);

    rc = load_bytes(LIT("Cyrillic \xD0\x9F text"), 0, &r);
    check(rc == PARLEY_OK && r.map == NULL, "unchanged text has no map");
    load_result_free(&r);
    rc = load_bytes(LIT("lone\rCR"), 0, &r);
    check(rc == PARLEY_OK && r.map && !offmap_is_identity(r.map), "lone CR: map, not identity");
    parley_offset_map *copy = rc == PARLEY_OK ? round_trip(r.map) : NULL;
    check(copy && !offmap_is_identity(copy), "the rewrite survives serialization");
    offmap_free(copy);
    load_result_free(&r);
}

/* Pieces from out offset cut on, once the first cut bytes are dropped. */
static void check_after_drop(const char *in, size_t len, size_t cut, const char *what)
{
    load_result r;
    if (load_bytes(in, len, 0, &r) != PARLEY_OK) {
        check(0, "%s: load failed", what);
        return;
    }
    piece_list ref = reference_pieces(in, len, 1);
    r.map = offmap_drop_prefix(r.map, cut);
    check(r.map != NULL, "%s: drop_prefix", what);
    size_t first = 0;
    while (first < ref.len && ref.items[first].out_start < cut)
        first++;
    check_pieces(r.map, ref.items + first, ref.len - first, cut, what);
    parley_offset_map *copy = round_trip(r.map);
    check(copy != NULL, "%s: round trip", what);
    if (copy)
        check_pieces(copy, ref.items + first, ref.len - first, cut, what);
    offmap_free(copy);
    free(ref.items);
    load_result_free(&r);
}

static void test_drop_prefix(void)
{
    const char doc[] = "\xEF\xBB\xBFTitle: Cafe\xCC\x81\r\n\r\nBody e\xCC\x81t\xC3\xA9\r\nend";
    /* Loaded: "Title: Café\n\nBody été\nend"; the body starts at 14. */
    check_after_drop(doc, sizeof doc - 1, 14, "metadata prefix");
    check_after_drop(doc, sizeof doc - 1, 1, "one byte");
    const char utf16[] = "\xFF\xFET\0:\0\r\0\n\0\r\0\n\0\x1F\x04\x40\x04 \0x\0";
    check_after_drop(utf16, sizeof utf16 - 1, 4, "UTF-16 prefix");

    parley_offset_map *m = offmap_drop_prefix(NULL, 9);
    check(m && offmap_source_start(m, 0) == 9 && offmap_source_end(m, 3) == 12, "from identity");
    offmap_free(m);

    /* A cut inside a composed character keeps the whole character's original bytes. */
    load_result r;
    if (load_bytes(LIT("e\xCC\x81x"), 0, &r) == PARLEY_OK) {
        r.map = offmap_drop_prefix(r.map, 1);
        check(offmap_source_start(r.map, 0) == 0 && offmap_source_end(r.map, 1) == 3, "mid-unit");
        check(offmap_source_start(r.map, 1) == 3 && offmap_source_end(r.map, 2) == 4, "after it");
        load_result_free(&r);
    }
    m = offmap_new(0);
    offmap_push(m, 2, 3, 4);
    m = offmap_drop_prefix(m, 100);
    check(m && offmap_source_start(m, 0) == 104, "cut past the runs: %zu", offmap_source_start(m, 0));
    offmap_free(m);
}

/* ---- malformed blobs ---- */

static void check_rejected(const unsigned char *blob, size_t len, const char *what)
{
    parley_offset_map *m = offmap_deserialize(blob, len);
    check(m == NULL, "%s accepted", what);
    offmap_free(m);
}

static void test_malformed_blobs(void)
{
    parley_offset_map *m = offmap_new(3);
    for (int i = 0; i < 100; i++) {
        offmap_push(m, 1, 1, (size_t)i + 1);
        offmap_push(m, 3, 2, 1);
    }
    unsigned char *blob;
    size_t len;
    check(offmap_serialize(m, &blob, &len) == PARLEY_OK, "serialize");
    size_t accepted = 0;
    for (size_t cut = 0; cut < len; cut++) {
        parley_offset_map *t = offmap_deserialize(blob, cut);
        accepted += t != NULL;
        offmap_free(t);
    }
    check(accepted == 0, "%zu truncated blobs accepted", accepted);
    parley_offset_map *whole = offmap_deserialize(blob, len);
    check(whole && offmap_source_start(whole, 400) == offmap_source_start(m, 400), "whole blob");
    offmap_free(whole);
    free(blob);
    offmap_free(m);

    check(offmap_deserialize(NULL, 0) == NULL, "NULL blob");
    check_rejected((const unsigned char *)"\x02\x00\x00\x00", 4, "version 2");
    check_rejected((const unsigned char *)"\x01\x04\x00\x00", 4, "unknown flag");
    check_rejected((const unsigned char *)"\x01\x00\x00\x05\x12\x01", 6, "too many runs");
    check_rejected((const unsigned char *)"\x01\x00\x00\x01\x12\x00", 6, "count 0");
    check_rejected((const unsigned char *)"\x01\x00\x00\x01\x00\x01", 6, "empty unit");
    check_rejected((const unsigned char *)"\x01\x00\x00\x01\x1F", 5, "escape cut short");
    check_rejected((const unsigned char *)"\x01\x00\x00\x00\x00", 5, "trailing byte");
    check_rejected((const unsigned char *)"\x01\x00\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x01\x00",
                   14, "varint too long");
    check_rejected((const unsigned char *)"\x01\x00\x00\x01\x31\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x7F",
                   14, "offsets overflow");
    parley_offset_map *empty = offmap_deserialize((const unsigned char *)"\x01\x00\x00\x00", 4);
    check(empty && offmap_is_identity(empty), "identity blob");
    offmap_free(empty);

    /* Random bytes must never be read out of bounds (run under the sanitizers). */
    unsigned k = 12345;
    unsigned char noise[24];
    for (int i = 0; i < 200000; i++) {
        size_t n = (size_t)(i % 24);
        for (size_t j = 0; j < n; j++)
            noise[j] = (unsigned char)((k = k * 1103515245u + 12345u) >> 16);
        if (n > 0)
            noise[0] = 1;   /* the right version, to get past the first check */
        offmap_free(offmap_deserialize(noise, n));
    }
}

/* ---- a big map: many runs, checkpoints, drop in the middle ---- */

/* Russian and English words with emoji and CRLF, as UTF-16LE with a BOM. */
static char *utf16_text(size_t chars, size_t *len)
{
    static const uint16_t words[][8] = {
        {0x041F, 0x0440, 0x0438, 0x0432, 0x0435, 0x0442, ' ', 0},
        {'w', 'o', 'r', 'l', 'd', ' ', 0},
        {0xD83D, 0xDE00, ' ', 0},
        {'\r', '\n', 0},
        {'e', 0x0301, 'x', ' ', 0},
        {0x4E2D, 0x6587, ' ', 0},
    };
    unsigned char *s = malloc(2 + chars * 2 + 32);
    size_t n = 2;
    unsigned k = 7;
    s[0] = 0xFF;
    s[1] = 0xFE;
    while (n < 2 + chars * 2) {
        k = k * 1103515245u + 12345u;
        const uint16_t *w = words[(k >> 16) % 6];
        for (; *w; w++, n += 2)
            s[n] = (unsigned char)(*w & 0xFF), s[n + 1] = (unsigned char)(*w >> 8);
    }
    *len = n;
    return (char *)s;
}

static void test_big_map(void)
{
    size_t len;
    char *in = utf16_text(300000, &len);
    check_loaded(in, len, 0, "big UTF-16");
    load_result r;
    if (load_bytes(in, len, 0, &r) == PARLEY_OK) {
        unsigned char *blob;
        size_t blob_len;
        offmap_serialize(r.map, &blob, &blob_len);
        printf("big UTF-16: %zu input bytes, %zu text bytes, map blob %zu bytes\n", len, r.len,
               blob_len);
        free(blob);
        load_result_free(&r);
    }
    piece_list ref = reference_pieces(in, len, 1);
    size_t cut = ref.items[ref.len / 2].out_start;
    free(ref.items);
    check_after_drop(in, len, cut, "big UTF-16, cut in the middle");
    free(in);
}

int main(void)
{
    test_direct_api();
    test_loaded_maps();
    test_drop_prefix();
    test_malformed_blobs();
    test_big_map();
    return check_report("offset_map");
}
