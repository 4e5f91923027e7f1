/* merge.h: combine corpora built apart (shards) into one, documents deduplicated by content hash. */
#ifndef PARLEY_MERGE_H
#define PARLEY_MERGE_H

#include <stddef.h>

#include "store.h"

/* What one merge added, and what it found already there. */
typedef struct {
    size_t docs_added, docs_present;
    size_t runs_added, runs_present;
    size_t notes_added, notes_present;   /* annotations */
} merge_stats;

/*
 * Merge the corpus at shard_path into out, in one transaction:
 *   documents whose hash out does not hold, in the shard's id order (new ids);
 *   runs, with new ids, unless out holds the same run (every column equal);
 *   annotations, with their document and run ids remapped, unless out holds
 *   the same annotation; so their provenance (rule, run) survives, and
 *   merging a shard twice adds nothing the second time.
 * The shard is opened read-only first, so a file that is not a parley
 * corpus, or has another schema, is refused before anything is written.
 * Adds to *stats. Returns 0, or a negative PARLEY_E* code with a one-line
 * message naming the file in err.
 */
int store_merge(parley_store *out, const char *shard_path, merge_stats *stats, char *err, size_t errsize);

#endif
