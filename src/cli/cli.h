/* Shared plumbing of the dueday command: option parsing, error reporting,
 * loading calendars, and the exit codes every command uses. */
#ifndef DUEDAY_CLI_H
#define DUEDAY_CLI_H

#include "dueday/dueday.h"

#include <stdbool.h>
#include <stddef.h>
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

/* A calendar and the holiday sets it borrows from. */
typedef struct cli_calendar {
  dd_calendar *cal;
  dd_holidays *sets[3];
  size_t nsets;
} cli_calendar;

/* One option a command accepts besides the common ones. */
typedef struct cli_option {
  const char *name;   /* without the leading "--" */
  const char **value; /* for an option with an argument, else NULL */
  bool *flag;         /* for a flag, else NULL */
} cli_option;

/* What a command accepts, for cli_command_begin. */
typedef struct cli_spec {
  const char *usage;         /* printed on standard output by --help */
  const cli_option *options; /* besides the common ones; NULL-terminated */
  int max_pos;               /* positional arguments, at most CLI_MAX_POS */
  /* When set, exactly max_pos positional arguments are required and this is
   * the error otherwise; when NULL, fewer are the command's business. */
  const char *pos_error;
} cli_spec;

enum { CLI_MAX_POS = 2 };

/* What a command needs opened, for cli_command_open (and, with
 * CLI_STORE, cli_register_open). They are opened in this order, so that
 * the first problem is the one reported. */
enum {
  CLI_TODAY = 1u << 0,    /* ctx.today: cli_today() */
  CLI_STORE = 1u << 1,    /* ctx.st: the register, read only */
  CLI_PLANNER = 1u << 2,  /* ctx.planner */
  CLI_CALENDAR = 1u << 3, /* ctx.cal: the calendar of common.division */
  /* With CLI_STORE, how the register is opened (see dd_store_mode): read
   * and written; created when missing (visit add and import, db init);
   * written when it can be, else read only (feeds); or copied into memory,
   * where writes are lost (notify --dry-run). */
  CLI_WRITE = 1u << 4,
  CLI_CREATE = 1u << 5,
  CLI_WRITE_IF_CAN = 1u << 6,
  CLI_COPY = 1u << 7 /* a copy in memory, for a dry run */
};

/* One command's arguments and what it opened; cli_command_end closes it. */
typedef struct cli_ctx {
  cli_common common;
  const char *pos[CLI_MAX_POS];
  int npos;
  dd_date today;
  cli_calendar cal;
  dd_planner *planner;
  dd_store *st;
  /* Set with st by cli_register_open: a program without the register
   * (SQLite) then never links the code that closes one. */
  void (*store_close)(dd_store *st);
  /* Whether st was made by this command (CLI_CREATE, and no file was
   * there): cli_register_abandon removes it again. */
  bool store_created;
} cli_ctx;

/* Returned by cli_command_begin when the command is to run. */
enum { CLI_RUN = -1 };

/* The prologue of every command: parses argv[1..] (argv[0] is the
 * command's name) into ctx, the spec's options and at most spec->max_pos
 * positional arguments ("-5" is a positional number, not an option), reads
 * the configuration file, if any, and fills in the division from it. Then
 * --help prints spec->usage, and a wrong count of positional arguments
 * prints spec->pos_error. Returns CLI_RUN when the command is to go on,
 * else the exit code (the problem printed); either way ctx holds nothing
 * to close yet. */
int cli_command_begin(int argc, char **argv, const cli_spec *spec,
                      cli_ctx *ctx);

/* The options before the command (dueday --db X agenda): parses the
 * common options at argv[1..] into the set every cli_command_begin starts
 * from (options after the command win), up to the first argument that is
 * not one ("--" ends them and is skipped; --version stops them). Returns
 * the index of the command (argc when there is none), or -1 with the
 * problem printed. */
int cli_global_options(int argc, char **argv);
/* Whether --help or -h was among them. */
bool cli_global_help(void);

/* Opens what needs names (CLI_TODAY, CLI_PLANNER, CLI_CALENDAR; not
 * CLI_STORE) into ctx. Prints the problem and returns false on failure;
 * cli_command_end then closes what was opened. */
bool cli_command_open(cli_ctx *ctx, unsigned needs);

/* The same, CLI_STORE included (cli_register.c: links SQLite). */
bool cli_register_open(cli_ctx *ctx, unsigned needs);

/* For a command that creates the register (CLI_CREATE) and then fails:
 * closes ctx->st and, when the command made it, removes the register
 * again, so that a failed visit add or import leaves no empty register
 * for later commands to answer from. In cli_register.c. */
