/* lua_match_rules.c: token rules for parley.match: compiling Lua tables of token specs, matching, explaining. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "lua_match.h"
#include "parley.h"
#include "unitext.h"

/*
 * A rule is a Lua table: its array part holds token specs, each a table of
 * attribute tests that must all pass for one token, and an optional op
 * ("?", "*", "+"). Compiling checks every key (a typo is an error, not a
 * rule that never matches), turns values into what the tests compare
 * (lower= is lower-cased, norm= folded, arrays become sets), and keeps
 * them in the Rule's values table. The quantifiers go to token_nfa.c.
 */

/* ---- token attributes ---- */

typedef enum { VAL_STRING, VAL_BOOL, VAL_INT } value_type;

static const struct {
    const char *name;
    value_type type;
    span_field field;   /* how token_push_field reads it */
} ATTRS[] = {
    {"text", VAL_STRING, FIELD_TEXT}, {"lower", VAL_STRING, FIELD_LOWER}, {"norm", VAL_STRING, FIELD_NORM},
    {"kind", VAL_STRING, FIELD_KIND}, {"shape", VAL_STRING, FIELD_SHAPE}, {"base", VAL_STRING, FIELD_BASE},
    {"suffix", VAL_STRING, FIELD_SUFFIX}, {"is_title", VAL_BOOL, FIELD_IS_TITLE},
    {"is_upper", VAL_BOOL, FIELD_IS_UPPER}, {"is_hyphenated", VAL_BOOL, FIELD_IS_HYPHENATED},
    {"is_possessive", VAL_BOOL, FIELD_IS_POSSESSIVE}, {"is_abbreviation", VAL_BOOL, FIELD_IS_ABBREVIATION},
    {"space_after", VAL_BOOL, FIELD_SPACE_AFTER}, {"index", VAL_INT, FIELD_INDEX},
    {"sentence", VAL_INT, FIELD_SENTENCE},
};

enum { ATTR_TEXT = 0, ATTR_LOWER = 1, ATTR_NORM = 2, ATTR_KIND = 3, ATTR_INDEX = 13, NATTRS = 15 };

/* The values kind= can take: the token kinds of segment.h, as lua_tokens.c names them. */
static const char *const KINDS[] = {"word", "number", "punct", "symbol", "emoji", "url", "email", "handle",
                                    "hashtag", NULL};

/* The other keys of a spec, tested after the attributes (cheapest first). */
static const char *const SPECIAL[] = {"ent", "ent_id", "re", "fn", NULL};

typedef enum { TEST_EQ, TEST_SET, TEST_ENT, TEST_ENT_ID, TEST_RE, TEST_FN } test_kind;

typedef struct {
    uint8_t kind;      /* test_kind */
    uint8_t attr;      /* for EQ and SET: index in ATTRS */
    int value;         /* index in the Rule's values table: what is wanted */
    const char *key;   /* the spec's key; static */
} rule_test;

typedef struct {
    nfa_prog prog;
    uint32_t nspecs, ntests;
    uint16_t first_test[NFA_MAX_SPECS + 1];   /* spec i's tests: [first_test[i], first_test[i + 1]) */
    rule_test tests[];
} token_rule;

/*
 * User value 1 of a Rule: name, label, uses (an array of matchers, or nil),
 * values (what each test wants), descs (each spec as written, for
 * explain), wants (each test's wanted value as words).
 */

static token_rule *check_rule(lua_State *L, int index)
{
    return luaL_checkudata(L, index, RULE_TYPE);
}

/* ---- compiling ---- */

typedef struct {
    lua_State *L;
    const char *fn;
    const char *rule;    /* its name, for messages */
    int spec;            /* 1-based, for messages */
    int uv;              /* stack index of the Rule's user value */
    int has_uses;
} compiler;

static int spec_error(const compiler *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *msg = lua_pushvfstring(c->L, fmt, ap);
    va_end(ap);
    return luaL_error(c->L, "%s: rule \"%s\", spec %d: %s", c->fn, c->rule, c->spec, msg);
}

static int attr_index(const char *key)
{
    for (int i = 0; i < NATTRS; i++)
        if (strcmp(ATTRS[i].name, key) == 0)
            return i;
    return -1;
}

static int is_special(const char *key)
{
    for (int i = 0; SPECIAL[i]; i++)
        if (strcmp(SPECIAL[i], key) == 0)
            return 1;
    return 0;
}

/* Check every key of the spec at index; returns how many tests it has. */
static uint32_t count_tests(const compiler *c, int spec)
{
    lua_State *L = c->L;
    uint32_t n = 0;
    lua_pushnil(L);
    while (lua_next(L, spec)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            spec_error(c, "keys are attribute names; found an array item (a set is {lower={\"a\", \"b\"}})");
        const char *key = lua_tostring(L, -1);
        if (strcmp(key, "op") == 0)
            continue;
        if (attr_index(key) < 0 && !is_special(key))
            spec_error(c, "unknown attribute \"%s\"", key);
        n++;
    }
    return n;
}

