/* seg_sentences.c: the segmenter's second pass: sentence and paragraph boundaries over the tokens. */
#define _GNU_SOURCE   /* memmem */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "parley.h"
#include "segment.h"
#include "segment_internal.h"

/*
 * One decision per gap between two tokens, left to right; each decision
 * looks at a bounded window of tokens (at most ~10 ahead), and every line is
 * measured once (a small cache keeps the last four), so the pass is linear.
 * A first pass over the tokens marks list markers and the brackets that close
 * nearby (an unclosed "(" must not hold a sentence open for pages).
 *
 * A sentence ends:
 *   - at a blank line (which also ends the paragraph), and at the end;
 *   - after final punctuation (. ! ? … ։ and runs like ?! !! ...) with the
 *     closing quotes and brackets glued to it, when what follows starts a
 *     sentence: after skipping opening quotes, brackets and dashes, a word
 *     that is not in lower case (a capital, a digit, a caseless script;
 *     "eBay", "iPhone" count as capitalised). Not when: a comma or another
 *     mark follows ("Alone!, he said"); the next word is glued on
 *     ("Yahoo!Japan", "...Այդպես"), except a capital after a period
 *     ("world.Today") or anything after ։; a bracket opened in the sentence
 *     is still open; the period belongs to a list marker ("1. The first
 *     item"); an ellipsis stands apart with spaces on both sides (" ... ":
 *     a pause; 4 dots ". . . .": an end) or marks an omission ("[...]"); the
 *     text is Armenian, where "." is the colon (միջակետ) and only ։ or ":"
 *     end a sentence; a quotation closing in "!" or "?" is followed by its
 *     attribution ("“Never!” Aliyev said.": capitalised words, then a
 *     speech verb). A quotation of two sentences is split inside the quotes.
 *   - after an abbreviation, by its class (seg_rules.c, data/abbrev/en.txt):
 *       title          never (Mr. Smith), except after a number, where it is
 *                      a unit ("2024 г. Стороны");
 *       number         before a capitalised word that is not a label
 *                      ("was no. The" but "No. 5", "Vol. II");
 *       any, small     before a capital ("etc. The"), unless the capital
 *                      continues a time ("3 p.m. Friday", "9 a.m. Moscow time");
 *       any, capital   before a sentence starter only: a short list of
 *       initialisms    function words (The, He, It, In, But ...) that begin
 *                      sentences but rarely follow "U.S." inside one
 *                      ("U.S. Government" vs "in the U.S. The talks");
 *       initial        the same, but never at a sentence start ("A. Mirzoyan
 *                      said") or before another initial (J. R. R. Tolkien);
 *     Armenian abbreviations never end a sentence.
 *   - before a list item: a bullet in running text, or a marker in a run
 *     of consecutive markers ("1) The first 2) The second", "a. x b. y")
 *     whose item starts with a capital; otherwise ("(1) the troops and
 *     (2) the roads") only after final punctuation;
 *   - at a single newline, by the line heuristics below.
 *
 * Line heuristics. A single newline is usually a hard wrap (newswire copy
 * wrapped at ~65 columns) and then is just a space. It ends a sentence, even
 * without final punctuation, when:
 *   - either line is a table row (a run of 3+ spaces or a tab between words,
 *     not right after . ! ? :);
 *   - the next line starts a list item (•, *, 1., 1), a), (a), and "- " when
 *     the line before ends in : ; , or final punctuation, is itself a dash
 *     item, or the item starts with a capital);
 *   - the next line is indented at least as much as this one and 2+ columns
 *     more than the least indented line of its block (a new wire paragraph),
 *     unless this line is itself a list item (hanging indent);
 *   - this line is all capitals and the next has small letters (a headline);
 *   - the next line starts with a capital and this one ends in a number
 *     (wire line items: "Net 617,000 vs 604,000" / "Revs 1.9 mln vs 1.8 mln");
 *   - this line is short: the next line's first word would have fitted on it
 *     with 6 columns to spare, the wrap width being the widest of this line,
 *     the next and one line on either side (a heading over a long unwrapped
 *     paragraph, "Advertisement", a dateline); never when the next line
 *     starts in lower case or this one ends in a comma, an opening bracket
 *     or a title abbreviation ("Mr.\nMirzoyan").
 * Measured on 3,000 Reuters-21578 articles: next-word slack under 6 columns
 * is almost always a wrap, 6 or more before a capital almost always a table
 * row, a line item or a headline; a line indented more than the one before
 * starts a new paragraph in 583 of 586 cases. Over all 21,578 articles, 5 of
 * 174,923 sentences still hold an indented wire paragraph (tables whose rows
 * look like prose).
 */

#define NONE SIZE_MAX
#define LOOKAHEAD 8          /* tokens skipped at most looking for the next word */
#define PAREN_REACH 400      /* bytes: a bracket closed further away does not hold a sentence open */
#define WRAP_SLACK 6         /* columns: a line this much shorter than needed was broken on purpose */

typedef enum { ITEM_NONE, ITEM_SURE, ITEM_DASH } item_kind;

typedef struct {
    size_t indent;       /* columns of leading blanks (a tab counts 4) */
    size_t width;        /* columns up to the last non-blank, with the indent (full) */
    size_t first_word;   /* code points of the first word */
    int table;           /* a run of 3+ spaces or a tab between words (not after . ! ? :) */
    item_kind item;      /* starts like a list item */
    int starts_lower;    /* the first letter or digit (after quotes, brackets) is a small letter */
    int starts_upper;    /* ... is a capital */
    int32_t last;        /* the last non-blank code point */
    size_t text_start, text_end;   /* the line without its leading and trailing blanks */
    int full;            /* the width is measured */
} line_info;

