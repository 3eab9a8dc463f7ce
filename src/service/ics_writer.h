/* Private to the service library: feeds of milestone events written as
 * iCalendar text (RFC 5545), fast enough for a 10,000-visit region. */
#ifndef DUEDAY_SRC_ICS_WRITER_H
#define DUEDAY_SRC_ICS_WRITER_H

#include "dueday/date.h"
#include "dueday/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

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
  bool tentative; /* STATUS:TENTATIVE (RFC 5545 3.8.1.11), unless cancelled */
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
 * DTSTART;TZID=Europe/London (defined by the feed's VTIMEZONE) and
 * DURATION:PT1M: a deadline, shown at its time rather than as an
 * hour's block. DD_ENOMEM when out of memory, after which the
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
