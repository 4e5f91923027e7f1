/* unitext.c: Unicode transforms on UTF-8 strings: normal forms, case mapping and folding, matching keys, graphemes. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "decompose.h"
#include "parley.h"
#include "unitext.h"

/* ---- shared helpers ---- */

/* True when every byte is ASCII, where all the transforms reduce to byte maps. */
static int is_ascii(const char *s, size_t len)
{
    unsigned char any = 0;
    for (size_t i = 0; i < len; i++)   /* no early exit: the loop vectorises */
        any |= (unsigned char)s[i];
    return any < 0x80;
}

/* Decode the code point at s[pos]; returns its size, or 1 with *cp = -1 for an invalid byte. */
static size_t decode_at(const char *s, size_t len, size_t pos, int32_t *cp)
{
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + pos,
                                          (utf8proc_ssize_t)(len - pos), cp);
    if (n <= 0) {
        *cp = -1;
        return 1;
    }
    return (size_t)n;
}

/* Start of the code point that ends just before pos (> 0) in valid UTF-8. */
static size_t back_one(const char *s, size_t pos)
{
    do
        pos--;
    while (pos > 0 && ((unsigned char)s[pos] & 0xC0) == 0x80);
    return pos;
}

static ptrdiff_t from_utf8proc(utf8proc_ssize_t err)
{
    return err == UTF8PROC_ERROR_INVALIDUTF8 ? PARLEY_EUTF8 : PARLEY_ENOMEM;
}

/* A copy of ASCII s with map applied to each byte; *out malloc'd. */
static ptrdiff_t ascii_copy(const char *s, size_t len, int (*map)(int), char **out)
{
    char *copy = malloc(len + 1);
    *out = copy;
    if (!copy)
        return PARLEY_ENOMEM;
    for (size_t i = 0; i < len; i++)
        copy[i] = map ? (char)map((unsigned char)s[i]) : s[i];
    copy[len] = '\0';
    return (ptrdiff_t)len;
}

static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int ascii_upper(int c)
{
    return c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c;
}

/* utf8proc_map, with its error codes translated; *out is malloc'd by utf8proc. */
static ptrdiff_t map_with(const char *s, size_t len, utf8proc_option_t options, char **out)
{
    utf8proc_uint8_t *result = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
                                      &result, options);
    if (n < 0) {
        free(result);   /* NULL in utf8proc 2.8; freed in case a later version changes */
        *out = NULL;
        return from_utf8proc(n);
    }
    *out = (char *)result;
    return (ptrdiff_t)n;
}

/* ---- normal forms and case folding ---- */

static const utf8proc_option_t form_options[] = {
    [TEXT_NFC] = UTF8PROC_STABLE | UTF8PROC_COMPOSE,
    [TEXT_NFD] = UTF8PROC_STABLE | UTF8PROC_DECOMPOSE,
    [TEXT_NFKC] = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT,
    [TEXT_NFKD] = UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT,
};

/* utf8proc_map with decompose_ordered (linear canonical ordering) in place of utf8proc_decompose. */
static ptrdiff_t normalize_with(const char *s, size_t len, utf8proc_option_t options, char **out)
{
    int32_t *cps = NULL;
    size_t cap = 0;
    utf8proc_ssize_t n = decompose_ordered((const uint8_t *)s, len, options, &cps, &cap);
    *out = NULL;
    if (n < 0) {
        free(cps);
        return from_utf8proc(n);
    }
    n = utf8proc_reencode(cps, n, options);
    if (n < 0) {
        free(cps);
        return from_utf8proc(n);
    }
    *out = (char *)cps;
    return (ptrdiff_t)n;
}

ptrdiff_t text_normalize(const char *s, size_t len, text_form form, char **out)
{
    if (is_ascii(s, len))   /* ASCII is invariant under all four forms */
        return ascii_copy(s, len, NULL, out);
    return normalize_with(s, len, form_options[form], out);
}

