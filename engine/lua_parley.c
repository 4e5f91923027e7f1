/* lua_parley.c: the `parley` module: open corpora, make documents, reach the submodules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include <dirent.h>
#include <unistd.h>

#include <lauxlib.h>

#include "ingest.h"
#include "lua_api.h"
#include "parley.h"
#include "runtime.h"
#include "sandbox.h"

#define DEFAULT_DB "parley.db"

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* In the sandbox, limit what SQL on the new corpus (on top of the stack) may do. */
static void guard_corpus(lua_State *L, parley_store *store, const char *path)
{
    int guards = sandbox_corpus_guards(L, path);
    if (guards && store_guard(store, guards) < 0)
        luaL_error(L, "parley.open: %s", store_errmsg(store));   /* the Corpus on the stack closes it */
}

/* The bundled corpus: data/corpus/ of the parley home, ingested into memory. */
static int open_bundled(lua_State *L)
{
    char err[1024], dir[4200];
    parley_store *store;
    if (store_open(":memory:", STORE_CREATE, &store, err, sizeof err) < 0) {
        lua_pushnil(L);
        lua_pushstring(L, err);
        return 2;
    }
    corpus_push(L, store);
    snprintf(dir, sizeof dir, "%s/data/corpus", runtime_home());
    char *paths[] = {dir};
    ingest_opts opts = {.quiet = 1};
    ingest_stats stats = {0};
    if (ingest_paths(L, store, &opts, paths, 1, &stats, err, sizeof err) < 0) {
        lua_pushnil(L);
        lua_pushfstring(L, "parley.open: bundled corpus: %s", err);
        return 2;
    }
    guard_corpus(L, store, ":memory:");
    return 1;
}

/*
 * parley.open([path [, {readonly=bool}]]) -> Corpus | nil, message
 * Without a path: --db, else PARLEY_DB, else ./parley.db when it exists,
 * else the bundled corpus in memory (so every bundled script works as is;
 * it is writable, and nothing written to it is kept).
 * A given path is created when missing, unless read-only.
 */
static int l_open(lua_State *L)
{
    const runtime_opts *ro = runtime_options(L);
    const char *path = luaL_optstring(L, 1, NULL);
    int readonly = ro && ro->readonly;
    if (lua_istable(L, 2)) {
        lua_getfield(L, 2, "readonly");
        readonly = readonly || lua_toboolean(L, -1);
        lua_pop(L, 1);
    }
    if (path && strcmp(path, ":memory:") != 0) {   /* the script chose the file: the sandbox checks it */
        if (file_exists(path) || readonly)
            sandbox_check_read(L, path);
        else
            sandbox_check_write(L, path);
    }
    if (!path && ro && ro->db_path && *ro->db_path)
        path = ro->db_path;
    if (!path && file_exists(DEFAULT_DB))
        path = DEFAULT_DB;
    if (!path)
        return open_bundled(L);
    char err[1024];
    parley_store *store;
    if (store_open(path, readonly ? STORE_READONLY : STORE_CREATE, &store, err, sizeof err) < 0) {
        lua_pushnil(L);
        lua_pushstring(L, err);
        return 2;
    }
    corpus_push(L, store);
    guard_corpus(L, store, path);
    return 1;
}

static void read_doc_opts(lua_State *L, int opts, ingest_opts *o)
{
    memset(o, 0, sizeof *o);
    o->quiet = 1;
    if (!opts)
        return;
    lua_getfield(L, opts, "repair");
    o->repair = lua_toboolean(L, -1);
    lua_pop(L, 1);
}

/* Wrap a prepared document as a Doc (not stored); the map moves into the Doc. */
int doc_push_prepared(lua_State *L, prepared_doc *doc, const char *origin)
{
    lua_pushlstring(L, doc->text, doc->len);
    int text_index = lua_gettop(L);
    lua_createtable(L, 0, 6);
    const char *names[] = {"title", "date", "source", "lang"};
    char *values[] = {doc->title, doc->date, doc->source, doc->lang};
    for (int i = 0; i < 4; i++) {
        if (values[i]) {
            lua_pushstring(L, values[i]);
            lua_setfield(L, -2, names[i]);
        }
    }
    lua_pushstring(L, origin);
    lua_setfield(L, -2, "origin");
    if (doc->meta_json && json_push_decoded(L, doc->meta_json, strlen(doc->meta_json)) == 1)
        lua_setfield(L, -2, "meta");
    else if (doc->meta_json)
        lua_pop(L, 2);
    parley_offset_map *map = doc->loaded.map;
    doc->loaded.map = NULL;
    prepared_doc_free(doc);
    doc_push(L, 0, text_index, text_index + 1, map);
    return 1;
}

/*
 * parley.doc(text [, fields]) -> Doc | nil, message
 * The text is validated and normalised as a loaded file would be; fields
 * (title, date, source, lang, other meta) take precedence over a metadata prefix.
 */
static int l_doc(lua_State *L)
{
    size_t len;
    const char *text = luaL_checklstring(L, 1, &len);
    int fields = lua_istable(L, 2) ? 2 : 0;
    ingest_opts o;
    read_doc_opts(L, fields, &o);
    if (fields)
        fields = push_metadata_fields(L, fields);
    prepared_doc doc;
    char err[512];
    if (prepare_doc(L, "text", text, len, &o, fields, &doc, err, sizeof err) < 0) {
        lua_pushnil(L);
        lua_pushstring(L, err);
        return 2;
    }
    return doc_push_prepared(L, &doc, "text");
}

