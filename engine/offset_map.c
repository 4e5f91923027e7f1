/* offset_map.c: run-length map from stored-text byte offsets back to the original file's. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loader_internal.h"
#include "offset_map.h"
#include "parley.h"

/*
 * Runs are kept encoded (run_put), in the same form offmap_serialize writes, so a
 * map costs a few bytes per run even when a UTF-16 file or decomposed text
 * yields one run per word. Only the last run stays unencoded ("open") so that
 * pushes can merge into it. A checkpoint every RUNS_PER_CHECKPOINT closed runs
 * lets a lookup binary-search, then decode at most that many runs.
 */
#define RUNS_PER_CHECKPOINT 32
#define VARINT_MAX 10            /* bytes of a 64-bit LEB128 value */
#define BLOB_VERSION 1
#define BLOB_FLAG_REWRITTEN 1u

typedef struct {
    size_t pos;         /* offset in code of the first run after the checkpoint */
    size_t norm, orig;  /* where that run starts (orig relative to origin) */
} checkpoint;

struct parley_offset_map {
    size_t origin;          /* original bytes before the text (a BOM, a dropped prefix) */
    int rewritten;          /* bytes changed where offsets did not (see offmap_note_rewrite) */
    unsigned char *code;    /* closed runs, as run_put writes them */
    size_t code_cap;
    checkpoint *index;
    size_t index_cap;
    offmap_mark state;      /* everything pushes change; offmap_restore rewinds it */
};

/* ---- varints (unsigned LEB128) ---- */

