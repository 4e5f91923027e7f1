/* gen_ucd: turn Unicode Character Database files into C lookup tables at build time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Usage: gen_ucd UCD_DIR OUT.h
 *
 * Range tables are arrays of {first, last, value} sorted by code point,
 * covering only the code points whose value differs from the default. The
 * engine looks them up by binary search after its ASCII fast path.
 *
 * Tables:
 *   ucd_nfc_qc      NFC_Quick_Check = No (1) or Maybe (2); default Yes (0)
 *                   from DerivedNormalizationProps.txt
 *   ucd_ccc         Canonical_Combining_Class when not 0
 *                   from extracted/DerivedCombiningClass.txt
 *
 * And one two-level bitmap, for the loader's per-character test:
 *   ucd_nfc_care_stage1[cp >> 8] picks a 32-byte block of ucd_nfc_care_blocks;
 *   bit (cp & 255) of it is set unless NFC_QC = Yes and ccc = 0, i.e. unless
 *   cp starts a new normalisation segment that needs no look at its neighbours.
 *
 * And two two-stage byte tables for the UAX #29 segmenters (engine/uax29.c),
 * where a lookup is two loads (one below U+0080):
 *   ucd_wb_*        Word_Break (auxiliary/WordBreakProperty.txt) in bits 0-4,
 *                   plus UCD_EXTPICT (0x20) for Extended_Pictographic
 *                   (emoji/emoji-data.txt): WB3c is the only rule of the
 *                   word algorithm that needs it, so it shares the word's load.
 *   ucd_sb_*        Sentence_Break (auxiliary/SentenceBreakProperty.txt).
 * Each has ucd_X_ascii[128], and ucd_X_blocks[ucd_X_stage1[cp >> 7]][cp & 127]
 * for any cp: 128-code-point blocks, deduplicated. The value numbers are
 * written as UCD_WB_<VALUE> / UCD_SB_<VALUE> macros, so the engine's enums
 * can be checked against them at compile time.
 */

typedef struct {
    unsigned first, last;
    int value;
} range;

typedef struct {
    range *items;
    size_t len, cap;
} range_list;

static void push_range(range_list *list, unsigned first, unsigned last, int value)
{
    if (list->len > 0) {
        range *prev = &list->items[list->len - 1];
        if (prev->last + 1 == first && prev->value == value) {
            prev->last = last;
            return;
        }
    }
    if (list->len == list->cap) {
        list->cap = list->cap ? list->cap * 2 : 256;
        list->items = realloc(list->items, list->cap * sizeof *list->items);
        if (!list->items) {
            perror("gen_ucd");
            exit(1);
        }
    }
    list->items[list->len++] = (range){first, last, value};
}

static int by_first(const void *a, const void *b)
{
    const range *x = a, *y = b;
    return (x->first > y->first) - (x->first < y->first);
}

/* Parse "XXXX..YYYY ; PROP ; VALUE" lines whose PROP matches; map VALUE with value_of. */
static void read_property(const char *path, const char *prop,
                          int (*value_of)(const char *), range_list *out)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "gen_ucd: cannot open %s\n", path);
        exit(1);
    }
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        unsigned first, last;
        char name[64], value[64];
        int n = sscanf(line, "%x..%x ; %63[^ ;] ; %63[^ ;\n]", &first, &last, name, value);
        if (n != 4) {
            n = sscanf(line, "%x ; %63[^ ;] ; %63[^ ;\n]", &first, name, value);
            if (n != 3)
                continue;
            last = first;
        }
        if (strcmp(name, prop) != 0)
            continue;
        int v = value_of(value);
        if (v != 0)
            push_range(out, first, last, v);
    }
    fclose(f);
    qsort(out->items, out->len, sizeof *out->items, by_first);
}

