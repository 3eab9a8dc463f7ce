/* The libmicrohttpd adapter. Routes:
 *   GET|HEAD /feeds/<token>.ics         the subscriber's feed (ETag, 304)
 *   GET|HEAD /api/visits/<id>?token=T   a visit's schedule, if in scope
 *   GET|HEAD /api/when?token=T&type=&start=[&days=&concerns=1&division=]
 * Anything else with GET is a plain 404, other methods 405, a request with
 * a body or an overlong URL 400. One thread serves every connection and
 * owns the register connection; connection count, per-address count,
 * idle time and request size are all limited so that slow or greedy
 * clients cannot exhaust it. */
#include "server.h"

#include "output/schedule_json.h"
#include "route.h"

#include <jansson.h>
#include <microhttpd.h>

#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CACHE_SLOTS 64

/* A feed made for a token, kept while the register is unchanged (PRAGMA
 * data_version) and today is the same: a calendar polling every minute
 * then costs a hash and a version check, not a feed, nor even the
 * subscriber's lookup (a revocation is a change to the register, which
 * moves the version). The answers are kept as libmicrohttpd responses,
 * headers and all: a response is reference counted and can be queued on
 * any number of connections, so a request neither copies the feed nor
 * builds headers, and one still sending keeps its feed alive after the
 * slot moves on. */
struct cached_feed {
  char token_hash[DD_TOKEN_HASH_BUFSIZE];
  long data_version;
  dd_date today;
  char etag[40];
  size_t len;
  struct MHD_Response *full;         /* 200: owns the feed's text */
  struct MHD_Response *not_modified; /* 304: the validators only */
  unsigned long used;
};

struct server {
  const dd_server_options *opt;
  struct cached_feed cache[CACHE_SLOTS];
  unsigned long clock;
  long version;           /* the register's data_version, as last read */
  long long version_read; /* when, in ns of CLOCK_MONOTONIC; -1: never */
  time_t logged_at;       /* the second the access log's time is of */
  bool state_logged;      /* that feed state could not be kept, once */
  char logged_time[32];   /* it, formatted */
};

/* Today as the caller pinned it, else the local date now. */
static bool server_today(const struct server *sv, dd_date *out) {
  if (sv->opt->today != 0) {
    *out = sv->opt->today;
    return true;
  }
  return dd_local_date(time(NULL), out) == DD_OK;
}

/* The register's data_version, read at most once a millisecond: reading it
 * is a SQLite statement and file locks, and reading it for every request
 * held the server to four fifths of the 304s a second it answers without
 * (bench/run.sh), while a calendar polling a feed cannot tell a change
 * shown 1 ms late from one shown at once. A command that changes the
 * register is a process of its own, which takes longer than that to start
 * and end, so its change still shows on the next request. False when the
 * version cannot be read. */
static bool data_version(struct server *sv, long *version) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  long long now = (long long)ts.tv_sec * 1000000000 + ts.tv_nsec;
  if (sv->version_read < 0 || now - sv->version_read >= 1000000) {
    if (dd_store_data_version(sv->opt->st, &sv->version) != DD_OK) {
      sv->version_read = -1;
      return false;
    }
    sv->version_read = now;
  }
  *version = sv->version;
  return true;
}

/* Per request: what the access log needs once it is done. */
struct request {
  char method[8];
  char path[64];
  unsigned status;
  size_t bytes;
};

/* Queues a response; last_modified is an HTTP date or NULL. */
static enum MHD_Result send_full(struct MHD_Connection *c, struct request *r,
                                 unsigned status, const char *type, char *body,
                                 size_t len, bool owned, const char *etag,
                                 const char *last_modified) {
  struct MHD_Response *resp = MHD_create_response_from_buffer(
      len, body, owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
  if (resp == NULL) {
    if (owned)
      free(body);
    return MHD_NO;
  }
  if (type != NULL)
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
  if (etag != NULL)
    MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag);
  if (last_modified != NULL && last_modified[0] != '\0')
    MHD_add_response_header(resp, MHD_HTTP_HEADER_LAST_MODIFIED, last_modified);
  if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
    MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
                          "private, no-cache");
  r->status = status;
  r->bytes = len;
  enum MHD_Result ret = MHD_queue_response(c, status, resp);
  MHD_destroy_response(resp);
  return ret;
}

