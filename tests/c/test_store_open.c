/* test_store_open.c: which files store_open accepts, migrates or refuses, and that bad ones never crash it. */
#define _GNU_SOURCE  /* nftw */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "parley.h"
#include "store.h"

/* ------------------------------------------------------------ fixtures */

static char tmpdir[512];

static void make_tmpdir(void)
{
    const char *base = getenv("TMPDIR");

    snprintf(tmpdir, sizeof tmpdir, "%s/parley-open-XXXXXX", base && *base ? base : "/tmp");
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
    nftw(tmpdir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

static const char *tmp_path(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", tmpdir, name);
    return buf;
}

/* The first column of the first row as an integer; -999 when the query fails. */
static long long q_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    long long v = -999;

    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return v;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Make a plain SQLite file (no parley involved) by running sql on it. */
static void raw_db(const char *path, const char *sql)
{
    sqlite3 *db;

    check(sqlite3_open(path, &db) == SQLITE_OK, "open %s", path);
    check(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(db));
    sqlite3_close(db);
}

/* An integer read from a file with plain SQLite, so store_open cannot have helped. */
static long long raw_int(const char *path, const char *sql)
{
    sqlite3 *db;
    long long v = -999;

    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
        v = q_int(db, sql);
    sqlite3_close(db);
    return v;
}

static void write_file(const char *path, const void *bytes, size_t len)
{
    FILE *f = fopen(path, "wb");

    check(f && fwrite(bytes, 1, len, f) == len, "write %s", path);
    if (f)
        fclose(f);
}

/* The whole file, malloc'd; *len its size. */
static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    long n;

    *len = 0;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)n + 1)) && fread(buf, 1, (size_t)n, f) == (size_t)n)
        *len = (size_t)n;
    fclose(f);
    return buf;
}

/* store_open must fail with code and the message "PATH: what". */
static void expect_refusal(const char *path, int flags, int code, const char *what)
{
    char err[1024] = "", expect[1024];
    parley_store *s = NULL;
    int rc = store_open(path, flags, &s, err, sizeof err);

    snprintf(expect, sizeof expect, "%s: %s", path, what);
    check(rc == code && !s && strcmp(err, expect) == 0, "%s: rc %d (want %d): %s", path, rc, code, err);
    store_close(s);
}

static parley_store *open_ok(const char *path, int flags)
{
    char err[1024] = "";
    parley_store *s = NULL;
    int rc = store_open(path, flags, &s, err, sizeof err);

    check(rc == PARLEY_OK && s, "store_open(%s) = %d: %s", path, rc, err);
    return s;
}

/* The schema of a current corpus is in place. */
static void check_current_schema(sqlite3 *db, const char *what)
{
    check(q_int(db, "PRAGMA user_version") == STORE_SCHEMA_VERSION, "%s: user_version", what);
    check(q_int(db, "PRAGMA application_id") == STORE_APPLICATION_ID, "%s: application_id", what);
    check(q_int(db, "SELECT count(*) FROM sqlite_schema WHERE name IN"
                " ('documents', 'documents_fts', 'runs', 'annotations',"
                "  'documents_date', 'documents_source', 'annotations_doc',"
                "  'annotations_label', 'annotations_run', 'documents_fts_insert',"
                "  'documents_fts_delete', 'documents_fts_update')") == 12, "%s: tables", what);
}

/* A corpus of n documents, big enough to span many pages. */
static void make_corpus(const char *path, int n)
{
    parley_store *s = open_ok(path, STORE_CREATE);
    char text[2048];

    for (int i = 0; s && i < n; i++) {
        store_doc d = { 0 };
        int len = snprintf(text, sizeof text, "Document %d about the Zangezur corridor. ", i);
        while (len < 1500)
            len += snprintf(text + len, sizeof text - (size_t)len, "word%d ", len * 7 + i);
        d.text = text, d.len = (size_t)len, d.title = "t";
        check(store_add_document(s, &d, NULL, NULL) == PARLEY_OK, "add %d", i);
    }
    store_close(s);
}

/* --------------------------------------------------------------- tests */

