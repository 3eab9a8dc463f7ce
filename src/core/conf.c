/* The libconfig adapter: every loader reads through here so that syntax
 * errors and rule errors look the same ("file:line: message"). */
#include "conf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int dd__conf_read(config_t *cfg, const char *name, const char *text,
                  dd_diag *diag) {
  int ok;
  if (text != NULL) {
    ok = config_read_string(cfg, text);
  } else {
    FILE *f = fopen(name, "r");
    if (f == NULL)
      return dd_diag_set(diag, DD_EIO, "%s: %s", name, strerror(errno));
    ok = config_read(cfg, f);
    fclose(f);
  }
  if (ok == CONFIG_TRUE)
    return DD_OK;
  return dd_diag_set(diag, DD_EPARSE, "%s:%d: %s", name, config_error_line(cfg),
                     config_error_text(cfg));
}

/* Sets diag to "name:line: " and fmt's message for setting s. */
int dd__conf_end(config_t *cfg, const char *name, int err, dd_diag *diag) {
  config_destroy(cfg);
  if (err == DD_ENOMEM)
    dd_diag_set(diag, err, "%s: out of memory", name);
  return err;
}

#if defined(__GNUC__)
__attribute__((format(printf, 4, 0)))
#endif
static int
conf_verror(dd_diag *diag, const char *name, const config_setting_t *s,
            const char *fmt, va_list ap) {
  if (diag != NULL) {
    int n = snprintf(diag->message, sizeof diag->message, "%s:%d: ", name,
                     s != NULL ? (int)config_setting_source_line(s) : 0);
    if (n < 0 || (size_t)n >= sizeof diag->message)
      return DD_EPARSE;
    vsnprintf(diag->message + n, sizeof diag->message - (size_t)n, fmt, ap);
  }
  return DD_EPARSE;
}

int dd__conf_error(dd_diag *diag, const char *name, const config_setting_t *s,
                   const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int err = conf_verror(diag, name, s, fmt, ap);
  va_end(ap);
  return err;
}

int dd__conf_check_keys(dd_diag *diag, const char *name,
                        const config_setting_t *s, const char *const *allowed) {
  int n = config_setting_length(s);
  for (int i = 0; i < n; i++) {
    const config_setting_t *m = config_setting_get_elem(s, (unsigned)i);
    const char *key = config_setting_name(m);
    if (key == NULL)
      continue;
    const char *const *a = allowed;
    while (*a != NULL && strcmp(*a, key) != 0)
      a++;
    if (*a == NULL)
      return dd__conf_error(diag, name, m, "unknown setting \"%s\"", key);
  }
  return DD_OK;
}

int dd__conf_group(dd_diag *diag, const char *name, const config_setting_t *s,
                   const char *const *allowed, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int err = config_setting_type(s) == CONFIG_TYPE_GROUP
                ? dd__conf_check_keys(diag, name, s, allowed)
                : conf_verror(diag, name, s, fmt, ap);
  va_end(ap);
  return err;
}

int dd__conf_list(dd_diag *diag, const char *name, const config_setting_t *s,
                  int flags, size_t *n, const char *fmt, ...) {
  int type = config_setting_type(s);
  va_list ap;
  va_start(ap, fmt);
  bool ok = type == CONFIG_TYPE_LIST ||
            ((flags & DD__CONF_ARRAY) && type == CONFIG_TYPE_ARRAY);
  int err = ok ? DD_OK : conf_verror(diag, name, s, fmt, ap);
  va_end(ap);
  if (ok)
    *n = (size_t)config_setting_length(s);
  return err;
}

int dd__conf_need(dd_diag *diag, const char *name, const config_setting_t *g,
                  const char *key, const char **out, const char *fmt, ...) {
  const char *text = NULL;
  va_list ap;
  va_start(ap, fmt);
  bool ok = config_setting_lookup_string(g, key, &text) && text[0] != '\0';
  int err = ok ? DD_OK : conf_verror(diag, name, g, fmt, ap);
  va_end(ap);
  if (ok)
    *out = text;
  return err;
}

int dd__conf_unique(dd_diag *diag, const char *name,
                    const config_setting_t *list, size_t i, const char *key,
                    const char *what) {
  const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
  const char *value = NULL, *earlier = NULL;
  config_setting_lookup_string(g, key, &value);
  for (size_t k = 0; value != NULL && k < i; k++)
    if (config_setting_lookup_string(config_setting_get_elem(list, (unsigned)k),
                                     key, &earlier) &&
        strcmp(earlier, value) == 0)
      return dd__conf_error(diag, name, g, "%s \"%s\" is listed twice", what,
                            value);
  return DD_OK;
}

int dd__conf_string(dd_diag *diag, const char *name, const config_setting_t *g,
                    const char *key, int flags, const char **out) {
  const config_setting_t *s = config_setting_get_member(g, key);
  if (s == NULL) {
    if (flags & DD__CONF_REQUIRED)
      return dd__conf_error(diag, name, g, "missing \"%s\"", key);
    return DD_OK;
  }
  const char *text = config_setting_get_string(s);
  if ((flags & DD__CONF_NONEMPTY) && (text == NULL || text[0] == '\0'))
    return dd__conf_error(diag, name, s, "\"%s\" must be a non-empty string",
                          key);
  if (text == NULL)
    return dd__conf_error(diag, name, s, "\"%s\" must be a string", key);
  *out = text;
  return DD_OK;
}

int dd__conf_bool(dd_diag *diag, const char *name, const config_setting_t *g,
                  const char *key, bool *out) {
  const config_setting_t *s = config_setting_get_member(g, key);
  if (s == NULL)
    return DD_OK;
  if (config_setting_type(s) != CONFIG_TYPE_BOOL)
    return dd__conf_error(diag, name, s, "\"%s\" must be true or false", key);
  *out = config_setting_get_bool(s) != 0;
  return DD_OK;
}
