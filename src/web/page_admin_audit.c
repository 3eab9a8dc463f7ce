/* The admin's audit log (GET /admin/audit?visit=&actor=&action=&from=&to=
 * &page=): who did what and when, newest first, a page of PAGE_ROWS at a
 * time, with its filters as a GET form so that a filtered view is a link
 * to keep or share. Read through dd_store_audit_query. */
#include "page_admin.h"

#include "dueday/error.h"
#include "dueday/store.h"

#include <stdio.h>
#include <string.h>

#define PAGE_ROWS 100

struct filters {
  const char *visit, *actor, *action, *from, *to; /* as sent; "" none */
  const char *from_error, *to_error;
  dd_audit_filter f;
  long page; /* from 1 */
};

static const char *query(const dd__web_request *rq, const char *name) {
  const char *v = dd__web_query(rq, name);
  return v != NULL ? v : "";
}

/* A day of the form, "" none, into *out; false when it is not a date. */
static bool day(const char *text, dd_date *out) {
  *out = 0;
  return text[0] == '\0' || dd_date_parse(text, out, NULL) == DD_OK;
}

static void filters_read(const dd__web_request *rq, struct filters *q) {
  memset(q, 0, sizeof *q);
  q->visit = query(rq, "visit");
  q->actor = query(rq, "actor");
  q->action = query(rq, "action");
  q->from = query(rq, "from");
  q->to = query(rq, "to");
  if (!day(q->from, &q->f.from))
    q->from_error = "The start date must be a real date, like 2020-12-14";
  if (!day(q->to, &q->f.to))
    q->to_error = "The end date must be a real date, like 2020-12-14";
  else if (!q->from_error && q->f.from != 0 && q->f.to != 0 &&
           q->f.to < q->f.from)
    q->to_error = "The end date must be the same as or after the start date";
  q->f.visit_id = q->visit;
  q->f.actor = q->actor;
  q->f.action = q->action;
  /* Past the last page is an empty page; a page that is not a number is
   * the first. */
  if (!dd__admin_id(query(rq, "page"), &q->page) || q->page > 1000000)
    q->page = 1;
}

/* A link to page of the log with q's filters. */
static void page_href(dd__html *h, const struct filters *q, long page) {
  H(h, " href=\"/admin/audit?visit=");
  dd__html_url(h, q->visit);
  H(h, "&amp;actor=");
  dd__html_url(h, q->actor);
  H(h, "&amp;action=");
  dd__html_url(h, q->action);
  H(h, "&amp;from=");
  dd__html_url(h, q->from);
  H(h, "&amp;to=");
  dd__html_url(h, q->to);
  H(h, "&amp;page=");
  dd__html_int(h, page);
  H(h, "\"");
}

static void form(dd__html *h, const struct filters *q) {
  H(h, "<form method=\"get\" action=\"/admin/audit\" novalidate><div "
       "class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-third\">");
  dd__govuk_input_write(
      h, &(dd__govuk_input){.name = "actor",
                            .value = q->actor,
                            .spellcheck = -1,
                            .autocomplete = "off",
                            .label = {.content.text = "Who (e-mail address)",
                                      .classes = "govuk-label--s"}});
  H(h, "</div><div class=\"govuk-grid-column-one-third\">");
  dd__govuk_input_write(
      h, &(dd__govuk_input){
             .name = "action",
             .value = q->action,
             .spellcheck = -1,
             .autocomplete = "off",
             .label = {.content.text = "Action", .classes = "govuk-label--s"},
             .hint = {.content.text = "For example: record, "
                                      "user add, revoke"}});
  H(h, "</div><div class=\"govuk-grid-column-one-third\">");
  dd__govuk_input_write(
      h, &(dd__govuk_input){
             .name = "visit",
             .value = q->visit,
             .spellcheck = -1,
             .autocomplete = "off",
             .label = {.content.text = "Visit", .classes = "govuk-label--s"}});
  H(h, "</div></div><div class=\"govuk-grid-row\"><div "
       "class=\"govuk-grid-column-one-third\">");
  dd__govuk_input_write(
      h, &(dd__govuk_input){
             .name = "from",
             .value = q->from,
             .classes = "govuk-input--width-10",
             .autocomplete = "off",
             .label = {.content.text = "From", .classes = "govuk-label--s"},
             .hint = {.content.text = "For example, 2020-12-01"},
             .error_message = {.content.text = q->from_error}});
  H(h, "</div><div class=\"govuk-grid-column-one-third\">");
  dd__govuk_input_write(
      h, &(dd__govuk_input){
             .name = "to",
             .value = q->to,
             .classes = "govuk-input--width-10",
             .autocomplete = "off",
             .label = {.content.text = "To", .classes = "govuk-label--s"},
             .hint = {.content.text = "For example, 2020-12-14"},
             .error_message = {.content.text = q->to_error}});
  H(h, "</div></div><div class=\"govuk-button-group\">");
  dd__govuk_button_write(
      h, &(dd__govuk_button){.content.text = "Filter",
                             .classes = "govuk-button--secondary"});
  H(h, "<a class=\"govuk-link\" href=\"/admin/audit\">Clear filters</a>"
       "</div></form>");
}

