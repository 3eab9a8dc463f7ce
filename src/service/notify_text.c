/* The words of a reminder pass: the subject and body of one reminder, the
 * message that carries it (alone, or in a recipient's digest), its
 * calendar attachment and Message-ID, and the message as mail. Nothing
 * here reads the register or the network; the delivery step (notify_deliver.c)
 * hands in what it read. */
#include "notify_text.h"

#include "buf.h"
#include "dueday/clock.h"
#include "dueday/token.h"
#include "mail.h"
#include "reminder.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char footer[] =
    "\n-- \nSent by dueday, which reminds of each deadline a set number of "
    "working days before it (weekends and bank holidays are not working "
    "days) and once when it is overdue. The attachment adds the "
    "deadline to your calendar.\n";

void dd__notify_message_clear(dd_notify_message *msg) {
  free(msg->subject);
  free(msg->body);
  free(msg->calendar);
  memset(msg, 0, sizeof *msg);
}

/* ", because Monday 19 September 2022 is now a bank holiday (...)": what
 * the plan found moved the date (notify_plan.c), when it found it. */
static void put_change_reason(dd__buf *b, const dd_reminder *r) {
  if (r->reason != NULL && r->reason[0] != '\0')
    dd__buf_printf(b, ", because %s", r->reason);
}

/* "The due date has changed: it was ...", for a "changed" message. */
static void put_changed(dd__buf *b, const dd_reminder *r) {
  /* The ledger's due text: "2020-12-14", or "2020-12-14T14:00". */
  dd_date was;
  char prev[48] = "", was_at[16] = "";
  if (strlen(r->previous_due) >= 10 &&
      dd_date_parse_n(r->previous_due, 10, &was, NULL) == DD_OK)
    dd_date_format_long(was, prev, sizeof prev);
  if (prev[0] && r->previous_due[10] == 'T')
    snprintf(was_at, sizeof was_at, " at %.5s", r->previous_due + 11);
  dd__buf_printf(b, "The due date has changed%s%s%s",
                 prev[0] ? ": it was " : "", prev, was_at);
  put_change_reason(b, r);
  dd__buf_puts(b, ".\n\n");
}

/* "Due: ..." or "Window: ...", with how far off it is. */
static void put_when(dd__buf *b, const dd_milestone *m, int working_days) {
  char at[32] = "", in[64], day[48];
  if (m->due_time >= 0)
    snprintf(at, sizeof at, " at %02d:%02d", m->due_time / 60,
             m->due_time % 60);
  if (working_days > 0)
    snprintf(in, sizeof in, "in %d working day%s", working_days,
             working_days == 1 ? "" : "s");
  else if (working_days == 0)
    snprintf(in, sizeof in, "today");
  else /* "overdue by 0 working days" said nothing at a weekend */
    snprintf(in, sizeof in, "overdue since %s",
             dd_date_words(m->due, day, sizeof day));
  if (m->earliest != m->due) {
    char from[48];
    dd__buf_printf(b, "Window:   %s to %s (closes %s)\n",
                   dd_date_format_long(m->earliest, from, sizeof from),
                   dd_date_format_long(m->due, day, sizeof day), in);
  } else {
    dd__buf_printf(b, "Due:      %s%s (%s)\n",
                   dd_date_format_long(m->due, day, sizeof day), at, in);
  }
}

/* "Skipped: ..." when the count passed days that are not working days:
 * the weekend days counted, the others named with their reason. */
static void put_skipped(dd__buf *b, const dd_explanation *e) {
  if (e->nskipped == 0)
    return;
  dd__buf_printf(b, "Skipped:  %zu weekend day%s", e->weekend_days,
                 e->weekend_days == 1 ? "" : "s");
  for (size_t i = 0; i < e->nskipped; i++) {
    char d[DD_DATE_BUFSIZE];
    if (e->skipped[i].reason.kind != DD_REASON_WEEKEND)
      dd__buf_printf(b, "; %s %s", dd_date_format(e->skipped[i].date, d),
                     e->skipped[i].reason.text);
  }
  dd__buf_putc(b, '\n');
}

/* The text about one reminder: what, when, the rule and why the date is
 * what it is, who acts, and the visit. */
