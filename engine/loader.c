/* loader.c: decode, validate or repair, normalise newlines and compose to NFC, in one pass. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"
#include "loader_internal.h"
#include "parley.h"

/*
 * One pass reads the borrowed input and appends to a single output buffer, so
 * peak memory is the input, the output and the offset map. Input offsets
 * (in_pos, seg_in) count from the end of the BOM, which is the map's origin.
 *
 * NFC works on segments: an "inert" code point (NFC_QC = Yes, ccc = 0) starts
 * one, and nothing outside a segment can change how it composes. A segment is
 * only handed to utf8proc when it is "dirty": it holds a code point whose
 * quick check is No or Maybe, or marks out of canonical order. The segment is
 * then rewritten in place at the end of the output, and the map units pushed
 * for it are rolled back and replaced by one unit covering the whole segment.
 *
 * The map is pushed lazily: an unchanged stretch is pushed only when a change
 * follows it, so plain text costs nothing, and past the last run the map
 * continues one for one.
 *
 * The output is lazy too: while it is byte-identical to the input, out is
 * NULL and the input stands for it. The first change allocates the output
 * and copies the identical prefix once. So unchanged text is read once and
 * copied once (or not at all by load_bytes_owned), and the original stays
 * intact for error positions.
 */
typedef struct {
    const unsigned char *in;    /* the text after any BOM; borrowed */
    size_t in_len, in_pos;
    size_t bom;                 /* bytes before in */
    int flags;
    int big_endian;             /* UTF-16 only */
    unsigned char *out;         /* malloc'd; becomes the text. NULL: same as in so far */
    size_t out_len, out_cap;
    char *adopt;                /* load_bytes_owned's buffer, the text if nothing changes */
    parley_offset_map *map;
    size_t ident_out;           /* output offset where the unpushed unchanged stretch starts */
    size_t seg_in, seg_out;     /* start of the open NFC segment */
    int seg_dirty, seg_ccc;     /* needs utf8proc; ccc of its last code point */
    int seg_saved;              /* seg_mark holds the map as it was before the segment's first push */
    offmap_mark seg_mark;
    nfc_scratch scratch;
    size_t replaced;
    int ascii;
    load_result *res;           /* where errors are reported */
} loader;

static const uint32_t replacement_char = 0xFFFD;

/* ---- output and map ---- */

/* The output so far: the input itself until something changes. */
static const unsigned char *output(const loader *ld)
{
    return ld->out ? ld->out : ld->in;
}

/* The first change: a real output buffer of cap bytes, holding the identical prefix. */
static int start_output(loader *ld, size_t cap)
{
    ld->out = malloc(cap);
    if (!ld->out)
        return PARLEY_ENOMEM;
    memcpy(ld->out, ld->in, ld->out_len);
    ld->out_cap = cap;
    return PARLEY_OK;
}

/* Room for extra more bytes plus the terminator; grows by half to stay near 1x the input. */
static int reserve_out(loader *ld, size_t extra)
{
    size_t need = ld->out_len + extra + 1;
    if (!ld->out)   /* UTF-8 output is rarely longer than its input: size it so */
        return start_output(ld, need > ld->in_len + 1 ? need : ld->in_len + 1);
    if (need <= ld->out_cap)
        return PARLEY_OK;
    size_t cap = ld->out_cap + ld->out_cap / 2;
    if (cap < need)
        cap = need;
    unsigned char *out = realloc(ld->out, cap);
    if (!out)
        return PARLEY_ENOMEM;
    ld->out = out;
    ld->out_cap = cap;
    return PARLEY_OK;
}

static int append(loader *ld, const unsigned char *bytes, size_t n)
{
    int rc = reserve_out(ld, n);
    if (rc < 0)
        return rc;
    memcpy(ld->out + ld->out_len, bytes, n);
    ld->out_len += n;
    return PARLEY_OK;
}

/*
 * The map, made at the first change: most files (all of Reuters) need none,
 * and a map allocated and freed per file is a cost a directory of small
 * files notices.
 */
static int need_map(loader *ld)
{
    if (!ld->map && !(ld->map = offmap_new(ld->bom)))
        return PARLEY_ENOMEM;
    return PARLEY_OK;
}

