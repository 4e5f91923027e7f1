/* fuzz_segment.c: the news segmenter on loaded text: tokens, sentences and paragraphs tile it. */
#include <string.h>
#include <utf8proc.h>

#include "fuzz.h"
#include "loader.h"
#include "parley.h"
#include "segment.h"

static seg_rules *rules;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    static const struct { const char *s; abbrev_kind kind; } abbreviations[] = {
        {"Dr.", ABBR_TITLE}, {"Mr.", ABBR_TITLE}, {"U.S.", ABBR_ANY}, {"No.", ABBR_NUMBER},
        {"т. е.", ABBR_ANY}, {"г.", ABBR_ANY}, {"им.", ABBR_TITLE},
    };
    rules = seg_rules_new();
    PROPERTY(rules != NULL, "seg_rules_new");
    for (size_t i = 0; i < sizeof abbreviations / sizeof abbreviations[0]; i++)
        PROPERTY(seg_rules_add_abbreviation(rules, abbreviations[i].s, strlen(abbreviations[i].s),
                                            abbreviations[i].kind) == 0, "add abbreviation");
    return 0;
}

static int boundary(const char *s, size_t len, size_t i)
{
    return i == 0 || i >= len || ((unsigned char)s[i] & 0xC0) != 0x80;
}

/*
 * What may lie between spans: white space, control characters (U+001F in a
 * wire story is no word; found by this target, kept in regressions/segment)
 * and format characters (ZWSP, ZWJ, BOM) a segmenter may skip as ignorable.
 */
static int skippable(utf8proc_int32_t cp)
{
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat == UTF8PROC_CATEGORY_CC || cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
           cat == UTF8PROC_CATEGORY_ZP || cat == UTF8PROC_CATEGORY_CF;
}

/*
 * What a sentence or paragraph is trimmed of: White_Space (PropList.txt),
 * not controls (DEL may end one) nor format characters (nor a ZWJ ending an
 * emoji sequence); both found by this target, kept in regressions/segment.
 */
static int space(utf8proc_int32_t cp)
{
    return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000;
}

/* Nothing but skippable characters in text[from, to): no text falls between two spans. */
static int only_space(const char *s, size_t from, size_t to)
{
    while (from < to) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + from, (utf8proc_ssize_t)(to - from), &cp);
        if (n <= 0 || !skippable(cp))
            return 0;
        from += (size_t)n;
    }
    return 1;
}

/* Whether the code point starting at byte i (or ending just before it, when before) is a space. */
static int space_at(const char *s, size_t len, size_t i, int before)
{
    if (before)
        while (i > 0 && !boundary(s, len, --i))
            ;
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
    return n > 0 && space(cp);
}

/* Whether s[from, to) holds any White_Space. */
static int has_space(const char *s, size_t from, size_t to)
{
    while (from < to) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + from, (utf8proc_ssize_t)(to - from), &cp);
        if (n > 0 && space(cp))
            return 1;
        from += n > 0 ? (size_t)n : 1;
    }
    return 0;
}

/* Spans in order, on code points, not overlapping, trimmed, with only space between them. */
static void check_spans(const char *s, size_t len, const seg_span *spans, size_t n, const char *what)
{
    size_t last = 0;
    for (size_t i = 0; i < n; i++) {
        size_t a = spans[i].start, b = spans[i].stop;
        PROPERTY(a < b && b <= len, "%s %zu is [%zu, %zu) of %zu", what, i, a, b, len);
        PROPERTY(boundary(s, len, a) && boundary(s, len, b), "%s %zu splits a code point", what, i);
        PROPERTY(a >= last, "%s %zu overlaps the one before", what, i);
        PROPERTY(only_space(s, last, a), "text between %s %zu and the one before is in neither", what, i);
        PROPERTY(!space_at(s, len, a, 0) && !space_at(s, len, b, 1),
                 "%s %zu starts or ends with a space", what, i);
        last = b;
    }
    PROPERTY(only_space(s, last, len), "text after the last %s is in none", what);
}

/* Each of inner lies inside one of outer, in order. */
static void check_nested(const seg_span *inner, size_t ni, const seg_span *outer, size_t no, const char *what)
{
    size_t j = 0;
    for (size_t i = 0; i < ni; i++) {
        while (j < no && outer[j].stop <= inner[i].start)
            j++;
        PROPERTY(j < no && outer[j].start <= inner[i].start && inner[i].stop <= outer[j].stop,
                 "%s %zu lies in no enclosing span", what, i);
    }
}