static void test_fresh_and_empty(void)
{
    char path[640];
    parley_store *s;

    /* A valid SQLite file at user_version 0 with no tables is adopted. */
    raw_db(tmp_path(path, sizeof path, "empty.db"), "CREATE TABLE x(y); DROP TABLE x;");
    check(raw_int(path, "PRAGMA page_count") > 0, "a real database file");
    s = open_ok(path, 0);
    if (s)
        check_current_schema(store_db(s), "empty db");
    store_close(s);
    check(raw_int(path, "PRAGMA user_version") == STORE_SCHEMA_VERSION, "migrated on disk");

    /* So is a zero-byte file: what a writer killed at its first open leaves. */
    write_file(tmp_path(path, sizeof path, "zero.db"), "", 0);
    s = open_ok(path, 0);
    if (s)
        check_current_schema(store_db(s), "zero-byte file");
    store_close(s);

    /* Ours at version 0 (the id is set, the tables are not): migrated. */
    raw_db(tmp_path(path, sizeof path, "v0.db"), "PRAGMA application_id = 1347570777");
    check(raw_int(path, "PRAGMA application_id") == STORE_APPLICATION_ID, "id set");
    s = open_ok(path, 0);
    if (s)
        check_current_schema(store_db(s), "v0 db");
    store_close(s);
}

static void test_refusals(void)
{
    char path[640], what[128];
    static const char text[] = "This is a text file, not a database.\n";
    unsigned char *after;
    size_t len;

    raw_db(tmp_path(path, sizeof path, "newer.db"),
           "PRAGMA application_id = 1347570777; PRAGMA user_version = 99;");
    snprintf(what, sizeof what, "written by a newer parley (schema 99, this build reads up to %d)",
             STORE_SCHEMA_VERSION);
    expect_refusal(path, 0, PARLEY_ESCHEMA, what);
    expect_refusal(path, STORE_READONLY, PARLEY_ESCHEMA, what);
    check(raw_int(path, "PRAGMA user_version") == 99, "untouched version");
    check(raw_int(path, "SELECT count(*) FROM sqlite_schema") == 0, "no tables added");
    check(raw_int(path, "SELECT journal_mode = 'delete' FROM pragma_journal_mode") == 1,
          "still a rollback journal");

    raw_db(tmp_path(path, sizeof path, "foreign.db"), "CREATE TABLE orders(id, total)");
    expect_refusal(path, 0, PARLEY_ENOTPARLEY, "not a parley corpus");
    expect_refusal(path, STORE_CREATE, PARLEY_ENOTPARLEY, "not a parley corpus");
    check(raw_int(path, "PRAGMA application_id") == 0, "no id written");
    check(raw_int(path, "SELECT count(*) FROM sqlite_schema") == 1, "no tables added");

    raw_db(tmp_path(path, sizeof path, "other-app.db"), "PRAGMA application_id = 305419896");
    expect_refusal(path, 0, PARLEY_ENOTPARLEY, "not a parley corpus");

    write_file(tmp_path(path, sizeof path, "notes.txt"), text, sizeof text - 1);
    expect_refusal(path, 0, PARLEY_ENOTPARLEY, "not a SQLite database");
    expect_refusal(path, STORE_READONLY, PARLEY_ENOTPARLEY, "not a SQLite database");
    after = read_file(path, &len);
    check(after && len == sizeof text - 1 && memcmp(after, text, len) == 0, "text file untouched");
    free(after);
}

/* A step that fails leaves the file as it was: the steps and the stamp are one transaction. */
static void test_failed_migration(void)
{
    char path[640], err[1024] = "";
    parley_store *s = NULL;
    int rc;

    /* Ours at version 0, but with an "annotations" table already: step
     * 0 -> 1 fails on it after creating documents, its index and runs, and
     * must take all of them back. */
    raw_db(tmp_path(path, sizeof path, "clash.db"),
           "PRAGMA application_id = 1347570777; CREATE TABLE annotations(x);");
    rc = store_open(path, 0, &s, err, sizeof err);
    check(rc == PARLEY_EDB && !s && strstr(err, "already exists"), "rc %d: %s", rc, err);
    check(raw_int(path, "PRAGMA user_version") == 0, "version unchanged");
    check(raw_int(path, "SELECT count(*) FROM sqlite_schema") == 1, "no table of the step remains");
}

/* Read-only cannot adopt or upgrade a file, so it says why instead. */
static void test_readonly_cannot_migrate(void)
{
    char path[640], what[160];

    raw_db(tmp_path(path, sizeof path, "ro-empty.db"), "CREATE TABLE x(y); DROP TABLE x;");
    expect_refusal(path, STORE_READONLY, PARLEY_ENOTPARLEY, "not a parley corpus (an empty database)");
    raw_db(tmp_path(path, sizeof path, "ro-v0.db"), "PRAGMA application_id = 1347570777");
    snprintf(what, sizeof what, "corpus is read-only and at schema 0; open it writable once "
             "to upgrade it to schema %d", STORE_SCHEMA_VERSION);
    expect_refusal(path, STORE_READONLY, PARLEY_EREADONLY, what);
}

