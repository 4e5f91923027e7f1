/* json_fast.h: JSON decoded onto the Lua stack by simdjson, where its value is certainly jansson's. */
#ifndef PARLEY_JSON_FAST_H
#define PARLEY_JSON_FAST_H

#include <stddef.h>

#include <jansson.h>
#include <lua.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The jansson decoding flags this path honours; any other flag makes it decline. */
#define JSON_FAST_FLAGS (JSON_DECODE_ANY | JSON_ALLOW_NUL)

/*
 * Decode s[0..len) onto the Lua stack as json_loadb(s, len, flags) followed by
 * json_push_value would, and return 1; or push nothing and return 0, and the
 * caller asks jansson, which then gives the value or words the error.
 *
 * It declines whenever its answer might differ from jansson's: any parse error,
 * an integer beyond int64 (jansson refuses it), a NUL in a string without
 * JSON_ALLOW_NUL or in a key (jansson refuses both), a scalar document without
 * JSON_DECODE_ANY, a flag outside JSON_FAST_FLAGS, a text past 1 MiB (so each
 * thread's parser stays small), and a call made while another is pushing on
 * the same thread (a __gc finalizer that decodes JSON).
 *
 * Raises only what pushing raises (memory, the run's budget), with the stack
 * as it was plus the error.
 */
int json_fast_push(lua_State *L, const char *s, size_t len, size_t flags);

#ifdef __cplusplus
}
#endif

#endif
