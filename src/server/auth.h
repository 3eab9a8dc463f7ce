/* Who a page request is from: the sign-in modes of web.auth (a one-time
 * link printed by serve, or a sign-on proxy's header) and the sessions
 * that carry a signed-in user from request to request (service/session.h,
 * kept in the register). No libmicrohttpd here: the adapter hands over the
 * headers. */
#ifndef DUEDAY_SRC_SERVER_AUTH_H
#define DUEDAY_SRC_SERVER_AUTH_H

#include "dueday/config.h"
#include "dueday/token.h"
#include "dueday/users.h"
#include "service/session.h"

#include <stdbool.h>
#include <time.h>

/* The sign-in state of a server (opaque). */
typedef struct dd__auth dd__auth;

/* Makes the state for web (borrowed; must outlive it) and, behind a proxy
 * that sends one, the shared secret (copied; NULL for none). Returns
 * DD_OK with *out (free with dd__auth_free); DD_ENOMEM. */
int dd__auth_new(const dd_web_config *web, const char *proxy_secret,
                 dd__auth **out, dd_diag *diag);
/* Frees a, forgetting the secret and any unused link; NULL does nothing. */
void dd__auth_free(dd__auth *a);

/* The session cookie's name: "__Host-dueday" when web.base_url is https
 * (the prefix needs Secure, which a browser keeps only from https), else
 * "dueday". Static storage. */
const char *dd__auth_cookie_name(const dd__auth *a);
/* Whether the cookie is sent with Secure (web.base_url is https). */
bool dd__auth_secure(const dd__auth *a);

/* Local mode: makes a new one-time sign-in token into token (the caller
 * prints the link), replacing any unused one. Returns DD_OK; DD_EIO when
 * the random source fails. */
int dd__auth_link_new(dd__auth *a, char token[DD_TOKEN_BUFSIZE], dd_diag *diag);
/* Whether token is the unused one-time token (compared in constant time);
 * if it is, it is used up: a link works once. */
bool dd__auth_link_take(dd__auth *a, const char *token);

/* The headers that say who a request is from (NULL when absent). */
typedef struct dd__auth_request {
  const char *cookie;       /* Cookie */
  const char *proxy_user;   /* web.proxy_header's value; proxy mode only */
  const char *proxy_secret; /* web.proxy_secret_header's value */
} dd__auth_request;

typedef enum dd__auth_status {
  DD_AUTH_SIGNED_IN, /* out filled */
  DD_AUTH_NONE,      /* no live session (local mode): sign in first */
  /* Proxy mode: no address from the proxy, or one not among the users. */
  DD_AUTH_NO_ACCESS,
  /* Proxy mode: the shared secret is missing or wrong: the request did not
   * come through the proxy. */
  DD_AUTH_NOT_PROXIED,
  DD_AUTH_ERROR /* the register failed; diag says why */
} dd__auth_status;

/* A signed-in user and their session. */
typedef struct dd__auth_who {
  dd_user user; /* the strings are the struct's (dd__auth_who_clear) */
  char sid[DD_SESSION_ID_BUFSIZE]; /* the session's id */
  dd_session session;
  bool issued; /* a session made by this request: send its cookie */
} dd__auth_who;

/* Who rq is from at now, into *out (cleared first; clear it with
 * dd__auth_who_clear whatever the status). In proxy mode the header's
 * user is signed in, with the cookie's session when it is theirs and a
 * new one otherwise; the proxy's header is read in no other mode. */
dd__auth_status dd__auth_identify(dd__auth *a, dd_store *st,
                                  const dd__auth_request *rq, time_t now,
                                  dd__auth_who *out, dd_diag *diag);

/* Local mode, after dd__auth_link_take: a new session for the local admin
 * (the first admin of the register by address, else a built-in "Local
 * admin" who is not stored) into *out, issued; the session of cookie (the
 * request's Cookie header, NULL for none), if any, is ended first. Returns
 * DD_OK; DD_EIO, DD_ENOMEM. */
int dd__auth_sign_in_local(dd__auth *a, dd_store *st, const char *cookie,
                           time_t now, dd__auth_who *out, dd_diag *diag);

/* Email-link mode, after dd__signin_link_take: a new session for the user
 * whose address is email into *out, issued; the session of cookie, if
 * any, is ended first. Returns DD_OK; DD_ENOTFOUND when email is no
 * longer a user's; DD_EIO, DD_ENOMEM. */
int dd__auth_sign_in_user(dd__auth *a, dd_store *st, const char *cookie,
                          const char *email, time_t now, dd__auth_who *out,
                          dd_diag *diag);

void dd__auth_who_clear(dd__auth_who *w);

#endif
