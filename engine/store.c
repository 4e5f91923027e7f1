/* store.c: the corpus database: open, identify, migrate, and add documents. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parley.h"
#include "store.h"

/* ------------------------------------------------------------- the handle */

/*
 * Statements every store uses, prepared once at open (after migrating: they
 * name the tables) and finalized by store_close. Transactions go through
 * prepared statements too, so the rollback path of a failed document cannot
 * itself fail to compile.
 */
enum {
    ST_BEGIN, ST_COMMIT, ST_ROLLBACK,
    ST_SAVEPOINT, ST_RELEASE, ST_ROLLBACK_TO,
    ST_FIND, ST_INSERT,
    ST_DOC_HASH, ST_RUN_EXISTS, ST_RUN_INSERT, ST_RUN_FINISH,
    ST_ANNOT_MOVE, ST_ANNOT_DELETE, ST_ANNOT_INSERT, ST_RUN_DOC,
    ST_COUNT
};

static const char *const statement_sql[ST_COUNT] = {
    /* IMMEDIATE takes the write lock up front. A deferred transaction that
     * reads first and writes later cannot wait for the lock in WAL mode: it
     * gets SQLITE_BUSY_SNAPSHOT at once when another writer got in between. */
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
    [ST_SAVEPOINT] = "SAVEPOINT store_add",
    [ST_RELEASE] = "RELEASE store_add",
    [ST_ROLLBACK_TO] = "ROLLBACK TO store_add",
    [ST_FIND] = "SELECT id FROM documents WHERE hash = ?1",
    [ST_INSERT] =
        "INSERT INTO documents(hash, date, source, title, lang, origin, encoding,"
        " replaced, bytes, chars, lines, text, meta, offset_map)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    [ST_DOC_HASH] = "SELECT hash FROM documents WHERE id = ?1",
    [ST_RUN_EXISTS] = "SELECT 1 FROM runs WHERE id = ?1",
    [ST_RUN_INSERT] =
        "INSERT INTO runs(script, script_hash, engine_version, args, started_at)"
        " VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
    [ST_RUN_FINISH] =
        "UPDATE runs SET finished_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1",
    /* What earlier runs of the same script saved for the document becomes
     * history; what this run saved before (a second save) is simply redone. */
    [ST_ANNOT_MOVE] =
        "INSERT INTO replaced_annotations(id, doc, label, start, stop, attrs, rule, run, replaced_by)"
        " SELECT id, doc, label, start, stop, attrs, rule, run, ?1 FROM annotations"
        " WHERE doc = ?2 AND run <> ?1 AND run IN (SELECT id FROM runs WHERE script = ?3)",
    [ST_ANNOT_DELETE] =
        "DELETE FROM annotations"
        " WHERE doc = ?2 AND (run = ?1 OR run IN (SELECT id FROM runs WHERE script = ?3))",
    [ST_ANNOT_INSERT] =
        "INSERT INTO annotations(doc, label, start, stop, attrs, rule, run)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [ST_RUN_DOC] = "INSERT OR IGNORE INTO run_docs(run, doc) VALUES (?1, ?2)",
};

struct parley_store {
    sqlite3 *db;
    char *path;                  /* malloc'd copy, as given: messages name it */
    int readonly;
    sqlite3_stmt *stmt[ST_COUNT];
    char msg[512];               /* why the last store_* call failed: "PATH: why" */
    int guard;                   /* store_guard_flags */
    int refused_by;              /* the guard that refused the last statement, or 0 */
    char refused[256];           /* what it refused, as SQL: "DROP TABLE documents" */
    char *fts_trigger;           /* malloc'd: the insert trigger's SQL while store_begin defers indexing */
    long long indexed_upto;      /* documents up to this id were indexed when it began */
};

/* ----------------------------------------------------------------- errors */

__attribute__((format(printf, 3, 4)))
static int fail(parley_store *s, int code, const char *fmt, ...)
{
    va_list ap;
    int n = snprintf(s->msg, sizeof s->msg, "%s: ", s->path);

    if (n < 0 || (size_t)n >= sizeof s->msg)
        return code;
    va_start(ap, fmt);
    vsnprintf(s->msg + n, sizeof s->msg - (size_t)n, fmt, ap);
    va_end(ap);
    return code;
}

/* The PARLEY_E* code of a failed SQLite result (primary or extended). */
static int code_of(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return PARLEY_EBUSY;
    case SQLITE_READONLY: return PARLEY_EREADONLY;
    case SQLITE_NOTADB: return PARLEY_ENOTPARLEY;
    case SQLITE_NOMEM: return PARLEY_ENOMEM;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_FULL: return PARLEY_EIO;
    default: return PARLEY_EDB;
    }
}

/*
 * An I/O failure with the system's reason when there is one: "disk I/O
 * error" alone does not tell a full disk (or a file size limit) from a
 * failing one.
 */
static int fail_io(parley_store *s, int rc)
{
    const char *what = s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
    int sys = s->db ? sqlite3_system_errno(s->db) : 0;

    if (sys == 0)
        return fail(s, PARLEY_EIO, "%s", what);
    return fail(s, PARLEY_EIO, "%s (%s)", what, strerror(sys));
}

/* Record a failed SQLite result; call before the statement is reset. */
static int fail_sqlite(parley_store *s, int rc)
{
    int code = code_of(rc);

    if ((rc & 0xff) == SQLITE_CORRUPT)
        return fail(s, code, "database disk image is malformed (the file is damaged: restore a "
                             "copy, or try `sqlite3 FILE .recover`)");
    switch (code) {
    case PARLEY_EBUSY: return fail(s, code, "database is busy");
    case PARLEY_EREADONLY: return fail(s, code, "corpus is read-only");
    case PARLEY_ENOTPARLEY: return fail(s, code, "not a SQLite database");
    case PARLEY_EIO: return fail_io(s, rc);
    default: return fail(s, code, "%s", s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
    }
}

/* Step a statement that returns no rows we want, and reset it: SQLITE_OK or the error. */
static int step_once(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);

    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

/* Run one of the cached statements; PARLEY_OK or a recorded failure. */
static int run(parley_store *s, int id)
{
    sqlite3_stmt *st = s->stmt[id];
    int rc = sqlite3_step(st);

    if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
        sqlite3_reset(st);
        return PARLEY_OK;
    }
    rc = fail_sqlite(s, rc);
    sqlite3_reset(st);
    return rc;
}

