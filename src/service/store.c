/* The SQLite adapter: the register's schema, its migrations and its queries
 * (the reminder ledger's are in ledger.c). Nothing outside these two files
 * sees SQLite's types. Dates are stored as ISO
 * text so that the database reads well in the sqlite3 shell and sorts. */
#include "dueday/store.h"

#include "buf.h"
#include "dueday/token.h"
#include "feed_state.h"
#include "store_internal.h"
#include "util.h"

#include <sqlite3.h>

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* How long a writer waits for another's transaction before it fails. */
#define BUSY_WAIT_MS 10000

int dd__store_prepare(dd_store *st, const char *sql, const char *what,
                      sqlite3_stmt **out, dd_diag *diag) {
  if (sqlite3_prepare_v2(st->db, sql, -1, out, NULL) == SQLITE_OK)
    return DD_OK;
  *out = NULL;
  st->ext = sqlite3_extended_errcode(st->db);
  return dd__store_error(st, diag, what);
}

/* Binds the values binds names (see dd__store_run) to s. */
static void bind_values(sqlite3_stmt *s, const char *binds, va_list ap) {
  for (int i = 1; *binds != '\0'; binds++, i++) {
    const char *text;
    char date[DD_DATE_BUFSIZE];
    switch (*binds) {
    case 't':
      text = va_arg(ap, const char *);
      sqlite3_bind_text(s, i, text ? text : "", -1, SQLITE_TRANSIENT);
      break;
    case 'o':
      text = va_arg(ap, const char *);
      if (text != NULL)
        sqlite3_bind_text(s, i, text, -1, SQLITE_TRANSIENT);
      break;
    case 'p':
      text = va_arg(ap, const char *);
      sqlite3_bind_text(s, i, text, va_arg(ap, int), SQLITE_TRANSIENT);
      break;
    case 'd':
      sqlite3_bind_text(s, i, dd_date_format(va_arg(ap, dd_date), date), -1,
                        SQLITE_TRANSIENT);
      break;
    case 'i':
      sqlite3_bind_int(s, i, va_arg(ap, int));
      break;
    case 'l':
      sqlite3_bind_int64(s, i, (sqlite3_int64)va_arg(ap, long));
      break;
    default:
      assert(!"a letter dd__store_run does not know");
    }
  }
}

int dd__store_run(dd_store *st, int which, const char *sql, const char *what,
                  dd__row_fn *row, void *arg, dd_diag *diag, const char *binds,
                  ...) {
  sqlite3_stmt *s;
  int err = DD_OK;
  st->ext = SQLITE_OK;
  if (which == STMT_ONCE) {
    err = dd__store_prepare(st, sql, what, &s, diag);
  } else if ((s = st->stmts[which]) == NULL &&
             sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                                &st->stmts[which], NULL) != SQLITE_OK) {
    st->ext = sqlite3_extended_errcode(st->db);
    err = dd__store_error(st, diag, what);
  } else {
    s = st->stmts[which];
  }
  if (err != DD_OK)
    return err;
  va_list ap;
  va_start(ap, binds);
  bind_values(s, binds, ap);
  va_end(ap);
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW && row != NULL &&
         (err = row(s, arg)) == DD_OK)
    ;
  /* Read before the reset or finalize, which would report it again. */
  if (err == DD_OK && rc != SQLITE_ROW && rc != SQLITE_DONE) {
    st->ext = sqlite3_extended_errcode(st->db);
    err = dd__store_error(st, diag, what);
  }
  if (which == STMT_ONCE) {
    sqlite3_finalize(s);
  } else {
    sqlite3_reset(s);
    sqlite3_clear_bindings(s); /* an unbound parameter is NULL next time */
  }
  return err;
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
    /* 5: the people who sign in to the web pages, their sessions, and the
     * sign-in links to be e-mailed to them (issue 11). A session or link
     * is kept as the SHA-256 of its id only, as a feed token is: a copy of
     * the database signs nobody in. Sessions carry Unix times, compared on
     * every request, rather than text. A visit's history needs no new
     * index: audit_by_visit holds each row's id after visit_id, so it is
     * read newest first without a sort. */
    "CREATE TABLE users ("
    "  email TEXT PRIMARY KEY CHECK (email = lower(email)),"
    "  name TEXT NOT NULL DEFAULT '',"
    "  role TEXT NOT NULL CHECK (role IN ('admin', 'rim', 'inspector')),"
    "  regions TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL"
    ") WITHOUT ROWID;"
    "CREATE TABLE sessions ("
    "  id_sha256 TEXT PRIMARY KEY,"
    "  email TEXT NOT NULL,"
    "  csrf TEXT NOT NULL,"
    "  created INTEGER NOT NULL,"
    "  last_seen INTEGER NOT NULL,"
    "  flash TEXT NOT NULL DEFAULT ''"
    ") WITHOUT ROWID;"
    "CREATE INDEX sessions_by_email ON sessions (email);"
    "CREATE TABLE sign_in_links ("
    "  id_sha256 TEXT PRIMARY KEY,"
    "  email TEXT NOT NULL,"
    "  created INTEGER NOT NULL,"
    "  used INTEGER"
    ") WITHOUT ROWID;",
    /* 6: each person's own reminder preferences (issue 11): the lead times
     * they keep of those the configuration offers ("5,2,0"; "" for none:
     * only the overdue reminder), a daily digest or a message each, and a
     * period away during which the visit's RIM gets their reminders. No
     * row: the configuration's policy, as before. */
    "CREATE TABLE reminder_prefs ("
    "  email TEXT PRIMARY KEY CHECK (email = lower(email)),"
    "  lead_days TEXT NOT NULL,"
    "  digest INTEGER NOT NULL CHECK (digest IN (0, 1)),"
    "  away_from TEXT,"
    "  away_to TEXT,"
    "  updated_at TEXT NOT NULL,"
    "  CHECK ((away_from IS NULL) = (away_to IS NULL) AND"
    "    (away_from IS NULL OR away_from <= away_to))"
    ") WITHOUT ROWID;",
    /* 7: when each subscriber's feed was last asked for, and by what
     * (User-Agent), for the admin pages. NULL: never since this column
     * came. The feed server writes it at most once a minute per
     * subscriber (server.c), not once per request. */
    "ALTER TABLE subscribers ADD COLUMN last_fetch_at TEXT;"
    "ALTER TABLE subscribers ADD COLUMN last_client TEXT NOT NULL "
    "DEFAULT '';",
    /* 8: how many days back each subscriber's feed reaches (issue 12);
     * NULL: the configuration's feeds.horizon_days. (A feed's cancelled
     * events stay one horizon after the cancellation, dated by the audit
     * log's "cancel" row: audit_by_visit finds it.) */
    "ALTER TABLE subscribers ADD COLUMN horizon_days INTEGER "
    "CHECK (horizon_days IS NULL OR horizon_days >= 1);",
    /* 9: a visit deleted from the register (issue 12): kept, with its
     * events and audit rows, so that feeds can publish its events as
     * cancelled and its history stays readable, but gone from every list,
     * agenda, reminder and lookup. Its status is set to 'cancelled' when
     * it is deleted, so that whatever reads it as a visit (a feed) takes
     * it for a cancelled one; deleted_at (UTC, "YYYY-MM-DDTHH:MM:SSZ") says
     * since when, deleted_by who. */
    "ALTER TABLE visits ADD COLUMN deleted_at TEXT;"
    "ALTER TABLE visits ADD COLUMN deleted_by TEXT NOT NULL DEFAULT '';",
    /* 10: what a reminder's due date was counted from, and a "date
     * changed" message's cause (ledger.c). */
    "ALTER TABLE reminders ADD COLUMN basis TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE reminders ADD COLUMN reason TEXT NOT NULL DEFAULT '';",
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

