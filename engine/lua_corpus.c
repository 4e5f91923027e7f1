/* lua_corpus.c: the Corpus userdata: documents, search and SQL over a parley store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "ingest.h"
#include "lua_api.h"
#include "parley.h"
#include "sandbox.h"

typedef struct {
    parley_store *store;      /* owned; NULL once closed */
    sqlite3_stmt *get_doc;    /* cached "document by id" statement */
} corpus_handle;

static corpus_handle *check_handle(lua_State *L, int index)
{
    return luaL_checkudata(L, index, PARLEY_CORPUS_TYPE);
}

parley_store *corpus_check(lua_State *L, int index)
{
    corpus_handle *h = check_handle(L, index);
    if (!h->store)
        luaL_error(L, "attempt to use a closed corpus");
    return h->store;
}

void corpus_push(lua_State *L, parley_store *store)
{
    corpus_handle *h = lua_newuserdatauv(L, sizeof *h, 1);   /* the run's state (lua_annot.c) */
    h->store = NULL;
    h->get_doc = NULL;
    luaL_setmetatable(L, PARLEY_CORPUS_TYPE);
    lua_newtable(L);
    lua_setiuservalue(L, -2, 1);
    h->store = store;
}

/* __gc, and the end of close and __close: idempotent. */
static int corpus_release(lua_State *L)
{
    corpus_handle *h = check_handle(L, 1);
    sqlite3_finalize(h->get_doc);
    h->get_doc = NULL;
    store_close(h->store);
    h->store = NULL;
    return 0;
}

/*
 * corpus:close(), and __close when the scope ends without an error: the
 * corpus's run ends first (pending --save documents written, finished_at
 * set). A finalizer cannot report a failure, so __gc only releases.
 */
static int corpus_close(lua_State *L)
{
    corpus_handle *h = check_handle(L, 1);
    if (h->store && lua_isnoneornil(L, 2))
        annot_end_run(L, 1);
    return corpus_release(L);
}

/* The hint of a sandbox refusal: what would allow it. */
static const char *guard_hint(int guard)
{
    return guard == STORE_GUARD_WRITES
               ? "the corpus is read-only in the sandbox: allow writes with --allow-write"
               : "run without --sandbox to allow it";
}

/* Raise "corpus.API: MESSAGE" from the store's last SQLite error, or the sandbox's refusal. */
static int raise_db(lua_State *L, const char *api, parley_store *store)
{
    const char *what;
    int guard;
    if (sqlite3_errcode(store_db(store)) == SQLITE_AUTH && (guard = store_refusal(store, &what)))
        return luaL_error(L, "corpus.%s: sandbox: %s is not allowed (%s)", api, what, guard_hint(guard));
    return luaL_error(L, "corpus.%s: %s", api, sqlite3_errmsg(store_db(store)));
}

void corpus_check_writable(lua_State *L, parley_store *store, const char *api)
{
    if (store_guards(store) & STORE_GUARD_WRITES)
        luaL_error(L, "corpus.%s: sandbox: writing to %s is not allowed (%s)", api, store_path(store),
                   guard_hint(STORE_GUARD_WRITES));
}

/* ---- values ---- */

static void push_column(lua_State *L, sqlite3_stmt *stmt, int col)
{
    switch (sqlite3_column_type(stmt, col)) {
    case SQLITE_INTEGER: lua_pushinteger(L, sqlite3_column_int64(stmt, col)); break;
    case SQLITE_FLOAT: lua_pushnumber(L, sqlite3_column_double(stmt, col)); break;
    case SQLITE_NULL: lua_pushlightuserdata(L, NULL); break;
    default:
        lua_pushlstring(L, (const char *)sqlite3_column_blob(stmt, col),
                        (size_t)sqlite3_column_bytes(stmt, col));
    }
}

