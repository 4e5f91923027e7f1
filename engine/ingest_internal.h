/* ingest_internal.h: what ingest.c shares with ingest_jobs.c, the threaded front of the same pipeline. */
#ifndef PARLEY_INGEST_INTERNAL_H
#define PARLEY_INGEST_INTERNAL_H

#include <stdio.h>

#include <time.h>

#include "ingest.h"

/* The inputs, in the order they are stored: directories walked in name order. */
typedef struct {
    char **paths;
    size_t *sizes;
    size_t len, cap;
    size_t total_bytes;
} input_list;

typedef struct {
    struct timespec start;
    size_t files_total, bytes_total, files_done, bytes_done;
} progress;

/* One ingest: the store it writes, its options and counts, and where the first error goes. */
typedef struct {
    lua_State *L;
    parley_store *store;
    const ingest_opts *opts;
    ingest_stats *stats;
    size_t chunk_docs, chunk_bytes;
    char *err;
    size_t errsize;
} ingest_ctx;

/* Store a prepared document (the caller still frees it); 0, or -1 with ctx->err set. */
int ingest_store_prepared(ingest_ctx *ctx, const char *origin, prepared_doc *doc);

/* The input in ctx->err is bad: -1 (stop), or 0 after reporting it under --skip-bad. */
int ingest_refuse(ingest_ctx *ctx);

/* Under --skip-bad, commit when the chunk is full; 0, or -1 with ctx->err set. */
int ingest_commit_chunk(ingest_ctx *ctx);

void ingest_progress_draw(const progress *p, int final);

/*
 * ingest_jobs.c: ingest the list with opts->jobs threads preparing
 * documents and this thread storing them in input order, so the corpus
 * (ids included) is the one a single thread makes. 0, or -1 with ctx->err.
 */
int ingest_list_jobs(ingest_ctx *ctx, const input_list *list, progress *p, int show);

/*
 * JSON Lines are read a block of whole lines at a time, so a stream of any
 * size (stdin from another program) is never held whole. jsonl_open opens
 * PATH ("-": stdin) or sets errno; jsonl_read_block reads about 16 MB of
 * whole lines into the buffer *data of *cap bytes (NULL and 0 at first;
 * reused and grown from block to block; NUL-terminated; the caller frees it
 * at the end) and says how many lines that was: 1 with a block, 0 at the
 * end, -1 (errno) on a read error. jsonl_close closes what jsonl_open opened.
 */
FILE *jsonl_open(const char *path);

/*
 * One JSON Lines input (PATH, "-": stdin) a block at a time: block is called
 * with each block's lines and the number of its first line; a read error
 * refuses what is left of the input. Returns 0, or -1 with ctx's error set.
 */
typedef int jsonl_block_fn(ingest_ctx *ctx, void *ud, const char *origin, const char *data, size_t len,
                           size_t first_lineno);
int ingest_jsonl_input(ingest_ctx *ctx, const char *path, jsonl_block_fn *block, void *ud);
int jsonl_read_block(FILE *f, char **data, size_t *cap, size_t *len, size_t *lines);
void jsonl_close(FILE *f);

#endif