/* Push the form of a wanted string that the token's attribute is compared with. */
static void push_wanted_string(const compiler *c, int attr, int index)
{
    size_t len;
    const char *s = lua_tolstring(c->L, index, &len);
    int known = attr != ATTR_KIND;
    for (int i = 0; !known && KINDS[i]; i++)
        known = strcmp(KINDS[i], s) == 0;
    if (!known)
        spec_error(c, "kind \"%s\" is none of word, number, punct, symbol, emoji, url, email, handle, hashtag", s);
    if (attr != ATTR_LOWER && attr != ATTR_NORM) {
        lua_pushvalue(c->L, index);
        return;
    }
    char *out = NULL;
    ptrdiff_t n = attr == ATTR_NORM ? text_fold(s, len, &out) : text_lower(s, len, TEXT_LANG_ROOT, &out);
    if (n < 0)
        spec_error(c, "%s: %s", ATTRS[attr].name, parley_errmsg((int)n));
    lua_pushlstring(c->L, out, (size_t)n);
    free(out);
}

/* Whether the value at index has the type an attribute takes. */
static int type_fits(lua_State *L, int index, value_type type)
{
    switch (type) {
    case VAL_STRING: return lua_type(L, index) == LUA_TSTRING;
    case VAL_BOOL: return lua_type(L, index) == LUA_TBOOLEAN;
    default: return lua_isinteger(L, index);
    }
}

static const char *const TYPE_WORDS[] = {"a string or an array of strings", "true or false",
                                         "an integer or an array of integers"};

/* Push a set {v = true} of the array at index; raises unless every item fits. */
static void push_set(const compiler *c, const char *key, int index, int attr, value_type type)
{
    lua_State *L = c->L;
    lua_Integer n = (lua_Integer)lua_rawlen(L, index);
    if (n == 0 || type == VAL_BOOL)
        spec_error(c, "%s wants %s", key, TYPE_WORDS[type]);
    lua_createtable(L, 0, (int)n);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, index, i);
        if (!type_fits(L, -1, type))
            spec_error(c, "%s wants %s", key, TYPE_WORDS[type]);
        if (type == VAL_STRING)
            push_wanted_string(c, attr, lua_gettop(L));
        else
            lua_pushvalue(L, -1);
        lua_pushboolean(L, 1);
        lua_rawset(L, -4);
        lua_pop(L, 1);
    }
}

/* Append the value on top to the values table; returns its index. */
static int add_value(const compiler *c)
{
    lua_getfield(c->L, c->uv, "values");
    lua_insert(c->L, -2);
    int n = (int)lua_rawlen(c->L, -2) + 1;
    lua_rawseti(c->L, -2, n);
    lua_pop(c->L, 1);
    return n;
}

/* Push a short rendering of the value at index, as a rule would write it. */
static void push_repr(lua_State *L, int index)
{
    index = lua_absindex(L, index);
    switch (lua_type(L, index)) {
    case LUA_TSTRING: lua_pushfstring(L, "\"%s\"", lua_tostring(L, index)); return;
    case LUA_TFUNCTION: lua_pushliteral(L, "function"); return;
    case LUA_TTABLE: break;
    case LUA_TUSERDATA:
        if (luaL_testudata(L, index, PARLEY_REGEX_TYPE)) {
            lua_getfield(L, index, "pattern");
            lua_pushfstring(L, "\"%s\"", lua_tostring(L, -1));
            lua_remove(L, -2);
            return;
        }
        /* fall through */
    default: luaL_tolstring(L, index, NULL); return;
    }
    luaL_Buffer b;
    lua_Integer n = (lua_Integer)lua_rawlen(L, index);
    luaL_buffinit(L, &b);
    luaL_addchar(&b, '{');
    for (lua_Integer i = 1; i <= n; i++) {
        if (i > 1)
            luaL_addstring(&b, ", ");
        lua_rawgeti(L, index, i);
        push_repr(L, -1);
        lua_remove(L, -2);
        luaL_addvalue(&b);
    }
    luaL_addchar(&b, '}');
    luaL_pushresult(&b);
}

/* Record what test k wants, in words, for explain: the value as the rule wrote it. */
static void add_want(const compiler *c, uint32_t k, int value, test_kind kind)
{
    lua_State *L = c->L;
    value = lua_absindex(L, value);
    lua_getfield(L, c->uv, "wants");
    if (kind == TEST_FN) {
        lua_pushliteral(L, "a true result");
    } else if ((kind == TEST_ENT || kind == TEST_ENT_ID) && lua_isboolean(L, value)) {
        lua_pushstring(L, lua_toboolean(L, value) ? "any" : "none");
    } else if (lua_istable(L, value)) {
        push_repr(L, value);
        lua_pushfstring(L, "one of %s", lua_tostring(L, -1));
        lua_remove(L, -2);
    } else {
        push_repr(L, value);
    }
    lua_rawseti(L, -2, (lua_Integer)k + 1);
    lua_pop(L, 1);
}

