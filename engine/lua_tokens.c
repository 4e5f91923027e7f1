/* lua_tokens.c: a Doc's paragraphs, sentences and tokens as lazy lists of Spans, and token fields. */
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <utf8proc.h>

#include "lua_api.h"
#include "parley.h"
#include "unitext.h"

/* ---- rules (abbreviations), one set per state ---- */

#define RULES_BOX "parley.SegmentRules"

static int rules_gc(lua_State *L)
{
    seg_rules **box = luaL_checkudata(L, 1, RULES_BOX);
    seg_rules_free(*box);
    *box = NULL;
    return 0;
}

static abbrev_kind kind_of(const char *name)
{
    if (name && strcmp(name, "title") == 0)
        return ABBR_TITLE;
    if (name && strcmp(name, "number") == 0)
        return ABBR_NUMBER;
    return ABBR_ANY;
}

/* Add the entries of require("parley.abbrev").entries(): an array of {text, kind}. */
static void load_abbreviations(lua_State *L, seg_rules *rules)
{
    lua_getglobal(L, "require");
    lua_pushliteral(L, "parley.abbrev");
    lua_call(L, 1, 1);
    lua_getfield(L, -1, "entries");
    lua_call(L, 0, 1);
    int n = (int)luaL_len(L, -1);
    for (int i = 1; i <= n; i++) {
        lua_rawgeti(L, -1, i);
        lua_rawgeti(L, -1, 1);
        lua_rawgeti(L, -2, 2);
        size_t len;
        const char *text = luaL_checklstring(L, -2, &len);
        if (seg_rules_add_abbreviation(rules, text, len, kind_of(lua_tostring(L, -1))) < 0)
            luaL_error(L, "segment: out of memory");
        lua_pop(L, 3);
    }
    lua_pop(L, 2);
}

const seg_rules *segment_rules(lua_State *L)
{
    if (lua_getfield(L, LUA_REGISTRYINDEX, PARLEY_RULES_KEY) == LUA_TUSERDATA) {
        seg_rules *rules = *(seg_rules **)lua_touserdata(L, -1);
        lua_pop(L, 1);
        return rules;
    }
    lua_pop(L, 1);
    seg_rules **box = lua_newuserdatauv(L, sizeof *box, 0);
    *box = NULL;
    luaL_setmetatable(L, RULES_BOX);
    *box = seg_rules_new();
    if (!*box)
        luaL_error(L, "segment: out of memory");
    load_abbreviations(L, *box);
    lua_setfield(L, LUA_REGISTRYINDEX, PARLEY_RULES_KEY);
    lua_getfield(L, LUA_REGISTRYINDEX, PARLEY_RULES_KEY);
    seg_rules *rules = *(seg_rules **)lua_touserdata(L, -1);
    lua_pop(L, 1);
    return rules;
}

const seg_result *doc_segmentation(lua_State *L, int doc_index)
{
    parley_doc *doc = doc_check(L, doc_index);
    if (doc->seg)
        return doc->seg;
    const seg_rules *rules = segment_rules(L);
    seg_result *r = calloc(1, sizeof *r);
    if (!r || segment_text(rules, doc->text, doc->len, r) < 0) {
        free(r);
        luaL_error(L, "segment: out of memory");
    }
    doc->seg = r;
    /* The GC sees only Lua's own allocations: without this step, a loop over a
     * large corpus keeps the segmentations of thousands of dead Docs (measured:
     * about 100 MB over 300,000 short documents). */
    size_t bytes = r->ntokens * sizeof *r->tokens + (r->nsentences + r->nparagraphs) * sizeof(seg_span);
    lua_gc(L, LUA_GCSTEP, (int)(bytes >> 10) + 1);
    return r;
}

/* ---- SpanList: a lazy array of Spans over one kind of segment ---- */

typedef struct {
    uint32_t first, count;   /* a window of the Doc's tokens, sentences or paragraphs */
    uint8_t kind;            /* span_kind */
} span_list;

static void segment_range(const seg_result *seg, span_kind kind, uint32_t i, size_t *start, size_t *stop)
{
    const seg_span *s = kind == SPAN_SENTENCE ? &seg->sentences[i] : &seg->paragraphs[i];
    if (kind == SPAN_TOKEN) {
        *start = seg->tokens[i].start;
        *stop = seg->tokens[i].stop;
    } else {
        *start = s->start;
        *stop = s->stop;
    }
}

