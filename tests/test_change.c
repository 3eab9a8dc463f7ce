/* Recording and undoing on a real register with the shipped rules: the
 * dates a change moves, the audit row that names them, an undo that
 * restores the schedule as it was, and changes the rules refuse leaving
 * nothing written. The visit is the README's: an assurance visit on site
 * Mon 2020-09-21 and Tue 2020-09-22, whose draft is due Fri 2020-10-16
 * and the provider's comments 5 working days after the draft goes. */
#include "dueday/change.h"
#include "register_fixture.h"

#include <criterion/criterion.h>
#include <string.h>

TestSuite(change, .init = register_setup, .fini = register_teardown);

#define VISIT "SC123456-2020-09"

static void add_visit(const char *id, dd_visit_status status) {
  dd_visit v = {.id = (char *)id,
                .type = "assurance",
                .name = "Sunny Home",
                .urn = "SC123456",
                .setting = "",
                .local_authority = "",
                .region = "North West",
                .division = "england-and-wales",
                .inspector = "i@example.org",
                .rim = "r@example.org",
                .start = D("2020-09-21"),
                .days_on_site = 2,
                .status = status};
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_begin(reg, &diag), DD_OK);
  cr_assert_eq(dd_store_visit_add(reg, &v, "test", &diag), DD_OK, "%s",
               diag.message);
  cr_assert_eq(dd_store_commit(reg, &diag), DD_OK);
}

static dd_recorded event(const char *what, const char *on) {
  return (dd_recorded){
      .what = (char *)what, .date = D(on), .time = -1, .by = "", .note = ""};
}

static int audit_rows(void) {
  int n = -1;
  cr_assert_eq(dd_store_audit_count(reg, NULL, &n, NULL), DD_OK);
  return n;
}

static size_t events_of(const char *id) {
  dd_visit v;
  dd_recorded *ev;
  size_t n;
  cr_assert_eq(dd_store_visit_get(reg, id, &v, &ev, &n, NULL), DD_OK);
  dd_visit_clear(&v);
  dd_recorded_list_free(ev, n);
  return n;
}

/* The newest audit row of a visit. */
struct newest {
  long id;
  char action[32], actor[64], detail[512];
};

static int take_newest(const dd_audit_entry *a, void *arg) {
  struct newest *n = arg;
  n->id = a->id;
  snprintf(n->action, sizeof n->action, "%s", a->action);
  snprintf(n->actor, sizeof n->actor, "%s", a->actor);
  snprintf(n->detail, sizeof n->detail, "%s", a->detail);
  return 1; /* the first is the newest: stop */
}

static struct newest newest_audit(const char *id) {
  struct newest n = {0};
  cr_assert_eq(dd_store_audit_each(reg, id, take_newest, &n, NULL), 1);
  return n;
}

static dd_date due_of(const dd_schedule *s, const char *id) {
  const dd_milestone *m = dd_schedule_find(s, id);
  cr_assert_not_null(m, "%s", id);
  return m->due;
}

static int record(const char *id, const char *what, const char *on,
                  const char *today, dd_change *c, dd_diag *diag) {
  dd_recorded ev = event(what, on);
  return dd_change_record(reg, planner, id, &ev, "jo@example.org", D(today), c,
                          diag);
}

