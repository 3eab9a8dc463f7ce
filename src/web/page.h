/* What the pages share (private to src/web): the GOV.UK page template
 * around each page, the error pages, form fields read from a request, and
 * the deadlines of a user's scope, which the dashboard shows and its CSV
 * download repeats. */
#ifndef DUEDAY_SRC_WEB_PAGE_H
#define DUEDAY_SRC_WEB_PAGE_H

#include "app.h"
#include "govuk.h"
#include "html.h"

#include "dueday/schedule.h"

#include <stdbool.h>
#include <stddef.h>

/* One of two literals, as H writes them: H(h, c ? "a" : "b") does not
 * compile, since a choice is not a literal. */
#define H_EITHER(h, cond, a, b)                                                \
  do {                                                                         \
    if (cond)                                                                  \
      H(h, a);                                                                 \
    else                                                                       \
      H(h, b);                                                                 \
  } while (0)

/* ---- the template (page_layout.c) ---- */

/* Which service navigation item is the current page's. */
typedef enum dd__nav {
  DD_NAV_NONE,
  DD_NAV_DEADLINES,
  DD_NAV_CALCULATOR,
  DD_NAV_CALENDAR,
  DD_NAV_REMINDERS,
  DD_NAV_ADMIN
} dd__nav;

/* Writes the page up to and including <main>'s opening tag: the GOV.UK
 * template with the Generic header, the service navigation (nav current),
 * who is signed in and (when rq->can_sign_out) a Sign out button, and the
 * flash of rq as a success banner. title is the page's h1 text, also the
 * <title>, prefixed "Error: " when error is set (GOV.UK's pattern for a
 * form with errors). user may be NULL (an error page for someone not
 * signed in); rq may be NULL (no navigation state, no flash). */
void dd__page_begin(dd__html *h, const dd__web_request *rq, const dd_user *user,
                    const char *title, dd__nav current, bool error);
/* As dd__page_begin, with back (when not NULL) above <main>, where GOV.UK's
 * template puts a back link ("beforeContent"). */
void dd__page_begin_back(dd__html *h, const dd__web_request *rq,
                         const dd_user *user, const char *title,
                         dd__nav current, bool error,
                         const dd__govuk_back_link *back);
/* Closes <main> and the page. */
void dd__page_end(dd__html *h);

/* Finishes h into out as an HTML page with status. Returns DD_OK;
 * DD_ENOMEM (out's body then NULL). */
int dd__page_send(dd__html *h, unsigned status, dd__web_response *out);

/* A 303 to location (a path of this server, "/visits/X"; copied, cut to
 * fit never happens for the paths the pages make) with flash ("" none). */
void dd__page_redirect(dd__web_response *out, const char *location,
                       const char *flash);

/* The success banner of a flash: its first line the heading, each further
 * line an item of a list. Writes nothing for NULL or "". */
void dd__page_flash(dd__html *h, const char *flash);

/* <input type="hidden" name="csrf" value="..."> for every POST form. */
void dd__page_csrf(dd__html *h, const dd__web_request *rq);

/* A tag for a milestone's status ("Overdue" red, "On hold" grey, ...),
 * and an "At risk" tag after it when at_risk. */
void dd__page_status_tag(dd__html *h, dd_status status, bool at_risk);
/* As dd__page_status_tag for m, but "Likely" while m is tentative (a
 * monitoring visit the case review has not yet decided on). */
void dd__page_milestone_tag(dd__html *h, const dd_milestone *m, bool at_risk);

/* "09:00" for a time in minutes after midnight, into buf (6 bytes); ""
 * for DD_TIME_NONE. */
const char *dd__page_clock(int minutes, char buf[8]);

/* ---- errors (page_error.c) ---- */

/* The page for 404: what a missing page and one outside the user's scope
 * both answer, so that nothing says which it was. */
int dd__page_not_found(const dd__web_request *rq, dd__web_response *out);
/* The page for a failure of ours (500), without its detail. */
int dd__page_failed(const dd__web_request *rq, dd__web_response *out);

/* ---- form fields (page_form.c) ---- */

/* A date as GOV.UK's date input sends it (prefix-day, prefix-month,
 * prefix-year) or, for a link, whole in prefix ("2020-12-14"). */
