/* The site besides the feeds (see web.h): assets, signing in and out, and
 * the checks around every page request. */
#include "web.h"

#include "auth.h"
#include "form.h"
#include "pages.h"

#include "service/signin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct dd__site {
  const dd_web_config *web;
  dd__auth *auth;
  char listen[64]; /* "127.0.0.1:8080" */
  bool tls;        /* served over HTTPS */
  /* Email-link mode. The key of the asking browser's form token (made at
   * start: a restart asks a browser with a page open to send it again). */
  char key[DD_TOKEN_BUFSIZE];
  dd__signin_clients *clients;
  dd__signin_mailer *mailer;
};

/* How many client addresses the per-client count keeps at once. */
#define CLIENT_SLOTS 4096

int dd__site_new(const dd_web_config *web, const char *proxy_secret,
                 dd__site **out, dd_diag *diag) {
  *out = NULL;
  dd__site *s = calloc(1, sizeof *s);
  if (s == NULL)
    return dd_diag_set(diag, DD_ENOMEM, "out of memory");
  int err = dd__auth_new(web, proxy_secret, &s->auth, diag);
  if (err != DD_OK) {
    free(s);
    return err;
  }
  s->web = web;
  snprintf(s->listen, sizeof s->listen, "127.0.0.1");
  if (web->auth == DD_WEB_AUTH_EMAIL_LINK &&
      ((err = dd_token_new(s->key, diag)) != DD_OK ||
       (err = dd__signin_clients_new(CLIENT_SLOTS, &s->clients, diag)) !=
           DD_OK)) {
    dd__site_free(s);
    return err;
  }
  *out = s;
  return DD_OK;
}

void dd__site_free(dd__site *s) {
  if (s == NULL)
    return;
  dd__signin_mailer_stop(s->mailer);
  dd__signin_clients_free(s->clients);
  dd__auth_free(s->auth);
  memset(s->key, 0, sizeof s->key);
  free(s);
}

int dd__site_mail_start(dd__site *s, const dd_mail_config *mail,
                        const char *password, FILE *log, dd_diag *diag) {
  return dd__signin_mailer_start(mail, password, log, &s->mailer, diag);
}

void dd__site_set_listen(dd__site *s, const char *host_port, bool tls) {
  snprintf(s->listen, sizeof s->listen, "%s", host_port);
  s->tls = tls;
}