/* An attribute test from the value at index. */
static rule_test compile_attr(const compiler *c, int attr, int index)
{
    lua_State *L = c->L;
    rule_test t = {TEST_EQ, (uint8_t)attr, 0, ATTRS[attr].name};
    if (lua_istable(L, index)) {
        push_set(c, ATTRS[attr].name, index, attr, ATTRS[attr].type);
        t.kind = TEST_SET;
    } else if (type_fits(L, index, ATTRS[attr].type)) {
        if (ATTRS[attr].type == VAL_STRING)
            push_wanted_string(c, attr, index);
        else
            lua_pushvalue(L, index);
    } else {
        spec_error(c, "%s wants %s", ATTRS[attr].name, TYPE_WORDS[ATTRS[attr].type]);
    }
    t.value = add_value(c);
    return t;
}

/* ent= or ent_id=: a label (or id), an array of them, or true/false for any/no entity. */
static rule_test compile_ent(const compiler *c, const char *key, int index)
{
    lua_State *L = c->L;
    rule_test t = {strcmp(key, "ent") == 0 ? TEST_ENT : TEST_ENT_ID, 0, 0, key};
    if (!c->has_uses)
        spec_error(c, "%s= needs matches to test: give the rule uses=GAZETTEER", key);
    if (lua_isboolean(L, index)) {
        lua_pushvalue(L, index);
    } else if (lua_isstring(L, index) && !lua_isnumber(L, index)) {
        lua_createtable(L, 0, 1);
        lua_pushvalue(L, index);
        lua_pushboolean(L, 1);
        lua_rawset(L, -3);
    } else if (lua_istable(L, index)) {
        push_set(c, key, index, -1, VAL_STRING);
    } else {
        spec_error(c, "%s wants a string, an array of strings, or true/false", key);
    }
    t.value = add_value(c);
    return t;
}

/* re=: a pattern string (compiled through parley.re, so cached) or a Regex. */
static rule_test compile_re(const compiler *c, int index)
{
    lua_State *L = c->L;
    rule_test t = {TEST_RE, 0, 0, "re"};
    if (lua_type(L, index) == LUA_TSTRING) {
        lua_getglobal(L, "require");
        lua_pushliteral(L, "parley.re");
        lua_call(L, 1, 1);
        lua_getfield(L, -1, "compile");
        lua_pushvalue(L, index);
        lua_call(L, 1, 1);
        lua_remove(L, -2);
    } else if (luaL_testudata(L, index, PARLEY_REGEX_TYPE)) {
        lua_pushvalue(L, index);
    } else {
        spec_error(c, "re wants a pattern string or a Regex");
    }
    t.value = add_value(c);
    return t;
}

static rule_test compile_test(const compiler *c, const char *key, int index)
{
    int attr = attr_index(key);
    if (attr >= 0)
        return compile_attr(c, attr, index);
    if (strcmp(key, "re") == 0)
        return compile_re(c, index);
    if (strcmp(key, "fn") == 0) {
        if (!lua_isfunction(c->L, index))
            spec_error(c, "fn wants a function");
        rule_test t = {TEST_FN, 0, 0, "fn"};
        lua_pushvalue(c->L, index);
        t.value = add_value(c);
        return t;
    }
    return compile_ent(c, key, index);
}

static uint8_t compile_op(const compiler *c, int spec)
{
    static const char *const names[] = {"1", "?", "*", "+"};   /* in nfa_op order */
    lua_State *L = c->L;
    int type = lua_getfield(L, spec, "op");
    uint8_t op = NFA_ONE;
    if (type != LUA_TNIL) {
        const char *s = type == LUA_TSTRING ? lua_tostring(L, -1) : "";
        for (op = 0; op < 4 && strcmp(s, names[op]) != 0; op++)
            ;
        if (op == 4)
            spec_error(c, "op must be \"?\", \"*\" or \"+\", not %s", luaL_tolstring(L, -1, NULL));
    }
    lua_pop(L, 1);
    return op;
}

/* Add a key's rendering "key=value" to the description being built in the array at index parts. */
static void describe(lua_State *L, int parts, const char *key, int value)
{
    push_repr(L, value);
    lua_pushfstring(L, "%s=%s", key, lua_tostring(L, -1));
    lua_rawseti(L, parts, (lua_Integer)lua_rawlen(L, parts) + 1);
    lua_pop(L, 1);
}

