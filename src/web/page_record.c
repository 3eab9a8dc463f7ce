/* Recording a milestone (GET and POST /visits/<id>/record/<milestone>) and
 * undoing the latest record (POST /visits/<id>/undo/<milestone>). Both
 * write through dd_change_record and dd_change_undo, the calls `dueday
 * visit record` and `dueday visit undo` make, so the same rules refuse the
 * same records and the audit log names the signed-in user; both answer
 * with a 303 to the visit and a banner naming every date that moved.
 * The case review's record page also asks what the review decided, and
 * records the outcome (monitoring-decided or monitoring-not-needed) the
 * same way, so a RIM makes the likely monitoring visit firm, or not
 * needed, from the pages as `dueday visit record` does. */
#include "page.h"

#include "dueday/change.h"
#include "dueday/error.h"
#include "dueday/planner.h"
#include "dueday/store.h"
#include "dueday/users.h"
#include "dueday/visit.h"

#include <stdio.h>
#include <string.h>

/* A note longer than this is refused: it is a line in a log, not a
 * report. */
#define NOTE_MAX 1000

/* The banner's text: heading, then a line for each date that moved. */
static void change_flash(char *out, size_t size, const char *heading,
                         const dd_change *c) {
  size_t len = (size_t)snprintf(out, size, "%s", heading);
  char a[48], b[48];
  for (size_t i = 0; i < c->nmoved && len < size; i++) {
    const dd_moved *m = &c->moved[i];
    if (m->before && m->after)
      len += (size_t)snprintf(out + len, size - len,
                              "\n%s: now due %s (was %s)", m->rule->title,
                              dd_date_format_long(m->after, a, sizeof a),
                              dd_date_format_long(m->before, b, sizeof b));
    else if (m->after)
      len += (size_t)snprintf(out + len, size - len,
                              "\n%s: now applies, due %s", m->rule->title,
                              dd_date_format_long(m->after, a, sizeof a));
    else
      len += (size_t)snprintf(
          out + len, size - len, "\n%s: no longer applies (was due %s)",
          m->rule->title, dd_date_format_long(m->before, b, sizeof b));
  }
  if (len >= size && size > 4)
    memcpy(out + size - 4, "...", 4); /* cut, said so */
}

/* The visit id, if the user may see it: DD_OK, DD_ENOTFOUND (missing or
 * not theirs, which nobody can tell apart), or a failure. With schedule
 * not NULL, also its schedule as of today (dd_schedule_clear). */
static int visible(const dd__web_context *cx, const dd__web_request *rq,
                   const char *id, dd_visit *v, dd_schedule *schedule) {
  dd_recorded *events = NULL;
  size_t n = 0;
  dd_diag diag;
  int err = dd_store_visit_get(cx->st, id, v, schedule ? &events : NULL,
                               schedule ? &n : NULL, &diag);
  if (err != DD_OK)
    return err;
  if (!dd_user_can_see(rq->user, v))
    err = DD_ENOTFOUND;
  else if (schedule != NULL)
    err = dd_planner_schedule(cx->planner, v, events, n, rq->today, schedule,
                              &diag);
  dd_recorded_list_free(events, n);
  if (err != DD_OK)
    dd_visit_clear(v);
  return err;
}

const char *dd__page_event_title(const char *what) {
  if (strcmp(what, DD_EVENT_MONITORING_DECIDED) == 0)
    return "Case review decision (monitoring visit)";
  if (strcmp(what, DD_EVENT_MONITORING_NOT_NEEDED) == 0)
    return "Case review decision (no monitoring visit)";
  return NULL;
}

/* The first likely milestone of s the case review decides on: one that
 * applies (concerns were found) or that a decision made not needed;
 * NULL when s has none, and its record pages ask no decision. */
static const dd_milestone *likely_milestone(const dd_schedule *s) {
  for (size_t i = 0; i < s->n; i++) {
    const dd_milestone *m = &s->items[i];
    if (m->rule->likely && (m->applies || m->status == DD_STATUS_NOT_NEEDED))
      return m;
  }
  return NULL;
}

/* Whether m's record asks the case review's decision too: the case
 * review's milestone, on a visit with a likely milestone. */
static const dd_milestone *asks_decision(const dd_schedule *s,
                                         const dd_milestone *m) {
  return strcmp(m->rule->id, DD__CASE_REVIEW) == 0 ? likely_milestone(s) : NULL;
}

