/* cli.h: the command table behind `parley COMMAND`, --help, `parley help` and the man page. */
#ifndef PARLEY_CLI_H
#define PARLEY_CLI_H

#include <stdio.h>

/* How many --allow-read paths a run takes (the command line and config files together). */
#define CLI_MAX_ALLOW_READ 64

/* Options every command accepts; config files (config.c) set them first. */
typedef struct {
    const char *db;       /* --db FILE, else PARLEY_DB */
    int readonly;         /* --readonly */
    int quiet;            /* -q, --quiet */
    size_t max_memory;    /* --max-memory SIZE (bytes; 0: none) */
    double timeout;       /* --timeout SECONDS (0: none) */
    int sandbox;          /* --sandbox, --no-sandbox: scripts run restricted (sandbox.c) */
    int allow_write;      /* --allow-write: sandboxed scripts may write to corpus files */
    const char *out_dir;  /* --out DIR: sandboxed scripts may write files under DIR */
    const char *allow_read[CLI_MAX_ALLOW_READ + 1];  /* --allow-read PATH...; NULL-terminated */
    int nallow_read;
} global_opts;

/* Exit statuses. */
enum { EXIT_OK = 0, EXIT_DATA = 1, EXIT_USAGE = 2, EXIT_LIMIT = 3 };

typedef struct {
    const char *name;
    int (*run)(global_opts *g, int argc, char **argv);   /* argv[0] is the command name */
    const char *usage;     /* one line, without "parley " */
    const char *summary;   /* one line for the command list */
    const char *details;   /* options and notes, one per line, for `parley help NAME` */
} cli_command;

extern const cli_command cli_commands[];

/* A name and what it means: exit statuses, environment variables. */
typedef struct {
    const char *name;
    const char *text;
} cli_note;

/* The rest of the CLI's text, beside the command table: one source for --help and the man page. */
extern const char cli_tagline[];          /* "scriptable analysis of ..." */
extern const char cli_global_help[];      /* "Options for every command:\n  --db FILE ..." */
extern const cli_note cli_exit_statuses[];
extern const cli_note cli_environment[];

/* The command called name, or NULL. */
const cli_command *cli_find_command(const char *name);

/* Generators (cli_doc.c): the man page parley(1) and bash/zsh completion scripts; -1 on error. */
int cli_print_man(FILE *out);
int cli_print_completion(FILE *out, const char *shell);

/* Parse a global option at argv[*i]; 1 if consumed (advancing *i), 0 if not, -1 on error. */
int cli_global_option(global_opts *g, int argc, char **argv, int *i);

/* Print `parley help NAME`. */
void cli_print_help(const char *name);

/* Print a usage error ("parley: MESSAGE" + a hint) and return EXIT_USAGE. */
int cli_usage_error(const char *command, const char *fmt, ...);

/*
 * Apply the config files to g: $XDG_CONFIG_HOME/parley/config.lua (else
 * ~/.config/parley/config.lua), then ./parley.conf.lua, which may only
 * tighten. Returns EXIT_OK, or EXIT_USAGE after printing what is wrong.
 */
int config_load(global_opts *g);
/* Free the strings config_load kept for g. */
void config_free(void);

/* The commands, one file each where they are more than a call into Lua. */
int cmd_ingest(global_opts *g, int argc, char **argv);
int cmd_run(global_opts *g, int argc, char **argv);
int cmd_reduce(global_opts *g, int argc, char **argv);
int cmd_merge(global_opts *g, int argc, char **argv);
int cmd_eval(global_opts *g, int argc, char **argv);
int cmd_repl(global_opts *g, int argc, char **argv);
int cmd_lua_command(global_opts *g, int argc, char **argv);

#endif
