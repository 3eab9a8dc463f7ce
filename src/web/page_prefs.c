/* The signed-in user's own reminder preferences (GET and POST /reminders):
 * which of the configured lead times they want, a message each or a daily
 * digest, and a period away during which the visit's RIM gets their
 * reminders. Stored with dd_store_prefs_set, which audits the change as
 * the user's; `dueday notify` honours them. */
#include "page.h"

#include "dueday/config.h"
#include "dueday/error.h"
#include "dueday/prefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the form holds: as stored (GET) or as sent (POST). */
struct prefs_form {
  dd_remind_prefs prefs;
  char lead_values[DD_PREFS_MAX_CHOICES][8]; /* the boxes ticked, as text */
  const char *ticked[DD_PREFS_MAX_CHOICES];
  size_t nticked;
  const char *style; /* "individual", "digest" or NULL */
  dd__date_field from, to;
  const char *style_error;
  char from_anchor[64], to_anchor[64];
};

/* "5 working days before", "1 working day before", "On the day it is due":
 * a lead time in words, into buf. */
static const char *lead_text(int days, char *buf, size_t size) {
  if (days == 0)
    snprintf(buf, size, "On the day it is due");
  else
    snprintf(buf, size, "%d working day%s before", days, days == 1 ? "" : "s");
  return buf;
}

static void form_page(dd__html *h, const dd__web_request *rq,
                      const int *offered, size_t noffered, struct prefs_form *f,
                      bool error) {
  dd__page_begin(h, rq, rq->user, "Your reminders", DD_NAV_REMINDERS, error);
  H(h, "<div class=\"govuk-grid-row\"><div "
       "class=\"govuk-grid-column-two-thirds\">");
  if (error) {
    dd__govuk_error_link e[3];
    size_t n = 0;
    if (f->style_error)
      e[n++] = (dd__govuk_error_link){.content.text = f->style_error,
                                      .href = "#style"};
    if (f->from.error)
      e[n++] = (dd__govuk_error_link){
          .content.text = f->from.error,
          .href = dd__date_field_anchor(&f->from, "away-from", f->from_anchor,
                                        sizeof f->from_anchor)};
    if (f->to.error)
      e[n++] = (dd__govuk_error_link){
          .content.text = f->to.error,
          .href = dd__date_field_anchor(&f->to, "away-to", f->to_anchor,
                                        sizeof f->to_anchor)};
    dd__govuk_error_summary_write(
        h, &(dd__govuk_error_summary){
               .title.text = "There is a problem", .errors = e, .n_errors = n});
  }
  H(h, "<h1 class=\"govuk-heading-l\">Your reminders</h1>"
       "<p class=\"govuk-body\">dueday e-mails you before your deadlines. "
       "Choose when, and how. These choices are yours alone: they change "
       "only the e-mails sent to ");
  dd__html_text(h, rq->user->email);
  H(h, ".</p><form method=\"post\" action=\"/reminders\" novalidate>");
  dd__page_csrf(h, rq);
  dd__govuk_checkbox items[DD_PREFS_MAX_CHOICES];
  char labels[DD_PREFS_MAX_CHOICES][48], values[DD_PREFS_MAX_CHOICES][8];
  for (size_t i = 0; i < noffered; i++) {
    snprintf(values[i], sizeof values[i], "%d", offered[i]);
    items[i] = (dd__govuk_checkbox){
        .content.text = lead_text(offered[i], labels[i], sizeof labels[i]),
        .value = values[i]};
  }
  dd__govuk_checkboxes_write(
      h, &(dd__govuk_checkboxes){
             .name = "lead",
             .values = f->ticked,
             .n_values = f->nticked,
             .items = items,
             .n_items = noffered,
             .hint.content.text =
                 "Select all that apply. Whatever you choose, you are also "
                 "reminded once a deadline is overdue.",
             .has_fieldset = true,
             .fieldset.legend = {.content.text = "When do you want to be "
                                                 "reminded of a deadline?",
                                 .classes = "govuk-fieldset__legend--m"}});
  const dd__govuk_radio styles[] = {
      {.content.text = "An e-mail for each reminder", .value = "individual"},
      {.content.text = "One e-mail a day with all of that day's reminders",
       .value = "digest"},
  };
  dd__govuk_radios_write(
      h, &(dd__govuk_radios){
             .name = "style",
             .value = f->style,
             .items = styles,
             .n_items = 2,
             .error_message.content.text = f->style_error,
             .has_fieldset = true,
             .fieldset.legend = {.content.text = "How do you want them?",
                                 .classes = "govuk-fieldset__legend--m"}});
  /* Two dates always shown, rather than revealed by a "Yes, I am away"
   * choice: GOV.UK's conditional reveal needs its script, which marks the
   * input aria-expanded, an attribute ARIA does not allow there (axe:
   * aria-allowed-attr); shown at all times, the page is the same with
   * JavaScript and without. */
  H(h, "<h2 class=\"govuk-heading-m\">When you are away</h2>"
       "<p class=\"govuk-body\">While you are away, your reminders go to "
       "the regional inspection manager of each visit instead, marked as "
       "covering for you. Leave both dates blank if you are not going "
       "away.</p>");
  dd__page_date_input(h, "away-from", "First day away",
                      "For example, 21 12 2026", &f->from);
  dd__page_date_input(h, "away-to", "Last day away", "For example, 1 1 2027",
                      &f->to);
  dd__govuk_button_write(
      h, &(dd__govuk_button){.content.text = "Save your reminders",
                             .prevent_double_click = 1});
  H(h, "</form></div></div>");
  dd__page_end(h);
}