typedef struct {
    const char *s;
    size_t len;
    seg_token *t;
    size_t n;
    seg_result *out;
    size_t sent_cap, para_cap;
    size_t sent_first;       /* first token of the current sentence */
    size_t first_content;    /* its first token that is not opening punctuation, or NONE */
    size_t para_first;       /* first token of the current paragraph */
    int paren_depth;         /* brackets open in the sentence (only those that close nearby) */
    int armenian;            /* the last word with letters was Armenian */
    size_t line_start[4];            /* the lines measured last (a line is measured once): */
    line_info line[4];               /* their facts, by start offset; NONE = empty slot */
    unsigned line_next;              /* the slot to reuse next */
    size_t last_line_start, last_line_end;   /* the line after the last line break decided */
    size_t block_start, block_end;   /* the blank-line block measured last */
    size_t block_indent;             /* and the least indentation of its lines */
    int oom;
} sctx;

/* ---- tokens ---- */

static int is_punct(const seg_token *t, punct_class pc)
{
    return t->kind == TOKEN_PUNCT && aux_punct(t) == pc;
}

static int attached(const sctx *c, size_t i)
{
    return i + 1 < c->n && c->t[i].stop == c->t[i + 1].start;
}

static int tok_is(const sctx *c, const seg_token *t, const char *str)
{
    size_t k = strlen(str);
    return t->stop - t->start == k && memcmp(c->s + t->start, str, k) == 0;
}

static int is_final_punct(punct_class pc)
{
    return pc == PUNCT_PERIOD || pc == PUNCT_EXCLQ || pc == PUNCT_ELLIPSIS || pc == PUNCT_ARM_STOP ||
           pc == PUNCT_FULLSTOP;
}

static int is_terminator(const sctx *c, const seg_token *t)
{
    if (t->kind != TOKEN_PUNCT)
        return 0;
    punct_class pc = aux_punct(t);
    return is_final_punct(pc) || (pc == PUNCT_COLON && c->armenian);
}

/* ---- word lists ---- */

static int cmp_word(const void *key, const void *elem)
{
    return strcmp((const char *)key, *(const char *const *)elem);
}

/* Words that begin sentences but seldom follow U.S., Inc. or an initial inside one. Sorted (strcmp). */
static const char *const STARTERS[] = {
    "A", "About", "After", "Again", "All", "Also", "Although", "Among", "An", "And", "Another",
    "Any", "Are", "As", "At", "Because", "Before", "Being", "Both", "But", "By", "Can", "Could",
    "Despite", "Did", "Do", "Does", "During", "Each", "Earlier", "Either", "Even", "Every", "Everybody", "Everyone", "For",
    "From", "Had", "Has", "Have", "He", "Her", "Here", "His", "How", "However", "I", "If", "In",
    "Instead", "Is", "It", "Its", "Just", "Last", "Later", "Many", "Meanwhile", "Millions", "More",
    "Most", "Much", "My", "Neither", "Never", "Nevertheless", "Next", "No", "Nobody", "None", "Nor", "Not", "Nothing", "Now",
    "Of", "On", "Once", "One", "Only", "Or", "Other", "Our", "Over", "Several", "She", "Since",
    "So", "Some", "Somebody", "Someone", "Still", "Such", "That", "The", "Their", "Then", "There", "These", "They",
    "This", "Those", "Though", "Thousands", "Thus", "To", "Today", "Two", "Unlike", "Until", "Was",
    "We", "Were", "What", "When", "Where", "Whether", "Which", "While", "Who", "Why", "Will",
    "With", "Without", "Would", "Yesterday", "Yet", "You", "Your",
    "А", "В", "Во", "Вот", "Все", "Всё", "Вчера", "Для", "До", "Его", "Её", "Если", "За",
    "Затем", "И", "Из", "Их", "К", "Как", "Когда", "Кроме", "Мы", "На", "Но", "Однако", "Он",
    "Она", "Они", "Оно", "От", "По", "После", "При", "С", "Сегодня", "Со", "Так", "Также",
    "Тогда", "У", "Это", "Эта", "Эти", "Этот", "Я",
};

/* Verbs of an attribution after a quotation: “Never!” Aliyev said. Sorted. */
static const char *const SPEECH_VERBS[] = {
    "added", "admitted", "agreed", "announced", "answered", "argued", "asked", "claimed",
    "concluded", "continued", "cried", "declared", "demanded", "exclaimed", "explained",
    "insisted", "noted", "posted", "recalled", "remarked", "replied", "responded", "said", "says",
    "shouted", "stated", "stressed", "suggested", "told", "tweeted", "urged", "warned", "wrote",
};

/* Capitalised words that continue a time after a.m./p.m.: 3 p.m. Friday. Sorted. */
static const char *const TIME_WORDS[] = {
    "April", "August", "December", "February", "Friday", "January", "July", "June", "March",
    "May", "Monday", "November", "October", "Saturday", "September", "Sunday", "Thursday",
    "Tuesday", "Wednesday",
};

#define LIST_LEN(a) (sizeof(a) / sizeof *(a))

/* Whether the token (up to an apostrophe, at most 15 bytes) is in the sorted list. */
static int in_list(const sctx *c, const seg_token *t, const char *const *list, size_t n)
{
    char word[16];
    size_t k = 0;
    for (uint32_t p = t->start; p < t->stop && c->s[p] != '\'' && (uint8_t)c->s[p] != 0xE2; p++) {
        if (k == sizeof word - 1)
            return 0;
        word[k++] = c->s[p];
    }
    word[k] = '\0';
    return bsearch(word, list, n, sizeof *list, cmp_word) != NULL;
}

