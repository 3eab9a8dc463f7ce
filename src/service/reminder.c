/* When reminders fall due and to whom: the policy's arithmetic, kept free
 * of the register and the network so that every boundary can be tested. */
#include "reminder.h"

#include "buf.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int dd_threshold_urgency(dd_threshold t) {
  switch (t.kind) {
  case DD_THRESHOLD_BEFORE:
    return -t.days;
  case DD_THRESHOLD_OVERDUE:
    return 1000 + t.days;
  case DD_THRESHOLD_CHANGED:
    break;
  }
  return 100000;
}

const char *dd_threshold_name(dd_threshold t, char *buf, size_t size) {
  if (t.kind == DD_THRESHOLD_CHANGED)
    snprintf(buf, size, "changed");
  else if (t.kind == DD_THRESHOLD_BEFORE && t.days == 0)
    snprintf(buf, size, "due");
  else
    snprintf(buf, size, "%s-%d",
             t.kind == DD_THRESHOLD_BEFORE ? "before" : "overdue", t.days);
  return buf;
}

static bool number(const char *s, int *out) {
  char *end;
  if (!isdigit((unsigned char)s[0])) /* strtol would take " 5" and "+5" */
    return false;
  long n = strtol(s, &end, 10);
  if (*end != '\0' || n < 1 || n > 366)
    return false;
  *out = (int)n;
  return true;
}

int dd_threshold_parse(const char *name, dd_threshold *out) {
  if (strcmp(name, "changed") == 0) {
    *out = (dd_threshold){DD_THRESHOLD_CHANGED, 0};
    return DD_OK;
  }
  if (strcmp(name, "due") == 0) {
    *out = (dd_threshold){DD_THRESHOLD_BEFORE, 0};
    return DD_OK;
  }
  int n;
  if (strncmp(name, "before-", 7) == 0 && number(name + 7, &n)) {
    *out = (dd_threshold){DD_THRESHOLD_BEFORE, n};
    return DD_OK;
  }
  if (strncmp(name, "overdue-", 8) == 0 && number(name + 8, &n)) {
    *out = (dd_threshold){DD_THRESHOLD_OVERDUE, n};
    return DD_OK;
  }
  return DD_EINVAL;
}

int dd_threshold_day(const dd_calendar *cal, dd_date due, dd_threshold t,
                     dd_date *out) {
  switch (t.kind) {
  case DD_THRESHOLD_BEFORE:
    /* A deadline on a non-working day (a window ending on a Saturday) is
     * reminded of on the working day before it. */
    if (t.days == 0)
      return dd_calendar_roll(cal, due, DD_ROLL_PRECEDING, out);
    return dd_calendar_add(cal, due, -t.days, out);
  case DD_THRESHOLD_OVERDUE:
    return dd_calendar_add(cal, due, t.days, out);
  case DD_THRESHOLD_CHANGED:
    break;
  }
  return DD_EINVAL;
}

bool dd_remind_active(const dd_milestone *m) {
  return m->applies && m->rule->kind != DD_KIND_EVENT &&
         (m->status == DD_STATUS_PENDING || m->status == DD_STATUS_OVERDUE);
}

/* Whether threshold t of a milestone due on due is reached at (today,
 * minutes). */
static bool reached(const dd_calendar *cal, int send_at, dd_date due,
                    dd_threshold t, dd_date today, int minutes) {
  dd_date day;
  if (dd_threshold_day(cal, due, t, &day) != DD_OK)
    return false;
  return day < today || (day == today && minutes >= send_at);
}

bool dd_remind_reached(const dd_calendar *cal, const dd_remind_leads *leads,
                       int send_at, dd_date due, dd_date today, int minutes,
                       dd_threshold *out) {
  /* From the most urgent down: the first reached is the one to send; the
   * staler ones are not sent at all (a run that did not happen is caught
   * up without a burst). */
  if (leads->overdue_after > 0) {
    dd_threshold t = {DD_THRESHOLD_OVERDUE, leads->overdue_after};
    if (reached(cal, send_at, due, t, today, minutes)) {
      *out = t;
      return true;
    }
  }
  bool found = false;
  for (size_t i = 0; i < leads->n; i++) {
    dd_threshold t = {DD_THRESHOLD_BEFORE, leads->days[i]};
    if (reached(cal, send_at, due, t, today, minutes) &&
        (!found || dd_threshold_urgency(t) > dd_threshold_urgency(*out))) {
      *out = t;
      found = true;
    }
  }
  return found;
}

