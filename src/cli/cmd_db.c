/* dueday db: the register itself. "db init" is the one way to make an
 * empty register on purpose (visit add and visit import make one as they
 * add to it); every other command refuses a register that is not there.
 * The rest keep it safe: status, online backups and restores, the one
 * explicit step that migrates its schema, and pruning the ledger. */
#include "cli.h"
#include "commands.h"

#include <jansson.h>

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char db_usage[] =
    "usage: dueday db init [--json]\n"
    "       dueday db status [--json]\n"
    "       dueday db backup FILE [--force] [--json]\n"
    "       dueday db backup --dir DIR [--keep N] [--json]\n"
    "       dueday db restore FILE [--json]\n"
    "       dueday db migrate [--backup FILE] [--force] [--json]\n"
    "       dueday db prune --before DATE [--dry-run] [--json]\n"
    "\n"
    "The register is at --db PATH, $DUEDAY_DB, the configuration's\n"
    "register.path, else ~/.local/share/dueday/register.db. Its files\n"
    "are made 0600, or 0640 and given to register.group when the\n"
    "configuration names one.\n"
    "\n"
    "  init     creates an empty register at the latest schema version\n"
    "  status   path, schema version, size, counts and last write\n"
    "  backup   a consistent copy, taken while others write\n"
    "  restore  replaces the register with a backup, keeping the old one\n"
    "  migrate  brings an older schema up to date, a backup first\n"
    "  prune    removes the ledger and feed state of finished visits\n"
    "\n"
    "A register of an older schema is refused by every other command\n"
    "until dueday db migrate has run. dueday db SUBCOMMAND --help tells\n"
    "more; --json prints what each says as JSON.\n"
    "\n"
    "Exit: 0 done, 1 refused (the register in use, a backup there\n"
    "already), 2 bad input or a register that cannot be read or made.\n";

static const char init_usage[] =
    "usage: dueday db init [--db PATH] [--json]\n"
    "\n"
    "init creates an empty register at the register's path (--db PATH,\n"
    "$DUEDAY_DB, the configuration's register.path, else\n"
    "~/.local/share/dueday/register.db, whose directory it creates), and\n"
    "says where it is and its schema version. A register that is there\n"
    "already is kept as it is; one of an older schema is refused (run\n"
    "dueday db migrate).\n"
    "\n"
    "  --json           the path and schema version as JSON\n"
    "\n"
    "Exit: 0 done, 2 bad input or a register that cannot be made.\n";

static const char status_usage[] =
    "usage: dueday db status [--db PATH] [--json]\n"
    "\n"
    "status reads the register, whatever its schema, and prints its path,\n"
    "schema version (and this dueday's), whether it needs dueday db\n"
    "migrate, its mode, its size in bytes (the file and its WAL), how many\n"
    "visits, events, subscribers, users, reminder-ledger rows (pending and\n"
    "failed among them), feed-state rows and audit rows it holds, and its\n"
    "last write (the newest audit row, else the file's time). A count is\n"
    "\"-\" (null in JSON) where the schema has no such table yet.\n"
    "\n"
    "  --json           as JSON\n"
    "\n"
    "Exit: 0 done, 2 no register or one that cannot be read.\n";

static const char backup_usage[] =
    "usage: dueday db backup FILE [--force] [--db PATH] [--json]\n"
    "       dueday db backup --dir DIR [--keep N] [--db PATH] [--json]\n"
    "\n"
    "backup copies the register to FILE through SQLite's online backup:\n"
    "a consistent snapshot, taken while dueday serve and notify go on\n"
    "writing. It is written to FILE.tmp, synced and renamed, so FILE is\n"
    "never half written; mode 0600.\n"
    "\n"
    "  --force          replace FILE when it exists (else refused)\n"
    "  --dir DIR        write DIR/register-YYYYMMDDTHHMMSSZ.db (UTC),\n"
    "                   making DIR (0700) when it is not there\n"
    "  --keep N         with --dir: then keep the newest N such files in\n"
    "                   DIR, removing older ones (default: keep all)\n"
    "  --json           the register, the backup, its size and what\n"
    "                   --keep removed as JSON\n"
    "\n"
    "Exit: 0 done, 1 FILE exists, 2 bad input or the copy failed.\n";

