/* sandbox.c: the restricted Lua environment of --sandbox: safe libraries, path checks, no C code. */
#include "sandbox.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>

#include "store.h"

/*
 * Threat model: a script someone else wrote. It may loop, allocate, recurse
 * (the budget stops those), and try to reach outside the analysis: run
 * programs, read private files, write anywhere, load machine code (C
 * modules, or bytecode, which the Lua VM does not verify), or rewrite the
 * corpus. Everything that reaches the file system goes through a path check
 * on the resolved path (symlinks followed), so a link inside an allowed
 * directory cannot point out of it. Checks happen at the call; a file
 * swapped for a link between the check and the open (a race with another
 * process) is outside this model.
 */

#define POLICY_KEY "parley.sandbox"
#define NOT_ALLOWED_HINT "run without --sandbox to allow it"

typedef struct {
    char **list;   /* malloc'd real paths */
    size_t n;
} roots;

typedef struct {
    roots read;      /* files and directories a script may read */
    roots modules;   /* directories require may load Lua modules from */
    char *out;       /* the real --out directory, or NULL: no file writes */
    int allow_write;
} policy;

/* ------------------------------------------------------------ paths */

/* The absolute form of path (cwd prepended when relative); malloc'd or NULL. */
static char *absolute(const char *path)
{
    char cwd[PATH_MAX];
    if (path[0] == '/')
        return strdup(path);
    if (!getcwd(cwd, sizeof cwd))
        return NULL;
    size_t len = strlen(cwd) + strlen(path) + 2;
    char *full = malloc(len);
    if (full)
        snprintf(full, len, "%s/%s", cwd, path);
    return full;
}

/* Whether the not-yet-existing tail of a path ("/new/file.txt") climbs with "..". */
static int climbs(const char *tail)
{
    for (const char *p = tail; (p = strstr(p, "..")) != NULL; p += 2)
        if (p[-1] == '/' && (p[2] == '/' || p[2] == '\0'))
            return 1;
    return 0;
}

/*
 * The real path of path, also when it does not exist yet (a file to
 * create): the longest existing prefix resolved by realpath, the missing
 * rest appended. malloc'd; NULL with errno when it cannot be resolved.
 */
static char *resolve_path(const char *path)
{
    char *full = absolute(path), *real = NULL;
    size_t cut = full ? strlen(full) : 0;
    while (full && cut > 0) {
        char saved = full[cut];
        full[cut] = '\0';
        real = realpath(full, NULL);
        full[cut] = saved;
        if (real || (errno != ENOENT && errno != ENOTDIR) || cut == 1)
            break;
        while (cut > 1 && full[cut - 1] != '/')
            cut--;
        cut = cut > 1 ? cut - 1 : 1;   /* the parent without its slash; "/" at the top */
    }
    if (real && full[cut] != '\0') {
        size_t len = strlen(real) + strlen(full + cut) + 1;
        char *joined = climbs(full + cut) ? NULL : malloc(len);
        if (joined)
            snprintf(joined, len, "%s%s", real, full + cut);
        else
            errno = EACCES;
        free(real);
        real = joined;
    }
    free(full);
    return real;
}

