/* Failing allocations: each entry point of the core, the feed writer and
 * the changes to a visit is called with its first allocation failing, then
 * its second, and so on until a call makes fewer allocations than the one
 * set to fail. Every failure must come back as DD_ENOMEM with the
 * out-parameter NULL (or empty), and every block the call allocated must
 * be freed by the time the caller has freed what it owns.
 *
 * How: the test is linked with -Wl,--wrap for malloc, calloc, realloc,
 * strdup, strndup, free and open_memstream (and pthread_create, to walk the
 * feed's path without a second thread too; tests/CMakeLists.txt), which
 * redirects those calls in this file and in the static archives it links
 * (libdueday-core.a, libdueday.a): that is, dueday's own calls. The
 * libraries dueday uses are shared objects, which --wrap does not reach, so
 * their allocations are neither counted nor failed:
 *   - libconfig 1.5's scanner (flex) calls exit() when an allocation fails
 *     (yy_fatal_error; exit is the only such symbol it imports), so a
 *     failure there could never come back as an error for dueday to report;
 *   - SQLite would report its own failures as SQLITE_NOMEM, which the store
 *     turns into DD_EIO with SQLite's message;
 *   - libical (the holiday feed) likewise.
 * The count is taken only between arm() and disarm(), around the call
 * under test, so Criterion's and the test's own allocations do not count.
 *
 * Leaks are checked here, in the test process, rather than left to
 * LeakSanitizer (Criterion runs each test in a child that may not report):
 * every block allocated while armed is remembered in a table, forgotten
 * when freed, and the table must be empty once the caller has freed what
 * the call handed back. ./build.sh sanitize runs the same walk under ASan,
 * which catches the double frees and uses after free a failure path can
 * cause. */
#include "dueday/dueday.h"
#include "service/ics_writer.h"
#include "web/govuk.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the failing allocator ----------------------------------------------- */

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void __real_free(void *p);
FILE *__real_open_memstream(char **p, size_t *size);

void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
void __wrap_free(void *p);
FILE *__wrap_open_memstream(char **p, size_t *size);

/* The feed is written on two threads: everything below is under lock. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static bool tracking;  /* remember blocks allocated, forget those freed */
static bool injecting; /* count allocations and fail the fail_at-th */
static size_t calls, fail_at;
static bool failed;   /* the fail_at-th allocation was reached */
static size_t walk_n; /* the allocation failing in the walk, for messages */

/* The blocks allocated while tracking: open addressing, linear probing,
 * with tombstones; emptied by arm(). */
#define SLOTS ((size_t)1 << 16)
#define TOMBSTONE ((uintptr_t)1)
static uintptr_t live[SLOTS];
static size_t nlive, nused; /* used: live or tombstone */

static size_t slot_of(uintptr_t p) {
  return (size_t)((p >> 4) * 0x9E3779B97F4A7C15u >> 48) & (SLOTS - 1);
}

static void remember(void *p) {
  if (p == NULL || !tracking)
    return;
  size_t i = slot_of((uintptr_t)p);
  while (live[i] != 0 && live[i] != TOMBSTONE)
    i = (i + 1) & (SLOTS - 1);
  if (live[i] == 0 && ++nused > SLOTS / 2) {
    /* Probing would slow to a crawl, then never end. */
    fputs("test_alloc: too many blocks to follow; raise SLOTS\n", stderr);
    abort();
  }
  live[i] = (uintptr_t)p;
  nlive++;
}

static void forget(void *p) {
  if (p == NULL || !tracking)
    return;
  for (size_t i = slot_of((uintptr_t)p); live[i] != 0;
       i = (i + 1) & (SLOTS - 1))
    if (live[i] == (uintptr_t)p) {
      live[i] = TOMBSTONE;
      nlive--;
      return;
    }
}

/* Whether this allocation is the one to fail; counts it. */
static bool fail_now(void) {
  if (!injecting)
    return false;
  if (++calls != fail_at)
    return false;
  failed = true;
  return true;
}

void *__wrap_malloc(size_t size) {
  pthread_mutex_lock(&lock);
  void *p = fail_now() ? NULL : __real_malloc(size);
  remember(p);
  pthread_mutex_unlock(&lock);
  return p;
}

void *__wrap_calloc(size_t n, size_t size) {
  pthread_mutex_lock(&lock);
  void *p = fail_now() ? NULL : __real_calloc(n, size);
  remember(p);
  pthread_mutex_unlock(&lock);
  return p;
}

void *__wrap_realloc(void *old, size_t size) {
  pthread_mutex_lock(&lock);
  void *p = fail_now() ? NULL : __real_realloc(old, size);
  if (p != NULL) {
    forget(old);
    remember(p);
  }
  pthread_mutex_unlock(&lock);
  return p;
}

char *__wrap_strdup(const char *s) {
  pthread_mutex_lock(&lock);
  char *p = fail_now() ? NULL : __real_strdup(s);
  remember(p);
  pthread_mutex_unlock(&lock);
  return p;
}

char *__wrap_strndup(const char *s, size_t n) {
  pthread_mutex_lock(&lock);
  char *p = fail_now() ? NULL : __real_strndup(s, n);
  remember(p);
  pthread_mutex_unlock(&lock);
  return p;
}

void __wrap_free(void *p) {
  pthread_mutex_lock(&lock);
  forget(p);
  __real_free(p);
  pthread_mutex_unlock(&lock);
}

/* A stream's buffer is libc's to allocate: it fails as a whole here (its
 * buffer is freed by whoever holds it, which the table does not see). */
FILE *__wrap_open_memstream(char **p, size_t *size) {
  pthread_mutex_lock(&lock);
  bool fail = fail_now();
  pthread_mutex_unlock(&lock);
  return fail ? NULL : __real_open_memstream(p, size);
}

