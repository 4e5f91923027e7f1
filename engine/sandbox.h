/* sandbox.h: what a script run with --sandbox may do: the restricted library and the path rules. */
#ifndef PARLEY_SANDBOX_H
#define PARLEY_SANDBOX_H

#include <stddef.h>
#include <lua.h>

#include "runtime.h"

/* --max-memory of a sandboxed run when none is given: a shared script cannot take the machine. */
#define SANDBOX_DEFAULT_MEMORY ((size_t)2 << 30)

/*
 * Restrict a state made by runtime_new (after its libraries and
 * package.path are set): the safe standard library only; io, load,
 * loadfile, dofile and require check paths; os.execute and the like raise
 * "sandbox: os.execute is not allowed (run without --sandbox to allow it)".
 * Does nothing unless opts->sandbox. Raises on allocation failure.
 */
void sandbox_install(lua_State *L, const runtime_opts *opts);

/* Whether L runs sandboxed. */
int sandbox_active(lua_State *L);

/*
 * Whether the script may read (or write) path: always outside the sandbox;
 * inside, a read must resolve (symlinks followed) under one of the read
 * paths, data/ or the parley home's data, scripts and stdlib; a write under
 * --out. Returns 1, or 0 with "sandbox: cannot read PATH: why (how to
 * allow it)" in err.
 */
int sandbox_may_read(lua_State *L, const char *path, char *err, size_t errsize);
int sandbox_may_write(lua_State *L, const char *path, char *err, size_t errsize);

/* The same checks, raising the message (at the caller's position) when refused. */
void sandbox_check_read(lua_State *L, const char *path);
void sandbox_check_write(lua_State *L, const char *path);

/*
 * The store_guard flags for a corpus file a sandboxed script opens (0
 * outside the sandbox): never ATTACH or PRAGMA settings; no writes unless
 * --allow-write, or the corpus lies under --out (the script's own output).
 */
int sandbox_corpus_guards(lua_State *L, const char *path);

#endif