static enum MHD_Result send_text(struct MHD_Connection *c, struct request *r,
                                 unsigned status, const char *type, char *body,
                                 size_t len, bool owned, const char *etag) {
  return send_full(c, r, status, type, body, len, owned, etag, NULL);
}

static enum MHD_Result plain(struct MHD_Connection *c, struct request *r,
                             unsigned status, const char *text) {
  return send_text(c, r, status, "text/plain; charset=utf-8", (char *)text,
                   strlen(text), false, NULL);
}

static const char not_found[] = "Not found\n";

static bool etag_matches(struct MHD_Connection *c, const char *etag) {
  const char *inm =
      MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
  if (inm == NULL)
    return false;
  return strcmp(inm, "*") == 0 || strstr(inm, etag) != NULL;
}

static void make_etag(const char *text, char out[40]) {
  char hash[DD_TOKEN_HASH_BUFSIZE];
  dd_token_hash(text, hash);
  snprintf(out, 40, "\"%.32s\"", hash);
}

/* The subscriber a token names, or false (and a 404 to send). */
static bool subscriber(struct server *sv, const char *token, dd_subscriber *s,
                       char hash[DD_TOKEN_HASH_BUFSIZE]) {
  if (token == NULL || !dd_token_well_formed(token))
    return false;
  dd_token_hash(token, hash);
  return dd_store_subscriber_find(sv->opt->st, hash, s, NULL) == DD_OK;
}

/* Drops a slot's feed; responses still being sent keep theirs. */
static void cache_clear(struct cached_feed *slot) {
  if (slot->full != NULL)
    MHD_destroy_response(slot->full);
  if (slot->not_modified != NULL)
    MHD_destroy_response(slot->not_modified);
  memset(slot, 0, sizeof *slot);
}

/* The slot of the token with this hash, or NULL. */
static struct cached_feed *cache_find(struct server *sv, const char *hash) {
  for (int i = 0; i < CACHE_SLOTS; i++)
    if (sv->cache[i].full != NULL && strcmp(sv->cache[i].token_hash, hash) == 0)
      return &sv->cache[i];
  return NULL;
}

/* The slot of the token with this hash, emptied: its own, else the least
 * recently used. */
static struct cached_feed *cache_slot(struct server *sv, const char *hash) {
  struct cached_feed *slot = cache_find(sv, hash);
  if (slot == NULL) {
    slot = &sv->cache[0];
    for (int i = 1; i < CACHE_SLOTS; i++)
      if (sv->cache[i].used < slot->used)
        slot = &sv->cache[i];
  }
  cache_clear(slot);
  snprintf(slot->token_hash, sizeof slot->token_hash, "%s", hash);
  return slot;
}

/* The 200 or 304 response of a feed, with its validators. */
static struct MHD_Response *feed_response(unsigned status, char *text,
                                          size_t len, const char *etag,
                                          const char *last_modified) {
  struct MHD_Response *resp =
      status == MHD_HTTP_OK
          ? MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE)
          : MHD_create_response_from_buffer(0, (void *)"",
                                            MHD_RESPMEM_PERSISTENT);
  if (resp == NULL)
    return NULL;
  if (status == MHD_HTTP_OK)
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                            "text/calendar; charset=utf-8");
  MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag);
  if (last_modified[0] != '\0')
    MHD_add_response_header(resp, MHD_HTTP_HEADER_LAST_MODIFIED, last_modified);
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
                          "private, no-cache");
  return resp;
}

/* Builds the feed of subscriber s into the slot of hash; false (with the
 * status to answer) when it cannot. */