/* Tests of one spec, in a fixed order (attributes, then ent, ent_id, re, fn), into r from test k. */
static uint32_t compile_spec(const compiler *c, int spec, token_rule *r, uint32_t k, uint8_t *op)
{
    lua_State *L = c->L;
    lua_newtable(L);
    int parts = lua_gettop(L);
    for (int i = 0; i < NATTRS + 4; i++) {
        const char *key = i < NATTRS ? ATTRS[i].name : SPECIAL[i - NATTRS];
        if (lua_getfield(L, spec, key) != LUA_TNIL) {
            r->tests[k] = compile_test(c, key, lua_gettop(L));
            add_want(c, k, lua_gettop(L), r->tests[k].kind);
            describe(L, parts, key, -1);
            k++;
        }
        lua_pop(L, 1);
    }
    *op = compile_op(c, spec);
    if (lua_getfield(L, spec, "op") != LUA_TNIL)
        describe(L, parts, "op", -1);
    lua_pop(L, 1);
    lua_getfield(L, c->uv, "descs");
    lua_getglobal(L, "table");
    lua_getfield(L, -1, "concat");
    lua_pushvalue(L, parts);
    lua_pushliteral(L, ", ");
    lua_call(L, 2, 1);
    lua_pushfstring(L, "{%s}", lua_tostring(L, -1));
    lua_rawseti(L, -4, c->spec);
    lua_pop(L, 4);
    return k;
}

/* Check the rule's own keys: a misspelt option must not pass silently. */
static void check_rule_keys(lua_State *L, const char *fn, const char *name, int table)
{
    static const char *const keys[] = {"name", "label", "uses", "overlap", NULL};
    const char *key = match_unknown_key(L, table, keys);
    if (key)
        luaL_error(L, "%s: rule \"%s\": unknown option \"%s\" (options: name, label, uses, overlap)", fn, name, key);
}

/* Set uv.name and uv.label from the rule table: name defaults to the label, then to "ruleN"; label to the name. */
static const char *rule_names(lua_State *L, const char *fn, int table, int uv, int number)
{
    int has_name = lua_getfield(L, table, "name") != LUA_TNIL;
    int has_label = lua_getfield(L, table, "label") != LUA_TNIL;
    if ((has_name && !lua_isstring(L, -2)) || (has_label && !lua_isstring(L, -1)))
        luaL_error(L, "%s: a rule's name and label are strings", fn);
    if (!has_name) {
        lua_pop(L, 2);
        if (has_label)
            lua_getfield(L, table, "label");
        else
            lua_pushfstring(L, "rule%d", number);
        lua_pushvalue(L, -1);
    } else if (!has_label) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
    }
    lua_setfield(L, uv, "label");
    lua_setfield(L, uv, "name");
    lua_getfield(L, uv, "name");
    const char *name = lua_tostring(L, -1);   /* kept alive by uv */
    lua_pop(L, 1);
    return name;
}

/* The user value of a new Rule: names, uses, and empty values/descs/wants. */
static const char *push_rule_uv(lua_State *L, const char *fn, int table, int uses, int number)
{
    lua_createtable(L, 0, 6);
    int uv = lua_gettop(L);
    const char *name = rule_names(L, fn, table, uv, number);
    if (lua_getfield(L, table, "uses") != LUA_TNIL) {
        match_push_uses(L, fn, lua_gettop(L));
        lua_remove(L, -2);
    } else if (uses) {
        lua_pop(L, 1);
        lua_pushvalue(L, uses);
    }
    lua_setfield(L, uv, "uses");
    static const char *const lists[] = {"values", "descs", "wants"};
    for (int i = 0; i < 3; i++) {
        lua_newtable(L);
        lua_setfield(L, uv, lists[i]);
    }
    return name;
}

void rule_compile(lua_State *L, const char *fn, int table, int uses, int number)
{
    table = lua_absindex(L, table);
    uses = uses ? lua_absindex(L, uses) : 0;
    luaL_checkstack(L, 32, NULL);
    compiler c = {L, fn, NULL, 0, 0, 0};
    c.rule = push_rule_uv(L, fn, table, uses, number);
    c.uv = lua_gettop(L);
    c.has_uses = lua_getfield(L, c.uv, "uses") != LUA_TNIL;
    lua_pop(L, 1);
    check_rule_keys(L, fn, c.rule, table);
    lua_Integer n = (lua_Integer)lua_rawlen(L, table);
    if (n == 0 || n > NFA_MAX_SPECS)
        luaL_error(L, "%s: rule \"%s\" has %d token specs (1 to %d)", fn, c.rule, (int)n, NFA_MAX_SPECS);
    uint32_t ntests = 0;
    for (c.spec = 1; c.spec <= n; c.spec++) {
        if (lua_rawgeti(L, table, c.spec) != LUA_TTABLE)
            spec_error(&c, "a token spec is a table, not %s", luaL_typename(L, -1));
        ntests += count_tests(&c, lua_gettop(L));
        lua_pop(L, 1);
    }
    token_rule *r = lua_newuserdatauv(L, sizeof *r + ntests * sizeof(rule_test), 1);
    memset(r, 0, sizeof *r);
    luaL_setmetatable(L, RULE_TYPE);
    uint8_t ops[NFA_MAX_SPECS];
    uint32_t k = 0;
    for (c.spec = 1; c.spec <= n; c.spec++) {
        lua_rawgeti(L, table, c.spec);
        r->first_test[c.spec - 1] = (uint16_t)k;
        k = compile_spec(&c, lua_gettop(L), r, k, &ops[c.spec - 1]);
        lua_pop(L, 1);
    }
    r->first_test[n] = (uint16_t)k;
    r->nspecs = (uint32_t)n;
    r->ntests = k;
    nfa_compile(ops, (uint32_t)n, &r->prog);
    lua_pushvalue(L, c.uv);
    lua_setiuservalue(L, -2, 1);
    lua_remove(L, c.uv);
}

