/* lua_text.c: the parley.text Lua module: normal forms, case, graphemes, words, sentences, widths. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "unitext.h"
#include "loader.h"
#include "lua_api.h"
#include "lua_text.h"
#include "parley.h"
#include "segment.h"
#include "uax29.h"

/*
 * Conventions of every function here:
 * - Text arguments are strings (numbers are converted, as string.* does).
 *   Anything else raises "text.FN: bad argument #N (string expected, got T)".
 * - Text must be valid UTF-8, or the call raises
 *   "text.FN: invalid UTF-8 at byte N" (N 1-based); only valid and repair
 *   accept any bytes. Check first with text.valid or fix with text.repair.
 * - Positions are 1-based bytes, like string.sub, unless the name or the
 *   contract says code points.
 */

/* Metatables of result boxes; internal to this file, never seen by scripts. */
#define RESULT_BOX "parley.text.result"
#define SEGMENTS_BOX "parley.text.segments"

/* ---- arguments ---- */

static int arg_error(lua_State *L, const char *fn, int arg, const char *expected)
{
    return luaL_error(L, "text.%s: bad argument #%d (%s expected, got %s)", fn, arg, expected,
                      luaL_typename(L, arg));
}

/* The string at arg (numbers converted in place); raises otherwise. */
static const char *check_bytes(lua_State *L, int arg, const char *fn, size_t *len)
{
    if (lua_type(L, arg) != LUA_TSTRING && lua_type(L, arg) != LUA_TNUMBER)
        arg_error(L, fn, arg, "string");
    return lua_tolstring(L, arg, len);
}

/* The valid UTF-8 string at arg; raises on a wrong type or invalid bytes. */
static const char *check_text(lua_State *L, int arg, const char *fn, size_t *len)
{
    const char *s = check_bytes(L, arg, fn, len);
    size_t valid = utf8_valid_prefix(s, *len);
    if (valid < *len)
        luaL_error(L, "text.%s: invalid UTF-8 at byte %I", fn, (lua_Integer)valid + 1);
    return s;
}

static lua_Integer check_int(lua_State *L, int arg, const char *fn)
{
    int ok = 0;
    lua_Integer n = lua_tointegerx(L, arg, &ok);
    if (!ok)
        arg_error(L, fn, arg, "integer");
    return n;
}

/* The optional string at arg, NULL when absent or nil. */
static const char *opt_string(lua_State *L, int arg, const char *fn)
{
    if (lua_isnoneornil(L, arg))
        return NULL;
    if (lua_type(L, arg) != LUA_TSTRING)
        arg_error(L, fn, arg, "string");
    return lua_tostring(L, arg);
}

/* ---- results ---- */

/*
 * The pure C transforms return malloc'd strings. Pushing one as a Lua string
 * can raise (out of memory), which would leak it, so the pointer first goes
 * into a box whose __gc frees it: every path out of the function, raising
 * or not, leaves the memory with an owner.
 */
typedef struct {
    char *p;
} result_box;

static int box_gc(lua_State *L)
{
    result_box *box = luaL_checkudata(L, 1, RESULT_BOX);
    free(box->p);
    box->p = NULL;
    return 0;
}

static result_box *new_box(lua_State *L)
{
    result_box *box = lua_newuserdatauv(L, sizeof *box, 0);
    box->p = NULL;
    luaL_setmetatable(L, RESULT_BOX);
    return box;
}

/* Push the transform result n (a length, or a PARLEY_E* code) held by box. */
static int push_result(lua_State *L, const char *fn, ptrdiff_t n, result_box *box)
{
    if (n < 0)
        return luaL_error(L, "text.%s: %s", fn, parley_errmsg((int)n));
    lua_pushlstring(L, box->p, (size_t)n);
    free(box->p);
    box->p = NULL;
    return 1;
}

/* ---- normal forms and case ---- */

/*
 * text.normalize(s [, form]) -> string
 * form is "NFC" (the default), "NFD", "NFKC" or "NFKD" (UAX #15).
 */
