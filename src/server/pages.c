/* The adapter's own pages (see pages.h), in the pages' own template
 * (src/web/page.h) for someone not signed in: the Generic header, no
 * navigation. */
#include "pages.h"

#include "web/html.h"
#include "web/page.h"

#include <stdio.h>
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

/* "15 minutes" for a link's lifetime in seconds, into buf. */
static const char *minutes(long lifetime, char buf[32]) {
  long m = (lifetime + 59) / 60;
  snprintf(buf, 32, "%ld minute%s", m, m == 1 ? "" : "s");
  return buf;
}

int dd__server_sign_in_page(const char *csrf, const char *email,
                            const char *error, long lifetime,
                            dd__web_response *out) {
  memset(out, 0, sizeof *out);
  dd__html h = {0};
  dd__page_begin(&h, NULL, NULL, "Sign in to dueday", DD_NAV_NONE,
                 error != NULL);
  H(&h, "<div class=\"govuk-grid-row\">"
        "<div class=\"govuk-grid-column-two-thirds\">");
  if (error != NULL) {
    const dd__govuk_error_link e = {.content.text = error, .href = "#email"};
    dd__govuk_error_summary_write(
        &h, &(dd__govuk_error_summary){.title.text = "There is a problem",
                                       .errors = &e,
                                       .n_errors = 1});
  }
  char buf[32];
  H(&h, "<h1 class=\"govuk-heading-l\">Sign in to dueday</h1>"
        "<p class=\"govuk-body\">We will email you a link to sign in. It "
        "works once, for ");
  dd__html_text(&h, minutes(lifetime, buf));
  H(&h, ", in this browser.</p>"
        "<form method=\"post\" action=\"/sign-in\" novalidate>"
        "<input type=\"hidden\" name=\"csrf\"");
  H_ATTR(&h, "value", csrf);
  H(&h, ">");
  dd__govuk_input_write(
      &h, &(dd__govuk_input){.name = "email",
                             .type = "email",
                             .value = email,
                             .spellcheck = -1,
                             .autocomplete = "email",
                             .label.content.text = "Email address",
                             .hint.content.text =
                                 "The work address dueday sends you "
                                 "reminders at",
                             .error_message.content.text = error});
  dd__govuk_button_write(
      &h, &(dd__govuk_button){.content.text = "Email me a sign-in link"});
  H(&h, "</form></div></div>");
  dd__page_end(&h);
  return dd__page_send(&h, error != NULL ? 400 : 200, out);
}

int dd__server_check_email_page(long lifetime, dd__web_response *out) {
  memset(out, 0, sizeof *out);
  dd__html h = {0};
  char buf[32];
  dd__page_begin(&h, NULL, NULL, "Check your email", DD_NAV_NONE, false);
  H(&h, "<div class=\"govuk-grid-row\">"
        "<div class=\"govuk-grid-column-two-thirds\">"
        "<h1 class=\"govuk-heading-l\">Check your email</h1>"
        "<p class=\"govuk-body\">If the address you gave is one dueday "
        "knows, we have sent a sign-in link to it.</p>"
        "<p class=\"govuk-body\">Open the link in this browser within ");
  dd__html_text(&h, minutes(lifetime, buf));
  H(&h, ". It works once.</p>"
        "<p class=\"govuk-body\">No email after a few minutes? Look in your "
        "junk folder, or <a class=\"govuk-link\" href=\"/sign-in\">ask for "
        "a new link</a>.</p></div></div>");
  dd__page_end(&h);
  return dd__page_send(&h, 200, out);
}

int dd__server_confirm_page(const char *token, dd__web_response *out) {
  memset(out, 0, sizeof *out);
  dd__html h = {0};
  dd__page_begin(&h, NULL, NULL, "Sign in to dueday", DD_NAV_NONE, false);
  H(&h, "<div class=\"govuk-grid-row\">"
        "<div class=\"govuk-grid-column-two-thirds\">"
        "<h1 class=\"govuk-heading-l\">Sign in to dueday</h1>"
        "<p class=\"govuk-body\">You opened a sign-in link. Press the button "
        "to sign in.</p>"
        "<form method=\"post\" action=\"/sign-in/confirm\" novalidate>"
        "<input type=\"hidden\" name=\"token\"");
  H_ATTR(&h, "value", token);
  H(&h, ">");
  dd__govuk_button_write(&h, &(dd__govuk_button){.content.text = "Sign in"});
  H(&h, "</form></div></div>");
  dd__page_end(&h);
  return dd__page_send(&h, 200, out);
}

int dd__server_link_expired_page(dd__web_response *out) {
  memset(out, 0, sizeof *out);
  dd__html h = {0};
  dd__page_begin(&h, NULL, NULL, "This link has expired or was already used",
                 DD_NAV_NONE, false);
  H(&h, "<div class=\"govuk-grid-row\">"
        "<div class=\"govuk-grid-column-two-thirds\">"
        "<h1 class=\"govuk-heading-l\">This link has expired or was already "
        "used</h1>"
        "<p class=\"govuk-body\">A sign-in link works once, for a short "
        "time, and only in the browser that asked for it.</p>"
        "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/sign-in\">"
        "Ask for a new link</a></p></div></div>");
  dd__page_end(&h);
  return dd__page_send(&h, 403, out);
}
