/* The feed server's metrics (GET /metrics), in Prometheus's text
 * exposition format: requests by route and status counted as they are
 * answered, feed builds and their time, and what the register holds at
 * scrape time (the reminder passes, the ledger's reminders by state, each
 * subscriber's last fetch, by id: never a token). */
#ifndef DUEDAY_METRICS_H
#define DUEDAY_METRICS_H

#include "dueday/dueday.h"

#include <stdatomic.h>
#include <stddef.h>

/* A request's route, the "route" label. */
typedef enum dd__metric_route {
  DD__ROUTE_FEED,
  DD__ROUTE_VISIT,
  DD__ROUTE_WHEN,
  DD__ROUTE_HEALTHZ,
  DD__ROUTE_METRICS,
  DD__ROUTE_PAGE,
  DD__ROUTE_ASSET,
  DD__ROUTE_OTHER,
  DD__ROUTES
} dd__metric_route;

/* The status codes counted one by one; any other is counted as "other". */
#define DD__METRIC_CODES 18

/* The counters; zero-initialise. The requests' are atomic (counted by
 * libmicrohttpd's threads without the server's lock); the feed builds'
 * are the server's, under its lock. */
typedef struct dd__metrics {
  _Atomic unsigned long long requests[DD__ROUTES][DD__METRIC_CODES];
  unsigned long long feed_builds;
  double feed_build_seconds;
  unsigned long long feed_build_le[8]; /* cumulative buckets, see .c */
} dd__metrics;

/* Counts a request answered with status. */
void dd__metrics_request(dd__metrics *m, dd__metric_route route,
                         unsigned status);
/* Counts a feed built in seconds. */
void dd__metrics_feed_build(dd__metrics *m, double seconds);
/* The text of every metric into *out (caller frees) and *len; st may be
 * NULL (nothing of the register then). Returns DD_OK; DD_ENOMEM. */
int dd__metrics_render(const dd__metrics *m, dd_store *st, char **out,
                       size_t *len);

#endif
