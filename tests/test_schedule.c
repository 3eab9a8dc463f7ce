/* The milestone engine: worked schedules of the shipped visit types in all
 * three divisions, recorded events moving the milestones counted from them,
 * statuses against a pinned "today", and bad input. Every expected date was
 * counted by hand from the bank-holiday lists; the count is beside its row.
 * Conventions: the last day on site is day 0; "+N" is the Nth working day
 * strictly after the anchor; windows are calendar days. */
#include "dueday/config.h"
#include "dueday/schedule.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static dd_holidays *sets[3];
static dd_calendar *ew, *sc, *ni;
static dd_config *cfg;

/* Every computation uses this end of the working day, and a fixed today
 * unless the test is about status. */
#define END_OF_DAY (17 * 60)
#define TODAY "2021-06-01"

static dd_date D(const char *text) {
  dd_date d;
  cr_assert_eq(dd_date_parse(text, &d, NULL), DD_OK, "%s", text);
  return d;
}

static dd_calendar *make(const char *name, dd_holidays *const *hs) {
  dd_calendar_spec spec = {
      .name = name, .holidays = (const dd_holidays *const *)hs, .nholidays = 1};
  dd_calendar *cal = NULL;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_calendar_new(&spec, &cal, &diag), DD_OK, "%s", diag.message);
  return cal;
}

static void setup(void) {
  dd_diag diag = {{0}};
  for (int i = 0; dd_divisions[i]; i++)
    cr_assert_eq(
        dd_holidays_load(HOLIDAYS_DIR, dd_divisions[i], &sets[i], &diag), DD_OK,
        "%s", diag.message);
  ew = make("england-and-wales", &sets[0]);
  sc = make("scotland", &sets[1]);
  ni = make("northern-ireland", &sets[2]);
  cr_assert_eq(dd_config_load_file(CONFIG_DIR "/dueday.conf", &cfg, &diag),
               DD_OK, "%s", diag.message);
}

static void teardown(void) {
  dd_config_free(cfg);
  dd_calendar_free(ew);
  dd_calendar_free(sc);
  dd_calendar_free(ni);
  for (int i = 0; i < 3; i++)
    dd_holidays_free(sets[i]);
}

TestSuite(schedule, .init = setup, .fini = teardown);

static dd_calendar *by_name(const char *name) {
  return strcmp(name, "ew") == 0 ? ew : strcmp(name, "sc") == 0 ? sc : ni;
}

static const dd_visit_type *type_of(const char *id) {
  const dd_visit_type *t = dd_config_visit_type(cfg, id);
  cr_assert_not_null(t, "visit type %s", id);
  return t;
}

static void compute(const char *cal, const char *type, const char *start,
                    int days, bool concerns, const dd_event *events,
                    size_t nevents, const char *today, dd_schedule *out) {
  dd_visit_input visit = {.type = type_of(type),
                          .start = D(start),
                          .days_on_site = days,
                          .concerns = concerns,
                          .events = events,
                          .nevents = nevents};
  dd_diag diag = {{0}};
  cr_assert_eq(dd_schedule_compute(by_name(cal), &visit, END_OF_DAY, D(today),
                                   out, &diag),
               DD_OK, "%s %s %s: %s", cal, type, start, diag.message);
}

static const dd_milestone *find(const dd_schedule *s, const char *id) {
  const dd_milestone *m = dd_schedule_find(s, id);
  cr_assert_not_null(m, "milestone %s", id);
  return m;
}

/* ---- worked schedules ---------------------------------------------------- */

/* The clock times of the timed milestones; every other one is all day. */
static const struct {
  const char *id;
  int time;
} clock_times[] = {
    {"announcement", 9 * 60}, /* "approximately 9am on day 1" */
    {"annex-a", 14 * 60},     /* "by 2pm on the day of the announcement" */
    {"dcs-email", 17 * 60},   /* end-of-day: END_OF_DAY */
};

static int time_of(const char *id) {
  for (size_t i = 0; i < sizeof clock_times / sizeof clock_times[0]; i++)
    if (strcmp(clock_times[i].id, id) == 0)
      return clock_times[i].time;
  return DD_TIME_NONE;
}

/* division, type, first day on site, days on site (0: the type's default),
 * concerns, milestone, due (a window's latest day), a window's earliest day
 * (NULL for a target: earliest is the due day). */
