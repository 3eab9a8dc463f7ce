/* Benchmark of the milestone engine at register scale: 100,000 seeded visits
 * (assurance and focused, starting on working days from September 2020 to
 * March 2021 in the three divisions, some with concerns, some with recorded
 * milestones) planned through dd_planner_schedule (with the explanations of
 * the dates) and dd_planner_schedule_brief (without). Every milestone is
 * checked against a day-by-day reference, so a run is also a correctness
 * test of the engine. With --emit-visits and --emit-events it writes the
 * same visits as CSV for `dueday visit import` (bench/run.sh times the
 * import, the agenda and the overdue list on them). --region NAME:COUNT
 * puts exactly COUNT of the visits, spread evenly, in region NAME and the
 * rest elsewhere (bench/run.sh times the feed of a 10,000-visit region). */
#define _POSIX_C_SOURCE 200809L

#include "dueday/dueday.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_SEED UINT64_C(0x5eedda7e)
#define DEFAULT_VISITS 100000
#define DEFAULT_TODAY "2020-12-14"
#define RUNS 3       /* best of: keeps scheduler noise out */
#define TARGET_S 0.5 /* the issue: all milestones of 100,000 visits */
#define TARGET_VISITS 100000
#define MAX_EVENTS 4 /* recorded per visit, at most */

/* splitmix64 (Steele, Lea and Flood 2014), as in bench_workday.c: the same
 * stream on every platform, so a seed names one register for good. */
static uint64_t rng_state;

static uint64_t rng_next(void) {
  uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));
  z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
}

/* Uniform in lo..hi inclusive (modulo bias below 2^-40 for these ranges). */
static int rng_range(int lo, int hi) {
  return lo + (int)(rng_next() % (uint64_t)(hi - lo + 1));
}

/* True with probability percent / 100. */
static bool rng_percent(int percent) {
  return (int)(rng_next() % 100) < percent;
}

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* ---- the register ------------------------------------------------------ */

/* Where visits happen: a division and, within it, a region and its local
 * authorities (the sample register's names, and a few more). */
typedef struct place {
  const char *division, *region, *la;
} place;

static const place england[] = {
    {"england-and-wales", "North West", "Salford"},
    {"england-and-wales", "North West", "Wigan"},
    {"england-and-wales", "London", "Lambeth"},
    {"england-and-wales", "London", "Southwark"},
    {"england-and-wales", "Yorkshire and Humber", "Leeds"},
    {"england-and-wales", "Yorkshire and Humber", "Bradford"},
    {"england-and-wales", "West Midlands", "Birmingham"},
    {"england-and-wales", "West Midlands", "Coventry"},
    {"england-and-wales", "South East", "Kent"},
    {"england-and-wales", "South East", "Medway"},
    {"england-and-wales", "East Midlands", "Derby"},
    {"england-and-wales", "South West", "Plymouth"},
};
static const place scotland[] = {
    {"scotland", "Scotland cross-border", "Dumfries and Galloway"},
    {"scotland", "Scotland cross-border", "Scottish Borders"},
};
static const place northern_ireland[] = {
    {"northern-ireland", "Northern Ireland cross-border", "Belfast"},
    {"northern-ireland", "Northern Ireland cross-border", "Newry"},
};
#define NPLACES(a) (sizeof(a) / sizeof(a)[0])

static const char *const settings[] = {"children's home",
                                       "children's home",
                                       "children's home",
                                       "residential special school",
                                       "independent fostering agency",
                                       "secure children's home"};
#define NINSPECTORS 60
#define NRIMS 12

/* The milestones a generated visit may have recorded, in the order they
 * happen; each one's anchor comes before it. */
static const char *const assurance_chain[] = {
    "annex-a", "draft-qa", "draft-sent", "provider-comments"};
static const char *const focused_chain[] = {"draft-sent", "la-comments",
                                            "publication"};

typedef struct text {
  char id[24], urn[16], name[32];
} text;

typedef struct reg {
  size_t n;
  dd_visit *visits;
  text *texts;
  size_t *first; /* visit i's events are events[first[i] .. first[i + 1]) */
  dd_recorded *events;
  size_t nevents, with_events, concerns, assurance;
  size_t per_division[3];
  char inspectors[NINSPECTORS][32], rims[NRIMS][32];
} reg;

