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
 * out in increasing order; each result is kept as a JSON value, packed
 * (json_packed.c), in the slot of its document; the main thread decodes the
 * slots in document order and folds each into the accumulator as it comes
 * (fold), or keeps them all for reduce. Results cross between states as
 * JSON values because a Lua value cannot leave its state; every run does
 * this, --jobs 1 included, so the values fold and reduce see are the same
 * for every N, and the same as --stream and reduce read from JSON text.
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

/*
 * Annotations (doc:annotate in map) follow the same road under --save:
 * worker connections are read-only, so the worker sends the Doc's
 * annotations as JSON with the result, and the main thread, collecting in
 * document order, reads the document from its own connection, annotates it
 * again and lets `run --save` save it, exactly as a plain script's loop over
 * corpus:docs() would. Annotation ids, replacements and the run's documents
 * come out the same for every N.
 */

/* Stack slots of a worker state while it maps. */
enum { W_SCRIPT = 1, W_CORPUS = 2 };

/* What map made of one document. */
typedef struct {
    char *packed;        /* the result, packed (malloc'd); NULL when map returned nil */
    size_t len;
    char *notes;         /* with --save: the Doc's annotations as JSON (malloc'd); NULL for none */
    size_t notes_len;
} slot;

typedef struct {
    const long long *ids;
    size_t n;
    int save;                     /* --save: carry annotations to the main thread */
    slot *slots;
    atomic_uchar *done;           /* done[i]: slot i is filled (released after it is written) */
    atomic_size_t next;           /* the next index to hand out */
    atomic_size_t first_failure;  /* the lowest index whose map failed; SIZE_MAX when none */
    atomic_int abort;             /* collecting failed on the main thread: stop */
    lua_State *main;              /* the main state: corpus (or nil) at `base`, then the sink */
    int base;
    int script;                   /* the script's table in the main state */
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

/* Copy field name of the table at from into the table on top, when it is of type type. */
static void copy_field(lua_State *L, int from, const char *name, int type)
{
    if (lua_getfield(L, from, name) == type)
        lua_setfield(L, -2, name);
    else
        lua_pop(L, 1);
}

/* The annotations of the Doc at doc as JSON [{label, start, stop, attrs, rule}, ...]; nil when it has none. */
static void push_notes(lua_State *L, int doc)
{
    lua_getfield(L, doc, "annotations");
    lua_pushvalue(L, doc);
    lua_call(L, 1, 1);
    int list = lua_gettop(L);
    lua_Integer n = (lua_Integer)lua_rawlen(L, list);
    if (n == 0) {
        lua_pushnil(L);
        lua_replace(L, list);
        return;
    }
    lua_createtable(L, (int)n, 0);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, list, i);
        lua_createtable(L, 0, 5);
        copy_field(L, -2, "label", LUA_TSTRING);
        copy_field(L, -2, "start", LUA_TNUMBER);
        copy_field(L, -2, "stop", LUA_TNUMBER);
        copy_field(L, -2, "attrs", LUA_TTABLE);
        copy_field(L, -2, "rule", LUA_TSTRING);
        lua_rawseti(L, list + 1, i);
        lua_pop(L, 1);
    }
    json_push_encoded(L, list + 1);
    lua_replace(L, list);
    lua_settop(L, list);
}

/* (script, corpus, id, save) -> map's result packed (or nil), and with save the Doc's annotations as JSON (or nil). */
static int map_document(lua_State *L)
{
    lua_Integer id = lua_tointeger(L, 3);
    lua_getfield(L, 2, "get");
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 3);
    lua_call(L, 2, 1);
    if (lua_isnil(L, -1))
        return luaL_error(L, "document %I is no longer in the corpus", id);
    int doc = lua_gettop(L);
    lua_getfield(L, 1, "map");
    lua_pushvalue(L, doc);
    lua_call(L, 1, 1);
    if (!lua_isnil(L, -1))
        mr_push_packed(L, -1);
    if (lua_toboolean(L, 4))
        push_notes(L, doc);
    else
        lua_pushnil(L);
    return 2;
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

/* A malloc'd copy of the string at index (NULL for nil) into *out; 0, or -1 when out of memory. */
static int keep_string(lua_State *L, int index, char **out, size_t *len)
{
    if (!lua_isstring(L, index))
        return 0;
    const char *s = lua_tolstring(L, index, len);
    if (!(*out = malloc(*len + 1)))
        return -1;
    memcpy(*out, s, *len + 1);
    return 0;
}