/* Push the unchanged stretch that ends at output offset upto. */
static int flush_identity(loader *ld, size_t upto)
{
    if (upto <= ld->ident_out)
        return PARLEY_OK;
    int rc = need_map(ld);
    if (rc < 0)
        return rc;
    rc = offmap_push(ld->map, 1, 1, upto - ld->ident_out);
    ld->ident_out = upto;
    return rc;
}

/*
 * Record that the character about to be appended (norm output bytes from orig
 * input bytes) differs from its input. The map is saved first, at the start
 * of the segment, in case the segment is rewritten by NFC later.
 */
static int record_change(loader *ld, size_t norm, size_t orig)
{
    int rc = need_map(ld);
    if (rc < 0)
        return rc;
    if (!(ld->flags & LOAD_NO_NFC) && !ld->seg_saved) {
        if ((rc = flush_identity(ld, ld->seg_out)) < 0)
            return rc;
        offmap_save(ld->map, &ld->seg_mark);
        ld->seg_saved = 1;
    }
    if ((rc = flush_identity(ld, ld->out_len)) < 0)
        return rc;
    ld->ident_out = ld->out_len + norm;
    return offmap_push(ld->map, norm, orig, 1);
}

/* ---- NFC segments ---- */

static void begin_segment(loader *ld, size_t in, size_t out)
{
    ld->seg_in = in;
    ld->seg_out = out;
    ld->seg_dirty = 0;
    ld->seg_ccc = 0;
    ld->seg_saved = 0;
}

/* Note a code point that is not inert: the segment is dirty unless it is an in-order mark. */
static void note_careful(loader *ld, uint32_t cp)
{
    int quick_check, ccc;
    nfc_properties(cp, &quick_check, &ccc);
    if (quick_check != 0 || (ccc != 0 && ld->seg_ccc > ccc))
        ld->seg_dirty = 1;
    ld->seg_ccc = ccc;
}

/* Replace the segment's output with its NFC form and its map units with one unit. */
static int rewrite_segment(loader *ld, const unsigned char *nfc, size_t nfc_len)
{
    int rc = need_map(ld);
    if (rc < 0)
        return rc;
    if (ld->seg_saved) {
        offmap_restore(ld->map, &ld->seg_mark);
        ld->ident_out = ld->seg_out;
    } else if ((rc = flush_identity(ld, ld->seg_out)) < 0) {
        return rc;
    }
    if ((rc = offmap_push(ld->map, nfc_len, ld->in_pos - ld->seg_in, 1)) < 0)
        return rc;
    ld->out_len = ld->seg_out;
    if ((rc = append(ld, nfc, nfc_len)) < 0)
        return rc;
    ld->ident_out = ld->out_len;
    return PARLEY_OK;
}

/* End the open segment at the current position, composing it when it is dirty. */
static int close_segment(loader *ld)
{
    if (!ld->seg_dirty)
        return PARLEY_OK;
    ld->seg_dirty = 0;
    const unsigned char *nfc;
    size_t nfc_len, seg_len = ld->out_len - ld->seg_out;
    int rc = nfc_compose(&ld->scratch, output(ld) + ld->seg_out, seg_len, &nfc, &nfc_len);
    if (rc < 0)
        return rc;
    if (nfc_len == seg_len && memcmp(nfc, output(ld) + ld->seg_out, seg_len) == 0)
        return PARLEY_OK;   /* already NFC after all (a Maybe that composes with nothing) */
    return rewrite_segment(ld, nfc, nfc_len);
}

/* Account for code point cp about to be appended at the current position. */
static int nfc_step(loader *ld, uint32_t cp)
{
    if (ld->flags & LOAD_NO_NFC)
        return PARLEY_OK;
    if (nfc_needs_care(cp)) {
        note_careful(ld, cp);
        return PARLEY_OK;
    }
    int rc = close_segment(ld);
    begin_segment(ld, ld->in_pos, ld->out_len);
    return rc;
}

/* Append cp, which came from orig input bytes; changed when its bytes differ from them. */
static int put_char(loader *ld, uint32_t cp, size_t orig, int changed)
{
    unsigned char bytes[4];
    int rc = nfc_step(ld, cp);
    if (rc < 0)
        return rc;
    size_t n = (size_t)utf8_encode(cp, bytes);
    if (cp >= 0x80)
        ld->ascii = 0;
    if (changed && (rc = record_change(ld, n, orig)) < 0)
        return rc;
    ld->in_pos += orig;
    return append(ld, bytes, n);
}

