/* lua_re.c: the parley.re Lua module: Unicode regular expressions through PCRE2 (UTF, UCP, JIT). */
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "loader.h"
#include "lua_api.h"

/*
 * Conventions of every function here:
 * - Patterns are PCRE2 syntax compiled with UTF and UCP: \w, \d, \b, \s and
 *   POSIX classes are Unicode-aware; flags are a string of i (Unicode
 *   caseless), m (multiline), s (dot matches newline), x (extended).
 * - Subjects must be valid UTF-8 or the call raises "re.FN: subject is not
 *   valid UTF-8 at byte N". A long subject is checked once: the last one
 *   checked is remembered, so re.find(s, p, init) in a loop over one text
 *   does not re-validate it on every call.
 * - Positions are 1-based inclusive bytes, as string.find's. Unset groups
 *   are false. When a pattern has named groups, the results end with one
 *   more value: a table name -> capture.
 * - Iteration (gmatch, gsub, split, doc:find) follows Lua 5.4: a match may
 *   not be empty where the previous match ended. PCRE2 then advances by a
 *   whole character, so no result splits a UTF-8 sequence.
 * - The functions that receive upvalues share two: 1 the per-state context
 *   (re_state), 2 the module table (read for re.jit).
 */

/* Internal type of the per-state context; never seen by scripts. */
#define STATE_TYPE "parley.re.state"

#define MATCH_LIMIT 10000000u          /* PCRE2's default; bounds backtracking per call */
#define HEAP_LIMIT_KIB (256u * 1024u)  /* backtracking memory of the interpreter */
#define JIT_STACK_START (32u * 1024u)
#define JIT_STACK_MAX (64u * 1024u * 1024u)  /* reserved, touched only as needed */
#define CACHE_GENERATION 256           /* compiled patterns per cache generation */
#define MEMO_MIN 64                    /* subjects shorter than this are validated every time */
#define SMALL_GROUPS 31                /* offsets of this many groups fit on the C stack */
#define NO_MATCH_YET ((size_t)-1)

typedef struct {
    pcre2_code *code;          /* owned; NULL until compiled */
    pcre2_match_data *md;      /* owned; scratch of one pcre2_match, copied out at once */
    const char *pattern;       /* borrowed from user value 1, which the Regex keeps */
    uint32_t groups;           /* capture groups */
    uint32_t name_count, name_size;
    PCRE2_SPTR name_table;     /* borrowed from code */
    int jit;                   /* JIT-compiled */
} parley_regex;

/*
 * Per Lua state: the match context carrying the limits, the JIT stack, and
 * (user values) 1 the last subject found valid, 2 and 3 the young and old
 * generations of the pattern cache.
 */
typedef struct {
    pcre2_match_context *mctx;   /* owned */
    pcre2_jit_stack *jit_stack;  /* owned; NULL without JIT */
    int cached;                  /* entries in the young generation */
} re_state;

#define STATE_INDEX lua_upvalueindex(1)
#define MODULE_INDEX lua_upvalueindex(2)

/* Where the next match is searched: from pos; an empty match may not start at last. */
typedef struct {
    size_t pos, last;
} scan_state;

/* ---- the per-state context ---- */

static int state_gc(lua_State *L)
{
    re_state *st = luaL_checkudata(L, 1, STATE_TYPE);
    pcre2_match_context_free(st->mctx);
    pcre2_jit_stack_free(st->jit_stack);
    st->mctx = NULL;
    st->jit_stack = NULL;
    return 0;
}

