/* test_store.c: documents, full-text index, transactions, read-only and busy corpora. */
#define _GNU_SOURCE  /* nftw */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "sql_check.h"
#include "parley.h"
#include "store.h"

/* ------------------------------------------------------------ fixtures */

static char tmpdir[512];

static void make_tmpdir(void)
{
    const char *base = getenv("TMPDIR");

    snprintf(tmpdir, sizeof tmpdir, "%s/parley-store-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        exit(1);
    }
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st, (void)type, (void)ftw;
    return remove(path);
}

static void remove_tmpdir(void)
{
    chmod(tmpdir, 0700);
    nftw(tmpdir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/* tmpdir/name into buf. */
static const char *tmp_path(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", tmpdir, name);
    return buf;
}


/* How many rows documents_fts MATCH query finds, or -1 when the query fails. */
static int fts_count(parley_store *s, const char *query)
{
    sqlite3_stmt *st;
    int n = 0, rc;

    if (sqlite3_prepare_v2(store_db(s), "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, query, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        n++;
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? n : -1;
}

static int fts_integrity_ok(parley_store *s)
{
    return sqlite3_exec(store_db(s),
                        "INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')",
                        NULL, NULL, NULL) == SQLITE_OK;
}

static store_doc doc_of(const char *text)
{
    store_doc d;

    memset(&d, 0, sizeof d);
    d.text = text;
    d.len = strlen(text);
    return d;
}

/* Add text (with title, may be NULL); the new id, or -1 on failure. */
static long long add_text(parley_store *s, const char *text, const char *title)
{
    store_doc d = doc_of(text);
    long long id = -1;
    int added = -1;

    d.title = title;
    if (store_add_document(s, &d, &id, &added) != PARLEY_OK)
        return -1;
    return id;
}

static parley_store *open_ok(const char *path, int flags)
{
    char err[512] = "";
    parley_store *s = NULL;
    int rc = store_open(path, flags, &s, err, sizeof err);

    check(rc == PARLEY_OK && s, "store_open(%s) = %d: %s", path, rc, err);
    return s;
}

/* --------------------------------------------------------------- tests */

static void test_hash(void)
{
    char hex[65];

    store_content_hash("", 0, hex);
    check(strcmp(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855") == 0,
          "sha256('') = %s", hex);
    store_content_hash(NULL, 0, hex);
    check(strcmp(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855") == 0,
          "sha256(NULL, 0) = %s", hex);
    store_content_hash("abc", 3, hex);
    check(strcmp(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") == 0,
          "sha256('abc') = %s", hex);
}

static void test_add_and_dedupe(void)
{
    parley_store *s = open_ok(":memory:", STORE_CREATE);
    const char *text = "Talks between Armenia and Azerbaijan resumed.\n";
    store_doc d = doc_of(text);
    char hex[65], buf[256];
    long long id1 = 0, id2 = 0;
    int added = -1, rc;

    if (!s)
        return;
    d.title = "Talks", d.date = "2025-08-08", d.source = "seed", d.lang = "en";
    d.origin = "-", d.encoding = "utf-8", d.replaced = 2, d.meta_json = "{\"k\": 1}";
    rc = store_add_document(s, &d, &id1, &added);
    check(rc == PARLEY_OK && id1 > 0 && added == 1, "first add: rc %d id %lld added %d", rc, id1, added);
    rc = store_add_document(s, &d, &id2, &added);
    check(rc == PARLEY_OK && id2 == id1 && added == 0, "second add: rc %d id %lld added %d", rc, id2, added);
    /* The hash is of the text alone: other metadata does not make a new document. */
    d.title = "Another title";
    rc = store_add_document(s, &d, &id2, &added);
    check(rc == PARLEY_OK && id2 == id1 && added == 0, "same text, new title: added %d", added);
    check(q_int(store_db(s), "SELECT count(*) FROM documents") == 1, "one row");
    store_content_hash(text, strlen(text), hex);
    check(strcmp(q_text(store_db(s), "SELECT hash FROM documents", buf, sizeof buf), hex) == 0,
          "stored hash %s", buf);
    check(strcmp(q_text(store_db(s), "SELECT title || '|' || date || '|' || source || '|' || lang"
                        " || '|' || origin || '|' || encoding || '|' || replaced || '|' || meta"
                        " FROM documents", buf, sizeof buf),
                 "Talks|2025-08-08|seed|en|-|utf-8|2|{\"k\": 1}") == 0, "columns: %s", buf);
    q_text(store_db(s), "SELECT added_at FROM documents", buf, sizeof buf);
    check(strlen(buf) == 20 && buf[10] == 'T' && buf[19] == 'Z', "added_at %s", buf);
    check(q_int(store_db(s), "SELECT offset_map IS NULL FROM documents") == 1, "no offset map");
    store_close(s);
}

static void test_offset_map_blob(void)
{
    static const unsigned char map[] = { 0, 1, 2, 0xff, 0 };
    parley_store *s = open_ok(":memory:", 0);
    store_doc d = doc_of("mapped");

    if (!s)
        return;
    d.offset_map = map, d.offset_map_len = sizeof map;
    check(store_add_document(s, &d, NULL, NULL) == PARLEY_OK, "add with map: %s", store_errmsg(s));
    check(q_int(store_db(s), "SELECT length(offset_map) FROM documents") == (long long)sizeof map,
          "blob length");
    check(q_int(store_db(s), "SELECT hex(offset_map) = '000102FF00' FROM documents") == 1,
          "blob bytes, NUL included");
    store_close(s);
}

/* chars counts code points; lines counts LF-ended lines plus an unended last one. */
static void test_text_stats(void)
{
    static const struct { const char *text; long long bytes, chars, lines; } cases[] = {
        { "a\nb", 3, 3, 2 },
        { "a\n", 2, 2, 1 },
        { "", 0, 0, 0 },
        { "\n", 1, 1, 1 },
        { "\n\n", 2, 2, 2 },
        { "one line", 8, 8, 1 },
        { "\xc3\xa9\n\xc3\xbc", 5, 3, 2 },                       /* é LF ü */
        { "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb", 11, 3, 1 }, /* 👩‍💻: 3 code points */
    };
    parley_store *s = open_ok(":memory:", 0);
    char sql[128];

    if (!s)
        return;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        long long id = add_text(s, cases[i].text, NULL);
        check(id > 0, "add case %zu: %s", i, store_errmsg(s));
        snprintf(sql, sizeof sql, "SELECT bytes * 1000000 + chars * 1000 + lines FROM documents"
                 " WHERE id = %lld", id);
        long long got = q_int(store_db(s), sql);
        check(got == cases[i].bytes * 1000000 + cases[i].chars * 1000 + cases[i].lines,
              "case %zu: bytes/chars/lines packed %lld", i, got);
    }
    store_close(s);
}

static void test_fts(void)
{
    parley_store *s = open_ok(":memory:", 0);
    long long a, b, c;

    if (!s)
        return;
    a = add_text(s, "Talks between Armenia and Azerbaijan resumed in Washington.", "Peace in Yerevan");
    b = add_text(s, "Az\xc9\x99rbaycan v\xc9\x99 Erm\xc9\x99nistan", NULL);  /* Azərbaycan və Ermənistan */
    c = add_text(s, "T\xc3\xbcrkiye said it would reopen the border.", "Ankara");
    check(a > 0 && b > 0 && c > 0, "three documents");
    check(fts_count(s, "azerbaijan") == 1, "azerbaijan finds the English text");
    check(fts_count(s, "AZERBAIJAN") == 1, "matching folds case");
    check(fts_count(s, "title:yerevan") == 1, "the title is indexed");
    check(fts_count(s, "title:armenia") == 0, "columns are apart");
    /* remove_diacritics 2 strips combining marks after decomposing: ü -> u. */
    check(fts_count(s, "turkiye") == 1, "turkiye finds T\xc3\xbcrkiye");
    /* ə (U+0259 LATIN SMALL LETTER SCHWA) is a letter of its own, not a
     * letter with a diacritic: it has no decomposition, so unicode61 keeps
     * it and "azerbaycan" does NOT find "Azərbaycan". Case folding does
     * apply to it (Ə U+018F -> ə). Matching ə to e or a is a job for the
     * engine's own folding (parley.text fold), not the tokenizer. */
    check(fts_count(s, "azerbaycan") == 0, "schwa is not folded by unicode61");
    check(fts_count(s, "az\xc9\x99rbaycan") == 1, "azərbaycan finds itself");
    check(fts_count(s, "AZ\xc6\x8fRBAYCAN") == 1, "AZƏRBAYCAN finds it by case folding");
    check(fts_integrity_ok(s), "fts integrity");
    store_close(s);
}

/* The triggers keep the external-content index in step with documents. */
static void test_fts_triggers(void)
{
    parley_store *s = open_ok(":memory:", 0);
    sqlite3 *db;
    long long id;

    if (!s)
        return;
    db = store_db(s);
    id = add_text(s, "Negotiators met in Abu Dhabi.", "Summit");
    check(fts_count(s, "title:summit") == 1, "title indexed");
    check(sqlite3_exec(db, "UPDATE documents SET title = 'Meeting'", NULL, NULL, NULL) == SQLITE_OK,
          "update title");
    check(fts_count(s, "title:summit") == 0 && fts_count(s, "title:meeting") == 1, "title reindexed");
    check(sqlite3_exec(db, "UPDATE documents SET meta = '{\"x\": true}'", NULL, NULL, NULL) == SQLITE_OK,
          "update meta");
    check(fts_count(s, "dhabi") == 1 && fts_integrity_ok(s), "index intact after a meta update");
    check(sqlite3_exec(db, "DELETE FROM documents", NULL, NULL, NULL) == SQLITE_OK, "delete");
    check(fts_count(s, "dhabi") == 0 && fts_count(s, "meeting") == 0, "deleted from the index");
    check(fts_integrity_ok(s), "fts integrity after delete");
    check(id > 0, "id");
    store_close(s);
}

static void test_annotations_cascade(void)
{
    parley_store *s = open_ok(":memory:", 0);
    sqlite3 *db;
    char sql[512];
    long long id;

    if (!s)
        return;
    db = store_db(s);
    id = add_text(s, "Aliyev and Pashinyan shook hands.", NULL);
    snprintf(sql, sizeof sql,
             "INSERT INTO runs(id, script, started_at, args) VALUES (7, 'actors', '2025-01-01', '[1]');"
             "INSERT INTO annotations(doc, label, start, stop, run) VALUES (%lld, 'actor', 1, 6, 7);"
             "INSERT INTO annotations(doc, label, start, stop, attrs) VALUES (%lld, 'actor', 12, 20, '{}');",
             id, id);
    check(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK, "annotate: %s", sqlite3_errmsg(db));
    check(sqlite3_exec(db, "INSERT INTO annotations(doc, label, start, stop) VALUES (9999, 'x', 1, 1)",
                       NULL, NULL, NULL) != SQLITE_OK, "foreign keys are enforced");
    check(sqlite3_exec(db, "INSERT INTO annotations(doc, label, start, stop, attrs)"
                       " VALUES (1, 'x', 1, 1, 'not json')", NULL, NULL, NULL) != SQLITE_OK,
          "attrs must be JSON");
    check(sqlite3_exec(db, "DELETE FROM runs WHERE id = 7", NULL, NULL, NULL) == SQLITE_OK, "delete run");
    check(q_int(db, "SELECT count(*) FROM annotations") == 1, "the run's annotation went with it");
    check(sqlite3_exec(db, "DELETE FROM documents", NULL, NULL, NULL) == SQLITE_OK, "delete doc");
    check(q_int(db, "SELECT count(*) FROM annotations") == 0, "the doc's annotations went with it");
    store_close(s);
}

/* A failing document inside a batch leaves no trace, and the batch goes on. */
static void test_savepoints(void)
{
    parley_store *s = open_ok(":memory:", 0);
    store_doc bad = doc_of("bad meta");
    long long id = 42;
    int added = 42, rc;

    if (!s)
        return;
    bad.meta_json = "not json";
    rc = store_add_document(s, &bad, &id, &added);
    check(rc == PARLEY_EDB && strstr(store_errmsg(s), "meta_is_object"), "rc %d: %s", rc, store_errmsg(s));
    check(id == 42 && added == 42, "outputs untouched on failure");
    bad.meta_json = "[1, 2]";
    check(store_add_document(s, &bad, NULL, NULL) == PARLEY_EDB, "meta must be an object");
    check(strncmp(store_errmsg(s), ":memory:: ", 10) == 0, "message names the store: %s", store_errmsg(s));

    check(store_begin(s) == PARLEY_OK, "begin");
    check(add_text(s, "first of batch", NULL) > 0, "first");
    check(store_add_document(s, &bad, NULL, NULL) == PARLEY_EDB, "bad one in the batch");
    check(add_text(s, "second of batch", NULL) > 0, "second after a failure");
    check(store_commit(s) == PARLEY_OK, "commit: %s", store_errmsg(s));
    check(q_int(store_db(s), "SELECT count(*) FROM documents") == 2, "two of three landed");
    check(q_int(store_db(s), "SELECT count(*) FROM documents_fts") == 2 && fts_integrity_ok(s), "fts");

    check(store_begin(s) == PARLEY_OK, "begin again");
    check(add_text(s, "rolled back", NULL) > 0, "add in batch");
    check(store_rollback(s) == PARLEY_OK, "rollback");
    check(fts_count(s, "rolled") == 0, "rolled back out of the index too");
    check(q_int(store_db(s), "SELECT count(*) FROM documents") == 2, "rollback removed it");
    check(store_rollback(s) == PARLEY_OK, "rollback with nothing open is fine");
    check(store_commit(s) == PARLEY_EDB, "commit with nothing open is an error");
    store_close(s);
}

static void test_memory_readonly(void)
{
    parley_store *s = open_ok(":memory:", STORE_READONLY);

    if (!s)
        return;
    check(store_is_readonly(s), "flagged read-only");
    check(q_int(store_db(s), "SELECT count(*) FROM documents") == 0, "schema present");
    check(add_text(s, "x", NULL) == -1, "add refused");
    check(strcmp(store_errmsg(s), ":memory:: corpus is read-only") == 0, "msg %s", store_errmsg(s));
    store_close(s);
}

static void test_file_pragmas(void)
{
    char path[640], wal[700], buf[64];
    parley_store *s;
    sqlite3 *db;

    s = open_ok(tmp_path(path, sizeof path, "corpus.db"), STORE_CREATE);
    if (!s)
        return;
    db = store_db(s);
    check(strcmp(q_text(db, "PRAGMA journal_mode", buf, sizeof buf), "wal") == 0, "wal: %s", buf);
    check(q_int(db, "PRAGMA application_id") == STORE_APPLICATION_ID, "application_id");
    check(q_int(db, "PRAGMA user_version") == STORE_SCHEMA_VERSION, "user_version");
    check(q_int(db, "PRAGMA foreign_keys") == 1, "foreign_keys");
    check(q_int(db, "PRAGMA synchronous") == 1, "synchronous NORMAL");
    check(q_int(db, "PRAGMA busy_timeout") == STORE_BUSY_TIMEOUT_MS, "busy_timeout");
    check(strcmp(store_path(s), path) == 0 && !store_is_readonly(s), "path, writable");
    check(add_text(s, "kept across reopening", NULL) > 0, "add");
    store_close(s);
    snprintf(wal, sizeof wal, "%s-wal", path);
    check(access(wal, F_OK) != 0, "a clean close checkpoints and removes -wal");
    s = open_ok(path, 0);
    if (!s)
        return;
    check(fts_count(s, "reopening") == 1, "still there");
    store_close(s);
}

static void test_missing(void)
{
    char path[640], err[1024] = "", expect[1024];
    parley_store *s = (parley_store *)&s;
    int rc;

    tmp_path(path, sizeof path, "missing.db");
    rc = store_open(path, 0, &s, err, sizeof err);
    snprintf(expect, sizeof expect, "%s: no such corpus", path);
    check(rc == PARLEY_EIO && !s && strcmp(err, expect) == 0, "rc %d: %s", rc, err);
    rc = store_open(path, STORE_READONLY | STORE_CREATE, &s, err, sizeof err);
    check(rc == PARLEY_EIO && !s && strcmp(err, expect) == 0, "read-only never creates: %s", err);
    check(access(path, F_OK) != 0, "no file left behind");
    rc = store_open(tmpdir, 0, &s, err, sizeof err);
    check(rc < 0 && !s && strstr(err, "is a directory"), "a directory: %s", err);
    rc = store_open(path, 0, &s, NULL, 0);
    check(rc == PARLEY_EIO && !s, "no error buffer is fine");
}

/* Reads and refused writes of a store that is read-only, however it came to be. */
static void check_readonly_store(parley_store *s, const char *path)
{
    char expect[1024];
    sqlite3 *db = store_db(s);

    check(store_is_readonly(s), "read-only");
    check(q_int(db, "SELECT count(*) FROM documents") == 1, "count");
    check(fts_count(s, "sealed") == 1, "full-text search");
    check(q_int(db, "SELECT count(*) FROM annotations") == 0, "annotations");
    check(add_text(s, "a new text", NULL) == -1, "add refused");
    snprintf(expect, sizeof expect, "%s: corpus is read-only", path);
    check(strcmp(store_errmsg(s), expect) == 0, "message %s", store_errmsg(s));
    check(store_begin(s) == PARLEY_EREADONLY, "begin refused");
    check(sqlite3_exec(db, "DELETE FROM documents", NULL, NULL, NULL) != SQLITE_OK,
          "raw writes refused too");
    check(q_int(db, "SELECT count(*) FROM documents") == 1, "still one");
}

static void make_sealed_corpus(const char *path)
{
    parley_store *s = open_ok(path, STORE_CREATE);

    if (s)
        check(add_text(s, "The archive is sealed.", NULL) > 0, "add");
    store_close(s);
}

static void test_readonly_flag(void)
{
    char path[640];
    parley_store *s;

    make_sealed_corpus(tmp_path(path, sizeof path, "ro.db"));
    s = open_ok(path, STORE_READONLY);
    if (!s)
        return;
    check_readonly_store(s, path);
    store_close(s);
}

/* In a child: open the chmod'ed corpus without STORE_READONLY; exit 0 when all is well. */
static void readonly_by_permission_child(const char *path, int immutable)
{
    parley_store *s;
    const char *name;

    if (access(path, R_OK) != 0 || access(path, W_OK) == 0) {
        fprintf(stderr, "test_store: %s not readable-only to uid %d; permission case skipped\n",
                path, (int)geteuid());
        _exit(0);
    }
    s = open_ok(path, 0);
    if (s) {
        check_readonly_store(s, path);
        name = sqlite3_db_filename(store_db(s), "main");
        check(sqlite3_uri_boolean(name, "immutable", 0) == immutable,
              "opened immutable: want %d", immutable);
    }
    store_close(s);
    _exit(check_failures ? 1 : 0);
}

/* Run the child as an unprivileged user: root ignores file permissions. */
static void run_unprivileged(const char *path, int immutable)
{
    int status = 0;
    pid_t pid;

    fflush(NULL);
    if ((pid = fork()) == 0) {
        check_failures = 0;  /* count only the child's own */
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) {
            fprintf(stderr, "test_store: running as root and cannot drop to uid 65534; "
                    "permission case skipped (STORE_READONLY is tested instead)\n");
            _exit(0);
        }
        readonly_by_permission_child(path, immutable);
    }
    check(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
          WEXITSTATUS(status) == 0, "read-only child for %s: status %d", path, status);
}

/*
 * A chmod 0444 corpus opens read-only, both where SQLite can create its
 * -shm file (a writable directory) and where it cannot (the immutable
 * fallback). Tests run as root in CI, and root ignores permissions: the
 * checks then run in a child that gives up root.
 */
static void test_readonly_permissions(void)
{
    char dir[640], path[768];

    snprintf(dir, sizeof dir, "%s/perm", tmpdir);
    snprintf(path, sizeof path, "%s/perm.db", dir);
    check(mkdir(dir, 0700) == 0, "mkdir");
    make_sealed_corpus(path);
    chmod(tmpdir, 0755);
    chmod(path, 0444);
    chmod(dir, 0555);  /* nobody may create -shm: the immutable fallback */
    run_unprivileged(path, 1);
    chmod(dir, 0777);  /* anyone may: an ordinary read-only open (which leaves -shm) */
    run_unprivileged(path, 0);
    chmod(dir, 0700);
    chmod(path, 0600);
    chmod(tmpdir, 0700);
}

static void test_busy(void)
{
    char path[640], err[1024];
    parley_store *a, *b;
    sqlite3 *raw;
    int rc;

    a = open_ok(tmp_path(path, sizeof path, "busy.db"), STORE_CREATE);
    b = open_ok(path, STORE_NOWAIT);
    if (!a || !b)
        goto done;
    check(store_begin(a) == PARLEY_OK && add_text(a, "held by a", NULL) > 0, "a writes");
    rc = add_text(b, "blocked", NULL) == -1;
    check(rc, "b cannot write while a holds the lock");
    snprintf(err, sizeof err, "%s: database is busy", path);
    check(strcmp(store_errmsg(b), err) == 0, "message %s", store_errmsg(b));
    check(store_begin(b) == PARLEY_EBUSY, "b cannot begin");
    check(q_int(store_db(b), "SELECT count(*) FROM documents") == 0, "b still reads (WAL)");
    check(store_commit(a) == PARLEY_OK, "a commits");
    check(add_text(b, "now free", NULL) > 0, "b writes: %s", store_errmsg(b));
    check(q_int(store_db(a), "SELECT count(*) FROM documents") == 2, "a sees both");
    store_close(a);
    store_close(b);
    a = b = NULL;
    /* A connection in exclusive locking mode keeps even readers out. */
    sqlite3_open(path, &raw);
    rc = sqlite3_exec(raw, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;"
                      " DELETE FROM documents WHERE 0", NULL, NULL, NULL);
    check(rc == SQLITE_OK, "exclusive lock: %s", sqlite3_errmsg(raw));
    rc = store_open(path, STORE_NOWAIT, &b, err, sizeof err);
    check(rc == PARLEY_EBUSY && !b && strstr(err, ": database is busy"), "open busy %d: %s", rc, err);
    sqlite3_close(raw);
done:
    store_close(a);
    store_close(b);
}

static void test_close_rolls_back(void)
{
    char path[640];
    parley_store *s = open_ok(tmp_path(path, sizeof path, "close.db"), STORE_CREATE);

    if (!s)
        return;
    check(add_text(s, "committed", NULL) > 0, "add");
    check(store_begin(s) == PARLEY_OK && add_text(s, "pending", NULL) > 0, "pending");
    store_close(s);
    s = open_ok(path, 0);
    if (!s)
        return;
    check(q_int(store_db(s), "SELECT count(*) FROM documents") == 1, "pending rolled back");
    check(fts_count(s, "pending") == 0 && fts_integrity_ok(s), "and out of the index");
    store_close(s);
    store_close(NULL);
}

/*
 * store_begin defers indexing to store_commit (FTS5 writes a segment per
 * savepoint otherwise): what a batch adds is indexed at commit, the insert
 * trigger is back after it, and no other connection ever sees it missing.
 */
static void test_deferred_index(void)
{
    char path[640];
    parley_store *s = open_ok(tmp_path(path, sizeof path, "deferred.db"), STORE_CREATE);
    const char *has_trigger = "SELECT count(*) FROM sqlite_master WHERE name = 'documents_fts_insert'";
    sqlite3 *other = NULL;

    if (!s)
        return;
    check(add_text(s, "before the batch", NULL) > 0, "one document first");
    check(store_begin(s) == PARLEY_OK, "begin: %s", store_errmsg(s));
    check(add_text(s, "Reuters reported oil prices", "Crude") > 0, "first of batch");
    check(add_text(s, "before the batch", NULL) > 0, "a duplicate is found by hash, not by the index");
    check(add_text(s, "Oil ministers met in Vienna", NULL) > 0, "second of batch");
    check(sqlite3_open(path, &other) == SQLITE_OK && q_int(other, has_trigger) == 1,
          "another connection sees the trigger during the batch");
    check(store_commit(s) == PARLEY_OK, "commit: %s", store_errmsg(s));
    check(fts_count(s, "oil") == 2 && fts_count(s, "title:crude") == 1 && fts_count(s, "batch") == 1,
          "the batch is indexed at commit");
    check(q_int(store_db(s), has_trigger) == 1 && q_int(other, has_trigger) == 1, "the trigger is back");
    check(add_text(s, "Vienna talks went on", NULL) > 0 && fts_count(s, "vienna") == 2,
          "a document added outside a batch is indexed by the trigger");
    check(store_begin(s) == PARLEY_OK && add_text(s, "never kept", NULL) > 0 &&
          store_rollback(s) == PARLEY_OK, "a batch rolled back");
    check(q_int(store_db(s), has_trigger) == 1 && fts_count(s, "never") == 0, "the trigger survives a rollback");
    check(store_begin(s) == PARLEY_OK && store_commit(s) == PARLEY_OK, "an empty batch");
    check(q_int(store_db(s), has_trigger) == 1 && fts_integrity_ok(s), "fts integrity");
    sqlite3_close(other);
    store_close(s);
}

/*
 * store_commit indexes a batch with a 64 MB FTS5 hash (fewer segments to
 * merge) and puts the corpus's own hashsize back in the same transaction:
 * later writers, and analysts' own FTS commands, use what they used before.
 */
static void test_batch_hashsize(void)
{
    char path[640];
    parley_store *s = open_ok(tmp_path(path, sizeof path, "hashsize.db"), STORE_CREATE);
    const char *hashsize = "SELECT v FROM documents_fts_config WHERE k = 'hashsize'";
    sqlite3 *db;

    if (!s)
        return;
    db = store_db(s);
    check(store_begin(s) == PARLEY_OK && add_text(s, "Grain shipments rose", NULL) > 0 &&
          store_commit(s) == PARLEY_OK, "a batch: %s", store_errmsg(s));
    check(q_int(db, hashsize) == 1024 * 1024, "the default is back after a batch");
    check(sqlite3_exec(db, "INSERT INTO documents_fts(documents_fts, rank) VALUES ('hashsize', 2000000)",
                       NULL, NULL, NULL) == SQLITE_OK, "an analyst's own hashsize");
    check(store_begin(s) == PARLEY_OK && add_text(s, "Grain exports fell", NULL) > 0 &&
          store_commit(s) == PARLEY_OK, "another batch: %s", store_errmsg(s));
    check(q_int(db, hashsize) == 2000000, "the analyst's hashsize is back");
    check(store_begin(s) == PARLEY_OK && add_text(s, "never indexed", NULL) > 0 &&
          store_rollback(s) == PARLEY_OK && q_int(db, hashsize) == 2000000, "a rollback keeps it");
    check(fts_count(s, "grain") == 2 && fts_integrity_ok(s), "both batches indexed");
    store_close(s);
}

int main(void)
{
    make_tmpdir();
    test_hash();
    test_add_and_dedupe();
    test_offset_map_blob();
    test_text_stats();
    test_fts();
    test_fts_triggers();
    test_annotations_cascade();
    test_savepoints();
    test_deferred_index();
    test_batch_hashsize();
    test_memory_readonly();
    test_file_pragmas();
    test_missing();
    test_readonly_flag();
    test_readonly_permissions();
    test_busy();
    test_close_rolls_back();
    remove_tmpdir();
    return check_report("store");
}
