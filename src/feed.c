/* Turning schedules into calendar events: the words a phone shows, the
 * rule and explanation in the description, and the bookkeeping (through the
 * register) that makes updates update. */
#include "dueday/feed.h"

#include "dueday/ics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct dd_feed {
  dd_ics_feed *ics;
  size_t n;
};

int dd_feed_new(const char *calname, time_t dtstamp, dd_feed **out,
                dd_diag *diag) {
  *out = calloc(1, sizeof **out);
  if (*out == NULL)
    return dd_diag_set(diag, DD_ENOMEM, "out of memory");
  /* Hourly: deadlines move when events are recorded, and Google refreshes
   * on its own schedule anyway. */
  int err = dd_ics_feed_new(calname, 60, dtstamp, &(*out)->ics, diag);
  if (err != DD_OK) {
    free(*out);
    *out = NULL;
  }
  return err;
}

void dd_feed_free(dd_feed *feed) {
  if (feed == NULL)
    return;
  dd_ics_feed_free(feed->ics);
  free(feed);
}

size_t dd_feed_count(const dd_feed *feed) { return feed->n; }

char *dd_feed_text(const dd_feed *feed, size_t *len) {
  return dd_ics_feed_text(feed->ics, len);
}

/* What an event says about its dates, as stored in feed_state:
 * "START/END/TIME" ("2021-01-22/2021-02-05/-", "2020-12-14/2020-12-14/17:00"),
 * with "/cancelled" appended for a cancelled one. */
static void fingerprint(char *buf, size_t size, dd_date start, dd_date end,
                        int time, bool cancelled) {
  char a[DD_DATE_BUFSIZE], b[DD_DATE_BUFSIZE], t[8] = "-";
  if (time >= 0)
    snprintf(t, sizeof t, "%02d:%02d", time / 60 % 24, time % 60);
  snprintf(buf, size, "%s/%s/%s%s", dd_date_format(start, a),
           dd_date_format(end, b), t, cancelled ? "/cancelled" : "");
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

static void describe(char *buf, size_t size, const dd_visit *v,
                     const dd_schedule *s, const dd_milestone *m) {
  char rule[512], status[160], skipped[1024] = "";
  size_t len = 0;
  const dd_explanation *e = &m->explanation;
  if (e->nskipped > 0) {
    len += (size_t)snprintf(skipped, sizeof skipped,
                            "\nSkipped: %zu weekend day%s", e->weekend_days,
                            e->weekend_days == 1 ? "" : "s");
    for (size_t i = 0; i < e->nskipped && len < sizeof skipped; i++) {
      char d[DD_DATE_BUFSIZE];
      if (e->skipped[i].reason.kind == DD_REASON_WEEKEND)
        continue;
      len += (size_t)snprintf(skipped + len, sizeof skipped - len, "; %s %s",
                              dd_date_format(e->skipped[i].date, d),
                              e->skipped[i].reason.text);
    }
  }
  snprintf(buf, size,
           "%s\nWho acts: %s\nRule: %s%s\nStatus: %s\nVisit: %s, %s%s%s "
           "(%s)%s%s",
           m->rule->title, m->rule->actor,
           dd_milestone_rule_text(s, m, rule, sizeof rule), skipped,
           m->status == DD_STATUS_CANCELLED || !m->applies
               ? "cancelled"
               : dd_milestone_status_text(m, status, sizeof status),
           v->id, v->name, v->urn[0] ? " " : "", v->urn, v->type,
           v->region[0] ? ", " : "", v->region);
}

int dd_feed_add_visit(dd_feed *feed, dd_store *st, const dd_visit *v,
                      const dd_schedule *s, dd_diag *diag) {
  for (size_t i = 0; i < s->n; i++) {
    const dd_milestone *m = &s->items[i];
    char uid[160], fp[64], previous[64], summary[256], categories[160];
    char description[2048];
    /* Stable per visit and milestone: the same event on every refresh. */
    snprintf(uid, sizeof uid, "%s.%s@dueday", v->id, m->rule->id);
    dd_ics_event ev = {.uid = uid,
                       .summary = summary,
                       .description = description,
                       .categories = categories,
                       .start = m->earliest,
                       .end = m->due,
                       .time = m->due_time};
    bool cancelled = !m->applies || m->status == DD_STATUS_CANCELLED;
    int err;
    if (!m->applies) {
      /* Published once but no longer applying: cancel it where it was. */
      int seq;
      err = dd_store_feed_state(st, v->id, m->rule->id, NULL, &seq, previous,
                                sizeof previous, diag);
      if (err != DD_OK)
        return err;
      if (!parse_fingerprint(previous, &ev.start, &ev.end, &ev.time))
        continue; /* never published: nothing to cancel */
    }
    fingerprint(fp, sizeof fp, ev.start, ev.end, ev.time, cancelled);
    err = dd_store_feed_state(st, v->id, m->rule->id, fp, &ev.sequence, NULL, 0,
                              diag);
    if (err != DD_OK)
      return err;
    ev.cancelled = cancelled;
    snprintf(summary, sizeof summary, "%s%s: %s%s%s",
             m->status == DD_STATUS_DONE && !m->assumed ? "Done: " : "",
             m->rule->summary, v->name, v->urn[0] ? " " : "", v->urn);
    snprintf(categories, sizeof categories, "dueday,%s,%s,%s", v->type,
             m->rule->id, m->rule->actor);
    describe(description, sizeof description, v, s, m);
    if ((err = dd_ics_feed_add(feed->ics, &ev, diag)) != DD_OK)
      return err;
    feed->n++;
  }
  return DD_OK;
}

struct scope_walk {
  dd_feed *feed;
  dd_store *st;
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
  int err = dd_feed_add_visit(w->feed, w->st, v, &s, w->diag);
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
  struct scope_walk w = {.st = st,
                         .planner = planner,
                         .kind = kind,
                         .value = value,
                         .today = today,
                         .diag = diag};
  int err = dd_feed_new(calname, dtstamp, &w.feed, diag);
  if (err != DD_OK)
    return err;
  if ((err = dd_store_begin(st, diag)) != DD_OK) {
    dd_feed_free(w.feed);
    return err;
  }
  err = dd_store_visits_each(st, kind == DD_SCOPE_REGION ? value : NULL,
                             add_in_scope, &w, diag);
  if (err == DD_OK && kind == DD_SCOPE_VISIT && w.feed->n == 0) {
    dd_visit v;
    if ((err = dd_store_visit_get(st, value, &v, NULL, NULL, diag)) == DD_OK)
      dd_visit_clear(&v);
  }
  if (err == DD_OK && (*text = dd_feed_text(w.feed, len)) == NULL)
    err = dd_diag_set(diag, DD_ENOMEM, "out of memory");
  /* The register remembers what was published only once it was made. */
  if (err == DD_OK)
    err = dd_store_commit(st, diag);
  if (err != DD_OK) {
    dd_store_rollback(st);
    free(*text);
    *text = NULL;
  }
  *nevents = w.feed->n;
  dd_feed_free(w.feed);
  return err;
}
