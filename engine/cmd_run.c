/* cmd_run.c: the commands that run Lua: run, eval, and those written in stdlib/parley/cli.lua. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lauxlib.h>

#include "cli.h"
#include "lua_api.h"
#include "mapreduce.h"
#include "runtime.h"

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* SCRIPT as a path, else scripts/SCRIPT.lua in the parley home; malloc'd or NULL. */
static char *resolve_script(const char *name, int *bundled)
{
    char *path = NULL;
    *bundled = 0;
    if (is_file(name))
        return strdup(name);
    size_t len = strlen(runtime_home()) + strlen(name) + 16;
    path = malloc(len);
    if (path && strchr(name, '/') == NULL) {
        snprintf(path, len, "%s/scripts/%s.lua", runtime_home(), name);
        *bundled = is_file(path);
        if (*bundled)
            return path;
    }
    free(path);
    return NULL;
}

/* The directory part of path (malloc'd), "." when there is none. */
static char *directory_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    return strndup(path, slash == path ? 1 : (size_t)(slash - path));
}

/* mkdir -p: --out names where results go, and it may not exist yet. */
static int make_dirs(const char *path)
{
    char *copy = strdup(path);
    int rc = copy ? 0 : -1;
    for (char *p = copy ? copy + 1 : NULL; rc == 0 && p && *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        rc = mkdir(copy, 0777) == 0 || errno == EEXIST ? 0 : -1;
        *p = '/';
    }
    if (rc == 0 && mkdir(path, 0777) != 0 && errno != EEXIST)
        rc = -1;
    free(copy);
    return rc;
}

/*
 * A state for g's options. In the sandbox, the script may read the
 * --allow-read paths and those among args that exist (the paths given on
 * the command line), and write under --out, created here.
 */
static lua_State *start(global_opts *g, const char *script_dir, char **args, int nargs)
{
    if (g->sandbox && g->out_dir && make_dirs(g->out_dir) < 0) {
        fprintf(stderr, "parley: --out %s: %s\n", g->out_dir, strerror(errno));
        return NULL;
    }
    const char **paths = calloc((size_t)(g->nallow_read + nargs + 1), sizeof *paths);
    if (!paths)
        return NULL;
    for (int i = 0; i < g->nallow_read; i++)
        paths[i] = g->allow_read[i];
    for (int i = 0; i < nargs; i++)
        paths[g->nallow_read + i] = args[i];
    runtime_opts ro = {.db_path = g->db, .readonly = g->readonly, .script_dir = script_dir,
                       .max_memory = g->max_memory, .timeout = g->timeout, .sandbox = g->sandbox,
                       .allow_write = g->allow_write, .out_dir = g->out_dir, .read_paths = paths};
    lua_State *L = runtime_new(&ro);
    free(paths);
    return L;
}

/* What the states of one script are made from: the command's options and the script itself. */
typedef struct {
    const global_opts *g;
    const char *dir, *given, *path;
    int bundled, save, argc;
    char **argv;
} script_env;

/*
 * Record the script for the runs its saves make: a bundled script by its
 * name, a file by its real path (so ./x.lua and x.lua are one script).
 */
static int set_script(lua_State *L, const script_env *env)
{
    char *real = env->bundled ? NULL : realpath(env->path, NULL);
    int status = annot_set_script(L, env->bundled ? env->given : real ? real : env->path, env->path,
                                  env->argc, env->argv, env->save);
    free(real);
    return status;
}

/* mr_new_state: a state as `start` makes it; worker states only read the corpus. */
static lua_State *script_state(void *ud, int worker)
{
    const script_env *env = ud;
    global_opts g = *env->g;
    g.readonly = g.readonly || worker;
    lua_State *L = start(&g, env->dir, env->argv - 1, env->argc + 1);   /* the script and its arguments */
    if (L && !worker && set_script(L, env) != LUA_OK) {
        runtime_report(L);
        runtime_close(L);
        return NULL;
    }
    return L;
}

/* Run argv[i] (SCRIPT) with the arguments after it, as `how` says (mr_run, mr_reduce). */
static int run_script(global_opts *g, const mr_options *mode, int argc, char **argv, int i,
                      int (*how)(const mr_script *), int save)
{
    int bundled;
    char *path = resolve_script(argv[i], &bundled);
    if (!path) {
        fprintf(stderr, "parley: %s: no such script (not a file, nor a bundled script: see `parley scripts`)\n",
                argv[i]);
        return EXIT_DATA;
    }
    char *dir = directory_of(path);
    script_env env = {g, dir, argv[i], path, bundled, save, argc - i - 1, argv + i + 1};
    mr_script s = {.path = path, .name = argv[i], .argc = argc - i - 1, .argv = argv + i + 1,
                   .new_state = script_state, .ud = &env, .opts = *mode};
    s.opts.quiet = g->quiet;
    int code = how(&s);
    free(dir);
    free(path);
    return code;
}