static bool cache_fill(struct server *sv, const dd_subscriber *s,
                       const char *hash, long version, dd_date today,
                       struct cached_feed **out, unsigned *status) {
  dd_scope_kind kind;
  const char *value;
  char name[256], *text = NULL;
  size_t len, n;
  dd_diag diag;
  int err = dd_scope_parse(s->scope, &kind, &value, &diag);
  snprintf(name, sizeof name, "dueday: %s", s->name);
  if (err == DD_OK)
    err = dd_feed_build(sv->opt->st, sv->opt->planner, kind, value, name, today,
                        dd_feed_dtstamp(today, sv->opt->today != 0), &text,
                        &len, &n, &diag);
  if (err != DD_OK) {
    fprintf(sv->opt->log, "dueday serve: subscriber %ld: %s\n", s->id,
            diag.message);
    *status = err == DD_ENOTFOUND ? MHD_HTTP_NOT_FOUND
                                  : MHD_HTTP_INTERNAL_SERVER_ERROR;
    return false;
  }
  /* Served all the same (a read-only register, a full disk): said once,
   * not per request. */
  if (diag.message[0] != '\0' && !sv->state_logged) {
    fprintf(sv->opt->log, "dueday serve: %s (not logged again)\n",
            diag.message);
    sv->state_logged = true;
  }
  struct cached_feed *slot = cache_slot(sv, hash);
  slot->today = today;
  slot->len = len;
  /* The version read before the build: a change made since, even during
   * it, moves the version away from this, and the next request builds
   * again. (The build's own feed-state commit does not move it: PRAGMA
   * data_version counts other connections' commits.) */
  slot->data_version = version;
  make_etag(text, slot->etag);
  time_t changed = 0;
  char last_modified[40] = "";
  if (dd_store_last_change(sv->opt->st, &changed) == DD_OK && changed > 0) {
    struct tm tm;
    gmtime_r(&changed, &tm);
    strftime(last_modified, sizeof last_modified, "%a, %d %b %Y %H:%M:%S GMT",
             &tm);
  }
  slot->full = feed_response(MHD_HTTP_OK, text, len, slot->etag, last_modified);
  if (slot->full == NULL)
    free(text);
  slot->not_modified =
      feed_response(MHD_HTTP_NOT_MODIFIED, NULL, 0, slot->etag, last_modified);
  if (slot->full == NULL || slot->not_modified == NULL) {
    cache_clear(slot);
    *status = MHD_HTTP_INTERNAL_SERVER_ERROR;
    return false;
  }
  *out = slot;
  return true;
}

static enum MHD_Result serve_feed(struct server *sv, struct MHD_Connection *c,
                                  struct request *r, const char *token) {
  char hash[DD_TOKEN_HASH_BUFSIZE];
  dd_token_hash(token, hash); /* the route let through well-formed ones only */
  dd_date today;
  long version = -1;
  bool dated = server_today(sv, &today) && data_version(sv, &version);
  struct cached_feed *slot = dated ? cache_find(sv, hash) : NULL;
  if (slot != NULL && (slot->data_version != version || slot->today != today))
    slot = NULL;
  if (slot == NULL) {
    dd_subscriber s;
    if (!subscriber(sv, token, &s, hash)) {
      struct cached_feed *stale = cache_find(sv, hash);
      if (stale != NULL)
        cache_clear(stale); /* revoked: its feed goes now */
      return plain(c, r, MHD_HTTP_NOT_FOUND, not_found);
    }
    unsigned status = MHD_HTTP_INTERNAL_SERVER_ERROR;
    bool ok = dated && cache_fill(sv, &s, hash, version, today, &slot, &status);
    dd_subscriber_clear(&s);
    if (!ok)
      return plain(c, r, status,
                   status == MHD_HTTP_NOT_FOUND ? not_found : "Server error\n");
  }
  slot->used = ++sv->clock;
  bool same = etag_matches(c, slot->etag);
  r->status = same ? MHD_HTTP_NOT_MODIFIED : MHD_HTTP_OK;
  r->bytes = same ? 0 : slot->len;
  return MHD_queue_response(c, r->status,
                            same ? slot->not_modified : slot->full);
}

