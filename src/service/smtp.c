/* The libcurl adapter for SMTP: nothing outside this file sees libcurl.
 * One easy handle per session, so that libcurl keeps the connection open
 * from one message to the next; each message goes to one recipient, and
 * the server's answer is turned into an outcome the caller can act on. */
#include "smtp.h"

#include "mail.h"

#include "util.h"

#include <curl/curl.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* The header's "0: 30". */
#define DEFAULT_TIMEOUT 30L

struct dd_smtp {
  CURL *curl;
  char *url, *from, *username, *password, *ca_file;
  /* The last send failed: the next starts on a new connection, whatever
   * state the server was left in. */
  bool failed;
  /* The message libcurl is reading, and how far it has got. */
  const char *message;
  size_t len, pos;
  /* From libcurl's debug callback: the verb of the last command sent
   * ("MAIL", "RCPT", "DATA", ...) and the server's last reply line. */
  char verb[5];
  char reply[200];
  bool quitting;
  char error[CURL_ERROR_SIZE];
};

const char *dd_smtp_outcome_name(dd_smtp_outcome outcome) {
  switch (outcome) {
  case DD_SMTP_ACCEPTED:
    return "accepted";
  case DD_SMTP_TEMPORARY:
    return "temporary";
  case DD_SMTP_PERMANENT:
    return "permanent";
  case DD_SMTP_UNREACHABLE:
    return "unreachable";
  }
  return "unknown";
}

/* curl_global_init is not thread-safe and must run once before any other
 * libcurl call; pthread_once makes it so whoever opens the first session. */
static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_status = CURLE_FAILED_INIT;

static void global_init(void) {
  global_status = curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* The hosts plain text may go to: 127.0.0.0/8, ::1 (and ::ffff:127.x),
 * localhost, which libcurl resolves to loopback itself (since 7.78)
 * without asking DNS. The host is as curl_url() gives it: IPv6 addresses
 * in brackets, IPv4 ones normalised to dotted quads. */
static bool is_loopback(const char *host) {
  if (strcasecmp(host, "localhost") == 0 || strcasecmp(host, "localhost.") == 0)
    return true;
  char bare[64];
  size_t n = strlen(host);
  if (n >= 2 && host[0] == '[' && host[n - 1] == ']' && n - 2 < sizeof bare) {
    memcpy(bare, host + 1, n - 2);
    bare[n - 2] = '\0';
  } else if (n < sizeof bare) {
    memcpy(bare, host, n + 1);
  } else {
    return false;
  }
  struct in_addr a4;
  if (inet_pton(AF_INET, bare, &a4) == 1)
    return (ntohl(a4.s_addr) >> 24) == 127;
  struct in6_addr a6;
  if (inet_pton(AF_INET6, bare, &a6) == 1)
    return IN6_IS_ADDR_LOOPBACK(&a6) ||
           (IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127);
  return false;
}

/* The URL's parts that matter. Error messages never quote the URL itself:
 * it could hold a password. */
static int check_url(const dd_smtp_settings *s, dd_diag *diag) {
  CURLU *u = curl_url();
  if (u == NULL)
    return dd_diag_set(diag, DD_ENOMEM, "out of memory");
  char *scheme = NULL, *host = NULL, *user = NULL;
  int err = DD_OK;
  CURLUcode uc = curl_url_set(u, CURLUPART_URL, s->url, 0);
  if (uc != CURLUE_OK) {
    err = dd_diag_set(diag, DD_EINVAL, "SMTP server URL: %s",
                      curl_url_strerror(uc));
    goto done;
  }
  if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
      (strcmp(scheme, "smtp") != 0 && strcmp(scheme, "smtps") != 0)) {
    err = dd_diag_set(diag, DD_EINVAL,
                      "SMTP server URL: the scheme must be smtp or smtps, "
                      "not \"%.16s\"",
                      scheme != NULL ? scheme : "");
    goto done;
  }
  bool smtps = strcmp(scheme, "smtps") == 0;
  if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || *host == '\0') {
    err = dd_diag_set(diag, DD_EINVAL, "SMTP server URL: no host");
    goto done;
  }
  /* A user name in the URL means a password in it too, sooner or later,
   * and the URL is the kind of thing that ends up in a log. */
  if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK) {
    err = dd_diag_set(diag, DD_EINVAL,
                      "SMTP server URL: give the user name and password in "
                      "the settings, not in the URL");
    goto done;
  }
  if (s->allow_plaintext && !smtps && !is_loopback(host))
    err = dd_diag_set(diag, DD_EINVAL,
                      "SMTP without TLS is only allowed to a loopback "
                      "address, not to %.200s",
                      host);
