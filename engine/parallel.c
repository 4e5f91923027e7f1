/* parallel.c: --jobs N: map a script over the corpus in N threads, each with its own Lua state and connection. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "cli.h"
#include "lua_api.h"
#include "mapreduce.h"
#include "runtime.h"

/*
 * How it stays deterministic: the main thread lists the document ids once;
 * workers take the next index from an atomic counter, so indexes are handed
 * out in increasing order; each result is kept as JSON in the slot of its
 * document; the main thread decodes the slots in document order and calls
 * reduce. Results cross between states as JSON because a Lua value cannot
 * leave its state; every run does this, --jobs 1 included, so the values
 * reduce sees are the same for every N.
 *
 * When map fails on document k, no index above k is handed out any more,
 * but every index below k was handed out before it and is finished: so the
 * lowest failing index, the one reported, is the one a single thread would
 * have stopped at.
 *
 * Decoding is the one serial step, so it is not left to the end: the
 * worker on the main thread decodes the finished prefix of the slots after
 * each of its own documents, and the other workers, taking the next index
 * as they go, pick up the documents it has no time for.
 */

/* Stack slots of a worker state while it maps. */
enum { W_SCRIPT = 1, W_CORPUS = 2 };

typedef struct {
    const long long *ids;
    size_t n;
    char **json;                  /* json[i]: map's result for ids[i] as JSON (malloc'd); NULL for nil */
    size_t *len;
    atomic_uchar *done;           /* done[i]: slot i is filled (released after json[i] is written) */
    atomic_size_t next;           /* the next index to hand out */
    atomic_size_t first_failure;  /* the lowest index whose map failed; SIZE_MAX when none */
    atomic_int abort;             /* collecting failed on the main thread: stop */
    lua_State *main;              /* the main state: results at `results`, ids above it */
    int results;
    size_t collected;             /* slots decoded so far (main thread only) */
    int collect_status;           /* LUA_OK, or why collecting failed (error on top of main) */
} work_list;

typedef struct {
    work_list *work;
    const mr_script *script;
    lua_State *L;
    int collects;        /* the main thread's worker: decodes finished slots as it goes */
    int status;          /* LUA_OK, or the status of the failure left on top of L */
    size_t failed_at;    /* the failing index; SIZE_MAX when the set-up failed */
    pthread_t thread;
    int started;
} worker;

/* ---- in a worker thread ---- */

/* (script, corpus, id) -> JSON string of map(corpus:get(id)), or nil when map returns nil. */
static int map_document(lua_State *L)
{
    lua_Integer id = lua_tointeger(L, 3);
    lua_getfield(L, 2, "get");
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 3);
    lua_call(L, 2, 1);
    if (lua_isnil(L, -1))
        return luaL_error(L, "document %I is no longer in the corpus", id);
    lua_getfield(L, 1, "map");
    lua_insert(L, -2);
    lua_call(L, 1, 1);
    if (lua_isnil(L, -1))
        return 1;
    mr_push_json(L, -1);
    return 1;
}

/* (script) -> corpus: the script's table is loaded; open the run's corpus as parley.open() does. */
static int open_corpus(lua_State *L)
{
    lua_getglobal(L, "parley");
    lua_getfield(L, -1, "open");
    lua_call(L, 0, 2);
    if (lua_isnil(L, -2))
        return luaL_error(L, "%s", lua_tostring(L, -1));
    lua_pop(L, 1);
    return 1;
}

/* Leave the script's table at W_SCRIPT and the corpus at W_CORPUS. Lua status. */
static int worker_setup(lua_State *L, const mr_script *s)
{
    int status = mr_load(L, s);
    if (status != LUA_OK)
        return status;
    if (!mr_is_mapreduce(L, W_SCRIPT)) {
        lua_pushstring(L, "the script returned no map function in a worker state");
        return LUA_ERRRUN;
    }
    lua_pushcfunction(L, open_corpus);
    return runtime_pcall(L, 0, 1);
}

static void lower_failure(work_list *work, size_t index)
{
    size_t seen = atomic_load(&work->first_failure);
    while (index < seen && !atomic_compare_exchange_weak(&work->first_failure, &seen, index))
        ;
}

