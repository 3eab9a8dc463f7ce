/* Web sessions in a real register: ids stored only hashed, idle and
 * absolute expiry on both sides of the boundary, last_seen written at most
 * once a minute, flash messages, sign-out, pruning, and the CSRF
 * comparison. */
#include "dueday/users.h"
#include "register_fixture.h"
#include "service/session.h"
#include "service/store_internal.h"

#include <criterion/criterion.h>
#include <string.h>

TestSuite(session, .init = register_setup, .fini = register_teardown);

#define T0 ((time_t)1600000000)
#define IDLE 3600L      /* an hour */
#define ABSOLUTE 43200L /* twelve hours */

static void create(const char *email, time_t now,
                   char id[DD_SESSION_ID_BUFSIZE]) {
  dd_diag diag = {{0}};
  cr_assert_eq(dd__session_create(reg, email, now, id, &diag), DD_OK, "%s",
               diag.message);
}

static int find(const char *id, time_t now, dd_session *out) {
  dd_diag diag = {{0}};
  return dd__session_find(reg, id, now, IDLE, ABSOLUTE, out, &diag);
}

/* A number from the register: the first column of the first row. */
static long query_long(const char *sql) {
  sqlite3_stmt *s;
  cr_assert_eq(sqlite3_prepare_v2(reg->db, sql, -1, &s, NULL), SQLITE_OK, "%s",
               sql);
  cr_assert_eq(sqlite3_step(s), SQLITE_ROW, "%s", sql);
  long n = (long)sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  return n;
}

static bool hex32(const char *s) {
  return strlen(s) == 32 && strspn(s, "0123456789abcdef") == 32;
}

Test(session, a_new_session_is_stored_by_the_hash_of_its_id_only) {
  char id[DD_SESSION_ID_BUFSIZE], other[DD_SESSION_ID_BUFSIZE];
  create("Jo@Example.org", T0, id);
  create("jo@example.org", T0, other);
  cr_assert(hex32(id), "%s", id);
  cr_assert_str_neq(id, other);
  char hash[DD_TOKEN_HASH_BUFSIZE], sql[256];
  dd_token_hash(id, hash);
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM sessions WHERE id_sha256 = '%s'", hash);
  cr_assert_eq(query_long(sql), 1);
  /* The id itself is in no column of any session. */
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM sessions WHERE instr(id_sha256 || email || "
           "csrf || flash, '%s') > 0",
           id);
  cr_assert_eq(query_long(sql), 0);
  dd_session s;
  cr_assert_eq(find(id, T0, &s), DD_OK);
  cr_assert_str_eq(s.email, "jo@example.org");
  cr_assert(hex32(s.csrf), "%s", s.csrf);
  cr_assert_str_neq(s.csrf, id);
  cr_assert_eq(s.created, T0);
  cr_assert_eq(s.last_seen, T0);
  cr_assert_str_eq(s.flash, "");
  dd_session o;
  cr_assert_eq(find(other, T0, &o), DD_OK);
  cr_assert_str_neq(o.csrf, s.csrf);
}

Test(session, a_session_for_no_address_or_one_too_long_is_refused) {
  char id[DD_SESSION_ID_BUFSIZE] = "junk";
  char too_long[300];
  memset(too_long, 'a', sizeof too_long);
  strcpy(too_long + 250, "@example.org");
  dd_diag diag = {{0}};
  cr_assert_eq(dd__session_create(reg, "", T0, id, &diag), DD_EINVAL);
  cr_assert_str_eq(id, "");
  cr_assert_eq(dd__session_create(reg, too_long, T0, id, &diag), DD_EINVAL);
  cr_assert_eq(query_long("SELECT count(*) FROM sessions"), 0);
}

Test(session, an_id_not_of_the_form_made_or_unknown_is_not_found) {
  char id[DD_SESSION_ID_BUFSIZE];
  create("jo@example.org", T0, id);
  char upper[DD_SESSION_ID_BUFSIZE];
  for (int i = 0; i < 33; i++)
    upper[i] = (char)(id[i] >= 'a' ? id[i] - 32 : id[i]);
  char short_id[40], long_id[40], quoted[40];
  snprintf(short_id, sizeof short_id, "%.31s", id);
  snprintf(long_id, sizeof long_id, "%s0", id);
  snprintf(quoted, sizeof quoted, "%.31s'", id);
  const char *bad[] = {"", short_id, long_id, quoted,
                       "00000000000000000000000000000000"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    dd_session s = {.email = "junk"};
    cr_assert_eq(find(bad[i], T0, &s), DD_ENOTFOUND, "%s", bad[i]);
    cr_assert_str_eq(s.email, "", "emptied on failure");
  }
  dd_session s;
  if (strcmp(upper, id) != 0) /* all digits: nothing to upper-case */
    cr_assert_eq(find(upper, T0, &s), DD_ENOTFOUND);
  cr_assert_eq(find(id, T0, &s), DD_OK, "the real one still is");
}

