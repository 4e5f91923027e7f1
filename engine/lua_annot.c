/* lua_annot.c: annotations: doc:annotate in memory, corpus:save under a run, corpus:annotations and corpus:why. */
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "ingest.h"
#include "lua_api.h"
#include "parley.h"

/*
 * Where the state lives:
 *   Doc user value 2     the annotations array (made on the first annotate)
 *   Doc field `corpus`   the Corpus a stored Doc came from (set by corpus:get/docs)
 *   Corpus user value 1  {run = id of this corpus's run, pending = {[doc] = true},
 *                        order = {doc, ...}: pending in the order they became so}
 *   registry SCRIPT_KEY  {name, hash, args (JSON), save}: what is running (annot_set_script)
 *   registry OPEN_KEY    {[corpus] = true}: corpora whose run annot_finish must end
 */
#define SCRIPT_KEY "parley.annot.script"
#define OPEN_KEY "parley.annot.open"

/* ---- the script being run ---- */

typedef struct {
    const char *name, *path;
    int argc;
    char **argv;
    int save;
} script_info;

static int encode_arg(lua_State *L)
{
    json_push_encoded(L, 1);
    return 1;
}

/* Build the script table from the script_info (light userdata at 1). */
static int set_script(lua_State *L)
{
    const script_info *info = lua_touserdata(L, 1);
    char *data = NULL, hash[65];
    size_t len = 0;
    lua_createtable(L, 0, 4);
    lua_pushstring(L, info->name);
    lua_setfield(L, -2, "name");
    if (info->path && read_whole_file(info->path, &data, &len) == 0) {
        store_content_hash(data, len, hash);
        free(data);
        lua_pushstring(L, hash);
        lua_setfield(L, -2, "hash");
    }
    lua_pushcfunction(L, encode_arg);
    lua_createtable(L, info->argc, 0);
    for (int i = 0; i < info->argc; i++) {
        lua_pushstring(L, info->argv[i]);
        lua_rawseti(L, -2, i + 1);
    }
    if (lua_pcall(L, 1, 1, 0) == LUA_OK)   /* arguments that are not UTF-8 are not recorded */
        lua_setfield(L, -2, "args");
    else
        lua_pop(L, 1);
    lua_pushboolean(L, info->save);
    lua_setfield(L, -2, "save");
    lua_setfield(L, LUA_REGISTRYINDEX, SCRIPT_KEY);
    return 0;
}

int annot_set_script(lua_State *L, const char *name, const char *path, int argc, char **argv, int save)
{
    script_info info = {name, path, argc, argv, save};
    lua_pushcfunction(L, set_script);
    lua_pushlightuserdata(L, &info);
    return lua_pcall(L, 1, 0, 0);
}

/* Push the field of the script table (nil when none was set). */
static int script_field(lua_State *L, const char *field)
{
    if (lua_getfield(L, LUA_REGISTRYINDEX, SCRIPT_KEY) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_pushnil(L);
        return LUA_TNIL;
    }
    int t = lua_getfield(L, -1, field);
    lua_remove(L, -2);
    return t;
}

/* Whether documents read from the corpus at index are saved without corpus:save (run --save). */
static int autosave(lua_State *L, int corpus_index)
{
    corpus_index = lua_absindex(L, corpus_index);
    script_field(L, "save");
    int on = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return on && !store_is_readonly(corpus_check(L, corpus_index));
}

/* ---- per-corpus state ---- */

/* Whether the value at index is a Corpus that is not closed. */
static int is_open_corpus(lua_State *L, int index)
{
    if (!luaL_testudata(L, index, PARLEY_CORPUS_TYPE))
        return 0;
    lua_getfield(L, index, "closed");
    int closed = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return !closed;
}

/* Push the corpus's state table {run, pending}. */
static void corpus_state(lua_State *L, int corpus_index)
{
    corpus_check(L, corpus_index);
    lua_getiuservalue(L, corpus_index, 1);
}

