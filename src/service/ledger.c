/* The reminder ledger's queries (the schema is migration 4 in store.c). */
#include "ledger.h"

#include "store_internal.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REMINDER_COLUMNS                                                       \
  "id, visit_id, milestone, due, threshold, recipient, previous_due, state, "  \
  "attempts, next_attempt, last_code, last_error, message_id, created_at, "    \
  "coalesce(sent_at, '')"

static const char *text_at(sqlite3_stmt *s, int i) {
  const unsigned char *t = sqlite3_column_text(s, i);
  return t != NULL ? (const char *)t : "";
}

static void read_reminder(sqlite3_stmt *s, dd_reminder *r) {
  r->id = (long)sqlite3_column_int64(s, 0);
  r->visit_id = text_at(s, 1);
  r->milestone = text_at(s, 2);
  r->due = text_at(s, 3);
  r->threshold = text_at(s, 4);
  r->recipient = text_at(s, 5);
  r->previous_due = text_at(s, 6);
  r->state = text_at(s, 7);
  r->attempts = sqlite3_column_int(s, 8);
  r->next_attempt = (time_t)sqlite3_column_int64(s, 9);
  r->last_code = sqlite3_column_int(s, 10);
  r->last_error = text_at(s, 11);
  r->message_id = text_at(s, 12);
  r->created_at = text_at(s, 13);
  r->sent_at = text_at(s, 14);
}

static int prepare(dd_store *st, const char *sql, sqlite3_stmt **s,
                   const char *what, dd_diag *diag) {
  if (sqlite3_prepare_v2(st->db, sql, -1, s, NULL) != SQLITE_OK)
    return dd__store_error(st, diag, what);
  return DD_OK;
}

int dd_ledger_marks_each(dd_store *st,
                         int (*fn)(const dd_reminder_mark *m, void *arg),
                         void *arg, dd_diag *diag) {
  sqlite3_stmt *s;
  int err = prepare(st,
                    "SELECT visit_id, milestone, recipient, due, urgency "
                    "FROM reminder_marks ORDER BY visit_id, milestone, "
                    "recipient",
                    &s, "reminder marks", diag);
  if (err != DD_OK)
    return err;
  int rc;
  while (err == DD_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
    dd_reminder_mark m = {text_at(s, 0), text_at(s, 1), text_at(s, 2),
                          text_at(s, 3), sqlite3_column_int(s, 4)};
    err = fn(&m, arg);
  }
  if (err == DD_OK && rc != SQLITE_DONE)
    err = dd__store_error(st, diag, "reminder marks");
  sqlite3_finalize(s);
  return err;
}

/* Runs cached statement s (bound) once; *changes gets the rows changed
 * when not NULL. */
static int run_cached(dd_store *st, sqlite3_stmt *s, const char *what,
                      int *changes, dd_diag *diag) {
  int ext;
  if (dd__store_step(st, s, &ext) != SQLITE_DONE)
    return dd__store_error(st, diag, what);
  if (changes != NULL)
    *changes = sqlite3_changes(st->db);
  return DD_OK;
}

int dd_ledger_mark(dd_store *st, const dd_reminder_mark *m, dd_diag *diag) {
  sqlite3_stmt *s = dd__store_stmt(
      st, STMT_LEDGER_MARK,
      "INSERT OR REPLACE INTO reminder_marks (visit_id, milestone, "
      "recipient, due, urgency) VALUES (?, ?, ?, ?, ?)");
  if (s == NULL)
    return dd__store_error(st, diag, "reminder mark");
  dd__bind_text(s, 1, m->visit_id);
  dd__bind_text(s, 2, m->milestone);
  dd__bind_text(s, 3, m->recipient);
  dd__bind_text(s, 4, m->due);
  sqlite3_bind_int(s, 5, m->urgency);
  return run_cached(st, s, "reminder mark", NULL, diag);
}

int dd_ledger_unmark(dd_store *st, const char *visit_id, const char *milestone,
                     dd_diag *diag) {
  sqlite3_stmt *s = dd__store_stmt(st, STMT_LEDGER_UNMARK,
                                   "DELETE FROM reminder_marks WHERE "
                                   "visit_id = ? AND milestone = ?");
  if (s == NULL)
    return dd__store_error(st, diag, "reminder mark");
  dd__bind_text(s, 1, visit_id);
  dd__bind_text(s, 2, milestone);
  return run_cached(st, s, "reminder mark", NULL, diag);
}

