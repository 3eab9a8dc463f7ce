/* The delivery step of a reminder pass on its own: rows planned into a real
 * SQLite register, handed to the real SMTP server tests/notify/smtpd.py on
 * loopback (started for each test on an ephemeral port), and the answers
 * read back from the ledger and the server's mail directory. Sent, dry run,
 * 451 and its backoff, giving up, 550, an address that cannot be written,
 * a server that is down, a milestone done meanwhile, and digests. Dates:
 * tests/notify_fixture.h. */
#include "notify_fixture.h"
#include "service/notify_deliver.h"
#include "service/notify_plan.h"
#include "service/smtp.h"
#include "smtpd_fixture.h"

#include <time.h>
#include <unistd.h>

static dd_smtp *smtp;

/* Starts the server with the options given (NULL-terminated) and opens a
 * session to it. */
static void start_session(const char *const *options) {
  start_server(options);
  char url[64];
  snprintf(url, sizeof url, "smtp://127.0.0.1:%d", port);
  dd_smtp_settings s = {.url = url,
                        .from = "dueday@example.org",
                        .allow_plaintext = true,
                        .timeout_seconds = 5};
  dd_diag diag = {{0}};
  cr_assert_eq(dd_smtp_open(&s, &smtp, &diag), DD_OK, "%s", diag.message);
}

static void setup(void) {
  fx_setup("notify-deliver");
  smtpd_dir = fx_dir;
}

static void teardown(void) {
  dd_smtp_close(smtp);
  smtp = NULL;
  stop_server();
  port = 0;
  fx_teardown();
}

TestSuite(notify_deliver, .init = setup, .fini = teardown, .timeout = 60);

static void plan(time_t now) {
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
}

/* What the reports said: "outcome:recipient:subject" joined by "|", and
 * the last report's next attempt and whether it had a result. */
struct reports {
  char text[2048];
  size_t n;
  time_t next;
  bool result;
};

static void on_report(const dd_notify_report *r, void *arg) {
  struct reports *rep = arg;
  size_t len = strlen(rep->text);
  snprintf(rep->text + len, sizeof rep->text - len, "%s%s:%s:%s",
           len ? "|" : "", dd_notify_outcome_name(r->outcome),
           r->reminder->recipient, r->subject);
  rep->n++;
  rep->next = r->next_attempt;
  rep->result = r->result != NULL;
}

static dd_notify_summary deliver(time_t now, bool dry_run,
                                 struct reports *rep) {
  dd_date today;
  int minutes;
  dd_london_local(now, &today, &minutes);
  memset(rep, 0, sizeof *rep);
  dd_notify_options opt = {.now = now,
                           .dry_run = dry_run,
                           .cfg = fx_cfg,
                           .smtp = dry_run ? NULL : smtp,
                           .report = on_report,
                           .arg = rep};
  dd_notify_summary sum = {0};
  dd_diag diag = {{0}};
  cr_assert_eq(dd__notify_deliver(fx_st, fx_planner, &opt, today, &sum, &diag),
               DD_OK, "%s", diag.message);
  return sum;
}

/* Two visits a day apart, each with one reminder at before-5 queued at
 * 08:00 on Tuesday 2020-10-06: V1's report is due Monday 12 (its before-5
 * was Monday 5, still the most urgent reached, now 4 working days off),
 * V2's Tuesday 13. */
static time_t two_reminders(const char *first, const char *second) {
  fx_add_visit("V1", "2020-10-05", first, "rim@example.org");
  fx_add_visit("V2", "2020-10-06", second, "rim@example.org");
  time_t now = fx_at("2020-10-06", 8, 0);
  plan(now);
  return now;
}

