/* fuzz_uax29.c: UAX #29 word and sentence boundaries on any bytes: they tile the text, consistently. */
#include <string.h>
#include <utf8proc.h>

#include "fuzz.h"
#include "loader.h"
#include "uax29.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

typedef size_t (*next_break)(const char *s, size_t len, size_t pos);

static int boundary(const char *s, size_t len, size_t i)
{
    return i == 0 || i >= len || ((unsigned char)s[i] & 0xC0) != 0x80;
}

/*
 * Segments tile s: each boundary lies past the one before and within the
 * text, on a code point when s is valid; restarting at a boundary, as the
 * header promises, gives the same next boundary as the whole string.
 */
static void check_breaks(const char *s, size_t len, int valid, next_break next, const char *what)
{
    for (size_t i = 0, j; i < len; i = j) {
        j = next(s, len, i);
        PROPERTY(j > i && j <= len, "%s break after %zu at %zu (len %zu)", what, i, j, len);
        if (valid)
            PROPERTY(boundary(s, len, j), "%s break inside a code point at %zu", what, j);
        if (i > 0)
            PROPERTY(next(s + i, len - i, 0) + i == j, "%s: restarting at %zu finds another break", what, i);
    }
    PROPERTY(next(s, len, len) == len, "%s: past the end", what);
}

static int32_t cp_at(const char *s, size_t len, size_t i)
{
    int32_t cp = -1;
    utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
    return cp;
}

static int32_t cp_before(const char *s, size_t len, size_t i)
{
    while (i > 0 && !boundary(s, len, --i))
        ;
    return cp_at(s, len, i);
}

/*
 * WB4: Extend, Format and ZWJ belong to what precedes them, so no word
 * break comes before one, except after a line break (WB3a). (Default word
 * breaks may still split a grapheme cluster: Thai ก + ำ, a SpacingMark
 * that is not Extend, is two words and one cluster.)
 */
static void check_wb4(const char *s, size_t len)
{
    for (size_t i = 0, j; i < len; i = j) {
        j = uax29_next_word_break(s, len, i);
        if (j >= len)
            break;
        uax29_wb after = uax29_word_break_property(cp_at(s, len, j));
        uax29_wb before = uax29_word_break_property(cp_before(s, len, j));
        if (after == UAX29_WB_EXTEND || after == UAX29_WB_FORMAT || after == UAX29_WB_ZWJ)
            PROPERTY(before == UAX29_WB_CR || before == UAX29_WB_LF || before == UAX29_WB_NEWLINE,
                     "word break at %zu before an Extend/Format/ZWJ", j);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    int valid = utf8_valid_prefix(s, size) == size;
    check_breaks(s, size, valid, uax29_next_word_break, "word");
    check_breaks(s, size, valid, uax29_next_sentence_break, "sentence");
    if (valid)
        check_wb4(s, size);
    for (size_t i = 0; i + 4 <= size && i < 64; i += 4) {
        int32_t cp;
        memcpy(&cp, data + i, sizeof cp);
        (void)uax29_word_break_property(cp);
        (void)uax29_sentence_break_property(cp);
        (void)uax29_is_extended_pictographic(cp);
    }
    return 0;
}
