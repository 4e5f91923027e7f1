/* cli_doc.c: the man page parley(1) and the bash/zsh completions, generated from the command table. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/*
 * Everything here is derived from the text `parley --help` prints (cli_commands[],
 * cli_global_help, cli_exit_statuses, cli_environment in main.c), so a new
 * command or option reaches the man page and the completions without being
 * written twice. Options are read out of that text by their shape: a word
 * starting with "-" at the start of a line or after a space, "[" or "|",
 * followed by an upper-case metavariable ("--limit N") when it takes a value,
 * or by a list of choices ("--format a|b|c").
 */

/* ---- reading options out of help text ---- */

typedef struct {
    char name[32];
    char arg[32];        /* metavariable ("FILE"), "" for a flag */
    char choices[160];   /* "a b c" for "--opt a|b|c" */
    char desc[120];      /* what the help line says about it, when it starts a line */
} cli_option;

#define MAX_OPTIONS 64

typedef struct {
    cli_option opt[MAX_OPTIONS];
    int n;
} option_list;

static int is_option_start(const char *line, const char *p)
{
    if (p[0] != '-')
        return 0;
    if (p > line && !strchr(" [|", p[-1]))
        return 0;
    if (p[1] == '-')
        return islower((unsigned char)p[2]);
    return isalpha((unsigned char)p[1]) && !isalnum((unsigned char)p[2]) && p[2] != '-';
}

/* The word at p (up to a space, ']' or the end): its length. */
static size_t word_length(const char *p)
{
    size_t n = 0;
    while (p[n] && p[n] != ' ' && p[n] != ']' && p[n] != '\n')
        n++;
    return n;
}

static int is_metavariable(const char *w, size_t n)
{
    int upper = 0;
    for (size_t i = 0; i < n; i++) {
        if (isupper((unsigned char)w[i]))
            upper = 1;
        else if (!strchr("_.-0123456789", w[i]))
            return 0;
    }
    return upper;
}

/* "a|b|c" (lower-case words joined by '|') -> "a b c" in out; 0 if w is not that. */
static int read_choices(const char *w, size_t n, char *out, size_t size)
{
    if (!memchr(w, '|', n) || n >= size || w[0] == '-')
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (!islower((unsigned char)w[i]) && !isdigit((unsigned char)w[i]) && w[i] != '|' && w[i] != '-')
            return 0;
        out[i] = w[i] == '|' ? ' ' : w[i];
    }
    out[n] = '\0';
    return 1;
}

static cli_option *find_option(option_list *list, const char *name)
{
    for (int i = 0; i < list->n; i++)
        if (strcmp(list->opt[i].name, name) == 0)
            return &list->opt[i];
    return NULL;
}

/* Parse the option whose name starts at p into o; returns where its name and value end. */
static const char *parse_option(const char *p, cli_option *o)
{
    size_t n = 1;
    while (isalnum((unsigned char)p[n]) || p[n] == '-')
        n++;
    memset(o, 0, sizeof *o);
    snprintf(o->name, sizeof o->name, "%.*s", (int)n, p);
    const char *end = p + n;
    if (*end != ' ')
        return end;
    size_t wn = word_length(end + 1);
    if (read_choices(end + 1, wn, o->choices, sizeof o->choices)) {
        snprintf(o->arg, sizeof o->arg, "%s", "VALUE");
        return end + 1 + wn;
    }
    if (is_metavariable(end + 1, wn)) {
        snprintf(o->arg, sizeof o->arg, "%.*s", (int)wn, end + 1);
        return end + 1 + wn;
    }
    return end;
}

/* Add the option at p to the list, or complete what an earlier mention lacked; *out is it. */
static const char *add_option(option_list *list, const char *p, cli_option **out)
{
    cli_option tmp;
    const char *end = parse_option(p, &tmp);
    cli_option *o = find_option(list, tmp.name);
    if (!o && list->n < MAX_OPTIONS)
        *(o = &list->opt[list->n++]) = tmp;
    else if (o && !*o->arg)
        memcpy(o->arg, tmp.arg, sizeof o->arg), memcpy(o->choices, tmp.choices, sizeof o->choices);
    *out = o;
    return end;
}

