/* test_word_dfa.c: the automaton names the same keys as a plain lookup of each word, on random keys and texts. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "word_dfa.h"

#define MAX_KEYS 64

typedef struct {
    char text[8];
    size_t len;
    uint32_t mask;
} test_key;

static unsigned next_random(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return (*seed >> 16) & 0x7fff;
}

/* The payload a plain lookup gives the ASCII word w[0..n), lowercased: the OR of the keys equal to it. */
static uint32_t plain_lookup(const test_key *keys, size_t nkeys, const char *w, size_t n)
{
    char lower[64];
    if (n == 0 || n > sizeof lower)
        return 0;
    for (size_t i = 0; i < n; i++)
        lower[i] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] + ('a' - 'A') : w[i]);
    uint32_t mask = 0;
    for (size_t k = 0; k < nkeys; k++)
        if (keys[k].len == n && memcmp(keys[k].text, lower, n) == 0)
            mask |= keys[k].mask;
    return mask;
}

static int is_letter(char b)
{
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
}

/* Random keys over a few letters, so that they share prefixes; some with a capital, a digit or a dash. */
static size_t random_keys(unsigned *seed, test_key *keys)
{
    static const char letters[] = "aabbct";
    size_t n = 1 + next_random(seed) % MAX_KEYS;
    for (size_t k = 0; k < n; k++) {
        keys[k].len = 1 + next_random(seed) % 5;
        for (size_t i = 0; i < keys[k].len; i++)
            keys[k].text[i] = letters[next_random(seed) % (sizeof letters - 1)];
        unsigned odd = next_random(seed) % 10;
        if (odd == 0)
            keys[k].text[0] = 'A';   /* a capital: never a key of the automaton */
        else if (odd == 1)
            keys[k].text[keys[k].len - 1] = '-';
        keys[k].mask = 1u << (next_random(seed) % 4);
    }
    return n;
}

/* Checks every word of a random text: the state where it ends against the plain lookup. */
static int words_agree(unsigned *seed, const word_dfa *d, const test_key *keys, size_t nkeys)
{
    static const char alphabet[] = "aAbBcCtT ,.-1\n";
    char text[300];
    size_t len = next_random(seed) % sizeof text;
    for (size_t i = 0; i < len; i++)
        text[i] = alphabet[next_random(seed) % (sizeof alphabet - 1)];
    unsigned state = WORD_DFA_BOUNDARY;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        unsigned char b = i < len ? (unsigned char)text[i] : ' ';
        unsigned cls = word_dfa_class(b);
        if (cls != 0 && state == WORD_DFA_BOUNDARY)
            start = i;
        if (cls == 0 && state != WORD_DFA_BOUNDARY &&
            d->accept[state] != plain_lookup(keys, nkeys, text + start, i - start))
            return 0;
        if ((cls != 0) != is_letter((char)b))
            return 0;
        state = d->next[state << WORD_DFA_SHIFT | cls];
    }
    return 1;
}

static void test_random_keys_and_texts(void)
{
    unsigned seed = 7;
    int agree = 1;
    for (int round = 0; round < 300; round++) {
        test_key keys[MAX_KEYS];
        size_t nkeys = random_keys(&seed, keys);
        const char *texts[MAX_KEYS];
        size_t lens[MAX_KEYS];
        uint32_t masks[MAX_KEYS];
        for (size_t k = 0; k < nkeys; k++)
            texts[k] = keys[k].text, lens[k] = keys[k].len, masks[k] = keys[k].mask;
        word_dfa d;
        int rc = word_dfa_build(&d, texts, lens, masks, nkeys);
        check(rc >= 0, "round %d: build failed", round);
        if (rc == 0)
            for (int t = 0; t < 20; t++)
                agree &= words_agree(&seed, &d, keys, nkeys);
        word_dfa_free(&d);
    }
    check(agree, "the automaton and a plain lookup disagree on a word");
}

static void test_no_automaton(void)
{
    word_dfa d;
    const char *bad[] = {"The", "a-b", "x1", ""};
    size_t lens[] = {3, 3, 2, 0};
    uint32_t masks[] = {1, 1, 1, 1};
    check(word_dfa_build(&d, bad, lens, masks, 4) == 1 && d.next == NULL,
          "keys with no word of a..z make no automaton");
    check(word_dfa_build(&d, NULL, NULL, NULL, 0) == 1, "no keys make no automaton");

    /* 17,576 keys of four letters with no common prefix past the first: more states than fit */
    size_t n = 26 * 26 * 26;
    char *store = malloc(n * 4);
    const char **keys = malloc(n * sizeof *keys);
    size_t *klens = malloc(n * sizeof *klens);
    uint32_t *kmasks = malloc(n * sizeof *kmasks);
    for (size_t i = 0; i < n; i++) {
        char *k = store + 4 * i;
        k[0] = (char)('a' + i / 676), k[1] = (char)('a' + i / 26 % 26), k[2] = (char)('a' + i % 26), k[3] = 'q';
        keys[i] = k, klens[i] = 4, kmasks[i] = 1;
    }
    check(word_dfa_build(&d, keys, klens, kmasks, n) == 1 && d.next == NULL,
          "keys past %d states make no automaton", WORD_DFA_MAX_STATES);
    check(word_dfa_build(&d, keys, klens, kmasks, 1000) == 0 && d.nstates <= WORD_DFA_MAX_STATES,
          "a thousand of them fit");
    word_dfa_free(&d);
    free(store), free(keys), free(klens), free(kmasks);
}

int main(void)
{
    test_random_keys_and_texts();
    test_no_automaton();
    return check_report("word_dfa");
}