void cli_register_abandon(cli_ctx *ctx);

/* Closes whatever cli_command_open or cli_register_open opened. */
void cli_command_end(cli_ctx *ctx);

/* For a command of subcommands (dueday visit, dueday subscriber): without
 * one, prints usage on standard error and returns EXIT_BAD_INPUT; for
 * --help or -h, on standard output and returns EXIT_YES; else CLI_RUN. */
int cli_subcommand_begin(int argc, char **argv, const char *usage);

/* The output format of a command with --format text|csv|json: format when
 * given, else json with --json, else text. Prints "what: unknown format"
 * and returns false for another. */
bool cli_format(const char *what, const cli_common *common,
                const char **format);

/* The configuration cli_command_begin loaded (the built-in one by
 * default). */
const dd_config *cli_config(void);

/* How cli_command_begin found the configuration: "--config",
 * "$DUEDAY_CONFIG", "$XDG_CONFIG_HOME", "$HOME/.config", "system" (the
 * sysconfdir, or $DUEDAY_SYSCONFDIR) or "default" (none: built in). */
const char *cli_config_origin(void);

/* A secret the configuration points at, never holds: the first line of
 * file, or else the value of the environment variable env, into buf (size
 * bytes); "" when both are NULL. False, with "command: file_key FILE: why",
 * "... is empty" or "command: the environment variable ENV (env_key) is
 * not set" printed, when it cannot be had. */
bool cli_secret_read(const char *command, const char *file_key,
                     const char *file, const char *env_key, const char *env,
                     char *buf, size_t size);

/* Frees what cli_command_begin loaded; main calls it once the command is
 * done. */
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

/* Loads the holidays of division (one of the three, or "united-kingdom" for
 * their union) and builds its calendar with the configuration's working
 * days and closures. Prints the error and returns false on failure. */
bool cli_calendar_open(const cli_common *common, const char *division,
                       cli_calendar *out);
void cli_calendar_close(cli_calendar *c);

/* Where the holiday data is read from: the directory, or NULL for the
 * copy built in; *origin says why ("--holidays-dir",
 * "$DUEDAY_HOLIDAYS_DIR", "installed" or "default"). */
const char *cli_holidays_source(const cli_common *common, const char **origin);

/* Loads one division's holidays, printing the error on failure. */
bool cli_holidays_open(const cli_common *common, const char *division,
                       dd_holidays **out);

/* Warns on standard error when [from, to] touches a provisional year (after
 * the last year GOV.UK has published) or an uncertain one. Returns true
 * when it does. */
bool cli_warn_provisional(const cli_calendar *c, dd_date from, dd_date to,
                          bool quiet);

/* The register's path: --db, $DUEDAY_DB, the configuration's
 * register.path, else $XDG_DATA_HOME/dueday/register.db
 * (~/.local/share/dueday/register.db), into buf when it is made there.
 * Borrowed from common, the environment, the configuration or buf. NULL
 * (the error printed) when it does not fit. In cli_register.c. */
const char *cli_store_path(const cli_common *common, char *buf, size_t size);
/* Opens the register at cli_store_path in mode; DD_STORE_CREATE creates the
 * directories above it too, and sets *created (when created is not NULL)
 * to whether there was no file before. A missing register (in any other
 * mode) is "no register at PATH", with how to make one. Prints the error
 * and returns false on failure. In cli_register.c, with
 * cli_register_open. */
bool cli_store_open(const cli_common *common, dd_store_mode mode,
                    dd_store **out, bool *created);
/* A planner over the loaded configuration and holiday data. */
bool cli_planner_open(const cli_common *common, dd_planner **out);

/* Prints a schedule as text (the header, one row per milestone and, with
 * explain or only, the rule and skipped days), csv or json. only, when not
 * NULL, restricts it to one milestone. Returns an exit code. */
int cli_print_schedule(const dd_schedule *s, const char *division,
                       const dd_milestone *only, bool explain,
                       const char *format);

/* Writes s as a column of width characters: cut after width characters
 * (never inside one), else padded with spaces. */
void cli_column(FILE *f, const char *s, int width);

/* Writes s, text, as one RFC 4180 CSV field; text that a spreadsheet would
 * take for a formula (starting with = + - @, a tab or a CR) gets a leading
 * single quote. */
void cli_csv_field(FILE *f, const char *s);

/* Prints a jansson value to stdout followed by a newline, and frees it. */
struct json_t;
int cli_print_json(struct json_t *value);

#endif
