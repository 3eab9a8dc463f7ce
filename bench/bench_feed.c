/* Benchmark of a region's calendar feed in process: dd_feed_build on one
 * region of an existing register (bench/run.sh makes one with a
 * 10,000-visit region), best of N, so that the figure leaves out process
 * start, configuration load and the register's opening. To show where the
 * time goes it also times the same walk doing less: reading the region's
 * visits only (dd_store_visits_each), and reading and planning them
 * (dd_planner_schedule). The first build publishes every event (it writes
 * the register's feed state); it is reported apart from the others, which
 * find nothing changed, as a calendar's refresh does. */
#define _POSIX_C_SOURCE 200809L

#include "dueday/dueday.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_RUNS 5
#define DEFAULT_TODAY "2020-12-14"
#define TARGET_MS 100.0 /* the issue: a 10,000-visit region's feed */

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

struct walk {
  dd_planner *planner;
  dd_date today;
  bool plan;
  size_t visits, milestones;
};

static int visit(const dd_visit *v, const dd_recorded *events, size_t n,
                 void *arg) {
  struct walk *w = arg;
  w->visits++;
  if (!w->plan)
    return 0;
  dd_schedule s;
  if (dd_planner_schedule(w->planner, v, events, n, w->today, &s, NULL) ==
      DD_OK) {
    w->milestones += s.n;
    dd_schedule_clear(&s);
  }
  return 0;
}

/* Best of runs of the walk; -1 on failure. */
static double best_walk(dd_store *st, const char *region, struct walk *w,
                        int runs, dd_diag *diag) {
  double best = -1;
  for (int k = 0; k < runs; k++) {
    w->visits = w->milestones = 0;
    double t0 = now_ms();
    if (dd_store_visits_each(st, region, visit, w, diag) != DD_OK)
      return -1;
    double t = now_ms() - t0;
    if (best < 0 || t < best)
      best = t;
  }
  return best;
}

static void usage(FILE *f) {
  fprintf(f, "usage: bench_feed --db FILE --region NAME [--today YYYY-MM-DD]\n"
             "                  [--runs N] [-o FILE]\n"
             "  -o FILE  write the last feed built to FILE\n");
}

int main(int argc, char **argv) {
  const char *db = NULL, *region = NULL, *today_arg = DEFAULT_TODAY;
  const char *output = NULL;
  int runs = DEFAULT_RUNS;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
      db = argv[++i];
    else if (strcmp(argv[i], "--region") == 0 && i + 1 < argc)
      region = argv[++i];
    else if (strcmp(argv[i], "--today") == 0 && i + 1 < argc)
      today_arg = argv[++i];
    else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
      runs = atoi(argv[++i]);
    else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
      output = argv[++i];
    else {
      usage(stderr);
      return 2;
    }
  }
  dd_date today;
  if (db == NULL || region == NULL || runs < 1 ||
      dd_date_parse(today_arg, &today, NULL) != DD_OK) {
    usage(stderr);
    return 2;
  }

  dd_diag diag;
  dd_config *cfg = NULL;
  dd_planner *p = NULL;
  dd_store *st = NULL;
  char *text = NULL;
  int rc = EXIT_FAILURE;
  if (dd_config_load_default(&cfg, &diag) != DD_OK ||
      dd_planner_new(cfg, NULL, &p, &diag) != DD_OK ||
      dd_store_open(db, DD_STORE_WRITE, &st, &diag) != DD_OK) {
    fprintf(stderr, "bench_feed: %s\n", diag.message);
    goto done;
  }

  char name[256];
  snprintf(name, sizeof name, "dueday: %s", region);
  /* DTSTAMP pinned to today, as with DUEDAY_TODAY: the same bytes each run. */
  time_t stamp = (time_t)today * 86400;
  double first = 0, best = -1;
  size_t len = 0, events = 0;
  for (int k = 0; k <= runs; k++) {
    free(text);
    text = NULL;
    double t0 = now_ms();
    if (dd_feed_build(st, p, DD_SCOPE_REGION, region, name, today, stamp, &text,
                      &len, &events, &diag) != DD_OK) {
      fprintf(stderr, "bench_feed: %s\n", diag.message);
      goto done;
    }
    double t = now_ms() - t0;
    if (k == 0)
      first = t;
    else if (best < 0 || t < best)
      best = t;
  }

  struct walk w = {.planner = p, .today = today};
  double t_read = best_walk(st, region, &w, runs, &diag);
  w.plan = true;
  double t_plan = best_walk(st, region, &w, runs, &diag);
  if (t_read < 0 || t_plan < 0) {
    fprintf(stderr, "bench_feed: %s\n", diag.message);
    goto done;
  }

  printf("region \"%s\": %zu visits, %zu milestones planned, %zu events, "
         "%zu bytes (%.1f MB)\n",
         region, w.visits, w.milestones, events, len, (double)len / 1e6);
  printf("%-44s %9s\n", "in process, today pinned", "ms");
  printf("%-44s %9.1f\n", "dd_feed_build, first (publishes the events)", first);
  printf("%-44s %9.1f\n", "dd_feed_build, unchanged register", best);
  /* The build reads on one thread while another plans and writes, so
   * these are the costs of the parts alone, one thread, not a breakdown. */
  printf("%-44s %9.1f\n", "alone: read the visits", t_read);
  printf("%-44s %9.1f\n", "alone: read and plan them", t_plan);
  printf("(best of %d runs each; %.2f us per event)\n", runs,
         best * 1e3 / (double)(events ? events : 1));
  printf("target (a 10,000-visit region's feed in < %.0f ms): %s\n", TARGET_MS,
         best < TARGET_MS ? "met" : "NOT met");
  if (output != NULL) {
    FILE *f = fopen(output, "wb");
    if (f == NULL || fwrite(text, 1, len, f) != len || fclose(f) != 0) {
      fprintf(stderr, "bench_feed: cannot write %s\n", output);
      goto done;
    }
  }
  rc = EXIT_SUCCESS;
done:
  free(text);
  dd_store_close(st);
  dd_planner_free(p);
  dd_config_free(cfg);
  return rc;
}
