/* lua_json.c: the parley.json module, Lua values to and from JSON through jansson. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <lauxlib.h>

#include "json_fast.h"
#include "loader.h"
#include "lua_api.h"

#define JSON_MAX_DEPTH 200
#define JSON_ARRAY_MT "parley.json.array"
#define JSON_OBJECT_MT "parley.json.object"

#define JSON_BOX "parley.json.box"

/*
 * json.encode's rules live in json_kind_of and json_push_key; two
 * writers follow them: jansson's tree, for JSON text, and the packed form
 * of map results (json_packed.c), which needs no tree.
 *
 * Encoding may raise (a bad key, invalid UTF-8, a cycle). So that nothing
 * leaks, each node of the tree is attached to its parent before its
 * children are made, and the root lives in a box userdata whose __gc frees
 * the whole tree.
 */
static json_t *new_node(lua_State *L, int index, int depth);
static void fill_node(lua_State *L, int index, json_t *node, int depth);

/* Arrays are tables whose keys are exactly 1..n; an empty table is an array unless marked. */
static int is_array(lua_State *L, int index, size_t *n)
{
    *n = lua_rawlen(L, index);
    if (luaL_getmetafield(L, index, "__name") != LUA_TNIL) {
        int marked_object = strcmp(lua_tostring(L, -1), JSON_OBJECT_MT) == 0;
        int marked_array = strcmp(lua_tostring(L, -1), JSON_ARRAY_MT) == 0;
        lua_pop(L, 1);
        if (marked_object || marked_array)
            return marked_array;
    }
    size_t count = 0;
    lua_pushnil(L);
    while (lua_next(L, index)) {
        lua_pop(L, 1);
        if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1 || (size_t)lua_tointeger(L, -1) > *n) {
            lua_pop(L, 1);
            return 0;
        }
        count++;
    }
    return count == *n;
}

static void check_utf8(lua_State *L, const char *s, size_t len, const char *what)
{
    if (utf8_valid_prefix(s, len) != len)
        luaL_error(L, "json.encode: %s is not valid UTF-8", what);
}

json_value_kind json_kind_of(lua_State *L, int index, int depth, size_t *n)
{
    if (depth > JSON_MAX_DEPTH)
        luaL_error(L, "json.encode: nesting deeper than %d (a cycle?)", JSON_MAX_DEPTH);
    luaL_checkstack(L, 4, "json.encode");
    switch (lua_type(L, index)) {
    case LUA_TNIL:
        return JSON_VALUE_NULL;
    case LUA_TBOOLEAN:
        return lua_toboolean(L, index) ? JSON_VALUE_TRUE : JSON_VALUE_FALSE;
    case LUA_TNUMBER:
        if (lua_isinteger(L, index))
            return JSON_VALUE_INTEGER;
        if (!isfinite(lua_tonumber(L, index)))
            luaL_error(L, "json.encode: %s cannot be represented in JSON", lua_tostring(L, index));
        return JSON_VALUE_REAL;
    case LUA_TSTRING: {
        const char *s = lua_tolstring(L, index, n);
        check_utf8(L, s, *n, "string");
        return JSON_VALUE_STRING;
    }
    case LUA_TLIGHTUSERDATA:
        if (lua_touserdata(L, index) == NULL)
            return JSON_VALUE_NULL;
        break;
    case LUA_TTABLE:
        return is_array(L, index, n) ? JSON_VALUE_ARRAY : JSON_VALUE_OBJECT;
    default:
        if (luaL_callmeta(L, index, "__tostring")) {
            if (!lua_isstring(L, -1))
                luaL_error(L, "json.encode: string is not valid UTF-8");
            const char *s = lua_tolstring(L, -1, n);
            check_utf8(L, s, *n, "string");
            return JSON_VALUE_TOSTRING;
        }
    }
    luaL_error(L, "json.encode: cannot encode a %s", luaL_typename(L, index));
    return JSON_VALUE_NULL;
}

