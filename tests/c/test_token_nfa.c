/* test_token_nfa.c: token patterns with ?, * and +, run over letters standing for tokens. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "parley.h"
#include "token_nfa.h"

/*
 * A pattern here is written like "a b+ c?": each spec tests that a token
 * (a letter of the subject) equals its letter, "." passes any token. The
 * expected matches were worked out by hand.
 */

typedef struct {
    char letters[NFA_MAX_SPECS];
    const char *subject;
    char out[1024];
    int tests;                /* calls of the test function */
    int fail_at;              /* token at which test returns an error, or -1 */
} fixture;

static int test_letter(void *ctx, uint32_t spec, uint32_t token)
{
    fixture *f = ctx;
    f->tests++;
    if ((int)token == f->fail_at)
        return -42;
    return f->letters[spec] == '.' || f->letters[spec] == f->subject[token];
}

static int emit_range(void *ctx, uint32_t first, uint32_t last)
{
    fixture *f = ctx;
    size_t n = strlen(f->out);
    snprintf(f->out + n, sizeof f->out - n, "%s%u-%u", n ? " " : "", first, last);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The matches in sorted order, so tests do not depend on the order of emission. */
static void sort_out(char *out)
{
    char *parts[256], copy[1024];
    int n = 0;
    snprintf(copy, sizeof copy, "%s", out);
    for (char *p = strtok(copy, " "); p && n < 256; p = strtok(NULL, " "))
        parts[n++] = p;
    qsort(parts, (size_t)n, sizeof *parts, cmp_str);
    out[0] = '\0';
    for (int i = 0; i < n; i++)
        snprintf(out + strlen(out), 1024 - strlen(out), "%s%s", i ? " " : "", parts[i]);
}

static int compile(const char *pattern, fixture *f, nfa_prog *p)
{
    uint8_t ops[NFA_MAX_SPECS];
    uint32_t n = 0;
    for (const char *c = pattern; *c; c++) {
        if (*c == ' ')
            continue;
        if (n == NFA_MAX_SPECS)
            return -1;
        f->letters[n] = *c;
        ops[n] = c[1] == '?' ? NFA_OPT : c[1] == '*' ? NFA_STAR : c[1] == '+' ? NFA_PLUS : NFA_ONE;
        c += ops[n] != NFA_ONE;
        n++;
    }
    return nfa_compile(ops, n, p);
}

static const char *run(const char *pattern, const char *subject, int longest, fixture *f)
{
    nfa_prog p;
    nfa_scratch s = {0};
    memset(f, 0, sizeof *f);
    f->subject = subject;
    f->fail_at = -1;
    check(compile(pattern, f, &p) == 0, "compile %s", pattern);
    check(nfa_run(&p, 0, (uint32_t)strlen(subject), longest, test_letter, emit_range, f, &s) == 0, "run %s", pattern);
    nfa_scratch_free(&s);
    sort_out(f->out);
    return f->out;
}

#define EXPECT(pattern, subject, longest, want)                                              \
    do {                                                                                     \
        fixture f_;                                                                          \
        const char *got_ = run(pattern, subject, longest, &f_);                              \
        check(strcmp(got_, want) == 0, "%s on %s: got \"%s\", want \"%s\"", pattern, subject, got_, want); \
    } while (0)

static void test_quantifiers(void)
{
    EXPECT("a b", "xabab", 0, "1-3 3-5");
    EXPECT("a b?", "ab a", 0, "0-1 0-2 3-4");
    EXPECT("a b?", "ab a", 1, "0-2 3-4");
    EXPECT("a b*", "abbb", 1, "0-4");
    EXPECT("a b*", "abb", 0, "0-1 0-2 0-3");
    EXPECT("a b+", "a ab abb", 1, "2-4 5-8");
    EXPECT("a b+ c", "abbc abc ac", 0, "0-4 5-8");
    EXPECT("b+", "bbb", 0, "0-1 0-2 0-3 1-2 1-3 2-3");
    EXPECT("b+", "bbb", 1, "0-3 1-3 2-3");
    EXPECT("a? b", "ab b", 1, "0-2 1-2 3-4");
    EXPECT("a?", "xyz", 0, "");            /* empty matches are never reported */
    EXPECT("a* b*", "ab", 1, "0-2 1-2");
    EXPECT(". b", "abcb", 0, "0-2 2-4");
    EXPECT("a b c", "", 0, "");
}

/* Each token is tested against each spec once, however many starts are alive. */
static void test_memo(void)
{
    fixture f;
    run(".+ z", "aaaaaaaaaaaaaaaaaaaaz", 1, &f);
    check(strcmp(f.out, "0-21 1-21 10-21 11-21 12-21 13-21 14-21 15-21 16-21 17-21 18-21 19-21 2-21 3-21 4-21 5-21 "
                        "6-21 7-21 8-21 9-21") == 0, "every start reaches z: %s", f.out);
    check(f.tests <= 2 * 21, "at most two specs tested per token: %d tests", f.tests);
}

static void test_errors(void)
{
    nfa_prog p;
    uint8_t ops[NFA_MAX_SPECS + 1] = {0};
    check(nfa_compile(ops, 0, &p) == -1, "an empty pattern");
    check(nfa_compile(ops, NFA_MAX_SPECS + 1, &p) == -1, "too many specs");
    check(nfa_compile(ops, NFA_MAX_SPECS, &p) == 0, "the most specs");
    fixture f;
    memset(&f, 0, sizeof f);
    f.subject = "aaaa";
    f.fail_at = 2;
    compile("a+", &f, &p);
    nfa_scratch s = {0};
    check(nfa_run(&p, 0, 4, 1, test_letter, emit_range, &f, &s) == -42, "the test's error stops the run");
    nfa_scratch_free(&s);
    uint64_t st = p.start;
    check(nfa_waiting(&p, st) == 1 && !nfa_accepts(&p, st), "before a token: spec 0 waits");
    st = nfa_step(&p, st, 1);
    check(nfa_accepts(&p, st) && nfa_waiting(&p, st) == 1, "after one a: accepted, and a+ waits for more");
    check(nfa_step(&p, st, 0) == 0, "a failed test ends the run");
}

int main(void)
{
    test_quantifiers();
    test_memo();
    test_errors();
    return check_report("token_nfa");
}
