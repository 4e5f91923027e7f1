/* lua_minhash.c: text.minhash, the MinHash signature behind parley.dedup, in C. */
#include <stdint.h>

#include <lauxlib.h>
#include <lua.h>

#include "lua_text.h"

/*
 * Finding syndicated copies hashes every shingle of every document some
 * dozens of times; in Lua that was most of a briefing's time over a large
 * corpus. What counts as a copy (which words, how long a shingle, the
 * threshold, the banding) stays in parley.dedup; this computes the numbers.
 *
 * The hash family, fixed so that signatures compare across runs and builds:
 * a shingle is `shingle` consecutive words joined by one space (a document
 * with fewer words is one shingle of all of them, possibly ""), hashed with
 * 32-bit FNV-1a and reduced mod p = 2^31 - 1; value j of the signature is the
 * least (a_j * x + b_j) mod p over the shingles, where a_1, b_1, a_2, b_2, ...
 * are the successive states of the Park-Miller generator s <- 48271 s mod p
 * from s = 12345.
 */

#define MINHASH_P 2147483647u   /* 2^31 - 1, a Mersenne prime */
#define MAX_HASHES 1024

/* v mod p for v < 2^63, by folding the bits above 31 (p is 2^31 - 1). */
static uint64_t mod_p(uint64_t v)
{
    v = (v & MINHASH_P) + (v >> 31);
    v = (v & MINHASH_P) + (v >> 31);
    return v >= MINHASH_P ? v - MINHASH_P : v;
}

typedef struct {
    const unsigned char *s;
    size_t len;
} word_ref;

static uint32_t fnv_bytes(uint32_t h, const unsigned char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        h = (h ^ s[i]) * 16777619u;
    return h;
}

/* The FNV-1a hash of words[from..to) joined by spaces, mod p. */
static uint64_t shingle_hash(const word_ref *words, size_t from, size_t to)
{
    uint32_t h = 2166136261u;
    for (size_t i = from; i < to; i++) {
        if (i > from)
            h = fnv_bytes(h, (const unsigned char *)" ", 1);
        h = fnv_bytes(h, words[i].s, words[i].len);
    }
    return h % MINHASH_P;
}

/* The words of the array at arg, borrowed from their Lua strings (kept alive by the array). */
static word_ref *read_words(lua_State *L, int arg, size_t *n)
{
    luaL_checktype(L, arg, LUA_TTABLE);
    *n = (size_t)lua_rawlen(L, arg);
    word_ref *words = lua_newuserdatauv(L, (*n ? *n : 1) * sizeof *words, 0);
    for (size_t i = 0; i < *n; i++) {
        if (lua_rawgeti(L, arg, (lua_Integer)i + 1) != LUA_TSTRING)
            luaL_error(L, "text.minhash: word %d is a %s, not a string", (int)i + 1, luaL_typename(L, -1));
        words[i].s = (const unsigned char *)lua_tolstring(L, -1, &words[i].len);
        lua_pop(L, 1);
    }
    return words;
}

/*
 * The least (a x + b) mod p over the shingle hashes xs[0..count): one value
 * of the signature, with the shingles hashed once for all values rather
 * than the hash family kept in arrays; the order of the loops does not
 * change the minimum.
 */
static uint32_t least_image(uint32_t a, uint32_t b, const uint32_t *xs, size_t count)
{
    uint32_t least = MINHASH_P;
    for (size_t i = 0; i < count; i++) {
        uint32_t v = (uint32_t)mod_p((uint64_t)a * xs[i] + b);
        least = v < least ? v : least;
    }
    return least;
}

/* text.minhash(words, shingle, hashes) -> the signature: an array of `hashes` integers. */
static int l_minhash(lua_State *L)
{
    lua_Integer shingle = luaL_checkinteger(L, 2), hashes = luaL_checkinteger(L, 3);
    luaL_argcheck(L, shingle >= 1, 2, "a shingle has at least one word");
    luaL_argcheck(L, hashes >= 1 && hashes <= MAX_HASHES, 3, "from 1 to 1024 hashes");
    size_t n;
    const word_ref *words = read_words(L, 1, &n);
    size_t k = (size_t)shingle, count = n >= k ? n - k + 1 : 1;
    uint32_t *xs = lua_newuserdatauv(L, count * sizeof *xs, 0);
    for (size_t i = 0; i < count; i++)
        xs[i] = (uint32_t)shingle_hash(words, i, i + k < n ? i + k : n);
    lua_createtable(L, (int)hashes, 0);
    uint64_t seed = 12345;
    for (lua_Integer j = 0; j < hashes; j++) {
        uint32_t a = (uint32_t)(seed = seed * 48271 % MINHASH_P);
        uint32_t b = (uint32_t)(seed = seed * 48271 % MINHASH_P);
        lua_pushinteger(L, (lua_Integer)least_image(a, b, xs, count));
        lua_rawseti(L, -2, j + 1);
    }
    return 1;
}

static const luaL_Reg minhash_funcs[] = {
    {"minhash", l_minhash},
    {NULL, NULL},
};

void text_minhash_register(lua_State *L)
{
    luaL_setfuncs(L, minhash_funcs, 0);
}
