/* Calendar feeds of visits' milestones: one event per milestone with a
 * stable UID, a SEQUENCE that goes up when its dates change, and cancelled
 * events for what no longer applies, so that subscribed calendars update
 * rather than duplicate. */
#ifndef DUEDAY_FEED_H
#define DUEDAY_FEED_H

#include "dueday/api.h"
#include "dueday/error.h"
#include "dueday/planner.h"
#include "dueday/schedule.h"
#include "dueday/scope.h"
#include "dueday/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

DD_BEGIN_DECLS

/* The DTSTAMP of a feed made on today: when today is pinned rather than
 * read from the clock ($DUEDAY_TODAY, in tests), midnight UTC of today, so
 * that the same register gives the same bytes; else the time now. */
DD_API time_t dd_feed_dtstamp(dd_date today, bool pinned);

/* The whole feed of a scope (see dueday/scope.h for scopes; a RIM's as
 * dd_scope_includes_under resolves it under the planner's reminder
 * policy), with no horizon (dd_feed_build_within has one): every visit of
 * the register in it planned as of today, or a division's bank holidays
 * from the year before today's to two years after (st may then be NULL).
 * st and planner are borrowed; value and calname (X-WR-CALNAME) are read
 * during the call only. Writes the register's feed state in a transaction
 * of its own, committed only when the text was made: call it outside one.
 * When the state cannot be written (st open read only, a full disk, a file
 * made read only), the feed is made all the same, each event with the
 * SEQUENCE the write would have given it. Returns DD_OK with *text
 * (NUL-terminated; the caller frees it with free()), its length in *len
 * and the count of events in *nevents, and diag->message "" or, when feed
 * state was not kept, why (for the caller to log, once);
 * DD_ENOTFOUND for a visit scope naming no visit; the errors of the
 * register and the planner, and DD_ENOMEM, with the reason in diag. On
 * failure *text is NULL. */
DD_API int dd_feed_build(dd_store *st, dd_planner *planner, dd_scope_kind kind,
                         const char *value, const char *calname, dd_date today,
                         time_t dtstamp, char **text, size_t *len,
                         size_t *nevents, dd_diag *diag);

/* dd_feed_build with a horizon (issue 12): the feed holds the events whose
 * last day is at most horizon_days before today, and every later one; a
 * cancelled visit's events are published cancelled (their SUMMARY
 * "Cancelled: ...") until horizon_days after the day it was cancelled
 * (the audit log's), then left out. horizon_days < 0: no horizon, as
 * dd_feed_build. Events left out keep their feed state, so that one that
 * comes back is numbered on from what was published. */
DD_API int dd_feed_build_within(dd_store *st, dd_planner *planner,
                                dd_scope_kind kind, const char *value,
                                const char *calname, dd_date today,
                                time_t dtstamp, int horizon_days, char **text,
                                size_t *len, size_t *nevents, dd_diag *diag);

/* The calendar's name (X-WR-CALNAME) for scope (kind, value), which says
 * what it holds: "dueday: North West deadlines", "dueday: deadlines of
 * EMAIL", "dueday: EMAIL as RIM", "dueday: visit ID", "dueday: all
 * deadlines", "UK bank holidays: DIVISION". Into buf (size bytes, cut at a
 * character); returns buf. */
DD_API char *dd_feed_calname(dd_scope_kind kind, const char *value, char *buf,
                             size_t size);

/* Whether scope (kind, value) names something: a region, inspector or RIM
 * of a visit in the register (a RIM as policy p resolves it, see
 * dd_scope_includes_under) or of p's regions, or a visit of the register;
 * the all and holidays scopes always do. st and p (NULL: none) borrowed.
 * Returns DD_OK; DD_ENOTFOUND with a message in diag that lists the known
 * ones ("the register has no region \"Nort West\"; did you mean
 * \"North West\"?"); DD_EIO or DD_ENOMEM. Regions and visit ids are
 * compared as written, addresses without case. */
DD_API int dd_scope_check(dd_store *st, const dd_remind_policy *p,
                          dd_scope_kind kind, const char *value, dd_diag *diag);

DD_END_DECLS

#endif
