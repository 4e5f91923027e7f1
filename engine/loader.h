/* loader.h: turn raw file bytes into valid, NFC, LF-terminated UTF-8 text. */
#ifndef PARLEY_LOADER_H
#define PARLEY_LOADER_H

#include <stddef.h>
#include "offset_map.h"

typedef enum {
    LOAD_REPAIR = 1 << 0,   /* replace invalid UTF-8 with U+FFFD (maximal subparts) */
    LOAD_NO_NFC = 1 << 1,   /* keep the composition as given (newlines still normalised) */
} load_flags;

typedef struct {
    char *text;                 /* malloc'd, NUL-terminated; owned by the result */
    size_t len;                 /* bytes, without the terminator */
    parley_offset_map *map;     /* owned; NULL when text equals the input bytes */
    size_t replaced;            /* U+FFFD substitutions made under LOAD_REPAIR */
    const char *encoding;       /* static: "utf-8", "utf-8-bom", "utf-16le", "utf-16be" */
    int ascii;                  /* the text is pure ASCII */
    /* On failure: where the problem is, in the original bytes. */
    size_t err_offset;          /* 0-based byte offset */
    size_t err_line, err_col;   /* 1-based; column counts code points */
    unsigned char err_byte;     /* the offending byte */
    int err_odd_length;         /* PARLEY_EUTF16: the input ends in half a code unit (else: unpaired surrogate) */
} load_result;

/*
 * Decode, validate (or repair), normalise newlines and compose to NFC.
 * bytes is borrowed. Returns PARLEY_OK and fills *out, or a negative
 * PARLEY_E* code with the error position filled in; out->text is then NULL.
 * Peak memory is the input plus the output (plus the map).
 */
int load_bytes(const char *bytes, size_t len, int flags, load_result *out);

/*
 * load_bytes for a buffer the caller hands over: buf is malloc'd with room
 * for len + 1 bytes and belongs to the loader from the call on. When loading
 * changes nothing but a BOM, buf itself becomes out->text (the BOM moved out
 * in place): no second copy of the file. Otherwise buf is freed before the
 * call returns, on failure too (after the error position is filled in).
 */
int load_bytes_owned(char *buf, size_t len, int flags, load_result *out);

/* Free what a load_result owns; safe on a zeroed or failed result. */
void load_result_free(load_result *r);

/*
 * Formats "invalid UTF-8 (byte 0xC3 at offset 1234)" and the like for a
 * failed load into buf. The caller prefixes "FILE:LINE:COL: ".
 */
void load_describe_error(int code, const load_result *r, char *buf, size_t size);

/* Validation alone: the length of the longest valid UTF-8 prefix of s. */
size_t utf8_valid_prefix(const char *s, size_t len);

/*
 * Repair alone: a copy of s with each maximal invalid subpart replaced by
 * U+FFFD (the WHATWG / Python errors="replace" output). malloc'd; caller frees.
 * *out_len receives the length and *replaced the count. NULL on ENOMEM.
 */
char *utf8_repair(const char *s, size_t len, size_t *out_len, size_t *replaced);

/*
 * NFC quick check of valid UTF-8: 1 when s is certainly NFC (so normalising
 * would not change it), 0 when it must be normalised to know.
 */
int nfc_quick_check(const char *s, size_t len);

#endif
