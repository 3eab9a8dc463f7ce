/* libFuzzer target for whole HTTP requests: the real feed server
 * (dd_server_new, libmicrohttpd on 127.0.0.1, an ephemeral port) over a
 * small real register, and a client in the fuzzing thread that sends one
 * request per input and reads the answer. Every path a request can take
 * runs: the router, the feed cache, the API's JSON, the error and 4xx
 * writers, and the access log. Besides memory errors (ASan, UBSan in our
 * code on the server's thread) it checks that
 *   - every request gets an answer with a status line ("every request
 *     gets an answer": type=%ff once got none). One exception, which is
 *     libmicrohttpd 0.9.75's: a query of a few hundred empty arguments
 *     ("&&&&...") uses up the connection's memory pool (16 KB, some 50
 *     bytes an argument) while the request line is parsed; libmicrohttpd
 *     then logs "Not enough memory in pool" and a 431 but closes without
 *     sending it, or, with a little less, the server's answer is queued
 *     but there is no room left for its header ("failed to create
 *     response header"). That is accepted only when one of those lines
 *     is in the log;
 *   - the access log is printable ASCII, one line per request, whatever
 *     bytes the path, query or headers held (CR/LF once reached it);
 *   - no live token, session id or CSRF token ever appears whole in the
 *     log.
 * The pages are served too (web.auth local, an admin and a London RIM in
 * the register), and "$S", "$R" and "$C" anywhere in an input stand for
 * the admin's session id, the RIM's and the admin's CSRF token, so that
 * inputs reach the pages signed in and their forms past the CSRF check
 * (sessions a fuzzed sign-out ends are made again).
 *
 * Input: lines separated by '\n': the method, the path, the query, then
 * header lines ("Name: value"), then after an empty line a body. The
 * harness makes a request of them that HTTP can carry: a path or query
 * byte outside the request-target's characters is percent-encoded (a '%'
 * is left alone, so the fuzzer writes its own escapes), a header name
 * keeps its token characters, a value loses CR, LF and NUL, and the
 * harness sets Content-Length and Connection: close itself. */
#include "dueday/dueday.h"
#include "dueday/users.h"
#include "fuzz.h"
#include "server/server.h"
#include "service/session.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Two live subscribers (all visits; London only) and a revoked one, fixed
 * so that the dictionary and the seeds reach them. */
static const char *const tokens[] = {
    "0123456789abcdef0123456789abcdef01234567",
    "fedcba9876543210fedcba9876543210fedcba98",
    "00000000000000000000000000000000deadbeef",
};
static const char *const scopes[] = {"all", "region:London", "all"};

static dd_store *st;
static dd_config *cfg;
static dd_planner *planner;
static dd_server *sv;
static dd_server_options opt;
static char dir[64], db[128], logpath[128];
static int logfd = -1;
static char logbuf[1 << 16];
static size_t loglen;
/* The sessions of the admin and the RIM, and the admin's CSRF token. */
static char admin_sid[DD_SESSION_ID_BUFSIZE], rim_sid[DD_SESSION_ID_BUFSIZE];
static char admin_csrf[DD_SESSION_ID_BUFSIZE];

static void cleanup(void) {
  static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
  char path[160];
  dd_server_free(sv);
  sv = NULL;
  dd_planner_free(planner);
  dd_config_free(cfg);
  dd_store_close(st);
  if (opt.log != NULL)
    fclose(opt.log);
  if (logfd >= 0)
    close(logfd);
  for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
    snprintf(path, sizeof path, "%s%s", db, suffix[i]);
    unlink(path);
  }
  unlink(logpath);
  rmdir(dir);
}

static void add_visit(const char *id, const char *region, const char *start,
                      bool concerns) {
  dd_visit v = {.id = (char *)id,
                .type = "assurance",
                .name = "Fuzz Home",
                .urn = "SC000001",
                .setting = "children's home",
                .local_authority = "Leeds",
                .region = (char *)region,
                .division = "england-and-wales",
                .inspector = "i@example.org",
                .rim = "r@example.org",
                .days_on_site = 2,
                .concerns = concerns};
  dd_diag diag;
  CHECK(dd_date_parse(start, &v.start, NULL) == DD_OK);
  CHECK(dd_store_visit_add(st, &v, "fuzz", &diag) == DD_OK);
}

