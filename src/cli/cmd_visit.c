/* dueday visit: the register's commands. Every command that writes does so
 * in one transaction, after computing the visit's schedule with the change
 * applied: a change the rules reject (a start on a bank holiday, an event
 * before the one it is counted from) writes nothing. */
#include "cli.h"
#include "cli_known.h"
#include "commands.h"
#include "dueday/change.h"
#include "output/schedule_json.h"
#include "support/suggest.h"

#include <jansson.h>

#include <stdlib.h>
#include <string.h>

const char visit_usage[] =
    "usage: dueday visit add ID --type T --start DATE --name NAME [options]\n"
    "       dueday visit show ID\n"
    "       dueday visit list [--region R] [--inspector E] [--due-within N]\n"
    "                         [--overdue] [--format text|csv|json]\n"
    "       dueday visit record ID WHAT [--on DATE[THH:MM]] [--by E]\n"
    "                           [--note TEXT] [--replace]\n"
    "       dueday visit unrecord ID WHAT        (undo: the same)\n"
    "       dueday visit edit ID [--name N] [--region R] [--inspector E]\n"
    "                         [--rim E] [--division D] [--type T]\n"
    "                         [--start DATE] [--days N] [--urn U]\n"
    "                         [--setting S] [--la LA] [--status S]\n"
    "                         [--concerns yes|no]\n"
    "       dueday visit delete ID\n"
    "       dueday visit defer ID --to DATE\n"
    "       dueday visit extend ID --days N\n"
    "       dueday visit cancel ID\n"
    "       dueday visit import VISITS.csv [--events EVENTS.csv]\n"
    "                           [--update] [--dry-run]\n"
    "\n"
    "add options: --days N (default: the type's), --urn U, --setting S,\n"
    "  --la LOCAL-AUTHORITY, --region R, --division D, --inspector EMAIL,\n"
    "  --rim EMAIL, --concerns, --status planned|live|completed\n"
    "  --start DATE is day 1: the day the visit is announced (about 09:00)\n"
    "  and goes live, not the first day on site.\n"
    "A region the register and the configuration do not know is taken as a\n"
    "new one, unless it looks like a misspelling of a known one; list and\n"
    "agenda refuse any region, inspector or RIM the register does not know.\n"
    "\n"
    "record marks a milestone done (dueday visit record V draft-sent --on\n"
    "2020-10-01) or records an event: concerns-found, complaint-received,\n"
    "complaint-answered, and the case review's outcome: monitoring-decided\n"
    "(the monitoring visit, until then only likely, is firm) or\n"
    "monitoring-not-needed. Every milestone counted from it moves. A\n"
    "milestone recorded already is refused unless --replace: the new record\n"
    "is then in force and the earlier kept, superseded (show marks which is\n"
    "in force). Events may be recorded again without it.\n"
    "unrecord (or undo) takes back the latest record of WHAT (a record made\n"
    "by mistake); an earlier record of it is in force again. record and\n"
    "unrecord say which due dates moved.\n"
    "edit changes any field, in one audit row naming each old and new\n"
    "value; a new day 1, days, type or division re-plans every date (the\n"
    "records stay) and says which due dates moved.\n"
    "delete takes a visit out of the register: gone from list, agenda,\n"
    "when and reminders; feeds publish its events as cancelled. Its\n"
    "history stays in the audit log, and its id is not used again; show\n"
    "says when and by whom it was deleted (exit 1).\n"
    "defer moves the visit's day 1; extend changes its length (days off\n"
    "and on site); both re-anchor every target. import is all or nothing:\n"
    "every bad row is reported with its line, and nothing is written. With\n"
    "--update, visits already registered are updated to the file's values\n"
    "(an edit for each that differs) and the same file again changes\n"
    "nothing. --dry-run (with or without --update) checks the whole file\n"
    "and shows what would change, writing nothing.\n"
    "Every visit subcommand takes --json (defer, extend and cancel print\n"
    "the visit's new schedule, as when --format json does).\n"
    "\n"
    "The register: --db PATH, $DUEDAY_DB, else\n"
    "~/.local/share/dueday/register.db. Today: --today or $DUEDAY_TODAY.\n"
    "\n"
    "Exit: 0 done, 1 (list --overdue) nothing found, (show) deleted,\n"
    "2 bad input.\n";

/* What every visit subcommand but list and import opens: show reads the
 * register, add may create it, the others change an existing one. */
enum { SESSION = CLI_TODAY | CLI_STORE | CLI_PLANNER };

/* Computes the schedule to check that the rules accept v with events, with
 * only the problems in tolerate (DD_SCHEDULE_WARN_*) let through as
 * warnings; prints the reason and returns false when they do not. */
