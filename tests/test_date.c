/* Civil dates: strict parsing, conversions, weekdays and Easter. */
#include "dueday/date.h"
#include "dueday/error.h"

#include <criterion/criterion.h>
#include <string.h>

static dd_date ymd(int y, int m, int d) {
  dd_date out = -1;
  cr_assert_eq(dd_date_from_ymd(y, m, d, &out), DD_OK, "%d-%d-%d", y, m, d);
  return out;
}

Test(date, the_epoch_and_the_ends_of_the_supported_range_have_known_numbers) {
  cr_assert_eq(ymd(1970, 1, 1), 0);
  cr_assert_eq(ymd(1971, 1, 1), DD_DATE_MIN);
  cr_assert_eq(ymd(2199, 12, 31), DD_DATE_MAX);
  cr_assert_eq(ymd(2000, 3, 1) - ymd(2000, 2, 28), 2, "2000 is a leap year");
  cr_assert_eq(ymd(2100, 3, 1) - ymd(2100, 2, 28), 1, "2100 is not");
}

Test(date, every_day_of_the_range_round_trips_through_year_month_day) {
  for (dd_date d = DD_DATE_MIN - 400; d <= DD_DATE_MAX + 400; d++) {
    int y, m, day;
    dd_date_to_ymd(d, &y, &m, &day);
    cr_assert_eq(ymd(y, m, day), d);
    cr_assert_eq(dd_date_weekday(d + 1), dd_date_weekday(d) % 7 + 1);
  }
}

Test(date, weekdays_match_known_days) {
  cr_assert_eq(dd_date_weekday(ymd(1970, 1, 1)), DD_THURSDAY);
  cr_assert_eq(dd_date_weekday(ymd(2020, 12, 25)), DD_FRIDAY);
  cr_assert_eq(dd_date_weekday(ymd(2022, 12, 25)), DD_SUNDAY);
  cr_assert_eq(dd_date_weekday(ymd(1971, 1, 1)), DD_FRIDAY);
  cr_assert_eq(dd_date_weekday(ymd(2199, 12, 31)), DD_TUESDAY);
  cr_assert_str_eq(dd_weekday_name(DD_SATURDAY), "Saturday");
  cr_assert_null(dd_weekday_name(0));
}

Test(date, months_and_long_dates_read_as_people_write_them) {
  cr_assert_str_eq(dd_month_name(9), "September");
  cr_assert_str_eq(dd_month_abbrev(12), "Dec");
  cr_assert_null(dd_month_name(0));
  cr_assert_null(dd_month_abbrev(13));
  char buf[DD_DATE_LONG_BUFSIZE];
  cr_assert_str_eq(dd_date_format_long(ymd(2022, 9, 19), buf, sizeof buf),
                   "Monday 19 September 2022");
  /* The longest weekday and month together fit. */
  cr_assert_str_eq(dd_date_format_long(ymd(2020, 9, 30), buf, sizeof buf),
                   "Wednesday 30 September 2020");
  char small[8];
  cr_assert_str_eq(dd_date_format_long(ymd(2022, 9, 19), small, sizeof small),
                   "Monday ");
}

/* text, expected error, expected date (y, m, d) when DD_OK */
static const struct {
  const char *text;
  int err;
  int y, m, d;
} parse_cases[] = {
    {"2021-01-05", DD_OK, 2021, 1, 5},
    {"2020-02-29", DD_OK, 2020, 2, 29},
    {"1971-01-01", DD_OK, 1971, 1, 1},
    {"2199-12-31", DD_OK, 2199, 12, 31},
    {"2021-02-29", DD_EPARSE, 0, 0, 0},
    {"2100-02-29", DD_EPARSE, 0, 0, 0},
    {"2021-13-01", DD_EPARSE, 0, 0, 0},
    {"2021-00-10", DD_EPARSE, 0, 0, 0},
    {"2021-04-31", DD_EPARSE, 0, 0, 0},
    {"2021-04-00", DD_EPARSE, 0, 0, 0},
    {"2021-1-5", DD_EPARSE, 0, 0, 0},
    {"2021-01-05x", DD_EPARSE, 0, 0, 0},
    {"2021-01-05 ", DD_EPARSE, 0, 0, 0},
    {" 2021-01-05", DD_EPARSE, 0, 0, 0},
    {"2021/01/05", DD_EPARSE, 0, 0, 0},
    {"20210105", DD_EPARSE, 0, 0, 0},
    {"+021-01-05", DD_EPARSE, 0, 0, 0},
    {"2021-+1-05", DD_EPARSE, 0, 0, 0},
    {"", DD_EPARSE, 0, 0, 0},
    {"1970-12-31", DD_ERANGE, 0, 0, 0},
    {"2200-01-01", DD_ERANGE, 0, 0, 0},
    {"0000-01-01", DD_ERANGE, 0, 0, 0},
};