/* Run SQL text (several statements allowed); PARLEY_OK or a recorded failure. */
static int exec(parley_store *s, const char *sql)
{
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

    return rc == SQLITE_OK ? PARLEY_OK : fail_sqlite(s, rc);
}

/* ----------------------------------------------------------------- schema */

/*
 * migrations[v] upgrades schema v to v + 1; store_open applies the missing
 * steps and the new user_version in one transaction, so a corpus is at one
 * version or the next, never between. Append steps; never edit a shipped one.
 */
static const char *const migrations[] = {
    /* 0 -> 1: the first schema. */
    "CREATE TABLE documents("
    " id INTEGER PRIMARY KEY,"
    " hash TEXT NOT NULL UNIQUE,"   /* SHA-256 hex of text: the document's identity */
    " date TEXT, source TEXT, title TEXT, lang TEXT, origin TEXT, encoding TEXT,"
    " replaced INTEGER NOT NULL DEFAULT 0,"
    " bytes INTEGER NOT NULL, chars INTEGER NOT NULL, lines INTEGER NOT NULL,"
    " text TEXT NOT NULL,"
    /* json_type raises on malformed JSON instead of failing the check */
    " meta TEXT CONSTRAINT meta_is_object CHECK (meta IS NULL OR"
    "  CASE WHEN json_valid(meta) THEN json_type(meta) = 'object' ELSE 0 END),"
    " offset_map BLOB,"
    " added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));"
    "CREATE INDEX documents_date ON documents(date);"
    "CREATE INDEX documents_source ON documents(source);"
    /* External content: the text is stored once, in documents. The triggers
     * are the only thing keeping the index in step with it. */
    "CREATE VIRTUAL TABLE documents_fts USING fts5(title, text,"
    " content='documents', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 2');"
    "CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN"
    " INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);"
    " END;"
    "CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN"
    " INSERT INTO documents_fts(documents_fts, rowid, title, text)"
    "  VALUES ('delete', old.id, old.title, old.text);"
    " END;"
    /* Only the indexed columns: editing meta or date does not reindex. */
    "CREATE TRIGGER documents_fts_update AFTER UPDATE OF id, title, text ON documents BEGIN"
    " INSERT INTO documents_fts(documents_fts, rowid, title, text)"
    "  VALUES ('delete', old.id, old.title, old.text);"
    " INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);"
    " END;"
    "CREATE TABLE runs("
    " id INTEGER PRIMARY KEY,"
    " script TEXT NOT NULL, script_hash TEXT, engine_version TEXT,"
    " args TEXT CONSTRAINT args_is_json CHECK (args IS NULL OR json_valid(args)),"
    " started_at TEXT NOT NULL, finished_at TEXT);"
    "CREATE TABLE annotations("
    " id INTEGER PRIMARY KEY,"
    " doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " label TEXT NOT NULL, start INTEGER NOT NULL, stop INTEGER NOT NULL,"
    " attrs TEXT CONSTRAINT attrs_is_json CHECK (attrs IS NULL OR json_valid(attrs)),"
    " rule TEXT,"
    " run INTEGER REFERENCES runs(id) ON DELETE CASCADE);"
    "CREATE INDEX annotations_doc ON annotations(doc);"
    "CREATE INDEX annotations_label ON annotations(label);"
    "CREATE INDEX annotations_run ON annotations(run);",

    /* 1 -> 2: annotations as results of runs. annotations is rebuilt with
     * AUTOINCREMENT so an id names one annotation forever, even after it is
     * replaced; replaced ones move to replaced_annotations, which `parley
     * diff` and `parley why` read; run_docs says which documents a run
     * saved, found something or not. */
    "CREATE TABLE annotations_v2("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " label TEXT NOT NULL, start INTEGER NOT NULL, stop INTEGER NOT NULL,"
    " attrs TEXT CONSTRAINT attrs_is_json CHECK (attrs IS NULL OR json_valid(attrs)),"
    " rule TEXT,"
    " run INTEGER REFERENCES runs(id) ON DELETE CASCADE);"
    "INSERT INTO annotations_v2(id, doc, label, start, stop, attrs, rule, run)"
    " SELECT id, doc, label, start, stop, attrs, rule, run FROM annotations;"
    "DROP TABLE annotations;"
    "ALTER TABLE annotations_v2 RENAME TO annotations;"
    "CREATE INDEX annotations_doc ON annotations(doc);"
    "CREATE INDEX annotations_label ON annotations(label);"
    "CREATE INDEX annotations_run ON annotations(run);"
    "CREATE TABLE replaced_annotations("
    " id INTEGER PRIMARY KEY,"     /* the id it had in annotations */
    " doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " label TEXT NOT NULL, start INTEGER NOT NULL, stop INTEGER NOT NULL,"
    " attrs TEXT CONSTRAINT attrs_is_json CHECK (attrs IS NULL OR json_valid(attrs)),"
    " rule TEXT,"
    " run INTEGER REFERENCES runs(id) ON DELETE CASCADE,"
    " replaced_by INTEGER REFERENCES runs(id) ON DELETE SET NULL);"
    "CREATE INDEX replaced_annotations_doc ON replaced_annotations(doc);"
    "CREATE INDEX replaced_annotations_run ON replaced_annotations(run);"
    "CREATE TABLE run_docs("
    " run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    " doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " PRIMARY KEY (run, doc)) WITHOUT ROWID;"
    "CREATE INDEX run_docs_doc ON run_docs(doc);"
    "CREATE INDEX runs_script ON runs(script);"
    "CREATE VIEW all_annotations AS"
    " SELECT id, doc, label, start, stop, attrs, rule, run, NULL AS replaced_by FROM annotations"
    " UNION ALL"
    " SELECT id, doc, label, start, stop, attrs, rule, run, replaced_by FROM replaced_annotations;",
};

