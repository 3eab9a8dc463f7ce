/* Working-day calendars: add, count, is_working, roll and explain, with
 * cases worked by hand from the holiday lists, and properties on random
 * dates checked against a plain day-by-day walk. */
#include "dueday/workday.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static dd_holidays *sets[3];
static dd_calendar *ew, *sc, *ni, *uk;

static dd_date D(const char *text) {
  dd_date d;
  cr_assert_eq(dd_date_parse(text, &d, NULL), DD_OK, "%s", text);
  return d;
}

static dd_calendar *make(const char *name, dd_holidays *const *hs, size_t n,
                         unsigned mask, const dd_closure *cl, size_t ncl) {
  dd_calendar_spec spec = {.name = name,
                           .holidays = (const dd_holidays *const *)hs,
                           .nholidays = n,
                           .week_mask = mask,
                           .closures = cl,
                           .nclosures = ncl};
  dd_calendar *cal = NULL;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_calendar_new(&spec, &cal, &diag), DD_OK, "%s", diag.message);
  return cal;
}

static void setup(void) {
  for (int i = 0; dd_divisions[i]; i++) {
    dd_diag diag = {{0}};
    cr_assert_eq(
        dd_holidays_load(HOLIDAYS_DIR, dd_divisions[i], &sets[i], &diag), DD_OK,
        "%s", diag.message);
  }
  ew = make("england-and-wales", &sets[0], 1, 0, NULL, 0);
  sc = make("scotland", &sets[1], 1, 0, NULL, 0);
  ni = make("northern-ireland", &sets[2], 1, 0, NULL, 0);
  uk = make("united-kingdom", sets, 3, 0, NULL, 0);
}

static void teardown(void) {
  dd_calendar_free(ew);
  dd_calendar_free(sc);
  dd_calendar_free(ni);
  dd_calendar_free(uk);
  for (int i = 0; i < 3; i++)
    dd_holidays_free(sets[i]);
}

TestSuite(workday, .init = setup, .fini = teardown);

static dd_calendar *by_name(const char *name) {
  return strcmp(name, "ew") == 0   ? ew
         : strcmp(name, "sc") == 0 ? sc
         : strcmp(name, "ni") == 0 ? ni
                                   : uk;
}

/* calendar, start, n, expected answer: worked by hand from the lists. */
static const struct {
  const char *cal, *from;
  int n;
  const char *want;
} add_cases[] = {
    {"ew", "2020-09-25", 1, "2020-09-28"},  /* Friday + 1 is Monday */
    {"ew", "2020-09-26", 1, "2020-09-28"},  /* Saturday + 1 is Monday */
    {"ew", "2020-09-26", -1, "2020-09-25"}, /* Saturday - 1 is Friday */
    {"ew", "2020-09-26", 0, "2020-09-28"},  /* n = 0 rolls forward */
    {"ew", "2020-09-28", 0, "2020-09-28"},
    {"ew", "2020-09-28", -1, "2020-09-25"},
    {"ew", "2020-09-25", 18, "2020-10-21"}, /* a draft due 18 days on */
    /* Christmas 2020: Fri 25, Mon 28 Boxing Day (substitute). */
    {"ew", "2020-12-24", 1, "2020-12-29"},
    {"ew", "2020-12-29", -1, "2020-12-24"},
    {"ew", "2020-12-23", 2, "2020-12-29"},
    {"ew", "2020-12-25", 0, "2020-12-29"},
    /* Christmas 2021 and New Year 2022: Mon 27, Tue 28, Mon 3 Jan. */
    {"ew", "2021-12-24", 1, "2021-12-29"},
    {"ew", "2021-12-31", 1, "2022-01-04"},
    {"sc", "2021-12-31", 1, "2022-01-05"}, /* Scotland: also Tue 4 Jan */
    {"ni", "2021-12-31", 1, "2022-01-04"},
    {"ew", "2020-12-11", 18, "2021-01-11"},
    {"sc", "2020-12-11", 18, "2021-01-12"},
    /* Easter 2021: Good Friday 2 April, Easter Monday 5 April (not Scotland).
     */
    {"ew", "2021-04-01", 1, "2021-04-06"},
    {"sc", "2021-04-01", 1, "2021-04-05"},
    {"ew", "2021-04-06", -1, "2021-04-01"},
    /* Around the clock changes (28 Mar, 31 Oct 2021): dates, not hours. */
    {"ew", "2021-03-26", 1, "2021-03-29"},
    {"ew", "2021-10-29", 1, "2021-11-01"},
    /* Northern Ireland's 12 July 2020 (Sunday) moves to Monday 13. */
    {"ni", "2020-07-10", 1, "2020-07-14"},
    {"ew", "2020-07-10", 1, "2020-07-13"},
    /* Scotland's St Andrew's Day 2019 (Saturday) moves to Monday 2 Dec. */
    {"sc", "2019-11-29", 1, "2019-12-03"},
    {"ew", "2019-11-29", 1, "2019-12-02"},
    /* The union counts a holiday anywhere in the UK. */
    {"uk", "2021-03-16", 1, "2021-03-18"}, /* St Patrick's Day */
    {"uk", "2021-07-30", 1, "2021-08-03"}, /* Scotland's Summer holiday */
    {"uk", "2021-08-27", 1, "2021-08-31"}, /* the others' Summer holiday */
    {"uk", "2020-12-31", 1, "2021-01-05"}, /* 1 Jan, and 2nd January on 4 Jan */
    /* The ends of the supported range. */
    {"ew", "2199-12-30", 1, "2199-12-31"},
    {"ew", "1971-01-01", 0, "1971-01-01"}, /* no New Year holiday until 1974 */
    {"ew", "1971-01-04", -1, "1971-01-01"},
};

