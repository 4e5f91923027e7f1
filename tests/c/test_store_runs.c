/* test_store_runs.c: runs and annotations in the store: save, replace, history, migration from schema 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "sql_check.h"
#include "parley.h"
#include "store.h"

/* ------------------------------------------------------------ fixtures */


static parley_store *open_ok(const char *path, int flags)
{
    char err[1024] = "";
    parley_store *s = NULL;
    int rc = store_open(path, flags, &s, err, sizeof err);

    check(rc == PARLEY_OK && s, "store_open(%s) = %d: %s", path, rc, err);
    return s;
}

/* Add text; its id (or -1) and its hash in hash[65]. */
static long long add_text(parley_store *s, const char *text, char hash[65])
{
    store_doc d = { 0 };
    long long id = -1;

    d.text = text;
    d.len = strlen(text);
    check(store_add_document(s, &d, &id, NULL) == PARLEY_OK, "add: %s", store_errmsg(s));
    store_content_hash(text, d.len, hash);
    return id;
}

static const store_run ACTORS = { "actors.lua", "abc123", "0.1.0", "[\"--all\"]" };

/* Save n annotations of doc under *run; the store's result. */
static int save(parley_store *s, const store_run *info, long long *run, long long doc,
                const char *hash, const store_annotation *a, size_t n, long long *ids)
{
    store_save sv = { doc, hash, a, n, ids };

    return store_save_annotations(s, info, run, &sv);
}

/* --------------------------------------------------------------- tests */

/* The first save makes the run; the annotations and (run, doc) are written. */
static void test_first_save(void)
{
    parley_store *s = open_ok(":memory:", 0);
    char hash[65], buf[128];
    long long run = 0, ids[2] = { 0, 0 }, doc;
    store_annotation a[] = {
        { "ACTOR", 1, 6, "{\"role\":\"president\"}", "names" },
        { "ACTOR", 12, 20, NULL, NULL },
    };

    if (!s)
        return;
    doc = add_text(s, "Aliyev and Pashinyan shook hands.", hash);
    check(save(s, &ACTORS, &run, doc, hash, a, 2, ids) == PARLEY_OK, "save: %s", store_errmsg(s));
    check(run == 1, "the run was made: %lld", run);
    check(ids[0] > 0 && ids[1] == ids[0] + 1, "ids %lld %lld", ids[0], ids[1]);
    sqlite3 *db = store_db(s);
    check(strcmp(q_text(db, "SELECT script || ' ' || script_hash || ' ' || engine_version || ' ' || args"
                            " FROM runs", buf, sizeof buf), "actors.lua abc123 0.1.0 [\"--all\"]") == 0,
          "run row: %s", buf);
    check(q_int(db, "SELECT count(*) FROM runs WHERE started_at LIKE '____-__-__T__:__:__Z'"
                    " AND finished_at IS NULL") == 1, "started, not finished");
    check(strcmp(q_text(db, "SELECT json_extract(attrs, '$.role') || rule FROM annotations WHERE start = 1",
                        buf, sizeof buf), "presidentnames") == 0, "attrs and rule: %s", buf);
    check(q_int(db, "SELECT count(*) FROM run_docs WHERE run = 1") == 1, "run_docs");
    check(store_finish_run(s, run) == PARLEY_OK, "finish");
    check(q_int(db, "SELECT count(*) FROM runs WHERE finished_at IS NOT NULL") == 1, "finished");
    store_close(s);
}

