/* Bank holidays: every rule, substitute case and one-off, worked by hand
 * from ../shared/spec/holidays.md, the published GOV.UK lists, and the rule
 * loader's errors. */
#include "dueday/holiday.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static dd_holidays *load(const char *division) {
  dd_holidays *h = NULL;
  dd_diag diag = {{0}};
  int err = dd_holidays_load(HOLIDAYS_DIR, division, &h, &diag);
  cr_assert_eq(err, DD_OK, "%s: %s", division, diag.message);
  return h;
}

static dd_date date(const char *text) {
  dd_date d;
  cr_assert_eq(dd_date_parse(text, &d, NULL), DD_OK, "%s", text);
  return d;
}

/* division, date, the expected label ("" when the day is no bank holiday).
 * Each row was worked out by hand from the rules and exceptions. */
static const struct {
  const char *division, *date, *label;
} cases[] = {
    /* England and Wales: 25 Dec on Saturday (2010, 2021, 1971). */
    {"england-and-wales", "2010-12-27", "Christmas Day (substitute day)"},
    {"england-and-wales", "2010-12-28", "Boxing Day (substitute day)"},
    {"england-and-wales", "2021-12-27", "Christmas Day (substitute day)"},
    {"england-and-wales", "2021-12-28", "Boxing Day (substitute day)"},
    {"england-and-wales", "1971-12-27", "Christmas Day (substitute day)"},
    {"england-and-wales", "1971-12-28", "Boxing Day (substitute day)"},
    /* 25 Dec on Sunday: Boxing Day keeps Monday, Christmas takes Tuesday. */
    {"england-and-wales", "2016-12-26", "Boxing Day"},
    {"england-and-wales", "2016-12-27", "Christmas Day (substitute day)"},
    {"england-and-wales", "2022-12-26", "Boxing Day"},
    {"england-and-wales", "2022-12-27", "Christmas Day (substitute day)"},
    /* 25 Dec on Friday: Boxing Day moves to Monday 28. */
    {"england-and-wales", "2020-12-25", "Christmas Day"},
    {"england-and-wales", "2020-12-28", "Boxing Day (substitute day)"},
    {"england-and-wales", "2020-12-24", ""},
    {"england-and-wales", "2020-12-29", ""},
    /* New Year's Day: on Saturday, on Sunday, and before 1974. */
    {"england-and-wales", "2011-01-03", "New Year’s Day (substitute day)"},
    {"england-and-wales", "2022-01-03", "New Year’s Day (substitute day)"},
    {"england-and-wales", "2017-01-02", "New Year’s Day (substitute day)"},
    {"england-and-wales", "2023-01-02", "New Year’s Day (substitute day)"},
    {"england-and-wales", "2023-01-03", ""},
    {"england-and-wales", "1973-01-01", ""},
    {"england-and-wales", "1974-01-01", "New Year’s Day"},
    /* Easter at both ends of its range: 23 March 2008, 25 April 2038. */
    {"england-and-wales", "2008-03-21", "Good Friday"},
    {"england-and-wales", "2008-03-24", "Easter Monday"},
    {"england-and-wales", "2038-04-23", "Good Friday"},
    {"england-and-wales", "2038-04-26", "Easter Monday"},
    /* Early May from 1978; the VE-day moves of 1995 and 2020. */
    {"england-and-wales", "1977-05-02", ""},
    {"england-and-wales", "1978-05-01", "Early May bank holiday"},
    {"england-and-wales", "1995-05-01", ""},
    {"england-and-wales", "1995-05-08", "Early May bank holiday (VE day)"},
    {"england-and-wales", "2020-05-04", ""},
    {"england-and-wales", "2020-05-08", "Early May bank holiday (VE day)"},
    /* The jubilees' moved Spring bank holidays and the one-offs. */
    {"england-and-wales", "1977-05-30", "Spring bank holiday"},
    {"england-and-wales", "1977-06-07", "Queen’s Silver Jubilee"},
    {"england-and-wales", "1981-07-29", "Royal wedding"},
    {"england-and-wales", "1999-12-31", "Millennium celebrations"},
    {"england-and-wales", "2000-01-03", "New Year’s Day (substitute day)"},
    {"england-and-wales", "2002-05-27", ""},
    {"england-and-wales", "2002-06-03", "Queen’s Golden Jubilee"},
    {"england-and-wales", "2002-06-04", "Spring bank holiday"},
    {"england-and-wales", "2011-04-29", "Royal wedding"},
    {"england-and-wales", "2012-05-28", ""},
    {"england-and-wales", "2012-06-04", "Spring bank holiday"},
    {"england-and-wales", "2012-06-05", "Queen’s Diamond Jubilee"},
    {"england-and-wales", "2022-05-30", ""},
    {"england-and-wales", "2022-06-02", "Spring bank holiday"},
    {"england-and-wales", "2022-06-03", "Platinum Jubilee bank holiday"},
    {"england-and-wales", "2022-09-19",
     "Bank Holiday for the State Funeral of Queen Elizabeth II"},
    {"england-and-wales", "2023-05-08",
     "Bank holiday for the coronation of King Charles III"},
    {"england-and-wales", "2026-06-15", ""},
    {"england-and-wales", "2027-08-30", "Summer bank holiday"},
    /* The ends of the supported range. */
    {"england-and-wales", "1971-01-01", ""},
    {"england-and-wales", "2199-12-25", "Christmas Day"},
    {"england-and-wales", "2199-12-26", "Boxing Day"},
    /* Scotland: 1 and 2 January substituted together, in order. */
    {"scotland", "2021-01-01", "New Year’s Day"},
    {"scotland", "2021-01-04", "2nd January (substitute day)"},
    {"scotland", "2022-01-03", "New Year’s Day (substitute day)"},
    {"scotland", "2022-01-04", "2nd January (substitute day)"},
    {"scotland", "2023-01-02", "New Year’s Day (substitute day)"},
    {"scotland", "2023-01-03", "2nd January (substitute day)"},
    {"scotland", "2019-01-01", "New Year’s Day"},
    {"scotland", "2019-01-02", "2nd January"},
    {"scotland", "1972-01-03", "New Year’s Day (substitute day)"},
    {"scotland", "1972-01-04", ""},
    {"scotland", "1973-01-02", "2nd January"},
    {"scotland", "2000-01-03", "New Year’s Day (substitute day)"},
    {"scotland", "2000-01-04", "2nd January (substitute day)"},
    /* No Easter Monday; first Monday in August; Spring from 1978. */
    {"scotland", "2021-04-05", ""},
    {"scotland", "2038-04-26", ""},
    {"scotland", "2038-04-23", "Good Friday"},
    {"scotland", "2027-08-02", "Summer bank holiday"},
    {"scotland", "2027-08-30", ""},
    {"scotland", "1977-05-30", ""},
    {"scotland", "1978-05-29", "Spring bank holiday"},
    {"scotland", "1977-05-02", "Early May bank holiday"},
    /* St Andrew's Day from 2007: on Saturday, on Sunday, and in 2006. */
    {"scotland", "2006-11-30", ""},
    {"scotland", "2007-11-30", "St Andrew’s Day"},
    {"scotland", "2019-12-02", "St Andrew’s Day (substitute day)"},
    {"scotland", "2025-12-01", "St Andrew’s Day (substitute day)"},
    {"scotland", "2024-12-02", "St Andrew’s Day (substitute day)"},
    {"scotland", "2026-11-30", "St Andrew’s Day"},
    /* Boxing Day from 1974; the World Cup holiday, Scotland only. */
    {"scotland", "1973-12-26", ""},
    {"scotland", "1974-12-26", "Boxing Day"},
    {"scotland", "2026-06-15", "World Cup bank holiday"},
    {"scotland", "2022-12-27", "Christmas Day (substitute day)"},
    /* Northern Ireland: 17 March and 12 July at weekends move to Monday. */
    {"northern-ireland", "2018-03-19", "St Patrick’s Day (substitute day)"},
    {"northern-ireland", "2019-03-18", "St Patrick’s Day (substitute day)"},
    {"northern-ireland", "2020-03-17", "St Patrick’s Day"},
    {"northern-ireland", "2019-03-17", ""},
    {"northern-ireland", "2014-07-14",
     "Battle of the Boyne (Orangemen’s Day) (substitute day)"},
    {"northern-ireland", "2020-07-13",
     "Battle of the Boyne (Orangemen’s Day) (substitute day)"},
    {"northern-ireland", "2021-07-12", "Battle of the Boyne (Orangemen’s Day)"},
    {"northern-ireland", "2021-04-05", "Easter Monday"},
    {"northern-ireland", "2027-08-30", "Summer bank holiday"},
    {"northern-ireland", "2022-06-03", "Platinum Jubilee bank holiday"},
};