/* f as the stored preferences show them. */
static void form_from_prefs(struct prefs_form *f) {
  f->nticked = 0;
  for (size_t i = 0; i < f->prefs.nlead; i++) {
    snprintf(f->lead_values[i], sizeof f->lead_values[i], "%d",
             f->prefs.lead_days[i]);
    f->ticked[f->nticked++] = f->lead_values[i];
  }
  f->style = f->prefs.digest ? "digest" : "individual";
  /* The stored dates in the boxes, as a link's whole date is shown. */
  char from[DD_DATE_BUFSIZE] = "", to[DD_DATE_BUFSIZE] = "";
  if (f->prefs.away_from != 0) {
    dd_date_format(f->prefs.away_from, from);
    dd_date_format(f->prefs.away_to, to);
  }
  const dd__web_param p[] = {{"away-from", from}, {"away-to", to}};
  dd__date_field_read(&f->from, p, 2, "away-from", "First day away");
  dd__date_field_read(&f->to, p, 2, "away-to", "Last day away");
}

/* f as the form sent it; false for a lead time the form never offered (a
 * forged request, answered 400 without a form). */
static bool form_read(const dd__web_request *rq, const int *offered,
                      size_t noffered, struct prefs_form *f) {
  for (size_t i = 0; i < rq->nform; i++) {
    if (strcmp(rq->form[i].name, "lead") != 0)
      continue;
    size_t k = 0;
    char text[8];
    while (k < noffered && (snprintf(text, sizeof text, "%d", offered[k]),
                            strcmp(text, rq->form[i].value) != 0))
      k++;
    if (k == noffered)
      return false;
    bool again = false;
    for (size_t j = 0; j < f->prefs.nlead; j++)
      again |= f->prefs.lead_days[j] == offered[k];
    if (again)
      continue;
    f->prefs.lead_days[f->prefs.nlead++] = offered[k];
    f->ticked[f->nticked++] = rq->form[i].value;
  }
  f->style = dd__web_form(rq, "style");
  if (f->style == NULL || (strcmp(f->style, "individual") != 0 &&
                           strcmp(f->style, "digest") != 0)) {
    f->style = NULL;
    f->style_error = "Select how you want your reminders";
  } else {
    f->prefs.digest = strcmp(f->style, "digest") == 0;
  }
  dd__date_field_read(&f->from, rq->form, rq->nform, "away-from",
                      "First day away");
  dd__date_field_read(&f->to, rq->form, rq->nform, "away-to", "Last day away");
  if (f->from.given && !f->to.given && f->from.error == NULL) {
    f->to.error = "Enter the last day you are away";
    f->to.part = 0;
  } else if (f->to.given && !f->from.given && f->to.error == NULL) {
    f->from.error = "Enter the first day you are away";
    f->from.part = 0;
  } else if (f->from.given && f->to.given && f->from.error == NULL &&
             f->to.error == NULL) {
    if (f->to.date < f->from.date) {
      f->to.error = "The last day away must be the same as or after the "
                    "first day away";
      f->to.part = 0;
    } else {
      f->prefs.away_from = f->from.date;
      f->prefs.away_to = f->to.date;
    }
  }
  return true;
}

