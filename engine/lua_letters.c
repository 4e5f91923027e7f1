/* lua_letters.c: text.letter_counts, text.word_hits and text.letter_counter, the counting behind parley.lang, in C. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <utf8proc.h>

#include "lua_api.h"
#include "lua_text.h"
#include "unitext.h"
#include "word_dfa.h"

/*
 * Language detection reads every character of a document's head, and a Lua
 * loop over characters or words costs more than the rest of loading. The
 * rules stay in Lua (parley.lang: which ranges name which script, which words
 * are function words, how the counts decide); these two functions only count.
 *
 * A "letter" is an ASCII letter, a code point inside one of the script
 * ranges given (whatever its category: Armenian punctuation counts as
 * Armenian, as it did in the Lua rules), or any other code point of general
 * category L, which counts as "latin".
 */

/* parley.lang names ten ranges; a fixed bound keeps the tables on the C stack. */
#define MAX_RANGES 64

typedef struct {
    int32_t lo, hi;
    int name_ref;   /* index of the range's name in the scratch table */
} script_range;

typedef struct {
    script_range ranges[MAX_RANGES];
    size_t n;
} script_table;

/* Reads { {lo, hi, name}, ... } at arg; the names go in order into the table at names. */
static void scripts_read(lua_State *L, int arg, int names, script_table *t)
{
    luaL_checktype(L, arg, LUA_TTABLE);
    size_t n = lua_rawlen(L, arg);
    if (n > MAX_RANGES)
        luaL_error(L, "text: at most %d script ranges", MAX_RANGES);
    for (t->n = 0; t->n < n; t->n++) {
        lua_rawgeti(L, arg, (lua_Integer)t->n + 1);
        int ok = lua_istable(L, -1);
        if (ok) {
            lua_rawgeti(L, -1, 1);
            lua_rawgeti(L, -2, 2);
            lua_rawgeti(L, -3, 3);
            ok = lua_isinteger(L, -3) && lua_isinteger(L, -2) && lua_type(L, -1) == LUA_TSTRING;
            if (ok) {
                script_range *r = &t->ranges[t->n];
                r->lo = (int32_t)lua_tointeger(L, -3);
                r->hi = (int32_t)lua_tointeger(L, -2);
                r->name_ref = (int)t->n + 1;
                lua_pushvalue(L, -1);
                lua_rawseti(L, names, r->name_ref);
            }
            lua_pop(L, 3);
        }
        lua_pop(L, 1);
        if (!ok)
            luaL_error(L, "text: script range %d is not {lo, hi, name}", (int)t->n + 1);
    }
}

static int is_ascii_letter(unsigned char b)
{
    return (unsigned)((b | 0x20) - 'a') < 26u;
}

static unsigned char ascii_lower(unsigned char b)
{
    return b >= 'A' && b <= 'Z' ? (unsigned char)(b + ('a' - 'A')) : b;
}

/* The script of a letter: the index of its range (1-based), 0 for "latin", -1 for no letter. */
static int script_of(const script_table *t, int32_t cp)
{
    if (cp < 0x80)
        return is_ascii_letter((unsigned char)cp) ? 0 : -1;
    for (size_t i = 0; i < t->n; i++)
        if (cp >= t->ranges[i].lo && cp <= t->ranges[i].hi)
            return t->ranges[i].name_ref;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
        return 0;
    default:
        return -1;
    }
}

/* The code point at pos in valid UTF-8, and its length in *size. */
static int32_t next_cp(const char *s, size_t len, size_t pos, size_t *size)
{
    if ((unsigned char)s[pos] < 0x80) {   /* most of the text in most languages' news */
        *size = 1;
        return (unsigned char)s[pos];
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + pos,
                                          (utf8proc_ssize_t)(len - pos), &cp);
    *size = n > 0 ? (size_t)n : 1;
    return n > 0 ? cp : -1;
}


