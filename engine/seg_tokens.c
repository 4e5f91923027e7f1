/* seg_tokens.c: the segmenter's first pass: text -> 16-byte tokens (words, numbers, punctuation, URLs, emoji). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "parley.h"
#include "segment.h"
#include "segment_internal.h"

/*
 * One left-to-right scan; every byte is looked at a bounded number of times
 * (a failed e-mail scan records how far it got, so it is not repeated).
 * ASCII goes through a class table; other characters through utf8proc's
 * category and grapheme-break properties. Whitespace, control characters
 * and invisible format characters (bidi controls, a lone ZWJ, BOM) are not
 * tokens; an invalid byte is a SYMBOL of its own. A token is never cut
 * inside a grapheme cluster: combining marks, ZWJ, variation selectors and
 * skin tones after any token are added to it; an emoji token is one whole
 * extended grapheme cluster (ZWJ family, flag pair, modifier, keycap), and
 * text-style pictographs (©, ™) are emoji only with VS16 or a modifier.
 * A word that ends in a period is looked up in the abbreviation lists
 * (seg_rules.c): a listed abbreviation keeps its period, one token per
 * space-separated part ("т." "е."); so does a capital initial ("J.") and
 * an initialism of one-letter parts ("J.C.", "i.v.").
 * URLs (http://, https://, ftp://, www.) end before trailing . , ; : ! ? '
 * and before a ")" that closes nothing inside them.
 *
 * Choices that are not obvious:
 *   - Contractions stay one WORD ("don't", "it's"); 's after it/he/she/that/
 *     what/there/here/let/who/where/how is a contraction, not a possessive.
 *   - "s'" followed by a non-letter is a plural possessive ("countries'"),
 *     unless a single quote opened earlier in the paragraph is still open,
 *     in which case it closes that quotation ('protests').
 *   - A word may hold periods only as an initialism ("U.S.A.", "т.е.",
 *     "J.C.", one letter per part) or before small letters ("armstat.am",
 *     "report.pdf"); "world.Today" is a word, a period and a word.
 *   - A number starting with a digit keeps letters glued to it ("1st",
 *     "1.2bn", "5м³"): NUMBER. After a hyphen and letters it is a WORD
 *     ("24-hour", "24-ին"); digits on both sides stay a NUMBER ("2010-2012").
 *   - ՛ ՜ ՞ ՟ ՚ are written over or after a letter inside an Armenian word:
 *     they stay in the word ("Ի՞նչ", "Վերջապե՜ս") and never end a sentence.
 */

enum {
    C_CTRL,                 /* control characters other than whitespace: skipped */
    C_LOWER, C_UPPER, C_DIGIT,
    C_SPACE, C_NL, C_FF,
    C_PERIOD, C_HYPHEN, C_APOS, C_QUOTE, C_AT, C_HASH, C_OPEN, C_CLOSE,
    C_EXCLQ, C_COLON, C_COMMA, C_SYMBOL, C_PUNCT, C_UNDERSCORE,
};

static const uint8_t ascii_class[128] = {
    C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL,
    C_CTRL, C_SPACE, C_NL, C_SPACE, C_FF, C_SPACE, C_CTRL, C_CTRL,
    C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL,
    C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL,
    C_SPACE, C_EXCLQ, C_QUOTE, C_HASH, C_SYMBOL, C_SYMBOL, C_SYMBOL, C_APOS,
    C_OPEN, C_CLOSE, C_PUNCT, C_SYMBOL, C_COMMA, C_HYPHEN, C_PERIOD, C_PUNCT,
    C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT,
    C_DIGIT, C_DIGIT, C_COLON, C_COMMA, C_SYMBOL, C_SYMBOL, C_SYMBOL, C_EXCLQ,
    C_AT, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER,
    C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER,
    C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER,
    C_UPPER, C_UPPER, C_UPPER, C_OPEN, C_PUNCT, C_CLOSE, C_SYMBOL, C_UNDERSCORE,
    C_SYMBOL, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER,
    C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER,
    C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER,
    C_LOWER, C_LOWER, C_LOWER, C_OPEN, C_SYMBOL, C_CLOSE, C_SYMBOL, C_CTRL,
};

/* ASCII letters and digits: the inner loop of words. Bytes >= 0x80 answer 0. */
static inline int ascii_alnum(uint8_t c)
{
    return (uint8_t)((c | 0x20) - 'a') < 26 || (uint8_t)(c - '0') < 10;
}

#define NO_POS SIZE_MAX
#define SQUOTE_REACH 400   /* bytes an opening single quote stays open for the s' test */

typedef struct {
    const seg_rules *rules;
    const char *s;
    size_t len;
    token_array *out;
    size_t no_email_until;  /* a scan found no e-mail address starting before here */
    size_t squote_open;     /* an opening ' or ‘ not yet closed, or NO_POS */
    unsigned gap_nl;        /* line breaks since the last token (a blank line counts 2) */
    int gap_space;          /* whitespace since the last token */
    int oom;
} tokenizer;

