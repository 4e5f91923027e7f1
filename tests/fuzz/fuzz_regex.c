/* fuzz_regex.c: the parley.re binding: a fuzzed pattern, flags and subject through find, gmatch, gsub, split. */
#include <lauxlib.h>
#include <lua.h>
#include <string.h>

#include "fuzz.h"
#include "lua_api.h"
#include "runtime.h"

/*
 * Input: the pattern up to the first newline, then one byte of options,
 * then the subject. Bits 0-3 of the options are the flags i, m, s, x; bits
 * 4-7 choose init for find (0: 1; k: a byte offset k/15 of the way in,
 * maybe inside a character, which must be refused). Without a newline the
 * whole input is both the pattern and the subject.
 *
 * The properties are written in Lua (CHECKS below), run by the real
 * binding in a state made by runtime_new. A failed one raises a message
 * holding "property failed", which aborts here; any other error escaping
 * the checks is a binding error the checks did not expect, and aborts too.
 */

static lua_State *L;
static int checks_ref;   /* registry: the compiled CHECKS chunk */

static const char CHECKS[] =
    "local re, pattern, flags, subject, init, new_doc = ...\n"
    "local function prop(cond, fmt, ...)\n"
    "  if not cond then error('property failed: ' .. string.format(fmt, ...), 2) end\n"
    "end\n"
    "local n = #subject\n"
    /* Whether 0-based byte offset i lies between characters of the subject. */
    "local function boundary(i)\n"
    "  if i <= 0 or i >= n then return true end\n"
    "  local b = subject:byte(i + 1)\n"
    "  return b < 0x80 or b >= 0xC0\n"
    "end\n"
    /* Errors a valid pattern may raise on a valid subject: the limits, and \\K ending a match before it starts. */
    "local function limit(e)\n"
    "  return type(e) == 'string' and (e:find('(catastrophic backtracking?)', 1, true) or\n"
    "    e:find('(a group repeated too often?)', 1, true) or e:find('\\\\K made the match end', 1, true))\n"
    "end\n"
    /* Call f; on an allowed limit error return nil (the caller gives up), on another error fail. */
    "local function try(what, f, ...)\n"
    "  local r = table.pack(pcall(f, ...))\n"
    "  if r[1] then return r end\n"
    "  prop(limit(r[2]), '%s raised %s', what, tostring(r[2]))\n"
    "end\n"
    /* A bad pattern: refused by compile, and the same way by every function taking it. */
    "re.jit = true\n"
    "local ok, rx = pcall(re.compile, pattern, flags)\n"
    "if not ok then\n"
    "  prop(type(rx) == 'string' and rx:find('^re%.compile: '), 'compile raised %s', tostring(rx))\n"
    "  local ok2, e = pcall(re.gsub, subject, pattern, '$0', nil, flags)\n"
    "  prop(not ok2 and e == 're.gsub: ' .. rx:sub(13), 're.gsub accepted a pattern re.compile refused: %s', tostring(e))\n"
    "  return 'bad pattern'\n"
    "end\n"
    "prop(re.compile(pattern, flags) == rx, 'the cache gave another Regex')\n"
    "re.jit = false\n"
    "local plain = re.compile(pattern, flags)\n"
    "prop(not plain.jit and plain.groups == rx.groups, 'the interpreted Regex differs')\n"
    /* An invalid subject: refused, at the byte utf8.len finds. */
    "local valid, bad = utf8.len(subject)\n"
    "if not valid then\n"
    "  local ok2, e = pcall(rx.find, rx, subject)\n"
    "  prop(not ok2 and e == ('regex:find: subject is not valid UTF-8 at byte %d'):format(bad),\n"
    "       'invalid subject (byte %d): %s', bad, tostring(e))\n"
    "  return 'bad subject'\n"
    "end\n"
    /* find from init: within the subject, start <= stop + 1, on characters; captures valid UTF-8. */
    "local r = table.pack(pcall(rx.find, rx, subject, init))\n"
    "if init <= n and not boundary(init - 1) then\n"
    "  prop(not r[1] and r[2] == ('regex:find: init %d is inside a UTF-8 character'):format(init),\n"
    "       'init %d inside a character: %s', init, tostring(r[2]))\n"
    "  return 'bad init'\n"
    "end\n"
    "if not r[1] then prop(limit(r[2]), 'find raised %s', tostring(r[2])) return 'limit' end\n"
    "if r[2] ~= nil then\n"
    "  local s, e = r[2], r[3]\n"
    "  prop(math.type(s) == 'integer' and s >= init and s - 1 <= e and e <= n, 'find gave %s, %s from %d of %d', s, e, init, n)\n"
    "  prop(boundary(s - 1) and boundary(e), 'find gave %d, %d: inside a character', s, e)\n"
    "  for g = 4, 3 + rx.groups do\n"
    "    prop(r[g] == false or (type(r[g]) == 'string' and utf8.len(r[g])), 'capture %d is %s', g - 3, tostring(r[g]))\n"
    "  end\n"
    "  if rx.groups == 0 then\n"
    "    local m = try('match', rx.match, rx, subject, init)\n"
    "    if not m then return 'limit' end\n"
    "    prop(m[2] == subject:sub(s, e), 'match and find disagree')\n"
    "  end\n"
    "end\n"
    /* Every match, with positions, through doc:find: in order, not overlapping, on characters. */
    "local doc = new_doc(subject)\n"
    "local found = try('doc:find', doc.find, doc, rx)\n"
    "if not found then return 'limit' end\n"
    "local spans, last = found[2], 0\n"
    "for i, sp in ipairs(spans) do\n"
    "  local a, b = sp.start - 1, sp.stop\n"
    "  prop(a >= last and a <= b and b <= n, 'match %d is [%d, %d) after %d of %d', i, a, b, last, n)\n"
    "  prop(boundary(a) and boundary(b), 'match %d [%d, %d) splits a character', i, a, b)\n"
    "  prop(a < b or i == 1 or a > last, 'match %d is empty where match %d ended', i, i - 1)\n"
    "  prop(sp.text == subject:sub(a + 1, b), 'match %d: text is not the subject bytes', i)\n"
    "  last = b\n"
    "end\n"
    "if init == 1 and r[2] ~= nil then\n"
    "  prop(spans[1] and spans[1].start == r[2] and spans[1].stop == r[3], 'find and the first match disagree')\n"
    "elseif init == 1 then\n"
    "  prop(#spans == 0, 'find found nothing, doc:find %d matches', #spans)\n"
    "end\n"
    /* The interpreter finds the same matches as the JIT. */
    "local other = try('doc:find (interpreter)', doc.find, doc, plain)\n"
    "if not other then return 'limit' end\n"
    "prop(#other[2] == #spans, 'JIT %d matches, interpreter %d', #spans, #other[2])\n"
    "for i, sp in ipairs(other[2]) do\n"
    "  prop(sp.start == spans[i].start and sp.stop == spans[i].stop, 'match %d: JIT and interpreter differ', i)\n"
    "end\n"
    /* gmatch: the same matches, in the same order. */
    "local i = 0\n"
    "local ok3, e3 = pcall(function()\n"
    "  for m in rx:gmatch(subject) do\n"
    "    i = i + 1\n"
    "    local sp = spans[i]\n"
    "    prop(sp, 'gmatch gave more than %d matches', #spans)\n"
    "    local want = rx.groups == 0 and sp.text or (sp.captures[1] and sp.captures[1].text)\n"
    "    prop(m == want, 'gmatch match %d is %s, not %s', i, tostring(m), tostring(want))\n"
    "  end\n"
    "end)\n"
    "if not ok3 then prop(limit(e3), 'gmatch raised %s', tostring(e3)) return 'limit' end\n"
    "prop(i == #spans, 'gmatch gave %d matches, doc:find %d', i, #spans)\n"
    /* gsub: $0 gives the subject back; a template and a keeping function agree with the matches. */
    "local g = try('gsub', rx.gsub, rx, subject, '$0')\n"
    "if not g then return 'limit' end\n"
    "prop(g[2] == subject and g[3] == #spans, 'gsub $0: %d replacements of %d, same text: %s', g[3], #spans, tostring(g[2] == subject))\n"
    "local parts, from = {}, 1\n"
    "for _, sp in ipairs(spans) do\n"
    "  parts[#parts + 1] = subject:sub(from, sp.start - 1) .. '<' .. sp.text .. '$>'\n"
    "  from = sp.stop + 1\n"
    "end\n"
    "parts[#parts + 1] = subject:sub(from)\n"
    "g = try('gsub', rx.gsub, rx, subject, '<$0$$>')\n"
    "if not g then return 'limit' end\n"
    "prop(g[2] == table.concat(parts), 'gsub <$0$$> is not the matches wrapped')\n"
    "g = try('gsub', rx.gsub, rx, subject, function() return false end)\n"
    "if not g then return 'limit' end\n"
    "prop(g[2] == subject and g[3] == #spans, 'gsub keeping every match changed the subject')\n"
    /* split: pieces and the matches between them rejoin to the subject; max bounds the pieces. */
    "local p = try('split', rx.split, rx, subject)\n"
    "if not p then return 'limit' end\n"
    "local pieces = p[2]\n"
    "prop(#pieces == #spans + 1, 'split gave %d pieces for %d matches', #pieces, #spans)\n"
    "local joined = {pieces[1]}\n"
    "for k, sp in ipairs(spans) do joined[#joined + 1] = sp.text .. pieces[k + 1] end\n"
    "prop(table.concat(joined) == subject, 'split pieces and matches do not rejoin to the subject')\n"
    "p = try('split', rx.split, rx, subject, 2)\n"
    "if not p then return 'limit' end\n"
    "prop(#p[2] == math.min(2, #spans + 1), 'split with max 2 gave %d pieces', #p[2])\n"
    "if spans[1] then prop(p[2][1] .. spans[1].text .. p[2][2] == subject, 'split max 2 does not rejoin') end\n"
    /* The module functions with a pattern string find what the Regex finds. */
    "re.jit = true\n"
    "g = try('re.gsub', re.gsub, subject, pattern, '$0', nil, flags)\n"
    "if not g then return 'limit' end\n"
    "prop(g[2] == subject and g[3] == #spans, 're.gsub and regex:gsub disagree')\n"
    "return 'checked'\n";

