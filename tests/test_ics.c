/* iCalendar: reading GOV.UK's published file, writing a holiday feed that
 * reads back the same, and rejecting malformed input; writing milestone
 * feeds (escaping, folding, and what libical reads back); and the feeds of
 * a register, whose SEQUENCE and cancellations the register remembers. */
#include "dueday/dueday.h"
#include "register_fixture.h"
#include "service/feed_state.h"
#include "service/ics_writer.h"

#include <criterion/criterion.h>
#include <libical/ical.h>
#include <stdbool.h>
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
  dd_holiday_list_clear(&list);
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
  dd_holiday_list_clear(&back);
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
  dd_holiday_list_clear(&list);
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
  dd_holiday_list_clear(&back);
}

/* ---- the milestone feed writer ------------------------------------------- */

/* A feed of the one event ev (a pinned DTSTAMP), as text; caller frees. */
static char *one_event_feed(const dd_ics_event *ev) {
  dd_ics_feed *feed;
  cr_assert_eq(dd_ics_feed_new("dueday: test", 60, 1600000000, &feed, NULL),
               DD_OK);
  cr_assert_eq(dd_ics_feed_add(feed, ev, NULL), DD_OK);
  size_t len;
  char *text = dd_ics_feed_finish(feed, &len);
  cr_assert_not_null(text);
  cr_assert_eq(strlen(text), len);
  return text;
}

/* The content line of property name (NAME: or NAME;...) in text, unfolded
 * (RFC 5545 3.1: each CRLF followed by one space is removed); static. */
static const char *unfolded(const char *text, const char *name) {
  static char line[8192];
  size_t n = strlen(name);
  const char *p = text;
  while (p != NULL &&
         !(strncmp(p, name, n) == 0 && (p[n] == ':' || p[n] == ';') &&
           (p == text || p[-1] == '\n')))
    p = strstr(p + 1, name);
  cr_assert_not_null(p, "no %s", name);
  size_t len = 0;
  for (;;) {
    const char *crlf = strstr(p, "\r\n");
    cr_assert_not_null(crlf);
    cr_assert_lt(len + (size_t)(crlf - p), sizeof line);
    memcpy(line + len, p, (size_t)(crlf - p));
    len += (size_t)(crlf - p);
    if (crlf[2] != ' ')
      break;
    p = crlf + 3;
  }
  line[len] = '\0';
  return line;
}

/* Checks what RFC 5545 3.1 asks of every physical line of text: CRLF ends
 * it, it is at most 75 octets, and a fold never splits a UTF-8 sequence
 * (a continuation line never starts with a continuation byte). */
static void check_lines(const char *text) {
  size_t lines = 0;
  for (const char *p = text; *p != '\0'; lines++) {
    const char *crlf = strstr(p, "\r\n");
    cr_assert_not_null(crlf, "line %zu has no CRLF", lines + 1);
    cr_expect_leq(crlf - p, 75, "line %zu is %td octets: %.*s", lines + 1,
                  crlf - p, (int)(crlf - p), p);
    cr_expect_null(memchr(p, '\n', (size_t)(crlf - p)), "a bare LF");
    if (*p == ' ')
      cr_expect_neq((unsigned char)p[1] & 0xC0, 0x80,
                    "line %zu starts inside a UTF-8 sequence", lines + 1);
    p = crlf + 2;
  }
  cr_assert_gt(lines, 0);
}

Test(ics, a_long_line_folds_at_75_octets_without_splitting_utf8_sequences) {
  /* Two-, three- and four-octet characters, no spaces to break at, and
   * each starting at every offset from the fold across the cases. */
  const char *const chars[] = {"\u00e9", "\u20ac", "\U0001F600"};
  for (size_t c = 0; c < 3; c++) {
    for (size_t shift = 0; shift < 4; shift++) {
      char summary[512] = "", expect[600];
      memset(summary, 'x', shift);
      summary[shift] = '\0';
      for (int i = 0; i < 40; i++)
        strcat(summary, chars[c]);
      dd_ics_event ev = {.uid = "u@dueday",
                         .summary = summary,
                         .start = D("2021-02-08"),
                         .end = D("2021-02-08"),
                         .time = -1};
      char *text = one_event_feed(&ev);
      check_lines(text);
      snprintf(expect, sizeof expect, "SUMMARY:%s", summary);
      cr_expect_str_eq(unfolded(text, "SUMMARY"), expect, "case %zu/%zu", c,
                       shift);
      free(text);
    }
  }
}

