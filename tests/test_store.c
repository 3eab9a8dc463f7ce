/* The register: a real SQLite file in a temporary directory; visits,
 * events, the audit log, transactions and two writers at once; the modes
 * it opens in, and feeds of a register whose feed state cannot be
 * written (read only, or full). */
#include "dueday/config.h"
#include "dueday/feed.h"
#include "dueday/planner.h"
#include "dueday/store.h"
#include "service/feed_state.h"
#include "service/store_internal.h"

#include <criterion/criterion.h>
#include <grp.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[64], path[96];
static dd_store *st;

static void setup(void) {
  strcpy(dir, "/tmp/dueday-store-XXXXXX");
  cr_assert_not_null(mkdtemp(dir));
  snprintf(path, sizeof path, "%s/register.db", dir);
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_open(path, DD_STORE_CREATE, &st, &diag), DD_OK, "%s",
               diag.message);
}

static void teardown(void) {
  dd_store_close(st);
  st = NULL;
  char cmd[256];
  /* A test stopped with the directory or a file still immutable. */
  snprintf(cmd, sizeof cmd, "chattr -R -i '%s' 2>/dev/null; rm -rf '%s'", dir,
           dir);
  cr_assert_eq(system(cmd), 0);
}

TestSuite(store, .init = setup, .fini = teardown);

static dd_date D(const char *text) {
  dd_date d;
  cr_assert_eq(dd_date_parse(text, &d, NULL), DD_OK, "%s", text);
  return d;
}

static dd_visit sample(const char *id) {
  return (dd_visit){.id = (char *)id,
                    .type = "assurance",
                    .name = "Sunny Home",
                    .urn = "SC123456",
                    .setting = "children's home",
                    .local_authority = "Salford",
                    .region = "North West",
                    .division = "england-and-wales",
                    .inspector = "i.inspector@example.org",
                    .rim = "r.manager@example.org",
                    .start = D("2020-09-21"),
                    .days_on_site = 2,
                    .status = DD_VISIT_PLANNED};
}

static void add(const char *id) {
  dd_visit v = sample(id);
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_begin(st, &diag), DD_OK, "%s", diag.message);
  cr_assert_eq(dd_store_visit_add(st, &v, "test", &diag), DD_OK, "%s",
               diag.message);
  cr_assert_eq(dd_store_commit(st, &diag), DD_OK, "%s", diag.message);
}

Test(store, a_new_register_is_at_the_latest_schema_version) {
  cr_assert_eq(dd_store_schema_version(st), DD_STORE_SCHEMA_VERSION);
  /* Opening again migrates nothing and keeps the data. */
  add("SC123456-2020-09");
  dd_store *again;
  cr_assert_eq(dd_store_open(path, DD_STORE_WRITE, &again, NULL), DD_OK);
  cr_assert_eq(dd_store_schema_version(again), DD_STORE_SCHEMA_VERSION);
  dd_visit v;
  cr_assert_eq(
      dd_store_visit_get(again, "SC123456-2020-09", &v, NULL, NULL, NULL),
      DD_OK);
  dd_visit_clear(&v);
  dd_store_close(again);
}

Test(store, a_visit_reads_back_as_it_was_added) {
  add("SC123456-2020-09");
  dd_visit v;
  dd_recorded *ev;
  size_t n;
  cr_assert_eq(dd_store_visit_get(st, "SC123456-2020-09", &v, &ev, &n, NULL),
               DD_OK);
  cr_assert_str_eq(v.id, "SC123456-2020-09");
  cr_assert_str_eq(v.name, "Sunny Home");
  cr_assert_str_eq(v.setting, "children's home");
  cr_assert_str_eq(v.region, "North West");
  cr_assert_str_eq(v.rim, "r.manager@example.org");
  cr_assert_eq(v.start, D("2020-09-21"));
  cr_assert_eq(v.days_on_site, 2);
  cr_assert_eq(v.status, DD_VISIT_PLANNED);
  cr_assert_not(v.concerns);
  cr_assert_eq(n, 0);
  dd_visit_clear(&v);
  dd_recorded_list_free(ev, n);
}

Test(store, a_duplicate_id_is_a_conflict_and_writes_nothing) {
  add("SC123456-2020-09");
  dd_visit v = sample("SC123456-2020-09");
  dd_diag diag = {{0}};
  dd_store_begin(st, NULL);
  cr_assert_eq(dd_store_visit_add(st, &v, "test", &diag), DD_ECONFLICT);
  cr_assert_str_eq(diag.message, "visit SC123456-2020-09 already exists");
  dd_store_rollback(st);
  int audits;
  dd_store_audit_count(st, NULL, &audits, NULL);
  cr_assert_eq(audits, 1, "only the first add");
}

Test(store, events_are_kept_in_the_order_recorded_with_times) {
  add("V1");
  dd_recorded a = {.what = "draft-sent",
                   .date = D("2020-10-16"),
                   .time = -1,
                   .by = "i.inspector@example.org",
                   .note = ""};
  dd_recorded b = {.what = "annex-a",
                   .date = D("2020-09-21"),
                   .time = 15 * 60 + 5,
                   .by = "",
                   .note = "late"};
  dd_store_begin(st, NULL);
  cr_assert_eq(dd_store_event_add(st, "V1", &a, "test", NULL), DD_OK);
  cr_assert_eq(dd_store_event_add(st, "V1", &b, "test", NULL), DD_OK);
  dd_store_commit(st, NULL);
  dd_visit v;
  dd_recorded *ev;
  size_t n;
  cr_assert_eq(dd_store_visit_get(st, "V1", &v, &ev, &n, NULL), DD_OK);
  cr_assert_eq(n, 2);
  cr_assert_str_eq(ev[0].what, "draft-sent");
  cr_assert_eq(ev[0].time, -1);
  cr_assert_str_eq(ev[1].what, "annex-a");
  cr_assert_eq(ev[1].time, 15 * 60 + 5);
  cr_assert_str_eq(ev[1].note, "late");
  dd_visit_clear(&v);
  dd_recorded_list_free(ev, n);
  int audits;
  dd_store_audit_count(st, "V1", &audits, NULL);
  cr_assert_eq(audits, 3, "add and two records");
}

/* dd_store_audit_each's callback: each row as "id action: detail; ". */
static int history(const dd_audit_entry *a, void *arg) {
  char *out = arg;
  cr_assert_eq(strlen(a->at), 20, "%s", a->at);
  cr_assert_str_eq(a->actor, "test");
  char row[160];
  snprintf(row, sizeof row, "%ld %s: %s; ", a->id, a->action, a->detail);
  strcat(out, row);
  return strcmp(a->action, "stop") == 0 ? 7 : 0;
}

