/* lua_api.h: userdata type names and the entry points of every parley Lua module. */
#ifndef PARLEY_LUA_API_H
#define PARLEY_LUA_API_H

#include <stdint.h>
#include <lua.h>
#include "ingest.h"
#include "offset_map.h"
#include "segment.h"
#include "store.h"

#define PARLEY_CORPUS_TYPE "parley.Corpus"
#define PARLEY_DOC_TYPE "parley.Doc"
#define PARLEY_SPAN_TYPE "parley.Span"
#define PARLEY_SPANLIST_TYPE "parley.SpanList"
#define PARLEY_REGEX_TYPE "parley.Regex"
#define PARLEY_GAZETTEER_TYPE "parley.Gazetteer"
#define PARLEY_MATCHER_TYPE "parley.Matcher"
#define PARLEY_LETTER_COUNTER_TYPE "parley.LetterCounter"
#define PARLEY_RULES_KEY "parley.segment_rules"
/* The metatable of the error parley.usage_error raises: reported as one line, status 2. */
#define PARLEY_USAGE_ERROR_TYPE "parley.UsageError"

int luaopen_parley(lua_State *L);
int luaopen_parley_text(lua_State *L);
int luaopen_parley_json(lua_State *L);
int luaopen_parley_re(lua_State *L);
int luaopen_parley_match(lua_State *L);
int luaopen_parley_graph(lua_State *L);

/*
 * opts.kinds at index: an array of token kind names ("word", "number",
 * "punct", ...) or "all", as a bit set (1 << token_kind); raises
 * "FN: unknown token kind ..." (lua_stats.c).
 */
unsigned token_kinds_read(lua_State *L, int index, const char *fn);

/*
 * Push a prepared document (not stored) as a Doc whose origin is origin:
 * what parley.doc and parley.read return. The offset map moves into the
 * Doc and doc is freed (lua_parley.c).
 */
int doc_push_prepared(lua_State *L, prepared_doc *doc, const char *origin);

/* ---- Doc (lua_doc.c) ---- */

/* What a Doc holds; text is borrowed from a Lua string the Doc keeps alive. */
typedef struct {
    long long id;              /* 0 when not stored */
    const char *text;
    size_t len;
    parley_offset_map *map;    /* owned; NULL for identity */
    seg_result *seg;           /* owned; paragraphs, sentences, tokens once asked for */
} parley_doc;

/*
 * Push a new Doc. The table at index fields (or 0 for none) supplies
 * title, date, source, lang, origin, meta; the string at index text_index
 * is the text. map ownership passes to the Doc.
 */
parley_doc *doc_push(lua_State *L, long long id, int text_index, int fields, parley_offset_map *map);
parley_doc *doc_check(lua_State *L, int index);
void doc_register(lua_State *L);

/* What a Span is a view of: plain text, or an element of the Doc's segmentation. */
typedef enum { SPAN_TEXT, SPAN_TOKEN, SPAN_SENTENCE, SPAN_PARAGRAPH } span_kind;

/* A Span is a view [start, stop) into its Doc (user value 1, kept alive); user value 2 holds extra fields. */
typedef struct {
    size_t start, stop;      /* 0-based byte offsets; stop is exclusive */
    uint32_t index;          /* 0-based position in its list (tokens, sentences, ...) */
    uint8_t kind;            /* span_kind */
} parley_span;

/*
 * Push a Span over bytes [start, stop) (0-based, stop exclusive, both on
 * character boundaries) of the Doc at doc_index; returns 1.
 */
int span_push(lua_State *L, int doc_index, size_t start, size_t stop, span_kind kind, uint32_t index);
/* Pop a table whose fields become extra read-only fields of the Span at span_index. */
void span_set_fields(lua_State *L, int span_index);

/*
 * The built-in fields of a Span, by number. A Span's __index looks its key
 * up once in a table of these (a hash lookup) rather than comparing it with
 * every field name in turn; span_field_named does the comparing for callers
 * that hold a C string (list:column, token rules).
 */
typedef enum {
    FIELD_NONE = 0,
    FIELD_START, FIELD_STOP, FIELD_TEXT, FIELD_DOC, FIELD_LINE, FIELD_COL, FIELD_CHAR_START,
    FIELD_CHAR_STOP,
    FIELD_INDEX, FIELD_TOKENS, FIELD_SENTENCE,
    FIELD_KIND, FIELD_NORM, FIELD_LOWER, FIELD_SHAPE, FIELD_IS_TITLE, FIELD_IS_UPPER, FIELD_BASE,
    FIELD_SUFFIX, FIELD_PARTS, FIELD_IS_HYPHENATED, FIELD_IS_POSSESSIVE, FIELD_IS_ABBREVIATION,
    FIELD_SPACE_AFTER,
    FIELD_COUNT
} span_field;

span_field span_field_named(const char *key);

/* ---- segmentation of a Doc (lua_tokens.c) ---- */

