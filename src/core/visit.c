/* The plain visit record: its status names, its id rule, and freeing what
 * a filled record owns. */
#include "dueday/visit.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_names[] = {"planned", "live", "completed",
                                           "deferred", "cancelled"};

const char *dd_visit_status_name(dd_visit_status s) {
  return (unsigned)s < 5 ? status_names[s] : NULL;
}

int dd_visit_status_parse(const char *name, dd_visit_status *out) {
  for (int i = 0; i < 5; i++) {
    if (strcmp(name, status_names[i]) == 0) {
      *out = (dd_visit_status)i;
      return DD_OK;
    }
  }
  return DD_EINVAL;
}

bool dd_visit_id_valid(const char *id) {
  size_t n = strlen(id);
  if (n == 0 || n > 64)
    return false;
  for (const char *c = id; *c; c++)
    if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_' && *c != '.')
      return false;
  return true;
}

void dd_visit_clear(dd_visit *v) {
  if (v == NULL)
    return;
  char **fields[] = {&v->id,     &v->type,     &v->name,
                     &v->urn,    &v->setting,  &v->local_authority,
                     &v->region, &v->division, &v->inspector,
                     &v->rim};
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
    free(*fields[i]);
    *fields[i] = NULL;
  }
}

void dd_recorded_clear(dd_recorded *r) {
  if (r == NULL)
    return;
  free(r->what);
  free(r->by);
  free(r->note);
  r->what = r->by = r->note = NULL;
}

void dd_recorded_list_free(dd_recorded *events, size_t n) {
  for (size_t i = 0; i < n; i++)
    dd_recorded_clear(&events[i]);
  free(events);
}
