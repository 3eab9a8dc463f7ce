/* Calendar feeds of visits' milestones: one event per milestone with a
 * stable UID, a SEQUENCE that goes up when its dates change, and cancelled
 * events for what no longer applies, so that subscribed calendars update
 * rather than duplicate. */
#ifndef DUEDAY_FEED_H
#define DUEDAY_FEED_H

#include "dueday/error.h"
#include "dueday/planner.h"
#include "dueday/schedule.h"
#include "dueday/store.h"
#include "dueday/token.h"

#include <stddef.h>
#include <time.h>

typedef struct dd_feed dd_feed;

/* A feed named calname. dtstamp is the DTSTAMP of its events (now, or a
 * pinned time for reproducible output). */
int dd_feed_new(const char *calname, time_t dtstamp, dd_feed **out,
                dd_diag *diag);
void dd_feed_free(dd_feed *feed);

/* Adds the milestones of visit v with its schedule s. SEQUENCE and what was
 * published before come from, and go to, the register st (inside a write
 * transaction): a milestone whose dates changed since the last feed gets
 * the next SEQUENCE; one that stopped applying, or of a cancelled visit, is
 * published with STATUS:CANCELLED; one never published and not applying is
 * left out. */
int dd_feed_add_visit(dd_feed *feed, dd_store *st, const dd_visit *v,
                      const dd_schedule *s, dd_diag *diag);

/* The number of events added so far. */
size_t dd_feed_count(const dd_feed *feed);

/* The iCalendar text; the caller frees it. NULL when out of memory. */
char *dd_feed_text(const dd_feed *feed, size_t *len);

/* The whole feed of a scope (see dueday/token.h for scopes): every visit of
 * the register in it planned as of today, or a division's bank holidays
 * from the year before today's to two years after. Writes the register's
 * feed state in one transaction, committed only when the text was made.
 * Returns DD_OK with *text (caller frees) and *len, and *nevents events;
 * DD_ENOTFOUND for a visit scope naming no visit. */
int dd_feed_build(dd_store *st, dd_planner *planner, dd_scope_kind kind,
                  const char *value, const char *calname, dd_date today,
                  time_t dtstamp, char **text, size_t *len, size_t *nevents,
                  dd_diag *diag);

#endif