/* Remember the corpus so annot_finish ends its run (and saves what is pending). */
static void mark_open(lua_State *L, int corpus_index)
{
    corpus_index = lua_absindex(L, corpus_index);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, OPEN_KEY);
    lua_pushvalue(L, corpus_index);
    lua_pushboolean(L, 1);
    lua_rawset(L, -3);
    lua_pop(L, 1);
}

/* The Doc is to be saved by the next annot_flush; documents are saved in the order they became pending. */
static void add_pending(lua_State *L, int corpus_index, int doc_index)
{
    corpus_index = lua_absindex(L, corpus_index);
    doc_index = lua_absindex(L, doc_index);
    corpus_state(L, corpus_index);
    luaL_getsubtable(L, -1, "pending");
    lua_pushvalue(L, doc_index);
    if (lua_rawget(L, -2) == LUA_TNIL) {
        lua_pushvalue(L, doc_index);
        lua_pushboolean(L, 1);
        lua_rawset(L, -4);
        luaL_getsubtable(L, -3, "order");
        lua_pushvalue(L, doc_index);
        lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
        lua_pop(L, 1);
    }
    lua_pop(L, 3);
    mark_open(L, corpus_index);
}

/* ---- Doc: annotate, annotations ---- */

/* Push the Doc's annotations array, made when create is set (else nil when there is none). */
static int doc_list(lua_State *L, int doc_index, int create)
{
    doc_index = lua_absindex(L, doc_index);
    if (lua_getiuservalue(L, doc_index, 2) == LUA_TTABLE || !create)
        return lua_type(L, -1);
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setiuservalue(L, doc_index, 2);
    return LUA_TTABLE;
}

/* Whether byte offset off (0-based) of the Doc is where a character starts (or the end). */
static int on_boundary(const parley_doc *doc, size_t off)
{
    return off >= doc->len || ((unsigned char)doc->text[off] & 0xC0) != 0x80;
}

/* The bytes [start, stop) of the span argument at index: a Span of this Doc, or {start, stop}. */
static void span_argument(lua_State *L, int doc_index, int index, size_t *start, size_t *stop)
{
    parley_doc *doc = doc_check(L, doc_index);
    parley_span *span = luaL_testudata(L, index, PARLEY_SPAN_TYPE);
    if (span) {
        lua_getiuservalue(L, index, 1);
        if (!lua_rawequal(L, -1, doc_index))
            luaL_error(L, "doc:annotate: the span belongs to another document");
        lua_pop(L, 1);
        *start = span->start;
        *stop = span->stop;
    } else {
        luaL_argexpected(L, lua_istable(L, index), index, "Span or {start, stop}");
        if (lua_rawgeti(L, index, 1) == LUA_TNIL) {
            lua_pop(L, 1);
            lua_getfield(L, index, "start");
        }
        if (lua_rawgeti(L, index, 2) == LUA_TNIL) {
            lua_pop(L, 1);
            lua_getfield(L, index, "stop");
        }
        if (!lua_isinteger(L, -2) || !lua_isinteger(L, -1))
            luaL_error(L, "doc:annotate: the range needs integer start and stop");
        lua_Integer i = lua_tointeger(L, -2), j = lua_tointeger(L, -1);
        lua_pop(L, 2);
        if (i < 1 || j > (lua_Integer)doc->len || j < i - 1)
            luaL_error(L, "doc:annotate: byte range %I..%I is outside the document (1..%I)", i, j,
                       (lua_Integer)doc->len);
        *start = (size_t)i - 1;
        *stop = (size_t)j;
    }
    if (*stop <= *start)
        luaL_error(L, "doc:annotate: the span is empty (an annotation covers at least one character)");
    if (!on_boundary(doc, *start) || !on_boundary(doc, *stop))
        luaL_error(L, "doc:annotate: byte range %I..%I splits a UTF-8 character",
                   (lua_Integer)*start + 1, (lua_Integer)*stop);
}

