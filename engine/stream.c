/* stream.c: --stream, a JSONL filter (one result line per document, flushed), and reading its results back for `parley reduce`. */
#define _GNU_SOURCE   /* getline */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "cli.h"
#include "ingest.h"
#include "lua_api.h"
#include "mapreduce.h"
#include "runtime.h"

/*
 * Memory stays flat however long the stream: one line is held at a time
 * (getline's buffer grows to the longest line, no further), the stack is
 * reset after each line, and a Doc's segmentation, which lives outside the
 * Lua heap, is reported to the collector when it is made (doc_segmentation).
 */

/* A line without its "\n" or "\r\n"; the first line also without a UTF-8 BOM, as editors write. */
static const char *trim_line(const char *line, size_t *len, size_t lineno)
{
    if (*len > 0 && line[*len - 1] == '\n')
        (*len)--;
    if (*len > 0 && line[*len - 1] == '\r')
        (*len)--;
    if (lineno == 1 && *len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
        line += 3;
        *len -= 3;
    }
    return line;
}

static int is_blank(const char *s, size_t len)
{
    return strspn(s, " \t") >= len;
}

/* ---- run --stream ---- */

/* The output id: the document's own "id" field when it has one, else its line number. */
static void push_output_id(lua_State *L, int fields, lua_Integer lineno)
{
    int type = lua_getfield(L, fields, "id");
    if (type == LUA_TNIL || (type == LUA_TLIGHTUSERDATA && lua_touserdata(L, -1) == NULL)) {
        lua_pop(L, 1);
        lua_pushinteger(L, lineno);
    }
}

/*
 * (script, line, lineno) -> the output line {"id": ..., "result": ...}, or
 * nothing when map returns nil, or false and a message for a bad line.
 * Raises when map does.
 */
static int map_line(lua_State *L)
{
    size_t len;
    const char *line = lua_tolstring(L, 2, &len);
    lua_Integer lineno = lua_tointeger(L, 3);
    char origin[48], err[1024];
    snprintf(origin, sizeof origin, "-:%lld", (long long)lineno);
    const char *text;
    if (jsonl_push_line(L, origin, line, len, &text, &len, err, sizeof err) < 0) {
        lua_pushboolean(L, 0);
        lua_pushstring(L, err);
        return 2;
    }
    int fields = lua_gettop(L);
    ingest_opts opts = {.quiet = 1};
    prepared_doc doc;
    if (prepare_doc(L, origin, text, len, &opts, fields, &doc, err, sizeof err) < 0) {
        lua_pushboolean(L, 0);
        lua_pushstring(L, err);
        return 2;
    }
    lua_getfield(L, 1, "map");
    int arg = lua_gettop(L) + 1;
    doc_push_prepared(L, &doc, origin);   /* also leaves its text and fields below the Doc */
    lua_replace(L, arg);
    lua_settop(L, arg);
    lua_call(L, 1, 1);
    if (lua_isnil(L, -1))
        return 0;
    int result = lua_gettop(L);
    lua_createtable(L, 0, 2);
    push_output_id(L, fields, lineno);
    lua_setfield(L, -2, "id");
    lua_pushvalue(L, result);
    lua_setfield(L, -2, "result");
    mr_push_json(L, -1);
    return 1;
}

static int write_line(const char *s, size_t len)
{
    if (fwrite(s, 1, len, stdout) != len || fputc('\n', stdout) == EOF || fflush(stdout) == EOF) {
        fprintf(stderr, "parley: writing the results: %s\n", strerror(errno));
        return EXIT_DATA;
    }
    return EXIT_OK;
}

/* Map one input line and write its result line. Exit status. */
static int stream_line(lua_State *L, int script, const char *line, size_t len, size_t lineno,
                       const mr_script *s)
{
    lua_pushcfunction(L, map_line);
    lua_pushvalue(L, script);
    lua_pushlstring(L, line, len);
    lua_pushinteger(L, (lua_Integer)lineno);
    int status = runtime_pcall(L, 3, 2);
    if (status != LUA_OK) {
        char what[64];
        snprintf(what, sizeof what, "map failed on line %zu", lineno);
        return mr_fail(L, status, what);
    }
    if (lua_isboolean(L, -2)) {   /* a bad line */
        fprintf(stderr, "parley: %s%s\n", lua_tostring(L, -1), s->opts.skip_bad ? " (skipped)" : "");
        return s->opts.skip_bad ? EXIT_OK : EXIT_DATA;
    }
    if (lua_isnil(L, -2))
        return EXIT_OK;
    size_t out_len;
    const char *out = lua_tolstring(L, -2, &out_len);
    return write_line(out, out_len);
}

