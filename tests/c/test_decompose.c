/* test_decompose.c: decompose_ordered gives utf8proc_decompose's code points, long runs of marks included. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "check.h"
#include "decompose.h"

/*
 * utf8proc_decompose is the oracle: it orders marks by swapping neighbours,
 * quadratic but right, so it is fine on the runs of a few hundred marks made
 * here. The pieces cover both of decompose_ordered's sorts (runs up to 32
 * marks by insertion, longer ones by counting), starters in between, marks
 * that precomposed letters bring (é, ǻ: a letter, ring and acute), Hangul,
 * compatibility forms and a default ignorable.
 */
static const char *const pieces[] = {
    "a", "e", " ", "\xCC\x81", "\xCC\x96", "\xCC\xA3", "\xCD\x85", "\xD6\xB0", "\xD9\x8B",
    "\xE0\xA4\xBC", "\xC3\xA9", "\xC7\xBB", "\xEA\xB0\x80", "\xEF\xAC\x81", "\xE2\x80\x8B", "\xE1\xBA\xA0",
};
#define NPIECES (sizeof pieces / sizeof *pieces)

/* A string of n random pieces into buf (NUL-terminated), marks_pct of them marks; its length. */
static size_t random_text(char *buf, size_t cap, size_t n, unsigned marks_pct, unsigned *seed)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        *seed = *seed * 1103515245u + 12345u;
        unsigned r = (*seed >> 16) % 100;
        const char *p = r < marks_pct ? pieces[3 + r % 7] : pieces[r % NPIECES];
        size_t k = strlen(p);
        if (len + k + 1 > cap)
            break;
        memcpy(buf + len, p, k);
        len += k;
    }
    buf[len] = '\0';
    return len;
}

/* Both decompositions of s with options agree, code point for code point. */
static int same_as_utf8proc(const char *s, size_t len, utf8proc_option_t options)
{
    int32_t *mine = NULL;
    size_t cap = 0;
    utf8proc_ssize_t n = decompose_ordered((const uint8_t *)s, len, options, &mine, &cap);
    utf8proc_ssize_t want = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, NULL, 0, options);
    int32_t *theirs = malloc((size_t)(want > 0 ? want : 1) * sizeof *theirs);
    int same = theirs && n == want && cap > (size_t)n &&
               utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, theirs, want, options) == want &&
               (n == 0 || memcmp(mine, theirs, (size_t)n * sizeof *mine) == 0);
    free(mine);
    free(theirs);
    return same;
}

int main(void)
{
    static const utf8proc_option_t forms[] = {
        UTF8PROC_STABLE | UTF8PROC_COMPOSE,
        UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT,
        UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE,
    };
    static char buf[4096];
    unsigned seed = 7;
    int agree = 1, long_runs = 0;
    for (int round = 0; round < 400; round++) {
        /* every fourth text a letter and 300 marks: one run, sorted by counting */
        int long_run = round % 4 == 0;
        size_t len = long_run ? (buf[0] = 'a', 1) : 0;
        len += random_text(buf + len, sizeof buf - len, long_run ? 300 : (size_t)(round % 40), long_run ? 100 : 70,
                           &seed);
        long_runs += long_run;
        for (size_t f = 0; f < sizeof forms / sizeof *forms; f++)
            if (!same_as_utf8proc(buf, len, forms[f]))
                agree = 0;
    }
    check(agree, "decompose_ordered differs from utf8proc_decompose on a random text");
    check(long_runs == 100, "runs long enough for the counting sort: %d texts of a letter and 300 marks", long_runs);

    /* The hostile shape, small enough for the oracle: a letter, then 2,000 marks of two classes. */
    size_t len = 0;
    buf[len++] = 'a';
    for (int i = 0; i < 1000 && len + 5 < sizeof buf; i++) {
        memcpy(buf + len, "\xCC\x81\xCC\x96", 4);
        len += 4;
    }
    check(same_as_utf8proc(buf, len, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE), "a letter and 1,000 pairs of marks");

    int32_t *cps = NULL;
    size_t cap = 0;
    check(decompose_ordered((const uint8_t *)"", 0, UTF8PROC_COMPOSE, &cps, &cap) == 0, "empty text");
    check(decompose_ordered((const uint8_t *)"a\xC3(", 3, UTF8PROC_COMPOSE, &cps, &cap) == UTF8PROC_ERROR_INVALIDUTF8,
          "invalid UTF-8 is refused as utf8proc refuses it");
    free(cps);
    return check_report("decompose");
}
