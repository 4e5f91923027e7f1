/* loader_internal.h: private helpers shared by utf8.c, nfc.c, offset_map.c and loader.c; not engine API. */
#ifndef PARLEY_LOADER_INTERNAL_H
#define PARLEY_LOADER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "offset_map.h"

/* ---- UTF-8 ---- */

/*
 * Decode the sequence at s, which has avail >= 1 readable bytes.
 * Returns its length (1..4) and stores the code point in *cp when it is one of
 * the well-formed sequences of Unicode Table 3-7. Otherwise returns minus the
 * length of its maximal subpart (-1..-3): the longest prefix that could still
 * start a well-formed sequence, which repair replaces with one U+FFFD. This is
 * what makes the output equal to WHATWG's decoder and Python's errors="replace".
 * Overlongs (C0, C1, E0 80.., F0 80..), surrogates (ED A0..) and values past
 * U+10FFFF (F4 90.., F5..FF) are rejected through the narrowed second-byte range.
 */
static inline int utf8_decode(const unsigned char *s, size_t avail, uint32_t *cp)
{
    unsigned lead = s[0], lo = 0x80, hi = 0xBF;
    int need;
    uint32_t value;
    if (lead < 0x80) {
        *cp = lead;
        return 1;
    }
    if (lead < 0xC2 || lead > 0xF4)
        return -1;
    if (lead < 0xE0) {
        need = 1;
        value = lead & 0x1F;
    } else if (lead < 0xF0) {
        need = 2;
        value = lead & 0x0F;
        lo = lead == 0xE0 ? 0xA0 : 0x80;
        hi = lead == 0xED ? 0x9F : 0xBF;
    } else {
        need = 3;
        value = lead & 0x07;
        lo = lead == 0xF0 ? 0x90 : 0x80;
        hi = lead == 0xF4 ? 0x8F : 0xBF;
    }
    for (int i = 1; i <= need; i++) {
        if ((size_t)i >= avail || s[i] < lo || s[i] > hi)
            return -i;
        value = (value << 6) | (s[i] & 0x3F);
        lo = 0x80;
        hi = 0xBF;
    }
    *cp = value;
    return need + 1;
}

/* Encode cp (a Unicode scalar value) at out; returns the byte count (1..4). */
static inline int utf8_encode(uint32_t cp, unsigned char *out)
{
    if (cp < 0x80) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (unsigned char)(0xC0 | (cp >> 6));
        out[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (unsigned char)(0xE0 | (cp >> 12));
        out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | (cp >> 18));
    out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/*
 * Length of the run at the start of s with no byte >= 0x80, and, when
 * stop_controls is set, no CR or NUL either (the loader's special bytes).
 * ASCII text is the common case: 32 bytes a time with SSE2 (every x86-64
 * has it), 8 with plain 64-bit words elsewhere, keeps it near memory speed.
 */
#if defined(__SSE2__)
#include <emmintrin.h>

static inline unsigned utf8_stop_mask(const unsigned char *s, int stop_controls)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
    if (stop_controls)
        v = _mm_or_si128(v, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_setzero_si128()),
                                         _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))));
    return (unsigned)_mm_movemask_epi8(v);
}

static inline size_t utf8_ascii_scan(const unsigned char *s, size_t len, int stop_controls)
{
    size_t i = 0;
    for (; i + 32 <= len; i += 32) {
        unsigned mask = utf8_stop_mask(s + i, stop_controls) |
                        utf8_stop_mask(s + i + 16, stop_controls) << 16;
        if (mask)
            return i + (size_t)__builtin_ctz(mask);
    }
    for (; i < len; i++)
        if (s[i] >= 0x80 || (stop_controls && (s[i] == 0 || s[i] == '\r')))
            break;
    return i;
}
#else
static inline size_t utf8_ascii_scan(const unsigned char *s, size_t len, int stop_controls)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    const uint64_t crs = 0x0D0D0D0D0D0D0D0Dull;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w, cr;
        memcpy(&w, s + i, 8);
        cr = w ^ crs;
        /* "has a zero byte" terms: they can misfire only in a word that holds a NUL or CR */
        if ((w | (stop_controls ? ((w - ones) & ~w) | ((cr - ones) & ~cr) : 0)) & highs)
            break;
    }
    for (; i < len; i++)
        if (s[i] >= 0x80 || (stop_controls && (s[i] == 0 || s[i] == '\r')))
            break;
    return i;
}
#endif

static inline size_t utf8_ascii_run(const unsigned char *s, size_t len)
{
    return utf8_ascii_scan(s, len, 0);
}

/* ---- NFC segments (nfc.c) ---- */

/* The generated "needs care" bitmap (see tools/gen_ucd.c), exported by nfc.c for the inline test. */
extern const unsigned char *const nfc_care_stage1;
extern const unsigned char (*const nfc_care_blocks)[32];

/*
 * 1 unless cp has NFC_QC = Yes and ccc = 0. Such "inert" code points start a
 * new normalisation segment: nothing before them can change because of them.
 * Inline: the loader asks once per non-ASCII character.
 */
static inline int nfc_needs_care(uint32_t cp)
{
    if (cp >= 0x110000)
        return 1;
    const unsigned char *block = nfc_care_blocks[nfc_care_stage1[cp >> 8]];
    return (block[(cp & 0xFF) >> 3] >> (cp & 7)) & 1;
}

/* NFC_Quick_Check (0 Yes, 1 No, 2 Maybe) and canonical combining class of cp. */
void nfc_properties(uint32_t cp, int *quick_check, int *ccc);

/* A reusable code-point buffer for nfc_compose, so segments need no malloc each. */
typedef struct {
    int32_t *buf;
    size_t cap;     /* entries */
} nfc_scratch;

/*
 * Compose one segment of valid UTF-8 to NFC with utf8proc. *out points into
 * scratch (borrowed; valid until the next call). PARLEY_OK or PARLEY_ENOMEM.
 */
int nfc_compose(nfc_scratch *scratch, const unsigned char *s, size_t len,
                const unsigned char **out, size_t *out_len);
void nfc_scratch_free(nfc_scratch *scratch);

/* ---- offset map internals (offset_map.c) ---- */

/* One run: count units, each norm_unit stored bytes from orig_unit original bytes. */
typedef struct {
    size_t norm_unit, orig_unit, count;
} offmap_run;

/*
 * Everything a push can change, so the loader can take it back: when an NFC
 * segment is rewritten, the units already pushed for it become one unit.
 */
typedef struct {
    size_t code_len;                /* bytes of encoded closed runs */
    size_t closed;                  /* number of closed runs */
    size_t index_len;               /* checkpoints in use */
    size_t closed_norm, closed_orig; /* where the closed runs end (orig relative to origin) */
    offmap_run open;                /* the run still merging pushes; count 0 when none */
} offmap_mark;

void offmap_save(const parley_offset_map *map, offmap_mark *mark);
void offmap_restore(parley_offset_map *map, const offmap_mark *mark);

/*
 * Record that bytes changed where offsets did not (a lone CR became LF), so
 * the map is not the identity although every unit is one byte for one byte.
 */
void offmap_note_rewrite(parley_offset_map *map);

#endif
