/* The planning step of a reminder pass: which reminders the policy says are
 * due now, queued into the ledger. It reads the marks (what each recipient
 * has been told) once, walks every visit beside them, and writes only where
 * something is new: a threshold reached, a date moved, a milestone done. */
#include "notify_plan.h"

#include "buf.h"
#include "prefs_index.h"
#include "reminder.h"
#include "util.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- the marks, read once per pass -------------------------------------- */

/* A mark in memory: the three key strings in one block (visit_id points
 * to it), the due date apart because it changes. */
struct mark {
  const char *visit_id, *milestone, *recipient;
  char *due;
  int urgency;
};

/* Every mark, in the order the register keeps them (by visit, milestone,
 * recipient), which is also the order visits are planned in: a cursor
 * walks them alongside the visits, with no search. */
struct marks {
  struct mark *items;
  size_t n, cap;
  size_t cursor; /* the first mark of the visit being planned */
};

static int add_mark(const dd_reminder_mark *m, void *arg) {
  struct marks *ms = arg;
  if (!dd__grow(&ms->items, &ms->cap, ms->n + 1, sizeof *ms->items, 256))
    return DD_ENOMEM;
  size_t nv = strlen(m->visit_id) + 1, nm = strlen(m->milestone) + 1,
         nr = strlen(m->recipient) + 1;
  char *block = malloc(nv + nm + nr);
  char *due = dd__strdup(m->due);
  if (block == NULL || due == NULL) {
    free(block);
    free(due);
    return DD_ENOMEM;
  }
  struct mark *k = &ms->items[ms->n++];
  k->visit_id = memcpy(block, m->visit_id, nv);
  k->milestone = memcpy(block + nv, m->milestone, nm);
  k->recipient = memcpy(block + nv + nm, m->recipient, nr);
  k->due = due;
  k->urgency = m->urgency;
  return DD_OK;
}

static void marks_free(struct marks *ms) {
  for (size_t i = 0; i < ms->n; i++) {
    free((char *)ms->items[i].visit_id);
    free(ms->items[i].due);
  }
  free(ms->items);
}

/* Moves the cursor to visit's marks (visits come in id order) and returns
 * how many it has. */
static size_t marks_of_visit(struct marks *ms, const char *visit) {
  while (ms->cursor < ms->n &&
         strcmp(ms->items[ms->cursor].visit_id, visit) < 0)
    ms->cursor++;
  size_t end = ms->cursor;
  while (end < ms->n && strcmp(ms->items[end].visit_id, visit) == 0)
    end++;
  return end - ms->cursor;
}

/* The marks of milestone among a visit's n marks from first: *count of
 * them, contiguous. */
static struct mark *marks_find(struct mark *first, size_t n,
                               const char *milestone, size_t *count) {
  size_t i = 0;
  while (i < n && strcmp(first[i].milestone, milestone) != 0)
    i++;
  size_t end = i;
  while (end < n && strcmp(first[end].milestone, milestone) == 0)
    end++;
  *count = end - i;
  return *count > 0 ? &first[i] : NULL;
}

/* ---- planning ------------------------------------------------------------ */

void dd__notify_due_text(const dd_milestone *m, char *buf, size_t size) {
  char d[DD_DATE_BUFSIZE];
  if (m->due_time >= 0)
    snprintf(buf, size, "%sT%02d:%02d", dd_date_format(m->due, d),
             m->due_time / 60, m->due_time % 60);
  else
    snprintf(buf, size, "%s", dd_date_format(m->due, d));
}

struct plan {
  dd_store *st;
  dd_planner *planner;
  const dd_remind_policy *policy;
  const dd_notify_options *opt;
  struct marks marks;
  dd__prefs_index prefs; /* each person's own choices, where they made any */
  dd_date today;
  int minutes;
  dd_notify_summary *sum;
  dd_diag *diag;
  const dd_schedule *schedule; /* the visit being planned's */
  const dd_recorded *events;   /* its records */
  size_t nevents;
  char basis[1024]; /* the milestone being planned's basis; "" until made */
};

/* Recipient r's mark, told of due with urgency: in the ledger and in the
 * copy in memory (found, or NULL for a new one). */
static int set_mark(struct plan *p, struct mark *found, const char *visit,
                    const char *milestone, const char *recipient,
                    const char *due, int urgency) {
  if (found != NULL) {
    char *d = dd__strdup(due);
    if (d == NULL)
      return dd_diag_set(p->diag, DD_ENOMEM, "out of memory");
    free(found->due);
    found->due = d;
    found->urgency = urgency;
  }
  dd_reminder_mark m = {visit, milestone, recipient, due, urgency};
  return dd_ledger_mark(p->st, &m, p->diag);
}

