/* The SQLite adapter: the register's schema, its migrations and its queries
 * (the reminder ledger's are in ledger.c). Nothing outside these two files
 * sees SQLite's types. Dates are stored as ISO
 * text so that the database reads well in the sqlite3 shell and sorts. */
#include "dueday/store.h"

#include "dueday/token.h"
#include "feed_state.h"
#include "store_internal.h"
#include "util.h"

#include <sqlite3.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

sqlite3_stmt *dd__store_stmt(dd_store *st, int which, const char *sql) {
  if (st->stmts[which] == NULL &&
      sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                         &st->stmts[which], NULL) != SQLITE_OK)
    return NULL;
  return st->stmts[which];
}

int dd__store_step(dd_store *st, sqlite3_stmt *s, int *ext) {
  int rc = sqlite3_step(s);
  *ext = sqlite3_extended_errcode(st->db);
  sqlite3_reset(s);
  sqlite3_clear_bindings(s); /* an unbound parameter is NULL next time */
  return rc;
}

/* Migrations, applied in order; PRAGMA user_version is how many have run.
 * Never edit one that has shipped: add the next. */
static const char *const migrations[] = {
    /* 1: visits, events, audit. */
    "CREATE TABLE visits ("
    "  id TEXT PRIMARY KEY,"
    "  type TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  urn TEXT NOT NULL DEFAULT '',"
    "  setting TEXT NOT NULL DEFAULT '',"
    "  local_authority TEXT NOT NULL DEFAULT '',"
    "  region TEXT NOT NULL DEFAULT '',"
    "  division TEXT NOT NULL,"
    "  inspector_email TEXT NOT NULL DEFAULT '',"
    "  rim_email TEXT NOT NULL DEFAULT '',"
    "  start TEXT NOT NULL,"
    "  days_on_site INTEGER NOT NULL CHECK (days_on_site BETWEEN 1 AND 30),"
    "  status TEXT NOT NULL CHECK (status IN"
    "    ('planned', 'live', 'completed', 'deferred', 'cancelled')),"
    "  concerns INTEGER NOT NULL DEFAULT 0 CHECK (concerns IN (0, 1))"
    ") WITHOUT ROWID;"
    "CREATE INDEX visits_by_region ON visits (region);"
    "CREATE TABLE events ("
    "  id INTEGER PRIMARY KEY,"
    "  visit_id TEXT NOT NULL REFERENCES visits (id),"
    "  what TEXT NOT NULL,"
    "  on_date TEXT NOT NULL,"
    "  on_time TEXT,"
    "  by TEXT NOT NULL DEFAULT '',"
    "  note TEXT NOT NULL DEFAULT '',"
    "  recorded_at TEXT NOT NULL"
    ");"
    "CREATE INDEX events_by_visit ON events (visit_id, id);"
    "CREATE TABLE audit ("
    "  id INTEGER PRIMARY KEY,"
    "  at TEXT NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  visit_id TEXT,"
    "  action TEXT NOT NULL,"
    "  detail TEXT NOT NULL"
    ");"
    "CREATE INDEX audit_by_visit ON audit (visit_id);",
    /* 2: what each feed last published of a milestone, so that SEQUENCE
     * goes up when its dates change (RFC 5545 3.8.7.4) and a milestone
     * that stops applying is published as cancelled, not dropped. */
    "CREATE TABLE feed_state ("
    "  visit_id TEXT NOT NULL,"
    "  milestone TEXT NOT NULL,"
    "  published TEXT NOT NULL,"
    "  sequence INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY (visit_id, milestone)"
    ") WITHOUT ROWID;",
    /* 3: subscribers to private feed links; only the token's hash is kept. */
    "CREATE TABLE subscribers ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  email TEXT NOT NULL,"
    "  scope TEXT NOT NULL,"
    "  token_sha256 TEXT NOT NULL UNIQUE,"
    "  created_at TEXT NOT NULL,"
    "  revoked_at TEXT"
    ");",
    /* 4: the reminder ledger: one row per message (visit, milestone, due
     * date, threshold, recipient), so that each is sent once; and what each
     * recipient has been told of a milestone, so that a pass that finds
     * nothing new reads one small table rather than the whole ledger. */
    "CREATE TABLE reminders ("
    "  id INTEGER PRIMARY KEY,"
    "  visit_id TEXT NOT NULL,"
    "  milestone TEXT NOT NULL,"
    "  due TEXT NOT NULL,"
    "  threshold TEXT NOT NULL,"
    "  recipient TEXT NOT NULL,"
    "  previous_due TEXT NOT NULL DEFAULT '',"
    "  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN"
    "    ('pending', 'sent', 'failed', 'superseded', 'stopped')),"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  next_attempt INTEGER NOT NULL DEFAULT 0,"
    "  last_code INTEGER NOT NULL DEFAULT 0,"
    "  last_error TEXT NOT NULL DEFAULT '',"
    "  message_id TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL,"
    "  sent_at TEXT,"
    "  UNIQUE (visit_id, milestone, due, threshold, recipient)"
    ");"
    "CREATE INDEX reminders_pending ON reminders (next_attempt)"
    "  WHERE state = 'pending';"
    "CREATE INDEX reminders_by_recipient ON reminders"
    "  (visit_id, milestone, recipient, state);"
    "CREATE TABLE reminder_marks ("
    "  visit_id TEXT NOT NULL,"
    "  milestone TEXT NOT NULL,"
    "  recipient TEXT NOT NULL,"
    "  due TEXT NOT NULL,"
    "  urgency INTEGER NOT NULL,"
    "  PRIMARY KEY (visit_id, milestone, recipient)"
    ") WITHOUT ROWID;",
};

