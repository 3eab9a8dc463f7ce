/* iCalendar: reading GOV.UK's published file, writing a holiday feed that
 * reads back the same, and rejecting malformed input. */
#include "dueday/ics.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static dd_holidays *load(const char *division) {
  dd_holidays *h = NULL;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_holidays_load(HOLIDAYS_DIR, division, &h, &diag), DD_OK, "%s",
               diag.message);
  return h;
}

static dd_date D(const char *text) {
  dd_date d;
  cr_assert_eq(dd_date_parse(text, &d, NULL), DD_OK, "%s", text);
  return d;
}

/* Writes text to a fresh temporary file and returns its path (static). */
static const char *temp_file(const char *text) {
  static char path[64];
  strcpy(path, "/tmp/dueday-test-XXXXXX");
  int fd = mkstemp(path);
  cr_assert_geq(fd, 0);
  size_t len = strlen(text);
  cr_assert_eq(write(fd, text, len), (ssize_t)len);
  close(fd);
  return path;
}

Test(ics, the_published_gov_uk_file_matches_the_engine) {
  dd_holiday_list list;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_ics_read_holidays(DATA_DIR
                                    "/published/govuk-england-and-wales.ics",
                                    &list, &diag),
               DD_OK, "%s", diag.message);
  cr_assert_geq(list.n, 80, "2019 to 2028 has more than 80 holidays");
  dd_holidays *h = load("england-and-wales");
  cr_assert_eq(dd_holidays_compare(h, list.items, list.n, NULL, NULL), 0);
  const dd_holiday *xmas = NULL;
  for (size_t i = 0; i < list.n; i++)
    if (list.items[i].date == D("2020-12-25"))
      xmas = &list.items[i];
  cr_assert_not_null(xmas);
  cr_assert_str_eq(xmas->title, "Christmas Day");
  dd_holidays_free(h);
  dd_holiday_list_free(&list);
}

Test(ics, a_written_feed_reads_back_with_all_day_events) {
  dd_holidays *h = load("scotland");
  const dd_holiday *hols;
  size_t n = dd_holidays_between(h, D("2021-01-01"), D("2022-12-31"), &hols);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  cr_assert_eq(dd_ics_write_holidays(f, "UK bank holidays: scotland",
                                     "scotland", hols, n, 1600000000, NULL),
               DD_OK);
  fclose(f);
  /* RFC 5545 3.6.1: an all-day event ends, exclusively, the next day. */
  cr_assert_not_null(strstr(buf, "DTSTART;VALUE=DATE:20211130\r\n"));
  cr_assert_not_null(strstr(buf, "DTEND;VALUE=DATE:20211201\r\n"));
  cr_assert_not_null(strstr(buf, "UID:scotland-2021-11-30@dueday\r\n"));
  cr_assert_not_null(
      strstr(buf, "X-WR-CALNAME:UK bank holidays: scotland\r\n"));
  cr_assert_not_null(strstr(buf, "SUMMARY:2nd January (substitute day)\r\n"));

  const char *path = temp_file(buf);
  free(buf);
  dd_holiday_list back;
  cr_assert_eq(dd_ics_read_holidays(path, &back, NULL), DD_OK);
  unlink(path);
  cr_assert_eq(back.n, n);
  cr_assert_eq(dd_holidays_compare(h, back.items, back.n, NULL, NULL), 0);
  dd_holiday_list_free(&back);
  dd_holidays_free(h);
}

static void count_diff(const dd_holiday_diff *d, void *arg) {
  (void)d;
  ++*(int *)arg;
}

Test(ics, a_file_with_a_wrong_date_shows_both_sides_of_the_difference) {
  const char *path = temp_file(
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
      "BEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20240101T000000Z\r\n"
      "DTSTART;VALUE=DATE:20270101\r\nSUMMARY:New Year’s Day\r\nEND:VEVENT\r\n"
      "BEGIN:VEVENT\r\nUID:b\r\nDTSTAMP:20240101T000000Z\r\n"
      "DTSTART;VALUE=DATE:20270830\r\nSUMMARY:Summer bank "
      "holiday\r\nEND:VEVENT\r\n"
      "END:VCALENDAR\r\n");
  dd_holiday_list list;
  cr_assert_eq(dd_ics_read_holidays(path, &list, NULL), DD_OK);
  unlink(path);
  dd_holidays *h = load("scotland");
  int calls = 0;
  /* Scotland 2027 has 9 holidays; the file has 2, one of them wrong. */
  size_t diffs = dd_holidays_compare(h, list.items, list.n, count_diff, &calls);
  cr_assert_eq(diffs, 1 + 8);
  cr_assert_eq(calls, 9);
  dd_holidays_free(h);
  dd_holiday_list_free(&list);
}