Test(change, a_late_draft_moves_the_comments_and_the_audit_row_says_so) {
  add_visit(VISIT, DD_VISIT_PLANNED);
  dd_change c;
  dd_diag diag = {{0}};
  cr_assert_eq(
      record(VISIT, "draft-sent", "2020-10-20", "2020-10-21", &c, &diag), DD_OK,
      "%s", diag.message);
  cr_assert_eq(due_of(&c.before, "provider-comments"), D("2020-10-23"));
  cr_assert_eq(due_of(&c.after, "provider-comments"), D("2020-10-27"));
  const dd_milestone *draft = dd_schedule_find(&c.after, "draft-sent");
  cr_assert_eq(draft->status, DD_STATUS_DONE);
  cr_assert_eq(draft->done, D("2020-10-20"));
  cr_assert_eq(c.nmoved, 1);
  cr_assert_str_eq(c.moved[0].rule->id, "provider-comments");
  cr_assert_eq(c.moved[0].before, D("2020-10-23"));
  cr_assert_eq(c.moved[0].after, D("2020-10-27"));
  struct newest a = newest_audit(VISIT);
  cr_assert_eq(a.id, c.audit_id);
  cr_assert_str_eq(a.action, "record");
  cr_assert_str_eq(a.actor, "jo@example.org");
  cr_assert_str_eq(a.detail, "draft-sent on 2020-10-20; provider-comments "
                             "2020-10-23 -> 2020-10-27");
  cr_assert_eq(events_of(VISIT), 1);
  dd_change_clear(&c);
  cr_assert_null(c.moved);
  cr_assert_eq(c.nmoved, 0);
  dd_change_clear(NULL);
}

Test(change, concerns_found_names_the_milestones_that_now_apply) {
  add_visit(VISIT, DD_VISIT_PLANNED);
  dd_change c;
  dd_diag diag = {{0}};
  cr_assert_eq(
      record(VISIT, "concerns-found", "2020-09-22", "2020-09-23", &c, &diag),
      DD_OK, "%s", diag.message);
  struct newest a = newest_audit(VISIT);
  cr_assert_str_eq(a.detail, "concerns-found on 2020-09-22; dcs-email none -> "
                             "2020-09-23, case-review none -> 2020-09-29, "
                             "monitoring-visit none -> 2020-11-17");
  cr_assert_eq(c.nmoved, 3);
  cr_assert_eq(c.moved[0].before, 0);
  dd_change_clear(&c);
}

Test(change, undo_restores_the_schedule_as_it_was_and_is_audited) {
  add_visit(VISIT, DD_VISIT_PLANNED);
  dd_change first, c;
  dd_diag diag = {{0}};
  cr_assert_eq(
      record(VISIT, "draft-sent", "2020-10-20", "2020-10-21", &first, &diag),
      DD_OK, "%s", diag.message);
  int before = audit_rows();
  cr_assert_eq(dd_change_undo(reg, planner, VISIT, "draft-sent",
                              "al@example.org", D("2020-10-21"), &c, &diag),
               DD_OK, "%s", diag.message);
  cr_assert_eq(audit_rows(), before + 1);
  cr_assert_eq(events_of(VISIT), 0);
  /* Every milestone is where it was before the record, and so is its
   * status. */
  cr_assert_eq(c.after.n, first.before.n);
  for (size_t i = 0; i < c.after.n; i++) {
    cr_assert_eq(c.after.items[i].due, first.before.items[i].due, "%s",
                 c.after.items[i].rule->id);
    cr_assert_eq(c.after.items[i].status, first.before.items[i].status, "%s",
                 c.after.items[i].rule->id);
  }
  cr_assert_eq(c.nmoved, 1);
  cr_assert_eq(c.moved[0].before, D("2020-10-27"));
  cr_assert_eq(c.moved[0].after, D("2020-10-23"));
  struct newest a = newest_audit(VISIT);
  cr_assert_eq(a.id, c.audit_id);
  cr_assert_gt(c.audit_id, first.audit_id);
  cr_assert_str_eq(a.action, "undo");
  cr_assert_str_eq(a.actor, "al@example.org");
  cr_assert_str_eq(a.detail, "draft-sent on 2020-10-20; provider-comments "
                             "2020-10-27 -> 2020-10-23");
  dd_change_clear(&first);
  dd_change_clear(&c);
}