static int is_under(const char *root, const char *path)
{
    size_t n = strlen(root);
    if (strcmp(root, "/") == 0)
        return 1;
    return strncmp(root, path, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static int under_any(const roots *r, const char *path)
{
    for (size_t i = 0; i < r->n; i++)
        if (is_under(r->list[i], path))
            return 1;
    return 0;
}

/* Add the real path of an existing path; a missing one is skipped (an argument that is no path). */
static void add_root(lua_State *L, roots *r, const char *path)
{
    char *real = realpath(path, NULL);
    if (!real)
        return;
    char **grown = realloc(r->list, (r->n + 1) * sizeof *grown);
    if (!grown) {
        free(real);
        luaL_error(L, "sandbox: out of memory");
    }
    r->list = grown;
    r->list[r->n++] = real;
}

static void add_home_root(lua_State *L, roots *r, const char *sub)
{
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/%s", runtime_home(), sub);
    add_root(L, r, path);
}

/* ----------------------------------------------------------- policy */

static policy *policy_of(lua_State *L)
{
    lua_getfield(L, LUA_REGISTRYINDEX, POLICY_KEY);
    policy *p = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return p;
}

static void free_roots(roots *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->list[i]);
    free(r->list);
    r->list = NULL;
    r->n = 0;
}

static int policy_gc(lua_State *L)
{
    policy *p = lua_touserdata(L, 1);
    free_roots(&p->read);
    free_roots(&p->modules);
    free(p->out);
    p->out = NULL;
    return 0;
}

/* Each directory of PARLEY_PATH, which the user set: modules there, and the data they read. */
static void add_parley_path(lua_State *L, roots *r)
{
    const char *extra = getenv("PARLEY_PATH");
    while (extra && *extra) {
        const char *colon = strchr(extra, ':');
        size_t len = colon ? (size_t)(colon - extra) : strlen(extra);
        char dir[PATH_MAX];
        if (len > 0 && len < sizeof dir) {
            memcpy(dir, extra, len);
            dir[len] = '\0';
            add_root(L, r, dir);
        }
        extra = colon ? colon + 1 : NULL;
    }
}

/* Module directories: next to the script, PARLEY_PATH, the stdlib (as package.path has them). */
static void add_module_roots(lua_State *L, policy *p, const runtime_opts *opts)
{
    if (opts->script_dir)
        add_root(L, &p->modules, opts->script_dir);
    add_parley_path(L, &p->modules);
    add_home_root(L, &p->modules, "stdlib");
}

static policy *new_policy(lua_State *L, const runtime_opts *opts)
{
    policy *p = lua_newuserdatauv(L, sizeof *p, 0);
    memset(p, 0, sizeof *p);
    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, policy_gc);
    lua_setfield(L, -2, "__gc");
    lua_setmetatable(L, -2);
    lua_setfield(L, LUA_REGISTRYINDEX, POLICY_KEY);
    p->allow_write = opts->allow_write;
    for (const char *const *path = opts->read_paths; path && *path; path++)
        add_root(L, &p->read, *path);
    if (opts->out_dir && (p->out = realpath(opts->out_dir, NULL)) != NULL)
        add_root(L, &p->read, p->out);   /* a script reads back what it wrote */
    add_root(L, &p->read, "data");
    add_home_root(L, &p->read, "data");
    add_home_root(L, &p->read, "scripts");
    add_home_root(L, &p->read, "stdlib");
    add_parley_path(L, &p->read);   /* stdlib modules read data/ there (tsv.lua, abbrev.lua) */
    add_module_roots(L, p, opts);
    return p;
}

int sandbox_active(lua_State *L)
{
    return policy_of(L) != NULL;
}

/* ------------------------------------------------------ path checks */

int sandbox_may_read(lua_State *L, const char *path, char *err, size_t errsize)
{
    policy *p = policy_of(L);
    if (!p || strcmp(path, "-") == 0)
        return 1;
    char *real = resolve_path(path);
    int ok = real && under_any(&p->read, real);
    if (!real)
        snprintf(err, errsize, "sandbox: cannot read %s: the path does not resolve (%s)", path,
                 strerror(errno));
    else if (!ok)
        snprintf(err, errsize,
                 "sandbox: cannot read %s: outside the allowed paths (allow with --allow-read DIR)", path);
    free(real);
    return ok;
}

int sandbox_may_write(lua_State *L, const char *path, char *err, size_t errsize)
{
    policy *p = policy_of(L);
    if (!p)
        return 1;
    char *real = resolve_path(path);
    int ok = real && p->out && is_under(p->out, real);
    if (!real)
        snprintf(err, errsize, "sandbox: cannot write %s: the path does not resolve (%s)", path,
                 strerror(errno));
    else if (!p->out)
        snprintf(err, errsize, "sandbox: cannot write %s: no --out directory was given (allow with --out DIR)",
                 path);
    else if (!ok)
        snprintf(err, errsize, "sandbox: cannot write %s: outside the --out directory %s (allow with --out DIR)",
                 path, p->out);
    free(real);
    return ok;
}

void sandbox_check_read(lua_State *L, const char *path)
{
    char err[PATH_MAX + 200];
    if (!sandbox_may_read(L, path, err, sizeof err))
        luaL_error(L, "%s", err);
}

