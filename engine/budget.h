/* budget.h: the limits a run stays within (memory, time) and Ctrl-C; a tripped limit stops the script. */
#ifndef PARLEY_BUDGET_H
#define PARLEY_BUDGET_H

#include <stddef.h>
#include <lua.h>

typedef enum {
    BUDGET_RUNNING = 0,
    BUDGET_INTERRUPTED,   /* budget_interrupt (Ctrl-C) */
    BUDGET_TIMEOUT,       /* the time limit passed */
    BUDGET_MEMORY,        /* an allocation would have passed the memory cap */
} budget_stop;

typedef struct run_budget run_budget;

/*
 * A new Lua state whose allocator counts and caps memory at max_memory
 * bytes (0: no cap). No hook runs until a limit trips. *out receives the
 * budget (malloc'd): free it with budget_free after lua_close.
 */
lua_State *budget_newstate(size_t max_memory, run_budget **out);
void budget_free(run_budget *b);

/*
 * Replace coroutine.create and coroutine.wrap so that each new coroutine
 * checks the limits every few thousand instructions: a tripped limit sets
 * the hook of the main thread only.
 */
void budget_watch_coroutines(lua_State *L);

/*
 * From now on, stop the running code after seconds (0: no time limit).
 * Code stuck inside one C function past the deadline plus a second, while
 * between budget_enter and budget_leave, ends the process with status 3.
 */
void budget_set_timeout(run_budget *b, double seconds);

/*
 * Lua code of this state starts (ends) running on the calling thread: a
 * protected call begins (returns). Every entry into Lua goes between them,
 * or the time limit cannot stop it.
 */
void budget_enter(run_budget *b);
void budget_leave(run_budget *b);

/*
 * Stop the running code at its next instruction. Async-signal-safe: a
 * SIGINT handler may call it.
 */
void budget_interrupt(run_budget *b);

/*
 * Why the code was stopped, or BUDGET_RUNNING. Once tripped, the hook
 * raises on every instruction, so a script's own pcall cannot swallow the
 * stop; the caller that regains control reports it and calls budget_reset,
 * which removes the hook.
 */
budget_stop budget_stopped(const run_budget *b);
void budget_reset(lua_State *L, run_budget *b);

/* A one-line description of the stop: "time limit of 5 s exceeded". */
void budget_describe(const run_budget *b, char *buf, size_t size);

/* Bytes the state holds now, and at most so far. */
size_t budget_memory_used(const run_budget *b);
size_t budget_memory_peak(const run_budget *b);

/* Parse "512M", "2G", "800k", "1000000" into bytes; 0 on a malformed size. */
size_t budget_parse_size(const char *s);

#endif