/* The session of email into sid (made again when it has ended: an input
 * may sign out), and its CSRF token into csrf when not NULL. Called
 * between requests, when the server is idle: the register connection is
 * the server's. */
static void session(const char *email, char sid[DD_SESSION_ID_BUFSIZE],
                    char *csrf) {
  dd_session s;
  dd_diag diag;
  const dd_web_config *web = dd_config_web(cfg);
  time_t now = time(NULL);
  if (sid[0] == '\0' ||
      dd__session_find(st, sid, now, web->session_idle, web->session_absolute,
                       &s, &diag) != DD_OK) {
    CHECK(dd__session_create(st, email, now, sid, &diag) == DD_OK);
    CHECK(dd__session_find(st, sid, now, web->session_idle,
                           web->session_absolute, &s, &diag) == DD_OK);
  }
  if (csrf != NULL)
    memcpy(csrf, s.csrf, DD_SESSION_ID_BUFSIZE);
}

static void add_user(const char *email, dd_role role, const char *regions) {
  dd_user u = {.email = (char *)email,
               .name = "Fuzz",
               .role = role,
               .regions = (char *)regions};
  dd_diag diag;
  CHECK(dd_store_user_add(st, &u, "fuzz", &diag) == DD_OK);
}

/* Once per process: the register in a temporary directory ($TMPDIR, which
 * fuzz/run.sh points into its scratch directory), the planner on the
 * built-in configuration and holiday data, and the server. */
