/* repl_run.c: running the REPL's inputs: expression or statement, limits and Ctrl-C, values, _ and _n, :save's record. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "repl.h"
#include "runtime.h"

#define INPUTS_KEY "parley.repl.inputs"           /* successful inputs, for :save */
#define RESULTS_KEPT 1000                         /* _n older than this are dropped */

/* ---- Ctrl-C while code runs ---- */

static lua_State *volatile interrupt_target;   /* the state running an input, else NULL */

static void on_sigint(int sig)
{
    (void)sig;
    lua_State *L = interrupt_target;
    if (L)
        budget_interrupt(runtime_budget(L));
}

/*
 * Ctrl-C stops the running code at its next instruction (even inside a
 * pcall); no SA_RESTART, so a blocking read returns and the code goes on
 * to its next instruction. The handler is there only while an input runs;
 * at the prompt libedit has the terminal (ISIG off) and Ctrl-C is a key.
 * In between (printing, the moment before the prompt) SIGINT is ignored:
 * a second Ctrl-C pressed a little late must not kill the session.
 */
static void set_sigint(void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
}

static void catch_sigint(repl *r)
{
    interrupt_target = r->L;
    set_sigint(on_sigint);
}

static void release_sigint(void)
{
    set_sigint(SIG_IGN);
    interrupt_target = NULL;
}

void run_session_signals(int on)
{
    static struct sigaction saved;
    if (on) {
        sigaction(SIGINT, NULL, &saved);
        set_sigint(SIG_IGN);
    } else {
        sigaction(SIGINT, &saved, NULL);
    }
}

/* ---- loading ---- */

static int has_comment(const char *src, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++)
        if (src[i] == '-' && src[i + 1] == '-')
            return 1;
    return 0;
}

/* The identity: an expression input returns its values through it (see load_input). */
static int pass_values(lua_State *L)
{
    return lua_gettop(L);
}

/*
 * Compile src as an expression, else as statements (lua.c's rule); pushes
 * the function or the error. The expression form is
 *     return (...)(SRC)
 * rather than "return SRC": a call at the prompt, f(x), is then not a tail
 * call, so an error inside f still shows the input in the traceback and in
 * :where. Line numbers are unchanged; the parenthesis goes on a line of its
 * own only after a comment, which would swallow it.
 */
static int load_input(lua_State *L, const char *src, size_t len, const char *chunkname, int *is_expr)
{
    /* Only what compiles as "return SRC" is an expression: the wrapper alone would take "1) + (2". */
    lua_pushliteral(L, "return ");
    lua_pushlstring(L, src, len);
    lua_concat(L, 2);
    size_t n;
    const char *plain = lua_tolstring(L, -1, &n);
    int expression = luaL_loadbufferx(L, plain, n, chunkname, "t") == LUA_OK;
    lua_pop(L, 2);
    *is_expr = 0;
    if (!expression)
        return luaL_loadbufferx(L, src, len, chunkname, "t");
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addstring(&b, "return (...)(");
    luaL_addlstring(&b, src, len);
    luaL_addstring(&b, has_comment(src, len) ? "\n)" : ")");
    luaL_pushresult(&b);
    const char *expr = lua_tolstring(L, -1, &n);
    int status = luaL_loadbufferx(L, expr, n, chunkname, "t");
    lua_remove(L, -2);
    *is_expr = status == LUA_OK;
    return status;
}

int input_incomplete(lua_State *L, const char *src, size_t len)
{
    int is_expr;
    int status = load_input(L, src, len, "=stdin", &is_expr);
    size_t n = 0;
    const char *msg = status == LUA_ERRSYNTAX ? lua_tolstring(L, -1, &n) : NULL;
    int incomplete = msg && n >= 5 && strcmp(msg + n - 5, "<eof>") == 0;
    lua_pop(L, 1);
    return incomplete;
}

/* ---- running ---- */

