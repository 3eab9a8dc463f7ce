/* What the reminder-pass tests share: a configuration with one small visit
 * type, a real SQLite register in a temporary directory, visits added to
 * it, London instants, and the ledger read back as text.
 *
 * The visit type "t" has one day on site (day 0 is the start) and two
 * milestones: "report", 5 working days after the visit's end, for the
 * inspector; and "review", 10 working days after, for the RIM. A visit
 * starting Monday 2020-10-05 has its report due Monday 2020-10-12 (its
 * thresholds, under the default policy of 5, 2 and 0 working days before
 * and overdue after 1: Mon 5, Thu 8, Mon 12, Tue 13) and its review due
 * Monday 2020-10-19 (before-5 on Mon 12). Reminders go out from 08:00. */
#ifndef DUEDAY_TESTS_NOTIFY_FIXTURE_H
#define DUEDAY_TESTS_NOTIFY_FIXTURE_H

#include "dueday/clock.h"
#include "dueday/config.h"
#include "dueday/planner.h"
#include "dueday/store.h"
#include "service/ledger.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char fx_dir[64];
static dd_store *fx_st;
static dd_config *fx_cfg;
static dd_planner *fx_planner;

static inline dd_date fx_date(const char *text) {
  dd_date d;
  cr_assert_eq(dd_date_parse(text, &d, NULL), DD_OK, "%s", text);
  return d;
}

/* The instant it is HH:MM in London on date. */
static inline time_t fx_at(const char *date, int hour, int minute) {
  return dd_london_instant(fx_date(date), hour * 60 + minute);
}

/* Loads the configuration (style: "individual" or "digest"; url: the mail
 * server, or NULL) and plans with England and Wales' bank holidays. */
static inline void fx_config(const char *style, const char *url) {
  char text[2048];
  snprintf(
      text, sizeof text,
      "reminders = { style = \"%s\"; };\n"
      "mail = { %s%s%s from = \"dueday@example.org\"; from_name = \"dueday\";"
      " allow_plaintext = true; timeout = 5; };\n"
      "visit_types = ( {\n"
      "  id = \"t\"; title = \"Test visit\"; days_on_site = 1;\n"
      "  rule_sets = ( { effective = \"2020-01-01\"; milestones = (\n"
      "    { id = \"report\"; title = \"Report sent\"; anchor = \"visit.end\";"
      " offset = 5; who = \"inspector\"; summary = \"Send report\"; },\n"
      "    { id = \"review\"; title = \"Case review\"; anchor = \"visit.end\";"
      " offset = 10; who = \"RIM\"; summary = \"Review\"; }\n"
      "  ); } );\n"
      "} );\n",
      style, url != NULL ? "url = \"" : "", url != NULL ? url : "",
      url != NULL ? "\";" : "");
  dd_config_free(fx_cfg);
  dd_planner_free(fx_planner);
  fx_cfg = NULL;
  fx_planner = NULL;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_config_load_string("test.conf", text, &fx_cfg, &diag), DD_OK,
               "%s", diag.message);
  cr_assert_eq(dd_planner_new(fx_cfg, HOLIDAYS_DIR, &fx_planner, &diag), DD_OK,
               "%s", diag.message);
}

/* A temporary directory with an empty register in it. */
static inline void fx_setup(const char *name) {
  snprintf(fx_dir, sizeof fx_dir, "/tmp/dueday-%s-XXXXXX", name);
  cr_assert_not_null(mkdtemp(fx_dir));
  char path[128];
  snprintf(path, sizeof path, "%s/register.db", fx_dir);
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_open(path, DD_STORE_CREATE, &fx_st, &diag), DD_OK, "%s",
               diag.message);
  fx_config("individual", NULL);
}

static inline void fx_teardown(void) {
  dd_store_close(fx_st);
  dd_planner_free(fx_planner);
  dd_config_free(fx_cfg);
  fx_st = NULL;
  fx_planner = NULL;
  fx_cfg = NULL;
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx_dir);
  cr_assert_eq(system(cmd), 0);
}

/* A live visit of type t; inspector and rim may be "" (none). */
static inline dd_visit fx_visit(const char *id, const char *start,
                                const char *inspector, const char *rim) {
  return (dd_visit){.id = (char *)id,
                    .type = "t",
                    .name = "Sunny Home",
                    .urn = "SC400112",
                    .setting = "children's home",
                    .local_authority = "Salford",
                    .region = "North West",
                    .division = "england-and-wales",
                    .inspector = (char *)inspector,
                    .rim = (char *)rim,
                    .start = fx_date(start),
                    .days_on_site = 1,
                    .status = DD_VISIT_LIVE};
}

static inline void fx_add_visit(const char *id, const char *start,
                                const char *inspector, const char *rim) {
  dd_visit v = fx_visit(id, start, inspector, rim);
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_visit_add(fx_st, &v, "test", &diag), DD_OK, "%s",
               diag.message);
}

/* Records milestone what of visit id as done on date. */
static inline void fx_done(const char *id, const char *what, const char *date) {
  dd_recorded ev = {.what = (char *)what,
                    .date = fx_date(date),
                    .time = -1,
                    .by = "test",
                    .note = ""};
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_event_add(fx_st, id, &ev, "test", &diag), DD_OK, "%s",
               diag.message);
}

/* The ledger's rows, oldest first, as "visit/milestone/due/threshold/
 * recipient:state" joined by spaces ("changed" rows add "<previous"). */
struct fx_rows {
  char text[2048];
  long ids[32];
  size_t n;
};

static inline int fx_collect(const dd_reminder *r, void *arg) {
  struct fx_rows *rows = arg;
  /* dd_ledger_each gives the newest first: put each in front. */
  char one[256];
  int n = snprintf(one, sizeof one, "%s/%s/%s/%s%s%s/%s:%s", r->visit_id,
                   r->milestone, r->due, r->threshold,
                   r->previous_due[0] ? "<" : "", r->previous_due, r->recipient,
                   r->state);
  size_t add = (size_t)n + (rows->text[0] != '\0'), len = strlen(rows->text);
  cr_assert_lt(len + add, sizeof rows->text);
  memmove(rows->text + add, rows->text, len + 1);
  memcpy(rows->text, one, (size_t)n);
  if (len > 0)
    rows->text[n] = ' ';
  if (rows->n < 32) {
    memmove(rows->ids + 1, rows->ids, rows->n * sizeof rows->ids[0]);
    rows->ids[0] = r->id;
    rows->n++;
  }
  return DD_OK;
}

static inline const char *fx_ledger(const char *state, struct fx_rows *rows) {
  memset(rows, 0, sizeof *rows);
  dd_diag diag = {{0}};
  cr_assert_eq(dd_ledger_each(fx_st, state, 0, fx_collect, rows, &diag), DD_OK,
               "%s", diag.message);
  return rows->text;
}

/* One ledger row, the n-th oldest, as a copy (release it). */
struct fx_pick {
  long id;
  dd_reminder copy;
  bool found;
};

static inline int fx_pick_fn(const dd_reminder *r, void *arg) {
  struct fx_pick *p = arg;
  if (r->id == p->id) {
    cr_assert_eq(dd_reminder_copy(r, &p->copy), DD_OK);
    p->found = true;
  }
  return DD_OK;
}

static inline dd_reminder fx_row(long id) {
  struct fx_pick p = {.id = id};
  cr_assert_eq(dd_ledger_each(fx_st, NULL, 0, fx_pick_fn, &p, NULL), DD_OK);
  cr_assert(p.found, "row %ld", id);
  return p.copy;
}

#endif
