/* Civil (proleptic Gregorian) dates as day numbers, strict ISO 8601 parsing
 * and formatting, weekdays and Easter. */
#ifndef DUEDAY_DATE_H
#define DUEDAY_DATE_H

#include "dueday/api.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

DD_BEGIN_DECLS

/* Days since 1970-01-01 (which is day 0). Plain value type: dates compare
 * and subtract as integers. */
typedef int32_t dd_date;

/* The range dueday supports: bank-holiday rules in their present form start
 * in 1971 (Banking and Financial Dealings Act 1971). */
#define DD_YEAR_MIN 1971
/* The last year supported: the tables of a calendar cover 1971-2199. */
#define DD_YEAR_MAX 2199
#define DD_DATE_MIN ((dd_date)365)   /* 1971-01-01 */
#define DD_DATE_MAX ((dd_date)84005) /* 2199-12-31 */

/* ISO weekdays. */
enum {
  DD_MONDAY = 1,
  DD_TUESDAY,
  DD_WEDNESDAY,
  DD_THURSDAY,
  DD_FRIDAY,
  DD_SATURDAY,
  DD_SUNDAY
};

/* Length of "YYYY-MM-DD" plus the terminating NUL. */
#define DD_DATE_BUFSIZE 11

/* True when year is a Gregorian leap year: divisible by 4, and centuries
 * only when divisible by 400. */
DD_API bool dd_date_is_leap_year(int year);
/* The days in month (1-12) of year, 29 for a leap February; 0 for a month
 * outside 1-12. */
DD_API int dd_date_days_in_month(int year, int month);

/* The day number of year-month-day, into *out. Works for any valid
 * proleptic Gregorian date, not only the supported range. Returns DD_OK;
 * DD_EINVAL for a month outside 1-12 or a day the month does not have,
 * with *out untouched. */
DD_API int dd_date_from_ymd(int year, int month, int day, dd_date *out);
/* Splits any day number into its year, month (1-12) and day (1-31); any of
 * the pointers may be NULL. */
DD_API void dd_date_to_ymd(dd_date d, int *year, int *month, int *day);

/* ISO weekday of d, DD_MONDAY (1) to DD_SUNDAY (7). */
DD_API int dd_date_weekday(dd_date d);
/* The English name of an ISO weekday, "Monday" for DD_MONDAY; NULL outside
 * 1-7. Static storage. */
DD_API const char *dd_weekday_name(int weekday);
/* The three-letter English abbreviation, "Mon" for DD_MONDAY; NULL outside
 * 1-7. Static storage. */
DD_API const char *dd_weekday_abbrev(int weekday);

/* The English name of a month, "September" for 9; NULL outside 1-12.
 * Static storage. */
DD_API const char *dd_month_name(int month);
/* The three-letter English abbreviation, "Sep" for 9; NULL outside 1-12.
 * Static storage. */
DD_API const char *dd_month_abbrev(int month);

/* Room for dd_date_format_long's longest, "Wednesday 30 September 2020",
 * and its NUL. */
#define DD_DATE_LONG_BUFSIZE 32
/* Writes d as people read it, "Monday 19 September 2022" (GOV.UK's style),
 * into buf, cut to size; returns buf. */
DD_API char *dd_date_format_long(dd_date d, char *buf, size_t size);

/* True when DD_DATE_MIN <= d <= DD_DATE_MAX. */
DD_API bool dd_date_in_range(dd_date d);

/* Parses exactly "YYYY-MM-DD" (ten characters, nothing before or after) into
 * a date inside the supported range.
 * Returns DD_OK; DD_EPARSE when the text is not of that form or names no
 * date (2021-02-29, 2021-13-01, 2021-1-5); DD_ERANGE for a real date outside
 * 1971-01-01..2199-12-31. On failure *out is untouched and, when why is not
 * NULL, *why points to a static English reason ("February 2021 has 28
 * days"). */
DD_API int dd_date_parse(const char *text, dd_date *out, const char **why);
/* As dd_date_parse, for the first len bytes of text, which need not be
 * NUL-terminated. */
DD_API int dd_date_parse_n(const char *text, size_t len, dd_date *out,
                           const char **why);

/* Writes d as "YYYY-MM-DD" and a NUL into buf (at least DD_DATE_BUFSIZE
 * bytes, the caller's) and returns buf. Never fails for a date in years
 * 0000-9999. */
DD_API char *dd_date_format(dd_date d, char *buf);

/* Parses exactly "HH:MM" (00:00 to 23:59) into minutes after midnight.
 * Returns DD_OK; DD_EPARSE for anything else, with *minutes untouched. */
DD_API int dd_time_parse(const char *text, int *minutes);

/* Easter Sunday of a Gregorian year (the Meeus/Jones/Butcher computus);
 * always 22 March..25 April. */
DD_API dd_date dd_date_easter(int year);

DD_END_DECLS

#endif
