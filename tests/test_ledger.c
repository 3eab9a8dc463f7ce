/* The reminder ledger in a real SQLite register: a reminder queued twice is
 * one row; closing, answering and retrying; which rows a pass tries and in
 * what order; the marks; and answers recorded while the pass walks the
 * rows, each committed at once (another connection sees it). */
#include "service/ledger.h"

#include "dueday/outbox.h"

#include <criterion/criterion.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char dir[64], path[96];
static dd_store *st;

static void setup(void) {
  strcpy(dir, "/tmp/dueday-ledger-XXXXXX");
  cr_assert_not_null(mkdtemp(dir));
  snprintf(path, sizeof path, "%s/register.db", dir);
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_open(path, DD_STORE_CREATE, &st, &diag), DD_OK, "%s",
               diag.message);
}

static void teardown(void) {
  dd_store_close(st);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  cr_assert_eq(system(cmd), 0);
}

TestSuite(ledger, .init = setup, .fini = teardown);

static bool queue(const char *visit, const char *milestone, const char *due,
                  const char *threshold, const char *to) {
  bool queued = false;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_ledger_queue(st, visit, milestone, due, threshold, to, "",
                               &queued, &diag),
               DD_OK, "%s", diag.message);
  return queued;
}

/* The rows as "id:threshold:recipient:state" joined by spaces. */
struct rows {
  char text[1024];
  long ids[32];
  size_t n;
};

static int collect(const dd_reminder *r, void *arg) {
  struct rows *rows = arg;
  size_t len = strlen(rows->text);
  snprintf(rows->text + len, sizeof rows->text - len, "%s%s:%s:%s",
           len ? " " : "", r->threshold, r->recipient, r->state);
  rows->ids[rows->n++] = r->id;
  return DD_OK;
}

static const char *all(const char *state) {
  static struct rows rows;
  memset(&rows, 0, sizeof rows);
  cr_assert_eq(dd_ledger_each(st, state, 0, collect, &rows, NULL), DD_OK);
  return rows.text;
}

Test(ledger, a_reminder_queued_twice_is_one_row) {
  cr_expect(queue("V1", "publication", "2020-12-14", "due", "a@x"));
  cr_expect_not(queue("V1", "publication", "2020-12-14", "due", "a@x"));
  /* Another threshold, recipient or due date is another reminder. */
  cr_expect(queue("V1", "publication", "2020-12-14", "before-2", "a@x"));
  cr_expect(queue("V1", "publication", "2020-12-14", "due", "b@x"));
  cr_expect(queue("V1", "publication", "2020-12-15", "due", "a@x"));
  cr_expect_str_eq(all(NULL), "due:a@x:pending due:b@x:pending "
                              "before-2:a@x:pending due:a@x:pending");
}

Test(ledger, closing_pending_rows) {
  queue("V1", "publication", "2020-12-14", "before-2", "a@x");
  queue("V1", "publication", "2020-12-14", "before-2", "b@x");
  queue("V1", "draft-sent", "2020-12-10", "due", "a@x");
  int n = -1;
  cr_assert_eq(dd_ledger_close_pending(st, "V1", "publication", "a@x",
                                       "superseded", &n, NULL),
               DD_OK);
  cr_expect_eq(n, 1);
  cr_assert_eq(dd_ledger_close_pending(st, "V1", "publication", NULL, "stopped",
                                       &n, NULL),
               DD_OK);
  cr_expect_eq(n, 1, "only the one still pending");
  cr_expect_str_eq(all(NULL), "due:a@x:pending before-2:b@x:stopped "
                              "before-2:a@x:superseded");
}

