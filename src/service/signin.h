/* Sign-in by e-mailed link (web.auth = "email-link"): the links, kept in
 * the register's sign_in_links table; how many went to an address; a
 * count of asks per client address, in memory; and the mail. For the
 * server (src/server); not part of the public API. */
#ifndef DUEDAY_SRC_SERVICE_SIGNIN_H
#define DUEDAY_SRC_SERVICE_SIGNIN_H

#include "dueday/config.h"
#include "dueday/error.h"
#include "dueday/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

/* Room for a link's token, or a browser's id, as text: 128 random bits as
 * 32 hex digits, and its NUL. */
#define DD_SIGNIN_TOKEN_BUFSIZE 33

/* Makes a sign-in link for email (lower-cased) asked for by the browser
 * whose id is browser (the asking cookie's value, 32 hex digits): a fresh
 * random token into token (for the mail, never stored) and, in the
 * register, the SHA-256 of token and browser together, with now as
 * created. Returns DD_OK; DD_EINVAL for an empty address or a browser id
 * not of 32 hex digits; DD_EIO. On failure token is "". */
int dd__signin_link_new(dd_store *st, const char *email, const char *browser,
                        time_t now, char token[DD_SIGNIN_TOKEN_BUFSIZE],
                        dd_diag *diag);

/* Uses up the link of token, if it was made for the browser browser, has
 * not been used, and was made at most lifetime seconds before now: its
 * address into email (size bytes) and the link marked used at now, once
 * (two takes at once: one wins). Returns DD_OK; DD_ENOTFOUND for an
 * unknown, used, expired or other browser's link (one answer for all, as
 * the page gives); DD_EIO. */
int dd__signin_link_take(dd_store *st, const char *token, const char *browser,
                         time_t now, long lifetime, char *email, size_t size,
                         dd_diag *diag);

/* How many links were made for email at or after since, into *n. Returns
 * DD_OK; DD_EIO. */
int dd__signin_links_since(dd_store *st, const char *email, time_t since,
                           long *n, dd_diag *diag);

/* Deletes the links made before before (used or not: past their lifetime
 * and the rate limit's window they mean nothing). Returns DD_OK; DD_EIO. */
int dd__signin_prune(dd_store *st, time_t before, dd_diag *diag);

/* Asks counted per client address within a window, in memory. */
typedef struct dd__signin_clients dd__signin_clients;

/* A count for up to slots client addresses at once. Returns DD_OK with
 * *out (dd__signin_clients_free); DD_ENOMEM. */
int dd__signin_clients_new(size_t slots, dd__signin_clients **out,
                           dd_diag *diag);
void dd__signin_clients_free(dd__signin_clients *c);

/* Counts an ask from client at now, and whether it is within limit asks
 * in the window seconds that began with that client's first counted ask.
 * When every slot is taken by a client whose window is still open, the
 * one seen longest ago gives up its slot. */
bool dd__signin_clients_allow(dd__signin_clients *c, const char *client,
                              time_t now, long window, int limit);

/* Whether address is one a sign-in link can be mailed to (as
 * dd_mail_address_valid). */
bool dd__signin_address_valid(const char *address);

/* The mail of a sign-in link: to to, from mc's sender, with link, valid
 * lifetime seconds; as dd_mail_format makes it, into *out (the caller
 * frees it) and *len. Returns DD_OK; DD_EINVAL (mc has no sender, to is no
 * address); DD_ENOMEM; DD_EIO (no random bytes for the message id). */
int dd__signin_message(const dd_mail_config *mc, const char *to,
                       const char *link, long lifetime, time_t now, char **out,
                       size_t *len, dd_diag *diag);

/* The sign-in mails' sender: a thread of its own with a short queue, so
 * that a slow mail server holds up no page, and the answer to an address
 * takes as long whether or not it is a user's. */
typedef struct dd__signin_mailer dd__signin_mailer;

/* Starts a sender through the mail server of mail (borrowed; must
 * outlive it) with password (copied; NULL for none); each message sent,
 * and the server's answer, is a line in log. Returns DD_OK with *out
 * (dd__signin_mailer_stop); DD_EINVAL when mail has no url or from, or
 * settings the SMTP code refuses (diag says why); DD_ENOMEM; DD_EIO when
 * the thread cannot start. */
int dd__signin_mailer_start(const dd_mail_config *mail, const char *password,
                            FILE *log, dd__signin_mailer **out, dd_diag *diag);

/* Queues the mail of link (see dd__signin_message) to to; *queued false
 * when the queue is full (nothing sent). Returns DD_OK; the errors of
 * dd__signin_message. */
int dd__signin_mailer_send(dd__signin_mailer *m, const char *to,
                           const char *link, long lifetime, time_t now,
                           bool *queued, dd_diag *diag);

/* Sends what is still queued, then stops and frees m; NULL does
 * nothing. */
void dd__signin_mailer_stop(dd__signin_mailer *m);

#endif
