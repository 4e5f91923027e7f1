/* mapreduce.c: the map/reduce script contract: run options, telling such a script from a plain one, reduce and output. */
#include "mapreduce.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "cli.h"
#include "lua_api.h"
#include "runtime.h"

/* ---- run options ---- */

int mr_parse_jobs(const char *s)
{
    char *end;
    long n = strtol(s, &end, 10);
    if (end == s || *end != '\0' || n < 1 || n > MR_MAX_JOBS)
        return -1;
    return (int)n;
}

int mr_is_option(const char *arg)
{
    return strcmp(arg, "--jobs") == 0 || strncmp(arg, "--jobs=", 7) == 0 ||
           strcmp(arg, "--stream") == 0 || strcmp(arg, "--skip-bad") == 0;
}

int mr_option(mr_options *o, int argc, char **argv, int *i)
{
    const char *a = argv[*i], *value = NULL;
    if (strcmp(a, "--stream") == 0) {
        o->stream = 1;
        (*i)++;
        return 1;
    }
    if (strcmp(a, "--skip-bad") == 0) {
        o->skip_bad = 1;
        (*i)++;
        return 1;
    }
    if (strcmp(a, "--jobs") == 0) {
        if (*i + 1 >= argc) {
            cli_usage_error("run", "option --jobs needs a number of threads");
            return -1;
        }
        value = argv[*i + 1];
        *i += 2;
    } else if (strncmp(a, "--jobs=", 7) == 0) {
        value = a + 7;
        (*i)++;
    } else {
        return 0;
    }
    if ((o->jobs = mr_parse_jobs(value)) < 0) {
        cli_usage_error("run", "--jobs needs a number of threads from 1 to %d, not '%s'", MR_MAX_JOBS, value);
        return -1;
    }
    return 1;
}

int mr_check_options(const mr_options *o)
{
    if (o->stream && o->jobs > 1)
        return cli_usage_error("run", "--stream maps one input in one thread: to use more cores, split "
                                      "the input and run one filter per part (xargs -P, GNU parallel)");
    if (o->save && o->stream)
        return cli_usage_error("run", "--save saves annotations of stored documents, and --stream maps "
                                      "documents that are not stored");
    if (o->skip_bad && !o->stream)
        return cli_usage_error("run", "--skip-bad applies to the input lines of --stream");
    return EXIT_OK;
}

/* ---- the script's table ---- */

int mr_load(lua_State *L, const mr_script *s)
{
    return runtime_run_file_value(L, s->path, s->argc, s->argv);
}

int mr_is_mapreduce(lua_State *L, int index)
{
    if (!lua_istable(L, index))
        return 0;
    int is_function = lua_getfield(L, index, "map") == LUA_TFUNCTION;
    lua_pop(L, 1);
    return is_function;
}

int mr_folds(lua_State *L, int script)
{
    int is_function = lua_getfield(L, script, "fold") == LUA_TFUNCTION;
    lua_pop(L, 1);
    return is_function;
}

/* Each optional field of the table must have the right type: a typo should not be ignored. */
static int validate(lua_State *L, int script, const mr_script *s)
{
    static const struct { const char *field; int type; } fields[] = {
        {"reduce", LUA_TFUNCTION}, {"fold", LUA_TFUNCTION}, {"output", LUA_TFUNCTION}, {"docs", LUA_TTABLE},
    };
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        int type = lua_getfield(L, script, fields[i].field);
        lua_pop(L, 1);
        if (type != LUA_TNIL && type != fields[i].type) {
            fprintf(stderr, "parley: %s: the table the script returns has '%s' = a %s, not a %s\n",
                    s->name, fields[i].field, lua_typename(L, type), lua_typename(L, fields[i].type));
            return EXIT_DATA;
        }
    }
    int has_reduce = lua_getfield(L, script, "reduce") != LUA_TNIL;
    lua_pop(L, 1);
    if (has_reduce && mr_folds(L, script)) {
        fprintf(stderr, "parley: %s: the table the script returns has both 'fold' and 'reduce': fold takes "
                        "the results one at a time, reduce all at once; keep one\n", s->name);
        return EXIT_DATA;
    }
    return EXIT_OK;
}

