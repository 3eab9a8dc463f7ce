/* Private to the service library: the planning step of a reminder pass
 * (notify.h). What the reminder policy says is due now, for every visit in
 * the register, goes into the ledger as pending messages; a date that moved
 * queues a "date changed" message to whoever was told the old one; a
 * milestone done or cancelled stops what was waiting. Nothing is sent. */
#ifndef DUEDAY_SRC_SERVICE_NOTIFY_PLAN_H
#define DUEDAY_SRC_SERVICE_NOTIFY_PLAN_H

#include "dueday/date.h"
#include "dueday/planner.h"
#include "dueday/remind.h"
#include "dueday/schedule.h"
#include "dueday/store.h"
#include "notify.h"

#include <stddef.h>

/* How the ledger names a milestone's due date: "2020-12-14", or
 * "2020-12-14T14:00" when it has a time, so that a deadline moved by an
 * hour is a new date too. size: 32 bytes is enough. */
void dd__notify_due_text(const dd_milestone *m, char *buf, size_t size);

/* Plans every visit of st as of London date today at minute minutes (after
 * midnight) under policy: queues what is due, supersedes what a more urgent
 * or newer message replaces, stops what a done or cancelled milestone no
 * longer needs, and updates the marks. Writes go inside the caller's
 * transaction (it commits or rolls back). Adds to sum's visits, queued,
 * changed, superseded, stopped, unaddressed and warned; nothing else of
 * sum is touched. A visit planned despite a warning, or that cannot be
 * planned at all (then skipped, not an error), is handed to opt->warning.
 *
 * Returns DD_OK; DD_ENOMEM; a register failure (DD_EIO etc.) with diag
 * set, after which the caller rolls back. */
int dd__notify_plan(dd_store *st, dd_planner *planner,
                    const dd_remind_policy *policy,
                    const dd_notify_options *opt, dd_date today, int minutes,
                    dd_notify_summary *sum, dd_diag *diag);

#endif