/* new_doc(s) -> a Doc over s as it is (doc:find checks it like any subject). */
static int new_doc(lua_State *L1)
{
    luaL_checktype(L1, 1, LUA_TSTRING);
    doc_push(L1, 0, 1, 0, NULL);
    return 1;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    runtime_opts ro = {0};
    L = runtime_new(&ro);
    PROPERTY(L != NULL, "cannot create the Lua runtime");
    PROPERTY(luaL_loadbuffer(L, CHECKS, sizeof CHECKS - 1, "=fuzz_regex") == LUA_OK, "%s",
             lua_tostring(L, -1));
    checks_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data, *nl = memchr(s, '\n', size);
    size_t plen = nl ? (size_t)(nl - s) : size;
    unsigned opts = nl && plen + 1 < size ? (unsigned char)s[plen + 1] : 0;
    const char *subject = nl ? s + plen + (plen + 1 < size ? 2 : 1) : s;
    size_t slen = (size_t)(s + size - subject);
    char flags[5];
    int nf = 0;
    for (int i = 0; i < 4; i++)
        if (opts & 1u << i)
            flags[nf++] = "imsx"[i];
    flags[nf] = '\0';
    int top = lua_gettop(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, checks_ref);
    lua_getglobal(L, "require");
    lua_pushliteral(L, "parley.re");
    lua_call(L, 1, 1);
    lua_pushlstring(L, s, plen);
    lua_pushstring(L, flags);
    lua_pushlstring(L, subject, slen);
    lua_pushinteger(L, (lua_Integer)(slen * (opts >> 4) / 15) + 1);
    lua_pushcfunction(L, new_doc);
    int rc = lua_pcall(L, 6, 1, 0);
    PROPERTY(rc == LUA_OK, "%s", lua_tostring(L, -1));
    lua_pop(L, 1);
    PROPERTY(lua_gettop(L) == top, "the checks left %d values on the Lua stack", lua_gettop(L) - top);
    lua_gc(L, LUA_GCCOLLECT);   /* Regexes and Docs are garbage now, not leaks */
    return 0;
}
