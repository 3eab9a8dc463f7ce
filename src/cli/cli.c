/* Option parsing, errors, and calendar loading shared by every command. */
#include "cli.h"
#include "support/suggest.h"

#include <jansson.h>

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* The configuration read by cli_command_begin: the file given, or the
 * built-in default. */
static dd_config *config;
/* --today, when given: it wins over $DUEDAY_TODAY. */
static const char *pinned_today;
/* The options given before the command (cli_global_options): every
 * command starts from them. */
static cli_common global;

void cli_cleanup(void) {
  dd_config_free(config);
  config = NULL;
}

/* Where a configuration file is looked for when neither --config nor
 * $DUEDAY_CONFIG names one: the user's, then the system's; the first that
 * exists is read, else the built-in defaults. Kept for the life of the
 * process (common->config points into it). */
static char found_config[4096];

static bool regular_file(const char *path) {
  struct stat sb;
  return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* How the configuration file was found, for cli_config_origin. */
static const char *config_origin = "default";

static const char *look_for_config(void) {
  const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
  int n = -1;
  if (xdg != NULL && xdg[0] == '/') {
    n = snprintf(found_config, sizeof found_config, "%s/dueday/dueday.conf",
                 xdg);
    config_origin = "$XDG_CONFIG_HOME";
  } else if (home != NULL && home[0] == '/') {
    n = snprintf(found_config, sizeof found_config,
                 "%s/.config/dueday/dueday.conf", home);
    config_origin = "$HOME/.config";
  }
  if (n > 0 && (size_t)n < sizeof found_config && regular_file(found_config))
    return found_config;
  /* $DUEDAY_SYSCONFDIR stands for the build's sysconfdir (/etc, or
   * /usr/local/etc) in this lookup only: for tests, and for trying a
   * system configuration before installing it. */
  const char *sysconf = getenv("DUEDAY_SYSCONFDIR");
  if (sysconf == NULL || sysconf[0] == '\0')
    sysconf = DUEDAY_SYSCONFDIR;
  n = snprintf(found_config, sizeof found_config, "%s/dueday/dueday.conf",
               sysconf);
  config_origin = "system";
  if (n > 0 && (size_t)n < sizeof found_config && regular_file(found_config))
    return found_config;
  config_origin = "default";
  return NULL;
}

static bool load_config(cli_common *common) {
  if (common->config == NULL) {
    /* An empty $DUEDAY_CONFIG asks for the built-in defaults, whatever
     * files there are. */
    const char *env = getenv("DUEDAY_CONFIG");
    if (env != NULL) {
      common->config = env[0] != '\0' ? env : NULL;
      config_origin = env[0] != '\0' ? "$DUEDAY_CONFIG" : "default";
    } else {
      common->config = look_for_config();
    }
  } else {
    config_origin = "--config";
  }
  if (config == NULL) {
    dd_diag diag;
    int err = common->config != NULL
                  ? dd_config_load_file(common->config, &config, &diag)
                  : dd_config_load_default(&config, &diag);
    if (err != DD_OK) {
      cli_error("%s", diag.message);
      return false;
    }
  }
  if (common->division == NULL)
    common->division = dd_config_calendar(config)->division;
  if (common->today != NULL) {
    dd_date d;
    if (!cli_date("--today", common->today, &d))
      return false;
    pinned_today = common->today;
  }
  return true;
}

const char *cli_config_origin(void) { return config_origin; }

const dd_config *cli_config(void) { return config; }

bool cli_secret_read(const char *command, const char *file_key,
                     const char *file, const char *env_key, const char *env,
                     char *buf, size_t size) {
  buf[0] = '\0';
  if (file != NULL) {
    FILE *f = fopen(file, "r");
    if (f == NULL) {
      cli_error("%s: %s %s: %s", command, file_key, file, strerror(errno));
      return false;
    }
    bool ok = fgets(buf, (int)size, f) != NULL;
    fclose(f);
    buf[strcspn(buf, "\r\n")] = '\0';
    if (!ok || buf[0] == '\0') {
      cli_error("%s: %s %s is empty", command, file_key, file);
      return false;
    }
    return true;
  }
  if (env != NULL) {
    const char *v = getenv(env);
    if (v == NULL || v[0] == '\0') {
      cli_error("%s: the environment variable %s (%s) is not set", command, env,
                env_key);
      return false;
    }
    snprintf(buf, size, "%s", v);
  }
  return true;
}

void cli_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("dueday: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

static bool is_number(const char *s) {
  if (*s == '-' || *s == '+')
    s++;
  if (!isdigit((unsigned char)*s))
    return false;
  while (isdigit((unsigned char)*s))
    s++;
  return *s == '\0';
}

/* Whether text, an argument, is valid UTF-8; prints the problem when not.
 * Text enters the register, the feeds and JSON from here, so here it is
 * checked: JSON cannot carry bytes that are not UTF-8. */
static bool utf8_arg(const char *command, const char *what, const char *text) {
  size_t n = strlen(text), ok = dd_text_check(text, n);
  if (ok == n)
    return true;
  /* command is NULL for an option before the command. */
  cli_error("%s%s%s is not valid UTF-8 (byte 0x%02X at byte %zu)",
            command != NULL ? command : "", command != NULL ? ": " : "", what,
            (unsigned char)text[ok], ok + 1);
  return false;
}

/* The options every command takes, without their "--". */
static const char *const common_options[] = {
    "json", "division", "holidays-dir", "config", "today", "db", "help"};
#define N_COMMON_OPTIONS (sizeof common_options / sizeof common_options[0])

/* "dueday: what: message", or "dueday: message" when what is NULL (an
 * option before the command). */
static void option_error(const char *what, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void option_error(const char *what, const char *fmt, ...) {
  char message[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  if (what != NULL)
    cli_error("%s: %s", what, message);
  else
    cli_error("%s", message);
}

/* "unknown option" for --name (len bytes), with the closest of the common
 * options and options as a guess; what names the command ("agenda") or is
 * "dueday" before one. */
static void unknown_option(const char *what, const char *name, size_t len,
                           const cli_option *options) {
  const char *known[64];
  size_t n = 0;
  for (; n < N_COMMON_OPTIONS; n++)
    known[n] = common_options[n];
  for (const cli_option *o = options; o && o->name && n < 64; o++)
    known[n++] = o->name;
  char typed[64];
  snprintf(typed, sizeof typed, "%.*s", (int)(len < 63 ? len : 63), name);
  const char *guess = dd__suggest(typed, known, n);
  if (guess != NULL)
    option_error(what, "unknown option \"--%.*s\"; did you mean \"--%s\"?",
                 (int)len, name, guess);
  else if (what == NULL)
    cli_error("unknown option \"--%.*s\" (see dueday --help)", (int)len, name);
  else
    cli_error("%s: unknown option \"--%.*s\" (see dueday %s --help)", what,
              (int)len, name, what);
}

/* Takes the long option argv[*i] ("--name", "--name=value" or "--name
 * value", which moves *i on) into common or options. argv[0] names the
 * command in messages (NULL: before the command). False, with the problem
 * printed, for an unknown option, a flag given a value, a missing value or one
 * not UTF-8. */
static bool take_option(int argc, char **argv, int *i, cli_common *common,
                        const cli_option *options) {
  const char *name = argv[*i] + 2;
  if (strcmp(argv[*i], "-o") == 0)
    name = "output";
  const char *eq = strchr(name, '=');
  size_t len = eq ? (size_t)(eq - name) : strlen(name);
  const char **value = NULL;
  bool *flag = NULL;
  if (len == 4 && strncmp(name, "json", 4) == 0)
    flag = &common->json;
  else if (len == 4 && strncmp(name, "help", 4) == 0)
    flag = &common->help;
  else if (len == 8 && strncmp(name, "division", 8) == 0)
    value = &common->division;
  else if (len == 12 && strncmp(name, "holidays-dir", 12) == 0)
    value = &common->holidays_dir;
  else if (len == 6 && strncmp(name, "config", 6) == 0)
    value = &common->config;
  else if (len == 5 && strncmp(name, "today", 5) == 0)
    value = &common->today;
  else if (len == 2 && strncmp(name, "db", 2) == 0)
    value = &common->db;
  for (const cli_option *o = options; o && o->name && !value && !flag; o++) {
    if (strlen(o->name) == len && strncmp(name, o->name, len) == 0) {
      value = o->value;
      flag = o->flag;
    }
  }
  if (value == NULL && flag == NULL) {
    unknown_option(argv[0], name, len, options);
    return false;
  }
  if (flag != NULL) {
    if (eq != NULL) {
      option_error(argv[0], "option \"--%.*s\" takes no value", (int)len, name);
      return false;
    }
    *flag = true;
  } else if (eq != NULL) {
    *value = eq + 1;
  } else if (*i + 1 < argc) {
    *value = argv[++*i];
  } else {
    option_error(argv[0], "option \"--%s\" needs a value", name);
    return false;
  }
  if (value != NULL) {
    char what[64];
    snprintf(what, sizeof what, "the value of \"--%.*s\"",
             (int)(len < 40 ? len : 40), name);
    if (!utf8_arg(argv[0], what, *value))
      return false;
  }
  return true;
}

int cli_global_options(int argc, char **argv) {
  int i = 1;
  for (; i < argc; i++) {
    const char *arg = argv[i];
    if (strcmp(arg, "-h") == 0) {
      global.help = true;
      continue;
    }
    /* --version is a command of its own; "--" ends the options. */
    if (strncmp(arg, "--", 2) != 0 || strcmp(arg, "--version") == 0)
      break;
    if (strcmp(arg, "--") == 0)
      return i + 1;
    /* argv[0] is the program: messages before the command name none. */
    char *saved = argv[0];
    argv[0] = NULL;
    bool ok = take_option(argc, argv, &i, &global, NULL);
    argv[0] = saved;
    if (!ok)
      return -1;
  }
  return i;
}

bool cli_global_help(void) { return global.help; }

/* Parses argv[1..] into common, the options and at most maxpos positional
 * arguments, then loads the configuration. */
static bool parse(int argc, char **argv, cli_common *common,
                  const cli_option *options, const char **pos, int maxpos,
                  int *npos) {
  *npos = 0;
  bool only_positional = false;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (only_positional || arg[0] != '-' || arg[1] == '\0' || is_number(arg)) {
      if (*npos >= maxpos) {
        cli_error("%s: unexpected argument \"%s\" (see dueday %s --help)",
                  argv[0], arg, argv[0]);
        return false;
      }
      char what[32];
      snprintf(what, sizeof what, "argument %d", *npos + 1);
      if (!utf8_arg(argv[0], what, arg))
        return false;
      pos[(*npos)++] = arg;
      continue;
    }
    if (strcmp(arg, "--") == 0) {
      only_positional = true;
      continue;
    }
    if (strcmp(arg, "-h") == 0) {
      common->help = true;
      continue;
    }
    /* The one short option besides -h: -o FILE is --output FILE
     * (take_option). */
    if (strncmp(arg, "--", 2) != 0 && strcmp(arg, "-o") != 0) {
      cli_error("%s: unknown option \"%s\" (see dueday %s --help)", argv[0],
                arg, argv[0]);
      return false;
    }
    if (!take_option(argc, argv, &i, common, options))
      return false;
  }
  return load_config(common);
}

/* The commands whose output cannot be JSON, and what it is instead: they
 * refuse --json rather than ignore it. */
static const struct {
  const char *command;
  const char *output;
} not_json[] = {
    {"feed", "an iCalendar feed (text/calendar)"},
    {"serve", "a server's log, on standard error"},
};

int cli_command_begin(int argc, char **argv, const cli_spec *spec,
                      cli_ctx *ctx) {
  memset(ctx, 0, sizeof *ctx);
  ctx->common = global;
  ctx->common.help = false;
  if (!parse(argc, argv, &ctx->common, spec->options, ctx->pos, spec->max_pos,
             &ctx->npos))
    return EXIT_BAD_INPUT;
  if (ctx->common.help) {
    fputs(spec->usage, stdout);
    return EXIT_YES;
  }
  for (size_t i = 0; ctx->common.json && i < sizeof not_json / sizeof *not_json;
       i++) {
    if (strcmp(argv[0], not_json[i].command) == 0) {
      cli_error("%s: --json is not supported: its output is %s", argv[0],
                not_json[i].output);
      return EXIT_BAD_INPUT;
    }
  }
  if (spec->pos_error != NULL && ctx->npos != spec->max_pos) {
    cli_error("%s", spec->pos_error);
    return EXIT_BAD_INPUT;
  }
  return CLI_RUN;
}

bool cli_command_open(cli_ctx *ctx, unsigned needs) {
  return (!(needs & CLI_TODAY) || cli_today(&ctx->today)) &&
         (!(needs & CLI_PLANNER) ||
          cli_planner_open(&ctx->common, &ctx->planner)) &&
         (!(needs & CLI_CALENDAR) ||
          cli_calendar_open(&ctx->common, ctx->common.division, &ctx->cal));
}

void cli_command_end(cli_ctx *ctx) {
  cli_calendar_close(&ctx->cal);
  dd_planner_free(ctx->planner);
  ctx->planner = NULL;
  if (ctx->st != NULL)
    ctx->store_close(ctx->st);
  ctx->st = NULL;
}

/* The subcommands of the commands that have them, for "did you mean"
 * (each command still dispatches on its own). */
static const struct {
  const char *command;
  const char *const subs[16];
} subcommands[] = {
    {"visit",
     {"add", "show", "list", "edit", "delete", "record", "unrecord", "undo",
      "defer", "extend", "cancel", "import"}},
    {"subscriber", {"add", "list", "revoke"}},
    {"user", {"add", "change", "list", "remove", "prefs"}},
    {"db", {"init", "status", "backup", "restore", "migrate", "prune"}},
    {"config", {"show"}},
};

/* For a subcommand of command that is not one, but close to one: prints
 * "command: unknown subcommand ...; did you mean ...?" and returns true. */
static bool misspelt_subcommand(const char *command, const char *typed) {
  for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++) {
    if (strcmp(subcommands[i].command, command) != 0)
      continue;
    size_t n = 0;
    while (n < 16 && subcommands[i].subs[n] != NULL)
      n++;
    const char *guess = dd__suggest(typed, subcommands[i].subs, n);
    if (guess == NULL)
      return false;
    cli_error("%s: unknown subcommand \"%s\"; did you mean \"%s\"?", command,
              typed, guess);
    return true;
  }
  return false;
}

int cli_subcommand_begin(int argc, char **argv, const char *usage) {
  if (argc >= 2 && strcmp(argv[1], "--help") != 0 && strcmp(argv[1], "-h") != 0)
    return misspelt_subcommand(argv[0], argv[1]) ? EXIT_BAD_INPUT : CLI_RUN;
  fputs(usage, argc < 2 ? stderr : stdout);
  return argc < 2 ? EXIT_BAD_INPUT : EXIT_YES;
}

bool cli_format(const char *what, const cli_common *common,
                const char **format) {
  if (*format == NULL)
    *format = common->json ? "json" : "text";
  if (strcmp(*format, "text") == 0 || strcmp(*format, "csv") == 0 ||
      strcmp(*format, "json") == 0)
    return true;
  cli_error("%s: unknown format \"%s\" (use text, csv or json)", what, *format);
  return false;
}

bool cli_date(const char *what, const char *text, dd_date *out) {
  const char *why;
  int err = dd_date_parse(text, out, &why);
  if (err == DD_OK)
    return true;
  cli_error("%s: %s date \"%s\": %s", what,
            err == DD_ERANGE ? "unsupported" : "invalid", text, why);
  return false;
}

bool cli_int(const char *what, const char *text, long lo, long hi, int *out) {
  char *end;
  errno = 0;
  long v = strtol(text, &end, 10);
  if (!is_number(text) || *end != '\0' || errno == ERANGE || v < lo || v > hi) {
    cli_error("%s: \"%s\" is not a whole number from %ld to %ld", what, text,
              lo, hi);
    return false;
  }
  *out = (int)v;
  return true;
}

bool cli_today_pinned(void) {
  const char *pinned = getenv("DUEDAY_TODAY");
  return pinned_today != NULL || (pinned != NULL && pinned[0] != '\0');
}

bool cli_today(dd_date *out) {
  if (pinned_today != NULL)
    return cli_date("--today", pinned_today, out);
  const char *pinned = getenv("DUEDAY_TODAY");
  if (pinned != NULL && pinned[0] != '\0')
    return cli_date("DUEDAY_TODAY", pinned, out);
  if (dd_local_date(time(NULL), out) == DD_OK)
    return true;
  cli_error("the system date is outside 1971-2199");
  return false;
}

/* Where the holiday data comes from: --holidays-dir, $DUEDAY_HOLIDAYS_DIR,
 * the installed data directory if present, else the copy built in. */
static const char *holidays_dir(const cli_common *common) {
  if (common->holidays_dir != NULL)
    return common->holidays_dir;
  const char *env = getenv("DUEDAY_HOLIDAYS_DIR");
  if (env != NULL && env[0] != '\0')
    return env;
#ifdef DUEDAY_DATADIR
  struct stat st;
  if (stat(DUEDAY_DATADIR "/holidays/england-and-wales.conf", &st) == 0)
    return DUEDAY_DATADIR "/holidays";
#endif
  return NULL;
}

const char *cli_holidays_source(const cli_common *common, const char **origin) {
  const char *dir = holidays_dir(common);
  const char *env = getenv("DUEDAY_HOLIDAYS_DIR");
  *origin = dir == NULL                   ? "default"
            : dir == common->holidays_dir ? "--holidays-dir"
            : dir == env                  ? "$DUEDAY_HOLIDAYS_DIR"
                                          : "installed";
  return dir;
}

bool cli_holidays_open(const cli_common *common, const char *division,
                       dd_holidays **out) {
  dd_diag diag;
  int err = dd_holidays_load(holidays_dir(common), division, out, &diag);
  if (err == DD_OK)
    return true;
  if (err == DD_ENOTFOUND && !dd_division_known(division))
    cli_error("unknown division \"%s\" (use england-and-wales, scotland, "
              "northern-ireland or united-kingdom)",
              division);
  else
    cli_error("%s", diag.message);
  return false;
}

bool cli_calendar_open(const cli_common *common, const char *division,
                       cli_calendar *out) {
  memset(out, 0, sizeof *out);
  if (!dd_division_known(division)) {
    cli_error("unknown division \"%s\" (use england-and-wales, scotland, "
              "northern-ireland or united-kingdom)",
              division);
    return false;
  }
  bool uk = strcmp(division, DD_DIVISION_UK) == 0;
  for (const char *const *d = dd_divisions; *d; d++) {
    if (!uk && strcmp(*d, division) != 0)
      continue;
    if (!cli_holidays_open(common, *d, &out->sets[out->nsets])) {
      cli_calendar_close(out);
      return false;
    }
    out->nsets++;
  }
  dd_calendar_spec spec = {.name = division,
                           .holidays = (const dd_holidays *const *)out->sets,
                           .nholidays = out->nsets};
  const dd_calendar_config *cc = dd_config_calendar(config);
  spec.week_mask = cc->week_mask;
  spec.closures = cc->closures;
  spec.nclosures = cc->nclosures;
  dd_diag diag;
  if (dd_calendar_new(&spec, &out->cal, &diag) != DD_OK) {
    cli_error("%s", diag.message);
    cli_calendar_close(out);
    return false;
  }
  return true;
}

void cli_calendar_close(cli_calendar *c) {
  dd_calendar_free(c->cal);
  for (size_t i = 0; i < c->nsets; i++)
    dd_holidays_free(c->sets[i]);
  memset(c, 0, sizeof *c);
}

bool cli_warn_provisional(const cli_calendar *c, dd_date from, dd_date to,
                          bool quiet) {
  int y0, y1;
  bool any = false;
  dd_date_to_ymd(from < to ? from : to, &y0, NULL, NULL);
  dd_date_to_ymd(from < to ? to : from, &y1, NULL, NULL);
  for (size_t i = 0; i < c->nsets; i++) {
    const dd_holidays *h = c->sets[i];
    int confirmed = dd_holidays_confirmed_to(h);
    if (y1 > confirmed) {
      any = true;
      if (!quiet)
        fprintf(stderr,
                "dueday: note: %s bank holidays after %d are provisional: "
                "computed from the rules, not yet published by GOV.UK\n",
                dd_holidays_division(h), confirmed);
    }
    for (int y = y0; y <= y1; y++) {
      const char *note = dd_holidays_uncertainty(h, y);
      if (note != NULL) {
        any = true;
        if (!quiet)
          fprintf(stderr, "dueday: note: %s %d is uncertain: %s\n",
                  dd_holidays_division(h), y, note);
      }
    }
  }
  return any;
}

bool cli_planner_open(const cli_common *common, dd_planner **out) {
  dd_diag diag;
  if (dd_planner_new(config, holidays_dir(common), out, &diag) != DD_OK) {
    cli_error("%s", diag.message);
    return false;
  }
  return true;
}

void cli_column(FILE *f, const char *s, int width) {
  const char *p = s;
  int n = 0;
  /* A character is a byte that is not a continuation byte (10xxxxxx) and
   * those after it that are. */
  for (; *p != '\0' && n < width; n++)
    for (p++; ((unsigned char)*p & 0xC0) == 0x80; p++)
      ;
  fwrite(s, 1, (size_t)(p - s), f);
  for (; n < width; n++)
    fputc(' ', f);
}

void cli_csv_field(FILE *f, const char *s) {
  /* A cell that starts with = + - @ (or a tab or CR) is a formula to a
   * spreadsheet: "=HYPERLINK(...)" in a visit's name would run when the
   * export is opened. OWASP's advice on CSV injection: start the cell with
   * a single quote, so that it is text, and quote the whole field. The
   * fields written here are text (ids, names, titles), never numbers. */
  bool formula = s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
  if (!formula && strpbrk(s, ",\"\r\n") == NULL) {
    fputs(s, f);
    return;
  }
  fputc('"', f);
  if (formula)
    fputc('\'', f);
  for (; *s; s++) {
    if (*s == '"')
      fputc('"', f);
    fputc(*s, f);
  }
  fputc('"', f);
}

int cli_print_json(json_t *value) {
  if (value == NULL) {
    cli_error("out of memory");
    return EXIT_BAD_INPUT;
  }
  int rc = json_dumpf(value, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  json_decref(value);
  fputc('\n', stdout);
  return rc == 0 ? EXIT_YES : EXIT_BAD_INPUT;
}