Test(ics, a_line_without_spaces_fills_its_continuation_lines_to_75_octets) {
  char uid[301];
  memset(uid, 'a', 300);
  uid[300] = '\0';
  dd_ics_event ev = {.uid = uid,
                     .summary = "s",
                     .start = D("2021-02-08"),
                     .end = D("2021-02-08"),
                     .time = -1};
  char *text = one_event_feed(&ev);
  check_lines(text);
  /* "UID:" breaks after its colon; then 74 octets and the space a line. */
  const char *p = strstr(text, "UID:\r\n ");
  cr_assert_not_null(p);
  p += 6;
  cr_expect_eq(strstr(p, "\r\n") - p, 75);
  char expect[310];
  snprintf(expect, sizeof expect, "UID:%s", uid);
  cr_expect_str_eq(unfolded(text, "UID"), expect);
  free(text);
}

Test(ics, long_text_folds_after_a_space_keeping_words_whole) {
  const char *summary = "Provider comments due: a provider with a very long "
                        "name indeed, Somewhere Upon Thames";
  dd_ics_event ev = {.uid = "u@dueday",
                     .summary = summary,
                     .start = D("2021-02-08"),
                     .end = D("2021-02-08"),
                     .time = -1};
  char *text = one_event_feed(&ev);
  check_lines(text);
  /* libical's rule, kept so that the bytes stayed the same: the last space
   * (or ';' or ':') within the first 74 octets, here after the comma. */
  cr_expect_not_null(strstr(text, "SUMMARY:Provider comments due: a provider "
                                  "with a very long name indeed\\, \r\n "
                                  "Somewhere Upon Thames\r\n"),
                     "%s", text);
  free(text);
}

Test(ics, text_escapes_backslash_semicolon_comma_and_newline) {
  const struct {
    const char *text, *written;
  } cases[] = {
      {"a\\b", "a\\\\b"},
      {"a;b", "a\\;b"},
      {"a,b", "a\\,b"},
      {"a\nb", "a\\nb"},
      {"a\r\nb", "a\\nb"}, /* CRLF is one newline */
      {"a\rb", "a\\nb"},   /* and so is a lone CR */
      {"a\tb", "a\tb"},    /* HTAB is allowed as it is */
      {"a\x01"
       "b\x7f",
       "ab"},                      /* other controls are not: dropped */
      {"\\;,\n", "\\\\\\;\\,\\n"}, /* all at once */
      {"Caf\u00e9: 09:00", "Caf\u00e9: 09:00"},
      {"", ""},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    dd_ics_event ev = {.uid = "u@dueday",
                       .summary = cases[i].text,
                       .description = cases[i].text,
                       .start = D("2021-02-08"),
                       .end = D("2021-02-08"),
                       .time = -1};
    char *text = one_event_feed(&ev), expect[64];
    snprintf(expect, sizeof expect, "SUMMARY:%s", cases[i].written);
    cr_expect_str_eq(unfolded(text, "SUMMARY"), expect, "case %zu", i);
    snprintf(expect, sizeof expect, "DESCRIPTION:%s", cases[i].written);
    cr_expect_str_eq(unfolded(text, "DESCRIPTION"), expect, "case %zu", i);
    free(text);
  }
  /* The calendar's name is TEXT too (RFC 5545 3.8.8.2: an X- property's
   * default value type). */
  dd_ics_feed *feed;
  cr_assert_eq(dd_ics_feed_new("dueday: Smith, Jo; RIM", 60, 0, &feed, NULL),
               DD_OK);
  char *text = dd_ics_feed_finish(feed, NULL);
  cr_expect_str_eq(unfolded(text, "X-WR-CALNAME"),
                   "X-WR-CALNAME:dueday: Smith\\, Jo\\; RIM");
  free(text);
}