Test(change, undo_of_a_second_record_goes_back_to_the_first) {
  add_visit(VISIT, DD_VISIT_PLANNED);
  dd_change c;
  dd_diag diag = {{0}};
  cr_assert_eq(
      record(VISIT, "draft-sent", "2020-10-20", "2020-10-21", &c, &diag),
      DD_OK);
  dd_change_clear(&c);
  cr_assert_eq(
      record(VISIT, "draft-sent", "2020-10-22", "2020-10-22", &c, &diag),
      DD_OK);
  cr_assert_eq(due_of(&c.after, "provider-comments"), D("2020-10-29"));
  dd_change_clear(&c);
  cr_assert_eq(dd_change_undo(reg, planner, VISIT, "draft-sent", "al",
                              D("2020-10-22"), &c, &diag),
               DD_OK, "%s", diag.message);
  cr_assert_eq(dd_schedule_find(&c.after, "draft-sent")->done, D("2020-10-20"));
  cr_assert_eq(due_of(&c.after, "provider-comments"), D("2020-10-27"));
  cr_assert_str_eq(newest_audit(VISIT).detail,
                   "draft-sent on 2020-10-22; provider-comments 2020-10-29 "
                   "-> 2020-10-27");
  dd_change_clear(&c);
}

/* Asserts that a refused change wrote nothing and left c empty. */
static void nothing_written(int audits, size_t events, const dd_change *c) {
  cr_assert_eq(audit_rows(), audits);
  cr_assert_eq(events_of(VISIT), events);
  cr_assert_eq(c->after.n, 0);
  cr_assert_eq(c->before.n, 0);
  cr_assert_null(c->moved);
  cr_assert_eq(c->nmoved, 0);
}

Test(change, an_unknown_milestone_is_refused_and_nothing_written) {
  add_visit(VISIT, DD_VISIT_PLANNED);
  int audits = audit_rows();
  dd_change c;
  dd_diag diag = {{0}};
  cr_assert_eq(
      record(VISIT, "draft-snet", "2020-10-20", "2020-10-21", &c, &diag),
      DD_EINVAL);
  cr_assert_str_eq(diag.message, VISIT ": unknown milestone or event "
                                       "\"draft-snet\" for the assurance "
                                       "visit type");
  nothing_written(audits, 0, &c);
}

Test(change, a_record_before_what_it_is_counted_from_is_refused) {
  add_visit(VISIT, DD_VISIT_PLANNED);
  dd_change c;
  dd_diag diag = {{0}};
  cr_assert_eq(
      record(VISIT, "draft-sent", "2020-10-20", "2020-10-21", &c, &diag),
      DD_OK);
  dd_change_clear(&c);
  int audits = audit_rows();
  cr_assert_eq(
      record(VISIT, "provider-comments", "2020-10-19", "2020-10-21", &c, &diag),
      DD_EINVAL);
  cr_assert_str_eq(diag.message,
                   VISIT ": provider-comments recorded on 2020-10-19, before "
                         "draft-sent (2020-10-20)");
  nothing_written(audits, 1, &c);
}

Test(change, a_missing_or_cancelled_visit_is_refused_and_nothing_written) {
  add_visit(VISIT, DD_VISIT_CANCELLED);
  int audits = audit_rows();
  dd_change c;
  dd_diag diag = {{0}};
  cr_assert_eq(
      record("NOPE", "draft-sent", "2020-10-20", "2020-10-21", &c, &diag),
      DD_ENOTFOUND);
  cr_assert_str_eq(diag.message, "no visit NOPE in the register");
  cr_assert_eq(
      record(VISIT, "draft-sent", "2020-10-20", "2020-10-21", &c, &diag),
      DD_EINVAL);
  cr_assert_str_eq(diag.message, VISIT " is cancelled");
  cr_assert_eq(dd_change_undo(reg, planner, VISIT, "draft-sent", "al",
                              D("2020-10-21"), &c, &diag),
               DD_EINVAL);
  nothing_written(audits, 0, &c);
  /* The register is free for the next writer: nothing was left open. */
  cr_assert_eq(dd_store_begin(reg, &diag), DD_OK, "%s", diag.message);
  dd_store_rollback(reg);
}

