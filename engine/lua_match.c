/* lua_match.c: the parley.match Lua module: gazetteers, token-rule matchers, doc:match, match.explain. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <errno.h>

#include <lauxlib.h>

#include "delimited.h"
#include "ingest.h"
#include "loader.h"
#include "lua_match.h"
#include "parley.h"
#include "unitext.h"

/*
 * Two kinds of matcher, one way to run them. A Gazetteer (match.phrases)
 * finds aliases through gazetteer.c; a Matcher (match.tokens, match.set)
 * holds members, each a token Rule or a Gazetteer, in priority order.
 * doc:match(m) collects every member's candidates, lets overlap.c choose
 * by the matcher's policy, and makes a Span for each chosen one with the
 * fields of what produced it. Scratch memory lives in a userdata with a
 * finalizer, since a rule's fn= may raise at any point.
 */

#define BUFFERS_TYPE "parley.match.Buffers"
#define READER_TYPE "parley.match.Reader"
#define EXPLANATION_TYPE "parley.match.Explanation"

static const char *const OVERLAP_NAMES[] = {"longest", "all", "first", NULL};

/* ---- scratch ---- */

static int buffers_gc(lua_State *L)
{
    match_buffers *b = luaL_checkudata(L, 1, BUFFERS_TYPE);
    free(b->c);
    nfa_scratch_free(&b->nfa);
    gaz_hits_free(&b->hits);
    memset(b, 0, sizeof *b);
    return 0;
}

match_buffers *buffers_push(lua_State *L)
{
    match_buffers *b = lua_newuserdatauv(L, sizeof *b, 0);
    memset(b, 0, sizeof *b);
    luaL_setmetatable(L, BUFFERS_TYPE);
    return b;
}

void cand_add(lua_State *L, match_buffers *b, match_cand c)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        match_cand *v = realloc(b->c, cap * sizeof *v);
        if (!v)
            luaL_error(L, "doc:match: out of memory");
        b->c = v;
        b->cap = cap;
    }
    b->c[b->n++] = c;
}

/* ---- the two matcher types ---- */

typedef struct {
    gazetteer *g;          /* owned */
    uint8_t overlap;       /* overlap_policy */
} lua_gazetteer;

/* User value 1 of a Gazetteer: name, label (the default), attrs (entry number + 1 -> table). */

typedef struct {
    uint8_t overlap;
} lua_matcher;

/* User value 1 of a Matcher: name, members (Rules and Gazetteers, in priority order). */

static lua_gazetteer *test_gazetteer(lua_State *L, int index)
{
    return luaL_testudata(L, index, PARLEY_GAZETTEER_TYPE);
}

static lua_gazetteer *check_gazetteer(lua_State *L, int index)
{
    return luaL_checkudata(L, index, PARLEY_GAZETTEER_TYPE);
}

static lua_matcher *check_matcher(lua_State *L, int index)
{
    return luaL_checkudata(L, index, PARLEY_MATCHER_TYPE);
}

static int is_matcher(lua_State *L, int index)
{
    return test_gazetteer(L, index) || luaL_testudata(L, index, PARLEY_MATCHER_TYPE);
}

static int gazetteer_gc(lua_State *L)
{
    lua_gazetteer *lg = check_gazetteer(L, 1);
    gaz_free(lg->g);
    lg->g = NULL;
    return 0;
}

/* The overlap= option of the table at index (default longest). */
static uint8_t overlap_option(lua_State *L, const char *fn, int table)
{
    uint8_t policy = OVERLAP_LONGEST;
    if (lua_getfield(L, table, "overlap") != LUA_TNIL) {
        const char *s = lua_tostring(L, -1);
        for (policy = 0; OVERLAP_NAMES[policy] && (!s || strcmp(s, OVERLAP_NAMES[policy]) != 0); policy++)
            ;
        if (!OVERLAP_NAMES[policy])
            luaL_error(L, "%s: overlap must be \"longest\", \"all\" or \"first\"", fn);
    }
    lua_pop(L, 1);
    return policy;
}

const char *match_unknown_key(lua_State *L, int table, const char *const *keys)
{
    lua_pushnil(L);
    while (lua_next(L, table)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            continue;
        int known = 0;
        for (int i = 0; keys[i]; i++)
            known |= strcmp(keys[i], lua_tostring(L, -1)) == 0;
        if (!known) {
            const char *key = lua_tostring(L, -1);
            lua_pop(L, 1);   /* the table still holds the key, so the string stays alive */
            return key;
        }
    }
    return NULL;
}

/* Raise unless every string key of the table at index is one of keys. */
static void check_options(lua_State *L, const char *fn, int table, const char *const *keys, const char *list)
{
    const char *key = match_unknown_key(L, table, keys);
    if (key)
        luaL_error(L, "%s: unknown option \"%s\" (options: %s)", fn, key, list);
}

void match_push_uses(lua_State *L, const char *fn, int index)
{
    index = lua_absindex(L, index);
    lua_newtable(L);
    if (is_matcher(L, index)) {
        lua_pushvalue(L, index);
        lua_rawseti(L, -2, 1);
        return;
    }
    if (!lua_istable(L, index) || lua_rawlen(L, index) == 0)
        luaL_error(L, "%s: uses= wants a Gazetteer, a Matcher, or an array of them", fn);
    for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, index); i++) {
        lua_rawgeti(L, index, i);
        if (!is_matcher(L, -1))
            luaL_error(L, "%s: uses[%d] is not a Gazetteer or a Matcher", fn, (int)i);
        lua_rawseti(L, -2, i);
    }
}

/* ---- targets: a Doc or a Span ---- */

/* The tokens of the Doc or Span at index; a Span's Doc is pushed. */
static void target_arg(lua_State *L, const char *fn, int index, match_target *t)
{
    index = lua_absindex(L, index);
    parley_span *span = luaL_testudata(L, index, PARLEY_SPAN_TYPE);
    if (!span && !luaL_testudata(L, index, PARLEY_DOC_TYPE))
        luaL_error(L, "%s: expected a Doc or a Span, got %s", fn, luaL_typename(L, index));
    if (span)
        lua_getiuservalue(L, index, 1);
    t->doc = span ? lua_gettop(L) : index;
    t->d = doc_check(L, t->doc);
    t->seg = doc_segmentation(L, t->doc);
    t->first = 0;
    t->last = (uint32_t)t->seg->ntokens;
    if (span) {
        t->first = seg_token_at(t->seg, span->start);
        t->last = seg_token_at(t->seg, span->stop);
    }
}

