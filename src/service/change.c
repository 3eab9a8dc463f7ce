/* Recording, undoing and editing on a registered visit: the schedule
 * before and after the change, the rules' check of the change, and the
 * write with an audit row naming every field changed and every due date
 * that moved, in one transaction. The command line and the web pages both
 * change a visit through here, so that they validate and audit alike. */
#include "dueday/change.h"

#include "buf.h"
#include "store_write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dd_change_clear(dd_change *c) {
  if (c == NULL)
    return;
  dd_schedule_clear(&c->before);
  dd_schedule_clear(&c->after);
  free(c->moved);
  memset(c, 0, sizeof *c);
}

/* How many warnings ("; " between them) w holds. */
static size_t nwarnings(const char *w) {
  size_t k = w[0] != '\0';
  for (const char *p = w; (p = strstr(p, "; ")) != NULL; p += 2)
    k++;
  return k;
}

/* The first warning of after that before does not have (else the last)
 * into seg. */
static void new_warning(const char *before, const char *after, char *seg,
                        size_t size) {
  seg[0] = '\0';
  for (const char *w = after; *w != '\0';) {
    size_t len = strcspn(w, ";");
    snprintf(seg, size, "%.*s", (int)len, w);
    if (strstr(before, seg) == NULL)
      break;
    w += len;
    w += strspn(w, "; ");
  }
}

/* Whether what is one of the events that are not milestones. */
static bool is_event(const char *what) {
  return strcmp(what, DD_EVENT_CONCERNS_FOUND) == 0 ||
         strcmp(what, DD_EVENT_COMPLAINT_RECEIVED) == 0 ||
         strcmp(what, DD_EVENT_COMPLAINT_ANSWERED) == 0 ||
         strcmp(what, DD_EVENT_MONITORING_DECIDED) == 0 ||
         strcmp(what, DD_EVENT_MONITORING_NOT_NEEDED) == 0;
}

/* Fills c->moved: the milestones of c->after whose due date differs from
 * c->before's (0 for one that does not apply). */
static int list_moved(dd_change *c, dd_diag *diag) {
  if (c->after.n == 0)
    return DD_OK;
  if ((c->moved = calloc(c->after.n, sizeof *c->moved)) == NULL)
    return dd_diag_set(diag, DD_ENOMEM, "out of memory");
  for (size_t i = 0; i < c->after.n; i++) {
    const dd_milestone *m = &c->after.items[i];
    const dd_milestone *b = dd_schedule_find(&c->before, m->rule->id);
    dd_date before = b != NULL && b->applies ? b->due : 0;
    dd_date after = m->applies ? m->due : 0;
    if (before != after)
      c->moved[c->nmoved++] = (dd_moved){m->rule, before, after};
  }
  return DD_OK;
}

/* Plans v as it was (with was, nwas events) into c->before and as the
 * change leaves it (now, nnow) into c->after, checking the change: what
 * the rules in force or the calendar made of the visit since it was
 * registered stands (its start, its rule set, and the old events a
 * changed configuration no longer knows or finds out of order, issue 9),
 * while the change may bring nothing new of that kind. added is the event
 * a record adds (NULL for an undo). Returns DD_OK with c->moved filled;
 * DD_EINVAL with "ID: why" in diag; DD_ENOMEM. */
static int plan_change(dd_planner *p, const dd_visit *v, const dd_recorded *was,
                       size_t nwas, const dd_visit *edited,
                       const dd_recorded *now, size_t nnow, const char *added,
                       unsigned kept, dd_date today, dd_change *c,
                       dd_diag *diag) {
  const unsigned old_kinds = DD_SCHEDULE_WARN_EVENT | DD_SCHEDULE_WARN_ORDER;
  unsigned tolerate = kept;
  dd_diag why = {{0}};
  /* A visit that cannot be planned at all (its visit type or division gone
   * from the configuration) cannot be planned after the change either:
   * that check says why. */
  int err = dd_planner_schedule(p, v, was, nwas, today, &c->before, &why);
  if (err == DD_ENOMEM)
    return dd_diag_set(diag, err, "out of memory");
  if (err == DD_OK)
    tolerate |= c->before.warnings & old_kinds;
  err = dd_planner_schedule_checked(p, edited, now, nnow, today, tolerate,
                                    &c->after, &why);
  if (err == DD_ENOMEM)
    return dd_diag_set(diag, err, "out of memory");
  if (err != DD_OK)
    return dd_diag_set(diag, DD_EINVAL, "%s: %s", v->id, why.message);
  /* With old unknown events tolerated, a new unknown one would be let
   * through as a warning: it is refused by name instead. */
  if (added != NULL && (tolerate & old_kinds) &&
      dd_rule_set_find(c->after.rules, added) < 0 && !is_event(added))
    return dd_diag_set(diag, DD_EINVAL,
                       "%s: unknown milestone or event \"%s\" for the %s "
                       "visit type",
                       v->id, added, v->type);
  if ((tolerate & old_kinds) &&
      nwarnings(c->after.warning) > nwarnings(c->before.warning)) {
    char seg[DD_SCHEDULE_WARNING_SIZE];
    new_warning(c->before.warning, c->after.warning, seg, sizeof seg);
    return dd_diag_set(diag, DD_EINVAL, "%s: %s", v->id, seg);
  }
  return list_moved(c, diag);
}