static const char restore_usage[] =
    "usage: dueday db restore FILE [--db PATH] [--json]\n"
    "\n"
    "restore replaces the register with FILE, a backup: FILE must be a\n"
    "dueday register (a schema this dueday knows, integrity check ok).\n"
    "It is refused while dueday serve runs on the register or a reminder\n"
    "pass is under way (their lock files beside it). The register it\n"
    "replaces is kept as REGISTER.before-restore-YYYYMMDDTHHMMSSZ; FILE is\n"
    "copied in page by page, in one transaction. A missing register is\n"
    "made. A FILE of an older schema then needs dueday db migrate.\n"
    "\n"
    "  --json           the register, FILE, the schema and the copy kept\n"
    "                   as JSON\n"
    "\n"
    "Exit: 0 done, 1 the register is in use, 2 bad input (FILE not a\n"
    "register, damaged, or of a newer dueday).\n";

static const char migrate_usage[] =
    "usage: dueday db migrate [--backup FILE] [--force] [--db PATH] [--json]\n"
    "\n"
    "migrate brings a register of an older schema up to this dueday's, in\n"
    "one transaction, after a backup of it (dueday db backup's) to\n"
    "REGISTER.schema-N.bak (N the old version), or to --backup FILE. No\n"
    "other command migrates: each refuses an older schema and says to run\n"
    "this. A register at the latest schema is left alone, no backup\n"
    "taken. Refused while dueday serve or a reminder pass holds the\n"
    "register.\n"
    "\n"
    "  --backup FILE    where the backup goes\n"
    "  --force          replace the backup file when it exists\n"
    "  --json           the versions and the backup as JSON\n"
    "\n"
    "Exit: 0 done, 1 the register is in use or the backup file exists,\n"
    "2 bad input or a migration that failed (the register unchanged).\n";

static const char prune_usage[] =
    "usage: dueday db prune --before DATE [--dry-run] [--db PATH] [--json]\n"
    "\n"
    "prune removes the reminder-ledger rows (sent, failed and the marks of\n"
    "what each person was told) and the feed state of the visits that\n"
    "finished before DATE: cancelled, or completed with their publication\n"
    "recorded, started before DATE, with no reminder due and no published\n"
    "milestone ending on or after DATE. The visits, their events and the\n"
    "audit log are kept. One transaction, with one audit row (\"prune\")\n"
    "giving the counts.\n"
    "\n"
    "  --before DATE    YYYY-MM-DD\n"
    "  --dry-run        count what would go, remove nothing\n"
    "  --json           the counts as JSON\n"
    "\n"
    "Exit: 0 done, 2 bad input.\n";

/* The options of every subcommand, each taking those its usage names. */
struct db_args {
  const char *dir, *keep, *backup, *before;
  bool force, dry_run;
};

static const char *actor(void) {
  const char *user = getenv("USER");
  return user != NULL && user[0] ? user : "dueday";
}

/* Now, UTC, as 20261123T080000Z: in the names of the files made. */
static void stamp(char *buf, size_t size) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, size, "%Y%m%dT%H%M%SZ", &tm);
}

static long long file_size(const char *path) {
  struct stat sb;
  return stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
}

static int db_init(cli_ctx *x) {
  if (!cli_register_open(x, CLI_STORE | CLI_CREATE))
    return EXIT_BAD_INPUT;
  const char *path = dd_store_path(x->st);
  int was = dd_store_schema_found(x->st);
  int now = dd_store_schema_version(x->st);
  if (x->common.json)
    return cli_print_json(json_pack("{s:s, s:i, s:b, s:i}", "path", path,
                                    "schema_version", now, "created", was == 0,
                                    "previous_schema_version", was));
  if (was == 0)
    printf("register %s created (schema version %d)\n", path, now);
  else
    printf("register %s exists already (schema version %d)\n", path, now);
  return EXIT_YES;
}

/* A count for JSON: null where the schema has no such table. */
static json_t *count_json(long n) {
  return n < 0 ? json_null() : json_integer(n);
}

static void count_line(const char *what, long n) {
  if (n < 0)
    printf("%-16s -\n", what);
  else
    printf("%-16s %ld\n", what, n);
}

