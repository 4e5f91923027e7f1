/* runtime.c: create the Lua state a run uses, find the stdlib, report errors with tracebacks. */
#include "runtime.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lualib.h>
#ifdef PARLEY_MIMALLOC
#include <mimalloc.h>
#endif
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <sqlite3.h>
#include <utf8proc.h>

#include "lua_api.h"
#include "sandbox.h"

#define OPTIONS_KEY "parley.runtime_opts"

/* ---- finding the stdlib ---- */

static char home_dir[PATH_MAX];
static pthread_once_t home_once = PTHREAD_ONCE_INIT;

static int has_stdlib(const char *dir)
{
    char probe[PATH_MAX];
    struct stat st;
    if (snprintf(probe, sizeof probe, "%s/stdlib/parley", dir) >= (int)sizeof probe)
        return 0;
    return stat(probe, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * Directory of the running executable, or "" when it cannot be known. Without
 * /proc (a fresh chroot, a minimal container) the path the program was started
 * by, which the kernel keeps in the auxiliary vector, stands in: a shell passes
 * the full path it found on PATH, and realpath resolves links and relative
 * paths (find_home runs before anything changes the working directory).
 */
static void executable_dir(char *out, size_t size)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    out[0] = '\0';
    if (n > 0) {
        exe[n] = '\0';
    } else {
        const char *started_as = (const char *)getauxval(AT_EXECFN);
        if (!started_as || !realpath(started_as, exe))
            return;
    }
    char *slash = strrchr(exe, '/');
    if (slash)
        *slash = '\0';
    snprintf(out, size, "%s", exe);
}

/*
 * Order: PARLEY_HOME; BIN/../share/parley (installed or copied tree);
 * BIN/.. (a build directory inside the source tree); the source tree the
 * binary was built from.
 */
static void find_home(void)
{
    const char *env = getenv("PARLEY_HOME");
    char bin[PATH_MAX], candidate[PATH_MAX + 32];
    if (env && *env && has_stdlib(env)) {
        snprintf(home_dir, sizeof home_dir, "%s", env);
        return;
    }
    executable_dir(bin, sizeof bin);
    if (*bin) {
        snprintf(candidate, sizeof candidate, "%s/../share/parley", bin);
        if (has_stdlib(candidate) && realpath(candidate, home_dir))
            return;
        snprintf(candidate, sizeof candidate, "%s/..", bin);
        if (has_stdlib(candidate) && realpath(candidate, home_dir))
            return;
    }
    snprintf(home_dir, sizeof home_dir, "%s", PARLEY_SOURCE_DIR);
}

const char *runtime_home(void)
{
    pthread_once(&home_once, find_home);
    return home_dir;
}


/* ---- package.path ---- */

static void add_dir_to_path(luaL_Buffer *b, const char *dir, size_t len)
{
    if (len == 0)
        return;
    luaL_addlstring(b, dir, len);
    luaL_addstring(b, "/?.lua;");
    luaL_addlstring(b, dir, len);
    luaL_addstring(b, "/?/init.lua;");
}

/* Script directory first, then PARLEY_PATH (colon-separated), then the stdlib. */
static void set_package_path(lua_State *L, const runtime_opts *opts)
{
    luaL_Buffer b;
    lua_getglobal(L, "package");
    luaL_buffinit(L, &b);
    if (opts->script_dir)
        add_dir_to_path(&b, opts->script_dir, strlen(opts->script_dir));
    const char *extra = getenv("PARLEY_PATH");
    while (extra && *extra) {
        const char *colon = strchr(extra, ':');
        size_t len = colon ? (size_t)(colon - extra) : strlen(extra);
        add_dir_to_path(&b, extra, len);
        extra = colon ? colon + 1 : NULL;
    }
    const char *home = runtime_home();
    luaL_addstring(&b, home);
    luaL_addstring(&b, "/stdlib/?.lua;");
    luaL_addstring(&b, home);
    luaL_addstring(&b, "/stdlib/?/init.lua;");
    lua_getfield(L, -2, "path");
    luaL_addvalue(&b);
    luaL_pushresult(&b);
    lua_setfield(L, -2, "path");
    lua_pop(L, 1);
}

static void preload(lua_State *L, const char *name, lua_CFunction open)
{
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
    lua_pushcfunction(L, open);
    lua_setfield(L, -2, name);
    lua_pop(L, 1);
}

/* ---- the state ---- */

static int install_sandbox(lua_State *L)
{
    sandbox_install(L, lua_touserdata(L, 1));
    return 0;
}

lua_State *runtime_new(const runtime_opts *opts)
{
    run_budget *budget;
    size_t cap = opts->max_memory ? opts->max_memory : opts->sandbox ? SANDBOX_DEFAULT_MEMORY : 0;
    lua_State *L = budget_newstate(cap, &budget);
    if (!L)
        return NULL;
    if (opts->timeout > 0)
        budget_set_timeout(budget, opts->timeout);
    luaL_openlibs(L);
    budget_watch_coroutines(L);
    runtime_opts *copy = lua_newuserdatauv(L, sizeof *copy, 0);
    *copy = *opts;
    lua_setfield(L, LUA_REGISTRYINDEX, OPTIONS_KEY);
    set_package_path(L, opts);
    preload(L, "parley", luaopen_parley);
    preload(L, "parley.text", luaopen_parley_text);
    preload(L, "parley.json", luaopen_parley_json);
    preload(L, "parley.re", luaopen_parley_re);
    preload(L, "parley.match", luaopen_parley_match);
    preload(L, "parley.graph", luaopen_parley_graph);
    lua_pushcfunction(L, install_sandbox);
    lua_pushlightuserdata(L, copy);
    int status = runtime_pcall(L, 1, 0);
    copy->read_paths = NULL;   /* resolved by the sandbox; the caller's array may go */
    if (status != LUA_OK) {
        runtime_report(L);
        runtime_close(L);
        return NULL;
    }
    lua_getglobal(L, "require");
    lua_pushstring(L, "parley");
    if (runtime_pcall(L, 1, 1) != LUA_OK) {
        runtime_report(L);
        runtime_close(L);
        return NULL;
    }
    lua_setglobal(L, "parley");
    return L;
}

void runtime_close(lua_State *L)
{
    if (!L)
        return;
    run_budget *budget = runtime_budget(L);
    lua_close(L);
    budget_free(budget);
}

run_budget *runtime_budget(lua_State *L)
{
    void *ud;
    lua_getallocf(L, &ud);
    return ud;
}

/*
 * Lua's own recursion limits, as a limit rather than a bug in the script:
 * "stack overflow" (about 200000 nested Lua calls), "C stack overflow"
 * (200 nested calls through C: a table.sort comparator or a gsub callback
 * that recurses), or an error while handling one (LUA_ERRERR). Compared on
 * the first line, before the traceback; "stack overflow (too many results)"
 * from luaL_checkstack is an ordinary error. Returns the kind, or NULL.
 */
static const char *recursion_limit(lua_State *L, int status)
{
    static const char tail[] = "stack overflow";
    size_t n = sizeof tail - 1;
    if (status == LUA_ERRERR)
        return "stack overflow while handling an error";
    const char *msg = lua_tostring(L, -1);
    if (!msg)
        return NULL;
    const char *nl = strchr(msg, '\n');
    size_t len = nl ? (size_t)(nl - msg) : strlen(msg);
    if (len < n || memcmp(msg + len - n, tail, n) != 0)
        return NULL;
    return len >= n + 2 && msg[len - n - 2] == 'C' ? "C stack overflow" : "stack overflow";
}

/* Whether the value at index is what parley.usage_error raised. */
static int is_usage_error(lua_State *L, int index)
{
    if (lua_type(L, index) != LUA_TTABLE || !lua_getmetatable(L, index))
        return 0;
    luaL_getmetatable(L, PARLEY_USAGE_ERROR_TYPE);
    int same = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    return same;
}

int runtime_exit_status(lua_State *L, int status)
{
    if (status == LUA_OK)
        return 0;
    run_budget *budget = runtime_budget(L);
    const char *recursion = recursion_limit(L, status);
    if (budget_stopped(budget) != BUDGET_RUNNING) {
        char why[128];
        budget_describe(budget, why, sizeof why);
        fprintf(stderr, "parley: stopped: %s\n", why);
        lua_pop(L, 1);
        return 3;
    }
    if (recursion) {
        fprintf(stderr, "parley: stopped: recursion too deep (%s)\n", recursion);
        lua_pop(L, 1);
        return 3;
    }
    int usage = is_usage_error(L, -1);
    runtime_report(L);
    return usage ? 2 : 1;
}

const runtime_opts *runtime_options(lua_State *L)
{
    lua_getfield(L, LUA_REGISTRYINDEX, OPTIONS_KEY);
    const runtime_opts *opts = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return opts;
}

/* ---- errors ---- */

/* lua.c's msghandler: turn any error value into a message with a traceback. */
static int message_handler(lua_State *L)
{
    if (is_usage_error(L, 1))
        return 1;   /* the caller's fault, not the script's: no traceback */
    const char *msg = lua_tostring(L, 1);
    if (msg == NULL) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
            return 1;
        msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

int runtime_pcall(lua_State *L, int nargs, int nresults)
{
    run_budget *budget = runtime_budget(L);
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, message_handler);
    lua_insert(L, base);
    budget_enter(budget);   /* the watchdog may end code stuck in C from here on */
    int status = lua_pcall(L, nargs, nresults, base);
    budget_leave(budget);
    lua_remove(L, base);
    return status;
}

void runtime_report(lua_State *L)
{
    const char *msg = luaL_tolstring(L, -1, NULL);   /* a usage error's __tostring too */
    fprintf(stderr, "parley: %s\n", msg);
    fflush(stderr);
    lua_pop(L, 2);
}

/* ---- running files ---- */

/* The global `arg` as lua.c builds it: arg[0] the script, arg[1..n] its arguments. */
static void set_arg_table(lua_State *L, const char *path, int argc, char **argv)
{
    lua_createtable(L, argc, 1);
    lua_pushstring(L, path);
    lua_rawseti(L, -2, 0);
    for (int i = 0; i < argc; i++) {
        lua_pushstring(L, argv[i]);
        lua_rawseti(L, -2, i + 1);
    }
    lua_setglobal(L, "arg");
}

static int run_file(lua_State *L, const char *path, int argc, char **argv, int nresults)
{
    set_arg_table(L, path, argc, argv);
    if (luaL_loadfilex(L, path, "t") != LUA_OK)
        return LUA_ERRSYNTAX;
    luaL_checkstack(L, argc, "too many script arguments");
    for (int i = 0; i < argc; i++)
        lua_pushstring(L, argv[i]);
    return runtime_pcall(L, argc, nresults);
}

int runtime_run_file(lua_State *L, const char *path, int argc, char **argv)
{
    return run_file(L, path, argc, argv, 0);
}

int runtime_run_file_value(lua_State *L, const char *path, int argc, char **argv)
{
    return run_file(L, path, argc, argv, 1);
}

int runtime_finish(lua_State *L)
{
    lua_pushcfunction(L, annot_finish);
    return runtime_pcall(L, 0, 0);
}

/* Compile s as an expression ("return " .. s) first, else as a chunk; the function or error is pushed. */
int runtime_load_interactive(lua_State *L, const char *s, size_t len, const char *chunkname)
{
    lua_pushliteral(L, "return ");
    lua_pushlstring(L, s, len);
    lua_concat(L, 2);
    size_t n;
    const char *expr = lua_tolstring(L, -1, &n);
    if (luaL_loadbufferx(L, expr, n, chunkname, "t") == LUA_OK) {
        lua_remove(L, -2);
        return LUA_OK;
    }
    lua_pop(L, 2);
    return luaL_loadbufferx(L, s, len, chunkname, "t");
}

/* ---- version ---- */

static char version_line[256];
static pthread_once_t version_once = PTHREAD_ONCE_INIT;

/* ", mimalloc X.Y.Z" when mimalloc serves malloc, which it does only when linked ahead of libc. */
static void allocator_of_malloc(char *buf, size_t size)
{
    buf[0] = '\0';
#ifdef PARLEY_MIMALLOC
    void *probe = malloc(16);
    int v = mi_version();
    if (probe && mi_is_in_heap_region(probe))
        snprintf(buf, size, ", mimalloc %d.%d.%d", v / 100, v / 10 % 10, v % 10);
    free(probe);
#else
    (void)size;
#endif
}

static void build_version_line(void)
{
    char pcre[64] = "?", allocator[64];
    pcre2_config(PCRE2_CONFIG_VERSION, pcre);
    allocator_of_malloc(allocator, sizeof allocator);
    snprintf(version_line, sizeof version_line,
             "parley %s (%s, utf8proc %s / Unicode %s, SQLite %s, PCRE2 %s%s)", PARLEY_VERSION,
             LUA_RELEASE, utf8proc_version(), utf8proc_unicode_version(), sqlite3_libversion(), pcre,
             allocator);
}

const char *runtime_version(void)
{
    pthread_once(&version_once, build_version_line);
    return version_line;
}
