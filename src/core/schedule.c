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
  static const char *const names[] = {
      "pending",        "done",      "overdue",   "on-hold",
      "not-applicable", "cancelled", "not-needed"};
  return names[status];
}

/* "1 Sep 2020". */
static const char *day_month_year(dd_date d, char *buf, size_t size) {
  int y, m, day;
  dd_date_to_ymd(d, &y, &m, &day);
  snprintf(buf, size, "%d %s %d", day, dd_month_abbrev(m), y);
  return buf;
}

const char *dd_date_words(dd_date d, char *buf, size_t size) {
  char dmy[24];
  snprintf(buf, size, "%s %s", dd_weekday_abbrev(dd_date_weekday(d)),
           day_month_year(d, dmy, sizeof dmy));
  return buf;
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
  /* The case review's outcome: the last of monitoring-decided and
   * monitoring-not-needed recorded, or NULL. */
  const dd_event *decision;
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
  if (r->likely && m->applies && m->status != DD_STATUS_DONE) {
    /* "If concerns are serious, we are likely to return to carry out a
     * monitoring visit within 6 to 8 weeks": likely, not certain, until
     * "the case review ... allows the manager to decide which action to
     * take". Undecided, it is shown as likely and never as overdue. */
    const dd_event *d = e->decision;
    if (d != NULL && strcmp(d->what, DD_EVENT_MONITORING_NOT_NEEDED) == 0) {
      m->applies = false;
      m->status = DD_STATUS_NOT_NEEDED;
      m->days_off = 0;
      m->decided = d->date;
    } else if (d != NULL) {
      m->decided = d->date;
    } else {
      m->tentative = true;
      if (m->status == DD_STATUS_OVERDUE) {
        m->status = DD_STATUS_PENDING;
        m->days_off = 0;
      }
    }
  }
  if (m->applies && m->status != DD_STATUS_DONE && e->visit->confirmed_to > 0) {
    /* The count runs from the anchor to the due day (or back from it). */
    int y;
    dd_date_to_ymd(m->due > m->anchor ? m->due : m->anchor, &y, NULL, NULL);
    m->provisional = y > e->visit->confirmed_to;
  }
  e->state[i] = 2;
  return DD_OK;
}

static bool known_event(const dd_rule_set *set, const char *what) {
  return dd_rule_set_find(set, what) >= 0 ||
         strcmp(what, DD_EVENT_CONCERNS_FOUND) == 0 ||
         strcmp(what, DD_EVENT_COMPLAINT_RECEIVED) == 0 ||
         strcmp(what, DD_EVENT_COMPLAINT_ANSWERED) == 0 ||
         strcmp(what, DD_EVENT_MONITORING_DECIDED) == 0 ||
         strcmp(what, DD_EVENT_MONITORING_NOT_NEEDED) == 0;
}

