/* The reminder ledger's queries (the schema is migration 4 in store.c; the
 * basis and reason of a row, migration 10). */
#include "ledger.h"

#include "dueday/outbox.h"

#include "buf.h"
#include "store_internal.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REMINDER_COLUMNS                                                       \
  "id, visit_id, milestone, due, threshold, recipient, previous_due, state, "  \
  "attempts, next_attempt, last_code, last_error, message_id, created_at, "    \
  "coalesce(sent_at, ''), reason"

/* Fills r from a row of REMINDER_COLUMNS, its text borrowed from the row. */
static void read_reminder(sqlite3_stmt *s, dd_reminder *r) {
  const char **text[] = {NULL,
                         &r->visit_id,
                         &r->milestone,
                         &r->due,
                         &r->threshold,
                         &r->recipient,
                         &r->previous_due,
                         &r->state,
                         NULL,
                         NULL,
                         NULL,
                         &r->last_error,
                         &r->message_id,
                         &r->created_at,
                         &r->sent_at,
                         &r->reason};
  for (int i = 0; i < (int)(sizeof text / sizeof text[0]); i++)
    if (text[i] != NULL)
      *text[i] = dd__column_borrow(s, i);
  r->id = (long)sqlite3_column_int64(s, 0);
  r->attempts = sqlite3_column_int(s, 8);
  r->next_attempt = (time_t)sqlite3_column_int64(s, 9);
  r->last_code = sqlite3_column_int(s, 10);
}

/* dd_ledger_marks_each's callback, and its row. */
struct mark_each {
  int (*fn)(const dd_reminder_mark *m, void *arg);
  void *arg;
};

static int mark_row(sqlite3_stmt *s, void *arg) {
  struct mark_each *e = arg;
  dd_reminder_mark m = {dd__column_borrow(s, 0), dd__column_borrow(s, 1),
                        dd__column_borrow(s, 2), dd__column_borrow(s, 3),
                        sqlite3_column_int(s, 4)};
  return e->fn(&m, e->arg);
}

int dd_ledger_marks_each(dd_store *st,
                         int (*fn)(const dd_reminder_mark *m, void *arg),
                         void *arg, dd_diag *diag) {
  struct mark_each e = {fn, arg};
  return dd__store_run(st, STMT_ONCE,
                       "SELECT visit_id, milestone, recipient, due, urgency "
                       "FROM reminder_marks ORDER BY visit_id, milestone, "
                       "recipient",
                       "reminder marks", mark_row, &e, diag, "");
}

int dd_ledger_mark(dd_store *st, const dd_reminder_mark *m, dd_diag *diag) {
  return dd__store_run(st, STMT_LEDGER_MARK,
                       "INSERT OR REPLACE INTO reminder_marks (visit_id, "
                       "milestone, recipient, due, urgency) VALUES (?, ?, ?, "
                       "?, ?)",
                       "reminder mark", NULL, NULL, diag, "tttti", m->visit_id,
                       m->milestone, m->recipient, m->due, m->urgency);
}

int dd_ledger_unmark(dd_store *st, const char *visit_id, const char *milestone,
                     dd_diag *diag) {
  return dd__store_run(st, STMT_LEDGER_UNMARK,
                       "DELETE FROM reminder_marks WHERE visit_id = ? AND "
                       "milestone = ?",
                       "reminder mark", NULL, NULL, diag, "tt", visit_id,
                       milestone);
}

int dd_ledger_queue(dd_store *st, const char *visit_id, const char *milestone,
                    const char *due, const char *threshold,
                    const char *recipient, const char *previous_due,
                    bool *queued, dd_diag *diag) {
  return dd_ledger_queue_why(st, visit_id, milestone, due, threshold, recipient,
                             previous_due, "", "", queued, diag);
}

int dd_ledger_queue_why(dd_store *st, const char *visit_id,
                        const char *milestone, const char *due,
                        const char *threshold, const char *recipient,
                        const char *previous_due, const char *basis,
                        const char *reason, bool *queued, dd_diag *diag) {
  char at[32];
  dd__now_text(at, sizeof at);
  int err = dd__store_run(
      st, STMT_LEDGER_PUT,
      "INSERT OR IGNORE INTO reminders (visit_id, milestone, due, threshold, "
      "recipient, previous_due, created_at, basis, reason) VALUES (?, ?, ?, "
      "?, ?, ?, ?, ?, ?)",
      "queue reminder", NULL, NULL, diag, "ttttttttt", visit_id, milestone, due,
      threshold, recipient, previous_due, at, basis ? basis : "",
      reason ? reason : "");
  if (err == DD_OK && queued != NULL)
    *queued = sqlite3_changes(st->db) > 0;
  return err;
}

