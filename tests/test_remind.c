/* The reminder policy's arithmetic: the day each threshold falls on across
 * weekends and bank holidays, the hour it is reached on both sides, the
 * catch-up after missed passes (only the most urgent), recipients by role,
 * and the subject lines. Dates are England and Wales. */
#include "dueday/config.h"
#include "dueday/remind.h"
#include "dueday/text.h"
#include "service/reminder.h"

#include <criterion/criterion.h>

#include <string.h>

static dd_holidays *ew_set;
static dd_calendar *ew;

static dd_date D(const char *text) {
  dd_date d;
  cr_assert_eq(dd_date_parse(text, &d, NULL), DD_OK, "%s", text);
  return d;
}

static void setup(void) {
  dd_diag diag = {{0}};
  cr_assert_eq(
      dd_holidays_load(HOLIDAYS_DIR, "england-and-wales", &ew_set, &diag),
      DD_OK, "%s", diag.message);
  dd_calendar_spec spec = {.name = "england-and-wales",
                           .holidays = (const dd_holidays *const *)&ew_set,
                           .nholidays = 1};
  cr_assert_eq(dd_calendar_new(&spec, &ew, &diag), DD_OK, "%s", diag.message);
}

static void teardown(void) {
  dd_calendar_free(ew);
  dd_holidays_free(ew_set);
}

TestSuite(remind, .init = setup, .fini = teardown);

static dd_threshold TH(const char *name) {
  dd_threshold t;
  cr_assert_eq(dd_threshold_parse(name, &t), DD_OK, "%s", name);
  return t;
}

static void expect_day(const char *due, const char *threshold,
                       const char *expected) {
  dd_date day;
  char buf[DD_DATE_BUFSIZE];
  cr_assert_eq(dd_threshold_day(ew, D(due), TH(threshold), &day), DD_OK);
  cr_expect_str_eq(dd_date_format(day, buf), expected, "%s of %s", threshold,
                   due);
}

Test(remind, threshold_names_round_trip_and_order) {
  const char *names[] = {"before-5", "before-2", "due", "overdue-1", "changed"};
  for (size_t i = 0; i < 5; i++) {
    char buf[16];
    cr_expect_str_eq(dd_threshold_name(TH(names[i]), buf, sizeof buf),
                     names[i]);
    if (i > 0)
      cr_expect_lt(dd_threshold_urgency(TH(names[i - 1])),
                   dd_threshold_urgency(TH(names[i])), "%s < %s", names[i - 1],
                   names[i]);
  }
  dd_threshold t;
  const char *bad[] = {"before-0",  "before-",   "before-x", "overdue",
                       "before-+3", "before- 3", "Due",      ""};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    cr_expect_eq(dd_threshold_parse(bad[i], &t), DD_EINVAL, "\"%s\"", bad[i]);
}

Test(remind, threshold_days_skip_weekends_and_bank_holidays) {
  /* Due Thu 2020-12-31: 5 working days before steps over Christmas Day
   * (Fri 25) and Boxing Day's substitute (Mon 28). */
  expect_day("2020-12-31", "before-5", "2020-12-22");
  expect_day("2020-12-31", "before-2", "2020-12-29");
  expect_day("2020-12-31", "due", "2020-12-31");
  /* Overdue the day after: Fri 2021-01-01 is New Year's Day. */
  expect_day("2020-12-31", "overdue-1", "2021-01-04");
  /* Across Easter 2021 (Good Friday 2 April, Easter Monday 5 April). */
  expect_day("2021-04-07", "before-2", "2021-04-01");
  expect_day("2021-04-01", "overdue-1", "2021-04-06");
  /* A window closing on a Saturday: reminded on the Friday before. */
  expect_day("2020-10-31", "due", "2020-10-30");
  expect_day("2020-10-31", "before-2", "2020-10-29");
}

Test(remind, reached_at_the_hour_not_before) {
  dd_remind_policy p;
  dd_remind_policy_default(&p);
  dd_threshold t;
  /* Due Fri 2020-10-09: before-5 is Fri 2020-10-02 at 08:00. */
  cr_expect_not(dd_remind_reached(ew, &p.leads, p.send_at, D("2020-10-09"),
                                  D("2020-10-02"), 7 * 60 + 59, &t));
  cr_assert(dd_remind_reached(ew, &p.leads, p.send_at, D("2020-10-09"),
                              D("2020-10-02"), 8 * 60, &t));
  cr_expect_eq(t.kind, DD_THRESHOLD_BEFORE);
  cr_expect_eq(t.days, 5);
  /* The day before: nothing. */
  cr_expect_not(dd_remind_reached(ew, &p.leads, p.send_at, D("2020-10-09"),
                                  D("2020-10-01"), 23 * 60, &t));
}

