/* dueday holidays: list a division's bank holidays in text, CSV, JSON or
 * iCalendar, and "holidays check" to compare the data with a GOV.UK file. */
#include "cli.h"
#include "commands.h"

#include "output/schedule_json.h"

#include <jansson.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char holidays_usage[] =
    "usage: dueday holidays [--division D] [--from YEAR] [--to YEAR]\n"
    "                       [--format text|csv|json|ics]\n"
    "       dueday holidays check FILE.ics [--division D] [--json]\n"
    "\n"
    "Lists bank holidays as GOV.UK does: a holiday that falls at a weekend\n"
    "is listed on its substitute weekday. Years after the last one GOV.UK\n"
    "has published are computed from the rules and marked provisional;\n"
    "years whose sources disagree are marked uncertain.\n"
    "\n"
    "  --division D   england-and-wales (default), scotland,\n"
    "                 northern-ireland, all (the three, one after the\n"
    "                 other), or united-kingdom (a bank holiday in any)\n"
    "  --from YEAR    first year (default: this year)\n"
    "  --to YEAR      last year (default: --from's year; with neither,\n"
    "                 next year)\n"
    "  --format F     text (default), csv (division,date,title), json, ics\n"
    "  --json         the same as --format json\n"
    "\n"
    "check compares dueday's holidays, for the years FILE.ics covers, with\n"
    "the file (GOV.UK publishes one per division), prints every date found\n"
    "in only one of them, and exits 1 if there is any. Run it after a\n"
    "proclamation is added to the data.\n"
    "\n"
    "Holiday data: --holidays-dir DIR or $DUEDAY_HOLIDAYS_DIR (a directory\n"
    "of <division>.conf files), else the installed data, else the copy\n"
    "built into dueday.\n"
    "\n"
    "Exit: 0 success or no differences, 1 differences found, 2 bad input.\n";

enum format { FMT_TEXT, FMT_CSV, FMT_JSON, FMT_ICS };

/* One listed row: the holiday and the division it belongs to. */
struct row {
  const char *division;
  dd_holiday hol;
  char label[512];
};

static json_t *event_json(const struct row *r) {
  char buf[DD_DATE_BUFSIZE];
  return json_pack("{s:s, s:s, s:s, s:b, s:b}", "title", r->hol.title, "date",
                   dd_date_format(r->hol.date, buf), "notes",
                   r->hol.substitute ? "Substitute day" : "", "provisional",
                   r->hol.provisional, "uncertain", r->hol.uncertain);
}

/* Collects the rows of one division between from and to. The union
 * calendar has no holiday set of its own, so its rows come from its
 * calendar's reasons. */
static size_t collect(const cli_common *common, const char *division,
                      dd_date from, dd_date to, struct row **rows,
                      int *confirmed_to, bool *ok) {
  cli_calendar c;
  *rows = NULL;
  *ok = cli_calendar_open(common, division, &c);
  if (!*ok)
    return 0;
  size_t n = 0, cap = (size_t)(to - from) / 20 + 16;
  *rows = malloc(cap * sizeof **rows);
  *confirmed_to = dd_holidays_confirmed_to(c.sets[0]);
  for (dd_date d = from; d <= to && *rows != NULL; d++) {
    dd_reason why;
    if (dd_calendar_is_working(c.cal, d, &why) || why.kind != DD_REASON_HOLIDAY)
      continue;
    if (n == cap) {
      struct row *more = realloc(*rows, 2 * cap * sizeof **rows);
      if (more == NULL)
        break;
      *rows = more;
      cap *= 2;
    }
    struct row *r = &(*rows)[n++];
    r->division = division;
    r->hol = *why.holiday;
    int y;
    dd_date_to_ymd(d, &y, NULL, NULL);
    for (size_t i = 0; i < c.nsets; i++) {
      if (dd_holidays_confirmed_to(c.sets[i]) < *confirmed_to)
        *confirmed_to = dd_holidays_confirmed_to(c.sets[i]);
      r->hol.provisional |= y > dd_holidays_confirmed_to(c.sets[i]);
      r->hol.uncertain |= dd_holidays_uncertainty(c.sets[i], y) != NULL;
    }
    snprintf(r->label, sizeof r->label, "%s", why.text);
    r->hol.title = r->label; /* the calendar is closed below */
    if (c.nsets == 1)
      /* GOV.UK's title without our "(substitute day)" suffix. */
      snprintf(r->label, sizeof r->label, "%s", why.holiday->title);
    else
      /* The union's text already says "(substitute day)" where it is one. */
      r->hol.substitute = false;
  }
  cli_calendar_close(&c);
  if (*rows == NULL) {
    cli_error("out of memory");
    *ok = false;
  }
  return n;
}