/* The text from end to the next option on the line, trimmed of spaces and ",;"; may be empty. */
static size_t segment(const char *line, const char *end, const char **start)
{
    while (*end == ' ' || *end == ',' || *end == ';')
        end++;
    const char *p = end;
    while (*p && *p != '\n' && !is_option_start(line, p))
        p++;
    size_t n = (size_t)(p - end);
    while (n > 0 && strchr(" ,;", end[n - 1]))
        n--;
    *start = end;
    return n;
}

/* An option's description: the first text after it on its line ("-q, --quiet  no output"). */
static void describe(const char *line, const char *p, cli_option *o)
{
    const char *text;
    size_t len;
    cli_option skipped;
    while ((len = segment(line, p, &text)) == 0 && is_option_start(line, text))
        p = parse_option(text, &skipped);
    if (*o->desc)
        return;
    /* Only the first clause: up to a ';', or a '(' that closes on a later line. */
    const char *semi = memchr(text, ';', len);
    if (semi)
        len = (size_t)(semi - text);
    const char *paren = memchr(text, '(', len);
    if (paren && !memchr(paren, ')', len - (size_t)(paren - text)))
        len = (size_t)(paren - text);
    while (len > 0 && text[len - 1] == ' ')
        len--;
    snprintf(o->desc, sizeof o->desc, "%.*s", (int)len, text);
}

/* The options of one line; those of a line that starts with an option get a description. */
static void scan_line(option_list *list, const char *line)
{
    const char *p = line;
    while (*p == ' ')
        p++;
    int leading = is_option_start(line, p);
    while (*p && *p != '\n') {
        if (!is_option_start(line, p)) {
            p++;
            continue;
        }
        cli_option *o;
        p = add_option(list, p, &o);
        if (leading && o)
            describe(line, p, o);
    }
}

static void scan_text(option_list *list, const char *text)
{
    for (const char *line = text; *line;) {
        scan_line(list, line);
        const char *nl = strchr(line, '\n');
        if (!nl)
            break;
        line = nl + 1;
    }
}

/* The options a command takes: from its usage line and its details. */
static void command_options(const cli_command *c, option_list *list)
{
    list->n = 0;
    scan_text(list, c->usage);
    scan_text(list, c->details);
}

/* ---- positional arguments, from the usage line ---- */

typedef enum { POS_NONE, POS_FILES, POS_SCRIPTS, POS_COMMANDS } pos_kind;

#define MAX_POSITIONALS 8

typedef struct {
    pos_kind kind[MAX_POSITIONALS];
    int n;
    int repeats;   /* the last one may be given many times ("PATH...") */
} positionals;

static pos_kind classify(const char *w, size_t n)
{
    char word[64];
    snprintf(word, sizeof word, "%.*s", (int)n, w);
    if (strstr(word, "COMMAND"))
        return POS_COMMANDS;
    if (strstr(word, "SCRIPT"))
        return POS_SCRIPTS;
    if (strstr(word, "PATH") || strstr(word, "FILE") || strstr(word, "DIR") || strstr(word, "ARGS"))
        return POS_FILES;
    return POS_NONE;
}

/* "run [OPTIONS] SCRIPT [ARGS...]" -> scripts, files (repeating); the command name is skipped. */
static void usage_positionals(const char *usage, positionals *pos)
{
    const char *p = usage + strcspn(usage, " ");
    pos->n = pos->repeats = 0;
    while (*p) {
        cli_option skipped;
        if (*p == ' ' || *p == '[' || *p == ']' || *p == '|') {
            p++;
        } else if (is_option_start(usage, p)) {
            p = parse_option(p, &skipped);
        } else {
            size_t n = *p == '\'' ? strcspn(p + 1, "'") + 2 : strcspn(p, " ]");
            if (n > strlen(p))
                n = strlen(p);
            if (strncmp(p, "OPTIONS", 7) != 0 && pos->n < MAX_POSITIONALS) {
                pos->kind[pos->n++] = *p == '\'' ? POS_NONE : classify(p, n);
                pos->repeats = n >= 3 && strncmp(p + n - 3, "...", 3) == 0;
            }
            p += n;
        }
    }
}