void rule_push_name(lua_State *L, int rule)
{
    check_rule(L, rule);
    lua_getiuservalue(L, rule, 1);
    lua_getfield(L, -1, "name");
    lua_remove(L, -2);
}

void rule_push_fields(lua_State *L, int rule)
{
    check_rule(L, rule);
    lua_getiuservalue(L, rule, 1);
    if (lua_getfield(L, -1, "fields") == LUA_TNIL) {   /* made once: every match of the rule shares it */
        lua_pop(L, 1);
        lua_createtable(L, 0, 2);
        lua_getfield(L, -2, "name");
        lua_setfield(L, -2, "rule");
        lua_getfield(L, -2, "label");
        lua_setfield(L, -2, "label");
        lua_pushvalue(L, -1);
        lua_setfield(L, -3, "fields");
    }
    lua_remove(L, -2);
}

/* ---- testing tokens ---- */

typedef struct {
    lua_State *L;
    const token_rule *r;
    const match_target *t;
    int values;              /* stack index of the Rule's values */
    int ents, ent_ids;       /* stack indices of match_entities' tables, 0 without uses */
    match_buffers *b;        /* where rule_collect puts matches */
    uint32_t member;
} rule_ctx;

/* Push attribute attr of token tok. */
static void push_attr(const rule_ctx *c, uint8_t attr, uint32_t tok)
{
    const seg_token *st = &c->t->seg->tokens[tok];
    if (attr == ATTR_TEXT)
        lua_pushlstring(c->L, c->t->d->text + st->start, st->stop - st->start);
    else if (attr == ATTR_INDEX)
        lua_pushinteger(c->L, (lua_Integer)tok + 1);
    else
        token_push_field(c->L, c->t->d, st, ATTRS[attr].field);
}

/* ent=/ent_id=: got (nil, a string, or an array of strings) against want (a boolean or a set), both on the stack. */
static int entity_ok(lua_State *L, int want, int got)
{
    if (lua_isboolean(L, want))
        return lua_toboolean(L, want) == !lua_isnil(L, got);
    if (lua_isstring(L, got)) {
        lua_pushvalue(L, got);
        int ok = lua_rawget(L, want) != LUA_TNIL;
        lua_pop(L, 1);
        return ok;
    }
    int ok = 0;
    for (lua_Integer i = 1; !ok && lua_istable(L, got) && i <= (lua_Integer)lua_rawlen(L, got); i++) {
        lua_rawgeti(L, got, i);
        ok = lua_rawget(L, want) != LUA_TNIL;
        lua_pop(L, 1);
    }
    return ok;
}

/* Whether token tok passes test t; what the test looked at is left on the stack. */
static int eval_test(const rule_ctx *c, const rule_test *t, uint32_t tok)
{
    lua_State *L = c->L;
    lua_rawgeti(L, c->values, t->value);
    int want = lua_gettop(L), ok;
    if (t->kind == TEST_EQ || t->kind == TEST_SET) {
        push_attr(c, t->attr, tok);
        lua_pushvalue(L, -1);
        ok = t->kind == TEST_EQ ? lua_compare(L, -1, want, LUA_OPEQ) : lua_rawget(L, want) != LUA_TNIL;
        lua_pop(L, 1);
    } else if (t->kind == TEST_ENT || t->kind == TEST_ENT_ID) {
        lua_rawgeti(L, t->kind == TEST_ENT ? c->ents : c->ent_ids, (lua_Integer)tok + 1);
        ok = entity_ok(L, want, want + 1);
    } else if (t->kind == TEST_RE) {
        push_attr(c, ATTR_TEXT, tok);
        lua_getfield(L, want, "find");
        lua_pushvalue(L, want);
        lua_pushvalue(L, want + 1);
        lua_call(L, 2, 1);
        ok = !lua_isnil(L, -1);
        lua_pop(L, 1);
    } else {
        lua_pushvalue(L, want);
        const seg_token *st = &c->t->seg->tokens[tok];
        span_push(L, c->t->doc, st->start, st->stop, SPAN_TOKEN, tok);
        lua_call(L, 1, 1);
        ok = lua_toboolean(L, -1);
    }
    lua_remove(L, want);
    return ok;
}