static void print_notes(const cli_common *common, const char *division, int y0,
                        int y1) {
  for (const char *const *d = dd_divisions; *d; d++) {
    if (strcmp(division, DD_DIVISION_UK) != 0 && strcmp(division, *d) != 0)
      continue;
    dd_holidays *h;
    if (!cli_holidays_open(common, *d, &h))
      return;
    if (y1 > dd_holidays_confirmed_to(h))
      printf("provisional: %s after %d is computed from the rules; GOV.UK has "
             "not published it yet.\n",
             *d, dd_holidays_confirmed_to(h));
    for (int y = y0; y <= y1; y++) {
      const char *note = dd_holidays_uncertainty(h, y);
      if (note != NULL)
        printf("uncertain: %s %d: %s\n", *d, y, note);
    }
    dd_holidays_free(h);
  }
}

static bool parse_year(const char *what, const char *text, int *out) {
  if (strlen(text) != 4) {
    cli_error("holidays: %s: \"%s\" is not a year (YYYY)", what, text);
    return false;
  }
  return cli_int(what, text, DD_YEAR_MIN, DD_YEAR_MAX, out);
}

static int list_holidays(const cli_common *common, const char *from_arg,
                         const char *to_arg, const char *format_arg) {
  enum format fmt = common->json ? FMT_JSON : FMT_TEXT;
  if (format_arg != NULL) {
    static const char *const names[] = {"text", "csv", "json", "ics"};
    size_t i = 0;
    while (i < 4 && strcmp(format_arg, names[i]) != 0)
      i++;
    if (i == 4) {
      cli_error("holidays: unknown format \"%s\" (use text, csv, json or ics)",
                format_arg);
      return EXIT_BAD_INPUT;
    }
    fmt = (enum format)i;
  }
  int y0, y1;
  dd_date today;
  if (from_arg == NULL && to_arg == NULL) {
    if (!cli_today(&today))
      return EXIT_BAD_INPUT;
    dd_date_to_ymd(today, &y0, NULL, NULL);
    y1 = y0 < DD_YEAR_MAX ? y0 + 1 : y0;
  } else {
    if ((from_arg && !parse_year("--from", from_arg, &y0)) ||
        (to_arg && !parse_year("--to", to_arg, &y1)))
      return EXIT_BAD_INPUT;
    if (from_arg == NULL)
      y0 = y1;
    if (to_arg == NULL)
      y1 = y0;
    if (y1 < y0) {
      cli_error("holidays: --to %d is before --from %d", y1, y0);
      return EXIT_BAD_INPUT;
    }
  }
  const char *division = common->division;
  const char *const *list = dd_divisions;
  const char *single[] = {division, NULL};
  if (strcmp(division, "all") != 0) {
    if (!dd_division_known(division)) {
      cli_error("unknown division \"%s\" (use england-and-wales, scotland, "
                "northern-ireland, united-kingdom or all)",
                division);
      return EXIT_BAD_INPUT;
    }
    list = single;
  }
  dd_date from, to;
  dd_date_from_ymd(y0, 1, 1, &from);
  dd_date_from_ymd(y1, 12, 31, &to);

  json_t *json = fmt == FMT_JSON ? json_object() : NULL;
  if (fmt == FMT_CSV)
    printf("division,date,title\n");
  for (const char *const *d = list; *d; d++) {
    struct row *rows;
    int confirmed_to;
    bool ok;
    size_t n = collect(common, *d, from, to, &rows, &confirmed_to, &ok);
    if (!ok) {
      json_decref(json);
      return EXIT_BAD_INPUT;
    }
    char buf[DD_DATE_BUFSIZE], label[600];
    if (fmt == FMT_TEXT) {
      printf("%s%s bank holidays, %d%s", d == list ? "" : "\n", *d, y0,
             y1 > y0 ? "" : "\n");
      if (y1 > y0)
        printf(" to %d\n", y1);
      for (size_t i = 0; i < n; i++) {
        const dd_holiday *h = &rows[i].hol;
        printf("%s %s  %s%s%s\n", dd_weekday_abbrev(dd_date_weekday(h->date)),
               dd_date_format(h->date, buf),
               dd_holiday_label(h, label, sizeof label),
               h->provisional ? "  [provisional]" : "",
               h->uncertain ? "  [uncertain]" : "");
      }
      print_notes(common, *d, y0, y1);
    } else if (fmt == FMT_CSV) {
      for (size_t i = 0; i < n; i++) {
        printf("%s,%s,", *d, dd_date_format(rows[i].hol.date, buf));
        cli_csv_field(stdout,
                      dd_holiday_label(&rows[i].hol, label, sizeof label));
        putchar('\n');
      }
    } else if (fmt == FMT_JSON) {
      json_t *events = json_array();
      for (size_t i = 0; i < n; i++)
        json_array_append_new(events, event_json(&rows[i]));
      json_object_set_new(json, *d,
                          json_pack("{s:s, s:i, s:o}", "division", *d,
                                    "confirmed_to", confirmed_to, "events",
                                    events));
    } else {
      dd_holiday *hols = malloc((n ? n : 1) * sizeof *hols);
      for (size_t i = 0; hols && i < n; i++)
        hols[i] = rows[i].hol;
      char calname[128];
      snprintf(calname, sizeof calname, "UK bank holidays: %s", *d);
      dd_diag diag;
      time_t stamp = time(NULL);
      /* A pinned today pins DTSTAMP too, so tests can compare output. */
      if (getenv("DUEDAY_TODAY") != NULL && cli_today(&today))
        stamp = (time_t)today * 86400;
      int err = hols ? dd_ics_write_holidays(stdout, calname, *d, hols, n,
                                             stamp, &diag)
                     : DD_ENOMEM;
      free(hols);
      if (err != DD_OK) {
        free(rows);
        cli_error("holidays: %s",
                  err == DD_ENOMEM ? "out of memory" : diag.message);
        return EXIT_BAD_INPUT;
      }
    }
    free(rows);
  }
  if (json != NULL)
    return cli_print_json(json);
  return fflush(stdout) == 0 ? EXIT_YES : EXIT_BAD_INPUT;
}

