/* dueday agenda and dueday visit list: both walk the whole register (or a
 * region of it), plan every visit, and keep only what the user asked for. */
#include "cli.h"
#include "cli_known.h"
#include "commands.h"

#include "output/schedule_json.h"

#include <jansson.h>

#include <stdlib.h>
#include <string.h>

/* One milestone that needs attention. Its visit's schedule is freed before
 * the next visit is planned, so an item keeps the rule (owned by the
 * configuration) and the offset of its visit's id and name, copied once per
 * visit into one buffer: copying five strings per item was a fifth of the
 * agenda's time over 100,000 visits (bench/run.sh). */
struct item {
  const dd_milestone_rule *rule;
  size_t visit; /* offset in walk.strings of "id\0name\0" */
  dd_date due;
  dd_date closes; /* a window's last day, shown on the day it opens; else 0 */
  int due_time, days_off;
  dd_status status;
  dd_date overdue_since; /* the due day of an overdue one */
  bool tentative, provisional;
  /* At risk: the milestone that puts it at risk and the day that one falls
   * due (dd_milestone_at_risk), else NULL. */
  const dd_milestone_rule *risk_by;
  dd_date risk_due, risk_of; /* and this milestone's own due day */
};

/* Why it is at risk, in the words dd_milestone_risk_text gives. */
static const char *risk_text(const struct item *it, char *buf, size_t size) {
  buf[0] = '\0';
  if (it->risk_by == NULL)
    return buf;
  dd_milestone m = {.rule = it->rule, .due = it->risk_of},
               by = {.rule = it->risk_by, .due = it->risk_due};
  return dd_milestone_risk_text(&m, &by, buf, size);
}

struct walk {
  dd_planner *planner;
  dd_date today, horizon;
  const char *inspector;
  bool overdue_only;
  int due_within; /* -1: no filter */
  struct item *items;
  size_t n, cap;
  char *strings; /* visit ids and names of the items */
  size_t slen, scap;
  bool visit_copied; /* the current visit is in strings already */
  /* visit list */
  bool listing;
  json_t *json;
  const char *format;
  size_t visits;
  int err;
  dd_diag diag;
  /* What visits were planned despite, or could not be planned for (issue 9:
   * a calendar or configuration changed under the register), each as
   * "id\0text": one visit never hides the others, nor vanishes. */
  char **notes;
  size_t nnotes;
};

/* The text of a note, after its visit's id. */
#define NOTE_TEXT(n) ((n) + strlen(n) + 1)

static void notes_free(struct walk *w) {
  for (size_t i = 0; i < w->nnotes; i++)
    free(w->notes[i]);
  free(w->notes);
}

/* Notes that v was planned with a warning, or (planned false) could not be
 * planned at all; the text also goes to standard error for the CSV
 * formats, which have no column for it. */
static int note(struct walk *w, const dd_visit *v, const char *text,
                bool planned) {
  if (strcmp(w->format, "csv") == 0)
    fprintf(stderr, "dueday: %s: visit %s: %s\n", planned ? "warning" : "error",
            v->id, text);
  const char *why = planned ? "" : "cannot be planned: ";
  size_t id = strlen(v->id) + 1, len = id + strlen(why) + strlen(text) + 1;
  char *n = malloc(len),
       **more = realloc(w->notes, (w->nnotes + 1) * sizeof *more);
  if (more != NULL)
    w->notes = more;
  if (n == NULL || more == NULL) {
    free(n);
    return DD_ENOMEM;
  }
  memcpy(n, v->id, id);
  snprintf(n + id, len - id, "%s%s", why, text);
  w->notes[w->nnotes++] = n;
  return DD_OK;
}