/* The audit row's detail: the record, then every due date that moved,
 * "draft-sent on 2020-10-21; final-sent 2020-11-12 -> 2020-11-16, ...";
 * the caller frees it. NULL when out of memory. */
static char *change_detail(const dd_recorded *ev, const dd_change *c) {
  char text[256], a[DD_DATE_BUFSIZE], b[DD_DATE_BUFSIZE];
  dd__buf d = {0};
  dd__store_event_text(ev, text, sizeof text);
  dd__buf_puts(&d, text);
  for (size_t i = 0; i < c->nmoved; i++) {
    const dd_moved *m = &c->moved[i];
    dd__buf_printf(&d, "%s%s %s -> %s", i == 0 ? "; " : ", ", m->rule->id,
                   m->before ? dd_date_format(m->before, a) : "none",
                   m->after ? dd_date_format(m->after, b) : "none");
  }
  return dd__buf_take(&d, NULL);
}

/* Reads visit_id with its events, in the transaction the caller opened;
 * a cancelled visit is refused. */
static int load(dd_store *st, const char *visit_id, dd_visit *v,
                dd_recorded **events, size_t *n, dd_diag *diag) {
  int err = dd_store_visit_get(st, visit_id, v, events, n, diag);
  if (err == DD_EPARSE)
    return DD_EIO; /* a malformed row: diag says which */
  if (err == DD_OK && v->status == DD_VISIT_CANCELLED) {
    err = dd_diag_set(diag, DD_EINVAL, "%s is cancelled", v->id);
    dd_visit_clear(v);
    dd_recorded_list_free(*events, *n);
  }
  return err;
}

/* Commits a change whose write returned err, or rolls it back and empties
 * out. */
static int finish(dd_store *st, int err, dd_change *out, dd_diag *diag) {
  if (err == DD_OK)
    err = dd_store_commit(st, diag);
  if (err != DD_OK) {
    dd_store_rollback(st);
    dd_change_clear(out);
  }
  return err;
}

int dd_change_record(dd_store *st, dd_planner *p, const char *visit_id,
                     const dd_recorded *ev, const char *actor, dd_date today,
                     dd_change *out, dd_diag *diag) {
  return dd_change_record_as(st, p, visit_id, ev, actor, today,
                             DD_CHANGE_REPLACE, out, diag);
}

/* Without DD_CHANGE_REPLACE: the record of milestone what that stands
 * among events (the latest), when what is a milestone of the rules c was
 * planned with; DD_ECONFLICT saying so. Events are left to repeat. */
static int recorded_already(const dd_change *c, const dd_recorded *events,
                            size_t n, const dd_recorded *ev, dd_diag *diag) {
  if (c->before.rules == NULL ||
      dd_rule_set_find(c->before.rules, ev->what) < 0)
    return DD_OK;
  const dd_recorded *last = NULL;
  for (size_t i = 0; i < n; i++)
    if (strcmp(events[i].what, ev->what) == 0)
      last = &events[i];
  if (last == NULL)
    return DD_OK;
  char a[DD_DATE_BUFSIZE], b[DD_DATE_BUFSIZE];
  return dd_diag_set(diag, DD_ECONFLICT,
                     "%s already recorded on %s%s%s; use --replace to record "
                     "%s in its place",
                     ev->what, dd_date_format(last->date, a),
                     last->by[0] ? " by " : "", last->by,
                     dd_date_format(ev->date, b));
}

