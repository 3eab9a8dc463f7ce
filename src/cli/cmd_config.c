/* dueday config show: the configuration in effect, every setting, and for
 * each where its value came from (an option, an environment variable, a
 * line of the configuration file, or the default), so that "why does it
 * count in Scotland?" has an answer that names a file and a line. */
#include "cli.h"
#include "commands.h"

#include <jansson.h>

#include <stdlib.h>
#include <string.h>

static const char config_usage[] =
    "usage: dueday config show [--json]\n"
    "\n"
    "The configuration in effect: the configuration file and how it was\n"
    "found, then every setting (calendar, visit types, register,\n"
    "reminders, mail, web) with its value and where that came from: an\n"
    "option (--division, --db), an environment variable ($DUEDAY_DB), the\n"
    "file and line that set it (/etc/dueday/dueday.conf:12), or default.\n"
    "Secrets are never in the file (it names where they are read from),\n"
    "and none is read or shown here.\n"
    "\n"
    "  --config FILE  the configuration (see dueday --help for where it is\n"
    "                 looked for otherwise)\n"
    "  --json         one JSON object: {\"setting\": {\"value\": ...,\n"
    "                 \"source\": ...}, ...}\n"
    "\n"
    "Exit: 0 shown, 2 bad input (a configuration that cannot be read).\n";

/* The rows being written: as text on standard output, or into json. */
typedef struct show {
  const dd_config *cfg;
  json_t *json; /* NULL: text */
  char where[4200];
} show;

/* Where the file's setting path came from: "file:line", or "default". */
static const char *source(show *o, const char *path) {
  const char *file;
  int line;
  if (!dd_config_source(o->cfg, path, &file, &line))
    return "default";
  snprintf(o->where, sizeof o->where, "%s:%d", file, line);
  return o->where;
}

/* One row: name, its value as text, as JSON (taken; NULL for null), and
 * its source. */
static void row(show *o, const char *name, const char *text, json_t *value,
                const char *from) {
  if (o->json != NULL) {
    json_object_set_new(o->json, name,
                        json_pack("{s:o, s:s}", "value",
                                  value != NULL ? value : json_null(), "source",
                                  from));
    return;
  }
  json_decref(value);
  printf("%-26s %s  # %s\n", name, text, from);
}

/* A string setting of the file, or NULL (not set). */
static void row_string(show *o, const char *path, const char *value) {
  row(o, path, value != NULL ? value : "(not set)",
      value != NULL ? json_string(value) : NULL, source(o, path));
}

static void row_long(show *o, const char *path, long value) {
  char text[32];
  snprintf(text, sizeof text, "%ld", value);
  row(o, path, text, json_integer(value), source(o, path));
}

static void row_bool(show *o, const char *path, bool value) {
  row(o, path, value ? "true" : "false", json_boolean(value), source(o, path));
}

static void row_clock(show *o, const char *path, int minutes) {
  char text[32];
  snprintf(text, sizeof text, "%02d:%02d", minutes / 60, minutes % 60);
  row(o, path, text, json_string(text), source(o, path));
}

/* A list of days as text ("5, 2, 0") and JSON. */
static void row_days(show *o, const char *path, const int *days, size_t n) {
  char text[128] = "";
  json_t *list = json_array();
  for (size_t i = 0; i < n; i++) {
    size_t len = strlen(text);
    snprintf(text + len, sizeof text - len, "%s%d", i > 0 ? ", " : "", days[i]);
    json_array_append_new(list, json_integer(days[i]));
  }
  row(o, path, n > 0 ? text : "(none)", list, source(o, path));
}

/* Recipients (DD_TO_* bits) as the file names them. */
static void row_to(show *o, const char *path, unsigned to) {
  static const struct {
    unsigned bit;
    const char *name;
  } names[] = {{DD_TO_ACTOR, "actor"},
               {DD_TO_INSPECTOR, "inspector"},
               {DD_TO_RIM, "rim"}};
  char text[64] = "";
  json_t *list = json_array();
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    if (!(to & names[i].bit))
      continue;
    size_t len = strlen(text);
    snprintf(text + len, sizeof text - len, "%s%s", len > 0 ? ", " : "",
             names[i].name);
    json_array_append_new(list, json_string(names[i].name));
  }
  row(o, path, text, list, source(o, path));
}