/* ---- building gazetteers ---- */

/* What one alias is added with; label and id may be NULL. attrs: stack index of a table, or 0. */
typedef struct {
    const char *label, *id;
    size_t label_len, id_len;
    int attrs;
} entry_info;

/* Add one alias; returns 1 when a new entry was made, or pushes a message and returns a PARLEY_E* code. */
static int add_alias(lua_State *L, int gi, const char *alias, size_t len, const entry_info *e)
{
    lua_gazetteer *lg = check_gazetteer(L, gi);
    int added;
    long n = gaz_add(lg->g, segment_rules(L), alias, len, e->label, e->label_len, e->id, e->id_len, &added);
    if (n < 0) {
        lua_pushfstring(L, "alias \"%s\": %s", alias,
                        n == PARLEY_EEMPTY ? "no tokens" : parley_errmsg((int)n));
        return (int)n;
    }
    if (!added)
        return 0;
    lua_getiuservalue(L, gi, 1);
    lua_pushnil(L);
    lua_setfield(L, -2, "fields");   /* a node's fields may have changed */
    if (e->attrs) {
        lua_getfield(L, -1, "attrs");
        lua_pushvalue(L, e->attrs);
        lua_rawseti(L, -2, (lua_Integer)n + 1);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return 1;
}

/* The default label of the Gazetteer at gi into e (it stays alive in the user value). */
static void default_label(lua_State *L, int gi, entry_info *e)
{
    lua_getiuservalue(L, gi, 1);
    lua_getfield(L, -1, "label");
    e->label = lua_tolstring(L, -1, &e->label_len);
    lua_pop(L, 2);
}

/* Copy the string keys of an entry table other than label and id into a new table (pushed; nil if none). */
static void push_entry_attrs(lua_State *L, int item)
{
    lua_newtable(L);
    int n = 0;
    lua_pushnil(L);
    while (lua_next(L, item)) {
        if (lua_type(L, -2) == LUA_TSTRING && strcmp(lua_tostring(L, -2), "label") != 0 &&
            strcmp(lua_tostring(L, -2), "id") != 0) {
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_rawset(L, -4);
            n++;
        } else {
            lua_pop(L, 1);
        }
    }
    if (n == 0) {
        lua_pop(L, 1);
        lua_pushnil(L);
    }
}

/* Fill e from an entry table: its label and id (pushed: a number id becomes a string), attrs (pushed). */
static void table_entry(lua_State *L, const char *fn, int gi, int item, entry_info *e)
{
    default_label(L, gi, e);
    if (lua_getfield(L, item, "label") != LUA_TNIL) {
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "%s: label is a string", fn);
        e->label = lua_tolstring(L, -1, &e->label_len);
    }
    lua_pop(L, 1);   /* the entry table keeps it */
    if (lua_getfield(L, item, "id") != LUA_TNIL) {
        if (!lua_isstring(L, -1))
            luaL_error(L, "%s: id is a string", fn);
        e->id = lua_tolstring(L, -1, &e->id_len);   /* converts a number in its stack slot */
    }
    push_entry_attrs(L, item);
    e->attrs = lua_isnil(L, -1) ? 0 : lua_gettop(L);
}

/*
 * Add the entry at index item: an alias string, or a table of aliases
 * (array part) with label, id and attributes. Returns how many entries
 * were new; raises on a mistake.
 */
static int add_entry(lua_State *L, const char *fn, int gi, int item, int number)
{
    int top = lua_gettop(L), added = 0, is_table = lua_istable(L, item);
    entry_info e = {0};
    item = lua_absindex(L, item);
    if (is_table)
        table_entry(L, fn, gi, item, &e);
    else if (lua_type(L, item) == LUA_TSTRING)
        default_label(L, gi, &e);
    else
        luaL_error(L, "%s: entry %d is %s, not an alias or a table", fn, number, luaL_typename(L, item));
    lua_Integer n = is_table ? (lua_Integer)lua_rawlen(L, item) : 1;
    if (n == 0)
        luaL_error(L, "%s: entry %d has no alias", fn, number);
    for (lua_Integer i = 1; i <= n; i++) {
        if (!is_table)
            lua_pushvalue(L, item);
        else if (lua_rawgeti(L, item, i) != LUA_TSTRING)
            luaL_error(L, "%s: entry %d: aliases are strings", fn, number);
        size_t len;
        const char *alias = lua_tolstring(L, -1, &len);
        int rc = add_alias(L, gi, alias, len, &e);
        if (rc < 0)
            luaL_error(L, "%s: entry %d: %s", fn, number, lua_tostring(L, -1));
        added += rc;
        lua_pop(L, 1);
    }
    lua_settop(L, top);
    return added;
}

/* ---- gazetteer files ---- */

static int reader_gc(lua_State *L)
{
    delim_free(luaL_checkudata(L, 1, READER_TYPE));
    return 0;
}

/* Columns of a gazetteer file: where alias, label and id are (-1 when absent); names at stack index names. */
typedef struct {
    int alias, label, id;
    size_t n;
    int names;
} file_columns;

/* Push nil and "path:line: message"; returns 2. */
static int file_error(lua_State *L, const char *path, size_t line, const char *msg)
{
    lua_pushnil(L);
    lua_pushfstring(L, "%s:%d: %s", path, (int)line, msg);
    return 2;
}

static int read_header(lua_State *L, delim_reader *r, file_columns *c)
{
    c->alias = c->label = c->id = -1;
    c->n = r->nfields;
    lua_createtable(L, (int)r->nfields, 0);
    c->names = lua_gettop(L);
    for (size_t i = 0; i < r->nfields; i++) {
        size_t len;
        const char *name = delim_field(r, i, &len);
        if (strcmp(name, "alias") == 0) c->alias = (int)i;
        if (strcmp(name, "label") == 0) c->label = (int)i;
        if (strcmp(name, "id") == 0) c->id = (int)i;
        lua_pushlstring(L, name, len);
        lua_rawseti(L, c->names, (lua_Integer)i + 1);
    }
    return c->alias >= 0;
}

