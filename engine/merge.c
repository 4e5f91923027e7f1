/* merge.c: merge shard corpora into one: documents by content hash, runs and annotations remapped with their provenance. */
#include "merge.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "parley.h"

/*
 * The work is set-based SQL on the output's connection with the shard
 * ATTACHed: two temporary tables map the shard's document and run ids to
 * the output's, and the annotations are copied through them. Documents
 * are matched by hash (their identity everywhere in parley); a run or an
 * annotation is "already there" when every column is equal (NULLs equal),
 * which is what makes merging the same shard twice a no-op.
 */

static const char MAP_TABLES[] =
    "CREATE TEMP TABLE IF NOT EXISTS merge_docs(old INTEGER PRIMARY KEY, new INTEGER NOT NULL);"
    "CREATE TEMP TABLE IF NOT EXISTS merge_runs(old INTEGER PRIMARY KEY, new INTEGER NOT NULL,"
    " fresh INTEGER NOT NULL);"
    "DELETE FROM merge_docs; DELETE FROM merge_runs;";

#define DOC_COLUMNS "hash, date, source, title, lang, origin, encoding, replaced, bytes, chars, lines," \
                    " text, meta, offset_map, added_at"

/* New documents first, in the shard's order, so their ids follow it; then every shard id's match. */
static const char ADD_DOCS[] =
    "INSERT INTO main.documents(" DOC_COLUMNS ")"
    " SELECT " DOC_COLUMNS " FROM shard.documents s"
    " WHERE NOT EXISTS (SELECT 1 FROM main.documents d WHERE d.hash = s.hash) ORDER BY s.id";
static const char MAP_DOCS[] =
    "INSERT INTO merge_docs(old, new)"
    " SELECT s.id, d.id FROM shard.documents s JOIN main.documents d ON d.hash = s.hash";

#define SAME_RUN "m.script IS r.script AND m.script_hash IS r.script_hash AND" \
                 " m.engine_version IS r.engine_version AND m.args IS r.args AND" \
                 " m.started_at IS r.started_at AND m.finished_at IS r.finished_at"

static const char MAP_PRESENT_RUNS[] =
    "INSERT INTO merge_runs(old, new, fresh)"
    " SELECT r.id, min(m.id), 0 FROM shard.runs r JOIN main.runs m ON " SAME_RUN " GROUP BY r.id";
/* Fresh runs get explicit ids above the output's largest, in the shard's order. */
static const char MAP_FRESH_RUNS[] =
    "INSERT INTO merge_runs(old, new, fresh)"
    " SELECT r.id, (SELECT coalesce(max(id), 0) FROM main.runs) + row_number() OVER (ORDER BY r.id), 1"
    " FROM shard.runs r WHERE r.id NOT IN (SELECT old FROM merge_runs)";
static const char ADD_RUNS[] =
    "INSERT INTO main.runs(id, script, script_hash, engine_version, args, started_at, finished_at)"
    " SELECT m.new, r.script, r.script_hash, r.engine_version, r.args, r.started_at, r.finished_at"
    " FROM shard.runs r JOIN merge_runs m ON m.old = r.id WHERE m.fresh ORDER BY r.id";

static const char ADD_NOTES[] =
    "INSERT INTO main.annotations(doc, label, start, stop, attrs, rule, run)"
    " SELECT d.new, a.label, a.start, a.stop, a.attrs, a.rule, r.new"
    " FROM shard.annotations a JOIN merge_docs d ON d.old = a.doc LEFT JOIN merge_runs r ON r.old = a.run"
    " WHERE NOT EXISTS (SELECT 1 FROM main.annotations x WHERE x.doc = d.new AND x.label = a.label"
    "  AND x.start = a.start AND x.stop = a.stop AND x.attrs IS a.attrs AND x.rule IS a.rule"
    "  AND x.run IS r.new)"
    " ORDER BY a.id";

typedef struct {
    sqlite3 *db;
    const char *shard;
    char *err;
    size_t errsize;
} merge_ctx;

