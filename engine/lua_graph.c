/* lua_graph.c: parley.graph, the numeric passes over a graph that Lua rules built (TextRank's ranking). */
#include <stddef.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "lua_api.h"

/*
 * TextRank ranks up to a few thousand sentences with thirty passes over
 * every edge of their graph: tens of millions of multiply-adds, which took
 * most of the briefing's output step in the Lua VM. The graph, the jump
 * vector, the damping and the number of passes stay the rules' choice
 * (parley.summary); this only runs the passes. Every sum is taken in the
 * order pairs() gives and every step is the double operation the Lua loop
 * made, so the ranks are bit for bit those of the Lua loop (the build has
 * -ffp-contract=off: no fused multiply-add).
 *
 * The work arrays live in userdata blocks, so an error while reading the
 * tables (raised with luaL_error) leaks nothing.
 */

typedef struct {
    size_t n, nedges;
    size_t *first;      /* node i's in-links are edges [first[i], first[i + 1]) */
    size_t *from;       /* the node an edge comes from, 0-based */
    double *coef;       /* its weight over the sum of that node's weights */
    double *out_weight, *jump, *rank, *next;
} rank_work;

/* The table weights[i] (1-based) on top of the stack, or raise. */
static void push_row(lua_State *L, int weights, size_t i)
{
    if (lua_rawgeti(L, weights, (lua_Integer)i) != LUA_TTABLE)
        luaL_error(L, "graph.rank: weights[%d] is not a table", (int)i);
}

/* After lua_next on a row: the neighbour (0-based) and the weight, or raise. */
static size_t edge_of(lua_State *L, size_t n, size_t i, double *w)
{
    lua_Integer j = lua_isinteger(L, -2) ? lua_tointeger(L, -2) : 0;
    if (j < 1 || (lua_Unsigned)j > n)
        luaL_error(L, "graph.rank: weights[%d] has a key that is not a node from 1 to %d", (int)i, (int)n);
    if (lua_type(L, -1) != LUA_TNUMBER)
        luaL_error(L, "graph.rank: weights[%d][%d] is not a number", (int)i, (int)j);
    *w = (double)lua_tonumber(L, -1);
    return (size_t)(j - 1);
}

/* Each node's sum of weights, in pairs() order, and how many edges there are in all. */
static void sum_rows(lua_State *L, int weights, rank_work *g)
{
    g->nedges = 0;
    for (size_t i = 1; i <= g->n; i++) {
        push_row(L, weights, i);
        lua_Number sum = 0;
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            double w;
            edge_of(L, g->n, i, &w);
            sum = sum + w;
            g->nedges++;
            lua_pop(L, 1);
        }
        g->out_weight[i - 1] = sum;
        lua_pop(L, 1);
    }
}

/* The in-links of every node, in pairs() order; a neighbour without weight gives none. */
static void link_rows(lua_State *L, int weights, rank_work *g)
{
    size_t e = 0;
    for (size_t i = 1; i <= g->n; i++) {
        g->first[i - 1] = e;
        push_row(L, weights, i);
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            double w;
            size_t j = edge_of(L, g->n, i, &w);
            if (g->out_weight[j] > 0) {
                g->from[e] = j;
                g->coef[e] = w / g->out_weight[j];
                e++;
            }
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    g->first[g->n] = e;
}

/* The four vectors of n, in one block. */
static void alloc_vectors(lua_State *L, rank_work *g)
{
    double *vectors = lua_newuserdatauv(L, (4 * g->n + 1) * sizeof(double), 0);
    g->out_weight = vectors;
    g->jump = vectors + g->n;
    g->rank = vectors + 2 * g->n;
    g->next = vectors + 3 * g->n;
}

/* The edges, once sum_rows has counted them: coefficients, n + 1 offsets, the edges' ends. */
static void alloc_edges(lua_State *L, rank_work *g)
{
    double *coef = lua_newuserdatauv(L, g->nedges * sizeof(double) + (g->n + 1 + g->nedges) * sizeof(size_t), 0);
    g->coef = coef;
    g->first = (size_t *)(coef + g->nedges);
    g->from = g->first + g->n + 1;
}

static void read_jump(lua_State *L, int jump, rank_work *g)
{
    for (size_t i = 1; i <= g->n; i++) {
        int ok = 0;
        lua_rawgeti(L, jump, (lua_Integer)i);
        g->jump[i - 1] = (double)lua_tonumberx(L, -1, &ok);
        lua_pop(L, 1);
        if (!ok)
            luaL_error(L, "graph.rank: jump[%d] is not a number", (int)i);
    }
}

static void iterate(rank_work *g, double damping, lua_Integer passes)
{
    for (size_t i = 0; i < g->n; i++)
        g->rank[i] = 1.0 / (double)g->n;
    for (lua_Integer pass = 0; pass < passes; pass++) {
        for (size_t i = 0; i < g->n; i++) {
            double sum = 0;
            for (size_t e = g->first[i]; e < g->first[i + 1]; e++)
                sum = sum + g->coef[e] * g->rank[g->from[e]];
            g->next[i] = g->jump[i] + damping * sum;
        }
        double *swap = g->rank;
        g->rank = g->next;
        g->next = swap;
    }
}

/*
 * graph.rank(weights, jump, damping, passes) -> ranks
 * n = #jump nodes; weights[i] = { [j] = w, ... } for i = 1..n. The ranks
 * start at 1/n; each pass, rank'[i] = jump[i] + damping * the sum over
 * (j, w) in pairs(weights[i]) of w / W[j] * rank[j], W[j] being the sum of
 * weights[j]'s values; a j with W[j] <= 0 adds nothing.
 */
static int l_rank(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checktype(L, 2, LUA_TTABLE);
    double damping = (double)luaL_checknumber(L, 3);
    lua_Integer passes = luaL_checkinteger(L, 4);
    luaL_argcheck(L, passes >= 0, 4, "passes must not be negative");
    lua_settop(L, 4);
    rank_work g;
    memset(&g, 0, sizeof g);
    g.n = lua_rawlen(L, 2);
    alloc_vectors(L, &g);
    sum_rows(L, 1, &g);   /* W and the edge count: the coefficients need every W first */
    alloc_edges(L, &g);
    read_jump(L, 2, &g);
    link_rows(L, 1, &g);
    iterate(&g, damping, passes);
    lua_createtable(L, (int)g.n, 0);
    for (size_t i = 0; i < g.n; i++) {
        lua_pushnumber(L, g.rank[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

static const luaL_Reg graph_funcs[] = {
    {"rank", l_rank},
    {NULL, NULL},
};

int luaopen_parley_graph(lua_State *L)
{
    luaL_newlib(L, graph_funcs);
    return 1;
}