static const dd_remind_region *region_of(const dd_remind_policy *p,
                                         const dd_visit *v) {
  for (size_t i = 0; i < p->nregions; i++)
    if (v->region != NULL && strcmp(p->regions[i].name, v->region) == 0)
      return &p->regions[i];
  return NULL;
}

static size_t push(const char **out, size_t n, size_t max, const char *addr) {
  if (addr == NULL || addr[0] == '\0' || n >= max)
    return n;
  for (size_t i = 0; i < n; i++)
    if (strcasecmp(out[i], addr) == 0)
      return n;
  out[n] = addr;
  return n + 1;
}

const char *dd_remind_rim(const dd_remind_policy *p, const dd_visit *v) {
  const dd_remind_region *region = region_of(p, v);
  return v->rim != NULL && v->rim[0] != '\0' ? v->rim
         : region != NULL                    ? region->rim
                                             : NULL;
}

size_t dd_remind_recipients(const dd_remind_policy *p, const dd_visit *v,
                            const dd_milestone_rule *m, dd_threshold t,
                            const char **out, size_t max) {
  const dd_remind_region *region = region_of(p, v);
  const char *rim = dd_remind_rim(p, v);
  unsigned to = t.kind == DD_THRESHOLD_OVERDUE ? p->overdue_to : p->to;
  size_t n = 0;
  if (to & DD_TO_ACTOR)
    n = push(out, n, max,
             m->actor != NULL && strcasecmp(m->actor, "RIM") == 0
                 ? rim
                 : v->inspector);
  if (to & DD_TO_INSPECTOR)
    n = push(out, n, max, v->inspector);
  if (to & DD_TO_RIM)
    n = push(out, n, max, rim);
  for (size_t i = 0; region != NULL && i < region->nextra; i++)
    n = push(out, n, max, region->extra[i]);
  return n;
}

const char *dd_remind_subject(dd_threshold t, const dd_visit *v,
                              const dd_milestone *m, int working_days,
                              char *buf, size_t size) {
  char when[128], at[32] = "", day[24];
  if (m->due_time >= 0)
    snprintf(at, sizeof at, " at %02d:%02d", m->due_time / 60,
             m->due_time % 60);
  if (t.kind == DD_THRESHOLD_CHANGED) {
    char d[DD_DATE_BUFSIZE];
    snprintf(when, sizeof when, "Date changed");
    /* A long name may fill buf: cut it on a character boundary, since
     * the subject goes out as UTF-8 in an e-mail header. */
    return dd__format(buf, size, "%s: %s, %s%s%s%s, now due %s %s%s", when,
                      m->rule->summary, v->name, v->urn[0] ? " (" : "", v->urn,
                      v->urn[0] ? ")" : "",
                      dd_weekday_abbrev(dd_date_weekday(m->due)),
                      dd_date_format(m->due, d), at);
  }
  if (working_days > 0)
    snprintf(when, sizeof when, "Due in %d working day%s%s", working_days,
             working_days == 1 ? "" : "s", at);
  else if (working_days == 0)
    snprintf(when, sizeof when, "Due today%s", at);
  else /* "Overdue by 0 working days" said nothing at a weekend */
    snprintf(when, sizeof when, "Overdue since %s",
             dd_date_words(m->due, day, sizeof day));
  return dd__format(buf, size, "%s%s: %s, %s%s%s%s", when,
                    m->tentative ? " (likely)" : "", m->rule->summary, v->name,
                    v->urn[0] ? " (" : "", v->urn, v->urn[0] ? ")" : "");
}
