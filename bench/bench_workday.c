/* Benchmark of dd_calendar_add and dd_calendar_count against a plain
 * day-by-day loop over the same holiday table, on the same seeded random
 * queries; every answer is checked against the loop's, so a run is also a
 * million-query correctness test. With --emit it writes the same queries as
 * batch input for `dueday add|count --batch` (bench/run.sh times those). */
#define _POSIX_C_SOURCE 200809L

#include "dueday/dueday.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_SEED UINT64_C(0x5eedda7e)
#define DEFAULT_QUERIES 1000000
/* The O(1) calls finish in milliseconds, so their best of several runs is
 * taken to keep scheduler noise out; the loop takes seconds and runs once. */
#define LIBRARY_RUNS 7
#define MAX_N 60           /* add: n uniform in -MAX_N..MAX_N */
#define MAX_COUNT_SPAN 120 /* count: b - a uniform in -SPAN..SPAN days */

/* splitmix64 (Steele, Lea and Flood 2014): tiny, seedable, and the same
 * stream on every platform, so a seed names one query set for good. */
static uint64_t rng_state;

static uint64_t rng_next(void) {
  uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));
  z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
}

/* Uniform in lo..hi inclusive. The modulo bias is below 2^-40 for these
 * small ranges, far too small to matter to a benchmark. */
static int32_t rng_range(int32_t lo, int32_t hi) {
  return lo + (int32_t)(rng_next() % (uint64_t)(hi - lo + 1));
}

typedef struct queries {
  size_t n;
  dd_date *add_from;
  int *add_n;
  dd_date *count_a, *count_b;
} queries;

/* Add starts uniform in 2005-01-01..2035-12-31, n uniform in -60..60; count
 * a uniform in the same years and b = a + a span uniform in -120..120 days,
 * so about half the count queries run backwards. */
static void make_queries(queries *q, uint64_t seed) {
  dd_date lo, hi;
  dd_date_from_ymd(2005, 1, 1, &lo);
  dd_date_from_ymd(2035, 12, 31, &hi);
  rng_state = seed;
  for (size_t i = 0; i < q->n; i++) {
    q->add_from[i] = rng_range(lo, hi);
    q->add_n[i] = rng_range(-MAX_N, MAX_N);
  }
  for (size_t i = 0; i < q->n; i++) {
    q->count_a[i] = rng_range(lo, hi);
    q->count_b[i] = q->count_a[i] + rng_range(-MAX_COUNT_SPAN, MAX_COUNT_SPAN);
  }
}

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* ---- the baseline: one day at a time ---------------------------------- */

/* Working means Monday to Friday and not in the holiday table: the same
 * definition dd_calendar_new gives a Mon-Fri calendar with no closures. */
static int loop_is_working(const dd_holidays *h, dd_date d) {
  return dd_date_weekday(d) <= DD_FRIDAY && dd_holidays_find(h, d) == NULL;
}

/* dd_calendar_add's contract from workday.h, stepped out literally: "for
 * n > 0 the nth working day strictly after d; for n < 0 the |n|th working
 * day strictly before d; for n = 0, d if it is a working day, else the next
 * one". */
static int loop_add(const dd_holidays *h, dd_date d, int n, dd_date *out) {
  if (!dd_date_in_range(d))
    return DD_ERANGE;
  int step = n < 0 ? -1 : 1;
  int left = n < 0 ? -n : n;
  dd_date x = d;
  if (n == 0) {
    while (dd_date_in_range(x) && !loop_is_working(h, x))
      x++;
  } else {
    while (left > 0) {
      x += step;
      if (!dd_date_in_range(x))
        break;
      left -= loop_is_working(h, x);
    }
  }
  if (!dd_date_in_range(x))
    return DD_ERANGE;
  *out = x;
  return DD_OK;
}

/* "The working days in [a, b); minus count(b, a) when b < a." */
static int loop_count(const dd_holidays *h, dd_date a, dd_date b, int *out) {
  if (a < DD_DATE_MIN || a > DD_DATE_MAX + 1 || b < DD_DATE_MIN ||
      b > DD_DATE_MAX + 1)
    return DD_ERANGE;
  dd_date lo = a < b ? a : b, hi = a < b ? b : a;
  int k = 0;
  for (dd_date x = lo; x < hi; x++)
    k += loop_is_working(h, x);
  *out = b < a ? -k : k;
  return DD_OK;
}

/* ---- timed batches ---------------------------------------------------- */

/* Each batch stores every answer (which is also what the check compares)
 * and folds the error codes into a checksum the caller prints, so the
 * compiler can drop none of the calls. */

static double time_lib_add(const dd_calendar *cal, const queries *q,
                           dd_date *out, uint64_t *sum) {
  double t0 = now_ns();
  uint64_t s = 0;
  for (size_t i = 0; i < q->n; i++)
    s += (uint64_t)dd_calendar_add(cal, q->add_from[i], q->add_n[i], &out[i]);
  double t = now_ns() - t0;
  for (size_t i = 0; i < q->n; i++)
    s += (uint64_t)out[i];
  *sum = s;
  return t;
}

