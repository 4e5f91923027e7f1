/* repl_complete.c: the Tab key of the REPL: asks parley.complete (Lua) for candidates, inserts or lists them. */
#include <stdio.h>
#include <string.h>

#include <histedit.h>
#include <lauxlib.h>

#include "repl.h"
#include "runtime.h"

#define COMPLETE_SECONDS 2.0   /* a looping __index must not hang the prompt */
#define LIST_MAX 200           /* candidates listed at most */

/*
 * Push the word being completed and the candidates (an array) for the text
 * before the cursor; returns 0, or -1 when completion failed (nothing pushed).
 */
static int candidates(repl *r, const char *before, size_t len)
{
    lua_State *L = r->L;
    run_budget *b = runtime_budget(L);
    budget_set_timeout(b, COMPLETE_SECONDS);
    lua_getglobal(L, "require");
    lua_pushliteral(L, "parley.complete");
    int status = runtime_pcall(L, 1, 1);
    if (status == LUA_OK) {
        lua_getfield(L, -1, "complete");
        lua_remove(L, -2);
        lua_pushlstring(L, before, len);
        lua_pushglobaltable(L);
        lua_newtable(L);   /* the :commands, from the dispatch table */
        for (int i = 0; command_name(i); i++) {
            lua_pushstring(L, command_name(i));
            lua_rawseti(L, -2, i + 1);
        }
        status = runtime_pcall(L, 3, 2);
    }
    budget_set_timeout(b, 0);
    budget_reset(L, b);
    if (status != LUA_OK) {
        lua_pop(L, 1);
        return -1;
    }
    if (!lua_istable(L, -1) || !lua_isstring(L, -2)) {
        lua_pop(L, 2);
        return -1;
    }
    return 0;
}

/* Length of the prefix all candidates (array at index t, n of them) share. */
static size_t common_prefix(lua_State *L, int t, lua_Integer n)
{
    lua_rawgeti(L, t, 1);
    size_t common;
    const char *first = lua_tolstring(L, -1, &common);
    for (lua_Integer i = 2; i <= n && common > 0; i++) {
        lua_rawgeti(L, t, i);
        size_t len;
        const char *s = lua_tolstring(L, -1, &len);
        size_t k = 0;
        while (k < common && k < len && s[k] == first[k])
            k++;
        common = k;
        lua_pop(L, 1);
    }
    /* never end inside a UTF-8 sequence */
    while (common > 0 && ((unsigned char)first[common] & 0xC0) == 0x80)
        common--;
    lua_pop(L, 1);
    return common;
}

/* Print the candidates in columns under the line being edited. */
static void list_candidates(lua_State *L, int t, lua_Integer n)
{
    size_t widest = 0;
    lua_Integer shown = n < LIST_MAX ? n : LIST_MAX;
    for (lua_Integer i = 1; i <= shown; i++) {
        lua_rawgeti(L, t, i);
        size_t len = lua_rawlen(L, -1);
        widest = len > widest ? len : widest;
        lua_pop(L, 1);
    }
    int per_line = (int)((size_t)edit_columns() / (widest + 2));
    per_line = per_line < 1 ? 1 : per_line;
    putchar('\n');
    for (lua_Integer i = 1; i <= shown; i++) {
        lua_rawgeti(L, t, i);
        if (i % per_line == 0 || i == shown)
            printf("%s\n", lua_tostring(L, -1));
        else
            printf("%-*s", (int)widest + 2, lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    if (n > shown)
        printf("... and %lld more\n", (long long)(n - shown));
    fflush(stdout);
}

/*
 * With the word and candidates pushed: insert what all candidates share
 * beyond the typed word; when that is nothing and there are several, list
 * them (and have libedit redraw the prompt and line).
 */
static unsigned char apply_candidates(EditLine *el, lua_State *L, int word)
{
    size_t typed;
    lua_tolstring(L, word, &typed);
    lua_Integer n = (lua_Integer)lua_rawlen(L, word + 1);
    if (n == 0)
        return CC_ERROR;   /* a beep: nothing fits */
    size_t common = common_prefix(L, word + 1, n);
    if (common > typed) {
        lua_rawgeti(L, word + 1, 1);
        lua_pushlstring(L, lua_tostring(L, -1) + typed, common - typed);
        el_insertstr(el, lua_tostring(L, -1));
        return CC_REFRESH;
    }
    if (n == 1)
        return CC_REFRESH;
    list_candidates(L, word + 1, n);
    return CC_REDISPLAY;
}

static unsigned char complete_key(EditLine *el, int ch)
{
    (void)ch;
    repl *r;
    el_get(el, EL_CLIENTDATA, &r);
    int top = lua_gettop(r->L);
    const LineInfo *li = el_line(el);
    if (candidates(r, li->buffer, (size_t)(li->cursor - li->buffer)) < 0)
        return CC_ERROR;
    unsigned char result = apply_candidates(el, r->L, top + 1);
    lua_settop(r->L, top);
    return result;
}

void complete_install(void *el)
{
    el_wset(el, EL_ADDFN, L"parley-complete", L"complete the name or path (Tab)", complete_key);   /* see bind_keys */
    el_set(el, EL_BIND, "^I", "parley-complete", NULL);
}