/* Bind the Lua values at stack indexes first..last to the statement's parameters. */
static void bind_params(lua_State *L, sqlite3_stmt *stmt, int first, int last, const char *api)
{
    int n = last - first + 1;
    if (n != sqlite3_bind_parameter_count(stmt))
        luaL_error(L, "corpus.%s: the query has %d parameter(s), %d value(s) given", api,
                   sqlite3_bind_parameter_count(stmt), n);
    for (int i = 1; i <= n; i++) {
        int idx = first + i - 1, rc;
        switch (lua_type(L, idx)) {
        case LUA_TNIL: rc = sqlite3_bind_null(stmt, i); break;
        case LUA_TBOOLEAN: rc = sqlite3_bind_int(stmt, i, lua_toboolean(L, idx)); break;
        case LUA_TNUMBER:
            rc = lua_isinteger(L, idx) ? sqlite3_bind_int64(stmt, i, lua_tointeger(L, idx))
                                       : sqlite3_bind_double(stmt, i, lua_tonumber(L, idx));
            break;
        case LUA_TSTRING: {
            size_t len;
            const char *s = lua_tolstring(L, idx, &len);
            rc = sqlite3_bind_text(stmt, i, s, (int)len, SQLITE_TRANSIENT);
            break;
        }
        case LUA_TLIGHTUSERDATA:
            if (lua_touserdata(L, idx) == NULL) { rc = sqlite3_bind_null(stmt, i); break; }
            /* fall through */
        default:
            luaL_error(L, "corpus.%s: cannot bind a %s (parameter %d)", api, luaL_typename(L, idx), i);
            return;
        }
        if (rc != SQLITE_OK)
            luaL_error(L, "corpus.%s: cannot bind parameter %d", api, i);
    }
}

/* ---- statements that outlive a Lua error ---- */

#define STMT_BOX "parley.StatementBox"

/* Whether sql holds a statement (not just spaces, semicolons and comments). */
static int has_statement(parley_store *store, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    const char *tail = NULL;
    while (*sql) {
        if (sqlite3_prepare_v2(store_db(store), sql, -1, &stmt, &tail) != SQLITE_OK)
            return 1;
        if (stmt) {
            sqlite3_finalize(stmt);
            return 1;
        }
        if (!tail || tail == sql)
            break;
        sql = tail;
    }
    return 0;
}

/* A prepared statement in a box whose __gc finalizes it, so a raise never leaks it. */
static sqlite3_stmt **prepare_boxed(lua_State *L, parley_store *store, const char *sql,
                                    const char *api)
{
    sqlite3_stmt **box = lua_newuserdatauv(L, sizeof *box, 0);
    *box = NULL;
    luaL_setmetatable(L, STMT_BOX);
    const char *tail = NULL;
    if (sqlite3_prepare_v2(store_db(store), sql, -1, box, &tail) != SQLITE_OK)
        raise_db(L, api, store);
    if (!*box)
        luaL_error(L, "corpus.%s: the query is empty", api);
    if (tail && has_statement(store, tail))
        luaL_error(L, "corpus.%s: one statement at a time (after the first: \"%s\")", api, tail);
    return box;
}

static int stmt_box_gc(lua_State *L)
{
    sqlite3_stmt **box = luaL_checkudata(L, 1, STMT_BOX);
    sqlite3_finalize(*box);
    *box = NULL;
    return 0;
}

static void finish_boxed(lua_State *L, sqlite3_stmt **box, int box_index)
{
    sqlite3_finalize(*box);
    *box = NULL;
    lua_remove(L, box_index);
}

/* ---- corpus:sql ---- */

static void push_column_names(lua_State *L, sqlite3_stmt *stmt)
{
    int ncols = sqlite3_column_count(stmt);
    lua_createtable(L, ncols, 0);
    for (int c = 0; c < ncols; c++) {
        lua_pushstring(L, sqlite3_column_name(stmt, c));
        lua_rawseti(L, -2, c + 1);
    }
}

/*
 * corpus:sql(query, ...) -> rows: an array of tables keyed by column name,
 * with rows.columns (the names in order) and rows.changes. Values are bound
 * as parameters, never spliced; NULL is parley.null. Raises on SQL errors.
 */