static int queue(struct plan *p, const char *visit, const char *milestone,
                 const char *due, dd_threshold t, const char *recipient,
                 const char *previous, const char *basis, const char *reason) {
  char name[16];
  int n, err;
  /* At most one message of a milestone waits per recipient: the newest
   * says what the older ones would have, with more urgency. */
  if ((err = dd_ledger_close_pending(p->st, visit, milestone, recipient,
                                     "superseded", &n, p->diag)) != DD_OK)
    return err;
  p->sum->superseded += (size_t)n;
  bool queued;
  if ((err = dd_ledger_queue_why(p->st, visit, milestone, due,
                                 dd_threshold_name(t, name, sizeof name),
                                 recipient, previous, basis, reason, &queued,
                                 p->diag)) != DD_OK)
    return err;
  if (queued) {
    p->sum->queued++;
    if (t.kind == DD_THRESHOLD_CHANGED)
      p->sum->changed++;
  }
  return DD_OK;
}

/* The threshold reached for whoever has address, of the lead times they
 * keep (the policy's t when they never chose): false when none of theirs
 * is reached yet. Their lead times are a subset of the milestone's, so
 * nothing is reached for them that is not for the policy. */
static bool threshold_for(const struct plan *p, const dd_calendar *cal,
                          const dd_milestone *m, const char *address,
                          dd_threshold t, dd_threshold *out) {
  const dd_remind_prefs *prefs = dd__prefs_find(&p->prefs, address);
  *out = t;
  if (prefs == NULL || t.kind == DD_THRESHOLD_CHANGED)
    return true;
  dd_remind_leads mine;
  dd__prefs_leads(dd_remind_leads_for(p->policy, m->rule->id), prefs, &mine);
  return dd_remind_reached(cal, &mine, p->policy->send_at, m->due, p->today,
                           p->minutes, out);
}

/* Who gets a milestone's reminder, and at which threshold. */
struct target {
  const char *address;
  dd_threshold t;
};

/* The targets of a reminder at threshold t meant for the nto addresses to:
 * each at the most urgent of their own lead times reached (none when none
 * is); someone away has theirs go to the visit's RIM instead (who is told
 * whom they cover for when it is sent, notify_deliver.c), still by the
 * lead times of the person away. An address reached twice (the RIM's own
 * and one covered) is sent the more urgent once: the ledger's key has no
 * room for two. Returns how many, into out (room for nto). */
static size_t plan_targets(const struct plan *p, const dd_visit *v,
                           const dd_calendar *cal, const dd_milestone *m,
                           dd_threshold t, const char *const *to, size_t nto,
                           struct target *out) {
  const char *rim = dd_remind_rim(p->policy, v);
  size_t n = 0;
  for (size_t r = 0; r < nto; r++) {
    dd_threshold mine;
    if (!threshold_for(p, cal, m, to[r], t, &mine))
      continue;
    const char *addr = to[r];
    const dd_remind_prefs *prefs = dd__prefs_find(&p->prefs, addr);
    if (prefs != NULL && dd_remind_prefs_away_on(prefs, p->today) &&
        rim != NULL && rim[0] != '\0')
      addr = rim;
    size_t k = 0;
    while (k < n && strcasecmp(out[k].address, addr) != 0)
      k++;
    if (k == n)
      out[n++] = (struct target){addr, mine};
    else if (dd_threshold_urgency(mine) > dd_threshold_urgency(out[k].t))
      out[k].t = mine;
  }
  return n;
}

/* ---- why a date moved ---------------------------------------------------- */

/* What m's due date was counted from, kept with every reminder queued for
 * it, so that when the date moves the "date changed" message can say why:
 *   v=START/DAYS/TYPE/DIVISION   the visit's own fields (a visit edited)
 *   e=N/HASH                     its records (one recorded or removed)
 *   h=DATE,DATE,...              the days from its start to the due date
 *                                that are bank holidays or closures
 * Made once per milestone, and only when something is queued for it. */
