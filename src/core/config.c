/* Reading config/dueday.conf: the calendar section here, the visit types in
 * rules.c. Everything is validated, so a typo is an error with its line
 * rather than a silently ignored setting. */
#include "dueday/config.h"

#include "builtin.h"
#include "conf.h"
#include "config_remind.h"
#include "config_web.h"
#include "rules.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct dd_config {
  dd_calendar_config calendar;
  char *division;
  dd_closure *closures;
  dd_visit_type *types;
  size_t ntypes;
  char *register_path;
  char *register_group;
  dd_remind_policy reminders;
  dd_mail_config mail;
  dd__remind_storage remind_storage;
  dd_web_config web;
  dd__web_storage web_storage;
  int *override_lines;   /* where each reminder override is, for messages */
  int feed_horizon_days; /* feeds.horizon_days */
  /* Where each setting the file gave is (dd_config_source): the dotted
   * path of every named setting, and its line; file is the name read. */
  struct dd__config_source {
    char *path;
    int line;
  } * sources;
  size_t nsources;
  char *file; /* NULL for the built-in configuration */
};

void dd_config_free(dd_config *cfg) {
  if (cfg == NULL)
    return;
  for (size_t i = 0; i < cfg->calendar.nclosures; i++)
    free((char *)cfg->closures[i].name);
  free(cfg->closures);
  free(cfg->division);
  free(cfg->register_path);
  free(cfg->register_group);
  dd__remind_storage_clear(&cfg->remind_storage);
  dd__web_storage_clear(&cfg->web_storage);
  free(cfg->override_lines);
  for (size_t i = 0; i < cfg->nsources; i++)
    free(cfg->sources[i].path);
  free(cfg->sources);
  free(cfg->file);
  dd__rules_free(cfg->types, cfg->ntypes);
  free(cfg);
}

const dd_calendar_config *dd_config_calendar(const dd_config *cfg) {
  return &cfg->calendar;
}

const char *dd_config_register_path(const dd_config *cfg) {
  return cfg->register_path;
}

const char *dd_config_register_group(const dd_config *cfg) {
  return cfg->register_group;
}

const dd_remind_policy *dd_config_reminders(const dd_config *cfg) {
  return &cfg->reminders;
}

const dd_mail_config *dd_config_mail(const dd_config *cfg) {
  return &cfg->mail;
}

const dd_web_config *dd_config_web(const dd_config *cfg) { return &cfg->web; }

int dd_config_feed_horizon(const dd_config *cfg) {
  return cfg->feed_horizon_days;
}

const dd_visit_type *dd_config_visit_type(const dd_config *cfg,
                                          const char *id) {
  for (size_t i = 0; i < cfg->ntypes; i++)
    if (strcmp(cfg->types[i].id, id) == 0)
      return &cfg->types[i];
  return NULL;
}

const dd_visit_type *dd_config_visit_types(const dd_config *cfg, size_t *n) {
  *n = cfg->ntypes;
  return cfg->types;
}

bool dd_config_source(const dd_config *cfg, const char *path, const char **file,
                      int *line) {
  for (size_t i = 0; i < cfg->nsources; i++) {
    if (strcmp(cfg->sources[i].path, path) == 0) {
      *file = cfg->file;
      *line = cfg->sources[i].line;
      return true;
    }
  }
  return false;
}

const char *dd_config_file(const dd_config *cfg) { return cfg->file; }

/* Records where every named setting under s is, by its dotted path
 * (prefix "" at the root), for dd_config_source. Members of lists are not
 * named: the list's own line stands for them. */
static int record_sources(dd_config *cfg, const config_setting_t *s,
                          const char *prefix) {
  for (unsigned i = 0;; i++) {
    const config_setting_t *m = config_setting_get_elem(s, i);
    if (m == NULL)
      return DD_OK;
    const char *name = config_setting_name(m);
    if (name == NULL)
      continue;
    size_t len = strlen(prefix) + strlen(name) + 2;
    char *path = malloc(len);
    if (path == NULL)
      return DD_ENOMEM;
    snprintf(path, len, "%s%s%s", prefix, prefix[0] != '\0' ? "." : "", name);
    struct dd__config_source *grown =
        realloc(cfg->sources, (cfg->nsources + 1) * sizeof *grown);
    if (grown == NULL) {
      free(path);
      return DD_ENOMEM;
    }
    cfg->sources = grown;
    cfg->sources[cfg->nsources].path = path;
    cfg->sources[cfg->nsources++].line = (int)config_setting_source_line(m);
    if (config_setting_is_group(m)) {
      int err = record_sources(cfg, m, path);
      if (err != DD_OK)
        return err;
    }
  }
}