Test(remind, catch_up_sends_only_the_most_urgent) {
  dd_remind_policy p;
  dd_remind_policy_default(&p);
  dd_threshold t;
  char name[16];
  struct {
    const char *today;
    const char *expected;
  } rows[] = {
      /* Due Fri 2020-10-09: before-5 Fri 2, before-2 Wed 7, due Fri 9,
       * overdue-1 Mon 12. */
      {"2020-10-06", "before-5"},  {"2020-10-07", "before-2"},
      {"2020-10-08", "before-2"},  {"2020-10-09", "due"},
      {"2020-10-10", "due"},       {"2020-10-12", "overdue-1"},
      {"2020-11-30", "overdue-1"},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    cr_assert(dd_remind_reached(ew, &p.leads, p.send_at, D("2020-10-09"),
                                D(rows[i].today), 9 * 60, &t));
    cr_expect_str_eq(dd_threshold_name(t, name, sizeof name), rows[i].expected,
                     "on %s", rows[i].today);
  }
  /* No overdue reminder when the policy says none. */
  p.leads.overdue_after = 0;
  cr_assert(dd_remind_reached(ew, &p.leads, p.send_at, D("2020-10-09"),
                              D("2020-11-30"), 9 * 60, &t));
  cr_expect_str_eq(dd_threshold_name(t, name, sizeof name), "due");
}

static dd_visit visit(void) {
  static char id[] = "SC123456-2020-09", type[] = "assurance",
              name[] = "Sunny Home", urn[] = "SC123456",
              region[] = "North West", empty[] = "",
              insp[] = "ann@ofsted.example", rim[] = "rim@ofsted.example";
  dd_visit v = {.id = id,
                .type = type,
                .name = name,
                .urn = urn,
                .setting = empty,
                .local_authority = empty,
                .region = region,
                .division = empty,
                .inspector = insp,
                .rim = rim};
  return v;
}

Test(remind, recipients_by_role) {
  dd_remind_policy p;
  dd_remind_policy_default(&p);
  dd_visit v = visit();
  dd_milestone_rule by_rim = {.id = "publication", .actor = "RIM"};
  dd_milestone_rule by_provider = {.id = "provider-comments",
                                   .actor = "provider"};
  const char *to[8];
  size_t n = dd_remind_recipients(&p, &v, &by_rim, TH("before-2"), to, 8);
  cr_assert_eq(n, 1);
  cr_expect_str_eq(to[0], "rim@ofsted.example");
  /* The inspector chases the provider. */
  n = dd_remind_recipients(&p, &v, &by_provider, TH("due"), to, 8);
  cr_assert_eq(n, 1);
  cr_expect_str_eq(to[0], "ann@ofsted.example");
  /* Overdue goes to the RIM as well. */
  n = dd_remind_recipients(&p, &v, &by_provider, TH("overdue-1"), to, 8);
  cr_assert_eq(n, 2);
  cr_expect_str_eq(to[1], "rim@ofsted.example");
  /* ... once, when the RIM is the actor. */
  n = dd_remind_recipients(&p, &v, &by_rim, TH("overdue-1"), to, 8);
  cr_expect_eq(n, 1);

  /* A visit naming no RIM takes the region's; extras are copied. */
  const char *extra[] = {"team.nw@ofsted.example", "RIM@ofsted.example"};
  dd_remind_region nw = {.name = "North West",
                         .rim = "rim.nw@ofsted.example",
                         .extra = extra,
                         .nextra = 2};
  p.regions = &nw;
  p.nregions = 1;
  char none[] = "";
  v.rim = none;
  n = dd_remind_recipients(&p, &v, &by_rim, TH("due"), to, 8);
  cr_assert_eq(n, 3);
  cr_expect_str_eq(to[0], "rim.nw@ofsted.example");
  cr_expect_str_eq(to[1], "team.nw@ofsted.example");
  cr_expect_str_eq(to[2], "RIM@ofsted.example");
  /* Addresses differing only in case are one recipient. */
  static char rim2[] = "rim@ofsted.example";
  v.rim = rim2;
  n = dd_remind_recipients(&p, &v, &by_rim, TH("due"), to, 8);
  cr_expect_eq(n, 2);
}

