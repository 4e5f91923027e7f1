/* gazetteer.c: aliases as sequences of folded token keys in a trie; finding them in segmented text. */
#include <stdlib.h>
#include <string.h>

#include "gazetteer.h"
#include "loader.h"
#include "parley.h"
#include "unitext.h"

#define NONE UINT32_MAX
#define GAZ_CACHE_MAX (1u << 20)   /* distinct non-ASCII token forms remembered with their word */
#define ASCII_KEY_MAX 256          /* ASCII tokens up to this size are lowered on the stack */

/* ---- string tables: strings in an arena, found by hash; each maps to a value ---- */

typedef struct {
    uint32_t off, len, hash, value;
} str_item;

typedef struct {
    char *arena;
    size_t arena_len, arena_cap;
    str_item *items;
    uint32_t n, cap;
    uint32_t *slots;   /* 0 when empty, else item index + 1 */
    uint32_t mask;     /* slot count - 1; the count is a power of two */
} strtab;

static uint32_t hash_bytes(const char *s, size_t len)
{
    uint32_t h = 2166136261u;   /* FNV-1a: keys are short words */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static void strtab_free(strtab *t)
{
    free(t->arena);
    free(t->items);
    free(t->slots);
    memset(t, 0, sizeof *t);
}

/* The item holding s, or NONE. */
static uint32_t strtab_find(const strtab *t, const char *s, size_t len, uint32_t h)
{
    if (!t->slots)
        return NONE;
    for (uint32_t i = h & t->mask;; i = (i + 1) & t->mask) {
        uint32_t slot = t->slots[i];
        if (slot == 0)
            return NONE;
        const str_item *it = &t->items[slot - 1];
        if (it->hash == h && it->len == len && memcmp(t->arena + it->off, s, len) == 0)
            return slot - 1;
    }
}

static void strtab_place(strtab *t, uint32_t item)
{
    uint32_t i = t->items[item].hash & t->mask;
    while (t->slots[i])
        i = (i + 1) & t->mask;
    t->slots[i] = item + 1;
}

/* Keep the load at most one half. */
static int strtab_grow(strtab *t)
{
    if (t->slots && (t->n + 1) * 2 <= t->mask + 1)
        return PARLEY_OK;
    uint32_t size = t->slots ? (t->mask + 1) * 2 : 64;
    uint32_t *slots = calloc(size, sizeof *slots);
    if (!slots)
        return PARLEY_ENOMEM;
    free(t->slots);
    t->slots = slots;
    t->mask = size - 1;
    for (uint32_t i = 0; i < t->n; i++)
        strtab_place(t, i);
    return PARLEY_OK;
}

static int grow_array(void **p, uint32_t *cap, uint32_t need, size_t size)
{
    if (need <= *cap)
        return PARLEY_OK;
    uint32_t n = *cap ? *cap * 2 : 64;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, (size_t)n * size);
    if (!q)
        return PARLEY_ENOMEM;
    *p = q;
    *cap = n;
    return PARLEY_OK;
}

/* Append bytes to an arena; *off gets where they start. */
static int arena_add(char **arena, size_t *len, size_t *cap, const char *s, size_t n, uint32_t *off)
{
    if (*len + n + 1 > UINT32_MAX)
        return PARLEY_ENOMEM;
    if (*len + n + 1 > *cap) {
        size_t c = *cap ? *cap * 2 : 4096;
        while (c < *len + n + 1)
            c *= 2;
        char *p = realloc(*arena, c);
        if (!p)
            return PARLEY_ENOMEM;
        *arena = p;
        *cap = c;
    }
    memcpy(*arena + *len, s, n);
    (*arena)[*len + n] = '\0';
    *off = (uint32_t)*len;
    *len += n + 1;
    return PARLEY_OK;
}