static int db_status(cli_ctx *x) {
  if (!cli_store_open(&x->common, DD_STORE_INSPECT, &x->st, NULL))
    return EXIT_BAD_INPUT;
  x->store_close = dd_store_close;
  dd_store_status s;
  dd_diag diag;
  if (dd_store_status_read(x->st, &s, &diag) != DD_OK) {
    cli_error("db status: %s", diag.message);
    return EXIT_BAD_INPUT;
  }
  const char *path = dd_store_path(x->st);
  int version = dd_store_schema_found(x->st);
  int latest = dd_store_schema_latest();
  char mode[8];
  snprintf(mode, sizeof mode, "%04o", s.mode);
  if (x->common.json) {
    json_t *counts = json_pack(
        "{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "visits",
        count_json(s.visits), "events", count_json(s.events), "subscribers",
        count_json(s.subscribers), "users", count_json(s.users), "ledger",
        count_json(s.ledger), "outbox_pending", count_json(s.outbox_pending),
        "outbox_failed", count_json(s.outbox_failed), "feed_state",
        count_json(s.feed_state), "audit", count_json(s.audit));
    return cli_print_json(json_pack(
        "{s:s, s:i, s:i, s:b, s:s, s:I, s:I, s:o, s:s, s:s}", "path", path,
        "schema_version", version, "latest_schema_version", latest,
        "migration_needed", version < latest, "mode", mode, "size",
        (json_int_t)s.size, "wal_size", (json_int_t)s.wal_size, "counts",
        counts, "last_write", s.last_write, "last_write_from",
        s.last_write_from_audit ? "audit" : "file"));
  }
  printf("%-16s %s\n", "register", path);
  if (version < latest)
    printf("%-16s %d (this dueday's %d): run `dueday db migrate`\n",
           "schema version", version, latest);
  else
    printf("%-16s %d (latest)\n", "schema version", version);
  /* A register made before dueday made its files 0600 keeps its mode:
   * said here rather than changed behind the administrator's back. */
  if (s.mode & 0007)
    printf("%-16s %s (anyone may read it: chmod o-rwx %s*)\n", "mode", mode,
           path);
  else
    printf("%-16s %s\n", "mode", mode);
  printf("%-16s %lld bytes (WAL %lld)\n", "size", s.size, s.wal_size);
  count_line("visits", s.visits);
  count_line("events", s.events);
  count_line("subscribers", s.subscribers);
  count_line("users", s.users);
  count_line("ledger rows", s.ledger);
  count_line("  pending", s.outbox_pending);
  count_line("  failed", s.outbox_failed);
  count_line("feed state rows", s.feed_state);
  count_line("audit rows", s.audit);
  printf("%-16s %s (%s)\n", "last write", s.last_write,
         s.last_write_from_audit ? "the audit log" : "the file's time");
  return EXIT_YES;
}

/* Whether name is one of --dir's backups: register-YYYYMMDDTHHMMSSZ.db. */
static bool is_rotated(const char *name) {
  static const char shape[] = "register-########T######Z.db";
  if (strlen(name) != sizeof shape - 1)
    return false;
  for (size_t i = 0; shape[i] != '\0'; i++)
    if (shape[i] == '#' ? name[i] < '0' || name[i] > '9' : name[i] != shape[i])
      return false;
  return true;
}

static int name_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Removes all but the newest keep of dir's backups (their names sort by
 * time), appending the paths removed to removed. False, printed, when dir
 * cannot be read or a file removed. */
