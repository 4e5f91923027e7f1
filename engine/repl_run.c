/* repl_run.c: running the REPL's inputs: expression or statement, Ctrl-C, post-mortem frames, values, errors. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "loader.h"
#include "repl.h"
#include "runtime.h"
#include "unitext.h"

#define POSTMORTEM_KEY "parley.repl.postmortem"   /* frames of the last error */
#define SOURCES_KEY "parley.repl.sources"         /* chunk name -> {line texts}, for :where */
#define INPUTS_KEY "parley.repl.inputs"           /* successful inputs, for :save */
#define RESULTS_KEPT 1000                         /* _n older than this are dropped */
#define TRACEBACK_FRAMES 8                        /* frames an error shows at most */
#define KEPT_TOP 12                               /* innermost frames kept for :where */
#define KEPT_BOTTOM 8                             /* outermost frames kept for :where */
#define CARET_MAX_LINE 1000                       /* longer lines get no caret */

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

/* ---- post-mortem ---- */

/* {name=, value=} for each named local of the frame (temporaries like "(for state)" left out). */
static void push_locals(lua_State *L, lua_Debug *ar)
{
    lua_newtable(L);
    const char *name;
    for (int i = 1, n = 0; (name = lua_getlocal(L, ar, i)); i++) {
        if (name[0] == '(') {
            lua_pop(L, 1);
            continue;
        }
        lua_createtable(L, 0, 2);
        lua_insert(L, -2);
        lua_setfield(L, -2, "value");
        lua_pushstring(L, name);
        lua_setfield(L, -2, "name");
        lua_rawseti(L, -2, ++n);
    }
}

/* "in function 'f'", "in method 'sql'", "in main chunk", "in function <[3]:1>" (pushed). */
static void push_frame_label(lua_State *L, const lua_Debug *ar)
{
    if (*ar->namewhat == 'm')
        lua_pushfstring(L, "in method '%s'", ar->name);
    else if (*ar->namewhat == 'l' || *ar->namewhat == 'u')
        lua_pushfstring(L, "in %s '%s'", ar->namewhat, ar->name);
    else if (*ar->namewhat)
        lua_pushfstring(L, "in function '%s'", ar->name);
    else if (*ar->what == 'm')
        lua_pushliteral(L, "in main chunk");
    else if (*ar->what == 'C')
        lua_pushliteral(L, "in a C function");
    else
        lua_pushfstring(L, "in function <%s:%d>", ar->short_src, ar->linedefined);
}

static void push_frame(lua_State *L, lua_Debug *ar, int level)
{
    lua_getinfo(L, "nSl", ar);
    lua_createtable(L, 0, 7);
    lua_pushinteger(L, level);
    lua_setfield(L, -2, "level");
    lua_pushstring(L, ar->short_src);
    lua_setfield(L, -2, "chunk");
    lua_pushstring(L, ar->source);
    lua_setfield(L, -2, "source");
    lua_pushinteger(L, ar->currentline);
    lua_setfield(L, -2, "line");
    lua_pushboolean(L, *ar->what == 'C');
    lua_setfield(L, -2, "c");
    push_frame_label(L, ar);
    lua_setfield(L, -2, "label");
    push_locals(L, ar);
    lua_setfield(L, -2, "locals");
}

/*
 * The deepest level on the stack, found as luaL_traceback does (doubling,
 * then halving): lua_getstack walks from the top, so a loop over every
 * level of a stack overflow's 200000 frames would never end.
 */
static int last_level(lua_State *L)
{
    lua_Debug ar;
    int low = 1, high = 1;
    while (lua_getstack(L, high, &ar)) {
        low = high;
        high *= 2;
    }
    while (low < high) {
        int mid = (low + high) / 2;
        if (lua_getstack(L, mid, &ar))
            low = mid + 1;
        else
            high = mid;
    }
    return high - 1;
}

/* The frames of levels 1..last, the middle of a deep stack left out as {skipped = N}. */
static void push_frames(lua_State *L)
{
    lua_Debug ar;
    int last = last_level(L), n = 0;
    lua_newtable(L);
    for (int level = 1; level <= last; level++) {
        if (level == KEPT_TOP + 1 && last > KEPT_TOP + KEPT_BOTTOM) {
            lua_createtable(L, 0, 2);
            lua_pushinteger(L, last - KEPT_TOP - KEPT_BOTTOM);
            lua_setfield(L, -2, "skipped");
            lua_rawseti(L, -2, ++n);
            level = last - KEPT_BOTTOM + 1;
        }
        if (!lua_getstack(L, level, &ar))
            break;
        push_frame(L, &ar, level);
        lua_rawseti(L, -2, ++n);
    }
}