static const char *basis_of(struct plan *p, const dd_visit *v,
                            const dd_calendar *cal, const dd_milestone *m) {
  if (p->basis[0] != '\0')
    return p->basis;
  /* FNV-1a over the records: a record changed in place changes it. */
  unsigned long hash = 2166136261u;
  for (size_t i = 0; i < p->nevents; i++) {
    char one[160];
    snprintf(one, sizeof one, "%s@%ld@%d;", p->events[i].what,
             (long)p->events[i].date, p->events[i].time);
    for (const char *c = one; *c; c++)
      hash = ((hash ^ (unsigned char)*c) * 16777619u) & 0xffffffffu;
  }
  char start[DD_DATE_BUFSIZE];
  size_t size = sizeof p->basis;
  int n =
      snprintf(p->basis, size,
               "v=%s/%d/%s/%s;e=%zu/%08lx;h=", dd_date_format(v->start, start),
               v->days_on_site, v->type ? v->type : "",
               v->division ? v->division : "", p->nevents, hash);
  size_t o = n > 0 && (size_t)n < size ? (size_t)n : size - 1;
  for (dd_date d = v->start; d <= m->due && d - v->start < 800; d++) {
    dd_reason why;
    if (o + DD_DATE_BUFSIZE + 1 >= size)
      break;
    if (dd_calendar_is_working(cal, d, &why) ||
        (why.kind != DD_REASON_HOLIDAY && why.kind != DD_REASON_CLOSURE))
      continue;
    char day[DD_DATE_BUFSIZE];
    o += (size_t)snprintf(p->basis + o, size - o, "%s%s",
                          p->basis[o - 1] == '=' ? "" : ",",
                          dd_date_format(d, day));
  }
  return p->basis;
}

/* Field key ("v=", "e=", "h=") of a basis, and its length. */
static const char *basis_field(const char *basis, const char *key,
                               size_t *len) {
  const char *f = strstr(basis, key);
  if (f == NULL) {
    *len = 0;
    return "";
  }
  f += strlen(key);
  *len = strcspn(f, ";");
  return f;
}

static bool same_field(const char *a, const char *b, const char *key) {
  size_t na, nb;
  const char *fa = basis_field(a, key, &na), *fb = basis_field(b, key, &nb);
  return na == nb && memcmp(fa, fb, na) == 0;
}

/* Whether the basis lists d among its holidays and closures. */
static bool basis_has_day(const char *basis, dd_date d) {
  char day[DD_DATE_BUFSIZE];
  size_t n;
  const char *f = basis_field(basis, "h=", &n);
  dd_date_format(d, day);
  for (size_t i = 0; i + 10 <= n; i += 11)
    if (memcmp(f + i, day, 10) == 0)
      return true;
  return false;
}

/* The first day up to last in the basis's holidays that other's lacks,
 * into *out. */
static bool first_day_missing(const char *basis, const char *other,
                              dd_date last, dd_date *out) {
  size_t n;
  const char *f = basis_field(basis, "h=", &n);
  for (size_t i = 0; i + 10 <= n; i += 11) {
    dd_date d;
    if (dd_date_parse_n(f + i, 10, &d, NULL) == DD_OK && d <= last &&
        !basis_has_day(other, d)) {
      *out = d;
      return true;
    }
  }
  return false;
}

/* Why a milestone told as due on old_due (the ledger's text) with basis
 * was_basis is now due on m->due with basis now_basis, into out ("" when
 * the ledger kept no basis for the old message, or nothing it keeps
 * changed: the rules, say). Records first, then the visit's fields, since
 * either moves every later date; then the calendar, compared only up to
 * the earlier of the two dates, since the later one's range holds days the
 * earlier count never reached. */
