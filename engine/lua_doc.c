/* lua_doc.c: the Doc and Span userdata: a document's text and metadata, and views into it. */
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "lua_api.h"
#include "unitext.h"

/* ---- Doc ---- */

/*
 * The metatables of Doc and Span are also kept under these addresses: a check
 * by address needs no C string made into a Lua one (luaL_checkudata's way),
 * and every read of a Span's field makes two checks.
 */
static const char DOC_METATABLE = 'D', SPAN_METATABLE = 'S';

static void *udata_of(lua_State *L, int index, const char *key, const char *tname)
{
    void *p = lua_touserdata(L, index);
    if (p && lua_getmetatable(L, index)) {
        lua_rawgetp(L, LUA_REGISTRYINDEX, key);
        int same = lua_rawequal(L, -1, -2);
        lua_pop(L, 2);
        if (same)
            return p;
    }
    return luaL_checkudata(L, index, tname);   /* raises the usual "X expected" */
}

parley_doc *doc_check(lua_State *L, int index)
{
    return udata_of(L, index, &DOC_METATABLE, PARLEY_DOC_TYPE);
}

static const char *const DOC_FIELDS[] = {"title", "date", "source", "lang", "origin", "meta", NULL};

parley_doc *doc_push(lua_State *L, long long id, int text_index, int fields, parley_offset_map *map)
{
    text_index = lua_absindex(L, text_index);
    fields = fields ? lua_absindex(L, fields) : 0;
    parley_doc *doc = lua_newuserdatauv(L, sizeof *doc, 2);   /* fields, annotations */
    memset(doc, 0, sizeof *doc);
    luaL_setmetatable(L, PARLEY_DOC_TYPE);
    doc->map = map;   /* owned from here on: __gc frees it whatever happens next */
    doc->id = id;
    lua_createtable(L, 0, 8);
    lua_pushvalue(L, text_index);
    doc->text = lua_tolstring(L, -1, &doc->len);
    lua_setfield(L, -2, "text");
    for (int i = 0; fields && DOC_FIELDS[i]; i++) {
        lua_getfield(L, fields, DOC_FIELDS[i]);
        lua_setfield(L, -2, DOC_FIELDS[i]);
    }
    lua_setiuservalue(L, -2, 1);
    return doc;
}

static int doc_gc(lua_State *L)
{
    parley_doc *doc = doc_check(L, 1);
    offmap_free(doc->map);
    doc->map = NULL;
    if (doc->seg) {
        seg_result_free(doc->seg);
        free(doc->seg);
        doc->seg = NULL;
    }
    return 0;
}

