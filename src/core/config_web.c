/* The "web" section of the configuration: how people sign in to the pages
 * dueday serve gives, and how long their sessions last. Checked whole, as
 * the rest of the file is, so that a typo in a security setting is an
 * error with its line rather than a default silently in force. */
#include "config_web.h"

#include "conf.h"
#include "util.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

void dd__web_default(dd_web_config *web) {
  memset(web, 0, sizeof *web);
  web->auth = DD_WEB_AUTH_LOCAL;
  /* OWASP's Session Management cheat sheet: idle timeouts of minutes to
   * hours, an absolute one of hours to days; a working day and a week
   * suit a tool opened every morning. */
  web->session_idle = 8 * 3600;
  web->session_absolute = 7 * 24 * 3600;
  /* OWASP's Forgot Password cheat sheet: a link short-lived, used once.
   * Three links in fifteen minutes cover a mail that was slow or went to
   * junk; ten asks from one client cover an office behind one NAT
   * address having a busy morning, but not a script walking a list. */
  web->link_lifetime = 15 * 60;
  web->signin_window = 15 * 60;
  web->signin_per_address = 3;
  web->signin_per_client = 10;
}

void dd__web_storage_clear(dd__web_storage *store) {
  for (size_t i = 0; i < store->n; i++)
    free(store->strings[i]);
  memset(store, 0, sizeof *store);
}

static int keep(dd__web_storage *store, const char *text, const char **out) {
  if (store->n == sizeof store->strings / sizeof store->strings[0])
    return DD_ENOMEM; /* more strings than the section has: a bug */
  char *copy = dd__strdup(text);
  if (copy == NULL)
    return DD_ENOMEM;
  store->strings[store->n++] = copy;
  *out = copy;
  return DD_OK;
}

