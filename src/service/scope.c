/* Scopes of feed links and users: parsing "region:North West" and the one
 * test of whether a visit is inside one. */
#include "dueday/scope.h"

#include "dueday/holiday.h"

#include <string.h>

int dd_scope_parse(const char *text, dd_scope_kind *kind, const char **value,
                   dd_diag *diag) {
  static const struct {
    const char *prefix;
    dd_scope_kind kind;
  } kinds[] = {{"region:", DD_SCOPE_REGION},
               {"inspector:", DD_SCOPE_INSPECTOR},
               {"rim:", DD_SCOPE_RIM},
               {"visit:", DD_SCOPE_VISIT},
               {"holidays:", DD_SCOPE_HOLIDAYS}};
  if (strcmp(text, "all") == 0) {
    *kind = DD_SCOPE_ALL;
    *value = text + 3;
    return DD_OK;
  }
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
    size_t n = strlen(kinds[i].prefix);
    if (strncmp(text, kinds[i].prefix, n) != 0)
      continue;
    if (text[n] == '\0')
      return dd_diag_set(diag, DD_EINVAL,
                         "scope \"%s\" names nothing after "
                         "the colon",
                         text);
    if (kinds[i].kind == DD_SCOPE_HOLIDAYS && !dd_division_known(text + n))
      return dd_diag_set(diag, DD_EINVAL, "scope \"%s\": unknown division",
                         text);
    *kind = kinds[i].kind;
    *value = text + n;
    return DD_OK;
  }
  return dd_diag_set(diag, DD_EINVAL,
                     "unknown scope \"%s\" (use all, region:NAME, "
                     "inspector:EMAIL, rim:EMAIL, visit:ID or "
                     "holidays:DIVISION)",
                     text);
}

bool dd_scope_includes(dd_scope_kind kind, const char *value,
                       const dd_visit *v) {
  switch (kind) {
  case DD_SCOPE_ALL:
    return true;
  case DD_SCOPE_REGION:
    return strcmp(v->region, value) == 0;
  case DD_SCOPE_INSPECTOR:
    return strcmp(v->inspector, value) == 0;
  case DD_SCOPE_RIM:
    return strcmp(v->rim, value) == 0;
  case DD_SCOPE_VISIT:
    return strcmp(v->id, value) == 0;
  case DD_SCOPE_HOLIDAYS:
    break;
  }
  return false;
}