static const struct {
  const char *cal, *type, *start;
  int days;
  bool concerns;
  const char *id, *due, *earliest;
} worked[] = {
    /* England and Wales, across Christmas and New Year 2020-21: on site Thu
     * 10 and Fri 11 Dec. Holidays Fri 25 Dec, Mon 28 Dec (Boxing Day,
     * substitute), Fri 1 Jan. */
    /* day 1, 09:00 */
    {"ew", "assurance", "2020-12-10", 0, false, "announcement", "2020-12-10",
     NULL},
    /* day 1, 14:00 */
    {"ew", "assurance", "2020-12-10", 0, false, "annex-a", "2020-12-10", NULL},
    /* 2 days: Thu 10 (1), Fri 11 (2) */
    {"ew", "assurance", "2020-12-10", 0, false, "visit-end", "2020-12-11",
     NULL},
    /* end Fri 11; +1: skip Sat 12 Sun 13, Mon 14 (1) */
    {"ew", "assurance", "2020-12-10", 0, false, "draft-qa", "2020-12-14", NULL},
    /* end Fri 11; +18: 14-18 (5), 21-24 (9), skip 25 Xmas 28 Boxing(sub),
     * 29-31 (12), skip 1 Jan, 4-8 (17), Mon 11 Jan (18) */
    {"ew", "assurance", "2020-12-10", 0, false, "draft-sent", "2021-01-11",
     NULL},
    /* draft-sent due Mon 11 Jan; +5: 12-15 (4), Mon 18 (5) */
    {"ew", "assurance", "2020-12-10", 0, false, "provider-comments",
     "2021-01-18", NULL},
    /* end Fri 11; +30: 18 on Mon 11 Jan, 12-15 (22), 18-22 (27), 25-27 (30) */
    {"ew", "assurance", "2020-12-10", 0, false, "final-sent", "2021-01-27",
     NULL},
    /* final-sent due Wed 27 Jan; +5: 28, 29 (2), 1-3 Feb (5) */
    {"ew", "assurance", "2020-12-10", 0, false, "complaint-window",
     "2021-02-03", NULL},
    /* end Fri 11; +38: 30 on Wed 27 Jan, 28, 29 (32), 1-5 Feb (37), Mon 8
     * (38) */
    {"ew", "assurance", "2020-12-10", 0, false, "publication", "2021-02-08",
     NULL},
    /* concerns; end Fri 11; +1: Mon 14, by 17:00 */
    {"ew", "assurance", "2020-12-10", 0, true, "dcs-email", "2020-12-14", NULL},
    /* concerns; end Fri 11; +5: 14-18 (5) */
    {"ew", "assurance", "2020-12-10", 0, true, "case-review", "2020-12-18",
     NULL},
    /* concerns; end Fri 11 Dec; +42 days: 11 + 20 = 31 Dec, + 22 = Fri 22 Jan;
     * +56 days: 22 Jan + 14 = Fri 5 Feb */
    {"ew", "assurance", "2020-12-10", 0, true, "monitoring-visit", "2021-02-05",
     "2021-01-22"},

    /* Scotland, the same visit: also 2nd January (substitute) on Mon 4 Jan. */
    /* end Fri 11; +18: 14-18 (5), 21-24 (9), skip 25 28, 29-31 (12), skip 1
     * Jan and 4 Jan, 5-8 (16), 11, Tue 12 (18) */
    {"sc", "assurance", "2020-12-10", 0, false, "draft-sent", "2021-01-12",
     NULL},
    /* end Fri 11; +30: 18 on Tue 12 Jan, 13-15 (21), 18-22 (26), 25-28 (30) */
    {"sc", "assurance", "2020-12-10", 0, false, "final-sent", "2021-01-28",
     NULL},
    /* end Fri 11; +38: 30 on Thu 28 Jan, 29 (31), 1-5 Feb (36), 8, Tue 9
     * (38) */
    {"sc", "assurance", "2020-12-10", 0, false, "publication", "2021-02-09",
     NULL},

    /* Scotland over New Year: on site Wed 30 and Thu 31 Dec 2020. */
    /* end Thu 31; +1: skip Fri 1 Jan, Sat, Sun, Mon 4 (2nd January, sub),
     * Tue 5 (1) */
    {"sc", "assurance", "2020-12-30", 0, false, "draft-qa", "2021-01-05", NULL},
    /* England and Wales has no 2nd January: skip Fri 1, Mon 4 (1) */
    {"ew", "assurance", "2020-12-30", 0, false, "draft-qa", "2021-01-04", NULL},
    /* concerns; end Thu 31; +1: Tue 5 Jan, by 17:00 */
    {"sc", "assurance", "2020-12-30", 0, true, "dcs-email", "2021-01-05", NULL},
    /* concerns; end Thu 31; +5: 5-8 Jan (4), Mon 11 (5) */
    {"sc", "assurance", "2020-12-30", 0, true, "case-review", "2021-01-11",
     NULL},
    /* concerns; end Thu 31 Dec; +42 days: 31 Dec + 31 = 31 Jan, + 11 = Thu 11
     * Feb; +56 days: 11 Feb + 14 = Thu 25 Feb */
    {"sc", "assurance", "2020-12-30", 0, true, "monitoring-visit", "2021-02-25",
     "2021-02-11"},
    /* starts Thu 31 Dec: day 1 Thu 31, skip 1 Jan, Sat, Sun, 4 Jan, day 2 Tue
     * 5 Jan */
    {"sc", "assurance", "2020-12-31", 0, false, "visit-end", "2021-01-05",
     NULL},
    /* day 1, 09:00 */
    {"sc", "assurance", "2020-12-31", 0, false, "announcement", "2020-12-31",
     NULL},

    /* St Andrew's Day: Mon 30 Nov 2020; a Friday start runs into it. */
    /* day 1 Fri 27, skip Sat, Sun, Mon 30 St Andrew's, day 2 Tue 1 Dec */
    {"sc", "assurance", "2020-11-27", 0, false, "visit-end", "2020-12-01",
     NULL},
    /* end Tue 1 Dec; +1: Wed 2 */
    {"sc", "assurance", "2020-11-27", 0, false, "draft-qa", "2020-12-02", NULL},
    /* Friday start in England: day 1 Fri 27, skip Sat, Sun, day 2 Mon 30 */
    {"ew", "assurance", "2020-11-27", 0, false, "visit-end", "2020-11-30",
     NULL},
    /* St Andrew's Day 2024 is Saturday: substitute Mon 2 Dec 2024. */
    /* end Fri 29 Nov; +1: skip Sat 30, Sun 1, Mon 2 (sub), Tue 3 (1) */
    {"sc", "assurance", "2024-11-28", 0, false, "draft-qa", "2024-12-03", NULL},
    /* England: end Fri 29 Nov; +1: Mon 2 Dec */
    {"ew", "assurance", "2024-11-28", 0, false, "draft-qa", "2024-12-02", NULL},

    /* St Patrick's Day (Wed 17 Mar 2021) and Easter 2021 (Good Friday 2 Apr,
     * Easter Monday 5 Apr, not in Scotland): on site Mon 15 and Tue 16 Mar. */
    /* NI: end Tue 16; +18: skip 17, 18, 19 (2), 22-26 (7), 29-1 Apr (11),
     * skip 2 GF 5 EM, 6-9 (15), 12-14 (18) */
    {"ni", "assurance", "2021-03-15", 0, false, "draft-sent", "2021-04-14",
     NULL},
    /* E&W: end Tue 16; +18: 17-19 (3), 22-26 (8), 29-1 Apr (12), skip 2 GF 5
     * EM, 6-9 (16), 12, 13 (18) */
    {"ew", "assurance", "2021-03-15", 0, false, "draft-sent", "2021-04-13",
     NULL},
    /* Scotland: end Tue 16; +18: 17-19 (3), 22-26 (8), 29-1 Apr (12), skip 2
     * GF only, 5-9 (17), Mon 12 (18) */
    {"sc", "assurance", "2021-03-15", 0, false, "draft-sent", "2021-04-12",
     NULL},
    /* NI: end Tue 16; +1: skip Wed 17 St Patrick's, Thu 18 */
    {"ni", "assurance", "2021-03-15", 0, false, "draft-qa", "2021-03-18", NULL},
    /* NI: day 1 Tue 16, skip Wed 17 St Patrick's, day 2 Thu 18 */
    {"ni", "assurance", "2021-03-16", 0, false, "visit-end", "2021-03-18",
     NULL},
    /* St Patrick's Day 2024 is Sunday: substitute Mon 18 Mar 2024. */
    /* NI: day 1 Fri 15, skip Sat, Sun, Mon 18 (sub), day 2 Tue 19 */
    {"ni", "assurance", "2024-03-15", 0, false, "visit-end", "2024-03-19",
     NULL},
    /* NI: end Tue 19; +18: 20-22 (3), 25-28 (7), skip 29 GF 1 Apr EM, 2-5
     * (11), 8-12 (16), 15, Tue 16 (18) */
    {"ni", "assurance", "2024-03-15", 0, false, "draft-sent", "2024-04-16",
     NULL},

    /* Battle of the Boyne, Mon 12 Jul 2021: on site from Fri 9 Jul. */
    /* NI: day 1 Fri 9, skip Sat, Sun, Mon 12, day 2 Tue 13 */
    {"ni", "assurance", "2021-07-09", 0, false, "visit-end", "2021-07-13",
     NULL},
    /* E&W Friday start: day 1 Fri 9, skip Sat, Sun, day 2 Mon 12 */
    {"ew", "assurance", "2021-07-09", 0, false, "visit-end", "2021-07-12",
     NULL},
    /* E&W: end Mon 12; +1: Tue 13 */
    {"ew", "assurance", "2021-07-09", 0, false, "draft-qa", "2021-07-13", NULL},
    /* NI concerns: end Tue 13; +1: Wed 14, by 17:00 */
    {"ni", "assurance", "2021-07-09", 0, true, "dcs-email", "2021-07-14", NULL},
    /* NI concerns: end Tue 13; +5: 14-16 (3), 19, 20 (5) */
    {"ni", "assurance", "2021-07-09", 0, true, "case-review", "2021-07-20",
     NULL},
    /* NI concerns: end Tue 13 Jul; +42 days: 13 + 18 = 31 Jul, + 24 = Tue 24
     * Aug; +56 days: 24 Aug + 14 = Tue 7 Sep */
    {"ni", "assurance", "2021-07-09", 0, true, "monitoring-visit", "2021-09-07",
     "2021-08-24"},

    /* Easter 2024 (Good Friday 29 Mar, Easter Monday 1 Apr): on site Wed 27
     * and Thu 28 Mar; Early May bank holiday Mon 6 May. */
    /* E&W: end Thu 28; +1: skip Fri 29 GF, Sat, Sun, Mon 1 EM, Tue 2 Apr */
    {"ew", "assurance", "2024-03-27", 0, false, "draft-qa", "2024-04-02", NULL},
    /* Scotland: no Easter Monday; skip Fri 29 GF, Sat, Sun, Mon 1 Apr */
    {"sc", "assurance", "2024-03-27", 0, false, "draft-qa", "2024-04-01", NULL},
    /* E&W: end Thu 28; +18: 2-5 Apr (4), 8-12 (9), 15-19 (14), 22-25 (18) */
    {"ew", "assurance", "2024-03-27", 0, false, "draft-sent", "2024-04-25",
     NULL},
    /* draft-sent due Thu 25 Apr; +5: 26 (1), 29, 30 (3), 1, 2 May (5) */
    {"ew", "assurance", "2024-03-27", 0, false, "provider-comments",
     "2024-05-02", NULL},
    /* end Thu 28 Mar; +30: 18 on Thu 25 Apr, 26 (19), 29-3 May (24), skip Mon
     * 6 May, 7-10 (28), 13, 14 (30) */
    {"ew", "assurance", "2024-03-27", 0, false, "final-sent", "2024-05-14",
     NULL},
    /* final-sent due Tue 14 May; +5: 15-17 (3), 20, 21 (5) */
    {"ew", "assurance", "2024-03-27", 0, false, "complaint-window",
     "2024-05-21", NULL},
    /* end Thu 28 Mar; +38: 30 on Tue 14 May, 15-17 (33), 20-24 (38) */
    {"ew", "assurance", "2024-03-27", 0, false, "publication", "2024-05-24",
     NULL},

    /* Christmas 2021 on Saturday: Mon 27 Dec, Tue 28 Dec (substitutes), Mon 3
     * Jan 2022 (New Year's Day, substitute), Scotland also Tue 4 Jan. On site
     * Thu 23 and Fri 24 Dec. */
    /* E&W: end Fri 24; +1: skip Sat, Sun, Mon 27, Tue 28, Wed 29 */
    {"ew", "assurance", "2021-12-23", 0, false, "draft-qa", "2021-12-29", NULL},
    /* E&W: end Fri 24; +18: 29-31 (3), skip 3 Jan, 4-7 (7), 10-14 (12), 17-21
     * (17), Mon 24 (18) */
    {"ew", "assurance", "2021-12-23", 0, false, "draft-sent", "2022-01-24",
     NULL},
    /* Scotland: 29-31 (3), skip 3 and 4 Jan, 5-7 (6), 10-14 (11), 17-21 (16),
     * 24, Tue 25 (18) */
    {"sc", "assurance", "2021-12-23", 0, false, "draft-sent", "2022-01-25",
     NULL},

    /* A 3-day visit over Christmas 2020: Wed 23 (1), Thu 24 (2), skip 25,
     * Sat, Sun, 28, Tue 29 (3). */
    {"ew", "assurance", "2020-12-23", 3, false, "visit-end", "2020-12-29",
     NULL},
    /* end Tue 29; +1: Wed 30 */
    {"ew", "assurance", "2020-12-23", 3, false, "draft-qa", "2020-12-30", NULL},
    /* end Tue 29; +18: 30, 31 (2), skip 1 Jan, 4-8 (7), 11-15 (12), 18-22
     * (17), Mon 25 (18) */
    {"ew", "assurance", "2020-12-23", 3, false, "draft-sent", "2021-01-25",
     NULL},
    /* A 1-day visit on Christmas Eve: end Thu 24; +1: skip 25, Sat, Sun, 28,
     * Tue 29 */
    {"ew", "assurance", "2020-12-24", 1, false, "visit-end", "2020-12-24",
     NULL},
    {"ew", "assurance", "2020-12-24", 1, false, "draft-qa", "2020-12-29", NULL},

    /* A focused visit: 3 days by default, Wed 2 (1), Thu 3 (2), Fri 4 Dec
     * 2020 (3). */
    {"ew", "focused", "2020-12-02", 0, false, "visit-end", "2020-12-04", NULL},
    /* end Fri 4; +18: 7-11 (5), 14-18 (10), 21-24 (14), skip 25 28, 29-31
     * (17), skip 1 Jan, Mon 4 Jan (18) */
    {"ew", "focused", "2020-12-02", 0, false, "draft-sent", "2021-01-04", NULL},
    /* draft-sent due Mon 4 Jan; +5: 5-8 (4), Mon 11 (5) */
    {"ew", "focused", "2020-12-02", 0, false, "la-comments", "2021-01-11",
     NULL},
    /* end Fri 4 Dec; +38: 18 on Mon 4 Jan, 5-8 (22), 11-15 (27), 18-22 (32),
     * 25-29 (37), Mon 1 Feb (38) */
    {"ew", "focused", "2020-12-02", 0, false, "publication", "2021-02-01",
     NULL},
};