/* Add s (known to be absent) with value; returns the item or NONE on ENOMEM. */
static uint32_t strtab_add(strtab *t, const char *s, size_t len, uint32_t h, uint32_t value)
{
    uint32_t off;
    if (t->n == NONE - 1 || strtab_grow(t) < 0 ||
        grow_array((void **)&t->items, &t->cap, t->n + 1, sizeof *t->items) < 0 ||
        arena_add(&t->arena, &t->arena_len, &t->arena_cap, s, len, &off) < 0)
        return NONE;
    t->items[t->n] = (str_item){off, (uint32_t)len, h, value};
    strtab_place(t, t->n);
    return t->n++;
}

static void strtab_clear(strtab *t)
{
    if (t->slots)
        memset(t->slots, 0, ((size_t)t->mask + 1) * sizeof *t->slots);
    t->n = 0;
    t->arena_len = 0;
}

/* ---- the gazetteer ---- */

typedef struct {
    uint32_t alias, label, id;             /* offsets in g->text; NONE when absent */
    uint32_t alias_len, label_len, id_len;
    uint32_t next;                         /* next entry of the same node, or NONE */
} entry;

struct gazetteer {
    strtab words;          /* folded token key -> word number (= item index) */
    strtab cache;          /* bytes of a non-ASCII token -> its word, or NONE */
    uint32_t *root;        /* word -> child of the root, or NONE */
    uint32_t root_cap;
    uint64_t *edge_keys;   /* (node << 32 | word), UINT64_MAX when the slot is empty */
    uint32_t *edge_child;
    uint32_t edge_mask, nedges;
    uint32_t *node_first;  /* node -> its first entry, or NONE */
    uint32_t nnodes, node_cap;
    entry *entries;
    uint32_t nentries, entry_cap;
    char *text;            /* alias, label and id strings */
    size_t text_len, text_cap;
};

gazetteer *gaz_new(void)
{
    gazetteer *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    if (grow_array((void **)&g->node_first, &g->node_cap, 1, sizeof *g->node_first) < 0) {
        free(g);
        return NULL;
    }
    g->node_first[0] = NONE;
    g->nnodes = 1;
    return g;
}

void gaz_free(gazetteer *g)
{
    if (!g)
        return;
    strtab_free(&g->words);
    strtab_free(&g->cache);
    free(g->root);
    free(g->edge_keys);
    free(g->edge_child);
    free(g->node_first);
    free(g->entries);
    free(g->text);
    free(g);
}

void gaz_hits_free(gaz_hits *h)
{
    free(h->v);
    free(h->words);
    memset(h, 0, sizeof *h);
}

size_t gaz_entries(const gazetteer *g)
{
    return g->nentries;
}

size_t gaz_words(const gazetteer *g)
{
    return g->words.n;
}

/* ---- trie edges ---- */

static uint32_t edge_slot(const gazetteer *g, uint64_t key)
{
    return (uint32_t)((key * 0x9E3779B97F4A7C15ull) >> 32) & g->edge_mask;
}

static uint32_t child_of(const gazetteer *g, uint32_t node, uint32_t word)
{
    if (node == 0)
        return word < g->words.n ? g->root[word] : NONE;
    if (!g->edge_keys)
        return NONE;
    uint64_t key = (uint64_t)node << 32 | word;
    for (uint32_t i = edge_slot(g, key);; i = (i + 1) & g->edge_mask) {
        if (g->edge_keys[i] == key)
            return g->edge_child[i];
        if (g->edge_keys[i] == UINT64_MAX)
            return NONE;
    }
}

static void edge_place(gazetteer *g, uint64_t key, uint32_t child)
{
    uint32_t i = edge_slot(g, key);
    while (g->edge_keys[i] != UINT64_MAX)
        i = (i + 1) & g->edge_mask;
    g->edge_keys[i] = key;
    g->edge_child[i] = child;
}

