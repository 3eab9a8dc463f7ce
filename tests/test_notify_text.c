/* The words of a reminder pass on their own: no register, no network. A
 * visit's schedule comes from the planner; the ledger rows are made here.
 * The subject and body of one reminder (its due date, how far off, the rule
 * and the days skipped, who acts), a changed date, the message for one
 * reminder and a digest (footer, attachment, Message-ID) and the message
 * as mail. Dates: tests/notify_fixture.h. */
#include "notify_fixture.h"
#include "service/notify_text.h"

static dd_visit visit;
static dd_schedule schedule;

static void setup(void) {
  fx_config("individual", NULL);
  visit = fx_visit("V1", "2020-10-05", "insp@example.org", "rim@example.org");
  dd_diag diag = {{0}};
  cr_assert_eq(dd_planner_schedule(fx_planner, &visit, NULL, 0,
                                   fx_date("2020-10-08"), &schedule, &diag),
               DD_OK, "%s", diag.message);
}

static void teardown(void) {
  dd_schedule_clear(&schedule);
  dd_planner_free(fx_planner);
  dd_config_free(fx_cfg);
}

TestSuite(notify_text, .init = setup, .fini = teardown);

static dd_reminder row(const char *milestone, const char *due,
                       const char *threshold, const char *to) {
  return (dd_reminder){.id = 1,
                       .visit_id = "V1",
                       .milestone = milestone,
                       .due = due,
                       .threshold = threshold,
                       .recipient = to,
                       .previous_due = "",
                       .state = "pending"};
}

static dd_notify_item item(const dd_reminder *r, int working_days) {
  const dd_milestone *m = dd_schedule_find(&schedule, r->milestone);
  cr_assert_not_null(m, "%s", r->milestone);
  return (dd_notify_item){.row = r,
                          .visit = &visit,
                          .schedule = &schedule,
                          .milestone = m,
                          .working_days = working_days,
                          .sequence = 3};
}

Test(notify_text, one_reminder_says_what_when_why_and_who) {
  dd_reminder r = row("report", "2020-10-12", "before-2", "insp@example.org");
  dd_notify_item it = item(&r, 2);
  char *subject, *body;
  cr_assert_eq(dd__notify_item_text(&it, &subject, &body, NULL), DD_OK);
  cr_expect_str_eq(subject,
                   "Due in 2 working days: Send report, Sunny Home (SC400112)");
  /* Five working days after Monday 5 steps over Saturday 10 and Sunday
   * 11 to Monday 12. */
  cr_expect_str_eq(body,
                   "Report sent: Sunny Home (SC400112)\n\n"
                   "Due:      Monday 12 October 2020 (in 2 working days)\n"
                   "Rule:     5 working days after the end of the visit (Mon "
                   "2020-10-05)\n"
                   "Skipped:  2 weekend days\n"
                   "Who acts: inspector\n"
                   "Status:   pending\n"
                   "Visit:    V1, t visit, North West\n"
                   "Inspector: insp@example.org; RIM: rim@example.org\n");
  free(subject);
  free(body);
}

Test(notify_text, with_the_pages_served_a_reminder_links_to_the_visit) {
  dd_reminder r = row("report", "2020-10-12", "before-2", "insp@example.org");
  dd_notify_item it = item(&r, 2);
  it.pages_url = "https://dueday.example.org";
  char *subject, *body;
  cr_assert_eq(dd__notify_item_text(&it, &subject, &body, NULL), DD_OK);
  cr_expect(strstr(body,
                   "Visit:    V1, t visit, North West\n"
                   "Inspector: insp@example.org; RIM: rim@example.org\n"
                   "Page:     https://dueday.example.org/visits/V1\n") != NULL,
            "%s", body);
  free(subject);
  free(body);
  /* An id from the source system with characters a path cannot hold. */
  dd_visit odd = visit;
  odd.id = "SC 1/2?";
  it.visit = &odd;
  cr_assert_eq(dd__notify_item_text(&it, &subject, &body, NULL), DD_OK);
  cr_expect(strstr(body, "Page:     https://dueday.example.org/visits/"
                         "SC%201%2F2%3F\n") != NULL,
            "%s", body);
  free(subject);
  free(body);
}

