/* A visit as registered and what was recorded against it: plain records
 * that the rule engine plans from and the register stores, kept apart from
 * either so that neither appears to depend on the other. */
#ifndef DUEDAY_VISIT_H
#define DUEDAY_VISIT_H

#include "dueday/api.h"
#include "dueday/date.h"
#include "dueday/error.h"

#include <stdbool.h>
#include <stddef.h>

DD_BEGIN_DECLS

/* Where a visit stands in the register. */
typedef enum dd_visit_status {
  DD_VISIT_PLANNED,
  DD_VISIT_LIVE,
  DD_VISIT_COMPLETED,
  DD_VISIT_DEFERRED,
  DD_VISIT_CANCELLED
} dd_visit_status;

/* The name of s, "planned", "live", ...; NULL outside the enum. Static
 * storage. */
DD_API const char *dd_visit_status_name(dd_visit_status s);
/* Parses a name dd_visit_status_name gives into *out. Returns DD_OK;
 * DD_EINVAL for an unknown name, with *out untouched. */
DD_API int dd_visit_status_parse(const char *name, dd_visit_status *out);

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

/* Frees v's strings, not v itself (the caller's), and sets them to NULL;
 * NULL does nothing. For a visit the library filled (dd_store_visit_get):
 * strings a caller put in are the caller's to free. */
DD_API void dd_visit_clear(dd_visit *v);

/* True when id can be a visit id. Visit ids are typed by people and appear
 * in feed links: 1 to 64 letters, digits, '-', '_' or '.'. */
DD_API bool dd_visit_id_valid(const char *id);
/* Frees r's strings, not r itself, and sets them to NULL; NULL does
 * nothing. For a record the library filled. */
DD_API void dd_recorded_clear(dd_recorded *r);

/* Frees an array of n records as dd_store_visit_get returns it: each
 * record's strings, then the array. NULL with n 0 does nothing. */
DD_API void dd_recorded_list_free(dd_recorded *events, size_t n);

DD_END_DECLS

#endif
