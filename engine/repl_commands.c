/* repl_commands.c: the REPL's meta-commands (:load, :time, :save, :where, :help, :quit), from one dispatch table. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>

#include "repl.h"

typedef struct {
    const char *name;
    int (*run)(repl *r, const char *arg);   /* 0, or -1 when the command failed */
    const char *usage;
    const char *summary;
} repl_command;

static const repl_command *find_command(const char *name, size_t len);

/* "usage: :load FILE" as a failed input. */
static int usage_error(repl *r, const char *name)
{
    const repl_command *c = find_command(name, strlen(name));
    char msg[128];
    snprintf(msg, sizeof msg, "usage: %s", c->usage);
    report_error(r, msg);
    r->failures++;
    return -1;
}

/* ---- :load, :time, :save ---- */

static int cmd_load(repl *r, const char *arg)
{
    if (!*arg)
        return usage_error(r, "load");
    return run_file(r, arg);
}

static double seconds_between(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* "840 µs", "12.3 ms", "4.56 s" */
static void format_duration(double s, char *buf, size_t size)
{
    if (s < 1e-3)
        snprintf(buf, size, "%.0f µs", s * 1e6);
    else if (s < 1)
        snprintf(buf, size, "%.1f ms", s * 1e3);
    else
        snprintf(buf, size, "%.2f s", s);
}

static int cmd_time(repl *r, const char *arg)
{
    if (!*arg)
        return usage_error(r, "time");
    struct timespec wall0, cpu0, wall1, cpu1;
    clock_gettime(CLOCK_MONOTONIC, &wall0);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu0);
    int rc = run_input(r, arg, strlen(arg), 1);
    clock_gettime(CLOCK_MONOTONIC, &wall1);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu1);
    char wall[32], cpu[32];
    format_duration(seconds_between(&wall0, &wall1), wall, sizeof wall);
    format_duration(seconds_between(&cpu0, &cpu1), cpu, sizeof cpu);
    printf("time: %s (cpu %s)\n", wall, cpu);
    return rc;
}

static const char SAVE_HEADER[] =
    "-- Saved from the parley REPL: the inputs that ran without error, in order.\n"
    "-- Run it with `parley run FILE` (and the --db of the session, if it had one).\n"
    "local corpus = assert(parley.open())\n\n";

static int cmd_save(repl *r, const char *arg)
{
    if (!*arg)
        return usage_error(r, "save");
    FILE *f = fopen(arg, "w");
    if (!f) {
        lua_pushfstring(r->L, "%s: %s", arg, strerror(errno));
        report_error(r, lua_tostring(r->L, -1));
        lua_pop(r->L, 1);
        r->failures++;
        return -1;
    }
    int n = push_saved_inputs(r);
    fputs(SAVE_HEADER, f);
    fputs(lua_tostring(r->L, -1), f);
    fputc('\n', f);
    lua_pop(r->L, 1);
    if (fclose(f) != 0) {
        report_error(r, "could not write the file");
        r->failures++;
        return -1;
    }
    printf("saved %d input%s to %s\n", n, n == 1 ? "" : "s", arg);
    return 0;
}

/* ---- :where ---- */

/* Print the value on top (popped) under "      name = ", continuation lines indented. */
static void print_local(repl *r, const char *name)
{
    lua_State *L = r->L;
    push_pretty(r, -1, edit_columns() - 8);
    const char *s = lua_tostring(L, -1);   /* push_pretty always pushes a string */
    printf("      %s = ", name);
    for (; *s; s++) {
        putchar(*s);
        if (*s == '\n')
            fputs("        ", stdout);
    }
    putchar('\n');
    lua_pop(L, 2);
}

/* One frame (the table on top): where it was, its source line, its locals. */
static void print_frame(repl *r)
{
    lua_State *L = r->L;
    int frame = lua_gettop(L);
    if (lua_getfield(L, frame, "skipped") == LUA_TNUMBER) {
        printf("...  %lld frames left out\n", (long long)lua_tointeger(L, -1));
        lua_settop(L, frame);
        return;
    }
    lua_pop(L, 1);
    lua_getfield(L, frame, "chunk");
    lua_getfield(L, frame, "line");
    lua_getfield(L, frame, "label");
    lua_getfield(L, frame, "level");
    int line = (int)lua_tointeger(L, -3);
    printf(r->color ? "\033[1m#%d  %s:%d %s\033[0m\n" : "#%d  %s:%d %s\n", (int)lua_tointeger(L, -1),
           lua_tostring(L, -4), line, lua_tostring(L, -2));
    lua_getfield(L, frame, "source");
    push_source_line(L, lua_tostring(L, -1), line);
    if (lua_isstring(L, -1))
        printf("    %4d | %s\n", line, lua_tostring(L, -1));
    lua_settop(L, frame);
    lua_getfield(L, frame, "locals");
    for (lua_Integer k = 1; lua_rawgeti(L, -1, k) == LUA_TTABLE; k++) {
        lua_getfield(L, -1, "name");
        lua_getfield(L, -2, "value");
        print_local(r, lua_tostring(L, -2));
        lua_pop(L, 2);
    }
    lua_settop(L, frame);
}

