/* dueday feed: writes the iCalendar feed of a scope of the register (all,
 * a region, an inspector, a RIM, one visit) or a division's bank holidays.
 * Writing a feed records what it published, so that the next one raises
 * SEQUENCE for what moved: the register is written in one transaction. */
#include "cli.h"
#include "commands.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char feed_usage[] =
    "usage: dueday feed [--region R | --inspector E | --rim E | --visit V]\n"
    "                   [-o FILE]\n"
    "       dueday feed --holidays DIVISION [-o FILE]\n"
    "\n"
    "The iCalendar feed of the register's milestones (all of them, or one\n"
    "region's, inspector's, RIM's or visit's): one event per milestone,\n"
    "all-day deadlines as dates, timed ones in Europe/London, windows as\n"
    "multi-day events, with a UID stable across regenerations. A milestone\n"
    "whose dates changed since the last feed gets the next SEQUENCE; one of\n"
    "a cancelled visit, or that no longer applies, is published cancelled.\n"
    "--holidays writes a division's bank holidays from last year to two\n"
    "years ahead instead.\n"
    "\n"
    "  -o, --output FILE  write FILE (replaced whole) instead of standard\n"
    "                     output\n"
    "\n"
    "Exit: 0 written, 2 bad input.\n";

struct scope {
  const char *inspector, *rim, *visit;
  dd_feed *feed;
  dd_store *st;
  dd_planner *planner;
  dd_date today;
  int err;
  dd_diag diag;
};

static int add_visit(const dd_visit *v, const dd_recorded *events, size_t n,
                     void *arg) {
  struct scope *sc = arg;
  if ((sc->inspector && strcmp(v->inspector, sc->inspector) != 0) ||
      (sc->rim && strcmp(v->rim, sc->rim) != 0) ||
      (sc->visit && strcmp(v->id, sc->visit) != 0))
    return 0;
  dd_schedule s;
  if (dd_planner_schedule(sc->planner, v, events, n, sc->today, &s,
                          &sc->diag) != DD_OK) {
    /* One visit the rules reject must not take the others' deadlines out
     * of everyone's calendar: say so and go on. */
    fprintf(stderr, "dueday: feed: visit %s: %s\n", v->id, sc->diag.message);
    return 0;
  }
  int err = dd_feed_add_visit(sc->feed, sc->st, v, &s, &sc->diag);
  dd_schedule_free(&s);
  return err;
}

/* Writes text to path whole: a temporary file renamed over it, so that a
 * calendar server reading the file never sees half a feed. */
static bool write_file(const char *path, const char *text, size_t len) {
  if (path == NULL) {
    return fwrite(text, 1, len, stdout) == len && fflush(stdout) == 0;
  }
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
  FILE *f = fopen(tmp, "wb");
  bool ok = f != NULL && fwrite(text, 1, len, f) == len;
  if (f != NULL && fclose(f) != 0)
    ok = false;
  if (ok && rename(tmp, path) == 0)
    return true;
  cli_error("feed: cannot write %s: %s", path, strerror(errno));
  remove(tmp);
  return false;
}

static time_t stamp(dd_date today) {
  /* A pinned today pins DTSTAMP, so that tests can compare feeds. */
  if (getenv("DUEDAY_TODAY") != NULL)
    return (time_t)today * 86400;
  return time(NULL);
}

static int holidays_feed(const cli_common *common, const char *division,
                         const char *output, dd_date today) {
  dd_holidays *h;
  if (!cli_holidays_open(common, division, &h))
    return EXIT_BAD_INPUT;
  int y;
  dd_date_to_ymd(today, &y, NULL, NULL);
  dd_date from, to;
  dd_date_from_ymd(y > DD_YEAR_MIN ? y - 1 : y, 1, 1, &from);
  dd_date_from_ymd(y + 2 <= DD_YEAR_MAX ? y + 2 : DD_YEAR_MAX, 12, 31, &to);
  const dd_holiday *first;
  size_t n = dd_holidays_between(h, from, to, &first);
  char name[128];
  snprintf(name, sizeof name, "UK bank holidays: %s", division);
  char *text = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&text, &len);
  dd_diag diag;
  int err = mem ? dd_ics_write_holidays(mem, name, division, first, n,
                                        stamp(today), &diag)
                : DD_ENOMEM;
  if (mem != NULL)
    fclose(mem);
  dd_holidays_free(h);
  int rc =
      err == DD_OK && write_file(output, text, len) ? EXIT_YES : EXIT_BAD_INPUT;
  if (err != DD_OK)
    cli_error("feed: %s", err == DD_ENOMEM ? "out of memory" : diag.message);
  free(text);
  return rc;
}

