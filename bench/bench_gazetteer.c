/* bench_gazetteer.c: matching 100k aliases over a corpus (gaz_find, doc:match) against a plain scan of the bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "bench.h"
#include "gazetteer.h"
#include "loader.h"
#include "parley.h"
#include "runtime.h"
#include "segment.h"

/*
 * bench_gazetteer scan|names|pairs|lua CORPUS
 *
 * The corpus is loaded and segmented first, outside the timing: matching
 * is priced on its own (the segment stage has the segmenter), and the
 * extra field gives the segmentation time too.
 *
 * scan:  the baseline: one pass over the same bytes counting word starts,
 *        the least any matcher must do.
 * names: gaz_find (longest match) with 100,000 generated person aliases
 *        ("Aram Name77yan") and 12 real names and places of the corpus, as
 *        tests/lua/match.lua builds them: few tokens start a trie walk.
 * pairs: gaz_find with 100,000 distinct word pairs taken from the corpus
 *        itself, so most tokens start a walk: the hard case.
 * lua:   the names list through the Lua API scripts use: match.phrases,
 *        then doc:match on Docs whose tokens were made before the timing.
 */

#define NALIASES 100000

static const char *const first_names[] = {"Anna", "Aram", "Boris", "Davit", "Elena", "Farid", "Gohar",
                                          "Hasan", "James", "Karen", "Leyla", "Mariam", "Nikol", "Oleg",
                                          "Paul", "Robert"};
static const char *const real_names[] = {"james baker", "paul volcker", "ronald reagan", "west germany",
                                         "united states", "japan", "opec", "soviet union", "saudi arabia",
                                         "brazil", "mexico", "canada"};

typedef struct {
    char **texts;
    size_t *lens;
    seg_result *segs;
    size_t n;
    double bytes, tokens, segment_secs;
} corpus;

static int prepare(const bench_corpus *c, const seg_rules *rules, corpus *k)
{
    k->texts = calloc(c->ndocs, sizeof *k->texts);
    k->lens = calloc(c->ndocs, sizeof *k->lens);
    k->segs = calloc(c->ndocs, sizeof *k->segs);
    if (!k->texts || !k->lens || !k->segs)
        return -1;
    for (size_t i = 0; i < c->ndocs; i++) {
        load_result r;
        int loaded = bench_corpus_load(c, i, &r);
        if (loaded < 0)
            return -1;
        if (!loaded)
            continue;
        double t0 = bench_cpu_now();
        if (segment_text(rules, r.text, r.len, &k->segs[k->n]) != 0)
            return -1;
        k->segment_secs += bench_cpu_now() - t0;
        k->tokens += (double)k->segs[k->n].ntokens;
        k->texts[k->n] = r.text;
        k->lens[k->n++] = r.len;
        k->bytes += (double)r.len;
        r.text = NULL;
        load_result_free(&r);
    }
    return 0;
}

/* ---- the aliases ---- */

static int add_alias(gazetteer *g, const seg_rules *rules, const char *alias, size_t len, size_t *n)
{
    int added;
    long rc = gaz_add(g, rules, alias, len, "PERSON", 6, alias, len, &added);
    if (rc == PARLEY_ENOMEM)
        return -1;
    *n += rc >= 0 && added;
    return 0;
}

static int names_gazetteer(gazetteer *g, const seg_rules *rules)
{
    char alias[64];
    size_t n = 0;
    for (int i = 0; i < NALIASES - 12; i++) {
        int len = snprintf(alias, sizeof alias, "%s Name%dyan", first_names[i % 16], i / 16);
        if (add_alias(g, rules, alias, (size_t)len, &n) < 0)
            return -1;
    }
    for (int i = 0; i < 12; i++)
        if (add_alias(g, rules, real_names[i], strlen(real_names[i]), &n) < 0)
            return -1;
    return 0;
}