static size_t count_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* Lines as an editor counts them: "a\nb" has 2, "a\n" has 1. */
static size_t count_lines(const char *s, size_t len)
{
    size_t n = 0;
    for (const char *p = s, *end = s + len; p < end; n++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    return n;
}

static int is_boundary(const parley_doc *doc, size_t off)
{
    return off >= doc->len || ((unsigned char)doc->text[off] & 0xC0) != 0x80;
}

/* Normalise string.sub-style (i, j) into [start, stop); both may be negative. */
static void sub_range(lua_Integer i, lua_Integer j, size_t len, size_t *start, size_t *stop)
{
    lua_Integer n = (lua_Integer)len;
    if (i < 0) i = i < -n ? 1 : n + i + 1;
    if (j < 0) j = n + j + 1;
    if (i < 1) i = 1;
    if (j > n) j = n;
    *start = (size_t)(i - 1);
    *stop = j < i ? *start : (size_t)j;
}

/* doc:span(i [, j]) -> Span over bytes i..j (string.sub rules); raises when an end splits a character. */
static int doc_span(lua_State *L)
{
    parley_doc *doc = doc_check(L, 1);
    size_t start, stop;
    sub_range(luaL_checkinteger(L, 2), luaL_optinteger(L, 3, -1), doc->len, &start, &stop);
    if (!is_boundary(doc, start) || !is_boundary(doc, stop))
        return luaL_error(L, "doc:span: byte range %d..%d splits a UTF-8 character", (int)start + 1,
                          (int)stop);
    return span_push(L, 1, start, stop, SPAN_TEXT, 0);
}

static int doc_index(lua_State *L)
{
    parley_doc *doc = doc_check(L, 1);
    const char *key = luaL_checkstring(L, 2);
    if (luaL_getmetafield(L, 1, "methods") && lua_getfield(L, -1, key) != LUA_TNIL)
        return 1;
    if (strcmp(key, "id") == 0) {
        if (doc->id > 0) lua_pushinteger(L, doc->id); else lua_pushnil(L);
    } else if (strcmp(key, "bytes") == 0) {
        lua_pushinteger(L, (lua_Integer)doc->len);
    } else if (strcmp(key, "chars") == 0) {
        lua_pushinteger(L, (lua_Integer)count_chars(doc->text, doc->len));
    } else if (strcmp(key, "lines") == 0) {
        lua_pushinteger(L, (lua_Integer)count_lines(doc->text, doc->len));
    } else if (strcmp(key, "hash") == 0) {
        char hex[65];
        store_content_hash(doc->text, doc->len, hex);
        lua_pushstring(L, hex);
    } else {
        lua_getiuservalue(L, 1, 1);
        lua_getfield(L, -1, key);
    }
    return 1;
}

/* How much of the title or text a Doc's summary shows, in code points. */
#define SUMMARY_CHARS 40

/* Whether title is only the file name of origin (without directory and extension): no real title. */
static int title_is_file_name(const char *title, const char *origin)
{
    if (!origin)
        return 0;
    const char *base = strrchr(origin, '/');
    base = base ? base + 1 : origin;
    const char *dot = strrchr(base, '.');
    size_t stem = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    return strlen(title) == stem && strncmp(title, base, stem) == 0;
}

/*
 * Push the first words of s (up to SUMMARY_CHARS code points, cut at a space
 * when there is one, "..." when cut); newlines and tabs become spaces.
 */
static void push_first_words(lua_State *L, const char *s, size_t len)
{
    size_t cut = text_offset(s, len, SUMMARY_CHARS);
    if (cut < len) {
        size_t space = cut;
        while (space > cut / 2 && s[space] != ' ' && s[space] != '\n')
            space--;
        if (space > cut / 2)
            cut = space;
    }
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (size_t i = 0; i < cut; i++)
        luaL_addchar(&b, s[i] == '\n' || s[i] == '\t' || s[i] == '\r' ? ' ' : s[i]);
    if (cut < len)
        luaL_addstring(&b, "...");
    luaL_pushresult(&b);
}

/* 3815 -> "3,815" (pushed). */
static void push_thousands(lua_State *L, size_t n)
{
    char digits[32], out[48];
    int len = snprintf(digits, sizeof digits, "%zu", n), j = 0;
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[j++] = ',';
        out[j++] = digits[i];
    }
    lua_pushlstring(L, out, (size_t)j);
}

/*
 * <Doc 3 2025-03-13 "Azerbaijan and Armenia said Thursday..." 3,815 chars>:
 * id ("-" when not stored), date, the first words of the title (of the text
 * when the title is missing or only the file name), the length in code points.
 */
static int doc_tostring(lua_State *L)
{
    parley_doc *doc = doc_check(L, 1);
    lua_settop(L, 1);
    lua_getiuservalue(L, 1, 1);
    lua_getfield(L, 2, "date");
    lua_getfield(L, 2, "title");
    lua_getfield(L, 2, "origin");
    const char *title = lua_isstring(L, 4) ? lua_tostring(L, 4) : "";
    if (*title && !title_is_file_name(title, lua_tostring(L, 5)))
        push_first_words(L, title, strlen(title));
    else
        push_first_words(L, doc->text, doc->len);
    lua_pushliteral(L, "<Doc ");
    if (doc->id > 0)
        lua_pushfstring(L, "%I ", (lua_Integer)doc->id);
    else
        lua_pushliteral(L, "- ");
    lua_pushfstring(L, "%s \"", lua_isstring(L, 3) ? lua_tostring(L, 3) : "-");
    lua_pushvalue(L, 6);
    lua_pushliteral(L, "\" ");
    size_t chars = text_count(doc->text, doc->len);
    push_thousands(L, chars);
    lua_pushstring(L, chars == 1 ? " char>" : " chars>");
    lua_concat(L, 7);
    return 1;
}

static int doc_len(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)doc_check(L, 1)->len);
    return 1;
}

/* ---- Span ---- */

static parley_span *span_check(lua_State *L, int index)
{
    return udata_of(L, index, &SPAN_METATABLE, PARLEY_SPAN_TYPE);
}

int span_push(lua_State *L, int doc_index, size_t start, size_t stop, span_kind kind, uint32_t index)
{
    doc_index = lua_absindex(L, doc_index);
    parley_span *span = lua_newuserdatauv(L, sizeof *span, 2);   /* doc, extra fields */
    span->start = start;
    span->stop = stop;
    span->kind = (uint8_t)kind;
    span->index = index;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &SPAN_METATABLE);
    lua_setmetatable(L, -2);
    lua_pushvalue(L, doc_index);
    lua_setiuservalue(L, -2, 1);
    return 1;
}

