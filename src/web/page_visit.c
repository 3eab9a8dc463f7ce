/* A visit's page (GET /visits/<id>): what the visit is, every milestone
 * with its due date and time, its rule in words and the days its count
 * skipped (weekends counted, bank holidays named), its status, a Record
 * action for each open one and an Undo for the latest record, then the
 * visit's history from the audit log as MOJ Frontend's timeline. A visit
 * the user may not see is answered as one that does not exist. */
#include "page.h"

#include "dueday/error.h"
#include "dueday/planner.h"
#include "dueday/store.h"
#include "dueday/users.h"
#include "dueday/visit.h"

#include <stdio.h>
#include <string.h>

/* ---- the milestones ---- */

struct milestone_arg {
  const dd_schedule *s;
  const dd_milestone *m;
  /* For a likely milestone still tentative, the visit whose case review's
   * record page (where its decision is recorded) it links to; else NULL. */
  const dd_visit *decide;
};

/* The days a count stepped over: "4 weekend days; Friday 25 December
 * 2020, Christmas Day". */
static void skipped(dd__html *h, const dd_explanation *e) {
  if (e->nskipped == 0)
    return;
  H(h, "<p class=\"govuk-body-s govuk-!-margin-bottom-1\">Skipped: ");
  if (e->weekend_days > 0) {
    dd__html_int(h, (long long)e->weekend_days);
    H_EITHER(h, e->weekend_days == 1, " weekend day", " weekend days");
  }
  bool first = e->weekend_days == 0;
  for (size_t i = 0; i < e->nskipped; i++) {
    const dd_skip *k = &e->skipped[i];
    if (k->reason.kind == DD_REASON_WEEKEND)
      continue;
    if (!first)
      H(h, "; ");
    first = false;
    dd__html_date(h, k->date);
    H(h, ", ");
    dd__html_text(h, k->reason.text);
  }
  H(h, "</p>");
}

static void due_html(dd__html *h, const dd_milestone *m) {
  char t[8];
  if (m->rule->kind == DD_KIND_WINDOW) {
    H(h, "from ");
    dd__html_date(h, m->earliest);
    H(h, " to ");
  }
  dd__html_date(h, m->due);
  if (m->due_time >= 0) {
    H(h, " at ");
    dd__html_text(h, dd__page_clock(m->due_time, t));
  }
}

static void milestone_value(dd__html *h, const void *arg) {
  const struct milestone_arg *a = arg;
  const dd_milestone *m = a->m;
  char buf[512];
  if (!m->applies) {
    dd__page_status_tag(h, m->status, false);
    H(h, "<p class=\"govuk-body-s govuk-!-margin-top-1 "
         "govuk-!-margin-bottom-0\">");
    if (m->status == DD_STATUS_NOT_NEEDED) /* the case review's outcome */
      dd__html_text(h, dd_milestone_status_text(m, buf, sizeof buf));
    else
      H(h, "Only when serious or widespread concerns are found.");
    H(h, "</p>");
    return;
  }
  const dd_milestone *risk = dd_milestone_at_risk(a->s, m);
  H(h, "<p class=\"govuk-body govuk-!-margin-bottom-1\"><strong>");
  due_html(h, m);
  H(h, "</strong></p><p class=\"govuk-body-s govuk-!-margin-bottom-1\">");
  dd__html_text(h, dd_milestone_rule_text(a->s, m, buf, sizeof buf));
  H(h, "</p>");
  skipped(h, &m->explanation);
  H(h, "<p class=\"govuk-body-s govuk-!-margin-bottom-0\">");
  dd__page_milestone_tag(h, m, risk != NULL);
  /* "pending" would only repeat the tag; the rest say more ("done on
   * 2020-12-02, 2 working days late", "overdue by 3 working days"). */
  if (m->status != DD_STATUS_PENDING || m->tentative) {
    H(h, " ");
    dd__html_text(h, dd_milestone_status_text(m, buf, sizeof buf));
  }
  H(h, "</p>");
  if (risk != NULL) {
    H(h, "<p class=\"govuk-body-s govuk-!-margin-top-1 "
         "govuk-!-margin-bottom-0\">At risk: ");
    dd__html_text(h, risk->rule->title);
    H(h, " falls due on ");
    dd__html_date(h, risk->due);
    H(h, ", after this is due, though the rules put it first.</p>");
  }
  if (a->decide != NULL) {
    H(h, "<p class=\"govuk-body-s govuk-!-margin-top-1 "
         "govuk-!-margin-bottom-0\"><a class=\"govuk-link\" href=\"/visits/");
    dd__html_url(h, a->decide->id);
    H(h, "/record/" DD__CASE_REVIEW
         "\">Record the case review&#39;s decision<span "
         "class=\"govuk-visually-hidden\"> on the ");
    dd__html_text(h, m->rule->title);
    H(h, "</span></a></p>");
  }
}

