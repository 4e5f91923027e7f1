/* seg_rules.c: the segmenter's abbreviation lists, kept as a case-folded byte trie. */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "parley.h"
#include "segment.h"
#include "segment_internal.h"

/*
 * Entries are stored under a key: the entry with every letter folded to
 * lower case, whitespace runs made one space, and a final period added if
 * the list left it out. Text is matched by folding it the same way while
 * walking the trie, so matching costs a few byte comparisons per letter and
 * no allocation. An entry's capitals must be capitals in the text ("Sun."
 * matches "Sun." and "SUN." but not "sun."); its small letters match either
 * case ("etc." matches "Etc."). That is how a list says "match the case":
 * by writing the capital.
 */

typedef struct {
    uint32_t child;    /* first child; 0 = none (node 0 is the root and never a child) */
    uint32_t sibling;  /* next child of the same parent; 0 = none */
    int32_t entry;     /* first entry whose key ends here; -1 = none */
    uint8_t byte;
} trie_node;

typedef struct {
    char *text;        /* as listed (trimmed), malloc'd: its capitals are checked at match time */
    size_t len;
    int32_t next;      /* next entry with the same key; -1 = none */
    uint8_t cls;       /* abbr_class */
} abbr_entry;

struct seg_rules {
    trie_node *nodes;
    size_t nnodes, node_cap;
    abbr_entry *entries;
    size_t nentries, entry_cap;
    uint32_t root[256];       /* children of the root, by first byte: no sibling walk there */
    uint8_t lead_first[256];  /* first bytes (either case) of multi-word entries starting with a plain word */
    size_t lead_max;          /* longest such first word, bytes of the key */
};

seg_rules *seg_rules_new(void)
{
    seg_rules *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->nodes = malloc(64 * sizeof *r->nodes);
    if (!r->nodes) {
        free(r);
        return NULL;
    }
    r->node_cap = 64;
    r->nnodes = 1;
    r->nodes[0] = (trie_node){0, 0, -1, 0};
    return r;
}

void seg_rules_free(seg_rules *rules)
{
    if (!rules)
        return;
    for (size_t i = 0; i < rules->nentries; i++)
        free(rules->entries[i].text);
    free(rules->entries);
    free(rules->nodes);
    free(rules);
}

/* ---- folding ---- */

static int32_t fold_cp(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
    return utf8proc_tolower(cp);
}

