/* Web sessions in the register (the sessions table, migration 5 in store.c),
 * as OWASP's Session Management cheat sheet asks: ids of 128 random bits
 * from the operating system, kept only as their SHA-256 so that a copy of
 * the database signs nobody in, with an idle and an absolute expiry. */
#include "session.h"

#include "buf.h"
#include "store_internal.h"

#include <stdio.h>
#include <string.h>

/* 128 bits as hex: the session id and the CSRF token. */
#define ID_DIGITS (DD_SESSION_ID_BUFSIZE - 1)

_Static_assert(ID_DIGITS <= 2 * DD_TOKEN_BYTES,
               "a feed token has the bits a session id takes");

/* The longest flash message kept: what dd_session.flash holds. */
#define FLASH_MAX (sizeof((dd_session){0}).flash - 1)

/* last_seen is written when it is at least this old: a page's every
 * request (its stylesheet, its script) need not write to the register,
 * and the idle expiry, in hours, does not need it to the second. */
#define SEEN_EVERY 60

/* 128 fresh random bits as 32 hex digits, from dd_token_new's source (the
 * first 32 of its 40 digits). */
static int random_id(char out[DD_SESSION_ID_BUFSIZE], dd_diag *diag) {
  char token[DD_TOKEN_BUFSIZE];
  int err = dd_token_new(token, diag);
  if (err != DD_OK)
    return err;
  memcpy(out, token, ID_DIGITS);
  out[ID_DIGITS] = '\0';
  return DD_OK;
}

/* Whether id is of the form random_id makes, and so worth a look-up. */
static bool id_well_formed(const char *id) {
  size_t i = 0;
  for (; id[i] != '\0' && i < ID_DIGITS; i++)
    if (strchr("0123456789abcdef", id[i]) == NULL)
      return false;
  return i == ID_DIGITS && id[i] == '\0';
}

int dd__session_create(dd_store *st, const char *email, time_t now,
                       char id[DD_SESSION_ID_BUFSIZE], dd_diag *diag) {
  char csrf[DD_SESSION_ID_BUFSIZE], hash[DD_TOKEN_HASH_BUFSIZE];
  id[0] = '\0';
  /* dd__session_find gives the address back whole, or not at all. */
  size_t n = strlen(email);
  if (n == 0 || n >= sizeof((dd_session){0}).email)
    return dd_diag_set(diag, DD_EINVAL,
                       "session: \"%.40s\" is no user's address", email);
  int err = random_id(id, diag);
  if (err == DD_OK)
    err = random_id(csrf, diag);
  if (err != DD_OK) {
    id[0] = '\0';
    return err;
  }
  dd_token_hash(id, hash);
  /* Lower-cased as the users table keeps addresses, so that removing a
   * user finds their sessions. */
  err = dd__store_run(st, STMT_ONCE,
                      "INSERT INTO sessions (id_sha256, email, csrf, created, "
                      "last_seen) VALUES (?, lower(?), ?, ?, ?)",
                      "new session", NULL, NULL, diag, "tttll", hash, email,
                      csrf, (long)now, (long)now);
  if (err != DD_OK) {
    id[0] = '\0';
    return err == DD_ECONFLICT ? DD_EIO : err; /* two ids alike: unheard of */
  }
  return DD_OK;
}

/* dd__session_find's look-up, and its row: the session whose whole hash is
 * hash. */
struct session_search {
  const char *hash;
  dd_session *out;
  bool found;
};

static int session_match(sqlite3_stmt *s, void *arg) {
  struct session_search *f = arg;
  const char *stored = dd__column_borrow(s, 5);
  if (f->found || strlen(stored) != 64 || !dd_token_equal(stored, f->hash, 64))
    return DD_OK;
  dd_session *out = f->out;
  snprintf(out->email, sizeof out->email, "%s", dd__column_borrow(s, 0));
  snprintf(out->csrf, sizeof out->csrf, "%s", dd__column_borrow(s, 1));
  out->created = (time_t)sqlite3_column_int64(s, 2);
  out->last_seen = (time_t)sqlite3_column_int64(s, 3);
  snprintf(out->flash, sizeof out->flash, "%s", dd__column_borrow(s, 4));
  f->found = true;
  return DD_OK;
}

/* Whether a session created and last seen at those times is live at now:
 * seen within idle seconds and made within absolute (both inclusive). */
static bool live(time_t created, time_t last_seen, time_t now, long idle,
                 long absolute) {
  return now - last_seen <= idle && now - created <= absolute;
}

int dd__session_find(dd_store *st, const char *id, time_t now, long idle,
                     long absolute, dd_session *out, dd_diag *diag) {
  memset(out, 0, sizeof *out);
  if (!id_well_formed(id))
    return dd_diag_set(diag, DD_ENOTFOUND, "no such session");
  char hash[DD_TOKEN_HASH_BUFSIZE];
  dd_token_hash(id, hash);
  /* Looked up by the first half of the digest, then the whole is compared
   * in constant time, as a feed token is (dd_store_subscriber_find). */
  struct session_search f = {hash, out, false};
  int err = dd__store_run(st, STMT_ONCE,
                          "SELECT email, csrf, created, last_seen, flash, "
                          "id_sha256 FROM sessions WHERE id_sha256 >= ? AND "
                          "id_sha256 < ? || 'g'",
                          "find session", session_match, &f, diag, "pp", hash,
                          32, hash, 32);
  if (err == DD_OK && !f.found)
    err = dd_diag_set(diag, DD_ENOTFOUND, "no such session");
  if (err == DD_OK &&
      !live(out->created, out->last_seen, now, idle, absolute)) {
    err = dd__session_delete(st, id, diag);
    if (err == DD_OK)
      err = dd_diag_set(diag, DD_ENOTFOUND, "session expired");
  } else if (err == DD_OK && now - out->last_seen >= SEEN_EVERY) {
    err = dd__store_run(
        st, STMT_ONCE, "UPDATE sessions SET last_seen = ? WHERE id_sha256 = ?",
        "session seen", NULL, NULL, diag, "lt", (long)now, hash);
    out->last_seen = now;
  }
  if (err != DD_OK)
    memset(out, 0, sizeof *out);
  return err;
}