/* Parse "XXXX..YYYY ; N" lines (the extracted/ files): keep the ranges whose N is not 0. */
static void read_numeric(const char *path, range_list *out)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "gen_ucd: cannot open %s\n", path);
        exit(1);
    }
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        unsigned first, last;
        int value;
        if (sscanf(line, "%x..%x ; %d", &first, &last, &value) != 3) {
            if (sscanf(line, "%x ; %d", &first, &value) != 2)
                continue;
            last = first;
        }
        if (value != 0)
            push_range(out, first, last, value);
    }
    fclose(f);
    qsort(out->items, out->len, sizeof *out->items, by_first);
}

#define UCD_CODE_POINTS 0x110000u
#define BLOCK_BITS 256u
#define BLOCK_BYTES (BLOCK_BITS / 8)
#define STAGE1_LEN (UCD_CODE_POINTS / BLOCK_BITS)

static void mark_ranges(unsigned char *bits, const range_list *list)
{
    for (size_t i = 0; i < list->len; i++)
        for (unsigned cp = list->items[i].first; cp <= list->items[i].last; cp++)
            bits[cp >> 3] |= (unsigned char)(1u << (cp & 7));
}

/*
 * Write the "needs a closer NFC look" bitmap as stage1 indexes into deduplicated
 * 32-byte blocks: most 256-code-point blocks are all clear, so the whole table
 * stays a few kilobytes while a lookup is two loads.
 */
static void write_care_bitmap(FILE *out, const range_list *nfc_qc, const range_list *ccc)
{
    unsigned char *bits = calloc(UCD_CODE_POINTS / 8, 1);
    unsigned char *stage1 = malloc(STAGE1_LEN * sizeof *stage1);
    unsigned char *blocks = malloc(UCD_CODE_POINTS / 8);
    if (!bits || !stage1 || !blocks) {
        perror("gen_ucd");
        exit(1);
    }
    mark_ranges(bits, nfc_qc);
    mark_ranges(bits, ccc);
    size_t nblocks = 0;
    for (size_t b = 0; b < STAGE1_LEN; b++) {
        const unsigned char *block = bits + b * BLOCK_BYTES;
        size_t k = 0;
        while (k < nblocks && memcmp(blocks + k * BLOCK_BYTES, block, BLOCK_BYTES) != 0)
            k++;
        if (k == nblocks)
            memcpy(blocks + nblocks++ * BLOCK_BYTES, block, BLOCK_BYTES);
        if (k > 255) {
            fprintf(stderr, "gen_ucd: more than 256 distinct NFC blocks; widen stage1\n");
            exit(1);
        }
        stage1[b] = (unsigned char)k;
    }
    fprintf(out, "static const unsigned char ucd_nfc_care_stage1[%u] = {", STAGE1_LEN);
    for (size_t b = 0; b < STAGE1_LEN; b++)
        fprintf(out, "%s%u,", b % 16 ? " " : "\n    ", stage1[b]);
    fprintf(out, "\n};\n\nstatic const unsigned char ucd_nfc_care_blocks[%zu][%u] = {\n", nblocks,
            BLOCK_BYTES);
    for (size_t k = 0; k < nblocks; k++) {
        fprintf(out, "    {");
        for (size_t i = 0; i < BLOCK_BYTES; i++)
            fprintf(out, "%s0x%02X", i ? "," : "", blocks[k * BLOCK_BYTES + i]);
        fprintf(out, "},\n");
    }
    fprintf(out, "};\n\n");
    free(bits);
    free(stage1);
    free(blocks);
}

static int nfc_qc_value(const char *v)
{
    return v[0] == 'N' ? 1 : v[0] == 'M' ? 2 : 0;
}

static void write_table(FILE *out, const char *name, const range_list *list)
{
    fprintf(out, "static const ucd_range %s[] = {\n", name);
    for (size_t i = 0; i < list->len; i++)
        fprintf(out, "    {0x%04X, 0x%04X, %d},\n", list->items[i].first, list->items[i].last,
                list->items[i].value);
    fprintf(out, "};\n#define %s_len %zu\n\n", name, list->len);
}

/* ---- UAX #29 properties: two-stage byte tables ---- */

