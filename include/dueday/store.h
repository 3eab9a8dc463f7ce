/* The register: visits, what actually happened (events) and an audit log,
 * in an embedded SQLite database. Every write happens inside a transaction
 * the caller opens, so a command's writes land together or not at all. */
#ifndef DUEDAY_STORE_H
#define DUEDAY_STORE_H

#include "dueday/api.h"
#include "dueday/date.h"
#include "dueday/error.h"
#include "dueday/scope.h"
#include "dueday/visit.h"

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

DD_BEGIN_DECLS

/* An open register (opaque): made by dd_store_open. One connection: use it
 * from one thread at a time, and open one per thread. */
typedef struct dd_store dd_store;

/* How dd_store_open opens a register. Only a command that adds to the
 * register (a visit added or imported, "dueday db init") creates one: any
 * other finds a mistyped path missing rather than an empty register that
 * answers "nothing falls due". */
typedef enum dd_store_mode {
  /* An existing register, read only: nothing is written, not even a
   * schema migration, so that a read works on a read-only file, directory
   * or disk. A register whose schema is older than this dueday's is
   * refused, as every mode but DD_STORE_INSPECT and DD_STORE_MIGRATE
   * refuses it: "register PATH: schema version 5 is older than this
   * dueday's 7; run `dueday db migrate` (it keeps a backup first)". */
  DD_STORE_READ,
  /* An existing register, read and written. A schema is never migrated
   * on the way (only dd_store_migrate does that, after a backup). */
  DD_STORE_WRITE,
  /* As DD_STORE_WRITE, creating the register when the file is missing (or
   * empty), at the latest schema version. */
  DD_STORE_CREATE,
  /* As DD_STORE_WRITE when the register can be written, else as
   * DD_STORE_READ (a read-only file or directory): for a feed, which
   * keeps its feed state when it can and is served either way. */
  DD_STORE_WRITE_IF_CAN,
  /* A copy in memory of an existing register, read as DD_STORE_READ
   * reads it: writes change the copy only and are lost when it is
   * closed. For a dry run, which plans in transactions it rolls back. */
  DD_STORE_COPY,
  /* An existing register, read only, whatever its schema (older ones
   * too, not brought up to date): for dueday db status and a register
   * about to be restored from, which only look. */
  DD_STORE_INSPECT,
  /* An existing register, read and written, whatever its schema, which
   * is not brought up to date here: for dueday db migrate, which backs it
   * up (dd_store_backup) and then calls dd_store_migrate, and db restore.
   * Nothing else may be asked of it before dd_store_migrate. */
  DD_STORE_MIGRATE
} dd_store_mode;

/* Opens the register at path in mode (see dd_store_mode), in WAL mode.
 * Returns DD_OK with *out owned by the caller (close with dd_store_close);
 * DD_ENOTFOUND ("no register at PATH") when the file is missing, or is an
 * empty file, and mode does not create; DD_EIO with the reason in diag
 * when the file cannot be opened or written as mode needs, is not a
 * register, is newer than this dueday, or older (see DD_STORE_READ); DD_ENOMEM.
 * On failure *out is NULL. A read-only open of a register in a directory
 * where SQLite cannot make its WAL index (a read-only directory) reads the
 * file as immutable: a snapshot, which does not see later changes. */
DD_API int dd_store_open(const char *path, dd_store_mode mode, dd_store **out,
                         dd_diag *diag);
/* How dd_store_open_with makes the register's files. */
typedef struct dd_store_options {
  /* The group that may read the register (register.group), or NULL: the
   * register, its -wal and -shm files and the lock files beside it are
   * made 0640 and given to this group, else 0600. */
  const char *group;
} dd_store_options;

/* As dd_store_open, with the files made as opt says (NULL: as
 * dd_store_open makes them, 0600). A group that does not exist, or that
 * the file cannot be given to, is DD_EIO naming it. */
DD_API int dd_store_open_with(const char *path, dd_store_mode mode,
                              const dd_store_options *opt, dd_store **out,
                              dd_diag *diag);
