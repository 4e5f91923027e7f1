/* test_store_guard.c: store_guard refuses writes and outside files by name, and can be lifted. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "parley.h"
#include "store.h"

/* The result of preparing and running sql; on refusal, what the guard names in *what. */
static int run_sql(parley_store *s, const char *sql)
{
    return sqlite3_exec(store_db(s), sql, NULL, NULL, NULL);
}

static void add(parley_store *s, const char *text, int expect)
{
    store_doc d = {.text = text, .len = strlen(text)};
    long long id;
    int added, rc = store_add_document(s, &d, &id, &added);
    check((rc == PARLEY_OK) == expect, "store_add_document(%s) returned %d", text, rc);
}

static void expect_refused(parley_store *s, const char *sql, int guard, const char *named)
{
    const char *what = NULL;
    int rc = run_sql(s, sql);
    check(rc == SQLITE_AUTH, "%s: expected SQLITE_AUTH, got %d", sql, rc);
    check(store_refusal(s, &what) == guard, "%s: refused by guard %d", sql, store_refusal(s, &what));
    check(what && strcmp(what, named) == 0, "%s: refusal names '%s', expected '%s'", sql, what, named);
}

int main(void)
{
    parley_store *s;
    char err[256];
    check(store_open(":memory:", STORE_CREATE, &s, err, sizeof err) == PARLEY_OK, "open: %s", err);
    add(s, "before the guard", 1);

    check(store_guard(s, STORE_GUARD_WRITES | STORE_GUARD_OUTSIDE) == PARLEY_OK, "guard");
    check(store_guards(s) == (STORE_GUARD_WRITES | STORE_GUARD_OUTSIDE), "guards reported");
    expect_refused(s, "DROP TABLE documents", STORE_GUARD_WRITES, "DROP TABLE documents");
    expect_refused(s, "DELETE FROM documents", STORE_GUARD_WRITES, "DELETE FROM documents");
    expect_refused(s, "UPDATE documents SET title = 1", STORE_GUARD_WRITES, "UPDATE documents");
    expect_refused(s, "CREATE TABLE t(a)", STORE_GUARD_WRITES, "CREATE TABLE t");
    expect_refused(s, "ALTER TABLE documents ADD COLUMN z", STORE_GUARD_WRITES, "ALTER TABLE documents");
    expect_refused(s, "ATTACH 'x.db' AS x", STORE_GUARD_OUTSIDE, "ATTACH x.db");
    expect_refused(s, "VACUUM", STORE_GUARD_OUTSIDE, "VACUUM");
    expect_refused(s, "PRAGMA query_only = 0", STORE_GUARD_OUTSIDE, "PRAGMA query_only = 0");
    check(run_sql(s, "SELECT count(*) FROM documents") == SQLITE_OK, "reading is allowed");
    check(run_sql(s, "PRAGMA table_info(documents)") == SQLITE_OK, "schema questions are allowed");
    check(run_sql(s, "PRAGMA integrity_check") == SQLITE_OK, "integrity_check is allowed");
    /* Our own INSERT was prepared before the guard; query_only stops it all the same. */
    add(s, "under the guard", 0);

    check(store_guard(s, STORE_GUARD_OUTSIDE) == PARLEY_OK, "writes allowed again");
    add(s, "writes allowed", 1);
    check(run_sql(s, "DELETE FROM documents WHERE id = 1") == SQLITE_OK, "DELETE with writes allowed");
    expect_refused(s, "DETACH main", STORE_GUARD_OUTSIDE, "DETACH main");

    check(store_guard(s, 0) == PARLEY_OK, "no guard");
    check(run_sql(s, "PRAGMA user_version = 1") == SQLITE_OK, "settings allowed without a guard");
    store_close(s);
    return check_report("store_guard");
}