done:
  curl_free(scheme);
  curl_free(host);
  curl_free(user);
  curl_url_cleanup(u);
  return err;
}

int dd_smtp_check(const dd_smtp_settings *s, dd_diag *diag) {
  if (s == NULL || s->url == NULL || *s->url == '\0')
    return dd_diag_set(diag, DD_EINVAL, "no SMTP server URL");
  int err = check_url(s, diag);
  if (err != DD_OK)
    return err;
  if (!dd_mail_address_valid(s->from))
    return dd_diag_set(diag, DD_EINVAL,
                       "the sender must be a bare address (name@domain), "
                       "without spaces, angle brackets or line breaks");
  if (s->username != NULL && *s->username != '\0') {
    for (const char *p = s->username; *p != '\0'; p++)
      if ((unsigned char)*p < 0x20 || *p == 0x7F)
        return dd_diag_set(diag, DD_EINVAL,
                           "the SMTP user name holds a control character");
    if (s->password == NULL)
      return dd_diag_set(diag, DD_EINVAL,
                         "an SMTP user name without a password");
  }
  if (s->timeout_seconds < 0)
    return dd_diag_set(diag, DD_EINVAL, "a negative SMTP timeout");
  if (s->ca_file != NULL && access(s->ca_file, R_OK) != 0)
    return dd_diag_set(diag, DD_EINVAL, "CA file %.300s cannot be read",
                       s->ca_file);
  return DD_OK;
}

/* libcurl reads the message from here, and does the dot-stuffing (RFC 5321
 * 4.5.2) and the final "." itself. */
static size_t read_message(char *dest, size_t size, size_t nmemb, void *arg) {
  dd_smtp *smtp = arg;
  size_t room = size * nmemb, left = smtp->len - smtp->pos;
  size_t n = left < room ? left : room;
  memcpy(dest, smtp->message + smtp->pos, n);
  smtp->pos += n;
  return n;
}

/* libcurl shows what it sends and receives only to a debug callback, and
 * CURLINFO_RESPONSE_CODE has the reply's code but not its text. So this
 * keeps the verb of each command sent and the last reply line received.
 * The lines sent after "AUTH" carry the credentials: of a line sent only
 * its first four letters are looked at, and only the verbs below kept. */
static int debug_cb(CURL *curl, curl_infotype type, char *data, size_t size,
                    void *arg) {
  (void)curl;
  dd_smtp *smtp = arg;
  if (type == CURLINFO_HEADER_OUT && size >= 4) {
    static const char *const verbs[] = {"EHLO", "HELO", "STAR", "AUTH",
                                        "MAIL", "RCPT", "DATA"};
    /* libcurl closes a connection after a failure with QUIT: neither it
     * nor what the server says to it is the answer to the message. */
    if (strncasecmp(data, "QUIT", 4) == 0)
      smtp->quitting = true;
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
      if (strncasecmp(data, verbs[i], 4) == 0)
        memcpy(smtp->verb, verbs[i], 5);
  } else if (type == CURLINFO_HEADER_IN && !smtp->quitting && size >= 3 &&
             data[0] >= '2' && data[0] <= '5') {
    size_t n = size < sizeof smtp->reply ? size : sizeof smtp->reply - 1;
    while (n > 0 && (data[n - 1] == '\n' || data[n - 1] == '\r'))
      n--;
    /* The text goes into a ledger and a report: no control characters. */
    for (size_t i = 0; i < n; i++) {
      unsigned char c = (unsigned char)data[i];
      smtp->reply[i] = (c < 0x20 || c == 0x7F) ? '?' : (char)c;
    }
    smtp->reply[n] = '\0';
  }
  return 0;
}

static char *copy_or_null(const char *s, bool *failed) {
  if (s == NULL || *s == '\0')
    return NULL;
  char *p = dd__strdup(s);
  if (p == NULL)
    *failed = true;
  return p;
}

/* Overwrites a secret before its memory goes back to the allocator. */
static void free_secret(char *s) {
  if (s == NULL)
    return;
  for (volatile char *p = s; *p != '\0'; p++)
    *p = '\0';
  free(s);
}

void dd_smtp_close(dd_smtp *smtp) {
  if (smtp == NULL)
    return;
  /* Sends QUIT on a connection still open, through the callbacks above:
   * smtp must outlive the handle. */
  if (smtp->curl != NULL)
    curl_easy_cleanup(smtp->curl);
  free(smtp->url);
  free(smtp->from);
  free(smtp->username);
  free_secret(smtp->password);
  free(smtp->ca_file);
  free(smtp);
}