static int l_normalize(lua_State *L)
{
    static const char *const names[] = {"NFC", "NFD", "NFKC", "NFKD"};
    static const text_form forms[] = {TEXT_NFC, TEXT_NFD, TEXT_NFKC, TEXT_NFKD};
    size_t len;
    const char *s = check_text(L, 1, "normalize", &len);
    const char *name = opt_string(L, 2, "normalize");
    size_t i = 0;
    while (name && i < 4 && strcmp(name, names[i]) != 0)
        i++;
    if (i == 4)
        return luaL_error(L, "text.normalize: bad form \"%s\" (NFC, NFD, NFKC or NFKD)", name);
    result_box *box = new_box(L);
    return push_result(L, "normalize", text_normalize(s, len, forms[i], &box->p), box);
}

/*
 * text.casefold(s) -> string
 * Default full case folding, no language tailoring: "Straße" -> "strasse",
 * "İ" -> "i̇" (i + U+0307). Not renormalised: compare folds of normalised text,
 * or use text.fold.
 */
static int l_casefold(lua_State *L)
{
    size_t len;
    const char *s = check_text(L, 1, "casefold", &len);
    result_box *box = new_box(L);
    return push_result(L, "casefold", text_casefold(s, len, &box->p), box);
}

/*
 * text.fold(s) -> string
 * The key for matching: NFKC, case folded, nonspacing marks and default
 * ignorables removed, typographic quotes and dashes as ASCII, NFC.
 * "Café", "CAFE" and "café" share a key; "İstanbul" -> "istanbul";
 * "’" -> "'", "«" -> '"', "—" -> "-". Letters that are not letter + mark
 * keep their identity: "Azərbaycan" and "AZERBAYCAN" differ, since ə is
 * its own letter (U+0259), not e with a mark; so does Cyrillic й, whose
 * breve is kept ("Ёлка" -> "елка", but "Азербайджан" -> "азербайджан").
 * Idempotent.
 */
static int l_fold(lua_State *L)
{
    size_t len;
    const char *s = check_text(L, 1, "fold", &len);
    result_box *box = new_box(L);
    return push_result(L, "fold", text_fold(s, len, &box->p), box);
}

/*
 * text.upper(s [, lang]) / text.lower(s [, lang]) -> string
 * Full case mapping: UnicodeData plus SpecialCasing ("ß" -> "SS",
 * "ﬁ" -> "FI", "և" -> "ԵՒ", "İ" -> "i̇", final sigma "ΟΔΟΣ" -> "οδος").
 * lang is a BCP 47 tag; "tr" and "az" map I <-> ı and İ <-> i, "hy"
 * uppercases "և" to "ԵՎ" as reformed Armenian orthography writes it;
 * other tags get the default mapping.
 */
static int case_map(lua_State *L, const char *fn,
                    ptrdiff_t (*map)(const char *, size_t, text_lang, char **))
{
    size_t len;
    const char *s = check_text(L, 1, fn, &len);
    text_lang lang = text_lang_from_tag(opt_string(L, 2, fn));
    result_box *box = new_box(L);
    return push_result(L, fn, map(s, len, lang, &box->p), box);
}

static int l_upper(lua_State *L)
{
    return case_map(L, "upper", text_upper);
}

const char *text_check_arg(lua_State *L, int arg, const char *fn, size_t *len)
{
    return check_text(L, arg, fn, len);
}

void text_push_lower(lua_State *L, const char *fn, const char *s, size_t len)
{
    result_box *box = new_box(L);
    ptrdiff_t n = text_lower(s, len, TEXT_LANG_ROOT, &box->p);
    push_result(L, fn, n, box);
    lua_remove(L, -2);   /* the box */
}

static int l_lower(lua_State *L)
{
    return case_map(L, "lower", text_lower);
}

/* ---- code points ---- */

/* text.len(s) -> number of code points. */
static int l_len(lua_State *L)
{
    size_t len;
    const char *s = check_text(L, 1, "len", &len);
    lua_pushinteger(L, (lua_Integer)text_count(s, len));
    return 1;
}