Test(workday, adding_working_days_matches_every_hand_worked_case) {
  for (size_t i = 0; i < sizeof add_cases / sizeof add_cases[0]; i++) {
    dd_date got = 0;
    char buf[DD_DATE_BUFSIZE];
    int err = dd_calendar_add(by_name(add_cases[i].cal), D(add_cases[i].from),
                              add_cases[i].n, &got);
    cr_expect_eq(err, DD_OK, "case %zu", i);
    cr_expect_eq(got, D(add_cases[i].want), "%s %s %+d: got %s, want %s",
                 add_cases[i].cal, add_cases[i].from, add_cases[i].n,
                 dd_date_format(got, buf), add_cases[i].want);
  }
}

Test(workday, an_answer_outside_the_supported_range_is_an_error) {
  dd_date out = 42;
  cr_assert_eq(dd_calendar_add(ew, D("2199-12-31"), 1, &out), DD_ERANGE);
  cr_assert_eq(dd_calendar_add(ew, D("1971-01-01"), -1, &out), DD_ERANGE);
  cr_assert_eq(dd_calendar_add(ew, DD_DATE_MAX + 1, 0, &out), DD_ERANGE);
  cr_assert_eq(dd_calendar_add(ew, D("2020-01-01"), 2000000000, &out),
               DD_ERANGE);
  cr_assert_eq(dd_calendar_add(ew, D("2020-01-01"), -2000000000, &out),
               DD_ERANGE);
  cr_assert_eq(out, 42);
  int n;
  cr_assert_eq(dd_calendar_count(ew, DD_DATE_MIN - 1, D("2020-01-01"), &n),
               DD_ERANGE);
  cr_assert_eq(dd_calendar_count(ew, DD_DATE_MIN, DD_DATE_MAX + 1, &n), DD_OK);
}

Test(workday, count_is_half_open_and_antisymmetric) {
  int n;
  dd_calendar_count(ew, D("2020-12-24"), D("2020-12-29"), &n);
  cr_assert_eq(n, 1, "only the 24th: 25, 26, 27 and 28 are not working days");
  dd_calendar_count(ew, D("2020-12-29"), D("2020-12-24"), &n);
  cr_assert_eq(n, -1);
  dd_calendar_count(ew, D("2020-12-24"), D("2020-12-24"), &n);
  cr_assert_eq(n, 0);
  /* 2021 starts on a Friday: 261 weekdays, 8 of them bank holidays. */
  dd_calendar_count(ew, D("2021-01-01"), D("2022-01-01"), &n);
  cr_assert_eq(n, 253);
  /* Scotland: no Easter Monday but 2nd January (4 Jan) and St Andrew's Day. */
  dd_calendar_count(sc, D("2021-01-01"), D("2022-01-01"), &n);
  cr_assert_eq(n, 252);
}

