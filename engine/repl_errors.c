/* repl_errors.c: what the REPL shows of a failed input: the frames kept for :where, short tracebacks, carets under syntax errors. */
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

#include "loader.h"
#include "repl.h"
#include "unitext.h"

#define POSTMORTEM_KEY "parley.repl.postmortem"   /* frames of the last error */
#define SOURCES_KEY "parley.repl.sources"         /* chunk name -> {line texts}, for :where */
#define TRACEBACK_FRAMES 8                        /* frames an error shows at most */
#define KEPT_TOP 12                               /* innermost frames kept for :where */
#define KEPT_BOTTOM 8                             /* outermost frames kept for :where */
#define CARET_MAX_LINE 1000                       /* longer lines get no caret */

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
int capture_error(lua_State *L)
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
void forget_stack(lua_State *L, int msg)
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
void remember_source(lua_State *L, const char *chunk, int first, const char *src, size_t len)
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
void report_failure(repl *r, budget_stop stop)
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
void show_caret(lua_State *L, const char *src, size_t len, const char *chunkname, const char *msg)
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