static int is_starter(const sctx *c, const seg_token *t)
{
    return t->kind == TOKEN_WORD && !(t->flags & TOKEN_ABBREVIATION) &&
           in_list(c, t, STARTERS, LIST_LEN(STARTERS));
}

/* The case of a word as a sentence start: "eHow", "iPhone" count as capitalised. */
static letter_case word_case(const sctx *c, const seg_token *t)
{
    letter_case lc = aux_case(t);
    if (lc != CASE_LOWER || t->kind != TOKEN_WORD)
        return lc;
    for (uint32_t p = t->start + 1; p < t->stop && p < t->start + 12; p++) {
        char ch = c->s[p];
        if (ch >= 'A' && ch <= 'Z')
            return CASE_UPPER;
        if (!(ch >= 'a' && ch <= 'z'))
            break;
    }
    return lc;
}

/* ---- looking ahead ---- */

/* The first token after j that is not an opening quote, bracket or dash, in the paragraph; or NONE. */
static size_t next_word(const sctx *c, size_t j)
{
    for (size_t k = j + 1; k < c->n && k <= j + LOOKAHEAD; k++) {
        if (aux_nl(&c->t[k - 1]) >= 2)
            return NONE;
        const seg_token *t = &c->t[k];
        if (!(is_punct(t, PUNCT_OPEN) || is_punct(t, PUNCT_QUOTE) || is_punct(t, PUNCT_DASH)))
            return k;
    }
    return NONE;
}

/* “Never!” Aliyev said: up to four capitalised words, then a speech verb. */
static int attribution_follows(const sctx *c, size_t k)
{
    if (is_starter(c, &c->t[k]))
        return 0;   /* "Who will sign?” Nobody answered." */
    for (size_t m = k + 1; m < c->n && m <= k + 4; m++) {
        const seg_token *t = &c->t[m];
        if (aux_nl(&c->t[m - 1]) >= 1 || t->kind != TOKEN_WORD)
            return 0;
        if (aux_case(t) == CASE_LOWER)
            return in_list(c, t, SPEECH_VERBS, LIST_LEN(SPEECH_VERBS));
    }
    return 0;
}

/* 3 p.m. Friday, 9 a.m. Moscow time, 10 a.m. GMT. */
static int time_continues(const sctx *c, size_t k)
{
    const seg_token *w = &c->t[k];
    if (in_list(c, w, TIME_WORDS, LIST_LEN(TIME_WORDS)))
        return 1;
    size_t n = w->stop - w->start;
    int caps = n >= 2 && n <= 4;
    for (uint32_t p = w->start; caps && p < w->stop; p++)
        caps = c->s[p] >= 'A' && c->s[p] <= 'Z';
    if (caps)
        return 1;
    return k + 1 < c->n && aux_nl(w) == 0 && tok_is(c, &c->t[k + 1], "time");
}

static int is_opening(const seg_token *t)
{
    return is_punct(t, PUNCT_OPEN) || is_punct(t, PUNCT_QUOTE) || is_punct(t, PUNCT_BULLET) || is_punct(t, PUNCT_DASH);
}

/* Whether tokens [sent_first, i) hold nothing but opening punctuation and bullets. */
static int at_sentence_start(const sctx *c, size_t i)
{
    return c->first_content == NONE || c->first_content >= i;
}

static int roman_value(const char *s, size_t n)
{
    static const char digits[] = "ivxlcdm";
    static const int values[] = {1, 5, 10, 50, 100, 500, 1000};
    int total = 0, prev = 0;
    if (n == 0 || n > 6)
        return 0;
    for (size_t i = n; i-- > 0;) {
        char ch = (char)(s[i] | 0x20);
        const char *d = strchr(digits, ch);
        if (!d || !*d || (s[i] & 0x20) != (s[0] & 0x20))
            return 0;
        int v = values[d - digits];
        total += v < prev ? -v : v;
        prev = v > prev ? v : prev;
    }
    return total;
}

/* The value of a list marker's label: 1-3 digits, one ASCII letter, or a roman numeral. */
typedef enum { LABEL_NONE, LABEL_DIGIT, LABEL_LOWER, LABEL_UPPER, LABEL_ROMAN } label_type;

static label_type label_of(const sctx *c, const seg_token *t, int *value, int *roman)
{
    const char *s = c->s + t->start;
    size_t n = t->stop - t->start;
    *roman = 0;
    if (t->kind == TOKEN_NUMBER && n <= 3) {
        *value = 0;
        for (size_t i = 0; i < n; i++) {
            if (s[i] < '0' || s[i] > '9')
                return LABEL_NONE;
            *value = *value * 10 + (s[i] - '0');
        }
        return LABEL_DIGIT;
    }
    if (t->kind != TOKEN_WORD || t->flags)
        return LABEL_NONE;
    *roman = roman_value(s, n);
    if (n == 1 && ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'))) {
        *value = (s[0] | 0x20) - 'a' + 1;
        return s[0] >= 'a' ? LABEL_LOWER : LABEL_UPPER;
    }
    *value = *roman;
    return *roman ? LABEL_ROMAN : LABEL_NONE;
}

/* "1." "a." "iv." at the start of the sentence (after bullets and brackets): the period at i is not an end. */
static int marker_period(const sctx *c, size_t i)
{
    int value, roman;
    if (i == 0 || i <= c->sent_first || !attached(c, i - 1) || attached(c, i))
        return 0;
    return label_of(c, &c->t[i - 1], &value, &roman) != LABEL_NONE && at_sentence_start(c, i - 1);
}

