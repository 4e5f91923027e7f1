/* json_packed.c: a JSON value packed into one buffer, the form map results take between threads. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "lua_api.h"

/*
 * Results used to cross from a worker's state to the main state as JSON
 * text, written only to be parsed again (a tenth of a briefing's work), and
 * then as jansson's tree, whose many small blocks, made in one thread and
 * freed in another, cost more than the text with two threads. The packed
 * form is written in one buffer, with no escaping or number formatting,
 * and read back in one pass. It is written straight from the Lua value,
 * following json.encode's rules (json_kind_of, json_push_key: the same
 * values, the same errors): building jansson's tree first, only to write it
 * out, was a tenth of a word count's instructions. Only this process reads
 * it; it is never stored.
 *
 *   'o' count (key-length key value)...   'a' count value...
 *   's' length bytes   'i' int64   'r' double   't' 'f' 'n'
 * counts and lengths as uint64, all in host byte order.
 */

/*
 * The buffer lives in a userdata at a fixed stack slot, replaced by a
 * bigger one as it grows, so that an error raised on the way leaves nothing
 * to free. (A luaL_Buffer wants the top of the stack to itself, and the
 * walk pushes the values it reads.)
 */
typedef struct {
    char *p;
    size_t n, cap;
    int slot;
} packer;

static void put(lua_State *L, packer *k, const void *bytes, size_t len)
{
    if (k->cap - k->n < len) {
        size_t cap = k->cap ? k->cap : 256;
        while (cap - k->n < len)
            cap *= 2;
        char *p = lua_newuserdatauv(L, cap, 0);
        if (k->n)
            memcpy(p, k->p, k->n);
        lua_replace(L, k->slot);
        k->p = p, k->cap = cap;
    }
    memcpy(k->p + k->n, bytes, len);
    k->n += len;
}

static void put_tag(lua_State *L, packer *k, char tag)
{
    put(L, k, &tag, 1);
}

static void put_size(lua_State *L, packer *k, uint64_t n)
{
    put(L, k, &n, sizeof n);
}

static void put_string(lua_State *L, packer *k, int index)
{
    size_t len;
    const char *s = lua_tolstring(L, index, &len);
    put_tag(L, k, 's');
    put_size(L, k, len);
    put(L, k, s, len);
}

static void pack_value(lua_State *L, packer *k, int index, int depth);

static void pack_array(lua_State *L, packer *k, int index, size_t n, int depth)
{
    put_tag(L, k, 'a');
    put_size(L, k, n);
    for (size_t i = 1; i <= n; i++) {
        lua_rawgeti(L, index, (lua_Integer)i);
        pack_value(L, k, lua_gettop(L), depth + 1);
        lua_pop(L, 1);
    }
}

/* The count goes in once the entries are written: a __tostring on the way may run any code. */
static void pack_object(lua_State *L, packer *k, int index, int depth)
{
    put_tag(L, k, 'o');
    size_t at = k->n;
    uint64_t count = 0;
    put_size(L, k, count);
    lua_pushnil(L);
    while (lua_next(L, index)) {
        size_t klen;
        const char *key = json_push_key(L, lua_gettop(L) - 1, &klen);
        put_size(L, k, klen);
        put(L, k, key, klen);
        pack_value(L, k, lua_gettop(L) - 1, depth + 1);
        lua_pop(L, 2);
        count++;
    }
    memcpy(k->p + at, &count, sizeof count);
}

