/* Changes to a registered visit, checked against the rules and written in
 * one transaction with their audit rows: the one path by which the command
 * line (dueday visit record, unrecord, edit, import --update) and the web
 * pages (Record, Undo) change what happened or what the visit is, so all
 * validate and audit alike. */
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

/* For dd_change_record_as: a milestone recorded already is recorded again
 * in its place (the earlier record is kept, superseded: the latest
 * counts, and dd_change_undo brings the earlier back). Without it, such a
 * record is refused. Events (concerns-found, complaint-received, ...) may
 * be recorded any number of times either way. */
#define DD_CHANGE_REPLACE 1u

/* dd_change_record with flags: without DD_CHANGE_REPLACE, a milestone of
 * the visit's rules that has a record already is refused with
 * DD_ECONFLICT, diag saying "draft-sent already recorded on
 * 2020-10-01 by X", nothing written. dd_change_record is
 * dd_change_record_as with DD_CHANGE_REPLACE. */
DD_API int dd_change_record_as(dd_store *st, dd_planner *p,
                               const char *visit_id, const dd_recorded *ev,
                               const char *actor, dd_date today, unsigned flags,
                               dd_change *out, dd_diag *diag);

/* The fields of a visit that an edit or an import may change, in the
 * order dd_visit_field numbers them (0 to DD_VISIT_NFIELDS - 1). */
enum { DD_VISIT_NFIELDS = 13 };

/* The name of field i of a visit ("type", "name", "urn", "setting",
 * "local_authority", "region", "division", "inspector", "rim", "start",
 * "days", "status", "concerns"), static; and v's value of it as text
 * into *value: a string field borrowed from v, another written into buf
 * (size bytes; 16 are enough) and pointing there. NULL, *value
 * untouched, for i outside the range. */
DD_API const char *dd_visit_field(const dd_visit *v, int i, char *buf,
                                  size_t size, const char **value);

/* How many fields of after differ from before's (as dd_visit_field has
 * them; ids are not compared). */
DD_API int dd_visit_diff(const dd_visit *before, const dd_visit *after);

/* Changes the registered visit after->id to after's fields as actor, as
 * of today, in one transaction of its own (st must have none open): reads
 * the visit, plans it as it was and as edited, with its events, checks the
 * edited one as a new visit's start is checked when its start, days on
 * site, type or division change (else what a changed calendar made of it
 * stands, as for a record), writes it and one "edit" audit row naming
 * each field's old and new value and every due date that moved
 * ("region North West -> London; start 2020-09-21 -> 2020-09-28;
 * draft-sent 2020-10-16 -> 2020-10-23"), and commits. Nothing differs:
 * nothing is written (no audit row) and out->nmoved is 0, with
 * out->audit_id 0. A cancelled visit may be edited (its status too).
 * Returns as dd_change_record: DD_ENOTFOUND (no such visit, or deleted),
 * DD_EINVAL (the rules refuse it), DD_EIO, DD_ENOMEM with the reason in
 * diag, nothing written and *out empty. */
DD_API int dd_change_edit(dd_store *st, dd_planner *p, const dd_visit *after,
                          const char *actor, dd_date today, dd_change *out,
                          dd_diag *diag);

/* The audit detail of an edit from before to after with c's moved dates,
 * as dd_change_edit writes it; the caller frees it. NULL when out of
 * memory. For an import that updates a visit in a transaction it holds. */
DD_API char *dd_change_edit_detail(const dd_visit *before,
                                   const dd_visit *after, const dd_change *c);

/* Plans visit before->id as it is (before, with its events) and as after
 * (same events), checking after as dd_change_edit does, into *out, without
 * reading or writing the register. Returns DD_OK; DD_EINVAL with "ID: why"
 * in diag; DD_ENOMEM. For a caller that writes the change itself in a
 * transaction of its own (an import). */
DD_API int dd_change_plan_edit(dd_planner *p, const dd_visit *before,
                               const dd_visit *after, const dd_recorded *events,
                               size_t n, dd_date today, dd_change *out,
                               dd_diag *diag);

DD_END_DECLS

#endif