static int is_alpha_start(const char *s)
{
    unsigned char c = (unsigned char)s[0];
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0xC0;
}

/* NALIASES distinct adjacent word pairs of the corpus (fewer if it has fewer). */
static int pairs_gazetteer(gazetteer *g, const seg_rules *rules, const corpus *k)
{
    size_t n = 0;
    char alias[512];
    for (size_t d = 0; d < k->n && n < NALIASES; d++) {
        const seg_result *s = &k->segs[d];
        for (size_t i = 0; i + 1 < s->ntokens && n < NALIASES; i++) {
            const seg_token *a = &s->tokens[i], *b = &s->tokens[i + 1];
            size_t la = a->stop - a->start, lb = b->stop - b->start;
            if (a->kind != TOKEN_WORD || b->kind != TOKEN_WORD || la + lb + 2 > sizeof alias ||
                !is_alpha_start(k->texts[d] + a->start) || !is_alpha_start(k->texts[d] + b->start))
                continue;
            memcpy(alias, k->texts[d] + a->start, la);
            alias[la] = ' ';
            memcpy(alias + la + 1, k->texts[d] + b->start, lb);
            if (add_alias(g, rules, alias, la + 1 + lb, &n) < 0)
                return -1;
        }
    }
    return 0;
}

/* ---- the runs ---- */

/* The baseline: word starts, one pass over the bytes. */
static double scan(const corpus *k)
{
    double starts = 0;
    for (size_t d = 0; d < k->n; d++) {
        const unsigned char *p = (const unsigned char *)k->texts[d];
        int in_word = 0;
        for (size_t i = 0; i < k->lens[d]; i++) {
            int w = p[i] > ' ';
            starts += w && !in_word;
            in_word = w;
        }
    }
    return starts;
}

static double find_all(gazetteer *g, const corpus *k)
{
    gaz_hits h = {0};
    double hits = 0;
    for (size_t d = 0; d < k->n; d++) {
        if (gaz_find(g, k->texts[d], &k->segs[d], 0, (uint32_t)k->segs[d].ntokens, 1, &h) != 0)
            return -1;
        hits += (double)h.n;
    }
    gaz_hits_free(&h);
    return hits;
}

/* The Lua side: keeps Docs (tokens made) in a table; match_all() returns the number of matches. */
static const char lua_chunk[] =
    "local match = require('parley.match')\n"
    "local first = {'Anna', 'Aram', 'Boris', 'Davit', 'Elena', 'Farid', 'Gohar', 'Hasan', 'James', 'Karen',\n"
    "               'Leyla', 'Mariam', 'Nikol', 'Oleg', 'Paul', 'Robert'}\n"
    "local list = {name = 'big'}\n"
    "for i = 0, 100000 - 13 do\n"
    "  list[#list + 1] = {string.format('%s Name%dyan', first[i % 16 + 1], i // 16), label = 'PERSON'}\n"
    "end\n"
    "for _, s in ipairs{'james baker', 'paul volcker', 'ronald reagan', 'west germany', 'united states',\n"
    "                   'japan', 'opec', 'soviet union', 'saudi arabia', 'brazil', 'mexico', 'canada'} do\n"
    "  list[#list + 1] = {s, label = 'PLACE'}\n"
    "end\n"
    "local gaz = match.phrases(list)\n"
    "local docs = {}\n"
    "local function add(text) local d = parley.doc(text); d:tokens(); docs[#docs + 1] = d end\n"
    "local function match_all()\n"
    "  local n = 0\n"
    "  for _, d in ipairs(docs) do n = n + #d:match(gaz) end\n"
    "  return n\n"
    "end\n"
    "return add, match_all\n";

