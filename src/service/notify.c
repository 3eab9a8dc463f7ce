/* A reminder pass: plan into the ledger (notify_plan.c), then send what it
 * holds (notify_deliver.c, with the words from notify_text.c). The plan is
 * one transaction and lands whole before anything is sent; each message's
 * answer is recorded the moment it comes. */
#include "notify.h"

#include "dueday/clock.h"
#include "notify_deliver.h"
#include "notify_plan.h"

#include <string.h>

const char *dd_notify_outcome_name(dd_notify_outcome o) {
  static const char *const names[] = {"sent",   "would send", "deferred",
                                      "failed", "unsent",     "stopped"};
  return (unsigned)o < sizeof names / sizeof names[0] ? names[o] : "?";
}

/* Whether d is a sending day: a working day in the configuration's
 * calendar or in any division's. Each visit's reminders follow its own
 * division's calendar (notify_plan.c): a Scottish deadline on Easter
 * Monday, a bank holiday in England and Wales only, is "due today" on that
 * day, so the pass must run there. A division whose data cannot be loaded
 * counts for nothing here; its visits say so when they are planned. */
static bool sending_day(dd_planner *planner, const dd_calendar *cal,
                        dd_date d) {
  if (dd_calendar_is_working(cal, d, NULL))
    return true;
  for (const char *const *div = dd_divisions; *div; div++) {
    const dd_calendar *other;
    dd_diag ignored;
    if (dd_planner_calendar(planner, *div, &other, &ignored) == DD_OK &&
        dd_calendar_is_working(other, d, NULL))
      return true;
  }
  return false;
}

/* The next sending time after now: send_at on a sending day. */
static time_t next_window(dd_planner *planner, const dd_calendar *cal,
                          dd_date today, int minutes, int send_at) {
  dd_date day = today;
  if (!sending_day(planner, cal, today) || minutes >= send_at) {
    /* The configuration's next working day bounds the search. */
    dd_date last;
    if (dd_calendar_add(cal, today, 1, &last) != DD_OK)
      last = today + 1;
    for (day = today + 1; day < last && !sending_day(planner, cal, day); day++)
      ;
  }
  return dd_london_instant(day, send_at);
}

int dd_notify_run(dd_store *st, dd_planner *planner,
                  const dd_notify_options *opt, dd_notify_summary *sum,
                  dd_diag *diag) {
  memset(sum, 0, sizeof *sum);
  const dd_remind_policy *policy = dd_config_reminders(opt->cfg);
  dd_date today;
  int minutes;
  dd_london_local(opt->now, &today, &minutes);
  const dd_calendar *cal;
  int err = dd_planner_calendar(planner, dd_config_calendar(opt->cfg)->division,
                                &cal, diag);
  if (err != DD_OK)
    return err;
  /* Reminders go out at the policy's hour on sending days; a pass at any
   * other time does nothing, and the next one in hours catches up. */
  sum->in_hours =
      minutes >= policy->send_at && sending_day(planner, cal, today);
  if (!sum->in_hours) {
    sum->next_window =
        next_window(planner, cal, today, minutes, policy->send_at);
    return DD_OK;
  }
  if ((err = dd_store_begin(st, diag)) != DD_OK)
    return err;
  err = dd__notify_plan(st, planner, policy, opt, today, minutes, sum, diag);
  /* The plan lands whole before anything is sent; a dry run keeps it open
   * to show what it would send, and then forgets it. */
  if (err == DD_OK && !opt->dry_run)
    err = dd_store_commit(st, diag);
  if (err != DD_OK) {
    dd_store_rollback(st);
    return err;
  }
  err = dd__notify_deliver(st, planner, opt, today, sum, diag);
  if (opt->dry_run)
    dd_store_rollback(st);
  return err;
}
