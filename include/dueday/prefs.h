/* Each person's own reminder preferences, kept in the register: which of
 * the configured lead times they want, a daily digest or a message per
 * reminder, and a period away during which the visit's RIM gets their
 * reminders instead. Someone without preferences gets what the
 * configuration's policy says, unchanged. */
#ifndef DUEDAY_PREFS_H
#define DUEDAY_PREFS_H

#include "dueday/api.h"
#include "dueday/date.h"
#include "dueday/error.h"
#include "dueday/remind.h"
#include "dueday/store.h"

#include <stdbool.h>
#include <stddef.h>

DD_BEGIN_DECLS

/* The most lead times on offer: the policy's and its overrides', merged. */
#define DD_PREFS_MAX_CHOICES (2 * DD_REMIND_MAX_LEADS)

typedef struct dd_remind_prefs {
  /* The lead times kept (working days before the due day, 0 for the day
   * itself), most distant first; none: only the overdue reminder. */
  int lead_days[DD_PREFS_MAX_CHOICES];
  size_t nlead;
  bool digest;                /* one message a day rather than one each */
  dd_date away_from, away_to; /* both 0: not away; else inclusive */
} dd_remind_prefs;

/* The lead times a person may choose from under policy: every lead time of
 * its default and of its per-milestone overrides, most distant first,
 * without repeats, into days (room for DD_PREFS_MAX_CHOICES). Returns how
 * many. */
DD_API size_t dd_remind_choices(const dd_remind_policy *policy, int *days);

/* prefs as policy would have it for someone who never chose: every lead
 * time on offer, the policy's digest setting, not away. */
DD_API void dd_remind_prefs_default(const dd_remind_policy *policy,
                                    dd_remind_prefs *prefs);

/* Whether prefs say their owner is away on London date day. */
DD_API bool dd_remind_prefs_away_on(const dd_remind_prefs *prefs, dd_date day);

/* The preferences of email (any case) into *out. Returns DD_OK;
 * DD_ENOTFOUND when they never chose (*out is then the defaults of
 * policy, when policy is not NULL); DD_EIO with the reason in diag. */
DD_API int dd_store_prefs_get(dd_store *st, const char *email,
                              const dd_remind_policy *policy,
                              dd_remind_prefs *out, dd_diag *diag);

/* Stores prefs as the user email's (any case) and writes a "prefs" row to
 * the audit log with the user's address as actor, in a transaction of its
 * own. Returns DD_OK; DD_ENOTFOUND when email is no user; DD_EINVAL, with
 * the reason in diag, for a lead time policy does not offer, one given
 * twice, or an away period that ends before it starts or is half given;
 * DD_EIO with the reason in diag. */
DD_API int dd_store_prefs_set(dd_store *st, const char *email,
                              const dd_remind_prefs *prefs,
                              const dd_remind_policy *policy, dd_diag *diag);

/* Calls fn with arg for the stored preferences of every user (someone
 * removed has the policy's again), ordered by address (lower case);
 * borrowed for the call. A non-zero return stops the
 * walk and is returned. DD_EIO with the reason in diag. */
DD_API int dd_store_prefs_each(dd_store *st,
                               int (*fn)(const char *email,
                                         const dd_remind_prefs *prefs,
                                         void *arg),
                               void *arg, dd_diag *diag);

DD_END_DECLS

#endif
