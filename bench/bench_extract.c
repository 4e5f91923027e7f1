/* bench_extract.c: the briefing's extractors (parley.extract) over a corpus, for comparison with wink-nlp's readDoc. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "bench.h"
#include "runtime.h"

/*
 * bench_extract CORPUS [REPEAT]
 *
 * Per document, what the bundled briefing asks of it: parley.doc(text)
 * (load), then extract.actors, quotes, issues, relations, dates and
 * numbers. The documents are read
 * first; the timing covers the Lua calls, one per document, in one
 * runtime. One document is extracted before the timing so that modules,
 * gazetteers and lexicons are built once, as in any run; that build time
 * is reported apart, and so is the CPU time of each step (os.clock), to
 * show where the time goes: load + segmentation, then each extractor.
 *
 * The peer (bench/peer_wink.js) runs wink-nlp's readDoc on the same
 * texts: tokens, sentences, entities and parts of speech.
 */

static const char chunk[] =
    "local extract = require('parley.extract')\n"
    "local names = {'actors', 'quotes', 'issues', 'relations', 'dates', 'numbers'}\n"
    "local found, cpu = {}, {}\n"
    "for _, name in ipairs(names) do found[name], cpu[name] = 0, 0 end\n"
    "local clock = os.clock\n"
    "local function one(text)\n"
    "  local t = clock()\n"
    "  local d = parley.doc(text)\n"
    "  d:tokens()\n"
    "  cpu.doc = (cpu.doc or 0) + clock() - t\n"
    "  for _, name in ipairs(names) do\n"
    "    t = clock()\n"
    "    found[name] = found[name] + #extract[name](d)\n"
    "    cpu[name] = cpu[name] + clock() - t\n"
    "  end\n"
    "end\n"
    "local function summary()\n"
    "  local out = {string.format('cpu_doc_and_tokens=%.2f', cpu.doc)}\n"
    "  for _, name in ipairs(names) do\n"
    "    out[#out + 1] = string.format('%s=%d cpu_%s=%.2f', name, found[name], name, cpu[name])\n"
    "  end\n"
    "  return table.concat(out, ' ')\n"
    "end\n"
    "return one, summary\n";

static int call_one(lua_State *L, const char *text, size_t len)
{
    lua_pushvalue(L, 1);
    lua_pushlstring(L, text, len);
    if (runtime_pcall(L, 1, 0) != LUA_OK) {
        fprintf(stderr, "bench_extract: %s\n", lua_tostring(L, -1));
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3)
        bench_usage("bench_extract CORPUS [REPEAT]");
    unsigned repeat = argc > 2 && atoi(argv[2]) > 0 ? (unsigned)atoi(argv[2]) : 1;
    bench_corpus c;
    if (bench_corpus_open(&c, argv[1]) < 0)
        return 1;
    char **texts = calloc(c.ndocs, sizeof *texts);
    size_t *lens = calloc(c.ndocs, sizeof *lens);
    for (size_t i = 0; i < c.ndocs; i++)
        if (bench_corpus_read(&c, i, &texts[i], &lens[i]) < 0) {
            perror("bench_extract: read");
            return 1;
        }
    runtime_opts opts = {0};
    lua_State *L = runtime_new(&opts);
    if (!L || luaL_loadbuffer(L, chunk, sizeof chunk - 1, "=bench_extract") != LUA_OK ||
        runtime_pcall(L, 0, 2) != LUA_OK) {
        fprintf(stderr, "bench_extract: %s\n", L ? lua_tostring(L, -1) : "out of memory");
        return 1;
    }
    double w0 = bench_cpu_now();
    if (call_one(L, texts[0], lens[0]) < 0)   /* warm-up: modules and gazetteers built once */
        return 1;
    double warm = bench_cpu_now() - w0;
    double t0 = bench_now(), c0 = bench_cpu_now();
    for (unsigned r = 0; r < repeat; r++)
        for (size_t i = 0; i < c.ndocs; i++)
            if (call_one(L, texts[i], lens[i]) < 0)
                return 1;
    double secs = bench_now() - t0, cpu = bench_cpu_now() - c0;
    lua_pushvalue(L, 2);
    runtime_pcall(L, 0, 1);
    char extra[1024], name[96];
    snprintf(extra, sizeof extra, "%s warmup_cpu_secs=%.2f lua_kb=%d", lua_tostring(L, -1), warm,
             lua_gc(L, LUA_GCCOUNT, 0));
    bench_corpus_name(&c, repeat, name, sizeof name);
    bench_result("extraction", name, "parley extract (6 extractors)", (double)c.bytes * repeat,
                 c.ndocs * repeat, secs, cpu, extra);
    runtime_close(L);
    for (size_t i = 0; i < c.ndocs; i++)
        free(texts[i]);
    free(texts);
    free(lens);
    bench_corpus_free(&c);
    return 0;
}