static bool acceptable(cli_ctx *s, const char *what, const dd_visit *v,
                       const dd_recorded *events, size_t n, unsigned tolerate,
                       dd_schedule *out) {
  dd_diag diag;
  dd_schedule tmp;
  dd_schedule *sched = out != NULL ? out : &tmp;
  if (dd_planner_schedule_checked(s->planner, v, events, n, s->today, tolerate,
                                  sched, &diag) != DD_OK) {
    cli_error("visit %s: %s: %s", what, v->id, diag.message);
    return false;
  }
  if (out == NULL)
    dd_schedule_clear(&tmp);
  return true;
}

/* Commits, or rolls back and says why. */
static int finish(cli_ctx *s, bool ok) {
  dd_diag diag;
  if (!ok) {
    dd_store_rollback(s->st);
    return EXIT_BAD_INPUT;
  }
  if (dd_store_commit(s->st, &diag) != DD_OK) {
    cli_error("%s", diag.message);
    dd_store_rollback(s->st);
    return EXIT_BAD_INPUT;
  }
  return EXIT_YES;
}

/* Each milestone's due date ({"draft-sent": "2020-10-16", ...}; null for
 * one that does not apply), for --json. */
static json_t *due_json(const dd_schedule *s) {
  char d[DD_DATE_BUFSIZE];
  json_t *o = json_object();
  for (size_t i = 0; i < s->n; i++)
    json_object_set_new(o, s->items[i].rule->id,
                        s->items[i].applies
                            ? json_string(dd_date_format(s->items[i].due, d))
                            : json_null());
  return o;
}

/* The due dates a change moved, for --json: [{"milestone", "before",
 * "after"}], a date null where the milestone did not apply. */
static json_t *moved_json(const dd_change *c) {
  char d[DD_DATE_BUFSIZE];
  json_t *list = json_array();
  for (size_t i = 0; i < c->nmoved; i++) {
    const dd_moved *m = &c->moved[i];
    json_t *o = json_pack("{s:s}", "milestone", m->rule->id);
    json_object_set_new(o, "before",
                        m->before ? json_string(dd_date_format(m->before, d))
                                  : json_null());
    json_object_set_new(o, "after",
                        m->after ? json_string(dd_date_format(m->after, d))
                                 : json_null());
    json_array_append_new(list, o);
  }
  return list;
}

static const char *actor(void) {
  const char *user = getenv("USER");
  return user != NULL && user[0] ? user : "dueday";
}

static int visit_add(int argc, char **argv) {
  const char *type = NULL, *start = NULL, *days = NULL, *name = NULL,
             *urn = NULL, *setting = NULL, *la = NULL, *region = NULL,
             *inspector = NULL, *rim = NULL, *status = NULL;
  bool concerns = false;
  const cli_option options[] = {{"type", &type, NULL},
                                {"start", &start, NULL},
                                {"days", &days, NULL},
                                {"name", &name, NULL},
                                {"urn", &urn, NULL},
                                {"setting", &setting, NULL},
                                {"la", &la, NULL},
                                {"region", &region, NULL},
                                {"inspector", &inspector, NULL},
                                {"rim", &rim, NULL},
                                {"status", &status, NULL},
                                {"concerns", NULL, &concerns},
                                {NULL, NULL, NULL}};
  const cli_spec spec = {
      .usage = visit_usage, .options = options, .max_pos = 1};
  cli_ctx s;
  int rc = cli_command_begin(argc, argv, &spec, &s);
  if (rc != CLI_RUN)
    return rc;
  if (s.npos != 1 || type == NULL || start == NULL || name == NULL) {
    cli_error("visit add: needs ID, --type, --start and --name (see dueday "
              "visit --help)");
    return EXIT_BAD_INPUT;
  }
  if (!dd_visit_id_valid(s.pos[0])) {
    cli_error("visit add: invalid id \"%s\": use up to 64 letters, digits, "
              "'-', '_' and '.'",
              s.pos[0]);
    return EXIT_BAD_INPUT;
  }
  dd_visit v = {.id = (char *)s.pos[0],
                .type = (char *)type,
                .name = (char *)name,
                .urn = (char *)(urn ? urn : ""),
                .setting = (char *)(setting ? setting : ""),
                .local_authority = (char *)(la ? la : ""),
                .region = (char *)(region ? region : ""),
                .division = (char *)s.common.division,
                .inspector = (char *)(inspector ? inspector : ""),
                .rim = (char *)(rim ? rim : ""),
                .concerns = concerns};
  if (!cli_date("visit add: --start", start, &v.start) ||
      (days != NULL &&
       !cli_int("visit add: --days", days, 1, 30, &v.days_on_site)))
    return EXIT_BAD_INPUT;
  if (status != NULL &&
      (dd_visit_status_parse(status, &v.status) != DD_OK ||
       v.status == DD_VISIT_DEFERRED || v.status == DD_VISIT_CANCELLED)) {
    cli_error("visit add: --status \"%s\": use planned, live or completed",
              status);
    return EXIT_BAD_INPUT;
  }
  const dd_visit_type *t = dd_config_visit_type(cli_config(), type);
  if (t == NULL) {
    cli_unknown_type("visit add", type);
    return EXIT_BAD_INPUT;
  }
  if (v.days_on_site == 0)
    v.days_on_site = t->days_on_site;
  if (!cli_register_open(&s, SESSION | CLI_CREATE) ||
      (region != NULL && !cli_known_check(&s, "visit add: --region",
                                          DD_SCOPE_REGION, region, false))) {
    if (s.st != NULL)
      cli_register_abandon(&s);
    cli_command_end(&s);
    return EXIT_BAD_INPUT;
  }
  dd_diag diag;
  dd_schedule sched = {0};
  bool ok = acceptable(&s, "add", &v, NULL, 0, 0, &sched);
  if (ok && dd_store_begin(s.st, &diag) != DD_OK) {
    cli_error("%s", diag.message);
    ok = false;
  }
  if (ok && dd_store_visit_add(s.st, &v, actor(), &diag) != DD_OK) {
    cli_error("visit add: %s", diag.message);
    ok = false;
  }
  rc = finish(&s, ok);
  if (rc != EXIT_YES)
    cli_register_abandon(&s);
  if (rc == EXIT_YES && s.common.json) {
    char d[DD_DATE_BUFSIZE], e[DD_DATE_BUFSIZE];
    json_t *o = json_pack("{s:s, s:o, s:s, s:s, s:s}", "action", "add", "id",
                          dd__json_text(v.id), "type", v.type, "start",
                          dd_date_format(sched.start, d), "end",
                          dd_date_format(sched.end, e));
    json_object_set_new(o, "due", due_json(&sched));
    rc = cli_print_json(o);
  } else if (rc == EXIT_YES) {
    char d[DD_DATE_BUFSIZE];
    const dd_milestone *pub = dd_schedule_find(&sched, "publication");
    printf("added %s (%s visit, day 1 %s", v.id, v.type,
           dd_date_format(sched.start, d));
    printf(" to %s)", dd_date_format(sched.end, d));
    if (pub != NULL)
      printf("; publication due %s", dd_date_format(pub->due, d));
    printf("\n");
  }
  dd_schedule_clear(&sched);
  cli_command_end(&s);
  return rc;
}

