/* The register's safety: the lock files beside it, online backups and
 * restores through SQLite's backup API, its integrity check, the counts
 * dueday db status prints, and pruning the ledger of finished visits. */
#include "dueday/store.h"

#include "store_internal.h"
#include "util.h"

#include <sqlite3.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pwd.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Pages copied per backup step: small enough that a step is short, large
 * enough that a register of a few MB takes a handful. */
#define BACKUP_PAGES 256
/* How long a backup or restore waits for a lock, in all, before it gives
 * up, and how long between tries. */
#define BUSY_WAIT_MS 10000
#define BUSY_SLEEP_MS 50

/* The user that uid is, by name when it has one. */
static void user_name(uid_t uid, char *buf, size_t size) {
  struct passwd pw, *found = NULL;
  char tmp[4096];
  if (getpwuid_r(uid, &pw, tmp, sizeof tmp, &found) == 0 && found != NULL)
    snprintf(buf, size, "%s (uid %u)", pw.pw_name, (unsigned)uid);
  else
    snprintf(buf, size, "uid %u", (unsigned)uid);
}

int dd_store_lock(dd_store *st, const char *name, bool exclusive, int *fd,
                  dd_diag *diag) {
  *fd = -1;
  char path[4096];
  if (snprintf(path, sizeof path, "%s-%s.lock", dd_store_path(st), name) >=
      (int)sizeof path)
    return dd_diag_set(diag, DD_EIO, "register: lock file path too long");
  int err = dd__store_file_make(path, st->group, diag);
  if (err != DD_OK)
    return err;
  /* flock(2) needs no write access, so a lock file this user may only
   * read still works; a file another user made 0600 cannot be opened at
   * all, and the message says whose it is rather than "Permission
   * denied". */
  int f = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
  if (f < 0 && errno == EACCES)
    f = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (f < 0) {
    int e = errno;
    struct stat sb;
    char owner[160], me[160];
    if (e == EACCES && stat(path, &sb) == 0) {
      user_name(sb.st_uid, owner, sizeof owner);
      user_name(geteuid(), me, sizeof me);
      return dd_diag_set(diag, DD_EIO,
                         "%s belongs to %s, mode %04o, and %s cannot open "
                         "it: run dueday as that user, or remove the file "
                         "(nothing else is kept in it)",
                         path, owner, (unsigned)(sb.st_mode & 07777), me);
    }
    return dd_diag_set(diag, DD_EIO, "%s: %s", path, strerror(e));
  }
  if (flock(f, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0) {
    int e = errno;
    close(f);
    if (e == EWOULDBLOCK)
      return dd_diag_set(diag, DD_ECONFLICT, "%s is held by another process",
                         path);
    return dd_diag_set(diag, DD_EIO, "locking %s: %s", path, strerror(e));
  }
  *fd = f;
  return DD_OK;
}

/* fsync of the directory that holds path, so that a rename in it lasts. */
static int sync_dir(const char *path, dd_diag *diag) {
  char copy[4096];
  snprintf(copy, sizeof copy, "%s", path);
  const char *dir = dirname(copy);
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return dd_diag_set(diag, DD_EIO, "%s: %s", dir, strerror(errno));
  int rc = fsync(fd);
  close(fd);
  return rc == 0 ? DD_OK
                 : dd_diag_set(diag, DD_EIO, "%s: %s", dir, strerror(errno));
}

/* Steps b to the end, waiting on a busy or locked database up to
 * BUSY_WAIT_MS in all. Returns SQLite's last code: SQLITE_DONE when done. */
static int step_all(sqlite3_backup *b, int pages) {
  int rc, waited = 0;
  while ((rc = sqlite3_backup_step(b, pages)) == SQLITE_OK ||
         rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
    if (rc == SQLITE_OK)
      continue;
    if (waited >= BUSY_WAIT_MS)
      break;
    sqlite3_sleep(BUSY_SLEEP_MS);
    waited += BUSY_SLEEP_MS;
  }
  return rc;
}

/* Copies st's register into the new file tmp (made 0600 by the caller). */
static int copy_to(dd_store *st, const char *tmp, dd_diag *diag) {
  sqlite3 *dst = NULL;
  if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                      NULL) != SQLITE_OK) {
    int err = dd_diag_set(diag, DD_EIO, "%s: %s", tmp,
                          dst ? sqlite3_errmsg(dst) : "out of memory");
    sqlite3_close(dst);
    return err;
  }
  /* One read transaction over the whole copy: every step then copies the
   * same snapshot, rather than the backup starting again each time
   * another process commits (sqlite3_backup_step restarts on a change it
   * sees between steps). In WAL mode that holds no writer up. */
  int err = dd__store_exec(st, "BEGIN", diag);
  if (err == DD_OK)
    err = dd__store_exec(st, "SELECT count(*) FROM sqlite_master", diag);
  if (err == DD_OK) {
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", st->db, "main");
    if (b == NULL) {
      err = dd_diag_set(diag, DD_EIO, "%s: %s", tmp, sqlite3_errmsg(dst));
    } else {
      int rc = step_all(b, BACKUP_PAGES);
      sqlite3_backup_finish(b);
      if (rc != SQLITE_DONE)
        err = dd_diag_set(diag, DD_EIO, "copying the register to %s: %s", tmp,
                          sqlite3_errstr(rc));
    }
  }
  if (!sqlite3_get_autocommit(st->db))
    sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
  /* A backup is one file: out of WAL mode, so that it is complete without
   * a -wal beside it and opens read only anywhere. */
  if (err == DD_OK && sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL,
                                   NULL, NULL) != SQLITE_OK)
    err = dd_diag_set(diag, DD_EIO, "%s: %s", tmp, sqlite3_errmsg(dst));
  if (sqlite3_close(dst) != SQLITE_OK && err == DD_OK)
    err = dd_diag_set(diag, DD_EIO, "%s: closing it", tmp);
  return err;
}

