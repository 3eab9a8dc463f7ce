/* Turning schedules into calendar events: the words a phone shows, the
 * rule and explanation in the description, and the bookkeeping (through the
 * register) that makes updates update. */
#include "dueday/feed.h"

#include "dueday/ics.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a feed published before, read from the register at once for the
 * whole scope (dd_store_feed_states_each) rather than asked a milestone at a
 * time. The rows come grouped by visit and are kept so, their strings
 * packed in one buffer; a hash table then finds a visit's group, once per
 * visit: open addressing with linear probing, sized from the number of
 * visits to be at most half full, eight bytes a slot. Keyed by visit, not
 * by (visit, milestone): a table of every row, looked up a milestone at a
 * time, missed the processor's cache on nearly every lookup (a tenth of a
 * region's feed); this one is small, and a visit's rows sit together. */
struct published_row {
  size_t text; /* offset in strings of "milestone\0fingerprint\0" */
  int sequence;
};

struct published_visit {
  size_t id;           /* offset in strings of the visit's id */
  size_t first, nrows; /* its rows */
};

struct published_map {
  struct published_row *rows;
  size_t nrows, rows_cap;
  struct published_visit *visits;
  size_t nvisits, visits_cap;
  char *strings;
  size_t len, cap;
  /* 0 for an empty slot; else the hash's top 32 bits and the visit's index
   * + 1 below them. */
  uint64_t *slots;
  size_t mask; /* the number of slots - 1, a power of two minus one */
};

/* FNV-1a, its bits then mixed (MurmurHash3's finaliser) so that the low
 * ones, which pick the slot, depend on all of them. */
static uint64_t id_hash(const char *id) {
  uint64_t h = 14695981039346656037u;
  for (const unsigned char *c = (const unsigned char *)id; *c; c++)
    h = (h ^ *c) * 1099511628211u;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdu;
  h ^= h >> 33;
  return h;
}

/* Grows *items (of *cap, n used, size bytes each) to room for one more. */
static bool room_for_one(void **items, size_t *cap, size_t n, size_t size) {
  if (n < *cap)
    return true;
  size_t bigger = *cap ? 2 * *cap : 1024;
  void *p = bigger < SIZE_MAX / size ? realloc(*items, bigger * size) : NULL;
  if (p == NULL)
    return false;
  *items = p;
  *cap = bigger;
  return true;
}

/* Copies the n bytes of s into the map's strings; their offset, or
 * SIZE_MAX when out of memory. */
static size_t keep(struct published_map *m, const char *s, size_t n) {
  if (m->cap - m->len < n) {
    size_t cap = m->cap ? m->cap : 1 << 16;
    while (cap - m->len < n && cap <= SIZE_MAX / 2)
      cap *= 2;
    char *strings = cap - m->len >= n ? realloc(m->strings, cap) : NULL;
    if (strings == NULL)
      return SIZE_MAX;
    m->strings = strings;
    m->cap = cap;
  }
  memcpy(m->strings + m->len, s, n);
  m->len += n;
  return m->len - n;
}

/* dd_store_feed_states_each's callback: a row, appended to its visit's
 * group (a new one when the visit changes: the rows come grouped). */
static int map_add(const char *visit, const char *milestone,
                   const char *published, int sequence, void *arg) {
  struct published_map *m = arg;
  struct published_visit *last = m->nvisits ? &m->visits[m->nvisits - 1] : NULL;
  if (last == NULL || strcmp(m->strings + last->id, visit) != 0) {
    if (!room_for_one((void **)&m->visits, &m->visits_cap, m->nvisits,
                      sizeof *m->visits))
      return DD_ENOMEM;
    last = &m->visits[m->nvisits];
    if ((last->id = keep(m, visit, strlen(visit) + 1)) == SIZE_MAX)
      return DD_ENOMEM;
    last->first = m->nrows;
    last->nrows = 0;
    m->nvisits++;
  }
  size_t nm = strlen(milestone) + 1, np = strlen(published) + 1;
  size_t text = keep(m, milestone, nm);
  if (text == SIZE_MAX || keep(m, published, np) == SIZE_MAX ||
      !room_for_one((void **)&m->rows, &m->rows_cap, m->nrows, sizeof *m->rows))
    return DD_ENOMEM;
  m->rows[m->nrows++] = (struct published_row){text, sequence};
  last->nrows++;
  return DD_OK;
}