Test(store, undo_removes_the_latest_record_of_a_milestone_and_is_audited) {
  add("V1");
  add("V2");
  dd_recorded first = {.what = "draft-sent",
                       .date = D("2020-10-16"),
                       .time = -1,
                       .by = "a",
                       .note = ""};
  dd_recorded again = {.what = "draft-sent",
                       .date = D("2020-10-19"),
                       .time = 9 * 60 + 30,
                       .by = "b",
                       .note = "resent"};
  dd_recorded other = {.what = "annex-a",
                       .date = D("2020-09-21"),
                       .time = -1,
                       .by = "",
                       .note = ""};
  dd_diag diag = {{0}};
  dd_store_begin(st, NULL);
  cr_assert_eq(dd_store_event_add(st, "V1", &first, "test", NULL), DD_OK);
  cr_assert_eq(dd_store_event_add(st, "V1", &other, "test", NULL), DD_OK);
  cr_assert_eq(dd_store_event_add(st, "V1", &again, "test", NULL), DD_OK);
  cr_assert_eq(dd_store_event_add(st, "V2", &first, "test", NULL), DD_OK);
  dd_recorded removed;
  cr_assert_eq(dd_store_event_undo(st, "V1", "draft-sent", "test", NULL,
                                   &removed, &diag),
               DD_OK, "%s", diag.message);
  dd_store_commit(st, NULL);
  cr_assert_str_eq(removed.what, "draft-sent");
  cr_assert_eq(removed.date, D("2020-10-19"));
  cr_assert_eq(removed.time, 9 * 60 + 30);
  cr_assert_str_eq(removed.by, "b");
  cr_assert_str_eq(removed.note, "resent");
  dd_recorded_clear(&removed);
  dd_visit v;
  dd_recorded *ev;
  size_t n;
  cr_assert_eq(dd_store_visit_get(st, "V1", &v, &ev, &n, NULL), DD_OK);
  cr_assert_eq(n, 2, "the earlier record of draft-sent stays");
  cr_assert_str_eq(ev[0].what, "draft-sent");
  cr_assert_eq(ev[0].date, D("2020-10-16"));
  cr_assert_str_eq(ev[1].what, "annex-a");
  dd_visit_clear(&v);
  dd_recorded_list_free(ev, n);
  char h[1024] = "";
  cr_assert_eq(dd_store_audit_each(st, "V1", history, h, &diag), DD_OK);
  /* Ids: V1 added 1, V2 added 2, then the records 3 to 6 and the undo. */
  cr_assert_str_eq(h, "7 undo: draft-sent on 2020-10-19 09:30; "
                      "5 record: draft-sent on 2020-10-19 09:30; "
                      "4 record: annex-a on 2020-09-21; "
                      "3 record: draft-sent on 2020-10-16; "
                      "1 add: assurance visit, start 2020-09-21, 2 day(s), "
                      "england-and-wales; ");
  /* The other visit's record is untouched. */
  cr_assert_eq(dd_store_visit_get(st, "V2", &v, &ev, &n, NULL), DD_OK);
  cr_assert_eq(n, 1);
  dd_visit_clear(&v);
  dd_recorded_list_free(ev, n);
}

Test(store, undo_with_nothing_recorded_is_not_found_and_writes_nothing) {
  add("V1");
  int before, after;
  dd_store_audit_count(st, NULL, &before, NULL);
  dd_diag diag = {{0}};
  dd_recorded removed = {.what = "junk"};
  dd_store_begin(st, NULL);
  cr_assert_eq(dd_store_event_undo(st, "V1", "draft-sent", "test", NULL,
                                   &removed, &diag),
               DD_ENOTFOUND);
  cr_assert_str_eq(diag.message, "visit V1 has no record of draft-sent");
  cr_assert_null(removed.what, "emptied on failure");
  cr_assert_eq(
      dd_store_event_undo(st, "nope", "draft-sent", "test", NULL, NULL, &diag),
      DD_ENOTFOUND);
  dd_store_rollback(st);
  dd_store_audit_count(st, NULL, &after, NULL);
  cr_assert_eq(after, before);
}

Test(store, undo_takes_the_detail_it_is_given_and_history_can_stop) {
  add("V1");
  dd_recorded a = {.what = "draft-sent",
                   .date = D("2020-10-16"),
                   .time = -1,
                   .by = "",
                   .note = ""};
  dd_store_begin(st, NULL);
  cr_assert_eq(dd_store_event_add(st, "V1", &a, "test", NULL), DD_OK);
  cr_assert_eq(dd_store_event_undo(st, "V1", "draft-sent", "test",
                                   "draft-sent on 2020-10-16 undone; moved",
                                   NULL, NULL),
               DD_OK);
  cr_assert_eq(dd_store_event_add(st, "V1", &a, "test", NULL), DD_OK);
  dd_store_commit(st, NULL);
  char h[512] = "";
  cr_assert_eq(dd_store_audit_each(st, "V1", history, h, NULL), DD_OK);
  cr_assert_str_eq(h, "4 record: draft-sent on 2020-10-16; "
                      "3 undo: draft-sent on 2020-10-16 undone; moved; "
                      "2 record: draft-sent on 2020-10-16; "
                      "1 add: assurance visit, start 2020-09-21, 2 day(s), "
                      "england-and-wales; ");
  h[0] = '\0';
  /* A visit without history has none; a walk a callback stops returns its
   * value. */
  cr_assert_eq(dd_store_audit_each(st, "nope", history, h, NULL), DD_OK);
  cr_assert_str_eq(h, "");
  dd_store_begin(st, NULL);
  dd_visit v = sample("V1");
  cr_assert_eq(dd_store_visit_update(st, &v, "test", "stop", "here", NULL),
               DD_OK);
  dd_store_commit(st, NULL);
  cr_assert_eq(dd_store_audit_each(st, "V1", history, h, NULL), 7);
  cr_assert_str_eq(h, "5 stop: here; ");
}

Test(store, an_event_for_a_missing_visit_is_not_found) {
  dd_recorded a = {.what = "draft-sent", .date = D("2020-10-16"), .time = -1};
  dd_diag diag = {{0}};
  dd_store_begin(st, NULL);
  cr_assert_eq(dd_store_event_add(st, "nope", &a, "test", &diag), DD_ENOTFOUND);
  dd_store_rollback(st);
  dd_visit v;
  cr_assert_eq(dd_store_visit_get(st, "nope", &v, NULL, NULL, &diag),
               DD_ENOTFOUND);
  cr_assert_str_eq(diag.message, "no visit nope in the register");
}

Test(store, a_rolled_back_transaction_leaves_nothing_behind) {
  dd_visit v = sample("V1");
  dd_store_begin(st, NULL);
  cr_assert_eq(dd_store_visit_add(st, &v, "test", NULL), DD_OK);
  dd_store_rollback(st);
  dd_visit got;
  cr_assert_eq(dd_store_visit_get(st, "V1", &got, NULL, NULL, NULL),
               DD_ENOTFOUND);
  int audits;
  dd_store_audit_count(st, NULL, &audits, NULL);
  cr_assert_eq(audits, 0);
}

Test(store, an_update_changes_the_visit_and_is_audited) {
  add("V1");
  dd_visit v = sample("V1");
  v.days_on_site = 3;
  v.status = DD_VISIT_DEFERRED;
  v.start = D("2020-10-05");
  dd_store_begin(st, NULL);
  cr_assert_eq(
      dd_store_visit_update(st, &v, "rim", "defer", "to 2020-10-05", NULL),
      DD_OK);
  dd_store_commit(st, NULL);
  dd_visit got;
  cr_assert_eq(dd_store_visit_get(st, "V1", &got, NULL, NULL, NULL), DD_OK);
  cr_assert_eq(got.days_on_site, 3);
  cr_assert_eq(got.status, DD_VISIT_DEFERRED);
  cr_assert_eq(got.start, D("2020-10-05"));
  dd_visit_clear(&got);
  v.id = "missing";
  cr_assert_eq(dd_store_visit_update(st, &v, "rim", "defer", "", NULL),
               DD_ENOTFOUND);
}

struct seen {
  int visits, events;
  char last[32];
};

static int count_visit(const dd_visit *v, const dd_recorded *ev, size_t n,
                       void *arg) {
  struct seen *s = arg;
  cr_assert_gt(strcmp(v->id, s->last), 0, "ordered by id");
  snprintf(s->last, sizeof s->last, "%s", v->id);
  for (size_t i = 0; i < n; i++)
    cr_assert_str_eq(ev[i].note, v->id, "each event reaches its own visit");
  s->visits++;
  s->events += (int)n;
  return 0;
}

Test(store, each_visit_comes_with_its_own_events) {
  dd_store_begin(st, NULL);
  for (int i = 0; i < 50; i++) {
    char id[16];
    snprintf(id, sizeof id, "V%03d", i);
    dd_visit v = sample(id);
    v.region = i % 2 ? "North West" : "London";
    cr_assert_eq(dd_store_visit_add(st, &v, "test", NULL), DD_OK);
    for (int k = 0; k < i % 4; k++) {
      dd_recorded e = {
          .what = "draft-qa", .date = D("2020-09-23"), .time = -1, .note = id};
      cr_assert_eq(dd_store_event_add(st, id, &e, "test", NULL), DD_OK);
    }
  }
  dd_store_commit(st, NULL);
  struct seen all = {0}, london = {0};
  cr_assert_eq(dd_store_visits_each(st, NULL, count_visit, &all, NULL), DD_OK);
  cr_assert_eq(all.visits, 50);
  cr_assert_eq(all.events,
               12 * (0 + 1 + 2 + 3) + (0 + 1)); /* 48 + V048, V049 */
  cr_assert_eq(dd_store_visits_each(st, "London", count_visit, &london, NULL),
               DD_OK);
  cr_assert_eq(london.visits, 25);
}

