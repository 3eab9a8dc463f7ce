/* The libmicrohttpd adapter. Routes:
 *   GET|HEAD /feeds/<token>.ics         the subscriber's feed (ETag, 304)
 *   GET|HEAD /api/visits/<id>?token=T   a visit's schedule, if in scope
 *   GET|HEAD /api/when?token=T&type=&start=[&days=&concerns=yes&division=
 *            &milestone=]
 *   the web pages, their assets, /sign-in, /sign-out (web.c decides; a
 *   page's POST may have a urlencoded body of up to DD_FORM_BODY_MAX)
 * Anything else with GET is a plain 404, other methods 405, a request with
 * a body, an overlong URL or a path or query that is not UTF-8 400; every
 * request gets an answer. Two threads share the connections, and one lock
 * the register connection, the cache and the rest of the server's state.
 * Connection count, per-address count, idle time,
 * the whole time a request may take to arrive and request size are all
 * limited, so that slow or greedy clients cannot exhaust it. */
/* memfd_create(2), for the assets (see asset_body). */
#define _GNU_SOURCE
#include "server.h"

#include "form.h"
#include "health.h"
#include "metrics.h"
#include "netaddr.h"
#include "output/schedule_json.h"
#include "route.h"
#include "tls.h"
#include "web.h"
#include "web/assets.h"

#include <jansson.h>
#include <microhttpd.h>
#include <zlib.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* The feed cache's hash table: buckets enough that 10,000 subscribers
 * still mean short chains. */
#define CACHE_BUCKETS 4096

/* A feed made for a token, kept while the register is unchanged (PRAGMA
 * data_version) and today is the same: a calendar polling every minute
 * then costs a hash and a version check, not a feed, nor even the
 * subscriber's lookup (a revocation is a change to the register, which
 * moves the version). The answers are kept as libmicrohttpd responses,
 * headers and all: a response is reference counted and can be queued on
 * any number of connections, so a request neither copies the feed nor
 * builds headers, and one still sending keeps its feed alive after the
 * entry goes. */
struct cached_feed {
  char token_hash[DD_TOKEN_HASH_BUFSIZE];
  long data_version;
  dd_date today;
  char etag[40];
  size_t len;                        /* of the text */
  struct MHD_Response *full;         /* 200: owns the feed's text */
  struct MHD_Response *not_modified; /* 304: the validators only */
  /* The same, gzip-compressed, for the clients that take it (a feed is a
   * fifth of its size so); NULL when it could not be made. */
  char gzip_etag[44];
  struct MHD_Response *gzip_full, *gzip_not_modified;
  size_t gzip_len;
  time_t modified;           /* Last-Modified, for If-Modified-Since */
  struct cached_feed *chain; /* the next in its bucket */
  long subscriber;           /* its id, for the fetch's record */
  time_t seen_at;            /* when a fetch of it was last recorded; 0 never */
};

/* The cache: a hash table of the tokens' hashes, bounded by the bytes of
 * feed text it holds. It used to be 64 slots with least-recently-used
 * eviction: 65 subscribers polling in turn evicted each feed just before
 * it was asked for again, and every request built a feed (704 requests a
 * second at 64 subscribers, 10 at 65). Now every subscriber's feed stays
 * until the memory bound, which holds thousands of ordinary feeds; past
 * it, a random entry goes. Calendars poll in cycles, and a cycle longer
 * than the cache is exactly what LRU gets wrong every time, while random
 * eviction still serves about the share of feeds that fits. */
struct cache {
  struct cached_feed *bucket[CACHE_BUCKETS];
  size_t bytes, max_bytes;
  uint32_t seed; /* xorshift32, for the entry to evict */
};

/* A connection, for its deadline (see sweep). */
struct conn {
  struct conn *prev, *next;
  int fd;
  /* CLOCK_MONOTONIC ns by which a whole request must have arrived; 0
   * while a request is being answered (then the idle timeout alone).
   * Atomic: an asset's request sets it without the lock, while the
   * sweep reads it under the lock. */
  _Atomic long long deadline;
};

/* The answers for a stylesheet or script, made when the server starts and
 * never changed after: an asset never changes while the program runs, and
 * queueing a reference-counted response costs nothing beside building
 * one, with its eight headers, for each request. Read only, they are
 * served without the server's lock (see handle). */
#define ASSETS_MAX 8
struct asset_answer {
  const dd__web_asset *asset; /* NULL: a free slot */
  /* [0] the bytes as they are, [1] gzip-compressed. */
  struct MHD_Response *full[2], *not_modified[2];
};

/* How often a feed's fetch is recorded, at most, per subscriber: the
 * admin's page shows when each calendar last asked, and a minute is as
 * exact as that needs. Recorded in memory on the request's path and
 * written by the sweep, in batches (SEEN_BATCH) of one transaction: a
 * write (a WAL commit) per fetch would put the disk on the path that
 * otherwise answers from memory, and writing only on a cache miss would
 * miss nearly every fetch, since a calendar polling an unchanged feed
 * always hits. */
#define SEEN_EVERY_S 60
/* The fetches kept between two writes, and the most one sweep (ten a
 * second) writes: a batch of 100 holds the server's lock for about a
 * millisecond, where the 1,000 of bench/load.sh's first second in one
 * transaction put a stall in its 99th percentile. */
#define SEEN_MAX 1024
#define SEEN_BATCH 100

struct seen {
  long id;
  time_t at;
  char client[160];
};

struct dd_server {
  const dd_server_options *opt;
  /* Held by every libmicrohttpd callback except the logger (on either of
   * its two threads) and by the caller's thread while it sweeps or swaps
   * in a reload: no two threads meet inside the server's state, the
   * register connection included. */
  pthread_mutex_t lock;
  struct MHD_Daemon *d;
  dd_planner *planner;
  struct cache cache;
  long version;           /* the register's data_version, as last read */
  long long version_read; /* when, in ns of CLOCK_MONOTONIC; -1: never */
  bool state_logged;      /* that feed state could not be kept, once */
  time_t configured_at;   /* when the configuration was last read */
  struct conn *conns;     /* every open connection */
  unsigned request_s;     /* the request timeout in force, in s */
  long long request_ns;   /* and in ns */
  int port;
  dd__site *site;   /* the pages; NULL when there are none */
  time_t pruned_at; /* when expired sessions were last deleted */
  struct asset_answer assets[ASSETS_MAX];
  struct seen seen[SEEN_MAX]; /* fetches to record (feed_seen) */
  size_t nseen;
  dd__metrics metrics;
  /* web.trusted_proxies and web.metrics_allow, parsed. */
  dd__cidr trusted[DD_WEB_LIST_MAX], metrics_allow[DD_WEB_LIST_MAX];
  size_t ntrusted, nmetrics_allow;
  dd__tls *tls; /* NULL: plain HTTP */
  char url[96]; /* where it listens (dd_server_url) */
};

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Today as the caller pinned it, else the local date now. */
static bool server_today(const struct dd_server *sv, dd_date *out) {
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
static bool data_version(struct dd_server *sv, long *version) {
  long long now = now_ns();
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

/* Whether s is well-formed UTF-8 (dd_text_check: RFC 3629). */
static bool utf8_valid(const char *s) {
  size_t n = strlen(s);
  return dd_text_check(s, n) == n;
}

/* Copies s into out (size bytes) for a log line: a control character
 * (CR and LF above all: a decoded path or a header could otherwise start
 * a forged line), DEL, a backslash, a double quote and any byte above
 * ASCII become \xHH, so a line is one line of printable ASCII whatever a
 * client sent. Cut at a whole escape when it does not fit. */
static void log_escape(const char *s, char *out, size_t size) {
  static const char hex[] = "0123456789abcdef";
  size_t o = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
    bool plain = *p >= 0x20 && *p < 0x7f && *p != '\\' && *p != '"';
    size_t need = plain ? 1 : 4;
    if (o + need >= size)
      break;
    if (plain) {
      out[o++] = (char)*p;
    } else {
      out[o++] = '\\';
      out[o++] = 'x';
      out[o++] = hex[*p >> 4];
      out[o++] = hex[*p & 15];
    }
  }
  if (size > 0)
    out[o] = '\0';
}

/* Cuts every run of more than nine hex digits in s to its first six and
 * "...": a token is 40 of them, and a path that is not a feed's can hold
 * one too (/feeds/<token> without ".ics", /api/<token>, a link pasted
 * into the wrong place), and whole it is a working link in the log. */
static void cut_tokens(char *s) {
  for (char *p = s; *p != '\0';) {
    size_t n = strspn(p, "0123456789abcdefABCDEF");
    if (n > 9) {
      memcpy(p + 6, "...", 3);
      memmove(p + 9, p + n, strlen(p + n) + 1);
      p += 9;
    } else {
      p += n > 0 ? n : 1;
    }
  }
}

/* Per request: what the access log needs once it is done, and a page's
 * form body as it arrives. */
struct request {
  char method[40]; /* escaped */
  char path[160];  /* escaped, a feed's token cut short */
  /* The client: the connection's peer, or the one a trusted proxy names
   * (web.trusted_proxies). */
  dd__addr client;
  char agent[256];        /* its User-Agent, escaped; "" none */
  long subscriber;        /* a feed's subscriber, for the log; 0 none */
  dd__metric_route route; /* for the metrics */
  unsigned status;        /* 0 until a response is queued */
  size_t bytes;
  bool site; /* the site's (web.c), not a feed's or the API's */
  /* A GET or HEAD of an asset whose answers are kept: answered without
   * the lock (see handle). */
  const struct asset_answer *asset;
  char *body; /* a POST's form, up to DD_FORM_BODY_MAX */
  size_t body_len;
  bool body_too_big; /* more came: the rest was read and dropped */
};

/* Queues resp with status, noting it for the log. */
static enum MHD_Result queue(struct MHD_Connection *c, struct request *r,
                             unsigned status, struct MHD_Response *resp,
                             size_t len) {
  enum MHD_Result ret = MHD_queue_response(c, status, resp);
  if (ret == MHD_YES) {
    r->status = status;
    r->bytes = len;
  }
  return ret;
}

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
  enum MHD_Result ret = queue(c, r, status, resp, len);
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

static void make_etag(const char *text, char out[40]) {
  char hash[DD_TOKEN_HASH_BUFSIZE];
  dd_token_hash(text, hash);
  snprintf(out, 40, "\"%.32s\"", hash);
}

/* The subscriber a token names, or false (and a 404 to send). */
static bool subscriber(struct dd_server *sv, const char *token,
                       dd_subscriber *s, char hash[DD_TOKEN_HASH_BUFSIZE]) {
  if (token == NULL || !dd_token_well_formed(token))
    return false;
  dd_token_hash(token, hash);
  return dd_store_subscriber_find(sv->opt->st, hash, s, NULL) == DD_OK;
}

/* FNV-1a of a token's hash: the hash is already uniform, but reading it
 * whole costs nothing and keeps the bucket independent of its format. */
static size_t cache_bucket(const char *hash) {
  uint32_t h = 2166136261u;
  for (const unsigned char *p = (const unsigned char *)hash; *p; p++)
    h = (h ^ *p) * 16777619u;
  return h % CACHE_BUCKETS;
}

/* The entry of the token with this hash, or NULL. */
static struct cached_feed *cache_find(struct cache *cc, const char *hash) {
  for (struct cached_feed *e = cc->bucket[cache_bucket(hash)]; e != NULL;
       e = e->chain)
    if (strcmp(e->token_hash, hash) == 0)
      return e;
  return NULL;
}

/* Drops an entry; responses still being sent keep their feed. */
static void cache_drop(struct cache *cc, struct cached_feed *e) {
  struct cached_feed **p = &cc->bucket[cache_bucket(e->token_hash)];
  while (*p != e)
    p = &(*p)->chain;
  *p = e->chain;
  cc->bytes -= e->len + e->gzip_len;
  MHD_destroy_response(e->full);
  MHD_destroy_response(e->not_modified);
  if (e->gzip_full != NULL)
    MHD_destroy_response(e->gzip_full);
  if (e->gzip_not_modified != NULL)
    MHD_destroy_response(e->gzip_not_modified);
  free(e);
}

/* Empties the cache (a reload: every feed is built again). */
static void cache_clear(struct cache *cc) {
  for (size_t b = 0; b < CACHE_BUCKETS; b++)
    while (cc->bucket[b] != NULL)
      cache_drop(cc, cc->bucket[b]);
}

/* An entry other than keep, at random: the first in the first bucket
 * holding one from a random bucket on. NULL when keep is the only one. */
static struct cached_feed *cache_victim(struct cache *cc,
                                        const struct cached_feed *keep) {
  uint32_t x = cc->seed ? cc->seed : 2463534242u;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  cc->seed = x;
  for (size_t i = 0; i < CACHE_BUCKETS; i++)
    for (struct cached_feed *e = cc->bucket[(x + i) % CACHE_BUCKETS]; e != NULL;
         e = e->chain)
      if (e != keep)
        return e;
  return NULL;
}

/* Adds e (its hash, length and responses set), replacing the token's old
 * entry and evicting at random while the cache holds more than its bound.
 * The entry just added always stays: a feed bigger than the bound is
 * still served from the cache until the next one comes. */
static void cache_add(struct cache *cc, struct cached_feed *e) {
  struct cached_feed *old = cache_find(cc, e->token_hash);
  if (old != NULL)
    cache_drop(cc, old);
  size_t b = cache_bucket(e->token_hash);
  e->chain = cc->bucket[b];
  cc->bucket[b] = e;
  cc->bytes += e->len + e->gzip_len;
  struct cached_feed *victim;
  while (cc->bytes > cc->max_bytes && (victim = cache_victim(cc, e)) != NULL)
    cache_drop(cc, victim);
}

/* The 200 or 304 response of a feed, with its validators; gzip: the text
 * is gzip-compressed. */
static struct MHD_Response *feed_response(unsigned status, char *text,
                                          size_t len, const char *etag,
                                          const char *last_modified,
                                          bool gzip) {
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
  /* The answer depends on Accept-Encoding: a cache in between must not
   * hand the gzip copy to a client that did not ask for it. */
  MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY,
                          MHD_HTTP_HEADER_ACCEPT_ENCODING);
  if (gzip && status == MHD_HTTP_OK)
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
  return resp;
}

