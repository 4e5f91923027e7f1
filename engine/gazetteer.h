/* gazetteer.h: a phrase matcher: aliases as sequences of folded token keys in a trie (pure C, no Lua). */
#ifndef PARLEY_GAZETTEER_H
#define PARLEY_GAZETTEER_H

#include <stddef.h>
#include <stdint.h>

#include "segment.h"

/*
 * An alias is tokenised with the news segmenter and each token becomes its
 * key: text_fold of the token, without the possessive clitic ("Armenia’s"
 * and "ARMENIA'S" both give "armenia"). Document tokens get the same keys,
 * so case, apostrophe style and marks (diacritics) never matter, while
 * letters of their own do (ə is not e). Every word of every alias is
 * interned once as an integer; the trie's edges are (node, word) pairs in
 * one hash table. Matching a document costs one key and one probe per
 * token, plus a probe per further token of a possible match.
 *
 * Several entries may share one key sequence (the same alias for two
 * entities, or "Armenia" and "ARMENIA"): a node keeps all of them in the
 * order they were added. An entry whose key sequence, label and id equal
 * an earlier one is not added again.
 *
 * Not thread-safe: matching fills a cache of the keys of non-ASCII tokens
 * (bounded; see GAZ_CACHE_MAX in gazetteer.c).
 */

typedef struct gazetteer gazetteer;

/* One entry: borrowed strings, valid until the next gaz_add or gaz_free; label and id may be NULL. */
typedef struct {
    const char *alias, *label, *id;
    size_t alias_len, label_len, id_len;
} gaz_entry;

/* A match: tokens [first, last) end on a trie node that has entries. */
typedef struct {
    uint32_t first, last;
    uint32_t node;
    uint32_t trim;      /* bytes of a possessive clitic to leave out at the end ("Armenia’s" -> "Armenia") */
} gaz_hit;

/* Scratch and results of gaz_find, owned by the caller (reused across calls; gaz_hits_free). */
typedef struct {
    gaz_hit *v;
    size_t n, cap;
    uint32_t *words;    /* the word of each token searched */
    size_t words_cap;
} gaz_hits;

gazetteer *gaz_new(void);            /* NULL on ENOMEM; gaz_free */
void gaz_free(gazetteer *g);
void gaz_hits_free(gaz_hits *h);

/*
 * Add alias (valid UTF-8) for an entity. rules: the segmenter's
 * abbreviations (may be NULL; borrowed). label and id may be NULL.
 * Returns the entry's number (>= 0, counting from 0 in the order added),
 * PARLEY_EEMPTY when the alias has no tokens, PARLEY_EUTF8, or
 * PARLEY_ENOMEM. *added is 0 when an equal entry existed (its number is
 * returned).
 */
long gaz_add(gazetteer *g, const seg_rules *rules, const char *alias, size_t alias_len,
             const char *label, size_t label_len, const char *id, size_t id_len, int *added);

size_t gaz_entries(const gazetteer *g);   /* entries added */
size_t gaz_words(const gazetteer *g);     /* distinct token keys of all aliases */
void gaz_entry_get(const gazetteer *g, uint32_t n, gaz_entry *out);

/* Entries of a node: the first, then each next; -1 when there are no more. */
long gaz_node_first(const gazetteer *g, uint32_t node);
long gaz_entry_next(const gazetteer *g, uint32_t n);

/*
 * Find aliases among tokens [first, last) of a segmented text. With
 * longest set, only the longest match starting at each token is reported,
 * else every one. Hits are in order of first token, then length. Returns
 * 0 or PARLEY_ENOMEM; h keeps its memory either way.
 */
int gaz_find(gazetteer *g, const char *text, const seg_result *seg, uint32_t first, uint32_t last,
             int longest, gaz_hits *h);

/* Whether the key of token tok of text is a word of some alias: 1, 0, or PARLEY_ENOMEM. */
int gaz_knows(gazetteer *g, const char *text, const seg_token *tok);

#endif