/* A field of the record, NULL when the column is absent or the cell empty. */
static const char *cell(const delim_reader *r, int column, size_t *len)
{
    if (column < 0 || (size_t)column >= r->nfields)
        return NULL;
    const char *s = delim_field(r, (size_t)column, len);
    return *len ? s : NULL;
}

/* Push a table of the record's other non-empty cells by column name, or nil. */
static void push_file_attrs(lua_State *L, const delim_reader *r, const file_columns *c)
{
    int n = 0;
    lua_newtable(L);
    for (size_t i = 0; i < r->nfields; i++) {
        size_t len;
        const char *s = cell(r, (int)i, &len);
        if (!s || (int)i == c->alias || (int)i == c->label || (int)i == c->id)
            continue;
        lua_rawgeti(L, c->names, (lua_Integer)i + 1);
        lua_pushlstring(L, s, len);
        lua_rawset(L, -3);
        n++;
    }
    if (n == 0) {
        lua_pop(L, 1);
        lua_pushnil(L);
    }
}

/* Add the record's alias; 0, or pushes nil and a message and returns 2. */
static int add_record(lua_State *L, int gi, const char *path, const delim_reader *r, const file_columns *c,
                      int *added)
{
    size_t len;
    entry_info e = {0};
    if (r->nfields > c->n) {
        lua_pushfstring(L, "%d fields, the header has %d", (int)r->nfields, (int)c->n);
        return file_error(L, path, r->line, lua_tostring(L, -1));
    }
    const char *alias = cell(r, c->alias, &len);
    if (!alias)
        return file_error(L, path, r->line, "empty alias");
    default_label(L, gi, &e);
    if (cell(r, c->label, &e.label_len))
        e.label = cell(r, c->label, &e.label_len);
    e.id = cell(r, c->id, &e.id_len);
    push_file_attrs(L, r, c);
    e.attrs = lua_isnil(L, -1) ? 0 : lua_gettop(L);
    int rc = add_alias(L, gi, alias, len, &e);
    if (rc < 0)
        return file_error(L, path, r->line, lua_tostring(L, -1));
    *added += rc;
    lua_pop(L, 1);
    return 0;
}

/* Read every record of the file text at index text into the Gazetteer at gi. */
static int read_records(lua_State *L, int gi, const char *path, int text, int csv)
{
    size_t len;
    const char *s = lua_tolstring(L, text, &len);
    delim_reader *r = lua_newuserdatauv(L, sizeof *r, 0);
    delim_init(r, s, len, csv);
    luaL_setmetatable(L, READER_TYPE);
    file_columns c;
    int rc = delim_next(r), added = 0;
    if (rc == 1 && !read_header(L, r, &c))
        return file_error(L, path, r->line, "the header has no \"alias\" column");
    while (rc == 1 && (rc = delim_next(r)) == 1)
        if (add_record(L, gi, path, r, &c, &added))
            return 2;
    if (rc < 0)
        return file_error(L, path, r->next_line, parley_errmsg(rc));
    lua_pushinteger(L, added);
    return 1;
}

/* A relative path that does not exist here is looked up as data/NAME on the data path (parley.tsv.find). */
static const char *resolve_path(lua_State *L, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f || path[0] == '/') {
        if (f)
            fclose(f);
        return path;
    }
    lua_getglobal(L, "require");
    lua_pushliteral(L, "parley.tsv");
    lua_call(L, 1, 1);
    lua_getfield(L, -1, "find");
    lua_pushstring(L, strncmp(path, "data/", 5) == 0 ? path + 5 : path);
    lua_call(L, 1, 1);
    const char *found = lua_tostring(L, -1);
    return found ? found : path;   /* the string stays on the stack */
}

/* Load a TSV or CSV (by extension) gazetteer file; pushes the count of new entries, or nil and a message. */
static int load_file(lua_State *L, int gi, const char *path)
{
    path = resolve_path(L, path);
    char *data;
    size_t len;
    if (read_whole_file(path, &data, &len) < 0) {
        lua_pushnil(L);
        lua_pushfstring(L, "%s: %s", path, strerror(errno));
        return 2;
    }
    lua_pushlstring(L, data, len);
    free(data);
    int text = lua_gettop(L);
    size_t valid = utf8_valid_prefix(lua_tostring(L, text), len);
    if (valid < len) {
        const char *s = lua_tostring(L, text);
        size_t line = 1;
        for (size_t i = 0; i < valid; i++)
            line += s[i] == '\n';
        return file_error(L, path, line, "invalid UTF-8");
    }
    size_t n = strlen(path);
    return read_records(L, gi, path, text, n >= 4 && strcasecmp(path + n - 4, ".csv") == 0);
}

/* ---- running matchers ---- */

/*
 * Add the Gazetteer's matches among t's tokens to b; each refers to its
 * trie node. A gazetteer ranks as one rule: among its own matches, only
 * length and position count, never the order entries were added in.
 */
static void gazetteer_collect(lua_State *L, int gi, const match_target *t, uint32_t member, int longest,
                              match_buffers *b)
{
    lua_gazetteer *lg = check_gazetteer(L, gi);
    if (gaz_find(lg->g, t->d->text, t->seg, t->first, t->last, longest, &b->hits) < 0)
        luaL_error(L, "doc:match: out of memory");
    for (size_t i = 0; i < b->hits.n; i++) {
        const gaz_hit *h = &b->hits.v[i];
        cand_add(L, b, (match_cand){h->first, h->last, cand_prio(member, 0), h->node, h->trim});
    }
}

static uint8_t policy_of(lua_State *L, int m)
{
    lua_gazetteer *lg = test_gazetteer(L, m);
    return lg ? lg->overlap : check_matcher(L, m)->overlap;
}

