/* The adapter's own pages (see pages.h), in the pages' GOV.UK look: the
 * same stylesheet and Generic header, no script. */
#include "pages.h"

#include "web/assets.h"
#include "web/govuk.h"
#include "web/html.h"

#include <string.h>

int dd__server_page(unsigned status, const char *title, const char *const *para,
                    size_t n, dd__web_response *out) {
  memset(out, 0, sizeof *out);
  dd__html h = {0};
  H(&h, "<!DOCTYPE html>\n<html lang=\"en\" class=\"govuk-template\">"
        "<head><meta charset=\"utf-8\"><title>");
  dd__html_text(&h, title);
  H(&h, " - dueday</title><meta name=\"viewport\" "
        "content=\"width=device-width, initial-scale=1\">"
        "<link rel=\"stylesheet\" href=\"");
  dd__html_attr(&h, dd__web_assets_base());
  H(&h, "/dueday.css\"></head><body class=\"govuk-template__body\">");
  dd__govuk_skip_link_write(
      &h, &(dd__govuk_skip_link){.content.text = "Skip to main content",
                                 .href = "#main-content"});
  dd__govuk_generic_header_write(
      &h, &(dd__govuk_generic_header){.logo.text = "dueday"});
  H(&h, "<div class=\"govuk-width-container\"><main "
        "class=\"govuk-main-wrapper\" id=\"main-content\">"
        "<h1 class=\"govuk-heading-l\">");
  dd__html_text(&h, title);
  H(&h, "</h1>");
  for (size_t i = 0; i < n; i++) {
    H(&h, "<p class=\"govuk-body\">");
    dd__html_text(&h, para[i]);
    H(&h, "</p>");
  }
  H(&h, "</main></div></body></html>\n");
  out->status = status;
  out->content_type = "text/html; charset=utf-8";
  return dd__html_finish(&h, &out->body, &out->len);
}