/* string.sub's rules for i, over n code points: 1-based, negative from the end, clamped. */
static size_t start_index(lua_Integer i, size_t n)
{
    if (i > 0)
        return (size_t)i;
    if (i == 0 || i < -(lua_Integer)n)
        return 1;
    return n + (size_t)(i + 1);
}

static size_t end_index(lua_Integer j, size_t n)
{
    if (j > (lua_Integer)n)
        return n;
    if (j >= 0)
        return (size_t)j;
    if (j < -(lua_Integer)n)
        return 0;
    return n + (size_t)(j + 1);
}

/*
 * text.sub(s, i [, j]) -> string
 * Code points i..j of s (j defaults to -1) with string.sub's rules.
 */
static int l_sub(lua_State *L)
{
    size_t len;
    const char *s = check_text(L, 1, "sub", &len);
    lua_Integer i = check_int(L, 2, "sub");
    lua_Integer j = lua_isnoneornil(L, 3) ? -1 : check_int(L, 3, "sub");
    size_t n = text_count(s, len);
    size_t first = start_index(i, n), last = end_index(j, n);
    if (first > last) {
        lua_pushliteral(L, "");
        return 1;
    }
    size_t from = text_offset(s, len, first - 1);
    size_t to = from + text_offset(s + from, len - from, last - first + 1);
    lua_pushlstring(L, s + from, to - from);
    return 1;
}

/* ---- grapheme clusters ---- */

/* The iterator behind text.graphemes: upvalues are the text, the next byte offset, the break state. */
static int grapheme_next(lua_State *L)
{
    size_t len;
    const char *s = lua_tolstring(L, lua_upvalueindex(1), &len);
    size_t pos = (size_t)lua_tointeger(L, lua_upvalueindex(2));
    int32_t state = (int32_t)lua_tointeger(L, lua_upvalueindex(3));
    if (pos >= len)
        return 0;
    size_t end = text_grapheme_end(s, len, pos, &state);
    lua_pushinteger(L, (lua_Integer)end);
    lua_replace(L, lua_upvalueindex(2));
    lua_pushinteger(L, state);
    lua_replace(L, lua_upvalueindex(3));
    lua_pushlstring(L, s + pos, end - pos);
    lua_pushinteger(L, (lua_Integer)pos + 1);
    return 2;
}

/*
 * text.graphemes(s) -> iterator
 * for g, i in text.graphemes(s): each extended grapheme cluster (UAX #29)
 * g and its starting byte i. ZWJ emoji sequences, flag pairs, Hangul
 * syllables and base + marks are one cluster each. For an array, see
 * text.grapheme_list: a separate name rather than a boolean flag, so what
 * comes back never depends on a trailing true.
 */
static int l_graphemes(lua_State *L)
{
    size_t len;
    check_text(L, 1, "graphemes", &len);
    lua_settop(L, 1);
    lua_pushinteger(L, 0);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, grapheme_next, 3);
    return 1;
}

/* text.grapheme_list(s) -> array of the grapheme clusters of s, in order. */
static int l_grapheme_list(lua_State *L)
{
    size_t len;
    const char *s = check_text(L, 1, "grapheme_list", &len);
    int32_t state = 0;
    lua_Integer n = 0;
    lua_newtable(L);
    for (size_t pos = 0; pos < len;) {
        size_t end = text_grapheme_end(s, len, pos, &state);
        lua_pushlstring(L, s + pos, end - pos);
        lua_rawseti(L, -2, ++n);
        pos = end;
    }
    return 1;
}

/* ---- words and sentences ---- */

/* Whether opts (argument 2: nil or a table) asks for the plain UAX #29 segments. */
static int want_uax29(lua_State *L, const char *fn)
{
    if (lua_isnoneornil(L, 2))
        return 0;
    if (!lua_istable(L, 2))
        arg_error(L, fn, 2, "table");
    int type = lua_getfield(L, 2, "uax29");
    if (type != LUA_TNIL && type != LUA_TBOOLEAN)
        luaL_error(L, "text.%s: opts.uax29 must be a boolean, got %s", fn, lua_typename(L, type));
    int on = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return on;
}

