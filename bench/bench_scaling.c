/* bench_scaling.c: time per MB of hostile inputs at 1 MB and 10 MB through segment_text and load_bytes. */
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "loader.h"
#include "parley.h"
#include "segment.h"

/*
 * bench_scaling                 every shape at 1 MB and 10 MB, both functions
 * bench_scaling SHAPE BYTES     one shape at one size (for its peak RSS)
 *
 * The 1 MB side is ten separate 1 MB inputs, so both sides go through the
 * same 10 MB from memory. Linear code takes the same time on both (ratio
 * ~1); a quadratic step makes the one big input ten times slower. Each measurement
 * runs in a child process with a CPU-time limit, so a blow-up is reported
 * as "over N s" instead of running for hours; the best of three runs is
 * kept, since noise only ever adds time, and the time is the child's CPU
 * time, so other work on the machine does not count. Nothing here is
 * asserted: the numbers go to the table.
 */

#define LIMIT_SECONDS 20
#define TRIES 3

typedef struct {
    const char *name;
    const char *head;   /* once at the start */
    const char *unit;   /* repeated up to the size */
} shape;

static const shape shapes[] = {
    {"whitespace only", "", " \t\n  \n\n\t "},
    {"one line, no newline", "",
     "Negotiators met in Brussels on Friday, the U.S. envoy said (3.5 pct up). "},
    {"combining marks on one base", "a", "\xCC\x81"},                       /* U+0301, in order */
    {"marks of two classes on one base", "a", "\xCC\x81\xCC\x96"},          /* 230 then 220: out of order */
    {"mixed scripts", "",
     "Paris \xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 \xD4\xB5\xD6\x80\xD6\x87\xD5\xA1\xD5\xB6 "
     "\xD8\xA8\xD8\xA7\xD9\x83\xD9\x88 \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xE5\x8C\x97\xE4\xBA\xAC\xE3\x80\x82 "
     "\xE0\xA4\xA6\xE0\xA4\xBF\xE0\xA4\xB2\xE0\xA5\x8D\xE0\xA4\xB2\xE0\xA5\x80 \xE0\xB9\x84\xE0\xB8\x97\xE0\xB8\xA2 "
     "\xF0\x9F\x98\x80. "},
    {"bidi controls", "",
     "\xE2\x80\xAB\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D\xE2\x80\xAC \xE2\x80\x8F(1)\xE2\x80\x8E "
     "\xE2\x81\xA6" "abc\xE2\x81\xA9 \xE2\x80\xAE.x\xE2\x80\xAC "},
    {"zero-width joiners", "",
     "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7 a\xE2\x80\x8D" "b\xE2\x80\x8D\xE2\x80\x8D "},
};

#define NSHAPES (sizeof shapes / sizeof *shapes)

/* size bytes of the shape at s: head, then whole copies of unit, padded with spaces (valid UTF-8). */
static void fill(char *s, const shape *sh, size_t size)
{
    size_t h = strlen(sh->head), u = strlen(sh->unit), n;
    memcpy(s, sh->head, h);
    for (n = h; n + u <= size; n += u)
        memcpy(s + n, sh->unit, u);
    memset(s + n, ' ', size - n);
}

enum { FN_SEGMENT, FN_LOAD };
static const char *const fn_names[] = {"segment_text", "load_bytes"};

static seg_rules *rules;

/*
 * CPU seconds for fn over count inputs of size bytes each, back to back at
 * s; -1 on failure. *tokens gets the token count of segment_text.
 */
static double time_calls(int fn, const char *s, size_t size, int count, double *tokens)
{
    double t0 = bench_cpu_now();
    for (int i = 0; i < count; i++) {
        const char *p = s + (size_t)i * size;
        if (fn == FN_SEGMENT) {
            seg_result r;
            if (segment_text(rules, p, size, &r) != 0)
                return -1;
            *tokens = (double)r.ntokens;
            seg_result_free(&r);
        } else {
            load_result r;
            if (load_bytes(p, size, 0, &r) != PARLEY_OK)
                return -1;
            load_result_free(&r);
        }
    }
    return bench_cpu_now() - t0;
}

/*
 * fn over count separate inputs of size bytes (the same total bytes as one
 * big input, so both come from memory, not from a warm cache), best of
 * TRIES, in a child stopped after LIMIT_SECONDS of CPU: returns
 * seconds, -2 when the limit stopped it, -1 on other failures.
 * *rss_kb gets the child's peak RSS, *tokens (may be NULL) the tokens found.
 */
static double measure(int fn, const shape *sh, size_t size, int count, long *rss_kb, double *tokens)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        struct rlimit cpu = {LIMIT_SECONDS, LIMIT_SECONDS + 1};
        setrlimit(RLIMIT_CPU, &cpu);   /* SIGXCPU at the limit */
        /* A fixed mmap threshold: every large buffer is fresh pages, for the
         * 1 MB inputs as for the 10 MB one, instead of glibc reusing the heap
         * for the small ones only. */
        mallopt(M_MMAP_THRESHOLD, 128 << 10);
        char *s = malloc(size * (size_t)count + 1);
        double best = -1, ntok = 0;
        for (int i = 0; s && i < count; i++)
            fill(s + (size_t)i * size, sh, size);
        for (int k = 0; s && k < TRIES; k++) {
            double t = time_calls(fn, s, size, count, &ntok);
            if (t >= 0 && (best < 0 || t < best))
                best = t;
            if (t > LIMIT_SECONDS / (TRIES + 1))
                break;   /* slow enough that one try says it */
        }
        double out[3] = {best, (double)bench_peak_rss_kb(), ntok};
        ssize_t w = write(fds[1], out, sizeof out);
        _exit(w == sizeof out ? 0 : 1);
    }
    close(fds[1]);
    double in[3] = {-1, 0, 0};
    ssize_t got = read(fds[0], in, sizeof in);
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU)
        return -2;
    *rss_kb = (long)in[1];
    if (tokens)
        *tokens = in[2];
    return got == sizeof in ? in[0] : -1;
}

