/* test_uax29.c: UAX #29 word and sentence boundaries: hand cases, hostile bytes, linear time. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "uax29.h"

typedef size_t (*next_break_fn)(const char *, size_t, size_t);

/* The segments of s joined by '|' ("Hello|,| |world"), in a static buffer. */
static const char *joined(next_break_fn next, const char *s)
{
    static char out[1024];
    size_t len = strlen(s), o = 0;
    for (size_t i = 0, j; i < len; i = j) {
        j = next(s, len, i);
        if (j <= i || j > len || o + (j - i) + 2 > sizeof out)
            return "(bad boundary)";
        if (i > 0)
            out[o++] = '|';
        memcpy(out + o, s + i, j - i);
        o += j - i;
    }
    out[o] = '\0';
    return out;
}

#define check_words(s, want)                                                           \
    check(strcmp(joined(uax29_next_word_break, s), want) == 0, "words: got \"%s\"",   \
          joined(uax29_next_word_break, s))
#define check_sentences(s, want)                                                           \
    check(strcmp(joined(uax29_next_sentence_break, s), want) == 0, "sentences: got \"%s\"", \
          joined(uax29_next_sentence_break, s))

/* Test strings spelled out once. */
#define FLAG_UA "\xF0\x9F\x87\xBA\xF0\x9F\x87\xA6"           /* U+1F1FA U+1F1E6 */
#define FLAG_AM "\xF0\x9F\x87\xA6\xF0\x9F\x87\xB2"           /* U+1F1E6 U+1F1F2 */
#define RI_A "\xF0\x9F\x87\xA6"                              /* U+1F1E6 */
#define ZWJ "\xE2\x80\x8D"
#define WOMAN "\xF0\x9F\x91\xA9"
#define GIRL "\xF0\x9F\x91\xA7"
#define HY_HAYASTANI "\xD5\x80\xD5\xA1\xD5\xB5\xD5\xA1\xD5\xBD\xD5\xBF\xD5\xA1\xD5\xB6\xD5\xAB"
#define HY_BAREV "\xD4\xB2\xD5\xA1\xD6\x80\xD5\xA5\xD6\x82"  /* Բարեւ */
#define HY_INCHPES "\xD4\xBB\xD5\xB6\xD5\xB9\xD5\xBA\xD5\xA5\xD5\x9E\xD5\xBD"   /* Ինչպե՞ս */
#define HY_ES "\xD5\xA5\xD5\xBD"                             /* ես */
#define HY_STOP "\xD6\x89"                                   /* U+0589 ARMENIAN FULL STOP */
#define LDQUO "\xE2\x80\x9C"
#define RDQUO "\xE2\x80\x9D"

static void test_words(void)
{
    check_words("Hello, world.", "Hello|,| |world|.");
    /* WB6/7 with ' and with U+2019 */
    check_words("can't won\xE2\x80\x99t", "can't| |won\xE2\x80\x99t");
    check_words("3.14 1,000,000", "3.14| |1,000,000");                     /* WB11/12 */
    check_words("U.S. e.g.", "U.S|.| |e.g|.");                 /* WB6 wants a letter after */
    check_words("a  b", "a|  |b");                                         /* WB3d */
    check_words("x\r\ny", "x|\r\n|y");                                     /* WB3, WB3a/b */
    check_words("COVID-19 A4_b", "COVID|-|19| |A4_b");                     /* WB9, WB13a/b */
    check_words(HY_HAYASTANI, HY_HAYASTANI);
    check_words(HY_INCHPES " " HY_ES, HY_INCHPES "| |" HY_ES);   /* U+055E is an ALetter */
    check_words(FLAG_UA FLAG_AM RI_A, FLAG_UA "|" FLAG_AM "|" RI_A);     /* WB15/16 pairs */
    check_words(WOMAN ZWJ WOMAN ZWJ GIRL " e\xCC\x81",                   /* WB3c; WB4 */
                WOMAN ZWJ WOMAN ZWJ GIRL "| |e\xCC\x81");
    check_words("", "");
}

