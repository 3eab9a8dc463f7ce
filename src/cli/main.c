/* The dueday command (and dueday-register, dueday-service): dispatches to
 * a subcommand, or hands it to the program that has it.
 * Everything worth testing lives in the library; the commands parse arguments
 * and format output. */
#include "cli.h"
#include "commands.h"
#include "support/suggest.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: dueday [OPTIONS] COMMAND [ARGS] [OPTIONS]\n"
    "       dueday help [COMMAND [SUBCOMMAND]]\n"
    "\n"
    "Working days and UK bank holidays, for deadlines counted in working\n"
    "days.\n"
    "\n"
    "Commands:\n"
    "  add DATE N          the Nth working day after DATE (N < 0: before)\n"
    "  add --batch         the same for \"DATE N\" lines on standard input\n"
    "  count FROM TO       working days in [FROM, TO)\n"
    "  count --batch       the same for \"FROM TO\" lines on standard input\n"
    "  is-working DATE     whether DATE is a working day, and why not\n"
    "  holidays            list bank holidays (text, csv, json, ics)\n"
    "  holidays check F    compare the holiday data with GOV.UK's\n"
    "                      bank-holidays.json or a division's .ics\n"
    "  when VISIT [MILESTONE]\n"
    "                      every deadline of a registered visit, explained\n"
    "  when --type T --start D\n"
    "                      the same for a visit not in the register\n"
    "  visit add|show|list|edit|delete|record|unrecord|defer|extend|\n"
    "        cancel|import\n"
    "                      the register of visits: dueday visit --help\n"
    "  agenda              what falls due in the next working days\n"
    "  feed                the iCalendar feed of a region, inspector, RIM,\n"
    "                      visit, or a division's bank holidays\n"
    "  subscriber add|list|revoke\n"
    "                      private feed links\n"
    "  user add|change|list|remove|prefs\n"
    "                      who may sign in to the web pages, and what\n"
    "                      each sees\n"
    "  db init|status|backup|restore|migrate|prune\n"
    "                      the register: create, inspect, back up,\n"
    "                      restore, migrate its schema, prune\n"
    "  serve               serve the feeds and web pages over HTTP(S)\n"
    "  notify              send the reminder e-mails that are due\n"
    "  outbox              the reminders sent, pending and failed\n"
    "  config show         the configuration in effect, and where each\n"
    "                      setting came from\n"
    "  help [CMD [SUB]]    this help, or a command's (= CMD [SUB] --help)\n"
    "\n"
    "Options for every command, before it or after it (after it wins):\n"
    "  --division D        england-and-wales (default), scotland,\n"
    "                      northern-ireland, or united-kingdom (a bank\n"
    "                      holiday in any part of the UK, as the Freedom\n"
    "                      of Information Act counts working days)\n"
    "  --config FILE       division, working days, closures, visit types,\n"
    "                      register, reminders, mail server, web pages\n"
    "                      (also $DUEDAY_CONFIG; else the first found of\n"
    "                      ~/.config/dueday/dueday.conf ($XDG_CONFIG_HOME)\n"
    "                      and /etc/dueday/dueday.conf (/usr/local/etc/\n"
    "                      for a build installed there; $DUEDAY_SYSCONFDIR\n"
    "                      in its place); else the built-in defaults, also\n"
    "                      when $DUEDAY_CONFIG is empty)\n"
    "  --holidays-dir DIR  read DIR/<division>.conf, not the built-in\n"
    "                      data (also $DUEDAY_HOLIDAYS_DIR)\n"
    "  --db PATH           the register (also $DUEDAY_DB; default\n"
    "                      ~/.local/share/dueday/register.db)\n"
    "  --today DATE        pin today's date (also $DUEDAY_TODAY)\n"
    "  --json              machine-readable output\n"
    "  --help              help for a command: dueday add --help\n"
    "An option's value may follow it or an '=': --db PATH, --db=PATH.\n"
    "\n"
    "Dates are YYYY-MM-DD, from 1971-01-01 to 2199-12-31. Years after the\n"
    "last one GOV.UK has published are computed from the rules and\n"
    "reported as provisional.\n"
    "\n"
    "Exit status: 0 success or yes, 1 no or differences found, 2 bad input.\n";

/* The process's arguments, for cli_run_program, and the command among
 * them (options may come before it). */
static char **whole_argv;
static const char *command_name = "dueday";

/* Runs dir/sub/program (sub may be ""), if the path fits. */
static void try_program(const char *dir, const char *sub, const char *program) {
  char path[2 * PATH_MAX];
  int n = snprintf(path, sizeof path, "%s/%s%s%s", dir, sub,
                   sub[0] != '\0' ? "/" : "", program);
  if (n > 0 && (size_t)n < sizeof path)
    execv(path, whole_argv);
}

/* The program: $DUEDAY_EXEC_PATH, else beside this program (the build
 * tree), else in the libexec directory relative to this program's (a
 * relocated install), else where it was installed. */
int cli_run_program(const char *program) {
  const char *env = getenv("DUEDAY_EXEC_PATH");
  if (env != NULL && env[0] != '\0')
    try_program(env, "", program);
  char self[PATH_MAX];
  ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
  self[len > 0 ? len : 0] = '\0';
  char *slash = strrchr(self, '/');
  if (slash != NULL) {
    *slash = '\0';
    try_program(self, "", program);
    try_program(self, DUEDAY_BIN_TO_LIBEXEC, program);
  }
  try_program(DUEDAY_LIBEXECDIR, "", program);
  cli_error("%s: cannot run %s (looked in %s): %s", command_name, program,
            env != NULL && env[0] != '\0' ? env : DUEDAY_LIBEXECDIR,
            strerror(errno));
  return EXIT_BAD_INPUT;
}

