/* bench_common.c: clocks, peak memory, corpus reading and result lines for the benchmark programs. */
#include "bench.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "loader.h"
#include "parley.h"

#include "segment.h"

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double bench_cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

long bench_peak_rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
            break;
    if (f)
        fclose(f);
    if (kb < 0) {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        kb = ru.ru_maxrss;
    }
    return kb;
}

/* ---- corpora ---- */

static int corpus_push(bench_corpus *c, char *path, char *text, size_t len)
{
    if (c->ndocs == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 1024;
        char **paths = realloc(c->paths, cap * sizeof *paths);
        if (paths)
            c->paths = paths;
        char **texts = realloc(c->texts, cap * sizeof *texts);
        if (texts)
            c->texts = texts;
        size_t *lens = realloc(c->lens, cap * sizeof *lens);
        if (lens)
            c->lens = lens;
        if (!paths || !texts || !lens)
            return -1;
        c->cap = cap;
    }
    c->paths[c->ndocs] = path;
    c->texts[c->ndocs] = text;
    c->lens[c->ndocs++] = len;
    c->bytes += len;
    return 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Every line of a JSONL file with a non-empty string "text" becomes a document. */
static int add_jsonl(bench_corpus *c, const char *path)
{
    json_error_t error;
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "bench: %s: %s\n", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = 0;
    while (rc == 0 && (n = getline(&line, &cap, f)) > 0) {
        json_t *obj = json_loadb(line, (size_t)n, 0, &error);
        json_t *text = obj ? json_object_get(obj, "text") : NULL;
        if (json_is_string(text) && json_string_length(text) > 0) {
            size_t len = json_string_length(text);
            char *copy = malloc(len + 1);
            if (copy)
                memcpy(copy, json_string_value(text), len + 1);
            rc = copy ? corpus_push(c, NULL, copy, len) : -1;
        }
        json_decref(obj);
    }
    free(line);
    fclose(f);
    return rc;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_path(bench_corpus *c, const char *path);

static int add_dir(bench_corpus *c, const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "bench: %s: %s\n", path, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            names = realloc(names, cap * sizeof *names);
        }
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        names[n] = malloc(len);
        snprintf(names[n++], len, "%s/%s", path, e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (rc == 0)
            rc = add_path(c, names[i]);
        free(names[i]);
    }
    free(names);
    return rc;
}

static int add_path(bench_corpus *c, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "bench: %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode))
        return add_dir(c, path);
    if (ends_with(path, ".jsonl"))
        return add_jsonl(c, path);
    if (!ends_with(path, ".txt") || st.st_size == 0)
        return 0;
    char *copy = strdup(path);
    return copy ? corpus_push(c, copy, NULL, (size_t)st.st_size) : -1;
}

/* The label: the directory under ".../corpora/" when the path has one, else the last component. */
static void corpus_label(char *label, size_t size, const char *path)
{
    const char *at = strstr(path, "corpora/");
    const char *name = at ? at + strlen("corpora/") : path;
    if (!at) {
        size_t n = strlen(path);
        while (n > 1 && path[n - 1] == '/')
            n--;
        while (n > 0 && path[n - 1] != '/')
            n--;
        name = path + n;
    }
    snprintf(label, size, "%.*s", (int)strcspn(name, "/"), name);
}

int bench_corpus_open(bench_corpus *c, const char *path)
{
    memset(c, 0, sizeof *c);
    const char *label = getenv("BENCH_LABEL");
    if (label && *label)
        snprintf(c->label, sizeof c->label, "%s", label);
    else
        corpus_label(c->label, sizeof c->label, path);
    if (add_path(c, path) < 0)
        return -1;
    if (c->ndocs == 0) {
        fprintf(stderr, "bench: %s: no documents (*.txt files or *.jsonl lines with \"text\")\n", path);
        return -1;
    }
    return 0;
}

void bench_corpus_free(bench_corpus *c)
{
    for (size_t i = 0; i < c->ndocs; i++) {
        free(c->paths[i]);
        free(c->texts[i]);
    }
    free(c->paths);
    free(c->texts);
    free(c->lens);
    memset(c, 0, sizeof *c);
}

/* The whole file, with a plain open/fstat/read: what any C program would do. */
static int read_file(const char *path, char **buf, size_t *len)
{
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0)
        return -1;
    if (fstat(fd, &st) != 0) {
        close(fd);
        return -1;
    }
    size_t size = (size_t)st.st_size, got = 0;
    char *b = malloc(size + 1);
    while (b && got < size) {
        ssize_t n = read(fd, b + got, size - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    if (!b || got < size) {
        free(b);
        return -1;
    }
    b[size] = '\0';
    *buf = b;
    *len = size;
    return 0;
}

int bench_corpus_read(const bench_corpus *c, size_t i, char **buf, size_t *len)
{
    if (c->paths[i])
        return read_file(c->paths[i], buf, len);
    char *b = malloc(c->lens[i] + 1);
    if (!b)
        return -1;
    memcpy(b, c->texts[i], c->lens[i] + 1);
    *buf = b;
    *len = c->lens[i];
    return 0;
}

int bench_corpus_load(const bench_corpus *c, size_t i, load_result *r)
{
    char *buf;
    size_t len;
    if (bench_corpus_read(c, i, &buf, &len) < 0)
        return -1;
    return load_bytes_owned(buf, len, 0, r) == PARLEY_OK;
}

int bench_make_unique(char **buf, size_t *len, unsigned rep)
{
    if (rep == 0)
        return 0;
    char tag[32];
    int n = snprintf(tag, sizeof tag, "\n[copy %u]\n", rep);
    char *b = realloc(*buf, *len + (size_t)n + 1);
    if (!b)
        return -1;
    memcpy(b + *len, tag, (size_t)n + 1);
    *buf = b;
    *len += (size_t)n;
    return 0;
}

void bench_corpus_name(const bench_corpus *c, unsigned repeat, char *out, size_t size)
{
    if (repeat <= 1)
        snprintf(out, size, "%s", c->label);
    else
        snprintf(out, size, "%sx%u", c->label, repeat);
}

void bench_result(const char *stage, const char *corpus, const char *impl, double bytes,
                  size_t docs, double seconds, double cpu_seconds, const char *extra)
{
    printf("RESULT\t%s\t%s\t%s\t%.0f\t%zu\t%.6f\t%.6f\t%ld\t%s\n", stage, corpus, impl, bytes,
           docs, seconds, cpu_seconds, bench_peak_rss_kb(), extra ? extra : "");
    fflush(stdout);
}

const char *bench_corpora_dir(void)
{
    const char *env = getenv("PARLEY_CORPORA");
    return env && *env ? env : PARLEY_SOURCE_DIR "/../shared/corpora";
}

/* ---- the abbreviation lists (the format of the files in data/abbrev/) ---- */

static int load_list(seg_rules *rules, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[1024];
    int rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, "\r\n");
        line[n] = '\0';
        if (n == 0 || line[0] == '#')
            continue;
        char *tab = strchr(line, '\t');
        abbrev_kind kind = ABBR_ANY;
        if (tab) {
            *tab = '\0';
            kind = strncmp(tab + 1, "title", 5) == 0    ? ABBR_TITLE
                   : strncmp(tab + 1, "number", 6) == 0 ? ABBR_NUMBER
                                                        : ABBR_ANY;
        }
        rc = seg_rules_add_abbreviation(rules, line, strlen(line), kind);
    }
    fclose(f);
    return rc;
}

int bench_load_abbreviations(struct seg_rules *rules)
{
    const char *src = getenv("PARLEY_SOURCE_DIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/data/abbrev", src && *src ? src : PARLEY_SOURCE_DIR);
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int rc = 0;
    for (struct dirent *e; rc == 0 && (e = readdir(d));) {
        if (!ends_with(e->d_name, ".txt"))
            continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        rc = load_list(rules, path);
    }
    closedir(d);
    return rc;
}

void bench_usage(const char *usage)
{
    fprintf(stderr, "usage: %s\n", usage);
    exit(2);
}
