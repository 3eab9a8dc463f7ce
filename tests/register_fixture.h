/* What the feed tests share: a real register in a temporary directory,
 * the shipped configuration and a planner over the holiday data in the
 * source tree, made before each test and removed after it; and a scope's
 * feed built from them. The helpers are inline so that a suite that does
 * not use one is not warned about it. */
#ifndef DUEDAY_TESTS_REGISTER_FIXTURE_H
#define DUEDAY_TESTS_REGISTER_FIXTURE_H

#include "dueday/config.h"
#include "dueday/date.h"
#include "dueday/feed.h"
#include "dueday/planner.h"
#include "dueday/store.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char reg_dir[64];
static dd_store *reg;
static dd_config *cfg;
static dd_planner *planner;

static void register_setup(void) {
  strcpy(reg_dir, "/tmp/dueday-feed-XXXXXX");
  cr_assert_not_null(mkdtemp(reg_dir));
  char path[96];
  snprintf(path, sizeof path, "%s/register.db", reg_dir);
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_open(path, DD_STORE_CREATE, &reg, &diag), DD_OK, "%s",
               diag.message);
  cr_assert_eq(dd_config_load_default(&cfg, &diag), DD_OK, "%s", diag.message);
  cr_assert_eq(dd_planner_new(cfg, HOLIDAYS_DIR, &planner, &diag), DD_OK, "%s",
               diag.message);
}

static void register_teardown(void) {
  dd_planner_free(planner);
  dd_config_free(cfg);
  dd_store_close(reg);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", reg_dir);
  cr_assert_eq(system(cmd), 0);
}

/* A date that must parse. */
static inline dd_date D(const char *text) {
  dd_date d;
  cr_assert_eq(dd_date_parse(text, &d, NULL), DD_OK, "%s", text);
  return d;
}

/* The feed of a scope as of today, DTSTAMP pinned; caller frees. */
static inline char *build(dd_scope_kind kind, const char *value,
                          const char *today, size_t *nevents) {
  char *text;
  size_t len, n;
  dd_diag diag = {{0}};
  dd_date t = D(today);
  cr_assert_eq(dd_feed_build(reg, planner, kind, value, "dueday: test", t,
                             dd_feed_dtstamp(t, true), &text, &len, &n, &diag),
               DD_OK, "%s", diag.message);
  cr_assert_eq(strlen(text), len);
  if (nevents != NULL)
    *nevents = n;
  return text;
}

#endif