Test(workday, is_working_says_why_not) {
  dd_reason why;
  cr_assert(dd_calendar_is_working(ew, D("2020-12-29"), &why));
  cr_assert_eq(why.kind, DD_REASON_NONE);
  cr_assert_not(dd_calendar_is_working(ew, D("2020-12-26"), &why));
  cr_assert_eq(why.kind, DD_REASON_WEEKEND);
  cr_assert_str_eq(why.text, "Saturday");
  cr_assert_not(dd_calendar_is_working(ew, D("2020-12-28"), &why));
  cr_assert_eq(why.kind, DD_REASON_HOLIDAY);
  cr_assert_str_eq(why.text, "Boxing Day (substitute day)");
  cr_assert_str_eq(why.holiday->title, "Boxing Day");
  cr_assert_not(dd_calendar_is_working(uk, D("2021-03-17"), &why));
  cr_assert_str_eq(why.text, "St Patrick’s Day (northern-ireland)");
  cr_assert_not(dd_calendar_is_working(uk, D("2021-08-30"), &why));
  cr_assert_str_eq(why.text,
                   "Summer bank holiday (england-and-wales, northern-ireland)");
  cr_assert_not(dd_calendar_is_working(uk, D("2021-12-27"), &why));
  cr_assert_str_eq(why.text, "Christmas Day (substitute day)");
  cr_assert_not(dd_calendar_is_working(ew, DD_DATE_MAX + 1, &why));
  cr_assert_str_eq(why.text, "outside the supported range");
}

Test(workday, closures_and_week_masks_come_from_configuration) {
  const dd_closure closures[] = {
      {D("2020-12-29"), D("2020-12-31"), "Office closure"},
  };
  dd_calendar *cal = make("closed", &sets[0], 1, 0, closures, 1);
  dd_date got;
  cr_assert_eq(dd_calendar_add(cal, D("2020-12-24"), 1, &got), DD_OK);
  cr_assert_eq(got, D("2021-01-04"));
  dd_reason why;
  cr_assert_not(dd_calendar_is_working(cal, D("2020-12-30"), &why));
  cr_assert_eq(why.kind, DD_REASON_CLOSURE);
  cr_assert_str_eq(why.text, "Office closure");
  dd_calendar_free(cal);

  /* Monday to Saturday: Saturday works, Sunday does not. */
  cal = make("six-day", &sets[0], 1, 0x3F, NULL, 0);
  cr_assert_eq(dd_calendar_add(cal, D("2020-09-25"), 1, &got), DD_OK);
  cr_assert_eq(got, D("2020-09-26"));
  dd_calendar_free(cal);

  dd_closure backwards = {D("2020-12-31"), D("2020-12-29"), "x"};
  dd_calendar_spec spec = {
      .name = "bad", .closures = &backwards, .nclosures = 1};
  dd_diag diag;
  cal = (dd_calendar *)&cal;
  cr_assert_eq(dd_calendar_new(&spec, &cal, &diag), DD_EINVAL);
  cr_assert_null(cal);
  spec = (dd_calendar_spec){.name = "no week", .week_mask = 0x80};
  cr_assert_eq(dd_calendar_new(&spec, &cal, &diag), DD_EINVAL);
}

