/* ingest.c: read files, directories, stdin and JSONL, resolve metadata in Lua, store documents. */
#include "ingest.h"
#include "ingest_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <lauxlib.h>

#include "json_fast.h"
#include "lua_api.h"
#include "parley.h"
#include "runtime.h"

/* The metadata rules see this much of the text: enough for any prefix. */
#define META_HEAD_BYTES 4096
/* With --skip-bad, commit every this many documents or bytes. */
#define CHUNK_DOCS 1000
#define CHUNK_BYTES (64u << 20)

/* ---- reading ---- */

static int read_stream(FILE *f, char **data, size_t *len)
{
    size_t cap = 1 << 16, used = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        used += fread(buf + used, 1, cap - used, f);
        if (used < cap)
            break;
        char *grown = realloc(buf, cap * 2 + 1);
        if (!grown) {
            free(buf);
            buf = NULL;
            errno = ENOMEM;
            break;
        }
        buf = grown;
        cap *= 2;
    }
    if (!buf || ferror(f)) {
        free(buf);
        return -1;
    }
    buf[used] = '\0';
    *data = buf;
    *len = used;
    return 0;
}

/*
 * Read fd to its end into a malloc'd buffer with one spare byte. size is the
 * size fstat gave a regular file, 0 when unknown. Ingesting a directory opens
 * thousands of small files, so a regular file costs one read of size + 1
 * bytes: a short read that reaches the size fstat gave is the end of the file
 * (POSIX: a regular file reads short only at its end or on a signal), and the
 * file is taken as it was then, as any open/fstat/read program takes it.
 * Files of unknown size (pipes, /proc, which also read short mid-way) are
 * read until read returns 0; so is a regular file that reads short before
 * reaching its size, or that grew past it.
 */
static int read_fd(int fd, size_t size, char **data, size_t *len)
{
    size_t cap = size ? size + 1 : (size_t)1 << 16, used = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        if (used == cap) {
            char *grown = realloc(buf, cap * 2 + 1);
            if (!grown)
                break;
            buf = grown;
            cap *= 2;
        }
        ssize_t n = read(fd, buf + used, cap - used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            free(buf);
            return -1;
        }
        used += (size_t)n;
        if (n == 0 || (size && used >= size && used < cap)) {
            buf[used] = '\0';
            *data = buf;
            *len = used;
            return 0;
        }
    }
    free(buf);
    errno = ENOMEM;
    return -1;
}

int read_whole_file(const char *path, char **data, size_t *len)
{
    if (strcmp(path, "-") == 0)
        return read_stream(stdin, data, len);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    int rc = fstat(fd, &st);
    if (rc == 0 && S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        rc = -1;
    } else if (rc == 0) {
        rc = read_fd(fd, S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size : 0, data, len);
    }
    int saved = errno;
    close(fd);
    errno = saved;
    return rc;
}

/* ---- metadata (Lua rules) ---- */

static char *dup_field(lua_State *L, int table, const char *name)
{
    lua_getfield(L, table, name);
    const char *s = lua_isstring(L, -1) ? lua_tostring(L, -1) : NULL;
    char *copy = s ? strdup(s) : NULL;
    lua_pop(L, 1);
    return copy;
}

static void push_options(lua_State *L, const ingest_opts *opts)
{
    lua_createtable(L, 0, 3);
    if (opts->date) {
        lua_pushstring(L, opts->date);
        lua_setfield(L, -2, "date");
    }
    if (opts->source) {
        lua_pushstring(L, opts->source);
        lua_setfield(L, -2, "source");
    }
    if (opts->title) {
        lua_pushstring(L, opts->title);
        lua_setfield(L, -2, "title");
    }
}

