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

typedef struct dd_planner dd_planner;

/* cfg is borrowed and must outlive the planner. holidays_dir is where the
 * division rule files are (NULL: the built-in copies). */
DD_API int dd_planner_new(const dd_config *cfg, const char *holidays_dir,
                          dd_planner **out, dd_diag *diag);
DD_API void dd_planner_free(dd_planner *p);

/* The calendar of division (one of the three, or "united-kingdom"), with
 * the configuration's working days and closures; borrowed from p.
 * DD_ENOTFOUND for an unknown division. */
DD_API int dd_planner_calendar(dd_planner *p, const char *division,
                               const dd_calendar **out, dd_diag *diag);

/* The calendar v is planned in (its division's, else the configuration's),
 * built on first use. Once it has been asked for v, dd_planner_schedule
 * for v only reads the planner and may run on several threads at once.
 * Errors as dd_planner_calendar. */
DD_API int dd_planner_visit_calendar(dd_planner *p, const dd_visit *v,
                                     const dd_calendar **out, dd_diag *diag);

/* Where the planner reads holiday data (NULL: the built-in copies). */
DD_API const char *dd_planner_holidays_dir(const dd_planner *p);

/* The visit type id, or NULL. */
DD_API const dd_visit_type *dd_planner_type(const dd_planner *p,
                                            const char *id);

/* The schedule of a registered visit with what was recorded against it, as
 * of today. A cancelled visit's milestones are all DD_STATUS_CANCELLED.
 * Errors as dd_schedule_compute, plus DD_ENOTFOUND for an unknown visit
 * type or division. */
DD_API int dd_planner_schedule(dd_planner *p, const dd_visit *v,
                               const dd_recorded *events, size_t nevents,
                               dd_date today, dd_schedule *out, dd_diag *diag);
/* Same, without the explanations of the dates: for planning many visits. */
DD_API int dd_planner_schedule_brief(dd_planner *p, const dd_visit *v,
                                     const dd_recorded *events, size_t nevents,
                                     dd_date today, dd_schedule *out,
                                     dd_diag *diag);

DD_END_DECLS

#endif
