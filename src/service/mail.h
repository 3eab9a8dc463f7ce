/* E-mail messages (RFC 5322 with MIME, RFC 2045-2049): a text part and, for
 * reminders, the milestone as a text/calendar attachment. */
#ifndef DUEDAY_MAIL_H
#define DUEDAY_MAIL_H

#include "dueday/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

typedef struct dd_mail {
  const char *from;          /* "dueday <dueday@example.org>" or an address */
  const char *to;            /* an address (or "Name <address>") */
  const char *subject;       /* UTF-8; encoded (RFC 2047) when not ASCII */
  const char *message_id;    /* without the angle brackets: "x.y@dueday" */
  time_t date;               /* the Date header's instant */
  int utc_offset;            /* minutes east of UTC for the Date header
                                (60 in British Summer Time) */
  const char *body;          /* UTF-8 text, '\n' line ends */
  const char *calendar;      /* a text/calendar attachment, or NULL */
  const char *calendar_name; /* its file name: "publication.ics" */
} dd_mail;

/* Whether address is one dueday writes in a header and hands to SMTP: a
 * bare address (no display name), one '@' with something either side,
 * printable ASCII, at most 254 octets, and nothing that could end a header
 * or an SMTP command or start another field (space, CR, LF, "<>,;()\"\\").
 * The configuration, the mail and the SMTP session all check with it. */
bool dd_mail_address_valid(const char *address);

/* The message as text with CRLF line ends, no line over 998 octets (body
 * quoted-printable, attachment base64), ready for SMTP DATA, into *out
 * (the caller frees it); *len (when len is not NULL) gets its length.
 *
 * Returns DD_OK; DD_ENOMEM when out of memory; DD_EINVAL, with diag naming
 * the field, when mail is NULL, or from, to or message_id is missing or
 * could smuggle in a header or a second address: an address must be
 * printable ASCII with one '@', no spaces, CR, LF or "<>,;()\"\\" (from and
 * to may be "Name <address>"), a message id likewise; or when |utc_offset|
 * is a day or more. On failure *out is NULL and nothing needs freeing.
 *
 * A CR, LF or other control character in the subject becomes a space, and
 * the subject's leading and trailing spaces go. The attachment's file name
 * keeps only printable ASCII other than '"', '\\' and '/' (others become
 * '_'), at most 200 characters; NULL or "" gives "reminder.ics". The same
 * mail gives the same bytes. */
int dd_mail_format(const dd_mail *mail, char **out, size_t *len, dd_diag *diag);

#endif
