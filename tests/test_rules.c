/* Visit types in the configuration: the shipped types, the rule set in
 * force by start date, and every loader error with its file and line. */
#include "dueday/config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static dd_date D(const char *text) {
  dd_date d;
  cr_assert_eq(dd_date_parse(text, &d, NULL), DD_OK, "%s", text);
  return d;
}

Test(rules, the_shipped_assurance_visit_has_the_published_milestone_ids) {
  static const char *const ids[] = {
      "announcement", "annex-a",           "visit-end",   "draft-qa",
      "draft-sent",   "provider-comments", "final-sent",  "complaint-window",
      "publication",  "dcs-email",         "case-review", "monitoring-visit"};
  dd_config *cfg;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_config_load_file(CONFIG_DIR "/dueday.conf", &cfg, &diag),
               DD_OK, "%s", diag.message);
  const dd_visit_type *t = dd_config_visit_type(cfg, "assurance");
  cr_assert_not_null(t);
  cr_assert_eq(t->days_on_site, 2);
  const dd_rule_set *set = dd_visit_type_rules(t, D("2020-09-21"));
  cr_assert_not_null(set);
  cr_assert_eq(set->nmilestones, sizeof ids / sizeof ids[0]);
  for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
    cr_assert_str_eq(set->milestones[i].id, ids[i]);
  const dd_milestone_rule *m =
      &set->milestones[dd_rule_set_find(set, "draft-sent")];
  cr_assert_eq(m->anchor, DD_ANCHOR_VISIT_END);
  cr_assert_eq(m->offset.n, 18);
  cr_assert_eq(m->offset.unit, DD_UNIT_WORKING_DAYS);
  m = &set->milestones[dd_rule_set_find(set, "provider-comments")];
  cr_assert_eq(m->anchor, dd_rule_set_find(set, "draft-sent"));
  m = &set->milestones[dd_rule_set_find(set, "monitoring-visit")];
  cr_assert_eq(m->kind, DD_KIND_WINDOW);
  cr_assert_eq(m->offset.n, 6);
  cr_assert_eq(m->latest.n, 8);
  cr_assert_eq(m->latest.unit, DD_UNIT_WEEKS);
  cr_assert_eq(m->condition, DD_WHEN_CONCERNS);
  m = &set->milestones[dd_rule_set_find(set, "dcs-email")];
  cr_assert_eq(m->time, DD_TIME_END_OF_DAY);
  m = &set->milestones[dd_rule_set_find(set, "annex-a")];
  cr_assert_eq(m->time, 14 * 60);
  cr_assert_null(dd_visit_type_rules(t, D("2020-08-31")), "before Sept 2020");
  cr_assert_eq(dd_config_calendar(cfg)->end_of_day, 17 * 60);

  const dd_visit_type *f = dd_config_visit_type(cfg, "focused");
  cr_assert_not_null(f);
  cr_assert_eq(f->days_on_site, 3);
  set = dd_visit_type_rules(f, D("2020-10-05"));
  for (size_t i = 0; i < set->nmilestones; i++)
    if (strcmp(set->milestones[i].id, "visit-end") != 0)
      cr_assert(set->milestones[i].unpublished,
                "%s is not Ofsted's published rule", set->milestones[i].id);
  cr_assert_null(dd_config_visit_type(cfg, "inspection"));
  dd_config_free(cfg);
}

Test(rules, the_built_in_configuration_is_the_shipped_file) {
  dd_config *a, *b;
  cr_assert_eq(dd_config_load_file(CONFIG_DIR "/dueday.conf", &a, NULL), DD_OK);
  cr_assert_eq(dd_config_load_default(&b, NULL), DD_OK);
  size_t na, nb;
  const dd_visit_type *ta = dd_config_visit_types(a, &na);
  const dd_visit_type *tb = dd_config_visit_types(b, &nb);
  cr_assert_eq(na, nb);
  for (size_t i = 0; i < na; i++) {
    cr_assert_str_eq(ta[i].id, tb[i].id);
    cr_assert_eq(ta[i].rule_sets[0].nmilestones,
                 tb[i].rule_sets[0].nmilestones);
  }
  dd_config_free(a);
  dd_config_free(b);
}

/* A visit type whose rule sets are the given text. */
static int load_type(const char *sets, dd_config **cfg, dd_diag *diag) {
  char text[2048];
  snprintf(text, sizeof text,
           "visit_types = ( {\n"
           "  id = \"t\"; title = \"T\"; days_on_site = 2;\n"
           "  rule_sets = (\n%s\n  );\n} );\n",
           sets);
  return dd_config_load_string("t.conf", text, cfg, diag);
}