int dd__session_set_flash(dd_store *st, const char *id, const char *flash,
                          dd_diag *diag) {
  if (!id_well_formed(id))
    return dd_diag_set(diag, DD_ENOTFOUND, "no such session");
  char hash[DD_TOKEN_HASH_BUFSIZE];
  dd_token_hash(id, hash);
  /* Kept to what dd_session.flash holds, cut between characters. */
  size_t n = dd__utf8_cut(flash, strlen(flash), FLASH_MAX);
  int err = dd__store_run(
      st, STMT_ONCE, "UPDATE sessions SET flash = ? WHERE id_sha256 = ?",
      "session message", NULL, NULL, diag, "pt", flash, (int)n, hash);
  if (err == DD_OK && sqlite3_changes(st->db) == 0)
    err = dd_diag_set(diag, DD_ENOTFOUND, "no such session");
  return err;
}

/* dd__session_take_flash's row: the message into the caller's buffer. */
struct flash_take {
  char *out;
  size_t size;
  bool found;
};

static int flash_row(sqlite3_stmt *s, void *arg) {
  struct flash_take *t = arg;
  const char *flash = dd__column_borrow(s, 0);
  size_t n = t->size > 0 ? dd__utf8_cut(flash, strlen(flash), t->size - 1) : 0;
  if (t->size > 0) {
    memcpy(t->out, flash, n);
    t->out[n] = '\0';
  }
  t->found = true;
  return DD_OK;
}

int dd__session_take_flash(dd_store *st, const char *id, char *out, size_t size,
                           dd_diag *diag) {
  if (size > 0)
    out[0] = '\0';
  if (!id_well_formed(id))
    return dd_diag_set(diag, DD_ENOTFOUND, "no such session");
  char hash[DD_TOKEN_HASH_BUFSIZE];
  dd_token_hash(id, hash);
  struct flash_take t = {out, size, false};
  int err = dd__store_run(st, STMT_ONCE,
                          "SELECT flash FROM sessions WHERE id_sha256 = ?",
                          "session message", flash_row, &t, diag, "t", hash);
  if (err == DD_OK && !t.found)
    return dd_diag_set(diag, DD_ENOTFOUND, "no such session");
  /* Cleared only when there was one: most pages have none, and a read is
   * all they cost. */
  if (err == DD_OK && size > 0 && out[0] != '\0')
    err = dd__store_run(st, STMT_ONCE,
                        "UPDATE sessions SET flash = '' WHERE id_sha256 = ?",
                        "session message", NULL, NULL, diag, "t", hash);
  if (err != DD_OK && size > 0)
    out[0] = '\0';
  return err;
}

int dd__session_delete(dd_store *st, const char *id, dd_diag *diag) {
  if (!id_well_formed(id))
    return DD_OK;
  char hash[DD_TOKEN_HASH_BUFSIZE];
  dd_token_hash(id, hash);
  return dd__store_run(st, STMT_ONCE,
                       "DELETE FROM sessions WHERE id_sha256 = ?",
                       "end session", NULL, NULL, diag, "t", hash);
}

int dd__session_prune(dd_store *st, time_t now, long idle, long absolute,
                      dd_diag *diag) {
  /* The complement of live(). */
  return dd__store_run(
      st, STMT_ONCE, "DELETE FROM sessions WHERE last_seen < ? OR created < ?",
      "prune sessions", NULL, NULL, diag, "ll", (long)(now - idle),
      (long)(now - absolute));
}

bool dd__session_token_equal(const char *a, const char *b) {
  /* Unequal lengths answer at once: a length is no secret (every token is
   * 32 digits). An empty token matches nothing, so that a form without
   * one never passes. */
  size_t n = strlen(a);
  if (n == 0 || n != strlen(b))
    return false;
  return dd_token_equal(a, b, n);
}

int dd__session_delete_all(dd_store *st, const char *email, long *n,
                           dd_diag *diag) {
  *n = 0;
  int err = dd__store_run(st, STMT_ONCE,
                          "DELETE FROM sessions WHERE email = lower(?)",
                          "end sessions", NULL, NULL, diag, "t", email);
  if (err != DD_OK)
    return err;
  *n = (long)sqlite3_changes(st->db);
  /* In the audit log, as the user's own act: a lost laptop or a shared
   * computer left signed in is worth a trace. */
  char detail[64];
  snprintf(detail, sizeof detail, "%ld session%s ended", *n,
           *n == 1 ? "" : "s");
  return dd__store_audit(st, email, NULL, "sign out everywhere", detail, diag);
}
