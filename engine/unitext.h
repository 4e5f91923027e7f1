/* unitext.h: Unicode transforms on UTF-8 strings (normal forms, case, matching keys, graphemes). */
#ifndef PARLEY_UNITEXT_H
#define PARLEY_UNITEXT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Pure C over utf8proc (Unicode 15.0), no Lua. Strings are (s, len): borrowed,
 * not necessarily NUL-terminated, NUL bytes allowed. Callers pass valid UTF-8
 * (see utf8_valid_prefix); invalid input yields PARLEY_EUTF8, never a crash.
 *
 * The transforms return the output length (>= 0) and store in *out a
 * malloc'd, NUL-terminated string the caller frees; or a negative PARLEY_E*
 * code (PARLEY_ENOMEM, PARLEY_EUTF8) with *out set to NULL.
 */

typedef enum {
    TEXT_NFC,
    TEXT_NFD,
    TEXT_NFKC,
    TEXT_NFKD,
} text_form;

/* Language tailorings of upper/lower; everything else uses the root mappings. */
typedef enum {
    TEXT_LANG_ROOT,
    TEXT_LANG_TURKIC,     /* tr, az: dotted and dotless i */
    TEXT_LANG_ARMENIAN,   /* hy: U+0587 uppercases to ԵՎ, as ICU does since ICU-13416 */
} text_lang;

/* The tailoring for a BCP 47 tag ("az", "tr-TR", "hy_AM"); unknown or NULL tags give ROOT. */
text_lang text_lang_from_tag(const char *tag);

/* One of the four normalisation forms of UAX #15. */
ptrdiff_t text_normalize(const char *s, size_t len, text_form form, char **out);

/* Default full case folding (CaseFolding.txt C+F, no T): "Straße" -> "strasse". Not renormalised. */
ptrdiff_t text_casefold(const char *s, size_t len, char **out);

/*
 * The matching key: NFKD, full case folding, default-ignorables dropped,
 * nonspacing marks (Mn) dropped, typographic quotes and dashes mapped to
 * ASCII, then NFC. Spacing marks (Mc) stay: dropping them would merge
 * distinct Indic words; so does the breve of Cyrillic й (й is not и).
 * Letters that merely look like "letter + mark" but have no decomposition
 * stay distinct: ə is not e, ı is not i, ø is not o.
 */
ptrdiff_t text_fold(const char *s, size_t len, char **out);

/*
 * Full case mapping (UnicodeData simple mappings plus the SpecialCasing
 * entries: ß -> SS, ﬁ -> FI, İ -> i + U+0307, final sigma), with the
 * tailorings of lang. Output is not renormalised.
 */
ptrdiff_t text_upper(const char *s, size_t len, text_lang lang, char **out);
ptrdiff_t text_lower(const char *s, size_t len, text_lang lang, char **out);

/*
 * The lower case of s into buf when s is ASCII and fits in cap bytes (1), so
 * that a short word needs no allocation; 0 otherwise (buf unspecified). For
 * ASCII, text_lower (root) and text_fold both give this.
 */
int text_lower_ascii(const char *s, size_t len, char *buf, size_t cap);

/* ---- code points and grapheme clusters (no allocation) ---- */

/* Number of code points in valid UTF-8 s. */
size_t text_count(const char *s, size_t len);

/* Byte offset of code point n (0-based) in valid s; len when n is past the end. */
size_t text_offset(const char *s, size_t len, size_t n);

/*
 * End (exclusive byte offset) of the extended grapheme cluster (UAX #29)
 * that starts at pos < len. *state carries utf8proc's break state from one
 * cluster to the next: set it to 0 at the start of the text and pass it
 * back unchanged. An invalid byte is a cluster of its own.
 */
size_t text_grapheme_end(const char *s, size_t len, size_t pos, int32_t *state);

/*
 * Terminal columns of one grapheme cluster: the widest of its code points
 * (utf8proc_charwidth: East Asian Wide/Fullwidth and emoji 2, marks and
 * controls 0), and 2 for emoji presentation (VS16, regional indicator flags).
 */
int text_cluster_width(const char *s, size_t len);

/* Terminal columns of s: the sum over its grapheme clusters. */
size_t text_width(const char *s, size_t len);

/* ---- properties ---- */

/* The two-letter General_Category of cp ("Lu", "Mn"; "Cn" when unassigned); static. */
const char *text_category(int32_t cp);

/* The first code point of s, or -1 when s is empty or starts with an invalid byte. */
int32_t text_first(const char *s, size_t len);

/* The Unicode version of the tables in use ("15.0.0"); static. */
const char *text_unicode_version(void);

#endif