static int corpus_sql(lua_State *L)
{
    parley_store *store = corpus_check(L, 1);
    const char *sql = luaL_checkstring(L, 2);
    int last_param = lua_gettop(L);
    sqlite3_stmt **box = prepare_boxed(L, store, sql, "sql");
    int box_index = lua_gettop(L);
    bind_params(L, *box, 3, last_param, "sql");
    lua_newtable(L);
    int ncols = sqlite3_column_count(*box), rc;
    for (lua_Integer row = 1; (rc = sqlite3_step(*box)) == SQLITE_ROW; row++) {
        lua_createtable(L, 0, ncols);
        for (int c = 0; c < ncols; c++) {
            push_column(L, *box, c);
            lua_setfield(L, -2, sqlite3_column_name(*box, c));
        }
        lua_rawseti(L, -2, row);
    }
    if (rc != SQLITE_DONE)
        raise_db(L, "sql", store);
    push_column_names(L, *box);
    lua_setfield(L, -2, "columns");
    lua_pushinteger(L, sqlite3_changes(store_db(store)));
    lua_setfield(L, -2, "changes");
    finish_boxed(L, box, box_index);
    return 1;
}

/* ---- documents ---- */

#define DOC_COLUMNS "id, text, title, date, source, lang, origin, meta, offset_map"

static void push_doc_row(lua_State *L, sqlite3_stmt *stmt)
{
    lua_pushlstring(L, (const char *)sqlite3_column_text(stmt, 1), (size_t)sqlite3_column_bytes(stmt, 1));
    int text_index = lua_gettop(L);
    lua_createtable(L, 0, 6);
    static const char *const names[] = {"title", "date", "source", "lang", "origin"};
    for (int i = 0; i < 5; i++) {
        if (sqlite3_column_type(stmt, 2 + i) == SQLITE_NULL)
            continue;
        lua_pushstring(L, (const char *)sqlite3_column_text(stmt, 2 + i));
        lua_setfield(L, -2, names[i]);
    }
    if (sqlite3_column_type(stmt, 7) != SQLITE_NULL &&
        json_push_decoded(L, (const char *)sqlite3_column_text(stmt, 7), (size_t)sqlite3_column_bytes(stmt, 7)) == 1)
        lua_setfield(L, -2, "meta");
    else
        lua_settop(L, text_index + 1);
    parley_offset_map *map = NULL;
    if (sqlite3_column_type(stmt, 8) == SQLITE_BLOB)
        map = offmap_deserialize(sqlite3_column_blob(stmt, 8), (size_t)sqlite3_column_bytes(stmt, 8));
    doc_push(L, sqlite3_column_int64(stmt, 0), text_index, text_index + 1, map);
    lua_replace(L, text_index);
    lua_settop(L, text_index);
}

/* Push the document id of the Corpus at index 1 (h), or nil. */
static int push_doc_by_id(lua_State *L, corpus_handle *h, long long id)
{
    if (!h->get_doc &&
        sqlite3_prepare_v3(store_db(h->store), "SELECT " DOC_COLUMNS " FROM documents WHERE id = ?",
                           -1, SQLITE_PREPARE_PERSISTENT, &h->get_doc, NULL) != SQLITE_OK)
        return raise_db(L, "get", h->store);
    sqlite3_bind_int64(h->get_doc, 1, id);
    int rc = sqlite3_step(h->get_doc);
    if (rc == SQLITE_ROW)
        push_doc_row(L, h->get_doc);
    else
        lua_pushnil(L);
    sqlite3_reset(h->get_doc);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return raise_db(L, "get", h->store);
    if (rc == SQLITE_ROW)
        annot_track(L, 1, -1);
    return 1;
}

/* corpus:get(id) -> Doc | nil */
static int corpus_get(lua_State *L)
{
    corpus_check(L, 1);
    return push_doc_by_id(L, check_handle(L, 1), luaL_checkinteger(L, 2));
}

/* corpus:count() -> number of documents */
static int corpus_count(lua_State *L)
{
    parley_store *store = corpus_check(L, 1);
    sqlite3_stmt **box = prepare_boxed(L, store, "SELECT count(*) FROM documents", "count");
    if (sqlite3_step(*box) != SQLITE_ROW)
        raise_db(L, "count", store);
    lua_pushinteger(L, sqlite3_column_int64(*box, 0));
    finish_boxed(L, box, lua_gettop(L) - 1);
    return 1;
}