static int push(struct walk *w, const dd_visit *v, const dd_schedule *s,
                const dd_milestone *m) {
  if (w->n == w->cap) {
    size_t cap = w->cap ? w->cap * 2 : 64;
    struct item *more = realloc(w->items, cap * sizeof *more);
    if (more == NULL)
      return DD_ENOMEM;
    w->items = more;
    w->cap = cap;
  }
  if (!w->visit_copied) {
    size_t need = strlen(v->id) + strlen(v->name) + 2;
    if (w->slen + need > w->scap) {
      size_t cap = (w->scap ? w->scap * 2 : 4096) + need;
      char *more = realloc(w->strings, cap);
      if (more == NULL)
        return DD_ENOMEM;
      w->strings = more;
      w->scap = cap;
    }
    memcpy(w->strings + w->slen, v->id, strlen(v->id) + 1);
    memcpy(w->strings + w->slen + strlen(v->id) + 1, v->name,
           strlen(v->name) + 1);
    w->slen += need;
    w->visit_copied = true;
  }
  struct item *it = &w->items[w->n++];
  it->rule = m->rule;
  /* This visit's strings are the last ones appended. */
  it->visit = w->slen - strlen(v->name) - strlen(v->id) - 2;
  it->due = m->due;
  it->closes = 0;
  if (m->rule->kind == DD_KIND_WINDOW && m->status != DD_STATUS_OVERDUE) {
    /* Shown on the day it opens, or today when it is open already. */
    it->due = m->earliest > w->today ? m->earliest : w->today;
    it->closes = m->due;
  }
  it->due_time = m->due_time;
  it->days_off = m->days_off;
  it->status = m->status;
  it->overdue_since = m->due;
  it->tentative = m->tentative;
  it->provisional = m->provisional;
  const dd_milestone *by = dd_milestone_at_risk(s, m);
  it->risk_by = by != NULL ? by->rule : NULL;
  it->risk_due = by != NULL ? by->due : 0;
  it->risk_of = m->due;
  return DD_OK;
}

#define VISIT_ID(w, it) ((w)->strings + (it)->visit)
#define VISIT_NAME(w, it) (VISIT_ID(w, it) + strlen(VISIT_ID(w, it)) + 1)

static bool wanted(const dd_milestone *m) {
  return m->status == DD_STATUS_PENDING || m->status == DD_STATUS_OVERDUE;
}

/* One visit of the list; s is NULL for a visit that could not be planned,
 * problem (or NULL) what its schedule was planned despite, or why not. */
static void list_row(struct walk *w, const dd_visit *v, const dd_schedule *s,
                     const dd_milestone *next, int overdue,
                     const char *problem) {
  char a[DD_DATE_BUFSIZE], b[DD_DATE_BUFSIZE] = "";
  dd_date_format(v->start, a);
  if (next != NULL)
    dd_date_format(next->due, b);
  if (strcmp(w->format, "json") == 0) {
    json_t *o = json_pack(
        "{s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:i, s:s, s:i}", "id",
        dd__json_text(v->id), "type", dd__json_text(v->type), "name",
        dd__json_text(v->name), "region", dd__json_text(v->region), "inspector",
        dd__json_text(v->inspector), "division", dd__json_text(v->division),
        "start", a, "days_on_site", s ? s->days_on_site : v->days_on_site,
        "status", dd_visit_status_name(v->status), "overdue", overdue);
    if (next != NULL)
      json_object_set_new(
          o, "next",
          json_pack("{s:s, s:s}", "milestone", next->rule->id, "due", b));
    if (problem != NULL)
      json_object_set_new(o, s ? "warning" : "error", dd__json_text(problem));
    json_array_append_new(w->json, o);
  } else if (strcmp(w->format, "csv") == 0) {
    cli_csv_field(stdout, v->id);
    putchar(',');
    cli_csv_field(stdout, v->type);
    putchar(',');
    cli_csv_field(stdout, v->name);
    putchar(',');
    cli_csv_field(stdout, v->region);
    printf(",%s,%s,%s,%s,%d\n", a, dd_visit_status_name(v->status),
           next ? next->rule->id : "", b, overdue);
  } else {
    /* Columns of characters, not bytes: "%-28.28s" cut a name inside a
     * character and padded it short. */
    printf("%-20s %-10s ", v->id, v->type);
    cli_column(stdout, v->name, 28);
    putchar(' ');
    cli_column(stdout, v->region, 14);
    printf(" %s %-9s %s%s%s", a, dd_visit_status_name(v->status),
           next ? next->rule->id : "-", next ? " " : "", b);
    if (overdue)
      printf("  (%d overdue)", overdue);
    putchar('\n');
    if (problem != NULL)
      printf("    %s: %s\n", s ? "warning" : "cannot be planned", problem);
  }
}