/*
 * Push a copy of attrs (index: a table or nil) without its `rule`, or nil
 * when nothing is left; then push the rule: attrs.rule, else the span's own
 * `rule` field (span index: a Span, e.g. from a rule match), else nil.
 * Keys must be strings and values what parley.json can encode: checked
 * now, where the mistake is, not at corpus:save.
 */
static void copy_attrs(lua_State *L, int attrs, int span)
{
    int n = 0;
    lua_newtable(L);
    int copy = lua_gettop(L);
    lua_pushnil(L);
    if (!lua_isnoneornil(L, attrs)) {
        luaL_checktype(L, attrs, LUA_TTABLE);
        for (lua_pushnil(L); lua_next(L, attrs);) {
            if (lua_type(L, -2) != LUA_TSTRING)
                luaL_error(L, "doc:annotate: attrs keys must be strings (got a %s)", luaL_typename(L, -2));
            if (strcmp(lua_tostring(L, -2), "rule") == 0) {
                lua_replace(L, copy + 1);
                continue;
            }
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_rawset(L, copy);
            n++;
        }
    }
    if (lua_isnil(L, copy + 1) && luaL_testudata(L, span, PARLEY_SPAN_TYPE)) {
        if (lua_getiuservalue(L, span, 2) == LUA_TTABLE) {
            lua_getfield(L, -1, "rule");
            lua_replace(L, copy + 1);
        }
        lua_pop(L, 1);
    }
    if (!lua_isnil(L, copy + 1) && lua_type(L, copy + 1) != LUA_TSTRING)
        luaL_error(L, "doc:annotate: rule must be a string");
    if (n > 0) {
        json_push_encoded(L, copy);   /* raises on what cannot be stored */
        lua_pop(L, 1);
    } else {
        lua_pushnil(L);
        lua_replace(L, copy);
    }
}

/*
 * doc:annotate(label, span_or_range [, attrs]) -> the annotation
 *   {label, span, start, stop, attrs, rule}. span_or_range is a Span of this
 *   Doc or {start, stop} (bytes, 1-based, inclusive). attrs.rule (or the
 *   span's `rule` field) is kept as the rule, apart from attrs. Kept in
 *   memory until corpus:save(doc) (or the end of a `run --save`).
 */
static int doc_annotate(lua_State *L)
{
    doc_check(L, 1);
    size_t label_len, start, stop;
    luaL_checklstring(L, 2, &label_len);
    if (label_len == 0)
        return luaL_error(L, "doc:annotate: the label is empty");
    span_argument(L, 1, 3, &start, &stop);
    lua_settop(L, 4);
    copy_attrs(L, 4, 3);                      /* 5: attrs copy or nil, 6: rule or nil */
    lua_createtable(L, 0, 6);
    lua_pushvalue(L, 2);
    lua_setfield(L, -2, "label");
    if (luaL_testudata(L, 3, PARLEY_SPAN_TYPE))
        lua_pushvalue(L, 3);
    else
        span_push(L, 1, start, stop, SPAN_TEXT, 0);
    lua_setfield(L, -2, "span");
    lua_pushinteger(L, (lua_Integer)start + 1);
    lua_setfield(L, -2, "start");
    lua_pushinteger(L, (lua_Integer)stop);
    lua_setfield(L, -2, "stop");
    lua_pushvalue(L, 5);
    lua_setfield(L, -2, "attrs");
    lua_pushvalue(L, 6);
    lua_setfield(L, -2, "rule");
    doc_list(L, 1, 1);
    lua_pushvalue(L, -2);
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
    lua_pop(L, 1);
    lua_getiuservalue(L, 1, 1);
    lua_getfield(L, -1, "corpus");
    if (is_open_corpus(L, -1) && autosave(L, -1))
        add_pending(L, -1, 1);
    lua_settop(L, 7);
    return 1;
}

