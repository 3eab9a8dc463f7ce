/* The "reminders" and "mail" sections of the configuration. Like the rest
 * of the file they are validated whole: an unknown key, a lead time out of
 * order or an address that is not one is an error with its line. */
#include "config_remind.h"

#include "buf.h"
#include "conf.h"
#include "rules.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Keeps a copy of text in store; NULL when out of memory. */
static const char *keep(dd__remind_storage *store, const char *text) {
  if (!dd__grow(&store->strings, &store->strings_cap, store->nstrings + 1,
                sizeof *store->strings, 16))
    return NULL;
  char *copy = dd__strdup(text);
  if (copy != NULL)
    store->strings[store->nstrings++] = copy;
  return copy;
}

void dd__remind_storage_clear(dd__remind_storage *store) {
  for (size_t i = 0; i < store->nstrings; i++)
    free(store->strings[i]);
  free(store->strings);
  free(store->regions);
  free(store->overrides);
  free(store->extras);
  memset(store, 0, sizeof *store);
}

static int read_address(const char *name, const config_setting_t *s,
                        const char *what, const char **out,
                        dd__remind_storage *store, dd_diag *diag) {
  const char *text = config_setting_get_string(s);
  char value[DD__CONF_VALUE_MAX];
  if (text == NULL || !dd__address_valid(text, strlen(text)))
    return dd__conf_error(diag, name, s,
                          "%s %s is not an e-mail address "
                          "(name@example.org)",
                          what, dd__conf_value(s, value, sizeof value));
  return (*out = keep(store, text)) != NULL ? DD_OK : DD_ENOMEM;
}

static int read_int(const char *name, const config_setting_t *s,
                    const char *what, int min, int max, int *out,
                    dd_diag *diag) {
  return dd__conf_int(diag, name, s, what, min, max, out);
}

/* lead_days and overdue_after of group g into leads (which holds what they
 * default to). */
static int read_leads(const char *name, const config_setting_t *g,
                      dd_remind_leads *leads, dd_diag *diag) {
  const config_setting_t *s = config_setting_get_member(g, "lead_days");
  int err;
  if (s != NULL) {
    size_t n;
    if (dd__conf_list(diag, name, s, DD__CONF_ARRAY, &n,
                      "\"lead_days\" must be a list of working days "
                      "before the due day, e.g. [5, 2, 0]") != DD_OK)
      return DD_EPARSE;
    if (n > DD_REMIND_MAX_LEADS)
      return dd__conf_error(diag, name, s, "at most %d lead times",
                            DD_REMIND_MAX_LEADS);
    leads->n = 0;
    for (size_t i = 0; i < n; i++) {
      const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
      int days = 0;
      if ((err = read_int(name, e, "lead_days", 0, 60, &days, diag)) != DD_OK)
        return err;
      /* Most distant first, so that the list reads as the reminders go. */
      if (i > 0 && days >= leads->days[i - 1])
        return dd__conf_error(diag, name, e,
                              "\"lead_days\" must go down, most distant "
                              "first: %d after %d",
                              days, leads->days[i - 1]);
      leads->days[leads->n++] = days;
    }
  }
  if ((s = config_setting_get_member(g, "overdue_after")) != NULL &&
      (err = read_int(name, s, "overdue_after", 0, 60, &leads->overdue_after,
                      diag)) != DD_OK)
    return err;
  return DD_OK;
}

static int read_roles(const char *name, const config_setting_t *s,
                      unsigned *out, dd_diag *diag) {
  size_t n;
  if (dd__conf_list(diag, name, s, DD__CONF_ARRAY, &n,
                    "\"%s\" must be a list of roles: \"actor\", "
                    "\"inspector\", \"rim\"",
                    config_setting_name(s)) != DD_OK)
    return DD_EPARSE;
  *out = 0;
  for (size_t i = 0; i < n; i++) {
    const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
    const char *role = config_setting_get_string(e);
    if (role != NULL && strcmp(role, "actor") == 0)
      *out |= DD_TO_ACTOR;
    else if (role != NULL && strcmp(role, "inspector") == 0)
      *out |= DD_TO_INSPECTOR;
    else if (role != NULL && strcmp(role, "rim") == 0)
      *out |= DD_TO_RIM;
    else {
      char value[DD__CONF_VALUE_MAX];
      return dd__conf_error(diag, name, e,
                            "unknown role %s: use \"actor\" (whoever "
                            "acts), \"inspector\" or \"rim\"",
                            dd__conf_value(e, value, sizeof value));
    }
  }
  return DD_OK;
}