/* Word_Break values, in the order of uax29_wb in engine/uax29.h (Other is the default). */
static const char *const wb_names[] = {
    "Other", "CR", "LF", "Newline", "Extend", "ZWJ", "Regional_Indicator", "Format",
    "Katakana", "Hebrew_Letter", "ALetter", "Single_Quote", "Double_Quote", "MidNumLet",
    "MidLetter", "MidNum", "Numeric", "ExtendNumLet", "WSegSpace", NULL,
};

/* Sentence_Break values, in the order of uax29_sb in engine/uax29.h. */
static const char *const sb_names[] = {
    "Other", "CR", "LF", "Extend", "Sep", "Format", "Sp", "Lower", "Upper", "OLetter",
    "Numeric", "ATerm", "SContinue", "STerm", "Close", NULL,
};

/* emoji-data.txt lists several properties; only this one matters here. */
static const char *const extpict_names[] = {"No", "Extended_Pictographic", NULL};

#define UAX29_EXTPICT 0x20u
#define UAX29_BLOCK 128u
#define UAX29_STAGE1_LEN (UCD_CODE_POINTS / UAX29_BLOCK)

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n, size);
    if (!p) {
        perror("gen_ucd");
        exit(1);
    }
    return p;
}

static int name_index(const char *const *names, const char *name)
{
    for (int i = 0; names[i]; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}

/*
 * Parse "XXXX..YYYY ; Value" lines into values[cp] = index of Value in names.
 * strict: a value not in names is an error (a new UCD version added one the
 * engine does not know); otherwise such lines are skipped.
 */
static void read_enumerated(const char *path, const char *const *names, int strict,
                            unsigned char *values)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "gen_ucd: cannot open %s\n", path);
        exit(1);
    }
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        unsigned first, last;
        char name[64];
        if (sscanf(line, "%x..%x ; %63[A-Za-z_]", &first, &last, name) != 3) {
            if (sscanf(line, "%x ; %63[A-Za-z_]", &first, name) != 2)
                continue;
            last = first;
        }
        int v = name_index(names, name);
        if (v < 0 && !strict)
            continue;
        if (v < 0 || last >= UCD_CODE_POINTS || first > last) {
            fprintf(stderr, "gen_ucd: %s: unexpected line: %s", path, line);
            exit(1);
        }
        for (unsigned cp = first; cp <= last; cp++)
            values[cp] = (unsigned char)v;
    }
    fclose(f);
}

/* "Regional_Indicator" -> UCD_WB_REGIONAL_INDICATOR 6, one macro per value. */
static void write_value_macros(FILE *out, const char *prefix, const char *const *names)
{
    for (int i = 0; names[i]; i++) {
        fprintf(out, "#define UCD_%s_", prefix);
        for (const char *c = names[i]; *c; c++)
            fputc(*c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c, out);
        fprintf(out, " %d\n", i);
    }
    fprintf(out, "\n");
}

static void write_bytes(FILE *out, const unsigned char *bytes, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s%u,", i % 32 ? "" : "\n    ", bytes[i]);
}

/*
 * Write values[0..0x10FFFF] as ucd_NAME_ascii, ucd_NAME_stage1 and
 * ucd_NAME_blocks. Blocks are deduplicated: most of the code space is a
 * handful of identical unassigned or uniform blocks.
 */