/*
 * What a word must look like to be a key of some set: no longer than the
 * longest key, and starting with a byte some key starts with (keys are
 * lowercase; an ASCII capital is looked up as its lowercase). Most words of
 * a text fail one test and are never lowercased or looked up. Only words of
 * ASCII letters are judged; the others are always looked up.
 */
typedef struct {
    size_t longest;
    unsigned char first[256];
} key_shape;

static int may_be_key(const key_shape *shape, const char *s, size_t len, int ascii)
{
    if (!ascii)
        return 1;   /* lowercasing may change a letter's first byte or length: the Kelvin sign is three bytes, k one */
    return shape->first[ascii_lower((unsigned char)s[0])] && len <= shape->longest;
}

/*
 * The words of every set, each with the bit mask of the sets that hold it,
 * in an open-addressing table: a power of two of slots, at most half full.
 * glibc's hsearch_r served first, but it wants NUL-terminated keys and
 * measures, hashes and compares them with strlen and strcmp: a third of
 * detection's time. Here a word is found by its length and FNV-1a hash
 * before its bytes are compared.
 */
typedef struct {
    const char *key;   /* NULL: an empty slot */
    uint32_t len, hash, mask;
} word_slot;

typedef struct {
    word_slot *slots;
    size_t nslots;     /* a power of two */
} word_table;

#define FNV_OFFSET 2166136261u

static uint32_t fnv1a_step(uint32_t h, unsigned char b)
{
    return (h ^ b) * 16777619u;
}

static uint32_t fnv1a(const char *s, size_t n)
{
    uint32_t h = FNV_OFFSET;
    for (size_t i = 0; i < n; i++)
        h = fnv1a_step(h, (unsigned char)s[i]);
    return h;
}