Test(schedule, worked_schedules_match_every_hand_counted_date) {
  for (size_t i = 0; i < sizeof worked / sizeof worked[0]; i++) {
    dd_schedule s;
    char got[DD_DATE_BUFSIZE], early[DD_DATE_BUFSIZE];
    compute(worked[i].cal, worked[i].type, worked[i].start, worked[i].days,
            worked[i].concerns, NULL, 0, TODAY, &s);
    const dd_milestone *m = find(&s, worked[i].id);
    const char *want_earliest =
        worked[i].earliest ? worked[i].earliest : worked[i].due;
    cr_expect(m->applies, "row %zu: %s %s %s", i, worked[i].cal,
              worked[i].start, worked[i].id);
    cr_expect_eq(m->due, D(worked[i].due), "row %zu: %s %s %s: due %s, want %s",
                 i, worked[i].cal, worked[i].start, worked[i].id,
                 dd_date_format(m->due, got), worked[i].due);
    cr_expect_eq(m->earliest, D(want_earliest),
                 "row %zu: %s %s %s: earliest %s, want %s", i, worked[i].cal,
                 worked[i].start, worked[i].id,
                 dd_date_format(m->earliest, early), want_earliest);
    cr_expect_eq(m->due_time, time_of(worked[i].id), "row %zu: %s: due_time %d",
                 i, worked[i].id, m->due_time);
    dd_schedule_clear(&s);
  }
}

Test(schedule, every_assurance_milestone_is_pinned_by_a_worked_row) {
  const dd_rule_set *set =
      dd_visit_type_rules(type_of("assurance"), D("2020-12-10"));
  cr_assert_not_null(set);
  for (size_t r = 0; r < set->nmilestones; r++) {
    bool pinned = false;
    for (size_t i = 0; i < sizeof worked / sizeof worked[0]; i++)
      pinned = pinned || (strcmp(worked[i].type, "assurance") == 0 &&
                          strcmp(worked[i].id, set->milestones[r].id) == 0);
    cr_expect(pinned, "no worked row for %s", set->milestones[r].id);
  }
}

/* ---- recorded events ----------------------------------------------------- */

/* A recorded milestone: how far off its due day it was, and the milestone
 * counted from it, due before and after the recording. */
static const struct {
  const char *cal, *start, *what, *date;
  int days_off;
  const char *dependent, *was, *now;
} recordings[] = {
    /* Visit Thu 10 - Fri 11 Dec 2020 (E&W): draft-sent due Mon 11 Jan,
     * final-sent due Wed 27 Jan (worked above). */
    /* draft-sent on Wed 13 Jan: (11, 13] = 12, 13: 2 late; +5 from 13: 14, 15
     * (2), 18-20 (5) */
    {"ew", "2020-12-10", "draft-sent", "2021-01-13", 2, "provider-comments",
     "2021-01-18", "2021-01-20"},
    /* draft-sent on its due day: on time; +5 from Mon 11: 12-15 (4), 18 (5) */
    {"ew", "2020-12-10", "draft-sent", "2021-01-11", 0, "provider-comments",
     "2021-01-18", "2021-01-18"},
    /* draft-sent on Thu 24 Dec: [24 Dec, 11 Jan) = 24 (1), 29-31 (4), 4-8 (9):
     * 9 early; +5 from 24 Dec: skip 25 28, 29-31 (3), skip 1 Jan, 4, 5 (5) */
    {"ew", "2020-12-10", "draft-sent", "2020-12-24", -9, "provider-comments",
     "2021-01-18", "2021-01-05"},
    /* final-sent on Fri 22 Jan: [22, 27) = 22, 25, 26: 3 early; +5 from 22:
     * 25-29 (5) */
    {"ew", "2020-12-10", "final-sent", "2021-01-22", -3, "complaint-window",
     "2021-02-03", "2021-01-29"},
    /* final-sent on Mon 1 Feb: (27 Jan, 1 Feb] = 28, 29, 1: 3 late; +5 from 1
     * Feb: 2-5 (4), Mon 8 (5) */
    {"ew", "2020-12-10", "final-sent", "2021-02-01", 3, "complaint-window",
     "2021-02-03", "2021-02-08"},
    /* Visit Wed 27 - Thu 28 Mar 2024 (E&W): draft-sent due Thu 25 Apr,
     * final-sent due Tue 14 May. */
    /* draft-sent on Tue 7 May: (25 Apr, 7 May] = 26 (1), 29-3 May (6), skip
     * Mon 6, 7 (7): 7 late; +5 from 7 May: 8-10 (3), 13, 14 (5) */
    {"ew", "2024-03-27", "draft-sent", "2024-05-07", 7, "provider-comments",
     "2024-05-02", "2024-05-14"},
    /* final-sent on Tue 7 May: [7, 14 May) = 7-10, 13: 5 early; +5 from 7:
     * 8-10 (3), 13, 14 (5) */
    {"ew", "2024-03-27", "final-sent", "2024-05-07", -5, "complaint-window",
     "2024-05-21", "2024-05-14"},
    /* Scotland, visit Thu 10 - Fri 11 Dec 2020: draft-sent due Tue 12 Jan. */
    /* draft-sent on Tue 29 Dec: [29 Dec, 12 Jan) = 29-31 (3), skip 1 and 4
     * Jan, 5-8 (7), 11 (8): 8 early; was +5 from Tue 12 Jan: 13-15 (3), 18,
     * 19 (5); now +5 from 29 Dec: 30, 31 (2), skip 1 and 4 Jan, 5-7 (5) */
    {"sc", "2020-12-10", "draft-sent", "2020-12-29", -8, "provider-comments",
     "2021-01-19", "2021-01-07"},
};

