/* Reminder policy as the configuration states it: lead times in working
 * days before a milestone's due day, then one "overdue" reminder, and who
 * receives them. The service library's notify pass acts on it. */
#ifndef DUEDAY_REMIND_H
#define DUEDAY_REMIND_H

#include "dueday/api.h"

#include <stdbool.h>
#include <stddef.h>

DD_BEGIN_DECLS

/* The most lead times a milestone can have. */
#define DD_REMIND_MAX_LEADS 8

/* Who a reminder goes to (bits). */
enum {
  DD_TO_ACTOR = 1u << 0,     /* whoever acts: the RIM for the RIM's
                                milestones, else the inspector (who chases
                                the provider for the provider's) */
  DD_TO_INSPECTOR = 1u << 1, /* the visit's inspector */
  DD_TO_RIM = 1u << 2        /* the visit's RIM, else the region's */
};

/* A region's RIM and who else gets its reminders. */
typedef struct dd_remind_region {
  const char *name;         /* as in the register ("North West") */
  const char *rim;          /* for visits that name no RIM; or NULL */
  const char *const *extra; /* copied on every reminder of the region */
  size_t nextra;
} dd_remind_region;

/* Lead times: working days before the due day, most distant first, 0 for
 * the day itself; then one reminder overdue_after working days after it
 * (0: none). */
typedef struct dd_remind_leads {
  int days[DD_REMIND_MAX_LEADS];
  size_t n;
  int overdue_after;
} dd_remind_leads;

/* Lead times for one milestone instead of the policy's. */
typedef struct dd_remind_override {
  const char *milestone; /* a milestone id */
  dd_remind_leads leads;
} dd_remind_override;

/* The whole reminder policy (the configuration's "reminders" section). */
typedef struct dd_remind_policy {
  dd_remind_leads leads; /* default: 5, 2 and 0 before, overdue after 1 */
  int send_at;           /* minutes after midnight, London; default 08:00 */
  bool digest;           /* one message a day per recipient */
  unsigned to;           /* DD_TO_* bits; default DD_TO_ACTOR */
  unsigned overdue_to;   /* default DD_TO_ACTOR | DD_TO_RIM */
  const dd_remind_region *regions;
  size_t nregions;
  const dd_remind_override *overrides;
  size_t noverrides;
} dd_remind_policy;

/* Fills *p (the caller's) with the built-in policy: the defaults above, no
 * regions and no overrides. */
DD_API void dd_remind_policy_default(dd_remind_policy *p);

/* The lead times for the milestone whose id is milestone under p: its
 * override, else p's default leads. Borrowed from p. */
DD_API const dd_remind_leads *dd_remind_leads_for(const dd_remind_policy *p,
                                                  const char *milestone);

DD_END_DECLS

#endif
