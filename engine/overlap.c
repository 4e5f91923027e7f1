/* overlap.c: choosing among overlapping matches: all, longest-first greedy, or first rule wins. */
#include <stdlib.h>
#include <string.h>

#include "overlap.h"
#include "parley.h"

static int cmp_u64(uint64_t a, uint64_t b)
{
    return a < b ? -1 : a > b;
}

/* Text order: first token, then longer, then prio. */
static int by_position(const void *pa, const void *pb)
{
    const match_cand *a = pa, *b = pb;
    if (a->first != b->first)
        return cmp_u64(a->first, b->first);
    if (a->last != b->last)
        return cmp_u64(b->last, a->last);
    return cmp_u64(a->prio, b->prio);
}

static int by_length(const void *pa, const void *pb)
{
    const match_cand *a = pa, *b = pb;
    uint32_t la = a->last - a->first, lb = b->last - b->first;
    if (la != lb)
        return cmp_u64(lb, la);
    if (a->first != b->first)
        return cmp_u64(a->first, b->first);
    return cmp_u64(a->prio, b->prio);
}

static int by_prio(const void *pa, const void *pb)
{
    const match_cand *a = pa, *b = pb;
    if (a->prio != b->prio)
        return cmp_u64(a->prio, b->prio);
    return by_position(pa, pb);
}

/* Keep, in the current order, each candidate none of whose tokens a kept one has. */
static ptrdiff_t greedy(match_cand *c, size_t n)
{
    uint32_t lo = UINT32_MAX, hi = 0;
    for (size_t i = 0; i < n; i++) {
        lo = c[i].first < lo ? c[i].first : lo;
        hi = c[i].last > hi ? c[i].last : hi;
    }
    size_t words = ((size_t)(hi - lo) + 63) / 64;
    uint64_t *taken = calloc(words ? words : 1, sizeof *taken);
    if (!taken)
        return PARLEY_ENOMEM;
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        int free_run = 1;
        for (uint32_t t = c[i].first - lo; t < c[i].last - lo && free_run; t++)
            free_run = !(taken[t / 64] >> (t % 64) & 1);
        if (!free_run)
            continue;
        for (uint32_t t = c[i].first - lo; t < c[i].last - lo; t++)
            taken[t / 64] |= 1ull << (t % 64);
        match_cand keep = c[i];
        c[i] = c[kept];
        c[kept++] = keep;
    }
    free(taken);
    return (ptrdiff_t)kept;
}

ptrdiff_t overlap_select(match_cand *c, size_t n, overlap_policy policy)
{
    if (n == 0)
        return 0;
    ptrdiff_t kept = (ptrdiff_t)n;
    if (policy != OVERLAP_ALL) {
        qsort(c, n, sizeof *c, policy == OVERLAP_FIRST ? by_prio : by_length);
        kept = greedy(c, n);
        if (kept < 0)
            return kept;
    }
    qsort(c, (size_t)kept, sizeof *c, by_position);
    return kept;
}