static bool starts(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool dd__site_routes(const char *path) {
  return dd__web_route_is_page(path) || starts(path, "/assets/") ||
         strcmp(path, "/sign-in") == 0 ||
         strcmp(path, "/sign-in/confirm") == 0 ||
         strcmp(path, "/sign-in/check-email") == 0 ||
         strcmp(path, "/sign-out") == 0 || strcmp(path, "/signed-out") == 0;
}

bool dd__site_takes_body(const dd__site *s, const char *path) {
  if (s->web->auth == DD_WEB_AUTH_EMAIL_LINK &&
      (strcmp(path, "/sign-in") == 0 || strcmp(path, "/sign-in/confirm") == 0))
    return true;
  return dd__web_route_is_page(path) || strcmp(path, "/sign-out") == 0;
}

const char *dd__site_proxy_header(const dd__site *s) {
  return s->web->auth == DD_WEB_AUTH_PROXY ? s->web->proxy_header : NULL;
}

const char *dd__site_secret_header(const dd__site *s) {
  return s->web->auth == DD_WEB_AUTH_PROXY ? s->web->proxy_secret_header : NULL;
}

const char *dd__site_client_header(const dd__site *s) {
  return s->web->auth == DD_WEB_AUTH_EMAIL_LINK ? s->web->client_header : NULL;
}

int dd__site_link_new(dd__site *s, char *link, size_t size, dd_diag *diag) {
  if (s->web->auth != DD_WEB_AUTH_LOCAL)
    return dd_diag_set(diag, DD_EINVAL, "sign-in links are for local use");
  char token[DD_TOKEN_BUFSIZE];
  int err = dd__auth_link_new(s->auth, token, diag);
  /* Where browsers reach the server, when it is said: with https there,
   * the cookie is Secure and must be set over https. */
  if (err == DD_OK && s->web->base_url != NULL)
    snprintf(link, size, "%s/sign-in?token=%s", s->web->base_url, token);
  else if (err == DD_OK)
    snprintf(link, size, "%s://%s/sign-in?token=%s", s->tls ? "https" : "http",
             s->listen, token);
  memset(token, 0, sizeof token);
  return err;
}

int dd__site_prune(dd__site *s, dd_store *st, time_t now, dd_diag *diag) {
  int err = dd__session_prune(st, now, s->web->session_idle,
                              s->web->session_absolute, diag);
  /* A link past its lifetime and the rate limit's window means nothing. */
  long keep = s->web->link_lifetime > s->web->signin_window
                  ? s->web->link_lifetime
                  : s->web->signin_window;
  if (err == DD_OK && s->web->auth == DD_WEB_AUTH_EMAIL_LINK)
    err = dd__signin_prune(st, now - keep, diag);
  return err;
}

/* ---- answers ---- */

/* out as a page of the adapter's own. */
static void own_page(dd__site_response *out, unsigned status, const char *title,
                     const char *const *para, size_t n) {
  dd__web_response page;
  if (dd__server_page(status, title, para, n, &page) == DD_OK) {
    out->status = status;
    out->content_type = page.content_type;
    out->body = page.body;
    out->len = page.len;
    out->owned = true;
  } else {
    out->status = 500;
    out->content_type = "text/plain; charset=utf-8";
    out->body = "Server error\n";
    out->len = strlen(out->body);
  }
}

/* out as the pages' own error page for status (400, 404, 500). */
static void error_page(dd__site_response *out, unsigned status,
                       const dd_user *user) {
  dd__web_response page;
  if (dd__web_error_page(status, user, &page) == DD_OK) {
    out->status = status;
    out->content_type = page.content_type;
    out->body = page.body;
    out->len = page.len;
    out->owned = true;
  } else {
    out->status = 500;
    out->content_type = "text/plain; charset=utf-8";
    out->body = "Server error\n";
    out->len = strlen(out->body);
  }
}

static void redirect(dd__site_response *out, const char *location) {
  out->status = 303;
  out->content_type = "text/plain; charset=utf-8";
  out->body = "";
  out->len = 0;
  snprintf(out->location, sizeof out->location, "%s", location);
}

/* The register failed: a 500, and why for the log. */
static void failed(dd__site_response *out, const char *what,
                   const dd_diag *diag) {
  out->location[0] = '\0'; /* a redirect decided before it: not sent */
  snprintf(out->error, sizeof out->error, "%s: %s", what, diag->message);
  error_page(out, 500, NULL);
}

static void serve_asset(const dd__site_request *rq, dd__site_response *out) {
  const dd__web_asset *a = dd__web_asset_find(rq->path);
  if (a == NULL) {
    error_page(out, 404, NULL);
    return;
  }
  /* The path names the content, so a browser may keep it a year and never
   * ask again (RFC 8246); the ETag still answers one that asks. */
  out->cache_control = "public, max-age=31536000, immutable";
  out->etag = a->etag;
  if (rq->if_none_match != NULL &&
      (strcmp(rq->if_none_match, "*") == 0 ||
       strstr(rq->if_none_match, a->etag) != NULL)) {
    out->status = 304;
    out->body = "";
    return;
  }
  out->status = 200;
  out->content_type = a->content_type;
  out->body = (const char *)a->data;
  out->len = a->len;
}

/* ---- where a request came from ---- */

/* Whether the name part of host[:port] is a loopback name. */
static bool loopback_host(const char *host) {
  if (starts(host, "[::1]"))
    return host[5] == '\0' || host[5] == ':';
  size_t n = strcspn(host, ":");
  if (n == 9 && strncasecmp(host, "localhost", 9) == 0)
    return true;
  if (n < 4 || strncmp(host, "127.", 4) != 0)
    return false;
  for (size_t i = 4; i < n; i++)
    if (!(host[i] == '.' || (host[i] >= '0' && host[i] <= '9')))
      return false;
  return true;
}

/* The host a request names, if the pages may answer it: web.base_url's, or
 * a loopback name. Any other is refused, so that a page on some other
 * site whose name an attacker points at 127.0.0.1 (DNS rebinding) is
 * never same-origin with the pages. */
static const char *request_host(const dd__site *s, const char *host) {
  if (host == NULL)
    return s->listen;
  if (!dd__host_valid(host))
    return NULL;
  const char *base = s->web->base_url;
  if (base != NULL && strcasecmp(strstr(base, "://") + 3, host) == 0)
    return host;
  return loopback_host(host) ? host : NULL;
}

/* ---- sign-in ---- */

static void set_cookie(const dd__site *s, dd__site_response *out,
                       const char *sid) {
  dd__cookie_format(out->set_cookie, sizeof out->set_cookie,
                    dd__auth_cookie_name(s->auth), sid,
                    dd__auth_secure(s->auth));
}

static void sign_in(dd__site *s, const dd__site_request *rq,
                    dd__site_response *out) {
  if (s->web->auth == DD_WEB_AUTH_PROXY) {
    redirect(out, "/"); /* the proxy signed them in */
    return;
  }
  const char *token = NULL;
  for (size_t i = 0; i < rq->nquery; i++)
    if (strcmp(rq->query[i].name, "token") == 0)
      token = rq->query[i].value;
  /* The link is printed on the terminal of whoever started serve, never
   * mailed, so no mail scanner opens it before its owner does: a GET may
   * use it up (as Jupyter's token URL does), with a new session id each
   * time. Not a HEAD: link previews send those. */
  dd_diag diag = {{0}};
  if (token != NULL && strcmp(rq->method, "GET") == 0 &&
      dd__auth_link_take(s->auth, token)) {
    dd__auth_who who;
    int err = dd__auth_sign_in_local(s->auth, rq->st, rq->cookie, rq->now, &who,
                                     &diag);
    if (err != DD_OK) {
      failed(out, "sign-in", &diag);
      return;
    }
    set_cookie(s, out, who.sid);
    dd__auth_who_clear(&who);
    redirect(out, "/");
    return;
  }
  /* Signed in already (a bookmark, the back button): on to the pages. */
  dd__auth_who who;
  dd__auth_request arq = {.cookie = rq->cookie};
  dd__auth_status st =
      dd__auth_identify(s->auth, rq->st, &arq, rq->now, &who, &diag);
  dd__auth_who_clear(&who);
  if (token == NULL && st == DD_AUTH_SIGNED_IN) {
    redirect(out, "/");
    return;
  }
  static const char *const how[] = {
      "Open the sign-in link that dueday serve printed when it started. "
      "Each link works once; send dueday serve SIGHUP (systemctl reload) "
      "for a new one."};
  static const char *const used[] = {
      "This sign-in link has been used or is not valid. Each link works "
      "once; send dueday serve SIGHUP (systemctl reload) for a new one."};
  if (token != NULL && strcmp(rq->method, "GET") == 0)
    own_page(out, 403, "Sign in", used, 1);
  else
    own_page(out, 200, "Sign in", how, 1);
}

/* ---- sign-in by e-mailed link ---- */

/* The asking browser: before anyone is signed in there is no session to
 * hold a CSRF token, so the sign-in page gives the browser a random id of
 * its own in a cookie (HttpOnly, SameSite=Lax, __Host- over https) and
 * puts in its form a token that only this server can make from that id:
 * the first 32 digits of SHA-256(key ":" id), key being 128 random bits
 * made at start. A cross-site POST to /sign-in is refused by its
 * Sec-Fetch-Site or Origin (dd__origin_allowed); failing those (an old
 * browser), it carries no cookie (SameSite=Lax), and even a page that
 * could send the cookie could not read the form's token. So no page of
 * another site can make dueday mail anybody. The same id binds the link:
 * it works only where the cookie is (dd__signin_link_take), so a link
 * asked for by an attacker's script and mailed to a user signs nobody in
 * in the user's browser, nor the user's link in the attacker's. */
static const char *asking_name(const dd__site *s) {
  return dd__auth_secure(s->auth) ? "__Host-dueday-asking" : "dueday-asking";
}

static bool hex32(const char *v) {
  return strlen(v) == 32 && strspn(v, "0123456789abcdef") == 32;
}

/* The request's asking-browser id into id, if it has a well-formed one. */
static bool asking_id(const dd__site *s, const dd__site_request *rq,
                      char id[DD_SIGNIN_TOKEN_BUFSIZE]) {
  return dd__cookie_find(rq->cookie, asking_name(s), id,
                         DD_SIGNIN_TOKEN_BUFSIZE) &&
         hex32(id);
}

/* The form token of the browser whose id is id. */
static void asking_token(const dd__site *s, const char *id,
                         char out[DD_SIGNIN_TOKEN_BUFSIZE]) {
  char both[2 * DD_TOKEN_BUFSIZE], hash[DD_TOKEN_HASH_BUFSIZE];
  snprintf(both, sizeof both, "%s:%s", s->key, id);
  dd_token_hash(both, hash);
  memcpy(out, hash, DD_SIGNIN_TOKEN_BUFSIZE - 1);
  out[DD_SIGNIN_TOKEN_BUFSIZE - 1] = '\0';
  memset(both, 0, sizeof both);
}

/* The request's asking id, or a new one; its cookie set again either way,
 * for long enough to type an address and then open the link. */
static int asking_begin(const dd__site *s, const dd__site_request *rq,
                        dd__site_response *out,
                        char id[DD_SIGNIN_TOKEN_BUFSIZE], dd_diag *diag) {
  if (!asking_id(s, rq, id)) {
    char raw[DD_TOKEN_BUFSIZE];
    int err = dd_token_new(raw, diag);
    if (err != DD_OK)
      return err;
    memcpy(id, raw, DD_SIGNIN_TOKEN_BUFSIZE - 1);
    id[DD_SIGNIN_TOKEN_BUFSIZE - 1] = '\0';
    memset(raw, 0, sizeof raw);
  }
  snprintf(out->set_cookie, sizeof out->set_cookie,
           "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Lax%s",
           asking_name(s), id, 3600 + s->web->link_lifetime,
           dd__auth_secure(s->auth) ? "; Secure" : "");
  return DD_OK;
}

static const char *param(const dd__web_param *p, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(p[i].name, name) == 0)
      return p[i].value;
  return NULL;
}