static bool open_milestone(const dd_milestone *m) {
  return m->applies &&
         (m->status == DD_STATUS_PENDING || m->status == DD_STATUS_OVERDUE ||
          m->status == DD_STATUS_ON_HOLD);
}

void dd__page_milestones(dd__html *h, const dd_visit *v, const dd_schedule *s) {
  dd__govuk_summary_row rows[64];
  struct milestone_arg args[64];
  dd__govuk_action actions[64];
  char hrefs[64][256];
  size_t n = s->n < 64 ? s->n : 64;
  /* The case review's outcome is recorded on its record page (page_record.c
   * asks it there): linked from the likely milestone it decides. */
  bool can_decide = v != NULL && v->status != DD_VISIT_CANCELLED &&
                    dd_schedule_find(s, DD__CASE_REVIEW) != NULL;
  for (size_t i = 0; i < n; i++) {
    const dd_milestone *m = &s->items[i];
    args[i] = (struct milestone_arg){
        s, m, can_decide && m->applies && m->tentative ? v : NULL};
    rows[i] = (dd__govuk_summary_row){
        .key.text = m->rule->title,
        .value.html = {milestone_value, &args[i]},
    };
    if (v != NULL && open_milestone(m) && v->status != DD_VISIT_CANCELLED) {
      /* The path's parts are checked ids (letters, digits, '-', '_',
       * '.'), but are encoded all the same when written. */
      snprintf(hrefs[i], sizeof hrefs[i], "/visits/%s/record/%s", v->id,
               m->rule->id);
      actions[i] = (dd__govuk_action){.content.text = "Record",
                                      .href = hrefs[i],
                                      .visually_hidden_text = m->rule->title};
      rows[i].actions = &actions[i];
      rows[i].n_actions = 1;
    }
  }
  dd__govuk_summary_list_write(
      h, &(dd__govuk_summary_list){.rows = rows, .n_rows = n});
}

/* ---- the visit ---- */

static void facts(dd__html *h, const dd_visit *v, const dd_schedule *s) {
  char days[64];
  snprintf(days, sizeof days, "%d working day%s", s->days_on_site,
           s->days_on_site == 1 ? "" : "s");
  struct fact {
    const char *key, *value;
  } f[] = {
      {"Visit type", s->type->title},
      {"Provider", v->name},
      {"URN", v->urn},
      {"Setting", v->setting},
      {"Local authority", v->local_authority},
      {"Region", v->region},
      {"Inspector", v->inspector},
      {"Regional inspection manager", v->rim},
      {"Days of the visit", days},
      {"Visit status", dd_visit_status_name(v->status)},
      {"Serious or widespread concerns", v->concerns ? "Found" : "None found"},
  };
  dd__govuk_summary_row rows[sizeof f / sizeof f[0] + 1];
  size_t n = 0;
  for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
    if (f[i].value != NULL && f[i].value[0] != '\0')
      rows[n++] = (dd__govuk_summary_row){.key.text = f[i].key,
                                          .value.text = f[i].value};
  dd__govuk_summary_list_write(
      h, &(dd__govuk_summary_list){.rows = rows, .n_rows = n});
}