/* The index of visit id in the map, or SIZE_MAX; with slot (when not
 * NULL) set to its slot, or the empty one where it would go. */
static size_t map_lookup(const struct published_map *m, const char *id,
                         uint64_t h, size_t *slot) {
  size_t i = (size_t)h & m->mask;
  for (; m->slots[i] != 0; i = (i + 1) & m->mask) {
    size_t v = (size_t)(m->slots[i] & 0xffffffffu) - 1;
    if ((m->slots[i] ^ h) >> 32 == 0 &&
        strcmp(m->strings + m->visits[v].id, id) == 0) {
      if (slot != NULL)
        *slot = i;
      return v;
    }
  }
  if (slot != NULL)
    *slot = i;
  return SIZE_MAX;
}

/* Indexes the visits read. DD_ENOMEM, or DD_EIO when a visit's rows came
 * in two groups (the store promises them together). */
static int map_index(struct published_map *m) {
  if (m->nvisits >= UINT32_MAX)
    return DD_ENOMEM;
  size_t size = 16;
  while (size < 2 * m->nvisits)
    size *= 2;
  if ((m->slots = calloc(size, sizeof *m->slots)) == NULL)
    return DD_ENOMEM;
  m->mask = size - 1;
  for (size_t v = 0; v < m->nvisits; v++) {
    const char *id = m->strings + m->visits[v].id;
    uint64_t h = id_hash(id);
    size_t slot;
    if (map_lookup(m, id, h, &slot) != SIZE_MAX)
      return DD_EIO;
    m->slots[slot] = (h & 0xffffffff00000000u) | (uint64_t)(v + 1);
  }
  return DD_OK;
}

/* The rows published of visit id (none when it never was). */
static const struct published_visit *map_visit(const struct published_map *m,
                                               const char *id) {
  static const struct published_visit none = {0, 0, 0};
  size_t v = m->nvisits ? map_lookup(m, id, id_hash(id), NULL) : SIZE_MAX;
  return v == SIZE_MAX ? &none : &m->visits[v];
}

/* What was published of milestone among a visit's rows: its fingerprint
 * (borrowed from the map) and *sequence; NULL when it never was. */
static const char *map_find(const struct published_map *m,
                            const struct published_visit *v,
                            const char *milestone, int *sequence) {
  for (size_t r = v->first; r < v->first + v->nrows; r++) {
    const char *text = m->strings + m->rows[r].text;
    if (text[0] == milestone[0] && strcmp(text, milestone) == 0) {
      *sequence = m->rows[r].sequence;
      return text + strlen(text) + 1;
    }
  }
  return NULL;
}

static void map_free(struct published_map *m) {
  free(m->rows);
  free(m->visits);
  free(m->strings);
  free(m->slots);
}

/* A feed being built. */
struct feed {
  dd_ics_feed *ics;
  dd_store *st;
  struct published_map published;
  size_t n; /* events added */
};

time_t dd_feed_dtstamp(dd_date today, bool pinned) {
  return pinned ? (time_t)today * 86400 : time(NULL);
}

/* Text being put together in a fixed buffer, cut short (and always
 * NUL-terminated) where it would overflow, as snprintf would: the words of
 * an event without a format parsed per piece, which was a fifth of a large
 * feed's time. */
struct words {
  char *p, *end; /* end: the last byte, kept for the NUL */
};

static struct words words_in(char *buf, size_t size) {
  buf[0] = '\0';
  return (struct words){buf, buf + size - 1};
}