/* text gzip-compressed (RFC 1952, as Content-Encoding: gzip means), in a
 * buffer the caller frees, its length in *out_len; NULL when out of
 * memory. Level 6, zlib's default: a feed's repeated lines compress to a
 * fifth at a fraction of level 9's time, once per change of the feed. */
static char *gzip_text(const char *text, size_t len, size_t *out_len) {
  z_stream z = {0};
  /* 15 + 16: the largest window, with the gzip header and trailer. */
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return NULL;
  uLong bound = deflateBound(&z, (uLong)len);
  char *out = malloc(bound);
  if (out == NULL) {
    deflateEnd(&z);
    return NULL;
  }
  z.next_in = (Bytef *)text;
  z.avail_in = (uInt)len;
  z.next_out = (Bytef *)out;
  z.avail_out = (uInt)bound;
  int zerr = deflate(&z, Z_FINISH);
  *out_len = z.total_out;
  deflateEnd(&z);
  if (zerr != Z_STREAM_END) {
    free(out);
    return NULL;
  }
  return out;
}

/* Whether the request's validators say its copy of e is current: its
 * If-None-Match names the ETag of what would be sent (etag), or, with no
 * If-None-Match (RFC 9110 13.1.3: it takes precedence), its
 * If-Modified-Since is no earlier than e's Last-Modified. */
static bool feed_unchanged(struct MHD_Connection *c,
                           const struct cached_feed *e, const char *etag) {
  const char *inm =
      MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
  if (inm != NULL)
    return strcmp(inm, "*") == 0 || strstr(inm, etag) != NULL;
  const char *ims = MHD_lookup_connection_value(
      c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
  struct tm tm = {0};
  if (ims == NULL || e->modified <= 0)
    return false;
  /* The IMF-fixdate of RFC 9110 5.6.7, the one form Last-Modified is
   * sent in; anything else is ignored, as the RFC asks of an invalid
   * date. */
  const char *end = strptime(ims, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == NULL || *end != '\0')
    return false;
  dd_date day;
  if (dd_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &day) !=
      DD_OK)
    return false;
  time_t since =
      (time_t)day * 86400 + tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
  return e->modified <= since;
}

/* Builds the feed of subscriber s into the cache under hash; false (with
 * the status to answer) when it cannot. */
static bool cache_fill(struct dd_server *sv, const dd_subscriber *s,
                       const char *hash, long version, dd_date today,
                       struct cached_feed **out, unsigned *status) {
  dd_scope_kind kind;
  const char *value;
  char name[256], *text = NULL;
  size_t len, n;
  dd_diag diag;
  int err = dd_scope_parse(s->scope, &kind, &value, &diag);
  const dd_config *cfg = dd_planner_config(sv->planner);
  int horizon = s->horizon_days > 0 ? s->horizon_days
                : cfg != NULL       ? dd_config_feed_horizon(cfg)
                                    : DD_FEED_HORIZON_DEFAULT;
  if (err == DD_OK) {
    dd_feed_calname(kind, value, name, sizeof name);
    err =
        dd_feed_build_within(sv->opt->st, sv->planner, kind, value, name, today,
                             dd_feed_dtstamp(today, sv->opt->today != 0),
                             horizon, &text, &len, &n, &diag);
  }
  if (err != DD_OK) {
    char why[sizeof diag.message * 4];
    log_escape(diag.message, why, sizeof why);
    fprintf(sv->opt->log, "dueday serve: subscriber %ld: %s\n", s->id, why);
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
  struct cached_feed *e = calloc(1, sizeof *e);
  if (e == NULL) {
    free(text);
    *status = MHD_HTTP_INTERNAL_SERVER_ERROR;
    return false;
  }
  snprintf(e->token_hash, sizeof e->token_hash, "%s", hash);
  e->subscriber = s->id;
  e->today = today;
  e->len = len;
  /* The version read before the build: a change made since, even during
   * it, moves the version away from this, and the next request builds
   * again. (The build's own feed-state commit does not move it: PRAGMA
   * data_version counts other connections' commits.) */
  e->data_version = version;
  make_etag(text, e->etag);
  /* A strong ETag names one representation (RFC 9110 8.8.3): the gzip
   * copy has its own. */
  snprintf(e->gzip_etag, sizeof e->gzip_etag, "%.*s-gz\"",
           (int)strlen(e->etag) - 1, e->etag);
  /* The feed's newest change: the register's last audited change, the
   * start of today (overdue titles and the horizon move with the date), or
   * when the server last read its configuration, whichever is latest. */
  time_t changed = 0;
  char last_modified[40] = "";
  if (dd_store_last_change(sv->opt->st, &changed) != DD_OK)
    changed = 0;
  if ((time_t)today * 86400 > changed)
    changed = (time_t)today * 86400;
  if (sv->configured_at > changed)
    changed = sv->configured_at;
  e->modified = changed;
  struct tm tm;
  gmtime_r(&changed, &tm);
  strftime(last_modified, sizeof last_modified, "%a, %d %b %Y %H:%M:%S GMT",
           &tm);
  size_t gzip_len = 0;
  char *gzip = gzip_text(text, len, &gzip_len);
  e->full =
      feed_response(MHD_HTTP_OK, text, len, e->etag, last_modified, false);
  if (e->full == NULL)
    free(text);
  e->not_modified = feed_response(MHD_HTTP_NOT_MODIFIED, NULL, 0, e->etag,
                                  last_modified, false);
  /* Without a gzip copy (out of memory) the feed goes as it is. */
  if (gzip != NULL) {
    e->gzip_full = feed_response(MHD_HTTP_OK, gzip, gzip_len, e->gzip_etag,
                                 last_modified, true);
    if (e->gzip_full == NULL)
      free(gzip);
    else
      e->gzip_not_modified = feed_response(MHD_HTTP_NOT_MODIFIED, NULL, 0,
                                           e->gzip_etag, last_modified, true);
    if (e->gzip_not_modified == NULL && e->gzip_full != NULL) {
      MHD_destroy_response(e->gzip_full);
      e->gzip_full = NULL;
    }
    e->gzip_len = e->gzip_full != NULL ? gzip_len : 0;
  }
  if (e->full == NULL || e->not_modified == NULL) {
    if (e->gzip_full != NULL) {
      MHD_destroy_response(e->gzip_full);
      MHD_destroy_response(e->gzip_not_modified);
    }
    if (e->full != NULL)
      MHD_destroy_response(e->full);
    if (e->not_modified != NULL)
      MHD_destroy_response(e->not_modified);
    free(e);
    *status = MHD_HTTP_INTERNAL_SERVER_ERROR;
    return false;
  }
  cache_add(&sv->cache, e);
  *out = e;
  return true;
}

/* Records e's fetch by the request's client for the register, unless one
 * was recorded in the last SEEN_EVERY_S or the register is read only: kept
 * in memory here, written by the sweep (seen_flush). A full list leaves
 * the fetch to the subscriber's next request. */
static void feed_seen(struct dd_server *sv, struct MHD_Connection *c,
                      struct cached_feed *e) {
  time_t now = time(NULL);
  if (now - e->seen_at < SEEN_EVERY_S || sv->nseen == SEEN_MAX ||
      dd_store_read_only(sv->opt->st))
    return;
  const char *client = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                   MHD_HTTP_HEADER_USER_AGENT);
  struct seen *f = &sv->seen[sv->nseen++];
  f->id = e->subscriber;
  f->at = now;
  /* Cut to what the register keeps, or a little more: it cuts at a
   * character and makes the rest text. */
  snprintf(f->client, sizeof f->client, "%s", client ? client : "");
  e->seen_at = now;
}