static int read_regions(const char *name, const config_setting_t *list,
                        dd_remind_policy *policy, dd__remind_storage *store,
                        dd_diag *diag) {
  static const char *const keys[] = {"name", "rim", "extra", NULL};
  size_t n, nextra = 0;
  if (dd__conf_list(diag, name, list, 0, &n,
                    "\"regions\" must be a list ( { name = ...; }, ... )") !=
      DD_OK)
    return DD_EPARSE;
  for (size_t i = 0; i < n; i++) {
    const config_setting_t *e = config_setting_lookup(
        config_setting_get_elem(list, (unsigned)i), "extra");
    if (e != NULL)
      nextra += (size_t)config_setting_length(e);
  }
  if (n == 0)
    return DD_OK;
  store->regions = calloc(n, sizeof *store->regions);
  store->extras = calloc(nextra + 1, sizeof *store->extras);
  if (store->regions == NULL || store->extras == NULL)
    return DD_ENOMEM;
  const char **extra = store->extras;
  for (size_t i = 0; i < n; i++) {
    const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
    dd_remind_region *r = &store->regions[i];
    int err;
    const char *region = NULL;
    if ((err = dd__conf_group(diag, name, g, keys,
                              "each region must be a group")) ||
        (err = dd__conf_need(diag, name, g, "name", &region,
                             "region needs a \"name\" (as in the register)")) ||
        (err = dd__conf_unique(diag, name, list, i, "name", "region")))
      return err;
    if ((r->name = keep(store, region)) == NULL)
      return DD_ENOMEM;
    const config_setting_t *s = config_setting_get_member(g, "rim");
    if (s != NULL &&
        (err = read_address(name, s, "rim", &r->rim, store, diag)) != DD_OK)
      return err;
    if ((s = config_setting_get_member(g, "extra")) != NULL) {
      size_t nextra_here;
      if (dd__conf_list(diag, name, s, DD__CONF_ARRAY, &nextra_here,
                        "\"extra\" must be a list of addresses") != DD_OK)
        return DD_EPARSE;
      r->extra = extra;
      for (size_t k = 0; k < nextra_here; k++)
        if ((err = read_address(name, config_setting_get_elem(s, (unsigned)k),
                                "extra", &extra[r->nextra++], store, diag)) !=
            DD_OK)
          return err;
      extra += r->nextra;
    }
  }
  policy->regions = store->regions;
  policy->nregions = n;
  return DD_OK;
}

static int read_overrides(const char *name, const config_setting_t *list,
                          dd_remind_policy *policy, dd__remind_storage *store,
                          dd_diag *diag) {
  static const char *const keys[] = {"id", "lead_days", "overdue_after", NULL};
  size_t n;
  if (dd__conf_list(
          diag, name, list, 0, &n,
          "\"milestones\" must be a list ( { id = ...; lead_days = ...; } )") !=
      DD_OK)
    return DD_EPARSE;
  if (n == 0)
    return DD_OK;
  if ((store->overrides = calloc(n, sizeof *store->overrides)) == NULL)
    return DD_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
    dd_remind_override *o = &store->overrides[i];
    int err;
    const char *id = NULL;
    if ((err = dd__conf_group(diag, name, g, keys,
                              "each milestone must be a group")) ||
        (err = dd__conf_need(diag, name, g, "id", &id,
                             "milestone needs the \"id\" of a milestone")) ||
        (err = dd__conf_unique(diag, name, list, i, "id", "milestone")))
      return err;
    if ((o->milestone = keep(store, id)) == NULL)
      return DD_ENOMEM;
    o->leads = policy->leads; /* what it does not say, it inherits */
    if ((err = read_leads(name, g, &o->leads, diag)) != DD_OK)
      return err;
  }
  policy->overrides = store->overrides;
  policy->noverrides = n;
  return DD_OK;
}