static void add_n(struct words *w, const char *s, size_t n) {
  if (n > (size_t)(w->end - w->p))
    n = (size_t)(w->end - w->p);
  memcpy(w->p, s, n);
  w->p += n;
  *w->p = '\0';
}

static void add(struct words *w, const char *s) { add_n(w, s, strlen(s)); }

/* v as width decimal digits at least, zero-padded. */
static void add_number(struct words *w, size_t v, int width) {
  char digits[24], *d = digits + sizeof digits;
  do {
    *--d = (char)('0' + v % 10);
    v /= 10;
  } while (v > 0 || digits + sizeof digits - d < width);
  add_n(w, d, (size_t)(digits + sizeof digits - d));
}

static void add_date(struct words *w, dd_date date) {
  char d[DD_DATE_BUFSIZE];
  add_n(w, dd_date_format(date, d), DD_DATE_BUFSIZE - 1);
}

/* What an event says about its dates, as stored in feed_state:
 * "START/END/TIME" ("2021-01-22/2021-02-05/-", "2020-12-14/2020-12-14/17:00"),
 * with "/cancelled" appended for a cancelled one. */
static void fingerprint(char *buf, size_t size, dd_date start, dd_date end,
                        int time, bool cancelled) {
  struct words w = words_in(buf, size);
  add_date(&w, start);
  add(&w, "/");
  add_date(&w, end);
  add(&w, "/");
  if (time >= 0) {
    add_number(&w, (size_t)(time / 60 % 24), 2);
    add(&w, ":");
    add_number(&w, (size_t)(time % 60), 2);
  } else {
    add(&w, "-");
  }
  if (cancelled)
    add(&w, "/cancelled");
}

/* Reads a fingerprint back; false if it is not one. */
static bool parse_fingerprint(const char *text, dd_date *start, dd_date *end,
                              int *time) {
  if (strlen(text) < 23 || text[10] != '/' || text[21] != '/')
    return false;
  if (dd_date_parse_n(text, 10, start, NULL) != DD_OK ||
      dd_date_parse_n(text + 11, 10, end, NULL) != DD_OK)
    return false;
  *time = -1;
  if (text[22] != '-') {
    char t[6];
    memcpy(t, text + 22, 5);
    t[5] = '\0';
    if (dd_time_parse(t, time) != DD_OK)
      return false;
  }
  return true;
}

/* The event's description: the milestone, who acts, its rule and the days
 * skipped counting it, its status and the visit. */
static void describe(char *buf, size_t size, const dd_visit *v,
                     const dd_schedule *s, const dd_milestone *m) {
  char text[512];
  struct words w = words_in(buf, size);
  add(&w, m->rule->title);
  add(&w, "\nWho acts: ");
  add(&w, m->rule->actor);
  add(&w, "\nRule: ");
  add(&w, dd_milestone_rule_text(s, m, text, sizeof text));
  const dd_explanation *e = &m->explanation;
  if (e->nskipped > 0) {
    add(&w, "\nSkipped: ");
    add_number(&w, e->weekend_days, 1);
    add(&w, e->weekend_days == 1 ? " weekend day" : " weekend days");
    for (size_t i = 0; i < e->nskipped; i++) {
      if (e->skipped[i].reason.kind == DD_REASON_WEEKEND)
        continue;
      add(&w, "; ");
      add_date(&w, e->skipped[i].date);
      add(&w, " ");
      add(&w, e->skipped[i].reason.text);
    }
  }
  add(&w, "\nStatus: ");
  add(&w, m->status == DD_STATUS_CANCELLED || !m->applies
              ? "cancelled"
              : dd_milestone_status_text(m, text, sizeof text));
  add(&w, "\nVisit: ");
  add(&w, v->id);
  add(&w, ", ");
  add(&w, v->name);
  if (v->urn[0]) {
    add(&w, " ");
    add(&w, v->urn);
  }
  add(&w, " (");
  add(&w, v->type);
  add(&w, ")");
  if (v->region[0]) {
    add(&w, ", ");
    add(&w, v->region);
  }
}