/* With --region: the region that gets exactly count of the visits. */
typedef struct region_mix {
  const char *name;
  size_t count;
} region_mix;

/* A place of the usual mix: 80% in England (and Wales), 10% cross-border
 * into each of Scotland and Northern Ireland, whose bank holidays differ. */
static const place *any_place(void) {
  int roll = rng_range(0, 99);
  return roll < 80 ? &england[rng_next() % NPLACES(england)]
         : roll < 90
             ? &scotland[rng_next() % NPLACES(scotland)]
             : &northern_ireland[rng_next() % NPLACES(northern_ireland)];
}

/* Visit i of n's place: with a mix, visit i is in its region when
 * floor((i + 1) count / n) steps up (exactly count of n, spread evenly), and
 * a place of the usual mix outside it otherwise. */
static const place *choose_place(size_t i, size_t n, const region_mix *mix) {
  if (mix == NULL || mix->name == NULL)
    return any_place();
  bool inside = (i + 1) * mix->count / n > i * mix->count / n;
  for (;;) {
    const place *pl = any_place();
    if ((strcmp(pl->region, mix->name) == 0) == inside)
      return pl;
  }
}

/* True when name is the region of some place. */
static bool region_known(const char *name) {
  const place *lists[] = {england, scotland, northern_ireland};
  const size_t sizes[] = {NPLACES(england), NPLACES(scotland),
                          NPLACES(northern_ireland)};
  for (size_t l = 0; l < 3; l++)
    for (size_t k = 0; k < sizes[l]; k++)
      if (strcmp(lists[l][k].region, name) == 0)
        return true;
  return false;
}

static int division_index(const char *division) {
  for (int i = 0; i < 3; i++)
    if (strcmp(dd_divisions[i], division) == 0)
      return i;
  return -1;
}

/* The working days of September 2020 to March 2021 in one division. */
typedef struct days {
  dd_date *d;
  size_t n;
} days;

static int working_days(const dd_calendar *cal, days *out) {
  dd_date from, to;
  dd_date_from_ymd(2020, 9, 1, &from);
  dd_date_from_ymd(2021, 3, 31, &to);
  out->d = malloc((size_t)(to - from + 1) * sizeof *out->d);
  out->n = 0;
  if (out->d == NULL)
    return DD_ENOMEM;
  for (dd_date d = from; d <= to; d++)
    if (dd_calendar_is_working(cal, d, NULL))
      out->d[out->n++] = d;
  return DD_OK;
}

/* Records a prefix of the visit's chain, each milestone on a plausible day
 * near its due day and never before what it is counted from, so the import
 * and the engine accept it; stops at the first one that would fall after
 * today. draft-sent is sent 0 to 3 working days after its due day, the
 * others from a day early to two days late. */
static void record_events(reg *r, size_t i, const dd_visit_type *type,
                          const dd_calendar *cal, dd_date end, dd_date today) {
  const dd_visit *v = &r->visits[i];
  bool assurance = strcmp(type->id, "assurance") == 0;
  const char *const *chain = assurance ? assurance_chain : focused_chain;
  size_t len = assurance ? 4 : 3;
  size_t want = (size_t)rng_range(1, MAX_EVENTS);
  if (want > len)
    want = len;
  const dd_rule_set *set = dd_visit_type_rules(type, v->start);
  dd_date done[MAX_EVENTS];
  int done_rule[MAX_EVENTS];
  size_t k = 0;
  for (; k < want; k++) {
    int idx = dd_rule_set_find(set, chain[k]);
    if (idx < 0 || set->milestones[idx].offset.unit != DD_UNIT_WORKING_DAYS)
      break; /* a configuration changed since this was written */
    const dd_milestone_rule *rule = &set->milestones[idx];
    dd_date anchor = rule->anchor == DD_ANCHOR_VISIT_START ? v->start : end;
    if (rule->anchor >= 0) {
      size_t j = 0;
      while (j < k && done_rule[j] != rule->anchor)
        j++;
      if (j == k)
        break; /* its anchor is not recorded: nor can it be */
      anchor = done[j];
    }
    dd_date due, on;
    dd_calendar_add(cal, anchor, rule->offset.n, &due);
    int jitter = strcmp(rule->id, "draft-sent") == 0 ? rng_range(0, 3)
                                                     : rng_range(-1, 2);
    dd_calendar_add(cal, due, jitter, &on);
    dd_date floor = rule->anchor >= 0 ? anchor : v->start;
    if (on < floor)
      on = floor;
    if (on > today)
      break;
    dd_recorded *ev = &r->events[r->nevents + k];
    ev->what = (char *)rule->id;
    ev->date = on;
    ev->time = rule->time >= 0 ? rng_range(11 * 60, 15 * 60) : -1;
    ev->by = strcmp(rule->actor, "inspector") == 0 ? v->inspector
             : strcmp(rule->actor, "RIM") == 0     ? v->rim
                                                   : (char *)rule->actor;
    ev->note = rng_percent(5) ? (char *)"sent late, by agreement" : (char *)"";
    done[k] = on;
    done_rule[k] = idx;
  }
  r->nevents += k;
  r->with_events += k > 0;
}

