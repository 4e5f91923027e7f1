/* bench_search.c: latency of corpus:search (bm25 + snippets) against a raw FTS5 MATCH of the same queries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <fcntl.h>

#include <lauxlib.h>
#include <lua.h>
#include <sqlite3.h>

#include "bench.h"
#include "runtime.h"

/*
 * bench_search raw|snippet|parley LABEL DB QUERIES [ROUNDS]
 * bench_search cli LABEL DB QUERIES PARLEY_BIN
 *
 * Every query of the QUERIES file (one per line) runs once untimed, then
 * ROUNDS times (default 10) timed one by one; the result is p50 and p95
 * of those latencies, wall-clock and CPU time (the CPU time of a parley
 * search CLI process is not seen: wall only). Both ask for the 20 best
 * hits by bm25.
 *
 * raw:    SELECT rowid, rank FROM documents_fts WHERE documents_fts MATCH ?
 *         ORDER BY rank LIMIT 20, stepped to the end: the index alone.
 * snippet: the query corpus:search runs (the join with documents for
 *         title, date and source, bm25, snippet()), stepped to the end in
 *         C: what SQLite itself spends on the answer parley gives, so
 *         parley's own cost is its time beyond this.
 * parley: corpus:search(q, {limit = 20}) through the Lua API in one
 *         runtime, as `parley search` and scripts call it: ids, titles,
 *         dates and a snippet per hit, as a Lua table.
 * cli:    the whole `parley --db DB search Q` command, one process per
 *         query (start-up included), once per query.
 */

#define LIMIT 20
#define MAX_QUERIES 256

static int read_queries(const char *path, char **queries)
{
    FILE *f = fopen(path, "r");
    char line[1024];
    int n = 0;
    if (!f) {
        perror(path);
        return -1;
    }
    while (n < MAX_QUERIES && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] && line[0] != '#')
            queries[n++] = strdup(line);
    }
    fclose(f);
    return n;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The q-quantile (nearest rank) of n sorted samples. */
static double quantile(const double *sorted, size_t n, double q)
{
    size_t rank = (size_t)(q * (double)n + 0.999999);
    return sorted[rank == 0 ? 0 : rank - 1];
}

/* ---- the searchers: run query q, return the number of hits or -1 ---- */

typedef struct {
    sqlite3 *db;
    sqlite3_stmt *stmt;
    lua_State *L;
    const char *db_path, *parley_bin;
} searcher;

static int search_raw(searcher *s, const char *q)
{
    int hits = 0, rc;
    sqlite3_bind_text(s->stmt, 1, q, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(s->stmt)) == SQLITE_ROW)
        hits++;
    sqlite3_reset(s->stmt);
    return rc == SQLITE_DONE ? hits : -1;
}

static int search_parley(searcher *s, const char *q)
{
    lua_pushvalue(s->L, 1);   /* the search function made in open_parley */
    lua_pushstring(s->L, q);
    if (runtime_pcall(s->L, 1, 1) != LUA_OK) {
        fprintf(stderr, "bench_search: %s\n", lua_tostring(s->L, -1));
        lua_pop(s->L, 1);
        return -1;
    }
    int hits = (int)lua_tointeger(s->L, -1);
    lua_pop(s->L, 1);
    return hits;
}