/* Push member i (0-based) of the matcher at m: the Gazetteer itself, or a Matcher's Rule or Gazetteer. */
static void push_member(lua_State *L, int m, uint32_t i)
{
    if (test_gazetteer(L, m)) {
        lua_pushvalue(L, m);
        return;
    }
    lua_getiuservalue(L, m, 1);
    lua_getfield(L, -1, "members");
    lua_rawgeti(L, -1, (lua_Integer)i + 1);
    lua_replace(L, -3);
    lua_pop(L, 1);
}

static uint32_t member_count(lua_State *L, int m)
{
    if (test_gazetteer(L, m))
        return 1;
    lua_getiuservalue(L, m, 1);
    lua_getfield(L, -1, "members");
    uint32_t n = (uint32_t)lua_rawlen(L, -1);
    lua_pop(L, 2);
    return n;
}

/* Every candidate of every member of the matcher at m, as its policy needs them. */
static void collect(lua_State *L, int m, const match_target *t, match_buffers *b)
{
    uint8_t policy = policy_of(L, m);
    uint32_t n = member_count(L, m);
    for (uint32_t i = 0; i < n; i++) {
        push_member(L, m, i);
        if (test_gazetteer(L, -1))
            gazetteer_collect(L, lua_gettop(L), t, i, policy != OVERLAP_ALL, b);
        else
            rule_collect(L, -1, t, i, policy != OVERLAP_ALL, b);
        lua_pop(L, 1);
    }
}

/* Run the matcher at m over t and choose by its policy: the chosen candidates are b->c[0..return). */
static size_t run_matcher(lua_State *L, int m, const match_target *t, match_buffers *b)
{
    collect(L, m, t, b);
    ptrdiff_t k = overlap_select(b->c, b->n, (overlap_policy)policy_of(L, m));
    if (k < 0)
        luaL_error(L, "doc:match: out of memory");
    return (size_t)k;
}

/* ---- fields of matches ---- */

/* Set label, id, alias and attrs of entry n in the table on top. */
static void set_entry_fields(lua_State *L, const lua_gazetteer *lg, int attrs, uint32_t n)
{
    gaz_entry e;
    gaz_entry_get(lg->g, n, &e);
    lua_pushlstring(L, e.alias, e.alias_len);
    lua_setfield(L, -2, "alias");
    if (e.label) {
        lua_pushlstring(L, e.label, e.label_len);
        lua_setfield(L, -2, "label");
    }
    if (e.id) {
        lua_pushlstring(L, e.id, e.id_len);
        lua_setfield(L, -2, "id");
    }
    lua_rawgeti(L, attrs, (lua_Integer)n + 1);
    lua_setfield(L, -2, "attrs");
}

/*
 * Push the fields of a gazetteer match on a node: the first entry's label,
 * id, alias and attrs, rule (the gazetteer's name), and entries (all of
 * them, in the order added) when there are several.
 */
static void make_node_fields(lua_State *L, const lua_gazetteer *lg, int uv, uint32_t node)
{
    lua_getfield(L, uv, "attrs");
    int attrs = lua_gettop(L);
    lua_createtable(L, 0, 6);
    long first = gaz_node_first(lg->g, node);
    set_entry_fields(L, lg, attrs, (uint32_t)first);
    lua_getfield(L, uv, "name");
    lua_setfield(L, -2, "rule");
    if (gaz_entry_next(lg->g, (uint32_t)first) >= 0) {
        lua_newtable(L);
        int n = 0;
        for (long e = first; e >= 0; e = gaz_entry_next(lg->g, (uint32_t)e)) {
            lua_createtable(L, 0, 4);
            set_entry_fields(L, lg, attrs, (uint32_t)e);
            lua_rawseti(L, -2, ++n);
        }
        lua_setfield(L, -2, "entries");
    }
    lua_remove(L, attrs);
}

#define FIELDS_CACHE_MAX 16384   /* nodes whose fields tables a Gazetteer keeps */

/* Push the Gazetteer's cache of fields tables by node, made anew when missing or full. */
static int push_fields_cache(lua_State *L, int uv)
{
    if (lua_getfield(L, uv, "fields") == LUA_TTABLE) {
        lua_getfield(L, uv, "nfields");
        lua_Integer n = lua_tointeger(L, -1);
        lua_pop(L, 1);
        if (n < FIELDS_CACHE_MAX)
            return lua_gettop(L);
    }
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, uv, "fields");
    lua_pushinteger(L, 0);
    lua_setfield(L, uv, "nfields");
    return lua_gettop(L);
}

/* Push the fields of a match on node of the Gazetteer at gi, shared by every match on it. */
static void gazetteer_fields(lua_State *L, int gi, uint32_t node)
{
    lua_gazetteer *lg = check_gazetteer(L, gi);
    lua_getiuservalue(L, gi, 1);
    int uv = lua_gettop(L), cache = push_fields_cache(L, uv);
    if (lua_rawgeti(L, cache, node) == LUA_TNIL) {
        lua_pop(L, 1);
        make_node_fields(L, lg, uv, node);
        lua_pushvalue(L, -1);
        lua_rawseti(L, cache, node);
        lua_getfield(L, uv, "nfields");
        lua_pushinteger(L, lua_tointeger(L, -1) + 1);
        lua_setfield(L, uv, "nfields");
        lua_pop(L, 1);
    }
    lua_replace(L, uv);
    lua_settop(L, uv);
}

/* Push the fields table of candidate c of the matcher at m. */
static void push_fields(lua_State *L, int m, const match_cand *c)
{
    push_member(L, m, (uint32_t)(c->prio >> 32));
    if (test_gazetteer(L, -1))
        gazetteer_fields(L, lua_gettop(L), c->ref);
    else
        rule_push_fields(L, -1);
    lua_remove(L, -2);
}

/*
 * Push the array of match Spans of the matcher at m over t. Matches of the
 * same rule or trie node share one fields table (they are read-only
 * through the Span), so a name found 500 times costs one table.
 */
