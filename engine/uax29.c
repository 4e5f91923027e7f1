/* uax29.c: word and sentence boundaries of UAX #29 (Unicode 15.0) over UTF-8, in linear time. */
#include "uax29.h"

#include "ucd_tables.h"

/* The enums of uax29.h must number the values as the generator does. */
_Static_assert(UAX29_WB_CR == UCD_WB_CR && UAX29_WB_LF == UCD_WB_LF &&
               UAX29_WB_NEWLINE == UCD_WB_NEWLINE && UAX29_WB_EXTEND == UCD_WB_EXTEND &&
               UAX29_WB_ZWJ == UCD_WB_ZWJ &&
               UAX29_WB_REGIONAL_INDICATOR == UCD_WB_REGIONAL_INDICATOR &&
               UAX29_WB_FORMAT == UCD_WB_FORMAT && UAX29_WB_KATAKANA == UCD_WB_KATAKANA &&
               UAX29_WB_HEBREW_LETTER == UCD_WB_HEBREW_LETTER &&
               UAX29_WB_ALETTER == UCD_WB_ALETTER && UAX29_WB_SINGLE_QUOTE == UCD_WB_SINGLE_QUOTE &&
               UAX29_WB_DOUBLE_QUOTE == UCD_WB_DOUBLE_QUOTE &&
               UAX29_WB_MIDNUMLET == UCD_WB_MIDNUMLET && UAX29_WB_MIDLETTER == UCD_WB_MIDLETTER &&
               UAX29_WB_MIDNUM == UCD_WB_MIDNUM && UAX29_WB_NUMERIC == UCD_WB_NUMERIC &&
               UAX29_WB_EXTENDNUMLET == UCD_WB_EXTENDNUMLET &&
               UAX29_WB_WSEGSPACE == UCD_WB_WSEGSPACE && UAX29_WB_WSEGSPACE < UCD_EXTPICT,
               "uax29_wb differs from the Word_Break values of tools/gen_ucd.c");
_Static_assert(UAX29_SB_CR == UCD_SB_CR && UAX29_SB_LF == UCD_SB_LF &&
               UAX29_SB_EXTEND == UCD_SB_EXTEND && UAX29_SB_SEP == UCD_SB_SEP &&
               UAX29_SB_FORMAT == UCD_SB_FORMAT && UAX29_SB_SP == UCD_SB_SP &&
               UAX29_SB_LOWER == UCD_SB_LOWER && UAX29_SB_UPPER == UCD_SB_UPPER &&
               UAX29_SB_OLETTER == UCD_SB_OLETTER && UAX29_SB_NUMERIC == UCD_SB_NUMERIC &&
               UAX29_SB_ATERM == UCD_SB_ATERM && UAX29_SB_SCONTINUE == UCD_SB_SCONTINUE &&
               UAX29_SB_STERM == UCD_SB_STERM && UAX29_SB_CLOSE == UCD_SB_CLOSE,
               "uax29_sb differs from the Sentence_Break values of tools/gen_ucd.c");

/* ---- decoding and lookups ---- */

/*
 * The code point at s[i], i < len, and its length in bytes. Anything that
 * is not a well-formed sequence (a stray continuation byte, a truncated or
 * overlong sequence, a value past U+10FFFF) is one byte of U+FFFD, so the
 * tables are never indexed out of range. Surrogates pass: they are Other.
 */
static size_t decode_long(const unsigned char *s, size_t len, size_t i, int32_t *cp)
{
    unsigned b = s[i];
    size_t left = len - i;
    if (b >= 0xE0 && b < 0xF0 && left >= 3 && (s[i + 1] & 0xC0) == 0x80 &&
        (s[i + 2] & 0xC0) == 0x80) {
        int32_t c = (int32_t)((b & 0x0F) << 12 | (s[i + 1] & 0x3Fu) << 6 | (s[i + 2] & 0x3Fu));
        if (c >= 0x800) {
            *cp = c;
            return 3;
        }
    }
    if (b >= 0xF0 && b <= 0xF4 && left >= 4 && (s[i + 1] & 0xC0) == 0x80 &&
        (s[i + 2] & 0xC0) == 0x80 && (s[i + 3] & 0xC0) == 0x80) {
        int32_t c = (int32_t)((b & 0x07) << 18 | (s[i + 1] & 0x3Fu) << 12 |
                              (s[i + 2] & 0x3Fu) << 6 | (s[i + 3] & 0x3Fu));
        if (c >= 0x10000 && c <= 0x10FFFF) {
            *cp = c;
            return 4;
        }
    }
    *cp = 0xFFFD;
    return 1;
}