/* The feed writes on a second thread when it can have one; with
 * no_threads set, it cannot. */
static bool no_threads;
static size_t threads_refused;

int __real_pthread_create(pthread_t *t, const pthread_attr_t *attr,
                          void *(*fn)(void *), void *arg);
int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *attr,
                          void *(*fn)(void *), void *arg);

int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *attr,
                          void *(*fn)(void *), void *arg) {
  if (!no_threads)
    return __real_pthread_create(t, attr, fn, arg);
  threads_refused++;
  return EAGAIN;
}

/* Allocation n (from 1) of what follows fails; 0: none does. */
static void arm(size_t n) {
  pthread_mutex_lock(&lock);
  memset(live, 0, sizeof live);
  nlive = nused = 0;
  calls = 0;
  fail_at = n;
  failed = false;
  tracking = injecting = true;
  pthread_mutex_unlock(&lock);
}

/* Stops failing; frees are still followed. Whether the failure was
 * reached. */
static bool disarm(void) {
  pthread_mutex_lock(&lock);
  injecting = false;
  bool hit = failed;
  pthread_mutex_unlock(&lock);
  return hit;
}

/* Stops following; the blocks allocated since arm() and not yet freed. */
static size_t leaked(void) {
  pthread_mutex_lock(&lock);
  tracking = false;
  size_t n = nlive;
  pthread_mutex_unlock(&lock);
  return n;
}

/* ---- the walk ------------------------------------------------------------ */

/* One entry point: prepare runs unarmed before each call (fresh state),
 * call is the call under test, and check (run with frees still followed)
 * asserts what a failed call must leave, or frees what a successful one
 * gave. */
struct entry {
  const char *name;
  void (*prepare)(void *ctx);
  int (*call)(void *ctx, dd_diag *diag);
  void (*check)(void *ctx, int err, bool injected);
  void *ctx;
  bool no_diag; /* the entry point takes no dd_diag */
  /* A failure may be absorbed (a hint not taken): check then compares the
   * result with one made with no failure. Elsewhere a call that lost an
   * allocation and still says DD_OK is wrong. */
  bool may_absorb;
};

/* Walks n = 1, 2, ... until the call makes fewer than n allocations, which
 * must then succeed. Returns how many failures were injected. */
static size_t walk(const struct entry *e) {
  size_t n, absorbed = 0;
  for (n = 1;; n++) {
    dd_diag diag = {{0}};
    if (e->prepare != NULL)
      e->prepare(e->ctx);
    walk_n = n;
    arm(n);
    int err = e->call(e->ctx, &diag);
    bool injected = disarm();
    if (injected && err != DD_OK) {
      cr_assert_eq(err, DD_ENOMEM,
                   "%s: allocation %zu failing gives %s (%s), not ENOMEM",
                   e->name, n, dd_errname(err), diag.message);
      /* The detail says so too, for the command to print. */
      cr_assert(e->no_diag || strstr(diag.message, "out of memory") != NULL,
                "%s: allocation %zu failing: diag says \"%s\"", e->name, n,
                diag.message);
    }
    if (injected && err == DD_OK) {
      cr_assert(e->may_absorb, "%s: allocation %zu failing gives DD_OK",
                e->name, n);
      absorbed++;
    }
    if (!injected)
      cr_assert_eq(err, DD_OK, "%s: with no failure: %s (%s)", e->name,
                   dd_errname(err), diag.message);
    e->check(e->ctx, err, injected);
    size_t left = leaked();
    cr_assert_eq(left, 0, "%s: allocation %zu failing (%s) leaves %zu blocks",
                 e->name, n, dd_errname(err), left);
    if (!injected)
      break;
  }
  fprintf(stderr,
          "alloc: %s: %zu allocations, each failed in turn (%zu absorbed)\n",
          e->name, n - 1, absorbed);
  return n - 1;
}

/* ---- data ---------------------------------------------------------------- */

static dd_date D(const char *text) {
  dd_date d;
  cr_assert_eq(dd_date_parse(text, &d, NULL), DD_OK, "%s", text);
  return d;
}

/* Small divisions: a few years, every kind of entry (rule, follows, move,
 * one-off, uncertain year), so that a walk over a calendar built from them
 * is short. */
static const char england_small[] =
    "division = \"england-and-wales\";\n"
    "confirmed_to = 2020;\n"
    "rules = (\n"
    "  { title = \"Christmas Day\"; date = \"12-25\"; substitute = true;\n"
    "    from = 2019; to = 2021; },\n"
    "  { title = \"Boxing Day\"; date = \"12-26\"; substitute = true;\n"
    "    follows = \"Christmas Day\"; from = 2019; to = 2021; },\n"
    "  { title = \"Easter Monday\"; easter = 1; from = 2020; to = 2021; },\n"
    "  { title = \"Spring bank holiday\"; weekday = \"Monday\"; month = 5;\n"
    "    nth = \"last\"; from = 2020; to = 2021; }\n"
    ");\n"
    "moves = ( { rule = \"Spring bank holiday\"; to = \"2020-06-02\";\n"
    "            title = \"Moved\"; } );\n"
    "one_offs = ( { date = \"2021-01-04\"; title = \"A one-off\"; } );\n"
    "uncertain = ( { year = 2021; note = \"A note.\"; } );\n";

static const char scotland_small[] =
    "division = \"scotland\";\n"
    "confirmed_to = 2020;\n"
    "rules = (\n"
    "  { title = \"Christmas Day\"; date = \"12-25\"; substitute = true;\n"
    "    from = 2019; to = 2021; },\n"
    "  { title = \"St Andrew’s Day\"; date = \"11-30\"; substitute = true;\n"
    "    from = 2019; to = 2021; }\n"
    ");\n";