static int push_matches(lua_State *L, int m, const match_target *t)
{
    m = lua_absindex(L, m);
    match_buffers *b = buffers_push(L);
    size_t k = run_matcher(L, m, t, b);
    lua_newtable(L);
    int shared = lua_gettop(L);
    lua_createtable(L, (int)k, 0);
    const seg_token *tok = t->seg->tokens;
    for (size_t i = 0; i < k; i++) {
        const match_cand *c = &b->c[i];
        lua_Integer key = (lua_Integer)((c->prio >> 32) << 32 | c->ref);
        span_push(L, t->doc, tok[c->first].start, tok[c->last - 1].stop - c->trim, SPAN_TEXT, 0);
        if (lua_rawgeti(L, shared, key) == LUA_TNIL) {
            lua_pop(L, 1);
            push_fields(L, m, c);
            lua_pushvalue(L, -1);
            lua_rawseti(L, shared, key);
        }
        span_set_fields(L, -2);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_replace(L, -3);   /* over the buffers: their finalizer frees them */
    lua_pop(L, 1);
    return 1;
}

/* Add value (on top; popped) to what token index i of table tab holds: one value, or an array of them. */
static void add_entity(lua_State *L, int tab, lua_Integer i)
{
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return;
    }
    if (lua_rawgeti(L, tab, i) == LUA_TNIL || lua_rawequal(L, -1, -2)) {
        lua_pop(L, 1);
        lua_rawseti(L, tab, i);
        return;
    }
    if (!lua_istable(L, -1)) {
        lua_createtable(L, 2, 0);
        lua_insert(L, -2);
        lua_rawseti(L, -2, 1);
        lua_pushvalue(L, -1);
        lua_rawseti(L, tab, i);
    }
    lua_insert(L, -2);
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
    lua_pop(L, 1);
}

void match_entities(lua_State *L, int uses, const match_target *t)
{
    uses = lua_absindex(L, uses);
    lua_newtable(L);
    lua_newtable(L);
    int ents = lua_gettop(L) - 1, ids = ents + 1;
    for (lua_Integer u = 1; u <= (lua_Integer)lua_rawlen(L, uses); u++) {
        lua_rawgeti(L, uses, u);
        int m = lua_gettop(L);
        match_buffers *b = buffers_push(L);
        size_t k = run_matcher(L, m, t, b);
        for (size_t i = 0; i < k; i++) {
            push_fields(L, m, &b->c[i]);
            for (uint32_t tok = b->c[i].first; tok < b->c[i].last; tok++) {
                lua_getfield(L, -1, "label");
                add_entity(L, ents, (lua_Integer)tok + 1);
                lua_getfield(L, -1, "id");
                add_entity(L, ids, (lua_Integer)tok + 1);
            }
            lua_pop(L, 1);
        }
        lua_settop(L, ids);
    }
}

/* ---- constructors ---- */

/* Push a new empty Gazetteer with the options of the table at opts; returns its index. */
static int gazetteer_new(lua_State *L, const char *fn, int opts)
{
    lua_gazetteer *lg = lua_newuserdatauv(L, sizeof *lg, 1);
    lg->g = NULL;
    lg->overlap = OVERLAP_LONGEST;
    luaL_setmetatable(L, PARLEY_GAZETTEER_TYPE);
    int gi = lua_gettop(L);
    if (!(lg->g = gaz_new()))
        luaL_error(L, "%s: out of memory", fn);
    lg->overlap = overlap_option(L, fn, opts);
    lua_createtable(L, 0, 3);
    lua_getfield(L, opts, "name");
    lua_getfield(L, opts, "label");
    if ((!lua_isnil(L, -2) && lua_type(L, -2) != LUA_TSTRING) || (!lua_isnil(L, -1) && lua_type(L, -1) != LUA_TSTRING))
        luaL_error(L, "%s: name and label are strings", fn);
    lua_setfield(L, -3, "label");
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushliteral(L, "phrases");
    }
    lua_setfield(L, -2, "name");
    lua_newtable(L);
    lua_setfield(L, -2, "attrs");
    lua_setiuservalue(L, gi, 1);
    return gi;
}

/*
 * match.phrases{entry..., name=, label=, overlap=, file=} -> Gazetteer | nil, message
 * An entry is an alias, or {alias..., label=, id=, other=...} (other keys
 * become attrs); label= is the default label. file= loads a TSV or CSV file
 * (see load_file); a file that cannot be read or parsed gives nil, message.
 */
static int l_phrases(lua_State *L)
{
    static const char *const options[] = {"name", "label", "overlap", "file", NULL};
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    check_options(L, "match.phrases", 1, options, "name, label, overlap, file");
    int gi = gazetteer_new(L, "match.phrases", 1);
    for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, 1); i++) {
        lua_rawgeti(L, 1, i);
        add_entry(L, "match.phrases", gi, -1, (int)i);
        lua_pop(L, 1);
    }
    if (lua_getfield(L, 1, "file") != LUA_TNIL) {
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "match.phrases: file= is a path");
        if (load_file(L, gi, lua_tostring(L, -1)) == 2)
            return 2;
    }
    lua_settop(L, gi);
    return 1;
}

/* g:add(entry) -> how many new entries (an entry as in match.phrases) */
static int gazetteer_add(lua_State *L)
{
    check_gazetteer(L, 1);
    lua_pushinteger(L, add_entry(L, "gazetteer:add", 1, 2, 1));
    return 1;
}

/* g:load(path) -> how many new entries | nil, "path:line: message" */
static int gazetteer_load(lua_State *L)
{
    check_gazetteer(L, 1);
    return load_file(L, 1, luaL_checkstring(L, 2));
}

/* Push a new empty Matcher with the options (name, overlap) of the table at opts; returns its index. */
static int matcher_new(lua_State *L, const char *fn, int opts)
{
    lua_matcher *m = lua_newuserdatauv(L, sizeof *m, 1);
    m->overlap = OVERLAP_LONGEST;
    luaL_setmetatable(L, PARLEY_MATCHER_TYPE);
    int mi = lua_gettop(L);
    m->overlap = overlap_option(L, fn, opts);
    lua_createtable(L, 0, 2);
    if (lua_getfield(L, opts, "name") != LUA_TNIL && lua_type(L, -1) != LUA_TSTRING)
        luaL_error(L, "%s: name is a string", fn);
    lua_setfield(L, -2, "name");
    lua_newtable(L);
    lua_setfield(L, -2, "members");
    lua_setiuservalue(L, mi, 1);
    return mi;
}

