/* The reminder pass's status file and the feed server's health check
 * (GET /healthz). dueday notify writes "<register>-notify.status" after
 * each pass (not a dry run), atomically, with the pass's time and result;
 * the server reads it, with the register's schema, to say whether the
 * service is healthy. */
#ifndef DUEDAY_HEALTH_H
#define DUEDAY_HEALTH_H

#include "dueday/dueday.h"

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* A reminder pass's record. */
typedef struct dd__notify_status {
  time_t at;   /* when the pass ended (Unix time) */
  bool ok;     /* it ran to its end and no reminder failed */
  long passes; /* passes recorded so far, this one included */
  long sent, failed, deferred;
  char reason[512]; /* why not ok; "" when ok */
} dd__notify_status;

/* The status file's path for the register at db_path into buf. */
void dd__notify_status_path(const char *db_path, char *buf, size_t size);

/* Reads the status file of the register at db_path. Returns DD_OK;
 * DD_ENOTFOUND when no pass has written one; DD_EIO or DD_EPARSE with the
 * reason in diag. */
int dd__notify_status_read(const char *db_path, dd__notify_status *out,
                           dd_diag *diag);

/* Writes s (its passes counted on from the file's, when there is one) to
 * the status file of the register at db_path: to a temporary file in the
 * same directory, then renamed over it, so that a reader sees the old
 * record or the new, never half of one. Returns DD_OK; DD_EIO with the
 * file and the reason in diag. */
int dd__notify_status_write(const char *db_path, const dd__notify_status *s,
                            dd_diag *diag);

/* The health check: whether the register at st answers and is at the
 * current schema, and the last reminder pass ran and, when max_age > 0,
 * not longer than max_age seconds before now. *body (caller frees) is a
 * small JSON object with no secret in it; returns 200 or 503 (with the
 * reason in the body). NULL *body when out of memory. */
unsigned dd__health_check(dd_store *st, long max_age, time_t now, char **body,
                          size_t *len);

#endif