Test(remind, subjects) {
  dd_visit v = visit();
  dd_milestone_rule rule = {
      .id = "publication", .summary = "Publish report", .actor = "RIM"};
  dd_milestone m = {.rule = &rule,
                    .applies = true,
                    .due = D("2020-10-29"),
                    .earliest = D("2020-10-29"),
                    .due_time = DD_TIME_NONE};
  char buf[256];
  cr_expect_str_eq(
      dd_remind_subject(TH("before-2"), &v, &m, 2, buf, sizeof buf),
      "Due in 2 working days: Publish report, Sunny Home "
      "(SC123456)");
  cr_expect_str_eq(
      dd_remind_subject(TH("before-2"), &v, &m, 1, buf, sizeof buf),
      "Due in 1 working day: Publish report, Sunny Home (SC123456)");
  cr_expect_str_eq(dd_remind_subject(TH("due"), &v, &m, 0, buf, sizeof buf),
                   "Due today: Publish report, Sunny Home (SC123456)");
  cr_expect_str_eq(
      dd_remind_subject(TH("overdue-1"), &v, &m, -1, buf, sizeof buf),
      "Overdue since Thu 29 Oct 2020: Publish report, Sunny Home (SC123456)");
  cr_expect_str_eq(
      dd_remind_subject(TH("changed"), &v, &m, 3, buf, sizeof buf),
      "Date changed: Publish report, Sunny Home (SC123456), now due Thu "
      "2020-10-29");
  m.due_time = 14 * 60;
  cr_expect_str_eq(dd_remind_subject(TH("due"), &v, &m, 0, buf, sizeof buf),
                   "Due today at 14:00: Publish report, Sunny Home "
                   "(SC123456)");
}

/* A subject goes out as UTF-8 in a header: a long name fills the buffer
 * and must be cut between characters (2-, 3- and 4-byte ones, each after
 * 0 to 3 bytes of ASCII, so that the cut falls everywhere). */
Test(remind, a_long_name_in_a_subject_is_cut_between_characters) {
  static const char *const chars[] = {"\xC3\xA9", "\xE2\x82\xAC",
                                      "\xF0\x9F\x98\x80"};
  dd_milestone_rule rule = {
      .id = "publication", .summary = "Publish report", .actor = "RIM"};
  dd_milestone m = {.rule = &rule,
                    .applies = true,
                    .due = D("2020-10-29"),
                    .earliest = D("2020-10-29"),
                    .due_time = DD_TIME_NONE};
  for (size_t c = 0; c < 3; c++) {
    for (size_t pad = 0; pad < 4; pad++) {
      char name[320];
      memcpy(name, "abc", pad);
      name[pad] = '\0';
      while (strlen(name) + strlen(chars[c]) <= 300 + pad)
        strcat(name, chars[c]);
      dd_visit v = visit();
      v.name = name;
      char buf[256];
      const char *th[] = {"before-2", "changed"};
      for (int k = 0; k < 2; k++) {
        dd_remind_subject(TH(th[k]), &v, &m, 2, buf, sizeof buf);
        size_t len = strlen(buf);
        cr_expect_gt(len, 240);
        cr_expect_eq(dd_text_check(buf, len), len, "%zu-byte, pad %zu, %s",
                     c + 2, pad, th[k]);
      }
    }
  }
}

Test(remind, only_pending_targets_are_reminded) {
  dd_milestone_rule target = {.id = "draft-sent", .kind = DD_KIND_TARGET};
  dd_milestone_rule event = {.id = "visit-end", .kind = DD_KIND_EVENT};
  dd_milestone m = {
      .rule = &target, .applies = true, .status = DD_STATUS_PENDING};
  cr_expect(dd_remind_active(&m));
  m.status = DD_STATUS_OVERDUE;
  cr_expect(dd_remind_active(&m));
  dd_status off[] = {DD_STATUS_DONE, DD_STATUS_ON_HOLD,
                     DD_STATUS_NOT_APPLICABLE, DD_STATUS_CANCELLED};
  for (size_t i = 0; i < 4; i++) {
    m.status = off[i];
    cr_expect_not(dd_remind_active(&m), "%s", dd_status_name(off[i]));
  }
  m.status = DD_STATUS_PENDING;
  m.applies = false;
  cr_expect_not(dd_remind_active(&m));
  m.applies = true;
  m.rule = &event;
  cr_expect_not(dd_remind_active(&m));
}