/* Loads visit id with its events; prints the error when it fails. */
static bool load(cli_ctx *s, const char *id, dd_visit *v, dd_recorded **events,
                 size_t *n) {
  dd_diag diag;
  int err = dd_store_visit_get(s->st, id, v, events, n, &diag);
  if (err == DD_OK)
    return true;
  if (err == DD_ENOTFOUND && strncmp(diag.message, "no visit", 8) == 0)
    cli_known_visit_hint(s, id, diag.message, sizeof diag.message);
  cli_error("%s", diag.message);
  return false;
}

/* --on DATE or DATETHH:MM. */
static bool parse_on(const char *on, dd_date *date, int *time) {
  char day[DD_DATE_BUFSIZE];
  size_t len = strlen(on);
  if (len == 16 && on[10] == 'T') {
    memcpy(day, on, 10);
    day[10] = '\0';
    if (dd_time_parse(on + 11, time) != DD_OK) {
      cli_error("visit record: --on \"%s\": invalid time (HH:MM)", on);
      return false;
    }
    return cli_date("visit record: --on", day, date);
  }
  return cli_date("visit record: --on", on, date);
}

/* Which due dates a change moved, in a line after the schedule. */
static void print_moved(const dd_change *c) {
  char a[DD_DATE_BUFSIZE], b[DD_DATE_BUFSIZE];
  if (c->nmoved == 0) {
    printf("\nNo due date moved.\n");
    return;
  }
  printf("\nMoved:");
  for (size_t i = 0; i < c->nmoved; i++) {
    const dd_moved *m = &c->moved[i];
    printf("%s %s ", i == 0 ? "" : ",", m->rule->id);
    if (m->before)
      printf("%s %s", dd_weekday_abbrev(dd_date_weekday(m->before)),
             dd_date_format(m->before, a));
    else
      printf("not applicable");
    if (m->after)
      printf(" -> %s %s", dd_weekday_abbrev(dd_date_weekday(m->after)),
             dd_date_format(m->after, b));
    else
      printf(" -> not applicable");
  }
  printf(".\n");
}

/* The milestone or event of visit id that WHAT may have meant, as a hint
 * after an "unknown milestone or event" refusal: "did you mean". */
static void what_hint(cli_ctx *s, const char *id, const char *what, char *msg,
                      size_t size) {
  dd_visit v;
  dd_schedule sched;
  if (dd_store_visit_get(s->st, id, &v, NULL, NULL, NULL) != DD_OK)
    return;
  if (dd_planner_schedule(s->planner, &v, NULL, 0, s->today, &sched, NULL) ==
      DD_OK) {
    const char *known[64];
    size_t n = 0;
    for (size_t i = 0; i < sched.n && n < 60; i++)
      known[n++] = sched.items[i].rule->id;
    known[n++] = DD_EVENT_CONCERNS_FOUND;
    known[n++] = DD_EVENT_COMPLAINT_RECEIVED;
    known[n++] = DD_EVENT_COMPLAINT_ANSWERED;
    /* Only a near miss: the whole list is in dueday when's output. */
    const char *near = dd__suggest(what, known, n);
    if (near != NULL)
      snprintf(msg + strlen(msg), size - strlen(msg), " (did you mean \"%s\"?)",
               near);
    dd_schedule_clear(&sched);
  }
  dd_visit_clear(&v);
}

