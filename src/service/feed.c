/* Turning schedules into calendar events: the words a phone shows, the
 * rule and explanation in the description, and the bookkeeping (through the
 * register) that makes updates update. */
#include "dueday/feed.h"

#include "buf.h"
#include "dueday/ics.h"
#include "feed_state.h"
#include "ics_writer.h"
#include "util.h"

#include <pthread.h>
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
  dd__buf strings;
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

/* Copies the n bytes of s into the map's strings; their offset, or
 * SIZE_MAX when out of memory. */
static size_t keep(struct published_map *m, const char *s, size_t n) {
  size_t at = m->strings.len;
  /* A region's rows hold megabytes of strings: start at 64 KiB. */
  if (!dd__buf_reserve(&m->strings, n, (size_t)1 << 16))
    return SIZE_MAX;
  dd__buf_put(&m->strings, s, n);
  return at;
}

/* dd_store_feed_states_each's callback: a row, appended to its visit's
 * group (a new one when the visit changes: the rows come grouped). */
static int map_add(const char *visit, const char *milestone,
                   const char *published, int sequence, void *arg) {
  struct published_map *m = arg;
  struct published_visit *last = m->nvisits ? &m->visits[m->nvisits - 1] : NULL;
  if (last == NULL || strcmp(m->strings.p + last->id, visit) != 0) {
    if (!dd__grow(&m->visits, &m->visits_cap, m->nvisits + 1, sizeof *m->visits,
                  1024))
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
      !dd__grow(&m->rows, &m->rows_cap, m->nrows + 1, sizeof *m->rows, 1024))
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
        strcmp(m->strings.p + m->visits[v].id, id) == 0) {
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
    const char *id = m->strings.p + m->visits[v].id;
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
    const char *text = m->strings.p + m->rows[r].text;
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
  dd__buf_clear(&m->strings);
  free(m->slots);
}

/* The cancelled visits and the day each was cancelled, ordered by id (as
 * dd__store_cancellations_each gives them), found by binary search. */
struct cancellations {
  struct cancellation {
    char *id;
    dd_date day;
  } * items;
  size_t n, cap;
};

static int cancellation_add(const char *id, dd_date day, void *arg) {
  struct cancellations *c = arg;
  if (!dd__grow(&c->items, &c->cap, c->n + 1, sizeof *c->items, 64))
    return DD_ENOMEM;
  if ((c->items[c->n].id = dd__strdup(id)) == NULL)
    return DD_ENOMEM;
  c->items[c->n++].day = day;
  return DD_OK;
}

static int cancellation_cmp(const void *key, const void *item) {
  return strcmp(key, ((const struct cancellation *)item)->id);
}

/* The day visit id was cancelled, or fallback when the audit log does not
 * say (a visit imported as cancelled). */
static dd_date cancelled_on(const struct cancellations *c, const char *id,
                            dd_date fallback) {
  const struct cancellation *found =
      c->n ? bsearch(id, c->items, c->n, sizeof *c->items, cancellation_cmp)
           : NULL;
  return found != NULL ? found->day : fallback;
}

static void cancellations_free(struct cancellations *c) {
  for (size_t i = 0; i < c->n; i++)
    free(c->items[i].id);
  free(c->items);
}

/* A feed being built. */
struct feed {
  dd_ics_feed *ics;
  dd_store *st;
  dd_planner *planner;
  dd_date today;
  /* The horizon: events whose last day is before from are left out, and
   * so are all of a visit cancelled before it. DD_DATE_MIN - 1: none. */
  dd_date from;
  struct cancellations cancelled;
  struct published_map published;
  size_t n; /* events added */
};

/* ---- the visits of a scope, held for planning on two threads ------------ */

/* Strings copied out of the register's rows, in chunks that never move. */
struct arena {
  char **chunks;
  size_t nchunks, chunks_cap;
  char *at, *end;
};

static void arena_free(struct arena *a) {
  for (size_t i = 0; i < a->nchunks; i++)
    free(a->chunks[i]);
  free(a->chunks);
}

/* A visit of the scope, copied out of the register's row: the strings and
 * events live in the arena. */
struct held {
  dd_visit visit;
  dd_recorded *events;
  size_t nevents;
  const char *unplanned; /* why its calendar cannot be built, or NULL */
  dd_date cancelled_on;  /* a cancelled visit's day of cancellation */
};

