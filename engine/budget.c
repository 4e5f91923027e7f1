/* budget.c: a counting allocator with a cap, and a count hook for time limits and Ctrl-C. */
#include "budget.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>

/* How many VM instructions run between two checks of the flags and the clock. */
#define CHECK_EVERY 10000
/* How long past the deadline code may stay inside one C function before the watchdog ends the process. */
#define WATCHDOG_GRACE_SECONDS 1

struct run_budget {
    size_t max_memory, used, peak;
    double timeout;                   /* seconds; 0 for none */
    struct timespec deadline;
    volatile sig_atomic_t interrupt;  /* set by budget_interrupt, maybe from a signal handler */
    budget_stop stop;
    lua_State *L;
    atomic_int running;               /* budget_enter minus budget_leave: Lua code is on the stack */
    pthread_t watchdog;
    pthread_mutex_t lock;             /* guards done, for the watchdog's wait */
    pthread_cond_t wake;
    int has_watchdog, done;
};

/* ---- memory ---- */

static void stop_hook(lua_State *L, lua_Debug *ar);

/* Make the hook fire at the very next instruction (lua_sethook is async-signal-safe). */
static void trip_now(run_budget *b)
{
    if (b->L)
        lua_sethook(b->L, stop_hook, LUA_MASKCOUNT, 1);
}

static void *budget_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    run_budget *b = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        b->used -= old;
        return NULL;
    }
    if (b->max_memory && nsize > old && b->used - old + nsize > b->max_memory) {
        b->stop = BUDGET_MEMORY;
        trip_now(b);
        return NULL;
    }
    void *p = realloc(ptr, nsize);
    if (!p)
        return NULL;
    b->used = b->used - old + nsize;
    if (b->used > b->peak)
        b->peak = b->used;
    return p;
}

/* ---- time and interruption ---- */

static int past_deadline(const run_budget *b)
{
    if (b->timeout <= 0)
        return 0;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec > b->deadline.tv_sec ||
           (now.tv_sec == b->deadline.tv_sec && now.tv_nsec >= b->deadline.tv_nsec);
}

static run_budget *budget_of(lua_State *L)
{
    void *ud;
    lua_getallocf(L, &ud);
    return ud;
}

static void stop_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    run_budget *b = budget_of(L);
    if (b->stop == BUDGET_RUNNING) {
        if (b->interrupt)
            b->stop = BUDGET_INTERRUPTED;
        else if (past_deadline(b))
            b->stop = BUDGET_TIMEOUT;
        else
            return;
    }
    /* Tripped: raise on every instruction from now on, so pcall cannot swallow it. */
    lua_sethook(L, stop_hook, LUA_MASKCOUNT, 1);
    char why[128];
    budget_describe(b, why, sizeof why);
    luaL_error(L, "stopped: %s", why);
}

lua_State *budget_newstate(size_t max_memory, run_budget **out)
{
    run_budget *b = calloc(1, sizeof *b);
    *out = NULL;
    if (!b)
        return NULL;
    b->max_memory = max_memory;
    lua_State *L = lua_newstate(budget_alloc, b);
    if (!L) {
        free(b);
        return NULL;
    }
    b->L = L;
    lua_sethook(L, stop_hook, LUA_MASKCOUNT, CHECK_EVERY);
    *out = b;
    return L;
}

/* ---- the watchdog ---- */

/*
 * The count hook only runs between VM instructions. Code that stays inside
 * one C function (a pattern match that backtracks for hours, an endless
 * recursive SQL query) never reaches it, so a thread waits for the deadline
 * plus a grace period; if Lua code is still running then, it says why and
 * ends the process. Nothing was committed, so the corpus is as it was: an
 * open SQLite transaction does not survive its process. An idle state (the
 * REPL waiting for input) is left alone.
 */
