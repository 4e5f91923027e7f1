/* test_json_fast.c: simdjson's path gives jansson's value, or declines, on generated and broken JSON. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <lauxlib.h>
#include <lualib.h>

#include "check.h"
#include "lua_same.h"
#include "json_fast.h"
#include "lua_api.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state % n);
}

/* ---- a growing text ---- */

typedef struct {
    char *s;
    size_t len, cap;
} text;

static void put(text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->s = realloc(t->s, t->cap);
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

static void puts_(text *t, const char *s) { put(t, s, strlen(s)); }

/* The last `broken` entries of a list make the text invalid: pick them one time in eight. */
static const char *pick_rarely_broken(const char *const *list, size_t n, size_t broken)
{
    size_t i = rnd((uint32_t)n);
    if (i >= n - broken && rnd(8) != 0)
        i = rnd((uint32_t)(n - broken));
    return list[i];
}
#define PICK_RARELY_BROKEN(list, broken) pick_rarely_broken(list, sizeof list / sizeof *list, broken)

/* ---- the generator: mostly valid JSON, with the edges where the two parsers could part ---- */

static const char *const string_pieces[] = {
    "a", "Baku", " ", "Yerevan", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t",
    "\\u0041", "\\u00e9", "\\u0259", "\\u0130", "\\u0131", "\\u0531", "\\u20ac", "\\uFFFF",
    "\\ud83d\\ude00", "\\uD834\\uDD1E", "\\u0000",
    "\xc3\xa9", "\xc9\x99", "\xc4\xb0", "\xc4\xb1", "\xd5\x80\xd5\xa1\xd5\xb5", "\xd0\x9c\xd0\xb8\xd1\x80",
    "\xf0\x9f\x98\x80", "\xef\xbb\xbf",
    /* the last 11 are refused: lone surrogates, bytes that are no UTF-8, a control character, bad escapes */
    "\\ud800", "\\udc00", "\\ud800\\u0041",
    "\xff", "\x80", "\xc0\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\x01", "\\x", "\\u12",
};
#define BROKEN_STRING_PIECES 11

static const char *const numbers[] = {
    "0", "-0", "1", "-1", "42", "9223372036854775807", "-9223372036854775808",
    "0.5", "-0.0", "1.5e3", "1E+2", "1e-2", "123.456e-7",
    "1e308", "1.7976931348623157e308", "1e-400", "-1e-400", "4.9e-324",
    "2.2250738585072011e-308", "0.1", "3.141592653589793238462643383279", "1e0000000000000000001",
    "9007199254740993", "9007199254740993.0",
    /* the last 16 are refused: integers past int64, overflowing reals, bad syntax */
    "9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616",
    "123456789012345678901234567890", "1e309", "-1e309",
    "01", "1.", ".5", "+1", "1e", "-", "0x10", "NaN", "Infinity",
};
#define BROKEN_NUMBERS 16

static const char *const literals[] = {"true", "false", "null", /* refused: */ "tru", "nul", "True"};

static const char *const spaces[] = {"", "", "", " ", "\n", "\t", "\r\n", "  ", /* refused: */ "\f"};

static void gen_value(text *t, int depth);

static void gen_string(text *t)
{
    puts_(t, "\"");
    int n = (int)rnd(6);
    for (int i = 0; i < n; i++)
        puts_(t, PICK_RARELY_BROKEN(string_pieces, BROKEN_STRING_PIECES));
    puts_(t, "\"");
}

static void gen_number(text *t)
{
    puts_(t, PICK_RARELY_BROKEN(numbers, BROKEN_NUMBERS));
}

static void gen_container(text *t, int depth, int object)
{
    puts_(t, object ? "{" : "[");
    int n = (int)rnd(5);
    for (int i = 0; i < n; i++) {
        if (i)
            puts_(t, ",");
        puts_(t, PICK_RARELY_BROKEN(spaces, 1));
        if (object) {
            /* repeated keys now and then: the last value must win in both */
            if (rnd(3) == 0)
                puts_(t, "\"k\"");
            else
                gen_string(t);
            puts_(t, PICK_RARELY_BROKEN(spaces, 1));
            puts_(t, ":");
        }
        gen_value(t, depth + 1);
    }
    puts_(t, PICK_RARELY_BROKEN(spaces, 1));
    puts_(t, object ? "}" : "]");
}

static void gen_value(text *t, int depth)
{
    puts_(t, PICK_RARELY_BROKEN(spaces, 1));
    uint32_t kind = depth > 4 ? rnd(3) : rnd(5);
    switch (kind) {
    case 0: gen_string(t); break;
    case 1: gen_number(t); break;
    case 2: puts_(t, PICK_RARELY_BROKEN(literals, 3)); break;
    case 3: gen_container(t, depth, 0); break;
    default: gen_container(t, depth, 1); break;
    }
}

/* Mostly an object or an array, as documents are; sometimes a scalar, which only JSON_DECODE_ANY takes. */
static void gen_document(text *t)
{
    if (rnd(5) == 0)
        gen_value(t, 4);
    else
        gen_container(t, rnd(3) == 0 ? 2 : 0, rnd(3) != 0);
}

/* Break a text the ways files break: a byte changed, lost or added, a line cut short. */
static void mutate(text *t)
{
    if (t->len == 0)
        return;
    size_t at = rnd((uint32_t)t->len);
    switch (rnd(4)) {
    case 0: t->s[at] = (char)rnd(256); break;
    case 1: memmove(t->s + at, t->s + at + 1, t->len - at); t->len--; break;
    case 2: t->len = at; t->s[at] = '\0'; break;
    default: {
        char c = "{}[]\",:\\0 "[rnd(10)];
        put(t, &c, 1);
        memmove(t->s + at + 1, t->s + at, t->len - at - 1);
        t->s[at] = c;
    }
    }
}

/* ---- the comparison ---- */

typedef struct {
    int fast, jansson, both_refused;
} tally;

static const size_t all_flags[] = {0, JSON_DECODE_ANY, JSON_ALLOW_NUL, JSON_DECODE_ANY | JSON_ALLOW_NUL};

/* Where the fast path answers, jansson accepts the text and gives the same value. */
static void compare(lua_State *L, const char *s, size_t len, size_t flags, tally *n)
{
    int top = lua_gettop(L);
    int fast = json_fast_push(L, s, len, flags);
    check(lua_gettop(L) == top + fast, "stack %d -> %d, fast %d: %.*s", top, lua_gettop(L), fast, (int)len, s);
    json_error_t error;
    json_t *j = json_loadb(s, len, flags, &error);
    n->fast += fast;
    n->jansson += j != NULL;
    n->both_refused += !fast && !j;
    if (fast) {
        check(j != NULL, "jansson refuses (%s) what the fast path took, flags %zu: %.*s", error.text, flags,
              (int)len, s);
        if (j) {
            json_push_value(L, j);
            check(same_value(L, -2, -1), "values differ, flags %zu: %.*s", flags, (int)len, s);
            lua_pop(L, 1);
        }
    }
    json_decref(j);
    lua_settop(L, top);
}

static void test_generated(lua_State *L)
{
    tally n = {0, 0, 0};
    int texts = 20000;
    for (int i = 0; i < texts; i++) {
        text t = {NULL, 0, 0};
        gen_document(&t);
        int broken = rnd(4) == 0;
        for (int m = broken ? 1 + (int)rnd(3) : 0; m > 0; m--)
            mutate(&t);
        for (size_t f = 0; f < sizeof all_flags / sizeof *all_flags; f++)
            compare(L, t.s ? t.s : "", t.len, all_flags[f], &n);
        free(t.s);
    }
    /* A path that always declined would pass the comparisons: it must answer for most valid texts. */
    check(n.fast > n.jansson * 3 / 4, "the fast path answered %d of %d texts jansson took", n.fast, n.jansson);
    check(n.both_refused > texts / 10, "only %d refusals: the generator must break texts too", n.both_refused);
    printf("generated: %d texts x 4 flag sets; jansson took %d, the fast path %d, both refused %d\n", texts,
           n.jansson, n.fast, n.both_refused);
}

/* Texts each with an answer known by reading them. */
static void test_known(lua_State *L)
{
    const char *doc = "{\"text\":\"Baku and Yerevan \\u0259\",\"n\":[1,2.5,-3e2,true,false,null],"
                      "\"nested\":{\"\xc9\x99\":\"\xc4\xb0\xc4\xb1\"}}";
    check(json_fast_push(L, doc, strlen(doc), 0) == 1, "a plain document declined");
    lua_getfield(L, -1, "text");
    check(strcmp(lua_tostring(L, -1), "Baku and Yerevan \xc9\x99") == 0, "text: %s", lua_tostring(L, -1));
    lua_getfield(L, -2, "n");
    lua_rawgeti(L, -1, 1);
    check(lua_isinteger(L, -1) && lua_tointeger(L, -1) == 1, "n[1] is the integer 1");
    lua_rawgeti(L, -2, 3);
    check(!lua_isinteger(L, -1) && lua_tonumber(L, -1) == -300.0, "n[3] is the float -300");
    lua_rawgeti(L, -3, 6);
    check(lua_islightuserdata(L, -1) && lua_touserdata(L, -1) == NULL, "null is parley.null");
    lua_settop(L, 0);

    struct {
        const char *json;
        size_t flags;
    } declined[] = {
        {"\"a scalar\"", 0},                  /* jansson: '[' or '{' expected */
        {"[9223372036854775808]", 0},         /* too big integer */
        {"[\"a\\u0000b\"]", 0},               /* NUL without JSON_ALLOW_NUL */
        {"{\"a\\u0000b\":1}", JSON_ALLOW_NUL}, /* NUL in a key */
        {"[1] 2", JSON_DECODE_ANY},           /* trailing content: jansson words the error */
        {"\xef\xbb\xbf[1]", 0},               /* a byte order mark */
        {"[1]", JSON_REJECT_DUPLICATES},      /* a flag this path does not honour */
    };
    for (size_t i = 0; i < sizeof declined / sizeof *declined; i++)
        check(json_fast_push(L, declined[i].json, strlen(declined[i].json), declined[i].flags) == 0 &&
                  lua_gettop(L) == 0,
              "took %s", declined[i].json);
    /* past 1 MiB: jansson's, so that no thread's parser grows to the largest text it met */
    size_t big_len = (2u << 20) + 2;
    char *big = malloc(big_len);
    memset(big, 'x', big_len);
    big[0] = '"';
    big[big_len - 1] = '"';
    check(json_fast_push(L, big, big_len, JSON_DECODE_ANY) == 0 && lua_gettop(L) == 0, "took a 2 MiB text");
    check(json_push_decoded(L, big, big_len) == 1 && lua_rawlen(L, -1) == big_len - 2,
          "json_push_decoded's jansson path for a 2 MiB text");
    lua_settop(L, 0);
    free(big);
    check(json_fast_push(L, "\"a\\u0000b\"", 10, JSON_DECODE_ANY | JSON_ALLOW_NUL) == 1 &&
              lua_rawlen(L, -1) == 3,
          "a NUL in a string, where it is allowed");
    lua_settop(L, 0);
}

/* ---- raising while pushing ---- */

static size_t alloc_left = SIZE_MAX;

static void *limited_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    (void)ud;
    if (nsize == 0) {
        free(ptr);
        return NULL;
    }
    size_t old = ptr ? osize : 0;
    if (nsize > old && nsize - old > alloc_left)
        return NULL;
    if (nsize > old)
        alloc_left -= nsize - old;
    return realloc(ptr, nsize);
}