static void from_page(dd__site_response *out, int err,
                      const dd__web_response *page) {
  if (err == DD_OK) {
    out->status = page->status;
    out->content_type = page->content_type;
    out->body = page->body;
    out->len = page->len;
    out->owned = true;
  } else {
    out->status = 500;
    out->content_type = "text/plain; charset=utf-8";
    out->body = "Server error\n";
    out->len = strlen(out->body);
  }
}

/* The sign-in page, with error (NULL none) and email as typed. */
static void ask_page(dd__site *s, const dd__site_request *rq,
                     dd__site_response *out, const char *email,
                     const char *error) {
  char id[DD_SIGNIN_TOKEN_BUFSIZE], csrf[DD_SIGNIN_TOKEN_BUFSIZE];
  dd_diag diag = {{0}};
  if (asking_begin(s, rq, out, id, &diag) != DD_OK) {
    failed(out, "sign-in", &diag);
    return;
  }
  asking_token(s, id, csrf);
  dd__web_response page;
  from_page(
      out,
      dd__server_sign_in_page(csrf, email, error, s->web->link_lifetime, &page),
      &page);
}

/* Whether an address is worth looking up: one a mail can go to. */
static const char *address_problem(const char *email) {
  if (email == NULL || email[0] == '\0')
    return "Enter your email address";
  if (strlen(email) > 254 || !dd__signin_address_valid(email))
    return "Enter an email address in the correct format, like "
           "name@example.com";
  return NULL;
}