int dd__store_error(dd_store *st, dd_diag *diag, const char *what) {
  int code = sqlite3_extended_errcode(st->db);
  int err = (code & 0xff) == SQLITE_CONSTRAINT ? DD_ECONFLICT : DD_EIO;
  return dd_diag_set(diag, err, "register: %s: %s", what,
                     sqlite3_errmsg(st->db));
}

int dd__store_exec(dd_store *st, const char *sql, dd_diag *diag) {
  if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return dd__store_error(st, diag, "query");
  return DD_OK;
}

int dd_store_schema_version(dd_store *st) {
  sqlite3_stmt *s;
  int v = -1;
  if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) ==
      SQLITE_OK) {
    if (sqlite3_step(s) == SQLITE_ROW)
      v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
  }
  return v;
}

static int migrate(dd_store *st, dd_diag *diag) {
  const int latest = (int)(sizeof migrations / sizeof migrations[0]);
  int err = dd_store_begin(st, diag);
  if (err != DD_OK)
    return err;
  /* Read inside the write transaction: two processes opening a new file at
   * once must not both run migration 1. */
  int version = dd_store_schema_version(st);
  if (version > latest) {
    dd_store_rollback(st);
    return dd_diag_set(diag, DD_EIO,
                       "register: schema version %d is newer than this "
                       "dueday knows (%d): upgrade dueday",
                       version, latest);
  }
  for (int v = version; v < latest && err == DD_OK; v++) {
    char pragma[64];
    err = dd__store_exec(st, migrations[v], diag);
    snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v + 1);
    if (err == DD_OK)
      err = dd__store_exec(st, pragma, diag);
  }
  if (err != DD_OK) {
    dd_store_rollback(st);
    return err;
  }
  return dd_store_commit(st, diag);
}