/* Brings the schema of st (opened DD_STORE_MIGRATE) up to date in one
 * transaction. Returns DD_OK (dd_store_schema_found then tells the
 * version it was at); DD_EIO with the reason in diag, nothing changed. */
DD_API int dd_store_migrate(dd_store *st, dd_diag *diag);

/* Whether st was opened, or fell back to, read only (DD_STORE_READ, or
 * DD_STORE_WRITE_IF_CAN on a register it could not write). */
DD_API bool dd_store_read_only(dd_store *st);
/* The schema version this dueday writes, for a program that wants to say
 * so without opening a register (dueday --version); equal to
 * dd_store_schema_latest(). */
#define DD_STORE_SCHEMA_VERSION 10

/* The schema version this dueday writes: what dd_store_schema_version
 * answers once a register is open for writing. */
DD_API int dd_store_schema_latest(void);
/* The schema version the register was at when dd_store_open found it: 0
 * when the open created it; less than dd_store_schema_latest for a
 * register opened DD_STORE_INSPECT or DD_STORE_MIGRATE (also after
 * dd_store_migrate, which tells the version it migrated from). */
DD_API int dd_store_schema_found(dd_store *st);
/* Closes the database, rolling back a transaction left open, and frees st,
 * and so everything borrowed from it; NULL does nothing. */
DD_API void dd_store_close(dd_store *st);
/* The database file's full path ("" for a database in memory); borrowed
 * from st. */
DD_API const char *dd_store_path(dd_store *st);
/* The schema version the database is at (PRAGMA user_version), or -1 when
 * it cannot be read. */
DD_API int dd_store_schema_version(dd_store *st);

/* Opens a write transaction (BEGIN IMMEDIATE: concurrent writers wait their
 * turn, up to 10 seconds, rather than fail half-way). Returns DD_OK; DD_EIO
 * with the reason in diag (still busy after the wait, a transaction is
 * open already, or st is read only). */
DD_API int dd_store_begin(dd_store *st, dd_diag *diag);
/* Commits the transaction dd_store_begin opened. Returns DD_OK; DD_EIO with
 * the reason in diag, after which the caller calls dd_store_rollback. */
DD_API int dd_store_commit(dd_store *st, dd_diag *diag);
/* Rolls back the open transaction, if there is one: safe after any
 * failure. */
DD_API void dd_store_rollback(dd_store *st);

/* Adds a visit (v's strings are copied) and writes "add" with actor to the
 * audit log. Returns DD_OK; DD_ECONFLICT when the id exists; DD_EIO with
 * the reason in diag. */
DD_API int dd_store_visit_add(dd_store *st, const dd_visit *v,
                              const char *actor, dd_diag *diag);
/* Replaces the stored visit v->id (start, days, status, concerns, names)
 * with v's values, copied; action and detail ("extend", "days 2 -> 3") go
 * to the audit log with actor. Returns DD_OK; DD_ENOTFOUND when there is no
 * such visit; DD_EIO with the reason in diag. */
DD_API int dd_store_visit_update(dd_store *st, const dd_visit *v,
                                 const char *actor, const char *action,
                                 const char *detail, dd_diag *diag);
/* Loads visit id into *v and, when events is not NULL, its events in the
 * order recorded into *events (*nevents of them); the caller frees them
 * with dd_visit_clear and dd_recorded_list_free. Returns DD_OK;
 * DD_ENOTFOUND when there is no such visit, or it is deleted (diag says
 * since when); DD_EIO or DD_EPARSE (a
 * malformed row) with the reason in diag; DD_ENOMEM. On failure nothing
 * needs freeing. */
DD_API int dd_store_visit_get(dd_store *st, const char *id, dd_visit *v,
                              dd_recorded **events, size_t *nevents,
                              dd_diag *diag);