/* Open, then read everything a script might: any failure is fine, a crash is not. */
static int poke(const char *path, char *err, size_t errsize)
{
    static const char *const queries[] = {
        "SELECT sum(length(text)), sum(length(hash)) FROM documents",
        "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'zangezur'",
        "INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')",
        "PRAGMA integrity_check",
    };
    parley_store *s = NULL;
    int rc = store_open(path, 0, &s, err, errsize);

    for (size_t i = 0; s && i < sizeof queries / sizeof queries[0]; i++)
        sqlite3_exec(store_db(s), queries[i], NULL, NULL, NULL);
    if (s) {
        store_doc d = { 0 };
        d.text = "after the damage", d.len = 16;
        store_add_document(s, &d, NULL, NULL);
    }
    store_close(s);
    return rc;
}

/*
 * Truncated copies of a real corpus. The first 1000 bytes hold a valid
 * header with our id and schema but only part of page 1: that must be a
 * clean error. Other cuts may even open (a cut at a page boundary can look
 * like a smaller database), but none may crash.
 */
static void test_truncated(void)
{
    char path[640], cut[700], err[1024];
    size_t len, cuts[] = { 1000, 10, 100, 4095, 4096, 8192, 0, 0 };
    unsigned char *bytes;
    int rc;

    make_corpus(tmp_path(path, sizeof path, "whole.db"), 40);
    bytes = read_file(path, &len);
    check(bytes && len > 3 * 4096, "corpus of %zu bytes", len);
    if (!bytes)
        return;
    cuts[6] = len / 2, cuts[7] = len - 1;
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        snprintf(cut, sizeof cut, "%s/cut-%zu.db", tmpdir, cuts[i]);
        write_file(cut, bytes, cuts[i]);
        err[0] = '\0';
        rc = poke(cut, err, sizeof err);
        check(rc <= 0 && (rc == 0 || strncmp(err, cut, strlen(cut)) == 0), "cut %zu: %d %s",
              cuts[i], rc, err);
        if (cuts[i] == 1000)
            check(rc == PARLEY_EDB && strstr(err, "malformed"), "1000 bytes: %d %s", rc, err);
    }
    free(bytes);
}

/* Bytes overwritten in pages past the header: queries may fail, nothing may crash. */
static void test_corrupted(void)
{
    char path[640], bad[700], err[1024];
    unsigned char *bytes;
    unsigned seed = 12345;
    size_t len;

    bytes = read_file(tmp_path(path, sizeof path, "whole.db"), &len);
    check(bytes && len > 4096, "corpus");
    for (int round = 0; bytes && round < 20; round++) {
        unsigned char *copy = malloc(len);
        memcpy(copy, bytes, len);
        for (int k = 0; k < 8 << (round % 4); k++) {
            seed = seed * 1103515245u + 12345u;
            copy[4096 + (seed >> 8) % (len - 4096)] = (unsigned char)(seed >> 3);
        }
        snprintf(bad, sizeof bad, "%s/bad-%d.db", tmpdir, round);
        write_file(bad, copy, len);
        free(copy);
        check(poke(bad, err, sizeof err) <= 0, "round %d", round);
    }
    free(bytes);
}

/* Several processes creating the same new corpus at once: one schema, every document. */
static void test_concurrent_create(void)
{
    enum { WRITERS = 4 };
    char path[640], text[64], err[256];
    pid_t pids[WRITERS];
    int status;

    tmp_path(path, sizeof path, "race.db");
    fflush(NULL);
    for (int i = 0; i < WRITERS; i++) {
        if ((pids[i] = fork()) == 0) {
            parley_store *s = NULL;
            store_doc d = { 0 };
            int rc = store_open(path, STORE_CREATE, &s, err, sizeof err);
            snprintf(text, sizeof text, "writer %d was here", i);
            d.text = text, d.len = strlen(text);
            if (rc == PARLEY_OK)
                rc = store_add_document(s, &d, NULL, NULL);
            if (rc != PARLEY_OK)
                fprintf(stderr, "writer %d: %d %s\n", i, rc, s ? store_errmsg(s) : err);
            store_close(s);
            _exit(rc == PARLEY_OK ? 0 : 1);
        }
    }
    for (int i = 0; i < WRITERS; i++)
        check(pids[i] > 0 && waitpid(pids[i], &status, 0) == pids[i] && WIFEXITED(status) &&
              WEXITSTATUS(status) == 0, "writer %d", i);
    check(raw_int(path, "SELECT count(*) FROM documents") == WRITERS, "every writer's document");
    check(raw_int(path, "PRAGMA user_version") == STORE_SCHEMA_VERSION, "one schema");
}

int main(void)
{
    make_tmpdir();
    test_fresh_and_empty();
    test_refusals();
    test_failed_migration();
    test_readonly_cannot_migrate();
    test_truncated();
    test_corrupted();
    test_concurrent_create();
    remove_tmpdir();
    return check_report("store_open");
}