static const char *const POS_NAMES[] = {"none", "files", "scripts", "commands"};

/* ---- troff ---- */

/* Text for troff: backslashes and hyphens escaped, a leading dot or quote made harmless. */
static void troff_text(FILE *out, const char *s, size_t n)
{
    int line_start = 1;
    for (size_t i = 0; i < n && s[i]; i++) {
        if (line_start && (s[i] == '.' || s[i] == '\''))
            fputs("\\&", out);
        if (s[i] == '\\')
            fputs("\\e", out);
        else if (s[i] == '-')
            fputs("\\-", out);
        else
            fputc(s[i], out);
        line_start = s[i] == '\n';
    }
}

static void troff(FILE *out, const char *s)
{
    troff_text(out, s, strlen(s));
}

/* Preformatted lines, kept as --help prints them. */
static void troff_verbatim(FILE *out, const char *s)
{
    fputs(".RS 4\n.nf\n", out);
    troff(out, s);
    if (*s && s[strlen(s) - 1] != '\n')
        fputc('\n', out);
    fputs(".fi\n.RE\n", out);
}

static void troff_notes(FILE *out, const cli_note *notes)
{
    for (const cli_note *n = notes; n->name; n++) {
        fputs(".TP\n.B ", out);
        troff(out, n->name);
        fputc('\n', out);
        troff(out, n->text);
        fputs(".\n", out);
    }
}

static void man_commands(FILE *out)
{
    fputs(".SH COMMANDS\n", out);
    for (const cli_command *c = cli_commands; c->name; c++) {
        fputs(".SS \"parley ", out);
        troff(out, c->usage);
        fputs("\"\n", out);
        troff(out, c->summary);
        fputs(".\n", out);
        if (*c->details) {
            fputs(".PP\n", out);
            troff_verbatim(out, c->details);
        }
    }
}

int cli_print_man(FILE *out)
{
    fprintf(out, ".\\\" parley(1), generated by `parley help --man` from the command table in engine/main.c.\n");
    fprintf(out, ".TH PARLEY 1 \"\" \"parley %s\" \"User Commands\"\n", PARLEY_VERSION);
    fputs(".SH NAME\nparley \\- ", out);
    troff(out, cli_tagline);
    fputs("\n.SH SYNOPSIS\n.B parley\n[\\fIOPTIONS\\fR] [\\fICOMMAND\\fR [\\fIARGS\\fR...]]\n", out);
    fputs(".SH DESCRIPTION\n"
          "parley loads text safely into a corpus (one SQLite file with full\\-text search)\n"
          "and runs Lua 5.4 scripts over it: the bundled analyses by name, or your own.\n"
          "With no command, parley starts the REPL, an interactive Lua workbench with the\n"
          "corpus open.\n"
          "The same text is printed by \\fBparley \\-\\-help\\fR and \\fBparley help\\fR \\fICOMMAND\\fR.\n",
          out);
    man_commands(out);
    fputs(".SH OPTIONS\nThese options are accepted before or after the command name.\n.PP\n", out);
    const char *body = strchr(cli_global_help, '\n');
    troff_verbatim(out, body ? body + 1 : cli_global_help);
    fputs(".SH \"EXIT STATUS\"\n", out);
    troff_notes(out, cli_exit_statuses);
    fputs(".SH ENVIRONMENT\n", out);
    troff_notes(out, cli_environment);
    fputs(".SH FILES\n"
          ".TP\n.I ./parley.db\nthe corpus used when neither \\-\\-db nor PARLEY_DB is given.\n"
          ".TP\n.I PREFIX/share/parley/\nthe stdlib (Lua modules), the bundled scripts and data, and the\n"
          "Lua language\\-server stubs (stubs/), found relative to the binary.\n"
          ".SH \"SEE ALSO\"\n"
          "The tutorial, cookbook, CLI and Lua API references and the database schema\n"
          "in the docs/ folder of the source tree; \\fBsqlite3\\fR(1), \\fBlua\\fR(1).\n",
          out);
    return ferror(out) ? -1 : 0;
}