Test(session, idle_expiry_keeps_a_session_seen_within_it_and_ends_one_not) {
  char kept[DD_SESSION_ID_BUFSIZE], gone[DD_SESSION_ID_BUFSIZE];
  create("jo@example.org", T0, kept);
  create("jo@example.org", T0, gone);
  dd_session s;
  cr_assert_eq(find(kept, T0 + IDLE, &s), DD_OK, "idle exactly: live");
  cr_assert_eq(s.last_seen, T0 + IDLE);
  cr_assert_eq(find(gone, T0 + IDLE + 1, &s), DD_ENOTFOUND, "a second past");
  /* An expired session is deleted, not only refused. */
  cr_assert_eq(query_long("SELECT count(*) FROM sessions"), 1);
  cr_assert_eq(find(gone, T0, &s), DD_ENOTFOUND, "nor found again earlier");
  /* Seen at T0 + IDLE, the kept one lives another IDLE from then. */
  cr_assert_eq(find(kept, T0 + 2 * IDLE, &s), DD_OK);
  cr_assert_eq(find(kept, T0 + 3 * IDLE + 1, &s), DD_ENOTFOUND);
}

Test(session, absolute_expiry_ends_a_session_however_often_it_is_seen) {
  char id[DD_SESSION_ID_BUFSIZE];
  create("jo@example.org", T0, id);
  dd_session s;
  time_t t = T0;
  for (; t + IDLE / 2 <= T0 + ABSOLUTE; t += IDLE / 2)
    cr_assert_eq(find(id, t, &s), DD_OK, "at %ld", (long)(t - T0));
  cr_assert_eq(find(id, T0 + ABSOLUTE, &s), DD_OK,
               "made exactly that long ago");
  cr_assert_eq(s.created, T0);
  cr_assert_eq(find(id, T0 + ABSOLUTE + 1, &s), DD_ENOTFOUND);
  cr_assert_eq(query_long("SELECT count(*) FROM sessions"), 0);
}

Test(session, last_seen_is_written_at_most_once_a_minute) {
  char id[DD_SESSION_ID_BUFSIZE];
  create("jo@example.org", T0, id);
  dd_session s;
  const char *sql = "SELECT last_seen FROM sessions";
  cr_assert_eq(find(id, T0 + 59, &s), DD_OK);
  cr_assert_eq(query_long(sql), (long)T0, "59 s: not written");
  cr_assert_eq(s.last_seen, T0);
  cr_assert_eq(find(id, T0 + 60, &s), DD_OK);
  cr_assert_eq(query_long(sql), (long)T0 + 60, "60 s: written");
  cr_assert_eq(s.last_seen, T0 + 60);
  cr_assert_eq(find(id, T0 + 100, &s), DD_OK);
  cr_assert_eq(query_long(sql), (long)T0 + 60);
}

Test(session, a_flash_message_is_shown_once) {
  char id[DD_SESSION_ID_BUFSIZE], other[DD_SESSION_ID_BUFSIZE];
  create("jo@example.org", T0, id);
  create("jo@example.org", T0, other);
  dd_diag diag = {{0}};
  char out[2048] = "junk";
  cr_assert_eq(dd__session_take_flash(reg, id, out, sizeof out, &diag), DD_OK);
  cr_assert_str_eq(out, "", "none yet");
  cr_assert_eq(dd__session_set_flash(reg, id, "Draft sent recorded", &diag),
               DD_OK, "%s", diag.message);
  dd_session s;
  cr_assert_eq(find(id, T0, &s), DD_OK);
  cr_assert_str_eq(s.flash, "Draft sent recorded");
  cr_assert_eq(dd__session_take_flash(reg, id, out, sizeof out, &diag), DD_OK);
  cr_assert_str_eq(out, "Draft sent recorded");
  cr_assert_eq(dd__session_take_flash(reg, id, out, sizeof out, &diag), DD_OK);
  cr_assert_str_eq(out, "", "taken: cleared");
  cr_assert_eq(find(other, T0, &s), DD_OK);
  cr_assert_str_eq(s.flash, "", "another session's is its own");
  cr_assert_eq(dd__session_set_flash(reg, "00000000000000000000000000000000",
                                     "x", &diag),
               DD_ENOTFOUND);
  cr_assert_eq(dd__session_set_flash(reg, "nonsense", "x", &diag),
               DD_ENOTFOUND);
  cr_assert_eq(dd__session_take_flash(reg, "00000000000000000000000000000000",
                                      out, sizeof out, &diag),
               DD_ENOTFOUND);
}

