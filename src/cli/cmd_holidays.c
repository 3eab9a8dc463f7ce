/* dueday holidays: list a division's bank holidays in text, CSV, JSON or
 * iCalendar, and "holidays check" to compare the data with a GOV.UK file. */
#include "cli.h"
#include "commands.h"

#include "output/schedule_json.h"

#include <jansson.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char holidays_usage[] =
    "usage: dueday holidays [--division D] [--from YEAR] [--to YEAR]\n"
    "                       [--format text|csv|json|ics]\n"
    "       dueday holidays check FILE.ics [--division D] [--json]\n"
    "       dueday holidays check bank-holidays.json [--json]\n"
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
    "check compares dueday's holidays, for the years the file covers, with\n"
    "a file GOV.UK publishes: one division's .ics (--division says which),\n"
    "or bank-holidays.json (https://www.gov.uk/bank-holidays.json), which\n"
    "has all three divisions and is checked whole. The format is told by\n"
    "the content. It prints every date found in only one of them and, for\n"
    "each date only in the file, the line to add to <division>.conf (under\n"
    "one_offs, or under moves when the file has a holiday of that year on\n"
    "another day), and exits 1 if there is any difference. Run it after a\n"
    "bank holiday is proclaimed, and again after adding the lines.\n"
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

/* One difference, kept past dd_holidays_compare's callback so that a date
 * only in the file can be paired with one only in dueday (a moved day),
 * with the data line that would make dueday agree. */
struct diff {
  dd_date date;
  char *published_title; /* NULL when only dueday has the date */
  char *dueday_title;    /* NULL when only the file has it */
  const char *section;   /* "one_offs" or "moves" for a line to add; NULL */
  char line[1200];
};

struct diffs {
  struct diff *items;
  size_t n, cap;
  bool nomem;
};

static char *copy_text(const char *s) {
  if (s == NULL)
    return NULL;
  size_t n = strlen(s) + 1;
  char *c = malloc(n);
  return c != NULL ? memcpy(c, s, n) : NULL;
}

static void keep_diff(const dd_holiday_diff *d, void *arg) {
  struct diffs *ds = arg;
  if (ds->nomem)
    return;
  if (ds->n == ds->cap) {
    size_t cap = ds->cap ? 2 * ds->cap : 32;
    struct diff *more = realloc(ds->items, cap * sizeof *more);
    if (more == NULL) {
      ds->nomem = true;
      return;
    }
    ds->items = more;
    ds->cap = cap;
  }
  struct diff *k = &ds->items[ds->n++];
  memset(k, 0, sizeof *k);
  k->date = d->date;
  k->published_title = copy_text(d->published_title);
  k->dueday_title = copy_text(d->dueday_title);
  if ((d->published_title && !k->published_title) ||
      (d->dueday_title && !k->dueday_title))
    ds->nomem = true;
}

static void diffs_clear(struct diffs *ds) {
  for (size_t i = 0; i < ds->n; i++) {
    free(ds->items[i].published_title);
    free(ds->items[i].dueday_title);
  }
  free(ds->items);
  memset(ds, 0, sizeof *ds);
}

/* text as a libconfig string literal, quotes included: '"' and '\' are
 * escaped, control characters dropped (a title never has any). */
static const char *conf_string(const char *text, char *buf, size_t size) {
  size_t o = 0;
  buf[o++] = '"';
  for (const char *p = text; *p && o + 4 < size; p++) {
    if ((unsigned char)*p < 0x20)
      continue;
    if (*p == '"' || *p == '\\')
      buf[o++] = '\\';
    buf[o++] = *p;
  }
  buf[o++] = '"';
  buf[o] = '\0';
  return buf;
}

/* Whether GOV.UK's title published names the holiday dueday's rule titled
 * rule makes: the same title, or it with a note in brackets ("Early May
 * bank holiday (VE day)"), as the data's moves are titled. */
static bool same_holiday(const char *rule, const char *published) {
  size_t n = strlen(rule);
  return strncmp(rule, published, n) == 0 &&
         (published[n] == '\0' || strncmp(published + n, " (", 2) == 0);
}

static int year_of(dd_date d) {
  int y;
  dd_date_to_ymd(d, &y, NULL, NULL);
  return y;
}