static const char northern_ireland_small[] =
    "division = \"northern-ireland\";\n"
    "confirmed_to = 2020;\n"
    "rules = (\n"
    "  { title = \"St Patrick’s Day\"; date = \"03-17\"; substitute = true;\n"
    "    from = 2019; to = 2021; }\n"
    ");\n";

/* A directory holding the small divisions, for the planner; removed at
 * exit. */
static char small_dir[64];

static void remove_small_dir(void) {
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", small_dir);
  if (system(cmd) != 0)
    fprintf(stderr, "could not remove %s\n", small_dir);
}

static void write_file(const char *dir, const char *name, const char *text) {
  char path[128];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  cr_assert_not_null(f, "%s", path);
  fputs(text, f);
  cr_assert_eq(fclose(f), 0);
}

static const char *small_divisions(void) {
  if (small_dir[0] != '\0')
    return small_dir;
  strcpy(small_dir, "/tmp/dueday-alloc-XXXXXX");
  cr_assert_not_null(mkdtemp(small_dir));
  atexit(remove_small_dir);
  write_file(small_dir, "england-and-wales.conf", england_small);
  write_file(small_dir, "scotland.conf", scotland_small);
  write_file(small_dir, "northern-ireland.conf", northern_ireland_small);
  return small_dir;
}

static dd_holidays *small_holidays(const char *text) {
  dd_holidays *h;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_holidays_load_string("small.conf", text, &h, &diag), DD_OK,
               "%s", diag.message);
  return h;
}

/* ---- the configuration --------------------------------------------------- */

struct config_ctx {
  const char *text; /* NULL: the built-in configuration */
  const char *path; /* else, when not NULL, the file */
  dd_config *cfg;
};

static int config_call(void *p, dd_diag *diag) {
  struct config_ctx *c = p;
  c->cfg = (dd_config *)c; /* anything but NULL: the call must set it */
  if (c->path != NULL)
    return dd_config_load_file(c->path, &c->cfg, diag);
  return c->text == NULL
             ? dd_config_load_default(&c->cfg, diag)
             : dd_config_load_string("test.conf", c->text, &c->cfg, diag);
}

static void config_check(void *p, int err, bool injected) {
  struct config_ctx *c = p;
  (void)injected;
  if (err != DD_OK) {
    cr_assert_null(c->cfg);
    return;
  }
  cr_assert_not_null(c->cfg);
  cr_assert_not_null(dd_config_visit_types(c->cfg, &(size_t){0}));
  dd_config_free(c->cfg);
}

Test(alloc, every_failure_loading_the_built_in_configuration_is_enomem) {
  struct config_ctx c = {0};
  walk(&(struct entry){.name = "dd_config_load_default",
                       .call = config_call,
                       .check = config_check,
                       .ctx = &c});
}

Test(alloc,
     every_failure_loading_a_configuration_with_every_section_is_enomem) {
  /* No visit types: the built-in ones are loaded and moved in, which
   * allocates too. */
  struct config_ctx c = {
      .text =
          "calendar = {\n"
          "  division = \"united-kingdom\";\n"
          "  working_days = [\"Monday\", \"Tuesday\", \"Wednesday\",\n"
          "                  \"Thursday\", \"Friday\"];\n"
          "  end_of_day = \"17:30\";\n"
          "  closures = ( { name = \"Office closure\"; from = \"2020-12-29\";\n"
          "                 to = \"2020-12-31\"; },\n"
          "               { name = \"Move\"; from = \"2021-04-06\";\n"
          "                 to = \"2021-04-07\"; } );\n"
          "};\n"
          "register = { path = \"/var/lib/dueday/register.db\"; };\n"
          "reminders = {\n"
          "  lead_days = [10, 3, 0];\n"
          "  regions = ( { name = \"North West\"; rim = \"r@x.example\";\n"
          "                extra = [\"a@x.example\", \"b@x.example\"]; },\n"
          "              { name = \"London\"; extra = [\"c@x.example\"]; } );\n"
          "  milestones = ( { id = \"case-review\"; lead_days = [2, 0]; },\n"
          "                 { id = \"publication\"; lead_days = [1]; } );\n"
          "};\n"
          "mail = {\n"
          "  url = \"smtp://relay.example:587\";\n"
          "  from = \"dueday@x.example\";\n"
          "  username = \"dueday\";\n"
          "  password_env = \"DUEDAY_SMTP_PASSWORD\";\n"
          "  ca_file = \"/etc/dueday/ca.pem\";\n"
          "};\n"};
  walk(&(struct entry){.name = "dd_config_load_string",
                       .call = config_call,
                       .check = config_check,
                       .ctx = &c});
  /* The same from a file. */
  write_file(small_divisions(), "dueday.conf", c.text);
  char path[128];
  snprintf(path, sizeof path, "%s/dueday.conf", small_divisions());
  c.path = path;
  walk(&(struct entry){.name = "dd_config_load_file",
                       .call = config_call,
                       .check = config_check,
                       .ctx = &c});
}

/* ---- holidays ------------------------------------------------------------ */

struct holidays_ctx {
  const char *dir, *division, *text;
  dd_holidays *h;
};

static int holidays_call(void *p, dd_diag *diag) {
  struct holidays_ctx *c = p;
  c->h = (dd_holidays *)c;
  return c->text != NULL
             ? dd_holidays_load_string("small.conf", c->text, &c->h, diag)
             : dd_holidays_load(c->dir, c->division, &c->h, diag);
}

