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

int dd__conf_error(dd_diag *diag, const char *name, const config_setting_t *s,
                   const char *fmt, ...) {
  if (diag != NULL) {
    int n = snprintf(diag->message, sizeof diag->message, "%s:%d: ", name,
                     s != NULL ? (int)config_setting_source_line(s) : 0);
    if (n < 0 || (size_t)n >= sizeof diag->message)
      return DD_EPARSE;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(diag->message + n, sizeof diag->message - (size_t)n, fmt, ap);
    va_end(ap);
  }
  return DD_EPARSE;
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