/* decode_long with the common cases inline: ASCII, and the 2-byte Cyrillic or Armenian. */
static inline size_t decode(const unsigned char *s, size_t len, size_t i, int32_t *cp)
{
    unsigned b = s[i];
    if (b < 0x80) {
        *cp = (int32_t)b;
        return 1;
    }
    if (b >= 0xC2 && b < 0xE0 && i + 1 < len && (s[i + 1] & 0xC0) == 0x80) {
        *cp = (int32_t)((b & 0x1F) << 6 | (s[i + 1] & 0x3Fu));
        return 2;
    }
    return decode_long(s, len, i, cp);
}

/* Word_Break | UCD_EXTPICT of a valid code point: two loads, one for ASCII. */
static inline unsigned word_props(int32_t cp)
{
    if (cp < 0x80)
        return ucd_wb_ascii[cp];
    return ucd_wb_blocks[ucd_wb_stage1[cp >> 7]][cp & 127];
}

static inline unsigned sentence_prop(int32_t cp)
{
    if (cp < 0x80)
        return ucd_sb_ascii[cp];
    return ucd_sb_blocks[ucd_sb_stage1[cp >> 7]][cp & 127];
}

static int valid_cp(int32_t cp)
{
    return cp >= 0 && cp <= 0x10FFFF;
}

uax29_wb uax29_word_break_property(int32_t cp)
{
    return valid_cp(cp) ? (uax29_wb)(word_props(cp) & ~UCD_EXTPICT) : UAX29_WB_OTHER;
}

uax29_sb uax29_sentence_break_property(int32_t cp)
{
    return valid_cp(cp) ? (uax29_sb)sentence_prop(cp) : UAX29_SB_OTHER;
}

int uax29_is_extended_pictographic(int32_t cp)
{
    return valid_cp(cp) && (word_props(cp) & UCD_EXTPICT) != 0;
}

/* ======================================================================== */
/* ---- word boundaries ---- */

/*
 * Rules before WB4 look at the raw code points on each side of a position;
 * the rest see the text with every Extend, Format and ZWJ folded into the
 * character before it (WB4), so the context is the last two folded
 * properties and the parity of the regional indicator run ending there.
 * Nothing before the segment's start matters: the text restarts at pos.
 */
typedef struct {
    unsigned raw;      /* Word_Break of the code point just before the position */
    unsigned left;     /* last property after WB4 folding ... */
    unsigned left2;    /* ... and the one before it (UAX29_WB_OTHER at the start) */
    int ri_odd;        /* left ends an odd-length run of Regional_Indicator */
} word_ctx;

/* Property sets as bit masks: one shift and test instead of a chain of compares. */
#define WB_BIT(p) (1u << (p))
#define WB_IGNORED (WB_BIT(UAX29_WB_EXTEND) | WB_BIT(UAX29_WB_FORMAT) | WB_BIT(UAX29_WB_ZWJ))
#define WB_NEWLINE (WB_BIT(UAX29_WB_CR) | WB_BIT(UAX29_WB_LF) | WB_BIT(UAX29_WB_NEWLINE))
#define WB_AHLETTER (WB_BIT(UAX29_WB_ALETTER) | WB_BIT(UAX29_WB_HEBREW_LETTER))
#define WB_MIDNUMLETQ (WB_BIT(UAX29_WB_MIDNUMLET) | WB_BIT(UAX29_WB_SINGLE_QUOTE))
#define WB_ALNUM (WB_BIT(UAX29_WB_ALETTER) | WB_BIT(UAX29_WB_NUMERIC) | \
                  WB_BIT(UAX29_WB_EXTENDNUMLET))