/* Writes the oldest SEEN_BATCH of the fetches feed_seen kept, in one
 * transaction that does not wait for another process's. When it fails
 * (the register busy, a full disk) they are dropped: the next minute's
 * fetches say the same. */
static void seen_flush(struct dd_server *sv, size_t most, char *why,
                       size_t size) {
  size_t n = sv->nseen < most ? sv->nseen : most;
  if (n == 0)
    return;
  dd_subscriber_fetch list[SEEN_MAX];
  for (size_t i = 0; i < n; i++)
    list[i] = (dd_subscriber_fetch){sv->seen[i].id, sv->seen[i].at,
                                    sv->seen[i].client};
  dd_diag diag;
  if (dd_store_subscribers_seen(sv->opt->st, list, n, &diag) != DD_OK)
    log_escape(diag.message, why, size);
  memmove(sv->seen, sv->seen + n, (sv->nseen - n) * sizeof sv->seen[0]);
  sv->nseen -= n;
}

static enum MHD_Result serve_feed(struct dd_server *sv,
                                  struct MHD_Connection *c, struct request *r,
                                  const char *token) {
  char hash[DD_TOKEN_HASH_BUFSIZE];
  dd_token_hash(token, hash); /* the route let through well-formed ones only */
  dd_date today;
  long version = -1;
  bool dated = server_today(sv, &today) && data_version(sv, &version);
  struct cached_feed *e = dated ? cache_find(&sv->cache, hash) : NULL;
  if (e != NULL && (e->data_version != version || e->today != today))
    e = NULL;
  if (e == NULL) {
    dd_subscriber s;
    if (!subscriber(sv, token, &s, hash)) {
      struct cached_feed *stale = cache_find(&sv->cache, hash);
      if (stale != NULL)
        cache_drop(&sv->cache, stale); /* revoked: its feed goes now */
      return plain(c, r, MHD_HTTP_NOT_FOUND, not_found);
    }
    unsigned status = MHD_HTTP_INTERNAL_SERVER_ERROR;
    long long start = now_ns();
    bool ok = dated && cache_fill(sv, &s, hash, version, today, &e, &status);
    if (ok)
      dd__metrics_feed_build(&sv->metrics, (now_ns() - start) / 1e9);
    r->subscriber = s.id;
    dd_subscriber_clear(&s);
    if (!ok)
      return plain(c, r, status,
                   status == MHD_HTTP_NOT_FOUND ? not_found : "Server error\n");
  }
  r->subscriber = e->subscriber;
  feed_seen(sv, c, e);
  bool gz = e->gzip_full != NULL &&
            dd__accepts_gzip(MHD_lookup_connection_value(
                c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING));
  bool same = feed_unchanged(c, e, gz ? e->gzip_etag : e->etag);
  if (gz)
    return queue(c, r, same ? MHD_HTTP_NOT_MODIFIED : MHD_HTTP_OK,
                 same ? e->gzip_not_modified : e->gzip_full,
                 same ? 0 : e->gzip_len);
  return queue(c, r, same ? MHD_HTTP_NOT_MODIFIED : MHD_HTTP_OK,
               same ? e->not_modified : e->full, same ? 0 : e->len);
}

/* Whether v is in s's scope, a RIM's as its feed has it (through the
 * region's configured RIM, under policy p). */
static bool in_scope(const dd_subscriber *s, const dd_visit *v,
                     const dd_remind_policy *p) {
  dd_scope_kind kind;
  const char *value;
  return dd_scope_parse(s->scope, &kind, &value, NULL) == DD_OK &&
         dd_scope_includes_under(kind, value, v, p);
}

