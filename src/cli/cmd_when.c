/* dueday when: the schedule of a visit, every milestone with its due date,
 * who acts, its status, and (with --explain or one MILESTONE) the rule and
 * the days skipped. */
#include "cli.h"
#include "commands.h"
#include "output/schedule_json.h"

#include <jansson.h>

#include <stdlib.h>
#include <string.h>

static const char when_usage[] =
    "usage: dueday when VISIT [MILESTONE] [--explain] [--format F]\n"
    "       dueday when --type TYPE --start DATE [--days N] [--concerns]\n"
    "                   [--division D] [--explain] [MILESTONE]\n"
    "                   [--format text|csv|json]\n"
    "\n"
    "The schedule of a visit in the register (VISIT is its id), or of one\n"
    "that is not (--type and --start): every milestone's due date (and\n"
    "time), who acts and its status today. With MILESTONE, that one only,\n"
    "with its rule and the weekends and bank holidays its count skipped:\n"
    "dueday when SC123456-2020-09 publication.\n"
    "\n"
    "  --type TYPE    a visit type of the configuration (assurance,\n"
    "                 focused)\n"
    "  --start DATE   day 1 of the visit: the day it is announced (about\n"
    "                 09:00) and goes live, not the first day on site; a\n"
    "                 working day\n"
    "  --days N       days of the visit, off and on site (default: the\n"
    "                 type's), consecutive working days from day 1\n"
    "  --concerns     serious or widespread concerns were found\n"
    "  --explain      the rule and the skipped days under each milestone\n"
    "  --format F     text (default); csv with the header\n"
    "                 "
    "milestone,title,due_date,due_time,earliest,latest,applies,\n"
    "                 status,tentative,at_risk,source,provisional\n"
    "                 (for a window due_date is its latest day; at_risk\n"
    "                 the reason, empty when not; source ofsted,\n"
    "                 configured or configured-time; provisional yes when\n"
    "                 counted over bank holidays not yet published); json\n"
    "\n"
    "The monitoring visit is likely, not certain, until the case review's\n"
    "outcome is recorded (dueday visit record VISIT monitoring-decided, or\n"
    "monitoring-not-needed): until then it is never overdue. A milestone\n"
    "whose chain can no longer be met in order is at risk, with the\n"
    "reason. A visit after its rule set's period is computed with the\n"
    "nearest set, with a warning naming it.\n"
    "  --today DATE   count status as of DATE (also $DUEDAY_TODAY)\n"
    "  --db PATH      the register (also $DUEDAY_DB)\n"
    "\n"
    "Exit: 0 answered, 2 bad input.\n";

/* "HH:MM", or "" for an all-day deadline; buf holds at least 6 bytes. */

static void due_text(const dd_milestone *m, char *buf, size_t size) {
  char a[DD_DATE_BUFSIZE], b[DD_DATE_BUFSIZE], t[8];
  dd__clock_text(m->due_time, t, sizeof t);
  if (m->rule->kind == DD_KIND_WINDOW)
    snprintf(buf, size, "%s %s to %s %s",
             dd_weekday_abbrev(dd_date_weekday(m->earliest)),
             dd_date_format(m->earliest, a),
             dd_weekday_abbrev(dd_date_weekday(m->due)),
             dd_date_format(m->due, b));
  else
    /* An event's time is when it happens: "at approximately 9am". */
    snprintf(buf, size, "%s %s%s%s", dd_weekday_abbrev(dd_date_weekday(m->due)),
             dd_date_format(m->due, a),
             !t[0]                            ? ""
             : m->rule->kind == DD_KIND_EVENT ? " about "
                                              : " ",
             t);
}

/* " [configured]" or " [configured time]" for a value that is not
 * Ofsted's; "" for one that is. */
static const char *source_mark(const dd_milestone *m) {
  switch (dd_milestone_rule_source(m->rule)) {
  case DD_SOURCE_CONFIGURED:
    return " [configured]";
  case DD_SOURCE_CONFIGURED_TIME:
    return " [configured time]";
  default:
    return "";
  }
}

/* "1 Sep 2020 - 31 Mar 2021", "from 1 Sep 2020". */
static void period_text(const dd_rule_set *r, char *buf, size_t size) {
  char a[DD_DATE_BUFSIZE], b[DD_DATE_BUFSIZE];
  if (r->valid_until == DD_RULES_OPEN)
    snprintf(buf, size, "from %s", dd_date_format(r->effective, a));
  else
    snprintf(buf, size, "%s to %s", dd_date_format(r->effective, a),
             dd_date_format(r->valid_until, b));
}