/* Push a new context; raises when PCRE2 cannot allocate one. */
static void state_push(lua_State *L)
{
    re_state *st = lua_newuserdatauv(L, sizeof *st, 3);
    memset(st, 0, sizeof *st);
    if (luaL_newmetatable(L, STATE_TYPE)) {
        lua_pushcfunction(L, state_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);
    st->mctx = pcre2_match_context_create(NULL);
    if (!st->mctx)
        luaL_error(L, "re: out of memory");
    pcre2_set_match_limit(st->mctx, MATCH_LIMIT);
    pcre2_set_heap_limit(st->mctx, HEAP_LIMIT_KIB);
    st->jit_stack = pcre2_jit_stack_create(JIT_STACK_START, JIT_STACK_MAX, NULL);
    if (st->jit_stack)
        pcre2_jit_stack_assign(st->mctx, NULL, st->jit_stack);
    for (int i = 2; i <= 3; i++) {
        lua_newtable(L);
        lua_setiuservalue(L, -2, i);
    }
}

/* ---- compiling ---- */

static parley_regex *check_regex(lua_State *L, int index)
{
    return luaL_checkudata(L, index, PARLEY_REGEX_TYPE);
}

static int regex_gc(lua_State *L)
{
    parley_regex *rx = check_regex(L, 1);
    pcre2_match_data_free(rx->md);
    pcre2_code_free(rx->code);
    /* A finalizer running later may still reach this Regex: PCRE2 rejects NULL code. */
    memset(rx, 0, sizeof *rx);
    return 0;
}

/* PCRE2 options of a flags string, whose canonical spelling ("imsx" order) goes to canon. */
static uint32_t parse_flags(lua_State *L, const char *fn, const char *flags, char canon[5])
{
    static const char letters[] = "imsx";
    static const uint32_t bits[] = {PCRE2_CASELESS, PCRE2_MULTILINE, PCRE2_DOTALL, PCRE2_EXTENDED};
    uint32_t opts = 0;
    for (const char *f = flags; *f; f++) {
        const char *at = strchr(letters, *f);
        if (!at)
            luaL_error(L, "%s: unknown flag '%c' (flags are i, m, s, x)", fn, *f);
        opts |= bits[at - letters];
    }
    int n = 0;
    for (int i = 0; i < 4; i++)
        if (opts & bits[i])
            canon[n++] = letters[i];
    canon[n] = '\0';
    return opts;
}

static void compile_error(lua_State *L, const char *fn, int code, PCRE2_SIZE offset, const char *pattern)
{
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(code, msg, sizeof msg);
    luaL_error(L, "%s: %s at offset %I in pattern \"%s\"", fn, (const char *)msg, (lua_Integer)offset,
               pattern);
}

/*
 * Push a new Regex for the pattern string at index pat; raises on a bad
 * pattern. The userdata exists before anything is allocated, so its __gc
 * owns the code and match data whichever step raises.
 */
static parley_regex *regex_new(lua_State *L, const char *fn, int pat, uint32_t opts, const char *canon,
                               int jit)
{
    size_t plen;
    const char *p = lua_tolstring(L, pat, &plen);
    parley_regex *rx = lua_newuserdatauv(L, sizeof *rx, 2);
    memset(rx, 0, sizeof *rx);
    luaL_setmetatable(L, PARLEY_REGEX_TYPE);
    lua_pushvalue(L, pat);
    lua_setiuservalue(L, -2, 1);
    lua_pushstring(L, canon);
    lua_setiuservalue(L, -2, 2);
    rx->pattern = p;
    int err;
    PCRE2_SIZE offset;
    /* \C could match half a character and break every offset guarantee. */
    uint32_t all = opts | PCRE2_UTF | PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C;
    rx->code = pcre2_compile((PCRE2_SPTR)p, plen, all, &err, &offset, NULL);
    if (!rx->code)
        compile_error(L, fn, err, offset, p);
    rx->md = pcre2_match_data_create_from_pattern(rx->code, NULL);
    if (!rx->md)
        luaL_error(L, "%s: out of memory", fn);
    rx->jit = jit && pcre2_jit_compile(rx->code, PCRE2_JIT_COMPLETE) == 0;
    pcre2_pattern_info(rx->code, PCRE2_INFO_CAPTURECOUNT, &rx->groups);
    pcre2_pattern_info(rx->code, PCRE2_INFO_NAMECOUNT, &rx->name_count);
    pcre2_pattern_info(rx->code, PCRE2_INFO_NAMEENTRYSIZE, &rx->name_size);
    pcre2_pattern_info(rx->code, PCRE2_INFO_NAMETABLE, &rx->name_table);
    return rx;
}

/* ---- the pattern cache ---- */

/* Whether new patterns are JIT-compiled: the module's jit field. */
static int module_jit(lua_State *L)
{
    lua_getfield(L, MODULE_INDEX, "jit");
    int jit = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return jit;
}

/* Push the cache key of a pattern: canonical flags, JIT mark, "/", pattern (never ambiguous). */
static void push_cache_key(lua_State *L, int pat, const char *canon, int jit)
{
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addstring(&b, canon);
    luaL_addchar(&b, jit ? '+' : '-');
    luaL_addchar(&b, '/');
    size_t plen;
    const char *p = lua_tolstring(L, pat, &plen);
    luaL_addlstring(&b, p, plen);
    luaL_pushresult(&b);
}

/* Push the value of key (at index key) in cache generation gen (2 young, 3 old). */
static int cache_get(lua_State *L, int gen, int key)
{
    lua_getiuservalue(L, STATE_INDEX, gen);
    lua_pushvalue(L, key);
    int type = lua_rawget(L, -2);
    lua_remove(L, -2);
    return type;
}

/*
 * Store the value on top under key in the young generation, keeping it on
 * the stack. A full young generation becomes the old one (dropping the
 * previous old one): patterns in use keep being found and promoted, so the
 * cache is bounded at two generations yet behaves close to an LRU.
 */
static void cache_put(lua_State *L, int key)
{
    re_state *st = lua_touserdata(L, STATE_INDEX);
    if (st->cached >= CACHE_GENERATION) {
        lua_getiuservalue(L, STATE_INDEX, 2);
        lua_setiuservalue(L, STATE_INDEX, 3);
        lua_newtable(L);
        lua_setiuservalue(L, STATE_INDEX, 2);
        st->cached = 0;
    }
    lua_getiuservalue(L, STATE_INDEX, 2);
    lua_pushvalue(L, key);
    lua_pushvalue(L, -3);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    st->cached++;
}

/* The Regex for the pattern string at index pat with flags, cached or compiled; it replaces the pattern. */
static parley_regex *cached_regex(lua_State *L, const char *fn, int pat, const char *flags)
{
    char canon[5];
    uint32_t opts = parse_flags(L, fn, flags, canon);
    int jit = module_jit(L);
    push_cache_key(L, pat, canon, jit);
    int key = lua_gettop(L);
    if (cache_get(L, 2, key) != LUA_TUSERDATA) {
        lua_pop(L, 1);
        if (cache_get(L, 3, key) != LUA_TUSERDATA) {
            lua_pop(L, 1);
            regex_new(L, fn, pat, opts, canon, jit);
        }
        cache_put(L, key);
    }
    parley_regex *rx = lua_touserdata(L, -1);
    lua_replace(L, pat);
    lua_pop(L, 1);
    return rx;
}

/*
 * The Regex argument at index pat: a Regex as is, or a pattern string
 * compiled with the flags at index flags_arg (through the cache). Either
 * way the Regex ends up at index pat, which keeps it alive for the call.
 */
static parley_regex *regex_arg(lua_State *L, const char *fn, int pat, int flags_arg)
{
    parley_regex *rx = luaL_testudata(L, pat, PARLEY_REGEX_TYPE);
    if (rx) {
        if (!lua_isnoneornil(L, flags_arg))
            luaL_error(L, "%s: flags cannot be given with a compiled Regex", fn);
        return rx;
    }
    if (lua_type(L, pat) != LUA_TSTRING)
        luaL_error(L, "%s: bad argument #%d (pattern string or Regex expected, got %s)", fn, pat,
                   luaL_typename(L, pat));
    const char *flags = "";
    if (!lua_isnoneornil(L, flags_arg)) {
        if (lua_type(L, flags_arg) != LUA_TSTRING)
            luaL_error(L, "%s: bad argument #%d (flags string expected, got %s)", fn, flags_arg,
                       luaL_typename(L, flags_arg));
        flags = lua_tostring(L, flags_arg);
    }
    return cached_regex(L, fn, pat, flags);
}

/* ---- subjects and matching ---- */

/* The subject string at arg (numbers converted, as string.find does); raises unless valid UTF-8. */
static const char *check_subject(lua_State *L, const char *fn, int arg, size_t *len)
{
    int type = lua_type(L, arg);
    if (type != LUA_TSTRING && type != LUA_TNUMBER)
        luaL_error(L, "%s: bad argument #%d (string expected, got %s)", fn, arg, luaL_typename(L, arg));
    const char *s = lua_tolstring(L, arg, len);
    if (*len >= MEMO_MIN) {
        lua_getiuservalue(L, STATE_INDEX, 1);
        int known = lua_tostring(L, -1) == s;   /* the same string object: it is kept alive */
        lua_pop(L, 1);
        if (known)
            return s;
    }
    size_t valid = utf8_valid_prefix(s, *len);
    if (valid < *len)
        luaL_error(L, "%s: subject is not valid UTF-8 at byte %I", fn, (lua_Integer)valid + 1);
    if (*len >= MEMO_MIN) {
        lua_pushvalue(L, arg);
        lua_setiuservalue(L, STATE_INDEX, 1);
    }
    return s;
}

/* init at arg by string.find's rules, as a 0-based offset (> len: nothing to find); raises inside a character. */
static size_t check_init(lua_State *L, const char *fn, int arg, const char *s, size_t len)
{
    lua_Integer i = luaL_optinteger(L, arg, 1);
    size_t off;
    if (i > 0)
        off = (size_t)i - 1;
    else if (i == 0 || i < -(lua_Integer)len)
        off = 0;
    else
        off = len - (size_t)-i;
    if (off < len && ((unsigned char)s[off] & 0xC0) == 0x80)
        luaL_error(L, "%s: init %I is inside a UTF-8 character", fn, i);
    return off;
}

/* Room for rx's offsets: the caller's small array, or a buffer the Lua stack owns. */
static PCRE2_SIZE *ovector_room(lua_State *L, const parley_regex *rx, PCRE2_SIZE *small)
{
    if (rx->groups <= SMALL_GROUPS)
        return small;
    return lua_newuserdatauv(L, 2 * ((size_t)rx->groups + 1) * sizeof(PCRE2_SIZE), 0);
}

/* Raise for a failed pcre2_match: limits say which pattern and the likely cause. */
static void match_error(lua_State *L, const char *fn, const parley_regex *rx, int rc)
{
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(rc, msg, sizeof msg);
    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT)
        luaL_error(L, "%s: %s for pattern \"%s\" (catastrophic backtracking?)", fn, (const char *)msg,
                   rx->pattern);
    if (rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT)
        luaL_error(L, "%s: %s for pattern \"%s\" (a group repeated too often?)", fn, (const char *)msg,
                   rx->pattern);
    luaL_error(L, "%s: %s (pattern \"%s\")", fn, (const char *)msg, rx->pattern);
}

