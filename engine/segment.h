/* segment.h: paragraphs, sentences and tokens of real news text (pure C, no Lua). */
#ifndef PARLEY_SEGMENT_H
#define PARLEY_SEGMENT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Offsets are 32-bit to keep a token at 16 bytes: a document may be up to
 * 4 GiB. All offsets are byte offsets into the text, [start, stop).
 */

typedef enum {
    TOKEN_WORD = 1,     /* letters, with inner apostrophes, hyphens, periods (U.S.) */
    TOKEN_NUMBER,       /* 2020, 100,000, 3.5, 1.2bn, 1st, 2010-2012; 24-hour is a WORD (hyphenated) */
    TOKEN_PUNCT,        /* . , ; : ! ? quotes brackets dashes ellipsis */
    TOKEN_SYMBOL,       /* $ % € + = etc. */
    TOKEN_EMOJI,        /* one emoji sequence: ZWJ sequences, flags, modifiers */
    TOKEN_URL,          /* https://..., www.example.org/path */
    TOKEN_EMAIL,        /* name@example.org */
    TOKEN_HANDLE,       /* @Kyivpost_official */
    TOKEN_HASHTAG,      /* #peace */
} token_kind;

enum {
    TOKEN_HYPHENATED = 1 << 0,  /* inner hyphen(s): decades-long, non-deployment */
    TOKEN_POSSESSIVE = 1 << 1,  /* ends in a clitic ('s, ’s, s', s’): suffix_len bytes of it */
    TOKEN_ABBREVIATION = 1 << 2, /* a known abbreviation with its period: Dr., U.S., т.е. */
    TOKEN_SPACE_AFTER = 1 << 3, /* whitespace follows */
};

typedef struct {
    uint32_t start, stop;    /* bytes [start, stop) */
    uint32_t sentence;       /* 0-based index of its sentence */
    uint8_t kind;            /* token_kind */
    uint8_t flags;           /* TOKEN_* flags */
    uint8_t suffix_len;      /* bytes of the possessive clitic at the end (0 if none) */
    uint8_t reserved;
} seg_token;

typedef struct {
    uint32_t start, stop;    /* bytes [start, stop), without surrounding whitespace */
} seg_span;

typedef struct {
    seg_token *tokens;       /* malloc'd arrays, owned by the result */
    size_t ntokens;
    seg_span *sentences;
    size_t nsentences;
    seg_span *paragraphs;
    size_t nparagraphs;
} seg_result;

/* Language data the segmenter needs: abbreviations (from the files in data/abbrev/). */
typedef struct seg_rules seg_rules;

typedef enum {
    ABBR_ANY = 0,       /* ends a sentence only when what follows clearly starts one */
    ABBR_TITLE = 1,     /* precedes a name, never ends a sentence: Mr. Dr. Gen. St. им. */
    ABBR_NUMBER = 2,    /* precedes a number: No. Art. p. вып. */
} abbrev_kind;

seg_rules *seg_rules_new(void);                 /* NULL on ENOMEM; caller frees */
void seg_rules_free(seg_rules *rules);

/*
 * Add an abbreviation written with its final period ("Dr.", "U.S.", "т. е.",
 * "г."; a missing period is implied). The list says how case matches by how
 * the entry is written: its capitals must be capitals in the text, its small
 * letters match either case ("Sun." matches "SUN." but not the word "sun.";
 * "etc." matches "Etc."). Spaces in an entry match any run of spaces or tabs.
 * Returns 0 or PARLEY_ENOMEM.
 */
int seg_rules_add_abbreviation(seg_rules *rules, const char *s, size_t len, abbrev_kind kind);

/*
 * Segment valid UTF-8 text (as the loader produces: NFC, LF newlines; an
 * invalid byte never crashes it, it becomes a SYMBOL of its own).
 * rules may be NULL (no abbreviations); borrowed, read-only here, so one
 * rules object may serve many threads. Linear time in len; memory
 * O(tokens). Returns 0, or PARLEY_ENOMEM with *out zeroed (also when
 * len > UINT32_MAX, which 32-bit offsets cannot describe). The heuristics
 * are described at the top of seg_sentences.c and seg_tokens.c.
 */
int segment_text(const seg_rules *rules, const char *text, size_t len, seg_result *out);
void seg_result_free(seg_result *r);

/* Binary searches over a result (its spans are in text order), for byte offset off: */
uint32_t seg_token_at(const seg_result *r, size_t off);     /* first token starting at or after off */
uint32_t seg_token_from(const seg_result *r, size_t off);   /* first token whose stop is past off */
uint32_t seg_sentence_at(const seg_result *r, size_t off);  /* last sentence starting at or before off, or 0 */

#endif