static void test_sentences(void)
{
    check_sentences("Hello. World.", "Hello. |World.");
    check_sentences("Is it? Yes!  No.", "Is it? |Yes!  |No.");
    check_sentences("etc. and more.", "etc. and more.");                /* SB8: lowercase ahead */
    check_sentences("It rose 3.5 percent.", "It rose 3.5 percent.");    /* SB6 */
    check_sentences("He said " LDQUO "Stop." RDQUO " Then left.",     /* SB9-SB11 */
                    "He said " LDQUO "Stop." RDQUO " |Then left.");
    check_sentences("U.S. Army", "U.S. |Army");    /* the default rules know no abbreviations */
    check_sentences("one\n\ntwo", "one\n|\n|two");                      /* SB4 */
    check_sentences("a.\r\nb", "a.\r\n|b");                             /* SB3, SB10 */
    check_sentences(HY_BAREV HY_STOP " " HY_INCHPES " " HY_ES HY_STOP,   /* U+0589 is an STerm */
                    HY_BAREV HY_STOP " |" HY_INCHPES " " HY_ES HY_STOP);
    check_sentences("", "");
}

static void test_properties(void)
{
    check(uax29_word_break_property('a') == UAX29_WB_ALETTER, "a");
    check(uax29_word_break_property(0x05D0) == UAX29_WB_HEBREW_LETTER, "alef");
    check(uax29_word_break_property(0x30A2) == UAX29_WB_KATAKANA, "katakana a");
    check(uax29_word_break_property(0x1F1E6) == UAX29_WB_REGIONAL_INDICATOR, "RI A");
    check(uax29_word_break_property(0x200D) == UAX29_WB_ZWJ, "ZWJ");
    check(uax29_word_break_property(0x1F600) == UAX29_WB_OTHER, "grinning face is Other...");
    check(uax29_is_extended_pictographic(0x1F600), "...and pictographic");
    check(uax29_is_extended_pictographic(0xA9), "copyright sign");
    check(!uax29_is_extended_pictographic('a'), "a");
    check(uax29_sentence_break_property('.') == UAX29_SB_ATERM, ".");
    check(uax29_sentence_break_property(0x0589) == UAX29_SB_STERM, "Armenian full stop");
    check(uax29_sentence_break_property(0x201D) == UAX29_SB_CLOSE, "right double quote");
    check(uax29_sentence_break_property(0x0561) == UAX29_SB_LOWER, "Armenian ayb");
    check(uax29_word_break_property(-1) == UAX29_WB_OTHER, "negative");
    check(uax29_sentence_break_property(0x110000) == UAX29_SB_OTHER, "past U+10FFFF");
    check(!uax29_is_extended_pictographic(0x7FFFFFFF), "far out of range");
}

/* Invalid bytes count as U+FFFD: never a read past len, always progress. */
static void test_hostile(void)
{
    static const char *const inputs[] = {
        "\xFF\xFE" "a", "a\xE2\x82", "\xC0\xAF.", "\xED\xA0\x80 x", "\xF4\x90\x80\x80", "\x80\x80",
    };
    for (size_t k = 0; k < sizeof inputs / sizeof *inputs; k++) {
        size_t len = strlen(inputs[k]);
        char *copy = malloc(len);   /* exact size: ASan sees any read past the end */
        memcpy(copy, inputs[k], len);
        next_break_fn fns[] = {uax29_next_word_break, uax29_next_sentence_break};
        for (int f = 0; f < 2; f++) {
            size_t i = 0, steps = 0;
            while (i < len && steps++ <= len) {
                size_t j = fns[f](copy, len, i);
                check(j > i && j <= len, "input %zu: boundary %zu after %zu", k, j, i);
                i = j > i ? j : len;
            }
        }
        free(copy);
    }
    check(uax29_next_word_break("ab", 2, 2) == 2, "at the end");
    check(uax29_next_sentence_break("ab", 2, 7) == 2, "past the end");
}

/* ---- linear time ---- */

/* Fill dst with head once, then unit repeated, n bytes at most; returns the length. */
static size_t repeat_into(char *dst, const char *head, const char *unit, size_t n)
{
    size_t h = strlen(head), u = strlen(unit);
    size_t count = (n - h) / u;
    memcpy(dst, head, h);
    for (size_t i = 0; i < count; i++)
        memcpy(dst + h + i * u, unit, u);
    return h + count * u;
}

/* CPU time of this process: other jobs on a busy machine do not count. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Seconds for one full pass of next over s. */
static double time_pass(next_break_fn next, const char *s, size_t len)
{
    double start = cpu_now();
    size_t n = 0;
    for (size_t i = 0; i < len; i = next(s, len, i))
        n++;
    check(n > 0, "no segments");
    return cpu_now() - start;
}

/*
 * The small input is timed on SMALL_COPIES copies in turn, so that it comes
 * from memory as the big one does, not from a warm cache: otherwise a
 * memory-bound pass over the big input looks like a blow-up.
 */