int dd_change_record_as(dd_store *st, dd_planner *p, const char *visit_id,
                        const dd_recorded *ev, const char *actor, dd_date today,
                        unsigned flags, dd_change *out, dd_diag *diag) {
  memset(out, 0, sizeof *out);
  int err = dd_store_begin(st, diag);
  if (err != DD_OK)
    return err;
  dd_visit v;
  dd_recorded *events = NULL;
  size_t n = 0;
  if ((err = load(st, visit_id, &v, &events, &n, diag)) != DD_OK)
    return finish(st, err, out, diag);
  dd_recorded *all = malloc((n + 1) * sizeof *all);
  if (all == NULL) {
    err = dd_diag_set(diag, DD_ENOMEM, "out of memory");
  } else {
    if (n > 0)
      memcpy(all, events, n * sizeof *all);
    all[n] = *ev;
    err = plan_change(p, &v, events, n, &v, all, n + 1, ev->what,
                      DD_CHANGE_KEPT, today, out, diag);
    free(all);
  }
  if (err == DD_OK && !(flags & DD_CHANGE_REPLACE))
    err = recorded_already(out, events, n, ev, diag);
  if (err == DD_OK) {
    char *detail = change_detail(ev, out);
    err = detail == NULL
              ? dd_diag_set(diag, DD_ENOMEM, "out of memory")
              : dd__store_event_add(st, v.id, ev, actor, detail, diag);
    free(detail);
    out->audit_id = dd__store_last_row(st);
  }
  dd_visit_clear(&v);
  dd_recorded_list_free(events, n);
  return finish(st, err, out, diag);
}

int dd_change_undo(dd_store *st, dd_planner *p, const char *visit_id,
                   const char *what, const char *actor, dd_date today,
                   dd_change *out, dd_diag *diag) {
  memset(out, 0, sizeof *out);
  int err = dd_store_begin(st, diag);
  if (err != DD_OK)
    return err;
  dd_visit v;
  dd_recorded *events = NULL;
  size_t n = 0;
  if ((err = load(st, visit_id, &v, &events, &n, diag)) != DD_OK)
    return finish(st, err, out, diag);
  /* The latest record of what, as dd_store_event_undo removes it: events
   * come in the order recorded. */
  size_t last = n;
  for (size_t i = 0; i < n; i++)
    if (strcmp(events[i].what, what) == 0)
      last = i;
  dd_recorded *rest = NULL;
  if (last == n)
    err = dd_diag_set(diag, DD_ENOTFOUND, "visit %s has no record of %s", v.id,
                      what);
  else if (n > 1 && (rest = malloc((n - 1) * sizeof *rest)) == NULL)
    err = dd_diag_set(diag, DD_ENOMEM, "out of memory");
  if (err == DD_OK) {
    if (last > 0)
      memcpy(rest, events, last * sizeof *rest);
    if (n - last - 1 > 0)
      memcpy(rest + last, events + last + 1, (n - last - 1) * sizeof *rest);
    err = plan_change(p, &v, events, n, &v, rest, n - 1, NULL, DD_CHANGE_KEPT,
                      today, out, diag);
  }
  if (err == DD_OK) {
    char *detail = change_detail(&events[last], out);
    err = detail == NULL
              ? dd_diag_set(diag, DD_ENOMEM, "out of memory")
              : dd_store_event_undo(st, v.id, what, actor, detail, NULL, diag);
    free(detail);
    out->audit_id = dd__store_last_row(st);
  }
  free(rest);
  dd_visit_clear(&v);
  dd_recorded_list_free(events, n);
  return finish(st, err, out, diag);
}

const char *dd_visit_field(const dd_visit *v, int i, char *buf, size_t size,
                           const char **value) {
  static const char *const names[DD_VISIT_NFIELDS] = {
      "type",   "name",     "urn",       "setting", "local_authority",
      "region", "division", "inspector", "rim",     "start",
      "days",   "status",   "concerns"};
  if (i < 0 || i >= DD_VISIT_NFIELDS)
    return NULL;
  char *const strings[] = {
      v->type,   v->name,     v->urn,       v->setting, v->local_authority,
      v->region, v->division, v->inspector, v->rim};
  if (i < 9) {
    *value = strings[i] != NULL ? strings[i] : "";
    return names[i];
  }
  char d[DD_DATE_BUFSIZE];
  if (i == 9)
    snprintf(buf, size, "%s", dd_date_format(v->start, d));
  else if (i == 10)
    snprintf(buf, size, "%d", v->days_on_site);
  else if (i == 11)
    snprintf(buf, size, "%s", dd_visit_status_name(v->status));
  else
    snprintf(buf, size, "%s", v->concerns ? "yes" : "no");
  *value = buf;
  return names[i];
}