static void holidays_check(void *p, int err, bool injected) {
  struct holidays_ctx *c = p;
  (void)injected;
  if (err != DD_OK) {
    cr_assert_null(c->h);
    return;
  }
  cr_assert_not_null(c->h);
  dd_holidays_free(c->h);
}

Test(alloc, every_failure_loading_holiday_rules_is_enomem) {
  struct holidays_ctx c = {.text = england_small};
  walk(&(struct entry){.name = "dd_holidays_load_string",
                       .call = holidays_call,
                       .check = holidays_check,
                       .ctx = &c});
}

Test(alloc, every_failure_loading_a_built_in_division_is_enomem) {
  /* The shipped data: every rule, move, one-off and note, 229 years. */
  struct holidays_ctx c = {.division = "england-and-wales"};
  walk(&(struct entry){.name = "dd_holidays_load (built in)",
                       .call = holidays_call,
                       .check = holidays_check,
                       .ctx = &c});
}

Test(alloc, every_failure_loading_a_division_from_a_directory_is_enomem) {
  struct holidays_ctx c = {.dir = small_divisions(), .division = "scotland"};
  walk(&(struct entry){.name = "dd_holidays_load (directory)",
                       .call = holidays_call,
                       .check = holidays_check,
                       .ctx = &c});
}

/* ---- calendars ----------------------------------------------------------- */

struct calendar_ctx {
  dd_calendar_spec spec;
  dd_calendar *cal;
};

static int calendar_call(void *p, dd_diag *diag) {
  struct calendar_ctx *c = p;
  c->cal = (dd_calendar *)c;
  return dd_calendar_new(&c->spec, &c->cal, diag);
}

static void calendar_check(void *p, int err, bool injected) {
  struct calendar_ctx *c = p;
  (void)injected;
  if (err != DD_OK) {
    cr_assert_null(c->cal);
    return;
  }
  cr_assert_not_null(c->cal);
  dd_calendar_free(c->cal);
}

Test(alloc, every_failure_building_a_calendar_is_enomem) {
  dd_holidays *sets[] = {small_holidays(england_small),
                         small_holidays(scotland_small)};
  const dd_closure closures[] = {{D("2020-12-29"), D("2020-12-31"), "Closed"},
                                 {D("2021-04-06"), D("2021-04-06"), NULL}};
  struct calendar_ctx one = {
      .spec = {.name = "england-and-wales",
               .holidays = (const dd_holidays *const *)sets,
               .nholidays = 1,
               .closures = closures,
               .nclosures = 2}};
  walk(&(struct entry){.name = "dd_calendar_new (one division)",
                       .call = calendar_call,
                       .check = calendar_check,
                       .ctx = &one});
  /* Two divisions: the texts that say which division a day belongs to. */
  struct calendar_ctx two = one;
  two.spec.name = "two";
  two.spec.nholidays = 2;
  walk(&(struct entry){.name = "dd_calendar_new (two divisions)",
                       .call = calendar_call,
                       .check = calendar_check,
                       .ctx = &two});
  dd_holidays_free(sets[0]);
  dd_holidays_free(sets[1]);
}

struct explain_ctx {
  const dd_calendar *cal;
  dd_explanation e;
};

static int explain_call(void *p, dd_diag *diag) {
  struct explain_ctx *c = p;
  (void)diag;
  c->e.skipped = (dd_skip *)c;
  return dd_calendar_explain(c->cal, D("2020-12-23"), 5, &c->e);
}

static void explain_check(void *p, int err, bool injected) {
  struct explain_ctx *c = p;
  (void)injected;
  if (err != DD_OK) {
    cr_assert_null(c->e.skipped);
    cr_assert_eq(c->e.nskipped, 0);
    return;
  }
  cr_assert_gt(c->e.nskipped, 0);
  dd_explanation_clear(&c->e);
}

Test(alloc, every_failure_explaining_an_addition_is_enomem) {
  dd_holidays *h = small_holidays(england_small);
  dd_calendar *cal;
  dd_calendar_spec spec = {
      .name = "e", .holidays = (const dd_holidays *const *)&h, .nholidays = 1};
  cr_assert_eq(dd_calendar_new(&spec, &cal, NULL), DD_OK);
  struct explain_ctx c = {.cal = cal};
  walk(&(struct entry){.name = "dd_calendar_explain",
                       .call = explain_call,
                       .check = explain_check,
                       .ctx = &c,
                       .no_diag = true});
  dd_calendar_free(cal);
  dd_holidays_free(h);
}

/* ---- schedules ----------------------------------------------------------- */

struct schedule_ctx {
  const dd_calendar *cal;
  dd_visit_input in;
  dd_schedule s;
  /* dd_planner_schedule */
  const dd_config *cfg;
  dd_planner *planner;
  const dd_visit *visit;
  const dd_recorded *events;
  size_t nevents;
};

static void schedule_check(void *p, int err, bool injected) {
  struct schedule_ctx *c = p;
  (void)injected;
  if (err != DD_OK) {
    cr_assert_null(c->s.items);
    cr_assert_eq(c->s.n, 0);
  } else {
    cr_assert_gt(c->s.n, 0);
    dd_schedule_clear(&c->s);
  }
  /* A planner whose call failed half way through building a calendar is
   * still whole: the same call on it now succeeds. */
  if (err != DD_OK && c->planner != NULL) {
    dd_diag diag = {{0}};
    cr_assert_eq(dd_planner_schedule(c->planner, c->visit, c->events,
                                     c->nevents, D("2021-01-10"), &c->s, &diag),
                 DD_OK, "a planner after a failure: %s", diag.message);
    dd_schedule_clear(&c->s);
  }
  dd_planner_free(c->planner); /* its calendars were built in the call */
  c->planner = NULL;
}