int dd_schedule_compute(const dd_calendar *cal, const dd_visit_input *visit,
                        int end_of_day, dd_date today, dd_schedule *out,
                        dd_diag *diag) {
  char a[DD_DATE_BUFSIZE], b[DD_DATE_BUFSIZE];
  memset(out, 0, sizeof *out);
  const dd_visit_type *type = visit->type;
  bool covered;
  const dd_rule_set *set =
      dd_visit_type_rules_for(type, visit->start, &covered);
  if (!covered && visit->start < type->rule_sets[0].effective &&
      !(visit->tolerate & DD_SCHEDULE_WARN_RULES))
    return dd_diag_set(diag, DD_ERANGE,
                       "no %s rules for a visit starting %s: the earliest "
                       "take effect on %s",
                       type->id, dd_date_format(visit->start, a),
                       dd_date_format(type->rule_sets[0].effective, b));
  if (!covered) {
    /* A start after the last set ended ("the current inspection year
     * (which ends on 31 March 2021)"), or before the first now that the
     * configuration changed under a registered visit: planned with the
     * nearest set, named with its period. */
    char from[24], to[24];
    day_month_year(set->effective, from, sizeof from);
    if (set->valid_until != DD_RULES_OPEN)
      day_month_year(set->valid_until, to, sizeof to);
    warn(out, DD_SCHEDULE_WARN_RULES,
         "no rule set of '%s' applies on %s; computed with '%s' (%s%s%s%s)",
         type->id, dd_date_format(visit->start, a), set->id,
         set->valid_until != DD_RULES_OPEN ? "" : "from ", from,
         set->valid_until != DD_RULES_OPEN ? " \xe2\x80\x93 " : "",
         set->valid_until != DD_RULES_OPEN ? to : "");
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
  struct engine e = {cal, visit, end_of_day, diag, out, state, NULL};
  for (size_t i = 0; i < visit->nevents; i++)
    if (strcmp(visit->events[i].what, DD_EVENT_MONITORING_DECIDED) == 0 ||
        strcmp(visit->events[i].what, DD_EVENT_MONITORING_NOT_NEEDED) == 0)
      e.decision = &visit->events[i]; /* the last one recorded stands */
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
             same_day ? "day 1, the day the visit is announced"
                      : "day 1 of the visit (announced, live)",
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
  if (m->due_time >= 0 && r->kind == DD_KIND_EVENT)
    /* "at approximately 9am on day 1": a time it happens, not a deadline */
    snprintf(when, sizeof when, ", at about %02d:%02d", m->due_time / 60,
             m->due_time % 60);
  else if (m->due_time >= 0)
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
  size_t len = strlen(buf);
  if (dd_milestone_rule_source(r) == DD_SOURCE_CONFIGURED)
    snprintf(buf + len, size > len ? size - len : 0,
             " [a configured value: Ofsted has not published this timescale]");
  else if (dd_milestone_rule_source(r) == DD_SOURCE_CONFIGURED_TIME)
    snprintf(buf + len, size > len ? size - len : 0,
             " [the time is a configured value: the guidance says \"by the "
             "end of the next working day\" and gives no hour]");
  len = strlen(buf);
  if (r->likely)
    snprintf(buf + len, size > len ? size - len : 0,
             " [likely: \"we are likely to return\"; the case review "
             "decides]");
  return buf;
}

const char *dd_milestone_status_text(const dd_milestone *m, char *buf,
                                     size_t size) {
  char d[DD_DATE_BUFSIZE], d2[24];
  int n = m->days_off < 0 ? -m->days_off : m->days_off;
  const char *days = n == 1 ? "working day" : "working days";
  switch (m->status) {
  case DD_STATUS_PENDING:
    if (m->tentative)
      snprintf(buf, size,
               "likely: tentative until the case review's decision is "
               "recorded");
    else
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
    /* A Friday deadline seen on Saturday is no working day late: "overdue
     * by 0 working days" read as a contradiction. */
    dd_date_words(m->due, d2, sizeof d2);
    if (n == 0)
      snprintf(buf, size, "overdue since %s", d2);
    else
      snprintf(buf, size, "overdue since %s (%d %s)", d2, n, days);
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
  case DD_STATUS_NOT_NEEDED:
    snprintf(buf, size, "not needed: the case review decided on %s",
             dd_date_format(m->decided, d));
    break;
  }
  return buf;
}

const char *dd_milestone_notes(const dd_schedule *s, const dd_milestone *m,
                               char *buf, size_t size) {
  char text[400];
  size_t len = 0;
  buf[0] = '\0';
  const dd_milestone *by = dd_milestone_at_risk(s, m);
  if (by != NULL)
    len += (size_t)snprintf(buf + len, size > len ? size - len : 0,
                            "\nAt risk: %s",
                            dd_milestone_risk_text(m, by, text, sizeof text));
  dd_source source = dd_milestone_rule_source(m->rule);
  if (source != DD_SOURCE_OFSTED && len < size)
    len += (size_t)snprintf(
        buf + len, size - len, "\nConfigured value: %s",
        source == DD_SOURCE_CONFIGURED
            ? "Ofsted has not published this timescale; it is dueday's "
              "configuration"
            : "the time is the configured end of the working day; the "
              "guidance gives no hour");
  if (m->provisional && len < size)
    snprintf(buf + len, size - len,
             "\nProvisional: counted into a year whose bank holidays GOV.UK "
             "has not yet published");
  return buf;
}
