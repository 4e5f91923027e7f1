/* lua_stats.c: the Doc methods parley.stats needs to be fast: token terms counted, listed and matched in C. */
#define _GNU_SOURCE   /* memmem */
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "lua_api.h"
#include "parley.h"
#include "unitext.h"

/*
 * A token's term is its text in one of four forms (opts.by):
 *   norm   text.fold of the token (the `norm` field): case, accents, quotes folded
 *   lower  lower case (root rules; the `lower` field)
 *   text   the token as written
 *   base   text.fold of the token without its possessive clitic ("Armenia’s" -> "armenia")
 * Only tokens of the chosen kinds count (default: words and numbers).
 */
typedef enum { BY_NORM, BY_LOWER, BY_TEXT, BY_BASE } term_form;

typedef struct {
    term_form by;
    unsigned kinds;          /* bit (1 << token_kind) for each kind kept */
} term_opts;

static const char *const FORM_NAMES[] = {"norm", "lower", "text", "base", NULL};
static const char *const KIND_NAMES[] = {
    "?", "word", "number", "punct", "symbol", "emoji", "url", "email", "handle", "hashtag", NULL,
};
#define ALL_KINDS 0x3FEu
#define DEFAULT_KINDS ((1u << TOKEN_WORD) | (1u << TOKEN_NUMBER))

/* The position of the string at index in names (from first), or raise "FN: unknown WHAT \"s\"". */
static int name_index(lua_State *L, int index, const char *const names[], int first, const char *fn,
                      const char *what)
{
    const char *s = lua_tostring(L, index);
    for (int i = first; s && names[i]; i++) {
        if (strcmp(s, names[i]) == 0)
            return i;
    }
    return luaL_error(L, "%s: unknown %s \"%s\"", fn, what, s ? s : luaL_typename(L, index));
}

unsigned token_kinds_read(lua_State *L, int index, const char *fn)
{
    if (lua_type(L, index) == LUA_TSTRING && strcmp(lua_tostring(L, index), "all") == 0)
        return ALL_KINDS;
    if (!lua_istable(L, index))
        luaL_error(L, "%s: kinds must be an array of token kinds or \"all\"", fn);
    unsigned kinds = 0;
    lua_Integer n = luaL_len(L, index);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, index, i);
        kinds |= 1u << name_index(L, -1, KIND_NAMES, 1, fn, "token kind");
        lua_pop(L, 1);
    }
    return kinds;
}

/* Read {by=, kinds=} from the table at index (0 or a non-table: defaults). */
static term_opts read_term_opts(lua_State *L, int index)
{
    term_opts o = {BY_NORM, DEFAULT_KINDS};
    if (!index || !lua_istable(L, index))
        return o;
    if (lua_getfield(L, index, "by") != LUA_TNIL)
        o.by = (term_form)name_index(L, -1, FORM_NAMES, 0, "stats", "term form (by=)");
    if (lua_getfield(L, index, "kinds") != LUA_TNIL)
        o.kinds = token_kinds_read(L, lua_gettop(L), "stats");
    lua_pop(L, 2);
    return o;
}

/* ---- the term of one token ---- */

/* Scratch space for a term: short ASCII terms live in buf; others in heap, which the box frees. */
typedef struct {
    char buf[128];
    char *heap;              /* malloc'd by unitext; freed by term_release or the box's __gc */
} term_scratch;

#define SCRATCH_TYPE "parley.StatsScratch"

static int scratch_gc(lua_State *L)
{
    term_scratch *s = luaL_checkudata(L, 1, SCRATCH_TYPE);
    free(s->heap);
    s->heap = NULL;
    return 0;
}

/* A scratch in a userdata on the stack, so a raise while it holds heap memory frees it. */
static term_scratch *scratch_push(lua_State *L)
{
    term_scratch *s = lua_newuserdatauv(L, sizeof *s, 0);
    s->heap = NULL;
    luaL_setmetatable(L, SCRATCH_TYPE);
    return s;
}

static void term_release(term_scratch *s)
{
    free(s->heap);
    s->heap = NULL;
}

static int ascii_only(const char *s, size_t len)
{
    unsigned char any = 0;
    for (size_t i = 0; i < len; i++)
        any |= (unsigned char)s[i];
    return any < 0x80;
}

