/* The feed server: private feed links and a small JSON API over HTTP, on
 * libmicrohttpd. Part of the dueday command (dueday serve). */
#ifndef DUEDAY_SERVER_H
#define DUEDAY_SERVER_H

#include "dueday/dueday.h"
#include "dueday/planner.h"

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

/* Defaults of the limits below (0 in the options picks them). */
#define DD_SERVER_MAX_CONNECTIONS 4096
#define DD_SERVER_PER_ADDRESS 64
#define DD_SERVER_REQUEST_TIMEOUT 20 /* s */
#define DD_SERVER_IDLE_TIMEOUT 15    /* s */
/* What the feed cache may hold, in bytes of feed text: a thousand
 * subscribers of a whole 20-visit register (105 KB a feed) fit. */
#define DD_SERVER_CACHE_BYTES ((size_t)128 << 20)

typedef struct dd_server_options {
  /* Where to listen: an IPv4 or IPv6 address ("127.0.0.1", "::1", "::")
   * or a host name, resolved with getaddrinfo; of several addresses, the
   * first that can be listened on (and, where the pages need it, is
   * loopback). */
  const char *address;
  int port; /* 0: any free port (dd_server_port says which) */
  /* HTTPS: the PEM certificate chain and private key, both or neither
   * (NULL: plain HTTP). Read again at each dd_server_reload. */
  const char *tls_cert, *tls_key;
  dd_store *st; /* used by one thread at a time (a lock) */
  /* The planner to start with; borrowed until reload replaces it. */
  dd_planner *planner;
  FILE *log; /* one access-log line per request */
  /* Today, pinned (tests and what-ifs; feeds then carry a fixed DTSTAMP),
   * or 0 for the local date at each request. */
  dd_date today;
  /* Limits; 0 for the DD_SERVER_ default. A connection must have sent a
   * whole request within request_timeout seconds of its start or of the
   * end of its previous request, however steadily it trickles bytes;
   * idle_timeout is the longest silence while a request is read or an
   * answer is sent. */
  unsigned max_connections;
  unsigned per_address;
  unsigned request_timeout;
  unsigned idle_timeout;
  size_t cache_bytes;
  /* Called by dd_server_reload (SIGHUP in dd_server_run) on the caller's
   * thread while requests go on being served: builds and checks a new
   * planner (the configuration and holiday data read again) into *out.
   * DD_OK with *out, which the server uses from then on; otherwise diag
   * says why. NULL: reload is not supported. */
  int (*reload)(void *cls, dd_planner **out, dd_diag *diag);
  /* Called after a reload once the server no longer uses old (the planner
   * it had): frees it and whatever it borrows. */
  void (*release)(void *cls, dd_planner *old);
  void *reload_cls;
  /* The web pages (see src/server/web.h): how people sign in (borrowed;
   * NULL or auth DD_WEB_AUTH_OFF: no pages, the feeds and API only). With
   * pages, the server listens on loopback only. */
  const dd_web_config *web;
  /* The sign-on proxy's shared secret (web.proxy_secret_header's value),
   * read by the caller from where web says; NULL for none. Copied. */
  const char *proxy_secret;
  /* Where dd_server_run prints the one-time sign-in link in local mode,
   * at start and at each SIGHUP (standard output, so that a script can
   * read it apart from the log); NULL: opt->log. */
  FILE *announce;
  /* web.auth = "email-link": the mail server the sign-in links go through
   * (borrowed), and its password (copied; NULL for none). */
  const dd_mail_config *mail;
  const char *mail_password;
} dd_server_options;

/* A listening server (opaque). */
typedef struct dd_server dd_server;

/* Starts serving as opt says, on a thread of its own; opt is borrowed
 * and must outlive the server. Returns DD_OK with *out
 * (free with dd_server_free); DD_EINVAL for an address that does not
 * resolve, or not to loopback when there are pages (but for web.auth =
 * "email-link"), mail settings that cannot send the sign-in links, or a
 * certificate or key that cannot be used; DD_ENET when it cannot listen;
 * DD_ENOMEM. */
int dd_server_new(const dd_server_options *opt, dd_server **out, dd_diag *diag);
/* The port it listens on. */
int dd_server_port(const dd_server *sv);
/* Where it listens, "http://127.0.0.1:8080/" or "https://[::1]:8443/";
 * borrowed from sv. */
const char *dd_server_url(const dd_server *sv);
/* Local sign-in: makes a new one-time sign-in link into link (size
 * bytes), the previous one no longer working. Returns DD_OK; DD_EINVAL
 * when there is no local sign-in (no pages, a proxy, or a read-only
 * register, which cannot keep sessions); DD_EIO. */
int dd_server_sign_in_link(dd_server *sv, char *link, size_t size,
                           dd_diag *diag);
/* Closes the connections that have not sent a whole request by their
 * deadline (request_timeout), and every ten minutes deletes the expired
 * sessions of the pages; the caller's thread calls it about ten times a
 * second. */
void dd_server_sweep(dd_server *sv);
/* Reloads through opt->reload, then swaps planners between two requests
 * and empties the feed cache, so every feed is built again on the new
 * calendar; with HTTPS, reads the certificate and key again, for the next
 * handshakes. Logs the outcome either way; on failure the server goes on
 * as before. Returns opt->reload's error (or the certificate's), DD_EINVAL
 * when there is no reload. */
int dd_server_reload(dd_server *sv);
/* Stops listening, closes every connection and frees sv; NULL does
 * nothing. */
void dd_server_free(dd_server *sv);

/* A reminder pass's outcome, as dueday notify records it for the feed
 * server's /healthz and /metrics. */
typedef struct dd_server_pass {
  time_t at; /* when the pass ended (Unix time) */
  bool ok;   /* it ran to its end and no reminder failed */
  long sent, failed, deferred;
  char reason[512]; /* why not ok; "" when ok */
} dd_server_pass;

/* Records pass p in "<db_path>-notify.status", with the count of passes
 * and the running totals of sent, failed and deferred reminders carried
 * on from the file's: written to a temporary file in the same directory,
 * then renamed over it, so that the server reads the old record or the
 * new, never half of one. Returns DD_OK; DD_EIO or DD_ENOMEM with the
 * file and the reason in diag. */
int dd_server_pass_record(const char *db_path, const dd_server_pass *p,
                          dd_diag *diag);

/* Serves until SIGINT or SIGTERM, then stops cleanly; SIGHUP reloads
 * (dd_server_reload). Logs "listening on URL" once listening. In local sign-in
 * mode it prints a sign-in link to opt->announce at start and a new one at each
 * SIGHUP. The caller must have blocked the three signals in every thread (so
 * that only this takes them). Returns DD_OK after SIGINT or SIGTERM; the errors
 * of dd_server_new. */
int dd_server_run(const dd_server_options *opt, dd_diag *diag);

#endif