/* Calls fn with visit id and arg, the visit borrowed for the call only
 * (nothing is copied or allocated): for a check of a few fields, such as
 * a scope's, that should cost about the same whether the visit exists or
 * not. Returns fn's value; DD_ENOTFOUND when there is no such visit (fn is
 * not called); DD_EIO or DD_EPARSE (a malformed row) with the reason in
 * diag. */
DD_API int dd_store_visit_peek(dd_store *st, const char *id,
                               int (*fn)(const dd_visit *, void *), void *arg,
                               dd_diag *diag);
/* Records ev (copied) against visit_id and writes "record" with actor to
 * the audit log. Returns DD_OK; DD_ENOTFOUND when there is no such visit;
 * DD_EIO with the reason in diag. */
DD_API int dd_store_event_add(dd_store *st, const char *visit_id,
                              const dd_recorded *ev, const char *actor,
                              dd_diag *diag);

/* What dd_store_visits_each calls for each visit, with its events in the
 * order recorded and the caller's arg. Everything passed is borrowed for
 * the call only. A non-zero return stops the walk. */
typedef int (*dd_visit_fn)(const dd_visit *v, const dd_recorded *events,
                           size_t nevents, void *arg);
/* Calls fn for every visit not deleted, ordered by id, or only for those
 * of region when region is not NULL. Returns DD_OK after the last; the first
 * non-zero value fn returns; DD_EIO, DD_EPARSE (a malformed row) or DD_ENOMEM
 * with the reason in diag. */
DD_API int dd_store_visits_each(dd_store *st, const char *region,
                                dd_visit_fn fn, void *arg, dd_diag *diag);

/* For dd_store_visits_walk: deleted visits too (as the register keeps
 * them: status cancelled), for a feed that publishes their events as
 * cancelled. */
#define DD_STORE_WITH_DELETED 1u

/* dd_store_visits_each, with flags (DD_STORE_WITH_DELETED, or 0 for
 * what dd_store_visits_each calls fn for: the visits not deleted). */
DD_API int dd_store_visits_walk(dd_store *st, const char *region,
                                unsigned flags, dd_visit_fn fn, void *arg,
                                dd_diag *diag);

/* Deletes visit id as actor: the visit, its events and its audit rows are
 * kept, its status becomes cancelled and it is marked deleted now, so
 * that it is gone from dd_store_visits_each (lists, agendas, reminders),
 * dd_store_visit_get and dd_store_visit_peek (which then answer
 * DD_ENOTFOUND, "visit ID was deleted from the register on DATE by
 * ACTOR"), while a feed (dd_store_visits_walk with DD_STORE_WITH_DELETED)
 * still sees it, cancelled. Writes "delete" to the audit log with the
 * status it had. Returns DD_OK; DD_ENOTFOUND when there is no such visit,
 * or it is deleted already; DD_EIO with the reason in diag. */
DD_API int dd_store_visit_delete(dd_store *st, const char *id,
                                 const char *actor, dd_diag *diag);

/* When and by whom a visit was deleted. */
typedef struct dd_visit_deletion {
  char at[32];  /* "YYYY-MM-DDTHH:MM:SSZ" (UTC) */
  char by[128]; /* the actor, cut to fit */
} dd_visit_deletion;

/* Whether visit id is deleted: DD_OK with *out filled; DD_ENOTFOUND when
 * it is not (there is no such visit, or it is not deleted), with *out
 * emptied; DD_EIO with the reason in diag. */
DD_API int dd_store_visit_deleted(dd_store *st, const char *id,
                                  dd_visit_deletion *out, dd_diag *diag);

/* Calls fn with arg for each distinct non-empty value the visits not
 * deleted have of the field kind names (DD_SCOPE_REGION: regions,
 * _INSPECTOR, _RIM: e-mail addresses, _VISIT: ids), in order; the value
 * is borrowed for the call only, and a non-zero return stops the walk.
 * For "did you mean": what the register knows. Returns DD_OK after the
 * last; the first non-zero value fn returns; DD_EINVAL for another kind;
 * DD_EIO with the reason in diag. */
