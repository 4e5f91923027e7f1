/* check.h: the tiny assertion helper of the C unit tests. */
#ifndef PARLEY_CHECK_H
#define PARLEY_CHECK_H

#include <stdio.h>

static int check_failures;
static int check_count;

/* Record one assertion; on failure print where and what, and carry on. */
#define check(cond, ...)                                                   \
    do {                                                                   \
        check_count++;                                                     \
        if (!(cond)) {                                                     \
            check_failures++;                                              \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                  \
            fputc('\n', stderr);                                           \
        }                                                                  \
    } while (0)

/* Print the summary line and give main its exit status. */
static inline int check_report(const char *suite)
{
    printf("%s: %d passed, %d failed\n", suite, check_count - check_failures, check_failures);
    return check_failures == 0 ? 0 : 1;
}

#endif