/* How far off the due day is, by working days to it. */
static const struct {
  int working_days;
  const char *threshold, *subject_start, *in;
} distances[] = {
    {5, "before-5", "Due in 5 working days: ", "(in 5 working days)"},
    {1, "before-2", "Due in 1 working day: ", "(in 1 working day)"},
    {0, "due", "Due today: ", "(today)"},
    /* Overdue is said with the due day: "overdue by 0 working days" (a
     * Friday deadline seen on Saturday) said nothing. */
    {-1, "overdue-1",
     "Overdue since Mon 12 Oct 2020: ", "(overdue since Mon 12 Oct 2020)"},
    {-3, "overdue-1",
     "Overdue since Mon 12 Oct 2020: ", "(overdue since Mon 12 Oct 2020)"},
};

Test(notify_text, the_distance_to_the_due_day_is_in_working_days) {
  for (size_t i = 0; i < sizeof distances / sizeof distances[0]; i++) {
    dd_reminder r =
        row("report", "2020-10-12", distances[i].threshold, "insp@example.org");
    dd_notify_item it = item(&r, distances[i].working_days);
    char *subject, *body;
    cr_assert_eq(dd__notify_item_text(&it, &subject, &body, NULL), DD_OK);
    cr_expect(strncmp(subject, distances[i].subject_start,
                      strlen(distances[i].subject_start)) == 0,
              "%d: %s", distances[i].working_days, subject);
    cr_expect(strstr(body, distances[i].in) != NULL, "%d: %s",
              distances[i].working_days, body);
    free(subject);
    free(body);
  }
}

