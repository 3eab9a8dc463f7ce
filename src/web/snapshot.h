/* Every registered visit with its milestones as of today, planned once and
 * kept until the register, the day or the planner changes: what the
 * deadlines page and its CSV filter per request. Planning a 10,000-visit
 * region takes tens of milliseconds, and a dashboard that does it for each
 * request cannot answer fifty at once within its 50 ms; filtering the
 * planned rows takes well under one. Compact on purpose: a row is a
 * milestone's dates and status, not its explanation (the visit page plans
 * its one visit in full). */
#ifndef DUEDAY_SRC_WEB_SNAPSHOT_H
#define DUEDAY_SRC_WEB_SNAPSHOT_H

#include "dueday/planner.h"
#include "dueday/store.h"

#include <stdbool.h>
#include <stddef.h>

/* One milestone of a planned visit. */
typedef struct dd__web_row {
  const dd_milestone_rule *rule; /* borrowed from the planner's rules */
  dd_date due, earliest, done;
  short due_time;       /* minutes after midnight or DD_TIME_NONE */
  short days_off;       /* as dd_milestone.days_off */
  unsigned char status; /* dd_status */
  bool applies;
} dd__web_row;

/* A visit and its milestones. Strings are the snapshot's. */
typedef struct dd__web_planned {
  dd_visit visit;
  bool planned;            /* false: it could not be planned (see warning) */
  unsigned warnings;       /* DD_SCHEDULE_WARN_* of its schedule */
  const dd__web_row *rows; /* in the rule set's order */
  size_t nrows;
} dd__web_planned;

typedef struct dd__web_snapshot dd__web_snapshot;

/* An empty snapshot; NULL when out of memory. */
dd__web_snapshot *dd__web_snapshot_new(void);
void dd__web_snapshot_free(dd__web_snapshot *s);

/* The visits of st (ordered by id) planned by p as of today, into *out
 * and *n, borrowed from s until the next call or invalidation: planned
 * again when the register changed (PRAGMA data_version, or an
 * invalidation), today moved or p is another planner. Returns DD_OK;
 * DD_EIO or DD_ENOMEM with the reason in diag, *n then 0. */
int dd__web_snapshot_get(dd__web_snapshot *s, dd_store *st, dd_planner *p,
                         dd_date today, const dd__web_planned **out, size_t *n,
                         dd_diag *diag);

/* Forgets what was planned: after a write through this same connection
 * (which does not move its own data_version) or a reload of the planner
 * (before the old one is freed). */
void dd__web_snapshot_invalidate(dd__web_snapshot *s);

#endif