/* The data line for each date only in the file: a "moves" entry when
 * dueday has the same holiday on another day of that year (a day moved by
 * proclamation, as the 2022 Spring bank holiday was), else a "one_offs"
 * entry (a new proclamation, such as the 2022 State Funeral). The format
 * is that of holidays/<division>.conf. */
static void suggest_lines(struct diffs *ds) {
  for (size_t i = 0; i < ds->n; i++) {
    struct diff *p = &ds->items[i];
    if (p->published_title == NULL)
      continue;
    const struct diff *from = NULL;
    for (size_t j = 0; j < ds->n && from == NULL; j++) {
      const struct diff *q = &ds->items[j];
      if (q->dueday_title != NULL && year_of(q->date) == year_of(p->date) &&
          same_holiday(q->dueday_title, p->published_title))
        from = q;
    }
    char date[DD_DATE_BUFSIZE], title[520], rule[520];
    dd_date_format(p->date, date);
    conf_string(p->published_title, title, sizeof title);
    if (from != NULL) {
      p->section = "moves";
      conf_string(from->dueday_title, rule, sizeof rule);
      if (strcmp(from->dueday_title, p->published_title) == 0)
        snprintf(p->line, sizeof p->line, "{ rule = %s; to = \"%s\"; },", rule,
                 date);
      else
        snprintf(p->line, sizeof p->line,
                 "{ rule = %s; to = \"%s\"; title = %s; },", rule, date, title);
    } else {
      p->section = "one_offs";
      snprintf(p->line, sizeof p->line, "{ date = \"%s\"; title = %s; },", date,
               title);
    }
  }
}

/* One division compared: its differences, and the years compared. */
struct compared {
  const char *division;
  const dd_holiday_list *list;
  struct diffs diffs;
  int from, to;
};

static void print_compared(const struct compared *c, const char *file,
                           bool prefix) {
  for (size_t i = 0; i < c->diffs.n; i++) {
    const struct diff *d = &c->diffs.items[i];
    char buf[DD_DATE_BUFSIZE];
    printf("%s%s%s %s  only in %s: %s\n", prefix ? c->division : "",
           prefix ? ": " : "", dd_weekday_abbrev(dd_date_weekday(d->date)),
           dd_date_format(d->date, buf), d->published_title ? file : "dueday",
           d->published_title ? d->published_title : d->dueday_title);
  }
  static const char *const sections[] = {"one_offs", "moves"};
  for (size_t s = 0; s < 2; s++) {
    bool header = false;
    for (size_t i = 0; i < c->diffs.n; i++) {
      const struct diff *d = &c->diffs.items[i];
      if (d->section == NULL || strcmp(d->section, sections[s]) != 0)
        continue;
      if (!header)
        printf("add to %s.conf in %s = (\n", c->division, sections[s]);
      header = true;
      printf("  %s\n", d->line);
    }
  }
}

static json_t *compared_json(const struct compared *c) {
  json_t *diffs = json_array();
  char conf[64];
  snprintf(conf, sizeof conf, "%s.conf", c->division);
  for (size_t i = 0; i < c->diffs.n; i++) {
    const struct diff *d = &c->diffs.items[i];
    char buf[DD_DATE_BUFSIZE];
    json_array_append_new(
        diffs,
        json_pack("{s:s, s:s, s:o?, s:s?, s:o?}", "date",
                  dd_date_format(d->date, buf), "only_in",
                  d->published_title ? "file" : "dueday", "published_title",
                  /* The file's text, in whatever encoding it came: mended
                   * rather than the difference dropped. */
                  d->published_title ? dd__json_text(d->published_title) : NULL,
                  "dueday_title", d->dueday_title, "add",
                  d->section
                      ? json_pack("{s:s, s:s, s:o}", "file", conf, "section",
                                  d->section, "line", dd__json_text(d->line))
                      : NULL));
  }
  return diffs;
}

/* Compares division's data with list into c. Prints the error and returns
 * false on failure. */