static int read_week(const char *name, const config_setting_t *s,
                     unsigned *mask, dd_diag *diag) {
  size_t n;
  if (dd__conf_list(diag, name, s, DD__CONF_ARRAY, &n,
                    "\"working_days\" must be a list of day names, "
                    "e.g. [\"Monday\", \"Tuesday\"]") != DD_OK)
    return DD_EPARSE;
  *mask = 0;
  for (size_t i = 0; i < n; i++) {
    const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
    const char *day = config_setting_get_string(e);
    int w = 0;
    for (int k = DD_MONDAY; day != NULL && k <= DD_SUNDAY && !w; k++)
      if (strcmp(day, dd_weekday_name(k)) == 0)
        w = k;
    if (w == 0) {
      char value[DD__CONF_VALUE_MAX];
      return dd__conf_error(diag, name, e,
                            "unknown day %s in \"working_days\": use "
                            "Monday to Sunday",
                            dd__conf_value(e, value, sizeof value));
    }
    if (*mask & (1u << (w - 1)))
      return dd__conf_error(diag, name, e, "\"%s\" is listed twice", day);
    *mask |= 1u << (w - 1);
  }
  if (*mask == 0)
    return dd__conf_error(diag, name, s, "\"working_days\" is empty");
  return DD_OK;
}

static int read_closure_date(const char *name, const config_setting_t *g,
                             const char *key, dd_date *out, dd_diag *diag) {
  const config_setting_t *s = config_setting_get_member(g, key);
  if (s == NULL)
    return dd__conf_error(diag, name, g, "closure needs \"%s\"", key);
  const char *text = config_setting_get_string(s);
  const char *why = "not a string";
  char value[DD__CONF_VALUE_MAX];
  if (text == NULL || dd_date_parse(text, out, &why) != DD_OK)
    return dd__conf_error(diag, name, s, "invalid date %s: %s",
                          dd__conf_value(s, value, sizeof value), why);
  return DD_OK;
}

static int read_closures(dd_config *cfg, const char *name,
                         const config_setting_t *list, dd_diag *diag) {
  static const char *const keys[] = {"name", "from", "to", NULL};
  size_t n;
  if (dd__conf_list(diag, name, list, 0, &n,
                    "\"closures\" must be a list ( { ... }, ... )") != DD_OK)
    return DD_EPARSE;
  if (n == 0)
    return DD_OK;
  if ((cfg->closures = calloc(n, sizeof *cfg->closures)) == NULL)
    return DD_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
    dd_closure *c = &cfg->closures[i];
    const char *title = NULL;
    int err;
    if ((err = dd__conf_group(diag, name, g, keys,
                              "each closure must be a group")) != DD_OK)
      return err;
    if ((err = dd__conf_need(diag, name, g, "name", &title,
                             "closure needs a \"name\" (shown as the "
                             "reason)")) != DD_OK)
      return err;
    if ((err = read_closure_date(name, g, "from", &c->from, diag)) ||
        (err = read_closure_date(name, g, "to", &c->to, diag)))
      return err;
    if (c->to < c->from)
      return dd__conf_error(diag, name, g,
                            "closure \"%s\" ends before it starts", title);
    if ((c->name = dd__strdup(title)) == NULL)
      return DD_ENOMEM;
    cfg->calendar.nclosures++;
  }
  cfg->calendar.closures = cfg->closures;
  return DD_OK;
}