static int schedule_call(void *p, dd_diag *diag) {
  struct schedule_ctx *c = p;
  c->s.items = (dd_milestone *)c;
  c->s.n = 1;
  return dd_schedule_compute(c->cal, &c->in, 17 * 60, D("2021-01-10"), &c->s,
                             diag);
}

static const dd_event schedule_events[] = {
    {"draft-sent", 0, DD_TIME_NONE},
    {DD_EVENT_CONCERNS_FOUND, 0, DD_TIME_NONE},
};

Test(alloc, every_failure_computing_a_schedule_is_enomem) {
  dd_config *cfg;
  cr_assert_eq(dd_config_load_default(&cfg, NULL), DD_OK);
  dd_holidays *h = small_holidays(england_small);
  dd_calendar *cal;
  dd_calendar_spec spec = {
      .name = "e", .holidays = (const dd_holidays *const *)&h, .nholidays = 1};
  cr_assert_eq(dd_calendar_new(&spec, &cal, NULL), DD_OK);
  dd_event events[2];
  memcpy(events, schedule_events, sizeof events);
  events[0].date = D("2021-01-08");
  events[1].date = D("2020-12-10");
  struct schedule_ctx c = {
      .cal = cal,
      .in = {.type = dd_config_visit_type(cfg, "assurance"),
             .start = D("2020-12-10"),
             .events = events,
             .nevents = 2}};
  walk(&(struct entry){.name = "dd_schedule_compute",
                       .call = schedule_call,
                       .check = schedule_check,
                       .ctx = &c});
  dd_calendar_free(cal);
  dd_holidays_free(h);
  dd_config_free(cfg);
}

struct planner_ctx {
  const dd_config *cfg;
  const char *dir;
  dd_planner *p;
};

static int planner_new_call(void *p, dd_diag *diag) {
  struct planner_ctx *c = p;
  c->p = (dd_planner *)c;
  return dd_planner_new(c->cfg, c->dir, &c->p, diag);
}

static void planner_new_check(void *p, int err, bool injected) {
  struct planner_ctx *c = p;
  (void)injected;
  if (err != DD_OK) {
    cr_assert_null(c->p);
    return;
  }
  dd_planner_free(c->p);
}

static void planner_prepare(void *p) {
  struct schedule_ctx *c = p;
  cr_assert_eq(dd_planner_new(c->cfg, small_divisions(), &c->planner, NULL),
               DD_OK);
}

static int planner_schedule_call(void *p, dd_diag *diag) {
  struct schedule_ctx *c = p;
  c->s.items = (dd_milestone *)c;
  c->s.n = 1;
  return dd_planner_schedule(c->planner, c->visit, c->events, c->nevents,
                             D("2021-01-10"), &c->s, diag);
}

Test(alloc, every_failure_in_the_planner_is_enomem) {
  dd_config *cfg;
  cr_assert_eq(dd_config_load_default(&cfg, NULL), DD_OK);
  struct planner_ctx pc = {.cfg = cfg, .dir = small_divisions()};
  walk(&(struct entry){.name = "dd_planner_new",
                       .call = planner_new_call,
                       .check = planner_new_check,
                       .ctx = &pc});
  /* A planner as it starts: the division's holidays and calendar are
   * loaded and built in the call. */
  dd_visit v = {.id = "V-1",
                .type = "assurance",
                .name = "Sunny Home",
                .division = "united-kingdom",
                .start = D("2020-12-10"),
                .status = DD_VISIT_LIVE};
  dd_recorded events[] = {
      {.what = "draft-sent", .date = D("2021-01-08"), .time = -1},
      {.what = DD_EVENT_CONCERNS_FOUND, .date = D("2020-12-10"), .time = -1}};
  struct schedule_ctx c = {
      .cfg = cfg, .visit = &v, .events = events, .nevents = 2};
  walk(&(struct entry){.name = "dd_planner_schedule",
                       .prepare = planner_prepare,
                       .call = planner_schedule_call,
                       .check = schedule_check,
                       .ctx = &c});
  dd_config_free(cfg);
}

/* ---- the feed writer ----------------------------------------------------- */

struct ics_ctx {
  dd_ics_feed *feed;
  char *text;
  size_t len;
  const char *expected; /* the text with no failure */
};

static const dd_ics_event ics_events[] = {
    {.uid = "V-1.draft-sent@dueday",
     .summary = "Send draft report: Sunny Home, with a summary long enough "
                "to be folded at 75 octets; and commas, to escape",
     .description = "Draft report sent to the provider\nWho acts: inspector",
     .categories = "dueday,assurance,draft-sent,inspector",
     .start = 18600,
     .end = 18600,
     .time = -1},
    {.uid = "V-1.dcs-email@dueday",
     .summary = "Email DCSs",
     .start = 18610,
     .end = 18610,
     .time = 17 * 60,
     .sequence = 2,
     .cancelled = true},
};

