/* Bank holidays as iCalendar (RFC 5545): reading GOV.UK's published .ics
 * files, and writing a division's holidays as a feed (through libical). */
#ifndef DUEDAY_ICS_H
#define DUEDAY_ICS_H

#include "dueday/api.h"
#include "dueday/error.h"
#include "dueday/holiday.h"

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

DD_BEGIN_DECLS

/* A list of holidays read from a file; the titles are owned by the list. */
typedef struct dd_holiday_list {
  dd_holiday *items;
  size_t n;
} dd_holiday_list;

/* Reads every VEVENT of an iCalendar file as a holiday on its DTSTART day,
 * titled by its SUMMARY. Returns DD_OK with *out filled (free what it holds
 * with dd_holiday_list_clear); DD_EIO when the file cannot be read;
 * DD_EPARSE when it is not iCalendar or an event has no usable date (diag
 * says which); DD_ERANGE for an event outside 1971-2199; DD_ENOMEM. On
 * failure *out is empty. */
DD_API int dd_ics_read_holidays(const char *path, dd_holiday_list *out,
                                dd_diag *diag);
/* Frees the holidays list holds and their titles, not list itself (the
 * caller's), and empties it; NULL does nothing. */
DD_API void dd_holiday_list_clear(dd_holiday_list *list);

/* Writes n holidays as a VCALENDAR of all-day events (DTSTART;VALUE=DATE
 * with the exclusive DTEND the next day, RFC 5545 3.6.1) with stable UIDs
 * per division and date, to f (the caller's, left open). calname becomes
 * X-WR-CALNAME; dtstamp is the DTSTAMP of every event. Everything is read
 * during the call only. Returns DD_OK; DD_EIO on a write error; DD_ENOMEM;
 * with the reason in diag. */
DD_API int dd_ics_write_holidays(FILE *f, const char *calname,
                                 const char *division,
                                 const dd_holiday *holidays, size_t n,
                                 time_t dtstamp, dd_diag *diag);

DD_END_DECLS

#endif