static int count_any(const dd_visit *v, const dd_recorded *ev, size_t n,
                     void *arg) {
  (void)v;
  (void)ev;
  struct seen *s = arg;
  s->visits++;
  s->events += (int)n;
  return 0;
}

/* Each child adds its own visits, one transaction per visit, while the
 * other does the same: none may be lost. */
static void writer(const char *prefix, int n) {
  dd_store *mine;
  if (dd_store_open(path, DD_STORE_CREATE, &mine, NULL) != DD_OK)
    _exit(10);
  for (int i = 0; i < n; i++) {
    char id[32];
    snprintf(id, sizeof id, "%s-%03d", prefix, i);
    dd_visit v = sample(id);
    dd_recorded e = {.what = "visit-end", .date = v.start, .time = -1};
    if (dd_store_begin(mine, NULL) != DD_OK ||
        dd_store_visit_add(mine, &v, prefix, NULL) != DD_OK ||
        dd_store_event_add(mine, id, &e, prefix, NULL) != DD_OK ||
        dd_store_commit(mine, NULL) != DD_OK)
      _exit(11);
  }
  dd_store_close(mine);
  _exit(0);
}

Test(store, two_processes_writing_at_once_lose_nothing) {
  pid_t a = fork();
  if (a == 0)
    writer("A", 150);
  pid_t b = fork();
  if (b == 0)
    writer("B", 150);
  int sa, sb;
  waitpid(a, &sa, 0);
  waitpid(b, &sb, 0);
  cr_assert(WIFEXITED(sa) && WEXITSTATUS(sa) == 0, "writer A: %d", sa);
  cr_assert(WIFEXITED(sb) && WEXITSTATUS(sb) == 0, "writer B: %d", sb);
  struct seen all = {0};
  cr_assert_eq(dd_store_visits_each(st, NULL, count_any, &all, NULL), DD_OK);
  cr_assert_eq(all.visits, 300);
  cr_assert_eq(all.events, 300);
  int audits;
  dd_store_audit_count(st, NULL, &audits, NULL);
  cr_assert_eq(audits, 600, "every add and every record audited");
}

Test(store,
     a_version_1_register_is_refused_until_migrated_and_keeps_its_visits) {
  char old[128];
  snprintf(old, sizeof old, "%s/v1.db", dir);
  sqlite3 *db;
  cr_assert_eq(sqlite3_open(old, &db), SQLITE_OK);
  /* The schema as release 1 created it, with one visit. */
  cr_assert_eq(
      sqlite3_exec(
          db,
          "CREATE TABLE visits (id TEXT PRIMARY KEY, type TEXT NOT NULL, "
          "name TEXT NOT NULL, urn TEXT NOT NULL DEFAULT '', setting TEXT NOT "
          "NULL DEFAULT '', local_authority TEXT NOT NULL DEFAULT '', region "
          "TEXT NOT NULL DEFAULT '', division TEXT NOT NULL, inspector_email "
          "TEXT NOT NULL DEFAULT '', rim_email TEXT NOT NULL DEFAULT '', start "
          "TEXT NOT NULL, days_on_site INTEGER NOT NULL, status TEXT NOT NULL, "
          "concerns INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
          "CREATE TABLE events (id INTEGER PRIMARY KEY, visit_id TEXT NOT "
          "NULL, "
          "what TEXT NOT NULL, on_date TEXT NOT NULL, on_time TEXT, by TEXT "
          "NOT "
          "NULL DEFAULT '', note TEXT NOT NULL DEFAULT '', recorded_at TEXT "
          "NOT "
          "NULL);"
          "CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor "
          "TEXT NOT NULL, visit_id TEXT, action TEXT NOT NULL, detail TEXT NOT "
          "NULL);"
          "INSERT INTO visits VALUES ('OLD-1', 'assurance', 'Old House', '', "
          "'', '', '', 'england-and-wales', '', '', '2020-09-21', 2, "
          "'planned', 0);"
          "PRAGMA user_version = 1;",
          NULL, NULL, NULL),
      SQLITE_OK);
  sqlite3_close(db);
  dd_store *migrated;
  dd_diag diag = {{0}};
  /* A writer no longer migrates on its way: it says what to run. */
  cr_assert_eq(dd_store_open(old, DD_STORE_WRITE, &migrated, &diag), DD_EIO);
  cr_assert_null(migrated);
  char want[256];
  snprintf(want, sizeof want,
           "register %s: schema version 1 is older than this dueday's %d; "
           "run `dueday db migrate` (it keeps a backup first)",
           old, DD_STORE_SCHEMA_VERSION);
  cr_assert_str_eq(diag.message, want);
  cr_assert_eq(dd_store_open(old, DD_STORE_MIGRATE, &migrated, &diag), DD_OK,
               "%s", diag.message);
  cr_assert_eq(dd_store_schema_found(migrated), 1);
  cr_assert_eq(dd_store_schema_version(migrated), 1, "not migrated yet");
  cr_assert_eq(dd_store_migrate(migrated, &diag), DD_OK, "%s", diag.message);
  cr_assert_eq(dd_store_schema_version(migrated), DD_STORE_SCHEMA_VERSION);
  dd_visit v;
  cr_assert_eq(dd_store_visit_get(migrated, "OLD-1", &v, NULL, NULL, NULL),
               DD_OK);
  cr_assert_str_eq(v.name, "Old House");
  dd_visit_clear(&v);
  int seq;
  dd_store_begin(migrated, NULL);
  cr_assert_eq(dd_store_feed_state(migrated, "OLD-1", "publication",
                                   "2020-11-13", &seq, NULL, 0, NULL),
               DD_OK);
  dd_store_commit(migrated, NULL);
  dd_store_close(migrated);
}

Test(store, the_feed_sequence_goes_up_only_when_what_was_published_changes) {
  int seq = -1;
  char prev[64];
  dd_store_begin(st, NULL);
  cr_assert_eq(dd_store_feed_state(st, "V1", "publication", "2020-11-13", &seq,
                                   prev, sizeof prev, NULL),
               DD_OK);
  cr_assert_eq(seq, 0);
  cr_assert_str_eq(prev, "");
  cr_assert_eq(dd_store_feed_state(st, "V1", "publication", "2020-11-13", &seq,
                                   prev, sizeof prev, NULL),
               DD_OK);
  cr_assert_eq(seq, 0, "the same again: no revision");
  cr_assert_eq(dd_store_feed_state(st, "V1", "publication", "2020-11-17", &seq,
                                   prev, sizeof prev, NULL),
               DD_OK);
  cr_assert_eq(seq, 1, "a new date: a revision");
  cr_assert_str_eq(prev, "2020-11-13");
  cr_assert_eq(dd_store_feed_state(st, "V1", "publication", NULL, &seq, prev,
                                   sizeof prev, NULL),
               DD_OK);
  cr_assert_eq(seq, 1);
  cr_assert_str_eq(prev, "2020-11-17");
  cr_assert_eq(dd_store_feed_state(st, "V1", "draft-sent", NULL, &seq, prev,
                                   sizeof prev, NULL),
               DD_OK);
  cr_assert_eq(seq, 0);
  cr_assert_str_eq(prev, "", "never published");
  dd_store_commit(st, NULL);
}

static int stop_with(const char *visit_id, const char *milestone,
                     const char *published, int sequence, void *arg) {
  (void)visit_id;
  (void)milestone;
  (void)published;
  (void)sequence;
  int *calls = arg;
  ++*calls;
  return DD_EINVAL;
}

Test(store, a_callback_that_stops_a_list_has_its_code_returned) {
  int seq, calls = 0;
  dd_store_begin(st, NULL);
  cr_assert_eq(dd_store_feed_state(st, "V1", "publication", "2020-11-13", &seq,
                                   NULL, 0, NULL),
               DD_OK);
  cr_assert_eq(dd_store_feed_state(st, "V1", "draft-sent", "2020-11-06", &seq,
                                   NULL, 0, NULL),
               DD_OK);
  dd_store_commit(st, NULL);
  cr_assert_eq(dd_store_feed_states_each(st, DD_SCOPE_ALL, NULL, stop_with,
                                         &calls, NULL),
               DD_EINVAL);
  cr_assert_eq(calls, 1, "no row after the one that stopped the list");
}