_Static_assert(sizeof migrations / sizeof migrations[0] == STORE_SCHEMA_VERSION,
               "one migration step per schema version");

/* What the file says it is. */
typedef struct {
    long long app_id, version, objects;  /* objects: rows of sqlite_schema */
} identity;

/* What store_open must do with a database, once it is known to be usable. */
enum { USE_AS_IS, MIGRATE };

/*
 * Read the identity. This is the first read of the file, so it is where a
 * non-SQLite or truncated file, a lock, or an unreadable WAL shows up.
 * Returns the raw SQLite result (the failure is recorded in s->msg).
 */
static int identify(parley_store *s, identity *id)
{
    static const char sql[] =
        "SELECT (SELECT application_id FROM pragma_application_id),"
        " (SELECT user_version FROM pragma_user_version),"
        " (SELECT count(*) FROM sqlite_schema)";
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        id->app_id = sqlite3_column_int64(st, 0);
        id->version = sqlite3_column_int64(st, 1);
        id->objects = sqlite3_column_int64(st, 2);
        rc = SQLITE_OK;
    }
    if (rc != SQLITE_OK)
        fail_sqlite(s, rc);
    sqlite3_finalize(st);
    return rc;
}

/*
 * USE_AS_IS, MIGRATE, or a refusal. An empty database (no objects, no ids)
 * is adopted, as a fresh file is: that is what a killed first open leaves.
 */
static int classify(parley_store *s, const identity *id)
{
    int empty = id->app_id == 0 && id->version == 0 && id->objects == 0;

    if (id->app_id != STORE_APPLICATION_ID && !empty)
        return fail(s, PARLEY_ENOTPARLEY, "not a parley corpus");
    if (id->version > STORE_SCHEMA_VERSION)
        return fail(s, PARLEY_ESCHEMA,
                    "written by a newer parley (schema %lld, this build reads up to %d)",
                    id->version, STORE_SCHEMA_VERSION);
    if (id->version == STORE_SCHEMA_VERSION)
        return USE_AS_IS;
    if (s->readonly && empty)
        return fail(s, PARLEY_ENOTPARLEY, "not a parley corpus (an empty database)");
    if (s->readonly)
        return fail(s, PARLEY_EREADONLY,
                    "corpus is read-only and at schema %lld; open it writable once "
                    "to upgrade it to schema %d", id->version, STORE_SCHEMA_VERSION);
    return MIGRATE;
}

/* Run the steps from schema `from` up, then stamp the file as ours and current. */
static int apply_steps(parley_store *s, long long from)
{
    char stamp[96];
    int rc = PARLEY_OK;

    for (long long v = from; rc == PARLEY_OK && v < STORE_SCHEMA_VERSION; v++)
        rc = exec(s, migrations[v]);
    if (rc < 0)
        return rc;
    snprintf(stamp, sizeof stamp, "PRAGMA application_id = %d; PRAGMA user_version = %d",
             STORE_APPLICATION_ID, STORE_SCHEMA_VERSION);
    return exec(s, stamp);
}

/* Apply the missing migration steps in one write transaction. */
static int migrate(parley_store *s)
{
    identity id = { 0, 0, 0 };
    int rc = exec(s, "BEGIN IMMEDIATE"), src;

    if (rc < 0)
        return rc;
    /* Look again under the write lock: another process may have created
     * or upgraded the corpus since we looked. */
    src = identify(s, &id);
    rc = src == SQLITE_OK ? classify(s, &id) : code_of(src);
    if (rc == MIGRATE)
        rc = apply_steps(s, id.version);
    if (rc >= 0)
        return exec(s, "COMMIT");
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* ---------------------------------------------------------------- opening */

/* Whether the directory holding path accepts new files (-wal, -shm). */
static int dir_writable(const char *path)
{
    char *copy = strdup(path);
    int ok;

    if (!copy)
        return 1;  /* unknown: do not take the immutable fallback */
    ok = access(dirname(copy), W_OK) == 0;
    free(copy);
    return ok;
}

/* "file:PATH?mode=ro&immutable=1" with PATH percent-encoded. malloc'd; NULL on ENOMEM. */
static char *immutable_uri(const char *path)
{
    static const char keep[] = "/-._~";
    static const char suffix[] = "?mode=ro&immutable=1";
    char *uri = malloc(sizeof "file://" + 3 * strlen(path) + sizeof suffix);
    char *p = uri;

    if (!uri)
        return NULL;
    /* "file://" + an absolute path leaves the authority empty, so a path
     * starting "//" cannot be read as a host name. */
    p += sprintf(p, path[0] == '/' ? "file://" : "file:");
    for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
        if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
            (*c >= '0' && *c <= '9') || strchr(keep, *c))
            *p++ = (char)*c;
        else
            p += sprintf(p, "%%%02X", *c);
    }
    memcpy(p, suffix, sizeof suffix);
    return uri;
}

/*
 * SQLite keeps memory statistics unless told not to, and takes a global
 * mutex for them around every allocation it makes: 86 mutex calls per
 * ingested document. parley never reads them. Set once, before the first
 * connection; sqlite3_config refuses (harmlessly) once SQLite is running.
 */
