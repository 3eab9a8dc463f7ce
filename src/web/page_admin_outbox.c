/* The admin's outbox (GET /admin/outbox): the reminders that need an eye,
 * failed ones and deferred ones (the mail server asked to try later), as
 * `dueday outbox` shows them, and "Retry now" for each (POST
 * /admin/outbox/<id>/retry, dd_outbox_retry): due at the next notify
 * pass. */
#include "page_admin.h"

#include "dueday/error.h"
#include "dueday/outbox.h"

#include <stdio.h>
#include <string.h>

/* The most rows shown: the newest. An outbox that long has one cause, and
 * the command (dueday outbox --limit) shows the rest. */
#define ROWS_SHOWN 200

struct listing {
  const dd__web_request *rq;
  dd__html *h;
  size_t n;
};

static int reminder_row(const dd_outbox_entry *r, void *arg) {
  struct listing *l = arg;
  dd__html *h = l->h;
  bool failed = r->failed;
  l->n++;
  H(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">"
       "<a class=\"govuk-link\" href=\"/visits/");
  dd__html_url(h, r->visit_id);
  H(h, "\">");
  dd__html_text(h, r->visit_id);
  H(h, "</a></td>");
  /* The milestone and which of its reminders ("before-5", "due") in one
   * cell: ten columns overflowed the page. */
  H(h, "<td class=\"govuk-table__cell\">");
  dd__html_text(h, r->milestone);
  H(h, " <span class=\"govuk-body-s\">(");
  dd__html_text(h, r->threshold);
  H(h, ")</span></td>");
  dd__admin_cell(h, r->due);
  dd__admin_cell(h, r->recipient);
  H(h, "<td class=\"govuk-table__cell\">");
  dd__govuk_tag_write(
      h, &(dd__govuk_tag){.content.text = failed ? "Failed" : "Deferred",
                          .classes =
                              failed ? "govuk-tag--red" : "govuk-tag--yellow"});
  H(h, "</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">");
  dd__html_int(h, r->attempts);
  H(h, "</td><td class=\"govuk-table__cell\">");
  if (r->last_code > 0) {
    dd__html_int(h, r->last_code);
    H(h, " ");
  }
  dd__html_text(h, r->last_error);
  H(h, "</td>");
  char next[32] = "";
  if (!failed && r->next_attempt > 0) {
    /* A dd_date counts days from 1970-01-01, as Unix time does. */
    long secs = (long)(r->next_attempt % 86400);
    char d[DD_DATE_BUFSIZE];
    dd_date_format((dd_date)(r->next_attempt / 86400), d);
    snprintf(next, sizeof next, "%sT%02ld:%02ld:%02ldZ", d, secs / 3600,
             secs / 60 % 60, secs % 60);
  }
  if (failed)
    dd__admin_cell(h, "");
  else
    dd__admin_time_cell(h, next);
  H(h, "<td class=\"govuk-table__cell\"><form method=\"post\" novalidate "
       "action=\"/admin/outbox/");
  dd__html_int(h, r->id);
  H(h, "/retry\">");
  dd__page_csrf(h, l->rq);
  H(h, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary "
       "govuk-!-margin-bottom-0\" data-module=\"govuk-button\">Retry now<span "
       "class=\"govuk-visually-hidden\"> the reminder to ");
  dd__html_text(h, r->recipient);
  H(h, " about ");
  dd__html_text(h, r->visit_id);
  H(h, " ");
  dd__html_text(h, r->milestone);
  H(h, "</span></button></form></td></tr>");
  return 0;
}

int dd__admin_outbox(const dd__web_context *cx, const dd__web_request *rq,
                     dd__web_response *out) {
  dd__html h = {0};
  dd__admin_begin(&h, rq, "Outbox", DD_ADMIN_OUTBOX, false);
  H(&h, "<h1 class=\"govuk-heading-l\">Outbox</h1><p class=\"govuk-body\">"
        "Reminders the mail server refused (failed) or asked to send later "
        "(deferred). \"Retry now\" sends one at the next reminder pass; a "
        "failed one gets its full set of tries again.</p>");
  struct listing l = {.rq = rq, .h = &h};
  dd_diag diag;
  H(&h, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption "
        "govuk-table__caption--m\">Failed and deferred reminders</caption>"
        "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
        "<th scope=\"col\" class=\"govuk-table__header\">Visit</th>"
        "<th scope=\"col\" class=\"govuk-table__header\">Reminder</th>"
        "<th scope=\"col\" class=\"govuk-table__header\">Due</th>"
        "<th scope=\"col\" class=\"govuk-table__header\">Recipient</th>"
        "<th scope=\"col\" class=\"govuk-table__header\">State</th>"
        "<th scope=\"col\" class=\"govuk-table__header "
        "govuk-table__header--numeric\">Attempts</th>"
        "<th scope=\"col\" class=\"govuk-table__header\">Last answer</th>"
        "<th scope=\"col\" class=\"govuk-table__header\">Next try (UTC)</th>"
        "<th scope=\"col\" class=\"govuk-table__header\"><span "
        "class=\"govuk-visually-hidden\">Action</span></th>"
        "</tr></thead><tbody class=\"govuk-table__body\">");
  int err = dd_outbox_each(cx->st, ROWS_SHOWN, reminder_row, &l, &diag);
  H(&h, "</tbody></table>");
  if (l.n == 0)
    H(&h, "<p class=\"govuk-body\">No reminder has failed or been "
          "deferred.</p>");
  dd__page_end(&h);
  if (err != DD_OK) {
    dd__html_clear(&h);
    return err == DD_ENOMEM ? err : dd__page_failed(rq, out);
  }
  return dd__page_send(&h, 200, out);
}

int dd__admin_outbox_retry(const dd__web_context *cx, const dd__web_request *rq,
                           long id, dd__web_response *out) {
  dd_diag diag;
  int err = dd_store_begin(cx->st, &diag);
  if (err == DD_OK)
    err = dd_outbox_retry(cx->st, id, rq->user->email, &diag);
  if (err == DD_OK)
    err = dd_store_commit(cx->st, &diag);
  if (err != DD_OK) {
    dd_store_rollback(cx->st);
    return err == DD_ENOTFOUND ? dd__page_not_found(rq, out)
                               : dd__page_failed(rq, out);
  }
  dd__page_redirect(out, "/admin/outbox",
                    "Reminder queued again\nIt goes at the next reminder "
                    "pass.");
  return DD_OK;
}
