/* The milestone engine: from a visit, what actually happened and the rules,
 * every deadline with its status and the explanation of its date. A pure,
 * deterministic function: "today" is an input. */
#ifndef DUEDAY_SCHEDULE_H
#define DUEDAY_SCHEDULE_H

#include "dueday/api.h"
#include "dueday/error.h"
#include "dueday/rules.h"
#include "dueday/workday.h"

#include <stdbool.h>
#include <stddef.h>

DD_BEGIN_DECLS

/* Events that are not milestones. */
#define DD_EVENT_CONCERNS_FOUND "concerns-found"
/* A complaint was received: milestones held_by_complaint go on hold. */
#define DD_EVENT_COMPLAINT_RECEIVED "complaint-received"
/* The complaint was answered: they are counted again. */
#define DD_EVENT_COMPLAINT_ANSWERED "complaint-answered"
/* The case review's outcome (assurance guidance, "Serious and widespread
 * concerns: next steps": "The case review considers the recommended future
 * action and allows the manager to decide which action to take"): a
 * monitoring visit is to be made, so the likely milestones (the monitoring
 * visit's window) are firm... */
#define DD_EVENT_MONITORING_DECIDED "monitoring-decided"
/* ... or none is needed: they no longer apply (DD_STATUS_NOT_NEEDED). The
 * last of the two recorded stands. */
#define DD_EVENT_MONITORING_NOT_NEEDED "monitoring-not-needed"

/* Something that happened: a milestone done, or one of the events above. */
typedef struct dd_event {
  const char *what; /* a milestone id or DD_EVENT_* */
  dd_date date;
  int time; /* minutes after midnight, or DD_TIME_NONE */
} dd_event;

/* What a registered visit's schedule was planned despite (a mask in
 * dd_schedule.warnings; the words in dd_schedule.warning). */
enum {
  /* The start is not a working day on this calendar (a bank holiday or a
   * closure added since): it stands as the first day on site, and the
   * other days on site and every deadline are counted from it. */
  DD_SCHEDULE_WARN_START = 1 << 0,
  /* No rule set of the type covers the start (before the first took
   * effect, or after the last's valid_until): the nearest is used and
   * named. A start after a set ended is always planned so, with the
   * warning; one before the first set is an error unless tolerated. */
  DD_SCHEDULE_WARN_RULES = 1 << 1,
  /* A recorded event the rules do not know: left out of the schedule. */
  DD_SCHEDULE_WARN_EVENT = 1 << 2,
  /* A recorded event before the day it is counted from: kept as recorded,
   * and what follows it counted from it. */
  DD_SCHEDULE_WARN_ORDER = 1 << 3,
  /* Every one of them: a visit on the register (dd_planner_schedule). */
  DD_SCHEDULE_WARN_ALL = (1 << 4) - 1
};

/* Room for dd_schedule.warning, its NUL included. */
#define DD_SCHEDULE_WARNING_SIZE 320

/* A visit as the engine needs it (dd_schedule_compute); everything in it
 * is borrowed for the call. */
typedef struct dd_visit_input {
  const dd_visit_type *type;
  /* The first day on site: a working day, unless tolerate has
   * DD_SCHEDULE_WARN_START. */
  dd_date start;
  int days_on_site;       /* consecutive working days; 0: the type's default */
  bool concerns;          /* serious or widespread concerns found */
  const dd_event *events; /* at most one per milestone id; any order */
  size_t nevents;
  /* Leave every explanation empty: for callers that plan many visits and
   * show none of the reasons (the agenda, reminders). */
  bool skip_explanations;
  /* DD_SCHEDULE_WARN_* bits: what is a warning (dd_schedule.warnings)
   * rather than an error. 0 for a new visit or a new start, checked
   * strictly; DD_SCHEDULE_WARN_ALL for a visit on the register, where what
   * was recorded stands though the calendar or the rules changed since. */
  unsigned tolerate;
  /* The last year of published bank holidays on the calendar (the least
   * over its divisions, dd_holidays_confirmed_to); 0 when not known. A
   * milestone counted into a later year is dd_milestone.provisional. */
  int confirmed_to;
} dd_visit_input;

/* Where a milestone stands as of today. */
typedef enum dd_status {
  DD_STATUS_PENDING,
  DD_STATUS_DONE,
  DD_STATUS_OVERDUE,
  DD_STATUS_ON_HOLD, /* held by an unanswered complaint */
  DD_STATUS_NOT_APPLICABLE,
  DD_STATUS_CANCELLED, /* the visit was cancelled */
  /* A likely milestone the case review decided against
   * (DD_EVENT_MONITORING_NOT_NEEDED): applies is false. */
  DD_STATUS_NOT_NEEDED
} dd_status;

/* One milestone of a visit's schedule: its dates, status and why. */
typedef struct dd_milestone {
  const dd_milestone_rule *rule; /* borrowed from the rule set */
  bool applies;
  dd_date due;          /* a window's latest day */
  dd_date earliest;     /* a window's first day; due for a target */
  int due_time;         /* minutes after midnight or DD_TIME_NONE */
  dd_date anchor;       /* the day it was counted from */
  bool anchor_recorded; /* counted from a recorded completion */
  dd_status status;
  dd_date done; /* when recorded (DD_STATUS_DONE) */
  int done_time;
  bool assumed; /* an event taken as done because its day has passed */
  /* DONE: working days late (> 0) or early (< 0), 0 on time or in the
   * window; OVERDUE: working days past due (0 for a Friday deadline seen
   * at the weekend: overdue since the due day, no working day later). */
  int days_off;
  /* A likely milestone (dd_milestone_rule.likely) whose case review has
   * recorded no outcome: shown as likely, never overdue (its status stays
   * pending past the window), never reminded as overdue. */
  bool tentative;
  /* The case review's outcome was recorded on this day (a likely milestone
   * made firm or not needed); 0 when not. */
  dd_date decided;
  /* Its count runs into a year whose bank holidays are not yet published
   * (dd_visit_input.confirmed_to): the date may still move. */
  bool provisional;
  /* The working days counted to reach the due day (for a working-day
   * offset); the skipped weekends and holidays say why the date is late. */
  dd_explanation explanation;
} dd_milestone;