static void print_skipped(const dd_explanation *e) {
  char d[DD_DATE_BUFSIZE];
  if (e->nskipped == 0)
    return;
  printf("    skipped: %zu weekend day%s", e->weekend_days,
         e->weekend_days == 1 ? "" : "s");
  for (size_t i = 0; i < e->nskipped; i++) {
    const dd_skip *s = &e->skipped[i];
    if (s->reason.kind != DD_REASON_WEEKEND)
      printf("; %s %s %s", dd_weekday_abbrev(dd_date_weekday(s->date)),
             dd_date_format(s->date, d), s->reason.text);
  }
  printf("\n");
}

static void print_text(const dd_schedule *s, const char *division,
                       const dd_milestone *only, bool explain) {
  char a[DD_DATE_BUFSIZE], b[DD_DATE_BUFSIZE], due[64], status[160], rule[512],
      period[64];
  /* Day 1 is "the day the visit is announced ... 'live' from the point of
   * this call", on site or not. */
  printf("%s: day 1 %s %s to %s %s (%d working day%s), %s\n", s->type->title,
         dd_weekday_abbrev(dd_date_weekday(s->start)),
         dd_date_format(s->start, a),
         dd_weekday_abbrev(dd_date_weekday(s->end)), dd_date_format(s->end, b),
         s->days_on_site, s->days_on_site == 1 ? "" : "s", division);
  period_text(s->rules, period, sizeof period);
  printf("Rules %s (%s); %s; today %s.\n", s->rules->id, period,
         s->concerns ? "serious concerns found"
                     : "no serious concerns recorded",
         dd_date_format(s->today, b));
  if (s->warning[0] != '\0')
    printf("Warning: %s.\n", s->warning);
  printf("\n%-18s %-34s %-10s %s\n", "milestone", "due", "who", "status");
  unsigned marks = 0; /* 1 << dd_source of the milestones shown */
  for (size_t i = 0; i < s->n; i++) {
    const dd_milestone *m = &s->items[i];
    if (only != NULL && m != only)
      continue;
    if (m->applies)
      due_text(m, due, sizeof due);
    else
      snprintf(due, sizeof due, "-");
    const dd_milestone *by = dd_milestone_at_risk(s, m);
    marks |= 1u << dd_milestone_rule_source(m->rule);
    printf("%-18s %-34s %-10s %s%s%s\n", m->rule->id, due, m->rule->actor,
           dd_milestone_status_text(m, status, sizeof status),
           by != NULL ? ", at risk" : "", source_mark(m));
    if (by != NULL)
      printf("    at risk: %s\n",
             dd_milestone_risk_text(m, by, rule, sizeof rule));
    if ((explain || only != NULL) && m->applies) {
      printf("    %s: %s\n", m->rule->title,
             dd_milestone_rule_text(s, m, rule, sizeof rule));
      print_skipped(&m->explanation);
    }
  }
  if (marks & ~1u)
    putchar('\n');
  if (marks & (1u << DD_SOURCE_CONFIGURED))
    printf("[configured]: not Ofsted's published timescale, a value of the "
           "configuration.\n");
  if (marks & (1u << DD_SOURCE_CONFIGURED_TIME))
    printf("[configured time]: Ofsted's day; the hour is the configured end "
           "of the working day (the guidance gives none).\n");
}

static void print_csv(const dd_schedule *s, const dd_milestone *only) {
  printf("milestone,title,due_date,due_time,earliest,latest,applies,status,"
         "tentative,at_risk,source,provisional\n");
  for (size_t i = 0; i < s->n; i++) {
    const dd_milestone *m = &s->items[i];
    char due[DD_DATE_BUFSIZE], a[DD_DATE_BUFSIZE] = "", b[DD_DATE_BUFSIZE] = "",
                               t[8];
    if (only != NULL && m != only)
      continue;
    dd__clock_text(m->due_time, t, sizeof t);
    dd_date_format(m->due, due);
    if (m->rule->kind == DD_KIND_WINDOW) {
      dd_date_format(m->earliest, a);
      dd_date_format(m->due, b);
    }
    cli_csv_field(stdout, m->rule->id);
    putchar(',');
    cli_csv_field(stdout, m->rule->title);
    printf(",%s,%s,%s,%s,%s,%s,%s,", m->applies ? due : "", m->applies ? t : "",
           m->applies ? a : "", m->applies ? b : "", m->applies ? "yes" : "no",
           dd_status_name(m->status), m->tentative ? "yes" : "no");
    const dd_milestone *by = dd_milestone_at_risk(s, m);
    char reason[320] = "";
    if (by != NULL)
      dd_milestone_risk_text(m, by, reason, sizeof reason);
    cli_csv_field(stdout, reason);
    printf(",%s,%s\n", dd_source_name(dd_milestone_rule_source(m->rule)),
           m->provisional ? "yes" : "no");
  }
}