int mr_fail(lua_State *L, int status, const char *what)
{
    if (lua_type(L, -1) == LUA_TSTRING) {
        lua_pushfstring(L, "%s: %s", what, lua_tostring(L, -1));
        lua_remove(L, -2);
    }
    return runtime_exit_status(L, status);
}

static int encode(lua_State *L)
{
    json_push_encoded(L, 1);
    return 1;
}

static int encode_packed(lua_State *L)
{
    json_push_packed(L, 1);
    return 1;
}

/* Push what how makes of the value at index, or raise the message every map result gets. */
static void push_result(lua_State *L, int index, lua_CFunction how)
{
    index = lua_absindex(L, index);
    lua_pushcfunction(L, how);
    lua_pushvalue(L, index);
    if (lua_pcall(L, 1, 1, 0) != LUA_OK)
        luaL_error(L, "the result of map must be a JSON value (tables with string keys or "
                      "arrays, strings, numbers, booleans): %s", lua_tostring(L, -1));
}

void mr_push_json(lua_State *L, int index)
{
    push_result(L, index, encode);
}

void mr_push_packed(lua_State *L, int index)
{
    push_result(L, index, encode_packed);
}

/* ---- where results go: kept for reduce, or folded one at a time ---- */

/* (script) -> the sink: (results, ids), or (the first accumulator, true) when the script folds. */
static int open_sink(lua_State *L)
{
    if (!mr_folds(L, 1)) {
        lua_newtable(L);
        lua_newtable(L);
        return 2;
    }
    if (lua_getfield(L, 1, "init") == LUA_TFUNCTION)
        lua_call(L, 0, 1);
    lua_pushboolean(L, 1);
    return 2;
}

int mr_push_sink(lua_State *L, int script)
{
    script = lua_absindex(L, script);
    lua_pushcfunction(L, open_sink);
    lua_pushvalue(L, script);
    return runtime_pcall(L, 1, 2);
}

void mr_sink_take(lua_State *L, int script, int sink)
{
    int id = lua_gettop(L), result = id - 1;
    if (lua_type(L, sink + 1) == LUA_TTABLE) {
        lua_Integer k = (lua_Integer)lua_rawlen(L, sink) + 1;
        lua_rawseti(L, sink + 1, k);
        lua_rawseti(L, sink, k);
        return;
    }
    lua_getfield(L, script, "fold");
    lua_pushvalue(L, sink);
    lua_pushvalue(L, result);
    lua_pushvalue(L, id);
    lua_call(L, 3, 1);
    if (!lua_isnil(L, -1))   /* a fold that updates its accumulator in place may return nothing */
        lua_replace(L, sink);
    lua_settop(L, result - 1);
}

/* ---- reduce and output ---- */

/* The default output: nothing for nil, a string as it is, anything else as one line of JSON. */
static void print_final(lua_State *L, int index)
{
    size_t len;
    const char *s;
    switch (lua_type(L, index)) {
    case LUA_TNIL:
        return;
    case LUA_TSTRING:
    case LUA_TNUMBER:
    case LUA_TBOOLEAN:
        s = luaL_tolstring(L, index, &len);
        break;
    default:
        json_push_encoded(L, index);
        s = lua_tolstring(L, -1, &len);
    }
    fwrite(s, 1, len, stdout);
    fputc('\n', stdout);
    lua_pop(L, 1);
}

/*
 * (script, sink): final = the accumulator when the script folds, else
 * reduce(results, ids), or the results without reduce; output(final) or print it.
 */
