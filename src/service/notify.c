/* A reminder pass: plan into the ledger, then send what it holds. The plan
 * is one transaction; each message's answer is recorded the moment it
 * comes, so that a pass killed anywhere leaves the ledger true (a message
 * the server accepted in the instant before the kill is the one exception:
 * it is sent again, with the same Message-ID). */
#include "notify.h"

#include "dueday/clock.h"
#include "dueday/feed.h"
#include "dueday/token.h"
#include "feed_state.h"
#include "ics_writer.h"
#include "mail.h"
#include "reminder.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *dd_notify_outcome_name(dd_notify_outcome o) {
  static const char *const names[] = {"sent",   "would send", "deferred",
                                      "failed", "unsent",     "stopped"};
  return (unsigned)o < sizeof names / sizeof names[0] ? names[o] : "?";
}

/* ---- the marks, read once per pass -------------------------------------- */

/* A mark in memory: the three key strings in one block (visit_id points
 * to it), the due date apart because it changes. */
struct mark {
  const char *visit_id, *milestone, *recipient;
  char *due;
  int urgency;
};

/* Every mark, in the order the register keeps them (by visit, milestone,
 * recipient), which is also the order visits are planned in: a cursor
 * walks them alongside the visits, with no search. */
struct marks {
  struct mark *items;
  size_t n, cap;
  size_t cursor; /* the first mark of the visit being planned */
};

static int add_mark(const dd_reminder_mark *m, void *arg) {
  struct marks *ms = arg;
  if (ms->n == ms->cap) {
    size_t cap = ms->cap ? 2 * ms->cap : 256;
    struct mark *grown = realloc(ms->items, cap * sizeof *grown);
    if (grown == NULL)
      return DD_ENOMEM;
    ms->items = grown;
    ms->cap = cap;
  }
  size_t nv = strlen(m->visit_id) + 1, nm = strlen(m->milestone) + 1,
         nr = strlen(m->recipient) + 1;
  char *block = malloc(nv + nm + nr);
  char *due = dd__strdup(m->due);
  if (block == NULL || due == NULL) {
    free(block);
    free(due);
    return DD_ENOMEM;
  }
  struct mark *k = &ms->items[ms->n++];
  k->visit_id = memcpy(block, m->visit_id, nv);
  k->milestone = memcpy(block + nv, m->milestone, nm);
  k->recipient = memcpy(block + nv + nm, m->recipient, nr);
  k->due = due;
  k->urgency = m->urgency;
  return DD_OK;
}

static void marks_free(struct marks *ms) {
  for (size_t i = 0; i < ms->n; i++) {
    free((char *)ms->items[i].visit_id);
    free(ms->items[i].due);
  }
  free(ms->items);
}

/* Moves the cursor to visit's marks (visits come in id order) and returns
 * how many it has. */
static size_t marks_of_visit(struct marks *ms, const char *visit) {
  while (ms->cursor < ms->n &&
         strcmp(ms->items[ms->cursor].visit_id, visit) < 0)
    ms->cursor++;
  size_t end = ms->cursor;
  while (end < ms->n && strcmp(ms->items[end].visit_id, visit) == 0)
    end++;
  return end - ms->cursor;
}

/* The marks of milestone among a visit's n marks from first: *count of
 * them, contiguous. */
static struct mark *marks_find(struct mark *first, size_t n,
                               const char *milestone, size_t *count) {
  size_t i = 0;
  while (i < n && strcmp(first[i].milestone, milestone) != 0)
    i++;
  size_t end = i;
  while (end < n && strcmp(first[end].milestone, milestone) == 0)
    end++;
  *count = end - i;
  return *count > 0 ? &first[i] : NULL;
}

/* ---- planning ------------------------------------------------------------ */

/* How the ledger names a due date: the day, and the time when there is
 * one, so that a deadline moved by an hour is a new date too. */
static void due_text(const dd_milestone *m, char *buf, size_t size) {
  char d[DD_DATE_BUFSIZE];
  if (m->due_time >= 0)
    snprintf(buf, size, "%sT%02d:%02d", dd_date_format(m->due, d),
             m->due_time / 60, m->due_time % 60);
  else
    snprintf(buf, size, "%s", dd_date_format(m->due, d));
}

struct plan {
  dd_store *st;
  dd_planner *planner;
  const dd_config *cfg;
  const dd_remind_policy *policy;
  struct marks marks;
  dd_date today;
  int minutes;
  dd_notify_summary *sum;
  dd_diag *diag;
};

