/* One reminder pass (dueday notify): plan what the policy says is due now
 * into the ledger, in one transaction, then hand each queued message to the
 * mail server, recording each answer as it comes. A pass killed at any
 * point loses nothing: what was queued is in the ledger, and a message is
 * marked sent only once the server has accepted it. */
#ifndef DUEDAY_NOTIFY_H
#define DUEDAY_NOTIFY_H

#include "dueday/config.h"
#include "dueday/planner.h"
#include "dueday/store.h"
#include "ledger.h"
#include "smtp.h"

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

typedef enum dd_notify_outcome {
  DD_NOTIFY_SENT,       /* the server accepted it */
  DD_NOTIFY_WOULD_SEND, /* a dry run */
  DD_NOTIFY_DEFERRED,   /* a 4xx: tried again on a later pass */
  DD_NOTIFY_FAILED,     /* a 5xx for this recipient, or too many 4xx */
  DD_NOTIFY_UNSENT,     /* the server could not be reached: next pass */
  DD_NOTIFY_STOPPED     /* the milestone was done or cancelled meanwhile */
} dd_notify_outcome;

/* "sent", "would send", "deferred", "failed", "unsent", "stopped". */
const char *dd_notify_outcome_name(dd_notify_outcome o);

/* What happened to one message (a digest reports each of its reminders). */
typedef struct dd_notify_report {
  dd_notify_outcome outcome;
  const dd_reminder *reminder;
  const char *subject;
  const dd_smtp_result *result; /* NULL for would-send and stopped */
  time_t next_attempt;          /* deferred: not before */
} dd_notify_report;

typedef struct dd_notify_options {
  time_t now;
  bool dry_run; /* plan and show, but change and send nothing */
  const dd_config *cfg;
  dd_smtp *smtp; /* the session to send through; NULL for a dry run */
  /* Called for every message tried (and, in a dry run, each one that
   * would be); may be NULL. */
  void (*report)(const dd_notify_report *r, void *arg);
  /* Called for every visit planned despite a change of calendar or rules
   * (text is its dd_schedule.warning), or that cannot be planned at all
   * (planned false, text the reason), so that no visit leaves the reminders
   * without a word; may be NULL. Both strings are borrowed for the call. */
  void (*warning)(const char *visit_id, const char *text, bool planned,
                  void *arg);
  void *arg;
} dd_notify_options;

typedef struct dd_notify_summary {
  bool in_hours;      /* false: not a sending time, nothing was done */
  time_t next_window; /* when !in_hours: the next sending time */
  size_t visits;      /* visits planned */
  size_t warned;     /* of the register's visits: with a warning or unplanned */
  size_t queued;     /* reminders queued by this pass */
  size_t changed;    /* of which "date changed" messages */
  size_t superseded; /* queued earlier, replaced by a more urgent one */
  size_t stopped;    /* queued earlier, milestone since done or cancelled */
  /* Milestones with a reminder due and nobody to send it to (a visit with
   * no inspector or RIM address): not sent, and not silently. */
  size_t unaddressed;
  size_t sent, would_send, deferred, failed, unsent;
  /* Between the server's acceptance and the ledger's record of it: the
   * window in which a kill means the message is sent again. */
  double accept_to_record_max_ms, accept_to_record_total_ms;
} dd_notify_summary;

/* One pass as of opt->now. Returns DD_OK when the pass ran to its end,
 * whatever the server answered (see the summary); DD_EIO etc. for a
 * register or configuration failure. */
int dd_notify_run(dd_store *st, dd_planner *planner,
                  const dd_notify_options *opt, dd_notify_summary *sum,
                  dd_diag *diag);

#endif