Test(ledger, answers_and_what_a_pass_tries) {
  queue("V1", "publication", "2020-12-14", "due", "b@x");
  queue("V2", "draft-sent", "2020-12-14", "before-2", "a@x");
  queue("V3", "final-sent", "2020-12-14", "overdue-1", "b@x");
  struct rows rows = {0};
  cr_assert_eq(dd_ledger_due_each(st, 1000, false, collect, &rows, NULL),
               DD_OK);
  cr_expect_str_eq(rows.text, "due:b@x:pending before-2:a@x:pending "
                              "overdue-1:b@x:pending");
  /* Digests: by recipient. */
  memset(&rows, 0, sizeof rows);
  cr_assert_eq(dd_ledger_due_each(st, 1000, true, collect, &rows, NULL), DD_OK);
  cr_expect_str_eq(rows.text, "before-2:a@x:pending due:b@x:pending "
                              "overdue-1:b@x:pending");
  long first = rows.ids[1], second = rows.ids[0], third = rows.ids[2];
  cr_assert_eq(dd_ledger_sent(st, first, "m1@x", 250, NULL), DD_OK);
  cr_assert_eq(dd_ledger_retry(st, second, 2000, 451, "451 later", NULL),
               DD_OK);
  cr_assert_eq(dd_ledger_failed(st, third, 550, "550 no", NULL), DD_OK);
  /* Before its next attempt, the deferred row is not tried; after, it is. */
  memset(&rows, 0, sizeof rows);
  cr_assert_eq(dd_ledger_due_each(st, 1999, false, collect, &rows, NULL),
               DD_OK);
  cr_expect_str_eq(rows.text, "");
  cr_assert_eq(dd_ledger_due_each(st, 2000, false, collect, &rows, NULL),
               DD_OK);
  cr_expect_str_eq(rows.text, "before-2:a@x:pending");
  cr_expect_str_eq(all("failed"), "overdue-1:b@x:failed");
  char due[32];
  cr_assert_eq(dd_ledger_last_sent_due(st, "V1", "publication", "b@x", due,
                                       sizeof due, NULL),
               DD_OK);
  cr_expect_str_eq(due, "2020-12-14");
  cr_assert_eq(dd_ledger_last_sent_due(st, "V2", "draft-sent", "a@x", due,
                                       sizeof due, NULL),
               DD_OK);
  cr_expect_str_eq(due, "", "deferred is not sent");
}

/* Records each row as sent from inside the walk, and checks through a
 * second connection that the answer is already committed. */
static int send_and_look(const dd_reminder *r, void *arg) {
  (void)arg;
  cr_assert_eq(dd_ledger_sent(st, r->id, "m@x", 250, NULL), DD_OK);
  dd_store *other;
  cr_assert_eq(dd_store_open(path, DD_STORE_CREATE, &other, NULL), DD_OK);
  char due[32];
  cr_assert_eq(dd_ledger_last_sent_due(other, r->visit_id, r->milestone,
                                       r->recipient, due, sizeof due, NULL),
               DD_OK);
  cr_expect_str_eq(due, r->due, "row %ld not committed yet", r->id);
  dd_store_close(other);
  return DD_OK;
}

Test(ledger, each_answer_is_committed_at_once) {
  queue("V1", "publication", "2020-12-14", "due", "a@x");
  queue("V2", "publication", "2020-12-15", "due", "a@x");
  cr_assert_eq(dd_ledger_due_each(st, 0, false, send_and_look, NULL, NULL),
               DD_OK);
  cr_expect_str_eq(all("sent"), "due:a@x:sent due:a@x:sent");
}

static int mark_text(const dd_reminder_mark *m, void *arg) {
  char *buf = arg;
  size_t len = strlen(buf);
  snprintf(buf + len, 512 - len, "%s%s/%s/%s=%s@%d", len ? " " : "",
           m->visit_id, m->milestone, m->recipient, m->due,
           m->urgency == INT_MIN ? -1 : m->urgency);
  return DD_OK;
}

