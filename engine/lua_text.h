/* lua_text.h: entry point of the parley.text Lua module (lua_text.c). */
#ifndef PARLEY_LUA_TEXT_H
#define PARLEY_LUA_TEXT_H

#include <lua.h>

/* Pushes the parley.text table; registered in package.preload as "parley.text". */
int luaopen_parley_text(lua_State *L);

/* The valid UTF-8 string argument arg of text.fn; raises as every parley.text function does. */
const char *text_check_arg(lua_State *L, int arg, const char *fn, size_t *len);

/* Pushes text.lower(s) with the root rules; fn names the caller in an error. */
void text_push_lower(lua_State *L, const char *fn, const char *s, size_t len);

/* Adds text.letter_counts and text.word_hits (lua_letters.c) to the table on top. */
void text_letters_register(lua_State *L);

/* Adds text.minhash (lua_minhash.c) to the table on top. */
void text_minhash_register(lua_State *L);

#endif