/*
 * One pcre2_match of valid UTF-8 s from offset start. The offsets (2 per
 * group, group 0 first, PCRE2_UNSET when unset) are copied to ov before any
 * Lua code can run and reuse the Regex's match data (a gsub function, a
 * finalizer). Returns 1 on a match, 0 on none; raises on a limit.
 */
static int regex_exec(lua_State *L, const char *fn, const parley_regex *rx, const char *s, size_t len,
                      size_t start, uint32_t opts, PCRE2_SIZE *ov)
{
    re_state *st = lua_touserdata(L, STATE_INDEX);
    int rc = pcre2_match(rx->code, (PCRE2_SPTR)s, len, start, opts | PCRE2_NO_UTF_CHECK, rx->md,
                         st->mctx);
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    if (rc < 0)
        match_error(L, fn, rx, rc);
    memcpy(ov, pcre2_get_ovector_pointer(rx->md), 2 * ((size_t)rx->groups + 1) * sizeof *ov);
    if (ov[1] < ov[0])
        luaL_error(L, "%s: \\K made the match end before it starts (pattern \"%s\")", fn, rx->pattern);
    return 1;
}

/* The next match of an iteration (Lua 5.4's rule on empty matches); 0 when there is none. */
static int scan_next(lua_State *L, const char *fn, const parley_regex *rx, const char *s, size_t len,
                     scan_state *sc, PCRE2_SIZE *ov)
{
    if (sc->pos > len)
        return 0;
    uint32_t opts = sc->pos == sc->last ? PCRE2_NOTEMPTY_ATSTART : 0;
    if (!regex_exec(L, fn, rx, s, len, sc->pos, opts, ov)) {
        sc->pos = len + 1;
        return 0;
    }
    sc->pos = sc->last = ov[1];
    return 1;
}