/* A label that may follow No., Vol., Fig. in place of a number: II, A, A3. */
static int label_like(const sctx *c, const seg_token *t)
{
    int value, roman;
    if (label_of(c, t, &value, &roman) != LABEL_NONE)
        return 1;
    for (uint32_t p = t->start; p < t->stop; p++)
        if (c->s[p] >= '0' && c->s[p] <= '9')
            return 1;
    return 0;
}

/* ---- list markers (a pass before the decisions) ---- */

typedef enum { STYLE_DOT, STYLE_PAREN, STYLE_DOTPAREN, STYLE_BOTH } marker_style;

typedef struct {
    size_t first, label, last;   /* first token ("(" or the label), the label, last token */
    label_type type;
    marker_style style;
    int value, roman;
    int line_start;
    int inline_ok;               /* may be confirmed by its neighbours inside a line */
    int upper_next;              /* the item starts with a capital */
} list_marker;

static int line_start_before(const sctx *c, size_t k)
{
    return k == 0 || aux_nl(&c->t[k - 1]) >= 1 ||
           (is_punct(&c->t[k - 1], PUNCT_BULLET) && (k == 1 || aux_nl(&c->t[k - 2]) >= 1));
}

static int marker_at(const sctx *c, size_t k, list_marker *m)
{
    size_t i = k;
    int paren = 0;
    if (is_punct(&c->t[i], PUNCT_OPEN) && tok_is(c, &c->t[i], "(") && attached(c, i)) {
        paren = 1;
        i++;
    }
    if (i + 1 >= c->n || !attached(c, i))
        return 0;
    m->type = label_of(c, &c->t[i], &m->value, &m->roman);
    if (m->type == LABEL_NONE)
        return 0;
    if (k > 0 && attached(c, k - 1) && !is_punct(&c->t[k - 1], PUNCT_BULLET))
        return 0;
    const seg_token *y = &c->t[i + 1];
    if (tok_is(c, y, ")")) {
        m->style = paren ? STYLE_BOTH : STYLE_PAREN;
        m->last = i + 1;
    } else if (!paren && is_punct(y, PUNCT_PERIOD)) {
        int dp = attached(c, i + 1) && i + 2 < c->n && tok_is(c, &c->t[i + 2], ")");
        m->style = dp ? STYLE_DOTPAREN : STYLE_DOT;
        m->last = dp ? i + 2 : i + 1;
    } else {
        return 0;
    }
    if (m->last + 1 >= c->n || attached(c, m->last) || aux_nl(&c->t[m->last]) >= 2)
        return 0;
    m->first = k;
    m->label = i;
    m->line_start = line_start_before(c, k);
    m->upper_next = aux_case(&c->t[m->last + 1]) == CASE_UPPER;
    m->inline_ok = m->type != LABEL_DIGIT || m->upper_next;
    return 1;
}

static int marker_follows(const list_marker *a, const list_marker *b)
{
    if (a->style != b->style)
        return 0;
    if (a->type == b->type && b->value == a->value + 1)
        return 1;
    return a->roman && b->roman && b->roman == a->roman + 1;
}

static void confirm_marker(sctx *c, const list_marker *m)
{
    for (size_t i = m->label + 1; i <= m->last; i++)
        c->t[i].sentence |= AUX_LISTDOT;
    size_t at = m->first;
    if (at > 0 && is_punct(&c->t[at - 1], PUNCT_BULLET) && aux_nl(&c->t[at - 1]) == 0)
        at--;
    /* "1) The first item 2) The second": a break; "(1) the troops and (2) the roads": one sentence */
    int strong = m->style != STYLE_BOTH && (m->upper_next || m->line_start);
    c->t[at].sentence |= strong ? AUX_LISTBRK : AUX_LISTBRK_WEAK;
}

/* Mark the list markers, and the opening brackets that close within PAREN_REACH bytes in their paragraph. */
static void mark_lists_and_brackets(sctx *c)
{
    list_marker prev = {0}, m;
    int have_prev = 0;
    size_t stack[32], depth = 0;
    for (size_t k = 0; k < c->n; k++) {
        const seg_token *t = &c->t[k];
        if (k > 0 && aux_nl(&c->t[k - 1]) >= 2)
            have_prev = 0, depth = 0;
        if (t->kind == TOKEN_PUNCT) {
            if (is_punct(t, PUNCT_OPEN) && depth < sizeof stack / sizeof *stack) {
                stack[depth++] = k;
            } else if (is_punct(t, PUNCT_CLOSE) && depth > 0) {
                size_t o = stack[--depth];
                if (t->start - c->t[o].start <= PAREN_REACH)
                    c->t[o].sentence |= AUX_PAREN_OK;
            }
        }
        /* a marker is "(x)", "x)", "x." or "x.)": its label is followed by ")" or "." */
        size_t lab = is_punct(t, PUNCT_OPEN) ? k + 1 : k;
        if (lab + 1 >= c->n || !(is_punct(&c->t[lab + 1], PUNCT_CLOSE) || is_punct(&c->t[lab + 1], PUNCT_PERIOD)))
            continue;
        if (!marker_at(c, k, &m))
            continue;
        if (m.line_start)
            for (size_t i = m.label + 1; i <= m.last; i++)
                c->t[i].sentence |= AUX_LISTDOT;
        if (have_prev && marker_follows(&prev, &m) &&
            ((prev.inline_ok && m.inline_ok) || (prev.line_start && m.line_start))) {
            confirm_marker(c, &prev);
            confirm_marker(c, &m);
        }
        prev = m;
        have_prev = 1;
        if (m.first < m.label)
            depth -= depth > 0;   /* the "(" of "(a)" is not a bracket to match */
        k = m.last;
    }
}

