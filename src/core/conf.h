/* Internal adapter over libconfig: reading a file or string into a config_t
 * and reporting errors as "file:line: message". Only loaders include it. */
#ifndef DUEDAY_SRC_CONF_H
#define DUEDAY_SRC_CONF_H

#include "dueday/error.h"

#include <libconfig.h>

/* Reads path (or text, when text is not NULL; name is then used in
 * messages) into cfg, which the caller has initialised with config_init and
 * destroys. DD_EIO if the file cannot be opened, DD_EPARSE with
 * "name:line: message" for a syntax error. */
int dd__conf_read(config_t *cfg, const char *name, const char *text,
                  dd_diag *diag);

/* Sets diag to "name:line: message" for setting s and returns DD_EPARSE. */
int dd__conf_error(dd_diag *diag, const char *name, const config_setting_t *s,
                   const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Checks that every member of group s is named in allowed (NULL-terminated);
 * otherwise reports the first unknown one. */
int dd__conf_check_keys(dd_diag *diag, const char *name,
                        const config_setting_t *s, const char *const *allowed);

#endif