/* Call the function below nargs arguments; results stay on the stack. Limits and Ctrl-C apply. */
static int protected_run(repl *r, int nargs, budget_stop *stopped)
{
    lua_State *L = r->L;
    run_budget *b = runtime_budget(L);
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, capture_error);
    lua_insert(L, base);
    if (r->interactive)
        catch_sigint(r);
    budget_set_timeout(b, r->timeout);
    budget_enter(b);
    int status = lua_pcall(L, nargs, LUA_MULTRET, base);
    budget_leave(b);
    budget_set_timeout(b, 0);
    if (r->interactive)
        release_sigint();
    budget_stop stop = budget_stopped(b);
    *stopped = stop;
    if (stop != BUDGET_RUNNING) {
        r->limit_stops += stop != BUDGET_INTERRUPTED;
        budget_reset(L, b);   /* before any other Lua code runs: the hook raises until then */
    }
    lua_remove(L, base);
    return status;
}

/* pretty_call(value, color, width) -> parley.pretty.format(value, {color=, width=}) */
static int pretty_call(lua_State *L)
{
    lua_getglobal(L, "require");
    lua_pushliteral(L, "parley.pretty");
    lua_call(L, 1, 1);
    lua_getfield(L, -1, "format");
    lua_pushvalue(L, 1);
    lua_createtable(L, 0, 2);
    lua_pushvalue(L, 2);
    lua_setfield(L, -2, "color");
    lua_pushvalue(L, 3);
    lua_setfield(L, -2, "width");
    lua_call(L, 2, 1);
    return 1;
}

void push_pretty(repl *r, int i, int width)
{
    lua_State *L = r->L;
    i = lua_absindex(L, i);
    lua_pushcfunction(L, pretty_call);
    lua_pushvalue(L, i);
    lua_pushboolean(L, r->color);
    lua_pushinteger(L, width);
    if (runtime_pcall(L, 3, 1) != LUA_OK || !lua_isstring(L, -1)) {
        lua_pushfstring(L, "<not printable: %s>", lua_tostring(L, -1));
        lua_remove(L, -2);
    }
}

/* parley.pretty.render of the values above base, written to stdout (protected: __tostring may raise). */
static int render_values(lua_State *L)
{
    repl *r = lua_touserdata(L, 1);
    int n = lua_gettop(L) - 1;
    lua_getglobal(L, "require");
    lua_pushliteral(L, "parley.pretty");
    lua_call(L, 1, 1);
    lua_getfield(L, -1, "render");
    lua_createtable(L, 0, 2);
    lua_pushboolean(L, r->color);
    lua_setfield(L, -2, "color");
    lua_pushinteger(L, r->interactive ? edit_columns() : 80);
    lua_setfield(L, -2, "width");
    for (int i = 2; i <= n + 1; i++)
        lua_pushvalue(L, i);
    lua_call(L, n + 1, 1);
    size_t len;
    const char *s = lua_tolstring(L, -1, &len);
    fwrite(s, 1, len, stdout);
    putchar('\n');
    fflush(stdout);
    return 0;
}

/* _ and _n (n the input's number) are its first value; older _n are dropped. */
static void keep_result(repl *r, int first)
{
    lua_State *L = r->L;
    char name[32];
    lua_pushvalue(L, first);
    lua_setglobal(L, "_");
    snprintf(name, sizeof name, "_%d", r->count);
    lua_pushvalue(L, first);
    lua_setglobal(L, name);
    if (r->count > RESULTS_KEPT) {
        snprintf(name, sizeof name, "_%d", r->count - RESULTS_KEPT);
        lua_pushnil(L);
        lua_setglobal(L, name);
    }
}

/* Print the values above base and keep the first as _ and _n; pops them. */
static void show_values(repl *r, int base)
{
    lua_State *L = r->L;
    int n = lua_gettop(L) - base;
    if (n == 0)
        return;
    keep_result(r, base + 1);
    lua_pushcfunction(L, render_values);
    lua_insert(L, base + 1);
    lua_pushlightuserdata(L, r);
    lua_insert(L, base + 2);
    if (runtime_pcall(L, n + 1, 0) != LUA_OK) {
        lua_pushfstring(L, "(the value could not be printed: %s)", lua_tostring(L, -1));
        report_error(r, lua_tostring(L, -1));
    }
    lua_settop(L, base);
}