/* ---- lines ---- */


static int is_bullet_cp(int32_t cp)
{
    switch (cp) {
    case '*': case 0x2022: case 0x2023: case 0x2043: case 0x2219: case 0x25E6: case 0x25AA:
    case 0x25AB: case 0x25CF: case 0x25A0: case 0x25BA: case 0x25B8: case 0x27A2: case 0x2794:
    case 0x00B7: case 0x2192:
        return 1;
    default:
        return 0;
    }
}

static int blank_at(const char *s, size_t len, size_t p)
{
    return p < len && (s[p] == ' ' || s[p] == '\t' || s[p] == '\r');
}

static int is_label_char(char ch)
{
    return ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') || (ch >= '0' && ch <= '9');
}

/* What a line starting with a list marker looks like: "1. ", "a) ", "(iv) ", "• ", "- ". */
static item_kind item_of(const char *s, size_t len, size_t p)
{
    size_t n, q = p;
    int32_t cp = seg_decode(s, len, p, &n);
    if (is_bullet_cp(cp) && (blank_at(s, len, p + n) || p + n >= len))
        return ITEM_SURE;
    if ((cp == '-' || cp == 0x2013 || cp == 0x2014 || cp == 0x2212) && blank_at(s, len, p + n))
        return ITEM_DASH;
    if (cp == '(') {
        for (q = p + 1; q < len && q <= p + 5 && is_label_char(s[q]); q++)
            ;
        return q > p + 1 && q < len && s[q] == ')' && blank_at(s, len, q + 1) ? ITEM_SURE : ITEM_NONE;
    }
    while (q < len && q < p + 3 && s[q] >= '0' && s[q] <= '9')
        q++;
    if (q > p) {
        if (q < len && (s[q] == '.' || s[q] == ')'))
            q += (s[q] == '.' && q + 1 < len && s[q + 1] == ')') ? 2 : 1;
        else
            return ITEM_NONE;
        return blank_at(s, len, q) ? ITEM_SURE : ITEM_NONE;
    }
    if (cp < 0x80 && ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')) {
        q = p + 1;
        while (q < len && q < p + 4 && roman_value(s + p, q - p + 1))
            q++;
        if (q < len && (s[q] == ')' || (s[q] == '.' && cp >= 'a' && q == p + 1)) && blank_at(s, len, q + 1))
            return ITEM_SURE;
    }
    return ITEM_NONE;
}

enum { LC_LOWER = 1, LC_UPPER = 2, LC_DIGIT = 4, LC_OTHER_LETTER = 8 };

/* Letter case or digit of a non-blank code point, as LC_* bits (0 for punctuation, symbols). */
static unsigned char_bits(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'a' && cp <= 'z' ? LC_LOWER : cp >= 'A' && cp <= 'Z' ? LC_UPPER : cp >= '0' && cp <= '9' ? LC_DIGIT : 0;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LL: return LC_LOWER;
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT: return LC_UPPER;
    case UTF8PROC_CATEGORY_ND: return LC_DIGIT;
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: return LC_OTHER_LETTER;
    default: return 0;
    }
}

static int is_blank_byte(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r';
}

/* A column gap in [a, b) (a: the first non-blank): 3+ spaces or a tab between words, not after . ! ? : */
static int has_column_gap(const char *s, size_t a, size_t b)
{
    while (b > a && is_blank_byte(s[b - 1]))
        b--;
    for (size_t p = a; p < b;) {
        const char *sp = memmem(s + p, b - p, "   ", 3);
        const char *tab = memchr(s + p, '\t', b - p);
        const char *hit = !sp ? tab : !tab ? sp : sp < tab ? sp : tab;
        if (!hit)
            return 0;
        size_t h = (size_t)(hit - s);
        if (h > a && !strchr(".!?:", s[h - 1]))
            return 1;   /* spaces after a sentence are not a column gap */
        p = h + 1;
        while (p < b && is_blank_byte(s[p]))
            p++;
    }
    return 0;
}

/* The cheap facts of the line [a, b): indent, list item, first word, last character, column gap. */
static void measure_line(const char *s, size_t a, size_t b, line_info *li)
{
    memset(li, 0, sizeof *li);
    size_t p = a, e = b, n;
    while (p < b && (s[p] == ' ' || s[p] == '\t')) {
        li->indent += s[p] == '\t' ? 4 : 1;
        p++;
    }
    while (e > p && is_blank_byte(s[e - 1]))
        e--;
    if (p >= e)
        return;
    li->item = item_of(s, b, p);
    for (size_t q = p; q < e && !is_blank_byte(s[q]); q++)
        li->first_word += ((uint8_t)s[q] & 0xC0) != 0x80;
    size_t q = e - 1;
    while (q > p && ((uint8_t)s[q] & 0xC0) == 0x80)
        q--;
    li->last = seg_decode(s, e, q, &n);
    for (q = p; q < e; q += n) {
        unsigned bits = char_bits(seg_decode(s, e, q, &n));
        if (bits) {
            li->starts_lower = (bits & LC_LOWER) != 0;
            li->starts_upper = (bits & LC_UPPER) != 0;
            break;
        }
    }
    li->table = has_column_gap(s, p, e);
    li->text_start = p;
    li->text_end = e;
}

/* The width, when a decision needs it: columns up to the last non-blank, a tab counting 4. */
static void measure_width(const char *s, line_info *li)
{
    size_t cols = li->indent;
    for (size_t p = li->text_start; p < li->text_end; p++)
        cols += (((uint8_t)s[p] & 0xC0) != 0x80) + (s[p] == '\t' ? 3 : 0);
    li->width = cols;
    li->full = 1;
}

