/* Sign-in links in a real register: the token stored only hashed with the
 * asking browser, single use, the lifetime on both sides of the boundary,
 * the browser binding, the count per address for the rate limit and
 * pruning; the per-client count in memory; the mail; and "sign out
 * everywhere" (dd__session_delete_all). */
#include "register_fixture.h"
#include "service/session.h"
#include "service/signin.h"
#include "service/store_internal.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

TestSuite(signin, .init = register_setup, .fini = register_teardown);

#define T0 ((time_t)1600000000)
#define LIFE 900L
static const char browser[] = "0123456789abcdef0123456789abcdef";
static const char other_browser[] = "fedcba9876543210fedcba9876543210";

static void make(const char *email, const char *b, time_t now,
                 char token[DD_SIGNIN_TOKEN_BUFSIZE]) {
  dd_diag diag = {{0}};
  cr_assert_eq(dd__signin_link_new(reg, email, b, now, token, &diag), DD_OK,
               "%s", diag.message);
}

static int take(const char *token, const char *b, time_t now, char *email) {
  dd_diag diag = {{0}};
  return dd__signin_link_take(reg, token, b, now, LIFE, email, 256, &diag);
}

static long query_long(const char *sql) {
  sqlite3_stmt *s;
  cr_assert_eq(sqlite3_prepare_v2(reg->db, sql, -1, &s, NULL), SQLITE_OK, "%s",
               sql);
  cr_assert_eq(sqlite3_step(s), SQLITE_ROW, "%s", sql);
  long n = (long)sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  return n;
}

Test(signin, a_link_is_stored_only_as_the_hash_of_token_and_browser) {
  char token[DD_SIGNIN_TOKEN_BUFSIZE], again[DD_SIGNIN_TOKEN_BUFSIZE];
  make("Jo@Example.org", browser, T0, token);
  make("jo@example.org", browser, T0, again);
  cr_assert_eq(strlen(token), 32);
  cr_assert_eq(strspn(token, "0123456789abcdef"), 32);
  cr_assert_str_neq(token, again);
  char both[80], hash[DD_TOKEN_HASH_BUFSIZE], sql[300];
  snprintf(both, sizeof both, "%s:%s", token, browser);
  dd_token_hash(both, hash);
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM sign_in_links WHERE id_sha256 = '%s' AND "
           "email = 'jo@example.org' AND created = %ld AND used IS NULL",
           hash, (long)T0);
  cr_assert_eq(query_long(sql), 1);
  /* Neither the token nor the browser's id is in any column. */
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM sign_in_links WHERE instr(id_sha256 || email, "
           "'%s') > 0 OR instr(id_sha256 || email, '%s') > 0",
           token, browser);
  cr_assert_eq(query_long(sql), 0);
}

Test(signin, a_link_works_once) {
  char token[DD_SIGNIN_TOKEN_BUFSIZE], email[256];
  make("jo@example.org", browser, T0, token);
  cr_assert_eq(take(token, browser, T0 + 5, email), DD_OK);
  cr_assert_str_eq(email, "jo@example.org");
  cr_assert_eq(take(token, browser, T0 + 6, email), DD_ENOTFOUND);
  cr_assert_str_eq(email, "");
  cr_assert_eq(query_long("SELECT used FROM sign_in_links"), (long)T0 + 5);
}

Test(signin, a_link_expires_after_its_lifetime) {
  char a[DD_SIGNIN_TOKEN_BUFSIZE], b[DD_SIGNIN_TOKEN_BUFSIZE], email[256];
  make("jo@example.org", browser, T0, a);
  make("jo@example.org", browser, T0, b);
  /* The last second of its life, then the first after. */
  cr_assert_eq(take(a, browser, T0 + LIFE, email), DD_OK);
  cr_assert_eq(take(b, browser, T0 + LIFE + 1, email), DD_ENOTFOUND);
  /* A link from the future (the clock went back) is no link. */
  char c[DD_SIGNIN_TOKEN_BUFSIZE];
  make("jo@example.org", browser, T0 + 100, c);
  cr_assert_eq(take(c, browser, T0, email), DD_ENOTFOUND);
}

Test(signin, a_link_works_only_in_the_browser_that_asked) {
  char token[DD_SIGNIN_TOKEN_BUFSIZE], email[256];
  make("jo@example.org", browser, T0, token);
  cr_assert_eq(take(token, other_browser, T0 + 1, email), DD_ENOTFOUND);
  cr_assert_eq(take(token, "", T0 + 1, email), DD_ENOTFOUND);
  cr_assert_eq(take(token, NULL, T0 + 1, email), DD_ENOTFOUND);
  /* The other browser's try did not use it up. */
  cr_assert_eq(take(token, browser, T0 + 2, email), DD_OK);
}

Test(signin, unknown_and_malformed_tokens_are_not_found) {
  char email[256];
  cr_assert_eq(take("00000000000000000000000000000000", browser, T0, email),
               DD_ENOTFOUND);
  cr_assert_eq(take("' OR 1=1 --", browser, T0, email), DD_ENOTFOUND);
  cr_assert_eq(take(NULL, browser, T0, email), DD_ENOTFOUND);
}