static void change_reason(const struct plan *p, const dd_calendar *cal,
                          const dd_milestone *m, const char *old_due,
                          const char *was_basis, const char *now_basis,
                          char *out, size_t size) {
  char day[48];
  out[0] = '\0';
  if (was_basis[0] == '\0')
    return;
  if (!same_field(was_basis, now_basis, "e=")) {
    size_t nw;
    const char *fw = basis_field(was_basis, "e=", &nw);
    size_t was_n = strtoul(fw, NULL, 10);
    const dd_recorded *latest = NULL;
    for (size_t i = 0; i < p->nevents; i++)
      if (latest == NULL || p->events[i].date >= latest->date)
        latest = &p->events[i];
    /* Named by its milestone's title where it is one ("Draft report
     * sent to the provider"), else as recorded ("concerns-found"). */
    const dd_milestone *what = latest != NULL && p->schedule != NULL
                                   ? dd_schedule_find(p->schedule, latest->what)
                                   : NULL;
    if (p->nevents > was_n && latest != NULL)
      snprintf(out, size, "\"%s\" was recorded (%s)",
               what != NULL ? what->rule->title : latest->what,
               dd_date_format_long(latest->date, day, sizeof day));
    else
      snprintf(out, size, "a record of the visit was %s",
               p->nevents < was_n ? "removed" : "changed");
    return;
  }
  if (!same_field(was_basis, now_basis, "v=")) {
    snprintf(out, size, "the visit was edited");
    return;
  }
  dd_date was;
  if (strlen(old_due) < 10 || dd_date_parse_n(old_due, 10, &was, NULL) != DD_OK)
    return;
  dd_date last = was < m->due ? was : m->due, d;
  dd_reason why;
  if (first_day_missing(now_basis, was_basis, last, &d)) {
    dd_calendar_is_working(cal, d, &why);
    dd_date_format_long(d, day, sizeof day);
    if (why.kind == DD_REASON_HOLIDAY)
      snprintf(out, size, "%s is now a bank holiday (%s)", day,
               why.holiday != NULL ? why.holiday->title : why.text);
    else
      snprintf(out, size, "%s is now a closure day (%s)", day,
               why.text ? why.text : "closed");
  } else if (first_day_missing(was_basis, now_basis, last, &d)) {
    snprintf(out, size, "%s is no longer a bank holiday or closure day",
             dd_date_format_long(d, day, sizeof day));
  }
}

static int plan_milestone(struct plan *p, const dd_visit *v,
                          const dd_calendar *cal, const dd_milestone *m,
                          struct mark *visit_marks, size_t nvisit_marks) {
  const char *id = m->rule->id;
  p->basis[0] = '\0';
  size_t nmarks = 0;
  struct mark *marks = nvisit_marks > 0
                           ? marks_find(visit_marks, nvisit_marks, id, &nmarks)
                           : NULL;
  int err, n;
  if (!dd_remind_active(m)) {
    if (marks == NULL)
      return DD_OK;
    if ((err = dd_ledger_close_pending(p->st, v->id, id, NULL, "stopped", &n,
                                       p->diag)) != DD_OK)
      return err;
    p->sum->stopped += (size_t)n;
    /* On hold, the milestone will run again: keep what people were told,
     * so that a new date is announced. Done or cancelled, forget it. */
    if (m->status == DD_STATUS_ON_HOLD)
      return DD_OK;
    return dd_ledger_unmark(p->st, v->id, id, p->diag);
  }
  dd_threshold t;
  bool reached =
      dd_remind_reached(cal, dd_remind_leads_for(p->policy, id),
                        p->policy->send_at, m->due, p->today, p->minutes, &t);
  /* Likely, not yet decided by the case review: reminded as it comes,
   * never chased as overdue. */
  if (reached && m->tentative && t.kind == DD_THRESHOLD_OVERDUE)
    reached = false;
  if (!reached && marks == NULL)
    return DD_OK; /* the common case: nothing yet, nothing told */
  char due[32];
  dd__notify_due_text(m, due, sizeof due);
  /* A date that moved: whoever was told the old one hears of the new. */
  for (size_t i = 0; i < nmarks; i++) {
    if (strcmp(marks[i].due, due) == 0)
      continue;
    char told[32], was_basis[1024], reason[512];
    if ((err = dd_ledger_last_sent_basis(p->st, v->id, id, marks[i].recipient,
                                         told, sizeof told, was_basis,
                                         sizeof was_basis, p->diag)) != DD_OK)
      return err;
    int urgency = INT_MIN;
    if (told[0] != '\0' && strcmp(told, due) != 0) {
      dd_threshold changed = {DD_THRESHOLD_CHANGED, 0};
      const char *basis = basis_of(p, v, cal, m);
      change_reason(p, cal, m, told, was_basis, basis, reason, sizeof reason);
      if ((err = queue(p, v->id, id, due, changed, marks[i].recipient, told,
                       basis, reason)) != DD_OK)
        return err;
      /* The message gives the new date and how far off it is: it stands
       * for the threshold already reached (of the lead times the
       * recipient keeps). */
      dd_threshold mine;
      if (reached && threshold_for(p, cal, m, marks[i].recipient, t, &mine))
        urgency = dd_threshold_urgency(mine);
    } else if ((err = dd_ledger_close_pending(p->st, v->id, id,
                                              marks[i].recipient, "superseded",
                                              &n, p->diag)) != DD_OK) {
      return err;
    } else {
      p->sum->superseded += (size_t)n;
    }
    if ((err = set_mark(p, &marks[i], v->id, id, marks[i].recipient, due,
                        urgency)) != DD_OK)
      return err;
  }
  if (!reached)
    return DD_OK;
  const char *to[16];
  size_t nto = dd_remind_recipients(p->policy, v, m->rule, t, to, 16);
  if (nto == 0)
    p->sum->unaddressed++;
  struct target targets[16];
  size_t ntargets = plan_targets(p, v, cal, m, t, to, nto, targets);
  for (size_t r = 0; r < ntargets; r++) {
    const char *addr = targets[r].address;
    int urgency = dd_threshold_urgency(targets[r].t);
    struct mark *mine = NULL;
    for (size_t i = 0; i < nmarks && mine == NULL; i++)
      if (strcmp(marks[i].recipient, addr) == 0)
        mine = &marks[i];
    if (mine != NULL && mine->urgency >= urgency)
      continue; /* told already, as urgently or more */
    if ((err = queue(p, v->id, id, due, targets[r].t, addr, "",
                     basis_of(p, v, cal, m), "")) != DD_OK ||
        (err = set_mark(p, mine, v->id, id, addr, due, urgency)) != DD_OK)
      return err;
  }
  return DD_OK;
}