const char *json_push_key(lua_State *L, int key, size_t *len)
{
    int kt = lua_type(L, key);
    if (kt != LUA_TSTRING && kt != LUA_TNUMBER)
        luaL_error(L, "json.encode: object keys must be strings or numbers, got %s", luaL_typename(L, key));
    lua_pushvalue(L, key);
    const char *s = lua_tolstring(L, -1, len);
    if (memchr(s, '\0', *len))   /* JSON could say \u0000, but no decoder of ours reads it back */
        luaL_error(L, "json.encode: object key has a NUL byte");
    check_utf8(L, s, *len, "object key");
    return s;
}

static void fill_array(lua_State *L, int index, json_t *array, size_t n, int depth)
{
    for (size_t i = 1; i <= n; i++) {
        lua_rawgeti(L, index, (lua_Integer)i);
        json_t *item = new_node(L, lua_gettop(L), depth + 1);
        json_array_append_new(array, item);
        fill_node(L, lua_gettop(L), item, depth + 1);
        lua_pop(L, 1);
    }
}

static void fill_object(lua_State *L, int index, json_t *object, int depth)
{
    lua_pushnil(L);
    while (lua_next(L, index)) {
        size_t klen;
        const char *key = json_push_key(L, lua_gettop(L) - 1, &klen);
        json_t *value = new_node(L, lua_gettop(L) - 1, depth + 1);
        if (json_object_setn_new_nocheck(object, key, klen, value) != 0)   /* json_push_key checked it */
            luaL_error(L, "json.encode: out of memory");
        fill_node(L, lua_gettop(L) - 1, value, depth + 1);
        lua_pop(L, 2);
    }
}

static json_t *string_node(lua_State *L, int index)
{
    size_t len;
    const char *s = lua_tolstring(L, index, &len);
    json_t *j = json_stringn_nocheck(s, len);   /* json_kind_of checked it */
    if (!j)
        luaL_error(L, "json.encode: out of memory");
    return j;
}

/* A leaf, or an empty container for a table; raises before allocating on bad values. */
static json_t *new_node(lua_State *L, int index, int depth)
{
    size_t n;
    switch (json_kind_of(L, index, depth, &n)) {
    case JSON_VALUE_NULL: return json_null();
    case JSON_VALUE_TRUE: return json_true();
    case JSON_VALUE_FALSE: return json_false();
    case JSON_VALUE_INTEGER: return json_integer((json_int_t)lua_tointeger(L, index));
    case JSON_VALUE_REAL: return json_real(lua_tonumber(L, index));
    case JSON_VALUE_STRING: return string_node(L, index);
    case JSON_VALUE_TOSTRING: {
        json_t *j = string_node(L, -1);
        lua_pop(L, 1);
        return j;
    }
    case JSON_VALUE_ARRAY: return json_array();
    case JSON_VALUE_OBJECT: return json_object();
    }
    return NULL;
}

static void fill_node(lua_State *L, int index, json_t *node, int depth)
{
    size_t n;
    if (json_is_array(node))
        fill_array(L, index, node, (is_array(L, index, &n), n), depth);
    else if (json_is_object(node))
        fill_object(L, index, node, depth);
}

static int box_gc(lua_State *L)
{
    json_t **box = luaL_checkudata(L, 1, JSON_BOX);
    json_decref(*box);
    *box = NULL;
    return 0;
}

void json_push_tree(lua_State *L, int index)
{
    index = lua_absindex(L, index);
    json_t **box = lua_newuserdatauv(L, sizeof *box, 0);
    *box = NULL;
    luaL_setmetatable(L, JSON_BOX);
    *box = new_node(L, index, 0);
    fill_node(L, index, *box, 0);
}

json_t *json_take_tree(lua_State *L, int index)
{
    json_t **box = luaL_checkudata(L, index, JSON_BOX);
    json_t *tree = *box;
    *box = NULL;
    return tree;
}