/* For :save: an expression becomes a print of its values; statements stay as they are. */
static void save_input(lua_State *L, const char *src, size_t len, int is_expr)
{
    luaL_getsubtable(L, LUA_REGISTRYINDEX, INPUTS_KEY);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    if (is_expr)
        luaL_addstring(&b, "parley.pretty.print(");
    luaL_addlstring(&b, src, len);
    if (is_expr)   /* a comment at the end of the expression must not swallow the parenthesis */
        luaL_addstring(&b, has_comment(src, len) ? "\n)" : ")");
    luaL_pushresult(&b);
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
    lua_pop(L, 1);
}

int push_saved_inputs(repl *r)
{
    lua_State *L = r->L;
    luaL_getsubtable(L, LUA_REGISTRYINDEX, INPUTS_KEY);
    int n = (int)lua_rawlen(L, -1);
    lua_pushliteral(L, "\n\n");
    lua_getglobal(L, "table");
    lua_getfield(L, -1, "concat");
    lua_pushvalue(L, -4);
    lua_pushvalue(L, -4);
    lua_call(L, 2, 1);
    lua_replace(L, -4);
    lua_pop(L, 2);
    return n;
}

/* Piped input keeps its line numbers: a chunk starting on line 40 is compiled after 39 newlines. */
static void push_padded(repl *r, const char *src, size_t len, int *first)
{
    int lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += src[i] == '\n';
    *first = r->interactive ? 1 : r->line_no - lines + 1;
    luaL_Buffer b;
    luaL_buffinit(r->L, &b);
    for (int i = 1; i < *first; i++)
        luaL_addchar(&b, '\n');
    luaL_addlstring(&b, src, len);
    luaL_pushresult(&b);
}

/* Load and run the source on top of the stack (popped) as the input named chunkname. */
static int run_source(repl *r, const char *src, size_t len, const char *chunkname, int save)
{
    lua_State *L = r->L;
    int base = lua_gettop(L) - 1, is_expr;
    size_t padded_len;
    const char *padded = lua_tolstring(L, -1, &padded_len);
    if (load_input(L, padded, padded_len, chunkname, &is_expr) != LUA_OK) {
        report_error(r, lua_tostring(L, -1));
        show_caret(L, padded, padded_len, chunkname, lua_tostring(L, -1));
        forget_stack(L, lua_gettop(L));
        lua_settop(L, base);
        return -1;
    }
    if (is_expr)
        lua_pushcfunction(L, pass_values);
    budget_stop stop;
    if (protected_run(r, is_expr, &stop) != LUA_OK) {
        report_failure(r, stop);
        lua_settop(L, base);
        return -1;
    }
    if (save)   /* an input of only a comment compiles as an expression with no values */
        save_input(L, src, len, is_expr && lua_gettop(L) > base + 1);
    show_values(r, base + 1);
    lua_settop(L, base);
    return 0;
}

int run_input(repl *r, const char *src, size_t len, int save)
{
    lua_State *L = r->L;
    char chunkname[32];
    int first;
    r->count++;
    if (r->interactive)
        snprintf(chunkname, sizeof chunkname, "=[%d]", r->count);
    else
        snprintf(chunkname, sizeof chunkname, "=stdin");
    push_padded(r, src, len, &first);
    remember_source(L, chunkname + 1, first, src, len);
    int rc = run_source(r, src, len, chunkname, save);
    r->failures += rc < 0;
    return rc;
}

int run_file(repl *r, const char *path)
{
    lua_State *L = r->L;
    int base = lua_gettop(L);
    r->count++;
    int rc = -1;
    budget_stop stop;
    if (luaL_loadfilex(L, path, "t") != LUA_OK)
        report_error(r, lua_tostring(L, -1));
    else if (protected_run(r, 0, &stop) != LUA_OK)
        report_failure(r, stop);
    else
        rc = 0;
    if (rc == 0) {
        int results = lua_gettop(L);
        lua_getglobal(L, "string");
        lua_getfield(L, -1, "format");
        lua_pushliteral(L, "dofile(%q)");
        lua_pushstring(L, path);
        lua_call(L, 2, 1);
        save_input(L, lua_tostring(L, -1), lua_rawlen(L, -1), 0);
        lua_settop(L, results);
        show_values(r, base);
    }
    lua_settop(L, base);
    r->failures += rc < 0;
    return rc;
}