/* A second run of the same script replaces; the old rows become history with their ids. */
static void test_replace(void)
{
    parley_store *s = open_ok(":memory:", 0);
    char hash[65], hash2[65];
    long long run1 = 0, run2 = 0, other = 0, ids[2], doc, doc2;
    store_annotation a[] = { { "ACTOR", 1, 6, NULL, "r1" }, { "ACTOR", 12, 20, NULL, "r1" } };
    store_annotation b[] = { { "ACTOR", 1, 6, "{\"x\":1}", "r1" } };
    store_run places = { "places.lua", NULL, NULL, NULL };

    if (!s)
        return;
    sqlite3 *db = store_db(s);
    doc = add_text(s, "Aliyev and Pashinyan shook hands.", hash);
    doc2 = add_text(s, "Talks in Washington.", hash2);
    check(save(s, &ACTORS, &run1, doc, hash, a, 2, ids) == PARLEY_OK, "run 1");
    check(save(s, &ACTORS, &run1, doc2, hash2, a, 1, NULL) == PARLEY_OK, "run 1, doc 2");
    check(save(s, &places, &other, doc, hash, b, 1, NULL) == PARLEY_OK, "another script");
    /* Saving the same document twice in one run redoes it: no history. */
    check(save(s, &ACTORS, &run1, doc, hash, a, 2, ids) == PARLEY_OK, "run 1 again");
    check(q_int(db, "SELECT count(*) FROM replaced_annotations") == 0, "a second save is no history");
    check(q_int(db, "SELECT count(*) FROM annotations") == 4, "2 + 1 + 1: %lld",
          q_int(db, "SELECT count(*) FROM annotations"));
    check(save(s, &ACTORS, &run2, doc, hash, b, 1, NULL) == PARLEY_OK, "run 2");
    check(run2 == 3 && run1 == 1 && other == 2, "runs %lld %lld %lld", run1, other, run2);
    check(q_int(db, "SELECT count(*) FROM annotations WHERE doc = 1 AND run = 1") == 0,
          "run 1's annotations of doc 1 are replaced");
    check(q_int(db, "SELECT count(*) FROM annotations WHERE doc = 2 AND run = 1") == 1,
          "those of a document run 2 did not save stay");
    check(q_int(db, "SELECT count(*) FROM annotations WHERE run = 2") == 1, "another script's stay");
    check(q_int(db, "SELECT count(*) FROM replaced_annotations WHERE run = 1 AND replaced_by = 3") == 2,
          "history");
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM replaced_annotations WHERE id IN (%lld, %lld)",
             ids[0], ids[1]);
    check(q_int(db, sql) == 2, "history keeps the ids");
    check(q_int(db, "SELECT count(*) FROM all_annotations WHERE run = 1") == 3, "all_annotations");
    /* Ids are never reused, even after the newest rows were deleted. */
    long long max = q_int(db, "SELECT max(id) FROM all_annotations");
    check(save(s, &ACTORS, &run2, doc, hash, NULL, 0, NULL) == PARLEY_OK, "save nothing");
    check(q_int(db, "SELECT count(*) FROM annotations WHERE run = 3") == 0, "nothing left");
    check(save(s, &ACTORS, &run2, doc, hash, b, 1, ids) == PARLEY_OK && ids[0] > max,
          "a new id %lld > %lld", ids[0], max);
    check(sqlite3_exec(db, "DELETE FROM documents WHERE id = 1", NULL, NULL, NULL) == SQLITE_OK, "delete");
    check(q_int(db, "SELECT count(*) FROM all_annotations WHERE doc = 1") == 0 &&
          q_int(db, "SELECT count(*) FROM run_docs WHERE doc = 1") == 0, "cascade");
    store_close(s);
}

/* Refusals leave nothing behind, not even the run. */
static void test_refusals(void)
{
    parley_store *s = open_ok(":memory:", 0);
    char hash[65], other[65];
    long long run = 0, doc;
    store_annotation bad[] = { { "X", 1, 2, "not json", NULL } };

    if (!s)
        return;
    doc = add_text(s, "Baku.", hash);
    store_content_hash("other", 5, other);
    check(save(s, &ACTORS, &run, doc, other, NULL, 0, NULL) == PARLEY_EDB &&
          strstr(store_errmsg(s), "another text"), "wrong text: %s", store_errmsg(s));
    check(save(s, &ACTORS, &run, 99, hash, NULL, 0, NULL) == PARLEY_EDB &&
          strstr(store_errmsg(s), "no document 99"), "missing: %s", store_errmsg(s));
    check(save(s, &ACTORS, &run, doc, hash, bad, 1, NULL) < 0, "attrs must be JSON");
    check(run == 0 && q_int(store_db(s), "SELECT count(*) FROM runs") == 0, "no run was made");
    /* A run made inside the script's own transaction that it rolled back is made again. */
    check(sqlite3_exec(store_db(s), "BEGIN", NULL, NULL, NULL) == SQLITE_OK, "begin");
    check(save(s, &ACTORS, &run, doc, hash, NULL, 0, NULL) == PARLEY_OK && run == 1, "in a transaction");
    check(sqlite3_exec(store_db(s), "ROLLBACK", NULL, NULL, NULL) == SQLITE_OK, "rollback");
    check(save(s, &ACTORS, &run, doc, hash, NULL, 0, NULL) == PARLEY_OK, "after: %s", store_errmsg(s));
    check(q_int(store_db(s), "SELECT count(*) FROM run_docs") == 1, "recorded under a new run");
    store_close(s);
    s = open_ok(":memory:", STORE_READONLY);
    if (!s)
        return;
    check(save(s, &ACTORS, &run, 1, hash, NULL, 0, NULL) == PARLEY_EREADONLY, "read-only");
    check(store_finish_run(s, 1) == PARLEY_EREADONLY, "read-only finish");
    store_close(s);
}