/* Push the members array of the Matcher at mi. */
static int push_members(lua_State *L, int mi)
{
    lua_getiuservalue(L, mi, 1);
    lua_getfield(L, -1, "members");
    lua_remove(L, -2);
    return lua_gettop(L);
}

static void append(lua_State *L, int array)
{
    lua_rawseti(L, array, (lua_Integer)lua_rawlen(L, array) + 1);
}

/* Whether the table at index is an array of rules rather than one rule (whose items are token specs). */
static int is_rule_list(lua_State *L, int t)
{
    int top = lua_gettop(L);
    int list = lua_rawgeti(L, t, 1) == LUA_TTABLE && lua_rawgeti(L, -1, 1) == LUA_TTABLE;
    lua_settop(L, top);
    return list;
}

/* Compile the rule, or array of rules, of the table at t into the members array at index members. */
static void compile_rules(lua_State *L, const char *fn, int t, int members)
{
    static const char *const list_options[] = {"name", "overlap", "uses", NULL};
    int top = lua_gettop(L), uses = 0;
    if (lua_getfield(L, t, "uses") != LUA_TNIL) {
        match_push_uses(L, fn, -1);
        uses = lua_gettop(L);
    }
    if (!is_rule_list(L, t)) {
        rule_compile(L, fn, t, uses, (int)lua_rawlen(L, members) + 1);
        append(L, members);
    } else {
        check_options(L, fn, t, list_options, "name, overlap, uses");
        for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, t); i++) {
            if (lua_rawgeti(L, t, i) != LUA_TTABLE)
                luaL_error(L, "%s: rule %d is not a table", fn, (int)i);
            rule_compile(L, fn, lua_gettop(L), uses, (int)lua_rawlen(L, members) + 1);
            append(L, members);
            lua_pop(L, 1);
        }
    }
    lua_settop(L, top);
}

/* A single-rule Matcher without a name takes its rule's. */
static void default_name(lua_State *L, int mi, int members)
{
    lua_getiuservalue(L, mi, 1);
    if (lua_getfield(L, -1, "name") == LUA_TNIL && lua_rawlen(L, members) == 1) {
        lua_rawgeti(L, members, 1);
        rule_push_name(L, -1);
        lua_setfield(L, -4, "name");
        lua_pop(L, 1);
    }
    lua_pop(L, 2);
}

/*
 * match.tokens{spec..., name=, label=, overlap=, uses=} -> Matcher with one rule
 * match.tokens{ {spec..., name=, label=}, ..., overlap=, uses= } -> Matcher with several
 */
static int l_tokens(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    int mi = matcher_new(L, "match.tokens", 1), members = push_members(L, mi);
    compile_rules(L, "match.tokens", 1, members);
    default_name(L, mi, members);
    lua_settop(L, mi);
    return 1;
}

/* Append the members of the Gazetteer, Matcher or rule table at index item. */
static void set_item(lua_State *L, int item, int members, int number)
{
    if (test_gazetteer(L, item)) {
        lua_pushvalue(L, item);
        append(L, members);
    } else if (luaL_testudata(L, item, PARLEY_MATCHER_TYPE)) {
        int theirs = push_members(L, item);
        for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, theirs); i++) {
            lua_rawgeti(L, theirs, i);
            append(L, members);
        }
        lua_pop(L, 1);
    } else if (lua_istable(L, item)) {
        compile_rules(L, "match.set", item, members);
    } else {
        luaL_error(L, "match.set: item %d is not a Gazetteer, a Matcher or a rule", number);
    }
}

/* match.set{matcher_or_rule..., name=, overlap=} -> Matcher whose members rank in the order given */
static int l_set(lua_State *L)
{
    static const char *const options[] = {"name", "overlap", NULL};
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    check_options(L, "match.set", 1, options, "name, overlap");
    int mi = matcher_new(L, "match.set", 1), members = push_members(L, mi);
    for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, 1); i++) {
        lua_rawgeti(L, 1, i);
        set_item(L, lua_gettop(L), members, (int)i);
        lua_pop(L, 1);
    }
    lua_settop(L, mi);
    return 1;
}

/* ---- doc:match and m:match ---- */

static void check_any_matcher(lua_State *L, const char *fn, int index)
{
    if (!is_matcher(L, index))
        luaL_error(L, "%s: expected a Gazetteer or a Matcher (match.phrases, match.tokens), got %s", fn,
                   luaL_typename(L, index));
}

/*
 * doc:match(m) -> array of Spans, in text order (first token, then longer,
 * then higher priority), chosen by m's overlap policy; each has the fields
 * of what produced it (rule, label, and for gazetteers id, alias, attrs,
 * entries).
 */
static int doc_match(lua_State *L)
{
    match_target t;
    doc_check(L, 1);
    check_any_matcher(L, "doc:match", 2);
    target_arg(L, "doc:match", 1, &t);
    return push_matches(L, 2, &t);
}

/* m:match(doc_or_span) -> the same array as doc:match(m), over the tokens of a Span when one is given */
static int matcher_match(lua_State *L)
{
    match_target t;
    check_any_matcher(L, "match", 1);
    target_arg(L, "match", 2, &t);
    return push_matches(L, 1, &t);
}

/* ---- explain ---- */

/* Push the matching key of token tok: text.fold of the token without a possessive clitic. */
static void push_key(lua_State *L, const match_target *t, uint32_t tok)
{
    const seg_token *st = &t->seg->tokens[tok];
    size_t len = st->stop - st->start;
    if ((st->flags & TOKEN_POSSESSIVE) && st->suffix_len < len)
        len -= st->suffix_len;
    char *key = NULL;
    ptrdiff_t n = text_fold(t->d->text + st->start, len, &key);
    lua_pushlstring(L, key ? key : "", n > 0 ? (size_t)n : 0);
    free(key);
}

