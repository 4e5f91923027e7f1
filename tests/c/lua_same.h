/* lua_same.h: deep equality of two Lua values, for tests that compare two ways of making one value. */
#ifndef PARLEY_LUA_SAME_H
#define PARLEY_LUA_SAME_H

#include <string.h>

#include <lauxlib.h>
#include <lua.h>

static int same_value(lua_State *L, int a, int b);

static inline size_t table_count(lua_State *L, int t)
{
    size_t n = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        n++;
    }
    return n;
}

/*
 * Every entry of table a is in b with the same value, and b has no more entries:
 * then the key sets are the same. Each pair of tables is compared once, so deep
 * nesting costs its size, not two to the power of its depth.
 */
static inline int same_table(lua_State *L, int a, int b)
{
    /* each level of nesting holds four values; Lua's stack is not checked for room */
    luaL_checkstack(L, 4, "same_value: nesting too deep");
    if (table_count(L, a) != table_count(L, b))
        return 0;
    lua_pushnil(L);
    while (lua_next(L, a)) {
        lua_pushvalue(L, -2);
        lua_rawget(L, b);
        int same = same_value(L, lua_gettop(L) - 1, lua_gettop(L));
        lua_pop(L, 2);
        if (!same) {
            lua_pop(L, 1);
            return 0;
        }
    }
    return 1;
}

/* Equal values: integers apart from floats, floats to the bit (so -0.0 is not 0.0). */
static int same_value(lua_State *L, int a, int b)
{
    a = lua_absindex(L, a);
    b = lua_absindex(L, b);
    if (lua_type(L, a) != lua_type(L, b))
        return 0;
    switch (lua_type(L, a)) {
    case LUA_TNUMBER: {
        if (lua_isinteger(L, a) != lua_isinteger(L, b))
            return 0;
        if (lua_isinteger(L, a))
            return lua_tointeger(L, a) == lua_tointeger(L, b);
        double x = lua_tonumber(L, a), y = lua_tonumber(L, b);
        return memcmp(&x, &y, sizeof x) == 0;
    }
    case LUA_TSTRING: {
        size_t m, n;
        const char *s = lua_tolstring(L, a, &m), *t = lua_tolstring(L, b, &n);
        return m == n && memcmp(s, t, m) == 0;
    }
    case LUA_TBOOLEAN: return lua_toboolean(L, a) == lua_toboolean(L, b);
    case LUA_TLIGHTUSERDATA: return lua_touserdata(L, a) == lua_touserdata(L, b);
    case LUA_TTABLE: return same_table(L, a, b);
    default: return 0;
    }
}

#endif