/*
 * The term of token tok in form by: a pointer into the text, scratch->buf or
 * scratch->heap (valid until term_release); length in *len. Raises on ENOMEM.
 * ASCII needs no Unicode tables: fold and lower are both a byte map there.
 */
static const char *term_of(lua_State *L, const parley_doc *doc, const seg_token *tok, term_form by,
                           term_scratch *scratch, size_t *len)
{
    const char *s = doc->text + tok->start;
    size_t n = tok->stop - tok->start - (by == BY_BASE ? tok->suffix_len : 0);
    *len = n;
    if (by == BY_TEXT)
        return s;
    if (text_lower_ascii(s, n, scratch->buf, sizeof scratch->buf))
        return scratch->buf;
    ptrdiff_t r = by == BY_LOWER ? text_lower(s, n, TEXT_LANG_ROOT, &scratch->heap)
                                 : text_fold(s, n, &scratch->heap);
    if (r < 0)
        luaL_error(L, "stats: %s", parley_errmsg((int)r));
    *len = (size_t)r;
    return scratch->heap;
}

/* Push the term of tok. */
static void term_push(lua_State *L, const parley_doc *doc, const seg_token *tok, term_form by,
                      term_scratch *scratch)
{
    size_t len;
    const char *t = term_of(L, doc, tok, by, scratch, &len);
    lua_pushlstring(L, t, len);
    term_release(scratch);
}

static int kept(const term_opts *o, const seg_token *tok)
{
    return (o->kinds >> tok->kind) & 1u;
}

/* ---- Doc methods ---- */

/*
 * doc:count_terms(counts [, {by=, kinds=}]) -> counts, n
 * Adds 1 to counts[term] for every token of the chosen kinds; n is how many
 * tokens were counted. counts is any table (usually shared across documents).
 */