static double time_loop_add(const dd_holidays *h, const queries *q,
                            dd_date *out, uint64_t *sum) {
  double t0 = now_ns();
  uint64_t s = 0;
  for (size_t i = 0; i < q->n; i++)
    s += (uint64_t)loop_add(h, q->add_from[i], q->add_n[i], &out[i]);
  double t = now_ns() - t0;
  for (size_t i = 0; i < q->n; i++)
    s += (uint64_t)out[i];
  *sum = s;
  return t;
}

static double time_lib_count(const dd_calendar *cal, const queries *q, int *out,
                             uint64_t *sum) {
  double t0 = now_ns();
  uint64_t s = 0;
  for (size_t i = 0; i < q->n; i++)
    s +=
        (uint64_t)dd_calendar_count(cal, q->count_a[i], q->count_b[i], &out[i]);
  double t = now_ns() - t0;
  for (size_t i = 0; i < q->n; i++)
    s += (uint64_t)(int64_t)out[i];
  *sum = s;
  return t;
}

static double time_loop_count(const dd_holidays *h, const queries *q, int *out,
                              uint64_t *sum) {
  double t0 = now_ns();
  uint64_t s = 0;
  for (size_t i = 0; i < q->n; i++)
    s += (uint64_t)loop_count(h, q->count_a[i], q->count_b[i], &out[i]);
  double t = now_ns() - t0;
  for (size_t i = 0; i < q->n; i++)
    s += (uint64_t)(int64_t)out[i];
  *sum = s;
  return t;
}

/* ---- driver ----------------------------------------------------------- */

static void usage(FILE *f) {
  fprintf(f, "usage: bench_workday [--seed S] [--queries N] "
             "[--emit add|count]\n"
             "  --emit add    write the add queries as \"YYYY-MM-DD N\" lines\n"
             "  --emit count  write the count queries as \"FROM TO\" lines\n");
}

