/* lua_letters.c: text.letter_counts and text.word_hits, the counting behind parley.lang, in C. */
#include <stdint.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <utf8proc.h>

#include "lua_text.h"
#include "unitext.h"

/*
 * Language detection reads every character of a document's head, and a Lua
 * loop over characters or words costs more than the rest of loading. The
 * rules stay in Lua (parley.lang: which ranges name which script, which words
 * are function words, how the counts decide); these two functions only count.
 *
 * A "letter" is an ASCII letter, a code point inside one of the script
 * ranges given (whatever its category: Armenian punctuation counts as
 * Armenian, as it did in the Lua rules), or any other code point of general
 * category L, which counts as "latin".
 */

/* parley.lang names ten ranges; a fixed bound keeps the tables on the C stack. */
#define MAX_RANGES 64

typedef struct {
    int32_t lo, hi;
    int name_ref;   /* index of the range's name in the scratch table */
} script_range;

typedef struct {
    script_range ranges[MAX_RANGES];
    size_t n;
} script_table;

/* Reads { {lo, hi, name}, ... } at arg; the names go in order into the table at names. */
static void scripts_read(lua_State *L, int arg, int names, script_table *t)
{
    luaL_checktype(L, arg, LUA_TTABLE);
    size_t n = lua_rawlen(L, arg);
    if (n > MAX_RANGES)
        luaL_error(L, "text: at most %d script ranges", MAX_RANGES);
    for (t->n = 0; t->n < n; t->n++) {
        lua_rawgeti(L, arg, (lua_Integer)t->n + 1);
        int ok = lua_istable(L, -1);
        if (ok) {
            lua_rawgeti(L, -1, 1);
            lua_rawgeti(L, -2, 2);
            lua_rawgeti(L, -3, 3);
            ok = lua_isinteger(L, -3) && lua_isinteger(L, -2) && lua_type(L, -1) == LUA_TSTRING;
            if (ok) {
                script_range *r = &t->ranges[t->n];
                r->lo = (int32_t)lua_tointeger(L, -3);
                r->hi = (int32_t)lua_tointeger(L, -2);
                r->name_ref = (int)t->n + 1;
                lua_pushvalue(L, -1);
                lua_rawseti(L, names, r->name_ref);
            }
            lua_pop(L, 3);
        }
        lua_pop(L, 1);
        if (!ok)
            luaL_error(L, "text: script range %d is not {lo, hi, name}", (int)t->n + 1);
    }
}

/* The script of a letter: the index of its range (1-based), 0 for "latin", -1 for no letter. */
static int script_of(const script_table *t, int32_t cp)
{
    if (cp < 0x80)
        return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ? 0 : -1;
    for (size_t i = 0; i < t->n; i++)
        if (cp >= t->ranges[i].lo && cp <= t->ranges[i].hi)
            return t->ranges[i].name_ref;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
        return 0;
    default:
        return -1;
    }
}

/* The code point at pos in valid UTF-8, and its length in *size. */
static int32_t next_cp(const char *s, size_t len, size_t pos, size_t *size)
{
    if ((unsigned char)s[pos] < 0x80) {   /* most of the text in most languages' news */
        *size = 1;
        return (unsigned char)s[pos];
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + pos,
                                          (utf8proc_ssize_t)(len - pos), &cp);
    *size = n > 0 ? (size_t)n : 1;
    return n > 0 ? cp : -1;
}


/*
 * text.letter_counts(s, scripts [, marked]) -> counts, total, nmarked
 * counts[name] letters per script ("latin" for letters in no range; a script
 * without letters is absent), total letters, and how many code points of s
 * are keys of the set `marked` ({[cp] = true}).
 */
static int l_letter_counts(lua_State *L)
{
    size_t len;
    const char *s = text_check_arg(L, 1, "letter_counts", &len);
    int has_marked = !lua_isnoneornil(L, 3);
    if (has_marked)
        luaL_checktype(L, 3, LUA_TTABLE);
    lua_newtable(L);   /* names of the ranges, by index */
    int names = lua_gettop(L);
    script_table t;
    scripts_read(L, 2, names, &t);
    lua_Integer tally[MAX_RANGES + 1] = {0};
    lua_Integer total = 0, marked = 0;
    for (size_t pos = 0, size; pos < len; pos += size) {
        int32_t cp = next_cp(s, len, pos, &size);
        int script = script_of(&t, cp);
        if (script >= 0) {
            tally[script]++;
            total++;
        }
        if (has_marked && cp >= 0x80) {   /* the sets hold letters beyond ASCII: ə ğ ı */
            lua_rawgeti(L, 3, cp);
            marked += lua_toboolean(L, -1);
            lua_pop(L, 1);
        }
    }
    lua_newtable(L);
    for (size_t i = 0; i <= t.n; i++) {
        if (!tally[i])
            continue;
        if (i == 0)
            lua_pushliteral(L, "latin");
        else
            lua_rawgeti(L, names, (lua_Integer)i);
        lua_pushvalue(L, -1);
        lua_rawget(L, -3);
        lua_Integer before = lua_isinteger(L, -1) ? lua_tointeger(L, -1) : 0;
        lua_pop(L, 1);
        lua_pushinteger(L, before + tally[i]);   /* two ranges may share a name */
        lua_rawset(L, -3);
    }
    lua_pushinteger(L, total);
    lua_pushinteger(L, marked);
    return 3;
}

