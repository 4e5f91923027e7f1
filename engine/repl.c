/* repl.c: the interactive workbench: read a chunk, run it, print its values; scriptable when piped. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <editline/readline.h>
#include <lauxlib.h>

#include "cli.h"
#include "runtime.h"

#define PROMPT "parley> "
#define CONTINUE_PROMPT "   ...> "
#define HISTORY_LINES 5000

typedef struct {
    lua_State *L;
    int interactive;    /* stdin is a terminal: prompts, history, line editing */
    int failures;       /* chunks that raised an error */
    char history[4096];
} repl;

/* ---- input ---- */

/* $XDG_STATE_HOME/parley/history, creating the directory; "" when there is no home. */
static void history_path(char *out, size_t size)
{
    const char *state = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    char dir[4000];
    out[0] = '\0';
    if (state && *state)
        snprintf(dir, sizeof dir, "%s/parley", state);
    else if (home && *home)
        snprintf(dir, sizeof dir, "%s/.local/state/parley", home);
    else
        return;
    for (char *p = dir + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(dir, 0700);
            *p = '/';
        }
    }
    if (mkdir(dir, 0700) == 0 || errno == EEXIST)
        snprintf(out, size, "%s/history", dir);
}

/* One line without its newline, malloc'd; NULL at end of input. */
static char *read_line(repl *r, const char *prompt)
{
    if (r->interactive)
        return readline(prompt);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, stdin);
    if (n < 0) {
        free(line);
        return NULL;
    }
    if (n > 0 && line[n - 1] == '\n')
        line[n - 1] = '\0';
    return line;
}

/* A syntax error at <eof> means the chunk is not finished yet (lua.c's rule). */
static int is_incomplete(lua_State *L, int status)
{
    if (status != LUA_ERRSYNTAX)
        return 0;
    size_t len;
    const char *msg = lua_tolstring(L, -1, &len);
    return len >= 5 && strcmp(msg + len - 5, "<eof>") == 0;
}

/*
 * Read lines until they form a chunk that compiles (or fails for a reason
 * other than an unfinished construct). Pushes the function or the error, and
 * the source text (for history); returns the load status, or -1 at end of input.
 */
static int read_chunk(repl *r)
{
    lua_State *L = r->L;
    char *line = read_line(r, PROMPT);
    if (!line)
        return -1;
    luaL_Buffer b;
    lua_pushstring(L, line);
    free(line);
    for (;;) {
        size_t len;
        const char *src = lua_tolstring(L, -1, &len);
        int status = runtime_load_interactive(L, src, len, "=stdin");
        if (!is_incomplete(L, status)) {
            lua_insert(L, -2);
            return status;
        }
        line = read_line(r, CONTINUE_PROMPT);
        if (!line) {             /* end of input inside a chunk: its error stands */
            lua_insert(L, -2);
            return status;
        }
        lua_pop(L, 1);
        luaL_buffinit(L, &b);
        lua_pushvalue(L, -2);
        luaL_addvalue(&b);
        luaL_addchar(&b, '\n');
        luaL_addstring(&b, line);
        free(line);
        luaL_pushresult(&b);
        lua_remove(L, -2);
    }
}

/* ---- output ---- */

/* Print the values above base with parley.pretty and keep the first one as `_`. */
static int print_values(lua_State *L, int base)
{
    int n = lua_gettop(L) - base;
    if (n == 0)
        return LUA_OK;
    lua_pushvalue(L, base + 1);
    lua_setglobal(L, "_");
    lua_getglobal(L, "require");
    lua_pushliteral(L, "parley.pretty");
    lua_call(L, 1, 1);
    lua_getfield(L, -1, "print");
    lua_remove(L, -2);
    lua_insert(L, base + 1);
    return runtime_pcall(L, n, 0);
}

static void run_chunk(repl *r, int status)
{
    lua_State *L = r->L;
    int base = lua_gettop(L) - 2;   /* below the function and the source */
    const char *src = lua_tostring(L, -1);
    if (r->interactive && src && *src && *src != ' ')
        add_history(src);
    lua_pop(L, 1);
    if (status == LUA_OK)
        status = runtime_pcall(L, 0, LUA_MULTRET);
    if (status == LUA_OK)
        status = print_values(L, base);
    if (status != LUA_OK) {
        r->failures++;
        fprintf(stderr, "%s\n", lua_tostring(L, -1));
    }
    lua_settop(L, base);
}

/* ---- session ---- */

static void banner(lua_State *L)
{
    lua_getglobal(L, "corpus");
    const char *what = luaL_tolstring(L, -1, NULL);
    printf("parley %s, corpus %s\nhelp() for the API, Ctrl-D to leave.\n", PARLEY_VERSION, what);
    lua_pop(L, 2);
}

/* corpus = parley.open(), the corpus of --db / PARLEY_DB / ./parley.db / bundled. */
static int open_corpus(lua_State *L)
{
    lua_getglobal(L, "parley");
    lua_getfield(L, -1, "open");
    if (runtime_pcall(L, 0, 2) != LUA_OK || lua_isnil(L, -2)) {
        fprintf(stderr, "parley: %s\n", lua_tostring(L, -1));
        return -1;
    }
    lua_pop(L, 1);
    lua_setglobal(L, "corpus");
    lua_pop(L, 1);
    return 0;
}

int cmd_repl(global_opts *g, int argc, char **argv)
{
    for (int i = 1; i < argc;) {
        int rc = cli_global_option(g, argc, argv, &i);
        if (rc < 0)
            return EXIT_USAGE;
        if (rc == 0)
            return cli_usage_error("repl", "unknown option '%s'", argv[i]);
    }
    runtime_opts ro = {.db_path = g->db, .readonly = g->readonly, .script_dir = ".",
                       .max_memory = g->max_memory, .timeout = g->timeout};
    repl r = {.L = runtime_new(&ro), .interactive = isatty(STDIN_FILENO)};
    if (!r.L || open_corpus(r.L) < 0) {
        runtime_close(r.L);
        return EXIT_DATA;
    }
    if (r.interactive) {
        banner(r.L);
        history_path(r.history, sizeof r.history);
        stifle_history(HISTORY_LINES);
        if (*r.history)
            read_history(r.history);
    }
    for (int status; (status = read_chunk(&r)) != -1;)
        run_chunk(&r, status);
    if (r.interactive) {
        putchar('\n');
        if (*r.history)
            write_history(r.history);
    }
    if (runtime_finish(r.L) != LUA_OK) {   /* end the runs corpus:save made */
        runtime_report(r.L);
        r.failures++;
    }
    runtime_close(r.L);
    return r.failures ? EXIT_DATA : EXIT_OK;
}
