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
 * bench_search raw|snippet|parley|paired LABEL DB QUERIES [ROUNDS]
 * bench_search cli LABEL DB QUERIES PARLEY_BIN
 *
 * Every query of the QUERIES file (one per line) runs once untimed, then
 * ROUNDS times (default 10) timed one by one; the result is p50 and p95
 * over the queries of each query's median latency (see report), wall-clock,
 * and of the CPU time of every call (the CPU time of a parley search CLI
 * process is not seen: wall only). Both ask for the 20 best hits by bm25.
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
 * paired: raw, snippet and parley in one process, in turn for each query
 *         (the order rotating), each reported as above: tail latencies
 *         move by a fifth between processes on a shared machine, more
 *         than the differences the target judges, and this way all three
 *         meet the same load and the same page cache.
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

/* The latencies of one implementation over the timed rounds, and its totals. */
typedef struct {
    double *lat, *cpu, total, cpu_total;
    long hits;
    size_t n;
} timings;

static void time_one(searcher *s, int (*search)(searcher *, const char *), const char *q, timings *t)
{
    double t0 = bench_now(), c0 = bench_cpu_now();
    int hits = search(s, q);
    double wall = bench_now() - t0, cpu = bench_cpu_now() - c0;
    t->lat[t->n] = wall;
    t->cpu[t->n++] = cpu;
    t->total += wall;
    t->cpu_total += cpu;
    t->hits += hits > 0 ? hits : 0;
}

static const char *const impls[] = {"raw FTS5 MATCH", "parley corpus:search", "parley search (CLI)",
                                     "raw FTS5 MATCH + snippet(), corpus:search's SQL"};

/* Query i's median over the rounds (lat holds round r's query i at r * nq + i). */
static double query_median(const double *lat, int nq, int rounds, int i)
{
    double mine[1024];
    int k = 0;
    for (int r = 0; r < rounds && k < 1024; r++)
        mine[k++] = lat[r * nq + i];
    qsort(mine, (size_t)k, sizeof *mine, by_value);
    return quantile(mine, (size_t)k, 0.5);
}

/* Every query's median, sorted. */
static void query_medians(const double *lat, int nq, int rounds, double *medians)
{
    for (int i = 0; i < nq; i++)
        medians[i] = query_median(lat, nq, rounds, i);
    qsort(medians, (size_t)nq, sizeof *medians, by_value);
}

/*
 * p50 and p95 are over the queries' medians: the latency that 95% of the
 * queries stay under, in a typical round. Over every timed call instead, p95
 * is the slowest call outside the one heaviest query, a single sample that
 * any hiccup of the machine decides (sample_p95_ms reports it still).
 */
static void report(int which, const char *label, timings *t, int nq, int rounds)
{
    double medians[MAX_QUERIES], cpu_medians[MAX_QUERIES];
    query_medians(t->lat, nq, rounds, medians);
    query_medians(t->cpu, nq, rounds, cpu_medians);
    qsort(t->lat, t->n, sizeof *t->lat, by_value);
    char extra[512];
    struct rusage children;
    getrusage(RUSAGE_CHILDREN, &children);   /* cli: the peak of the biggest parley process */
    snprintf(extra, sizeof extra,
             "p50_ms=%.3f p95_ms=%.3f sample_p95_ms=%.3f max_ms=%.3f mean_ms=%.3f cpu_p50_ms=%.3f cpu_p95_ms=%.3f "
             "queries=%d rounds=%d hits=%ld child_rss_kb=%ld",
             quantile(medians, (size_t)nq, 0.5) * 1e3, quantile(medians, (size_t)nq, 0.95) * 1e3,
             quantile(t->lat, t->n, 0.95) * 1e3, t->lat[t->n - 1] * 1e3,
             t->total / (double)t->n * 1e3, which == 2 ? -1 : quantile(cpu_medians, (size_t)nq, 0.5) * 1e3,
             which == 2 ? -1 : quantile(cpu_medians, (size_t)nq, 0.95) * 1e3, nq, rounds, which == 2 ? -1 : t->hits,
             which == 2 ? children.ru_maxrss : 0);
    bench_result("search", label, impls[which], 0, t->n, t->total, t->cpu_total, extra);
}