/* Length of the head passed to Lua: at most META_HEAD_BYTES, cut on a character boundary. */
static size_t head_length(const char *text, size_t len)
{
    if (len <= META_HEAD_BYTES)
        return len;
    size_t n = META_HEAD_BYTES;
    while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* Call meta.resolve(head, info); leaves its result table on the stack. */
static void resolve_metadata(lua_State *L, const char *origin, const prepared_doc *doc,
                             const ingest_opts *opts, int fields)
{
    lua_getglobal(L, "require");
    lua_pushstring(L, "parley.meta");
    lua_call(L, 1, 1);
    lua_getfield(L, -1, "resolve");
    lua_remove(L, -2);
    lua_pushlstring(L, doc->loaded.text, head_length(doc->loaded.text, doc->loaded.len));
    lua_createtable(L, 0, 3);
    lua_pushstring(L, origin);
    lua_setfield(L, -2, "origin");
    push_options(L, opts);
    lua_setfield(L, -2, "options");
    if (fields) {
        lua_pushvalue(L, fields);
        lua_setfield(L, -2, "fields");
    }
    lua_call(L, 2, 1);
    if (!lua_istable(L, -1))
        luaL_error(L, "parley.meta.resolve must return a table, got %s", luaL_typename(L, -1));
}

static int apply_metadata(lua_State *L, prepared_doc *doc)
{
    int t = lua_gettop(L);
    lua_getfield(L, t, "skip");
    lua_Integer skip = lua_isinteger(L, -1) ? lua_tointeger(L, -1) : 0;
    lua_pop(L, 1);
    if (skip < 0 || (size_t)skip > doc->loaded.len)
        luaL_error(L, "parley.meta.resolve: skip %d is outside the text", (int)skip);
    doc->text = doc->loaded.text + skip;
    doc->len = doc->loaded.len - (size_t)skip;
    if (skip > 0) {
        doc->loaded.map = offmap_drop_prefix(doc->loaded.map, (size_t)skip);
        if (!doc->loaded.map)
            return PARLEY_ENOMEM;
    }
    doc->date = dup_field(L, t, "date");
    doc->source = dup_field(L, t, "source");
    doc->title = dup_field(L, t, "title");
    doc->lang = dup_field(L, t, "lang");
    lua_getfield(L, t, "meta");
    if (lua_istable(L, -1) && (lua_pushnil(L), lua_next(L, -2))) {
        lua_pop(L, 2);
        json_push_encoded(L, -1);
        doc->meta_json = strdup(lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    lua_pop(L, 2);
    return PARLEY_OK;
}

/* A copy of the table at index without the keys that are options, not metadata. */
int push_metadata_fields(lua_State *L, int index)
{
    lua_newtable(L);
    lua_pushnil(L);
    while (lua_next(L, index)) {
        const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "";
        if (strcmp(k, "repair") != 0 && strcmp(k, "origin") != 0) {
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_settable(L, -4);
        } else {
            lua_pop(L, 1);
        }
    }
    return lua_gettop(L);
}

/* ---- preparing one document ---- */

void prepared_doc_free(prepared_doc *doc)
{
    load_result_free(&doc->loaded);
    free(doc->date);
    free(doc->source);
    free(doc->title);
    free(doc->lang);
    free(doc->meta_json);
    memset(doc, 0, sizeof *doc);
}

static void describe_load_error(int rc, const char *origin, const load_result *r, char *err,
                                size_t errsize)
{
    char what[256];
    load_describe_error(rc, r, what, sizeof what);
    if (rc == PARLEY_EEMPTY)
        snprintf(err, errsize, "%s: %s", origin, what);
    else
        snprintf(err, errsize, "%s:%zu:%zu: %s", origin, r->err_line, r->err_col, what);
}

typedef struct {
    const char *origin;
    const ingest_opts *opts;
    int fields;
    prepared_doc *doc;
    int rc;
} metadata_call;

/* Runs under lua_pcall so that an error in an analyst's metadata rule cannot unwind C frames. */
static int metadata_protected(lua_State *L)
{
    metadata_call *call = lua_touserdata(L, 1);
    resolve_metadata(L, call->origin, call->doc, call->opts, lua_istable(L, 2) ? 2 : 0);
    call->rc = apply_metadata(L, call->doc);
    return 0;
}

static int run_metadata_rules(lua_State *L, metadata_call *call, char *err, size_t errsize)
{
    lua_pushcfunction(L, metadata_protected);
    lua_pushlightuserdata(L, call);
    if (call->fields)
        lua_pushvalue(L, call->fields);
    else
        lua_pushnil(L);
    if (runtime_pcall(L, 2, 0) != LUA_OK) {
        snprintf(err, errsize, "%s: metadata rules failed: %s", call->origin, lua_tostring(L, -1));
        lua_pop(L, 1);
        return PARLEY_ELUA;
    }
    if (call->rc < 0)
        snprintf(err, errsize, "%s: %s", call->origin, parley_errmsg(call->rc));
    return call->rc;
}

/* After loading: run the metadata rules and cut the prefix they report. */
static int finish_prepare(lua_State *L, const char *origin, int rc, const ingest_opts *opts,
                          int fields, prepared_doc *doc, char *err, size_t errsize)
{
    if (rc < 0) {
        describe_load_error(rc, origin, &doc->loaded, err, errsize);
        load_result_free(&doc->loaded);
        return rc;
    }
    metadata_call call = {origin, opts, fields ? lua_absindex(L, fields) : 0, doc, PARLEY_OK};
    rc = run_metadata_rules(L, &call, err, errsize);
    if (rc == PARLEY_OK && doc->len == 0) {
        snprintf(err, errsize, "%s: empty document (nothing after the metadata)", origin);
        rc = PARLEY_EEMPTY;
    }
    if (rc < 0)
        prepared_doc_free(doc);
    return rc;
}

int prepare_doc(lua_State *L, const char *origin, const char *bytes, size_t len,
                const ingest_opts *opts, int fields, prepared_doc *doc, char *err, size_t errsize)
{
    memset(doc, 0, sizeof *doc);
    int rc = load_bytes(bytes, len, opts->repair ? LOAD_REPAIR : 0, &doc->loaded);
    return finish_prepare(L, origin, rc, opts, fields, doc, err, errsize);
}

int prepare_doc_owned(lua_State *L, const char *origin, char *buf, size_t len,
                      const ingest_opts *opts, prepared_doc *doc, char *err, size_t errsize)
{
    memset(doc, 0, sizeof *doc);
    int rc = load_bytes_owned(buf, len, opts->repair ? LOAD_REPAIR : 0, &doc->loaded);
    return finish_prepare(L, origin, rc, opts, 0, doc, err, errsize);
}

/* ---- the list of inputs ---- */

static int list_push(input_list *list, const char *path, size_t size)
{
    if (list->len == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 64;
        char **paths = realloc(list->paths, cap * sizeof *paths);
        if (paths)
            list->paths = paths;
        size_t *sizes = realloc(list->sizes, cap * sizeof *sizes);
        if (sizes)
            list->sizes = sizes;
        if (!paths || !sizes)
            return -1;
        list->cap = cap;
    }
    list->paths[list->len] = strdup(path);
    if (!list->paths[list->len])
        return -1;
    list->sizes[list->len++] = size;
    list->total_bytes += size;
    return 0;
}

static void list_free(input_list *list)
{
    for (size_t i = 0; i < list->len; i++)
        free(list->paths[i]);
    free(list->paths);
    free(list->sizes);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int collect(input_list *list, const char *path, char *err, size_t errsize);

/* Directories are walked in name order so ids are reproducible; dotfiles are skipped. */
static int collect_dir(input_list *list, const char *path, char *err, size_t errsize)
{
    DIR *dir = opendir(path);
    if (!dir) {
        snprintf(err, errsize, "%s: %s", path, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    for (struct dirent *e; rc == 0 && (e = readdir(dir));) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **grown = realloc(names, cap * sizeof *names);
            if (!grown) { rc = -1; break; }
            names = grown;
        }
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        names[n] = malloc(len);
        if (!names[n]) { rc = -1; break; }
        snprintf(names[n++], len, "%s/%s", path, e->d_name);
    }
    closedir(dir);
    if (rc == 0)
        qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        if (rc == 0)
            rc = collect(list, names[i], err, errsize);
        free(names[i]);
    }
    free(names);
    if (rc < 0 && !*err)
        snprintf(err, errsize, "%s: out of memory", path);
    return rc;
}

static int collect(input_list *list, const char *path, char *err, size_t errsize)
{
    struct stat st;
    if (strcmp(path, "-") == 0)
        return list_push(list, path, 0);
    if (stat(path, &st) != 0) {
        snprintf(err, errsize, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode))
        return collect_dir(list, path, err, errsize);
    if (!S_ISREG(st.st_mode))
        return 0;
    return list_push(list, path, (size_t)st.st_size);
}

/* ---- progress ---- */

static double seconds_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static void progress_draw(const progress *p, int final)
{
    double secs = seconds_since(&p->start);
    double mb = (double)p->bytes_done / 1e6;
    double rate = secs > 0 ? mb / secs : 0;
    double left = rate > 0 ? ((double)p->bytes_total / 1e6 - mb) / rate : 0;
    fprintf(stderr, "\r\033[K%zu/%zu files  %.1f MB  %.1f MB/s  ETA %d:%02d", p->files_done,
            p->files_total, mb, rate, (int)left / 60, (int)left % 60);
    if (final)
        fputc('\n', stderr);
    fflush(stderr);
}

/* ---- storing ---- */

static int store_prepared(ingest_ctx *ctx, const char *origin, prepared_doc *doc)
{
    unsigned char *blob = NULL;
    size_t blob_len = 0;
    if (doc->loaded.map && offmap_serialize(doc->loaded.map, &blob, &blob_len) < 0) {
        snprintf(ctx->err, ctx->errsize, "%s: out of memory", origin);
        return -1;
    }
    store_doc in = {
        .text = doc->text, .len = doc->len, .date = doc->date, .source = doc->source,
        .title = doc->title, .lang = doc->lang, .origin = origin, .meta_json = doc->meta_json,
        .offset_map = blob, .offset_map_len = blob_len, .encoding = doc->loaded.encoding,
        .replaced = doc->loaded.replaced,
    };
    long long id;
    int added;
    int rc = store_add_document(ctx->store, &in, &id, &added);
    free(blob);
    if (rc < 0) {
        snprintf(ctx->err, ctx->errsize, "%s: %s", origin, store_errmsg(ctx->store));
        return -1;
    }
    if (added)
        ctx->stats->added++;
    else
        ctx->stats->duplicates++;
    ctx->stats->replaced += doc->loaded.replaced;
    if (!ctx->opts->quiet && doc->loaded.replaced > 0)
        fprintf(stderr, "parley: %s: replaced %zu invalid UTF-8 sequence%s with U+FFFD\n", origin,
                doc->loaded.replaced, doc->loaded.replaced == 1 ? "" : "s");
    ctx->chunk_docs++;
    ctx->chunk_bytes += doc->len;
    return 0;
}

/* A bad input: fatal unless --skip-bad, which reports it and goes on. */
static int refuse(ingest_ctx *ctx)
{
    ctx->stats->refused++;
    if (!ctx->opts->skip_bad)
        return -1;
    fprintf(stderr, "parley: %s (skipped)\n", ctx->err);
    ctx->err[0] = '\0';
    return 0;
}

static int ingest_bytes(ingest_ctx *ctx, const char *origin, const char *bytes, size_t len,
                        int fields)
{
    prepared_doc doc;
    if (prepare_doc(ctx->L, origin, bytes, len, ctx->opts, fields, &doc, ctx->err, ctx->errsize) < 0)
        return refuse(ctx);
    int rc = store_prepared(ctx, origin, &doc);
    prepared_doc_free(&doc);
    return rc;
}

/* Push the line's object, or fail with jansson's message; the caller checks "text". */
static int push_jsonl_object(lua_State *L, const char *origin, const char *line, size_t len, char *err,
                             size_t errsize)
{
    if (json_fast_push(L, line, len, 0))
        return 0;
    json_error_t error;
    json_t *obj = json_loadb(line, len, 0, &error);
    if (!obj) {
        snprintf(err, errsize, "%s:%d: invalid JSON: %s", origin, error.column, error.text);
        return -1;
    }
    json_push_value(L, obj);
    json_decref(obj);
    return 0;
}

int jsonl_push_line(lua_State *L, const char *origin, const char *line, size_t len, const char **text_out,
                    size_t *text_len, char *err, size_t errsize)
{
    if (push_jsonl_object(L, origin, line, len, err, errsize) < 0)
        return -1;
    int kind = lua_getfield(L, -1, "text");   /* an object or an array; the table keeps the string */
    *text_out = lua_tolstring(L, -1, text_len);
    lua_pop(L, 1);
    if (kind == LUA_TSTRING && *text_len > 0)
        return 0;
    snprintf(err, errsize, "%s: %s", origin,
             kind != LUA_TNIL ? "empty or non-string \"text\" field" : "no \"text\" field");
    lua_pop(L, 1);
    return -1;
}

/* One JSONL line: an object with a string "text"; everything else goes to metadata. */
static int ingest_json_line(ingest_ctx *ctx, const char *path, size_t lineno, const char *line,
                            size_t len)
{
    char origin[4200];
    snprintf(origin, sizeof origin, "%s:%zu", path, lineno);
    lua_State *L = ctx->L;
    const char *text;
    size_t text_len;
    if (jsonl_push_line(L, origin, line, len, &text, &text_len, ctx->err, ctx->errsize) < 0)
        return refuse(ctx);
    int rc = ingest_bytes(ctx, origin, text, text_len, lua_gettop(L));
    lua_pop(L, 1);
    return rc;
}

static int maybe_commit_chunk(ingest_ctx *ctx)
{
    if (!ctx->opts->skip_bad || (ctx->chunk_docs < CHUNK_DOCS && ctx->chunk_bytes < CHUNK_BYTES))
        return 0;
    ctx->chunk_docs = ctx->chunk_bytes = 0;
    if (store_commit(ctx->store) < 0 || store_begin(ctx->store) < 0) {
        snprintf(ctx->err, ctx->errsize, "%s", store_errmsg(ctx->store));
        return -1;
    }
    return 0;
}

/* ---- the writer's side, for ingest_jobs.c ---- */

int ingest_store_prepared(ingest_ctx *ctx, const char *origin, prepared_doc *doc)
{
    return store_prepared(ctx, origin, doc);
}

int ingest_refuse(ingest_ctx *ctx)
{
    return refuse(ctx);
}

int ingest_commit_chunk(ingest_ctx *ctx)
{
    return maybe_commit_chunk(ctx);
}

void ingest_progress_draw(const progress *p, int final)
{
    progress_draw(p, final);
}

#define JSONL_BLOCK_BYTES (16u << 20)

FILE *jsonl_open(const char *path)
{
    if (strcmp(path, "-") == 0)
        return stdin;
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (f && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        errno = EISDIR;
        return NULL;
    }
    return f;
}

void jsonl_close(FILE *f)
{
    if (f && f != stdin)
        fclose(f);
}

/* Room for used + more bytes and a NUL in the block buffer: first a whole block, then doubling. */
static int reserve_block(char **data, size_t *cap, size_t used, size_t more)
{
    if (used + more + 1 <= *cap)
        return 0;
    size_t want = *cap ? 2 * (used + more + 1) : JSONL_BLOCK_BYTES + more + 1;
    char *grown = realloc(*data, want);
    if (!grown)
        return -1;
    *data = grown;
    *cap = want;
    return 0;
}

int jsonl_read_block(FILE *f, char **data, size_t *cap, size_t *len, size_t *lines)
{
    char *line = NULL;
    size_t line_cap = 0, used = 0;
    ssize_t n;
    *lines = 0;
    while (used < JSONL_BLOCK_BYTES && (n = getline(&line, &line_cap, f)) >= 0) {
        if (reserve_block(data, cap, used, (size_t)n) < 0) {
            free(line);
            errno = ENOMEM;
            return -1;
        }
        memcpy(*data + used, line, (size_t)n);
        used += (size_t)n;
        (*lines)++;
    }
    int saved = errno;
    free(line);
    if (ferror(f)) {
        errno = saved;
        return -1;
    }
    if (used > 0)
        (*data)[used] = '\0';
    *len = used;
    return used > 0 ? 1 : 0;
}

/* The lines of one block; first_lineno numbers its first line (a BOM is looked for on line 1 only). */
static int ingest_jsonl(ingest_ctx *ctx, const char *path, const char *data, size_t len, size_t first_lineno)
{
    size_t lineno = first_lineno - 1;
    if (first_lineno == 1 && len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {   /* a UTF-8 BOM, as editors write */
        data += 3;
        len -= 3;
    }
    for (const char *p = data, *end = data + len; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        lineno++;
        size_t n = (size_t)(stop - p);
        if (n > 0 && p[n - 1] == '\r')
            n--;
        if (strspn(p, " \t") < n && ingest_json_line(ctx, path, lineno, p, n) < 0)
            return -1;
        if (maybe_commit_chunk(ctx) < 0)
            return -1;
        p = stop + 1;
    }
    return 0;
}

static int ingest_file(ingest_ctx *ctx, const char *origin, char *data, size_t len)
{
    prepared_doc doc;
    if (prepare_doc_owned(ctx->L, origin, data, len, ctx->opts, &doc, ctx->err, ctx->errsize) < 0)
        return refuse(ctx);
    int rc = store_prepared(ctx, origin, &doc);
    prepared_doc_free(&doc);
    return rc;
}

/* One input's bytes (malloc'd, room for len + 1; taken over), as a document or JSON Lines. */
static int ingest_data(ingest_ctx *ctx, const char *origin, char *data, size_t len)
{
    ctx->stats->files++;
    ctx->stats->bytes += len;
    int rc;
    if (ctx->opts->jsonl) {
        rc = ingest_jsonl(ctx, origin, data, len, 1);
        free(data);
    } else {
        rc = ingest_file(ctx, origin, data, len);   /* the loader owns data now */
    }
    return rc < 0 ? rc : maybe_commit_chunk(ctx);
}

int ingest_jsonl_input(ingest_ctx *ctx, const char *path, jsonl_block_fn *block, void *ud)
{
    const char *origin = strcmp(path, "-") == 0 ? "-" : path;
    FILE *f = jsonl_open(path);
    char *data = NULL;   /* one buffer for every block: a new one each time kept two resident */
    size_t cap = 0, len, lines, first = 1;
    int got = f ? 0 : -1, rc = 0;
    if (f)
        ctx->stats->files++;
    while (f && rc == 0 && (got = jsonl_read_block(f, &data, &cap, &len, &lines)) > 0) {
        ctx->stats->bytes += len;
        rc = block(ctx, ud, origin, data, len, first);
        first += lines;
    }
    free(data);
    if (rc == 0 && got < 0) {
        snprintf(ctx->err, ctx->errsize, "%s: %s", path, strerror(errno));
        rc = refuse(ctx);
    }
    jsonl_close(f);
    return rc;
}

static int ingest_jsonl_block(ingest_ctx *ctx, void *ud, const char *origin, const char *data, size_t len,
                              size_t first_lineno)
{
    (void)ud;
    return ingest_jsonl(ctx, origin, data, len, first_lineno);
}

static int ingest_one(ingest_ctx *ctx, const char *path)
{
    char *data;
    size_t len;
    if (ctx->opts->may_read && !ctx->opts->may_read(path, ctx->opts->may_read_ud, ctx->err,
                                                    ctx->errsize))
        return -1;   /* a refused path is never skipped: the caller asked for it */
    if (ctx->opts->jsonl) {
        int rc = ingest_jsonl_input(ctx, path, ingest_jsonl_block, NULL);
        return rc < 0 ? rc : maybe_commit_chunk(ctx);
    }
    if (read_whole_file(path, &data, &len) < 0) {
        snprintf(ctx->err, ctx->errsize, "%s: %s", path, strerror(errno));
        return refuse(ctx);
    }
    return ingest_data(ctx, strcmp(path, "-") == 0 ? "-" : path, data, len);
}

static int ingest_list(ingest_ctx *ctx, const input_list *list)
{
    progress p = {.files_total = list->len, .bytes_total = list->total_bytes};
    clock_gettime(CLOCK_MONOTONIC, &p.start);
    int show = ctx->opts->progress && !ctx->opts->quiet && list->len > 1;
    if (ctx->opts->jobs > 1) {
        /* The workers read files themselves: vet every path before they start. */
        for (size_t i = 0; ctx->opts->may_read && i < list->len; i++)
            if (!ctx->opts->may_read(list->paths[i], ctx->opts->may_read_ud, ctx->err, ctx->errsize))
                return -1;
        return ingest_list_jobs(ctx, list, &p, show);
    }
    for (size_t i = 0; i < list->len; i++) {
        if (ingest_one(ctx, list->paths[i]) < 0)
            return -1;
        p.files_done++;
        p.bytes_done += list->sizes[i];
        if (show)
            progress_draw(&p, i + 1 == list->len);
    }
    return 0;
}

/* Run body inside one transaction: committed when it succeeds, rolled back when not. */
static int in_transaction(ingest_ctx *ctx, int (*body)(ingest_ctx *, void *), void *arg)
{
    if (store_begin(ctx->store) < 0) {
        snprintf(ctx->err, ctx->errsize, "%s", store_errmsg(ctx->store));
        return -1;
    }
    int rc = body(ctx, arg);
    if (rc == 0 && store_commit(ctx->store) < 0) {
        snprintf(ctx->err, ctx->errsize, "%s", store_errmsg(ctx->store));
        rc = -1;
    }
    if (rc < 0)
        store_rollback(ctx->store);
    return rc;
}

static int ingest_list_body(ingest_ctx *ctx, void *list)
{
    return ingest_list(ctx, list);
}

int ingest_paths(lua_State *L, parley_store *store, const ingest_opts *opts,
                 char *const *paths, int npaths, ingest_stats *stats, char *err, size_t errsize)
{
    input_list list = {0};
    ingest_ctx ctx = {.L = L, .store = store, .opts = opts, .stats = stats, .err = err,
                      .errsize = errsize};
    err[0] = '\0';
    int rc = 0;
    for (int i = 0; rc == 0 && i < npaths; i++)
        rc = collect(&list, paths[i], err, errsize);
    if (rc == 0)
        rc = in_transaction(&ctx, ingest_list_body, &list);
    list_free(&list);
    return rc;
}

typedef struct {
    const char *origin;
    char *data;
    size_t len;
} buffer_input;

static int ingest_buffer_body(ingest_ctx *ctx, void *arg)
{
    buffer_input *in = arg;
    char *data = in->data;
    in->data = NULL;   /* ingest_data owns it from here */
    return ingest_data(ctx, in->origin, data, in->len);
}

int ingest_buffer(lua_State *L, parley_store *store, const ingest_opts *opts, const char *origin,
                  char *data, size_t len, ingest_stats *stats, char *err, size_t errsize)
{
    ingest_ctx ctx = {.L = L, .store = store, .opts = opts, .stats = stats, .err = err,
                      .errsize = errsize};
    buffer_input in = {origin, data, len};
    err[0] = '\0';
    data[len] = '\0';   /* the JSONL scanner relies on it, as on read_whole_file's buffers */
    int rc = in_transaction(&ctx, ingest_buffer_body, &in);
    free(in.data);   /* still ours when the transaction could not begin */
    return rc;
}
