/* The dashboard (GET /deadlines) and its download (GET /deadlines.csv):
 * the open deadlines of the visits the user can see, grouped by urgency as
 * the Crown Prosecution Service's task list is (Overdue, Due today, Due in
 * the next N working days, then what an unanswered complaint holds), each
 * row linking to its visit; filters as a GET form. The CSV has the same
 * rows, every one of them; the page shows the first ROWS_SHOWN of each
 * group and says how many there are, so that a 10,000-visit region's page
 * stays under 100 KB.
 *
 * Every visit is planned without explanations (dd_planner_schedule_brief)
 * and each row keeps only numbers and the offset of its visit's strings,
 * copied once per visit into one buffer, as the agenda does
 * (src/cli/cmd_agenda.c): a row costs no allocation of its own. */
#include "page.h"

#include "dueday/config.h"
#include "dueday/error.h"
#include "dueday/planner.h"
#include "dueday/visit.h"
#include "dueday/workday.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Rows shown per group: 4 groups of 40 rows of about 450 bytes stay under
 * 100 KB with the rest of the page (tests/test_pages.c measures a
 * 10,000-visit region's page). */
#define ROWS_SHOWN 40
/* The default and the largest "within": 10 working days is two weeks; a
 * year of them is as far as a dashboard looks. */
#define WITHIN_DEFAULT 10
#define WITHIN_MAX 260
/* Above this many inspectors the filter is a text box, not a list. */
#define INSPECTORS_LISTED 100

enum group { G_OVERDUE, G_TODAY, G_SOON, G_HELD, NGROUPS };

/* What the status filter keeps. */
enum want { W_ANY, W_OVERDUE, W_AT_RISK, W_ON_HOLD };

struct row {
  const dd_milestone_rule *rule;
  size_t visit;   /* offset in walk.strings of "id\0name\0inspector\0" */
  dd_date due;    /* the day it is listed under */
  dd_date closes; /* a window's last day when it is open; else 0 */
  int due_time, days_off;
  dd_status status;
  unsigned char group;
  bool at_risk;
  bool tentative; /* likely: the case review has not decided */
};

struct walk {
  const dd__web_request *rq;
  dd_planner *planner;
  const char *inspector; /* the filter, or NULL */
  enum want want;
  dd_date today, horizon;
  struct row *rows;
  size_t n, cap;
  dd__buf strings; /* the rows' visits' strings */
  size_t visit_at; /* this visit's offset in strings, SIZE_MAX: none yet */
  size_t count[NGROUPS];
  size_t unplanned; /* visits that could not be planned */
  /* The filter's choices: the regions and inspectors of the visits the
   * user can see (those walked), each once, "a\0b\0". */
  dd__buf regions, inspectors;
  size_t nregions, ninspectors;
  bool choices_only; /* the filters are wrong: only the choices, no rows */
};

/* Adds s to the list set (n items) unless it is there. Lists are short
 * (regions, inspectors of a region), and a visit's value is most often
 * the last one added (visits come in id order, grouped by who made them),
 * so the linear search is checked against the last first. */
static void remember(dd__buf *set, size_t *n, const char *s) {
  if (s == NULL || s[0] == '\0')
    return;
  size_t len = strlen(s);
  for (size_t at = 0; at < set->len;) {
    size_t l = strlen(set->p + at);
    if (l == len && memcmp(set->p + at, s, len) == 0)
      return;
    at += l + 1;
  }
  dd__buf_put(set, s, len + 1);
  (*n)++;
}

static bool push(struct walk *w, const dd_visit *v, const dd_milestone *m,
                 enum group g, dd_date listed, dd_date closes, bool at_risk) {
  if (!dd__grow(&w->rows, &w->cap, w->n + 1, sizeof *w->rows, 256))
    return false;
  if (w->visit_at == SIZE_MAX) {
    w->visit_at = w->strings.len;
    dd__buf_put(&w->strings, v->id, strlen(v->id) + 1);
    dd__buf_put(&w->strings, v->name, strlen(v->name) + 1);
    dd__buf_put(&w->strings, v->inspector, strlen(v->inspector) + 1);
    if (w->strings.failed)
      return false;
  }
  w->rows[w->n++] = (struct row){.rule = m->rule,
                                 .visit = w->visit_at,
                                 .due = listed,
                                 .closes = closes,
                                 .due_time = m->due_time,
                                 .days_off = m->days_off,
                                 .status = m->status,
                                 .group = (unsigned char)g,
                                 .at_risk = at_risk,
                                 .tentative = m->tentative};
  w->count[g]++;
  return true;
}

/* Which group m goes in as of today, and the day it is listed under, or
 * false when it is not on the dashboard (done, not applicable, or due
 * after the horizon). A window is listed on the day it opens, or today
 * while it is open, with the day it closes (as the agenda lists it). */
static bool place(const struct walk *w, const dd_milestone *m, enum group *g,
                  dd_date *listed, dd_date *closes) {
  *closes = 0;
  *listed = m->due;
  if (!m->applies)
    return false;
  switch (m->status) {
  case DD_STATUS_OVERDUE:
    *g = G_OVERDUE;
    return true;
  case DD_STATUS_ON_HOLD:
    *g = G_HELD;
    return m->due <= w->horizon;
  case DD_STATUS_PENDING:
    if (m->rule->kind == DD_KIND_WINDOW) {
      *listed = m->earliest > w->today ? m->earliest : w->today;
      *closes = m->due;
    }
    *g = *listed <= w->today ? G_TODAY : G_SOON;
    return *listed <= w->horizon;
  default:
    return false;
  }
}

static int visit_fn(const dd_visit *v, const dd_recorded *events, size_t n,
                    void *arg) {
  struct walk *w = arg;
  if (!dd_user_can_see(w->rq->user, v))
    return 0;
  remember(&w->regions, &w->nregions, v->region);
  remember(&w->inspectors, &w->ninspectors, v->inspector);
  if (w->choices_only ||
      (w->inspector != NULL && strcasecmp(v->inspector, w->inspector) != 0))
    return 0;
  if (v->status == DD_VISIT_CANCELLED)
    return 0;
  dd_schedule s;
  dd_diag diag;
  int err =
      dd_planner_schedule_brief(w->planner, v, events, n, w->today, &s, &diag);
  if (err == DD_ENOMEM)
    return err;
  if (err != DD_OK) {
    /* One visit that cannot be planned (a visit type the configuration no
     * longer has) must not hide the others: counted and said. */
    w->unplanned++;
    return 0;
  }
  w->visit_at = SIZE_MAX;
  for (size_t i = 0; i < s.n; i++) {
    const dd_milestone *m = &s.items[i];
    enum group g;
    dd_date listed, closes;
    if (!place(w, m, &g, &listed, &closes))
      continue;
    bool risk = dd_milestone_at_risk(&s, m) != NULL;
    if ((w->want == W_OVERDUE && g != G_OVERDUE) ||
        (w->want == W_ON_HOLD && g != G_HELD) ||
        (w->want == W_AT_RISK && !risk))
      continue;
    if (!push(w, v, m, g, listed, closes, risk)) {
      dd_schedule_clear(&s);
      return DD_ENOMEM;
    }
  }
  dd_schedule_clear(&s);
  return 0;
}

static const char *row_id(const struct walk *w, const struct row *r) {
  return w->strings.p + r->visit;
}
static const char *row_name(const struct walk *w, const struct row *r) {
  const char *id = row_id(w, r);
  return id + strlen(id) + 1;
}
static const char *row_inspector(const struct walk *w, const struct row *r) {
  const char *name = row_name(w, r);
  return name + strlen(name) + 1;
}

/* qsort has no argument: the strings the comparison needs. */
static _Thread_local const struct walk *sorting;

/* Group, then the day (most overdue first), all-day before timed, then
 * visit id and the rules' order. */
static int by_urgency(const void *a, const void *b) {
  const struct row *x = a, *y = b;
  if (x->group != y->group)
    return x->group < y->group ? -1 : 1;
  if (x->due != y->due)
    return x->due < y->due ? -1 : 1;
  if (x->due_time != y->due_time)
    return x->due_time < y->due_time ? -1 : 1;
  if (x->visit != y->visit) {
    int c = strcmp(row_id(sorting, x), row_id(sorting, y));
    if (c != 0)
      return c;
  }
  return x->rule < y->rule ? -1 : x->rule > y->rule;
}

/* The filters as read from the query. */
struct filters {
  const char *region, *inspector, *status, *within_text;
  int within;
  const char *error; /* about "within" */
};

static void filters_read(const dd__web_request *rq, struct filters *f,
                         enum want *want) {
  memset(f, 0, sizeof *f);
  f->region = dd__web_query(rq, "region");
  f->inspector = dd__web_query(rq, "inspector");
  f->status = dd__web_query(rq, "status");
  f->within_text = dd__web_query(rq, "within");
  if (f->region && f->region[0] == '\0')
    f->region = NULL;
  if (f->inspector && f->inspector[0] == '\0')
    f->inspector = NULL;
  f->within = WITHIN_DEFAULT;
  if (f->within_text != NULL && f->within_text[0] != '\0') {
    char *end;
    long v = strtol(f->within_text, &end, 10);
    if (*end != '\0' || end == f->within_text || f->within_text[0] == '-' ||
        f->within_text[0] == '+' || f->within_text[0] == ' ' || v < 0 ||
        v > WITHIN_MAX)
      f->error = "Working days ahead must be a whole number from 0 to 260";
    else
      f->within = (int)v;
  }
  *want = W_ANY;
  if (f->status != NULL) {
    if (strcmp(f->status, "overdue") == 0)
      *want = W_OVERDUE;
    else if (strcmp(f->status, "at-risk") == 0)
      *want = W_AT_RISK;
    else if (strcmp(f->status, "on-hold") == 0)
      *want = W_ON_HOLD;
    else
      f->status = NULL; /* anything else: every status */
  }
}

/* Walks the visits the user may see: a RIM's regions one by one (each an
 * indexed read of the register), anyone else the whole register; with a
 * region filter, that region only. */
static int walk_visits(const dd__web_context *cx, const dd__web_request *rq,
                       const struct filters *f, struct walk *w) {
  dd_diag diag;
  if (f->region != NULL)
    return dd_store_visits_each(cx->st, f->region, visit_fn, w, &diag);
  if (rq->user->role != DD_ROLE_RIM)
    return dd_store_visits_each(cx->st, NULL, visit_fn, w, &diag);
  /* "London,South East": each region in turn. A RIM named on a visit of
   * another region still sees it (dd_user_can_see), on its own page; the
   * dashboard reads only their regions, as a region's feed does, rather
   * than the whole register for every RIM's every load. */
  for (const char *r = rq->user->regions; r != NULL && *r != '\0';) {
    const char *comma = strchr(r, ',');
    size_t len = comma ? (size_t)(comma - r) : strlen(r);
    char region[256];
    if (len > 0 && len < sizeof region) {
      memcpy(region, r, len);
      region[len] = '\0';
      int err = dd_store_visits_each(cx->st, region, visit_fn, w, &diag);
      if (err != DD_OK)
        return err;
    }
    r += len + (comma != NULL);
  }
  return DD_OK;
}

static void walk_free(struct walk *w) {
  free(w->rows);
  dd__buf_clear(&w->strings);
  dd__buf_clear(&w->regions);
  dd__buf_clear(&w->inspectors);
}

/* ---- the page ---- */

static const char *const group_title[NGROUPS] = {"Overdue", "Due today",
                                                 "Due in the next", "On hold"};

/* A GOV.UK select of the list set ("a\0b\0"), "every" (value "") first,
 * chosen selected. A value the list lacks (typed into the address bar)
 * is added, selected, so that the form says what is shown. Returns false
 * when out of memory (nothing written). */
static bool select_of(dd__html *h, const char *id, const char *label,
                      const char *every, const dd__buf *set, size_t n,
                      const char *chosen) {
  dd__govuk_select_item *items = malloc((n + 2) * sizeof *items);
  if (items == NULL)
    return false;
  size_t k = 0;
  bool found = false;
  items[k++] = (dd__govuk_select_item){.value = "", .text = every};
  for (size_t at = 0; at < set->len && k <= n; at += strlen(set->p + at) + 1) {
    found |= chosen != NULL && strcmp(chosen, set->p + at) == 0;
    items[k++] =
        (dd__govuk_select_item){.value = set->p + at, .text = set->p + at};
  }
  if (chosen != NULL && !found)
    items[k++] = (dd__govuk_select_item){.value = chosen, .text = chosen};
  dd__govuk_select_write(h, &(dd__govuk_select){.id = id,
                                                .name = id,
                                                .value = chosen ? chosen : "",
                                                .items = items,
                                                .n_items = k,
                                                .label.content.text = label});
  free(items);
  return true;
}

static void filter_form(dd__html *h, const dd__web_request *rq,
                        const struct filters *f, const struct walk *w) {
  H(h, "<form method=\"get\" action=\"/deadlines\" novalidate>"
       "<div class=\"govuk-grid-row\">"
       "<div class=\"govuk-grid-column-one-quarter\">");
  if (!select_of(h, "region", "Region", "All your regions", &w->regions,
                 w->nregions, f->region))
    h->buf.failed = true;
  H(h, "</div>");
  if (rq->user->role != DD_ROLE_INSPECTOR) {
    H(h, "<div class=\"govuk-grid-column-one-quarter\">");
    if (w->ninspectors <= INSPECTORS_LISTED) {
      if (!select_of(h, "inspector", "Inspector", "All inspectors",
                     &w->inspectors, w->ninspectors, f->inspector))
        h->buf.failed = true;
    } else {
      dd__govuk_input_write(
          h, &(dd__govuk_input){.name = "inspector",
                                .type = "email",
                                .value = f->inspector,
                                .spellcheck = -1,
                                .autocomplete = "off",
                                .label.content.text = "Inspector's email"});
    }
    H(h, "</div>");
  }
  char within[16];
  snprintf(within, sizeof within, "%d", f->within);
  H(h, "<div class=\"govuk-grid-column-one-quarter\">");
  dd__govuk_input_write(
      h, &(dd__govuk_input){.name = "within",
                            .value = f->error ? f->within_text : within,
                            .classes = "govuk-input--width-3",
                            .inputmode = "numeric",
                            .label.content.text = "Working days ahead",
                            .error_message.content.text = f->error});
  H(h, "</div><div class=\"govuk-grid-column-one-quarter\">");
  static const dd__govuk_select_item statuses[] = {
      {.value = "", .text = "Any status"},
      {.value = "overdue", .text = "Overdue"},
      {.value = "at-risk", .text = "At risk"},
      {.value = "on-hold", .text = "On hold"}};
  dd__govuk_select_write(
      h, &(dd__govuk_select){.name = "status",
                             .value = f->status ? f->status : "",
                             .items = statuses,
                             .n_items = 4,
                             .label.content.text = "Status"});
  H(h, "</div></div>");
  dd__govuk_button_write(
      h, &(dd__govuk_button){.content.text = "Apply filters",
                             .classes = "govuk-button--secondary"});
  H(h, "</form>");
}

/* The query of the page's own filters, for the CSV link: "?region=...". */
static void filters_query(dd__html *h, const struct filters *f,
                          const char *status) {
  char sep = '?';
  struct {
    const char *name, *value;
  } q[] = {{"region", f->region},
           {"inspector", f->inspector},
           {"within", NULL},
           {"status", status}};
  char within[16];
  snprintf(within, sizeof within, "%d", f->within);
  q[2].value = within;
  for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
    if (q[i].value == NULL)
      continue;
    if (sep == '?')
      H(h, "?");
    else
      H(h, "&amp;");
    sep = '&';
    dd__html_attr(h, q[i].name);
    H(h, "=");
    dd__html_url(h, q[i].value);
  }
}

