/* Private to the service library: everyone's reminder preferences, read
 * once at the start of a reminder pass and looked up by address for every
 * recipient of every reminder. */
#ifndef DUEDAY_SRC_SERVICE_PREFS_INDEX_H
#define DUEDAY_SRC_SERVICE_PREFS_INDEX_H

#include "dueday/prefs.h"

#include <stdbool.h>

typedef struct dd__prefs_entry {
  char *email; /* lower case */
  dd_remind_prefs prefs;
} dd__prefs_entry;

typedef struct dd__prefs_index {
  dd__prefs_entry *items; /* by address */
  size_t n, cap;
  bool any_digest; /* someone chose a digest */
} dd__prefs_index;

/* Reads every stored preference of st into *ix (zeroed first). DD_OK;
 * DD_ENOMEM or DD_EIO with diag set. */
int dd__prefs_index_load(dd_store *st, dd__prefs_index *ix, dd_diag *diag);
/* The preferences of address (any case), or NULL when they never chose. */
const dd_remind_prefs *dd__prefs_find(const dd__prefs_index *ix,
                                      const char *address);
void dd__prefs_index_free(dd__prefs_index *ix);

/* The lead times of leads (a milestone's, under the policy) that prefs
 * keep, into *out; the overdue reminder is kept as it is. */
void dd__prefs_leads(const dd_remind_leads *leads, const dd_remind_prefs *prefs,
                     dd_remind_leads *out);

#endif