Test(holiday, every_hand_worked_case_matches) {
  for (const char *const *div = dd_divisions; *div; div++) {
    dd_holidays *h = load(*div);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
      if (strcmp(cases[i].division, *div) != 0)
        continue;
      const dd_holiday *hol = dd_holidays_find(h, date(cases[i].date));
      char label[256] = "";
      if (hol != NULL)
        dd_holiday_label(hol, label, sizeof label);
      cr_expect_str_eq(label, cases[i].label, "%s %s", *div, cases[i].date);
    }
    dd_holidays_free(h);
  }
}

Test(holiday, every_bank_holiday_is_a_weekday_and_years_have_the_usual_count) {
  for (const char *const *div = dd_divisions; *div; div++) {
    dd_holidays *h = load(*div);
    const dd_holiday *all;
    size_t n = dd_holidays_between(h, DD_DATE_MIN, DD_DATE_MAX, &all);
    for (size_t i = 0; i < n; i++) {
      cr_assert_lt(dd_date_weekday(all[i].date), DD_SATURDAY);
      if (i > 0)
        cr_assert_gt(all[i].date, all[i - 1].date);
    }
    /* From 2030 on no one-offs are known: 8 in E&W, 9 in Scotland, 10 in NI. */
    size_t expect = strcmp(*div, "england-and-wales") == 0 ? 8
                    : strcmp(*div, "scotland") == 0        ? 9
                                                           : 10;
    for (int y = 2030; y <= 2199; y++) {
      dd_date a, b;
      dd_date_from_ymd(y, 1, 1, &a);
      dd_date_from_ymd(y, 12, 31, &b);
      cr_assert_eq(dd_holidays_between(h, a, b, &all), expect, "%s %d", *div,
                   y);
    }
    dd_holidays_free(h);
  }
}