static int decode_big(lua_State *L)
{
    const char *s = lua_tostring(L, 1);
    lua_pushinteger(L, json_fast_push(L, s, strlen(s), 0));
    return 2;
}

/* A memory error in the middle of the walk reaches the caller, and the thread's parser is free again. */
static void test_raise_while_pushing(void)
{
    lua_State *L = lua_newstate(limited_alloc, NULL);
    text big = {NULL, 0, 0};
    puts_(&big, "[");
    for (int i = 0; i < 2000; i++)
        puts_(&big, i ? ",{\"name\":\"Pashinyan\",\"n\":1}" : "{\"name\":\"Aliyev\",\"n\":1}");
    puts_(&big, "]");
    lua_pushcfunction(L, decode_big);
    lua_pushstring(L, big.s);
    alloc_left = 20000;
    int status = lua_pcall(L, 1, 2, 0);
    alloc_left = SIZE_MAX;
    check(status == LUA_ERRMEM, "status %d, not a memory error", status);
    lua_settop(L, 0);
    check(json_fast_push(L, big.s, big.len, 0) == 1 && lua_rawlen(L, -1) == 2000,
          "the parser stayed busy after the error");
    free(big.s);
    lua_close(L);
}

/* ---- a finalizer that decodes JSON while a decode is pushing ---- */