/* record and unrecord (undo): through dd_change_record_as and
 * dd_change_undo, the path the web pages take too, so that both check and
 * audit alike. */
static int visit_record(bool undo, int argc, char **argv) {
  const char *name = argv[0] + strlen("visit ");
  const char *on = NULL, *by = NULL, *note = NULL;
  bool replace = false;
  const cli_option record_options[] = {{"on", &on, NULL},
                                       {"by", &by, NULL},
                                       {"note", &note, NULL},
                                       {"replace", NULL, &replace},
                                       {NULL, NULL, NULL}};
  const cli_option undo_options[] = {{NULL, NULL, NULL}};
  const cli_spec spec = {.usage = visit_usage,
                         .options = undo ? undo_options : record_options,
                         .max_pos = 2};
  cli_ctx s;
  int rc = cli_command_begin(argc, argv, &spec, &s);
  if (rc != CLI_RUN)
    return rc;
  if (s.npos != 2) {
    cli_error("visit %s: expected ID and WHAT (see dueday visit --help)", name);
    return EXIT_BAD_INPUT;
  }
  if (!cli_register_open(&s, SESSION | CLI_WRITE)) {
    cli_command_end(&s);
    return EXIT_BAD_INPUT;
  }
  dd_recorded ev = {.what = (char *)s.pos[1],
                    .date = s.today,
                    .time = -1,
                    .by = (char *)(by ? by : actor()),
                    .note = (char *)(note ? note : "")};
  if (on != NULL && !parse_on(on, &ev.date, &ev.time)) {
    cli_command_end(&s);
    return EXIT_BAD_INPUT;
  }
  /* What unrecord takes back, for the JSON: read before it goes. */
  dd_recorded gone = {0};
  dd_visit v;
  dd_recorded *events = NULL;
  size_t n = 0;
  if (undo &&
      dd_store_visit_get(s.st, s.pos[0], &v, &events, &n, NULL) == DD_OK) {
    for (size_t i = 0; i < n; i++)
      if (strcmp(events[i].what, s.pos[1]) == 0)
        gone = events[i];
    dd_visit_clear(&v);
  }
  dd_change c;
  dd_diag diag;
  int err = undo ? dd_change_undo(s.st, s.planner, s.pos[0], s.pos[1], actor(),
                                  s.today, &c, &diag)
                 : dd_change_record_as(s.st, s.planner, s.pos[0], &ev, actor(),
                                       s.today, replace ? DD_CHANGE_REPLACE : 0,
                                       &c, &diag);
  /* What the rules refuse is said as the command's; a missing visit or a
   * register that cannot be written, as it is. */
  if (err == DD_OK)
    err = dd_store_visit_get(s.st, s.pos[0], &v, NULL, NULL, &diag);
  if (err == DD_EINVAL && strstr(diag.message, "unknown milestone") != NULL)
    what_hint(&s, s.pos[0], s.pos[1], diag.message, sizeof diag.message);
  if (err == DD_ENOTFOUND && strncmp(diag.message, "no visit", 8) == 0)
    cli_known_visit_hint(&s, s.pos[0], diag.message, sizeof diag.message);
  if (err == DD_EINVAL || err == DD_ECONFLICT)
    cli_error("visit %s: %s", name, diag.message);
  else if (err != DD_OK)
    cli_error("%s", diag.message);
  rc = EXIT_BAD_INPUT;
  if (err == DD_OK && s.common.json) {
    char d[DD_DATE_BUFSIZE];
    const dd_recorded *r = undo ? &gone : &ev;
    json_t *o = json_pack(
        "{s:s, s:o, s:s, s:s, s:o}", "action", undo ? "unrecord" : "record",
        "id", dd__json_text(v.id), "what", s.pos[1], "on",
        dd_date_format(r->date, d), "by", dd__json_text(r->by ? r->by : ""));
    if (!undo)
      json_object_set_new(o, "replaced", json_boolean(replace));
    json_object_set_new(o, "moved", moved_json(&c));
    rc = cli_print_json(o);
    dd_visit_clear(&v);
  } else if (err == DD_OK) {
    rc = cli_print_schedule(&c.after, v.division, NULL, false, "text");
    print_moved(&c);
    dd_visit_clear(&v);
  }
  dd_recorded_list_free(events, n);
  dd_change_clear(&c);
  cli_command_end(&s);
  return rc;
}