static void calendar_rows(show *o, const cli_common *common) {
  static const char *const days[] = {"Monday",   "Tuesday", "Wednesday",
                                     "Thursday", "Friday",  "Saturday",
                                     "Sunday"};
  const dd_calendar_config *cc = dd_config_calendar(o->cfg);
  /* cli_command_begin fills the division in from the configuration when
   * --division did not give one. */
  bool option = common->division != cc->division;
  row(o, "calendar.division", common->division, json_string(common->division),
      option ? "--division" : source(o, "calendar.division"));
  char text[128] = "";
  json_t *list = json_array();
  for (int d = 0; d < 7; d++) {
    if (!(cc->week_mask & (1u << d)))
      continue;
    size_t len = strlen(text);
    snprintf(text + len, sizeof text - len, "%s%.3s", len > 0 ? " " : "",
             days[d]);
    json_array_append_new(list, json_string(days[d]));
  }
  row(o, "calendar.working_days", text, list,
      source(o, "calendar.working_days"));
  list = json_array();
  for (size_t i = 0; i < cc->nclosures; i++) {
    char from[DD_DATE_BUFSIZE], to[DD_DATE_BUFSIZE];
    dd_date_format(cc->closures[i].from, from);
    dd_date_format(cc->closures[i].to, to);
    json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "name",
                                          cc->closures[i].name, "from", from,
                                          "to", to));
  }
  snprintf(text, sizeof text, "%zu", cc->nclosures);
  row(o, "calendar.closures", cc->nclosures > 0 ? text : "(none)", list,
      source(o, "calendar.closures"));
  row_clock(o, "calendar.end_of_day", cc->end_of_day);
  row_string(o, "calendar.time_zone", cc->time_zone);
}

static void visit_type_rows(show *o) {
  size_t n;
  const dd_visit_type *types = dd_config_visit_types(o->cfg, &n);
  char text[512] = "";
  json_t *list = json_array();
  for (size_t i = 0; i < n; i++) {
    size_t milestones = 0;
    for (size_t r = 0; r < types[i].nrule_sets; r++)
      milestones += types[i].rule_sets[r].nmilestones;
    size_t len = strlen(text);
    snprintf(text + len, sizeof text - len, "%s%s", i > 0 ? ", " : "",
             types[i].id);
    json_array_append_new(
        list, json_pack("{s:s, s:s, s:i, s:I, s:I}", "id", types[i].id, "title",
                        types[i].title, "days_on_site", types[i].days_on_site,
                        "rule_sets", (json_int_t)types[i].nrule_sets,
                        "milestones", (json_int_t)milestones));
  }
  /* A file without visit types gets the built-in ones. */
  row(o, "visit_types", text, list, source(o, "visit_types"));
}

/* The register's path and its source, in cli_store_path's order: --db,
 * $DUEDAY_DB, register.path, else under $XDG_DATA_HOME or ~/.local/share. */
static void register_row(show *o, const cli_common *common) {
  const char *env = getenv("DUEDAY_DB"), *path = common->db;
  const char *from = "--db";
  char buf[4096];
  if (path == NULL && env != NULL && env[0] != '\0') {
    path = env;
    from = "$DUEDAY_DB";
  }
  if (path == NULL) {
    path = dd_config_register_path(o->cfg);
    from = source(o, "register.path");
  }
  if (path == NULL) {
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    if (xdg != NULL && xdg[0] == '/') {
      snprintf(buf, sizeof buf, "%s/dueday/register.db", xdg);
      from = "default ($XDG_DATA_HOME)";
    } else {
      snprintf(buf, sizeof buf, "%s/.local/share/dueday/register.db",
               home != NULL ? home : ".");
      from = "default";
    }
    path = buf;
  }
  row(o, "register.path", path, json_string(path), from);
}

