/* dd_feed_build (src/service/feed.c) beyond what tests/test_ics.c covers
 * (same bytes twice, SEQUENCE, cancellation, the feed state per scope):
 * the horizon and a cancellation's; the titles' states; a RIM's feed
 * through the region's RIM; the scope check; the calendar's name;
 * the bank-holiday feed's years and an unknown division; the inspector's
 * and the RIM's feeds holding their visits only; many visits, written by
 * two threads and joined, in visit order with none lost; a visit the rules
 * reject leaving everyone else's events; and an empty scope. A real
 * register in a temporary directory, the shipped configuration. */
#include "dueday/config.h"
#include "dueday/feed.h"
#include "dueday/planner.h"
#include "dueday/store.h"
#include "dueday/text.h"
#include "register_fixture.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

TestSuite(feed, .init = register_setup, .fini = register_teardown);

/* An assurance visit without concerns: 9 milestones, so 9 events. */
static void add_visit(const char *id, const char *region, const char *start,
                      const char *inspector, const char *rim) {
  dd_visit v = {.id = (char *)id,
                .type = "assurance",
                .name = "Sunny Home",
                .urn = "SC123456",
                .setting = "",
                .local_authority = "",
                .region = (char *)region,
                .division = "england-and-wales",
                .inspector = (char *)inspector,
                .rim = (char *)rim,
                .start = D(start),
                .days_on_site = 2,
                .status = DD_VISIT_PLANNED};
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_visit_add(reg, &v, "test", &diag), DD_OK, "%s",
               diag.message);
}

static size_t count(const char *text, const char *needle) {
  size_t n = 0;
  for (const char *p = text; (p = strstr(p, needle)) != NULL; p++)
    n++;
  return n;
}

/* The visit ids of the events, in order, as "A B C" (each once). */
static void visit_order(const char *text, char *out, size_t size) {
  out[0] = '\0';
  char last[64] = "";
  for (const char *p = text; (p = strstr(p, "\r\nUID:")) != NULL; p++) {
    const char *id = p + 6, *dot = strchr(id, '.');
    cr_assert_not_null(dot);
    char v[64];
    snprintf(v, sizeof v, "%.*s", (int)(dot - id), id);
    if (strcmp(v, last) == 0)
      continue;
    snprintf(last, sizeof last, "%s", v);
    size_t len = strlen(out);
    snprintf(out + len, size - len, "%s%s", len ? " " : "", v);
  }
}

Test(feed, the_bank_holiday_feed_runs_from_last_year_to_two_years_on) {
  size_t n;
  char *text = build(DD_SCOPE_HOLIDAYS, "england-and-wales", "2020-12-14", &n);
  /* 2019 to 2022, counted by hand from holidays/england-and-wales.conf:
   * eight a year, and in 2022 the Platinum Jubilee and the State Funeral
   * besides. */
  cr_expect_eq(n, 8 + 8 + 8 + 10);
  cr_expect_eq(count(text, "BEGIN:VEVENT\r\n"), n);
  cr_expect(strstr(text, "X-WR-CALNAME:dueday: test\r\n") != NULL);
  /* The first: New Year's Day 2019; the last: Christmas 2022 (a Sunday)
   * on its substitute, Tuesday 27. Not Boxing Day 2018 nor the New Year
   * substitute of 2023. */
  cr_expect(strstr(text, "DTSTART;VALUE=DATE:20190101\r\n") != NULL);
  cr_expect(strstr(text, "DTSTART;VALUE=DATE:20221227\r\n") != NULL);
  cr_expect_null(strstr(text, "DTSTART;VALUE=DATE:20181226\r\n"));
  cr_expect_null(strstr(text, "DTSTART;VALUE=DATE:20230102\r\n"));
  free(text);
  /* A year later, 2023's coronation holiday comes in and 2019 goes. */
  text = build(DD_SCOPE_HOLIDAYS, "england-and-wales", "2021-07-01", &n);
  cr_expect_eq(n, 8 + 8 + 10 + 9);
  cr_expect(strstr(text, "DTSTART;VALUE=DATE:20230508\r\n") != NULL);
  cr_expect_null(strstr(text, "DTSTART;VALUE=DATE:20191226\r\n"));
  free(text);
}

Test(feed, an_unknown_division_is_refused_and_nothing_is_made) {
  char *text = (char *)"untouched";
  size_t len = 99, n = 99;
  dd_diag diag = {{0}};
  int err = dd_feed_build(reg, planner, DD_SCOPE_HOLIDAYS, "atlantis", "x",
                          D("2020-12-14"), 0, &text, &len, &n, &diag);
  cr_expect_neq(err, DD_OK);
  cr_expect_null(text);
  cr_expect_eq(n, 0);
  cr_expect(strstr(diag.message, "atlantis") != NULL, "%s", diag.message);
}