static enum MHD_Result json_error(struct MHD_Connection *c, struct request *r,
                                  unsigned status, const char *message) {
  /* json_pack refuses text that is not UTF-8 (a message quoting what a
   * client sent, say): the status then goes out with a message of ours
   * rather than no answer at all. */
  json_t *o = json_pack("{s:s}", "error", message);
  if (o == NULL)
    o = json_pack("{s:s}", "error", "invalid request");
  char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
  json_decref(o);
  if (text == NULL)
    return plain(c, r, status, "Error\n");
  return send_text(c, r, status, "application/json", text, strlen(text), true,
                   NULL);
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

/* The subscriber of the request's ?token=, or false (and a 404 to send). */
static bool api_subscriber(struct dd_server *sv, struct MHD_Connection *c,
                           dd_subscriber *s) {
  char hash[DD_TOKEN_HASH_BUFSIZE];
  return subscriber(
      sv, MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token"), s,
      hash);
}

/* dd_store_visit_peek's function for serve_visit: whether the borrowed
 * visit is in the subscriber's scope. */
struct scope_check {
  const dd_subscriber *s;
  const dd_remind_policy *policy;
  bool visible;
};

static int scope_of(const dd_visit *v, void *arg) {
  struct scope_check *c = arg;
  c->visible = in_scope(c->s, v, c->policy);
  return DD_OK;
}

static enum MHD_Result serve_visit(struct dd_server *sv,
                                   struct MHD_Connection *c, struct request *r,
                                   const char *id) {
  dd_subscriber s;
  if (!api_subscriber(sv, c, &s))
    return plain(c, r, MHD_HTTP_NOT_FOUND, not_found);
  /* A visit outside the subscriber's scope is as absent as a missing one:
   * nobody learns that a visit with concerns exists elsewhere. Not by the
   * answer, nor by its time: both paths run the same indexed statement,
   * found or not, copy nothing (the row is borrowed for the check), and
   * test a scope, a missing visit against an empty one; only a visit in
   * scope costs its events and a schedule. Reading the events first made
   * an out-of-scope visit 18% slower to refuse than a missing one; copying
   * its row, 9% under AddressSanitizer. */
  static const dd_visit nobody = {.id = "",
                                  .type = "",
                                  .name = "",
                                  .urn = "",
                                  .setting = "",
                                  .local_authority = "",
                                  .region = "",
                                  .division = "",
                                  .inspector = "",
                                  .rim = ""};
  const dd_config *cfg = dd_planner_config(sv->planner);
  struct scope_check check = {&s, cfg ? dd_config_reminders(cfg) : NULL, false};
  int found = dd_store_visit_peek(sv->opt->st, id, scope_of, &check, NULL);
  if (found == DD_ENOTFOUND)
    scope_of(&nobody, &check);
  bool visible = found == DD_OK && check.visible;
  dd_subscriber_clear(&s);
  dd_visit v;
  dd_date today;
  if (!visible || !server_today(sv, &today))
    return plain(c, r, MHD_HTTP_NOT_FOUND, not_found);
  dd_recorded *events = NULL;
  size_t n = 0;
  if (dd_store_visit_get(sv->opt->st, id, &v, &events, &n, NULL) != DD_OK)
    return plain(c, r, MHD_HTTP_NOT_FOUND, not_found);
  dd_schedule sched = {0};
  dd_diag diag;
  enum MHD_Result ret;
  if (dd_planner_schedule(sv->planner, &v, events, n, today, &sched, &diag) !=
      DD_OK) {
    ret = json_error(c, r, MHD_HTTP_UNPROCESSABLE_CONTENT, diag.message);
  } else {
    json_t *o = dd__schedule_json(&sched, v.division, NULL);
    json_object_set_new(json_object_get(o, "visit"), "id", json_string(v.id));
    json_object_set_new(json_object_get(o, "visit"), "name",
                        dd__json_text(v.name));
    ret = send_json(c, r, o);
  }
  dd_visit_clear(&v);
  dd_recorded_list_free(events, n);
  dd_schedule_clear(&sched);
  return ret;
}

/* A 400 about one query parameter: {"error": message, "parameter": name}
 * (name is the client's, at most 40 bytes of it). */
static enum MHD_Result param_error(struct MHD_Connection *c, struct request *r,
                                   const char *name, const char *message) {
  json_t *o = json_pack("{s:s, s:s%}", "error", message, "parameter", name,
                        strnlen(name, 40));
  char *text = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
  json_decref(o);
  if (text == NULL)
    return json_error(c, r, MHD_HTTP_BAD_REQUEST, message);
  return send_text(c, r, MHD_HTTP_BAD_REQUEST, "application/json", text,
                   strlen(text), true, NULL);
}

/* /api/when's parameters; the first one that is not, for
 * MHD_get_connection_values. */
static enum MHD_Result when_param(void *cls, enum MHD_ValueKind kind,
                                  const char *key, const char *value) {
  static const char *const known[] = {
      "token", "type", "start", "days", "concerns", "division", "milestone"};
  (void)kind;
  (void)value;
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
    if (strcmp(key, known[i]) == 0)
      return MHD_YES;
  *(const char **)cls = key;
  return MHD_NO;
}

static enum MHD_Result serve_when(struct dd_server *sv,
                                  struct MHD_Connection *c, struct request *r) {
  dd_subscriber s;
  if (!api_subscriber(sv, c, &s))
    return plain(c, r, MHD_HTTP_NOT_FOUND, not_found);
  dd_subscriber_clear(&s);
#define ARG(name) MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, name)
  const char *type = ARG("type"), *start = ARG("start"), *days = ARG("days");
  const char *concerns = ARG("concerns"), *division = ARG("division");
  const char *milestone = ARG("milestone");
#undef ARG
  /* A misspelt parameter ("concern=yes") would otherwise be ignored, and
   * the answer be for another visit than the one asked about. */
  const char *unknown = NULL;
  MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, when_param, &unknown);
  char msg[160];
  if (unknown != NULL) {
    snprintf(msg, sizeof msg, "unknown parameter \"%.40s\"", unknown);
    return param_error(c, r, unknown, msg);
  }
  if (type == NULL || start == NULL)
    return param_error(c, r, type == NULL ? "type" : "start",
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
  if (dd_date_parse(start, &v.start, &why) != DD_OK) {
    snprintf(msg, sizeof msg, "invalid start \"%.40s\": %s", start, why);
    return param_error(c, r, "start", msg);
  }
  if (days != NULL) {
    char *end;
    long d = strtol(days, &end, 10);
    if (days[0] == '\0' || *end != '\0' || d < 1 || d > 30)
      return param_error(c, r, "days", "days must be 1 to 30");
    v.days_on_site = (int)d;
  }
  /* The values a flag takes on the command line and in forms. */
  if (concerns != NULL) {
    static const char *const yes[] = {"yes", "true", "1"}, *const no[] = {
                                                               "no", "false",
                                                               "0"};
    bool known = false;
    for (size_t i = 0; i < 3; i++) {
      if (strcmp(concerns, yes[i]) == 0)
        known = v.concerns = true;
      else if (strcmp(concerns, no[i]) == 0)
        known = true;
    }
    if (!known) {
      snprintf(msg, sizeof msg,
               "invalid concerns \"%.40s\": use yes, true, 1, no, false or 0",
               concerns);
      return param_error(c, r, "concerns", msg);
    }
  }
  if (division != NULL && !dd_division_known(division)) {
    snprintf(msg, sizeof msg,
             "unknown division \"%.40s\" (use england-and-wales, scotland, "
             "northern-ireland or united-kingdom)",
             division);
    return param_error(c, r, "division", msg);
  }
  dd_date today;
  dd_schedule sched;
  dd_diag diag;
  if (!server_today(sv, &today))
    return plain(c, r, MHD_HTTP_INTERNAL_SERVER_ERROR, "Server error\n");
  /* Not a registered visit: checked as a new one (a start that is not a
   * working day is an error, not a warning). */
  if (dd_planner_schedule_checked(sv->planner, &v, NULL, 0, today, 0, &sched,
                                  &diag) != DD_OK)
    return json_error(c, r, MHD_HTTP_BAD_REQUEST, diag.message);
  /* milestone=<id>: that one only, as "dueday when ... MILESTONE". */
  const dd_milestone *only = NULL;
  if (milestone != NULL &&
      (only = dd_schedule_find(&sched, milestone)) == NULL) {
    snprintf(msg, sizeof msg, "the %.40s visit type has no milestone \"%.40s\"",
             type, milestone);
    dd_schedule_clear(&sched);
    return param_error(c, r, "milestone", msg);
  }
  json_t *o = dd__schedule_json(&sched, division ? division : "", only);
  dd_schedule_clear(&sched);
  return send_json(c, r, o);
}

/* For MHD_get_connection_values: false (stop) at a key or value that is
 * not UTF-8. */
static enum MHD_Result arg_utf8(void *cls, enum MHD_ValueKind kind,
                                const char *key, const char *value) {
  (void)kind;
  bool *ok = cls;
  *ok = utf8_valid(key) && (value == NULL || utf8_valid(value));
  return *ok ? MHD_YES : MHD_NO;
}

/* The query of a page request, for MHD_get_connection_values. */
struct query {
  dd__web_param param[DD_FORM_FIELDS_MAX];
  size_t n;
  bool ok; /* all UTF-8, and no more than fit */
};

static enum MHD_Result query_arg(void *cls, enum MHD_ValueKind kind,
                                 const char *key, const char *value) {
  (void)kind;
  struct query *q = cls;
  if (q->n == DD_FORM_FIELDS_MAX || !utf8_valid(key) ||
      (value != NULL && !utf8_valid(value))) {
    q->ok = false;
    return MHD_NO;
  }
  /* "?flag" without '=' has no value: "" to the pages. */
  q->param[q->n++] = (dd__web_param){key, value != NULL ? value : ""};
  return MHD_YES;
}

/* The connection's peer as text into buf (IPv4 or IPv6), or "-" when it
 * cannot be had. */
static const char *client_address(struct MHD_Connection *c, char *buf,
                                  size_t size) {
  const union MHD_ConnectionInfo *info =
      MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  dd__addr a;
  dd__addr_from_sockaddr(info != NULL ? info->client_addr : NULL, &a);
  return dd__addr_format(&a, buf, size);
}

/* A header's value, or NULL; name NULL: NULL. */
static const char *header(struct MHD_Connection *c, const char *name) {
  return name != NULL ? MHD_lookup_connection_value(c, MHD_HEADER_KIND, name)
                      : NULL;
}

/* The client's address for the sign-in limits: the connection's, or, when
 * it is from loopback (the reverse proxy in front) and web.client_header
 * is set, that header's last entry (what the nearest proxy added; earlier
 * ones are the client's to write), if it looks like an address. */
static const char *site_client(struct MHD_Connection *c, const dd__site *site,
                               char *buf, size_t size) {
  client_address(c, buf, size);
  const char *name = dd__site_client_header(site);
  dd__addr peer;
  const char *v =
      name != NULL && dd__addr_parse(buf, &peer) && dd__addr_loopback(&peer)
          ? header(c, name)
          : NULL;
  if (v == NULL)
    return buf;
  const char *last = strrchr(v, ',');
  last = last != NULL ? last + 1 : v;
  last += strspn(last, " \t");
  size_t n = strspn(last, "0123456789abcdefABCDEF:.");
  if (n > 0 && n < size && last[n + strspn(last + n, " \t")] == '\0')
    snprintf(buf, size, "%.*s", (int)n, last);
  return buf;
}

/* The headers every answer of the site carries. */
static void site_headers(struct MHD_Response *resp) {
  MHD_add_response_header(resp, "Content-Security-Policy", DD_SITE_CSP);
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
  MHD_add_response_header(resp, "X-Frame-Options", "DENY");
}

/* Asset a's 200 response, its body a copy of a's bytes in a memory file:
 * libmicrohttpd sends a file's bytes with sendfile(2), straight from the
 * kernel to the socket as nginx does, where a buffer is copied through
 * send(2) in pieces (the 140 KB stylesheet went at 0.40 of nginx's rate
 * so, from a kept response). Concurrent sends each keep their own offset.
 * Falls back to the buffer when no memory file can be had. */
static struct MHD_Response *asset_body(const char *name,
                                       const unsigned char *data, size_t len) {
  int fd = memfd_create(name, MFD_CLOEXEC);
  if (fd >= 0) {
    size_t done = 0;
    while (done < len) {
      ssize_t n = write(fd, data + done, len - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += (size_t)n;
    }
    struct MHD_Response *resp =
        done == len ? MHD_create_response_from_fd64(len, fd) : NULL;
    if (resp != NULL)
      return resp; /* closes fd when destroyed */
    close(fd);
  }
  return MHD_create_response_from_buffer(len, (void *)data,
                                         MHD_RESPMEM_PERSISTENT);
}

static void asset_answer_clear(struct asset_answer *k) {
  for (size_t i = 0; i < 2; i++) {
    if (k->full[i] != NULL)
      MHD_destroy_response(k->full[i]);
    if (k->not_modified[i] != NULL)
      MHD_destroy_response(k->not_modified[i]);
    k->full[i] = k->not_modified[i] = NULL;
  }
  k->asset = NULL;
}

/* Makes asset a's answers into k. Returns false when out of memory (k is
 * then empty). */
static bool asset_answer_make(struct asset_answer *k, const dd__web_asset *a) {
  for (size_t gz = 0; gz < 2; gz++) {
    k->full[gz] = gz == 0 ? asset_body(a->name, a->data, a->len)
                          : asset_body(a->name, a->gzip_data, a->gzip_len);
    k->not_modified[gz] =
        MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (k->full[gz] == NULL || k->not_modified[gz] == NULL) {
      asset_answer_clear(k);
      return false;
    }
    MHD_add_response_header(k->full[gz], MHD_HTTP_HEADER_CONTENT_TYPE,
                            a->content_type);
    struct MHD_Response *both[] = {k->full[gz], k->not_modified[gz]};
    for (size_t j = 0; j < 2; j++) {
      site_headers(both[j]);
      /* The path names the content, so a browser may keep it a year and
       * never ask again (RFC 8246); the ETag still answers one that
       * asks. */
      MHD_add_response_header(both[j], MHD_HTTP_HEADER_CACHE_CONTROL,
                              "public, max-age=31536000, immutable");
      MHD_add_response_header(both[j], MHD_HTTP_HEADER_ETAG,
                              gz == 0 ? a->etag : a->gzip_etag);
      MHD_add_response_header(both[j], MHD_HTTP_HEADER_VARY,
                              MHD_HTTP_HEADER_ACCEPT_ENCODING);
      if (gz == 1)
        MHD_add_response_header(both[j], MHD_HTTP_HEADER_CONTENT_ENCODING,
                                "gzip");
    }
  }
  k->asset = a;
  return true;
}

/* The kept answers for asset a, or NULL (none were made: out of memory at
 * start, then a's requests go the ordinary way). */
static const struct asset_answer *asset_answer(const struct dd_server *sv,
                                               const dd__web_asset *a) {
  for (size_t i = 0; i < ASSETS_MAX; i++)
    if (sv->assets[i].asset == a)
      return &sv->assets[i];
  return NULL;
}

static void assets_clear(struct dd_server *sv) {
  for (size_t i = 0; i < ASSETS_MAX; i++)
    asset_answer_clear(&sv->assets[i]);
}

/* A page, an asset or signing in or out: web.c decides, this sends, with
 * the security headers every one of them carries. bad: a request already
 * found bad (a body where none belongs), answered 400 all the same. */
static enum MHD_Result serve_site(struct dd_server *sv,
                                  struct MHD_Connection *c, struct request *r,
                                  const char *url, const char *method,
                                  bool bad) {
  struct query q = {.ok = !bad && utf8_valid(url)};
  if (q.ok)
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, query_arg, &q);
  dd__site_response out;
  if (!q.ok) {
    /* Not UTF-8, more fields than a form has, or a body where none
     * belongs: the pages never see it, and it is not reflected. */
    dd__web_response page;
    memset(&out, 0, sizeof out);
    out.cache_control = "no-store";
    if (dd__web_error_page(MHD_HTTP_BAD_REQUEST, NULL, &page) != DD_OK)
      return plain(c, r, MHD_HTTP_BAD_REQUEST, "Bad request\n");
    out.status = page.status;
    out.content_type = page.content_type;
    out.body = page.body;
    out.len = page.len;
    out.owned = true;
  } else {
    char client[INET6_ADDRSTRLEN];
    dd__site_request rq = {
        .method = method,
        .path = url,
        .query = q.param,
        .nquery = q.n,
        .body = r->body,
        .body_len = r->body_len,
        .body_too_big = r->body_too_big,
        .content_type = header(c, MHD_HTTP_HEADER_CONTENT_TYPE),
        .cookie = header(c, MHD_HTTP_HEADER_COOKIE),
        .origin = header(c, "Origin"),
        .fetch_site = header(c, "Sec-Fetch-Site"),
        .host = header(c, MHD_HTTP_HEADER_HOST),
        .if_none_match = header(c, MHD_HTTP_HEADER_IF_NONE_MATCH),
        /* Read only in proxy mode; in any other mode nobody's header
         * names a user. */
        .proxy_user = header(c, dd__site_proxy_header(sv->site)),
        .proxy_secret = header(c, dd__site_secret_header(sv->site)),
        .client = sv->ntrusted > 0
                      ? dd__addr_format(&r->client, client, sizeof client)
                      : site_client(c, sv->site, client, sizeof client),
        .st = sv->opt->st,
        .planner = sv->planner,
        .read_only = sv->opt->st == NULL || dd_store_read_only(sv->opt->st),
        .now = time(NULL)};
    if (!server_today(sv, &rq.today))
      return plain(c, r, MHD_HTTP_INTERNAL_SERVER_ERROR, "Server error\n");
    dd__site_serve(sv->site, &rq, &out);
    /* A page's change (a revoked link, a record) went through this
     * connection, whose own commits PRAGMA data_version does not count:
     * without this a cached feed outlived its revocation. Every feed is
     * built again on its next request; POSTs are rare next to fetches. */
    if (out.status == MHD_HTTP_SEE_OTHER &&
        strcmp(method, MHD_HTTP_METHOD_POST) == 0)
      cache_clear(&sv->cache);
  }
  if (out.error[0] != '\0') {
    char why[sizeof out.error * 4];
    log_escape(out.error, why, sizeof why);
    fprintf(sv->opt->log, "dueday serve: %s\n", why);
  }
  if (out.note[0] != '\0') {
    char what[sizeof out.note * 4];
    log_escape(out.note, what, sizeof what);
    fprintf(sv->opt->log, "dueday serve: %s\n", what);
  }
  struct MHD_Response *resp = MHD_create_response_from_buffer(
      out.len, (void *)out.body,
      out.owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
  if (resp == NULL) {
    if (out.owned)
      free((void *)out.body);
    return MHD_NO;
  }
  if (out.content_type != NULL && out.status != MHD_HTTP_NOT_MODIFIED)
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                            out.content_type);
  site_headers(resp);
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
                          out.cache_control);
  if (out.etag != NULL)
    MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, out.etag);
  if (out.location[0] != '\0')
    MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, out.location);
  if (out.set_cookie[0] != '\0')
    MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, out.set_cookie);
  if (out.disposition[0] != '\0')
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_DISPOSITION,
                            out.disposition);
  if (out.allow != NULL)
    MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, out.allow);
  enum MHD_Result ret = queue(c, r, out.status, resp, out.len);
  MHD_destroy_response(resp);
  return ret;
}