/* Parses yes|no (true|false, 1|0) into *out. */
static bool parse_yes(const char *what, const char *text, bool *out) {
  if (strcmp(text, "yes") == 0 || strcmp(text, "true") == 0 ||
      strcmp(text, "1") == 0)
    *out = true;
  else if (strcmp(text, "no") == 0 || strcmp(text, "false") == 0 ||
           strcmp(text, "0") == 0)
    *out = false;
  else {
    cli_error("%s \"%s\": use yes or no", what, text);
    return false;
  }
  return true;
}

json_t *visit_changes_json(const dd_visit *before, const dd_visit *after) {
  json_t *list = json_array();
  for (int i = 0; i < DD_VISIT_NFIELDS; i++) {
    char a[32], b[32];
    const char *was, *now;
    const char *field = dd_visit_field(before, i, a, sizeof a, &was);
    dd_visit_field(after, i, b, sizeof b, &now);
    if (strcmp(was, now) != 0)
      json_array_append_new(list, json_pack("{s:s, s:o, s:o}", "field", field,
                                            "before", dd__json_text(was),
                                            "after", dd__json_text(now)));
  }
  return list;
}

/* The fields an edit changed, as the audit row has them. */
static void print_changed(const dd_visit *before, const dd_visit *after) {
  char *detail = dd_change_edit_detail(before, after, NULL);
  printf("edited %s: %s\n", after->id, detail ? detail : "out of memory");
  free(detail);
}

static int visit_edit(int argc, char **argv) {
  const char *name = NULL, *region = NULL, *inspector = NULL, *rim = NULL,
             *division = NULL, *type = NULL, *start = NULL, *days = NULL,
             *urn = NULL, *setting = NULL, *la = NULL, *status = NULL,
             *concerns = NULL;
  const cli_option options[] = {{"name", &name, NULL},
                                {"region", &region, NULL},
                                {"inspector", &inspector, NULL},
                                {"rim", &rim, NULL},
                                {"type", &type, NULL},
                                {"start", &start, NULL},
                                {"days", &days, NULL},
                                {"urn", &urn, NULL},
                                {"setting", &setting, NULL},
                                {"la", &la, NULL},
                                {"status", &status, NULL},
                                {"concerns", &concerns, NULL},
                                {NULL, NULL, NULL}};
  const cli_spec spec = {.usage = visit_usage,
                         .options = options,
                         .max_pos = 1,
                         .pos_error = "visit edit: expected ID (see dueday "
                                      "visit --help)"};
  cli_ctx s;
  int rc = cli_command_begin(argc, argv, &spec, &s);
  if (rc != CLI_RUN)
    return rc;
  /* --division is a common option (its default is the configuration's):
   * only one given on the command line is a change. */
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "--division") == 0 ||
        strncmp(argv[i], "--division=", 11) == 0)
      division = s.common.division;
  if (!cli_register_open(&s, SESSION | CLI_WRITE)) {
    cli_command_end(&s);
    return EXIT_BAD_INPUT;
  }
  dd_visit v;
  if (!load(&s, s.pos[0], &v, NULL, NULL)) {
    cli_command_end(&s);
    return EXIT_BAD_INPUT;
  }
  dd_visit after = v;
  bool ok = true;
  if (name != NULL && name[0] == '\0') {
    cli_error("visit edit: --name: a visit needs a name");
    ok = false;
  }
  if (ok && type != NULL && dd_config_visit_type(cli_config(), type) == NULL) {
    cli_unknown_type("visit edit", type);
    ok = false;
  }
  if (ok && division != NULL && !dd_division_known(division)) {
    cli_error("visit edit: --division \"%s\": use england-and-wales, "
              "scotland or northern-ireland",
              division);
    ok = false;
  }
  ok = ok &&
       (start == NULL || cli_date("visit edit: --start", start, &after.start));
  ok = ok && (days == NULL ||
              cli_int("visit edit: --days", days, 1, 30, &after.days_on_site));
  ok = ok && (concerns == NULL ||
              parse_yes("visit edit: --concerns", concerns, &after.concerns));
  if (ok && status != NULL &&
      dd_visit_status_parse(status, &after.status) != DD_OK) {
    cli_error("visit edit: --status \"%s\": use planned, live, completed, "
              "deferred or cancelled",
              status);
    ok = false;
  }
  ok = ok && (region == NULL || strcmp(region, v.region) == 0 ||
              cli_known_check(&s, "visit edit: --region", DD_SCOPE_REGION,
                              region, false));
  if (!ok) {
    dd_visit_clear(&v);
    cli_command_end(&s);
    return EXIT_BAD_INPUT;
  }
  const char *const *given[] = {&type,   &name,     &urn,       &setting, &la,
                                &region, &division, &inspector, &rim};
  char **slots[] = {&after.type,
                    &after.name,
                    &after.urn,
                    &after.setting,
                    &after.local_authority,
                    &after.region,
                    &after.division,
                    &after.inspector,
                    &after.rim};
  for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++)
    if (*given[i] != NULL)
      *slots[i] = (char *)*given[i];
  dd_change c;
  dd_diag diag;
  int err =
      dd_change_edit(s.st, s.planner, &after, actor(), s.today, &c, &diag);
  if (err == DD_EINVAL)
    cli_error("visit edit: %s", diag.message);
  else if (err != DD_OK)
    cli_error("%s", diag.message);
  rc = err == DD_OK ? EXIT_YES : EXIT_BAD_INPUT;
  int changed = dd_visit_diff(&v, &after);
  if (err == DD_OK && s.common.json) {
    json_t *o =
        json_pack("{s:s, s:o}", "action", "edit", "id", dd__json_text(v.id));
    json_object_set_new(o, "changed", visit_changes_json(&v, &after));
    json_object_set_new(o, "moved", moved_json(&c));
    rc = cli_print_json(o);
  } else if (err == DD_OK && changed == 0) {
    printf("%s: nothing to change\n", v.id);
  } else if (err == DD_OK) {
    print_changed(&v, &after);
    print_moved(&c);
  }
  dd_change_clear(&c);
  dd_visit_clear(&v);
  cli_command_end(&s);
  return rc;
}