Test(ics, categories_escape_their_items_but_not_the_commas_between_them) {
  dd_ics_event ev = {.uid = "u@dueday",
                     .summary = "s",
                     .categories = "dueday,a;b,back\\slash,new\nline",
                     .start = D("2021-02-08"),
                     .end = D("2021-02-08"),
                     .time = -1};
  char *text = one_event_feed(&ev);
  cr_expect_str_eq(unfolded(text, "CATEGORIES"),
                   "CATEGORIES:dueday,a\\;b,back\\\\slash,new\\nline");
  free(text);
}

Test(ics, libicals_parser_reads_back_the_very_text_written) {
  /* Every character that is escaped, multi-octet ones, and lines long
   * enough to fold, through a real parser. */
  const char *summary = "Done: Publish report; \"Caf\u00e9, Bar\" \\ "
                        "\u20ac100 \U0001F600 of a name long enough to fold "
                        "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9";
  const char *description =
      "Report published\nWho acts: RIM\nRule: 38 working days after the end "
      "of the visit (Fri 2020-12-11); held, by a complaint\nSkipped: 14 "
      "weekend days; 2020-12-25 Christmas Day; 2020-12-28 Boxing Day "
      "(substitute day)\nStatus: pending\nVisit: V-1, \u00c9cole \\ Home";
  const char *categories = "dueday,assurance,publication,RIM;QA,a\\b";
  dd_ics_event ev = {.uid = "V-1.publication@dueday",
                     .summary = summary,
                     .description = description,
                     .categories = categories,
                     .start = D("2021-02-08"),
                     .end = D("2021-02-08"),
                     .time = -1};
  char *text = one_event_feed(&ev);
  check_lines(text);
  icalcomponent *cal = icalparser_parse_string(text);
  cr_assert_not_null(cal);
  icalcomponent *e =
      icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
  cr_assert_not_null(e);
  cr_expect_str_eq(icalcomponent_get_uid(e), "V-1.publication@dueday");
  cr_expect_str_eq(icalcomponent_get_summary(e), summary);
  cr_expect_str_eq(icalcomponent_get_description(e), description);
  /* libical reads the list as one CATEGORIES property per item. */
  char items[256] = "";
  for (icalproperty *p =
           icalcomponent_get_first_property(e, ICAL_CATEGORIES_PROPERTY);
       p != NULL;
       p = icalcomponent_get_next_property(e, ICAL_CATEGORIES_PROPERTY)) {
    if (items[0] != '\0')
      strcat(items, ",");
    strcat(items, icalproperty_get_categories(p));
  }
  cr_expect_str_eq(items, categories);
  cr_expect_null(icalcomponent_get_first_property(e, ICAL_XLICERROR_PROPERTY),
                 "libical found nothing to complain of");
  icalcomponent_free(cal);
  free(text);
}

Test(ics, all_day_events_end_the_day_after_and_timed_ones_are_in_london) {
  const dd_ics_event window = {.uid = "w@dueday",
                               .summary = "Monitoring visit window",
                               .start = D("2021-01-22"),
                               .end = D("2021-02-05"),
                               .time = -1};
  const dd_ics_event day = {.uid = "d@dueday",
                            .summary = "Publish report",
                            .start = D("2020-12-31"),
                            .end = D("2020-12-31"),
                            .time = -1};
  const dd_ics_event timed = {.uid = "t@dueday",
                              .summary = "Email DCSs",
                              .start = D("2021-06-16"),
                              .end = D("2021-06-16"),
                              .time = 17 * 60 + 30};
  char *text = one_event_feed(&window);
  cr_expect_not_null(strstr(text, "DTSTART;VALUE=DATE:20210122\r\n"
                                  "DTEND;VALUE=DATE:20210206\r\n"));
  free(text);
  text = one_event_feed(&day);
  /* RFC 5545 3.6.1: exclusive, across the end of the year too. */
  cr_expect_not_null(strstr(text, "DTSTART;VALUE=DATE:20201231\r\n"
                                  "DTEND;VALUE=DATE:20210101\r\n"));
  free(text);
  text = one_event_feed(&timed);
  cr_expect_not_null(
      strstr(text, "DTSTART;TZID=Europe/London:20210616T173000\r\n"));
  cr_expect_null(strstr(text, "DTEND"), "a point in time");
  cr_expect_not_null(strstr(text, "BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n"));
  free(text);
}