/* The version, and what a sysadmin asks next: up to which year the
 * built-in holiday data is GOV.UK's (later years come from the rules and
 * are provisional) and the register schema this dueday writes. */
static int print_version(void) {
  printf("dueday %s\n", DUEDAY_VERSION);
  printf("holiday data (built in), confirmed to:");
  for (const char *const *d = dd_divisions; *d != NULL; d++) {
    dd_holidays *h;
    if (dd_holidays_load(NULL, *d, &h, NULL) != DD_OK) {
      printf(" %s unreadable", *d);
      continue;
    }
    printf("%s %s %d", d == dd_divisions ? "" : ",", *d,
           dd_holidays_confirmed_to(h));
    dd_holidays_free(h);
  }
  printf("\nregister schema: %d\n", DD_STORE_SCHEMA_VERSION);
  return EXIT_YES;
}

/* Standard output is checked once, at exit, for every command: a write
 * that failed (a full disk, a closed pipe's EIO) is an error, not a quiet
 * truncation. Flushing and closing it here reports what stdio buffered to
 * the end (gnulib's close_stdout does the same). When the failed write was
 * an earlier one, and closing has nothing left to write, the reason is the
 * errno the command returned with (command_errno): a command that
 * flushes at its end leaves it there. */
static int command_errno;

static void close_stdout(void) {
  int failed = ferror(stdout), err = command_errno;
  errno = 0;
  if (fclose(stdout) != 0) {
    failed = 1;
    err = errno;
  }
  if (failed) {
    fprintf(stderr, "dueday: writing standard output%s%s\n", err ? ": " : "",
            err ? strerror(err) : "");
    _exit(EXIT_BAD_INPUT);
  }
}

/* Every command name this program knows, its own and those it hands over,
 * and "help", for "did you mean". Up to max; returns how many. */
static size_t command_names(const char **names, size_t max) {
  size_t n = 0;
  for (size_t i = 0; i < cli_ncommands && n < max; i++)
    names[n++] = cli_commands[i].name;
  for (const cli_handover *h = cli_elsewhere; h->command != NULL && n < max;
       h++)
    names[n++] = h->command;
  if (n < max)
    names[n++] = "help";
  return n;
}

static int unknown_command(const char *typed) {
  const char *names[64];
  size_t n = command_names(names, sizeof names / sizeof names[0]);
  const char *guess = dd__suggest(typed, names, n);
  if (guess != NULL)
    cli_error("unknown command \"%s\"; did you mean \"%s\"?", typed, guess);
  else
    cli_error("unknown command \"%s\" (see dueday --help)", typed);
  return EXIT_BAD_INPUT;
}

/* The arguments of "dueday help CMD [SUB]" rewritten as those of
 * "dueday CMD [SUB] --help", so that each command prints its own help,
 * in whichever program answers it. */
static char *help_argv[5];

int main(int argc, char **argv) {
  whole_argv = argv;
  atexit(close_stdout);
  /* Options before the command (git style: dueday --db X agenda) are
   * every command's; those after it win. */
  int first = cli_global_options(argc, argv);
  if (first < 0)
    return EXIT_BAD_INPUT;
  bool help = cli_global_help();
  if (first < argc && strcmp(argv[first], "help") == 0) {
    help = true;
    first++;
  }
  if (first < argc && strcmp(argv[first], "--version") == 0)
    return print_version();
  if (first >= argc) {
    fputs(usage, help ? stdout : stderr);
    return help ? EXIT_YES : EXIT_BAD_INPUT;
  }
  if (help) {
    /* help CMD [SUB]: CMD [SUB] --help; a word after SUB is ignored. */
    int n = 0;
    help_argv[n++] = argv[0];
    help_argv[n++] = argv[first];
    if (first + 1 < argc && argv[first + 1][0] != '-')
      help_argv[n++] = argv[first + 1];
    help_argv[n++] = "--help";
    help_argv[n] = NULL;
    argc = n;
    argv = help_argv;
    whole_argv = argv;
    first = 1;
    if (strcmp(argv[1], "help") == 0) {
      fputs(usage, stdout);
      return EXIT_YES;
    }
  }
  const char *command = argv[first];
  command_name = command;
  for (size_t i = 0; i < cli_ncommands; i++) {
    if (strcmp(command, cli_commands[i].name) == 0) {
      int rc = cli_commands[i].run(argc - first, argv + first);
      command_errno = ferror(stdout) ? errno : 0;
      cli_cleanup();
      return rc;
    }
  }
  for (const cli_handover *h = cli_elsewhere; h->command != NULL; h++) {
    if (strcmp(command, h->command) != 0)
      continue;
    /* A reload (SIGHUP, systemctl reload) sent while serve is still
     * starting must wait for it, not kill it: the signal mask survives
     * exec, so the signal stays pending until serve's own loop takes it
     * and reloads. */
    if (strcmp(command, "serve") == 0) {
      sigset_t hup;
      sigemptyset(&hup);
      sigaddset(&hup, SIGHUP);
      sigprocmask(SIG_BLOCK, &hup, NULL);
    }
    /* What this process buffered (nothing, normally) goes out before the
     * other program takes over its standard output. */
    fflush(stdout);
    return cli_run_program(h->program);
  }
  return unknown_command(command);
}
