/* The adapter's own pages (see pages.h), in the pages' own template
 * (src/web/page.h) for someone not signed in: the Generic header, no
 * navigation. */
#include "pages.h"

#include "web/html.h"
#include "web/page.h"

#include <string.h>

int dd__server_page(unsigned status, const char *title, const char *const *para,
                    size_t n, dd__web_response *out) {
  memset(out, 0, sizeof *out);
  dd__html h = {0};
  dd__page_begin(&h, NULL, NULL, title, DD_NAV_NONE, false);
  H(&h, "<h1 class=\"govuk-heading-l\">");
  dd__html_text(&h, title);
  H(&h, "</h1>");
  for (size_t i = 0; i < n; i++) {
    H(&h, "<p class=\"govuk-body\">");
    dd__html_text(&h, para[i]);
    H(&h, "</p>");
  }
  dd__page_end(&h);
  return dd__page_send(&h, status, out);
}