/* nfa_test_fn: all tests of a spec, stopping at the first that fails. */
static int test_spec(void *ctx, uint32_t spec, uint32_t tok)
{
    const rule_ctx *c = ctx;
    for (uint32_t k = c->r->first_test[spec]; k < c->r->first_test[spec + 1]; k++) {
        int ok = eval_test(c, &c->r->tests[k], tok);
        lua_pop(c->L, 1);
        if (!ok)
            return 0;
    }
    return 1;
}

static int emit_match(void *ctx, uint32_t first, uint32_t last)
{
    const rule_ctx *c = ctx;
    cand_add(c->L, c->b, (match_cand){first, last, cand_prio(c->member, 0), c->member, 0});
    return 0;
}

/* Set up c for the Rule at index rule (pushes its values and entity tables). */
static void ctx_open(lua_State *L, rule_ctx *c, int rule, const match_target *t)
{
    memset(c, 0, sizeof *c);
    c->L = L;
    c->r = check_rule(L, rule);
    c->t = t;
    luaL_checkstack(L, 32, NULL);
    lua_getiuservalue(L, rule, 1);
    lua_getfield(L, -1, "values");
    c->values = lua_gettop(L);
    if (lua_getfield(L, -2, "uses") == LUA_TNIL)
        return;
    match_entities(L, lua_gettop(L), t);
    c->ents = lua_gettop(L) - 1;
    c->ent_ids = c->ents + 1;
}

void rule_collect(lua_State *L, int rule, const match_target *t, uint32_t member, int longest, match_buffers *b)
{
    int top = lua_gettop(L);
    rule_ctx c;
    ctx_open(L, &c, lua_absindex(L, rule), t);
    c.b = b;
    c.member = member;
    if (nfa_run(&c.r->prog, t->first, t->last, longest, test_spec, emit_match, &c, &b->nfa) < 0)
        luaL_error(L, "doc:match: out of memory");
    lua_settop(L, top);
}

/* ---- explain ---- */

/*
 * The explanation of a rule on a span is one attempt, traced token by
 * token: the first start where the rule matches, else the start from which
 * it got furthest. Each step lists the specs that were waiting for the
 * token and, for each, every test with the value it looked at.
 */

/* Run the rule anchored at token s: the end of its longest match (0 for none) and how far it got. */
static void anchored(const rule_ctx *c, uint32_t s, uint32_t *end, uint32_t *reach)
{
    const nfa_prog *p = &c->r->prog;
    uint64_t st = p->start;
    *end = 0;
    *reach = s;
    for (uint32_t tok = s; tok < c->t->last && nfa_waiting(p, st); tok++) {
        uint64_t passed = 0;
        for (uint64_t w = nfa_waiting(p, st); w; w &= w - 1)
            if (test_spec((void *)c, (uint32_t)__builtin_ctzll(w), tok))
                passed |= w & -w;
        if (!(st = nfa_step(p, st, passed)))
            break;
        *reach = tok + 1;
        if (nfa_accepts(p, st))
            *end = tok + 1;
    }
}

/* The start of the attempt to show: the first that matches (its end in *end), else the furthest. */
static uint32_t best_start(const rule_ctx *c, uint32_t *end)
{
    uint32_t best = c->t->first, best_reach = 0, reach;
    for (uint32_t s = c->t->first; s < c->t->last; s++) {
        anchored(c, s, end, &reach);
        if (*end)
            return s;
        if (reach - s > best_reach) {
            best = s;
            best_reach = reach - s;
        }
    }
    *end = 0;
    return best;
}

/* Push {attr, want, got, ok} for test k on token tok; returns ok. */
static int push_check(const rule_ctx *c, int wants, uint32_t k, uint32_t tok)
{
    lua_State *L = c->L;
    int ok = eval_test(c, &c->r->tests[k], tok);
    lua_createtable(L, 0, 4);
    lua_insert(L, -2);
    lua_setfield(L, -2, "got");
    lua_pushstring(L, c->r->tests[k].key);
    lua_setfield(L, -2, "attr");
    lua_rawgeti(L, wants, (lua_Integer)k + 1);
    lua_setfield(L, -2, "want");
    lua_pushboolean(L, ok);
    lua_setfield(L, -2, "ok");
    return ok;
}