Test(holiday, years_after_the_published_ones_are_provisional) {
  dd_holidays *h = load("england-and-wales");
  cr_assert_eq(dd_holidays_confirmed_to(h), 2028);
  cr_assert_not(dd_holidays_find(h, date("2028-12-25"))->provisional);
  cr_assert(dd_holidays_find(h, date("2029-01-01"))->provisional);
  cr_assert(dd_holidays_find(h, date("2199-12-25"))->provisional);
  dd_holidays_free(h);
}

Test(holiday, the_uncertain_1970s_years_are_marked_with_a_note) {
  dd_holidays *ew = load("england-and-wales"), *sc = load("scotland");
  cr_assert(dd_holidays_find(ew, date("1977-06-07"))->uncertain);
  cr_assert_not(dd_holidays_find(ew, date("1978-05-01"))->uncertain);
  cr_assert_not_null(dd_holidays_uncertainty(ew, 1973));
  cr_assert_null(dd_holidays_uncertainty(ew, 1975));
  for (int y = 1971; y <= 1977; y++)
    cr_assert_not_null(dd_holidays_uncertainty(sc, y), "scotland %d", y);
  cr_assert_null(dd_holidays_uncertainty(sc, 1978));
  dd_holidays_free(ew);
  dd_holidays_free(sc);
}

/* ---- against the published lists (tests/data/published) ----------------- */

struct published {
  dd_holiday *rows;
  size_t n;
  char **titles;
};