/* The connection's own record (see on_connection). */
static struct conn *conn_of(struct MHD_Connection *c) {
  const union MHD_ConnectionInfo *info =
      MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  return info != NULL ? info->socket_context : NULL;
}

/* GET /healthz: for a load balancer or a monitor, in every sign-in mode
 * and without one; says nothing secret (no path, no address, no
 * error text from the mail server). */
static enum MHD_Result serve_health(struct dd_server *sv,
                                    struct MHD_Connection *c,
                                    struct request *r) {
  char *body;
  size_t len;
  long max_age = sv->opt->web != NULL ? sv->opt->web->health_notify_max_age : 0;
  unsigned status =
      dd__health_check(sv->opt->st, max_age, time(NULL), &body, &len);
  if (body == NULL)
    return plain(c, r, MHD_HTTP_SERVICE_UNAVAILABLE, "out of memory\n");
  return send_full(c, r, status, "application/json", body, len, true, NULL,
                   NULL);
}

/* GET /metrics: for loopback, or web.metrics_allow's clients alone; to
 * anyone else it does not exist. */
static enum MHD_Result serve_metrics(struct dd_server *sv,
                                     struct MHD_Connection *c,
                                     struct request *r) {
  bool allowed =
      sv->nmetrics_allow > 0
          ? dd__addr_in(sv->metrics_allow, sv->nmetrics_allow, &r->client)
          : dd__addr_loopback(&r->client);
  if (!allowed)
    return plain(c, r, MHD_HTTP_NOT_FOUND, not_found);
  char *body;
  size_t len;
  if (dd__metrics_render(&sv->metrics, sv->opt->st, &body, &len) != DD_OK)
    return plain(c, r, MHD_HTTP_INTERNAL_SERVER_ERROR, "Server error\n");
  return send_text(c, r, MHD_HTTP_OK,
                   "text/plain; version=0.0.4; charset=utf-8", body, len, true,
                   NULL);
}

static enum MHD_Result route(struct dd_server *sv, struct MHD_Connection *c,
                             struct request *r, const char *url,
                             const char *method) {
  if (r->status == MHD_HTTP_BAD_REQUEST)
    return plain(c, r, MHD_HTTP_BAD_REQUEST, "Bad request\n");
  if (r->site)
    return serve_site(sv, c, r, url, method, false);
  if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
      strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
    return plain(c, r, MHD_HTTP_METHOD_NOT_ALLOWED, "Method not allowed\n");
  /* Everything past here is text the register and JSON hold, and both
   * take UTF-8 only: jansson refused "type=%ff" and the request used to
   * get no answer at all. */
  bool ok = utf8_valid(url);
  if (ok)
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, arg_utf8, &ok);
  if (!ok)
    return plain(c, r, MHD_HTTP_BAD_REQUEST, "Bad request: not UTF-8\n");
  char arg[DD_ROUTE_ARGSIZE];
  switch (dd_route_parse(url, arg, sizeof arg)) {
  case DD_ROUTE_FEED:
    return serve_feed(sv, c, r, arg);
  case DD_ROUTE_VISIT:
    return serve_visit(sv, c, r, arg);
  case DD_ROUTE_WHEN:
    return serve_when(sv, c, r);
  case DD_ROUTE_HEALTH:
    return serve_health(sv, c, r);
  case DD_ROUTE_METRICS:
    return serve_metrics(sv, c, r);
  case DD_ROUTE_BAD_REQUEST:
    return plain(c, r, MHD_HTTP_BAD_REQUEST, "Bad request\n");
  case DD_ROUTE_NOT_FOUND:
    break;
  }
  return plain(c, r, MHD_HTTP_NOT_FOUND, not_found);
}

/* Sends r's kept asset answer, the gzip one when the client takes it, or a
 * 304 for its ETag. Touches nothing shared but the connection's
 * deadline, an atomic. r->status stays 0 when nothing could be queued. */
