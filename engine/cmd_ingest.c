/* cmd_ingest.c: `parley ingest`: options, the corpus, and the summary line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ingest.h"
#include "lua_api.h"
#include "mapreduce.h"
#include "runtime.h"

#define DEFAULT_DB "parley.db"

/* Parse ingest's options; the remaining arguments are paths (collected in order). */
static int parse_ingest_args(global_opts *g, int argc, char **argv, ingest_opts *o, char **paths, int *npaths)
{
    for (int i = 1; i < argc;) {
        int rc = cli_global_option(g, argc, argv, &i);
        if (rc < 0)
            return EXIT_USAGE;
        if (rc > 0)
            continue;
        const char *a = argv[i];
        const char **value = strcmp(a, "--date") == 0     ? &o->date
                             : strcmp(a, "--source") == 0 ? &o->source
                             : strcmp(a, "--title") == 0  ? &o->title
                                                          : NULL;
        if (value) {
            if (i + 1 >= argc)
                return cli_usage_error("ingest", "option %s needs a value", a);
            *value = argv[i + 1];
            i += 2;
            continue;
        }
        if (strcmp(a, "--jobs") == 0 || strncmp(a, "--jobs=", 7) == 0) {
            const char *v = a[6] == '=' ? a + 7 : i + 1 < argc ? argv[i + 1] : NULL;
            if (!v)
                return cli_usage_error("ingest", "option --jobs needs a number of threads");
            if ((o->jobs = mr_parse_jobs(v)) < 0)
                return cli_usage_error("ingest", "--jobs needs a number of threads from 1 to %d, not '%s'",
                                       MR_MAX_JOBS, v);
            i += a[6] == '=' ? 1 : 2;
            continue;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            cli_print_help("ingest");
            exit(EXIT_OK);
        }
        if (strcmp(a, "--repair") == 0) o->repair = 1;
        else if (strcmp(a, "--skip-bad") == 0) o->skip_bad = 1;
        else if (strcmp(a, "--jsonl") == 0) o->jsonl = 1;
        else if (a[0] == '-' && a[1] != '\0') return cli_usage_error("ingest", "unknown option '%s'", a);
        else paths[(*npaths)++] = argv[i];
        i++;
    }
    if (*npaths == 0)
        return cli_usage_error("ingest", "no PATH to ingest");
    return EXIT_OK;
}

static void print_summary(const ingest_stats *st, const char *db)
{
    printf("%s: added %zu document%s", db, st->added, st->added == 1 ? "" : "s");
    if (st->duplicates)
        printf(", %zu already present (unchanged)", st->duplicates);
    if (st->refused)
        printf(", %zu refused", st->refused);
    if (st->replaced)
        printf(", %zu invalid sequence%s replaced", st->replaced, st->replaced == 1 ? "" : "s");
    printf("\n");
}

int cmd_ingest(global_opts *g, int argc, char **argv)
{
    ingest_opts o = {0};
    char **paths = calloc((size_t)argc, sizeof *paths);
    int npaths = 0;
    if (!paths)
        return EXIT_DATA;
    int rc = parse_ingest_args(g, argc, argv, &o, paths, &npaths);
    if (rc != EXIT_OK) {
        free(paths);
        return rc;
    }
    o.quiet = g->quiet;
    o.progress = isatty(STDERR_FILENO);
    const char *db = g->db && *g->db ? g->db : DEFAULT_DB;
    if (g->readonly) {
        free(paths);
        fprintf(stderr, "parley: %s: cannot ingest into a read-only corpus\n", db);
        return EXIT_DATA;
    }
    runtime_opts ro = {.db_path = db};
    lua_State *L = runtime_new(&ro);
    parley_store *store = NULL;
    char err[2048];
    if (!L) {
        rc = EXIT_DATA;
    } else if (store_open(db, STORE_CREATE, &store, err, sizeof err) < 0) {
        fprintf(stderr, "parley: %s\n", err);
        rc = EXIT_DATA;
    } else {
        ingest_stats st = {0};
        if (ingest_paths(L, store, &o, paths, npaths, &st, err, sizeof err) < 0) {
            fprintf(stderr, "parley: %s\n", err);
            if (!o.skip_bad)
                fprintf(stderr, "parley: nothing was ingested (use --skip-bad to ingest the rest)\n");
            rc = EXIT_DATA;
        } else if (!g->quiet) {
            print_summary(&st, db);
        }
        store_close(store);
    }
    runtime_close(L);
    free(paths);
    return rc;
}