int dd__remind_read(const char *name, const config_setting_t *g,
                    dd_remind_policy *policy, dd__remind_storage *store,
                    dd_diag *diag) {
  static const char *const keys[] = {
      "lead_days",  "overdue_after", "send_at",    "style", "to",
      "overdue_to", "regions",       "milestones", NULL};
  int err = dd__conf_group(diag, name, g, keys,
                           "\"reminders\" must be a group { ... }");
  if (err == DD_OK)
    err = read_leads(name, g, &policy->leads, diag);
  if (err != DD_OK)
    return err;
  const config_setting_t *s = config_setting_get_member(g, "send_at");
  if (s != NULL) {
    const char *text = config_setting_get_string(s);
    char value[DD__CONF_VALUE_MAX];
    if (text == NULL || (policy->send_at = dd__parse_clock(text)) < 0)
      return dd__conf_error(diag, name, s, "invalid \"send_at\" %s: use HH:MM",
                            dd__conf_value(s, value, sizeof value));
  }
  if ((s = config_setting_get_member(g, "style")) != NULL) {
    const char *text = config_setting_get_string(s);
    if (text != NULL && strcmp(text, "individual") == 0)
      policy->digest = false;
    else if (text != NULL && strcmp(text, "digest") == 0)
      policy->digest = true;
    else {
      char value[DD__CONF_VALUE_MAX];
      return dd__conf_error(diag, name, s,
                            "unknown \"style\" %s: use \"individual\" "
                            "(a message per reminder) or \"digest\" (one a "
                            "day per recipient)",
                            dd__conf_value(s, value, sizeof value));
    }
  }
  if ((s = config_setting_get_member(g, "to")) != NULL &&
      (err = read_roles(name, s, &policy->to, diag)) != DD_OK)
    return err;
  if ((s = config_setting_get_member(g, "overdue_to")) != NULL &&
      (err = read_roles(name, s, &policy->overdue_to, diag)) != DD_OK)
    return err;
  if ((s = config_setting_get_member(g, "regions")) != NULL &&
      (err = read_regions(name, s, policy, store, diag)) != DD_OK)
    return err;
  /* After the defaults: an override inherits what it does not set. */
  if ((s = config_setting_get_member(g, "milestones")) != NULL &&
      (err = read_overrides(name, s, policy, store, diag)) != DD_OK)
    return err;
  return DD_OK;
}

/* An optional one-line string member, kept; "" reads as not set. */
static int read_string(const char *name, const config_setting_t *g,
                       const char *key, const char **out,
                       dd__remind_storage *store, dd_diag *diag) {
  const char *text = NULL;
  int err = dd__conf_string(diag, name, g, key, 0, &text);
  if (err != DD_OK || text == NULL || text[0] == '\0')
    return err;
  if (strpbrk(text, "\r\n") != NULL)
    return dd__conf_error(diag, name, config_setting_get_member(g, key),
                          "\"%s\" must be one line", key);
  return (*out = keep(store, text)) != NULL ? DD_OK : DD_ENOMEM;
}

int dd__mail_read(const char *name, const config_setting_t *g,
                  dd_mail_config *mail, dd__remind_storage *store,
                  dd_diag *diag) {
  static const char *const keys[] = {
      "url",           "from",         "from_name", "username",
      "password_file", "password_env", "ca_file",   "allow_plaintext",
      "timeout",       "password",     NULL};
  int err =
      dd__conf_group(diag, name, g, keys, "\"mail\" must be a group { ... }");
  if (err != DD_OK)
    return err;
  const config_setting_t *s = config_setting_get_member(g, "password");
  if (s != NULL)
    return dd__conf_error(diag, name, s,
                          "a password does not belong in the configuration: "
                          "use \"password_file\" or \"password_env\"");
  const char *const string_keys[] = {"url",          "from_name",
                                     "username",     "password_file",
                                     "password_env", "ca_file"};
  const char **fields[] = {&mail->url,          &mail->from_name,
                           &mail->username,     &mail->password_file,
                           &mail->password_env, &mail->ca_file};
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
    if ((err = read_string(name, g, string_keys[i], fields[i], store, diag)) !=
        DD_OK)
      return err;
  if ((s = config_setting_get_member(g, "from")) != NULL &&
      (err = read_address(name, s, "from", &mail->from, store, diag)) != DD_OK)
    return err;
  if ((err = dd__conf_bool(diag, name, g, "allow_plaintext",
                           &mail->allow_plaintext)) != DD_OK)
    return err;
  int timeout = 0;
  if ((s = config_setting_get_member(g, "timeout")) != NULL) {
    if ((err = read_int(name, s, "timeout", 1, 600, &timeout, diag)) != DD_OK)
      return err;
    mail->timeout = timeout;
  }
  return DD_OK;
}

void dd_remind_policy_default(dd_remind_policy *p) {
  memset(p, 0, sizeof *p);
  p->leads.days[0] = 5;
  p->leads.days[1] = 2;
  p->leads.days[2] = 0;
  p->leads.n = 3;
  p->leads.overdue_after = 1;
  p->send_at = 8 * 60;
  p->to = DD_TO_ACTOR;
  p->overdue_to = DD_TO_ACTOR | DD_TO_RIM;
}

const dd_remind_leads *dd_remind_leads_for(const dd_remind_policy *p,
                                           const char *milestone) {
  for (size_t i = 0; i < p->noverrides; i++)
    if (strcmp(p->overrides[i].milestone, milestone) == 0)
      return &p->overrides[i].leads;
  return &p->leads;
}
