/* delimited.c: records of TSV and RFC 4180 CSV text, with blank and '#' comment lines skipped. */
#include <stdlib.h>
#include <string.h>

#include "delimited.h"
#include "parley.h"

void delim_init(delim_reader *r, const char *s, size_t len, int csv)
{
    memset(r, 0, sizeof *r);
    r->s = s;
    r->len = len;
    r->csv = csv;
    r->next_line = 1;
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        r->pos = 3;   /* a spreadsheet's byte order mark */
}

void delim_free(delim_reader *r)
{
    free(r->buf);
    free(r->starts);
    r->buf = NULL;
    r->starts = NULL;
    r->buf_cap = r->fields_cap = r->nfields = 0;
}

static int buf_add(delim_reader *r, const char *s, size_t n)
{
    if (r->buf_len + n + 1 > r->buf_cap) {
        size_t cap = r->buf_cap ? r->buf_cap * 2 : 256;
        while (cap < r->buf_len + n + 1)
            cap *= 2;
        char *p = realloc(r->buf, cap);
        if (!p)
            return PARLEY_ENOMEM;
        r->buf = p;
        r->buf_cap = cap;
    }
    memcpy(r->buf + r->buf_len, s, n);
    r->buf_len += n;
    return PARLEY_OK;
}

/* Close the current field and open the next. */
static int field_end(delim_reader *r)
{
    if (buf_add(r, "", 1) < 0)   /* the terminator */
        return PARLEY_ENOMEM;
    if (r->nfields + 1 >= r->fields_cap) {
        size_t cap = r->fields_cap ? r->fields_cap * 2 : 16;
        size_t *p = realloc(r->starts, cap * sizeof *p);
        if (!p)
            return PARLEY_ENOMEM;
        r->starts = p;
        r->fields_cap = cap;
    }
    r->starts[++r->nfields] = r->buf_len;
    return PARLEY_OK;
}

/* Skip blank and comment lines; 0 at the end of the input. */
static int skip_to_record(delim_reader *r)
{
    while (r->pos < r->len) {
        const char *nl = memchr(r->s + r->pos, '\n', r->len - r->pos);
        size_t end = nl ? (size_t)(nl - r->s) : r->len, n = end - r->pos;
        if (n > 0 && r->s[end - 1] == '\r')
            n--;
        if (n > 0 && r->s[r->pos] != '#')
            return 1;
        r->pos = nl ? end + 1 : r->len;
        r->next_line++;
    }
    return 0;
}

/* A quoted CSV field from just after its opening quote; pos ends after the closing quote. */
static int quoted_field(delim_reader *r)
{
    for (;;) {
        const char *q = memchr(r->s + r->pos, '"', r->len - r->pos);
        if (!q)
            return PARLEY_EFORMAT;
        size_t upto = (size_t)(q - r->s);
        for (size_t i = r->pos; i < upto; i++)
            r->next_line += r->s[i] == '\n';
        if (buf_add(r, r->s + r->pos, upto - r->pos) < 0)
            return PARLEY_ENOMEM;
        r->pos = upto + 1;
        if (r->pos < r->len && r->s[r->pos] == '"') {   /* "" is one quote */
            if (buf_add(r, "\"", 1) < 0)
                return PARLEY_ENOMEM;
            r->pos++;
            continue;
        }
        return PARLEY_OK;
    }
}

/* Whether pos is at the end of a record (LF, CRLF, or the end of the input). */
static int at_record_end(const delim_reader *r)
{
    return r->pos >= r->len || r->s[r->pos] == '\n' ||
           (r->s[r->pos] == '\r' && (r->pos + 1 >= r->len || r->s[r->pos + 1] == '\n'));
}

/* One field up to a separator or the record end; *more says a separator followed. */
static int next_field(delim_reader *r, int *more)
{
    char sep = r->csv ? ',' : '\t';
    if (r->csv && r->pos < r->len && r->s[r->pos] == '"') {
        r->pos++;
        int rc = quoted_field(r);
        if (rc < 0)
            return rc;
        if (!at_record_end(r) && r->s[r->pos] != sep)
            return PARLEY_EFORMAT;
    } else {
        size_t start = r->pos;
        while (!at_record_end(r) && r->s[r->pos] != sep)
            r->pos++;
        if (buf_add(r, r->s + start, r->pos - start) < 0)
            return PARLEY_ENOMEM;
    }
    *more = !at_record_end(r);
    r->pos += *more;   /* past the separator */
    return field_end(r);
}

int delim_next(delim_reader *r)
{
    if (!r->starts) {
        r->starts = malloc(16 * sizeof *r->starts);
        if (!r->starts)
            return PARLEY_ENOMEM;
        r->fields_cap = 16;
    }
    r->nfields = 0;
    r->buf_len = 0;
    r->starts[0] = 0;
    if (!skip_to_record(r))
        return 0;
    r->line = r->next_line;
    int more = 1, rc;
    while (more)
        if ((rc = next_field(r, &more)) < 0)
            return rc;
    if (r->pos < r->len && r->s[r->pos] == '\r')
        r->pos++;
    if (r->pos < r->len)
        r->pos++;   /* the newline */
    r->next_line++;
    return 1;
}

const char *delim_field(const delim_reader *r, size_t i, size_t *len)
{
    *len = r->starts[i + 1] - r->starts[i] - 1;
    return r->buf + r->starts[i];
}
