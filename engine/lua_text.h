/* lua_text.h: entry point of the parley.text Lua module (lua_text.c). */
#ifndef PARLEY_LUA_TEXT_H
#define PARLEY_LUA_TEXT_H

#include <lua.h>

/* Pushes the parley.text table; registered in package.preload as "parley.text". */
int luaopen_parley_text(lua_State *L);

#endif
