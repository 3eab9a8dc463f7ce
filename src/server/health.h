/* The reminder pass's status file and the feed server's health check
 * (GET /healthz). dueday notify writes "<register>-notify.status" after
 * each pass (not a dry run), atomically, with the pass's time and result;
 * the server reads it, with the register's schema, to say whether the
 * service is healthy. */
#ifndef DUEDAY_HEALTH_H
#define DUEDAY_HEALTH_H

#include "dueday/dueday.h"
#include "server.h"

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* The last reminder pass's record, and the totals of every pass's. */
typedef struct dd__notify_status {
  dd_server_pass last;
  long passes; /* passes recorded so far */
  long sent_total, failed_total, deferred_total;
} dd__notify_status;

/* The status file's path for the register at db_path into buf. */
void dd__notify_status_path(const char *db_path, char *buf, size_t size);

/* Reads the status file of the register at db_path. Returns DD_OK;
 * DD_ENOTFOUND when no pass has written one; DD_EPARSE with the reason in
 * diag. */
int dd__notify_status_read(const char *db_path, dd__notify_status *out,
                           dd_diag *diag);

/* The health check: whether the register at st answers and is at the
 * current schema, and the last reminder pass ran and, when max_age > 0,
 * not longer than max_age seconds before now. *body (caller frees) is a
 * small JSON object with no secret in it; returns 200 or 503 (with the
 * reason in the body). NULL *body when out of memory. */
unsigned dd__health_check(dd_store *st, long max_age, time_t now, char **body,
                          size_t *len);

#endif
