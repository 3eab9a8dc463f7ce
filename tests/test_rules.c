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
    {"{ id = \"a\"; title = \"A\"; anchor = \"visit.end\"; who = \"x\"; "
     "source = \"guessed\"; }",
     "t.conf:5: milestone \"a\": unknown source \"guessed\" (use \"ofsted\" "
     "or \"configured\")"},
    {"{ id = \"a\"; title = \"A\"; anchor = \"visit.end\"; who = \"x\"; "
     "source = \"ofsted\"; unpublished = true; }",
     "t.conf:5: milestone \"a\": source \"ofsted\" but unpublished = true"},
    {"{ id = \"a\"; title = \"A\"; anchor = \"visit.end\"; who = \"x\"; "
     "kind = \"event\"; likely = true; }",
     "t.conf:5: milestone \"a\": an event cannot be \"likely\""},
    {"{ id = \"a\"; title = \"A\"; anchor = \"visit.end\"; who = \"x\"; "
     "likely = \"yes\"; }",
     "t.conf:5: \"likely\" is \"yes\": use true or false"},
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

/* "This guidance is applicable from 1 September 2020" ... "during the
 * current inspection year (which ends on 31 March 2021)": the shipped
 * assurance rules say both; the focused visits' "initially until the end of
 * December 2020. We may extend this" is left open. */
Test(rules, the_shipped_rule_sets_say_when_they_start_and_stop) {
  dd_config *cfg;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_config_load_default(&cfg, &diag), DD_OK, "%s", diag.message);
  const dd_visit_type *a = dd_config_visit_type(cfg, "assurance");
  cr_assert_str_eq(a->rule_sets[0].id, "assurance-2020");
  cr_assert_eq(a->rule_sets[0].effective, D("2020-09-01"));
  cr_assert_eq(a->rule_sets[0].valid_until, D("2021-03-31"));
  bool applies;
  cr_assert_eq(dd_visit_type_rules_for(a, D("2021-03-31"), &applies),
               &a->rule_sets[0]);
  cr_assert(applies);
  cr_assert_eq(dd_visit_type_rules_for(a, D("2021-04-01"), &applies),
               &a->rule_sets[0]);
  cr_assert_not(applies);
  const dd_visit_type *f = dd_config_visit_type(cfg, "focused");
  cr_assert_eq(f->rule_sets[0].valid_until, DD_RULES_OPEN);
  /* Configured values: the focused letter's timescales, and the DCS email's
   * 17:00; the rest are Ofsted's. */
  const dd_rule_set *fs = &f->rule_sets[0];
  for (size_t i = 0; i < fs->nmilestones; i++)
    cr_expect_eq(dd_milestone_rule_source(&fs->milestones[i]),
                 strcmp(fs->milestones[i].id, "visit-end") == 0
                     ? DD_SOURCE_OFSTED
                     : DD_SOURCE_CONFIGURED,
                 "%s", fs->milestones[i].id);
  const dd_rule_set *as = &a->rule_sets[0];
  for (size_t i = 0; i < as->nmilestones; i++) {
    const dd_milestone_rule *r = &as->milestones[i];
    cr_expect_eq(dd_milestone_rule_source(r),
                 strcmp(r->id, "dcs-email") == 0 ? DD_SOURCE_CONFIGURED_TIME
                                                 : DD_SOURCE_OFSTED,
                 "%s", r->id);
    cr_expect_eq(r->likely, strcmp(r->id, "monitoring-visit") == 0, "%s",
                 r->id);
  }
  dd_config_free(cfg);
}

/* A set with an end, a gap, then the next: a start in the gap is computed
 * with the nearer set; sets without an end run until the next starts. */
Test(rules, a_start_outside_every_period_takes_the_nearest_set) {
  dd_config *cfg;
  dd_diag diag = {{0}};
  const char *m = "milestones = ( { id = \"a\"; title = \"A\"; anchor = "
                  "\"visit.end\"; who = \"x\"; } );";
  char sets[768];
  snprintf(sets, sizeof sets,
           "{ id = \"one\"; effective = \"2020-09-01\"; valid_until = "
           "\"2021-03-31\"; %s },\n"
           "{ effective = \"2021-09-01\"; %s },\n"
           "{ id = \"three\"; effective = \"2024-04-01\"; %s }",
           m, m, m);
  cr_assert_eq(load_type(sets, &cfg, &diag), DD_OK, "%s", diag.message);
  const dd_visit_type *t = dd_config_visit_type(cfg, "t");
  cr_assert_str_eq(t->rule_sets[1].id, "t-2021"); /* the default name */
  static const struct {
    const char *start, *set;
    bool applies;
  } cases[] = {
      {"2020-08-31", "one", false},    /* the day before the first */
      {"2020-09-01", "one", true},     /* its first day */
      {"2021-03-31", "one", true},     /* its last day */
      {"2021-04-01", "one", false},    /* the day after: 1 day from one */
      {"2021-06-16", "one", false},    /* 77 days after one, 77 before t-2021 */
      {"2021-06-17", "t-2021", false}, /* 76 days before t-2021 */
      {"2021-09-01", "t-2021", true},
      {"2024-03-31", "t-2021", true}, /* open: until the next takes effect */
      {"2024-04-01", "three", true},
      {"2199-12-31", "three", true},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    bool applies;
    const dd_rule_set *set =
        dd_visit_type_rules_for(t, D(cases[i].start), &applies);
    cr_expect_str_eq(set->id, cases[i].set, "%s", cases[i].start);
    cr_expect_eq(applies, cases[i].applies, "%s", cases[i].start);
  }
  dd_config_free(cfg);
  /* Periods that overlap, an end before the start, a bad date, a name
   * twice. */
#define MS                                                                     \
  "milestones = ( { id = \"a\"; title = \"A\"; anchor = \"visit.end\"; who = " \
  "\"x\"; } );"
  static const struct {
    const char *sets, *message;
  } bad_sets[] = {
      {"{ effective = \"2020-09-01\"; valid_until = \"2021-03-31\"; " MS " },\n"
       "{ effective = \"2021-03-31\"; " MS " }",
       "t.conf:5: rule set \"t-2021\" takes effect before \"t-2020\" ends"},
      {"{ effective = \"2020-09-01\"; valid_until = \"2020-08-31\"; " MS " }",
       "t.conf:4: rule set ends (valid_until 2020-08-31) before it takes "
       "effect (2020-09-01)"},
      {"{ effective = \"2020-09-01\"; valid_until = \"2021-02-29\"; " MS " }",
       "t.conf:4: invalid date \"2021-02-29\""},
      {"{ id = \"x\"; effective = \"2020-09-01\"; " MS " },\n"
       "{ id = \"x\"; effective = \"2021-09-01\"; " MS " }",
       "t.conf:5: duplicate rule set \"x\""},
  };
  for (size_t i = 0; i < sizeof bad_sets / sizeof bad_sets[0]; i++) {
    cr_expect_eq(load_type(bad_sets[i].sets, &cfg, &diag), DD_EPARSE,
                 "case %zu", i);
    cr_expect(strncmp(diag.message, bad_sets[i].message,
                      strlen(bad_sets[i].message)) == 0,
              "case %zu: got \"%s\", want \"%s...\"", i, diag.message,
              bad_sets[i].message);
  }
#undef MS
}