/* doc:annotations([label]) -> a new array of the Doc's annotations (those with this label) in order. */
static int doc_annotations(lua_State *L)
{
    doc_check(L, 1);
    const char *label = luaL_optstring(L, 2, NULL);
    lua_newtable(L);
    if (doc_list(L, 1, 0) != LUA_TTABLE) {
        lua_pop(L, 1);
        return 1;
    }
    lua_Integer n = 0, len = (lua_Integer)lua_rawlen(L, -1);
    for (lua_Integer i = 1; i <= len; i++) {
        lua_rawgeti(L, -1, i);
        lua_getfield(L, -1, "label");
        int keep = !label || strcmp(lua_tostring(L, -1), label) == 0;
        lua_pop(L, 1);
        if (keep)
            lua_rawseti(L, -3, ++n);
        else
            lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return 1;
}

/* ---- corpus:save ---- */

/* Fill one store_annotation from the record on top; its strings are anchored by the record or in anchors. */
static void collect_one(lua_State *L, int doc_index, store_annotation *a, int anchors, lua_Integer i)
{
    int record = lua_gettop(L);
    if (lua_getfield(L, record, "label") != LUA_TSTRING)
        luaL_error(L, "corpus.save: annotation %I has no label", i);
    a->label = lua_tostring(L, -1);
    lua_getfield(L, record, "span");
    parley_span *span = luaL_testudata(L, -1, PARLEY_SPAN_TYPE);
    if (!span || (lua_getiuservalue(L, -1, 1), !lua_rawequal(L, -1, doc_index)))
        luaL_error(L, "corpus.save: annotation %I has no span of this document", i);
    a->start = (long long)span->start + 1;
    a->stop = (long long)span->stop;
    a->rule = lua_getfield(L, record, "rule") == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    a->attrs_json = NULL;
    if (lua_getfield(L, record, "attrs") == LUA_TTABLE) {
        lua_pushnil(L);
        if (lua_next(L, -2)) {   /* not empty: an empty table would encode as [] */
            lua_pop(L, 2);
            json_push_encoded(L, -1);
            a->attrs_json = lua_tostring(L, -1);
            lua_rawseti(L, anchors, i);
        }
    }
    lua_settop(L, record);
}

/* The Doc's annotations as store_annotation (in a userdata left on the stack, with a table anchoring strings). */
static store_annotation *collect(lua_State *L, int doc_index, size_t *n)
{
    int has = doc_list(L, doc_index, 0) == LUA_TTABLE;
    int list = lua_gettop(L);
    *n = has ? lua_rawlen(L, list) : 0;
    store_annotation *a = lua_newuserdatauv(L, (*n ? *n : 1) * sizeof *a, 0);
    lua_createtable(L, (int)*n, 0);
    int anchors = lua_gettop(L);
    for (size_t i = 0; i < *n; i++) {
        lua_rawgeti(L, list, (lua_Integer)i + 1);
        collect_one(L, doc_index, &a[i], anchors, (lua_Integer)i + 1);
        lua_pop(L, 1);
    }
    return a;
}

/* Set the id of each annotation record of the Doc from ids. */
static void set_ids(lua_State *L, int doc_index, const long long *ids, size_t n)
{
    if (doc_list(L, doc_index, 0) == LUA_TTABLE) {
        for (size_t i = 0; i < n; i++) {
            lua_rawgeti(L, -1, (lua_Integer)i + 1);
            lua_pushinteger(L, ids[i]);
            lua_setfield(L, -2, "id");
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
}

/* Save the Doc at doc_index to the Corpus at corpus_index; pushes n or nil, message (returns 1 or 2). */
static int save_doc(lua_State *L, int corpus_index, int doc_index)
{
    corpus_index = lua_absindex(L, corpus_index);
    doc_index = lua_absindex(L, doc_index);
    parley_store *store = corpus_check(L, corpus_index);
    parley_doc *doc = doc_check(L, doc_index);
    int top = lua_gettop(L);
    corpus_check_writable(L, store, "save");
    if (doc->id <= 0)
        return luaL_error(L, "corpus.save: the Doc is not stored (parley.doc and parley.read make "
                             "documents that are not; corpus:add stores one)");
    size_t n;
    store_annotation *a = collect(L, doc_index, &n);
    long long *ids = lua_newuserdatauv(L, (n ? n : 1) * sizeof *ids, 0);
    char hash[65];
    store_content_hash(doc->text, doc->len, hash);
    script_field(L, "name");
    script_field(L, "hash");
    script_field(L, "args");
    store_run run = {lua_isstring(L, -3) ? lua_tostring(L, -3) : "lua", lua_tostring(L, -2),
                     PARLEY_VERSION, lua_tostring(L, -1)};
    store_save save = {doc->id, hash, a, n, ids};
    corpus_state(L, corpus_index);
    lua_getfield(L, -1, "run");
    long long run_id = lua_tointeger(L, -1), before = run_id;
    lua_pop(L, 1);
    if (store_save_annotations(store, &run, &run_id, &save) < 0) {
        lua_settop(L, top);
        lua_pushnil(L);
        lua_pushfstring(L, "corpus.save: %s", store_errmsg(store));
        return 2;
    }
    if (run_id != before) {
        lua_pushinteger(L, run_id);
        lua_setfield(L, -2, "run");
        mark_open(L, corpus_index);
    }
    set_ids(L, doc_index, ids, n);
    lua_settop(L, top);
    lua_pushinteger(L, (lua_Integer)n);
    return 1;
}

/*
 * corpus:save(doc) -> the number of annotations written | nil, message
 * Replaces what earlier runs of the same script saved for this document,
 * in one transaction; the run is made on the first save. Raises when the
 * Doc is not stored.
 */
static int corpus_save(lua_State *L)
{
    corpus_check(L, 1);
    doc_check(L, 2);
    lua_settop(L, 2);
    int results = save_doc(L, 1, 2);
    if (results == 1) {   /* saved: no longer pending */
        corpus_state(L, 1);
        if (lua_getfield(L, -1, "pending") == LUA_TTABLE) {
            lua_pushvalue(L, 2);
            lua_pushnil(L);
            lua_rawset(L, -3);
        }
        lua_settop(L, 3);
    }
    return results;
}

void annot_flush(lua_State *L, int corpus_index)
{
    corpus_index = lua_absindex(L, corpus_index);
    if (!is_open_corpus(L, corpus_index))
        return;
    corpus_state(L, corpus_index);
    int state = lua_gettop(L);
    if (lua_getfield(L, state, "pending") != LUA_TTABLE || lua_getfield(L, state, "order") != LUA_TTABLE) {
        lua_settop(L, state - 1);
        return;
    }
    lua_newtable(L);
    lua_setfield(L, state, "pending");
    lua_newtable(L);
    lua_setfield(L, state, "order");
    lua_Integer n = (lua_Integer)lua_rawlen(L, state + 2);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, state + 2, i);
        lua_pushvalue(L, -1);
        if (lua_rawget(L, state + 1) != LUA_TNIL && save_doc(L, corpus_index, -2) == 2)
            lua_error(L);   /* the message from save_doc */
        lua_settop(L, state + 3);
        lua_pushnil(L);
        lua_rawset(L, state + 1);   /* saved: a second place in the order is skipped */
    }
    lua_settop(L, state - 1);
}

void annot_track(lua_State *L, int corpus_index, int doc_index)
{
    corpus_index = lua_absindex(L, corpus_index);
    doc_index = lua_absindex(L, doc_index);
    lua_getiuservalue(L, doc_index, 1);
    lua_pushvalue(L, corpus_index);
    lua_setfield(L, -2, "corpus");
    lua_pop(L, 1);
    if (!autosave(L, corpus_index))
        return;
    annot_flush(L, corpus_index);
    add_pending(L, corpus_index, doc_index);
}

/* End the corpus's run: save what is pending (with --save) and set finished_at; raises on failure. */
void annot_end_run(lua_State *L, int corpus_index)
{
    corpus_index = lua_absindex(L, corpus_index);
    parley_store *store = corpus_check(L, corpus_index);
    annot_flush(L, corpus_index);
    corpus_state(L, corpus_index);
    lua_getfield(L, -1, "run");
    long long run_id = lua_tointeger(L, -1);
    lua_pop(L, 1);
    if (run_id > 0 && !store_is_readonly(store)) {
        if (store_finish_run(store, run_id) < 0)
            luaL_error(L, "corpus.save: %s", store_errmsg(store));
        lua_pushnil(L);
        lua_setfield(L, -2, "run");   /* a later save starts a new run */
    }
    lua_pop(L, 1);
}

int annot_finish(lua_State *L)
{
    if (lua_getfield(L, LUA_REGISTRYINDEX, OPEN_KEY) != LUA_TTABLE)
        return 0;
    int open = lua_gettop(L);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, OPEN_KEY);
    for (lua_pushnil(L); lua_next(L, open); lua_pop(L, 1)) {
        if (is_open_corpus(L, -2))
            annot_end_run(L, -2);
    }
    return 0;
}