Test(notify_text, a_changed_date_says_what_it_was) {
  static const struct {
    const char *previous, *reason, *says, *subject_end;
  } cases[] = {
      {"2020-10-09", NULL,
       "The due date has changed: it was Friday 9 October "
       "2020.\n\n",
       " (was Fri 2020-10-09)"},
      {"2020-10-09T14:00", "",
       "The due date has changed: it was Friday 9 "
       "October 2020 at 14:00.\n\n",
       " (was Fri 2020-10-09 14:00)"},
      {"2020-10-09", "Friday 9 October 2020 is now a bank holiday (X)",
       "The due date has changed: it was Friday 9 October 2020, because "
       "Friday 9 October 2020 is now a bank holiday (X).\n\n",
       " (was Fri 2020-10-09)"},
      /* Not a date the ledger writes: the change is still told. */
      {"", NULL, "The due date has changed.\n\n", "2020-10-12"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    dd_reminder r = row("report", "2020-10-12", "changed", "insp@example.org");
    r.previous_due = cases[i].previous;
    r.reason = cases[i].reason;
    dd_notify_item it = item(&r, 2);
    char *subject, *body;
    cr_assert_eq(dd__notify_item_text(&it, &subject, &body, NULL), DD_OK);
    cr_expect(strncmp(subject, "Date changed: ", 14) == 0, "%s", subject);
    size_t ns = strlen(subject), ne = strlen(cases[i].subject_end);
    cr_expect(ns > ne && strcmp(subject + ns - ne, cases[i].subject_end) == 0,
              "case %zu: %s", i, subject);
    cr_expect(strstr(body, cases[i].says) != NULL, "case %zu: %s", i, body);
    free(subject);
    free(body);
  }
}

Test(notify_text, a_single_message_has_the_footer_an_event_and_a_stable_id) {
  dd_reminder r = row("report", "2020-10-12", "before-2", "insp@example.org");
  dd_notify_item it = item(&r, 2);
  time_t now = fx_at("2020-10-08", 8, 0);
  dd_notify_message a, b;
  cr_assert_eq(
      dd__notify_single(&it, "dueday@example.org", now, true, &a, NULL), DD_OK);
  cr_expect_eq(a.count, 1);
  cr_expect_str_eq(a.subject,
                   "Due in 2 working days: Send report, Sunny Home (SC400112)");
  cr_expect(strncmp(a.body, "Report sent: Sunny Home (SC400112)\n\n", 36) == 0);
  const char *footer = "\n-- \nSent by dueday";
  cr_expect(strstr(a.body, footer) != NULL);
  cr_expect_eq(a.body[strlen(a.body) - 1], '\n');
  /* reminder.<32 hex digits>@<the sender's domain> */
  cr_expect_eq(strlen(a.message_id), strlen("reminder.@example.org") + 32, "%s",
               a.message_id);
  cr_expect(strncmp(a.message_id, "reminder.", 9) == 0);
  cr_expect_str_eq(a.message_id + 9 + 32, "@example.org");
  /* The milestone's event, with the feeds' UID and SEQUENCE. */
  cr_assert_not_null(a.calendar);
  cr_expect(strstr(a.calendar, "UID:V1.report@dueday\r\n") != NULL, "%s",
            a.calendar);
  cr_expect(strstr(a.calendar, "SEQUENCE:3\r\n") != NULL);
  cr_expect(strstr(a.calendar, "SUMMARY:Send report: Sunny Home SC400112") !=
            NULL);
  cr_expect(strstr(a.calendar, "DTSTART;VALUE=DATE:20201012") != NULL);

  /* The same row gives the same id; without the calendar, none. */
  cr_assert_eq(
      dd__notify_single(&it, "dueday@example.org", now + 3600, false, &b, NULL),
      DD_OK);
  cr_expect_str_eq(a.message_id, b.message_id);
  cr_expect_null(b.calendar);
  dd__notify_message_clear(&b);

  /* Another recipient, threshold or due date: another message. */
  const char *changes[][2] = {{"recipient", "rim@example.org"},
                              {"threshold", "due"},
                              {"due", "2020-10-13"}};
  for (size_t i = 0; i < 3; i++) {
    dd_reminder other = r;
    if (i == 0)
      other.recipient = changes[i][1];
    else if (i == 1)
      other.threshold = changes[i][1];
    else
      other.due = changes[i][1];
    dd_notify_item oi = item(&other, 2);
    cr_assert_eq(
        dd__notify_single(&oi, "dueday@example.org", now, false, &b, NULL),
        DD_OK);
    cr_expect_str_neq(a.message_id, b.message_id, "another %s", changes[i][0]);
    dd__notify_message_clear(&b);
  }
  dd__notify_message_clear(&a);
  cr_expect_null(a.subject, "cleared");
  dd__notify_message_clear(&a); /* twice is harmless */
}

/* A digest of the report (first_threshold) and the review (before-5), as the
 * delivery step gathers them. */
static void digest_of(size_t n, const char *sender, bool calendar,
                      dd_notify_message *out, dd_reminder *rows,
                      const char *first_threshold) {
  static const char *const ms[] = {"report", "review"};
  static const char *const dues[] = {"2020-10-12", "2020-10-19"};
  const char *const ths[] = {first_threshold, "before-5"};
  static const int wds[] = {2, 7};
  char *subjects[2], *bodies[2];
  dd_ics_feed *cal = NULL;
  if (calendar)
    cr_assert_eq(dd_ics_feed_new("dueday reminders", 60,
                                 fx_at("2020-10-08", 8, 0), &cal, NULL),
                 DD_OK);
  for (size_t i = 0; i < n; i++) {
    rows[i] = row(ms[i], dues[i], ths[i], "insp@example.org");
    rows[i].id = (long)i + 1;
    dd_notify_item it = item(&rows[i], wds[i]);
    cr_assert_eq(dd__notify_item_text(&it, &subjects[i], &bodies[i], NULL),
                 DD_OK);
    if (calendar)
      cr_assert_eq(dd__notify_add_event(cal, &it, NULL), DD_OK);
  }
  cr_assert_eq(dd__notify_digest(rows, subjects, bodies, n,
                                 fx_date("2020-10-08"), sender, cal, out, NULL),
               DD_OK);
  for (size_t i = 0; i < n; i++) {
    free(subjects[i]);
    free(bodies[i]);
  }
}

static void digest(size_t n, const char *sender, bool calendar,
                   dd_notify_message *out, dd_reminder *rows) {
  digest_of(n, sender, calendar, out, rows, "before-2");
}

Test(notify_text, a_digest_lists_its_reminders_then_gives_each_in_full) {
  dd_reminder rows[2];
  dd_notify_message d;
  digest(2, "dueday@example.org", true, &d, rows);
  cr_expect_eq(d.count, 2);
  cr_expect_str_eq(d.subject, "dueday: 2 deadlines for Thu 2020-10-08");
  const char *start =
      "2 deadlines need attention:\n\n"
      "  - Due in 2 working days: Send report, Sunny Home (SC400112)\n"
      "  - Due in 7 working days: Review, Sunny Home (SC400112)\n"
      "\nReport sent: Sunny Home (SC400112)\n\n";
  cr_expect(strncmp(d.body, start, strlen(start)) == 0, "%s", d.body);
  const char *report = strstr(d.body, "\nReport sent: Sunny");
  const char *review = strstr(d.body, "\nCase review: Sunny");
  const char *footer = strstr(d.body, "\n-- \nSent by dueday");
  cr_expect(report != NULL && review != NULL && footer != NULL &&
            report < review && review < footer);
  cr_assert_not_null(d.calendar);
  cr_expect(strstr(d.calendar, "UID:V1.report@dueday\r\n") != NULL);
  cr_expect(strstr(d.calendar, "UID:V1.review@dueday\r\n") != NULL);
  cr_expect(strstr(d.calendar, "X-WR-CALNAME:dueday reminders") != NULL);

  /* Its id depends on every row: one reminder alone is another message. */
  dd_notify_message one;
  digest(1, "dueday@example.org", false, &one, rows);
  cr_expect_str_eq(one.subject, "dueday: 1 deadline for Thu 2020-10-08");
  cr_expect(strncmp(one.body, "1 deadline needs attention:\n\n", 29) == 0);
  cr_expect_null(one.calendar);
  cr_expect_str_neq(one.message_id, d.message_id);
  dd__notify_message_clear(&one);
  digest(2, "other@example.net", false, &one, rows);
  cr_expect_str_eq(one.message_id + 9 + 32, "@example.net");
  cr_expect(strncmp(one.message_id, d.message_id, 9 + 32) == 0,
            "the same rows, the same hash");
  dd__notify_message_clear(&one);
  digest_of(2, "dueday@example.org", false, &one, rows, "due");
  cr_expect_str_neq(one.message_id, d.message_id, "another row, another id");
  dd__notify_message_clear(&one);
  dd__notify_message_clear(&d);
}

static char *mail(const dd_notify_message *msg, const char *to, int *err,
                  dd_diag *diag) {
  char *text = (char *)"untouched";
  size_t len = 0;
  *err = dd__notify_mail(msg, to, dd_config_mail(fx_cfg),
                         fx_at("2020-10-08", 8, 0), &text, &len, diag);
  if (*err == DD_OK)
    cr_expect_eq(strlen(text), len);
  return text;
}

Test(notify_text, the_message_as_mail_from_the_configured_sender) {
  dd_reminder rows[2];
  dd_notify_message d;
  digest(2, "dueday@example.org", true, &d, rows);
  int err;
  char *text = mail(&d, "insp@example.org", &err, NULL);
  cr_assert_eq(err, DD_OK);
  /* 08:00 in London on 8 October is British Summer Time. */
  cr_expect(strstr(text, "Date: Thu, 08 Oct 2020 08:00:00 +0100\r\n") != NULL,
            "%s", text);
  cr_expect(strstr(text, "\r\nFrom: dueday <dueday@example.org>\r\n") != NULL);
  cr_expect(strstr(text, "\r\nTo: insp@example.org\r\n") != NULL);
  cr_expect(strstr(text, "\r\nSubject: dueday: 2 deadlines for Thu "
                         "2020-10-08\r\n") != NULL);
  char id[200];
  snprintf(id, sizeof id, "\r\nMessage-ID: <%s>\r\n", d.message_id);
  cr_expect(strstr(text, id) != NULL);
  cr_expect(strstr(text, "filename=\"deadlines.ics\"") != NULL);
  free(text);
  dd__notify_message_clear(&d);

  dd_notify_message one;
  digest(1, "dueday@example.org", true, &one, rows);
  text = mail(&one, "insp@example.org", &err, NULL);
  cr_assert_eq(err, DD_OK);
  cr_expect(strstr(text, "filename=\"deadline.ics\"") != NULL);
  free(text);
  dd__notify_message_clear(&one);
}

Test(notify_text, a_recipient_that_is_not_an_address_is_refused_by_name) {
  dd_reminder rows[1];
  dd_notify_message one;
  digest(1, "dueday@example.org", false, &one, rows);
  static const char *const bad[] = {"not an address",
                                    "a@example.org\r\nBcc: b@example.org",
                                    "a@example.org, b@example.org", ""};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    int err;
    dd_diag diag = {{0}};
    char *text = mail(&one, bad[i], &err, &diag);
    cr_expect_eq(err, DD_EINVAL, "case %zu", i);
    cr_expect_null(text, "case %zu", i);
    cr_expect(strstr(diag.message, "to \"") != NULL, "case %zu: %s", i,
              diag.message);
  }
  dd__notify_message_clear(&one);
}