void json_push_encoded(lua_State *L, int index)
{
    json_push_tree(L, index);
    json_t *tree = json_take_tree(L, -1);
    lua_pop(L, 1);
    char *s = json_dumps(tree, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS | JSON_REAL_PRECISION(17));
    json_decref(tree);
    if (!s)
        luaL_error(L, "json.encode: out of memory");
    lua_pushstring(L, s);
    free(s);
}

static void push_json(lua_State *L, json_t *j, int depth);

static void push_json_object(lua_State *L, json_t *j, int depth)
{
    const char *key;
    json_t *value;
    lua_createtable(L, 0, (int)json_object_size(j));
    json_object_foreach(j, key, value) {
        push_json(L, value, depth + 1);
        lua_setfield(L, -2, key);
    }
}

static void push_json_array(lua_State *L, json_t *j, int depth)
{
    size_t i;
    json_t *value;
    lua_createtable(L, (int)json_array_size(j), 0);
    json_array_foreach(j, i, value) {
        push_json(L, value, depth + 1);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

static void push_json(lua_State *L, json_t *j, int depth)
{
    luaL_checkstack(L, 4, "json.decode: nesting too deep");
    switch (json_typeof(j)) {
    case JSON_OBJECT: push_json_object(L, j, depth); break;
    case JSON_ARRAY: push_json_array(L, j, depth); break;
    case JSON_STRING: lua_pushlstring(L, json_string_value(j), json_string_length(j)); break;
    case JSON_INTEGER: lua_pushinteger(L, (lua_Integer)json_integer_value(j)); break;
    case JSON_REAL: lua_pushnumber(L, json_real_value(j)); break;
    case JSON_TRUE: lua_pushboolean(L, 1); break;
    case JSON_FALSE: lua_pushboolean(L, 0); break;
    case JSON_NULL: lua_pushlightuserdata(L, NULL); break;
    }
}

void json_push_value(lua_State *L, struct json_t *value)
{
    push_json(L, value, 0);
}

int json_push_decoded(lua_State *L, const char *s, size_t len)
{
    const size_t flags = JSON_DECODE_ANY | JSON_ALLOW_NUL;   /* "\u0000" in strings */
    if (json_fast_push(L, s, len, flags))
        return 1;
    json_error_t error;
    json_t *root = json_loadb(s, len, flags, &error);
    if (!root) {
        lua_pushnil(L);
        lua_pushfstring(L, "line %d col %d: %s", error.line, error.column, error.text);
        return 2;
    }
    push_json(L, root, 0);
    json_decref(root);
    return 1;
}

/* json.encode(value) -> string; raises on values JSON cannot hold. */
static int l_encode(lua_State *L)
{
    luaL_checkany(L, 1);
    json_push_encoded(L, 1);
    return 1;
}

/* json.decode(string) -> value | nil, message. null decodes to parley.null. */
static int l_decode(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    return json_push_decoded(L, s, len);
}

static int mark(lua_State *L, const char *mt)
{
    if (lua_isnoneornil(L, 1))
        lua_newtable(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    luaL_setmetatable(L, mt);
    return 1;
}

/* json.array(t?) / json.object(t?): mark a table so an empty one encodes as [] or {}. */
static int l_array(lua_State *L) { return mark(L, JSON_ARRAY_MT); }
static int l_object(lua_State *L) { return mark(L, JSON_OBJECT_MT); }

static const luaL_Reg json_functions[] = {
    {"encode", l_encode},
    {"decode", l_decode},
    {"array", l_array},
    {"object", l_object},
    {NULL, NULL},
};

int luaopen_parley_json(lua_State *L)
{
    luaL_newmetatable(L, JSON_ARRAY_MT);
    luaL_newmetatable(L, JSON_OBJECT_MT);
    luaL_newmetatable(L, JSON_BOX);
    lua_pushcfunction(L, box_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 3);
    luaL_newlib(L, json_functions);
    lua_pushlightuserdata(L, NULL);
    lua_setfield(L, -2, "null");
    return 1;
}