/* ---- errors ---- */

/*
 * Line and column (1-based; columns count code points) of the text position
 * at len, for UTF-8. CR, LF and CRLF each end a line, as after loading.
 */
static void locate_utf8(const unsigned char *s, size_t len, size_t *line, size_t *col)
{
    size_t ln = 1, c = 1;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\r' || (s[i] == '\n' && (i == 0 || s[i - 1] != '\r'))) {
            ln++;
            c = 1;
        } else if (s[i] != '\n' && (s[i] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = ln;
    *col = c;
}

static uint32_t utf16_unit(const unsigned char *p, int big_endian)
{
    return big_endian ? (uint32_t)p[0] << 8 | p[1] : (uint32_t)p[1] << 8 | p[0];
}

/* The same for UTF-16: a low surrogate after a high one is part of the same code point. */
static void locate_utf16(const unsigned char *s, size_t len, int big_endian, size_t *line,
                         size_t *col)
{
    size_t ln = 1, c = 1;
    uint32_t prev = 0;
    for (size_t i = 0; i + 1 < len; i += 2) {
        uint32_t u = utf16_unit(s + i, big_endian);
        if (u == '\r' || (u == '\n' && prev != '\r')) {
            ln++;
            c = 1;
        } else if (u != '\n' && !(u >= 0xDC00 && u <= 0xDFFF && prev >= 0xD800 && prev <= 0xDBFF)) {
            c++;
        }
        prev = u;
    }
    *line = ln;
    *col = c;
}

/* Fill the result's error fields for input offset at (relative to the text) and return code. */
static int fail(loader *ld, int code, size_t at)
{
    load_result *r = ld->res;
    r->err_offset = ld->bom + at;
    r->err_byte = at < ld->in_len ? ld->in[at] : 0;
    if (ld->big_endian >= 0)
        locate_utf16(ld->in, at, ld->big_endian, &r->err_line, &r->err_col);
    else
        locate_utf8(ld->in, at, &r->err_line, &r->err_col);
    return code;
}

/* A NUL anywhere outranks invalid UTF-8: the file is binary, not damaged text. */
static int fail_utf8(loader *ld)
{
    const unsigned char *nul = memchr(ld->in + ld->in_pos, 0, ld->in_len - ld->in_pos);
    if (nul)
        return fail(ld, PARLEY_EBINARY, (size_t)(nul - ld->in));
    return fail(ld, PARLEY_EUTF8, ld->in_pos);
}

/* ---- UTF-8 ---- */

/* Copy the input bytes [from, to), which need no change, to the output. */
static int copy_input(loader *ld, size_t from, size_t to)
{
    ld->in_pos = to;
    if (!ld->out) {   /* still identical: nothing to copy */
        ld->out_len += to - from;
        return PARLEY_OK;
    }
    return append(ld, ld->in + from, to - from);
}

/* The segment of the inert code point at input offset at; bytes from on are not copied yet. */
static void open_segment(loader *ld, size_t from, size_t at)
{
    begin_segment(ld, at, ld->out_len + (at - from));
}

/*
 * An inert code point at input offset at ends a dirty segment. The segment
 * has to be in the output before it is composed, so the copy happens first.
 */
static int end_dirty_segment(loader *ld, size_t *from, size_t at)
{
    int rc = copy_input(ld, *from, at);
    if (rc == PARLEY_OK)
        rc = close_segment(ld);
    *from = at;
    return rc;
}

/* utf8_decode with the two-byte case (Cyrillic, Armenian, Greek...) inline first. */
static inline int decode_fast(const unsigned char *p, size_t avail, uint32_t *cp)
{
    if (p[0] >= 0xC2 && p[0] <= 0xDF && avail > 1 && (p[1] & 0xC0) == 0x80) {
        *cp = (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
        return 2;
    }
    return utf8_decode(p, avail, cp);
}

/* A valid two-byte character at p (p[1] is in the input) that starts no NFC work. */
static inline int inert_pair(const unsigned char *p, int nfc)
{
    if (p[0] < 0xC2 || p[0] > 0xDF || (p[1] & 0xC0) != 0x80)
        return 0;
    return !nfc || !nfc_needs_care((uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F));
}

/*
 * Length of the plain ASCII run at s (no CR, no NUL). Runs between words
 * are a byte or two, so the first bytes are looked at one by one before
 * the vector scan.
 */
static inline size_t plain_ascii_run(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len && i < 8 && s[i] < 0x80 && s[i] != '\r' && s[i] != 0)
        i++;
    return i == 8 ? i + utf8_ascii_scan(s + i, len - i, 1) : i;
}

/*
 * Take the longest stretch of valid UTF-8 without CR or NUL, tracking NFC
 * segments, and copy it in one go; stop at the first byte for special_byte.
 * Opening a segment costs a few stores, so an inert code point is only
 * remembered (pending) and its segment opened when a careful one follows.
 */
static int copy_valid_run(loader *ld)
{
    const unsigned char *p = ld->in;
    const size_t none = (size_t)-1, n = ld->in_len;
    size_t i = ld->in_pos, from = i, pending = none;
    int nfc = !(ld->flags & LOAD_NO_NFC), rc = PARLEY_OK, non_ascii = 0;
    while (i < n && rc == PARLEY_OK) {
        uint32_t cp;
        int len;
        if (p[i] < 0x80) {
            size_t ascii = plain_ascii_run(p + i, n - i);
            if (ascii == 0)
                break;   /* CR or NUL */
            if (ld->seg_dirty)
                rc = end_dirty_segment(ld, &from, i);
            i += ascii;
            pending = i - 1;
            continue;
        }
        if ((len = decode_fast(p + i, n - i, &cp)) < 0)
            break;
        non_ascii = 1;
        if (nfc && nfc_needs_care(cp)) {
            if (pending != none)
                open_segment(ld, from, pending);
            pending = none;
            note_careful(ld, cp);
        } else {
            if (ld->seg_dirty)
                rc = end_dirty_segment(ld, &from, i);
            pending = i;
            i += (size_t)len;
            /* Cyrillic, Armenian, Greek: a run of inert two-byte letters needs only its last start. */
            while (rc == PARLEY_OK && i + 1 < n && inert_pair(p + i, nfc)) {
                pending = i;
                i += 2;
            }
            continue;
        }
        i += (size_t)len;
    }
    if (non_ascii)
        ld->ascii = 0;
    if (nfc && pending != none)
        open_segment(ld, from, pending);
    return rc < 0 ? rc : copy_input(ld, from, i);
}

/* A CR, a NUL or an invalid sequence at in_pos. */
static int special_byte(loader *ld)
{
    const unsigned char *p = ld->in + ld->in_pos;
    size_t avail = ld->in_len - ld->in_pos;
    if (*p == 0)
        return fail(ld, PARLEY_EBINARY, ld->in_pos);
    if (*p == '\r') {
        if (avail > 1 && p[1] == '\n')
            return put_char(ld, '\n', 2, 1);
        int rc = need_map(ld);
        if (rc < 0)
            return rc;
        offmap_note_rewrite(ld->map);   /* same offsets, different byte */
        return put_char(ld, '\n', 1, 0);
    }
    uint32_t unused;
    int len = utf8_decode(p, avail, &unused);
    if (!(ld->flags & LOAD_REPAIR))
        return fail_utf8(ld);
    ld->replaced++;
    return put_char(ld, replacement_char, len < 0 ? (size_t)-len : 1, 1);
}

static int load_utf8(loader *ld)
{
    while (ld->in_pos < ld->in_len) {
        int rc = copy_valid_run(ld);
        if (rc == PARLEY_OK && ld->in_pos < ld->in_len)
            rc = special_byte(ld);
        if (rc < 0)
            return rc;
    }
    return close_segment(ld);
}

/* ---- UTF-16 ---- */

/*
 * Decode the character at p (avail bytes left): its length (2 or 4) with *cp,
 * or 0 for an unpaired surrogate or a last half code unit.
 */
static size_t utf16_decode(const unsigned char *p, size_t avail, int big_endian, uint32_t *cp)
{
    if (avail < 2)
        return 0;
    uint32_t u = utf16_unit(p, big_endian);
    if (u < 0xD800 || u > 0xDFFF) {
        *cp = u;
        return 2;
    }
    if (u >= 0xDC00 || avail < 4)
        return 0;
    uint32_t low = utf16_unit(p + 2, big_endian);
    if (low < 0xDC00 || low > 0xDFFF)
        return 0;
    *cp = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
    return 4;
}

/* Bytes an invalid UTF-16 spot covers: a whole code unit, or the half one at the end. */
static size_t utf16_bad_len(size_t avail)
{
    return avail < 2 ? avail : 2;
}

/*
 * Before transcoding: refuse NUL (first, wherever it is) and, unless
 * repairing, bad UTF-16; and size the output exactly (CRLF aside).
 */
static int utf16_prescan(loader *ld, size_t *utf8_len)
{
    size_t size = 0, bad = (size_t)-1;
    for (size_t i = 0; i < ld->in_len;) {
        uint32_t cp;
        size_t n = utf16_decode(ld->in + i, ld->in_len - i, ld->big_endian, &cp);
        if (n == 0) {
            if (bad == (size_t)-1)
                bad = i;
            size += 3;
            i += utf16_bad_len(ld->in_len - i);
            continue;
        }
        if (cp == 0)
            return fail(ld, PARLEY_EBINARY, i);
        size += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        i += n;
    }
    if (bad != (size_t)-1 && !(ld->flags & LOAD_REPAIR)) {
        ld->res->err_odd_length = ld->in_len - bad < 2;
        return fail(ld, PARLEY_EUTF16, bad);
    }
    *utf8_len = size;
    return PARLEY_OK;
}

/* A CR, with the LF after it when there is one, becomes one LF. */
static int utf16_newline(loader *ld)
{
    const unsigned char *p = ld->in + ld->in_pos;
    size_t avail = ld->in_len - ld->in_pos;
    int crlf = avail >= 4 && utf16_unit(p + 2, ld->big_endian) == '\n';
    return put_char(ld, '\n', crlf ? 4 : 2, 1);
}

static int load_utf16(loader *ld)
{
    size_t utf8_len = 0;
    int rc = utf16_prescan(ld, &utf8_len);
    if (rc == PARLEY_OK)
        rc = start_output(ld, utf8_len + 1);
    while (rc == PARLEY_OK && ld->in_pos < ld->in_len) {
        uint32_t cp;
        size_t avail = ld->in_len - ld->in_pos;
        size_t n = utf16_decode(ld->in + ld->in_pos, avail, ld->big_endian, &cp);
        if (n == 0) {
            ld->replaced++;
            rc = put_char(ld, replacement_char, utf16_bad_len(avail), 1);
        } else if (cp == '\r') {
            rc = utf16_newline(ld);
        } else {
            rc = put_char(ld, cp, n, 1);
        }
    }
    return rc < 0 ? rc : close_segment(ld);
}

/* ---- the entry points ---- */

/* Recognise a BOM: sets the encoding name, the BOM length and the byte order (-1: UTF-8). */
static void sniff_bom(const unsigned char *s, size_t len, loader *ld, const char **encoding)
{
    ld->big_endian = -1;
    *encoding = "utf-8";
    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        ld->bom = 3;
        *encoding = "utf-8-bom";
    } else if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
        ld->bom = 2;
        ld->big_endian = s[0] == 0xFE;
        *encoding = ld->big_endian ? "utf-16be" : "utf-16le";
    }
}