/* Recipient r's mark, told of due with urgency: in the ledger and in the
 * copy in memory (found, or NULL for a new one). */
static int set_mark(struct plan *p, struct mark *found, const char *visit,
                    const char *milestone, const char *recipient,
                    const char *due, int urgency) {
  if (found != NULL) {
    char *d = dd__strdup(due);
    if (d == NULL)
      return dd_diag_set(p->diag, DD_ENOMEM, "out of memory");
    free(found->due);
    found->due = d;
    found->urgency = urgency;
  }
  dd_reminder_mark m = {visit, milestone, recipient, due, urgency};
  return dd_ledger_mark(p->st, &m, p->diag);
}

static int queue(struct plan *p, const char *visit, const char *milestone,
                 const char *due, dd_threshold t, const char *recipient,
                 const char *previous) {
  char name[16];
  int n, err;
  /* At most one message of a milestone waits per recipient: the newest
   * says what the older ones would have, with more urgency. */
  if ((err = dd_ledger_close_pending(p->st, visit, milestone, recipient,
                                     "superseded", &n, p->diag)) != DD_OK)
    return err;
  p->sum->superseded += (size_t)n;
  bool queued;
  if ((err = dd_ledger_queue(p->st, visit, milestone, due,
                             dd_threshold_name(t, name, sizeof name), recipient,
                             previous, &queued, p->diag)) != DD_OK)
    return err;
  if (queued) {
    p->sum->queued++;
    if (t.kind == DD_THRESHOLD_CHANGED)
      p->sum->changed++;
  }
  return DD_OK;
}

static int plan_milestone(struct plan *p, const dd_visit *v,
                          const dd_calendar *cal, const dd_milestone *m,
                          struct mark *visit_marks, size_t nvisit_marks) {
  const char *id = m->rule->id;
  size_t nmarks = 0;
  struct mark *marks = nvisit_marks > 0
                           ? marks_find(visit_marks, nvisit_marks, id, &nmarks)
                           : NULL;
  int err, n;
  if (!dd_remind_active(m)) {
    if (marks == NULL)
      return DD_OK;
    if ((err = dd_ledger_close_pending(p->st, v->id, id, NULL, "stopped", &n,
                                       p->diag)) != DD_OK)
      return err;
    p->sum->stopped += (size_t)n;
    /* On hold, the milestone will run again: keep what people were told,
     * so that a new date is announced. Done or cancelled, forget it. */
    if (m->status == DD_STATUS_ON_HOLD)
      return DD_OK;
    return dd_ledger_unmark(p->st, v->id, id, p->diag);
  }
  dd_threshold t;
  bool reached =
      dd_remind_reached(cal, dd_remind_leads_for(p->policy, id),
                        p->policy->send_at, m->due, p->today, p->minutes, &t);
  if (!reached && marks == NULL)
    return DD_OK; /* the common case: nothing yet, nothing told */
  char due[32];
  due_text(m, due, sizeof due);
  /* A date that moved: whoever was told the old one hears of the new. */
  for (size_t i = 0; i < nmarks; i++) {
    if (strcmp(marks[i].due, due) == 0)
      continue;
    char told[32];
    if ((err = dd_ledger_last_sent_due(p->st, v->id, id, marks[i].recipient,
                                       told, sizeof told, p->diag)) != DD_OK)
      return err;
    int urgency = INT_MIN;
    if (told[0] != '\0' && strcmp(told, due) != 0) {
      dd_threshold changed = {DD_THRESHOLD_CHANGED, 0};
      if ((err = queue(p, v->id, id, due, changed, marks[i].recipient, told)) !=
          DD_OK)
        return err;
      /* The message gives the new date and how far off it is: it stands
       * for the threshold already reached. */
      if (reached)
        urgency = dd_threshold_urgency(t);
    } else if ((err = dd_ledger_close_pending(p->st, v->id, id,
                                              marks[i].recipient, "superseded",
                                              &n, p->diag)) != DD_OK) {
      return err;
    } else {
      p->sum->superseded += (size_t)n;
    }
    if ((err = set_mark(p, &marks[i], v->id, id, marks[i].recipient, due,
                        urgency)) != DD_OK)
      return err;
  }
  if (!reached)
    return DD_OK;
  const char *to[16];
  size_t nto = dd_remind_recipients(p->policy, v, m->rule, t, to, 16);
  if (nto == 0)
    p->sum->unaddressed++;
  int urgency = dd_threshold_urgency(t);
  for (size_t r = 0; r < nto; r++) {
    struct mark *mine = NULL;
    for (size_t i = 0; i < nmarks && mine == NULL; i++)
      if (strcmp(marks[i].recipient, to[r]) == 0)
        mine = &marks[i];
    if (mine != NULL && mine->urgency >= urgency)
      continue; /* told already, as urgently or more */
    if ((err = queue(p, v->id, id, due, t, to[r], "")) != DD_OK ||
        (err = set_mark(p, mine, v->id, id, to[r], due, urgency)) != DD_OK)
      return err;
  }
  return DD_OK;
}