static void read_published(const char *division, struct published *p) {
  char path[512], line[512];
  snprintf(path, sizeof path, "%s/published/%s.csv", DATA_DIR, division);
  FILE *f = fopen(path, "r");
  cr_assert_not_null(f, "%s", path);
  p->rows = calloc(1024, sizeof *p->rows);
  p->n = 0;
  cr_assert(fgets(line, sizeof line, f) &&
            strncmp(line, "date,title,source", 17) == 0);
  while (fgets(line, sizeof line, f) != NULL) {
    cr_assert_lt(p->n, 1024);
    line[strcspn(line, "\r\n")] = '\0';
    char *title = strchr(line, ',');
    cr_assert_not_null(title, "%s: %s", path, line);
    *title++ = '\0';
    char *source = strrchr(title, ',');
    if (source != NULL)
      *source = '\0';
    p->rows[p->n].date = date(line);
    p->rows[p->n].title = strcpy(malloc(strlen(title) + 1), title);
    p->n++;
  }
  fclose(f);
}

static void free_published(struct published *p) {
  for (size_t i = 0; i < p->n; i++)
    free((char *)p->rows[i].title);
  free(p->rows);
}

static void print_diff(const dd_holiday_diff *d, void *arg) {
  char buf[DD_DATE_BUFSIZE];
  cr_log_error("%s: %s only in %s (%s)", (const char *)arg,
               dd_date_format(d->date, buf),
               d->published_title ? "GOV.UK" : "dueday",
               d->published_title ? d->published_title : d->dueday_title);
}

/* The years every division's file holds completely from GOV.UK snapshots
 * (tests/data/published/coverage.txt). */
#define PUBLISHED_FROM 2012
#define PUBLISHED_TO 2028

Test(holiday, every_published_gov_uk_year_matches_exactly) {
  for (const char *const *div = dd_divisions; *div; div++) {
    struct published p;
    read_published(*div, &p);
    dd_holiday *complete = calloc(p.n, sizeof *complete);
    size_t n = 0;
    for (size_t i = 0; i < p.n; i++) {
      int y;
      dd_date_to_ymd(p.rows[i].date, &y, NULL, NULL);
      if (y >= PUBLISHED_FROM && y <= PUBLISHED_TO)
        complete[n++] = p.rows[i];
    }
    cr_assert_gt(n, 17 * 8, "%s: the fixture holds the published years", *div);
    dd_holidays *h = load(*div);
    size_t diffs =
        dd_holidays_compare(h, complete, n, print_diff, (void *)*div);
    cr_expect_eq(diffs, 0, "%s: %zu differences from GOV.UK", *div, diffs);
    dd_holidays_free(h);
    free(complete);
    free_published(&p);
  }
}

Test(holiday, every_published_one_off_before_2012_is_generated) {
  struct published p;
  read_published("england-and-wales", &p);
  dd_holidays *h = load("england-and-wales");
  size_t early = 0;
  for (size_t i = 0; i < p.n; i++) {
    int y;
    dd_date_to_ymd(p.rows[i].date, &y, NULL, NULL);
    if (y >= PUBLISHED_FROM)
      continue;
    early++;
    char buf[DD_DATE_BUFSIZE];
    cr_expect_not_null(dd_holidays_find(h, p.rows[i].date), "%s %s",
                       dd_date_format(p.rows[i].date, buf), p.rows[i].title);
  }
  cr_assert_geq(early, 6);
  dd_holidays_free(h);
  free_published(&p);
}

Test(holiday, compare_reports_dates_missing_on_either_side) {
  dd_holidays *h = load("scotland");
  /* 2027 as GOV.UK briefly had it wrong: Summer bank holiday on 30 August. */
  const dd_holiday wrong[] = {
      {.date = date("2027-01-01"), .title = "New Year’s Day"},
      {.date = date("2027-01-04"), .title = "2nd January"},
      {.date = date("2027-03-26"), .title = "Good Friday"},
      {.date = date("2027-05-03"), .title = "Early May bank holiday"},
      {.date = date("2027-05-31"), .title = "Spring bank holiday"},
      {.date = date("2027-08-30"), .title = "Summer bank holiday"},
      {.date = date("2027-11-30"), .title = "St Andrew’s Day"},
      {.date = date("2027-12-27"), .title = "Christmas Day"},
      {.date = date("2027-12-28"), .title = "Boxing Day"},
  };
  cr_assert_eq(dd_holidays_compare(h, wrong, 9, NULL, NULL), 2);
  dd_holidays_free(h);
}

