/* The milestone engine. Each milestone's date is its anchor's date (the
 * visit's start or end, or an earlier milestone's recorded completion, else
 * its due day) moved by the offset on the working-day calendar; its status
 * compares that with what was recorded and with today. */
#include "dueday/schedule.h"

#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *dd_status_name(dd_status status) {
  static const char *const names[] = {"pending", "done",           "overdue",
                                      "on-hold", "not-applicable", "cancelled"};
  return names[status];
}

void dd_schedule_clear(dd_schedule *s) {
  if (s == NULL)
    return;
  for (size_t i = 0; i < s->n; i++)
    dd_explanation_clear(&s->items[i].explanation);
  free(s->items);
  memset(s, 0, sizeof *s);
}

const dd_milestone *dd_schedule_find(const dd_schedule *s, const char *id) {
  for (size_t i = 0; i < s->n; i++)
    if (strcmp(s->items[i].rule->id, id) == 0)
      return &s->items[i];
  return NULL;
}

/* Adds a warning to s: bit to s->warnings, the words to s->warning after a
 * "; ", cut between characters when they do not fit. */
static void warn(dd_schedule *s, unsigned bit, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void warn(dd_schedule *s, unsigned bit, const char *fmt, ...) {
  char text[2 * DD_SCHEDULE_WARNING_SIZE];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  s->warnings |= bit;
  size_t len = strlen(s->warning);
  if (len > 0 && len + 2 < sizeof s->warning) {
    memcpy(s->warning + len, "; ", 2);
    len += 2;
  }
  size_t n = dd__utf8_cut(text, strlen(text), sizeof s->warning - 1 - len);
  memcpy(s->warning + len, text, n);
  s->warning[len + n] = '\0';
}

struct engine {
  const dd_calendar *cal;
  const dd_visit_input *visit;
  int end_of_day;
  dd_diag *diag;
  dd_schedule *s;
  unsigned char *state; /* 0 not yet, 1 computing, 2 done */
};

static const dd_event *recorded(const dd_visit_input *v, const char *what) {
  const dd_event *found = NULL;
  for (size_t i = 0; i < v->nevents; i++)
    if (strcmp(v->events[i].what, what) == 0)
      found = &v->events[i]; /* the last one recorded wins */
  return found;
}

/* anchor moved by off; DD_ERANGE outside the supported range. */
static int move(const dd_calendar *cal, dd_date anchor, dd_offset off,
                dd_date *out) {
  switch (off.unit) {
  case DD_UNIT_WORKING_DAYS:
    return dd_calendar_add(cal, anchor, off.n, out);
  case DD_UNIT_CALENDAR_DAYS:
    *out = anchor + off.n;
    break;
  case DD_UNIT_WEEKS:
    *out = anchor + 7 * off.n;
    break;
  }
  return dd_date_in_range(*out) ? DD_OK : DD_ERANGE;
}

/* Working days from a to b for status: b after a counts (a, b]; b before a
 * counts [b, a) and is negative. So one working day late is 1 whatever
 * weekend lies between. */
static int working_between(const dd_calendar *cal, dd_date a, dd_date b) {
  int n = 0;
  if (b > a)
    dd_calendar_count(cal, a + 1, b + 1, &n);
  else if (b < a)
    dd_calendar_count(cal, a, b, &n);
  return n;
}

static int compute(struct engine *e, size_t i) {
  dd_schedule *s = e->s;
  dd_milestone *m = &s->items[i];
  const dd_milestone_rule *r = m->rule;
  char a[DD_DATE_BUFSIZE], b[DD_DATE_BUFSIZE];
  if (e->state[i] == 2)
    return DD_OK;
  e->state[i] = 1; /* the loader rejects cycles; this guards the engine */

  m->applies = r->condition == DD_WHEN_ALWAYS || s->concerns;
  const dd_milestone *from = NULL;
  if (r->anchor == DD_ANCHOR_VISIT_START) {
    m->anchor = s->start;
  } else if (r->anchor == DD_ANCHOR_VISIT_END) {
    m->anchor = s->end;
  } else {
    if (e->state[r->anchor] == 1)
      return dd_diag_set(e->diag, DD_EINVAL,
                         "milestone \"%s\" is anchored "
                         "to itself",
                         r->id);
    int err = compute(e, (size_t)r->anchor);
    if (err != DD_OK)
      return err;
    from = &s->items[r->anchor];
    m->applies = m->applies && from->applies;
    m->anchor_recorded = from->status == DD_STATUS_DONE;
    m->anchor = m->anchor_recorded ? from->done : from->due;
  }

  int err = move(e->cal, m->anchor, r->offset, &m->earliest);
  if (err == DD_OK)
    err = move(e->cal, m->anchor, r->latest, &m->due);
  /* A registered start that is no longer a working day stands as the
   * first day on site: "on the first day of the visit" is that day, not
   * the next working one (dd_calendar_add's rule for 0 days). */
  bool on_visit_day = r->anchor == DD_ANCHOR_VISIT_START ||
                      (r->anchor == DD_ANCHOR_VISIT_END && s->end == s->start);
  bool stands = on_visit_day && (s->warnings & DD_SCHEDULE_WARN_START);
  if (stands && r->offset.n == 0 && r->offset.unit == DD_UNIT_WORKING_DAYS)
    m->earliest = m->anchor;
  if (stands && r->latest.n == 0 && r->latest.unit == DD_UNIT_WORKING_DAYS)
    m->due = m->anchor;
  if (err != DD_OK)
    return dd_diag_set(e->diag, DD_ERANGE,
                       "milestone \"%s\" falls outside "
                       "1971-01-01..2199-12-31",
                       r->id);
  if (r->latest.unit == DD_UNIT_WORKING_DAYS && !e->visit->skip_explanations &&
      !(stands && r->latest.n == 0) &&
      dd_calendar_explain(e->cal, m->anchor, r->latest.n, &m->explanation) !=
          DD_OK)
    return dd_diag_set(e->diag, DD_ENOMEM, "out of memory");
  m->due_time = r->time == DD_TIME_END_OF_DAY ? e->end_of_day : r->time;

  const dd_event *ev = recorded(e->visit, r->id);
  m->done_time = DD_TIME_NONE;
  if (ev != NULL) {
    /* On the register, what was recorded stands even when a new calendar
     * moves the day it is counted from past it: say so and go on. */
    bool lenient = e->visit->tolerate & DD_SCHEDULE_WARN_ORDER;
    dd_date floor = from != NULL ? m->anchor : s->start;
    if (from != NULL && !m->anchor_recorded) {
      if (!lenient)
        return dd_diag_set(e->diag, DD_EINVAL,
                           "%s cannot be recorded before %s, which it is "
                           "counted from",
                           r->id, from->rule->id);
      warn(s, DD_SCHEDULE_WARN_ORDER,
           "%s is recorded but %s, which it is counted from, is not yet", r->id,
           from->rule->id);
    } else if (ev->date < floor && (from != NULL || r->offset.n >= 0)) {
      if (!lenient)
        return dd_diag_set(e->diag, DD_EINVAL,
                           "%s recorded on %s, before %s (%s)", r->id,
                           dd_date_format(ev->date, a),
                           from != NULL ? from->rule->id : "the visit started",
                           dd_date_format(floor, b));
      warn(s, DD_SCHEDULE_WARN_ORDER, "%s recorded on %s, before %s (%s)",
           r->id, dd_date_format(ev->date, a),
           from != NULL ? from->rule->id : "the visit started",
           dd_date_format(floor, b));
    }
    m->done = ev->date;
    m->done_time = ev->time;
  }

  if (!m->applies) {
    m->status = DD_STATUS_NOT_APPLICABLE;
  } else if (ev != NULL) {
    m->status = DD_STATUS_DONE;
    if (m->done < m->earliest)
      m->days_off = working_between(e->cal, m->earliest, m->done);
    else if (m->done > m->due)
      m->days_off = working_between(e->cal, m->due, m->done);
  } else if (r->kind == DD_KIND_EVENT && s->today > m->due) {
    /* The visit's own events happen as planned unless the visit is
     * deferred or extended, which moves them; nobody records them. */
    m->status = DD_STATUS_DONE;
    m->done = m->due;
    m->assumed = true;
  } else if (r->held_by_complaint && s->complaint_open) {
    m->status = DD_STATUS_ON_HOLD;
  } else if (s->today > m->due) {
    m->status = DD_STATUS_OVERDUE;
    m->days_off = working_between(e->cal, m->due, s->today);
  } else {
    m->status = DD_STATUS_PENDING;
  }
  e->state[i] = 2;
  return DD_OK;
}

static bool known_event(const dd_rule_set *set, const char *what) {
  return dd_rule_set_find(set, what) >= 0 ||
         strcmp(what, DD_EVENT_CONCERNS_FOUND) == 0 ||
         strcmp(what, DD_EVENT_COMPLAINT_RECEIVED) == 0 ||
         strcmp(what, DD_EVENT_COMPLAINT_ANSWERED) == 0;
}

int dd_schedule_compute(const dd_calendar *cal, const dd_visit_input *visit,
                        int end_of_day, dd_date today, dd_schedule *out,
                        dd_diag *diag) {
  char a[DD_DATE_BUFSIZE], b[DD_DATE_BUFSIZE];
  memset(out, 0, sizeof *out);
  const dd_visit_type *type = visit->type;
  const dd_rule_set *set = dd_visit_type_rules(type, visit->start);
  if (set == NULL && !(visit->tolerate & DD_SCHEDULE_WARN_RULES))
    return dd_diag_set(diag, DD_ERANGE,
                       "no %s rules for a visit starting %s: the earliest "
                       "take effect on %s",
                       type->id, dd_date_format(visit->start, a),
                       dd_date_format(type->rule_sets[0].effective, b));
  if (set == NULL) {
    /* The configuration's first rule set now starts after a registered
     * visit: plan it with the nearest, the earliest, and say which. */
    set = &type->rule_sets[0];
    warn(out, DD_SCHEDULE_WARN_RULES,
         "no %s rules cover the start %s: planned with the earliest, in "
         "force from %s",
         type->id, dd_date_format(visit->start, a),
         dd_date_format(set->effective, b));
  }
  dd_reason why;
  if (!dd_calendar_is_working(cal, visit->start, &why)) {
    if (!(visit->tolerate & DD_SCHEDULE_WARN_START) ||
        !dd_date_in_range(visit->start))
      return dd_diag_set(diag, DD_EINVAL,
                         "the visit cannot start on %s %s: not a working day "
                         "(%s)",
                         dd_weekday_abbrev(dd_date_weekday(visit->start)),
                         dd_date_format(visit->start, a),
                         why.text ? why.text : "outside the supported range");
    /* A bank holiday or closure added since the visit was registered: the
     * visit was arranged for that day, so the day stands (issue 9). */
    warn(out, DD_SCHEDULE_WARN_START,
         "the start %s %s is not a working day (%s): kept as registered, "
         "the rest counted from it",
         dd_weekday_abbrev(dd_date_weekday(visit->start)),
         dd_date_format(visit->start, a), why.text ? why.text : "closed");
  }
  int days = visit->days_on_site > 0 ? visit->days_on_site : type->days_on_site;
  dd_date end = visit->start;
  /* days - 1 working days after the start; for one day the start itself,
   * which may be the non-working registered start. */
  if (days > 1 && dd_calendar_add(cal, visit->start, days - 1, &end) != DD_OK)
    return dd_diag_set(diag, DD_ERANGE, "the visit ends after 2199-12-31");
  for (size_t i = 0; i < visit->nevents; i++) {
    const dd_event *ev = &visit->events[i];
    if (!known_event(set, ev->what) &&
        !(visit->tolerate & DD_SCHEDULE_WARN_EVENT))
      return dd_diag_set(
          diag, DD_EINVAL,
          "unknown milestone or event \"%s\" for the %s visit type", ev->what,
          type->id);
    if (!known_event(set, ev->what))
      warn(out, DD_SCHEDULE_WARN_EVENT,
           "recorded \"%s\" is not a milestone or event of the %s rules in "
           "force: left out",
           ev->what, type->id);
    if (!dd_date_in_range(ev->date))
      return dd_diag_set(diag, DD_ERANGE,
                         "%s recorded outside the supported "
                         "range",
                         ev->what);
  }

  const dd_event *found = recorded(visit, DD_EVENT_CONCERNS_FOUND);
  const dd_event *complaint = recorded(visit, DD_EVENT_COMPLAINT_RECEIVED);
  const dd_event *answer = recorded(visit, DD_EVENT_COMPLAINT_ANSWERED);
  out->type = type;
  out->rules = set;
  out->start = visit->start;
  out->end = end;
  out->days_on_site = days;
  out->concerns = visit->concerns || found != NULL;
  out->complaint_open =
      complaint != NULL && (answer == NULL || answer->date < complaint->date);
  out->today = today;
  out->items = calloc(set->nmilestones, sizeof *out->items);
  unsigned char *state = calloc(set->nmilestones, 1);
  if (out->items == NULL || state == NULL) {
    free(state);
    free(out->items);
    out->items = NULL;
    return dd_diag_set(diag, DD_ENOMEM, "out of memory");
  }
  out->n = set->nmilestones;
  for (size_t i = 0; i < out->n; i++)
    out->items[i].rule = &set->milestones[i];
  struct engine e = {cal, visit, end_of_day, diag, out, state};
  int err = DD_OK;
  for (size_t i = 0; i < out->n && err == DD_OK; i++)
    err = compute(&e, i);
  free(state);
  if (err != DD_OK)
    dd_schedule_clear(out);
  return err;
}

static const char *anchor_text(const dd_schedule *s, const dd_milestone *m,
                               char *buf, size_t size) {
  char d[DD_DATE_BUFSIZE];
  const char *wd = dd_weekday_abbrev(dd_date_weekday(m->anchor));
  dd_date_format(m->anchor, d);
  int anchor = m->rule->anchor;
  bool same_day = m->rule->offset.n == 0 && m->rule->kind != DD_KIND_WINDOW;
  if (anchor == DD_ANCHOR_VISIT_START)
    snprintf(buf, size, "%s (%s %s)",
             same_day ? "the first day of the visit" : "the start of the visit",
             wd, d);
  else if (anchor == DD_ANCHOR_VISIT_END)
    snprintf(buf, size, "%s (%s %s)",
             same_day ? "the last day of the visit" : "the end of the visit",
             wd, d);
  else
    snprintf(buf, size, "%s (%s %s %s)", s->rules->milestones[anchor].id,
             m->anchor_recorded ? "recorded" : "due", wd, d);
  return buf;
}

const char *dd_milestone_rule_text(const dd_schedule *s, const dd_milestone *m,
                                   char *buf, size_t size) {
  const dd_milestone_rule *r = m->rule;
  char from[160], off[48], latest[48], when[48] = "";
  anchor_text(s, m, from, sizeof from);
  if (m->due_time >= 0)
    snprintf(when, sizeof when, ", by %02d:%02d%s", m->due_time / 60,
             m->due_time % 60,
             r->time == DD_TIME_END_OF_DAY ? " (end of the working day)" : "");
  if (r->kind == DD_KIND_WINDOW) {
    dd_offset_describe(r->offset, off, sizeof off);
    dd_offset_describe(r->latest, latest, sizeof latest);
    /* "between 6 and 8 weeks": the unit once, at the end. */
    snprintf(buf, size, "between %d and %s after %s%s", r->offset.n, latest,
             from, when);
  } else if (r->offset.n == 0) {
    snprintf(buf, size, "on %s%s", from, when);
  } else {
    snprintf(buf, size, "%s %s %s%s",
             dd_offset_describe(r->offset, off, sizeof off),
             r->offset.n > 0 ? "after" : "before", from, when);
  }
  if (r->unpublished) {
    size_t len = strlen(buf);
    snprintf(buf + len, size > len ? size - len : 0,
             " [a configured value: Ofsted has not published this timescale]");
  }
  return buf;
}

const char *dd_milestone_status_text(const dd_milestone *m, char *buf,
                                     size_t size) {
  char d[DD_DATE_BUFSIZE];
  int n = m->days_off < 0 ? -m->days_off : m->days_off;
  const char *days = n == 1 ? "working day" : "working days";
  switch (m->status) {
  case DD_STATUS_PENDING:
    snprintf(buf, size, "pending");
    break;
  case DD_STATUS_DONE:
    dd_date_format(m->done, d);
    if (m->assumed)
      snprintf(buf, size, "passed on %s (nothing recorded)", d);
    else if (m->days_off > 0)
      snprintf(buf, size, "done on %s, %d %s late", d, n, days);
    else if (m->days_off < 0)
      snprintf(buf, size, "done on %s, %d %s early", d, n, days);
    else if (m->done_time >= 0 && m->due_time >= 0 && m->done == m->due &&
             m->done_time > m->due_time)
      snprintf(buf, size, "done on %s at %02d:%02d, after %02d:%02d", d,
               m->done_time / 60, m->done_time % 60, m->due_time / 60,
               m->due_time % 60);
    else
      snprintf(buf, size, "done on %s, on time", d);
    break;
  case DD_STATUS_OVERDUE:
    snprintf(buf, size, "overdue by %d %s", n, days);
    break;
  case DD_STATUS_ON_HOLD:
    snprintf(buf, size, "on hold: a complaint is not yet answered");
    break;
  case DD_STATUS_NOT_APPLICABLE:
    snprintf(buf, size, "not applicable (no serious concerns recorded)");
    break;
  case DD_STATUS_CANCELLED:
    snprintf(buf, size, "cancelled (the visit was cancelled)");
    break;
  }
  return buf;
}