Test(rules, the_rule_set_in_force_is_the_latest_that_took_effect) {
  dd_config *cfg;
  dd_diag diag = {{0}};
  cr_assert_eq(
      load_type("{ effective = \"2020-09-01\"; milestones = ( { id = \"a\"; "
                "title = \"A\"; anchor = \"visit.end\"; offset = 18; who = "
                "\"x\"; } ); },\n"
                "{ effective = \"2024-04-01\"; milestones = ( { id = \"a\"; "
                "title = \"A\"; anchor = \"visit.end\"; offset = 20; who = "
                "\"x\"; } ); }",
                &cfg, &diag),
      DD_OK, "%s", diag.message);
  const dd_visit_type *t = dd_config_visit_type(cfg, "t");
  cr_assert_eq(dd_visit_type_rules(t, D("2024-03-29"))->milestones[0].offset.n,
               18);
  cr_assert_eq(dd_visit_type_rules(t, D("2024-04-01"))->milestones[0].offset.n,
               20);
  cr_assert_eq(dd_visit_type_rules(t, D("2020-09-01"))->milestones[0].offset.n,
               18);
  dd_config_free(cfg);
}

/* A rule set line 4 onwards: each case's milestones, the expected message. */
static const struct {
  const char *milestones, *message;
} bad[] = {
    {"{ id = \"a\"; title = \"A\"; anchor = \"vist.end\"; who = \"x\"; }",
     "t.conf:5: milestone \"a\": unknown anchor \"vist.end\""},
    {"{ id = \"a\"; title = \"A\"; anchor = \"b\"; who = \"x\"; },\n"
     "{ id = \"b\"; title = \"B\"; anchor = \"a\"; who = \"x\"; }",
     "t.conf:5: milestone \"a\" is anchored, through others, to itself"},
    {"{ id = \"a\"; title = \"A\"; anchor = \"a\"; who = \"x\"; }",
     "t.conf:5: milestone \"a\": unknown anchor \"a\""},
    {"{ id = \"a\"; title = \"A\"; anchor = \"visit.end\"; offset = 3; unit = "
     "\"fortnights\"; who = \"x\"; }",
     "t.conf:5: unknown unit \"fortnights\""},
    {"{ id = \"a\"; title = \"A\"; anchor = \"visit.end\"; time = \"25:00\"; "
     "who = \"x\"; }",
     "t.conf:5: invalid time \"25:00\""},
    {"{ id = \"a\"; title = \"A\"; anchor = \"visit.end\"; time = \"9am\"; "
     "who = \"x\"; }",
     "t.conf:5: invalid time \"9am\""},
    {"{ id = \"a\"; title = \"A\"; anchor = \"visit.end\"; when = "
     "\"sometimes\"; "
     "who = \"x\"; }",
     "t.conf:5: unknown condition \"sometimes\""},
    {"{ id = \"a\"; title = \"A\"; anchor = \"visit.end\"; }",
     "t.conf:5: missing \"who\""},
    /* Whole numbers that libconfig 1.5 keeps only the low 32 bits of
     * (4294967314 is 2^32 + 18), and 64-bit ones read whole. */
    {"{ id = \"a\"; title = \"A\"; anchor = \"visit.end\"; who = \"x\"; "
     "offset = 4294967314; }",
     "t.conf:5: 4294967314 is out of range: a whole number here is "
     "-2147483648 to 2147483647"},
    {"{ id = \"a\"; title = \"A\"; anchor = \"visit.end\"; who = \"x\"; "
     "offset = -2147483649; }",
     "t.conf:5: -2147483649 is out of range"},
    {"{ id = \"a\"; title = \"A\"; anchor = \"visit.end\"; who = \"x\"; "
     "offset = 0x100000012; }",
     "t.conf:5: 0x100000012 is out of range"},
    {"{ id = \"a\"; title = \"A\"; anchor = \"visit.end\"; who = \"x\"; "
     "offset = 4294967314L; }",
     "t.conf:5: \"offset\" is 4294967314: use a whole number from -1000 to "
     "1000"},
    {"{ id = \"a\"; title = \"A\"; anchor = \"visit.end\"; who = \"x\"; "
     "offset = 99999999999999999999L; }",
     "t.conf:5: 99999999999999999999L is out of range: a whole number here "
     "is -9223372036854775808 to 9223372036854775807"},
    {"{ id = \"a\"; title = \"A\"; anchor = \"visit.end\"; who = \"x\"; "
     "offset = \"5\"; }",
     "t.conf:5: \"offset\" is \"5\": use a whole number from -1000 to 1000"},
    {"{ id = \"a\"; title = \"A\"; anchor = \"visit.end\"; who = \"x\"; "
     "offset = 1001; }",
     "t.conf:5: \"offset\" is 1001: use a whole number from -1000 to 1000"},
    {"{ id = \"a\"; title = \"A\"; anchor = \"visit.end\"; who = \"x\"; "
     "summary = \"Caf\xE9\"; }",
     "t.conf:5: not valid UTF-8 (byte 0xE9)"},
    {"{ id = \"a\"; title = \"A\"; anchor = \"visit.end\"; who = \"x\"; "
     "time = 9; }",
     "t.conf:5: invalid time 9: use HH:MM"},
    {"{ id = \"a\"; title = \"A\"; anchor = \"visit.end\"; who = \"x\"; colour "
     "= 1; }",
     "t.conf:5: unknown setting \"colour\""},
    {"{ id = \"a\"; title = \"A\"; anchor = \"visit.end\"; who = \"x\"; },\n"
     "{ id = \"a\"; title = \"B\"; anchor = \"visit.end\"; who = \"x\"; }",
     "t.conf:6: duplicate milestone \"a\" (first on line 5)"},
    {"{ id = \"A b\"; title = \"A\"; anchor = \"visit.end\"; who = \"x\"; }",
     "t.conf:5: milestone id \"A b\""},
    {"{ id = \"a\"; title = \"A\"; anchor = \"visit.end\"; who = \"x\"; window "
     "= { earliest = 8; latest = 6; unit = \"weeks\"; }; }",
     "t.conf:5: milestone \"a\": the window ends before it starts"},
    {"{ id = \"a\"; title = \"A\"; anchor = \"visit.end\"; who = \"x\"; offset "
     "= 2; window = { earliest = 6; latest = 8; }; }",
     "t.conf:5: milestone \"a\": a window has its own"},
    {"{ id = \"a\"; title = \"A\"; anchor = \"visit.end\"; who = \"x\"; "
     "unpublished = 1; }",
     "t.conf:5: \"unpublished\" is 1: use true or false"},
    {"{ id = \"a\"; title = \"A\"; anchor = \"visit.end\"; who = \"x\"; "
     "summary = \"\"; }",
     "t.conf:5: \"summary\" is empty"},
    {"{ id = \"a\"; title = \"\"; anchor = \"visit.end\"; who = \"x\"; }",
     "t.conf:5: \"title\" is empty"},
    {"5", "t.conf:5: each milestone must be a group"},
};

