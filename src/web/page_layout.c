/* The GOV.UK page template (govuk-frontend 6.6.0's template.njk) around
 * every page, without the GOV.UK brand: the Generic header (no crown, no
 * GOV.UK logo), Arial (the stylesheet's), and no inline script, so that
 * the Content-Security-Policy can be script-src 'self'. The template's one
 * inline script adds "js-enabled" and "govuk-frontend-supported" to
 * <body>; here init.js does that, as a module: a browser that cannot run
 * modules (GOV.UK's test for "supported") never runs it either. */
#include "page.h"

#include "assets.h"

#include "dueday/error.h"

#include <stdio.h>
#include <string.h>

static void nav(dd__html *h, const dd_user *user, dd__nav current) {
  const dd__govuk_nav_item items[] = {
      {.content.text = "Deadlines",
       .href = "/deadlines",
       .current = current == DD_NAV_DEADLINES},
      {.content.text = "Calculator",
       .href = "/when",
       .current = current == DD_NAV_CALCULATOR},
      {.content.text = "Calendar links",
       .href = "/calendar-links",
       .current = current == DD_NAV_CALENDAR},
      {.content.text = "Your reminders",
       .href = "/reminders",
       .current = current == DD_NAV_REMINDERS},
      /* Last, and for admins only: anyone else's admin page is "not
       * found", so a link to one would only mislead. */
      {.content.text = "Admin",
       .href = "/admin/users",
       .current = current == DD_NAV_ADMIN},
  };
  size_t n = sizeof items / sizeof items[0];
  if (user->role != DD_ROLE_ADMIN)
    n--;
  dd__govuk_service_navigation_write(
      h, &(dd__govuk_service_navigation){.navigation = items,
                                         .n_navigation = n,
                                         .navigation_label = "Menu"});
}

/* Who is signed in, and the way out: a POST with the CSRF token (a link
 * would let any page sign the user out). Behind a sign-on proxy the proxy
 * owns the sign-in, so there is no button. */
static void account(dd__html *h, const dd__web_request *rq,
                    const dd_user *user) {
  H(h, "<div class=\"govuk-width-container\">"
       "<div class=\"govuk-!-margin-top-2 govuk-!-margin-bottom-2\">"
       "<p class=\"govuk-body-s govuk-!-margin-bottom-1\">Signed in as ");
  dd__html_text(h, user->email);
  H(h, "</p>");
  if (rq != NULL && rq->can_sign_out) {
    H(h, "<form method=\"post\" action=\"/sign-out\" novalidate>");
    dd__page_csrf(h, rq);
    if (rq->can_sign_out_everywhere)
      H(h, "<div class=\"govuk-button-group\">");
    dd__govuk_button_write(
        h, &(dd__govuk_button){.content.text = "Sign out",
                               .classes = "govuk-button--secondary "
                                          "govuk-!-margin-bottom-0"});
    if (rq->can_sign_out_everywhere)
      dd__govuk_button_write(
          h, &(dd__govuk_button){.content.text = "Sign out everywhere",
                                 .name = "everywhere",
                                 .value = "1",
                                 .classes = "govuk-button--secondary "
                                            "govuk-!-margin-bottom-0"});
    if (rq->can_sign_out_everywhere)
      H(h, "</div>");
    H(h, "</form>");
  }
  H(h, "</div></div>");
}

void dd__page_begin_back(dd__html *h, const dd__web_request *rq,
                         const dd_user *user, const char *title,
                         dd__nav current, bool error,
                         const dd__govuk_back_link *back) {
  const char *base = dd__web_assets_base();
  H(h, "<!DOCTYPE html>\n<html lang=\"en-GB\" class=\"govuk-template\">"
       "<head><meta charset=\"utf-8\"><title>");
  if (error)
    H(h, "Error: ");
  dd__html_text(h, title);
  H(h, " - dueday</title><meta name=\"viewport\" "
       "content=\"width=device-width, initial-scale=1, viewport-fit=cover\">"
       "<meta name=\"theme-color\" content=\"#1d70b8\">"
       "<link rel=\"stylesheet\" href=\"");
  dd__html_attr(h, base);
  H(h, "/dueday.css\"><script type=\"module\" src=\"");
  dd__html_attr(h, base);
  H(h, "/init.js\"></script></head>"
       "<body class=\"govuk-template__body\">");
  dd__govuk_skip_link_write(
      h, &(dd__govuk_skip_link){.content.text = "Skip to main content",
                                .href = "#main-content"});
  H(h, "<header class=\"govuk-template__header\">");
  dd__govuk_generic_header_write(
      h, &(dd__govuk_generic_header){.logo.text = "dueday", .url = "/"});
  if (user != NULL) {
    nav(h, user, current);
    account(h, rq, user);
  }
  H(h, "</header><div class=\"govuk-width-container\">");
  if (back != NULL && back->href != NULL)
    dd__govuk_back_link_write(h, back);
  H(h, "<main class=\"govuk-main-wrapper\" id=\"main-content\">");
  if (rq != NULL)
    dd__page_flash(h, rq->flash);
}