static int is_upper_cp(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

static int is_lower_cp(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'a' && cp <= 'z';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

/* Whitespace inside a listed entry or matched against one: never a line break. */
static int is_entry_space(int32_t cp)
{
    return cp == '\t' || seg_is_hspace(cp);
}

/* ---- building ---- */

static uint32_t child_of(const seg_rules *r, uint32_t node, uint8_t b)
{
    if (node == 0)
        return r->root[b];
    for (uint32_t c = r->nodes[node].child; c; c = r->nodes[c].sibling)
        if (r->nodes[c].byte == b)
            return c;
    return 0;
}

static int add_child(seg_rules *r, uint32_t node, uint8_t b, uint32_t *out)
{
    if (r->nnodes == r->node_cap) {
        size_t cap = r->node_cap * 2;
        trie_node *n = realloc(r->nodes, cap * sizeof *n);
        if (!n)
            return PARLEY_ENOMEM;
        r->nodes = n;
        r->node_cap = cap;
    }
    uint32_t id = (uint32_t)r->nnodes++;
    r->nodes[id] = (trie_node){0, 0, -1, b};
    if (node == 0) {
        r->root[b] = id;
    } else {
        r->nodes[id].sibling = r->nodes[node].child;
        r->nodes[node].child = id;
    }
    *out = id;
    return 0;
}

/* The key of an entry: folded, one space per whitespace run, ending in '.'. n <= 4 * len + 2. */
static size_t make_key(const char *s, size_t len, char *key, size_t *first_word)
{
    size_t n = 0, p = 0;
    int pending_space = 0;
    *first_word = 0;
    while (p < len) {
        size_t step;
        int32_t cp = seg_decode(s, len, p, &step);
        p += step;
        if (is_entry_space(cp) || cp == '\n' || cp == '\r') {
            pending_space = n > 0;
            continue;
        }
        if (pending_space) {
            if (!*first_word)
                *first_word = n;
            key[n++] = ' ';
            pending_space = 0;
        }
        n += (size_t)utf8proc_encode_char(fold_cp(cp), (utf8proc_uint8_t *)key + n);
    }
    if (n > 0 && key[n - 1] != '.')
        key[n++] = '.';
    return n;
}

static abbr_class class_of(const char *s, size_t len, abbrev_kind kind)
{
    if (kind == ABBR_TITLE)
        return ABBR_CLASS_TITLE;
    if (kind == ABBR_NUMBER)
        return ABBR_CLASS_NUMBER;
    for (size_t p = 0; p < len;) {
        size_t step;
        int32_t cp = seg_decode(s, len, p, &step);
        if (is_upper_cp(cp))
            return ABBR_CLASS_ANY_UPPER;
        if (is_lower_cp(cp))
            return ABBR_CLASS_ANY_LOWER;
        p += step;
    }
    return ABBR_CLASS_ANY_UPPER;
}

static int add_entry(seg_rules *r, uint32_t node, const char *s, size_t len, abbr_class cls)
{
    if (r->nentries == r->entry_cap) {
        size_t cap = r->entry_cap ? r->entry_cap * 2 : 64;
        abbr_entry *e = realloc(r->entries, cap * sizeof *e);
        if (!e)
            return PARLEY_ENOMEM;
        r->entries = e;
        r->entry_cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return PARLEY_ENOMEM;
    memcpy(copy, s, len);
    copy[len] = '\0';
    int32_t id = (int32_t)r->nentries++;
    r->entries[id] = (abbr_entry){copy, len, r->nodes[node].entry, (uint8_t)cls};
    r->nodes[node].entry = id;
    return 0;
}

int seg_rules_add_abbreviation(seg_rules *rules, const char *s, size_t len, abbrev_kind kind)
{
    while (len > 0 && (s[0] == ' ' || s[0] == '\t'))
        s++, len--;
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' || s[len - 1] == '\n'))
        len--;
    if (len == 0 || len > 256)
        return 0;   /* nothing to match; longer "abbreviations" are not abbreviations */
    char key[4 * 256 + 2];
    size_t first_word;
    size_t n = make_key(s, len, key, &first_word);
    uint32_t node = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = child_of(rules, node, (uint8_t)key[i]);
        if (!c && add_child(rules, node, (uint8_t)key[i], &c) < 0)
            return PARLEY_ENOMEM;
        node = c;
    }
    /* A leading plain word ("и" of "и т. д.") is only looked up after words in lead_first. */
    if (first_word && !memchr(key, '.', first_word)) {
        size_t step;
        uint8_t up[8];
        utf8proc_encode_char(utf8proc_toupper(seg_decode(key, n, 0, &step)), up);
        rules->lead_first[(uint8_t)key[0]] = 1;
        rules->lead_first[up[0]] = 1;
        if (first_word > rules->lead_max)
            rules->lead_max = first_word;
    }
    return add_entry(rules, node, s, len, class_of(s, len, kind));
}

/* ---- matching ---- */

/* Whether the capitals of entry e are capitals in text [pos, end). */
static int case_fits(const abbr_entry *e, const char *s, size_t end, size_t pos)
{
    size_t a = 0, b = pos;
    while (a < e->len && b < end) {
        size_t na, nb;
        int32_t ca = seg_decode(e->text, e->len, a, &na);
        int32_t cb = seg_decode(s, end, b, &nb);
        if (is_entry_space(ca)) {
            a += na;
            continue;
        }
        if (is_entry_space(cb)) {
            b += nb;
            continue;
        }
        if (is_upper_cp(ca) && !is_upper_cp(cb))
            return 0;
        a += na;
        b += nb;
    }
    return 1;
}

/* The entry at node that fits the text's case, preferring the one with the most capitals. */
static const abbr_entry *best_entry(const seg_rules *r, uint32_t node, const char *s, size_t end, size_t pos)
{
    const abbr_entry *best = NULL;
    int best_caps = -1;
    for (int32_t id = r->nodes[node].entry; id >= 0; id = r->entries[id].next) {
        const abbr_entry *e = &r->entries[id];
        if (!case_fits(e, s, end, pos))
            continue;
        int caps = 0;
        for (size_t i = 0; i < e->len;) {
            size_t n;
            caps += is_upper_cp(seg_decode(e->text, e->len, i, &n));
            i += n;
        }
        if (caps > best_caps) {
            best = e;
            best_caps = caps;
        }
    }
    return best;
}

/* What may follow an abbreviation's period: anything but a letter or a combining mark. */
static int ends_word(const char *s, size_t len, size_t p, abbr_class cls)
{
    if (p >= len)
        return 1;
    size_t n;
    int32_t cp = seg_decode(s, len, p, &n);
    if (seg_is_letter(cp) || cp == '.')   /* "etc..." is a word and an ellipsis */
        return 0;
    utf8proc_category_t c = utf8proc_category(cp);
    if (c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME)
        return 0;
    if (c == UTF8PROC_CATEGORY_ND && cls != ABBR_CLASS_NUMBER)
        return 0;   /* "No.5" is an abbreviation, "U.S.5" is not */
    return 1;
}

int seg_rules_match(const seg_rules *rules, const char *s, size_t len, size_t pos, abbr_match *m)
{
    if (!rules || rules->nentries == 0)
        return 0;
    uint32_t node = 0;
    size_t p = pos;
    int found = 0, spaced = 0;
    while (p < len) {
        uint8_t buf[8];
        size_t nb, step;
        int32_t cp = seg_decode(s, len, p, &step);
        if (is_entry_space(cp)) {
            if (p == pos)
                break;
            while (p < len && is_entry_space(seg_decode(s, len, p, &step)))
                p += step;
            buf[0] = ' ';
            nb = 1;
            spaced = 1;
        } else {
            nb = (size_t)utf8proc_encode_char(fold_cp(cp), buf);
            p += step;
        }
        for (size_t i = 0; i < nb && node != UINT32_MAX; i++) {
            uint32_t c = child_of(rules, node, buf[i]);
            node = c ? c : UINT32_MAX;
        }
        if (node == UINT32_MAX)
            break;
        if (cp == '.' && rules->nodes[node].entry >= 0) {
            const abbr_entry *e = best_entry(rules, node, s, p, pos);
            if (e && ends_word(s, len, p, (abbr_class)e->cls)) {
                m->end = p;
                m->cls = (abbr_class)e->cls;
                m->spaced = spaced;
                found = 1;
            }
        }
    }
    return found;
}

int seg_rules_lead_word(const seg_rules *rules, const char *s, size_t n)
{
    return rules && n > 0 && n <= rules->lead_max && rules->lead_first[(uint8_t)s[0]];
}
