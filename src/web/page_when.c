/* The calculator (GET /when): every milestone of a visit that is not in
 * the register, with the rule and the days skipped, on the form's own page
 * (dueday when --type --start --explain, in a browser). The form is a GET,
 * so that a result is a link to share; its date is GOV.UK's date input
 * (start-day, start-month, start-year), or start=YYYY-MM-DD from a link. */
#include "page.h"

#include "dueday/config.h"
#include "dueday/error.h"
#include "dueday/holiday.h"
#include "dueday/planner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the form sent, and what is wrong with it. */
struct when_form {
  const char *type, *days, *concerns, *division;
  dd__date_field start;
  const dd_visit_type *vt;
  int days_on_site;
  const char *type_error, *days_error, *division_error;
  char start_anchor[64];
  bool asked; /* anything sent: the calculation is wanted */
};

static void read_form(const dd__web_request *rq, const dd_config *cfg,
                      struct when_form *f) {
  memset(f, 0, sizeof *f);
  f->type = dd__web_query(rq, "type");
  f->days = dd__web_query(rq, "days");
  f->concerns = dd__web_query(rq, "concerns");
  f->division = dd__web_query(rq, "division");
  dd__date_field_read(&f->start, rq->query, rq->nquery, "start",
                      "Day 1 of the visit");
  f->asked = f->type != NULL || f->start.given;
  if (!f->asked)
    return;
  if (f->type == NULL || f->type[0] == '\0')
    f->type_error = "Select a visit type";
  else if ((f->vt = dd_config_visit_type(cfg, f->type)) == NULL)
    f->type_error = "Select a visit type from the list";
  if (!f->start.given) {
    f->start.error = "Enter the first day on site";
    f->start.part = 0;
  }
  if (f->days != NULL && f->days[0] != '\0') {
    char *end;
    long v = strtol(f->days, &end, 10);
    if (*end != '\0' || f->days[0] < '0' || f->days[0] > '9' || v < 1 || v > 30)
      f->days_error = "Days of the visit must be a whole number from 1 to 30";
    else
      f->days_on_site = (int)v;
  }
  if (f->division != NULL && f->division[0] != '\0' &&
      !dd_division_known(f->division))
    f->division_error = "Select a part of the UK from the list";
}

static bool has_errors(const struct when_form *f) {
  return f->type_error || f->start.error || f->days_error || f->division_error;
}

static void error_summary(dd__html *h, struct when_form *f) {
  dd__govuk_error_link e[4];
  size_t n = 0;
  if (f->type_error)
    e[n++] =
        (dd__govuk_error_link){.content.text = f->type_error, .href = "#type"};
  if (f->start.error)
    e[n++] = (dd__govuk_error_link){
        .content.text = f->start.error,
        .href = dd__date_field_anchor(&f->start, "start", f->start_anchor,
                                      sizeof f->start_anchor)};
  if (f->days_error)
    e[n++] =
        (dd__govuk_error_link){.content.text = f->days_error, .href = "#days"};
  if (f->division_error)
    e[n++] = (dd__govuk_error_link){.content.text = f->division_error,
                                    .href = "#division"};
  dd__govuk_error_summary_write(
      h, &(dd__govuk_error_summary){
             .title.text = "There is a problem", .errors = e, .n_errors = n});
}

static void form(dd__html *h, const dd_config *cfg, const struct when_form *f) {
  size_t ntypes;
  const dd_visit_type *types = dd_config_visit_types(cfg, &ntypes);
  dd__govuk_select_item choices[17] = {
      {.value = "", .text = "Choose a visit type"}};
  size_t n = 1;
  for (size_t i = 0; i < ntypes && n < 17; i++)
    choices[n++] =
        (dd__govuk_select_item){.value = types[i].id, .text = types[i].title};
  H(h, "<form method=\"get\" action=\"/when\" novalidate>");
  dd__govuk_select_write(
      h, &(dd__govuk_select){.name = "type",
                             .value = f->type,
                             .items = choices,
                             .n_items = n,
                             .label = {.content.text = "Visit type",
                                       .classes = "govuk-label--s"},
                             .error_message.content.text = f->type_error});
  /* "The inspector contacts the provider at approximately 9am on day 1 to
   * announce the beginning of the assurance visit. The visit is 'live'
   * from the point of this call." */
  dd__page_date_input(h, "start", "Day 1 of the visit",
                      "The day the visit is announced (about 9am) and goes "
                      "live, whether or not inspectors are on site. For "
                      "example, 14 12 2020",
                      &f->start);
  dd__govuk_input_write(
      h, &(dd__govuk_input){.id = "days",
                            .name = "days",
                            .value = f->days,
                            .classes = "govuk-input--width-2",
                            .inputmode = "numeric",
                            .label = {.content.text = "Days of the visit",
                                      .classes = "govuk-label--s"},
                            .hint.content.text =
                                "Working days from day 1, off site and on "
                                "site; leave empty for the visit type's "
                                "usual number",
                            .error_message.content.text = f->days_error});
  const dd__govuk_radio concerns[] = {
      {.content.text = "Yes", .value = "1"},
      {.content.text = "No", .value = "0"},
  };
  dd__govuk_radios_write(
      h, &(dd__govuk_radios){
             .name = "concerns",
             .value = f->concerns && strcmp(f->concerns, "1") == 0 ? "1" : "0",
             .classes = "govuk-radios--inline",
             .items = concerns,
             .n_items = 2,
             .has_fieldset = true,
             .fieldset.legend = {.content.text = "Serious or widespread "
                                                 "concerns found?",
                                 .classes = "govuk-fieldset__legend--s"}});
  static const dd__govuk_select_item divisions[] = {
      {.value = "england-and-wales", .text = "England and Wales"},
      {.value = "scotland", .text = "Scotland"},
      {.value = "northern-ireland", .text = "Northern Ireland"}};
  dd__govuk_select_write(
      h, &(dd__govuk_select){.name = "division",
                             .value = f->division && f->division[0]
                                          ? f->division
                                          : dd_config_calendar(cfg)->division,
                             .items = divisions,
                             .n_items = 3,
                             .label = {.content.text = "Bank holidays of",
                                       .classes = "govuk-label--s"},
                             .error_message.content.text = f->division_error});
  dd__govuk_button_write(h, &(dd__govuk_button){.content.text = "Calculate"});
  H(h, "</form>");
}

