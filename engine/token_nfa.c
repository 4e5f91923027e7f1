/* token_nfa.c: token patterns run as a Thompson NFA over bit sets of spec positions. */
#include <stdlib.h>

#include "parley.h"
#include "token_nfa.h"

/* The states reachable from position i without a token: an optional spec can be skipped. */
static uint64_t closure(const uint8_t *ops, uint32_t n, uint32_t i)
{
    uint64_t s = 0;
    for (; i < n; i++) {
        s |= 1ull << i;
        if (ops[i] != NFA_OPT && ops[i] != NFA_STAR)
            return s;
    }
    return s | 1ull << n;
}

int nfa_compile(const uint8_t *ops, uint32_t n, nfa_prog *p)
{
    if (n == 0 || n > NFA_MAX_SPECS)
        return -1;
    p->n = n;
    p->start = closure(ops, n, 0);
    for (uint32_t i = 0; i < n; i++) {
        p->next[i] = closure(ops, n, i + 1);
        if (ops[i] == NFA_STAR || ops[i] == NFA_PLUS)
            p->next[i] |= 1ull << i;   /* stay for another token */
    }
    return 0;
}

uint64_t nfa_step(const nfa_prog *p, uint64_t s, uint64_t passed)
{
    uint64_t out = 0;
    for (uint64_t live = nfa_waiting(p, s) & passed; live; live &= live - 1)
        out |= p->next[__builtin_ctzll(live)];
    return out;
}

void nfa_scratch_free(nfa_scratch *s)
{
    free(s->v);
    s->v = NULL;
    s->cap = 0;
}

static int add_thread(nfa_scratch *s, size_t n, uint32_t start, uint64_t states)
{
    if (n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        nfa_thread *v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return PARLEY_ENOMEM;
        s->v = v;
        s->cap = cap;
    }
    s->v[n] = (nfa_thread){start, 0, states};
    return PARLEY_OK;
}

/* The specs of `want` that token passes, testing each at most once per token (known/passed memo). */
static int tests_passed(uint64_t want, uint32_t token, nfa_test_fn test, void *ctx, uint64_t *known,
                        uint64_t *passed)
{
    for (uint64_t todo = want & ~*known; todo; todo &= todo - 1) {
        uint32_t spec = (uint32_t)__builtin_ctzll(todo);
        int rc = test(ctx, spec, token);
        if (rc < 0)
            return rc;
        *known |= 1ull << spec;
        if (rc)
            *passed |= 1ull << spec;
    }
    return PARLEY_OK;
}

/* Advance thread t over token; 1 when it lives on, 0 when it died, or an error. */
static int advance(const nfa_prog *p, nfa_thread *t, uint32_t token, int longest, nfa_test_fn test,
                   nfa_emit_fn emit, void *ctx, uint64_t *known, uint64_t *passed)
{
    int rc = tests_passed(nfa_waiting(p, t->states), token, test, ctx, known, passed);
    if (rc < 0)
        return rc;
    t->states = nfa_step(p, t->states, *passed);
    if (nfa_accepts(p, t->states)) {
        if (longest)
            t->best = token + 1;
        else if ((rc = emit(ctx, t->start, token + 1)) < 0)
            return rc;
    }
    if (nfa_waiting(p, t->states))
        return 1;
    return longest && t->best ? emit(ctx, t->start, t->best) : 0;
}

int nfa_run(const nfa_prog *p, uint32_t first, uint32_t last, int longest, nfa_test_fn test, nfa_emit_fn emit,
            void *ctx, nfa_scratch *scratch)
{
    size_t alive = 0;
    for (uint32_t token = first; token < last; token++) {
        if (add_thread(scratch, alive, token, p->start) < 0)
            return PARLEY_ENOMEM;
        alive++;
        uint64_t known = 0, passed = 0;
        size_t kept = 0;
        for (size_t i = 0; i < alive; i++) {
            int rc = advance(p, &scratch->v[i], token, longest, test, emit, ctx, &known, &passed);
            if (rc < 0)
                return rc;
            if (rc == 1)
                scratch->v[kept++] = scratch->v[i];
        }
        alive = kept;
    }
    for (size_t i = 0; i < alive; i++) {
        int rc = longest && scratch->v[i].best ? emit(ctx, scratch->v[i].start, scratch->v[i].best) : 0;
        if (rc < 0)
            return rc;
    }
    return PARLEY_OK;
}