/* ---- the data is data -------------------------------------------------- */

static const char minimal[] = "division = \"test\";\n"
                              "confirmed_to = 2030;\n"
                              "rules = ( { title = \"Christmas Day\"; date = "
                              "\"12-25\"; substitute = true; } );\n";

Test(holiday, a_new_proclamation_is_a_data_edit) {
  char text[1024];
  snprintf(text, sizeof text,
           "%sone_offs = ( { date = \"2031-03-14\"; title = \"Proclaimed "
           "day\"; } );\n",
           minimal);
  dd_holidays *h = NULL;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_holidays_load_string("test.conf", text, &h, &diag), DD_OK,
               "%s", diag.message);
  const dd_holiday *hol = dd_holidays_find(h, date("2031-03-14"));
  cr_assert_not_null(hol);
  cr_assert_str_eq(hol->title, "Proclaimed day");
  cr_assert(hol->provisional, "2031 is after confirmed_to 2030");
  cr_assert_str_eq(dd_holidays_division(h), "test");
  dd_holidays_free(h);
}

Test(holiday, a_29_february_rule_gives_a_day_only_in_leap_years) {
  const char *text = "division = \"leap\"; confirmed_to = 2030;\n"
                     "rules = ( { title = \"Leap day\"; date = \"02-29\"; "
                     "substitute = true; } );\n";
  dd_holidays *h = NULL;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_holidays_load_string("leap.conf", text, &h, &diag), DD_OK,
               "%s", diag.message);
  cr_assert_not_null(dd_holidays_find(h, date("2024-02-29")), "a Thursday");
  cr_assert_not_null(dd_holidays_find(h, date("2020-03-02")),
                     "Saturday 29 February 2020 moves to Monday");
  const dd_holiday *first;
  cr_assert_eq(
      dd_holidays_between(h, date("2021-01-01"), date("2023-12-31"), &first), 0,
      "no day in common years");
  dd_holidays_free(h);
}

/* Malformed data: each gives "file:line: message". */
static const struct {
  const char *text, *message;
} bad_data[] = {
    {"division = \"x\"; confirmed_to = 2028;\nrules = ( { title = \"A\"; date "
     "= \"12-25\" } \n",
     "test.conf:3: syntax error"},
    {"division = \"x\";\nrules = ();\n",
     "test.conf:0: missing \"confirmed_to\""},
    {"confirmed_to = 2028;\n", "test.conf:0: missing \"division\""},
    {"division = \"x\"; confirmed_to = 2028;\nrules = (\n { title = \"A\"; "
     "weekday = \"Mon\"; month = 5; nth = 1; } );\n",
     "test.conf:3: unknown weekday \"Mon\""},
    {"division = \"x\"; confirmed_to = 2028;\nrules = (\n { title = \"A\"; "
     "date = \"02-30\"; } );\n",
     "test.conf:3: invalid date \"02-30\""},
    {"division = \"x\"; confirmed_to = 2028;\nrules = (\n { title = \"A\"; "
     "date = \"12-25\"; easter = 1; } );\n",
     "test.conf:3: rule \"A\" needs exactly one of"},
    {"division = \"x\"; confirmed_to = 2028;\nrules = (\n { title = \"A\"; "
     "date = \"12-25\"; colour = 1; } );\n",
     "test.conf:3: unknown setting \"colour\""},
    {"division = \"x\"; confirmed_to = 2028;\nrules = (\n { title = \"A\"; "
     "date = \"12-25\"; from = 1960; } );\n",
     "test.conf:3: \"from\" is 1960: use a whole number from 1971 to 2199"},
    {"division = \"x\"; confirmed_to = 2028;\nrules = (\n { title = \"A\"; "
     "date = \"12-25\"; substitute = 1; } );\n",
     "test.conf:3: \"substitute\" is 1: use true or false"},
    {"division = \"x\"; confirmed_to = 2028;\nrules = (\n { title = \"\"; "
     "date = \"12-25\"; } );\n",
     "test.conf:3: \"title\" is empty"},
    {"division = \"x\"; confirmed_to = 2028;\nrules = (\n { title = 5; "
     "date = \"12-25\"; } );\n",
     "test.conf:3: \"title\" is 5: it must be a string"},
    {"division = \"x\"; confirmed_to = 2028;\nrules = 5;\n",
     "test.conf:2: \"rules\" must be a list"},
    {"division = \"x\"; confirmed_to = 2028;\nrules = (\n { title = \"A\"; "
     "date = \"12-25\"; follows = \"B\"; substitute = true; } );\n",
     "test.conf:3: \"follows\" names \"B\""},
    {"division = \"x\"; confirmed_to = 2028;\nrules = ( { title = \"A\"; date "
     "= \"12-25\"; } );\nmoves = (\n { rule = \"B\"; to = \"2020-12-24\"; } "
     ");\n",
     "test.conf:4: move names unknown rule \"B\""},
    {"division = \"x\"; confirmed_to = 2028;\nrules = ( { title = \"A\"; date "
     "= \"12-25\"; } );\none_offs = (\n { date = \"2021-02-29\"; title = "
     "\"B\"; } );\n",
     "test.conf:4: invalid date \"2021-02-29\""},
    {"division = \"x\"; confirmed_to = 2028;\nrules = ( { title = \"A\"; date "
     "= \"12-25\"; } );\none_offs = (\n { date = \"2021-12-25\"; title = "
     "\"B\"; } );\n",
     "test.conf:4: one-off on a Saturday"},
    {"division = \"x\"; confirmed_to = 2028;\nrules = ( { title = \"A\"; date "
     "= \"12-24\"; } );\none_offs = (\n { date = \"2020-12-24\"; title = "
     "\"B\"; } );\n",
     "test.conf:4: 2020-12-24: \"B\" and \"A\" fall on the same day"},
    {"division = \"x\"; confirmed_to = 2028;\nrules = ( { title = \"A\"; date "
     "= \"12-25\"; }, { title = \"A\"; easter = 1; } );\n",
     "test.conf:2: duplicate rule \"A\""},
    {"division = \"x\"; confirmed_to = 2028;\nrules = ( { title = \"A\"; "
     "weekday = \"Monday\"; month = 5; nth = 5; } );\n",
     "test.conf:2: \"nth\" is 5: use 1 to 4, or \"last\""},
};