/* Nesting is bounded by json_kind_of (JSON_MAX_DEPTH), so recursion is. */
static void pack_value(lua_State *L, packer *k, int index, int depth)
{
    size_t n;
    switch (json_kind_of(L, index, depth, &n)) {
    case JSON_VALUE_NULL: put_tag(L, k, 'n'); break;
    case JSON_VALUE_TRUE: put_tag(L, k, 't'); break;
    case JSON_VALUE_FALSE: put_tag(L, k, 'f'); break;
    case JSON_VALUE_INTEGER: {
        int64_t v = (int64_t)lua_tointeger(L, index);
        put_tag(L, k, 'i');
        put(L, k, &v, sizeof v);
        break;
    }
    case JSON_VALUE_REAL: {
        double v = (double)lua_tonumber(L, index);
        put_tag(L, k, 'r');
        put(L, k, &v, sizeof v);
        break;
    }
    case JSON_VALUE_STRING: put_string(L, k, index); break;
    case JSON_VALUE_TOSTRING:
        put_string(L, k, -1);
        lua_pop(L, 1);
        break;
    case JSON_VALUE_ARRAY: pack_array(L, k, index, n, depth); break;
    case JSON_VALUE_OBJECT: pack_object(L, k, index, depth); break;
    }
}

void json_push_packed(lua_State *L, int index)
{
    index = lua_absindex(L, index);
    packer k = {0};
    lua_pushnil(L);   /* the buffer's slot */
    k.slot = lua_gettop(L);
    pack_value(L, &k, index, 0);
    lua_pushlstring(L, k.p, k.n);
    lua_remove(L, k.slot);
}

/* ---- reading ---- */

typedef struct {
    const char *p, *end;
} packed_src;

static void take(lua_State *L, packed_src *s, void *out, size_t n)
{
    if ((size_t)(s->end - s->p) < n)
        luaL_error(L, "a packed result is cut short");
    memcpy(out, s->p, n);
    s->p += n;
}

static uint64_t take_size(lua_State *L, packed_src *s)
{
    uint64_t n;
    take(L, s, &n, sizeof n);
    return n;
}

/* A table size hint no larger than what the rest of the buffer can hold. */
static int size_hint(const packed_src *s, uint64_t n)
{
    uint64_t room = (uint64_t)(s->end - s->p);
    return n <= room && n <= INT32_MAX ? (int)n : 0;
}

static void unpack_value(lua_State *L, packed_src *s);

static void unpack_object(lua_State *L, packed_src *s)
{
    uint64_t n = take_size(L, s);
    lua_createtable(L, 0, size_hint(s, n));
    for (uint64_t k = 0; k < n; k++) {
        uint64_t klen = take_size(L, s);
        if (klen > (uint64_t)(s->end - s->p))
            luaL_error(L, "a packed result is cut short");
        lua_pushlstring(L, s->p, (size_t)klen);
        s->p += klen;
        unpack_value(L, s);
        lua_rawset(L, -3);
    }
}

static void unpack_array(lua_State *L, packed_src *s)
{
    uint64_t n = take_size(L, s);
    lua_createtable(L, size_hint(s, n), 0);
    for (uint64_t k = 0; k < n; k++) {
        unpack_value(L, s);
        lua_rawseti(L, -2, (lua_Integer)k + 1);
    }
}

static void unpack_value(lua_State *L, packed_src *s)
{
    luaL_checkstack(L, 4, "a packed result nests too deep");
    char tag;
    take(L, s, &tag, 1);
    switch (tag) {
    case 'o': unpack_object(L, s); break;
    case 'a': unpack_array(L, s); break;
    case 's': {
        uint64_t len = take_size(L, s);
        if (len > (uint64_t)(s->end - s->p))
            luaL_error(L, "a packed result is cut short");
        lua_pushlstring(L, s->p, (size_t)len);
        s->p += len;
        break;
    }
    case 'i': {
        int64_t v;
        take(L, s, &v, sizeof v);
        lua_pushinteger(L, (lua_Integer)v);
        break;
    }
    case 'r': {
        double v;
        take(L, s, &v, sizeof v);
        lua_pushnumber(L, (lua_Number)v);
        break;
    }
    case 't': lua_pushboolean(L, 1); break;
    case 'f': lua_pushboolean(L, 0); break;
    case 'n': lua_pushlightuserdata(L, NULL); break;
    default: luaL_error(L, "a packed result is corrupt");
    }
}

void json_push_unpacked(lua_State *L, const char *s, size_t len)
{
    packed_src src = {s, s + len};
    unpack_value(L, &src);
    if (src.p != src.end)
        luaL_error(L, "a packed result has bytes after its value");
}