int dd_visit_diff(const dd_visit *before, const dd_visit *after) {
  int n = 0;
  for (int i = 0; i < DD_VISIT_NFIELDS; i++) {
    char a[32], b[32];
    const char *x, *y;
    dd_visit_field(before, i, a, sizeof a, &x);
    dd_visit_field(after, i, b, sizeof b, &y);
    n += strcmp(x, y) != 0;
  }
  return n;
}

char *dd_change_edit_detail(const dd_visit *before, const dd_visit *after,
                            const dd_change *c) {
  char a[DD_DATE_BUFSIZE], b[DD_DATE_BUFSIZE];
  dd__buf d = {0};
  const char *sep = "";
  for (int i = 0; i < DD_VISIT_NFIELDS; i++) {
    char x[32], y[32];
    const char *was, *now;
    const char *name = dd_visit_field(before, i, x, sizeof x, &was);
    dd_visit_field(after, i, y, sizeof y, &now);
    if (strcmp(was, now) == 0)
      continue;
    /* Quoted when a value is text a person typed, so that "" and a value
     * with spaces read unambiguously. */
    if (i < 9)
      dd__buf_printf(&d, "%s%s \"%s\" -> \"%s\"", sep, name, was, now);
    else
      dd__buf_printf(&d, "%s%s %s -> %s", sep, name, was, now);
    sep = "; ";
  }
  for (size_t i = 0; c != NULL && i < c->nmoved; i++) {
    const dd_moved *m = &c->moved[i];
    dd__buf_printf(&d, "%s%s %s -> %s", i == 0 ? "; moved: " : ", ",
                   m->rule->id,
                   m->before ? dd_date_format(m->before, a) : "none",
                   m->after ? dd_date_format(m->after, b) : "none");
  }
  return dd__buf_take(&d, NULL);
}

int dd_change_plan_edit(dd_planner *p, const dd_visit *before,
                        const dd_visit *after, const dd_recorded *events,
                        size_t n, dd_date today, dd_change *out,
                        dd_diag *diag) {
  memset(out, 0, sizeof *out);
  /* A new start, length, visit type or division is checked as a new
   * visit's (as dd visit defer checks it); anything else leaves what the
   * calendar or the rules made of the visit since standing. A cancelled
   * visit is not planned on. */
  bool replanned = before->start != after->start ||
                   before->days_on_site != after->days_on_site ||
                   strcmp(before->type, after->type) != 0 ||
                   strcmp(before->division, after->division) != 0;
  unsigned kept = after->status == DD_VISIT_CANCELLED ? DD_SCHEDULE_WARN_ALL
                  : replanned                         ? 0
                                                      : DD_CHANGE_KEPT;
  int err = plan_change(p, before, events, n, after, events, n, NULL, kept,
                        today, out, diag);
  if (err != DD_OK)
    dd_change_clear(out);
  return err;
}

int dd_change_edit(dd_store *st, dd_planner *p, const dd_visit *after,
                   const char *actor, dd_date today, dd_change *out,
                   dd_diag *diag) {
  memset(out, 0, sizeof *out);
  int err = dd_store_begin(st, diag);
  if (err != DD_OK)
    return err;
  dd_visit v;
  dd_recorded *events = NULL;
  size_t n = 0;
  err = dd_store_visit_get(st, after->id, &v, &events, &n, diag);
  if (err == DD_EPARSE)
    err = DD_EIO; /* a malformed row: diag says which */
  if (err != DD_OK)
    return finish(st, err, out, diag);
  err = dd_change_plan_edit(p, &v, after, events, n, today, out, diag);
  if (err == DD_OK && dd_visit_diff(&v, after) > 0) {
    char *detail = dd_change_edit_detail(&v, after, out);
    err = detail == NULL
              ? dd_diag_set(diag, DD_ENOMEM, "out of memory")
              : dd_store_visit_update(st, after, actor, "edit", detail, diag);
    free(detail);
    out->audit_id = dd__store_last_row(st);
  }
  dd_visit_clear(&v);
  dd_recorded_list_free(events, n);
  return finish(st, err, out, diag);
}