/* Map document i into its slot. Lua status; on failure the error is on top. */
static int map_one(lua_State *L, work_list *work, size_t i)
{
    lua_pushcfunction(L, map_document);
    lua_pushvalue(L, W_SCRIPT);
    lua_pushvalue(L, W_CORPUS);
    lua_pushinteger(L, work->ids[i]);
    int status = runtime_pcall(L, 3, 1);
    if (status != LUA_OK)
        return status;
    if (lua_isstring(L, -1)) {
        size_t len;
        const char *s = lua_tolstring(L, -1, &len);
        if (!(work->json[i] = malloc(len + 1))) {
            lua_pushliteral(L, "out of memory");
            return LUA_ERRMEM;
        }
        memcpy(work->json[i], s, len + 1);
        work->len[i] = len;
    }
    atomic_store_explicit(&work->done[i], 1, memory_order_release);
    lua_pop(L, 1);
    /* Docs keep their segmentation outside the Lua heap: collect a little after each. */
    lua_gc(L, LUA_GCSTEP, 0);
    return LUA_OK;
}

/* (work, end, results, ids) in the main state: decode slots [collected, end) onto results and ids. */
static int decode_slots(lua_State *L)
{
    work_list *work = lua_touserdata(L, 1);
    size_t end = (size_t)lua_tointeger(L, 2);
    int results = 3, ids = 4;
    lua_Integer k = (lua_Integer)lua_rawlen(L, results);
    for (size_t i = work->collected; i < end; i++) {
        if (work->json[i]) {
            if (json_push_decoded(L, work->json[i], work->len[i]) != 1)
                return luaL_error(L, "document %I: the result does not decode: %s", (lua_Integer)work->ids[i],
                                  lua_tostring(L, -1));
            free(work->json[i]);
            work->json[i] = NULL;
            lua_rawseti(L, results, ++k);
            lua_pushinteger(L, work->ids[i]);
            lua_rawseti(L, ids, k);
        }
        work->collected = i + 1;
    }
    return 0;
}

/* Decode the finished prefix of the slots into the main state (main thread only). */
static void collect_ready(work_list *work)
{
    size_t end = work->collected;
    while (end < work->n && atomic_load_explicit(&work->done[end], memory_order_acquire))
        end++;
    if (end == work->collected || work->collect_status != LUA_OK)
        return;
    lua_State *L = work->main;
    lua_pushcfunction(L, decode_slots);
    lua_pushlightuserdata(L, work);
    lua_pushinteger(L, (lua_Integer)end);
    lua_pushvalue(L, work->results);
    lua_pushvalue(L, work->results + 1);
    if ((work->collect_status = runtime_pcall(L, 4, 0)) != LUA_OK)
        atomic_store(&work->abort, 1);
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    work_list *work = w->work;
    lua_settop(w->L, 0);
    if ((w->status = worker_setup(w->L, w->script)) != LUA_OK) {
        w->failed_at = SIZE_MAX;
        lower_failure(work, 0);
        return NULL;
    }
    for (;;) {
        size_t i = atomic_fetch_add(&work->next, 1);
        if (i >= work->n || i > atomic_load(&work->first_failure) || atomic_load(&work->abort))
            break;
        if ((w->status = map_one(w->L, work, i)) != LUA_OK) {
            w->failed_at = i;
            lower_failure(work, i);
            break;
        }
        if (w->collects)
            collect_ready(work);
    }
    return NULL;
}

/* ---- in the main thread ---- */

/* (script) -> array of ids: parley.open():ids(script.docs); or nil and why the corpus did not open. */
static int list_ids(lua_State *L)
{
    lua_getglobal(L, "parley");
    lua_getfield(L, -1, "open");
    lua_call(L, 0, 2);
    if (lua_isnil(L, -2))
        return 2;
    lua_pop(L, 1);
    lua_getfield(L, -1, "ids");
    lua_pushvalue(L, -2);
    lua_getfield(L, 1, "docs");
    lua_call(L, 2, 1);
    lua_getfield(L, -2, "close");   /* the workers open their own */
    lua_pushvalue(L, -3);
    lua_call(L, 1, 0);
    return 1;
}

