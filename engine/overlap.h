/* overlap.h: choosing among overlapping matches: all, longest-first greedy, or first rule wins (pure C). */
#ifndef PARLEY_OVERLAP_H
#define PARLEY_OVERLAP_H

#include <stddef.h>
#include <stdint.h>

/* A candidate match over tokens [first, last) (last > first). */
typedef struct {
    uint32_t first, last;
    uint64_t prio;      /* the rule's rank: smaller comes first (rule order, then entry order) */
    uint32_t ref;       /* the caller's: which rule or entry produced it */
    uint32_t trim;      /* the caller's: bytes to leave out at the end */
} match_cand;

typedef enum {
    OVERLAP_LONGEST,    /* most tokens first; ties: earlier start, then smaller prio; drop what overlaps a kept one */
    OVERLAP_ALL,        /* keep everything */
    OVERLAP_FIRST,      /* smaller prio first; ties: earlier start, then more tokens; drop what overlaps */
} overlap_policy;

/*
 * Choose among c[0..n) by policy and reorder the chosen ones to the front
 * in text order (first token, then more tokens, then prio). Returns how
 * many were chosen, or PARLEY_ENOMEM (c is then unchanged in content,
 * maybe reordered).
 */
ptrdiff_t overlap_select(match_cand *c, size_t n, overlap_policy policy);

#endif