void sandbox_check_write(lua_State *L, const char *path)
{
    char err[PATH_MAX + 200];
    if (!sandbox_may_write(L, path, err, sizeof err))
        luaL_error(L, "%s", err);
}

int sandbox_corpus_guards(lua_State *L, const char *path)
{
    policy *p = policy_of(L);
    if (!p)
        return 0;
    if (p->allow_write || strcmp(path, ":memory:") == 0)
        return STORE_GUARD_OUTSIDE;
    char *real = resolve_path(path);
    int own = real && p->out && is_under(p->out, real);
    free(real);
    return own ? STORE_GUARD_OUTSIDE : STORE_GUARD_OUTSIDE | STORE_GUARD_WRITES;
}

/* --------------------------------------------------------- refusals */

/* Upvalues: the function's name and the hint saying how to allow it. */
static int refuse(lua_State *L)
{
    return luaL_error(L, "sandbox: %s is not allowed (%s)", lua_tostring(L, lua_upvalueindex(1)),
                      lua_tostring(L, lua_upvalueindex(2)));
}

/* Replace table[name] (the table at index t, known as lib) with a refusal. */
static void refuse_field(lua_State *L, int t, const char *lib, const char *name, const char *hint)
{
    lua_pushfstring(L, "%s.%s", lib, name);
    lua_pushstring(L, hint);
    lua_pushcclosure(L, refuse, 2);
    lua_setfield(L, t, name);
}