/* The shipped rules in a reminder: the monitoring visit while the case
 * review has not decided is "likely" (subject and body); a final report put
 * at risk by a late draft says why; the DCS email's 17:00 is a configured
 * value. Visit Thu 10 - Fri 11 Dec 2020, concerns found, draft sent late
 * on Fri 22 Jan 2021. */
Test(notify_text, a_reminder_says_likely_at_risk_and_configured) {
  dd_config *cfg;
  dd_planner *planner;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_config_load_default(&cfg, &diag), DD_OK, "%s", diag.message);
  cr_assert_eq(dd_planner_new(cfg, HOLIDAYS_DIR, &planner, &diag), DD_OK);
  dd_visit v = fx_visit("V2", "2020-12-10", "insp@example.org", NULL);
  v.type = "assurance";
  v.days_on_site = 2;
  v.concerns = true;
  v.rim = "";
  dd_recorded late = {.what = "draft-sent",
                      .date = fx_date("2021-01-22"),
                      .time = -1,
                      .by = "",
                      .note = ""};
  dd_schedule s;
  cr_assert_eq(dd_planner_schedule(planner, &v, &late, 1, fx_date("2021-01-22"),
                                   &s, &diag),
               DD_OK, "%s", diag.message);
  static const struct {
    const char *milestone, *due, *threshold;
    int working_days;
    const char *subject, *in_body;
  } cases[] = {
      {"monitoring-visit", "2021-02-05", "before-5", 5,
       "Due in 5 working days (likely): Monitoring visit window, Sunny Home",
       "Likely:   the guidance says Ofsted is \"likely to return\"; the case "
       "review decides (dueday visit record V2 monitoring-decided, or "
       "monitoring-not-needed).\n"},
      {"final-sent", "2021-01-27", "before-2", 2,
       "Due in 2 working days: Send final report, Sunny Home",
       "At risk: provider-comments (Provider returns comments) now falls due "
       "Fri 2021-01-29, after this is due (Wed 2021-01-27)\n"},
      {"dcs-email", "2020-12-14T17:00", "overdue-1", -2,
       "Overdue since Mon 14 Dec 2020: Email DCSs, Sunny Home",
       "Configured value: the time is the configured end of the working day; "
       "the guidance gives no hour\n"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    dd_reminder r = {.id = 1,
                     .visit_id = "V2",
                     .milestone = cases[i].milestone,
                     .due = cases[i].due,
                     .threshold = cases[i].threshold,
                     .recipient = "insp@example.org",
                     .previous_due = "",
                     .state = "pending"};
    dd_notify_item it = {.row = &r,
                         .visit = &v,
                         .schedule = &s,
                         .milestone = dd_schedule_find(&s, cases[i].milestone),
                         .working_days = cases[i].working_days,
                         .sequence = 0};
    char *subject, *body;
    cr_assert_eq(dd__notify_item_text(&it, &subject, &body, NULL), DD_OK);
    cr_expect(strncmp(subject, cases[i].subject, strlen(cases[i].subject)) == 0,
              "%s: %s", cases[i].milestone, subject);
    cr_expect(strstr(body, cases[i].in_body) != NULL, "%s: %s",
              cases[i].milestone, body);
    free(subject);
    free(body);
  }
  dd_schedule_clear(&s);
  dd_planner_free(planner);
  dd_config_free(cfg);
}