static int finish(lua_State *L)
{
    if (lua_isboolean(L, 3)) {
        lua_pushvalue(L, 2);
    } else if (lua_getfield(L, 1, "reduce") == LUA_TFUNCTION) {
        lua_pushvalue(L, 2);
        lua_pushvalue(L, 3);
        lua_call(L, 2, 1);
    } else {
        lua_pop(L, 1);
        lua_pushvalue(L, 2);
    }
    int final = lua_gettop(L);
    if (lua_getfield(L, 1, "output") == LUA_TFUNCTION) {
        lua_pushvalue(L, final);
        lua_call(L, 1, 0);
    } else {
        lua_pop(L, 1);
        print_final(L, final);
    }
    fflush(stdout);
    return 0;
}

/* Call finish with the script table and the sink (mr_push_sink) on top of the stack; exit status. */
static int reduce_and_output(lua_State *L, int script)
{
    lua_pushcfunction(L, finish);
    lua_pushvalue(L, script);
    lua_rotate(L, -4, 2);   /* finish, script, results, ids */
    return runtime_exit_status(L, runtime_pcall(L, 3, 0));
}

/* ---- the commands ---- */

/* A plain script has run by the time we know it is plain. */
static int plain_script_done(const mr_script *s)
{
    if (s->opts.stream)
        return cli_usage_error("run", "--stream needs a map/reduce script, and %s returns no "
                                      "{map = function(doc) ... end} (it ran once as a plain script)",
                               s->name);
    if (s->opts.jobs > 1 && !s->opts.quiet)
        fprintf(stderr, "parley: note: %s is not a map/reduce script (it returns no {map = ...}), "
                        "so it ran in one thread\n", s->name);
    return EXIT_OK;
}

static int run_mapreduce(lua_State *L, int script, const mr_script *s)
{
    int code = validate(L, script, s);
    if (code != EXIT_OK)
        return code;
    if (s->argc > 0 && mr_is_option(s->argv[0]))
        return cli_usage_error("run", "%s goes before SCRIPT (parley run %s ... %s): after SCRIPT "
                                      "it would be the script's own argument", s->argv[0], s->argv[0], s->name);
    if (s->opts.stream)
        return mr_map_stream(L, script, s);
    code = mr_map_corpus(L, script, s);
    return code == EXIT_OK ? reduce_and_output(L, script) : code;
}

/* The spelling `parley run SCRIPT --jobs N` hands --jobs to the script; say where it goes. */
static void hint_misplaced_option(const mr_script *s)
{
    if (s->argc > 0 && mr_is_option(s->argv[0]))
        fprintf(stderr, "parley: hint: %s is an option of run, and goes before SCRIPT: parley run %s ... %s\n",
                s->argv[0], s->argv[0], s->name);
}

int mr_run(const mr_script *s)
{
    lua_State *L = s->new_state(s->ud, 0);
    if (!L)
        return EXIT_DATA;
    int status = mr_load(L, s), code;
    if (status != LUA_OK) {
        code = runtime_exit_status(L, status);
        hint_misplaced_option(s);
    } else if (!mr_is_mapreduce(L, -1))
        code = plain_script_done(s);
    else
        code = run_mapreduce(L, lua_gettop(L), s);
    if (status == LUA_OK && code == EXIT_OK) {   /* end the runs the script's saves made */
        status = runtime_finish(L);
        if (status != LUA_OK)
            code = runtime_exit_status(L, status);
    }
    runtime_close(L);
    return code;
}

int mr_reduce(const mr_script *s)
{
    lua_State *L = s->new_state(s->ud, 0);
    if (!L)
        return EXIT_DATA;
    int status = mr_load(L, s), code;
    int script = lua_gettop(L);
    if (status != LUA_OK) {
        code = runtime_exit_status(L, status);
    } else if (!mr_is_mapreduce(L, script)) {
        fprintf(stderr, "parley: %s is not a map/reduce script: it returns no {map = ..., reduce = ...}\n",
                s->name);
        code = EXIT_DATA;
    } else if ((code = validate(L, script, s)) == EXIT_OK && (code = mr_read_results(L, script)) == EXIT_OK) {
        code = reduce_and_output(L, script);
    }
    runtime_close(L);
    return code;
}