Test(ics, the_text_so_far_is_a_copy_and_finishing_hands_over_the_same) {
  dd_ics_feed *feed;
  cr_assert_eq(dd_ics_feed_new("dueday: test", 30, 1600000000, &feed, NULL),
               DD_OK);
  dd_ics_event ev = {.uid = "u@dueday",
                     .summary = "s",
                     .start = D("2021-02-08"),
                     .end = D("2021-02-08"),
                     .time = -1,
                     .sequence = 12,
                     .cancelled = true};
  cr_assert_eq(dd_ics_feed_add(feed, &ev, NULL), DD_OK);
  size_t n1, n2;
  char *copy = dd_ics_feed_text(feed, &n1);
  char *again = dd_ics_feed_text(feed, NULL);
  char *text = dd_ics_feed_finish(feed, &n2);
  cr_assert_not_null(copy);
  cr_assert_not_null(text);
  cr_expect_str_eq(copy, text);
  cr_expect_str_eq(again, text);
  cr_expect_eq(n1, n2);
  cr_expect_not_null(strstr(text, "DTSTAMP:20200913T122640Z\r\nSEQUENCE:12\r\n"
                                  "SUMMARY:s\r\nSTATUS:CANCELLED\r\n"
                                  "TRANSP:TRANSPARENT\r\n"));
  cr_expect_not_null(strstr(text, "REFRESH-INTERVAL;VALUE=DURATION:PT30M\r\n"
                                  "X-PUBLISHED-TTL:PT30M\r\n"));
  const char end[] = "END:VEVENT\r\nEND:VCALENDAR\r\n";
  cr_expect_str_eq(text + n2 - (sizeof end - 1), end);
  free(copy);
  free(again);
  free(text);
}

/* ---- the feeds of a register (src/feed.c) -------------------------------- */
/* Here, next to the writer whose text they check, with a real register in a
 * temporary directory. */

TestSuite(feed, .init = register_setup, .fini = register_teardown);

static dd_visit visit(const char *id, const char *region, const char *start,
                      bool concerns) {
  return (dd_visit){.id = (char *)id,
                    .type = "assurance",
                    .name = "Sunny Home",
                    .urn = "SC123456",
                    .setting = "",
                    .local_authority = "",
                    .region = (char *)region,
                    .division = "england-and-wales",
                    .inspector = "i@example.org",
                    .rim = "r@example.org",
                    .start = D(start),
                    .days_on_site = 2,
                    .status = DD_VISIT_PLANNED,
                    .concerns = concerns};
}

static void register_visit(const dd_visit *v) {
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_begin(reg, &diag), DD_OK, "%s", diag.message);
  cr_assert_eq(dd_store_visit_add(reg, v, "test", &diag), DD_OK, "%s",
               diag.message);
  cr_assert_eq(dd_store_commit(reg, &diag), DD_OK, "%s", diag.message);
}

/* The VEVENT of uid in text, up to its END:VEVENT; static. NULL if none. */
static const char *event(const char *text, const char *uid) {
  static char ev[4096];
  char mark[160];
  snprintf(mark, sizeof mark, "BEGIN:VEVENT\r\nUID:%s\r\n", uid);
  const char *p = strstr(text, mark);
  if (p == NULL)
    return NULL;
  const char *end = strstr(p, "END:VEVENT\r\n");
  cr_assert_not_null(end);
  cr_assert_lt((size_t)(end - p), sizeof ev);
  memcpy(ev, p, (size_t)(end - p));
  ev[end - p] = '\0';
  return ev;
}

static int sequence(const char *text, const char *uid) {
  const char *ev = event(text, uid);
  cr_assert_not_null(ev, "no event %s", uid);
  /* No SEQUENCE is SEQUENCE 0 (RFC 5545 3.8.7.4), which the feed leaves
   * unsaid. */
  const char *s = strstr(ev, "\r\nSEQUENCE:");
  cr_assert(s == NULL || atoi(s + 11) != 0, "SEQUENCE:0 written out");
  return s != NULL ? atoi(s + 11) : 0;
}