ptrdiff_t text_casefold(const char *s, size_t len, char **out)
{
    if (is_ascii(s, len))
        return ascii_copy(s, len, ascii_lower, out);
    /* CASEFOLD without COMPOSE/DECOMPOSE maps code point by code point, nothing else. */
    return map_with(s, len, UTF8PROC_CASEFOLD, out);
}

/* ---- the matching key ---- */

/*
 * Typographic punctuation that news text uses interchangeably with the ASCII
 * forms. This is a policy of the key, not a Unicode property, hence typed
 * here: only code points that survive NFKD appear (U+2011 has become U+2010,
 * U+FE58 has become U+2014 by the time this runs).
 */
static int32_t fold_punct(int32_t cp)
{
    switch (cp) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B:   /* ‘ ’ ‚ ‛ */
    case 0x02BC: case 0x2032:                             /* ʼ ′ */
        return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F:   /* “ ” „ ‟ */
    case 0x00AB: case 0x00BB:                             /* « » */
        return '"';
    case 0x2010: case 0x2012: case 0x2013: case 0x2014: case 0x2015:   /* ‐ ‒ – — ― */
        return '-';
    default:
        return cp;
    }
}

/*
 * Whether cps[i] is a mark the key drops: every Mn but the breve of Cyrillic
 * й. Russian never writes й without it, and и + breve is a letter of its own
 * at the primary level of the UCA (allkeys.txt gives 0439 and "0438 0306" a
 * primary weight apart from 0438), while ё is е at that level and folds to е.
 */
static int is_key_mark(const utf8proc_int32_t *cps, utf8proc_ssize_t i)
{
    if (utf8proc_category(cps[i]) != UTF8PROC_CATEGORY_MN)
        return 0;
    return !(cps[i] == 0x0306 && i > 0 && cps[i - 1] == 0x0438);
}

/*
 * The key before composition, as UTF-8 in a malloc'd buffer *out: NFKD and
 * full case folding applied recursively by utf8proc (so "ℌ" folds as "h"),
 * default ignorables dropped, then marks and punctuation handled here.
 */
static ptrdiff_t fold_decomposed(const char *s, size_t len, char **out)
{
    const utf8proc_option_t options = UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT
                                      | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE;
    int32_t *cps = NULL;   /* sized for utf8proc_reencode, which writes the UTF-8 over the code points */
    size_t cap = 0;
    utf8proc_ssize_t n = decompose_ordered((const uint8_t *)s, len, options, &cps, &cap);
    *out = NULL;
    if (n < 0) {
        free(cps);
        return from_utf8proc(n);
    }
    utf8proc_ssize_t kept = 0;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        if (!is_key_mark(cps, i))
            cps[kept++] = fold_punct(cps[i]);
    }
    *out = (char *)cps;
    return (ptrdiff_t)utf8proc_reencode(cps, kept, 0);
}

ptrdiff_t text_fold(const char *s, size_t len, char **out)
{
    if (is_ascii(s, len))
        return ascii_copy(s, len, ascii_lower, out);
    char *decomposed;
    ptrdiff_t n = fold_decomposed(s, len, &decomposed);
    if (n < 0) {
        *out = NULL;
        return n;
    }
    /* A full NFC pass rather than composition alone: dropping a mark may have
     * joined two runs of marks that are then out of canonical order. */
    n = normalize_with(decomposed, (size_t)n, form_options[TEXT_NFC], out);
    free(decomposed);
    return n;
}

/* ---- case mapping ---- */

text_lang text_lang_from_tag(const char *tag)
{
    static const struct { const char *code; text_lang lang; } tailored[] = {
        {"tr", TEXT_LANG_TURKIC}, {"tur", TEXT_LANG_TURKIC},
        {"az", TEXT_LANG_TURKIC}, {"aze", TEXT_LANG_TURKIC},
        {"hy", TEXT_LANG_ARMENIAN}, {"hye", TEXT_LANG_ARMENIAN},
    };
    if (!tag)
        return TEXT_LANG_ROOT;
    size_t n = strcspn(tag, "-_");   /* the primary language subtag */
    for (size_t i = 0; i < sizeof tailored / sizeof *tailored; i++) {
        if (strlen(tailored[i].code) == n && strncasecmp(tag, tailored[i].code, n) == 0)
            return tailored[i].lang;
    }
    return TEXT_LANG_ROOT;
}

