/* Planning registered visits: turns a stored visit and its recorded events
 * into the schedule engine's input, on the right division's calendar. */
#include "dueday/planner.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

#define NCALENDARS 4 /* the three divisions and their union */

struct dd_planner {
  const dd_config *cfg;
  char *holidays_dir;
  dd_holidays *sets[3]; /* by dd_divisions index, loaded on demand */
  dd_calendar *cals[NCALENDARS];
};

int dd_planner_new(const dd_config *cfg, const char *holidays_dir,
                   dd_planner **out, dd_diag *diag) {
  *out = calloc(1, sizeof **out);
  if (*out == NULL ||
      (holidays_dir != NULL &&
       ((*out)->holidays_dir = dd__strdup(holidays_dir)) == NULL)) {
    free(*out);
    *out = NULL;
    return dd_diag_set(diag, DD_ENOMEM, "out of memory");
  }
  (*out)->cfg = cfg;
  return DD_OK;
}

void dd_planner_free(dd_planner *p) {
  if (p == NULL)
    return;
  for (int i = 0; i < NCALENDARS; i++)
    dd_calendar_free(p->cals[i]);
  for (int i = 0; i < 3; i++)
    dd_holidays_free(p->sets[i]);
  free(p->holidays_dir);
  free(p);
}

const char *dd_planner_holidays_dir(const dd_planner *p) {
  return p->holidays_dir;
}

const dd_config *dd_planner_config(const dd_planner *p) { return p->cfg; }

const dd_visit_type *dd_planner_type(const dd_planner *p, const char *id) {
  return dd_config_visit_type(p->cfg, id);
}

int dd_planner_calendar(dd_planner *p, const char *division,
                        const dd_calendar **out, dd_diag *diag) {
  int slot = -1;
  for (int i = 0; dd_divisions[i] != NULL; i++)
    if (strcmp(dd_divisions[i], division) == 0)
      slot = i;
  if (strcmp(division, DD_DIVISION_UK) == 0)
    slot = 3;
  if (slot < 0)
    return dd_diag_set(diag, DD_ENOTFOUND, "unknown division \"%s\"", division);
  if (p->cals[slot] == NULL) {
    for (int i = 0; i < 3; i++) {
      if ((slot == 3 || slot == i) && p->sets[i] == NULL) {
        int err = dd_holidays_load(p->holidays_dir, dd_divisions[i],
                                   &p->sets[i], diag);
        if (err != DD_OK)
          return err;
      }
    }
    const dd_calendar_config *cc = dd_config_calendar(p->cfg);
    dd_calendar_spec spec = {
        .name = division,
        .holidays =
            (const dd_holidays *const *)(slot == 3 ? p->sets : &p->sets[slot]),
        .nholidays = slot == 3 ? 3 : 1,
        .week_mask = cc->week_mask,
        .closures = cc->closures,
        .nclosures = cc->nclosures};
    int err = dd_calendar_new(&spec, &p->cals[slot], diag);
    if (err != DD_OK)
      return err;
  }
  *out = p->cals[slot];
  return DD_OK;
}

/* The division v is planned in: its own, else the configuration's. */
static const char *division_of(const dd_planner *p, const dd_visit *v) {
  return v->division != NULL && v->division[0] != '\0'
             ? v->division
             : dd_config_calendar(p->cfg)->division;
}

int dd_planner_visit_calendar(dd_planner *p, const dd_visit *v,
                              const dd_calendar **out, dd_diag *diag) {
  return dd_planner_calendar(p, division_of(p, v), out, diag);
}

/* The last year of published bank holidays for division: the least over
 * its divisions (all three for the union); 0 when not loaded. */
static int confirmed_to(const dd_planner *p, const char *division) {
  int least = 0;
  for (int i = 0; i < 3; i++) {
    bool part = strcmp(division, DD_DIVISION_UK) == 0 ||
                strcmp(division, dd_divisions[i]) == 0;
    if (part && p->sets[i] != NULL) {
      int y = dd_holidays_confirmed_to(p->sets[i]);
      least = least == 0 || y < least ? y : least;
    }
  }
  return least;
}

static int plan(dd_planner *p, const dd_visit *v, const dd_recorded *events,
                size_t nevents, dd_date today, bool explain, unsigned tolerate,
                dd_schedule *out, dd_diag *diag) {
  memset(out, 0, sizeof *out);
  const dd_visit_type *type = dd_config_visit_type(p->cfg, v->type);
  if (type == NULL)
    return dd_diag_set(diag, DD_ENOTFOUND, "unknown visit type \"%s\"",
                       v->type);
  const char *division = division_of(p, v);
  const dd_calendar *cal;
  int err = dd_planner_calendar(p, division, &cal, diag);
  if (err != DD_OK)
    return err;
  dd_event *ev = nevents ? malloc(nevents * sizeof *ev) : NULL;
  if (nevents && ev == NULL)
    return dd_diag_set(diag, DD_ENOMEM, "out of memory");
  for (size_t i = 0; i < nevents; i++)
    ev[i] = (dd_event){events[i].what, events[i].date, events[i].time};
  dd_visit_input in = {.type = type,
                       .start = v->start,
                       .days_on_site = v->days_on_site,
                       .concerns = v->concerns,
                       .events = ev,
                       .nevents = nevents,
                       .skip_explanations = !explain,
                       .tolerate = tolerate,
                       .confirmed_to = confirmed_to(p, division)};
  err = dd_schedule_compute(cal, &in, dd_config_calendar(p->cfg)->end_of_day,
                            today, out, diag);
  free(ev);
  if (err == DD_OK && v->status == DD_VISIT_CANCELLED)
    for (size_t i = 0; i < out->n; i++)
      out->items[i].status = DD_STATUS_CANCELLED;
  return err;
}

int dd_planner_schedule(dd_planner *p, const dd_visit *v,
                        const dd_recorded *events, size_t nevents,
                        dd_date today, dd_schedule *out, dd_diag *diag) {
  return plan(p, v, events, nevents, today, true, DD_SCHEDULE_WARN_ALL, out,
              diag);
}

int dd_planner_schedule_brief(dd_planner *p, const dd_visit *v,
                              const dd_recorded *events, size_t nevents,
                              dd_date today, dd_schedule *out, dd_diag *diag) {
  return plan(p, v, events, nevents, today, false, DD_SCHEDULE_WARN_ALL, out,
              diag);
}

int dd_planner_schedule_checked(dd_planner *p, const dd_visit *v,
                                const dd_recorded *events, size_t nevents,
                                dd_date today, unsigned tolerate,
                                dd_schedule *out, dd_diag *diag) {
  return plan(p, v, events, nevents, today, true, tolerate, out, diag);
}
