/* London clock time: both sides of every change of the clocks, the spring
 * gap and the autumn overlap, parsing, and agreement with the system's
 * tz database over 1996-2100. */
/* tm_gmtoff, to compare offsets with the tz database. */
#define _DEFAULT_SOURCE
#include "dueday/clock.h"
#include "dueday/error.h"

#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* An instant from UTC text, through the parser. */
static time_t T(const char *text) {
  time_t t;
  const char *why = NULL;
  cr_assert_eq(dd_datetime_parse(text, &t, &why), DD_OK, "%s: %s", text,
               why ? why : "");
  return t;
}

static void expect_local(time_t t, const char *date, int minutes, int offset) {
  dd_date d;
  int m;
  char buf[DD_DATE_BUFSIZE];
  dd_london_local(t, &d, &m);
  cr_expect_str_eq(dd_date_format(d, buf), date);
  cr_expect_eq(m, minutes, "%s: %d minutes, expected %d", date, m, minutes);
  cr_expect_eq(dd_london_offset(t), offset);
}

Test(clock, spring_forward_both_sides) {
  /* 2020-03-29: 01:00 GMT becomes 02:00 BST. */
  expect_local(T("2020-03-29T00:59:59Z"), "2020-03-29", 59, 0);
  expect_local(T("2020-03-29T01:00:00Z"), "2020-03-29", 120, 60);
  /* The day before and the Sunday after: one rule, not a date list. */
  expect_local(T("2020-03-28T12:00Z"), "2020-03-28", 12 * 60, 0);
  expect_local(T("2021-03-28T00:59Z"), "2021-03-28", 59, 0);
  expect_local(T("2021-03-28T01:00Z"), "2021-03-28", 120, 60);
}

Test(clock, fall_back_both_sides) {
  /* 2020-10-25: 02:00 BST becomes 01:00 GMT. */
  expect_local(T("2020-10-25T00:59:59Z"), "2020-10-25", 60 + 59, 60);
  expect_local(T("2020-10-25T01:00:00Z"), "2020-10-25", 60, 0);
}

Test(clock, year_end_is_winter) {
  expect_local(T("2020-12-31T23:59Z"), "2020-12-31", 23 * 60 + 59, 0);
  expect_local(T("2021-01-01T00:00Z"), "2021-01-01", 0, 0);
}

Test(clock, wall_clock_to_instant) {
  dd_date d;
  dd_date_parse("2020-07-01", &d, NULL);
  cr_expect_eq(dd_london_instant(d, 8 * 60), T("2020-07-01T07:00Z"));
  dd_date_parse("2020-12-01", &d, NULL);
  cr_expect_eq(dd_london_instant(d, 8 * 60), T("2020-12-01T08:00Z"));
  /* 01:30 on 2020-03-29 never happened: read as GMT (02:30 BST). */
  dd_date_parse("2020-03-29", &d, NULL);
  cr_expect_eq(dd_london_instant(d, 90), T("2020-03-29T01:30Z"));
  cr_expect_eq(dd_london_instant(d, 120), T("2020-03-29T01:00Z"));
  /* 01:30 on 2020-10-25 happened twice: the first (BST) is meant. */
  dd_date_parse("2020-10-25", &d, NULL);
  cr_expect_eq(dd_london_instant(d, 90), T("2020-10-25T00:30Z"));
  cr_expect_eq(dd_london_instant(d, 120), T("2020-10-25T02:00Z"));
}

Test(clock, parse_forms) {
  /* Local London time without a suffix. */
  cr_expect_eq(T("2020-10-05T08:00"), T("2020-10-05T07:00Z"));
  cr_expect_eq(T("2020-10-05 08:00"), T("2020-10-05T07:00Z"));
  cr_expect_eq(T("2020-12-07T08:00:30"), T("2020-12-07T08:00:30Z"));
  cr_expect_eq(T("2020-10-05T09:00+02:00"), T("2020-10-05T07:00Z"));
  cr_expect_eq(T("2020-10-05T02:00-05:00"), T("2020-10-05T07:00Z"));
  const char *bad[] = {"2020-10-05",         "2020-10-05T8:00",
                       "2020-10-05T24:00",   "2020-10-05T08:60",
                       "2020-10-05T08:00+1", "2020-10-05T08:00Zx",
                       "2020-02-30T08:00",   "now"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    time_t t = 42;
    const char *why = NULL;
    cr_expect_neq(dd_datetime_parse(bad[i], &t, &why), DD_OK, "%s", bad[i]);
    cr_expect_eq(t, 42, "%s changed the output", bad[i]);
    cr_expect_not_null(why, "%s: no reason", bad[i]);
  }
  time_t t;
  cr_expect_eq(dd_datetime_parse("1995-06-01T12:00", &t, NULL), DD_ERANGE);
}

Test(clock, format) {
  char buf[DD_DATETIME_BUFSIZE];
  cr_expect_str_eq(dd_datetime_format(T("2020-10-05T07:00Z"), buf),
                   "2020-10-05 08:00 BST");
  cr_expect_str_eq(dd_datetime_format(T("2020-12-07T08:00Z"), buf),
                   "2020-12-07 08:00 GMT");
}

/* The rule against the tz database, every 37 minutes 17 seconds (so that
 * every minute of the day is visited) from 1996 to 2100. */
Test(clock, agrees_with_tzdata) {
  setenv("TZ", "Europe/London", 1);
  tzset();
  long checked = 0;
  for (time_t t = DD_CLOCK_MIN; t < (time_t)4102444800; t += 37 * 60 + 17) {
    struct tm tm;
    localtime_r(&t, &tm);
    dd_date d;
    int minutes;
    dd_london_local(t, &d, &minutes);
    int y, mo, day;
    dd_date_to_ymd(d, &y, &mo, &day);
    if (y != tm.tm_year + 1900 || mo != tm.tm_mon + 1 || day != tm.tm_mday ||
        minutes != tm.tm_hour * 60 + tm.tm_min ||
        dd_london_offset(t) * 60 != tm.tm_gmtoff)
      cr_assert_fail("at %lld: dueday %04d-%02d-%02d %d min, tzdata "
                     "%04d-%02d-%02d %02d:%02d (gmtoff %ld)",
                     (long long)t, y, mo, day, minutes, tm.tm_year + 1900,
                     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                     (long)tm.tm_gmtoff);
    checked++;
  }
  cr_expect_gt(checked, 1400000);
}
