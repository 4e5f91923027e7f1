/* delimited.h: records of tab-separated and RFC 4180 comma-separated text, one at a time (pure C). */
#ifndef PARLEY_DELIMITED_H
#define PARLEY_DELIMITED_H

#include <stddef.h>

/*
 * TSV: fields split at tabs, taken literally (no quoting). CSV (RFC 4180):
 * fields split at commas; a field that starts with a double quote runs to
 * the closing quote, may hold commas and newlines, and writes a quote as
 * two. Both: records end at LF or CRLF; blank lines and lines starting
 * with '#' (outside quotes) are skipped, so data files can carry comments.
 */
typedef struct {
    const char *s;            /* the input, borrowed */
    size_t len, pos;
    int csv;                  /* 1: CSV quoting, 0: TSV */
    size_t line;              /* 1-based line where the last record started */
    size_t next_line;         /* the line at pos */
    char *buf;                /* the fields' bytes, each NUL-terminated; owned (delim_free) */
    size_t buf_len, buf_cap;
    size_t *starts;           /* where field i starts in buf; owned */
    size_t nfields, fields_cap;
} delim_reader;

/* Start reading s (borrowed; must outlive the reader). */
void delim_init(delim_reader *r, const char *s, size_t len, int csv);
void delim_free(delim_reader *r);

/*
 * Read the next record: 1 (fields in r), 0 at the end, PARLEY_ENOMEM, or
 * PARLEY_EFORMAT for a CSV quote that is never closed or is followed by
 * something other than a comma or the end of the record.
 */
int delim_next(delim_reader *r);

/* Field i (< r->nfields) of the last record: its bytes, NUL-terminated, and its length. */
const char *delim_field(const delim_reader *r, size_t i, size_t *len);

#endif
