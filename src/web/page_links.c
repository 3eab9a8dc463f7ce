/* The signed-in user's calendar links (GET /calendar-links), a new one
 * (POST /calendar-links) and revoking one (POST /calendar-links/<id>/
 * revoke). A link is a private feed (dueday subscriber add): its token is
 * shown once, in the banner after the 303, and only its hash is kept.
 *
 * What a new link shows is the user's own scope, in the feed's terms
 * (dd_scope_parse): an admin "all"; an inspector "inspector:EMAIL"; a RIM
 * chooses one of their regions ("region:NAME") or "rim:EMAIL" (the visits
 * naming them as RIM, wherever they are), because a feed has one scope and
 * a RIM's page scope is the union of the two. Links are the user's when
 * the subscriber's address is theirs; anyone else's link is "not found". */
#include "page.h"

#include "dueday/config.h"
#include "dueday/error.h"
#include "dueday/mailer.h"
#include "dueday/scope.h"
#include "dueday/store.h"
#include "dueday/token.h"
#include "dueday/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* The scopes a user may make a link for, "a\0b\0...", and how many. */
static size_t scopes(const dd_user *u, dd__buf *out) {
  size_t n = 0;
  if (u->role == DD_ROLE_ADMIN) {
    dd__buf_put(out, "all", 4);
    return 1;
  }
  if (u->role == DD_ROLE_INSPECTOR) {
    dd__buf_printf(out, "inspector:%s", u->email);
    dd__buf_putc(out, '\0');
    return 1;
  }
  for (const char *r = u->regions; r != NULL && *r != '\0';) {
    const char *comma = strchr(r, ',');
    int len = comma ? (int)(comma - r) : (int)strlen(r);
    if (len > 0) {
      dd__buf_printf(out, "region:%.*s", len, r);
      dd__buf_putc(out, '\0');
      n++;
    }
    r += len + (comma != NULL);
  }
  dd__buf_printf(out, "rim:%s", u->email);
  dd__buf_putc(out, '\0');
  return n + 1;
}

/* A scope in words, for the page. */
static void scope_text(dd__html *h, const char *scope) {
  if (strcmp(scope, "all") == 0)
    H(h, "Every visit");
  else if (strncmp(scope, "region:", 7) == 0) {
    H(h, "The visits of ");
    dd__html_text(h, scope + 7);
  } else if (strncmp(scope, "inspector:", 10) == 0)
    H(h, "Your visits as inspector");
  else if (strncmp(scope, "rim:", 4) == 0)
    H(h, "The visits naming you as regional inspection manager");
  else
    dd__html_text(h, scope);
}

static void scope_item(dd__html *h, const void *scope) { scope_text(h, scope); }

/* scope_text's words as plain text, for an e-mail. */
static const char *scope_plain(const char *scope, char *buf, size_t size) {
  if (strcmp(scope, "all") == 0)
    snprintf(buf, size, "every visit");
  else if (strncmp(scope, "region:", 7) == 0)
    snprintf(buf, size, "the visits of %s", scope + 7);
  else if (strncmp(scope, "inspector:", 10) == 0)
    snprintf(buf, size, "your visits as inspector");
  else if (strncmp(scope, "rim:", 4) == 0)
    snprintf(buf, size, "the visits naming you as regional inspection manager");
  else
    snprintf(buf, size, "%s", scope);
  return buf;
}

struct listing {
  const dd__web_request *rq;
  dd__html *h;
  size_t n;
  long find; /* revoke: the id looked for; else 0 */
  bool found;
};

static bool mine(const dd__web_request *rq, const dd_subscriber *s) {
  return !s->revoked && strcasecmp(s->email, rq->user->email) == 0;
}