Test(change, undo_with_nothing_recorded_is_not_found_and_nothing_written) {
  add_visit(VISIT, DD_VISIT_PLANNED);
  dd_change c;
  dd_diag diag = {{0}};
  cr_assert_eq(
      record(VISIT, "draft-sent", "2020-10-20", "2020-10-21", &c, &diag),
      DD_OK);
  dd_change_clear(&c);
  int audits = audit_rows();
  cr_assert_eq(dd_change_undo(reg, planner, VISIT, "final-sent", "al",
                              D("2020-10-21"), &c, &diag),
               DD_ENOTFOUND);
  cr_assert_str_eq(diag.message, "visit " VISIT " has no record of final-sent");
  nothing_written(audits, 1, &c);
}

Test(change, an_undo_that_leaves_a_later_record_out_of_order_is_refused) {
  add_visit(VISIT, DD_VISIT_PLANNED);
  dd_change c;
  dd_diag diag = {{0}};
  /* The draft went early and the comments came back before the draft's
   * due day: without the draft's record they would come before it. */
  cr_assert_eq(
      record(VISIT, "draft-sent", "2020-10-01", "2020-10-05", &c, &diag), DD_OK,
      "%s", diag.message);
  dd_change_clear(&c);
  cr_assert_eq(
      record(VISIT, "provider-comments", "2020-10-05", "2020-10-05", &c, &diag),
      DD_OK, "%s", diag.message);
  dd_change_clear(&c);
  int audits = audit_rows();
  cr_assert_eq(dd_change_undo(reg, planner, VISIT, "draft-sent", "al",
                              D("2020-10-05"), &c, &diag),
               DD_EINVAL);
  cr_assert_str_eq(diag.message, VISIT ": provider-comments cannot be "
                                       "recorded before draft-sent, which it "
                                       "is counted from");
  nothing_written(audits, 2, &c);
  /* The later record can go first, and then the draft's. */
  cr_assert_eq(dd_change_undo(reg, planner, VISIT, "provider-comments", "al",
                              D("2020-10-05"), &c, &diag),
               DD_OK, "%s", diag.message);
  dd_change_clear(&c);
  cr_assert_eq(dd_change_undo(reg, planner, VISIT, "draft-sent", "al",
                              D("2020-10-05"), &c, &diag),
               DD_OK, "%s", diag.message);
  dd_change_clear(&c);
}

Test(change, an_old_record_the_rules_no_longer_know_does_not_stop_a_new_one) {
  add_visit(VISIT, DD_VISIT_PLANNED);
  /* Written as an older configuration allowed: the rules in force know no
   * "case-audit". */
  dd_recorded old = event("case-audit", "2020-09-30");
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_begin(reg, &diag), DD_OK);
  cr_assert_eq(dd_store_event_add(reg, VISIT, &old, "test", &diag), DD_OK);
  cr_assert_eq(dd_store_commit(reg, &diag), DD_OK);
  dd_change c;
  cr_assert_eq(
      record(VISIT, "draft-sent", "2020-10-20", "2020-10-21", &c, &diag), DD_OK,
      "%s", diag.message);
  cr_assert_neq(c.after.warnings & DD_SCHEDULE_WARN_EVENT, 0);
  dd_change_clear(&c);
  /* A new unknown one is refused by name all the same. */
  int audits = audit_rows();
  cr_assert_eq(
      record(VISIT, "case-audit2", "2020-10-20", "2020-10-21", &c, &diag),
      DD_EINVAL);
  cr_assert_str_eq(diag.message, VISIT ": unknown milestone or event "
                                       "\"case-audit2\" for the assurance "
                                       "visit type");
  nothing_written(audits, 2, &c);
}

/* ---- issue 12: a second record, edits, deletion ------------------------- */