/* The calendar of ics_events: new, add each, a copy of the text, finish. */
static int ics_call(void *p, dd_diag *diag) {
  struct ics_ctx *c = p;
  c->feed = (dd_ics_feed *)c;
  c->text = (char *)c;
  int err = dd_ics_feed_new("dueday: a test, with; punctuation", 60, 0,
                            &c->feed, diag);
  if (err != DD_OK) {
    cr_assert_null(c->feed);
    c->text = NULL;
    return err;
  }
  for (size_t i = 0; i < 2 && err == DD_OK; i++)
    err = dd_ics_feed_add(c->feed, &ics_events[i], diag);
  int added = err;
  char *copy = NULL;
  if (err == DD_OK && (copy = dd_ics_feed_text(c->feed, NULL)) == NULL)
    err = dd_diag_set(diag, DD_ENOMEM, "out of memory");
  /* The feed is freed either way; after a failed add, with no text. */
  c->text = dd_ics_feed_finish(c->feed, &c->len);
  if (added != DD_OK)
    cr_assert_null(c->text, "dd_ics_feed_finish gave text after a failed add");
  if (err == DD_OK && c->text == NULL)
    err = dd_diag_set(diag, DD_ENOMEM, "out of memory");
  if (err == DD_OK)
    cr_assert_str_eq(copy, c->text, "dd_ics_feed_text and _finish differ");
  if (err != DD_OK) {
    free(c->text);
    c->text = NULL;
  }
  free(copy);
  return err;
}

static void ics_check(void *p, int err, bool injected) {
  struct ics_ctx *c = p;
  (void)injected;
  if (err != DD_OK) {
    cr_assert_null(c->text);
    return;
  }
  if (c->expected != NULL)
    cr_assert_str_eq(c->text, c->expected);
  free(c->text);
}

/* The same events written apart and joined. */
static int ics_join_call(void *p, dd_diag *diag) {
  struct ics_ctx *c = p;
  dd_ics_feed *part = (dd_ics_feed *)c;
  c->feed = (dd_ics_feed *)c;
  c->text = NULL;
  int err = dd_ics_feed_new("dueday: a test, with; punctuation", 60, 0,
                            &c->feed, diag);
  if (err != DD_OK) {
    cr_assert_null(c->feed);
    return err;
  }
  if ((err = dd_ics_events_new(0, &part, diag)) != DD_OK) {
    cr_assert_null(part);
    dd_ics_feed_free(c->feed);
    return err;
  }
  /* A hint: when it cannot be had, the feed grows as it goes. */
  dd_ics_feed_reserve(c->feed, 1 << 17);
  err = dd_ics_feed_add(c->feed, &ics_events[0], diag);
  int err2 = dd_ics_feed_add(part, &ics_events[1], diag);
  int err3 = dd_ics_feed_join(c->feed, part, diag); /* frees part */
  c->text = dd_ics_feed_finish(c->feed, &c->len);
  if (err == DD_OK)
    err = err2;
  if (err == DD_OK)
    err = err3;
  if (err == DD_OK && c->text == NULL)
    err = dd_diag_set(diag, DD_ENOMEM, "out of memory");
  if (err != DD_OK && c->text != NULL)
    cr_assert_fail("text after a failed add or join");
  return err;
}

Test(alloc, every_failure_writing_a_milestone_feed_is_enomem) {
  struct ics_ctx c = {0};
  cr_assert_eq(ics_call(&c, NULL), DD_OK);
  char *expected = c.text;
  c.expected = expected;
  walk(&(struct entry){.name = "dd_ics_feed_new/add/finish",
                       .call = ics_call,
                       .check = ics_check,
                       .ctx = &c});
  walk(&(struct entry){.name = "dd_ics_events_new/reserve/add/join",
                       .call = ics_join_call,
                       .check = ics_check,
                       .ctx = &c,
                       .may_absorb = true});
  free(expected);
}

/* dd_feed_build over a real register in a temporary directory. The
 * register's own allocations are SQLite's (not failed: see the top); the
 * planner is made afresh, cold, before each call, so that the calendars
 * it builds during the call are walked too, and freed after it. */
struct feed_ctx {
  dd_store *st;
  const dd_config *cfg;
  dd_planner *planner;
  dd_scope_kind kind;
  const char *value;
  dd_date today;
  char *text;
  size_t len, nevents;
  const char *expected; /* the feed with no failure */
};

static void feed_prepare(void *p) {
  struct feed_ctx *c = p;
  cr_assert_eq(dd_planner_new(c->cfg, small_divisions(), &c->planner, NULL),
               DD_OK);
}

/* The horizon the feeds are built with: -1, none (dd_feed_build's). */
static int feed_horizon = -1;

static int feed_call(void *p, dd_diag *diag) {
  struct feed_ctx *c = p;
  c->text = (char *)c;
  return dd_feed_build_within(c->st, c->planner, c->kind, c->value,
                              "dueday: test", c->today,
                              dd_feed_dtstamp(c->today, true), feed_horizon,
                              &c->text, &c->len, &c->nevents, diag);
}

static void feed_check(void *p, int err, bool injected) {
  struct feed_ctx *c = p;
  (void)injected;
  dd_planner_free(c->planner);
  c->planner = NULL;
  if (err != DD_OK) {
    cr_assert_null(c->text);
    cr_assert_eq(c->len, 0);
    return;
  }
  if (c->expected != NULL)
    cr_assert_str_eq(c->text, c->expected, "not the feed made on its twin");
  free(c->text);
}

static void add_visit(dd_store *st, const char *id, const char *type,
                      const char *division, dd_visit_status status,
                      bool concerns) {
  dd_visit v = {.id = (char *)id,
                .type = (char *)type,
                .name = "Sunny Home",
                .urn = "SC123456",
                .setting = "",
                .local_authority = "",
                .region = "London",
                .division = (char *)division,
                .inspector = "i@example.org",
                .rim = "r@example.org",
                .start = D("2020-12-10"),
                .days_on_site = 2,
                .status = status,
                .concerns = concerns};
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_visit_add(st, &v, "test", &diag), DD_OK, "%s",
               diag.message);
}

static void add_event(dd_store *st, const char *id, const char *what,
                      const char *date) {
  dd_recorded r = {
      .what = (char *)what, .date = D(date), .time = -1, .by = "", .note = ""};
  cr_assert_eq(dd_store_event_add(st, id, &r, "test", NULL), DD_OK);
}