int dd_ledger_queue(dd_store *st, const char *visit_id, const char *milestone,
                    const char *due, const char *threshold,
                    const char *recipient, const char *previous_due,
                    bool *queued, dd_diag *diag) {
  sqlite3_stmt *s = dd__store_stmt(
      st, STMT_LEDGER_PUT,
      "INSERT OR IGNORE INTO reminders (visit_id, milestone, due, threshold, "
      "recipient, previous_due, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (s == NULL)
    return dd__store_error(st, diag, "queue reminder");
  char at[32];
  dd__now_text(at, sizeof at);
  dd__bind_text(s, 1, visit_id);
  dd__bind_text(s, 2, milestone);
  dd__bind_text(s, 3, due);
  dd__bind_text(s, 4, threshold);
  dd__bind_text(s, 5, recipient);
  dd__bind_text(s, 6, previous_due);
  dd__bind_text(s, 7, at);
  int ext;
  if (dd__store_step(st, s, &ext) != SQLITE_DONE)
    return dd__store_error(st, diag, "queue reminder");
  if (queued != NULL)
    *queued = sqlite3_changes(st->db) > 0;
  return DD_OK;
}

int dd_ledger_close_pending(dd_store *st, const char *visit_id,
                            const char *milestone, const char *recipient,
                            const char *state, int *n, dd_diag *diag) {
  sqlite3_stmt *s =
      recipient != NULL
          ? dd__store_stmt(st, STMT_LEDGER_CLOSE_ONE,
                           "UPDATE reminders SET state = ?3 WHERE visit_id "
                           "= ?1 AND milestone = ?2 AND recipient = ?4 AND "
                           "state = 'pending'")
          : dd__store_stmt(st, STMT_LEDGER_CLOSE_ALL,
                           "UPDATE reminders SET state = ?3 WHERE visit_id "
                           "= ?1 AND milestone = ?2 AND state = 'pending'");
  if (n != NULL)
    *n = 0;
  if (s == NULL)
    return dd__store_error(st, diag, "close reminders");
  dd__bind_text(s, 1, visit_id);
  dd__bind_text(s, 2, milestone);
  dd__bind_text(s, 3, state);
  if (recipient != NULL)
    dd__bind_text(s, 4, recipient);
  return run_cached(st, s, "close reminders", n, diag);
}

int dd_ledger_last_sent_due(dd_store *st, const char *visit_id,
                            const char *milestone, const char *recipient,
                            char *buf, size_t size, dd_diag *diag) {
  sqlite3_stmt *s = dd__store_stmt(
      st, STMT_LEDGER_GET,
      "SELECT due FROM reminders WHERE visit_id = ? AND milestone = ? AND "
      "recipient = ? AND state = 'sent' ORDER BY id DESC LIMIT 1");
  if (s == NULL)
    return dd__store_error(st, diag, "reminders");
  dd__bind_text(s, 1, visit_id);
  dd__bind_text(s, 2, milestone);
  dd__bind_text(s, 3, recipient);
  int rc = sqlite3_step(s);
  snprintf(buf, size, "%s", rc == SQLITE_ROW ? text_at(s, 0) : "");
  sqlite3_reset(s);
  sqlite3_clear_bindings(s);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return dd__store_error(st, diag, "reminders");
  return DD_OK;
}

int dd_reminder_copy(const dd_reminder *r, dd_reminder *out) {
  *out = *r;
  const char **fields[] = {
      &out->visit_id,   &out->milestone,    &out->due,    &out->threshold,
      &out->recipient,  &out->previous_due, &out->state,  &out->last_error,
      &out->message_id, &out->created_at,   &out->sent_at};
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

void dd_reminder_release(dd_reminder *r) {
  free((char *)r->visit_id);
  r->visit_id = NULL;
}

/* Calls fn with the row id if it is still pending. The row is copied and
 * its statement finished first: fn writes to the ledger, and a write made
 * while this connection holds a read snapshot fails at once (rather than
 * waiting) if another process wrote meanwhile. */
static int pending_row(dd_store *st, long id, dd_reminder_fn fn, void *arg,
                       dd_diag *diag) {
  sqlite3_stmt *s;
  int err = prepare(st,
                    "SELECT " REMINDER_COLUMNS
                    " FROM reminders WHERE id = ? AND state = 'pending'",
                    &s, "reminders", diag);
  if (err != DD_OK)
    return err;
  sqlite3_bind_int64(s, 1, id);
  int rc = sqlite3_step(s);
  if (rc != SQLITE_ROW) {
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? DD_OK : dd__store_error(st, diag, "reminders");
  }
  dd_reminder row, r;
  read_reminder(s, &row);
  /* The row outlives its statement. */
  err = dd_reminder_copy(&row, &r);
  sqlite3_finalize(s);
  if (err != DD_OK)
    return dd_diag_set(diag, err, "out of memory");
  err = fn(&r, arg);
  dd_reminder_release(&r);
  return err;
}

/* Calls fn for each row of the prepared s, then finalizes it. */
static int each_row(dd_store *st, sqlite3_stmt *s, dd_reminder_fn fn, void *arg,
                    dd_diag *diag) {
  int rc, err = DD_OK;
  while (err == DD_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
    dd_reminder r;
    read_reminder(s, &r);
    err = fn(&r, arg);
  }
  if (err == DD_OK && rc != SQLITE_DONE)
    err = dd__store_error(st, diag, "reminders");
  sqlite3_finalize(s);
  return err;
}

int dd_ledger_due_each(dd_store *st, time_t now, bool by_recipient,
                       dd_reminder_fn fn, void *arg, dd_diag *diag) {
  /* The ids first, the rows one by one after: fn records each answer as
   * it comes, and while a SELECT is open on the connection its writes
   * would not commit until that statement ends, which is the opposite of
   * recording a sent message at once. */
  sqlite3_stmt *s;
  int err = prepare(st,
                    by_recipient ? "SELECT id FROM reminders WHERE state = "
                                   "'pending' AND next_attempt <= ? ORDER "
                                   "BY recipient, id"
                                 : "SELECT id FROM reminders WHERE state = "
                                   "'pending' AND next_attempt <= ? ORDER "
                                   "BY id",
                    &s, "reminders", diag);
  if (err != DD_OK)
    return err;
  sqlite3_bind_int64(s, 1, (sqlite3_int64)now);
  long *ids = NULL;
  size_t n = 0, cap = 0;
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    if (n == cap) {
      long *grown = realloc(ids, (cap = cap ? 2 * cap : 64) * sizeof *ids);
      if (grown == NULL) {
        rc = SQLITE_NOMEM;
        break;
      }
      ids = grown;
    }
    ids[n++] = (long)sqlite3_column_int64(s, 0);
  }
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE) {
    free(ids);
    return rc == SQLITE_NOMEM ? dd_diag_set(diag, DD_ENOMEM, "out of memory")
                              : dd__store_error(st, diag, "reminders");
  }
  for (size_t i = 0; i < n && err == DD_OK; i++)
    err = pending_row(st, ids[i], fn, arg, diag);
  free(ids);
  return err;
}