/* Opening modes (dd_store_mode): only DD_STORE_CREATE makes a register; a
 * read-only register is never written, not even to migrate it; a feed's
 * register falls back to read only when it cannot be written. */

/* A path in the test's directory. */
static const char *in_dir(const char *name) {
  static char buf[160];
  snprintf(buf, sizeof buf, "%s/%s", dir, name);
  return buf;
}

Test(store, a_missing_register_is_not_found_and_made_only_when_asked) {
  const dd_store_mode modes[] = {DD_STORE_READ, DD_STORE_WRITE,
                                 DD_STORE_WRITE_IF_CAN};
  char missing[160], want[200];
  snprintf(missing, sizeof missing, "%s", in_dir("typo.db"));
  snprintf(want, sizeof want, "no register at %s", missing);
  for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
    dd_store *other = (dd_store *)&other;
    dd_diag diag = {{0}};
    cr_assert_eq(dd_store_open(missing, modes[i], &other, &diag), DD_ENOTFOUND,
                 "mode %d", (int)modes[i]);
    cr_assert_null(other);
    cr_assert_str_eq(diag.message, want);
    cr_assert_neq(access(missing, F_OK), 0, "mode %d made the file",
                  (int)modes[i]);
  }
  dd_store *made;
  cr_assert_eq(dd_store_open(missing, DD_STORE_CREATE, &made, NULL), DD_OK);
  cr_assert_eq(dd_store_schema_found(made), 0, "created");
  cr_assert_eq(dd_store_schema_version(made), dd_store_schema_latest());
  cr_assert_not(dd_store_read_only(made));
  dd_store_close(made);
}

Test(store, an_empty_file_is_no_register_and_anothers_database_is_left_alone) {
  FILE *f = fopen(in_dir("empty.db"), "w");
  cr_assert_not_null(f);
  fclose(f);
  dd_store *other;
  cr_assert_eq(dd_store_open(in_dir("empty.db"), DD_STORE_READ, &other, NULL),
               DD_ENOTFOUND);
  cr_assert_eq(dd_store_open(in_dir("empty.db"), DD_STORE_WRITE, &other, NULL),
               DD_ENOTFOUND);
  sqlite3 *db;
  cr_assert_eq(sqlite3_open(in_dir("theirs.db"), &db), SQLITE_OK);
  cr_assert_eq(sqlite3_exec(db, "CREATE TABLE t (x)", NULL, NULL, NULL),
               SQLITE_OK);
  sqlite3_close(db);
  dd_diag diag = {{0}};
  cr_assert_eq(
      dd_store_open(in_dir("theirs.db"), DD_STORE_CREATE, &other, &diag),
      DD_EIO);
  cr_assert(strstr(diag.message, "not a dueday register") != NULL, "%s",
            diag.message);
  cr_assert_eq(sqlite3_open(in_dir("theirs.db"), &db), SQLITE_OK);
  sqlite3_stmt *s;
  sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &s, NULL);
  cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
  cr_assert_eq(sqlite3_column_int(s, 0), 1, "nothing added to their schema");
  sqlite3_finalize(s);
  sqlite3_close(db);
}

Test(store, a_register_open_read_only_reads_and_refuses_every_write) {
  add("SC123456-2020-09");
  dd_store *ro;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_open(path, DD_STORE_READ, &ro, &diag), DD_OK, "%s",
               diag.message);
  cr_assert(dd_store_read_only(ro));
  dd_visit v;
  cr_assert_eq(dd_store_visit_get(ro, "SC123456-2020-09", &v, NULL, NULL, NULL),
               DD_OK);
  dd_visit_clear(&v);
  cr_assert_eq(dd_store_begin(ro, &diag), DD_EIO);
  dd_visit other = sample("SC999999-2020-09");
  cr_assert_neq(dd_store_visit_add(ro, &other, "test", &diag), DD_OK);
  int audits;
  dd_store_audit_count(st, NULL, &audits, NULL);
  cr_assert_eq(audits, 1, "only the first add");
  dd_store_close(ro);
}

/* A register at schema version 1, with no visit. */
static void make_v1(const char *file) {
  sqlite3 *db;
  cr_assert_eq(sqlite3_open(file, &db), SQLITE_OK);
  cr_assert_eq(sqlite3_exec(db,
                            "PRAGMA journal_mode = WAL;"
                            "CREATE TABLE visits (id TEXT PRIMARY KEY);"
                            "PRAGMA user_version = 1;",
                            NULL, NULL, NULL),
               SQLITE_OK);
  sqlite3_close(db);
}

Test(store,
     a_read_only_open_of_an_older_schema_is_refused_and_migrates_nothing) {
  make_v1(in_dir("v1.db"));
  dd_store *old;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_open(in_dir("v1.db"), DD_STORE_READ, &old, &diag),
               DD_EIO);
  cr_assert_null(old);
  cr_assert(strstr(diag.message, "schema version 1 is older") != NULL &&
                strstr(diag.message, "dueday db migrate") != NULL,
            "%s", diag.message);
  /* Nor does a writer, nor one that may create, nor a feed's open. */
  const dd_store_mode writers[] = {DD_STORE_WRITE, DD_STORE_CREATE,
                                   DD_STORE_WRITE_IF_CAN};
  for (size_t i = 0; i < 3; i++) {
    cr_assert_eq(dd_store_open(in_dir("v1.db"), writers[i], &old, &diag),
                 DD_EIO, "mode %zu", i);
    cr_assert(strstr(diag.message, "dueday db migrate") != NULL, "%s",
              diag.message);
  }
  /* Still at version 1, as status reads it. */
  cr_assert_eq(dd_store_open(in_dir("v1.db"), DD_STORE_INSPECT, &old, &diag),
               DD_OK, "%s", diag.message);
  cr_assert_eq(dd_store_schema_found(old), 1);
  cr_assert_eq(dd_store_schema_version(old), 1);
  dd_store_close(old);
}

/* Sets or clears the immutable attribute (chattr), which holds for root
 * too, as a file mode does not; false when that cannot be done here (not
 * root, or a file system without it). Checked by trying to write. */
static bool immutable(const char *file, bool on) {
  char cmd[256];
  snprintf(cmd, sizeof cmd, "chattr %ci '%s' 2>/dev/null", on ? '+' : '-',
           file);
  if (system(cmd) != 0)
    return false;
  if (!on)
    return true;
  char probe[200];
  snprintf(probe, sizeof probe, "%s/.probe", dir);
  FILE *f = fopen(strcmp(file, dir) == 0 ? probe : file, "a");
  if (f != NULL) {
    fclose(f);
    unlink(probe);
    immutable(file, false);
    return false;
  }
  return true;
}

Test(store,
     a_register_file_that_cannot_be_written_is_opened_read_only_for_a_feed) {
  add("SC123456-2020-09");
  dd_store_close(st);
  st = NULL;
  if (!immutable(path, true))
    cr_skip_test("chattr +i does not hold here");
  dd_store *reg = NULL;
  dd_diag diag = {{0}};
  int err = dd_store_open(path, DD_STORE_WRITE, &reg, &diag);
  int fallback = dd_store_open(path, DD_STORE_WRITE_IF_CAN, &st, NULL);
  immutable(path, false);
  cr_assert_eq(err, DD_EIO, "%s", diag.message);
  cr_assert_null(reg);
  cr_assert_eq(fallback, DD_OK);
  cr_assert(dd_store_read_only(st));
  dd_visit v;
  cr_assert_eq(dd_store_visit_get(st, "SC123456-2020-09", &v, NULL, NULL, NULL),
               DD_OK);
  dd_visit_clear(&v);
}