/* What stands left / right of the × in some rule WB5-WB16: anything else breaks (WB999). */
#define WB_JOINS (WB_AHLETTER | WB_BIT(UAX29_WB_NUMERIC) | WB_BIT(UAX29_WB_KATAKANA) | \
                  WB_BIT(UAX29_WB_EXTENDNUMLET) | WB_BIT(UAX29_WB_REGIONAL_INDICATOR) | \
                  WB_MIDNUMLETQ | WB_BIT(UAX29_WB_MIDLETTER) | WB_BIT(UAX29_WB_MIDNUM) | \
                  WB_BIT(UAX29_WB_DOUBLE_QUOTE))

static inline int wb_in(unsigned p, unsigned set)
{
    return (WB_BIT(p) & set) != 0;
}

static inline int wb_ignored(unsigned p)
{
    return wb_in(p, WB_IGNORED);
}

static inline int wb_newline(unsigned p)
{
    return wb_in(p, WB_NEWLINE);
}

static inline int wb_ahletter(unsigned p)
{
    return wb_in(p, WB_AHLETTER);
}

static inline int wb_midnumletq(unsigned p)
{
    return wb_in(p, WB_MIDNUMLETQ);
}

/* ALetter, Numeric and ExtendNumLet never break among themselves (WB5, WB8-WB10, WB13a/b). */
static inline int wb_alnum(unsigned p)
{
    return wb_in(p, WB_ALNUM);
}

/*
 * The Word_Break of the first code point at or after i that WB4 does not
 * fold away (Other at the end of the text): what WB6, WB7b and WB12 need
 * to see past a middle character. It scans one run of Extend/Format/ZWJ.
 */
static unsigned word_after(const unsigned char *s, size_t len, size_t i)
{
    while (i < len) {
        int32_t cp;
        i += decode(s, len, i, &cp);
        unsigned p = word_props(cp) & ~UCD_EXTPICT;
        if (!wb_ignored(p))
            return p;
    }
    return UAX29_WB_OTHER;
}

/*
 * WB5-WB999 between the folded context c and r, the folded property of the
 * code point that ends at `next`. 1 = break. Rules of this table (l = left):
 *   WB5  AHLetter × AHLetter          WB6  AHLetter × Mid AHLetter
 *   WB7  AHLetter Mid × AHLetter      WB7a Hebrew × Single_Quote
 *   WB7b Hebrew × '"' Hebrew          WB7c Hebrew '"' × Hebrew
 *   WB8-10 (AHLetter|Numeric) × (AHLetter|Numeric), except AH × AH (WB5)
 *   WB11 Numeric MidNum × Numeric     WB12 Numeric × MidNum Numeric
 *   WB13 Katakana × Katakana          WB13a/b around ExtendNumLet
 *   WB15/16 pairs of regional indicators; WB999 break everywhere else.
 * (Mid is MidLetter|MidNumLetQ for letters, MidNum|MidNumLetQ for numbers.)
 */
