/* sql_check.h: one-value SQL queries for the C tests of the store. */
#ifndef PARLEY_SQL_CHECK_H
#define PARLEY_SQL_CHECK_H

#include <stdio.h>

#include <sqlite3.h>

/* The first column of the first row as an integer; -999 when the query fails. */
static inline long long q_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    long long v = -999;

    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "q_int: %s: %s\n", sql, sqlite3_errmsg(db));
        return v;
    }
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* The first column of the first row as text into buf ("" on NULL or failure). */
static inline const char *q_text(sqlite3 *db, const char *sql, char *buf, size_t size)
{
    sqlite3_stmt *st;

    buf[0] = '\0';
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return buf;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(buf, size, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return buf;
}

#endif