Test(schedule,
     recording_a_milestone_recomputes_the_milestones_counted_from_it) {
  for (size_t i = 0; i < sizeof recordings / sizeof recordings[0]; i++) {
    char got[DD_DATE_BUFSIZE];
    dd_event ev = {recordings[i].what, D(recordings[i].date), DD_TIME_NONE};
    dd_schedule before, after;
    compute(recordings[i].cal, "assurance", recordings[i].start, 0, false, NULL,
            0, TODAY, &before);
    compute(recordings[i].cal, "assurance", recordings[i].start, 0, false, &ev,
            1, TODAY, &after);

    const dd_milestone *done = find(&after, recordings[i].what);
    cr_expect_eq(done->status, DD_STATUS_DONE, "row %zu", i);
    cr_expect_eq(done->done, D(recordings[i].date), "row %zu", i);
    cr_expect_eq(done->days_off, recordings[i].days_off,
                 "row %zu: %s on %s: days_off %d, want %d", i,
                 recordings[i].what, recordings[i].date, done->days_off,
                 recordings[i].days_off);
    cr_expect_eq(done->due, find(&before, recordings[i].what)->due,
                 "row %zu: recording does not move the milestone's own due day",
                 i);

    const dd_milestone *was = find(&before, recordings[i].dependent);
    const dd_milestone *now = find(&after, recordings[i].dependent);
    cr_expect_eq(was->due, D(recordings[i].was), "row %zu: %s was %s, want %s",
                 i, recordings[i].dependent, dd_date_format(was->due, got),
                 recordings[i].was);
    cr_expect_not(was->anchor_recorded, "row %zu", i);
    cr_expect_eq(now->due, D(recordings[i].now), "row %zu: %s now %s, want %s",
                 i, recordings[i].dependent, dd_date_format(now->due, got),
                 recordings[i].now);
    cr_expect(now->anchor_recorded, "row %zu", i);
    cr_expect_eq(now->anchor, D(recordings[i].date), "row %zu", i);

    /* Targets fixed to the visit do not move. */
    cr_assert_eq(before.n, after.n);
    for (size_t k = 0; k < after.n; k++)
      if (strcmp(after.items[k].rule->id, recordings[i].dependent) != 0)
        cr_expect_eq(after.items[k].due, before.items[k].due,
                     "row %zu: %s moved", i, after.items[k].rule->id);
    dd_schedule_clear(&before);
    dd_schedule_clear(&after);
  }
}

Test(schedule, events_in_any_order_each_move_their_own_dependents) {
  /* Visit Thu 10 - Fri 11 Dec 2020 (E&W), final-sent listed first. */
  const dd_event events[] = {
      {"final-sent", D("2021-01-22"), DD_TIME_NONE},
      {"draft-sent", D("2021-01-13"), 15 * 60},
  };
  dd_schedule s;
  compute("ew", "assurance", "2020-12-10", 0, false, events, 2, TODAY, &s);
  /* 13 Jan + 5: 14, 15, 18, 19, 20 */
  cr_expect_eq(find(&s, "provider-comments")->due, D("2021-01-20"));
  /* 22 Jan + 5: 25, 26, 27, 28, 29 */
  cr_expect_eq(find(&s, "complaint-window")->due, D("2021-01-29"));
  cr_expect_eq(find(&s, "publication")->due, D("2021-02-08"));
  cr_expect_eq(find(&s, "draft-sent")->days_off, 2);
  cr_expect_eq(find(&s, "draft-sent")->done_time, 15 * 60);
  cr_expect_eq(find(&s, "final-sent")->days_off, -3);
  dd_schedule_clear(&s);
}

/* ---- status against today ------------------------------------------------ */

/* Visit Thu 10 - Fri 11 Dec 2020 (E&W), nothing recorded: draft-qa due Mon
 * 14 Dec, draft-sent Mon 11 Jan, provider-comments Mon 18 Jan, publication
 * Mon 8 Feb. Overdue by the working days in (due, today]. */
static const struct {
  const char *today, *id;
  dd_status status;
  int days_off;
} statuses[] = {
    {"2021-01-08", "draft-sent", DD_STATUS_PENDING, 0},
    /* due today: not yet overdue */
    {"2021-01-11", "draft-sent", DD_STATUS_PENDING, 0},
    /* (11, 12] = 12 */
    {"2021-01-12", "draft-sent", DD_STATUS_OVERDUE, 1},
    /* (11, Sat 16] = 12-15 */
    {"2021-01-16", "draft-sent", DD_STATUS_OVERDUE, 4},
    /* (11, Mon 18] = 12-15, 18 */
    {"2021-01-18", "draft-sent", DD_STATUS_OVERDUE, 5},
    /* (14 Dec, Mon 28 Dec (Boxing, sub)] = 15-18 (4), 21-24 (8) */
    {"2020-12-28", "draft-qa", DD_STATUS_OVERDUE, 8},
    /* (14 Dec, 29 Dec] = 15-18 (4), 21-24 (8), 29 (9) */
    {"2020-12-29", "draft-qa", DD_STATUS_OVERDUE, 9},
    {"2021-01-18", "provider-comments", DD_STATUS_PENDING, 0},
    /* (8 Feb, 9 Feb] = 9 */
    {"2021-02-09", "publication", DD_STATUS_OVERDUE, 1},
    {"2021-01-18", "case-review", DD_STATUS_NOT_APPLICABLE, 0},
};

Test(schedule, status_compares_the_due_day_with_today_in_working_days) {
  for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++) {
    dd_schedule s;
    compute("ew", "assurance", "2020-12-10", 0, false, NULL, 0,
            statuses[i].today, &s);
    const dd_milestone *m = find(&s, statuses[i].id);
    cr_expect_eq(m->status, statuses[i].status, "row %zu: %s on %s: %s", i,
                 statuses[i].id, statuses[i].today, dd_status_name(m->status));
    cr_expect_eq(m->days_off, statuses[i].days_off,
                 "row %zu: %s on %s: days_off %d, want %d", i, statuses[i].id,
                 statuses[i].today, m->days_off, statuses[i].days_off);
    dd_schedule_clear(&s);
  }
}