/* POST /sign-in: the one answer (a 303 to "Check your email") for any
 * well-formed address; a link is made and mailed only for a user, within
 * the limits. */
static void ask(dd__site *s, const dd__site_request *rq, const dd__form *form,
                dd__site_response *out) {
  char id[DD_SIGNIN_TOKEN_BUFSIZE], csrf[DD_SIGNIN_TOKEN_BUFSIZE];
  const char *sent = param(form->params, form->n, "csrf");
  const char *raw = param(form->params, form->n, "email");
  /* Spaces around a pasted address are no part of it. */
  char email[512] = "";
  if (raw != NULL) {
    while (*raw == ' ' || *raw == '\t')
      raw++;
    snprintf(email, sizeof email, "%s", raw);
    size_t n = strlen(email);
    while (n > 0 && (email[n - 1] == ' ' || email[n - 1] == '\t'))
      email[--n] = '\0';
  }
  bool browser = asking_id(s, rq, id);
  if (browser)
    asking_token(s, id, csrf);
  if (!browser || sent == NULL || !dd__session_token_equal(sent, csrf)) {
    /* No cookie (it expired, or the POST is another site's) or a token
     * not made for it (the server restarted): no mail, the form again. */
    ask_page(s, rq, out, email,
             "The sign-in page had expired. Enter your email address again");
    return;
  }
  const char *problem = address_problem(email);
  if (problem != NULL) {
    ask_page(s, rq, out, email, problem);
    return;
  }
  /* The answer, whatever follows (but a failure of the register's). */
  redirect(out, "/sign-in/check-email");
  const dd_web_config *w = s->web;
  const char *client = rq->client != NULL ? rq->client : "-";
  if (!dd__signin_clients_allow(s->clients, client, rq->now, w->signin_window,
                                w->signin_per_client)) {
    snprintf(out->note, sizeof out->note,
             "sign-in: %s asked more than %d times in %ld s: no mail", client,
             w->signin_per_client, w->signin_window);
    return;
  }
  dd_diag diag = {{0}};
  dd_user user;
  int err = dd_store_user_get(rq->st, email, &user, &diag);
  if (err == DD_ENOTFOUND) {
    /* Not said which address: a typo of someone's may be anything. */
    snprintf(out->note, sizeof out->note,
             "sign-in: asked for an address that is no user's: no mail");
    return;
  }
  if (err != DD_OK) {
    failed(out, "sign-in", &diag);
    return;
  }
  long n = 0;
  err = dd__signin_links_since(rq->st, user.email,
                               rq->now - w->signin_window + 1, &n, &diag);
  if (err == DD_OK && n >= w->signin_per_address) {
    snprintf(out->note, sizeof out->note,
             "sign-in: %d links for %s in %ld s already: no mail",
             w->signin_per_address, user.email, w->signin_window);
    dd_user_clear(&user);
    return;
  }
  char token[DD_SIGNIN_TOKEN_BUFSIZE];
  if (err == DD_OK)
    err = dd__signin_link_new(rq->st, user.email, id, rq->now, token, &diag);
  bool queued = false;
  if (err == DD_OK) {
    char link[512];
    snprintf(link, sizeof link, "%s/sign-in/confirm?token=%s", w->base_url,
             token);
    err = dd__signin_mailer_send(s->mailer, user.email, link, w->link_lifetime,
                                 rq->now, &queued, &diag);
    memset(link, 0, sizeof link);
    memset(token, 0, sizeof token);
  }
  if (err == DD_OK && !queued)
    snprintf(out->note, sizeof out->note,
             "sign-in: the mail queue is full: no link for %s", user.email);
  else if (err != DD_OK)
    failed(out, "sign-in", &diag);
  else
    snprintf(out->note, sizeof out->note, "sign-in: a link for %s to mail",
             user.email);
  dd_user_clear(&user);
}

