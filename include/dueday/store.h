/* The register: visits, what actually happened (events) and an audit log,
 * in an embedded SQLite database. Every write happens inside a transaction
 * the caller opens, so a command's writes land together or not at all. */
#ifndef DUEDAY_STORE_H
#define DUEDAY_STORE_H

#include "dueday/api.h"
#include "dueday/date.h"
#include "dueday/error.h"
#include "dueday/scope.h"
#include "dueday/visit.h"

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

DD_BEGIN_DECLS

typedef struct dd_store dd_store;

/* Opens (creating if need be) the database at path, in WAL mode, and brings
 * its schema up to date. DD_EIO with the reason in diag on failure. */
DD_API int dd_store_open(const char *path, dd_store **out, dd_diag *diag);
DD_API void dd_store_close(dd_store *st);
/* The database file's full path; borrowed from st. */
DD_API const char *dd_store_path(dd_store *st);
/* The schema version the database is at. */
DD_API int dd_store_schema_version(dd_store *st);

/* A write transaction (BEGIN IMMEDIATE: concurrent writers wait their turn,
 * up to a timeout, rather than fail half-way). */
DD_API int dd_store_begin(dd_store *st, dd_diag *diag);
DD_API int dd_store_commit(dd_store *st, dd_diag *diag);
DD_API void dd_store_rollback(dd_store *st);

/* Adds a visit; DD_ECONFLICT when the id exists. actor is written to the
 * audit log. */
DD_API int dd_store_visit_add(dd_store *st, const dd_visit *v,
                              const char *actor, dd_diag *diag);
/* Replaces the stored visit v->id (start, days, status, concerns, names);
 * action and detail ("extend", "days 2 -> 3") go to the audit log.
 * DD_ENOTFOUND when there is no such visit. */
DD_API int dd_store_visit_update(dd_store *st, const dd_visit *v,
                                 const char *actor, const char *action,
                                 const char *detail, dd_diag *diag);
/* Loads visit id into *v and its events, in the order recorded, into
 * *events (*nevents); free with dd_visit_clear and dd_recorded_list_free.
 * DD_ENOTFOUND when there is no such visit. events may be NULL. */
DD_API int dd_store_visit_get(dd_store *st, const char *id, dd_visit *v,
                              dd_recorded **events, size_t *nevents,
                              dd_diag *diag);

/* Records an event against visit_id (which must exist). */
DD_API int dd_store_event_add(dd_store *st, const char *visit_id,
                              const dd_recorded *ev, const char *actor,
                              dd_diag *diag);

/* Calls fn for every visit (ordered by id) with its events; stops at the
 * first non-zero return, which is returned. Everything passed to fn is
 * borrowed for the call only. region, when not NULL, filters. */
typedef int (*dd_visit_fn)(const dd_visit *v, const dd_recorded *events,
                           size_t nevents, void *arg);
DD_API int dd_store_visits_each(dd_store *st, const char *region,
                                dd_visit_fn fn, void *arg, dd_diag *diag);

/* A subscriber to a private feed link. */
typedef struct dd_subscriber {
  long id;
  char *name, *email, *scope; /* owned; free with dd_subscriber_clear */
  char created[32];
  bool revoked;
} dd_subscriber;
DD_API void dd_subscriber_clear(dd_subscriber *s);

/* Adds a subscriber whose token has the hex SHA-256 token_sha256 (the token
 * itself is never stored); *id gets its number. */
DD_API int dd_store_subscriber_add(dd_store *st, const char *name,
                                   const char *email, const char *scope,
                                   const char *token_sha256, const char *actor,
                                   long *id, dd_diag *diag);
/* The live (not revoked) subscriber whose token hashes to token_sha256,
 * compared in constant time. DD_ENOTFOUND otherwise. */
DD_API int dd_store_subscriber_find(dd_store *st, const char *token_sha256,
                                    dd_subscriber *out, dd_diag *diag);
/* Revokes subscriber id; DD_ENOTFOUND if there is none, or it is revoked. */
DD_API int dd_store_subscriber_revoke(dd_store *st, long id, const char *actor,
                                      dd_diag *diag);
/* Calls fn for every subscriber, revoked ones too, by id. */
DD_API int dd_store_subscribers_each(dd_store *st,
                                     int (*fn)(const dd_subscriber *, void *),
                                     void *arg, dd_diag *diag);

/* A number that changes whenever another connection commits a change to
 * the register (PRAGMA data_version): what a cache keys on. */
DD_API int dd_store_data_version(dd_store *st, long *out);

/* When the register last changed (the newest audit row), or 0 when it
 * never has: a feed's Last-Modified. */
DD_API int dd_store_last_change(dd_store *st, time_t *out);

/* Counts the audit rows about visit_id (all rows when NULL). */
DD_API int dd_store_audit_count(dd_store *st, const char *visit_id, int *out,
                                dd_diag *diag);

DD_END_DECLS

#endif