int cmd_feed(int argc, char **argv) {
  cli_common common = {0};
  const char *region = NULL, *inspector = NULL, *rim = NULL, *visit = NULL,
             *holidays = NULL, *output = NULL;
  const cli_option options[] = {{"region", &region, NULL},
                                {"inspector", &inspector, NULL},
                                {"rim", &rim, NULL},
                                {"visit", &visit, NULL},
                                {"holidays", &holidays, NULL},
                                {"output", &output, NULL},
                                {NULL, NULL, NULL}};
  const char *pos[1];
  int npos;
  if (!cli_parse(argc, argv, &common, options, pos, 0, &npos))
    return EXIT_BAD_INPUT;
  if (common.help) {
    fputs(feed_usage, stdout);
    return EXIT_YES;
  }
  if ((region != NULL) + (inspector != NULL) + (rim != NULL) + (visit != NULL) +
          (holidays != NULL) >
      1) {
    cli_error("feed: give one scope: --region, --inspector, --rim, --visit "
              "or --holidays");
    return EXIT_BAD_INPUT;
  }
  struct scope sc = {.inspector = inspector, .rim = rim, .visit = visit};
  if (!cli_today(&sc.today))
    return EXIT_BAD_INPUT;
  if (holidays != NULL)
    return holidays_feed(&common, holidays, output, sc.today);

  char name[256];
  snprintf(name, sizeof name, "dueday: %s%s",
           region      ? region
           : inspector ? inspector
           : rim       ? rim
           : visit     ? visit
                       : "all visits",
           rim ? " (RIM)" : "");
  if (!cli_store_open(&common, &sc.st))
    return EXIT_BAD_INPUT;
  int rc = EXIT_BAD_INPUT;
  bool began = false;
  if (!cli_planner_open(&common, &sc.planner)) {
    dd_store_close(sc.st);
    return EXIT_BAD_INPUT;
  }
  if (dd_feed_new(name, stamp(sc.today), &sc.feed, &sc.diag) == DD_OK &&
      dd_store_begin(sc.st, &sc.diag) == DD_OK) {
    began = true;
    int err = dd_store_visits_each(sc.st, region, add_visit, &sc, &sc.diag);
    if (err == DD_OK && visit != NULL && dd_feed_count(sc.feed) == 0) {
      dd_visit v;
      if (dd_store_visit_get(sc.st, visit, &v, NULL, NULL, &sc.diag) != DD_OK)
        err = DD_ENOTFOUND;
      else
        dd_visit_clear(&v);
    }
    size_t len = 0;
    char *text = err == DD_OK ? dd_feed_text(sc.feed, &len) : NULL;
    if (err == DD_OK && text == NULL)
      dd_diag_set(&sc.diag, err = DD_ENOMEM, "out of memory");
    if (err != DD_OK)
      cli_error("feed: %s", sc.diag.message);
    /* The register remembers what was published only once it was. */
    else if (write_file(output, text, len) &&
             dd_store_commit(sc.st, &sc.diag) == DD_OK) {
      began = false;
      rc = EXIT_YES;
    }
    free(text);
  } else {
    cli_error("feed: %s", sc.diag.message);
  }
  if (began)
    dd_store_rollback(sc.st);
  dd_feed_free(sc.feed);
  dd_planner_free(sc.planner);
  dd_store_close(sc.st);
  return rc;
}
