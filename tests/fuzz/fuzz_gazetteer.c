/* fuzz_gazetteer.c: match.phrases and doc:match on fuzzed aliases and text, against a brute-force oracle. */
#include <lauxlib.h>
#include <lua.h>
#include <string.h>

#include "fuzz.h"
#include "loader.h"
#include "lua_api.h"
#include "parley.h"
#include "runtime.h"
#include "segment.h"
#include "unitext.h"

/*
 * Input: aliases, one a line, up to the first blank line; the text after
 * it. Without a blank line the lines are the aliases and the whole input
 * is the text as well, so aliases often occur in it. The text is loaded
 * (with repair) and wrapped as a Doc; the aliases go in as they are.
 *
 * The Lua chunk RUN builds the gazetteers through the binding and returns
 * its results as plain tables; this file checks them against an oracle
 * that tries every alias at every token, with keys made by text_fold (the
 * engine's folding function) from tokens of the same segmentation.
 */

#define MAX_ALIASES 48

static lua_State *L;
static int run_ref;               /* registry: the compiled RUN chunk */
static const seg_rules *rules;    /* the state's segmentation rules; the registry keeps them */

static const char RUN[] =
    "local match, aliases, doc = ...\n"
    "local long = match.phrases{name = 'fuzz'}\n"
    "local all = match.phrases{name = 'fuzz', overlap = 'all'}\n"
    "local accepted = {}\n"
    "for i, a in ipairs(aliases) do\n"
    "  local ok, n = pcall(long.add, long, a)\n"
    "  local ok2, n2 = pcall(all.add, all, a)\n"
    "  assert(ok == ok2 and n == n2, 'the two gazetteers took alias ' .. i .. ' differently')\n"
    "  assert(ok or n:find('^gazetteer:add: entry 1: alias '), tostring(n))\n"
    "  assert(not ok or n == 0 or n == 1, 'add gave ' .. tostring(n))\n"
    "  accepted[i] = ok\n"
    "end\n"
    "local function flat(ms)\n"
    "  local t = {}\n"
    "  for i, m in ipairs(ms) do\n"
    "    local e = {m.start, m.stop, m.alias}\n"
    "    for _, x in ipairs(m.entries or {}) do e[#e + 1] = x.alias end\n"
    "    t[i] = e\n"
    "  end\n"
    "  return t\n"
    "end\n"
    "local titles, tokens = {}, doc:tokens()\n"
    "for i = 1, #tokens do titles[i] = tokens[i].is_title end\n"
    "local rule = match.tokens{{is_title = true, op = '+'}}\n"
    "local within = {}\n"
    "for _, sentence in ipairs(doc:sentences()) do\n"
    "  for _, m in ipairs(flat(all:match(sentence))) do within[#within + 1] = m end\n"
    "end\n"
    "return accepted, flat(doc:match(long)), flat(doc:match(all)), flat(long:match(doc)),\n"
    "       flat(doc:match(long)), titles, flat(doc:match(rule)), within\n";

static int get_rules(lua_State *L1)
{
    rules = segment_rules(L1);
    return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    runtime_opts ro = {0};
    L = runtime_new(&ro);
    PROPERTY(L != NULL, "cannot create the Lua runtime");
    lua_pushcfunction(L, get_rules);
    PROPERTY(lua_pcall(L, 0, 0, 0) == LUA_OK, "%s", lua_tostring(L, -1));
    PROPERTY(luaL_loadbuffer(L, RUN, sizeof RUN - 1, "=fuzz_gazetteer") == LUA_OK, "%s", lua_tostring(L, -1));
    run_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}

/* ---- keys, as the engine defines them ---- */

/* A sequence of folded keys; malloc'd. */
typedef struct {
    char **key;
    size_t *len;
    size_t n;
} keys;

static void keys_free(keys *k)
{
    for (size_t i = 0; i < k->n; i++)
        free(k->key[i]);
    free(k->key);
    free(k->len);
}

/* Bytes of a possessive clitic at the end of a token that its key leaves out. */
static size_t trim_of(const seg_token *t)
{
    size_t len = t->stop - t->start;
    return (t->flags & TOKEN_POSSESSIVE) && t->suffix_len < len ? t->suffix_len : 0;
}

/* The keys of tokens [first, last) of s: text_fold of each without its clitic. */
static keys keys_of(const char *s, const seg_token *tok, size_t first, size_t last)
{
    keys k = {calloc(last - first + 1, sizeof(char *)), calloc(last - first + 1, sizeof(size_t)), 0};
    for (size_t i = first; i < last; i++, k.n++) {
        ptrdiff_t n = text_fold(s + tok[i].start, tok[i].stop - tok[i].start - trim_of(&tok[i]), &k.key[k.n]);
        PROPERTY(n >= 0, "text_fold failed on token %zu (%td)", i, n);
        k.len[k.n] = (size_t)n;
    }
    return k;
}

