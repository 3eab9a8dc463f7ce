/* Signing in to the pages (see auth.h). */
#include "auth.h"

#include "form.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The identity of the one-time link when the register has no admin: an
 * admin for the session's life, never stored, whose address is what the
 * audit log records for what they do. */
static const char local_admin[] = "local-admin@localhost";

struct dd__auth {
  const dd_web_config *web;
  char *proxy_secret; /* NULL: none required */
  /* The unused one-time token, "" when there is none. */
  char link[DD_TOKEN_BUFSIZE];
};

int dd__auth_new(const dd_web_config *web, const char *proxy_secret,
                 dd__auth **out, dd_diag *diag) {
  *out = NULL;
  dd__auth *a = calloc(1, sizeof *a);
  if (a == NULL || (proxy_secret != NULL &&
                    (a->proxy_secret = strdup(proxy_secret)) == NULL)) {
    free(a);
    return dd_diag_set(diag, DD_ENOMEM, "out of memory");
  }
  a->web = web;
  *out = a;
  return DD_OK;
}

/* memset that the compiler may not drop: the secret and the token go
 * from memory with the server. */
static void wipe(void *p, size_t n) {
  volatile unsigned char *v = p;
  while (n-- > 0)
    *v++ = 0;
}

void dd__auth_free(dd__auth *a) {
  if (a == NULL)
    return;
  if (a->proxy_secret != NULL) {
    wipe(a->proxy_secret, strlen(a->proxy_secret));
    free(a->proxy_secret);
  }
  wipe(a->link, sizeof a->link);
  free(a);
}

bool dd__auth_secure(const dd__auth *a) {
  return a->web->base_url != NULL &&
         strncmp(a->web->base_url, "https://", 8) == 0;
}

const char *dd__auth_cookie_name(const dd__auth *a) {
  /* RFC 6265bis 4.1.3.2: a __Host- cookie must be Secure, from a secure
   * origin, Path=/ and without Domain, so no other host of the domain and
   * no plain-http page can set or shadow it. Over plain http (loopback,
   * the local quick start) a browser would drop it. */
  return dd__auth_secure(a) ? "__Host-dueday" : "dueday";
}

int dd__auth_link_new(dd__auth *a, char token[DD_TOKEN_BUFSIZE],
                      dd_diag *diag) {
  int err = dd_token_new(token, diag);
  if (err != DD_OK)
    return err;
  memcpy(a->link, token, DD_TOKEN_BUFSIZE);
  return DD_OK;
}

bool dd__auth_link_take(dd__auth *a, const char *token) {
  if (a->link[0] == '\0' || token == NULL)
    return false;
  if (!dd__session_token_equal(token, a->link))
    return false;
  wipe(a->link, sizeof a->link);
  return true;
}

void dd__auth_who_clear(dd__auth_who *w) {
  dd_user_clear(&w->user);
  memset(w, 0, sizeof *w);
}

/* A copy of the built-in local admin into *u. */
static int builtin_admin(dd_user *u) {
  memset(u, 0, sizeof *u);
  u->email = strdup(local_admin);
  u->name = strdup("Local admin");
  u->regions = strdup("");
  u->role = DD_ROLE_ADMIN;
  if (u->email == NULL || u->name == NULL || u->regions == NULL) {
    dd_user_clear(u);
    return DD_ENOMEM;
  }
  return DD_OK;
}

/* The user whose address is email into *u; the built-in local admin in
 * local mode. DD_ENOTFOUND when there is none. */
static int user_get(dd__auth *a, dd_store *st, const char *email, dd_user *u,
                    dd_diag *diag) {
  int err = dd_store_user_get(st, email, u, diag);
  if (err == DD_ENOTFOUND && a->web->auth == DD_WEB_AUTH_LOCAL &&
      strcmp(email, local_admin) == 0)
    return builtin_admin(u);
  return err;
}

/* A new session for out->user, into out. */
static int issue(dd_store *st, time_t now, dd__auth_who *out, dd_diag *diag) {
  int err = dd__session_create(st, out->user.email, now, out->sid, diag);
  if (err == DD_OK)
    err = dd__session_find(st, out->sid, now, 60, 60, &out->session, diag);
  if (err != DD_OK)
    return err == DD_ENOTFOUND ? DD_EIO : err;
  out->issued = true;
  return DD_OK;
}

/* The session of the request's cookie into out->sid and out->session:
 * DD_OK, DD_ENOTFOUND, DD_EIO. */
static int cookie_session(dd__auth *a, dd_store *st, const char *cookie,
                          time_t now, dd__auth_who *out, dd_diag *diag) {
  if (!dd__cookie_find(cookie, dd__auth_cookie_name(a), out->sid,
                       sizeof out->sid))
    return DD_ENOTFOUND;
  int err = dd__session_find(st, out->sid, now, a->web->session_idle,
                             a->web->session_absolute, &out->session, diag);
  if (err != DD_OK)
    out->sid[0] = '\0';
  return err;
}