/* The banner after a save: what is now in force, one line each. */
static void saved_flash(const struct prefs_form *f, char *buf, size_t size) {
  char leads[256] = "", one[48];
  for (size_t i = 0; i < f->prefs.nlead; i++) {
    size_t n = strlen(leads);
    lead_text(f->prefs.lead_days[i], one, sizeof one);
    one[0] = (char)(one[0] == 'O' ? 'o' : one[0]); /* after "Reminded: " */
    snprintf(leads + n, sizeof leads - n, "%s%s", n ? ", " : "", one);
  }
  int at = snprintf(
      buf, size, "Your reminders have been saved\n%s%s\n%s",
      leads[0] ? "Reminded: " : "Reminded only when overdue", leads,
      f->prefs.digest ? "One e-mail a day" : "An e-mail for each reminder");
  if (f->prefs.away_from != 0 && at > 0 && (size_t)at < size) {
    char a[DD_DATE_BUFSIZE], b[DD_DATE_BUFSIZE];
    snprintf(buf + at, size - (size_t)at,
             "\nAway from %s to %s: your reminders go to the RIM",
             dd_date_format(f->prefs.away_from, a),
             dd_date_format(f->prefs.away_to, b));
  }
}

int dd__page_prefs(const dd__web_context *cx, const dd__web_request *rq,
                   dd__web_response *out) {
  const dd_remind_policy *policy =
      dd_config_reminders(dd_planner_config(cx->planner));
  int offered[DD_PREFS_MAX_CHOICES];
  size_t noffered = dd_remind_choices(policy, offered);
  struct prefs_form f;
  memset(&f, 0, sizeof f);
  dd__html h = {0};
  dd_diag diag;
  if (strcmp(rq->method, "POST") != 0) {
    int err =
        dd_store_prefs_get(cx->st, rq->user->email, policy, &f.prefs, &diag);
    if (err != DD_OK && err != DD_ENOTFOUND)
      return dd__page_failed(rq, out);
    form_from_prefs(&f);
    form_page(&h, rq, offered, noffered, &f, false);
    return dd__page_send(&h, 200, out);
  }
  if (!form_read(rq, offered, noffered, &f))
    return dd__web_error_page(400, rq->user, out);
  if (f.style_error || f.from.error || f.to.error) {
    form_page(&h, rq, offered, noffered, &f, true);
    return dd__page_send(&h, 400, out);
  }
  int err =
      dd_store_prefs_set(cx->st, rq->user->email, &f.prefs, policy, &diag);
  if (err == DD_ENOMEM)
    return err;
  if (err != DD_OK)
    return dd__page_failed(rq, out);
  char flash[DD_WEB_FLASH_SIZE];
  saved_flash(&f, flash, sizeof flash);
  dd__page_redirect(out, "/reminders", flash);
  return DD_OK;
}