Test(feed, an_inspector_or_rim_feed_holds_their_visits_only) {
  add_visit("A-1", "London", "2020-12-10", "ann@example.org",
            "rita@example.org");
  add_visit("B-1", "London", "2020-12-10", "bob@example.org",
            "rita@example.org");
  add_visit("C-1", "North West", "2020-12-10", "ann@example.org",
            "ron@example.org");
  char order[256];
  size_t n;
  char *text = build(DD_SCOPE_INSPECTOR, "ann@example.org", "2020-12-01", &n);
  visit_order(text, order, sizeof order);
  cr_expect_str_eq(order, "A-1 C-1");
  cr_expect_eq(n, 18);
  free(text);
  text = build(DD_SCOPE_RIM, "rita@example.org", "2020-12-01", &n);
  visit_order(text, order, sizeof order);
  cr_expect_str_eq(order, "A-1 B-1");
  free(text);
  text = build(DD_SCOPE_RIM, "ron@example.org", "2020-12-01", &n);
  visit_order(text, order, sizeof order);
  cr_expect_str_eq(order, "C-1");
  cr_expect_eq(n, 9);
  free(text);
}

Test(feed, many_visits_come_out_in_order_and_none_is_lost) {
  /* Added out of order; the feed is written by two threads (the first
   * visits while the rest are read, the rest after a split) and joined. */
  char ids[60][16];
  for (int i = 0; i < 60; i++) {
    int k = (i * 37) % 60; /* 37 is prime to 60: every k once */
    snprintf(ids[i], sizeof ids[i], "V-%02d", k);
    add_visit(ids[i], "London", "2020-12-10", "i@example.org", "r@example.org");
  }
  size_t n;
  char *text = build(DD_SCOPE_ALL, "", "2020-12-01", &n);
  cr_expect_eq(n, 60 * 9);
  cr_expect_eq(count(text, "BEGIN:VEVENT\r\n"), 60 * 9);
  char order[1024], want[1024] = "";
  visit_order(text, order, sizeof order);
  for (int k = 0; k < 60; k++) {
    size_t len = strlen(want);
    snprintf(want + len, sizeof want - len, "%sV-%02d", k ? " " : "", k);
  }
  cr_expect_str_eq(order, want);
  /* And built again, the same bytes. */
  char *again = build(DD_SCOPE_ALL, "", "2020-12-01", NULL);
  cr_expect_str_eq(text, again);
  free(again);
  free(text);
}

Test(feed, a_registered_visit_the_rules_no_longer_cover_keeps_its_events) {
  add_visit("A-1", "London", "2020-12-10", "i@example.org", "r@example.org");
  /* A start before the first rule set of the type (September 2020), as
   * when a configuration drops an old rule set: planned with the earliest,
   * and the events say so (issue 9: no visit vanishes from a feed). */
  add_visit("B-1", "London", "2019-01-07", "i@example.org", "r@example.org");
  add_visit("C-1", "London", "2020-12-10", "i@example.org", "r@example.org");
  size_t n;
  char *text = build(DD_SCOPE_REGION, "London", "2020-12-01", &n);
  char order[256];
  visit_order(text, order, sizeof order);
  cr_expect_str_eq(order, "A-1 B-1 C-1");
  cr_expect_eq(n, 27);
  /* Unfolded (RFC 5545 3.1: CRLF and one space) to find the words. */
  char *flat = strdup(text);
  cr_assert_not_null(flat);
  char *to = flat;
  for (const char *p = flat; *p; p++)
    if (strncmp(p, "\r\n ", 3) == 0)
      p += 2;
    else
      *to++ = *p;
  *to = '\0';
  /* On the events still to be acted on, not on those done or passed:
   * a feed of years of visits would carry it thousands of times. */
  size_t warned = count(flat, "\\nWarning: no rule set of 'assurance' applies "
                              "on 2019-01-07\\; computed with "
                              "'assurance-2020'");
  cr_expect_eq(warned, 6, "%zu of its 9 events (not the 3 closed)", warned);
  free(flat);
  free(text);
}

Test(feed, a_scope_with_no_visits_is_an_empty_calendar) {
  add_visit("A-1", "London", "2020-12-10", "i@example.org", "r@example.org");
  size_t n = 99;
  char *text = build(DD_SCOPE_REGION, "Nowhere", "2020-12-01", &n);
  cr_expect_eq(n, 0);
  cr_expect_eq(strncmp(text, "BEGIN:VCALENDAR\r\n", 17), 0);
  cr_expect_null(strstr(text, "BEGIN:VEVENT"));
  const char end[] = "END:VCALENDAR\r\n";
  cr_expect_str_eq(text + strlen(text) - (sizeof end - 1), end);
  free(text);
}