dd__auth_status dd__auth_identify(dd__auth *a, dd_store *st,
                                  const dd__auth_request *rq, time_t now,
                                  dd__auth_who *out, dd_diag *diag) {
  memset(out, 0, sizeof *out);
  if (a->web->auth == DD_WEB_AUTH_PROXY) {
    /* The secret first: without it the address header is anyone's. */
    if (a->proxy_secret != NULL &&
        (rq->proxy_secret == NULL ||
         !dd__session_token_equal(rq->proxy_secret, a->proxy_secret)))
      return DD_AUTH_NOT_PROXIED;
    if (rq->proxy_user == NULL || rq->proxy_user[0] == '\0')
      return DD_AUTH_NO_ACCESS;
    int err = dd_store_user_get(st, rq->proxy_user, &out->user, diag);
    if (err == DD_ENOTFOUND)
      return DD_AUTH_NO_ACCESS;
    if (err != DD_OK)
      return DD_AUTH_ERROR;
    err = cookie_session(a, st, rq->cookie, now, out, diag);
    if (err == DD_EIO)
      return DD_AUTH_ERROR;
    /* The session must be the header's user's: after the proxy signs
     * someone else in on this browser, the old session (its CSRF token,
     * its flash) is not theirs. */
    if (err == DD_OK && strcasecmp(out->session.email, out->user.email) == 0)
      return DD_AUTH_SIGNED_IN;
    if (err == DD_OK && dd__session_delete(st, out->sid, diag) != DD_OK)
      return DD_AUTH_ERROR;
    out->sid[0] = '\0';
    return issue(st, now, out, diag) == DD_OK ? DD_AUTH_SIGNED_IN
                                              : DD_AUTH_ERROR;
  }
  int err = cookie_session(a, st, rq->cookie, now, out, diag);
  if (err == DD_ENOTFOUND)
    return DD_AUTH_NONE;
  if (err != DD_OK)
    return DD_AUTH_ERROR;
  err = user_get(a, st, out->session.email, &out->user, diag);
  if (err == DD_ENOTFOUND) {
    /* Removed since they signed in (dd_store_user_remove ends sessions,
     * but a register changed by hand may not have). */
    if (dd__session_delete(st, out->sid, diag) != DD_OK)
      return DD_AUTH_ERROR;
    return DD_AUTH_NONE;
  }
  return err == DD_OK ? DD_AUTH_SIGNED_IN : DD_AUTH_ERROR;
}

/* For dd_store_users_each: the first admin's address. */
static int first_admin(const dd_user *u, void *arg) {
  if (u->role != DD_ROLE_ADMIN)
    return 0;
  char **email = arg;
  *email = strdup(u->email);
  return *email != NULL ? 1 : DD_ENOMEM;
}

/* Ends the session of cookie, if any: a new id at every sign-in (OWASP:
 * renew the session id after any privilege level change), and the
 * browser's old one ends now rather than at its expiry. */
static int end_old(dd__auth *a, dd_store *st, const char *cookie,
                   dd_diag *diag) {
  char old[DD_SESSION_ID_BUFSIZE];
  if (dd__cookie_find(cookie, dd__auth_cookie_name(a), old, sizeof old))
    return dd__session_delete(st, old, diag);
  return DD_OK;
}

int dd__auth_sign_in_user(dd__auth *a, dd_store *st, const char *cookie,
                          const char *email, time_t now, dd__auth_who *out,
                          dd_diag *diag) {
  memset(out, 0, sizeof *out);
  int err = end_old(a, st, cookie, diag);
  if (err == DD_OK)
    err = dd_store_user_get(st, email, &out->user, diag);
  if (err == DD_OK)
    err = issue(st, now, out, diag);
  if (err != DD_OK)
    dd__auth_who_clear(out);
  return err;
}

int dd__auth_sign_in_local(dd__auth *a, dd_store *st, const char *cookie,
                           time_t now, dd__auth_who *out, dd_diag *diag) {
  memset(out, 0, sizeof *out);
  int err = end_old(a, st, cookie, diag);
  char *email = NULL;
  if (err == DD_OK)
    err = dd_store_users_each(st, first_admin, &email, diag);
  if (err == 1)
    err = DD_OK;
  if (err == DD_OK)
    err =
        user_get(a, st, email != NULL ? email : local_admin, &out->user, diag);
  free(email);
  if (err == DD_OK)
    err = issue(st, now, out, diag);
  if (err != DD_OK)
    dd__auth_who_clear(out);
  return err;
}
