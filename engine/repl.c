/* repl.c: the interactive workbench: read inputs (Lua, :commands, ?help), run them, print values; scriptable when piped. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>

#include "cli.h"
#include "repl.h"
#include "runtime.h"

/* ---- reading inputs ---- */

static const char *skip_space(const char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    return s;
}

/* Inputs that are not Lua: ":name args" (but not a "::label::") and "?name". */
static int is_command(const char *s)
{
    s = skip_space(s);
    return s[0] == ':' && isalpha((unsigned char)s[1]);
}

static int is_help_query(const char *s)
{
    return *skip_space(s) == '?';
}

/* Append "\n" and line to the chunk text on top of the stack. */
static void append_line(lua_State *L, const char *line)
{
    lua_pushliteral(L, "\n");
    lua_pushstring(L, line);
    lua_concat(L, 3);
}

/*
 * Read lines until they form an input: a command, a help query, or Lua
 * that compiles or fails for a reason other than being unfinished (lua.c's
 * rule). Pushes its text and returns 1; 0 when Ctrl-C discarded it; -1 at
 * the end of input. An input left unfinished at the end is returned too,
 * so that its error is reported.
 */
static int read_input(repl *r)
{
    lua_State *L = r->L;
    int cancelled;
    char *line = edit_read_line(r, 0, &cancelled);
    if (!line)
        return -1;
    lua_pushstring(L, line);
    free(line);
    if (cancelled) {
        lua_pop(L, 1);
        return 0;
    }
    const char *text = lua_tostring(L, -1);
    if (is_command(text) || is_help_query(text))
        return 1;
    while (input_incomplete(L, lua_tostring(L, -1), lua_rawlen(L, -1))) {
        line = edit_read_line(r, 1, &cancelled);
        if (!line)
            return 1;
        if (cancelled) {
            free(line);
            lua_pop(L, 1);
            return 0;
        }
        append_line(L, line);
        free(line);
    }
    return 1;
}

/* ?name: the help of a function, module or type, by name or by value (parley.help.query). */
static void show_help(repl *r, const char *name)
{
    lua_State *L = r->L;
    lua_getglobal(L, "require");
    lua_pushliteral(L, "parley.help");
    int status = runtime_pcall(L, 1, 1);
    if (status == LUA_OK) {
        lua_getfield(L, -1, "query");
        lua_pushstring(L, name);
        lua_pushglobaltable(L);
        status = runtime_pcall(L, 2, 1);
        lua_remove(L, -2);
    }
    if (status == LUA_OK)
        printf("%s\n", lua_tostring(L, -1));
    else
        report_error(r, lua_tostring(L, -1));
    lua_pop(L, 1);
}

static void dispatch(repl *r, const char *text, size_t len)
{
    const char *start = skip_space(text);
    if (!*start)
        return;
    edit_remember(r, text);
    if (is_command(text))
        command_run(r, start);
    else if (*start == '?')
        show_help(r, start + 1);
    else
        run_input(r, text, len, 1);
}

/* ---- the session ---- */

static void thousands(long long n, char *out, size_t size)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%lld", n);
    size_t j = 0;
    for (int i = 0; i < len && j + 2 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[j++] = ',';
        out[j++] = digits[i];
    }
    out[j] = '\0';
}

/* Two lines: version and corpus (documents, where), then how to get help. */
static void banner(repl *r)
{
    lua_State *L = r->L;
    lua_getglobal(L, "corpus");
    lua_getfield(L, -1, "count");
    lua_pushvalue(L, -2);
    long long n = runtime_pcall(L, 1, 1) == LUA_OK ? (long long)lua_tointeger(L, -1) : 0;
    lua_getfield(L, -2, "path");
    const char *path = lua_tostring(L, -1);
    char count[32];
    thousands(n, count, sizeof count);
    printf("parley %s, corpus: %s document%s in %s\n", PARLEY_VERSION, count, n == 1 ? "" : "s",
           !path || strcmp(path, ":memory:") == 0 ? "the bundled corpus (in memory)" : path);
    printf("help() lists the API, ?name explains one, :help the commands, Ctrl-D quits.\n");
    lua_pop(L, 3);
}

/* corpus = parley.open(), the corpus of --db / PARLEY_DB / ./parley.db / bundled; help = parley.help.help. */
static int open_session(lua_State *L)
{
    lua_getglobal(L, "parley");
    lua_getfield(L, -1, "open");
    if (runtime_pcall(L, 0, 2) != LUA_OK || lua_isnil(L, -2)) {
        fprintf(stderr, "parley: %s\n", lua_tostring(L, -1));
        return -1;
    }
    lua_pop(L, 1);
    lua_setglobal(L, "corpus");
    lua_getfield(L, -1, "help");
    if (lua_istable(L, -1)) {
        lua_getfield(L, -1, "help");
        lua_setglobal(L, "help");
    }
    lua_pop(L, 2);
    return 0;
}

static int wants_color(void)
{
    const char *no_color = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    return isatty(STDOUT_FILENO) && !(no_color && *no_color) && !(term && strcmp(term, "dumb") == 0);
}

static int exit_status(const repl *r)
{
    if (r->interactive)
        return EXIT_OK;   /* errors are part of exploring */
    return r->limit_stops ? EXIT_LIMIT : r->failures ? EXIT_DATA : EXIT_OK;
}

/* The --allow-read paths as the NULL-terminated list runtime_opts wants (caller frees); NULL without a sandbox. */
static const char **session_read_paths(const global_opts *g)
{
    if (!g->sandbox)
        return NULL;
    const char **paths = calloc((size_t)g->nallow_read + 1, sizeof *paths);
    for (int i = 0; paths && i < g->nallow_read; i++)
        paths[i] = g->allow_read[i];
    return paths;
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
    /* --timeout limits each input, not the session: the REPL sets it per input. */
    runtime_opts ro = {.db_path = g->db, .readonly = g->readonly, .script_dir = ".", .max_memory = g->max_memory};
    /* A parley.conf.lua of a downloaded folder turns the sandbox on for what is typed or :loaded there too. */
    const char **read_paths = session_read_paths(g);
    if (g->sandbox && !read_paths)
        return EXIT_DATA;
    ro.sandbox = g->sandbox;
    ro.allow_write = g->allow_write;
    ro.out_dir = g->out_dir;
    ro.read_paths = read_paths;
    repl r = {.L = runtime_new(&ro), .interactive = isatty(STDIN_FILENO), .timeout = g->timeout};
    free(read_paths);
    if (!r.L || open_session(r.L) < 0) {
        runtime_close(r.L);
        return EXIT_DATA;
    }
    r.color = r.interactive && wants_color();
    if (r.interactive && edit_open(&r) < 0)
        fprintf(stderr, "parley: line editing is not available; reading plain lines\n");
    if (r.interactive) {
        run_session_signals(1);
        banner(&r);
    }
    for (int rc; !r.quit && (rc = read_input(&r)) != -1;) {
        if (rc == 0)
            continue;
        size_t len;
        const char *text = lua_tolstring(r.L, -1, &len);
        dispatch(&r, text, len);
        lua_settop(r.L, 0);
    }
    if (r.interactive && !r.quit)
        putchar('\n');
    if (r.interactive)
        run_session_signals(0);
    edit_close(&r);
    if (runtime_finish(r.L) != LUA_OK) {   /* end the runs corpus:save made */
        runtime_report(r.L);
        r.failures++;
    }
    runtime_close(r.L);
    return exit_status(&r);
}
