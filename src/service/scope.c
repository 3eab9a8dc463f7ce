/* Scopes of feed links and users: parsing "region:North West" and the one
 * test of whether a visit is inside one. */
#include "dueday/scope.h"

#include "dueday/feed.h"
#include "dueday/holiday.h"
#include "reminder.h"
#include "suggest.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
  return dd_scope_includes_under(kind, value, v, NULL);
}

bool dd_scope_includes_under(dd_scope_kind kind, const char *value,
                             const dd_visit *v, const dd_remind_policy *p) {
  const char *rim;
  switch (kind) {
  case DD_SCOPE_ALL:
    return true;
  case DD_SCOPE_REGION:
    return strcmp(v->region, value) == 0;
  case DD_SCOPE_INSPECTOR:
    return strcasecmp(v->inspector, value) == 0; /* an address */
  case DD_SCOPE_RIM:
    /* dd_remind_rim decides where a visit's reminders go; the feed asks
     * the same question (issue 12: the e-mail went to the region's RIM
     * while the feed left the visit out). */
    rim = p != NULL ? dd_remind_rim(p, v) : v->rim;
    return rim != NULL && strcasecmp(rim, value) == 0;
  case DD_SCOPE_VISIT:
    return strcmp(v->id, value) == 0;
  case DD_SCOPE_HOLIDAYS:
    break;
  }
  return false;
}

/* ---- whether a scope names something the register knows ---------------- */

/* What a scope check has found: whether the value is known, the known
 * values met (distinct, up to KNOWN_MAX of them, for the message) and the
 * nearest one. */
enum { KNOWN_MAX = 12 };
struct scope_search {
  dd_scope_kind kind;
  const char *value;
  const dd_remind_policy *policy;
  bool found;
  char known[KNOWN_MAX][128];
  size_t nknown, ndistinct;
  char nearest[128];
  size_t nearest_distance;
};

static void consider(struct scope_search *f, const char *name) {
  if (name == NULL || name[0] == '\0' || f->found)
    return;
  bool exact = f->kind == DD_SCOPE_REGION || f->kind == DD_SCOPE_VISIT
                   ? strcmp(name, f->value) == 0
                   : strcasecmp(name, f->value) == 0;
  if (exact) {
    f->found = true;
    return;
  }
  size_t d = dd__edit_distance(name, f->value, 64);
  if (d < f->nearest_distance) {
    f->nearest_distance = d;
    snprintf(f->nearest, sizeof f->nearest, "%s", name);
  }
  if (f->kind == DD_SCOPE_VISIT)
    return; /* thousands: the nearest only */
  for (size_t i = 0; i < f->nknown; i++)
    if (strcmp(f->known[i], name) == 0)
      return;
  if (f->nknown < KNOWN_MAX)
    snprintf(f->known[f->nknown++], sizeof f->known[0], "%s", name);
  f->ndistinct++;
}

static int scope_visit(const dd_visit *v, const dd_recorded *events,
                       size_t nevents, void *arg) {
  (void)events;
  (void)nevents;
  struct scope_search *f = arg;
  switch (f->kind) {
  case DD_SCOPE_REGION:
    consider(f, v->region);
    break;
  case DD_SCOPE_INSPECTOR:
    consider(f, v->inspector);
    break;
  case DD_SCOPE_RIM:
    consider(f, f->policy ? dd_remind_rim(f->policy, v) : v->rim);
    break;
  case DD_SCOPE_VISIT:
    consider(f, v->id);
    break;
  default:
    break;
  }
  return f->found ? 1 : 0; /* found: no need to read on */
}

int dd_scope_check(dd_store *st, const dd_remind_policy *p, dd_scope_kind kind,
                   const char *value, dd_diag *diag) {
  static const char *const what[] = {[DD_SCOPE_REGION] = "region",
                                     [DD_SCOPE_INSPECTOR] = "inspector",
                                     [DD_SCOPE_RIM] = "RIM",
                                     [DD_SCOPE_VISIT] = "visit"};
  if (kind == DD_SCOPE_ALL || kind == DD_SCOPE_HOLIDAYS)
    return DD_OK; /* dd_scope_parse checked the division */
  struct scope_search *f = calloc(1, sizeof *f);
  if (f == NULL)
    return dd_diag_set(diag, DD_ENOMEM, "out of memory");
  f->kind = kind;
  f->value = value;
  f->policy = p;
  f->nearest_distance = SIZE_MAX;
  /* The configuration's regions are known even with no visit yet, and so
   * are their RIMs. */
  for (size_t i = 0; p != NULL && i < p->nregions; i++)
    consider(f, kind == DD_SCOPE_REGION ? p->regions[i].name
                : kind == DD_SCOPE_RIM  ? p->regions[i].rim
                                        : NULL);
  /* A deleted visit's feed still publishes its events, as cancelled, for
   * one horizon: its id stays a scope. */
  int err = f->found ? DD_OK
                     : dd_store_visits_walk(
                           st, NULL,
                           kind == DD_SCOPE_VISIT ? DD_STORE_WITH_DELETED : 0,
                           scope_visit, f, diag);
  if (err == 1)
    err = DD_OK;
  if (err == DD_OK && !f->found) {
    /* A suggestion only when it is near: a letter in four at most (and in
     * a short name one), so that two addresses of one domain are not
     * taken for each other. */
    size_t len = strlen(value);
    bool near = f->nearest_distance <= (len < 8 ? 1 : len / 4);
    char list[KNOWN_MAX * 130] = "";
    size_t at = 0;
    for (size_t i = 0; i < f->nknown && at < sizeof list; i++)
      at += (size_t)snprintf(list + at, sizeof list - at, "%s\"%s\"",
                             i ? ", " : "", f->known[i]);
    if (near)
      err = dd_diag_set(diag, DD_ENOTFOUND,
                        "the register has no %s \"%s\"; did you mean \"%s\"?",
                        what[kind], value, f->nearest);
    else if (kind == DD_SCOPE_VISIT)
      err =
          dd_diag_set(diag, DD_ENOTFOUND, "no visit %s in the register", value);
    else if (f->nknown == 0)
      err = dd_diag_set(diag, DD_ENOTFOUND,
                        "the register has no %s \"%s\" (it has none at all)",
                        what[kind], value);
    else
      err = dd_diag_set(
          diag, DD_ENOTFOUND, "the register has no %s \"%s\" (known: %s%s)",
          what[kind], value, list, f->ndistinct > f->nknown ? ", ..." : "");
  }
  free(f);
  return err;
}