Test(remind, policy_from_the_configuration) {
  dd_config *cfg;
  dd_diag diag = {{0}};
  const char *text =
      "reminders = {\n"
      "  lead_days = [10, 3, 0];\n"
      "  send_at = \"07:30\";\n"
      "  style = \"digest\";\n"
      "  to = [\"actor\", \"inspector\"];\n"
      "  regions = ( { name = \"North West\"; rim = \"r@x.example\";\n"
      "                extra = [\"a@x.example\", \"b@x.example\"]; },\n"
      "              { name = \"London\"; extra = [\"c@x.example\"]; } );\n"
      "  milestones = ( { id = \"case-review\"; lead_days = [2, 0]; } );\n"
      "};\n";
  cr_assert_eq(dd_config_load_string("test.conf", text, &cfg, &diag), DD_OK,
               "%s", diag.message);
  const dd_remind_policy *p = dd_config_reminders(cfg);
  cr_expect_eq(p->leads.n, 3);
  cr_expect_eq(p->leads.days[0], 10);
  cr_expect_eq(p->leads.overdue_after, 1, "default kept");
  cr_expect_eq(p->send_at, 7 * 60 + 30);
  cr_expect(p->digest);
  cr_expect_eq(p->to, DD_TO_ACTOR | DD_TO_INSPECTOR);
  cr_assert_eq(p->nregions, 2);
  cr_expect_eq(p->regions[0].nextra, 2);
  cr_expect_str_eq(p->regions[0].extra[1], "b@x.example");
  cr_expect_str_eq(p->regions[1].extra[0], "c@x.example");
  cr_expect_null(p->regions[1].rim);
  const dd_remind_leads *l = dd_remind_leads_for(p, "case-review");
  cr_expect_eq(l->n, 2);
  cr_expect_eq(l->overdue_after, 1);
  cr_expect_eq(dd_remind_leads_for(p, "publication"), &p->leads);
  dd_config_free(cfg);
}

Test(remind, configuration_errors_name_the_line) {
  struct {
    const char *text, *message;
  } rows[] = {
      {"reminders = {\n lead_days = [2, 5];\n};", "test.conf:2: "
                                                  "\"lead_days\" must go "
                                                  "down"},
      {"reminders = {\n lead_days = [-1];\n};",
       "test.conf:2: \"lead_days\" is -1: use a whole number from 0 to 60"},
      {"reminders = {\n send_at = \"8am\";\n};", "test.conf:2: invalid "
                                                 "\"send_at\""},
      {"reminders = {\n style = \"weekly\";\n};", "test.conf:2: unknown "
                                                  "\"style\""},
      {"reminders = {\n to = [\"boss\"];\n};", "test.conf:2: unknown role "
                                               "\"boss\""},
      {"reminders = {\n milestones = (\n { id = \"publicaton\"; } );\n};",
       "test.conf:3: reminders: no visit type has a milestone "
       "\"publicaton\""},
      {"reminders = {\n regions = ( { name = \"X\"; rim = \"nobody\"; } "
       ");\n};",
       "test.conf:2: rim \"nobody\" is not an e-mail address"},
      {"mail = {\n password = \"hunter2\";\n};", "test.conf:2: a password "
                                                 "does not belong"},
      {"mail = {\n from = \"a@b\\r\\nBcc: x@y\";\n};", "test.conf:2: from "},
      {"mail = {\n timeout = 0;\n};",
       "test.conf:2: \"timeout\" is 0: use a whole number from 1 to 600"},
      {"reminders = {\n lead_time = 3;\n};", "test.conf:2: unknown setting "
                                             "\"lead_time\""},
      {"reminders = {\n regions = ( { name = \"X\"; },\n { name = \"X\"; } "
       ");\n};",
       "test.conf:3: region \"X\" is listed twice"},
      {"reminders = {\n regions = ( { rim = \"a@b.org\"; } );\n};",
       "test.conf:2: region needs a \"name\""},
      {"reminders = {\n milestones = ( { id = \"a\"; },\n { id = \"a\"; } "
       ");\n};",
       "test.conf:3: milestone \"a\" is listed twice"},
      {"reminders = {\n milestones = ( 5 );\n};",
       "test.conf:2: each milestone must be a group"},
      {"mail = {\n allow_plaintext = 1;\n};",
       "test.conf:2: \"allow_plaintext\" is 1: use true or false"},
      {"mail = {\n url = \"smtp://a\\nb\";\n};",
       "test.conf:2: \"url\" must be one line"},
      {"mail = {\n url = 5;\n};",
       "test.conf:2: \"url\" is 5: it must be a string"},
      {"reminders = {\n lead_days = 5;\n};",
       "test.conf:2: \"lead_days\" must be a list of working days"},
      {"reminders = {\n to = \"rim\";\n};",
       "test.conf:2: \"to\" must be a list of roles"},
      {"reminders = {\n regions = ( { name = \"X\"; extra = \"a@b.org\"; } "
       ");\n};",
       "test.conf:2: \"extra\" must be a list of addresses"},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    dd_config *cfg = NULL;
    dd_diag diag = {{0}};
    cr_expect_eq(dd_config_load_string("test.conf", rows[i].text, &cfg, &diag),
                 DD_EPARSE, "%s", rows[i].text);
    cr_expect_null(cfg);
    cr_expect(strncmp(diag.message, rows[i].message, strlen(rows[i].message)) ==
                  0,
              "got \"%s\", expected \"%s...\"", diag.message, rows[i].message);
  }
}