static bool compare_division(const cli_common *common, const char *division,
                             const dd_holiday_list *list, struct compared *c) {
  memset(c, 0, sizeof *c);
  c->division = division;
  c->list = list;
  c->from = 9999;
  for (size_t i = 0; i < list->n; i++) {
    int y = year_of(list->items[i].date);
    c->from = y < c->from ? y : c->from;
    c->to = y > c->to ? y : c->to;
  }
  dd_holidays *h;
  if (!cli_holidays_open(common, division, &h))
    return false;
  size_t n = dd_holidays_compare(h, list->items, list->n, keep_diff, &c->diffs);
  dd_holidays_free(h);
  if (n == (size_t)-1 || c->diffs.nomem) {
    cli_error("out of memory");
    return false;
  }
  suggest_lines(&c->diffs);
  return true;
}

/* ---- GOV.UK's bank-holidays.json -------------------------------------------
 */

/* Whether file is JSON (its first character, after any byte-order mark and
 * white space, is "{" or "[") rather than iCalendar. Prints the error and
 * returns false when it cannot be read. */
static bool sniff_json(const char *file, bool *json) {
  FILE *f = fopen(file, "rb");
  if (f == NULL) {
    cli_error("holidays check: %s: %s", file, strerror(errno));
    return false;
  }
  int c;
  while ((c = getc(f)) != EOF &&
         (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xEF ||
          c == 0xBB || c == 0xBF))
    ;
  fclose(f);
  *json = c == '{' || c == '[';
  return true;
}

/* Reads one division's "events" of GOV.UK's bank-holidays.json into out:
 * each {"title", "date", "notes", "bunting"}, "notes" "Substitute day"
 * marking a substitute. Prints the error (file, division, event number,
 * value) and returns false for anything else. */
static bool read_events(const char *file, const char *division,
                        const json_t *obj, dd_holiday_list *out) {
  const json_t *events = json_object_get(obj, "events");
  if (!json_is_object(obj) || !json_is_array(events)) {
    cli_error("holidays check: %s: %s: no \"events\" array (not GOV.UK's "
              "bank-holidays.json)",
              file, division);
    return false;
  }
  size_t n = json_array_size(events);
  out->items = calloc(n ? n : 1, sizeof *out->items);
  if (out->items == NULL) {
    cli_error("out of memory");
    return false;
  }
  for (size_t i = 0; i < n; i++) {
    const json_t *ev = json_array_get(events, i);
    const char *date = json_string_value(json_object_get(ev, "date"));
    const char *title = json_string_value(json_object_get(ev, "title"));
    const char *notes = json_string_value(json_object_get(ev, "notes"));
    const char *why = "missing";
    dd_holiday *h = &out->items[out->n];
    if (date == NULL) {
      cli_error("holidays check: %s: %s event %zu: no \"date\" (a string, "
                "YYYY-MM-DD)",
                file, division, i + 1);
      return false;
    }
    if (dd_date_parse(date, &h->date, &why) != DD_OK) {
      cli_error("holidays check: %s: %s event %zu: \"date\" \"%s\": %s", file,
                division, i + 1, date, why);
      return false;
    }
    if (title == NULL || title[0] == '\0') {
      cli_error("holidays check: %s: %s event %zu (%s): no \"title\"", file,
                division, i + 1, date);
      return false;
    }
    if ((h->title = copy_text(title)) == NULL) {
      cli_error("out of memory");
      return false;
    }
    h->substitute = notes != NULL && strcmp(notes, "Substitute day") == 0;
    out->n++;
  }
  return true;
}

/* Reads GOV.UK's bank-holidays.json into lists, one per dd_divisions
 * entry (empty for a division the file does not have). Prints the error
 * and returns false when the file is not that. */
static bool read_govuk_json(const char *file, dd_holiday_list lists[]) {
  json_error_t jerr;
  json_t *root = json_load_file(file, 0, &jerr);
  if (root == NULL) {
    cli_error("holidays check: %s:%d:%d: %s", file, jerr.line, jerr.column,
              jerr.text);
    return false;
  }
  bool ok = json_is_object(root) && json_object_size(root) > 0;
  if (!ok)
    cli_error("holidays check: %s: not GOV.UK's bank-holidays.json (an "
              "object of divisions)",
              file);
  const char *key;
  json_t *value;
  json_object_foreach(root, key, value) {
    size_t d = 0;
    while (dd_divisions[d] != NULL && strcmp(dd_divisions[d], key) != 0)
      d++;
    if (!ok)
      break;
    if (dd_divisions[d] == NULL) {
      cli_error("holidays check: %s: unknown division \"%s\" (GOV.UK's are "
                "england-and-wales, scotland and northern-ireland)",
                file, key);
      ok = false;
    } else {
      ok = read_events(file, key, value, &lists[d]);
    }
  }
  json_decref(root);
  return ok;
}

