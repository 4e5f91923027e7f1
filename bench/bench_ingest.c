/* bench_ingest.c: loading and storing with FTS5 (parley's store path) against raw SQLite inserts + FTS5. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "bench.h"
#include "ingest.h"
#include "loader.h"
#include "offset_map.h"
#include "parley.h"
#include "store.h"

/*
 * bench_ingest parley|raw CORPUS REPEAT DB
 * bench_ingest jsonl CORPUS REPEAT DIR
 *
 * Both sides stream the corpus REPEAT times into a new database in one
 * transaction; copies after the first get "[copy N]" appended, since parley
 * keeps one copy of identical texts. The time runs until the database is
 * closed (commit and checkpoint included).
 *
 * parley: read_whole_file + load_bytes_owned + store_add_document, between
 *         store_begin and store_commit: the store path of `parley ingest`
 *         without the Lua metadata rules (the CLI rows have those).
 * raw:    a plain read, then INSERT of the text into a table and into an
 *         external-content FTS5 index with the same tokenizer (unicode61
 *         remove_diacritics 2), WAL and synchronous=NORMAL as parley uses.
 * jsonl:  writes the repeated corpus as DIR/copy-NNN.jsonl, one {"text"}
 *         object per line, for `parley ingest --jsonl` (not timed).
 * size:   prints "DOCS<TAB>BYTES" of one pass (for run.sh; the last two
 *         arguments are ignored).
 */

static void remove_db(const char *path)
{
    char aux[4200];
    unlink(path);
    snprintf(aux, sizeof aux, "%s-wal", path);
    unlink(aux);
    snprintf(aux, sizeof aux, "%s-shm", path);
    unlink(aux);
}

/* Document i of a pass, as parley reads it, made unique for repetition rep. */
static int read_doc(const bench_corpus *c, size_t i, unsigned rep, int parley, char **buf, size_t *len)
{
    int rc = parley && c->paths[i] ? read_whole_file(c->paths[i], buf, len)
                                   : bench_corpus_read(c, i, buf, len);
    if (rc == 0 && bench_make_unique(buf, len, rep) < 0) {
        free(*buf);
        return -1;
    }
    return rc;
}

/* ---- parley ---- */

static int store_one(parley_store *store, const bench_corpus *c, size_t i, char *buf, size_t len,
                     size_t *added)
{
    load_result r;
    if (load_bytes_owned(buf, len, 0, &r) != PARLEY_OK)
        return 0;   /* refused by the loader, as ingest would */
    unsigned char *blob = NULL;
    size_t blob_len = 0;
    if (r.map && offmap_serialize(r.map, &blob, &blob_len) < 0)
        return -1;
    store_doc d = {.text = r.text, .len = r.len, .origin = c->paths[i] ? c->paths[i] : "-",
                   .offset_map = blob, .offset_map_len = blob_len, .encoding = r.encoding,
                   .replaced = r.replaced};
    long long id;
    int was_added = 0;
    int rc = store_add_document(store, &d, &id, &was_added);
    *added += (size_t)was_added;
    free(blob);
    load_result_free(&r);
    return rc;
}

static int run_parley(const bench_corpus *c, unsigned repeat, const char *db, size_t *added)
{
    char err[512];
    parley_store *store;
    if (store_open(db, STORE_CREATE, &store, err, sizeof err) < 0 || store_begin(store) < 0) {
        fprintf(stderr, "bench_ingest: %s\n", err);
        return -1;
    }
    for (unsigned rep = 0; rep < repeat; rep++)
        for (size_t i = 0; i < c->ndocs; i++) {
            char *buf;
            size_t len;
            if (read_doc(c, i, rep, 1, &buf, &len) < 0 || store_one(store, c, i, buf, len, added) < 0) {
                fprintf(stderr, "bench_ingest: %s\n", store_errmsg(store));
                return -1;
            }
        }
    int rc = store_commit(store);
    store_close(store);
    return rc;
}

/* ---- raw SQLite ---- */

static const char raw_schema[] =
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
    "CREATE TABLE docs(id INTEGER PRIMARY KEY, text TEXT NOT NULL);"
    "CREATE VIRTUAL TABLE docs_fts USING fts5(text, content='docs', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 2');";