Test(rules, mistakes_in_milestones_are_reported_with_file_and_line) {
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char sets[1024];
    snprintf(sets, sizeof sets,
             "{ effective = \"2020-09-01\"; milestones = (\n%s\n); }",
             bad[i].milestones);
    dd_config *cfg = (dd_config *)&cfg;
    dd_diag diag = {{0}};
    cr_expect_eq(load_type(sets, &cfg, &diag), DD_EPARSE, "case %zu", i);
    cr_expect_null(cfg, "case %zu", i);
    cr_expect(strncmp(diag.message, bad[i].message, strlen(bad[i].message)) ==
                  0,
              "case %zu: got \"%s\", want \"%s...\"", i, diag.message,
              bad[i].message);
  }
}

Test(rules, rule_sets_must_come_in_date_order) {
  dd_config *cfg;
  dd_diag diag = {{0}};
  const char *m = "milestones = ( { id = \"a\"; title = \"A\"; anchor = "
                  "\"visit.end\"; who = \"x\"; } );";
  char sets[512];
  snprintf(sets, sizeof sets,
           "{ effective = \"2024-04-01\"; %s },\n{ effective = \"2020-09-01\"; "
           "%s }",
           m, m);
  cr_assert_eq(load_type(sets, &cfg, &diag), DD_EPARSE);
  cr_assert_not_null(strstr(diag.message, "in order of \"effective\" date"),
                     "%s", diag.message);
  snprintf(sets, sizeof sets, "{ effective = \"2020-02-30\"; %s }", m);
  cr_assert_eq(load_type(sets, &cfg, &diag), DD_EPARSE);
  cr_assert_not_null(strstr(diag.message, "invalid date \"2020-02-30\""), "%s",
                     diag.message);
}