/* memcmp(a, b, n) == 0 for the few bytes of a word, without a call into libc. */
static int same_bytes(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

/* The slot of the word s[0..n), or the empty slot where it would go. */
static word_slot *word_slot_of(const word_table *w, const char *s, size_t n, uint32_t hash)
{
    for (size_t i = hash & (w->nslots - 1);; i = (i + 1) & (w->nslots - 1)) {
        word_slot *slot = &w->slots[i];
        if (!slot->key || (slot->hash == hash && slot->len == n && same_bytes(slot->key, s, n)))
            return slot;
    }
}

/*
 * A letter counter: the script ranges, the marked code points and the word
 * sets read once into C, so that counting a text makes no Lua value per
 * word. parley.lang makes one when it loads and counts every document's head
 * with it; letter_counts and word_hits make one for a single call.
 *
 * The words of every set go into one word table. The userdata exists,
 * with its __gc, before anything is allocated, so an error while reading
 * the tables leaks nothing.
 */
#define MAX_SETS 16
#define COUNTER_RANGE_NAMES 1   /* user values: the ranges' names, by index */
#define COUNTER_SET_NAMES 2     /* the sets' names, by index (letter_counter only) */

typedef struct {
    script_table scripts;
    int32_t *marked;            /* the marked code points beyond ASCII, sorted */
    size_t nmarked;
    int nsets;
    word_table words;           /* lowercase word -> mask of the sets holding it */
    char *keys;                 /* the words' bytes, in one block */
    key_shape shape;
    word_dfa dfa;               /* the words of a..z again, as an automaton (none: dfa.next NULL) */
    uint32_t *ends;             /* scratch of counter_run_dfa: words that ended in each state */
} letter_counter;

typedef struct {
    lua_Integer tally[MAX_RANGES + 1];   /* [0] latin, [i] range i */
    lua_Integer total, marked;
    lua_Integer hits[MAX_SETS];
} letter_tally;

static int counter_gc(lua_State *L)
{
    letter_counter *c = luaL_checkudata(L, 1, PARLEY_LETTER_COUNTER_TYPE);
    word_dfa_free(&c->dfa);
    free(c->ends);
    free(c->words.slots);
    free(c->keys);
    free(c->marked);
    c->ends = NULL;
    c->words.slots = NULL;
    c->keys = NULL;
    c->marked = NULL;
    return 0;
}

static int compare_cp(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* After lua_next on the marked set: a key >= 0x80 whose value is true, the only ones a text can mark. */
static int is_mark_entry(lua_State *L)
{
    return lua_isinteger(L, -2) && lua_tointeger(L, -2) >= 0x80 && lua_toboolean(L, -1);
}

static void counter_read_marked(lua_State *L, int arg, letter_counter *c)
{
    size_t n = 0;
    lua_pushnil(L);
    while (lua_next(L, arg)) {
        n += is_mark_entry(L);
        lua_pop(L, 1);
    }
    if (n == 0)
        return;
    if (!(c->marked = malloc(n * sizeof *c->marked)))
        luaL_error(L, "text: out of memory");
    lua_pushnil(L);
    while (lua_next(L, arg)) {
        if (is_mark_entry(L)) {
            lua_Integer cp = lua_tointeger(L, -2);
            c->marked[c->nmarked++] = cp > INT32_MAX ? INT32_MAX : (int32_t)cp;
        }
        lua_pop(L, 1);
    }
    qsort(c->marked, c->nmarked, sizeof *c->marked, compare_cp);
}

/* A key a word can equal: a string without NUL bytes (words are runs of letters). */
static int usable_key(lua_State *L, size_t *len)
{
    if (lua_type(L, -2) != LUA_TSTRING)
        return 0;
    const char *key = lua_tolstring(L, -2, len);
    return *len > 0 && strlen(key) == *len;
}

/* Room for the words of the sets at sets[0..nsets): how many and their bytes. */
static void counter_measure_sets(lua_State *L, const int *sets, int nsets, size_t *nkeys, size_t *bytes)
{
    *nkeys = *bytes = 0;
    for (int k = 0; k < nsets; k++) {
        lua_pushnil(L);
        while (lua_next(L, sets[k])) {
            size_t len;
            if (usable_key(L, &len)) {
                ++*nkeys;
                *bytes += len;
            }
            lua_pop(L, 1);
        }
    }
}

/* Every word of set k into the table, its bit k set (a word in two sets is one entry). */
static void counter_add_set(lua_State *L, int set, int k, letter_counter *c, size_t *used)
{
    lua_pushnil(L);
    while (lua_next(L, set)) {
        size_t len;
        if (usable_key(L, &len)) {
            char *key = c->keys + *used;
            memcpy(key, lua_tostring(L, -2), len);
            uint32_t hash = fnv1a(key, len);
            word_slot *slot = word_slot_of(&c->words, key, len, hash);
            if (!slot->key) {   /* a word in two sets is one entry */
                *slot = (word_slot){.key = key, .len = (uint32_t)len, .hash = hash};
                *used += len;
            }
            slot->mask |= (uint32_t)1 << k;
            if (len > c->shape.longest)
                c->shape.longest = len;
            c->shape.first[(unsigned char)key[0]] = 1;
        }
        lua_pop(L, 1);
    }
}

/* The automaton of the words of a..z (see counter_run_dfa); without one, every word is hashed. */
static void counter_build_dfa(lua_State *L, letter_counter *c)
{
    size_t n = 0, cap = c->words.nslots;
    const char **keys = malloc(cap * sizeof *keys);
    size_t *lens = malloc(cap * sizeof *lens);
    uint32_t *masks = malloc(cap * sizeof *masks);
    int rc = keys && lens && masks ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < cap; i++) {
        const word_slot *slot = &c->words.slots[i];
        if (slot->key)
            keys[n] = slot->key, lens[n] = slot->len, masks[n++] = slot->mask;
    }
    if (rc == 0)
        rc = word_dfa_build(&c->dfa, keys, lens, masks, n);
    free(keys);
    free(lens);
    free(masks);
    if (rc == 0 && !(c->ends = malloc(c->dfa.nstates * sizeof *c->ends)))
        rc = -1;
    if (rc < 0)
        luaL_error(L, "text: out of memory");
}

static void counter_read_sets(lua_State *L, const int *sets, int nsets, letter_counter *c)
{
    size_t nkeys, bytes, used = 0;
    c->nsets = nsets;
    counter_measure_sets(L, sets, nsets, &nkeys, &bytes);
    if (nkeys == 0)
        return;
    size_t nslots = 8;
    while (nslots < 2 * nkeys)
        nslots *= 2;
    if (!(c->keys = malloc(bytes)) || !(c->words.slots = calloc(nslots, sizeof *c->words.slots)))
        luaL_error(L, "text: out of memory");
    c->words.nslots = nslots;
    for (int k = 0; k < nsets; k++)
        counter_add_set(L, sets[k], k, c, &used);
    counter_build_dfa(L, c);
}

/*
 * Pushes a new counter of the ranges at scripts, the set at marked (0 for
 * none) and the word sets at sets[0..nsets), all absolute indices.
 */
static letter_counter *counter_new(lua_State *L, int scripts, int marked, const int *sets, int nsets)
{
    letter_counter *c = lua_newuserdatauv(L, sizeof *c, 2);
    memset(c, 0, sizeof *c);
    luaL_setmetatable(L, PARLEY_LETTER_COUNTER_TYPE);
    lua_newtable(L);
    scripts_read(L, scripts, lua_gettop(L), &c->scripts);
    lua_setiuservalue(L, -2, COUNTER_RANGE_NAMES);
    if (marked)
        counter_read_marked(L, marked, c);
    counter_read_sets(L, sets, nsets, c);
    return c;
}

/* Whether cp is one of the marked code points (all beyond ASCII: ə ğ ı). */
static int is_marked(const letter_counter *c, int32_t cp)
{
    return cp >= 0x80 && c->nmarked && bsearch(&cp, c->marked, c->nmarked, sizeof *c->marked, compare_cp);
}

/* The ASCII word s[0..n) lowercased into buf, and its FNV-1a hash, in one pass. */
static uint32_t lower_ascii_hashed(const char *s, size_t n, char *buf)
{
    uint32_t h = FNV_OFFSET;
    for (size_t i = 0; i < n; i++) {
        unsigned char lower = ascii_lower((unsigned char)s[i]);
        buf[i] = (char)lower;
        h = fnv1a_step(h, lower);
    }
    return h;
}

/* Adds the sets holding the lowercase of the word s[0..n) (ascii: of ASCII letters only) to t->hits; may_be_key passed. */
static void count_word(lua_State *L, const letter_counter *c, const char *s, size_t n, int ascii,
                       letter_tally *t)
{
    if (!c->words.slots)
        return;
    const word_slot *slot;
    char lower[64];
    if (ascii && n <= sizeof lower) {   /* nearly every word: no allocation, one pass */
        slot = word_slot_of(&c->words, lower, n, lower_ascii_hashed(s, n, lower));
    } else {
        text_push_lower(L, "letter counter", s, n);
        const char *key = lua_tolstring(L, -1, &n);
        slot = word_slot_of(&c->words, key, n, fnv1a(key, n));
        lua_pop(L, 1);   /* the slot points into the counter, not into the string */
    }
    for (int k = 0; slot->key && k < c->nsets; k++)
        t->hits[k] += (slot->mask >> k) & 1;
}

/* Where the run of ASCII letters from pos ends. */
static size_t ascii_letters_end(const char *s, size_t len, size_t pos)
{
    while (pos < len && is_ascii_letter((unsigned char)s[pos]))
        pos++;
    return pos;
}

/* Where the run of ASCII bytes other than letters from pos ends. */
static size_t ascii_others_end(const char *s, size_t len, size_t pos)
{
    while (pos < len && (unsigned char)s[pos] < 0x80 && !is_ascii_letter((unsigned char)s[pos]))
        pos++;
    return pos;
}

/* One pass over valid UTF-8: letters per script, marked code points, words in the sets. */
static void counter_run_words(lua_State *L, const letter_counter *c, const char *s, size_t len, letter_tally *t)
{
    size_t word = SIZE_MAX, size;
    int ascii = 1;   /* the word so far has only ASCII letters */
    for (size_t pos = 0; pos < len; pos += size) {
        int32_t cp = next_cp(s, len, pos, &size);
        int script = script_of(&c->scripts, cp);
        if (script >= 0) {
            if (word == SIZE_MAX)
                word = pos, ascii = 1;
            if (cp < 0x80)   /* the ASCII letters that follow, in one step */
                size = ascii_letters_end(s, len, pos + 1) - pos;
            else
                ascii = 0;
            t->tally[script] += cp < 0x80 ? (lua_Integer)size : 1;
        } else {
            if (word != SIZE_MAX && may_be_key(&c->shape, s + word, pos - word, ascii))
                count_word(L, c, s + word, pos - word, ascii, t);
            word = SIZE_MAX;
            if (cp < 0x80)   /* the ASCII non-letters that follow, in one step */
                size = ascii_others_end(s, len, pos + 1) - pos;
        }
        if (is_marked(c, cp))
            t->marked++;
    }
    if (word != SIZE_MAX && may_be_key(&c->shape, s + word, len - word, ascii))
        count_word(L, c, s + word, len - word, ascii, t);
}

/* From pos, inside a word with a letter beyond ASCII: tallies its letters and marks; where it ends. */
static size_t rest_of_word(const letter_counter *c, const char *s, size_t len, size_t pos, letter_tally *t)
{
    size_t size;
    for (; pos < len; pos += size) {
        int32_t cp = next_cp(s, len, pos, &size);
        int script = script_of(&c->scripts, cp);
        if (script < 0)
            break;
        t->tally[script]++;
        if (is_marked(c, cp))
            t->marked++;
    }
    return pos;
}

/* The hits of the words that ended in each state of the automaton. */
static void add_dfa_hits(const letter_counter *c, letter_tally *t)
{
    for (size_t st = WORD_DFA_DEAD + 1; st < c->dfa.nstates; st++)
        for (int k = 0; c->dfa.accept[st] && k < c->nsets; k++)
            t->hits[k] += (lua_Integer)c->ends[st] * ((c->dfa.accept[st] >> k) & 1);
}

/*
 * counter_run_words' count, with the words of ASCII letters read by the
 * automaton: an ASCII byte is one table step and a few additions, and no
 * branch depends on where words begin or end (with two mispredicted
 * branches a word, the letter loop and the lookup took a sixth of parley
 * ingest's CPU time). The state at each boundary goes into a log, flushed into
 * c->ends per block: counting into ends[state] at every byte would chain
 * each byte's addition to the last one's through memory. A word that holds
 * a letter beyond ASCII is taken the old way from its first letter, and
 * the automaton's guess for it is dropped.
 */
#define DFA_BLOCK 4096

typedef struct {
    unsigned state;
    size_t word;             /* where the current word began */
    lua_Integer letters;     /* ASCII letters */
} dfa_scan;

/* The ASCII bytes of s[pos..stop): returns where a byte beyond ASCII (or stop) is. */
static size_t dfa_ascii_run(const letter_counter *c, const char *s, size_t pos, size_t stop, dfa_scan *scan)
{
    uint16_t log[DFA_BLOCK + 1];
    size_t nlog = 0;
    const uint16_t *next = c->dfa.next;
    unsigned state = scan->state;
    size_t word = scan->word;
    lua_Integer letters = scan->letters;
    if (stop - pos > DFA_BLOCK)
        stop = pos + DFA_BLOCK;
    for (; pos < stop; pos++) {
        unsigned char b = (unsigned char)s[pos];
        if (b >= 0x80)
            break;
        unsigned cls = word_dfa_class(b);
        log[nlog] = (uint16_t)state;
        nlog += cls == 0;
        letters += cls != 0;
        word = state == WORD_DFA_BOUNDARY ? pos : word;
        state = next[state << WORD_DFA_SHIFT | cls];
    }
    for (size_t i = 0; i < nlog; i++)
        c->ends[log[i]]++;
    scan->state = state, scan->word = word, scan->letters = letters;
    return pos;
}

static void counter_run_dfa(lua_State *L, const letter_counter *c, const char *s, size_t len, letter_tally *t)
{
    memset(c->ends, 0, c->dfa.nstates * sizeof *c->ends);
    dfa_scan scan = {.state = WORD_DFA_BOUNDARY};
    size_t pos = 0;
    while (pos < len) {
        if ((unsigned char)s[pos] < 0x80) {
            pos = dfa_ascii_run(c, s, pos, len, &scan);
            continue;
        }
        size_t size;
        int32_t cp = next_cp(s, len, pos, &size);
        int script = script_of(&c->scripts, cp);
        if (is_marked(c, cp))
            t->marked++;
        if (script < 0) {   /* a boundary beyond ASCII: “ — » */
            c->ends[scan.state]++;
        } else {
            if (scan.state == WORD_DFA_BOUNDARY)
                scan.word = pos;
            t->tally[script]++;
            size_t end = rest_of_word(c, s, len, pos + size, t);
            count_word(L, c, s + scan.word, end - scan.word, 0, t);
            size = end - pos;
        }
        scan.state = WORD_DFA_BOUNDARY;
        pos += size;
    }
    c->ends[scan.state]++;
    t->tally[0] += scan.letters;
    add_dfa_hits(c, t);
}

static void counter_run(lua_State *L, const letter_counter *c, const char *s, size_t len, letter_tally *t)
{
    memset(t, 0, sizeof *t);
    if (c->dfa.next)
        counter_run_dfa(L, c, s, len, t);
    else
        counter_run_words(L, c, s, len, t);
    for (size_t i = 0; i <= c->scripts.n; i++)
        t->total += t->tally[i];
}

/* Pushes { name = letters } for the scripts with letters, from the counter at index. */
static void push_script_counts(lua_State *L, int counter, const letter_counter *c, const letter_tally *t)
{
    lua_getiuservalue(L, counter, COUNTER_RANGE_NAMES);
    int names = lua_gettop(L);
    lua_newtable(L);
    for (size_t i = 0; i <= c->scripts.n; i++) {
        if (!t->tally[i])
            continue;
        if (i == 0)
            lua_pushliteral(L, "latin");
        else
            lua_rawgeti(L, names, (lua_Integer)i);
        lua_pushvalue(L, -1);
        lua_rawget(L, -3);
        lua_Integer before = lua_isinteger(L, -1) ? lua_tointeger(L, -1) : 0;
        lua_pop(L, 1);
        lua_pushinteger(L, before + t->tally[i]);   /* two ranges may share a name */
        lua_rawset(L, -3);
    }
    lua_remove(L, names);
}

/*
 * text.letter_counts(s, scripts [, marked]) -> counts, total, nmarked
 * counts[name] letters per script ("latin" for letters in no range; a script
 * without letters is absent), total letters, and how many code points of s
 * are keys of the set `marked` ({[cp] = true}).
 */
static int l_letter_counts(lua_State *L)
{
    size_t len;
    const char *s = text_check_arg(L, 1, "letter_counts", &len);
    int marked = !lua_isnoneornil(L, 3) ? 3 : 0;
    if (marked)
        luaL_checktype(L, 3, LUA_TTABLE);
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 3);
    const letter_counter *c = counter_new(L, 2, marked, NULL, 0);
    letter_tally t;
    counter_run(L, c, s, len, &t);
    push_script_counts(L, 4, c, &t);
    lua_pushinteger(L, t.total);
    lua_pushinteger(L, t.marked);
    return 3;
}