static char *reminder_text(const dd_notify_item *it) {
  const dd_milestone *m = it->milestone;
  const dd_visit *v = it->visit;
  char rule[512], status[160];
  dd__buf b = {0};
  dd__buf_printf(&b, "%s: %s%s%s%s\n\n", m->rule->title, v->name,
                 v->urn[0] ? " (" : "", v->urn, v->urn[0] ? ")" : "");
  if (it->covering != NULL) {
    char until[DD_DATE_BUFSIZE];
    dd__buf_printf(&b,
                   "You are covering for %s, who is away until %s %s: this "
                   "reminder would have gone to them.\n\n",
                   it->covering,
                   dd_weekday_abbrev(dd_date_weekday(it->covering_until)),
                   dd_date_format(it->covering_until, until));
  }
  if (strcmp(it->row->threshold, "changed") == 0)
    put_changed(&b, it->row);
  put_when(&b, m, it->working_days);
  dd__buf_printf(&b, "Rule:     %s\n",
                 dd_milestone_rule_text(it->schedule, m, rule, sizeof rule));
  if (m->tentative)
    dd__buf_printf(&b,
                   "Likely:   the guidance says Ofsted is \"likely to "
                   "return\"; the case review decides (dueday visit "
                   "record %s monitoring-decided, or "
                   "monitoring-not-needed).\n",
                   v->id);
  put_skipped(&b, &m->explanation);
  dd__buf_printf(
      &b,
      "Who acts: %s\nStatus:   %s\nVisit:    %s, %s visit%s%s\n"
      "Inspector: %s; RIM: %s\n",
      m->rule->actor, dd_milestone_status_text(m, status, sizeof status), v->id,
      v->type, v->region[0] ? ", " : "", v->region,
      v->inspector[0] ? v->inspector : "(none)", v->rim[0] ? v->rim : "(none)");
  if (it->pages_url != NULL) {
    /* Visit ids are the source system's: anything outside RFC 3986's
     * unreserved characters is percent-encoded. */
    dd__buf_printf(&b, "Page:     %s/visits/", it->pages_url);
    for (const unsigned char *c = (const unsigned char *)v->id; *c; c++)
      if (isalnum(*c) || strchr("-._~", *c) != NULL)
        dd__buf_printf(&b, "%c", *c);
      else
        dd__buf_printf(&b, "%%%02X", *c);
    dd__buf_puts(&b, "\n");
  }
  /* At risk, a configured value, provisional: as the feed says them. */
  char notes[1024];
  dd_milestone_notes(it->schedule, m, notes, sizeof notes);
  if (notes[0] != '\0')
    dd__buf_printf(&b, "%s\n", notes + 1); /* each line starts "\n" */
  return dd__buf_take(&b, NULL);
}

/* " (was Mon 2022-09-19)" after a "Date changed" subject, so that the
 * move shows in a list of messages (the ledger's previous due text). */
static void add_was(char *subject, size_t size, const dd_reminder *r) {
  dd_date was;
  char d[DD_DATE_BUFSIZE], at[16] = "", copy[512];
  if (r->previous_due == NULL || strlen(r->previous_due) < 10 ||
      dd_date_parse_n(r->previous_due, 10, &was, NULL) != DD_OK)
    return;
  if (r->previous_due[10] == 'T')
    snprintf(at, sizeof at, " %.5s", r->previous_due + 11);
  snprintf(copy, sizeof copy, "%s", subject);
  dd__format(subject, size, "%s (was %s %s%s)", copy,
             dd_weekday_abbrev(dd_date_weekday(was)), dd_date_format(was, d),
             at);
}

int dd__notify_item_text(const dd_notify_item *it, char **subject, char **body,
                         dd_diag *diag) {
  dd_threshold t;
  /* A threshold the ledger holds is one the plan wrote; anything else is
   * read as the gentlest. */
  if (dd_threshold_parse(it->row->threshold, &t) != DD_OK)
    t = (dd_threshold){DD_THRESHOLD_BEFORE, 0};
  char s[512];
  dd_remind_subject(t, it->visit, it->milestone, it->working_days, s, sizeof s);
  if (t.kind == DD_THRESHOLD_CHANGED)
    add_was(s, sizeof s, it->row);
  if (it->covering != NULL) {
    /* Whose it is, where a mail client shows it first. */
    dd__buf b = {0};
    dd__buf_printf(&b, "%s (covering for %s)", s, it->covering);
    *subject = dd__buf_take(&b, NULL);
  } else {
    *subject = dd__strdup(s);
  }
  *body = reminder_text(it);
  if (*subject == NULL || *body == NULL) {
    free(*subject);
    free(*body);
    *subject = *body = NULL;
    return dd_diag_set(diag, DD_ENOMEM, "out of memory");
  }
  return DD_OK;
}

int dd__notify_add_event(dd_ics_feed *f, const dd_notify_item *it,
                         dd_diag *diag) {
  const dd_visit *v = it->visit;
  const dd_milestone *m = it->milestone;
  char uid[160], summary[256];
  snprintf(uid, sizeof uid, "%s.%s@dueday", v->id, m->rule->id);
  dd__format(summary, sizeof summary, "%s: %s%s%s", m->rule->summary, v->name,
             v->urn[0] ? " " : "", v->urn);
  dd_ics_event ev = {.uid = uid,
                     .summary = summary,
                     .description = m->rule->title,
                     .categories = "dueday,reminder",
                     .start = m->earliest,
                     .end = m->due,
                     .time = m->due_time,
                     .sequence = it->sequence};
  return dd_ics_feed_add(f, &ev, diag);
}

/* The domain of the sender's address, for Message-IDs. */
static const char *domain_of(const char *address) {
  const char *at = address != NULL ? strrchr(address, '@') : NULL;
  return at != NULL ? at + 1 : "dueday.invalid";
}