/* A name of 300 bytes of 2-, 3- and 4-byte characters, after 0 to 3 bytes
 * of ASCII, so that the summary's 255 bytes end at every place inside a
 * character: the feed must stay valid UTF-8 (it was cut mid-character). */
Test(feed, a_long_name_is_never_cut_inside_a_character) {
  static const char *const chars[] = {"\xC3\xA9", "\xE2\x82\xAC",
                                      "\xF0\x9F\x98\x80"};
  for (size_t c = 0; c < 3; c++) {
    for (size_t pad = 0; pad < 4; pad++) {
      char name[320] = "", id[16];
      memcpy(name, "abc", pad);
      name[pad] = '\0';
      while (strlen(name) + strlen(chars[c]) <= 300 + pad)
        strcat(name, chars[c]);
      snprintf(id, sizeof id, "U-%zu-%zu", c, pad);
      dd_visit v = {.id = id,
                    .type = "assurance",
                    .name = name,
                    .urn = "",
                    .setting = "",
                    .local_authority = "",
                    .region = "London",
                    .division = "england-and-wales",
                    .inspector = "i@example.org",
                    .rim = "r@example.org",
                    .start = D("2020-12-10"),
                    .days_on_site = 2,
                    .status = DD_VISIT_PLANNED};
      dd_diag diag = {{0}};
      cr_assert_eq(dd_store_visit_add(reg, &v, "test", &diag), DD_OK, "%s",
                   diag.message);
      size_t n;
      char *text = build(DD_SCOPE_VISIT, id, "2020-12-01", &n);
      size_t len = strlen(text);
      cr_expect_eq(n, 9);
      cr_expect_eq(dd_text_check(text, len), len,
                   "%zu-byte characters after %zu bytes: bad byte at %zu",
                   c + 2, pad, dd_text_check(text, len));
      free(text);
    }
  }
}

/* dd_feed_build_within on today, horizon days: the text, its count. */
static char *build_within(dd_scope_kind kind, const char *value,
                          const char *today, int horizon, size_t *n) {
  char *text;
  size_t len;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_feed_build_within(reg, planner, kind, value, "dueday: test",
                                    D(today), 0, horizon, &text, &len, n,
                                    &diag),
               DD_OK, "%s", diag.message);
  return text;
}

Test(feed, the_horizon_leaves_out_what_ended_before_it_and_keeps_the_rest) {
  /* Starting Thu 2020-10-01 (2 days, ends Fri 2 Oct): its milestones run
   * from 1 October (the announcement) to the complaint window and
   * publication in late November, counted by dd_planner. */
  add_visit("OLD-1", "London", "2020-10-01", "ann@example.org", "");
  size_t all, within, none;
  char *whole = build_within(DD_SCOPE_ALL, "", "2021-01-10", -1, &all);
  cr_expect_eq(all, 9);
  /* 60 days back from 10 January is 11 November: the October events go,
   * the later ones stay, each as the whole feed has it. */
  char *text = build_within(DD_SCOPE_ALL, "", "2021-01-10", 60, &within);
  cr_expect_gt(within, 0);
  cr_expect_lt(within, all);
  cr_expect_eq(count(text, "BEGIN:VEVENT\r\n"), within);
  cr_expect_null(strstr(text, "UID:OLD-1.announcement@dueday"));
  cr_expect_null(strstr(text, "UID:OLD-1.visit-end@dueday"));
  cr_expect(strstr(text, "UID:OLD-1.publication@dueday") != NULL);
  /* Each event kept is the whole feed's, byte for byte. */
  const char *at = strstr(text, "BEGIN:VEVENT\r\n");
  cr_assert_not_null(at);
  const char *end = strstr(text, "END:VCALENDAR");
  cr_assert_not_null(end);
  char *events = strndup(at, (size_t)(end - at));
  cr_expect(strstr(whole, events) != NULL);
  free(events);
  free(text);
  /* A day: nothing of it is left (its last event is in November). */
  text = build_within(DD_SCOPE_ALL, "", "2021-01-10", 1, &none);
  cr_expect_eq(none, 0);
  cr_expect_null(strstr(text, "BEGIN:VEVENT"));
  free(text);
  free(whole);
}