/* ---- check ------------------------------------------------------------------
 */

struct check_report {
  bool json;
  json_t *diffs;
  const char *file;
};

static void report_diff(const dd_holiday_diff *d, void *arg) {
  struct check_report *r = arg;
  char buf[DD_DATE_BUFSIZE];
  dd_date_format(d->date, buf);
  if (r->json) {
    json_array_append_new(
        r->diffs,
        json_pack("{s:s, s:s, s:o?, s:s?}", "date", buf, "only_in",
                  d->published_title ? "file" : "dueday", "published_title",
                  /* The file's text, in whatever encoding it came: mended
                   * rather than the difference dropped. */
                  d->published_title ? dd__json_text(d->published_title) : NULL,
                  "dueday_title", d->dueday_title));
    return;
  }
  if (d->published_title != NULL)
    printf("%s %s  only in %s: %s\n",
           dd_weekday_abbrev(dd_date_weekday(d->date)), buf, r->file,
           d->published_title);
  else
    printf("%s %s  only in dueday: %s\n",
           dd_weekday_abbrev(dd_date_weekday(d->date)), buf, d->dueday_title);
}

static int check_holidays(const cli_common *common, const char *file) {
  const char *division = common->division;
  if (strcmp(division, "all") == 0 || strcmp(division, DD_DIVISION_UK) == 0) {
    cli_error("holidays check: compare one division at a time (GOV.UK "
              "publishes one file per division)");
    return EXIT_BAD_INPUT;
  }
  dd_holidays *h;
  if (!cli_holidays_open(common, division, &h))
    return EXIT_BAD_INPUT;
  dd_holiday_list list;
  dd_diag diag;
  if (dd_ics_read_holidays(file, &list, &diag) != DD_OK) {
    cli_error("holidays check: %s", diag.message);
    dd_holidays_free(h);
    return EXIT_BAD_INPUT;
  }
  int y0 = 9999, y1 = 0;
  for (size_t i = 0; i < list.n; i++) {
    int y;
    dd_date_to_ymd(list.items[i].date, &y, NULL, NULL);
    y0 = y < y0 ? y : y0;
    y1 = y > y1 ? y : y1;
  }
  struct check_report r = {.json = common->json, .file = file};
  if (r.json)
    r.diffs = json_array();
  size_t diffs = dd_holidays_compare(h, list.items, list.n, report_diff, &r);
  int rc = diffs == 0 ? EXIT_YES : EXIT_NO;
  if (diffs == (size_t)-1) {
    cli_error("out of memory");
    rc = EXIT_BAD_INPUT;
  } else if (r.json) {
    if (cli_print_json(json_pack("{s:s, s:s, s:i, s:i, s:i, s:o}", "file", file,
                                 "division", division, "from", y0, "to", y1,
                                 "published", (int)list.n, "differences",
                                 r.diffs)) != EXIT_YES)
      rc = EXIT_BAD_INPUT;
    r.diffs = NULL;
  } else if (diffs == 0) {
    printf("%s matches dueday's %s bank holidays for %d to %d (%zu dates).\n",
           file, division, y0, y1, list.n);
  } else {
    printf("%s: %zu difference%s from dueday's %s bank holidays for %d to "
           "%d.\n",
           file, diffs, diffs == 1 ? "" : "s", division, y0, y1);
  }
  json_decref(r.diffs);
  dd_holiday_list_clear(&list);
  dd_holidays_free(h);
  return rc;
}

int cmd_holidays(int argc, char **argv) {
  const char *from = NULL, *to = NULL, *format = NULL;
  const cli_option options[] = {{"from", &from, NULL},
                                {"to", &to, NULL},
                                {"format", &format, NULL},
                                {NULL, NULL, NULL}};
  const cli_spec spec = {
      .usage = holidays_usage, .options = options, .max_pos = 2};
  cli_ctx x;
  int rc = cli_command_begin(argc, argv, &spec, &x);
  if (rc != CLI_RUN)
    return rc;
  if (x.npos > 0 && strcmp(x.pos[0], "check") == 0) {
    if (x.npos != 2 || from || to || format) {
      cli_error("holidays check: expected one FILE.ics, and no --from, --to "
                "or --format (see dueday holidays --help)");
      return EXIT_BAD_INPUT;
    }
    return check_holidays(&x.common, x.pos[1]);
  }
  if (x.npos != 0) {
    cli_error("holidays: unexpected argument \"%s\" (see dueday holidays "
              "--help)",
              x.pos[0]);
    return EXIT_BAD_INPUT;
  }
  return list_holidays(&x.common, from, to, format);
}