static int answer(dd_store *st, int which, const char *sql, long id,
                  time_t next, int code, const char *text, dd_diag *diag) {
  sqlite3_stmt *s = dd__store_stmt(st, which, sql);
  if (s == NULL)
    return dd__store_error(st, diag, "record reminder");
  char at[32];
  dd__now_text(at, sizeof at);
  /* Every answer binds the same five values; each statement uses those it
   * needs (binding one it lacks is a harmless SQLITE_RANGE). */
  sqlite3_bind_int64(s, 1, id);
  sqlite3_bind_int64(s, 2, (sqlite3_int64)next);
  sqlite3_bind_int(s, 3, code);
  dd__bind_text(s, 4, text);
  dd__bind_text(s, 5, at);
  int ext;
  if (dd__store_step(st, s, &ext) != SQLITE_DONE)
    return dd__store_error(st, diag, "record reminder");
  return DD_OK;
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
  sqlite3_stmt *s;
  int err = prepare(st,
                    state != NULL ? "SELECT " REMINDER_COLUMNS
                                    " FROM reminders WHERE state = ?1 "
                                    "ORDER BY id DESC LIMIT ?2"
                                  : "SELECT " REMINDER_COLUMNS
                                    " FROM reminders ORDER BY id DESC "
                                    "LIMIT ?2",
                    &s, "reminders", diag);
  if (err != DD_OK)
    return err;
  if (state != NULL)
    dd__bind_text(s, 1, state);
  sqlite3_bind_int64(s, 2, limit > 0 ? (sqlite3_int64)limit : -1);
  return each_row(st, s, fn, arg, diag);
}