/* Fills r with n visits. The planner gives the division calendars (built
 * here, so that the timed runs do not include them). */
static int make_register(reg *r, size_t n, uint64_t seed, dd_planner *p,
                         dd_date today, const region_mix *mix, dd_diag *diag) {
  memset(r, 0, sizeof *r);
  r->n = n;
  r->visits = calloc(n, sizeof *r->visits);
  r->texts = calloc(n, sizeof *r->texts);
  r->first = calloc(n + 1, sizeof *r->first);
  r->events = calloc(n * MAX_EVENTS, sizeof *r->events);
  if (!r->visits || !r->texts || !r->first || !r->events)
    return dd_diag_set(diag, DD_ENOMEM, "out of memory");
  for (int i = 0; i < NINSPECTORS; i++)
    snprintf(r->inspectors[i], sizeof r->inspectors[i],
             "inspector%02d@ofsted.example", i + 1);
  for (int i = 0; i < NRIMS; i++)
    snprintf(r->rims[i], sizeof r->rims[i], "rim%02d@ofsted.example", i + 1);

  const dd_calendar *cals[3];
  days starts[3] = {{NULL, 0}, {NULL, 0}, {NULL, 0}};
  int err = DD_OK;
  for (int i = 0; i < 3 && err == DD_OK; i++) {
    err = dd_planner_calendar(p, dd_divisions[i], &cals[i], diag);
    if (err == DD_OK && (err = working_days(cals[i], &starts[i])) != DD_OK)
      dd_diag_set(diag, err, "out of memory");
  }
  const dd_visit_type *assurance = dd_planner_type(p, "assurance");
  const dd_visit_type *focused = dd_planner_type(p, "focused");
  if (err == DD_OK && (assurance == NULL || focused == NULL))
    err = dd_diag_set(diag, DD_ENOTFOUND,
                      "the configuration lacks the assurance or focused "
                      "visit type");

  rng_state = seed;
  for (size_t i = 0; i < n && err == DD_OK; i++) {
    dd_visit *v = &r->visits[i];
    text *t = &r->texts[i];
    r->first[i] = r->nevents;
    const place *pl = choose_place(i, n, mix);
    int div = division_index(pl->division);
    const dd_visit_type *type = rng_percent(85) ? assurance : focused;
    dd_date start = starts[div].d[rng_next() % starts[div].n];
    int y, m;
    dd_date_to_ymd(start, &y, &m, NULL);
    /* URNs as Ofsted writes them: "SC" and six digits for a setting, five
     * digits for a local authority; the index keeps ids unique. */
    snprintf(t->urn, sizeof t->urn, "%s%zu", type == assurance ? "SC" : "",
             type == assurance ? 400000 + i : 80000 + i);
    snprintf(t->id, sizeof t->id, "%s-%04d-%02d", t->urn, y, m);
    snprintf(t->name, sizeof t->name, "%s %zu",
             type == assurance ? "Home" : "Council", i + 1);
    v->id = t->id;
    v->type = (char *)type->id;
    v->name = t->name;
    v->urn = t->urn;
    v->setting =
        type == assurance
            ? (char *)
                  settings[rng_next() % (sizeof settings / sizeof settings[0])]
            : (char *)"local authority children's services";
    v->local_authority = (char *)pl->la;
    v->region = (char *)pl->region;
    v->division = (char *)pl->division;
    v->inspector = r->inspectors[rng_next() % NINSPECTORS];
    v->rim = r->rims[rng_next() % NRIMS];
    v->start = start;
    /* Mostly the type's usual length; the RIM lengthens one in ten. */
    v->days_on_site = type->days_on_site + (rng_percent(10) ? 1 : 0);
    v->concerns = rng_percent(15);
    dd_date end;
    dd_calendar_add(cals[div], start, v->days_on_site - 1, &end);
    v->status = end < today      ? DD_VISIT_COMPLETED
                : start <= today ? DD_VISIT_LIVE
                                 : DD_VISIT_PLANNED;
    if (rng_percent(1))
      v->status = DD_VISIT_CANCELLED;
    r->per_division[div]++;
    r->concerns += v->concerns;
    r->assurance += type == assurance;
    /* Two in three visits that have started have something recorded. */
    if (start <= today && v->status != DD_VISIT_CANCELLED && rng_percent(67))
      record_events(r, i, type, cals[div], end, today);
  }
  r->first[n] = r->nevents;
  for (int i = 0; i < 3; i++)
    free(starts[i].d);
  return err;
}

