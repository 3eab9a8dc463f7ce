/* Sign-in links (the sign_in_links table, migration 5 in store.c), as
 * OWASP's Forgot Password cheat sheet asks of a mailed token: 128 random
 * bits, stored only as a hash, single use, short-lived. The row's hash is
 * of the token and the asking browser's id together, so that the link
 * works only in the browser that asked: a copy of the mail (a forwarded
 * message, a mailbox read by someone else) signs nobody in elsewhere, and
 * a copy of the register holds neither. */
#include "signin.h"

#include "mail.h"
#include "smtp.h"
#include "store_internal.h"

#include "dueday/clock.h"
#include "dueday/token.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ID_DIGITS (DD_SIGNIN_TOKEN_BUFSIZE - 1)

_Static_assert(ID_DIGITS <= 2 * DD_TOKEN_BYTES,
               "a feed token has the bits a link's token takes");

static bool id_well_formed(const char *id) {
  size_t i = 0;
  for (; id[i] != '\0' && i < ID_DIGITS; i++)
    if (strchr("0123456789abcdef", id[i]) == NULL)
      return false;
  return i == ID_DIGITS && id[i] == '\0';
}

/* The stored form of a link: SHA-256 of "token:browser". */
static void link_hash(const char *token, const char *browser,
                      char hash[DD_TOKEN_HASH_BUFSIZE]) {
  char both[2 * DD_SIGNIN_TOKEN_BUFSIZE];
  snprintf(both, sizeof both, "%s:%s", token, browser);
  dd_token_hash(both, hash);
  memset(both, 0, sizeof both);
}

int dd__signin_link_new(dd_store *st, const char *email, const char *browser,
                        time_t now, char token[DD_SIGNIN_TOKEN_BUFSIZE],
                        dd_diag *diag) {
  token[0] = '\0';
  if (email[0] == '\0' || strlen(email) > 254)
    return dd_diag_set(diag, DD_EINVAL,
                       "sign-in link: \"%.40s\" is no user's address", email);
  if (!id_well_formed(browser))
    return dd_diag_set(diag, DD_EINVAL, "sign-in link: no asking browser");
  char raw[DD_TOKEN_BUFSIZE];
  int err = dd_token_new(raw, diag);
  if (err != DD_OK)
    return err;
  memcpy(token, raw, ID_DIGITS);
  token[ID_DIGITS] = '\0';
  memset(raw, 0, sizeof raw);
  char hash[DD_TOKEN_HASH_BUFSIZE];
  link_hash(token, browser, hash);
  err = dd__store_run(st, STMT_ONCE,
                      "INSERT INTO sign_in_links (id_sha256, email, created) "
                      "VALUES (?, lower(?), ?)",
                      "new sign-in link", NULL, NULL, diag, "ttl", hash, email,
                      (long)now);
  if (err != DD_OK) {
    memset(token, 0, DD_SIGNIN_TOKEN_BUFSIZE);
    return err == DD_ECONFLICT ? DD_EIO : err;
  }
  return DD_OK;
}

/* dd__signin_link_take's look-up and its row. */
struct link_search {
  const char *hash;
  char *email;
  size_t size;
  long created;
  bool used, found;
};

static int link_match(sqlite3_stmt *s, void *arg) {
  struct link_search *f = arg;
  const char *stored = dd__column_borrow(s, 0);
  if (f->found || strlen(stored) != 64 || !dd_token_equal(stored, f->hash, 64))
    return DD_OK;
  snprintf(f->email, f->size, "%s", dd__column_borrow(s, 1));
  f->created = (long)sqlite3_column_int64(s, 2);
  f->used = sqlite3_column_type(s, 3) != SQLITE_NULL;
  f->found = true;
  return DD_OK;
}

int dd__signin_link_take(dd_store *st, const char *token, const char *browser,
                         time_t now, long lifetime, char *email, size_t size,
                         dd_diag *diag) {
  if (size > 0)
    email[0] = '\0';
  if (token == NULL || browser == NULL || !id_well_formed(token) ||
      !id_well_formed(browser))
    return dd_diag_set(diag, DD_ENOTFOUND, "no such sign-in link");
  char hash[DD_TOKEN_HASH_BUFSIZE];
  link_hash(token, browser, hash);
  /* By the first half of the digest, then the whole compared in constant
   * time, as a session is (session.c). */
  struct link_search f = {.hash = hash, .email = email, .size = size};
  int err = dd__store_run(st, STMT_ONCE,
                          "SELECT id_sha256, email, created, used FROM "
                          "sign_in_links WHERE id_sha256 >= ? AND "
                          "id_sha256 < ? || 'g'",
                          "find sign-in link", link_match, &f, diag, "pp", hash,
                          32, hash, 32);
  if (err == DD_OK &&
      (!f.found || f.used || now < f.created || now - f.created > lifetime))
    err = dd_diag_set(diag, DD_ENOTFOUND, "no such sign-in link");
  /* Used only if still unused at the moment of writing: of two takes at
   * once, only one changes the row. */
  if (err == DD_OK)
    err = dd__store_run(st, STMT_ONCE,
                        "UPDATE sign_in_links SET used = ? WHERE id_sha256 = "
                        "? AND used IS NULL",
                        "use sign-in link", NULL, NULL, diag, "lt", (long)now,
                        hash);
  if (err == DD_OK && sqlite3_changes(st->db) != 1)
    err = dd_diag_set(diag, DD_ENOTFOUND, "no such sign-in link");
  if (err != DD_OK && size > 0)
    email[0] = '\0';
  return err;
}

