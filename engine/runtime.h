/* runtime.h: one Lua state per run, with the parley API, stdlib paths and error reporting. */
#ifndef PARLEY_RUNTIME_H
#define PARLEY_RUNTIME_H

#include <stddef.h>
#include <lua.h>

#include "budget.h"

typedef struct {
    const char *db_path;      /* --db, else PARLEY_DB, else NULL (see parley.open) */
    int readonly;             /* --readonly: parley.open() never writes */
    const char *script_dir;   /* directory of the running script, searched first by require */
    size_t max_memory;        /* --max-memory: cap on the state's memory in bytes (0: none) */
    double timeout;           /* --timeout: seconds the run may take (0: none) */
    int sandbox;              /* --sandbox: the restricted environment of sandbox.c */
    int allow_write;          /* --allow-write: a sandboxed script may write to corpus files */
    const char *out_dir;      /* --out DIR: where a sandboxed script may write files (NULL: nowhere) */
    const char *const *read_paths;  /* what a sandboxed script may read besides data/:
                                       NULL-terminated; read by runtime_new only */
} runtime_opts;

/* A new state with the standard libraries and parley loaded; NULL if out of memory. */
lua_State *runtime_new(const runtime_opts *opts);
void runtime_close(lua_State *L);

/* lua_pcall with a traceback handler; the error (with traceback) is left on the stack. */
int runtime_pcall(lua_State *L, int nargs, int nresults);

/* Print the error on top of the stack to stderr as "parley: MESSAGE" and pop it. */
void runtime_report(lua_State *L);

/* The budget (limits, Ctrl-C) of a state made by runtime_new. */
run_budget *runtime_budget(lua_State *L);

/*
 * The process exit status for a Lua status: 0 for LUA_OK; 3 with
 * "parley: stopped: REASON" when a limit stopped the code (the budget's,
 * or Lua's own stack limits: "recursion too deep"); otherwise the error
 * on the stack is reported and 1 returned. Pops the error.
 */
int runtime_exit_status(lua_State *L, int status);

/*
 * After a script (or eval chunk) succeeded: end the runs it made (pending
 * `run --save` documents written, finished_at set). A Lua status; on
 * failure the error is on the stack. A run whose script failed is left
 * unfinished.
 */
int runtime_finish(lua_State *L);

/* Load and run a Lua file with arguments (the global `arg` table as lua.c builds it). */
int runtime_run_file(lua_State *L, const char *path, int argc, char **argv);
/* runtime_run_file keeping the chunk's first return value (nil when none) on the stack. */
int runtime_run_file_value(lua_State *L, const char *path, int argc, char **argv);

/*
 * Compile s as an expression ("return " .. s) first, else as a statement
 * chunk (lua.c's rule). Pushes the function, or the syntax error of the chunk.
 */
int runtime_load_interactive(lua_State *L, const char *s, size_t len, const char *chunkname);

/* The options the state was created with (borrowed; valid for the state's life). */
const runtime_opts *runtime_options(lua_State *L);

/* Where stdlib/, scripts/ and data/ live: next to the binary, installed, or the source tree. */
const char *runtime_home(void);

/* The version line printed by --version and parley.version. */
const char *runtime_version(void);

#endif