Test(holiday, malformed_data_is_reported_with_file_and_line) {
  for (size_t i = 0; i < sizeof bad_data / sizeof bad_data[0]; i++) {
    dd_holidays *h = (dd_holidays *)&h;
    dd_diag diag = {{0}};
    int err = dd_holidays_load_string("test.conf", bad_data[i].text, &h, &diag);
    cr_expect_eq(err, DD_EPARSE, "case %zu", i);
    cr_expect_null(h, "case %zu: no half-built set", i);
    cr_expect(strncmp(diag.message, bad_data[i].message,
                      strlen(bad_data[i].message)) == 0,
              "case %zu: got \"%s\", want \"%s...\"", i, diag.message,
              bad_data[i].message);
  }
}

Test(holiday, a_missing_file_or_unknown_division_is_not_found) {
  dd_holidays *h;
  dd_diag diag;
  cr_assert_eq(dd_holidays_load(HOLIDAYS_DIR, "wales", &h, &diag),
               DD_ENOTFOUND);
  cr_assert_null(h);
  cr_assert_eq(dd_holidays_load(NULL, "wales", &h, &diag), DD_ENOTFOUND);
  cr_assert_eq(dd_holidays_load(NULL, "../x", &h, &diag), DD_ENOTFOUND);
  cr_assert_eq(dd_holidays_load_file("/nonexistent/x.conf", &h, &diag), DD_EIO);
}

/* Writes text to dir/name. */
static void write_file(const char *dir, const char *name, const char *text) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  cr_assert_not_null(f, "%s", path);
  fputs(text, f);
  fclose(f);
}

