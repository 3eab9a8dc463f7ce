/* The planned register, kept between requests (see snapshot.h). Strings
 * and rows live in a few large blocks rather than one allocation each:
 * 100,000 visits are a million milestones. */
#include "snapshot.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A block of the arena; strings and rows are carved from its end. */
struct block {
  struct block *next;
  size_t used, size;
  max_align_t data[];
};

#define BLOCK_BYTES ((size_t)1 << 20)

struct dd__web_snapshot {
  bool valid;
  long data_version;
  dd_date today;
  const dd_planner *planner;
  struct block *blocks;
  dd__web_planned *visits;
  size_t n, cap;
};

dd__web_snapshot *dd__web_snapshot_new(void) {
  return calloc(1, sizeof(dd__web_snapshot));
}

static void release(dd__web_snapshot *s) {
  for (struct block *b = s->blocks, *next; b != NULL; b = next) {
    next = b->next;
    free(b);
  }
  s->blocks = NULL;
  s->n = 0;
  s->valid = false;
}

void dd__web_snapshot_free(dd__web_snapshot *s) {
  if (s == NULL)
    return;
  release(s);
  free(s->visits);
  free(s);
}

void dd__web_snapshot_invalidate(dd__web_snapshot *s) { s->valid = false; }

/* size bytes from the arena, aligned for any row; NULL when out of
 * memory. */
static void *carve(dd__web_snapshot *s, size_t size) {
  size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) *
         sizeof(max_align_t);
  struct block *b = s->blocks;
  if (b == NULL || b->size - b->used < size) {
    size_t cap = size > BLOCK_BYTES ? size : BLOCK_BYTES;
    if ((b = malloc(sizeof *b + cap)) == NULL)
      return NULL;
    b->used = 0;
    b->size = cap;
    b->next = s->blocks;
    s->blocks = b;
  }
  void *p = (char *)b->data + b->used;
  b->used += size;
  return p;
}

static char *copy(dd__web_snapshot *s, const char *text) {
  if (text == NULL)
    return NULL;
  size_t len = strlen(text) + 1;
  char *p = carve(s, len);
  if (p != NULL)
    memcpy(p, text, len);
  return p;
}

struct walk {
  dd__web_snapshot *s;
  dd_planner *planner;
  dd_date today;
  bool failed;
};

static int add_visit(const dd_visit *v, const dd_recorded *events, size_t n,
                     void *arg) {
  struct walk *w = arg;
  dd__web_snapshot *s = w->s;
  if (s->n == s->cap) {
    size_t cap = s->cap ? 2 * s->cap : 1024;
    dd__web_planned *grown = realloc(s->visits, cap * sizeof *grown);
    if (grown == NULL)
      return w->failed = true, 1;
    s->visits = grown;
    s->cap = cap;
  }
  dd__web_planned *pv = &s->visits[s->n];
  memset(pv, 0, sizeof *pv);
  pv->visit = *v;
  char **fields[] = {&pv->visit.id,        &pv->visit.type,
                     &pv->visit.name,      &pv->visit.urn,
                     &pv->visit.setting,   &pv->visit.local_authority,
                     &pv->visit.region,    &pv->visit.division,
                     &pv->visit.inspector, &pv->visit.rim};
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
    if (*fields[i] != NULL && (*fields[i] = copy(s, *fields[i])) == NULL)
      return w->failed = true, 1;
  dd_schedule sched;
  /* A visit that cannot be planned (a type the configuration dropped) is
   * kept, unplanned, so that pages can say so rather than lose it. */
  if (dd_planner_schedule_brief(w->planner, v, events, n, w->today, &sched,
                                NULL) == DD_OK) {
    dd__web_row *rows = carve(s, (sched.n ? sched.n : 1) * sizeof *rows);
    if (rows == NULL) {
      dd_schedule_clear(&sched);
      return w->failed = true, 1;
    }
    for (size_t i = 0; i < sched.n; i++) {
      const dd_milestone *m = &sched.items[i];
      rows[i] = (dd__web_row){.rule = m->rule,
                              .due = m->due,
                              .earliest = m->earliest,
                              .done = m->done,
                              .due_time = (short)m->due_time,
                              .days_off = (short)m->days_off,
                              .status = (unsigned char)m->status,
                              .applies = m->applies};
    }
    pv->planned = true;
    pv->warnings = sched.warnings;
    pv->rows = rows;
    pv->nrows = sched.n;
    dd_schedule_clear(&sched);
  }
  s->n++;
  return 0;
}

int dd__web_snapshot_get(dd__web_snapshot *s, dd_store *st, dd_planner *p,
                         dd_date today, const dd__web_planned **out, size_t *n,
                         dd_diag *diag) {
  long version;
  int err = dd_store_data_version(st, &version);
  if (err != DD_OK) {
    *n = 0;
    return dd_diag_set(diag, err, "register: cannot read its version");
  }
  if (!s->valid || s->data_version != version || s->today != today ||
      s->planner != p) {
    release(s);
    struct walk w = {.s = s, .planner = p, .today = today};
    err = dd_store_visits_each(st, NULL, add_visit, &w, diag);
    if (w.failed) /* add_visit stopped the walk */
      err = dd_diag_set(diag, DD_ENOMEM, "out of memory");
    if (err != DD_OK) {
      release(s);
      *n = 0;
      return err;
    }
    s->valid = true;
    s->data_version = version;
    s->today = today;
    s->planner = p;
  }
  *out = s->visits;
  *n = s->n;
  return DD_OK;
}
