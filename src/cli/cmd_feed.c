/* dueday feed: writes the iCalendar feed of a scope of the register (all,
 * a region, an inspector, a RIM, one visit) or a division's bank holidays.
 * Writing a feed records what it published, so that the next one raises
 * SEQUENCE for what moved: the register is written in one transaction. */
#include "cli.h"
#include "commands.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
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

int cmd_feed(int argc, char **argv) {
  const char *region = NULL, *inspector = NULL, *rim = NULL, *visit = NULL,
             *holidays = NULL, *output = NULL;
  const cli_option options[] = {{"region", &region, NULL},
                                {"inspector", &inspector, NULL},
                                {"rim", &rim, NULL},
                                {"visit", &visit, NULL},
                                {"holidays", &holidays, NULL},
                                {"output", &output, NULL},
                                {NULL, NULL, NULL}};
  const cli_spec spec = {.usage = feed_usage, .options = options};
  cli_ctx x;
  int rc = cli_command_begin(argc, argv, &spec, &x);
  if (rc != CLI_RUN)
    return rc;
  if ((region != NULL) + (inspector != NULL) + (rim != NULL) + (visit != NULL) +
          (holidays != NULL) >
      1) {
    cli_error("feed: give one scope: --region, --inspector, --rim, --visit "
              "or --holidays");
    return EXIT_BAD_INPUT;
  }
  dd_date today;
  if (!cli_today(&today))
    return EXIT_BAD_INPUT;
  dd_scope_kind kind = region      ? DD_SCOPE_REGION
                       : inspector ? DD_SCOPE_INSPECTOR
                       : rim       ? DD_SCOPE_RIM
                       : visit     ? DD_SCOPE_VISIT
                       : holidays  ? DD_SCOPE_HOLIDAYS
                                   : DD_SCOPE_ALL;
  const char *value = region      ? region
                      : inspector ? inspector
                      : rim       ? rim
                      : visit     ? visit
                      : holidays  ? holidays
                                  : "";
  if (kind == DD_SCOPE_HOLIDAYS && !dd_division_known(holidays)) {
    cli_error("feed: unknown division \"%s\"", holidays);
    return EXIT_BAD_INPUT;
  }
  char name[256];
  if (kind == DD_SCOPE_HOLIDAYS)
    snprintf(name, sizeof name, "UK bank holidays: %s", value);
  else
    snprintf(name, sizeof name, "dueday: %s%s",
             kind == DD_SCOPE_ALL ? "all visits" : value,
             kind == DD_SCOPE_RIM ? " (RIM)" : "");
  /* The feed state is written when it can be; a read-only register gives
   * the same feed (see dd_feed_build). */
  if (!cli_register_open(
          &x, (kind != DD_SCOPE_HOLIDAYS ? CLI_STORE | CLI_WRITE_IF_CAN : 0) |
                  CLI_PLANNER)) {
    cli_command_end(&x);
    return EXIT_BAD_INPUT;
  }
  char *text;
  size_t len, n;
  dd_diag diag = {""};
  /* The register records what was published before the file is written: a
   * failed write then costs at most a SEQUENCE number, never a lost update. */
  rc = EXIT_BAD_INPUT;
  time_t dtstamp = dd_feed_dtstamp(today, getenv("DUEDAY_TODAY") != NULL);
  if (dd_feed_build(x.st, x.planner, kind, value, name, today, dtstamp, &text,
                    &len, &n, &diag) != DD_OK)
    cli_error("feed: %s", diag.message);
  else if (write_file(output, text, len))
    rc = EXIT_YES;
  if (text != NULL && diag.message[0] != '\0')
    cli_error("feed: warning: %s", diag.message);
  free(text); /* NULL after a failure */
  cli_command_end(&x);
  return rc;
}