int dd_ledger_close_pending(dd_store *st, const char *visit_id,
                            const char *milestone, const char *recipient,
                            const char *state, int *n, dd_diag *diag) {
  if (n != NULL)
    *n = 0;
  int err =
      recipient != NULL
          ? dd__store_run(st, STMT_LEDGER_CLOSE_ONE,
                          "UPDATE reminders SET state = ?3 WHERE visit_id "
                          "= ?1 AND milestone = ?2 AND recipient = ?4 AND "
                          "state = 'pending'",
                          "close reminders", NULL, NULL, diag, "tttt", visit_id,
                          milestone, state, recipient)
          : dd__store_run(st, STMT_LEDGER_CLOSE_ALL,
                          "UPDATE reminders SET state = ?3 WHERE visit_id "
                          "= ?1 AND milestone = ?2 AND state = 'pending'",
                          "close reminders", NULL, NULL, diag, "ttt", visit_id,
                          milestone, state);
  if (err == DD_OK && n != NULL)
    *n = sqlite3_changes(st->db);
  return err;
}

/* A buffer for a row's first column. */
struct text_out {
  char *buf;
  size_t size;
};

static int text_row(sqlite3_stmt *s, void *arg) {
  struct text_out *t = arg;
  snprintf(t->buf, t->size, "%s", dd__column_borrow(s, 0));
  return DD_OK;
}

int dd_ledger_last_sent_due(dd_store *st, const char *visit_id,
                            const char *milestone, const char *recipient,
                            char *buf, size_t size, dd_diag *diag) {
  struct text_out t = {buf, size};
  snprintf(buf, size, "%s", "");
  return dd__store_run(
      st, STMT_LEDGER_GET,
      "SELECT due FROM reminders WHERE visit_id = ? AND milestone = ? AND "
      "recipient = ? AND state = 'sent' ORDER BY id DESC LIMIT 1",
      "reminders", text_row, &t, diag, "ttt", visit_id, milestone, recipient);
}

/* dd_ledger_last_sent_basis's row: the due date and the basis. */
static int due_basis_row(sqlite3_stmt *s, void *arg) {
  struct text_out *t = arg;
  snprintf(t[0].buf, t[0].size, "%s", dd__column_borrow(s, 0));
  snprintf(t[1].buf, t[1].size, "%s", dd__column_borrow(s, 1));
  return DD_OK;
}

int dd_ledger_last_sent_basis(dd_store *st, const char *visit_id,
                              const char *milestone, const char *recipient,
                              char *due, size_t due_size, char *basis,
                              size_t basis_size, dd_diag *diag) {
  struct text_out t[2] = {{due, due_size}, {basis, basis_size}};
  snprintf(due, due_size, "%s", "");
  snprintf(basis, basis_size, "%s", "");
  return dd__store_run(
      st, STMT_ONCE,
      "SELECT due, basis FROM reminders WHERE visit_id = ? AND milestone = ? "
      "AND recipient = ? AND state = 'sent' ORDER BY id DESC LIMIT 1",
      "reminders", due_basis_row, t, diag, "ttt", visit_id, milestone,
      recipient);
}

int dd_reminder_copy(const dd_reminder *r, dd_reminder *out) {
  *out = *r;
  const char **fields[] = {
      &out->visit_id,   &out->milestone,    &out->due,     &out->threshold,
      &out->recipient,  &out->previous_due, &out->state,   &out->last_error,
      &out->message_id, &out->created_at,   &out->sent_at, &out->reason};
  size_t total = 0, nf = sizeof fields / sizeof fields[0];
  for (size_t i = 0; i < nf; i++)
    total += strlen(*fields[i]) + 1;
  /* visit_id comes first, so it is the block to free. */
  char *at = malloc(total);
  if (at == NULL)
    return DD_ENOMEM;
  for (size_t i = 0; i < nf; i++) {
    size_t len = strlen(*fields[i]) + 1;
    *fields[i] = memcpy(at, *fields[i], len);
    at += len;
  }
  return DD_OK;
}

void dd_reminder_clear(dd_reminder *r) {
  free((char *)r->visit_id);
  r->visit_id = NULL;
}

/* Calls fn with the row id if it is still pending. The row is copied and
 * its statement finished first: fn writes to the ledger, and a write made
 * while this connection holds a read snapshot fails at once (rather than
 * waiting) if another process wrote meanwhile. */