Test(schedule, concerns_milestones_apply_only_when_concerns_are_found) {
  static const char *const concerns_ids[] = {"dcs-email", "case-review",
                                             "monitoring-visit"};
  dd_schedule s;
  compute("ew", "assurance", "2020-12-10", 0, false, NULL, 0, "2020-12-15", &s);
  cr_expect_not(s.concerns);
  for (size_t i = 0; i < 3; i++) {
    const dd_milestone *m = find(&s, concerns_ids[i]);
    cr_expect_not(m->applies, "%s", concerns_ids[i]);
    cr_expect_eq(m->status, DD_STATUS_NOT_APPLICABLE, "%s", concerns_ids[i]);
  }
  cr_expect(find(&s, "draft-sent")->applies);
  dd_schedule_clear(&s);

  /* Recorded on the last day on site although the visit was entered without
   * concerns. Today Tue 15 Dec: dcs-email (due Mon 14) is 1 working day
   * overdue, case-review (Fri 18) and the monitoring window are pending. */
  dd_event found = {DD_EVENT_CONCERNS_FOUND, D("2020-12-11"), DD_TIME_NONE};
  compute("ew", "assurance", "2020-12-10", 0, false, &found, 1, "2020-12-15",
          &s);
  cr_expect(s.concerns);
  for (size_t i = 0; i < 3; i++)
    cr_expect(find(&s, concerns_ids[i])->applies, "%s", concerns_ids[i]);
  cr_expect_eq(find(&s, "dcs-email")->status, DD_STATUS_OVERDUE);
  cr_expect_eq(find(&s, "dcs-email")->days_off, 1);
  cr_expect_eq(find(&s, "dcs-email")->due_time, 17 * 60);
  cr_expect_eq(find(&s, "case-review")->status, DD_STATUS_PENDING);
  cr_expect_eq(find(&s, "monitoring-visit")->status, DD_STATUS_PENDING);
  dd_schedule_clear(&s);
}

/* Visit Thu 10 - Fri 11 Dec 2020 (E&W): publication due Mon 8 Feb 2021. */
static const struct {
  const char *received, *answered, *today;
  dd_status status;
  int days_off;
} complaints[] = {
    {"2021-02-01", NULL, "2021-02-02", DD_STATUS_ON_HOLD, 0},
    /* past the due day, but held rather than overdue */
    {"2021-02-01", NULL, "2021-02-12", DD_STATUS_ON_HOLD, 0},
    /* an answer before the complaint does not answer it */
    {"2021-02-01", "2021-01-29", "2021-02-12", DD_STATUS_ON_HOLD, 0},
    {"2021-02-01", "2021-02-04", "2021-02-05", DD_STATUS_PENDING, 0},
    /* answered: (8 Feb, 10 Feb] = 9, 10 */
    {"2021-02-01", "2021-02-04", "2021-02-10", DD_STATUS_OVERDUE, 2},
};

Test(schedule, an_unanswered_complaint_holds_publication_until_answered) {
  for (size_t i = 0; i < sizeof complaints / sizeof complaints[0]; i++) {
    dd_event events[2];
    size_t n = 0;
    /* The answer, when there is one, is listed first: order does not
     * matter. */
    if (complaints[i].answered)
      events[n++] = (dd_event){DD_EVENT_COMPLAINT_ANSWERED,
                               D(complaints[i].answered), DD_TIME_NONE};
    events[n++] = (dd_event){DD_EVENT_COMPLAINT_RECEIVED,
                             D(complaints[i].received), DD_TIME_NONE};
    dd_schedule s;
    compute("ew", "assurance", "2020-12-10", 0, false, events, n,
            complaints[i].today, &s);
    const dd_milestone *m = find(&s, "publication");
    cr_expect_eq(s.complaint_open, complaints[i].status == DD_STATUS_ON_HOLD,
                 "row %zu", i);
    cr_expect_eq(m->status, complaints[i].status, "row %zu: %s", i,
                 dd_status_name(m->status));
    cr_expect_eq(m->days_off, complaints[i].days_off, "row %zu", i);
    cr_expect_eq(m->due, D("2021-02-08"), "row %zu", i);
    /* Only publication is held: final-sent (due Wed 27 Jan) is not. */
    if (strcmp(complaints[i].today, "2021-02-12") == 0) {
      /* (27 Jan, 12 Feb] = 28, 29 (2), 1-5 (7), 8-12 (12) */
      cr_expect_eq(find(&s, "final-sent")->status, DD_STATUS_OVERDUE);
      cr_expect_eq(find(&s, "final-sent")->days_off, 12, "row %zu", i);
    }
    dd_schedule_clear(&s);
  }
}

/* ---- bad input ----------------------------------------------------------- */

/* Up to two recorded events, as {what, date}. */
typedef struct {
  const char *what, *date;
} recorded_event;

static const struct {
  const char *what, *cal, *start;
  recorded_event events[2];
  int err;
  const char *message; /* a part of the diagnostic */
} bad[] = {
    {"a Saturday start", "ew", "2020-12-12", {{0}}, DD_EINVAL, "Saturday"},
    {"a start on Boxing Day (substitute)",
     "ew",
     "2020-12-28",
     {{0}},
     DD_EINVAL,
     "Boxing Day"},
    {"a start on St Andrew's Day in Scotland",
     "sc",
     "2020-11-30",
     {{0}},
     DD_EINVAL,
     "2020-11-30"},
    {"an unknown event",
     "ew",
     "2020-12-10",
     {{"draft-snet", "2021-01-13"}},
     DD_EINVAL,
     "draft-snet"},
    {"provider-comments without draft-sent",
     "ew",
     "2020-12-10",
     {{"provider-comments", "2021-01-18"}},
     DD_EINVAL,
     "draft-sent"},
    {"provider-comments before the recorded draft-sent",
     "ew",
     "2020-12-10",
     {{"draft-sent", "2021-01-13"}, {"provider-comments", "2021-01-12"}},
     DD_EINVAL,
     "2021-01-12"},
    {"a visit before the first rule set (1 Sep 2020)",
     "ew",
     "2020-08-28",
     {{0}},
     DD_ERANGE,
     "2020-09-01"},
};

Test(schedule, bad_input_is_an_error_with_a_diagnostic_and_no_schedule) {
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    dd_event events[2];
    size_t n = 0;
    for (; n < 2 && bad[i].events[n].what; n++)
      events[n] = (dd_event){bad[i].events[n].what, D(bad[i].events[n].date),
                             DD_TIME_NONE};
    dd_visit_input visit = {.type = type_of("assurance"),
                            .start = D(bad[i].start),
                            .events = events,
                            .nevents = n};
    dd_schedule s = {.n = 99};
    dd_diag diag = {{0}};
    int err = dd_schedule_compute(by_name(bad[i].cal), &visit, END_OF_DAY,
                                  D(TODAY), &s, &diag);
    cr_expect_eq(err, bad[i].err, "%s: %s", bad[i].what, dd_errname(err));
    cr_expect_eq(s.n, 0, "%s", bad[i].what);
    cr_expect_null(s.items, "%s", bad[i].what);
    cr_expect_not_null(strstr(diag.message, bad[i].message),
                       "%s: \"%s\" lacks \"%s\"", bad[i].what, diag.message,
                       bad[i].message);
    dd_schedule_clear(&s);
  }
  /* St Andrew's Day is a working day in England. */
  dd_schedule s;
  compute("ew", "assurance", "2020-11-30", 0, false, NULL, 0, TODAY, &s);
  dd_schedule_clear(&s);
}

/* ---- a register under a changed calendar or configuration (issue 9) ----- */

/* England and Wales with a bank holiday proclaimed on Mon 11 Jan 2021, as
 * an operator would add it to holidays/england-and-wales.conf. */
static dd_calendar *proclaimed(dd_holidays **set) {
  FILE *f = fopen(HOLIDAYS_DIR "/england-and-wales.conf", "r");
  cr_assert_not_null(f);
  static char text[1 << 16], changed[(1 << 16) + 128];
  size_t n = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  text[n] = '\0';
  const char *at = strstr(text, "one_offs = (");
  cr_assert_not_null(at);
  at += strlen("one_offs = (");
  snprintf(changed, sizeof changed,
           "%.*s\n"
           "  { date = \"2021-01-11\"; title = \"Test proclamation\"; },%s",
           (int)(at - text), text, at);
  dd_diag diag = {{0}};
  cr_assert_eq(
      dd_holidays_load_string("england-and-wales", changed, set, &diag), DD_OK,
      "%s", diag.message);
  return make("england-and-wales", set);
}

/* One registered visit (DD_SCHEDULE_WARN_ALL tolerated) on the proclaimed
 * calendar; a milestone's due day, and the warnings expected. */
