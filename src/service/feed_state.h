/* Private to the service library: what each feed last published of each
 * milestone, so that a moved date gets the next SEQUENCE (feed.c writes it,
 * notify.c reads it for the attachments it sends). */
#ifndef DUEDAY_SRC_FEED_STATE_H
#define DUEDAY_SRC_FEED_STATE_H

#include "dueday/scope.h"
#include "dueday/store.h"

#include <stddef.h>

/* What a feed last published of (visit_id, milestone) and its SEQUENCE.
 * published is a fingerprint of what the event says (its dates, time and
 * status): the first time it is stored with sequence 0; when it differs
 * from the stored one, it replaces it and the sequence goes up by one
 * (RFC 5545: a revision that changes the dates increments SEQUENCE). With
 * published NULL it only looks. previous (when not NULL) receives the
 * fingerprint stored before the call, "" for none. Writes: call inside a
 * transaction. */
int dd_store_feed_state(dd_store *st, const char *visit_id,
                        const char *milestone, const char *published,
                        int *sequence, char *previous, size_t size,
                        dd_diag *diag);

/* Calls fn with every feed state row of the visits in a scope (all, a
 * region, an inspector, a RIM or one visit; see dueday/scope.h), ordered
 * by visit id (a visit's rows together), the strings borrowed for the call
 * only; stops at the first non-zero return, which is returned. One query
 * for a whole feed, rather than dd_store_feed_state's one per milestone.
 * DD_EINVAL for the holidays scope, which has no feed state. */
typedef int (*dd_feed_state_fn)(const char *visit_id, const char *milestone,
                                const char *published, int sequence, void *arg);
int dd_store_feed_states_each(dd_store *st, dd_scope_kind kind,
                              const char *value, dd_feed_state_fn fn, void *arg,
                              dd_diag *diag);

/* Calls fn with the id of every cancelled visit (ordered by id) and the
 * day (UTC) of its latest "cancel" in the audit log (or "delete", for a
 * register that marks deleted visits so: they leave feeds as cancelled
 * ones do); the id is borrowed
 * for the call only. A cancelled visit with no such row (imported
 * cancelled) is not listed. Stops at fn's first non-zero return. */
typedef int (*dd__cancellation_fn)(const char *visit_id, dd_date day,
                                   void *arg);
int dd__store_cancellations_each(dd_store *st, dd__cancellation_fn fn,
                                 void *arg, dd_diag *diag);

#endif