static int search_cli(searcher *s, const char *q)
{
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execl(s->parley_bin, s->parley_bin, "--db", s->db_path, "search", "--limit", "20", q, (char *)NULL);
        _exit(127);
    }
    int status;
    if (pid < 0 || waitpid(pid, &status, 0) < 0)
        return -1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int open_raw(searcher *s, int snippets)
{
    static const char index_only[] =
        "SELECT rowid, rank FROM documents_fts WHERE documents_fts MATCH ?1 ORDER BY rank LIMIT 20";
    /* engine/lua_corpus.c's SEARCH_SQL with its defaults bound */
    static const char with_snippets[] =
        "SELECT d.id, d.title, d.date, d.source, documents_fts.rank AS rank,"
        " snippet(documents_fts, 1, '[', ']', '…', 12) AS snippet"
        " FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid"
        " WHERE documents_fts MATCH ?1 ORDER BY documents_fts.rank LIMIT 20";
    const char *sql = snippets ? with_snippets : index_only;
    if (sqlite3_open_v2(s->db_path, &s->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, sql, -1, &s->stmt, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench_search: %s: %s\n", s->db_path, sqlite3_errmsg(s->db));
        return -1;
    }
    return 0;
}

static int open_parley(searcher *s)
{
    static const char chunk[] =
        "local corpus = assert(parley.open())\n"
        "return function(q) return #assert(corpus:search(q, {limit = 20})) end\n";
    runtime_opts opts = {.db_path = s->db_path, .readonly = 1};
    s->L = runtime_new(&opts);
    if (!s->L || luaL_loadbuffer(s->L, chunk, sizeof chunk - 1, "=bench_search") != LUA_OK ||
        runtime_pcall(s->L, 0, 1) != LUA_OK) {
        fprintf(stderr, "bench_search: %s\n", s->L ? lua_tostring(s->L, -1) : "out of memory");
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *usage = "bench_search raw|snippet|parley LABEL DB QUERIES [ROUNDS] | cli LABEL DB QUERIES PARLEY_BIN";
    if (argc < 5 || argc > 6)
        bench_usage(usage);
    int which = strcmp(argv[1], "raw") == 0 ? 0 : strcmp(argv[1], "parley") == 0 ? 1
              : strcmp(argv[1], "cli") == 0 && argc == 6 ? 2 : strcmp(argv[1], "snippet") == 0 ? 3 : -1;
    if (which < 0)
        bench_usage(usage);
    searcher s = {.db_path = argv[3], .parley_bin = which == 2 ? argv[5] : NULL};
    int rounds = which == 2 ? 1 : argc > 5 && atoi(argv[5]) > 0 ? atoi(argv[5]) : 10;
    char *queries[MAX_QUERIES];
    int nq = read_queries(argv[4], queries);
    if (nq <= 0 || ((which == 0 || which == 3) && open_raw(&s, which == 3) < 0) ||
        (which == 1 && open_parley(&s) < 0))
        return 1;
    int (*search)(searcher *, const char *) = which == 0 || which == 3 ? search_raw
                                            : which == 1 ? search_parley : search_cli;
    /* wall and CPU latency of each call: on a busy machine only the CPU time is steady */
    double *lat = malloc((size_t)(nq * rounds) * sizeof *lat), total = 0;
    double *cpu = malloc((size_t)(nq * rounds) * sizeof *cpu);
    long hits = 0;
    for (int i = 0; i < nq; i++)   /* warm-up: pages into the cache, statements prepared */
        if (search(&s, queries[i]) < 0) {
            fprintf(stderr, "bench_search: query failed: %s\n", queries[i]);
            return 1;
        }
    double c0 = bench_cpu_now();
    for (int r = 0; r < rounds; r++)
        for (int i = 0; i < nq; i++) {
            double t0 = bench_now(), c1 = bench_cpu_now();
            int n = search(&s, queries[i]);
            lat[r * nq + i] = bench_now() - t0;
            cpu[r * nq + i] = bench_cpu_now() - c1;
            total += lat[r * nq + i];
            hits += n > 0 ? n : 0;
        }
    if (getenv("BENCH_VERBOSE"))   /* per query, for profiling: the median of its rounds */
        for (int i = 0; i < nq; i++) {
            double mine[1024];
            int k = 0;
            for (int r = 0; r < rounds && k < 1024; r++)
                mine[k++] = lat[r * nq + i];
            qsort(mine, (size_t)k, sizeof *mine, by_value);
            fprintf(stderr, "%8.3f ms  %s\n", quantile(mine, (size_t)k, 0.5) * 1e3, queries[i]);
        }
    size_t n = (size_t)(nq * rounds);
    qsort(lat, n, sizeof *lat, by_value);
    qsort(cpu, n, sizeof *cpu, by_value);
    char extra[512];
    struct rusage children;
    getrusage(RUSAGE_CHILDREN, &children);   /* cli: the peak of the biggest parley process */
    snprintf(extra, sizeof extra,
             "p50_ms=%.3f p95_ms=%.3f max_ms=%.3f mean_ms=%.3f cpu_p50_ms=%.3f cpu_p95_ms=%.3f "
             "queries=%d rounds=%d hits=%ld child_rss_kb=%ld",
             quantile(lat, n, 0.5) * 1e3, quantile(lat, n, 0.95) * 1e3, lat[n - 1] * 1e3,
             total / (double)n * 1e3, which == 2 ? -1 : quantile(cpu, n, 0.5) * 1e3,
             which == 2 ? -1 : quantile(cpu, n, 0.95) * 1e3, nq, rounds, which == 2 ? -1 : hits,
             which == 2 ? children.ru_maxrss : 0);
    static const char *const impls[] = {"raw FTS5 MATCH", "parley corpus:search", "parley search (CLI)",
                                         "raw FTS5 MATCH + snippet(), corpus:search's SQL"};
    const char *impl = impls[which];
    bench_result("search", argv[2], impl, 0, n, total, bench_cpu_now() - c0, extra);
    if (s.L)
        runtime_close(s.L);
    sqlite3_finalize(s.stmt);
    sqlite3_close(s.db);
    for (int i = 0; i < nq; i++)
        free(queries[i]);
    free(lat);
    free(cpu);
    return 0;
}
