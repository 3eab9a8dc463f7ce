/* dueday visit import: visits (and optionally their events) from CSV, all
 * or nothing. Every row is checked, every bad one is reported with its file
 * and line, and only a file without a single bad row is written, in one
 * transaction. With --update the file is the source system's register:
 * new ids are added, visits whose fields differ are updated (each an
 * audited edit, re-planned), and the rest are left alone, so that the same
 * file imported twice writes nothing the second time. */
#include "cli.h"
#include "commands.h"
#include "dueday/change.h"
#include "output/schedule_json.h"

#include "service/csv.h"

#include <jansson.h>

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum vcol {
  V_ID,
  V_TYPE,
  V_NAME,
  V_URN,
  V_SETTING,
  V_LA,
  V_REGION,
  V_DIVISION,
  V_INSPECTOR,
  V_RIM,
  V_START,
  V_DAYS,
  V_CONCERNS,
  V_STATUS,
  V_NCOLS
};
static const char *const visit_columns[] = {
    "id",       "type",     "name",      "urn", "setting", "local_authority",
    "region",   "division", "inspector", "rim", "start",   "days",
    "concerns", "status"};

enum ecol { E_VISIT, E_WHAT, E_ON, E_BY, E_NOTE, E_NCOLS };
static const char *const event_columns[] = {"visit", "what", "on", "by",
                                            "note"};

/* The largest file an import reads: the benchmark's 100,000 visits are
 * about 20 MB, and a limit stops a mistaken path (a device, a log) from
 * taking all the memory there is. */
#define IMPORT_MAX (128 * 1024 * 1024)

/* Reads a whole regular file of at most IMPORT_MAX bytes; NULL with an
 * error printed on failure. */
static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    cli_error("visit import: %s: %s", path, strerror(errno));
    return NULL;
  }
  /* /dev/zero or a pipe never ends, and a directory reads as an error;
   * only a regular file has a size worth checking. */
  struct stat st;
  const char *why = NULL;
  if (fstat(fileno(f), &st) != 0)
    why = strerror(errno);
  else if (S_ISDIR(st.st_mode))
    why = "a directory, not a CSV file";
  else if (!S_ISREG(st.st_mode))
    why = "not a regular file";
  else if (st.st_size > IMPORT_MAX)
    why = "too large (over 128 MiB)";
  if (why != NULL) {
    cli_error("visit import: %s: %s", path, why);
    fclose(f);
    return NULL;
  }
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  bool too_big = false;
  while (buf != NULL) {
    n += fread(buf + n, 1, cap - n, f);
    if (n < cap)
      break;
    /* The size may have changed since fstat: the limit is on what is read. */
    if (n > IMPORT_MAX) {
      too_big = true;
      break;
    }
    char *more = realloc(buf, cap *= 2);
    if (more == NULL)
      free(buf);
    buf = more;
  }
  bool bad = ferror(f);
  fclose(f);
  if (too_big) {
    cli_error("visit import: %s: too large (over 128 MiB)", path);
    free(buf);
    return NULL;
  }
  if (buf == NULL || bad) {
    cli_error("visit import: %s: cannot read", path);
    free(buf);
    return NULL;
  }
  *len = n;
  return buf;
}

/* Reads path and starts reading it as CSV; NULL on failure (slurp says
 * why a file cannot be read). *text is the file's text, which the caller
 * frees after the parser. */
static dd_csv *open_csv(const char *path, char **text) {
  size_t len;
  dd_csv *csv = NULL;
  dd_diag diag;
  *text = slurp(path, &len);
  if (*text != NULL && dd_csv_new(path, *text, len, &csv, &diag) == DD_OK)
    return csv;
  if (*text != NULL)
    cli_error("visit import: %s", diag.message);
  free(*text);
  *text = NULL;
  return NULL;
}

/* Maps the header's names to column indexes (map[col] = field or -1). */
static bool read_header(dd_csv *csv, const char *path, const char *const *names,
                        int ncols, int *map, const int *required, int nrequired,
                        size_t *nheader) {
  const char *const *f;
  size_t n;
  dd_diag diag;
  int err = dd_csv_next(csv, &f, &n, &diag);
  if (err != DD_OK) {
    cli_error("%s", err == DD_ENOTFOUND ? "visit import: the file is empty"
                                        : diag.message);
    return false;
  }
  for (int c = 0; c < ncols; c++)
    map[c] = -1;
  for (size_t i = 0; i < n; i++) {
    int c = 0;
    while (c < ncols && strcmp(f[i], names[c]) != 0)
      c++;
    if (c == ncols || map[c] >= 0) {
      cli_error("%s:1: %s column \"%s\"", path,
                c == ncols ? "unknown" : "repeated", f[i]);
      return false;
    }
    map[c] = (int)i;
  }
  *nheader = n;
  for (int r = 0; r < nrequired; r++) {
    if (map[required[r]] < 0) {
      cli_error("%s:1: missing column \"%s\"", path, names[required[r]]);
      return false;
    }
  }
  return true;
}