/* ---- characters ---- */

int32_t seg_decode_multi(const char *s, size_t len, size_t p, size_t *n)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + p, (utf8proc_ssize_t)(len - p), &cp);
    if (k <= 0) {
        *n = 1;
        return 0xFFFD;
    }
    *n = (size_t)k;
    return cp;
}

int seg_is_hspace(int32_t cp)
{
    if (cp < 0x80)
        return cp == ' ' || cp == '\t';
    return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000;
}

static int is_armenian_mark(int32_t cp)
{
    return cp >= 0x055A && cp <= 0x055F && cp != 0x055D;
}

static int is_armenian(int32_t cp)
{
    return (cp >= 0x0531 && cp <= 0x058F) || (cp >= 0xFB13 && cp <= 0xFB17);
}

int seg_is_letter(int32_t cp)
{
    if (cp < 0x80)
        return ascii_class[cp] == C_LOWER || ascii_class[cp] == C_UPPER;
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) || is_armenian_mark(cp);
}

/* Letters, marks, digits and Armenian in-word marks: what a word is made of. */
static int is_word_cp(int32_t cp)
{
    if (cp < 0x80)
        return ascii_class[cp] >= C_LOWER && ascii_class[cp] <= C_DIGIT;
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO) || is_armenian_mark(cp);
}

