/* segment_internal.h: what the segmenter's files share (rules lookup, token scratch bits, passes); private. */
#ifndef PARLEY_SEGMENT_INTERNAL_H
#define PARLEY_SEGMENT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "segment.h"

/*
 * The segmenter runs three passes over one growing token array:
 *   seg_tokens.c     text -> tokens, each with scratch facts (below)
 *   seg_sentences.c  list markers, then one left-to-right decision per gap
 *                    between tokens: sentence break, paragraph break or none
 *   segment.c        the public API; writes sentence indices over the scratch
 * While the passes run, a token's `sentence` field holds the scratch facts
 * (AUX_*) instead of its sentence index; the last pass replaces them.
 */

/* ---- scratch facts about one token, kept in seg_token.sentence ---- */

#define AUX_NL_SHIFT     0u   /* newlines in the gap after the token: 0, 1, 2 (blank line) */
#define AUX_NL_MASK      (3u << AUX_NL_SHIFT)
#define AUX_ABBR_SHIFT   2u   /* abbr_class of an abbreviation token */
#define AUX_ABBR_MASK    (15u << AUX_ABBR_SHIFT)
#define AUX_PUNCT_SHIFT  6u   /* punct_class of a PUNCT token */
#define AUX_PUNCT_MASK   (15u << AUX_PUNCT_SHIFT)
#define AUX_CASE_SHIFT   10u  /* letter_case of the first letter */
#define AUX_CASE_MASK    (3u << AUX_CASE_SHIFT)
#define AUX_ARMENIAN     (1u << 12)  /* has Armenian letters */
#define AUX_LISTBRK      (1u << 13)  /* a list item starts here: break before */
#define AUX_LISTBRK_WEAK (1u << 14)  /* "(2)" inline: break before only after final punctuation */
#define AUX_LISTDOT      (1u << 15)  /* the . or ) of a list marker: not a sentence end */
#define AUX_ELLIPSIS4    (1u << 16)  /* an ellipsis of four or more dots */
#define AUX_PAREN_OK     (1u << 17)  /* an opening bracket closed nearby in its paragraph */

typedef enum {
    ABBR_CLASS_NONE,
    ABBR_CLASS_TITLE,       /* never ends a sentence (list kind title, or e.g./vs. listed so) */
    ABBR_CLASS_NUMBER,      /* list kind number: ends one only before a sentence starter */
    ABBR_CLASS_ANY_LOWER,   /* kind any written small (etc., a.m.): ends one before a capital */
    ABBR_CLASS_ANY_UPPER,   /* kind any written with a capital (U.S., Inc.): before a starter */
    ABBR_CLASS_INITIAL,     /* J. (a single capital and its period) */
    ABBR_CLASS_CHAIN_UPPER, /* J.C., I.V. not in the lists: as ANY_UPPER */
    ABBR_CLASS_CHAIN_LOWER, /* i.v., f.e. not in the lists: as ANY_LOWER */
    ABBR_CLASS_INNER,       /* a non-final part of a spaced abbreviation ("т." of "т. е.") */
} abbr_class;

typedef enum {
    PUNCT_OTHER,
    PUNCT_PERIOD,     /* . */
    PUNCT_EXCLQ,      /* ! ? and runs of them (?!, !!), ‼ ⁉ ！ ？ */
    PUNCT_ELLIPSIS,   /* ... … . . . */
    PUNCT_ARM_STOP,   /* ։ Armenian full stop */
    PUNCT_FULLSTOP,   /* other scripts' full stops: 。 ． । ۔ */
    PUNCT_COLON,      /* : (a full stop in Armenian text) */
    PUNCT_COMMA,      /* , ; ՝ ، */
    PUNCT_OPEN,       /* ( [ { and other opening brackets */
    PUNCT_CLOSE,      /* ) ] } */
    PUNCT_QUOTE,      /* " ' “ ” ‘ ’ « » „ ‹ › (which way is decided by position) */
    PUNCT_DASH,       /* - -- – — */
    PUNCT_BULLET,     /* • ‣ ⁃ ▪ ● ■ ◦ */
} punct_class;

typedef enum {
    CASE_NONE,        /* no letter first (number, symbol) */
    CASE_LOWER,
    CASE_UPPER,       /* upper or title case */
    CASE_CASELESS,    /* a letter of a script without case (Georgian, CJK, Arabic) */
} letter_case;

static inline unsigned aux_nl(const seg_token *t) { return (t->sentence & AUX_NL_MASK) >> AUX_NL_SHIFT; }
static inline abbr_class aux_abbr(const seg_token *t) { return (abbr_class)((t->sentence & AUX_ABBR_MASK) >> AUX_ABBR_SHIFT); }
static inline punct_class aux_punct(const seg_token *t) { return (punct_class)((t->sentence & AUX_PUNCT_MASK) >> AUX_PUNCT_SHIFT); }
static inline letter_case aux_case(const seg_token *t) { return (letter_case)((t->sentence & AUX_CASE_MASK) >> AUX_CASE_SHIFT); }

/* ---- abbreviation lookup (seg_rules.c) ---- */

typedef struct {
    size_t end;             /* byte just after the final period */
    abbr_class cls;         /* how the entry behaves at a sentence end */
    int spaced;             /* the match contains whitespace ("т. е."): one token per part */
} abbr_match;

/*
 * The longest listed abbreviation starting at pos (a word start) and ending
 * with its period before something that is not a letter: 1 and *m, or 0.
 */
int seg_rules_match(const seg_rules *rules, const char *s, size_t len, size_t pos, abbr_match *m);

/* Whether the n-byte word at s could begin a listed abbreviation of several words ("и т. д."). */
int seg_rules_lead_word(const seg_rules *rules, const char *s, size_t n);

/* ---- the passes ---- */

typedef struct {
    seg_token *items;
    size_t len, cap;
} token_array;

/* Append the tokens of text (first pass). 0 or PARLEY_ENOMEM. */
int seg_tokenize(const seg_rules *rules, const char *text, size_t len, token_array *out);

/* Decide sentences and paragraphs over the tokens (second pass). 0 or PARLEY_ENOMEM. */
int seg_sentences(const char *text, size_t len, seg_token *tokens, size_t ntokens, seg_result *out);

/* ---- small Unicode helpers shared by the passes (seg_tokens.c) ---- */

/* The code point at s[p] (p < len) and its length in *n; U+FFFD and 1 for an invalid byte. */
int32_t seg_decode_multi(const char *s, size_t len, size_t p, size_t *n);

static inline int32_t seg_decode(const char *s, size_t len, size_t p, size_t *n)
{
    if ((unsigned char)s[p] < 0x80) {
        *n = 1;
        return (unsigned char)s[p];
    }
    return seg_decode_multi(s, len, p, n);
}

/* Whether cp is horizontal whitespace (space, tab, NBSP, other Zs), not a line break. */
int seg_is_hspace(int32_t cp);

/* Whether cp is a letter (L*) or an Armenian in-word mark (՛ ՜ ՞ ՟ ՚). */
int seg_is_letter(int32_t cp);

#endif
