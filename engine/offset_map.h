/* offset_map.h: map byte offsets in normalised text back to the original file. */
#ifndef PARLEY_OFFSET_MAP_H
#define PARLEY_OFFSET_MAP_H

#include <stddef.h>

/*
 * Loading changes bytes: a BOM is dropped, UTF-16 is transcoded, CRLF becomes
 * LF, text is recomposed to NFC, bad sequences become U+FFFD, and a metadata
 * prefix may be cut. The map records those changes as runs of "units": each
 * unit is norm_unit bytes of stored text that came from orig_unit bytes of the
 * original file. A run of identical units is stored once with a count, so an
 * unchanged stretch (however long) is one run and a UTF-16 file is a few runs
 * per script change, not one per character. Offsets that fall inside a unit
 * whose sizes differ map to the unit's edges: a span never reports a partial
 * original character.
 *
 * A NULL map means the stored text is byte-identical to the original file.
 */
typedef struct parley_offset_map parley_offset_map;

/* An empty map whose original file starts origin bytes before the text; malloc'd, caller frees. */
parley_offset_map *offmap_new(size_t origin);
void offmap_free(parley_offset_map *map);

/* Append count units of norm_unit stored bytes from orig_unit original bytes; merges runs. */
int offmap_push(parley_offset_map *map, size_t norm_unit, size_t orig_unit, size_t count);

/* True when the map is the identity (no BOM, no change): the caller may drop it. */
int offmap_is_identity(const parley_offset_map *map);

/*
 * Original byte offset (0-based) of stored byte offset off (0-based).
 * offmap_source_start rounds down to the start of a changed unit,
 * offmap_source_end (for exclusive ends) rounds up to its end.
 * map may be NULL (identity).
 */
size_t offmap_source_start(const parley_offset_map *map, size_t off);
size_t offmap_source_end(const parley_offset_map *map, size_t off);

/*
 * Remove the first n stored bytes (a metadata prefix) from the map: offsets
 * after the call are relative to the shortened text. Returns the map (a new
 * one when map was NULL) or NULL on allocation failure.
 */
parley_offset_map *offmap_drop_prefix(parley_offset_map *map, size_t n);

/* Compact binary form for the database (varints). *blob is malloc'd; caller frees. */
int offmap_serialize(const parley_offset_map *map, unsigned char **blob, size_t *len);
/* NULL on malformed input or allocation failure. */
parley_offset_map *offmap_deserialize(const unsigned char *blob, size_t len);

#endif