static enum MHD_Result answer_asset(struct MHD_Connection *c,
                                    struct request *r) {
  struct conn *k = conn_of(c);
  if (k != NULL)
    k->deadline = 0;
  const dd__web_asset *a = r->asset->asset;
  int gz = dd__accepts_gzip(header(c, MHD_HTTP_HEADER_ACCEPT_ENCODING));
  const char *etag = gz ? a->gzip_etag : a->etag;
  const char *inm = header(c, MHD_HTTP_HEADER_IF_NONE_MATCH);
  if (inm != NULL && (strcmp(inm, "*") == 0 || strstr(inm, etag) != NULL))
    return queue(c, r, MHD_HTTP_NOT_MODIFIED, r->asset->not_modified[gz], 0);
  return queue(c, r, MHD_HTTP_OK, r->asset->full[gz],
               gz ? a->gzip_len : a->len);
}

static enum MHD_Result answer(struct dd_server *sv, struct MHD_Connection *c,
                              const char *url, const char *method,
                              const char *upload_data, size_t *upload_data_size,
                              void **con_cls);

/* The request's client into r->client: the connection's peer, or, when
 * the peer is a trusted proxy, the hop its X-Forwarded-For or Forwarded
 * names (dd__forwarded_client). An untrusted peer's headers are not
 * read. */
static void request_client(const struct dd_server *sv, struct MHD_Connection *c,
                           struct request *r) {
  const union MHD_ConnectionInfo *info =
      MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  dd__addr peer;
  dd__addr_from_sockaddr(info != NULL ? info->client_addr : NULL, &peer);
  if (sv->ntrusted == 0) {
    r->client = peer;
    return;
  }
  dd__forwarded_client(&peer, header(c, "X-Forwarded-For"),
                       header(c, "Forwarded"), sv->trusted, sv->ntrusted,
                       &r->client);
}

/* The metrics' route of a path that is not the site's. */
static dd__metric_route metric_route(const char *url) {
  char arg[DD_ROUTE_ARGSIZE];
  switch (dd_route_parse(url, arg, sizeof arg)) {
  case DD_ROUTE_FEED:
    return DD__ROUTE_FEED;
  case DD_ROUTE_VISIT:
    return DD__ROUTE_VISIT;
  case DD_ROUTE_WHEN:
    return DD__ROUTE_WHEN;
  case DD_ROUTE_HEALTH:
    return DD__ROUTE_HEALTHZ;
  case DD_ROUTE_METRICS:
    return DD__ROUTE_METRICS;
  case DD_ROUTE_NOT_FOUND:
  case DD_ROUTE_BAD_REQUEST:
    break;
  }
  return DD__ROUTE_OTHER;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
                              const char *url, const char *method,
                              const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls) {
  (void)version;
  struct dd_server *sv = cls;
  struct request *r = *con_cls;
  /* An asset reads nothing but its kept answers, made at start and never
   * changed, and its own request: it is answered without the lock, so
   * that the stylesheet and scripts of fifty browsers do not queue behind
   * one another or behind a page. */
  if (r != NULL && r->asset != NULL && *upload_data_size == 0 &&
      r->status == 0) {
    enum MHD_Result ret = answer_asset(c, r);
    if (r->status != 0)
      return ret;
  }
  pthread_mutex_lock(&sv->lock);
  enum MHD_Result ret =
      answer(sv, c, url, method, upload_data, upload_data_size, con_cls);
  pthread_mutex_unlock(&sv->lock);
  return ret;
}

static enum MHD_Result answer(struct dd_server *sv, struct MHD_Connection *c,
                              const char *url, const char *method,
                              const char *upload_data, size_t *upload_data_size,
                              void **con_cls) {
  struct request *r = *con_cls;
  if (r == NULL) {
    /* The first call only announces the request. Answering now would make
     * libmicrohttpd close the connection (no keep-alive): answer on the
     * second call, once any body has been seen. */
    if ((r = calloc(1, sizeof *r)) == NULL)
      return MHD_NO;
    log_escape(method, r->method, sizeof r->method);
    char path[80];
    if (strncmp(url, "/feeds/", 7) == 0)
      snprintf(path, sizeof path, "/feeds/%.6s....ics", url + 7);
    else
      snprintf(path, sizeof path, "%.60s", url);
    cut_tokens(path);
    log_escape(path, r->path, sizeof r->path);
    r->site = sv->site != NULL && strlen(url) <= DD_ROUTE_URL_MAX &&
              dd__site_routes(url);
    const dd__web_asset *a;
    if (r->site && strncmp(url, "/assets/", 8) == 0 &&
        (strcmp(method, MHD_HTTP_METHOD_GET) == 0 ||
         strcmp(method, MHD_HTTP_METHOD_HEAD) == 0) &&
        (a = dd__web_asset_find(url)) != NULL)
      r->asset = asset_answer(sv, a);
    request_client(sv, c, r);
    const char *agent = header(c, MHD_HTTP_HEADER_USER_AGENT);
    log_escape(agent != NULL ? agent : "", r->agent, sizeof r->agent);
    r->route = r->asset != NULL ? DD__ROUTE_ASSET
               : r->site        ? DD__ROUTE_PAGE
                                : metric_route(url);
    *con_cls = r;
    return MHD_YES;
  }
  if (*upload_data_size != 0) {
    if (r->site && dd__site_takes_body(sv->site, url) &&
        strcmp(method, MHD_HTTP_METHOD_POST) == 0) {
      /* A page's form: kept up to the limit, the rest read and dropped so
       * that the answer (413) still goes out on this connection. */
      size_t n = *upload_data_size;
      if (!r->body_too_big && r->body_len + n <= DD_FORM_BODY_MAX) {
        if (r->body == NULL && (r->body = malloc(DD_FORM_BODY_MAX)) == NULL)
          return MHD_NO;
        memcpy(r->body + r->body_len, upload_data, n);
        r->body_len += n;
      } else {
        r->body_too_big = true;
      }
      *upload_data_size = 0;
      return MHD_YES;
    }
    *upload_data_size = 0; /* swallow it; only a page's POST has a body */
    r->status = MHD_HTTP_BAD_REQUEST;
    return MHD_YES;
  }
  /* The whole request is in: from here the idle timeout alone bounds the
   * answer's sending (a large feed to a slow reader is no attack). */
  struct conn *k = conn_of(c);
  if (k != NULL)
    k->deadline = 0;
  unsigned pending = r->status;
  r->status = 0;
  if (pending == MHD_HTTP_BAD_REQUEST)
    return r->site ? serve_site(sv, c, r, url, method, true)
                   : plain(c, r, MHD_HTTP_BAD_REQUEST, "Bad request\n");
  enum MHD_Result ret = route(sv, c, r, url, method);
  /* Every request gets an answer: a handler that could not queue its own
   * (out of memory, a writer refusing its text) falls back to a 500
   * rather than a closed connection. */
  if (r->status == 0)
    ret = plain(c, r, MHD_HTTP_INTERNAL_SERVER_ERROR, "Server error\n");
  return ret;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe) {
  struct dd_server *sv = cls;
  struct request *r = *con_cls;
  (void)toe;
  /* Without the lock: the deadline is atomic, the time is kept per
   * thread, and the log's stream locks itself. */
  /* The next request on this connection has request_timeout to arrive. */
  struct conn *k = conn_of(c);
  if (k != NULL)
    k->deadline = now_ns() + sv->request_ns;
  if (r == NULL)
    return;
  char addr[DD__ADDR_TEXT];
  dd__addr_format(&r->client, addr, sizeof addr);
  if (r->status != 0)
    dd__metrics_request(&sv->metrics, r->route, r->status);
  char subscriber[32] = "-";
  if (r->subscriber > 0)
    snprintf(subscriber, sizeof subscriber, "subscriber=%ld", r->subscriber);
  /* The time formatted once a second, not once a request, by each of
   * libmicrohttpd's threads. */
  static _Thread_local time_t logged_at;
  static _Thread_local char logged_time[32];
  time_t now = time(NULL);
  if (now != logged_at) {
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(logged_time, sizeof logged_time, "%Y-%m-%dT%H:%M:%SZ", &tm);
    logged_at = now;
  }
  /* One line per request: time, client, method, path, status, bytes, the
   * feed's subscriber (its id: the token is cut to its first six
   * characters, so the log does not hand out working links) and the
   * User-Agent in quotes. Method, path and agent were escaped (log_escape)
   * so that a client cannot write a line of its own, nor end the quotes. */
  flockfile(sv->opt->log);
  fprintf(sv->opt->log, "%s %s %s %s %u %zu %s \"%s\"\n", logged_time, addr,
          r->method, r->path, r->status, r->bytes, subscriber, r->agent);
  fflush(sv->opt->log);
  funlockfile(sv->opt->log);
  free(r->body);
  free(r);
  *con_cls = NULL;
}

/* Keeps the list of open connections, each with its deadline: a whole
 * request within request_timeout of the connection's start. */
static void on_connection(void *cls, struct MHD_Connection *c,
                          void **socket_context,
                          enum MHD_ConnectionNotificationCode code) {
  struct dd_server *sv = cls;
  pthread_mutex_lock(&sv->lock);
  if (code == MHD_CONNECTION_NOTIFY_STARTED) {
    struct conn *k = calloc(1, sizeof *k);
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (k == NULL || info == NULL) {
      free(k); /* untracked: the idle timeout still bounds it */
      *socket_context = NULL;
      pthread_mutex_unlock(&sv->lock);
      return;
    }
    k->fd = info->connect_fd;
    k->deadline = now_ns() + sv->request_ns;
    k->next = sv->conns;
    if (sv->conns != NULL)
      sv->conns->prev = k;
    sv->conns = k;
    *socket_context = k;
  } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
    struct conn *k = *socket_context;
    if (k == NULL) {
      pthread_mutex_unlock(&sv->lock);
      return;
    }
    if (k->prev != NULL)
      k->prev->next = k->next;
    else
      sv->conns = k->next;
    if (k->next != NULL)
      k->next->prev = k->prev;
    free(k);
    *socket_context = NULL;
  }
  pthread_mutex_unlock(&sv->lock);
}