static int word_rules(const word_ctx *c, unsigned r, const unsigned char *s, size_t len,
                      size_t next)
{
    unsigned l = c->left;
    if (!wb_in(l, WB_JOINS) || !wb_in(r, WB_JOINS))
        return 1;                                                   /* WB999, early */
    int l_alnum = wb_ahletter(l) || l == UAX29_WB_NUMERIC;
    int r_alnum = wb_ahletter(r) || r == UAX29_WB_NUMERIC;
    if (l_alnum && r_alnum)
        return 0;                                                   /* WB5, WB8-WB10 */
    if (wb_ahletter(l) && (r == UAX29_WB_MIDLETTER || wb_midnumletq(r)) &&
        wb_ahletter(word_after(s, len, next)))
        return 0;                                                   /* WB6 */
    if (wb_ahletter(c->left2) && (l == UAX29_WB_MIDLETTER || wb_midnumletq(l)) && wb_ahletter(r))
        return 0;                                                   /* WB7 */
    if (l == UAX29_WB_HEBREW_LETTER && r == UAX29_WB_SINGLE_QUOTE)
        return 0;                                                   /* WB7a */
    if (l == UAX29_WB_HEBREW_LETTER && r == UAX29_WB_DOUBLE_QUOTE &&
        word_after(s, len, next) == UAX29_WB_HEBREW_LETTER)
        return 0;                                                   /* WB7b */
    if (c->left2 == UAX29_WB_HEBREW_LETTER && l == UAX29_WB_DOUBLE_QUOTE &&
        r == UAX29_WB_HEBREW_LETTER)
        return 0;                                                   /* WB7c */
    if (c->left2 == UAX29_WB_NUMERIC && (l == UAX29_WB_MIDNUM || wb_midnumletq(l)) &&
        r == UAX29_WB_NUMERIC)
        return 0;                                                   /* WB11 */
    if (l == UAX29_WB_NUMERIC && (r == UAX29_WB_MIDNUM || wb_midnumletq(r)) &&
        word_after(s, len, next) == UAX29_WB_NUMERIC)
        return 0;                                                   /* WB12 */
    if (l == UAX29_WB_KATAKANA && r == UAX29_WB_KATAKANA)
        return 0;                                                   /* WB13 */
    if ((l_alnum || l == UAX29_WB_KATAKANA || l == UAX29_WB_EXTENDNUMLET) &&
        r == UAX29_WB_EXTENDNUMLET)
        return 0;                                                   /* WB13a */
    if (l == UAX29_WB_EXTENDNUMLET && (r_alnum || r == UAX29_WB_KATAKANA))
        return 0;                                                   /* WB13b */
    if (l == UAX29_WB_REGIONAL_INDICATOR && r == UAX29_WB_REGIONAL_INDICATOR && c->ri_odd)
        return 0;                                                   /* WB15, WB16 */
    return 1;                                                       /* WB999 */
}

/* Whether there is a word boundary before the code point with properties rp ending at next. */
static inline int word_break(const word_ctx *c, unsigned rp, const unsigned char *s, size_t len,
                             size_t next)
{
    unsigned r = rp & ~UCD_EXTPICT;
    if (c->raw == UAX29_WB_CR && r == UAX29_WB_LF)
        return 0;                                                   /* WB3 */
    if (wb_newline(c->raw) || wb_newline(r))
        return 1;                                                   /* WB3a, WB3b */
    if (c->raw == UAX29_WB_ZWJ && (rp & UCD_EXTPICT))
        return 0;                                                   /* WB3c */
    if (c->raw == UAX29_WB_WSEGSPACE && r == UAX29_WB_WSEGSPACE)
        return 0;                                                   /* WB3d */
    if (wb_ignored(r))
        return 0;                                                   /* WB4 */
    return word_rules(c, r, s, len, next);
}

/* Move c past a code point of Word_Break r that did not start a new word. */
static inline void word_advance(word_ctx *c, unsigned r)
{
    c->raw = r;
    if (wb_ignored(r))
        return;   /* WB4: folded into left (after sot or a newline it is left itself, see start) */
    c->ri_odd = r == UAX29_WB_REGIONAL_INDICATOR && !(c->left == r && c->ri_odd);
    c->left2 = c->left;
    c->left = r;
}

/*
 * The fast path, inside a word: after an alnum (left), another alnum never
 * breaks, whatever comes before (no rule ahead of WB5 can break between
 * them), nor does an Extend, Format or ZWJ (WB4). Skip them, leaving c as
 * the general loop would; ASCII runs only need c set at their end.
 * Returns where it stopped.
 */
static inline size_t skip_alnum(word_ctx *c, const unsigned char *s, size_t len, size_t i)
{
    while (i < len) {
        if (s[i] < 0x80) {
            size_t j = i;
            while (j < len && s[j] < 0x80 && wb_alnum(ucd_wb_ascii[s[j]]))
                j++;
            if (j > i) {
                c->left2 = j - i >= 2 ? ucd_wb_ascii[s[j - 2]] : c->left;
                c->left = c->raw = ucd_wb_ascii[s[j - 1]];
                i = j;
            }
            if (i == len || s[i] < 0x80)
                break;
        }
        int32_t cp;
        size_t n = decode(s, len, i, &cp);
        unsigned p = word_props(cp) & ~UCD_EXTPICT;
        if (wb_alnum(p)) {
            c->left2 = c->left;
            c->left = p;
        } else if (!wb_ignored(p)) {
            break;
        }
        c->raw = p;
        i += n;
    }
    return i;
}