static void check_tokens(const char *s, size_t len, const seg_result *r)
{
    size_t last = 0;
    uint32_t sentence = 0;
    for (size_t i = 0; i < r->ntokens; i++) {
        const seg_token *t = &r->tokens[i];
        PROPERTY(t->start < t->stop && t->stop <= len, "token %zu is [%u, %u)", i, t->start, t->stop);
        PROPERTY(boundary(s, len, t->start) && boundary(s, len, t->stop), "token %zu splits a code point", i);
        PROPERTY(t->start >= last, "token %zu overlaps the one before", i);
        PROPERTY(only_space(s, last, t->start), "text before token %zu is in no token", i);
        PROPERTY(t->kind >= TOKEN_WORD && t->kind <= TOKEN_HASHTAG, "token %zu has kind %u", i, t->kind);
        PROPERTY(t->suffix_len <= t->stop - t->start, "token %zu: suffix longer than the token", i);
        PROPERTY(t->suffix_len == 0 || (t->flags & TOKEN_POSSESSIVE), "token %zu: suffix without the flag", i);
        PROPERTY(t->sentence >= sentence && t->sentence < r->nsentences, "token %zu in sentence %u", i, t->sentence);
        PROPERTY(r->sentences[t->sentence].start <= t->start && t->stop <= r->sentences[t->sentence].stop,
                 "token %zu lies outside its sentence %u", i, t->sentence);
        /* SPACE_AFTER says the gap to the next token holds white space, wherever in
         * it (a control may come first: found by this target), and is set whenever it does. */
        size_t next = i + 1 < r->ntokens ? r->tokens[i + 1].start : len;
        int spaced = has_space(s, t->stop, next);
        PROPERTY((t->flags & TOKEN_SPACE_AFTER) ? spaced : (!spaced || i + 1 == r->ntokens),
                 "token %zu: SPACE_AFTER is %s, the gap after it %s white space", i,
                 (t->flags & TOKEN_SPACE_AFTER) ? "set" : "clear", spaced ? "holds" : "has no");
        sentence = t->sentence;
        last = t->stop;
    }
    PROPERTY(only_space(s, last, len), "text after the last token is in no token");
}

static void segment_once(const seg_rules *with, const char *s, size_t len)
{
    seg_result r, again;
    PROPERTY(segment_text(with, s, len, &r) == 0, "segment_text failed");
    check_tokens(s, len, &r);
    check_spans(s, len, r.sentences, r.nsentences, "sentence");
    check_spans(s, len, r.paragraphs, r.nparagraphs, "paragraph");
    check_nested(r.sentences, r.nsentences, r.paragraphs, r.nparagraphs, "sentence");
    PROPERTY(segment_text(with, s, len, &again) == 0, "segment_text failed the second time");
    PROPERTY(again.ntokens == r.ntokens && again.nsentences == r.nsentences &&
             (r.ntokens == 0 || memcmp(again.tokens, r.tokens, r.ntokens * sizeof *r.tokens) == 0),
             "not deterministic");   /* no tokens: the arrays may be NULL, which memcmp must not see */
    seg_result_free(&again);
    seg_result_free(&r);
}

/* Raw bytes, invalid ones included: never a crash, spans in order and inside the text. */
static void segment_raw(const char *s, size_t len)
{
    seg_result r;
    PROPERTY(segment_text(rules, s, len, &r) == 0, "segment_text failed on raw bytes");
    for (size_t i = 0; i < r.ntokens; i++)
        PROPERTY(r.tokens[i].start < r.tokens[i].stop && r.tokens[i].stop <= len &&
                 (i == 0 || r.tokens[i].start >= r.tokens[i - 1].stop), "raw token %zu out of order", i);
    for (size_t i = 0; i < r.nsentences; i++)
        PROPERTY(r.sentences[i].start < r.sentences[i].stop && r.sentences[i].stop <= len,
                 "raw sentence %zu out of the text", i);
    seg_result_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    segment_raw((const char *)data, size);
    load_result loaded;
    if (load_bytes((const char *)data, size, LOAD_REPAIR, &loaded) != PARLEY_OK)
        return 0;   /* the segmenter sees loaded text only: valid NFC UTF-8 with LF */
    segment_once(rules, loaded.text, loaded.len);
    segment_once(NULL, loaded.text, loaded.len);
    load_result_free(&loaded);
    return 0;
}
