/* repl_edit.c: reading the REPL's input: libedit on a terminal (prompts, keys, history file), plain lines when piped. */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <histedit.h>

#include "repl.h"

#define HISTORY_MAX 5000   /* entries kept in memory and in the file */

struct repl_editor {
    EditLine *el;
    History *hist;
    repl *r;
    int cancelled;            /* Ctrl-C discarded the line being read */
    char prompt[96];
    char history_path[4096];  /* "" when there is no home to keep it in */
};

/* ---- prompts ---- */

static const char *prompt_of(EditLine *el)
{
    repl *r;
    el_get(el, EL_CLIENTDATA, &r);
    return r->ed->prompt;
}

/*
 * "parley[3]> ", or "      ...> " under it for a continuation line.
 * Colour escapes sit between \1 marks, which libedit does not count as columns.
 */
static void set_prompt(repl_editor *ed, int continuation)
{
    char plain[48];
    int width = snprintf(plain, sizeof plain, "parley[%d]>", ed->r->count + 1);
    if (continuation)
        snprintf(plain, sizeof plain, "%*s", width, "...>");
    if (ed->r->color)
        snprintf(ed->prompt, sizeof ed->prompt, "\1\033[%sm\1%s\1\033[0m\1 ",
                 continuation ? "32" : "1;32", plain);
    else
        snprintf(ed->prompt, sizeof ed->prompt, "%s ", plain);
}

/* ---- keys ---- */

/*
 * Ctrl-C at the prompt: show ^C, end the line and mark it cancelled (the
 * caller drops it, and any unfinished chunk). The terminal's ISIG is off
 * while libedit reads, so this is a key, not a signal.
 */
static unsigned char cancel_line(EditLine *el, int ch)
{
    (void)ch;
    repl *r;
    el_get(el, EL_CLIENTDATA, &r);
    const LineInfo *li = el_line(el);
    el_cursor(el, (int)(li->lastchar - li->cursor));
    el_insertstr(el, "^C");
    r->ed->cancelled = 1;
    el_push(el, "\n");
    return CC_REFRESH;
}

/* Ctrl-Z: with ISIG off it is a key; stop the job as the terminal would (libedit redraws on SIGCONT). */
static unsigned char suspend(EditLine *el, int ch)
{
    (void)el, (void)ch;
    kill(0, SIGTSTP);
    return CC_NORM;
}

static void bind_keys(EditLine *el)
{
    el_set(el, EL_SETTY, "-d", "-isig", NULL);
    /* el_wset: el_set's EL_ADDFN copies the names and never frees them (a leak libedit admits). */
    el_wset(el, EL_ADDFN, L"parley-cancel", L"discard the line (Ctrl-C)", cancel_line);
    el_set(el, EL_BIND, "^C", "parley-cancel", NULL);
    el_wset(el, EL_ADDFN, L"parley-suspend", L"stop the job (Ctrl-Z)", suspend);
    el_set(el, EL_BIND, "^Z", "parley-suspend", NULL);
    el_set(el, EL_BIND, "^R", "em-inc-search-prev", NULL);
    /* Up and Down recall lines that start with what is typed so far, as IPython does. */
    el_set(el, EL_BIND, "\033[A", "ed-search-prev-history", NULL);
    el_set(el, EL_BIND, "\033[B", "ed-search-next-history", NULL);
    el_set(el, EL_BIND, "\033OA", "ed-search-prev-history", NULL);
    el_set(el, EL_BIND, "\033OB", "ed-search-next-history", NULL);
    el_set(el, EL_BIND, "\033[H", "ed-move-to-beg", NULL);
    el_set(el, EL_BIND, "\033[F", "ed-move-to-end", NULL);
    el_set(el, EL_BIND, "\033[1~", "ed-move-to-beg", NULL);
    el_set(el, EL_BIND, "\033[4~", "ed-move-to-end", NULL);
    el_set(el, EL_BIND, "\033[3~", "ed-delete-next-char", NULL);
    el_set(el, EL_BIND, "\033[1;5C", "em-next-word", NULL);
    el_set(el, EL_BIND, "\033[1;5D", "ed-prev-word", NULL);
    complete_install(el);
}

/* ---- history ---- */

/* $XDG_STATE_HOME/parley/history (default ~/.local/state/parley), creating the directories. */
static void history_path(char *out, size_t size)
{
    const char *state = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    char dir[4000];
    out[0] = '\0';
    if (state && *state)
        snprintf(dir, sizeof dir, "%s/parley", state);
    else if (home && *home)
        snprintf(dir, sizeof dir, "%s/.local/state/parley", home);
    else
        return;
    for (char *p = dir + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(dir, 0700);
            *p = '/';
        }
    }
    if (mkdir(dir, 0700) == 0 || errno == EEXIST)
        snprintf(out, size, "%s/history", dir);
}

static long count_lines(const char *path)
{
    FILE *f = fopen(path, "r");
    long n = 0;
    if (!f)
        return 0;
    for (int c; (c = getc(f)) != EOF;)
        n += c == '\n';
    fclose(f);
    return n;
}