static bool rotate(const char *dir, int keep, json_t *removed) {
  DIR *d = opendir(dir);
  if (d == NULL) {
    cli_error("db backup: %s: %s", dir, strerror(errno));
    return false;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  bool ok = true;
  struct dirent *e;
  while (ok && (e = readdir(d)) != NULL) {
    if (!is_rotated(e->d_name))
      continue;
    if (n == cap) {
      cap = cap ? 2 * cap : 16;
      char **more = realloc(names, cap * sizeof *names);
      ok = more != NULL;
      names = more != NULL ? more : names;
    }
    if (ok && (names[n] = strdup(e->d_name)) != NULL)
      n++;
    else
      ok = false;
  }
  closedir(d);
  if (!ok)
    cli_error("out of memory");
  if (ok && n > 0)
    qsort(names, n, sizeof *names, name_cmp);
  for (size_t i = 0; ok && n > (size_t)keep && i < n - (size_t)keep; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    if (unlink(path) != 0) {
      cli_error("db backup: removing %s: %s", path, strerror(errno));
      ok = false;
    } else {
      json_array_append_new(removed, json_string(path));
    }
  }
  for (size_t i = 0; i < n; i++)
    free(names[i]);
  free(names);
  return ok;
}

static int db_backup(cli_ctx *x, const struct db_args *a) {
  if ((x->npos == 1) == (a->dir != NULL)) {
    cli_error("db backup: give FILE or --dir DIR (one of them)");
    return EXIT_BAD_INPUT;
  }
  int keep = 0;
  if (a->keep != NULL &&
      (a->dir == NULL
           ? (cli_error("db backup: --keep goes with --dir"), true)
           : !cli_int("db backup: --keep", a->keep, 1, 100000, &keep)))
    return EXIT_BAD_INPUT;
  char dest[4096];
  if (a->dir != NULL) {
    char when[32];
    stamp(when, sizeof when);
    if (snprintf(dest, sizeof dest, "%s/register-%s.db", a->dir, when) >=
        (int)sizeof dest) {
      cli_error("db backup: --dir \"%s\": path too long", a->dir);
      return EXIT_BAD_INPUT;
    }
    /* A first backup into a new directory makes it, readable by the
     * register's owner alone (its parent must be there). */
    if (mkdir(a->dir, 0700) != 0 && errno != EEXIST) {
      cli_error("db backup: --dir \"%s\": %s", a->dir, strerror(errno));
      return EXIT_BAD_INPUT;
    }
  } else {
    snprintf(dest, sizeof dest, "%s", x->pos[0]);
  }
  if (!cli_store_open(&x->common, DD_STORE_INSPECT, &x->st, NULL))
    return EXIT_BAD_INPUT;
  x->store_close = dd_store_close;
  dd_diag diag;
  int err = dd_store_backup(x->st, dest, a->force ? DD_BACKUP_FORCE : 0, &diag);
  if (err != DD_OK) {
    cli_error("db backup: %s", diag.message);
    return err == DD_ECONFLICT ? EXIT_NO : EXIT_BAD_INPUT;
  }
  json_t *removed = json_array();
  if (keep > 0 && !rotate(a->dir, keep, removed)) {
    json_decref(removed);
    return EXIT_BAD_INPUT;
  }
  const char *path = dd_store_path(x->st);
  long long size = file_size(dest);
  if (x->common.json)
    return cli_print_json(
        json_pack("{s:s, s:s, s:I, s:i, s:o}", "register", path, "backup", dest,
                  "size", (json_int_t)size, "schema_version",
                  dd_store_schema_found(x->st), "removed", removed));
  printf("register %s backed up to %s (%lld bytes)\n", path, dest, size);
  for (size_t i = 0; i < json_array_size(removed); i++)
    printf("removed the older backup %s\n",
           json_string_value(json_array_get(removed, i)));
  json_decref(removed);
  return EXIT_YES;
}

/* Takes the locks of serve and notify on st, exclusive, into fds: a
 * register in use is refused (printed). Returns EXIT_YES or the exit
 * code. */
static int lock_out(const char *what, dd_store *st, int fds[2]) {
  static const char *const names[] = {"serve", "notify"};
  static const char *const who[] = {"dueday serve is running on it",
                                    "a reminder pass (dueday notify) is "
                                    "under way"};
  for (int i = 0; i < 2; i++) {
    dd_diag diag;
    int err = dd_store_lock(st, names[i], true, &fds[i], &diag);
    if (err == DD_ECONFLICT) {
      cli_error("%s: register %s is in use: %s (%s); stop it first", what,
                dd_store_path(st), who[i], diag.message);
      return EXIT_NO;
    }
    if (err != DD_OK) {
      cli_error("%s: %s", what, diag.message);
      return EXIT_BAD_INPUT;
    }
  }
  return EXIT_YES;
}

static void unlock(int fds[2]) {
  for (int i = 0; i < 2; i++)
    if (fds[i] >= 0)
      close(fds[i]);
}

static int db_restore(cli_ctx *x) {
  const char *file = x->pos[0];
  dd_store *src = NULL;
  dd_diag diag;
  /* The backup first: a file that is no register, or a damaged one, is
   * refused before the register is touched. */
  int err = dd_store_open(file, DD_STORE_INSPECT, &src, &diag);
  if (err == DD_OK && (err = dd_store_integrity(src, &diag)) != DD_OK) {
    dd_store_close(src);
    src = NULL;
  }
  if (err != DD_OK) {
    cli_error("db restore: %s", diag.message);
    return EXIT_BAD_INPUT;
  }
  int version = dd_store_schema_found(src);
  char buf[4096];
  const char *path = cli_store_path(&x->common, buf, sizeof buf);
  struct stat sb;
  bool missing = path != NULL && stat(path, &sb) != 0 && errno == ENOENT;
  int fds[2] = {-1, -1};
  int rc = EXIT_BAD_INPUT;
  char kept[4096 + 64] = "";
  if (path != NULL &&
      cli_store_open(&x->common, missing ? DD_STORE_CREATE : DD_STORE_MIGRATE,
                     &x->st, NULL)) {
    x->store_close = dd_store_close;
    rc = lock_out("db restore", x->st, fds);
  }
  if (rc == EXIT_YES && !missing) {
    char when[32];
    stamp(when, sizeof when);
    snprintf(kept, sizeof kept, "%s.before-restore-%s", dd_store_path(x->st),
             when);
    if (dd_store_backup(x->st, kept, 0, &diag) != DD_OK) {
      cli_error("db restore: keeping the register: %s", diag.message);
      rc = EXIT_BAD_INPUT;
    }
  }
  if (rc == EXIT_YES && dd_store_restore_from(x->st, src, &diag) != DD_OK) {
    cli_error("db restore: %s", diag.message);
    rc = EXIT_BAD_INPUT;
  }
  dd_store_close(src);
  unlock(fds);
  if (rc != EXIT_YES)
    return rc;
  path = dd_store_path(x->st);
  int latest = dd_store_schema_latest();
  if (x->common.json)
    return cli_print_json(json_pack(
        "{s:s, s:s, s:i, s:b, s:o}", "register", path, "restored_from", file,
        "schema_version", version, "migration_needed", version < latest, "kept",
        kept[0] ? json_string(kept) : json_null()));
  printf("register %s restored from %s (schema version %d)\n", path, file,
         version);
  if (kept[0])
    printf("the register it replaced is kept as %s\n", kept);
  if (version < latest)
    printf("its schema is older than this dueday's %d: run `dueday db "
           "migrate`\n",
           latest);
  return EXIT_YES;
}

static int db_migrate(cli_ctx *x, const struct db_args *a) {
  if (!cli_store_open(&x->common, DD_STORE_MIGRATE, &x->st, NULL))
    return EXIT_BAD_INPUT;
  x->store_close = dd_store_close;
  const char *path = dd_store_path(x->st);
  int was = dd_store_schema_found(x->st), latest = dd_store_schema_latest();
  if (was >= latest) {
    if (x->common.json)
      return cli_print_json(json_pack("{s:s, s:i, s:i, s:b, s:n}", "register",
                                      path, "previous_schema_version", was,
                                      "schema_version", was, "migrated", false,
                                      "backup"));
    printf("register %s is at schema version %d already: nothing to do\n", path,
           was);
    return EXIT_YES;
  }
  int fds[2] = {-1, -1};
  int rc = lock_out("db migrate", x->st, fds);
  char backup[4096 + 32];
  if (a->backup != NULL)
    snprintf(backup, sizeof backup, "%s", a->backup);
  else
    snprintf(backup, sizeof backup, "%s.schema-%d.bak", path, was);
  dd_diag diag;
  int err = DD_OK;
  if (rc == EXIT_YES &&
      (err = dd_store_backup(x->st, backup, a->force ? DD_BACKUP_FORCE : 0,
                             &diag)) != DD_OK) {
    cli_error("db migrate: the backup first: %s; nothing migrated",
              diag.message);
    rc = err == DD_ECONFLICT ? EXIT_NO : EXIT_BAD_INPUT;
  }
  if (rc == EXIT_YES && dd_store_migrate(x->st, &diag) != DD_OK) {
    cli_error("db migrate: %s; the register is unchanged (backup %s)",
              diag.message, backup);
    rc = EXIT_BAD_INPUT;
  }
  unlock(fds);
  if (rc != EXIT_YES)
    return rc;
  int now = dd_store_schema_version(x->st);
  if (x->common.json)
    return cli_print_json(json_pack("{s:s, s:i, s:i, s:b, s:s}", "register",
                                    path, "previous_schema_version", was,
                                    "schema_version", now, "migrated", true,
                                    "backup", backup));
  printf("register %s backed up to %s (schema version %d)\n", path, backup,
         was);
  printf("register %s migrated from schema version %d to %d\n", path, was, now);
  return EXIT_YES;
}

static int db_prune(cli_ctx *x, const struct db_args *a) {
  dd_date before;
  if (a->before == NULL) {
    cli_error("db prune: needs --before DATE");
    return EXIT_BAD_INPUT;
  }
  if (!cli_date("db prune: --before", a->before, &before))
    return EXIT_BAD_INPUT;
  if (!cli_register_open(x, CLI_STORE | CLI_WRITE))
    return EXIT_BAD_INPUT;
  dd_store_pruned p;
  dd_diag diag;
  if (dd_store_prune(x->st, before, actor(), a->dry_run, &p, &diag) != DD_OK) {
    cli_error("db prune: %s", diag.message);
    return EXIT_BAD_INPUT;
  }
  char d[DD_DATE_BUFSIZE];
  dd_date_format(before, d);
  if (x->common.json)
    return cli_print_json(json_pack(
        "{s:s, s:b, s:i, s:i, s:i, s:i}", "before", d, "dry_run", a->dry_run,
        "visits", (int)p.visits, "ledger_rows", (int)p.ledger, "marks",
        (int)p.marks, "feed_state_rows", (int)p.feed_state));
  printf("%s the ledger and feed state of %ld visit(s) finished before %s: "
         "%ld reminder-ledger row(s), %ld mark(s), %ld feed-state row(s)\n",
         a->dry_run ? "would remove" : "removed", p.visits, d, p.ledger,
         p.marks, p.feed_state);
  return EXIT_YES;
}

int cmd_db(int argc, char **argv) {
  int rc = cli_subcommand_begin(argc, argv, db_usage);
  if (rc != CLI_RUN)
    return rc;
  struct db_args a = {0};
  const cli_option none[] = {{NULL, NULL, NULL}};
  const cli_option backup[] = {{"force", NULL, &a.force},
                               {"dir", &a.dir, NULL},
                               {"keep", &a.keep, NULL},
                               {NULL, NULL, NULL}};
  const cli_option migrate[] = {{"backup", &a.backup, NULL},
                                {"force", NULL, &a.force},
                                {NULL, NULL, NULL}};
  const cli_option prune[] = {{"before", &a.before, NULL},
                              {"dry-run", NULL, &a.dry_run},
                              {NULL, NULL, NULL}};
  const struct {
    const char *name;
    cli_spec spec;
  } subs[] = {
      {"init", {init_usage, none, 0, "db init: takes no arguments"}},
      {"status", {status_usage, none, 0, "db status: takes no arguments"}},
      {"backup", {backup_usage, backup, 1, NULL}},
      {"restore",
       {restore_usage, none, 1, "db restore: needs the backup FILE"}},
      {"migrate",
       {migrate_usage, migrate, 0, "db migrate: takes no arguments"}},
      {"prune", {prune_usage, prune, 0, "db prune: takes no arguments"}},
  };
  const char *sub = argv[1];
  size_t i = 0;
  while (i < sizeof subs / sizeof subs[0] && strcmp(sub, subs[i].name) != 0)
    i++;
  if (i == sizeof subs / sizeof subs[0]) {
    cli_error("db: unknown subcommand \"%s\" (init, status, backup, restore, "
              "migrate, prune)",
              sub);
    return EXIT_BAD_INPUT;
  }
  /* The subcommand's messages name it whole ("db backup: ..."). */
  char named[32];
  snprintf(named, sizeof named, "db %s", sub);
  argv[1] = named;
  cli_ctx x;
  rc = cli_command_begin(argc - 1, argv + 1, &subs[i].spec, &x);
  if (rc != CLI_RUN)
    return rc;
  switch (i) {
  case 0:
    rc = db_init(&x);
    break;
  case 1:
    rc = db_status(&x);
    break;
  case 2:
    rc = db_backup(&x, &a);
    break;
  case 3:
    rc = db_restore(&x);
    break;
  case 4:
    rc = db_migrate(&x, &a);
    break;
  default:
    rc = db_prune(&x, &a);
    break;
  }
  cli_command_end(&x);
  return rc;
}