static int count_row(sqlite3_stmt *s, void *arg) {
  *(long *)arg = (long)sqlite3_column_int64(s, 0);
  return DD_OK;
}

int dd__signin_links_since(dd_store *st, const char *email, time_t since,
                           long *n, dd_diag *diag) {
  *n = 0;
  return dd__store_run(st, STMT_ONCE,
                       "SELECT count(*) FROM sign_in_links WHERE email = "
                       "lower(?) AND created >= ?",
                       "count sign-in links", count_row, n, diag, "tl", email,
                       (long)since);
}

int dd__signin_prune(dd_store *st, time_t before, dd_diag *diag) {
  return dd__store_run(
      st, STMT_ONCE, "DELETE FROM sign_in_links WHERE created < ?",
      "prune sign-in links", NULL, NULL, diag, "l", (long)before);
}

/* ---- asks per client address ---- */

struct client_slot {
  char client[48]; /* an IPv4 or IPv6 address as text; "" free */
  time_t start;    /* the window's first ask */
  time_t seen;     /* the last ask */
  int count;
};

struct dd__signin_clients {
  size_t n;
  struct client_slot slot[];
};

int dd__signin_clients_new(size_t slots, dd__signin_clients **out,
                           dd_diag *diag) {
  *out = calloc(1, sizeof **out + slots * sizeof(struct client_slot));
  if (*out == NULL)
    return dd_diag_set(diag, DD_ENOMEM, "out of memory");
  (*out)->n = slots;
  return DD_OK;
}

void dd__signin_clients_free(dd__signin_clients *c) { free(c); }

bool dd__signin_clients_allow(dd__signin_clients *c, const char *client,
                              time_t now, long window, int limit) {
  struct client_slot *mine = NULL, *spare = NULL;
  for (size_t i = 0; i < c->n; i++) {
    struct client_slot *s = &c->slot[i];
    if (s->client[0] != '\0' && strcmp(s->client, client) == 0) {
      mine = s;
      break;
    }
    /* A free slot, else one whose window has closed, else the one seen
     * longest ago. */
    bool free_now = s->client[0] == '\0' || now - s->start >= window;
    bool spare_free = spare != NULL && (spare->client[0] == '\0' ||
                                        now - spare->start >= window);
    if (spare == NULL || (free_now && !spare_free) ||
        (!free_now && !spare_free && s->seen < spare->seen))
      spare = s;
  }
  if (mine == NULL) {
    if (spare == NULL)
      return false; /* no slots at all */
    mine = spare;
    snprintf(mine->client, sizeof mine->client, "%s", client);
    mine->count = 0;
    mine->start = now;
  } else if (now - mine->start >= window) {
    mine->count = 0;
    mine->start = now;
  }
  mine->seen = now;
  if (mine->count < limit) {
    mine->count++;
    return true;
  }
  return false;
}

/* ---- the mail ---- */

/* The domain of an address, for the Message-ID. */
static const char *domain_of(const char *address) {
  const char *at = strrchr(address, '@');
  return at != NULL ? at + 1 : "dueday.invalid";
}

int dd__signin_message(const dd_mail_config *mc, const char *to,
                       const char *link, long lifetime, time_t now, char **out,
                       size_t *len, dd_diag *diag) {
  *out = NULL;
  if (mc->from == NULL)
    return dd_diag_set(diag, DD_EINVAL, "sign-in mail: no mail.from");
  char id[DD_TOKEN_BUFSIZE];
  int err = dd_token_new(id, diag);
  if (err != DD_OK)
    return err;
  char message_id[400], from[600], body[2048];
  snprintf(message_id, sizeof message_id, "sign-in.%s@%s", id,
           domain_of(mc->from));
  if (mc->from_name != NULL && mc->from_name[0] != '\0')
    snprintf(from, sizeof from, "%s <%s>", mc->from_name, mc->from);
  else
    snprintf(from, sizeof from, "%s", mc->from);
  long minutes = (lifetime + 59) / 60;
  snprintf(body, sizeof body,
           "Someone asked to sign in to dueday with this address.\n"
           "\n"
           "To sign in, open this link within %ld minute%s, in the same\n"
           "browser you asked from, and press \"Sign in\" on its page:\n"
           "\n"
           "%s\n"
           "\n"
           "The link works once. If you did not ask to sign in, you can\n"
           "ignore this message: nobody can sign in with it in another\n"
           "browser.\n",
           minutes, minutes == 1 ? "" : "s", link);
  dd_mail m = {.from = from,
               .to = to,
               .subject = "Sign in to dueday",
               .message_id = message_id,
               .date = now,
               .utc_offset = dd_london_offset(now),
               .body = body};
  return dd_mail_format(&m, out, len, diag);
}

