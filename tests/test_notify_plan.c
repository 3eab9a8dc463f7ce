/* The planning step of a reminder pass on its own, against a real SQLite
 * register: what is queued when a threshold is reached, that a second plan
 * queues nothing new, that a moved date is announced to whoever was told
 * the old one, that a done milestone stops what was waiting, that missed
 * days catch up with the most urgent reminder only, and that a visit with
 * nobody to tell is counted. Dates and thresholds: tests/notify_fixture.h. */
#include "notify_fixture.h"
#include "service/notify_plan.h"
#include "service/store_internal.h"

static void setup(void) { fx_setup("notify-plan"); }

TestSuite(notify_plan, .init = setup, .fini = fx_teardown);

/* One plan in its own transaction, as dd_notify_run makes it. */
static dd_notify_summary plan(const char *date, int hour, int minute) {
  dd_notify_summary sum = {0};
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_begin(fx_st, &diag), DD_OK, "%s", diag.message);
  int err =
      dd__notify_plan(fx_st, fx_planner, dd_config_reminders(fx_cfg), NULL,
                      fx_date(date), hour * 60 + minute, &sum, &diag);
  cr_assert_eq(err, DD_OK, "%s", diag.message);
  cr_assert_eq(dd_store_commit(fx_st, &diag), DD_OK, "%s", diag.message);
  return sum;
}

static void sent(long id) {
  cr_assert_eq(dd_ledger_sent(fx_st, id, "m@example.org", 250, NULL), DD_OK);
}

Test(notify_plan, before_the_first_threshold_nothing_is_queued) {
  fx_add_visit("V1", "2020-10-05", "insp@example.org", "rim@example.org");
  /* The report's before-5 is Monday 2020-10-05 at 08:00. */
  dd_notify_summary sum = plan("2020-10-05", 7, 59);
  struct fx_rows rows;
  cr_expect_str_eq(fx_ledger(NULL, &rows), "");
  cr_expect_eq(sum.visits, 1);
  cr_expect_eq(sum.queued, 0);
}

Test(notify_plan, a_threshold_reached_queues_one_message_for_whoever_acts) {
  fx_add_visit("V1", "2020-10-05", "insp@example.org", "rim@example.org");
  dd_notify_summary sum = plan("2020-10-05", 8, 0);
  struct fx_rows rows;
  cr_expect_str_eq(fx_ledger(NULL, &rows),
                   "V1/report/2020-10-12/before-5/insp@example.org:pending");
  cr_expect_eq(sum.visits, 1);
  cr_expect_eq(sum.queued, 1);
  cr_expect_eq(sum.changed, 0);
  cr_expect_eq(sum.unaddressed, 0);
}

Test(notify_plan, a_second_plan_the_same_day_queues_nothing_new) {
  fx_add_visit("V1", "2020-10-05", "insp@example.org", "rim@example.org");
  plan("2020-10-05", 8, 0);
  dd_notify_summary sum = plan("2020-10-05", 12, 0);
  struct fx_rows rows;
  cr_expect_str_eq(fx_ledger(NULL, &rows),
                   "V1/report/2020-10-12/before-5/insp@example.org:pending");
  cr_expect_eq(sum.queued, 0);
  cr_expect_eq(sum.superseded, 0);
}

Test(notify_plan, a_more_urgent_threshold_supersedes_the_one_still_waiting) {
  fx_add_visit("V1", "2020-10-05", "insp@example.org", "rim@example.org");
  plan("2020-10-05", 8, 0);
  /* Thursday: before-2. The Monday message was never sent. */
  dd_notify_summary sum = plan("2020-10-08", 8, 0);
  struct fx_rows rows;
  cr_expect_str_eq(fx_ledger(NULL, &rows),
                   "V1/report/2020-10-12/before-5/insp@example.org:superseded "
                   "V1/report/2020-10-12/before-2/insp@example.org:pending");
  cr_expect_eq(sum.queued, 1);
  cr_expect_eq(sum.superseded, 1);
}