/* ---- the history ---- */

/* A visit's history is short; a register that logged thousands of changes
 * to one visit shows the latest HISTORY_MAX. */
#define HISTORY_MAX 100

/* The audit rows, copied out (an entry is borrowed for its call only)
 * into one buffer: per row, the offsets of its action's label, actor,
 * time, time in words and detail. */
struct history {
  dd__buf text;
  size_t at[HISTORY_MAX][5];
  size_t n;
};

static const char *action_label(const char *action) {
  static const struct {
    const char *action, *label;
  } labels[] = {{"add", "Visit added"},       {"import", "Visit imported"},
                {"record", "Recorded"},       {"undo", "Record undone"},
                {"defer", "Visit deferred"},  {"cancel", "Visit cancelled"},
                {"extend", "Visit extended"}, {"update", "Visit changed"}};
  for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
    if (strcmp(action, labels[i].action) == 0)
      return labels[i].label;
  return action;
}

static void put(struct history *hi, size_t field, const char *s) {
  hi->at[hi->n][field] = hi->text.len;
  dd__buf_put(&hi->text, s ? s : "", strlen(s ? s : "") + 1);
}

static int history_item(const dd_audit_entry *e, void *arg) {
  struct history *hi = arg;
  put(hi, 0, action_label(e->action));
  put(hi, 1, e->actor);
  put(hi, 2, e->at);
  /* "2020-12-14T10:05:00Z" as "14 December 2020 at 10:05 UTC". */
  dd_date d;
  int y, m, day;
  hi->at[hi->n][3] = hi->text.len;
  if (e->at != NULL && strlen(e->at) >= 16 &&
      dd_date_parse_n(e->at, 10, &d, NULL) == DD_OK) {
    dd_date_to_ymd(d, &y, &m, &day);
    dd__buf_printf(&hi->text, "%d %s %d at %.5s UTC", day, dd_month_name(m), y,
                   e->at + 11);
    dd__buf_putc(&hi->text, '\0');
  } else {
    put(hi, 3, e->at);
  }
  put(hi, 4, e->detail);
  hi->n++;
  return hi->n >= HISTORY_MAX;
}

/* The history as MOJ Frontend's timeline, its items h3s under the
 * page's "History" h2. */
static void history_html(dd__html *h, const struct history *hi) {
  dd__govuk_timeline_item items[HISTORY_MAX];
  const char *t = hi->text.p;
  for (size_t i = 0; i < hi->n; i++)
    items[i] = (dd__govuk_timeline_item){.label.text = t + hi->at[i][0],
                                         .byline.text = t + hi->at[i][1],
                                         .datetime = t + hi->at[i][2],
                                         .date = t + hi->at[i][3],
                                         .body.text = t + hi->at[i][4]};
  dd__govuk_timeline_write(h, &(dd__govuk_timeline){.heading_level = 3,
                                                    .items = items,
                                                    .n_items = hi->n});
}

/* The latest record, which Undo takes back: the events come in the order
 * recorded. */
static const dd_recorded *latest(const dd_recorded *events, size_t n) {
  return n > 0 ? &events[n - 1] : NULL;
}

static void undo_form(dd__html *h, const dd__web_request *rq, const dd_visit *v,
                      const dd_schedule *s, const dd_recorded *ev) {
  const dd_milestone *m = dd_schedule_find(s, ev->what);
  const char *event = dd__page_event_title(ev->what);
  const char *title = m ? m->rule->title : event ? event : ev->what;
  H(h, "<h2 class=\"govuk-heading-m\">Undo</h2><p class=\"govuk-body\">The "
       "latest record: ");
  dd__html_text(h, title);
  H(h, " on ");
  dd__html_date(h, ev->date);
  H(h, ".</p><form method=\"post\" action=\"/visits/");
  dd__html_url(h, v->id);
  H(h, "/undo/");
  dd__html_url(h, ev->what);
  H(h, "\" novalidate>");
  dd__page_csrf(h, rq);
  H(h, "<button type=\"submit\" class=\"govuk-button govuk-button--warning\" "
       "data-module=\"govuk-button\">Undo<span "
       "class=\"govuk-visually-hidden\"> ");
  dd__html_text(h, title);
  H(h, "</span></button></form>");
}