Test(feed, a_feed_of_an_unchanged_register_is_the_same_bytes) {
  dd_visit v = visit("W-1", "London", "2020-12-10", true);
  register_visit(&v);
  size_t n;
  char *first = build(DD_SCOPE_ALL, "", "2020-12-01", &n);
  cr_expect_eq(n, 12, "every milestone of a visit with concerns");
  char *second = build(DD_SCOPE_ALL, "", "2020-12-01", NULL);
  cr_expect_str_eq(first, second);
  cr_expect_eq(sequence(first, "W-1.publication@dueday"), 0);
  check_lines(first);
  free(first);
  free(second);
}

Test(feed, a_milestone_whose_dates_move_gets_the_next_sequence_alone) {
  dd_visit v = visit("W-1", "London", "2020-12-10", true);
  register_visit(&v);
  free(build(DD_SCOPE_REGION, "London", "2020-12-01", NULL));
  /* The draft goes out late: the provider's comments, counted from it,
   * move; nothing else does. */
  dd_recorded late = {.what = "draft-sent",
                      .date = D("2021-01-13"),
                      .time = -1,
                      .by = "",
                      .note = ""};
  dd_store_begin(reg, NULL);
  cr_assert_eq(dd_store_event_add(reg, "W-1", &late, "test", NULL), DD_OK);
  dd_store_commit(reg, NULL);
  char *text = build(DD_SCOPE_REGION, "London", "2021-01-13", NULL);
  cr_expect_eq(sequence(text, "W-1.provider-comments@dueday"), 1);
  cr_expect_eq(sequence(text, "W-1.draft-sent@dueday"), 0);
  cr_expect_eq(sequence(text, "W-1.publication@dueday"), 0);
  free(text);
  /* Once published, the same again. */
  text = build(DD_SCOPE_VISIT, "W-1", "2021-01-13", NULL);
  cr_expect_eq(sequence(text, "W-1.provider-comments@dueday"), 1);
  free(text);
}

Test(feed, a_milestone_that_stops_applying_is_cancelled_where_it_was) {
  dd_visit v = visit("W-1", "London", "2020-12-10", true);
  dd_visit never = visit("N-1", "London", "2020-12-10", false);
  register_visit(&v);
  register_visit(&never);
  char *text = build(DD_SCOPE_REGION, "London", "2020-12-01", NULL);
  const char *ev = event(text, "W-1.monitoring-visit@dueday");
  cr_assert_not_null(ev);
  char window[128];
  snprintf(window, sizeof window, "%s", strstr(ev, "DTSTART"));
  cr_expect_null(event(text, "N-1.monitoring-visit@dueday"),
                 "never applying: never published");
  free(text);
  /* The concerns are withdrawn: the three milestones that need them are
   * cancelled, at the dates they were published with, as a revision. */
  v.concerns = false;
  dd_store_begin(reg, NULL);
  cr_assert_eq(dd_store_visit_update(reg, &v, "test", "concerns", "", NULL),
               DD_OK);
  dd_store_commit(reg, NULL);
  size_t n;
  text = build(DD_SCOPE_REGION, "London", "2020-12-02", &n);
  cr_expect_eq(n, 12 + 9);
  const char *const gone[] = {"W-1.dcs-email@dueday", "W-1.case-review@dueday",
                              "W-1.monitoring-visit@dueday"};
  for (size_t i = 0; i < 3; i++) {
    ev = event(text, gone[i]);
    cr_assert_not_null(ev, "%s", gone[i]);
    cr_expect_not_null(strstr(ev, "STATUS:CANCELLED\r\n"), "%s", gone[i]);
    cr_expect_eq(sequence(text, gone[i]), 1, "%s", gone[i]);
  }
  cr_expect_not_null(strstr(event(text, "W-1.monitoring-visit@dueday"), window),
                     "the window it was published with");
  cr_expect_not_null(strstr(event(text, "W-1.dcs-email@dueday"),
                            "DTSTART;TZID=Europe/London:"),
                     "still the time it had");
  cr_expect_eq(sequence(text, "W-1.publication@dueday"), 0);
  cr_expect_null(event(text, "N-1.monitoring-visit@dueday"));
  free(text);
  /* And cancelled it stays, with no further revision. */
  text = build(DD_SCOPE_REGION, "London", "2020-12-03", NULL);
  cr_expect_eq(sequence(text, "W-1.case-review@dueday"), 1);
  free(text);
}

