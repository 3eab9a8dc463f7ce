/* What the register's modules share behind the public dueday/store.h: the
 * connection, its cached statements and the SQLite helpers. Only the
 * register's modules (store.c, ledger.c, users.c, session.c) include it, so
 * SQLite stays out of every other module. */
#ifndef DUEDAY_SRC_STORE_INTERNAL_H
#define DUEDAY_SRC_STORE_INTERNAL_H

#include "dueday/date.h"
#include "dueday/error.h"
#include "dueday/store.h"
#include "store_write.h"

#include <sqlite3.h>

#include <stdbool.h>
#include <stddef.h>

/* The statements run once per row or per request, prepared once per store:
 * preparing them again for every row was half of an import's time
 * (bench/run.sh, 100,000 visits). STMT_ONCE: a statement prepared for one
 * run and finalized after it. */
enum {
  STMT_ONCE = -1,
  STMT_AUDIT,
  STMT_ADD_VISIT,
  STMT_ADD_EVENT,
  STMT_FEED_GET,
  STMT_FEED_PUT,
  STMT_DATA_VERSION,
  STMT_LEDGER_GET,
  STMT_LEDGER_PUT,
  STMT_LEDGER_SENT,
  STMT_LEDGER_CLOSE_ONE,
  STMT_LEDGER_CLOSE_ALL,
  STMT_LEDGER_MARK,
  STMT_LEDGER_UNMARK,
  STMT_LEDGER_RETRY,
  STMT_LEDGER_FAILED,
  STMT_SUBSCRIBER_SEEN,
  STMT_VISIT_PEEK,
  NSTMTS
};

struct dd_store {
  sqlite3 *db;
  sqlite3_stmt *stmts[NSTMTS];
  int ext;        /* the extended code of the last dd__store_run's failure */
  bool read_only; /* opened read only: nothing is written */
  int found;      /* the schema version found on opening, before migrating */
  char *group;    /* register.group, for the files made beside it; or NULL */
};

/* Called by dd__store_run for each row of a result: DD_OK for the next
 * row, anything else stops the run and is returned as it is (callers'
 * callbacks return what they like). The row's text is valid until it
 * returns. */
typedef int dd__row_fn(sqlite3_stmt *s, void *arg);

/* The one statement runner. Prepares sql (the store's cached statement
 * which, or, with STMT_ONCE, a statement for this run only), binds the
 * values that the letters of binds name, from parameter 1 on:
 *   t  text (const char *); NULL binds ""
 *   o  text (const char *); NULL binds SQL NULL
 *   p  text of a given length (const char *, int)
 *   d  a date (dd_date), as ISO text
 *   i  an int
 *   l  a long
 * (binding a parameter the statement lacks is a harmless SQLITE_RANGE),
 * then steps it to the end, calling row (when not NULL) for each row, and
 * readies a cached statement for its next use. Returns DD_OK; row's
 * non-zero return; or, when SQLite fails, dd__store_error's code
 * with diag set to "register: what: ..." and st->ext set. sqlite3_changes
 * and sqlite3_last_insert_rowid tell of the run afterwards. */
int dd__store_run(dd_store *st, int which, const char *sql, const char *what,
                  dd__row_fn *row, void *arg, dd_diag *diag, const char *binds,
                  ...);
/* Prepares sql for a run the caller steps itself (dd_store_visits_each
 * steps two at once), with dd__store_run's errors; the caller finalizes. */
int dd__store_prepare(dd_store *st, const char *sql, const char *what,
                      sqlite3_stmt **out, dd_diag *diag);
/* Sets diag from the connection's last error: DD_ECONFLICT for a broken
 * constraint, DD_EIO otherwise. */
int dd__store_error(dd_store *st, dd_diag *diag, const char *what);
/* Runs SQL text of one or more statements without parameters. */
int dd__store_exec(dd_store *st, const char *sql, dd_diag *diag);

/* Writes an audit row: now, actor, the visit it is about (NULL for none),
 * action and detail. */
int dd__store_audit(dd_store *st, const char *actor, const char *visit_id,
                    const char *action, const char *detail, dd_diag *diag);

/* Makes path, when missing, as the register's files are made: mode 0600,
 * or 0640 and given to group when group is not NULL; then (made or not)
 * gives group the -wal and -shm files beside it that this user owns, as
 * SQLite makes them with the register's mode but the maker's group.
 * Returns DD_OK; DD_EIO naming the file, or the group when there is no
 * such group. In store.c. */
int dd__store_file_make(const char *path, const char *group, dd_diag *diag);
/* Looks group up into *gid. Returns DD_OK; DD_EIO "register.group
 * \"name\": no such group". */
int dd__store_group_id(const char *group, unsigned *gid, dd_diag *diag);

/* A column as a new string ("" for NULL); NULL when out of memory. */
char *dd__column_text(sqlite3_stmt *s, int i);
/* A column's text, borrowed until the statement steps again; "" for NULL. */
const char *dd__column_borrow(sqlite3_stmt *s, int i);
/* Now, UTC, as 2020-10-01T08:00:00Z. */
void dd__now_text(char *buf, size_t size);

#endif
