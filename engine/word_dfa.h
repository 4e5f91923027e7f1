/* word_dfa.h: an automaton over bytes that finds which words of ASCII letters are keys of a word list. */
#ifndef PARLEY_WORD_DFA_H
#define PARLEY_WORD_DFA_H

#include <stddef.h>
#include <stdint.h>

/*
 * The keys made only of a..z, as a trie whose every state has a transition
 * for every byte class: class 0 is any byte that is not an ASCII letter,
 * classes 1..26 the letters a..z in either case. Reading a text one table
 * step per byte, the state when a word ends says which key it is, if any:
 * no hash, no comparison and no branch per word.
 *
 * State 0 is between words and the root of the trie; state 1 is inside a
 * word that no key starts with. Every non-letter leads to state 0.
 */
#define WORD_DFA_CLASSES 27
#define WORD_DFA_SHIFT 5   /* a state's row is 32 entries: a shift, not a multiply, on the critical path */
#define WORD_DFA_BOUNDARY 0
#define WORD_DFA_DEAD 1
#define WORD_DFA_MAX_STATES 65535

typedef struct {
    uint16_t *next;     /* next[state << WORD_DFA_SHIFT | class] */
    uint32_t *accept;   /* the payload of the key that ends at the state; 0 for none */
    size_t nstates;
} word_dfa;

/* The byte class of b: 0, or 1..26 for an ASCII letter. */
static inline unsigned word_dfa_class(unsigned char b)
{
    unsigned letter = (unsigned)((b | 0x20) - 'a');
    return letter < 26u ? letter + 1 : 0;
}

/*
 * Builds the automaton of the n keys (keys[i] of lens[i] bytes, payload
 * masks[i], OR-ed when a key comes twice); keys with any byte outside a..z
 * are left out. 0 on success, 1 when no key qualifies or the trie would
 * pass WORD_DFA_MAX_STATES (d stays empty), -1 when out of memory.
 */
int word_dfa_build(word_dfa *d, const char *const *keys, const size_t *lens, const uint32_t *masks, size_t n);
void word_dfa_free(word_dfa *d);

#endif
