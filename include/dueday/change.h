/* Changes to a registered visit, checked against the rules and written in
 * one transaction with their audit rows: the one path by which the command
 * line (dueday visit record) and the web pages (Record, Undo) change what
 * happened, so both validate and audit alike. */
#ifndef DUEDAY_CHANGE_H
#define DUEDAY_CHANGE_H

#include "dueday/api.h"
#include "dueday/error.h"
#include "dueday/planner.h"
#include "dueday/schedule.h"
#include "dueday/store.h"
#include "dueday/visit.h"

#include <stddef.h>

DD_BEGIN_DECLS

/* What a change to a registered visit leaves standing though the rules in
 * force would not accept it now (DD_SCHEDULE_WARN_* bits, for
 * dd_planner_schedule_checked): its start, and the rule set it was
 * registered under, though a bank holiday, a closure or a new
 * configuration came since. What is recorded now must fit the rules in
 * force. */
#define DD_CHANGE_KEPT (DD_SCHEDULE_WARN_START | DD_SCHEDULE_WARN_RULES)

/* A milestone whose due date a change moved. */
typedef struct dd_moved {
  const dd_milestone_rule *rule; /* borrowed from the schedules' rule set */
  dd_date before, after;         /* due dates; 0 when it did not apply */
} dd_moved;

/* What a change did: the visit's schedule before and after it, and the
 * milestones whose due dates differ between the two, in the rule set's
 * order. Free with dd_change_clear. */
typedef struct dd_change {
  dd_schedule before, after;
  dd_moved *moved;
  size_t nmoved;
  long audit_id; /* the audit row written for it */
} dd_change;

/* Frees what c holds and empties it; NULL does nothing. */
DD_API void dd_change_clear(dd_change *c);

/* Records ev (a milestone done, or an event such as concerns-found)
 * against visit_id as actor, as of today: in one transaction of its own
 * (st must have none open, or DD_EIO), reads the visit, checks that the
 * rules in force accept the record (what a changed calendar or
 * configuration made of earlier records does not stop it, but nothing new
 * may be out of order or unknown), writes the event and an audit row whose
 * detail names it and every date that moved ("draft-sent on 2020-10-21;
 * final-sent 2020-11-12 -> 2020-11-16"; "none" for a milestone that did
 * not apply, or no longer does), and commits.
 * Returns DD_OK with *out filled (dd_change_clear; it borrows from p);
 * DD_ENOTFOUND (no such visit), DD_EINVAL (the rules refuse it, the visit
 * is cancelled), DD_EIO, DD_ENOMEM with the reason in diag, nothing
 * written and *out empty. */
DD_API int dd_change_record(dd_store *st, dd_planner *p, const char *visit_id,
                            const dd_recorded *ev, const char *actor,
                            dd_date today, dd_change *out, dd_diag *diag);

/* Undoes the latest record of what against visit_id as actor, as
 * dd_change_record records: one transaction, an "undo" audit row naming
 * the record removed and every date that moved; an earlier record of what
 * stands again. The rules check what is left as dd_change_record checks a
 * record: an undo that would leave a later record before the one it is
 * counted from is refused (DD_EINVAL). Returns as dd_change_record;
 * DD_ENOTFOUND also when nothing of what is recorded. */
DD_API int dd_change_undo(dd_store *st, dd_planner *p, const char *visit_id,
                          const char *what, const char *actor, dd_date today,
                          dd_change *out, dd_diag *diag);

DD_END_DECLS

#endif