Test(store, a_register_in_a_directory_that_cannot_be_written_is_read) {
  add("SC123456-2020-09");
  /* Closed: its WAL and WAL index go, and a reader would have to make
   * them, in a directory where it cannot. */
  dd_store_close(st);
  st = NULL;
  if (!immutable(dir, true))
    cr_skip_test("chattr +i does not hold here");
  dd_store *ro = NULL, *w = NULL, *feed = NULL;
  dd_diag diag = {{0}};
  int rerr = dd_store_open(path, DD_STORE_READ, &ro, &diag);
  int werr = dd_store_open(path, DD_STORE_WRITE, &w, NULL);
  int ferr = dd_store_open(path, DD_STORE_WRITE_IF_CAN, &feed, NULL);
  dd_visit v;
  int gerr =
      ro ? dd_store_visit_get(ro, "SC123456-2020-09", &v, NULL, NULL, NULL)
         : DD_EIO;
  if (gerr == DD_OK)
    dd_visit_clear(&v);
  bool feed_ro = feed != NULL && dd_store_read_only(feed);
  dd_store_close(ro);
  dd_store_close(feed);
  immutable(dir, false);
  cr_assert_eq(rerr, DD_OK, "%s", diag.message);
  cr_assert_eq(gerr, DD_OK);
  cr_assert_eq(werr, DD_EIO);
  cr_assert_null(w);
  cr_assert_eq(ferr, DD_OK);
  cr_assert(feed_ro);
}

/* Feeds of a register whose feed state cannot be written: made all the
 * same, from the stored state, with the reason given once the feed is
 * made (dd_feed_build's diag) and nothing written. */

static dd_config *feed_cfg;
static dd_planner *feed_planner;

/* Besides the suite's setup and teardown, which Criterion runs too. */
static void feed_setup(void) {
  dd_diag diag = {{0}};
  cr_assert_eq(dd_config_load_default(&feed_cfg, &diag), DD_OK, "%s",
               diag.message);
  cr_assert_eq(dd_planner_new(feed_cfg, HOLIDAYS_DIR, &feed_planner, &diag),
               DD_OK, "%s", diag.message);
}

static void feed_teardown(void) {
  dd_planner_free(feed_planner);
  dd_config_free(feed_cfg);
}

/* The feed of every visit in reg on 2020-09-18, the DTSTAMP pinned so that
 * two feeds compare byte for byte; diag says what dd_feed_build said. */
static char *feed_of(dd_store *reg, dd_diag *diag) {
  char *text;
  size_t len, n;
  dd_date today = D("2020-09-18");
  cr_assert_eq(dd_feed_build(reg, feed_planner, DD_SCOPE_ALL, "", "test", today,
                             dd_feed_dtstamp(today, true), &text, &len, &n,
                             diag),
               DD_OK, "%s", diag->message);
  cr_assert_not_null(text);
  return text;
}

/* The stored SEQUENCE of a visit's milestone, -1 when none is stored. */
static int stored_sequence(const char *visit_id, const char *milestone) {
  int seq = -1;
  char previous[64];
  cr_assert_eq(dd_store_feed_state(st, visit_id, milestone, NULL, &seq,
                                   previous, sizeof previous, NULL),
               DD_OK);
  return previous[0] != '\0' ? seq : -1;
}

Test(store,
     a_read_only_feed_numbers_events_from_the_stored_state_and_writes_nothing,
     .init = feed_setup, .fini = feed_teardown) {
  add("SC123456-2020-09");
  dd_diag diag = {{0}};
  free(feed_of(st, &diag));
  cr_assert_str_empty(diag.message);
  cr_assert_eq(stored_sequence("SC123456-2020-09", "publication"), 0);
  /* The visit moves a week: each milestone's dates change. */
  dd_visit v = sample("SC123456-2020-09");
  v.start = D("2020-09-28");
  dd_store_begin(st, NULL);
  cr_assert_eq(dd_store_visit_update(st, &v, "test", "move", "a week", NULL),
               DD_OK);
  dd_store_commit(st, NULL);

  dd_store *ro;
  cr_assert_eq(dd_store_open(path, DD_STORE_READ, &ro, &diag), DD_OK, "%s",
               diag.message);
  char *first = feed_of(ro, &diag);
  cr_assert(strstr(diag.message, "feed state not kept") != NULL, "%s",
            diag.message);
  cr_assert(strstr(first, "SEQUENCE:1\r\n") != NULL, "numbered as if kept");
  cr_assert_eq(stored_sequence("SC123456-2020-09", "publication"), 0,
               "nothing written");
  char *again = feed_of(ro, &diag);
  cr_assert_str_eq(again, first, "the same feed on every request");
  /* Once a writer makes it, the register holds what was served. */
  char *written = feed_of(st, &diag);
  cr_assert_str_empty(diag.message);
  cr_assert_str_eq(written, first);
  cr_assert_eq(stored_sequence("SC123456-2020-09", "publication"), 1);
  free(feed_of(ro, &diag));
  cr_assert_str_empty(diag.message, "nothing left to keep");
  free(first);
  free(again);
  free(written);
  dd_store_close(ro);
}

/* The pages the register's database has now. */
static long page_count(void) {
  sqlite3_stmt *s;
  cr_assert_eq(sqlite3_prepare_v2(st->db, "PRAGMA page_count", -1, &s, NULL),
               SQLITE_OK);
  cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
  long n = (long)sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  return n;
}

Test(store, a_full_disk_loses_the_feed_state_and_not_the_feed,
     .init = feed_setup, .fini = feed_teardown) {
  /* Enough visits that their feed state needs pages of its own. */
  for (int i = 0; i < 60; i++) {
    char id[32];
    snprintf(id, sizeof id, "SC%06d-2020-09", i);
    add(id);
  }
  /* SQLite's own limit on the file's size: SQLITE_FULL, as on a full
   * disk, once a write needs a page more. */
  char pragma[64];
  snprintf(pragma, sizeof pragma, "PRAGMA max_page_count = %ld", page_count());
  cr_assert_eq(sqlite3_exec(st->db, pragma, NULL, NULL, NULL), SQLITE_OK);
  dd_diag diag = {{0}};
  char *full = feed_of(st, &diag);
  cr_assert(strstr(diag.message, "feed state not kept") != NULL &&
                strstr(diag.message, "full") != NULL,
            "%s", diag.message);
  cr_assert_eq(stored_sequence("SC000000-2020-09", "publication"), -1,
               "rolled back whole");
  char *again = feed_of(st, &diag);
  cr_assert_str_eq(again, full);
  cr_assert_eq(
      sqlite3_exec(st->db, "PRAGMA max_page_count = 1000000", NULL, NULL, NULL),
      SQLITE_OK);
  char *kept = feed_of(st, &diag);
  cr_assert_str_empty(diag.message);
  cr_assert_str_eq(kept, full, "the same feed, kept this time");
  cr_assert_eq(stored_sequence("SC000000-2020-09", "publication"), 0);
  free(full);
  free(again);
  free(kept);
}

Test(store, a_copy_takes_writes_and_the_file_does_not) {
  add("SC123456-2020-09");
  dd_store *copy;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_open(path, DD_STORE_COPY, &copy, &diag), DD_OK, "%s",
               diag.message);
  dd_visit v = sample("SC999999-2020-09");
  cr_assert_eq(dd_store_begin(copy, &diag), DD_OK, "%s", diag.message);
  cr_assert_eq(dd_store_visit_add(copy, &v, "test", &diag), DD_OK, "%s",
               diag.message);
  cr_assert_eq(dd_store_commit(copy, &diag), DD_OK, "%s", diag.message);
  cr_assert_eq(
      dd_store_visit_get(copy, "SC999999-2020-09", &v, NULL, NULL, NULL),
      DD_OK);
  dd_visit_clear(&v);
  dd_store_close(copy);
  cr_assert_eq(dd_store_visit_get(st, "SC999999-2020-09", &v, NULL, NULL, NULL),
               DD_ENOTFOUND, "the file never saw the add");
}