size_t uax29_next_word_break(const char *str, size_t len, size_t pos)
{
    const unsigned char *s = (const unsigned char *)str;
    if (pos >= len)
        return len;
    int32_t cp;
    size_t i = pos + decode(s, len, pos, &cp);
    unsigned first = word_props(cp) & ~UCD_EXTPICT;
    /* The first code point is WB4's X even when it is Extend, Format or ZWJ. */
    word_ctx c = {first, first, UAX29_WB_OTHER, first == UAX29_WB_REGIONAL_INDICATOR};
    while (i < len) {
        if (wb_alnum(c.left)) {
            i = skip_alnum(&c, s, len, i);
            if (i == len)
                break;
        }
        size_t n = decode(s, len, i, &cp);
        unsigned rp = word_props(cp);
        if (word_break(&c, rp, s, len, i + n))
            return i;
        word_advance(&c, rp & ~UCD_EXTPICT);
        i += n;
    }
    return len;
}

/* ======================================================================== */
/* ---- sentence boundaries ---- */

/*
 * Breaks come only from SB4 (after a paragraph separator) and SB11 (after
 * SATerm Close* Sp* ParaSep?); every other rule prevents one. So the context
 * is the raw property before the position (SB3, SB4), the last two
 * properties after SB5 folds Extend and Format away (SB6, SB7), and where we
 * stand in a terminator's tail "SATerm Close* Sp*":
 */
enum {
    TAIL_NONE,        /* not after a terminator */
    TAIL_CLOSE,       /* SATerm Close*: SB9 still allows Close */
    TAIL_SPACE,       /* SATerm Close* Sp+ */
};

typedef struct {
    unsigned raw;      /* Sentence_Break of the code point just before the position */
    unsigned left;     /* last property after SB5 folding ... */
    unsigned left2;    /* ... and the one before it */
    unsigned tail;     /* TAIL_*: position in a terminator's tail */
    unsigned term;     /* the tail's terminator: ATerm or STerm */
} sentence_ctx;

#define SB_BIT(p) (1u << (p))
#define SB_PARASEP (SB_BIT(UAX29_SB_SEP) | SB_BIT(UAX29_SB_CR) | SB_BIT(UAX29_SB_LF))
#define SB_SATERM (SB_BIT(UAX29_SB_ATERM) | SB_BIT(UAX29_SB_STERM))

static inline int sb_parasep(unsigned p)
{
    return (SB_BIT(p) & SB_PARASEP) != 0;
}

static inline int sb_saterm(unsigned p)
{
    return (SB_BIT(p) & SB_SATERM) != 0;
}

/* What ends the middle of a sentence: a paragraph separator or a terminator. */
static inline int sb_stops(unsigned p)
{
    return (SB_BIT(p) & (SB_PARASEP | SB_SATERM)) != 0;
}

/*
 * SB8's right side from i: does a Lower come before any OLetter, Upper,
 * ParaSep or SATerm? Extend and Format are in the allowed set, so the raw
 * text can be scanned without SB5's folding. The scan stops at the next
 * terminator at the latest, and SB8 is asked at most once per terminator,
 * so these scans never overlap: the whole pass stays linear.
 */
static int lower_follows(const unsigned char *s, size_t len, size_t i)
{
    while (i < len) {
        int32_t cp;
        i += decode(s, len, i, &cp);
        unsigned p = sentence_prop(cp);
        if (p == UAX29_SB_LOWER)
            return 1;
        if (p == UAX29_SB_OLETTER || p == UAX29_SB_UPPER || sb_parasep(p) || sb_saterm(p))
            return 0;
    }
    return 0;
}

/*
 * Whether there is a sentence boundary before the code point of property r
 * at i. SB6-SB10 all prevent a break, so their order does not matter; SB8,
 * the one with a look-ahead, goes last so that it only runs where nothing
 * cheaper decides (never inside a run of Close or Sp).
 */