Test(notify_deliver, queued_messages_go_to_the_server_and_are_recorded_sent) {
  start_session(NULL);
  time_t now = two_reminders("one@example.org", "two@example.org");
  struct reports rep;
  dd_notify_summary sum = deliver(now, false, &rep);
  cr_expect_eq(sum.sent, 2);
  cr_expect_eq(sum.failed + sum.deferred + sum.unsent + sum.would_send, 0);
  cr_expect_geq(sum.accept_to_record_total_ms, sum.accept_to_record_max_ms);
  cr_expect_str_eq(rep.text,
                   "sent:one@example.org:Due in 4 working days: Send report, "
                   "Sunny Home (SC400112)|"
                   "sent:two@example.org:Due in 5 working days: Send report, "
                   "Sunny Home (SC400112)");
  cr_expect(rep.result);
  struct fx_rows rows;
  cr_expect_str_eq(fx_ledger(NULL, &rows),
                   "V1/report/2020-10-12/before-5/one@example.org:sent "
                   "V2/report/2020-10-13/before-5/two@example.org:sent");
  cr_assert_eq(delivered(), 2);
  for (int i = 1; i <= 2; i++) {
    dd_reminder r = fx_row(rows.ids[i - 1]);
    char *rcpt = kept(i, "rcpt", NULL), *eml = kept(i, "eml", NULL), want[200];
    snprintf(want, sizeof want, "%s\n", r.recipient);
    cr_expect_str_eq(rcpt, want);
    /* The ledger knows the message by the id the message carries. */
    cr_expect_eq(r.last_code, 250);
    snprintf(want, sizeof want, "\r\nMessage-ID: <%s>\r\n", r.message_id);
    cr_expect(strstr(eml, want) != NULL, "%s", want);
    cr_expect(strstr(eml, "filename=\"deadline.ics\"") != NULL);
    free(rcpt);
    free(eml);
    dd_reminder_clear(&r);
  }
  /* Nothing is sent twice. */
  sum = deliver(now + 900, false, &rep);
  cr_expect_eq(sum.sent, 0);
  cr_expect_eq(rep.n, 0);
  cr_expect_eq(delivered(), 2);
}

Test(notify_deliver, a_dry_run_sends_and_records_nothing) {
  time_t now = two_reminders("one@example.org", "two@example.org");
  struct reports rep;
  dd_notify_summary sum = deliver(now, true, &rep);
  cr_expect_eq(sum.would_send, 2);
  cr_expect_eq(sum.sent, 0);
  cr_expect_eq(rep.n, 2);
  cr_expect_not(rep.result, "no server, no answer");
  struct fx_rows rows;
  cr_expect_str_eq(fx_ledger(NULL, &rows),
                   "V1/report/2020-10-12/before-5/one@example.org:pending "
                   "V2/report/2020-10-13/before-5/two@example.org:pending");
}

Test(notify_deliver, a_temporary_failure_is_tried_again_after_a_backoff) {
  start_session((const char *const[]){"--tempfail", "1", NULL});
  fx_add_visit("V1", "2020-10-05", "one@example.org", "rim@example.org");
  time_t now = fx_at("2020-10-06", 8, 0);
  plan(now);
  struct reports rep;
  dd_notify_summary sum = deliver(now, false, &rep);
  cr_expect_eq(sum.deferred, 1);
  /* The first backoff is 15 minutes. */
  cr_expect_eq(rep.next, now + 900);
  struct fx_rows rows;
  fx_ledger(NULL, &rows);
  dd_reminder r = fx_row(rows.ids[0]);
  cr_expect_str_eq(r.state, "pending");
  cr_expect_eq(r.attempts, 1);
  cr_expect_eq(r.next_attempt, now + 900);
  cr_expect_eq(r.last_code, 451);
  dd_reminder_clear(&r);
  /* Not before its time; then sent. */
  sum = deliver(now + 899, false, &rep);
  cr_expect_eq(rep.n, 0);
  sum = deliver(now + 900, false, &rep);
  cr_expect_eq(sum.sent, 1);
  cr_expect_str_eq(fx_ledger(NULL, &rows),
                   "V1/report/2020-10-12/before-5/one@example.org:sent");
  cr_expect_eq(delivered(), 1);
}

Test(notify_deliver, the_sixteenth_temporary_failure_is_the_last) {
  start_session((const char *const[]){"--tempfail", "1", NULL});
  fx_add_visit("V1", "2020-10-05", "one@example.org", "rim@example.org");
  time_t now = fx_at("2020-10-06", 8, 0);
  plan(now);
  struct fx_rows rows;
  fx_ledger(NULL, &rows);
  /* Fifteen earlier passes were told "later". */
  for (int i = 0; i < DD_NOTIFY_MAX_ATTEMPTS - 1; i++)
    cr_assert_eq(dd_ledger_retry(fx_st, rows.ids[0], 0, 451, "451 later", NULL),
                 DD_OK);
  struct reports rep;
  dd_notify_summary sum = deliver(now, false, &rep);
  cr_expect_eq(sum.failed, 1);
  cr_expect_eq(sum.deferred, 0);
  dd_reminder r = fx_row(rows.ids[0]);
  cr_expect_str_eq(r.state, "failed");
  cr_expect(strncmp(r.last_error,
                    "gave up after 16 temporary failures; last: 451", 46) == 0,
            "%s", r.last_error);
  dd_reminder_clear(&r);
}