static int doc_count_terms(lua_State *L)
{
    parley_doc *doc = doc_check(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    term_opts o = read_term_opts(L, 3);
    const seg_result *seg = doc_segmentation(L, 1);
    term_scratch *scratch = scratch_push(L);
    lua_Integer n = 0;
    for (size_t i = 0; i < seg->ntokens; i++) {
        if (!kept(&o, &seg->tokens[i]))
            continue;
        term_push(L, doc, &seg->tokens[i], o.by, scratch);
        lua_pushvalue(L, -1);
        lua_Integer c = lua_rawget(L, 2) == LUA_TNUMBER ? lua_tointeger(L, -1) : 0;
        lua_pop(L, 1);
        lua_pushinteger(L, c + 1);
        lua_rawset(L, 2);
        n++;
    }
    lua_pushvalue(L, 2);
    lua_pushinteger(L, n);
    return 2;
}

/*
 * doc:terms([{by=, kinds=}]) -> array of the terms of the kept tokens in text
 * order, with one `false` wherever a run of kept tokens is broken: by a token
 * of another kind (punctuation, by default) or by the start of a sentence.
 * No false comes first or last, and never two in a row. N-grams and
 * collocation windows are read from this array and never cross a false.
 */
static int doc_terms(lua_State *L)
{
    parley_doc *doc = doc_check(L, 1);
    term_opts o = read_term_opts(L, 2);
    const seg_result *seg = doc_segmentation(L, 1);
    term_scratch *scratch = scratch_push(L);
    lua_createtable(L, (int)(seg->ntokens < 1u << 24 ? seg->ntokens : 0), 0);
    lua_Integer n = 0;
    int broken = 0;
    for (size_t i = 0; i < seg->ntokens; i++) {
        const seg_token *tok = &seg->tokens[i];
        broken |= i > 0 && tok->sentence != seg->tokens[i - 1].sentence;
        if (!kept(&o, tok)) {
            broken = 1;
            continue;
        }
        if (broken && n > 0) {
            lua_pushboolean(L, 0);
            lua_rawseti(L, -2, ++n);
        }
        broken = 0;
        term_push(L, doc, tok, o.by, scratch);
        lua_rawseti(L, -2, ++n);
    }
    return 1;
}

/*
 * Whether token tok is in the stop set at index (0: no set). The set holds
 * folded words, so terms in other forms (text, lower) are folded to look.
 */
static int is_stop(lua_State *L, int stop, const parley_doc *doc, const seg_token *tok, term_form by,
                   term_scratch *scratch)
{
    if (!stop)
        return 0;
    term_push(L, doc, tok, by == BY_BASE ? BY_BASE : BY_NORM, scratch);
    int found = lua_rawget(L, stop) != LUA_TNIL;
    lua_pop(L, 1);
    return found;
}

/* The n-gram of the n terms in ring (slot k holds run position p with p % n == k - 1), from position first. */
static void count_ngram(lua_State *L, int counts, int ring, lua_Integer n, lua_Integer first)
{
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (lua_Integer k = 0; k < n; k++) {
        if (k > 0)
            luaL_addchar(&b, ' ');
        lua_rawgeti(L, ring, (first + k) % n + 1);
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    lua_pushvalue(L, -1);
    lua_Integer c = lua_rawget(L, counts) == LUA_TNUMBER ? lua_tointeger(L, -1) : 0;
    lua_pop(L, 1);
    lua_pushinteger(L, c + 1);
    lua_rawset(L, counts);
}

/*
 * doc:count_ngrams(counts, n [, {by=, kinds=, stop=}]) -> counts, total
 * Adds 1 to counts["w1 w2 ... wn"] for every n consecutive kept tokens that
 * doc:terms() would give without a false between them (no sentence start,
 * no token of another kind). stop: a set {folded word = true}; an n-gram
 * whose first or last word is in it is not added, but counts in total.
 */
static int doc_count_ngrams(lua_State *L)
{
    parley_doc *doc = doc_check(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_Integer n = luaL_checkinteger(L, 3);
    luaL_argcheck(L, n >= 1 && n <= 64, 3, "n must be between 1 and 64");
    term_opts o = read_term_opts(L, 4);
    int stop = lua_istable(L, 4) && lua_getfield(L, 4, "stop") == LUA_TTABLE ? lua_gettop(L) : 0;
    const seg_result *seg = doc_segmentation(L, 1);
    term_scratch *scratch = scratch_push(L);
    lua_createtable(L, (int)n, 0);
    int ring = lua_gettop(L);
    unsigned char *stopped = lua_newuserdatauv(L, (size_t)n, 0);   /* per ring slot: a stop word? */
    lua_Integer run = 0, total = 0;
    for (size_t i = 0; i < seg->ntokens; i++) {
        const seg_token *tok = &seg->tokens[i];
        if (i > 0 && tok->sentence != seg->tokens[i - 1].sentence)
            run = 0;
        if (!kept(&o, tok)) {
            run = 0;
            continue;
        }
        term_push(L, doc, tok, o.by, scratch);
        lua_rawseti(L, ring, run % n + 1);
        stopped[run % n] = (unsigned char)is_stop(L, stop, doc, tok, o.by, scratch);
        if (++run < n)
            continue;
        total++;
        lua_Integer first = run - n;
        if (!stopped[first % n] && !stopped[(first + n - 1) % n])
            count_ngram(L, 2, ring, n, first);
    }
    lua_pushvalue(L, 2);
    lua_pushinteger(L, total);
    return 2;
}

/* pairs[a][b] += 1, with a and b at ring slots sa and sb. */
static void count_pair(lua_State *L, int pairs, int ring, lua_Integer sa, lua_Integer sb)
{
    lua_rawgeti(L, ring, sa);
    lua_pushvalue(L, -1);
    if (lua_rawget(L, pairs) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -2);
        lua_pushvalue(L, -2);
        lua_rawset(L, pairs);
    }
    lua_rawgeti(L, ring, sb);
    lua_pushvalue(L, -1);
    lua_Integer c = lua_rawget(L, -3) == LUA_TNUMBER ? lua_tointeger(L, -1) : 0;
    lua_pop(L, 1);
    lua_pushinteger(L, c + 1);
    lua_rawset(L, -3);
    lua_pop(L, 2);
}

/*
 * doc:count_pairs(pairs, window [, {by=, kinds=}]) -> pairs, n
 * For every term a and every term b at most window terms after it in the
 * same run (as in count_ngrams), adds 1 to pairs[a][b] (creating pairs[a]);
 * n is the number of pairs added. Window 1 gives the bigrams.
 */
static int doc_count_pairs(lua_State *L)
{
    parley_doc *doc = doc_check(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_Integer window = luaL_checkinteger(L, 3);
    luaL_argcheck(L, window >= 1 && window <= 64, 3, "window must be between 1 and 64");
    term_opts o = read_term_opts(L, 4);
    const seg_result *seg = doc_segmentation(L, 1);
    term_scratch *scratch = scratch_push(L);
    lua_Integer size = window + 1;
    lua_createtable(L, (int)size, 0);
    int ring = lua_gettop(L);
    lua_Integer run = 0, n = 0;
    for (size_t i = 0; i < seg->ntokens; i++) {
        const seg_token *tok = &seg->tokens[i];
        if (i > 0 && tok->sentence != seg->tokens[i - 1].sentence)
            run = 0;
        if (!kept(&o, tok)) {
            run = 0;
            continue;
        }
        term_push(L, doc, tok, o.by, scratch);
        lua_rawseti(L, ring, run % size + 1);
        for (lua_Integer back = 1; back <= window && back <= run; back++, n++)
            count_pair(L, 2, ring, (run - back) % size + 1, run % size + 1);
        run++;
    }
    lua_pushvalue(L, 2);
    lua_pushinteger(L, n);
    return 2;
}

/* A word to match: a term, or a prefix when it was written with a final `*`. */
typedef struct {
    const char *s;
    size_t len;
    int prefix;
} match_word;

static int word_matches(const match_word *w, const char *t, size_t len)
{
    if (w->prefix)
        return len >= w->len && memcmp(t, w->s, w->len) == 0;
    return len == w->len && memcmp(t, w->s, len) == 0;
}

/* Whether the tokens from first on match all nwords words. */
static int sequence_matches(lua_State *L, const parley_doc *doc, const seg_result *seg, size_t first,
                            const match_word *words, size_t nwords, term_form by, term_scratch *scratch)
{
    if (first + nwords > seg->ntokens)
        return 0;
    for (size_t k = 0; k < nwords; k++) {
        size_t len;
        const char *t = term_of(L, doc, &seg->tokens[first + k], by, scratch, &len);
        int ok = word_matches(&words[k], t, len);
        term_release(scratch);
        if (!ok)
            return 0;
    }
    return 1;
}

/* Read the array of words at index into a userdata-backed array (anchored on the stack). */
static match_word *read_words(lua_State *L, int index, size_t *nwords)
{
    luaL_checktype(L, index, LUA_TTABLE);
    lua_Integer n = luaL_len(L, index);
    luaL_argcheck(L, n >= 1, index, "at least one word");
    match_word *words = lua_newuserdatauv(L, (size_t)n * sizeof *words, 0);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, index, i);
        size_t len;
        const char *s = luaL_checklstring(L, -1, &len);   /* anchored by the words table */
        lua_pop(L, 1);
        int prefix = len > 1 && s[len - 1] == '*';
        words[i - 1] = (match_word){s, len - (size_t)prefix, prefix};
    }
    *nwords = (size_t)n;
    return words;
}

static unsigned char ascii_lower_byte(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + ('a' - 'A')) : c;
}