Test(notify_plan, missed_days_catch_up_with_the_most_urgent_reminder_only) {
  fx_add_visit("V1", "2020-10-05", "insp@example.org", "rim@example.org");
  /* No pass ran all week: on Tuesday 13 the report is overdue (inspector
   * and RIM) and the review is at before-5 (Monday 12). */
  dd_notify_summary sum = plan("2020-10-13", 9, 0);
  struct fx_rows rows;
  cr_expect_str_eq(fx_ledger(NULL, &rows),
                   "V1/report/2020-10-12/overdue-1/insp@example.org:pending "
                   "V1/report/2020-10-12/overdue-1/rim@example.org:pending "
                   "V1/review/2020-10-19/before-5/rim@example.org:pending");
  cr_expect_eq(sum.queued, 3);
}

Test(notify_plan, a_moved_date_is_announced_to_whoever_was_told_the_old_one) {
  fx_add_visit("V1", "2020-10-05", "insp@example.org", "rim@example.org");
  plan("2020-10-08", 8, 0);
  struct fx_rows rows;
  fx_ledger(NULL, &rows);
  sent(rows.ids[0]);
  /* The visit is moved a day later: the report is due Tuesday 13, whose
   * before-2 (Friday 9) is reached. The inspector was told Monday 12. */
  dd_visit v =
      fx_visit("V1", "2020-10-06", "insp@example.org", "rim@example.org");
  cr_assert_eq(dd_store_visit_update(fx_st, &v, "test", "move", "", NULL),
               DD_OK);
  dd_notify_summary sum = plan("2020-10-09", 8, 0);
  cr_expect_str_eq(
      fx_ledger(NULL, &rows),
      "V1/report/2020-10-12/before-2/insp@example.org:sent "
      "V1/report/2020-10-13/changed<2020-10-12/insp@example.org:pending");
  cr_expect_eq(sum.queued, 1);
  cr_expect_eq(sum.changed, 1);
  /* The "changed" message stands for before-2 of the new date: nothing
   * more that day, and the next threshold (due) in its time. */
  sum = plan("2020-10-09", 15, 0);
  cr_expect_eq(sum.queued, 0);
  sum = plan("2020-10-13", 8, 0);
  /* The report's due, and the review's before-5 (due Tuesday 20). */
  cr_expect_eq(sum.queued, 2);
  cr_expect(strstr(fx_ledger("pending", &rows),
                   "V1/report/2020-10-13/due/insp@example.org:pending") !=
            NULL);
}

Test(notify_plan, a_moved_date_nobody_was_told_of_queues_no_change_message) {
  fx_add_visit("V1", "2020-10-05", "insp@example.org", "rim@example.org");
  plan("2020-10-08", 8, 0);
  dd_visit v =
      fx_visit("V1", "2020-10-06", "insp@example.org", "rim@example.org");
  cr_assert_eq(dd_store_visit_update(fx_st, &v, "test", "move", "", NULL),
               DD_OK);
  /* The queued message was never sent: it is superseded, and the new
   * date's own threshold queued instead. */
  dd_notify_summary sum = plan("2020-10-09", 8, 0);
  struct fx_rows rows;
  cr_expect_str_eq(fx_ledger(NULL, &rows),
                   "V1/report/2020-10-12/before-2/insp@example.org:superseded "
                   "V1/report/2020-10-13/before-2/insp@example.org:pending");
  cr_expect_eq(sum.changed, 0);
  cr_expect_eq(sum.superseded, 1);
}

Test(notify_plan, a_milestone_done_stops_what_was_waiting) {
  fx_add_visit("V1", "2020-10-05", "insp@example.org", "rim@example.org");
  plan("2020-10-08", 8, 0);
  fx_done("V1", "report", "2020-10-08");
  dd_notify_summary sum = plan("2020-10-08", 10, 0);
  struct fx_rows rows;
  cr_expect_str_eq(fx_ledger(NULL, &rows),
                   "V1/report/2020-10-12/before-2/insp@example.org:stopped");
  cr_expect_eq(sum.stopped, 1);
  cr_expect_eq(sum.queued, 0);
  /* And its mark is forgotten: nothing more is queued on its due day. */
  sum = plan("2020-10-12", 8, 0);
  cr_expect_str_eq(fx_ledger("pending", &rows),
                   "V1/review/2020-10-19/before-5/rim@example.org:pending");
}

