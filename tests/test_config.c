/* The configuration file: defaults, the shipped file, and every kind of
 * mistake reported with its file and line. */
#include "dueday/config.h"
#include "dueday/text.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
    {"register = {\n path = \"\"; };\n", "t.conf:2: \"path\" is empty"},
    /* What was found is named, whatever its kind, never shown as "". */
    {"calendar = {\n division = 5; };\n",
     "t.conf:2: unknown division 5 (use england-and-wales"},
    {"calendar = {\n division = [\"scotland\"]; };\n",
     "t.conf:2: unknown division an array [ ... ]"},
    {"calendar = {\n working_days = [1]; };\n",
     "t.conf:2: unknown day 1 in \"working_days\""},
    {"calendar = {\n end_of_day = 17; };\n",
     "t.conf:2: invalid \"end_of_day\" 17: use HH:MM"},
    {"calendar = {\n time_zone = true; };\n",
     "t.conf:2: unsupported time zone true"},
    {"calendar = { closures = (\n { name = \"x\"; from = 20201229; to "
     "= \"2020-12-29\"; } ); };\n",
     "t.conf:2: invalid date 20201229: not a string"},
    /* Text that is not UTF-8 is refused where it enters, named by line,
     * in a string or anywhere else. */
    {"calendar = {\n closures = (\n { name = \"Caf\xC3\"; from = "
     "\"2020-12-29\"; to = \"2020-12-29\"; } ); };\n",
     "t.conf:3: not valid UTF-8 (byte 0xC3)"},
    {"# \xFF\ncalendar = { };\n", "t.conf:1: not valid UTF-8 (byte 0xFF)"},
    {"calendar = {\n division = \"\xED\xA0\x80\"; };\n",
     "t.conf:2: not valid UTF-8 (byte 0xED)"},
    /* Numbers libconfig would cut to 32 bits; names and strings with digits
     * are not numbers. */
    {"reminders = {\n overdue_after = 4294967297; };\n",
     "t.conf:2: 4294967297 is out of range"},
    {"mail = {\n timeout = 2147483648; };\n",
     "t.conf:2: 2147483648 is out of range"},
    {"mail = {\n timeout = 30L;\n from_name = \"a 99999999999\"; x2 = 1; };\n",
     "t.conf:3: unknown setting \"x2\""},
    /* The web section: sign-in settings are checked, never defaulted past
     * a typo. */
    {"web = {\n auth = \"sso\"; };\n",
     "t.conf:2: \"auth\" is \"sso\": use \"proxy\""},
    {"web = {\n auth = \"proxy\"; };\n",
     "t.conf:1: auth = \"proxy\" needs \"proxy_header\""},
    {"web = {\n proxy_header = \"X Email\"; };\n",
     "t.conf:2: \"proxy_header\" is \"X Email\": it must be an HTTP header"},
    {"web = {\n proxy_secret = \"s3cret\"; };\n",
     "t.conf:2: a secret does not belong in the configuration"},
    {"web = {\n proxy_secret_header = \"X-Secret\"; };\n",
     "t.conf:1: \"proxy_secret_header\" and one of"},
    {"web = {\n base_url = \"https://example.org/dueday\"; };\n",
     "t.conf:2: \"base_url\" is \"https://example.org/dueday\": use"},
    {"web = {\n base_url = \"ftp://example.org\"; };\n",
     "t.conf:2: \"base_url\" is \"ftp://example.org\""},
    {"web = {\n session_idle = 0; };\n", "t.conf:2: \"session_idle\" is 0"},
    {"web = {\n session_idle = 600; session_absolute = 60; };\n",
     "t.conf:1: \"session_absolute\" (60 s) is shorter"},
    {"web = {\n auth = \"email-link\"; };\n",
     "t.conf:1: auth = \"email-link\" needs \"base_url\""},
    {"web = {\n link_lifetime = 0; };\n", "t.conf:2: \"link_lifetime\" is 0"},
    {"web = {\n signin_per_address = 0; };\n",
     "t.conf:2: \"signin_per_address\" is 0"},
    {"web = {\n client_header = \"X Forwarded\"; };\n",
     "t.conf:2: \"client_header\" is \"X Forwarded\": it must be an HTTP"},
    {"web = {\n signin_per_client = \"ten\"; };\n",
     "t.conf:2: \"signin_per_client\" is \"ten\""},
};