/* The decision in force: the event last recorded, as the engine reads it
 * (dd_milestone.decided), or NULL when the review has decided nothing. */
static const char *decision_of(const dd_milestone *likely) {
  if (likely->status == DD_STATUS_NOT_NEEDED)
    return DD_EVENT_MONITORING_NOT_NEEDED;
  return likely->decided ? DD_EVENT_MONITORING_DECIDED : NULL;
}

/* What the form sent. */
struct record_form {
  const char *when; /* "today", "another" or NULL */
  dd__date_field date;
  const char *note;
  /* DD_EVENT_MONITORING_DECIDED, _NOT_NEEDED or NULL (asked on the case
   * review's page only). */
  const char *decision;
  const char *when_error, *note_error, *rules_error, *decision_error;
  char anchor[64];
  char rules_message[512]; /* dd_diag.message */
};

/* "Back" and, for a screen reader, where to. */
static void back_text(dd__html *h, const void *visit) {
  const dd_visit *v = visit;
  H(h, "Back<span class=\"govuk-visually-hidden\"> to ");
  dd__html_text(h, v->name);
  H(h, "</span>");
}

/* Whether m is done by a record (not a day that passed). */
static bool recorded_done(const dd_milestone *m) {
  return m->status == DD_STATUS_DONE && !m->assumed;
}

/* The likely milestone's dates, as the decision would leave them: "from
 * Wednesday 9 December 2020 to Wednesday 23 December 2020". */
static void likely_dates(dd__html *h, const dd_milestone *m) {
  if (m->rule->kind == DD_KIND_WINDOW) {
    H(h, "from ");
    dd__html_date(h, m->earliest);
    H(h, " to ");
  }
  dd__html_date(h, m->due);
}

/* The page's form. likely (not NULL) asks the case review's decision on
 * it; reviewed says the case review is done already, when only the
 * decision and its date are asked. */