/* Push {spec, desc, ok, checks} for spec on token tok; returns ok. */
static int push_spec_try(const rule_ctx *c, int descs, int wants, uint32_t spec, uint32_t tok)
{
    lua_State *L = c->L;
    lua_createtable(L, 0, 4);
    lua_newtable(L);
    int ok = 1, n = 0;
    for (uint32_t k = c->r->first_test[spec]; k < c->r->first_test[spec + 1]; k++) {
        ok &= push_check(c, wants, k, tok);
        lua_rawseti(L, -2, ++n);
    }
    lua_setfield(L, -2, "checks");
    lua_pushinteger(L, (lua_Integer)spec + 1);
    lua_setfield(L, -2, "spec");
    lua_rawgeti(L, descs, (lua_Integer)spec + 1);
    lua_setfield(L, -2, "desc");
    lua_pushboolean(L, ok);
    lua_setfield(L, -2, "ok");
    return ok;
}

/* Push {token, index, specs} for token tok in state set st; returns the state set after it. */
static uint64_t push_step(const rule_ctx *c, int descs, int wants, uint64_t st, uint32_t tok)
{
    lua_State *L = c->L;
    const seg_token *t = &c->t->seg->tokens[tok];
    lua_createtable(L, 0, 3);
    span_push(L, c->t->doc, t->start, t->stop, SPAN_TOKEN, tok);
    lua_setfield(L, -2, "token");
    lua_pushinteger(L, (lua_Integer)tok + 1);
    lua_setfield(L, -2, "index");
    lua_newtable(L);
    uint64_t passed = 0;
    int n = 0;
    for (uint64_t w = nfa_waiting(&c->r->prog, st); w; w &= w - 1) {
        if (push_spec_try(c, descs, wants, (uint32_t)__builtin_ctzll(w), tok))
            passed |= w & -w;
        lua_rawseti(L, -2, ++n);
    }
    lua_setfield(L, -2, "specs");
    return nfa_step(&c->r->prog, st, passed);
}

/* Push the token text of token tok, quoted. */
static const char *push_token_text(const rule_ctx *c, uint32_t tok)
{
    const seg_token *t = &c->t->seg->tokens[tok];
    lua_pushlstring(c->L, c->t->d->text + t->start, t->stop - t->start);
    const char *s = lua_pushfstring(c->L, "token %d \"%s\"", (int)tok + 1, lua_tostring(c->L, -1));
    lua_remove(c->L, -2);
    return s;
}