static int nested_calls, nested_declined;

static int finalizer(lua_State *L)
{
    static const char inner[] = "{\"inner\":[1,2,3]}";
    nested_calls++;
    int top = lua_gettop(L);
    if (!json_fast_push(L, inner, sizeof inner - 1, 0)) {
        nested_declined++;   /* the same thread is walking: jansson answers instead */
        json_error_t error;
        json_t *j = json_loadb(inner, sizeof inner - 1, 0, &error);
        json_push_value(L, j);
        json_decref(j);
    }
    lua_getfield(L, -1, "inner");
    check(lua_rawlen(L, -1) == 3, "the nested decode");
    lua_settop(L, top);
    /* a new finalizable object, so that finalizers keep coming during the next walk */
    lua_newtable(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_setmetatable(L, -2);
    lua_pop(L, 1);
    return 0;
}

static void test_finalizer_decodes(lua_State *L)
{
    text big = {NULL, 0, 0};
    puts_(&big, "[");
    for (int i = 0; i < 20000; i++)
        puts_(&big, i ? ",{\"k\":\"v\"}" : "{\"k\":\"v\"}");
    puts_(&big, "]");
    lua_newtable(L);   /* the metatable */
    lua_pushvalue(L, -1);
    lua_pushcclosure(L, finalizer, 1);
    lua_setfield(L, -2, "__gc");
    lua_newtable(L);
    lua_pushvalue(L, -2);
    lua_setmetatable(L, -2);
    lua_settop(L, 0);
    lua_gc(L, LUA_GCINC, 0, 400, 0);   /* collect without pause, so cycles end inside the walk */
    int first = json_fast_push(L, big.s, big.len, 0);
    check(first == 1 && lua_rawlen(L, -1) == 20000, "the outer decode");
    check(nested_declined > 0, "no finalizer ran during the walk (%d calls)", nested_calls);
    lua_settop(L, 0);
    check(json_fast_push(L, big.s, big.len, 0) == 1, "the parser stayed busy");
    lua_settop(L, 0);
    lua_gc(L, LUA_GCINC, 200, 100, 0);
    free(big.s);
}

int main(void)
{
    lua_State *L = luaL_newstate();
    test_known(L);
    test_generated(L);
    test_finalizer_decodes(L);
    lua_close(L);
    test_raise_while_pushing();
    return check_report("json_fast");
}
