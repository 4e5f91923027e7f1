/* test_gazetteer.c: the phrase trie over folded token keys, and the overlap policies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "gazetteer.h"
#include "overlap.h"
#include "parley.h"

/*
 * Expected matches were decided by reading the texts: which tokens the
 * news segmenter makes ("Armenia’s" is one possessive token, "U.S." one
 * abbreviation) and what text_fold keeps (ə, й) or drops (case, accents).
 */

static seg_rules *rules;

static long add(gazetteer *g, const char *alias, const char *label, const char *id, int *added)
{
    return gaz_add(g, rules, alias, strlen(alias), label, label ? strlen(label) : 0, id, id ? strlen(id) : 0,
                   added);
}

/* Keep the longest of overlapping hits, as the Lua binding does by default. */
static void keep_longest(gaz_hits *h)
{
    match_cand *c = calloc(h->n + 1, sizeof *c);
    for (size_t i = 0; i < h->n; i++)
        c[i] = (match_cand){h->v[i].first, h->v[i].last, i, (uint32_t)i, 0};
    ptrdiff_t k = overlap_select(c, h->n, OVERLAP_LONGEST);
    gaz_hit *kept = malloc((h->n + 1) * sizeof *kept);
    for (ptrdiff_t i = 0; i < k; i++)
        kept[i] = h->v[c[i].ref];
    if (k > 0)
        memcpy(h->v, kept, (size_t)k * sizeof *kept);
    h->n = (size_t)k;
    free(kept);
    free(c);
}

/* The matches of text, as "text=id|text=id" (the first entry of each node); longest: without overlaps. */
static char *find_all(gazetteer *g, const char *text, int longest)
{
    static char out[4096];
    seg_result seg;
    gaz_hits h = {0};
    out[0] = '\0';
    check(segment_text(rules, text, strlen(text), &seg) == 0, "segment");
    check(gaz_find(g, text, &seg, 0, (uint32_t)seg.ntokens, longest, &h) == 0, "gaz_find");
    if (longest)
        keep_longest(&h);
    for (size_t i = 0; i < h.n; i++) {
        size_t start = seg.tokens[h.v[i].first].start, stop = seg.tokens[h.v[i].last - 1].stop - h.v[i].trim;
        gaz_entry e;
        gaz_entry_get(g, (uint32_t)gaz_node_first(g, h.v[i].node), &e);
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s%.*s=%s", i ? "|" : "", (int)(stop - start),
                 text + start, e.id ? e.id : "-");
    }
    gaz_hits_free(&h);
    seg_result_free(&seg);
    return out;
}

static gazetteer *actors(void)
{
    gazetteer *g = gaz_new();
    int added;
    check(add(g, "Nikol Pashinyan", "PERSON", "pashinyan", &added) == 0 && added, "first entry is 0");
    check(add(g, "Pashinyan", "PERSON", "pashinyan", &added) == 1, "second");
    add(g, "Пашинян", "PERSON", "pashinyan", &added);
    add(g, "Փաշինյան", "PERSON", "pashinyan", &added);
    add(g, "Armenia", "GPE", "armenia", &added);
    add(g, "Azerbaijan", "GPE", "azerbaijan", &added);
    add(g, "Azərbaycan", "GPE", "azerbaijan", &added);
    add(g, "U.S.", "GPE", "usa", &added);
    add(g, "Jeyhun Bayramov", "PERSON", "bayramov", &added);
    add(g, "Foreign Minister Jeyhun Bayramov", "PERSON", "bayramov_title", &added);
    return g;
}