#define SMALL_COPIES 5

typedef struct {
    char *small;           /* SMALL_COPIES inputs of small_len bytes, back to back */
    char *big;
    size_t small_len, big_len;
} sized_inputs;

/*
 * Big-to-small time ratio, best of up to six tries: noise only ever inflates
 * it, and on a loaded machine (ctest -j with the sanitizer build) three tries
 * once all met a burst; a quadratic rule stays far above the bound in every try.
 */
static double time_ratio(next_break_fn next, const sized_inputs *in)
{
    double best = 1e9;
    for (int attempt = 0; attempt < 6 && best >= 20; attempt++) {
        double small = 0;
        for (int k = 0; k < SMALL_COPIES; k++)
            small += time_pass(next, in->small + k * in->small_len, in->small_len);
        small /= SMALL_COPIES;
        double ratio = time_pass(next, in->big, in->big_len) / (small > 1e-5 ? small : 1e-5);
        best = ratio < best ? ratio : best;
    }
    return best;
}

/*
 * Hostile shapes for each look-ahead and context rule. A quadratic rule
 * makes the big input 100 times slower than the small one; linear code
 * 10 times. The bound 20 leaves room for noise without hiding a blow-up.
 */
typedef struct {
    const char *name, *head, *unit;
} shape;

static const shape shapes[] = {
    {"a.a.a. (SB8 ahead)", "", "a."},
    {"a. then digits (SB8 scan)", "a.", " 1"},
    {"a. then a Close run (SB8/SB9)", "a.", ")"},
    {"regional indicators (WB15/16)", "", "\xF0\x9F\x87\xA6"},
    {"marks on one base (WB4/SB5)", "a", "\xCC\x88"},
    {"ZWJ and soft hyphens (WB3c/WB4)", "", "\xE2\x80\x8D\xC2\xAD"},
    {"a: then marks (WB6 ahead)", "a:", "\xCC\x88"},
    {"1,1,1 (WB11/12)", "", "1,"},
};

/*
 * A quadratic rule would not fail the ratio check, it would run for hours:
 * a CPU-time alarm turns that into a prompt failure naming the shape.
 */
#define SHAPE_CPU_SECONDS 5

static volatile sig_atomic_t current_shape;

static void on_cpu_limit(int sig)
{
    static const char msg[] = "test_uax29: CPU time limit hit (quadratic?) on: ";
    const char *name = shapes[current_shape].name;
    ssize_t ignored = write(2, msg, sizeof msg - 1);
    ignored = write(2, name, strlen(name));
    ignored = write(2, "\n", 1);
    (void)ignored;
    (void)sig;
    _exit(1);
}

static void start_cpu_alarm(size_t which)
{
    struct itimerval limit = {{0, 0}, {SHAPE_CPU_SECONDS, 0}};
    current_shape = (sig_atomic_t)which;
    setitimer(ITIMER_PROF, &limit, NULL);
}

static void test_linear(void)
{
#if defined(__SANITIZE_ADDRESS__) || !defined(__OPTIMIZE__)
    const size_t small = 200000, big = 2000000;   /* instrumented builds run ~10x slower */
#else
    const size_t small = 2000000, big = 20000000;
#endif
    next_break_fn fns[] = {uax29_next_word_break, uax29_next_sentence_break};
    const char *names[] = {"words", "sentences"};
    sized_inputs in = {malloc(SMALL_COPIES * small), malloc(big), 0, 0};
    check(in.small && in.big, "out of memory");
    signal(SIGPROF, on_cpu_limit);
    for (size_t k = 0; in.small && in.big && k < sizeof shapes / sizeof *shapes; k++) {
        start_cpu_alarm(k);
        const shape *sh = &shapes[k];
        in.small_len = repeat_into(in.small, sh->head, sh->unit, small);
        for (int c = 1; c < SMALL_COPIES; c++)
            memcpy(in.small + c * in.small_len, in.small, in.small_len);
        in.big_len = repeat_into(in.big, sh->head, sh->unit, big);
        for (int f = 0; f < 2; f++) {
            double ratio = time_ratio(fns[f], &in);
            check(ratio < 20, "%s on %s: %zu then %zu bytes take x%.1f the time", names[f],
                  sh->name, in.small_len, in.big_len, ratio);
        }
    }
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_PROF, &off, NULL);
    free(in.small);
    free(in.big);
}

int main(void)
{
    test_words();
    test_sentences();
    test_properties();
    test_hostile();
    test_linear();
    return check_report("uax29");
}