/* POST /sign-in/confirm: the link's token, used up if it is live, unused
 * and this browser's; then a new session. No form token here: the link's
 * own token is the secret, and it works only with this browser's asking
 * cookie, which a cross-site POST does not carry (and Sec-Fetch-Site or
 * Origin refuses it first). */
static void confirm(dd__site *s, const dd__site_request *rq,
                    const dd__form *form, dd__site_response *out) {
  char id[DD_SIGNIN_TOKEN_BUFSIZE], email[256];
  const char *token = param(form->params, form->n, "token");
  dd_diag diag = {{0}};
  int err = DD_ENOTFOUND;
  if (asking_id(s, rq, id))
    err =
        dd__signin_link_take(rq->st, token, id, rq->now, s->web->link_lifetime,
                             email, sizeof email, &diag);
  dd__auth_who who;
  if (err == DD_OK) {
    err = dd__auth_sign_in_user(s->auth, rq->st, rq->cookie, email, rq->now,
                                &who, &diag);
    if (err == DD_OK) {
      set_cookie(s, out, who.sid);
      snprintf(out->note, sizeof out->note,
               "sign-in: %s signed in by a mailed link", email);
      dd__auth_who_clear(&who);
      redirect(out, "/deadlines");
      return;
    }
  }
  if (err != DD_ENOTFOUND) {
    failed(out, "sign-in", &diag);
    return;
  }
  dd__web_response page;
  from_page(out, dd__server_link_expired_page(&page), &page);
}

