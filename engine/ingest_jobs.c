/* ingest_jobs.c: ingest --jobs N: N threads read and prepare documents (loader, metadata rules), one writer stores them in input order. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "ingest_internal.h"
#include "lua_api.h"
#include "runtime.h"

/*
 * The writer (the calling thread) stores unit k only after unit k - 1, so
 * documents get the ids, duplicates and first error of a single-threaded
 * ingest whatever N is. Each worker has its own Lua state for the metadata
 * rules; the store has one connection, the writer's.
 *
 * A worker claims a run of units at once (CLAIM_UNITS, or fewer when their
 * bytes reach CLAIM_BYTES) and hands them over together: a news article
 * takes tens of microseconds to prepare, and handing them over one by one
 * put a wake-up on each side of every document, which cost more than the
 * second thread gained. Workers run ahead of the writer by at most
 * WINDOW_PER_JOB units and INFLIGHT_PER_JOB bytes per thread, so memory
 * holds a few claims per thread, not the whole input, whatever the sizes.
 */
#define CLAIM_UNITS 16
#define CLAIM_BYTES (1u << 20)
#define WINDOW_PER_JOB (4 * CLAIM_UNITS)
#define INFLIGHT_PER_JOB (4 * CLAIM_BYTES)

/* One document to prepare: a file, or one line of a JSON Lines file. */
typedef struct {
    const char *path;      /* the file (borrowed from the input list) */
    char *origin;          /* "FILE:LINE" for a JSONL line (malloc'd); NULL: path */
    const char *line;      /* the line, inside the file's buffer; NULL for a whole file */
    size_t line_len;
    size_t size_hint;      /* the file's size or the line's length, for the window */
    /* filled by a worker */
    int read;              /* the file was read (it counts as a file, with its bytes) */
    size_t bytes;
    int rc;                /* 0: doc is prepared; -1: refused, err says why */
    prepared_doc doc;
    char err[1024];
    int ready;             /* under the batch's lock */
} unit;

/* The units of one batch (all files, or the lines of one JSONL file), shared by the threads. */
typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t filled;     /* a unit is ready: the writer waits on it */
    pthread_cond_t room;       /* the writer moved on, or stopped: workers wait on it */
    unit *units;
    size_t n, next, stored, window;
    size_t inflight, max_inflight;   /* size hints of the units claimed and not yet stored */
    int stop;
    const ingest_opts *opts;
} batch;

typedef struct {
    batch *batch;
    lua_State *L;
    pthread_t thread;
    int started;
} preparer;

/* ---- in a worker thread ---- */

static const char *origin_of(const unit *u)
{
    return u->origin ? u->origin : strcmp(u->path, "-") == 0 ? "-" : u->path;
}

/* A JSONL line: the same checks and fields as ingest.c's sequential path. */
static int prepare_line(lua_State *L, unit *u, const ingest_opts *opts)
{
    const char *text;
    size_t len;
    if (jsonl_push_line(L, u->origin, u->line, u->line_len, &text, &len, u->err, sizeof u->err) < 0)
        return -1;
    int rc = prepare_doc(L, u->origin, text, len, opts, lua_gettop(L), &u->doc, u->err, sizeof u->err);
    lua_pop(L, 1);
    return rc < 0 ? -1 : 0;
}

static int prepare_file(lua_State *L, unit *u, const ingest_opts *opts)
{
    char *data;
    if (read_whole_file(u->path, &data, &u->bytes) < 0) {
        snprintf(u->err, sizeof u->err, "%s: %s", u->path, strerror(errno));
        return -1;
    }
    u->read = 1;
    int rc = prepare_doc_owned(L, origin_of(u), data, u->bytes, opts, &u->doc, u->err, sizeof u->err);
    return rc < 0 ? -1 : 0;
}

/* (unit, opts): under lua_pcall, so that running out of memory in Lua cannot unwind the thread. */
static int prepare_protected(lua_State *L)
{
    unit *u = lua_touserdata(L, 1);
    const ingest_opts *opts = lua_touserdata(L, 2);
    lua_settop(L, 0);
    u->rc = u->line ? prepare_line(L, u, opts) : prepare_file(L, u, opts);
    return 0;
}

static void prepare_unit(lua_State *L, unit *u, const ingest_opts *opts)
{
    lua_pushcfunction(L, prepare_protected);
    lua_pushlightuserdata(L, u);
    lua_pushlightuserdata(L, (void *)opts);
    run_budget *budget = runtime_budget(L);
    budget_enter(budget);
    int status = lua_pcall(L, 2, 0, 0);
    budget_leave(budget);
    if (status != LUA_OK) {
        snprintf(u->err, sizeof u->err, "%s: %s", origin_of(u), lua_tostring(L, -1));
        lua_pop(L, 1);
        prepared_doc_free(&u->doc);
        u->rc = -1;
    }
    lua_settop(L, 0);
}