typedef struct dd__date_field {
  const char *day, *month, *year; /* as sent (for the form), "" none */
  bool given;                     /* any part sent */
  dd_date date;                   /* when valid */
  /* Why it is not a date, in GOV.UK's error message style ("Start date
   * must include a month"); NULL when valid or not given. */
  const char *error;
  char message[512]; /* room for a dd_diag message */
  /* Which part the error is about: 'd', 'm', 'y', or 0 for the whole. */
  char part;
  char whole_day[4], whole_month[4], whole_year[8]; /* a whole date split */
} dd__date_field;

/* Reads the date field called prefix ("start", "date") from params (a
 * request's query or form), its error messages naming it as label
 * ("Start date"). */
void dd__date_field_read(dd__date_field *f, const dd__web_param *params,
                         size_t n, const char *prefix, const char *label);

/* The GOV.UK date input for f, its boxes named prefix-day, prefix-month
 * and prefix-year, in a fieldset whose legend is legend, with f's values
 * and error. */
void dd__page_date_input(dd__html *h, const char *prefix, const char *legend,
                         const char *hint, const dd__date_field *f);
/* Where the error summary links for f's error: "#prefix-day" or the box
 * the error is about; into buf (size bytes), returned. */
const char *dd__date_field_anchor(const dd__date_field *f, const char *prefix,
                                  char *buf, size_t size);

/* The first value of name in params, or NULL. */
const char *dd__param(const dd__web_param *params, size_t n, const char *name);

/* The milestone of the configured rules that records the case review
 * (config/dueday.conf: "no later than 5 working days following the
 * visit"): its record page (page_record.c) also asks the review's
 * decision on a likely milestone, and the visit's page links there. */
#define DD__CASE_REVIEW "case-review"
/* A recorded event that is not a milestone in words, as a title ("Case
 * review decision (monitoring visit)"), static; NULL for any other
 * (page_record.c). */
const char *dd__page_event_title(const char *what);

/* ---- deadlines (page_deadlines.c; "at risk" is dd_milestone_at_risk,
 * src/core/risk.c) ---- */

/* A schedule's milestones as a summary list (page_visit.c): due date and
 * time, rule in words, days skipped, status. With v (a registered visit),
 * a Record action for each open milestone; NULL for none (the
 * calculator). */
void dd__page_milestones(dd__html *h, const dd_visit *v, const dd_schedule *s);

/* ---- the cache of register-wide results (page_cache.c) ---- */

/* The cache's lock: held around a get, what is done with the value it
 * gives, and a put. */
void dd__page_cache_lock(void);
void dd__page_cache_unlock(void);
/* The value stored under key for the register connection owner at
 * version (its data_version), or NULL: none, or stored at another version
 * or before the last dd__page_cache_changed (it is then freed). Borrowed
 * while the lock is held. */
void *dd__page_cache_get(const void *owner, long version, const char *key);
/* Stores value (which the cache now owns, and frees with free_value) under
 * key, replacing what was there or the least recently used. False when
 * out of memory: the caller still owns value. */
bool dd__page_cache_put(const void *owner, long version, const char *key,
                        void *value, void (*free_value)(void *));
/* The pages changed the register through a connection (a record, an
 * undo): nothing cached before is good. Takes the lock itself. */
void dd__page_cache_changed(void);

/* ---- the pages ---- */

int dd__page_deadlines(const dd__web_context *cx, const dd__web_request *rq,
                       bool csv, dd__web_response *out);
int dd__page_visit(const dd__web_context *cx, const dd__web_request *rq,
                   const char *id, dd__web_response *out);
int dd__page_record(const dd__web_context *cx, const dd__web_request *rq,
                    const char *id, const char *milestone,
                    dd__web_response *out);
int dd__page_undo(const dd__web_context *cx, const dd__web_request *rq,
                  const char *id, const char *milestone, dd__web_response *out);
int dd__page_when(const dd__web_context *cx, const dd__web_request *rq,
                  dd__web_response *out);
int dd__page_links(const dd__web_context *cx, const dd__web_request *rq,
                   dd__web_response *out);
int dd__page_link_new(const dd__web_context *cx, const dd__web_request *rq,
                      dd__web_response *out);
int dd__page_prefs(const dd__web_context *cx, const dd__web_request *rq,
                   dd__web_response *out);
int dd__page_link_revoke(const dd__web_context *cx, const dd__web_request *rq,
                         const char *id, dd__web_response *out);

/* The admin pages (page_admin*.c), for a request whose path is "/admin"
 * or under it: a 404 for anyone but an admin, on every route and method. */
int dd__page_admin(const dd__web_context *cx, const dd__web_request *rq,
                   dd__web_response *out);

#endif