/* Push {token, index, key, known} for each of t's tokens. */
static void gazetteer_steps(lua_State *L, int gi, const match_target *t)
{
    lua_gazetteer *lg = check_gazetteer(L, gi);
    lua_createtable(L, (int)(t->last - t->first), 0);
    for (uint32_t tok = t->first; tok < t->last; tok++) {
        const seg_token *st = &t->seg->tokens[tok];
        lua_createtable(L, 0, 4);
        span_push(L, t->doc, st->start, st->stop, SPAN_TOKEN, tok);
        lua_setfield(L, -2, "token");
        lua_pushinteger(L, (lua_Integer)tok + 1);
        lua_setfield(L, -2, "index");
        push_key(L, t, tok);
        lua_setfield(L, -2, "key");
        lua_pushboolean(L, gaz_knows(lg->g, t->d->text, st) == 1);
        lua_setfield(L, -2, "known");
        lua_rawseti(L, -2, (lua_Integer)(tok - t->first) + 1);
    }
}

/* Push "N matches: "text" (LABEL id), ..." for the array of match Spans at index matches. */
static void push_gazetteer_reason(lua_State *L, int matches)
{
    lua_Integer n = (lua_Integer)lua_rawlen(L, matches);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    if (n == 0)
        luaL_addstring(&b, "no match");
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, matches, i);
        const char *text = luaL_tolstring(L, -1, NULL);
        lua_getfield(L, -2, "label");
        lua_getfield(L, -3, "id");
        const char *label = lua_isstring(L, -2) ? lua_tostring(L, -2) : "-";
        const char *id = lua_isstring(L, -1) ? lua_tostring(L, -1) : "-";
        const char *head = i > 1 ? ", " : n == 1 ? "1 match: " : "matches: ";
        lua_pushfstring(L, "%s\"%s\" (%s %s)", head, text, label, id);
        lua_replace(L, -5);
        lua_pop(L, 3);
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
}

/* Push the explanation of the Gazetteer at gi on t: each token's key and whether an alias has it, and the matches. */
static void gazetteer_explain(lua_State *L, int gi, const match_target *t)
{
    gi = lua_absindex(L, gi);
    lua_createtable(L, 0, 6);
    int ex = lua_gettop(L);
    lua_pushliteral(L, "phrases");
    lua_setfield(L, ex, "kind");
    lua_getiuservalue(L, gi, 1);
    lua_getfield(L, -1, "name");
    lua_setfield(L, ex, "rule");
    lua_pop(L, 1);
    push_matches(L, gi, t);
    lua_pushboolean(L, lua_rawlen(L, -1) > 0);
    lua_setfield(L, ex, "matched");
    push_gazetteer_reason(L, lua_gettop(L));
    lua_setfield(L, ex, "reason");
    lua_setfield(L, ex, "matches");
    gazetteer_steps(L, gi, t);
    lua_setfield(L, ex, "steps");
}

/* Append the lines of a gazetteer explanation at ex to the array at lines. */
static void gazetteer_lines(lua_State *L, int ex, int lines)
{
    lua_getfield(L, ex, "rule");
    lua_getfield(L, ex, "reason");
    lua_pushfstring(L, "phrases \"%s\": %s", lua_tostring(L, -2), lua_tostring(L, -1));
    append(L, lines);
    lua_pop(L, 2);
    lua_getfield(L, ex, "steps");
    for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, -1); i++) {
        lua_rawgeti(L, -1, i);
        lua_getfield(L, -1, "index");
        int index = (int)lua_tointeger(L, -1);
        lua_getfield(L, -2, "token");
        const char *text = luaL_tolstring(L, -1, NULL);
        lua_getfield(L, -4, "key");
        lua_getfield(L, -5, "known");
        lua_pushfstring(L, "  token %d \"%s\" key \"%s\": %s", index, text, lua_tostring(L, -2),
                        lua_toboolean(L, -1) ? "a word of some alias" : "in no alias");
        append(L, lines);
        lua_pop(L, 6);
    }
    lua_pop(L, 1);
}

/* tostring(explanation): every member's lines. */
static int explanation_tostring(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    lua_newtable(L);
    for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, 1); i++) {
        lua_rawgeti(L, 1, i);
        lua_getfield(L, -1, "kind");
        int rule = lua_isstring(L, -1) && strcmp(lua_tostring(L, -1), "tokens") == 0;
        lua_pop(L, 1);
        if (rule)
            rule_explain_lines(L, 3, 2);
        else
            gazetteer_lines(L, 3, 2);
        lua_pop(L, 1);
    }
    lua_getglobal(L, "table");
    lua_getfield(L, -1, "concat");
    lua_pushvalue(L, 2);
    lua_pushliteral(L, "\n");
    lua_call(L, 2, 1);
    return 1;
}

/*
 * match.explain(m, span_or_doc) -> explanation: an array with one table
 * per member of m (a Matcher, a Gazetteer, or a rule table), each with
 * kind ("tokens" or "phrases"), rule, matched, reason and steps (token by
 * token); and matched (any member matched). tostring() renders it.
 */
static int l_explain(lua_State *L)
{
    match_target t;
    lua_settop(L, 2);
    target_arg(L, "match.explain", 2, &t);
    int m = 1;
    if (lua_istable(L, 1)) {
        m = matcher_new(L, "match.explain", 1);
        compile_rules(L, "match.explain", 1, push_members(L, m));
    } else {
        check_any_matcher(L, "match.explain", 1);
    }
    lua_newtable(L);
    int out = lua_gettop(L), matched = 0;
    luaL_setmetatable(L, EXPLANATION_TYPE);
    for (uint32_t i = 0; i < member_count(L, m); i++) {
        push_member(L, m, i);
        if (test_gazetteer(L, -1))
            gazetteer_explain(L, -1, &t);
        else
            rule_explain(L, -1, &t);
        lua_getfield(L, -1, "matched");
        matched |= lua_toboolean(L, -1);
        lua_pop(L, 1);
        lua_rawseti(L, out, (lua_Integer)i + 1);
        lua_pop(L, 1);
    }
    lua_pushboolean(L, matched);
    lua_setfield(L, out, "matched");
    return 1;
}

/* ---- fields, metamethods, registration ---- */