/*
 * Entries are appended to the file one by one as they are entered (so a
 * crash loses nothing and two sessions do not overwrite each other); the
 * file is cut back to HISTORY_MAX entries when a session starts.
 */
static void load_history(repl_editor *ed)
{
    HistEvent ev;
    history(ed->hist, &ev, H_SETSIZE, HISTORY_MAX);
    history_path(ed->history_path, sizeof ed->history_path);
    if (!*ed->history_path)
        return;
    history(ed->hist, &ev, H_LOAD, ed->history_path);
    if (count_lines(ed->history_path) > HISTORY_MAX + 1)   /* + the format's first line */
        history(ed->hist, &ev, H_SAVE, ed->history_path);
}

/*
 * One entry as libedit's history file holds it (strvis with VIS_WHITE, read
 * back by H_LOAD's strunvis): a line, with spaces, controls and backslashes
 * as octal escapes. Written here because H_NSAVE_FP's count is off by one
 * in some libedit versions, which would leak the entry before this one.
 */
static void write_entry(FILE *f, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\\')
            fputs("\\\\", f);
        else if (c <= ' ' || c == 0x7f)
            fprintf(f, "\\%03o", c);
        else
            putc(c, f);
    }
    putc('\n', f);
}

void edit_remember(repl *r, const char *chunk)
{
    repl_editor *ed = r->ed;
    HistEvent ev;
    if (!ed || !*chunk)
        return;
    if (history(ed->hist, &ev, H_FIRST) == 0 && strcmp(ev.str, chunk) == 0)
        return;   /* the same as the last entry */
    history(ed->hist, &ev, H_ENTER, chunk);
    if (chunk[0] == ' ' || !*ed->history_path)
        return;   /* a leading space keeps a line out of the file, as in bash */
    FILE *f = fopen(ed->history_path, "a");
    if (f) {
        if (ftell(f) == 0)
            fputs("_HiStOrY_V2_\n", f);
        write_entry(f, chunk);
        fclose(f);
    }
}

/* ---- the editor ---- */

/* libedit decodes UTF-8 input only under a UTF-8 locale; C.UTF-8 when the environment has none. */
static void use_utf8_locale(void)
{
    const char *loc = setlocale(LC_CTYPE, "");
    if (!loc || strcmp(loc, "C") == 0 || strcmp(loc, "POSIX") == 0)
        setlocale(LC_CTYPE, "C.UTF-8");
}

int edit_open(repl *r)
{
    repl_editor *ed = calloc(1, sizeof *ed);
    if (!ed)
        return -1;
    use_utf8_locale();
    ed->r = r;
    ed->el = el_init("parley", stdin, stdout, stderr);
    ed->hist = history_init();
    if (!ed->el || !ed->hist) {
        if (ed->el)
            el_end(ed->el);
        if (ed->hist)
            history_end(ed->hist);
        free(ed);
        return -1;
    }
    r->ed = ed;   /* the callbacks reach the editor through the session */
    el_set(ed->el, EL_CLIENTDATA, r);
    el_set(ed->el, EL_EDITOR, "emacs");
    el_set(ed->el, EL_SIGNAL, 1);
    el_set(ed->el, EL_PROMPT_ESC, prompt_of, '\1');
    el_set(ed->el, EL_HIST, history, ed->hist);
    bind_keys(ed->el);
    el_source(ed->el, NULL);   /* ~/.editrc may change the keys */
    load_history(ed);
    return 0;
}

void edit_close(repl *r)
{
    if (!r->ed)
        return;
    el_end(r->ed->el);
    history_end(r->ed->hist);
    free(r->ed);
    r->ed = NULL;
}

/* A line from stdin without its newline (malloc'd), NULL at the end. */
static char *read_plain(void)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, stdin);
    if (n < 0) {
        free(line);
        return NULL;
    }
    if (n > 0 && line[n - 1] == '\n')
        line[n - 1] = '\0';
    return line;
}

char *edit_read_line(repl *r, int continuation, int *cancelled)
{
    *cancelled = 0;
    r->line_no++;
    if (!r->ed)
        return read_plain();
    repl_editor *ed = r->ed;
    set_prompt(ed, continuation);
    /* Raw mode before the prompt shows: keys typed as soon as it appears are not echoed twice. */
    el_set(ed->el, EL_PREP_TERM, 1);
    int n = 0;
    const char *line;
    for (int tries = 0; (line = el_gets(ed->el, &n)) == NULL && n < 0 && errno == EINTR && tries < 100; tries++)
        ;   /* a signal (a resize) interrupted the read: read on */
    if (!line || n <= 0)
        return NULL;
    if (ed->cancelled) {
        ed->cancelled = 0;
        *cancelled = 1;
    }
    size_t len = strlen(line);
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        len--;
    return strndup(line, len);
}

int edit_columns(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
        return ws.ws_col;
    const char *env = getenv("COLUMNS");
    int cols = env ? atoi(env) : 0;
    return cols > 20 ? cols : 80;
}