/* Every milestone of one visit as of today (dd_schedule_compute). */
typedef struct dd_schedule {
  const dd_visit_type *type;
  const dd_rule_set *rules;
  dd_date start, end; /* first and last days on site */
  int days_on_site;
  bool concerns;
  bool complaint_open;
  dd_date today;
  dd_milestone *items; /* in the rule set's order */
  size_t n;
  /* A registered visit planned despite a change of calendar or rules
   * (dd_visit_input.tolerate): DD_SCHEDULE_WARN_* bits, 0 for none, and
   * what they mean in words, "" for none ("the start Mon 2021-01-11 is not
   * a working day (New Year) ..."); several are joined with "; ", cut
   * short between characters to fit. */
  unsigned warnings;
  char warning[DD_SCHEDULE_WARNING_SIZE];
} dd_schedule;

/* Computes every milestone of visit on cal. end_of_day is in minutes after
 * midnight. Returns DD_OK with *out filled (free what it holds with
 * dd_schedule_clear; it borrows the rules from visit->type and reason texts
 * from cal, so free it before them); DD_EINVAL for a start that is not a
 * working day, an unknown event, or a milestone recorded before the one it
 * is counted from; DD_ERANGE for a visit before the type's first rule set
 * or dates outside the supported range; DD_ENOMEM. diag says which. The
 * first four are not errors when visit->tolerate has their bit
 * (DD_SCHEDULE_WARN_START, _EVENT, _ORDER, _RULES): DD_OK, with
 * out->warnings and out->warning saying what was found. On failure *out
 * holds nothing to free. */
DD_API int dd_schedule_compute(const dd_calendar *cal,
                               const dd_visit_input *visit, int end_of_day,
                               dd_date today, dd_schedule *out, dd_diag *diag);
/* Frees what s holds, not s itself (the caller's), and empties it; NULL
 * does nothing. */
DD_API void dd_schedule_clear(dd_schedule *s);

/* The milestone whose id is id in s, or NULL; borrowed from s. */
DD_API const dd_milestone *dd_schedule_find(const dd_schedule *s,
                                            const char *id);

/* Writes m's rule in words, "18 working days after the end of the visit
 * (Fri 2020-10-02)", "5 working days after draft-sent (recorded Thu
 * 2020-10-22)", into buf (size bytes, the caller's; cut short to fit) and
 * returns buf. m is one of s's milestones. */
DD_API const char *dd_milestone_rule_text(const dd_schedule *s,
                                          const dd_milestone *m, char *buf,
                                          size_t size);
/* Writes m's status in words, "pending", "done on 2020-10-21, 2 working
 * days early", "overdue since Fri 11 Dec 2020", "overdue since Fri 11 Dec
 * 2020 (3 working days)", "on hold: a complaint is not yet answered",
 * "likely: ...", "not needed: ...", into buf (size bytes, the caller's; cut
 * short to fit) and returns buf. */
DD_API const char *dd_milestone_status_text(const dd_milestone *m, char *buf,
                                            size_t size);
/* The name of status, one of dd_status: "pending", "done", "overdue",
 * "on-hold", "not-applicable", "cancelled", "not-needed". Static
 * storage. */
DD_API const char *dd_status_name(dd_status status);

/* "Fri 11 Dec 2020" into buf (size bytes, at least 16) and returns buf:
 * the words of "overdue since ...". */
DD_API const char *dd_date_words(dd_date d, char *buf, size_t size);

/* Writes what a reader of m should know besides its date and status, each
 * as a line that starts with "\n": "\nAt risk: ...", "\nConfigured value:
 * ...", "\nProvisional: ..." into buf (size bytes; cut short to fit) and
 * returns buf, "" when there is nothing to say. The feeds' descriptions and
 * the e-mails use it, so that they say the same. */
DD_API const char *dd_milestone_notes(const dd_schedule *s,
                                      const dd_milestone *m, char *buf,
                                      size_t size);

/* At risk: a milestone whose chain can no longer be met in order (risk.c
 * says precisely when). A late draft makes the provider's comments fall
 * due after the final report is due; a late final report makes the
 * complaint window close after publication is due. Returns the milestone
 * that puts m at risk (borrowed from s), or NULL when m is not at risk. */
DD_API const dd_milestone *dd_milestone_at_risk(const dd_schedule *s,
                                                const dd_milestone *m);
/* Writes why m is at risk because of by (what dd_milestone_at_risk
 * returned), "provider-comments (Provider returns comments) now falls due
 * Thu 2020-11-19, after this is due (Wed 2020-11-18)", into buf (size
 * bytes; cut short to fit) and returns buf. */
DD_API const char *dd_milestone_risk_text(const dd_milestone *m,
                                          const dd_milestone *by, char *buf,
                                          size_t size);

DD_END_DECLS

#endif