/* A growable UTF-8 output buffer; p is malloc'd and owned by whoever holds the struct. */
typedef struct {
    char *p;
    size_t len, cap;
} out_buf;

static int out_push(out_buf *b, int32_t cp)
{
    if (b->cap - b->len < 5) {   /* room for one code point and the terminator */
        size_t cap = b->cap * 2 + 16;
        char *p = realloc(b->p, cap);
        if (!p)
            return PARLEY_ENOMEM;
        b->p = p;
        b->cap = cap;
    }
    b->len += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)b->p + b->len);
    return PARLEY_OK;
}

/* Hands the buffer to *out (NUL-terminated) or frees it on error. */
static ptrdiff_t out_finish(out_buf *b, int rc, char **out)
{
    if (rc < 0) {
        free(b->p);
        *out = NULL;
        return rc;
    }
    b->p[b->len] = '\0';
    *out = b->p;
    return (ptrdiff_t)b->len;
}

/* The mappings of one code point; cp is the code point at s[pos]. */
typedef int (*case_fn)(const char *s, size_t len, size_t pos, int32_t cp, text_lang lang,
                       int32_t dst[3]);

static ptrdiff_t map_case(const char *s, size_t len, text_lang lang, case_fn map, char **out)
{
    *out = NULL;
    if (len > PTRDIFF_MAX - 16)
        return PARLEY_ENOMEM;
    out_buf b = {malloc(len + 16), 0, len + 16};   /* most case maps keep the length */
    int rc = b.p ? PARLEY_OK : PARLEY_ENOMEM;
    for (size_t pos = 0, size; rc == PARLEY_OK && pos < len; pos += size) {
        int32_t cp, dst[3];
        size = decode_at(s, len, pos, &cp);
        if (cp < 0) {
            rc = PARLEY_EUTF8;
            break;
        }
        int n = map(s, len, pos, cp, lang, dst);
        for (int i = 0; i < n && rc == PARLEY_OK; i++)
            rc = out_push(&b, dst[i]);
    }
    return out_finish(&b, rc, out);
}

/*
 * The full (multi-code-point) case folding of cp, when it has one. The
 * unconditional SpecialCasing uppercase of a lowercase or titlecase letter
 * is the simple uppercase of each code point of this folding (ß -> ss -> SS,
 * ﬁ -> fi -> FI, ᾳ -> αι -> ΑΙ, ŉ -> ʼn -> ʼN): deriving it keeps hand-typed
 * tables out, and tests/lua/text.lua checks it against SpecialCasing.txt.
 */
static int full_folding(int32_t cp, int32_t dst[3])
{
    int boundclass = 0;
    utf8proc_int32_t buf[4];
    utf8proc_ssize_t n = utf8proc_decompose_char(cp, buf, 4, UTF8PROC_CASEFOLD, &boundclass);
    if (n < 2 || n > 3)
        return 0;
    for (utf8proc_ssize_t i = 0; i < n; i++)
        dst[i] = buf[i];
    return (int)n;
}

static int upper_one(const char *s, size_t len, size_t pos, int32_t cp, text_lang lang,
                     int32_t dst[3])
{
    (void)s, (void)len, (void)pos;
    if (lang == TEXT_LANG_TURKIC && cp == 'i') {
        dst[0] = 0x0130;   /* İ */
        return 1;
    }
    if (lang == TEXT_LANG_ARMENIAN && cp == 0x0587) {
        dst[0] = 0x0535;   /* Ե */
        dst[1] = 0x054E;   /* Վ: reformed orthography, where SpecialCasing has Ւ */
        return 2;
    }
    /* Capitals with a full folding (İ, ẞ) are already upper case. */
    int n = utf8proc_category(cp) == UTF8PROC_CATEGORY_LU ? 0 : full_folding(cp, dst);
    if (n == 0) {
        dst[0] = cp;
        n = 1;
    }
    for (int i = 0; i < n; i++)
        dst[i] = utf8proc_toupper(dst[i]);
    return n;
}

