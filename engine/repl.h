/* repl.h: the parts of the REPL (session, line editing, completion, running code, commands), shared by repl*.c only. */
#ifndef PARLEY_REPL_H
#define PARLEY_REPL_H

#include <stddef.h>
#include <lua.h>

#include "budget.h"

typedef struct repl_editor repl_editor;

typedef struct {
    lua_State *L;
    int interactive;         /* stdin is a terminal: prompts, line editing, history, Ctrl-C */
    int color;               /* ANSI colours: interactive, stdout a terminal, no NO_COLOR */
    int count;               /* inputs run so far: the n of the prompt [n], of _n and of chunk "[n]" */
    int failures;            /* inputs that failed: exit status 1 when piped */
    int limit_stops;         /* inputs stopped by --max-memory or --timeout: exit status 3 when piped */
    int quit;                /* :quit was given */
    int where_hinted;        /* the ":where" hint was shown once */
    int line_no;             /* lines read so far; piped errors name stdin:LINE */
    double timeout;          /* --timeout, applied to each input on its own */
    repl_editor *ed;         /* libedit state; NULL when not interactive */
} repl;

/* ---- repl_edit.c: reading lines ---- */

/* Set up line editing and history (interactive sessions only); -1 if libedit cannot start. */
int edit_open(repl *r);
void edit_close(repl *r);

/*
 * The next line without its newline, malloc'd; NULL at end of input.
 * continuation: the line continues an unfinished chunk (another prompt).
 * *cancelled is set when Ctrl-C discarded the line.
 */
char *edit_read_line(repl *r, int continuation, int *cancelled);

/* Add a finished chunk to the history (and its file, unless it starts with a space). */
void edit_remember(repl *r, const char *chunk);

/* Columns of the terminal (80 when unknown). */
int edit_columns(void);

/* ---- repl_complete.c: Tab ---- */

/* Bind Tab to parley's completion in the editor el (an EditLine *). */
void complete_install(void *el);

/* ---- repl_run.c: running code ---- */

/*
 * Run the input src (an expression's values are printed, a statement just
 * runs), as the input numbered r->count + 1. Reports errors (syntax errors
 * with a caret under the problem) and counts failures. Returns 0 or -1.
 * save: record the input for :save when it succeeds.
 */
int run_input(repl *r, const char *src, size_t len, int save);

/* Interactive sessions: ignore SIGINT between inputs (on), or restore what it was (off). */
void run_session_signals(int on);

/* Run the Lua file at path in the session, as :load does. Returns 0 or -1. */
int run_file(repl *r, const char *path);

/* Whether the chunk text does not compile yet because it is unfinished (a syntax error at <eof>). */
int input_incomplete(lua_State *L, const char *src, size_t len);

/* ---- repl_errors.c: showing failures ---- */

/* Print to stderr, red when colours are on. */
void report_error(repl *r, const char *msg);

/* The message handler of every input: keeps the failed call's frames and locals for :where. */
int capture_error(lua_State *L);

/* The error on top (popped), why it stopped (a limit, Ctrl-C), and the calls that led to it. */
void report_failure(repl *r, budget_stop stop);

/* Under the last line of src, a caret at the token the syntax error msg names. */
void show_caret(lua_State *L, const char *src, size_t len, const char *chunkname, const char *msg);

/* After an input that did not compile: :where shows only the message at index msg. */
void forget_stack(lua_State *L, int msg);

/* Keep the lines of src, the input named chunk starting at line first, for :where. */
void remember_source(lua_State *L, const char *chunk, int first, const char *src, size_t len);

/* Push the value at index i formatted by parley.pretty (the session's colours): always a string. */
void push_pretty(repl *r, int i, int width);

/* The successful inputs, as a script (pushed), and how many; for :save. */
int push_saved_inputs(repl *r);

/* Push the frames captured at the last error (an array, possibly empty). */
void push_postmortem(lua_State *L);

/* Push the source text of line `line` of chunk `chunk` (its short name), or nil. */
void push_source_line(lua_State *L, const char *chunk, int line);

/* ---- repl_commands.c: :load, :time, :save, :where, :help, :quit ---- */

/* Run a meta-command line (":name args"); returns 0 or -1 (counted as a failure). */
int command_run(repl *r, const char *line);

/* Name of command i (0-based), NULL past the end; for completion. */
const char *command_name(int i);

#endif