static void free_register(reg *r) {
  free(r->visits);
  free(r->texts);
  free(r->first);
  free(r->events);
}

/* ---- CSV for dueday visit import ---------------------------------------- */

static int emit_visits(const reg *r, const char *path) {
  FILE *f = fopen(path, "w");
  if (f == NULL)
    return -1;
  fputs("id,type,name,urn,setting,local_authority,region,division,"
        "inspector,rim,start,days,concerns,status\n",
        f);
  char d[DD_DATE_BUFSIZE];
  for (size_t i = 0; i < r->n; i++) {
    const dd_visit *v = &r->visits[i];
    fprintf(f, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%d,%s,%s\n", v->id, v->type,
            v->name, v->urn, v->setting, v->local_authority, v->region,
            v->division, v->inspector, v->rim, dd_date_format(v->start, d),
            v->days_on_site, v->concerns ? "yes" : "no",
            dd_visit_status_name(v->status));
  }
  return fclose(f) == 0 ? 0 : -1;
}

static int emit_events(const reg *r, const char *path) {
  FILE *f = fopen(path, "w");
  if (f == NULL)
    return -1;
  fputs("visit,what,on,by,note\n", f);
  char d[DD_DATE_BUFSIZE];
  for (size_t i = 0; i < r->n; i++) {
    for (size_t k = r->first[i]; k < r->first[i + 1]; k++) {
      const dd_recorded *ev = &r->events[k];
      fprintf(f, "%s,%s,%s", r->visits[i].id, ev->what,
              dd_date_format(ev->date, d));
      if (ev->time >= 0)
        fprintf(f, "T%02d:%02d", ev->time / 60, ev->time % 60);
      /* The note has a comma: quoted, as a spreadsheet writes it. */
      fprintf(f, ",%s,%s%s%s\n", ev->by, ev->note[0] ? "\"" : "", ev->note,
              ev->note[0] ? "\"" : "");
    }
  }
  return fclose(f) == 0 ? 0 : -1;
}

/* ---- the reference: one day at a time ---------------------------------- */

/* dd_calendar_add's contract stepped out literally over is_working. */
static dd_date ref_add(const dd_calendar *cal, dd_date d, int n) {
  int step = n < 0 ? -1 : 1, left = n < 0 ? -n : n;
  if (n == 0)
    while (!dd_calendar_is_working(cal, d, NULL))
      d++;
  while (left > 0) {
    d += step;
    left -= dd_calendar_is_working(cal, d, NULL);
  }
  return d;
}

static dd_date ref_move(const dd_calendar *cal, dd_date anchor, dd_offset o) {
  return o.unit == DD_UNIT_WORKING_DAYS    ? ref_add(cal, anchor, o.n)
         : o.unit == DD_UNIT_CALENDAR_DAYS ? anchor + o.n
                                           : anchor + 7 * o.n;
}