Test(feed, a_cancelled_visit_cancels_every_event) {
  dd_visit v = visit("W-1", "London", "2020-12-10", false);
  register_visit(&v);
  free(build(DD_SCOPE_ALL, "", "2020-12-01", NULL));
  v.status = DD_VISIT_CANCELLED;
  dd_store_begin(reg, NULL);
  cr_assert_eq(dd_store_visit_update(reg, &v, "test", "cancel", "", NULL),
               DD_OK);
  dd_store_commit(reg, NULL);
  size_t n;
  char *text = build(DD_SCOPE_ALL, "", "2020-12-01", &n);
  size_t cancelled = 0;
  for (const char *p = text; (p = strstr(p, "STATUS:CANCELLED")) != NULL; p++)
    cancelled++;
  cr_expect_eq(n, 9);
  cr_expect_eq(cancelled, 9);
  cr_expect_eq(sequence(text, "W-1.publication@dueday"), 1);
  free(text);
}

struct rows {
  char seen[32][80];
  size_t n;
};

static int collect(const char *visit_id, const char *milestone,
                   const char *published, int seq, void *arg) {
  struct rows *r = arg;
  (void)published;
  (void)seq;
  if (r->n < 32)
    snprintf(r->seen[r->n], sizeof r->seen[0], "%s %s", visit_id, milestone);
  r->n++;
  return 0;
}

Test(feed, each_scope_reads_and_writes_the_state_of_its_own_visits) {
  dd_visit b = visit("B-1", "London", "2020-12-10", false);
  dd_visit a = visit("A-1", "London", "2020-12-10", false);
  dd_visit other = visit("C-1", "North West", "2020-12-10", false);
  register_visit(&b);
  register_visit(&other);
  register_visit(&a);
  free(build(DD_SCOPE_REGION, "London", "2020-12-01", NULL));
  struct rows r = {0};
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_feed_states_each(reg, DD_SCOPE_REGION, "North West",
                                         collect, &r, &diag),
               DD_OK, "%s", diag.message);
  cr_expect_eq(r.n, 0, "another region's feed was never made");
  r.n = 0;
  cr_assert_eq(dd_store_feed_states_each(reg, DD_SCOPE_REGION, "London",
                                         collect, &r, NULL),
               DD_OK);
  cr_expect_eq(r.n, 18);
  /* Grouped by visit, in id order, as the feed relies on. */
  for (size_t i = 0; i < 9; i++) {
    cr_expect_eq(strncmp(r.seen[i], "A-1 ", 4), 0, "%s", r.seen[i]);
    cr_expect_eq(strncmp(r.seen[9 + i], "B-1 ", 4), 0, "%s", r.seen[9 + i]);
  }
  r.n = 0;
  cr_assert_eq(
      dd_store_feed_states_each(reg, DD_SCOPE_VISIT, "B-1", collect, &r, NULL),
      DD_OK);
  cr_expect_eq(r.n, 9);
  r.n = 0;
  cr_assert_eq(dd_store_feed_states_each(reg, DD_SCOPE_INSPECTOR,
                                         "i@example.org", collect, &r, NULL),
               DD_OK);
  cr_expect_eq(r.n, 18);
  cr_expect_eq(dd_store_feed_states_each(reg, DD_SCOPE_HOLIDAYS, "scotland",
                                         collect, &r, NULL),
               DD_EINVAL);
}

Test(feed, a_visit_scope_naming_no_visit_is_not_found) {
  char *text = (char *)"untouched";
  size_t len, n;
  dd_diag diag = {{0}};
  cr_expect_eq(dd_feed_build(reg, planner, DD_SCOPE_VISIT, "NOPE", "x",
                             D("2020-12-01"), 0, &text, &len, &n, &diag),
               DD_ENOTFOUND);
  cr_expect_null(text);
  cr_expect_not_null(strstr(diag.message, "NOPE"), "%s", diag.message);
}

Test(feed, a_pinned_today_pins_the_dtstamp) {
  cr_expect_eq(dd_feed_dtstamp(D("2020-12-14"), true), (time_t)18610 * 86400);
  time_t now = time(NULL);
  cr_expect_geq(dd_feed_dtstamp(D("2020-12-14"), false), now);
}