Test(notify_deliver, a_refused_recipient_fails_and_the_others_still_go) {
  start_session((const char *const[]){"--reject", "one@example.org", NULL});
  time_t now = two_reminders("one@example.org", "two@example.org");
  struct reports rep;
  dd_notify_summary sum = deliver(now, false, &rep);
  cr_expect_eq(sum.failed, 1);
  cr_expect_eq(sum.sent, 1);
  struct fx_rows rows;
  cr_expect_str_eq(fx_ledger(NULL, &rows),
                   "V1/report/2020-10-12/before-5/one@example.org:failed "
                   "V2/report/2020-10-13/before-5/two@example.org:sent");
  dd_reminder r = fx_row(rows.ids[0]);
  cr_expect_eq(r.last_code, 550);
  dd_reminder_clear(&r);
  cr_expect_eq(delivered(), 1);
}

Test(notify_deliver, an_address_that_cannot_be_written_fails_that_row_only) {
  start_session(NULL);
  time_t now = two_reminders("not an address", "two@example.org");
  struct reports rep;
  dd_notify_summary sum = deliver(now, false, &rep);
  cr_expect_eq(sum.failed, 1);
  cr_expect_eq(sum.sent, 1);
  struct fx_rows rows;
  fx_ledger(NULL, &rows);
  dd_reminder r = fx_row(rows.ids[0]);
  cr_expect_str_eq(r.state, "failed");
  cr_expect_str_eq(r.last_error,
                   "not an address dueday can send to: \"not an address\"");
  dd_reminder_clear(&r);
  cr_expect_eq(delivered(), 1);
}

/* The dry run writes each message as the real pass would, so that it
 * never says "would send" to an address the real pass refuses. */
Test(notify_deliver, a_dry_run_reports_an_address_the_real_pass_refuses) {
  time_t now = two_reminders("not an address", "two@example.org");
  struct reports rep;
  dd_notify_summary sum = deliver(now, true, &rep);
  cr_expect_eq(sum.failed, 1);
  cr_expect_eq(sum.would_send, 1);
  cr_expect_eq(sum.sent, 0);
  cr_expect_str_eq(rep.text,
                   "failed:not an address:Due in 4 working days: Send report, "
                   "Sunny Home (SC400112)|"
                   "would send:two@example.org:Due in 5 working days: Send "
                   "report, Sunny Home (SC400112)");
  struct fx_rows rows;
  cr_expect_str_eq(fx_ledger(NULL, &rows),
                   "V1/report/2020-10-12/before-5/not an address:pending "
                   "V2/report/2020-10-13/before-5/two@example.org:pending",
                   "a dry run records nothing");
}

Test(notify_deliver, a_server_that_is_down_leaves_everything_for_next_time) {
  start_session(NULL);
  stop_server(); /* the session now points at a closed port */
  time_t now = two_reminders("one@example.org", "two@example.org");
  struct reports rep;
  dd_notify_summary sum = deliver(now, false, &rep);
  cr_expect_eq(sum.unsent, 2);
  cr_expect_eq(sum.sent + sum.failed + sum.deferred, 0);
  /* Only the message that found it down is reported and counted an
   * attempt, to be tried at once next time; the other is not touched. */
  cr_expect_eq(rep.n, 1);
  struct fx_rows rows;
  cr_expect_str_eq(fx_ledger(NULL, &rows),
                   "V1/report/2020-10-12/before-5/one@example.org:pending "
                   "V2/report/2020-10-13/before-5/two@example.org:pending");
  dd_reminder first = fx_row(rows.ids[0]), second = fx_row(rows.ids[1]);
  cr_expect_eq(first.attempts, 1);
  cr_expect_eq(first.next_attempt, 0);
  cr_expect_eq(second.attempts, 0);
  dd_reminder_clear(&first);
  dd_reminder_clear(&second);
}

Test(notify_deliver, a_milestone_done_since_the_plan_is_stopped_not_sent) {
  start_session(NULL);
  time_t now = two_reminders("one@example.org", "two@example.org");
  fx_done("V1", "report", "2020-10-06");
  struct reports rep;
  dd_notify_summary sum = deliver(now, false, &rep);
  cr_expect_eq(sum.stopped, 1);
  cr_expect_eq(sum.sent, 1);
  struct fx_rows rows;
  cr_expect_str_eq(fx_ledger(NULL, &rows),
                   "V1/report/2020-10-12/before-5/one@example.org:stopped "
                   "V2/report/2020-10-13/before-5/two@example.org:sent");
  cr_expect_eq(delivered(), 1);
}

