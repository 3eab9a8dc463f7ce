/* libFuzzer target for the feed server's request path: dd_route_parse over
 * arbitrary URLs, then the token lookup a feed path leads to
 * (dd_token_well_formed, dd_token_hash, dd_store_subscriber_find) against a
 * small real register. Besides memory errors (ASan, UBSan) it checks the
 * route against an independent reading of route.h's contract, that arg
 * stays inside argsize and is always a string, and that no input finds a
 * subscriber unless it is one of the live tokens made here: not a
 * malformed token, not a revoked one, not a hash passed off as a token. */
#define _POSIX_C_SOURCE 200809L

#include "dueday/dueday.h"
#include "fuzz.h"
#include "server/route.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The register's subscribers: two live tokens and one revoked, fixed so
 * that the dictionary and the seeds can reach them. */
static const char *const tokens[] = {
    "0123456789abcdef0123456789abcdef01234567",
    "fedcba9876543210fedcba9876543210fedcba98",
    "00000000000000000000000000000000deadbeef", /* revoked */
};
#define NTOKENS 3
#define REVOKED 2

static dd_store *st;
static long ids[NTOKENS];
/* The tokens and the hashes the register keeps of them. */
static char token_list[NTOKENS][DD_TOKEN_HASH_BUFSIZE];
static char hash_list[NTOKENS][DD_TOKEN_HASH_BUFSIZE];
static char dir[64], db[128];

static void cleanup(void) {
  static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
  char path[160];
  dd_store_close(st);
  st = NULL;
  for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
    snprintf(path, sizeof path, "%s%s", db, suffix[i]);
    unlink(path);
  }
  rmdir(dir);
}

/* Once per process: a register in a temporary directory ($TMPDIR, which
 * fuzz/run.sh points into its scratch directory, so that even a crash
 * leaves nothing behind). */