static int visit_fn(const dd_visit *v, const dd_recorded *events, size_t n,
                    void *arg) {
  struct walk *w = arg;
  if (w->inspector != NULL && strcmp(v->inspector, w->inspector) != 0)
    return 0;
  if (v->status == DD_VISIT_CANCELLED && !w->listing)
    return 0;
  w->visit_copied = false;
  dd_schedule s;
  int err = dd_planner_schedule_brief(w->planner, v, events, n, w->today, &s,
                                      &w->diag);
  if (err == DD_ENOMEM)
    return err;
  if (err != DD_OK) {
    /* One visit must not hide the others' deadlines, nor vanish: a visit
     * type or division the configuration no longer has, holiday data that
     * cannot be read. Say so with the visit, and go on. */
    if (w->listing && !w->overdue_only && w->due_within < 0) {
      list_row(w, v, NULL, NULL, 0, w->diag.message);
      w->visits++;
    }
    return note(w, v, w->diag.message, false);
  }
  if (s.warning[0] != '\0' && note(w, v, s.warning, true) != DD_OK) {
    dd_schedule_clear(&s);
    return DD_ENOMEM;
  }
  const dd_milestone *next = NULL;
  int overdue = 0;
  for (size_t i = 0; i < s.n; i++) {
    const dd_milestone *m = &s.items[i];
    if (!wanted(m))
      continue;
    overdue += m->status == DD_STATUS_OVERDUE;
    if (next == NULL || m->due < next->due)
      next = m;
    bool window_opens =
        m->rule->kind == DD_KIND_WINDOW && m->earliest <= w->horizon;
    if (!w->listing &&
        (m->status == DD_STATUS_OVERDUE || m->due <= w->horizon ||
         window_opens) &&
        push(w, v, &s, m) != DD_OK) {
      dd_schedule_clear(&s);
      return DD_ENOMEM;
    }
  }
  if (w->listing && (!w->overdue_only || overdue > 0) &&
      (w->due_within < 0 || (next != NULL && next->due <= w->horizon))) {
    list_row(w, v, &s, next, overdue, s.warning[0] ? s.warning : NULL);
    w->visits++;
  }
  dd_schedule_clear(&s);
  return 0;
}

static int by_urgency(const void *a, const void *b) {
  const struct item *x = a, *y = b;
  bool ox = x->status == DD_STATUS_OVERDUE, oy = y->status == DD_STATUS_OVERDUE;
  if (ox != oy)
    return ox ? -1 : 1;
  if (x->due != y->due)
    return x->due < y->due ? -1 : 1;
  if (x->due_time != y->due_time) /* all-day first, then by the clock */
    return x->due_time < y->due_time ? -1 : 1;
  /* Visits are walked in id order, so their offsets sort as their ids. */
  if (x->visit != y->visit)
    return x->visit < y->visit ? -1 : 1;
  return strcmp(x->rule->id, y->rule->id);
}

/* Opens what a walk needs (into x, which the caller closes) and walks the
 * register. */
static int walk(cli_ctx *x, const char *region, struct walk *w, int within) {
  if (!cli_register_open(x, CLI_TODAY | CLI_STORE | CLI_PLANNER))
    return EXIT_BAD_INPUT;
  /* A region or inspector the register does not know is a mistake, not
   * "nothing falls due" (issue 12). */
  const char *cmd = w->listing ? "visit list" : "agenda";
  char option[32];
  snprintf(option, sizeof option, "%s: --region", cmd);
  if (region != NULL &&
      !cli_known_check(x, option, DD_SCOPE_REGION, region, true))
    return EXIT_BAD_INPUT;
  snprintf(option, sizeof option, "%s: --inspector", cmd);
  if (w->inspector != NULL &&
      !cli_known_check(x, option, DD_SCOPE_INSPECTOR, w->inspector, true))
    return EXIT_BAD_INPUT;
  w->today = x->today;
  w->planner = x->planner;
  const dd_calendar *cal;
  dd_diag diag;
  w->horizon = w->today;
  if (dd_planner_calendar(w->planner, x->common.division, &cal, &diag) !=
      DD_OK) {
    cli_error("%s", diag.message);
    return EXIT_BAD_INPUT;
  }
  /* dd_calendar_add says nothing more than DD_ERANGE: the message is ours
   * (a closure over the whole range leaves no working day to count). */
  if (within > 0 &&
      dd_calendar_add(cal, w->today, within, &w->horizon) != DD_OK) {
    char d[DD_DATE_BUFSIZE];
    cli_error("agenda: %d working day%s after %s fall%s outside "
              "1971-01-01..2199-12-31 (too few working days left in the %s "
              "calendar with its closures)",
              within, within == 1 ? "" : "s", dd_date_format(w->today, d),
              within == 1 ? "s" : "", x->common.division);
    return EXIT_BAD_INPUT;
  }
  int err = dd_store_visits_each(x->st, region, visit_fn, w, &diag);
  if (err != DD_OK) {
    cli_error("%s", err == DD_ENOMEM ? "out of memory" : diag.message);
    return EXIT_BAD_INPUT;
  }
  return EXIT_YES;
}