/* Whether w (ASCII, lower case unless exact) occurs in s, ignoring ASCII case unless exact. */
static int contains_ascii(const char *s, size_t len, const char *w, size_t wlen, int exact)
{
    if (exact || wlen == 0)
        return wlen == 0 || memmem(s, len, w, wlen) != NULL;
    for (size_t i = 0; i + wlen <= len; i++) {
        size_t k = 0;
        while (k < wlen && ascii_lower_byte((unsigned char)s[i + k]) == (unsigned char)w[k])
            k++;
        if (k == wlen)
            return 1;
    }
    return 0;
}

/*
 * Whether the doc cannot hold a match of word, judged from its bytes alone so
 * that it need not be segmented. Only for ASCII text, where every term is
 * the token's bytes or their ASCII lower case; elsewhere fold may turn other
 * letters into these (é into e, ﬁ into fi), so the answer is "maybe".
 */
static int surely_absent(const parley_doc *doc, const match_word *word, term_form by)
{
    if (!ascii_only(word->s, word->len) || !ascii_only(doc->text, doc->len))
        return 0;
    return !contains_ascii(doc->text, doc->len, word->s, word->len, by == BY_TEXT);
}

/*
 * doc:find_tokens(words [, {by=}]) -> array of token indexes (1-based) where
 * a run of consecutive tokens (of any kind) matches words: an array of
 * terms in the form `by` (default norm), each compared whole, or as a prefix
 * when it ends in `*` ("negotiat*"; a lone "*" is the literal star).
 */