/*
 * The text when it equals the input: the adopted buffer with the BOM moved
 * out of the way, or else one copy.
 */
static unsigned char *unchanged_text(loader *ld)
{
    unsigned char *text = (unsigned char *)ld->adopt;
    if (text) {
        if (ld->bom)
            memmove(text, ld->in, ld->in_len);
        ld->adopt = NULL;
    } else if ((text = malloc(ld->in_len + 1)) != NULL) {
        memcpy(text, ld->in, ld->in_len);
    }
    return text;
}

/* Hand the output and map over to the result; an identity map is dropped. */
static int finish(loader *ld, load_result *out)
{
    if (!ld->out) {
        ld->out = unchanged_text(ld);
        if (!ld->out)
            return PARLEY_ENOMEM;
    } else {
        unsigned char *text = realloc(ld->out, ld->out_len + 1);
        if (text)
            ld->out = text;
    }
    ld->out[ld->out_len] = '\0';
    out->text = (char *)ld->out;
    out->len = ld->out_len;
    ld->out = NULL;
    if (offmap_is_identity(ld->map))
        offmap_free(ld->map);
    else
        out->map = ld->map;
    ld->map = NULL;
    out->replaced = ld->replaced;
    out->ascii = ld->ascii;
    return PARLEY_OK;
}