DD_API int dd_store_values_each(dd_store *st, dd_scope_kind kind,
                                int (*fn)(const char *, void *), void *arg,
                                dd_diag *diag);

/* A subscriber to a private feed link. */
typedef struct dd_subscriber {
  long id;
  char *name, *email, *scope; /* owned; free with dd_subscriber_clear */
  char created[32];
  bool revoked;
  /* When its feed was last asked for, "YYYY-MM-DDTHH:MM:SSZ" (UTC), to
   * within a minute (see dd_store_subscribers_seen); "" never. */
  char last_fetch[32];
  /* The User-Agent of that request, cut to at most 120 bytes of UTF-8
   * text; "" none. */
  char last_client[128];
  /* How many days back its feed reaches; 0: the configuration's
   * (feeds.horizon_days). */
  int horizon_days;
} dd_subscriber;
/* Frees s's strings, not s itself (the caller's), and sets them to NULL;
 * NULL does nothing. */
DD_API void dd_subscriber_clear(dd_subscriber *s);

/* Adds a subscriber whose token has the hex SHA-256 token_sha256 (the token
 * itself is never stored; every string is copied) and writes "subscribe"
 * with actor to the audit log. Returns DD_OK with *id set to its number;
 * DD_ECONFLICT when a subscriber has that hash already; DD_EIO with the
 * reason in diag. */
DD_API int dd_store_subscriber_add(dd_store *st, const char *name,
                                   const char *email, const char *scope,
                                   const char *token_sha256, const char *actor,
                                   long *id, dd_diag *diag);
/* The live (not revoked) subscriber whose token hashes to token_sha256,
 * compared in constant time, into *out (free with dd_subscriber_clear).
 * Returns DD_OK; DD_ENOTFOUND when there is none; DD_EIO or DD_ENOMEM with
 * the reason in diag. On failure nothing needs freeing. */
DD_API int dd_store_subscriber_find(dd_store *st, const char *token_sha256,
                                    dd_subscriber *out, dd_diag *diag);
/* Sets how many days back subscriber id's feed reaches: days >= 1, or 0
 * for the configuration's horizon. Not audited on its own: call it in the
 * transaction that adds the subscriber. Returns DD_OK; DD_EINVAL for
 * days < 0; DD_ENOTFOUND for no such subscriber; DD_EIO. */
DD_API int dd_store_subscriber_set_horizon(dd_store *st, long id, int days,
                                           dd_diag *diag);
/* Revokes subscriber id and writes "revoke" with actor to the audit log.
 * Returns DD_OK; DD_ENOTFOUND when there is no such subscriber, or it is
 * revoked already; DD_EIO with the reason in diag. */
DD_API int dd_store_subscriber_revoke(dd_store *st, long id, const char *actor,
                                      dd_diag *diag);
/* A feed's fetch, for dd_store_subscribers_seen. */
typedef struct dd_subscriber_fetch {
  long id;            /* the subscriber */
  time_t at;          /* when (Unix time) */
  const char *client; /* its User-Agent; NULL for none */
} dd_subscriber_fetch;

/* Records the n fetches in one transaction of its own: each subscriber's
 * last fetch time and client (cut to fit dd_subscriber's last_client,
 * with anything that is not UTF-8 text replaced by '?'). A fetch of a
 * subscriber that is not there is skipped. Not audited (a fetch is not a
 * change). It does not wait for a register another process is writing:
 * the feed server calls it while serving, so a busy register answers
 * DD_EIO at once, nothing written. Returns DD_OK; DD_EIO with the reason
 * in diag. */
DD_API int dd_store_subscribers_seen(dd_store *st,
                                     const dd_subscriber_fetch *fetches,
                                     size_t n, dd_diag *diag);
/* Calls fn with arg for every subscriber, revoked ones too, ordered by id;
 * the subscriber is borrowed for the call only, and a non-zero return
 * stops the walk. Returns DD_OK after the last; the first non-zero value fn
 * returns; DD_EIO or DD_ENOMEM with the reason in diag. */