static int cmd_where(repl *r, const char *arg)
{
    (void)arg;
    lua_State *L = r->L;
    push_postmortem(L);
    lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
    if (lua_getfield(L, -1, "message") != LUA_TSTRING) {
        printf("no error yet: :where shows the stack of the last failed input\n");
        lua_pop(L, 2);
        return 0;
    }
    printf("%s\n", lua_tostring(L, -1));
    lua_pop(L, 1);
    if (n == 0)
        printf("(no stack: the input did not compile)\n");
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, -1, i);
        print_frame(r);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return 0;
}

/* ---- :help, :quit ---- */

static int cmd_help(repl *r, const char *arg);

static int cmd_quit(repl *r, const char *arg)
{
    (void)arg;
    r->quit = 1;
    return 0;
}

static const repl_command commands[] = {
    {"load", cmd_load, ":load FILE", "run a Lua file in the session (what it defines stays)"},
    {"time", cmd_time, ":time CODE", "run CODE and say how long it took"},
    {"save", cmd_save, ":save FILE", "write the inputs that ran without error as a script"},
    {"where", cmd_where, ":where", "the stack of the last error, each frame with its local variables"},
    {"help", cmd_help, ":help", "this list"},
    {"quit", cmd_quit, ":quit", "leave (Ctrl-D does too)"},
    {NULL, NULL, NULL, NULL},
};

static int cmd_help(repl *r, const char *arg)
{
    (void)r, (void)arg;
    printf("Commands (any unique prefix will do, :q for :quit):\n");
    for (const repl_command *c = commands; c->name; c++)
        printf("  %-12s %s\n", c->usage, c->summary);
    printf("\nhelp() lists the API; help(f) or ?name explains one function (?text.fold, ?corpus:sql).\n"
           "_ is the last value, _1, _2, ... the value of each numbered input.\n"
           "Keys: Tab completes; Up/Down recall lines starting with what is typed; Ctrl-R searches\n"
           "the history; Ctrl-C stops running code or clears the line; Ctrl-D quits.\n");
    return 0;
}

/* ---- dispatch ---- */

/* The command named name (len bytes), or the only one it is a prefix of; NULL otherwise. */
static const repl_command *find_command(const char *name, size_t len)
{
    const repl_command *found = NULL;
    int prefixed = 0;
    for (const repl_command *c = commands; c->name; c++) {
        if (strncmp(c->name, name, len) != 0)
            continue;
        if (strlen(c->name) == len)
            return c;
        found = c;
        prefixed++;
    }
    return len > 0 && prefixed == 1 ? found : NULL;
}

int command_run(repl *r, const char *line)
{
    lua_State *L = r->L;
    const char *name = line + 1, *arg = name;
    while (isalpha((unsigned char)*arg))
        arg++;
    size_t len = (size_t)(arg - name), arg_len;
    while (isspace((unsigned char)*arg))
        arg++;
    for (arg_len = strlen(arg); arg_len > 0 && isspace((unsigned char)arg[arg_len - 1]);)
        arg_len--;
    const repl_command *c = find_command(name, len);
    if (!c) {
        lua_pushlstring(L, name, len);
        lua_pushfstring(L, "unknown or ambiguous command :%s (:help lists them)", lua_tostring(L, -1));
        report_error(r, lua_tostring(L, -1));
        lua_pop(L, 2);
        r->failures++;
        return -1;
    }
    lua_pushlstring(L, arg, arg_len);   /* the argument without surrounding spaces, kept on the stack */
    int rc = c->run(r, lua_tostring(L, -1));
    lua_pop(L, 1);
    return rc;
}

const char *command_name(int i)
{
    return i >= 0 && i < (int)(sizeof commands / sizeof *commands) - 1 ? commands[i].name : NULL;
}