/* The email-link pages: /sign-in, /sign-in/check-email, /sign-in/confirm.
 * form is a POST's, checked for its origin already. */
static void email_sign_in(dd__site *s, const dd__site_request *rq,
                          const dd__form *form, dd__site_response *out) {
  bool post = strcmp(rq->method, "POST") == 0;
  dd__web_response page;
  if (strcmp(rq->path, "/sign-in/check-email") == 0) {
    from_page(out, dd__server_check_email_page(s->web->link_lifetime, &page),
              &page);
    return;
  }
  if (strcmp(rq->path, "/sign-in/confirm") == 0) {
    if (post) {
      confirm(s, rq, form, out);
      return;
    }
    /* Shown, never used: a mail scanner's GET changes nothing. */
    const char *token = param(rq->query, rq->nquery, "token");
    if (token != NULL && hex32(token))
      from_page(out, dd__server_confirm_page(token, &page), &page);
    else
      from_page(out, dd__server_link_expired_page(&page), &page);
    return;
  }
  if (post) {
    ask(s, rq, form, out);
    return;
  }
  /* Signed in already (a bookmark, the back button): on to the pages. */
  dd__auth_who who;
  dd_diag diag = {{0}};
  dd__auth_request arq = {.cookie = rq->cookie};
  dd__auth_status st =
      dd__auth_identify(s->auth, rq->st, &arq, rq->now, &who, &diag);
  dd__auth_who_clear(&who);
  if (st == DD_AUTH_SIGNED_IN)
    redirect(out, "/");
  else
    ask_page(s, rq, out, NULL, NULL);
}

/* ---- pages ---- */

