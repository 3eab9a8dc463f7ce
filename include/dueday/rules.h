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
  /* Day 1 of the guidance: "The inspector contacts the provider at
   * approximately 9am on day 1 to announce the beginning of the assurance
   * visit. The visit is 'live' from the point of this call." It is the day
   * the visit is announced and goes live, whether or not anyone is on site
   * that day. */
  DD_ANCHOR_VISIT_START = -1,
  DD_ANCHOR_VISIT_END = -2 /* the visit's last day ("day 0" of the counts) */
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
  DD_KIND_EVENT   /* something that happens on its day (the visit's end,
                     the announcement at about 09:00): not a deadline, never
                     reminded nor overdue; taken as done once the day has
                     passed */
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
  /* source = "configured" (or unpublished = true): the timescale is a
   * configured value, not Ofsted's published rule (timescales.md's OPEN
   * facts, such as the focused visit's letter). */
  bool unpublished;
  /* likely = true: the guidance only says it is likely ("If concerns are
   * serious, we are likely to return to carry out a monitoring visit within
   * 6 to 8 weeks"; "The case review ... allows the manager to decide which
   * action to take"): tentative until the case review's outcome is recorded
   * (DD_EVENT_MONITORING_DECIDED or DD_EVENT_MONITORING_NOT_NEEDED). */
  bool likely;
  int line; /* where it is configured, for messages */
} dd_milestone_rule;

/* The milestones of a visit type from one date on: when Ofsted changes a
 * timescale, a new set takes effect and earlier visits keep theirs. */
typedef struct dd_rule_set {
  const char *id;    /* "assurance-2020": named in warnings */
  dd_date effective; /* the first visit start this set applies to */
  /* The last visit start it applies to, or DD_RULES_OPEN when it has no end
   * ("the current inspection year (which ends on 31 March 2021)"). */
  dd_date valid_until;
  /* In configuration order: a milestone may be anchored to one listed
   * after it (the loader only refuses cycles). */
  const dd_milestone_rule *milestones;
  size_t nmilestones;
} dd_rule_set;

/* dd_rule_set.valid_until of a set still in force. */
#define DD_RULES_OPEN DD_DATE_MAX

/* A kind of visit and its rule sets, as configured. */
typedef struct dd_visit_type {
  const char *id;               /* "assurance" */
  const char *title;            /* "Assurance visit (SCCIF settings, 2020)" */
  int days_on_site;             /* the default */
  const dd_rule_set *rule_sets; /* by effective date, earliest first */
  size_t nrule_sets;
} dd_visit_type;

/* The rule set in force for a visit starting on start, or NULL when the
 * visit starts before the earliest set took effect. Borrowed from type.
 * The set returned may have ended before start (its valid_until): see
 * dd_visit_type_rules_for. */
DD_API const dd_rule_set *dd_visit_type_rules(const dd_visit_type *type,
                                              dd_date start);
/* The rule set for a visit starting on start: the one whose period
 * (effective to valid_until) holds start, with *applies true; else the
 * nearest one in days (the earlier on a tie), with *applies false. Never
 * NULL: a visit type has at least one set. Borrowed from type. */
DD_API const dd_rule_set *dd_visit_type_rules_for(const dd_visit_type *type,
                                                  dd_date start, bool *applies);

/* How far a milestone's values are Ofsted's (dd_milestone_rule_source). */
typedef enum dd_source {
  DD_SOURCE_OFSTED,     /* the timescale as Ofsted published it */
  DD_SOURCE_CONFIGURED, /* the timescale is a configured value */
  /* Ofsted's day, but the clock time is the configured end of the working
   * day (17:00 by default): the guidance says "by the end of the next
   * working day" and gives no hour (timescales.md: OPEN). */
  DD_SOURCE_CONFIGURED_TIME
} dd_source;
/* r's source, as above. */
DD_API dd_source dd_milestone_rule_source(const dd_milestone_rule *r);
/* "ofsted", "configured" or "configured-time": what CSV and JSON show.
 * Static storage. */
DD_API const char *dd_source_name(dd_source source);

/* The index in set->milestones of the milestone whose id is id, or -1 when
 * set has none. */
DD_API int dd_rule_set_find(const dd_rule_set *set, const char *id);

/* Writes off's size in words, "18 working days", "6 weeks", "1 calendar
 * day" (the sign is left to the caller's "before" or "after"), into buf
 * (size bytes, the caller's; cut short to fit) and returns buf. */
DD_API const char *dd_offset_describe(dd_offset off, char *buf, size_t size);

DD_END_DECLS

#endif