/* Nothing claimed is waiting to be stored, or there is room in both windows. Under the lock. */
static int may_claim(const batch *b)
{
    return b->inflight == 0 || (b->next < b->stored + b->window && b->inflight < b->max_inflight);
}

/* Claim the units from b->next on: CLAIM_UNITS of them, fewer when CLAIM_BYTES is reached. */
static size_t claim(batch *b)
{
    size_t last = b->next, bytes = 0;
    while (last < b->n && last - b->next < CLAIM_UNITS && (last == b->next || bytes < CLAIM_BYTES))
        bytes += b->units[last++].size_hint;
    b->next = last;
    b->inflight += bytes;
    return last;
}

static void *preparer_main(void *arg)
{
    preparer *w = arg;
    batch *b = w->batch;
    pthread_mutex_lock(&b->lock);
    for (;;) {
        while (!b->stop && b->next < b->n && !may_claim(b))
            pthread_cond_wait(&b->room, &b->lock);
        if (b->stop || b->next >= b->n)
            break;
        size_t first = b->next, last = claim(b);
        pthread_mutex_unlock(&b->lock);
        for (size_t k = first; k < last; k++)
            prepare_unit(w->L, &b->units[k], b->opts);
        pthread_mutex_lock(&b->lock);
        for (size_t k = first; k < last; k++)
            b->units[k].ready = 1;
        pthread_cond_signal(&b->filled);
    }
    pthread_mutex_unlock(&b->lock);
    return NULL;
}

/* ---- the writer ---- */

/* Store one prepared unit, or refuse it, as ingest.c would have. 0, or -1 to stop. */
static int store_unit(ingest_ctx *ctx, unit *u)
{
    if (u->read) {
        ctx->stats->files++;
        ctx->stats->bytes += u->bytes;
    }
    int rc;
    if (u->rc < 0) {
        snprintf(ctx->err, ctx->errsize, "%s", u->err);
        rc = ingest_refuse(ctx);
    } else {
        rc = ingest_store_prepared(ctx, origin_of(u), &u->doc);
        prepared_doc_free(&u->doc);
    }
    return rc < 0 ? rc : ingest_commit_chunk(ctx);
}

static void wait_ready(batch *b, size_t k)
{
    pthread_mutex_lock(&b->lock);
    while (!b->units[k].ready)
        pthread_cond_wait(&b->filled, &b->lock);
    pthread_mutex_unlock(&b->lock);
}

static void mark_stored(batch *b, size_t k, int stop)
{
    pthread_mutex_lock(&b->lock);
    if (k < b->n && b->stored <= k)
        b->inflight -= b->units[k].size_hint;
    b->stored = k + 1;
    b->stop = b->stop || stop;
    pthread_cond_broadcast(&b->room);
    pthread_mutex_unlock(&b->lock);
}

/* Store the units in order as the workers finish them; after_each (may be NULL) follows each. */
static int write_in_order(ingest_ctx *ctx, batch *b, void (*after_each)(void *, size_t), void *arg)
{
    int rc = 0;
    for (size_t k = 0; rc == 0 && k < b->n; k++) {
        wait_ready(b, k);
        rc = store_unit(ctx, &b->units[k]);
        mark_stored(b, k, rc < 0);
        if (rc == 0 && after_each)
            after_each(arg, k);
    }
    mark_stored(b, b->n, 1);
    return rc;
}

/* Run one batch: start the workers, write, join, and free what a stop left prepared. */
static int run_batch(ingest_ctx *ctx, preparer *workers, int count, unit *units, size_t n,
                     void (*after_each)(void *, size_t), void *arg)
{
    batch b = {.units = units, .n = n, .window = (size_t)count * WINDOW_PER_JOB,
               .max_inflight = (size_t)count * INFLIGHT_PER_JOB, .opts = ctx->opts};
    pthread_mutex_init(&b.lock, NULL);
    pthread_cond_init(&b.filled, NULL);
    pthread_cond_init(&b.room, NULL);
    int started = 0;
    for (int k = 0; k < count; k++) {
        workers[k].batch = &b;
        workers[k].started = pthread_create(&workers[k].thread, NULL, preparer_main, &workers[k]) == 0;
        started += workers[k].started;
    }
    int rc = -1;
    if (started > 0)
        rc = write_in_order(ctx, &b, after_each, arg);
    else
        snprintf(ctx->err, ctx->errsize, "cannot start a thread: %s", strerror(errno));
    mark_stored(&b, n, 1);
    for (int k = 0; k < count; k++)
        if (workers[k].started)
            pthread_join(workers[k].thread, NULL);
    for (size_t k = 0; k < n; k++)
        prepared_doc_free(&units[k].doc);
    pthread_cond_destroy(&b.room);
    pthread_cond_destroy(&b.filled);
    pthread_mutex_destroy(&b.lock);
    return rc;
}

/* ---- files ---- */

typedef struct {
    const input_list *list;
    progress *p;
    int show;
} file_progress;

