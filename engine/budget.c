/* budget.c: a counting allocator with a cap, and a hook set when a limit trips: time, memory, Ctrl-C. */
#define _GNU_SOURCE   /* pthread_sigqueue */
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

/*
 * No hook runs while nothing has tripped: in Lua 5.4 a count hook, whatever
 * its count, sends every VM instruction through luaG_traceexec, and Lua code
 * ran at half speed under it. A limit that trips sets the hook instead
 * (lua_sethook is async-signal-safe, as lua.c's Ctrl-C relies on): the
 * allocator and the SIGINT handler on their own thread, and for the time
 * limit the watchdog thread, by a signal to the thread running the state.
 *
 * Coroutines are the exception. The hook set on a trip is the main
 * thread's, and a coroutine that runs at that moment would not see it, so
 * every coroutine gets a count hook when it is made, checking the flags
 * every CHECK_EVERY instructions.
 */
#define CHECK_EVERY 10000
/* The signal by which the watchdog trips the hook on the thread running the state: ignored by default. */
#define TRIP_SIGNAL SIGURG
/* How long past the deadline code may stay inside one C function before the watchdog ends the process. */
#define WATCHDOG_GRACE_SECONDS 1

struct run_budget {
    size_t max_memory, used, peak;
    double timeout;                   /* seconds; 0 for none */
    struct timespec deadline;
    volatile sig_atomic_t interrupt;  /* set by budget_interrupt, maybe from a signal handler */
    atomic_int timed_out;             /* set by the watchdog at the deadline */
    budget_stop stop;
    lua_State *L;
    pthread_mutex_t lock;             /* guards running, owner and done */
    int running;                      /* budget_enter minus budget_leave: Lua code is on the stack */
    pthread_t owner;                  /* the thread that entered, while running */
    pthread_t watchdog;
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
        else if (atomic_load(&b->timed_out) || past_deadline(b))
            b->stop = BUDGET_TIMEOUT;
        else
            return;   /* a coroutine's periodic check */
    }
    /* Tripped: raise on every instruction from now on, here and in the main thread, so pcall cannot swallow it. */
    lua_sethook(L, stop_hook, LUA_MASKCOUNT, 1);
    trip_now(b);
    char why[128];
    budget_describe(b, why, sizeof why);
    luaL_error(L, "stopped: %s", why);
}

/* The watchdog's signal: trip the budget it names (a stray SIGURG, from the kernel, names none). */
static void on_trip_signal(int sig, siginfo_t *info, void *context)
{
    (void)sig;
    (void)context;
    if (info->si_code == SI_QUEUE && info->si_value.sival_ptr)
        trip_now(info->si_value.sival_ptr);
}

static void install_trip_handler(void)
{
    struct sigaction sa = {.sa_sigaction = on_trip_signal, .sa_flags = SA_SIGINFO | SA_RESTART};
    sigemptyset(&sa.sa_mask);
    sigaction(TRIP_SIGNAL, &sa, NULL);
}

lua_State *budget_newstate(size_t max_memory, run_budget **out)
{
    static pthread_once_t handler_once = PTHREAD_ONCE_INIT;
    pthread_once(&handler_once, install_trip_handler);
    run_budget *b = calloc(1, sizeof *b);
    *out = NULL;
    if (!b)
        return NULL;
    b->max_memory = max_memory;
    pthread_mutex_init(&b->lock, NULL);
    lua_State *L = lua_newstate(budget_alloc, b);
    if (!L) {
        pthread_mutex_destroy(&b->lock);
        free(b);
        return NULL;
    }
    b->L = L;
    *out = b;
    return L;
}

/* ---- coroutines ---- */

/* The coroutine of the value on top (a thread, or the function coroutine.wrap made), or NULL. */
static lua_State *coroutine_of(lua_State *L)
{
    if (lua_type(L, -1) == LUA_TTHREAD)
        return lua_tothread(L, -1);
    lua_State *co = NULL;
    if (lua_getupvalue(L, -1, 1)) {   /* coroutine.wrap's function keeps its coroutine as upvalue 1 */
        co = lua_tothread(L, -1);
        lua_pop(L, 1);
    }
    return co;
}

/* coroutine.create or coroutine.wrap (upvalue 1), then the budget's count hook on the new coroutine. */
static int watched_coroutine(lua_State *L)
{
    int nargs = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, nargs, 1);
    lua_State *co = coroutine_of(L);
    if (co)
        lua_sethook(co, stop_hook, LUA_MASKCOUNT, CHECK_EVERY);
    return 1;
}

void budget_watch_coroutines(lua_State *L)
{
    static const char *const makers[] = {"create", "wrap"};
    if (lua_getglobal(L, "coroutine") == LUA_TTABLE) {
        for (size_t i = 0; i < sizeof makers / sizeof *makers; i++) {
            lua_getfield(L, -1, makers[i]);
            lua_pushcclosure(L, watched_coroutine, 1);
            lua_setfield(L, -2, makers[i]);
        }
    }
    lua_pop(L, 1);
}

/* ---- the watchdog ---- */

/*
 * At the deadline the watchdog raises the flag and, if Lua code runs, trips
 * the hook on the thread running it (an idle state, the REPL waiting for
 * input, trips at its next budget_enter). The hook only runs between VM
 * instructions. Code that stays inside one C function (a pattern match that
 * backtracks for hours, an endless recursive SQL query) never reaches it, so
 * the watchdog waits a grace period more; if Lua code is still running then,
 * it says why and ends the process. Nothing was committed, so the corpus is
 * as it was: an open SQLite transaction does not survive its process.
 */
static int wait_until(run_budget *b, struct timespec until)
{
    int rc = 0;
    while (!b->done && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&b->wake, &b->lock, &until);
    return !b->done;
}

static void *watchdog_main(void *arg)
{
    run_budget *b = arg;
    struct timespec until = b->deadline;
    pthread_mutex_lock(&b->lock);
    int fire = 0;
    if (wait_until(b, until)) {
        atomic_store(&b->timed_out, 1);
        if (b->running > 0)
            pthread_sigqueue(b->owner, TRIP_SIGNAL, (union sigval){.sival_ptr = b});
        until.tv_sec += WATCHDOG_GRACE_SECONDS;
        fire = wait_until(b, until) && b->running > 0;
    }
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
    b->has_watchdog = 0;
}

void budget_enter(run_budget *b)
{
    pthread_mutex_lock(&b->lock);
    b->running++;
    b->owner = pthread_self();
    pthread_mutex_unlock(&b->lock);
    if (atomic_load(&b->timed_out))
        trip_now(b);   /* the deadline passed while no Lua code ran */
}

void budget_leave(run_budget *b)
{
    pthread_mutex_lock(&b->lock);
    b->running--;
    pthread_mutex_unlock(&b->lock);
}

void budget_free(run_budget *b)
{
    if (!b)
        return;
    stop_watchdog(b);
    pthread_mutex_destroy(&b->lock);
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
    atomic_store(&b->timed_out, 0);
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
    atomic_store(&b->timed_out, 0);
    lua_sethook(L, NULL, 0, 0);
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