/* ---- corpus:annotations ---- */

typedef struct {
    const char *field, *clause;
} annot_filter;

static const annot_filter ANNOT_FILTERS[] = {
    {"label", " AND a.label = :label"},
    {"doc", " AND a.doc = :doc"},
    {"run", " AND a.run = :run"},
    /* a script's name as stored, or its file name: script="quotes.lua" finds "/home/me/quotes.lua" */
    {"script", " AND (r.script = :script OR substr(r.script, -length(:script) - 1) = '/' || :script)"},
    {NULL, NULL},
};

#define ANNOT_COLUMNS                                                                     \
    "a.id, a.doc, a.label, a.start, a.stop, a.attrs, a.rule, a.run, r.script,"            \
    " CAST(substr(CAST(d.text AS BLOB), a.start, a.stop - a.start + 1) AS TEXT),"         \
    " a.replaced_by"

static const char *const ANNOT_NAMES[] = {"id", "doc", "label", "start", "stop", "attrs",
                                          "rule", "run", "script", "text", "replaced_by"};

/* The value of the filter from opts, pushed as something to bind (a Doc gives its id); 0 (nothing pushed) when absent. */
static int push_filter(lua_State *L, int opts, const char *field)
{
    int t = lua_getfield(L, opts, field);
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    parley_doc *doc = luaL_testudata(L, -1, PARLEY_DOC_TYPE);
    if (doc) {
        lua_pop(L, 1);
        lua_pushinteger(L, doc->id);
    } else if (t != LUA_TNUMBER && t != LUA_TSTRING) {
        luaL_error(L, "corpus.annotations: option %s must be a %s", field,
                   strcmp(field, "doc") == 0 ? "Doc or an id" : "string or a number");
    }
    return 1;
}

