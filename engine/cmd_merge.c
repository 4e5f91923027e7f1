/* cmd_merge.c: `parley merge OUT.db SHARD.db...`: combine corpora ingested apart. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "merge.h"
#include "parley.h"

static const char *plural(size_t n, const char *word, const char *words)
{
    return n == 1 ? word : words;
}

static void print_stats(const char *name, const merge_stats *st)
{
    printf("%s: added %zu %s", name, st->docs_added, plural(st->docs_added, "document", "documents"));
    if (st->docs_present)
        printf(" (%zu already present)", st->docs_present);
    printf(", %zu %s", st->runs_added, plural(st->runs_added, "run", "runs"));
    if (st->runs_present)
        printf(" (%zu already present)", st->runs_present);
    printf(", %zu %s", st->notes_added, plural(st->notes_added, "annotation", "annotations"));
    if (st->notes_present)
        printf(" (%zu already present)", st->notes_present);
    printf("\n");
}

/* Merge each shard in the order given: one transaction each, so a bad shard leaves the ones before it merged. */
static int merge_all(const global_opts *g, const char *out_path, char **shards, int nshards)
{
    char err[2048];
    parley_store *out;
    if (store_open(out_path, STORE_CREATE, &out, err, sizeof err) < 0) {
        fprintf(stderr, "parley: %s\n", err);
        return EXIT_DATA;
    }
    merge_stats total = {0};
    int code = EXIT_OK;
    for (int i = 0; i < nshards && code == EXIT_OK; i++) {
        merge_stats st = {0};
        if (store_merge(out, shards[i], &st, err, sizeof err) < 0) {
            fprintf(stderr, "parley: %s\n", err);
            if (i > 0)
                fprintf(stderr, "parley: the %d shard%s before it %s merged (merging %s again adds nothing)\n",
                        i, i == 1 ? "" : "s", i == 1 ? "is" : "are", i == 1 ? "it" : "them");
            code = EXIT_DATA;
        } else if (!g->quiet) {
            print_stats(shards[i], &st);
        }
        total.docs_added += st.docs_added;
        total.docs_present += st.docs_present;
        total.runs_added += st.runs_added;
        total.runs_present += st.runs_present;
        total.notes_added += st.notes_added;
        total.notes_present += st.notes_present;
    }
    if (code == EXIT_OK && !g->quiet && nshards > 1)
        print_stats(out_path, &total);
    store_close(out);
    return code;
}

int cmd_merge(global_opts *g, int argc, char **argv)
{
    char **names = calloc((size_t)argc, sizeof *names);
    int n = 0;
    if (!names)
        return EXIT_DATA;
    for (int i = 1; i < argc;) {
        int rc = cli_global_option(g, argc, argv, &i);
        if (rc < 0) {
            free(names);
            return EXIT_USAGE;
        }
        if (rc > 0)
            continue;
        if (argv[i][0] == '-' && argv[i][1] != '\0') {
            free(names);
            return cli_usage_error("merge", "unknown option '%s'", argv[i]);
        }
        names[n++] = argv[i++];
    }
    int code;
    if (n < 2)
        code = cli_usage_error("merge", n == 0 ? "no OUT.db given" : "no SHARD to merge into %s", names[0]);
    else if (g->readonly)
        code = cli_usage_error("merge", "merge writes %s: it cannot be --readonly", names[0]);
    else
        code = merge_all(g, names[0], names + 1, n - 1);
    free(names);
    return code;
}
