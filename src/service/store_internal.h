/* What the register's modules share behind the public dueday/store.h: the
 * connection, its cached statements and the SQLite helpers. Only store.c
 * and ledger.c include it, so SQLite stays out of every other module. */
#ifndef DUEDAY_SRC_STORE_INTERNAL_H
#define DUEDAY_SRC_STORE_INTERNAL_H

#include "dueday/date.h"
#include "dueday/error.h"
#include "dueday/store.h"

#include <sqlite3.h>

#include <stddef.h>

/* The statements run once per row or per request, prepared once per store:
 * preparing them again for every row was half of an import's time
 * (bench/run.sh, 100,000 visits). */
enum {
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
  NSTMTS
};

struct dd_store {
  sqlite3 *db;
  sqlite3_stmt *stmts[NSTMTS];
};

/* The cached statement which for sql, prepared on first use; NULL on
 * failure. */
sqlite3_stmt *dd__store_stmt(dd_store *st, int which, const char *sql);
/* Steps s once and readies it for the next use; returns the step's code and
 * the extended error code through *ext (read before the reset). */
int dd__store_step(dd_store *st, sqlite3_stmt *s, int *ext);
/* Sets diag from the connection's last error: DD_ECONFLICT for a broken
 * constraint, DD_EIO otherwise. */
int dd__store_error(dd_store *st, dd_diag *diag, const char *what);
int dd__store_exec(dd_store *st, const char *sql, dd_diag *diag);

void dd__bind_text(sqlite3_stmt *s, int i, const char *text);
void dd__bind_date(sqlite3_stmt *s, int i, dd_date d);
/* A column as a new string ("" for NULL); NULL when out of memory. */
char *dd__column_text(sqlite3_stmt *s, int i);
/* Now, UTC, as 2020-10-01T08:00:00Z. */
void dd__now_text(char *buf, size_t size);

#endif