typedef struct ref {
  bool known, applies, recorded;
  dd_date earliest, due, done;
} ref;

/* Milestone i of set as schedule.h describes it: counted from the visit,
 * or from its anchor's recorded completion, else its anchor's due day. */
static const ref *ref_milestone(const dd_rule_set *set, size_t i, ref *out,
                                const dd_calendar *cal, const dd_visit *v,
                                dd_date end, const dd_recorded *ev,
                                size_t nev) {
  ref *m = &out[i];
  if (m->known)
    return m;
  const dd_milestone_rule *rule = &set->milestones[i];
  dd_date anchor = rule->anchor == DD_ANCHOR_VISIT_START ? v->start : end;
  m->applies = rule->condition == DD_WHEN_ALWAYS || v->concerns;
  if (rule->anchor >= 0) {
    const ref *a =
        ref_milestone(set, (size_t)rule->anchor, out, cal, v, end, ev, nev);
    anchor = a->recorded ? a->done : a->due;
    m->applies = m->applies && a->applies;
  }
  m->earliest = ref_move(cal, anchor, rule->offset);
  m->due = ref_move(cal, anchor, rule->latest);
  for (size_t k = 0; k < nev; k++) {
    if (strcmp(ev[k].what, rule->id) == 0) {
      m->recorded = true;
      m->done = ev[k].date;
    }
  }
  m->known = true;
  return m;
}

/* Compares one schedule with the reference; returns the milestones that
 * differ (and describes the first few). */
static size_t check_schedule(dd_planner *p, const dd_visit *v,
                             const dd_recorded *ev, size_t nev,
                             const dd_schedule *s, bool explained,
                             size_t *reported) {
  const dd_calendar *cal;
  dd_planner_calendar(p, v->division, &cal, NULL);
  dd_date end = ref_add(cal, v->start, s->days_on_site - 1);
  ref refs[64];
  size_t bad = 0;
  if (s->n > sizeof refs / sizeof refs[0] || s->end != end)
    bad++;
  memset(refs, 0, sizeof refs);
  for (size_t i = 0; bad == 0 && i < s->n; i++) {
    const dd_milestone *m = &s->items[i];
    const ref *want = ref_milestone(s->rules, i, refs, cal, v, end, ev, nev);
    bool ok = m->due == want->due && m->earliest == want->earliest &&
              m->applies == want->applies;
    if (v->status != DD_VISIT_CANCELLED && want->recorded && want->applies)
      ok = ok && m->status == DD_STATUS_DONE && m->done == want->done;
    else if (v->status != DD_VISIT_CANCELLED && !want->applies)
      ok = ok && m->status == DD_STATUS_NOT_APPLICABLE;
    /* The explanation counts to the due day; the brief one is empty. */
    if (m->rule->latest.unit == DD_UNIT_WORKING_DAYS)
      ok = ok && (explained ? m->explanation.result == m->due &&
                                  m->explanation.n == m->rule->latest.n
                            : m->explanation.nskipped == 0 &&
                                  m->explanation.skipped == NULL);
    if (!ok) {
      bad++;
      if ((*reported)++ < 10) {
        char a[DD_DATE_BUFSIZE], b[DD_DATE_BUFSIZE];
        fprintf(stderr, "MISMATCH %s %s: dueday due %s, reference %s\n", v->id,
                m->rule->id, dd_date_format(m->due, a),
                dd_date_format(want->due, b));
      }
    }
  }
  return bad;
}

/* ---- timed runs ---------------------------------------------------------- */

typedef struct run {
  double ns;
  uint64_t sum;
  size_t milestones, failures;
} run;

/* Plans every visit and frees each schedule, folding every due date and
 * status into a checksum so that nothing can be optimised away. */
