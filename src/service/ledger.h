/* The reminder ledger, in the register: one row per reminder message
 * (visit, milestone, due date, threshold, recipient) with its state, so that
 * each is sent once and none is lost; and a mark per (visit, milestone,
 * recipient) of the due date and the most urgent threshold already queued,
 * which is all a pass needs to read when there is nothing new. Writes go
 * inside the caller's transaction, except where said. */
#ifndef DUEDAY_LEDGER_H
#define DUEDAY_LEDGER_H

#include "dueday/error.h"
#include "dueday/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* A row. Strings are owned by the ledger for the duration of a callback. */
typedef struct dd_reminder {
  long id;
  const char *visit_id, *milestone;
  const char *due;       /* "2020-10-29", or "2020-10-29T14:00" */
  const char *threshold; /* "before-5", "due", "overdue-1", "changed" */
  const char *recipient;
  const char *previous_due; /* a "changed" message's old due; else "" */
  const char *state;        /* pending, sent, failed, superseded, stopped */
  int attempts;
  time_t next_attempt; /* a pending row is not tried before; 0: at once */
  int last_code;       /* the server's last reply code */
  const char *last_error;
  const char *message_id;
  const char *created_at, *sent_at; /* UTC, ISO 8601; sent_at may be "" */
  /* A "changed" message's cause ("the visit was edited", "Monday 19
   * September 2022 is now a bank holiday (...)"); else "". */
  const char *reason;
} dd_reminder;

typedef int (*dd_reminder_fn)(const dd_reminder *r, void *arg);

/* *out as r, with strings of its own (in one block), for a row kept past
 * its callback; empty it with dd_reminder_clear. DD_ENOMEM. */
int dd_reminder_copy(const dd_reminder *r, dd_reminder *out);
/* Frees the strings of a copy from dd_reminder_copy; *r stays, empty. */
void dd_reminder_clear(dd_reminder *r);

/* A mark: what recipient has been told of a milestone. */
typedef struct dd_reminder_mark {
  const char *visit_id, *milestone, *recipient, *due;
  int urgency; /* dd_threshold_urgency of the most urgent queued; INT_MIN
                  when none for this due date */
} dd_reminder_mark;

/* Every mark, ordered by visit id, milestone and recipient (byte order,
 * as dd_store_visits_each orders visits). */
int dd_ledger_marks_each(dd_store *st,
                         int (*fn)(const dd_reminder_mark *m, void *arg),
                         void *arg, dd_diag *diag);
int dd_ledger_mark(dd_store *st, const dd_reminder_mark *m, dd_diag *diag);
/* Forgets every recipient's mark of the milestone (done or cancelled). */
int dd_ledger_unmark(dd_store *st, const char *visit_id, const char *milestone,
                     dd_diag *diag);

/* Queues a message (state pending). A row with the same key already there
 * is left alone; *queued says whether a row was added. */
int dd_ledger_queue(dd_store *st, const char *visit_id, const char *milestone,
                    const char *due, const char *threshold,
                    const char *recipient, const char *previous_due,
                    bool *queued, dd_diag *diag);

/* As dd_ledger_queue, keeping with the row what its due date was counted
 * from (basis, made by the plan: the visit's fields, its records, the bank
 * holidays up to the due date) and, for a "changed" message, its cause
 * (reason); either may be "" or NULL. */
int dd_ledger_queue_why(dd_store *st, const char *visit_id,
                        const char *milestone, const char *due,
                        const char *threshold, const char *recipient,
                        const char *previous_due, const char *basis,
                        const char *reason, bool *queued, dd_diag *diag);

/* Sets every pending row of the milestone (of recipient; of all when NULL)
 * to state ("superseded" by a more urgent one or a new date; "stopped"
 * when the milestone is done or cancelled). *n gets how many. */
int dd_ledger_close_pending(dd_store *st, const char *visit_id,
                            const char *milestone, const char *recipient,
                            const char *state, int *n, dd_diag *diag);

/* The due date of the last message about the milestone the server
 * accepted for recipient, into buf; "" when none was. */
int dd_ledger_last_sent_due(dd_store *st, const char *visit_id,
                            const char *milestone, const char *recipient,
                            char *buf, size_t size, dd_diag *diag);

/* As dd_ledger_last_sent_due, with that message's basis (from
 * dd_ledger_queue_why; "" for a row queued without one) into basis. */
int dd_ledger_last_sent_basis(dd_store *st, const char *visit_id,
                              const char *milestone, const char *recipient,
                              char *due, size_t due_size, char *basis,
                              size_t basis_size, dd_diag *diag);

/* Every pending row whose next attempt is at or before now, by recipient
 * when by_recipient (digests), else in the order queued. fn may change the
 * ledger (each row is read before fn sees it). */
int dd_ledger_due_each(dd_store *st, time_t now, bool by_recipient,
                       dd_reminder_fn fn, void *arg, dd_diag *diag);

/* After the server's answer. Each is its own transaction when none is
 * open, committed before it returns: a message the server accepted is
 * recorded as sent at once. */
int dd_ledger_sent(dd_store *st, long id, const char *message_id, int code,
                   dd_diag *diag);
/* A temporary failure: tried again from next_attempt on. */
int dd_ledger_retry(dd_store *st, long id, time_t next_attempt, int code,
                    const char *error, dd_diag *diag);
int dd_ledger_failed(dd_store *st, long id, int code, const char *error,
                     dd_diag *diag);

/* Rows for the outbox, newest first: all, or only state (e.g. "failed"),
 * at most limit (0: no limit). */
int dd_ledger_each(dd_store *st, const char *state, size_t limit,
                   dd_reminder_fn fn, void *arg, dd_diag *diag);

#endif