/* The Doc's segmentation, computed on first use with the state's rules; raises on ENOMEM. */
const seg_result *doc_segmentation(lua_State *L, int doc_index);
/* Push doc:tokens() / doc:sentences() / doc:paragraphs() as a SpanList. */
int spanlist_push(lua_State *L, int doc_index, span_kind kind, uint32_t first, uint32_t count);
/* Fields of token, sentence and paragraph Spans (kind, norm, shape, tokens ...); 0 if field is not one. */
int segment_span_field(lua_State *L, int span_index, const parley_doc *doc, const parley_span *span,
                       span_field field);
/* Push a field of a token (kind, norm, lower, shape, is_title, base, ...; not text or index); 0 if it is not one. */
int token_push_field(lua_State *L, const parley_doc *doc, const seg_token *tok, span_field field);
/* The segmentation rules of this state (abbreviations from data/abbrev), built once. */
const seg_rules *segment_rules(lua_State *L);
void tokens_register(lua_State *L);

/* ---- token terms for parley.stats (lua_stats.c) ---- */

/*
 * Add doc:count_terms, doc:terms, doc:count_ngrams, doc:count_pairs,
 * doc:find_tokens, doc:token_info, doc:token_at to the Doc methods.
 */
void stats_register(lua_State *L);

/* ---- Corpus (lua_corpus.c) ---- */

/* Push a Corpus owning store. */
void corpus_push(lua_State *L, parley_store *store);
parley_store *corpus_check(lua_State *L, int index);
/* Raise "corpus.API: sandbox: writing to PATH is not allowed (...)" when the sandbox guards it. */
void corpus_check_writable(lua_State *L, parley_store *store, const char *api);
void corpus_register(lua_State *L);

/* ---- annotations and runs (lua_annot.c) ---- */

/* Add doc:annotate, doc:annotations, corpus:save, corpus:annotations, corpus:why (after doc_ and corpus_register). */
void annot_register(lua_State *L);
/*
 * Record what is running, for the runs rows corpus:save makes: name (a
 * bundled script's name or a real path), the file at path (hashed; may be
 * NULL), its arguments, and whether `run --save` saves annotated documents
 * without corpus:save. A Lua status (an error message is left on the stack).
 */
int annot_set_script(lua_State *L, const char *name, const char *path, int argc, char **argv, int save);
/* A Doc was read from the Corpus: set doc.corpus; with --save, save the documents read before it. */
void annot_track(lua_State *L, int corpus_index, int doc_index);
/* With --save: write the documents read from the corpus and not saved since; raises when one cannot be. */
void annot_flush(lua_State *L, int corpus_index);
/* Save what is pending for the corpus and set its run's finished_at; raises on failure. */
void annot_end_run(lua_State *L, int corpus_index);
/* lua_CFunction: annot_end_run for every corpus that has a run; call once a script has succeeded. */
int annot_finish(lua_State *L);

/* ---- Lua values <-> JSON (lua_json.c) ---- */

/* Encode the value at index as compact JSON; pushes the string, or raises. */
void json_push_encoded(lua_State *L, int index);
/* Decode s; pushes the value, or nil and a message "line L col C: ..." (returns 2). */
int json_push_decoded(lua_State *L, const char *s, size_t len);
/* Push the Lua value of a value jansson parsed (null as parley.null). */
struct json_t;
void json_push_value(lua_State *L, struct json_t *value);
/*
 * Encode the value at index as json_push_encoded does, raising alike, but
 * stop at jansson's tree: it is pushed in a box userdata whose __gc frees
 * it unless json_take_tree takes it out (then json_decref is the caller's).
 */
void json_push_tree(lua_State *L, int index);
struct json_t *json_take_tree(lua_State *L, int index);
/*
 * json.encode's rules, for a writer that walks a Lua value itself. The kind
 * of the value at index at nesting depth, or raises as json.encode does: a
 * string is valid UTF-8 (*n its length), a table an array of *n items or an
 * object. JSON_VALUE_TOSTRING: a __tostring result, valid UTF-8, is pushed
 * (the caller pops it). json_push_key pushes the object key at index as the
 * string JSON gives it, or raises.
 */
typedef enum {
    JSON_VALUE_NULL, JSON_VALUE_TRUE, JSON_VALUE_FALSE, JSON_VALUE_INTEGER, JSON_VALUE_REAL,
    JSON_VALUE_STRING, JSON_VALUE_TOSTRING, JSON_VALUE_ARRAY, JSON_VALUE_OBJECT
} json_value_kind;
json_value_kind json_kind_of(lua_State *L, int index, int depth, size_t *n);
const char *json_push_key(lua_State *L, int key, size_t *len);

/*
 * The value at index encoded with json.encode's rules (raising alike) and
 * pushed packed, as a string only this process reads: the form map results
 * take between threads (json_packed.c). json_push_unpacked pushes the value
 * back, as decoding its JSON text would; it raises on a corrupt string.
 */
void json_push_packed(lua_State *L, int index);
void json_push_unpacked(lua_State *L, const char *s, size_t len);

#endif