/* Extra fields (doc:find's captures) live in user value 2. */
void span_set_fields(lua_State *L, int span_index)
{
    span_check(L, span_index);
    lua_setiuservalue(L, span_index, 2);
}

/* The Span at index and its Doc (pushed on the stack). */
static parley_doc *span_doc(lua_State *L, int index, parley_span **span)
{
    *span = span_check(L, index);
    lua_getiuservalue(L, index, 1);
    return lua_touserdata(L, -1);
}

/* 1-based line and code-point column of byte offset off. */
static void line_col(const parley_doc *doc, size_t off, size_t *line, size_t *col)
{
    size_t line_start = 0;
    *line = 1;
    for (const char *p = doc->text; (p = memchr(p, '\n', off - (size_t)(p - doc->text)));) {
        (*line)++;
        p++;
        line_start = (size_t)(p - doc->text);
    }
    *col = count_chars(doc->text + line_start, off - line_start) + 1;
}

const char *const SPAN_FIELD_NAMES[FIELD_COUNT] = {
    [FIELD_START] = "start", [FIELD_STOP] = "stop", [FIELD_TEXT] = "text", [FIELD_DOC] = "doc",
    [FIELD_LINE] = "line", [FIELD_COL] = "col", [FIELD_CHAR_START] = "char_start",
    [FIELD_CHAR_STOP] = "char_stop", [FIELD_INDEX] = "index", [FIELD_TOKENS] = "tokens",
    [FIELD_SENTENCE] = "sentence", [FIELD_KIND] = "kind", [FIELD_NORM] = "norm", [FIELD_LOWER] = "lower",
    [FIELD_SHAPE] = "shape", [FIELD_IS_TITLE] = "is_title", [FIELD_IS_UPPER] = "is_upper",
    [FIELD_BASE] = "base", [FIELD_SUFFIX] = "suffix", [FIELD_PARTS] = "parts",
    [FIELD_IS_HYPHENATED] = "is_hyphenated", [FIELD_IS_POSSESSIVE] = "is_possessive",
    [FIELD_IS_ABBREVIATION] = "is_abbreviation", [FIELD_SPACE_AFTER] = "space_after",
};

span_field span_field_named(const char *key)
{
    for (int f = FIELD_NONE + 1; f < FIELD_COUNT; f++)
        if (key[0] == SPAN_FIELD_NAMES[f][0] && strcmp(key, SPAN_FIELD_NAMES[f]) == 0)
            return (span_field)f;
    return FIELD_NONE;
}

static const char FIELD_IDS_KEY = 'F';   /* registry: field name -> span_field */

static void register_field_ids(lua_State *L)
{
    lua_createtable(L, 0, FIELD_COUNT);
    for (int f = FIELD_NONE + 1; f < FIELD_COUNT; f++) {
        lua_pushinteger(L, f);
        lua_setfield(L, -2, SPAN_FIELD_NAMES[f]);
    }
    lua_rawsetp(L, LUA_REGISTRYINDEX, &FIELD_IDS_KEY);
}

/* The built-in field named by the key at index, FIELD_NONE for any other key. */
static span_field field_of_key(lua_State *L, int key)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &FIELD_IDS_KEY);
    lua_pushvalue(L, key);
    lua_rawget(L, -2);
    span_field f = (span_field)lua_tointeger(L, -1);   /* nil gives 0, FIELD_NONE */
    lua_pop(L, 2);
    return f;
}

/* The fields every Span has; 0 for the others. The Doc is on top of the stack. */
static int span_field_push(lua_State *L, const parley_doc *doc, const parley_span *span, span_field field)
{
    size_t line, col;
    switch (field) {
    case FIELD_START:
        lua_pushinteger(L, (lua_Integer)span->start + 1);
        return 1;
    case FIELD_STOP:
        lua_pushinteger(L, (lua_Integer)span->stop);
        return 1;
    case FIELD_TEXT:
        lua_pushlstring(L, doc->text + span->start, span->stop - span->start);
        return 1;
    case FIELD_DOC:
        lua_pushvalue(L, -1);
        return 1;
    case FIELD_LINE:
    case FIELD_COL:
        line_col(doc, span->start, &line, &col);
        lua_pushinteger(L, (lua_Integer)(field == FIELD_LINE ? line : col));
        return 1;
    case FIELD_CHAR_START:
        lua_pushinteger(L, (lua_Integer)count_chars(doc->text, span->start) + 1);
        return 1;
    case FIELD_CHAR_STOP:
        lua_pushinteger(L, (lua_Integer)count_chars(doc->text, span->stop));
        return 1;
    default:
        return 0;
    }
}