struct listing {
  dd__html *h;
  size_t n;
};

static int audit_row(const dd_audit_entry *a, void *arg) {
  struct listing *l = arg;
  dd__html *h = l->h;
  /* One more than a page is read, to know whether there is a next. */
  if (++l->n > PAGE_ROWS)
    return 0;
  if (l->n == 1)
    H(h, "<table class=\"govuk-table\"><caption "
         "class=\"govuk-table__caption govuk-table__caption--m\">Changes, "
         "newest first</caption><thead class=\"govuk-table__head\"><tr "
         "class=\"govuk-table__row\">"
         "<th scope=\"col\" class=\"govuk-table__header\">When (UTC)</th>"
         "<th scope=\"col\" class=\"govuk-table__header\">Who</th>"
         "<th scope=\"col\" class=\"govuk-table__header\">Action</th>"
         "<th scope=\"col\" class=\"govuk-table__header\">Visit</th>"
         "<th scope=\"col\" class=\"govuk-table__header\">Detail</th>"
         "</tr></thead><tbody class=\"govuk-table__body\">");
  H(h, "<tr class=\"govuk-table__row\">");
  dd__admin_time_cell(h, a->at);
  dd__admin_cell(h, a->actor);
  dd__admin_cell(h, a->action);
  if (a->visit_id[0] != '\0') {
    H(h, "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
         "href=\"/visits/");
    dd__html_url(h, a->visit_id);
    H(h, "\">");
    dd__html_text(h, a->visit_id);
    H(h, "</a></td>");
  } else {
    dd__admin_cell(h, "");
  }
  dd__admin_cell(h, a->detail);
  H(h, "</tr>");
  return 0;
}

int dd__admin_audit(const dd__web_context *cx, const dd__web_request *rq,
                    dd__web_response *out) {
  struct filters q;
  filters_read(rq, &q);
  bool failed = q.from_error || q.to_error;
  dd__html h = {0};
  dd__admin_begin(&h, rq, "Audit log", DD_ADMIN_AUDIT, failed);
  if (failed) {
    dd__govuk_error_link e[2];
    size_t n = 0;
    if (q.from_error)
      e[n++] =
          (dd__govuk_error_link){.content.text = q.from_error, .href = "#from"};
    if (q.to_error)
      e[n++] =
          (dd__govuk_error_link){.content.text = q.to_error, .href = "#to"};
    dd__govuk_error_summary_write(
        &h, &(dd__govuk_error_summary){.title.text = "There is a problem",
                                       .errors = e,
                                       .n_errors = n});
  }
  H(&h, "<h1 class=\"govuk-heading-l\">Audit log</h1>");
  form(&h, &q);
  struct listing l = {&h, 0};
  dd_diag diag;
  int err = DD_OK;
  if (!failed)
    err = dd_store_audit_query(cx->st, &q.f, (size_t)(q.page - 1) * PAGE_ROWS,
                               PAGE_ROWS + 1, audit_row, &l, &diag);
  if (l.n > 0)
    H(&h, "</tbody></table>");
  else if (!failed)
    H(&h, "<p class=\"govuk-body\">Nothing in the audit log matches.</p>");
  if (q.page > 1 || l.n > PAGE_ROWS) {
    /* GOV.UK's pagination component, previous and next only. */
    H(&h, "<nav class=\"govuk-pagination govuk-pagination--block\" "
          "aria-label=\"Pages of the audit log\">");
    if (q.page > 1) {
      H(&h, "<div class=\"govuk-pagination__prev\"><a "
            "class=\"govuk-link govuk-pagination__link\" rel=\"prev\"");
      page_href(&h, &q, q.page - 1);
      H(&h, "><span class=\"govuk-pagination__link-title\">Previous<span "
            "class=\"govuk-visually-hidden\"> page</span></span><span "
            "class=\"govuk-visually-hidden\">:</span><span "
            "class=\"govuk-pagination__link-label\">Newer changes</span>"
            "</a></div>");
    }
    if (l.n > PAGE_ROWS) {
      H(&h, "<div class=\"govuk-pagination__next\"><a "
            "class=\"govuk-link govuk-pagination__link\" rel=\"next\"");
      page_href(&h, &q, q.page + 1);
      H(&h, "><span class=\"govuk-pagination__link-title\">Next<span "
            "class=\"govuk-visually-hidden\"> page</span></span><span "
            "class=\"govuk-visually-hidden\">:</span><span "
            "class=\"govuk-pagination__link-label\">Older changes</span>"
            "</a></div>");
    }
    H(&h, "</nav>");
  }
  dd__page_end(&h);
  if (err != DD_OK) {
    dd__html_clear(&h);
    return err == DD_ENOMEM ? err : dd__page_failed(rq, out);
  }
  return dd__page_send(&h, failed ? 400 : 200, out);
}
