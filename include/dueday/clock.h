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

/* Minutes east of UTC in London at instant t: 0 or 60. */
DD_API int dd_london_offset(time_t t);

/* The London date and minutes after midnight of instant t. */
DD_API void dd_london_local(time_t t, dd_date *date, int *minutes);

/* The date at instant t in the process's local time zone (the system's
 * idea of "today"). DD_ERANGE outside 1971-2199. */
DD_API int dd_local_date(time_t t, dd_date *out);

/* The instant of a London wall-clock time. In the spring gap (01:00-01:59
 * on the last Sunday of March does not exist) the time is read as GMT, i.e.
 * an hour later on the clock; in the autumn overlap (01:00-01:59 happens
 * twice) the first, BST, one is meant. */
DD_API time_t dd_london_instant(dd_date date, int minutes);

/* Parses "YYYY-MM-DDTHH:MM" (or with a space for the T, and optional
 * ":SS"), read as London time, or with a "Z" or "+HH:MM"/"-HH:MM" suffix,
 * as that offset. Returns DD_OK; DD_EPARSE with *why (static English) for
 * anything else; DD_ERANGE before DD_CLOCK_MIN or after 2199. */
DD_API int dd_datetime_parse(const char *text, time_t *out, const char **why);

/* Writes t as London time "2020-10-05 08:00 BST" into buf (at least
 * DD_DATETIME_BUFSIZE bytes) and returns buf. */
#define DD_DATETIME_BUFSIZE 24
DD_API char *dd_datetime_format(time_t t, char *buf);

DD_END_DECLS

#endif
