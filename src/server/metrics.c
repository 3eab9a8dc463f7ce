#define _GNU_SOURCE
/* The feed server's metrics (see metrics.h). Prometheus's text format:
 * "# HELP" and "# TYPE" once per family, then one sample a line; a
 * counter's name ends in _total, a time is in seconds. */
#include "metrics.h"

#include "health.h"

#include "dueday/outbox.h"

#include <stdio.h>
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

static void family(FILE *f, const char *name, const char *type,
                   const char *help) {
  fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* The outbox's reminders: failed for good, or deferred by the mail
 * server (to be tried again). */
struct outbox_count {
  unsigned long long failed, deferred;
};

static int count_outbox(const dd_outbox_entry *e, void *arg) {
  struct outbox_count *n = arg;
  if (e->failed)
    n->failed++;
  else
    n->deferred++;
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
  FILE *f = arg;
  long long t = s->revoked ? -1 : utc_seconds(s->last_fetch);
  if (t >= 0)
    fprintf(f,
            "dueday_subscriber_last_fetch_timestamp_seconds{"
            "subscriber=\"%ld\"} %lld\n",
            s->id, t);
  return 0;
}

static void notify_metrics(FILE *f, const dd__notify_status *ns) {
  family(f, "dueday_notify_passes_total", "counter",
         "Reminder passes run (dueday notify, not dry runs).");
  fprintf(f, "dueday_notify_passes_total %ld\n", ns->passes);
  family(f, "dueday_notify_last_pass_timestamp_seconds", "gauge",
         "When the last reminder pass ended.");
  fprintf(f, "dueday_notify_last_pass_timestamp_seconds %lld\n",
          (long long)ns->last.at);
  family(f, "dueday_notify_last_pass_success", "gauge",
         "1 when the last reminder pass ran to its end with no reminder "
         "failed, else 0.");
  fprintf(f, "dueday_notify_last_pass_success %d\n", ns->last.ok);
  family(f, "dueday_notify_reminders_total", "counter",
         "Reminders the passes sent, failed for good, or had deferred by "
         "the mail server (a reminder deferred twice counts twice).");
  fprintf(f,
          "dueday_notify_reminders_total{outcome=\"sent\"} %ld\n"
          "dueday_notify_reminders_total{outcome=\"failed\"} %ld\n"
          "dueday_notify_reminders_total{outcome=\"deferred\"} %ld\n",
          ns->sent_total, ns->failed_total, ns->deferred_total);
}

int dd__metrics_render(const dd__metrics *m, dd_store *st, char **out,
                       size_t *len) {
  *out = NULL;
  *len = 0;
  char *text = NULL;
  size_t size = 0;
  FILE *f = open_memstream(&text, &size);
  if (f == NULL)
    return DD_ENOMEM;
  family(f, "dueday_http_requests_total", "counter",
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
      fprintf(f,
              "dueday_http_requests_total{route=\"%s\",code=\"%s\"} "
              "%llu\n",
              route_names[r], code, n);
    }
  family(f, "dueday_feed_build_seconds", "histogram",
         "Feeds built (not served from the cache), and the time each "
         "took.");
  for (size_t i = 0; i < 8; i++)
    fprintf(f, "dueday_feed_build_seconds_bucket{le=\"%g\"} %llu\n",
            build_le[i], m->feed_build_le[i]);
  fprintf(f,
          "dueday_feed_build_seconds_bucket{le=\"+Inf\"} %llu\n"
          "dueday_feed_build_seconds_sum %.6f\n"
          "dueday_feed_build_seconds_count %llu\n",
          m->feed_builds, m->feed_build_seconds, m->feed_builds);
  if (st != NULL) {
    dd__notify_status ns;
    if (dd__notify_status_read(dd_store_path(st), &ns, NULL) == DD_OK)
      notify_metrics(f, &ns);
    /* Read now, from the register: what needs an eye whatever passes
     * ran since the server started. */
    struct outbox_count n = {0};
    if (dd_outbox_each(st, 0, count_outbox, &n, NULL) == DD_OK) {
      family(f, "dueday_outbox_reminders", "gauge",
             "Reminders in the register's outbox now: failed for good, or "
             "deferred by the mail server and to be tried again.");
      fprintf(f,
              "dueday_outbox_reminders{state=\"failed\"} %llu\n"
              "dueday_outbox_reminders{state=\"deferred\"} %llu\n",
              n.failed, n.deferred);
    }
    family(f, "dueday_subscriber_last_fetch_timestamp_seconds", "gauge",
           "When each live subscriber's feed was last fetched (to the "
           "minute), by subscriber id.");
    dd_store_subscribers_each(st, last_fetch, f, NULL);
  }
  if (fclose(f) != 0) {
    free(text);
    return DD_ENOMEM;
  }
  *out = text;
  *len = size;
  return DD_OK;
}
