/* utf8.c: UTF-8 validation and maximal-subpart repair of whole buffers. */
#include <stdlib.h>
#include <string.h>

#include "loader.h"
#include "loader_internal.h"

/* U+FFFD REPLACEMENT CHARACTER, the stand-in for every maximal invalid subpart. */
static const unsigned char replacement[3] = {0xEF, 0xBF, 0xBD};

/*
 * ASCII stretches go through the vector scan; the short ones between words
 * of another script, and two-byte sequences, are checked inline since that
 * is most of the work in Cyrillic, Greek or Armenian text.
 */
size_t utf8_valid_prefix(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        if (p[i] < 0x80) {
            i += i + 1 < len && p[i + 1] < 0x80 ? utf8_ascii_run(p + i, len - i) : 1;
            continue;
        }
        if (p[i] >= 0xC2 && p[i] <= 0xDF && i + 1 < len && (p[i + 1] & 0xC0) == 0x80) {
            i += 2;
            continue;
        }
        uint32_t cp;
        int n = utf8_decode(p + i, len - i, &cp);
        if (n < 0)
            break;
        i += (size_t)n;
    }
    return i;
}

/*
 * Walk s once, calling emit for each valid stretch and each bad subpart.
 * out may be NULL: the first pass only measures, so the copy is allocated
 * at its exact size instead of the 3x worst case.
 */
static size_t repair_pass(const unsigned char *p, size_t len, unsigned char *out,
                          size_t *replaced)
{
    size_t i = 0, written = 0, bad = 0;
    while (i < len) {
        size_t good = utf8_valid_prefix((const char *)p + i, len - i);
        if (out)
            memcpy(out + written, p + i, good);
        written += good;
        i += good;
        if (i == len)
            break;
        uint32_t unused;
        int n = utf8_decode(p + i, len - i, &unused);
        i += (size_t)-n;
        if (out)
            memcpy(out + written, replacement, sizeof replacement);
        written += sizeof replacement;
        bad++;
    }
    if (replaced)
        *replaced = bad;
    return written;
}

char *utf8_repair(const char *s, size_t len, size_t *out_len, size_t *replaced)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t bad = 0;
    size_t size = repair_pass(p, len, NULL, &bad);
    unsigned char *out = malloc(size + 1);
    if (!out)
        return NULL;
    repair_pass(p, len, out, NULL);
    out[size] = '\0';
    if (out_len)
        *out_len = size;
    if (replaced)
        *replaced = bad;
    return (char *)out;
}
