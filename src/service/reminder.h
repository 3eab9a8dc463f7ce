/* Private to the service library: the reminder policy's arithmetic, when a
 * milestone's reminders fall due, who receives them and what the subject
 * says. Pure functions; the ledger (ledger.h) remembers what was sent and
 * notify.h does a pass. */
#ifndef DUEDAY_SRC_REMINDER_H
#define DUEDAY_SRC_REMINDER_H

#include "dueday/date.h"
#include "dueday/remind.h"
#include "dueday/schedule.h"
#include "dueday/visit.h"
#include "dueday/workday.h"

#include <stdbool.h>
#include <stddef.h>

/* A reminder's threshold, ordered by urgency: "before-5" < "before-2" <
 * "due" < "overdue-1". A "changed" message (the due date moved) has its
 * own kind. */
typedef enum dd_threshold_kind {
  DD_THRESHOLD_BEFORE, /* days working days before (0: the day itself) */
  DD_THRESHOLD_OVERDUE,
  DD_THRESHOLD_CHANGED
} dd_threshold_kind;

typedef struct dd_threshold {
  dd_threshold_kind kind;
  int days;
} dd_threshold;

/* Higher is more urgent. */
int dd_threshold_urgency(dd_threshold t);
/* "before-5", "due", "overdue-1", "changed". buf: at least 16 bytes. */
const char *dd_threshold_name(dd_threshold t, char *buf, size_t size);
/* DD_EINVAL for anything else. */
int dd_threshold_parse(const char *name, dd_threshold *out);

/* The working day a threshold of a milestone due on due is reached on:
 * before-N is the Nth working day before due; "due" is due, or the working
 * day before it when due is not one; overdue-N the Nth working day after.
 * DD_ERANGE outside the supported range. */
int dd_threshold_day(const dd_calendar *cal, dd_date due, dd_threshold t,
                     dd_date *out);

/* Whether milestone m is one to remind of at all: a target or window that
 * applies and is pending or overdue. Events (the visit's end) are not. */
bool dd_remind_active(const dd_milestone *m);

/* The most urgent threshold of leads reached at London date today, minute
 * minutes, for a milestone due on due: a threshold is reached at send_at on
 * its day. False when none is. */
bool dd_remind_reached(const dd_calendar *cal, const dd_remind_leads *leads,
                       int send_at, dd_date due, dd_date today, int minutes,
                       dd_threshold *out);

/* The addresses a reminder of milestone m of visit v at threshold t goes
 * to under p: up to max, without duplicates, in a stable order. Returns how
 * many (addresses borrowed from v and p). */
size_t dd_remind_recipients(const dd_remind_policy *p, const dd_visit *v,
                            const dd_milestone_rule *m, dd_threshold t,
                            const char **out, size_t max);

/* The visit's RIM under p: its own, else its region's; NULL for none.
 * Borrowed from v or p. */
const char *dd_remind_rim(const dd_remind_policy *p, const dd_visit *v);

/* The subject: "Due in 2 working days: Publish report, Sunny Home
 * (SC123456)", "Due today at 14:00: ...", "Overdue by 1 working day: ...",
 * "Date changed: ..., now due Thu 2020-10-29". working_days is the count
 * from today to the due day (negative when overdue). */
const char *dd_remind_subject(dd_threshold t, const dd_visit *v,
                              const dd_milestone *m, int working_days,
                              char *buf, size_t size);

#endif