static void start(void) {
  const char *tmp = getenv("TMPDIR");
  dd_diag diag;
  snprintf(dir, sizeof dir, "%.40s/fuzz_http.XXXXXX",
           tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
  CHECK(mkdtemp(dir) != NULL);
  snprintf(db, sizeof db, "%s/register.db", dir);
  snprintf(logpath, sizeof logpath, "%s/access.log", dir);
  CHECK(dd_store_open(db, DD_STORE_CREATE, &st, &diag) == DD_OK);
  atexit(cleanup);
  add_visit("V-LONDON", "London", "2020-12-07", false);
  add_visit("V-LEEDS", "Yorkshire", "2020-12-08", true);
  long id = 0;
  for (int i = 0; i < 3; i++) {
    char hash[DD_TOKEN_HASH_BUFSIZE];
    dd_token_hash(tokens[i], hash);
    CHECK(dd_store_subscriber_add(st, "sub", "sub@example.org", scopes[i], hash,
                                  "fuzz", &id, &diag) == DD_OK);
  }
  CHECK(dd_store_subscriber_revoke(st, id, "fuzz", &diag) == DD_OK);
  CHECK(dd_config_load_default(&cfg, &diag) == DD_OK);
  CHECK(dd_planner_new(cfg, getenv("DUEDAY_HOLIDAYS_DIR"), &planner, &diag) ==
        DD_OK);
  opt.log = fopen(logpath, "w");
  CHECK(opt.log != NULL);
  logfd = open(logpath, O_RDONLY);
  CHECK(logfd >= 0);
  add_user("admin@example.org", DD_ROLE_ADMIN, "");
  add_user("rim@example.org", DD_ROLE_RIM, "London");
  opt.address = "127.0.0.1";
  opt.port = 0;
  opt.st = st;
  opt.planner = planner;
  opt.web = dd_config_web(cfg); /* the built-in one: local sign-in */
  CHECK(dd_date_parse("2020-12-14", &opt.today, NULL) == DD_OK);
  CHECK(dd_server_new(&opt, &sv, &diag) == DD_OK);
}

/* Appends s[0..n) to the request, percent-encoding the bytes a
 * request-target cannot hold (RFC 3986 unreserved, sub-delims, ':', '@',
 * '/' and the extra characters allowed stay; '%' stays too). */
static size_t target(char *out, size_t o, size_t cap, const uint8_t *s,
                     size_t n, bool query) {
  static const char hex[] = "0123456789ABCDEF";
  for (size_t i = 0; i < n && o + 3 < cap; i++) {
    uint8_t c = s[i];
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                (c >= '0' && c <= '9') || strchr("-._~!$&'()*+,;=:@/%", c) ||
                (query && c == '?');
    if (c == 0)
      keep = false;
    if (keep) {
      out[o++] = (char)c;
    } else {
      out[o++] = '%';
      out[o++] = hex[c >> 4];
      out[o++] = hex[c & 15];
    }
  }
  return o;
}

static bool tchar(uint8_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || (c != 0 && strchr("!#$%&'*+-.^_`|~", c));
}

/* The next line of the input (without its '\n'), or false at the end. */
static bool next_line(const uint8_t **p, const uint8_t *end,
                      const uint8_t **line, size_t *n) {
  if (*p > end)
    return false;
  const uint8_t *nl = memchr(*p, '\n', (size_t)(end - *p));
  *line = *p;
  *n = (size_t)((nl != NULL ? nl : end) - *p);
  *p = nl != NULL ? nl + 1 : end + 1;
  return true;
}

/* Builds the request of an input into out; returns its length. */
static size_t build(const uint8_t *data, size_t size, char *out, size_t cap) {
  const uint8_t *p = data, *end = data + size, *line;
  size_t n, o = 0;
  /* The method: its token characters, GET when none. */
  if (next_line(&p, end, &line, &n))
    for (size_t i = 0; i < n && i < 16; i++)
      if (tchar(line[i]))
        out[o++] = (char)line[i];
  if (o == 0)
    o = (size_t)snprintf(out, cap, "GET");
  out[o++] = ' ';
  size_t path_at = o;
  if (next_line(&p, end, &line, &n))
    o = target(out, o, cap - 512, line, n, false);
  if (o == path_at || out[path_at] != '/') { /* origin-form: a leading '/' */
    memmove(out + path_at + 1, out + path_at, o - path_at);
    out[path_at] = '/';
    o++;
  }
  if (next_line(&p, end, &line, &n) && n > 0) {
    out[o++] = '?';
    o = target(out, o, cap - 512, line, n, true);
  }
  /* A Host the pages answer (a loopback name; any other is refused). */
  o += (size_t)snprintf(out + o, cap - o, " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  /* Headers, to the first empty line. */
  while (next_line(&p, end, &line, &n) && n > 0 && o + 256 < cap - 256) {
    size_t colon = 0;
    while (colon < n && line[colon] != ':')
      colon++;
    size_t start = o;
    for (size_t i = 0; i < colon && o < start + 64; i++)
      if (tchar(line[i]))
        out[o++] = (char)line[i];
    const char *name = out + start;
    size_t len = o - start;
    /* The harness owns framing and the connection's fate. */
    if (len == 0 ||
        (len == 14 && strncasecmp(name, "content-length", 14) == 0) ||
        (len == 17 && strncasecmp(name, "transfer-encoding", 17) == 0) ||
        (len == 10 && strncasecmp(name, "connection", 10) == 0) ||
        (len == 6 && strncasecmp(name, "expect", 6) == 0) ||
        (len == 4 && strncasecmp(name, "host", 4) == 0)) {
      o = start;
      continue;
    }
    out[o++] = ':';
    out[o++] = ' ';
    for (size_t i = colon + 1; i < n && o < start + 240; i++)
      if (line[i] != '\r' && line[i] != '\n' && line[i] != 0)
        out[o++] = (char)line[i];
    out[o++] = '\r';
    out[o++] = '\n';
  }
  /* The rest is the body. */
  size_t body = p < end ? (size_t)(end - p) : 0;
  if (body > 1024)
    body = 1024;
  o += (size_t)snprintf(out + o, cap - o,
                        "Connection: close\r\nContent-Length: %zu\r\n\r\n",
                        body);
  if (o + body <= cap) {
    memcpy(out + o, p, body);
    o += body;
  }
  return o;
}

/* Reads what the server has logged since the last call and checks each
 * whole line. Returns whether one says libmicrohttpd ran out of a
 * connection's memory pool. */
static bool check_log(void) {
  bool pool = false;
  for (;;) {
    ssize_t r = read(logfd, logbuf + loglen, sizeof logbuf - 1 - loglen);
    if (r <= 0)
      break;
    loglen += (size_t)r;
  }
  char *nl;
  logbuf[loglen] = '\0';
  while ((nl = memchr(logbuf, '\n', loglen)) != NULL) {
    for (char *c = logbuf; c < nl; c++)
      CHECK(*c >= 0x20 && *c < 0x7f);
    *nl = '\0';
    for (int i = 0; i < 3; i++)
      CHECK(strstr(logbuf, tokens[i]) == NULL);
    CHECK(strstr(logbuf, admin_sid) == NULL);
    CHECK(strstr(logbuf, rim_sid) == NULL);
    CHECK(strstr(logbuf, admin_csrf) == NULL);
    if (strstr(logbuf, "Not enough memory in pool") != NULL ||
        strstr(logbuf, "failed to create response header") != NULL)
      pool = true;
    size_t used = (size_t)(nl + 1 - logbuf);
    memmove(logbuf, nl + 1, loglen - used);
    loglen -= used;
  }
  /* A line longer than the buffer would be a bug of its own. */
  CHECK(loglen < sizeof logbuf - 1);
  return pool;
}

/* data with "$S", "$R" and "$C" replaced (see the top) into out, which
 * has room for 16 times size; returns its length. */
static size_t expand(const uint8_t *data, size_t size, uint8_t *out) {
  size_t o = 0;
  for (size_t i = 0; i < size; i++) {
    const char *with = NULL;
    if (data[i] == '$' && i + 1 < size)
      with = data[i + 1] == 'S'   ? admin_sid
             : data[i + 1] == 'R' ? rim_sid
             : data[i + 1] == 'C' ? admin_csrf
                                  : NULL;
    if (with != NULL) {
      memcpy(out + o, with, strlen(with));
      o += strlen(with);
      i++;
    } else {
      out[o++] = data[i];
    }
  }
  return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static char req[16384];
  static char resp[1 << 16];
  static uint8_t input[8192 * 16];
  if (sv == NULL)
    start();
  if (size > 8192)
    return 0;
  session("admin@example.org", admin_sid, admin_csrf);
  session("rim@example.org", rim_sid, NULL);
  size = expand(data, size, input);
  size_t len = build(input, size, req, sizeof req);
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(fd >= 0);
  struct sockaddr_in sa = {.sin_family = AF_INET,
                           .sin_port = htons((uint16_t)dd_server_port(sv)),
                           .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  /* Closed with a reset, not a FIN: ten thousand connections a second
   * would otherwise leave enough in TIME_WAIT to run out of ports. */
  struct linger reset = {1, 0};
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
  int tries = 0;
  while (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
    /* A full accept queue or a port still in use: the server's business
     * only if it lasts (then it has stopped accepting: a finding). */
    CHECK(++tries < 200);
    close(fd);
    fd = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(fd >= 0);
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    struct timespec pause = {0, 10000000};
    nanosleep(&pause, NULL);
  }
  for (size_t sent = 0; sent < len;) {
    ssize_t w = send(fd, req + sent, len - sent, MSG_NOSIGNAL);
    if (w <= 0)
      break; /* the server may answer and close before it has read all */
    sent += (size_t)w;
  }
  /* The answer: until the server closes (Connection: close), at most 5 s. */
  size_t got = 0;
  struct pollfd pfd = {.fd = fd, .events = POLLIN};
  for (int waited = 0; waited < 5000;) {
    int r = poll(&pfd, 1, 100);
    if (r == 0) {
      waited += 100;
      continue;
    }
    char *to = got < sizeof resp ? resp + got : resp;
    size_t room = got < sizeof resp ? sizeof resp - got : sizeof resp;
    ssize_t n = recv(fd, to, room, 0);
    if (n <= 0)
      break;
    if (got < sizeof resp)
      got += (size_t)n;
  }
  close(fd);
  bool pool = check_log();
  /* Every request gets an answer, and it is HTTP (but see the top). */
  if (got == 0 && pool)
    return 0;
  CHECK(got >= 12 && memcmp(resp, "HTTP/1.1 ", 9) == 0);
  CHECK(resp[9] >= '1' && resp[9] <= '5');
  return 0;
}
