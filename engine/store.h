/* store.h: the corpus database (SQLite): schema, migrations, documents. */
#ifndef PARLEY_STORE_H
#define PARLEY_STORE_H

#include <stddef.h>
#include <sqlite3.h>

/* The schema version this engine writes, kept in PRAGMA user_version. */
#define STORE_SCHEMA_VERSION 2
/* PRAGMA application_id of a parley corpus: "PRLY". */
#define STORE_APPLICATION_ID 0x50524C59
/* How long an operation waits for a lock held by another connection. */
#define STORE_BUSY_TIMEOUT_MS 5000

typedef struct parley_store parley_store;

typedef enum {
    STORE_READONLY = 1 << 0,   /* never write; the file must exist */
    STORE_CREATE = 1 << 1,     /* create the file (and schema) if missing */
    STORE_NOWAIT = 1 << 2,     /* on a lock held elsewhere, fail at once with PARLEY_EBUSY
                                  instead of waiting up to STORE_BUSY_TIMEOUT_MS */
} store_flags;

/*
 * Open (and, when writable, create or migrate) a corpus. path ":memory:" is
 * an in-memory corpus. On failure returns a negative PARLEY_E* code, *out is
 * NULL and err (size errsize) holds a one-line message naming the file.
 * A database that is not a parley corpus, or has a newer schema, is refused.
 * A file without write permission is opened read-only.
 */
int store_open(const char *path, int flags, parley_store **out, char *err, size_t errsize);

/* Close; safe on NULL. Rolls back an open transaction. */
void store_close(parley_store *store);

/* Borrowed handle for queries; valid until store_close. */
sqlite3 *store_db(parley_store *store);
int store_is_readonly(const parley_store *store);
const char *store_path(const parley_store *store);
/* The last SQLite error message of this store (borrowed). */
const char *store_errmsg(parley_store *store);

/*
 * Guards for SQL that untrusted code (a sandboxed script) runs on this
 * connection, through an authorizer: a refused statement fails to prepare
 * with SQLITE_AUTH, and store_refusal says what was refused.
 */
typedef enum {
    STORE_GUARD_WRITES = 1 << 0,   /* read-only statements only (and PRAGMA query_only on) */
    STORE_GUARD_OUTSIDE = 1 << 1,  /* no ATTACH/DETACH (other files) and no PRAGMA settings */
} store_guard_flags;

/* Install the guards (flags, or 0 to remove them); PARLEY_OK or a failure. */
int store_guard(parley_store *store, int flags);
/* The guards installed. */
int store_guards(const parley_store *store);

/*
 * The guard that refused the last statement (STORE_GUARD_WRITES or
 * STORE_GUARD_OUTSIDE) with *what the statement ("DROP TABLE documents",
 * "ATTACH /tmp/x.db"; borrowed until the next refusal); 0 when none did.
 * Only meaningful right after a statement failed with SQLITE_AUTH.
 */
int store_refusal(parley_store *store, const char **what);

/* A document to add; every pointer is borrowed, and may be NULL but text. */
typedef struct {
    const char *text;
    size_t len;
    const char *date;          /* ISO 8601, as given */
    const char *source;
    const char *title;
    const char *lang;
    const char *origin;        /* the file it came from, or "-" for stdin */
    const char *meta_json;     /* a JSON object of other fields */
    const unsigned char *offset_map;  /* offmap_serialize() output */
    size_t offset_map_len;
    const char *encoding;
    size_t replaced;           /* U+FFFD substitutions made on load */
} store_doc;

/*
 * Add one document atomically (one INSERT: a failure leaves nothing of it,
 * and an open transaction goes on).
 * The content hash is SHA-256 of the stored text. When a document with the
 * same hash exists, nothing is written, *added is 0 and *id is the existing id.
 */
int store_add_document(parley_store *store, const store_doc *doc, long long *id, int *added);

/*
 * Batch transactions: documents added between begin and commit land together.
 * The full-text index of the batch is built at commit, in one statement (far
 * faster than a document at a time, with a 64 MB FTS5 hash while it runs):
 * until then MATCH does not find them, and a batch may only add documents,
 * not delete or edit them in SQL.
 */
int store_begin(parley_store *store);
int store_commit(parley_store *store);
int store_rollback(parley_store *store);

/* ------------------------------------------------------------ annotations */

/* A run of a script that saves annotations: one row of `runs`. Strings are borrowed; only script is required. */
typedef struct {
    const char *script;           /* a bundled script's name, a script's real path, or "lua" */
    const char *script_hash;      /* SHA-256 hex of the script's text */
    const char *engine_version;
    const char *args_json;        /* a JSON array of the script's arguments */
} store_run;

/* One annotation; strings borrowed. Positions are bytes of the document text, 1-based and inclusive. */
typedef struct {
    const char *label;
    long long start, stop;
    const char *attrs_json;       /* a JSON object, or NULL */
    const char *rule;             /* the rule that found it, or NULL */
} store_annotation;

/* What one save writes: a document's annotations as a script has them now. */
typedef struct {
    long long doc;                /* the document's id */
    const char *doc_hash;         /* SHA-256 hex of the text the annotations are positions in */
    const store_annotation *annotations;
    size_t n;
    long long *ids;               /* receives the n new ids, or NULL */
} store_save;

/*
 * Save a document's annotations for a run, atomically (a savepoint inside
 * any open transaction). What earlier runs of the same script saved for the
 * document moves to replaced_annotations (replaced_by = this run); what this
 * run saved for it before is deleted; then the new ones are inserted and
 * (run, doc) is recorded in run_docs, so saving no annotations still says
 * "this run looked and found nothing". *run_id 0 (or a run that no longer
 * exists) makes the runs row from `run` first and sets *run_id; it is left
 * as it was when the save fails. A document that is not in the corpus, or
 * whose text has another hash, is refused (PARLEY_EDB).
 */
int store_save_annotations(parley_store *store, const store_run *run, long long *run_id,
                           const store_save *save);

/* Set the run's finished_at to now. */
int store_finish_run(parley_store *store, long long run_id);

/* Lower-case hex SHA-256 of s into hex[65]. */
void store_content_hash(const char *s, size_t len, char hex[65]);

#endif