ptrdiff_t text_upper(const char *s, size_t len, text_lang lang, char **out)
{
    if (lang != TEXT_LANG_TURKIC && is_ascii(s, len))
        return ascii_copy(s, len, ascii_upper, out);
    return map_case(s, len, lang, upper_one, out);
}

/* Combining classes 0 and 230 (Above) end the search for the I that a dot belongs to. */
static int blocks_dot(int32_t cp)
{
    int ccc = utf8proc_get_property(cp)->combining_class;
    return ccc == 0 || ccc == 230;
}

/* SpecialCasing Before_Dot: U+0307 follows the code point at pos, past marks that do not block. */
static int dot_follows(const char *s, size_t len, size_t pos)
{
    int32_t cp;
    pos += decode_at(s, len, pos, &cp);
    while (pos < len) {
        pos += decode_at(s, len, pos, &cp);
        if (cp == 0x0307 || cp < 0 || blocks_dot(cp))
            return cp == 0x0307;
    }
    return 0;
}

/* SpecialCasing After_I: a capital I precedes pos, past marks that do not block. */
static int after_capital_i(const char *s, size_t len, size_t pos)
{
    while (pos > 0) {
        int32_t cp;
        pos = back_one(s, pos);
        decode_at(s, len, pos, &cp);
        if (cp < 0 || blocks_dot(cp))
            return cp == 'I';
    }
    return 0;
}

/* tr/az lower case: İ -> i, I -> ı unless a dot above follows (I + U+0307 -> i); -1 when untailored. */
static int lower_turkic(const char *s, size_t len, size_t pos, int32_t cp, int32_t dst[3])
{
    switch (cp) {
    case 0x0130:
        dst[0] = 'i';
        return 1;
    case 'I':
        dst[0] = dot_follows(s, len, pos) ? 'i' : 0x0131;
        return 1;
    case 0x0307:
        return after_capital_i(s, len, pos) ? 0 : -1;
    default:
        return -1;
    }
}

/*
 * Case_Ignorable (Unicode D136): Mn, Me, Cf, Lm, Sk, and Word_Break
 * MidLetter, MidNumLet and Single_Quote (WordBreakProperty.txt; the list is
 * short and tests/lua/text.lua checks the whole property against the UCD).
 */
static int is_case_ignorable(int32_t cp)
{
    static const int32_t mid[] = {0x0027, 0x002E, 0x003A, 0x00B7, 0x0387, 0x055F, 0x05F4,
                                  0x2018, 0x2019, 0x2024, 0x2027, 0xFE13, 0xFE52, 0xFE55,
                                  0xFF07, 0xFF0E, 0xFF1A};
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_CF:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_SK:
        return 1;
    default:
        break;
    }
    for (size_t i = 0; i < sizeof mid / sizeof *mid; i++) {
        if (mid[i] == cp)
            return 1;
    }
    return 0;
}

/*
 * Cased (D135), approximated from what utf8proc knows: Lu, Ll, Lt, or
 * anything with a case mapping (Ⅰ, ⓐ). Other_Lowercase modifier letters
 * without mappings (ª, ʰ) and the enclosed capitals U+1F130.. are missed,
 * which only matters for a sigma right next to one of them.
 */
static int is_cased(int32_t cp)
{
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL
           || cat == UTF8PROC_CATEGORY_LT || utf8proc_tolower(cp) != cp
           || utf8proc_toupper(cp) != cp;
}

/* Whether the run of case-ignorables from pos, going forward (dir 1) or back (-1), ends at a cased letter. */
static int cased_beyond(const char *s, size_t len, size_t pos, int dir)
{
    while (dir > 0 ? pos < len : pos > 0) {
        int32_t cp;
        if (dir > 0) {
            pos += decode_at(s, len, pos, &cp);
        } else {
            pos = back_one(s, pos);
            decode_at(s, len, pos, &cp);
        }
        if (cp < 0 || is_cased(cp) || !is_case_ignorable(cp))
            return cp >= 0 && is_cased(cp);
    }
    return 0;
}