/* Whether [a, b) has no small letter and at least two capitals: a headline. */
static int all_capitals(const char *s, size_t a, size_t b)
{
    size_t n, caps = 0;
    for (size_t p = a; p < b; p += n) {
        unsigned bits = char_bits(seg_decode(s, b, p, &n));
        if (bits & LC_LOWER)
            return 0;
        caps += (bits & LC_UPPER) != 0;
    }
    return caps >= 2;
}

/* The facts of the line [a, b), measured once and kept for the next decisions. */
static const line_info *line_at(sctx *c, size_t a, size_t b, int full)
{
    line_info *li = NULL;
    for (unsigned k = 0; k < 4 && !li; k++)
        if (c->line_start[k] == a)
            li = &c->line[k];
    if (!li) {
        unsigned k = c->line_next++ & 3;
        c->line_start[k] = a;
        li = &c->line[k];
        measure_line(c->s, a, b, li);
    }
    if (full && !li->full)
        measure_width(c->s, li);
    return li;
}

/* Whether [a, b) has a small letter (stops at the first). */
static int has_lower_letter(const char *s, size_t a, size_t b)
{
    size_t n;
    for (size_t p = a; p < b; p += n)
        if (char_bits(seg_decode(s, b, p, &n)) & LC_LOWER)
            return 1;
    return 0;
}

/* The first line break in [a, b) and its length, or NONE. */
static size_t find_newline(const char *s, size_t a, size_t b, size_t *nlen)
{
    for (size_t p = a; p < b; p++) {
        if (s[p] == '\n') {
            *nlen = 1;
            return p;
        }
        if ((uint8_t)s[p] == 0xC2 && p + 1 < b && (uint8_t)s[p + 1] == 0x85) {
            *nlen = 2;
            return p;
        }
        if ((uint8_t)s[p] == 0xE2 && p + 2 < b && (uint8_t)s[p + 1] == 0x80 && (uint8_t)s[p + 2] == 0xA8) {
            *nlen = 3;
            return p;
        }
    }
    return NONE;
}

static size_t line_start_at(const char *s, size_t p)
{
    while (p > 0 && s[p - 1] != '\n')
        p--;
    return p;
}

static size_t line_end_at(const char *s, size_t len, size_t p)
{
    const char *e = memchr(s + p, '\n', len - p);
    return e ? (size_t)(e - s) : len;
}

/* The least indentation of the lines of the blank-line block around pos (measured once per block). */
static size_t block_indent(sctx *c, size_t pos)
{
    if (pos >= c->block_start && pos < c->block_end)
        return c->block_indent;
    size_t a = line_start_at(c->s, c->t[c->para_first].start), indent = SIZE_MAX;
    size_t p = a;
    while (p < c->len) {
        size_t e = line_end_at(c->s, c->len, p), lead = 0;
        while (p + lead < e && (c->s[p + lead] == ' ' || c->s[p + lead] == '\t'))
            lead++;
        if (p + lead >= e || c->s[p + lead] == '\r') {
            if (p > pos)
                break;   /* a blank line after pos ends the block */
        } else {
            size_t cols = 0;
            for (size_t q = p; q < p + lead; q++)
                cols += c->s[q] == '\t' ? 4 : 1;
            indent = cols < indent ? cols : indent;
        }
        p = e + 1;
    }
    c->block_start = a;
    c->block_end = p;
    c->block_indent = indent == SIZE_MAX ? 0 : indent;
    return c->block_indent;
}

/* Whether the line ending after token i ends a sentence without final punctuation. */
static int line_break(sctx *c, size_t i)
{
    size_t nlen, nl = find_newline(c->s, c->t[i].stop, c->t[i + 1].start, &nlen);
    if (nl == NONE)
        return 0;
    size_t ls = c->last_line_end == nl ? c->last_line_start : line_start_at(c->s, c->t[i].start);
    size_t ne = line_end_at(c->s, c->len, nl + nlen);
    line_info a = *line_at(c, ls, nl, 0), b = *line_at(c, nl + nlen, ne, 0);
    c->last_line_start = nl + nlen;   /* the next line is the line of the next decision */
    c->last_line_end = ne;
    if (a.table || b.table || b.item == ITEM_SURE)
        return 1;
    if (b.item == ITEM_DASH &&
        ((a.last == ':' || a.last == ';' || a.last == ',') || a.last == 0x055D || a.item == ITEM_DASH ||
         !b.starts_lower || (is_terminator(c, &c->t[i]) && a.last != 0)))
        return 1;
    if (b.indent >= a.indent && b.indent >= block_indent(c, nl) + 2 && a.item == ITEM_NONE)
        return 1;   /* an indented line starts a wire paragraph */
    if (all_capitals(c->s, a.text_start, a.text_end) && has_lower_letter(c->s, b.text_start, b.text_end))
        return 1;   /* a headline in capitals */
    if (b.starts_lower)
        return 0;
    const seg_token *t = &c->t[i];
    if (t->kind == TOKEN_NUMBER && b.starts_upper)
        return 1;   /* "Net 617,000 vs 604,000" / "Revs 1,889,000 vs 1,920,000" */
    abbr_class ac = aux_abbr(t);
    if (ac == ABBR_CLASS_TITLE || ac == ABBR_CLASS_INNER || ac == ABBR_CLASS_INITIAL || is_punct(t, PUNCT_COMMA) ||
        is_punct(t, PUNCT_OPEN))
        return 0;
    /* The wrap width, seen locally: the widest of this line, the next, and one line either side. */
    a = *line_at(c, ls, nl, 1);
    b = *line_at(c, nl + nlen, ne, 1);
    size_t width = a.width > b.width ? a.width : b.width;
    if (ls > 0) {
        size_t w = line_at(c, line_start_at(c->s, ls - 1), ls - 1, 1)->width;
        width = w > width ? w : width;
    }
    if (ne < c->len) {
        size_t w = line_at(c, ne + 1, line_end_at(c->s, c->len, ne + 1), 1)->width;
        width = w > width ? w : width;
    }
    return width >= a.width + 1 + b.first_word + WRAP_SLACK;
}