/* A row's first column as an int. */
static int int_row(sqlite3_stmt *s, void *arg) {
  *(int *)arg = sqlite3_column_int(s, 0);
  return DD_OK;
}

int dd_store_schema_version(dd_store *st) {
  int v = -1;
  dd__store_run(st, STMT_ONCE, "PRAGMA user_version", "schema version", int_row,
                &v, NULL, "");
  return v;
}

_Static_assert(sizeof migrations / sizeof migrations[0] ==
                   DD_STORE_SCHEMA_VERSION,
               "DD_STORE_SCHEMA_VERSION in dueday/store.h counts the "
               "migrations");

int dd_store_schema_latest(void) {
  return (int)(sizeof migrations / sizeof migrations[0]);
}

/* Whether the database has anything in it: an empty file (or one SQLite
 * made but nothing was written to) has no schema. */
static int has_tables(dd_store *st, bool *out, dd_diag *diag) {
  int n = 0;
  int err = dd__store_run(st, STMT_ONCE, "SELECT count(*) FROM sqlite_master",
                          "schema", int_row, &n, diag, "");
  *out = n > 0;
  return err;
}

/* The message of a register whose schema is older than this dueday's,
 * which no command but dueday db migrate brings up to date: a migration
 * changes what an older dueday can read, so it is a step a person takes,
 * with a backup first, not a side effect of adding a visit. dd_store_open
 * puts the path in front. */
static int older_schema(dd_diag *diag, int version) {
  return dd_diag_set(diag, DD_EIO,
                     "schema version %d is older than this dueday's %d; run "
                     "`dueday db migrate` (it keeps a backup first)",
                     version, dd_store_schema_latest());
}

/* Brings the schema up to date: an empty database (only when create: only
 * the commands that create a register make one) is made at the latest
 * version, and an older schema is migrated only when upgrade (dueday db
 * migrate), else refused. A register that is not ours (version 0 with
 * tables of someone else's) is left alone. */