static void form_page(dd__html *h, const dd__web_request *rq, const dd_visit *v,
                      const dd_milestone *m, const dd_milestone *likely,
                      struct record_form *f, bool error) {
  bool reviewed = likely != NULL && recorded_done(m);
  const char *title = reviewed ? "Record the case review's decision" : NULL;
  char heading[256];
  if (title == NULL) {
    snprintf(heading, sizeof heading, "Record: %s", m->rule->title);
    title = heading;
  }
  /* The visit's path: its id is checked (letters, digits, '-', '_',
   * '.'), so it needs no encoding. */
  char back[128];
  snprintf(back, sizeof back, "/visits/%s", v->id);
  dd__page_begin_back(
      h, rq, rq->user, reviewed ? title : m->rule->title, DD_NAV_DEADLINES,
      error,
      &(dd__govuk_back_link){.href = back, .content.html = {back_text, v}});
  H(h, "<div class=\"govuk-grid-row\"><div "
       "class=\"govuk-grid-column-two-thirds\">");
  if (error) {
    dd__govuk_error_link e[4];
    size_t n = 0;
    if (f->decision_error)
      e[n++] = (dd__govuk_error_link){.content.text = f->decision_error,
                                      .href = "#decision"};
    if (f->rules_error)
      e[n++] = (dd__govuk_error_link){.content.text = f->rules_error,
                                      .href = "#when"};
    if (f->when_error)
      e[n++] = (dd__govuk_error_link){.content.text = f->when_error,
                                      .href = "#when"};
    if (f->date.error)
      e[n++] = (dd__govuk_error_link){
          .content.text = f->date.error,
          .href = dd__date_field_anchor(&f->date, "date", f->anchor,
                                        sizeof f->anchor)};
    if (f->note_error && n < 4)
      e[n++] = (dd__govuk_error_link){.content.text = f->note_error,
                                      .href = "#note"};
    dd__govuk_error_summary_write(
        h, &(dd__govuk_error_summary){
               .title.text = "There is a problem", .errors = e, .n_errors = n});
  }
  H(h, "<span class=\"govuk-caption-l\">");
  dd__html_text(h, v->name);
  H(h, " (");
  dd__html_text(h, v->id);
  H(h, ")</span><h1 class=\"govuk-heading-l\">");
  dd__html_text(h, title);
  H(h, "</h1>");
  if (reviewed) {
    H(h, "<p class=\"govuk-body\">");
    dd__html_text(h, m->rule->title);
    H(h, " done on ");
    dd__html_date(h, m->done);
    H(h, ".</p>");
  } else {
    H(h, "<p class=\"govuk-body\">Due ");
    dd__html_date(h, m->due);
    H(h, ".</p>");
  }
  if (likely != NULL) {
    char buf[256];
    H(h, "<p class=\"govuk-body\">");
    dd__html_text(h, likely->rule->title);
    H(h, ": ");
    likely_dates(h, likely);
    H(h, " (");
    dd__html_text(h, dd_milestone_status_text(likely, buf, sizeof buf));
    H(h, ").</p>");
  }
  H(h, "<form method=\"post\" novalidate action=\"/visits/");
  dd__html_url(h, v->id);
  H(h, "/record/");
  dd__html_url(h, m->rule->id);
  H(h, "\">");
  dd__page_csrf(h, rq);
  if (likely != NULL) {
    /* "The case review considers the recommended future action and allows
     * the manager to decide which action to take": the two outcomes the
     * rules know (DD_EVENT_MONITORING_*). */
    const dd__govuk_radio outcomes[] = {
        {.content.text = "A monitoring visit will take place",
         .value = DD_EVENT_MONITORING_DECIDED},
        {.content.text = "No monitoring visit is needed",
         .value = DD_EVENT_MONITORING_NOT_NEEDED},
    };
    dd__govuk_radios_write(
        h, &(dd__govuk_radios){
               .name = "decision",
               .value = f->decision,
               .items = outcomes,
               .n_items = 2,
               .error_message.content.text = f->decision_error,
               .has_fieldset = true,
               .fieldset.legend = {.content.text =
                                       "What did the case review decide?",
                                   .classes = "govuk-fieldset__legend--m"}});
  }
  /* The date fields follow the radios rather than hide under "Another
   * date": GOV.UK's conditional reveal needs its Radios script, which marks
   * the radio aria-expanded, an attribute ARIA does not allow on a radio
   * (axe-core: aria-allowed-attr). Shown at all times, the page is the
   * same with JavaScript and without. */
  const dd__govuk_radio items[] = {
      {.content.text = "Today", .value = "today"},
      {.content.text = "Another date", .value = "another"},
  };
  const char *message = f->when_error ? f->when_error : f->rules_error;
  dd__govuk_radios_write(
      h,
      &(dd__govuk_radios){
          .name = "when",
          .value = f->when,
          .items = items,
          .n_items = 2,
          .error_message.content.text = message,
          .has_fieldset = true,
          .fieldset.legend = {.content.text = reviewed ? "When was it decided?"
                                                       : "When was it done?",
                              .classes = "govuk-fieldset__legend--m"}});
  dd__page_date_input(h, "date", "If another date, which",
                      "For example, 14 12 2020", &f->date);
  dd__govuk_textarea_write(
      h, &(dd__govuk_textarea){.name = "note",
                               .value = f->note,
                               .rows = 3,
                               .label = {.content.text = "Note (optional)",
                                         .classes = "govuk-label--s"},
                               .hint.content.text =
                                   likely != NULL
                                       ? "For example, the reasons for the "
                                         "decision"
                                       : "For example, who it was sent to",
                               .error_message.content.text = f->note_error});
  dd__govuk_button_write(h, &(dd__govuk_button){.content.text = "Record",
                                                .prevent_double_click = 1});
  H(h, "</form></div></div>");
  dd__page_end(h);
}

static void read_form(const dd__web_request *rq, struct record_form *f,
                      bool reviewed, bool ask_decision) {
  memset(f, 0, sizeof *f);
  f->when = dd__web_form(rq, "when");
  f->note = dd__web_form(rq, "note");
  if (ask_decision) {
    f->decision = dd__web_form(rq, "decision");
    if (f->decision == NULL ||
        (strcmp(f->decision, DD_EVENT_MONITORING_DECIDED) != 0 &&
         strcmp(f->decision, DD_EVENT_MONITORING_NOT_NEEDED) != 0)) {
      f->decision = NULL;
      f->decision_error = "Select what the case review decided";
    }
  }
  if (f->when == NULL ||
      (strcmp(f->when, "today") != 0 && strcmp(f->when, "another") != 0)) {
    f->when = NULL;
    f->when_error =
        reviewed ? "Select when it was decided" : "Select when it was done";
  }
  dd__date_field_read(&f->date, rq->form, rq->nform, "date", "The date");
  if (f->when != NULL && strcmp(f->when, "another") == 0) {
    if (!f->date.given) {
      f->date.error = "Enter the date it was done";
      f->date.part = 0;
    } else if (f->date.error == NULL && f->date.date > rq->today) {
      f->date.error = "The date must be today or in the past";
      f->date.part = 0;
    }
  } else {
    f->date.error = NULL; /* not asked for */
  }
  if (f->note != NULL && strlen(f->note) > NOTE_MAX)
    f->note_error = "Note must be 1,000 characters or fewer";
}

