/* main.c: parley's command line: global options, the command table, help and version. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "budget.h"
#include "cli.h"
#include "runtime.h"

static int cmd_help(global_opts *g, int argc, char **argv);
static int cmd_version(global_opts *g, int argc, char **argv);

const cli_command cli_commands[] = {
    {"ingest", cmd_ingest, "ingest [OPTIONS] PATH...",
     "add files, directories (recursively) or stdin (-) to the corpus",
     "--jsonl        every input is JSON Lines: one document per line with \"text\"\n"
     "               and optional \"date\", \"source\", \"title\", \"id\"; other fields go to meta\n"
     "--repair       replace invalid UTF-8 with U+FFFD instead of refusing the file\n"
     "--skip-bad     report bad inputs (and bad JSONL lines) and go on; without it\n"
     "               the first bad input rolls the whole ingest back\n"
     "--date DATE    --source NAME    --title TEXT    set metadata for every document\n"
     "--jobs N       read and prepare documents in N threads; one writer stores them in\n"
     "               input order, so the corpus (ids included) is the same for every N\n"
     "Documents already present (same normalised text, by SHA-256) are not added again.\n"
     "A progress line is drawn on a terminal when there is more than one file (-q: none)."},
    {"run", cmd_run, "run [OPTIONS] SCRIPT [ARGS...]",
     "run a Lua script: a path, or the name of a bundled script (see `parley scripts`)",
     "--save         save the annotations the script makes (doc:annotate) without\n"
     "               corpus:save: each document it reads is saved once it moves on to\n"
     "               the next, replacing this script's earlier results for it\n"
     "--jobs N       map in N threads, each with its own Lua state; the output is the same\n"
     "               for every N (a plain script ignores it and runs in one thread)\n"
     "--stream       map the JSON Lines documents on stdin (as `ingest --jsonl` reads them)\n"
     "               to one {\"id\": ..., \"result\": ...} line each on stdout; no reduce\n"
     "--skip-bad     with --stream: report bad input lines and go on\n"
     "These options go before SCRIPT: everything after SCRIPT is the script's.\n"
     "The script's arguments reach it as `arg` (arg[0] is the script) and as `...`.\n"
     "`require` finds modules next to the script, on PARLEY_PATH, then the stdlib.\n"
     "A script that returns {map = function(doc) ... end, fold = function(acc, result, id) ... end}\n"
     "is mapped over the corpus's documents and each result folded in document order as it\n"
     "comes (or all given at once to reduce = function(results, ids) ... end): docs/scale.md;\n"
     "with --save, what map annotates is saved in document order, the same for every N.\n"
     "Saved annotations are recorded under a run (script, its SHA-256, arguments,\n"
     "times): see `parley why` and `parley diff`."},
    {"reduce", cmd_reduce, "reduce [OPTIONS] SCRIPT [ARGS...] < RESULTS.jsonl",
     "the reduce step of `run --stream`: reduce the result lines read from stdin",
     "Lines are taken in the order read, each folded as it is read when the script has\n"
     "fold, so `cat part-*.jsonl | parley reduce SCRIPT` reduces the parts of a split run\n"
     "in the order of the parts."},
    {"merge", cmd_merge, "merge OUT.db SHARD.db...",
     "combine corpora ingested apart (shards) into OUT.db, created when missing",
     "Documents OUT.db already holds (same SHA-256 of the text) are not added again;\n"
     "new ones get ids in shard order. Runs and annotations come along, remapped to\n"
     "the new ids, so each annotation keeps its rule and run; so do replaced\n"
     "annotations and the runs' documents, for diff and why. What OUT.db already has\n"
     "is skipped, so merging a shard twice adds nothing. One transaction per shard;\n"
     "a file that is not a parley corpus (or has another schema) is refused."},
    {"scripts", cmd_lua_command, "scripts [--names]", "list the bundled scripts with their descriptions",
     "--names        only the names, one a line (for shell completion)"},
    {"eval", cmd_eval, "eval 'EXPRESSION-OR-CHUNK'",
     "evaluate Lua with the API loaded and print the results",
     "An expression's values are printed; a chunk runs as a statement block."},
    {"sql", cmd_lua_command, "sql [--json|--csv] 'SELECT ...' [VALUES...]",
     "run SQL on the corpus and print the rows as a table",
     "--json         one JSON array of row objects\n"
     "--csv          RFC 4180 CSV with a header row\n"
     "VALUES bind to ? parameters in order. Tables: documents, documents_fts,\n"
     "annotations, runs (see docs/schema.md)."},
    {"search", cmd_lua_command, "search [--limit N] [--json] 'FTS QUERY'",
     "full-text search: ranked hits with highlighted snippets",
     "Query syntax is SQLite FTS5: words, \"exact phrases\", prefix*, NEAR(a b, 5),\n"
     "AND / OR / NOT, column filters (title: peace). Matching ignores case and diacritics."},
    {"export", cmd_lua_command, "export --format doccano|labelstudio|brat|jsonl|csv [OPTIONS]",
     "write documents and their annotations for annotation tools, pandas or R",
     "--format F     doccano, labelstudio (JSON; JSONL when -o ends in .jsonl), brat (.txt and\n"
     "               .ann per document), jsonl or csv (one record per annotation)\n"
     "--label LABEL  only annotations with this label (repeatable)\n"
     "--run N        only annotations saved by run N\n"
     "--annotated    only documents that have annotations (after --label and --run)\n"
     "--documents    jsonl, csv: one record per document instead, which ingest reads back as JSONL\n"
     "--as-annotations  labelstudio: as finished annotations, not predictions to review\n"
     "-o PATH        write to PATH instead of stdout (a directory for brat)\n"
     "Tool formats count code points from 0, end exclusive; jsonl and csv give both byte\n"
     "offsets (start, stop: 1-based inclusive) and code points (char_start, char_stop).\n"
     "See docs/interchange.md."},
    {"import", cmd_lua_command, "import --format doccano|labelstudio|brat|jsonl|csv [-o FILE] FILE",
     "read gold annotations made in an annotation tool into gold JSONL",
     "--format F     the format FILE is in (brat: a directory of .txt/.ann pairs, or one .ann)\n"
     "--predictions  labelstudio: read the predictions instead of the annotations\n"
     "-o FILE        write the gold JSONL to FILE instead of stdout\n"
     "Each output line is one document as `parley evaluate` reads it: {\"text\", \"spans\":\n"
     "[{\"label\", \"start\", \"stop\", \"text\"}]} (code points from 0, stop exclusive), with\n"
     "\"doc\" when the corpus has the document (by id, else by identical text)."},
    {"why", cmd_lua_command, "why [--json] ANNOTATION_ID",
     "where an annotation came from: document, sentence, rule, script and run",
     "Shows the document, the sentence with the span marked, the label, rule and\n"
     "attributes, the script and its SHA-256, the run (times, arguments) and the\n"
     "engine version. Replaced annotations (from earlier runs) are shown too.\n"
     "--json         the same as one JSON object"},
    {"diff", cmd_lua_command, "diff [--json] RUN_A RUN_B",
     "annotations added, removed and changed between two runs of a script",
     "Compares the documents both runs saved. Per document and label: the same\n"
     "bounds, attributes and rule are unchanged; the same bounds with other\n"
     "attributes or rule, or overlapping bounds, are changed; the rest is added\n"
     "(only in RUN_B) or removed (only in RUN_A). Run ids: `parley sql 'SELECT * FROM runs'`.\n"
     "--json         added, removed, changed and counts as one JSON object"},
    {"evaluate", cmd_lua_command,
     "evaluate [--script S] [--label L] [--run ID] [--context N] [--json] GOLD.jsonl",
     "precision, recall and F1 of rules against a gold set, with their errors in context",
     "GOLD.jsonl: one document a line, {\"text\": ..., \"spans\": [{\"label\", \"start\",\n"
     "\"stop\", \"attrs\"}]}, offsets in code points from 0, stop exclusive (as doccano).\n"
     "--script S     the extractor: a script (path or bundled name) that returns a\n"
     "               function(doc) giving predictions or calling doc:annotate\n"
     "               (without it: the corpus's annotations of the same texts)\n"
     "--run ID       without --script: only the annotations of this run\n"
     "--label L      only this label\n"
     "--context N    columns of context on each side of a listed error (30)\n"
     "--json         the whole report as one JSON object\n"
     "Scores per label and per rule, exact (same bounds) and overlap (one to one),\n"
     "attribute agreement, then false negatives, false positives and boundary\n"
     "errors in context. See docs/evaluate.md."},
    {"repl", cmd_repl, "repl", "the interactive workbench (also `parley` with no command)", ""},
    {"help", cmd_help, "help [COMMAND]", "show help for parley or one command", ""},
    {"version", cmd_version, "version", "print the versions of parley and its libraries", ""},
    {NULL, NULL, NULL, NULL, NULL},
};

const char cli_tagline[] = "scriptable analysis of negotiations in the news";

const char cli_global_help[] =
    "Options for every command:\n"
    "  --db FILE      the corpus database (default: $PARLEY_DB, else ./parley.db if it\n"
    "                 exists, else the bundled corpus in memory)\n"
    "  --readonly     open the corpus read-only\n"
    "  -q, --quiet    no progress or informational messages\n"
    "  --max-memory SIZE   stop a script whose Lua memory passes SIZE (512M, 2G)\n"
    "  --timeout SECONDS   stop a script that runs longer (exit status 3 for both)\n"
    "  --sandbox      run scripts restricted: no programs, no C modules, files read\n"
    "                 only from the paths given and data/, SQL read-only\n"
    "  --allow-read PATH   also let a sandboxed script read PATH (repeatable)\n"
    "  --out DIR      let a sandboxed script write files under DIR (created if missing)\n"
    "  --allow-write  let a sandboxed script write to the corpus\n"
    "  --no-sandbox   turn off `sandbox = true` from a config file\n"
    "  -h, --help     this help;  --version  versions\n"
    "Defaults come from ~/.config/parley/config.lua and ./parley.conf.lua (docs/cli.md).\n";

/* For the man page (and docs/cli.md): what the exit statuses and the environment variables mean. */
const cli_note cli_exit_statuses[] = {
    {"0", "success"},
    {"1", "a data error: invalid input, a missing file, an SQL error, a Lua error in a script "
          "(the message names the file, line and column or byte)"},
    {"2", "a usage error: an unknown command or option, a missing argument (with a hint)"},
    {"3", "a script stopped by a limit (--max-memory, --timeout, Ctrl-C)"},
    {NULL, NULL},
};