int dd_store_open(const char *path, dd_store **out, dd_diag *diag) {
  *out = NULL;
  dd_store *st = calloc(1, sizeof *st);
  if (st == NULL)
    return dd_diag_set(diag, DD_ENOMEM, "out of memory");
  if (sqlite3_open_v2(path, &st->db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                          SQLITE_OPEN_NOMUTEX,
                      NULL) != SQLITE_OK) {
    dd_diag_set(diag, DD_EIO, "register %s: %s", path,
                st->db ? sqlite3_errmsg(st->db) : "out of memory");
    dd_store_close(st);
    return DD_EIO;
  }
  /* Writers queue for up to 10 s rather than fail: two commands writing at
   * once both land. WAL lets readers (the feed server) read meanwhile. */
  sqlite3_busy_timeout(st->db, 10000);
  int err = dd__store_exec(st, "PRAGMA journal_mode = WAL", diag);
  if (err == DD_OK)
    err = dd__store_exec(
        st, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL", diag);
  /* Reads through a memory map rather than read(2) into SQLite's cache:
   * a region's feed reads every visit and its events, and the copies were
   * a tenth of its time (bench/run.sh). Writes still go through the WAL. */
  if (err == DD_OK)
    err = dd__store_exec(st, "PRAGMA mmap_size = 268435456", diag);
  if (err == DD_OK)
    err = migrate(st, diag);
  if (err != DD_OK) {
    char why[sizeof diag->message];
    snprintf(why, sizeof why, "%s", diag ? diag->message : "");
    dd_diag_set(diag, DD_EIO, "%s (%s)", why, path);
    dd_store_close(st);
    return DD_EIO;
  }
  *out = st;
  return DD_OK;
}

void dd_store_close(dd_store *st) {
  if (st == NULL)
    return;
  for (int i = 0; i < NSTMTS; i++)
    sqlite3_finalize(st->stmts[i]);
  sqlite3_close(st->db);
  free(st);
}

const char *dd_store_path(dd_store *st) {
  const char *path = sqlite3_db_filename(st->db, "main");
  return path != NULL ? path : "";
}

int dd_store_begin(dd_store *st, dd_diag *diag) {
  return dd__store_exec(st, "BEGIN IMMEDIATE", diag);
}

int dd_store_commit(dd_store *st, dd_diag *diag) {
  return dd__store_exec(st, "COMMIT", diag);
}

void dd_store_rollback(dd_store *st) {
  if (!sqlite3_get_autocommit(st->db))
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

void dd__bind_text(sqlite3_stmt *s, int i, const char *text) {
  sqlite3_bind_text(s, i, text ? text : "", -1, SQLITE_TRANSIENT);
}

void dd__bind_date(sqlite3_stmt *s, int i, dd_date d) {
  char buf[DD_DATE_BUFSIZE];
  sqlite3_bind_text(s, i, dd_date_format(d, buf), -1, SQLITE_TRANSIENT);
}

void dd__now_text(char *buf, size_t size) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int audit(dd_store *st, const char *actor, const char *visit_id,
                 const char *action, const char *detail, dd_diag *diag) {
  char at[32];
  dd__now_text(at, sizeof at);
  sqlite3_stmt *s =
      dd__store_stmt(st, STMT_AUDIT,
                     "INSERT INTO audit (at, actor, visit_id, action, "
                     "detail) VALUES (?, ?, ?, ?, ?)");
  if (s == NULL)
    return dd__store_error(st, diag, "audit");
  dd__bind_text(s, 1, at);
  dd__bind_text(s, 2, actor);
  dd__bind_text(s, 3, visit_id);
  dd__bind_text(s, 4, action);
  dd__bind_text(s, 5, detail);
  int ext;
  return dd__store_step(st, s, &ext) == SQLITE_DONE
             ? DD_OK
             : dd__store_error(st, diag, "audit");
}

/* Binds the visit's columns, in the order of VISIT_COLUMNS, from index 1. */
#define VISIT_COLUMNS                                                          \
  "id, type, name, urn, setting, local_authority, region, division, "          \
  "inspector_email, rim_email, start, days_on_site, status, concerns"

static void bind_visit(sqlite3_stmt *s, const dd_visit *v) {
  dd__bind_text(s, 1, v->id);
  dd__bind_text(s, 2, v->type);
  dd__bind_text(s, 3, v->name);
  dd__bind_text(s, 4, v->urn);
  dd__bind_text(s, 5, v->setting);
  dd__bind_text(s, 6, v->local_authority);
  dd__bind_text(s, 7, v->region);
  dd__bind_text(s, 8, v->division);
  dd__bind_text(s, 9, v->inspector);
  dd__bind_text(s, 10, v->rim);
  dd__bind_date(s, 11, v->start);
  sqlite3_bind_int(s, 12, v->days_on_site);
  dd__bind_text(s, 13, dd_visit_status_name(v->status));
  sqlite3_bind_int(s, 14, v->concerns);
}

int dd_store_visit_add(dd_store *st, const dd_visit *v, const char *actor,
                       dd_diag *diag) {
  sqlite3_stmt *s =
      dd__store_stmt(st, STMT_ADD_VISIT,
                     "INSERT INTO visits (" VISIT_COLUMNS ") VALUES "
                     "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (s == NULL)
    return dd__store_error(st, diag, "add visit");
  bind_visit(s, v);
  int ext, rc = dd__store_step(st, s, &ext);
  if (rc != SQLITE_DONE) {
    if (ext == SQLITE_CONSTRAINT_PRIMARYKEY)
      return dd_diag_set(diag, DD_ECONFLICT, "visit %s already exists", v->id);
    return dd__store_error(st, diag, "add visit");
  }
  char detail[256];
  char d[DD_DATE_BUFSIZE];
  snprintf(detail, sizeof detail, "%s visit, start %s, %d day(s), %s", v->type,
           dd_date_format(v->start, d), v->days_on_site, v->division);
  return audit(st, actor, v->id, "add", detail, diag);
}

int dd_store_visit_update(dd_store *st, const dd_visit *v, const char *actor,
                          const char *action, const char *detail,
                          dd_diag *diag) {
  sqlite3_stmt *s;
  if (sqlite3_prepare_v2(
          st->db,
          "UPDATE visits SET type = ?2, name = ?3, urn = ?4, setting = ?5, "
          "local_authority = ?6, region = ?7, division = ?8, "
          "inspector_email = ?9, rim_email = ?10, start = ?11, "
          "days_on_site = ?12, status = ?13, concerns = ?14 WHERE id = ?1",
          -1, &s, NULL) != SQLITE_OK)
    return dd__store_error(st, diag, "update visit");
  bind_visit(s, v);
  int rc = sqlite3_step(s);
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE)
    return dd__store_error(st, diag, "update visit");
  if (sqlite3_changes(st->db) == 0)
    return dd_diag_set(diag, DD_ENOTFOUND, "no visit %s in the register",
                       v->id);
  return audit(st, actor, v->id, action, detail, diag);
}

char *dd__column_text(sqlite3_stmt *s, int i) {
  const unsigned char *t = sqlite3_column_text(s, i);
  return dd__strdup(t ? (const char *)t : "");
}

static int column_date(sqlite3_stmt *s, int i, dd_date *out) {
  const unsigned char *t = sqlite3_column_text(s, i);
  return t != NULL ? dd_date_parse((const char *)t, out, NULL) : DD_EPARSE;
}

/* Fills v from a row of VISIT_COLUMNS. */
static int read_visit(sqlite3_stmt *s, dd_visit *v) {
  memset(v, 0, sizeof *v);
  char **fields[] = {&v->id,     &v->type,     &v->name,
                     &v->urn,    &v->setting,  &v->local_authority,
                     &v->region, &v->division, &v->inspector,
                     &v->rim};
  for (int i = 0; i < 10; i++)
    if ((*fields[i] = dd__column_text(s, i)) == NULL)
      return DD_ENOMEM;
  if (column_date(s, 10, &v->start) != DD_OK)
    return DD_EPARSE;
  v->days_on_site = sqlite3_column_int(s, 11);
  const unsigned char *status = sqlite3_column_text(s, 12);
  if (status == NULL ||
      dd_visit_status_parse((const char *)status, &v->status) != DD_OK)
    return DD_EPARSE;
  v->concerns = sqlite3_column_int(s, 13) != 0;
  return DD_OK;
}

/* Points v's strings at the row's own text, which stays valid until the
 * statement steps again: dd_store_visits_each lends rows this way rather
 * than copying ten strings per visit (an eighth of the agenda's time over
 * 100,000 visits, bench/run.sh). */
static int borrow_visit(sqlite3_stmt *s, dd_visit *v) {
  memset(v, 0, sizeof *v);
  char **fields[] = {&v->id,     &v->type,     &v->name,
                     &v->urn,    &v->setting,  &v->local_authority,
                     &v->region, &v->division, &v->inspector,
                     &v->rim};
  for (int i = 0; i < 10; i++) {
    const unsigned char *t = sqlite3_column_text(s, i);
    *fields[i] = (char *)(t ? t : (const unsigned char *)"");
  }
  if (column_date(s, 10, &v->start) != DD_OK)
    return DD_EPARSE;
  v->days_on_site = sqlite3_column_int(s, 11);
  const unsigned char *status = sqlite3_column_text(s, 12);
  if (status == NULL ||
      dd_visit_status_parse((const char *)status, &v->status) != DD_OK)
    return DD_EPARSE;
  v->concerns = sqlite3_column_int(s, 13) != 0;
  return DD_OK;
}

/* Fills r from a row of (what, on_date, on_time, by, note). */
static int read_event(sqlite3_stmt *s, int first, dd_recorded *r) {
  memset(r, 0, sizeof *r);
  r->time = -1;
  if ((r->what = dd__column_text(s, first)) == NULL ||
      (r->by = dd__column_text(s, first + 3)) == NULL ||
      (r->note = dd__column_text(s, first + 4)) == NULL)
    return DD_ENOMEM;
  if (column_date(s, first + 1, &r->date) != DD_OK)
    return DD_EPARSE;
  const unsigned char *t = sqlite3_column_text(s, first + 2);
  int h, m;
  if (t != NULL && sscanf((const char *)t, "%d:%d", &h, &m) == 2)
    r->time = h * 60 + m;
  return DD_OK;
}

/* Appends a row's event to a growing list. */
static int push_event(sqlite3_stmt *s, int first, dd_recorded **list, size_t *n,
                      size_t *cap) {
  if (*n == *cap) {
    size_t bigger = *cap ? *cap * 2 : 8;
    dd_recorded *more = realloc(*list, bigger * sizeof *more);
    if (more == NULL)
      return DD_ENOMEM;
    *list = more;
    *cap = bigger;
  }
  int err = read_event(s, first, &(*list)[*n]);
  (*n)++; /* counted even on failure, so that it is freed */
  return err;
}

int dd_store_visit_get(dd_store *st, const char *id, dd_visit *v,
                       dd_recorded **events, size_t *nevents, dd_diag *diag) {
  sqlite3_stmt *s;
  memset(v, 0, sizeof *v);
  if (events != NULL) {
    *events = NULL;
    *nevents = 0;
  }
  if (sqlite3_prepare_v2(st->db,
                         "SELECT " VISIT_COLUMNS " FROM visits WHERE id = ?",
                         -1, &s, NULL) != SQLITE_OK)
    return dd__store_error(st, diag, "read visit");
  dd__bind_text(s, 1, id);
  int rc = sqlite3_step(s);
  int err = rc == SQLITE_ROW    ? read_visit(s, v)
            : rc == SQLITE_DONE ? DD_ENOTFOUND
                                : DD_EIO;
  sqlite3_finalize(s);
  if (err == DD_ENOTFOUND)
    return dd_diag_set(diag, err, "no visit %s in the register", id);
  if (err != DD_OK) {
    dd_visit_clear(v);
    if (err == DD_ENOMEM)
      return dd_diag_set(diag, err, "out of memory");
    return err == DD_EIO ? dd__store_error(st, diag, "read visit")
                         : dd_diag_set(diag, err,
                                       "register: visit %s: bad "
                                       "row",
                                       id);
  }
  if (events == NULL)
    return DD_OK;
  if (sqlite3_prepare_v2(st->db,
                         "SELECT what, on_date, on_time, by, note FROM events "
                         "WHERE visit_id = ? ORDER BY id",
                         -1, &s, NULL) != SQLITE_OK) {
    dd_visit_clear(v);
    return dd__store_error(st, diag, "read events");
  }
  dd__bind_text(s, 1, id);
  size_t cap = 0;
  while (err == DD_OK && (rc = sqlite3_step(s)) == SQLITE_ROW)
    err = push_event(s, 0, events, nevents, &cap);
  sqlite3_finalize(s);
  if (err == DD_OK && rc != SQLITE_DONE)
    err = dd__store_error(st, diag, "read events");
  if (err != DD_OK) {
    dd_visit_clear(v);
    dd_recorded_list_free(*events, *nevents);
    *events = NULL;
    *nevents = 0;
    if (err == DD_ENOMEM)
      return dd_diag_set(diag, err, "out of memory");
    return err == DD_EIO ? err
                         : dd_diag_set(diag, err,
                                       "register: events of "
                                       "%s: bad row",
                                       id);
  }
  return DD_OK;
}

int dd_store_event_add(dd_store *st, const char *visit_id,
                       const dd_recorded *ev, const char *actor,
                       dd_diag *diag) {
  char at[32], t[8], d[DD_DATE_BUFSIZE];
  dd__now_text(at, sizeof at);
  sqlite3_stmt *s =
      dd__store_stmt(st, STMT_ADD_EVENT,
                     "INSERT INTO events (visit_id, what, on_date, "
                     "on_time, by, note, recorded_at) VALUES "
                     "(?, ?, ?, ?, ?, ?, ?)");
  if (s == NULL)
    return dd__store_error(st, diag, "record event");
  dd__bind_text(s, 1, visit_id);
  dd__bind_text(s, 2, ev->what);
  dd__bind_date(s, 3, ev->date);
  if (ev->time >= 0) {
    snprintf(t, sizeof t, "%02d:%02d", ev->time / 60 % 24, ev->time % 60);
    dd__bind_text(s, 4, t);
  }
  dd__bind_text(s, 5, ev->by);
  dd__bind_text(s, 6, ev->note);
  dd__bind_text(s, 7, at);
  int ext, rc = dd__store_step(st, s, &ext);
  if (rc != SQLITE_DONE) {
    if ((ext & 0xff) == SQLITE_CONSTRAINT)
      return dd_diag_set(diag, DD_ENOTFOUND, "no visit %s in the register",
                         visit_id);
    return dd__store_error(st, diag, "record event");
  }
  char detail[256];
  snprintf(detail, sizeof detail, "%s on %s%s%s", ev->what,
           dd_date_format(ev->date, d), ev->time >= 0 ? " " : "",
           ev->time >= 0 ? t : "");
  return audit(st, actor, visit_id, "record", detail, diag);
}

int dd_store_visits_each(dd_store *st, const char *region, dd_visit_fn fn,
                         void *arg, dd_diag *diag) {
  /* Two ordered scans merged by visit id, rather than a query per visit:
   * the agenda of 100,000 visits is two passes over two indexes. */
  sqlite3_stmt *vs = NULL, *es = NULL;
  const char *vsql = region ? "SELECT " VISIT_COLUMNS " FROM visits "
                              "WHERE region = ? ORDER BY id"
                            : "SELECT " VISIT_COLUMNS " FROM visits "
                              "ORDER BY id";
  const char *esql =
      region ? "SELECT e.visit_id, e.what, e.on_date, e.on_time, e.by, e.note "
               "FROM events e JOIN visits v ON v.id = e.visit_id "
               "WHERE v.region = ? ORDER BY e.visit_id, e.id"
             : "SELECT visit_id, what, on_date, on_time, by, note FROM events "
               "ORDER BY visit_id, id";
  if (sqlite3_prepare_v2(st->db, vsql, -1, &vs, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(st->db, esql, -1, &es, NULL) != SQLITE_OK) {
    sqlite3_finalize(vs);
    return dd__store_error(st, diag, "list visits");
  }
  if (region != NULL) {
    dd__bind_text(vs, 1, region);
    dd__bind_text(es, 1, region);
  }
  int err = DD_OK, rc, erc = sqlite3_step(es);
  dd_recorded *events = NULL;
  size_t cap = 0;
  while (err == DD_OK && (rc = sqlite3_step(vs)) == SQLITE_ROW) {
    dd_visit v;
    size_t n = 0;
    err = borrow_visit(vs, &v);
    /* Events are ordered by visit id too: take this visit's run. */
    while (err == DD_OK && erc == SQLITE_ROW) {
      const char *owner = (const char *)sqlite3_column_text(es, 0);
      int cmp = owner ? strcmp(owner, v.id) : -1;
      if (cmp > 0)
        break;
      if (cmp == 0)
        err = push_event(es, 1, &events, &n, &cap);
      erc = sqlite3_step(es);
    }
    if (err == DD_OK)
      err = fn(&v, events, n, arg);
    for (size_t i = 0; i < n; i++)
      dd_recorded_clear(&events[i]);
  }
  free(events);
  sqlite3_finalize(vs);
  sqlite3_finalize(es);
  if (err == DD_EPARSE)
    return dd_diag_set(diag, err,
                       "register: a visit or event row is "
                       "malformed");
  if (err == DD_ENOMEM)
    return dd_diag_set(diag, err, "out of memory");
  return err;
}

int dd_store_audit_count(dd_store *st, const char *visit_id, int *out,
                         dd_diag *diag) {
  sqlite3_stmt *s;
  const char *sql = visit_id ? "SELECT count(*) FROM audit WHERE visit_id = ?"
                             : "SELECT count(*) FROM audit";
  if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
    return dd__store_error(st, diag, "audit");
  if (visit_id)
    dd__bind_text(s, 1, visit_id);
  int rc = sqlite3_step(s);
  *out = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
  sqlite3_finalize(s);
  return rc == SQLITE_ROW ? DD_OK : dd__store_error(st, diag, "audit");
}

int dd_store_feed_state(dd_store *st, const char *visit_id,
                        const char *milestone, const char *published,
                        int *sequence, char *previous, size_t size,
                        dd_diag *diag) {
  sqlite3_stmt *get =
      dd__store_stmt(st, STMT_FEED_GET,
                     "SELECT published, sequence FROM feed_state "
                     "WHERE visit_id = ? AND milestone = ?");
  sqlite3_stmt *put =
      dd__store_stmt(st, STMT_FEED_PUT,
                     "INSERT OR REPLACE INTO feed_state (visit_id, "
                     "milestone, published, sequence) VALUES "
                     "(?, ?, ?, ?)");
  if (get == NULL || put == NULL)
    return dd__store_error(st, diag, "feed state");
  dd__bind_text(get, 1, visit_id);
  dd__bind_text(get, 2, milestone);
  int rc = sqlite3_step(get);
  bool found = rc == SQLITE_ROW;
  int seq = found ? sqlite3_column_int(get, 1) : 0;
  if (previous != NULL && size > 0) {
    const unsigned char *t = found ? sqlite3_column_text(get, 0) : NULL;
    snprintf(previous, size, "%s", t ? (const char *)t : "");
  }
  bool same = found && published != NULL &&
              strcmp((const char *)sqlite3_column_text(get, 0), published) == 0;
  sqlite3_reset(get);
  sqlite3_clear_bindings(get);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return dd__store_error(st, diag, "feed state");
  *sequence = seq;
  if (published == NULL || same)
    return DD_OK; /* a lookup, or nothing changed */
  if (found)
    *sequence = ++seq;
  dd__bind_text(put, 1, visit_id);
  dd__bind_text(put, 2, milestone);
  dd__bind_text(put, 3, published);
  sqlite3_bind_int(put, 4, seq);
  int ext;
  return dd__store_step(st, put, &ext) == SQLITE_DONE
             ? DD_OK
             : dd__store_error(st, diag, "feed state");
}

void dd_subscriber_clear(dd_subscriber *s) {
  if (s == NULL)
    return;
  free(s->name);
  free(s->email);
  free(s->scope);
  s->name = s->email = s->scope = NULL;
}

int dd_store_subscriber_add(dd_store *st, const char *name, const char *email,
                            const char *scope, const char *token_sha256,
                            const char *actor, long *id, dd_diag *diag) {
  sqlite3_stmt *s;
  char at[32];
  dd__now_text(at, sizeof at);
  if (sqlite3_prepare_v2(st->db,
                         "INSERT INTO subscribers (name, email, scope, "
                         "token_sha256, created_at) VALUES (?, ?, ?, ?, ?)",
                         -1, &s, NULL) != SQLITE_OK)
    return dd__store_error(st, diag, "add subscriber");
  dd__bind_text(s, 1, name);
  dd__bind_text(s, 2, email);
  dd__bind_text(s, 3, scope);
  dd__bind_text(s, 4, token_sha256);
  dd__bind_text(s, 5, at);
  int rc = sqlite3_step(s);
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE)
    return dd__store_error(st, diag, "add subscriber");
  *id = (long)sqlite3_last_insert_rowid(st->db);
  char detail[512];
  snprintf(detail, sizeof detail, "subscriber %ld: %s <%s>, %s", *id, name,
           email, scope);
  return audit(st, actor, NULL, "subscribe", detail, diag);
}

static int read_subscriber(sqlite3_stmt *s, dd_subscriber *out) {
  memset(out, 0, sizeof *out);
  out->id = (long)sqlite3_column_int64(s, 0);
  if ((out->name = dd__column_text(s, 1)) == NULL ||
      (out->email = dd__column_text(s, 2)) == NULL ||
      (out->scope = dd__column_text(s, 3)) == NULL) {
    dd_subscriber_clear(out);
    return DD_ENOMEM;
  }
  const unsigned char *created = sqlite3_column_text(s, 4);
  snprintf(out->created, sizeof out->created, "%s",
           created ? (const char *)created : "");
  out->revoked = sqlite3_column_type(s, 5) != SQLITE_NULL;
  return DD_OK;
}

int dd_store_subscriber_find(dd_store *st, const char *token_sha256,
                             dd_subscriber *out, dd_diag *diag) {
  /* Looked up by the first half of the digest, then the whole digest is
   * compared in constant time: the index answers quickly without the
   * comparison of the secret part depending on where it differs. */
  sqlite3_stmt *s;
  memset(out, 0, sizeof *out);
  if (strlen(token_sha256) != 64)
    return dd_diag_set(diag, DD_ENOTFOUND, "no such subscription");
  if (sqlite3_prepare_v2(st->db,
                         "SELECT id, name, email, scope, created_at, "
                         "revoked_at, token_sha256 FROM subscribers WHERE "
                         "substr(token_sha256, 1, 32) = ? AND revoked_at IS "
                         "NULL",
                         -1, &s, NULL) != SQLITE_OK)
    return dd__store_error(st, diag, "find subscriber");
  sqlite3_bind_text(s, 1, token_sha256, 32, SQLITE_TRANSIENT);
  int err = DD_ENOTFOUND, rc;
  while (err == DD_ENOTFOUND && (rc = sqlite3_step(s)) == SQLITE_ROW) {
    const unsigned char *stored = sqlite3_column_text(s, 6);
    if (stored != NULL && strlen((const char *)stored) == 64 &&
        dd_token_equal((const char *)stored, token_sha256, 64))
      err = read_subscriber(s, out);
  }
  sqlite3_finalize(s);
  if (err == DD_ENOTFOUND)
    return dd_diag_set(diag, err, "no such subscription");
  return err == DD_OK ? DD_OK : dd_diag_set(diag, err, "out of memory");
}

int dd_store_subscriber_revoke(dd_store *st, long id, const char *actor,
                               dd_diag *diag) {
  sqlite3_stmt *s;
  char at[32];
  dd__now_text(at, sizeof at);
  if (sqlite3_prepare_v2(st->db,
                         "UPDATE subscribers SET revoked_at = ? WHERE id = ? "
                         "AND revoked_at IS NULL",
                         -1, &s, NULL) != SQLITE_OK)
    return dd__store_error(st, diag, "revoke subscriber");
  dd__bind_text(s, 1, at);
  sqlite3_bind_int64(s, 2, id);
  int rc = sqlite3_step(s);
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE)
    return dd__store_error(st, diag, "revoke subscriber");
  if (sqlite3_changes(st->db) == 0)
    return dd_diag_set(diag, DD_ENOTFOUND,
                       "no subscriber %ld, or it is revoked already", id);
  char detail[64];
  snprintf(detail, sizeof detail, "subscriber %ld revoked", id);
  return audit(st, actor, NULL, "revoke", detail, diag);
}

int dd_store_subscribers_each(dd_store *st,
                              int (*fn)(const dd_subscriber *, void *),
                              void *arg, dd_diag *diag) {
  sqlite3_stmt *s;
  if (sqlite3_prepare_v2(st->db,
                         "SELECT id, name, email, scope, created_at, "
                         "revoked_at FROM subscribers ORDER BY id",
                         -1, &s, NULL) != SQLITE_OK)
    return dd__store_error(st, diag, "list subscribers");
  int err = DD_OK, rc;
  while (err == DD_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
    dd_subscriber sub;
    if ((err = read_subscriber(s, &sub)) != DD_OK)
      break;
    err = fn(&sub, arg);
    dd_subscriber_clear(&sub);
  }
  sqlite3_finalize(s);
  return err == DD_ENOMEM ? dd_diag_set(diag, err, "out of memory") : err;
}

int dd_store_data_version(dd_store *st, long *out) {
  /* Asked on every feed request: prepared once (a fifth of the server's
   * time went to preparing it, bench/run.sh). */
  sqlite3_stmt *s =
      dd__store_stmt(st, STMT_DATA_VERSION, "PRAGMA data_version");
  if (s == NULL)
    return DD_EIO;
  int rc = sqlite3_step(s);
  *out = rc == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : -1;
  sqlite3_reset(s);
  return rc == SQLITE_ROW ? DD_OK : DD_EIO;
}

int dd_store_last_change(dd_store *st, time_t *out) {
  sqlite3_stmt *s;
  *out = 0;
  if (sqlite3_prepare_v2(st->db, "SELECT max(at) FROM audit", -1, &s, NULL) !=
      SQLITE_OK)
    return DD_EIO;
  int rc = sqlite3_step(s);
  const unsigned char *at = rc == SQLITE_ROW ? sqlite3_column_text(s, 0) : NULL;
  int y, mo, d, h, mi, sec;
  dd_date day;
  /* Days since the epoch from the calendar module: timegm is not POSIX. */
  if (at != NULL &&
      sscanf((const char *)at, "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi,
             &sec) == 6 &&
      dd_date_from_ymd(y, mo, d, &day) == DD_OK)
    *out = (time_t)day * 86400 + h * 3600 + mi * 60 + sec;
  sqlite3_finalize(s);
  return rc == SQLITE_ROW ? DD_OK : DD_EIO;
}

int dd_store_feed_states_each(dd_store *st, dd_scope_kind kind,
                              const char *value, dd_feed_state_fn fn, void *arg,
                              dd_diag *diag) {
  /* Prepared per call: once per feed, next to the feed's own work. Ordered
   * by v.id rather than its equal f.visit_id: then the region's index gives
   * the order and SQLite need not sort. */
#define FEED_STATE_OF(visits_where)                                            \
  "SELECT f.visit_id, f.milestone, f.published, f.sequence FROM feed_state f " \
  "JOIN visits v ON v.id = f.visit_id WHERE " visits_where " ORDER BY v.id"
  static const char *const sql[] = {
      [DD_SCOPE_ALL] = "SELECT visit_id, milestone, published, sequence "
                       "FROM feed_state ORDER BY visit_id",
      [DD_SCOPE_REGION] = FEED_STATE_OF("v.region = ?"),
      [DD_SCOPE_INSPECTOR] = FEED_STATE_OF("v.inspector_email = ?"),
      [DD_SCOPE_RIM] = FEED_STATE_OF("v.rim_email = ?"),
      [DD_SCOPE_VISIT] = "SELECT visit_id, milestone, published, sequence "
                         "FROM feed_state WHERE visit_id = ?",
  };
#undef FEED_STATE_OF
  if ((unsigned)kind >= sizeof sql / sizeof sql[0] || sql[kind] == NULL)
    return dd_diag_set(diag, DD_EINVAL, "feed state: not a scope of visits");
  sqlite3_stmt *s;
  if (sqlite3_prepare_v2(st->db, sql[kind], -1, &s, NULL) != SQLITE_OK)
    return dd__store_error(st, diag, "feed state");
  if (kind != DD_SCOPE_ALL)
    dd__bind_text(s, 1, value);
  int err = DD_OK, rc = SQLITE_DONE;
  while (err == DD_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
    const unsigned char *visit = sqlite3_column_text(s, 0);
    const unsigned char *milestone = sqlite3_column_text(s, 1);
    const unsigned char *published = sqlite3_column_text(s, 2);
    /* The columns are NOT NULL: NULL here is SQLite out of memory. */
    if (visit == NULL || milestone == NULL || published == NULL) {
      err = dd_diag_set(diag, DD_ENOMEM, "out of memory");
      break;
    }
    err = fn((const char *)visit, (const char *)milestone,
             (const char *)published, sqlite3_column_int(s, 3), arg);
  }
  if (err == DD_OK && rc != SQLITE_DONE)
    err = dd__store_error(st, diag, "feed state");
  sqlite3_finalize(s);
  return err;
}