/* Whether the keys b[at, at + a.n) equal a. */
static int keys_at(const keys *a, const keys *b, size_t at)
{
    if (at + a->n > b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (a->len[i] != b->len[at + i] || memcmp(a->key[i], b->key[at + i], a->len[i]) != 0)
            return 0;
    return 1;
}

/* The keys of an alias as gaz_add makes them; n is 0 when it would be refused. */
static keys alias_keys(const char *s, size_t len)
{
    keys none = {NULL, NULL, 0};
    seg_result seg;
    if (utf8_valid_prefix(s, len) != len)
        return none;
    PROPERTY(segment_text(rules, s, len, &seg) == 0, "segment_text failed on an alias");
    keys k = keys_of(s, seg.tokens, 0, seg.ntokens);
    seg_result_free(&seg);
    return k;
}

/* ---- matches as the chunk returns them ---- */

typedef struct {
    size_t first, last;   /* tokens */
} tok_span;

/*
 * The tokens [first, last) of a match over bytes [a, b): the first starts
 * at a, the last ends at b (less its clitic when trimmed: a gazetteer's
 * match leaves it out, a rule's keeps it).
 */
static tok_span locate(const seg_result *seg, size_t a, size_t b, int trimmed, const char *what, size_t i)
{
    size_t lo = 0, hi = seg->ntokens;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (seg->tokens[mid].start < a)
            lo = mid + 1;
        else
            hi = mid;
    }
    PROPERTY(lo < seg->ntokens && seg->tokens[lo].start == a, "%s match %zu starts at byte %zu, on no token", what,
             i, a);
    for (size_t l = lo; l < seg->ntokens && seg->tokens[l].start < b; l++)
        if (seg->tokens[l].stop - (trimmed ? trim_of(&seg->tokens[l]) : 0) == b)
            return (tok_span){lo, l + 1};
    PROPERTY(0, "%s match %zu [%zu, %zu) ends on no token", what, i, a, b);
    return (tok_span){0, 0};
}

/* The field k of the array at index t (a match's start, stop or an alias) as a string or an integer. */
static const char *field_string(int t, int k, size_t *len)
{
    lua_rawgeti(L, t, k);
    const char *s = lua_tolstring(L, -1, len);
    lua_pop(L, 1);   /* the match table keeps it */
    return s;
}

static size_t field_int(int t, int k)
{
    lua_rawgeti(L, t, k);
    lua_Integer v = lua_tointeger(L, -1);
    lua_pop(L, 1);
    return (size_t)v;
}

/*
 * The matches in the array at index t as token spans (malloc'd), each
 * checked: on tokens, and (with aliases set) every alias it names has the
 * keys of its tokens.
 */
static tok_span *read_matches(int t, size_t text_len, const seg_result *seg, const keys *doc_keys,
                              int aliases, size_t *count, const char *what)
{
    size_t n = lua_rawlen(L, t);
    tok_span *v = calloc(n + 1, sizeof *v);
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, t, (lua_Integer)i + 1);
        int m = lua_gettop(L);
        size_t a = field_int(m, 1) - 1, b = field_int(m, 2);
        PROPERTY(a < b && b <= text_len, "%s match %zu is [%zu, %zu) of %zu", what, i, a, b, text_len);
        v[i] = locate(seg, a, b, aliases, what, i);
        for (int k = 3; aliases && k <= (int)lua_rawlen(L, m); k++) {
            size_t len;
            const char *alias = field_string(m, k, &len);
            keys ak = alias_keys(alias, len);
            PROPERTY(ak.n == v[i].last - v[i].first && keys_at(&ak, doc_keys, v[i].first),
                     "%s match %zu (tokens %zu-%zu): alias \"%s\" has other keys", what, i, v[i].first,
                     v[i].last, alias);
            keys_free(&ak);
        }
        lua_pop(L, 1);
    }
    *count = n;
    return v;
}

static int same_spans(const tok_span *a, size_t na, const tok_span *b, size_t nb)
{
    return na == nb && (na == 0 || memcmp(a, b, na * sizeof *a) == 0);
}

/* ---- the oracle ---- */

