/* iCalendar (RFC 5545) input and output: reading GOV.UK's published .ics
 * files of bank holidays, writing a division's holidays as a feed, and
 * writing feeds of milestone events. */
#ifndef DUEDAY_ICS_H
#define DUEDAY_ICS_H

#include "dueday/error.h"
#include "dueday/holiday.h"

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

/* A list of holidays read from a file; the titles are owned by the list. */
typedef struct dd_holiday_list {
  dd_holiday *items;
  size_t n;
} dd_holiday_list;

/* Reads every VEVENT of an iCalendar file as a holiday on its DTSTART day,
 * titled by its SUMMARY. Returns DD_OK with *out filled (free with
 * dd_holiday_list_free); DD_EIO when the file cannot be read; DD_EPARSE
 * when it is not iCalendar or an event has no usable date (diag says which);
 * DD_ERANGE for an event outside 1971-2199. */
int dd_ics_read_holidays(const char *path, dd_holiday_list *out, dd_diag *diag);
void dd_holiday_list_free(dd_holiday_list *list);

/* Writes holidays as a VCALENDAR of all-day events (DTSTART;VALUE=DATE with
 * the exclusive DTEND the next day, RFC 5545 3.6.1) with stable UIDs per
 * division and date. calname becomes X-WR-CALNAME; dtstamp is the DTSTAMP
 * of every event. Returns DD_OK, DD_EIO on a write error, DD_ENOMEM. */
int dd_ics_write_holidays(FILE *f, const char *calname, const char *division,
                          const dd_holiday *holidays, size_t n, time_t dtstamp,
                          dd_diag *diag);

/* A calendar feed being built: VEVENTs added one by one, then taken as
 * text. */
typedef struct dd_ics_feed dd_ics_feed;

/* One event. uid and summary are required; description and categories may
 * be NULL. Text is UTF-8 and is escaped as RFC 5545 TEXT when written. */
typedef struct dd_ics_event {
  const char *uid;
  const char *summary;
  const char *description;
  const char *categories; /* comma-separated; an item cannot hold a comma */
  dd_date start, end;     /* all-day: start to end inclusive */
  int time;               /* minutes after midnight, Europe/London; or -1 */
  int sequence;
  bool cancelled;
} dd_ics_event;

/* A new feed named calname (X-WR-CALNAME) that clients should refresh every
 * refresh_minutes (REFRESH-INTERVAL, X-PUBLISHED-TTL). dtstamp is every
 * event's DTSTAMP. Returns DD_OK with *out (free with dd_ics_feed_free, or
 * let dd_ics_feed_finish do it), DD_ENOMEM with *out NULL. */
int dd_ics_feed_new(const char *calname, int refresh_minutes, time_t dtstamp,
                    dd_ics_feed **out, dd_diag *diag);
void dd_ics_feed_free(dd_ics_feed *feed);

/* Adds an event. All-day ones get DTSTART;VALUE=DATE and the exclusive
 * DTEND the day after their last day (RFC 5545 3.6.1); timed ones get
 * DTSTART;TZID=Europe/London (defined by the feed's VTIMEZONE) and no
 * DTEND: a point in time. DD_ENOMEM when out of memory, after which the
 * feed can only be freed. */
int dd_ics_feed_add(dd_ics_feed *feed, const dd_ics_event *ev, dd_diag *diag);

/* Events written apart from their calendar (by another thread, say) and
 * joined to it in order: a feed of events only, with no calendar header,
 * each event with DTSTAMP dtstamp. Added to with dd_ics_feed_add. */
int dd_ics_events_new(time_t dtstamp, dd_ics_feed **out, dd_diag *diag);
/* Appends the events of part (from dd_ics_events_new) to feed, and frees
 * part. DD_ENOMEM when either ran out of memory. */
int dd_ics_feed_join(dd_ics_feed *feed, dd_ics_feed *part, dd_diag *diag);
/* Makes room for bytes more text at once, rather than growing by copies:
 * a hint, which may be ignored. */
void dd_ics_feed_reserve(dd_ics_feed *feed, size_t bytes);

/* The feed so far as iCalendar text (CRLF lines, folded at 75 octets,
 * NUL-terminated), as a copy that the caller frees; the feed stays as it
 * was. NULL when out of memory. */
char *dd_ics_feed_text(const dd_ics_feed *feed, size_t *len);

/* The same text without the copy: ends the calendar, frees the feed and
 * hands its buffer to the caller, who frees it. NULL when out of memory
 * (now or in an earlier dd_ics_feed_add); the feed is freed either way. */
char *dd_ics_feed_finish(dd_ics_feed *feed, size_t *len);

#endif
