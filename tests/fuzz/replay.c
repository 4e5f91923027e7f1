/* replay.c: run fuzz inputs (files, or every file in directories) through a target without libFuzzer. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/*
 * The normal build links each target with this main, so the seed corpora and
 * every crash input kept in tests/fuzz/regressions/ run in `ctest` on every
 * build, sanitizers or not, with no clang needed.
 */

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    struct stat st;
    size_t size = fstat(fileno(f), &st) == 0 ? (size_t)st.st_size : 0;
    uint8_t *data = malloc(size ? size : 1);
    size_t got = data ? fread(data, 1, size, f) : 0;
    fclose(f);
    if (!data || got != size) {
        fprintf(stderr, "%s: cannot read\n", path);
        free(data);
        return 1;
    }
    LLVMFuzzerTestOneInput(data, size);   /* a failed property aborts */
    free(data);
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file in dir, in name order; *count receives how many ran. */
static int replay_dir(const char *dir, int *count)
{
    DIR *d = opendir(dir);
    if (!d) {
        perror(dir);
        return 1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap && !(names = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *names)))
            abort();
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        names[n] = malloc(len);
        snprintf(names[n++], len, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    int failed = 0;
    for (size_t i = 0; i < n; i++) {
        failed |= replay_file(names[i]);
        free(names[i]);
    }
    free(names);
    *count += (int)n;
    return failed;
}

int main(int argc, char **argv)
{
    int failed = 0, count = 0;
    LLVMFuzzerInitialize(&argc, &argv);
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            failed |= replay_dir(argv[i], &count);
        } else if (stat(argv[i], &st) == 0) {
            failed |= replay_file(argv[i]);
            count++;
        }   /* a missing directory (no regressions yet) is not an error */
    }
    printf("%s: %d inputs replayed%s\n", argv[0], count, failed ? ", some unreadable" : "");
    if (count == 0) {   /* the seed corpus always has inputs: none means a wrong path, not a pass */
        fprintf(stderr, "%s: no inputs replayed\n", argv[0]);
        return 1;
    }
    return failed;
}