static int read_calendar(dd_config *cfg, const char *name,
                         const config_setting_t *cal, dd_diag *diag) {
  static const char *const keys[] = {"division",   "working_days", "closures",
                                     "end_of_day", "time_zone",    NULL};
  int err;
  if ((err = dd__conf_group(diag, name, cal, keys,
                            "\"calendar\" must be a group { ... }")) != DD_OK)
    return err;
  const config_setting_t *s = config_setting_get_member(cal, "division");
  if (s != NULL) {
    const char *div = config_setting_get_string(s);
    char value[DD__CONF_VALUE_MAX];
    if (div == NULL || !dd_division_known(div))
      return dd__conf_error(diag, name, s,
                            "unknown division %s (use england-and-wales, "
                            "scotland, northern-ireland or united-kingdom)",
                            dd__conf_value(s, value, sizeof value));
    free(cfg->division);
    if ((cfg->division = dd__strdup(div)) == NULL)
      return DD_ENOMEM;
    cfg->calendar.division = cfg->division;
  }
  if ((s = config_setting_get_member(cal, "end_of_day")) != NULL) {
    const char *text = config_setting_get_string(s);
    char value[DD__CONF_VALUE_MAX];
    if (text == NULL || (cfg->calendar.end_of_day = dd__parse_clock(text)) < 0)
      return dd__conf_error(diag, name, s,
                            "invalid \"end_of_day\" %s: use HH:MM",
                            dd__conf_value(s, value, sizeof value));
  }
  if ((s = config_setting_get_member(cal, "time_zone")) != NULL) {
    /* Clock times are Europe/London (timescales.md); the feeds (and their
     * VTIMEZONE) know no other zone yet, so accept only that. */
    const char *text = config_setting_get_string(s);
    char value[DD__CONF_VALUE_MAX];
    if (text == NULL || strcmp(text, "Europe/London") != 0)
      return dd__conf_error(diag, name, s,
                            "unsupported time zone %s (only "
                            "Europe/London)",
                            dd__conf_value(s, value, sizeof value));
  }
  if ((s = config_setting_get_member(cal, "working_days")) != NULL &&
      (err = read_week(name, s, &cfg->calendar.week_mask, diag)) != DD_OK)
    return err;
  if ((s = config_setting_get_member(cal, "closures")) != NULL)
    return read_closures(cfg, name, s, diag);
  return DD_OK;
}

static int read_register(dd_config *cfg, const char *name,
                         const config_setting_t *reg, dd_diag *diag) {
  static const char *const keys[] = {"path", "group", NULL};
  const char *path = NULL, *group = NULL;
  int err = dd__conf_group(diag, name, reg, keys,
                           "\"register\" must be a group { path = \"...\"; }");
  if (err != DD_OK ||
      (err = dd__conf_string(diag, name, reg, "path", DD__CONF_NONEMPTY,
                             &path)) != DD_OK ||
      (err = dd__conf_string(diag, name, reg, "group", DD__CONF_NONEMPTY,
                             &group)) != DD_OK)
    return err;
  if (path != NULL && (cfg->register_path = dd__strdup(path)) == NULL)
    return DD_ENOMEM;
  /* The group that may read the register (its files 0640 rather than
   * 0600): whether it exists is the register's business, when it makes
   * a file (dd_store_open_as). */
  if (group != NULL && (cfg->register_group = dd__strdup(group)) == NULL)
    return DD_ENOMEM;
  return DD_OK;
}

static int read_reminders(dd_config *cfg, const char *name,
                          const config_setting_t *s, dd_diag *diag) {
  int err =
      dd__remind_read(name, s, &cfg->reminders, &cfg->remind_storage, diag);
  if (err != DD_OK || cfg->reminders.noverrides == 0)
    return err;
  /* The milestone ids are checked once the visit types are known. */
  const config_setting_t *list = config_setting_get_member(s, "milestones");
  cfg->override_lines = calloc(cfg->reminders.noverrides, sizeof(int));
  if (cfg->override_lines == NULL)
    return DD_ENOMEM;
  for (size_t i = 0; i < cfg->reminders.noverrides; i++)
    cfg->override_lines[i] = (int)config_setting_source_line(
        config_setting_get_elem(list, (unsigned)i));
  return DD_OK;
}

static int read_types(dd_config *cfg, const char *name,
                      const config_setting_t *s, dd_diag *diag) {
  return dd__rules_read(name, s, &cfg->types, &cfg->ntypes, diag);
}

static int read_mail(dd_config *cfg, const char *name,
                     const config_setting_t *s, dd_diag *diag) {
  return dd__mail_read(name, s, &cfg->mail, &cfg->remind_storage, diag);
}

static int read_web(dd_config *cfg, const char *name, const config_setting_t *s,
                    dd_diag *diag) {
  return dd__web_read(name, s, &cfg->web, &cfg->web_storage, diag);
}

/* The "feeds" section: feeds = { horizon_days = 90; }. */
static int read_feeds(dd_config *cfg, const char *name,
                      const config_setting_t *s, dd_diag *diag) {
  static const char *const keys[] = {"horizon_days", NULL};
  int err = dd__conf_group(diag, name, s, keys,
                           "\"feeds\" must be a group { horizon_days = 90; }");
  const config_setting_t *h = config_setting_get_member(s, "horizon_days");
  if (err == DD_OK && h != NULL)
    err = dd__conf_int(diag, name, h, "horizon_days", 1, DD_FEED_HORIZON_MAX,
                       &cfg->feed_horizon_days);
  return err;
}

/* Whether any rule set of any visit type has milestone id. */
static bool milestone_known(const dd_config *cfg, const char *id) {
  for (size_t t = 0; t < cfg->ntypes; t++)
    for (size_t r = 0; r < cfg->types[t].nrule_sets; r++)
      if (dd_rule_set_find(&cfg->types[t].rule_sets[r], id) >= 0)
        return true;
  return false;
}