bool dd__signin_address_valid(const char *address) {
  return dd_mail_address_valid(address);
}

/* ---- the sender ---- */

/* Mails waiting: a few at most, since the rate limits keep them few; past
 * this many the newest is not queued (and the caller logs it). */
#define MAIL_QUEUE 32

struct queued_mail {
  char to[256];
  char *text; /* dd__signin_message's */
  size_t len;
};

struct dd__signin_mailer {
  const dd_mail_config *mail;
  dd_smtp *smtp;
  FILE *log;
  pthread_t thread;
  pthread_mutex_t lock;
  pthread_cond_t wake;
  bool stopping;
  struct queued_mail queue[MAIL_QUEUE];
  size_t queued;
};

/* The thread: sends what is queued, one at a time, in order; at stop,
 * what is still queued goes first (a link someone waits for). */
static void *mailer_run(void *arg) {
  dd__signin_mailer *m = arg;
  pthread_mutex_lock(&m->lock);
  for (;;) {
    while (m->queued == 0 && !m->stopping)
      pthread_cond_wait(&m->wake, &m->lock);
    if (m->queued == 0)
      break;
    struct queued_mail q = m->queue[0];
    memmove(&m->queue[0], &m->queue[1], --m->queued * sizeof m->queue[0]);
    pthread_mutex_unlock(&m->lock);
    dd_smtp_result res;
    dd_smtp_send(m->smtp, q.to, q.text, q.len, &res);
    free(q.text);
    fprintf(m->log, "dueday serve: sign-in link for %s: %s (%s)\n", q.to,
            dd_smtp_outcome_name(res.outcome), res.text);
    fflush(m->log);
    pthread_mutex_lock(&m->lock);
  }
  pthread_mutex_unlock(&m->lock);
  return NULL;
}

int dd__signin_mailer_start(const dd_mail_config *mail, const char *password,
                            FILE *log, dd__signin_mailer **out, dd_diag *diag) {
  *out = NULL;
  if (mail->url == NULL || mail->from == NULL)
    return dd_diag_set(diag, DD_EINVAL,
                       "web.auth = \"email-link\" mails the sign-in links: "
                       "set mail.url and mail.from");
  dd__signin_mailer *m = calloc(1, sizeof *m);
  if (m == NULL)
    return dd_diag_set(diag, DD_ENOMEM, "out of memory");
  dd_smtp_settings settings = {.url = mail->url,
                               .from = mail->from,
                               .username = mail->username,
                               .password = password,
                               .allow_plaintext = mail->allow_plaintext,
                               .ca_file = mail->ca_file,
                               .timeout_seconds = mail->timeout};
  int err = dd_smtp_open(&settings, &m->smtp, diag);
  if (err != DD_OK) {
    free(m);
    return err;
  }
  m->mail = mail;
  m->log = log;
  pthread_mutex_init(&m->lock, NULL);
  pthread_cond_init(&m->wake, NULL);
  if (pthread_create(&m->thread, NULL, mailer_run, m) != 0) {
    pthread_cond_destroy(&m->wake);
    pthread_mutex_destroy(&m->lock);
    dd_smtp_close(m->smtp);
    free(m);
    return dd_diag_set(diag, DD_EIO, "cannot start the mail thread");
  }
  *out = m;
  return DD_OK;
}

int dd__signin_mailer_send(dd__signin_mailer *m, const char *to,
                           const char *link, long lifetime, time_t now,
                           bool *queued, dd_diag *diag) {
  *queued = false;
  char *text;
  size_t len;
  int err =
      dd__signin_message(m->mail, to, link, lifetime, now, &text, &len, diag);
  if (err != DD_OK)
    return err;
  pthread_mutex_lock(&m->lock);
  if (m->queued < MAIL_QUEUE) {
    struct queued_mail *q = &m->queue[m->queued++];
    snprintf(q->to, sizeof q->to, "%s", to);
    q->text = text;
    q->len = len;
    *queued = true;
    pthread_cond_signal(&m->wake);
  }
  pthread_mutex_unlock(&m->lock);
  if (!*queued)
    free(text);
  return DD_OK;
}

void dd__signin_mailer_stop(dd__signin_mailer *m) {
  if (m == NULL)
    return;
  pthread_mutex_lock(&m->lock);
  m->stopping = true;
  pthread_cond_signal(&m->wake);
  pthread_mutex_unlock(&m->lock);
  pthread_join(m->thread, NULL);
  dd_smtp_close(m->smtp);
  pthread_cond_destroy(&m->wake);
  pthread_mutex_destroy(&m->lock);
  free(m);
}