int spanlist_push(lua_State *L, int doc_index, span_kind kind, uint32_t first, uint32_t count)
{
    doc_index = lua_absindex(L, doc_index);
    span_list *list = lua_newuserdatauv(L, sizeof *list, 1);
    list->first = first;
    list->count = count;
    list->kind = (uint8_t)kind;
    luaL_setmetatable(L, PARLEY_SPANLIST_TYPE);
    lua_pushvalue(L, doc_index);
    lua_setiuservalue(L, -2, 1);
    return 1;
}

static int list_index(lua_State *L)
{
    span_list *list = luaL_checkudata(L, 1, PARLEY_SPANLIST_TYPE);
    if (!lua_isinteger(L, 2)) {
        if (luaL_getmetafield(L, 1, "methods") && lua_getfield(L, -1, luaL_checkstring(L, 2)) != LUA_TNIL)
            return 1;
        lua_pushnil(L);
        return 1;
    }
    lua_Integer i = lua_tointeger(L, 2);
    if (i < 1 || i > (lua_Integer)list->count) {
        lua_pushnil(L);
        return 1;
    }
    lua_getiuservalue(L, 1, 1);
    const seg_result *seg = doc_segmentation(L, 3);
    uint32_t at = list->first + (uint32_t)(i - 1);
    size_t start, stop;
    segment_range(seg, (span_kind)list->kind, at, &start, &stop);
    return span_push(L, 3, start, stop, (span_kind)list->kind, at);
}

static int list_len(lua_State *L)
{
    span_list *list = luaL_checkudata(L, 1, PARLEY_SPANLIST_TYPE);
    lua_pushinteger(L, list->count);
    return 1;
}

static const char *const KIND_NAMES[] = {"text", "token", "sentence", "paragraph"};

static int list_tostring(lua_State *L)
{
    span_list *list = luaL_checkudata(L, 1, PARLEY_SPANLIST_TYPE);
    lua_pushfstring(L, "<%d %ss>", (int)list->count, KIND_NAMES[list->kind]);
    return 1;
}

/* list:texts() -> array of the spans' texts */
static int list_texts(lua_State *L)
{
    span_list *list = luaL_checkudata(L, 1, PARLEY_SPANLIST_TYPE);
    lua_getiuservalue(L, 1, 1);
    parley_doc *doc = doc_check(L, 2);
    const seg_result *seg = doc_segmentation(L, 2);
    lua_createtable(L, (int)list->count, 0);
    for (uint32_t i = 0; i < list->count; i++) {
        size_t start, stop;
        segment_range(seg, (span_kind)list->kind, list->first + i, &start, &stop);
        lua_pushlstring(L, doc->text + start, stop - start);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* ---- fields of segment Spans ---- */

static const char *const TOKEN_KIND_NAMES[] = {
    "?", "word", "number", "punct", "symbol", "emoji", "url", "email", "handle", "hashtag",
};

typedef ptrdiff_t (*transform_fn)(const char *s, size_t len, char **out);

static ptrdiff_t lower_root(const char *s, size_t len, char **out)
{
    return text_lower(s, len, TEXT_LANG_ROOT, out);
}

/* Push transform(s), raising on failure. Both transforms (fold, root lower) map
 * ASCII to its lower case, so a short ASCII token needs no allocation. */
static void push_transformed(lua_State *L, transform_fn transform, const char *s, size_t len)
{
    char buf[64];
    if (text_lower_ascii(s, len, buf, sizeof buf)) {
        lua_pushlstring(L, buf, len);
        return;
    }
    char *out = NULL;
    ptrdiff_t n = transform(s, len, &out);
    if (n < 0)
        luaL_error(L, "token: %s", parley_errmsg((int)n));
    lua_pushlstring(L, out, (size_t)n);
    free(out);
}

/* spaCy-style shape: X upper, x lower, d digit, other kept; runs past 4 cut. */
static void push_shape(lua_State *L, const char *s, size_t len)
{
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    char prev = 0;
    int run = 0;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0)
            break;
        utf8proc_category_t cat = utf8proc_category(cp);
        char c = cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT ? 'X'
                 : cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO ? 'x'
                 : cat == UTF8PROC_CATEGORY_ND ? 'd' : 0;
        run = c && c == prev ? run + 1 : 1;
        if (run <= 4) {
            if (c)
                luaL_addchar(&b, c);
            else
                luaL_addlstring(&b, s + i, (size_t)n);
        }
        prev = c;
        i += (size_t)n;
    }
    luaL_pushresult(&b);
}