Test(holiday, a_file_naming_another_division_is_refused_at_its_line) {
  char dir[] = "/tmp/dueday-holidays-XXXXXX";
  cr_assert_not_null(mkdtemp(dir));
  write_file(dir, "scotland.conf",
             "# a copy of another division's file\n"
             "division = \"england-and-wales\";\nconfirmed_to = 2028;\n");
  dd_holidays *h = (dd_holidays *)&h;
  dd_diag diag = {{0}};
  int err = dd_holidays_load(dir, "scotland", &h, &diag);
  char want[256];
  snprintf(want, sizeof want,
           "%s/scotland.conf:2: division \"england-and-wales\" in the file "
           "for \"scotland\": a division's file names that division",
           dir);
  char path[512];
  snprintf(path, sizeof path, "%s/scotland.conf", dir);
  unlink(path);
  rmdir(dir);
  cr_assert_eq(err, DD_EPARSE);
  cr_assert_null(h);
  cr_assert_str_eq(diag.message, want);
}

Test(holiday, a_year_of_2_to_the_32_and_more_is_refused_not_wrapped) {
  /* 4294969324 is 2^32 + 2028: libconfig 1.5 would keep 2028. */
  static const char *const texts[] = {
      "division = \"x\";\nconfirmed_to = 4294969324;\n",
      "division = \"x\"; confirmed_to = 2028;\nrules = (\n { title = \"A\"; "
      "date = \"12-25\"; from = 4294969296; } );\n",
      "division = \"x\"; confirmed_to = 2028;\nrules = (\n { title = \"A\"; "
      "easter = 4294967297; } );\n",
  };
  static const char *const want[] = {
      "test.conf:2: 4294969324 is out of range",
      "test.conf:3: 4294969296 is out of range",
      "test.conf:3: 4294967297 is out of range",
  };
  for (size_t i = 0; i < 3; i++) {
    dd_holidays *h;
    dd_diag diag = {{0}};
    cr_assert_eq(dd_holidays_load_string("test.conf", texts[i], &h, &diag),
                 DD_EPARSE, "case %zu", i);
    cr_expect(strncmp(diag.message, want[i], strlen(want[i])) == 0,
              "case %zu: %s", i, diag.message);
  }
  /* With L, libconfig reads 64 bits: the range check sees it whole. */
  dd_holidays *h;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_holidays_load_string(
                   "test.conf",
                   "division = \"x\";\nconfirmed_to = 4294969324L;\n", &h,
                   &diag),
               DD_EPARSE);
  cr_expect_str_eq(diag.message, "test.conf:2: \"confirmed_to\" is "
                                 "4294969324: use a whole number from 1971 "
                                 "to 2199");
}

Test(holiday, a_directory_named_like_a_division_file_is_not_data) {
  char dir[] = "/tmp/dueday-holidays-XXXXXX";
  cr_assert_not_null(mkdtemp(dir));
  char path[512];
  snprintf(path, sizeof path, "%s/scotland.conf", dir);
  cr_assert_eq(mkdir(path, 0700), 0);
  dd_holidays *h;
  dd_diag diag = {{0}};
  int err = dd_holidays_load(dir, "scotland", &h, &diag);
  rmdir(path);
  rmdir(dir);
  cr_assert_eq(err, DD_ENOTFOUND);
  char want[600];
  snprintf(want, sizeof want,
           "no holiday data for division \"scotland\" (%s: a directory, not "
           "a file)",
           path);
  cr_assert_str_eq(diag.message, want);
}

Test(holiday, the_built_in_data_is_the_shipped_data) {
  for (const char *const *div = dd_divisions; *div; div++) {
    dd_holidays *file = load(*div), *builtin;
    dd_diag diag;
    cr_assert_eq(dd_holidays_load(NULL, *div, &builtin, &diag), DD_OK);
    const dd_holiday *a, *b;
    size_t na = dd_holidays_between(file, DD_DATE_MIN, DD_DATE_MAX, &a);
    size_t nb = dd_holidays_between(builtin, DD_DATE_MIN, DD_DATE_MAX, &b);
    cr_assert_eq(na, nb);
    for (size_t i = 0; i < na; i++) {
      cr_assert_eq(a[i].date, b[i].date);
      cr_assert_str_eq(a[i].title, b[i].title);
    }
    dd_holidays_free(file);
    dd_holidays_free(builtin);
  }
}

/* ---- provisional years against the spec's case tables ---------------------
 */

/* The spec's substitute table, written out case by case rather than through
 * the generator's algorithm, so the two can disagree. */
