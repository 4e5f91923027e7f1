/* bench_segment.c: sentences + words with segment_text against ICU's BreakIterator (a bench-only peer). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>

#include "bench.h"
#include "loader.h"
#include "parley.h"
#include "segment.h"

/*
 * bench_segment parley|icu|icu16 CORPUS [REPEAT]
 *
 * The corpus is loaded first (load_bytes: what parley segments is the
 * loader's output) and held in memory, outside the timing; then every
 * document is segmented REPEAT times over.
 *
 * parley: segment_text (tokens, sentences and paragraphs in one call) with
 *         the abbreviation lists of data/abbrev/.
 * icu:    ICU 72 ubrk_* UBRK_WORD then UBRK_SENTENCE (root locale rules,
 *         the default UAX #29 tailoring), over UText on the UTF-8 bytes: no
 *         conversion. Iterators are opened once and reused per document.
 * icu16:  the same over UTF-16: u_strFromUTF8 into a reused buffer first.
 *         It prints two results, with and without the conversion time.
 */

typedef struct {
    char **texts;
    size_t *lens;
    size_t n;
    double bytes;
} texts;

static int load_corpus(const bench_corpus *c, texts *t)
{
    t->texts = calloc(c->ndocs, sizeof *t->texts);
    t->lens = calloc(c->ndocs, sizeof *t->lens);
    if (!t->texts || !t->lens)
        return -1;
    for (size_t i = 0; i < c->ndocs; i++) {
        load_result r;
        int loaded = bench_corpus_load(c, i, &r);
        if (loaded < 0)
            return -1;
        if (!loaded)
            continue;   /* refused by the loader: not segmented by either side */
        t->texts[t->n] = r.text;
        t->lens[t->n++] = r.len;
        t->bytes += (double)r.len;
        r.text = NULL;
        load_result_free(&r);
    }
    return 0;
}

typedef struct {
    double tokens, words, sentences, segments, result_bytes;
    double convert_secs, convert_cpu;   /* icu16: time spent in u_strFromUTF8 */
} counts;

/* ---- parley ---- */

static int run_parley(const texts *t, unsigned repeat, counts *k)
{
    seg_rules *rules = seg_rules_new();
    if (!rules || bench_load_abbreviations(rules) < 0) {
        fprintf(stderr, "bench_segment: cannot read the abbreviation lists in data/abbrev/\n");
        return -1;
    }
    for (unsigned r = 0; r < repeat; r++)
        for (size_t i = 0; i < t->n; i++) {
            seg_result s;
            if (segment_text(rules, t->texts[i], t->lens[i], &s) != 0)
                return -1;
            k->tokens += (double)s.ntokens;
            for (size_t j = 0; j < s.ntokens; j++)
                k->words += s.tokens[j].kind == TOKEN_WORD;
            k->sentences += (double)s.nsentences;
            k->result_bytes += (double)(s.ntokens * sizeof *s.tokens +
                                        (s.nsentences + s.nparagraphs) * sizeof *s.sentences);
            seg_result_free(&s);
        }
    seg_rules_free(rules);
    return 0;
}

/* ---- ICU ---- */

typedef struct {
    UBreakIterator *word, *sentence;
    UText *ut;
    UChar *u16;
    int32_t u16_cap;
} icu;

/* Walk the word then the sentence boundaries of the text the iterators were given. */
static void icu_walk(icu *x, counts *k)
{
    for (int32_t b = ubrk_first(x->word); (b = ubrk_next(x->word)) != UBRK_DONE;) {
        k->segments++;
        k->words += ubrk_getRuleStatus(x->word) != UBRK_WORD_NONE;   /* not space or punctuation */
    }
    for (int32_t b = ubrk_first(x->sentence); (b = ubrk_next(x->sentence)) != UBRK_DONE;)
        k->sentences++;
}

static int icu_doc_utf8(icu *x, const char *s, size_t len, counts *k)
{
    UErrorCode err = U_ZERO_ERROR;
    x->ut = utext_openUTF8(x->ut, s, (int64_t)len, &err);
    ubrk_setUText(x->word, x->ut, &err);
    ubrk_setUText(x->sentence, x->ut, &err);
    if (U_FAILURE(err))
        return -1;
    icu_walk(x, k);
    return 0;
}