static const char agenda_usage[] =
    "usage: dueday agenda [--region R] [--inspector E] [--within N]\n"
    "                     [--format text|csv|json]\n"
    "\n"
    "What falls due in the next N working days (default 5), grouped by\n"
    "day, overdue first: each line with the visit, the milestone, its due\n"
    "date and who acts. Done, cancelled, not applicable and not needed\n"
    "milestones are left out. A monitoring visit the case review has not\n"
    "decided on is shown as likely, never overdue; a milestone whose chain\n"
    "can no longer be met in order is at risk, with the reason; a value\n"
    "that is not Ofsted's is marked configured. Today: --today or\n"
    "$DUEDAY_TODAY; the register: --db.\n"
    "\n"
    "csv columns: due_date,due_time,status,visit,milestone,who,title,name,\n"
    "window_closes,overdue_since,tentative,at_risk,source,provisional\n"
    "(at_risk: the reason, empty when not; source: ofsted, configured or\n"
    "configured-time; provisional: yes when counted over bank holidays\n"
    "GOV.UK has not yet published).\n"
    "\n"
    "Exit: 0 answered, 2 bad input.\n";

int cmd_agenda(int argc, char **argv) {
  const char *region = NULL, *inspector = NULL, *within_arg = NULL,
             *format = NULL;
  const cli_option options[] = {{"region", &region, NULL},
                                {"inspector", &inspector, NULL},
                                {"within", &within_arg, NULL},
                                {"format", &format, NULL},
                                {NULL, NULL, NULL}};
  const cli_spec spec = {.usage = agenda_usage, .options = options};
  cli_ctx x;
  int rc = cli_command_begin(argc, argv, &spec, &x), within = 5;
  if (rc != CLI_RUN)
    return rc;
  if ((within_arg != NULL &&
       !cli_int("agenda: --within", within_arg, 0, 1000, &within)) ||
      !cli_format("agenda", &x.common, &format))
    return EXIT_BAD_INPUT;
  struct walk w = {.inspector = inspector, .due_within = -1, .format = format};
  rc = walk(&x, region, &w, within);
  cli_command_end(&x);
  if (rc != EXIT_YES) {
    free(w.items);
    free(w.strings);
    notes_free(&w);
    return rc;
  }
  if (w.n > 1) /* qsort may not be given a NULL array */
    qsort(w.items, w.n, sizeof *w.items, by_urgency);
  char a[DD_DATE_BUFSIZE], b[DD_DATE_BUFSIZE], t[8];
  if (strcmp(format, "json") == 0) {
    json_t *list = json_array();
    for (size_t i = 0; i < w.n; i++) {
      const struct item *it = &w.items[i];
      json_t *o = json_pack("{s:o, s:o, s:s, s:s, s:s, s:s, s:s}", "visit",
                            dd__json_text(VISIT_ID(&w, it)), "name",
                            dd__json_text(VISIT_NAME(&w, it)), "milestone",
                            it->rule->id, "title", it->rule->title, "due",
                            dd_date_format(it->due, a), "who", it->rule->actor,
                            "status", dd_status_name(it->status));
      if (it->due_time >= 0) {
        snprintf(t, sizeof t, "%02d:%02d", it->due_time / 60 % 24,
                 it->due_time % 60);
        json_object_set_new(o, "due_time", json_string(t));
      }
      if (it->status == DD_STATUS_OVERDUE) {
        json_object_set_new(o, "overdue_by", json_integer(it->days_off));
        json_object_set_new(o, "overdue_since",
                            json_string(dd_date_format(it->overdue_since, b)));
      }
      char reason[320];
      json_object_set_new(o, "tentative", json_boolean(it->tentative));
      json_object_set_new(
          o, "at_risk",
          it->risk_by == NULL
              ? json_null()
              : json_pack("{s:s, s:s, s:s}", "because", it->risk_by->id, "due",
                          dd_date_format(it->risk_due, b), "reason",
                          risk_text(it, reason, sizeof reason)));
      json_object_set_new(
          o, "source",
          json_string(dd_source_name(dd_milestone_rule_source(it->rule))));
      json_object_set_new(o, "provisional", json_boolean(it->provisional));
      if (it->closes)
        json_object_set_new(o, "window_closes",
                            json_string(dd_date_format(it->closes, b)));
      json_array_append_new(list, o);
    }
    json_t *warnings = json_array();
    for (size_t i = 0; i < w.nnotes; i++)
      json_array_append_new(
          warnings, json_pack("{s:o, s:o}", "visit", dd__json_text(w.notes[i]),
                              "warning", dd__json_text(NOTE_TEXT(w.notes[i]))));
    rc = cli_print_json(json_pack("{s:s, s:s, s:i, s:o, s:o}", "today",
                                  dd_date_format(w.today, a), "until",
                                  dd_date_format(w.horizon, b), "within",
                                  within, "items", list, "warnings", warnings));
  } else if (strcmp(format, "csv") == 0) {
    printf("due_date,due_time,status,visit,milestone,who,title,name,"
           "window_closes,overdue_since,tentative,at_risk,source,"
           "provisional\n");
    for (size_t i = 0; i < w.n; i++) {
      const struct item *it = &w.items[i];
      t[0] = '\0';
      if (it->due_time >= 0)
        snprintf(t, sizeof t, "%02d:%02d", it->due_time / 60 % 24,
                 it->due_time % 60);
      printf("%s,%s,%s,", dd_date_format(it->due, a), t,
             dd_status_name(it->status));
      cli_csv_field(stdout, VISIT_ID(&w, it));
      printf(",%s,", it->rule->id);
      cli_csv_field(stdout, it->rule->actor);
      putchar(',');
      cli_csv_field(stdout, it->rule->title);
      putchar(',');
      cli_csv_field(stdout, VISIT_NAME(&w, it));
      printf(",%s,", it->closes ? dd_date_format(it->closes, b) : "");
      printf("%s,%s,",
             it->status == DD_STATUS_OVERDUE
                 ? dd_date_format(it->overdue_since, b)
                 : "",
             it->tentative ? "yes" : "no");
      char reason[320];
      cli_csv_field(stdout, risk_text(it, reason, sizeof reason));
      printf(",%s,%s\n", dd_source_name(dd_milestone_rule_source(it->rule)),
             it->provisional ? "yes" : "no");
    }
  } else {
    printf("Agenda for %s %s: the next %d working day%s, to %s %s%s%s\n",
           dd_weekday_abbrev(dd_date_weekday(w.today)),
           dd_date_format(w.today, a), within, within == 1 ? "" : "s",
           dd_weekday_abbrev(dd_date_weekday(w.horizon)),
           dd_date_format(w.horizon, b), region ? ", region " : "",
           region ? region : "");
    if (w.nnotes > 0)
      printf("\nWarnings\n");
    for (size_t i = 0; i < w.nnotes; i++)
      printf("  %-20s %s\n", w.notes[i], NOTE_TEXT(w.notes[i]));
    if (w.n == 0)
      printf("\nNothing falls due.\n");
    dd_date day = -1;
    bool in_overdue = false;
    for (size_t i = 0; i < w.n; i++) {
      const struct item *it = &w.items[i];
      bool overdue = it->status == DD_STATUS_OVERDUE;
      if (overdue && !in_overdue) {
        printf("\nOverdue\n");
        in_overdue = true;
      } else if (!overdue && it->due != day) {
        day = it->due;
        in_overdue = false;
        printf("\n%s %s\n", dd_weekday_abbrev(dd_date_weekday(day)),
               dd_date_format(day, a));
      }
      t[0] = '\0';
      if (it->due_time >= 0)
        snprintf(t, sizeof t, "%02d:%02d", it->due_time / 60 % 24,
                 it->due_time % 60);
      char since[24], reason[320];
      if (overdue)
        /* "0 working days overdue" said nothing for a Friday deadline
         * seen at the weekend. */
        printf("  %s  %-20s %-18s %-10s %s (%s), overdue since %s",
               dd_date_format(it->due, a), VISIT_ID(&w, it), it->rule->id,
               it->rule->actor, it->rule->title, VISIT_NAME(&w, it),
               dd_date_words(it->overdue_since, since, sizeof since));
      else if (it->closes && it->tentative && it->closes < w.today)
        /* Never overdue while undecided, but not forgotten either. */
        printf("  %-5s %-20s %-18s %-10s %s (%s), likely: the window closed "
               "on %s and the case review's decision is not recorded",
               t, VISIT_ID(&w, it), it->rule->id, it->rule->actor,
               it->rule->title, VISIT_NAME(&w, it),
               dd_date_format(it->closes, b));
      else if (it->closes)
        printf("  %-5s %-20s %-18s %-10s %s (%s), %s to %s", t,
               VISIT_ID(&w, it), it->rule->id, it->rule->actor, it->rule->title,
               VISIT_NAME(&w, it),
               it->tentative ? "likely (the case review has not decided), "
                               "window open"
                             : "window open",
               dd_date_format(it->closes, b));
      else
        printf("  %-5s %-20s %-18s %-10s %s (%s)%s", t, VISIT_ID(&w, it),
               it->rule->id, it->rule->actor, it->rule->title,
               VISIT_NAME(&w, it), it->tentative ? ", likely" : "");
      if (it->risk_by != NULL)
        printf(", at risk: %s", risk_text(it, reason, sizeof reason));
      switch (dd_milestone_rule_source(it->rule)) {
      case DD_SOURCE_CONFIGURED:
        printf(" [configured]");
        break;
      case DD_SOURCE_CONFIGURED_TIME:
        printf(" [configured time]");
        break;
      default:
        break;
      }
      putchar('\n');
    }
  }
  free(w.items);
  free(w.strings);
  notes_free(&w);
  return w.err != DD_OK && rc == EXIT_YES ? EXIT_BAD_INPUT : rc;
}