/* A reminder override naming no milestone is a typo that would silently
 * leave the default lead times in force. */
static int check_overrides(const dd_config *cfg, const char *name,
                           dd_diag *diag) {
  for (size_t i = 0; i < cfg->reminders.noverrides; i++)
    if (!milestone_known(cfg, cfg->reminders.overrides[i].milestone))
      return dd_diag_set(diag, DD_EPARSE,
                         "%s:%d: reminders: no visit type has a milestone "
                         "\"%s\"",
                         name, cfg->override_lines[i],
                         cfg->reminders.overrides[i].milestone);
  return DD_OK;
}

static int load(const char *name, const char *text, bool builtin,
                dd_config **out, dd_diag *diag) {
  static const char *const top_keys[] = {"calendar",  "register", "visit_types",
                                         "reminders", "mail",     "web",
                                         "feeds",     NULL};
  /* Each section's reader, in the order of top_keys. */
  static int (*const readers[])(dd_config *, const char *,
                                const config_setting_t *, dd_diag *) = {
      read_calendar, read_register, read_types, read_reminders,
      read_mail,     read_web,      read_feeds};
  *out = NULL;
  dd_config *cfg = calloc(1, sizeof *cfg);
  if (cfg == NULL)
    return dd_diag_set(diag, DD_ENOMEM, "%s: out of memory", name);
  cfg->calendar.division = "england-and-wales";
  cfg->calendar.week_mask = DD_WEEK_MON_FRI;
  cfg->calendar.end_of_day = 17 * 60;
  cfg->calendar.time_zone = "Europe/London";
  dd_remind_policy_default(&cfg->reminders);
  cfg->mail.from_name = "dueday";
  cfg->mail.timeout = 30;
  dd__web_default(&cfg->web);
  cfg->feed_horizon_days = DD_FEED_HORIZON_DEFAULT;
  config_t lc;
  config_init(&lc);
  int err = dd__conf_read(&lc, name, text, diag);
  const config_setting_t *root = config_root_setting(&lc);
  if (err == DD_OK)
    err = dd__conf_check_keys(diag, name, root, top_keys);
  /* The built-in configuration's values are the defaults: only a file's
   * settings have a place to report. */
  if (err == DD_OK && !builtin) {
    if ((cfg->file = dd__strdup(name)) == NULL)
      err = DD_ENOMEM;
    else
      err = record_sources(cfg, root, "");
  }
  for (size_t i = 0; err == DD_OK && top_keys[i] != NULL; i++) {
    const config_setting_t *s = config_lookup(&lc, top_keys[i]);
    if (s != NULL)
      err = readers[i](cfg, name, s, diag);
  }
  if ((err = dd__conf_end(&lc, name, err, diag)) != DD_OK) {
    dd_config_free(cfg);
    return err;
  }
  *out = cfg;
  return DD_OK;
}

/* *out after the checks that need the whole configuration; freed and NULL
 * when they fail. */
static int checked(const char *name, dd_config **out, dd_diag *diag) {
  int err = check_overrides(*out, name, diag);
  if (err != DD_OK) {
    dd_config_free(*out);
    *out = NULL;
  }
  return err;
}

/* A file that defines no visit types gets the built-in ones, so that a
 * configuration that only sets the calendar or the register still plans
 * assurance and focused visits. */
static int with_default_types(const char *name, int err, dd_config **out,
                              dd_diag *diag) {
  if (err != DD_OK)
    return err;
  if ((*out)->ntypes > 0)
    return checked(name, out, diag);
  dd_config *builtin;
  err = dd_config_load_default(&builtin, diag);
  if (err != DD_OK) {
    dd_config_free(*out);
    *out = NULL;
    return err;
  }
  (*out)->types = builtin->types;
  (*out)->ntypes = builtin->ntypes;
  builtin->types = NULL;
  builtin->ntypes = 0;
  dd_config_free(builtin);
  return checked(name, out, diag);
}

int dd_config_load_file(const char *path, dd_config **out, dd_diag *diag) {
  return with_default_types(path, load(path, NULL, false, out, diag), out,
                            diag);
}

int dd_config_load_default(dd_config **out, dd_diag *diag) {
  return load("config/dueday.conf (built in)",
              dd__builtin_file("config/dueday"), true, out, diag);
}

int dd_config_load_string(const char *name, const char *text, dd_config **out,
                          dd_diag *diag) {
  return with_default_types(name, load(name, text, false, out, diag), out,
                            diag);
}
