/* The libconfig adapter: every loader reads through here so that syntax
 * errors and rule errors look the same ("file:line: message"). */
#include "conf.h"

#include "buf.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The largest configuration or holiday file read: the shipped ones are a
 * few kilobytes, and a limit keeps a mistaken path (a device, a log) from
 * taking all the memory there is. */
#define CONF_MAX (1024 * 1024)

/* The whole of file name into *text (the caller frees it). DD_EIO for a
 * file that cannot be read, a directory among them: libconfig would hand
 * a directory to its scanner, which reports "input in flex scanner
 * failed" on standard error and ends the process. */
static int read_file(const char *name, char **text, size_t *len,
                     dd_diag *diag) {
  FILE *f = fopen(name, "rb");
  if (f == NULL)
    return dd_diag_set(diag, DD_EIO, "%s: %s", name, strerror(errno));
  struct stat st;
  int err = DD_OK;
  if (fstat(fileno(f), &st) != 0)
    err = dd_diag_set(diag, DD_EIO, "%s: %s", name, strerror(errno));
  else if (S_ISDIR(st.st_mode))
    err = dd_diag_set(diag, DD_EIO, "%s: a directory, not a file", name);
  dd__buf b = {0};
  while (err == DD_OK) {
    if (!dd__buf_room(&b, 4096, 8192)) {
      err = dd_diag_set(diag, DD_ENOMEM, "%s: out of memory", name);
      break;
    }
    size_t n = fread(b.p + b.len, 1, 4096, f);
    dd__buf_commit(&b, n);
    if (b.len > CONF_MAX)
      err = dd_diag_set(diag, DD_EPARSE, "%s: too large (over 1 MiB)", name);
    else if (n == 0 && ferror(f))
      err = dd_diag_set(diag, DD_EIO, "%s: %s", name, strerror(errno));
    else if (n == 0)
      break;
  }
  fclose(f);
  if (err != DD_OK) {
    dd__buf_clear(&b);
    return err;
  }
  *text = dd__buf_take(&b, len);
  return *text != NULL
             ? DD_OK
             : dd_diag_set(diag, DD_ENOMEM, "%s: out of memory", name);
}

/* The 1-based line of offset at in text. */
static int line_at(const char *text, size_t at) {
  int line = 1;
  for (size_t i = 0; i < at; i++)
    line += text[i] == '\n';
  return line;
}

/* Skips a number at text[*i] (a sign, digits, hex, a fraction, an exponent
 * and the L of a 64-bit one, as libconfig's scanner reads them) and checks
 * that it fits what libconfig makes of it. libconfig 1.5 reads a whole
 * number without an L into a 32-bit int and keeps only its low bits:
 * "offset = 4294967314" would be 18, in range, with no error. So every
 * whole number without L must fit 32 bits, and with L 64 bits; the
 * readers then check each one's range. */
