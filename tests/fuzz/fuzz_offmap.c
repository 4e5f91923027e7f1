/* fuzz_offmap.c: offset map blobs as a damaged database may hold them: refused or sound, never a crash. */
#include <string.h>

#include "fuzz.h"
#include "offset_map.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

/* The offsets a check looks at: the first few, and some far ones. */
static size_t probe(size_t i)
{
    return i < 64 ? i : (size_t)1 << (i - 64 + 6);
}

#define PROBES (64 + 40)

/* A map read back from its own blob answers every question the same. */
static void check_round_trip(const parley_offset_map *map)
{
    unsigned char *blob;
    size_t len;
    PROPERTY(offmap_serialize(map, &blob, &len) == 0, "serialize");
    parley_offset_map *again = offmap_deserialize(blob, len);
    PROPERTY(again != NULL, "a serialised map does not read back");
    for (size_t i = 0; i < PROBES; i++) {
        size_t off = probe(i);
        PROPERTY(offmap_source_start(map, off) == offmap_source_start(again, off), "start at %zu", off);
        PROPERTY(offmap_source_end(map, off) == offmap_source_end(again, off), "end at %zu", off);
    }
    offmap_free(again);
    free(blob);
}

/* Later stored offsets never map to earlier original ones; a start never passes its end. */
static void check_monotonic(const parley_offset_map *map)
{
    size_t last_start = 0, last_end = 0;
    for (size_t i = 0; i < PROBES; i++) {
        size_t off = probe(i);
        size_t s = offmap_source_start(map, off), e = offmap_source_end(map, off);
        PROPERTY(s >= last_start && e >= last_end, "offset %zu maps backwards (%zu, %zu)", off, s, e);
        last_start = s, last_end = e;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    parley_offset_map *map = offmap_deserialize(data, size);
    if (!map)
        return 0;
    check_round_trip(map);
    check_monotonic(map);
    for (size_t n = 1; n < 8 && map; n += 3) {
        map = offmap_drop_prefix(map, n);
        PROPERTY(map != NULL, "drop_prefix failed");
        check_monotonic(map);
        check_round_trip(map);
    }
    offmap_free(map);
    return 0;
}