/* load_bytes, adopting buf (or NULL) as the text when nothing changes; buf is freed otherwise. */
static int load_into(const char *bytes, size_t len, int flags, load_result *out, char *adopt)
{
    const unsigned char *s = (const unsigned char *)bytes;
    loader ld = {.flags = flags, .ascii = 1, .res = out, .adopt = adopt};
    memset(out, 0, sizeof *out);
    sniff_bom(s, len, &ld, &out->encoding);
    ld.in = s + ld.bom;
    ld.in_len = len - ld.bom;
    int rc = PARLEY_OK;
    if (ld.in_len == 0) {
        out->err_line = out->err_col = 1;
        out->err_offset = ld.bom;
        rc = PARLEY_EEMPTY;
    } else if (ld.bom && need_map(&ld) < 0) {   /* the BOM alone shifts every offset */
        rc = PARLEY_ENOMEM;
    } else {
        rc = ld.big_endian >= 0 ? load_utf16(&ld) : load_utf8(&ld);
    }
    if (rc == PARLEY_OK)
        rc = finish(&ld, out);
    free(ld.out);
    free(ld.adopt);
    offmap_free(ld.map);
    nfc_scratch_free(&ld.scratch);
    return rc;
}

int load_bytes(const char *bytes, size_t len, int flags, load_result *out)
{
    return load_into(bytes, len, flags, out, NULL);
}