int mr_map_stream(lua_State *L, int script, const mr_script *s)
{
    char *buf = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n;
    int code = EXIT_OK, base = lua_gettop(L);
    while (code == EXIT_OK && (n = getline(&buf, &cap, stdin)) >= 0) {
        size_t len = (size_t)n;
        const char *line = trim_line(buf, &len, ++lineno);
        if (is_blank(line, len))
            continue;
        code = stream_line(L, script, line, len, lineno, s);
        lua_settop(L, base);
    }
    if (code == EXIT_OK && ferror(stdin)) {
        fprintf(stderr, "parley: reading stdin: %s\n", strerror(errno));
        code = EXIT_DATA;
    }
    free(buf);
    return code;
}

/* ---- reduce: read the results back ---- */

/*
 * (script, sink, sink, line, lineno): the line's result and id into the
 * sink -> true and the sink's first slot (the accumulator of a fold is a
 * new value); or false and a message.
 */
static int add_result(lua_State *L)
{
    size_t len;
    const char *line = lua_tolstring(L, 4, &len);
    lua_Integer lineno = lua_tointeger(L, 5);
    if (json_push_decoded(L, line, len) != 1) {
        /* "line 1 col C: why" from json_push_decoded becomes "-:LINE:C: invalid JSON: why", as ingest says it */
        const char *msg = lua_tostring(L, -1);
        int col = 0, skip = 0;
        sscanf(msg, "line %*d col %d: %n", &col, &skip);
        lua_pushboolean(L, 0);
        lua_pushfstring(L, "-:%I:%d: invalid JSON: %s", lineno, col, msg + skip);
        return 2;
    }
    if (!lua_istable(L, -1) || lua_getfield(L, -1, "result") == LUA_TNIL) {
        lua_pushboolean(L, 0);
        lua_pushfstring(L, "-:%I: not a result of `parley run --stream` "
                           "(expected {\"id\": ..., \"result\": ...})", lineno);
        return 2;
    }
    lua_getfield(L, -2, "id");
    mr_sink_take(L, 1, 2);
    lua_pushboolean(L, 1);
    lua_pushvalue(L, 2);
    return 2;
}

/* Take one line into the sink; exit status. */
static int read_one(lua_State *L, int script, int sink, const char *line, size_t len, size_t lineno)
{
    lua_pushcfunction(L, add_result);
    lua_pushvalue(L, script);
    lua_pushvalue(L, sink);
    lua_pushvalue(L, sink + 1);
    lua_pushlstring(L, line, len);
    lua_pushinteger(L, (lua_Integer)lineno);
    int status = runtime_pcall(L, 5, 2);
    if (status != LUA_OK) {
        char what[80];
        snprintf(what, sizeof what, "%s line %zu", mr_folds(L, script) ? "fold failed on" : "reading", lineno);
        return mr_fail(L, status, what);
    }
    if (!lua_toboolean(L, -2)) {
        fprintf(stderr, "parley: %s\n", lua_tostring(L, -1));
        lua_pop(L, 2);
        return EXIT_DATA;
    }
    lua_replace(L, sink);
    lua_pop(L, 1);
    return EXIT_OK;
}

int mr_read_results(lua_State *L, int script)
{
    char *buf = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n;
    script = lua_absindex(L, script);
    int status = mr_push_sink(L, script);
    if (status != LUA_OK)
        return mr_fail(L, status, "init");
    int code = EXIT_OK, sink = lua_gettop(L) - 1;
    while (code == EXIT_OK && (n = getline(&buf, &cap, stdin)) >= 0) {
        size_t len = (size_t)n;
        const char *line = trim_line(buf, &len, ++lineno);
        if (!is_blank(line, len))
            code = read_one(L, script, sink, line, len, lineno);
    }
    if (code == EXIT_OK && ferror(stdin)) {
        fprintf(stderr, "parley: reading stdin: %s\n", strerror(errno));
        code = EXIT_DATA;
    }
    free(buf);
    if (code != EXIT_OK)
        lua_pop(L, 2);
    return code;
}