/* The query for the filters present in opts (0: none), into sql. */
static void build_annot_query(lua_State *L, int opts, int history, char *sql, size_t size)
{
    snprintf(sql, size, "SELECT " ANNOT_COLUMNS " FROM %s a JOIN documents d ON d.id = a.doc"
             " LEFT JOIN runs r ON r.id = a.run WHERE 1",
             history ? "all_annotations" : "(SELECT *, NULL AS replaced_by FROM annotations)");
    for (const annot_filter *f = ANNOT_FILTERS; opts && f->field; f++) {
        if (push_filter(L, opts, f->field)) {
            lua_pop(L, 1);
            strncat(sql, f->clause, size - strlen(sql) - 1);
        }
    }
    strncat(sql, " ORDER BY a.doc, a.start, a.stop, a.id", size - strlen(sql) - 1);
}

/* Set t[name] (t on top) from column c when it is not NULL; JSON columns decoded. */
static void set_column(lua_State *L, sqlite3_stmt *st, int c, const char *name, int json)
{
    if (sqlite3_column_type(st, c) == SQLITE_NULL)
        return;
    const char *s = (const char *)sqlite3_column_text(st, c);
    size_t len = (size_t)sqlite3_column_bytes(st, c);
    if (sqlite3_column_type(st, c) == SQLITE_INTEGER)
        lua_pushinteger(L, sqlite3_column_int64(st, c));
    else if (!json || json_push_decoded(L, s, len) == 2) {
        if (json)
            lua_pop(L, 2);
        lua_pushlstring(L, s, len);
    }
    lua_setfield(L, -2, name);
}