int dd_smtp_open(const dd_smtp_settings *s, dd_smtp **out, dd_diag *diag) {
  *out = NULL;
  int err = dd_smtp_check(s, diag);
  if (err != DD_OK)
    return err;
  /* dd_smtp_check has made sure the scheme is one of the two. */
  bool smtps = strncasecmp(s->url, "smtps:", 6) == 0;
  pthread_once(&global_once, global_init);
  if (global_status != CURLE_OK)
    return dd_diag_set(diag, DD_ENET, "libcurl: %s",
                       curl_easy_strerror(global_status));

  dd_smtp *smtp = calloc(1, sizeof *smtp);
  if (smtp == NULL)
    return dd_diag_set(diag, DD_ENOMEM, "out of memory");
  bool failed = false;
  smtp->url = copy_or_null(s->url, &failed);
  smtp->from = copy_or_null(s->from, &failed);
  smtp->username = copy_or_null(s->username, &failed);
  if (smtp->username != NULL)
    smtp->password = dd__strdup(s->password);
  failed = failed || (smtp->username != NULL && smtp->password == NULL);
  smtp->ca_file = copy_or_null(s->ca_file, &failed);
  if (failed || (smtp->curl = curl_easy_init()) == NULL) {
    dd_smtp_close(smtp);
    return dd_diag_set(diag, DD_ENOMEM, "out of memory");
  }

  CURL *c = smtp->curl;
  long timeout = s->timeout_seconds > 0 ? s->timeout_seconds : DEFAULT_TIMEOUT;
  /* smtp:// without STARTTLS only when allowed, and then not even tried:
   * CURLUSESSL_TRY would fail on the self-signed certificate a local
   * relay typically has (Debian's Postfix offers STARTTLS with its
   * "snakeoil" one) while protecting nothing on loopback. */
  long use_ssl =
      smtps || !s->allow_plaintext ? (long)CURLUSESSL_ALL : CURLUSESSL_NONE;
  CURLcode rc = CURLE_OK;
#define SET(option, value)                                                     \
  do {                                                                         \
    if (rc == CURLE_OK)                                                        \
      rc = curl_easy_setopt(c, option, value);                                 \
  } while (0)
  SET(CURLOPT_URL, smtp->url);
  /* Nothing but SMTP, and straight to the host named: a proxy from the
   * environment (ALL_PROXY) would make "loopback" mean something else. */
  SET(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  SET(CURLOPT_PROXY, "");
  SET(CURLOPT_MAIL_FROM, smtp->from);
  SET(CURLOPT_USE_SSL, use_ssl);
  SET(CURLOPT_SSL_VERIFYPEER, 1L);
  SET(CURLOPT_SSL_VERIFYHOST, 2L);
  if (smtp->ca_file != NULL)
    SET(CURLOPT_CAINFO, smtp->ca_file);
  if (smtp->username != NULL) {
    SET(CURLOPT_USERNAME, smtp->username);
    SET(CURLOPT_PASSWORD, smtp->password);
  }
  /* The header's "connect, and each reply": CURLOPT_SERVER_RESPONSE_TIMEOUT
   * bounds the wait for each reply (the one to the message's data
   * included), the low-speed limit a stalled upload of the data. A total
   * CURLOPT_TIMEOUT would cut off a large message on a slow link. */
  SET(CURLOPT_CONNECTTIMEOUT, timeout);
  SET(CURLOPT_SERVER_RESPONSE_TIMEOUT, timeout);
  SET(CURLOPT_LOW_SPEED_LIMIT, 1L);
  SET(CURLOPT_LOW_SPEED_TIME, timeout);
  SET(CURLOPT_NOSIGNAL, 1L);
  SET(CURLOPT_UPLOAD, 1L);
  SET(CURLOPT_READFUNCTION, read_message);
  SET(CURLOPT_READDATA, smtp);
  SET(CURLOPT_ERRORBUFFER, smtp->error);
  SET(CURLOPT_DEBUGFUNCTION, debug_cb);
  SET(CURLOPT_DEBUGDATA, smtp);
  /* With a debug callback, VERBOSE prints nothing: it turns the callback
   * on. */
  SET(CURLOPT_VERBOSE, 1L);
  /* One connection kept: when a failure makes the next send open a fresh
   * one, the old one is closed rather than kept for later reuse. */
  SET(CURLOPT_MAXCONNECTS, 1L);
#undef SET
  if (rc != CURLE_OK) {
    dd_smtp_close(smtp);
    return dd_diag_set(diag, DD_ENET, "libcurl: %s", curl_easy_strerror(rc));
  }
  *out = smtp;
  return DD_OK;
}

static dd_smtp_outcome classify(const dd_smtp *smtp, CURLcode rc, long code) {
  if (rc == CURLE_OK)
    return DD_SMTP_ACCEPTED;
  /* A refusal is about this message only when it answers the message's own
   * commands. A refusal of the greeting, EHLO, STARTTLS or AUTH is about
   * the connection or the configuration, like a timeout or a TLS failure
   * (whatever code came before it): every message would meet it. */
  bool transaction = strcmp(smtp->verb, "MAIL") == 0 ||
                     strcmp(smtp->verb, "RCPT") == 0 ||
                     strcmp(smtp->verb, "DATA") == 0;
  if (!transaction || code < 400 || code > 599)
    return DD_SMTP_UNREACHABLE;
  switch (code) {
  case 421: /* "Service not available, closing transmission channel" */
  case 530: /* authentication (or STARTTLS) required (RFC 4954 6) */
  case 534: /* authentication mechanism too weak */
  case 535: /* authentication credentials invalid */
  case 538: /* encryption required for the mechanism */
    return DD_SMTP_UNREACHABLE;
  }
  if (code >= 500 && strcmp(smtp->verb, "MAIL") == 0)
    return DD_SMTP_UNREACHABLE; /* the sender is refused: every message is */
  return code < 500 ? DD_SMTP_TEMPORARY : DD_SMTP_PERMANENT;
}

void dd_smtp_send(dd_smtp *smtp, const char *to, const char *message,
                  size_t len, dd_smtp_result *result) {
  memset(result, 0, sizeof *result);
  if (!dd_mail_address_valid(to)) {
    result->outcome = DD_SMTP_PERMANENT;
    snprintf(result->text, sizeof result->text,
             "not a valid recipient address");
    return;
  }
  struct curl_slist *rcpt = curl_slist_append(NULL, to);
  if (rcpt == NULL) {
    /* Nothing was sent; out of memory, the rest of the run would fare no
     * better. */
    result->outcome = DD_SMTP_UNREACHABLE;
    snprintf(result->text, sizeof result->text, "out of memory");
    return;
  }
  smtp->message = message != NULL ? message : "";
  smtp->len = message != NULL ? len : 0;
  smtp->pos = 0;
  smtp->verb[0] = smtp->reply[0] = smtp->error[0] = '\0';
  smtp->quitting = false;
  curl_easy_setopt(smtp->curl, CURLOPT_MAIL_RCPT, rcpt);
  /* After a failure the server may still be inside the transaction it
   * refused (a new MAIL FROM would get "503 nested MAIL command"), or the
   * connection may be half dead: start over. libcurl 7.88 closes the
   * connection after a failed transfer anyway (with QUIT); this keeps it
   * so whatever libcurl does. */
  curl_easy_setopt(smtp->curl, CURLOPT_FRESH_CONNECT, smtp->failed ? 1L : 0L);
  CURLcode rc = curl_easy_perform(smtp->curl);
  long code = 0;
  curl_easy_getinfo(smtp->curl, CURLINFO_RESPONSE_CODE, &code);
  curl_easy_setopt(smtp->curl, CURLOPT_MAIL_RCPT, NULL);
  curl_slist_free_all(rcpt);
  smtp->message = NULL;
  smtp->failed = rc != CURLE_OK;

  result->outcome = classify(smtp, rc, code);
  result->code = (int)code;
  const char *why =
      smtp->error[0] != '\0' ? smtp->error : curl_easy_strerror(rc);
  char code_text[16];
  snprintf(code_text, sizeof code_text, "%ld", code);
  if (rc == CURLE_OK || result->outcome != DD_SMTP_UNREACHABLE ||
      (code >= 400 && smtp->reply[0] != '\0' && strstr(why, code_text)))
    /* The server's own words: "550 5.1.1 mailbox unavailable", rather than
     * libcurl's "RCPT failed: 550". */
    snprintf(result->text, sizeof result->text, "%s", smtp->reply);
  else if (code >= 400 && smtp->reply[0] != '\0')
    /* "Login denied: 535 5.7.8 Authentication credentials invalid". */
    snprintf(result->text, sizeof result->text, "%.50s: %.199s", why,
             smtp->reply);
  else
    snprintf(result->text, sizeof result->text, "%s", why);
}