/* Push why the attempt from s ended without a match: st is the state set after token tok (the last traced). */
static void push_failure(const rule_ctx *c, int descs, uint32_t s, uint32_t tok, uint64_t before, uint64_t st)
{
    lua_State *L = c->L;
    push_token_text(c, s);
    if (nfa_waiting(&c->r->prog, st)) {
        lua_pushfstring(L, "no match from %s: the span ended before the rule was complete", lua_tostring(L, -1));
        lua_remove(L, -2);
        return;
    }
    luaL_Buffer b;
    push_token_text(c, tok);
    luaL_buffinit(L, &b);
    const char *sep = "";
    for (uint64_t w = nfa_waiting(&c->r->prog, before); w; w &= w - 1, sep = ", ") {
        lua_rawgeti(L, descs, __builtin_ctzll(w) + 1);
        lua_pushfstring(L, "%sspec %d %s", sep, __builtin_ctzll(w) + 1, lua_tostring(L, -1));
        lua_remove(L, -2);
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    lua_pushfstring(L, "no match from %s: %s failed %s", lua_tostring(L, -3), lua_tostring(L, -2), lua_tostring(L, -1));
    lua_replace(L, -4);
    lua_pop(L, 2);
}

/* Trace the attempt from s into the array on top; sets ex.reason unless it matched. */
static void trace(const rule_ctx *c, int ex, int descs, int wants, uint32_t s, uint32_t end)
{
    lua_State *L = c->L;
    const nfa_prog *p = &c->r->prog;
    uint64_t st = p->start, before = st;
    uint32_t tok = s;
    int n = 0;
    lua_newtable(L);
    for (; tok < c->t->last && nfa_waiting(p, st); tok++) {
        before = st;
        st = push_step(c, descs, wants, st, tok);
        lua_rawseti(L, -2, ++n);
    }
    lua_setfield(L, ex, "steps");
    if (end || n == 0)
        return;
    push_failure(c, descs, s, tok - 1, before, st);
    lua_setfield(L, ex, "reason");
}

/* ex.matched, ex.match (a Span with the rule's fields) and ex.reason of a match over tokens [s, end). */
static void set_match(const rule_ctx *c, int rule, int ex, uint32_t s, uint32_t end)
{
    lua_State *L = c->L;
    const seg_token *tokens = c->t->seg->tokens;
    lua_pushboolean(L, end > 0);
    lua_setfield(L, ex, "matched");
    if (!end)
        return;
    span_push(L, c->t->doc, tokens[s].start, tokens[end - 1].stop, SPAN_TEXT, 0);
    rule_push_fields(L, rule);
    span_set_fields(L, -2);
    lua_getfield(L, -1, "text");
    lua_pushfstring(L, "matched tokens %d-%d \"%s\"", (int)s + 1, (int)end, lua_tostring(L, -1));
    lua_setfield(L, ex, "reason");
    lua_pop(L, 1);
    lua_setfield(L, ex, "match");
}

void rule_explain(lua_State *L, int rule, const match_target *t)
{
    rule = lua_absindex(L, rule);
    int top = lua_gettop(L);
    rule_ctx c;
    ctx_open(L, &c, rule, t);
    lua_getiuservalue(L, rule, 1);
    lua_getfield(L, -1, "descs");
    lua_getfield(L, -2, "wants");
    int wants = lua_gettop(L), descs = wants - 1;
    lua_createtable(L, 0, 8);
    int ex = lua_gettop(L);
    lua_pushliteral(L, "tokens");
    lua_setfield(L, ex, "kind");
    rule_push_name(L, rule);
    lua_setfield(L, ex, "rule");
    uint32_t end = 0, s = best_start(&c, &end);
    set_match(&c, rule, ex, s, end);
    if (t->first >= t->last) {
        lua_pushstring(L, "no match: the span has no tokens");
        lua_setfield(L, ex, "reason");
    } else {
        lua_pushinteger(L, (lua_Integer)s + 1);
        lua_setfield(L, ex, "start");
        trace(&c, ex, descs, wants, s, end);
    }
    lua_replace(L, top + 1);
    lua_settop(L, top + 1);
}

static void add_line(lua_State *L, int lines)
{
    lua_rawseti(L, lines, (lua_Integer)lua_rawlen(L, lines) + 1);
}

/* Push "attr = got" (and ", want W" when it failed) for each check of a spec try, joined by "; ". */
static void push_checks(lua_State *L, int try)
{
    luaL_Buffer b;
    lua_getfield(L, try, "checks");
    int checks = lua_gettop(L);
    lua_Integer n = (lua_Integer)lua_rawlen(L, checks);
    luaL_buffinit(L, &b);
    if (n == 0)
        luaL_addstring(&b, "any token");
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, checks, i);
        lua_getfield(L, -1, "got");
        push_repr(L, -1);
        lua_getfield(L, -3, "attr");
        lua_getfield(L, -4, "ok");
        lua_getfield(L, -5, "want");
        lua_pushfstring(L, "%s%s = %s%s%s", i > 1 ? "; " : "", lua_tostring(L, -3), lua_tostring(L, -4),
                        lua_toboolean(L, -2) ? "" : ", want ", lua_toboolean(L, -2) ? "" : lua_tostring(L, -1));
        lua_replace(L, -7);
        lua_pop(L, 5);
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    lua_remove(L, checks);
}

/* The lines of one step: the token, then one line per spec tried on it. */
static void step_lines(lua_State *L, int step, int lines)
{
    lua_getfield(L, step, "index");
    int index = (int)lua_tointeger(L, -1);
    lua_getfield(L, step, "token");
    const char *text = luaL_tolstring(L, -1, NULL);
    lua_pushfstring(L, "  token %d \"%s\"", index, text);
    add_line(L, lines);
    lua_pop(L, 3);
    lua_getfield(L, step, "specs");
    for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, -1); i++) {
        lua_rawgeti(L, -1, i);
        int try = lua_gettop(L);
        lua_getfield(L, try, "spec");
        lua_getfield(L, try, "desc");
        lua_getfield(L, try, "ok");
        push_checks(L, try);
        lua_pushfstring(L, "    spec %d %s: %s (%s)", (int)lua_tointeger(L, -4), lua_tostring(L, -3),
                        lua_toboolean(L, -2) ? "pass" : "fail", lua_tostring(L, -1));
        add_line(L, lines);
        lua_settop(L, try - 1);
    }
    lua_pop(L, 1);
}

void rule_explain_lines(lua_State *L, int ex, int lines)
{
    ex = lua_absindex(L, ex);
    lines = lua_absindex(L, lines);
    luaL_checkstack(L, 16, NULL);
    lua_getfield(L, ex, "rule");
    lua_getfield(L, ex, "reason");
    lua_pushfstring(L, "rule \"%s\": %s", lua_tostring(L, -2), lua_tostring(L, -1));
    add_line(L, lines);
    lua_pop(L, 2);
    if (lua_getfield(L, ex, "steps") == LUA_TTABLE)
        for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, -1); i++) {
            lua_rawgeti(L, -1, i);
            step_lines(L, lua_gettop(L), lines);
            lua_pop(L, 1);
        }
    lua_pop(L, 1);
}