/* A runtime with the Lua side loaded and every document added; match_all left at index 2. */
static lua_State *lua_prepare(const corpus *k)
{
    runtime_opts opts = {0};
    lua_State *L = runtime_new(&opts);
    if (!L || luaL_loadbuffer(L, lua_chunk, sizeof lua_chunk - 1, "=bench_gazetteer") != LUA_OK ||
        runtime_pcall(L, 0, 2) != LUA_OK) {
        fprintf(stderr, "bench_gazetteer: %s\n", L ? lua_tostring(L, -1) : "out of memory");
        return NULL;
    }
    for (size_t d = 0; d < k->n; d++) {
        lua_pushvalue(L, 1);
        lua_pushlstring(L, k->texts[d], k->lens[d]);
        if (runtime_pcall(L, 1, 0) != LUA_OK) {
            fprintf(stderr, "bench_gazetteer: %s\n", lua_tostring(L, -1));
            return NULL;
        }
    }
    return L;
}

static double lua_match_all(lua_State *L)
{
    lua_pushvalue(L, 2);
    if (runtime_pcall(L, 0, 1) != LUA_OK) {
        fprintf(stderr, "bench_gazetteer: %s\n", lua_tostring(L, -1));
        return -1;
    }
    double n = lua_tonumber(L, -1);
    lua_pop(L, 1);
    return n;
}

int main(int argc, char **argv)
{
    const char *usage = "bench_gazetteer scan|names|pairs|lua CORPUS";
    if (argc != 3)
        bench_usage(usage);
    const char *mode = argv[1];
    if (strcmp(mode, "scan") && strcmp(mode, "names") && strcmp(mode, "pairs") && strcmp(mode, "lua"))
        bench_usage(usage);
    seg_rules *rules = seg_rules_new();
    bench_corpus c;
    corpus k = {0};
    if (!rules || bench_load_abbreviations(rules) < 0 || bench_corpus_open(&c, argv[2]) < 0 ||
        prepare(&c, rules, &k) < 0) {
        fprintf(stderr, "bench_gazetteer: cannot prepare the corpus\n");
        return 1;
    }
    gazetteer *g = NULL;
    lua_State *L = NULL;
    double b0 = bench_cpu_now();
    if (strcmp(mode, "names") == 0 || strcmp(mode, "pairs") == 0) {
        g = gaz_new();
        if (!g || (mode[0] == 'n' ? names_gazetteer(g, rules) : pairs_gazetteer(g, rules, &k)) < 0)
            return 1;
    } else if (strcmp(mode, "lua") == 0 && !(L = lua_prepare(&k))) {
        return 1;
    }
    double build = bench_cpu_now() - b0;   /* lua: includes making the Docs and their tokens */
    double t0 = bench_now(), c0 = bench_cpu_now();
    double count = g ? find_all(g, &k) : L ? lua_match_all(L) : scan(&k);
    double secs = bench_now() - t0, cpu = bench_cpu_now() - c0;
    if (count < 0)
        return 1;
    char extra[256];
    snprintf(extra, sizeof extra, "aliases=%zu words=%zu build_cpu_secs=%.2f matches=%.0f tokens=%.0f "
             "segment_cpu_secs=%.2f", g ? gaz_entries(g) : 0, g ? gaz_words(g) : 0, build, count, k.tokens,
             k.segment_secs);
    const char *impl = strcmp(mode, "scan") == 0    ? "plain scan of the bytes"
                       : strcmp(mode, "names") == 0 ? "parley gaz_find, 100k name aliases"
                       : strcmp(mode, "pairs") == 0 ? "parley gaz_find, 100k corpus word pairs"
                                                    : "parley doc:match (Lua), 100k name aliases";
    bench_result("gazetteer", c.label, impl, k.bytes, k.n, secs, cpu, extra);
    gaz_free(g);
    if (L)
        runtime_close(L);
    for (size_t d = 0; d < k.n; d++) {
        free(k.texts[d]);
        seg_result_free(&k.segs[d]);
    }
    free(k.texts);
    free(k.lens);
    free(k.segs);
    bench_corpus_free(&c);
    seg_rules_free(rules);
    return 0;
}
