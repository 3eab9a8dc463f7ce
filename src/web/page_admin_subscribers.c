/* The admin's subscribers page (GET /admin/subscribers): every private
 * feed link, with when its feed was last asked for and by what client,
 * and revoking one (POST /admin/subscribers/<id>/revoke) through
 * dd_store_subscriber_revoke, as `dueday subscriber revoke` does: its feed
 * answers 404 from the next request on. */
#include "page_admin.h"

#include "support/buf.h"

#include "dueday/error.h"
#include "dueday/store.h"

#include <stdio.h>
#include <string.h>

/* How much of a client's User-Agent a row shows: enough to tell Outlook
 * from Google Calendar, not a paragraph. */
#define CLIENT_SHOWN 60

struct listing {
  const dd__web_request *rq;
  dd__html *h;
  size_t n;
  long find; /* revoke: the live subscriber looked for; else 0 */
  bool found;
};

static int subscriber_row(const dd_subscriber *s, void *arg) {
  struct listing *l = arg;
  if (l->find != 0) {
    l->found |= s->id == l->find && !s->revoked;
    return 0;
  }
  dd__html *h = l->h;
  l->n++;
  H(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
  dd__html_int(h, s->id);
  H(h, "</td>");
  dd__admin_cell(h, s->name);
  dd__admin_cell(h, s->email);
  dd__admin_cell(h, s->scope);
  dd__admin_time_cell(h, s->created);
  dd__admin_time_cell(h, s->last_fetch);
  H(h, "<td class=\"govuk-table__cell\">");
  size_t n = strlen(s->last_client);
  size_t shown = dd__utf8_cut(s->last_client, n, CLIENT_SHOWN);
  if (n == 0) {
    H(h, "None");
  } else {
    dd__html_text_n(h, s->last_client, shown);
    if (shown < n)
      H(h, "…");
  }
  H(h, "</td><td class=\"govuk-table__cell\">");
  if (s->revoked) {
    dd__govuk_tag_write(h, &(dd__govuk_tag){.content.text = "Revoked",
                                            .classes = "govuk-tag--grey"});
  } else {
    H(h, "<form method=\"post\" novalidate action=\"/admin/subscribers/");
    dd__html_int(h, s->id);
    H(h, "/revoke\">");
    dd__page_csrf(h, l->rq);
    H(h, "<button type=\"submit\" class=\"govuk-button govuk-button--warning "
         "govuk-!-margin-bottom-0\" data-module=\"govuk-button\">Revoke<span "
         "class=\"govuk-visually-hidden\"> subscriber ");
    dd__html_int(h, s->id);
    H(h, ", ");
    dd__html_text(h, s->name);
    H(h, "</span></button></form>");
  }
  H(h, "</td></tr>");
  return 0;
}

int dd__admin_subscribers(const dd__web_context *cx, const dd__web_request *rq,
                          dd__web_response *out) {
  dd__html h = {0};
  dd__admin_begin(&h, rq, "Subscribers", DD_ADMIN_SUBSCRIBERS, false);
  H(&h, "<h1 class=\"govuk-heading-l\">Subscribers</h1><p "
        "class=\"govuk-body\">Everyone with a calendar link, and when their "
        "calendar last asked for it (to within a minute). Revoking a link "
        "makes it answer \"not found\" from the next request on.</p>");
  struct listing l = {.rq = rq, .h = &h};
  dd_diag diag;
  H(&h,
    "<table class=\"govuk-table\"><caption class=\"govuk-table__caption "
    "govuk-table__caption--m\">Calendar links</caption>"
    "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
    "<th scope=\"col\" class=\"govuk-table__header\">Number</th>"
    "<th scope=\"col\" class=\"govuk-table__header\">Name</th>"
    "<th scope=\"col\" class=\"govuk-table__header\">E-mail address</th>"
    "<th scope=\"col\" class=\"govuk-table__header\">What it shows</th>"
    "<th scope=\"col\" class=\"govuk-table__header\">Created (UTC)</th>"
    "<th scope=\"col\" class=\"govuk-table__header\">Last fetched (UTC)</th>"
    "<th scope=\"col\" class=\"govuk-table__header\">Client</th>"
    "<th scope=\"col\" class=\"govuk-table__header\">Status</th>"
    "</tr></thead><tbody class=\"govuk-table__body\">");
  int err = dd_store_subscribers_each(cx->st, subscriber_row, &l, &diag);
  H(&h, "</tbody></table>");
  if (l.n == 0)
    H(&h, "<p class=\"govuk-body\">There are no calendar links.</p>");
  dd__page_end(&h);
  if (err != DD_OK) {
    dd__html_clear(&h);
    return err == DD_ENOMEM ? err : dd__page_failed(rq, out);
  }
  return dd__page_send(&h, 200, out);
}

int dd__admin_subscriber_revoke(const dd__web_context *cx,
                                const dd__web_request *rq, long id,
                                dd__web_response *out) {
  struct listing l = {.rq = rq, .find = id};
  dd_diag diag;
  int err = dd_store_subscribers_each(cx->st, subscriber_row, &l, &diag);
  if (err != DD_OK)
    return err == DD_ENOMEM ? err : dd__page_failed(rq, out);
  if (!l.found)
    return dd__page_not_found(rq, out);
  if (dd_store_begin(cx->st, &diag) != DD_OK ||
      dd_store_subscriber_revoke(cx->st, id, rq->user->email, &diag) != DD_OK ||
      dd_store_commit(cx->st, &diag) != DD_OK) {
    dd_store_rollback(cx->st);
    return dd__page_failed(rq, out);
  }
  char flash[DD_WEB_FLASH_SIZE];
  snprintf(flash, sizeof flash,
           "Subscriber %ld revoked\nTheir calendar link answers \"not "
           "found\" from now on.",
           id);
  dd__page_redirect(out, "/admin/subscribers", flash);
  return DD_OK;
}