static void *watchdog_main(void *arg)
{
    run_budget *b = arg;
    struct timespec until = b->deadline;
    until.tv_sec += WATCHDOG_GRACE_SECONDS;
    pthread_mutex_lock(&b->lock);
    int rc = 0;
    while (!b->done && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&b->wake, &b->lock, &until);
    int fire = !b->done && atomic_load(&b->running) > 0;
    pthread_mutex_unlock(&b->lock);
    if (fire) {
        char msg[200];
        int n = snprintf(msg, sizeof msg, "parley: stopped: time limit of %g s exceeded (inside a C "
                         "function, which cannot be interrupted: the process ends here)\n", b->timeout);
        if (write(STDERR_FILENO, msg, (size_t)n) < 0) { /* nothing left to tell */ }
        _exit(3);
    }
    return NULL;
}

static void start_watchdog(run_budget *b)
{
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&b->wake, &attr);
    pthread_condattr_destroy(&attr);
    pthread_mutex_init(&b->lock, NULL);
    b->has_watchdog = pthread_create(&b->watchdog, NULL, watchdog_main, b) == 0;
}

static void stop_watchdog(run_budget *b)
{
    if (!b->has_watchdog)
        return;
    pthread_mutex_lock(&b->lock);
    b->done = 1;
    pthread_cond_signal(&b->wake);
    pthread_mutex_unlock(&b->lock);
    pthread_join(b->watchdog, NULL);
    pthread_cond_destroy(&b->wake);
    pthread_mutex_destroy(&b->lock);
    b->has_watchdog = 0;
}

void budget_enter(run_budget *b)
{
    atomic_fetch_add(&b->running, 1);
}

void budget_leave(run_budget *b)
{
    atomic_fetch_sub(&b->running, 1);
}

void budget_free(run_budget *b)
{
    if (b)
        stop_watchdog(b);
    free(b);
}

void budget_set_timeout(run_budget *b, double seconds)
{
    stop_watchdog(b);
    b->timeout = seconds;
    clock_gettime(CLOCK_MONOTONIC, &b->deadline);
    double whole = (double)(time_t)seconds;
    b->deadline.tv_sec += (time_t)seconds;
    b->deadline.tv_nsec += (long)((seconds - whole) * 1e9);
    if (b->deadline.tv_nsec >= 1000000000L) {
        b->deadline.tv_sec++;
        b->deadline.tv_nsec -= 1000000000L;
    }
    b->done = 0;
    if (seconds > 0)
        start_watchdog(b);
}

void budget_interrupt(run_budget *b)
{
    b->interrupt = 1;
    trip_now(b);
}

budget_stop budget_stopped(const run_budget *b)
{
    return b->stop;
}

void budget_reset(lua_State *L, run_budget *b)
{
    b->interrupt = 0;
    b->stop = BUDGET_RUNNING;
    lua_sethook(L, stop_hook, LUA_MASKCOUNT, CHECK_EVERY);
}

static void format_size(size_t bytes, char *buf, size_t size)
{
    if (bytes >= (1u << 30) && bytes % (1u << 30) == 0)
        snprintf(buf, size, "%zu GB", bytes >> 30);
    else if (bytes >= (1u << 20))
        snprintf(buf, size, "%zu MB", bytes >> 20);
    else
        snprintf(buf, size, "%zu KB", bytes >> 10);
}

void budget_describe(const run_budget *b, char *buf, size_t size)
{
    char amount[32];
    switch (b->stop) {
    case BUDGET_INTERRUPTED: snprintf(buf, size, "interrupted"); break;
    case BUDGET_TIMEOUT: snprintf(buf, size, "time limit of %g s exceeded", b->timeout); break;
    case BUDGET_MEMORY:
        format_size(b->max_memory, amount, sizeof amount);
        snprintf(buf, size, "memory limit of %s exceeded", amount);
        break;
    default: snprintf(buf, size, "running"); break;
    }
}

size_t budget_memory_used(const run_budget *b) { return b->used; }
size_t budget_memory_peak(const run_budget *b) { return b->peak; }

size_t budget_parse_size(const char *s)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || v <= 0)
        return 0;
    double scale = 1;
    switch (*end) {
    case 'k': case 'K': scale = 1024.0; end++; break;
    case 'm': case 'M': scale = 1024.0 * 1024; end++; break;
    case 'g': case 'G': scale = 1024.0 * 1024 * 1024; end++; break;
    default: break;
    }
    if (*end == 'B' || *end == 'b')
        end++;
    if (*end != '\0')
        return 0;
    return (size_t)(v * scale);
}