/* Every (first, last) where some accepted alias's keys are the tokens' keys: first up, then longer first. */
static tok_span *oracle_all(const keys *alias, size_t nalias, const keys *doc_keys, size_t *count)
{
    size_t n = 0, cap = 16;
    tok_span *v = malloc(cap * sizeof *v);
    for (size_t f = 0; f < doc_keys->n; f++) {
        size_t from = n;
        for (size_t a = 0; a < nalias; a++) {
            if (alias[a].n == 0 || !keys_at(&alias[a], doc_keys, f))
                continue;
            size_t l = f + alias[a].n, j = from;
            while (j < n && v[j].last > l)
                j++;
            if (j < n && v[j].last == l)
                continue;   /* two aliases with the same keys: one trie node, one match */
            if (n == cap)
                v = realloc(v, (cap *= 2) * sizeof *v);
            memmove(v + j + 1, v + j, (n - j) * sizeof *v);
            v[j] = (tok_span){f, l};
            n++;
        }
    }
    *count = n;
    return v;
}

/*
 * The longest policy: matches in order without overlap, each the longest
 * found from its start, and each longest one left out overlaps a kept one
 * that is longer, or as long and earlier.
 */
static void check_longest(const tok_span *all, size_t nall, const tok_span *m, size_t nm)
{
    for (size_t i = 0; i < nm; i++) {
        PROPERTY(i == 0 || m[i].first >= m[i - 1].last, "longest: match %zu overlaps or precedes the one before", i);
        size_t j = 0;
        while (j < nall && all[j].first != m[i].first)
            j++;
        PROPERTY(j < nall && all[j].last == m[i].last, "longest: match %zu is not the longest from its start", i);
    }
    for (size_t j = 0; j < nall; j++) {
        if (j > 0 && all[j - 1].first == all[j].first)
            continue;   /* not the longest from this start */
        size_t len = all[j].last - all[j].first;
        int kept = 0, beaten = 0;
        for (size_t i = 0; i < nm; i++) {
            kept |= m[i].first == all[j].first;
            size_t mlen = m[i].last - m[i].first;
            if (m[i].first < all[j].last && all[j].first < m[i].last &&
                (mlen > len || (mlen == len && m[i].first < all[j].first)))
                beaten = 1;
        }
        PROPERTY(kept || beaten, "longest: tokens %zu-%zu left out, yet nothing longer overlaps them",
                 all[j].first, all[j].last);
    }
}

/* The token rule {is_title = true, op = "+"} under the longest policy: the maximal runs of title tokens. */
static void check_titles(int titles, const tok_span *m, size_t nm, size_t ntokens)
{
    size_t k = 0;
    for (size_t f = 0; f < ntokens;) {
        lua_rawgeti(L, titles, (lua_Integer)f + 1);
        int title = lua_toboolean(L, -1);
        lua_pop(L, 1);
        if (!title) {
            f++;
            continue;
        }
        size_t l = f + 1;
        for (;; l++) {
            lua_rawgeti(L, titles, (lua_Integer)l + 1);
            int more = l < ntokens && lua_toboolean(L, -1);
            lua_pop(L, 1);
            if (!more)
                break;
        }
        PROPERTY(k < nm && m[k].first == f && m[k].last == l, "rule: run of titles %zu-%zu is not match %zu", f, l, k);
        k++;
        f = l;
    }
    PROPERTY(k == nm, "rule: %zu matches, %zu runs of titles", nm, k);
}

/* Matching each sentence (a Span) finds the document's matches that lie inside one sentence, in order. */
static void check_within(const seg_result *seg, const tok_span *all, size_t nall, const tok_span *within,
                         size_t nwithin)
{
    size_t k = 0;
    for (size_t j = 0; j < nall; j++) {
        if (seg->tokens[all[j].first].sentence != seg->tokens[all[j].last - 1].sentence)
            continue;   /* across a sentence break: no sentence holds it */
        PROPERTY(k < nwithin && within[k].first == all[j].first && within[k].last == all[j].last,
                 "sentences: tokens %zu-%zu are not match %zu of the sentences", all[j].first, all[j].last, k);
        k++;
    }
    PROPERTY(k == nwithin, "sentences: %zu matches, %zu in the document inside a sentence", nwithin, k);
}

/* ---- one input ---- */

typedef struct {
    const char *aliases;   /* lines */
    size_t aliases_len;
    const char *text;      /* loaded */
    size_t text_len;
} fuzz_case;

/* Push the lines of the alias part as an array; returns how many (at most MAX_ALIASES). */
static size_t push_aliases(const fuzz_case *c)
{
    lua_newtable(L);
    size_t n = 0;
    for (const char *p = c->aliases, *end = p + c->aliases_len; p < end && n < MAX_ALIASES;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        lua_pushlstring(L, p, (size_t)(stop - p));
        lua_rawseti(L, -2, (lua_Integer)++n);
        p = stop + 1;
    }
    return n;
}