Test(session, a_long_flash_is_cut_between_characters) {
  char id[DD_SESSION_ID_BUFSIZE];
  create("jo@example.org", T0, id);
  /* "é" is two bytes: 1,500 of them are 3,000 bytes; 2,047 would cut one
   * in half, so 1,023 whole ones (2,046 bytes) are kept. */
  char long_text[3001] = "";
  for (int i = 0; i < 1500; i++)
    strcat(long_text, "\xc3\xa9");
  cr_assert_eq(dd__session_set_flash(reg, id, long_text, NULL), DD_OK);
  dd_session s;
  cr_assert_eq(find(id, T0, &s), DD_OK);
  cr_assert_eq(strlen(s.flash), 2046);
  char small[6];
  cr_assert_eq(dd__session_take_flash(reg, id, small, sizeof small, NULL),
               DD_OK);
  cr_assert_str_eq(small, "\xc3\xa9\xc3\xa9", "5 bytes of room: two whole");
  cr_assert_eq(find(id, T0, &s), DD_OK);
  cr_assert_str_eq(s.flash, "", "taken though cut");
}

Test(session, a_deleted_session_is_not_found) {
  char id[DD_SESSION_ID_BUFSIZE], other[DD_SESSION_ID_BUFSIZE];
  create("jo@example.org", T0, id);
  create("jo@example.org", T0, other);
  dd_diag diag = {{0}};
  cr_assert_eq(dd__session_delete(reg, id, &diag), DD_OK);
  dd_session s;
  cr_assert_eq(find(id, T0, &s), DD_ENOTFOUND);
  cr_assert_eq(find(other, T0, &s), DD_OK, "only that one ended");
  cr_assert_eq(dd__session_delete(reg, id, &diag), DD_OK, "gone already");
  cr_assert_eq(dd__session_delete(reg, "nonsense", &diag), DD_OK);
}

Test(session, pruning_deletes_only_expired_sessions) {
  char idle[DD_SESSION_ID_BUFSIZE], old[DD_SESSION_ID_BUFSIZE],
      fresh[DD_SESSION_ID_BUFSIZE], edge[DD_SESSION_ID_BUFSIZE];
  const time_t now = T0 + ABSOLUTE + 10;
  create("jo@example.org", now - IDLE - 1, idle); /* idle too long */
  create("jo@example.org", now - IDLE, edge);     /* idle exactly: live */
  create("jo@example.org", now - 5, fresh);
  create("jo@example.org", T0, old);
  dd_session s;
  /* Kept seen, but made longer ago than the absolute limit. */
  for (time_t t = T0; t < now; t += IDLE / 2)
    cr_assert_eq(find(old, t, &s), DD_OK);
  cr_assert_eq(dd__session_prune(reg, now, IDLE, ABSOLUTE, NULL), DD_OK);
  cr_assert_eq(query_long("SELECT count(*) FROM sessions"), 2);
  cr_assert_eq(find(fresh, now, &s), DD_OK);
  cr_assert_eq(find(edge, now, &s), DD_OK);
}

Test(session, removing_a_user_signs_them_out) {
  dd_user u = {.email = "jo@example.org",
               .name = "",
               .role = DD_ROLE_INSPECTOR,
               .regions = ""};
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_user_add(reg, &u, "admin", &diag), DD_OK, "%s",
               diag.message);
  char id[DD_SESSION_ID_BUFSIZE];
  create("JO@example.org", T0, id);
  dd_session s;
  cr_assert_eq(find(id, T0, &s), DD_OK);
  cr_assert_eq(dd_store_user_remove(reg, "jo@example.org", "admin", &diag),
               DD_OK);
  cr_assert_eq(find(id, T0, &s), DD_ENOTFOUND);
}

Test(session, tokens_compare_equal_only_when_whole_and_not_empty) {
  const char *t = "0123456789abcdef0123456789abcdef";
  cr_assert(dd__session_token_equal(t, "0123456789abcdef0123456789abcdef"));
  cr_assert_not(dd__session_token_equal(t, "1123456789abcdef0123456789abcdef"));
  cr_assert_not(dd__session_token_equal(t, "0123456789abcdef0123456789abcde0"));
  cr_assert_not(dd__session_token_equal(t, "0123456789abcdef0123456789abcde"));
  cr_assert_not(dd__session_token_equal(t, ""));
  cr_assert_not(dd__session_token_equal("", ""));
}