typedef struct {
    const char *field, *clause;
} doc_filter;

/* Each filter binds its option by name (:since ...) so clauses can use it twice. */
static const doc_filter DOC_FILTERS[] = {
    {"since", " AND date >= :since"},
    {"until", " AND substr(date, 1, length(:until)) <= :until"},
    {"source", " AND source = :source"},
    {"lang", " AND lang = :lang"},
    {"not_source", " AND source IS NOT :not_source"},   /* the rest, for keyness; NULL sources included */
    {"not_lang", " AND lang IS NOT :not_lang"},
    {NULL, NULL},
};

static void build_docs_query(lua_State *L, int opts)
{
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addstring(&b, "SELECT id FROM documents WHERE 1");
    for (const doc_filter *f = DOC_FILTERS; opts && f->field; f++) {
        if (lua_getfield(L, opts, f->field) != LUA_TNIL)
            luaL_addstring(&b, f->clause);
        lua_pop(L, 1);
    }
    luaL_addstring(&b, " ORDER BY id");
    luaL_pushresult(&b);
}

static void bind_docs_filters(lua_State *L, int opts, sqlite3_stmt *stmt)
{
    char name[32];
    for (const doc_filter *f = DOC_FILTERS; opts && f->field; f++) {
        if (lua_getfield(L, opts, f->field) != LUA_TNIL) {
            if (!lua_isstring(L, -1))
                luaL_error(L, "corpus.docs: option %s must be a string", f->field);
            snprintf(name, sizeof name, ":%s", f->field);
            sqlite3_bind_text(stmt, sqlite3_bind_parameter_index(stmt, name), lua_tostring(L, -1), -1,
                              SQLITE_TRANSIENT);
        }
        lua_pop(L, 1);
    }
}

static int docs_next(lua_State *L)
{
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(3)) + 1;
    lua_pushinteger(L, i);
    lua_replace(L, lua_upvalueindex(3));
    if (lua_rawgeti(L, lua_upvalueindex(2), i) == LUA_TNIL) {
        annot_flush(L, lua_upvalueindex(1));   /* the loop is over: the last document is done */
        return 1;
    }
    lua_Integer id = lua_tointeger(L, -1);
    lua_settop(L, 0);
    lua_pushvalue(L, lua_upvalueindex(1));
    corpus_check(L, 1);
    return push_doc_by_id(L, check_handle(L, 1), id);
}

/*
 * Push an array of the ids of the documents matching the filters at index
 * opts (0: all), in id order. Raises on bad filters and SQL errors.
 */
static void push_doc_ids(lua_State *L, parley_store *store, int opts, const char *api)
{
    lua_Integer limit = -1;
    if (opts && lua_getfield(L, opts, "limit") != LUA_TNIL)
        limit = luaL_checkinteger(L, -1);
    if (opts)
        lua_pop(L, 1);
    build_docs_query(L, opts);
    sqlite3_stmt **box = prepare_boxed(L, store, lua_tostring(L, -1), api);
    int box_index = lua_gettop(L);
    bind_docs_filters(L, opts, *box);
    lua_newtable(L);
    int rc = SQLITE_DONE;
    for (lua_Integer row = 1; (limit < 0 || row <= limit) && (rc = sqlite3_step(*box)) == SQLITE_ROW; row++) {
        lua_pushinteger(L, sqlite3_column_int64(*box, 0));
        lua_rawseti(L, -2, row);
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        raise_db(L, api, store);
    finish_boxed(L, box, box_index);
    lua_remove(L, -2);   /* the query text */
}

static int check_filters(lua_State *L, int index)
{
    if (!lua_istable(L, index) && !lua_isnoneornil(L, index))
        return luaL_typeerror(L, index, "table of filters");
    return lua_istable(L, index) ? index : 0;
}

/*
 * corpus:ids{since=, until=, source=, lang=, not_source=, not_lang=, limit=} -> array of ids in id order.
 * The same filters as corpus:docs; cheap, since no text is read (parallel
 * runs list the ids once and share them out).
 */
static int corpus_ids(lua_State *L)
{
    parley_store *store = corpus_check(L, 1);
    push_doc_ids(L, store, check_filters(L, 2), "ids");
    return 1;
}

/*
 * corpus:docs{since=, until=, source=, lang=, not_source=, not_lang=, limit=} -> iterator over Docs in id order.
 * Dates compare as ISO prefixes: until="2025-03" includes all of March 2025.
 * The ids are read first, so the corpus may be written while iterating.
 */
static int corpus_docs(lua_State *L)
{
    parley_store *store = corpus_check(L, 1);
    int opts = check_filters(L, 2);
    lua_settop(L, 2);
    push_doc_ids(L, store, opts, "docs");
    lua_pushvalue(L, 1);
    lua_insert(L, -2);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, docs_next, 3);
    return 1;
}