static void make_register(void) {
  const char *tmp = getenv("TMPDIR");
  dd_diag diag;
  snprintf(dir, sizeof dir, "%.40s/fuzz_route.XXXXXX",
           tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
  CHECK(mkdtemp(dir) != NULL);
  snprintf(db, sizeof db, "%s/register.db", dir);
  CHECK(dd_store_open(db, DD_STORE_CREATE, &st, &diag) == DD_OK);
  atexit(cleanup);
  for (int i = 0; i < NTOKENS; i++) {
    char name[16];
    snprintf(name, sizeof name, "sub%d", i);
    snprintf(token_list[i], sizeof token_list[i], "%s", tokens[i]);
    dd_token_hash(tokens[i], hash_list[i]);
    CHECK(dd_store_subscriber_add(st, name, "sub@example.org", "all",
                                  hash_list[i], "fuzz", &ids[i],
                                  &diag) == DD_OK);
  }
  CHECK(dd_store_subscriber_revoke(st, ids[REVOKED], "fuzz", &diag) == DD_OK);
}

/* Exactly n lower-case hex digits. */
static bool hex(const char *s, size_t n) {
  if (strlen(s) != n)
    return false;
  for (size_t i = 0; i < n; i++)
    if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
      return false;
  return true;
}

/* Written from token.h rather than token.c: 40 lower-case hex digits. */
static bool model_well_formed(const char *s) {
  return hex(s, 2 * DD_TOKEN_BYTES);
}

/* The subscriber index whose token (or stored hash) is s, or -1. */
static int index_of(const char *s, const char (*list)[DD_TOKEN_HASH_BUFSIZE]) {
  for (int i = 0; i < NTOKENS; i++)
    if (strcmp(s, list[i]) == 0)
      return i;
  return -1;
}

/* Looks up the subscriber whose token hashes to hash (any text) and checks
 * the answer: found only for a live token's own hash, as that subscriber. */
static void check_find(const char *hash, int expect) {
  dd_subscriber s;
  int err = dd_store_subscriber_find(st, hash, &s, NULL);
  if (expect >= 0 && expect != REVOKED) {
    CHECK(err == DD_OK);
    CHECK(s.id == ids[expect] && !s.revoked);
  } else {
    CHECK(err == DD_ENOTFOUND);
  }
  dd_subscriber_clear(&s);
}

/* The token lookup of the feed path, on any text. */
static void check_token(const char *token) {
  bool wf = dd_token_well_formed(token);
  CHECK(wf == model_well_formed(token));
  char hash[DD_TOKEN_HASH_BUFSIZE + 1];
  hash[DD_TOKEN_HASH_BUFSIZE] = 'X'; /* a canary past the hash's end */
  dd_token_hash(token, hash);
  CHECK(hash[DD_TOKEN_HASH_BUFSIZE] == 'X');
  CHECK(hex(hash, 64));
  int expect = index_of(token, token_list);
  CHECK(expect < 0 || wf);
  /* The server looks up well-formed tokens only; the register must still
   * find nothing for the rest. */
  check_find(hash, expect);
  /* The text itself passed off as a hash: found only when it is a stored
   * hash exactly (the server never does this: it hashes what it gets). */
  check_find(token, index_of(token, hash_list));
}

/* Routes url with an argsize-byte arg inside a bigger buffer, checking
 * that nothing is written past argsize and that arg is a string. */
static dd_route_kind route(const char *url, char *arg, size_t argsize) {
  enum { SLACK = 16 };
  char buf[DD_ROUTE_ARGSIZE + SLACK];
  memset(buf, 0xA5, sizeof buf);
  dd_route_kind k = dd_route_parse(url, buf, argsize);
  for (size_t i = argsize; i < sizeof buf; i++)
    CHECK((unsigned char)buf[i] == 0xA5);
  if (argsize > 0)
    CHECK(memchr(buf, '\0', argsize) != NULL);
  memcpy(arg, buf, argsize);
  return k;
}

static bool starts(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The expected route of url with an argument buffer big enough for any. */
static dd_route_kind model_route(const char *url, char *arg) {
  size_t n = strlen(url);
  arg[0] = '\0';
  if (n > DD_ROUTE_URL_MAX)
    return DD_ROUTE_BAD_REQUEST;
  if (starts(url, "/feeds/") && n >= 11 && strcmp(url + n - 4, ".ics") == 0) {
    memcpy(arg, url + 7, n - 11);
    arg[n - 11] = '\0';
    if (model_well_formed(arg))
      return DD_ROUTE_FEED;
    arg[0] = '\0';
    return DD_ROUTE_NOT_FOUND;
  }
  if (starts(url, "/api/visits/") && n > 12) {
    strcpy(arg, url + 12);
    return DD_ROUTE_VISIT;
  }
  if (strcmp(url, "/healthz") == 0)
    return DD_ROUTE_HEALTH;
  if (strcmp(url, "/metrics") == 0)
    return DD_ROUTE_METRICS;
  return strcmp(url, "/api/when") == 0 ? DD_ROUTE_WHEN : DD_ROUTE_NOT_FOUND;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (st == NULL)
    make_register();
  /* The URL as libmicrohttpd hands it over: a C string, so it ends at the
   * first NUL of the input. */
  char *url = malloc(size + 1);
  if (url == NULL)
    return 0;
  memcpy(url, data, size);
  url[size] = '\0';

  char arg[DD_ROUTE_ARGSIZE], want[DD_ROUTE_ARGSIZE];
  dd_route_kind k = route(url, arg, sizeof arg);
  CHECK(k == model_route(url, want));
  CHECK(strcmp(arg, want) == 0);
  if (k == DD_ROUTE_FEED) {
    /* The token check is the route's: what reaches the register is always
     * token-shaped. */
    CHECK(dd_token_well_formed(arg));
    check_token(arg);
  }

  /* A smaller buffer (0 to 66 bytes, around a token's 41): the same route
   * when the argument fits, else DD_ROUTE_NOT_FOUND with arg "". */
  size_t small = size % 67;
  char sarg[DD_ROUTE_ARGSIZE];
  dd_route_kind sk = route(url, sarg, small);
  bool fits = strlen(want) < small;
  if (k == DD_ROUTE_FEED || k == DD_ROUTE_VISIT)
    CHECK(fits ? sk == k && strcmp(sarg, want) == 0
               : sk == DD_ROUTE_NOT_FOUND && (small == 0 || sarg[0] == '\0'));
  else
    CHECK(sk == k && (small == 0 || sarg[0] == '\0'));

  /* The whole input as a token, routed or not. */
  if (strlen(url) <= 2 * DD_TOKEN_HASH_BUFSIZE)
    check_token(url);
  free(url);
  return 0;
}