static int edges_grow(gazetteer *g)
{
    if (g->edge_keys && (g->nedges + 1) * 2 <= g->edge_mask + 1)
        return PARLEY_OK;
    uint32_t old = g->edge_keys ? g->edge_mask + 1 : 0, size = old ? old * 2 : 1024;
    uint64_t *keys = malloc((size_t)size * sizeof *keys), *old_keys = g->edge_keys;
    uint32_t *child = malloc((size_t)size * sizeof *child), *old_child = g->edge_child;
    if (!keys || !child) {
        free(keys);
        free(child);
        return PARLEY_ENOMEM;
    }
    memset(keys, 0xFF, (size_t)size * sizeof *keys);
    g->edge_keys = keys;
    g->edge_child = child;
    g->edge_mask = size - 1;
    for (uint32_t i = 0; i < old; i++)
        if (old_keys[i] != UINT64_MAX)
            edge_place(g, old_keys[i], old_child[i]);
    free(old_keys);
    free(old_child);
    return PARLEY_OK;
}

/* The child of node by word, made when missing; NONE on ENOMEM. */
static uint32_t child_add(gazetteer *g, uint32_t node, uint32_t word)
{
    uint32_t child = child_of(g, node, word);
    if (child != NONE)
        return child;
    if (g->nnodes == NONE - 1 ||
        grow_array((void **)&g->node_first, &g->node_cap, g->nnodes + 1, sizeof(uint32_t)) < 0)
        return NONE;
    if (node != 0 && edges_grow(g) < 0)
        return NONE;
    child = g->nnodes++;
    g->node_first[child] = NONE;
    if (node == 0)
        g->root[word] = child;
    else {
        edge_place(g, (uint64_t)node << 32 | word, child);
        g->nedges++;
    }
    return child;
}

/* ---- token keys ---- */

/* The bytes of a token that make its key: without a possessive clitic. */
static size_t key_len(const seg_token *t)
{
    size_t len = t->stop - t->start;
    return (t->flags & TOKEN_POSSESSIVE) && t->suffix_len < len ? len - t->suffix_len : len;
}