static void page(dd__site *s, const dd__site_request *rq, const char *host,
                 const dd__form *form, dd__site_response *out) {
  bool post = strcmp(rq->method, "POST") == 0;
  dd__auth_request arq = {.cookie = rq->cookie,
                          .proxy_user = rq->proxy_user,
                          .proxy_secret = rq->proxy_secret};
  dd__auth_who who;
  dd_diag diag = {{0}};
  dd__auth_status st =
      dd__auth_identify(s->auth, rq->st, &arq, rq->now, &who, &diag);
  static const char *const no_access[] = {
      "You are not on the list of people who can use dueday.",
      "Ask your regional inspection manager or an administrator to add "
      "you."};
  static const char *const not_proxied[] = {
      "Sign in through your organisation's sign-on page."};
  switch (st) {
  case DD_AUTH_SIGNED_IN:
    break;
  case DD_AUTH_NONE:
    /* A POST without a session has no CSRF token to match: refused as a
     * wrong token is, and nothing changes. */
    if (post)
      error_page(out, 400, NULL);
    else
      redirect(out, "/sign-in");
    dd__auth_who_clear(&who);
    return;
  case DD_AUTH_NO_ACCESS:
    own_page(out, 403, "You do not have access", no_access, 2);
    dd__auth_who_clear(&who);
    return;
  case DD_AUTH_NOT_PROXIED:
    own_page(out, 403, "You do not have access", not_proxied, 1);
    dd__auth_who_clear(&who);
    return;
  case DD_AUTH_ERROR:
    failed(out, "session", &diag);
    dd__auth_who_clear(&who);
    return;
  }
  if (who.issued)
    set_cookie(s, out, who.sid);
  if (post) {
    const char *csrf = NULL;
    for (size_t i = 0; i < form->n; i++)
      if (strcmp(form->params[i].name, "csrf") == 0)
        csrf = form->params[i].value;
    if (csrf == NULL || !dd__session_token_equal(csrf, who.session.csrf)) {
      error_page(out, 400, &who.user);
      dd__auth_who_clear(&who);
      return;
    }
  }
  if (strcmp(rq->path, "/sign-out") == 0) {
    /* "Sign out everywhere": every session of the user, in every browser
     * (a lost laptop, a shared computer left signed in). */
    long ended = 0;
    bool everywhere = s->web->auth == DD_WEB_AUTH_EMAIL_LINK &&
                      param(form->params, form->n, "everywhere") != NULL;
    if (everywhere) {
      if (dd__session_delete_all(rq->st, who.session.email, &ended, &diag) !=
          DD_OK) {
        failed(out, "sign-out", &diag);
        dd__auth_who_clear(&who);
        return;
      }
      snprintf(out->note, sizeof out->note,
               "sign-out: %s signed out everywhere (%ld session%s ended)",
               who.session.email, ended, ended == 1 ? "" : "s");
    }
    if (dd__session_delete(rq->st, who.sid, &diag) != DD_OK) {
      failed(out, "sign-out", &diag);
    } else {
      dd__cookie_format(out->set_cookie, sizeof out->set_cookie,
                        dd__auth_cookie_name(s->auth), NULL,
                        dd__auth_secure(s->auth));
      redirect(out, "/signed-out");
    }
    dd__auth_who_clear(&who);
    return;
  }
  /* The flash a POST left, shown once: taken by the GET its 303 leads to
   * (not by a HEAD, which shows nothing). */
  char flash[DD_WEB_FLASH_SIZE] = "";
  if (strcmp(rq->method, "GET") == 0 && who.session.flash[0] != '\0' &&
      dd__session_take_flash(rq->st, who.sid, flash, sizeof flash, &diag) !=
          DD_OK)
    flash[0] = '\0';
  char base[300];
  if (s->web->base_url != NULL)
    snprintf(base, sizeof base, "%s", s->web->base_url);
  else
    snprintf(base, sizeof base, "http://%s", host);
  dd__web_request wrq = {.method = rq->method,
                         .path = rq->path,
                         .query = rq->query,
                         .nquery = rq->nquery,
                         .form = form->params,
                         .nform = form->n,
                         .user = &who.user,
                         .csrf = who.session.csrf,
                         .flash = flash,
                         .today = rq->today,
                         .base_url = base,
                         .can_sign_out = s->web->auth == DD_WEB_AUTH_LOCAL ||
                                         s->web->auth == DD_WEB_AUTH_EMAIL_LINK,
                         .can_sign_out_everywhere =
                             s->web->auth == DD_WEB_AUTH_EMAIL_LINK};
  dd__web_context cx = {.st = rq->st, .planner = rq->planner};
  dd__web_response resp;
  if (dd__web_handle(&cx, &wrq, &resp) != DD_OK) {
    dd__web_response_clear(&resp);
    error_page(out, 500, &who.user);
    dd__auth_who_clear(&who);
    return;
  }
  out->status = resp.status;
  out->content_type = resp.content_type;
  out->body = resp.body != NULL ? resp.body : "";
  out->len = resp.body != NULL ? resp.len : 0;
  out->owned = resp.body != NULL;
  resp.body = NULL;
  if (resp.status == 303) {
    /* A path of this server only: "//host" would leave it. */
    if (resp.location[0] != '/' || resp.location[1] == '/' ||
        strpbrk(resp.location, "\r\n\\") != NULL) {
      if (out->owned)
        free((char *)out->body);
      out->owned = false;
      snprintf(out->error, sizeof out->error,
               "the pages redirected off this server");
      error_page(out, 500, &who.user);
    } else {
      snprintf(out->location, sizeof out->location, "%s", resp.location);
      if (resp.flash[0] != '\0' &&
          dd__session_set_flash(rq->st, who.sid, resp.flash, &diag) != DD_OK)
        snprintf(out->error, sizeof out->error, "flash: %s", diag.message);
    }
  }
  if (resp.filename[0] != '\0') {
    /* Only a plain file name goes into the header. */
    size_t n = strspn(resp.filename, "abcdefghijklmnopqrstuvwxyz"
                                     "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");
    if (resp.filename[n] == '\0')
      snprintf(out->disposition, sizeof out->disposition,
               "attachment; filename=\"%s\"", resp.filename);
  }
  dd__web_response_clear(&resp);
  dd__auth_who_clear(&who);
}