/* parley.read(path [, {repair=bool}]) -> Doc (not stored) | nil, "FILE:LINE:COL: message" */
static int l_read(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    int opts = lua_istable(L, 2) ? 2 : 0;
    sandbox_check_read(L, path);
    ingest_opts o;
    read_doc_opts(L, opts, &o);
    char *data, err[1024];
    size_t len;
    if (read_whole_file(path, &data, &len) < 0) {
        lua_pushnil(L);
        lua_pushfstring(L, "%s: %s", path, strerror(errno));
        return 2;
    }
    prepared_doc doc;
    int rc = prepare_doc_owned(L, path, data, len, &o, &doc, err, sizeof err);
    if (rc < 0) {
        lua_pushnil(L);
        lua_pushstring(L, err);
        return 2;
    }
    return doc_push_prepared(L, &doc, path);
}

/* parley.X for a stdlib module X loads require("parley.X") on first use; unknown X is nil. */
static int lazy_module(lua_State *L)
{
    const char *name = luaL_checkstring(L, 2);
    lua_getglobal(L, "package");
    lua_getfield(L, -1, "searchpath");
    lua_pushfstring(L, "parley.%s", name);
    lua_getfield(L, -3, "path");
    lua_call(L, 2, 1);
    if (lua_isnil(L, -1))
        return 1;
    lua_getglobal(L, "require");
    lua_pushfstring(L, "parley.%s", name);
    lua_call(L, 1, 1);
    lua_pushvalue(L, -1);
    lua_setfield(L, 1, name);
    return 1;
}

/* parley.isatty("stdin"|"stdout"|"stderr") -> boolean */
static int l_isatty(lua_State *L)
{
    static const char *const names[] = {"stdin", "stdout", "stderr", NULL};
    int fd = luaL_checkoption(L, 1, "stdout", names);
    lua_pushboolean(L, isatty(fd));
    return 1;
}

/* parley.dir(path) -> sorted array of entry names (no dotfiles) | nil, message */
static int l_dir(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    sandbox_check_read(L, path);
    DIR *dir = opendir(path);
    if (!dir) {
        lua_pushnil(L);
        lua_pushfstring(L, "%s: %s", path, strerror(errno));
        return 2;
    }
    lua_newtable(L);
    int n = 0;
    for (struct dirent *e; (e = readdir(dir));) {
        if (e->d_name[0] == '.')
            continue;
        lua_pushstring(L, e->d_name);
        lua_rawseti(L, -2, ++n);
    }
    closedir(dir);
    lua_getglobal(L, "table");
    lua_getfield(L, -1, "sort");
    lua_pushvalue(L, -3);
    lua_call(L, 1, 0);
    lua_pop(L, 1);
    return 1;
}

/*
 * parley.file_kind(path) -> "file" | "directory" | "link" | "fifo" | "device" | "socket" | nil, message.
 * What is at path, without following a last symbolic link: a report's -o renames
 * a temporary file into place only over a regular file, since renaming over
 * /dev/stdout or a named pipe would replace it.
 */
static int l_file_kind(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    sandbox_check_read(L, path);
    struct stat st;
    if (lstat(path, &st) != 0) {
        lua_pushnil(L);
        lua_pushfstring(L, "%s: %s", path, strerror(errno));
        return 2;
    }
    const char *kind = S_ISREG(st.st_mode) ? "file" : S_ISDIR(st.st_mode) ? "directory"
                     : S_ISLNK(st.st_mode) ? "link" : S_ISFIFO(st.st_mode) ? "fifo"
                     : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "device" : "socket";
    lua_pushstring(L, kind);
    return 1;
}

/*
 * parley.usage_error(message): a script was called wrongly. Raised as a table,
 * so the runtime tells it from a bug: one line and status 2, no traceback.
 */
static int l_usage_error(lua_State *L)
{
    luaL_checkstring(L, 1);
    lua_createtable(L, 0, 1);
    lua_pushvalue(L, 1);
    lua_setfield(L, -2, "message");
    luaL_setmetatable(L, PARLEY_USAGE_ERROR_TYPE);
    return lua_error(L);
}

static int usage_error_tostring(lua_State *L)
{
    lua_getfield(L, 1, "message");
    return 1;
}

static void usage_error_register(lua_State *L)
{
    if (luaL_newmetatable(L, PARLEY_USAGE_ERROR_TYPE)) {
        lua_pushcfunction(L, usage_error_tostring);
        lua_setfield(L, -2, "__tostring");
    }
    lua_pop(L, 1);
}

static const luaL_Reg parley_functions[] = {
    {"usage_error", l_usage_error},
    {"isatty", l_isatty},
    {"dir", l_dir},
    {"file_kind", l_file_kind},
    {"open", l_open},
    {"doc", l_doc},
    {"read", l_read},
    {NULL, NULL},
};

int luaopen_parley(lua_State *L)
{
    doc_register(L);
    corpus_register(L);
    annot_register(L);
    usage_error_register(L);
    luaL_newlib(L, parley_functions);
    lua_pushstring(L, PARLEY_VERSION);
    lua_setfield(L, -2, "version");
    lua_pushstring(L, runtime_home());
    lua_setfield(L, -2, "home");
    lua_pushlightuserdata(L, NULL);
    lua_setfield(L, -2, "null");
    static const char *const c_modules[] = {"text", "json", "re", "match", "graph"};
    for (size_t i = 0; i < sizeof c_modules / sizeof *c_modules; i++) {
        lua_getglobal(L, "require");
        lua_pushfstring(L, "parley.%s", c_modules[i]);
        lua_call(L, 1, 1);
        lua_setfield(L, -2, c_modules[i]);
    }
    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, lazy_module);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, -2);
    return 1;
}