Test(change, a_second_record_of_a_milestone_is_refused_unless_it_replaces) {
  add_visit(VISIT, DD_VISIT_PLANNED);
  dd_change c;
  dd_diag diag = {{0}};
  cr_assert_eq(
      record(VISIT, "draft-sent", "2020-10-20", "2020-10-21", &c, &diag), DD_OK,
      "%s", diag.message);
  dd_change_clear(&c);
  int audits = audit_rows();
  dd_recorded again = event("draft-sent", "2020-10-22");
  again.by = "bo";
  cr_assert_eq(dd_change_record_as(reg, planner, VISIT, &again, "jo",
                                   D("2020-10-22"), 0, &c, &diag),
               DD_ECONFLICT);
  cr_assert_str_eq(diag.message, "draft-sent already recorded on 2020-10-20; "
                                 "use --replace to record 2020-10-22 in its "
                                 "place");
  cr_assert_eq(audit_rows(), audits);
  cr_assert_eq(events_of(VISIT), 1);
  /* Replacing: the new one counts, the earlier is kept. */
  cr_assert_eq(dd_change_record_as(reg, planner, VISIT, &again, "jo",
                                   D("2020-10-22"), DD_CHANGE_REPLACE, &c,
                                   &diag),
               DD_OK, "%s", diag.message);
  cr_assert_eq(due_of(&c.after, "provider-comments"), D("2020-10-29"));
  dd_change_clear(&c);
  cr_assert_eq(events_of(VISIT), 2);
  /* Events repeat without it. */
  dd_recorded complaint = event("complaint-received", "2020-10-23");
  for (int i = 0; i < 2; i++) {
    cr_assert_eq(dd_change_record_as(reg, planner, VISIT, &complaint, "jo",
                                     D("2020-10-23"), 0, &c, &diag),
                 DD_OK, "%s", diag.message);
    dd_change_clear(&c);
  }
  cr_assert_eq(events_of(VISIT), 4);
}

Test(change, an_edit_replans_keeps_the_records_and_audits_each_field) {
  add_visit(VISIT, DD_VISIT_PLANNED);
  dd_change c;
  dd_diag diag = {{0}};
  cr_assert_eq(
      record(VISIT, "draft-sent", "2020-10-20", "2020-10-21", &c, &diag), DD_OK,
      "%s", diag.message);
  dd_change_clear(&c);
  dd_visit v;
  cr_assert_eq(dd_store_visit_get(reg, VISIT, &v, NULL, NULL, NULL), DD_OK);
  dd_visit edited = v;
  edited.region = "London";
  edited.start = D("2020-09-28");
  cr_assert_eq(dd_visit_diff(&v, &edited), 2);
  cr_assert_eq(
      dd_change_edit(reg, planner, &edited, "jo", D("2020-10-21"), &c, &diag),
      DD_OK, "%s", diag.message);
  /* Planned from the new start; the draft's record still counts. */
  cr_assert_eq(due_of(&c.after, "draft-sent"), D("2020-10-23"));
  cr_assert_eq(due_of(&c.after, "provider-comments"), D("2020-10-27"));
  struct newest a = newest_audit(VISIT);
  cr_assert_eq(a.id, c.audit_id);
  cr_assert_str_eq(a.action, "edit");
  cr_assert(strncmp(a.detail,
                    "region \"North West\" -> \"London\"; start 2020-09-21 -> "
                    "2020-09-28; moved: announcement 2020-09-21 -> 2020-09-28",
                    96) == 0,
            "%s", a.detail);
  dd_change_clear(&c);
  dd_visit now;
  cr_assert_eq(dd_store_visit_get(reg, VISIT, &now, NULL, NULL, NULL), DD_OK);
  cr_assert_str_eq(now.region, "London");
  cr_assert_eq(now.start, D("2020-09-28"));
  cr_assert_eq(events_of(VISIT), 1);
  /* The same again writes nothing. */
  int audits = audit_rows();
  cr_assert_eq(
      dd_change_edit(reg, planner, &now, "jo", D("2020-10-21"), &c, &diag),
      DD_OK, "%s", diag.message);
  cr_assert_eq(c.audit_id, 0);
  cr_assert_eq(audit_rows(), audits);
  dd_change_clear(&c);
  /* A start the rules refuse writes nothing. */
  edited = now;
  edited.start = D("2020-12-25");
  cr_assert_eq(
      dd_change_edit(reg, planner, &edited, "jo", D("2020-10-21"), &c, &diag),
      DD_EINVAL);
  cr_assert(strstr(diag.message, "Christmas Day") != NULL, "%s", diag.message);
  cr_assert_eq(audit_rows(), audits);
  dd_visit_clear(&now);
  dd_visit_clear(&v);
}