/* SpecialCasing Final_Sigma, for the Σ at pos: lower case ς ends a word, σ elsewhere. */
static int final_sigma(const char *s, size_t len, size_t pos)
{
    return cased_beyond(s, len, pos, -1) && !cased_beyond(s, len, pos + 2, 1);
}

static int lower_one(const char *s, size_t len, size_t pos, int32_t cp, text_lang lang,
                     int32_t dst[3])
{
    if (lang == TEXT_LANG_TURKIC) {
        int n = lower_turkic(s, len, pos, cp, dst);
        if (n >= 0)
            return n;
    }
    if (cp == 0x0130) {   /* İ: SpecialCasing keeps the dot as a combining mark */
        dst[0] = 'i';
        dst[1] = 0x0307;
        return 2;
    }
    if (cp == 0x03A3) {
        dst[0] = final_sigma(s, len, pos) ? 0x03C2 : 0x03C3;
        return 1;
    }
    dst[0] = utf8proc_tolower(cp);
    return 1;
}

int text_lower_ascii(const char *s, size_t len, char *buf, size_t cap)
{
    if (len > cap)
        return 0;
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)s[i] >= 0x80)
            return 0;
        buf[i] = (char)ascii_lower((unsigned char)s[i]);
    }
    return 1;
}

ptrdiff_t text_lower(const char *s, size_t len, text_lang lang, char **out)
{
    if (lang != TEXT_LANG_TURKIC && is_ascii(s, len))
        return ascii_copy(s, len, ascii_lower, out);
    return map_case(s, len, lang, lower_one, out);
}

/* ---- code points, grapheme clusters, widths ---- */

size_t text_count(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;   /* every byte but continuations starts one */
    return n;
}

size_t text_offset(const char *s, size_t len, size_t n)
{
    size_t i = 0;
    for (; i < len; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80 && n-- == 0)
            break;
    }
    return i;
}

size_t text_grapheme_end(const char *s, size_t len, size_t pos, int32_t *state)
{
    int32_t prev, next;
    size_t end = pos + decode_at(s, len, pos, &prev);
    if (prev < 0) {
        *state = 0;   /* the next cluster starts afresh */
        return end;
    }
    while (end < len) {
        size_t size = decode_at(s, len, end, &next);
        if (next < 0 || utf8proc_grapheme_break_stateful(prev, next, state))
            break;
        prev = next;
        end += size;
    }
    return end;
}

/* Regional indicators are Emoji_Presentation (emoji-data.txt), though utf8proc gives them 1. */
static int is_regional_indicator(int32_t cp)
{
    return cp >= 0x1F1E6 && cp <= 0x1F1FF;
}

int text_cluster_width(const char *s, size_t len)
{
    int width = 0, emoji = 0;
    for (size_t pos = 0; pos < len;) {
        int32_t cp;
        pos += decode_at(s, len, pos, &cp);
        int w = cp < 0 ? 1 : utf8proc_charwidth(cp);   /* a bad byte shows as one U+FFFD */
        if (w > width)
            width = w;
        emoji |= cp == 0xFE0F || is_regional_indicator(cp);   /* VS16: emoji presentation */
    }
    return emoji && width > 0 ? 2 : width;
}

size_t text_width(const char *s, size_t len)
{
    size_t width = 0;
    int32_t state = 0;
    if (is_ascii(s, len)) {   /* one column per printable byte, controls none */
        for (size_t i = 0; i < len; i++)
            width += s[i] >= 0x20 && s[i] < 0x7F;
        return width;
    }
    for (size_t pos = 0; pos < len;) {
        size_t end = text_grapheme_end(s, len, pos, &state);
        width += (size_t)text_cluster_width(s + pos, end - pos);
        pos = end;
    }
    return width;
}

/* ---- properties ---- */

const char *text_category(int32_t cp)
{
    return utf8proc_category_string(cp);
}

int32_t text_first(const char *s, size_t len)
{
    int32_t cp = -1;
    if (len > 0)
        decode_at(s, len, 0, &cp);
    return cp;
}

const char *text_unicode_version(void)
{
    return utf8proc_unicode_version();
}