Test(config, the_web_section_is_read_with_its_defaults) {
  dd_config *cfg;
  cr_assert_eq(dd_config_load_string("t.conf", "calendar = { };\n", &cfg, NULL),
               DD_OK);
  const dd_web_config *w = dd_config_web(cfg);
  cr_expect_eq(w->auth, DD_WEB_AUTH_LOCAL);
  cr_expect_null(w->proxy_header);
  cr_expect_null(w->base_url);
  cr_expect_eq(w->session_idle, 8 * 3600);
  cr_expect_eq(w->session_absolute, 7 * 24 * 3600);
  dd_config_free(cfg);
  cr_assert_eq(dd_config_load_string(
                   "t.conf",
                   "web = { auth = \"proxy\"; proxy_header = "
                   "\"X-Forwarded-Email\";\n proxy_secret_header = "
                   "\"X-Secret\"; proxy_secret_env = \"S\";\n base_url = "
                   "\"https://dueday.example:8443\"; session_idle = 2; "
                   "session_absolute = 60; };\n",
                   &cfg, NULL),
               DD_OK);
  w = dd_config_web(cfg);
  cr_expect_eq(w->auth, DD_WEB_AUTH_PROXY);
  cr_expect_str_eq(w->proxy_header, "X-Forwarded-Email");
  cr_expect_str_eq(w->proxy_secret_header, "X-Secret");
  cr_expect_str_eq(w->proxy_secret_env, "S");
  cr_expect_null(w->proxy_secret_file);
  cr_expect_str_eq(w->base_url, "https://dueday.example:8443");
  cr_expect_eq(w->session_idle, 2);
  cr_expect_eq(w->session_absolute, 60);
  dd_config_free(cfg);
  cr_assert_eq(dd_config_load_string("t.conf", "web = { auth = \"off\"; };\n",
                                     &cfg, NULL),
               DD_OK);
  cr_expect_eq(dd_config_web(cfg)->auth, DD_WEB_AUTH_OFF);
  dd_config_free(cfg);
}

Test(config, the_email_link_mode_has_its_lifetime_and_limits) {
  dd_config *cfg;
  cr_assert_eq(dd_config_load_string("t.conf", "calendar = { };\n", &cfg, NULL),
               DD_OK);
  const dd_web_config *w = dd_config_web(cfg);
  cr_expect_eq(w->link_lifetime, 15 * 60);
  cr_expect_eq(w->signin_window, 15 * 60);
  cr_expect_eq(w->signin_per_address, 3);
  cr_expect_eq(w->signin_per_client, 10);
  dd_config_free(cfg);
  cr_assert_eq(
      dd_config_load_string(
          "t.conf",
          "web = { auth = \"email-link\"; base_url = "
          "\"https://dueday.example\";\n link_lifetime = 2; "
          "signin_window = 60; signin_per_address = 1; "
          "signin_per_client = 5; client_header = \"X-Forwarded-For\"; };\n",
          &cfg, NULL),
      DD_OK);
  w = dd_config_web(cfg);
  cr_expect_eq(w->auth, DD_WEB_AUTH_EMAIL_LINK);
  cr_expect_eq(w->link_lifetime, 2);
  cr_expect_eq(w->signin_window, 60);
  cr_expect_eq(w->signin_per_address, 1);
  cr_expect_eq(w->signin_per_client, 5);
  cr_expect_str_eq(w->client_header, "X-Forwarded-For");
  dd_config_free(cfg);
}

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