static const char *field(const char *const *f, size_t n, const int *map,
                         int col) {
  return map[col] >= 0 && (size_t)map[col] < n ? f[map[col]] : "";
}

/* The visits read so far, kept for the writing pass and the events. */
struct row {
  dd_visit v;
  size_t line;
  bool duplicate; /* of an earlier row of the file: not written */
};

struct import {
  const cli_common *common;
  bool update, dry_run;
  bool has[V_NCOLS]; /* the columns the visits file has */
  /* What --update did: ids added and updated, JSON for each; counts. */
  json_t *added, *updated;
  /* The lines saying so, printed once the whole file is known good. */
  json_t *lines;
  size_t nunchanged, ndeleted, nevents_kept;
  dd_planner *planner;
  dd_store *st;
  dd_date today;
  struct row *rows;
  size_t nrows, cap;
  size_t errors;
  /* The visits this import recorded events for, sorted once written: only
   * they are checked against the rules (check_schedule). */
  char **touched;
  size_t ntouched, touched_cap;
};

static void row_error(struct import *im, const char *path, size_t line,
                      const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Reports one bad row as "file:line: message" and counts it. */
static void row_error(struct import *im, const char *path, size_t line,
                      const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "dueday: %s:%zu: ", path, line);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  im->errors++;
}