static size_t varint_put(unsigned char *p, size_t v)
{
    size_t n = 0;
    while (v >= 0x80) {
        p[n++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    p[n++] = (unsigned char)v;
    return n;
}

/* Read one varint from [*p, end); 0 when it is truncated or does not fit a size_t. */
static int varint_get(const unsigned char **p, const unsigned char *end, size_t *v)
{
    size_t value = 0;
    unsigned shift = 0;
    for (const unsigned char *q = *p; q < end; q++) {
        size_t bits = *q & 0x7F;
        if (shift >= sizeof(size_t) * 8 || (bits << shift) >> shift != bits)
            return 0;
        value |= bits << shift;
        if (!(*q & 0x80)) {
            *p = q + 1;
            *v = value;
            return 1;
        }
        shift += 7;
    }
    return 0;
}

/*
 * A run is three fields: the unit sizes packed as norm_unit << 4 | orig_unit
 * (orig_unit 15 and up escaped as 15, the excess following), then count.
 * The usual units, (1,2) for ASCII from UTF-16 or (2,3) for a composed
 * letter, pack into one byte, so most runs cost two.
 */
#define ORIG_ESCAPE 15

static size_t run_put(unsigned char *p, const offmap_run *run)
{
    int escaped = run->orig_unit >= ORIG_ESCAPE;
    size_t n = varint_put(p, run->norm_unit << 4 | (escaped ? ORIG_ESCAPE : run->orig_unit));
    if (escaped)
        n += varint_put(p + n, run->orig_unit - ORIG_ESCAPE);
    return n + varint_put(p + n, run->count);
}

/* Read one run from [*p, end); 0 when it is truncated or does not fit. */
static int run_get(const unsigned char **p, const unsigned char *end, offmap_run *run)
{
    size_t pair, extra;
    if (!varint_get(p, end, &pair))
        return 0;
    run->norm_unit = pair >> 4;
    run->orig_unit = pair & 0xF;
    if (run->orig_unit == ORIG_ESCAPE) {
        if (!varint_get(p, end, &extra) || extra > SIZE_MAX - ORIG_ESCAPE)
            return 0;
        run->orig_unit += extra;
    }
    return varint_get(p, end, &run->count);
}

/* ---- building ---- */

parley_offset_map *offmap_new(size_t origin)
{
    parley_offset_map *map = calloc(1, sizeof *map);
    if (map)
        map->origin = origin;
    return map;
}

void offmap_free(parley_offset_map *map)
{
    if (!map)
        return;
    free(map->code);
    free(map->index);
    free(map);
}

/* Grow *buf (of *cap items of size item) to hold at least need items; 0 on ENOMEM. */
static int reserve(void **buf, size_t *cap, size_t need, size_t item)
{
    if (need <= *cap)
        return 1;
    size_t grown = *cap ? *cap * 2 : 64;
    if (grown < need)
        grown = need;
    void *p = realloc(*buf, grown * item);
    if (!p)
        return 0;
    *buf = p;
    *cap = grown;
    return 1;
}

static size_t total_norm(const parley_offset_map *map)
{
    return map->state.closed_norm + map->state.open.norm_unit * map->state.open.count;
}

static size_t total_orig(const parley_offset_map *map)
{
    return map->state.closed_orig + map->state.open.orig_unit * map->state.open.count;
}

/* Whether count more units of unit bytes keep total (plus extra) within a size_t. */
static int fits(size_t total, size_t extra, size_t unit, size_t count)
{
    if (extra > SIZE_MAX - total)
        return 0;
    return unit == 0 || count <= (SIZE_MAX - total - extra) / unit;
}

/* Encode the open run after the closed ones, adding a checkpoint when one is due. */
static int close_open_run(parley_offset_map *map)
{
    offmap_mark *st = &map->state;
    if (st->open.count == 0)
        return PARLEY_OK;
    if (st->closed % RUNS_PER_CHECKPOINT == 0) {
        if (!reserve((void **)&map->index, &map->index_cap, st->index_len + 1, sizeof(checkpoint)))
            return PARLEY_ENOMEM;
        map->index[st->index_len++] = (checkpoint){st->code_len, st->closed_norm, st->closed_orig};
    }
    if (!reserve((void **)&map->code, &map->code_cap, st->code_len + 3 * VARINT_MAX, 1))
        return PARLEY_ENOMEM;
    st->code_len += run_put(map->code + st->code_len, &st->open);
    st->closed_norm += st->open.norm_unit * st->open.count;
    st->closed_orig += st->open.orig_unit * st->open.count;
    st->closed++;
    st->open.count = 0;
    return PARLEY_OK;
}

/*
 * PARLEY_OK, or PARLEY_ENOMEM when memory runs out or the offsets would no
 * longer fit a size_t (which only a corrupt blob can ask for); so does a
 * norm_unit too wide to pack (over 2^60 bytes, which no text can have).
 */
int offmap_push(parley_offset_map *map, size_t norm_unit, size_t orig_unit, size_t count)
{
    if (count == 0 || (norm_unit == 0 && orig_unit == 0))
        return PARLEY_OK;
    if (norm_unit > (SIZE_MAX >> 4) || !fits(total_norm(map), 0, norm_unit, count) ||
        !fits(total_orig(map), map->origin, orig_unit, count))
        return PARLEY_ENOMEM;
    offmap_run *open = &map->state.open;
    if (open->count > 0 && open->norm_unit == norm_unit && open->orig_unit == orig_unit) {
        open->count += count;
        return PARLEY_OK;
    }
    int rc = close_open_run(map);
    if (rc < 0)
        return rc;
    *open = (offmap_run){norm_unit, orig_unit, count};
    return PARLEY_OK;
}

/* Adjacent runs never share their unit sizes, so an identity map has at most one (1, 1) run. */
int offmap_is_identity(const parley_offset_map *map)
{
    if (!map)
        return 1;
    const offmap_mark *st = &map->state;
    if (map->origin != 0 || map->rewritten || st->closed > 0)
        return 0;
    return st->open.count == 0 || (st->open.norm_unit == 1 && st->open.orig_unit == 1);
}

void offmap_save(const parley_offset_map *map, offmap_mark *mark)
{
    *mark = map->state;
}

/* Bytes past mark's code_len and checkpoints past its index_len are simply overwritten later. */
void offmap_restore(parley_offset_map *map, const offmap_mark *mark)
{
    map->state = *mark;
}

void offmap_note_rewrite(parley_offset_map *map)
{
    map->rewritten = 1;
}

/* ---- walking the runs ---- */

typedef struct {
    const parley_offset_map *map;
    size_t pos;          /* offset in code of the next closed run */
    size_t runs_read;    /* closed runs already returned */
    int open_read;
    size_t norm, orig;   /* where the next run starts */
} run_cursor;

static void cursor_start(run_cursor *c, const parley_offset_map *map, size_t checkpoint_no)
{
    memset(c, 0, sizeof *c);
    c->map = map;
    if (checkpoint_no < map->state.index_len) {
        const checkpoint *cp = &map->index[checkpoint_no];
        c->pos = cp->pos;
        c->runs_read = checkpoint_no * RUNS_PER_CHECKPOINT;
        c->norm = cp->norm;
        c->orig = cp->orig;
    }
}

/* The next run and where it starts; 0 after the last. */
static int cursor_next(run_cursor *c, offmap_run *run, size_t *norm, size_t *orig)
{
    const offmap_mark *st = &c->map->state;
    if (c->runs_read < st->closed) {
        const unsigned char *p = c->map->code + c->pos, *end = c->map->code + st->code_len;
        run_get(&p, end, run);   /* written by close_open_run: well formed */
        c->pos = (size_t)(p - c->map->code);
        c->runs_read++;
    } else if (!c->open_read && st->open.count > 0) {
        *run = st->open;
        c->open_read = 1;
    } else {
        return 0;
    }
    *norm = c->norm;
    *orig = c->orig;
    c->norm += run->norm_unit * run->count;
    c->orig += run->orig_unit * run->count;
    return 1;
}

/* The last checkpoint at or before stored byte b: every run containing b comes after it. */
static size_t checkpoint_before(const parley_offset_map *map, size_t b)
{
    size_t lo = 0, hi = map->state.index_len;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (map->index[mid].norm <= b)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

typedef struct {
    size_t norm, orig;   /* where the unit starts (orig relative to origin) */
    offmap_run run;      /* the run it belongs to */
} unit_pos;

/* Find the unit holding stored byte b; 0 when b lies past the last run. */
static int find_unit(const parley_offset_map *map, size_t b, unit_pos *unit)
{
    run_cursor c;
    cursor_start(&c, map, checkpoint_before(map, b));
    offmap_run run;
    size_t norm, orig;
    while (cursor_next(&c, &run, &norm, &orig)) {
        if (b >= norm && b - norm < run.norm_unit * run.count) {
            size_t k = (b - norm) / run.norm_unit;
            unit->norm = norm + k * run.norm_unit;
            unit->orig = orig + k * run.orig_unit;
            unit->run = run;
            return 1;
        }
    }
    return 0;
}

/* ---- lookups ---- */

/* Past the last run the text is unchanged, so offsets continue one for one. */
static size_t past_end(const parley_offset_map *map, size_t off)
{
    return map->origin + total_orig(map) + (off - total_norm(map));
}

size_t offmap_source_start(const parley_offset_map *map, size_t off)
{
    if (!map)
        return off;
    unit_pos unit;
    if (find_unit(map, off, &unit))
        return map->origin + unit.orig;
    return past_end(map, off);
}

size_t offmap_source_end(const parley_offset_map *map, size_t off)
{
    if (!map)
        return off;
    if (off == 0)
        return offmap_source_start(map, 0);
    unit_pos unit;
    if (find_unit(map, off - 1, &unit))
        return map->origin + unit.orig + unit.run.orig_unit;
    return past_end(map, off);
}

/* ---- cutting a prefix ---- */

/* Push what remains of run (starting at norm) once the first n stored bytes are gone. */
static int push_cut_run(parley_offset_map *fresh, const parley_offset_map *map, offmap_run run,
                        size_t norm, size_t orig, size_t n)
{
    size_t k = (n - norm) / run.norm_unit;
    size_t inside = (n - norm) - k * run.norm_unit;
    fresh->origin = map->origin + orig + k * run.orig_unit;
    if (inside > 0) {
        /* The cut splits a unit: keep its tail whole, so it maps to the unit's edges. */
        int rc = offmap_push(fresh, run.norm_unit - inside, run.orig_unit, 1);
        if (rc < 0)
            return rc;
        k++;
    }
    return offmap_push(fresh, run.norm_unit, run.orig_unit, run.count - k);
}

static parley_offset_map *map_without_prefix(const parley_offset_map *map, size_t n)
{
    parley_offset_map *fresh = offmap_new(0);
    if (!fresh)
        return NULL;
    fresh->rewritten = map->rewritten;
    run_cursor c;
    cursor_start(&c, map, 0);
    offmap_run run;
    size_t norm, orig;
    int cut = 0, rc = PARLEY_OK;
    while (rc == PARLEY_OK && cursor_next(&c, &run, &norm, &orig)) {
        if (cut)
            rc = offmap_push(fresh, run.norm_unit, run.orig_unit, run.count);
        else if (norm + run.norm_unit * run.count > n)
            rc = push_cut_run(fresh, map, run, norm, orig, n), cut = 1;
    }
    if (!cut)
        fresh->origin = past_end(map, n);
    if (rc < 0) {
        offmap_free(fresh);
        return NULL;
    }
    return fresh;
}

/*
 * The map is changed in place and returned. On allocation failure the map is
 * freed and NULL returned, so `map = offmap_drop_prefix(map, n)` never leaks.
 */
parley_offset_map *offmap_drop_prefix(parley_offset_map *map, size_t n)
{
    if (!map)
        return offmap_new(n);
    if (n == 0)
        return map;
    parley_offset_map *fresh = map_without_prefix(map, n);
    if (!fresh) {
        offmap_free(map);
        return NULL;
    }
    parley_offset_map old = *map;
    *map = *fresh;
    *fresh = old;
    offmap_free(fresh);
    return map;
}

/* ---- serialization ---- */

/*
 * Blob: varints version, flags, origin, run count, then the runs as
 * run_put writes them. A NULL map is written as the identity (no runs).
 */
int offmap_serialize(const parley_offset_map *map, unsigned char **blob, size_t *len)
{
    static const parley_offset_map identity;
    if (!map)
        map = &identity;
    const offmap_mark *st = &map->state;
    size_t runs = st->closed + (st->open.count > 0);
    unsigned char *out = malloc(7 * VARINT_MAX + st->code_len);
    if (!out)
        return PARLEY_ENOMEM;
    size_t n = varint_put(out, BLOB_VERSION);
    n += varint_put(out + n, map->rewritten ? BLOB_FLAG_REWRITTEN : 0);
    n += varint_put(out + n, map->origin);
    n += varint_put(out + n, runs);
    if (st->code_len > 0)
        memcpy(out + n, map->code, st->code_len);
    n += st->code_len;
    if (st->open.count > 0)
        n += run_put(out + n, &st->open);
    *blob = out;
    *len = n;
    return PARLEY_OK;
}

/* Read the runs of a blob into map; 0 when any is malformed or the blob has bytes left over. */
static int read_runs(parley_offset_map *map, const unsigned char *p, const unsigned char *end,
                     size_t runs)
{
    for (size_t i = 0; i < runs; i++) {
        offmap_run run;
        if (!run_get(&p, end, &run) || run.count == 0 || (run.norm_unit == 0 && run.orig_unit == 0))
            return 0;
        if (offmap_push(map, run.norm_unit, run.orig_unit, run.count) < 0)
            return 0;
    }
    return p == end;
}

parley_offset_map *offmap_deserialize(const unsigned char *blob, size_t len)
{
    if (!blob)
        return NULL;
    const unsigned char *p = blob, *end = blob + len;
    size_t version, flags, origin, runs;
    if (!varint_get(&p, end, &version) || version != BLOB_VERSION ||
        !varint_get(&p, end, &flags) || (flags & ~(size_t)BLOB_FLAG_REWRITTEN) ||
        !varint_get(&p, end, &origin) || !varint_get(&p, end, &runs) ||
        runs > (size_t)(end - p) / 2)   /* a run takes two bytes at least */
        return NULL;
    parley_offset_map *map = offmap_new(origin);
    if (!map)
        return NULL;
    map->rewritten = (flags & BLOB_FLAG_REWRITTEN) != 0;
    if (!read_runs(map, p, end, runs)) {
        offmap_free(map);
        return NULL;
    }
    return map;
}