static int gazetteer_index(lua_State *L)
{
    lua_gazetteer *lg = check_gazetteer(L, 1);
    const char *key = luaL_checkstring(L, 2);
    if (luaL_getmetafield(L, 1, "methods") && lua_getfield(L, -1, key) != LUA_TNIL)
        return 1;
    if (strcmp(key, "size") == 0)
        lua_pushinteger(L, (lua_Integer)gaz_entries(lg->g));
    else if (strcmp(key, "words") == 0)
        lua_pushinteger(L, (lua_Integer)gaz_words(lg->g));
    else if (strcmp(key, "overlap") == 0)
        lua_pushstring(L, OVERLAP_NAMES[lg->overlap]);
    else if (strcmp(key, "name") == 0 || strcmp(key, "label") == 0) {
        lua_getiuservalue(L, 1, 1);
        lua_getfield(L, -1, key);
    } else
        lua_pushnil(L);
    return 1;
}

static int gazetteer_len(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)gaz_entries(check_gazetteer(L, 1)->g));
    return 1;
}

static int gazetteer_tostring(lua_State *L)
{
    lua_gazetteer *lg = check_gazetteer(L, 1);
    lua_getiuservalue(L, 1, 1);
    lua_getfield(L, -1, "name");
    lua_pushfstring(L, "<Gazetteer \"%s\": %I entries, %I words>", lua_tostring(L, -1),
                    (lua_Integer)gaz_entries(lg->g), (lua_Integer)gaz_words(lg->g));
    return 1;
}

/* m.rules: the names of the members, in priority order. */
static void push_rule_names(lua_State *L, int mi)
{
    int members = push_members(L, mi);
    lua_Integer n = (lua_Integer)lua_rawlen(L, members);
    lua_createtable(L, (int)n, 0);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, members, i);
        if (test_gazetteer(L, -1)) {
            lua_getiuservalue(L, -1, 1);
            lua_getfield(L, -1, "name");
            lua_replace(L, -3);
            lua_pop(L, 1);
        } else {
            rule_push_name(L, -1);
            lua_remove(L, -2);
        }
        lua_rawseti(L, -2, i);
    }
}

static int matcher_index(lua_State *L)
{
    lua_matcher *m = check_matcher(L, 1);
    const char *key = luaL_checkstring(L, 2);
    if (luaL_getmetafield(L, 1, "methods") && lua_getfield(L, -1, key) != LUA_TNIL)
        return 1;
    if (strcmp(key, "overlap") == 0)
        lua_pushstring(L, OVERLAP_NAMES[m->overlap]);
    else if (strcmp(key, "rules") == 0)
        push_rule_names(L, 1);
    else if (strcmp(key, "name") == 0) {
        lua_getiuservalue(L, 1, 1);
        lua_getfield(L, -1, "name");
    } else
        lua_pushnil(L);
    return 1;
}

static int matcher_len(lua_State *L)
{
    check_matcher(L, 1);
    lua_pushinteger(L, member_count(L, 1));
    return 1;
}

static int matcher_tostring(lua_State *L)
{
    check_matcher(L, 1);
    lua_getiuservalue(L, 1, 1);
    lua_getfield(L, -1, "name");
    uint32_t n = member_count(L, 1);
    if (lua_isstring(L, -1))
        lua_pushfstring(L, "<Matcher \"%s\": %d rule%s>", lua_tostring(L, -1), (int)n, n == 1 ? "" : "s");
    else
        lua_pushfstring(L, "<Matcher: %d rule%s>", (int)n, n == 1 ? "" : "s");
    return 1;
}

static const luaL_Reg gazetteer_methods[] = {
    {"add", gazetteer_add},
    {"load", gazetteer_load},
    {"match", matcher_match},
    {NULL, NULL},
};

static const luaL_Reg gazetteer_meta[] = {
    {"__index", gazetteer_index},
    {"__len", gazetteer_len},
    {"__tostring", gazetteer_tostring},
    {"__gc", gazetteer_gc},
    {NULL, NULL},
};

static const luaL_Reg matcher_methods[] = {
    {"match", matcher_match},
    {NULL, NULL},
};

static const luaL_Reg matcher_meta[] = {
    {"__index", matcher_index},
    {"__len", matcher_len},
    {"__tostring", matcher_tostring},
    {NULL, NULL},
};

static const luaL_Reg match_functions[] = {
    {"phrases", l_phrases},
    {"tokens", l_tokens},
    {"set", l_set},
    {"explain", l_explain},
    {NULL, NULL},
};

static void new_type(lua_State *L, const char *name, const luaL_Reg *meta, const luaL_Reg *methods)
{
    luaL_newmetatable(L, name);
    if (meta)
        luaL_setfuncs(L, meta, 0);
    if (methods) {
        lua_newtable(L);
        luaL_setfuncs(L, methods, 0);
        lua_setfield(L, -2, "methods");
    }
    lua_pop(L, 1);
}

/* doc:match joins the Doc methods that lua_doc.c registered. */
static void add_doc_match(lua_State *L)
{
    if (luaL_getmetatable(L, PARLEY_DOC_TYPE) != LUA_TTABLE) {
        lua_pop(L, 1);
        doc_register(L);
        luaL_getmetatable(L, PARLEY_DOC_TYPE);
    }
    lua_getfield(L, -1, "methods");
    lua_pushcfunction(L, doc_match);
    lua_setfield(L, -2, "match");
    lua_pop(L, 2);
}

int luaopen_parley_match(lua_State *L)
{
    static const luaL_Reg buffers_meta[] = {{"__gc", buffers_gc}, {NULL, NULL}};
    static const luaL_Reg reader_meta[] = {{"__gc", reader_gc}, {NULL, NULL}};
    static const luaL_Reg explanation_meta[] = {{"__tostring", explanation_tostring}, {NULL, NULL}};
    new_type(L, BUFFERS_TYPE, buffers_meta, NULL);
    new_type(L, READER_TYPE, reader_meta, NULL);
    new_type(L, RULE_TYPE, NULL, NULL);
    new_type(L, EXPLANATION_TYPE, explanation_meta, NULL);
    new_type(L, PARLEY_GAZETTEER_TYPE, gazetteer_meta, gazetteer_methods);
    new_type(L, PARLEY_MATCHER_TYPE, matcher_meta, matcher_methods);
    add_doc_match(L);
    luaL_newlib(L, match_functions);
    return 1;
}