/* ---- decisions ---- */

/* Keep track of open brackets and of the script of the text. */
static void note_token(sctx *c, size_t i)
{
    const seg_token *t = &c->t[i];
    if (c->first_content == NONE && !is_opening(t))
        c->first_content = i;
    if (t->kind == TOKEN_PUNCT) {
        punct_class pc = aux_punct(t);
        if (pc == PUNCT_OPEN && (t->sentence & AUX_PAREN_OK))
            c->paren_depth++;
        else if (pc == PUNCT_CLOSE && c->paren_depth > 0)
            c->paren_depth--;
    } else if (t->kind == TOKEN_WORD || (t->sentence & AUX_ARMENIAN)) {
        c->armenian = (t->sentence & AUX_ARMENIAN) != 0;
    }
}

/* The last token of the final punctuation starting at i: closing quotes, brackets, more marks, footnotes. */
static size_t cluster_end(sctx *c, size_t i)
{
    size_t j = i;
    while (attached(c, j)) {
        const seg_token *t = &c->t[j + 1];
        if (t->kind == TOKEN_PUNCT) {
            punct_class pc = aux_punct(t);
            if (!(pc == PUNCT_CLOSE || pc == PUNCT_QUOTE || is_final_punct(pc) ||
                  (pc == PUNCT_COLON && c->armenian)))
                break;
        } else if (t->kind == TOKEN_NUMBER && is_punct(&c->t[i], PUNCT_PERIOD) && i > 0 && attached(c, i - 1) &&
                   (c->t[i - 1].kind == TOKEN_WORD || is_punct(&c->t[i - 1], PUNCT_CLOSE)) &&
                   !attached(c, j + 1)) {
            /* a footnote number glued to the period: "a consultation.11", "(type 2).10" */
        } else {
            break;
        }
        note_token(c, ++j);
    }
    /* footnote references: "martyr.[1]" */
    while (j + 3 < c->n && attached(c, j) && tok_is(c, &c->t[j + 1], "[") && attached(c, j + 1) &&
           c->t[j + 2].kind == TOKEN_NUMBER && attached(c, j + 2) && tok_is(c, &c->t[j + 3], "]"))
        j += 3;
    return j;
}

/* The class of final punctuation that decides for the cluster [i, end]: ։ or : if there, else the last mark. */
static punct_class cluster_class(const sctx *c, size_t i, size_t end)
{
    punct_class last = aux_punct(&c->t[i]);
    for (size_t k = i; k <= end; k++) {
        punct_class pc = c->t[k].kind == TOKEN_PUNCT ? aux_punct(&c->t[k]) : PUNCT_OTHER;
        if (pc == PUNCT_ARM_STOP || pc == PUNCT_FULLSTOP || pc == PUNCT_COLON)
            return pc;
        if (is_final_punct(pc))
            last = pc;
    }
    return last;
}

/* After final punctuation [i, end]: does what follows start a sentence? */
static int follows_start(sctx *c, size_t end, punct_class pc)
{
    if (end + 1 >= c->n)
        return 1;
    const seg_token *next = &c->t[end + 1];
    if (attached(c, end)) {
        if (pc == PUNCT_ARM_STOP || pc == PUNCT_FULLSTOP)
            return 1;
        return pc == PUNCT_PERIOD && next->kind == TOKEN_WORD && aux_case(next) == CASE_UPPER;
    }
    size_t k = next_word(c, end);
    if (k == NONE)
        return 1;
    const seg_token *w = &c->t[k];
    if (w->sentence & (AUX_LISTBRK | AUX_LISTBRK_WEAK))
        return 1;
    if (is_punct(w, PUNCT_ELLIPSIS)) {
        /* "compounds. . . . The practice": period, then an ellipsis opening the next sentence */
        size_t k2 = next_word(c, k);
        return k2 != NONE && c->t[k2].kind == TOKEN_WORD && word_case(c, &c->t[k2]) == CASE_UPPER;
    }
    if (w->kind == TOKEN_PUNCT)
        return is_punct(w, PUNCT_BULLET);
    letter_case lc = word_case(c, w);
    if (lc == CASE_LOWER)
        return pc == PUNCT_ARM_STOP || pc == PUNCT_FULLSTOP;
    if (lc == CASE_UPPER && is_punct(&c->t[end], PUNCT_QUOTE) && pc == PUNCT_EXCLQ && attribution_follows(c, k))
        return 0;
    return 1;
}

static int decide_terminal(sctx *c, size_t i, size_t end)
{
    const seg_token *t = &c->t[i];
    punct_class pc = cluster_class(c, i, end);
    if (t->sentence & AUX_LISTDOT)
        return 0;
    if (pc == PUNCT_COLON && !c->armenian)
        return 0;
    if ((pc == PUNCT_PERIOD || pc == PUNCT_ELLIPSIS) && c->armenian)
        return 0;   /* Armenian "." is a colon; an ellipsis there runs on */
    if (pc == PUNCT_PERIOD && marker_period(c, i))
        return 0;
    if (pc == PUNCT_ELLIPSIS && i > 0 && !attached(c, i - 1) && !(t->sentence & AUX_ELLIPSIS4))
        return 0;   /* " ... " is a pause, ". . . ." an end */
    if (pc == PUNCT_ELLIPSIS && i > 0 && is_punct(&c->t[i - 1], PUNCT_OPEN))
        return 0;   /* "[...]" marks an omission */
    if (c->paren_depth > 0 && end + 1 < c->n)
        return 0;
    return follows_start(c, end, pc);
}