/* ---- completions ---- */

/* How to complete an option's value: "choices a b c", "files" or "none". */
static void value_kind(const cli_option *o, char *out, size_t size)
{
    if (*o->choices)
        snprintf(out, size, "choices %s", o->choices);
    else if (strstr(o->arg, "FILE") || strstr(o->arg, "DIR") || strstr(o->arg, "PATH"))
        snprintf(out, size, "files");
    else
        snprintf(out, size, "none");
}

/* Options of a list as one space-separated string: all, or only those taking a value. */
static void option_names(FILE *out, const option_list *list, int with_value_only)
{
    int first = 1;
    for (int i = 0; i < list->n; i++) {
        if (with_value_only && !*list->opt[i].arg)
            continue;
        fprintf(out, "%s%s", first ? "" : " ", list->opt[i].name);
        first = 0;
    }
}

static void bash_value_cases(FILE *out, const char *command, const option_list *list)
{
    for (int i = 0; i < list->n; i++) {
        if (!*list->opt[i].arg)
            continue;
        char kind[200];
        value_kind(&list->opt[i], kind, sizeof kind);
        fprintf(out, "    \"%s %s\") echo \"%s\" ;;\n", command, list->opt[i].name, kind);
    }
}

static void bash_command_data(FILE *out, const option_list *global)
{
    fputs("# COMMAND -> its options, those taking a value, and what its positional arguments are\n"
          "_parley_command_data() {\n    case $1 in\n", out);
    for (const cli_command *c = cli_commands; c->name; c++) {
        option_list list;
        positionals pos;
        command_options(c, &list);
        usage_positionals(c->usage, &pos);
        fprintf(out, "    %s) _parley_opts=\"", c->name);
        option_names(out, &list, 0);
        fputs("\" _parley_value_opts=\"", out);
        option_names(out, &list, 1);
        fputs("\" _parley_positionals=\"", out);
        for (int i = 0; i < pos.n; i++)
            fprintf(out, "%s%s", i ? " " : "", POS_NAMES[pos.kind[i]]);
        fprintf(out, "%s\" ;;\n", pos.repeats ? "..." : "");
    }
    fputs("    *) _parley_opts= _parley_value_opts= _parley_positionals= ;;\n    esac\n}\n\n", out);
    fputs("# COMMAND OPTION -> how to complete the option's value\n_parley_value_kind() {\n"
          "    case \"$1 $2\" in\n", out);
    for (const cli_command *c = cli_commands; c->name; c++) {
        option_list list;
        command_options(c, &list);
        bash_value_cases(out, c->name, &list);
    }
    bash_value_cases(out, "*", global);
    fputs("    *) echo none ;;\n    esac\n}\n\n", out);
}