/* The calculation; a start the rules refuse (not a working day) becomes
 * the date's error. Returns DD_OK, DD_EINVAL (f->start.error set) or
 * DD_ENOMEM / another failure. */
static int calculate(const dd__web_context *cx, const dd__web_request *rq,
                     struct when_form *f, dd_schedule *s) {
  const dd_config *cfg = dd_planner_config(cx->planner);
  const char *division = f->division && f->division[0]
                             ? f->division
                             : dd_config_calendar(cfg)->division;
  const dd_calendar *cal;
  dd_diag diag;
  int err = dd_planner_calendar(cx->planner, division, &cal, &diag);
  if (err != DD_OK)
    return err;
  dd_visit_input in = {.type = f->vt,
                       .start = f->start.date,
                       .days_on_site = f->days_on_site,
                       .concerns =
                           f->concerns && strcmp(f->concerns, "1") == 0};
  err = dd_schedule_compute(cal, &in, dd_config_calendar(cfg)->end_of_day,
                            rq->today, s, &diag);
  if (err == DD_EINVAL || err == DD_ERANGE) {
    /* The engine's words ("the start Mon 2020-12-28 is not a working day
     * (Bank holiday)") name the date and the holiday: they are about the
     * user's input, not our insides. */
    snprintf(f->start.message, sizeof f->start.message, "%s", diag.message);
    f->start.error = f->start.message;
    f->start.part = 0;
    return DD_EINVAL;
  }
  return err;
}

int dd__page_when(const dd__web_context *cx, const dd__web_request *rq,
                  dd__web_response *out) {
  const dd_config *cfg = dd_planner_config(cx->planner);
  struct when_form f;
  read_form(rq, cfg, &f);
  dd_schedule s = {0};
  bool computed = false;
  if (f.asked && !has_errors(&f)) {
    int err = calculate(cx, rq, &f, &s);
    if (err == DD_ENOMEM)
      return err;
    if (err != DD_OK && err != DD_EINVAL)
      return dd__page_failed(rq, out);
    computed = err == DD_OK;
  }
  bool error = has_errors(&f);
  dd__html h = {0};
  dd__page_begin(&h, rq, rq->user, "Deadline calculator", DD_NAV_CALCULATOR,
                 error);
  H(&h, "<div class=\"govuk-grid-row\"><div "
        "class=\"govuk-grid-column-two-thirds\">");
  if (error)
    error_summary(&h, &f);
  H(&h, "<h1 class=\"govuk-heading-l\">Deadline calculator</h1>"
        "<p class=\"govuk-body\">Every deadline of a visit that is not in "
        "the register yet, counted in working days, with the weekends and "
        "bank holidays each count skips.</p>");
  form(&h, cfg, &f);
  H(&h, "</div></div>");
  if (computed) {
    H(&h, "<h2 class=\"govuk-heading-m\">");
    dd__html_text(&h, s.type->title);
    H(&h, "</h2><p class=\"govuk-body\">Day 1 (announced, live) ");
    dd__html_date(&h, s.start);
    H(&h, " to ");
    dd__html_date(&h, s.end);
    H(&h, " (");
    dd__html_int(&h, s.days_on_site);
    H_EITHER(&h, s.days_on_site == 1, " working day). ", " working days). ");
    H(&h, "Status as of ");
    dd__html_date(&h, rq->today);
    H(&h, ".</p>");
    dd__page_milestones(&h, NULL, &s);
    dd_schedule_clear(&s);
  }
  dd__page_end(&h);
  return dd__page_send(&h, error ? 400 : 200, out);
}