static int decide_abbreviation(sctx *c, size_t i, size_t end)
{
    const seg_token *t = &c->t[i];
    abbr_class ac = aux_abbr(t);
    if (end + 1 >= c->n)
        return 1;
    if (t->sentence & AUX_ARMENIAN)
        return 0;   /* Armenian abbreviations never end a sentence: only ։ and : do */
    if (ac == ABBR_CLASS_TITLE && i > 0 && c->t[i - 1].kind == TOKEN_NUMBER && !attached(c, i - 1))
        ac = ABBR_CLASS_ANY_LOWER;   /* "2024 г." is a unit after a number, not a title */
    if (ac == ABBR_CLASS_TITLE || ac == ABBR_CLASS_INNER || attached(c, end))
        return 0;
    if (c->paren_depth > 0)
        return 0;
    size_t k = next_word(c, end);
    if (k == NONE)
        return 1;
    const seg_token *w = &c->t[k];
    if (w->sentence & (AUX_LISTBRK | AUX_LISTBRK_WEAK))
        return 1;
    if (w->kind == TOKEN_PUNCT)
        return is_punct(w, PUNCT_BULLET);
    letter_case lc = aux_case(w);
    if (lc != CASE_UPPER && lc != CASE_CASELESS)
        return 0;
    switch (ac) {
    case ABBR_CLASS_ANY_LOWER:
    case ABBR_CLASS_CHAIN_LOWER:
        return !time_continues(c, k);
    case ABBR_CLASS_INITIAL:
        if (at_sentence_start(c, i) || aux_abbr(w) == ABBR_CLASS_INITIAL)
            return 0;
        return is_starter(c, w);
    case ABBR_CLASS_NUMBER:
        return !label_like(c, w);   /* "answer was no. Forget it" but "Vol. II", "Fig. A3" */
    default:
        return is_starter(c, w);
    }
}

/* The closing quotes and brackets glued to an abbreviation: “... the U.S.” */
static size_t closers_after(sctx *c, size_t i)
{
    while (attached(c, i) && (is_punct(&c->t[i + 1], PUNCT_CLOSE) || is_punct(&c->t[i + 1], PUNCT_QUOTE)))
        note_token(c, ++i);
    return i;
}

/* ---- output ---- */

static void push_span(sctx *c, seg_span **arr, size_t *count, size_t *cap, size_t first, size_t last)
{
    if (*count == *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        seg_span *a = realloc(*arr, ncap * sizeof *a);
        if (!a) {
            c->oom = 1;
            return;
        }
        *arr = a;
        *cap = ncap;
    }
    (*arr)[(*count)++] = (seg_span){c->t[first].start, c->t[last].stop};
}

static void end_sentence(sctx *c, size_t last)
{
    push_span(c, &c->out->sentences, &c->out->nsentences, &c->sent_cap, c->sent_first, last);
    c->sent_first = last + 1;
    c->first_content = NONE;
    c->paren_depth = 0;
}

static void end_paragraph(sctx *c, size_t last)
{
    push_span(c, &c->out->paragraphs, &c->out->nparagraphs, &c->para_cap, c->para_first, last);
    c->para_first = last + 1;
}

/* Whether a list item starts at token k (a confirmed marker, or a bullet in running text). */
static int item_starts(const sctx *c, size_t k, int after_final)
{
    const seg_token *t = &c->t[k];
    if (t->sentence & AUX_LISTBRK)
        return 1;
    if ((t->sentence & AUX_LISTBRK_WEAK) && after_final)
        return 1;
    return is_punct(t, PUNCT_BULLET) && !attached(c, k - 1);
}

int seg_sentences(const char *text, size_t len, seg_token *tokens, size_t ntokens, seg_result *out)
{
    sctx c = {0};
    for (unsigned k = 0; k < 4; k++)
        c.line_start[k] = NONE;
    c.first_content = NONE;
    c.s = text;
    c.len = len;
    c.t = tokens;
    c.n = ntokens;
    c.out = out;
    mark_lists_and_brackets(&c);
    for (size_t i = 0; i < c.n && !c.oom; i++) {
        note_token(&c, i);
        int brk = 0, final = 0;
        if (is_terminator(&c, &c.t[i])) {
            size_t end = cluster_end(&c, i);
            brk = decide_terminal(&c, i, end);
            final = 1;
            i = end;
        } else if (aux_abbr(&c.t[i]) != ABBR_CLASS_NONE) {
            size_t end = closers_after(&c, i);
            brk = decide_abbreviation(&c, i, end);
            i = end;
        }
        if (i + 1 >= c.n) {
            end_sentence(&c, i);
            end_paragraph(&c, i);
            break;
        }
        unsigned nl = aux_nl(&c.t[i]);
        if (nl >= 2) {
            end_sentence(&c, i);
            end_paragraph(&c, i);
            continue;
        }
        if (!brk)
            brk = item_starts(&c, i + 1, final);
        if (!brk && nl == 1)
            brk = line_break(&c, i);
        if (brk)
            end_sentence(&c, i);
    }
    return c.oom ? PARLEY_ENOMEM : 0;
}
