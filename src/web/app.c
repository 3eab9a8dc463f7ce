/* The pages' dispatcher (see app.h). */
#include "app.h"

#include "govuk.h"
#include "html.h"

#include <stdlib.h>
#include <string.h>

static const char *param(const dd__web_param *p, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(p[i].name, name) == 0)
      return p[i].value;
  return NULL;
}

const char *dd__web_query(const dd__web_request *rq, const char *name) {
  return param(rq->query, rq->nquery, name);
}

const char *dd__web_form(const dd__web_request *rq, const char *name) {
  return param(rq->form, rq->nform, name);
}

bool dd__web_route_is_page(const char *path) {
  return strcmp(path, "/") == 0 || strcmp(path, "/deadlines") == 0 ||
         strcmp(path, "/deadlines.csv") == 0 ||
         strncmp(path, "/visits/", 8) == 0 || strcmp(path, "/when") == 0 ||
         strcmp(path, "/calendar-links") == 0 ||
         strncmp(path, "/calendar-links/", 16) == 0;
}

void dd__web_response_clear(dd__web_response *out) {
  free(out->body);
  memset(out, 0, sizeof *out);
}

int dd__web_error_page(unsigned status, const dd_user *user,
                       dd__web_response *out) {
  (void)user;
  memset(out, 0, sizeof *out);
  dd__html h = {0};
  H(&h, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>");
  if (status == 404)
    H(&h, "Page not found");
  else if (status == 400)
    H(&h, "Bad request");
  else
    H(&h, "Sorry, there is a problem with the service");
  H(&h, " - dueday</title></head><body></body></html>\n");
  out->status = status;
  out->content_type = "text/html; charset=utf-8";
  return dd__html_finish(&h, &out->body, &out->len);
}

int dd__web_handle(const dd__web_context *cx, const dd__web_request *rq,
                   dd__web_response *out) {
  (void)cx;
  return dd__web_error_page(404, rq->user, out);
}