/* Lower-case ASCII s into buf; 0 when s has a non-ASCII byte or is too long. */
static int ascii_key(const char *s, size_t len, char *buf)
{
    if (len > ASCII_KEY_MAX)
        return 0;
    unsigned char any = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        any |= c;
        buf[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    return any < 0x80;
}

/* The word number of an alias token's key, interned when new; NONE on ENOMEM, *rc says which. */
static uint32_t intern_word(gazetteer *g, const char *s, size_t len, int *rc)
{
    char *key = NULL;
    ptrdiff_t n = text_fold(s, len, &key);
    *rc = n < 0 ? (int)n : PARLEY_OK;
    if (n < 0)
        return NONE;
    uint32_t h = hash_bytes(key, (size_t)n), w = strtab_find(&g->words, key, (size_t)n, h);
    if (w == NONE) {
        w = grow_array((void **)&g->root, &g->root_cap, g->words.n + 1, sizeof *g->root) < 0
                ? NONE : strtab_add(&g->words, key, (size_t)n, h, 0);
        if (w != NONE) {
            g->root[w] = NONE;
            strtab_clear(&g->cache);   /* forms cached as unknown may fold to this word */
        } else
            *rc = PARLEY_ENOMEM;
    }
    free(key);
    return w;
}

/* The word of a non-ASCII token through the cache; 0 or PARLEY_ENOMEM. */
static int folded_word(gazetteer *g, const char *s, size_t len, uint32_t *word)
{
    uint32_t h = hash_bytes(s, len), at = strtab_find(&g->cache, s, len, h);
    if (at != NONE) {
        *word = g->cache.items[at].value;
        return PARLEY_OK;
    }
    char *key = NULL;
    ptrdiff_t n = text_fold(s, len, &key);
    if (n == PARLEY_ENOMEM)
        return PARLEY_ENOMEM;
    *word = n < 0 ? NONE : strtab_find(&g->words, key, (size_t)n, hash_bytes(key, (size_t)n));
    free(key);
    if (g->cache.n < GAZ_CACHE_MAX)
        strtab_add(&g->cache, s, len, h, *word);   /* a failure only costs a fold next time */
    return PARLEY_OK;
}

/* The word of a document token, NONE when no alias has it; 0 or PARLEY_ENOMEM. */
static int token_word(gazetteer *g, const char *text, const seg_token *t, uint32_t *word)
{
    char buf[ASCII_KEY_MAX];
    const char *s = text + t->start;
    size_t len = key_len(t);
    if (ascii_key(s, len, buf)) {
        *word = strtab_find(&g->words, buf, len, hash_bytes(buf, len));
        return PARLEY_OK;
    }
    return folded_word(g, s, len, word);
}

int gaz_knows(gazetteer *g, const char *text, const seg_token *tok)
{
    uint32_t w;
    int rc = token_word(g, text, tok, &w);
    return rc < 0 ? rc : w != NONE;
}

/* ---- adding aliases ---- */

static int add_string(gazetteer *g, const char *s, size_t len, uint32_t *off, uint32_t *out_len)
{
    *off = NONE;
    *out_len = 0;
    if (!s)
        return PARLEY_OK;
    if (len >= UINT32_MAX)
        return PARLEY_ENOMEM;
    *out_len = (uint32_t)len;
    return arena_add(&g->text, &g->text_len, &g->text_cap, s, len, off);
}

static int same_string(const gazetteer *g, uint32_t off, uint32_t len, const char *s, size_t n)
{
    if (off == NONE || !s)
        return off == NONE && !s;
    return len == n && memcmp(g->text + off, s, n) == 0;
}

/* The trie node of an alias's key sequence, made as needed; 0 or a PARLEY_E* code. */
static int alias_node(gazetteer *g, const seg_rules *rules, const char *s, size_t len, uint32_t *node)
{
    seg_result seg;
    if (segment_text(rules, s, len, &seg) < 0)
        return PARLEY_ENOMEM;
    int rc = seg.ntokens ? PARLEY_OK : PARLEY_EEMPTY;
    *node = 0;
    for (size_t i = 0; i < seg.ntokens && rc == PARLEY_OK; i++) {
        uint32_t w = intern_word(g, s + seg.tokens[i].start, key_len(&seg.tokens[i]), &rc);
        if (w != NONE && (*node = child_add(g, *node, w)) == NONE)
            rc = PARLEY_ENOMEM;
    }
    seg_result_free(&seg);
    return rc;
}

/* Append a new entry to node's list; its number, or -1 on ENOMEM. */
static long entry_append(gazetteer *g, uint32_t node, const char *alias, size_t alias_len,
                         const char *label, size_t label_len, const char *id, size_t id_len)
{
    if (g->nentries == NONE - 1 ||
        grow_array((void **)&g->entries, &g->entry_cap, g->nentries + 1, sizeof *g->entries) < 0)
        return -1;
    entry *e = &g->entries[g->nentries];
    e->next = NONE;
    if (add_string(g, alias, alias_len, &e->alias, &e->alias_len) < 0 ||
        add_string(g, label, label_len, &e->label, &e->label_len) < 0 ||
        add_string(g, id, id_len, &e->id, &e->id_len) < 0)
        return -1;
    uint32_t *link = &g->node_first[node];
    while (*link != NONE)
        link = &g->entries[*link].next;
    *link = g->nentries;
    return g->nentries++;
}

long gaz_add(gazetteer *g, const seg_rules *rules, const char *alias, size_t alias_len,
             const char *label, size_t label_len, const char *id, size_t id_len, int *added)
{
    uint32_t node;
    *added = 0;
    if (!alias || utf8_valid_prefix(alias, alias_len) != alias_len)
        return PARLEY_EUTF8;
    int rc = alias_node(g, rules, alias, alias_len, &node);
    if (rc < 0)
        return rc;
    for (uint32_t e = g->node_first[node]; e != NONE; e = g->entries[e].next)
        if (same_string(g, g->entries[e].label, g->entries[e].label_len, label, label_len) &&
            same_string(g, g->entries[e].id, g->entries[e].id_len, id, id_len))
            return e;
    long n = entry_append(g, node, alias, alias_len, label, label_len, id, id_len);
    *added = n >= 0;
    return n >= 0 ? n : PARLEY_ENOMEM;
}

void gaz_entry_get(const gazetteer *g, uint32_t n, gaz_entry *out)
{
    const entry *e = &g->entries[n];
    out->alias = g->text + e->alias;
    out->alias_len = e->alias_len;
    out->label = e->label == NONE ? NULL : g->text + e->label;
    out->label_len = e->label_len;
    out->id = e->id == NONE ? NULL : g->text + e->id;
    out->id_len = e->id_len;
}

long gaz_node_first(const gazetteer *g, uint32_t node)
{
    return node < g->nnodes && g->node_first[node] != NONE ? (long)g->node_first[node] : -1;
}

long gaz_entry_next(const gazetteer *g, uint32_t n)
{
    return n < g->nentries && g->entries[n].next != NONE ? (long)g->entries[n].next : -1;
}

/* ---- finding ---- */

static int push_hit(gaz_hits *h, uint32_t first, uint32_t last, uint32_t node, const seg_result *seg)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 64;
        gaz_hit *v = realloc(h->v, cap * sizeof *v);
        if (!v)
            return PARLEY_ENOMEM;
        h->v = v;
        h->cap = cap;
    }
    const seg_token *t = &seg->tokens[last - 1];
    uint32_t trim = (t->flags & TOKEN_POSSESSIVE) ? (uint32_t)(t->stop - t->start - key_len(t)) : 0;
    h->v[h->n++] = (gaz_hit){first, last, node, trim};
    return PARLEY_OK;
}

