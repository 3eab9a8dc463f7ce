/* Each person's reminder preferences: kept in a real SQLite register and
 * audited, refused when they ask for what the configuration does not
 * offer; then honoured by a reminder pass, planned and delivered to the
 * real SMTP server tests/notify/smtpd.py on loopback: the lead times kept
 * change what is queued, a digest makes one message, someone away has
 * their reminders go to the visit's RIM, and none of it is sent twice.
 * Dates and thresholds: tests/notify_fixture.h (the report of a visit
 * starting Monday 2020-10-05 is due Monday 12: before-5 on Mon 5, before-2
 * on Thu 8, due on Mon 12, overdue-1 on Tue 13). */
#include "dueday/prefs.h"
#include "dueday/users.h"
#include "notify_fixture.h"
#include "service/notify_deliver.h"
#include "service/notify_plan.h"
#include "service/smtp.h"
#include "smtpd_fixture.h"

#include <sqlite3.h>

static dd_smtp *smtp;

static void setup(void) {
  fx_setup("prefs");
  smtpd_dir = fx_dir;
}

static void teardown(void) {
  dd_smtp_close(smtp);
  smtp = NULL;
  if (port != 0)
    stop_server();
  port = 0;
  fx_teardown();
}

TestSuite(prefs, .init = setup, .fini = teardown, .timeout = 60);

static void start_session(void) {
  start_server(NULL);
  char url[64];
  snprintf(url, sizeof url, "smtp://127.0.0.1:%d", port);
  dd_smtp_settings s = {.url = url,
                        .from = "dueday@example.org",
                        .allow_plaintext = true,
                        .timeout_seconds = 5};
  dd_diag diag = {{0}};
  cr_assert_eq(dd_smtp_open(&s, &smtp, &diag), DD_OK, "%s", diag.message);
}

static void add_user(const char *email) {
  dd_user u = {.email = (char *)email, .role = DD_ROLE_INSPECTOR};
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_user_add(fx_st, &u, "admin@example.org", &diag), DD_OK,
               "%s", diag.message);
}

/* Sets email's preferences: lead days from a list ending in -1, digest,
 * and an away period (from and to, or NULL). */
static int set(const char *email, const int *leads, bool digest,
               const char *from, const char *to, dd_diag *diag) {
  dd_remind_prefs p = {.digest = digest};
  for (size_t i = 0; leads[i] >= 0; i++)
    p.lead_days[p.nlead++] = leads[i];
  if (from != NULL)
    p.away_from = fx_date(from);
  if (to != NULL)
    p.away_to = fx_date(to);
  return dd_store_prefs_set(fx_st, email, &p, dd_config_reminders(fx_cfg),
                            diag);
}

static void set_ok(const char *email, const int *leads, bool digest,
                   const char *from, const char *to) {
  dd_diag diag = {{0}};
  cr_assert_eq(set(email, leads, digest, from, to, &diag), DD_OK, "%s",
               diag.message);
}

/* The audit log's rows without a visit, "actor action detail" joined by
 * "|", oldest first. */
static char *audit_text(char *buf, size_t size) {
  char path[128];
  snprintf(path, sizeof path, "%s/register.db", fx_dir);
  sqlite3 *db;
  cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL),
               SQLITE_OK);
  sqlite3_stmt *s;
  cr_assert_eq(
      sqlite3_prepare_v2(db,
                         "SELECT actor, action, detail FROM audit "
                         "WHERE coalesce(visit_id, '') = '' ORDER BY id",
                         -1, &s, NULL),
      SQLITE_OK);
  buf[0] = '\0';
  while (sqlite3_step(s) == SQLITE_ROW) {
    size_t len = strlen(buf);
    snprintf(buf + len, size - len, "%s%s %s %s", len ? "|" : "",
             sqlite3_column_text(s, 0), sqlite3_column_text(s, 1),
             sqlite3_column_text(s, 2));
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  return buf;
}

/* ---- storage ---------------------------------------------------------------
 */

Test(prefs, someone_who_never_chose_has_the_policy_s_choices) {
  add_user("insp@example.org");
  dd_remind_prefs p;
  cr_expect_eq(dd_store_prefs_get(fx_st, "insp@example.org",
                                  dd_config_reminders(fx_cfg), &p, NULL),
               DD_ENOTFOUND);
  cr_expect_eq(p.nlead, 3);
  cr_expect_eq(p.lead_days[0], 5);
  cr_expect_eq(p.lead_days[1], 2);
  cr_expect_eq(p.lead_days[2], 0);
  cr_expect_not(p.digest);
  cr_expect_eq(p.away_from, 0);
}

