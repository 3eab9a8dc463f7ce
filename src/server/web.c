/* The site besides the feeds (see web.h): assets, signing in and out, and
 * the checks around every page request. */
#include "web.h"

#include "auth.h"
#include "form.h"
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct dd__site {
  const dd_web_config *web;
  dd__auth *auth;
  char listen[64]; /* "127.0.0.1:8080" */
};

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
  *out = s;
  return DD_OK;
}

void dd__site_free(dd__site *s) {
  if (s == NULL)
    return;
  dd__auth_free(s->auth);
  free(s);
}

void dd__site_set_listen(dd__site *s, const char *host_port) {
  snprintf(s->listen, sizeof s->listen, "%s", host_port);
}

static bool starts(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool dd__site_routes(const char *path) {
  return dd__web_route_is_page(path) || starts(path, "/assets/") ||
         strcmp(path, "/sign-in") == 0 || strcmp(path, "/sign-out") == 0 ||
         strcmp(path, "/signed-out") == 0;
}

bool dd__site_takes_body(const char *path) {
  return dd__web_route_is_page(path) || strcmp(path, "/sign-out") == 0;
}

const char *dd__site_proxy_header(const dd__site *s) {
  return s->web->auth == DD_WEB_AUTH_PROXY ? s->web->proxy_header : NULL;
}

const char *dd__site_secret_header(const dd__site *s) {
  return s->web->auth == DD_WEB_AUTH_PROXY ? s->web->proxy_secret_header : NULL;
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
    snprintf(link, size, "http://%s/sign-in?token=%s", s->listen, token);
  memset(token, 0, sizeof token);
  return err;
}

int dd__site_prune(dd__site *s, dd_store *st, time_t now, dd_diag *diag) {
  return dd__session_prune(st, now, s->web->session_idle,
                           s->web->session_absolute, diag);
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
                         .can_sign_out = s->web->auth == DD_WEB_AUTH_LOCAL};
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
  bool body_ok = dd__site_takes_body(rq->path);
  bool get_ok = strcmp(rq->path, "/sign-out") != 0;
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
  if (strcmp(rq->path, "/sign-in") == 0) {
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
  page(s, rq, host, &form, out);
  dd__form_clear(&form);
}