static const char BASH_BODY[] =
    "_parley_reply_files() {\n"
    "    compopt -o filenames 2>/dev/null\n"
    "    local IFS=$'\\n'\n"
    "    COMPREPLY+=($(compgen -f -- \"$1\"))\n"
    "}\n"
    "\n"
    "_parley() {\n"
    "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} prog=${COMP_WORDS[0]}\n"
    "    local cmd= npos=0 i w kind\n"
    "    local _parley_opts= _parley_value_opts= _parley_positionals=\n"
    "    COMPREPLY=()\n"
    "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
    "        w=${COMP_WORDS[i]}\n"
    "        if [ \"$cmd\" = run ] && [ \"$npos\" -ge 1 ]; then\n"
    "            npos=$((npos + 1)); continue      # after SCRIPT, everything is the script's\n"
    "        fi\n"
    "        case \" $_parley_global_value_opts $_parley_value_opts \" in\n"
    "            *\" $w \"*) i=$((i + 1)); continue ;;\n"
    "        esac\n"
    "        case $w in -*) continue ;; esac\n"
    "        if [ -z \"$cmd\" ]; then\n"
    "            cmd=$w\n"
    "            _parley_command_data \"$cmd\"\n"
    "        else\n"
    "            npos=$((npos + 1))\n"
    "        fi\n"
    "    done\n"
    "    if [ \"$COMP_CWORD\" -gt 1 ] && ! { [ \"$cmd\" = run ] && [ \"$npos\" -ge 1 ]; }; then\n"
    "        case \" $_parley_global_value_opts $_parley_value_opts \" in\n"
    "        *\" $prev \"*)\n"
    "            kind=$(_parley_value_kind \"${cmd:-*}\" \"$prev\")\n"
    "            [ \"$kind\" = none ] && kind=$(_parley_value_kind \"*\" \"$prev\")\n"
    "            case $kind in\n"
    "                choices*) COMPREPLY=($(compgen -W \"${kind#choices }\" -- \"$cur\")) ;;\n"
    "                files) _parley_reply_files \"$cur\" ;;\n"
    "            esac\n"
    "            return 0 ;;\n"
    "        esac\n"
    "    fi\n"
    "    if [[ $cur == -* ]] && ! { [ \"$cmd\" = run ] && [ \"$npos\" -ge 1 ]; }; then\n"
    "        COMPREPLY=($(compgen -W \"$_parley_opts $_parley_global_opts\" -- \"$cur\"))\n"
    "        return 0\n"
    "    fi\n"
    "    if [ -z \"$cmd\" ]; then\n"
    "        COMPREPLY=($(compgen -W \"$_parley_commands\" -- \"$cur\"))\n"
    "        return 0\n"
    "    fi\n"
    "    local kinds=($_parley_positionals)\n"
    "    kind=${kinds[npos]:-}\n"
    "    if [ -z \"$kind\" ] && [ ${#kinds[@]} -gt 0 ]; then\n"
    "        kind=${kinds[${#kinds[@]}-1]}\n"
    "        case $kind in *...) ;; *) kind= ;; esac\n"
    "    fi\n"
    "    case ${kind%...} in\n"
    "        commands) COMPREPLY=($(compgen -W \"$_parley_commands\" -- \"$cur\")) ;;\n"
    "        scripts)\n"
    "            COMPREPLY=($(compgen -W \"$(\"$prog\" scripts --names 2>/dev/null)\" -- \"$cur\"))\n"
    "            _parley_reply_files \"$cur\" ;;\n"
    "        files) _parley_reply_files \"$cur\" ;;\n"
    "    esac\n"
    "    return 0\n"
    "}\n"
    "\n"
    "complete -F _parley parley\n";

static int print_bash(FILE *out)
{
    option_list global;
    global.n = 0;
    scan_text(&global, cli_global_help);
    fputs("# bash completion for parley, generated by `parley help --completion bash` from the\n"
          "# command table in engine/main.c. Bundled script names come from `parley scripts --names`.\n\n",
          out);
    fputs("_parley_commands=\"", out);
    for (const cli_command *c = cli_commands; c->name; c++)
        fprintf(out, "%s%s", c == cli_commands ? "" : " ", c->name);
    fputs("\"\n_parley_global_opts=\"", out);
    option_names(out, &global, 0);
    fputs("\"\n_parley_global_value_opts=\"", out);
    option_names(out, &global, 1);
    fputs("\"\n\n", out);
    bash_command_data(out, &global);
    fputs(BASH_BODY, out);
    return ferror(out) ? -1 : 0;
}

/* A description for a zsh spec: without the characters _arguments and quoting treat specially. */
static void zsh_text(FILE *out, const char *s)
{
    for (; *s; s++)
        if (!strchr("[]:'\\`$\"", *s))
            fputc(*s, out);
}