static int (*const searches[])(searcher *, const char *) = {search_raw, search_parley, search_cli, search_raw};

static int open_searcher(int which, searcher *s)
{
    return which == 1 ? open_parley(s) : which == 2 ? 0 : open_raw(s, which == 3);
}

static void close_searcher(searcher *s)
{
    if (s->L)
        runtime_close(s->L);
    sqlite3_finalize(s->stmt);
    sqlite3_close(s->db);
}

int main(int argc, char **argv)
{
    const char *usage = "bench_search raw|snippet|parley|paired LABEL DB QUERIES [ROUNDS]"
                        " | cli LABEL DB QUERIES PARLEY_BIN";
    if (argc < 5 || argc > 6)
        bench_usage(usage);
    int which = strcmp(argv[1], "raw") == 0 ? 0 : strcmp(argv[1], "parley") == 0 ? 1
              : strcmp(argv[1], "cli") == 0 && argc == 6 ? 2 : strcmp(argv[1], "snippet") == 0 ? 3
              : strcmp(argv[1], "paired") == 0 ? 4 : -1;
    if (which < 0)
        bench_usage(usage);
    /* paired: raw, snippet and parley in one process, taking turns query by query (the
     * order rotating), so that all three meet the same load and the same cache */
    int modes[3], nmodes = 0;
    if (which == 4) {
        modes[0] = 0, modes[1] = 3, modes[2] = 1, nmodes = 3;
    } else {
        modes[0] = which, nmodes = 1;
    }
    searcher s[3] = {{0}};
    int rounds = which == 2 ? 1 : argc > 5 && atoi(argv[5]) > 0 ? atoi(argv[5]) : 10;
    char *queries[MAX_QUERIES];
    int nq = read_queries(argv[4], queries);
    if (nq <= 0)
        return 1;
    timings t[3] = {{0}};
    for (int m = 0; m < nmodes; m++) {
        s[m].db_path = argv[3];
        s[m].parley_bin = modes[m] == 2 ? argv[5] : NULL;
        if (open_searcher(modes[m], &s[m]) < 0)
            return 1;
        t[m].lat = malloc((size_t)(nq * rounds) * sizeof *t[m].lat);
        t[m].cpu = malloc((size_t)(nq * rounds) * sizeof *t[m].cpu);
        for (int i = 0; i < nq; i++)   /* warm-up: pages into the cache, statements prepared */
            if (searches[modes[m]](&s[m], queries[i]) < 0) {
                fprintf(stderr, "bench_search: query failed: %s\n", queries[i]);
                return 1;
            }
    }
    for (int r = 0; r < rounds; r++)
        for (int i = 0; i < nq; i++)
            for (int k = 0; k < nmodes; k++) {
                int m = (k + r + i) % nmodes;
                time_one(&s[m], searches[modes[m]], queries[i], &t[m]);
            }
    if (getenv("BENCH_VERBOSE"))   /* per query, for profiling: the median of its rounds */
        for (int m = 0; m < nmodes; m++)
            for (int i = 0; i < nq; i++)
                fprintf(stderr, "%-14s %8.3f ms  %s\n", impls[modes[m]],
                        query_median(t[m].lat, nq, rounds, i) * 1e3, queries[i]);
    for (int m = 0; m < nmodes; m++) {
        report(modes[m], argv[2], &t[m], nq, rounds);
        close_searcher(&s[m]);
        free(t[m].lat);
        free(t[m].cpu);
    }
    for (int i = 0; i < nq; i++)
        free(queries[i]);
    return 0;
}