static int visit_delete(int argc, char **argv) {
  const cli_spec spec = {.usage = visit_usage,
                         .max_pos = 1,
                         .pos_error = "visit delete: expected ID (see dueday "
                                      "visit --help)"};
  cli_ctx s;
  int rc = cli_command_begin(argc, argv, &spec, &s);
  if (rc != CLI_RUN)
    return rc;
  if (!cli_register_open(&s, CLI_STORE | CLI_WRITE)) {
    cli_command_end(&s);
    return EXIT_BAD_INPUT;
  }
  dd_diag diag;
  dd_visit_deletion gone;
  bool ok = dd_store_begin(s.st, &diag) == DD_OK &&
            dd_store_visit_delete(s.st, s.pos[0], actor(), &diag) == DD_OK &&
            dd_store_visit_deleted(s.st, s.pos[0], &gone, &diag) == DD_OK;
  if (!ok)
    cli_error("%s", diag.message);
  rc = finish(&s, ok);
  if (rc == EXIT_YES && s.common.json)
    rc = cli_print_json(json_pack("{s:s, s:o, s:s, s:o}", "action", "delete",
                                  "id", dd__json_text(s.pos[0]), "deleted_at",
                                  gone.at, "by", dd__json_text(gone.by)));
  else if (rc == EXIT_YES)
    printf("deleted %s: gone from lists, agendas and reminders; its feed "
           "events are published as cancelled\n",
           s.pos[0]);
  cli_command_end(&s);
  return rc;
}

/* defer, extend, cancel: read the visit, change it, check the schedule,
 * write, all in one transaction. */
enum change { DEFER, EXTEND, CANCEL };

static int visit_change(enum change what, int argc, char **argv) {
  static const char *const names[] = {"defer", "extend", "cancel"};
  const char *to = NULL, *days = NULL;
  const cli_option options[] = {
      {"to", &to, NULL}, {"days", &days, NULL}, {NULL, NULL, NULL}};
  const cli_spec spec = {
      .usage = visit_usage, .options = options, .max_pos = 1};
  cli_ctx s;
  int rc = cli_command_begin(argc, argv, &spec, &s);
  if (rc != CLI_RUN)
    return rc;
  if (s.npos != 1 || (what == DEFER && to == NULL) ||
      (what == EXTEND && days == NULL)) {
    cli_error("visit %s: expected %s (see dueday visit --help)", names[what],
              what == DEFER    ? "ID and --to DATE"
              : what == EXTEND ? "ID and --days N"
                               : "ID");
    return EXIT_BAD_INPUT;
  }
  if (!cli_register_open(&s, SESSION | CLI_WRITE)) {
    cli_command_end(&s);
    return EXIT_BAD_INPUT;
  }
  dd_diag diag;
  dd_visit v;
  dd_recorded *events = NULL;
  size_t n = 0;
  bool ok = dd_store_begin(s.st, &diag) == DD_OK;
  if (!ok)
    cli_error("%s", diag.message);
  ok = ok && load(&s, s.pos[0], &v, &events, &n);
  if (!ok) {
    finish(&s, false);
    cli_command_end(&s);
    return EXIT_BAD_INPUT;
  }
  char detail[128] = "", a[DD_DATE_BUFSIZE], b[DD_DATE_BUFSIZE];
  dd_visit changed = v;
  if (what == DEFER) {
    ok = cli_date("visit defer: --to", to, &changed.start);
    changed.status = DD_VISIT_DEFERRED;
    snprintf(detail, sizeof detail, "start %s -> %s",
             dd_date_format(v.start, a), dd_date_format(changed.start, b));
  } else if (what == EXTEND) {
    ok = cli_int("visit extend: --days", days, 1, 30, &changed.days_on_site);
    snprintf(detail, sizeof detail, "days on site %d -> %d", v.days_on_site,
             changed.days_on_site);
  } else {
    changed.status = DD_VISIT_CANCELLED;
    snprintf(detail, sizeof detail, "status %s -> cancelled",
             dd_visit_status_name(v.status));
  }
  if (ok && v.status == DD_VISIT_CANCELLED && what != CANCEL) {
    cli_error("visit %s: %s is cancelled", names[what], v.id);
    ok = false;
  }
  /* The schedule with the change applied decides whether it is allowed: a
   * new start is checked as for a new visit; cancelling always goes. */
  dd_schedule sched = {0};
  if (ok) {
    unsigned tolerate = what == DEFER    ? 0
                        : what == CANCEL ? DD_SCHEDULE_WARN_ALL
                                         : DD_CHANGE_KEPT;
    ok = acceptable(&s, names[what], &changed, events, n, tolerate, &sched);
  }
  if (ok && dd_store_visit_update(s.st, &changed, actor(), names[what], detail,
                                  &diag) != DD_OK) {
    cli_error("visit %s: %s", names[what], diag.message);
    ok = false;
  }
  rc = finish(&s, ok);
  /* The visit's new schedule: as `when` prints it, or its JSON. */
  if (rc == EXIT_YES)
    rc = cli_print_schedule(&sched, v.division, NULL, false,
                            s.common.json ? "json" : "text");
  dd_schedule_clear(&sched);
  dd_visit_clear(&v);
  dd_recorded_list_free(events, n);
  cli_command_end(&s);
  return rc;
}

