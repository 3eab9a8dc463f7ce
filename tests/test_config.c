/* The configuration file: defaults, the shipped file, and every kind of
 * mistake reported with its file and line. */
#include "dueday/config.h"

#include <criterion/criterion.h>
#include <string.h>

Test(config, the_shipped_file_gives_the_defaults) {
  dd_config *cfg = NULL;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_config_load_file(CONFIG_DIR "/dueday.conf", &cfg, &diag),
               DD_OK, "%s", diag.message);
  const dd_calendar_config *cal = dd_config_calendar(cfg);
  cr_assert_str_eq(cal->division, "england-and-wales");
  cr_assert_eq(cal->week_mask, DD_WEEK_MON_FRI);
  cr_assert_eq(cal->nclosures, 0);
  dd_config_free(cfg);
}

Test(config, an_empty_file_gives_the_defaults_too) {
  dd_config *cfg = NULL;
  cr_assert_eq(dd_config_load_string("empty.conf", "", &cfg, NULL), DD_OK);
  cr_assert_str_eq(dd_config_calendar(cfg)->division, "england-and-wales");
  cr_assert_eq(dd_config_calendar(cfg)->week_mask, DD_WEEK_MON_FRI);
  dd_config_free(cfg);
  dd_config_free(NULL);
}

Test(config, division_working_days_and_closures_are_read) {
  const char *text =
      "calendar = {\n"
      "  division = \"united-kingdom\";\n"
      "  working_days = [\"Monday\", \"Tuesday\", \"Saturday\"];\n"
      "  closures = ( { name = \"Office closure\"; from = \"2020-12-29\";\n"
      "                 to = \"2020-12-31\"; } );\n"
      "};\n";
  dd_config *cfg = NULL;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_config_load_string("t.conf", text, &cfg, &diag), DD_OK, "%s",
               diag.message);
  const dd_calendar_config *cal = dd_config_calendar(cfg);
  cr_assert_str_eq(cal->division, "united-kingdom");
  cr_assert_eq(cal->week_mask, 0x1u | 0x2u | 0x20u);
  cr_assert_eq(cal->nclosures, 1);
  cr_assert_str_eq(cal->closures[0].name, "Office closure");
  dd_date from, to;
  dd_date_parse("2020-12-29", &from, NULL);
  dd_date_parse("2020-12-31", &to, NULL);
  cr_assert_eq(cal->closures[0].from, from);
  cr_assert_eq(cal->closures[0].to, to);
  dd_config_free(cfg);
}

static const struct {
  const char *text, *message;
} bad[] = {
    {"calendar = {\n division = \"wales\"; };\n",
     "t.conf:2: unknown division \"wales\""},
    {"calendar = {\n divison = \"scotland\"; };\n",
     "t.conf:2: unknown setting \"divison\""},
    {"calender = { };\n", "t.conf:1: unknown setting \"calender\""},
    {"calendar = {\n working_days = [\"Mon\"]; };\n",
     "t.conf:2: unknown day \"Mon\""},
    {"calendar = {\n working_days = []; };\n",
     "t.conf:2: \"working_days\" is empty"},
    {"calendar = {\n working_days = [\"Monday\", \"Monday\"]; };\n",
     "t.conf:2: \"Monday\" is listed twice"},
    {"calendar = { closures = (\n { name = \"x\"; from = \"2020-12-31\"; to "
     "= \"2020-12-29\"; } ); };\n",
     "t.conf:2: closure \"x\" ends before it starts"},
    {"calendar = { closures = (\n { name = \"x\"; from = \"2020-02-30\"; to "
     "= \"2020-12-29\"; } ); };\n",
     "t.conf:2: invalid date \"2020-02-30\""},
    {"calendar = { closures = (\n { from = \"2020-12-29\"; to = "
     "\"2020-12-30\"; } ); };\n",
     "t.conf:2: closure needs a \"name\""},
    {"calendar = { closures = (\n { name = \"x\"; from = \"2020-12-29\"; } "
     "); };\n",
     "t.conf:2: closure needs \"to\""},
    {"calendar = {\n division = ; };\n", "t.conf:2: syntax error"},
    {"calendar = (\n 1 );\n", "t.conf:1: \"calendar\" must be a group"},
    {"calendar = { closures = 1; };\n",
     "t.conf:1: \"closures\" must be a list"},
    {"calendar = {\n working_days = \"Monday\"; };\n",
     "t.conf:2: \"working_days\" must be a list of day names"},
    {"register = {\n path = \"\"; };\n",
     "t.conf:2: \"path\" must be a non-empty string"},
};

Test(config, mistakes_are_reported_with_file_and_line) {
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    dd_config *cfg = (dd_config *)&cfg;
    dd_diag diag = {{0}};
    cr_expect_eq(dd_config_load_string("t.conf", bad[i].text, &cfg, &diag),
                 DD_EPARSE, "case %zu", i);
    cr_expect_null(cfg, "case %zu", i);
    cr_expect(strncmp(diag.message, bad[i].message, strlen(bad[i].message)) ==
                  0,
              "case %zu: got \"%s\", want \"%s...\"", i, diag.message,
              bad[i].message);
  }
  dd_config *cfg;
  cr_assert_eq(dd_config_load_file("/nonexistent.conf", &cfg, NULL), DD_EIO);
}

Test(config, the_register_path_comes_from_the_configuration_when_given) {
  dd_config *cfg = NULL;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_config_load_string(
                   "t.conf", "register = { path = \"/srv/dueday.db\"; };\n",
                   &cfg, &diag),
               DD_OK, "%s", diag.message);
  cr_assert_str_eq(dd_config_register_path(cfg), "/srv/dueday.db");
  dd_config_free(cfg);
  cr_assert_eq(dd_config_load_default(&cfg, NULL), DD_OK);
  cr_assert_null(dd_config_register_path(cfg), "the shipped file sets none");
  dd_config_free(cfg);
  cr_assert_eq(dd_config_load_string("t.conf", "register = {\n pth = 1; };\n",
                                     &cfg, &diag),
               DD_EPARSE);
  cr_assert_str_eq(diag.message, "t.conf:2: unknown setting \"pth\"");
}