/* ---- search ---- */

/*
 * Ordered by FTS5's own rank column (bm25, its default), not by an alias of
 * bm25(): then FTS5 sorts and stops at the LIMIT itself, and the snippets
 * are made for the hits returned only, not for every match before sorting
 * (0.07 s instead of 0.37 s for a term in all of 60,000 documents).
 */
#define SEARCH_SQL                                                                        \
    "SELECT d.id, d.title, d.date, d.source, documents_fts.rank AS rank,"                \
    " snippet(documents_fts, 1, ?2, ?3, '…', ?4) AS snippet"                             \
    " FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid"                 \
    " WHERE documents_fts MATCH ?1 ORDER BY documents_fts.rank LIMIT ?5"

static const char *opt_string(lua_State *L, int opts, const char *name, const char *def)
{
    if (!opts || lua_getfield(L, opts, name) == LUA_TNIL) {
        if (opts)
            lua_pop(L, 1);
        return def;
    }
    const char *s = luaL_checkstring(L, -1);   /* anchored by the options table */
    lua_pop(L, 1);
    return s;
}

static lua_Integer opt_integer(lua_State *L, int opts, const char *name, lua_Integer def)
{
    if (!opts || lua_getfield(L, opts, name) == LUA_TNIL) {
        if (opts)
            lua_pop(L, 1);
        return def;
    }
    lua_Integer v = luaL_checkinteger(L, -1);
    lua_pop(L, 1);
    return v;
}

static void push_search_hit(lua_State *L, sqlite3_stmt *stmt)
{
    static const char *const names[] = {"id", "title", "date", "source", "rank", "snippet"};
    lua_createtable(L, 0, 6);
    for (int c = 0; c < 6; c++) {
        if (sqlite3_column_type(stmt, c) == SQLITE_NULL)
            continue;
        push_column(L, stmt, c);
        lua_setfield(L, -2, names[c]);
    }
}

/*
 * corpus:search(fts_query, {limit=20, before="[", after="]", tokens=12})
 *   -> array of hits {id, title, date, source, rank, snippet}, best first (bm25),
 *      or nil, message when the query is not valid FTS5 syntax.
 */