Test(workday, roll_follows_each_convention) {
  dd_date got;
  dd_roll r;
  const struct {
    const char *conv, *date, *want;
  } cases[] = {
      {"following", "2021-07-31", "2021-08-02"},
      {"modified-following", "2021-07-31", "2021-07-30"},
      {"preceding", "2021-07-31", "2021-07-30"},
      {"preceding", "2021-05-01", "2021-04-30"},
      {"modified-preceding", "2021-05-01", "2021-05-04"}, /* 3 May: holiday */
      {"following", "2021-07-30", "2021-07-30"},
      {"modified-following", "2020-12-26", "2020-12-29"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    cr_assert_eq(dd_roll_parse(cases[i].conv, &r), DD_OK);
    cr_assert_eq(dd_calendar_roll(ew, D(cases[i].date), r, &got), DD_OK);
    cr_expect_eq(got, D(cases[i].want), "%s %s", cases[i].conv, cases[i].date);
  }
  cr_assert_eq(dd_roll_parse("sideways", &r), DD_EINVAL);
}

Test(workday, explain_lists_the_skipped_days_and_why) {
  dd_explanation e;
  cr_assert_eq(dd_calendar_explain(ew, D("2020-12-24"), 1, &e), DD_OK);
  cr_assert_eq(e.result, D("2020-12-29"));
  cr_assert_eq(e.nskipped, 4);
  cr_assert_eq(e.weekend_days, 2);
  cr_assert_eq(e.holidays, 2);
  cr_assert_eq(e.skipped[0].date, D("2020-12-25"));
  cr_assert_str_eq(e.skipped[0].reason.text, "Christmas Day");
  cr_assert_str_eq(e.skipped[3].reason.text, "Boxing Day (substitute day)");
  dd_explanation_clear(&e);

  cr_assert_eq(dd_calendar_explain(ew, D("2020-12-29"), -1, &e), DD_OK);
  cr_assert_eq(e.result, D("2020-12-24"));
  cr_assert_eq(e.nskipped, 4);
  cr_assert_eq(e.skipped[0].date, D("2020-12-25"), "in date order");
  dd_explanation_clear(&e);

  cr_assert_eq(dd_calendar_explain(ew, D("2020-12-26"), 0, &e), DD_OK);
  cr_assert_eq(e.result, D("2020-12-29"));
  cr_assert_eq(e.nskipped, 3, "26, 27 and 28: the start counts for n = 0");
  dd_explanation_clear(&e);

  cr_assert_eq(dd_calendar_explain(ew, D("2020-12-29"), 1, &e), DD_OK);
  cr_assert_eq(e.nskipped, 0);
  dd_explanation_clear(&e);
}

/* ---- properties on random dates ----------------------------------------- */

static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint64_t next_random(void) { /* splitmix64: fixed seed, reproducible */
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15u);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  return z ^ (z >> 31);
}
/* A random date at least a month inside the supported range, so that a
 * roll to a working day never leaves it. */
static dd_date random_date(void) {
  return DD_DATE_MIN + 31 +
         (dd_date)(next_random() % (DD_DATE_MAX - DD_DATE_MIN - 62));
}

/* The day-by-day definition, independent of the tables. */
static dd_date walk_add(const dd_calendar *cal, dd_date d, int n) {
  if (n == 0) {
    while (!dd_calendar_is_working(cal, d, NULL))
      d++;
    return d;
  }
  int step = n > 0 ? 1 : -1;
  for (int left = abs(n); left > 0;) {
    d += step;
    if (dd_calendar_is_working(cal, d, NULL))
      left--;
  }
  return d;
}

Test(workday, add_of_count_returns_the_end_for_random_working_days) {
  dd_calendar *cals[] = {ew, sc, ni, uk};
  for (int i = 0; i < 200000; i++) {
    dd_calendar *cal = cals[i % 4];
    dd_date a, b, got;
    int n;
    /* Roll both to working days; then add(a, count(a, b)) == b. */
    cr_assert_eq(dd_calendar_roll(cal, random_date(), DD_ROLL_PRECEDING, &a),
                 DD_OK);
    cr_assert_eq(dd_calendar_roll(cal, random_date(), DD_ROLL_PRECEDING, &b),
                 DD_OK);
    cr_assert_eq(dd_calendar_count(cal, a, b, &n), DD_OK);
    cr_assert_eq(dd_calendar_add(cal, a, n, &got), DD_OK);
    cr_assert_eq(got, b, "add(a, count(a, b)) != b for %d, %d", a, b);
  }
}

Test(workday, add_agrees_with_a_day_by_day_walk_on_random_dates) {
  dd_calendar *cals[] = {ew, sc, ni, uk};
  for (int i = 0; i < 100000; i++) {
    dd_calendar *cal = cals[i % 4];
    dd_date d = DD_DATE_MIN + 400 +
                (dd_date)(next_random() % (DD_DATE_MAX - DD_DATE_MIN - 800));
    int n = (int)(next_random() % 241) - 120;
    dd_date got;
    cr_assert_eq(dd_calendar_add(cal, d, n, &got), DD_OK);
    cr_assert_eq(got, walk_add(cal, d, n), "%s: %d %+d", dd_calendar_name(cal),
                 d, n);
    int c;
    dd_calendar_count(cal, d, got, &c);
    /* The count from d to the answer is n, give or take d itself. */
    bool d_works = dd_calendar_is_working(cal, d, NULL);
    int want = n > 0 ? n - 1 + d_works : n;
    if (n != 0)
      cr_assert_eq(c, want, "count(%d, add(%d, %d))", d, d, n);
  }
}