Test(ledger, marks_in_visit_order) {
  dd_reminder_mark marks[] = {{"V2", "a", "x@x", "2020-12-14", 0},
                              {"V10", "b", "x@x", "2020-12-14", -2},
                              {"V1", "b", "y@x", "2020-12-14", 1001},
                              {"V1", "a", "x@x", "2020-12-14", INT_MIN}};
  for (size_t i = 0; i < 4; i++)
    cr_assert_eq(dd_ledger_mark(st, &marks[i], NULL), DD_OK);
  /* Replacing a mark keeps one row. */
  marks[0].urgency = -5;
  cr_assert_eq(dd_ledger_mark(st, &marks[0], NULL), DD_OK);
  char buf[512] = "";
  cr_assert_eq(dd_ledger_marks_each(st, mark_text, buf, NULL), DD_OK);
  /* Byte order, as dd_store_visits_each gives visits: V1 < V10 < V2. */
  cr_expect_str_eq(buf, "V1/a/x@x=2020-12-14@-1 V1/b/y@x=2020-12-14@1001 "
                        "V10/b/x@x=2020-12-14@-2 V2/a/x@x=2020-12-14@-5");
  cr_assert_eq(dd_ledger_unmark(st, "V1", "b", NULL), DD_OK);
  buf[0] = '\0';
  cr_assert_eq(dd_ledger_marks_each(st, mark_text, buf, NULL), DD_OK);
  cr_expect_str_eq(buf, "V1/a/x@x=2020-12-14@-1 V10/b/x@x=2020-12-14@-2 "
                        "V2/a/x@x=2020-12-14@-5");
}

static int outbox_text(const dd_outbox_entry *o, void *arg) {
  char *text = arg;
  size_t n = strlen(text);
  snprintf(text + n, 256 - n, "%s%ld:%s:%s:%d:%ld:%d:%s", n ? " " : "", o->id,
           o->recipient, o->failed ? "failed" : "deferred", o->attempts,
           (long)o->next_attempt, o->last_code, o->last_error);
  return 0;
}

Test(ledger, retry_now_makes_a_failed_or_deferred_reminder_due_and_audits_it) {
  queue("V1", "publication", "2020-12-14", "due", "a@x");
  queue("V1", "publication", "2020-12-14", "due", "b@x");
  queue("V1", "publication", "2020-12-14", "due", "c@x");
  queue("V1", "publication", "2020-12-14", "due", "d@x");
  dd_diag diag = {{0}};
  cr_assert_eq(dd_ledger_failed(st, 1, 550, "no such user", &diag), DD_OK);
  cr_assert_eq(dd_ledger_retry(st, 2, 2000000000, 451, "later", &diag), DD_OK);
  cr_assert_eq(dd_ledger_retry(st, 2, 2000000000, 451, "later", &diag), DD_OK);
  cr_assert_eq(dd_ledger_sent(st, 3, "<m@x>", 250, &diag), DD_OK);
  /* The outbox's rows: failed and deferred, newest first. */
  char outbox[256] = "";
  cr_assert_eq(dd_outbox_each(st, 0, outbox_text, outbox, &diag), DD_OK);
  cr_assert_str_eq(outbox, "2:b@x:deferred:2:2000000000:451:later "
                           "1:a@x:failed:1:0:550:no such user");
  struct rows rows = {{0}, {0}, 0};
  /* Neither is due now (1,000,000,000 < 2,000,000,000). */
  memset(&rows, 0, sizeof rows);
  cr_assert_eq(dd_ledger_due_each(st, 1000000000, false, collect, &rows, &diag),
               DD_OK);
  cr_assert_str_eq(rows.text, "due:d@x:pending");

  cr_assert_eq(dd_store_begin(st, &diag), DD_OK);
  cr_assert_eq(dd_outbox_retry(st, 1, "ada@x", &diag), DD_OK, "%s",
               diag.message);
  cr_assert_eq(dd_outbox_retry(st, 2, "ada@x", &diag), DD_OK);
  cr_assert_eq(dd_outbox_retry(st, 3, "ada@x", &diag), DD_ENOTFOUND);
  cr_assert_str_eq(diag.message, "no failed or deferred reminder 3");
  cr_assert_eq(dd_outbox_retry(st, 4, "ada@x", &diag), DD_ENOTFOUND,
               "pending and never tried: nothing to retry");
  cr_assert_eq(dd_store_commit(st, &diag), DD_OK);
  memset(&rows, 0, sizeof rows);
  cr_assert_eq(dd_ledger_due_each(st, 1000000000, false, collect, &rows, &diag),
               DD_OK);
  cr_assert_str_eq(rows.text,
                   "due:a@x:pending due:b@x:pending due:d@x:pending");
  /* The failed one starts its tries again; the deferred keeps its count. */
  int attempts[2] = {-1, -1};
  sqlite3 *db;
  cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
  sqlite3_stmt *s;
  cr_assert_eq(sqlite3_prepare_v2(db,
                                  "SELECT attempts FROM reminders WHERE id IN "
                                  "(1, 2) ORDER BY id",
                                  -1, &s, NULL),
               SQLITE_OK);
  for (int i = 0; i < 2 && sqlite3_step(s) == SQLITE_ROW; i++)
    attempts[i] = sqlite3_column_int(s, 0);
  sqlite3_finalize(s);
  cr_assert_eq(sqlite3_prepare_v2(db,
                                  "SELECT count(*) FROM audit WHERE actor = "
                                  "'ada@x' AND action = 'outbox retry' AND "
                                  "detail LIKE 'reminder 1 (V1 publication, "
                                  "due, to a@x): failed'",
                                  -1, &s, NULL),
               SQLITE_OK);
  cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
  cr_assert_eq(sqlite3_column_int(s, 0), 1);
  sqlite3_finalize(s);
  sqlite3_close(db);
  cr_assert_eq(attempts[0], 0);
  cr_assert_eq(attempts[1], 2);
}