/* Map document i into its slot. Lua status; on failure the error is on top. */
static int map_one(lua_State *L, work_list *work, size_t i)
{
    slot *sl = &work->slots[i];
    lua_pushcfunction(L, map_document);
    lua_pushvalue(L, W_SCRIPT);
    lua_pushvalue(L, W_CORPUS);
    lua_pushinteger(L, work->ids[i]);
    lua_pushboolean(L, work->save);
    int status = runtime_pcall(L, 4, 2);
    if (status != LUA_OK)
        return status;
    if (keep_string(L, -2, &sl->packed, &sl->len) < 0 || keep_string(L, -1, &sl->notes, &sl->notes_len) < 0) {
        lua_pushliteral(L, "out of memory");
        return LUA_ERRMEM;
    }
    atomic_store_explicit(&work->done[i], 1, memory_order_release);
    lua_pop(L, 2);
    return LUA_OK;
}

/* ---- collecting, on the main thread ---- */

/* (corpus, id, notes): read the document again here, so --save saves it, and annotate it as map did. */
static void redo_notes(lua_State *L, int corpus, lua_Integer id, const slot *sl)
{
    lua_getfield(L, corpus, "get");
    lua_pushvalue(L, corpus);
    lua_pushinteger(L, id);
    lua_call(L, 2, 1);
    int doc = lua_gettop(L);
    if (lua_isnil(L, doc))
        luaL_error(L, "document %I is no longer in the corpus", id);
    if (sl->notes && json_push_decoded(L, sl->notes, sl->notes_len) == 1) {
        int notes = lua_gettop(L);
        for (lua_Integer i = 1; lua_rawgeti(L, notes, i) == LUA_TTABLE; i++) {
            int note = lua_gettop(L);
            lua_getfield(L, doc, "annotate");
            lua_pushvalue(L, doc);
            lua_getfield(L, note, "label");
            lua_createtable(L, 2, 0);
            lua_getfield(L, note, "start");
            lua_rawseti(L, -2, 1);
            lua_getfield(L, note, "stop");
            lua_rawseti(L, -2, 2);
            if (lua_getfield(L, note, "attrs") != LUA_TTABLE) {
                lua_pop(L, 1);
                lua_newtable(L);
            }
            copy_field(L, note, "rule", LUA_TSTRING);
            lua_call(L, 4, 0);
            lua_settop(L, notes);
        }
    }
    lua_settop(L, doc - 1);
}

/*
 * (work, end, script, corpus, sink, sink) in the main state: take slots
 * [collected, end) in order -> the sink's first slot (a fold's accumulator
 * is a new value).
 */
static int decode_slots(lua_State *L)
{
    work_list *work = lua_touserdata(L, 1);
    size_t end = (size_t)lua_tointeger(L, 2);
    int script = 3, corpus = 4, sink = 5;
    for (size_t i = work->collected; i < end; i++) {
        slot *sl = &work->slots[i];
        if (work->save)
            redo_notes(L, corpus, work->ids[i], sl);
        if (sl->packed) {
            json_push_unpacked(L, sl->packed, sl->len);
            lua_pushinteger(L, work->ids[i]);
            mr_sink_take(L, script, sink);
        }
        free(sl->packed);
        free(sl->notes);
        *sl = (slot){0};
        work->collected = i + 1;
    }
    lua_pushvalue(L, sink);
    return 1;
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
    lua_pushvalue(L, work->script);
    for (int k = 0; k < 3; k++)
        lua_pushvalue(L, work->base + k);
    if ((work->collect_status = runtime_pcall(L, 6, 1)) != LUA_OK)
        atomic_store(&work->abort, 1);
    else
        lua_replace(L, work->base + 1);
}

/* ---- the worker loop (worker 0 on the main thread also collects) ---- */

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

/*
 * (script, keep) -> array of ids: parley.open():ids(script.docs), and the
 * corpus when keep (with --save, the main thread saves through it; else it
 * is closed: the workers open their own); or nil and why it did not open.
 */
static int list_ids(lua_State *L)
{
    int keep = lua_toboolean(L, 2);
    lua_getglobal(L, "parley");
    lua_getfield(L, -1, "open");
    lua_call(L, 0, 2);
    if (lua_isnil(L, -2))
        return 2;
    lua_pop(L, 1);
    int corpus = lua_gettop(L);
    lua_getfield(L, corpus, "ids");
    lua_pushvalue(L, corpus);
    lua_getfield(L, 1, "docs");
    lua_call(L, 2, 1);
    if (!keep) {
        lua_getfield(L, corpus, "close");
        lua_pushvalue(L, corpus);
        lua_call(L, 1, 0);
        lua_pushnil(L);
        lua_replace(L, corpus);
    }
    lua_insert(L, corpus);
    return 2;
}