Test(store, a_copy_of_an_older_register_is_refused_and_the_file_unchanged) {
  make_v1(in_dir("v1.db"));
  dd_store *copy;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_open(in_dir("v1.db"), DD_STORE_COPY, &copy, &diag),
               DD_EIO);
  cr_assert_null(copy);
  cr_assert(strstr(diag.message, "dueday db migrate") != NULL, "%s",
            diag.message);
  cr_assert_eq(dd_store_open(in_dir("v1.db"), DD_STORE_READ, &copy, &diag),
               DD_EIO);
  cr_assert(strstr(diag.message, "schema version 1 is older") != NULL, "%s",
            diag.message);
}

/* dd_store_subscribers_each's callback: a copy of the first. */
static int first_subscriber(const dd_subscriber *s, void *arg) {
  *(dd_subscriber *)arg = *s;
  ((dd_subscriber *)arg)->name = ((dd_subscriber *)arg)->email =
      ((dd_subscriber *)arg)->scope = NULL;
  return 1;
}

/* Records one fetch of id by client, now. */
static int seen(long id, const char *client) {
  dd_subscriber_fetch f = {id, time(NULL), client};
  dd_diag diag = {{0}};
  int err = dd_store_subscribers_seen(st, &f, 1, &diag);
  cr_assert_eq(err, DD_OK, "%s", diag.message);
  return err;
}

Test(store, a_feeds_fetch_is_kept_with_its_client_as_text) {
  dd_diag diag = {{0}};
  long id;
  cr_assert_eq(dd_store_begin(st, &diag), DD_OK);
  cr_assert_eq(dd_store_subscriber_add(
                   st, "Jo", "jo@x", "all",
                   "0123456789abcdef0123456789abcdef0123456789abcdef0123456789"
                   "abcdef",
                   "test", &id, &diag),
               DD_OK);
  cr_assert_eq(dd_store_commit(st, &diag), DD_OK);
  int audits;
  cr_assert_eq(dd_store_audit_count(st, NULL, &audits, &diag), DD_OK);
  dd_subscriber s;
  cr_assert_eq(dd_store_subscribers_each(st, first_subscriber, &s, &diag), 1);
  cr_assert_str_eq(s.last_fetch, "", "never fetched");
  cr_assert_str_eq(s.last_client, "");
  /* Control characters and bytes that are not UTF-8 become '?'; a long
   * client is cut at a character, never inside one. */
  cr_assert_eq(seen(id, "Cal\x01\xff/1 é"), DD_OK);
  cr_assert_eq(dd_store_subscribers_each(st, first_subscriber, &s, &diag), 1);
  cr_assert_eq(strlen(s.last_fetch), 20, "%s", s.last_fetch);
  cr_assert_str_eq(s.last_client, "Cal?"
                                  "?/1 é");
  char long_client[400];
  memset(long_client, 'a', 126);
  strcpy(long_client + 126, "ééé");
  cr_assert_eq(seen(id, long_client), DD_OK);
  cr_assert_eq(dd_store_subscribers_each(st, first_subscriber, &s, &diag), 1);
  cr_assert_eq(strlen(s.last_client), 126, "é would not fit whole");
  /* Not audited: a fetch changes nothing. */
  int now;
  cr_assert_eq(dd_store_audit_count(st, NULL, &now, &diag), DD_OK);
  cr_assert_eq(now, audits);
  /* One that is not there is skipped; the others are written. */
  dd_subscriber_fetch two[] = {{id + 1, 0, "x"}, {id, 86400, "Later/2"}};
  cr_assert_eq(dd_store_subscribers_seen(st, two, 2, &diag), DD_OK);
  cr_assert_eq(dd_store_subscribers_each(st, first_subscriber, &s, &diag), 1);
  cr_assert_str_eq(s.last_fetch, "1970-01-02T00:00:00Z");
  cr_assert_str_eq(s.last_client, "Later/2");
}

struct audit_list {
  char text[512];
};

static int audit_text(const dd_audit_entry *a, void *arg) {
  struct audit_list *l = arg;
  size_t n = strlen(l->text);
  snprintf(l->text + n, sizeof l->text - n, "%s%s/%s/%s", n ? " " : "",
           a->actor, a->action, a->visit_id);
  return 0;
}

static const char *query(const dd_audit_filter *f, size_t offset,
                         size_t limit) {
  static struct audit_list l;
  l.text[0] = '\0';
  cr_assert_eq(dd_store_audit_query(st, f, offset, limit, audit_text, &l, NULL),
               DD_OK);
  return l.text;
}

Test(store, the_audit_query_filters_pages_and_goes_newest_first) {
  add("A-1");
  add("B-2");
  dd_diag diag = {{0}};
  dd_recorded ev = {.what = "note", .date = D("2020-12-14"), .time = -1};
  cr_assert_eq(dd_store_begin(st, &diag), DD_OK);
  cr_assert_eq(dd_store_event_add(st, "A-1", &ev, "Jo@X", &diag), DD_OK);
  cr_assert_eq(dd_store_commit(st, &diag), DD_OK);
  cr_assert_str_eq(query(NULL, 0, 0),
                   "Jo@X/record/A-1 test/add/B-2 test/add/A-1");
  cr_assert_str_eq(query(NULL, 1, 1), "test/add/B-2");
  cr_assert_str_eq(query(&(dd_audit_filter){.actor = "jo@x"}, 0, 0),
                   "Jo@X/record/A-1");
  cr_assert_str_eq(query(&(dd_audit_filter){.visit_id = "A-1"}, 0, 0),
                   "Jo@X/record/A-1 test/add/A-1");
  cr_assert_str_eq(
      query(&(dd_audit_filter){.visit_id = "A-1", .action = "add"}, 0, 0),
      "test/add/A-1");
  cr_assert_str_eq(query(&(dd_audit_filter){.action = "remove"}, 0, 0), "");
  /* Days, UTC: every row is today's. */
  char today[16];
  time_t now = time(NULL);
  strftime(today, sizeof today, "%Y-%m-%d", gmtime(&now));
  dd_date d = D(today);
  cr_assert_str_eq(query(&(dd_audit_filter){.from = d, .to = d}, 0, 2),
                   "Jo@X/record/A-1 test/add/B-2");
  cr_assert_str_eq(query(&(dd_audit_filter){.from = d + 1}, 0, 0), "");
  cr_assert_str_eq(query(&(dd_audit_filter){.to = d - 1}, 0, 0), "");
}

/* dd_store_visit_peek's function: notes the region it was shown. */
static int note_region(const dd_visit *v, void *arg) {
  snprintf(arg, 64, "%s", v->region);
  return 7;
}

Test(store, a_peek_lends_the_visit_and_answers_as_its_function) {
  add("SC1-2020-09");
  char region[64] = "";
  dd_diag diag = {{0}};
  cr_assert_eq(
      dd_store_visit_peek(st, "SC1-2020-09", note_region, region, &diag), 7);
  cr_assert_str_eq(region, sample("x").region);
  region[0] = '\0';
  cr_assert_eq(dd_store_visit_peek(st, "NOPE", note_region, region, &diag),
               DD_ENOTFOUND);
  cr_assert_str_eq(region, "", "not called for a missing visit");
  cr_assert(strstr(diag.message, "NOPE") != NULL, "%s", diag.message);
}

/* dd_store_values_each's function: the values, one a line. */
static int append_value(const char *value, void *arg) {
  strcat(arg, value);
  strcat(arg, "\n");
  return 0;
}

Test(store, the_known_values_are_each_distinct_value_of_the_visits_left) {
  add("V1");
  dd_visit v = sample("V2");
  v.region = "London";
  v.inspector = "";
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_begin(st, &diag), DD_OK);
  cr_assert_eq(dd_store_visit_add(st, &v, "test", &diag), DD_OK);
  v = sample("V3");
  v.region = "Wessex";
  cr_assert_eq(dd_store_visit_add(st, &v, "test", &diag), DD_OK);
  cr_assert_eq(dd_store_visit_delete(st, "V3", "test", &diag), DD_OK);
  cr_assert_eq(dd_store_commit(st, &diag), DD_OK);
  char got[256] = "";
  cr_assert_eq(
      dd_store_values_each(st, DD_SCOPE_REGION, append_value, got, &diag),
      DD_OK);
  cr_assert_str_eq(got, "London\nNorth West\n"); /* not the deleted Wessex */
  got[0] = '\0';
  cr_assert_eq(
      dd_store_values_each(st, DD_SCOPE_INSPECTOR, append_value, got, &diag),
      DD_OK);
  cr_assert_str_eq(got, "i.inspector@example.org\n");
  got[0] = '\0';
  cr_assert_eq(
      dd_store_values_each(st, DD_SCOPE_VISIT, append_value, got, &diag),
      DD_OK);
  cr_assert_str_eq(got, "V1\nV2\n");
  cr_assert_eq(
      dd_store_values_each(st, DD_SCOPE_HOLIDAYS, append_value, got, &diag),
      DD_EINVAL);
}

