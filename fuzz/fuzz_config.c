/* libFuzzer target for dd_config_load_string: libconfig syntax, the calendar
 * settings and the visit types with their milestone rules, which people
 * edit by hand. A loaded configuration must keep the promises config.h and
 * rules.h make (anchors resolve, rule sets in date order, a working week);
 * a rejected one must say where, as "fuzz.conf:line:". Each loaded one also
 * plans a visit of its first type, on a calendar built from the built-in
 * england-and-wales holidays with the configured week and closures, so
 * that whatever rules the text gives run through the schedule engine. */
#include "dueday/config.h"
#include "dueday/date.h"
#include "dueday/error.h"
#include "dueday/holiday.h"
#include "dueday/rules.h"
#include "dueday/schedule.h"
#include "dueday/workday.h"
#include "fuzz.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NAME "fuzz.conf"
/* config/dueday.conf is under 8 KiB; bigger inputs only slow the search. */
#define MAX_INPUT (64 * 1024)
/* Enough for every schedule the engine is run on here. */
#define MAX_EVENTS 256

/* The holidays, loaded once: building them is not what is being fuzzed. */
static const dd_holidays *holidays(void) {
  static dd_holidays *h;
  if (h == NULL)
    CHECK(dd_holidays_load(NULL, "england-and-wales", &h, NULL) == DD_OK);
  return h;
}

/* The calendar for cc: the default week without closures is built once
 * (most configurations keep it); any other is built for the input and
 * *owned is set. NULL when the library cannot build it. */
static dd_calendar *calendar(const dd_calendar_config *cc, bool *owned) {
  static dd_calendar *usual;
  const dd_holidays *sets[] = {holidays()};
  dd_calendar_spec spec = {.name = "fuzz",
                           .holidays = sets,
                           .nholidays = 1,
                           .week_mask = cc->week_mask,
                           .closures = cc->closures,
                           .nclosures = cc->nclosures};
  *owned = cc->week_mask != DD_WEEK_MON_FRI || cc->nclosures > 0;
  if (!*owned && usual != NULL)
    return usual;
  dd_calendar *cal = NULL;
  int err = dd_calendar_new(&spec, &cal, NULL);
  /* The loader checked what dd_calendar_new rejects as invalid. */
  CHECK(err == DD_OK || err == DD_ENOMEM);
  if (!*owned)
    usual = cal;
  return cal;
}

static void check_calendar(const dd_calendar_config *cc) {
  CHECK(cc->division != NULL && dd_division_known(cc->division));
  CHECK(cc->week_mask != 0 && (cc->week_mask & ~0x7Fu) == 0);
  CHECK(cc->end_of_day >= 0 && cc->end_of_day <= 23 * 60 + 59);
  CHECK(cc->time_zone != NULL);
  CHECK(cc->nclosures == 0 || cc->closures != NULL);
  for (size_t i = 0; i < cc->nclosures; i++) {
    const dd_closure *c = &cc->closures[i];
    CHECK(c->name != NULL && c->name[0] != '\0');
    CHECK(dd_date_in_range(c->from) && dd_date_in_range(c->to));
    CHECK(c->from <= c->to);
  }
}

static void check_offset(dd_offset o) {
  CHECK(o.unit == DD_UNIT_WORKING_DAYS || o.unit == DD_UNIT_CALENDAR_DAYS ||
        o.unit == DD_UNIT_WEEKS);
  CHECK(o.n >= -1000 && o.n <= 1000);
}

