/* fuzz_json.c: json_fast_push answers only where jansson accepts the text, and with jansson's value. */
#include <jansson.h>
#include <lauxlib.h>

#include "../c/lua_same.h"
#include "fuzz.h"
#include "json_fast.h"
#include "lua_api.h"

static lua_State *L;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    L = luaL_newstate();
    PROPERTY(L != NULL, "cannot create a Lua state");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t all_flags[] = {0, JSON_DECODE_ANY, JSON_ALLOW_NUL, JSON_DECODE_ANY | JSON_ALLOW_NUL};
    const char *s = (const char *)data;
    for (size_t f = 0; f < sizeof all_flags / sizeof *all_flags; f++) {
        int fast = json_fast_push(L, s, size, all_flags[f]);
        PROPERTY(lua_gettop(L) == fast, "the stack holds %d values after %d", lua_gettop(L), fast);
        if (!fast)
            continue;
        json_error_t error;
        json_t *j = json_loadb(s, size, all_flags[f], &error);
        PROPERTY(j != NULL, "jansson refuses (%s) what the fast path took, flags %zu", error.text, all_flags[f]);
        json_push_value(L, j);
        json_decref(j);
        PROPERTY(same_value(L, 1, 2), "the values differ, flags %zu", all_flags[f]);
        lua_settop(L, 0);
    }
    return 0;
}