/*
 * The message handler of every input: keeps the stack of the failed call,
 * with each frame's locals, for :where (it is gone once pcall returns), and
 * turns the error value into a message.
 */
static int capture_error(lua_State *L)
{
    if (!lua_isstring(L, 1) && !(luaL_callmeta(L, 1, "__tostring") && lua_isstring(L, -1)))
        lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    else if (lua_isstring(L, 1))
        lua_pushvalue(L, 1);
    push_frames(L);
    lua_pushvalue(L, -2);
    lua_setfield(L, -2, "message");
    lua_setfield(L, LUA_REGISTRYINDEX, POSTMORTEM_KEY);
    return 1;
}

/* After an input that did not compile, :where has no stack to show, only the message at index msg. */
static void forget_stack(lua_State *L, int msg)
{
    lua_newtable(L);
    lua_pushvalue(L, msg);
    lua_setfield(L, -2, "message");
    lua_setfield(L, LUA_REGISTRYINDEX, POSTMORTEM_KEY);
}

void push_postmortem(lua_State *L)
{
    if (lua_getfield(L, LUA_REGISTRYINDEX, POSTMORTEM_KEY) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
    }
}

/* ---- sources, for :where and carets ---- */

/* sources[chunk][first + i] = line i of src: chunk is the short name ("[3]", "stdin"). */
static void remember_source(lua_State *L, const char *chunk, int first, const char *src, size_t len)
{
    luaL_getsubtable(L, LUA_REGISTRYINDEX, SOURCES_KEY);
    luaL_getsubtable(L, -1, chunk);
    for (const char *p = src, *end = src + len; p <= end; first++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        lua_pushlstring(L, p, (size_t)((nl ? nl : end) - p));
        lua_rawseti(L, -2, first);
        if (!nl)
            break;
        p = nl + 1;
    }
    lua_pop(L, 2);
}

/* Line `line` of a file, pushed, or nil. */
static void push_file_line(lua_State *L, const char *path, int line)
{
    FILE *f = fopen(path, "r");
    char buf[1024];
    int n = 0;
    while (f && fgets(buf, sizeof buf, f)) {
        if (++n == line) {
            buf[strcspn(buf, "\r\n")] = '\0';
            lua_pushstring(L, buf);
            fclose(f);
            return;
        }
    }
    if (f)
        fclose(f);
    lua_pushnil(L);
}

void push_source_line(lua_State *L, const char *source, int line)
{
    if (source[0] == '@') {
        push_file_line(L, source + 1, line);
        return;
    }
    int top = lua_gettop(L);
    lua_getfield(L, LUA_REGISTRYINDEX, SOURCES_KEY);
    if (source[0] == '=' && lua_istable(L, -1) && lua_getfield(L, -1, source + 1) == LUA_TTABLE)
        lua_rawgeti(L, -1, line);
    else
        lua_pushnil(L);
    lua_replace(L, top + 1);
    lua_settop(L, top + 1);
}

/* ---- errors ---- */

void report_error(repl *r, const char *msg)
{
    fflush(stdout);   /* what the input printed comes first, also when both go to one file */
    if (r->color)
        fprintf(stderr, "\033[31m%s\033[0m\n", msg);
    else
        fprintf(stderr, "%s\n", msg);
}

static int lua_frames(lua_State *L, int frames)
{
    int n = 0;
    for (lua_Integer i = 1; lua_rawgeti(L, frames, i) == LUA_TTABLE; i++) {
        lua_getfield(L, -1, "c");
        n += !lua_toboolean(L, -1);
        lua_pop(L, 2);
    }
    lua_pop(L, 1);
    return n;
}