/* A Message-ID from the ledger key(s): the same message, sent again after
 * a crash, has the same id, so that the recipient's mail system (or a
 * person) can tell it is a repeat. */
static void message_id(const char *key, const char *from, char *buf,
                       size_t size) {
  char hash[DD_TOKEN_HASH_BUFSIZE];
  dd_token_hash(key, hash);
  snprintf(buf, size, "reminder.%.32s@%s", hash, domain_of(from));
}

/* The ledger's key of a row, its fields joined by US (0x1F), cut at 1023
 * bytes as it always was, so that a row's Message-ID does not change. */
static void row_key(const dd_reminder *r, char key[1024]) {
  snprintf(key, 1024, "%s\x1f%s\x1f%s\x1f%s\x1f%s", r->visit_id, r->milestone,
           r->due, r->threshold, r->recipient);
}

static int out_of_memory(dd_notify_message *out, dd_diag *diag) {
  dd__notify_message_clear(out);
  return dd_diag_set(diag, DD_ENOMEM, "out of memory");
}

/* The milestone as a one-event calendar stamped now; NULL when out of
 * memory. */
static char *one_event_calendar(const dd_notify_item *it, time_t now) {
  dd_ics_feed *f = NULL;
  if (dd_ics_feed_new("dueday reminder", 60, now, &f, NULL) != DD_OK)
    return NULL;
  if (dd__notify_add_event(f, it, NULL) != DD_OK) {
    dd_ics_feed_free(f);
    return NULL;
  }
  return dd_ics_feed_finish(f, NULL); /* frees f */
}

int dd__notify_single(const dd_notify_item *it, const char *sender, time_t now,
                      bool calendar, dd_notify_message *out, dd_diag *diag) {
  memset(out, 0, sizeof *out);
  out->count = 1;
  char *body = NULL;
  if (dd__notify_item_text(it, &out->subject, &body, diag) != DD_OK)
    return out_of_memory(out, diag);
  dd__buf b = {0};
  dd__buf_puts(&b, body);
  dd__buf_puts(&b, footer);
  free(body);
  if ((out->body = dd__buf_take(&b, NULL)) == NULL)
    return out_of_memory(out, diag);
  char key[1024];
  row_key(it->row, key);
  message_id(key, sender, out->message_id, sizeof out->message_id);
  if (calendar && (out->calendar = one_event_calendar(it, now)) == NULL)
    return out_of_memory(out, diag);
  return DD_OK;
}

int dd__notify_digest(const dd_reminder *rows, char *const *subjects,
                      char *const *bodies, size_t n, dd_date today,
                      const char *sender, dd_ics_feed *calendar,
                      dd_notify_message *out, dd_diag *diag) {
  memset(out, 0, sizeof *out);
  out->count = n;
  dd__buf body = {0}, keys = {0};
  dd__buf_printf(&body, "%zu deadline%s need%s attention:\n\n", n,
                 n == 1 ? "" : "s", n == 1 ? "s" : "");
  for (size_t i = 0; i < n; i++)
    dd__buf_printf(&body, "  - %s\n", subjects[i]);
  for (size_t i = 0; i < n; i++) {
    dd__buf_printf(&body, "\n%s\n", bodies[i]);
    char key[1024];
    row_key(&rows[i], key);
    dd__buf_puts(&keys, key);
    dd__buf_putc(&keys, '\x1e');
  }
  dd__buf_puts(&body, footer);
  char subject[160], day[DD_DATE_BUFSIZE];
  snprintf(subject, sizeof subject, "dueday: %zu deadline%s for %s %s", n,
           n == 1 ? "" : "s", dd_weekday_abbrev(dd_date_weekday(today)),
           dd_date_format(today, day));
  out->subject = dd__strdup(subject);
  out->body = dd__buf_take(&body, NULL);
  if (calendar != NULL)
    out->calendar = dd_ics_feed_finish(calendar, NULL); /* frees it */
  if (out->subject == NULL || out->body == NULL || keys.failed ||
      (calendar != NULL && out->calendar == NULL)) {
    dd__buf_clear(&keys);
    return out_of_memory(out, diag);
  }
  message_id(keys.p != NULL ? keys.p : "", sender, out->message_id,
             sizeof out->message_id);
  dd__buf_clear(&keys);
  return DD_OK;
}

int dd__notify_mail(const dd_notify_message *msg, const char *to,
                    const dd_mail_config *mc, time_t now, char **text,
                    size_t *len, dd_diag *diag) {
  char from[320];
  snprintf(from, sizeof from, "%s <%s>", mc->from_name, mc->from);
  dd_mail mail = {.from = from,
                  .to = to,
                  .subject = msg->subject,
                  .message_id = msg->message_id,
                  .date = now,
                  .utc_offset = dd_london_offset(now),
                  .body = msg->body,
                  .calendar = msg->calendar,
                  .calendar_name =
                      msg->count == 1 ? "deadline.ics" : "deadlines.ics"};
  return dd_mail_format(&mail, text, len, diag);
}