/* The decision's lines of the banner: each likely milestone the change
 * made firm ("Monitoring visit: now firm, due from ... to ..."), or likely
 * again (an undone decision); what it made not needed, or needed again,
 * is among c's moved dates already. */
static void likely_flash(char *out, size_t size, const dd_change *c) {
  size_t len = strlen(out);
  char a[48], b[48];
  for (size_t i = 0; i < c->after.n && len < size; i++) {
    const dd_milestone *m = &c->after.items[i];
    const dd_milestone *was = dd_schedule_find(&c->before, m->rule->id);
    if (!m->rule->likely || !m->applies || was == NULL || !was->applies ||
        m->tentative == was->tentative)
      continue;
    const char *now = m->tentative ? "likely again" : "now firm";
    if (m->rule->kind == DD_KIND_WINDOW)
      len += (size_t)snprintf(
          out + len, size - len, "\n%s: %s, due from %s to %s", m->rule->title,
          now, dd_date_format_long(m->earliest, a, sizeof a),
          dd_date_format_long(m->due, b, sizeof b));
    else
      len += (size_t)snprintf(out + len, size - len, "\n%s: %s, due %s",
                              m->rule->title, now,
                              dd_date_format_long(m->due, a, sizeof a));
  }
  if (len >= size && size > 4)
    memcpy(out + size - 4, "...", 4);
}

/* Appends c's moved dates to out as change_flash writes them. */
static void append_moved(char *out, size_t size, const dd_change *c) {
  size_t len = strlen(out);
  if (len + 1 < size)
    change_flash(out + len, size - len, "", c);
}

