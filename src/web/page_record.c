/* Recording a milestone (GET and POST /visits/<id>/record/<milestone>) and
 * undoing the latest record (POST /visits/<id>/undo/<milestone>). Both
 * write through dd_change_record and dd_change_undo, the calls `dueday
 * visit record` and `dueday visit undo` make, so the same rules refuse the
 * same records and the audit log names the signed-in user; both answer
 * with a 303 to the visit and a banner naming every date that moved. */
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

/* What the form sent. */
struct record_form {
  const char *when; /* "today", "another" or NULL */
  dd__date_field date;
  const char *note;
  const char *when_error, *note_error, *rules_error;
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

static void form_page(dd__html *h, const dd__web_request *rq, const dd_visit *v,
                      const dd_milestone *m, struct record_form *f,
                      bool error) {
  /* The visit's path: its id is checked (letters, digits, '-', '_',
   * '.'), so it needs no encoding. */
  char back[128];
  snprintf(back, sizeof back, "/visits/%s", v->id);
  dd__page_begin_back(
      h, rq, rq->user, m->rule->title, DD_NAV_DEADLINES, error,
      &(dd__govuk_back_link){.href = back, .content.html = {back_text, v}});
  H(h, "<div class=\"govuk-grid-row\"><div "
       "class=\"govuk-grid-column-two-thirds\">");
  if (error) {
    dd__govuk_error_link e[3];
    size_t n = 0;
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
    if (f->note_error && n < 3)
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
  H(h, ")</span><h1 class=\"govuk-heading-l\">Record: ");
  dd__html_text(h, m->rule->title);
  H(h, "</h1><p class=\"govuk-body\">Due ");
  dd__html_date(h, m->due);
  H(h, ".</p><form method=\"post\" novalidate action=\"/visits/");
  dd__html_url(h, v->id);
  H(h, "/record/");
  dd__html_url(h, m->rule->id);
  H(h, "\">");
  dd__page_csrf(h, rq);
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
      h, &(dd__govuk_radios){
             .name = "when",
             .value = f->when,
             .items = items,
             .n_items = 2,
             .error_message.content.text = message,
             .has_fieldset = true,
             .fieldset.legend = {.content.text = "When was it done?",
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
                                   "For example, who it was sent to",
                               .error_message.content.text = f->note_error});
  dd__govuk_button_write(h, &(dd__govuk_button){.content.text = "Record",
                                                .prevent_double_click = 1});
  H(h, "</form></div></div>");
  dd__page_end(h);
}

static void read_form(const dd__web_request *rq, struct record_form *f) {
  memset(f, 0, sizeof *f);
  f->when = dd__web_form(rq, "when");
  f->note = dd__web_form(rq, "note");
  if (f->when == NULL ||
      (strcmp(f->when, "today") != 0 && strcmp(f->when, "another") != 0)) {
    f->when = NULL;
    f->when_error = "Select when it was done";
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
  struct record_form f;
  dd__html h = {0};
  if (m == NULL || v.status == DD_VISIT_CANCELLED) {
    err = dd__page_not_found(rq, out);
  } else if (strcmp(rq->method, "POST") != 0) {
    memset(&f, 0, sizeof f);
    f.date.day = f.date.month = f.date.year = "";
    form_page(&h, rq, &v, m, &f, false);
    err = dd__page_send(&h, 200, out);
  } else {
    read_form(rq, &f);
    bool error = f.when_error || f.date.error || f.note_error;
    dd_change c = {0};
    dd_diag diag;
    if (!error) {
      dd_recorded ev = {.what = (char *)m->rule->id,
                        .date = strcmp(f.when, "today") == 0 ? rq->today
                                                             : f.date.date,
                        .time = -1,
                        .by = rq->user->email,
                        .note = f.note && f.note[0] ? (char *)f.note : NULL};
      err = dd_change_record(cx->st, cx->planner, v.id, &ev, rq->user->email,
                             rq->today, &c, &diag);
      if (err == DD_OK)
        dd__page_cache_changed();
      if (err == DD_EINVAL) {
        /* The rules' reason ("draft-sent on 2020-10-01 is before
         * visit-end ..."): about what was entered, so it is shown. */
        snprintf(f.rules_message, sizeof f.rules_message, "%s", diag.message);
        f.rules_error = f.rules_message;
        error = true;
      } else if (err != DD_OK) {
        dd_schedule_clear(&s);
        dd_visit_clear(&v);
        return err == DD_ENOMEM      ? err
               : err == DD_ENOTFOUND ? dd__page_not_found(rq, out)
                                     : dd__page_failed(rq, out);
      }
    }
    if (error) {
      form_page(&h, rq, &v, m, &f, true);
      err = dd__page_send(&h, 400, out);
    } else {
      char heading[256], date[48], location[256], flash[DD_WEB_FLASH_SIZE];
      snprintf(heading, sizeof heading, "%s: recorded as done on %s",
               m->rule->title,
               dd_date_format_long(strcmp(f.when, "today") == 0 ? rq->today
                                                                : f.date.date,
                                   date, sizeof date));
      change_flash(flash, sizeof flash, heading, &c);
      snprintf(location, sizeof location, "/visits/%s", v.id);
      dd__page_redirect(out, location, flash);
      dd_change_clear(&c);
      err = DD_OK;
    }
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
    snprintf(heading, sizeof heading, "%s: the latest record is undone",
             m ? m->rule->title : milestone);
    change_flash(flash, sizeof flash, heading, &c);
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