/* Whether record i is the latest of its kind: the one the rules count
 * (the last one recorded wins). */
static bool in_force(const dd_recorded *events, size_t n, size_t i) {
  for (size_t j = i + 1; j < n; j++)
    if (strcmp(events[j].what, events[i].what) == 0)
      return false;
  return true;
}

/* Whether what record i records was recorded more than once. */
static bool repeated(const dd_recorded *events, size_t n, size_t i) {
  for (size_t j = 0; j < n; j++)
    if (j != i && strcmp(events[j].what, events[i].what) == 0)
      return true;
  return false;
}

/* The visit as stored, with its schedule; sched NULL for a visit that
 * cannot be planned (its visit type or division gone from the
 * configuration), error then saying why. */
static int show_text(const dd_visit *v, const dd_recorded *events, size_t n,
                     const dd_schedule *sched, const char *error) {
  char d[DD_DATE_BUFSIZE];
  printf("visit       %s\n", v->id);
  printf("type        %s\n", v->type);
  printf("name        %s\n", v->name);
  printf("urn         %s\n", v->urn);
  printf("setting     %s\n", v->setting);
  printf("authority   %s\n", v->local_authority);
  printf("region      %s\n", v->region);
  printf("division    %s\n", v->division);
  printf("inspector   %s\n", v->inspector);
  printf("rim         %s\n", v->rim);
  printf("start       %s\n", dd_date_format(v->start, d));
  printf("days        %d\n", v->days_on_site);
  printf("status      %s\n", dd_visit_status_name(v->status));
  printf("concerns    %s\n",
         (sched ? sched->concerns : v->concerns) ? "yes" : "no");
  for (size_t i = 0; i < n; i++)
    printf("recorded    %s on %s%s%s%s%s%s\n", events[i].what,
           dd_date_format(events[i].date, d), events[i].by[0] ? " by " : "",
           events[i].by, events[i].note[0] ? ": " : "", events[i].note,
           !repeated(events, n, i)  ? ""
           : in_force(events, n, i) ? " (in force)"
                                    : " (superseded)");
  printf("\n");
  if (sched == NULL) {
    printf("cannot be planned: %s\n", error);
    return EXIT_BAD_INPUT;
  }
  return cli_print_schedule(sched, v->division, NULL, true, "text");
}

static int show_json(const dd_visit *v, const dd_recorded *events, size_t n,
                     const dd_schedule *sched, const char *error) {
  char d[DD_DATE_BUFSIZE];
  json_t *recorded = json_array();
  for (size_t i = 0; i < n; i++) {
    json_t *e = json_pack(
        "{s:o, s:s, s:o, s:o}", "what", dd__json_text(events[i].what), "on",
        dd_date_format(events[i].date, d), "by", dd__json_text(events[i].by),
        "note", dd__json_text(events[i].note));
    if (events[i].time >= 0) {
      char t[8];
      snprintf(t, sizeof t, "%02d:%02d", events[i].time / 60 % 24,
               events[i].time % 60);
      json_object_set_new(e, "time", json_string(t));
    }
    json_object_set_new(e, "in_force", json_boolean(in_force(events, n, i)));
    json_array_append_new(recorded, e);
  }
  json_t *o =
      sched != NULL
          ? dd__schedule_json(sched, v->division, NULL)
          : json_pack("{s:{s:s, s:s, s:i, s:s, s:b}, s:[], s:s}", "visit",
                      "type", v->type, "start", dd_date_format(v->start, d),
                      "days_on_site", v->days_on_site, "division", v->division,
                      "concerns", v->concerns, "milestones", "error", error);
  json_t *visit = json_object_get(o, "visit");
  json_object_set_new(visit, "id", dd__json_text(v->id));
  json_object_set_new(visit, "name", dd__json_text(v->name));
  json_object_set_new(visit, "urn", dd__json_text(v->urn));
  json_object_set_new(visit, "setting", dd__json_text(v->setting));
  json_object_set_new(visit, "local_authority",
                      dd__json_text(v->local_authority));
  json_object_set_new(visit, "region", dd__json_text(v->region));
  json_object_set_new(visit, "inspector", dd__json_text(v->inspector));
  json_object_set_new(visit, "rim", dd__json_text(v->rim));
  json_object_set_new(visit, "status",
                      json_string(dd_visit_status_name(v->status)));
  json_object_set_new(o, "recorded", recorded);
  int rc = cli_print_json(o);
  return sched == NULL && rc == EXIT_YES ? EXIT_BAD_INPUT : rc;
}