/* Push the array of the segments between consecutive boundaries given by next. */
static int push_uax29_segments(lua_State *L, const char *s, size_t len,
                               size_t (*next)(const char *, size_t, size_t))
{
    lua_Integer n = 0;
    lua_newtable(L);
    for (size_t i = 0, j; i < len; i = j) {
        j = next(s, len, i);
        lua_pushlstring(L, s + i, j - i);
        lua_rawseti(L, -2, ++n);
    }
    return 1;
}

/*
 * The seg_result of the news segmenter lives in a box whose __gc frees its
 * arrays, so raising while the strings are pushed cannot leak them; they
 * are freed as soon as the strings are out (finish_segments), not at the
 * next collection.
 */
static void free_segments(seg_result *r)
{
    seg_result_free(r);
    memset(r, 0, sizeof *r);   /* idempotent: __gc comes later */
}

static int segments_gc(lua_State *L)
{
    free_segments(luaL_checkudata(L, 1, SEGMENTS_BOX));
    return 0;
}

/* Run the news segmenter (no abbreviation rules) on s; its box is pushed on the stack. */
static const seg_result *news_segments(lua_State *L, const char *fn, const char *s, size_t len)
{
    if (len > UINT32_MAX)
        luaL_error(L, "text.%s: text longer than 4 GiB", fn);
    seg_result *r = lua_newuserdatauv(L, sizeof *r, 0);
    memset(r, 0, sizeof *r);
    luaL_setmetatable(L, SEGMENTS_BOX);
    int rc = segment_text(segment_rules(L), s, len, r);
    if (rc < 0)
        luaL_error(L, "text.%s: %s", fn, parley_errmsg(rc));
    return r;
}

/* A new table sized for n array items (capped: Lua grows it past INT_MAX itself). */
static void new_array(lua_State *L, size_t n)
{
    lua_createtable(L, n < INT32_MAX ? (int)n : INT32_MAX, 0);
}

/* Stack: box, array -> array, with the box's arrays freed. */
static int finish_segments(lua_State *L)
{
    free_segments(lua_touserdata(L, -2));
    lua_remove(L, -2);
    return 1;
}

/*
 * text.words(s [, opts]) -> array of strings
 * The tokens of s as the news segmenter sees them (engine/segment.h), run
 * without abbreviation rules: words ("decades-long", "Kyiv's"), numbers
 * ("100,000"), punctuation, symbols, emoji, URLs, e-mail addresses, handles
 * and hashtags; never whitespace.
 * With opts.uax29 = true: every segment between the default word
 * boundaries of UAX #29 instead, spaces and punctuation included, so that
 * table.concat of the result is s ("U.S." gives "U.S", ".").
 */