static int run_case(lua_State *L1)
{
    const fuzz_case *c = lua_touserdata(L1, 1);
    size_t nalias = push_aliases(c);
    int alias_list = lua_gettop(L);
    lua_pushlstring(L, c->text, c->text_len);
    doc_push(L, 0, -1, 0, NULL);
    lua_remove(L, -2);   /* the Doc keeps its text */
    int doc = lua_gettop(L);
    const parley_doc *d = doc_check(L, doc);
    const seg_result *seg = doc_segmentation(L, doc);
    keys doc_keys = keys_of(d->text, seg->tokens, 0, seg->ntokens);
    keys alias[MAX_ALIASES];
    for (size_t i = 0; i < nalias; i++) {
        lua_rawgeti(L, alias_list, (lua_Integer)i + 1);
        size_t len;
        const char *s = lua_tolstring(L, -1, &len);
        alias[i] = alias_keys(s, len);
        lua_pop(L, 1);
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, run_ref);
    lua_getglobal(L, "require");
    lua_pushliteral(L, "parley.match");
    lua_call(L, 1, 1);
    lua_pushvalue(L, alias_list);
    lua_pushvalue(L, doc);
    lua_call(L, 3, 8);
    int res = doc + 1;   /* accepted, longest, all, g:match, longest again, titles, rule, within sentences */
    for (size_t i = 0; i < nalias; i++) {
        lua_rawgeti(L, res, (lua_Integer)i + 1);
        PROPERTY(lua_toboolean(L, -1) == (alias[i].n > 0), "alias %zu: accepted %d, has %zu keys", i + 1,
                 lua_toboolean(L, -1), alias[i].n);
        lua_pop(L, 1);
    }
    size_t nall, nlong, nwant, nagain, nrule, nwithin, n2, n3;
    tok_span *want = oracle_all(alias, nalias, &doc_keys, &nwant);
    tok_span *lng = read_matches(res + 1, d->len, seg, &doc_keys, 1, &nlong, "longest");
    tok_span *all = read_matches(res + 2, d->len, seg, &doc_keys, 1, &nall, "all");
    tok_span *again = read_matches(res + 3, d->len, seg, &doc_keys, 1, &nagain, "g:match");
    tok_span *twice = read_matches(res + 4, d->len, seg, &doc_keys, 1, &n2, "longest again");
    tok_span *rule = read_matches(res + 6, d->len, seg, &doc_keys, 0, &nrule, "rule");
    tok_span *within = read_matches(res + 7, d->len, seg, &doc_keys, 1, &nwithin, "sentence");
    PROPERTY(same_spans(all, nall, want, nwant), "all: %zu matches, the oracle finds %zu", nall, nwant);
    check_longest(all, nall, lng, nlong);
    PROPERTY(same_spans(lng, nlong, again, nagain) && same_spans(lng, nlong, twice, n2), "not deterministic");
    n3 = lua_rawlen(L, res + 5);
    PROPERTY(n3 == seg->ntokens, "%zu is_title values for %zu tokens", n3, seg->ntokens);
    check_titles(res + 5, rule, nrule, seg->ntokens);
    check_within(seg, all, nall, within, nwithin);
    free(want), free(lng), free(all), free(again), free(twice), free(rule), free(within);
    for (size_t i = 0; i < nalias; i++)
        keys_free(&alias[i]);
    keys_free(&doc_keys);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    const char *sep = NULL;
    for (size_t i = 0; i + 1 < size && !sep; i++)
        if (s[i] == '\n' && s[i + 1] == '\n')
            sep = s + i;
    fuzz_case c = {s, sep ? (size_t)(sep - s) : size, NULL, 0};
    load_result loaded;
    const char *text = sep ? sep + 2 : s;
    if (load_bytes(text, size - (size_t)(text - s), LOAD_REPAIR, &loaded) != PARLEY_OK)
        return 0;   /* documents are loaded text: valid NFC UTF-8 with LF */
    c.text = loaded.text;
    c.text_len = loaded.len;
    int top = lua_gettop(L);
    lua_pushcfunction(L, run_case);
    lua_pushlightuserdata(L, &c);
    int rc = lua_pcall(L, 1, 0, 0);
    PROPERTY(rc == LUA_OK, "%s", lua_tostring(L, -1));
    PROPERTY(lua_gettop(L) == top, "%d values left on the Lua stack", lua_gettop(L) - top);
    load_result_free(&loaded);
    lua_gc(L, LUA_GCCOLLECT);   /* as in fuzz_loader.c: garbage is not a leak */
    return 0;
}