static int plan_visit(const dd_visit *v, const dd_recorded *events, size_t n,
                      void *arg) {
  struct plan *p = arg;
  const dd_calendar *cal;
  dd_schedule s;
  /* A visit the rules reject cannot be reminded of; `dueday visit show`
   * reports why. It must not stop everyone else's reminders. */
  if (dd_planner_visit_calendar(p->planner, v, &cal, NULL) != DD_OK ||
      dd_planner_schedule_brief(p->planner, v, events, n, p->today, &s, NULL) !=
          DD_OK)
    return DD_OK;
  p->sum->visits++;
  size_t nmarks = marks_of_visit(&p->marks, v->id);
  struct mark *marks = nmarks > 0 ? &p->marks.items[p->marks.cursor] : NULL;
  int err = DD_OK;
  for (size_t i = 0; i < s.n && err == DD_OK; i++)
    err = plan_milestone(p, v, cal, &s.items[i], marks, nmarks);
  dd_schedule_free(&s);
  return err;
}

/* ---- sending ------------------------------------------------------------- */

/* The visit whose reminders are being written, kept while consecutive rows
 * are about it. */
struct loaded {
  dd_visit visit;
  dd_recorded *events;
  size_t nevents;
  dd_schedule schedule;
  const dd_calendar *cal;
  bool ok;
};

struct send {
  struct plan *plan;
  const dd_notify_options *opt;
  struct loaded loaded;
  bool unreachable; /* stop trying this pass */
  /* A digest being gathered: rows of one recipient. */
  dd_reminder *rows;
  char **subjects, **bodies;
  size_t nrows, caprows;
  dd_ics_feed *calendar; /* their milestones, added as they are gathered */
};

static void loaded_clear(struct loaded *l) {
  if (l->visit.id != NULL) {
    dd_schedule_free(&l->schedule);
    dd_recorded_list_free(l->events, l->nevents);
    dd_visit_clear(&l->visit);
  }
  memset(l, 0, sizeof *l);
}

static int load_visit(struct send *sd, const char *id) {
  struct loaded *l = &sd->loaded;
  if (l->visit.id != NULL && strcmp(l->visit.id, id) == 0)
    return l->ok ? DD_OK : DD_ENOTFOUND;
  loaded_clear(l);
  struct plan *p = sd->plan;
  int err = dd_store_visit_get(p->st, id, &l->visit, &l->events, &l->nevents,
                               p->diag);
  if (err != DD_OK)
    return err;
  l->ok = dd_planner_visit_calendar(p->planner, &l->visit, &l->cal, NULL) ==
              DD_OK &&
          dd_planner_schedule(p->planner, &l->visit, l->events, l->nevents,
                              p->today, &l->schedule, NULL) == DD_OK;
  return l->ok ? DD_OK : DD_ENOTFOUND;
}