Test(store, a_deleted_visit_cannot_be_updated_or_peeked_at) {
  add("V1");
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_begin(st, &diag), DD_OK);
  cr_assert_eq(dd_store_visit_delete(st, "V1", "test", &diag), DD_OK);
  dd_visit v = sample("V1");
  v.name = "Renamed";
  cr_assert_eq(dd_store_visit_update(st, &v, "test", "edit", "x", &diag),
               DD_ENOTFOUND);
  cr_assert_eq(dd_store_commit(st, &diag), DD_OK);
  cr_assert_eq(dd_store_visit_peek(st, "V1", NULL, NULL, &diag), DD_ENOTFOUND);
  cr_assert(strstr(diag.message, "V1 was deleted from the register on ") !=
                NULL,
            "%s", diag.message);
}

/* The register's safety (dueday db): its files' modes, the locks beside
 * it, backups, restores, status and pruning. */

/* The permission bits of file; -1 when it is not there. */
static int mode_of(const char *file) {
  struct stat sb;
  return stat(file, &sb) == 0 ? (int)(sb.st_mode & 0777) : -1;
}

/* A count of table's rows in st. */
static long rows(dd_store *s, const char *table) {
  char sql[128];
  snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
  sqlite3_stmt *q;
  cr_assert_eq(sqlite3_prepare_v2(s->db, sql, -1, &q, NULL), SQLITE_OK, "%s",
               sqlite3_errmsg(s->db));
  cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
  long n = (long)sqlite3_column_int64(q, 0);
  sqlite3_finalize(q);
  return n;
}

Test(store, the_register_its_wal_and_shm_are_made_0600_whatever_the_umask) {
  /* setup made the register under the umask the test started with; made
   * again under a lax one, it must still be 0600 (SQLite's own default
   * is 0644 less the umask). */
  mode_t was = umask(0);
  dd_store *made;
  dd_diag diag = {{0}};
  int err = dd_store_open(in_dir("lax.db"), DD_STORE_CREATE, &made, &diag);
  umask(was);
  cr_assert_eq(err, DD_OK, "%s", diag.message);
  cr_assert_eq(mode_of(in_dir("lax.db")), 0600);
  /* The WAL and its index exist while a connection is open. */
  cr_assert_eq(mode_of(in_dir("lax.db-wal")), 0600);
  cr_assert_eq(mode_of(in_dir("lax.db-shm")), 0600);
  dd_store_close(made);
  cr_assert_eq(mode_of(path), 0600);
  add("SC000001-2020-09");
  cr_assert_eq(mode_of(in_dir("register.db-wal")), 0600);
}

Test(store, with_a_group_the_files_are_0640_and_the_groups) {
  struct group *g = getgrgid(getegid());
  cr_assert_not_null(g);
  char group[64];
  snprintf(group, sizeof group, "%s", g->gr_name);
  const dd_store_options opt = {.group = group};
  dd_store *made;
  dd_diag diag = {{0}};
  mode_t was = umask(077); /* would take the group's read away */
  int err =
      dd_store_open_with(in_dir("g.db"), DD_STORE_CREATE, &opt, &made, &diag);
  umask(was);
  cr_assert_eq(err, DD_OK, "%s", diag.message);
  const char *const files[] = {"g.db", "g.db-wal", "g.db-shm"};
  for (size_t i = 0; i < 3; i++) {
    struct stat sb;
    cr_assert_eq(stat(in_dir(files[i]), &sb), 0, "%s", files[i]);
    cr_assert_eq(sb.st_mode & 0777, 0640, "%s: %o", files[i],
                 (unsigned)(sb.st_mode & 0777));
    cr_assert_eq(sb.st_gid, getegid(), "%s", files[i]);
  }
  int fd;
  cr_assert_eq(dd_store_lock(made, "notify", true, &fd, &diag), DD_OK, "%s",
               diag.message);
  cr_assert_eq(mode_of(in_dir("g.db-notify.lock")), 0640);
  close(fd);
  dd_store_close(made);
}

Test(store, a_group_that_does_not_exist_is_named_and_nothing_is_made) {
  const dd_store_options opt = {.group = "no-such-group-dueday"};
  dd_store *made;
  dd_diag diag = {{0}};
  cr_assert_eq(
      dd_store_open_with(in_dir("n.db"), DD_STORE_CREATE, &opt, &made, &diag),
      DD_EIO);
  cr_assert_null(made);
  cr_assert(strstr(diag.message,
                   "register.group \"no-such-group-dueday\": no such group") !=
                NULL,
            "%s", diag.message);
  cr_assert_eq(mode_of(in_dir("n.db")), -1, "no register left behind");
}

Test(store, a_lock_is_shared_by_servers_and_refused_to_an_exclusive_taker) {
  int a, b, c;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_lock(st, "serve", false, &a, &diag), DD_OK, "%s",
               diag.message);
  cr_assert_eq(dd_store_lock(st, "serve", false, &b, &diag), DD_OK, "%s",
               diag.message);
  cr_assert_eq(mode_of(in_dir("register.db-serve.lock")), 0600);
  /* flock(2) locks belong to the open file, so a second open in this
   * process conflicts as another process's would. */
  cr_assert_eq(dd_store_lock(st, "serve", true, &c, &diag), DD_ECONFLICT);
  cr_assert_eq(c, -1);
  cr_assert(strstr(diag.message, "register.db-serve.lock is held by another "
                                 "process") != NULL,
            "%s", diag.message);
  close(a);
  cr_assert_eq(dd_store_lock(st, "serve", true, &c, &diag), DD_ECONFLICT);
  close(b);
  cr_assert_eq(dd_store_lock(st, "serve", true, &c, &diag), DD_OK, "%s",
               diag.message);
  cr_assert_eq(dd_store_lock(st, "serve", false, &a, &diag), DD_ECONFLICT);
  close(c);
}

Test(store, a_backup_holds_every_row_passes_the_check_and_is_0600) {
  for (int i = 0; i < 50; i++) {
    char id[32];
    snprintf(id, sizeof id, "SC%06d-2020-09", i);
    add(id);
  }
  dd_diag diag = {{0}};
  mode_t was = umask(0);
  int err = dd_store_backup(st, in_dir("b.db"), 0, &diag);
  umask(was);
  cr_assert_eq(err, DD_OK, "%s", diag.message);
  cr_assert_eq(mode_of(in_dir("b.db")), 0600);
  cr_assert_eq(mode_of(in_dir("b.db.tmp")), -1, "no .tmp left");
  cr_assert_eq(mode_of(in_dir("b.db-wal")), -1, "one file, out of WAL mode");
  dd_store *b;
  cr_assert_eq(dd_store_open(in_dir("b.db"), DD_STORE_READ, &b, &diag), DD_OK,
               "%s", diag.message);
  cr_assert_eq(dd_store_integrity(b, &diag), DD_OK, "%s", diag.message);
  cr_assert_eq(rows(b, "visits"), 50);
  cr_assert_eq(rows(b, "audit"), 50);
  dd_store_close(b);
  /* There already: refused, unless forced. */
  add("SC999999-2020-09");
  cr_assert_eq(dd_store_backup(st, in_dir("b.db"), 0, &diag), DD_ECONFLICT);
  cr_assert(strstr(diag.message, "exists already") != NULL, "%s", diag.message);
  cr_assert_eq(dd_store_backup(st, in_dir("b.db"), DD_BACKUP_FORCE, &diag),
               DD_OK, "%s", diag.message);
  cr_assert_eq(dd_store_open(in_dir("b.db"), DD_STORE_READ, &b, &diag), DD_OK);
  cr_assert_eq(rows(b, "visits"), 51);
  dd_store_close(b);
  /* A directory that is not there: named, and nothing left. */
  cr_assert_eq(dd_store_backup(st, in_dir("no/b.db"), 0, &diag), DD_EIO);
  cr_assert(strstr(diag.message, "no/b.db.tmp") != NULL, "%s", diag.message);
}

