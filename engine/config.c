/* config.c: defaults for the global options from Lua-syntax files: the user's, then the project's. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lauxlib.h>

#include "budget.h"
#include "cli.h"

/*
 * A config file is a Lua chunk of assignments (`sandbox = true`,
 * `max_memory = "1G"`) run in an empty environment: no functions at all, a
 * small memory cap and a one-second limit, so reading one can do nothing
 * but set values. No TOML parser needed, and the syntax is the one
 * analysts already write.
 *
 * The project file (./parley.conf.lua) comes with whatever directory one
 * works in, which may be a folder of downloaded scripts: it may turn the
 * sandbox on and lower limits, never widen what a sandboxed script may do.
 */

#define PROJECT_FILE "parley.conf.lua"
#define CONFIG_MEMORY ((size_t)1 << 20)
#define CONFIG_SECONDS 1.0
#define KNOWN "sandbox, allow_write, allow_read, out, max_memory, timeout"

static char *kept[CLI_MAX_ALLOW_READ + 8];   /* strings g points into, freed by config_free */
static size_t nkept;

/* A copy of s that lives until config_free; NULL when none is left. */
static const char *keep(const char *s)
{
    if (nkept == sizeof kept / sizeof kept[0])
        return NULL;
    return kept[nkept++] = strdup(s);
}

void config_free(void)
{
    while (nkept > 0)
        free(kept[--nkept]);
}

typedef struct {
    global_opts *g;
    const char *path;
    int project;       /* the project file: may only tighten */
} config_file;

/* Print "parley: FILE: MESSAGE" and return EXIT_USAGE. */
__attribute__((format(printf, 2, 3)))
static int config_error(const config_file *f, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "parley: %s: ", f->path);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return EXIT_USAGE;
}

static int widening(const config_file *f, const char *key)
{
    return config_error(f, "%s can be set only on the command line or in your own config file "
                        "(a project file cannot widen the sandbox)", key);
}

static int add_allow_read(const config_file *f, lua_State *L, int index)
{
    const char *path = lua_tostring(L, index);
    if (lua_type(L, index) != LUA_TSTRING)
        return config_error(f, "allow_read must be a path or a list of paths");
    if (f->g->nallow_read == CLI_MAX_ALLOW_READ || !(path = keep(path)))
        return config_error(f, "too many allow_read paths");
    f->g->allow_read[f->g->nallow_read++] = path;
    return EXIT_OK;
}

static int set_allow_read(const config_file *f, lua_State *L)
{
    if (f->project)
        return widening(f, "allow_read");
    if (!lua_istable(L, -1))
        return add_allow_read(f, L, -1);
    for (lua_Integer i = 1; lua_rawgeti(L, -1, i) != LUA_TNIL; i++) {
        int rc = add_allow_read(f, L, -1);
        lua_pop(L, 1);
        if (rc != EXIT_OK)
            return rc;
    }
    lua_pop(L, 1);
    return EXIT_OK;
}

/* The project file may lower a limit (or set one where none was), never raise it. */
static size_t tighter_size(const config_file *f, size_t old, size_t v)
{
    return f->project && old && old < v ? old : v;
}

static int set_limit(const config_file *f, lua_State *L, const char *key)
{
    if (strcmp(key, "timeout") == 0) {
        double t = lua_tonumber(L, -1);
        if (!lua_isnumber(L, -1) || t <= 0)
            return config_error(f, "timeout must be a number of seconds");
        f->g->timeout = f->project && f->g->timeout > 0 && f->g->timeout < t ? f->g->timeout : t;
        return EXIT_OK;
    }
    size_t bytes = lua_type(L, -1) == LUA_TSTRING ? budget_parse_size(lua_tostring(L, -1))
                   : lua_isinteger(L, -1) && lua_tointeger(L, -1) > 0 ? (size_t)lua_tointeger(L, -1)
                                                                      : 0;
    if (bytes == 0)
        return config_error(f, "max_memory must be a size such as \"512M\" or \"2G\"");
    f->g->max_memory = tighter_size(f, f->g->max_memory, bytes);
    return EXIT_OK;
}

static int set_flag(const config_file *f, lua_State *L, const char *key, int *flag)
{
    if (!lua_isboolean(L, -1))
        return config_error(f, "%s must be true or false", key);
    int on = lua_toboolean(L, -1);
    if (f->project && strcmp(key, "allow_write") == 0 && on)
        return widening(f, key);
    *flag = f->project ? *flag || on : on;   /* a project cannot turn the sandbox off */
    return EXIT_OK;
}

/* Apply key = value (the value on top of the stack). */
static int apply(const config_file *f, lua_State *L, const char *key)
{
    if (strcmp(key, "sandbox") == 0)
        return set_flag(f, L, key, &f->g->sandbox);
    if (strcmp(key, "allow_write") == 0)
        return set_flag(f, L, key, &f->g->allow_write);
    if (strcmp(key, "allow_read") == 0)
        return set_allow_read(f, L);
    if (strcmp(key, "timeout") == 0 || strcmp(key, "max_memory") == 0)
        return set_limit(f, L, key);
    if (strcmp(key, "out") == 0) {
        if (f->project)
            return widening(f, key);
        if (lua_type(L, -1) != LUA_TSTRING || !(f->g->out_dir = keep(lua_tostring(L, -1))))
            return config_error(f, "out must be a directory");
        return EXIT_OK;
    }
    return config_error(f, "unknown setting '%s' (known: %s)", key, KNOWN);
}

/* Lua's own message names the file and line already. */
static int lua_failure(lua_State *L)
{
    fprintf(stderr, "parley: %s\n", lua_tostring(L, -1));
    return EXIT_USAGE;
}

/* Run the file in an empty environment and apply what it set. */
static int run_file(const config_file *f, lua_State *L)
{
    if (luaL_loadfilex(L, f->path, "t") != LUA_OK)
        return lua_failure(L);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setupvalue(L, -3, 1);   /* the chunk's _ENV: nothing in it but what it sets */
    lua_insert(L, -2);
    run_budget *budget;
    lua_getallocf(L, (void **)&budget);
    budget_enter(budget);
    int status = lua_pcall(L, 0, 0, 0);
    budget_leave(budget);
    if (status != LUA_OK)
        return lua_failure(L);
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        lua_pushvalue(L, -2);
        const char *key = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?";
        lua_pop(L, 1);
        int rc = apply(f, L, key);
        if (rc != EXIT_OK)
            return rc;
        lua_pop(L, 1);
    }
    return EXIT_OK;
}

static int load_file(global_opts *g, const char *path, int project)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return EXIT_OK;   /* no config file: nothing to do */
    run_budget *budget;
    lua_State *L = budget_newstate(CONFIG_MEMORY, &budget);
    if (!L)
        return EXIT_USAGE;
    budget_set_timeout(budget, CONFIG_SECONDS);
    config_file f = {g, path, project};
    int rc = run_file(&f, L);
    lua_close(L);
    budget_free(budget);
    return rc;
}

int config_load(global_opts *g)
{
    char user[PATH_MAX];
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    user[0] = '\0';
    if (xdg && *xdg)
        snprintf(user, sizeof user, "%s/parley/config.lua", xdg);
    else if (home && *home)
        snprintf(user, sizeof user, "%s/.config/parley/config.lua", home);
    int rc = *user ? load_file(g, user, 0) : EXIT_OK;
    if (rc == EXIT_OK)
        rc = load_file(g, PROJECT_FILE, 1);
    return rc;
}