static int run_raw(const bench_corpus *c, unsigned repeat, const char *db, size_t *added)
{
    sqlite3 *h;
    sqlite3_stmt *doc = NULL, *fts = NULL;
    if (sqlite3_open(db, &h) != SQLITE_OK || sqlite3_exec(h, raw_schema, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(h, "INSERT INTO docs(text) VALUES (?1)", -1, &doc, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(h, "INSERT INTO docs_fts(rowid, text) VALUES (?1, ?2)", -1, &fts, NULL) != SQLITE_OK ||
        sqlite3_exec(h, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench_ingest: %s\n", sqlite3_errmsg(h));
        return -1;
    }
    for (unsigned rep = 0; rep < repeat; rep++)
        for (size_t i = 0; i < c->ndocs; i++) {
            char *buf;
            size_t len;
            if (read_doc(c, i, rep, 0, &buf, &len) < 0)
                return -1;
            sqlite3_bind_text64(doc, 1, buf, len, SQLITE_STATIC, SQLITE_UTF8);
            int rc = sqlite3_step(doc);
            sqlite3_reset(doc);
            sqlite3_bind_int64(fts, 1, sqlite3_last_insert_rowid(h));
            sqlite3_bind_text64(fts, 2, buf, len, SQLITE_STATIC, SQLITE_UTF8);
            if (rc == SQLITE_DONE)
                rc = sqlite3_step(fts);
            sqlite3_reset(fts);
            free(buf);
            if (rc != SQLITE_DONE) {
                fprintf(stderr, "bench_ingest: %s\n", sqlite3_errmsg(h));
                return -1;
            }
            (*added)++;
        }
    int rc = sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);
    sqlite3_finalize(doc);
    sqlite3_finalize(fts);
    sqlite3_close(h);
    return rc == SQLITE_OK ? 0 : -1;
}

/* ---- the repeated corpus as JSON Lines ---- */

static int write_jsonl(const bench_corpus *c, unsigned repeat, const char *dir)
{
    for (unsigned rep = 0; rep < repeat; rep++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/copy-%03u.jsonl", dir, rep);
        FILE *f = fopen(path, "w");
        if (!f) {
            perror(path);
            return -1;
        }
        for (size_t i = 0; i < c->ndocs; i++) {
            char *buf;
            size_t len;
            if (read_doc(c, i, rep, 0, &buf, &len) < 0)
                return -1;
            json_t *obj = json_pack("{s:s%}", "text", buf, len);
            if (!obj || json_dumpf(obj, f, JSON_COMPACT) < 0)
                return -1;
            fputc('\n', f);
            json_decref(obj);
            free(buf);
        }
        if (fclose(f) != 0)
            return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *usage = "bench_ingest parley|raw|jsonl|size CORPUS REPEAT DB|DIR|-";
    if (argc != 5)
        bench_usage(usage);
    int which = strcmp(argv[1], "parley") == 0 ? 0 : strcmp(argv[1], "raw") == 0 ? 1
              : strcmp(argv[1], "jsonl") == 0 ? 2 : strcmp(argv[1], "size") == 0 ? 3 : -1;
    unsigned repeat = atoi(argv[3]) > 0 ? (unsigned)atoi(argv[3]) : 1;
    if (which < 0)
        bench_usage(usage);
    bench_corpus c;
    if (bench_corpus_open(&c, argv[2]) < 0)
        return 1;
    if (which == 2)
        return write_jsonl(&c, repeat, argv[4]) < 0 ? 1 : 0;
    if (which == 3) {
        printf("%zu\t%zu\n", c.ndocs, c.bytes);
        return 0;
    }
    remove_db(argv[4]);
    size_t added = 0;
    double t0 = bench_now(), c0 = bench_cpu_now();
    int rc = which == 0 ? run_parley(&c, repeat, argv[4], &added) : run_raw(&c, repeat, argv[4], &added);
    double secs = bench_now() - t0, cpu = bench_cpu_now() - c0;
    if (rc < 0)
        return 1;
    char name[96], extra[128];
    bench_corpus_name(&c, repeat, name, sizeof name);
    snprintf(extra, sizeof extra, "added=%zu", added);
    bench_result("ingest", name, which == 0 ? "parley" : "raw SQLite + FTS5", (double)c.bytes * repeat,
                 c.ndocs * repeat, secs, cpu, extra);
    remove_db(argv[4]);
    bench_corpus_free(&c);
    return 0;
}
