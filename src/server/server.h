/* The feed server: private feed links and a small JSON API over HTTP, on
 * libmicrohttpd. Part of the dueday command (dueday serve). */
#ifndef DUEDAY_SERVER_H
#define DUEDAY_SERVER_H

#include "dueday/dueday.h"
#include "dueday/planner.h"

#include <stdio.h>

typedef struct dd_server_options {
  const char *address; /* IPv4 address to listen on, e.g. "127.0.0.1" */
  int port;
  dd_store *st; /* used from the server's one thread only */
  dd_planner *planner;
  FILE *log; /* one access-log line per request */
  /* Today, pinned (tests and what-ifs; feeds then carry a fixed DTSTAMP),
   * or 0 for the local date at each request. */
  dd_date today;
} dd_server_options;

/* Serves until SIGINT or SIGTERM, then stops cleanly. The caller must have
 * blocked both signals in every thread (so that only this waits for them).
 * Returns DD_OK after a signal, DD_ENET when it cannot listen. */
int dd_server_run(const dd_server_options *opt, dd_diag *diag);

#endif
