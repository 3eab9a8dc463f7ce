/* The delivery step of a reminder pass: the ledger's pending messages, due
 * now, are checked against the register, written (notify_text.c), handed to
 * the mail server one by one, and each answer recorded the moment it comes,
 * so that a pass killed anywhere leaves the ledger true (a message the
 * server accepted in the instant before the kill is the one exception: it
 * is sent again, with the same Message-ID). */
#include "notify_deliver.h"

#include "buf.h"
#include "feed_state.h"
#include "ledger.h"
#include "mail.h"
#include "notify_plan.h"
#include "notify_text.h"
#include "prefs_index.h"
#include "reminder.h"
#include "smtp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

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
  dd_store *st;
  dd_planner *planner;
  const dd_notify_options *opt;
  dd_date today;
  dd_notify_summary *sum;
  dd_diag *diag;
  struct loaded loaded;
  dd__prefs_index prefs; /* who chose a digest or is away */
  bool unreachable;      /* stop trying this pass */
  /* A digest being gathered: rows of one recipient. */
  dd_reminder *rows;
  char **subjects, **bodies;
  size_t nrows, caprows;
  dd_ics_feed *calendar; /* their milestones, added as they are gathered */
};

/* ---- the register's side of a row ---------------------------------------- */

static void loaded_clear(struct loaded *l) {
  if (l->visit.id != NULL) {
    dd_schedule_clear(&l->schedule);
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
  int err = dd_store_visit_get(sd->st, id, &l->visit, &l->events, &l->nevents,
                               sd->diag);
  if (err != DD_OK)
    return err;
  l->ok = dd_planner_visit_calendar(sd->planner, &l->visit, &l->cal, NULL) ==
              DD_OK &&
          dd_planner_schedule(sd->planner, &l->visit, l->events, l->nevents,
                              sd->today, &l->schedule, NULL) == DD_OK;
  return l->ok ? DD_OK : DD_ENOTFOUND;
}

/* Whom the row's recipient gets it for: someone it was meant for (by the
 * policy) who is away today, when the recipient is the visit's RIM who
 * stands in for them (notify_plan.c). Into it->covering, or left NULL. */
static void covering(const struct send *sd, const dd_reminder *r,
                     const dd_milestone *m, dd_notify_item *it) {
  dd_threshold t;
  if (sd->prefs.n == 0 || dd_threshold_parse(r->threshold, &t) != DD_OK ||
      t.kind == DD_THRESHOLD_CHANGED)
    return;
  const dd_remind_policy *policy = dd_config_reminders(sd->opt->cfg);
  const dd_visit *v = &sd->loaded.visit;
  const char *rim = dd_remind_rim(policy, v);
  if (rim == NULL || strcasecmp(rim, r->recipient) != 0)
    return;
  const char *to[16];
  size_t nto = dd_remind_recipients(policy, v, m->rule, t, to, 16);
  for (size_t i = 0; i < nto; i++) {
    const dd_remind_prefs *prefs = dd__prefs_find(&sd->prefs, to[i]);
    if (strcasecmp(to[i], rim) != 0 && prefs != NULL &&
        dd_remind_prefs_away_on(prefs, sd->today)) {
      it->covering = to[i];
      it->covering_until = prefs->away_to;
      return;
    }
  }
}

/* Where the web pages are, for a link to the visit's: web.base_url, when
 * the server serves pages (any auth but "off"). */
static const char *pages_url(const dd_config *cfg) {
  const dd_web_config *w = dd_config_web(cfg);
  return w != NULL && w->auth != DD_WEB_AUTH_OFF ? w->base_url : NULL;
}

/* The row's reminder with what its words are made of, or DD_ENOTFOUND when
 * the milestone no longer calls for it (the row is then stopped). */
static int row_item(struct send *sd, const dd_reminder *r, dd_notify_item *it) {
  int err = load_visit(sd, r->visit_id);
  if (err != DD_OK && err != DD_ENOTFOUND)
    return err;
  const dd_milestone *m =
      err == DD_OK ? dd_schedule_find(&sd->loaded.schedule, r->milestone)
                   : NULL;
  char due[32];
  if (m != NULL)
    dd__notify_due_text(m, due, sizeof due);
  /* Between the plan and now, nothing changes in this process; but a row
   * deferred on an earlier pass may be about a date that has since moved
   * or a milestone since done: the plan has superseded those, so this is
   * only a guard. */
  if (m == NULL || !dd_remind_active(m) || strcmp(due, r->due) != 0) {
    if (!sd->opt->dry_run &&
        (err = dd_ledger_close_pending(sd->st, r->visit_id, r->milestone,
                                       r->recipient, "stopped", NULL,
                                       sd->diag)) != DD_OK)
      return err;
    return DD_ENOTFOUND;
  }
  int wd = 0;
  dd_calendar_count(sd->loaded.cal, sd->today, m->due, &wd);
  *it = (dd_notify_item){.row = r,
                         .visit = &sd->loaded.visit,
                         .schedule = &sd->loaded.schedule,
                         .milestone = m,
                         .working_days = wd,
                         .pages_url = pages_url(sd->opt->cfg)};
  covering(sd, r, m, it);
  /* The attachment's SEQUENCE, as the feeds have it (0 when no feed has
   * published the milestone); a dry run writes no attachment. */
  if (!sd->opt->dry_run)
    dd_store_feed_state(sd->st, sd->loaded.visit.id, m->rule->id, NULL,
                        &it->sequence, NULL, 0, NULL);
  return DD_OK;
}

/* Whether today is a working day of the loaded visit's division. The plan
 * queues nothing for a visit on its own bank holiday (notify_plan.c); a
 * row deferred on an earlier pass waits too, for the visit's next working
 * day, rather than go out on Easter Monday in England. */
static bool visit_sending_day(const struct send *sd) {
  return dd_calendar_is_working(sd->loaded.cal, sd->today, NULL);
}

/* row_item, for a row that is to be tried: DD_ENOTFOUND (counted) when it
 * is not, because the server was not reached (the rest wait for the next
 * pass, counted but not written or reported one by one) or the milestone no
 * longer calls for it. */
static int item_to_send(struct send *sd, const dd_reminder *r,
                        dd_notify_item *it) {
  if (sd->unreachable && sd->nrows == 0) {
    sd->sum->unsent++;
    return DD_ENOTFOUND;
  }
  int err = row_item(sd, r, it);
  if (err == DD_ENOTFOUND)
    sd->sum->stopped++;
  else if (err == DD_OK && !visit_sending_day(sd))
    return DD_ENOTFOUND; /* left pending, not counted */
  return err;
}

/* ---- one message to the server and its answer into the ledger ------------ */

/* Backoff for a temporary failure: 15 minutes, doubling, at most 4 hours
 * (a timer runs the pass every 15 minutes). */
static time_t backoff(int attempts) {
  time_t wait = 15 * 60;
  for (int i = 0; i < attempts && wait < 4 * 3600; i++)
    wait *= 2;
  return wait < 4 * 3600 ? wait : 4 * 3600;
}

static double ms_between(const struct timespec *a, const struct timespec *b) {
  return (double)(b->tv_sec - a->tv_sec) * 1e3 +
         (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

/* Writes msg for to and, unless this is a dry run, hands it to the
 * server; *res gets the answer. An address that cannot be sent to is the
 * recipient's failure, answered here as the server would a 5xx, and in a
 * dry run too: it must not say "would send" to an address the real pass
 * refuses. A dry run that passes the check gets DD_SMTP_ACCEPTED, nothing
 * written or sent (the sender may not be configured yet). DD_OK, or
 * DD_ENOMEM. */
static int hand_over(struct send *sd, const char *to,
                     const dd_notify_message *msg, dd_smtp_result *res) {
  /* The register takes what it is given; dd_smtp_send takes only a bare
   * address (and the header writer no less), so that is the check. */
  if (!dd_mail_address_valid(to)) {
    res->outcome = DD_SMTP_PERMANENT;
    snprintf(res->text, sizeof res->text,
             "not an address dueday can send to: \"%.*s\"",
             (int)dd__utf8_cut(to, strlen(to), 200), to);
    return DD_OK;
  }
  if (sd->opt->dry_run) {
    res->outcome = DD_SMTP_ACCEPTED;
    return DD_OK;
  }
  char *text;
  size_t len;
  int err = dd__notify_mail(msg, to, dd_config_mail(sd->opt->cfg), sd->opt->now,
                            &text, &len, NULL);
  if (err == DD_ENOMEM)
    return dd_diag_set(sd->diag, DD_ENOMEM, "out of memory");
  if (err != DD_OK) {
    res->outcome = DD_SMTP_PERMANENT;
    snprintf(res->text, sizeof res->text,
             "not an address dueday can send to: \"%.*s\"",
             (int)dd__utf8_cut(to, strlen(to), 200), to);
    return DD_OK;
  }
  dd_smtp_send(sd->opt->smtp, to, text, len, res);
  free(text);
  return DD_OK;
}

/* What the server's answer means for the message; an unreachable server
 * ends the trying for this pass. */
static dd_notify_outcome outcome_of(struct send *sd,
                                    const dd_smtp_result *res) {
  switch (res->outcome) {
  case DD_SMTP_ACCEPTED:
    return DD_NOTIFY_SENT;
  case DD_SMTP_TEMPORARY:
    return DD_NOTIFY_DEFERRED;
  case DD_SMTP_PERMANENT:
    return DD_NOTIFY_FAILED;
  case DD_SMTP_UNREACHABLE:
  default:
    sd->unreachable = true;
    return DD_NOTIFY_UNSENT;
  }
}

/* Marks the rows sent, a digest's in one transaction (all recorded, or
 * none), and times the gap between the server's acceptance and the record:
 * the window in which a kill means the message goes again. */
static int record_sent(struct send *sd, const dd_reminder *rows, size_t n,
                       const char *mid, int code) {
  struct timespec accepted, recorded;
  clock_gettime(CLOCK_MONOTONIC, &accepted);
  int err = DD_OK;
  if (n > 1)
    err = dd_store_begin(sd->st, sd->diag);
  for (size_t i = 0; i < n && err == DD_OK; i++)
    err = dd_ledger_sent(sd->st, rows[i].id, mid, code, sd->diag);
  if (n > 1)
    err = err == DD_OK ? dd_store_commit(sd->st, sd->diag)
                       : (dd_store_rollback(sd->st), err);
  clock_gettime(CLOCK_MONOTONIC, &recorded);
  double ms = ms_between(&accepted, &recorded);
  sd->sum->accept_to_record_total_ms += ms;
  if (ms > sd->sum->accept_to_record_max_ms)
    sd->sum->accept_to_record_max_ms = ms;
  return err;
}

/* Records a refusal or an unreachable server for the rows: a 4xx is tried
 * again after a backoff (*next), until DD_NOTIFY_MAX_ATTEMPTS make it a
 * failure (*outcome and res's text say so); a 5xx fails; an unreachable
 * server counts an attempt on the first row only. */
static int record_unsent(struct send *sd, const dd_reminder *rows, size_t n,
                         dd_notify_outcome *outcome, dd_smtp_result *res,
                         time_t *next) {
  int err = DD_OK;
  for (size_t i = 0; i < n && err == DD_OK; i++) {
    if (*outcome == DD_NOTIFY_DEFERRED &&
        rows[i].attempts + 1 >= DD_NOTIFY_MAX_ATTEMPTS) {
      *outcome = DD_NOTIFY_FAILED;
      char last[sizeof res->text];
      memcpy(last, res->text, sizeof last);
      snprintf(res->text, sizeof res->text,
               "gave up after %d temporary failures; last: %.180s",
               rows[i].attempts + 1, last);
    }
    if (*outcome == DD_NOTIFY_DEFERRED) {
      *next = sd->opt->now + backoff(rows[i].attempts);
      err = dd_ledger_retry(sd->st, rows[i].id, *next, res->code, res->text,
                            sd->diag);
    } else if (*outcome == DD_NOTIFY_FAILED) {
      err =
          dd_ledger_failed(sd->st, rows[i].id, res->code, res->text, sd->diag);
    } else if (*outcome == DD_NOTIFY_UNSENT && i == 0) {
      /* Count the attempt on the message that found the server down;
       * the next pass tries it at once, no backoff: it was not refused. */
      err = dd_ledger_retry(sd->st, rows[i].id, 0, res->code, res->text,
                            sd->diag);
    }
  }
  return err;
}

/* Counts the rows under outcome and reports each; subjects are a digest's
 * (its rows' own), NULL for a single message. */
static void report(struct send *sd, const dd_reminder *rows, size_t n,
                   dd_notify_outcome outcome, const char *subject,
                   char *const *subjects, const dd_smtp_result *res,
                   time_t next) {
  dd_notify_summary *sum = sd->sum;
  size_t *count = outcome == DD_NOTIFY_SENT         ? &sum->sent
                  : outcome == DD_NOTIFY_WOULD_SEND ? &sum->would_send
                  : outcome == DD_NOTIFY_DEFERRED   ? &sum->deferred
                  : outcome == DD_NOTIFY_FAILED     ? &sum->failed
                                                    : &sum->unsent;
  *count += n;
  const dd_notify_options *opt = sd->opt;
  for (size_t i = 0; i < n && opt->report != NULL; i++) {
    dd_notify_report rep = {.outcome = outcome,
                            .reminder = &rows[i],
                            .subject = n == 1 ? subject : subjects[i],
                            .result = res,
                            .next_attempt = next};
    opt->report(&rep, opt->arg);
  }
}

/* Sends msg for rows (all to one recipient; a digest's subjects apart),
 * records the answer for each, counts and reports them. */
static int deliver(struct send *sd, const dd_reminder *rows, size_t n,
                   const dd_notify_message *msg, char *const *subjects) {
  dd_smtp_result res = {0};
  dd_notify_outcome outcome = DD_NOTIFY_WOULD_SEND;
  time_t next = 0;
  int err = DD_OK;
  if (sd->opt->dry_run) {
    /* The same check as the real pass, and nothing recorded: a refused
     * address is reported as failed, with the reason. */
    if ((err = hand_over(sd, rows[0].recipient, msg, &res)) != DD_OK)
      return err;
    bool refused = res.outcome != DD_SMTP_ACCEPTED;
    report(sd, rows, n, refused ? DD_NOTIFY_FAILED : outcome, msg->subject,
           subjects, refused ? &res : NULL, next);
    return DD_OK;
  }
  if (sd->unreachable) {
    /* Not tried, and not recorded: the next pass tries it at once. */
    res.outcome = DD_SMTP_UNREACHABLE;
    snprintf(res.text, sizeof res.text, "not tried: server unreachable");
    outcome = DD_NOTIFY_UNSENT;
  } else {
    if ((err = hand_over(sd, rows[0].recipient, msg, &res)) != DD_OK)
      return err;
    outcome = outcome_of(sd, &res);
    err = outcome == DD_NOTIFY_SENT
              ? record_sent(sd, rows, n, msg->message_id, res.code)
              : record_unsent(sd, rows, n, &outcome, &res, &next);
  }
  report(sd, rows, n, outcome, msg->subject, subjects, &res, next);
  return err;
}

/* ---- a message per row --------------------------------------------------- */

static int send_one(const dd_reminder *r, void *arg) {
  struct send *sd = arg;
  dd_notify_item it;
  int err = item_to_send(sd, r, &it);
  if (err != DD_OK)
    return err == DD_ENOTFOUND ? DD_OK : err;
  dd_notify_message msg;
  err = dd__notify_single(&it, dd_config_mail(sd->opt->cfg)->from, sd->opt->now,
                          !sd->opt->dry_run, &msg, sd->diag);
  if (err == DD_OK)
    err = deliver(sd, r, 1, &msg, NULL);
  dd__notify_message_clear(&msg);
  return err;
}

/* ---- a message per recipient (digests) ----------------------------------- */

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
  dd_ics_feed *calendar = sd->calendar;
  sd->calendar = NULL; /* the digest consumes it */
  dd_notify_message msg;
  int err = dd__notify_digest(sd->rows, sd->subjects, sd->bodies, sd->nrows,
                              sd->today, dd_config_mail(sd->opt->cfg)->from,
                              calendar, &msg, sd->diag);
  if (err == DD_OK)
    err = deliver(sd, sd->rows, sd->nrows, &msg, sd->subjects);
  dd__notify_message_clear(&msg);
  digest_clear(sd);
  return err;
}

/* Room for one more gathered row. */
static bool digest_grow(struct send *sd) {
  if (sd->nrows < sd->caprows)
    return true;
  size_t cap = sd->caprows ? 2 * sd->caprows : 16;
  dd_reminder *rows = realloc(sd->rows, cap * sizeof *rows);
  if (rows == NULL)
    return false;
  sd->rows = rows;
  char **subjects = realloc(sd->subjects, cap * sizeof *subjects);
  if (subjects == NULL)
    return false;
  sd->subjects = subjects;
  char **bodies = realloc(sd->bodies, cap * sizeof *bodies);
  if (bodies == NULL)
    return false;
  sd->bodies = bodies;
  sd->caprows = cap;
  return true;
}

/* Whether recipient gets a digest: their own choice, else the policy's. */
static bool wants_digest(const struct send *sd, const char *recipient) {
  const dd_remind_prefs *prefs = dd__prefs_find(&sd->prefs, recipient);
  return prefs != NULL ? prefs->digest
                       : dd_config_reminders(sd->opt->cfg)->digest;
}

static int gather(const dd_reminder *r, void *arg) {
  struct send *sd = arg;
  if (sd->nrows > 0 && strcmp(sd->rows[0].recipient, r->recipient) != 0) {
    int err = flush_digest(sd);
    if (err != DD_OK)
      return err;
  }
  /* Rows come by recipient: one who chose a message each gets that, in a
   * pass where others get digests. */
  if (!wants_digest(sd, r->recipient))
    return send_one(r, arg);
  dd_notify_item it;
  int err = item_to_send(sd, r, &it);
  if (err != DD_OK)
    return err == DD_ENOTFOUND ? DD_OK : err;
  char *subject, *body;
  if ((err = dd__notify_item_text(&it, &subject, &body, sd->diag)) != DD_OK)
    return err;
  if (!digest_grow(sd) || dd_reminder_copy(r, &sd->rows[sd->nrows]) != DD_OK) {
    free(subject);
    free(body);
    return dd_diag_set(sd->diag, DD_ENOMEM, "out of memory");
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
                       sd->diag) != DD_OK) ||
      dd__notify_add_event(sd->calendar, &it, sd->diag) != DD_OK)
    return dd_diag_set(sd->diag, DD_ENOMEM, "out of memory");
  return DD_OK;
}

/* ---- the step ------------------------------------------------------------ */

int dd__notify_deliver(dd_store *st, dd_planner *planner,
                       const dd_notify_options *opt, dd_date today,
                       dd_notify_summary *sum, dd_diag *diag) {
  struct send sd = {.st = st,
                    .planner = planner,
                    .opt = opt,
                    .today = today,
                    .sum = sum,
                    .diag = diag};
  int err = dd__prefs_index_load(st, &sd.prefs, diag);
  if (err != DD_OK)
    return err;
  /* Digests are gathered by recipient; with no digest anywhere, rows go in
   * the order they were queued, as they always have. */
  bool digest = dd_config_reminders(opt->cfg)->digest || sd.prefs.any_digest;
  err = dd_ledger_due_each(st, opt->now, digest, digest ? gather : send_one,
                           &sd, diag);
  if (err == DD_OK && digest)
    err = flush_digest(&sd);
  digest_clear(&sd);
  dd__prefs_index_free(&sd.prefs);
  free(sd.rows);
  free(sd.subjects);
  free(sd.bodies);
  loaded_clear(&sd.loaded);
  return err;
}
