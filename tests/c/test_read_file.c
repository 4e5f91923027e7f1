/* test_read_file.c: read_whole_file on regular files of every size class, empty files, directories, pipes and /proc. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "ingest.h"
#include "ingest_internal.h"

static char dir[512];

/* A file of n bytes (a repeating pattern) at dir/name; the path is written to path. */
static void make_file(const char *name, size_t n, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    for (size_t i = 0; f && i < n; i++)
        fputc('a' + (int)(i % 26), f);
    if (f)
        fclose(f);
}

/* The whole file comes back, NUL-terminated after its last byte. */
static void check_sizes(void)
{
    static const size_t sizes[] = {1, 2, 813, 4096, 65535, 65536, 65537, 300000};
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        char path[640], name[32];
        snprintf(name, sizeof name, "f%zu", sizes[k]);
        make_file(name, sizes[k], path, sizeof path);
        char *data = NULL;
        size_t len = 0, bad = 0;
        int rc = read_whole_file(path, &data, &len);
        check(rc == 0, "%zu bytes: rc %d (%s)", sizes[k], rc, strerror(errno));
        check(len == sizes[k], "%zu bytes: got %zu", sizes[k], len);
        for (size_t i = 0; data && i < len; i++)
            bad += data[i] != 'a' + (int)(i % 26);
        check(bad == 0, "%zu bytes: %zu differ", sizes[k], bad);
        check(data && data[len] == '\0', "%zu bytes: no terminator", sizes[k]);
        free(data);
        unlink(path);
    }
}

static void check_empty_and_errors(void)
{
    char path[640];
    make_file("empty", 0, path, sizeof path);
    char *data = NULL;
    size_t len = 99;
    check(read_whole_file(path, &data, &len) == 0 && len == 0 && data && data[0] == '\0',
          "empty file: len %zu", len);
    free(data);
    unlink(path);

    errno = 0;
    check(read_whole_file(dir, &data, &len) < 0 && errno == EISDIR, "directory: errno %d", errno);
    snprintf(path, sizeof path, "%s/missing", dir);
    errno = 0;
    check(read_whole_file(path, &data, &len) < 0 && errno == ENOENT, "missing: errno %d", errno);
}

/* A FIFO has no size: it is read until the writer closes it, across many short reads. */
static void check_fifo(void)
{
    char path[640];
    snprintf(path, sizeof path, "%s/fifo", dir);
    check(mkfifo(path, 0600) == 0, "mkfifo: %s", strerror(errno));
    const size_t total = 200000;
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(path, O_WRONLY);
        char chunk[1000];
        memset(chunk, 'x', sizeof chunk);
        for (size_t sent = 0; fd >= 0 && sent < total; sent += sizeof chunk)
            if (write(fd, chunk, sizeof chunk) != (ssize_t)sizeof chunk)
                _exit(1);
        _exit(0);
    }
    char *data = NULL;
    size_t len = 0;
    int rc = read_whole_file(path, &data, &len);
    int status = 0;
    waitpid(pid, &status, 0);
    check(rc == 0 && len == total, "fifo: rc %d, %zu bytes", rc, len);
    check(data && data[len] == '\0', "fifo: no terminator");
    free(data);
    unlink(path);
}

/*
 * /proc files say size 0 and may read short before their end: all of the
 * file must come back, as a plain read loop sees it.
 */
static void check_proc(void)
{
    char *data = NULL;
    size_t len = 0;
    check(read_whole_file("/proc/self/status", &data, &len) == 0, "/proc/self/status: %s", strerror(errno));
    check(data && len > 100 && strstr(data, "VmHWM:") != NULL, "/proc/self/status: %zu bytes", len);
    free(data);
}

/*
 * JSON Lines are read in blocks of whole lines: over 16 MB of lines of many
 * lengths come back as several blocks, each ending at a line end, that add up
 * to the file and to its number of lines; the last line may lack its newline.
 */
static void check_jsonl_blocks(void)
{
    char path[640];
    snprintf(path, sizeof path, "%s/lines.jsonl", dir);
    FILE *f = fopen(path, "wb");
    size_t total = 0, want_lines = 0;
    for (size_t i = 0; f && total < (40u << 20); i++, want_lines++) {
        size_t n = 1 + (i * 7919) % 5000;   /* lines of 1 to 5000 bytes */
        for (size_t k = 0; k + 1 < n; k++)
            fputc('a' + (int)((i + k) % 26), f);
        if (total + n < (40u << 20))
            fputc('\n', f);
        total += n;
    }
    if (f)
        fclose(f);
    FILE *in = jsonl_open(path);
    check(in != NULL, "jsonl_open: %s", strerror(errno));
    char *data = NULL, *first_buffer = NULL;
    size_t cap = 0, first_cap = 0, len, lines, got_bytes = 0, got_lines = 0, blocks = 0, bad_ends = 0;
    size_t moved = 0;
    struct stat st;
    stat(path, &st);
    int rc;
    while (in && (rc = jsonl_read_block(in, &data, &cap, &len, &lines)) > 0) {
        blocks++;
        got_bytes += len;
        got_lines += lines;
        if (got_bytes < (size_t)st.st_size && data[len - 1] != '\n')
            bad_ends++;
        check(data[len] == '\0', "block %zu: no terminator", blocks);
        if (blocks == 1)
            first_buffer = data, first_cap = cap;
        moved += data != first_buffer || cap != first_cap;
    }
    free(data);
    jsonl_close(in);
    /* lines of at most 5000 bytes fit the first reservation: every block reuses it */
    check(moved == 0, "%zu of %zu blocks took a new buffer", moved, blocks);
    check(blocks >= 2, "%zu blocks for 40 MB", blocks);
    check(bad_ends == 0, "%zu blocks end inside a line", bad_ends);
    check(got_bytes == (size_t)st.st_size, "blocks hold %zu of %lld bytes", got_bytes, (long long)st.st_size);
    check(got_lines == want_lines, "blocks hold %zu of %zu lines", got_lines, want_lines);
    errno = 0;
    check(jsonl_open(dir) == NULL && errno == EISDIR, "a directory is refused: %s", strerror(errno));
    unlink(path);
}

int main(void)
{
    const char *base = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/parley-read-file-XXXXXX", base && *base ? base : P_tmpdir);
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    check_sizes();
    check_empty_and_errors();
    check_fifo();
    check_proc();
    check_jsonl_blocks();
    rmdir(dir);
    return check_report("read_file");
}