Test(prefs, a_choice_is_kept_in_the_policy_s_order_and_audited) {
  add_user("insp@example.org");
  set_ok("INSP@example.org", (int[]){0, 5, -1}, true, "2020-10-05",
         "2020-10-09");
  dd_remind_prefs p;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_prefs_get(fx_st, "Insp@Example.org", NULL, &p, &diag),
               DD_OK, "%s", diag.message);
  cr_expect_eq(p.nlead, 2);
  cr_expect_eq(p.lead_days[0], 5);
  cr_expect_eq(p.lead_days[1], 0);
  cr_expect(p.digest);
  cr_expect_eq(p.away_from, fx_date("2020-10-05"));
  cr_expect_eq(p.away_to, fx_date("2020-10-09"));
  cr_expect(dd_remind_prefs_away_on(&p, fx_date("2020-10-09")));
  cr_expect_not(dd_remind_prefs_away_on(&p, fx_date("2020-10-10")));
  /* Changed again: one row, a second audit line; none chosen is allowed
   * (only the overdue reminder). */
  set_ok("insp@example.org", (int[]){-1}, false, NULL, NULL);
  cr_assert_eq(dd_store_prefs_get(fx_st, "insp@example.org", NULL, &p, &diag),
               DD_OK);
  cr_expect_eq(p.nlead, 0);
  cr_expect_eq(p.away_from, 0);
  char audit[1024];
  cr_expect_str_eq(
      audit_text(audit, sizeof audit),
      "admin@example.org user add insp@example.org: inspector|"
      "insp@example.org prefs lead days 5,0; daily digest; away 2020-10-05 "
      "to 2020-10-09|"
      "insp@example.org prefs lead days none; individual messages");
}

Test(prefs, what_the_configuration_does_not_offer_is_refused) {
  add_user("insp@example.org");
  dd_diag diag = {{0}};
  cr_expect_eq(
      set("insp@example.org", (int[]){3, -1}, false, NULL, NULL, &diag),
      DD_EINVAL);
  cr_expect_str_eq(diag.message, "insp@example.org: lead time 3 is not one the "
                                 "configuration offers (5,2,0)");
  cr_expect_eq(
      set("insp@example.org", (int[]){2, 2, -1}, false, NULL, NULL, &diag),
      DD_EINVAL);
  cr_expect_str_eq(diag.message, "insp@example.org: lead time 2 given twice");
  cr_expect_eq(set("insp@example.org", (int[]){2, -1}, false, "2020-10-09",
                   "2020-10-05", &diag),
               DD_EINVAL);
  cr_expect_str_eq(diag.message, "insp@example.org: the away period ends "
                                 "(2020-10-05) before it starts (2020-10-09)");
  cr_expect_eq(
      set("insp@example.org", (int[]){2, -1}, false, "2020-10-09", NULL, &diag),
      DD_EINVAL);
  cr_expect_eq(
      set("nobody@example.org", (int[]){2, -1}, false, NULL, NULL, &diag),
      DD_ENOTFOUND);
  cr_expect_str_eq(diag.message, "no user nobody@example.org");
  dd_remind_prefs p;
  cr_expect_eq(dd_store_prefs_get(fx_st, "insp@example.org", NULL, &p, NULL),
               DD_ENOTFOUND, "nothing refused was kept");
  char audit[1024];
  cr_expect_str_eq(audit_text(audit, sizeof audit),
                   "admin@example.org user add insp@example.org: inspector");
}

Test(prefs, the_choices_are_the_policy_s_and_its_overrides_lead_times) {
  dd_remind_policy p;
  dd_remind_policy_default(&p);
  dd_remind_override o = {"case-review", {{10, 3, 0}, 3, 1}};
  p.overrides = &o;
  p.noverrides = 1;
  int days[DD_PREFS_MAX_CHOICES];
  size_t n = dd_remind_choices(&p, days);
  cr_assert_eq(n, 5);
  int want[] = {10, 5, 3, 2, 0};
  for (size_t i = 0; i < n; i++)
    cr_expect_eq(days[i], want[i], "%zu", i);
}

/* ---- planning ---------------------------------------------------------------
 */

static dd_notify_summary plan_at(time_t now) {
  dd_date today;
  int minutes;
  dd_london_local(now, &today, &minutes);
  dd_notify_summary sum = {0};
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_begin(fx_st, &diag), DD_OK, "%s", diag.message);
  cr_assert_eq(dd__notify_plan(fx_st, fx_planner, dd_config_reminders(fx_cfg),
                               NULL, today, minutes, &sum, &diag),
               DD_OK, "%s", diag.message);
  cr_assert_eq(dd_store_commit(fx_st, &diag), DD_OK, "%s", diag.message);
  return sum;
}

static dd_notify_summary plan(const char *date) {
  return plan_at(fx_at(date, 8, 0));
}