int dd__page_visit(const dd__web_context *cx, const dd__web_request *rq,
                   const char *id, dd__web_response *out) {
  dd_visit v;
  dd_recorded *events = NULL;
  size_t nevents = 0;
  dd_diag diag;
  int err = dd_store_visit_get(cx->st, id, &v, &events, &nevents, &diag);
  if (err == DD_ENOTFOUND)
    return dd__page_not_found(rq, out);
  if (err != DD_OK)
    return err == DD_ENOMEM ? err : dd__page_failed(rq, out);
  if (!dd_user_can_see(rq->user, &v)) {
    dd_visit_clear(&v);
    dd_recorded_list_free(events, nevents);
    return dd__page_not_found(rq, out);
  }
  dd_schedule s;
  err = dd_planner_schedule(cx->planner, &v, events, nevents, rq->today, &s,
                            &diag);
  if (err != DD_OK) {
    dd_visit_clear(&v);
    dd_recorded_list_free(events, nevents);
    return err == DD_ENOMEM ? err : dd__page_failed(rq, out);
  }
  dd__html h = {0};
  dd__page_begin(&h, rq, rq->user, v.name, DD_NAV_DEADLINES, false);
  H(&h, "<span class=\"govuk-caption-l\">");
  dd__html_text(&h, v.id);
  H(&h, "</span><h1 class=\"govuk-heading-l\">");
  dd__html_text(&h, v.name);
  H(&h, "</h1><p class=\"govuk-body\">Day 1 (announced, live) ");
  dd__html_date(&h, s.start);
  H(&h, " to ");
  dd__html_date(&h, s.end);
  H(&h, ". Due dates as of ");
  dd__html_date(&h, rq->today);
  H(&h, ".</p>");
  if (s.warning[0] != '\0') {
    H(&h, "<div class=\"govuk-warning-text\"><span "
          "class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>"
          "<strong class=\"govuk-warning-text__text\"><span "
          "class=\"govuk-visually-hidden\">Warning</span>Planned despite a "
          "change: ");
    dd__html_text(&h, s.warning);
    H(&h, ".</strong></div>");
  }
  H(&h, "<h2 class=\"govuk-heading-m\">Milestones</h2>");
  dd__page_milestones(&h, &v, &s);
  const dd_recorded *last = latest(events, nevents);
  if (last != NULL)
    undo_form(&h, rq, &v, &s, last);
  H(&h, "<h2 class=\"govuk-heading-m\">The visit</h2>");
  facts(&h, &v, &s);
  H(&h, "<h2 class=\"govuk-heading-m\">History</h2>");
  struct history hi = {0};
  err = dd_store_audit_each(cx->st, v.id, history_item, &hi, &diag);
  if (hi.text.failed)
    err = DD_ENOMEM;
  if (hi.n > 0 && (err == DD_OK || err == 1))
    history_html(&h, &hi);
  else
    H(&h, "<p class=\"govuk-body\">Nothing recorded yet.</p>");
  dd__buf_clear(&hi.text);
  dd__page_end(&h);
  dd_schedule_clear(&s);
  dd_visit_clear(&v);
  dd_recorded_list_free(events, nevents);
  if (err != DD_OK && err != 1) {
    dd__html_clear(&h);
    return err == DD_ENOMEM ? err : dd__page_failed(rq, out);
  }
  return dd__page_send(&h, 200, out);
}