static int visit_show(int argc, char **argv) {
  const cli_spec spec = {.usage = visit_usage,
                         .max_pos = 1,
                         .pos_error = "visit show: expected ID"};
  cli_ctx s;
  int rc = cli_command_begin(argc, argv, &spec, &s);
  if (rc != CLI_RUN)
    return rc;
  rc = EXIT_BAD_INPUT;
  dd_visit v;
  dd_recorded *events = NULL;
  size_t n = 0;
  dd_schedule sched = {0};
  dd_visit_deletion gone;
  if (cli_register_open(&s, SESSION) &&
      dd_store_visit_deleted(s.st, s.pos[0], &gone, NULL) == DD_OK) {
    /* Not bad input: the answer is "no longer", which exit 1 says. */
    rc = EXIT_NO;
    if (s.common.json)
      rc = cli_print_json(json_pack("{s:o, s:{s:s, s:o}}", "id",
                                    dd__json_text(s.pos[0]), "deleted", "at",
                                    gone.at, "by", dd__json_text(gone.by)));
    else
      printf("visit %s was deleted from the register on %.10s by %s\n",
             s.pos[0], gone.at, gone.by);
    rc = rc == EXIT_YES ? EXIT_NO : rc;
  } else if (s.st != NULL && load(&s, s.pos[0], &v, &events, &n)) {
    /* A visit that cannot be planned is still shown as stored, with why
     * (issue 9); the exit status says it has no schedule. */
    dd_diag diag;
    int err =
        dd_planner_schedule(s.planner, &v, events, n, s.today, &sched, &diag);
    if (err == DD_ENOMEM)
      cli_error("visit show: out of memory");
    else if (err != DD_OK && s.common.json) /* the text says it itself */
      cli_error("visit show: %s: %s", v.id, diag.message);
    if (err != DD_ENOMEM) {
      const dd_schedule *shown = err == DD_OK ? &sched : NULL;
      rc = s.common.json ? show_json(&v, events, n, shown, diag.message)
                         : show_text(&v, events, n, shown, diag.message);
    }
    dd_schedule_clear(&sched);
    dd_visit_clear(&v);
    dd_recorded_list_free(events, n);
  }
  cli_command_end(&s);
  return rc;
}

int cmd_visit(int argc, char **argv) {
  int rc = cli_subcommand_begin(argc, argv, visit_usage);
  if (rc != CLI_RUN)
    return rc;
  const char *sub = argv[1];
  argc--;
  argv++;
  /* The subcommand's messages name it whole ("visit add: ...", not
   * "add: ...", which is another command's). */
  char named[32];
  snprintf(named, sizeof named, "visit %s", sub);
  argv[0] = named;
  if (strcmp(sub, "add") == 0)
    return visit_add(argc, argv);
  if (strcmp(sub, "show") == 0)
    return visit_show(argc, argv);
  if (strcmp(sub, "record") == 0)
    return visit_record(false, argc, argv);
  if (strcmp(sub, "undo") == 0 || strcmp(sub, "unrecord") == 0)
    return visit_record(true, argc, argv);
  if (strcmp(sub, "edit") == 0)
    return visit_edit(argc, argv);
  if (strcmp(sub, "delete") == 0)
    return visit_delete(argc, argv);
  if (strcmp(sub, "defer") == 0)
    return visit_change(DEFER, argc, argv);
  if (strcmp(sub, "extend") == 0)
    return visit_change(EXTEND, argc, argv);
  if (strcmp(sub, "cancel") == 0)
    return visit_change(CANCEL, argc, argv);
  if (strcmp(sub, "list") == 0)
    return cmd_visit_list(argc, argv);
  if (strcmp(sub, "import") == 0)
    return cmd_visit_import(argc, argv);
  cli_error("visit: unknown subcommand \"%s\" (see dueday visit --help)", sub);
  return EXIT_BAD_INPUT;
}
