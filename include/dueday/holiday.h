/* UK bank holidays of one GOV.UK division, generated from rules kept as data
 * (holidays/DIVISION.conf) over the supported range 1971-2199. */
#ifndef DUEDAY_HOLIDAY_H
#define DUEDAY_HOLIDAY_H

#include "dueday/api.h"
#include "dueday/date.h"
#include "dueday/error.h"

#include <stdbool.h>
#include <stddef.h>

DD_BEGIN_DECLS

/* A division's bank holidays over the supported range, and the rules they
 * came from (opaque): made by the dd_holidays_load functions, read-only
 * afterwards. */
typedef struct dd_holidays dd_holidays;

/* One bank holiday as GOV.UK lists it: always a weekday; a holiday whose day
 * falls at a weekend is listed on its substitute weekday. */
typedef struct dd_holiday {
  dd_date date;
  const char *title; /* GOV.UK's title, e.g. "Boxing Day"; owned by the set */
  bool substitute;   /* GOV.UK's note "Substitute day" */
  bool provisional;  /* after the last year GOV.UK has published */
  bool uncertain;    /* a year whose sources disagree (see the data file) */
} dd_holiday;

/* The GOV.UK division names dueday ships data for, in GOV.UK's order;
 * terminated by NULL. */
DD_API extern const char *const dd_divisions[];

/* The name of the union of the three divisions: a bank holiday in any part
 * of the UK (the Freedom of Information Act's definition). */
#define DD_DIVISION_UK "united-kingdom"

/* True for a name in dd_divisions or DD_DIVISION_UK. */
DD_API bool dd_division_known(const char *name);

/* Loads a division's rules from a libconfig file and generates its
 * holidays over the supported range. Returns DD_OK with *out owned by the
 * caller (free with dd_holidays_free); DD_EIO when the file cannot be read;
 * DD_EPARSE when the file is malformed or a rule is invalid, with
 * "path:line: message" in diag; DD_ENOMEM. */
DD_API int dd_holidays_load_file(const char *path, dd_holidays **out,
                                 dd_diag *diag);
/* As dd_holidays_load_file, from NUL-terminated rule text in memory, read
 * during the call only; name is used in diagnostics only. */
DD_API int dd_holidays_load_string(const char *name, const char *text,
                                   dd_holidays **out, dd_diag *diag);
/* Loads division from dir/DIVISION.conf, or from the copy built into the
 * library when dir is NULL. Returns as dd_holidays_load_file, except
 * DD_ENOTFOUND for a division with no data (no such file, or no built-in
 * copy), DD_EINVAL for a dir too long to make a path of, and DD_EPARSE
 * ("path:line: division ... in the file for ...") for a file that names
 * another division than the one it was loaded for. */
DD_API int dd_holidays_load(const char *dir, const char *division,
                            dd_holidays **out, dd_diag *diag);
/* Frees h with its titles, and so every holiday borrowed from it; NULL does
 * nothing. Calendars built on h must be freed first. */
DD_API void dd_holidays_free(dd_holidays *h);

/* The division name from the data ("england-and-wales"); borrowed from h. */
DD_API const char *dd_holidays_division(const dd_holidays *h);
/* The last year GOV.UK has published for h's division: holidays in later
 * years are provisional. */
DD_API int dd_holidays_confirmed_to(const dd_holidays *h);
/* Why year is uncertain (the data file's note), or NULL when it is not.
 * Borrowed from h. */
DD_API const char *dd_holidays_uncertainty(const dd_holidays *h, int year);

/* The holiday on d, or NULL. Borrowed from h. O(log n). */
DD_API const dd_holiday *dd_holidays_find(const dd_holidays *h, dd_date d);
/* The holidays in [from, to], in date order: returns how many (0 when to is
 * before from) with *first pointing at the first of them, an array
 * borrowed from h. */
DD_API size_t dd_holidays_between(const dd_holidays *h, dd_date from,
                                  dd_date to, const dd_holiday **first);

/* Writes hol's display text, its title with " (substitute day)" for a
 * substitute, into buf (size bytes, the caller's; cut short to fit, always
 * NUL-terminated) and returns buf. */
DD_API const char *dd_holiday_label(const dd_holiday *hol, char *buf,
                                    size_t size);

/* One difference between the generated list and a published one. */
typedef struct dd_holiday_diff {
  dd_date date;
  const char *published_title; /* NULL when only dueday has the date */
  const char *dueday_title;    /* NULL when only the published list has it */
} dd_holiday_diff;

/* Compares h with a published list (any order) over the years the
 * published list covers, matching on dates (GOV.UK's titles for substitute
 * pairs have varied). Calls report for every difference in date order, with
 * arg; the difference and its titles are borrowed for the call only.
 * Returns how many differences there were; (size_t)-1 when out of
 * memory. */
DD_API size_t
dd_holidays_compare(const dd_holidays *h, const dd_holiday *published, size_t n,
                    void (*report)(const dd_holiday_diff *, void *), void *arg);

DD_END_DECLS

#endif
