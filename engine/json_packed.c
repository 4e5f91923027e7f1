/* json_packed.c: a JSON value packed into one buffer, the form map results take between threads. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <lauxlib.h>

#include "lua_api.h"

/*
 * Results used to cross from a worker's state to the main state as JSON
 * text, written only to be parsed again (a tenth of a briefing's work), and
 * then as jansson's tree, whose many small blocks, made in one thread and
 * freed in another, cost more than the text with two threads. The packed
 * form is the tree written out in one buffer, with no escaping or number
 * formatting, and read back in one pass: the worker encodes with
 * parley.json's encoder (the same values, the same errors) and frees its
 * tree itself. Only this process reads it; it is never stored.
 *
 *   'o' count (key-length key value)...   'a' count value...
 *   's' length bytes   'i' int64   'r' double   't' 'f' 'n'
 * counts and lengths as uint64, all in host byte order.
 */

/* Writing goes into a luaL_Buffer: an error on the way leaves nothing to free. */
static void put_tag(luaL_Buffer *b, char tag)
{
    luaL_addchar(b, tag);
}

static void put_size(luaL_Buffer *b, uint64_t n)
{
    luaL_addlstring(b, (const char *)&n, sizeof n);
}

/* The tree's depth is bounded by the encoder (JSON_MAX_DEPTH), so recursion is. */
static void pack_tree(luaL_Buffer *b, json_t *j)
{
    switch (json_typeof(j)) {
    case JSON_OBJECT: {
        const char *key;
        json_t *value;
        put_tag(b, 'o');
        put_size(b, json_object_size(j));
        json_object_foreach(j, key, value) {
            size_t klen = strlen(key);   /* the encoder refuses keys with a NUL byte */
            put_size(b, klen);
            luaL_addlstring(b, key, klen);
            pack_tree(b, value);
        }
        break;
    }
    case JSON_ARRAY: {
        size_t i;
        json_t *value;
        put_tag(b, 'a');
        put_size(b, json_array_size(j));
        json_array_foreach(j, i, value)
            pack_tree(b, value);
        break;
    }
    case JSON_STRING:
        put_tag(b, 's');
        put_size(b, json_string_length(j));
        luaL_addlstring(b, json_string_value(j), json_string_length(j));
        break;
    case JSON_INTEGER: {
        int64_t v = (int64_t)json_integer_value(j);
        put_tag(b, 'i');
        luaL_addlstring(b, (const char *)&v, sizeof v);
        break;
    }
    case JSON_REAL: {
        double v = json_real_value(j);
        put_tag(b, 'r');
        luaL_addlstring(b, (const char *)&v, sizeof v);
        break;
    }
    case JSON_TRUE: put_tag(b, 't'); break;
    case JSON_FALSE: put_tag(b, 'f'); break;
    case JSON_NULL: put_tag(b, 'n'); break;
    }
}

void json_push_packed(lua_State *L, int index)
{
    index = lua_absindex(L, index);
    json_push_tree(L, index);   /* raises as json.encode does; the box owns the tree */
    int box = lua_gettop(L);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    pack_tree(&b, json_peek_tree(L, box));   /* the box still owns it if this raises */
    luaL_pushresult(&b);
    json_decref(json_take_tree(L, box));      /* freed now, in the thread that made it */
    lua_remove(L, box);
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
