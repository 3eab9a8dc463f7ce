/* The iCalendar feed of a register with libdueday: a register made in a
 * temporary directory, one assurance visit added to it, and the feed a
 * subscribed calendar would fetch, with every milestone as an event.
 *   cc feed.c $(pkg-config --cflags --libs dueday) */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <dueday/dueday.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  char dir[] = "/tmp/dueday-feed-XXXXXX", path[64];
  if (!mkdtemp(dir)) {
    perror("feed: mkdtemp");
    return 1;
  }
  snprintf(path, sizeof path, "%s/register.db", dir);

  dd_diag diag;
  dd_config *cfg = NULL;
  dd_planner *planner = NULL;
  dd_store *st = NULL;
  char *text = NULL;
  size_t len, nevents;
  char id[] = "SC404455-2020-12", type[] = "assurance", name[] = "Elm Lodge";
  dd_visit v = {.id = id,
                .type = type,
                .name = name,
                .days_on_site = 2,
                .status = DD_VISIT_COMPLETED};
  dd_date today;
  /* DD_STORE_CREATE: the example makes its register. A program that only
   * reads one opens it DD_STORE_READ, and one that serves feeds
   * DD_STORE_WRITE_IF_CAN, so that a read-only register is served too. */
  int ok = dd_date_parse("2020-12-10", &v.start, NULL) == DD_OK &&
           dd_date_parse("2020-12-14", &today, NULL) == DD_OK &&
           dd_config_load_default(&cfg, &diag) == DD_OK &&
           dd_planner_new(cfg, NULL, &planner, &diag) == DD_OK &&
           dd_store_open(path, DD_STORE_CREATE, &st, &diag) == DD_OK &&
           dd_store_begin(st, &diag) == DD_OK;
  if (ok && (dd_store_visit_add(st, &v, "example", &diag) != DD_OK ||
             dd_store_commit(st, &diag) != DD_OK)) {
    dd_store_rollback(st);
    ok = 0;
  }
  /* A pinned DTSTAMP (midnight of today) so that the bytes do not depend on
   * the clock; a live feed would pass dd_feed_dtstamp(today, false). */
  ok = ok && dd_feed_build(st, planner, DD_SCOPE_ALL, "", "dueday: all visits",
                           today, dd_feed_dtstamp(today, true), &text, &len,
                           &nevents, &diag) == DD_OK;
  if (ok) {
    fwrite(text, 1, len, stdout);
    fprintf(stderr, "feed: %zu events\n", nevents);
    /* Made all the same, but its SEQUENCEs were not stored (a read-only
     * register, a full disk): worth a line in a log. */
    if (diag.message[0] != '\0')
      fprintf(stderr, "feed: %s\n", diag.message);
  } else {
    fprintf(stderr, "feed: %s\n", diag.message);
  }

  free(text); /* ours; NULL after a failure */
  dd_store_close(st);
  dd_planner_free(planner);
  dd_config_free(cfg);
  /* The register and its WAL files, then the directory. */
  const char *const suffixes[] = {"", "-wal", "-shm"};
  for (size_t i = 0; i < 3; i++) {
    snprintf(path, sizeof path, "%s/register.db%s", dir, suffixes[i]);
    unlink(path);
  }
  rmdir(dir);
  return ok ? 0 : 1;
}