static int by_string(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Notes that visit got an event from this import. */
static void touch(struct import *im, const char *visit, const char *path,
                  size_t line) {
  if (im->ntouched == im->touched_cap) {
    size_t cap = im->touched_cap ? im->touched_cap * 2 : 256;
    char **more = realloc(im->touched, cap * sizeof *more);
    if (more == NULL)
      return row_error(im, path, line, "out of memory");
    im->touched = more;
    im->touched_cap = cap;
  }
  if ((im->touched[im->ntouched] = strdup(visit)) == NULL)
    return row_error(im, path, line, "out of memory");
  im->ntouched++;
}

static void check_visit_row(struct import *im, const char *path, size_t line,
                            const char *const *f, size_t n, const int *map) {
  const char *id = field(f, n, map, V_ID), *type = field(f, n, map, V_TYPE);
  const char *division = field(f, n, map, V_DIVISION);
  const char *days = field(f, n, map, V_DAYS);
  const char *concerns = field(f, n, map, V_CONCERNS);
  const char *status = field(f, n, map, V_STATUS);
  const char *why;
  dd_visit v = {0};
  if (!dd_visit_id_valid(id))
    return row_error(im, path, line, "invalid visit id \"%s\"", id);
  const dd_visit_type *t = dd_planner_type(im->planner, type);
  if (t == NULL)
    return row_error(im, path, line, "%s: unknown visit type \"%s\"", id, type);
  if (field(f, n, map, V_NAME)[0] == '\0')
    return row_error(im, path, line, "%s: no name", id);
  if (division[0] == '\0')
    division = im->common->division;
  else if (!dd_division_known(division))
    return row_error(im, path, line, "%s: unknown division \"%s\"", id,
                     division);
  if (dd_date_parse(field(f, n, map, V_START), &v.start, &why) != DD_OK)
    return row_error(im, path, line, "invalid start date \"%s\": %s",
                     field(f, n, map, V_START), why);
  v.days_on_site = t->days_on_site;
  if (days[0] != '\0') {
    char *end;
    long d = strtol(days, &end, 10);
    if (*end != '\0' || d < 1 || d > 30)
      return row_error(im, path, line, "%s: days \"%s\" is not 1 to 30", id,
                       days);
    v.days_on_site = (int)d;
  }
  if (strcmp(concerns, "yes") == 0 || strcmp(concerns, "true") == 0 ||
      strcmp(concerns, "1") == 0)
    v.concerns = true;
  else if (concerns[0] && strcmp(concerns, "no") && strcmp(concerns, "false") &&
           strcmp(concerns, "0"))
    return row_error(im, path, line, "%s: concerns \"%s\" is not yes or no", id,
                     concerns);
  if (status[0] && dd_visit_status_parse(status, &v.status) != DD_OK)
    return row_error(im, path, line, "%s: unknown status \"%s\"", id, status);

  const char *values[V_NCOLS];
  for (int c = 0; c < V_NCOLS; c++)
    values[c] = field(f, n, map, c);
  values[V_DIVISION] = division;
  char **slots[] = {&v.id,     &v.type,     &v.name,
                    &v.urn,    &v.setting,  &v.local_authority,
                    &v.region, &v.division, &v.inspector,
                    &v.rim};
  for (int c = 0; c <= V_RIM; c++)
    if ((*slots[c] = strdup(values[c])) == NULL) {
      dd_visit_clear(&v);
      return row_error(im, path, line, "out of memory");
    }
  dd_schedule s;
  dd_diag diag;
  if (dd_planner_schedule_checked(im->planner, &v, NULL, 0, im->today, 0, &s,
                                  &diag) != DD_OK) {
    row_error(im, path, line, "%s: %s", id, diag.message);
    dd_visit_clear(&v);
    return;
  }
  dd_schedule_clear(&s);
  if (im->nrows == im->cap) {
    size_t cap = im->cap ? im->cap * 2 : 256;
    struct row *more = realloc(im->rows, cap * sizeof *more);
    if (more == NULL) {
      dd_visit_clear(&v);
      return row_error(im, path, line, "out of memory");
    }
    im->rows = more;
    im->cap = cap;
  }
  im->rows[im->nrows++] = (struct row){.v = v, .line = line};
}

static int by_id(const void *a, const void *b) {
  const struct row *x = a, *y = b;
  int c = strcmp(x->v.id, y->v.id);
  return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Reads and checks every row of the visits file. */
static bool read_visits(struct import *im, const char *path) {
  char *text;
  dd_csv *csv = open_csv(path, &text);
  dd_diag diag;
  if (csv == NULL)
    return false;
  static const int required[] = {V_ID, V_TYPE, V_NAME, V_START};
  int map[V_NCOLS];
  size_t nheader = 0;
  bool ok = read_header(csv, path, visit_columns, V_NCOLS, map, required, 4,
                        &nheader);
  for (int c = 0; ok && c < V_NCOLS; c++)
    im->has[c] = map[c] >= 0;
  const char *const *f;
  size_t n;
  int err;
  while (ok && (err = dd_csv_next(csv, &f, &n, &diag)) != DD_ENOTFOUND) {
    if (err != DD_OK) {
      fprintf(stderr, "dueday: %s\n", diag.message);
      im->errors++;
      if (err == DD_ENOMEM)
        break;
      continue;
    }
    if (n != nheader)
      row_error(im, path, dd_csv_line(csv),
                "%zu field%s where the header has %zu", n, n == 1 ? "" : "s",
                nheader);
    else
      check_visit_row(im, path, dd_csv_line(csv), f, n, map);
  }
  dd_csv_free(csv);
  free(text);
  /* Duplicates within the file: sorted by id, neighbours compare. */
  if (im->nrows > 1) /* qsort may not be given a NULL array */
    qsort(im->rows, im->nrows, sizeof *im->rows, by_id);
  for (size_t i = 1; i < im->nrows; i++) {
    if (strcmp(im->rows[i].v.id, im->rows[i - 1].v.id) == 0) {
      row_error(im, path, im->rows[i].line,
                "duplicate visit id %s (first on line %zu)", im->rows[i].v.id,
                im->rows[i - 1].line);
      im->rows[i].duplicate = true;
    }
  }
  return ok;
}

/* With --update: whether visit has ev recorded already (the same what, day,
 * time, by and note), which a second import of the same file must not
 * record again. */
static bool event_known(struct import *im, const char *visit,
                        const dd_recorded *ev) {
  dd_visit v;
  dd_recorded *events;
  size_t n;
  if (dd_store_visit_get(im->st, visit, &v, &events, &n, NULL) != DD_OK)
    return false;
  bool found = false;
  for (size_t i = 0; i < n && !found; i++)
    found = strcmp(events[i].what, ev->what) == 0 &&
            events[i].date == ev->date && events[i].time == ev->time &&
            strcmp(events[i].by, ev->by) == 0 &&
            strcmp(events[i].note, ev->note) == 0;
  dd_visit_clear(&v);
  dd_recorded_list_free(events, n);
  return found;
}

/* Reads the events file, writes each row (in the open transaction), then
 * checks each visit's schedule with its events. */
static void write_events(struct import *im, const char *path) {
  char *text;
  dd_csv *csv = open_csv(path, &text);
  dd_diag diag;
  if (csv == NULL) {
    im->errors++;
    return;
  }
  static const int required[] = {E_VISIT, E_WHAT, E_ON};
  int map[E_NCOLS];
  size_t nheader = 0;
  bool header = read_header(csv, path, event_columns, E_NCOLS, map, required, 3,
                            &nheader);
  if (!header)
    im->errors++;
  const char *const *f;
  size_t n;
  int err;
  while (header && (err = dd_csv_next(csv, &f, &n, &diag)) != DD_ENOTFOUND) {
    size_t line = dd_csv_line(csv);
    if (err != DD_OK) {
      fprintf(stderr, "dueday: %s\n", diag.message);
      im->errors++;
      continue;
    }
    /* RFC 4180 2.4: "Each line should contain the same number of fields
     * throughout the file": a field more or less means a comma too many
     * or too few, and every field after it in the wrong column. */
    if (n != nheader) {
      row_error(im, path, line, "%zu field%s where the header has %zu", n,
                n == 1 ? "" : "s", nheader);
      continue;
    }
    const char *visit = field(f, n, map, E_VISIT), *on = field(f, n, map, E_ON);
    dd_recorded ev = {.what = (char *)field(f, n, map, E_WHAT),
                      .time = -1,
                      .by = (char *)field(f, n, map, E_BY),
                      .note = (char *)field(f, n, map, E_NOTE)};
    char day[DD_DATE_BUFSIZE];
    const char *why = "expected YYYY-MM-DD or YYYY-MM-DDTHH:MM";
    bool when_ok = false;
    if (strlen(on) == 16 && on[10] == 'T') {
      memcpy(day, on, 10);
      day[10] = '\0';
      when_ok = dd_time_parse(on + 11, &ev.time) == DD_OK &&
                dd_date_parse(day, &ev.date, &why) == DD_OK;
    } else {
      when_ok = dd_date_parse(on, &ev.date, &why) == DD_OK;
    }
    if (!when_ok) {
      row_error(im, path, line, "invalid date \"%s\": %s", on, why);
      continue;
    }
    if (im->update && event_known(im, visit, &ev))
      im->nevents_kept++;
    else if (dd_store_event_add(im->st, visit, &ev, "import", &diag) != DD_OK)
      row_error(im, path, line, "%s", diag.message);
    else
      touch(im, visit, path, line);
  }
  dd_csv_free(csv);
  free(text);
}

/* After the writes, inside the transaction: every visit's schedule with all
 * its events must be acceptable (no event before the one it counts from). */
static int check_schedule(const dd_visit *v, const dd_recorded *events,
                          size_t n, void *arg) {
  struct import *im = arg;
  /* A visit this import recorded nothing for is left as it is: what a
   * changed configuration made of its old events is a warning for the
   * views, not a reason to refuse everyone else's rows (issue 9). */
  const char *id = v->id;
  if (n == 0 || im->ntouched == 0 ||
      bsearch(&id, im->touched, im->ntouched, sizeof *im->touched, by_string) ==
          NULL)
    return 0;
  dd_schedule s;
  dd_diag diag;
  /* The visit's start and rule set stand (they were checked when it was
   * registered); the events must fit the rules in force. */
  if (dd_planner_schedule_checked(im->planner, v, events, n, im->today,
                                  DD_SCHEDULE_WARN_START |
                                      DD_SCHEDULE_WARN_RULES,
                                  &s, &diag) != DD_OK) {
    fprintf(stderr, "dueday: visit %s: %s\n", v->id, diag.message);
    im->errors++;
    return 0;
  }
  dd_schedule_clear(&s);
  return 0;
}

static void say(struct import *im, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Keeps a line of what --update does, for when the file is known good. */
static void say(struct import *im, const char *fmt, ...) {
  char line[4096];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  json_array_append_new(im->lines, json_string(line));
}

/* Writes row r (in the open transaction): added when its id is new;
 * without --update an id registered already is an error, as ever; with
 * it, the stored visit is brought to the row's fields (those of the
 * file's columns: a column the file does not have is left as it is),
 * checked and audited as dueday visit edit checks and audits it, or left
 * alone when nothing differs. A deleted visit stays deleted. */
static void write_visit(struct import *im, const char *path, struct row *r) {
  dd_diag diag;
  dd_visit old;
  dd_recorded *events = NULL;
  size_t n = 0;
  int err = im->update
                ? dd_store_visit_get(im->st, r->v.id, &old, &events, &n, &diag)
                : DD_ENOTFOUND;
  if (err == DD_ENOTFOUND) {
    dd_visit_deletion gone;
    if (im->update &&
        dd_store_visit_deleted(im->st, r->v.id, &gone, NULL) == DD_OK) {
      im->ndeleted++;
      say(im, "deleted %s: left deleted (on %.10s by %s)", r->v.id, gone.at,
          gone.by);
      return;
    }
    if (dd_store_visit_add(im->st, &r->v, "import", &diag) != DD_OK)
      return row_error(im, path, r->line, "%s", diag.message);
    if (im->update) {
      json_array_append_new(im->added, dd__json_text(r->v.id));
      char d[DD_DATE_BUFSIZE];
      say(im, "add %s (%s visit, start %s)", r->v.id, r->v.type,
          dd_date_format(r->v.start, d));
    }
    return;
  }
  if (err != DD_OK)
    return row_error(im, path, r->line, "%s", diag.message);
  /* The row over the stored visit: only the file's columns. */
  dd_visit after = old;
  char **mine[] = {&r->v.id,     &r->v.type,     &r->v.name,
                   &r->v.urn,    &r->v.setting,  &r->v.local_authority,
                   &r->v.region, &r->v.division, &r->v.inspector,
                   &r->v.rim};
  char **theirs[] = {&after.id,     &after.type,     &after.name,
                     &after.urn,    &after.setting,  &after.local_authority,
                     &after.region, &after.division, &after.inspector,
                     &after.rim};
  for (int c = 0; c <= V_RIM; c++)
    if (im->has[c])
      *theirs[c] = *mine[c];
  after.start = r->v.start;
  if (im->has[V_DAYS])
    after.days_on_site = r->v.days_on_site;
  if (im->has[V_CONCERNS])
    after.concerns = r->v.concerns;
  if (im->has[V_STATUS])
    after.status = r->v.status;
  if (dd_visit_diff(&old, &after) == 0) {
    im->nunchanged++;
  } else {
    dd_change c;
    err = dd_change_plan_edit(im->planner, &old, &after, events, n, im->today,
                              &c, &diag);
    char *detail =
        err == DD_OK ? dd_change_edit_detail(&old, &after, &c) : NULL;
    if (err != DD_OK)
      row_error(im, path, r->line, "%s", diag.message);
    else if (detail == NULL)
      row_error(im, path, r->line, "out of memory");
    else if (dd_store_visit_update(im->st, &after, "import", "update", detail,
                                   &diag) != DD_OK)
      row_error(im, path, r->line, "%s", diag.message);
    else {
      json_t *o = json_pack("{s:o}", "id", dd__json_text(after.id));
      json_object_set_new(o, "changed", visit_changes_json(&old, &after));
      json_t *moved = json_array();
      char d[DD_DATE_BUFSIZE];
      for (size_t i = 0; i < c.nmoved; i++) {
        json_t *m = json_pack("{s:s}", "milestone", c.moved[i].rule->id);
        json_object_set_new(m, "before",
                            c.moved[i].before ? json_string(dd_date_format(
                                                    c.moved[i].before, d))
                                              : json_null());
        json_object_set_new(
            m, "after",
            c.moved[i].after ? json_string(dd_date_format(c.moved[i].after, d))
                             : json_null());
        json_array_append_new(moved, m);
      }
      json_object_set_new(o, "moved", moved);
      json_array_append_new(im->updated, o);
      say(im, "update %s: %s", after.id, detail);
    }
    free(detail);
    if (err == DD_OK)
      dd_change_clear(&c);
  }
  dd_visit_clear(&old);
  dd_recorded_list_free(events, n);
}

int cmd_visit_import(int argc, char **argv) {
  const char *events = NULL;
  bool update = false, dry_run = false;
  const cli_option options[] = {{"events", &events, NULL},
                                {"update", NULL, &update},
                                {"dry-run", NULL, &dry_run},
                                {NULL, NULL, NULL}};
  const cli_spec spec = {
      .usage = visit_usage,
      .options = options,
      .max_pos = 1,
      .pos_error =
          "visit import: expected VISITS.csv (see dueday visit --help)"};
  cli_ctx x;
  int rc = cli_command_begin(argc, argv, &spec, &x);
  if (rc != CLI_RUN)
    return rc;
  const char *path = x.pos[0];
  struct import im = {.common = &x.common,
                      .update = update,
                      .dry_run = dry_run,
                      .added = json_array(),
                      .updated = json_array(),
                      .lines = json_array()};
  if (!cli_command_open(&x, CLI_TODAY | CLI_PLANNER)) {
    cli_command_end(&x);
    return EXIT_BAD_INPUT;
  }
  im.today = x.today;
  im.planner = x.planner;
  dd_diag diag;
  bool ok =
      read_visits(&im, path) && cli_register_open(&x, CLI_STORE | CLI_CREATE);
  im.st = x.st;
  if (ok && dd_store_begin(im.st, &diag) != DD_OK) {
    cli_error("%s", diag.message);
    ok = false;
  }
  for (size_t i = 0; ok && i < im.nrows; i++)
    if (!im.rows[i].duplicate)
      write_visit(&im, path, &im.rows[i]);
  if (ok && events != NULL) {
    write_events(&im, events);
    if (im.ntouched > 1)
      qsort(im.touched, im.ntouched, sizeof *im.touched, by_string);
    /* Checked even after errors, so that every problem is reported. */
    if (dd_store_visits_each(im.st, NULL, check_schedule, &im, &diag) !=
        DD_OK) {
      cli_error("%s", diag.message);
      im.errors++;
    }
  }
  rc = EXIT_YES;
  if (!ok || im.errors > 0) {
    if (im.st != NULL)
      dd_store_rollback(im.st);
    if (ok || im.errors > 0)
      cli_error("visit import: nothing imported (%zu error%s)", im.errors,
                im.errors == 1 ? "" : "s");
    rc = EXIT_BAD_INPUT;
  } else if (dry_run) {
    /* Everything was written and checked as for real: now undone. */
    dd_store_rollback(im.st);
  } else if (dd_store_commit(im.st, &diag) != DD_OK) {
    cli_error("%s", diag.message);
    dd_store_rollback(im.st);
    rc = EXIT_BAD_INPUT;
  }
  size_t nadded = update ? json_array_size(im.added) : im.nrows;
  if (rc == EXIT_YES && x.common.json) {
    json_t *o = json_pack("{s:s, s:b, s:b}", "file", path, "update", update,
                          "dry_run", dry_run);
    if (!update) {
      json_decref(im.added);
      im.added = json_array();
      for (size_t i = 0; i < im.nrows; i++)
        json_array_append_new(im.added, dd__json_text(im.rows[i].v.id));
    }
    json_object_set(o, "added", im.added);
    json_object_set(o, "updated", im.updated);
    json_object_set_new(o, "unchanged",
                        json_integer((json_int_t)im.nunchanged));
    json_object_set_new(o, "deleted", json_integer((json_int_t)im.ndeleted));
    if (events != NULL)
      json_object_set_new(o, "events_recorded_already",
                          json_integer((json_int_t)im.nevents_kept));
    rc = cli_print_json(o);
  } else if (rc == EXIT_YES && update) {
    for (size_t i = 0; i < json_array_size(im.lines); i++)
      printf("%s\n", json_string_value(json_array_get(im.lines, i)));
    size_t nupdated = json_array_size(im.updated);
    printf("%s %s: %zu added, %zu updated, %zu unchanged", path,
           dry_run ? "(dry run, nothing written)" : "imported", nadded,
           nupdated, im.nunchanged);
    if (im.ndeleted > 0)
      printf(", %zu left deleted", im.ndeleted);
    if (events != NULL)
      printf("; events from %s, %zu recorded already", events, im.nevents_kept);
    printf("\n");
  } else if (rc == EXIT_YES) {
    printf("%s %zu visit%s from %s%s%s\n",
           dry_run ? "would import (dry run, nothing written)" : "imported",
           im.nrows, im.nrows == 1 ? "" : "s", path,
           events ? " with events from " : "", events ? events : "");
  }
  /* A register this import made, and nothing imported into it (or a dry
   * run's), goes. */
  if (rc != EXIT_YES || dry_run)
    cli_register_abandon(&x);
  json_decref(im.added);
  json_decref(im.updated);
  json_decref(im.lines);
  for (size_t i = 0; i < im.nrows; i++)
    dd_visit_clear(&im.rows[i].v);
  free(im.rows);
  for (size_t i = 0; i < im.ntouched; i++)
    free(im.touched[i]);
  free(im.touched);
  cli_command_end(&x);
  return rc;
}
