/* Internal adapter over libconfig: reading a file or string into a config_t
 * and reporting errors as "file:line: message". Only loaders include it. */
#ifndef DUEDAY_SRC_CONF_H
#define DUEDAY_SRC_CONF_H

#include "dueday/error.h"

#include <libconfig.h>

#include <stdbool.h>
#include <stddef.h>

/* Reads path (or text, when text is not NULL; name is then used in
 * messages) into cfg, which the caller has initialised with config_init and
 * destroys. This is where configuration and holiday text enters, so it is
 * checked here before libconfig parses it. DD_EIO if the file cannot be
 * read or is a directory; DD_EPARSE with "name:line: message" for a syntax
 * error, bytes that are not UTF-8, a NUL byte, a whole number that does
 * not fit the 32 bits libconfig would keep (64 with L), or a file over
 * 1 MiB ("name: too large"); DD_ENOMEM. */
int dd__conf_read(config_t *cfg, const char *name, const char *text,
                  dd_diag *diag);

/* Ends a load that read cfg with dd__conf_read: destroys cfg and returns
 * err, first setting diag to "name: out of memory" for DD_ENOMEM, which
 * the readers return bare. */
int dd__conf_end(config_t *cfg, const char *name, int err, dd_diag *diag);

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

/* The readers every loader uses for a setting. Each reports a problem as
 * DD_EPARSE with "name:line: message" in diag and leaves *out untouched;
 * an absent optional setting is DD_OK with *out untouched too. */

/* The readers' flags. */
enum {
  DD__CONF_REQUIRED = 1, /* absent: "missing \"key\"" (at the group) */
  DD__CONF_NONEMPTY = 2, /* "": "\"key\" is empty" */
  DD__CONF_ARRAY = 4     /* dd__conf_list: an array will do */
};

/* Checks that s is a group whose members are all named in allowed; when it
 * is not a group, the message is fmt's. */
int dd__conf_group(dd_diag *diag, const char *name, const config_setting_t *s,
                   const char *const *allowed, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* The length of list s ( ... ) into *n, or with DD__CONF_ARRAY of an array
 * [ ... ] too; when s is neither, the message is fmt's. */
int dd__conf_list(dd_diag *diag, const char *name, const config_setting_t *s,
                  int flags, size_t *n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* Member key of group g as a non-empty string, borrowed from the
 * configuration; when it is absent, empty or something else, the message
 * (at g) is fmt's. */
int dd__conf_need(dd_diag *diag, const char *name, const config_setting_t *g,
                  const char *key, const char **out, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* Checks that member key of the i-th group of list, a string, names no
 * earlier group of the list: "what \"value\" is listed twice" (at the
 * i-th group) when it does. The earlier groups have the member. */
int dd__conf_unique(dd_diag *diag, const char *name,
                    const config_setting_t *list, size_t i, const char *key,
                    const char *what);

/* Member key of group g as a string, borrowed from the configuration:
 * "\"key\" is VALUE: it must be a string" (or, with DD__CONF_NONEMPTY,
 * "a non-empty string", and "\"key\" is empty" for "") when it is
 * something else. */
int dd__conf_string(dd_diag *diag, const char *name, const config_setting_t *g,
                    const char *key, int flags, const char **out);

/* The value of setting s as a message shows it: a string in quotes (cut
 * short, on a character boundary, to fit buf), a number as written, true
 * or false, or what it is ("a group { ... }"), so that an error about a
 * value of the wrong kind still says what was found. Returns buf. */
const char *dd__conf_value(const config_setting_t *s, char *buf, size_t size);

/* The size of a buffer for dd__conf_value. */
#define DD__CONF_VALUE_MAX 80

/* Setting s as a whole number from lo to hi: "\"what\" is VALUE: use a
 * whole number from lo to hi" when it is another number or something
 * else. A 64-bit setting ("5L", or a large number in a libconfig that
 * types it so) is read whole and range-checked, never cut to 32 bits. */
int dd__conf_int(dd_diag *diag, const char *name, const config_setting_t *s,
                 const char *what, int lo, int hi, int *out);

/* Member key of group g, optional, as true or false: "\"key\" is VALUE:
 * use true or false" when it is something else. */
int dd__conf_bool(dd_diag *diag, const char *name, const config_setting_t *g,
                  const char *key, bool *out);

#endif
