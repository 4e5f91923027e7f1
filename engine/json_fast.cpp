/* json_fast.cpp: JSON decoded onto the Lua stack by simdjson, where its value is certainly jansson's. */
#include <cstring>
#include <string_view>
#include <type_traits>

#include <simdjson.h>
#include <lua.hpp>

#include "json_fast.h"

/*
 * jansson reads JSON one character at a time through a stream, about 150
 * instructions a byte: over Reuters as JSON Lines, 0.23 s of parsing where
 * simdjson takes 0.01 s, and a fifth of `parley ingest --jsonl`. Every
 * document's metadata and every `parley reduce` result are JSON too.
 *
 * jansson stays the reference: its values, and its messages with line and
 * column, are what parley promises. simdjson answers only where its value is
 * certainly jansson's (json_fast.h lists where it declines); tests/c/
 * test_json_fast.c holds the two to that on generated and mutated texts.
 *
 * Pushing may raise (memory, the run's budget), and Lua raises with longjmp,
 * which runs no destructor. So the walk holds only trivially destructible
 * views into the parser's document, and runs under lua_pcall so the busy
 * flag is cleared before the error goes on.
 */

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

static_assert(std::is_trivially_destructible<element>::value, "longjmp must skip no destructor");
static_assert(std::is_trivially_destructible<simdjson::dom::array::iterator>::value, "longjmp");
static_assert(std::is_trivially_destructible<simdjson::dom::object::iterator>::value, "longjmp");
static_assert(std::is_trivially_destructible<simdjson::dom::key_value_pair>::value, "longjmp");
static_assert(std::is_trivially_destructible<simdjson::simdjson_result<element>>::value, "longjmp");

/* Texts past this go to jansson: a parser keeps its buffers at the largest text it has read. */
constexpr size_t FAST_MAX_BYTES = 1u << 20;

/* One per thread: a parser is not shareable, and making one per call costs its buffers. */
thread_local simdjson::dom::parser thread_parser(FAST_MAX_BYTES);
thread_local bool thread_parser_busy = false;

struct walk {
    element root;
    bool allow_nul;
};

bool has_nul(std::string_view s)
{
    return std::memchr(s.data(), '\0', s.size()) != nullptr;
}

bool push_element(lua_State *L, element e, bool allow_nul);

bool push_array(lua_State *L, simdjson::dom::array a, bool allow_nul)
{
    lua_createtable(L, (int)a.size(), 0);   /* size() is exact up to 2^24 elements, a hint past it */
    lua_Integer i = 1;
    for (element value : a) {
        if (!push_element(L, value, allow_nul))
            return false;
        lua_rawseti(L, -2, i++);
    }
    return true;
}

bool push_object(lua_State *L, simdjson::dom::object o, bool allow_nul)
{
    lua_createtable(L, 0, (int)o.size());
    for (simdjson::dom::key_value_pair field : o) {
        if (has_nul(field.key))   /* jansson refuses a NUL in a key, with JSON_ALLOW_NUL too */
            return false;
        lua_pushlstring(L, field.key.data(), field.key.size());
        if (!push_element(L, field.value, allow_nul))
            return false;
        lua_rawset(L, -3);   /* a repeated key: the last value wins, as in jansson */
    }
    return true;
}

/* Push e as json_push_value pushes jansson's value, or return false where jansson would refuse it. */
bool push_element(lua_State *L, element e, bool allow_nul)
{
    luaL_checkstack(L, 4, "json.decode: nesting too deep");
    switch (e.type()) {
    case element_type::ARRAY: return push_array(L, e.get_array().value_unsafe(), allow_nul);
    case element_type::OBJECT: return push_object(L, e.get_object().value_unsafe(), allow_nul);
    case element_type::STRING: {
        std::string_view s = e.get_string().value_unsafe();
        if (!allow_nul && has_nul(s))
            return false;
        lua_pushlstring(L, s.data(), s.size());
        return true;
    }
    case element_type::INT64: lua_pushinteger(L, (lua_Integer)e.get_int64().value_unsafe()); return true;
    case element_type::UINT64: return false;   /* past int64: jansson says "too big integer" */
    case element_type::DOUBLE: lua_pushnumber(L, e.get_double().value_unsafe()); return true;
    case element_type::BOOL: lua_pushboolean(L, e.get_bool().value_unsafe()); return true;
    case element_type::NULL_VALUE: lua_pushlightuserdata(L, nullptr); return true;
    }
    return false;
}

/* Under lua_pcall: the decoded value, or nothing where jansson must answer. */
int push_root(lua_State *L)
{
    const walk *w = static_cast<const walk *>(lua_touserdata(L, 1));
    return push_element(L, w->root, w->allow_nul) ? 1 : 0;
}

bool is_container(element e)
{
    return e.type() == element_type::ARRAY || e.type() == element_type::OBJECT;
}

}  // namespace

int json_fast_push(lua_State *L, const char *s, size_t len, size_t flags)
{
    if ((flags & ~(size_t)JSON_FAST_FLAGS) || len > FAST_MAX_BYTES || thread_parser_busy)
        return 0;
    walk w;
    if (thread_parser.parse(s, len).get(w.root) != simdjson::SUCCESS)
        return 0;
    if (!(flags & JSON_DECODE_ANY) && !is_container(w.root))
        return 0;
    w.allow_nul = (flags & JSON_ALLOW_NUL) != 0;

    luaL_checkstack(L, 3, "json.decode: no room on the stack");
    thread_parser_busy = true;
    lua_pushcfunction(L, push_root);
    lua_pushlightuserdata(L, &w);
    int status = lua_pcall(L, 1, 1, 0);
    thread_parser_busy = false;
    if (status != LUA_OK)
        lua_error(L);
    if (lua_isnil(L, -1)) {   /* no JSON value decodes to nil: null is parley.null */
        lua_pop(L, 1);
        return 0;
    }
    return 1;
}