/* Adds the milestones of visit v with its schedule s. A milestone whose
 * fingerprint differs from what was published (or that never was) is
 * written to the register, which gives it the next SEQUENCE (or 0); one
 * that stopped applying, or of a cancelled visit, is published with
 * STATUS:CANCELLED at the dates it was published with; one never published
 * and not applying is left out. */
static int add_visit(struct feed *feed, const dd_visit *v, const dd_schedule *s,
                     dd_diag *diag) {
  const struct published_visit *published = map_visit(&feed->published, v->id);
  for (size_t i = 0; i < s->n; i++) {
    const dd_milestone *m = &s->items[i];
    char uid[160], fp[64], summary[256], categories[160];
    char description[2048];
    dd_ics_event ev = {.uid = uid,
                       .summary = summary,
                       .description = description,
                       .categories = categories,
                       .start = m->earliest,
                       .end = m->due,
                       .time = m->due_time};
    bool cancelled = !m->applies || m->status == DD_STATUS_CANCELLED;
    int sequence = 0;
    const char *before =
        map_find(&feed->published, published, m->rule->id, &sequence);
    /* Published once but no longer applying: cancel it where it was. */
    if (!m->applies &&
        (before == NULL ||
         !parse_fingerprint(before, &ev.start, &ev.end, &ev.time)))
      continue; /* never published: nothing to cancel */
    fingerprint(fp, sizeof fp, ev.start, ev.end, ev.time, cancelled);
    ev.sequence = sequence;
    if (before == NULL || strcmp(before, fp) != 0) {
      int err = dd_store_feed_state(feed->st, v->id, m->rule->id, fp,
                                    &ev.sequence, NULL, 0, diag);
      if (err != DD_OK)
        return err;
    }
    ev.cancelled = cancelled;
    /* Stable per visit and milestone: the same event on every refresh. */
    struct words w = words_in(uid, sizeof uid);
    add(&w, v->id);
    add(&w, ".");
    add(&w, m->rule->id);
    add(&w, "@dueday");
    w = words_in(summary, sizeof summary);
    if (m->status == DD_STATUS_DONE && !m->assumed)
      add(&w, "Done: ");
    add(&w, m->rule->summary);
    add(&w, ": ");
    add(&w, v->name);
    if (v->urn[0]) {
      add(&w, " ");
      add(&w, v->urn);
    }
    w = words_in(categories, sizeof categories);
    add(&w, "dueday,");
    add(&w, v->type);
    add(&w, ",");
    add(&w, m->rule->id);
    add(&w, ",");
    add(&w, m->rule->actor);
    describe(description, sizeof description, v, s, m);
    int err = dd_ics_feed_add(feed->ics, &ev, diag);
    if (err != DD_OK)
      return err;
    feed->n++;
  }
  return DD_OK;
}

struct scope_walk {
  struct feed *feed;
  dd_planner *planner;
  dd_scope_kind kind;
  const char *value;
  dd_date today;
  dd_diag *diag;
};

static int add_in_scope(const dd_visit *v, const dd_recorded *events, size_t n,
                        void *arg) {
  struct scope_walk *w = arg;
  if ((w->kind == DD_SCOPE_INSPECTOR && strcmp(v->inspector, w->value) != 0) ||
      (w->kind == DD_SCOPE_RIM && strcmp(v->rim, w->value) != 0) ||
      (w->kind == DD_SCOPE_VISIT && strcmp(v->id, w->value) != 0))
    return 0;
  dd_schedule s;
  dd_diag why;
  if (dd_planner_schedule(w->planner, v, events, n, w->today, &s, &why) !=
      DD_OK)
    return 0; /* a visit the rules reject must not empty everyone's feed */
  int err = add_visit(w->feed, v, &s, w->diag);
  dd_schedule_free(&s);
  return err;
}