static int migrate(dd_store *st, bool create, bool upgrade, dd_diag *diag) {
  const int latest = dd_store_schema_latest();
  int err = dd_store_begin(st, diag);
  if (err != DD_OK)
    return err;
  /* Read inside the write transaction: two processes opening a new file at
   * once must not both run migration 1. */
  int version = dd_store_schema_version(st);
  st->found = version;
  bool tables = false;
  if (version == 0 && (err = has_tables(st, &tables, diag)) == DD_OK) {
    if (tables)
      err = dd_diag_set(diag, DD_EIO, "register: not a dueday register");
    else if (!create)
      err = dd_diag_set(diag, DD_ENOTFOUND, "no register");
  }
  if (err == DD_OK && version > latest)
    err = dd_diag_set(diag, DD_EIO,
                      "register: schema version %d is newer than this "
                      "dueday knows (%d): upgrade dueday",
                      version, latest);
  if (err == DD_OK && version > 0 && version < latest && !upgrade)
    err = older_schema(diag, version);
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

/* A read-only open's check, in place of migrate: the schema must be this
 * dueday's, since nothing may be written to bring it up to date (unless
 * older_ok: a copy is brought up to date instead). The first read also
 * shows whether SQLite can reach the file's WAL index. */
static int check_schema(dd_store *st, bool older_ok, dd_diag *diag) {
  const int latest = dd_store_schema_latest();
  int version = -1;
  int err = dd__store_run(st, STMT_ONCE, "PRAGMA user_version",
                          "schema version", int_row, &version, diag, "");
  st->found = version;
  bool tables = false;
  if (err == DD_OK && version == 0 &&
      (err = has_tables(st, &tables, diag)) == DD_OK)
    err = tables ? dd_diag_set(diag, DD_EIO, "register: not a dueday register")
                 : dd_diag_set(diag, DD_ENOTFOUND, "no register");
  if (err == DD_OK && version > latest)
    err = dd_diag_set(diag, DD_EIO,
                      "register: schema version %d is newer than this "
                      "dueday knows (%d): upgrade dueday",
                      version, latest);
  if (err == DD_OK && version < latest && !older_ok)
    err = older_schema(diag, version);
  return err;
}

/* Opens the connection: path as a file name or, for immutable, as a URI
 * with immutable=1 (SQLite then reads the file without the WAL index and
 * without locks). */
static int connect(dd_store *st, const char *path, int flags, bool immutable,
                   dd_diag *diag) {
  char *uri = NULL;
  const char *name = path;
  if (immutable) {
    /* The URI form of a file name: "?" and "#" would end the path, and
     * "%" starts an escape (RFC 3986 and SQLite's "URI filenames"). */
    size_t n = strlen(path);
    if ((uri = malloc(3 * n + 32)) == NULL)
      return dd_diag_set(diag, DD_ENOMEM, "out of memory");
    char *w = uri + sprintf(uri, "file:");
    for (const char *p = path; *p != '\0'; p++) {
      if (strchr("?#%", *p) != NULL)
        w += sprintf(w, "%%%02X", (unsigned char)*p);
      else
        *w++ = *p;
    }
    strcpy(w, "?immutable=1");
    name = uri;
    flags |= SQLITE_OPEN_URI;
  }
  int rc = sqlite3_open_v2(name, &st->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
  free(uri);
  /* Writers queue for up to 10 s rather than fail: two commands writing at
   * once both land. WAL lets readers (the feed server) read meanwhile. */
  if (rc == SQLITE_OK) {
    sqlite3_busy_timeout(st->db, BUSY_WAIT_MS);
    return DD_OK;
  }
  dd_diag_set(diag, DD_EIO, "register: %s",
              st->db ? sqlite3_errmsg(st->db) : "out of memory");
  sqlite3_close(st->db);
  st->db = NULL;
  return DD_EIO;
}

int dd__store_group_id(const char *group, unsigned *gid, dd_diag *diag) {
  struct group gr, *found = NULL;
  char buf[4096];
  int e = getgrnam_r(group, &gr, buf, sizeof buf, &found);
  if (found == NULL)
    return dd_diag_set(diag, DD_EIO, "register.group \"%s\": %s", group,
                       e != 0 ? strerror(e) : "no such group");
  *gid = (unsigned)gr.gr_gid;
  return DD_OK;
}

/* Gives the file fd (at path, for the message) the group gid and mode. */
static int give_file(int fd, const char *path, const char *group, unsigned gid,
                     mode_t mode, dd_diag *diag) {
  if (group != NULL && fchown(fd, (uid_t)-1, (gid_t)gid) != 0)
    return dd_diag_set(diag, DD_EIO, "%s: cannot give it to group %s: %s", path,
                       group, strerror(errno));
  /* The umask may have taken the group's read away. */
  if (fchmod(fd, mode) != 0)
    return dd_diag_set(diag, DD_EIO, "%s: %s", path, strerror(errno));
  return DD_OK;
}

int dd__store_file_make(const char *path, const char *group, dd_diag *diag) {
  unsigned gid = 0;
  int err = group != NULL ? dd__store_group_id(group, &gid, diag) : DD_OK;
  if (err != DD_OK)
    return err;
  const mode_t mode = group != NULL ? 0640 : 0600;
  /* O_EXCL: a file that is there is the register, or someone's, and kept
   * as it is. An empty file is what SQLite takes for a new database. */
  int fd =
      open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd >= 0) {
    err = give_file(fd, path, group, gid, mode, diag);
    close(fd);
    if (err != DD_OK) {
      unlink(path);
      return err;
    }
  } else if (errno != EEXIST) {
    return dd_diag_set(diag, DD_EIO, "%s: %s", path, strerror(errno));
  }
  if (group == NULL)
    return DD_OK;
  static const char *const sides[] = {"-wal", "-shm"};
  for (size_t i = 0; i < 2 && err == DD_OK; i++) {
    char side[4096];
    struct stat sb;
    if (snprintf(side, sizeof side, "%s%s", path, sides[i]) >=
            (int)sizeof side ||
        lstat(side, &sb) != 0 || !S_ISREG(sb.st_mode) ||
        sb.st_uid != geteuid() || sb.st_gid == (gid_t)gid)
      continue;
    if ((fd = open(side, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
      continue;
    err = give_file(fd, side, group, gid, sb.st_mode & 0777, diag);
    close(fd);
  }
  return err;
}

/* Finalizes the cached statements and closes the connection, keeping st. */
static void disconnect(dd_store *st) {
  for (int i = 0; i < NSTMTS; i++) {
    sqlite3_finalize(st->stmts[i]);
    st->stmts[i] = NULL;
  }
  sqlite3_close(st->db);
  st->db = NULL;
}

/* Opens st read only. The connection is a read-write one when the file
 * allows, with PRAGMA query_only, under which SQLite refuses every change:
 * then the last connection to close still folds the WAL into the file and
 * removes it and its index, as a writer's would, rather than leave them
 * behind for good. SQLite reads a WAL database through that index, the
 * -shm file beside it, which it creates when missing; in a directory it
 * cannot write it then cannot read at all (SQLITE_CANTOPEN), and the one
 * way left is to read the file as immutable. Nobody can be writing to it
 * then either: a writer needs the same -shm file. */
static int open_read(dd_store *st, const char *path, bool older_ok,
                     dd_diag *diag) {
  int err = connect(st, path, SQLITE_OPEN_READWRITE, false, diag);
  if (err != DD_OK)
    err = connect(st, path, SQLITE_OPEN_READONLY, false, diag);
  if (err == DD_OK)
    err = dd__store_exec(st, "PRAGMA query_only = 1", diag);
  if (err == DD_OK)
    err = check_schema(st, older_ok, diag);
  if (err == DD_EIO && (st->ext & 0xff) == SQLITE_CANTOPEN) {
    disconnect(st);
    if ((err = connect(st, path, SQLITE_OPEN_READONLY, true, diag)) == DD_OK)
      err = check_schema(st, older_ok, diag);
  }
  if (err == DD_OK)
    st->read_only = true;
  return err;
}

/* Opens st as a copy in memory of the register at path, read as open_read
 * reads it (the file is never written), with the schema of the copy
 * brought up to date. SQLite's backup API copies a consistent snapshot,
 * page by page. */
static int open_copy(dd_store *st, const char *path, dd_diag *diag) {
  dd_store file = {0};
  int err = open_read(&file, path, false, diag);
  st->found = file.found;
  if (err == DD_OK)
    err = connect(st, ":memory:", SQLITE_OPEN_READWRITE, false, diag);
  if (err == DD_OK) {
    sqlite3_backup *b = sqlite3_backup_init(st->db, "main", file.db, "main");
    int rc = b != NULL ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
    if (b != NULL)
      sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE)
      err = dd_diag_set(diag, DD_EIO, "register: copying it: %s",
                        sqlite3_errmsg(st->db));
  }
  disconnect(&file);
  if (err == DD_OK)
    err = dd__store_exec(st, "PRAGMA foreign_keys = ON", diag);
  return err;
}

/* Opens st for writing, creating the file when create (with the mode and
 * group dd__store_file_make gives it): WAL, and a new register made at
 * the latest schema; an older schema is refused unless keep_older
 * (dueday db migrate, restore), which leaves it as it is. */
static int open_write(dd_store *st, const char *path, bool create,
                      bool keep_older, dd_diag *diag) {
  /* Made here rather than by SQLite, whose file would have the mode the
   * umask leaves of 0644; SQLite then gives its -wal and -shm files the
   * register's mode (unixOpen's findCreateFileMode). Not with umask()
   * around sqlite3_open_v2: the umask is the process's, and the feed
   * server opens registers while its threads make files. */
  int err = create && strcmp(path, ":memory:") != 0
                ? dd__store_file_make(path, st->group, diag)
                : DD_OK;
  if (err == DD_OK)
    err = connect(st, path,
                  SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0),
                  false, diag);
  if (err != DD_OK)
    return err;
  err = dd__store_exec(st, "PRAGMA journal_mode = WAL", diag);
  if (err == DD_OK)
    err = dd__store_exec(
        st, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL", diag);
  if (err == DD_OK && keep_older) {
    err = check_schema(st, true, diag);
  } else if (err == DD_OK) {
    err = migrate(st, create, false, diag);
  }
  /* The -wal and -shm files the WAL mode made have the register's mode
   * and this process's group: the configured group's, too. */
  if (err == DD_OK && st->group != NULL && strcmp(path, ":memory:") != 0)
    err = dd__store_file_make(path, st->group, diag);
  /* SQLite opens a file it may not write read only, without a word: a
   * register that must be written says so now, not at its first write. */
  if (err == DD_OK && sqlite3_db_readonly(st->db, "main") == 1)
    err = dd_diag_set(diag, DD_EIO,
                      "register: attempt to write a readonly "
                      "database");
  return err;
}

int dd_store_open(const char *path, dd_store_mode mode, dd_store **out,
                  dd_diag *diag) {
  return dd_store_open_with(path, mode, NULL, out, diag);
}

int dd_store_open_with(const char *path, dd_store_mode mode,
                       const dd_store_options *opt, dd_store **out,
                       dd_diag *diag) {
  *out = NULL;
  dd_store *st = calloc(1, sizeof *st);
  if (st == NULL)
    return dd_diag_set(diag, DD_ENOMEM, "out of memory");
  if (opt != NULL && opt->group != NULL &&
      (st->group = dd__strdup(opt->group)) == NULL) {
    free(st);
    return dd_diag_set(diag, DD_ENOMEM, "out of memory");
  }
  /* Asked first, so that a mistyped path is reported as missing rather
   * than as whatever SQLite makes of a file it cannot open. */
  struct stat sb;
  int err = DD_OK;
  if (mode != DD_STORE_CREATE && strcmp(path, ":memory:") != 0 &&
      stat(path, &sb) != 0 && errno == ENOENT)
    err = DD_ENOTFOUND;
  else if (mode == DD_STORE_READ || mode == DD_STORE_INSPECT)
    err = open_read(st, path, mode == DD_STORE_INSPECT, diag);
  else if (mode == DD_STORE_COPY)
    err = open_copy(st, path, diag);
  else
    err = open_write(st, path, mode == DD_STORE_CREATE,
                     mode == DD_STORE_MIGRATE, diag);
  /* An older schema is refused by every mode that does not ask for it,
   * and said so with the path first (dueday prints the message as it
   * is). */
  bool older = err == DD_EIO && st->found > 0 &&
               st->found < dd_store_schema_latest() &&
               mode != DD_STORE_INSPECT && mode != DD_STORE_MIGRATE;
  if (mode == DD_STORE_WRITE_IF_CAN && err == DD_EIO && !older) {
    /* Written when it can be; read only when it cannot (a read-only file,
     * directory or disk): a feed is served either way. */
    disconnect(st);
    err = open_read(st, path, false, diag);
    older =
        err == DD_EIO && st->found > 0 && st->found < dd_store_schema_latest();
  }
  /* Reads through a memory map rather than read(2) into SQLite's cache:
   * a region's feed reads every visit and its events, and the copies were
   * a tenth of its time (bench/run.sh). Writes still go through the WAL. */
  if (err == DD_OK)
    err = dd__store_exec(st, "PRAGMA mmap_size = 268435456", diag);
  if (err == DD_ENOTFOUND) {
    dd_diag_set(diag, err, "no register at %s", path);
    dd_store_close(st);
    return err;
  }
  if (err != DD_OK) {
    char why[sizeof diag->message];
    snprintf(why, sizeof why, "%s", diag ? diag->message : "");
    if (older)
      dd_diag_set(diag, DD_EIO, "register %s: %s", path, why);
    else
      dd_diag_set(diag, DD_EIO, "%s (%s)", why, path);
    dd_store_close(st);
    return err == DD_ENOMEM ? DD_ENOMEM : DD_EIO;
  }
  *out = st;
  return DD_OK;
}

bool dd_store_read_only(dd_store *st) { return st->read_only; }

int dd_store_schema_found(dd_store *st) { return st->found; }

int dd_store_migrate(dd_store *st, dd_diag *diag) {
  return migrate(st, false, true, diag);
}

void dd_store_close(dd_store *st) {
  if (st == NULL)
    return;
  disconnect(st);
  free(st->group);
  free(st);
}

const char *dd_store_path(dd_store *st) {
  const char *path = sqlite3_db_filename(st->db, "main");
  return path != NULL ? path : "";
}

int dd_store_begin(dd_store *st, dd_diag *diag) {
  /* PRAGMA query_only refuses the writes, not the lock: a read-only
   * register would hold other writers off for nothing. */
  if (st->read_only)
    return dd_diag_set(diag, DD_EIO, "register: open read only");
  return dd__store_exec(st, "BEGIN IMMEDIATE", diag);
}

int dd_store_commit(dd_store *st, dd_diag *diag) {
  return dd__store_exec(st, "COMMIT", diag);
}

void dd_store_rollback(dd_store *st) {
  if (!sqlite3_get_autocommit(st->db))
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

const char *dd__column_borrow(sqlite3_stmt *s, int i) {
  const unsigned char *t = sqlite3_column_text(s, i);
  return t != NULL ? (const char *)t : "";
}

void dd__now_text(char *buf, size_t size) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int dd__store_audit(dd_store *st, const char *actor, const char *visit_id,
                    const char *action, const char *detail, dd_diag *diag) {
  char at[32];
  dd__now_text(at, sizeof at);
  return dd__store_run(st, STMT_AUDIT,
                       "INSERT INTO audit (at, actor, visit_id, action, "
                       "detail) VALUES (?, ?, ?, ?, ?)",
                       "audit", NULL, NULL, diag, "ttttt", at, actor, visit_id,
                       action, detail);
}

/* Binds the visit's columns, in the order of VISIT_COLUMNS, from index 1. */
#define VISIT_COLUMNS                                                          \
  "id, type, name, urn, setting, local_authority, region, division, "          \
  "inspector_email, rim_email, start, days_on_site, status, concerns"

/* The binds and values of a visit's columns, in the order of
 * VISIT_COLUMNS, for dd__store_run. */
#define VISIT_BINDS "ttttttttttditi"
#define VISIT_VALUES(v)                                                        \
  (v)->id, (v)->type, (v)->name, (v)->urn, (v)->setting, (v)->local_authority, \
      (v)->region, (v)->division, (v)->inspector, (v)->rim, (v)->start,        \
      (v)->days_on_site, dd_visit_status_name((v)->status), (int)(v)->concerns

int dd_store_visit_add(dd_store *st, const dd_visit *v, const char *actor,
                       dd_diag *diag) {
  int err = dd__store_run(st, STMT_ADD_VISIT,
                          "INSERT INTO visits (" VISIT_COLUMNS ") VALUES "
                          "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          "add visit", NULL, NULL, diag, VISIT_BINDS,
                          VISIT_VALUES(v));
  if (err != DD_OK && st->ext == SQLITE_CONSTRAINT_PRIMARYKEY) {
    dd_visit_deletion gone;
    if (dd_store_visit_deleted(st, v->id, &gone, NULL) == DD_OK)
      return dd_diag_set(diag, DD_ECONFLICT,
                         "visit %s already exists (deleted on %.10s by %s; "
                         "its id is not used again)",
                         v->id, gone.at, gone.by);
    return dd_diag_set(diag, DD_ECONFLICT, "visit %s already exists", v->id);
  }
  if (err != DD_OK)
    return err;
  char detail[256];
  char d[DD_DATE_BUFSIZE];
  snprintf(detail, sizeof detail, "%s visit, start %s, %d day(s), %s", v->type,
           dd_date_format(v->start, d), v->days_on_site, v->division);
  return dd__store_audit(st, actor, v->id, "add", detail, diag);
}

int dd_store_visit_update(dd_store *st, const dd_visit *v, const char *actor,
                          const char *action, const char *detail,
                          dd_diag *diag) {
  int err = dd__store_run(
      st, STMT_ONCE,
      "UPDATE visits SET type = ?2, name = ?3, urn = ?4, setting = ?5, "
      "local_authority = ?6, region = ?7, division = ?8, "
      "inspector_email = ?9, rim_email = ?10, start = ?11, "
      "days_on_site = ?12, status = ?13, concerns = ?14 WHERE id = ?1 "
      "AND deleted_at IS NULL",
      "update visit", NULL, NULL, diag, VISIT_BINDS, VISIT_VALUES(v));
  if (err != DD_OK)
    return err;
  if (sqlite3_changes(st->db) == 0)
    return dd_diag_set(diag, DD_ENOTFOUND, "no visit %s in the register",
                       v->id);
  return dd__store_audit(st, actor, v->id, action, detail, diag);
}

char *dd__column_text(sqlite3_stmt *s, int i) {
  const unsigned char *t = sqlite3_column_text(s, i);
  return dd__strdup(t ? (const char *)t : "");
}

static int column_date(sqlite3_stmt *s, int i, dd_date *out) {
  const unsigned char *t = sqlite3_column_text(s, i);
  return t != NULL ? dd_date_parse((const char *)t, out, NULL) : DD_EPARSE;
}

/* Fills v from a row of VISIT_COLUMNS: its strings copied, or with copy
 * false borrowed, valid until the statement steps again:
 * dd_store_visits_each lends rows this way rather than copying ten strings
 * per visit (an eighth of the agenda's time over 100,000 visits,
 * bench/run.sh). */
static int visit_from_row(sqlite3_stmt *s, dd_visit *v, bool copy) {
  memset(v, 0, sizeof *v);
  char **fields[] = {&v->id,     &v->type,     &v->name,
                     &v->urn,    &v->setting,  &v->local_authority,
                     &v->region, &v->division, &v->inspector,
                     &v->rim};
  for (int i = 0; i < 10; i++)
    if ((*fields[i] = copy ? dd__column_text(s, i)
                           : (char *)dd__column_borrow(s, i)) == NULL)
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

/* dd__store_run's row: a visit, copied into arg. */
static int visit_row(sqlite3_stmt *s, void *arg) {
  return visit_from_row(s, arg, true);
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

/* A growing list of events. */
struct events {
  dd_recorded *list;
  size_t n, cap;
};

/* Appends a row's event (its columns from first on) to e. */
static int push_event(sqlite3_stmt *s, int first, struct events *e) {
  if (!dd__grow(&e->list, &e->cap, e->n + 1, sizeof *e->list, 8))
    return DD_ENOMEM;
  int err = read_event(s, first, &e->list[e->n]);
  e->n++; /* counted even on failure, so that it is freed */
  return err;
}

/* dd__store_run's row: an event, appended to arg. */
static int event_row(sqlite3_stmt *s, void *arg) {
  return push_event(s, 0, arg);
}

/* dd_store_visit_deleted's row. */
static int deletion_row(sqlite3_stmt *s, void *arg) {
  dd_visit_deletion *d = arg;
  snprintf(d->at, sizeof d->at, "%s", dd__column_borrow(s, 0));
  dd__format(d->by, sizeof d->by, "%s", dd__column_borrow(s, 1));
  return DD_OK;
}

int dd_store_visit_deleted(dd_store *st, const char *id, dd_visit_deletion *out,
                           dd_diag *diag) {
  memset(out, 0, sizeof *out);
  int err = dd__store_run(st, STMT_ONCE,
                          "SELECT deleted_at, deleted_by FROM visits WHERE "
                          "id = ? AND deleted_at IS NOT NULL",
                          "read visit", deletion_row, out, diag, "t", id);
  if (err == DD_OK && out->at[0] == '\0')
    err = dd_diag_set(diag, DD_ENOTFOUND, "visit %s is not deleted", id);
  return err;
}

/* A lookup of id found nothing: "no visit ID in the register", or, for a
 * visit deleted from it, since when and by whom. DD_ENOTFOUND either way;
 * DD_EIO when the register cannot be read. */
static int not_found(dd_store *st, const char *id, dd_diag *diag) {
  dd_visit_deletion gone;
  int err = dd_store_visit_deleted(st, id, &gone, diag);
  if (err == DD_OK)
    return dd_diag_set(diag, DD_ENOTFOUND,
                       "visit %s was deleted from the register on %.10s by %s",
                       id, gone.at, gone.by);
  if (err != DD_ENOTFOUND)
    return err;
  return dd_diag_set(diag, DD_ENOTFOUND, "no visit %s in the register", id);
}

int dd_store_visit_delete(dd_store *st, const char *id, const char *actor,
                          dd_diag *diag) {
  char at[32];
  dd__now_text(at, sizeof at);
  /* The status it had goes in the audit row: the row itself says
   * 'cancelled' from now on, which is what a feed reads. */
  dd_visit v;
  int err = dd_store_visit_get(st, id, &v, NULL, NULL, diag);
  if (err != DD_OK)
    return err;
  char detail[128];
  snprintf(detail, sizeof detail, "status %s -> deleted",
           dd_visit_status_name(v.status));
  dd_visit_clear(&v);
  err = dd__store_run(st, STMT_ONCE,
                      "UPDATE visits SET status = 'cancelled', deleted_at = ?, "
                      "deleted_by = ? WHERE id = ? AND deleted_at IS NULL",
                      "delete visit", NULL, NULL, diag, "ttt", at, actor, id);
  if (err == DD_OK)
    err = dd__store_audit(st, actor, id, "delete", detail, diag);
  return err;
}

/* dd_store_values_each's callback, and its row. */
struct value_each {
  int (*fn)(const char *, void *);
  void *arg;
};

static int value_row(sqlite3_stmt *s, void *arg) {
  struct value_each *e = arg;
  return e->fn(dd__column_borrow(s, 0), e->arg);
}

int dd_store_values_each(dd_store *st, dd_scope_kind kind,
                         int (*fn)(const char *, void *), void *arg,
                         dd_diag *diag) {
  /* The visits_by_region index gives regions in order without a sort; the
   * others are a scan, as rare as a mistyped name. */
  static const char *const sql[] = {
      [DD_SCOPE_REGION] = "SELECT DISTINCT region FROM visits WHERE region "
                          "!= '' AND deleted_at IS NULL ORDER BY region",
      [DD_SCOPE_INSPECTOR] = "SELECT DISTINCT inspector_email FROM visits "
                             "WHERE inspector_email != '' AND deleted_at IS "
                             "NULL ORDER BY 1",
      [DD_SCOPE_RIM] = "SELECT DISTINCT rim_email FROM visits WHERE "
                       "rim_email != '' AND deleted_at IS NULL ORDER BY 1",
      [DD_SCOPE_VISIT] = "SELECT id FROM visits WHERE deleted_at IS NULL "
                         "ORDER BY id",
  };
  if ((unsigned)kind >= sizeof sql / sizeof sql[0] || sql[kind] == NULL)
    return dd_diag_set(diag, DD_EINVAL, "register: not a field of visits");
  struct value_each e = {fn, arg};
  return dd__store_run(st, STMT_ONCE, sql[kind], "list values", value_row, &e,
                       diag, "");
}

/* dd_store_visit_peek's row: the visit, borrowed from the statement,
 * handed to the caller's function. */
struct peek {
  int (*fn)(const dd_visit *, void *);
  void *arg;
  bool found;
  int ret;
};

static int peek_row(sqlite3_stmt *s, void *arg) {
  struct peek *p = arg;
  dd_visit v;
  int err = visit_from_row(s, &v, false);
  if (err != DD_OK)
    return err;
  p->found = true;
  p->ret = p->fn(&v, p->arg);
  return DD_OK;
}

int dd_store_visit_peek(dd_store *st, const char *id,
                        int (*fn)(const dd_visit *, void *), void *arg,
                        dd_diag *diag) {
  struct peek p = {fn, arg, false, 0};
  int err = dd__store_run(st, STMT_VISIT_PEEK,
                          "SELECT " VISIT_COLUMNS " FROM visits WHERE id = ? "
                          "AND deleted_at IS NULL",
                          "read visit", peek_row, &p, diag, "t", id);
  if (err != DD_OK)
    return err == DD_EIO
               ? err
               : dd_diag_set(diag, err, "register: visit %s: bad row", id);
  if (!p.found)
    return not_found(st, id, diag);
  return p.ret;
}

int dd_store_visit_get(dd_store *st, const char *id, dd_visit *v,
                       dd_recorded **events, size_t *nevents, dd_diag *diag) {
  memset(v, 0, sizeof *v);
  if (events != NULL) {
    *events = NULL;
    *nevents = 0;
  }
  int err = dd__store_run(st, STMT_ONCE,
                          "SELECT " VISIT_COLUMNS " FROM visits WHERE id = ? "
                          "AND deleted_at IS NULL",
                          "read visit", visit_row, v, diag, "t", id);
  if (err == DD_OK && v->id == NULL)
    return not_found(st, id, diag);
  if (err != DD_OK) {
    dd_visit_clear(v);
    if (err == DD_ENOMEM)
      return dd_diag_set(diag, err, "out of memory");
    return err == DD_EIO ? err
                         : dd_diag_set(diag, err,
                                       "register: visit %s: bad "
                                       "row",
                                       id);
  }
  if (events == NULL)
    return DD_OK;
  struct events e = {0};
  err = dd__store_run(st, STMT_ONCE,
                      "SELECT what, on_date, on_time, by, note FROM events "
                      "WHERE visit_id = ? ORDER BY id",
                      "read events", event_row, &e, diag, "t", id);
  if (err != DD_OK) {
    dd_visit_clear(v);
    dd_recorded_list_free(e.list, e.n);
    if (err == DD_ENOMEM)
      return dd_diag_set(diag, err, "out of memory");
    return err == DD_EIO ? err
                         : dd_diag_set(diag, err,
                                       "register: events of "
                                       "%s: bad row",
                                       id);
  }
  *events = e.list;
  *nevents = e.n;
  return DD_OK;
}

/* An event's time as HH:MM into t (6 bytes or more); NULL for none. */
static const char *event_time(const dd_recorded *ev, char *t, size_t size) {
  if (ev->time < 0)
    return NULL;
  snprintf(t, size, "%02d:%02d", ev->time / 60 % 24, ev->time % 60);
  return t;
}

void dd__store_event_text(const dd_recorded *ev, char *buf, size_t size) {
  char t[8], d[DD_DATE_BUFSIZE];
  const char *time = event_time(ev, t, sizeof t);
  snprintf(buf, size, "%s on %s%s%s", ev->what, dd_date_format(ev->date, d),
           time ? " " : "", time ? time : "");
}

int dd__store_event_add(dd_store *st, const char *visit_id,
                        const dd_recorded *ev, const char *actor,
                        const char *detail, dd_diag *diag) {
  char at[32], t[8];
  dd__now_text(at, sizeof at);
  const char *time = event_time(ev, t, sizeof t);
  int err = dd__store_run(st, STMT_ADD_EVENT,
                          "INSERT INTO events (visit_id, what, on_date, "
                          "on_time, by, note, recorded_at) VALUES "
                          "(?, ?, ?, ?, ?, ?, ?)",
                          "record event", NULL, NULL, diag, "ttdottt", visit_id,
                          ev->what, ev->date, time, ev->by, ev->note, at);
  if (err != DD_OK)
    return (st->ext & 0xff) == SQLITE_CONSTRAINT
               ? dd_diag_set(diag, DD_ENOTFOUND, "no visit %s in the register",
                             visit_id)
               : err;
  char text[256];
  if (detail == NULL) {
    dd__store_event_text(ev, text, sizeof text);
    detail = text;
  }
  return dd__store_audit(st, actor, visit_id, "record", detail, diag);
}

int dd_store_event_add(dd_store *st, const char *visit_id,
                       const dd_recorded *ev, const char *actor,
                       dd_diag *diag) {
  return dd__store_event_add(st, visit_id, ev, actor, NULL, diag);
}

long dd__store_last_row(dd_store *st) {
  return (long)sqlite3_last_insert_rowid(st->db);
}

/* dd_store_event_undo's row: the event's id, and the event itself. */
struct undo_row {
  long id;
  dd_recorded ev;
  int err;
};

static int latest_event_row(sqlite3_stmt *s, void *arg) {
  struct undo_row *u = arg;
  u->id = (long)sqlite3_column_int64(s, 0);
  u->err = read_event(s, 1, &u->ev);
  return DD_OK;
}

int dd_store_event_undo(dd_store *st, const char *visit_id, const char *what,
                        const char *actor, const char *detail,
                        dd_recorded *removed, dd_diag *diag) {
  if (removed != NULL)
    memset(removed, 0, sizeof *removed);
  /* The latest by id, the order recorded: a milestone recorded twice (a
   * correction) gives back its earlier record when the later is undone. */
  struct undo_row u = {0, {0}, DD_OK};
  int err = dd__store_run(st, STMT_ONCE,
                          "SELECT id, what, on_date, on_time, by, note FROM "
                          "events WHERE visit_id = ? AND what = ? "
                          "ORDER BY id DESC LIMIT 1",
                          "undo event", latest_event_row, &u, diag, "tt",
                          visit_id, what);
  if (err == DD_OK && u.err != DD_OK)
    err = u.err == DD_ENOMEM
              ? dd_diag_set(diag, DD_ENOMEM, "out of memory")
              : dd_diag_set(diag, DD_EIO, "register: events of %s: bad row",
                            visit_id);
  if (err == DD_OK && u.id == 0)
    err = dd_diag_set(diag, DD_ENOTFOUND, "visit %s has no record of %s",
                      visit_id, what);
  if (err == DD_OK)
    err = dd__store_run(st, STMT_ONCE, "DELETE FROM events WHERE id = ?",
                        "undo event", NULL, NULL, diag, "l", u.id);
  char text[256];
  if (err == DD_OK && detail == NULL) {
    dd__store_event_text(&u.ev, text, sizeof text);
    detail = text;
  }
  if (err == DD_OK)
    err = dd__store_audit(st, actor, visit_id, "undo", detail, diag);
  if (err == DD_OK && removed != NULL)
    *removed = u.ev;
  else
    dd_recorded_clear(&u.ev);
  return err;
}

/* dd_store_audit_each's callback, and its row. */
struct audit_each {
  int (*fn)(const dd_audit_entry *, void *);
  void *arg;
};

static int audit_row(sqlite3_stmt *s, void *arg) {
  struct audit_each *e = arg;
  dd_audit_entry a = {.id = (long)sqlite3_column_int64(s, 0),
                      .at = dd__column_borrow(s, 1),
                      .actor = dd__column_borrow(s, 2),
                      .action = dd__column_borrow(s, 3),
                      .detail = dd__column_borrow(s, 4),
                      .visit_id = dd__column_borrow(s, 5)};
  return e->fn(&a, e->arg);
}

int dd_store_audit_each(dd_store *st, const char *visit_id,
                        int (*fn)(const dd_audit_entry *, void *), void *arg,
                        dd_diag *diag) {
  /* audit_by_visit holds (visit_id, id): newest first without a sort. */
  struct audit_each e = {fn, arg};
  return dd__store_run(st, STMT_ONCE,
                       "SELECT id, at, actor, action, detail, visit_id FROM "
                       "audit WHERE visit_id = ? ORDER BY id DESC",
                       "visit history", audit_row, &e, diag, "t", visit_id);
}

int dd_store_audit_query(dd_store *st, const dd_audit_filter *f, size_t offset,
                         size_t limit,
                         int (*fn)(const dd_audit_entry *, void *), void *arg,
                         dd_diag *diag) {
  static const dd_audit_filter none = {0};
  if (f == NULL)
    f = &none;
  /* One statement for every combination: a filter not given binds NULL
   * and lets every row through. Newest first by id, the order written
   * (the primary key: no sort). A day's bound is compared as text, which
   * ISO times sort as: "to" is before the next day begins. */
  char from[DD_DATE_BUFSIZE] = "", to[DD_DATE_BUFSIZE + 8] = "";
  if (f->from != 0)
    dd_date_format(f->from, from);
  if (f->to != 0) {
    dd_date_format(f->to, to);
    strcat(to, "T99");
  }
  struct audit_each e = {fn, arg};
  int err = dd__store_run(
      st, STMT_ONCE,
      "SELECT id, at, actor, action, detail, visit_id FROM audit "
      "WHERE (?1 IS NULL OR visit_id = ?1) "
      "AND (?2 IS NULL OR actor = ?2 COLLATE NOCASE) "
      "AND (?3 IS NULL OR action = ?3) AND (?4 IS NULL OR at >= ?4) "
      "AND (?5 IS NULL OR at < ?5) ORDER BY id DESC LIMIT ?6 OFFSET ?7",
      "audit", audit_row, &e, diag, "oooooll",
      f->visit_id && f->visit_id[0] ? f->visit_id : NULL,
      f->actor && f->actor[0] ? f->actor : NULL,
      f->action && f->action[0] ? f->action : NULL, from[0] ? from : NULL,
      to[0] ? to : NULL, limit > 0 ? (long)limit : -1L, (long)offset);
  return err == DD_ENOMEM ? dd_diag_set(diag, err, "out of memory") : err;
}

int dd_store_visits_each(dd_store *st, const char *region, dd_visit_fn fn,
                         void *arg, dd_diag *diag) {
  return dd_store_visits_walk(st, region, 0, fn, arg, diag);
}

int dd_store_visits_walk(dd_store *st, const char *region, unsigned flags,
                         dd_visit_fn fn, void *arg, dd_diag *diag) {
  /* Two ordered scans merged by visit id, rather than a query per visit:
   * the agenda of 100,000 visits is two passes over two indexes. A deleted
   * visit's events are read and skipped with it. */
  sqlite3_stmt *vs = NULL, *es = NULL;
  const char *vsql =
      region ? (flags & DD_STORE_WITH_DELETED
                    ? "SELECT " VISIT_COLUMNS " FROM visits "
                      "WHERE region = ? ORDER BY id"
                    : "SELECT " VISIT_COLUMNS " FROM visits "
                      "WHERE region = ? AND deleted_at IS NULL ORDER BY id")
             : (flags & DD_STORE_WITH_DELETED
                    ? "SELECT " VISIT_COLUMNS " FROM visits ORDER BY id"
                    : "SELECT " VISIT_COLUMNS " FROM visits "
                      "WHERE deleted_at IS NULL ORDER BY id");
  const char *esql =
      region ? "SELECT e.visit_id, e.what, e.on_date, e.on_time, e.by, e.note "
               "FROM events e JOIN visits v ON v.id = e.visit_id "
               "WHERE v.region = ? ORDER BY e.visit_id, e.id"
             : "SELECT visit_id, what, on_date, on_time, by, note FROM events "
               "ORDER BY visit_id, id";
  int err = dd__store_prepare(st, vsql, "list visits", &vs, diag);
  if (err == DD_OK)
    err = dd__store_prepare(st, esql, "list visits", &es, diag);
  if (err != DD_OK) {
    sqlite3_finalize(vs);
    return err;
  }
  if (region != NULL) {
    sqlite3_bind_text(vs, 1, region, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(es, 1, region, -1, SQLITE_TRANSIENT);
  }
  int erc = sqlite3_step(es);
  struct events e = {0};
  while (err == DD_OK && sqlite3_step(vs) == SQLITE_ROW) {
    dd_visit v;
    e.n = 0;
    err = visit_from_row(vs, &v, false);
    /* Events are ordered by visit id too: take this visit's run. */
    while (err == DD_OK && erc == SQLITE_ROW) {
      const char *owner = (const char *)sqlite3_column_text(es, 0);
      int cmp = owner ? strcmp(owner, v.id) : -1;
      if (cmp > 0)
        break;
      if (cmp == 0)
        err = push_event(es, 1, &e);
      erc = sqlite3_step(es);
    }
    if (err == DD_OK)
      err = fn(&v, e.list, e.n, arg);
    for (size_t i = 0; i < e.n; i++)
      dd_recorded_clear(&e.list[i]);
  }
  free(e.list);
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
  *out = 0;
  return dd__store_run(
      st, STMT_ONCE,
      visit_id ? "SELECT count(*) FROM audit WHERE visit_id = ?"
               : "SELECT count(*) FROM audit",
      "audit", int_row, out, diag, visit_id ? "t" : "", visit_id);
}

/* dd_store_feed_state's lookup, and its row. */
struct feed_lookup {
  const char *published;
  char *previous;
  size_t size;
  int sequence;
  bool found, same;
};

static int feed_lookup_row(sqlite3_stmt *s, void *arg) {
  struct feed_lookup *l = arg;
  const char *published = dd__column_borrow(s, 0);
  l->found = true;
  l->sequence = sqlite3_column_int(s, 1);
  if (l->previous != NULL && l->size > 0)
    snprintf(l->previous, l->size, "%s", published);
  l->same = l->published != NULL && strcmp(published, l->published) == 0;
  return DD_OK;
}

int dd_store_feed_state(dd_store *st, const char *visit_id,
                        const char *milestone, const char *published,
                        int *sequence, char *previous, size_t size,
                        dd_diag *diag) {
  struct feed_lookup l = {published, previous, size, 0, false, false};
  if (previous != NULL && size > 0)
    previous[0] = '\0';
  int err = dd__store_run(st, STMT_FEED_GET,
                          "SELECT published, sequence FROM feed_state "
                          "WHERE visit_id = ? AND milestone = ?",
                          "feed state", feed_lookup_row, &l, diag, "tt",
                          visit_id, milestone);
  if (err != DD_OK)
    return err;
  *sequence = l.sequence;
  if (published == NULL || l.same)
    return DD_OK; /* a lookup, or nothing changed */
  if (l.found)
    *sequence = ++l.sequence;
  return dd__store_run(st, STMT_FEED_PUT,
                       "INSERT OR REPLACE INTO feed_state (visit_id, "
                       "milestone, published, sequence) VALUES "
                       "(?, ?, ?, ?)",
                       "feed state", NULL, NULL, diag, "ttti", visit_id,
                       milestone, published, l.sequence);
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
  char at[32];
  dd__now_text(at, sizeof at);
  int err = dd__store_run(st, STMT_ONCE,
                          "INSERT INTO subscribers (name, email, scope, "
                          "token_sha256, created_at) VALUES (?, ?, ?, ?, ?)",
                          "add subscriber", NULL, NULL, diag, "ttttt", name,
                          email, scope, token_sha256, at);
  if (err != DD_OK)
    return err;
  *id = (long)sqlite3_last_insert_rowid(st->db);
  char detail[512];
  snprintf(detail, sizeof detail, "subscriber %ld: %s <%s>, %s", *id, name,
           email, scope);
  return dd__store_audit(st, actor, NULL, "subscribe", detail, diag);
}

#define SUBSCRIBER_COLUMNS                                                     \
  "id, name, email, scope, created_at, revoked_at, "                           \
  "coalesce(last_fetch_at, ''), last_client, coalesce(horizon_days, 0)"

/* Fills out from a row of SUBSCRIBER_COLUMNS. */
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
  snprintf(out->last_fetch, sizeof out->last_fetch, "%s",
           dd__column_borrow(s, 6));
  dd__format(out->last_client, sizeof out->last_client, "%s",
             dd__column_borrow(s, 7));
  out->horizon_days = sqlite3_column_int(s, 8);
  return DD_OK;
}

/* dd_store_subscriber_find's search, and its row: the subscriber whose
 * whole digest is token's. */
struct subscriber_search {
  const char *token;
  dd_subscriber *out;
  bool found;
};

static int subscriber_match(sqlite3_stmt *s, void *arg) {
  struct subscriber_search *f = arg;
  const char *stored = dd__column_borrow(s, 9);
  if (f->found || strlen(stored) != 64 || !dd_token_equal(stored, f->token, 64))
    return DD_OK;
  int err = read_subscriber(s, f->out);
  f->found = err == DD_OK;
  return err;
}

int dd_store_subscriber_find(dd_store *st, const char *token_sha256,
                             dd_subscriber *out, dd_diag *diag) {
  /* Looked up by the first half of the digest, then the whole digest is
   * compared in constant time: the index answers quickly without the
   * comparison of the secret part depending on where it differs. */
  memset(out, 0, sizeof *out);
  if (strlen(token_sha256) != 64)
    return dd_diag_set(diag, DD_ENOTFOUND, "no such subscription");
  struct subscriber_search f = {token_sha256, out, false};
  int err = dd__store_run(st, STMT_ONCE,
                          "SELECT " SUBSCRIBER_COLUMNS ", token_sha256 FROM "
                          "subscribers WHERE "
                          "substr(token_sha256, 1, 32) = ? AND revoked_at IS "
                          "NULL",
                          "find subscriber", subscriber_match, &f, diag, "p",
                          token_sha256, 32);
  if (err == DD_ENOMEM)
    return dd_diag_set(diag, err, "out of memory");
  if (err == DD_OK && !f.found)
    return dd_diag_set(diag, DD_ENOTFOUND, "no such subscription");
  return err;
}

int dd_store_subscriber_revoke(dd_store *st, long id, const char *actor,
                               dd_diag *diag) {
  char at[32];
  dd__now_text(at, sizeof at);
  int err = dd__store_run(st, STMT_ONCE,
                          "UPDATE subscribers SET revoked_at = ? WHERE id = ? "
                          "AND revoked_at IS NULL",
                          "revoke subscriber", NULL, NULL, diag, "tl", at, id);
  if (err != DD_OK)
    return err;
  if (sqlite3_changes(st->db) == 0)
    return dd_diag_set(diag, DD_ENOTFOUND,
                       "no subscriber %ld, or it is revoked already", id);
  char detail[64];
  snprintf(detail, sizeof detail, "subscriber %ld revoked", id);
  return dd__store_audit(st, actor, NULL, "revoke", detail, diag);
}

int dd_store_subscriber_set_horizon(dd_store *st, long id, int days,
                                    dd_diag *diag) {
  if (days < 0)
    return dd_diag_set(diag, DD_EINVAL, "horizon %d: use 1 or more days", days);
  int err = days > 0
                ? dd__store_run(st, STMT_ONCE,
                                "UPDATE subscribers SET horizon_days = ? "
                                "WHERE id = ?",
                                "set a subscriber's horizon", NULL, NULL, diag,
                                "il", days, id)
                : dd__store_run(st, STMT_ONCE,
                                "UPDATE subscribers SET horizon_days = NULL "
                                "WHERE id = ?",
                                "set a subscriber's horizon", NULL, NULL, diag,
                                "l", id);
  if (err == DD_OK && sqlite3_changes(st->db) == 0)
    return dd_diag_set(diag, DD_ENOTFOUND, "no subscriber %ld", id);
  return err;
}

/* dd__store_cancellations_each's callback, and its row. */
struct cancellation_each {
  dd__cancellation_fn fn;
  void *arg;
};

static int cancellation_row(sqlite3_stmt *s, void *arg) {
  struct cancellation_each *e = arg;
  const unsigned char *at = sqlite3_column_text(s, 1);
  dd_date day;
  /* The audit's times are UTC "YYYY-MM-DDTHH:MM:SSZ": the date is the
   * first ten characters. */
  if (at == NULL || dd_date_parse_n((const char *)at, 10, &day, NULL) != DD_OK)
    return DD_OK;
  return e->fn(dd__column_borrow(s, 0), day, e->arg);
}

int dd__store_cancellations_each(dd_store *st, dd__cancellation_fn fn,
                                 void *arg, dd_diag *diag) {
  struct cancellation_each e = {fn, arg};
  return dd__store_run(st, STMT_ONCE,
                       "SELECT a.visit_id, max(a.at) FROM audit a "
                       "JOIN visits v ON v.id = a.visit_id "
                       "WHERE a.action IN ('cancel', 'delete') "
                       "AND v.status IN ('cancelled', 'deleted') "
                       "GROUP BY a.visit_id ORDER BY a.visit_id",
                       "cancellations", cancellation_row, &e, diag, "");
}

/* A client's User-Agent as kept: what a page and the CLI show, so text
 * (a header may hold any byte): each byte that starts no valid UTF-8
 * character, and each control character, as '?'; cut to fit size bytes
 * with its NUL, never inside a character. */
static void client_text(const char *in, char *out, size_t size) {
  size_t n = 0;
  const char *p = in != NULL ? in : "";
  for (size_t left = strlen(p); left > 0;) {
    unsigned char c = (unsigned char)*p;
    size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    bool bad = dd__utf8_valid_prefix(p, left) == 0 || c < ' ' || c == 0x7F;
    if (bad)
      len = 1;
    if (n + len + 1 > size)
      break;
    if (bad)
      out[n] = '?';
    else
      memcpy(out + n, p, len);
    n += len;
    p += len;
    left -= len;
  }
  out[n] = '\0';
}

int dd_store_subscribers_seen(dd_store *st, const dd_subscriber_fetch *fetches,
                              size_t n, dd_diag *diag) {
  if (n == 0)
    return DD_OK;
  /* Not waiting for another writer (BUSY_WAIT_MS otherwise): the server
   * answers requests meanwhile, under its lock. */
  sqlite3_busy_timeout(st->db, 0);
  int err = dd_store_begin(st, diag);
  for (size_t i = 0; i < n && err == DD_OK; i++) {
    char kept[sizeof((dd_subscriber *)0)->last_client], at[32];
    struct tm tm;
    client_text(fetches[i].client, kept, sizeof kept);
    gmtime_r(&fetches[i].at, &tm);
    strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    err = dd__store_run(st, STMT_SUBSCRIBER_SEEN,
                        "UPDATE subscribers SET last_fetch_at = ?, "
                        "last_client = ? WHERE id = ?",
                        "record a feed's fetch", NULL, NULL, diag, "ttl", at,
                        kept, fetches[i].id);
  }
  if (err == DD_OK)
    err = dd_store_commit(st, diag);
  if (err != DD_OK)
    dd_store_rollback(st);
  sqlite3_busy_timeout(st->db, BUSY_WAIT_MS);
  return err;
}

/* dd_store_subscribers_each's callback, and its row. */
struct subscriber_each {
  int (*fn)(const dd_subscriber *, void *);
  void *arg;
};

static int subscriber_row(sqlite3_stmt *s, void *arg) {
  struct subscriber_each *e = arg;
  dd_subscriber sub;
  int err = read_subscriber(s, &sub);
  if (err != DD_OK)
    return err;
  err = e->fn(&sub, e->arg);
  dd_subscriber_clear(&sub);
  return err;
}

int dd_store_subscribers_each(dd_store *st,
                              int (*fn)(const dd_subscriber *, void *),
                              void *arg, dd_diag *diag) {
  struct subscriber_each e = {fn, arg};
  int err = dd__store_run(st, STMT_ONCE,
                          "SELECT " SUBSCRIBER_COLUMNS
                          " FROM subscribers ORDER BY id",
                          "list subscribers", subscriber_row, &e, diag, "");
  return err == DD_ENOMEM ? dd_diag_set(diag, err, "out of memory") : err;
}

/* A row's first column as a long. */
static int long_row(sqlite3_stmt *s, void *arg) {
  *(long *)arg = (long)sqlite3_column_int64(s, 0);
  return DD_OK;
}

int dd_store_data_version(dd_store *st, long *out) {
  /* Asked on every feed request: prepared once (a fifth of the server's
   * time went to preparing it, bench/run.sh). */
  *out = -1;
  int err = dd__store_run(st, STMT_DATA_VERSION, "PRAGMA data_version",
                          "data version", long_row, out, NULL, "");
  return err == DD_OK && *out != -1 ? DD_OK : DD_EIO;
}

/* dd_store_last_change's row: the audit's latest time as a time_t. */
static int time_row(sqlite3_stmt *s, void *arg) {
  const unsigned char *at = sqlite3_column_text(s, 0);
  int y, mo, d, h, mi, sec;
  dd_date day;
  /* Days since the epoch from the calendar module: timegm is not POSIX. */
  if (at != NULL &&
      sscanf((const char *)at, "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi,
             &sec) == 6 &&
      dd_date_from_ymd(y, mo, d, &day) == DD_OK)
    *(time_t *)arg = (time_t)day * 86400 + h * 3600 + mi * 60 + sec;
  return DD_OK;
}

int dd_store_last_change(dd_store *st, time_t *out) {
  *out = 0;
  return dd__store_run(st, STMT_ONCE, "SELECT max(at) FROM audit",
                       "last change", time_row, out, NULL, "") == DD_OK
             ? DD_OK
             : DD_EIO;
}

/* dd_store_feed_states_each's callback, and its row. */
struct feed_state_each {
  dd_feed_state_fn fn;
  void *arg;
  dd_diag *diag;
};

static int feed_state_row(sqlite3_stmt *s, void *arg) {
  struct feed_state_each *e = arg;
  const unsigned char *visit = sqlite3_column_text(s, 0);
  const unsigned char *milestone = sqlite3_column_text(s, 1);
  const unsigned char *published = sqlite3_column_text(s, 2);
  /* The columns are NOT NULL: NULL here is SQLite out of memory. */
  if (visit == NULL || milestone == NULL || published == NULL)
    return dd_diag_set(e->diag, DD_ENOMEM, "out of memory");
  return e->fn((const char *)visit, (const char *)milestone,
               (const char *)published, sqlite3_column_int(s, 3), e->arg);
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
      [DD_SCOPE_INSPECTOR] =
          FEED_STATE_OF("v.inspector_email = ? COLLATE NOCASE"),
      [DD_SCOPE_RIM] = FEED_STATE_OF("v.rim_email = ?"),
      [DD_SCOPE_VISIT] = "SELECT visit_id, milestone, published, sequence "
                         "FROM feed_state WHERE visit_id = ?",
  };
#undef FEED_STATE_OF
  if ((unsigned)kind >= sizeof sql / sizeof sql[0] || sql[kind] == NULL)
    return dd_diag_set(diag, DD_EINVAL, "feed state: not a scope of visits");
  struct feed_state_each e = {fn, arg, diag};
  return dd__store_run(st, STMT_ONCE, sql[kind], "feed state", feed_state_row,
                       &e, diag, kind != DD_SCOPE_ALL ? "t" : "", value);
}
