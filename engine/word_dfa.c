/* word_dfa.c: the trie of a word list's ASCII keys as a full transition table. */
#include "word_dfa.h"

#include <stdlib.h>
#include <string.h>

/* A key the automaton can hold: one or more of a..z. */
static int dfa_key(const char *key, size_t len)
{
    if (len == 0)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (key[i] < 'a' || key[i] > 'z')
            return 0;
    return 1;
}

/* The states the keys need at most: the two fixed ones and one per key byte. */
static size_t states_needed(const char *const *keys, const size_t *lens, size_t n)
{
    size_t states = 2;
    for (size_t i = 0; i < n; i++)
        if (dfa_key(keys[i], lens[i]))
            states += lens[i];
    return states;
}

/* Every letter from every state leads to the dead state, every other byte to the boundary. */
static void init_transitions(word_dfa *d, size_t capacity)
{
    for (size_t st = 0; st < capacity; st++) {
        uint16_t *row = d->next + (st << WORD_DFA_SHIFT);
        row[0] = WORD_DFA_BOUNDARY;
        for (unsigned c = 1; c < (1u << WORD_DFA_SHIFT); c++)
            row[c] = WORD_DFA_DEAD;
    }
}

/* Adds one key: follows the trie from the root, making the states it lacks. */
static void add_key(word_dfa *d, const char *key, size_t len, uint32_t mask)
{
    size_t st = WORD_DFA_BOUNDARY;
    for (size_t i = 0; i < len; i++) {
        uint16_t *to = &d->next[st << WORD_DFA_SHIFT | word_dfa_class((unsigned char)key[i])];
        if (*to == WORD_DFA_DEAD)
            *to = (uint16_t)d->nstates++;
        st = *to;
    }
    d->accept[st] |= mask;
}

int word_dfa_build(word_dfa *d, const char *const *keys, const size_t *lens, const uint32_t *masks, size_t n)
{
    memset(d, 0, sizeof *d);
    size_t capacity = states_needed(keys, lens, n);
    if (capacity == 2 || capacity > WORD_DFA_MAX_STATES)
        return 1;
    d->next = malloc((capacity << WORD_DFA_SHIFT) * sizeof *d->next);
    d->accept = calloc(capacity, sizeof *d->accept);
    if (!d->next || !d->accept) {
        word_dfa_free(d);
        return -1;
    }
    init_transitions(d, capacity);
    d->nstates = 2;
    for (size_t i = 0; i < n; i++)
        if (dfa_key(keys[i], lens[i]))
            add_key(d, keys[i], lens[i], masks[i]);
    return 0;
}

void word_dfa_free(word_dfa *d)
{
    free(d->next);
    free(d->accept);
    memset(d, 0, sizeof *d);
}
