/* The pages' dispatcher (see app.h): the route and method of a request
 * pick a page; anything else, a wrong method included, is "Page not
 * found", as anything outside the user's scope is. */
#include "app.h"

#include "page.h"

#include "dueday/error.h"
#include "dueday/visit.h"

#include <stdlib.h>
#include <string.h>

const char *dd__web_query(const dd__web_request *rq, const char *name) {
  return dd__param(rq->query, rq->nquery, name);
}

const char *dd__web_form(const dd__web_request *rq, const char *name) {
  return dd__param(rq->form, rq->nform, name);
}

bool dd__web_route_is_page(const char *path) {
  return strcmp(path, "/") == 0 || strcmp(path, "/deadlines") == 0 ||
         strcmp(path, "/deadlines.csv") == 0 ||
         strncmp(path, "/visits/", 8) == 0 || strcmp(path, "/when") == 0 ||
         strcmp(path, "/calendar-links") == 0 ||
         strcmp(path, "/reminders") == 0 ||
         strncmp(path, "/calendar-links/", 16) == 0 ||
         strcmp(path, "/admin") == 0 || strncmp(path, "/admin/", 7) == 0;
}

void dd__web_forget(void) { dd__page_cache_changed(); }

void dd__web_response_clear(dd__web_response *out) {
  free(out->body);
  memset(out, 0, sizeof *out);
}

/* Splits "/visits/ID/VERB/NAME" (after "/visits/") at its slashes into
 * up to three parts of at most size - 1 bytes each; returns how many, or
 * -1 for anything else (an empty or over-long part, more parts). */
static int split(const char *path, char parts[3][128]) {
  int n = 0;
  for (const char *p = path;;) {
    const char *slash = strchr(p, '/');
    size_t len = slash ? (size_t)(slash - p) : strlen(p);
    if (n == 3 || len == 0 || len >= 128)
      return -1;
    memcpy(parts[n], p, len);
    parts[n++][len] = '\0';
    if (slash == NULL)
      return n;
    p = slash + 1;
  }
}

static int visit_routes(const dd__web_context *cx, const dd__web_request *rq,
                        bool get, bool post, dd__web_response *out) {
  char parts[3][128];
  int n = split(rq->path + strlen("/visits/"), parts);
  /* A malformed id cannot name a visit: answered as a missing one. */
  if (n < 1 || !dd_visit_id_valid(parts[0]))
    return dd__page_not_found(rq, out);
  if (n == 1 && get)
    return dd__page_visit(cx, rq, parts[0], out);
  if (n == 3 && strcmp(parts[1], "record") == 0 && (get || post))
    return dd__page_record(cx, rq, parts[0], parts[2], out);
  if (n == 3 && strcmp(parts[1], "undo") == 0 && post)
    return dd__page_undo(cx, rq, parts[0], parts[2], out);
  return dd__page_not_found(rq, out);
}

int dd__web_handle(const dd__web_context *cx, const dd__web_request *rq,
                   dd__web_response *out) {
  memset(out, 0, sizeof *out);
  /* HEAD is answered as GET; the adapter leaves the body out. */
  bool get = strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0;
  bool post = strcmp(rq->method, "POST") == 0;
  const char *path = rq->path;
  if (rq->user == NULL)
    return dd__web_error_page(404, NULL, out);
  if (strcmp(path, "/") == 0 && get) {
    dd__page_redirect(out, "/deadlines", "");
    return DD_OK;
  }
  if (strcmp(path, "/deadlines") == 0 && get)
    return dd__page_deadlines(cx, rq, false, out);
  if (strcmp(path, "/deadlines.csv") == 0 && get)
    return dd__page_deadlines(cx, rq, true, out);
  if (strncmp(path, "/visits/", 8) == 0)
    return visit_routes(cx, rq, get, post, out);
  if (strcmp(path, "/when") == 0 && get)
    return dd__page_when(cx, rq, out);
  if (strcmp(path, "/reminders") == 0 && (get || post))
    return dd__page_prefs(cx, rq, out);
  if (strcmp(path, "/calendar-links") == 0 && get)
    return dd__page_links(cx, rq, out);
  if (strcmp(path, "/calendar-links") == 0 && post)
    return dd__page_link_new(cx, rq, out);
  if (strncmp(path, "/calendar-links/", 16) == 0 && post) {
    char parts[3][128];
    if (split(path + 16, parts) == 2 && strcmp(parts[1], "revoke") == 0)
      return dd__page_link_revoke(cx, rq, parts[0], out);
  }
  if (strcmp(path, "/admin") == 0 || strncmp(path, "/admin/", 7) == 0)
    return dd__page_admin(cx, rq, out);
  return dd__page_not_found(rq, out);
}