Test(notify_plan, a_visit_with_nobody_to_tell_is_counted_not_skipped) {
  fx_add_visit("V1", "2020-10-05", "", "");
  dd_notify_summary sum = plan("2020-10-05", 8, 0);
  struct fx_rows rows;
  cr_expect_str_eq(fx_ledger(NULL, &rows), "");
  cr_expect_eq(sum.visits, 1);
  cr_expect_eq(sum.unaddressed, 1);
}

Test(notify_plan, each_visit_is_planned_beside_its_own_marks) {
  /* Visits are walked in id order beside the marks: V2's marks must not
   * be taken for V1's, nor V1's skipped when V2 has none. */
  fx_add_visit("V1", "2020-10-05", "one@example.org", "rim@example.org");
  fx_add_visit("V2", "2020-10-06", "two@example.org", "rim@example.org");
  plan("2020-10-06", 8, 0);
  struct fx_rows rows;
  cr_expect_str_eq(fx_ledger(NULL, &rows),
                   "V1/report/2020-10-12/before-5/one@example.org:pending "
                   "V2/report/2020-10-13/before-5/two@example.org:pending");
  dd_notify_summary sum = plan("2020-10-06", 9, 0);
  cr_expect_eq(sum.visits, 2);
  cr_expect_eq(sum.queued, 0);
}

/* ---- each visit's reminders follow its own division's calendar ---------- */

static void add_visit_in(const char *id, const char *start,
                         const char *division) {
  dd_visit v = fx_visit(id, start, "insp@example.org", "rim@example.org");
  v.division = (char *)division;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_visit_add(fx_st, &v, "test", &diag), DD_OK, "%s",
               diag.message);
}

/* A dry run of the whole pass (notify.c), as of London date at 08:00. */
static dd_notify_summary dry_pass(const char *date) {
  dd_notify_options opt = {
      .now = fx_at(date, 8, 0), .dry_run = true, .cfg = fx_cfg};
  dd_notify_summary sum;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_notify_run(fx_st, fx_planner, &opt, &sum, &diag), DD_OK, "%s",
               diag.message);
  return sum;
}

Test(notify_plan,
     a_scottish_deadline_on_easter_monday_is_due_that_day_not_overdue_after) {
  /* Easter Monday 2021-04-05 is a bank holiday in England and Wales only.
   * A Scottish visit on site Friday 2021-03-26 has its report due 5
   * Scottish working days later (Good Friday 2 April skipped): Monday 5. */
  add_visit_in("S1", "2021-03-26", "scotland");
  dd_notify_summary sum = plan("2021-04-05", 8, 0);
  struct fx_rows rows;
  cr_expect(strstr(fx_ledger(NULL, &rows),
                   "S1/report/2021-04-05/due/insp@example.org:pending") != NULL,
            "%s", rows.text);
  cr_expect(strstr(rows.text, "overdue") == NULL, "%s", rows.text);
  cr_expect_eq(sum.visits, 1);
}

Test(notify_plan,
     an_england_and_wales_visit_is_not_reminded_on_its_own_bank_holiday) {
  /* The same dates in England and Wales: the report is due Tuesday 6 (Good
   * Friday and Easter Monday skipped), its before-2 Wednesday 31 March.
   * No pass ran since: on Easter Monday nothing is queued for it, not even
   * the catch-up; on Tuesday its "due today" is. */
  add_visit_in("E1", "2021-03-26", "england-and-wales");
  dd_notify_summary sum = plan("2021-04-05", 8, 0);
  struct fx_rows rows;
  cr_expect_str_eq(fx_ledger(NULL, &rows), "");
  cr_expect_eq(sum.queued, 0);
  sum = plan("2021-04-06", 8, 0);
  cr_expect(strstr(fx_ledger(NULL, &rows),
                   "E1/report/2021-04-06/due/insp@example.org:pending") != NULL,
            "%s", rows.text);
}

