/* bench.h: what every benchmark program shares: clocks, peak memory, corpora, result lines. */
#ifndef PARLEY_BENCH_H
#define PARLEY_BENCH_H

#include <stddef.h>

#include "loader.h"

/*
 * Benchmarks are not tests: they assert nothing about time. Each program
 * measures one stage with one implementation per process, so the peak RSS
 * it reports belongs to that stage alone, and prints one RESULT line that
 * bench/run.sh turns into the table:
 *
 *   RESULT <stage> <corpus> <impl> <bytes> <docs> <seconds> <cpu_seconds> <peak_rss_kb> <key=value ...>
 *
 * fields separated by tabs; bytes and docs are what the timed part went
 * through, all repetitions included; seconds are wall-clock, cpu_seconds
 * the process's user + system time over the same part (on a busy machine
 * the two differ, and the CPU time is the steadier of the two).
 */

/* Wall-clock seconds from an arbitrary origin (CLOCK_MONOTONIC). */
double bench_now(void);

/* CPU seconds (user + system) this process has used. */
double bench_cpu_now(void);

/* Peak resident set of this process so far, in KiB (VmHWM, else ru_maxrss). */
long bench_peak_rss_kb(void);

/*
 * A corpus: the documents of a directory (its *.txt files, recursively, in
 * name order, read from disk on every pass) and of JSON Lines files (their
 * "text" fields, held in memory: those corpora are small). path may name a
 * directory, one .txt file or one .jsonl file.
 */
typedef struct {
    char **paths;            /* malloc'd; paths[i] for a file document, NULL for a JSONL one */
    char **texts;            /* malloc'd; texts[i] for a JSONL document */
    size_t *lens;            /* byte length of each document */
    size_t ndocs, cap;
    size_t bytes;            /* bytes of one pass over every document */
    char label[64];          /* short name for the table: $BENCH_LABEL, else the directory under
                                ".../corpora/", else the last path component */
} bench_corpus;

/* Fill c from path; 0, or -1 with a message on stderr. */
int bench_corpus_open(bench_corpus *c, const char *path);
void bench_corpus_free(bench_corpus *c);

/*
 * Document i as a plain C program would get it: open + fstat + read into a
 * malloc'd buffer with one spare byte (for load_bytes_owned), or a copy of
 * the JSONL text. *buf is the caller's. 0, or -1 with errno.
 */
int bench_corpus_read(const bench_corpus *c, size_t i, char **buf, size_t *len);

/* Document i read and loaded (load_bytes_owned): 1 with *r the caller's, 0 when the loader refused it, -1 on a read error. */
int bench_corpus_load(const bench_corpus *c, size_t i, load_result *r);

/*
 * Make a repeated copy of a document distinct from the original (parley
 * keeps one copy of identical texts): for rep > 0, append "\n[copy REP]\n".
 * *buf must be malloc'd; it may move. 0, or -1 on ENOMEM.
 */
int bench_make_unique(char **buf, size_t *len, unsigned rep);

/* "<name>" for one pass, "<name>x<repeat>" otherwise, into out. */
void bench_corpus_name(const bench_corpus *c, unsigned repeat, char *out, size_t size);

/* Print the RESULT line (extra: "key=value key=value", may be NULL or ""). */
void bench_result(const char *stage, const char *corpus, const char *impl, double bytes,
                  size_t docs, double seconds, double cpu_seconds, const char *extra);

/* The corpora directory: $PARLEY_CORPORA, else ../shared/corpora next to the source tree. */
const char *bench_corpora_dir(void);

/* The abbreviation lists of data/abbrev/ added to rules, as stdlib/parley/abbrev.lua reads them; -1 on error. */
struct seg_rules;
int bench_load_abbreviations(struct seg_rules *rules);

/* Exit with status 2 and a usage line on stderr. */
void bench_usage(const char *usage) __attribute__((noreturn));

#endif
