/* token_nfa.h: token patterns (a sequence of tests, each once, ?, * or +) matched without backtracking (pure C). */
#ifndef PARLEY_TOKEN_NFA_H
#define PARLEY_TOKEN_NFA_H

#include <stddef.h>
#include <stdint.h>

/*
 * A pattern is a sequence of specs, each a test on one token with a
 * quantifier. It runs as a Thompson NFA whose states are the spec
 * positions 0..n (n = accept), held as a bit set, so matching never
 * backtracks: every start position is followed at once, each token is
 * tested against each spec at most once, and the time is the number of
 * tokens times the starts alive at once (a few in practice; a pattern that
 * lets any token repeat keeps every start alive).
 */

#define NFA_MAX_SPECS 63

typedef enum { NFA_ONE, NFA_OPT, NFA_STAR, NFA_PLUS } nfa_op;

typedef struct {
    uint32_t n;                        /* specs */
    uint64_t start;                    /* states before any token */
    uint64_t next[NFA_MAX_SPECS];      /* states after spec i's test passed */
} nfa_prog;

/* Build the program of n specs with quantifiers ops[0..n); -1 when n is 0 or > NFA_MAX_SPECS. */
int nfa_compile(const uint8_t *ops, uint32_t n, nfa_prog *p);

/* The specs waiting for a token in state set s (bit i = spec i). */
static inline uint64_t nfa_waiting(const nfa_prog *p, uint64_t s)
{
    return s & ((1ull << p->n) - 1);
}

/* Whether state set s has matched. */
static inline int nfa_accepts(const nfa_prog *p, uint64_t s)
{
    return (int)(s >> p->n & 1);
}

/* The state set after a token that passed the specs in passed. */
uint64_t nfa_step(const nfa_prog *p, uint64_t s, uint64_t passed);

/* Test token `token` against spec `spec`: 1 pass, 0 fail. */
typedef int (*nfa_test_fn)(void *ctx, uint32_t spec, uint32_t token);
/* Report a match over tokens [first, last). */
typedef int (*nfa_emit_fn)(void *ctx, uint32_t first, uint32_t last);

typedef struct {
    uint32_t start, best;   /* where it started; the end of its longest match so far (0 for none) */
    uint64_t states;
} nfa_thread;

/* Threads alive during a run; owned by the caller, reused across runs (nfa_scratch_free). */
typedef struct {
    nfa_thread *v;
    size_t cap;
} nfa_scratch;

void nfa_scratch_free(nfa_scratch *s);

/*
 * Every match of p among tokens [first, last): with longest set, only the
 * longest match from each start, else each (start, end). Empty matches are
 * never reported. emit may be called in any order. Returns 0,
 * PARLEY_ENOMEM, or the first negative value test or emit returned.
 * The scratch keeps its memory whatever happens, even when test or emit
 * does not return (a Lua error), so an owner with a finalizer can free it.
 */
int nfa_run(const nfa_prog *p, uint32_t first, uint32_t last, int longest, nfa_test_fn test, nfa_emit_fn emit,
            void *ctx, nfa_scratch *scratch);

#endif