int load_bytes_owned(char *buf, size_t len, int flags, load_result *out)
{
    return load_into(buf, len, flags, out, buf);
}

void load_result_free(load_result *r)
{
    if (!r)
        return;
    free(r->text);
    offmap_free(r->map);
    r->text = NULL;
    r->map = NULL;
    r->len = 0;
}

void load_describe_error(int code, const load_result *r, char *buf, size_t size)
{
    if (!buf || size == 0)
        return;
    if (!r) {
        snprintf(buf, size, "%s", parley_errmsg(code));
        return;
    }
    switch (code) {
    case PARLEY_EUTF8:
        snprintf(buf, size, "invalid UTF-8 (byte 0x%02X at offset %zu)", r->err_byte, r->err_offset);
        break;
    case PARLEY_EBINARY:
        snprintf(buf, size, "binary file (NUL byte at offset %zu)", r->err_offset);
        break;
    case PARLEY_EEMPTY:
        snprintf(buf, size, "empty file");
        break;
    case PARLEY_EUTF16:
        snprintf(buf, size, "invalid UTF-16 (%s at offset %zu)",
                 r->err_odd_length ? "odd byte count, half a code unit" : "unpaired surrogate",
                 r->err_offset);
        break;
    default:
        snprintf(buf, size, "%s", parley_errmsg(code));
    }
}

const char *parley_errmsg(int code)
{
    switch (code) {
    case PARLEY_OK: return "no error";
    case PARLEY_ENOMEM: return "out of memory";
    case PARLEY_EUTF8: return "invalid UTF-8";
    case PARLEY_EBINARY: return "binary file (contains NUL bytes)";
    case PARLEY_EEMPTY: return "empty file";
    case PARLEY_EIO: return "input/output error";
    case PARLEY_EUTF16: return "invalid UTF-16";
    case PARLEY_EDB: return "database error";
    case PARLEY_EBUSY: return "database is locked by another process";
    case PARLEY_ENOTPARLEY: return "not a parley corpus";
    case PARLEY_ESCHEMA: return "corpus written by a newer parley";
    case PARLEY_EREADONLY: return "corpus is read-only";
    case PARLEY_EFORMAT: return "malformed record";
    default: return "unknown error";
    }
}
