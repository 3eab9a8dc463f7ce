/* Working-day calendars: a week mask, the bank holidays of one or more
 * divisions and closure ranges, with add, count and is_working in O(1) from
 * tables precomputed over the supported range. */
#ifndef DUEDAY_WORKDAY_H
#define DUEDAY_WORKDAY_H

#include "dueday/api.h"
#include "dueday/date.h"
#include "dueday/error.h"
#include "dueday/holiday.h"

#include <stdbool.h>
#include <stddef.h>

DD_BEGIN_DECLS

/* A working-day calendar (opaque): made by dd_calendar_new, read-only
 * afterwards, so one calendar may serve several threads at once. */
typedef struct dd_calendar dd_calendar;

/* Week masks: bit (weekday - 1) set for a working weekday. */
#define DD_WEEK_MON_FRI 0x1Fu

/* An organisation's closure, from..to inclusive. */
typedef struct dd_closure {
  dd_date from, to;
  const char *name; /* copied by dd_calendar_new */
} dd_closure;

/* What a calendar is built from (dd_calendar_new). */
typedef struct dd_calendar_spec {
  const char *name;                   /* "england-and-wales"; copied */
  const dd_holidays *const *holidays; /* divisions whose holidays all count */
  size_t nholidays;
  unsigned week_mask; /* 0 means DD_WEEK_MON_FRI */
  const dd_closure *closures;
  size_t nclosures;
} dd_calendar_spec;

/* Builds the tables for spec, which is read during the call only (names
 * are copied). The holiday sets must outlive the calendar: their titles are
 * borrowed. Returns DD_OK with *out owned by the caller (free with
 * dd_calendar_free); DD_EINVAL for an empty week mask or a closure ending
 * before it starts, with the detail in diag; DD_ENOMEM. */
DD_API int dd_calendar_new(const dd_calendar_spec *spec, dd_calendar **out,
                           dd_diag *diag);
/* Frees cal, and so every reason text borrowed from it, but not the holiday
 * sets it was built on; NULL does nothing. */
DD_API void dd_calendar_free(dd_calendar *cal);

/* The calendar's name, as given in the spec; borrowed from cal. */
DD_API const char *dd_calendar_name(const dd_calendar *cal);

/* Why a day is not a working day. */
typedef enum dd_reason_kind {
  DD_REASON_NONE = 0, /* a working day */
  DD_REASON_WEEKEND,  /* outside the week mask */
  DD_REASON_HOLIDAY,
  DD_REASON_CLOSURE
} dd_reason_kind;

/* Why a day is not a working day, as dd_calendar_is_working says. */
typedef struct dd_reason {
  dd_reason_kind kind;
  /* "Saturday", "Boxing Day (substitute day)" or the closure's name; for a
   * union of divisions, the divisions it belongs to when not all of them
   * ("St Patrick’s Day (northern-ireland)"). Owned by the calendar. NULL
   * for a working day. */
  const char *text;
  const dd_holiday *holiday; /* for DD_REASON_HOLIDAY; borrowed */
} dd_reason;

/* True when d is a working day; otherwise *why says why not (its text is
 * borrowed from cal). Outside the supported range: false with why->kind
 * DD_REASON_NONE and text "outside the supported range". why may be
 * NULL. */
DD_API bool dd_calendar_is_working(const dd_calendar *cal, dd_date d,
                                   dd_reason *why);

/* Into *out: for n > 0 the nth working day strictly after d; for n < 0 the
 * |n|th working day strictly before d; for n = 0, d if it is a working day,
 * else the next one. Returns DD_OK; DD_ERANGE, with *out untouched, when d
 * or the answer is outside the supported range. */
DD_API int dd_calendar_add(const dd_calendar *cal, dd_date d, int n,
                           dd_date *out);

/* The working days in [a, b) into *out; minus count(b, a) when b < a.
 * Returns DD_OK; DD_ERANGE, with *out untouched, when a or b is outside the
 * supported range (either may be DD_DATE_MAX + 1). */
DD_API int dd_calendar_count(const dd_calendar *cal, dd_date a, dd_date b,
                             int *out);

/* Business-day conventions: which working day stands for a day that is
 * not one (dd_calendar_roll). */
typedef enum dd_roll {
  DD_ROLL_FOLLOWING,
  DD_ROLL_PRECEDING,
  DD_ROLL_MODIFIED_FOLLOWING, /* following, unless that changes the month */
  DD_ROLL_MODIFIED_PRECEDING  /* preceding, unless that changes the month */
} dd_roll;

/* Into *out: d if it is a working day, else the working day conv picks.
 * Returns DD_OK; DD_ERANGE, with *out untouched, when d is outside the
 * supported range or no working day lies that way inside it; DD_EINVAL for
 * a conv outside dd_roll. */
DD_API int dd_calendar_roll(const dd_calendar *cal, dd_date d, dd_roll conv,
                            dd_date *out);
/* Parses "following", "preceding", "modified-following" or
 * "modified-preceding" into *out. Returns DD_OK; DD_EINVAL for anything
 * else, with *out untouched. */
DD_API int dd_roll_parse(const char *text, dd_roll *out);

/* One day skipped by an add. */
typedef struct dd_skip {
  dd_date date;
  dd_reason reason;
} dd_skip;

/* What dd_calendar_add(cal, d, n) did: the answer and, in date order, every
 * non-working day it stepped over between d and the answer (exclusive of d;
 * for n = 0, d itself when it was not a working day). */
typedef struct dd_explanation {
  dd_date from, result;
  int n;
  size_t weekend_days, holidays, closures;
  dd_skip *skipped; /* owned; free with dd_explanation_clear */
  size_t nskipped;
} dd_explanation;

/* Fills *out with what dd_calendar_add(cal, d, n) answers and the days it
 * stepped over; free what it holds with dd_explanation_clear (the reason
 * texts are borrowed from cal). Returns DD_OK; DD_ERANGE as
 * dd_calendar_add; DD_ENOMEM. On failure *out holds nothing to free. */
DD_API int dd_calendar_explain(const dd_calendar *cal, dd_date d, int n,
                               dd_explanation *out);
/* Frees the skipped days e holds, not e itself (the caller's), and empties
 * the list; NULL does nothing. */
DD_API void dd_explanation_clear(dd_explanation *e);

DD_END_DECLS

#endif