static void christmas_days(int y, dd_date out[2]) {
  dd_date c;
  dd_date_from_ymd(y, 12, 25, &c);
  switch (dd_date_weekday(c)) {
  case DD_FRIDAY: /* Fri 25, Mon 28 */
    out[0] = c, out[1] = c + 3;
    break;
  case DD_SATURDAY: /* Mon 27, Tue 28 */
    out[0] = c + 2, out[1] = c + 3;
    break;
  case DD_SUNDAY: /* Mon 26 Boxing Day, Tue 27 Christmas Day */
    out[0] = c + 1, out[1] = c + 2;
    break;
  default:
    out[0] = c, out[1] = c + 1;
  }
}

static dd_date monday_if_weekend(int y, int m, int d) {
  dd_date x;
  dd_date_from_ymd(y, m, d, &x);
  int w = dd_date_weekday(x);
  return w == DD_SATURDAY ? x + 2 : w == DD_SUNDAY ? x + 1 : x;
}

static dd_date nth_monday(int y, int m, int nth) {
  dd_date first;
  dd_date_from_ymd(y, m, 1, &first);
  first += (DD_MONDAY - dd_date_weekday(first) + 7) % 7;
  if (nth > 0)
    return first + 7 * (nth - 1);
  dd_date last = first + 28;
  int lm;
  dd_date_to_ymd(last, NULL, &lm, NULL);
  return lm == m ? last : last - 7;
}

static int by_value(const void *a, const void *b) {
  return (*(const dd_date *)a > *(const dd_date *)b) -
         (*(const dd_date *)a < *(const dd_date *)b);
}

Test(holiday, years_2029_to_2199_follow_the_spec_case_by_case) {
  for (const char *const *div = dd_divisions; *div; div++) {
    dd_holidays *h = load(*div);
    bool scot = strcmp(*div, "scotland") == 0;
    bool ni = strcmp(*div, "northern-ireland") == 0;
    for (int y = 2029; y <= 2199; y++) {
      dd_date want[12];
      size_t n = 0;
      dd_date easter = dd_date_easter(y);
      if (scot) {
        /* 1 and 2 January together: Fri -> 1, 4; Sat -> 3, 4; Sun -> 2, 3. */
        dd_date j1;
        dd_date_from_ymd(y, 1, 1, &j1);
        int w = dd_date_weekday(j1);
        want[n++] = w == DD_SATURDAY ? j1 + 2 : w == DD_SUNDAY ? j1 + 1 : j1;
        want[n++] = w == DD_FRIDAY     ? j1 + 3
                    : w == DD_SATURDAY ? j1 + 3
                    : w == DD_SUNDAY   ? j1 + 2
                                       : j1 + 1;
      } else {
        want[n++] = monday_if_weekend(y, 1, 1);
      }
      if (ni)
        want[n++] = monday_if_weekend(y, 3, 17);
      want[n++] = easter - 2;
      if (!scot)
        want[n++] = easter + 1;
      want[n++] = nth_monday(y, 5, 1);
      want[n++] = nth_monday(y, 5, -1);
      if (ni)
        want[n++] = monday_if_weekend(y, 7, 12);
      want[n++] = nth_monday(y, 8, scot ? 1 : -1);
      if (scot)
        want[n++] = monday_if_weekend(y, 11, 30);
      christmas_days(y, &want[n]);
      n += 2;
      qsort(want, n, sizeof want[0], by_value);

      dd_date a, b;
      dd_date_from_ymd(y, 1, 1, &a);
      dd_date_from_ymd(y, 12, 31, &b);
      const dd_holiday *got;
      size_t ngot = dd_holidays_between(h, a, b, &got);
      cr_assert_eq(ngot, n, "%s %d", *div, y);
      for (size_t i = 0; i < n; i++) {
        char g[DD_DATE_BUFSIZE], w[DD_DATE_BUFSIZE];
        cr_assert_eq(got[i].date, want[i], "%s %d: got %s, want %s", *div, y,
                     dd_date_format(got[i].date, g),
                     dd_date_format(want[i], w));
        cr_assert(got[i].provisional);
      }
    }
    dd_holidays_free(h);
  }
}