void dd__site_serve(dd__site *s, const dd__site_request *rq,
                    dd__site_response *out) {
  memset(out, 0, sizeof *out);
  out->cache_control = "no-store";
  bool get = strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0;
  bool post = strcmp(rq->method, "POST") == 0;
  if (starts(rq->path, "/assets/")) {
    if (!get) {
      out->allow = "GET, HEAD";
      own_page(out, 405, "Method not allowed", NULL, 0);
      return;
    }
    serve_asset(rq, out);
    return;
  }
  bool body_ok = dd__site_takes_body(s, rq->path);
  bool get_ok = strcmp(rq->path, "/sign-out") != 0;
  bool email_link = s->web->auth == DD_WEB_AUTH_EMAIL_LINK;
  if (!email_link && (strcmp(rq->path, "/sign-in/confirm") == 0 ||
                      strcmp(rq->path, "/sign-in/check-email") == 0)) {
    error_page(out, 404, NULL);
    return;
  }
  if (!((get && get_ok) || (post && body_ok))) {
    out->allow = !body_ok ? "GET, HEAD" : get_ok ? "GET, HEAD, POST" : "POST";
    own_page(out, 405, "Method not allowed", NULL, 0);
    return;
  }
  const char *host = request_host(s, rq->host);
  if (host == NULL) {
    /* Not a name this server is reached by: refused before anything else,
     * sessions included (see request_host). */
    static const char *const why[] = {
        "This address is not one dueday is reached by.",
        "If it is the address people use, the administrator sets it as "
        "web.base_url in dueday's configuration."};
    own_page(out, 400, "Bad request", why, 2);
    return;
  }
  if (rq->read_only) {
    static const char *const why[] = {
        "The register dueday serve opened is read only, and signing in "
        "needs to write to it. Calendar feeds are still served.",
        "Make the register writable and restart dueday serve."};
    own_page(out, 503, "The pages are unavailable", why, 2);
    return;
  }
  if (strcmp(rq->path, "/signed-out") == 0) {
    static const char *const bye[] = {
        "You have signed out of dueday. Close this browser tab."};
    own_page(out, 200, "You have signed out", bye, 1);
    return;
  }
  if (!email_link && strcmp(rq->path, "/sign-in") == 0) {
    sign_in(s, rq, out);
    return;
  }
  dd__form form = {0};
  if (post) {
    /* This server's origin: web.base_url's, and over a loopback name (an
     * SSH tunnel, the local quick start) that name's over http, which no
     * other site can be (request_host). */
    char origin[300];
    snprintf(origin, sizeof origin, "http://%s", host);
    const char *base = s->web->base_url;
    const char *mine = base == NULL || loopback_host(host) ? origin : NULL;
    if (!dd__origin_allowed(rq->fetch_site, rq->origin, base) &&
        !(mine != NULL &&
          dd__origin_allowed(rq->fetch_site, rq->origin, mine))) {
      static const char *const why[] = {
          "The form was sent from another site. Nothing was changed."};
      own_page(out, 403, "Forbidden", why, 1);
      return;
    }
    if (rq->body_too_big) {
      own_page(out, 413, "The form is too large", NULL, 0);
      return;
    }
    if (!dd__form_content_type(rq->content_type)) {
      own_page(out, 415, "Unsupported form", NULL, 0);
      return;
    }
    int err = dd__form_parse(rq->body, rq->body_len, &form);
    if (err != DD_OK) {
      error_page(out, err == DD_ENOMEM ? 500 : 400, NULL);
      return;
    }
  }
  if (email_link && starts(rq->path, "/sign-in"))
    email_sign_in(s, rq, &form, out);
  else
    page(s, rq, host, &form, out);
  dd__form_clear(&form);
}