static const struct {
  const char *start;
  int days;
  const char *id, *due;
  unsigned warnings;
} registered[] = {
    /* On the new holiday: day 1 stays Mon 11, 09:00 and 14:00 */
    {"2021-01-11", 0, "announcement", "2021-01-11", DD_SCHEDULE_WARN_START},
    {"2021-01-11", 0, "annex-a", "2021-01-11", DD_SCHEDULE_WARN_START},
    /* day 2: the next working day, Tue 12 */
    {"2021-01-11", 0, "visit-end", "2021-01-12", DD_SCHEDULE_WARN_START},
    /* end Tue 12; +1: Wed 13 */
    {"2021-01-11", 0, "draft-qa", "2021-01-13", DD_SCHEDULE_WARN_START},
    /* end Tue 12; +18: 13-15 (3), 18-22 (8), 25-29 (13), 1-5 Feb (18) */
    {"2021-01-11", 0, "draft-sent", "2021-02-05", DD_SCHEDULE_WARN_START},
    /* end Tue 12; +38: 18 on Fri 5 Feb, 8-12 (23), 15-19 (28), 22-26 (33),
     * 1-5 Mar (38) */
    {"2021-01-11", 0, "publication", "2021-03-05", DD_SCHEDULE_WARN_START},
    /* One day on site: the last day is the first, the holiday itself. */
    {"2021-01-11", 1, "visit-end", "2021-01-11", DD_SCHEDULE_WARN_START},
    /* end Mon 11; +1: Tue 12 */
    {"2021-01-11", 1, "draft-qa", "2021-01-12", DD_SCHEDULE_WARN_START},
    /* The day after the holiday: nothing to warn of. Day 2 Wed 13. */
    {"2021-01-12", 0, "announcement", "2021-01-12", 0},
    {"2021-01-12", 0, "visit-end", "2021-01-13", 0},
    /* end Wed 13; +18: 14, 15 (2), 18-22 (7), 25-29 (12), 1-5 Feb (17),
     * Mon 8 (18) */
    {"2021-01-12", 0, "draft-sent", "2021-02-08", 0},
    /* The Friday before: day 1 Fri 8, skip Sat, Sun, Mon 11 (the new
     * holiday), day 2 Tue 12 */
    {"2021-01-08", 0, "visit-end", "2021-01-12", 0},
};

Test(schedule, a_registered_start_on_a_new_bank_holiday_stands_with_a_warning) {
  dd_holidays *set = NULL;
  dd_calendar *cal = proclaimed(&set);
  for (size_t i = 0; i < sizeof registered / sizeof registered[0]; i++) {
    dd_visit_input visit = {.type = type_of("assurance"),
                            .start = D(registered[i].start),
                            .days_on_site = registered[i].days,
                            .tolerate = DD_SCHEDULE_WARN_ALL};
    dd_schedule s;
    dd_diag diag = {{0}};
    cr_assert_eq(
        dd_schedule_compute(cal, &visit, END_OF_DAY, D(TODAY), &s, &diag),
        DD_OK, "%s: %s", registered[i].start, diag.message);
    const dd_milestone *m = find(&s, registered[i].id);
    cr_expect_eq(m->due, D(registered[i].due), "%s %d %s", registered[i].start,
                 registered[i].days, registered[i].id);
    cr_expect_eq(s.start, D(registered[i].start));
    cr_expect_eq(s.warnings, registered[i].warnings, "%s", registered[i].start);
    if (registered[i].warnings)
      cr_expect_not_null(strstr(s.warning,
                                "the start Mon 2021-01-11 is not a working day "
                                "(Test proclamation)"),
                         "%s", s.warning);
    else
      cr_expect_str_eq(s.warning, "");
    dd_schedule_clear(&s);
  }
  dd_calendar_free(cal);
  dd_holidays_free(set);
}

Test(schedule, a_new_start_on_a_new_bank_holiday_is_still_refused) {
  dd_holidays *set = NULL;
  dd_calendar *cal = proclaimed(&set);
  /* Everything tolerated but the start: as for visit add or defer. */
  unsigned tolerate[] = {0, DD_SCHEDULE_WARN_ALL & ~DD_SCHEDULE_WARN_START};
  for (size_t i = 0; i < 2; i++) {
    dd_visit_input visit = {.type = type_of("assurance"),
                            .start = D("2021-01-11"),
                            .tolerate = tolerate[i]};
    dd_schedule s = {.n = 99};
    dd_diag diag = {{0}};
    cr_expect_eq(
        dd_schedule_compute(cal, &visit, END_OF_DAY, D(TODAY), &s, &diag),
        DD_EINVAL);
    cr_expect_not_null(strstr(diag.message, "cannot start on Mon 2021-01-11: "
                                            "not a working day (Test "
                                            "proclamation)"),
                       "%s", diag.message);
    cr_expect_eq(s.n, 0);
    cr_expect_null(s.items);
  }
  /* The day after is a working day: accepted strictly, no warning. */
  dd_visit_input visit = {.type = type_of("assurance"),
                          .start = D("2021-01-12")};
  dd_schedule s;
  dd_diag diag = {{0}};
  cr_expect_eq(
      dd_schedule_compute(cal, &visit, END_OF_DAY, D(TODAY), &s, &diag), DD_OK,
      "%s", diag.message);
  cr_expect_eq(s.warnings, 0);
  dd_schedule_clear(&s);
  dd_calendar_free(cal);
  dd_holidays_free(set);
}

/* What the bad-input table refuses, tolerated on a registered visit: the
 * schedule comes with the warning instead. */
static const struct {
  const char *what, *start;
  struct {
    const char *what, *date;
  } events[2];
  unsigned warning;
  const char *message;
} tolerated[] = {
    {"a rule set that no longer covers the start",
     "2020-08-28",
     {{0}},
     DD_SCHEDULE_WARN_RULES,
     "no rule set of 'assurance' applies on 2020-08-28; computed with "
     "'assurance-2020' (1 Sep 2020 \xe2\x80\x93 31 Mar 2021)"},
    {"an event the rules no longer have",
     "2020-12-10",
     {{"case-audit", "2020-12-18"}},
     DD_SCHEDULE_WARN_EVENT,
     "recorded \"case-audit\" is not a milestone or event of the assurance "
     "rules in force: left out"},
    {"an event before the one it is counted from",
     "2020-12-10",
     {{"draft-sent", "2021-01-13"}, {"provider-comments", "2021-01-12"}},
     DD_SCHEDULE_WARN_ORDER,
     "provider-comments recorded on 2021-01-12, before draft-sent "
     "(2021-01-13)"},
    {"an event whose anchor is not yet recorded",
     "2020-12-10",
     {{"provider-comments", "2021-01-18"}},
     DD_SCHEDULE_WARN_ORDER,
     "provider-comments is recorded but draft-sent, which it is counted "
     "from, is not yet"},
};

Test(schedule, what_a_changed_configuration_makes_invalid_is_a_warning) {
  for (size_t i = 0; i < sizeof tolerated / sizeof tolerated[0]; i++) {
    dd_event events[2];
    size_t n = 0;
    for (; n < 2 && tolerated[i].events[n].what; n++)
      events[n] = (dd_event){tolerated[i].events[n].what,
                             D(tolerated[i].events[n].date), DD_TIME_NONE};
    dd_visit_input visit = {.type = type_of("assurance"),
                            .start = D(tolerated[i].start),
                            .events = events,
                            .nevents = n,
                            .tolerate = DD_SCHEDULE_WARN_ALL};
    dd_schedule s;
    dd_diag diag = {{0}};
    cr_assert_eq(
        dd_schedule_compute(ew, &visit, END_OF_DAY, D(TODAY), &s, &diag), DD_OK,
        "%s: %s", tolerated[i].what, diag.message);
    cr_expect_eq(s.warnings, tolerated[i].warning, "%s", tolerated[i].what);
    cr_expect_str_eq(s.warning, tolerated[i].message, "%s", tolerated[i].what);
    cr_expect_eq(s.n, s.rules->nmilestones);
    /* Only its own bit tolerated is enough; none, and it is an error. */
    dd_schedule_clear(&s);
    visit.tolerate = tolerated[i].warning;
    cr_expect_eq(
        dd_schedule_compute(ew, &visit, END_OF_DAY, D(TODAY), &s, &diag), DD_OK,
        "%s: %s", tolerated[i].what, diag.message);
    dd_schedule_clear(&s);
    visit.tolerate = DD_SCHEDULE_WARN_ALL & ~tolerated[i].warning;
    cr_expect_neq(
        dd_schedule_compute(ew, &visit, END_OF_DAY, D(TODAY), &s, &diag), DD_OK,
        "%s", tolerated[i].what);
  }
}