DD_API int dd_store_subscribers_each(dd_store *st,
                                     int (*fn)(const dd_subscriber *, void *),
                                     void *arg, dd_diag *diag);

/* A row of the audit log: who did what, when. */
typedef struct dd_audit_entry {
  long id;
  const char *at;       /* "YYYY-MM-DDTHH:MM:SSZ" (UTC) */
  const char *actor;    /* an e-mail address, or a login name */
  const char *action;   /* "add", "record", "undo", "defer", ... */
  const char *detail;   /* "draft-sent on 2020-10-21; moved: ..." */
  const char *visit_id; /* the visit it is about; "" none */
} dd_audit_entry;

/* Calls fn with arg for every audit row about visit_id, newest first; the
 * entry is borrowed for the call only, and a non-zero return stops the
 * walk. Returns DD_OK after the last; the first non-zero value fn returns;
 * DD_EIO or DD_ENOMEM with the reason in diag. */
DD_API int dd_store_audit_each(dd_store *st, const char *visit_id,
                               int (*fn)(const dd_audit_entry *, void *),
                               void *arg, dd_diag *diag);

/* Which audit rows dd_store_audit_query reads: each field NULL or "" for
 * any. Compared exactly, except actor, without regard to case. */
typedef struct dd_audit_filter {
  const char *visit_id;
  const char *actor;
  const char *action; /* "record", "user add", ... */
  /* Rows written on or after from and on or before to (UTC days). */
  dd_date from, to; /* 0: no bound */
} dd_audit_filter;

/* Calls fn with arg for the audit rows that f lets through (NULL: all),
 * newest first, skipping the first offset of them and stopping after
 * limit (0: no limit); the entry is borrowed for the call only, and a
 * non-zero return stops the walk. Returns DD_OK after the last; the first
 * non-zero value fn returns; DD_EIO or DD_ENOMEM with the reason in
 * diag. */
DD_API int dd_store_audit_query(dd_store *st, const dd_audit_filter *f,
                                size_t offset, size_t limit,
                                int (*fn)(const dd_audit_entry *, void *),
                                void *arg, dd_diag *diag);

/* Removes the latest record of what (a milestone id or event) against
 * visit_id and writes "undo" with actor and detail (when not NULL, else
 * what was removed: "draft-sent on 2020-10-21") to the audit log.
 * Returns DD_OK, with *removed (when not NULL) filled with the record that
 * went (free with dd_recorded_clear); DD_ENOTFOUND when the visit has no
 * such record; DD_EIO with the reason in diag. */
DD_API int dd_store_event_undo(dd_store *st, const char *visit_id,
                               const char *what, const char *actor,
                               const char *detail, dd_recorded *removed,
                               dd_diag *diag);

/* A number that changes whenever another connection commits a change to
 * the register (PRAGMA data_version): what a cache keys on. Returns DD_OK
 * with *out set; DD_EIO. */
DD_API int dd_store_data_version(dd_store *st, long *out);

/* When the register last changed (the newest audit row), or 0 when it
 * never has, into *out: a feed's Last-Modified. Returns DD_OK; DD_EIO, with
 * *out 0. */
DD_API int dd_store_last_change(dd_store *st, time_t *out);

/* Counts the audit rows about visit_id (all rows when NULL) into *out.
 * Returns DD_OK; DD_EIO with the reason in diag. */
DD_API int dd_store_audit_count(dd_store *st, const char *visit_id, int *out,
                                dd_diag *diag);

/* A lock on the file "<register>-<name>.lock" beside st's register
 * (made as the register's files are, when missing): "notify" is held
 * exclusive by a reminder pass, "serve" shared by the feed server for as
 * long as it runs; dueday db restore takes both exclusive. A lock, not
 * the register's own, since closing any descriptor of the database file
 * would drop SQLite's locks; released when fd is closed or the process
 * ends, however it ends. Never waits. Returns DD_OK with *fd the
 * descriptor (the caller closes it); DD_ECONFLICT when another process
 * holds it ("... is held by another process"); DD_EIO when the file
 * cannot be opened, the message naming it and, when it is someone
 * else's, its owner. On failure *fd is -1. */
