/* Private to the service library: the words of a reminder pass (notify.h).
 * The subject and body of one reminder, the message that carries it alone
 * or in a recipient's digest, its calendar attachment and its Message-ID,
 * and the message as RFC 5322 text. Pure: everything it needs is handed in
 * (no register, no network), and the same input gives the same bytes. */
#ifndef DUEDAY_SRC_SERVICE_NOTIFY_TEXT_H
#define DUEDAY_SRC_SERVICE_NOTIFY_TEXT_H

#include "dueday/config.h"
#include "dueday/date.h"
#include "dueday/error.h"
#include "dueday/schedule.h"
#include "dueday/visit.h"
#include "ics_writer.h"
#include "ledger.h"

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* One queued reminder with what its words are made of. All borrowed. */
typedef struct dd_notify_item {
  const dd_reminder *row;        /* the ledger's row */
  const dd_visit *visit;         /* the row's visit */
  const dd_schedule *schedule;   /* the visit's schedule (for rule text) */
  const dd_milestone *milestone; /* the row's milestone, in schedule */
  int working_days;              /* today to the due day; < 0: overdue */
  int sequence; /* the SEQUENCE the feeds give the milestone's event */
  /* Whom the recipient gets it for, being away until covering_until (the
   * visit's RIM covering for its inspector); NULL for their own. */
  const char *covering;
  dd_date covering_until;
  /* web.base_url when the web pages are served (not auth "off"), for a
   * link to the visit's page; NULL: no link. */
  const char *pages_url;
} dd_notify_item;

/* A message for one recipient, ready to be written as mail. */
typedef struct dd_notify_message {
  char *subject;        /* owned */
  char *body;           /* owned; ends with the footer */
  char *calendar;       /* owned text/calendar attachment; NULL: none */
  size_t count;         /* the reminders it stands for: 1, or a digest's */
  char message_id[160]; /* without angle brackets */
} dd_notify_message;

/* Frees what msg owns and zeroes it; a zeroed message is left alone. */
void dd__notify_message_clear(dd_notify_message *msg);

/* The subject ("Due in 2 working days: ...") and the body without the
 * footer (what, when, the rule, why the date is what it is, who acts, the
 * visit) of one reminder; the caller frees both. DD_OK, or DD_ENOMEM with
 * both NULL. */
int dd__notify_item_text(const dd_notify_item *it, char **subject, char **body,
                         dd_diag *diag);

/* Adds it's milestone to f as one event, with the UID and SEQUENCE the
 * feeds give it, so that a calendar that also subscribes to a feed updates
 * one event rather than making two. DD_OK or DD_ENOMEM. */
int dd__notify_add_event(dd_ics_feed *f, const dd_notify_item *it,
                         dd_diag *diag);

/* The message for one reminder: its subject, its body with the footer and,
 * when calendar, the milestone as a one-event calendar stamped now. The
 * Message-ID is made from the ledger row's key and the domain of sender (a
 * bare address), so that a message sent again after a crash has the same
 * one. DD_OK with *out filled (clear with dd__notify_message_clear), or
 * DD_ENOMEM with *out zeroed. */
int dd__notify_single(const dd_notify_item *it, const char *sender, time_t now,
                      bool calendar, dd_notify_message *out, dd_diag *diag);

/* The digest of n reminders (n >= 1) of one recipient on London date
 * today: rows[i]'s subject and body (from dd__notify_item_text) listed and
 * then in full, and calendar (their events, from dd__notify_add_event; NULL
 * for none) as the attachment. calendar is consumed, whatever the result.
 * DD_OK with *out filled, or DD_ENOMEM with *out zeroed. */
int dd__notify_digest(const dd_reminder *rows, char *const *subjects,
                      char *const *bodies, size_t n, dd_date today,
                      const char *sender, dd_ics_feed *calendar,
                      dd_notify_message *out, dd_diag *diag);

/* msg as RFC 5322 text for SMTP (dd_mail_format), from mc's sender to to,
 * dated now with London's offset; the caller frees *text. DD_OK; DD_EINVAL
 * (diag names the field) when to or the sender is not an address that can
 * be written; DD_ENOMEM. On failure *text is NULL. */
int dd__notify_mail(const dd_notify_message *msg, const char *to,
                    const dd_mail_config *mc, time_t now, char **text,
                    size_t *len, dd_diag *diag);

#endif