/*
 * text.word_hits(s, scripts, set...) -> n...
 * For each set (a table keyed by lowercase words), how many words of s it
 * holds. Words are the maximal runs of letters (as letter_counts defines
 * them), lowercased with text.lower's root rules.
 */
static int l_word_hits(lua_State *L)
{
    size_t len;
    const char *s = text_check_arg(L, 1, "word_hits", &len);
    int nsets = lua_gettop(L) - 2, sets[MAX_SETS] = {0};
    if (nsets > MAX_SETS)
        return luaL_error(L, "text.word_hits: at most %d sets", MAX_SETS);
    luaL_checktype(L, 2, LUA_TTABLE);
    for (int k = 0; k < nsets; k++) {
        luaL_checktype(L, 3 + k, LUA_TTABLE);
        sets[k] = 3 + k;
    }
    const letter_counter *c = counter_new(L, 2, 0, sets, nsets);
    letter_tally t;
    counter_run(L, c, s, len, &t);
    for (int k = 0; k < nsets; k++)
        lua_pushinteger(L, t.hits[k]);
    return nsets;
}

/*
 * text.letter_counter(scripts [, marked [, sets]]) -> counter
 * The tables of letter_counts and word_hits read once; sets is { name = set }.
 * Later changes to the tables are not seen.
 */