static int doc_find_tokens(lua_State *L)
{
    parley_doc *doc = doc_check(L, 1);
    size_t nwords;
    match_word *words = read_words(L, 2, &nwords);
    term_opts o = read_term_opts(L, 3);
    lua_newtable(L);
    for (size_t k = 0; k < nwords; k++) {
        if (surely_absent(doc, &words[k], o.by))
            return 1;
    }
    lua_pop(L, 1);
    const seg_result *seg = doc_segmentation(L, 1);
    term_scratch *scratch = scratch_push(L);
    lua_newtable(L);
    lua_Integer n = 0;
    for (size_t i = 0; i < seg->ntokens; i++) {
        if (sequence_matches(L, doc, seg, i, words, nwords, o.by, scratch)) {
            lua_pushinteger(L, (lua_Integer)i + 1);
            lua_rawseti(L, -2, ++n);
        }
    }
    return 1;
}

/*
 * A terms table compiled for find_terms: its strings sorted by first byte,
 * with first[b] the start of the terms beginning with byte b. Extractors pass
 * the same table for every Doc, and sorting it each time cost more than the
 * search, so the compiled set is kept per table (weak keys) and used again
 * while the table holds the same string objects in the same places. The set
 * anchors those strings, so an address seen again is the same string.
 */
typedef struct {
    size_t n;               /* entries of the table */
    size_t nterms;          /* terms kept (the non-empty ones) */
    size_t first[257];
    const char **seen;      /* the table's strings in its order */
    match_word *terms;      /* sorted by first byte */
} term_set;

static const char TERM_SETS = 'T';   /* registry: terms table -> term_set userdata */

static int by_first_byte(const void *a, const void *b)
{
    const match_word *x = a, *y = b;
    return (int)(unsigned char)x->s[0] - (int)(unsigned char)y->s[0];
}

/* Compile the terms table at index into a new term_set, pushed (a userdata anchoring the strings). */
static term_set *compile_terms(lua_State *L, int index)
{
    size_t n = lua_rawlen(L, index);
    term_set *set = lua_newuserdatauv(L, sizeof *set + n * (sizeof *set->seen + sizeof *set->terms), 1);
    set->n = n;
    set->seen = (const char **)(set + 1);
    set->terms = (match_word *)(set->seen + n);
    lua_createtable(L, (int)n, 0);   /* the anchor */
    size_t k = 0;
    for (size_t i = 1; i <= n; i++) {
        lua_rawgeti(L, index, (lua_Integer)i);
        size_t len;
        const char *s = luaL_checklstring(L, -1, &len);
        lua_rawseti(L, -2, (lua_Integer)i);
        set->seen[i - 1] = s;
        int prefix = len > 1 && s[len - 1] == '*';
        if (len > 0)
            set->terms[k++] = (match_word){s, len - (size_t)prefix, prefix};
    }
    lua_setiuservalue(L, -2, 1);
    qsort(set->terms, k, sizeof *set->terms, by_first_byte);
    size_t t = 0;
    for (int b = 0; b < 256; b++) {
        set->first[b] = t;
        while (t < k && (unsigned char)set->terms[t].s[0] == b)
            t++;
    }
    set->first[256] = k;
    set->nterms = k;
    return set;
}

/* Whether the table at index still holds the strings the set was made from. */
static int terms_unchanged(lua_State *L, int index, const term_set *set)
{
    if (lua_rawlen(L, index) != set->n)
        return 0;
    int same = 1;
    for (size_t i = 0; i < set->n && same; i++) {
        lua_rawgeti(L, index, (lua_Integer)i + 1);
        same = lua_type(L, -1) == LUA_TSTRING && lua_tostring(L, -1) == set->seen[i];
        lua_pop(L, 1);
    }
    return same;
}