Test(ics, malformed_files_are_rejected_with_a_reason) {
  const struct {
    const char *text;
    int err;
    const char *message;
  } cases[] = {
      {"hello\n", DD_EPARSE, "not an iCalendar file"},
      {"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", DD_EPARSE, "no events"},
      {"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:a\r\nEND:VEVENT\r\n"
       "END:VCALENDAR\r\n",
       DD_EPARSE, "event 1 (UID x): no valid DTSTART"},
      {"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:y\r\nDTSTART;VALUE=DATE:"
       "19600101\r\n"
       "END:VEVENT\r\nEND:VCALENDAR\r\n",
       DD_ERANGE, "is outside 1971-2199"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *path = temp_file(cases[i].text);
    dd_holiday_list list = {(dd_holiday *)&list, 7};
    dd_diag diag = {{0}};
    cr_expect_eq(dd_ics_read_holidays(path, &list, &diag), cases[i].err,
                 "case %zu", i);
    cr_expect_null(list.items);
    cr_expect_not_null(strstr(diag.message, cases[i].message), "case %zu: %s",
                       i, diag.message);
    unlink(path);
  }
  dd_holiday_list list;
  dd_diag diag;
  cr_assert_eq(dd_ics_read_holidays("/nonexistent.ics", &list, &diag), DD_EIO);
}

Test(ics, a_milestone_feed_reads_back_through_libical) {
  dd_ics_feed *feed;
  cr_assert_eq(dd_ics_feed_new("dueday: test", 60, 1600000000, &feed, NULL),
               DD_OK);
  const dd_ics_event events[] = {
      {.uid = "V.publication@dueday",
       .summary = "Publish report: V",
       .start = D("2021-02-08"),
       .end = D("2021-02-08"),
       .time = -1},
      {.uid = "V.dcs-email@dueday",
       .summary = "Email DCSs: V",
       .start = D("2021-06-16"),
       .end = D("2021-06-16"),
       .time = 17 * 60,
       .sequence = 2},
      {.uid = "V.monitoring-visit@dueday",
       .summary = "Monitoring visit: V",
       .start = D("2021-01-22"),
       .end = D("2021-02-05"),
       .time = -1,
       .cancelled = true},
  };
  for (size_t i = 0; i < 3; i++)
    cr_assert_eq(dd_ics_feed_add(feed, &events[i], NULL), DD_OK);
  size_t len;
  char *text = dd_ics_feed_text(feed, &len);
  cr_assert_not_null(text);
  cr_assert_eq(strlen(text), len);
  cr_assert_not_null(strstr(text, "TZID:Europe/London\r\n"), "plain IANA name");
  cr_assert_null(strstr(text, "freeassociation"), "no libical prefix");
  cr_assert_not_null(
      strstr(text, "DTSTART;TZID=Europe/London:20210616T170000\r\n"));
  cr_assert_not_null(strstr(text, "DTEND;VALUE=DATE:20210206\r\n"),
                     "a window ends the day after its last day");
  cr_assert_not_null(strstr(text, "STATUS:CANCELLED\r\n"));
  cr_assert_not_null(strstr(text, "SEQUENCE:2\r\n"));
  cr_assert_not_null(strstr(text, "REFRESH-INTERVAL;VALUE=DURATION:PT60M\r\n"));
  cr_assert_not_null(strstr(text, "X-PUBLISHED-TTL:PT60M\r\n"));
  const char *path = temp_file(text);
  free(text);
  dd_ics_feed_free(feed);
  dd_holiday_list back;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_ics_read_holidays(path, &back, &diag), DD_OK, "%s",
               diag.message);
  unlink(path);
  cr_assert_eq(back.n, 3);
  cr_assert_eq(back.items[1].date, D("2021-06-16"));
  cr_assert_str_eq(back.items[0].title, "Publish report: V");
  dd_holiday_list_free(&back);
}
