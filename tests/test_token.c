/* Private feed links: tokens, their hashes, scopes, and subscribers in a
 * real register. */
#include "dueday/store.h"
#include "dueday/token.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

Test(token, a_new_token_has_160_random_bits_in_hex_and_never_repeats) {
  char a[DD_TOKEN_BUFSIZE], b[DD_TOKEN_BUFSIZE];
  cr_assert_eq(dd_token_new(a, NULL), DD_OK);
  cr_assert_eq(dd_token_new(b, NULL), DD_OK);
  cr_assert_eq(strlen(a), 40);
  cr_assert(dd_token_well_formed(a));
  cr_assert_str_neq(a, b);
}

Test(token, only_well_formed_tokens_are_accepted) {
  cr_assert_not(dd_token_well_formed(""));
  cr_assert_not(
      dd_token_well_formed("0123456789abcdef0123456789abcdef0123456"));
  cr_assert_not(
      dd_token_well_formed("0123456789abcdef0123456789abcdef012345678"));
  cr_assert_not(
      dd_token_well_formed("0123456789ABCDEF0123456789abcdef01234567"));
  cr_assert_not(dd_token_well_formed("../../etc/passwd"));
  cr_assert(dd_token_well_formed("0123456789abcdef0123456789abcdef01234567"));
}

Test(token, the_hash_is_sha256_and_comparison_is_exact) {
  char h[DD_TOKEN_HASH_BUFSIZE];
  dd_token_hash("abc", h); /* FIPS 180-2's first example */
  cr_assert_str_eq(
      h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  cr_assert(dd_token_equal("abcdef", "abcdef", 6));
  cr_assert_not(dd_token_equal("abcdef", "abcdeg", 6));
  cr_assert_not(dd_token_equal("xbcdef", "abcdef", 6));
}

Test(token, scopes_are_parsed_or_refused_with_a_reason) {
  dd_scope_kind kind;
  const char *value;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_scope_parse("region:North West", &kind, &value, NULL), DD_OK);
  cr_assert_eq(kind, DD_SCOPE_REGION);
  cr_assert_str_eq(value, "North West");
  cr_assert_eq(dd_scope_parse("all", &kind, &value, NULL), DD_OK);
  cr_assert_eq(kind, DD_SCOPE_ALL);
  cr_assert_eq(dd_scope_parse("holidays:scotland", &kind, &value, NULL), DD_OK);
  cr_assert_eq(dd_scope_parse("holidays:wales", &kind, &value, &diag),
               DD_EINVAL);
  cr_assert_eq(dd_scope_parse("region:", &kind, &value, &diag), DD_EINVAL);
  cr_assert_eq(dd_scope_parse("county:Kent", &kind, &value, &diag), DD_EINVAL);
  cr_assert_not_null(strstr(diag.message, "unknown scope \"county:Kent\""));
}

Test(token, a_subscriber_is_found_by_token_until_revoked) {
  char dir[] = "/tmp/dueday-token-XXXXXX", path[64];
  cr_assert_not_null(mkdtemp(dir));
  snprintf(path, sizeof path, "%s/r.db", dir);
  dd_store *st;
  cr_assert_eq(dd_store_open(path, DD_STORE_CREATE, &st, NULL), DD_OK);
  char token[DD_TOKEN_BUFSIZE], hash[DD_TOKEN_HASH_BUFSIZE];
  dd_token_new(token, NULL);
  dd_token_hash(token, hash);
  long id;
  dd_store_begin(st, NULL);
  cr_assert_eq(dd_store_subscriber_add(st, "Rita", "rita@example.org",
                                       "region:London", hash, "test", &id,
                                       NULL),
               DD_OK);
  dd_store_commit(st, NULL);
  dd_subscriber sub;
  cr_assert_eq(dd_store_subscriber_find(st, hash, &sub, NULL), DD_OK);
  cr_assert_eq(sub.id, id);
  cr_assert_str_eq(sub.scope, "region:London");
  dd_subscriber_clear(&sub);
  char other[DD_TOKEN_HASH_BUFSIZE];
  dd_token_hash("not the token", other);
  cr_assert_eq(dd_store_subscriber_find(st, other, &sub, NULL), DD_ENOTFOUND);
  /* Same first half, different second half: still not found. */
  memcpy(other, hash, 32);
  cr_assert_eq(dd_store_subscriber_find(st, other, &sub, NULL), DD_ENOTFOUND);
  dd_store_begin(st, NULL);
  cr_assert_eq(dd_store_subscriber_revoke(st, id, "test", NULL), DD_OK);
  cr_assert_eq(dd_store_subscriber_revoke(st, id, "test", NULL), DD_ENOTFOUND);
  dd_store_commit(st, NULL);
  cr_assert_eq(dd_store_subscriber_find(st, hash, &sub, NULL), DD_ENOTFOUND);
  dd_store_close(st);
  char cmd[96];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  cr_assert_eq(system(cmd), 0);
}