/* Whether today is a sending day for a visit planned in cal: a working day
 * of its own division. A pass runs on any division's working day
 * (notify.c), but nothing of an England and Wales visit is queued on
 * Easter Monday, not even a catch-up or a "date changed": its people are
 * off, and its reminders wait for its next working day, as the policy's
 * lead times are counted in its calendar. */
static bool sending_day_for(const dd_calendar *cal, dd_date today) {
  return dd_calendar_is_working(cal, today, NULL);
}

static int plan_visit(const dd_visit *v, const dd_recorded *events, size_t n,
                      void *arg) {
  struct plan *p = arg;
  const dd_calendar *cal;
  dd_schedule s;
  dd_diag why = {{0}};
  /* A visit that cannot be planned (a visit type or division the
   * configuration no longer has) cannot be reminded of; it must not stop
   * everyone else's reminders, nor leave without a word. */
  int err = dd_planner_visit_calendar(p->planner, v, &cal, &why);
  if (err == DD_OK)
    err =
        dd_planner_schedule_brief(p->planner, v, events, n, p->today, &s, &why);
  if (err == DD_ENOMEM)
    return dd_diag_set(p->diag, err, "out of memory");
  if (err != DD_OK || s.warning[0] != '\0') {
    p->sum->warned++;
    if (p->opt != NULL && p->opt->warning != NULL)
      p->opt->warning(v->id, err != DD_OK ? why.message : s.warning,
                      err == DD_OK, p->opt->arg);
  }
  if (err != DD_OK)
    return DD_OK;
  p->sum->visits++;
  if (!sending_day_for(cal, p->today)) {
    dd_schedule_clear(&s);
    return DD_OK;
  }
  p->schedule = &s;
  p->events = events;
  p->nevents = n;
  size_t nmarks = marks_of_visit(&p->marks, v->id);
  struct mark *marks = nmarks > 0 ? &p->marks.items[p->marks.cursor] : NULL;
  for (size_t i = 0; i < s.n && err == DD_OK; i++)
    err = plan_milestone(p, v, cal, &s.items[i], marks, nmarks);
  p->schedule = NULL;
  dd_schedule_clear(&s);
  return err;
}

int dd__notify_plan(dd_store *st, dd_planner *planner,
                    const dd_remind_policy *policy,
                    const dd_notify_options *opt, dd_date today, int minutes,
                    dd_notify_summary *sum, dd_diag *diag) {
  struct plan p = {.st = st,
                   .planner = planner,
                   .policy = policy,
                   .opt = opt,
                   .today = today,
                   .minutes = minutes,
                   .sum = sum,
                   .diag = diag};
  int err = dd__prefs_index_load(st, &p.prefs, diag);
  if (err == DD_OK &&
      (err = dd_ledger_marks_each(st, add_mark, &p.marks, diag)) == DD_ENOMEM)
    err = dd_diag_set(diag, err, "out of memory");
  if (err == DD_OK)
    err = dd_store_visits_each(st, NULL, plan_visit, &p, diag);
  marks_free(&p.marks);
  dd__prefs_index_free(&p.prefs);
  return err;
}
