/* The admin pages' routes (everything under /admin, for admins only: to
 * anyone else each is "Page not found", as anything outside their scope
 * is) and what the pages share. Every change is a POST (the adapter has
 * checked its CSRF token and origin) answered with a 303 and a banner,
 * made through the library calls the `dueday` command makes, with the
 * admin's address as the audit log's actor. */
#include "page_admin.h"

#include "dueday/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dd__admin_begin(dd__html *h, const dd__web_request *rq, const char *title,
                     dd__admin_section current, bool error) {
  static const struct {
    const char *text, *href;
  } items[] = {
      [DD_ADMIN_USERS] = {"Users", "/admin/users"},
      [DD_ADMIN_SUBSCRIBERS] = {"Subscribers", "/admin/subscribers"},
      [DD_ADMIN_OUTBOX] = {"Outbox", "/admin/outbox"},
      [DD_ADMIN_AUDIT] = {"Audit log", "/admin/audit"},
  };
  dd__page_begin(h, rq, rq->user, title, DD_NAV_ADMIN, error);
  H(h, "<nav aria-label=\"Admin pages\" class=\"govuk-!-margin-bottom-6\">"
       "<ul class=\"govuk-list dd-admin-nav\">");
  for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
    H(h, "<li class=\"govuk-!-display-inline-block "
         "govuk-!-margin-right-4\"><a class=\"govuk-link "
         "govuk-link--no-visited-state\"");
    H_ATTR(h, "href", items[i].href);
    if (i == (size_t)current)
      H(h, " aria-current=\"page\"><strong>");
    else
      H(h, ">");
    dd__html_text(h, items[i].text);
    H_EITHER(h, i == (size_t)current, "</strong></a></li>", "</a></li>");
  }
  H(h, "</ul></nav>");
}

void dd__admin_cell(dd__html *h, const char *text) {
  H(h, "<td class=\"govuk-table__cell\">");
  if (text == NULL || text[0] == '\0')
    H(h, "None");
  else
    dd__html_text(h, text);
  H(h, "</td>");
}

void dd__admin_time_cell(dd__html *h, const char *iso) {
  H(h, "<td class=\"govuk-table__cell\">");
  dd_date d;
  if (iso == NULL || iso[0] == '\0') {
    H(h, "Never");
  } else if (strlen(iso) >= 16 && dd_date_parse_n(iso, 10, &d, NULL) == DD_OK) {
    dd__html_date_short(h, d);
    H(h, " ");
    dd__html_text_n(h, iso + 11, 5);
  } else {
    dd__html_text(h, iso);
  }
  H(h, "</td>");
}

bool dd__admin_id(const char *text, long *out) {
  char *end;
  if (text[0] < '1' || text[0] > '9' || strlen(text) > 18)
    return false;
  long n = strtol(text, &end, 10);
  if (*end != '\0' || n <= 0)
    return false;
  *out = n;
  return true;
}

/* Splits the path after "/admin/" at its slashes into up to three parts;
 * how many, or -1 for an empty or over-long part, or more parts. */
static int split(const char *path, char parts[3][256]) {
  int n = 0;
  for (const char *p = path;;) {
    const char *slash = strchr(p, '/');
    size_t len = slash ? (size_t)(slash - p) : strlen(p);
    if (n == 3 || len == 0 || len >= 256)
      return -1;
    memcpy(parts[n], p, len);
    parts[n++][len] = '\0';
    if (slash == NULL)
      return n;
    p = slash + 1;
  }
}

int dd__page_admin(const dd__web_context *cx, const dd__web_request *rq,
                   dd__web_response *out) {
  if (rq->user->role != DD_ROLE_ADMIN)
    return dd__page_not_found(rq, out);
  bool get = strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0;
  bool post = strcmp(rq->method, "POST") == 0;
  if (strcmp(rq->path, "/admin") == 0 && get) {
    dd__page_redirect(out, "/admin/users", "");
    return DD_OK;
  }
  char parts[3][256];
  int n =
      strncmp(rq->path, "/admin/", 7) == 0 ? split(rq->path + 7, parts) : -1;
  long id;
  if (n == 1 && strcmp(parts[0], "users") == 0)
    return get    ? dd__admin_users(cx, rq, out)
           : post ? dd__admin_user_add(cx, rq, out)
                  : dd__page_not_found(rq, out);
  if (n == 2 && strcmp(parts[0], "users") == 0 && (get || post))
    return dd__admin_user(cx, rq, parts[1], post, out);
  if (n == 3 && strcmp(parts[0], "users") == 0 &&
      strcmp(parts[2], "remove") == 0 && (get || post))
    return dd__admin_user_remove(cx, rq, parts[1], post, out);
  if (n == 1 && strcmp(parts[0], "subscribers") == 0 && get)
    return dd__admin_subscribers(cx, rq, out);
  if (n == 3 && strcmp(parts[0], "subscribers") == 0 &&
      strcmp(parts[2], "revoke") == 0 && post && dd__admin_id(parts[1], &id))
    return dd__admin_subscriber_revoke(cx, rq, id, out);
  if (n == 1 && strcmp(parts[0], "outbox") == 0 && get)
    return dd__admin_outbox(cx, rq, out);
  if (n == 3 && strcmp(parts[0], "outbox") == 0 &&
      strcmp(parts[2], "retry") == 0 && post && dd__admin_id(parts[1], &id))
    return dd__admin_outbox_retry(cx, rq, id, out);
  if (n == 1 && strcmp(parts[0], "audit") == 0 && get)
    return dd__admin_audit(cx, rq, out);
  return dd__page_not_found(rq, out);
}