int dd__page_record(const dd__web_context *cx, const dd__web_request *rq,
                    const char *id, const char *milestone,
                    dd__web_response *out) {
  dd_visit v;
  dd_schedule s;
  int err = visible(cx, rq, id, &v, &s);
  if (err == DD_ENOTFOUND)
    return dd__page_not_found(rq, out);
  if (err != DD_OK)
    return err == DD_ENOMEM ? err : dd__page_failed(rq, out);
  const dd_milestone *m = dd_schedule_find(&s, milestone);
  const dd_milestone *likely = m ? asks_decision(&s, m) : NULL;
  /* The case review done already: only the decision is recorded. */
  bool reviewed = likely != NULL && recorded_done(m);
  struct record_form f;
  dd__html h = {0};
  if (m == NULL || v.status == DD_VISIT_CANCELLED) {
    err = dd__page_not_found(rq, out);
  } else if (strcmp(rq->method, "POST") != 0) {
    memset(&f, 0, sizeof f);
    f.date.day = f.date.month = f.date.year = "";
    if (likely != NULL)
      f.decision = decision_of(likely);
    form_page(&h, rq, &v, m, likely, &f, false);
    err = dd__page_send(&h, 200, out);
  } else {
    read_form(rq, &f, reviewed, likely != NULL);
    bool error =
        f.when_error || f.date.error || f.note_error || f.decision_error;
    dd_change c = {0}, decided = {0};
    dd_diag diag;
    dd_date day = 0;
    if (!error) {
      day = strcmp(f.when, "today") == 0 ? rq->today : f.date.date;
      dd_recorded ev = {.what = (char *)m->rule->id,
                        .date = day,
                        .time = -1,
                        .by = rq->user->email,
                        .note = f.note && f.note[0] ? (char *)f.note : NULL};
      /* The case review first, as `dueday visit record V case-review`
       * then `... monitoring-decided`: the rules refuse a review dated
       * before the visit ended before any decision is written. */
      err = reviewed ? DD_OK
                     : dd_change_record(cx->st, cx->planner, v.id, &ev,
                                        rq->user->email, rq->today, &c, &diag);
      if (err == DD_OK && likely != NULL) {
        ev.what = (char *)f.decision;
        err = dd_change_record(cx->st, cx->planner, v.id, &ev, rq->user->email,
                               rq->today, &decided, &diag);
        if (err != DD_OK && !reviewed)
          dd__page_cache_changed(); /* the review is recorded all the same */
      }
      if (err == DD_OK)
        dd__page_cache_changed();
      if (err == DD_EINVAL) {
        /* The rules' reason ("draft-sent on 2020-10-01 is before
         * visit-end ..."): about what was entered, so it is shown. */
        snprintf(f.rules_message, sizeof f.rules_message, "%s", diag.message);
        f.rules_error = f.rules_message;
        error = true;
      } else if (err != DD_OK) {
        dd_change_clear(&c);
        dd_schedule_clear(&s);
        dd_visit_clear(&v);
        return err == DD_ENOMEM      ? err
               : err == DD_ENOTFOUND ? dd__page_not_found(rq, out)
                                     : dd__page_failed(rq, out);
      }
    }
    if (error) {
      form_page(&h, rq, &v, m, likely, &f, true);
      err = dd__page_send(&h, 400, out);
    } else {
      char heading[256], date[48], location[256], flash[DD_WEB_FLASH_SIZE];
      dd_date_format_long(day, date, sizeof date);
      if (likely == NULL) {
        snprintf(heading, sizeof heading, "%s: recorded as done on %s",
                 m->rule->title, date);
        change_flash(flash, sizeof flash, heading, &c);
      } else {
        /* "The case review's decision is recorded: ...", then the review
         * itself when it was recorded with it, then what the decision did
         * to the likely milestones (firm, or no longer applying). */
        bool firm = strcmp(f.decision, DD_EVENT_MONITORING_DECIDED) == 0;
        snprintf(heading, sizeof heading,
                 "The case review's decision is recorded: %s",
                 firm ? "a monitoring visit will take place"
                      : "no monitoring visit is needed");
        if (reviewed) {
          snprintf(flash, sizeof flash, "%s", heading);
        } else {
          size_t len = (size_t)snprintf(flash, sizeof flash, "%s", heading);
          snprintf(flash + len, sizeof flash - len,
                   "\n%s: recorded as done on %s", m->rule->title, date);
          append_moved(flash, sizeof flash, &c);
        }
        likely_flash(flash, sizeof flash, &decided);
        append_moved(flash, sizeof flash, &decided);
      }
      snprintf(location, sizeof location, "/visits/%s", v.id);
      dd__page_redirect(out, location, flash);
      err = DD_OK;
    }
    dd_change_clear(&c);
    dd_change_clear(&decided);
  }
  dd_schedule_clear(&s);
  dd_visit_clear(&v);
  return err;
}

int dd__page_undo(const dd__web_context *cx, const dd__web_request *rq,
                  const char *id, const char *milestone,
                  dd__web_response *out) {
  dd_visit v;
  int err = visible(cx, rq, id, &v, NULL);
  if (err == DD_ENOTFOUND)
    return dd__page_not_found(rq, out);
  if (err != DD_OK)
    return err == DD_ENOMEM ? err : dd__page_failed(rq, out);
  dd_change c = {0};
  dd_diag diag;
  err = dd_change_undo(cx->st, cx->planner, v.id, milestone, rq->user->email,
                       rq->today, &c, &diag);
  if (err == DD_OK)
    dd__page_cache_changed();
  if (err == DD_OK) {
    const dd_milestone *m = dd_schedule_find(&c.after, milestone);
    char heading[256], location[256], flash[DD_WEB_FLASH_SIZE];
    const char *event = dd__page_event_title(milestone);
    snprintf(heading, sizeof heading, "%s: the latest record is undone",
             m       ? m->rule->title
             : event ? event
                     : milestone);
    change_flash(flash, sizeof flash, heading, &c);
    likely_flash(flash, sizeof flash, &c);
    snprintf(location, sizeof location, "/visits/%s", v.id);
    dd__page_redirect(out, location, flash);
    dd_change_clear(&c);
  } else if (err == DD_ENOTFOUND) {
    /* Nothing of that is recorded (a second Undo from an old page). */
    err = dd__page_not_found(rq, out);
  } else if (err == DD_EINVAL) {
    err = dd__web_error_page(400, rq->user, out);
  } else if (err != DD_ENOMEM) {
    err = dd__page_failed(rq, out);
  }
  dd_visit_clear(&v);
  return err;
}
