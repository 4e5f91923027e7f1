/* uax29.h: Unicode word and sentence boundaries (UAX #29, Unicode 15.0) and their properties. */
#ifndef PARLEY_UAX29_H
#define PARLEY_UAX29_H

#include <stddef.h>
#include <stdint.h>

/*
 * Pure C, no Lua, no allocation. The default (untailored) algorithms of
 * UAX #29 "Unicode Text Segmentation", rules WB1-WB999 and SB1-SB998,
 * checked against every line of WordBreakTest.txt and SentenceBreakTest.txt.
 * The property tables are generated from the UCD by tools/gen_ucd.c.
 *
 * Strings are (s, len): borrowed, not necessarily NUL-terminated. Callers
 * pass valid UTF-8; an invalid byte counts as one U+FFFD (Other), never a
 * crash or a read past len.
 */

/* Word_Break property values; the numbers match the generated tables. */
typedef enum {
    UAX29_WB_OTHER,
    UAX29_WB_CR,
    UAX29_WB_LF,
    UAX29_WB_NEWLINE,
    UAX29_WB_EXTEND,
    UAX29_WB_ZWJ,
    UAX29_WB_REGIONAL_INDICATOR,
    UAX29_WB_FORMAT,
    UAX29_WB_KATAKANA,
    UAX29_WB_HEBREW_LETTER,
    UAX29_WB_ALETTER,
    UAX29_WB_SINGLE_QUOTE,
    UAX29_WB_DOUBLE_QUOTE,
    UAX29_WB_MIDNUMLET,
    UAX29_WB_MIDLETTER,
    UAX29_WB_MIDNUM,
    UAX29_WB_NUMERIC,
    UAX29_WB_EXTENDNUMLET,
    UAX29_WB_WSEGSPACE,
} uax29_wb;

/* Sentence_Break property values; the numbers match the generated tables. */
typedef enum {
    UAX29_SB_OTHER,
    UAX29_SB_CR,
    UAX29_SB_LF,
    UAX29_SB_EXTEND,
    UAX29_SB_SEP,
    UAX29_SB_FORMAT,
    UAX29_SB_SP,
    UAX29_SB_LOWER,
    UAX29_SB_UPPER,
    UAX29_SB_OLETTER,
    UAX29_SB_NUMERIC,
    UAX29_SB_ATERM,
    UAX29_SB_SCONTINUE,
    UAX29_SB_STERM,
    UAX29_SB_CLOSE,
} uax29_sb;

/* Properties of a code point; anything outside 0..0x10FFFF is Other / not pictographic. */
uax29_wb uax29_word_break_property(int32_t cp);
uax29_sb uax29_sentence_break_property(int32_t cp);
int uax29_is_extended_pictographic(int32_t cp);

/*
 * The next word (or sentence) boundary strictly after pos: an exclusive
 * byte offset in (pos, len], len at the end of the text; len when pos >= len.
 *
 * The text is taken to start at pos (pos is "sot"): pass 0, then each result
 * in turn, and the boundaries are exactly those of the whole string, because
 * no rule looks back across a boundary. From any other position the answer is
 * that of the text s[pos, len).
 *
 *     for (size_t i = 0, j; i < len; i = j)
 *         j = uax29_next_word_break(s, len, i);    (segment: s[i, j))
 *
 * Every segment costs time linear in its length plus the look-ahead the
 * rules need (WB6/7b/12 over one run of Extend/Format/ZWJ, SB8 up to the
 * next letter or terminator), and no stretch of text is looked ahead over
 * more than once, so a whole pass is linear in len.
 */
size_t uax29_next_word_break(const char *s, size_t len, size_t pos);
size_t uax29_next_sentence_break(const char *s, size_t len, size_t pos);

#endif
