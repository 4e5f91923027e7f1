/* bench_load.c: the load stage (read + validate + newlines + NFC) against a plain read + UTF-8 check. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "ingest.h"
#include "loader.h"
#include "parley.h"

/*
 * bench_load parley|baseline CORPUS [REPEAT]
 *
 * parley:   read_whole_file + load_bytes_owned, the path `parley ingest`
 *           takes for every file (a JSONL document is copied, then loaded).
 * baseline: open/fstat/read into one buffer, then a UTF-8 validity check
 *           that skips ASCII eight bytes at a time. No newline or NFC work:
 *           that is what the loader adds, and what the ratio prices.
 * The corpus is streamed REPEAT times; nothing is kept between documents.
 */

/* ---- the baseline: a plain validator with an ASCII fast path ---- */

static size_t ascii_prefix(const unsigned char *p, size_t len)
{
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (w & 0x8080808080808080ull)
            break;
    }
    while (i < len && p[i] < 0x80)
        i++;
    return i;
}

/* Length of the well-formed sequence at p (Unicode Table 3-7), or 0. */
static int sequence_length(const unsigned char *p, size_t avail)
{
    unsigned c = p[0];
    int need = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
    if (need < 0 || (size_t)need >= avail)
        return 0;
    unsigned lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
    unsigned hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    if (p[1] < lo || p[1] > hi)
        return 0;
    for (int k = 2; k <= need; k++)
        if ((p[k] & 0xC0) != 0x80)
            return 0;
    return need + 1;
}

static int baseline_valid(const unsigned char *p, size_t len)
{
    size_t i = 0;
    while (i < len) {
        i += ascii_prefix(p + i, len - i);
        if (i == len)
            break;
        int n = sequence_length(p + i, len - i);
        if (n == 0)
            return 0;
        i += (size_t)n;
    }
    return 1;
}

/* ---- the two passes ---- */

typedef struct {
    double bytes;        /* input bytes */
    double out_bytes;    /* bytes after loading (parley) */
    size_t docs, ascii, changed, invalid;
} tally;

static int pass_baseline(const bench_corpus *c, tally *t)
{
    for (size_t i = 0; i < c->ndocs; i++) {
        char *buf;
        size_t len;
        if (bench_corpus_read(c, i, &buf, &len) < 0)
            return -1;
        t->invalid += !baseline_valid((const unsigned char *)buf, len);
        t->bytes += (double)len;
        t->out_bytes += (double)len;
        t->docs++;
        free(buf);
    }
    return 0;
}

static int pass_parley(const bench_corpus *c, tally *t)
{
    for (size_t i = 0; i < c->ndocs; i++) {
        char *buf;
        size_t len;
        int rc = c->paths[i] ? read_whole_file(c->paths[i], &buf, &len)
                             : bench_corpus_read(c, i, &buf, &len);
        if (rc < 0)
            return -1;
        load_result r;
        t->bytes += (double)len;
        t->docs++;
        if (load_bytes_owned(buf, len, 0, &r) != PARLEY_OK) {
            t->invalid++;
            continue;
        }
        t->out_bytes += (double)r.len;
        t->ascii += r.ascii != 0;
        t->changed += r.map != NULL;
        load_result_free(&r);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4)
        bench_usage("bench_load parley|baseline CORPUS [REPEAT]");
    int parley = strcmp(argv[1], "parley") == 0;
    if (!parley && strcmp(argv[1], "baseline") != 0)
        bench_usage("bench_load parley|baseline CORPUS [REPEAT]");
    unsigned repeat = argc > 3 ? (unsigned)atoi(argv[3]) : 1;
    bench_corpus c;
    if (bench_corpus_open(&c, argv[2]) < 0)
        return 1;
    tally t = {0};
    double t0 = bench_now(), c0 = bench_cpu_now();
    for (unsigned r = 0; r < (repeat ? repeat : 1); r++)
        if ((parley ? pass_parley : pass_baseline)(&c, &t) < 0) {
            perror("bench_load: read");
            return 1;
        }
    double secs = bench_now() - t0, cpu = bench_cpu_now() - c0;
    char name[96], extra[256];
    bench_corpus_name(&c, repeat, name, sizeof name);
    snprintf(extra, sizeof extra, "out_bytes=%.0f ascii_docs=%zu changed_docs=%zu invalid_docs=%zu",
             t.out_bytes, t.ascii, t.changed, t.invalid);
    bench_result("load", name, parley ? "parley" : "plain read+validate", t.bytes, t.docs, secs, cpu, extra);
    bench_corpus_free(&c);
    return 0;
}