static dd_store *make_register(const char *dir, const char *name) {
  char path[128];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  dd_store *st;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_open(path, DD_STORE_CREATE, &st, &diag), DD_OK, "%s",
               diag.message);
  cr_assert_eq(dd_store_begin(st, NULL), DD_OK);
  add_visit(st, "V-1", "assurance", "england-and-wales", DD_VISIT_LIVE, true);
  add_visit(st, "V-2", "assurance", "scotland", DD_VISIT_PLANNED, false);
  add_visit(st, "V-3", "assurance", "", DD_VISIT_CANCELLED, false);
  /* A type the configuration no longer has: planned into no events. */
  add_visit(st, "V-4", "retired", "", DD_VISIT_PLANNED, false);
  add_event(st, "V-1", "draft-sent", "2021-01-08");
  add_event(st, "V-1", "draft-qa", "2020-12-14");
  cr_assert_eq(dd_store_commit(st, NULL), DD_OK);
  return st;
}

/* The feed of st as of today, with no failure; caller frees. */
static char *reference(dd_store *st, const dd_config *cfg, dd_scope_kind kind,
                       const char *value, dd_date today) {
  struct feed_ctx c = {
      .st = st, .cfg = cfg, .kind = kind, .value = value, .today = today};
  feed_prepare(&c);
  dd_diag diag = {{0}};
  cr_assert_eq(feed_call(&c, &diag), DD_OK, "%s", diag.message);
  dd_planner_free(c.planner);
  return c.text;
}

Test(alloc, every_failure_building_a_register_feed_is_enomem) {
  dd_config *cfg;
  cr_assert_eq(dd_config_load_default(&cfg, NULL), DD_OK);
  const char *dir = small_divisions();
  /* Two identical registers: the reference is made on one, the walk on
   * the other (a failed build rolls back; the last, successful one
   * publishes). */
  dd_store *ref = make_register(dir, "reference.db");
  dd_store *st = make_register(dir, "walk.db");
  dd_date today = D("2021-01-10");
  char *expected = reference(ref, cfg, DD_SCOPE_ALL, "", today);
  struct feed_ctx c = {.st = st,
                       .cfg = cfg,
                       .kind = DD_SCOPE_ALL,
                       .value = "",
                       .today = today,
                       .expected = expected};
  walk(&(struct entry){.name = "dd_feed_build (first publication)",
                       .prepare = feed_prepare,
                       .call = feed_call,
                       .check = feed_check,
                       .ctx = &c});
  free(expected);
  /* Published once: the published rows are read back, and a change
   * revises what moved. */
  cr_assert_eq(dd_store_begin(ref, NULL), DD_OK);
  add_event(ref, "V-2", DD_EVENT_CONCERNS_FOUND, "2020-12-10");
  cr_assert_eq(dd_store_commit(ref, NULL), DD_OK);
  cr_assert_eq(dd_store_begin(st, NULL), DD_OK);
  add_event(st, "V-2", DD_EVENT_CONCERNS_FOUND, "2020-12-10");
  cr_assert_eq(dd_store_commit(st, NULL), DD_OK);
  c.expected = expected = reference(ref, cfg, DD_SCOPE_ALL, "", today);
  walk(&(struct entry){.name = "dd_feed_build (revision)",
                       .prepare = feed_prepare,
                       .call = feed_call,
                       .check = feed_check,
                       .ctx = &c});
  free(expected);
  /* With no second thread to be had, this one reads the visits, then
   * writes them all. */
  no_threads = true;
  c.expected = expected = reference(ref, cfg, DD_SCOPE_ALL, "", today);
  walk(&(struct entry){.name = "dd_feed_build (no second thread)",
                       .prepare = feed_prepare,
                       .call = feed_call,
                       .check = feed_check,
                       .ctx = &c});
  cr_assert_gt(threads_refused, 0);
  no_threads = false;
  free(expected);
  /* One visit's feed. */
  c.kind = DD_SCOPE_VISIT;
  c.value = "V-1";
  c.expected = expected = reference(ref, cfg, DD_SCOPE_VISIT, "V-1", today);
  walk(&(struct entry){.name = "dd_feed_build (one visit)",
                       .prepare = feed_prepare,
                       .call = feed_call,
                       .check = feed_check,
                       .ctx = &c});
  free(expected);
  /* A visit with no events: the feed reads it back to tell an empty
   * feed from a visit that does not exist. */
  c.value = "V-4";
  c.expected = expected = reference(ref, cfg, DD_SCOPE_VISIT, "V-4", today);
  walk(&(struct entry){.name = "dd_feed_build (a visit with no events)",
                       .prepare = feed_prepare,
                       .call = feed_call,
                       .check = feed_check,
                       .ctx = &c});
  free(expected);
  /* A division's bank holidays. */
  c.kind = DD_SCOPE_HOLIDAYS;
  c.value = "scotland";
  c.expected = expected =
      reference(ref, cfg, DD_SCOPE_HOLIDAYS, "scotland", today);
  walk(&(struct entry){.name = "dd_feed_build (holidays)",
                       .prepare = feed_prepare,
                       .call = feed_call,
                       .check = feed_check,
                       .ctx = &c});
  free(expected);
  /* A horizon, and a cancellation the audit log dates (read into a list
   * of its own). */
  dd_store *both[] = {ref, st};
  for (size_t i = 0; i < 2; i++) {
    dd_visit v;
    cr_assert_eq(dd_store_visit_get(both[i], "V-3", &v, NULL, NULL, NULL),
                 DD_OK);
    cr_assert_eq(dd_store_visit_update(both[i], &v, "test", "cancel",
                                       "status cancelled", NULL),
                 DD_OK);
    dd_visit_clear(&v);
  }
  feed_horizon = 30;
  c.kind = DD_SCOPE_ALL;
  c.value = "";
  c.expected = expected = reference(ref, cfg, DD_SCOPE_ALL, "", today);
  cr_assert(strstr(expected, "SUMMARY:Cancelled: ") != NULL);
  walk(&(struct entry){.name = "dd_feed_build_within (a horizon)",
                       .prepare = feed_prepare,
                       .call = feed_call,
                       .check = feed_check,
                       .ctx = &c});
  feed_horizon = -1;
  free(expected);
  dd_store_close(ref);
  dd_store_close(st);
  dd_config_free(cfg);
}

