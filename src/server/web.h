/* The site the adapter serves besides the feeds: the pages (src/web), their
 * assets, signing in and out. Decides everything a page request needs
 * before and after dd__web_handle: the method and body, where a POST came
 * from, who the user is (auth.h), the CSRF token, the flash carried across
 * a 303; and what goes back, headers included. No libmicrohttpd here:
 * server.c hands over a request and sends the response. */
#ifndef DUEDAY_SRC_SERVER_WEB_H
#define DUEDAY_SRC_SERVER_WEB_H

#include "dueday/config.h"
#include "dueday/planner.h"
#include "dueday/store.h"
#include "dueday/token.h"
#include "web/app.h"
#include "web/assets.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

/* The Content-Security-Policy of every page and asset: nothing but this
 * server's own files, no inline script or style, no framing, forms posting
 * only here. */
#define DD_SITE_CSP                                                            \
  "default-src 'self'; script-src 'self'; style-src 'self'; "                  \
  "img-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "      \
  "form-action 'self'; frame-ancestors 'none'"

typedef struct dd__site dd__site;

/* Makes the site for web (borrowed; must outlive it), with the proxy's
 * shared secret (copied; NULL for none). web->auth must not be
 * DD_WEB_AUTH_OFF. Returns DD_OK with *out (dd__site_free); DD_ENOMEM. */
int dd__site_new(const dd_web_config *web, const char *proxy_secret,
                 dd__site **out, dd_diag *diag);
void dd__site_free(dd__site *s);

/* Where the server listens, "127.0.0.1:8080" or "[::1]:8080": the Host of
 * a request that sends none, and a name the pages may be reached by; tls:
 * over HTTPS (the local sign-in link's scheme). Copied. */
void dd__site_set_listen(dd__site *s, const char *host_port, bool tls);

/* Whether path is the site's: a page, an asset, /sign-in (and its
 * /sign-in/confirm and /sign-in/check-email), /sign-out or /signed-out. */
bool dd__site_routes(const char *path);
/* Whether a request to path may have a body (a POST's form): a page's,
 * /sign-out's, and in email-link mode /sign-in's and /sign-in/confirm's. */
bool dd__site_takes_body(const dd__site *s, const char *path);

/* Email-link mode: the mail server the sign-in links go through (mail
 * borrowed, password copied), and a thread of the site's own that sends
 * them one by one, so that a slow mail server holds up no page and the
 * answer to an address takes as long whether or not it is a user's. What
 * it sends, and what the mail server answers, go to log. Returns DD_OK;
 * DD_EINVAL for mail settings the SMTP code refuses (diag says why);
 * DD_ENOMEM; DD_EIO when the thread cannot start. */
int dd__site_mail_start(dd__site *s, const dd_mail_config *mail,
                        const char *password, FILE *log, dd_diag *diag);

/* The headers that carry the proxy's user and secret, which the adapter
 * reads for the site: NULL outside proxy mode, where they are ignored. */
const char *dd__site_proxy_header(const dd__site *s);
const char *dd__site_secret_header(const dd__site *s);
/* The header a reverse proxy passes the client's address in
 * (web.client_header, email-link mode), or NULL: the connection's own. */
const char *dd__site_client_header(const dd__site *s);

/* Local mode: a new one-time sign-in link into link (size bytes), "http://
 * <listen>/sign-in?token=...", replacing any unused one. Returns DD_OK;
 * DD_EINVAL in another mode; DD_EIO when no random bytes can be had. */
int dd__site_link_new(dd__site *s, char *link, size_t size, dd_diag *diag);

/* Deletes the sessions past their expiry at now (a session is checked
 * when it is used, but one never used again would stay). Returns as
 * dd__session_prune. */
int dd__site_prune(dd__site *s, dd_store *st, time_t now, dd_diag *diag);

typedef struct dd__site_request {
  const char *method, *path;  /* path decoded, without the query string */
  const dd__web_param *query; /* decoded and UTF-8 (the adapter checks) */
  size_t nquery;
  const char *body; /* a POST's, not NUL-terminated */
  size_t body_len;
  bool body_too_big; /* over DD_FORM_BODY_MAX: not kept */
  /* Headers, NULL when absent. */
  const char *content_type, *cookie, *origin, *fetch_site, *host,
      *if_none_match;
  const char *proxy_user, *proxy_secret; /* dd__site_proxy_header's ... */
  const char *client; /* the client's IP address, for the rate limit */
  dd_store *st;
  dd_planner *planner;
  bool read_only; /* the register cannot keep sessions */
  dd_date today;
  time_t now;
} dd__site_request;

typedef struct dd__site_response {
  /* Status, type and body (malloc'd, or an asset's static bytes). */
  unsigned status;
  const char *content_type;
  const char *body;
  size_t len;
  bool owned;           /* body is malloc'd: the sender frees it */
  char location[1024];  /* a 303's, else "" */
  char set_cookie[160]; /* else "" */
  char disposition[96]; /* Content-Disposition, else "" */
  const char *cache_control;
  const char *etag;  /* an asset's, else NULL */
  const char *allow; /* a 405's, else NULL */
  /* What went wrong inside (the register failed), for the log, "" when
   * nothing: never a session id, a token or the secret. */
  char error[600];
  /* What happened worth a line in the log (a sign-in link mailed, a rate
   * limit reached, sessions ended everywhere), "" when nothing: never a
   * token. */
  char note[600];
} dd__site_response;

/* Answers rq into *out (zeroed first); there is always an answer. */
void dd__site_serve(dd__site *s, const dd__site_request *rq,
                    dd__site_response *out);

#endif