/* Push one row of ANNOT_COLUMNS as a table; attrs decoded; NULLs left out. */
static void push_annotation_row(lua_State *L, sqlite3_stmt *st)
{
    lua_createtable(L, 0, 11);
    for (int c = 0; c < 11; c++)
        set_column(L, st, c, ANNOT_NAMES[c], c == 5);
}

static void bind_annot_filters(lua_State *L, int opts, sqlite3_stmt *st)
{
    char name[32];
    for (const annot_filter *f = ANNOT_FILTERS; opts && f->field; f++) {
        if (!push_filter(L, opts, f->field))
            continue;
        snprintf(name, sizeof name, ":%s", f->field);
        int i = sqlite3_bind_parameter_index(st, name);
        if (lua_isinteger(L, -1))
            sqlite3_bind_int64(st, i, lua_tointeger(L, -1));
        else
            sqlite3_bind_text(st, i, lua_tostring(L, -1), -1, SQLITE_TRANSIENT);
        lua_pop(L, 1);
    }
}

/*
 * corpus:annotations{label=, doc=, run=, script=, history=} -> array of
 *   {id, doc, label, start, stop, text, attrs, rule, run, script}, in
 *   document and position order. Only the current annotations, unless
 *   history=true: then also those later runs replaced (with replaced_by).
 */
static int corpus_annotations(lua_State *L)
{
    parley_store *store = corpus_check(L, 1);
    int opts = lua_istable(L, 2) ? 2 : 0;
    if (!opts && !lua_isnoneornil(L, 2))
        return luaL_typeerror(L, 2, "table of filters");
    lua_settop(L, 2);
    int history = opts && lua_getfield(L, opts, "history") != LUA_TNIL && lua_toboolean(L, -1);
    lua_settop(L, 2);
    char sql[1024];
    build_annot_query(L, opts, history, sql, sizeof sql);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(store_db(store), sql, -1, &st, NULL) != SQLITE_OK)
        return luaL_error(L, "corpus.annotations: %s", sqlite3_errmsg(store_db(store)));
    bind_annot_filters(L, opts, st);
    lua_newtable(L);
    int rc;
    for (lua_Integer row = 1; (rc = sqlite3_step(st)) == SQLITE_ROW; row++) {
        push_annotation_row(L, st);
        lua_rawseti(L, -2, row);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return luaL_error(L, "corpus.annotations: %s", sqlite3_errmsg(store_db(store)));
    return 1;
}

/* ---- corpus:why ---- */

#define WHY_SQL                                                                           \
    "SELECT " ANNOT_COLUMNS ", d.title, d.date, d.source,"                                \
    " r.script_hash, r.engine_version, r.args, r.started_at, r.finished_at"               \
    " FROM all_annotations a JOIN documents d ON d.id = a.doc"                            \
    " LEFT JOIN runs r ON r.id = a.run WHERE a.id = ?1"

/* Set the row's document and run parts as tables in the annotation table on top. */
static void push_why_parts(lua_State *L, sqlite3_stmt *st)
{
    lua_createtable(L, 0, 4);
    set_column(L, st, 1, "id", 0);
    set_column(L, st, 11, "title", 0);
    set_column(L, st, 12, "date", 0);
    set_column(L, st, 13, "source", 0);
    lua_setfield(L, -2, "doc");
    if (sqlite3_column_type(st, 7) == SQLITE_NULL)
        return;
    lua_createtable(L, 0, 7);
    set_column(L, st, 7, "id", 0);
    set_column(L, st, 8, "script", 0);
    set_column(L, st, 14, "script_hash", 0);
    set_column(L, st, 15, "engine_version", 0);
    set_column(L, st, 16, "args", 1);
    set_column(L, st, 17, "started_at", 0);
    set_column(L, st, 18, "finished_at", 0);
    lua_setfield(L, -2, "run");
}

