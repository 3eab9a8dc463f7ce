/* Clock time in Europe/London, where every deadline and reminder hour is
 * set: Greenwich Mean Time in winter, British Summer Time (UTC+1) from
 * 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
 * October (the Summer Time Order 2002, the EU rule the UK has kept since
 * 1996). Pure arithmetic, independent of the process's TZ. */
#ifndef DUEDAY_CLOCK_H
#define DUEDAY_CLOCK_H

#include "dueday/api.h"
#include "dueday/date.h"

#include <stdbool.h>
#include <time.h>

DD_BEGIN_DECLS

/* The first instant the rule above is known to hold: 1996-01-01T00:00Z. */
#define DD_CLOCK_MIN ((time_t)820454400)

/* Minutes east of UTC in London at instant t: 60 in summer time, else 0. */
DD_API int dd_london_offset(time_t t);

/* The London date and minutes after midnight of instant t, into *date and
 * *minutes; either may be NULL. */
DD_API void dd_london_local(time_t t, dd_date *date, int *minutes);

/* The date at instant t in the process's local time zone (the system's
 * idea of "today"), into *out. Returns DD_OK; DD_ERANGE, with *out
 * untouched, for a date outside 1971-2199. */
DD_API int dd_local_date(time_t t, dd_date *out);

/* The instant (seconds since the epoch) of the London wall-clock time
 * minutes after midnight on date. In the spring gap (01:00-01:59
 * on the last Sunday of March does not exist) the time is read as GMT, i.e.
 * an hour later on the clock; in the autumn overlap (01:00-01:59 happens
 * twice) the first, BST, one is meant. */
DD_API time_t dd_london_instant(dd_date date, int minutes);

/* Parses "YYYY-MM-DDTHH:MM" (or with a space for the T, and optional
 * ":SS"), read as London time, or with a "Z" or "+HH:MM"/"-HH:MM" suffix,
 * as that offset, into *out. Returns DD_OK; DD_EPARSE for anything else;
 * DD_ERANGE before DD_CLOCK_MIN or after 2199. On failure *out is untouched
 * and, when why is not NULL, *why points to a static English reason. */
DD_API int dd_datetime_parse(const char *text, time_t *out, const char **why);

/* Room for "2020-10-05 08:00 BST" and the NUL. */
#define DD_DATETIME_BUFSIZE 24
/* Writes t as London time, "2020-10-05 08:00 BST", into buf (at least
 * DD_DATETIME_BUFSIZE bytes, the caller's) and returns buf. */
DD_API char *dd_datetime_format(time_t t, char *buf);

DD_END_DECLS

#endif
