/* dueday's configuration file (libconfig syntax, config/dueday.conf): the
 * working-day calendar to count in and the visit types with their
 * milestone rules. */
#ifndef DUEDAY_CONFIG_H
#define DUEDAY_CONFIG_H

#include "dueday/api.h"
#include "dueday/error.h"
#include "dueday/remind.h"
#include "dueday/rules.h"
#include "dueday/workday.h"

#include <stdbool.h>
#include <stddef.h>

DD_BEGIN_DECLS

/* A configuration as read (opaque): made by the dd_config_load functions,
 * read-only afterwards. */
typedef struct dd_config dd_config;

/* The calendar settings, as read. */
typedef struct dd_calendar_config {
  const char *division; /* a GOV.UK division or "united-kingdom" */
  unsigned week_mask;   /* bit (ISO weekday - 1) set for a working day */
  const dd_closure *closures;
  size_t nclosures;
  int end_of_day;        /* minutes after midnight; default 17:00 */
  const char *time_zone; /* IANA name; default Europe/London */
} dd_calendar_config;

/* Reads a configuration file. Every setting is optional; absent ones take
 * their defaults (england-and-wales, Monday to Friday, no closures), and a
 * file without "visit_types" gets the built-in visit types.
 * Returns DD_OK with *out owned by the caller (free with dd_config_free);
 * DD_EIO when the file cannot be read; DD_EPARSE with "path:line: message"
 * in diag for a syntax error, an unknown setting or a bad value;
 * DD_ENOMEM. */
DD_API int dd_config_load_file(const char *path, dd_config **out,
                               dd_diag *diag);
/* Reads the configuration built into the library (the shipped
 * config/dueday.conf). Returns DD_OK with *out owned by the caller (free
 * with dd_config_free); DD_ENOMEM. */
DD_API int dd_config_load_default(dd_config **out, dd_diag *diag);
/* As dd_config_load_file, from NUL-terminated text in memory, read during
 * the call only; name is used in diagnostics only. */
DD_API int dd_config_load_string(const char *name, const char *text,
                                 dd_config **out, dd_diag *diag);
/* Frees cfg, and so everything borrowed from it (settings, visit types,
 * rules, the reminder policy); NULL does nothing. A planner built on cfg
 * must be freed first. */
DD_API void dd_config_free(dd_config *cfg);

/* The calendar settings; borrowed from cfg. */
DD_API const dd_calendar_config *dd_config_calendar(const dd_config *cfg);

/* The register's path from the configuration (register.path), or NULL
 * when it does not say. Borrowed from cfg. */
DD_API const char *dd_config_register_path(const dd_config *cfg);
/* The group that may read the register (register.group): its files are
 * made 0640 and given to that group rather than 0600; NULL when not set.
 * Borrowed from cfg. */
DD_API const char *dd_config_register_group(const dd_config *cfg);

/* Where reminders are sent from (the "mail" section). */
typedef struct dd_mail_config {
  const char *url;       /* "smtp://host:587" or "smtps://host:465"; NULL
                            when not configured */
  const char *from;      /* the sender's address */
  const char *from_name; /* shown with it: "dueday" */
  const char *username;  /* NULL: no authentication */
  /* The password is never in the file: it is read from password_file, or
   * the environment variable password_env. */
  const char *password_file, *password_env;
  const char *ca_file;  /* NULL: the system's trust store */
  bool allow_plaintext; /* smtp:// without STARTTLS, to a loopback relay */
  long timeout;         /* seconds; default 30 */
} dd_mail_config;

/* How many days back a calendar feed reaches by default (the "feeds"
 * section's horizon_days), and the most it may be set to. */
#define DD_FEED_HORIZON_DEFAULT 90
#define DD_FEED_HORIZON_MAX 36500
/* The feeds' horizon in days (feeds.horizon_days, else
 * DD_FEED_HORIZON_DEFAULT): a feed holds the events that end at most this
 * many days before today, and later ones. */
DD_API int dd_config_feed_horizon(const dd_config *cfg);

/* The reminder policy (the "reminders" section, else the defaults of
 * dd_remind_policy_default); borrowed from cfg. */
DD_API const dd_remind_policy *dd_config_reminders(const dd_config *cfg);
/* The mail settings (the "mail" section; url NULL when there is none);
 * borrowed from cfg. */
DD_API const dd_mail_config *dd_config_mail(const dd_config *cfg);

