/* Web sessions, kept in the register so that they survive a restart or
 * reload: only the SHA-256 of a session id is stored, never the id. For
 * the server (src/server); not part of the public API. */
#ifndef DUEDAY_SRC_SERVICE_SESSION_H
#define DUEDAY_SRC_SERVICE_SESSION_H

#include "dueday/error.h"
#include "dueday/store.h"
#include "dueday/token.h"

#include <stdbool.h>
#include <time.h>

/* Room for a session id or CSRF token as text: 128 random bits as 32 hex
 * digits, and its NUL. */
#define DD_SESSION_ID_BUFSIZE 33

/* A live session. */
typedef struct dd_session {
  char email[256];                  /* whose it is (a user's address) */
  char csrf[DD_SESSION_ID_BUFSIZE]; /* the token every form carries */
  time_t created, last_seen;
  /* A message for the next page shown (a success banner after a POST's
   * 303), "" for none; cleared by dd__session_take_flash. */
  char flash[2048];
} dd_session;

/* Makes a new session for email (lower-cased): a fresh random id into id
 * (shown to the browser in its cookie, never stored) and a fresh CSRF
 * token, stored with now as created and last seen. Returns DD_OK; DD_EINVAL
 * for an empty address or one too long for dd_session.email; DD_EIO (also
 * when no random bytes can be had) with the reason in diag; on failure id
 * is "". */
int dd__session_create(dd_store *st, const char *email, time_t now,
                       char id[DD_SESSION_ID_BUFSIZE], dd_diag *diag);

/* The session whose id is id, if it is live at now: seen within idle
 * seconds and created within absolute seconds; its last_seen is moved to
 * now (written at most once a minute). An expired one is deleted.
 * Returns DD_OK with *out; DD_ENOTFOUND for no live session (an id that is
 * not 32 hex digits included); DD_EIO with the reason in diag. */
int dd__session_find(dd_store *st, const char *id, time_t now, long idle,
                     long absolute, dd_session *out, dd_diag *diag);

/* Sets the session's flash message. Returns DD_OK; DD_ENOTFOUND; DD_EIO. */
int dd__session_set_flash(dd_store *st, const char *id, const char *flash,
                          dd_diag *diag);
/* Copies the session's flash message into out (size bytes) and clears it
 * in the register; "" when there is none. Returns DD_OK; DD_ENOTFOUND;
 * DD_EIO. */
int dd__session_take_flash(dd_store *st, const char *id, char *out, size_t size,
                           dd_diag *diag);

/* Ends the session whose id is id (sign-out). Returns DD_OK, also when
 * there was none; DD_EIO. */
int dd__session_delete(dd_store *st, const char *id, dd_diag *diag);

/* Ends every session of the user email, in every browser ("sign out
 * everywhere"), how many there were into *n, and writes it in the audit
 * log as email's act. Returns DD_OK; DD_EIO. */
int dd__session_delete_all(dd_store *st, const char *email, long *n,
                           dd_diag *diag);

/* Deletes every session past its expiry at now. Returns DD_OK; DD_EIO. */
int dd__session_prune(dd_store *st, time_t now, long idle, long absolute,
                      dd_diag *diag);

/* Compares two NUL-terminated strings in time that depends only on their
 * lengths: for CSRF tokens. An empty string equals nothing, so that a form
 * without a token never passes. */
bool dd__session_token_equal(const char *a, const char *b);

#endif