static bool in_scope(const dd_subscriber *s, const dd_visit *v) {
  dd_scope_kind kind;
  const char *value;
  return dd_scope_parse(s->scope, &kind, &value, NULL) == DD_OK &&
         dd_scope_includes(kind, value, v);
}

static enum MHD_Result send_json(struct MHD_Connection *c, struct request *r,
                                 json_t *o) {
  char *text = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
  json_decref(o);
  if (text == NULL)
    return plain(c, r, MHD_HTTP_INTERNAL_SERVER_ERROR, "Server error\n");
  return send_text(c, r, MHD_HTTP_OK, "application/json", text, strlen(text),
                   true, NULL);
}

static enum MHD_Result json_error(struct MHD_Connection *c, struct request *r,
                                  unsigned status, const char *message) {
  json_t *o = json_pack("{s:s}", "error", message);
  char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
  json_decref(o);
  if (text == NULL)
    return MHD_NO;
  return send_text(c, r, status, "application/json", text, strlen(text), true,
                   NULL);
}

/* The subscriber of the request's ?token=, or false (and a 404 to send). */
static bool api_subscriber(struct server *sv, struct MHD_Connection *c,
                           dd_subscriber *s) {
  char hash[DD_TOKEN_HASH_BUFSIZE];
  return subscriber(
      sv, MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token"), s,
      hash);
}

static enum MHD_Result serve_visit(struct server *sv, struct MHD_Connection *c,
                                   struct request *r, const char *id) {
  dd_subscriber s;
  if (!api_subscriber(sv, c, &s))
    return plain(c, r, MHD_HTTP_NOT_FOUND, not_found);
  dd_visit v;
  dd_recorded *events = NULL;
  size_t n = 0;
  dd_date today;
  dd_schedule sched = {0};
  enum MHD_Result ret;
  /* A visit outside the subscriber's scope is as absent as a missing one:
   * nobody learns that a visit with concerns exists elsewhere. */
  if (!server_today(sv, &today) ||
      dd_store_visit_get(sv->opt->st, id, &v, &events, &n, NULL) != DD_OK) {
    ret = plain(c, r, MHD_HTTP_NOT_FOUND, not_found);
  } else {
    dd_diag diag;
    if (!in_scope(&s, &v))
      ret = plain(c, r, MHD_HTTP_NOT_FOUND, not_found);
    else if (dd_planner_schedule(sv->opt->planner, &v, events, n, today, &sched,
                                 &diag) != DD_OK)
      ret = json_error(c, r, MHD_HTTP_UNPROCESSABLE_CONTENT, diag.message);
    else {
      json_t *o = dd__schedule_json(&sched, v.division, NULL);
      json_object_set_new(json_object_get(o, "visit"), "id", json_string(v.id));
      json_object_set_new(json_object_get(o, "visit"), "name",
                          json_string(v.name));
      ret = send_json(c, r, o);
    }
    dd_visit_clear(&v);
    dd_recorded_list_free(events, n);
  }
  dd_schedule_clear(&sched);
  dd_subscriber_clear(&s);
  return ret;
}