static int corpus_search(lua_State *L)
{
    parley_store *store = corpus_check(L, 1);
    const char *query = luaL_checkstring(L, 2);
    int opts = lua_istable(L, 3) ? 3 : 0;
    const char *before = opt_string(L, opts, "before", "[");
    const char *after = opt_string(L, opts, "after", "]");
    lua_Integer tokens = opt_integer(L, opts, "tokens", 12);
    lua_Integer limit = opt_integer(L, opts, "limit", 20);
    sqlite3_stmt **box = prepare_boxed(L, store, SEARCH_SQL, "search");
    int box_index = lua_gettop(L);
    sqlite3_bind_text(*box, 1, query, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(*box, 2, before, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(*box, 3, after, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(*box, 4, tokens < 1 ? 1 : tokens > 64 ? 64 : tokens);
    sqlite3_bind_int64(*box, 5, limit);
    lua_newtable(L);
    int rc;
    for (lua_Integer row = 1; (rc = sqlite3_step(*box)) == SQLITE_ROW; row++) {
        push_search_hit(L, *box);
        lua_rawseti(L, -2, row);
    }
    if (rc != SQLITE_DONE) {
        lua_pushnil(L);
        lua_pushfstring(L, "corpus.search: %s", sqlite3_errmsg(store_db(store)));
        return 2;
    }
    finish_boxed(L, box, box_index);
    return 1;
}

/* ---- writing ---- */

static void read_ingest_opts(lua_State *L, int opts, ingest_opts *o)
{
    memset(o, 0, sizeof *o);
    o->quiet = 1;
    if (!opts)
        return;
    lua_getfield(L, opts, "repair");
    o->repair = lua_toboolean(L, -1);
    lua_getfield(L, opts, "skip_bad");
    o->skip_bad = lua_toboolean(L, -1);
    lua_getfield(L, opts, "jsonl");
    o->jsonl = lua_toboolean(L, -1);
    lua_pop(L, 3);
    o->date = opt_string(L, opts, "date", NULL);
    o->source = opt_string(L, opts, "source", NULL);
    o->title = opt_string(L, opts, "title", NULL);
}

/*
 * corpus:add(text, {title=, date=, source=, lang=, origin=, repair=, other meta...})
 *   -> id, added (false when the same text was already stored) | nil, message
 */
static int corpus_add(lua_State *L)
{
    parley_store *store = corpus_check(L, 1);
    size_t len;
    const char *text = luaL_checklstring(L, 2, &len);
    corpus_check_writable(L, store, "add");
    int given = lua_istable(L, 3) ? 3 : 0;
    ingest_opts o;
    read_ingest_opts(L, given, &o);
    const char *origin = opt_string(L, given, "origin", "lua");
    int fields = given ? push_metadata_fields(L, given) : 0;
    char err[512];
    prepared_doc doc;
    if (prepare_doc(L, origin, text, len, &o, fields, &doc, err, sizeof err) < 0) {
        lua_pushnil(L);
        lua_pushstring(L, err);
        return 2;
    }
    unsigned char *blob = NULL;
    size_t blob_len = 0;
    int rc = doc.loaded.map ? offmap_serialize(doc.loaded.map, &blob, &blob_len) : 0;
    store_doc in = {
        .text = doc.text, .len = doc.len, .date = doc.date, .source = doc.source,
        .title = doc.title, .lang = doc.lang, .origin = origin, .meta_json = doc.meta_json,
        .offset_map = blob, .offset_map_len = blob_len, .encoding = doc.loaded.encoding,
        .replaced = doc.loaded.replaced,
    };
    long long id = 0;
    int added = 0;
    if (rc == 0)
        rc = store_add_document(store, &in, &id, &added);
    free(blob);
    prepared_doc_free(&doc);
    if (rc < 0) {
        lua_pushnil(L);
        lua_pushfstring(L, "corpus.add: %s", store_errmsg(store));
        return 2;
    }
    lua_pushinteger(L, id);
    lua_pushboolean(L, added);
    return 2;
}

static void push_stats(lua_State *L, const ingest_stats *st)
{
    lua_createtable(L, 0, 6);
    lua_pushinteger(L, (lua_Integer)st->files);
    lua_setfield(L, -2, "files");
    lua_pushinteger(L, (lua_Integer)st->added);
    lua_setfield(L, -2, "added");
    lua_pushinteger(L, (lua_Integer)st->duplicates);
    lua_setfield(L, -2, "duplicates");
    lua_pushinteger(L, (lua_Integer)st->refused);
    lua_setfield(L, -2, "refused");
    lua_pushinteger(L, (lua_Integer)st->replaced);
    lua_setfield(L, -2, "replaced");
    lua_pushinteger(L, (lua_Integer)st->bytes);
    lua_setfield(L, -2, "bytes");
}

typedef struct {
    lua_State *L;
    int refused;
} ingest_guard;

/* ingest_opts.may_read: the sandbox's verdict on each file a walk reaches. */
static int sandbox_may_ingest(const char *path, void *ud, char *err, size_t errsize)
{
    ingest_guard *guard = ud;
    int ok = sandbox_may_read(guard->L, path, err, errsize);
    guard->refused |= !ok;
    return ok;
}

/*
 * corpus:ingest(path_or_paths, {repair=, skip_bad=, jsonl=, date=, source=, title=})
 *   -> stats {files, added, duplicates, refused, replaced, bytes} | nil, message
 */
static int corpus_ingest(lua_State *L)
{
    parley_store *store = corpus_check(L, 1);
    int opts = lua_istable(L, 3) ? 3 : 0;
    corpus_check_writable(L, store, "ingest");
    if (lua_isstring(L, 2)) {
        lua_createtable(L, 1, 0);
        lua_pushvalue(L, 2);
        lua_rawseti(L, -2, 1);
        lua_replace(L, 2);
    }
    luaL_checktype(L, 2, LUA_TTABLE);
    int n = (int)luaL_len(L, 2);
    char **paths = lua_newuserdatauv(L, (size_t)(n + 1) * sizeof *paths, 0);
    for (int i = 0; i < n; i++) {
        lua_rawgeti(L, 2, i + 1);
        paths[i] = (char *)luaL_checkstring(L, -1);   /* anchored by the paths table */
        lua_pop(L, 1);
    }
    ingest_opts o;
    read_ingest_opts(L, opts, &o);
    ingest_guard guard = {L, 0};
    if (sandbox_active(L)) {
        o.may_read = sandbox_may_ingest;
        o.may_read_ud = &guard;
    }
    ingest_stats st = {0};
    char err[1024];
    if (ingest_paths(L, store, &o, paths, n, &st, err, sizeof err) < 0) {
        if (guard.refused)   /* a refusal raises, as every sandbox refusal does */
            return luaL_error(L, "corpus.ingest: %s", err);
        lua_pushnil(L);
        lua_pushstring(L, err);
        return 2;
    }
    push_stats(L, &st);
    return 1;
}

/* ---- registration ---- */

static int corpus_index(lua_State *L)
{
    corpus_handle *h = check_handle(L, 1);
    const char *key = luaL_checkstring(L, 2);
    if (luaL_getmetafield(L, 1, "methods") && lua_getfield(L, -1, key) != LUA_TNIL)
        return 1;
    if (strcmp(key, "path") == 0 && h->store)
        lua_pushstring(L, store_path(h->store));
    else if (strcmp(key, "readonly") == 0 && h->store)
        lua_pushboolean(L, store_is_readonly(h->store) || (store_guards(h->store) & STORE_GUARD_WRITES));
    else if (strcmp(key, "closed") == 0)
        lua_pushboolean(L, h->store == NULL);
    else
        lua_pushnil(L);
    return 1;
}

static int corpus_tostring(lua_State *L)
{
    corpus_handle *h = check_handle(L, 1);
    if (!h->store) {
        lua_pushliteral(L, "<Corpus (closed)>");
        return 1;
    }
    lua_pushfstring(L, "<Corpus %s%s>", store_path(h->store), store_is_readonly(h->store) ? " (read-only)" : "");
    return 1;
}

static const luaL_Reg corpus_methods[] = {
    {"add", corpus_add},
    {"ingest", corpus_ingest},
    {"docs", corpus_docs},
    {"ids", corpus_ids},
    {"get", corpus_get},
    {"count", corpus_count},
    {"search", corpus_search},
    {"sql", corpus_sql},
    {"close", corpus_close},
    {NULL, NULL},
};

static const luaL_Reg corpus_meta[] = {
    {"__index", corpus_index},
    {"__gc", corpus_release},
    {"__close", corpus_close},
    {"__tostring", corpus_tostring},
    {NULL, NULL},
};

void corpus_register(lua_State *L)
{
    luaL_newmetatable(L, STMT_BOX);
    lua_pushcfunction(L, stmt_box_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);
    luaL_newmetatable(L, PARLEY_CORPUS_TYPE);
    luaL_setfuncs(L, corpus_meta, 0);
    luaL_newlib(L, corpus_methods);
    lua_setfield(L, -2, "methods");
    lua_pop(L, 1);
}
