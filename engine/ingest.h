/* ingest.h: read files, directories, stdin and JSONL into documents and the store. */
#ifndef PARLEY_INGEST_H
#define PARLEY_INGEST_H

#include <stddef.h>
#include <lua.h>

#include "loader.h"
#include "store.h"

typedef struct {
    int repair;            /* --repair: replace invalid UTF-8 */
    int skip_bad;          /* --skip-bad: report bad inputs and go on; commit in chunks */
    int jsonl;             /* --jsonl: every input is JSON Lines */
    int quiet;             /* -q: no progress, no per-file messages */
    int progress;          /* draw the progress line (stderr is a terminal, > 1 file) */
    const char *date, *source, *title;   /* overrides from the command line */
    int jobs;              /* --jobs N: read and prepare documents in N threads (ingest_jobs.c) */
    /*
     * When set, asked before each file is read (after directories are
     * walked, so a symlink inside an allowed directory is checked too):
     * nonzero to go on; 0 refuses, with the reason written into err.
     */
    int (*may_read)(const char *path, void *ud, char *err, size_t errsize);
    void *may_read_ud;
} ingest_opts;

typedef struct {
    size_t files, added, duplicates, refused, replaced;
    size_t bytes;
} ingest_stats;

/*
 * A loaded document ready to store or to wrap as a Doc: text normalised,
 * metadata resolved by the Lua rules in stdlib/parley/meta.lua.
 */
typedef struct {
    load_result loaded;      /* text, len, map: owned */
    const char *text;        /* loaded.text + skip (the metadata prefix cut) */
    size_t len;
    char *date, *source, *title, *lang;  /* malloc'd or NULL */
    char *meta_json;         /* malloc'd JSON object of other fields, or NULL */
} prepared_doc;

void prepared_doc_free(prepared_doc *doc);

/*
 * Load bytes read from origin (a path, "-" or "FILE:LINE" for JSONL) into *doc.
 * fields is the stack index of a table of JSONL fields (or 0). On failure
 * returns a negative code and writes a one-line "ORIGIN:LINE:COL: message"
 * into err. Raises only on Lua errors in the metadata rules.
 */
int prepare_doc(lua_State *L, const char *origin, const char *bytes, size_t len,
                const ingest_opts *opts, int fields, prepared_doc *doc, char *err, size_t errsize);

/* prepare_doc for a malloc'd buffer (room for len + 1) that the loader takes over. */
int prepare_doc_owned(lua_State *L, const char *origin, char *buf, size_t len,
                      const ingest_opts *opts, prepared_doc *doc, char *err, size_t errsize);

/*
 * One JSON Lines line from origin ("FILE:LINE"), which must be a JSON object
 * with a non-empty string "text": pushes it as a Lua table, points *text at
 * its text (kept by the table) and returns 0, or pushes nothing and returns
 * -1 with "ORIGIN[:COL]: why" in err. The
 * line is parsed once (parsing was two fifths of a JSONL ingest, and it
 * used to be done twice: to check, then to decode).
 */
int jsonl_push_line(lua_State *L, const char *origin, const char *line, size_t len, const char **text,
                    size_t *text_len, char *err, size_t errsize);

/*
 * Push a copy of the table at index without the keys that are options of
 * add/doc (repair, origin), not metadata; returns its stack index.
 */
int push_metadata_fields(lua_State *L, int index);

/*
 * Ingest every path (files; directories recursively in name order; "-" for
 * stdin). Without skip_bad the whole call is one transaction: the first bad
 * input rolls everything back. Returns 0, or -1 with a message in err.
 */
int ingest_paths(lua_State *L, parley_store *store, const ingest_opts *opts,
                 char *const *paths, int npaths, ingest_stats *stats, char *err, size_t errsize);

/*
 * Ingest bytes already in memory as if they were read from origin (a name
 * for messages): one document, or JSON Lines under opts->jsonl. data is
 * malloc'd with room for len + 1 and is taken over. One transaction, as
 * ingest_paths. Returns 0, or -1 with a message in err.
 */
int ingest_buffer(lua_State *L, parley_store *store, const ingest_opts *opts, const char *origin,
                  char *data, size_t len, ingest_stats *stats, char *err, size_t errsize);

/* Read a whole file (or stdin for "-") into a malloc'd buffer with one spare byte; -1 with errno on failure. */
int read_whole_file(const char *path, char **data, size_t *len);

#endif