static int copy_reason(const dd_reminder *r, void *arg) {
  snprintf(arg, 128, "%s", r->reason);
  return DD_OK;
}

Test(ledger, the_last_sent_message_keeps_its_basis_and_a_change_its_reason) {
  dd_diag diag = {{0}};
  char due[32], basis[256];
  /* Nothing sent yet: empty answers. */
  cr_assert_eq(dd_ledger_last_sent_basis(st, "V1", "report", "a@x.example", due,
                                         sizeof due, basis, sizeof basis,
                                         &diag),
               DD_OK, "%s", diag.message);
  cr_expect_str_eq(due, "");
  cr_expect_str_eq(basis, "");
  cr_assert_eq(dd_ledger_queue_why(st, "V1", "report", "2022-09-19",
                                   "before-10", "a@x.example", "", "b-one", "",
                                   NULL, &diag),
               DD_OK, "%s", diag.message);
  cr_assert_eq(dd_ledger_queue_why(st, "V1", "report", "2022-09-19", "before-5",
                                   "a@x.example", "", "b-two", "", NULL, &diag),
               DD_OK, "%s", diag.message);
  struct rows rows = {0};
  cr_assert_eq(dd_ledger_each(st, NULL, 0, collect, &rows, &diag), DD_OK);
  /* Newest first: only the one sent counts. */
  cr_assert_eq(dd_ledger_sent(st, rows.ids[1], "m1@x", 250, &diag), DD_OK);
  cr_assert_eq(dd_ledger_last_sent_basis(st, "V1", "report", "a@x.example", due,
                                         sizeof due, basis, sizeof basis,
                                         &diag),
               DD_OK);
  cr_expect_str_eq(due, "2022-09-19");
  cr_expect_str_eq(basis, "b-one");
  /* The "changed" message carries its reason to whoever reads the row. */
  bool queued = false;
  cr_assert_eq(dd_ledger_queue_why(st, "V1", "report", "2022-09-20", "changed",
                                   "a@x.example", "2022-09-19", "b-three",
                                   "Monday 19 September 2022 is now a bank "
                                   "holiday",
                                   &queued, &diag),
               DD_OK, "%s", diag.message);
  cr_expect(queued);
  char reason[128] = "";
  cr_assert_eq(dd_ledger_each(st, "pending", 1, copy_reason, reason, &diag),
               DD_OK);
  cr_expect_str_eq(reason, "Monday 19 September 2022 is now a bank holiday");
  /* A row queued the old way has neither. */
  cr_expect(queue("V2", "report", "2022-09-21", "due", "b@x.example"));
  cr_assert_eq(dd_ledger_each(st, "pending", 1, copy_reason, reason, &diag),
               DD_OK);
  cr_expect_str_eq(reason, "");
}
