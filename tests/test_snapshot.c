/* The planned register the deadlines page filters (src/web/snapshot.c):
 * its rows are what the planner gives, and it is planned again exactly
 * when the register, the day or the planner changes. */
#include "register_fixture.h"

#include "web/snapshot.h"

TestSuite(snapshot, .init = register_setup, .fini = register_teardown);

static void add_visit(dd_store *st, const char *id, const char *start) {
  dd_visit v = {.id = (char *)id,
                .type = "assurance",
                .name = "Sunny Home",
                .urn = "SC123456",
                .setting = "",
                .local_authority = "",
                .region = "London",
                .division = "england-and-wales",
                .inspector = "i@example.org",
                .rim = "r@example.org",
                .start = D(start),
                .days_on_site = 2,
                .status = DD_VISIT_PLANNED};
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_visit_add(st, &v, "test", &diag), DD_OK, "%s",
               diag.message);
}

static size_t planned(dd__web_snapshot *s, dd_date today,
                      const dd__web_planned **out) {
  size_t n;
  dd_diag diag = {{0}};
  cr_assert_eq(dd__web_snapshot_get(s, reg, planner, today, out, &n, &diag),
               DD_OK, "%s", diag.message);
  return n;
}

Test(snapshot, rows_are_the_planners) {
  add_visit(reg, "B-1", "2020-10-01");
  add_visit(reg, "A-1", "2020-12-01");
  dd__web_snapshot *s = dd__web_snapshot_new();
  const dd__web_planned *pv;
  cr_assert_eq(planned(s, D("2020-12-14"), &pv), 2);
  cr_assert_str_eq(pv[0].visit.id, "A-1"); /* ordered by id */
  cr_assert_str_eq(pv[1].visit.id, "B-1");
  for (size_t k = 0; k < 2; k++) {
    dd_visit v;
    dd_diag diag = {{0}};
    cr_assert_eq(dd_store_visit_get(reg, pv[k].visit.id, &v, NULL, NULL, &diag),
                 DD_OK);
    dd_schedule sched;
    cr_assert_eq(dd_planner_schedule_brief(planner, &v, NULL, 0,
                                           D("2020-12-14"), &sched, &diag),
                 DD_OK);
    cr_assert(pv[k].planned);
    cr_assert_eq(pv[k].nrows, sched.n);
    for (size_t i = 0; i < sched.n; i++) {
      cr_assert_eq(pv[k].rows[i].rule, sched.items[i].rule);
      cr_assert_eq(pv[k].rows[i].due, sched.items[i].due);
      cr_assert_eq(pv[k].rows[i].status, (unsigned char)sched.items[i].status);
      cr_assert_eq(pv[k].rows[i].days_off, sched.items[i].days_off);
    }
    cr_assert_str_eq(pv[k].visit.region, "London");
    dd_schedule_clear(&sched);
    dd_visit_clear(&v);
  }
  dd__web_snapshot_free(s);
}

Test(snapshot, planned_again_when_the_register_or_day_changes) {
  add_visit(reg, "A-1", "2020-12-01");
  dd__web_snapshot *s = dd__web_snapshot_new();
  const dd__web_planned *pv;
  cr_assert_eq(planned(s, D("2020-12-14"), &pv), 1);
  /* Another connection's write moves data_version: seen at once. */
  dd_store *other;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_open(dd_store_path(reg), DD_STORE_WRITE, &other, &diag),
               DD_OK, "%s", diag.message);
  add_visit(other, "B-1", "2020-12-02");
  cr_assert_eq(planned(s, D("2020-12-14"), &pv), 2);
  /* This connection's own write does not: until invalidated, the snapshot
   * stands (the pages invalidate after every write they make). */
  add_visit(reg, "C-1", "2020-12-03");
  cr_assert_eq(planned(s, D("2020-12-14"), &pv), 2);
  dd__web_snapshot_invalidate(s);
  cr_assert_eq(planned(s, D("2020-12-14"), &pv), 3);
  /* A new day re-plans: statuses depend on it. */
  cr_assert_eq(planned(s, D("2021-06-01"), &pv), 3);
  bool overdue = false;
  for (size_t i = 0; i < pv[0].nrows; i++)
    overdue |= pv[0].rows[i].status == DD_STATUS_OVERDUE;
  cr_assert(overdue, "nothing recorded, six months on: something is overdue");
  dd_store_close(other);
  dd__web_snapshot_free(s);
}

Test(snapshot, an_empty_register) {
  dd__web_snapshot *s = dd__web_snapshot_new();
  const dd__web_planned *pv;
  cr_assert_eq(planned(s, D("2020-12-14"), &pv), 0);
  dd__web_snapshot_free(s);
  dd__web_snapshot_free(NULL);
}
