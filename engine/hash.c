/* hash.c: content hashes of stored documents (SHA-256 through nettle). */
#include <stdint.h>
#include <nettle/sha2.h>

#include "store.h"

/*
 * Lower-case hex SHA-256 of the len bytes at s into hex[65], NUL-terminated.
 * s may be NULL when len is 0. Nettle rather than a hand-written digest: the
 * hash is the identity of a document across corpora and shards, so it must be
 * the real SHA-256, and a well-kept library is the way to be sure of that.
 */
void store_content_hash(const char *s, size_t len, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];

    sha256_init(&ctx);
    if (len > 0)  /* s may be NULL then, and nettle does not promise to accept that */
        sha256_update(&ctx, len, (const uint8_t *)s);
    sha256_digest(&ctx, sizeof digest, digest);
    for (size_t i = 0; i < sizeof digest; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 0x0f];
    }
    hex[64] = '\0';
}
