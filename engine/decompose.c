/* decompose.c: utf8proc's decomposition with the canonical ordering done in linear time. */
#include "decompose.h"

#include <stdlib.h>
#include <string.h>

/* Runs of marks up to this long are sorted in place by insertion; news text has runs of one or two. */
#define SHORT_RUN 32

static int combining_class(int32_t cp)
{
    return utf8proc_get_property(cp)->combining_class;
}

/* Room for want entries in *buf. 0, or -1 when out of memory. */
static int reserve(int32_t **buf, size_t *cap, size_t want)
{
    if (want <= *cap)
        return 0;
    size_t grown = *cap ? *cap : 64;
    while (grown < want)
        grown *= 2;
    int32_t *more = realloc(*buf, grown * sizeof *more);
    if (!more)
        return -1;
    *buf = more;
    *cap = grown;
    return 0;
}

/* Sort a run of marks stably by combining class: by insertion when short, else by counting. */
static int order_run(int32_t *run, size_t n)
{
    if (n <= SHORT_RUN) {
        for (size_t i = 1; i < n; i++) {
            int32_t cp = run[i];
            int ccc = combining_class(cp);
            size_t j = i;
            for (; j > 0 && combining_class(run[j - 1]) > ccc; j--)
                run[j] = run[j - 1];
            run[j] = cp;
        }
        return 0;
    }
    size_t start[257] = {0};   /* classes 0..255: start[c + 1] counts class c, then prefix sums */
    int32_t *sorted = malloc(n * sizeof *sorted);
    if (!sorted)
        return -1;
    for (size_t i = 0; i < n; i++)
        start[combining_class(run[i]) + 1]++;
    for (int c = 1; c < 257; c++)
        start[c] += start[c - 1];
    for (size_t i = 0; i < n; i++)
        sorted[start[combining_class(run[i])]++] = run[i];
    memcpy(run, sorted, n * sizeof *run);
    free(sorted);
    return 0;
}

/* Each maximal run of code points with a non-zero combining class, in order. 0, or -1 when out of memory. */
static int order_marks(int32_t *cps, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (combining_class(cps[i]) == 0) {
            i++;
            continue;
        }
        size_t end = i + 1;
        while (end < n && combining_class(cps[end]) != 0)
            end++;
        if (end - i > 1 && order_run(cps + i, end - i) < 0)
            return -1;
        i = end;
    }
    return 0;
}

utf8proc_ssize_t decompose_ordered(const uint8_t *s, size_t len, utf8proc_option_t options, int32_t **buf,
                                   size_t *cap)
{
    size_t i = 0, n = 0;
    if (reserve(buf, cap, len + 1) < 0)
        return UTF8PROC_ERROR_NOMEM;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t step = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (step < 0)
            return step;
        i += (size_t)step;
        for (;;) {   /* a code point decomposes into a few; when they do not fit, grow and again */
            int boundclass = UTF8PROC_BOUNDCLASS_START;
            utf8proc_ssize_t k = utf8proc_decompose_char(cp, *buf + n, (utf8proc_ssize_t)(*cap - n - 1), options,
                                                         &boundclass);
            if (k < 0)
                return k;
            if (n + (size_t)k + 1 <= *cap) {
                n += (size_t)k;
                break;
            }
            if (reserve(buf, cap, n + (size_t)k + 1) < 0)
                return UTF8PROC_ERROR_NOMEM;
        }
    }
    if ((options & (UTF8PROC_COMPOSE | UTF8PROC_DECOMPOSE)) && order_marks(*buf, n) < 0)
        return UTF8PROC_ERROR_NOMEM;
    return (utf8proc_ssize_t)n;
}
