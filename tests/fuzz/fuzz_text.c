/* fuzz_text.c: normal forms, case and fold, grapheme clusters on any bytes (engine/unitext.h). */
#include <string.h>

#include "fuzz.h"
#include "loader.h"
#include "parley.h"
#include "unitext.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

static int is_boundary(const char *s, size_t len, size_t i)
{
    return i == 0 || i == len || ((unsigned char)s[i] & 0xC0) != 0x80;
}

/* A transform's output: valid UTF-8, or a clean refusal of invalid input. */
static char *transformed(ptrdiff_t n, char **result, int valid_input, const char *what, size_t *len)
{
    char *out = *result;   /* read after the call: argument order is unspecified */
    if (!valid_input) {
        PROPERTY(n == PARLEY_EUTF8 && out == NULL, "%s accepted invalid UTF-8 (%td)", what, n);
        return NULL;
    }
    PROPERTY(n >= 0 && out != NULL, "%s failed on valid UTF-8 (%td)", what, n);
    PROPERTY(out[n] == '\0', "%s output not NUL-terminated", what);
    PROPERTY(utf8_valid_prefix(out, (size_t)n) == (size_t)n, "%s output is not valid UTF-8", what);
    *len = (size_t)n;
    return out;
}

static int same(const char *a, size_t alen, const char *b, size_t blen)
{
    return alen == blen && memcmp(a, b, alen) == 0;
}

/* NFC and NFKC are idempotent; NFD(NFC(s)) = NFD(s): composing changes no meaning. */
static void check_normal_forms(const char *s, size_t len, int valid)
{
    char *nfc, *nfd, *again, *nfd2, *nfkc, *nfkc2;
    size_t nfc_len, nfd_len, again_len, nfd2_len, nfkc_len, nfkc2_len;
    nfc = transformed(text_normalize(s, len, TEXT_NFC, &nfc), &nfc, valid, "NFC", &nfc_len);
    nfd = transformed(text_normalize(s, len, TEXT_NFD, &nfd), &nfd, valid, "NFD", &nfd_len);
    nfkc = transformed(text_normalize(s, len, TEXT_NFKC, &nfkc), &nfkc, valid, "NFKC", &nfkc_len);
    if (!valid)
        return;
    again = transformed(text_normalize(nfc, nfc_len, TEXT_NFC, &again), &again, 1, "NFC twice", &again_len);
    PROPERTY(same(nfc, nfc_len, again, again_len), "NFC is not idempotent");
    nfd2 = transformed(text_normalize(nfc, nfc_len, TEXT_NFD, &nfd2), &nfd2, 1, "NFD of NFC", &nfd2_len);
    PROPERTY(same(nfd, nfd_len, nfd2, nfd2_len), "NFD(NFC(s)) differs from NFD(s)");
    nfkc2 = transformed(text_normalize(nfkc, nfkc_len, TEXT_NFKC, &nfkc2), &nfkc2, 1, "NFKC twice", &nfkc2_len);
    PROPERTY(same(nfkc, nfkc_len, nfkc2, nfkc2_len), "NFKC is not idempotent");
    free(nfc), free(nfd), free(again), free(nfd2), free(nfkc), free(nfkc2);
}

/* The matching key is a fixed point: folding a folded string changes nothing. */
static void check_case(const char *s, size_t len, int valid)
{
    char *out, *twice;
    size_t out_len, twice_len;
    static const text_lang langs[] = {TEXT_LANG_ROOT, TEXT_LANG_TURKIC, TEXT_LANG_ARMENIAN};
    for (int i = 0; i < 3; i++) {
        free(transformed(text_upper(s, len, langs[i], &out), &out, valid, "upper", &out_len));
        free(transformed(text_lower(s, len, langs[i], &out), &out, valid, "lower", &out_len));
    }
    free(transformed(text_casefold(s, len, &out), &out, valid, "casefold", &out_len));
    out = transformed(text_fold(s, len, &out), &out, valid, "fold", &out_len);
    if (!valid)
        return;
    twice = transformed(text_fold(out, out_len, &twice), &twice, 1, "fold twice", &twice_len);
    PROPERTY(same(out, out_len, twice, twice_len), "fold is not idempotent");
    free(out), free(twice);
}

/* Clusters tile the text: each starts where the last ended, none is empty, all on code points. */
static void check_graphemes(const char *s, size_t len, int valid)
{
    int32_t state = 0;
    size_t pos = 0, clusters = 0, width = 0;
    while (pos < len) {
        size_t end = text_grapheme_end(s, len, pos, &state);
        PROPERTY(end > pos && end <= len, "cluster at %zu ends at %zu (len %zu)", pos, end, len);
        if (valid)
            PROPERTY(is_boundary(s, len, end), "cluster ends inside a code point at %zu", end);
        width += (size_t)text_cluster_width(s + pos, end - pos);
        clusters++;
        pos = end;
    }
    if (valid) {
        PROPERTY(clusters <= text_count(s, len), "more clusters than code points");
        PROPERTY(width == text_width(s, len), "text_width %zu, clusters sum to %zu", text_width(s, len), width);
    }
}

static void check_counts(const char *s, size_t len)
{
    size_t n = text_count(s, len);
    for (size_t i = 0; i <= n; i++) {
        size_t off = text_offset(s, len, i);
        PROPERTY(off <= len && is_boundary(s, len, off), "code point %zu at byte %zu", i, off);
    }
    PROPERTY(text_offset(s, len, n) == len, "offset of the end");
    (void)text_first(s, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    int valid = utf8_valid_prefix(s, size) == size;
    check_normal_forms(s, size, valid);
    check_case(s, size, valid);
    check_graphemes(s, size, valid);
    if (valid)
        check_counts(s, size);
    return 0;
}