int dd_store_backup(dd_store *st, const char *dest, unsigned flags,
                    dd_diag *diag) {
  char tmp[4096 + 8];
  if (snprintf(tmp, sizeof tmp, "%s.tmp", dest) >= (int)sizeof tmp)
    return dd_diag_set(diag, DD_EIO, "%s: path too long", dest);
  struct stat sb;
  if (!(flags & DD_BACKUP_FORCE) && lstat(dest, &sb) == 0)
    return dd_diag_set(diag, DD_ECONFLICT,
                       "%s exists already (--force replaces it)", dest);
  /* A .tmp left by a backup that was killed is ours to replace. */
  if (unlink(tmp) != 0 && errno != ENOENT)
    return dd_diag_set(diag, DD_EIO, "%s: %s", tmp, strerror(errno));
  int fd =
      open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    return dd_diag_set(diag, DD_EIO, "%s: %s", tmp, strerror(errno));
  close(fd);
  int err = copy_to(st, tmp, diag);
  if (err == DD_OK) {
    /* SQLite syncs at commit only as its synchronous setting says: the
     * file's data on disk before its name is. */
    if ((fd = open(tmp, O_RDONLY | O_CLOEXEC)) < 0 || fsync(fd) != 0)
      err = dd_diag_set(diag, DD_EIO, "%s: %s", tmp, strerror(errno));
    if (fd >= 0)
      close(fd);
  }
  if (err == DD_OK && rename(tmp, dest) != 0)
    err = dd_diag_set(diag, DD_EIO, "%s: %s", dest, strerror(errno));
  if (err != DD_OK) {
    unlink(tmp);
    char journal[4096 + 16];
    snprintf(journal, sizeof journal, "%s-journal", tmp);
    unlink(journal);
    return err;
  }
  return sync_dir(dest, diag);
}

int dd_store_integrity(dd_store *st, dd_diag *diag) {
  sqlite3_stmt *s;
  int err = dd__store_prepare(st, "PRAGMA integrity_check", "integrity check",
                              &s, diag);
  if (err != DD_OK)
    return err;
  int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) {
    const char *first = dd__column_borrow(s, 0);
    if (strcmp(first, "ok") != 0)
      err = dd_diag_set(diag, DD_EPARSE, "integrity check: %s", first);
  } else {
    err = dd__store_error(st, diag, "integrity check");
  }
  sqlite3_finalize(s);
  return err;
}