/* Closes the connections whose request has not arrived by its deadline.
 * libmicrohttpd's timeout is an idle timeout: a client sending one header
 * byte every 5 s never trips it, and 100 of them from one address held
 * every slot while normal requests timed out. The socket is shut down,
 * not closed: libmicrohttpd then reads end-of-file on it, closes it and
 * tells on_connection. It tells on_connection before it closes the
 * descriptor, and on_connection waits for the lock held here, so a
 * descriptor on the list is still the connection's own. */
void dd_server_sweep(dd_server *sv) {
  unsigned closed = 0;
  pthread_mutex_lock(&sv->lock);
  long long now = now_ns();
  for (struct conn *k = sv->conns; k != NULL; k = k->next)
    if (k->deadline != 0 && now > k->deadline) {
      shutdown(k->fd, SHUT_RDWR);
      k->deadline = 0;
      closed++;
    }
  /* Expired sessions, every ten minutes: a session is checked when it is
   * used, and one never used again would stay in the register. */
  time_t t = time(NULL);
  char why[sizeof((dd_diag *)0)->message * 4] = "";
  if (sv->site != NULL && t - sv->pruned_at >= 600 && sv->opt->st != NULL &&
      !dd_store_read_only(sv->opt->st)) {
    dd_diag diag;
    sv->pruned_at = t;
    if (dd__site_prune(sv->site, sv->opt->st, t, &diag) != DD_OK)
      log_escape(diag.message, why, sizeof why);
  }
  char seen_why[sizeof((dd_diag *)0)->message * 4] = "";
  seen_flush(sv, SEEN_BATCH, seen_why, sizeof seen_why);
  pthread_mutex_unlock(&sv->lock);
  if (why[0] != '\0') {
    fprintf(sv->opt->log, "dueday serve: expired sessions: %s\n", why);
    fflush(sv->opt->log);
  }
  if (seen_why[0] != '\0') {
    fprintf(sv->opt->log, "dueday serve: feeds' fetches not recorded: %s\n",
            seen_why);
    fflush(sv->opt->log);
  }
  if (closed > 0) {
    fprintf(sv->opt->log,
            "dueday serve: closed %u connection%s without a whole request "
            "in %u s\n",
            closed, closed == 1 ? "" : "s", sv->request_s);
    fflush(sv->opt->log);
  }
}

/* libmicrohttpd's own messages ("Failed to send the response body for the
 * request for `/feeds/<token>.ics'", when a client goes away mid-feed) name
 * the path, and for a feed the path is the secret link: each token in one
 * is cut to its first six characters (cut_tokens), as in the access log;
 * and what a client sent is escaped (log_escape). */
__attribute__((format(printf, 2, 0))) static void
mhd_message(void *cls, const char *fmt, va_list ap) {
  struct dd_server *sv = cls;
  char msg[512];
  vsnprintf(msg, sizeof msg, fmt, ap);
  cut_tokens(msg);
  size_t len = strlen(msg);
  while (len > 0 && msg[len - 1] == '\n')
    msg[--len] = '\0';
  char line[sizeof msg * 4];
  log_escape(msg, line, sizeof line);
  fprintf(sv->opt->log, "dueday serve: %s\n", line);
  fflush(sv->opt->log);
}

/* Starts libmicrohttpd listening on sa. NULL with errno when it cannot. */
static struct MHD_Daemon *start_daemon(struct dd_server *sv,
                                       const struct sockaddr *sa) {
  const dd_server_options *opt = sv->opt;
  unsigned flags =
      MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ERROR_LOG;
  /* [::] is every address, IPv4 ones too (one socket for both, as
   * "listen on all" means to most who write it). */
  if (sa->sa_family == AF_INET6)
    flags |= IN6_IS_ADDR_UNSPECIFIED(
                 &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr)
                 ? MHD_USE_DUAL_STACK
                 : MHD_USE_IPv6;
  if (sv->tls != NULL)
    flags |= MHD_USE_TLS;
  /* The event loop, chosen rather than left to MHD_USE_AUTO: that picked
   * epoll, and libmicrohttpd 0.9.75's epoll loop stalls with 128 or more
   * connections ready at once (wrk -c128 got 178 requests in 3 s where
   * -c127 got 111,883). poll() has neither that nor select()'s FD_SETSIZE
   * of 1,024 descriptors, but a round costs O(connections): libmicrohttpd
   * visits every connection, busy or not, and accepts one new connection
   * a round. With one thread and 1,000 connections, 1,000 clients
   * connecting at once waited up to 2 s to be accepted (wrk -c1000: 235
   * timeouts, p99 777 ms), and 1,000 idle keep-alive connections beside
   * 32 busy ones halved their throughput. Two threads, each polling half
   * the connections (and the listening socket), bring that to no
   * timeouts and p99 40 ms, and 69% of the throughput (bench/load.sh).
   * Requests still run one at a time, under sv->lock: the work is the
   * register's and the cache's, and the threads are for the polling.
   * With HTTPS the certificate comes from a callback (the last option,
   * left out for HTTP), so that a reload can change it. */
  return MHD_start_daemon(
      flags, (uint16_t)opt->port, NULL, NULL, handle, sv,
      /* First, so that no message goes to the default logger. */
      MHD_OPTION_EXTERNAL_LOGGER, mhd_message, sv, MHD_OPTION_SOCK_ADDR, sa,
      MHD_OPTION_CONNECTION_LIMIT,
      opt->max_connections ? opt->max_connections : DD_SERVER_MAX_CONNECTIONS,
      MHD_OPTION_PER_IP_CONNECTION_LIMIT,
      opt->per_address ? opt->per_address : DD_SERVER_PER_ADDRESS,
      MHD_OPTION_CONNECTION_TIMEOUT,
      opt->idle_timeout ? opt->idle_timeout : DD_SERVER_IDLE_TIMEOUT,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16384,
      /* A burst of 1,000 clients connecting at once fits the queue. */
      MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u, MHD_OPTION_THREAD_POOL_SIZE, 2u,
      MHD_OPTION_NOTIFY_COMPLETED, completed, sv, MHD_OPTION_NOTIFY_CONNECTION,
      on_connection, sv,
      sv->tls != NULL ? MHD_OPTION_HTTPS_CERT_CALLBACK : MHD_OPTION_END,
      &dd__tls_retrieve, MHD_OPTION_END);
}

/* Whether sa is loopback (127.0.0.0/8, ::1). */
static bool sockaddr_loopback(const struct sockaddr *sa) {
  dd__addr a;
  return dd__addr_from_sockaddr(sa, &a) && dd__addr_loopback(&a);
}

/* web.trusted_proxies and web.metrics_allow into sv, parsed (the
 * configuration checked them). */
static void address_lists(struct dd_server *sv, const dd_web_config *web) {
  if (web == NULL)
    return;
  for (size_t i = 0; i < web->n_trusted_proxies; i++)
    if (dd__cidr_parse(web->trusted_proxies[i], &sv->trusted[sv->ntrusted]))
      sv->ntrusted++;
  for (size_t i = 0; i < web->n_metrics_allow; i++)
    if (dd__cidr_parse(web->metrics_allow[i],
                       &sv->metrics_allow[sv->nmetrics_allow]))
      sv->nmetrics_allow++;
}

static void server_undo(struct dd_server *sv) {
  pthread_mutex_destroy(&sv->lock);
  assets_clear(sv);
  dd__site_free(sv->site);
  dd__tls_free(sv->tls);
  free(sv);
}