static void write_two_stage(FILE *out, const char *name, const unsigned char *values)
{
    unsigned short *stage1 = xcalloc(UAX29_STAGE1_LEN, sizeof *stage1);
    unsigned char *blocks = xcalloc(UCD_CODE_POINTS, 1);
    size_t nblocks = 0;
    for (size_t b = 0; b < UAX29_STAGE1_LEN; b++) {
        const unsigned char *block = values + b * UAX29_BLOCK;
        size_t k = 0;
        while (k < nblocks && memcmp(blocks + k * UAX29_BLOCK, block, UAX29_BLOCK) != 0)
            k++;
        if (k == nblocks)
            memcpy(blocks + nblocks++ * UAX29_BLOCK, block, UAX29_BLOCK);
        stage1[b] = (unsigned short)k;   /* at most 8704 blocks: always fits */
    }
    /* Unicode 15 needs some 220 blocks: byte indexes halve stage1 while they fit. */
    const char *index_type = nblocks <= 256 ? "unsigned char" : "unsigned short";
    fprintf(out, "static const unsigned char ucd_%s_ascii[128] = {", name);
    write_bytes(out, values, 128);
    fprintf(out, "\n};\n\nstatic const %s ucd_%s_stage1[%u] = {", index_type, name,
            UAX29_STAGE1_LEN);
    for (size_t b = 0; b < UAX29_STAGE1_LEN; b++)
        fprintf(out, "%s%u,", b % 16 ? " " : "\n    ", stage1[b]);
    fprintf(out, "\n};\n\nstatic const unsigned char ucd_%s_blocks[%zu][%u] = {\n", name, nblocks,
            UAX29_BLOCK);
    for (size_t k = 0; k < nblocks; k++) {
        fprintf(out, "    {");
        write_bytes(out, blocks + k * UAX29_BLOCK, UAX29_BLOCK);
        fprintf(out, "\n    },\n");
    }
    fprintf(out, "};\n\n");
    free(stage1);
    free(blocks);
}

/* The word table (Word_Break | UCD_EXTPICT) and the sentence table. */
static void write_uax29_tables(FILE *out, const char *ucd_dir)
{
    char path[4096];
    unsigned char *word = xcalloc(UCD_CODE_POINTS, 1);
    unsigned char *extpict = xcalloc(UCD_CODE_POINTS, 1);
    unsigned char *sentence = xcalloc(UCD_CODE_POINTS, 1);
    snprintf(path, sizeof path, "%s/auxiliary/WordBreakProperty.txt", ucd_dir);
    read_enumerated(path, wb_names, 1, word);
    snprintf(path, sizeof path, "%s/emoji/emoji-data.txt", ucd_dir);
    read_enumerated(path, extpict_names, 0, extpict);
    snprintf(path, sizeof path, "%s/auxiliary/SentenceBreakProperty.txt", ucd_dir);
    read_enumerated(path, sb_names, 1, sentence);
    for (size_t cp = 0; cp < UCD_CODE_POINTS; cp++)
        if (extpict[cp])
            word[cp] |= UAX29_EXTPICT;

    write_value_macros(out, "WB", wb_names);
    fprintf(out, "#define UCD_EXTPICT 0x%02X\n\n", UAX29_EXTPICT);
    write_two_stage(out, "wb", word);
    write_value_macros(out, "SB", sb_names);
    write_two_stage(out, "sb", sentence);
    free(word);
    free(extpict);
    free(sentence);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: gen_ucd UCD_DIR OUT.h\n");
        return 2;
    }
    char path[4096];
    range_list nfc_qc = {0}, ccc = {0};
    snprintf(path, sizeof path, "%s/DerivedNormalizationProps.txt", argv[1]);
    read_property(path, "NFC_QC", nfc_qc_value, &nfc_qc);
    snprintf(path, sizeof path, "%s/extracted/DerivedCombiningClass.txt", argv[1]);
    read_numeric(path, &ccc);

    FILE *out = fopen(argv[2], "w");
    if (!out) {
        perror(argv[2]);
        return 1;
    }
    fprintf(out, "/* Generated by tools/gen_ucd.c from the Unicode Character Database. Do not edit. */\n");
    fprintf(out, "#ifndef PARLEY_UCD_TABLES_H\n#define PARLEY_UCD_TABLES_H\n\n");
    fprintf(out, "typedef struct { unsigned first, last; int value; } ucd_range;\n\n");
    write_table(out, "ucd_nfc_qc", &nfc_qc);
    write_table(out, "ucd_ccc", &ccc);
    write_care_bitmap(out, &nfc_qc, &ccc);
    write_uax29_tables(out, argv[1]);
    fprintf(out, "#endif\n");
    free(nfc_qc.items);
    free(ccc.items);
    return fclose(out) == 0 ? 0 : 1;
}
