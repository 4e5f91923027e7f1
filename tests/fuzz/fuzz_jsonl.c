/* fuzz_jsonl.c: JSON Lines ingest into an in-memory corpus: every stored document whole and sound. */
#include <fcntl.h>
#include <jansson.h>
#include <lua.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "ingest.h"
#include "parley.h"
#include "runtime.h"
#include "store.h"
#include "unitext.h"

#define ORIGIN "fuzz.jsonl"

static lua_State *L;
static parley_store *store;
static int devnull = -1;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    runtime_opts ro = {0};
    char err[256];
    L = runtime_new(&ro);
    PROPERTY(L != NULL, "cannot create the Lua runtime");
    PROPERTY(store_open(":memory:", STORE_CREATE, &store, err, sizeof err) == 0, "%s", err);
    devnull = open("/dev/null", O_WRONLY);
    return 0;
}

/* Lines ingest_jsonl treats as documents: not empty or blank, after a BOM and CRs. */
static size_t document_lines(const char *s, size_t n)
{
    size_t count = 0;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        s += 3, n -= 3;
    for (const char *p = s, *end = s + n; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        size_t len = (size_t)(stop - p);
        if (len > 0 && p[len - 1] == '\r')
            len--;
        size_t blank = 0;
        while (blank < len && (p[blank] == ' ' || p[blank] == '\t'))
            blank++;
        count += blank < len;
        p = stop + 1;
    }
    return count;
}

static long long query_int(const char *sql)
{
    sqlite3_stmt *st;
    PROPERTY(sqlite3_prepare_v2(store_db(store), sql, -1, &st, NULL) == SQLITE_OK, "%s", sql);
    PROPERTY(sqlite3_step(st) == SQLITE_ROW, "%s", sql);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void check_row(sqlite3_stmt *st)
{
    const char *text = (const char *)sqlite3_column_text(st, 1);
    size_t len = (size_t)sqlite3_column_bytes(st, 1);
    char hash[65], *nfc;
    PROPERTY(utf8_valid_prefix(text, len) == len, "stored text is not valid UTF-8");
    PROPERTY(len > 0 && !memchr(text, '\r', len) && !memchr(text, '\0', len), "stored text has CR or NUL");
    ptrdiff_t n = text_normalize(text, len, TEXT_NFC, &nfc);
    PROPERTY(n == (ptrdiff_t)len && memcmp(nfc, text, len) == 0, "stored text is not NFC");
    free(nfc);
    store_content_hash(text, len, hash);
    PROPERTY(strcmp(hash, (const char *)sqlite3_column_text(st, 0)) == 0, "hash is not the text's");
    PROPERTY(sqlite3_column_int64(st, 3) == (long long)len, "bytes column wrong");
    PROPERTY(sqlite3_column_int64(st, 4) == (long long)text_count(text, len), "chars column wrong");
    if (sqlite3_column_type(st, 2) != SQLITE_NULL) {
        json_t *meta = json_loads((const char *)sqlite3_column_text(st, 2), 0, NULL);
        PROPERTY(json_is_object(meta), "meta is not a JSON object");
        json_decref(meta);
    }
}

static void check_store(void)
{
    sqlite3_stmt *st;
    PROPERTY(sqlite3_prepare_v2(store_db(store), "SELECT hash, text, meta, bytes, chars FROM documents",
                                -1, &st, NULL) == SQLITE_OK, "select documents");
    while (sqlite3_step(st) == SQLITE_ROW)
        check_row(st);
    sqlite3_finalize(st);
    PROPERTY(sqlite3_exec(store_db(store), "INSERT INTO documents_fts(documents_fts) VALUES('integrity-check')",
                          NULL, NULL, NULL) == SQLITE_OK, "FTS index out of step: %s",
             sqlite3_errmsg(store_db(store)));
}

/* One ingest with stderr silenced (--skip-bad reports every bad line there). */
static int ingest(const uint8_t *data, size_t size, const ingest_opts *opts, ingest_stats *st,
                  char *err, size_t errsize)
{
    char *buf = malloc(size + 1);
    memcpy(buf, data, size);
    int saved = dup(STDERR_FILENO);
    dup2(devnull, STDERR_FILENO);
    int rc = ingest_buffer(L, store, opts, ORIGIN, buf, size, st, err, errsize);
    dup2(saved, STDERR_FILENO);
    close(saved);
    return rc;
}

static void run_once(const uint8_t *data, size_t size, int skip_bad)
{
    ingest_opts opts = {.jsonl = 1, .quiet = 1, .skip_bad = skip_bad, .repair = skip_bad};
    ingest_stats st = {0};
    char err[1024];
    int top = lua_gettop(L);
    int rc = ingest(data, size, &opts, &st, err, sizeof err);
    PROPERTY(lua_gettop(L) == top, "ingest left %d values on the Lua stack", lua_gettop(L) - top);
    long long count = query_int("SELECT count(*) FROM documents");
    if (rc < 0) {
        PROPERTY(strncmp(err, ORIGIN, strlen(ORIGIN)) == 0, "message does not name the input: %s", err);
        PROPERTY(!strchr(err, '\n'), "message is not one line: %s", err);
        PROPERTY(skip_bad || count == 0, "a failed ingest kept %lld documents", count);
    } else {
        size_t lines = document_lines((const char *)data, size);
        PROPERTY(st.added + st.duplicates + st.refused == lines, "%zu + %zu + %zu lines counted, %zu exist",
                 st.added, st.duplicates, st.refused, lines);
        PROPERTY((long long)st.added == count, "added %zu, stored %lld", st.added, count);
    }
    PROPERTY(!skip_bad || rc == 0, "--skip-bad failed: %s", err);
    check_store();
    PROPERTY(sqlite3_exec(store_db(store), "DELETE FROM documents", NULL, NULL, NULL) == SQLITE_OK,
             "cleanup");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    run_once(data, size, 0);
    run_once(data, size, 1);
    lua_gc(L, LUA_GCCOLLECT);   /* as in fuzz_loader.c: garbage is not a leak */
    return 0;
}