/* ---- results ---- */

/* Push group g of a match: its text, or false when it did not take part. */
static void push_group(lua_State *L, const char *s, const PCRE2_SIZE *ov, uint32_t g)
{
    if (ov[2 * g] == PCRE2_UNSET)
        lua_pushboolean(L, 0);
    else
        lua_pushlstring(L, s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
}

/* Group number and name of entry i of the name table. */
static uint32_t name_entry(const parley_regex *rx, uint32_t i, const char **name)
{
    PCRE2_SPTR e = rx->name_table + (size_t)i * rx->name_size;
    *name = (const char *)e + 2;
    return (uint32_t)e[0] << 8 | e[1];
}

/*
 * Whether t[name] should stay as it is: with (?J) several groups share a
 * name, and an unset group does not overwrite one already recorded.
 */
static int name_taken(lua_State *L, int t, const char *name, const PCRE2_SIZE *ov, uint32_t g)
{
    if (ov[2 * g] != PCRE2_UNSET)
        return 0;
    int taken = lua_getfield(L, t, name) != LUA_TNIL;
    lua_pop(L, 1);
    return taken;
}

/* Set t[name] = capture for every named group, t at index t (absolute or relative). */
static void set_named(lua_State *L, int t, const parley_regex *rx, const char *s, const PCRE2_SIZE *ov)
{
    t = lua_absindex(L, t);
    for (uint32_t i = 0; i < rx->name_count; i++) {
        const char *name;
        uint32_t g = name_entry(rx, i, &name);
        if (name_taken(L, t, name, ov, g))
            continue;
        push_group(L, s, ov, g);
        lua_setfield(L, t, name);
    }
}

/*
 * Push the captures of a match (the whole match when the pattern has no
 * groups and whole is set), then the table of named captures when there
 * are names. Returns how many values were pushed.
 */
static int push_captures(lua_State *L, const parley_regex *rx, const char *s, const PCRE2_SIZE *ov,
                         int whole)
{
    if (rx->groups == 0) {
        if (whole)
            push_group(L, s, ov, 0);
        return whole;
    }
    luaL_checkstack(L, (int)rx->groups + 2, "too many captures");
    for (uint32_t g = 1; g <= rx->groups; g++)
        push_group(L, s, ov, g);
    if (rx->name_count == 0)
        return (int)rx->groups;
    lua_createtable(L, 0, (int)rx->name_count);
    set_named(L, -1, rx, s, ov);
    return (int)rx->groups + 1;
}

/* ---- find, match, gmatch ---- */

/* find (positions) or match (captures) of the subject at subj from init. */
static int do_find(lua_State *L, const char *fn, const parley_regex *rx, int subj, int init_arg,
                   int positions)
{
    size_t len;
    const char *s = check_subject(L, fn, subj, &len);
    size_t start = check_init(L, fn, init_arg, s, len);
    PCRE2_SIZE small[2 * (SMALL_GROUPS + 1)], *ov = ovector_room(L, rx, small);
    if (start > len || !regex_exec(L, fn, rx, s, len, start, 0, ov)) {
        lua_pushnil(L);
        return 1;
    }
    if (!positions)
        return push_captures(L, rx, s, ov, 1);
    lua_pushinteger(L, (lua_Integer)ov[0] + 1);
    lua_pushinteger(L, (lua_Integer)ov[1]);
    return 2 + push_captures(L, rx, s, ov, 0);
}

/* The gmatch iterator; upvalues: 1 context, 2 subject, 3 Regex, 4 pos, 5 last. */
static int gmatch_step(lua_State *L)
{
    const parley_regex *rx = lua_touserdata(L, lua_upvalueindex(3));
    size_t len;
    const char *s = lua_tolstring(L, lua_upvalueindex(2), &len);
    scan_state sc = {(size_t)lua_tointeger(L, lua_upvalueindex(4)),
                     (size_t)lua_tointeger(L, lua_upvalueindex(5))};
    PCRE2_SIZE small[2 * (SMALL_GROUPS + 1)], *ov = ovector_room(L, rx, small);
    int found = scan_next(L, "re.gmatch", rx, s, len, &sc, ov);
    lua_pushinteger(L, (lua_Integer)sc.pos);
    lua_replace(L, lua_upvalueindex(4));
    lua_pushinteger(L, (lua_Integer)sc.last);
    lua_replace(L, lua_upvalueindex(5));
    return found ? push_captures(L, rx, s, ov, 1) : 0;
}

/* Push the iterator over the matches of the Regex at index rx in the subject at subj from init. */
static int do_gmatch(lua_State *L, const char *fn, int rx, int subj, int init_arg)
{
    size_t len;
    const char *s = check_subject(L, fn, subj, &len);
    size_t start = check_init(L, fn, init_arg, s, len);
    lua_pushvalue(L, STATE_INDEX);
    lua_pushvalue(L, subj);
    lua_pushvalue(L, rx);
    lua_pushinteger(L, (lua_Integer)(start > len ? len + 1 : start));
    lua_pushinteger(L, (lua_Integer)NO_MATCH_YET);
    lua_pushcclosure(L, gmatch_step, 5);
    return 1;
}

/* ---- gsub ---- */

/* The group a "${...}" reference names (digits or a group name); returns its bytes. Raises on a bad one. */
static size_t braced_ref(lua_State *L, const char *fn, const parley_regex *rx, const char *r,
                         const char *end, int *g)
{
    const char *close = memchr(r, '}', (size_t)(end - r));
    size_t n = close ? (size_t)(close - r - 1) : 0;
    char name[64];
    if (!close || n == 0 || n >= sizeof name)
        luaL_error(L, "%s: bad ${...} in replacement string", fn);
    memcpy(name, r + 1, n);
    name[n] = '\0';
    if (strspn(name, "0123456789") == n)
        *g = n > 5 ? -2 : (int)strtol(name, NULL, 10);
    else
        *g = pcre2_substring_number_from_name(rx->code, (PCRE2_SPTR)name);
    if (*g < 0 || *g > (int)rx->groups)
        luaL_error(L, "%s: replacement refers to ${%s}, not a group of pattern \"%s\"", fn, name,
                   rx->pattern);
    return n + 2;
}

/* The group a reference after '$' at r names (-1 for "$$"); returns its bytes. Raises on a bad one. */
static size_t template_ref(lua_State *L, const char *fn, const parley_regex *rx, const char *r,
                           const char *end, int *g)
{
    if (r < end && *r == '$') {
        *g = -1;
        return 1;
    }
    if (r < end && *r == '{')
        return braced_ref(L, fn, rx, r, end, g);
    if (r == end || *r < '0' || *r > '9')
        luaL_error(L, "%s: bad '$' in replacement string (use $$ for a dollar sign)", fn);
    *g = *r - '0';
    if (*g > (int)rx->groups)
        luaL_error(L, "%s: replacement refers to $%d, but pattern \"%s\" has %d groups", fn, *g,
                   rx->pattern, (int)rx->groups);
    return 1;
}

/*
 * Add a replacement string for one match: $0..$9 and ${N} are groups,
 * ${name} a named group, $$ a dollar sign, everything else literal; unset
 * groups add nothing. With b NULL the template is only checked, so a bad
 * one raises even when nothing matches.
 */
static void add_template(lua_State *L, luaL_Buffer *b, const char *fn, const parley_regex *rx,
                         const char *r, size_t rlen, const char *s, const PCRE2_SIZE *ov)
{
    const char *end = r + rlen;
    while (r < end) {
        const char *dollar = memchr(r, '$', (size_t)(end - r));
        if (b)
            luaL_addlstring(b, r, dollar ? (size_t)(dollar - r) : (size_t)(end - r));
        if (!dollar)
            return;
        int g;
        r = dollar + 1 + template_ref(L, fn, rx, dollar + 1, end, &g);
        if (b && g < 0)
            luaL_addchar(b, '$');
        else if (b && ov[2 * g] != PCRE2_UNSET)
            luaL_addlstring(b, s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
    }
}

/*
 * Add the replacement of one match from a function or table (string.gsub's
 * rules: false or nil keeps the match; the table is indexed by the first
 * capture, or the whole match).
 */
static void add_value(lua_State *L, luaL_Buffer *b, const char *fn, const parley_regex *rx, int repl,
                      const char *s, const PCRE2_SIZE *ov)
{
    if (lua_type(L, repl) == LUA_TFUNCTION) {
        lua_pushvalue(L, repl);
        int n = push_captures(L, rx, s, ov, 1);
        lua_call(L, n, 1);
    } else {
        push_group(L, s, ov, rx->groups > 0);
        lua_gettable(L, repl);
    }
    if (!lua_toboolean(L, -1)) {
        lua_pop(L, 1);
        luaL_addlstring(b, s + ov[0], ov[1] - ov[0]);
        return;
    }
    if (!lua_isstring(L, -1))
        luaL_error(L, "%s: invalid replacement value (a %s)", fn, luaL_typename(L, -1));
    luaL_addvalue(b);
}

/* gsub of the subject at subj with the replacement at repl, at most the count at max_arg times. */
static int do_gsub(lua_State *L, const char *fn, const parley_regex *rx, int subj, int repl, int max_arg)
{
    size_t len, rlen = 0;
    const char *s = check_subject(L, fn, subj, &len);
    int type = lua_type(L, repl);
    luaL_argexpected(L, type == LUA_TNUMBER || type == LUA_TSTRING || type == LUA_TTABLE ||
                     type == LUA_TFUNCTION, repl, "string/function/table");
    lua_Integer max = luaL_optinteger(L, max_arg, LUA_MAXINTEGER);
    const char *r = type == LUA_TSTRING || type == LUA_TNUMBER ? lua_tolstring(L, repl, &rlen) : NULL;
    if (r)
        add_template(L, NULL, fn, rx, r, rlen, NULL, NULL);
    PCRE2_SIZE small[2 * (SMALL_GROUPS + 1)], *ov = ovector_room(L, rx, small);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    scan_state sc = {0, NO_MATCH_YET};
    size_t copied = 0;
    lua_Integer n = 0;
    while (n < max && scan_next(L, fn, rx, s, len, &sc, ov)) {
        luaL_addlstring(&b, s + copied, ov[0] - copied);
        if (r)
            add_template(L, &b, fn, rx, r, rlen, s, ov);
        else
            add_value(L, &b, fn, rx, repl, s, ov);
        copied = ov[1];
        n++;
    }
    luaL_addlstring(&b, s + copied, len - copied);
    luaL_pushresult(&b);
    lua_pushinteger(L, n);
    return 2;
}

/* ---- split ---- */

/* The pieces of the subject at subj between matches; at most max pieces, the last the unsplit rest. */
static int do_split(lua_State *L, const char *fn, const parley_regex *rx, int subj, int max_arg)
{
    size_t len;
    const char *s = check_subject(L, fn, subj, &len);
    lua_Integer max = luaL_optinteger(L, max_arg, 0);
    if (!lua_isnoneornil(L, max_arg) && max < 1)
        luaL_error(L, "%s: max must be at least 1 (got %I)", fn, max);
    PCRE2_SIZE small[2 * (SMALL_GROUPS + 1)], *ov = ovector_room(L, rx, small);
    lua_newtable(L);
    scan_state sc = {0, NO_MATCH_YET};
    size_t from = 0;
    lua_Integer n = 0;
    while ((max == 0 || n + 1 < max) && scan_next(L, fn, rx, s, len, &sc, ov)) {
        lua_pushlstring(L, s + from, ov[0] - from);
        lua_rawseti(L, -2, ++n);
        from = ov[1];
    }
    lua_pushlstring(L, s + from, len - from);
    lua_rawseti(L, -2, ++n);
    return 1;
}

/* ---- doc:find ---- */

/* Push a Span of the Doc at index 1 for group g of a match, or false when the group is unset. */
static void push_group_span(lua_State *L, const PCRE2_SIZE *ov, uint32_t g)
{
    if (ov[2 * g] == PCRE2_UNSET)
        lua_pushboolean(L, 0);
    else
        span_push(L, 1, ov[2 * g], ov[2 * g + 1], SPAN_TEXT, 0);
}

/* Push the captures table of a match: Spans (false when unset) by number, and by name. */
static void push_capture_spans(lua_State *L, const parley_regex *rx, const PCRE2_SIZE *ov)
{
    lua_createtable(L, (int)rx->groups, (int)rx->name_count);
    for (uint32_t g = 1; g <= rx->groups; g++) {
        push_group_span(L, ov, g);
        lua_rawseti(L, -2, g);
    }
    for (uint32_t i = 0; i < rx->name_count; i++) {
        const char *name;
        uint32_t g = name_entry(rx, i, &name);
        if (name_taken(L, -1, name, ov, g))
            continue;
        lua_rawgeti(L, -1, g);
        lua_setfield(L, -2, name);
    }
}

/*
 * doc:find(p [, flags]) -> array of Spans, one per match (gmatch's rules),
 * each with a field captures: Spans by group number (false when unset) and
 * by group name. The text is checked like any subject (and remembered):
 * loading validates it, but a database edited through corpus:sql may not be.
 */
static int doc_find(lua_State *L)
{
    lua_settop(L, 3);
    parley_doc *doc = doc_check(L, 1);
    const parley_regex *rx = regex_arg(L, "doc:find", 2, 3);
    lua_getiuservalue(L, 1, 1);
    lua_getfield(L, -1, "text");
    size_t len;
    check_subject(L, "doc:find", lua_gettop(L), &len);
    PCRE2_SIZE small[2 * (SMALL_GROUPS + 1)], *ov = ovector_room(L, rx, small);
    lua_newtable(L);
    scan_state sc = {0, NO_MATCH_YET};
    lua_Integer n = 0;
    while (scan_next(L, "doc:find", rx, doc->text, doc->len, &sc, ov)) {
        span_push(L, 1, ov[0], ov[1], SPAN_TEXT, 0);
        lua_createtable(L, 0, 1);
        push_capture_spans(L, rx, ov);
        lua_setfield(L, -2, "captures");
        span_set_fields(L, -2);
        lua_rawseti(L, -2, ++n);
    }
    return 1;
}

/* ---- Regex methods and fields ---- */

/* regex:find(s [, init]) -> start, stop, captures... | nil */
static int rx_find(lua_State *L)
{
    return do_find(L, "regex:find", check_regex(L, 1), 2, 3, 1);
}

/* regex:match(s [, init]) -> captures... (or the whole match) | nil */
static int rx_match(lua_State *L)
{
    return do_find(L, "regex:match", check_regex(L, 1), 2, 3, 0);
}

/* regex:gmatch(s [, init]) -> iterator */
static int rx_gmatch(lua_State *L)
{
    check_regex(L, 1);
    return do_gmatch(L, "regex:gmatch", 1, 2, 3);
}

/* regex:gsub(s, repl [, n]) -> string, count */
static int rx_gsub(lua_State *L)
{
    return do_gsub(L, "regex:gsub", check_regex(L, 1), 2, 3, 4);
}

/* regex:split(s [, max]) -> array of strings */
static int rx_split(lua_State *L)
{
    return do_split(L, "regex:split", check_regex(L, 1), 2, 3);
}

/* The names of the groups, in group order. */
static void push_names(lua_State *L, const parley_regex *rx)
{
    lua_createtable(L, (int)rx->name_count, 0);
    int n = 0;
    for (uint32_t g = 1; g <= rx->groups; g++) {
        for (uint32_t i = 0; i < rx->name_count; i++) {
            const char *name;
            if (name_entry(rx, i, &name) == g) {
                lua_pushstring(L, name);
                lua_rawseti(L, -2, ++n);
            }
        }
    }
}

/* Fields: pattern, flags (canonical), groups, names (array in group order), jit. */
static int regex_index(lua_State *L)
{
    parley_regex *rx = check_regex(L, 1);
    const char *key = luaL_checkstring(L, 2);
    if (luaL_getmetafield(L, 1, "methods") && lua_getfield(L, -1, key) != LUA_TNIL)
        return 1;
    if (strcmp(key, "pattern") == 0)
        lua_getiuservalue(L, 1, 1);
    else if (strcmp(key, "flags") == 0)
        lua_getiuservalue(L, 1, 2);
    else if (strcmp(key, "groups") == 0)
        lua_pushinteger(L, (lua_Integer)rx->groups);
    else if (strcmp(key, "names") == 0)
        push_names(L, rx);
    else if (strcmp(key, "jit") == 0)
        lua_pushboolean(L, rx->jit);
    else
        lua_pushnil(L);
    return 1;
}

static int regex_tostring(lua_State *L)
{
    check_regex(L, 1);
    lua_getiuservalue(L, 1, 1);
    lua_getiuservalue(L, 1, 2);
    const char *flags = lua_tostring(L, -1);
    lua_pushfstring(L, "<Regex \"%s\"%s%s>", lua_tostring(L, -2), *flags ? " " : "", flags);
    return 1;
}

/* ---- module functions ---- */

/* re.compile(p [, flags]) -> Regex (the same one for the same pattern and flags while cached) */
static int l_compile(lua_State *L)
{
    lua_settop(L, 2);
    regex_arg(L, "re.compile", 1, 2);
    lua_settop(L, 1);
    return 1;
}

/* re.find(s, p [, init [, flags]]) -> start, stop, captures... | nil */
static int l_find(lua_State *L)
{
    lua_settop(L, 4);
    return do_find(L, "re.find", regex_arg(L, "re.find", 2, 4), 1, 3, 1);
}

/* re.match(s, p [, init [, flags]]) -> captures... (or the whole match) | nil */
static int l_match(lua_State *L)
{
    lua_settop(L, 4);
    return do_find(L, "re.match", regex_arg(L, "re.match", 2, 4), 1, 3, 0);
}

/* re.gmatch(s, p [, init [, flags]]) -> iterator */
static int l_gmatch(lua_State *L)
{
    lua_settop(L, 4);
    regex_arg(L, "re.gmatch", 2, 4);
    return do_gmatch(L, "re.gmatch", 2, 1, 3);
}

/* re.gsub(s, p, repl [, n [, flags]]) -> string, count */
static int l_gsub(lua_State *L)
{
    lua_settop(L, 5);
    return do_gsub(L, "re.gsub", regex_arg(L, "re.gsub", 2, 5), 1, 3, 4);
}

/* re.split(s, p [, max [, flags]]) -> array of strings */
static int l_split(lua_State *L)
{
    lua_settop(L, 4);
    return do_split(L, "re.split", regex_arg(L, "re.split", 2, 4), 1, 3);
}

/* re.escape(s) -> s with every ASCII character but letters, digits, _ and NUL backslash-escaped */
static int l_escape(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        int word = c >= 0x80 || c == '_' || c == '\0' || (c >= '0' && c <= '9') ||
                   ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
        if (!word)
            luaL_addchar(&b, '\\');
        luaL_addchar(&b, (char)c);
    }
    luaL_pushresult(&b);
    return 1;
}

/* ---- registration ---- */

static const luaL_Reg re_functions[] = {
    {"compile", l_compile},
    {"find", l_find},
    {"match", l_match},
    {"gmatch", l_gmatch},
    {"gsub", l_gsub},
    {"split", l_split},
    {"escape", l_escape},
    {NULL, NULL},
};

static const luaL_Reg regex_methods[] = {
    {"find", rx_find},
    {"match", rx_match},
    {"gmatch", rx_gmatch},
    {"gsub", rx_gsub},
    {"split", rx_split},
    {NULL, NULL},
};

static const luaL_Reg regex_meta[] = {
    {"__index", regex_index},
    {"__gc", regex_gc},
    {"__tostring", regex_tostring},
    {NULL, NULL},
};

/* Set the functions l into the table on top, sharing the two upvalues at ctx and module. */
static void set_shared(lua_State *L, const luaL_Reg *l, int ctx, int module)
{
    lua_pushvalue(L, ctx);
    lua_pushvalue(L, module);
    luaL_setfuncs(L, l, 2);
}

/* doc:find lives here, with the cache; it joins the Doc methods that lua_doc.c registered. */
static void add_doc_find(lua_State *L, int ctx, int module)
{
    if (luaL_getmetatable(L, PARLEY_DOC_TYPE) != LUA_TTABLE) {
        lua_pop(L, 1);
        doc_register(L);
        luaL_getmetatable(L, PARLEY_DOC_TYPE);
    }
    lua_getfield(L, -1, "methods");
    static const luaL_Reg doc_methods[] = {{"find", doc_find}, {NULL, NULL}};
    set_shared(L, doc_methods, ctx, module);
    lua_pop(L, 2);
}

int luaopen_parley_re(lua_State *L)
{
    state_push(L);
    int ctx = lua_gettop(L);
    lua_newtable(L);
    int module = ctx + 1;
    uint32_t jit = 0;
    pcre2_config(PCRE2_CONFIG_JIT, &jit);
    lua_pushboolean(L, (int)jit);
    lua_setfield(L, module, "jit");
    set_shared(L, re_functions, ctx, module);
    luaL_newmetatable(L, PARLEY_REGEX_TYPE);
    set_shared(L, regex_meta, ctx, module);
    lua_newtable(L);
    set_shared(L, regex_methods, ctx, module);
    lua_setfield(L, -2, "methods");
    lua_pop(L, 1);
    add_doc_find(L, ctx, module);
    return 1;
}
