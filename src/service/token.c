/* Tokens for private feed links. The register keeps only their SHA-256
 * (nettle), so a copy of the database gives nobody a working link; the
 * randomness comes from getrandom(2), never from a seeded generator. */
#include "dueday/token.h"

#include <nettle/sha2.h>

#include <errno.h>
#include <string.h>
#include <sys/random.h>

static const char hex[] = "0123456789abcdef";

int dd_token_new(char out[DD_TOKEN_BUFSIZE], dd_diag *diag) {
  unsigned char raw[DD_TOKEN_BYTES];
  size_t got = 0;
  while (got < sizeof raw) {
    ssize_t n = getrandom(raw + got, sizeof raw - got, 0);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return dd_diag_set(diag, DD_EIO, "no random bytes: %s", strerror(errno));
    got += (size_t)n;
  }
  for (size_t i = 0; i < sizeof raw; i++) {
    out[2 * i] = hex[raw[i] >> 4];
    out[2 * i + 1] = hex[raw[i] & 15];
  }
  out[2 * DD_TOKEN_BYTES] = '\0';
  return DD_OK;
}

bool dd_token_well_formed(const char *text) {
  size_t i = 0;
  for (; text[i] != '\0' && i < 2 * DD_TOKEN_BYTES; i++)
    if (strchr(hex, text[i]) == NULL)
      return false;
  return i == 2 * DD_TOKEN_BYTES && text[i] == '\0';
}

void dd_token_hash(const char *token, char out[DD_TOKEN_HASH_BUFSIZE]) {
  struct sha256_ctx ctx;
  unsigned char digest[SHA256_DIGEST_SIZE];
  sha256_init(&ctx);
  sha256_update(&ctx, strlen(token), (const uint8_t *)token);
  sha256_digest(&ctx, sizeof digest, digest);
  for (size_t i = 0; i < sizeof digest; i++) {
    out[2 * i] = hex[digest[i] >> 4];
    out[2 * i + 1] = hex[digest[i] & 15];
  }
  out[2 * SHA256_DIGEST_SIZE] = '\0';
}

bool dd_token_equal(const char *a, const char *b, size_t n) {
  /* Every byte is looked at whatever the first difference: no early exit
   * for a timing attack to measure. */
  volatile unsigned char diff = 0;
  for (size_t i = 0; i < n; i++)
    diff |= (unsigned char)(a[i] ^ b[i]);
  return diff == 0;
}
