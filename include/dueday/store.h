/* The register: visits, what actually happened (events) and an audit log,
 * in an embedded SQLite database. Every write happens inside a transaction
 * the caller opens, so a command's writes land together or not at all. */
#ifndef DUEDAY_STORE_H
#define DUEDAY_STORE_H

#include "dueday/date.h"
#include "dueday/error.h"
#include "dueday/token.h"

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

typedef struct dd_store dd_store;

typedef enum dd_visit_status {
  DD_VISIT_PLANNED,
  DD_VISIT_LIVE,
  DD_VISIT_COMPLETED,
  DD_VISIT_DEFERRED,
  DD_VISIT_CANCELLED
} dd_visit_status;

/* "planned", "live", ...; NULL outside the enum. */
const char *dd_visit_status_name(dd_visit_status s);
/* DD_EINVAL for an unknown name. */
int dd_visit_status_parse(const char *name, dd_visit_status *out);

/* A visit as registered. Strings are owned by whoever filled the struct:
 * by the store for dd_store_visit_get (free with dd_visit_clear). */
typedef struct dd_visit {
  char *id;   /* "SC123456-2020-09" */
  char *type; /* a visit type of the configuration */
  char *name; /* the provider or local authority */
  char *urn, *setting, *local_authority, *region, *division;
  char *inspector, *rim; /* e-mail addresses */
  dd_date start;
  int days_on_site;
  dd_visit_status status;
  bool concerns;
} dd_visit;

/* Something recorded against a visit. */
typedef struct dd_recorded {
  char *what; /* a milestone id, or an event such as "concerns-found" */
  dd_date date;
  int time; /* minutes after midnight, or -1 */
  char *by, *note;
} dd_recorded;

void dd_visit_clear(dd_visit *v);

/* Visit ids are typed by people and appear in feed links: 1 to 64 letters,
 * digits, '-', '_' or '.'. */
bool dd_visit_id_valid(const char *id);
void dd_recorded_clear(dd_recorded *r);

/* Opens (creating if need be) the database at path, in WAL mode, and brings
 * its schema up to date. DD_EIO with the reason in diag on failure. */
int dd_store_open(const char *path, dd_store **out, dd_diag *diag);
void dd_store_close(dd_store *st);
/* The database file's full path; borrowed from st. */
const char *dd_store_path(dd_store *st);
/* The schema version the database is at. */
int dd_store_schema_version(dd_store *st);

/* A write transaction (BEGIN IMMEDIATE: concurrent writers wait their turn,
 * up to a timeout, rather than fail half-way). */
int dd_store_begin(dd_store *st, dd_diag *diag);
int dd_store_commit(dd_store *st, dd_diag *diag);
void dd_store_rollback(dd_store *st);

/* Adds a visit; DD_ECONFLICT when the id exists. actor is written to the
 * audit log. */
int dd_store_visit_add(dd_store *st, const dd_visit *v, const char *actor,
                       dd_diag *diag);
/* Replaces the stored visit v->id (start, days, status, concerns, names);
 * action and detail ("extend", "days 2 -> 3") go to the audit log.
 * DD_ENOTFOUND when there is no such visit. */
int dd_store_visit_update(dd_store *st, const dd_visit *v, const char *actor,
                          const char *action, const char *detail,
                          dd_diag *diag);
/* Loads visit id into *v and its events, in the order recorded, into
 * *events (*nevents); free with dd_visit_clear and dd_recorded_list_free.
 * DD_ENOTFOUND when there is no such visit. events may be NULL. */
int dd_store_visit_get(dd_store *st, const char *id, dd_visit *v,
                       dd_recorded **events, size_t *nevents, dd_diag *diag);
void dd_recorded_list_free(dd_recorded *events, size_t n);

/* Records an event against visit_id (which must exist). */
int dd_store_event_add(dd_store *st, const char *visit_id,
                       const dd_recorded *ev, const char *actor, dd_diag *diag);

/* Calls fn for every visit (ordered by id) with its events; stops at the
 * first non-zero return, which is returned. Everything passed to fn is
 * borrowed for the call only. region, when not NULL, filters. */
typedef int (*dd_visit_fn)(const dd_visit *v, const dd_recorded *events,
                           size_t nevents, void *arg);
int dd_store_visits_each(dd_store *st, const char *region, dd_visit_fn fn,
                         void *arg, dd_diag *diag);

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
 * region, an inspector, a RIM or one visit; see dueday/token.h), ordered
 * by visit id (a visit's rows together), the strings borrowed for the call
 * only; stops at the first non-zero return, which is returned. One query
 * for a whole feed, rather than dd_store_feed_state's one per milestone.
 * DD_EINVAL for the holidays scope, which has no feed state. */
typedef int (*dd_feed_state_fn)(const char *visit_id, const char *milestone,
                                const char *published, int sequence, void *arg);
int dd_store_feed_states_each(dd_store *st, dd_scope_kind kind,
                              const char *value, dd_feed_state_fn fn, void *arg,
                              dd_diag *diag);

/* A subscriber to a private feed link. */
typedef struct dd_subscriber {
  long id;
  char *name, *email, *scope; /* owned; free with dd_subscriber_clear */
  char created[32];
  bool revoked;
} dd_subscriber;
void dd_subscriber_clear(dd_subscriber *s);

/* Adds a subscriber whose token has the hex SHA-256 token_sha256 (the token
 * itself is never stored); *id gets its number. */
int dd_store_subscriber_add(dd_store *st, const char *name, const char *email,
                            const char *scope, const char *token_sha256,
                            const char *actor, long *id, dd_diag *diag);
/* The live (not revoked) subscriber whose token hashes to token_sha256,
 * compared in constant time. DD_ENOTFOUND otherwise. */
int dd_store_subscriber_find(dd_store *st, const char *token_sha256,
                             dd_subscriber *out, dd_diag *diag);
/* Revokes subscriber id; DD_ENOTFOUND if there is none, or it is revoked. */
int dd_store_subscriber_revoke(dd_store *st, long id, const char *actor,
                               dd_diag *diag);
/* Calls fn for every subscriber, revoked ones too, by id. */
int dd_store_subscribers_each(dd_store *st,
                              int (*fn)(const dd_subscriber *, void *),
                              void *arg, dd_diag *diag);

/* A number that changes whenever another connection commits a change to
 * the register (PRAGMA data_version): what a cache keys on. */
int dd_store_data_version(dd_store *st, long *out);

/* When the register last changed (the newest audit row), or 0 when it
 * never has: a feed's Last-Modified. */
int dd_store_last_change(dd_store *st, time_t *out);

/* Counts the audit rows about visit_id (all rows when NULL). */
int dd_store_audit_count(dd_store *st, const char *visit_id, int *out,
                         dd_diag *diag);

#endif