Test(signin, a_link_needs_an_address_and_a_browser) {
  char token[DD_SIGNIN_TOKEN_BUFSIZE];
  dd_diag diag = {{0}};
  cr_assert_eq(dd__signin_link_new(reg, "", browser, T0, token, &diag),
               DD_EINVAL);
  cr_assert_eq(
      dd__signin_link_new(reg, "jo@example.org", "xyz", T0, token, &diag),
      DD_EINVAL);
  cr_assert_str_eq(token, "");
}

Test(signin, links_are_counted_per_address_within_the_window) {
  char token[DD_SIGNIN_TOKEN_BUFSIZE];
  make("jo@example.org", browser, T0, token);
  make("JO@example.org", other_browser, T0 + 10, token);
  make("al@example.org", browser, T0 + 20, token);
  long n;
  dd_diag diag = {{0}};
  cr_assert_eq(dd__signin_links_since(reg, "Jo@Example.org", T0, &n, &diag),
               DD_OK);
  cr_assert_eq(n, 2);
  cr_assert_eq(dd__signin_links_since(reg, "jo@example.org", T0 + 1, &n, &diag),
               DD_OK);
  cr_assert_eq(n, 1);
  cr_assert_eq(dd__signin_links_since(reg, "nobody@example.org", T0, &n, &diag),
               DD_OK);
  cr_assert_eq(n, 0);
  cr_assert_eq(dd__signin_prune(reg, T0 + 10, &diag), DD_OK);
  cr_assert_eq(query_long("SELECT count(*) FROM sign_in_links"), 2);
}

Test(signin, asks_are_counted_per_client_within_the_window) {
  dd__signin_clients *c;
  dd_diag diag = {{0}};
  cr_assert_eq(dd__signin_clients_new(2, &c, &diag), DD_OK);
  for (int i = 0; i < 3; i++)
    cr_assert(dd__signin_clients_allow(c, "192.0.2.1", T0 + i, 60, 3));
  /* The fourth within the window is refused, and so is every further. */
  cr_assert_not(dd__signin_clients_allow(c, "192.0.2.1", T0 + 10, 60, 3));
  cr_assert_not(dd__signin_clients_allow(c, "192.0.2.1", T0 + 59, 60, 3));
  /* Another client has its own count. */
  cr_assert(dd__signin_clients_allow(c, "192.0.2.2", T0 + 10, 60, 3));
  /* A new window: counted afresh. */
  cr_assert(dd__signin_clients_allow(c, "192.0.2.1", T0 + 60, 60, 3));
  /* A third client takes the slot seen longest ago (192.0.2.2). */
  cr_assert(dd__signin_clients_allow(c, "192.0.2.3", T0 + 61, 60, 1));
  cr_assert_not(dd__signin_clients_allow(c, "192.0.2.3", T0 + 62, 60, 1));
  cr_assert_not(dd__signin_clients_allow(c, "192.0.2.1", T0 + 62, 60, 1));
  dd__signin_clients_free(c);
}

Test(signin, the_mail_carries_the_link) {
  dd_mail_config mc = {.from = "dueday@example.org", .from_name = "dueday"};
  char *text = NULL;
  size_t len = 0;
  dd_diag diag = {{0}};
  const char *link = "https://dueday.example/sign-in/confirm?token="
                     "0123456789abcdef0123456789abcdef";
  cr_assert_eq(dd__signin_message(&mc, "jo@example.org", link, 900, T0, &text,
                                  &len, &diag),
               DD_OK, "%s", diag.message);
  cr_assert_not_null(strstr(text, "To: jo@example.org\r\n"));
  cr_assert_not_null(strstr(text, "Subject: Sign in to dueday\r\n"));
  cr_assert_not_null(strstr(text, "within 15 minutes"));
  /* Quoted-printable: the '=' of the query is =3D. */
  cr_assert_not_null(strstr(text, "confirm?token=3D0123456789abcdef"), "%s",
                     text);
  free(text);
}

Test(signin, sign_out_everywhere_ends_every_session_of_the_user) {
  char a[DD_SESSION_ID_BUFSIZE], b[DD_SESSION_ID_BUFSIZE],
      c[DD_SESSION_ID_BUFSIZE];
  dd_diag diag = {{0}};
  cr_assert_eq(dd__session_create(reg, "jo@example.org", T0, a, &diag), DD_OK);
  cr_assert_eq(dd__session_create(reg, "Jo@example.org", T0, b, &diag), DD_OK);
  cr_assert_eq(dd__session_create(reg, "al@example.org", T0, c, &diag), DD_OK);
  long n;
  cr_assert_eq(dd__session_delete_all(reg, "JO@example.org", &n, &diag), DD_OK);
  cr_assert_eq(n, 2);
  dd_session s;
  cr_assert_eq(dd__session_find(reg, a, T0, 60, 60, &s, &diag), DD_ENOTFOUND);
  cr_assert_eq(dd__session_find(reg, b, T0, 60, 60, &s, &diag), DD_ENOTFOUND);
  cr_assert_eq(dd__session_find(reg, c, T0, 60, 60, &s, &diag), DD_OK);
  cr_assert_eq(query_long("SELECT count(*) FROM audit WHERE actor = "
                          "'JO@example.org' AND action = 'sign out "
                          "everywhere' AND detail = '2 sessions ended'"),
               1);
}