Test(schedule, warnings_are_joined_and_cut_between_characters) {
  /* Many unknown events: the words fill the buffer and stop on a
   * character boundary, NUL-terminated. */
  dd_event events[16];
  for (size_t i = 0; i < 16; i++)
    events[i] =
        (dd_event){"gone-\xE2\x80\x99milestone", D("2020-12-18"), DD_TIME_NONE};
  dd_visit_input visit = {.type = type_of("assurance"),
                          .start = D("2020-12-10"),
                          .events = events,
                          .nevents = 16,
                          .tolerate = DD_SCHEDULE_WARN_ALL};
  dd_schedule s;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_schedule_compute(ew, &visit, END_OF_DAY, D(TODAY), &s, &diag),
               DD_OK, "%s", diag.message);
  size_t len = strlen(s.warning);
  cr_expect_lt(len, sizeof s.warning);
  cr_expect_not_null(strstr(s.warning, "; recorded"));
  /* The last byte is not a lead or middle byte of a cut character. */
  unsigned char last = (unsigned char)s.warning[len - 1];
  cr_expect(last < 0x80 || last == 0x99, "ends in 0x%02x", last);
  dd_schedule_clear(&s);
}

/* ---- rule text and explanation ------------------------------------------- */

Test(schedule, the_rule_text_and_explanation_say_why_the_date_is_late) {
  char buf[256];
  dd_schedule s;
  compute("ew", "assurance", "2020-12-10", 0, false, NULL, 0, TODAY, &s);
  const dd_milestone *m = find(&s, "draft-sent");
  const char *text = dd_milestone_rule_text(&s, m, buf, sizeof buf);
  cr_expect_not_null(strstr(text, "18 working days after the end of the visit"),
                     "%s", text);
  cr_expect_not_null(strstr(text, "2020-12-11"), "%s", text);

  /* Fri 11 Dec + 18 reaches Mon 11 Jan over 25 Dec, 28 Dec (Boxing Day,
   * substitute) and 1 Jan, and the weekends 12/13, 19/20, 26/27 Dec, 2/3
   * and 9/10 Jan. */
  const dd_explanation *e = &m->explanation;
  cr_expect_eq(e->from, D("2020-12-11"));
  cr_expect_eq(e->result, D("2021-01-11"));
  cr_expect_eq(e->n, 18);
  cr_expect_eq(e->holidays, 3);
  cr_expect_eq(e->weekend_days, 10);
  cr_expect_eq(e->nskipped, 13);
  static const struct {
    const char *date, *reason;
  } skipped_holidays[] = {
      {"2020-12-25", "Christmas Day"},
      {"2020-12-28", "Boxing Day (substitute day)"},
      {"2021-01-01", "New Year"},
  };
  for (size_t h = 0; h < 3; h++) {
    bool seen = false;
    for (size_t k = 0; k < e->nskipped; k++)
      if (e->skipped[k].date == D(skipped_holidays[h].date)) {
        seen = true;
        cr_expect_eq(e->skipped[k].reason.kind, DD_REASON_HOLIDAY);
        cr_expect_not_null(
            strstr(e->skipped[k].reason.text, skipped_holidays[h].reason),
            "%s: %s", skipped_holidays[h].date, e->skipped[k].reason.text);
      }
    cr_expect(seen, "%s not listed as skipped", skipped_holidays[h].date);
  }

  text = dd_milestone_rule_text(&s, find(&s, "announcement"), buf, sizeof buf);
  cr_expect_not_null(strstr(text, "09:00"), "%s", text);
  dd_schedule_clear(&s);

  /* In Scotland the same count also skips 2nd January (substitute), Mon 4
   * Jan. */
  compute("sc", "assurance", "2020-12-10", 0, false, NULL, 0, TODAY, &s);
  e = &find(&s, "draft-sent")->explanation;
  cr_expect_eq(e->result, D("2021-01-12"));
  cr_expect_eq(e->holidays, 4);
  bool second = false;
  for (size_t k = 0; k < e->nskipped; k++)
    second = second || (e->skipped[k].date == D("2021-01-04") &&
                        strstr(e->skipped[k].reason.text, "2nd January"));
  cr_expect(second, "4 Jan 2021 skipped as 2nd January");
  dd_schedule_clear(&s);

  /* Counted from a recorded draft: Wed 13 Jan. */
  dd_event ev = {"draft-sent", D("2021-01-13"), DD_TIME_NONE};
  compute("ew", "assurance", "2020-12-10", 0, false, &ev, 1, TODAY, &s);
  text = dd_milestone_rule_text(&s, find(&s, "provider-comments"), buf,
                                sizeof buf);
  cr_expect_not_null(strstr(text, "5 working days after draft-sent"), "%s",
                     text);
  cr_expect_not_null(strstr(text, "recorded"), "%s", text);
  cr_expect_not_null(strstr(text, "2021-01-13"), "%s", text);
  dd_schedule_clear(&s);
}

/* ---- the guidance's own words ------------------------------------------- */

/* "If concerns are serious, we are likely to return to carry out a
 * monitoring visit within 6 to 8 weeks"; "The case review considers the
 * recommended future action and allows the manager to decide which action
 * to take." Visit Thu 10 - Fri 11 Dec 2020 with concerns: the window runs
 * Fri 22 Jan (11 Dec + 42) to Fri 5 Feb 2021 (+ 56). Each row: what the
 * case review decided (if anything, and when), today, and what follows. */
static const struct {
  const char *decided, *on, *today;
  dd_status status;
  bool tentative, applies;
  int days_off;
} likely[] = {
    /* undecided: likely, inside the window and on its last day */
    {NULL, NULL, "2021-01-25", DD_STATUS_PENDING, true, true, 0},
    {NULL, NULL, "2021-02-05", DD_STATUS_PENDING, true, true, 0},
    /* undecided past the window: still likely, never overdue */
    {NULL, NULL, "2021-02-08", DD_STATUS_PENDING, true, true, 0},
    /* decided "revisit": firm, and overdue after its last day: (5 Feb,
     * 8 Feb] holds Mon 8 */
    {DD_EVENT_MONITORING_DECIDED, "2020-12-17", "2021-02-05", DD_STATUS_PENDING,
     false, true, 0},
    {DD_EVENT_MONITORING_DECIDED, "2020-12-17", "2021-02-08", DD_STATUS_OVERDUE,
     false, true, 1},
    /* decided "no revisit": it no longer applies */
    {DD_EVENT_MONITORING_NOT_NEEDED, "2020-12-17", "2021-02-08",
     DD_STATUS_NOT_NEEDED, false, false, 0},
};