/* Set t.sentence = {start, stop, text} (t on top): the sentences the span [start, stop) touches. */
static void set_sentence(lua_State *L, int doc_index, size_t start, size_t stop)
{
    doc_index = lua_absindex(L, doc_index);
    parley_doc *doc = doc_check(L, doc_index);
    const seg_result *seg = doc_segmentation(L, doc_index);
    size_t first = start, last = stop;
    if (seg->nsentences > 0) {
        const seg_span *a = &seg->sentences[seg_sentence_at(seg, start)];
        const seg_span *b = &seg->sentences[seg_sentence_at(seg, stop > 0 ? stop - 1 : 0)];
        first = a->start < start ? a->start : start;
        last = b->stop > stop ? b->stop : stop;
    }
    if (last > doc->len)
        last = doc->len;
    lua_createtable(L, 0, 3);
    lua_pushinteger(L, (lua_Integer)first + 1);
    lua_setfield(L, -2, "start");
    lua_pushinteger(L, (lua_Integer)last);
    lua_setfield(L, -2, "stop");
    lua_pushlstring(L, doc->text + first, last - first);
    lua_setfield(L, -2, "text");
    lua_setfield(L, -2, "sentence");
}

/*
 * corpus:why(id) -> {id, label, start, stop, text, attrs, rule, replaced_by,
 *   doc = {id, title, date, source}, sentence = {start, stop, text},
 *   run = {id, script, script_hash, engine_version, args, started_at, finished_at}}
 *   | nil when there is no annotation id (current or replaced).
 */
static int corpus_why(lua_State *L)
{
    parley_store *store = corpus_check(L, 1);
    lua_Integer id = luaL_checkinteger(L, 2);
    lua_settop(L, 2);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(store_db(store), WHY_SQL, -1, &st, NULL) != SQLITE_OK)
        return luaL_error(L, "corpus.why: %s", sqlite3_errmsg(store_db(store)));
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE)
            return luaL_error(L, "corpus.why: %s", sqlite3_errmsg(store_db(store)));
        lua_pushnil(L);
        return 1;
    }
    push_annotation_row(L, st);
    push_why_parts(L, st);
    size_t start = (size_t)sqlite3_column_int64(st, 3) - 1, stop = (size_t)sqlite3_column_int64(st, 4);
    lua_Integer doc_id = sqlite3_column_int64(st, 1);
    sqlite3_finalize(st);
    lua_getfield(L, 1, "get");
    lua_pushvalue(L, 1);
    lua_pushinteger(L, doc_id);
    lua_call(L, 2, 1);
    parley_doc *doc = doc_check(L, -1);
    if (stop > doc->len || start >= stop)
        return luaL_error(L, "corpus.why: annotation %I is outside its document", id);
    lua_insert(L, -2);
    set_sentence(L, -2, start, stop);
    return 1;
}

/* ---- registration ---- */

static const luaL_Reg doc_functions[] = {
    {"annotate", doc_annotate},
    {"annotations", doc_annotations},
    {NULL, NULL},
};

static const luaL_Reg corpus_functions[] = {
    {"save", corpus_save},
    {"annotations", corpus_annotations},
    {"why", corpus_why},
    {NULL, NULL},
};

static void add_methods(lua_State *L, const char *type, const luaL_Reg *functions)
{
    luaL_getmetatable(L, type);
    lua_getfield(L, -1, "methods");
    luaL_setfuncs(L, functions, 0);
    lua_pop(L, 2);
}

void annot_register(lua_State *L)
{
    add_methods(L, PARLEY_DOC_TYPE, doc_functions);
    add_methods(L, PARLEY_CORPUS_TYPE, corpus_functions);
}