static enum MHD_Result serve_when(struct server *sv, struct MHD_Connection *c,
                                  struct request *r) {
  dd_subscriber s;
  if (!api_subscriber(sv, c, &s))
    return plain(c, r, MHD_HTTP_NOT_FOUND, not_found);
  dd_subscriber_clear(&s);
#define ARG(name) MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, name)
  const char *type = ARG("type"), *start = ARG("start"), *days = ARG("days");
  const char *concerns = ARG("concerns"), *division = ARG("division");
#undef ARG
  if (type == NULL || start == NULL)
    return json_error(c, r, MHD_HTTP_BAD_REQUEST,
                      "type and start are required");
  dd_visit v = {.id = "when",
                .type = (char *)type,
                .name = "",
                .urn = "",
                .setting = "",
                .local_authority = "",
                .region = "",
                .division = (char *)(division ? division : ""),
                .inspector = "",
                .rim = ""};
  const char *why = NULL;
  char msg[160];
  if (dd_date_parse(start, &v.start, &why) != DD_OK) {
    snprintf(msg, sizeof msg, "invalid start \"%.40s\": %s", start, why);
    return json_error(c, r, MHD_HTTP_BAD_REQUEST, msg);
  }
  if (days != NULL) {
    char *end;
    long d = strtol(days, &end, 10);
    if (*end != '\0' || d < 1 || d > 30)
      return json_error(c, r, MHD_HTTP_BAD_REQUEST, "days must be 1 to 30");
    v.days_on_site = (int)d;
  }
  v.concerns = concerns != NULL && strcmp(concerns, "1") == 0;
  if (division != NULL && !dd_division_known(division))
    return json_error(c, r, MHD_HTTP_BAD_REQUEST, "unknown division");
  dd_date today;
  dd_schedule sched;
  dd_diag diag;
  if (!server_today(sv, &today))
    return plain(c, r, MHD_HTTP_INTERNAL_SERVER_ERROR, "Server error\n");
  /* Not a registered visit: checked as a new one (a start that is not a
   * working day is an error, not a warning). */
  if (dd_planner_schedule_checked(sv->opt->planner, &v, NULL, 0, today, 0,
                                  &sched, &diag) != DD_OK)
    return json_error(c, r, MHD_HTTP_BAD_REQUEST, diag.message);
  json_t *o = dd__schedule_json(&sched, division ? division : "", NULL);
  dd_schedule_clear(&sched);
  return send_json(c, r, o);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
                              const char *url, const char *method,
                              const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls) {
  (void)version;
  (void)upload_data;
  struct server *sv = cls;
  struct request *r = *con_cls;
  if (r == NULL) {
    /* The first call only announces the request. Answering now would make
     * libmicrohttpd close the connection (no keep-alive): answer on the
     * second call, once any body has been seen. */
    if ((r = calloc(1, sizeof *r)) == NULL)
      return MHD_NO;
    snprintf(r->method, sizeof r->method, "%s", method);
    if (strncmp(url, "/feeds/", 7) == 0)
      snprintf(r->path, sizeof r->path, "/feeds/%.6s....ics", url + 7);
    else
      snprintf(r->path, sizeof r->path, "%.60s", url);
    *con_cls = r;
    return MHD_YES;
  }
  if (*upload_data_size != 0) {
    *upload_data_size = 0; /* swallow it; a feed server takes no bodies */
    r->status = MHD_HTTP_BAD_REQUEST;
    return MHD_YES;
  }
  if (r->status == MHD_HTTP_BAD_REQUEST)
    return plain(c, r, MHD_HTTP_BAD_REQUEST, "Bad request\n");
  if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
      strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
    return plain(c, r, MHD_HTTP_METHOD_NOT_ALLOWED, "Method not allowed\n");
  char arg[DD_ROUTE_ARGSIZE];
  switch (dd_route_parse(url, arg, sizeof arg)) {
  case DD_ROUTE_FEED:
    return serve_feed(sv, c, r, arg);
  case DD_ROUTE_VISIT:
    return serve_visit(sv, c, r, arg);
  case DD_ROUTE_WHEN:
    return serve_when(sv, c, r);
  case DD_ROUTE_BAD_REQUEST:
    return plain(c, r, MHD_HTTP_BAD_REQUEST, "Bad request\n");
  case DD_ROUTE_NOT_FOUND:
    break;
  }
  return plain(c, r, MHD_HTTP_NOT_FOUND, not_found);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe) {
  struct server *sv = cls;
  struct request *r = *con_cls;
  (void)toe;
  if (r == NULL)
    return;
  const union MHD_ConnectionInfo *info =
      MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  char addr[INET6_ADDRSTRLEN] = "-";
  if (info != NULL && info->client_addr != NULL &&
      info->client_addr->sa_family == AF_INET)
    inet_ntop(AF_INET,
              &((const struct sockaddr_in *)(const void *)info->client_addr)
                   ->sin_addr,
              addr, sizeof addr);
  /* The time formatted once a second, not once a request. */
  time_t now = time(NULL);
  if (now != sv->logged_at) {
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(sv->logged_time, sizeof sv->logged_time, "%Y-%m-%dT%H:%M:%SZ",
             &tm);
    sv->logged_at = now;
  }
  /* One line per request; the token is cut to its first six characters so
   * the log does not hand out working links. */
  fprintf(sv->opt->log, "%s %s %s %s %u %zu\n", sv->logged_time, addr,
          r->method, r->path, r->status, r->bytes);
  fflush(sv->opt->log);
  free(r);
  *con_cls = NULL;
}