/* Options of `run` come before SCRIPT; everything after it belongs to the script. */
int cmd_run(global_opts *g, int argc, char **argv)
{
    mr_options mode = {.jobs = 1};
    int i = 1, save = 0;
    while (i < argc && argv[i][0] == '-') {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            cli_print_help("run");
            return EXIT_OK;
        }
        if (strcmp(argv[i], "--save") == 0) {
            save = 1;
            i++;
            continue;
        }
        int rc = mr_option(&mode, argc, argv, &i);
        if (rc == 0)
            rc = cli_global_option(g, argc, argv, &i);
        if (rc < 0)
            return EXIT_USAGE;
        if (rc == 0)
            return cli_usage_error("run", "unknown option '%s'", argv[i]);
    }
    if (i >= argc)
        return cli_usage_error("run", "no SCRIPT given");
    if (mr_check_options(&mode) != EXIT_OK)
        return EXIT_USAGE;
    if (save && g->readonly)
        return cli_usage_error("run", "--save writes to the corpus: it cannot go with --readonly");
    if (save && g->sandbox && !g->allow_write)
        return cli_usage_error("run", "--save writes to the corpus: in the sandbox it needs --allow-write");
    return run_script(g, &mode, argc, argv, i, mr_run, save);
}

/* `parley reduce SCRIPT [ARGS...] < results.jsonl`: the reduce step of a --stream run. */
int cmd_reduce(global_opts *g, int argc, char **argv)
{
    mr_options mode = {.jobs = 1};
    int i = 1;
    while (i < argc && argv[i][0] == '-') {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            cli_print_help("reduce");
            return EXIT_OK;
        }
        int rc = cli_global_option(g, argc, argv, &i);
        if (rc < 0)
            return EXIT_USAGE;
        if (rc == 0)
            return cli_usage_error("reduce", "unknown option '%s'", argv[i]);
    }
    if (i >= argc)
        return cli_usage_error("reduce", "no SCRIPT given");
    return run_script(g, &mode, argc, argv, i, mr_reduce, 0);
}

/* Print values from stack index first to the top with parley.pretty, tab-separated. */
static int print_results(lua_State *L, int first)
{
    int top = lua_gettop(L);
    if (top < first)
        return LUA_OK;
    lua_getglobal(L, "require");
    lua_pushliteral(L, "parley.pretty");
    lua_call(L, 1, 1);
    lua_getfield(L, -1, "print");
    lua_remove(L, -2);
    lua_insert(L, first);
    return runtime_pcall(L, top - first + 1, 0);
}

int cmd_eval(global_opts *g, int argc, char **argv)
{
    const char *code = NULL;
    for (int i = 1; i < argc;) {
        int rc = cli_global_option(g, argc, argv, &i);
        if (rc < 0)
            return EXIT_USAGE;
        if (rc == 0) {
            if (code)
                return cli_usage_error("eval", "give the code as one argument (quote it)");
            code = argv[i++];
        }
    }
    if (!code)
        return cli_usage_error("eval", "no code given");
    lua_State *L = start(g, ".", NULL, 0);
    if (!L)
        return EXIT_DATA;
    int status = runtime_load_interactive(L, code, strlen(code), "=eval");
    if (status == LUA_OK)
        status = runtime_pcall(L, 0, LUA_MULTRET);
    if (status == LUA_OK)
        status = print_results(L, 1);
    if (status == LUA_OK)
        status = runtime_finish(L);   /* end the runs its saves made */
    int exit_status = runtime_exit_status(L, status);
    runtime_close(L);
    return exit_status;
}

/* Push the command's arguments (global options removed) as an array; -1 on a usage error. */
static int collect_args(global_opts *g, int argc, char **argv, char **rest)
{
    int n = 0;
    for (int i = 1; i < argc;) {
        int rc = cli_global_option(g, argc, argv, &i);
        if (rc < 0)
            return -1;
        if (rc == 0)
            rest[n++] = argv[i++];
    }
    return n;
}

static int call_cli_module(lua_State *L, const char *name, char **args, int n)
{
    lua_getglobal(L, "require");
    lua_pushliteral(L, "parley.cli");
    int status = runtime_pcall(L, 1, 1);
    if (status != LUA_OK)
        return status;
    lua_getfield(L, -1, name);
    lua_createtable(L, n, 0);
    for (int i = 0; i < n; i++) {
        lua_pushstring(L, args[i]);
        lua_rawseti(L, -2, i + 1);
    }
    return runtime_pcall(L, 1, 1);
}

/* Commands implemented in stdlib/parley/cli.lua: M[name](args) returns an exit status. */
int cmd_lua_command(global_opts *g, int argc, char **argv)
{
    char **args = calloc((size_t)argc, sizeof *args);
    if (!args)
        return EXIT_DATA;
    int n = collect_args(g, argc, argv, args);
    if (n < 0) {
        free(args);
        return EXIT_USAGE;
    }
    lua_State *L = start(g, ".", NULL, 0);
    int code = EXIT_DATA;
    if (L) {
        int status = call_cli_module(L, argv[0], args, n);
        if (status == LUA_OK)
            code = (int)luaL_optinteger(L, -1, EXIT_OK);
        else
            code = runtime_exit_status(L, status);
    }
    runtime_close(L);
    free(args);
    return code;
}
