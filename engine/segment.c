/* segment.c: the segmenter's public API: tokens, sentences and paragraphs of news text (see segment.h). */
#include <stdlib.h>
#include <string.h>

#include "parley.h"
#include "segment.h"
#include "segment_internal.h"

/*
 * The work is in three files: seg_tokens.c (text -> tokens), seg_sentences.c
 * (boundaries) and seg_rules.c (abbreviation lists). This file runs them and
 * turns the tokens' scratch facts into sentence indices.
 */

void seg_result_free(seg_result *r)
{
    if (!r)
        return;
    free(r->tokens);
    free(r->sentences);
    free(r->paragraphs);
    memset(r, 0, sizeof *r);
}

/* The first token whose start (by_stop: stop) lies past off, or at it for starts. */
static uint32_t first_token_after(const seg_result *r, size_t off, int by_stop)
{
    size_t lo = 0, hi = r->ntokens;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (by_stop ? r->tokens[mid].stop <= off : r->tokens[mid].start < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (uint32_t)lo;
}

uint32_t seg_token_at(const seg_result *r, size_t off)
{
    return first_token_after(r, off, 0);
}

uint32_t seg_token_from(const seg_result *r, size_t off)
{
    return first_token_after(r, off, 1);
}

uint32_t seg_sentence_at(const seg_result *r, size_t off)
{
    size_t lo = 0, hi = r->nsentences;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->sentences[mid].start <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (uint32_t)(lo > 0 ? lo - 1 : 0);
}

/* Replace each token's scratch facts by the index of its sentence. */
static void number_tokens(seg_result *r)
{
    size_t s = 0;
    for (size_t i = 0; i < r->ntokens; i++) {
        while (s + 1 < r->nsentences && r->tokens[i].start >= r->sentences[s].stop)
            s++;
        r->tokens[i].sentence = (uint32_t)s;
        r->tokens[i].reserved = 0;
    }
}

int segment_text(const seg_rules *rules, const char *text, size_t len, seg_result *out)
{
    memset(out, 0, sizeof *out);
    if (len > UINT32_MAX)
        return PARLEY_ENOMEM;   /* offsets are 32-bit: such a text cannot be described */
    token_array tokens = {NULL, 0, 0};
    if (len > 0) {
        tokens.cap = len / 6 + 16;   /* about one token per 6 bytes of news; grows by doubling */
        if (tokens.cap > (1u << 20))
            tokens.cap = 1u << 20;
        tokens.items = malloc(tokens.cap * sizeof *tokens.items);
        if (!tokens.items)
            return PARLEY_ENOMEM;
    }
    int rc = seg_tokenize(rules, text, len, &tokens);
    if (rc == 0 && tokens.len > 0)
        rc = seg_sentences(text, len, tokens.items, tokens.len, out);
    out->tokens = tokens.items;
    out->ntokens = tokens.len;
    if (rc < 0) {
        seg_result_free(out);
        return rc;
    }
    if (out->ntokens == 0) {
        free(out->tokens);
        out->tokens = NULL;
    }
    number_tokens(out);
    return 0;
}