DD_API int dd_store_lock(dd_store *st, const char *name, bool exclusive,
                         int *fd, dd_diag *diag);

/* dd_store_backup's flags. */
enum {
  DD_BACKUP_FORCE = 1 << 0 /* replace a file at the destination */
};

/* Copies st's register to dest through SQLite's online backup API: a
 * consistent snapshot (one read transaction) while other processes go on
 * writing, since in WAL mode a reader holds no writer up. Written to
 * "dest.tmp" (mode 0600), synced, then renamed to dest and the directory
 * synced: dest is never half written. Returns DD_OK; DD_ECONFLICT when
 * dest exists and flags lacks DD_BACKUP_FORCE; DD_EIO with the reason
 * (naming the file) in diag, dest untouched and the .tmp removed. */
DD_API int dd_store_backup(dd_store *st, const char *dest, unsigned flags,
                           dd_diag *diag);

/* Runs PRAGMA integrity_check on st. Returns DD_OK; DD_EPARSE with the
 * first problem SQLite names in diag; DD_EIO. */
DD_API int dd_store_integrity(dd_store *st, dd_diag *diag);

/* Replaces the register st holds (opened DD_STORE_MIGRATE) with the
 * register src holds, page by page through the backup API, in one write
 * transaction: other connections see the old register or the new one.
 * The caller has checked src and holds the locks (dd_store_lock). Waits
 * for other writers up to 10 seconds. Returns DD_OK; DD_EIO with the
 * reason in diag, st's register unchanged. */
DD_API int dd_store_restore_from(dd_store *st, dd_store *src, dd_diag *diag);

/* What dd_store_status counts: -1 where the register's schema has no
 * such table yet. */
typedef struct dd_store_status {
  long long size;     /* bytes: the file and its WAL */
  long long wal_size; /* bytes of the WAL alone */
  unsigned mode;      /* the file's permission bits (0600) */
  long visits, events, subscribers, users, audit;
  long ledger;                /* reminder-ledger rows, any state */
  long outbox_pending;        /* ledger rows still to be sent */
  long outbox_failed;         /* ledger rows that failed for good */
  long feed_state;            /* rows of what feeds published */
  char last_write[32];        /* "YYYY-MM-DDTHH:MM:SSZ" (UTC) */
  bool last_write_from_audit; /* else the file's modification time */
} dd_store_status;

/* Fills *out for st, which may be at an older schema (DD_STORE_INSPECT).
 * Returns DD_OK; DD_EIO with the reason in diag. */
DD_API int dd_store_status_read(dd_store *st, dd_store_status *out,
                                dd_diag *diag);

/* What dd_store_prune removed, or would remove. */
typedef struct dd_store_pruned {
  long visits;     /* visits whose rows went */
  long ledger;     /* reminder-ledger rows (and their marks) */
  long marks;      /* reminder_marks rows */
  long feed_state; /* feed-state rows */
} dd_store_pruned;

/* Removes the reminder-ledger rows (reminders, reminder_marks) and feed
 * state of the visits finished before before: cancelled, or completed
 * with the "publication" milestone recorded (else the reminder pass still
 * plans one of its milestones, and the ledger is what stops a reminder
 * being sent twice), starting before before, and none of whose ledger
 * rows nor published feed state falls on or after before. The visits, their
 * events and the audit log are kept. In one transaction of its own, with one
 * audit row ("prune", the counts) written by actor; with dry_run, counted and
 * rolled back. Returns DD_OK with *out filled; DD_EIO with the reason in diag,
 * nothing removed. */
DD_API int dd_store_prune(dd_store *st, dd_date before, const char *actor,
                          bool dry_run, dd_store_pruned *out, dd_diag *diag);

DD_END_DECLS

#endif