static int icu_doc_utf16(icu *x, const char *s, size_t len, counts *k)
{
    UErrorCode err = U_ZERO_ERROR;
    int32_t n = 0;
    if ((size_t)x->u16_cap < len + 1) {   /* UTF-16 never needs more units than UTF-8 has bytes */
        free(x->u16);
        x->u16_cap = (int32_t)len + 1;
        x->u16 = malloc((size_t)x->u16_cap * sizeof *x->u16);
        if (!x->u16)
            return -1;
    }
    double t0 = bench_now(), c0 = bench_cpu_now();
    u_strFromUTF8(x->u16, x->u16_cap, &n, s, (int32_t)len, &err);
    k->convert_secs += bench_now() - t0;
    k->convert_cpu += bench_cpu_now() - c0;
    ubrk_setText(x->word, x->u16, n, &err);
    ubrk_setText(x->sentence, x->u16, n, &err);
    if (U_FAILURE(err))
        return -1;
    icu_walk(x, k);
    return 0;
}

static int run_icu(const texts *t, unsigned repeat, int utf16, counts *k)
{
    UErrorCode err = U_ZERO_ERROR;
    icu x = {ubrk_open(UBRK_WORD, "", NULL, 0, &err), NULL, NULL, NULL, 0};
    x.sentence = ubrk_open(UBRK_SENTENCE, "", NULL, 0, &err);
    if (U_FAILURE(err)) {
        fprintf(stderr, "bench_segment: ubrk_open: %s\n", u_errorName(err));
        return -1;
    }
    for (unsigned r = 0; r < repeat; r++)
        for (size_t i = 0; i < t->n; i++)
            if ((utf16 ? icu_doc_utf16 : icu_doc_utf8)(&x, t->texts[i], t->lens[i], k) < 0)
                return -1;
    ubrk_close(x.word);
    ubrk_close(x.sentence);
    utext_close(x.ut);
    free(x.u16);
    return 0;
}

int main(int argc, char **argv)
{
    const char *usage = "bench_segment parley|icu|icu16 CORPUS [REPEAT]";
    if (argc < 3 || argc > 4)
        bench_usage(usage);
    int which = strcmp(argv[1], "parley") == 0 ? 0 : strcmp(argv[1], "icu") == 0 ? 1
              : strcmp(argv[1], "icu16") == 0 ? 2 : -1;
    if (which < 0)
        bench_usage(usage);
    unsigned repeat = argc > 3 && atoi(argv[3]) > 0 ? (unsigned)atoi(argv[3]) : 1;
    bench_corpus c;
    texts t = {0};
    if (bench_corpus_open(&c, argv[2]) < 0 || load_corpus(&c, &t) < 0)
        return 1;
    counts k = {0};
    double t0 = bench_now(), c0 = bench_cpu_now();
    int rc = which == 0 ? run_parley(&t, repeat, &k) : run_icu(&t, repeat, which == 2, &k);
    double secs = bench_now() - t0, cpu = bench_cpu_now() - c0;
    if (rc < 0)
        return 1;
    char name[96], extra[256];
    bench_corpus_name(&c, repeat, name, sizeof name);
    size_t docs = t.n * repeat;
    double bytes = t.bytes * repeat;
    if (which == 0) {
        snprintf(extra, sizeof extra, "tokens=%.0f words=%.0f sentences=%.0f result_bytes_per_token=%.1f",
                 k.tokens, k.words, k.sentences, k.tokens > 0 ? k.result_bytes / k.tokens : 0);
        bench_result("segment", name, "parley", bytes, docs, secs, cpu, extra);
    } else {
        snprintf(extra, sizeof extra, "tokens=%.0f words=%.0f sentences=%.0f segments=%.0f", k.words,
                 k.words, k.sentences, k.segments);
        if (which == 1) {
            bench_result("segment", name, "ICU 72 UText UTF-8", bytes, docs, secs, cpu, extra);
        } else {
            bench_result("segment", name, "ICU 72 UTF-16 incl. conversion", bytes, docs, secs, cpu, extra);
            bench_result("segment", name, "ICU 72 UTF-16 excl. conversion", bytes, docs,
                         secs - k.convert_secs, cpu - k.convert_cpu, extra);
        }
    }
    for (size_t i = 0; i < t.n; i++)
        free(t.texts[i]);
    free(t.texts);
    free(t.lens);
    bench_corpus_free(&c);
    return 0;
}