int dd_server_new(const dd_server_options *opt, dd_server **out,
                  dd_diag *diag) {
  *out = NULL;
  /* "[::1]" as well as "::1": the brackets of a URL's host. */
  char host[256];
  size_t n = strlen(opt->address);
  if (n >= 2 && opt->address[0] == '[' && opt->address[n - 1] == ']')
    snprintf(host, sizeof host, "%.*s", (int)(n - 2), opt->address + 1);
  else
    snprintf(host, sizeof host, "%s", opt->address);
  char port[16];
  snprintf(port, sizeof port, "%d", opt->port);
  struct addrinfo hints = {.ai_socktype = SOCK_STREAM,
                           .ai_flags = AI_NUMERICSERV | AI_PASSIVE},
                  *res = NULL;
  int gai = getaddrinfo(host, port, &hints, &res);
  if (gai != 0)
    return dd_diag_set(diag, DD_EINVAL, "cannot listen on \"%s\": %s",
                       opt->address,
                       gai == EAI_SYSTEM ? strerror(errno) : gai_strerror(gai));
  bool pages = opt->web != NULL && opt->web->auth != DD_WEB_AUTH_OFF;
  /* 127.0.0.0/8 or ::1. The pages trust what only loopback can vouch for:
   * in local mode whoever can reach the port is whoever started serve (or
   * shares the machine), and behind a proxy the address header is only
   * the proxy's if nothing else can connect. A name that resolves to
   * loopback and to other addresses listens on its loopback one. */
  bool need_loopback = pages && opt->web->auth != DD_WEB_AUTH_EMAIL_LINK;
  bool usable = false;
  for (struct addrinfo *ai = res; ai != NULL; ai = ai->ai_next)
    if ((ai->ai_family == AF_INET || ai->ai_family == AF_INET6) &&
        (!need_loopback || sockaddr_loopback(ai->ai_addr)))
      usable = true;
  if (!usable) {
    freeaddrinfo(res);
    if (!need_loopback)
      return dd_diag_set(diag, DD_EINVAL,
                         "cannot listen on \"%s\": no IPv4 or IPv6 address",
                         opt->address);
    return dd_diag_set(
        diag, DD_EINVAL,
        opt->web->auth == DD_WEB_AUTH_PROXY
            ? "cannot listen on %s: with web.auth = \"proxy\" serve trusts "
              "the %s header, so it listens on loopback only (127.0.0.1 or "
              "[::1]), with the sign-on proxy in front"
            : "cannot listen on %s: without a sign-on proxy the pages are "
              "for this machine only: listen on loopback (127.0.0.1 or "
              "[::1]), or set web.auth = \"proxy\" and put serve behind the "
              "proxy, or web.auth = \"off\" to serve the feeds alone%s",
        opt->address,
        opt->web->auth == DD_WEB_AUTH_PROXY ? opt->web->proxy_header : "");
  }
  struct dd_server *sv = calloc(1, sizeof *sv);
  if (sv == NULL) {
    freeaddrinfo(res);
    return dd_diag_set(diag, DD_ENOMEM, "out of memory");
  }
  if ((opt->tls_cert == NULL) != (opt->tls_key == NULL)) {
    freeaddrinfo(res);
    free(sv);
    return dd_diag_set(diag, DD_EINVAL,
                       "HTTPS needs a certificate and its key, both");
  }
  if (opt->tls_cert != NULL) {
    int err = dd__tls_new(opt->tls_cert, opt->tls_key, &sv->tls, diag);
    if (err != DD_OK) {
      freeaddrinfo(res);
      free(sv);
      return err;
    }
  }
  if (pages) {
    int err = dd__site_new(opt->web, opt->proxy_secret, &sv->site, diag);
    if (err == DD_OK && opt->web->auth == DD_WEB_AUTH_EMAIL_LINK) {
      static const dd_mail_config none = {0};
      err = dd__site_mail_start(sv->site, opt->mail ? opt->mail : &none,
                                opt->mail_password, opt->log, diag);
      if (err != DD_OK)
        dd__site_free(sv->site);
    }
    if (err != DD_OK) {
      freeaddrinfo(res);
      dd__tls_free(sv->tls);
      free(sv);
      return err;
    }
    /* Every asset's answers now, before any thread can ask: from here on
     * they are only read. One that cannot be made (no memory) is served
     * the ordinary way. */
    const dd__web_asset *a;
    for (size_t i = 0; i < ASSETS_MAX && (a = dd__web_asset_at(i)) != NULL; i++)
      asset_answer_make(&sv->assets[i], a);
  }
  pthread_mutex_init(&sv->lock, NULL);
  sv->opt = opt;
  sv->planner = opt->planner;
  sv->version_read = -1;
  sv->configured_at = time(NULL);
  sv->cache.max_bytes =
      opt->cache_bytes ? opt->cache_bytes : DD_SERVER_CACHE_BYTES;
  sv->request_s =
      opt->request_timeout ? opt->request_timeout : DD_SERVER_REQUEST_TIMEOUT;
  sv->request_ns = (long long)sv->request_s * 1000000000;
  address_lists(sv, opt->web);
  /* The first address that can be listened on. */
  int e = 0;
  const struct addrinfo *bound = NULL;
  for (struct addrinfo *ai = res; ai != NULL && sv->d == NULL;
       ai = ai->ai_next) {
    if ((ai->ai_family != AF_INET && ai->ai_family != AF_INET6) ||
        (need_loopback && !sockaddr_loopback(ai->ai_addr)))
      continue;
    sv->d = start_daemon(sv, ai->ai_addr);
    if (sv->d == NULL)
      e = errno;
    else
      bound = ai;
  }
  if (sv->d == NULL) {
    freeaddrinfo(res);
    server_undo(sv);
    return dd_diag_set(diag, DD_ENET, "cannot listen on %s:%d: %s",
                       opt->address, opt->port,
                       e != 0 ? strerror(e) : "no address");
  }
  dd__addr where;
  char text[DD__ADDR_TEXT], hostport[80];
  dd__addr_from_sockaddr(bound->ai_addr, &where);
  dd__addr_format(&where, text, sizeof text);
  freeaddrinfo(res);
  const union MHD_DaemonInfo *info =
      MHD_get_daemon_info(sv->d, MHD_DAEMON_INFO_BIND_PORT);
  sv->port = info != NULL && info->port != 0 ? info->port : opt->port;
  bool v6 = where.family == AF_INET6;
  snprintf(hostport, sizeof hostport, "%s%s%s:%d", v6 ? "[" : "", text,
           v6 ? "]" : "", sv->port);
  snprintf(sv->url, sizeof sv->url, "%s://%s/",
           sv->tls != NULL ? "https" : "http", hostport);
  if (sv->site != NULL) {
    pthread_mutex_lock(&sv->lock);
    dd__site_set_listen(sv->site, hostport, sv->tls != NULL);
    pthread_mutex_unlock(&sv->lock);
  }
  *out = sv;
  return DD_OK;
}

int dd_server_port(const dd_server *sv) { return sv->port; }

const char *dd_server_url(const dd_server *sv) { return sv->url; }

int dd_server_sign_in_link(dd_server *sv, char *link, size_t size,
                           dd_diag *diag) {
  if (sv->site == NULL)
    return dd_diag_set(diag, DD_EINVAL, "serve has no pages (web.auth)");
  if (sv->opt->st == NULL || dd_store_read_only(sv->opt->st))
    return dd_diag_set(diag, DD_EINVAL,
                       "the register is read only: the pages cannot keep "
                       "sessions");
  pthread_mutex_lock(&sv->lock);
  int err = dd__site_link_new(sv->site, link, size, diag);
  pthread_mutex_unlock(&sv->lock);
  return err;
}

/* Local mode: prints a new sign-in link where opt->announce says. */
static void announce_link(dd_server *sv) {
  const dd_server_options *opt = sv->opt;
  if (opt->web == NULL || opt->web->auth != DD_WEB_AUTH_LOCAL)
    return;
  char link[512];
  dd_diag diag;
  FILE *to = opt->announce != NULL ? opt->announce : opt->log;
  if (dd_server_sign_in_link(sv, link, sizeof link, &diag) == DD_OK)
    fprintf(to, "Sign in to the pages (this link works once):\n  %s\n", link);
  else
    fprintf(opt->log, "dueday serve: no sign-in link: %s\n", diag.message);
  fflush(to);
  fflush(opt->log);
}

int dd_server_reload(dd_server *sv) {
  dd_diag diag;
  dd_planner *fresh = NULL;
  int err = DD_EINVAL;
  /* Built and checked while requests go on: reading and checking the
   * holiday files held every request up for some 40 ms. */
  if (sv->opt->reload == NULL)
    snprintf(diag.message, sizeof diag.message, "reload is not supported");
  else
    err = sv->opt->reload(sv->opt->reload_cls, &fresh, &diag);
  if (err == DD_OK) {
    /* Between two requests: none is using the planner or the cache. */
    pthread_mutex_lock(&sv->lock);
    dd_planner *old = sv->planner;
    sv->planner = fresh;
    cache_clear(&sv->cache); /* every feed in it was made on the old data */
    sv->configured_at = time(NULL);
    pthread_mutex_unlock(&sv->lock);
    if (sv->opt->release != NULL)
      sv->opt->release(sv->opt->reload_cls, old);
    fprintf(sv->opt->log, "dueday serve: SIGHUP, reloaded the configuration "
                          "and holiday data\n");
  } else {
    char why[sizeof diag.message * 4];
    log_escape(diag.message, why, sizeof why);
    fprintf(sv->opt->log,
            "dueday serve: SIGHUP, reload failed, still serving the previous "
            "configuration: %s\n",
            why);
  }
  /* The certificate on its own: a renewed one is taken even when the
   * configuration has a mistake, and the other way round. */
  if (sv->tls != NULL) {
    int tls_err = dd__tls_reload(sv->tls, &diag);
    char why[sizeof diag.message * 4];
    if (tls_err == DD_OK) {
      fprintf(sv->opt->log, "dueday serve: SIGHUP, reloaded the TLS "
                            "certificate and key\n");
    } else {
      log_escape(diag.message, why, sizeof why);
      fprintf(sv->opt->log,
              "dueday serve: SIGHUP, TLS certificate reload failed, still "
              "serving the previous one: %s\n",
              why);
      if (err == DD_OK)
        err = tls_err;
    }
  }
  fflush(sv->opt->log);
  return err;
}

void dd_server_free(dd_server *sv) {
  if (sv == NULL)
    return;
  MHD_stop_daemon(sv->d);
  char why[sizeof((dd_diag *)0)->message * 4] = "";
  seen_flush(sv, SEEN_MAX, why, sizeof why); /* the last sweep's */
  cache_clear(&sv->cache);
  assets_clear(sv);
  dd__site_free(sv->site);
  dd__tls_free(sv->tls);
  pthread_mutex_destroy(&sv->lock);
  free(sv);
}

int dd_server_run(const dd_server_options *opt, dd_diag *diag) {
  dd_server *sv;
  int err = dd_server_new(opt, &sv, diag);
  if (err != DD_OK)
    return err;
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  /* Deadlines are whole seconds: sweeping ten times a second is early
   * enough. */
  const struct timespec tick = {0, 100000000};
  int sig;
  /* Only now: a line saying it listens before it does misleads whoever
   * waits for it. */
  fprintf(opt->log, "dueday serve: listening on %s\n", sv->url);
  /* The session cookie is Secure (and __Host-) only when web.base_url is
   * https: over HTTPS without it, a browser would send the cookie over
   * plain HTTP too. */
  if (sv->tls != NULL && sv->site != NULL &&
      (opt->web->base_url == NULL ||
       strncmp(opt->web->base_url, "https://", 8) != 0))
    fprintf(opt->log,
            "dueday serve: serving HTTPS, but web.base_url is not an "
            "https:// address: the pages' session cookie is not marked "
            "Secure; set web.base_url = \"https://HOST:%d\"\n",
            sv->port);
  fflush(opt->log);
  announce_link(sv);
  for (;;) {
    sig = sigtimedwait(&set, NULL, &tick);
    if (sig == SIGINT || sig == SIGTERM)
      break;
    if (sig == SIGHUP) {
      dd_server_reload(sv);
      announce_link(sv); /* the last one may have been used */
    }
    dd_server_sweep(sv);
  }
  fprintf(opt->log, "dueday serve: %s, stopping\n",
          sig == SIGINT ? "SIGINT" : "SIGTERM");
  dd_server_free(sv);
  return DD_OK;
}