/* is_title: first letter upper/title case and the rest not upper; is_upper: has cased letters, none lower. */
static void case_shape(const char *s, size_t len, int *is_title, int *is_upper)
{
    int upper = 0, lower = 0, first = 1, first_upper = 0;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0)
            break;
        int u = utf8proc_isupper(cp), l = utf8proc_islower(cp);
        if (first && (u || l)) {
            first_upper = u;
            first = 0;
        } else {
            upper += u;
        }
        lower += l;
        i += (size_t)n;
    }
    *is_title = first_upper && upper == 0 && lower > 0;
    *is_upper = (first_upper || upper > 0) && lower == 0;
}

/* Parts of a hyphenated token: the pieces between hyphens, as strings. */
static void push_parts(lua_State *L, const char *s, size_t len)
{
    lua_newtable(L);
    int n = 0;
    size_t from = 0;
    for (size_t i = 0; i <= len; i++) {
        int hyphen = i < len && s[i] == '-';
        int unicode_hyphen = i + 2 < len && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
                             ((unsigned char)s[i + 2] == 0x90 || (unsigned char)s[i + 2] == 0x91);
        if (i == len || hyphen || unicode_hyphen) {
            lua_pushlstring(L, s + from, i - from);
            lua_rawseti(L, -2, ++n);
            from = i + (unicode_hyphen ? 3 : 1);
            i = from - 1;
        }
    }
}

int token_push_field(lua_State *L, const parley_doc *doc, const seg_token *tok, span_field field)
{
    const char *s = doc->text + tok->start;
    size_t len = tok->stop - tok->start;
    int title, upper;
    switch (field) {
    case FIELD_KIND:
        lua_pushstring(L, TOKEN_KIND_NAMES[tok->kind < 10 ? tok->kind : 0]);
        break;
    case FIELD_NORM:
        push_transformed(L, text_fold, s, len);
        break;
    case FIELD_LOWER:
        push_transformed(L, lower_root, s, len);
        break;
    case FIELD_SHAPE:
        push_shape(L, s, len);
        break;
    case FIELD_IS_TITLE:
    case FIELD_IS_UPPER:
        case_shape(s, len, &title, &upper);
        lua_pushboolean(L, field == FIELD_IS_TITLE ? title : upper);
        break;
    case FIELD_SENTENCE:
        lua_pushinteger(L, (lua_Integer)tok->sentence + 1);
        break;
    case FIELD_BASE:
        lua_pushlstring(L, s, len - tok->suffix_len);
        break;
    case FIELD_SUFFIX:
        lua_pushlstring(L, s + len - tok->suffix_len, tok->suffix_len);
        break;
    case FIELD_PARTS:
        push_parts(L, s, len - tok->suffix_len);
        break;
    case FIELD_IS_HYPHENATED:
        lua_pushboolean(L, tok->flags & TOKEN_HYPHENATED);
        break;
    case FIELD_IS_POSSESSIVE:
        lua_pushboolean(L, tok->flags & TOKEN_POSSESSIVE);
        break;
    case FIELD_IS_ABBREVIATION:
        lua_pushboolean(L, tok->flags & TOKEN_ABBREVIATION);
        break;
    case FIELD_SPACE_AFTER:
        lua_pushboolean(L, tok->flags & TOKEN_SPACE_AFTER);
        break;
    default:
        return 0;
    }
    return 1;
}

int segment_span_field(lua_State *L, int span_index, const parley_doc *doc, const parley_span *span,
                       span_field field)
{
    if (field == FIELD_INDEX) {
        lua_pushinteger(L, (lua_Integer)span->index + 1);
        return 1;
    }
    int is_tokens = field == FIELD_TOKENS, is_sentence = field == FIELD_SENTENCE;
    if (span->kind != SPAN_TOKEN && !is_tokens && !is_sentence)
        return 0;
    lua_getiuservalue(L, span_index, 1);
    int doc_index = lua_gettop(L);
    const seg_result *seg = doc_segmentation(L, doc_index);
    if (span->kind == SPAN_TOKEN)
        return token_push_field(L, doc, &seg->tokens[span->index], field);
    if (is_sentence) {
        if (seg->nsentences == 0)
            return 0;
        lua_pushinteger(L, (lua_Integer)(span->kind == SPAN_SENTENCE ? span->index : seg_sentence_at(seg, span->start)) + 1);
        return 1;
    }
    uint32_t first = seg_token_at(seg, span->start), last = seg_token_at(seg, span->stop);
    while (last < seg->ntokens && seg->tokens[last].start < span->stop)
        last++;
    return spanlist_push(L, doc_index, SPAN_TOKEN, first, last - first);
}