Test(notify_plan, a_pass_runs_on_a_day_that_is_working_in_any_division) {
  add_visit_in("E1", "2021-03-26", "england-and-wales");
  /* Easter Monday: working in Scotland, so the pass runs (the
   * configuration's calendar is England and Wales'), and the England and
   * Wales visit is planned but nothing of it is queued. */
  dd_notify_summary sum = dry_pass("2021-04-05");
  cr_expect(sum.in_hours);
  cr_expect_eq(sum.visits, 1);
  cr_expect_eq(sum.queued, 0);
  /* Good Friday is a holiday everywhere: no pass, and the next one is on
   * Easter Monday at 08:00 (Scotland's working day), not on Tuesday. */
  sum = dry_pass("2021-04-02");
  cr_expect_not(sum.in_hours);
  cr_expect_eq(sum.next_window, fx_at("2021-04-05", 8, 0));
}

Test(notify_plan, a_scottish_visit_is_sent_its_due_today_on_easter_monday) {
  add_visit_in("S1", "2021-03-26", "scotland");
  dd_notify_summary sum = dry_pass("2021-04-05");
  cr_expect(sum.in_hours);
  /* The report's "due" (inspector) and the review's before-5 (due Monday
   * 12 April; RIM), as a dry run shows them. */
  cr_expect_eq(sum.queued, 2);
  cr_expect_eq(sum.would_send, 2);
}

/* ---- why a date moved -----------------------------------------------------
 */

/* The reason kept with the newest "changed" row. */
static void expect_changed_reason(const char *want) {
  struct fx_rows rows;
  fx_ledger(NULL, &rows);
  for (size_t i = rows.n; i-- > 0;) {
    dd_reminder r = fx_row(rows.ids[i]);
    bool changed = strcmp(r.threshold, "changed") == 0;
    if (changed)
      cr_expect_str_eq(r.reason, want);
    dd_reminder_clear(&r);
    if (changed)
      return;
  }
  cr_assert_fail("no changed row: %s", rows.text);
}

Test(notify_plan, a_date_moved_by_editing_the_visit_says_so) {
  fx_add_visit("V1", "2020-10-05", "insp@example.org", "rim@example.org");
  plan("2020-10-08", 8, 0);
  struct fx_rows rows;
  fx_ledger(NULL, &rows);
  sent(rows.ids[0]);
  dd_visit v =
      fx_visit("V1", "2020-10-06", "insp@example.org", "rim@example.org");
  cr_assert_eq(dd_store_visit_update(fx_st, &v, "test", "move", "", NULL),
               DD_OK);
  cr_expect_eq(plan("2020-10-09", 8, 0).changed, 1);
  expect_changed_reason("the visit was edited");
}

Test(notify_plan, a_date_moved_by_a_proclaimed_bank_holiday_names_it) {
  fx_add_visit("V1", "2020-10-05", "insp@example.org", "rim@example.org");
  plan("2020-10-08", 8, 0);
  struct fx_rows rows;
  fx_ledger(NULL, &rows);
  sent(rows.ids[0]);
  /* Friday 9 October 2020 proclaimed a bank holiday: the report, due
   * Monday 12, is due Tuesday 13. Nothing is planned on the holiday. */
  char cmd[1024], dir[128];
  snprintf(dir, sizeof dir, "%s/hol", fx_dir);
  snprintf(cmd, sizeof cmd,
           "mkdir '%s' && cp '%s'/*.conf '%s' && sed -i 's|^one_offs = (|"
           "one_offs = (\\n  { date = \"2020-10-09\"; title = \"Test "
           "proclamation\"; },|' '%s/england-and-wales.conf'",
           dir, HOLIDAYS_DIR, dir, dir);
  cr_assert_eq(system(cmd), 0);
  dd_planner_free(fx_planner);
  fx_planner = NULL;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_planner_new(fx_cfg, dir, &fx_planner, &diag), DD_OK, "%s",
               diag.message);
  cr_expect_eq(plan("2020-10-09", 8, 0).queued, 0);
  dd_notify_summary sum = plan("2020-10-12", 8, 0);
  cr_expect_eq(sum.changed, 1);
  cr_expect(strstr(fx_ledger(NULL, &rows),
                   "V1/report/2020-10-13/changed<2020-10-12/"
                   "insp@example.org:pending") != NULL,
            "%s", rows.text);
  expect_changed_reason(
      "Friday 9 October 2020 is now a bank holiday (Test proclamation)");
  /* Once told, not again. */
  fx_ledger("pending", &rows);
  sent(rows.ids[rows.n - 1]);
  cr_expect_eq(plan("2020-10-12", 9, 0).changed, 0);
}

