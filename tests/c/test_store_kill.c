/* test_store_kill.c: a writer killed with SIGKILL at any moment leaves a sound corpus of whole documents. */
#define _GNU_SOURCE  /* nftw */
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "sql_check.h"
#include "parley.h"
#include "store.h"

enum {
    ROUNDS = 20,         /* kill points */
    BATCH = 50,          /* documents per transaction, each in its own savepoint */
    MAX_DOCS = 20000,    /* a child that is never killed stops here */
    FRESH_EVERY = 5,     /* start from no file every few rounds, to kill during creation */
};

static char tmpdir[512];
static char db_path[640];

/* A small deterministic generator, so every run kills at the same points. */
static unsigned lcg(unsigned *state)
{
    *state = *state * 1103515245u + 12345u;
    return *state >> 8;
}

/* ------------------------------------------------------------ documents */

/*
 * The text of document n of round r, into buf (size >= 8192); its length.
 * Each holds one marker token "mk<r>x<n>" found nowhere else, and filler
 * that starts no token with "mk", so the index rows of every document can
 * be told apart. Lengths vary from ~100 bytes to ~6 KB so pages split at
 * varied places.
 */
static size_t doc_text(int r, int n, char *buf, size_t size)
{
    static const char *const words[] = {
        "peace", "treaty", "border", "Zangezur", "corridor", "Aliyev", "Pashinyan",
        "Washington", "d\xc3\xa9limitation", "Az\xc9\x99rbaycan", "\xd5\x80\xd5\xa1\xd5\xb5\xd5\xa1\xd5\xbd\xd5\xbf\xd5\xa1\xd5\xb6",
        "talks", "\n", "initialled", "\xe5\x92\x8c\xe5\xb9\xb3", "Yerevan", "Baku",
    };
    unsigned state = (unsigned)(r * 100003 + n);
    size_t len = (size_t)snprintf(buf, size, "mk%dx%d ", r, n);
    size_t target = 100 + lcg(&state) % 6000;

    while (len < target) {
        const char *w = words[lcg(&state) % (sizeof words / sizeof words[0])];
        len += (size_t)snprintf(buf + len, size - len, "%s ", w);
    }
    return len;
}

/* ---------------------------------------------------------------- writer */

/* The child: ingest batches into db_path until killed. Never returns. */
static void writer(int round)
{
    static char text[8192];
    char err[1024], title[32];
    parley_store *s = NULL;

    if (store_open(db_path, STORE_CREATE, &s, err, sizeof err) != PARLEY_OK) {
        fprintf(stderr, "writer: %s\n", err);
        _exit(1);
    }
    for (int n = 0; n < MAX_DOCS; n += BATCH) {
        if (store_begin(s) != PARLEY_OK)
            _exit(1);
        for (int k = n; k < n + BATCH; k++) {
            store_doc d = { 0 };
            snprintf(title, sizeof title, "%d:%d", round, k);
            d.len = doc_text(round, k, text, sizeof text);
            d.text = text, d.title = title, d.source = "kill-test";
            if (store_add_document(s, &d, NULL, NULL) != PARLEY_OK)
                _exit(1);
        }
        if (store_commit(s) != PARLEY_OK)
            _exit(1);
    }
    store_close(s);
    _exit(0);
}

/* ------------------------------------------------------------ verifying */


/* Only the rowid the marker names has the marker. */
static int marker_indexed(sqlite3 *db, sqlite3_stmt *match, int r, int n, long long id)
{
    static int reported;
    char marker[48];
    int hits = 0, ok = 1, rc;

    snprintf(marker, sizeof marker, "mk%dx%d", r, n);
    sqlite3_bind_text(match, 1, marker, -1, SQLITE_TRANSIENT);
    while ((rc = sqlite3_step(match)) == SQLITE_ROW) {
        hits++;
        ok &= sqlite3_column_int64(match, 0) == id;
    }
    sqlite3_reset(match);
    if (rc != SQLITE_DONE && reported++ < 5)
        fprintf(stderr, "match %s: %s\n", marker, sqlite3_errmsg(db));
    return rc == SQLITE_DONE && ok && hits == 1;
}

/* One stored row: its text is the one its title names, whole, with its hash and counts. */
static int row_whole(sqlite3_stmt *st, char *expect, size_t size, int *r, int *n)
{
    const char *title = (const char *)sqlite3_column_text(st, 1);
    const char *text = (const char *)sqlite3_column_text(st, 2);
    size_t len = (size_t)sqlite3_column_bytes(st, 2), want;
    char hex[65];

    if (!title || !text || sscanf(title, "%d:%d", r, n) != 2)
        return 0;
    want = doc_text(*r, *n, expect, size);
    store_content_hash(text, len, hex);
    return len == want && memcmp(text, expect, len) == 0 &&
           strcmp(hex, (const char *)sqlite3_column_text(st, 3)) == 0 &&
           sqlite3_column_int64(st, 4) == (long long)len;
}