static void test_keys(void)
{
    gazetteer *g = actors();
    check(strcmp(find_all(g, "Nikol Pashinyan met Pashinyan.", 1), "Nikol Pashinyan=pashinyan|Pashinyan=pashinyan") == 0,
          "longest: %s", find_all(g, "Nikol Pashinyan met Pashinyan.", 1));
    check(strcmp(find_all(g, "Nikol Pashinyan", 0), "Nikol Pashinyan=pashinyan|Pashinyan=pashinyan") == 0,
          "every match: %s", find_all(g, "Nikol Pashinyan", 0));
    check(strcmp(find_all(g, "NIKOL PASHINYAN", 1), "NIKOL PASHINYAN=pashinyan") == 0, "case does not matter");
    check(strcmp(find_all(g, "Пашинян и ПАШИНЯН", 1), "Пашинян=pashinyan|ПАШИНЯН=pashinyan") == 0,
          "Cyrillic: %s", find_all(g, "Пашинян и ПАШИНЯН", 1));
    check(strcmp(find_all(g, "Փաշինյան, Փաշինյանը", 1), "Փաշինյան=pashinyan") == 0,
          "Armenian; the inflected Փաշինյանը is another word: %s", find_all(g, "Փաշինյան, Փաշինյանը", 1));
    check(strcmp(find_all(g, "Armenia’s and Armenia's", 1), "Armenia=armenia|Armenia=armenia") == 0,
          "possessives match, without the clitic: %s", find_all(g, "Armenia’s and Armenia's", 1));
    check(strcmp(find_all(g, "AZERBAIJAN", 1), "AZERBAIJAN=azerbaijan") == 0, "upper case");
    check(strcmp(find_all(g, "Azərbaycan Azerbaycan AZƏRBAYCAN", 1), "Azərbaycan=azerbaijan|AZƏRBAYCAN=azerbaijan") == 0,
          "ə is a letter of its own: %s", find_all(g, "Azərbaycan Azerbaycan AZƏRBAYCAN", 1));
    check(strcmp(find_all(g, "the U.S. said", 1), "U.S.=usa") == 0, "an abbreviation is one token");
    check(strcmp(find_all(g, "Azerbaijani Foreign Minister Jeyhun Bayramov told", 1),
                 "Foreign Minister Jeyhun Bayramov=bayramov_title") == 0, "the longest alias");
    check(strcmp(find_all(g, "Foreign Minister Jeyhun", 1), "") == 0, "a prefix is no match");
    check(strcmp(find_all(g, "", 1), "") == 0, "empty text");
    seg_result seg;
    const char *t = "Armenia’s Yerevan";
    segment_text(rules, t, strlen(t), &seg);
    check(gaz_knows(g, t, &seg.tokens[0]) == 1, "the possessive's base is known");
    check(gaz_knows(g, t, &seg.tokens[1]) == 0, "Yerevan is not");
    seg_result_free(&seg);
    gaz_free(g);
}

static void test_entries(void)
{
    gazetteer *g = actors();
    int added;
    size_t before = gaz_entries(g);
    check(add(g, "ARMENIA", "GPE", "armenia", &added) == 4 && !added, "the same key, label and id: not added again");
    check(add(g, "Armenia", "GPE", "armenia_old", &added) == (long)before && added, "another id on the same key");
    gaz_entry e;
    long first = -1;
    seg_result seg;
    gaz_hits h = {0};
    segment_text(rules, "armenia", 7, &seg);
    gaz_find(g, "armenia", &seg, 0, 1, 1, &h);
    check(h.n == 1, "one match for two entries");
    if (h.n == 1)
        first = gaz_node_first(g, h.v[0].node);
    gaz_entry_get(g, (uint32_t)first, &e);
    check(e.id && strcmp(e.id, "armenia") == 0 && e.alias_len == 7 && memcmp(e.alias, "Armenia", 7) == 0,
          "the first entry added comes first, with its alias as written");
    long second = gaz_entry_next(g, (uint32_t)first);
    gaz_entry_get(g, (uint32_t)second, &e);
    check(e.id && strcmp(e.id, "armenia_old") == 0, "then the second");
    check(gaz_entry_next(g, (uint32_t)second) == -1, "and no more");
    check(add(g, "Nowhere", NULL, NULL, &added) >= 0 && added, "label and id are optional");
    gaz_entry_get(g, (uint32_t)gaz_entries(g) - 1, &e);
    check(e.label == NULL && e.id == NULL, "absent label and id are NULL");
    check(add(g, "  \n", "X", "x", &added) == PARLEY_EEMPTY, "an alias without tokens");
    check(add(g, "\xff", "X", "x", &added) == PARLEY_EUTF8, "invalid UTF-8");
    gaz_hits_free(&h);
    seg_result_free(&seg);
    gaz_free(g);
}

/* A token folded to an unknown word is cached; adding that word later must still find it. */
static void test_cache(void)
{
    gazetteer *g = actors();
    int added;
    check(strcmp(find_all(g, "Пашиняна", 1), "") == 0, "the genitive is not listed");
    add(g, "Пашиняна", "PERSON", "pashinyan", &added);
    check(strcmp(find_all(g, "Пашиняна", 1), "Пашиняна=pashinyan") == 0, "once listed, it is found");
    gaz_free(g);
}