static int check_number(const char *name, const char *text, size_t n, size_t *i,
                        dd_diag *diag) {
  size_t start = *i, p = *i;
  bool negative = text[p] == '-';
  if (text[p] == '-' || text[p] == '+')
    p++;
  bool hex =
      p + 1 < n && text[p] == '0' && (text[p + 1] == 'x' || text[p + 1] == 'X');
  bool fraction = false;
  size_t digits = hex ? p + 2 : p, end = digits;
  while (end < n && (isalnum((unsigned char)text[end]) || text[end] == '.' ||
                     ((text[end] == '-' || text[end] == '+') && !hex &&
                      (text[end - 1] == 'e' || text[end - 1] == 'E')))) {
    if (!hex && strchr(".eE", text[end]) != NULL)
      fraction = true;
    end++;
  }
  *i = end;
  if (fraction)
    return DD_OK; /* a float: no dueday setting is one */
  size_t last = end;
  while (last > digits && (text[last - 1] == 'L' || text[last - 1] == 'l'))
    last--;
  bool wide = last != end;
  uint64_t v = 0, limit = wide ? (uint64_t)INT64_MAX : (uint64_t)INT32_MAX;
  if (negative && !hex)
    limit++;
  bool over = false;
  for (size_t k = digits; k < last; k++) {
    unsigned char c = (unsigned char)text[k];
    unsigned d = isdigit(c)           ? (unsigned)(c - '0')
                 : hex && isxdigit(c) ? (unsigned)(tolower(c) - 'a' + 10)
                                      : 16;
    if (d >= (hex ? 16u : 10u))
      return DD_OK; /* not a number: libconfig's own error says where */
    if (v > (UINT64_MAX - d) / (hex ? 16 : 10))
      over = true;
    else
      v = v * (hex ? 16 : 10) + d;
  }
  if (!over && v <= limit)
    return DD_OK;
  return dd_diag_set(diag, DD_EPARSE,
                     "%s:%d: %.*s is out of range: a whole number here is "
                     "%s to %s",
                     name, line_at(text, start),
                     (int)(end - start < 40 ? end - start : 40), text + start,
                     wide ? "-9223372036854775808" : "-2147483648",
                     wide ? "9223372036854775807" : "2147483647");
}

/* Checks what libconfig would take without a word: bytes that are not
 * UTF-8 (every string read from here reaches feeds, e-mail and JSON, which
 * need UTF-8), a NUL byte (libconfig would stop reading there) and whole
 * numbers too large for what libconfig reads them into. */
static int check_text(const char *name, const char *text, size_t n,
                      dd_diag *diag) {
  size_t ok = dd__utf8_valid_prefix(text, n);
  if (ok != n)
    return dd_diag_set(diag, DD_EPARSE, "%s:%d: not valid UTF-8 (byte 0x%02X)",
                       name, line_at(text, ok), (unsigned char)text[ok]);
  const char *nul = memchr(text, '\0', n);
  if (nul != NULL)
    return dd_diag_set(diag, DD_EPARSE, "%s:%d: a NUL byte", name,
                       line_at(text, (size_t)(nul - text)));
  /* A small scanner after libconfig's (scanner.l): numbers are checked,
   * and what might look like one inside a string, a comment or a name
   * (key2) is skipped. */
  for (size_t i = 0; i < n;) {
    char c = text[i];
    if (c == '#' || (c == '/' && i + 1 < n && text[i + 1] == '/')) {
      while (i < n && text[i] != '\n')
        i++;
    } else if (c == '/' && i + 1 < n && text[i + 1] == '*') {
      const char *close = strstr(text + i + 2, "*/");
      i = close != NULL ? (size_t)(close - text) + 2 : n;
    } else if (c == '"') {
      for (i++; i < n && text[i] != '"'; i++)
        if (text[i] == '\\' && i + 1 < n)
          i++;
      i++;
    } else if (isalpha((unsigned char)c) || c == '*' || c == '_') {
      while (i < n && (isalnum((unsigned char)text[i]) ||
                       strchr("-_*", text[i]) != NULL))
        i++;
    } else if (isdigit((unsigned char)c) || c == '.' ||
               ((c == '-' || c == '+') && i + 1 < n &&
                (isdigit((unsigned char)text[i + 1]) || text[i + 1] == '.'))) {
      int err = check_number(name, text, n, &i, diag);
      if (err != DD_OK)
        return err;
    } else {
      i++;
    }
  }
  return DD_OK;
}