/* pending_row's row: the reminder, copied (it outlives its statement). */
struct reminder_copy {
  dd_reminder r;
  bool found;
};

static int copy_row(sqlite3_stmt *s, void *arg) {
  struct reminder_copy *c = arg;
  dd_reminder row;
  read_reminder(s, &row);
  if (dd_reminder_copy(&row, &c->r) != DD_OK)
    return DD_ENOMEM;
  c->found = true;
  return DD_OK;
}

static int pending_row(dd_store *st, long id, dd_reminder_fn fn, void *arg,
                       dd_diag *diag) {
  struct reminder_copy c = {.found = false};
  int err = dd__store_run(st, STMT_ONCE,
                          "SELECT " REMINDER_COLUMNS
                          " FROM reminders WHERE id = ? AND state = 'pending'",
                          "reminders", copy_row, &c, diag, "l", id);
  if (err == DD_ENOMEM)
    return dd_diag_set(diag, err, "out of memory");
  if (err != DD_OK || !c.found)
    return err;
  err = fn(&c.r, arg);
  dd_reminder_clear(&c.r);
  return err;
}

/* Calls fn for each row of the prepared s, then finalizes it. */
/* The callback of an _each function over reminders, and its row. */
struct reminder_each {
  dd_reminder_fn fn;
  void *arg;
};

static int reminder_row(sqlite3_stmt *s, void *arg) {
  struct reminder_each *e = arg;
  dd_reminder r;
  read_reminder(s, &r);
  return e->fn(&r, e->arg);
}

/* A growing list of ids. */
struct ids {
  long *list;
  size_t n, cap;
};

static int id_row(sqlite3_stmt *s, void *arg) {
  struct ids *ids = arg;
  if (!dd__grow(&ids->list, &ids->cap, ids->n + 1, sizeof *ids->list, 64))
    return DD_ENOMEM;
  ids->list[ids->n++] = (long)sqlite3_column_int64(s, 0);
  return DD_OK;
}

int dd_ledger_due_each(dd_store *st, time_t now, bool by_recipient,
                       dd_reminder_fn fn, void *arg, dd_diag *diag) {
  /* The ids first, the rows one by one after: fn records each answer as
   * it comes, and while a SELECT is open on the connection its writes
   * would not commit until that statement ends, which is the opposite of
   * recording a sent message at once. */
  struct ids ids = {0};
  int err = dd__store_run(st, STMT_ONCE,
                          by_recipient ? "SELECT id FROM reminders WHERE state "
                                         "= 'pending' AND next_attempt <= ? "
                                         "ORDER BY recipient, id"
                                       : "SELECT id FROM reminders WHERE state "
                                         "= 'pending' AND next_attempt <= ? "
                                         "ORDER BY id",
                          "reminders", id_row, &ids, diag, "l", (long)now);
  if (err == DD_ENOMEM)
    err = dd_diag_set(diag, err, "out of memory");
  for (size_t i = 0; i < ids.n && err == DD_OK; i++)
    err = pending_row(st, ids.list[i], fn, arg, diag);
  free(ids.list);
  return err;
}

static int answer(dd_store *st, int which, const char *sql, long id,
                  time_t next, int code, const char *text, dd_diag *diag) {
  char at[32];
  dd__now_text(at, sizeof at);
  /* Every answer binds the same five values; each statement uses those it
   * needs (binding one it lacks is a harmless SQLITE_RANGE). */
  return dd__store_run(st, which, sql, "record reminder", NULL, NULL, diag,
                       "llitt", id, (long)next, code, text, at);
}

int dd_ledger_sent(dd_store *st, long id, const char *message_id, int code,
                   dd_diag *diag) {
  return answer(st, STMT_LEDGER_SENT,
                "UPDATE reminders SET state = 'sent', attempts = attempts + "
                "1, next_attempt = ?2, last_code = ?3, last_error = '', "
                "message_id = ?4, sent_at = ?5 WHERE id = ?1",
                id, 0, code, message_id, diag);
}

int dd_ledger_retry(dd_store *st, long id, time_t next_attempt, int code,
                    const char *error, dd_diag *diag) {
  return answer(st, STMT_LEDGER_RETRY,
                "UPDATE reminders SET attempts = attempts + 1, next_attempt "
                "= ?2, last_code = ?3, last_error = ?4 WHERE id = ?1",
                id, next_attempt, code, error, diag);
}