static void reminder_rows(show *o) {
  const dd_remind_policy *p = dd_config_reminders(o->cfg);
  row_days(o, "reminders.lead_days", p->leads.days, p->leads.n);
  row_long(o, "reminders.overdue_after", p->leads.overdue_after);
  row_clock(o, "reminders.send_at", p->send_at);
  row_string(o, "reminders.style", p->digest ? "digest" : "individual");
  row_to(o, "reminders.to", p->to);
  row_to(o, "reminders.overdue_to", p->overdue_to);
  json_t *list = json_array();
  for (size_t i = 0; i < p->nregions; i++)
    json_array_append_new(list, json_string(p->regions[i].name));
  char text[32];
  snprintf(text, sizeof text, "%zu", p->nregions);
  row(o, "reminders.regions", p->nregions > 0 ? text : "(none)", list,
      source(o, "reminders.regions"));
  list = json_array();
  for (size_t i = 0; i < p->noverrides; i++)
    json_array_append_new(list, json_string(p->overrides[i].milestone));
  snprintf(text, sizeof text, "%zu", p->noverrides);
  row(o, "reminders.milestones", p->noverrides > 0 ? text : "(none)", list,
      source(o, "reminders.milestones"));
}

static void mail_rows(show *o) {
  const dd_mail_config *m = dd_config_mail(o->cfg);
  row_string(o, "mail.url", m->url);
  row_string(o, "mail.from", m->from);
  row_string(o, "mail.from_name", m->from_name);
  row_string(o, "mail.username", m->username);
  /* Where the password is read from, never the password. */
  row_string(o, "mail.password_file", m->password_file);
  row_string(o, "mail.password_env", m->password_env);
  row_string(o, "mail.ca_file", m->ca_file);
  row_bool(o, "mail.allow_plaintext", m->allow_plaintext);
  row_long(o, "mail.timeout", m->timeout);
}

static void web_rows(show *o) {
  static const char *const auths[] = {[DD_WEB_AUTH_LOCAL] = "local",
                                      [DD_WEB_AUTH_PROXY] = "proxy",
                                      [DD_WEB_AUTH_OFF] = "off",
                                      [DD_WEB_AUTH_EMAIL_LINK] = "email-link"};
  const dd_web_config *w = dd_config_web(o->cfg);
  row_string(o, "web.auth", auths[w->auth]);
  row_string(o, "web.proxy_header", w->proxy_header);
  row_string(o, "web.proxy_secret_header", w->proxy_secret_header);
  row_string(o, "web.proxy_secret_file", w->proxy_secret_file);
  row_string(o, "web.proxy_secret_env", w->proxy_secret_env);
  row_string(o, "web.base_url", w->base_url);
  row_long(o, "web.session_idle", w->session_idle);
  row_long(o, "web.session_absolute", w->session_absolute);
  row_long(o, "web.link_lifetime", w->link_lifetime);
  row_long(o, "web.signin_window", w->signin_window);
  row_long(o, "web.signin_per_address", w->signin_per_address);
  row_long(o, "web.signin_per_client", w->signin_per_client);
  row_string(o, "web.client_header", w->client_header);
}

static int config_show(cli_ctx *x) {
  show o = {.cfg = cli_config()};
  if (x->common.json && (o.json = json_object()) == NULL) {
    cli_error("out of memory");
    return EXIT_BAD_INPUT;
  }
  const char *file = dd_config_file(o.cfg);
  row(&o, "config", file != NULL ? file : "(none: built in)",
      file != NULL ? json_string(file) : NULL, cli_config_origin());
  const char *origin;
  const char *dir = cli_holidays_source(&x->common, &origin);
  row(&o, "holidays", dir != NULL ? dir : "(built in)",
      dir != NULL ? json_string(dir) : NULL, origin);
  calendar_rows(&o, &x->common);
  visit_type_rows(&o);
  register_row(&o, &x->common);
  reminder_rows(&o);
  mail_rows(&o);
  web_rows(&o);
  return o.json != NULL ? cli_print_json(o.json) : EXIT_YES;
}

int cmd_config(int argc, char **argv) {
  int rc = cli_subcommand_begin(argc, argv, config_usage);
  if (rc != CLI_RUN)
    return rc;
  if (strcmp(argv[1], "show") != 0) {
    cli_error("config: unknown subcommand \"%s\" (show)", argv[1]);
    return EXIT_BAD_INPUT;
  }
  const cli_spec spec = {.usage = config_usage,
                         .max_pos = 0,
                         .pos_error = "config show: takes no arguments"};
  char named[] = "config show";
  argv[1] = named;
  cli_ctx x;
  rc = cli_command_begin(argc - 1, argv + 1, &spec, &x);
  if (rc != CLI_RUN)
    return rc;
  rc = config_show(&x);
  cli_command_end(&x);
  return rc;
}
