/* Private to the service library: the delivery step of a reminder pass
 * (notify.h). Each pending message whose time has come is checked against
 * the register (a milestone done meanwhile stops it), written
 * (notify_text.h), handed to the mail server, and the server's answer
 * recorded in the ledger the moment it comes. */
#ifndef DUEDAY_SRC_SERVICE_NOTIFY_DELIVER_H
#define DUEDAY_SRC_SERVICE_NOTIFY_DELIVER_H

#include "dueday/date.h"
#include "dueday/planner.h"
#include "dueday/store.h"
#include "notify.h"

/* A message is given up after this many temporary failures: two days of a
 * server that keeps saying "later" is an answer. */
enum { DD_NOTIFY_MAX_ATTEMPTS = 16 };

/* Tries every pending row of st's ledger due at opt->now (London date
 * today), one message per row or, when the policy says digest, one per
 * recipient; through opt->smtp, or in a dry run not at all. Records each
 * answer: sent, retried later with backoff (a 4xx), failed (a 5xx, an
 * address that cannot be written, or DD_NOTIFY_MAX_ATTEMPTS 4xx), or left
 * for the next pass (the server unreachable: the rest are not tried). A
 * dry run changes nothing. Calls opt->report for each reminder tried and
 * adds to sum's sent, would_send, deferred, failed, unsent, stopped and
 * accept_to_record times.
 *
 * Returns DD_OK whatever the server answered; DD_ENOMEM or a register
 * failure (DD_EIO etc.) with diag set. */
int dd__notify_deliver(dd_store *st, dd_planner *planner,
                       const dd_notify_options *opt, dd_date today,
                       dd_notify_summary *sum, dd_diag *diag);

#endif