int dd__conf_read(config_t *cfg, const char *name, const char *text,
                  dd_diag *diag) {
  char *file = NULL;
  size_t len = 0;
  int err = DD_OK;
  if (text == NULL) {
    if ((err = read_file(name, &file, &len, diag)) != DD_OK)
      return err;
    text = file;
  } else {
    len = strlen(text);
  }
  if ((err = check_text(name, text, len, diag)) == DD_OK &&
      config_read_string(cfg, text) != CONFIG_TRUE) {
    const char *why = config_error_text(cfg);
    err =
        dd_diag_set(diag, DD_EPARSE, "%s:%d: %s", name, config_error_line(cfg),
                    why != NULL && why[0] != '\0' ? why : "syntax error");
  }
  free(file);
  return err;
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
    /* Cut at the buffer's size, perhaps inside a character: drop it. */
    diag->message[dd__utf8_complete(diag->message, strlen(diag->message))] =
        '\0';
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
  char value[DD__CONF_VALUE_MAX];
  if ((flags & DD__CONF_NONEMPTY) && text != NULL && text[0] == '\0')
    return dd__conf_error(diag, name, s, "\"%s\" is empty", key);
  if ((flags & DD__CONF_NONEMPTY) && text == NULL)
    return dd__conf_error(diag, name, s,
                          "\"%s\" is %s: it must be a non-empty string", key,
                          dd__conf_value(s, value, sizeof value));
  if (text == NULL)
    return dd__conf_error(diag, name, s, "\"%s\" is %s: it must be a string",
                          key, dd__conf_value(s, value, sizeof value));
  *out = text;
  return DD_OK;
}

int dd__conf_bool(dd_diag *diag, const char *name, const config_setting_t *g,
                  const char *key, bool *out) {
  const config_setting_t *s = config_setting_get_member(g, key);
  if (s == NULL)
    return DD_OK;
  char value[DD__CONF_VALUE_MAX];
  if (config_setting_type(s) != CONFIG_TYPE_BOOL)
    return dd__conf_error(diag, name, s, "\"%s\" is %s: use true or false", key,
                          dd__conf_value(s, value, sizeof value));
  *out = config_setting_get_bool(s) != 0;
  return DD_OK;
}

const char *dd__conf_value(const config_setting_t *s, char *buf, size_t size) {
  switch (config_setting_type(s)) {
  case CONFIG_TYPE_INT:
    snprintf(buf, size, "%d", config_setting_get_int(s));
    break;
  case CONFIG_TYPE_INT64:
    snprintf(buf, size, "%lld", config_setting_get_int64(s));
    break;
  case CONFIG_TYPE_FLOAT:
    snprintf(buf, size, "%g", config_setting_get_float(s));
    break;
  case CONFIG_TYPE_BOOL:
    snprintf(buf, size, "%s", config_setting_get_bool(s) ? "true" : "false");
    break;
  case CONFIG_TYPE_STRING: {
    const char *text = config_setting_get_string(s);
    size_t n = strlen(text), room = size > 8 ? size - 8 : 0;
    size_t cut = dd__utf8_cut(text, n, room);
    snprintf(buf, size, "\"%.*s%s\"", (int)cut, text, cut < n ? "..." : "");
    break;
  }
  case CONFIG_TYPE_GROUP:
    snprintf(buf, size, "a group { ... }");
    break;
  case CONFIG_TYPE_LIST:
    snprintf(buf, size, "a list ( ... )");
    break;
  case CONFIG_TYPE_ARRAY:
    snprintf(buf, size, "an array [ ... ]");
    break;
  default:
    snprintf(buf, size, "nothing");
    break;
  }
  return buf;
}

int dd__conf_int(dd_diag *diag, const char *name, const config_setting_t *s,
                 const char *what, int lo, int hi, int *out) {
  int type = config_setting_type(s);
  if (type == CONFIG_TYPE_INT || type == CONFIG_TYPE_INT64) {
    long long v = config_setting_get_int64(s);
    if (v >= lo && v <= hi) {
      *out = (int)v;
      return DD_OK;
    }
  }
  char value[DD__CONF_VALUE_MAX];
  return dd__conf_error(diag, name, s,
                        "\"%s\" is %s: use a whole number from %d to %d", what,
                        dd__conf_value(s, value, sizeof value), lo, hi);
}