static int db_fail(merge_ctx *m, const char *doing)
{
    snprintf(m->err, m->errsize, "%s: %s: %s", m->shard, doing, sqlite3_errmsg(m->db));
    return PARLEY_EDB;
}

/* Run one statement; *changes gets the rows it wrote itself (not its triggers'). */
static int exec_count(merge_ctx *m, const char *sql, const char *doing, size_t *changes)
{
    if (sqlite3_exec(m->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(m, doing);
    if (changes)
        *changes = (size_t)sqlite3_changes(m->db);
    return PARLEY_OK;
}

/* The one integer a query returns. */
static int query_count(merge_ctx *m, const char *sql, size_t *out)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(m->db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
        *out = (size_t)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? PARLEY_OK : db_fail(m, "counting");
}

/* The copy itself; the caller holds the transaction. */
static int copy_shard(merge_ctx *m, merge_stats *st)
{
    size_t total = 0, runs = 0, notes = 0, added = 0, present = 0;
    int rc;
    if ((rc = exec_count(m, MAP_TABLES, "preparing", NULL)) < 0 ||
        (rc = query_count(m, "SELECT count(*) FROM shard.documents", &total)) < 0 ||
        (rc = exec_count(m, ADD_DOCS, "copying documents", &added)) < 0 ||
        (rc = exec_count(m, MAP_DOCS, "matching documents", NULL)) < 0)
        return rc;
    st->docs_added += added;
    st->docs_present += total - added;
    if ((rc = exec_count(m, MAP_PRESENT_RUNS, "matching runs", &present)) < 0 ||
        (rc = exec_count(m, MAP_FRESH_RUNS, "numbering runs", NULL)) < 0 ||
        (rc = exec_count(m, ADD_RUNS, "copying runs", &runs)) < 0)
        return rc;
    st->runs_added += runs;
    st->runs_present += present;
    if ((rc = query_count(m, "SELECT count(*) FROM shard.annotations", &total)) < 0 ||
        (rc = exec_count(m, ADD_NOTES, "copying annotations", &notes)) < 0)
        return rc;
    st->notes_added += notes;
    st->notes_present += total - notes;
    return PARLEY_OK;
}

/* Refuse what is not a parley corpus of this schema, and the output itself. */
static int check_shard(parley_store *out, const char *path, char *err, size_t errsize)
{
    parley_store *shard;
    int rc = store_open(path, STORE_READONLY, &shard, err, errsize);
    if (rc < 0)
        return rc;
    store_close(shard);
    struct stat a, b;
    if (stat(path, &a) == 0 && stat(store_path(out), &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
        snprintf(err, errsize, "%s: is the output corpus itself", path);
        return PARLEY_EIO;
    }
    return PARLEY_OK;
}

static int attach(merge_ctx *m)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(m->db, "ATTACH DATABASE ?1 AS shard", -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(st, 1, m->shard, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? PARLEY_OK : db_fail(m, "attaching");
}

int store_merge(parley_store *out, const char *shard_path, merge_stats *stats, char *err, size_t errsize)
{
    merge_ctx m = {store_db(out), shard_path, err, errsize};
    merge_stats st = {0};
    int rc = check_shard(out, shard_path, err, errsize);
    if (rc < 0 || (rc = attach(&m)) < 0)
        return rc;
    if (store_begin(out) < 0) {
        snprintf(err, errsize, "%s", store_errmsg(out));
        rc = PARLEY_EDB;
    } else if ((rc = copy_shard(&m, &st)) < 0) {
        store_rollback(out);
    } else if (store_commit(out) < 0) {
        snprintf(err, errsize, "%s", store_errmsg(out));
        store_rollback(out);
        rc = PARLEY_EDB;
    }
    sqlite3_exec(m.db, "DETACH DATABASE shard", NULL, NULL, NULL);
    if (rc < 0)
        return rc;
    stats->docs_added += st.docs_added;
    stats->docs_present += st.docs_present;
    stats->runs_added += st.runs_added;
    stats->runs_present += st.runs_present;
    stats->notes_added += st.notes_added;
    stats->notes_present += st.notes_present;
    return PARLEY_OK;
}