static void check_set(const dd_rule_set *set) {
  CHECK(set->nmilestones >= 1 && set->milestones != NULL);
  for (size_t i = 0; i < set->nmilestones; i++) {
    const dd_milestone_rule *m = &set->milestones[i];
    CHECK(m->id != NULL && m->id[0] != '\0');
    CHECK(m->title != NULL && m->title[0] != '\0');
    CHECK(m->actor != NULL && m->actor[0] != '\0');
    CHECK(dd_rule_set_find(set, m->id) == (int)i); /* ids are unique */
    CHECK(m->anchor == DD_ANCHOR_VISIT_START ||
          m->anchor == DD_ANCHOR_VISIT_END ||
          (m->anchor >= 0 && (size_t)m->anchor < set->nmilestones &&
           (size_t)m->anchor != i));
    /* No cycle: following anchors reaches the visit within n steps. */
    int a = m->anchor;
    for (size_t steps = 0; a >= 0; steps++) {
      CHECK(steps < set->nmilestones);
      a = set->milestones[a].anchor;
    }
    check_offset(m->offset);
    check_offset(m->latest);
    CHECK(m->kind == DD_KIND_TARGET || m->kind == DD_KIND_WINDOW ||
          m->kind == DD_KIND_EVENT);
    if (m->kind == DD_KIND_WINDOW)
      CHECK(m->latest.unit == m->offset.unit && m->latest.n >= m->offset.n);
    else
      CHECK(m->latest.unit == m->offset.unit && m->latest.n == m->offset.n);
    CHECK(m->time == DD_TIME_NONE || m->time == DD_TIME_END_OF_DAY ||
          (m->time >= 0 && m->time <= 23 * 60 + 59));
    CHECK(m->condition == DD_WHEN_ALWAYS || m->condition == DD_WHEN_CONCERNS);
  }
}

static void check_type(const dd_config *cfg, const dd_visit_type *t) {
  CHECK(t->id != NULL && t->id[0] != '\0');
  CHECK(t->title != NULL && t->title[0] != '\0');
  CHECK(dd_config_visit_type(cfg, t->id) == t); /* ids are unique */
  CHECK(t->days_on_site >= 1 && t->days_on_site <= 30);
  CHECK(t->nrule_sets >= 1 && t->rule_sets != NULL);
  for (size_t k = 0; k < t->nrule_sets; k++) {
    const dd_rule_set *set = &t->rule_sets[k];
    CHECK(dd_date_in_range(set->effective));
    CHECK(k == 0 || t->rule_sets[k - 1].effective < set->effective);
    check_set(set);
    /* "A visit uses the rule set in force on the day it started." */
    CHECK(dd_visit_type_rules(t, set->effective) == set);
    if (k + 1 < t->nrule_sets)
      CHECK(dd_visit_type_rules(t, t->rule_sets[k + 1].effective - 1) == set);
  }
  dd_date first = t->rule_sets[0].effective;
  CHECK(dd_visit_type_rules(t, first - 1) == NULL);
  if (first < DD_DATE_MAX)
    CHECK(dd_visit_type_rules(t, first + 1) != NULL);
}

/* Plans a visit of type on cal: first without anything recorded, then with
 * every milestone recorded on its due day, which must leave every date
 * where it was and every milestone done on time. */