/* "  [3]:2: in function 'f'" for each frame, the middle elided past TRACEBACK_FRAMES. */
static void print_traceback(repl *r, int frames)
{
    lua_State *L = r->L;
    lua_Integer n = (lua_Integer)lua_rawlen(L, frames);
    for (lua_Integer i = 1; i <= n; i++) {
        if (n > TRACEBACK_FRAMES && i == TRACEBACK_FRAMES / 2 + 1) {
            fprintf(stderr, "  ...\n");
            i = n - TRACEBACK_FRAMES / 2 + 1;
        }
        lua_rawgeti(L, frames, i);
        lua_getfield(L, -1, "chunk");
        lua_getfield(L, -2, "line");
        lua_getfield(L, -3, "label");
        long line = (long)lua_tointeger(L, -2);
        if (!lua_isstring(L, -3))
            fprintf(stderr, "  ...\n");
        else if (line > 0)
            fprintf(stderr, "  %s:%ld: %s\n", lua_tostring(L, -3), line, lua_tostring(L, -1));
        else
            fprintf(stderr, "  %s: %s\n", lua_tostring(L, -3), lua_tostring(L, -1));
        lua_pop(L, 4);
    }
}

/* "stopped: interrupted at [5]:1": where a loop was when Ctrl-C or a limit stopped it (pushed). */
static void push_stop_message(repl *r, int frames)
{
    lua_State *L = r->L;
    const char *msg = lua_tostring(L, -2);
    const char *stopped = msg ? strstr(msg, "stopped: ") : NULL;
    lua_pushstring(L, stopped ? stopped : msg);   /* without the "stdin:5:" of the caller */
    for (lua_Integer i = 1; lua_rawgeti(L, frames, i) == LUA_TTABLE; i++) {
        lua_getfield(L, -1, "c");
        int c = lua_toboolean(L, -1);
        lua_pop(L, 1);
        if (!c) {
            lua_getfield(L, -1, "chunk");
            lua_getfield(L, -2, "line");
            lua_pushfstring(L, "%s at %s:%d", lua_tostring(L, -4), lua_tostring(L, -2), (int)lua_tointeger(L, -1));
            lua_replace(L, -5);
            lua_pop(L, 2);
            break;
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* The error on top of the stack, and the calls that led to it when there were any; pops it. */
static void report_failure(repl *r, budget_stop stop)
{
    lua_State *L = r->L;
    push_postmortem(L);
    if (stop != BUDGET_RUNNING) {
        push_stop_message(r, lua_gettop(L));
        if (stop == BUDGET_INTERRUPTED && r->interactive)
            putchar('\n');   /* the terminal echoed ^C on the input's last line */
        report_error(r, lua_tostring(L, -1));
        lua_pop(L, 1);
    } else {
        report_error(r, lua_tostring(L, -2) ? lua_tostring(L, -2) : "(error)");
    }
    lua_remove(L, -2);
    if (lua_frames(L, lua_gettop(L)) >= 2) {
        print_traceback(r, lua_gettop(L));
        if (r->interactive && !r->where_hinted) {
            fprintf(stderr, "  (:where shows each frame's local variables)\n");
            r->where_hinted = 1;
        }
    }
    lua_pop(L, 1);
    fflush(stderr);
}

/*
 * Under the last line of src, a caret at the token a syntax error names:
 * the shortest prefix of that line that fails with the same message ends
 * with the token ("x = = 1" fails as "near '='" from "x = =" on).
 */
static void show_caret(lua_State *L, const char *src, size_t len, const char *chunkname, const char *msg)
{
    const char *line = src + len;
    while (line > src && line[-1] != '\n')
        line--;
    size_t line_len = len - (size_t)(line - src), msg_len = strlen(msg), k = 0;
    if (line_len == 0 || line_len > CARET_MAX_LINE || (msg_len >= 5 && strcmp(msg + msg_len - 5, "<eof>") == 0))
        return;   /* an unfinished input (Ctrl-D, or the end of piped input) has no token to point at */
    for (k = 1; k <= line_len; k++) {
        int status = luaL_loadbufferx(L, src, (size_t)(line - src) + k, chunkname, "t");
        int same = status != LUA_OK && strcmp(lua_tostring(L, -1), msg) == 0;
        lua_pop(L, 1);
        if (same)
            break;
    }
    if (k > line_len)
        return;
    const char *near = strstr(msg, "near '");
    size_t token = near ? strlen(near + 6) - 1 : 1;   /* without the closing quote */
    size_t start = k >= token ? k - token : 0;
    size_t col = utf8_valid_prefix(line, start) == start ? text_width(line, start) : start;
    fprintf(stderr, "  %.*s\n  %*s^\n", (int)line_len, line, (int)col, "");
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
    int status = lua_pcall(L, nargs, LUA_MULTRET, base);
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