/*
 * What a word must look like to be a key of some set: no longer than the
 * longest key, and starting with a byte some key starts with (keys are
 * lowercase; an ASCII capital is looked up as its lowercase). Most words of
 * a text fail one test and are never made into Lua strings.
 */
typedef struct {
    size_t longest;
    unsigned char first[256];
} key_shape;

static void read_key_shape(lua_State *L, int first_set, int nsets, key_shape *shape)
{
    shape->longest = 0;
    memset(shape->first, 0, sizeof shape->first);
    for (int k = 0; k < nsets; k++) {
        lua_pushnil(L);
        while (lua_next(L, first_set + k)) {
            size_t len;
            if (lua_type(L, -2) == LUA_TSTRING) {
                const char *key = lua_tolstring(L, -2, &len);
                if (len > shape->longest)
                    shape->longest = len;
                if (len > 0)
                    shape->first[(unsigned char)key[0]] = 1;
            }
            lua_pop(L, 1);
        }
    }
}

static int may_be_key(const key_shape *shape, const char *s, size_t len)
{
    unsigned char b = (unsigned char)s[0];
    if (b >= 0x80)
        return 1;   /* the lowercase of a non-ASCII letter may begin with another byte */
    if (!shape->first[b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b])
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 1;   /* lowercasing may shorten it: the Kelvin sign is three bytes, k one */
    return len <= shape->longest;
}

/* Counts the lowercased word s[from..to) in every set from arg first on; hits[k] per set. */
static void count_word(lua_State *L, const char *s, size_t from, size_t to, int first, int nsets,
                       lua_Integer *hits)
{
    char ascii[64];
    size_t n = to - from;
    if (text_lower_ascii(s + from, n, ascii, sizeof ascii))   /* nearly all words: no allocation */
        lua_pushlstring(L, ascii, n);
    else
        text_push_lower(L, "word_hits", s + from, n);
    for (int k = 0; k < nsets; k++) {
        lua_pushvalue(L, -1);
        lua_rawget(L, first + k);
        hits[k] += lua_toboolean(L, -1);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/*
 * text.word_hits(s, scripts, set...) -> n...
 * For each set (a table keyed by lowercase words), how many words of s it
 * holds. Words are the maximal runs of letters (as letter_counts defines
 * them), lowercased with text.lower's root rules.
 */
static int l_word_hits(lua_State *L)
{
    size_t len;
    const char *s = text_check_arg(L, 1, "word_hits", &len);
    int nsets = lua_gettop(L) - 2;
    if (nsets > 16)
        return luaL_error(L, "text.word_hits: at most 16 sets");
    for (int k = 0; k < nsets; k++)
        luaL_checktype(L, 3 + k, LUA_TTABLE);
    lua_newtable(L);
    int names = lua_gettop(L);
    script_table t;
    scripts_read(L, 2, names, &t);
    lua_Integer hits[16] = {0};
    key_shape shape;
    read_key_shape(L, 3, nsets, &shape);
    size_t pos = 0, size;
    while (pos < len) {
        while (pos < len && script_of(&t, next_cp(s, len, pos, &size)) < 0)
            pos += size;
        size_t word = pos;
        while (pos < len && script_of(&t, next_cp(s, len, pos, &size)) >= 0)
            pos += size;
        if (pos > word && may_be_key(&shape, s + word, pos - word))
            count_word(L, s, word, pos, 3, nsets, hits);
    }
    for (int k = 0; k < nsets; k++)
        lua_pushinteger(L, hits[k]);
    return nsets;
}

static const luaL_Reg letters_funcs[] = {
    {"letter_counts", l_letter_counts},
    {"word_hits", l_word_hits},
    {NULL, NULL},
};

void text_letters_register(lua_State *L)
{
    luaL_setfuncs(L, letters_funcs, 0);
}