/* The words of tokens [first, last) into h->words. */
static int token_words(gazetteer *g, const char *text, const seg_result *seg, uint32_t first, uint32_t last,
                       gaz_hits *h)
{
    size_t n = last - first;
    if (n > h->words_cap) {
        uint32_t *w = realloc(h->words, n * sizeof *w);
        if (!w)
            return PARLEY_ENOMEM;
        h->words = w;
        h->words_cap = n;
    }
    for (size_t i = 0; i < n; i++)
        if (token_word(g, text, &seg->tokens[first + i], &h->words[i]) < 0)
            return PARLEY_ENOMEM;
    return PARLEY_OK;
}

/* Walk the trie from token `from`; report the longest or every match. */
static int walk_from(const gazetteer *g, const seg_result *seg, uint32_t first, uint32_t last, uint32_t from,
                     int longest, gaz_hits *h)
{
    uint32_t node = 0, best_node = NONE, best_last = 0;
    for (uint32_t k = from; k < last; k++) {
        uint32_t w = h->words[k - first];
        if (w == NONE || (node = child_of(g, node, w)) == NONE)
            break;
        if (g->node_first[node] == NONE)
            continue;
        if (!longest && push_hit(h, from, k + 1, node, seg) < 0)
            return PARLEY_ENOMEM;
        best_node = node;
        best_last = k + 1;
    }
    if (longest && best_node != NONE)
        return push_hit(h, from, best_last, best_node, seg);
    return PARLEY_OK;
}

int gaz_find(gazetteer *g, const char *text, const seg_result *seg, uint32_t first, uint32_t last,
             int longest, gaz_hits *h)
{
    h->n = 0;
    if (last > seg->ntokens)
        last = (uint32_t)seg->ntokens;
    if (first >= last || g->nentries == 0)
        return PARLEY_OK;
    if (token_words(g, text, seg, first, last, h) < 0)
        return PARLEY_ENOMEM;
    for (uint32_t t = first; t < last; t++)
        if (h->words[t - first] != NONE && walk_from(g, seg, first, last, t, longest, h) < 0)
            return PARLEY_ENOMEM;
    return PARLEY_OK;
}