/* Letters and digits, not marks: what may stand on either side of an inner hyphen. */
static int is_alnum_cp(int32_t cp)
{
    if (cp < 0x80)
        return ascii_class[cp] >= C_LOWER && ascii_class[cp] <= C_DIGIT;
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

static int is_digit_cp(int32_t cp)
{
    if (cp < 0x80)
        return cp >= '0' && cp <= '9';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

static int is_lower_cp(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'a' && cp <= 'z';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

static letter_case case_of(int32_t cp)
{
    if (cp < 0x80)
        return ascii_class[cp] == C_LOWER ? CASE_LOWER : ascii_class[cp] == C_UPPER ? CASE_UPPER : CASE_NONE;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LL: return CASE_LOWER;
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT: return CASE_UPPER;
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: return CASE_CASELESS;
    default: return CASE_NONE;
    }
}

/* Characters that may continue an e-mail address's local part after a word: @ . _ % + - */
static int email_char(char ch)
{
    return ch == '@' || ch == '.' || ch == '_' || ch == '%' || ch == '+' || ch == '-';
}

/* The property of the code point at p, or 0 past the end: for one-line tests. */
#define AT(tk, p, test) ((p) < (tk)->len && at_is((tk), (p), (test)))

static int at_is(const tokenizer *tk, size_t p, int (*test)(int32_t))
{
    size_t n;
    return test(seg_decode(tk->s, tk->len, p, &n));
}

static int is_hyphen_cp(int32_t cp)
{
    return cp == '-' || cp == 0x2010 || cp == 0x2011 || cp == 0x058A;
}

static int is_apostrophe_cp(int32_t cp)
{
    return cp == '\'' || cp == 0x2019;
}

/* Invisible joiners that belong inside a word when a letter follows: ZWNJ, ZWJ, soft hyphen, WJ. */
static int is_joiner_cp(int32_t cp)
{
    return cp == 0x200C || cp == 0x200D || cp == 0x00AD || cp == 0x2060;
}

/* The end of the grapheme cluster's tail after p: marks, ZWJ, variation selectors, skin tones. */
static size_t absorb_extend(const tokenizer *tk, size_t p)
{
    while (p < tk->len && (uint8_t)tk->s[p] >= 0x80) {
        size_t n;
        int32_t cp = seg_decode(tk->s, tk->len, p, &n);
        int bc = utf8proc_get_property(cp)->boundclass;
        if (bc != UTF8PROC_BOUNDCLASS_EXTEND && bc != UTF8PROC_BOUNDCLASS_ZWJ &&
            bc != UTF8PROC_BOUNDCLASS_SPACINGMARK && bc != UTF8PROC_BOUNDCLASS_E_MODIFIER)
            break;
        p += n;
    }
    return p;
}

/* ---- output ---- */

static void push(tokenizer *tk, size_t start, size_t stop, token_kind kind, unsigned flags,
                 unsigned suffix, uint32_t aux)
{
    token_array *a = tk->out;
    if (a->len == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 256;
        seg_token *t = realloc(a->items, cap * sizeof *t);
        if (!t) {
            tk->oom = 1;
            return;
        }
        a->items = t;
        a->cap = cap;
    }
    if (a->len > 0) {
        seg_token *prev = &a->items[a->len - 1];
        if (tk->gap_space)
            prev->flags |= TOKEN_SPACE_AFTER;
        prev->sentence |= (tk->gap_nl > 2 ? 2u : tk->gap_nl) << AUX_NL_SHIFT;
    }
    tk->gap_space = 0;
    tk->gap_nl = 0;
    a->items[a->len++] = (seg_token){(uint32_t)start, (uint32_t)stop, aux, (uint8_t)kind,
                                     (uint8_t)flags, (uint8_t)suffix, 0};
}

/* A token that may be followed by the tail of its last grapheme cluster. */
static size_t emit(tokenizer *tk, size_t start, size_t stop, token_kind kind, unsigned flags, uint32_t aux)
{
    stop = absorb_extend(tk, stop);
    push(tk, start, stop, kind, flags, 0, aux);
    return stop;
}

static size_t emit_punct(tokenizer *tk, size_t start, size_t stop, punct_class pc)
{
    return emit(tk, start, stop, TOKEN_PUNCT, 0, (uint32_t)pc << AUX_PUNCT_SHIFT);
}

/* Whether whitespace (or the start of the text) comes right before start. */
static int preceding_gap(const tokenizer *tk, size_t start)
{
    if (tk->out->len == 0)
        return 1;
    return tk->out->items[tk->out->len - 1].stop < start;
}

/* ---- words ---- */

typedef struct {
    size_t end;
    unsigned flags;        /* TOKEN_HYPHENATED, TOKEN_POSSESSIVE */
    unsigned suffix;       /* bytes of the possessive clitic */
    int chain;             /* all parts so far are one letter and a period (U.S.A.) */
    int parts;             /* letter-and-period parts consumed */
    int armenian;
    abbr_class abbr;       /* INITIAL or CHAIN_* when the final period was taken */
} word_scan;

static const char *const CONTRACTION_BASES[] = {
    "he", "here", "how", "it", "let", "she", "that", "there", "what", "where", "who",
};

/* Whether "base's" is a contraction ("it's", "let's") rather than a possessive. */
static int contraction_base(const char *s, size_t n)
{
    if (n > 5)
        return 0;
    char low[6];
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    for (size_t i = 0; i < sizeof CONTRACTION_BASES / sizeof *CONTRACTION_BASES; i++)
        if (strlen(CONTRACTION_BASES[i]) == n && memcmp(CONTRACTION_BASES[i], low, n) == 0)
            return 1;
    return 0;
}

static int squote_pending(const tokenizer *tk, size_t p)
{
    return tk->squote_open != NO_POS && p - tk->squote_open < SQUOTE_REACH;
}

/*
 * An apostrophe of n bytes at *p inside the word that began at start.
 * 0: the word ends before it; 1: it is inside the word (O'Brien, don't),
 * scanning goes on; 2: it ends the word as a possessive or contraction.
 */
static int word_apostrophe(tokenizer *tk, size_t start, size_t *p, size_t n, word_scan *w)
{
    const char *s = tk->s;
    size_t q = *p + n;
    if (AT(tk, q, seg_is_letter)) {
        if ((s[q] == 's' || s[q] == 'S') && !AT(tk, q + 1, is_word_cp)) {
            if (!contraction_base(s + start, *p - start)) {
                w->flags |= TOKEN_POSSESSIVE;
                w->suffix = (unsigned)n + 1;
            }
            *p = q + 1;
            return 2;
        }
        *p = q;
        return 1;
    }
    if (*p - start >= 2 && (s[*p - 1] == 's' || s[*p - 1] == 'S') && !squote_pending(tk, *p)) {
        w->flags |= TOKEN_POSSESSIVE;
        w->suffix = (unsigned)n;
        *p = q;
        return 2;
    }
    return 0;
}

/* Whether [a, b) is exactly one code point. */
static int one_char(const tokenizer *tk, size_t a, size_t b)
{
    if (b <= a)
        return 0;
    size_t n;
    seg_decode(tk->s, tk->len, a, &n);
    return a + n == b;
}

/*
 * A period at *p inside the word that began at start, whose current part
 * began at *part: 1 if the word goes on after it (U.S, т.е, armstat.am,
 * v2.0), 0 if the word ends before it.
 */
static int word_period(const tokenizer *tk, size_t start, size_t *p, size_t *part, word_scan *w)
{
    size_t q = *p;
    if (w->chain && one_char(tk, *part, q) && AT(tk, q + 1, seg_is_letter))
        w->parts++;                                    /* U.S.A., J.C., т.е. */
    else if (!w->parts && q > start && AT(tk, q + 1, is_lower_cp))
        w->chain = 0;                                  /* armstat.am, report.pdf */
    else if (is_digit_cp((uint8_t)tk->s[q - 1]) && AT(tk, q + 1, is_digit_cp))
        w->chain = 0;                                  /* v2.0 */
    else
        return 0;
    *part = *p = q + 1;
    return 1;
}

/* The final period of an initialism (U.S.A., e.g.) or of an initial (J.) joins the word. */
static size_t word_final_period(const tokenizer *tk, size_t start, size_t part, size_t p, word_scan *w)
{
    const char *s = tk->s;
    if (!w->chain || !one_char(tk, part, p) || p >= tk->len || s[p] != '.' || AT(tk, p + 1, seg_is_letter) ||
        (p + 1 < tk->len && s[p + 1] == '.'))
        return p;
    size_t n;
    letter_case lc = case_of(seg_decode(s, tk->len, start, &n));
    if (w->parts > 0) {
        w->abbr = lc == CASE_LOWER ? ABBR_CLASS_CHAIN_LOWER : ABBR_CLASS_CHAIN_UPPER;
        return p + 1;
    }
    if (lc == CASE_UPPER || lc == CASE_CASELESS) {
        w->abbr = ABBR_CLASS_INITIAL;
        return p + 1;
    }
    return p;
}

/* Scan a word from start (a letter or mark); w->end is where it stops. */
static void scan_word(tokenizer *tk, size_t start, word_scan *w)
{
    const char *s = tk->s;
    size_t len = tk->len, p = start, part = start;
    *w = (word_scan){0, 0, 0, 1, 0, 0, ABBR_CLASS_NONE};
    for (;;) {
        while (p < len && ascii_alnum((uint8_t)s[p]))
            p++;
        if (p >= len)
            break;
        size_t n;
        int32_t cp = seg_decode(s, len, p, &n);
        if (cp >= 0x80 && is_word_cp(cp)) {
            w->armenian |= is_armenian(cp);
            p += n;
        } else if ((is_hyphen_cp(cp) && AT(tk, p + n, is_alnum_cp)) ||
                   ((cp == '_' || is_joiner_cp(cp)) && AT(tk, p + n, is_word_cp))) {
            w->flags |= is_hyphen_cp(cp) ? TOKEN_HYPHENATED : 0;
            w->chain = 0;
            p += n;
        } else if (is_apostrophe_cp(cp)) {
            w->chain = 0;
            if (word_apostrophe(tk, start, &p, n, w) != 1)
                break;
        } else if (!(cp == '.' && word_period(tk, start, &p, &part, w))) {
            break;
        }
    }
    w->end = word_final_period(tk, start, part, p, w);
}

/* An e-mail address starting at start: its end, or 0. Remembers failures so scans never repeat. */
static size_t email_end(tokenizer *tk, size_t start)
{
    const char *s = tk->s;
    size_t len = tk->len, p = start;
    if (start < tk->no_email_until)
        return 0;
    while (p < len && (uint8_t)s[p] < 0x80 &&
           (ascii_class[(uint8_t)s[p]] == C_LOWER || ascii_class[(uint8_t)s[p]] == C_UPPER ||
            ascii_class[(uint8_t)s[p]] == C_DIGIT || (email_char(s[p]) && s[p] != '@')))
        p++;
    if (p == start || p >= len || s[p] != '@' || s[start] == '.') {
        tk->no_email_until = p;
        return 0;
    }
    size_t at = p++, dots = 0, label = 0, end = 0;
    while (p < len && (uint8_t)s[p] < 0x80) {
        uint8_t c = ascii_class[(uint8_t)s[p]];
        if (c == C_LOWER || c == C_UPPER || c == C_DIGIT || s[p] == '-') {
            label++;
        } else if (s[p] == '.' && label > 0 && AT(tk, p + 1, is_alnum_cp)) {
            dots++;
            label = 0;
        } else {
            break;
        }
        p++;
        if (label > 0 && dots > 0)
            end = p;
    }
    if (!end || s[end - 1] == '-') {
        tk->no_email_until = at;
        return 0;
    }
    return end;
}

static uint32_t word_aux(letter_case lc, int armenian, abbr_class ac)
{
    return (uint32_t)lc << AUX_CASE_SHIFT | (armenian ? AUX_ARMENIAN : 0) | (uint32_t)ac << AUX_ABBR_SHIFT;
}

/* An apostrophe-s right after an abbreviation ("Jr.'s", "E.U.'s"): its bytes, or 0. */
static size_t abbr_possessive(const tokenizer *tk, size_t p)
{
    size_t n;
    if (p >= tk->len || !is_apostrophe_cp(seg_decode(tk->s, tk->len, p, &n)))
        return 0;
    if (p + n < tk->len && (tk->s[p + n] == 's' || tk->s[p + n] == 'S') && !AT(tk, p + n + 1, is_word_cp))
        return n + 1;
    return 0;
}

/* Emit a listed abbreviation; a spaced one ("т. е.") as one token per part. */
static size_t emit_abbreviation(tokenizer *tk, const abbr_match *m, size_t start, int armenian)
{
    size_t p = start, n;
    while (p < m->end) {
        size_t q = p;
        while (q < m->end && !seg_is_hspace(seg_decode(tk->s, tk->len, q, &n)))
            q += n;
        int last = q >= m->end;
        size_t suffix = last ? abbr_possessive(tk, q) : 0;
        letter_case lc = case_of(seg_decode(tk->s, tk->len, p, &n));
        unsigned flags = (tk->s[q - 1] == '.' ? TOKEN_ABBREVIATION : 0) | (suffix ? TOKEN_POSSESSIVE : 0);
        size_t stop = absorb_extend(tk, q + suffix);
        push(tk, p, stop, TOKEN_WORD, flags, (unsigned)suffix, word_aux(lc, armenian, last ? m->cls : ABBR_CLASS_INNER));
        p = stop;
        while (p < m->end && seg_is_hspace(seg_decode(tk->s, tk->len, p, &n))) {
            p += n;
            tk->gap_space = 1;
        }
    }
    return p;
}

static int url_prefix(const tokenizer *tk, size_t p, size_t *n)
{
    static const char *const prefixes[] = {"https://", "http://", "ftp://", "www."};
    if (tk->len - p < 5)
        return 0;
    char a = (char)(tk->s[p] | 0x20), b = (char)(tk->s[p + 1] | 0x20);
    if (!((a == 'h' && b == 't') || (a == 'w' && b == 'w') || (a == 'f' && b == 't')))
        return 0;
    for (size_t i = 0; i < 4; i++) {
        size_t k = strlen(prefixes[i]);
        if (tk->len - p > k && strncasecmp(tk->s + p, prefixes[i], k) == 0 && AT(tk, p + k, is_alnum_cp)) {
            *n = k;
            return 1;
        }
    }
    return 0;
}

/* Characters that end a URL: whitespace, quotes, angle brackets. */
static int url_stop(int32_t cp)
{
    if (cp < 0x80)
        return cp <= ' ' || strchr("\"<>`{}|\\^", (int)cp) != NULL;
    return seg_is_hspace(cp) || cp == 0x85 || cp == 0x2028 || cp == 0x2029 || cp == 0x201C ||
           cp == 0x201D || cp == 0x2018 || cp == 0x2019 || cp == 0xAB || cp == 0xBB || cp == 0x2026;
}

static size_t scan_url(const tokenizer *tk, size_t start, size_t prefix)
{
    const char *s = tk->s;
    size_t p = start + prefix, n;
    int parens = 0, brackets = 0;
    while (p < tk->len && !url_stop(seg_decode(s, tk->len, p, &n))) {
        parens += s[p] == '(' ? 1 : s[p] == ')' ? -1 : 0;
        brackets += s[p] == '[' ? 1 : s[p] == ']' ? -1 : 0;
        p += n;
    }
    /* Sentence punctuation after a URL is not part of it; a ")" is, if it closes a "(" in it. */
    while (p > start + prefix) {
        char c = s[p - 1];
        if (c == ')' && parens < 0)
            parens++;
        else if (c == ']' && brackets < 0)
            brackets++;
        else if (!strchr(".,;:!?'", c))
            break;
        p--;
    }
    return p;
}

static size_t word_token(tokenizer *tk, size_t start)
{
    const char *s = tk->s;
    size_t n, prefix;
    int32_t first = seg_decode(s, tk->len, start, &n);
    if ((first | 0x20) == 'h' || (first | 0x20) == 'w' || (first | 0x20) == 'f') {
        if (url_prefix(tk, start, &prefix))
            return emit(tk, start, scan_url(tk, start, prefix), TOKEN_URL, 0, 0);
    }
    word_scan w;
    scan_word(tk, start, &w);
    size_t end = w.end;
    if (end < tk->len && email_char(s[end])) {
        size_t e = email_end(tk, start);
        if (e)
            return emit(tk, start, e, TOKEN_EMAIL, 0, 0);
    }
    letter_case lc = case_of(first);
    if (tk->rules && (w.parts > 0 || w.abbr != ABBR_CLASS_NONE || (end < tk->len && s[end] == '.') ||
                      (end < tk->len && (uint8_t)s[end] >= 0x80 && end - start <= 4 && !(w.flags & TOKEN_POSSESSIVE)) ||
                      (end < tk->len && (s[end] == ' ' || (uint8_t)s[end] >= 0x80) &&
                       seg_rules_lead_word(tk->rules, s + start, end - start)))) {
        abbr_match m;
        if (seg_rules_match(tk->rules, s, tk->len, start, &m) && m.end >= end) {
            if (!m.spaced && one_char(tk, start, m.end - 1) && (lc == CASE_UPPER || lc == CASE_CASELESS))
                m.cls = ABBR_CLASS_INITIAL;   /* "В. В. Путин": the list's "в." (century) is written small */
            return emit_abbreviation(tk, &m, start, w.armenian);
        }
    }
    if (w.abbr != ABBR_CLASS_NONE) {
        size_t suffix = abbr_possessive(tk, end), stop = absorb_extend(tk, end + suffix);
        push(tk, start, stop, TOKEN_WORD, TOKEN_ABBREVIATION | (suffix ? TOKEN_POSSESSIVE : 0), (unsigned)suffix,
             word_aux(lc, w.armenian, w.abbr));
        return stop;
    }
    end = absorb_extend(tk, end);
    push(tk, start, end, TOKEN_WORD, w.flags, w.suffix, word_aux(lc, w.armenian, ABBR_CLASS_NONE));
    return end;
}

/* ---- numbers ---- */

static size_t number_token(tokenizer *tk, size_t start)
{
    const char *s = tk->s;
    size_t len = tk->len, p = start, n;
    int letters = 0, hyphen = 0, letters_after_hyphen = 0, armenian = 0;
    while (p < len) {
        int32_t cp = seg_decode(s, len, p, &n);
        if (is_digit_cp(cp)) {
            p += n;
        } else if ((cp == '.' || cp == ',' || cp == '/' || cp == ':') && !letters && AT(tk, p + 1, is_digit_cp)) {
            p += 1;   /* 100,000  3.5  27.10.14  14:30  05/29/1987 */
        } else if ((cp == 0xA0 || cp == 0x202F) && !letters && p + n + 3 <= len &&
                   is_digit_cp((uint8_t)s[p + n]) && is_digit_cp((uint8_t)s[p + n + 1]) &&
                   is_digit_cp((uint8_t)s[p + n + 2]) && !AT(tk, p + n + 3, is_digit_cp)) {
            p += n;   /* 150 000 with a no-break space */
        } else if (is_word_cp(cp) && !is_digit_cp(cp)) {
            letters = 1;
            letters_after_hyphen |= hyphen;
            armenian |= is_armenian(cp);
            p += n;
        } else if (is_hyphen_cp(cp) && AT(tk, p + n, is_alnum_cp)) {
            hyphen = 1;
            p += n;
        } else {
            break;
        }
    }
    if (p < len && email_char(s[p])) {
        size_t e = email_end(tk, start);
        if (e)
            return emit(tk, start, e, TOKEN_EMAIL, 0, 0);
    }
    unsigned flags = hyphen ? TOKEN_HYPHENATED : 0;
    token_kind kind = letters_after_hyphen ? TOKEN_WORD : TOKEN_NUMBER;
    return emit(tk, start, p, kind, flags, armenian ? AUX_ARMENIAN : 0);
}

/* ---- punctuation ---- */

/* A '.' that starts a token: an ellipsis ("...", ". . ."), a decimal (".50") or a period. */
static size_t dots_token(tokenizer *tk, size_t p)
{
    const char *s = tk->s;
    size_t len = tk->len, q = p;
    while (q < len && s[q] == '.')
        q++;
    if (q - p >= 2)
        return emit(tk, p, q, TOKEN_PUNCT, 0,
                    (uint32_t)PUNCT_ELLIPSIS << AUX_PUNCT_SHIFT | (q - p >= 4 ? AUX_ELLIPSIS4 : 0));
    if (AT(tk, p + 1, is_digit_cp) && (p == 0 || !((uint8_t)s[p - 1] < 0x80 && is_alnum_cp((uint8_t)s[p - 1]))))
        return number_token(tk, p);
    size_t dots = 1;
    while (q + 1 < len && s[q] == ' ' && s[q + 1] == '.' && (q + 2 >= len || s[q + 2] != '.')) {
        dots++;
        q += 2;
    }
    if (dots >= 3) {
        if (dots >= 4 && !preceding_gap(tk, p))
            return emit_punct(tk, p, p + 1, PUNCT_PERIOD);   /* "compounds. . . ." = period + ellipsis */
        return emit(tk, p, q, TOKEN_PUNCT, 0,
                    (uint32_t)PUNCT_ELLIPSIS << AUX_PUNCT_SHIFT | (dots >= 4 ? AUX_ELLIPSIS4 : 0));
    }
    return emit_punct(tk, p, p + 1, PUNCT_PERIOD);
}

/* A standalone single quote (' ‘ ’): opening ones are remembered for the s' test. */
static size_t squote_token(tokenizer *tk, size_t p, size_t n)
{
    if (preceding_gap(tk, p) && AT(tk, p + n, is_alnum_cp))
        tk->squote_open = p;
    else
        tk->squote_open = NO_POS;
    return emit_punct(tk, p, p + n, PUNCT_QUOTE);
}

/* The end of a run of '-' (dash = 1) or of '!' and '?' (dash = 0) from p. */
static size_t run_of(const tokenizer *tk, size_t p, int dash)
{
    while (p < tk->len && (dash ? tk->s[p] == '-' : (tk->s[p] == '!' || tk->s[p] == '?')))
        p++;
    return p;
}

static size_t handle_or_hashtag(tokenizer *tk, size_t p, token_kind kind)
{
    size_t q = p + 1, n;
    while (q < tk->len) {
        int32_t cp = seg_decode(tk->s, tk->len, q, &n);
        if (!(is_word_cp(cp) || cp == '_'))
            break;
        q += n;
    }
    return emit(tk, p, q, kind, 0, 0);
}

static void line_break(tokenizer *tk, unsigned count)
{
    tk->gap_space = 1;
    tk->gap_nl += count;
    if (tk->gap_nl >= 2)
        tk->squote_open = NO_POS;
}

static size_t ascii_token(tokenizer *tk, size_t p, uint8_t c)
{
    switch (ascii_class[c]) {
    case C_SPACE:
        tk->gap_space = 1;
        return p + 1;
    case C_NL:
        line_break(tk, 1);
        return p + 1;
    case C_FF:
        line_break(tk, 2);
        return p + 1;
    case C_LOWER:
    case C_UPPER:
        return word_token(tk, p);
    case C_DIGIT:
        return number_token(tk, p);
    case C_PERIOD:
        return dots_token(tk, p);
    case C_HYPHEN:
        return emit_punct(tk, p, run_of(tk, p, 1), PUNCT_DASH);
    case C_APOS:
        return squote_token(tk, p, 1);
    case C_QUOTE:
        return emit_punct(tk, p, p + 1, PUNCT_QUOTE);
    case C_AT:
        if (AT(tk, p + 1, is_word_cp) || (p + 1 < tk->len && tk->s[p + 1] == '_'))
            return handle_or_hashtag(tk, p, TOKEN_HANDLE);
        return emit(tk, p, p + 1, TOKEN_SYMBOL, 0, 0);
    case C_HASH:
        if (AT(tk, p + 1, seg_is_letter) || (p + 1 < tk->len && tk->s[p + 1] == '_'))
            return handle_or_hashtag(tk, p, TOKEN_HASHTAG);
        return emit(tk, p, p + 1, TOKEN_SYMBOL, 0, 0);
    case C_OPEN:
        return emit_punct(tk, p, p + 1, PUNCT_OPEN);
    case C_CLOSE:
        return emit_punct(tk, p, p + 1, PUNCT_CLOSE);
    case C_EXCLQ:
        return emit_punct(tk, p, run_of(tk, p, 0), PUNCT_EXCLQ);
    case C_COLON:
        return emit_punct(tk, p, p + 1, PUNCT_COLON);
    case C_COMMA:
        return emit_punct(tk, p, p + 1, PUNCT_COMMA);
    case C_SYMBOL:
        return emit(tk, p, p + 1, TOKEN_SYMBOL, 0, 0);
    case C_PUNCT:
    case C_UNDERSCORE:
        return emit_punct(tk, p, p + 1, PUNCT_OTHER);
    default:
        return p + 1;   /* other control characters are not tokens */
    }
}

/* ---- everything else ---- */

static int is_emoji_start(const tokenizer *tk, size_t p, int32_t cp, size_t n)
{
    const utf8proc_property_t *pr = utf8proc_get_property(cp);
    if (pr->boundclass == UTF8PROC_BOUNDCLASS_REGIONAL_INDICATOR)
        return 1;
    if (pr->boundclass != UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC &&
        pr->boundclass != UTF8PROC_BOUNDCLASS_E_BASE && pr->boundclass != UTF8PROC_BOUNDCLASS_GLUE_AFTER_ZWJ &&
        pr->boundclass != UTF8PROC_BOUNDCLASS_E_BASE_GAZ)
        return 0;
    if (cp >= 0x1F000 || pr->charwidth == 2)
        return 1;
    /* © ™ ☺ and the like are text by default, emoji only when asked for. */
    if (p + n < tk->len) {
        size_t m;
        int32_t next = seg_decode(tk->s, tk->len, p + n, &m);
        return next == 0xFE0F || next == 0x200D || (next >= 0x1F3FB && next <= 0x1F3FF);
    }
    return 0;
}

static size_t emoji_token(tokenizer *tk, size_t p, int32_t cp, size_t n)
{
    utf8proc_int32_t state = 0, prev = cp;
    size_t q = p + n, m;
    while (q < tk->len) {
        int32_t next = seg_decode(tk->s, tk->len, q, &m);
        if (utf8proc_grapheme_break_stateful(prev, next, &state))
            break;
        prev = next;
        q += m;
    }
    return emit(tk, p, q, TOKEN_EMOJI, 0, 0);
}

static punct_class punct_of(int32_t cp, utf8proc_category_t cat)
{
    switch (cp) {
    case 0x0589: return PUNCT_ARM_STOP;
    case 0x3002: case 0xFF0E: case 0xFF61: case 0x0964: case 0x0965: case 0x06D4: case 0x1362:
        return PUNCT_FULLSTOP;
    case 0xFF01: case 0xFF1F: case 0x203C: case 0x2047: case 0x2048: case 0x2049: case 0x061F: case 0x037E:
        return PUNCT_EXCLQ;
    case 0x055D: case 0x060C: case 0x061B: case 0x3001: case 0xFF0C: case 0xFF1B:
        return PUNCT_COMMA;
    case 0xFF1A:
        return PUNCT_COLON;
    case 0x2022: case 0x2023: case 0x2043: case 0x2219: case 0x25E6: case 0x25AA: case 0x25AB:
    case 0x25CF: case 0x25A0: case 0x25BA: case 0x25B8: case 0x27A2: case 0x2794:
        return PUNCT_BULLET;
    case 0x201A: case 0x201E:
        return PUNCT_QUOTE;
    }
    switch (cat) {
    case UTF8PROC_CATEGORY_PD: return PUNCT_DASH;
    case UTF8PROC_CATEGORY_PS: return PUNCT_OPEN;
    case UTF8PROC_CATEGORY_PE: return PUNCT_CLOSE;
    case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF: return PUNCT_QUOTE;
    default: return PUNCT_OTHER;
    }
}

/* The end of a run of the same code point cp starting at p. */
static size_t same_run(const tokenizer *tk, size_t p, int32_t cp, size_t n, size_t *count)
{
    size_t m;
    *count = 0;
    while (p < tk->len && seg_decode(tk->s, tk->len, p, &m) == cp) {
        p += n;
        (*count)++;
    }
    return p;
}

/* A punctuation character (P*) cp of n bytes at p. */
static size_t punct_token(tokenizer *tk, size_t p, int32_t cp, size_t n, utf8proc_category_t cat)
{
    size_t count;
    if (cp == 0x2026) {
        size_t q = same_run(tk, p, cp, n, &count);
        return emit(tk, p, q, TOKEN_PUNCT, 0,
                    (uint32_t)PUNCT_ELLIPSIS << AUX_PUNCT_SHIFT | (count >= 2 ? AUX_ELLIPSIS4 : 0));
    }
    if (cp == 0x2030 || cp == 0x2031)
        return emit(tk, p, p + n, TOKEN_SYMBOL, 0, 0);   /* ‰ like % */
    if (cp == 0x2018 || cp == 0x2019)
        return squote_token(tk, p, n);
    punct_class pc = punct_of(cp, cat);
    if (pc == PUNCT_DASH || pc == PUNCT_EXCLQ)
        return emit_punct(tk, p, same_run(tk, p, cp, n, &count), pc);
    return emit_punct(tk, p, p + n, pc);
}

/* A token starting with a non-ASCII character at p (or the whitespace it is). */
static size_t unicode_token(tokenizer *tk, size_t p)
{
    size_t n;
    int32_t cp = seg_decode(tk->s, tk->len, p, &n);
    if (cp == 0x85 || cp == 0x2028 || cp == 0x2029) {
        line_break(tk, cp == 0x2029 ? 2 : 1);
        return p + n;
    }
    if (seg_is_hspace(cp)) {
        tk->gap_space = 1;
        return p + n;
    }
    utf8proc_category_t cat = utf8proc_category(cp);
    if (cat <= UTF8PROC_CATEGORY_ME && cat >= UTF8PROC_CATEGORY_LU && !is_armenian_mark(cp))
        return word_token(tk, p);   /* letters and marks (a lone mark starts a word) */
    if (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO)
        return number_token(tk, p);
    if (is_emoji_start(tk, p, cp, n))
        return emoji_token(tk, p, cp, n);
    switch (cat) {
    case UTF8PROC_CATEGORY_CF: case UTF8PROC_CATEGORY_CC: case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
        return p + n;   /* bidi controls, a lone ZWJ, BOM: invisible, not tokens */
    case UTF8PROC_CATEGORY_SM: case UTF8PROC_CATEGORY_SC: case UTF8PROC_CATEGORY_SK: case UTF8PROC_CATEGORY_SO:
        if (punct_of(cp, cat) == PUNCT_BULLET)
            return emit_punct(tk, p, p + n, PUNCT_BULLET);
        return emit(tk, p, p + n, TOKEN_SYMBOL, 0, 0);
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS: case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF: case UTF8PROC_CATEGORY_PO:
        return punct_token(tk, p, cp, n, cat);
    default:
        return emit(tk, p, p + n, TOKEN_SYMBOL, 0, 0);   /* private use, unassigned, invalid */
    }
}

int seg_tokenize(const seg_rules *rules, const char *text, size_t len, token_array *out)
{
    tokenizer tk = {rules, text, len, out, 0, NO_POS, 0, 0, 0};
    size_t p = 0;
    while (p < len && !tk.oom) {
        uint8_t c = (uint8_t)text[p];
        p = c < 0x80 ? ascii_token(&tk, p, c) : unicode_token(&tk, p);
    }
    return tk.oom ? PARLEY_ENOMEM : 0;
}