static void configure_sqlite(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* Open the connection s->db on name and set it up; PARLEY_OK or a recorded failure. */
static int connect_db(parley_store *s, const char *name, int oflags, int flags)
{
    static pthread_once_t configured = PTHREAD_ONCE_INIT;
    pthread_once(&configured, configure_sqlite);
    int rc = sqlite3_open_v2(name, &s->db, oflags, NULL);

    if (rc != SQLITE_OK) {
        rc = s->db ? fail_sqlite(s, rc) : fail(s, PARLEY_ENOMEM, "out of memory");
        sqlite3_close(s->db);
        s->db = NULL;
        return rc;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, flags & STORE_NOWAIT ? 0 : STORE_BUSY_TIMEOUT_MS);
    /* Scripts reach this connection through corpus.sql: keep them from
     * corrupting the file (writable_schema, writes to the FTS shadow tables).
     * trusted_schema stays on: SQLite 3.40 does not mark json_valid
     * innocuous, so turning it off would break our own CHECK constraints. */
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    if (sqlite3_db_readonly(s->db, "main") == 1)
        s->readonly = 1;  /* SQLite fell back to read-only by itself */
    return PARLEY_OK;
}

/* SQLite open flags for s->path, deciding s->readonly; PARLEY_OK or a failure. */
static int choose_mode(parley_store *s, int flags, int *oflags)
{
    struct stat st;

    if (strcmp(s->path, ":memory:") == 0) {
        /* Writable even under STORE_READONLY, or it could not get a schema:
         * open_store makes it read-only afterwards. */
        *oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        return PARLEY_OK;
    }
    s->readonly = (flags & STORE_READONLY) != 0;
    if (stat(s->path, &st) != 0) {
        if (errno != ENOENT)
            return fail(s, PARLEY_EIO, "%s", strerror(errno));
        if (!(flags & STORE_CREATE) || s->readonly)
            return fail(s, PARLEY_EIO, "no such corpus");
        *oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        return PARLEY_OK;
    }
    if (S_ISDIR(st.st_mode))
        return fail(s, PARLEY_EIO, "is a directory, not a corpus");
    if (access(s->path, W_OK) != 0)
        s->readonly = 1;
    *oflags = s->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    return PARLEY_OK;
}

/*
 * Identify the file, falling back to an immutable open when SQLite cannot
 * read a WAL corpus read-only: it needs a -shm file, there is none, and the
 * directory does not let us make one. No writer can be at work then (it
 * would have made -shm), so reading the file as immutable is safe.
 */
static int identify_or_fallback(parley_store *s, int flags, identity *id)
{
    char *uri;
    int rc = identify(s, id);
    int primary = rc & 0xff;

    if (rc == SQLITE_OK)
        return PARLEY_OK;
    if (!s->readonly || (primary != SQLITE_READONLY && primary != SQLITE_CANTOPEN) ||
        strcmp(s->path, ":memory:") == 0 || dir_writable(s->path))
        return code_of(rc);
    if (!(uri = immutable_uri(s->path)))
        return fail(s, PARLEY_ENOMEM, "out of memory");
    sqlite3_close(s->db);
    s->db = NULL;
    rc = connect_db(s, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, flags);
    free(uri);
    if (rc < 0)
        return rc;
    rc = identify(s, id);
    return rc == SQLITE_OK ? PARLEY_OK : code_of(rc);
}

/*
 * journal_mode = WAL, waiting as the busy timeout would. Switching a file that
 * another process has open (several creating one corpus at once) needs them
 * out of the way, and SQLite answers SQLITE_BUSY at once instead of calling
 * the busy handler: so retry every 10 ms, for up to STORE_BUSY_TIMEOUT_MS.
 */
static int set_wal(parley_store *s, int flags)
{
    const struct timespec pause = {0, 10 * 1000 * 1000};
    for (int waited = 0;; waited += 10) {
        int rc = sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
        if (rc == SQLITE_OK)
            return PARLEY_OK;
        if ((rc & 0xff) != SQLITE_BUSY || (flags & STORE_NOWAIT) || waited >= STORE_BUSY_TIMEOUT_MS)
            return fail_sqlite(s, rc);
        nanosleep(&pause, NULL);
    }
}

/* Per-connection settings; journal_mode=WAL is stored in the file itself. */
static int configure(parley_store *s, int flags)
{
    if (s->readonly)
        return exec(s, "PRAGMA foreign_keys = ON");
    int rc = set_wal(s, flags);
    /* NORMAL is durable against a killed process in WAL mode; only a power
     * cut can lose the last commits, and never corrupts. */
    return rc < 0 ? rc : exec(s, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON");
}

static int prepare_statements(parley_store *s)
{
    for (int i = 0; i < ST_COUNT; i++) {
        int rc = sqlite3_prepare_v3(s->db, statement_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                                    &s->stmt[i], NULL);
        if (rc != SQLITE_OK)
            return fail_sqlite(s, rc);
    }
    return PARLEY_OK;
}

/* Everything store_open does after allocating the handle. */
static int open_store(parley_store *s, int flags)
{
    identity id = { 0, 0, 0 };
    int oflags = 0, rc, need;

    if ((rc = choose_mode(s, flags, &oflags)) < 0 ||
        (rc = connect_db(s, s->path, oflags, flags)) < 0 ||
        (rc = identify_or_fallback(s, flags, &id)) < 0)
        return rc;
    /* Refuse a foreign or newer file before writing anything to it. */
    if ((need = classify(s, &id)) < 0)
        return need;
    if ((rc = configure(s, flags)) < 0 || (need == MIGRATE && (rc = migrate(s)) < 0) ||
        (rc = prepare_statements(s)) < 0)
        return rc;
    if ((flags & STORE_READONLY) && !s->readonly) {
        /* Only ":memory:" gets here: made read-only once its schema is in. */
        s->readonly = 1;
        return exec(s, "PRAGMA query_only = ON");
    }
    return PARLEY_OK;
}

int store_open(const char *path, int flags, parley_store **out, char *err, size_t errsize)
{
    parley_store *s = calloc(1, sizeof *s);
    int rc;

    *out = NULL;
    if (!s || !(s->path = strdup(path))) {
        free(s);
        if (errsize > 0)
            snprintf(err, errsize, "%s: out of memory", path);
        return PARLEY_ENOMEM;
    }
    if ((rc = open_store(s, flags)) < 0) {
        if (errsize > 0)
            snprintf(err, errsize, "%s", s->msg);
        store_close(s);
        return rc;
    }
    s->msg[0] = '\0';
    *out = s;
    return PARLEY_OK;
}

void store_close(parley_store *store)
{
    if (!store)
        return;
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(store->stmt[i]);
    if (store->db && !sqlite3_get_autocommit(store->db))
        sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
    /* close_v2: statements a caller prepared on store_db and leaked must not
     * keep the file open forever, nor make this call fail. */
    sqlite3_close_v2(store->db);
    free(store->fts_trigger);
    free(store->path);
    free(store);
}

/* -------------------------------------------------------------- documents */

/*
 * Code points (counted as UTF-8 lead bytes: the text is valid UTF-8) and
 * lines. A line ends at LF or at the end of the text, so "a\nb" has 2 lines,
 * "a\n" has 1 (the final LF ends a line, it does not start one) and "" has 0.
 */
static void text_stats(const char *s, size_t len, long long *chars, long long *lines)
{
    long long c = 0, l = 0;

    for (size_t i = 0; i < len; i++) {
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
        l += s[i] == '\n';
    }
    if (len > 0 && s[len - 1] != '\n')
        l++;
    *chars = c;
    *lines = l;
}

static int bind_opt_text(sqlite3_stmt *st, int i, const char *v)
{
    return v ? sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

/* Bind one document to ST_INSERT; the first failing SQLite result, or SQLITE_OK. */
static int bind_document(sqlite3_stmt *st, const store_doc *d, const char *hash)
{
    const char *opt[] = { d->date, d->source, d->title, d->lang, d->origin, d->encoding };
    long long chars, lines;
    int rc = sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);

    for (int i = 0; rc == SQLITE_OK && i < 6; i++)
        rc = bind_opt_text(st, 2 + i, opt[i]);
    text_stats(d->text, d->len, &chars, &lines);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int64(st, 8, (sqlite3_int64)d->replaced);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int64(st, 9, (sqlite3_int64)d->len);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int64(st, 10, chars);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int64(st, 11, lines);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text64(st, 12, d->text, d->len, SQLITE_STATIC, SQLITE_UTF8);
    if (rc == SQLITE_OK)
        rc = bind_opt_text(st, 13, d->meta_json);
    if (rc == SQLITE_OK)
        rc = d->offset_map ? sqlite3_bind_blob64(st, 14, d->offset_map, d->offset_map_len,
                                                 SQLITE_STATIC)
                           : sqlite3_bind_null(st, 14);
    return rc;
}

/* 1 and *id when a document with this hash exists, 0 when not, or a failure. */
static int find_by_hash(parley_store *s, const char *hash, long long *id)
{
    sqlite3_stmt *st = s->stmt[ST_FIND];
    int rc = sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);

    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    rc = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : fail_sqlite(s, rc);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

/*
 * Insert unless present. The INSERT is one statement, so a failure leaves
 * nothing of the document: SQLite backs out a failed statement, the
 * trigger's index entry included, and keeps the transaction. No savepoint
 * of our own: FTS5 writes a segment at each one (see defer_indexing).
 */
static int insert_document(parley_store *s, const store_doc *d, const char *hash,
                           long long *id, int *added)
{
    sqlite3_stmt *st = s->stmt[ST_INSERT];
    int rc = find_by_hash(s, hash, id);

    if (rc != 0)
        return rc < 0 ? rc : PARLEY_OK;
    rc = bind_document(st, d, hash);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    rc = rc == SQLITE_DONE ? PARLEY_OK : fail_sqlite(s, rc);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);  /* the bindings borrow the caller's buffers */
    if (rc == PARLEY_OK) {
        *id = sqlite3_last_insert_rowid(s->db);
        *added = 1;
    }
    return rc;
}

int store_add_document(parley_store *store, const store_doc *doc, long long *id, int *added)
{
    char hash[65];
    long long new_id = 0;
    int was_added = 0, own_txn, rc;

    store->msg[0] = '\0';
    if (store->readonly)
        return fail(store, PARLEY_EREADONLY, "corpus is read-only");
    if (!doc || !doc->text)
        return fail(store, PARLEY_EDB, "store_add_document: a document needs a text");
    /* Hash before taking the write lock: it is the slow part of a large text. */
    store_content_hash(doc->text, doc->len, hash);
    own_txn = sqlite3_get_autocommit(store->db);
    if (own_txn && (rc = run(store, ST_BEGIN)) < 0)
        return rc;
    rc = insert_document(store, doc, hash, &new_id, &was_added);
    if (own_txn && rc == PARLEY_OK)
        rc = run(store, ST_COMMIT);
    if (own_txn && rc < 0 && !sqlite3_get_autocommit(store->db))
        (void)step_once(store->stmt[ST_ROLLBACK]);
    if (rc < 0)
        return rc;
    if (id)
        *id = new_id;
    if (added)
        *added = was_added;
    return PARLEY_OK;
}

/* ------------------------------------------------------------ annotations */

/* Step a cached statement with its parameters bound; PARLEY_OK or a recorded failure. Clears bindings. */
static int step_bound(parley_store *s, int id, int rc)
{
    sqlite3_stmt *st = s->stmt[id];

    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    rc = rc == SQLITE_DONE || rc == SQLITE_ROW ? PARLEY_OK : fail_sqlite(s, rc);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

/* The document must be this corpus's document doc, with this text. */
static int check_document(parley_store *s, long long doc, const char *hash)
{
    sqlite3_stmt *st = s->stmt[ST_DOC_HASH];
    int rc = sqlite3_bind_int64(st, 1, doc), same = 0;

    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        same = strcmp((const char *)sqlite3_column_text(st, 0), hash) == 0;
    else if (rc == SQLITE_DONE)
        rc = fail(s, PARLEY_EDB, "no document %lld in this corpus", doc);
    else
        rc = fail_sqlite(s, rc);
    sqlite3_reset(st);
    if (rc < 0)
        return rc;
    if (!same)
        return fail(s, PARLEY_EDB, "document %lld of this corpus has another text "
                                   "(is the Doc from another corpus?)", doc);
    return PARLEY_OK;
}

/* 1 when run id exists, 0 when not (a transaction of the script's own that made it was rolled back). */
static int run_exists(parley_store *s, long long id)
{
    sqlite3_stmt *st = s->stmt[ST_RUN_EXISTS];
    int rc = sqlite3_bind_int64(st, 1, id);

    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    rc = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : fail_sqlite(s, rc);
    sqlite3_reset(st);
    return rc;
}

static int insert_run(parley_store *s, const store_run *info, long long *id)
{
    sqlite3_stmt *st = s->stmt[ST_RUN_INSERT];
    int rc = sqlite3_bind_text(st, 1, info->script, -1, SQLITE_STATIC);

    if (rc == SQLITE_OK)
        rc = bind_opt_text(st, 2, info->script_hash);
    if (rc == SQLITE_OK)
        rc = bind_opt_text(st, 3, info->engine_version);
    if (rc == SQLITE_OK)
        rc = bind_opt_text(st, 4, info->args_json);
    rc = step_bound(s, ST_RUN_INSERT, rc);
    if (rc == PARLEY_OK)
        *id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

/* Move or delete what earlier saves of this script left for doc. */
static int clear_previous(parley_store *s, const char *script, long long run_id, long long doc)
{
    static const int ids[] = { ST_ANNOT_MOVE, ST_ANNOT_DELETE };
    int rc = PARLEY_OK;

    for (int i = 0; rc == PARLEY_OK && i < 2; i++) {
        sqlite3_stmt *st = s->stmt[ids[i]];
        int brc = sqlite3_bind_int64(st, 1, run_id);
        if (brc == SQLITE_OK)
            brc = sqlite3_bind_int64(st, 2, doc);
        if (brc == SQLITE_OK)
            brc = sqlite3_bind_text(st, 3, script, -1, SQLITE_STATIC);
        rc = step_bound(s, ids[i], brc);
    }
    return rc;
}

static int insert_annotation(parley_store *s, long long run_id, long long doc,
                             const store_annotation *a, long long *id)
{
    sqlite3_stmt *st = s->stmt[ST_ANNOT_INSERT];
    int rc = sqlite3_bind_int64(st, 1, doc);

    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(st, 2, a->label, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int64(st, 3, a->start);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int64(st, 4, a->stop);
    if (rc == SQLITE_OK)
        rc = bind_opt_text(st, 5, a->attrs_json);
    if (rc == SQLITE_OK)
        rc = bind_opt_text(st, 6, a->rule);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int64(st, 7, run_id);
    rc = step_bound(s, ST_ANNOT_INSERT, rc);
    if (rc == PARLEY_OK && id)
        *id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

static int record_run_doc(parley_store *s, long long run_id, long long doc)
{
    sqlite3_stmt *st = s->stmt[ST_RUN_DOC];
    int rc = sqlite3_bind_int64(st, 1, run_id);

    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int64(st, 2, doc);
    return step_bound(s, ST_RUN_DOC, rc);
}

/* Everything store_save_annotations writes; the caller holds a savepoint. */
static int save_annotations(parley_store *s, const store_run *info, long long *run_id,
                            const store_save *save)
{
    int rc = check_document(s, save->doc, save->doc_hash);

    if (rc == PARLEY_OK && *run_id != 0 && (rc = run_exists(s, *run_id)) >= 0) {
        *run_id = rc ? *run_id : 0;
        rc = PARLEY_OK;
    }
    if (rc == PARLEY_OK && *run_id == 0)
        rc = insert_run(s, info, run_id);
    if (rc == PARLEY_OK)
        rc = clear_previous(s, info->script, *run_id, save->doc);
    for (size_t i = 0; rc == PARLEY_OK && i < save->n; i++)
        rc = insert_annotation(s, *run_id, save->doc, &save->annotations[i],
                               save->ids ? &save->ids[i] : NULL);
    if (rc == PARLEY_OK)
        rc = record_run_doc(s, *run_id, save->doc);
    return rc;
}

int store_save_annotations(parley_store *store, const store_run *info, long long *run_id,
                           const store_save *save)
{
    long long id = *run_id;
    int own_txn, rc;

    store->msg[0] = '\0';
    if (store->readonly)
        return fail(store, PARLEY_EREADONLY, "corpus is read-only");
    own_txn = sqlite3_get_autocommit(store->db);
    if (own_txn && (rc = run(store, ST_BEGIN)) < 0)
        return rc;
    if ((rc = run(store, ST_SAVEPOINT)) == PARLEY_OK) {
        rc = save_annotations(store, info, &id, save);
        if (rc == PARLEY_OK)
            rc = run(store, ST_RELEASE);
        else if (!sqlite3_get_autocommit(store->db)) {
            (void)step_once(store->stmt[ST_ROLLBACK_TO]);
            (void)step_once(store->stmt[ST_RELEASE]);
        }
    }
    if (own_txn && rc == PARLEY_OK)
        rc = run(store, ST_COMMIT);
    if (own_txn && rc < 0 && !sqlite3_get_autocommit(store->db))
        (void)step_once(store->stmt[ST_ROLLBACK]);
    if (rc == PARLEY_OK)
        *run_id = id;   /* a run made in a transaction that failed does not exist */
    return rc;
}

int store_finish_run(parley_store *store, long long run_id)
{
    sqlite3_stmt *st = store->stmt[ST_RUN_FINISH];

    store->msg[0] = '\0';
    if (store->readonly)
        return fail(store, PARLEY_EREADONLY, "corpus is read-only");
    return step_bound(store, ST_RUN_FINISH, sqlite3_bind_int64(st, 1, run_id));
}

/* ----------------------------------------------------------- transactions */

/*
 * Deferred indexing. FTS5 writes its pending terms to disk as a new segment
 * at every savepoint, and the insert trigger opens a statement savepoint for
 * each INSERT; so one document at a time costs a segment each, and a segment
 * merge every few: 3 to 4 times the time of the same inserts and index in
 * one statement (SQLite 3.40, Reuters). So store_begin drops the insert
 * trigger inside its transaction, and store_commit indexes every document
 * added since in one INSERT ... SELECT and puts the trigger back before it
 * commits. DDL is transactional: other connections never see the corpus
 * without its trigger, and a rollback, a failure that ends the transaction
 * or a crash brings the trigger back with everything else. Between the two,
 * documents are only added (nothing deletes or edits them), and what was
 * added is not yet found by MATCH.
 */
static void forget_deferred(parley_store *s)
{
    free(s->fts_trigger);
    s->fts_trigger = NULL;
}

/* Drop the insert trigger for the transaction just begun; without it (an odd schema) nothing is deferred. */
static int defer_indexing(parley_store *s)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db,
        "SELECT (SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'documents_fts_insert'),"
        " (SELECT coalesce(max(id), 0) FROM documents)", -1, &st, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *sql = (const char *)sqlite3_column_text(st, 0);
        s->indexed_upto = sqlite3_column_int64(st, 1);
        /* past the largest id, SQLite picks new ids at random: index as we go */
        if (sql && s->indexed_upto < LLONG_MAX && !(s->fts_trigger = strdup(sql)))
            rc = SQLITE_NOMEM;
        else
            rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_OK)
        return fail_sqlite(s, rc);
    return s->fts_trigger ? exec(s, "DROP TRIGGER documents_fts_insert") : PARLEY_OK;
}

/*
 * FTS5 writes its pending terms to disk as a segment each time they pass
 * its "hashsize" (1 MB unless set), and merges segments of a level four at
 * a time as they pile up; so indexing a batch of N bytes merges about
 * log4(N / hashsize) times over. With the default, that merging was most of
 * store_commit at ~1 GB (perf: FTS5's term compares, and page reads and
 * writes of the segments), and our index is larger than one of the text
 * alone (the title column marks every position list). A 64 MB hash for the
 * batch's one INSERT ... SELECT halves the merge levels; the pending terms
 * take about that much memory while it runs (peak RSS ~100 MB at ~1 GB).
 */
#define BATCH_FTS_HASHSIZE (64 * 1024 * 1024)
#define FTS5_DEFAULT_HASHSIZE (1024 * 1024)

/* Set documents_fts's hashsize (a row of its config table, in the open transaction). */
static int set_fts_hashsize(parley_store *s, long long bytes)
{
    char sql[128];

    snprintf(sql, sizeof sql,
             "INSERT INTO documents_fts(documents_fts, rank) VALUES ('hashsize', %lld)", bytes);
    return exec(s, sql);
}

/* The corpus's own hashsize: what set_fts_hashsize must put back. */
static long long fts_hashsize(parley_store *s)
{
    sqlite3_stmt *st = NULL;
    long long bytes = FTS5_DEFAULT_HASHSIZE;

    if (sqlite3_prepare_v2(s->db, "SELECT v FROM documents_fts_config WHERE k = 'hashsize'",
                           -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
        sqlite3_column_int64(st, 0) > 0)
        bytes = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return bytes;
}

/* Index the batch in one statement, with BATCH_FTS_HASHSIZE while it runs. */
static int index_batch(parley_store *s)
{
    sqlite3_stmt *st = NULL;
    long long own = fts_hashsize(s);
    int rc = set_fts_hashsize(s, BATCH_FTS_HASHSIZE);

    if (rc < 0)
        return rc;
    rc = sqlite3_prepare_v2(s->db,
        "INSERT INTO documents_fts(rowid, title, text)"
        " SELECT id, title, text FROM documents WHERE id > ?1", -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int64(st, 1, s->indexed_upto);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(s->db);
    sqlite3_finalize(st);
    if (rc != SQLITE_OK)
        return fail_sqlite(s, rc);
    return set_fts_hashsize(s, own);
}

/* Index what was added since store_begin and restore the trigger, in the open transaction. */
static int index_deferred(parley_store *s)
{
    int rc = index_batch(s);

    if (rc == PARLEY_OK && (rc = exec(s, s->fts_trigger)) == PARLEY_OK)
        forget_deferred(s);
    return rc;
}

int store_begin(parley_store *store)
{
    store->msg[0] = '\0';
    if (store->readonly)
        return fail(store, PARLEY_EREADONLY, "corpus is read-only");
    forget_deferred(store);
    int rc = run(store, ST_BEGIN);
    if (rc == PARLEY_OK && (rc = defer_indexing(store)) < 0) {
        (void)step_once(store->stmt[ST_ROLLBACK]);
        forget_deferred(store);
    }
    return rc;
}

int store_commit(parley_store *store)
{
    store->msg[0] = '\0';
    if (store->fts_trigger && sqlite3_get_autocommit(store->db))
        forget_deferred(store);   /* the transaction ended on its own: the trigger came back with it */
    int rc = store->fts_trigger ? index_deferred(store) : PARLEY_OK;
    return rc < 0 ? rc : run(store, ST_COMMIT);
}

/* Rolling back when no transaction is open is not an error: there is nothing to undo. */
int store_rollback(parley_store *store)
{
    store->msg[0] = '\0';
    forget_deferred(store);
    if (sqlite3_get_autocommit(store->db))
        return PARLEY_OK;
    return run(store, ST_ROLLBACK);
}

/* ----------------------------------------------------------------- guards */

/* How each authorizer action reads as SQL, for messages; NULL for reads. */
static const char *const action_names[] = {
    [SQLITE_CREATE_INDEX] = "CREATE INDEX", [SQLITE_CREATE_TABLE] = "CREATE TABLE",
    [SQLITE_CREATE_TEMP_INDEX] = "CREATE INDEX", [SQLITE_CREATE_TEMP_TABLE] = "CREATE TEMP TABLE",
    [SQLITE_CREATE_TEMP_TRIGGER] = "CREATE TEMP TRIGGER", [SQLITE_CREATE_TEMP_VIEW] = "CREATE TEMP VIEW",
    [SQLITE_CREATE_TRIGGER] = "CREATE TRIGGER", [SQLITE_CREATE_VIEW] = "CREATE VIEW",
    [SQLITE_DELETE] = "DELETE FROM", [SQLITE_DROP_INDEX] = "DROP INDEX",
    [SQLITE_DROP_TABLE] = "DROP TABLE", [SQLITE_DROP_TEMP_INDEX] = "DROP INDEX",
    [SQLITE_DROP_TEMP_TABLE] = "DROP TABLE", [SQLITE_DROP_TEMP_TRIGGER] = "DROP TRIGGER",
    [SQLITE_DROP_TEMP_VIEW] = "DROP VIEW", [SQLITE_DROP_TRIGGER] = "DROP TRIGGER",
    [SQLITE_DROP_VIEW] = "DROP VIEW", [SQLITE_INSERT] = "INSERT INTO", [SQLITE_UPDATE] = "UPDATE",
    [SQLITE_ALTER_TABLE] = "ALTER TABLE", [SQLITE_REINDEX] = "REINDEX",
    [SQLITE_ANALYZE] = "ANALYZE", [SQLITE_CREATE_VTABLE] = "CREATE VIRTUAL TABLE",
    [SQLITE_DROP_VTABLE] = "DROP VIRTUAL TABLE",
};

/* PRAGMAs that take an argument yet only read: the schema questions analysts ask. */
static int reading_pragma(const char *name)
{
    static const char *const names[] = {
        "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo",
        "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check", "function_list",
        NULL,
    };
    for (int i = 0; names[i]; i++)
        if (sqlite3_stricmp(name, names[i]) == 0)
            return 1;
    return 0;
}

static int refuse(parley_store *s, int guard, const char *what, const char *arg)
{
    s->refused_by = guard;
    snprintf(s->refused, sizeof s->refused, "%s%s%s", what, arg ? " " : "", arg ? arg : "");
    return SQLITE_DENY;
}

/*
 * The authorizer: called while a statement is prepared, once per thing it
 * would do. a1 is the table (or file, or pragma name), a2 the column or the
 * pragma's argument.
 */
static int authorize(void *ud, int action, const char *a1, const char *a2, const char *db,
                     const char *trigger)
{
    parley_store *s = ud;
    char pragma[200];

    (void)db, (void)trigger;
    /* VACUUM works through an ATTACH of a temporary database named "". */
    if ((s->guard & STORE_GUARD_OUTSIDE) && action == SQLITE_ATTACH && a1 && !*a1)
        return refuse(s, STORE_GUARD_OUTSIDE, "VACUUM", NULL);
    if ((s->guard & STORE_GUARD_OUTSIDE) && (action == SQLITE_ATTACH || action == SQLITE_DETACH))
        return refuse(s, STORE_GUARD_OUTSIDE, action == SQLITE_ATTACH ? "ATTACH" : "DETACH", a1);
    if (action == SQLITE_ALTER_TABLE)
        a1 = a2;   /* ALTER TABLE names the database first, then the table */
    if ((s->guard & STORE_GUARD_OUTSIDE) && action == SQLITE_PRAGMA && a2 && !reading_pragma(a1)) {
        snprintf(pragma, sizeof pragma, "%s = %s", a1, a2);
        return refuse(s, STORE_GUARD_OUTSIDE, "PRAGMA", pragma);
    }
    /* CREATE and DROP first ask to change the schema table, then name
     * themselves: let the first pass so the refusal says "DROP TABLE x".
     * SQLite refuses direct writes to the schema table on its own. */
    if (a1 && sqlite3_strnicmp(a1, "sqlite_", 7) == 0 &&
        (action == SQLITE_INSERT || action == SQLITE_UPDATE || action == SQLITE_DELETE))
        return SQLITE_OK;
    if ((s->guard & STORE_GUARD_WRITES) && action >= 0 &&
        action < (int)(sizeof action_names / sizeof action_names[0]) && action_names[action])
        return refuse(s, STORE_GUARD_WRITES, action_names[action], a1);
    return SQLITE_OK;
}

int store_guard(parley_store *store, int flags)
{
    int rc;

    store->msg[0] = '\0';
    sqlite3_set_authorizer(store->db, NULL, NULL);   /* or the old guard refuses the PRAGMA */
    /* query_only also stops writes by statements prepared before the
     * guard (our own INSERT), which the authorizer never sees. */
    rc = exec(store, flags & STORE_GUARD_WRITES ? "PRAGMA query_only = ON" : "PRAGMA query_only = OFF");
    store->guard = 0;
    if (rc < 0)
        return rc;
    store->guard = flags;
    store->refused_by = 0;
    rc = sqlite3_set_authorizer(store->db, flags ? authorize : NULL, store);
    return rc == SQLITE_OK ? PARLEY_OK : fail_sqlite(store, rc);
}

int store_guards(const parley_store *store)
{
    return store->guard;
}

int store_refusal(parley_store *store, const char **what)
{
    if (what)
        *what = store->refused;
    return store->refused_by;
}

/* -------------------------------------------------------------- accessors */

sqlite3 *store_db(parley_store *store)
{
    return store->db;
}

int store_is_readonly(const parley_store *store)
{
    return store->readonly;
}

const char *store_path(const parley_store *store)
{
    return store->path;
}

/*
 * The failure of the last store_* call, "PATH: why"; when that call
 * succeeded, SQLite's own message for the connection (so it also explains a
 * failed query made directly on store_db).
 */
const char *store_errmsg(parley_store *store)
{
    return store->msg[0] ? store->msg : sqlite3_errmsg(store->db);
}