Test(feed, a_cancelled_visits_events_go_one_horizon_after_its_cancellation) {
  /* Registered cancelled, with no cancellation in the audit log: counted
   * as cancelled on its start, Mon 2 November 2020. (tests/cli/feed.t
   * covers a cancellation the audit log dates.) */
  dd_visit v = {.id = "GONE-1",
                .type = "assurance",
                .name = "Sunny Home",
                .urn = "SC123456",
                .setting = "",
                .local_authority = "",
                .region = "London",
                .division = "england-and-wales",
                .inspector = "ann@example.org",
                .rim = "",
                .start = D("2020-11-02"),
                .days_on_site = 2,
                .status = DD_VISIT_CANCELLED};
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_visit_add(reg, &v, "test", &diag), DD_OK, "%s",
               diag.message);
  size_t n, whole;
  char *text = build_within(DD_SCOPE_ALL, "", "2021-01-20", -1, &whole);
  free(text);
  /* 20 January, 90 days back is 22 October: the cancellation is inside
   * the horizon, and so is every event: all kept, cancelled, titled so. */
  text = build_within(DD_SCOPE_ALL, "", "2021-01-20", 90, &n);
  cr_expect_eq(n, whole);
  cr_expect_eq(count(text, "STATUS:CANCELLED\r\n"), n);
  cr_expect_eq(count(text, "SUMMARY:Cancelled: "), n);
  free(text);
  /* 10 February, 90 days back is 12 November: the cancellation is behind
   * the horizon, and the visit goes whole, though its publication (late
   * December) is inside it. */
  text = build_within(DD_SCOPE_ALL, "", "2021-02-10", 90, &n);
  cr_expect_eq(n, 0);
  free(text);
  text = build_within(DD_SCOPE_ALL, "", "2021-02-10", 120, &n);
  cr_expect_gt(n, 0);
  free(text);
}

Test(feed, titles_say_done_overdue_or_nothing) {
  add_visit("T-1", "London", "2020-11-02", "ann@example.org", "");
  dd_recorded r = {.what = "draft-qa",
                   .date = D("2020-11-04"),
                   .time = -1,
                   .by = "ann",
                   .note = ""};
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_event_add(reg, "T-1", &r, "test", &diag), DD_OK, "%s",
               diag.message);
  size_t n;
  /* 2 December: the draft to QA was done; the draft to the provider
   * (18 working days after Tue 3 Nov: Fri 27 Nov) is overdue; the final
   * report (30 working days: Tue 15 Dec) is to come. */
  char *text = build_within(DD_SCOPE_ALL, "", "2020-12-02", -1, &n);
  cr_expect(strstr(text, "SUMMARY:Done: Draft report to QA: Sunny Home "
                         "SC123456\r\n") != NULL);
  cr_expect(strstr(text, "SUMMARY:Overdue: Send draft report: Sunny Home "
                         "SC123456\r\n") != NULL);
  cr_expect(strstr(text, "SUMMARY:Send final report: Sunny Home "
                         "SC123456\r\n") != NULL);
  free(text);
}

Test(feed, a_rims_feed_holds_the_visits_its_region_sends_it) {
  /* The built-in configuration has no regions: one of the test's own. */
  static const dd_remind_region regions[] = {
      {.name = "North West", .rim = "nw@example.org"}};
  dd_remind_policy p;
  dd_remind_policy_default(&p);
  p.regions = regions;
  p.nregions = 1;
  dd_visit own = {.id = "A",
                  .region = "North West",
                  .rim = "Ron@example.org",
                  .inspector = ""},
           none = {.id = "B",
                   .region = "North West",
                   .rim = "",
                   .inspector = ""},
           other = {.id = "C", .region = "London", .rim = "", .inspector = ""};
  cr_expect(dd_scope_includes_under(DD_SCOPE_RIM, "nw@example.org", &none, &p));
  cr_expect(!dd_scope_includes_under(DD_SCOPE_RIM, "nw@example.org", &own, &p));
  cr_expect(dd_scope_includes_under(DD_SCOPE_RIM, "ron@example.org", &own, &p));
  cr_expect(
      !dd_scope_includes_under(DD_SCOPE_RIM, "nw@example.org", &other, &p));
  /* Without the policy, only the visit's own RIM counts. */
  cr_expect(!dd_scope_includes(DD_SCOPE_RIM, "nw@example.org", &none));
}