Test(notify_deliver, a_digest_is_one_message_per_recipient) {
  start_session(NULL);
  fx_config("digest", NULL);
  /* On Tuesday 13: V1's report overdue (inspector and RIM) and its review
   * at before-5 (RIM); V2's report due (inspector) and its review at
   * before-5 (RIM). Two for the inspector, three for the RIM. */
  fx_add_visit("V1", "2020-10-05", "insp@example.org", "rim@example.org");
  fx_add_visit("V2", "2020-10-06", "insp@example.org", "rim@example.org");
  time_t now = fx_at("2020-10-13", 9, 0);
  plan(now);
  struct reports rep;
  dd_notify_summary sum = deliver(now, false, &rep);
  cr_expect_eq(sum.sent, 5);
  cr_expect_eq(rep.n, 5);
  /* Each reminder is reported with its own subject. */
  cr_expect(strstr(rep.text, "sent:insp@example.org:Due today: Send report") !=
                NULL,
            "%s", rep.text);
  cr_assert_eq(delivered(), 2);
  char *a = kept(1, "eml", NULL), *b = kept(2, "eml", NULL);
  cr_expect(strstr(a, "Subject: dueday: 2 deadlines for Tue 2020-10-13\r\n") !=
            NULL);
  cr_expect(strstr(a, "filename=\"deadlines.ics\"") != NULL);
  cr_expect(strstr(b, "Subject: dueday: 3 deadlines for Tue 2020-10-13\r\n") !=
            NULL);
  char *ra = kept(1, "rcpt", NULL), *rb = kept(2, "rcpt", NULL);
  cr_expect_str_eq(ra, "insp@example.org\n");
  cr_expect_str_eq(rb, "rim@example.org\n");
  free(a);
  free(b);
  free(ra);
  free(rb);
  /* A recipient's rows carry the one message's id. */
  struct fx_rows rows;
  fx_ledger(NULL, &rows);
  cr_assert_eq(rows.n, 5);
  char insp_id[160] = "", rim_id[160] = "";
  for (size_t i = 0; i < rows.n; i++) {
    dd_reminder r = fx_row(rows.ids[i]);
    cr_expect_str_eq(r.state, "sent");
    char *id = strcmp(r.recipient, "insp@example.org") == 0 ? insp_id : rim_id;
    if (id[0] == '\0')
      snprintf(id, 160, "%s", r.message_id);
    cr_expect_str_eq(r.message_id, id, "row %ld", r.id);
    dd_reminder_clear(&r);
  }
  cr_expect_str_neq(insp_id, rim_id);
}

Test(notify_deliver, a_digest_that_finds_the_server_down_counts_one_attempt) {
  start_session(NULL);
  stop_server();
  fx_config("digest", NULL);
  /* The inspector's digest of Tuesday 13 holds V1's and V2's reports. */
  fx_add_visit("V1", "2020-10-05", "insp@example.org", "");
  fx_add_visit("V2", "2020-10-06", "insp@example.org", "");
  time_t now = fx_at("2020-10-13", 9, 0);
  plan(now);
  struct reports rep;
  dd_notify_summary sum = deliver(now, false, &rep);
  cr_expect_eq(sum.unsent, 2);
  cr_expect_eq(rep.n, 2, "both of the digest's reminders are reported");
  struct fx_rows rows;
  cr_expect_str_eq(fx_ledger(NULL, &rows),
                   "V1/report/2020-10-12/overdue-1/insp@example.org:pending "
                   "V2/report/2020-10-13/due/insp@example.org:pending");
  /* The attempt is counted once, on the digest's first row. */
  dd_reminder first = fx_row(rows.ids[0]), second = fx_row(rows.ids[1]);
  cr_expect_eq(first.attempts + second.attempts, 1);
  dd_reminder_clear(&first);
  dd_reminder_clear(&second);
}

Test(notify_deliver, a_deferred_row_waits_out_its_visits_bank_holiday) {
  start_session((const char *const[]){"--tempfail", "1", NULL});
  /* A visit in England and Wales on site Friday 2021-03-26: its report is
   * due Tuesday 6 April (Good Friday and Easter Monday skipped), reminded
   * 2 working days before on Wednesday 31 March, which the server defers. */
  fx_add_visit("V1", "2021-03-26", "one@example.org", "rim@example.org");
  time_t now = fx_at("2021-03-31", 8, 0);
  plan(now);
  struct reports rep;
  cr_expect_eq(deliver(now, false, &rep).deferred, 1);
  /* Easter Monday: a working day in Scotland, so a pass runs, but not
   * this visit's; the row waits, untried. */
  dd_notify_summary sum = deliver(fx_at("2021-04-05", 9, 0), false, &rep);
  cr_expect_eq(rep.n, 0);
  cr_expect_eq(sum.stopped, 0);
  cr_expect_eq(delivered(), 0);
  struct fx_rows rows;
  cr_expect_str_eq(fx_ledger(NULL, &rows),
                   "V1/report/2021-04-06/before-2/one@example.org:pending");
  /* Its next working day, it goes. */
  sum = deliver(fx_at("2021-04-06", 8, 0), false, &rep);
  cr_expect_eq(sum.sent, 1);
  cr_expect_eq(delivered(), 1);
}