/* What parley 0.1 wrote: schema 1, frozen here so the step 1 -> 2 stays tested. */
static const char SCHEMA_1[] =
    "CREATE TABLE documents(id INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE,"
    " date TEXT, source TEXT, title TEXT, lang TEXT, origin TEXT, encoding TEXT,"
    " replaced INTEGER NOT NULL DEFAULT 0, bytes INTEGER NOT NULL, chars INTEGER NOT NULL,"
    " lines INTEGER NOT NULL, text TEXT NOT NULL, meta TEXT, offset_map BLOB,"
    " added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));"
    "CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents',"
    " content_rowid='id', tokenize='unicode61 remove_diacritics 2');"
    "CREATE TABLE runs(id INTEGER PRIMARY KEY, script TEXT NOT NULL, script_hash TEXT,"
    " engine_version TEXT, args TEXT, started_at TEXT NOT NULL, finished_at TEXT);"
    "CREATE TABLE annotations(id INTEGER PRIMARY KEY,"
    " doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " label TEXT NOT NULL, start INTEGER NOT NULL, stop INTEGER NOT NULL, attrs TEXT, rule TEXT,"
    " run INTEGER REFERENCES runs(id) ON DELETE CASCADE);"
    "CREATE INDEX annotations_doc ON annotations(doc);"
    "INSERT INTO documents(id, hash, bytes, chars, lines, text) VALUES (1, 'h', 5, 5, 1, 'Baku.');"
    "INSERT INTO runs(id, script, started_at) VALUES (4, 'old.lua', '2025-01-01T00:00:00Z');"
    "INSERT INTO annotations(id, doc, label, start, stop, run) VALUES (9, 1, 'PLACE', 1, 4, 4);"
    "PRAGMA application_id = 1347570777; PRAGMA user_version = 1;";

static void test_migration_from_1(void)
{
    char path[256], buf[64];
    const char *base = getenv("TMPDIR");
    sqlite3 *raw;
    parley_store *s;

    snprintf(path, sizeof path, "%s/parley-runs-%d.db", base && *base ? base : "/tmp", (int)getpid());
    unlink(path);
    check(sqlite3_open(path, &raw) == SQLITE_OK &&
          sqlite3_exec(raw, SCHEMA_1, NULL, NULL, NULL) == SQLITE_OK, "schema 1: %s", sqlite3_errmsg(raw));
    sqlite3_close(raw);
    if (!(s = open_ok(path, 0)))
        return;
    sqlite3 *db = store_db(s);
    check(q_int(db, "PRAGMA user_version") == STORE_SCHEMA_VERSION, "migrated");
    check(strcmp(q_text(db, "SELECT label || id || run FROM annotations", buf, sizeof buf), "PLACE94") == 0,
          "the annotation kept its id and run: %s", buf);
    check(q_int(db, "SELECT count(*) FROM sqlite_schema WHERE name IN ('replaced_annotations',"
                    " 'run_docs', 'all_annotations', 'annotations_doc', 'annotations_label',"
                    " 'annotations_run', 'runs_script', 'annotations_v2')") == 7, "new objects");
    check(q_int(db, "SELECT count(*) FROM sqlite_schema WHERE sql LIKE '%AUTOINCREMENT%'") == 1,
          "annotations ids are never reused");
    store_close(s);
    unlink(path);
}

int main(void)
{
    test_first_save();
    test_replace();
    test_refusals();
    test_migration_from_1();
    return check_report("store_runs");
}
