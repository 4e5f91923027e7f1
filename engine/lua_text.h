/* lua_text.h: entry point of the parley.text Lua module (lua_text.c). */
#ifndef PARLEY_LUA_TEXT_H
#define PARLEY_LUA_TEXT_H

#include <lua.h>

/* Pushes the parley.text table; registered in package.preload as "parley.text". */
int luaopen_parley_text(lua_State *L);

/* Pushes text.lower(s) with the root rules; fn names the caller in an error. */
void text_push_lower(lua_State *L, const char *fn, const char *s, size_t len);

/* Adds text.letter_counts and text.word_hits (lua_letters.c) to the table on top. */
void text_letters_register(lua_State *L);

#endif