Test(prefs, lead_times_not_kept_are_not_planned) {
  add_user("insp@example.org");
  set_ok("insp@example.org", (int[]){0, -1}, false, NULL, NULL);
  fx_add_visit("V1", "2020-10-05", "insp@example.org", "rim@example.org");
  struct fx_rows rows;
  /* Monday 5 and Thursday 8: the policy's before-5 and before-2, neither
   * kept. */
  cr_expect_eq(plan("2020-10-05").queued, 0);
  cr_expect_eq(plan("2020-10-08").queued, 0);
  cr_expect_str_eq(fx_ledger(NULL, &rows), "");
  /* Monday 12: the day itself, kept. */
  cr_expect_eq(plan("2020-10-12").queued, 2); /* and the RIM's review */
  cr_expect_str_eq(fx_ledger(NULL, &rows),
                   "V1/report/2020-10-12/due/insp@example.org:pending "
                   "V1/review/2020-10-19/before-5/rim@example.org:pending");
  cr_expect_eq(plan("2020-10-12").queued, 0, "planned once");
}

Test(prefs, a_distant_lead_time_kept_alone_is_not_followed_by_the_others) {
  add_user("insp@example.org");
  set_ok("insp@example.org", (int[]){5, -1}, false, NULL, NULL);
  fx_add_visit("V1", "2020-10-05", "insp@example.org", "rim@example.org");
  cr_expect_eq(plan("2020-10-05").queued, 1);
  cr_expect_eq(plan("2020-10-08").queued, 0, "before-2 is not kept");
  struct fx_rows rows;
  cr_expect_str_eq(fx_ledger(NULL, &rows),
                   "V1/report/2020-10-12/before-5/insp@example.org:pending");
  /* The overdue reminder is not a lead time: it still comes. */
  cr_expect_eq(plan("2020-10-13").queued, 3);
  cr_expect(strstr(fx_ledger("pending", &rows),
                   "V1/report/2020-10-12/overdue-1/insp@example.org:pending") !=
            NULL);
}

Test(prefs, a_change_of_lead_times_changes_the_next_plan) {
  add_user("insp@example.org");
  fx_add_visit("V1", "2020-10-05", "insp@example.org", "rim@example.org");
  set_ok("insp@example.org", (int[]){0, -1}, false, NULL, NULL);
  cr_expect_eq(plan_at(fx_at("2020-10-08", 8, 0)).queued, 0);
  set_ok("insp@example.org", (int[]){5, 2, 0, -1}, false, NULL, NULL);
  cr_expect_eq(plan_at(fx_at("2020-10-08", 8, 15)).queued, 1);
  struct fx_rows rows;
  cr_expect_str_eq(fx_ledger(NULL, &rows),
                   "V1/report/2020-10-12/before-2/insp@example.org:pending");
}

Test(prefs, someone_away_has_their_reminders_go_to_the_visit_s_rim) {
  add_user("insp@example.org");
  set_ok("insp@example.org", (int[]){5, 2, 0, -1}, false, "2020-10-05",
         "2020-10-09");
  fx_add_visit("V1", "2020-10-05", "insp@example.org", "rim@example.org");
  cr_expect_eq(plan("2020-10-05").queued, 1);
  cr_expect_eq(plan("2020-10-05").queued, 0, "planned once");
  cr_expect_eq(plan("2020-10-08").queued, 1);
  struct fx_rows rows;
  cr_expect_str_eq(fx_ledger(NULL, &rows),
                   "V1/report/2020-10-12/before-5/rim@example.org:superseded "
                   "V1/report/2020-10-12/before-2/rim@example.org:pending");
  /* Back on Monday 12: the day itself is theirs again. */
  plan("2020-10-12");
  cr_expect(strstr(fx_ledger("pending", &rows),
                   "V1/report/2020-10-12/due/insp@example.org:pending") != NULL,
            "%s", rows.text);
}

Test(prefs, someone_away_on_a_visit_without_a_rim_keeps_their_reminders) {
  add_user("insp@example.org");
  set_ok("insp@example.org", (int[]){5, 2, 0, -1}, false, "2020-10-05",
         "2020-10-09");
  fx_add_visit("V1", "2020-10-05", "insp@example.org", "");
  plan("2020-10-05");
  struct fx_rows rows;
  cr_expect_str_eq(fx_ledger(NULL, &rows),
                   "V1/report/2020-10-12/before-5/insp@example.org:pending");
}

/* ---- delivery ---------------------------------------------------------------
 */

struct reports {
  char text[2048];
  size_t n;
};

static void on_report(const dd_notify_report *r, void *arg) {
  struct reports *rep = arg;
  size_t len = strlen(rep->text);
  snprintf(rep->text + len, sizeof rep->text - len, "%s%s:%s:%s",
           len ? "|" : "", dd_notify_outcome_name(r->outcome),
           r->reminder->recipient, r->subject);
  rep->n++;
}

