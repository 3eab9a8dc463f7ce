/* Benchmark of the dashboard in process: dd__web_handle answering GET
 * /deadlines for a RIM of one region of an existing register (bench/run.sh
 * makes one with a 10,000-visit London), N times on one thread, with the
 * page's size. The first answer reads and plans the region; the others
 * find it in the pages' cache (the register unchanged), as a RIM's
 * colleagues and reloads do, and once more with the cache forgotten
 * every time (a register that changes between every two requests). The
 * figures leave out the HTTP adapter: bench/web.sh's over wrk less these
 * are what the adapter and its queue cost. */
#define _POSIX_C_SOURCE 200809L

#include "web/app.h"

#include "dueday/dueday.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  const char *db = NULL, *region = "London", *today = "2020-12-14",
             *path = "/deadlines";
  int runs = 200;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (strcmp(argv[i], "--db") == 0)
      db = argv[i + 1];
    else if (strcmp(argv[i], "--region") == 0)
      region = argv[i + 1];
    else if (strcmp(argv[i], "--today") == 0)
      today = argv[i + 1];
    else if (strcmp(argv[i], "--runs") == 0)
      runs = atoi(argv[i + 1]);
    else if (strcmp(argv[i], "--path") == 0)
      path = argv[i + 1];
  }
  if (db == NULL || runs < 1) {
    fprintf(stderr, "usage: bench_pages --db FILE [--region R] [--today D] "
                    "[--runs N] [--path /deadlines]\n");
    return 2;
  }
  dd_diag diag;
  dd_store *st;
  dd_config *cfg;
  dd_planner *planner;
  dd_date t;
  if (dd_store_open(db, DD_STORE_READ, &st, &diag) != DD_OK ||
      dd_config_load_default(&cfg, &diag) != DD_OK ||
      dd_planner_new(cfg, NULL, &planner, &diag) != DD_OK ||
      dd_date_parse(today, &t, NULL) != DD_OK) {
    fprintf(stderr, "bench_pages: %s\n", diag.message);
    return 1;
  }
  dd_user rim = {.email = "rim@bench.example",
                 .name = "",
                 .role = DD_ROLE_RIM,
                 .regions = (char *)region};
  dd__web_context cx = {.st = st, .planner = planner};
  dd__web_request rq = {.method = "GET",
                        .path = path,
                        .user = &rim,
                        .csrf = "x",
                        .flash = "",
                        .today = t,
                        .base_url = "https://dueday.example",
                        .can_sign_out = true};
  double *ms = malloc((size_t)runs * sizeof *ms);
  size_t size = 0;
  unsigned status = 0;
  for (int forget = 0; forget < 2; forget++) {
    double first = 0;
    for (int k = 0; k <= runs; k++) {
      dd__web_response out;
      if (forget)
        dd__web_forget();
      double t0 = now_ms();
      if (dd__web_handle(&cx, &rq, &out) != DD_OK) {
        fprintf(stderr, "bench_pages: out of memory\n");
        return 1;
      }
      double took = now_ms() - t0;
      if (k == 0)
        first = took;
      else
        ms[k - 1] = took;
      size = out.len, status = out.status;
      dd__web_response_clear(&out);
    }
    qsort(ms, (size_t)runs, sizeof *ms, by_value);
    size_t p99 = (size_t)runs * 99 / 100;
    if (p99 >= (size_t)runs)
      p99 = (size_t)runs - 1;
    printf("GET %s as the RIM of %s, %s, %d runs: status %u, %zu bytes; "
           "first %.2f ms, then p50 %.2f ms, p99 %.2f ms\n",
           path, region, forget ? "cache forgotten each time" : "cached", runs,
           status, size, first, ms[runs / 2], ms[p99]);
  }
  free(ms);
  dd_planner_free(planner);
  dd_config_free(cfg);
  dd_store_close(st);
  return 0;
}