/* libconfig hands a directory to its scanner, which prints "input in flex
 * scanner failed" and ends the process; a file it is given is read here
 * first, and a directory is an error with its name. */
Test(config, a_directory_is_not_a_configuration_file) {
  dd_config *cfg = (dd_config *)&cfg;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_config_load_file("/tmp", &cfg, &diag), DD_EIO);
  cr_assert_null(cfg);
  cr_assert_str_eq(diag.message, "/tmp: a directory, not a file");
}

Test(config, a_file_with_a_nul_byte_is_refused_at_its_line) {
  char path[] = "/tmp/dueday-nul-XXXXXX";
  int fd = mkstemp(path);
  cr_assert_geq(fd, 0);
  FILE *f = fdopen(fd, "wb");
  fwrite("calendar = {\n};\n# \0x\n", 1, 22, f);
  fclose(f);
  dd_config *cfg;
  dd_diag diag = {{0}};
  int err = dd_config_load_file(path, &cfg, &diag);
  unlink(path);
  cr_assert_eq(err, DD_EPARSE);
  char want[64];
  snprintf(want, sizeof want, "%s:3: a NUL byte", path);
  cr_assert_str_eq(diag.message, want);
}

Test(config, a_long_message_is_never_cut_inside_a_character) {
  /* A closure name of 600 bytes of "é" (C3 A9): the message quoting it is
   * cut at 511 bytes, which must not split a character. */
  char text[1400];
  int n = snprintf(text, sizeof text, "calendar = { closures = ( { name = \"");
  for (int i = 0; i < 300; i++)
    n += snprintf(text + n, sizeof text - (size_t)n, "\xC3\xA9");
  snprintf(text + n, sizeof text - (size_t)n,
           "\"; from = \"2020-12-31\"; to = \"2020-12-29\"; } ); };\n");
  dd_config *cfg;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_config_load_string("t.conf", text, &cfg, &diag), DD_EPARSE);
  size_t len = strlen(diag.message);
  cr_assert_gt(len, 400);
  cr_assert_eq(dd_text_check(diag.message, len), len, "%s", diag.message);
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

Test(config, each_setting_a_file_gives_has_its_line_and_the_rest_none) {
  dd_config *cfg = NULL;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_config_load_string("site.conf",
                                     "# site\n"
                                     "calendar = {\n"
                                     "  division = \"scotland\";\n"
                                     "};\n"
                                     "mail = { timeout = 10; };\n",
                                     &cfg, &diag),
               DD_OK, "%s", diag.message);
  const char *file = NULL;
  int line = 0;
  cr_assert_str_eq(dd_config_file(cfg), "site.conf");
  cr_assert(dd_config_source(cfg, "calendar.division", &file, &line));
  cr_assert_str_eq(file, "site.conf");
  cr_assert_eq(line, 3);
  cr_assert(dd_config_source(cfg, "calendar", &file, &line));
  cr_assert_eq(line, 2);
  cr_assert(dd_config_source(cfg, "mail.timeout", &file, &line));
  cr_assert_eq(line, 5);
  file = NULL;
  line = 0;
  cr_assert_not(dd_config_source(cfg, "calendar.working_days", &file, &line));
  cr_assert_not(dd_config_source(cfg, "division", &file, &line));
  /* The visit types this file lacks are the built-in ones: defaults. */
  cr_assert_not(dd_config_source(cfg, "visit_types", &file, &line));
  cr_assert_null(file);
  cr_assert_eq(line, 0);
  dd_config_free(cfg);
}

Test(config, the_built_in_configuration_is_all_defaults) {
  dd_config *cfg = NULL;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_config_load_default(&cfg, &diag), DD_OK, "%s", diag.message);
  const char *file = NULL;
  int line = 0;
  cr_assert_null(dd_config_file(cfg));
  cr_assert_not(dd_config_source(cfg, "calendar.division", &file, &line));
  cr_assert_not(dd_config_source(cfg, "visit_types", &file, &line));
  dd_config_free(cfg);
}