Test(notify_plan, a_reminder_queued_before_the_basis_was_kept_has_no_reason) {
  /* A row from before schema 10 has no basis: the change is announced,
   * without a cause rather than a wrong one. */
  fx_add_visit("V1", "2020-10-05", "insp@example.org", "rim@example.org");
  plan("2020-10-08", 8, 0);
  struct fx_rows rows;
  fx_ledger(NULL, &rows);
  sent(rows.ids[0]);
  cr_assert_eq(dd__store_exec(fx_st, "UPDATE reminders SET basis = ''", NULL),
               DD_OK);
  dd_visit v =
      fx_visit("V1", "2020-10-06", "insp@example.org", "rim@example.org");
  cr_assert_eq(dd_store_visit_update(fx_st, &v, "test", "move", "", NULL),
               DD_OK);
  cr_expect_eq(plan("2020-10-09", 8, 0).changed, 1);
  expect_changed_reason("");
}

Test(notify_plan, a_date_moved_by_a_record_names_it) {
  /* The review counted from the report (5 working days after it): a report
   * recorded late moves the review. */
  static const char text[] =
      "visit_types = ( {\n"
      "  id = \"t\"; title = \"Test visit\"; days_on_site = 1;\n"
      "  rule_sets = ( { effective = \"2020-01-01\"; milestones = (\n"
      "    { id = \"report\"; title = \"Report sent\"; anchor = \"visit.end\";"
      " offset = 5; who = \"inspector\"; summary = \"Send report\"; },\n"
      "    { id = \"review\"; title = \"Case review\"; anchor = \"report\";"
      " offset = 5; who = \"RIM\"; summary = \"Review\"; }\n"
      "  ); } );\n"
      "} );\n";
  dd_planner_free(fx_planner);
  dd_config_free(fx_cfg);
  fx_planner = NULL;
  fx_cfg = NULL;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_config_load_string("test.conf", text, &fx_cfg, &diag), DD_OK,
               "%s", diag.message);
  cr_assert_eq(dd_planner_new(fx_cfg, HOLIDAYS_DIR, &fx_planner, &diag), DD_OK,
               "%s", diag.message);
  fx_add_visit("V1", "2020-10-05", "insp@example.org", "rim@example.org");
  /* Monday 12: the report is due, the review (Monday 19) at before-5. */
  plan("2020-10-12", 8, 0);
  struct fx_rows rows;
  fx_ledger(NULL, &rows);
  for (size_t i = 0; i < rows.n; i++)
    sent(rows.ids[i]);
  cr_expect(strstr(rows.text,
                   "V1/review/2020-10-19/before-5/rim@example.org") != NULL,
            "%s", rows.text);
  fx_done("V1", "report", "2020-10-14");
  dd_notify_summary sum = plan("2020-10-15", 8, 0);
  cr_expect_eq(sum.changed, 1);
  cr_expect(strstr(fx_ledger(NULL, &rows),
                   "V1/review/2020-10-21/changed<2020-10-19/"
                   "rim@example.org:pending") != NULL,
            "%s", rows.text);
  expect_changed_reason(
      "\"Report sent\" was recorded (Wednesday 14 October 2020)");
}