const cli_note cli_environment[] = {
    {"PARLEY_DB", "the corpus when --db is not given"},
    {"PARLEY_PATH", "colon-separated directories searched by require before the stdlib "
                    "(a module there overrides the shipped one)"},
    {"PARLEY_HOME", "where stdlib/, scripts/ and data/ are, when not found next to the binary "
                    "(BIN/../share/parley, then BIN/..)"},
    {"NO_COLOR", "no colour in terminal output"},
    {"XDG_STATE_HOME", "the REPL keeps its history in $XDG_STATE_HOME/parley/history "
                       "(default ~/.local/state/parley/history)"},
    {NULL, NULL},
};

const cli_command *cli_find_command(const char *name)
{
    for (const cli_command *c = cli_commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

static void print_overview(FILE *out)
{
    fprintf(out, "parley %s: %s\n\n", PARLEY_VERSION, cli_tagline);
    fprintf(out, "Usage: parley [OPTIONS] [COMMAND [ARGS...]]\n\nCommands:\n");
    for (const cli_command *c = cli_commands; c->name; c++)
        fprintf(out, "  %-9s %s\n", c->name, c->summary);
    fprintf(out, "\n%s\nWith no command, parley starts the REPL. `parley help COMMAND` for more.\n",
            cli_global_help);
}

void cli_print_help(const char *name)
{
    const cli_command *c = cli_find_command(name);
    printf("Usage: parley %s\n\n%s.\n", c->usage, c->summary);
    if (*c->details)
        printf("\n%s\n", c->details);
    printf("\n%s", cli_global_help);
}

static int cmd_help(global_opts *g, int argc, char **argv)
{
    (void)g;
    /* Hidden: the generators behind the installed man page and shell completions. */
    if (argc == 2 && strcmp(argv[1], "--man") == 0)
        return cli_print_man(stdout) < 0 ? EXIT_DATA : EXIT_OK;
    if (argc >= 2 && strcmp(argv[1], "--completion") == 0) {
        if (argc != 3 || cli_print_completion(stdout, argv[2]) < 0)
            return cli_usage_error("help", "--completion needs bash or zsh");
        return EXIT_OK;
    }
    if (argc < 2) {
        print_overview(stdout);
        return EXIT_OK;
    }
    const cli_command *c = cli_find_command(argv[1]);
    if (!c)
        return cli_usage_error("help", "unknown command '%s'", argv[1]);
    cli_print_help(c->name);
    return EXIT_OK;
}

static int cmd_version(global_opts *g, int argc, char **argv)
{
    (void)g, (void)argc, (void)argv;
    printf("%s\n", runtime_version());
    return EXIT_OK;
}

int cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    fputs("parley: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (command)
        fprintf(stderr, " (see `parley help %s`)\n", command);
    else
        fputs(" (see `parley --help`)\n", stderr);
    return EXIT_USAGE;
}

static int takes_value(const char *a)
{
    static const char *const names[] = {"--db", "--max-memory", "--timeout", "--out", "--allow-read", NULL};
    for (int i = 0; names[i]; i++)
        if (strcmp(a, names[i]) == 0)
            return 1;
    return 0;
}

/* The sandbox's options; 1 if a is one (and is valid), 0 if not, -1 after a usage error. */
static int sandbox_option(global_opts *g, const char *a, const char *v)
{
    struct stat st;
    if (strcmp(a, "--sandbox") == 0 || strcmp(a, "--no-sandbox") == 0) {
        g->sandbox = a[2] == 's';
    } else if (strcmp(a, "--allow-write") == 0) {
        g->allow_write = 1;
    } else if (strcmp(a, "--out") == 0) {
        g->out_dir = v;
    } else if (strcmp(a, "--allow-read") == 0) {
        if (stat(v, &st) != 0) {
            cli_usage_error(NULL, "--allow-read %s: %s", v, strerror(errno));
            return -1;
        }
        if (g->nallow_read == CLI_MAX_ALLOW_READ) {
            cli_usage_error(NULL, "at most %d --allow-read paths", CLI_MAX_ALLOW_READ);
            return -1;
        }
        g->allow_read[g->nallow_read++] = v;
    } else {
        return 0;
    }
    return 1;
}

/* The options that existed before the sandbox; 1 if a is one, 0 if not, -1 after a usage error. */
static int basic_option(global_opts *g, const char *a, const char *v)
{
    char *end;
    if (strcmp(a, "--db") == 0) {
        g->db = v;
    } else if (strncmp(a, "--db=", 5) == 0) {
        g->db = a + 5;
    } else if (strcmp(a, "--max-memory") == 0) {
        if ((g->max_memory = budget_parse_size(v)) == 0) {
            cli_usage_error(NULL, "--max-memory needs a size such as 512M or 2G, not '%s'", v);
            return -1;
        }
    } else if (strcmp(a, "--timeout") == 0) {
        g->timeout = strtod(v, &end);
        if (end == v || *end != '\0' || g->timeout <= 0) {
            cli_usage_error(NULL, "--timeout needs a number of seconds, not '%s'", v);
            return -1;
        }
    } else if (strcmp(a, "--readonly") == 0) {
        g->readonly = 1;
    } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
        g->quiet = 1;
    } else {
        return 0;
    }
    return 1;
}

/* Options every command takes; on a bad one, prints the usage error itself and returns -1. */
int cli_global_option(global_opts *g, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    int has_value = takes_value(a);
    if (has_value && *i + 1 >= argc) {
        cli_usage_error(NULL, "option %s needs a value", a);
        return -1;
    }
    const char *v = has_value ? argv[*i + 1] : NULL;
    int rc = sandbox_option(g, a, v);
    if (rc == 0)
        rc = basic_option(g, a, v);
    if (rc > 0)
        *i += has_value ? 2 : 1;
    return rc;
}

static int dispatch(global_opts *g, int argc, char **argv);

int main(int argc, char **argv)
{
    global_opts g = {.db = getenv("PARLEY_DB")};
    int rc = config_load(&g);
    if (rc == EXIT_OK)
        rc = dispatch(&g, argc, argv);
    config_free();
    return rc;
}

/* Global options, then the command (or help, version, the REPL). */
static int dispatch(global_opts *g, int argc, char **argv)
{
    int i = 1;
    while (i < argc) {
        int rc = cli_global_option(g, argc, argv, &i);
        if (rc < 0)
            return EXIT_USAGE;
        if (rc == 0)
            break;
    }
    if (i < argc && (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)) {
        print_overview(stdout);
        return EXIT_OK;
    }
    if (i < argc && strcmp(argv[i], "--version") == 0)
        return cmd_version(g, 0, NULL);
    if (i >= argc)
        return cmd_repl(g, 0, NULL);
    if (argv[i][0] == '-')
        return cli_usage_error(NULL, "unknown option '%s'", argv[i]);
    const cli_command *c = cli_find_command(argv[i]);
    if (!c)
        return cli_usage_error(NULL, "unknown command '%s'", argv[i]);
    if (i + 1 < argc && (strcmp(argv[i + 1], "-h") == 0 || strcmp(argv[i + 1], "--help") == 0)) {
        cli_print_help(c->name);
        return EXIT_OK;
    }
    return c->run(g, argc - i, argv + i);
}