Test(date, parsing_is_strict_and_names_the_reason) {
  for (size_t i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
    dd_date d = 12345;
    const char *why = NULL;
    int err = dd_date_parse(parse_cases[i].text, &d, &why);
    cr_assert_eq(err, parse_cases[i].err, "\"%s\": got %s", parse_cases[i].text,
                 dd_errname(err));
    if (err == DD_OK) {
      cr_assert_eq(d,
                   ymd(parse_cases[i].y, parse_cases[i].m, parse_cases[i].d));
    } else {
      cr_assert_eq(d, 12345, "the output is untouched on failure");
      cr_assert_not_null(why);
    }
  }
}

Test(date, a_bad_day_of_month_says_how_long_the_month_is) {
  dd_date d;
  const char *why;
  dd_date_parse("2021-02-29", &d, &why);
  cr_assert_str_eq(why, "February has 28 days that year");
  dd_date_parse("2021-04-31", &d, &why);
  cr_assert_str_eq(why, "April has 30 days");
  dd_date_parse("2199-12-32", &d, &why);
  cr_assert_str_eq(why, "December has 31 days");
}

Test(date, parse_n_reads_only_the_given_length) {
  dd_date d;
  cr_assert_eq(dd_date_parse_n("2021-01-05 3", 10, &d, NULL), DD_OK);
  cr_assert_eq(d, ymd(2021, 1, 5));
  cr_assert_eq(dd_date_parse_n("2021-01-05", 9, &d, NULL), DD_EPARSE);
}

Test(date, formatting_round_trips_every_date_of_the_range) {
  char buf[DD_DATE_BUFSIZE];
  for (dd_date d = DD_DATE_MIN; d <= DD_DATE_MAX; d += 37) {
    dd_date back;
    cr_assert_eq(dd_date_parse(dd_date_format(d, buf), &back, NULL), DD_OK);
    cr_assert_eq(back, d);
  }
  cr_assert_str_eq(dd_date_format(ymd(2020, 9, 5), buf), "2020-09-05");
}

/* Easter Sunday: published dates, and both ends of its range. 22 March
 * (1818, 2285) lies outside the supported years, so the computus is checked
 * there directly; 25 April falls in 2038 and 2190. */
static const struct {
  int y, m, d;
} easter_cases[] = {
    {1818, 3, 22}, {2285, 3, 22}, {1943, 4, 25}, {2038, 4, 25},
    {2190, 4, 25}, {2008, 3, 23}, {1971, 4, 11}, {2000, 4, 23},
    {2011, 4, 24}, {2019, 4, 21}, {2020, 4, 12}, {2024, 3, 31},
    {2025, 4, 20}, {2026, 4, 5},  {2027, 3, 28}, {2199, 4, 14},
};

Test(date, easter_sunday_matches_published_dates_at_both_ends_of_its_range) {
  for (size_t i = 0; i < sizeof easter_cases / sizeof easter_cases[0]; i++)
    cr_assert_eq(dd_date_easter(easter_cases[i].y),
                 ymd(easter_cases[i].y, easter_cases[i].m, easter_cases[i].d),
                 "Easter %d", easter_cases[i].y);
}

Test(date, easter_always_falls_on_a_sunday_between_22_march_and_25_april) {
  for (int y = 1900; y <= 2400; y++) {
    dd_date e = dd_date_easter(y);
    cr_assert_eq(dd_date_weekday(e), DD_SUNDAY);
    cr_assert_geq(e, ymd(y, 3, 22));
    cr_assert_leq(e, ymd(y, 4, 25));
  }
}

Test(error, every_code_has_a_name_and_a_message) {
  cr_assert_str_eq(dd_errname(DD_EPARSE), "EPARSE");
  cr_assert_str_eq(dd_strerror(DD_ERANGE), "out of the supported range");
  cr_assert_str_eq(dd_errname(999), "EUNKNOWN");
}