static int list_one(const dd_subscriber *s, void *arg) {
  struct listing *l = arg;
  if (!mine(l->rq, s))
    return 0;
  if (l->find != 0) {
    l->found |= s->id == l->find;
    return l->found;
  }
  dd__html *h = l->h;
  if (l->n++ == 0)
    H(h, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption "
         "govuk-table__caption--m\">Your calendar links</caption>"
         "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
         "<th scope=\"col\" class=\"govuk-table__header\">What it shows</th>"
         "<th scope=\"col\" class=\"govuk-table__header\">Created</th>"
         "<th scope=\"col\" class=\"govuk-table__header\"><span "
         "class=\"govuk-visually-hidden\">Action</span></th></tr></thead>"
         "<tbody class=\"govuk-table__body\">");
  H(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
  scope_text(h, s->scope);
  H(h, "</td><td class=\"govuk-table__cell\">");
  dd_date d;
  if (dd_date_parse_n(s->created, 10, &d, NULL) == DD_OK)
    dd__html_date_short(h, d);
  else
    dd__html_text(h, s->created);
  H(h, "</td><td class=\"govuk-table__cell\"><form method=\"post\" "
       "novalidate action=\"/calendar-links/");
  dd__html_int(h, s->id);
  H(h, "/revoke\">");
  dd__page_csrf(h, l->rq);
  H(h, "<button type=\"submit\" class=\"govuk-button govuk-button--warning "
       "govuk-!-margin-bottom-0\" data-module=\"govuk-button\">Revoke<span "
       "class=\"govuk-visually-hidden\"> link ");
  dd__html_int(h, s->id);
  H(h, ", ");
  scope_text(h, s->scope);
  H(h, "</span></button></form></td></tr>");
  return 0;
}

int dd__page_links(const dd__web_context *cx, const dd__web_request *rq,
                   dd__web_response *out) {
  dd__html h = {0};
  dd__buf choices = {0};
  size_t n = scopes(rq->user, &choices);
  dd__page_begin(&h, rq, rq->user, "Calendar links", DD_NAV_CALENDAR, false);
  H(&h, "<h1 class=\"govuk-heading-l\">Calendar links</h1><div "
        "class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">"
        "<p class=\"govuk-body\">A calendar link puts your deadlines in "
        "Outlook, Google Calendar or Apple Calendar, and keeps them up to "
        "date. Anyone with the link can see what it shows: keep it to "
        "yourself, and revoke it if it gets out.</p></div></div>");
  struct listing l = {.rq = rq, .h = &h};
  dd_diag diag;
  int err = dd_store_subscribers_each(cx->st, list_one, &l, &diag);
  if (l.n > 0)
    H(&h, "</tbody></table>");
  else
    H(&h, "<p class=\"govuk-body\">You have no calendar links.</p>");
  H(&h, "<h2 class=\"govuk-heading-m\">Create a link</h2>"
        "<form method=\"post\" action=\"/calendar-links\" novalidate>");
  dd__page_csrf(&h, rq);
  if (n == 1) {
    H(&h, "<p class=\"govuk-body\">It will show: ");
    scope_text(&h, choices.p);
    H(&h, ".</p><input type=\"hidden\" name=\"scope\"");
    H_ATTR(&h, "value", choices.p);
    H(&h, ">");
  } else {
    dd__govuk_radio items[16];
    size_t k = 0;
    for (size_t at = 0; at < choices.len && k < 16;
         at += strlen(choices.p + at) + 1) {
      const char *sc = choices.p + at;
      items[k++] =
          (dd__govuk_radio){.content.html = {scope_item, sc}, .value = sc};
    }
    dd__govuk_radios_write(
        &h, &(dd__govuk_radios){
                .name = "scope",
                .value = choices.p,
                .items = items,
                .n_items = k,
                .has_fieldset = true,
                .fieldset.legend = {.content.text = "What should it show?",
                                    .classes = "govuk-fieldset__legend--s"}});
  }
  /* Mailed, the link is never on a screen, where it could be seen over a
   * shoulder or kept in a browser's history: offered when there is a mail
   * server to send it through. */
  bool mail = dd_mailer_configured(dd_planner_config(cx->planner));
  if (mail)
    H(&h, "<div class=\"govuk-button-group\">");
  dd__govuk_button_write(
      &h, &(dd__govuk_button){.content.text = "Create a calendar link",
                              .prevent_double_click = 1});
  if (mail) {
    dd__govuk_button_write(
        &h, &(dd__govuk_button){.content.text = "Create and e-mail it to me",
                                .name = "send",
                                .value = "email",
                                .classes = "govuk-button--secondary",
                                .prevent_double_click = 1});
    H(&h, "</div>");
  }
  H(&h, "</form>");
  dd__page_end(&h);
  dd__buf_clear(&choices);
  if (err != DD_OK) {
    dd__html_clear(&h);
    return err == DD_ENOMEM ? err : dd__page_failed(rq, out);
  }
  return dd__page_send(&h, 200, out);
}

/* Mails the new link (subscriber id, its token) to its owner, and says so
 * in the banner; the token is in the mail only. When the mail cannot be
 * sent the link is revoked at once: a link nobody has is no use, and one
 * that might have gone somewhere is not to be kept. */
static int mail_link(const dd__web_context *cx, const dd__web_request *rq,
                     long id, const char *scope, const char *token,
                     const char *base, const char *host,
                     dd__web_response *out) {
  char shows[256], subject[128], flash[DD_WEB_FLASH_SIZE];
  dd__buf body = {0};
  dd__buf_printf(&body,
                 "Here is the calendar link you asked for on dueday. It "
                 "shows %s.\n\n"
                 "Subscribe to it in Outlook, Google Calendar or Apple "
                 "Calendar (\"add calendar from the internet\"):\n\n"
                 "%s/feeds/%s.ics\n\n"
                 "or open this address, which calendar apps take directly:"
                 "\n\nwebcal://%s/feeds/%s.ics\n\n"
                 "Anyone with the link can see what it shows: keep it to "
                 "yourself. If it gets out, revoke it on the calendar links "
                 "page: %s/calendar-links\n",
                 scope_plain(scope, shows, sizeof shows), base, token, host,
                 token, base);
  snprintf(subject, sizeof subject, "Your dueday calendar link");
  dd_diag diag;
  int err = body.failed ? DD_ENOMEM
                        : dd_mailer_send(dd_planner_config(cx->planner),
                                         rq->user->email, subject, body.p,
                                         time(NULL), &diag);
  dd__buf_clear(&body);
  if (err == DD_ENOMEM)
    return err;
  if (err != DD_OK) {
    dd_diag why;
    if (dd_store_begin(cx->st, &why) != DD_OK ||
        dd_store_subscriber_revoke(cx->st, id, rq->user->email, &why) !=
            DD_OK ||
        dd_store_commit(cx->st, &why) != DD_OK) {
      dd_store_rollback(cx->st);
      return dd__page_failed(rq, out);
    }
    snprintf(flash, sizeof flash,
             "We could not e-mail the link, so it was not kept\n"
             "Try again later, or create one to copy from this page.");
    dd__page_redirect(out, "/calendar-links", flash);
    return DD_OK;
  }
  snprintf(flash, sizeof flash,
           "We have e-mailed the link to %s\nIt shows %s. Subscribe to it "
           "from the e-mail.",
           rq->user->email, shows);
  dd__page_redirect(out, "/calendar-links", flash);
  return DD_OK;
}

int dd__page_link_new(const dd__web_context *cx, const dd__web_request *rq,
                      dd__web_response *out) {
  const char *scope = dd__web_form(rq, "scope");
  dd__buf choices = {0};
  scopes(rq->user, &choices);
  bool allowed = false;
  for (size_t at = 0; scope != NULL && at < choices.len;
       at += strlen(choices.p + at) + 1)
    allowed |= strcmp(scope, choices.p + at) == 0;
  dd__buf_clear(&choices);
  /* Only a scope the form offered: a forged one is a bad request, not a
   * wider feed. */
  if (!allowed)
    return dd__web_error_page(400, rq->user, out);
  const char *send = dd__web_form(rq, "send");
  bool by_mail = send != NULL && strcmp(send, "email") == 0;
  if (by_mail && !dd_mailer_configured(dd_planner_config(cx->planner)))
    return dd__web_error_page(400, rq->user, out); /* never offered */
  char token[DD_TOKEN_BUFSIZE], hash[DD_TOKEN_HASH_BUFSIZE];
  dd_diag diag;
  long id;
  const char *name =
      rq->user->name && rq->user->name[0] ? rq->user->name : rq->user->email;
  if (dd_token_new(token, &diag) != DD_OK)
    return dd__page_failed(rq, out);
  dd_token_hash(token, hash);
  if (dd_store_begin(cx->st, &diag) != DD_OK ||
      dd_store_subscriber_add(cx->st, name, rq->user->email, scope, hash,
                              rq->user->email, &id, &diag) != DD_OK ||
      dd_store_commit(cx->st, &diag) != DD_OK) {
    dd_store_rollback(cx->st);
    return dd__page_failed(rq, out);
  }
  /* The link as http(s) and as webcal (what calendar apps open), as
   * `dueday subscriber add` prints them. */
  const char *base = rq->base_url ? rq->base_url : "";
  const char *host = strstr(base, "://");
  host = host ? host + 3 : base;
  char flash[DD_WEB_FLASH_SIZE];
  if (by_mail)
    return mail_link(cx, rq, id, scope, token, base, host, out);
  snprintf(flash, sizeof flash,
           "Calendar link created: copy it now, it cannot be shown again\n"
           "%s/feeds/%s.ics\nwebcal://%s/feeds/%s.ics",
           base, token, host, token);
  dd__page_redirect(out, "/calendar-links", flash);
  return DD_OK;
}

int dd__page_link_revoke(const dd__web_context *cx, const dd__web_request *rq,
                         const char *id, dd__web_response *out) {
  char *end;
  long n = strtol(id, &end, 10);
  if (*end != '\0' || id[0] < '1' || id[0] > '9' || n <= 0)
    return dd__page_not_found(rq, out);
  struct listing l = {.rq = rq, .find = n};
  dd_diag diag;
  int err = dd_store_subscribers_each(cx->st, list_one, &l, &diag);
  if (err != DD_OK && err != 1)
    return err == DD_ENOMEM ? err : dd__page_failed(rq, out);
  if (!l.found)
    return dd__page_not_found(rq, out);
  if (dd_store_begin(cx->st, &diag) != DD_OK ||
      dd_store_subscriber_revoke(cx->st, n, rq->user->email, &diag) != DD_OK ||
      dd_store_commit(cx->st, &diag) != DD_OK) {
    dd_store_rollback(cx->st);
    return dd__page_failed(rq, out);
  }
  dd__page_redirect(out, "/calendar-links",
                    "Calendar link revoked\nCalendars subscribed to it stop "
                    "showing your deadlines.");
  return DD_OK;
}