static dd_notify_summary deliver(time_t now, struct reports *rep) {
  dd_date today;
  int minutes;
  dd_london_local(now, &today, &minutes);
  memset(rep, 0, sizeof *rep);
  dd_notify_options opt = {
      .now = now, .cfg = fx_cfg, .smtp = smtp, .report = on_report, .arg = rep};
  dd_notify_summary sum = {0};
  dd_diag diag = {{0}};
  cr_assert_eq(dd__notify_deliver(fx_st, fx_planner, &opt, today, &sum, &diag),
               DD_OK, "%s", diag.message);
  return sum;
}

Test(prefs, a_digest_chosen_makes_one_message_and_sends_it_once) {
  start_session();
  add_user("insp@example.org");
  set_ok("insp@example.org", (int[]){5, 2, 0, -1}, true, NULL, NULL);
  /* Tuesday 13: V1's report overdue (inspector and RIM), V2's due
   * (inspector), and both reviews at before-5 (RIM): the inspector's two
   * in a digest, the RIM's three one by one (the policy's way). */
  fx_add_visit("V1", "2020-10-05", "insp@example.org", "rim@example.org");
  fx_add_visit("V2", "2020-10-06", "insp@example.org", "rim@example.org");
  time_t now = fx_at("2020-10-13", 9, 0);
  plan_at(now);
  struct reports rep;
  dd_notify_summary sum = deliver(now, &rep);
  cr_expect_eq(sum.sent, 5, "%s", rep.text);
  cr_assert_eq(delivered(), 4);
  int digests = 0;
  for (int i = 1; i <= 4; i++) {
    char *eml = kept(i, "eml", NULL), *rcpt = kept(i, "rcpt", NULL);
    if (strstr(eml, "Subject: dueday: 2 deadlines for Tue 2020-10-13\r\n")) {
      digests++;
      cr_expect_str_eq(rcpt, "insp@example.org\n");
    } else {
      cr_expect_str_eq(rcpt, "rim@example.org\n");
    }
    free(eml);
    free(rcpt);
  }
  cr_expect_eq(digests, 1);
  /* A second pass: nothing new planned, nothing sent again. */
  cr_expect_eq(plan_at(now + 600).queued, 0);
  sum = deliver(now + 600, &rep);
  cr_expect_eq(sum.sent, 0);
  cr_expect_eq(delivered(), 4);
}

Test(prefs, a_message_each_chosen_under_a_digest_policy) {
  start_session();
  fx_config("digest", NULL);
  add_user("insp@example.org");
  set_ok("insp@example.org", (int[]){5, 2, 0, -1}, false, NULL, NULL);
  fx_add_visit("V1", "2020-10-05", "insp@example.org", "");
  fx_add_visit("V2", "2020-10-06", "insp@example.org", "");
  time_t now = fx_at("2020-10-13", 9, 0);
  plan_at(now);
  struct reports rep;
  cr_expect_eq(deliver(now, &rep).sent, 2);
  cr_expect_eq(delivered(), 2, "one message each");
}

Test(prefs, the_rim_covering_is_told_whom_for_and_it_is_sent_once) {
  start_session();
  add_user("insp@example.org");
  set_ok("insp@example.org", (int[]){5, 2, 0, -1}, false, "2020-10-05",
         "2020-10-09");
  fx_add_visit("V1", "2020-10-05", "insp@example.org", "rim@example.org");
  time_t now = fx_at("2020-10-08", 9, 0);
  plan_at(now);
  struct reports rep;
  cr_expect_eq(deliver(now, &rep).sent, 1);
  cr_expect_str_eq(rep.text,
                   "sent:rim@example.org:Due in 2 working days: Send report, "
                   "Sunny Home (SC400112) (covering for insp@example.org)");
  cr_assert_eq(delivered(), 1);
  char *eml = kept(1, "eml", NULL), *rcpt = kept(1, "rcpt", NULL);
  cr_expect_str_eq(rcpt, "rim@example.org\n");
  cr_expect(strstr(eml, "You are covering for insp@example.org, who is away "
                        "until Fri 2020-10-09") != NULL,
            "%s", eml);
  free(eml);
  free(rcpt);
  plan_at(now + 600);
  cr_expect_eq(deliver(now + 600, &rep).sent, 0);
  cr_expect_eq(delivered(), 1);
}

Test(prefs, a_removed_user_s_reminders_are_the_policy_s_again) {
  add_user("insp@example.org");
  set_ok("insp@example.org", (int[]){0, -1}, false, NULL, NULL);
  cr_assert_eq(dd_store_user_remove(fx_st, "insp@example.org", "admin", NULL),
               DD_OK);
  fx_add_visit("V1", "2020-10-05", "insp@example.org", "rim@example.org");
  cr_expect_eq(plan("2020-10-05").queued, 1, "before-5, as the policy says");
}
