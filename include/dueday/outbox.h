/* The outbox: the reminders that need an eye (failed, or deferred by the
 * mail server) in the register's reminder ledger, and sending one again at
 * the next reminder pass. What the admin's outbox page reads and does;
 * `dueday outbox` lists the whole ledger. */
#ifndef DUEDAY_OUTBOX_H
#define DUEDAY_OUTBOX_H

#include "dueday/api.h"
#include "dueday/error.h"
#include "dueday/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

DD_BEGIN_DECLS

/* A reminder in the outbox. Strings are borrowed for the callback only. */
typedef struct dd_outbox_entry {
  long id;
  const char *visit_id, *milestone;
  const char *due;       /* "2020-10-29", or "2020-10-29T14:00" */
  const char *threshold; /* "before-5", "due", "overdue-1", "changed" */
  const char *recipient;
  bool failed;         /* failed for good; else deferred (to be tried again) */
  int attempts;        /* how many times the mail server was asked */
  time_t next_attempt; /* a deferred one's next try (Unix time); else 0 */
  int last_code;       /* the mail server's last reply code; 0 none */
  const char *last_error; /* and its text; "" none */
} dd_outbox_entry;

/* Calls fn with arg for each failed or deferred reminder, newest first, at
 * most limit of them (0: no limit); a non-zero return stops the walk.
 * Returns DD_OK after the last; the first non-zero value fn returns;
 * DD_EIO with the reason in diag. */
DD_API int dd_outbox_each(dd_store *st, size_t limit,
                          int (*fn)(const dd_outbox_entry *, void *), void *arg,
                          dd_diag *diag);

/* Makes reminder id, failed or deferred, due at the next reminder pass:
 * pending again with its next try at once, and a failed one's attempts
 * counted from 0 (else its next failure would fail it for good at once).
 * Writes "outbox retry" with actor to the audit log, in the caller's
 * transaction. Returns DD_OK; DD_ENOTFOUND when there is no such
 * reminder, or it is neither failed nor deferred; DD_EIO or DD_ENOMEM with
 * the reason in diag. */
DD_API int dd_outbox_retry(dd_store *st, long id, const char *actor,
                           dd_diag *diag);

DD_END_DECLS

#endif