/* Every document whole and indexed under its own rowid; their count per round. */
static void check_documents(sqlite3 *db, long long per_round[ROUNDS])
{
    static char expect[8192];
    sqlite3_stmt *st = NULL, *match = NULL;
    int r, n, bad = 0;

    sqlite3_prepare_v2(db, "SELECT id, title, text, hash, bytes FROM documents", -1, &st, NULL);
    sqlite3_prepare_v2(db, "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?1",
                       -1, &match, NULL);
    check(st && match, "prepare: %s", sqlite3_errmsg(db));
    while (st && match && sqlite3_step(st) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(st, 0);
        if (!row_whole(st, expect, sizeof expect, &r, &n) || r < 0 || r >= ROUNDS) {
            bad++;
            continue;
        }
        per_round[r]++;
        bad += !marker_indexed(db, match, r, n, id);
    }
    check(bad == 0, "%d documents torn or not indexed", bad);
    sqlite3_finalize(st);
    sqlite3_finalize(match);
}

/* The index holds rows for exactly the stored documents: none left from a rolled-back one. */
static void check_index_rows(sqlite3 *db)
{
    long long docs = q_int(db, "SELECT count(*) FROM documents");

    check(sqlite3_exec(db, "CREATE VIRTUAL TABLE temp.fts_rows"
                       " USING fts5vocab(main, documents_fts, instance)", NULL, NULL, NULL) == SQLITE_OK,
          "fts5vocab: %s", sqlite3_errmsg(db));
    check(q_int(db, "SELECT count(DISTINCT doc) FROM temp.fts_rows"
                " WHERE term >= 'mk' AND term < 'ml'") == docs, "index rows for every document");
    check(q_int(db, "SELECT count(*) FROM temp.fts_rows WHERE term >= 'mk' AND term < 'ml'"
                " AND doc NOT IN (SELECT id FROM documents)") == 0, "no index rows without a document");
    check(sqlite3_exec(db, "INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')",
                       NULL, NULL, NULL) == SQLITE_OK, "fts integrity-check: %s", sqlite3_errmsg(db));
}

/* Reopen after the kill and check everything; the number of documents stored. */
static long long verify(int round)
{
    char err[1024], ok[16] = "";
    long long per_round[ROUNDS] = { 0 }, docs;
    parley_store *s = NULL;
    sqlite3_stmt *st;
    sqlite3 *db;

    check(store_open(db_path, STORE_CREATE, &s, err, sizeof err) == PARLEY_OK,
          "round %d: reopen: %s", round, err);
    if (!s)
        return -1;
    db = store_db(s);
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            snprintf(ok, sizeof ok, "%s", (const char *)sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    }
    check(strcmp(ok, "ok") == 0, "round %d: integrity_check: %s", round, ok);
    check_documents(db, per_round);
    check_index_rows(db);
    /* Batches commit whole: a kill mid-batch loses the batch, not part of it. */
    for (int r = 0; r < ROUNDS; r++)
        check(per_round[r] % BATCH == 0, "round %d: %lld documents of round %d", round, per_round[r], r);
    docs = q_int(db, "SELECT count(*) FROM documents");
    store_close(s);
    return docs;
}

/* ------------------------------------------------------------------ main */

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st, (void)type, (void)ftw;
    return remove(path);
}

static void remove_db_files(void)
{
    static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
    char path[700];

    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        snprintf(path, sizeof path, "%s%s", db_path, suffixes[i]);
        unlink(path);
    }
}

/* How long to let the writer run: a few ms on fresh rounds (creation), else up to 150 ms. */
static long delay_us(int round, unsigned *state)
{
    if (round % FRESH_EVERY == 0)
        return (long)(lcg(state) % 4000);
    return 5000 + (long)(lcg(state) % 145000);
}

int main(void)
{
    const char *base = getenv("TMPDIR");
    unsigned state = 20250808u;
    long long docs = 0;

    snprintf(tmpdir, sizeof tmpdir, "%s/parley-kill-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(db_path, sizeof db_path, "%s/kill.db", tmpdir);
    for (int round = 0; round < ROUNDS; round++) {
        long wait_us = delay_us(round, &state);
        struct timespec ts = { wait_us / 1000000, (wait_us % 1000000) * 1000 };
        int status = 0;
        pid_t pid;

        if (round % FRESH_EVERY == 0)
            remove_db_files();
        fflush(NULL);
        if ((pid = fork()) == 0)
            writer(round);
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        check(waitpid(pid, &status, 0) == pid && (WIFSIGNALED(status) || WEXITSTATUS(status) == 0),
              "round %d: the writer failed by itself (status %d)", round, status);
        docs = verify(round);
        printf("round %2d: killed after %3ld ms, %lld documents\n", round, wait_us / 1000, docs);
    }
    nftw(tmpdir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
    return check_report("store_kill");
}