/* The compiled set of the terms table at index, pushed (anchored on the stack). */
static const term_set *terms_arg(lua_State *L, int index)
{
    luaL_checktype(L, index, LUA_TTABLE);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &TERM_SETS);
    int cache = lua_gettop(L);
    lua_pushvalue(L, index);
    lua_rawget(L, cache);
    term_set *set = lua_touserdata(L, -1);
    if (!set || !terms_unchanged(L, index, set)) {
        lua_pop(L, 1);
        set = compile_terms(L, index);
        lua_pushvalue(L, index);
        lua_pushvalue(L, -2);
        lua_rawset(L, cache);
    }
    lua_remove(L, cache);
    return set;
}

/*
 * doc:find_terms(terms [, {by=, kinds=}]) -> array of token indexes (1-based),
 * in order, of the tokens (of the chosen kinds) whose term (in the form `by`,
 * default norm) is one of terms, or starts with one written with a final `*`
 * ("delimit*"). A lexicon of words and stems found in one pass in C, where a
 * Lua loop would read every token.
 */
static int doc_find_terms(lua_State *L)
{
    parley_doc *doc = doc_check(L, 1);
    const term_set *set = terms_arg(L, 2);
    const match_word *terms = set->terms;
    const size_t *first = set->first;
    size_t nterms = set->nterms;
    term_opts o = read_term_opts(L, 3);
    const seg_result *seg = doc_segmentation(L, 1);
    term_scratch *scratch = scratch_push(L);
    lua_newtable(L);
    lua_Integer n = 0;
    for (size_t i = 0; nterms > 0 && i < seg->ntokens; i++) {
        if (!kept(&o, &seg->tokens[i]))
            continue;
        size_t len;
        const char *t = term_of(L, doc, &seg->tokens[i], o.by, scratch, &len);
        int hit = 0;
        if (len > 0) {
            unsigned char b = (unsigned char)t[0];
            for (size_t k = first[b]; k < first[b + 1] && !hit; k++)
                hit = word_matches(&terms[k], t, len);
        }
        term_release(scratch);
        if (hit) {
            lua_pushinteger(L, (lua_Integer)i + 1);
            lua_rawseti(L, -2, ++n);
        }
    }
    return 1;
}

/* The token index argument at arg, checked against the doc's tokens; 0-based. */
static size_t check_token_index(lua_State *L, int arg, const seg_result *seg)
{
    lua_Integer i = luaL_checkinteger(L, arg);
    luaL_argcheck(L, i >= 1 && (lua_Unsigned)i <= seg->ntokens, arg, "token index out of range");
    return (size_t)(i - 1);
}

/*
 * doc:token_info(i) -> start, stop, kind, sentence: token i's bytes (1-based,
 * inclusive), its kind name and its sentence (1-based); without making a Span.
 */
static int doc_token_info(lua_State *L)
{
    doc_check(L, 1);
    const seg_result *seg = doc_segmentation(L, 1);
    const seg_token *tok = &seg->tokens[check_token_index(L, 2, seg)];
    lua_pushinteger(L, (lua_Integer)tok->start + 1);
    lua_pushinteger(L, (lua_Integer)tok->stop);
    lua_pushstring(L, KIND_NAMES[tok->kind < 10 ? tok->kind : 0]);
    lua_pushinteger(L, (lua_Integer)tok->sentence + 1);
    return 4;
}

/*
 * doc:token_at(byte) -> the index (1-based) of the token that contains byte
 * (1-based), or else of the first token after it; #doc:tokens() + 1 when none.
 */
static int doc_token_at(lua_State *L)
{
    doc_check(L, 1);
    const seg_result *seg = doc_segmentation(L, 1);
    lua_Integer byte = luaL_checkinteger(L, 2);
    size_t off = byte < 1 ? 0 : (size_t)(byte - 1);
    size_t lo = seg_token_from(seg, off);
    lua_pushinteger(L, (lua_Integer)lo + 1);
    return 1;
}