int dd_store_restore_from(dd_store *st, dd_store *src, dd_diag *diag) {
  if (st->read_only)
    return dd_diag_set(diag, DD_EIO, "register: open read only");
  /* The cached statements would hold the old schema's pages. */
  for (int i = 0; i < NSTMTS; i++) {
    sqlite3_finalize(st->stmts[i]);
    st->stmts[i] = NULL;
  }
  sqlite3_backup *b = sqlite3_backup_init(st->db, "main", src->db, "main");
  if (b == NULL)
    return dd_diag_set(diag, DD_EIO, "register: restoring: %s",
                       sqlite3_errmsg(st->db));
  /* All pages in one step: the register's write lock is held from the
   * first page to the last, so no reader sees half of each. */
  int rc = step_all(b, -1);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE)
    return dd_diag_set(diag, DD_EIO, "register: restoring: %s",
                       sqlite3_errstr(rc));
  return DD_OK;
}

/* A row's first column as a long. */
static int long_row(sqlite3_stmt *s, void *arg) {
  *(long *)arg = (long)sqlite3_column_int64(s, 0);
  return DD_OK;
}

/* A row's first column as text into a char[32]. */
static int text_row(sqlite3_stmt *s, void *arg) {
  snprintf(arg, 32, "%s", dd__column_borrow(s, 0));
  return DD_OK;
}

/* Runs the count query sql into *out when table is in the schema; -1
 * when it is not (an older schema). */
static int count_if(dd_store *st, const char *table, const char *sql, long *out,
                    dd_diag *diag) {
  long n = 0;
  *out = -1;
  int err = dd__store_run(st, STMT_ONCE,
                          "SELECT count(*) FROM sqlite_master WHERE type = "
                          "'table' AND name = ?",
                          "status", long_row, &n, diag, "t", table);
  if (err != DD_OK || n == 0)
    return err;
  return dd__store_run(st, STMT_ONCE, sql, table, long_row, out, diag, "");
}

int dd_store_status_read(dd_store *st, dd_store_status *out, dd_diag *diag) {
  memset(out, 0, sizeof *out);
  const char *path = dd_store_path(st);
  struct stat sb;
  char wal[4096 + 8];
  if (stat(path, &sb) != 0)
    return dd_diag_set(diag, DD_EIO, "%s: %s", path, strerror(errno));
  out->size = (long long)sb.st_size;
  out->mode = (unsigned)(sb.st_mode & 07777);
  time_t mtime = sb.st_mtime;
  snprintf(wal, sizeof wal, "%s-wal", path);
  if (stat(wal, &sb) == 0) {
    out->wal_size = (long long)sb.st_size;
    out->size += out->wal_size;
    if (sb.st_mtime > mtime)
      mtime = sb.st_mtime;
  }
  static const struct {
    const char *table, *sql;
    size_t offset;
  } counts[] = {
      {"visits", "SELECT count(*) FROM visits",
       offsetof(dd_store_status, visits)},
      {"events", "SELECT count(*) FROM events",
       offsetof(dd_store_status, events)},
      {"subscribers", "SELECT count(*) FROM subscribers",
       offsetof(dd_store_status, subscribers)},
      {"users", "SELECT count(*) FROM users", offsetof(dd_store_status, users)},
      {"audit", "SELECT count(*) FROM audit", offsetof(dd_store_status, audit)},
      {"reminders", "SELECT count(*) FROM reminders",
       offsetof(dd_store_status, ledger)},
      {"reminders", "SELECT count(*) FROM reminders WHERE state = 'pending'",
       offsetof(dd_store_status, outbox_pending)},
      {"reminders", "SELECT count(*) FROM reminders WHERE state = 'failed'",
       offsetof(dd_store_status, outbox_failed)},
      {"feed_state", "SELECT count(*) FROM feed_state",
       offsetof(dd_store_status, feed_state)},
  };
  int err = DD_OK;
  for (size_t i = 0; i < sizeof counts / sizeof counts[0] && err == DD_OK; i++)
    err = count_if(st, counts[i].table, counts[i].sql,
                   (long *)((char *)out + counts[i].offset), diag);
  if (err == DD_OK && out->audit > 0)
    err = dd__store_run(st, STMT_ONCE, "SELECT max(at) FROM audit", "status",
                        text_row, out->last_write, diag, "");
  out->last_write_from_audit = out->last_write[0] != '\0';
  if (err == DD_OK && !out->last_write_from_audit) {
    struct tm tm;
    gmtime_r(&mtime, &tm);
    strftime(out->last_write, sizeof out->last_write, "%Y-%m-%dT%H:%M:%SZ",
             &tm);
  }
  return err;
}