int dd_ledger_failed(dd_store *st, long id, int code, const char *error,
                     dd_diag *diag) {
  return answer(st, STMT_LEDGER_FAILED,
                "UPDATE reminders SET state = 'failed', attempts = attempts "
                "+ 1, next_attempt = ?2, last_code = ?3, last_error = ?4 "
                "WHERE id = ?1",
                id, 0, code, error, diag);
}

int dd_ledger_each(dd_store *st, const char *state, size_t limit,
                   dd_reminder_fn fn, void *arg, dd_diag *diag) {
  struct reminder_each e = {fn, arg};
  return dd__store_run(st, STMT_ONCE,
                       state != NULL ? "SELECT " REMINDER_COLUMNS
                                       " FROM reminders WHERE state = ?1 "
                                       "ORDER BY id DESC LIMIT ?2"
                                     : "SELECT " REMINDER_COLUMNS
                                       " FROM reminders ORDER BY id DESC "
                                       "LIMIT ?2",
                       "reminders", reminder_row, &e, diag, "ol", state,
                       limit > 0 ? (long)limit : -1L);
}

/* dd_outbox_retry's row: the reminder, in words, for the audit log. */
static int retry_text_row(sqlite3_stmt *s, void *arg) {
  dd_reminder r;
  read_reminder(s, &r);
  dd__buf_printf(arg, "reminder %ld (%s %s, %s, to %s): %s", r.id, r.visit_id,
                 r.milestone, r.threshold, r.recipient,
                 strcmp(r.state, "failed") == 0 ? "failed" : "deferred");
  return DD_OK;
}

int dd_outbox_retry(dd_store *st, long id, const char *actor, dd_diag *diag) {
  dd__buf detail = {0};
  int err = dd__store_run(st, STMT_ONCE,
                          "SELECT " REMINDER_COLUMNS " FROM reminders WHERE "
                          "id = ? AND (state = 'failed' OR (state = "
                          "'pending' AND attempts > 0))",
                          "reminders", retry_text_row, &detail, diag, "l", id);
  if (err == DD_OK && detail.len == 0 && !detail.failed)
    err = dd_diag_set(diag, DD_ENOTFOUND, "no failed or deferred reminder %ld",
                      id);
  if (err == DD_OK && detail.failed)
    err = dd_diag_set(diag, DD_ENOMEM, "out of memory");
  /* A failed row starts its tries again (attempts 0), or its next failure
   * would fail it at once; a deferred one keeps its count, so that its
   * backoff goes on from where it was. */
  if (err == DD_OK)
    err = dd__store_run(st, STMT_ONCE,
                        "UPDATE reminders SET next_attempt = 0, attempts = "
                        "CASE state WHEN 'failed' THEN 0 ELSE attempts END, "
                        "state = 'pending' WHERE id = ?",
                        "retry reminder", NULL, NULL, diag, "l", id);
  if (err == DD_OK)
    err = dd__store_audit(st, actor, NULL, "outbox retry", detail.p, diag);
  dd__buf_clear(&detail);
  return err;
}

/* dd_outbox_each's callback, and its row. */
struct outbox_each {
  int (*fn)(const dd_outbox_entry *, void *);
  void *arg;
};

static int outbox_row(sqlite3_stmt *s, void *arg) {
  struct outbox_each *e = arg;
  dd_reminder r;
  read_reminder(s, &r);
  bool failed = strcmp(r.state, "failed") == 0;
  dd_outbox_entry o = {.id = r.id,
                       .visit_id = r.visit_id,
                       .milestone = r.milestone,
                       .due = r.due,
                       .threshold = r.threshold,
                       .recipient = r.recipient,
                       .failed = failed,
                       .attempts = r.attempts,
                       .next_attempt = failed ? 0 : r.next_attempt,
                       .last_code = r.last_code,
                       .last_error = r.last_error};
  return e->fn(&o, e->arg);
}

int dd_outbox_each(dd_store *st, size_t limit,
                   int (*fn)(const dd_outbox_entry *, void *), void *arg,
                   dd_diag *diag) {
  /* Deferred: pending after a temporary failure (as dueday outbox shows
   * it). */
  struct outbox_each e = {fn, arg};
  return dd__store_run(st, STMT_ONCE,
                       "SELECT " REMINDER_COLUMNS " FROM reminders WHERE "
                       "state = 'failed' OR (state = 'pending' AND attempts "
                       "> 0) ORDER BY id DESC LIMIT ?",
                       "reminders", outbox_row, &e, diag, "l",
                       limit > 0 ? (long)limit : -1L);
}
