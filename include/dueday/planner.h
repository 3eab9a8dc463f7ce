/* Schedules for registered visits: the configuration, and one working-day
 * calendar per division built on first use, so that a register of visits
 * in several divisions is planned without rebuilding a calendar per visit. */
#ifndef DUEDAY_PLANNER_H
#define DUEDAY_PLANNER_H

#include "dueday/api.h"
#include "dueday/config.h"
#include "dueday/schedule.h"
#include "dueday/visit.h"

DD_BEGIN_DECLS

/* A configuration and one calendar per division, built on first use
 * (opaque): made by dd_planner_new. */
typedef struct dd_planner dd_planner;

/* A planner for cfg, which is borrowed and must outlive it; holidays_dir
 * (copied) is where the division rule files are, NULL for the built-in
 * copies. Nothing is read until a calendar is asked for. Returns DD_OK with
 * *out owned by the caller (free with dd_planner_free); DD_ENOMEM with *out
 * NULL. */
DD_API int dd_planner_new(const dd_config *cfg, const char *holidays_dir,
                          dd_planner **out, dd_diag *diag);
/* Frees p with the calendars and holiday sets it built, and so everything
 * borrowed from them, but not cfg; NULL does nothing. */
DD_API void dd_planner_free(dd_planner *p);

/* The calendar of division (one of the three, or "united-kingdom"), with
 * the configuration's working days and closures, built on first use; into
 * *out, borrowed from p. Returns DD_OK; DD_ENOTFOUND for an unknown
 * division; otherwise the errors of dd_holidays_load and dd_calendar_new,
 * with the detail in diag. */
DD_API int dd_planner_calendar(dd_planner *p, const char *division,
                               const dd_calendar **out, dd_diag *diag);

/* The calendar v is planned in (its division's, else the configuration's),
 * built on first use. Once it has been asked for v, dd_planner_schedule
 * for v only reads the planner and may run on several threads at once.
 * Returns as dd_planner_calendar. */
DD_API int dd_planner_visit_calendar(dd_planner *p, const dd_visit *v,
                                     const dd_calendar **out, dd_diag *diag);

/* Where the planner reads holiday data (NULL: the built-in copies);
 * borrowed from p. */
DD_API const char *dd_planner_holidays_dir(const dd_planner *p);

/* The configuration p plans with (what dd_planner_new was given);
 * borrowed. */
DD_API const dd_config *dd_planner_config(const dd_planner *p);

/* The configuration's visit type whose id is id, or NULL; borrowed from
 * the configuration. */
DD_API const dd_visit_type *dd_planner_type(const dd_planner *p,
                                            const char *id);

/* The schedule of a registered visit with what was recorded against it, as
 * of today, into *out (free with dd_schedule_clear, before p and the
 * configuration, which it borrows from); v and events are read during the
 * call only. A cancelled visit's milestones are all DD_STATUS_CANCELLED.
 * What the register holds stands though the calendar or the rules changed
 * since it was written (a start now on a bank holiday, an event the rules
 * no longer know): the schedule is planned, and out->warnings and
 * out->warning say what was found (dd_visit_input.tolerate is
 * DD_SCHEDULE_WARN_ALL). Returns as dd_schedule_compute, plus DD_ENOTFOUND
 * for a visit type or division the configuration does not know and the
 * errors of dd_planner_calendar: then the visit cannot be planned at all;
 * on failure *out holds nothing to free. */
DD_API int dd_planner_schedule(dd_planner *p, const dd_visit *v,
                               const dd_recorded *events, size_t nevents,
                               dd_date today, dd_schedule *out, dd_diag *diag);
/* As dd_planner_schedule, without the explanations of the dates: for
 * planning many visits. */
DD_API int dd_planner_schedule_brief(dd_planner *p, const dd_visit *v,
                                     const dd_recorded *events, size_t nevents,
                                     dd_date today, dd_schedule *out,
                                     dd_diag *diag);

/* As dd_planner_schedule, for a change about to be written (a new visit, a
 * new start, a new event): only the DD_SCHEDULE_WARN_* problems in tolerate
 * are warnings, the others errors (0: everything checked as for a new
 * visit). */
DD_API int dd_planner_schedule_checked(dd_planner *p, const dd_visit *v,
                                       const dd_recorded *events,
                                       size_t nevents, dd_date today,
                                       unsigned tolerate, dd_schedule *out,
                                       dd_diag *diag);

DD_END_DECLS

#endif
