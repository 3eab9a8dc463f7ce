/* A subscription's scope: which visits a feed link or a signed-in user
 * may see. One definition, so that every front end draws the line in the
 * same place. */
#ifndef DUEDAY_SCOPE_H
#define DUEDAY_SCOPE_H

#include "dueday/api.h"
#include "dueday/error.h"
#include "dueday/remind.h"
#include "dueday/visit.h"

#include <stdbool.h>

DD_BEGIN_DECLS

/* A subscription's scope: "all", "region:NAME", "inspector:EMAIL",
 * "rim:EMAIL", "visit:ID" or "holidays:DIVISION". */
typedef enum dd_scope_kind {
  DD_SCOPE_ALL,
  DD_SCOPE_REGION,
  DD_SCOPE_INSPECTOR,
  DD_SCOPE_RIM,
  DD_SCOPE_VISIT,
  DD_SCOPE_HOLIDAYS
} dd_scope_kind;

/* Splits scope text into *kind and *value, which points into text (after
 * the colon; "" for all) and is valid as long as text. Returns DD_OK;
 * DD_EINVAL, with the reason in diag, for anything else (an unknown kind,
 * nothing after the colon, an unknown division). */
DD_API int dd_scope_parse(const char *text, dd_scope_kind *kind,
                          const char **value, dd_diag *diag);

/* Whether visit v is inside the scope (kind, value), value as
 * dd_scope_parse gives it. The holidays scope holds no visit. A RIM's
 * scope holds the visits that name that RIM (compared without case). */
DD_API bool dd_scope_includes(dd_scope_kind kind, const char *value,
                              const dd_visit *v);

/* The same under reminder policy p (borrowed; NULL: as dd_scope_includes):
 * a RIM's scope holds the visits whose reminders go to that RIM, their
 * own RIM or, for a visit that names none, its region's configured RIM
 * (the one resolver the reminders use, so that a RIM's feed and e-mail
 * never disagree). */
DD_API bool dd_scope_includes_under(dd_scope_kind kind, const char *value,
                                    const dd_visit *v,
                                    const dd_remind_policy *p);

DD_END_DECLS

#endif
