/* dueday feed: writes the iCalendar feed of a scope of the register (all,
 * a region, an inspector, a RIM, one visit) or a division's bank holidays.
 * Writing a feed records what it published, so that the next one raises
 * SEQUENCE for what moved: the register is written in one transaction. */
#include "cli.h"
#include "commands.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char feed_usage[] =
    "usage: dueday feed [--region R | --inspector E | --rim E | --visit V]\n"
    "                   [--horizon DAYS] [-o FILE]\n"
    "       dueday feed --holidays DIVISION [-o FILE]\n"
    "\n"
    "The iCalendar feed of the register's milestones (all of them, or one\n"
    "region's, inspector's, RIM's or visit's): one event per milestone,\n"
    "all-day deadlines as dates, timed ones in Europe/London a minute long\n"
    "(DURATION:PT1M, not an hour), windows as multi-day events, with a UID\n"
    "stable across regenerations. Titles say \"Overdue: \", \"Done: \" or\n"
    "\"Cancelled: \" first. A milestone whose dates changed since the last\n"
    "feed gets the next SEQUENCE; one of a cancelled visit, or that no\n"
    "longer applies, is published cancelled. A RIM's feed holds the visits\n"
    "whose reminders go to that RIM: their own, or their region's\n"
    "configured RIM. The region, inspector, RIM or visit must be one the\n"
    "register (or the configuration's regions) knows. --holidays writes a\n"
    "division's bank holidays from last year to two years ahead instead.\n"
    "\n"
    "  --horizon DAYS     leave out events that ended more than DAYS days\n"
    "                     ago, and a cancelled visit's events DAYS days\n"
    "                     after it was cancelled (default: the\n"
    "                     configuration's feeds.horizon_days, 90)\n"
    "  -o, --output FILE  write FILE (replaced whole, mode 0640) instead of\n"
    "                     standard output; FILE must be a regular file or\n"
    "                     not exist yet\n"
    "\n"
    "Exit: 0 written, 2 bad input.\n";

/* Whether path may be written: absent, or a regular file. Renaming over
 * a directory, a FIFO, a device (/dev/null) or a symbolic link would
 * replace it with a file, or fail half way: refused before any work. */
static bool target_ok(const char *path) {
  struct stat sb;
  if (lstat(path, &sb) != 0)
    return errno == ENOENT
               ? true
               : (cli_error("feed: -o %s: %s", path, strerror(errno)), false);
  if (S_ISREG(sb.st_mode))
    return true;
  cli_error("feed: -o %s: not a regular file (%s); give a file's path", path,
            S_ISDIR(sb.st_mode)                          ? "a directory"
            : S_ISLNK(sb.st_mode)                        ? "a symbolic link"
            : S_ISFIFO(sb.st_mode)                       ? "a FIFO"
            : S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode) ? "a device"
                                                         : "not a file");
  return false;
}

/* Writes text to path whole: a temporary file in the same directory,
 * mode 0640 (the feed names visits and people: not for every user of the
 * machine), flushed to disk and renamed over it, so that a calendar server
 * reading the file never sees half a feed. */
static bool write_file(const char *path, const char *text, size_t len) {
  if (path == NULL) {
    /* A write that fails is reported once, as every command's is, when
     * main closes standard output. */
    fwrite(text, 1, len, stdout);
    return true;
  }
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
  int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  bool ok = fd >= 0 && fchmod(fd, 0640) == 0; /* whatever the umask */
  for (size_t done = 0; ok && done < len;) {
    ssize_t n = write(fd, text + done, len - done);
    if (n < 0 && errno == EINTR)
      continue;
    ok = n > 0;
    done += ok ? (size_t)n : 0;
  }
  ok = ok && fsync(fd) == 0;
  if (fd >= 0 && close(fd) != 0)
    ok = false;
  if (ok && rename(tmp, path) == 0)
    return true;
  cli_error("feed: cannot write %s: %s", path, strerror(errno));
  if (fd >= 0)
    remove(tmp);
  return false;
}

int cmd_feed(int argc, char **argv) {
  const char *region = NULL, *inspector = NULL, *rim = NULL, *visit = NULL,
             *holidays = NULL, *output = NULL, *horizon_text = NULL;
  const cli_option options[] = {{"region", &region, NULL},
                                {"inspector", &inspector, NULL},
                                {"rim", &rim, NULL},
                                {"visit", &visit, NULL},
                                {"holidays", &holidays, NULL},
                                {"output", &output, NULL},
                                {"horizon", &horizon_text, NULL},
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
  int horizon = dd_config_feed_horizon(cli_config());
  if (horizon_text != NULL && !cli_int("feed: --horizon", horizon_text, 1,
                                       DD_FEED_HORIZON_MAX, &horizon))
    return EXIT_BAD_INPUT;
  if (output != NULL && !target_ok(output))
    return EXIT_BAD_INPUT;
  char name[256];
  dd_feed_calname(kind, value, name, sizeof name);
  /* The feed state is written when it can be; a read-only register gives
   * the same feed (see dd_feed_build). */
  if (!cli_register_open(
          &x, (kind != DD_SCOPE_HOLIDAYS ? CLI_STORE | CLI_WRITE_IF_CAN : 0) |
                  CLI_PLANNER)) {
    cli_command_end(&x);
    return EXIT_BAD_INPUT;
  }
  char *text = NULL;
  size_t len, n;
  dd_diag diag = {""};
  /* An unknown region or address is a mistake, not an empty feed. */
  if (dd_scope_check(x.st, dd_config_reminders(cli_config()), kind, value,
                     &diag) != DD_OK) {
    cli_error("feed: %s", diag.message);
    cli_command_end(&x);
    return EXIT_BAD_INPUT;
  }
  /* The register records what was published before the file is written: a
   * failed write then costs at most a SEQUENCE number, never a lost update. */
  rc = EXIT_BAD_INPUT;
  time_t dtstamp = dd_feed_dtstamp(today, getenv("DUEDAY_TODAY") != NULL);
  if (dd_feed_build_within(x.st, x.planner, kind, value, name, today, dtstamp,
                           horizon, &text, &len, &n, &diag) != DD_OK)
    cli_error("feed: %s", diag.message);
  else if (write_file(output, text, len))
    rc = EXIT_YES;
  if (text != NULL && diag.message[0] != '\0')
    cli_error("feed: warning: %s", diag.message);
  free(text); /* NULL after a failure */
  cli_command_end(&x);
  return rc;
}