/* The visits of a scope, read by the thread that owns the register and
 * handed, as they come, to a second thread that plans and writes the first
 * of them while the rest are read; the reader then writes the rest, from a
 * split it chooses once it knows how many there are, so that the two
 * finish together. Held in blocks that never move: the writer reads a
 * visit while more are added. The lock guards what the two share: the
 * block table, how many visits there are, the split, and the writer's
 * place. */
enum { BLOCK = 512 };

struct held_visits {
  struct held **blocks;
  size_t nblocks, blocks_cap;
  size_t n;             /* visits held */
  struct arena strings; /* their strings and events */
  dd_planner *planner;
  const dd_remind_policy *policy; /* whose RIM a visit's is */
  const struct cancellations *cancelled;
  dd_scope_kind kind;
  const char *value;
  pthread_mutex_t lock;
  pthread_cond_t more; /* signalled when n grows or reading ends */
  bool done;           /* every visit has been read */
  size_t next;         /* the next visit the writer takes */
  size_t split;        /* where the writer stops: SIZE_MAX until done */
};

/* Room for n bytes aligned for any object, from the arena. */
static void *arena_alloc(struct arena *a, size_t n) {
  uintptr_t at = ((uintptr_t)a->at + 15) & ~(uintptr_t)15;
  if (a->at == NULL || at + n > (uintptr_t)a->end) {
    size_t size = n + 16 > 65536 ? n + 16 : 65536;
    char *chunk = dd__grow(&a->chunks, &a->chunks_cap, a->nchunks + 1,
                           sizeof *a->chunks, 16)
                      ? malloc(size)
                      : NULL;
    if (chunk == NULL)
      return NULL;
    a->chunks[a->nchunks++] = chunk;
    a->at = chunk;
    a->end = chunk + size;
    at = ((uintptr_t)a->at + 15) & ~(uintptr_t)15;
  }
  a->at = (char *)(at + n);
  return (void *)at;
}

static char *arena_copy(struct arena *a, const char *s) {
  size_t n = strlen(s) + 1;
  char *copy = arena_alloc(a, n);
  return copy != NULL ? memcpy(copy, s, n) : NULL;
}

/* Visit i; under the lock unless reading is done. */
static struct held *held_at(const struct held_visits *h, size_t i) {
  return &h->blocks[i / BLOCK][i % BLOCK];
}

static int hold_visit(const dd_visit *v, const dd_recorded *events, size_t n,
                      void *arg) {
  struct held_visits *h = arg;
  if (!dd_scope_includes_under(h->kind, h->value, v, h->policy))
    return 0;
  /* Build what planning it needs now, so that planning only reads the
   * planner; a visit whose calendar cannot be built keeps what was
   * published of it (add_unplanned), planned no further. */
  const dd_calendar *cal;
  dd_diag why = {{0}};
  int err = dd_planner_visit_calendar(h->planner, v, &cal, &why);
  if (err == DD_ENOMEM)
    return err; /* not the visit's fault: the feed would lack it */
  if (h->n % BLOCK == 0 && h->n / BLOCK == h->nblocks) {
    struct held *block = malloc(BLOCK * sizeof *block);
    if (block == NULL)
      return DD_ENOMEM;
    pthread_mutex_lock(&h->lock);
    bool grown = dd__grow(&h->blocks, &h->blocks_cap, h->nblocks + 1,
                          sizeof *h->blocks, 16);
    if (grown)
      h->blocks[h->nblocks++] = block;
    pthread_mutex_unlock(&h->lock);
    if (!grown) {
      free(block);
      return DD_ENOMEM;
    }
  }
  /* The slot is the reader's alone until n counts it. */
  struct held *k = &h->blocks[h->n / BLOCK][h->n % BLOCK];
  k->visit = *v;
  char **fields[] = {&k->visit.id,        &k->visit.type,
                     &k->visit.name,      &k->visit.urn,
                     &k->visit.setting,   &k->visit.local_authority,
                     &k->visit.region,    &k->visit.division,
                     &k->visit.inspector, &k->visit.rim};
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
    if ((*fields[i] = arena_copy(&h->strings, *fields[i] ? *fields[i] : "")) ==
        NULL)
      return DD_ENOMEM;
  k->unplanned = NULL;
  /* Imported cancelled, with no cancellation in the audit log: as though
   * cancelled when it started, which drops it once it is a horizon old. */
  k->cancelled_on = v->status == DD_VISIT_CANCELLED
                        ? cancelled_on(h->cancelled, v->id, v->start)
                        : DD_DATE_MAX;
  if (err != DD_OK &&
      (k->unplanned = arena_copy(&h->strings, why.message)) == NULL)
    return DD_ENOMEM;
  k->nevents = n;
  k->events = n ? arena_alloc(&h->strings, n * sizeof *k->events) : NULL;
  if (n && k->events == NULL)
    return DD_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    dd_recorded *e = &k->events[i];
    *e = events[i];
    if ((e->what = arena_copy(&h->strings, events[i].what)) == NULL ||
        (e->by = arena_copy(&h->strings, events[i].by ? events[i].by : "")) ==
            NULL ||
        (e->note = arena_copy(&h->strings,
                              events[i].note ? events[i].note : "")) == NULL)
      return DD_ENOMEM;
  }
  pthread_mutex_lock(&h->lock);
  h->n++;
  pthread_cond_signal(&h->more);
  pthread_mutex_unlock(&h->lock);
  return 0;
}