/* ---- the command ------------------------------------------------------------
 */

static int check_holidays(const cli_common *common, const char *file) {
  bool json_file;
  if (!sniff_json(file, &json_file))
    return EXIT_BAD_INPUT;
  enum { NDIV = 3 };
  dd_holiday_list lists[NDIV] = {{0}};
  struct compared cs[NDIV];
  size_t nc = 0;
  int rc = EXIT_BAD_INPUT;
  if (json_file) {
    /* GOV.UK's JSON has every division: all are checked at once. */
    if (!read_govuk_json(file, lists))
      goto done;
    for (size_t d = 0; d < NDIV && dd_divisions[d] != NULL; d++)
      if (lists[d].n > 0 &&
          !compare_division(common, dd_divisions[d], &lists[d], &cs[nc++]))
        goto done;
  } else {
    const char *division = common->division;
    if (strcmp(division, "all") == 0 || strcmp(division, DD_DIVISION_UK) == 0) {
      cli_error("holidays check: compare one division at a time (GOV.UK "
                "publishes one .ics file per division; its bank-holidays.json "
                "has all three)");
      return EXIT_BAD_INPUT;
    }
    dd_diag diag;
    if (dd_ics_read_holidays(file, &lists[0], &diag) != DD_OK) {
      cli_error("holidays check: %s", diag.message);
      return EXIT_BAD_INPUT;
    }
    if (!compare_division(common, division, &lists[0], &cs[nc++]))
      goto done;
  }
  size_t total = 0;
  for (size_t i = 0; i < nc; i++)
    total += cs[i].diffs.n;
  rc = total == 0 ? EXIT_YES : EXIT_NO;
  if (common->json) {
    json_t *out;
    if (json_file) {
      json_t *divs = json_array();
      for (size_t i = 0; i < nc; i++)
        json_array_append_new(
            divs, json_pack("{s:s, s:i, s:i, s:i, s:o}", "division",
                            cs[i].division, "from", cs[i].from, "to", cs[i].to,
                            "published", (int)cs[i].list->n, "differences",
                            compared_json(&cs[i])));
      out = json_pack("{s:s, s:s, s:o}", "file", file, "format",
                      "bank-holidays.json", "divisions", divs);
    } else {
      out = json_pack("{s:s, s:s, s:i, s:i, s:i, s:o}", "file", file,
                      "division", cs[0].division, "from", cs[0].from, "to",
                      cs[0].to, "published", (int)cs[0].list->n, "differences",
                      compared_json(&cs[0]));
    }
    if (cli_print_json(out) != EXIT_YES)
      rc = EXIT_BAD_INPUT;
    goto done;
  }
  for (size_t i = 0; i < nc; i++) {
    const struct compared *c = &cs[i];
    print_compared(c, file, json_file);
    if (c->diffs.n == 0)
      printf("%s matches dueday's %s bank holidays for %d to %d (%zu "
             "dates).\n",
             file, c->division, c->from, c->to, c->list->n);
    else
      printf("%s: %zu difference%s from dueday's %s bank holidays for %d to "
             "%d.\n",
             file, c->diffs.n, c->diffs.n == 1 ? "" : "s", c->division, c->from,
             c->to);
  }
  if (fflush(stdout) != 0)
    rc = EXIT_BAD_INPUT;
done:
  for (size_t i = 0; i < nc; i++)
    diffs_clear(&cs[i].diffs);
  for (size_t d = 0; d < NDIV; d++)
    dd_holiday_list_clear(&lists[d]);
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
      cli_error("holidays check: expected one FILE (.ics or "
                "bank-holidays.json), and no --from, --to or --format (see "
                "dueday holidays --help)");
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
