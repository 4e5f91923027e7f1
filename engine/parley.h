/* parley.h: error codes and small definitions shared by every part of the engine. */
#ifndef PARLEY_H
#define PARLEY_H

#include <stddef.h>

/* Results of pure-C engine functions: >= 0 on success, one of these on failure. */
enum {
    PARLEY_OK = 0,
    PARLEY_ENOMEM = -1,       /* allocation failed */
    PARLEY_EUTF8 = -2,        /* invalid UTF-8 (and repair not requested) */
    PARLEY_EBINARY = -3,      /* NUL byte: the input is binary, not text */
    PARLEY_EEMPTY = -4,       /* nothing but an optional BOM */
    PARLEY_EIO = -5,          /* read or write failed; errno holds why */
    PARLEY_EUTF16 = -6,       /* unpaired surrogate or odd length in UTF-16 input */
    PARLEY_EDB = -7,          /* SQLite reported an error */
    PARLEY_EBUSY = -8,        /* the database is locked by another process */
    PARLEY_ENOTPARLEY = -9,   /* the file is not a parley corpus */
    PARLEY_ESCHEMA = -10,     /* the corpus was written by a newer parley */
    PARLEY_EREADONLY = -11,   /* a write was attempted on a read-only corpus */
    PARLEY_ELUA = -12,        /* a Lua rule (metadata, script) raised an error */
    PARLEY_EFORMAT = -13,     /* a malformed record in a data file (an unclosed CSV quote) */
};

/* A static English description of an error code. */
const char *parley_errmsg(int code);

#endif