static const char *first_names[] = {"Anna", "Aram", "Boris", "Davit", "Elena", "Farid", "Gohar", "Hasan",
                                    "Irina", "Jamal", "Karen", "Leyla", "Mariam", "Nikol", "Oleg", "Pavel"};

/* 100,000 generated aliases: build and match time, printed (no timing is asserted). */
static void test_large(void)
{
    gazetteer *g = gaz_new();
    char alias[64];
    int added;
    int wrong = 0;
    clock_t t0 = clock();
    for (int i = 0; i < 100000; i++) {
        snprintf(alias, sizeof alias, "%s Name%dyan", first_names[i % 16], i / 16);
        wrong += gaz_add(g, rules, alias, strlen(alias), "PERSON", 6, alias, strlen(alias), &added) != i;
    }
    check(wrong == 0, "%d aliases were not numbered in order", wrong);
    double build = (double)(clock() - t0) / CLOCKS_PER_SEC;
    const char *unit = "Talks between Aram Name77yan and Nikol Name6249yan of the Armenian side ended. ";
    size_t reps = 20000, len = strlen(unit) * reps;
    char *text = malloc(len + 1);
    for (size_t i = 0; i < reps; i++)
        memcpy(text + i * strlen(unit), unit, strlen(unit));
    text[len] = '\0';
    seg_result seg;
    gaz_hits h = {0};
    segment_text(rules, text, len, &seg);
    t0 = clock();
    check(gaz_find(g, text, &seg, 0, (uint32_t)seg.ntokens, 1, &h) == 0, "find");
    double find = (double)(clock() - t0) / CLOCKS_PER_SEC;
    check(h.n == 2 * reps, "two names per sentence: %zu", h.n);
    printf("gazetteer: 100000 aliases (%zu words) built in %.2fs; matched %.1f MB in %.3fs (%.0f MB/s)\n",
           gaz_words(g), build, (double)len / 1e6, find, find > 0 ? (double)len / 1e6 / find : 0.0);
    gaz_hits_free(&h);
    seg_result_free(&seg);
    free(text);
    gaz_free(g);
}

/* ---- overlap policies ---- */

static char *chosen(const match_cand *in, size_t n, overlap_policy p)
{
    static char out[256];
    match_cand c[16];
    memcpy(c, in, n * sizeof *c);
    ptrdiff_t k = overlap_select(c, n, p);
    out[0] = '\0';
    for (ptrdiff_t i = 0; i < k; i++)
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s%u-%u", i ? " " : "", c[i].first, c[i].last);
    return out;
}

static void test_overlap(void)
{
    /* "A B C D": rule 0 matches B-C, rule 1 matches A-B and C-D, rule 2 matches A-D. */
    match_cand c[] = {{1, 3, 0, 0, 0}, {0, 2, 1, 0, 0}, {2, 4, 1, 0, 0}, {0, 4, 2, 0, 0}};
    check(strcmp(chosen(c, 4, OVERLAP_ALL), "0-4 0-2 1-3 2-4") == 0, "all, in text order: %s", chosen(c, 4, OVERLAP_ALL));
    check(strcmp(chosen(c, 4, OVERLAP_LONGEST), "0-4") == 0, "longest: %s", chosen(c, 4, OVERLAP_LONGEST));
    check(strcmp(chosen(c, 3, OVERLAP_LONGEST), "0-2 2-4") == 0, "equal lengths: the earlier start wins: %s",
          chosen(c, 3, OVERLAP_LONGEST));
    check(strcmp(chosen(c, 4, OVERLAP_FIRST), "1-3") == 0, "first rule wins: %s", chosen(c, 4, OVERLAP_FIRST));
    match_cand d[] = {{5, 6, 3, 0, 0}, {0, 1, 0, 0, 0}, {5, 6, 1, 0, 0}};
    check(strcmp(chosen(d, 3, OVERLAP_LONGEST), "0-1 5-6") == 0, "same span twice: one kept");
    match_cand e[3];
    memcpy(e, d, sizeof d);
    overlap_select(e, 3, OVERLAP_LONGEST);
    check(e[1].prio == 1, "of the same span, the smaller prio is kept");
    check(overlap_select(NULL, 0, OVERLAP_LONGEST) == 0, "nothing to choose");
}

int main(void)
{
    rules = seg_rules_new();
    seg_rules_add_abbreviation(rules, "U.S.", 4, ABBR_ANY);
    test_keys();
    test_entries();
    test_cache();
    test_large();
    test_overlap();
    seg_rules_free(rules);
    return check_report("gazetteer");
}
