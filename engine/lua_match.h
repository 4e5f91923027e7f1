/* lua_match.h: what the two files of the parley.match binding share (lua_match.c, lua_match_rules.c). */
#ifndef PARLEY_LUA_MATCH_H
#define PARLEY_LUA_MATCH_H

#include <stdint.h>
#include <lua.h>

#include "gazetteer.h"
#include "lua_api.h"
#include "overlap.h"
#include "token_nfa.h"

#define RULE_TYPE "parley.Rule"   /* one compiled token rule; scripts see it only inside a Matcher */

/*
 * Scratch of one doc:match call, in a userdata whose finalizer frees it,
 * so nothing leaks when a rule's fn= raises in the middle.
 */
typedef struct {
    match_cand *c;
    size_t n, cap;
    nfa_scratch nfa;
    gaz_hits hits;
} match_buffers;

/* What to match in: tokens [first, last) of the Doc at stack index doc. */
typedef struct {
    int doc;
    const parley_doc *d;
    const seg_result *seg;
    uint32_t first, last;
} match_target;

/* Push new empty buffers. */
match_buffers *buffers_push(lua_State *L);
/* Append a candidate; raises on ENOMEM. */
void cand_add(lua_State *L, match_buffers *b, match_cand c);

/* A candidate's prio: the member (rule or gazetteer) of the matcher first, then what ranks inside it (0 so far). */
static inline uint64_t cand_prio(uint32_t member, uint32_t inner)
{
    return (uint64_t)member << 32 | inner;
}

/* ---- lua_match_rules.c ---- */

/*
 * Compile the rule table at index `table` (token specs in its array part;
 * name, label, uses) into a Rule and push it. uses (0 for none) is the
 * stack index of an array of matchers whose labels ent= tests, used when
 * the rule has no uses= of its own (already made by match_push_uses). number names an unnamed rule ("rule2").
 * Raises "FN: rule NAME, spec N: ..." on a mistake.
 */
void rule_compile(lua_State *L, const char *fn, int table, int uses, int number);

/* Add the matches of the Rule at index among t's tokens to b, with prio cand_prio(member, 0). */
void rule_collect(lua_State *L, int rule, const match_target *t, uint32_t member, int longest, match_buffers *b);

/* Push the fields a match of the Rule at index carries: rule (its name) and label. */
void rule_push_fields(lua_State *L, int rule);

/* Push the name of the Rule at index. */
void rule_push_name(lua_State *L, int rule);

/* Push the explanation of the Rule at index on t's tokens (see match.explain in lua_match.c). */
void rule_explain(lua_State *L, int rule, const match_target *t);

/* Append the lines of the rule explanation at index ex to the array at index lines. */
void rule_explain_lines(lua_State *L, int ex, int lines);

/* ---- lua_match.c ---- */

/* The first string key of the table at index that is not among keys (NULL-terminated), or NULL. */
const char *match_unknown_key(lua_State *L, int table, const char *const *keys);

/* Push uses= as an array of matchers: the value at index is a Gazetteer, a Matcher, or an array of them; raises otherwise. */
void match_push_uses(lua_State *L, const char *fn, int index);

/*
 * For ent=: push two tables, token index (1-based) -> label and -> id of
 * the matches of the matchers in the array at index uses (each with its
 * own overlap policy); a token under several matches gets an array.
 */
void match_entities(lua_State *L, int uses, const match_target *t);

#endif