static int holidays_text(const char *dir, const char *division,
                         const char *calname, dd_date today, time_t dtstamp,
                         char **text, size_t *len, size_t *nevents,
                         dd_diag *diag) {
  dd_holidays *h;
  int err = dd_holidays_load(dir, division, &h, diag);
  if (err != DD_OK)
    return err;
  int y;
  dd_date_to_ymd(today, &y, NULL, NULL);
  dd_date from, to;
  dd_date_from_ymd(y > DD_YEAR_MIN ? y - 1 : y, 1, 1, &from);
  dd_date_from_ymd(y + 2 <= DD_YEAR_MAX ? y + 2 : DD_YEAR_MAX, 12, 31, &to);
  const dd_holiday *first;
  *nevents = dd_holidays_between(h, from, to, &first);
  FILE *mem = open_memstream(text, len);
  err = mem != NULL ? dd_ics_write_holidays(mem, calname, division, first,
                                            *nevents, dtstamp, diag)
                    : dd_diag_set(diag, DD_ENOMEM, "out of memory");
  if (mem != NULL && fclose(mem) != 0 && err == DD_OK)
    err = dd_diag_set(diag, DD_ENOMEM, "out of memory");
  dd_holidays_free(h);
  if (err != DD_OK) {
    free(*text);
    *text = NULL;
  }
  return err;
}

int dd_feed_build(dd_store *st, dd_planner *planner, dd_scope_kind kind,
                  const char *value, const char *calname, dd_date today,
                  time_t dtstamp, char **text, size_t *len, size_t *nevents,
                  dd_diag *diag) {
  *text = NULL;
  *len = 0;
  *nevents = 0;
  if (kind == DD_SCOPE_HOLIDAYS)
    return holidays_text(dd_planner_holidays_dir(planner), value, calname,
                         today, dtstamp, text, len, nevents, diag);
  struct feed feed = {.st = st};
  struct scope_walk w = {.feed = &feed,
                         .planner = planner,
                         .kind = kind,
                         .value = value,
                         .today = today,
                         .diag = diag};
  /* Hourly: deadlines move when events are recorded, and Google refreshes
   * on its own schedule anyway. */
  int err = dd_ics_feed_new(calname, 60, dtstamp, &feed.ics, diag);
  if (err != DD_OK)
    return err;
  if ((err = dd_store_begin(st, diag)) != DD_OK) {
    dd_ics_feed_free(feed.ics);
    return err;
  }
  /* Inside the transaction, so that what is read is what is written over. */
  err = dd_store_feed_states_each(st, kind, value, map_add, &feed.published,
                                  diag);
  if (err == DD_OK && (err = map_index(&feed.published)) == DD_EIO)
    dd_diag_set(diag, err, "register: feed state rows out of order");
  if (err == DD_ENOMEM) /* from map_add or map_index */
    dd_diag_set(diag, err, "out of memory");
  if (err == DD_OK)
    err = dd_store_visits_each(st, kind == DD_SCOPE_REGION ? value : NULL,
                               add_in_scope, &w, diag);
  if (err == DD_OK && kind == DD_SCOPE_VISIT && feed.n == 0) {
    dd_visit v;
    if ((err = dd_store_visit_get(st, value, &v, NULL, NULL, diag)) == DD_OK)
      dd_visit_clear(&v);
  }
  if (err == DD_OK) {
    *text = dd_ics_feed_finish(feed.ics, len);
    feed.ics = NULL;
    if (*text == NULL)
      err = dd_diag_set(diag, DD_ENOMEM, "out of memory");
  }
  /* The register remembers what was published only once it was made. */
  if (err == DD_OK)
    err = dd_store_commit(st, diag);
  if (err != DD_OK) {
    dd_store_rollback(st);
    free(*text);
    *text = NULL;
    *len = 0;
  }
  *nevents = feed.n;
  dd_ics_feed_free(feed.ics);
  map_free(&feed.published);
  return err;
}