Test(store, a_damaged_file_fails_the_integrity_check) {
  add("SC000001-2020-09");
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_backup(st, in_dir("d.db"), 0, &diag), DD_OK);
  /* Page 2 onwards overwritten: the header still says SQLite. */
  FILE *f = fopen(in_dir("d.db"), "r+b");
  cr_assert_not_null(f);
  fseek(f, 4096 + 100, SEEK_SET);
  for (int i = 0; i < 8000; i++)
    fputc(0x5a, f);
  fclose(f);
  dd_store *d;
  int err = dd_store_open(in_dir("d.db"), DD_STORE_INSPECT, &d, &diag);
  if (err == DD_OK)
    err = dd_store_integrity(d, &diag);
  cr_assert_neq(err, DD_OK, "a damaged register passed");
  dd_store_close(d);
}

Test(store, a_restore_replaces_every_row_for_every_connection) {
  add("SC000001-2020-09");
  add("SC000002-2020-09");
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_backup(st, in_dir("b.db"), 0, &diag), DD_OK);
  add("SC000003-2020-09");
  cr_assert_eq(rows(st, "visits"), 3);
  dd_store *live, *src;
  cr_assert_eq(dd_store_open(path, DD_STORE_MIGRATE, &live, &diag), DD_OK, "%s",
               diag.message);
  cr_assert_eq(dd_store_open(in_dir("b.db"), DD_STORE_INSPECT, &src, &diag),
               DD_OK, "%s", diag.message);
  cr_assert_eq(dd_store_restore_from(live, src, &diag), DD_OK, "%s",
               diag.message);
  dd_store_close(src);
  dd_store_close(live);
  /* The connection open all along sees the restored register. */
  cr_assert_eq(rows(st, "visits"), 2);
  dd_visit v;
  cr_assert_eq(dd_store_visit_get(st, "SC000003-2020-09", &v, NULL, NULL, NULL),
               DD_ENOTFOUND);
  cr_assert_eq(dd_store_integrity(st, &diag), DD_OK, "%s", diag.message);
}

Test(store, status_counts_each_table_and_an_older_schema_has_none_of_some) {
  add("SC000001-2020-09");
  add("SC000002-2020-09");
  dd_store_status s;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_status_read(st, &s, &diag), DD_OK, "%s", diag.message);
  cr_assert_eq(s.visits, 2);
  cr_assert_eq(s.audit, 2);
  cr_assert_eq(s.events, 0);
  cr_assert_eq(s.users, 0);
  cr_assert_eq(s.ledger, 0);
  cr_assert_eq(s.mode, 0600);
  cr_assert(s.size >= 4096 && s.wal_size > 0, "%lld %lld", s.size, s.wal_size);
  cr_assert(s.last_write_from_audit);
  cr_assert_eq(strlen(s.last_write), 20, "%s", s.last_write);
  make_v1(in_dir("v1.db"));
  dd_store *old;
  cr_assert_eq(dd_store_open(in_dir("v1.db"), DD_STORE_INSPECT, &old, &diag),
               DD_OK, "%s", diag.message);
  cr_assert_eq(dd_store_status_read(old, &s, &diag), DD_OK, "%s", diag.message);
  cr_assert_eq(s.visits, 0);
  cr_assert_eq(s.users, -1, "no users table at version 1");
  cr_assert_eq(s.audit, -1);
  cr_assert(!s.last_write_from_audit);
  dd_store_close(old);
}

/* Runs sql on st's connection. */
static void exec(const char *sql) {
  char *err = NULL;
  cr_assert_eq(sqlite3_exec(st->db, sql, NULL, NULL, &err), SQLITE_OK, "%s",
               err ? err : "");
}

Test(store, prune_removes_the_ledger_and_feed_state_of_finished_visits_only) {
  add("DONE-1");  /* completed, everything of it before 2021 */
  add("LATE-1");  /* completed, but a feed published a date in 2021 */
  add("OPEN-1");  /* still planned */
  add("UNPUB-1"); /* completed, its publication not recorded */
  exec("UPDATE visits SET status = 'completed' WHERE id IN "
       "('DONE-1', 'LATE-1', 'UNPUB-1');"
       "INSERT INTO events (visit_id, what, on_date, recorded_at) VALUES "
       "('DONE-1', 'publication', '2020-11-13', 'now'),"
       "('LATE-1', 'publication', '2020-11-13', 'now');"
       "INSERT INTO reminders (visit_id, milestone, due, threshold, "
       "recipient, state, created_at) VALUES "
       "('DONE-1', 'draft-sent', '2020-10-01', 'due', 'a@x', 'sent', 'now'),"
       "('DONE-1', 'publication', '2020-11-13T14:00', 'due', 'a@x', "
       "'failed', 'now'),"
       "('LATE-1', 'draft-sent', '2020-10-01', 'due', 'a@x', 'sent', 'now'),"
       "('OPEN-1', 'draft-sent', '2020-10-01', 'due', 'a@x', 'sent', 'now');"
       "INSERT INTO reminder_marks VALUES "
       "('DONE-1', 'draft-sent', 'a@x', '2020-10-01', 1);"
       "INSERT INTO feed_state (visit_id, milestone, published) VALUES "
       "('DONE-1', 'publication', '2020-11-13/2020-11-13/-'),"
       "('LATE-1', 'publication', '2020-12-30/2021-01-04/-'),"
       "('OPEN-1', 'publication', '2020-11-13/2020-11-13/-'),"
       "('UNPUB-1', 'publication', '2020-11-13/2020-11-13/-');");
  dd_store_pruned p;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_prune(st, D("2021-01-01"), "test", true, &p, &diag),
               DD_OK, "%s", diag.message);
  cr_assert_eq(p.visits, 1);
  cr_assert_eq(p.ledger, 2);
  cr_assert_eq(p.marks, 1);
  cr_assert_eq(p.feed_state, 1);
  cr_assert_eq(rows(st, "reminders"), 4, "a dry run removes nothing");
  cr_assert_eq(rows(st, "audit"), 4, "nor audits");
  cr_assert_eq(dd_store_prune(st, D("2021-01-01"), "test", false, &p, &diag),
               DD_OK, "%s", diag.message);
  cr_assert_eq(p.visits, 1);
  cr_assert_eq(p.ledger, 2);
  cr_assert_eq(rows(st, "reminders"), 2);
  cr_assert_eq(rows(st, "reminder_marks"), 0);
  cr_assert_eq(rows(st, "feed_state"), 3);
  cr_assert_eq(rows(st, "visits"), 4, "the visits are kept");
  cr_assert_eq(rows(st, "audit"), 5, "one audit row");
  int n;
  cr_assert_eq(dd_store_audit_count(st, NULL, &n, NULL), DD_OK);
  sqlite3_stmt *q;
  cr_assert_eq(sqlite3_prepare_v2(st->db,
                                  "SELECT action, detail FROM audit ORDER BY "
                                  "id DESC LIMIT 1",
                                  -1, &q, NULL),
               SQLITE_OK);
  cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
  cr_assert_str_eq((const char *)sqlite3_column_text(q, 0), "prune");
  cr_assert_str_eq((const char *)sqlite3_column_text(q, 1),
                   "before 2021-01-01: 1 visit(s); 2 reminder-ledger row(s), "
                   "1 mark(s), 1 feed-state row(s) removed");
  sqlite3_finalize(q);
  /* A later date takes LATE-1 too. */
  cr_assert_eq(dd_store_prune(st, D("2021-02-01"), "test", false, &p, &diag),
               DD_OK, "%s", diag.message);
  cr_assert_eq(p.visits, 1, "LATE-1 (nothing is left of DONE-1)");
  cr_assert_eq(rows(st, "feed_state"), 2, "OPEN-1's and UNPUB-1's");
}