Test(feed, a_scope_is_checked_against_the_register) {
  add_visit("S-1", "North West", "2020-11-02", "ann@example.org",
            "rita@example.org");
  dd_diag diag = {{0}};
  cr_expect_eq(dd_scope_check(reg, NULL, DD_SCOPE_REGION, "North West", &diag),
               DD_OK);
  cr_expect_eq(
      dd_scope_check(reg, NULL, DD_SCOPE_INSPECTOR, "ANN@example.org", &diag),
      DD_OK);
  cr_expect_eq(dd_scope_check(reg, NULL, DD_SCOPE_ALL, "", &diag), DD_OK);
  cr_expect_eq(dd_scope_check(reg, NULL, DD_SCOPE_REGION, "Nort West", &diag),
               DD_ENOTFOUND);
  cr_expect_str_eq(diag.message, "the register has no region \"Nort West\"; "
                                 "did you mean \"North West\"?");
  cr_expect_eq(
      dd_scope_check(reg, NULL, DD_SCOPE_RIM, "zed@example.com", &diag),
      DD_ENOTFOUND);
  cr_expect_str_eq(diag.message, "the register has no RIM "
                                 "\"zed@example.com\" (known: "
                                 "\"rita@example.org\")");
  cr_expect_eq(dd_scope_check(reg, NULL, DD_SCOPE_VISIT, "S-2", &diag),
               DD_ENOTFOUND);
  /* A region the configuration names, with no visit yet, is known. */
  static const dd_remind_region regions[] = {
      {.name = "London", .rim = "lon@example.org"}};
  dd_remind_policy p;
  dd_remind_policy_default(&p);
  p.regions = regions;
  p.nregions = 1;
  cr_expect_eq(dd_scope_check(reg, &p, DD_SCOPE_REGION, "London", &diag),
               DD_OK);
  cr_expect_eq(dd_scope_check(reg, &p, DD_SCOPE_RIM, "lon@example.org", &diag),
               DD_OK);
}

Test(feed, the_calendar_is_named_for_its_scope) {
  char buf[64];
  cr_expect_str_eq(
      dd_feed_calname(DD_SCOPE_REGION, "North West", buf, sizeof buf),
      "dueday: North West deadlines");
  cr_expect_str_eq(dd_feed_calname(DD_SCOPE_INSPECTOR, "a@b", buf, sizeof buf),
                   "dueday: deadlines of a@b");
  cr_expect_str_eq(dd_feed_calname(DD_SCOPE_RIM, "r@b", buf, sizeof buf),
                   "dueday: r@b as RIM");
  cr_expect_str_eq(dd_feed_calname(DD_SCOPE_VISIT, "V-1", buf, sizeof buf),
                   "dueday: visit V-1");
  cr_expect_str_eq(dd_feed_calname(DD_SCOPE_ALL, "", buf, sizeof buf),
                   "dueday: all deadlines");
  /* Cut to fit. */
  cr_expect_str_eq(dd_feed_calname(DD_SCOPE_VISIT, "V-1", buf, 10),
                   "dueday: v");
}

Test(feed, a_subscribers_horizon_is_kept_with_it) {
  dd_diag diag = {{0}};
  long id;
  cr_assert_eq(dd_store_subscriber_add(reg, "Rita", "rita@example.org",
                                       "region:London",
                                       "0123456789abcdef0123456789abcdef"
                                       "0123456789abcdef0123456789abcdef",
                                       "test", &id, &diag),
               DD_OK, "%s", diag.message);
  dd_subscriber s;
  cr_assert_eq(dd_store_subscriber_find(reg,
                                        "0123456789abcdef0123456789abcdef"
                                        "0123456789abcdef0123456789abcdef",
                                        &s, &diag),
               DD_OK);
  cr_expect_eq(s.horizon_days, 0, "none of its own: the configuration's");
  dd_subscriber_clear(&s);
  cr_expect_eq(dd_store_subscriber_set_horizon(reg, id, 30, &diag), DD_OK);
  cr_assert_eq(dd_store_subscriber_find(reg,
                                        "0123456789abcdef0123456789abcdef"
                                        "0123456789abcdef0123456789abcdef",
                                        &s, &diag),
               DD_OK);
  cr_expect_eq(s.horizon_days, 30);
  dd_subscriber_clear(&s);
  cr_expect_eq(dd_store_subscriber_set_horizon(reg, id, -1, &diag), DD_EINVAL);
  cr_expect_eq(dd_store_subscriber_set_horizon(reg, id + 1, 30, &diag),
               DD_ENOTFOUND);
  cr_expect_eq(dd_store_subscriber_set_horizon(reg, id, 0, &diag), DD_OK);
  cr_assert_eq(dd_store_subscriber_find(reg,
                                        "0123456789abcdef0123456789abcdef"
                                        "0123456789abcdef0123456789abcdef",
                                        &s, &diag),
               DD_OK);
  cr_expect_eq(s.horizon_days, 0);
  dd_subscriber_clear(&s);
}