/* ---- changes to a visit ------------------------------------------------- */

/* dd_change_record or dd_change_undo on V-1 with a fresh planner (its
 * calendars built within the call): a failure must write nothing and leave
 * the change empty, so that every call starts from the same register; the
 * last call, with no failure, writes and ends the walk. */
struct change_ctx {
  dd_store *st;
  const dd_config *cfg;
  dd_planner *planner;
  dd_change change;
  int audits;
  bool undo;
};

static int audit_rows(dd_store *st) {
  int n = -1;
  cr_assert_eq(dd_store_audit_count(st, NULL, &n, NULL), DD_OK);
  return n;
}

static void change_prepare(void *p) {
  struct change_ctx *c = p;
  dd_planner_free(c->planner);
  cr_assert_eq(dd_planner_new(c->cfg, small_divisions(), &c->planner, NULL),
               DD_OK);
  c->audits = audit_rows(c->st);
}

static int change_call(void *p, dd_diag *diag) {
  struct change_ctx *c = p;
  dd_recorded ev = {.what = "final-sent",
                    .date = D("2021-01-20"),
                    .time = -1,
                    .by = "",
                    .note = ""};
  return c->undo ? dd_change_undo(c->st, c->planner, "V-1", "draft-sent",
                                  "test", D("2021-01-20"), &c->change, diag)
                 : dd_change_record(c->st, c->planner, "V-1", &ev, "test",
                                    D("2021-01-20"), &c->change, diag);
}

static void change_check(void *p, int err, bool injected) {
  struct change_ctx *c = p;
  (void)injected;
  if (err != DD_OK) {
    cr_assert_eq(audit_rows(c->st), c->audits, "nothing written");
    cr_assert_eq(c->change.after.n, 0);
    cr_assert_null(c->change.moved);
  } else {
    cr_assert_eq(audit_rows(c->st), c->audits + 1);
    cr_assert_gt(c->change.nmoved, 0);
    dd_change_clear(&c->change);
  }
  dd_planner_free(c->planner);
  c->planner = NULL;
}

Test(alloc, every_failure_recording_or_undoing_is_enomem_and_writes_nothing) {
  dd_config *cfg;
  cr_assert_eq(dd_config_load_default(&cfg, NULL), DD_OK);
  dd_store *st = make_register(small_divisions(), "change.db");
  struct change_ctx c = {.st = st, .cfg = cfg};
  walk(&(struct entry){.name = "dd_change_record",
                       .prepare = change_prepare,
                       .call = change_call,
                       .check = change_check,
                       .ctx = &c});
  /* V-1's draft-sent: undone, final-sent (recorded by the walk) counts
   * from its due day again. */
  c.undo = true;
  walk(&(struct entry){.name = "dd_change_undo",
                       .prepare = change_prepare,
                       .call = change_call,
                       .check = change_check,
                       .ctx = &c});
  dd_store_close(st);
  dd_config_free(cfg);
}

/* ---- the web pages' HTML writer ------------------------------------------ */

/* A page of GOV.UK components long enough for the buffer to grow several
 * times: each growth failing must give DD_ENOMEM once, at the end, with
 * nothing left allocated. */
struct page_ctx {
  char *page;
};

static int page_call(void *p, dd_diag *diag) {
  struct page_ctx *c = p;
  (void)diag;
  dd__govuk_cell cells[3 * 40];
  size_t lengths[40];
  for (size_t r = 0; r < 40; r++) {
    cells[3 * r] = (dd__govuk_cell){.content.text = "Publish the report"};
    cells[3 * r + 1] = (dd__govuk_cell){.content.text = "Tuesday 12 January"};
    cells[3 * r + 2] =
        (dd__govuk_cell){.content.text = "<overdue & late>", .numeric = true};
    lengths[r] = 3;
  }
  dd__govuk_table t = {.caption = "Due soon",
                       .cells = cells,
                       .row_lengths = lengths,
                       .n_rows = 40,
                       .first_cell_is_header = true};
  dd__html h = {0};
  dd__govuk_table_write(&h, &t);
  dd__html_url(&h, "visits/V-1?when=2021-01-12");
  c->page = (char *)c;
  return dd__html_finish(&h, &c->page, NULL);
}

static void page_check(void *p, int err, bool injected) {
  struct page_ctx *c = p;
  (void)injected;
  if (err != DD_OK) {
    cr_assert_null(c->page);
    return;
  }
  cr_assert(strstr(c->page, "&lt;overdue &amp; late&gt;") != NULL);
  free(c->page);
}

Test(alloc, every_failure_writing_a_page_is_enomem_once) {
  struct page_ctx c = {0};
  size_t n = walk(&(struct entry){.name = "dd__html_finish (a table page)",
                                  .call = page_call,
                                  .check = page_check,
                                  .ctx = &c,
                                  .no_diag = true});
  cr_assert_geq(n, 3, "the page grew its buffer %zu times", n);
}