static void row_html(dd__html *h, const struct walk *w, const struct row *r) {
  char t[8];
  H(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
  dd__html_date(h, r->due);
  if (r->due_time >= 0) {
    H(h, " ");
    dd__html_text(h, dd__page_clock(r->due_time, t));
  }
  if (r->closes) {
    H(h, "<br>to ");
    dd__html_date(h, r->closes);
  }
  H(h, "</td><td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
       "href=\"/visits/");
  dd__html_url(h, row_id(w, r));
  H(h, "\">");
  dd__html_text(h, row_name(w, r));
  H(h, "</a><br><span class=\"govuk-hint govuk-!-font-size-16\">");
  dd__html_text(h, row_id(w, r));
  if (w->rq->user->role != DD_ROLE_INSPECTOR) {
    H(h, "<br>");
    dd__html_text(h, row_inspector(w, r));
  }
  H(h, "</span></td><td class=\"govuk-table__cell\">");
  dd__html_text(h, r->rule->title);
  H(h, "</td><td class=\"govuk-table__cell\">");
  dd__html_text(h, r->rule->actor);
  H(h, "</td><td class=\"govuk-table__cell\">");
  if (r->status == DD_STATUS_OVERDUE) {
    /* "0 working days late" said nothing for a Friday deadline seen at
     * the weekend: the day it fell due says it. */
    char since[24];
    H(h, "Since ");
    dd__html_text(h, dd_date_words(r->due, since, sizeof since));
    if (r->days_off > 0) {
      H(h, ", ");
      dd__html_int(h, r->days_off);
      if (r->days_off == 1)
        H(h, " working day late");
      else
        H(h, " working days late");
    }
    H(h, " ");
  }
  if (r->tentative)
    dd__page_milestone_tag(h, &(dd_milestone){.tentative = true}, false);
  else
    dd__page_status_tag(h, r->status, r->at_risk);
  H(h, "</td></tr>");
}

static void group_html(dd__html *h, const struct walk *w, enum group g,
                       size_t first, int within) {
  size_t n = w->count[g];
  H(h, "<h2 class=\"govuk-heading-m\"");
  static const char *const ids[NGROUPS] = {"overdue", "today", "soon",
                                           "on-hold"};
  H_ATTR(h, "id", ids[g]);
  H(h, ">");
  dd__html_text(h, group_title[g]);
  if (g == G_SOON) {
    H(h, " ");
    dd__html_int(h, within);
    H_EITHER(h, within == 1, " working day", " working days");
  }
  H(h, " <span class=\"govuk-caption-m\">");
  dd__html_int(h, (long long)n);
  H_EITHER(h, n == 1, " deadline</span></h2>", " deadlines</span></h2>");
  if (n == 0) {
    H(h, "<p class=\"govuk-body\">None.</p>");
    return;
  }
  H(h, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption "
       "govuk-visually-hidden\">");
  dd__html_text(h, group_title[g]);
  H_EITHER(h, g == G_OVERDUE, ", most overdue first", ", soonest first");
  H(h, "</caption><thead class=\"govuk-table__head\"><tr "
       "class=\"govuk-table__row\">"
       "<th scope=\"col\" class=\"govuk-table__header\">Due</th>"
       "<th scope=\"col\" class=\"govuk-table__header\">Visit</th>"
       "<th scope=\"col\" class=\"govuk-table__header\">Milestone</th>"
       "<th scope=\"col\" class=\"govuk-table__header\">Who</th>"
       "<th scope=\"col\" class=\"govuk-table__header\">Status</th>"
       "</tr></thead><tbody class=\"govuk-table__body\">");
  size_t shown = n < ROWS_SHOWN ? n : ROWS_SHOWN;
  for (size_t i = 0; i < shown; i++)
    row_html(h, w, &w->rows[first + i]);
  H(h, "</tbody></table>");
  if (shown < n) {
    H(h, "<p class=\"govuk-body\">Showing the first ");
    dd__html_int(h, (long long)shown);
    H(h, " of ");
    dd__html_int(h, (long long)n);
    H(h, ". Filter by inspector, or download the CSV file for all of "
         "them.</p>");
  }
}

static int page_html(const dd__web_request *rq, const struct filters *f,
                     const struct walk *w, dd__web_response *out) {
  dd__html h = {0};
  bool error = f->error != NULL;
  dd__page_begin(&h, rq, rq->user, "Deadlines", DD_NAV_DEADLINES, error);
  if (error) {
    const dd__govuk_error_link e = {.content.text = f->error,
                                    .href = "#within"};
    dd__govuk_error_summary_write(
        &h, &(dd__govuk_error_summary){.title.text = "There is a problem",
                                       .errors = &e,
                                       .n_errors = 1});
  }
  H(&h, "<h1 class=\"govuk-heading-l\">Deadlines</h1>"
        "<p class=\"govuk-body\">As of ");
  dd__html_date(&h, w->today);
  H(&h, ", for ");
  if (rq->user->role == DD_ROLE_ADMIN)
    H(&h, "every visit.");
  else if (rq->user->role == DD_ROLE_RIM)
    H(&h, "the visits of your regions.");
  else
    H(&h, "your visits.");
  H(&h, "</p>");
  filter_form(&h, rq, f, w);
  if (!error) {
    if (w->unplanned > 0) {
      H(&h, "<div class=\"govuk-warning-text\"><span "
            "class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>"
            "<strong class=\"govuk-warning-text__text\"><span "
            "class=\"govuk-visually-hidden\">Warning</span>");
      dd__html_int(&h, (long long)w->unplanned);
      H_EITHER(&h, w->unplanned == 1, " visit", " visits");
      H(&h, " could not be planned with the configuration in force and "
            "cannot be listed: ask the administrator to check the "
            "register.</strong></div>");
    }
    size_t first = 0;
    for (int g = 0; g < NGROUPS; g++) {
      if (g != G_HELD || w->count[g] > 0)
        group_html(&h, w, (enum group)g, first, f->within);
      first += w->count[g];
    }
    H(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" "
          "href=\"/deadlines.csv");
    filters_query(&h, f, f->status);
    H(&h, "\" download>Download these deadlines (CSV)</a></p>");
  }
  dd__page_end(&h);
  return dd__page_send(&h, error ? 400 : 200, out);
}

/* ---- the CSV file ---- */

/* A field as RFC 4180 quotes it; a field a spreadsheet would take for a
 * formula (starting with = + - @, a tab or a CR) is quoted with a leading
 * single quote, as the command line's CSV is (OWASP, CSV injection):
 * "=HYPERLINK(...)" in a provider's name must not run when the file is
 * opened. */
static void csv_field(dd__buf *b, const char *s) {
  bool formula = s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
  if (!formula && strpbrk(s, ",\"\r\n") == NULL) {
    dd__buf_puts(b, s);
    return;
  }
  dd__buf_putc(b, '"');
  if (formula)
    dd__buf_putc(b, '\'');
  for (; *s; s++) {
    if (*s == '"')
      dd__buf_putc(b, '"');
    dd__buf_putc(b, *s);
  }
  dd__buf_putc(b, '"');
}

static const char *const group_name[NGROUPS] = {"overdue", "today", "soon",
                                                "on-hold"};

static int page_csv(const struct walk *w, dd__web_response *out) {
  dd__buf b = {0};
  char a[DD_DATE_BUFSIZE], c[DD_DATE_BUFSIZE], t[8];
  dd__buf_puts(&b, "group,due_date,due_time,window_closes,visit,name,"
                   "milestone,title,who,inspector,status,at_risk,"
                   "working_days_late,tentative,source\r\n");
  for (size_t i = 0; i < w->n; i++) {
    const struct row *r = &w->rows[i];
    dd__buf_printf(&b, "%s,%s,%s,%s,", group_name[r->group],
                   dd_date_format(r->due, a), dd__page_clock(r->due_time, t),
                   r->closes ? dd_date_format(r->closes, c) : "");
    csv_field(&b, row_id(w, r));
    dd__buf_putc(&b, ',');
    csv_field(&b, row_name(w, r));
    dd__buf_putc(&b, ',');
    csv_field(&b, r->rule->id);
    dd__buf_putc(&b, ',');
    csv_field(&b, r->rule->title);
    dd__buf_putc(&b, ',');
    csv_field(&b, r->rule->actor);
    dd__buf_putc(&b, ',');
    csv_field(&b, row_inspector(w, r));
    dd__buf_printf(&b, ",%s,%s,", dd_status_name(r->status),
                   r->at_risk ? "yes" : "no");
    if (r->status == DD_STATUS_OVERDUE)
      dd__buf_printf(&b, "%d", r->days_off);
    /* Likely (the case review has not decided); whose value it is. */
    dd__buf_printf(&b, ",%s,%s\r\n", r->tentative ? "yes" : "no",
                   dd_source_name(dd_milestone_rule_source(r->rule)));
  }
  out->status = 200;
  out->content_type = "text/csv; charset=utf-8";
  snprintf(out->filename, sizeof out->filename, "deadlines-%s.csv",
           dd_date_format(w->today, a));
  out->body = dd__buf_take(&b, &out->len);
  return out->body ? DD_OK : DD_ENOMEM;
}

static void walk_destroy(void *w) {
  walk_free(w);
  free(w);
}

/* What the walk's rows depend on besides the register: the day, the
 * horizon, who is asking (their scope) and the filters. */
static void cache_key(dd__buf *key, const dd__web_context *cx,
                      const dd__web_request *rq, const struct filters *f,
                      const struct walk *w) {
  const dd_user *u = rq->user;
  /* Text fields go in with their lengths first, so that no two keys
   * run together ("a b" + "c" against "a" + "b c"). */
  const char *path = dd_store_path(cx->st);
  dd__buf_printf(key, "%p %zu:%s %d %d %d %d %d %zu:%s %zu:%s %zu:%s %zu:%s",
                 (const void *)cx->planner, strlen(path), path, (int)w->today,
                 (int)w->horizon, (int)w->want, (int)w->choices_only,
                 (int)u->role, u->role == DD_ROLE_ADMIN ? 0 : strlen(u->email),
                 u->role == DD_ROLE_ADMIN ? "" : u->email,
                 strlen(u->regions ? u->regions : ""),
                 u->regions ? u->regions : "",
                 strlen(f->region ? f->region : ""), f->region ? f->region : "",
                 strlen(f->inspector ? f->inspector : ""),
                 f->inspector ? f->inspector : "");
}

/* Walks the register into a new walk (walk_destroy), rows sorted;
 * DD_OK, DD_ENOMEM, or another failure. */
static int walk_new(const dd__web_context *cx, const dd__web_request *rq,
                    const struct filters *f, const struct walk *proto,
                    struct walk **out) {
  struct walk *w = malloc(sizeof *w);
  if (w == NULL)
    return DD_ENOMEM;
  *w = *proto;
  int err = walk_visits(cx, rq, f, w);
  if (err == DD_OK &&
      (w->strings.failed || w->regions.failed || w->inspectors.failed))
    err = DD_ENOMEM;
  if (err != DD_OK) {
    walk_destroy(w);
    return err;
  }
  if (w->n > 1) {
    sorting = w;
    qsort(w->rows, w->n, sizeof *w->rows, by_urgency);
    sorting = NULL;
  }
  *out = w;
  return DD_OK;
}

int dd__page_deadlines(const dd__web_context *cx, const dd__web_request *rq,
                       bool csv, dd__web_response *out) {
  struct filters f;
  struct walk proto = {.planner = cx->planner, .today = rq->today};
  filters_read(rq, &f, &proto.want);
  if (csv && f.error != NULL)
    return dd__web_error_page(400, rq->user, out);
  if (rq->user->role == DD_ROLE_INSPECTOR)
    f.inspector = NULL; /* their own visits are all they see */
  proto.inspector = f.inspector;
  /* The horizon counts working days on the configuration's calendar, as
   * the agenda does: one horizon for the page, though a visit in Scotland
   * counts its own deadlines on Scotland's. */
  const dd_calendar *cal;
  dd_diag diag;
  const char *division =
      dd_config_calendar(dd_planner_config(cx->planner))->division;
  if (dd_planner_calendar(cx->planner, division, &cal, &diag) != DD_OK)
    return dd__page_failed(rq, out);
  proto.horizon = proto.today;
  if (f.error == NULL && f.within > 0 &&
      dd_calendar_add(cal, proto.today, f.within, &proto.horizon) != DD_OK)
    f.error = "Working days ahead goes past the end of the calendar";
  /* With an error, the form still lists the user's regions and
   * inspectors. */
  proto.choices_only = f.error != NULL;
  proto.rq = rq;

  long version;
  dd__buf key = {0};
  cache_key(&key, cx, rq, &f, &proto);
  if (key.failed || dd_store_data_version(cx->st, &version) != DD_OK) {
    dd__buf_clear(&key);
    return key.failed ? DD_ENOMEM : dd__page_failed(rq, out);
  }
  dd__page_cache_lock();
  struct walk *w = dd__page_cache_get(cx->st, version, key.p);
  int err = DD_OK;
  if (w == NULL) {
    /* Planned under the lock: two requests for the same scope wait for
     * one walk rather than make two (the adapter serves pages one at a
     * time in any case). */
    err = walk_new(cx, rq, &f, &proto, &w);
    if (err == DD_OK &&
        !dd__page_cache_put(cx->st, version, key.p, w, walk_destroy)) {
      walk_destroy(w);
      err = DD_ENOMEM;
    }
  }
  if (err == DD_OK) {
    w->rq = rq; /* the same role, as the key says: now this request's */
    err = csv ? page_csv(w, out) : page_html(rq, &f, w, out);
    w->rq = NULL;
  }
  dd__page_cache_unlock();
  dd__buf_clear(&key);
  if (err != DD_OK && err != DD_ENOMEM)
    return dd__page_failed(rq, out);
  return err;
}