/* The ids of the documents to map into work (malloc'd). Exit status. */
static int collect_ids(lua_State *L, int script, work_list *work)
{
    lua_pushcfunction(L, list_ids);
    lua_pushvalue(L, script);
    int status = runtime_pcall(L, 1, 2);
    if (status != LUA_OK)
        return mr_fail(L, status, "listing the documents to map");
    if (lua_isnil(L, -2)) {   /* a data error: one line, as a script's own nil, message would give */
        fprintf(stderr, "parley: %s\n", lua_tostring(L, -1));
        lua_pop(L, 2);
        return EXIT_DATA;
    }
    lua_pop(L, 1);
    size_t n = lua_rawlen(L, -1);
    long long *ids = malloc((n ? n : 1) * sizeof *ids);
    work->json = calloc(n ? n : 1, sizeof *work->json);
    work->len = calloc(n ? n : 1, sizeof *work->len);
    work->done = calloc(n ? n : 1, sizeof *work->done);
    if (!ids || !work->json || !work->len || !work->done) {
        free(ids);
        lua_pop(L, 1);
        fprintf(stderr, "parley: out of memory listing %zu documents\n", n);
        return EXIT_DATA;
    }
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, -1, (lua_Integer)i + 1);
        ids[i] = lua_tointeger(L, -1);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    work->ids = ids;
    work->n = n;
    return EXIT_OK;
}

/* Worker 0 runs on this thread; a thread that cannot start leaves its share to the others. */
static void run_workers(worker *workers, int count)
{
    for (int k = 1; k < count; k++)
        workers[k].started = pthread_create(&workers[k].thread, NULL, worker_main, &workers[k]) == 0;
    worker_main(&workers[0]);
    for (int k = 1; k < count; k++)
        if (workers[k].started)
            pthread_join(workers[k].thread, NULL);
}

/* Report the failure a single thread would have met first. Exit status. */
static int report_failure(worker *workers, int count, const work_list *work)
{
    worker *first = NULL;
    for (int k = 0; k < count; k++) {
        if (workers[k].status == LUA_OK)
            continue;
        if (workers[k].failed_at == SIZE_MAX)
            return mr_fail(workers[k].L, workers[k].status, "starting a worker");
        if (!first || workers[k].failed_at < first->failed_at)
            first = &workers[k];
    }
    if (!first)
        return EXIT_DATA;
    char what[64];
    snprintf(what, sizeof what, "map failed on document %lld", work->ids[first->failed_at]);
    return mr_fail(first->L, first->status, what);
}

/* Make the worker states here (new_state need not be thread-safe), then map. Exit status. */
static int map_in_workers(lua_State *L, const mr_script *s, work_list *work)
{
    int count = s->opts.jobs < 1 ? 1 : s->opts.jobs;
    if ((size_t)count > work->n)
        count = work->n > 0 ? (int)work->n : 1;
    worker *workers = calloc((size_t)count, sizeof *workers);
    int code = workers ? EXIT_OK : EXIT_DATA;
    for (int k = 0; code == EXIT_OK && k < count; k++) {
        workers[k] = (worker){.work = work, .script = s, .L = s->new_state(s->ud, 1), .collects = k == 0};
        code = workers[k].L ? EXIT_OK : EXIT_DATA;
    }
    if (code == EXIT_OK) {
        run_workers(workers, count);
        if (atomic_load(&work->first_failure) != SIZE_MAX)
            code = report_failure(workers, count, work);
        else
            collect_ready(work);   /* what the other workers finished last */
        if (code == EXIT_OK && work->collect_status != LUA_OK)
            code = mr_fail(L, work->collect_status, "collecting the results");
    }
    for (int k = 0; workers && k < count; k++)
        runtime_close(workers[k].L);
    free(workers);
    return code;
}

int mr_map_corpus(lua_State *L, int script, const mr_script *s)
{
    work_list work = {.main = L};
    atomic_init(&work.next, 0);
    atomic_init(&work.first_failure, SIZE_MAX);
    atomic_init(&work.abort, 0);
    int code = collect_ids(L, script, &work);
    if (code == EXIT_OK) {
        lua_newtable(L);
        lua_newtable(L);
        work.results = lua_gettop(L) - 1;
        code = map_in_workers(L, s, &work);
        if (code != EXIT_OK)
            lua_settop(L, work.results - 1);
    }
    for (size_t i = 0; work.json && i < work.n; i++)
        free(work.json[i]);
    free(work.json);
    free(work.len);
    free(work.done);
    free((void *)work.ids);
    return code;
}
