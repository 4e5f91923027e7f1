/* test_budget.c: no hook slows Lua until a limit trips; then time, memory and coroutines stop it. */
#include <string.h>
#include <time.h>

#include <lauxlib.h>
#include <lualib.h>

#include "budget.h"
#include "check.h"

static lua_State *new_state(size_t max_memory, run_budget **b)
{
    lua_State *L = budget_newstate(max_memory, b);
    luaL_openlibs(L);
    budget_watch_coroutines(L);
    return L;
}

static void close_state(lua_State *L, run_budget *b)
{
    lua_close(L);
    budget_free(b);
}

/* Runs chunk between budget_enter and budget_leave; its status, the message left in msg. */
static int run(lua_State *L, run_budget *b, const char *chunk, char *msg, size_t size)
{
    msg[0] = '\0';
    if (luaL_loadstring(L, chunk) != LUA_OK) {
        snprintf(msg, size, "%s", lua_tostring(L, -1));
        lua_pop(L, 1);
        return -1;
    }
    budget_enter(b);
    int status = lua_pcall(L, 0, 0, 0);
    budget_leave(b);
    if (status != LUA_OK) {
        snprintf(msg, size, "%s", lua_isstring(L, -1) ? lua_tostring(L, -1) : "?");
        lua_pop(L, 1);
    }
    return status;
}

static void sleep_seconds(double s)
{
    struct timespec t = {.tv_sec = (time_t)s, .tv_nsec = (long)((s - (double)(time_t)s) * 1e9)};
    nanosleep(&t, NULL);
}

static void expect_time_stop(const char *what, lua_State *L, run_budget *b, const char *chunk)
{
    char msg[512];
    int status = run(L, b, chunk, msg, sizeof msg);
    check(status == LUA_ERRRUN, "%s: status %d (%s)", what, status, msg);
    check(strstr(msg, "stopped: time limit of 0.2 s exceeded") != NULL, "%s: message '%s'", what, msg);
    check(budget_stopped(b) == BUDGET_TIMEOUT, "%s: stop %d", what, (int)budget_stopped(b));
}

/* Until a limit trips, no hook runs (a count hook alone halves the speed of Lua code). */
static void test_no_hook_while_running(void)
{
    run_budget *b;
    lua_State *L = new_state(0, &b);
    char msg[256];
    budget_set_timeout(b, 30);
    check(lua_gethook(L) == NULL, "a hook is set on a new state");
    check(run(L, b, "local s = 0 for i = 1, 1e5 do s = s + i end", msg, sizeof msg) == LUA_OK, "%s", msg);
    check(lua_gethook(L) == NULL, "a hook is set after code ran within its limits");
    close_state(L, b);
}

/* The watchdog trips the hook of code that runs: a loop, and a loop inside pcall. */
static void test_timeout_while_running(void)
{
    run_budget *b;
    lua_State *L = new_state(0, &b);
    budget_set_timeout(b, 0.2);
    expect_time_stop("a loop", L, b, "while true do end");
    budget_set_timeout(b, 0);
    budget_reset(L, b);
    check(lua_gethook(L) == NULL, "budget_reset leaves the hook set");
    char msg[256];
    check(run(L, b, "local n = 0 for i = 1, 10 do n = n + 1 end", msg, sizeof msg) == LUA_OK,
          "code after a reset: %s", msg);
    budget_set_timeout(b, 0.2);
    expect_time_stop("pcall in a loop", L, b, "while true do pcall(function() while true do end end) end");
    close_state(L, b);
}

/* The deadline passed while no Lua code ran: the next entry stops at once. */
static void test_timeout_while_idle(void)
{
    run_budget *b;
    lua_State *L = new_state(0, &b);
    budget_set_timeout(b, 0.2);
    sleep_seconds(0.5);
    expect_time_stop("code entered after the deadline", L, b, "local x = 0 for i = 1, 100 do x = x + i end");
    close_state(L, b);
}

/* A coroutine running at the deadline, made before it, by wrap, create, or another coroutine. */
static void test_timeout_in_coroutines(void)
{
    static const char *const chunks[] = {
        "coroutine.wrap(function() while true do end end)()",
        "local co = coroutine.create(function() while true do end end)\n"
        "local ok = coroutine.resume(co)\n"
        "while true do end",
        "coroutine.wrap(function() coroutine.wrap(function() while true do end end)() end)()",
        "local co = coroutine.wrap(function() while true do coroutine.yield() end end)\n"
        "while true do co() end",
    };
    for (size_t i = 0; i < sizeof chunks / sizeof *chunks; i++) {
        run_budget *b;
        lua_State *L = new_state(0, &b);
        budget_set_timeout(b, 0.2);
        expect_time_stop(chunks[i], L, b, chunks[i]);
        close_state(L, b);
    }
}

/* Running out of the memory cap stops the script, also when it catches the error. */
static void test_memory(void)
{
    run_budget *b;
    lua_State *L = new_state(8u << 20, &b);
    char msg[512];
    int status = run(L, b, "pcall(function() local t = {} for i = 1, 1e9 do t[i] = {i} end end)\n"
                           "while true do end", msg, sizeof msg);
    check(status != LUA_OK, "the memory limit did not stop the script");
    check(budget_stopped(b) == BUDGET_MEMORY, "stop %d (%s)", (int)budget_stopped(b), msg);
    close_state(L, b);
}

/* An interrupt (what the REPL's SIGINT handler calls) stops the code at its next instruction. */
static void test_interrupt(void)
{
    run_budget *b;
    lua_State *L = new_state(0, &b);
    char msg[512];
    budget_interrupt(b);
    int status = run(L, b, "while true do end", msg, sizeof msg);
    check(status == LUA_ERRRUN && strstr(msg, "stopped: interrupted"), "status %d, '%s'", status, msg);
    check(budget_stopped(b) == BUDGET_INTERRUPTED, "stop %d", (int)budget_stopped(b));
    close_state(L, b);
}

int main(void)
{
    test_no_hook_while_running();
    test_timeout_while_running();
    test_timeout_while_idle();
    test_timeout_in_coroutines();
    test_memory();
    test_interrupt();
    return check_report("budget");
}
