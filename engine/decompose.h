/* decompose.h: utf8proc's decomposition with the canonical ordering done in linear time. */
#ifndef PARLEY_DECOMPOSE_H
#define PARLEY_DECOMPOSE_H

#include <stddef.h>
#include <stdint.h>
#include <utf8proc.h>

/*
 * Decompose the UTF-8 s[0..len) into code points as utf8proc_decompose does
 * with the same options (COMPOSE or DECOMPOSE, COMPAT, CASEFOLD, IGNORE, ...),
 * into *buf: malloc'd, grown as needed, *cap entries, always at least one more
 * than the result so that utf8proc_reencode can write its UTF-8 over it.
 * Returns the number of code points, or a negative utf8proc error code
 * (invalid UTF-8, out of memory).
 *
 * Why not utf8proc_decompose: it puts combining marks in canonical order by
 * swapping neighbours, which is quadratic in the length of a run of marks; one
 * "letter" followed by 100,000 marks of two classes, out of order, took
 * minutes. Here each run is sorted stably by combining class, which is what
 * the canonical ordering algorithm of UAX #15 asks, in time linear in the run.
 */
utf8proc_ssize_t decompose_ordered(const uint8_t *s, size_t len, utf8proc_option_t options, int32_t **buf,
                                   size_t *cap);

#endif