int cmd_visit_list(int argc, char **argv) {
  const char *region = NULL, *inspector = NULL, *within_arg = NULL,
             *format = NULL;
  bool overdue = false;
  const cli_option options[] = {
      {"region", &region, NULL},         {"inspector", &inspector, NULL},
      {"due-within", &within_arg, NULL}, {"overdue", NULL, &overdue},
      {"format", &format, NULL},         {NULL, NULL, NULL}};
  const cli_spec spec = {.usage = visit_usage, .options = options};
  cli_ctx x;
  int rc = cli_command_begin(argc, argv, &spec, &x), within = -1;
  if (rc != CLI_RUN)
    return rc;
  if ((within_arg != NULL &&
       !cli_int("visit list: --due-within", within_arg, 0, 1000, &within)) ||
      !cli_format("visit list", &x.common, &format))
    return EXIT_BAD_INPUT;
  struct walk w = {.inspector = inspector,
                   .overdue_only = overdue,
                   .due_within = within,
                   .listing = true,
                   .format = format};
  if (strcmp(format, "json") == 0)
    w.json = json_array();
  else if (strcmp(format, "csv") == 0)
    printf(
        "id,type,name,region,start,status,next_milestone,next_due,overdue\n");
  rc = walk(&x, region, &w, within > 0 ? within : 0);
  cli_command_end(&x);
  /* The rows carry the notes (and CSV had them on standard error). */
  notes_free(&w);
  if (rc != EXIT_YES) {
    json_decref(w.json);
    return rc;
  }
  if (w.json != NULL)
    rc = cli_print_json(w.json);
  if (w.err != DD_OK)
    return EXIT_BAD_INPUT;
  return overdue && w.visits == 0 ? EXIT_NO : rc;
}