/* libmicrohttpd's own messages ("Failed to send the response body for the
 * request for `/feeds/<token>.ics'", when a client goes away mid-feed) name
 * the path, and for a feed the path is the secret link: each token in one
 * (after "/feeds/" or "token=") is cut to its first six characters, as in
 * the access log. */
__attribute__((format(printf, 2, 0))) static void
mhd_message(void *cls, const char *fmt, va_list ap) {
  struct server *sv = cls;
  char msg[512];
  vsnprintf(msg, sizeof msg, fmt, ap);
  static const char *const marks[] = {"/feeds/", "token="};
  for (size_t m = 0; m < sizeof marks / sizeof marks[0]; m++) {
    size_t k = strlen(marks[m]);
    for (char *p = strstr(msg, marks[m]); p != NULL; p = strstr(p, marks[m])) {
      p += k;
      size_t n = strspn(p, "0123456789abcdefABCDEF");
      if (n > 9) { /* six kept, the rest becomes "..." */
        memcpy(p + 6, "...", 3);
        memmove(p + 9, p + n, strlen(p + n) + 1);
      }
    }
  }
  size_t len = strlen(msg);
  fprintf(sv->opt->log, "dueday serve: %s%s", msg,
          len > 0 && msg[len - 1] == '\n' ? "" : "\n");
  fflush(sv->opt->log);
}

int dd_server_run(const dd_server_options *opt, dd_diag *diag) {
  struct server sv = {.opt = opt, .version_read = -1};
  struct sockaddr_in sa = {.sin_family = AF_INET,
                           .sin_port = htons((uint16_t)opt->port)};
  if (inet_pton(AF_INET, opt->address, &sa.sin_addr) != 1)
    return dd_diag_set(diag, DD_EINVAL,
                       "cannot listen on \"%s\": not an IPv4 "
                       "address",
                       opt->address);
  struct MHD_Daemon *d = MHD_start_daemon(
      MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG,
      (uint16_t)opt->port, NULL, NULL, handle, &sv,
      /* First, so that no message goes to the default logger. */
      MHD_OPTION_EXTERNAL_LOGGER, mhd_message, &sv, MHD_OPTION_SOCK_ADDR,
      (struct sockaddr *)&sa, MHD_OPTION_CONNECTION_LIMIT, (unsigned)512,
      MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)128,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)15,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16384,
      MHD_OPTION_NOTIFY_COMPLETED, completed, &sv, MHD_OPTION_END);
  if (d == NULL)
    return dd_diag_set(diag, DD_ENET, "cannot listen on %s:%d: %s",
                       opt->address, opt->port, strerror(errno));
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int sig = 0;
  while (sigwait(&set, &sig) != 0)
    ;
  fprintf(opt->log, "dueday serve: %s, stopping\n",
          sig == SIGINT ? "SIGINT" : "SIGTERM");
  MHD_stop_daemon(d);
  for (int i = 0; i < CACHE_SLOTS; i++)
    cache_clear(&sv.cache[i]);
  return DD_OK;
}