/* How people sign in to the web pages (web.auth). */
typedef enum dd_web_auth {
  /* Unset (or "local"): serve prints a one-time sign-in link for an admin,
   * and listens on loopback only. */
  DD_WEB_AUTH_LOCAL,
  /* "proxy": a sign-on proxy in front passes the user's address in
   * proxy_header; serve listens on loopback only. */
  DD_WEB_AUTH_PROXY,
  /* "off": no pages, only the feeds and the JSON API, on any address. */
  DD_WEB_AUTH_OFF,
  /* "email-link": a user asks for a sign-in link on the sign-in page and
   * gets it by mail (the "mail" section); serve may listen on any
   * address, and base_url is required (the link's start). */
  DD_WEB_AUTH_EMAIL_LINK
} dd_web_auth;

/* The most entries web.trusted_proxies and web.metrics_allow hold. */
#define DD_WEB_LIST_MAX 16

/* The web pages' settings (the "web" section; dueday serve). */
typedef struct dd_web_config {
  dd_web_auth auth;
  const char *proxy_header; /* "X-Forwarded-Email"; set when auth is proxy */
  /* A header the proxy must send with a shared secret, or NULL; the
   * secret itself is read from proxy_secret_file (its first line) or the
   * environment variable proxy_secret_env, never from the file. */
  const char *proxy_secret_header;
  const char *proxy_secret_file, *proxy_secret_env;
  /* Where browsers reach the server, "https://dueday.example" (scheme,
   * host and port only, no trailing '/'), or NULL: taken from each
   * request's Host header, over http. https here gives the session
   * cookie the __Host- prefix and Secure. */
  const char *base_url;
  long session_idle;     /* seconds a session lives unused; default 8 h */
  long session_absolute; /* seconds a session lives at most; default 7 d */
  /* auth = "email-link": how long a mailed link works (default 15 min),
   * and how many links may be mailed within signin_window seconds
   * (default 15 min) to one address (default 3) and asked for from one
   * client address (default 10). */
  long link_lifetime;
  long signin_window;
  int signin_per_address, signin_per_client;
  /* A header in which a reverse proxy (TLS) in front passes the client's
   * address ("X-Forwarded-For": its last entry), read only from a
   * connection from loopback; NULL: the connection's own address. For
   * signin_per_client. */
  const char *client_header;
  /* dueday serve over HTTPS: the certificate chain and the private key,
   * PEM files, both or neither (NULL: plain HTTP). */
  const char *tls_cert, *tls_key;
  /* Peers whose X-Forwarded-For or Forwarded header names the client
   * (addresses or CIDR blocks, "10.0.0.0/8", "::1"); none: no peer's. */
  const char *trusted_proxies[DD_WEB_LIST_MAX];
  size_t n_trusted_proxies;
  /* Clients that may read /metrics, the same way; none: loopback only. */
  const char *metrics_allow[DD_WEB_LIST_MAX];
  size_t n_metrics_allow;
  /* /healthz answers 503 when the last reminder pass is older than this
   * many seconds; 0: not checked. */
  long health_notify_max_age;
} dd_web_config;

/* The web settings (the "web" section, else the defaults); borrowed from
 * cfg. */
DD_API const dd_web_config *dd_config_web(const dd_config *cfg);

/* Where setting path (dotted, as in the file: "calendar.division",
 * "mail.url", "web") was set: true, with *file (the name the
 * configuration was read from, borrowed from cfg) and *line, when the
 * file gave it; false, *file and *line untouched, when it has its default
 * (the file does not set it, or cfg is the built-in configuration).
 * Members of lists (closures, regions) are not named: ask for the list. */
DD_API bool dd_config_source(const dd_config *cfg, const char *path,
                             const char **file, int *line);
/* The name the configuration was read from (dd_config_load_file's path),
 * or NULL for the built-in one; borrowed from cfg. */
DD_API const char *dd_config_file(const dd_config *cfg);

/* The visit type whose id is id, or NULL when there is none; borrowed from
 * cfg. */
DD_API const dd_visit_type *dd_config_visit_type(const dd_config *cfg,
                                                 const char *id);
/* All visit types in configuration order, an array of *n borrowed from
 * cfg. */
DD_API const dd_visit_type *dd_config_visit_types(const dd_config *cfg,
                                                  size_t *n);

DD_END_DECLS

#endif