static int l_words(lua_State *L)
{
    size_t len;
    const char *s = check_text(L, 1, "words", &len);
    if (want_uax29(L, "words"))
        return push_uax29_segments(L, s, len, uax29_next_word_break);
    const seg_result *r = news_segments(L, "words", s, len);
    new_array(L, r->ntokens);
    for (size_t i = 0; i < r->ntokens; i++) {
        const seg_token *t = &r->tokens[i];
        lua_pushlstring(L, s + t->start, t->stop - t->start);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return finish_segments(L);
}

/*
 * text.sentences(s [, opts]) -> array of strings
 * The sentences of s as the news segmenter finds them (engine/segment.h),
 * run without abbreviation rules, each without surrounding whitespace.
 * With opts.uax29 = true: every segment between the default sentence
 * boundaries of UAX #29 instead, trailing spaces and newlines included, so
 * that table.concat of the result is s.
 */
static int l_sentences(lua_State *L)
{
    size_t len;
    const char *s = check_text(L, 1, "sentences", &len);
    if (want_uax29(L, "sentences"))
        return push_uax29_segments(L, s, len, uax29_next_sentence_break);
    const seg_result *r = news_segments(L, "sentences", s, len);
    new_array(L, r->nsentences);
    for (size_t i = 0; i < r->nsentences; i++) {
        const seg_span *span = &r->sentences[i];
        lua_pushlstring(L, s + span->start, span->stop - span->start);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return finish_segments(L);
}

/*
 * text.width(s) -> terminal columns
 * Per grapheme cluster, the widest code point: East Asian Wide and
 * Fullwidth 2, emoji presentation (👩‍👩‍👧, 🇦🇲, ❤️) 2, combining marks and
 * controls 0 (tabs and newlines are the caller's layout), others 1.
 */
static int l_width(lua_State *L)
{
    size_t len;
    const char *s = check_text(L, 1, "width", &len);
    lua_pushinteger(L, (lua_Integer)text_width(s, len));
    return 1;
}

/* ---- properties and validity ---- */

/*
 * text.category(s_or_codepoint) -> "Lu", "Mn", ... or nil
 * The General_Category of a code point given as an integer (0..0x10FFFF,
 * surrogates give "Cs", unassigned "Cn"), or of the first code point of a
 * string; nil for the empty string.
 */
static int l_category(lua_State *L)
{
    int32_t cp;
    if (lua_type(L, 1) == LUA_TNUMBER) {
        lua_Integer n = check_int(L, 1, "category");
        if (n < 0 || n > 0x10FFFF)
            return luaL_error(L, "text.category: code point %I out of range", n);
        cp = (int32_t)n;
    } else {
        size_t len;
        const char *s = check_text(L, 1, "category", &len);
        if (len == 0) {
            lua_pushnil(L);
            return 1;
        }
        cp = text_first(s, len);
    }
    lua_pushstring(L, text_category(cp));
    return 1;
}

/*
 * text.valid(s) -> true | false, byte
 * Whether s is valid UTF-8 (no overlongs, surrogates or values past
 * U+10FFFF); if not, the 1-based offset of the first byte that is not part
 * of a valid sequence.
 */
static int l_valid(lua_State *L)
{
    size_t len;
    const char *s = check_bytes(L, 1, "valid", &len);
    size_t valid = utf8_valid_prefix(s, len);
    lua_pushboolean(L, valid == len);
    if (valid == len)
        return 1;
    lua_pushinteger(L, (lua_Integer)valid + 1);
    return 2;
}

/*
 * text.repair(s) -> string, count
 * s with each maximal invalid subpart replaced by U+FFFD (as WHATWG
 * decoders and Python's errors="replace" do), and the number replaced.
 * Valid input comes back as it is, with 0.
 */
static int l_repair(lua_State *L)
{
    size_t len, out_len = 0, replaced = 0;
    const char *s = check_bytes(L, 1, "repair", &len);
    if (utf8_valid_prefix(s, len) == len) {
        lua_settop(L, 1);
        lua_pushinteger(L, 0);
        return 2;
    }
    result_box *box = new_box(L);
    box->p = utf8_repair(s, len, &out_len, &replaced);
    if (!box->p)
        return luaL_error(L, "text.repair: %s", parley_errmsg(PARLEY_ENOMEM));
    push_result(L, "repair", (ptrdiff_t)out_len, box);
    lua_pushinteger(L, (lua_Integer)replaced);
    return 2;
}

static const luaL_Reg text_funcs[] = {
    {"normalize", l_normalize},
    {"casefold", l_casefold},
    {"fold", l_fold},
    {"upper", l_upper},
    {"lower", l_lower},
    {"len", l_len},
    {"sub", l_sub},
    {"graphemes", l_graphemes},
    {"grapheme_list", l_grapheme_list},
    {"words", l_words},
    {"sentences", l_sentences},
    {"width", l_width},
    {"category", l_category},
    {"valid", l_valid},
    {"repair", l_repair},
    {NULL, NULL},
};

int luaopen_parley_text(lua_State *L)
{
    if (luaL_newmetatable(L, RESULT_BOX)) {
        lua_pushcfunction(L, box_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_pop(L, 1);
    if (luaL_newmetatable(L, SEGMENTS_BOX)) {
        lua_pushcfunction(L, segments_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_pop(L, 1);
    luaL_newlib(L, text_funcs);
    text_letters_register(L);
    text_minhash_register(L);
    lua_pushstring(L, text_unicode_version());
    lua_setfield(L, -2, "unicode_version");
    return 1;
}