/* One _arguments spec per option: '--limit[what it does]:N: ' */
static void zsh_option_specs(FILE *out, const option_list *list, const char *indent)
{
    for (int i = 0; i < list->n; i++) {
        const cli_option *o = &list->opt[i];
        fprintf(out, "%s'%s[", indent, o->name);
        zsh_text(out, *o->desc ? o->desc : o->name);
        fputc(']', out);
        if (*o->arg) {
            char kind[200];
            value_kind(o, kind, sizeof kind);
            fprintf(out, ":%s:", o->arg);
            if (strncmp(kind, "choices ", 8) == 0)
                fprintf(out, "(%s)", kind + 8);
            else if (strcmp(kind, "files") == 0)
                fputs("_files", out);
            else
                fputc(' ', out);
        }
        fputs("'\n", out);
    }
}

static const char *const ZSH_ACTIONS[] = {" ", "_files", "_parley_scripts", "_parley_commands"};
static const char *const ZSH_LABELS[] = {"argument", "file", "script", "command"};

static void zsh_command_case(FILE *out, const cli_command *c)
{
    option_list list;
    positionals pos;
    command_options(c, &list);
    usage_positionals(c->usage, &pos);
    fprintf(out, "    %s)\n      specs=(\n", c->name);
    zsh_option_specs(out, &list, "        ");
    for (int i = 0; i < pos.n; i++) {
        if (pos.kind[i] == POS_NONE)
            continue;   /* a spec with no completions makes zsh list options instead of inserting one */
        if (i == pos.n - 1 && pos.repeats)
            fputs("        '*", out);
        else
            fprintf(out, "        '%d", i + 1);
        fprintf(out, ":%s:%s'\n", ZSH_LABELS[pos.kind[i]], ZSH_ACTIONS[pos.kind[i]]);
    }
    fputs("      ) ;;\n", out);
}

static int print_zsh(FILE *out)
{
    option_list global;
    global.n = 0;
    scan_text(&global, cli_global_help);
    fputs("#compdef parley\n"
          "# zsh completion for parley, generated by `parley help --completion zsh` from the\n"
          "# command table in engine/main.c. Bundled script names come from `parley scripts --names`.\n\n"
          "_parley_commands() {\n  local -a commands\n  commands=(\n", out);
    for (const cli_command *c = cli_commands; c->name; c++) {
        fprintf(out, "    '%s:", c->name);
        zsh_text(out, c->summary);
        fputs("'\n", out);
    }
    fputs("  )\n  _describe -t commands 'parley command' commands\n}\n\n"
          "_parley_scripts() {\n  local -a names\n"
          "  names=(${(f)\"$(_call_program scripts ${_parley_prog:-parley} scripts --names 2>/dev/null)\"})\n"
          "  _alternative 'scripts:bundled script:compadd -a names' 'files:Lua script:_files -g \"*.lua\"'\n"
          "}\n\n"
          "_parley() {\n  local curcontext=$curcontext state line _parley_prog=$words[1]\n"
          "  local -a global_opts specs\n  global_opts=(\n", out);
    zsh_option_specs(out, &global, "    ");
    fputs("  )\n"
          "  _arguments -C $global_opts ':command:_parley_commands' '*::argument:->argument' && return\n"
          "  [[ $state == argument ]] || return 1\n"
          "  curcontext=${curcontext%:*:*}:parley-$line[1]:\n"
          "  case $line[1] in\n", out);
    for (const cli_command *c = cli_commands; c->name; c++)
        zsh_command_case(out, c);
    fputs("    *) specs=('*:file:_files') ;;\n  esac\n  _arguments -S $global_opts $specs\n}\n\n_parley \"$@\"\n", out);
    return ferror(out) ? -1 : 0;
}

int cli_print_completion(FILE *out, const char *shell)
{
    if (strcmp(shell, "bash") == 0)
        return print_bash(out);
    if (strcmp(shell, "zsh") == 0)
        return print_zsh(out);
    return -1;
}