static void format_time(char *out, size_t size, double secs)
{
    if (secs == -2)
        snprintf(out, size, "over%d", LIMIT_SECONDS);
    else if (secs < 0)
        snprintf(out, size, "failed");
    else
        snprintf(out, size, "%.4f", secs);
}

/*
 * One shape through one function: ten inputs of 1 MB against one of 10 MB
 * (ratio = big / small time: 1 is linear, 10 is quadratic). When even the
 * 1 MB inputs run out of time, the same comparison at 8 KB and 80 KB shows
 * how it grows.
 */
static void scale(const shape *sh, int fn)
{
    static const size_t sizes[][2] = {{1u << 20, 10u << 20}, {8u << 10, 80u << 10}};
    double t_small = -1, t_big = -1;
    long rss_small = 0, rss_big = 0;
    size_t k = 0;
    for (; k < 2; k++) {
        t_small = measure(fn, sh, sizes[k][0], 10, &rss_small, NULL);
        if (t_small != -2)
            break;
    }
    if (k == 2)
        k = 1;
    t_big = measure(fn, sh, sizes[k][1], 1, &rss_big, NULL);
    char a[32], b[32], extra[512], stage[64];
    format_time(a, sizeof a, t_small);
    format_time(b, sizeof b, t_big);
    double ratio = t_small > 0 && t_big >= 0 ? t_big / t_small : -1;
    if (t_big == -2 && t_small > 0)   /* a lower bound: it ran out of time */
        ratio = LIMIT_SECONDS / t_small;
    double mb = (double)sizes[k][1] / (1 << 20);
    snprintf(extra, sizeof extra,
             "small_kb=%zu big_kb=%zu secs_10x_small=%s secs_big=%s ms_per_mb_small=%.2f "
             "ms_per_mb_big=%.2f ratio=%s%.2f rss_kb_big=%ld",
             sizes[k][0] >> 10, sizes[k][1] >> 10, a, b, t_small > 0 ? t_small * 1e3 / mb : -1,
             t_big > 0 ? t_big * 1e3 / mb : -1, t_big == -2 ? ">=" : "", ratio, rss_big);
    snprintf(stage, sizeof stage, "scaling %s", fn_names[fn]);
    printf("RESULT\t%s\t%s\t%s\t%zu\t1\t%.6f\t%.6f\t%ld\t%s\n", stage, sh->name, fn_names[fn],
           sizes[k][1], t_big, t_big, rss_big, extra);
    fflush(stdout);
}

/* One shape at one size, both functions, with the memory it took. */
static int one(const char *name, size_t size)
{
    for (size_t k = 0; k < NSHAPES; k++) {
        if (strcmp(shapes[k].name, name) != 0)
            continue;
        for (int fn = 0; fn < 2; fn++) {
            long rss = 0;
            double tokens = 0;
            double t = measure(fn, &shapes[k], size, 1, &rss, &tokens);
            char secs[32], stage[64], label[128];
            format_time(secs, sizeof secs, t);
            snprintf(stage, sizeof stage, "single %s", fn_names[fn]);
            snprintf(label, sizeof label, "%s, %.1f MB", name, (double)size / 1e6);
            /* beyond the input itself (held by the caller): the result's share */
            double beyond = (double)rss * 1024 - (double)size;
            printf("RESULT\t%s\t%s\t%s\t%zu\t1\t%.6f\t%.6f\t%ld\tsecs=%s tokens=%.0f "
                   "rss_per_input_byte=%.2f rss_beyond_input_per_token=%.1f\n",
                   stage, label, fn_names[fn], size, t, t, rss, secs, tokens,
                   (double)rss * 1024 / (double)size, tokens > 0 ? beyond / tokens : 0);
            fflush(stdout);
        }
        return 0;
    }
    fprintf(stderr, "bench_scaling: no shape named '%s'\n", name);
    return 2;
}

int main(int argc, char **argv)
{
    rules = seg_rules_new();
    if (!rules || bench_load_abbreviations(rules) < 0) {
        fprintf(stderr, "bench_scaling: cannot read the abbreviation lists in data/abbrev/\n");
        return 1;
    }
    int rc = 0;
    if (argc == 3) {
        rc = one(argv[1], (size_t)strtoull(argv[2], NULL, 10));
    } else if (argc == 1) {
        for (size_t k = 0; k < NSHAPES; k++)
            for (int fn = 0; fn < 2; fn++)
                scale(&shapes[k], fn);
    } else {
        bench_usage("bench_scaling [SHAPE BYTES]");
    }
    seg_rules_free(rules);
    return rc;
}