static void file_done(void *arg, size_t k)
{
    file_progress *fp = arg;
    fp->p->files_done++;
    fp->p->bytes_done += fp->list->sizes[k];
    if (fp->show)
        ingest_progress_draw(fp->p, k + 1 == fp->list->len);
}

static int ingest_files(ingest_ctx *ctx, preparer *workers, int count, const input_list *list,
                        progress *p, int show)
{
    unit *units = calloc(list->len ? list->len : 1, sizeof *units);
    if (!units) {
        snprintf(ctx->err, ctx->errsize, "out of memory");
        return -1;
    }
    for (size_t k = 0; k < list->len; k++) {
        units[k].path = list->paths[k];
        units[k].size_hint = list->sizes[k];
    }
    file_progress fp = {list, p, show};
    int rc = run_batch(ctx, workers, count, units, list->len, file_done, &fp);
    free(units);
    return rc;
}

/* ---- JSON Lines: the writer reads each file, the workers prepare its lines ---- */

static void free_units(unit *units, size_t n)
{
    for (size_t k = 0; units && k < n; k++)
        free(units[k].origin);
    free(units);
}

/* Room for one more unit; NULL (units freed) when out of memory. */
static unit *grow_units(unit *units, size_t n, size_t *cap)
{
    if (n < *cap)
        return units;
    unit *grown = realloc(units, 2 * *cap * sizeof *units);
    if (!grown) {
        free_units(units, n);
        return NULL;
    }
    memset(grown + *cap, 0, *cap * sizeof *units);
    *cap *= 2;
    return grown;
}

/*
 * The non-blank lines of a block as units with origins "PATH:LINE", the first
 * numbered first_lineno (a BOM is looked for on line 1 only); NULL when out of memory.
 */
static unit *split_lines(const char *path, const char *data, size_t len, size_t first_lineno, size_t *count)
{
    size_t cap = 64, n = 0, lineno = first_lineno - 1;
    unit *units = calloc(cap, sizeof *units);
    if (first_lineno == 1 && len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {   /* a UTF-8 BOM */
        data += 3;
        len -= 3;
    }
    for (const char *p = data, *end = data + len; units && p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        size_t line_len = (size_t)(stop - p), size = strlen(path) + 24;
        lineno++;
        if (line_len > 0 && p[line_len - 1] == '\r')
            line_len--;
        if (strspn(p, " \t") < line_len && (units = grow_units(units, n, &cap))) {
            units[n] = (unit){.path = path, .origin = malloc(size), .line = p, .line_len = line_len,
                              .size_hint = line_len};
            if (!units[n].origin) {
                free_units(units, n);
                return NULL;
            }
            snprintf(units[n++].origin, size, "%s:%zu", path, lineno);
        }
        p = stop + 1;
    }
    *count = n;
    return units;
}

typedef struct {
    preparer *workers;
    int count;
} worker_pool;

/* One block of a JSONL input, its lines prepared in parallel. */
static int ingest_jsonl_block(ingest_ctx *ctx, void *ud, const char *origin, const char *data, size_t len,
                              size_t first_lineno)
{
    const worker_pool *pool = ud;
    size_t n = 0;
    unit *units = split_lines(origin, data, len, first_lineno, &n);
    int rc = -1;
    if (!units)
        snprintf(ctx->err, ctx->errsize, "%s: out of memory", origin);
    else
        rc = run_batch(ctx, pool->workers, pool->count, units, n, NULL, NULL);
    free_units(units, n);
    return rc < 0 ? rc : ingest_commit_chunk(ctx);
}

static int ingest_jsonl_files(ingest_ctx *ctx, preparer *workers, int count, const input_list *list,
                              progress *p, int show)
{
    for (size_t k = 0; k < list->len; k++) {
        worker_pool pool = {workers, count};
        if (ingest_jsonl_input(ctx, list->paths[k], ingest_jsonl_block, &pool) < 0)
            return -1;
        p->files_done++;
        p->bytes_done += list->sizes[k];
        if (show)
            ingest_progress_draw(p, k + 1 == list->len);
    }
    return 0;
}

int ingest_list_jobs(ingest_ctx *ctx, const input_list *list, progress *p, int show)
{
    int count = ctx->opts->jobs;
    preparer *workers = calloc((size_t)count, sizeof *workers);
    int rc = workers ? 0 : -1;
    /* States are made here, from the options of the caller's state: same paths, same rules. */
    for (int k = 0; rc == 0 && k < count; k++)
        rc = (workers[k].L = runtime_new(runtime_options(ctx->L))) ? 0 : -1;
    if (rc < 0)
        snprintf(ctx->err, ctx->errsize, "cannot make the worker states: out of memory");
    else if (ctx->opts->jsonl)
        rc = ingest_jsonl_files(ctx, workers, count, list, p, show);
    else
        rc = ingest_files(ctx, workers, count, list, p, show);
    for (int k = 0; workers && k < count; k++)
        runtime_close(workers[k].L);
    free(workers);
    return rc;
}
