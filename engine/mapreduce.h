/* mapreduce.h: scripts that return {map=, reduce=}: over the corpus in N threads, as a JSONL filter, or reduced from a filter's output. */
#ifndef PARLEY_MAPREDUCE_H
#define PARLEY_MAPREDUCE_H

#include <stddef.h>
#include <lua.h>

/* The most worker threads --jobs accepts. */
#define MR_MAX_JOBS 256

/*
 * Make a fresh state for the script with the run's options (limits,
 * sandbox, corpus). Worker states (worker != 0) open the corpus read-only:
 * map must not write, or the corpus would depend on which thread got
 * which document. Returns NULL after reporting why. Only ever called from
 * the thread that called mr_run or mr_reduce, never from a worker thread.
 */
typedef lua_State *(*mr_new_state)(void *ud, int worker);

/* The options of `parley run` that choose how a map/reduce script runs. */
typedef struct {
    int jobs;        /* --jobs N: worker states and threads (1 when not given) */
    int stream;      /* --stream: map JSONL documents on stdin to JSONL results on stdout */
    int skip_bad;    /* --skip-bad: with --stream, report bad input lines and go on */
    int quiet;       /* -q: no notes on stderr */
    int save;        /* run --save: the annotations map makes are saved, in document order */
} mr_options;

/* A script to run, and how. */
typedef struct {
    const char *path;         /* the script file (borrowed) */
    const char *name;         /* SCRIPT as the user wrote it, for messages */
    int argc;                 /* its own arguments, everything after SCRIPT */
    char **argv;
    mr_new_state new_state;
    void *ud;                 /* for new_state */
    mr_options opts;
} mr_script;

/*
 * Parse a run option at argv[*i] (--jobs N, --jobs=N, --stream, --skip-bad):
 * 1 when consumed (*i advanced), 0 when argv[*i] is not one, -1 after
 * printing a usage error.
 */
int mr_option(mr_options *o, int argc, char **argv, int *i);

/* Whether arg is one of the run options (they go before SCRIPT). */
int mr_is_option(const char *arg);

/* Check the combination of run options; EXIT_OK, or EXIT_USAGE after printing why. */
int mr_check_options(const mr_options *o);

/* The thread count in s ("4"), or -1 when it is not a number from 1 to MR_MAX_JOBS. */
int mr_parse_jobs(const char *s);

/*
 * `parley run`: run the script. When its chunk returns a table with a
 * function `map`, map it over the corpus (or stdin with --stream) and
 * reduce; otherwise the script has simply run. Returns the exit status,
 * having reported any error.
 */
int mr_run(const mr_script *s);

/* `parley reduce`: reduce the JSONL results of `run --stream` read from stdin. Exit status. */
int mr_reduce(const mr_script *s);

/* ---- shared by mapreduce.c, parallel.c and stream.c ---- */

/* Run the script's chunk in L with its arguments: its first return value is left on top. Lua status. */
int mr_load(lua_State *L, const mr_script *s);

/* Whether the value at index is a map/reduce table: a table whose `map` is a function. */
int mr_is_mapreduce(lua_State *L, int index);

/*
 * parallel.c: map the script (its table at index script) over the
 * corpus's documents with s->opts.jobs states. On success pushes the
 * sink (mr_push_sink) that took the results in document order, nil results
 * left out, and returns EXIT_OK; otherwise reports the first failing document (in
 * document order, whatever the thread count) and returns the exit status.
 */
int mr_map_corpus(lua_State *L, int script, const mr_script *s);

/* stream.c: map the script over the JSONL documents on stdin, one result line each on stdout. Exit status. */
int mr_map_stream(lua_State *L, int script, const mr_script *s);

/* stream.c: read --stream results from stdin into a sink for the script at index script, pushed as mr_map_corpus does. Exit status. */
int mr_read_results(lua_State *L, int script);

/*
 * Push where the results of the script (its table at index script) go, in
 * two stack slots: (results, ids) that reduce takes all at once, or, when
 * the script has `fold`, (accumulator, true), the accumulator starting as
 * `init` (or what `init()` returns). Lua status; on failure the error is
 * pushed instead.
 */
int mr_push_sink(lua_State *L, int script);

/*
 * Pop a result and its document id (on top, in that order) into the sink
 * at index sink: appended to results and ids, or folded: acc = fold(acc,
 * result, id), or acc unchanged when fold returns nil. Raises when fold does.
 */
void mr_sink_take(lua_State *L, int script, int sink);

/* Whether the script (its table at index script) has a function `fold`. */
int mr_folds(lua_State *L, int script);

/*
 * Push the value at index as JSON, the form results take between states
 * and processes; raises "the result of map must be JSON ...: why" when it
 * cannot be.
 */
void mr_push_json(lua_State *L, int index);
/* The same checks, the value packed (json_push_packed): results between threads. */
void mr_push_packed(lua_State *L, int index);

/*
 * Replace the error message on top of L with "WHAT: message" (a message
 * that is not a string is left alone) and turn it into an exit status
 * with runtime_exit_status.
 */
int mr_fail(lua_State *L, int status, const char *what);

#endif