/* An HTTP header's name (RFC 9110 5.1, a token), as a proxy sends it. */
static bool header_name(const char *s) {
  if (*s == '\0')
    return false;
  for (; *s != '\0'; s++)
    if (!(strchr("!#$%&'*+-.^_`|~", *s) != NULL || (*s >= '0' && *s <= '9') ||
          (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
      return false;
  return true;
}

/* scheme://host[:port] and nothing more: the pages link to absolute paths
 * ("/visits/X"), so a base under a path prefix could not work, and a
 * trailing '/' would double in every feed link. */
static bool base_url_valid(const char *s) {
  const char *host = strncmp(s, "https://", 8) == 0  ? s + 8
                     : strncmp(s, "http://", 7) == 0 ? s + 7
                                                     : NULL;
  if (host == NULL || *host == '\0')
    return false;
  for (const char *p = host; *p != '\0'; p++)
    if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
          (*p >= 'A' && *p <= 'Z') || strchr("-.:[]", *p) != NULL))
      return false;
  return true;
}

/* An IPv4 or IPv6 address, or a CIDR block of either ("10.0.0.0/8",
 * "fd00::/8"), as inet_pton(3) reads it. */
static bool address_or_block(const char *s) {
  char addr[INET6_ADDRSTRLEN];
  const char *slash = strchr(s, '/');
  size_t n = slash != NULL ? (size_t)(slash - s) : strlen(s);
  if (n == 0 || n >= sizeof addr)
    return false;
  memcpy(addr, s, n);
  addr[n] = '\0';
  unsigned char bytes[16];
  int max;
  if (inet_pton(AF_INET, addr, bytes) == 1)
    max = 32;
  else if (inet_pton(AF_INET6, addr, bytes) == 1)
    max = 128;
  else
    return false;
  if (slash == NULL)
    return true;
  char *end;
  long bits = strtol(slash + 1, &end, 10);
  return slash[1] >= '0' && slash[1] <= '9' && *end == '\0' && bits >= 0 &&
         bits <= max;
}

/* Member key of g, a list or array of addresses and CIDR blocks, into
 * out (at most DD_WEB_LIST_MAX). */
static int read_addresses(const char *name, const config_setting_t *g,
                          const char *key, const char **out, size_t *n,
                          dd__web_storage *store, dd_diag *diag) {
  const config_setting_t *s = config_setting_get_member(g, key);
  if (s == NULL)
    return DD_OK;
  size_t len;
  int err = dd__conf_list(diag, name, s, DD__CONF_ARRAY, &len,
                          "\"%s\" must be a list of addresses, such as "
                          "[\"127.0.0.1\", \"::1\", \"10.0.0.0/8\"]",
                          key);
  if (err != DD_OK)
    return err;
  if (len > DD_WEB_LIST_MAX)
    return dd__conf_error(diag, name, s, "\"%s\" has %zu entries: at most %d",
                          key, len, DD_WEB_LIST_MAX);
  for (size_t i = 0; i < len; i++) {
    const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
    const char *text = config_setting_get_string(e);
    char value[DD__CONF_VALUE_MAX];
    if (text == NULL || !address_or_block(text))
      return dd__conf_error(diag, name, e,
                            "\"%s\" has %s: use an IPv4 or IPv6 address, or "
                            "a block such as \"10.0.0.0/8\"",
                            key, dd__conf_value(e, value, sizeof value));
    if ((err = keep(store, text, &out[i])) != DD_OK)
      return err;
  }
  *n = len;
  return DD_OK;
}

/* A length of time: whole seconds, or a string of a number and a unit
 * ("90s", "30m", "2h", "1d"). */
static int read_duration(const char *name, const config_setting_t *g,
                         const char *key, long *out, dd_diag *diag) {
  const config_setting_t *s = config_setting_get_member(g, key);
  if (s == NULL)
    return DD_OK;
  const char *text = config_setting_get_string(s);
  char value[DD__CONF_VALUE_MAX];
  if (text == NULL) {
    int v;
    int err = dd__conf_int(diag, name, s, key, 1, 366 * 24 * 3600, &v);
    if (err == DD_OK)
      *out = v;
    return err;
  }
  char *end;
  long n = strtol(text, &end, 10);
  long unit = strcmp(end, "s") == 0   ? 1
              : strcmp(end, "m") == 0 ? 60
              : strcmp(end, "h") == 0 ? 3600
              : strcmp(end, "d") == 0 ? 86400
                                      : 0;
  if (text[0] < '0' || text[0] > '9' || unit == 0 || n < 1 ||
      n > 366L * 86400 / unit)
    return dd__conf_error(diag, name, s,
                          "\"%s\" is %s: use a number of seconds, or a "
                          "length such as \"90s\", \"30m\", \"2h\" or "
                          "\"1d\"",
                          key, dd__conf_value(s, value, sizeof value));
  *out = n * unit;
  return DD_OK;
}

static int read_seconds(const char *name, const config_setting_t *g,
                        const char *key, long *out, dd_diag *diag) {
  const config_setting_t *s = config_setting_get_member(g, key);
  int v;
  if (s == NULL)
    return DD_OK;
  /* From a second (tests) to a year. */
  int err = dd__conf_int(diag, name, s, key, 1, 366 * 24 * 3600, &v);
  if (err == DD_OK)
    *out = v;
  return err;
}

int dd__web_read(const char *name, const config_setting_t *g,
                 dd_web_config *web, dd__web_storage *store, dd_diag *diag) {
  static const char *const keys[] = {"auth",
                                     "proxy_header",
                                     "proxy_secret_header",
                                     "proxy_secret_file",
                                     "proxy_secret_env",
                                     "proxy_secret",
                                     "base_url",
                                     "session_idle",
                                     "session_absolute",
                                     "link_lifetime",
                                     "signin_window",
                                     "signin_per_address",
                                     "signin_per_client",
                                     "client_header",
                                     "tls_cert",
                                     "tls_key",
                                     "trusted_proxies",
                                     "metrics_allow",
                                     "health_notify_max_age",
                                     NULL};
  int err =
      dd__conf_group(diag, name, g, keys, "\"web\" must be a group { ... }");
  if (err != DD_OK)
    return err;
  const config_setting_t *s = config_setting_get_member(g, "proxy_secret");
  if (s != NULL)
    return dd__conf_error(diag, name, s,
                          "a secret does not belong in the configuration: "
                          "use \"proxy_secret_file\" or \"proxy_secret_env\"");
  const char *auth = NULL;
  if ((err = dd__conf_string(diag, name, g, "auth", DD__CONF_NONEMPTY,
                             &auth)) != DD_OK)
    return err;
  char value[DD__CONF_VALUE_MAX];
  if (auth != NULL) {
    s = config_setting_get_member(g, "auth");
    if (strcmp(auth, "proxy") == 0)
      web->auth = DD_WEB_AUTH_PROXY;
    else if (strcmp(auth, "local") == 0)
      web->auth = DD_WEB_AUTH_LOCAL;
    else if (strcmp(auth, "off") == 0)
      web->auth = DD_WEB_AUTH_OFF;
    else if (strcmp(auth, "email-link") == 0)
      web->auth = DD_WEB_AUTH_EMAIL_LINK;
    else
      return dd__conf_error(diag, name, s,
                            "\"auth\" is %s: use \"proxy\" (behind a "
                            "sign-on proxy), \"email-link\", \"local\" or "
                            "\"off\"",
                            dd__conf_value(s, value, sizeof value));
  }
  const char *const string_keys[] = {"proxy_header",     "proxy_secret_header",
                                     "client_header",    "proxy_secret_file",
                                     "proxy_secret_env", "base_url",
                                     "tls_cert",         "tls_key"};
  const char **fields[] = {&web->proxy_header,     &web->proxy_secret_header,
                           &web->client_header,    &web->proxy_secret_file,
                           &web->proxy_secret_env, &web->base_url,
                           &web->tls_cert,         &web->tls_key};
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
    const char *text = NULL;
    if ((err = dd__conf_string(diag, name, g, string_keys[i], DD__CONF_NONEMPTY,
                               &text)) != DD_OK)
      return err;
    if (text == NULL)
      continue;
    s = config_setting_get_member(g, string_keys[i]);
    bool header = i < 3;
    if (header && !header_name(text))
      return dd__conf_error(
          diag, name, s, "\"%s\" is %s: it must be an HTTP header's name",
          string_keys[i], dd__conf_value(s, value, sizeof value));
    if (i == 5 && !base_url_valid(text))
      return dd__conf_error(diag, name, s,
                            "\"base_url\" is %s: use https://host or "
                            "https://host:port, without a path",
                            dd__conf_value(s, value, sizeof value));
    if ((err = keep(store, text, fields[i])) != DD_OK)
      return err;
  }
  if ((web->tls_cert == NULL) != (web->tls_key == NULL))
    return dd__conf_error(diag, name, g,
                          "\"tls_cert\" and \"tls_key\" go together: the "
                          "certificate and its private key");
  if ((err = read_addresses(name, g, "trusted_proxies", web->trusted_proxies,
                            &web->n_trusted_proxies, store, diag)) != DD_OK ||
      (err = read_addresses(name, g, "metrics_allow", web->metrics_allow,
                            &web->n_metrics_allow, store, diag)) != DD_OK ||
      (err = read_duration(name, g, "health_notify_max_age",
                           &web->health_notify_max_age, diag)) != DD_OK)
    return err;
  if (web->auth == DD_WEB_AUTH_PROXY && web->proxy_header == NULL)
    return dd__conf_error(diag, name, g,
                          "auth = \"proxy\" needs \"proxy_header\": the "
                          "header the proxy passes the user's address in");
  if ((web->proxy_secret_file != NULL || web->proxy_secret_env != NULL) !=
      (web->proxy_secret_header != NULL))
    return dd__conf_error(diag, name, g,
                          "\"proxy_secret_header\" and one of "
                          "\"proxy_secret_file\" or \"proxy_secret_env\" go "
                          "together");
  if (web->proxy_secret_file != NULL && web->proxy_secret_env != NULL)
    return dd__conf_error(diag, name, g,
                          "\"proxy_secret_file\" or \"proxy_secret_env\", "
                          "not both");
  if ((err = read_seconds(name, g, "session_idle", &web->session_idle, diag)) !=
          DD_OK ||
      (err = read_seconds(name, g, "session_absolute", &web->session_absolute,
                          diag)) != DD_OK)
    return err;
  if ((err = read_seconds(name, g, "link_lifetime", &web->link_lifetime,
                          diag)) != DD_OK ||
      (err = read_seconds(name, g, "signin_window", &web->signin_window,
                          diag)) != DD_OK)
    return err;
  const char *const count_keys[] = {"signin_per_address", "signin_per_client"};
  int *counts[] = {&web->signin_per_address, &web->signin_per_client};
  for (size_t i = 0; i < 2; i++) {
    s = config_setting_get_member(g, count_keys[i]);
    if (s != NULL && (err = dd__conf_int(diag, name, s, count_keys[i], 1, 1000,
                                         counts[i])) != DD_OK)
      return err;
  }
  /* The link goes out by mail, so it must name where browsers reach the
   * server: a request's Host header is the asker's to choose, and a link
   * to a host of theirs would hand them the token. */
  if (web->auth == DD_WEB_AUTH_EMAIL_LINK && web->base_url == NULL)
    return dd__conf_error(diag, name, g,
                          "auth = \"email-link\" needs \"base_url\": the "
                          "address the mailed sign-in links start with, "
                          "such as \"https://dueday.example\"");
  if (web->session_absolute < web->session_idle)
    return dd__conf_error(diag, name, g,
                          "\"session_absolute\" (%ld s) is shorter than "
                          "\"session_idle\" (%ld s)",
                          web->session_absolute, web->session_idle);
  return DD_OK;
}