static int emit(const queries *q, const char *what) {
  static char buf[1 << 16];
  setvbuf(stdout, buf, _IOFBF, sizeof buf);
  char a[DD_DATE_BUFSIZE], b[DD_DATE_BUFSIZE];
  for (size_t i = 0; i < q->n; i++) {
    if (strcmp(what, "add") == 0)
      printf("%s %d\n", dd_date_format(q->add_from[i], a), q->add_n[i]);
    else
      printf("%s %s\n", dd_date_format(q->count_a[i], a),
             dd_date_format(q->count_b[i], b));
  }
  return fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

int main(int argc, char **argv) {
  uint64_t seed = DEFAULT_SEED;
  size_t nq = DEFAULT_QUERIES;
  const char *emit_what = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
      seed = strtoull(argv[++i], NULL, 0);
    } else if (strcmp(argv[i], "--queries") == 0 && i + 1 < argc) {
      nq = (size_t)strtoull(argv[++i], NULL, 0);
    } else if (strcmp(argv[i], "--emit") == 0 && i + 1 < argc &&
               (strcmp(argv[i + 1], "add") == 0 ||
                strcmp(argv[i + 1], "count") == 0)) {
      emit_what = argv[++i];
    } else {
      usage(stderr);
      return 2;
    }
  }
  if (nq == 0) {
    usage(stderr);
    return 2;
  }

  queries q = {.n = nq};
  q.add_from = malloc(nq * sizeof *q.add_from);
  q.add_n = malloc(nq * sizeof *q.add_n);
  q.count_a = malloc(nq * sizeof *q.count_a);
  q.count_b = malloc(nq * sizeof *q.count_b);
  dd_date *lib_dates = malloc(nq * sizeof *lib_dates);
  dd_date *loop_dates = malloc(nq * sizeof *loop_dates);
  int *lib_counts = malloc(nq * sizeof *lib_counts);
  int *loop_counts = malloc(nq * sizeof *loop_counts);
  if (!q.add_from || !q.add_n || !q.count_a || !q.count_b || !lib_dates ||
      !loop_dates || !lib_counts || !loop_counts) {
    fprintf(stderr, "bench_workday: out of memory\n");
    return EXIT_FAILURE;
  }
  /* An answer the library or the loop failed to give stays -1 and shows up
   * in the comparison rather than reading uninitialised memory. */
  memset(lib_dates, 0xff, nq * sizeof *lib_dates);
  memset(loop_dates, 0xff, nq * sizeof *loop_dates);
  memset(lib_counts, 0xff, nq * sizeof *lib_counts);
  memset(loop_counts, 0xff, nq * sizeof *loop_counts);
  make_queries(&q, seed);
  if (emit_what != NULL)
    return emit(&q, emit_what);

  dd_diag diag;
  dd_holidays *h;
  double t0 = now_ns();
  if (dd_holidays_load(NULL, "england-and-wales", &h, &diag) != DD_OK) {
    fprintf(stderr, "bench_workday: %s\n", diag.message);
    return EXIT_FAILURE;
  }
  double t_load = now_ns() - t0;
  const dd_holidays *sets[] = {h};
  dd_calendar_spec spec = {.name = "england-and-wales",
                           .holidays = sets,
                           .nholidays = 1,
                           .week_mask = DD_WEEK_MON_FRI};
  dd_calendar *cal;
  t0 = now_ns();
  if (dd_calendar_new(&spec, &cal, &diag) != DD_OK) {
    fprintf(stderr, "bench_workday: %s\n", diag.message);
    return EXIT_FAILURE;
  }
  double t_build = now_ns() - t0;

  printf("seed 0x%" PRIx64 ", %zu add and %zu count queries, "
         "england-and-wales (built-in data), Mon-Fri\n",
         seed, nq, nq);
  printf("add:   start uniform in 2005-01-01..2035-12-31, n uniform in "
         "-%d..%d\n",
         MAX_N, MAX_N);
  printf("count: a uniform in 2005-01-01..2035-12-31, b = a + uniform "
         "-%d..%d days\n",
         MAX_COUNT_SPAN, MAX_COUNT_SPAN);
  printf("holiday load (dd_holidays_load): %.3f ms\n", t_load / 1e6);
  printf("calendar build (dd_calendar_new, 1971-2199): %.3f ms\n\n",
         t_build / 1e6);

  uint64_t sum_lib_add = 0, sum_lib_count = 0, sum_loop_add, sum_loop_count;
  double best_add = 0, best_count = 0;
  for (int r = 0; r < LIBRARY_RUNS; r++) {
    uint64_t s;
    double t = time_lib_add(cal, &q, lib_dates, &s);
    if (r == 0 || t < best_add)
      best_add = t;
    sum_lib_add = s;
    t = time_lib_count(cal, &q, lib_counts, &s);
    if (r == 0 || t < best_count)
      best_count = t;
    sum_lib_count = s;
  }
  double loop_add_t = time_loop_add(h, &q, loop_dates, &sum_loop_add);
  double loop_count_t = time_loop_count(h, &q, loop_counts, &sum_loop_count);

  /* The loop is the specification; any difference is a library bug. */
  size_t bad = 0;
  for (size_t i = 0; i < nq; i++) {
    if (lib_dates[i] != loop_dates[i] && bad++ < 10) {
      char a[DD_DATE_BUFSIZE], b[DD_DATE_BUFSIZE], c[DD_DATE_BUFSIZE];
      fprintf(stderr, "MISMATCH add %s %d: dueday %s, loop %s\n",
              dd_date_format(q.add_from[i], a), q.add_n[i],
              dd_date_format(lib_dates[i], b),
              dd_date_format(loop_dates[i], c));
    }
    if (lib_counts[i] != loop_counts[i] && bad++ < 10) {
      char a[DD_DATE_BUFSIZE], b[DD_DATE_BUFSIZE];
      fprintf(stderr, "MISMATCH count %s %s: dueday %d, loop %d\n",
              dd_date_format(q.count_a[i], a), dd_date_format(q.count_b[i], b),
              lib_counts[i], loop_counts[i]);
    }
  }
  if (sum_lib_add != sum_loop_add || sum_lib_count != sum_loop_count)
    bad++; /* an error code differed even where the answers agreed */

  double n = (double)nq;
  double add_ns = best_add / n, count_ns = best_count / n;
  double ladd_ns = loop_add_t / n, lcount_ns = loop_count_t / n;
  printf("%-9s %18s %22s %10s\n", "operation", "dueday ns/query",
         "day-by-day ns/query", "speed-up");
  printf("%-9s %18.2f %22.1f %9.0fx\n", "add", add_ns, ladd_ns,
         ladd_ns / add_ns);
  printf("%-9s %18.2f %22.1f %9.0fx\n", "count", count_ns, lcount_ns,
         lcount_ns / count_ns);
  printf("(dueday: best of %d runs; loop: one run)\n", LIBRARY_RUNS);
  printf("checksums: add %016" PRIx64 ", count %016" PRIx64 "\n", sum_lib_add,
         sum_lib_count);

  int met = add_ns <= 10 && count_ns <= 10 && ladd_ns / add_ns >= 30 &&
            lcount_ns / count_ns >= 30;
  printf("target (<= 10 ns/query and >= 30x the loop, add and count): %s\n",
         met ? "met" : "NOT met");

  if (bad > 0)
    fprintf(stderr, "bench_workday: %zu answers differ from the loop\n", bad);
  else
    printf("all %zu add and %zu count answers equal the loop's\n", nq, nq);

  dd_calendar_free(cal);
  dd_holidays_free(h);
  free(q.add_from);
  free(q.add_n);
  free(q.count_a);
  free(q.count_b);
  free(lib_dates);
  free(loop_dates);
  free(lib_counts);
  free(loop_counts);
  return bad > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