/* Appends printf output to a growing string; false when out of memory. */
static bool append(char **buf, size_t *len, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#include <stdarg.h>

static bool append(char **buf, size_t *len, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0)
    return false;
  char *grown = realloc(*buf, *len + (size_t)n + 1);
  if (grown == NULL)
    return false;
  va_start(ap, fmt);
  vsnprintf(grown + *len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  *buf = grown;
  *len += (size_t)n;
  return true;
}

static const char *long_date(dd_date d, char *buf, size_t size) {
  static const char *const months[] = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  int y, mo, day;
  dd_date_to_ymd(d, &y, &mo, &day);
  snprintf(buf, size, "%s %d %s %d", dd_weekday_name(dd_date_weekday(d)), day,
           months[mo - 1], y);
  return buf;
}

/* The text about one reminder: what, when, the rule and why the date is
 * what it is, who acts, and the visit. */
static char *reminder_text(const struct loaded *l, const dd_milestone *m,
                           const dd_reminder *r, int working_days) {
  char *b = NULL, rule[512], status[160], day[48], prev[48] = "";
  size_t n = 0;
  const dd_visit *v = &l->visit;
  bool ok = append(&b, &n, "%s: %s%s%s%s\n\n", m->rule->title, v->name,
                   v->urn[0] ? " (" : "", v->urn, v->urn[0] ? ")" : "");
  if (strcmp(r->threshold, "changed") == 0) {
    /* The ledger's due text: "2020-12-14", or "2020-12-14T14:00". */
    dd_date was;
    char was_at[16] = "";
    if (strlen(r->previous_due) >= 10 &&
        dd_date_parse_n(r->previous_due, 10, &was, NULL) == DD_OK)
      long_date(was, prev, sizeof prev);
    if (prev[0] && r->previous_due[10] == 'T')
      snprintf(was_at, sizeof was_at, " at %.5s", r->previous_due + 11);
    ok = ok && append(&b, &n, "The due date has changed%s%s%s.\n\n",
                      prev[0] ? ": it was " : "", prev, was_at);
  }
  char at[32] = "", in[64];
  if (m->due_time >= 0)
    snprintf(at, sizeof at, " at %02d:%02d", m->due_time / 60,
             m->due_time % 60);
  if (working_days > 0)
    snprintf(in, sizeof in, "in %d working day%s", working_days,
             working_days == 1 ? "" : "s");
  else if (working_days == 0)
    snprintf(in, sizeof in, "today");
  else
    snprintf(in, sizeof in, "overdue by %d working day%s", -working_days,
             working_days == -1 ? "" : "s");
  if (m->earliest != m->due) {
    char from[48];
    ok = ok && append(&b, &n, "Window:   %s to %s (closes %s)\n",
                      long_date(m->earliest, from, sizeof from),
                      long_date(m->due, day, sizeof day), in);
  } else {
    ok = ok && append(&b, &n, "Due:      %s%s (%s)\n",
                      long_date(m->due, day, sizeof day), at, in);
  }
  ok = ok && append(&b, &n, "Rule:     %s\n",
                    dd_milestone_rule_text(&l->schedule, m, rule, sizeof rule));
  const dd_explanation *e = &m->explanation;
  if (ok && e->nskipped > 0) {
    ok = append(&b, &n, "Skipped:  %zu weekend day%s", e->weekend_days,
                e->weekend_days == 1 ? "" : "s");
    for (size_t i = 0; ok && i < e->nskipped; i++) {
      char d[DD_DATE_BUFSIZE];
      if (e->skipped[i].reason.kind != DD_REASON_WEEKEND)
        ok = append(&b, &n, "; %s %s", dd_date_format(e->skipped[i].date, d),
                    e->skipped[i].reason.text);
    }
    ok = ok && append(&b, &n, "\n");
  }
  ok = ok && append(&b, &n,
                    "Who acts: %s\nStatus:   %s\nVisit:    %s, %s visit%s%s\n"
                    "Inspector: %s; RIM: %s\n",
                    m->rule->actor,
                    dd_milestone_status_text(m, status, sizeof status), v->id,
                    v->type, v->region[0] ? ", " : "", v->region,
                    v->inspector[0] ? v->inspector : "(none)",
                    v->rim[0] ? v->rim : "(none)");
  if (!ok) {
    free(b);
    return NULL;
  }
  return b;
}

/* The milestone as a one-event calendar, with the UID and SEQUENCE the
 * feeds give it, so that adding it to a calendar that also subscribes to a
 * feed updates one event rather than making two. */
static int add_event(struct send *sd, dd_ics_feed *f, const dd_milestone *m) {
  const dd_visit *v = &sd->loaded.visit;
  char uid[160], summary[256];
  snprintf(uid, sizeof uid, "%s.%s@dueday", v->id, m->rule->id);
  snprintf(summary, sizeof summary, "%s: %s%s%s", m->rule->summary, v->name,
           v->urn[0] ? " " : "", v->urn);
  int seq = 0;
  dd_store_feed_state(sd->plan->st, v->id, m->rule->id, NULL, &seq, NULL, 0,
                      NULL);
  dd_ics_event ev = {.uid = uid,
                     .summary = summary,
                     .description = m->rule->title,
                     .categories = "dueday,reminder",
                     .start = m->earliest,
                     .end = m->due,
                     .time = m->due_time,
                     .sequence = seq};
  return dd_ics_feed_add(f, &ev, sd->plan->diag);
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

static void row_key(const dd_reminder *r, char *buf, size_t size) {
  snprintf(buf, size, "%s\x1f%s\x1f%s\x1f%s\x1f%s", r->visit_id, r->milestone,
           r->due, r->threshold, r->recipient);
}

static int working_days_to(const struct loaded *l, const dd_milestone *m,
                           dd_date today) {
  int n = 0;
  dd_calendar_count(l->cal, today, m->due, &n);
  return n;
}

/* Backoff for a temporary failure: 15 minutes, doubling, at most 4 hours
 * (a timer runs the pass every 15 minutes). */
static time_t backoff(int attempts) {
  time_t wait = 15 * 60;
  for (int i = 0; i < attempts && wait < 4 * 3600; i++)
    wait *= 2;
  return wait < 4 * 3600 ? wait : 4 * 3600;
}

/* Gives up on a message after this many temporary failures: two days of
 * a server that keeps saying "later" is an answer. */
enum { MAX_ATTEMPTS = 16 };

static double ms_between(const struct timespec *a, const struct timespec *b) {
  return (double)(b->tv_sec - a->tv_sec) * 1e3 +
         (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

/* Sends one message for rows (all to one recipient) and records the
 * answer for each. */
static int deliver(struct send *sd, const dd_reminder *rows, size_t n,
                   const char *subject, const char *body, const char *ics,
                   const char *mid) {
  struct plan *p = sd->plan;
  const dd_notify_options *opt = sd->opt;
  dd_notify_summary *sum = p->sum;
  const dd_mail_config *mc = dd_config_mail(p->cfg);
  dd_smtp_result res = {0};
  dd_notify_outcome outcome;
  time_t next = 0;
  int err = DD_OK;
  if (opt->dry_run) {
    outcome = DD_NOTIFY_WOULD_SEND;
  } else if (sd->unreachable) {
    outcome = DD_NOTIFY_UNSENT;
    res.outcome = DD_SMTP_UNREACHABLE;
    snprintf(res.text, sizeof res.text, "not tried: server unreachable");
  } else {
    char from[320];
    snprintf(from, sizeof from, "%s <%s>", mc->from_name, mc->from);
    int offset = dd_london_offset(opt->now);
    dd_mail mail = {.from = from,
                    .to = rows[0].recipient,
                    .subject = subject,
                    .message_id = mid,
                    .date = opt->now,
                    .utc_offset = offset,
                    .body = body,
                    .calendar = ics,
                    .calendar_name = n == 1 ? "deadline.ics" : "deadlines.ics"};
    size_t len;
    errno = 0;
    char *text = dd_mail_format(&mail, &len);
    if (text == NULL && errno != EINVAL)
      return dd_diag_set(p->diag, DD_ENOMEM, "out of memory");
    if (text == NULL) {
      /* An address that is not one (the register takes what it is given):
       * that recipient's failure, not the pass's. */
      res.outcome = DD_SMTP_PERMANENT;
      snprintf(res.text, sizeof res.text,
               "not an address dueday can send to: \"%.200s\"",
               rows[0].recipient);
    } else {
      dd_smtp_send(opt->smtp, rows[0].recipient, text, len, &res);
      free(text);
    }
    struct timespec accepted, recorded;
    clock_gettime(CLOCK_MONOTONIC, &accepted);
    switch (res.outcome) {
    case DD_SMTP_ACCEPTED:
      outcome = DD_NOTIFY_SENT;
      /* One transaction for a digest's rows: all recorded, or none. */
      if (n > 1)
        err = dd_store_begin(p->st, p->diag);
      for (size_t i = 0; i < n && err == DD_OK; i++)
        err = dd_ledger_sent(p->st, rows[i].id, mid, res.code, p->diag);
      if (n > 1)
        err = err == DD_OK ? dd_store_commit(p->st, p->diag)
                           : (dd_store_rollback(p->st), err);
      clock_gettime(CLOCK_MONOTONIC, &recorded);
      double ms = ms_between(&accepted, &recorded);
      sum->accept_to_record_total_ms += ms;
      if (ms > sum->accept_to_record_max_ms)
        sum->accept_to_record_max_ms = ms;
      break;
    case DD_SMTP_TEMPORARY:
      outcome = DD_NOTIFY_DEFERRED;
      break;
    case DD_SMTP_PERMANENT:
      outcome = DD_NOTIFY_FAILED;
      break;
    case DD_SMTP_UNREACHABLE:
    default:
      outcome = DD_NOTIFY_UNSENT;
      sd->unreachable = true;
      break;
    }
    for (size_t i = 0; i < n && err == DD_OK; i++) {
      if (outcome == DD_NOTIFY_DEFERRED &&
          rows[i].attempts + 1 >= MAX_ATTEMPTS) {
        outcome = DD_NOTIFY_FAILED;
        char last[sizeof res.text];
        memcpy(last, res.text, sizeof last);
        snprintf(res.text, sizeof res.text,
                 "gave up after %d temporary failures; last: %.180s",
                 rows[i].attempts + 1, last);
      }
      if (outcome == DD_NOTIFY_DEFERRED) {
        next = opt->now + backoff(rows[i].attempts);
        err = dd_ledger_retry(p->st, rows[i].id, next, res.code, res.text,
                              p->diag);
      } else if (outcome == DD_NOTIFY_FAILED) {
        err = dd_ledger_failed(p->st, rows[i].id, res.code, res.text, p->diag);
      } else if (outcome == DD_NOTIFY_UNSENT && i == 0) {
        /* Count the attempt on the message that found the server down;
         * the next pass tries it at once, no backoff: it was not refused. */
        err =
            dd_ledger_retry(p->st, rows[i].id, 0, res.code, res.text, p->diag);
      }
    }
  }
  size_t *count = outcome == DD_NOTIFY_SENT         ? &sum->sent
                  : outcome == DD_NOTIFY_WOULD_SEND ? &sum->would_send
                  : outcome == DD_NOTIFY_DEFERRED   ? &sum->deferred
                  : outcome == DD_NOTIFY_FAILED     ? &sum->failed
                                                    : &sum->unsent;
  *count += n;
  for (size_t i = 0; i < n && opt->report != NULL; i++) {
    dd_notify_report rep = {.outcome = outcome,
                            .reminder = &rows[i],
                            .subject = n == 1 ? subject : sd->subjects[i],
                            .result = opt->dry_run ? NULL : &res,
                            .next_attempt = next};
    opt->report(&rep, opt->arg);
  }
  return err;
}

/* The subject and body of one row, or DD_ENOTFOUND when the milestone no
 * longer calls for it (the row is then stopped). */
static int compose(struct send *sd, const dd_reminder *r, char **subject,
                   char **body, const dd_milestone **milestone) {
  struct plan *p = sd->plan;
  *subject = *body = NULL;
  int err = load_visit(sd, r->visit_id);
  if (err != DD_OK && err != DD_ENOTFOUND)
    return err;
  const dd_milestone *m =
      err == DD_OK ? dd_schedule_find(&sd->loaded.schedule, r->milestone)
                   : NULL;
  char due[32];
  if (m != NULL)
    due_text(m, due, sizeof due);
  /* Between the plan and now, nothing changes in this process; but a row
   * deferred on an earlier pass may be about a date that has since moved
   * or a milestone since done: the plan has superseded those, so this is
   * only a guard. */
  if (m == NULL || !dd_remind_active(m) || strcmp(due, r->due) != 0) {
    if (!sd->opt->dry_run &&
        (err = dd_ledger_close_pending(p->st, r->visit_id, r->milestone,
                                       r->recipient, "stopped", NULL,
                                       p->diag)) != DD_OK)
      return err;
    return DD_ENOTFOUND;
  }
  dd_threshold t;
  if (dd_threshold_parse(r->threshold, &t) != DD_OK)
    t = (dd_threshold){DD_THRESHOLD_BEFORE, 0};
  int wd = working_days_to(&sd->loaded, m, p->today);
  char s[512];
  *subject =
      dd__strdup(dd_remind_subject(t, &sd->loaded.visit, m, wd, s, sizeof s));
  *body = reminder_text(&sd->loaded, m, r, wd);
  *milestone = m;
  if (*subject == NULL || *body == NULL) {
    free(*subject);
    free(*body);
    return dd_diag_set(p->diag, DD_ENOMEM, "out of memory");
  }
  return DD_OK;
}

static const char footer[] =
    "\n-- \nSent by dueday, which reminds of each deadline a set number of "
    "working days before it (weekends and bank holidays are not working "
    "days) and once when it is overdue. The attachment adds the "
    "deadline to your calendar.\n";

/* compose, for a row that is to be tried: DD_ENOTFOUND (counted) when it
 * is not, because the server was not reached (the rest wait for the next
 * pass, counted but not written or reported one by one) or the milestone no
 * longer calls for it. */
static int compose_to_send(struct send *sd, const dd_reminder *r,
                           char **subject, char **body,
                           const dd_milestone **m) {
  if (sd->unreachable && sd->nrows == 0) {
    sd->plan->sum->unsent++;
    return DD_ENOTFOUND;
  }
  int err = compose(sd, r, subject, body, m);
  if (err == DD_ENOTFOUND)
    sd->plan->sum->stopped++;
  return err;
}

static int send_one(const dd_reminder *r, void *arg) {
  struct send *sd = arg;
  char *subject, *body;
  const dd_milestone *m;
  int err = compose_to_send(sd, r, &subject, &body, &m);
  if (err != DD_OK)
    return err == DD_ENOTFOUND ? DD_OK : err;
  char key[1024], mid[160];
  row_key(r, key, sizeof key);
  message_id(key, dd_config_mail(sd->plan->cfg)->from, mid, sizeof mid);
  size_t blen = strlen(body);
  char *ics = NULL;
  bool ok = append(&body, &blen, "%s", footer);
  if (ok && !sd->opt->dry_run) {
    dd_ics_feed *f = NULL;
    ok = dd_ics_feed_new("dueday reminder", 60, sd->opt->now, &f, NULL) ==
             DD_OK &&
         add_event(sd, f, m) == DD_OK;
    if (ok) {
      ics = dd_ics_feed_finish(f, NULL); /* frees f */
      f = NULL;
      ok = ics != NULL;
    }
    dd_ics_feed_free(f);
  }
  err = ok ? deliver(sd, r, 1, subject, body, ics, mid)
           : dd_diag_set(sd->plan->diag, DD_ENOMEM, "out of memory");
  free(ics);
  free(subject);
  free(body);
  return err;
}

/* ---- digests ------------------------------------------------------------- */

static void digest_clear(struct send *sd) {
  for (size_t i = 0; i < sd->nrows; i++) {
    dd_reminder_clear(&sd->rows[i]);
    free(sd->subjects[i]);
    free(sd->bodies[i]);
  }
  sd->nrows = 0;
  dd_ics_feed_free(sd->calendar);
  sd->calendar = NULL;
}

/* Sends the gathered rows as one message. */
static int flush_digest(struct send *sd) {
  if (sd->nrows == 0)
    return DD_OK;
  struct plan *p = sd->plan;
  char *body = NULL, *keys = NULL, subject[160], day[DD_DATE_BUFSIZE];
  size_t blen = 0, klen = 0;
  bool ok =
      append(&body, &blen, "%zu deadline%s need%s attention:\n\n", sd->nrows,
             sd->nrows == 1 ? "" : "s", sd->nrows == 1 ? "s" : "");
  for (size_t i = 0; ok && i < sd->nrows; i++)
    ok = append(&body, &blen, "  - %s\n", sd->subjects[i]);
  for (size_t i = 0; ok && i < sd->nrows; i++) {
    char key[1024];
    row_key(&sd->rows[i], key, sizeof key);
    ok = append(&body, &blen, "\n%s\n", sd->bodies[i]) &&
         append(&keys, &klen, "%s\x1e", key);
  }
  ok = ok && append(&body, &blen, "%s", footer);
  snprintf(subject, sizeof subject, "dueday: %zu deadline%s for %s %s",
           sd->nrows, sd->nrows == 1 ? "" : "s",
           dd_weekday_abbrev(dd_date_weekday(p->today)),
           dd_date_format(p->today, day));
  char *ics = NULL;
  if (ok && sd->calendar != NULL) {
    ics = dd_ics_feed_finish(sd->calendar, NULL);
    sd->calendar = NULL;
    ok = ics != NULL;
  }
  char mid[160];
  if (ok)
    message_id(keys, dd_config_mail(p->cfg)->from, mid, sizeof mid);
  int err = ok ? deliver(sd, sd->rows, sd->nrows, subject, body, ics, mid)
               : dd_diag_set(p->diag, DD_ENOMEM, "out of memory");
  free(ics);
  free(body);
  free(keys);
  digest_clear(sd);
  return err;
}

static int gather(const dd_reminder *r, void *arg) {
  struct send *sd = arg;
  if (sd->nrows > 0 && strcmp(sd->rows[0].recipient, r->recipient) != 0) {
    int err = flush_digest(sd);
    if (err != DD_OK)
      return err;
  }
  char *subject, *body;
  const dd_milestone *m;
  int err = compose_to_send(sd, r, &subject, &body, &m);
  if (err != DD_OK)
    return err == DD_ENOTFOUND ? DD_OK : err;
  if (sd->nrows == sd->caprows) {
    size_t cap = sd->caprows ? 2 * sd->caprows : 16;
    dd_reminder *rows = realloc(sd->rows, cap * sizeof *rows);
    char **subjects =
        rows ? realloc(sd->subjects, cap * sizeof *subjects) : NULL;
    char **bodies = subjects ? realloc(sd->bodies, cap * sizeof *bodies) : NULL;
    if (rows != NULL)
      sd->rows = rows;
    if (subjects != NULL)
      sd->subjects = subjects;
    if (bodies == NULL) {
      free(subject);
      free(body);
      return dd_diag_set(sd->plan->diag, DD_ENOMEM, "out of memory");
    }
    sd->bodies = bodies;
    sd->caprows = cap;
  }
  if (dd_reminder_copy(r, &sd->rows[sd->nrows]) != DD_OK) {
    free(subject);
    free(body);
    return dd_diag_set(sd->plan->diag, DD_ENOMEM, "out of memory");
  }
  sd->subjects[sd->nrows] = subject;
  sd->bodies[sd->nrows] = body;
  sd->nrows++;
  /* The milestone goes into the digest's calendar now, while its visit is
   * the one loaded. */
  if (sd->opt->dry_run)
    return DD_OK;
  if ((sd->calendar == NULL &&
       dd_ics_feed_new("dueday reminders", 60, sd->opt->now, &sd->calendar,
                       sd->plan->diag) != DD_OK) ||
      add_event(sd, sd->calendar, m) != DD_OK)
    return dd_diag_set(sd->plan->diag, DD_ENOMEM, "out of memory");
  return DD_OK;
}

/* ---- the pass ------------------------------------------------------------ */

/* The next sending time after now: send_at on a working day. */
static time_t next_window(const dd_calendar *cal, dd_date today, int minutes,
                          int send_at) {
  dd_date day = today;
  if (!dd_calendar_is_working(cal, today, NULL) || minutes >= send_at)
    dd_calendar_add(cal, today, 1, &day);
  return dd_london_instant(day, send_at);
}

int dd_notify_run(dd_store *st, dd_planner *planner,
                  const dd_notify_options *opt, dd_notify_summary *sum,
                  dd_diag *diag) {
  memset(sum, 0, sizeof *sum);
  struct plan p = {.st = st,
                   .planner = planner,
                   .cfg = opt->cfg,
                   .policy = dd_config_reminders(opt->cfg),
                   .sum = sum,
                   .diag = diag};
  dd_london_local(opt->now, &p.today, &p.minutes);
  const dd_calendar *cal;
  int err = dd_planner_calendar(planner, dd_config_calendar(opt->cfg)->division,
                                &cal, diag);
  if (err != DD_OK)
    return err;
  /* Reminders go out at the policy's hour on working days; a pass at any
   * other time does nothing, and the next one in hours catches up. */
  sum->in_hours = dd_calendar_is_working(cal, p.today, NULL) &&
                  p.minutes >= p.policy->send_at;
  if (!sum->in_hours) {
    sum->next_window = next_window(cal, p.today, p.minutes, p.policy->send_at);
    return DD_OK;
  }
  if ((err = dd_ledger_marks_each(st, add_mark, &p.marks, diag)) != DD_OK) {
    marks_free(&p.marks);
    return err == DD_ENOMEM ? dd_diag_set(diag, err, "out of memory") : err;
  }
  if ((err = dd_store_begin(st, diag)) != DD_OK) {
    marks_free(&p.marks);
    return err;
  }
  err = dd_store_visits_each(st, NULL, plan_visit, &p, diag);
  marks_free(&p.marks);
  /* The plan lands whole before anything is sent; a dry run keeps it open
   * to show what it would send, and then forgets it. */
  if (err == DD_OK && !opt->dry_run)
    err = dd_store_commit(st, diag);
  if (err != DD_OK) {
    dd_store_rollback(st);
    return err;
  }
  struct send sd = {.plan = &p, .opt = opt};
  bool digest = p.policy->digest;
  err = dd_ledger_due_each(st, opt->now, digest, digest ? gather : send_one,
                           &sd, diag);
  if (err == DD_OK && digest)
    err = flush_digest(&sd);
  digest_clear(&sd);
  free(sd.rows);
  free(sd.subjects);
  free(sd.bodies);
  loaded_clear(&sd.loaded);
  if (opt->dry_run)
    dd_store_rollback(st);
  return err;
}
