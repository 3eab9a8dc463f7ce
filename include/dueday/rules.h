/* Visit types and their milestone rules, as configured (config/dueday.conf):
 * each milestone is an offset from the visit or from an earlier milestone,
 * and a visit uses the rule set in force on the day it started. */
#ifndef DUEDAY_RULES_H
#define DUEDAY_RULES_H

#include "dueday/api.h"
#include "dueday/date.h"

#include <stdbool.h>
#include <stddef.h>

DD_BEGIN_DECLS

/* What an offset counts. */
typedef enum dd_unit {
  DD_UNIT_WORKING_DAYS,
  DD_UNIT_CALENDAR_DAYS,
  DD_UNIT_WEEKS /* calendar weeks: 7 days each, not working days */
} dd_unit;

/* A distance from an anchor: n units after it (before it when n < 0). */
typedef struct dd_offset {
  int n;
  dd_unit unit;
} dd_offset;

/* What a milestone is counted from. */
enum {
  DD_ANCHOR_VISIT_START = -1, /* the first day on site */
  DD_ANCHOR_VISIT_END = -2    /* the last day on site ("day 0") */
};

/* Clock times: minutes after midnight, or one of these. */
enum {
  DD_TIME_NONE = -1,      /* an all-day deadline */
  DD_TIME_END_OF_DAY = -2 /* the calendar's end of the working day */
};

/* What a milestone is: a due day, a window, or something that happens. */
typedef enum dd_milestone_kind {
  DD_KIND_TARGET, /* one due day */
  DD_KIND_WINDOW, /* from earliest to latest */
  DD_KIND_EVENT   /* something that happens on its day (the visit's end):
                     taken as done once the day has passed */
} dd_milestone_kind;

/* When a milestone applies. */
typedef enum dd_condition {
  DD_WHEN_ALWAYS,
  DD_WHEN_CONCERNS /* only when serious or widespread concerns are found */
} dd_condition;

/* One milestone of a visit type, as configured. */
typedef struct dd_milestone_rule {
  const char *id;    /* "draft-sent": typed by people, part of the interface */
  const char *title; /* "Draft report sent to the provider" */
  const char *summary; /* what a calendar shows: "Send draft report" */
  int anchor;          /* DD_ANCHOR_VISIT_* or the index of an earlier rule */
  dd_milestone_kind kind;
  dd_offset offset; /* a target's due day; a window's earliest day */
  dd_offset latest; /* a window's latest day */
  int time;         /* minutes after midnight, DD_TIME_NONE or _END_OF_DAY */
  dd_condition condition;
  const char *actor;      /* who acts: "inspector", "RIM", "provider", ... */
  bool held_by_complaint; /* an unanswered complaint holds it */
  bool unpublished;       /* a configured value, not Ofsted's published rule */
  int line;               /* where it is configured, for messages */
} dd_milestone_rule;

/* The milestones of a visit type from one date on: when Ofsted changes a
 * timescale, a new set takes effect and earlier visits keep theirs. */
typedef struct dd_rule_set {
  dd_date effective; /* the first visit start this set applies to */
  /* In configuration order: a milestone may be anchored to one listed
   * after it (the loader only refuses cycles). */
  const dd_milestone_rule *milestones;
  size_t nmilestones;
} dd_rule_set;

/* A kind of visit and its rule sets, as configured. */
typedef struct dd_visit_type {
  const char *id;               /* "assurance" */
  const char *title;            /* "Assurance visit (SCCIF settings, 2020)" */
  int days_on_site;             /* the default */
  const dd_rule_set *rule_sets; /* by effective date, earliest first */
  size_t nrule_sets;
} dd_visit_type;

/* The rule set in force for a visit starting on start, or NULL when the
 * visit starts before the earliest set took effect. Borrowed from type. */
DD_API const dd_rule_set *dd_visit_type_rules(const dd_visit_type *type,
                                              dd_date start);

/* The index in set->milestones of the milestone whose id is id, or -1 when
 * set has none. */
DD_API int dd_rule_set_find(const dd_rule_set *set, const char *id);

/* Writes off's size in words, "18 working days", "6 weeks", "1 calendar
 * day" (the sign is left to the caller's "before" or "after"), into buf
 * (size bytes, the caller's; cut short to fit) and returns buf. */
DD_API const char *dd_offset_describe(dd_offset off, char *buf, size_t size);

DD_END_DECLS

#endif