/*
 * Built-in fields first (start, stop, text, the token fields ...), then the
 * methods, then the extra fields a match or doc:find gave the Span.
 */
static int span_index(lua_State *L)
{
    parley_span *span;
    parley_doc *doc = span_doc(L, 1, &span);
    luaL_checkany(L, 2);
    lua_settop(L, 3);   /* the doc on top, for the "doc" field */
    span_field field = lua_type(L, 2) == LUA_TSTRING ? field_of_key(L, 2) : FIELD_NONE;
    if (field != FIELD_NONE && field <= FIELD_CHAR_STOP)
        return span_field_push(L, doc, span, field);
    if (field != FIELD_NONE && segment_span_field(L, 1, doc, span, field))
        return 1;
    if (luaL_getmetafield(L, 1, "methods")) {
        lua_pushvalue(L, 2);
        if (lua_rawget(L, -2) != LUA_TNIL)
            return 1;
    }
    if (lua_getiuservalue(L, 1, 2) == LUA_TTABLE) {
        lua_pushvalue(L, 2);
        lua_rawget(L, -2);
    }
    return 1;
}

/* span:source_range() -> first, last: the byte range (1-based, inclusive) in the original file. */
static int span_source_range(lua_State *L)
{
    parley_span *span;
    parley_doc *doc = span_doc(L, 1, &span);
    size_t first = offmap_source_start(doc->map, span->start);
    size_t end = offmap_source_end(doc->map, span->stop);
    lua_pushinteger(L, (lua_Integer)first + 1);
    lua_pushinteger(L, (lua_Integer)end);
    return 2;
}

static int span_tostring(lua_State *L)
{
    parley_span *span;
    parley_doc *doc = span_doc(L, 1, &span);
    lua_pushlstring(L, doc->text + span->start, span->stop - span->start);
    return 1;
}

static int span_len(lua_State *L)
{
    parley_span *span = span_check(L, 1);
    lua_pushinteger(L, (lua_Integer)(span->stop - span->start));
    return 1;
}

static int span_eq(lua_State *L)
{
    parley_span *a = span_check(L, 1), *b = span_check(L, 2);
    lua_getiuservalue(L, 1, 1);
    lua_getiuservalue(L, 2, 1);
    lua_pushboolean(L, a->start == b->start && a->stop == b->stop && lua_rawequal(L, -1, -2));
    return 1;
}

/* ---- registration ---- */

static int doc_tokens(lua_State *L)
{
    doc_check(L, 1);
    return spanlist_push(L, 1, SPAN_TOKEN, 0, (uint32_t)doc_segmentation(L, 1)->ntokens);
}

static int doc_sentences(lua_State *L)
{
    doc_check(L, 1);
    return spanlist_push(L, 1, SPAN_SENTENCE, 0, (uint32_t)doc_segmentation(L, 1)->nsentences);
}

static int doc_paragraphs(lua_State *L)
{
    doc_check(L, 1);
    return spanlist_push(L, 1, SPAN_PARAGRAPH, 0, (uint32_t)doc_segmentation(L, 1)->nparagraphs);
}

static const luaL_Reg doc_methods[] = {
    {"span", doc_span},
    {"tokens", doc_tokens},
    {"sentences", doc_sentences},
    {"paragraphs", doc_paragraphs},
    {NULL, NULL},
};

static const luaL_Reg doc_meta[] = {
    {"__index", doc_index},
    {"__gc", doc_gc},
    {"__tostring", doc_tostring},
    {"__len", doc_len},
    {NULL, NULL},
};

static const luaL_Reg span_methods[] = {
    {"source_range", span_source_range},
    {NULL, NULL},
};

static const luaL_Reg span_meta[] = {
    {"__index", span_index},
    {"__tostring", span_tostring},
    {"__len", span_len},
    {"__eq", span_eq},
    {NULL, NULL},
};

static void new_type(lua_State *L, const char *name, const char *key, const luaL_Reg *meta,
                     const luaL_Reg *methods)
{
    luaL_newmetatable(L, name);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, key);
    luaL_setfuncs(L, meta, 0);
    lua_newtable(L);
    luaL_setfuncs(L, methods, 0);
    lua_setfield(L, -2, "methods");
    lua_pop(L, 1);
}

void doc_register(lua_State *L)
{
    register_field_ids(L);
    new_type(L, PARLEY_DOC_TYPE, &DOC_METATABLE, doc_meta, doc_methods);
    new_type(L, PARLEY_SPAN_TYPE, &SPAN_METATABLE, span_meta, span_methods);
    tokens_register(L);
    stats_register(L);
}
