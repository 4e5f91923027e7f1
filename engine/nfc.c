/* nfc.c: NFC quick check from generated UCD tables, and segment composition through utf8proc. */
#include <stdlib.h>
#include <utf8proc.h>

#include "decompose.h"
#include "loader.h"
#include "loader_internal.h"
#include "parley.h"
#include "ucd_tables.h"

const unsigned char *const nfc_care_stage1 = ucd_nfc_care_stage1;
const unsigned char (*const nfc_care_blocks)[32] = ucd_nfc_care_blocks;

/* The value of cp in a sorted range table, or 0 (the default) when no range holds it. */
static int range_value(const ucd_range *table, size_t len, uint32_t cp)
{
    size_t lo = 0, hi = len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < table[mid].first)
            hi = mid;
        else if (cp > table[mid].last)
            lo = mid + 1;
        else
            return table[mid].value;
    }
    return 0;
}

void nfc_properties(uint32_t cp, int *quick_check, int *ccc)
{
    *quick_check = range_value(ucd_nfc_qc, ucd_nfc_qc_len, cp);
    *ccc = range_value(ucd_ccc, ucd_ccc_len, cp);
}

/*
 * UAX #15's quick check: No or Maybe, or combining marks out of canonical
 * order, mean only normalising can tell. The ASCII stretches are skipped
 * eight bytes at a time since ASCII is always NFC.
 */
int nfc_quick_check(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    int last_ccc = 0;
    while (i < len) {
        size_t ascii = utf8_ascii_run(p + i, len - i);
        if (ascii > 0) {
            i += ascii;
            last_ccc = 0;
            continue;
        }
        uint32_t cp;
        int n = utf8_decode(p + i, len - i, &cp);
        if (n < 0)
            return 0;   /* not valid UTF-8: certainly not known to be NFC */
        i += (size_t)n;
        if (!nfc_needs_care(cp)) {
            last_ccc = 0;
            continue;
        }
        int quick_check, ccc;
        nfc_properties(cp, &quick_check, &ccc);
        if (quick_check != 0 || (ccc != 0 && last_ccc > ccc))
            return 0;
        last_ccc = ccc;
    }
    return 1;
}

/*
 * Decompose into the scratch buffer (decompose_ordered: canonical ordering in
 * linear time), then compose and re-encode in place. The input is valid UTF-8
 * the loader has already checked, so decomposing cannot fail on it; a negative
 * result is reported as ENOMEM rather than trusted.
 */
int nfc_compose(nfc_scratch *scratch, const unsigned char *s, size_t len,
                const unsigned char **out, size_t *out_len)
{
    const utf8proc_option_t options = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
    utf8proc_ssize_t n = decompose_ordered(s, len, options, &scratch->buf, &scratch->cap);
    if (n < 0)
        return PARLEY_ENOMEM;
    utf8proc_ssize_t bytes = utf8proc_reencode(scratch->buf, n, options);
    if (bytes < 0)
        return PARLEY_ENOMEM;
    *out = (const unsigned char *)scratch->buf;
    *out_len = (size_t)bytes;
    return PARLEY_OK;
}

void nfc_scratch_free(nfc_scratch *scratch)
{
    free(scratch->buf);
    scratch->buf = NULL;
    scratch->cap = 0;
}
