/* Shared plumbing of the dueday command: option parsing, error reporting,
 * loading calendars, and the exit codes every command uses. */
#ifndef DUEDAY_CLI_H
#define DUEDAY_CLI_H

#include "dueday/dueday.h"

#include <stdbool.h>
#include <stdio.h>

/* Exit codes: yes or success, no or differences found, bad input. */
enum { EXIT_YES = 0, EXIT_NO = 1, EXIT_BAD_INPUT = 2 };

/* Options every command understands. */
typedef struct cli_common {
  const char *division;     /* --division, else the configuration's */
  const char *config;       /* --config or $DUEDAY_CONFIG; NULL: built in */
  const char *today;        /* --today: pins today (else $DUEDAY_TODAY) */
  const char *db;           /* --db: the register (else $DUEDAY_DB, ...) */
  const char *holidays_dir; /* --holidays-dir or $DUEDAY_HOLIDAYS_DIR */
  bool json;                /* --json */
  bool help;                /* --help */
} cli_common;

/* One option a command accepts besides the common ones. */
typedef struct cli_option {
  const char *name;   /* without the leading "--" */
  const char **value; /* for an option with an argument, else NULL */
  bool *flag;         /* for a flag, else NULL */
} cli_option;

/* Parses argv[1..] (argv[0] is the command name) into common, the given
 * options and positional arguments (at most maxpos; "-5" is a positional
 * number, not an option), then reads the configuration file, if any, and
 * fills in the division from it. Prints the problem and returns false on
 * error. */
bool cli_parse(int argc, char **argv, cli_common *common,
               const cli_option *options, const char **pos, int maxpos,
               int *npos);

/* The configuration cli_parse loaded (the built-in one by default). */
const dd_config *cli_config(void);

/* Frees what cli_parse loaded; main calls it once the command is done. */
void cli_cleanup(void);

/* Prints "dueday: " and the message to standard error. */
void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Parses a date argument, printing a clear error naming it on failure. */
bool cli_date(const char *what, const char *text, dd_date *out);
/* Parses a whole int argument in [lo, hi]. */
bool cli_int(const char *what, const char *text, long lo, long hi, int *out);

/* Today: --today or $DUEDAY_TODAY when set (for tests and what-ifs), else
 * the local date. False, with an error printed, for a malformed one. */
bool cli_today(dd_date *out);
/* Whether today is pinned (--today or $DUEDAY_TODAY). */
bool cli_today_pinned(void);

/* A calendar and the holiday sets it borrows from. */
typedef struct cli_calendar {
  dd_calendar *cal;
  dd_holidays *sets[3];
  size_t nsets;
} cli_calendar;

/* Loads the holidays of division (one of the three, or "united-kingdom" for
 * their union) and builds its calendar with the configuration's working
 * days and closures. Prints the error and returns false on failure. */
bool cli_calendar_open(const cli_common *common, const char *division,
                       cli_calendar *out);
void cli_calendar_close(cli_calendar *c);

/* Loads one division's holidays, printing the error on failure. */
bool cli_holidays_open(const cli_common *common, const char *division,
                       dd_holidays **out);

/* Warns on standard error when [from, to] touches a provisional year (after
 * the last year GOV.UK has published) or an uncertain one. Returns true
 * when it does. */
bool cli_warn_provisional(const cli_calendar *c, dd_date from, dd_date to,
                          bool quiet);

/* Opens the register: --db, $DUEDAY_DB, the configuration's register.path,
 * else
 * $XDG_DATA_HOME/dueday/register.db (~/.local/share/dueday/register.db),
 * creating the directory. Prints the error and returns false on failure. */
bool cli_store_open(const cli_common *common, dd_store **out);
/* A planner over the loaded configuration and holiday data. */
bool cli_planner_open(const cli_common *common, dd_planner **out);

/* Prints a schedule as text (the header, one row per milestone and, with
 * explain or only, the rule and skipped days), csv or json. only, when not
 * NULL, restricts it to one milestone. Returns an exit code. */
int cli_print_schedule(const dd_schedule *s, const char *division,
                       const dd_milestone *only, bool explain,
                       const char *format);

/* Writes s as one RFC 4180 CSV field. */
void cli_csv_field(FILE *f, const char *s);

/* Prints a jansson value to stdout followed by a newline, and frees it. */
struct json_t;
int cli_print_json(struct json_t *value);

#endif