static int l_letter_counter(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    int marked = lua_isnoneornil(L, 2) ? 0 : 2;
    if (marked)
        luaL_checktype(L, 2, LUA_TTABLE);
    int has_sets = !lua_isnoneornil(L, 3);
    if (has_sets)
        luaL_checktype(L, 3, LUA_TTABLE);
    lua_settop(L, 3);
    lua_newtable(L);   /* 4: the sets' names, by index */
    int nsets = 0, sets[MAX_SETS] = {0};
    luaL_checkstack(L, MAX_SETS + 8, "text.letter_counter");
    if (has_sets) {
        lua_pushnil(L);
        while (lua_next(L, 3)) {
            if (lua_type(L, -2) != LUA_TSTRING || !lua_istable(L, -1))
                return luaL_error(L, "text.letter_counter: sets must be { name = { word = true } }");
            if (nsets == MAX_SETS)
                return luaL_error(L, "text.letter_counter: at most %d sets", MAX_SETS);
            lua_pushvalue(L, -2);
            lua_rawseti(L, 4, ++nsets);
            lua_insert(L, -2);   /* keep the set on the stack, below the key */
        }
    }
    for (int k = 0; k < nsets; k++)
        sets[k] = 5 + k;   /* each set stayed on the stack, in the order of the names */
    counter_new(L, 1, marked, sets, nsets);
    lua_pushvalue(L, 4);
    lua_setiuservalue(L, -2, COUNTER_SET_NAMES);
    return 1;
}