int cli_print_schedule(const dd_schedule *s, const char *division,
                       const dd_milestone *only, bool explain,
                       const char *format) {
  if (strcmp(format, "csv") == 0) {
    /* The columns have no room for it: said beside them. */
    if (s->warning[0] != '\0')
      fprintf(stderr, "dueday: warning: %s\n", s->warning);
    print_csv(s, only);
    return EXIT_YES;
  }
  if (strcmp(format, "json") == 0)
    return cli_print_json(dd__schedule_json(s, division, only));
  print_text(s, division, only, explain);
  return EXIT_YES;
}

int cmd_when(int argc, char **argv) {
  const char *type_id = NULL, *start_arg = NULL, *days_arg = NULL,
             *format = NULL;
  bool concerns = false, explain = false;
  const cli_option options[] = {
      {"type", &type_id, NULL},    {"start", &start_arg, NULL},
      {"days", &days_arg, NULL},   {"concerns", NULL, &concerns},
      {"explain", NULL, &explain}, {"format", &format, NULL},
      {NULL, NULL, NULL}};
  const cli_spec spec = {.usage = when_usage, .options = options, .max_pos = 2};
  cli_ctx x;
  int rc = cli_command_begin(argc, argv, &spec, &x);
  if (rc != CLI_RUN)
    return rc;
  if (!cli_format("when", &x.common, &format))
    return EXIT_BAD_INPUT;
  if (type_id == NULL && start_arg == NULL && x.npos >= 1) {
    rc = cmd_when_visit(&x, x.pos[0], x.npos == 2 ? x.pos[1] : NULL, explain,
                        format);
    cli_command_end(&x);
    return rc;
  }
  if (type_id == NULL || start_arg == NULL || x.npos > 1) {
    cli_error("when: give a registered VISIT, or --type and --start (see "
              "dueday when --help)");
    return EXIT_BAD_INPUT;
  }
  const dd_visit_type *type = dd_config_visit_type(cli_config(), type_id);
  if (type == NULL) {
    size_t n;
    const dd_visit_type *all = dd_config_visit_types(cli_config(), &n);
    char known[256] = "";
    for (size_t i = 0; i < n; i++)
      snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s",
               i ? ", " : "", all[i].id);
    cli_error("when: unknown visit type \"%s\" (known: %s)", type_id, known);
    return EXIT_BAD_INPUT;
  }
  dd_date start;
  int days = 0;
  if (!cli_date("when: --start", start_arg, &start) ||
      (days_arg != NULL && !cli_int("when: --days", days_arg, 1, 30, &days)))
    return EXIT_BAD_INPUT;
  if (!cli_command_open(&x, CLI_TODAY | CLI_CALENDAR)) {
    cli_command_end(&x);
    return EXIT_BAD_INPUT;
  }
  dd_visit_input visit = {
      .type = type, .start = start, .days_on_site = days, .concerns = concerns};
  for (size_t i = 0; i < x.cal.nsets; i++) {
    int y = dd_holidays_confirmed_to(x.cal.sets[i]);
    if (visit.confirmed_to == 0 || y < visit.confirmed_to)
      visit.confirmed_to = y;
  }
  dd_schedule s;
  dd_diag diag;
  if (dd_schedule_compute(x.cal.cal, &visit,
                          dd_config_calendar(cli_config())->end_of_day, x.today,
                          &s, &diag) != DD_OK) {
    cli_error("when: %s", diag.message);
    cli_command_end(&x);
    return EXIT_BAD_INPUT;
  }
  const dd_milestone *only = NULL;
  if (x.npos == 1 && (only = dd_schedule_find(&s, x.pos[0])) == NULL) {
    cli_error("when: the %s visit type has no milestone \"%s\"", type->id,
              x.pos[0]);
    rc = EXIT_BAD_INPUT;
  } else {
    dd_date last = s.end;
    for (size_t i = 0; i < s.n; i++)
      last = s.items[i].due > last ? s.items[i].due : last;
    cli_warn_provisional(&x.cal, s.start, last, strcmp(format, "text") != 0);
    rc = cli_print_schedule(&s, x.common.division, only, explain, format);
  }
  dd_schedule_clear(&s);
  cli_command_end(&x);
  return rc;
}