static run time_all(dd_planner *p, const reg *r, dd_date today, bool explain) {
  run out = {0, UINT64_C(1469598103934665603), 0, 0};
  dd_diag diag;
  double t0 = now_ns();
  for (size_t i = 0; i < r->n; i++) {
    dd_schedule s;
    const dd_recorded *ev = &r->events[r->first[i]];
    size_t nev = r->first[i + 1] - r->first[i];
    int err = explain ? dd_planner_schedule(p, &r->visits[i], ev, nev, today,
                                            &s, &diag)
                      : dd_planner_schedule_brief(p, &r->visits[i], ev, nev,
                                                  today, &s, &diag);
    if (err != DD_OK) {
      if (out.failures++ == 0)
        fprintf(stderr, "bench_schedule: %s: %s\n", r->visits[i].id,
                diag.message);
      continue;
    }
    for (size_t k = 0; k < s.n; k++)
      out.sum = (out.sum ^ ((uint64_t)(uint32_t)s.items[k].due << 3 |
                            (uint64_t)s.items[k].status)) *
                UINT64_C(1099511628211);
    out.milestones += s.n;
    dd_schedule_clear(&s);
  }
  out.ns = now_ns() - t0;
  return out;
}

static run best_of(dd_planner *p, const reg *r, dd_date today, bool explain) {
  run best = {0, 0, 0, 0};
  for (int k = 0; k < RUNS; k++) {
    run x = time_all(p, r, today, explain);
    if (k == 0 || x.ns < best.ns)
      best = x;
  }
  return best;
}

/* ---- driver -------------------------------------------------------------- */

static void usage(FILE *f) {
  fprintf(f,
          "usage: bench_schedule [--seed S] [--visits N] [--today YYYY-MM-DD]\n"
          "                      [--region NAME:COUNT]\n"
          "                      [--emit-visits FILE [--emit-events FILE]]\n"
          "  --region NAME:COUNT exactly COUNT visits in region NAME (one of "
          "the\n"
          "                      generator's), the rest in the others\n"
          "  --emit-visits FILE  write the visits as CSV for dueday visit "
          "import\n"
          "  --emit-events FILE  write their recorded milestones as the "
          "--events CSV\n");
}