Test(schedule, the_monitoring_visit_is_likely_until_the_case_review_decides) {
  for (size_t i = 0; i < sizeof likely / sizeof likely[0]; i++) {
    dd_event ev = {likely[i].decided, likely[i].on ? D(likely[i].on) : 0,
                   DD_TIME_NONE};
    dd_schedule s;
    compute("ew", "assurance", "2020-12-10", 0, true, &ev,
            likely[i].decided ? 1 : 0, likely[i].today, &s);
    const dd_milestone *m = find(&s, "monitoring-visit");
    cr_expect_eq(m->earliest, D("2021-01-22"), "row %zu", i);
    cr_expect_eq(m->due, D("2021-02-05"), "row %zu", i);
    cr_expect_eq(m->status, likely[i].status, "row %zu: %s", i,
                 dd_status_name(m->status));
    cr_expect_eq(m->tentative, likely[i].tentative, "row %zu", i);
    cr_expect_eq(m->applies, likely[i].applies, "row %zu", i);
    cr_expect_eq(m->days_off, likely[i].days_off, "row %zu", i);
    cr_expect_eq(m->decided, likely[i].on ? D(likely[i].on) : 0, "row %zu", i);
    /* Only the likely milestone: the case review itself stays a target. */
    cr_expect_not(find(&s, "case-review")->tentative, "row %zu", i);
    char text[256];
    dd_milestone_status_text(m, text, sizeof text);
    if (m->tentative)
      cr_expect(strncmp(text, "likely", 6) == 0, "row %zu: %s", i, text);
    if (m->status == DD_STATUS_NOT_NEEDED)
      cr_expect_str_eq(text, "not needed: the case review decided on "
                             "2020-12-17");
    dd_schedule_clear(&s);
  }
  /* Both recorded: the last one recorded stands. */
  dd_event both[] = {
      {DD_EVENT_MONITORING_NOT_NEEDED, D("2020-12-17"), DD_TIME_NONE},
      {DD_EVENT_MONITORING_DECIDED, D("2020-12-18"), DD_TIME_NONE}};
  dd_schedule s;
  compute("ew", "assurance", "2020-12-10", 0, true, both, 2, "2021-01-25", &s);
  cr_expect(find(&s, "monitoring-visit")->applies);
  cr_expect_eq(find(&s, "monitoring-visit")->decided, D("2020-12-18"));
  dd_schedule_clear(&s);
  compute("ew", "assurance", "2020-12-10", 0, true, both + 1, 1, "2021-01-25",
          &s);
  cr_expect_not(find(&s, "monitoring-visit")->tentative);
  dd_schedule_clear(&s);
}

/* Overdue is said with the day it fell due: a Friday deadline seen at the
 * weekend is no working day late, and "overdue by 0 working days" said
 * nothing. draft-qa of a visit Wed 9 - Thu 10 Dec 2020 is due Fri 11. */
static const struct {
  const char *today, *text;
} overdue_words[] = {
    {"2020-12-11", "pending"},
    {"2020-12-12", "overdue since Fri 11 Dec 2020"},
    {"2020-12-13", "overdue since Fri 11 Dec 2020"},
    {"2020-12-14", "overdue since Fri 11 Dec 2020 (1 working day)"},
    {"2020-12-16", "overdue since Fri 11 Dec 2020 (3 working days)"},
};

Test(schedule, overdue_says_since_which_day) {
  for (size_t i = 0; i < sizeof overdue_words / sizeof overdue_words[0]; i++) {
    dd_schedule s;
    compute("ew", "assurance", "2020-12-09", 0, false, NULL, 0,
            overdue_words[i].today, &s);
    char text[128];
    cr_expect_str_eq(
        dd_milestone_status_text(find(&s, "draft-qa"), text, sizeof text),
        overdue_words[i].text, "on %s", overdue_words[i].today);
    dd_schedule_clear(&s);
  }
}

/* The rules say when they stop: "the current inspection year (which ends
 * on 31 March 2021)". Wed 31 Mar 2021 is planned without a warning, Thu 1
 * Apr 2021 with the nearest set, named, whether the visit is registered or
 * new; before the first set a new visit is still refused. */
Test(schedule, a_visit_after_the_rule_sets_period_is_computed_with_a_warning) {
  dd_schedule s;
  compute("ew", "assurance", "2021-03-31", 0, false, NULL, 0, "2021-03-31", &s);
  cr_expect_eq(s.warnings, 0u);
  cr_expect_str_eq(s.warning, "");
  dd_schedule_clear(&s);
  compute("ew", "assurance", "2021-04-01", 0, false, NULL, 0, "2021-04-01", &s);
  cr_expect_eq(s.warnings, (unsigned)DD_SCHEDULE_WARN_RULES);
  cr_expect_str_eq(s.warning, "no rule set of 'assurance' applies on "
                              "2021-04-01; computed with 'assurance-2020' (1 "
                              "Sep 2020 \xe2\x80\x93 31 Mar 2021)");
  cr_expect_str_eq(s.rules->id, "assurance-2020");
  dd_schedule_clear(&s);
}

/* At risk (risk.c): visit Thu 10 - Fri 11 Dec 2020; final-sent due Wed 27
 * Jan, publication Mon 8 Feb. A draft sent on Fri 22 Jan puts the
 * provider's comments on Fri 29 Jan, after the final report; a final report
 * sent Thu 4 Feb puts the complaint window's close on Thu 11 Feb, after
 * publication. Sent on time, nothing is at risk. */
Test(schedule, a_chain_that_cannot_be_met_in_order_is_at_risk_with_the_reason) {
  dd_schedule s;
  compute("ew", "assurance", "2020-12-10", 0, false, NULL, 0, "2021-01-11", &s);
  for (size_t i = 0; i < s.n; i++)
    cr_expect_null(dd_milestone_at_risk(&s, &s.items[i]), "%s",
                   s.items[i].rule->id);
  dd_schedule_clear(&s);

  dd_event late_draft = {"draft-sent", D("2021-01-22"), DD_TIME_NONE};
  compute("ew", "assurance", "2020-12-10", 0, false, &late_draft, 1,
          "2021-01-22", &s);
  const dd_milestone *final = find(&s, "final-sent");
  const dd_milestone *by = dd_milestone_at_risk(&s, final);
  cr_assert_not_null(by);
  cr_expect_str_eq(by->rule->id, "provider-comments");
  char text[512];
  cr_expect_str_eq(dd_milestone_risk_text(final, by, text, sizeof text),
                   "provider-comments (Provider returns comments) now falls "
                   "due Fri 2021-01-29, after this is due (Wed 2021-01-27)");
  dd_milestone_notes(&s, final, text, sizeof text);
  cr_expect(strncmp(text, "\nAt risk: provider-comments", 27) == 0, "%s", text);
  dd_schedule_clear(&s);

  dd_event late_final[] = {{"draft-sent", D("2021-01-11"), DD_TIME_NONE},
                           {"final-sent", D("2021-02-04"), DD_TIME_NONE}};
  compute("ew", "assurance", "2020-12-10", 0, false, late_final, 2,
          "2021-02-04", &s);
  by = dd_milestone_at_risk(&s, find(&s, "publication"));
  cr_assert_not_null(by);
  cr_expect_str_eq(by->rule->id, "complaint-window");
  cr_expect_eq(by->due, D("2021-02-11"));
  dd_schedule_clear(&s);
}

/* A count into a year whose bank holidays GOV.UK has not yet published is
 * provisional; confirmed_to 0 (not known) marks nothing. */
Test(schedule, a_date_counted_into_an_unpublished_year_is_provisional) {
  dd_visit_input visit = {.type = type_of("assurance"),
                          .start = D("2020-12-10"),
                          .confirmed_to = 2020};
  dd_schedule s;
  dd_diag diag = {{0}};
  cr_assert_eq(
      dd_schedule_compute(ew, &visit, END_OF_DAY, D("2020-12-10"), &s, &diag),
      DD_OK, "%s", diag.message);
  cr_expect_not(find(&s, "draft-qa")->provisional);  /* Mon 14 Dec 2020 */
  cr_expect(find(&s, "draft-sent")->provisional);    /* Mon 11 Jan 2021 */
  cr_expect_not(find(&s, "dcs-email")->provisional); /* not applicable */
  char text[512];
  cr_expect(
      strstr(dd_milestone_notes(&s, find(&s, "draft-sent"), text, sizeof text),
             "\nProvisional: ") != NULL);
  dd_schedule_clear(&s);
  visit.confirmed_to = 0;
  cr_assert_eq(
      dd_schedule_compute(ew, &visit, END_OF_DAY, D("2020-12-10"), &s, &diag),
      DD_OK);
  for (size_t i = 0; i < s.n; i++)
    cr_expect_not(s.items[i].provisional, "%s", s.items[i].rule->id);
  dd_schedule_clear(&s);
}