/* The visits dd_store_prune prunes: finished, and nothing of theirs the
 * ledger or a feed holds falls on or after ?1. Finished is cancelled (the
 * planner cancels every milestone), or completed with its report's
 * publication recorded: a completed visit whose publication is not
 * recorded still has a milestone the reminder pass plans, and its ledger
 * rows are what stop the same reminder going out again. A
 * feed-state row's published text is "START/END/TIME[/cancelled]"
 * (feed.c), so its END is characters 12 to 21; a ledger row's due is a
 * date or a date and time. A visit with nothing left to prune is not
 * counted again. */
#define PRUNABLE                                                               \
  "SELECT id FROM visits v WHERE (status = 'cancelled' OR "                    \
  "  (status = 'completed' AND EXISTS (SELECT 1 FROM events e "                \
  "   WHERE e.visit_id = v.id AND e.what = 'publication'))) "                  \
  "AND start < ?1 "                                                            \
  "AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.visit_id = v.id "         \
  "  AND substr(r.due, 1, 10) >= ?1) "                                         \
  "AND NOT EXISTS (SELECT 1 FROM reminder_marks m WHERE m.visit_id = v.id "    \
  "  AND substr(m.due, 1, 10) >= ?1) "                                         \
  "AND NOT EXISTS (SELECT 1 FROM feed_state f WHERE f.visit_id = v.id "        \
  "  AND substr(f.published, 12, 10) >= ?1) "                                  \
  "AND (EXISTS (SELECT 1 FROM reminders r WHERE r.visit_id = v.id) "           \
  "  OR EXISTS (SELECT 1 FROM reminder_marks m WHERE m.visit_id = v.id) "      \
  "  OR EXISTS (SELECT 1 FROM feed_state f WHERE f.visit_id = v.id))"

int dd_store_prune(dd_store *st, dd_date before, const char *actor,
                   bool dry_run, dd_store_pruned *out, dd_diag *diag) {
  memset(out, 0, sizeof *out);
  int err = dd_store_begin(st, diag);
  if (err != DD_OK)
    return err;
  /* The visits are decided once, before anything goes (removing a
   * visit's ledger rows must not change whether it is prunable for the
   * next table), into a temporary table; then each table's rows of them
   * are counted and removed, inside the one transaction. */
  err = dd__store_exec(st,
                       "CREATE TEMP TABLE IF NOT EXISTS prune_visits "
                       "(id TEXT PRIMARY KEY); DELETE FROM prune_visits",
                       diag);
  if (err == DD_OK)
    err = dd__store_run(st, STMT_ONCE, "INSERT INTO prune_visits " PRUNABLE,
                        "prune", NULL, NULL, diag, "d", before);
  if (err == DD_OK)
    err = dd__store_run(st, STMT_ONCE, "SELECT count(*) FROM prune_visits",
                        "prune", long_row, &out->visits, diag, "");
  static const char *const tables[] = {"reminders", "reminder_marks",
                                       "feed_state"};
  long *const counts[] = {&out->ledger, &out->marks, &out->feed_state};
  for (size_t i = 0; i < 3 && err == DD_OK; i++) {
    char count[160], remove[160];
    snprintf(count, sizeof count,
             "SELECT count(*) FROM %s WHERE visit_id IN "
             "(SELECT id FROM prune_visits)",
             tables[i]);
    snprintf(remove, sizeof remove,
             "DELETE FROM %s WHERE visit_id IN (SELECT id FROM prune_visits)",
             tables[i]);
    err = dd__store_run(st, STMT_ONCE, count, "prune", long_row, counts[i],
                        diag, "");
    if (err == DD_OK)
      err = dd__store_run(st, STMT_ONCE, remove, "prune", NULL, NULL, diag, "");
  }
  if (err == DD_OK) {
    char detail[256], d[DD_DATE_BUFSIZE];
    snprintf(detail, sizeof detail,
             "before %s: %ld visit(s); %ld reminder-ledger row(s), %ld "
             "mark(s), %ld feed-state row(s) removed",
             dd_date_format(before, d), out->visits, out->ledger, out->marks,
             out->feed_state);
    err = dd__store_audit(st, actor, NULL, "prune", detail, diag);
  }
  dd__store_exec(st, "DROP TABLE IF EXISTS temp.prune_visits", NULL);
  if (err != DD_OK || dry_run) {
    dd_store_rollback(st);
    return err;
  }
  if ((err = dd_store_commit(st, diag)) != DD_OK)
    dd_store_rollback(st);
  return err;
}