int main(int argc, char **argv) {
  uint64_t seed = DEFAULT_SEED;
  size_t n = DEFAULT_VISITS;
  const char *today_arg = DEFAULT_TODAY, *visits_csv = NULL, *events_csv = NULL;
  region_mix mix = {NULL, 0};
  char region_name[64];
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
      seed = strtoull(argv[++i], NULL, 0);
    else if (strcmp(argv[i], "--visits") == 0 && i + 1 < argc)
      n = (size_t)strtoull(argv[++i], NULL, 0);
    else if (strcmp(argv[i], "--today") == 0 && i + 1 < argc)
      today_arg = argv[++i];
    else if (strcmp(argv[i], "--emit-visits") == 0 && i + 1 < argc)
      visits_csv = argv[++i];
    else if (strcmp(argv[i], "--emit-events") == 0 && i + 1 < argc)
      events_csv = argv[++i];
    else if (strcmp(argv[i], "--region") == 0 && i + 1 < argc) {
      const char *arg = argv[++i], *colon = strrchr(arg, ':');
      if (colon == NULL || (size_t)(colon - arg) >= sizeof region_name) {
        usage(stderr);
        return 2;
      }
      snprintf(region_name, sizeof region_name, "%.*s", (int)(colon - arg),
               arg);
      mix.name = region_name;
      mix.count = (size_t)strtoull(colon + 1, NULL, 0);
    } else {
      usage(stderr);
      return 2;
    }
  }
  dd_date today;
  if (n == 0 || n > 1000000 || (events_csv != NULL && visits_csv == NULL) ||
      (mix.name != NULL && (!region_known(mix.name) || mix.count > n)) ||
      dd_date_parse(today_arg, &today, NULL) != DD_OK) {
    usage(stderr);
    return 2;
  }

  dd_diag diag;
  dd_config *cfg;
  dd_planner *p;
  double t0 = now_ns();
  if (dd_config_load_default(&cfg, &diag) != DD_OK) {
    fprintf(stderr, "bench_schedule: %s\n", diag.message);
    return EXIT_FAILURE;
  }
  double t_config = now_ns() - t0;
  if (dd_planner_new(cfg, NULL, &p, &diag) != DD_OK) {
    fprintf(stderr, "bench_schedule: %s\n", diag.message);
    dd_config_free(cfg);
    return EXIT_FAILURE;
  }
  reg r;
  t0 = now_ns();
  int err = make_register(&r, n, seed, p, today, &mix, &diag);
  double t_make = now_ns() - t0;
  if (err != DD_OK) {
    fprintf(stderr, "bench_schedule: %s\n", diag.message);
    free_register(&r);
    dd_planner_free(p);
    dd_config_free(cfg);
    return EXIT_FAILURE;
  }

  int rc = EXIT_SUCCESS;
  if (visits_csv != NULL) {
    if (emit_visits(&r, visits_csv) != 0 ||
        (events_csv != NULL && emit_events(&r, events_csv) != 0)) {
      fprintf(stderr, "bench_schedule: cannot write the CSV files\n");
      rc = EXIT_FAILURE;
    }
    free_register(&r);
    dd_planner_free(p);
    dd_config_free(cfg);
    return rc;
  }

  printf("seed 0x%" PRIx64 ", %zu visits (assurance %zu, focused %zu), "
         "starts on working days 2020-09-01..2021-03-31, today %s\n",
         seed, n, r.assurance, n - r.assurance, today_arg);
  printf("divisions: england-and-wales %zu, scotland %zu, northern-ireland "
         "%zu; concerns %zu; %zu recorded milestones on %zu visits\n",
         r.per_division[0], r.per_division[1], r.per_division[2], r.concerns,
         r.nevents, r.with_events);
  printf("built-in configuration load: %.3f ms; register generation (with "
         "the three calendars): %.1f ms\n\n",
         t_config / 1e6, t_make / 1e6);

  run full = best_of(p, &r, today, true);
  run brief = best_of(p, &r, today, false);
  printf("%-27s %9s %12s %14s\n", "call", "total ms", "visits/s",
         "ns/milestone");
  const run *runs[] = {&full, &brief};
  const char *names[] = {"dd_planner_schedule", "dd_planner_schedule_brief"};
  for (int k = 0; k < 2; k++)
    printf("%-27s %9.1f %12.0f %14.1f\n", names[k], runs[k]->ns / 1e6,
           (double)n * 1e9 / runs[k]->ns,
           runs[k]->ns / (double)runs[k]->milestones);
  printf("(best of %d runs each; %zu milestones per run, every schedule "
         "freed)\n",
         RUNS, full.milestones);
  printf("checksums: schedule %016" PRIx64 ", brief %016" PRIx64 "\n", full.sum,
         brief.sum);

  /* The figure is for 100,000 visits; scale for other sizes. */
  double scale = (double)TARGET_VISITS / (double)n;
  printf("target (all milestones of 100,000 visits in < %.1f s): "
         "schedule %s, brief %s\n",
         TARGET_S, full.ns * scale < TARGET_S * 1e9 ? "met" : "NOT met",
         brief.ns * scale < TARGET_S * 1e9 ? "met" : "NOT met");

  /* Untimed: every milestone of both kinds against the reference. */
  size_t bad = full.failures + brief.failures, reported = 0;
  if (full.sum != brief.sum || full.milestones != brief.milestones)
    bad++; /* explanations must not change a date or a status */
  for (size_t i = 0; i < n; i++) {
    const dd_recorded *ev = &r.events[r.first[i]];
    size_t nev = r.first[i + 1] - r.first[i];
    for (int explain = 0; explain < 2; explain++) {
      dd_schedule s;
      err = explain ? dd_planner_schedule(p, &r.visits[i], ev, nev, today, &s,
                                          &diag)
                    : dd_planner_schedule_brief(p, &r.visits[i], ev, nev, today,
                                                &s, &diag);
      if (err != DD_OK) {
        bad++;
        continue;
      }
      bad += check_schedule(p, &r.visits[i], ev, nev, &s, explain, &reported);
      dd_schedule_clear(&s);
    }
  }
  if (bad > 0) {
    fprintf(stderr,
            "bench_schedule: %zu schedules or milestones differ from "
            "the reference\n",
            bad);
    rc = EXIT_FAILURE;
  } else {
    printf("all %zu milestones of both calls equal the day-by-day "
           "reference\n",
           full.milestones);
  }
  free_register(&r);
  dd_planner_free(p);
  dd_config_free(cfg);
  return rc;
}