static int sentence_break(const sentence_ctx *c, unsigned r, const unsigned char *s, size_t len,
                          size_t i)
{
    if (c->raw == UAX29_SB_CR && r == UAX29_SB_LF)
        return 0;                                                   /* SB3 */
    if (sb_parasep(c->raw))
        return 1;                                                   /* SB4 */
    if (r == UAX29_SB_EXTEND || r == UAX29_SB_FORMAT)
        return 0;                                                   /* SB5 */
    if (c->left == UAX29_SB_ATERM && r == UAX29_SB_NUMERIC)
        return 0;                                                   /* SB6 */
    if (c->left == UAX29_SB_ATERM && r == UAX29_SB_UPPER &&
        (c->left2 == UAX29_SB_UPPER || c->left2 == UAX29_SB_LOWER))
        return 0;                                                   /* SB7 */
    if (c->tail == TAIL_NONE)
        return 0;                                                   /* SB998 */
    if (r == UAX29_SB_SCONTINUE || sb_saterm(r))
        return 0;                                                   /* SB8a */
    if (c->tail == TAIL_CLOSE && r == UAX29_SB_CLOSE)
        return 0;                                                   /* SB9 */
    if (r == UAX29_SB_SP || sb_parasep(r))
        return 0;                                                   /* SB9, SB10 */
    if (c->term == UAX29_SB_ATERM && lower_follows(s, len, i))
        return 0;                                                   /* SB8 */
    return 1;                                                       /* SB11 */
}

/* Move c past a code point of property r that did not start a new sentence. */
static inline void sentence_advance(sentence_ctx *c, unsigned r)
{
    c->raw = r;
    if (r == UAX29_SB_EXTEND || r == UAX29_SB_FORMAT)
        return;   /* SB5: folded into left */
    if (sb_saterm(r)) {
        c->tail = TAIL_CLOSE;
        c->term = r;
    } else if (r == UAX29_SB_SP && c->tail != TAIL_NONE) {
        c->tail = TAIL_SPACE;
    } else if (!(r == UAX29_SB_CLOSE && c->tail == TAIL_CLOSE)) {
        c->tail = TAIL_NONE;
    }
    c->left2 = c->left;
    c->left = r;
}

/*
 * The fast path, for the middle of a sentence (no terminator tail, so left
 * is no SATerm either): only SB4 could break, so skip what is neither a
 * paragraph separator nor a terminator, and leave c as the general loop
 * would (Extend and Format fold into left, SB5). ASCII has neither, so its
 * runs only need left and left2 set at their end. Returns where it stopped.
 */
static inline size_t skip_inside(sentence_ctx *c, const unsigned char *s, size_t len, size_t i)
{
    while (i < len) {
        if (s[i] < 0x80) {
            size_t j = i;
            while (j < len && s[j] < 0x80 && !sb_stops(ucd_sb_ascii[s[j]]))
                j++;
            if (j > i) {
                c->left2 = j - i >= 2 ? ucd_sb_ascii[s[j - 2]] : c->left;
                c->left = c->raw = ucd_sb_ascii[s[j - 1]];
                i = j;
                continue;
            }
        }
        int32_t cp;
        size_t n = decode(s, len, i, &cp);
        unsigned p = sentence_prop(cp);
        if (sb_stops(p))
            break;
        c->raw = p;
        if (p != UAX29_SB_EXTEND && p != UAX29_SB_FORMAT) {
            c->left2 = c->left;
            c->left = p;
        }
        i += n;
    }
    return i;
}

size_t uax29_next_sentence_break(const char *str, size_t len, size_t pos)
{
    const unsigned char *s = (const unsigned char *)str;
    if (pos >= len)
        return len;
    int32_t cp;
    size_t i = pos + decode(s, len, pos, &cp);
    sentence_ctx c = {UAX29_SB_OTHER, UAX29_SB_OTHER, UAX29_SB_OTHER, TAIL_NONE, 0};
    sentence_advance(&c, sentence_prop(cp));   /* the first code point is SB5's X, whatever it is */
    while (i < len) {
        if (c.tail == TAIL_NONE && !sb_parasep(c.raw)) {
            i = skip_inside(&c, s, len, i);
            if (i == len)
                break;
        }
        size_t n = decode(s, len, i, &cp);
        unsigned r = sentence_prop(cp);
        if (sentence_break(&c, r, s, len, i))
            return i;
        sentence_advance(&c, r);
        i += n;
    }
    return len;
}
