/* The error pages, as GOV.UK's patterns word them ("Page not found",
 * "Sorry, there is a problem with the service"): whole pages in the
 * template, saying nothing of what went wrong inside (no message, no
 * path), and the same 404 for a page that does not exist and one outside
 * the user's scope. */
#include "page.h"

#include "dueday/error.h"

#include <string.h>

static int error_page(unsigned status, const dd__web_request *rq,
                      const dd_user *user, dd__web_response *out) {
  dd__html h = {0};
  const char *title = status == 404   ? "Page not found"
                      : status == 400 ? "There is a problem with your request"
                                      : "Sorry, there is a problem with the "
                                        "service";
  dd__page_begin(&h, rq, user, title, DD_NAV_NONE, false);
  H(&h,
    "<div class=\"govuk-grid-row\"><div "
    "class=\"govuk-grid-column-two-thirds\"><h1 class=\"govuk-heading-l\">");
  dd__html_text(&h, title);
  H(&h, "</h1>");
  if (status == 404)
    H(&h, "<p class=\"govuk-body\">If you typed the web address, check it is "
          "correct.</p><p class=\"govuk-body\">If you pasted the web address, "
          "check you copied the entire address.</p>");
  else if (status == 400)
    H(&h, "<p class=\"govuk-body\">The request could not be understood. Go "
          "back and try again.</p>");
  else
    H(&h, "<p class=\"govuk-body\">Try again later.</p>");
  if (user != NULL)
    H(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" "
          "href=\"/deadlines\">Go to your deadlines</a></p>");
  H(&h, "</div></div>");
  dd__page_end(&h);
  return dd__page_send(&h, status, out);
}

int dd__web_error_page(unsigned status, const dd_user *user,
                       dd__web_response *out) {
  memset(out, 0, sizeof *out);
  return error_page(status, NULL, user, out);
}

int dd__page_not_found(const dd__web_request *rq, dd__web_response *out) {
  dd__web_response_clear(out);
  return error_page(404, rq, rq->user, out);
}

int dd__page_failed(const dd__web_request *rq, dd__web_response *out) {
  dd__web_response_clear(out);
  return error_page(500, rq, rq->user, out);
}