/* The ids of the documents to map into work (malloc'd). Exit status. */
static int collect_ids(lua_State *L, int script, work_list *work)
{
    lua_pushcfunction(L, list_ids);
    lua_pushvalue(L, script);
    lua_pushboolean(L, work->save);
    int status = runtime_pcall(L, 2, 2);
    if (status != LUA_OK)
        return mr_fail(L, status, "listing the documents to map");
    if (lua_isnil(L, -2)) {   /* a data error: one line, as a script's own nil, message would give */
        fprintf(stderr, "parley: %s\n", lua_tostring(L, -1));
        lua_pop(L, 2);
        return EXIT_DATA;
    }
    size_t n = lua_rawlen(L, -2);
    long long *ids = malloc((n ? n : 1) * sizeof *ids);
    work->slots = calloc(n ? n : 1, sizeof *work->slots);
    work->done = calloc(n ? n : 1, sizeof *work->done);
    if (!ids || !work->slots || !work->done) {
        free(ids);
        lua_pop(L, 2);
        fprintf(stderr, "parley: out of memory listing %zu documents\n", n);
        return EXIT_DATA;
    }
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, -2, (lua_Integer)i + 1);
        ids[i] = lua_tointeger(L, -1);
        lua_pop(L, 1);
    }
    lua_remove(L, -2);   /* the corpus (or nil) stays: it is where --save saves */
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

static int flush_pending(lua_State *L)
{
    annot_flush(L, 1);
    return 0;
}

/*
 * Map failed: save the last document collected, as a plain script's loop
 * saves the document before the one it fails on (it is saved when the next
 * is read). A failure to save is reported after map's.
 */
static void flush_saved(work_list *work)
{
    lua_State *L = work->main;
    if (!work->save || work->collect_status != LUA_OK)
        return;
    lua_pushcfunction(L, flush_pending);
    lua_pushvalue(L, work->base);
    if (runtime_pcall(L, 1, 0) != LUA_OK)
        runtime_report(L);
}

/* What failed while collecting: fold, or reading back the result of a document, which names it. */
static const char *collect_failure(lua_State *L, const work_list *work, char *what, size_t size)
{
    long long id = work->ids[work->collected];
    if (mr_folds(L, work->script))
        snprintf(what, size, "fold failed on document %lld", id);
    else
        snprintf(what, size, "collecting the result of document %lld", id);
    return what;
}

/* Make the worker states here (new_state need not be thread-safe), then map. Exit status. */
static int map_in_workers(lua_State *L, const mr_script *s, work_list *work)
{
    int count = s->opts.jobs < 1 ? 1 : s->opts.jobs;
    if ((size_t)count > work->n)
        count = work->n > 0 ? (int)work->n : 1;
    worker *workers = calloc((size_t)count, sizeof *workers);
    int code = workers ? EXIT_OK : EXIT_DATA;
    char what[80];
    for (int k = 0; code == EXIT_OK && k < count; k++) {
        workers[k] = (worker){.work = work, .script = s, .L = s->new_state(s->ud, 1), .collects = k == 0};
        code = workers[k].L ? EXIT_OK : EXIT_DATA;
    }
    if (code == EXIT_OK) {
        run_workers(workers, count);
        /* What the other workers finished last; on a failure, every slot before it, so that
         * --save has saved the same documents whatever N. */
        collect_ready(work);
        if (atomic_load(&work->first_failure) != SIZE_MAX) {
            flush_saved(work);
            code = report_failure(workers, count, work);
        }
        else if (work->collect_status != LUA_OK)
            code = mr_fail(L, work->collect_status, collect_failure(L, work, what, sizeof what));
    }
    for (int k = 0; workers && k < count; k++)
        runtime_close(workers[k].L);
    free(workers);
    return code;
}

int mr_map_corpus(lua_State *L, int script, const mr_script *s)
{
    work_list work = {.main = L, .save = s->opts.save, .script = lua_absindex(L, script)};
    atomic_init(&work.next, 0);
    atomic_init(&work.first_failure, SIZE_MAX);
    atomic_init(&work.abort, 0);
    int code = collect_ids(L, script, &work);
    if (code == EXIT_OK) {
        work.base = lua_gettop(L);   /* the corpus or nil, then the sink */
        int status = mr_push_sink(L, work.script);
        code = status == LUA_OK ? map_in_workers(L, s, &work) : mr_fail(L, status, "init");
        if (code == EXIT_OK)
            lua_remove(L, work.base);   /* still referenced by the run --save ends */
        else
            lua_settop(L, work.base - 1);
    }
    for (size_t i = 0; work.slots && i < work.n; i++) {
        free(work.slots[i].packed);
        free(work.slots[i].notes);
    }
    free(work.slots);
    free(work.done);
    free((void *)work.ids);
    return code;
}