/* Upvalue 1 is the original function: call it with the arguments as given. */
static int call_original(lua_State *L)
{
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* Replace table[name] with fn, which reaches the original as upvalue 1. */
static void wrap_field(lua_State *L, int t, const char *name, lua_CFunction fn)
{
    lua_getfield(L, t, name);
    lua_pushcclosure(L, fn, 1);
    lua_setfield(L, t, name);
}

/* -------------------------------------------------------------- io */

static int sb_io_open(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    const char *mode = luaL_optstring(L, 2, "r");
    if (strpbrk(mode, "wa+"))
        sandbox_check_write(L, path);
    else
        sandbox_check_read(L, path);
    return call_original(L);
}

/* io.lines(path) and io.input(path) read a file; io.lines() and a file handle do not. */
static int sb_io_read_path(lua_State *L)
{
    if (lua_type(L, 1) == LUA_TSTRING)
        sandbox_check_read(L, lua_tostring(L, 1));
    return call_original(L);
}

static int sb_io_output(lua_State *L)
{
    if (lua_type(L, 1) == LUA_TSTRING)
        sandbox_check_write(L, lua_tostring(L, 1));
    return call_original(L);
}

static void restrict_io(lua_State *L)
{
    lua_getglobal(L, "io");
    int t = lua_gettop(L);
    wrap_field(L, t, "open", sb_io_open);
    wrap_field(L, t, "lines", sb_io_read_path);
    wrap_field(L, t, "input", sb_io_read_path);
    wrap_field(L, t, "output", sb_io_output);
    refuse_field(L, t, "io", "popen", NOT_ALLOWED_HINT);
    refuse_field(L, t, "io", "tmpfile", "write files under --out DIR instead");
    lua_pop(L, 1);
}

/* -------------------------------------------------------------- os */

/* Variables that say how to present output, never secrets. */
static int harmless_variable(const char *name)
{
    static const char *const names[] = {"NO_COLOR", "TERM", "COLUMNS", "LINES", "LANG", "TZ", NULL};
    for (int i = 0; names[i]; i++)
        if (strcmp(name, names[i]) == 0)
            return 1;
    return strncmp(name, "LC_", 3) == 0 || strncmp(name, "PARLEY_", 7) == 0;
}

static int sb_os_getenv(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    if (!harmless_variable(name))
        return luaL_error(L, "sandbox: os.getenv(\"%s\") is not allowed: only NO_COLOR, TERM, COLUMNS, "
                          "LINES, LANG, LC_*, TZ and PARLEY_* are (%s)", name, NOT_ALLOWED_HINT);
    return call_original(L);
}

/* Asking for the locale is fine; changing it would change how the whole process parses numbers. */
static int sb_os_setlocale(lua_State *L)
{
    if (!lua_isnoneornil(L, 1))
        return luaL_error(L, "sandbox: os.setlocale with a locale is not allowed (%s)", NOT_ALLOWED_HINT);
    return call_original(L);
}

/*
 * Removing or renaming is writing: allowed only for files under --out, the
 * script's own output (a report written to a temporary name and renamed into
 * place), refused everywhere else.
 */
static int sb_os_remove(lua_State *L)
{
    sandbox_check_write(L, luaL_checkstring(L, 1));
    return call_original(L);
}

static int sb_os_rename(lua_State *L)
{
    sandbox_check_write(L, luaL_checkstring(L, 1));
    sandbox_check_write(L, luaL_checkstring(L, 2));
    return call_original(L);
}

static void restrict_os(lua_State *L)
{
    static const char *const refused[] = {"execute", "exit", "tmpname", NULL};
    lua_getglobal(L, "os");
    int t = lua_gettop(L);
    for (int i = 0; refused[i]; i++)
        refuse_field(L, t, "os", refused[i], NOT_ALLOWED_HINT);
    wrap_field(L, t, "remove", sb_os_remove);
    wrap_field(L, t, "rename", sb_os_rename);
    wrap_field(L, t, "getenv", sb_os_getenv);
    wrap_field(L, t, "setlocale", sb_os_setlocale);
    lua_pop(L, 1);
}

/* ------------------------------------------------- load and friends */

/* Refuse a mode that allows binary chunks: the VM does not verify bytecode, so it can break memory safety. */
static void check_text_mode(lua_State *L, int index, const char *api)
{
    const char *mode = luaL_optstring(L, index, "t");
    if (strcmp(mode, "t") != 0)
        luaL_error(L, "sandbox: %s with mode \"%s\" is not allowed: only text chunks (mode \"t\") load "
                   "(%s)", api, mode, NOT_ALLOWED_HINT);
}

/* Make argument index the string "t", keeping the arguments after it. */
static void force_text_mode(lua_State *L, int index)
{
    if (lua_gettop(L) < index)
        lua_settop(L, index);
    lua_pushliteral(L, "t");
    lua_replace(L, index);
}

/* load(chunk, name, mode, env) */
static int sb_load(lua_State *L)
{
    check_text_mode(L, 3, "load");
    size_t len;
    const char *s = lua_type(L, 1) == LUA_TSTRING ? lua_tolstring(L, 1, &len) : NULL;
    if (s && len > 0 && s[0] == LUA_SIGNATURE[0])
        return luaL_error(L, "sandbox: load of a binary (precompiled) chunk is not allowed (%s)",
                          NOT_ALLOWED_HINT);
    force_text_mode(L, 3);
    return call_original(L);
}

/* loadfile(path, mode, env) */
static int sb_loadfile(lua_State *L)
{
    if (!lua_isnoneornil(L, 1))
        sandbox_check_read(L, luaL_checkstring(L, 1));
    check_text_mode(L, 2, "loadfile");
    force_text_mode(L, 2);
    return call_original(L);
}

/* dofile(path): as loadfile, then call. */
static int sb_dofile(lua_State *L)
{
    const char *path = luaL_optstring(L, 1, NULL);
    if (path)
        sandbox_check_read(L, path);
    lua_settop(L, 1);
    if (luaL_loadfilex(L, path, "t") != LUA_OK)
        return lua_error(L);
    lua_call(L, 0, LUA_MULTRET);
    return lua_gettop(L) - 1;
}

static void restrict_load(lua_State *L)
{
    lua_pushglobaltable(L);
    int t = lua_gettop(L);
    wrap_field(L, t, "load", sb_load);
    wrap_field(L, t, "loadfile", sb_loadfile);
    lua_pushcfunction(L, sb_dofile);
    lua_setfield(L, t, "dofile");
    lua_pop(L, 1);
}

/* ---------------------------------------------------------- require */

/*
 * The Lua searcher: upvalue 1 is package.searchpath, 2 the fixed path
 * (scripts cannot widen it by editing package.path). The file found must
 * resolve inside a module directory, and loads as text only.
 */
static int sb_lua_searcher(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_call(L, 2, 2);
    if (lua_isnil(L, -2))
        return 1;   /* searchpath's "no file ..." lines */
    const char *file = lua_tostring(L, -2);
    char *real = resolve_path(file);
    int ok = real && under_any(&policy_of(L)->modules, real);
    free(real);
    if (!ok)
        return luaL_error(L, "sandbox: cannot load module '%s' from %s: outside the module directories "
                          "(the script's, PARLEY_PATH, the stdlib)", name, file);
    if (luaL_loadfilex(L, file, "t") != LUA_OK)
        return luaL_error(L, "error loading module '%s' from file '%s':\n\t%s", name, file,
                          lua_tostring(L, -1));
    lua_pushstring(L, file);
    return 2;
}

/* Upvalue 1 is package.searchpath, 2 the original cpath: a C module found there is refused by name. */
static int sb_c_searcher(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_call(L, 2, 1);
    if (!lua_isnil(L, -1))
        return luaL_error(L, "sandbox: C module '%s' (%s) is not allowed (%s)", name, lua_tostring(L, -1),
                          NOT_ALLOWED_HINT);
    lua_pushliteral(L, "sandbox: C modules are not searched");
    return 1;
}

/* "DIR/?.lua;DIR/?/init.lua" for every module directory, ";"-separated. */
static void push_module_path(lua_State *L, const policy *p)
{
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (size_t i = 0; i < p->modules.n; i++) {
        const char *dir = p->modules.list[i];
        lua_pushfstring(L, "%s%s/?.lua;%s/?/init.lua", i ? ";" : "", dir, dir);
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
}

static void restrict_package(lua_State *L, const policy *p)
{
    lua_getglobal(L, "package");
    int pkg = lua_gettop(L);
    refuse_field(L, pkg, "package", "loadlib", NOT_ALLOWED_HINT);
    lua_createtable(L, 3, 0);
    lua_getfield(L, pkg, "searchers");
    lua_rawgeti(L, -1, 1);   /* package.preload: modules parley itself registers */
    lua_rawseti(L, -3, 1);
    lua_pop(L, 1);
    lua_getfield(L, pkg, "searchpath");
    push_module_path(L, p);
    lua_pushvalue(L, -1);
    lua_setfield(L, pkg, "path");   /* what is searched, for the curious; changing it changes nothing */
    lua_pushcclosure(L, sb_lua_searcher, 2);
    lua_rawseti(L, -2, 2);
    lua_getfield(L, pkg, "searchpath");
    lua_getfield(L, pkg, "cpath");
    lua_pushcclosure(L, sb_c_searcher, 2);
    lua_rawseti(L, -2, 3);
    lua_setfield(L, pkg, "searchers");
    lua_pushliteral(L, "");
    lua_setfield(L, pkg, "cpath");
    lua_pop(L, 1);
}

/* ------------------------------------------------------------ debug */

/*
 * debug.traceback only: the rest reads and writes the locals, upvalues and
 * hooks of any function (the budget's hook among them) and the registry.
 * The other names stay, as refusals, so a script learns why.
 */
static void restrict_debug(lua_State *L)
{
    lua_newtable(L);
    int t = lua_gettop(L);
    lua_getglobal(L, "debug");
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        lua_pop(L, 1);
        const char *name = lua_tostring(L, -1);
        if (strcmp(name, "traceback") == 0) {
            lua_getfield(L, -2, name);
            lua_setfield(L, t, name);
        } else {
            refuse_field(L, t, "debug", name, NOT_ALLOWED_HINT);
        }
    }
    lua_pop(L, 1);
    lua_pushvalue(L, t);
    lua_setglobal(L, "debug");
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_insert(L, -2);
    lua_setfield(L, -2, "debug");
    lua_pop(L, 1);
}

void sandbox_install(lua_State *L, const runtime_opts *opts)
{
    if (!opts->sandbox)
        return;
    policy *p = new_policy(L, opts);
    restrict_io(L);
    restrict_os(L);
    restrict_load(L);
    restrict_package(L, p);
    restrict_debug(L);
}