static void check_engine(const dd_config *cfg, const dd_visit_type *type,
                         const dd_calendar *cal) {
  dd_date start, today;
  CHECK(dd_date_from_ymd(2021, 3, 1, &start) == DD_OK);
  CHECK(dd_date_from_ymd(2021, 6, 1, &today) == DD_OK);
  if (type->rule_sets[0].effective > start)
    start = type->rule_sets[0].effective;
  if (dd_calendar_add(cal, start, 0, &start) != DD_OK)
    return; /* no working day left before 2200 */
  int end_of_day = dd_config_calendar(cfg)->end_of_day;

  dd_visit_input in = {.type = type, .start = start, .concerns = true};
  dd_schedule s;
  dd_diag diag;
  int err = dd_schedule_compute(cal, &in, end_of_day, today, &s, &diag);
  /* Nothing recorded and a working start: only a date past 2199 (offsets
   * of up to 1000 weeks, chained) or memory can stop it. */
  CHECK(err == DD_OK || err == DD_ERANGE || err == DD_ENOMEM);
  if (err != DD_OK) {
    CHECK(diag.message[0] != '\0');
    return;
  }
  const dd_rule_set *set = dd_visit_type_rules(type, start);
  CHECK(s.rules == set && s.n == set->nmilestones);
  CHECK(s.start == start && s.start <= s.end);
  CHECK(s.days_on_site == type->days_on_site);
  size_t nev = s.n < MAX_EVENTS ? s.n : 0;
  dd_event events[MAX_EVENTS];
  for (size_t i = 0; i < s.n; i++) {
    const dd_milestone *m = &s.items[i];
    const dd_milestone_rule *r = m->rule;
    CHECK(r == &set->milestones[i]);
    CHECK(m->applies); /* concerns: every condition holds */
    CHECK(dd_date_in_range(m->due) && dd_date_in_range(m->earliest));
    CHECK(m->earliest <= m->due);
    if (r->latest.unit == DD_UNIT_WORKING_DAYS) {
      dd_date want;
      CHECK(dd_calendar_add(cal, m->anchor, r->latest.n, &want) == DD_OK);
      CHECK(m->due == want);
      CHECK(m->explanation.result == m->due && m->explanation.n == r->latest.n);
    }
    CHECK(m->status != DD_STATUS_CANCELLED &&
          m->status != DD_STATUS_NOT_APPLICABLE);
    if (i < nev)
      events[i] = (dd_event){r->id, m->due, DD_TIME_NONE};
  }

  in.events = events;
  in.nevents = nev;
  in.skip_explanations = true;
  dd_schedule done;
  err = dd_schedule_compute(cal, &in, end_of_day, today, &done, &diag);
  /* A negative offset puts a milestone before what it is counted from,
   * and recording it there is refused; anything else must be accepted. */
  CHECK(err == DD_OK || err == DD_EINVAL || err == DD_ENOMEM);
  if (err == DD_OK) {
    CHECK(done.n == s.n);
    for (size_t i = 0; i < done.n; i++) {
      const dd_milestone *m = &done.items[i];
      CHECK(m->due == s.items[i].due && m->earliest == s.items[i].earliest);
      CHECK(m->explanation.skipped == NULL);
      if (nev > 0) {
        CHECK(m->status == DD_STATUS_DONE && m->done == m->due);
        CHECK(m->days_off == 0 && !m->assumed);
      }
    }
    dd_schedule_clear(&done);
  } else if (err == DD_EINVAL) {
    bool negative = false;
    for (size_t i = 0; i < s.n; i++)
      negative = negative || s.items[i].rule->offset.n < 0 ||
                 s.items[i].rule->latest.n < 0;
    CHECK(negative);
  }
  dd_schedule_clear(&s);
}

static void check_loaded(const dd_config *cfg) {
  const dd_calendar_config *cc = dd_config_calendar(cfg);
  check_calendar(cc);
  size_t n = 12345;
  const dd_visit_type *types = dd_config_visit_types(cfg, &n);
  CHECK(n == 0 || types != NULL);
  for (size_t i = 0; i < n; i++)
    check_type(cfg, &types[i]);
  CHECK(dd_config_visit_type(cfg, "") == NULL);
  if (n == 0)
    return;
  bool owned;
  dd_calendar *cal = calendar(cc, &owned);
  if (cal == NULL)
    return;
  check_engine(cfg, &types[0], cal);
  if (owned)
    dd_calendar_free(cal);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* The loader takes a C string: a NUL inside would only hide the rest. */
  if (size > MAX_INPUT || memchr(data, '\0', size) != NULL)
    return -1;
  char *text = malloc(size + 1);
  if (text == NULL)
    return 0;
  memcpy(text, data, size);
  text[size] = '\0';

  dd_diag diag;
  memset(&diag, 0, sizeof diag);
  dd_config *cfg = (dd_config *)&diag; /* must become NULL on failure */
  int err = dd_config_load_string(NAME, text, &cfg, &diag);
  if (err == DD_OK) {
    CHECK(cfg != NULL);
    check_loaded(cfg);
    dd_config_free(cfg);
  } else {
    CHECK(cfg == NULL);
    CHECK(err == DD_EPARSE || err == DD_ENOMEM);
    CHECK(memchr(diag.message, '\0', sizeof diag.message) != NULL);
    CHECK(diag.message[0] != '\0');
    if (err != DD_ENOMEM)
      CHECK(strncmp(diag.message, NAME ":", strlen(NAME ":")) == 0);
    /* A NULL diag is allowed and must not change the answer. */
    dd_config *quiet = NULL;
    CHECK(dd_config_load_string(NAME, text, &quiet, NULL) == err);
    CHECK(quiet == NULL);
  }
  free(text);
  return 0;
}
