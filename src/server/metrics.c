#define _GNU_SOURCE
/* The feed server's metrics (see metrics.h). Prometheus's text format:
 * "# HELP" and "# TYPE" once per family, then one sample a line; a
 * counter's name ends in _total, a time is in seconds. */
#include "metrics.h"

#include "health.h"
#include "service/ledger.h"
#include "support/buf.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const route_names[DD__ROUTES] = {
    "feed",    "api_visit", "api_when", "healthz",
    "metrics", "page",      "asset",    "other"};
static const unsigned codes[DD__METRIC_CODES - 1] = {
    200, 204, 301, 302, 303, 304, 400, 401, 403,
    404, 405, 413, 415, 422, 429, 500, 503};
/* A feed build's seconds: the histogram's upper bounds. */
static const double build_le[8] = {0.001, 0.0025, 0.005, 0.01,
                                   0.025, 0.05,   0.1,   0.5};

void dd__metrics_request(dd__metrics *m, dd__metric_route route,
                         unsigned status) {
  size_t c = DD__METRIC_CODES - 1;
  for (size_t i = 0; i < DD__METRIC_CODES - 1; i++)
    if (codes[i] == status)
      c = i;
  atomic_fetch_add_explicit(&m->requests[route][c], 1, memory_order_relaxed);
}

void dd__metrics_feed_build(dd__metrics *m, double seconds) {
  m->feed_builds++;
  m->feed_build_seconds += seconds;
  for (size_t i = 0; i < 8; i++)
    if (seconds <= build_le[i])
      m->feed_build_le[i]++;
}

static void family(dd__buf *b, const char *name, const char *type,
                   const char *help) {
  dd__buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* The ledger's rows by state, a pending one that the mail server deferred
 * (tried at least once) counted as "deferred". */
struct states {
  unsigned long long sent, failed, deferred, pending, superseded, stopped;
};

static int count_state(const dd_reminder *r, void *arg) {
  struct states *s = arg;
  if (strcmp(r->state, "sent") == 0)
    s->sent++;
  else if (strcmp(r->state, "failed") == 0)
    s->failed++;
  else if (strcmp(r->state, "pending") == 0 && r->attempts > 0)
    s->deferred++;
  else if (strcmp(r->state, "pending") == 0)
    s->pending++;
  else if (strcmp(r->state, "superseded") == 0)
    s->superseded++;
  else if (strcmp(r->state, "stopped") == 0)
    s->stopped++;
  return 0;
}

/* "YYYY-MM-DDTHH:MM:SSZ" as Unix time; -1 when it is not that. */
static long long utc_seconds(const char *s) {
  struct tm tm = {0};
  const char *end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (end == NULL || *end != '\0')
    return -1;
  return (long long)timegm(&tm);
}

static int last_fetch(const dd_subscriber *s, void *arg) {
  dd__buf *b = arg;
  long long t = s->revoked ? -1 : utc_seconds(s->last_fetch);
  if (t >= 0)
    dd__buf_printf(b,
                   "dueday_subscriber_last_fetch_timestamp_seconds{"
                   "subscriber=\"%ld\"} %lld\n",
                   s->id, t);
  return 0;
}

int dd__metrics_render(const dd__metrics *m, dd_store *st, char **out,
                       size_t *len) {
  dd__buf b = {0};
  family(&b, "dueday_http_requests_total", "counter",
         "HTTP requests answered, by route and status code.");
  for (size_t r = 0; r < DD__ROUTES; r++)
    for (size_t c = 0; c < DD__METRIC_CODES; c++) {
      unsigned long long n =
          atomic_load_explicit((_Atomic unsigned long long *)&m->requests[r][c],
                               memory_order_relaxed);
      if (n == 0)
        continue;
      char code[8];
      if (c < DD__METRIC_CODES - 1)
        snprintf(code, sizeof code, "%u", codes[c]);
      else
        snprintf(code, sizeof code, "other");
      dd__buf_printf(&b,
                     "dueday_http_requests_total{route=\"%s\",code=\"%s\"} "
                     "%llu\n",
                     route_names[r], code, n);
    }
  family(&b, "dueday_feed_build_seconds", "histogram",
         "Feeds built (not served from the cache), and the time each "
         "took.");
  for (size_t i = 0; i < 8; i++)
    dd__buf_printf(&b, "dueday_feed_build_seconds_bucket{le=\"%g\"} %llu\n",
                   build_le[i], m->feed_build_le[i]);
  dd__buf_printf(&b,
                 "dueday_feed_build_seconds_bucket{le=\"+Inf\"} %llu\n"
                 "dueday_feed_build_seconds_sum %.6f\n"
                 "dueday_feed_build_seconds_count %llu\n",
                 m->feed_builds, m->feed_build_seconds, m->feed_builds);
  if (st != NULL) {
    dd__notify_status ns;
    if (dd__notify_status_read(dd_store_path(st), &ns, NULL) == DD_OK) {
      family(&b, "dueday_notify_passes_total", "counter",
             "Reminder passes run (dueday notify, not dry runs).");
      dd__buf_printf(&b, "dueday_notify_passes_total %ld\n", ns.passes);
      family(&b, "dueday_notify_last_pass_timestamp_seconds", "gauge",
             "When the last reminder pass ended.");
      dd__buf_printf(&b, "dueday_notify_last_pass_timestamp_seconds %lld\n",
                     (long long)ns.at);
      family(&b, "dueday_notify_last_pass_success", "gauge",
             "1 when the last reminder pass ran to its end with no "
             "reminder failed, else 0.");
      dd__buf_printf(&b, "dueday_notify_last_pass_success %d\n", ns.ok);
    }
    struct states s = {0};
    if (dd_ledger_each(st, NULL, 0, count_state, &s, NULL) == DD_OK) {
      family(&b, "dueday_reminders", "gauge",
             "Reminders in the register's ledger, by state (deferred: "
             "pending after the mail server put it off).");
      const char *names[] = {"sent",    "failed",     "deferred",
                             "pending", "superseded", "stopped"};
      unsigned long long v[] = {s.sent,    s.failed,     s.deferred,
                                s.pending, s.superseded, s.stopped};
      for (size_t i = 0; i < 6; i++)
        dd__buf_printf(&b, "dueday_reminders{state=\"%s\"} %llu\n", names[i],
                       v[i]);
    }
    family(&b, "dueday_subscriber_last_fetch_timestamp_seconds", "gauge",
           "When each live subscriber's feed was last fetched (to the "
           "minute), by subscriber id.");
    dd_store_subscribers_each(st, last_fetch, &b, NULL);
  }
  *out = dd__buf_take(&b, len);
  return *out != NULL ? DD_OK : DD_ENOMEM;
}
