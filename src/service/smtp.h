/* Handing messages to a mail server over SMTP (libcurl): smtp:// with
 * STARTTLS required, or smtps://, optionally authenticated. One connection
 * is kept for a run's messages. Each message goes to one recipient, so that
 * the server's answer is that recipient's answer. */
#ifndef DUEDAY_SMTP_H
#define DUEDAY_SMTP_H

#include "dueday/error.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct dd_smtp_settings {
  const char *url;      /* "smtp://relay.example.org:587", "smtps://...:465" */
  const char *from;     /* the envelope sender: a bare address */
  const char *username; /* NULL or "": no authentication */
  const char *password; /* the secret itself, read from a file or the
                           environment by the caller, never an argument */
  /* smtp:// without STARTTLS. Refused (DD_EINVAL) unless the URL's host is
   * a loopback address (127.0.0.0/8, ::1, localhost): for a local relay. */
  bool allow_plaintext;
  const char *ca_file;  /* NULL: the system's trust store */
  long timeout_seconds; /* connect, and each reply; 0: 30 */
} dd_smtp_settings;

typedef enum dd_smtp_outcome {
  DD_SMTP_ACCEPTED,   /* the server replied 2xx to the message's data */
  DD_SMTP_TEMPORARY,  /* a 4xx reply to MAIL, RCPT or DATA: try again later */
  DD_SMTP_PERMANENT,  /* a 5xx reply to the recipient or the data; also an
                         invalid "to" (code 0), refused before sending */
  DD_SMTP_UNREACHABLE /* no connection, no TLS, authentication refused or a
                         timeout: nothing was accepted; stop this run. Also
                         a refusal of the greeting, EHLO or STARTTLS, a 421,
                         a 530/534/535/538 and a 5xx to MAIL FROM: every
                         message would meet the same. A timeout after the
                         data was sent is here too, though the server may
                         have taken the message (RFC 1047). */
} dd_smtp_outcome;

typedef struct dd_smtp_result {
  dd_smtp_outcome outcome;
  int code;       /* the server's last reply code, 0 when none */
  char text[256]; /* the server's last reply line ("250 2.0.0 Ok: queued
                     as 4F2A1", "550 5.1.1 mailbox unavailable") or what
                     went wrong ("Couldn't connect to server"), for the
                     ledger and the report; never the password */
} dd_smtp_result;

/* "accepted", "temporary", "permanent", "unreachable". */
const char *dd_smtp_outcome_name(dd_smtp_outcome outcome);

/* Checks settings without connecting: a URL of scheme smtp or smtps with a
 * host and no user name or password in it, a from address (bare, with an
 * '@', no spaces, angle brackets, CR or LF), plain text only towards
 * loopback, a password with a user name, a readable ca_file. DD_EINVAL
 * with the reason in diag, which never quotes the URL or the password. */
int dd_smtp_check(const dd_smtp_settings *settings, dd_diag *diag);

typedef struct dd_smtp dd_smtp;

/* A session with settings (copied). Does not connect yet: the first send
 * does. DD_EINVAL as dd_smtp_check; DD_ENOMEM. */
int dd_smtp_open(const dd_smtp_settings *settings, dd_smtp **out,
                 dd_diag *diag);
void dd_smtp_close(dd_smtp *smtp);

/* Sends message (RFC 5322 text with CRLF line ends, as dd_mail_format
 * makes) to the one address to, reusing the session's connection when it
 * is still open; after a failure the next send opens a new one. Never
 * fails in any other way than through *result: a refused or unreachable
 * server is an outcome, not an error. */
void dd_smtp_send(dd_smtp *smtp, const char *to, const char *message,
                  size_t len, dd_smtp_result *result);

#endif