void dd__page_begin(dd__html *h, const dd__web_request *rq, const dd_user *user,
                    const char *title, dd__nav current, bool error) {
  dd__page_begin_back(h, rq, user, title, current, error, NULL);
}

void dd__page_end(dd__html *h) {
  H(h, "</main></div><footer class=\"govuk-footer\">"
       "<div class=\"govuk-width-container\"><div class=\"govuk-footer__meta\">"
       "<div class=\"govuk-footer__meta-item govuk-footer__meta-item--grow\">"
       "<p class=\"govuk-body-s\">dueday: the deadlines of Ofsted visits, "
       "counted in working days.</p></div></div></div></footer>"
       "</body></html>\n");
}

int dd__page_send(dd__html *h, unsigned status, dd__web_response *out) {
  out->status = status;
  out->content_type = "text/html; charset=utf-8";
  return dd__html_finish(h, &out->body, &out->len);
}

void dd__page_redirect(dd__web_response *out, const char *location,
                       const char *flash) {
  out->status = 303;
  out->content_type = "text/html; charset=utf-8";
  snprintf(out->location, sizeof out->location, "%s", location);
  snprintf(out->flash, sizeof out->flash, "%s", flash ? flash : "");
}

struct flash_lines {
  const char *text; /* after the first line */
};

static void flash_list(dd__html *h, const void *arg) {
  const char *s = ((const struct flash_lines *)arg)->text;
  const char *nl = strchr(s, '\n');
  size_t first = nl ? (size_t)(nl - s) : strlen(s);
  /* A paragraph, not GOV.UK's example h3: the banner comes before the
   * page's h1, and headings should not skip levels on the way. */
  H(h, "<p class=\"govuk-notification-banner__heading\">");
  dd__html_text_n(h, s, first);
  H(h, "</p>");
  if (nl == NULL || nl[1] == '\0')
    return;
  H(h, "<ul class=\"govuk-list govuk-list--bullet\">");
  for (s = nl + 1; *s != '\0';) {
    nl = strchr(s, '\n');
    size_t n = nl ? (size_t)(nl - s) : strlen(s);
    if (n > 0) {
      H(h, "<li>");
      dd__html_text_n(h, s, n);
      H(h, "</li>");
    }
    s += n + (nl != NULL);
  }
  H(h, "</ul>");
}

void dd__page_flash(dd__html *h, const char *flash) {
  if (flash == NULL || flash[0] == '\0')
    return;
  struct flash_lines lines = {flash};
  dd__govuk_notification_banner_write(
      h, &(dd__govuk_notification_banner){
             .success = true, .content.html = {flash_list, &lines}});
}

void dd__page_csrf(dd__html *h, const dd__web_request *rq) {
  H(h, "<input type=\"hidden\" name=\"csrf\"");
  H_ATTR(h, "value", rq->csrf ? rq->csrf : "");
  H(h, ">");
}

void dd__page_status_tag(dd__html *h, dd_status status, bool at_risk) {
  static const struct {
    const char *text, *classes;
  } tags[] = {
      [DD_STATUS_PENDING] = {"Pending", "govuk-tag--blue"},
      [DD_STATUS_DONE] = {"Done", "govuk-tag--green"},
      [DD_STATUS_OVERDUE] = {"Overdue", "govuk-tag--red"},
      [DD_STATUS_ON_HOLD] = {"On hold", "govuk-tag--grey"},
      [DD_STATUS_NOT_APPLICABLE] = {"Not applicable", "govuk-tag--grey"},
      [DD_STATUS_CANCELLED] = {"Cancelled", "govuk-tag--grey"},
      [DD_STATUS_NOT_NEEDED] = {"Not needed", "govuk-tag--grey"},
  };
  dd__govuk_tag_write(h, &(dd__govuk_tag){.content.text = tags[status].text,
                                          .classes = tags[status].classes});
  if (at_risk) {
    H(h, " ");
    dd__govuk_tag_write(h, &(dd__govuk_tag){.content.text = "At risk",
                                            .classes = "govuk-tag--orange"});
  }
}

void dd__page_milestone_tag(dd__html *h, const dd_milestone *m, bool at_risk) {
  if (!m->tentative) {
    dd__page_status_tag(h, m->status, at_risk);
    return;
  }
  /* "we are likely to return ... within 6 to 8 weeks": not yet a deadline */
  dd__govuk_tag_write(h, &(dd__govuk_tag){.content.text = "Likely",
                                          .classes = "govuk-tag--yellow"});
}

const char *dd__page_clock(int minutes, char buf[8]) {
  buf[0] = '\0';
  if (minutes >= 0)
    snprintf(buf, 8, "%02d:%02d", minutes / 60 % 24, minutes % 60);
  return buf;
}