/* counter:count(s) -> counts, total, nmarked, hits: letter_counts' three, and { set name = n }. */
static int l_counter_count(lua_State *L)
{
    const letter_counter *c = luaL_checkudata(L, 1, PARLEY_LETTER_COUNTER_TYPE);
    size_t len;
    const char *s = text_check_arg(L, 2, "letter_counter:count", &len);
    lua_settop(L, 2);
    letter_tally t;
    counter_run(L, c, s, len, &t);
    push_script_counts(L, 1, c, &t);
    lua_pushinteger(L, t.total);
    lua_pushinteger(L, t.marked);
    lua_createtable(L, 0, c->nsets);
    if (lua_getiuservalue(L, 1, COUNTER_SET_NAMES) == LUA_TTABLE) {
        for (int k = 0; k < c->nsets; k++) {
            lua_rawgeti(L, -1, k + 1);
            lua_pushinteger(L, t.hits[k]);
            lua_rawset(L, -4);
        }
    }
    lua_pop(L, 1);
    return 4;
}

static const luaL_Reg counter_methods[] = {
    {"count", l_counter_count},
    {NULL, NULL},
};

static const luaL_Reg letters_funcs[] = {
    {"letter_counts", l_letter_counts},
    {"word_hits", l_word_hits},
    {"letter_counter", l_letter_counter},
    {NULL, NULL},
};

void text_letters_register(lua_State *L)
{
    luaL_newmetatable(L, PARLEY_LETTER_COUNTER_TYPE);
    lua_pushcfunction(L, counter_gc);
    lua_setfield(L, -2, "__gc");
    luaL_newlib(L, counter_methods);
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
    luaL_setfuncs(L, letters_funcs, 0);
}