/* ---- registration ---- */

/* Push one field of element i of the list (start/stop 1-based inclusive, as Spans give them); 0 if unknown. */
static int push_element_field(lua_State *L, const parley_doc *doc, const seg_result *seg, const span_list *list,
                              uint32_t i, span_field field)
{
    size_t start, stop;
    segment_range(seg, (span_kind)list->kind, list->first + i, &start, &stop);
    if (field == FIELD_START)
        lua_pushinteger(L, (lua_Integer)start + 1);
    else if (field == FIELD_STOP)
        lua_pushinteger(L, (lua_Integer)stop);
    else if (field == FIELD_INDEX)
        lua_pushinteger(L, (lua_Integer)(list->first + i) + 1);
    else if (field == FIELD_TEXT)
        lua_pushlstring(L, doc->text + start, stop - start);
    else if (list->kind == SPAN_TOKEN)
        return token_push_field(L, doc, &seg->tokens[list->first + i], field);
    else
        return 0;
    return 1;
}

/*
 * list:column(key [, kinds]) -> array of one field of every element ("norm",
 * "kind", "start", ...): what a loop over the Spans would read, without
 * making a Span per element. Extractors read whole sentences this way. With
 * kinds (token lists only: an array of token kinds, or "all"), only the
 * tokens of those kinds, in order: the words of a paragraph without its
 * punctuation, with no second column and no Lua loop to filter.
 */
static int list_column(lua_State *L)
{
    span_list *list = luaL_checkudata(L, 1, PARLEY_SPANLIST_TYPE);
    const char *key = luaL_checkstring(L, 2);
    span_field field = span_field_named(key);
    unsigned kinds = ~0u;
    if (!lua_isnoneornil(L, 3)) {
        if (list->kind != SPAN_TOKEN)
            return luaL_error(L, "column: only tokens have kinds to keep, not %ss", KIND_NAMES[list->kind]);
        kinds = token_kinds_read(L, 3, "column");
    }
    lua_settop(L, 2);
    lua_getiuservalue(L, 1, 1);
    parley_doc *doc = doc_check(L, 3);
    const seg_result *seg = doc_segmentation(L, 3);
    lua_createtable(L, (int)list->count, 0);
    lua_Integer kept = 0;
    for (uint32_t i = 0; i < list->count; i++) {
        if (kinds != ~0u && !(kinds & (1u << seg->tokens[list->first + i].kind)))
            continue;
        if (!push_element_field(L, doc, seg, list, i, field))
            return luaL_error(L, "column: %ss have no field '%s'", KIND_NAMES[list->kind], key);
        lua_rawseti(L, -2, ++kept);
    }
    return 1;
}

/* list:bounds() -> first, last: the elements' indices in the Doc (last < first when empty) */
static int list_bounds(lua_State *L)
{
    span_list *list = luaL_checkudata(L, 1, PARLEY_SPANLIST_TYPE);
    lua_pushinteger(L, (lua_Integer)list->first + 1);
    lua_pushinteger(L, (lua_Integer)list->first + (lua_Integer)list->count);
    return 2;
}

static const luaL_Reg list_methods[] = {
    {"texts", list_texts},
    {"bounds", list_bounds},
    {"column", list_column},
    {NULL, NULL},
};

static const luaL_Reg list_meta[] = {
    {"__index", list_index},
    {"__len", list_len},
    {"__tostring", list_tostring},
    {NULL, NULL},
};

void tokens_register(lua_State *L)
{
    luaL_newmetatable(L, RULES_BOX);
    lua_pushcfunction(L, rules_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);
    luaL_newmetatable(L, PARLEY_SPANLIST_TYPE);
    luaL_setfuncs(L, list_meta, 0);
    luaL_newlib(L, list_methods);
    lua_setfield(L, -2, "methods");
    lua_pop(L, 1);
}