static int count_visit(const dd_visit *v, const dd_recorded *e, size_t n,
                       void *arg) {
  (void)v, (void)e, (void)n;
  ++*(int *)arg;
  return 0;
}

Test(change, a_deleted_visit_is_gone_but_for_the_feed_and_its_history) {
  add_visit(VISIT, DD_VISIT_PLANNED);
  add_visit("OTHER", DD_VISIT_PLANNED);
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_begin(reg, &diag), DD_OK);
  cr_assert_eq(dd_store_visit_delete(reg, VISIT, "jo", &diag), DD_OK, "%s",
               diag.message);
  cr_assert_eq(dd_store_commit(reg, &diag), DD_OK);
  dd_visit v;
  cr_assert_eq(dd_store_visit_get(reg, VISIT, &v, NULL, NULL, &diag),
               DD_ENOTFOUND);
  cr_assert(strstr(diag.message, "was deleted from the register on ") != NULL,
            "%s", diag.message);
  dd_visit_deletion gone;
  cr_assert_eq(dd_store_visit_deleted(reg, VISIT, &gone, NULL), DD_OK);
  cr_assert_str_eq(gone.by, "jo");
  cr_assert_eq(dd_store_visit_deleted(reg, "OTHER", &gone, NULL), DD_ENOTFOUND);
  int n = 0, all = 0;
  cr_assert_eq(dd_store_visits_each(reg, NULL, count_visit, &n, NULL), DD_OK);
  cr_assert_eq(dd_store_visits_walk(reg, NULL, DD_STORE_WITH_DELETED,
                                    count_visit, &all, NULL),
               DD_OK);
  cr_assert_eq(n, 1);
  cr_assert_eq(all, 2);
  struct newest a = newest_audit(VISIT);
  cr_assert_str_eq(a.action, "delete");
  cr_assert_str_eq(a.detail, "status planned -> deleted");
  /* Not twice, not recorded against, not its id again. */
  cr_assert_eq(dd_store_begin(reg, &diag), DD_OK);
  cr_assert_eq(dd_store_visit_delete(reg, VISIT, "jo", &diag), DD_ENOTFOUND);
  dd_store_rollback(reg);
  dd_change c;
  cr_assert_eq(
      record(VISIT, "draft-sent", "2020-10-20", "2020-10-21", &c, &diag),
      DD_ENOTFOUND);
  dd_visit again = {.id = VISIT,
                    .type = "assurance",
                    .name = "X",
                    .urn = "",
                    .setting = "",
                    .local_authority = "",
                    .region = "",
                    .division = "england-and-wales",
                    .inspector = "",
                    .rim = "",
                    .start = D("2020-09-21"),
                    .days_on_site = 2};
  cr_assert_eq(dd_store_begin(reg, &diag), DD_OK);
  cr_assert_eq(dd_store_visit_add(reg, &again, "jo", &diag), DD_ECONFLICT);
  dd_store_rollback(reg);
}

Test(change, a_deleted_visit_is_published_cancelled_in_its_feed) {
  add_visit(VISIT, DD_VISIT_PLANNED);
  size_t before, after;
  char *text = build(DD_SCOPE_REGION, "North West", "2020-10-21", &before);
  cr_assert_null(strstr(text, "STATUS:CANCELLED"));
  free(text);
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_begin(reg, &diag), DD_OK);
  cr_assert_eq(dd_store_visit_delete(reg, VISIT, "jo", &diag), DD_OK);
  cr_assert_eq(dd_store_commit(reg, &diag), DD_OK);
  text = build(DD_SCOPE_REGION, "North West", "2020-10-21", &after);
  /* Every event published before is there, cancelled. */
  cr_assert_eq(after, before);
  size_t cancelled = 0;
  for (const char *p = text; (p = strstr(p, "STATUS:CANCELLED")) != NULL; p++)
    cancelled++;
  cr_assert_eq(cancelled, before);
  free(text);
}
