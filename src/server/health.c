/* The reminder pass's status file and the health check (see health.h). */
#include "health.h"

#include <jansson.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void dd__notify_status_path(const char *db_path, char *buf, size_t size) {
  snprintf(buf, size, "%s-notify.status", db_path);
}

int dd__notify_status_read(const char *db_path, dd__notify_status *out,
                           dd_diag *diag) {
  char path[4096];
  memset(out, 0, sizeof *out);
  dd__notify_status_path(db_path, path, sizeof path);
  json_error_t je;
  json_t *o = json_load_file(path, 0, &je);
  if (o == NULL) {
    if (access(path, F_OK) != 0 && errno == ENOENT)
      return dd_diag_set(diag, DD_ENOTFOUND, "%s: no reminder pass yet", path);
    return dd_diag_set(diag, DD_EPARSE, "%s:%d: %s", path, je.line, je.text);
  }
  json_int_t at = 0, passes = 0, n[6] = {0};
  const char *result = NULL, *reason = "";
  if (json_unpack_ex(
          o, &je, 0, "{s:I, s:s, s?:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
          "at", &at, "result", &result, "reason", &reason, "passes", &passes,
          "sent", &n[0], "failed", &n[1], "deferred", &n[2], "sent_total",
          &n[3], "failed_total", &n[4], "deferred_total", &n[5]) != 0) {
    int err = dd_diag_set(diag, DD_EPARSE, "%s: %s", path, je.text);
    json_decref(o);
    return err;
  }
  out->last.at = (time_t)at;
  out->last.ok = strcmp(result, "ok") == 0;
  out->last.sent = (long)n[0];
  out->last.failed = (long)n[1];
  out->last.deferred = (long)n[2];
  snprintf(out->last.reason, sizeof out->last.reason, "%s", reason);
  out->passes = (long)passes;
  out->sent_total = (long)n[3];
  out->failed_total = (long)n[4];
  out->deferred_total = (long)n[5];
  json_decref(o);
  return DD_OK;
}

/* The record's JSON: the pass and the totals; reason "" in place of one
 * that is not UTF-8. */
static json_t *record_json(const dd_server_pass *p, const dd__notify_status *t,
                           bool with_reason) {
  return json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "at",
                   (json_int_t)p->at, "result", p->ok ? "ok" : "failed",
                   "reason", with_reason ? p->reason : "", "passes",
                   (json_int_t)t->passes, "sent", (json_int_t)p->sent, "failed",
                   (json_int_t)p->failed, "deferred", (json_int_t)p->deferred,
                   "sent_total", (json_int_t)t->sent_total, "failed_total",
                   (json_int_t)t->failed_total, "deferred_total",
                   (json_int_t)t->deferred_total);
}

int dd_server_pass_record(const char *db_path, const dd_server_pass *p,
                          dd_diag *diag) {
  char path[4096], tmp[4200];
  dd__notify_status_path(db_path, path, sizeof path);
  snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
  /* The totals carried on; a file that cannot be read starts them
   * again (a counter's reset, which Prometheus's rate() allows for). */
  dd__notify_status t;
  if (dd__notify_status_read(db_path, &t, NULL) != DD_OK)
    memset(&t, 0, sizeof t);
  t.passes++;
  t.sent_total += p->sent;
  t.failed_total += p->failed;
  t.deferred_total += p->deferred;
  json_t *o = record_json(p, &t, true);
  if (o == NULL)
    o = record_json(p, &t, false);
  char *text = o != NULL ? json_dumps(o, JSON_COMPACT) : NULL;
  json_decref(o);
  if (text == NULL)
    return dd_diag_set(diag, DD_ENOMEM, "out of memory");
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  int err = DD_OK;
  if (fd < 0) {
    err = dd_diag_set(diag, DD_EIO, "%s: %s", tmp, strerror(errno));
  } else {
    size_t len = strlen(text);
    bool done = write(fd, text, len) == (ssize_t)len && write(fd, "\n", 1) == 1;
    /* The record reaches the disk before the name moves to it. */
    done = done && fsync(fd) == 0;
    int e = errno;
    if (close(fd) != 0 && done) {
      done = false;
      e = errno;
    }
    if (!done || rename(tmp, path) != 0) {
      err = dd_diag_set(diag, DD_EIO, "%s: %s", done ? path : tmp,
                        strerror(done ? errno : e));
      unlink(tmp);
    }
  }
  free(text);
  return err;
}

static void utc(time_t t, char out[32]) {
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

unsigned dd__health_check(dd_store *st, long max_age, time_t now, char **body,
                          size_t *len) {
  const char *reason = NULL;
  json_t *o = json_object();
  int schema = st != NULL ? dd_store_schema_version(st) : -1;
  int latest = dd_store_schema_latest();
  json_object_set_new(o, "register",
                      json_string(schema >= 0 ? "ok" : "unreadable"));
  if (schema < 0) {
    reason = "the register cannot be read";
  } else {
    json_object_set_new(o, "schema", json_integer(schema));
    json_object_set_new(o, "schema_expected", json_integer(latest));
    if (schema < latest)
      reason = "the register's schema is older than this dueday's: run "
               "dueday db migrate";
  }
  dd__notify_status ns;
  int found = st != NULL ? dd__notify_status_read(dd_store_path(st), &ns, NULL)
                         : DD_ENOTFOUND;
  json_t *n = json_object();
  if (found == DD_OK) {
    char at[32];
    utc(ns.last.at, at);
    json_object_set_new(n, "last_pass", json_string(at));
    json_object_set_new(n, "result", json_string(ns.last.ok ? "ok" : "failed"));
    json_object_set_new(n, "age_seconds",
                        json_integer((json_int_t)(now - ns.last.at)));
    if (reason == NULL && !ns.last.ok)
      reason = "the last reminder pass failed";
    else if (reason == NULL && max_age > 0 && now - ns.last.at > max_age)
      reason = "the last reminder pass is older than "
               "web.health_notify_max_age";
  } else {
    json_object_set_new(n, "last_pass", json_null());
    json_object_set_new(
        n, "result",
        json_string(found == DD_ENOTFOUND ? "none" : "unreadable"));
    if (reason == NULL && max_age > 0)
      reason = found == DD_ENOTFOUND
                   ? "no reminder pass has run (web.health_notify_max_age "
                     "is set)"
                   : "the reminder pass's status file cannot be read";
  }
  if (max_age > 0)
    json_object_set_new(n, "max_age_seconds", json_integer(max_age));
  json_object_set_new(o, "notify", n);
  json_t *top =
      json_pack("{s:s}", "status", reason == NULL ? "ok" : "unavailable");
  if (top != NULL && reason != NULL)
    json_object_set_new(top, "reason", json_string(reason));
  if (top != NULL)
    json_object_update(top, o);
  json_decref(o);
  *body = top != NULL ? json_dumps(top, JSON_INDENT(2) | JSON_PRESERVE_ORDER)
                      : NULL;
  json_decref(top);
  if (*body != NULL) {
    /* A line of its own for a shell's `curl`. */
    size_t n0 = strlen(*body);
    char *grown = realloc(*body, n0 + 2);
    if (grown != NULL) {
      grown[n0] = '\n';
      grown[n0 + 1] = '\0';
      *body = grown;
    }
  }
  *len = *body != NULL ? strlen(*body) : 0;
  return reason == NULL ? 200 : 503;
}