static void held_free(struct held_visits *h) {
  pthread_mutex_destroy(&h->lock);
  pthread_cond_destroy(&h->more);
  for (size_t i = 0; i < h->nblocks; i++)
    free(h->blocks[i]);
  free(h->blocks);
  arena_free(&h->strings);
}

time_t dd_feed_dtstamp(dd_date today, bool pinned) {
  return pinned ? (time_t)today * 86400 : time(NULL);
}

/* Text being put together in a fixed buffer, cut short (and always
 * NUL-terminated) where it would overflow, on a character boundary: the
 * words of an event without a format parsed per piece, which was a fifth
 * of a large feed's time. */
struct words {
  char *p, *end; /* end: the last byte, kept for the NUL */
};

static struct words words_in(char *buf, size_t size) {
  buf[0] = '\0';
  return (struct words){buf, buf + size - 1};
}

static void add_n(struct words *w, const char *s, size_t n) {
  bool cut = n > (size_t)(w->end - w->p);
  /* Never inside a character: half a name's last letter would make the
   * whole feed invalid UTF-8. Once cut, the text is full, so that no
   * shorter word after it lands beyond the gap. */
  if (cut)
    n = dd__utf8_cut(s, n, (size_t)(w->end - w->p));
  memcpy(w->p, s, n);
  w->p += n;
  *w->p = '\0';
  if (cut)
    w->end = w->p;
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

char *dd_feed_calname(dd_scope_kind kind, const char *value, char *buf,
                      size_t size) {
  struct words w = words_in(buf, size);
  switch (kind) {
  case DD_SCOPE_ALL:
    add(&w, "dueday: all deadlines");
    break;
  case DD_SCOPE_REGION:
    add(&w, "dueday: ");
    add(&w, value);
    add(&w, " deadlines");
    break;
  case DD_SCOPE_INSPECTOR:
    add(&w, "dueday: deadlines of ");
    add(&w, value);
    break;
  case DD_SCOPE_RIM:
    add(&w, "dueday: ");
    add(&w, value);
    add(&w, " as RIM");
    break;
  case DD_SCOPE_VISIT:
    add(&w, "dueday: visit ");
    add(&w, value);
    break;
  case DD_SCOPE_HOLIDAYS:
    add(&w, "UK bank holidays: ");
    add(&w, value);
    break;
  }
  return buf;
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

/* Whether nothing is left to do about m: done, passed, cancelled or no
 * longer applying. Such events are most of a feed (issue 12: a feed must
 * stay small), and say only what became of them. */
static bool milestone_closed(const dd_milestone *m) {
  return m->status == DD_STATUS_DONE || m->status == DD_STATUS_CANCELLED ||
         m->status == DD_STATUS_NOT_APPLICABLE || !m->applies;
}

/* The event's description. While the milestone is still to be done: what
 * it is, who acts, its rule and the holidays skipped counting it
 * (weekends go without saying), its status and the visit (its name and
 * URN are in the summary). Once closed, its status alone, with the
 * summary's name and URN for the visit (`dueday when --visit ID` explains
 * it in full). */
static void describe(char *buf, size_t size, const dd_visit *v,
                     const dd_schedule *s, const dd_milestone *m) {
  char text[512];
  struct words w = words_in(buf, size);
  if (!milestone_closed(m)) {
    add(&w, m->rule->title);
    add(&w, "\nWho acts: ");
    add(&w, m->rule->actor);
    add(&w, "\nRule: ");
    add(&w, dd_milestone_rule_text(s, m, text, sizeof text));
    const dd_explanation *e = &m->explanation;
    const char *sep = "\nSkipped: ";
    for (size_t i = 0; i < e->nskipped; i++) {
      if (e->skipped[i].reason.kind == DD_REASON_WEEKEND)
        continue;
      add(&w, sep);
      add_date(&w, e->skipped[i].date);
      add(&w, " ");
      add(&w, e->skipped[i].reason.text);
      sep = "; ";
    }
    add(&w, "\n");
  }
  add(&w, "Status: ");
  add(&w, m->status == DD_STATUS_CANCELLED || !m->applies
              ? "cancelled"
              : dd_milestone_status_text(m, text, sizeof text));
  add(&w, dd_milestone_notes(s, m, text, sizeof text));
  if (s->warning[0] != '\0' && !milestone_closed(m)) {
    /* The calendar or the rules changed under the register, or no rule
     * set's period holds the visit: the dates stand on what was recorded
     * or on the nearest rules, and whoever still has to act should know
     * (a closed event keeps only its status: feeds stay small). */
    add(&w, "\nWarning: ");
    add(&w, s->warning);
  }
  if (milestone_closed(m))
    return;
  add(&w, "\nVisit: ");
  add(&w, v->id);
  add(&w, " (");
  add(&w, v->type);
  add(&w, ")");
  if (v->region[0]) {
    add(&w, ", ");
    add(&w, v->region);
  }
}

/* A feed state row a part found changed, for the register once the parts
 * are done: the strings are borrowed from the held visits and the rules. */
struct change {
  const char *visit_id, *milestone;
  char fingerprint[64];
  int sequence; /* what the event was written with */
};

/* Some of the held visits, written as events by one thread: into the feed
 * itself, or into a part of it to be joined after. Reads only what the
 * threads share (the feed's map, the planner, the rules); the register is
 * left to the thread that owns it. */
struct part {
  const struct feed *feed;
  struct held_visits *held;
  dd_ics_feed *ics;
  struct change *changes;
  size_t nchanges, changes_cap;
  size_t n; /* events written */
  int err;
  dd_diag diag;
};

static int add_published(struct part *pt, const dd_visit *v,
                         const dd_schedule *s, const char *why, dd_diag *diag);

/* Whether an event is behind the feed's horizon: its last day is before
 * the horizon's first (issue 12: a feed that kept every visit ever made
 * was 9.8 MB for 2,000 visits, which calendar apps handle badly). */
static bool behind_horizon(const struct feed *feed, const dd_ics_event *ev) {
  dd_date last = ev->end > ev->start ? ev->end : ev->start;
  return last < feed->from;
}

/* Notes for the register that visit v's milestone is now published with
 * fingerprint fp (a buffer the size of change's) and SEQUENCE sequence.
 * milestone is borrowed: it must outlive the changes (a rule's id, or a
 * string of the feed's map). */
static int note_change(struct part *pt, const dd_visit *v,
                       const char *milestone, const char *fp, int sequence,
                       dd_diag *diag) {
  if (!dd__grow(&pt->changes, &pt->changes_cap, pt->nchanges + 1,
                sizeof *pt->changes, 1024))
    return dd_diag_set(diag, DD_ENOMEM, "out of memory");
  struct change *c = &pt->changes[pt->nchanges++];
  c->visit_id = v->id;
  c->milestone = milestone;
  memcpy(c->fingerprint, fp, sizeof c->fingerprint);
  c->sequence = sequence;
  return DD_OK;
}

/* The UID, SUMMARY and CATEGORIES of the event for visit v's milestone. */
struct event_names {
  char uid[160], summary[256], categories[160];
};

/* What an event's title starts with: its state, for the clients that
 * show a title and nothing else (issue 12: an overdue deadline looked like
 * any other; many clients ignore STATUS:CANCELLED). */
enum event_state {
  EVENT_PLAIN,
  EVENT_DONE,
  EVENT_OVERDUE,
  EVENT_CANCELLED,
  EVENT_NOT_NEEDED
};

static enum event_state milestone_state(const dd_milestone *m, bool cancelled) {
  /* The case review decided no monitoring visit: not a cancellation of
   * the visit, and the title says which. */
  return m->status == DD_STATUS_NOT_NEEDED            ? EVENT_NOT_NEEDED
         : cancelled                                  ? EVENT_CANCELLED
         : m->status == DD_STATUS_DONE && !m->assumed ? EVENT_DONE
         : m->status == DD_STATUS_OVERDUE             ? EVENT_OVERDUE
                                                      : EVENT_PLAIN;
}

/* The SUMMARY: "Overdue: Publish report: Acorn House SC123456", the
 * state's word (none when plain), the title, the visit's name and URN. */
static void summarise(char *buf, size_t size, const dd_visit *v,
                      const char *title, enum event_state state) {
  static const char *const words[] = {
      "", "Done: ", "Overdue: ", "Cancelled: ", "Not needed: "};
  struct words w = words_in(buf, size);
  add(&w, words[state]);
  add(&w, title);
  add(&w, ": ");
  add(&w, v->name);
  if (v->urn[0]) {
    add(&w, " ");
    add(&w, v->urn);
  }
}

/* Names the event: the UID is stable per visit and milestone, so that it
 * is the same event on every refresh; the summary is summarise's; the
 * categories end with actor unless it is NULL. */
static void name_event(struct event_names *n, const dd_visit *v,
                       const char *milestone, const char *title,
                       enum event_state state, const char *actor) {
  struct words w = words_in(n->uid, sizeof n->uid);
  add(&w, v->id);
  add(&w, ".");
  add(&w, milestone);
  add(&w, "@dueday");
  summarise(n->summary, sizeof n->summary, v, title, state);
  w = words_in(n->categories, sizeof n->categories);
  add(&w, "dueday,");
  add(&w, v->type);
  add(&w, ",");
  add(&w, milestone);
  if (actor) {
    add(&w, ",");
    add(&w, actor);
  }
}

/* Adds the milestones of visit v with its schedule s. A milestone whose
 * fingerprint differs from what was published (or that never was) gets the
 * next SEQUENCE (or 0), noted as a change for the register; one that
 * stopped applying, or of a cancelled visit, is published with
 * STATUS:CANCELLED at the dates it was published with; one never published
 * and not applying is left out. */
static int add_visit(struct part *pt, const dd_visit *v, const dd_schedule *s,
                     dd_diag *diag) {
  const struct feed *feed = pt->feed;
  const struct published_visit *published = map_visit(&feed->published, v->id);
  size_t found = 0; /* of its published rows */
  for (size_t i = 0; i < s->n; i++) {
    const dd_milestone *m = &s->items[i];
    struct event_names names;
    char fp[64], description[2048];
    dd_ics_event ev = {.uid = names.uid,
                       .summary = names.summary,
                       .description = description,
                       .categories = names.categories,
                       .start = m->earliest,
                       .end = m->due,
                       .time = m->due_time};
    bool cancelled = !m->applies || m->status == DD_STATUS_CANCELLED;
    int sequence = 0;
    const char *before =
        map_find(&feed->published, published, m->rule->id, &sequence);
    found += before != NULL;
    /* Published once but no longer applying: cancel it where it was. */
    if (!m->applies &&
        (before == NULL ||
         !parse_fingerprint(before, &ev.start, &ev.end, &ev.time)))
      continue; /* never published: nothing to cancel */
    /* Outside the horizon: left out, and its feed state left as it was. */
    if (behind_horizon(feed, &ev))
      continue;
    fingerprint(fp, sizeof fp, ev.start, ev.end, ev.time, cancelled);
    /* RFC 5545 3.8.7.4: a change of STATUS must raise SEQUENCE. */
    if ((ev.tentative = m->tentative && !cancelled))
      strcat(fp, "/tentative");
    ev.sequence = sequence;
    if (before == NULL || strcmp(before, fp) != 0) {
      /* As dd_store_feed_state will number it: 0 the first time, else one
       * more than what was published. */
      ev.sequence = before == NULL ? 0 : sequence + 1;
      int err = note_change(pt, v, m->rule->id, fp, ev.sequence, diag);
      if (err != DD_OK)
        return err;
    }
    ev.cancelled = cancelled;
    name_event(&names, v, m->rule->id, m->rule->summary,
               milestone_state(m, cancelled), m->rule->actor);
    /* Categories are for picking out what is to be done (a RIM's, an
     * inspector's): a closed event goes without them. */
    if (milestone_closed(m))
      ev.categories = NULL;
    describe(description, sizeof description, v, s, m);
    int err = dd_ics_feed_add(pt->ics, &ev, diag);
    if (err != DD_OK)
      return err;
    pt->n++;
  }
  /* Published milestones the rules no longer have. */
  return found < published->nrows ? add_published(pt, v, s, NULL, diag) : DD_OK;
}

/* What was published of visit v and is not among the milestones of its
 * schedule s, so that no event vanishes from a subscriber's calendar
 * without a word (RFC 5545 clients drop what a refreshed feed no longer
 * holds; issue 9):
 * - s NULL, a visit that cannot be planned at all (a visit type or
 *   division the configuration no longer has, holiday data that cannot be
 *   read): every event stays as last published, at the same dates and
 *   SEQUENCE, with why (why) in the description, until the visit can be
 *   planned again or is cancelled; nothing is written to the feed state.
 *   Cancelling them instead would let one configuration mistake cancel
 *   real deadlines in every subscriber's calendar.
 * - otherwise a milestone the rules no longer have: cancelled at the dates
 *   it was published with, as one that stopped applying (add_visit). */
static int add_published(struct part *pt, const dd_visit *v,
                         const dd_schedule *s, const char *why, dd_diag *diag) {
  const struct published_map *map = &pt->feed->published;
  const struct published_visit *published = map_visit(map, v->id);
  for (size_t r = published->first; r < published->first + published->nrows;
       r++) {
    const char *milestone = map->strings.p + map->rows[r].text;
    const char *before = milestone + strlen(milestone) + 1;
    struct event_names names;
    char description[1024], fp[64];
    dd_ics_event ev = {.uid = names.uid,
                       .summary = names.summary,
                       .description = description,
                       .categories = names.categories,
                       .sequence = map->rows[r].sequence};
    if ((s != NULL && dd_schedule_find(s, milestone) != NULL) ||
        !parse_fingerprint(before, &ev.start, &ev.end, &ev.time) ||
        behind_horizon(pt->feed, &ev))
      continue;
    ev.cancelled = s != NULL || strstr(before, "/cancelled") != NULL;
    fingerprint(fp, sizeof fp, ev.start, ev.end, ev.time, ev.cancelled);
    if (strcmp(fp, before) != 0) {
      ev.sequence++; /* as dd_store_feed_state will number it */
      /* The map outlives the changes. */
      int err = note_change(pt, v, milestone, fp, ev.sequence, diag);
      if (err != DD_OK)
        return err;
    }
    /* The rule is gone: its id stands for its summary and its actor is
     * not known. */
    name_event(&names, v, milestone, milestone,
               ev.cancelled ? EVENT_CANCELLED : EVENT_PLAIN, NULL);
    struct words w = words_in(description, sizeof description);
    if (s == NULL) {
      add(&w, "Warning: this visit cannot be planned: ");
      add(&w, why);
      add(&w, ". Shown as last published.");
    } else {
      add(&w, "Status: cancelled (the rules no longer have this milestone)");
    }
    add(&w, "\nVisit: ");
    add(&w, v->id);
    add(&w, ", ");
    add(&w, v->name);
    add(&w, " (");
    add(&w, v->type);
    add(&w, ")");
    int err = dd_ics_feed_add(pt->ics, &ev, diag);
    if (err != DD_OK)
      return err;
    pt->n++;
  }
  return DD_OK;
}

/* Plans visit h and writes its events into pt. */
static void write_visit(struct part *pt, const struct held *h) {
  dd_schedule s;
  dd_diag why = {{0}};
  /* A cancelled visit's events stay, cancelled, for one horizon after the
   * cancellation, so that calendars that fetched them see them go; then
   * they are dropped. */
  if (h->visit.status == DD_VISIT_CANCELLED && h->cancelled_on < pt->feed->from)
    return;
  if (h->unplanned != NULL) {
    pt->err = add_published(pt, &h->visit, NULL, h->unplanned, &pt->diag);
    return;
  }
  int err = dd_planner_schedule(pt->feed->planner, &h->visit, h->events,
                                h->nevents, pt->feed->today, &s, &why);
  if (err == DD_ENOMEM) {
    /* Unlike a visit the rules reject, this is no reason to leave the
     * visit out: the feed would silently lose its events. */
    pt->err = dd_diag_set(&pt->diag, err, "out of memory");
    return;
  }
  if (err != DD_OK) {
    /* A visit the rules reject must not empty everyone's feed. */
    pt->err = add_published(pt, &h->visit, NULL, why.message, &pt->diag);
    return;
  }
  pt->err = add_visit(pt, &h->visit, &s, &pt->diag);
  dd_schedule_clear(&s);
}

/* The writer thread: the visits from the first, in order, as they are
 * read, up to the split. */
static void *write_first(void *arg) {
  struct part *pt = arg;
  struct held_visits *h = pt->held;
  for (;;) {
    pthread_mutex_lock(&h->lock);
    while (h->next >= h->n && !h->done)
      pthread_cond_wait(&h->more, &h->lock);
    struct held *visit = NULL;
    if (h->next < h->n && h->next < h->split)
      visit = held_at(h, h->next++);
    pthread_mutex_unlock(&h->lock);
    if (visit == NULL)
      return NULL;
    if (pt->err == DD_OK)
      write_visit(pt, visit);
  }
}

/* Ends the reading: the writer stops at a split halfway through what it
 * has yet to take, and this thread writes the rest into part; after a
 * failure (ok false), the writer stops where it is and nothing more is
 * written. */
static void write_rest(struct held_visits *h, struct part *pt, bool ok) {
  pthread_mutex_lock(&h->lock);
  h->done = true;
  h->split = ok ? h->next + (h->n - h->next) / 2 : h->next;
  if (!ok)
    h->n = h->next;
  size_t from = h->split;
  pthread_cond_signal(&h->more);
  pthread_mutex_unlock(&h->lock);
  /* Reading is over: nothing moves any more. */
  for (size_t i = from; i < h->n && pt->err == DD_OK; i++)
    write_visit(pt, held_at(h, i));
}

/* The feed state rows the parts found changed, written to the register in
 * visit order when *writing; else, or once a write fails (*writing then
 * false, the transaction rolled back), left as they were, with the reason
 * in unkept (why, when it was not writing from the start). And the second
 * part's events joined to the feed. */
static int finish_parts(struct feed *feed, struct part *parts, bool *writing,
                        const dd_diag *why, dd_diag *unkept, dd_diag *diag) {
  int err = DD_OK;
  for (size_t p = 0; p < 2 && err == DD_OK; p++) {
    if (parts[p].err != DD_OK) {
      err = parts[p].err;
      *diag = parts[p].diag;
    }
    for (size_t i = 0; i < parts[p].nchanges && err == DD_OK; i++) {
      const struct change *c = &parts[p].changes[i];
      if (!*writing) {
        if (unkept->message[0] == '\0')
          *unkept = *why;
        break;
      }
      int sequence;
      int werr =
          dd_store_feed_state(feed->st, c->visit_id, c->milestone,
                              c->fingerprint, &sequence, NULL, 0, unkept);
      if (werr != DD_OK) {
        /* A full disk or a register made read only since it was opened:
         * the feed is still served, numbered from the stored state as it
         * will be again until a write succeeds. */
        dd_store_rollback(feed->st);
        *writing = false;
        break;
      }
      /* The transaction keeps anyone else out: the register numbers it as
       * the event was written, or something is badly wrong. */
      if (sequence != c->sequence)
        err = dd_diag_set(diag, DD_EIO,
                          "register: feed state of %s %s changed during a "
                          "build",
                          c->visit_id, c->milestone);
    }
    feed->n += parts[p].n;
  }
  err = err == DD_OK ? dd_ics_feed_join(feed->ics, parts[1].ics, diag)
                     : (dd_ics_feed_free(parts[1].ics), err);
  parts[1].ics = NULL;
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
  return dd_feed_build_within(st, planner, kind, value, calname, today, dtstamp,
                              -1, text, len, nevents, diag);
}

int dd_feed_build_within(dd_store *st, dd_planner *planner, dd_scope_kind kind,
                         const char *value, const char *calname, dd_date today,
                         time_t dtstamp, int horizon_days, char **text,
                         size_t *len, size_t *nevents, dd_diag *diag) {
  *text = NULL;
  *len = 0;
  *nevents = 0;
  if (diag != NULL)
    diag->message[0] = '\0'; /* no warning */
  if (kind == DD_SCOPE_HOLIDAYS)
    return holidays_text(dd_planner_holidays_dir(planner), value, calname,
                         today, dtstamp, text, len, nevents, diag);
  struct feed feed = {.st = st,
                      .planner = planner,
                      .today = today,
                      .from =
                          horizon_days < 0 ? INT32_MIN : today - horizon_days};
  const dd_config *cfg = dd_planner_config(planner);
  struct held_visits held = {.planner = planner,
                             .policy = cfg ? dd_config_reminders(cfg) : NULL,
                             .cancelled = &feed.cancelled,
                             .kind = kind,
                             .value = value,
                             .split = SIZE_MAX,
                             .lock = PTHREAD_MUTEX_INITIALIZER,
                             .more = PTHREAD_COND_INITIALIZER};
  struct part parts[2] = {{.feed = &feed, .held = &held},
                          {.feed = &feed, .held = &held}};
  /* Hourly: deadlines move when events are recorded, and Google refreshes
   * on its own schedule anyway. */
  int err = dd_ics_feed_new(calname, 60, dtstamp, &feed.ics, diag);
  if (err == DD_OK)
    err = dd_ics_events_new(dtstamp, &parts[1].ics, diag);
  if (err != DD_OK) {
    dd_ics_feed_free(feed.ics);
    return err;
  }
  parts[0].ics = feed.ics;
  /* The feed state is written when it can be. When it cannot (a register
   * open read only, a full disk, a file made read only), the feed is made
   * from the stored state without writing: each event then gets the
   * SEQUENCE the write would have given it, and gets it again next time,
   * so that subscribers see the same feed either way. */
  dd_diag why = {"the register is read only"}, unkept = {""};
  bool writing = !dd_store_read_only(st);
  if (writing && dd_store_begin(st, &why) != DD_OK)
    writing = false;
  /* Inside the transaction when writing, so that what is read is what is
   * written over. */
  /* A RIM's visits include those of the regions whose configured RIM it
   * is, which the register cannot tell: every visit's state is read. */
  err =
      dd_store_feed_states_each(st, kind == DD_SCOPE_RIM ? DD_SCOPE_ALL : kind,
                                value, map_add, &feed.published, diag);
  if (err == DD_OK && horizon_days >= 0)
    err = dd__store_cancellations_each(st, cancellation_add, &feed.cancelled,
                                       diag);
  if (err == DD_OK && (err = map_index(&feed.published)) == DD_EIO)
    dd_diag_set(diag, err, "register: feed state rows out of order");
  if (err == DD_ENOMEM) /* from map_add or map_index */
    dd_diag_set(diag, err, "out of memory");
  /* The writer starts on the first visits while the rest are read; with
   * no thread to be had, this one writes them all once they are read. */
  pthread_t writer;
  bool threaded = err == DD_OK &&
                  pthread_create(&writer, NULL, write_first, &parts[0]) == 0;
  if (err == DD_OK) {
    /* Deleted visits too: the register keeps them cancelled, and their
     * events are published as cancelled rather than dropped. */
    err = dd_store_visits_walk(st, kind == DD_SCOPE_REGION ? value : NULL,
                               DD_STORE_WITH_DELETED, hold_visit, &held, diag);
    if (err == DD_ENOMEM)
      dd_diag_set(diag, err, "out of memory");
  }
  if (threaded) {
    /* On failure too: the writer must stop before anything is freed. */
    write_rest(&held, &parts[1], err == DD_OK);
    pthread_join(writer, NULL);
  } else if (err == DD_OK) {
    held.done = true;
    write_first(&parts[0]);
    write_rest(&held, &parts[1], true);
  }
  if (err == DD_OK)
    err = finish_parts(&feed, parts, &writing, &why, &unkept, diag);
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
  /* The register remembers what was published only once it was made; a
   * commit that fails (a full disk) loses the state, not the feed. */
  if (err == DD_OK && writing && dd_store_commit(st, &unkept) != DD_OK)
    dd_store_rollback(st);
  if (err == DD_OK && diag != NULL) {
    *diag = unkept;
    if (unkept.message[0] != '\0')
      dd_diag_set(diag, DD_EIO, "feed state not kept: %s", unkept.message);
  }
  if (err != DD_OK) {
    dd_store_rollback(st);
    free(*text);
    *text = NULL;
    *len = 0;
  }
  *nevents = feed.n;
  dd_ics_feed_free(feed.ics);
  dd_ics_feed_free(parts[1].ics);
  free(parts[0].changes);
  free(parts[1].changes);
  map_free(&feed.published);
  cancellations_free(&feed.cancelled);
  held_free(&held);
  return err;
}