/* ---- context of a match (KWIC) ---- */

/*
 * Push an array of up to n words (tokens other than punctuation) stepping
 * from token i by step (-1 or 1), nearest first; *edge becomes the outer
 * byte edge of the last token looked at (punctuation included).
 */
static void push_context_words(lua_State *L, const parley_doc *doc, const seg_result *seg, ptrdiff_t i,
                               int step, lua_Integer n, size_t *edge)
{
    lua_createtable(L, (int)(n < 64 ? n : 64), 0);
    lua_Integer k = 0;
    for (; k < n && i >= 0 && (size_t)i < seg->ntokens; i += step) {
        const seg_token *tok = &seg->tokens[i];
        *edge = step < 0 ? tok->start : tok->stop;
        if (tok->kind == TOKEN_PUNCT)
            continue;
        lua_pushlstring(L, doc->text + tok->start, tok->stop - tok->start);
        lua_rawseti(L, -2, ++k);
    }
}

/* Push s with every run of ASCII white space (newlines too) made one space. */
static void push_squeezed(lua_State *L, const char *s, size_t len)
{
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    int in_space = 0;
    for (size_t i = 0; i < len; i++) {
        int space = s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r');
        if (!space)
            luaL_addchar(&b, s[i]);
        else if (!in_space)
            luaL_addchar(&b, ' ');
        in_space = space;
    }
    luaL_pushresult(&b);
}

/*
 * doc:context(start, stop, left, right) -> lwords, rwords, ltext, rtext
 * The context of the bytes start..stop (1-based, inclusive; a match, which
 * may begin or end inside a token): up to `left` words before the token
 * holding start and `right` words after the token holding stop, nearest
 * first (punctuation is skipped, not counted); and the text from the
 * farthest of them to the match and from the match to it, white space
 * squeezed to single spaces. A context cut short by the document's start or
 * end runs to its first or last token.
 */
static int doc_context(lua_State *L)
{
    parley_doc *doc = doc_check(L, 1);
    lua_Integer start = luaL_checkinteger(L, 2), stop = luaL_checkinteger(L, 3);
    lua_Integer left = luaL_checkinteger(L, 4), right = luaL_checkinteger(L, 5);
    luaL_argcheck(L, start >= 1 && stop >= start - 1 && (size_t)stop <= doc->len, 2, "byte range out of the document");
    const seg_result *seg = doc_segmentation(L, 1);
    size_t s = (size_t)start - 1, e = (size_t)stop;   /* [s, e) */
    size_t first = seg_token_from(seg, s), after = seg_token_from(seg, e > s ? e - 1 : s);
    if (after < seg->ntokens && seg->tokens[after].start < e)
        after++;   /* the token holding the last byte is part of the match */
    size_t ledge = s, redge = e;
    push_context_words(L, doc, seg, (ptrdiff_t)first - 1, -1, left, &ledge);
    push_context_words(L, doc, seg, (ptrdiff_t)after, 1, right, &redge);
    push_squeezed(L, doc->text + ledge, s - ledge);
    push_squeezed(L, doc->text + e, redge - e);
    return 4;
}

/* ---- registration ---- */

static const luaL_Reg stats_doc_methods[] = {
    {"count_terms", doc_count_terms},
    {"terms", doc_terms},
    {"count_ngrams", doc_count_ngrams},
    {"count_pairs", doc_count_pairs},
    {"find_tokens", doc_find_tokens},
    {"find_terms", doc_find_terms},
    {"token_info", doc_token_info},
    {"token_at", doc_token_at},
    {"context", doc_context},
    {NULL, NULL},
};

/* Add the methods above to the Doc methods (lua_doc.c registers the Doc type first). */
void stats_register(lua_State *L)
{
    luaL_newmetatable(L, SCRATCH_TYPE);
    lua_pushcfunction(L, scratch_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);
    luaL_getmetatable(L, PARLEY_DOC_TYPE);
    lua_getfield(L, -1, "methods");
    luaL_setfuncs(L, stats_doc_methods, 0);
    lua_pop(L, 2);
    lua_newtable(L);   /* compiled terms tables, dropped with their tables */
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &TERM_SETS);
}
