/* The "web" section of the configuration: how people sign in to the pages
 * dueday serve gives, and how long their sessions last. Checked whole, as
 * the rest of the file is, so that a typo in a security setting is an
 * error with its line rather than a default silently in force. */
#include "config_web.h"

#include "conf.h"
#include "util.h"

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
                                     "proxy_secret_env", "base_url"};
  const char **fields[] = {&web->proxy_header,     &web->proxy_secret_header,
                           &web->client_header,    &web->proxy_secret_file,
                           &web->proxy_secret_env, &web->base_url};
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
