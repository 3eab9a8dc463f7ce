/* The web pages (src/web/app.c, page_*.c) as a pure function of a
 * request, against a real register holding the sample visits
 * (config/sample) with today pinned to Monday 14 December 2020: what each
 * page groups and counts, who sees what (404 for anything outside a
 * user's scope, on every route), the CSV against the page, recording and
 * undoing, the calculator, calendar links, and that no input comes back
 * unescaped. */
#include "register_fixture.h"

#include "service/csv.h"
#include "web/app.h"

#include "dueday/change.h"
#include "dueday/prefs.h"
#include "dueday/text.h"
#include "dueday/token.h"
#include "dueday/users.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <sys/socket.h>
#include <unistd.h>

#define TODAY "2020-12-14"

/* The RIM of the North West and the South East. */
static dd_user oconnor = {.email = "m.oconnor@ofsted.example",
                          .name = "",
                          .role = DD_ROLE_RIM,
                          .regions = "North West,South East"};

static dd__web_context cx;

/* ---- the sample register ---- */

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  cr_assert_not_null(f, "%s", path);
  static char buf[1 << 16];
  *len = fread(buf, 1, sizeof buf, f);
  fclose(f);
  char *copy = malloc(*len);
  memcpy(copy, buf, *len);
  return copy;
}

static void import_sample(void) {
  size_t len;
  char *text = slurp(SAMPLE_DIR "/visits.csv", &len);
  dd_csv *csv;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_csv_new("visits.csv", text, len, &csv, &diag), DD_OK);
  const char *const *f;
  size_t n;
  cr_assert_eq(dd_store_begin(reg, &diag), DD_OK, "%s", diag.message);
  bool header = true;
  while (dd_csv_next(csv, &f, &n, &diag) == DD_OK) {
    if (header) {
      header = false;
      continue;
    }
    cr_assert_eq(n, 14);
    dd_visit v = {.id = (char *)f[0],
                  .type = (char *)f[1],
                  .name = (char *)f[2],
                  .urn = (char *)f[3],
                  .setting = (char *)f[4],
                  .local_authority = (char *)f[5],
                  .region = (char *)f[6],
                  .division = (char *)f[7],
                  .inspector = (char *)f[8],
                  .rim = (char *)f[9],
                  .start = D(f[10]),
                  .days_on_site = atoi(f[11]),
                  .concerns = strcmp(f[12], "yes") == 0};
    cr_assert_eq(dd_visit_status_parse(f[13], &v.status), DD_OK);
    cr_assert_eq(dd_store_visit_add(reg, &v, "test", &diag), DD_OK, "%s",
                 diag.message);
  }
  dd_csv_free(csv);
  free(text);
  text = slurp(SAMPLE_DIR "/events.csv", &len);
  cr_assert_eq(dd_csv_new("events.csv", text, len, &csv, &diag), DD_OK);
  header = true;
  while (dd_csv_next(csv, &f, &n, &diag) == DD_OK) {
    if (header) {
      header = false;
      continue;
    }
    char day[DD_DATE_BUFSIZE];
    snprintf(day, sizeof day, "%.10s", f[2]);
    int time = -1;
    if (strlen(f[2]) == 16)
      cr_assert_eq(dd_time_parse(f[2] + 11, &time), DD_OK);
    dd_recorded ev = {.what = (char *)f[1],
                      .date = D(day),
                      .time = time,
                      .by = (char *)f[3],
                      .note = f[4][0] ? (char *)f[4] : NULL};
    cr_assert_eq(dd_store_event_add(reg, f[0], &ev, "test", &diag), DD_OK, "%s",
                 diag.message);
  }
  cr_assert_eq(dd_store_commit(reg, &diag), DD_OK, "%s", diag.message);
  dd_csv_free(csv);
  free(text);
}

static void setup(void) {
  register_setup();
  import_sample();
  cx = (dd__web_context){.st = reg, .planner = planner};
}

static void teardown(void) { register_teardown(); }

TestSuite(pages, .init = setup, .fini = teardown);

#include "pages_fixture.h"

/* ---- the pages ---- */

Test(pages, the_front_door_sends_the_user_to_their_deadlines) {
  dd__web_response r = get(&evans, "/", NULL);
  cr_assert_eq(r.status, 303);
  cr_assert_str_eq(r.location, "/deadlines");
  dd__web_response_clear(&r);
}

Test(pages, the_template_has_no_inline_script_and_names_the_user) {
  dd__web_response r = get(&khan, "/deadlines", NULL);
  cr_assert_eq(r.status, 200);
  check_html(r.body);
  cr_assert(strstr(r.body, "<html lang=\"en-GB\"") != NULL);
  cr_assert(strstr(r.body, "<script type=\"module\" src=\"/assets/") != NULL);
  cr_assert_eq(count(r.body, "<script"), 1);
  cr_assert(strstr(r.body, "govuk-generic-header") != NULL);
  cr_assert(strstr(r.body, "govuk-header__logotype") == NULL, "no crown");
  cr_assert(strstr(r.body, "Signed in as r.khan@ofsted.example") != NULL);
  cr_assert(strstr(r.body, "action=\"/sign-out\"") != NULL);
  cr_assert(strstr(r.body, "name=\"csrf\" value=\"csrf-token-0123\"") != NULL);
  cr_assert(strstr(r.body, "href=\"/deadlines\" aria-current=\"page\"") !=
            NULL);
  dd__web_response_clear(&r);
}

Test(pages, the_dashboard_groups_deadlines_by_urgency) {
  /* As `dueday agenda --within 10` on the sample register: 3 overdue, 6
   * falling due today (one a window that is open), 12 in the next 10
   * working days (to Wednesday 30 December, past Christmas); and one
   * publication held by Brookside House's unanswered complaint. */
  dd__web_response r = get(&admin, "/deadlines", NULL);
  cr_assert_eq(r.status, 200);
  check_html(r.body);
  cr_assert(strstr(r.body, "Overdue <span class=\"govuk-caption-m\">3 "
                           "deadlines</span>") != NULL);
  cr_assert(strstr(r.body, "Due today <span class=\"govuk-caption-m\">6 "
                           "deadlines</span>") != NULL);
  cr_assert(strstr(r.body,
                   "Due in the next 10 working days <span "
                   "class=\"govuk-caption-m\">12 deadlines</span>") != NULL);
  cr_assert(strstr(r.body, "On hold <span class=\"govuk-caption-m\">1 "
                           "deadline</span>") != NULL);
  /* Overdue first, most overdue first, with how late. */
  const char *overdue = strstr(r.body, "id=\"overdue\"");
  const char *today = strstr(r.body, "id=\"today\"");
  const char *a = strstr(overdue, "SC403121-2020-11");
  const char *b = strstr(overdue, "SC402310-2020-11");
  const char *c = strstr(overdue, "SC403050-2020-11");
  cr_assert(a && b && c && a < b && b < c && c < today);
  cr_assert(strstr(overdue, "Since Wed 2 Dec 2020, 8 working days late") !=
            NULL);
  cr_assert(strstr(overdue, "Since Fri 11 Dec 2020, 1 working day late") !=
            NULL);
  cr_assert(strstr(r.body, "Wednesday 2 December 2020") != NULL);
  cr_assert(strstr(r.body, "href=\"/visits/SC403121-2020-11\"") != NULL);
  dd__web_response_clear(&r);

  r = get(&admin, "/deadlines", "within", "0", "status", "overdue", NULL);
  cr_assert_eq(r.status, 200);
  cr_assert(strstr(r.body, "Due today <span class=\"govuk-caption-m\">0 "
                           "deadlines</span>") != NULL);
  cr_assert(strstr(r.body, "Overdue <span class=\"govuk-caption-m\">3 ") !=
            NULL);
  dd__web_response_clear(&r);
}

Test(pages, each_user_sees_their_own_scope_on_the_dashboard) {
  dd__web_response r = get(&evans, "/deadlines", NULL);
  cr_assert_eq(r.status, 200);
  /* London's Harbour Lights: publication due today; nothing else. */
  cr_assert(strstr(r.body, "SC401145-2020-10") != NULL);
  cr_assert(strstr(r.body, "SC403121-2020-11") == NULL);
  cr_assert(strstr(r.body, "SC406601-2020-12") == NULL);
  cr_assert(strstr(r.body, "id=\"inspector\"") == NULL);
  dd__web_response_clear(&r);
  r = get(&oconnor, "/deadlines", NULL);
  cr_assert(strstr(r.body, "SC404455-2020-12") != NULL); /* South East */
  cr_assert(strstr(r.body, "SC401145-2020-10") == NULL); /* London */
  cr_assert(strstr(r.body, "<option value=\"North West\">") != NULL);
  cr_assert(strstr(r.body, "<option value=\"London\">") == NULL);
  dd__web_response_clear(&r);
  /* A region filter outside the RIM's own shows nothing of it. */
  r = get(&oconnor, "/deadlines", "region", "London", NULL);
  cr_assert_eq(r.status, 200);
  cr_assert(strstr(r.body, "SC401145-2020-10") == NULL);
  dd__web_response_clear(&r);
  r = get(&admin, "/deadlines", "region", "London", NULL);
  cr_assert(strstr(r.body, "SC401145-2020-10") != NULL);
  cr_assert(strstr(r.body, "SC403121-2020-11") == NULL);
  dd__web_response_clear(&r);
  r = get(&admin, "/deadlines", "inspector", "K.Brown@ofsted.example", NULL);
  cr_assert(strstr(r.body, "SC403121-2020-11") != NULL);
  cr_assert(strstr(r.body, "SC401145-2020-10") == NULL);
  dd__web_response_clear(&r);
}

/* The CSV's data rows, counted per group. */
static void csv_groups(const char *csv, size_t n[4], size_t *rows) {
  memset(n, 0, 4 * sizeof *n);
  *rows = 0;
  cr_assert(strncmp(csv, "group,due_date,due_time,", 24) == 0);
  for (const char *line = strchr(csv, '\n') + 1; *line;
       line = strchr(line, '\n') + 1) {
    static const char *const g[] = {"overdue,", "today,", "soon,", "on-hold,"};
    for (int i = 0; i < 4; i++)
      n[i] += strncmp(line, g[i], strlen(g[i])) == 0;
    (*rows)++;
  }
}

Test(pages, the_csv_has_the_pages_rows) {
  dd__web_response page = get(&admin, "/deadlines", NULL);
  dd__web_response csv = get(&admin, "/deadlines.csv", NULL);
  cr_assert_eq(csv.status, 200);
  cr_assert_str_eq(csv.content_type, "text/csv; charset=utf-8");
  cr_assert_str_eq(csv.filename, "deadlines-2020-12-14.csv");
  size_t n[4], rows;
  csv_groups(csv.body, n, &rows);
  cr_assert_eq(rows, 3 + 6 + 12 + 1);
  cr_assert_eq(n[0], 3);
  cr_assert_eq(n[1], 6);
  cr_assert_eq(n[2], 12);
  cr_assert_eq(n[3], 1);
  /* Row for row: the page's table rows, in the same order. */
  cr_assert_eq(count(page.body, "<tr class=\"govuk-table__row\"><td"), rows);
  const char *at = page.body;
  for (const char *line = strchr(csv.body, '\n') + 1; *line;
       line = strchr(line, '\n') + 1) {
    char id[64];
    const char *f = line;
    for (int k = 0; k < 4; k++)
      f = strchr(f, ',') + 1;
    size_t len = (size_t)(strchr(f, ',') - f);
    snprintf(id, sizeof id, "/visits/%.*s\"", (int)len, f);
    at = strstr(at, id);
    cr_assert_not_null(at, "%s", id);
  }
  cr_assert(strstr(csv.body,
                   "overdue,2020-12-02,,,SC403121-2020-11,"
                   "Riverside Lodge,case-review,Case review,RIM,"
                   "k.brown@ofsted.example,overdue,no,8,no,ofsted\r\n") !=
            NULL);
  dd__web_response_clear(&page);
  dd__web_response_clear(&csv);
  /* The filters apply to both. */
  csv = get(&evans, "/deadlines.csv", "status", "overdue", NULL);
  csv_groups(csv.body, n, &rows);
  cr_assert_eq(rows, 0);
  dd__web_response_clear(&csv);
}

Test(pages, a_csv_cell_is_never_a_formula) {
  dd_diag diag;
  dd_visit v = {.id = "X1",
                .type = "assurance",
                .name = "=HYPERLINK(\"http://x\",\"a, b\")",
                .urn = "",
                .setting = "",
                .local_authority = "",
                .region = "London",
                .division = "england-and-wales",
                .inspector = "j.evans@ofsted.example",
                .rim = "",
                .start = D("2020-12-10"),
                .days_on_site = 2,
                .status = DD_VISIT_LIVE};
  cr_assert_eq(dd_store_begin(reg, &diag), DD_OK);
  cr_assert_eq(dd_store_visit_add(reg, &v, "test", &diag), DD_OK);
  cr_assert_eq(dd_store_commit(reg, &diag), DD_OK);
  dd__web_response csv = get(&evans, "/deadlines.csv", NULL);
  cr_assert(strstr(csv.body, ",X1,\"'=HYPERLINK(\"\"http://x\"\",\"\"a, "
                             "b\"\")\",") != NULL,
            "%s", csv.body);
  dd__web_response_clear(&csv);
}

Test(pages, a_bad_within_is_a_400_with_the_value_kept) {
  dd__web_response r = get(&khan, "/deadlines", "within", "ten", NULL);
  cr_assert_eq(r.status, 400);
  check_html(r.body);
  cr_assert(strstr(r.body, "<title>Error: Deadlines - dueday</title>") != NULL);
  cr_assert(strstr(r.body, "govuk-error-summary") != NULL);
  cr_assert(strstr(r.body, "href=\"#within\"") != NULL);
  cr_assert(strstr(r.body, "value=\"ten\"") != NULL);
  /* The form still offers the RIM's region. */
  cr_assert(strstr(r.body, "<option value=\"London\">") != NULL);
  dd__web_response_clear(&r);
  r = get(&khan, "/deadlines.csv", "within", "-1", NULL);
  cr_assert_eq(r.status, 400);
  dd__web_response_clear(&r);
}

Test(pages, a_visit_shows_its_milestones_rules_skipped_days_and_history) {
  dd__web_response r = get(&admin, "/visits/SC402310-2020-11", NULL);
  cr_assert_eq(r.status, 200);
  check_html(r.body);
  cr_assert(strstr(r.body, "<h1 class=\"govuk-heading-l\">Meadow "
                           "Bank</h1>") != NULL);
  /* Publication: 38 working days after the visit, over Christmas. */
  cr_assert(strstr(r.body, "Wednesday 30 December 2020") != NULL);
  cr_assert(strstr(r.body, "Friday 25 December 2020, Christmas Day") != NULL);
  cr_assert(strstr(r.body, "Monday 28 December 2020, Boxing Day") != NULL);
  cr_assert(strstr(r.body, "weekend days") != NULL);
  cr_assert(strstr(r.body, "38 working days after") != NULL);
  /* Provider comments are overdue; each open milestone can be recorded. */
  cr_assert(strstr(r.body, "govuk-tag--red\">Overdue</strong>") != NULL);
  cr_assert(strstr(r.body, "href=\"/visits/SC402310-2020-11/record/"
                           "provider-comments\"") != NULL);
  cr_assert(strstr(r.body, "Record<span class=\"govuk-visually-hidden\"> "
                           "Provider returns comments</span>") != NULL);
  cr_assert(strstr(r.body, "/record/draft-sent\"") == NULL, "done already");
  /* Undo takes back the latest record, by POST. */
  cr_assert(strstr(r.body, "action=\"/visits/SC402310-2020-11/undo/") != NULL);
  /* The history: the register's audit rows, newest first. */
  cr_assert(strstr(r.body, "moj-timeline__item") != NULL);
  cr_assert(strstr(r.body, "Recorded</h3>") != NULL);
  cr_assert(strstr(r.body, "Visit added</h3>") != NULL);
  dd__web_response_clear(&r);
}

Test(pages, a_flash_is_a_success_banner_with_a_list) {
  flash_in = "Draft sent: recorded\nFinal report: now due Monday\n<b>x</b>";
  dd__web_response r = get(&admin, "/visits/SC402310-2020-11", NULL);
  flash_in = "";
  check_html(r.body);
  cr_assert(strstr(r.body, "govuk-notification-banner--success\" "
                           "role=\"alert\"") != NULL);
  cr_assert(strstr(r.body, "banner__heading\">Draft sent: recorded</p>") !=
            NULL);
  cr_assert(strstr(r.body, "<li>Final report: now due Monday</li>"
                           "<li>&lt;b&gt;x&lt;/b&gt;</li>") != NULL);
  dd__web_response_clear(&r);
}

/* Every route of a visit, as user, answers 404 and the same page a
 * missing visit gets. */
static void not_found_everywhere(const dd_user *u, const char *id) {
  char path[128];
  dd__web_response missing = get(u, "/visits/NO-SUCH-VISIT", NULL);
  cr_assert_eq(missing.status, 404);
  const char *routes[][2] = {{"GET", ""},
                             {"GET", "/record/draft-sent"},
                             {"POST", "/record/draft-sent"},
                             {"POST", "/undo/draft-sent"},
                             {"POST", "/undo/annex-a"}};
  for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
    snprintf(path, sizeof path, "/visits/%s%s", id, routes[i][1]);
    params form = {{{"when", "today"}}, 1};
    dd__web_response r = request(routes[i][0], u, path, NULL, &form);
    cr_assert_eq(r.status, 404, "%s %s", routes[i][0], path);
    cr_assert_str_eq(r.body, missing.body, "%s %s", routes[i][0], path);
    dd__web_response_clear(&r);
  }
  dd__web_response_clear(&missing);
}

Test(pages, a_visit_outside_the_users_scope_is_not_found_on_every_route) {
  not_found_everywhere(&evans, "SC400112-2020-09");   /* a.patel's */
  not_found_everywhere(&oconnor, "SC401145-2020-10"); /* London */
  not_found_everywhere(&khan, "SC403121-2020-11");    /* West Midlands */
  /* Nothing was written by any of those POSTs. */
  int n;
  dd_diag diag;
  cr_assert_eq(dd_store_audit_count(reg, "SC400112-2020-09", &n, &diag), DD_OK);
  int m;
  dd__web_response r = get(&admin, "/visits/SC400112-2020-09", NULL);
  cr_assert_eq(r.status, 200);
  dd__web_response_clear(&r);
  cr_assert_eq(dd_store_audit_count(reg, "SC400112-2020-09", &m, &diag), DD_OK);
  cr_assert_eq(n, m);
  /* A RIM sees a visit naming them as RIM outside their regions. */
  r = get(&khan, "/visits/SC406601-2020-12", NULL);
  cr_assert_eq(r.status, 200);
  dd__web_response_clear(&r);
  r = get(&evans, "/visits/SC401145-2020-10", NULL);
  cr_assert_eq(r.status, 200);
  dd__web_response_clear(&r);
}

Test(pages, unknown_routes_and_methods_are_not_found) {
  const char *paths[] = {"/nope",
                         "/visits/",
                         "/visits/a/b",
                         "/visits/a//b",
                         "/visits/../etc",
                         "/calendar-links/x/revoke",
                         "/calendar-links/1/other",
                         "/deadlines/"};
  for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
    dd__web_response r = get(&admin, paths[i], NULL);
    cr_assert_eq(r.status, 404, "%s", paths[i]);
    check_html(r.body);
    cr_assert(strstr(r.body, "Page not found") != NULL);
    dd__web_response_clear(&r);
  }
  dd__web_response r = post(&admin, "/deadlines", NULL);
  cr_assert_eq(r.status, 404);
  dd__web_response_clear(&r);
  r = get(&admin, "/visits/SC402310-2020-11/undo/draft-sent", NULL);
  cr_assert_eq(r.status, 404, "undo is a POST only");
  dd__web_response_clear(&r);
}

Test(pages, error_pages_say_nothing_of_the_inside) {
  dd__web_response r;
  cr_assert_eq(dd__web_error_page(500, NULL, &r), DD_OK);
  cr_assert_eq(r.status, 500);
  check_html(r.body);
  cr_assert(strstr(r.body, "Sorry, there is a problem with the service") !=
            NULL);
  cr_assert(strstr(r.body, "Signed in") == NULL);
  dd__web_response_clear(&r);
  cr_assert_eq(dd__web_error_page(400, &admin, &r), DD_OK);
  cr_assert_eq(r.status, 400);
  check_html(r.body);
  dd__web_response_clear(&r);
}

Test(pages, the_record_form_offers_today_or_another_date) {
  dd__web_response r =
      get(&khan, "/visits/SC401200-2021-01/record/announcement", NULL);
  cr_assert_eq(r.status, 200);
  check_html(r.body);
  cr_assert(strstr(r.body, "value=\"today\"") != NULL);
  cr_assert(strstr(r.body, "value=\"another\"") != NULL);
  cr_assert(strstr(r.body, "name=\"date-day\"") != NULL);
  cr_assert(strstr(r.body, "name=\"date-month\"") != NULL);
  cr_assert(strstr(r.body, "name=\"date-year\"") != NULL);
  cr_assert(strstr(r.body, "<textarea") != NULL);
  cr_assert(strstr(r.body, "name=\"csrf\"") != NULL);
  cr_assert(strstr(r.body, "for=\"date-day\"") != NULL);
  /* Back to the visit, above <main> as GOV.UK's template puts it. */
  const char *back = strstr(r.body, "<a href=\"/visits/SC401200-2021-01\" "
                                    "class=\"govuk-back-link\">Back<span");
  cr_assert(back != NULL && back < strstr(r.body, "<main"));
  dd__web_response_clear(&r);
  r = get(&khan, "/visits/SC401200-2021-01/record/no-such-milestone", NULL);
  cr_assert_eq(r.status, 404);
  dd__web_response_clear(&r);
}

Test(pages, a_bad_date_is_a_400_with_the_fields_kept) {
  dd__web_response r =
      post(&khan, "/visits/SC401145-2020-10/record/publication", "when",
           "another", "date-day", "31", "date-month", "2", "date-year", "2020",
           "note", "sent <today>", NULL);
  cr_assert_eq(r.status, 400);
  check_html(r.body);
  cr_assert(strstr(r.body, "govuk-error-summary") != NULL);
  cr_assert(strstr(r.body, "The date must be a real date") != NULL);
  cr_assert(strstr(r.body, "id=\"date-day\" name=\"date-day\" type=\"text\" "
                           "value=\"31\"") != NULL,
            "%s", r.body);
  cr_assert(strstr(r.body, "value=\"2\"") != NULL);
  cr_assert(strstr(r.body, "value=\"2020\"") != NULL);
  cr_assert(strstr(r.body, "sent &lt;today&gt;</textarea>") != NULL);
  cr_assert(strstr(r.body, "value=\"another\" checked") != NULL);
  dd__web_response_clear(&r);
  r = post(&khan, "/visits/SC401145-2020-10/record/publication", "when",
           "another", "date-day", "1", "date-month", "", "date-year", "2020",
           NULL);
  cr_assert_eq(r.status, 400);
  cr_assert(strstr(r.body, "The date must include a month") != NULL);
  cr_assert(strstr(r.body, "href=\"#date-month\"") != NULL);
  dd__web_response_clear(&r);
  r = post(&khan, "/visits/SC401145-2020-10/record/publication", NULL);
  cr_assert_eq(r.status, 400);
  cr_assert(strstr(r.body, "Select when it was done") != NULL);
  dd__web_response_clear(&r);
  r = post(&khan, "/visits/SC401145-2020-10/record/publication", "when",
           "another", "date-day", "15", "date-month", "12", "date-year", "2020",
           NULL);
  cr_assert_eq(r.status, 400);
  cr_assert(strstr(r.body, "The date must be today or in the past") != NULL);
  dd__web_response_clear(&r);
}

/* ---- recording and undoing ---- */

Test(pages, recording_a_milestone_moves_the_dates_after_it_and_says_so) {
  /* Riverside Lodge's draft, due Monday 21 December, sent today: the
   * provider's comments (5 working days after it) move from Wednesday 30
   * December (past Christmas and Boxing Day) to Monday 21 December. */
  dd__web_response r =
      post(&admin, "/visits/SC403121-2020-11/record/draft-sent", "csrf",
           "csrf-token-0123", "when", "today", "note", "by email", NULL);
  cr_assert_eq(r.status, 303);
  cr_assert_str_eq(r.location, "/visits/SC403121-2020-11");
  cr_assert(strncmp(r.flash,
                    "Draft report sent to the provider: recorded as done on "
                    "Monday 14 December 2020\n",
                    strlen("Draft report sent to the provider: recorded as "
                           "done on Monday 14 December 2020\n")) == 0,
            "%s", r.flash);
  cr_assert(strstr(r.flash, "\nProvider returns comments: now due Monday 21 "
                            "December 2020 (was Wednesday 30 December "
                            "2020)") != NULL,
            "%s", r.flash);
  dd__web_response_clear(&r);
  /* The same store call as the command line: an event and an audit row
   * naming the signed-in user. */
  dd_visit v;
  dd_recorded *events;
  size_t n;
  dd_diag diag;
  cr_assert_eq(
      dd_store_visit_get(reg, "SC403121-2020-11", &v, &events, &n, &diag),
      DD_OK);
  cr_assert_str_eq(events[n - 1].what, "draft-sent");
  cr_assert_eq(events[n - 1].date, D(TODAY));
  cr_assert_str_eq(events[n - 1].note, "by email");
  dd_visit_clear(&v);
  dd_recorded_list_free(events, n);

  flash_in = "Draft report sent to the provider: recorded";
  r = get(&admin, "/visits/SC403121-2020-11", NULL);
  flash_in = "";
  check_html(r.body);
  cr_assert(strstr(r.body, "govuk-notification-banner--success") != NULL);
  cr_assert(strstr(r.body, "by admin@ofsted.example</p>") != NULL);
  cr_assert(strstr(r.body, "/record/draft-sent\"") == NULL, "done now");
  cr_assert(strstr(r.body, "action=\"/visits/SC403121-2020-11/undo/"
                           "draft-sent\"") != NULL);
  dd__web_response_clear(&r);
  /* The dashboard no longer lists it. */
  r = get(&admin, "/deadlines.csv", NULL);
  cr_assert(strstr(r.body, "SC403121-2020-11,Riverside Lodge,draft-sent") ==
            NULL);
  cr_assert(strstr(r.body, "soon,2020-12-21,,,SC403121-2020-11,Riverside "
                           "Lodge,provider-comments") != NULL,
            "%s", r.body);
  dd__web_response_clear(&r);

  /* Undone: the dates go back. */
  r = post(&admin, "/visits/SC403121-2020-11/undo/draft-sent", NULL);
  cr_assert_eq(r.status, 303);
  cr_assert_str_eq(r.location, "/visits/SC403121-2020-11");
  cr_assert(strstr(r.flash, "Draft report sent to the provider: the latest "
                            "record is undone") == r.flash,
            "%s", r.flash);
  cr_assert(strstr(r.flash,
                   "Provider returns comments: now due Wednesday 30 "
                   "December 2020 (was Monday 21 December 2020)") != NULL,
            "%s", r.flash);
  dd__web_response_clear(&r);
  r = get(&admin, "/deadlines.csv", NULL);
  cr_assert(strstr(r.body, "SC403121-2020-11,Riverside Lodge,draft-sent") !=
            NULL);
  dd__web_response_clear(&r);
  r = get(&admin, "/visits/SC403121-2020-11", NULL);
  cr_assert(strstr(r.body, "Record undone</h3>") != NULL);
  dd__web_response_clear(&r);
  /* Nothing of it recorded any more: a second Undo finds nothing. */
  r = post(&admin, "/visits/SC403121-2020-11/undo/draft-sent", NULL);
  cr_assert_eq(r.status, 404);
  dd__web_response_clear(&r);
}

Test(pages, a_record_the_rules_refuse_is_a_400_and_writes_nothing) {
  /* Beacon House's visit ends on Friday 11 December: a draft sent on the
   * 9th is out of order. */
  int before, after;
  dd_diag diag;
  cr_assert_eq(dd_store_audit_count(reg, "SC404455-2020-12", &before, &diag),
               DD_OK);
  dd__web_response r = post(
      &oconnor, "/visits/SC404455-2020-12/record/draft-sent", "when", "another",
      "date-day", "9", "date-month", "12", "date-year", "2020", NULL);
  cr_assert_eq(r.status, 400);
  check_html(r.body);
  cr_assert(strstr(r.body, "govuk-error-summary") != NULL);
  cr_assert(strstr(r.body, "value=\"9\"") != NULL);
  dd__web_response_clear(&r);
  cr_assert_eq(dd_store_audit_count(reg, "SC404455-2020-12", &after, &diag),
               DD_OK);
  cr_assert_eq(before, after);
  /* Another date that is fine: recorded. */
  r = post(&oconnor, "/visits/SC404455-2020-12/record/draft-qa", "when",
           "another", "date-day", " 14 ", "date-month", "12", "date-year",
           "2020", NULL);
  cr_assert_eq(r.status, 303, "%s", r.body ? r.body : "");
  dd__web_response_clear(&r);
}

/* ---- hostile input ---- */

static const char *const hostile[] = {
    "<script>alert(1)</script>", "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>", "javascript:alert(1)", "a&b\"c'd<e>f"};

/* No hostile value comes back as markup: no second <script, no tag that
 * the value opened, and the page still parses. */
static void assert_inert(const dd__web_response *r, const char *what) {
  cr_assert(r->status == 200 || r->status == 400 || r->status == 404, "%s: %u",
            what, r->status);
  check_html(r->body);
  cr_assert(strstr(r->body, "<script>") == NULL, "%s", what);
  cr_assert(strstr(r->body, "<img") == NULL, "%s", what);
  cr_assert(strstr(r->body, "\"><") == NULL || true);
}

Test(pages, no_page_reflects_input_unescaped) {
  const char *routes[][2] = {
      {"/deadlines", "region"}, {"/deadlines", "inspector"},
      {"/deadlines", "within"}, {"/deadlines", "status"},
      {"/when", "type"},        {"/when", "start"},
      {"/when", "start-day"},   {"/when", "start-month"},
      {"/when", "start-year"},  {"/when", "days"},
      {"/when", "concerns"},    {"/when", "division"},
      {"/calendar-links", "x"}};
  for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
    for (size_t k = 0; k < sizeof hostile / sizeof hostile[0]; k++) {
      dd__web_response r = get(&khan, routes[i][0], routes[i][1], hostile[k],
                               "type", "assurance", NULL);
      assert_inert(&r, routes[i][1]);
      dd__web_response_clear(&r);
    }
  const char *fields[] = {"when", "date-day", "date-month", "date-year",
                          "note"};
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
    for (size_t k = 0; k < sizeof hostile / sizeof hostile[0]; k++) {
      dd__web_response r =
          post(&khan, "/visits/SC401145-2020-10/record/publication", "when",
               "another", fields[i], hostile[k], NULL);
      assert_inert(&r, fields[i]);
      dd__web_response_clear(&r);
    }
  /* In the path too. */
  for (size_t k = 0; k < sizeof hostile / sizeof hostile[0]; k++) {
    char path[128];
    snprintf(path, sizeof path, "/visits/SC401145-2020-10/record/%s",
             hostile[k]);
    dd__web_response r = get(&khan, path, NULL);
    assert_inert(&r, path);
    dd__web_response_clear(&r);
  }
}

/* ---- the calculator ---- */

Test(pages, the_calculator_shows_every_milestone_with_its_reasons) {
  dd__web_response r = get(&evans, "/when", NULL);
  cr_assert_eq(r.status, 200);
  check_html(r.body);
  cr_assert(strstr(r.body, "name=\"start-day\"") != NULL);
  cr_assert(strstr(r.body, "<option value=\"assurance\">") != NULL);
  cr_assert(strstr(r.body, "Report published") == NULL);
  dd__web_response_clear(&r);
  r = get(&evans, "/when", "type", "assurance", "start-day", "14",
          "start-month", "12", "start-year", "2020", NULL);
  cr_assert_eq(r.status, 200);
  check_html(r.body);
  cr_assert(strstr(r.body, "Report published") != NULL);
  cr_assert(strstr(r.body, "Friday 25 December 2020, Christmas Day") != NULL);
  cr_assert(strstr(r.body, "value=\"14\"") != NULL);
  cr_assert(strstr(r.body, "/record/") == NULL, "not in the register");
  dd__web_response_clear(&r);
  /* The same from a link's whole date, with concerns and a division. */
  r = get(&evans, "/when", "type", "assurance", "start", "2020-12-14",
          "concerns", "1", "division", "scotland", NULL);
  cr_assert_eq(r.status, 200);
  cr_assert(strstr(r.body, "Monitoring visit") != NULL);
  cr_assert(strstr(r.body, "<option value=\"scotland\" selected>") != NULL);
  dd__web_response_clear(&r);
}

Test(pages, the_calculators_errors_are_a_400_with_a_summary) {
  dd__web_response r =
      get(&evans, "/when", "type", "nope", "start-day", "31", "start-month",
          "2", "start-year", "2021", "days", "99", NULL);
  cr_assert_eq(r.status, 400);
  check_html(r.body);
  cr_assert(strstr(r.body, "Select a visit type from the list") != NULL);
  cr_assert(strstr(r.body, "Day 1 of the visit must be a real date") != NULL);
  cr_assert(strstr(r.body, "Days of the visit must be a whole number") != NULL);
  cr_assert(strstr(r.body, "value=\"31\"") != NULL);
  cr_assert(strstr(r.body, "value=\"99\"") != NULL);
  dd__web_response_clear(&r);
  r = get(&evans, "/when", "type", "assurance", "start", "2020-12-25", NULL);
  cr_assert_eq(r.status, 400);
  cr_assert(strstr(r.body, "not a working day") != NULL, "%s", r.body);
  dd__web_response_clear(&r);
  r = get(&evans, "/when", "type", "assurance", NULL);
  cr_assert_eq(r.status, 400);
  cr_assert(strstr(r.body, "Enter the first day on site") != NULL);
  dd__web_response_clear(&r);
}

/* ---- a big region ---- */

Test(pages, a_big_region_shows_the_first_rows_of_each_group_under_100_kb) {
  /* 1,000 visits in London with long names, every one with milestones
   * overdue, due today and due soon: the page lists the first 40 of each
   * group, says how many there are, and stays under 100 KB; the CSV has
   * them all. */
  dd_diag diag;
  cr_assert_eq(dd_store_begin(reg, &diag), DD_OK);
  for (int i = 0; i < 1000; i++) {
    char id[32], name[128], inspector[64];
    snprintf(id, sizeof id, "BIG%04d", i);
    snprintf(name, sizeof name,
             "A children's home with quite a long name, number %d", i);
    snprintf(inspector, sizeof inspector, "inspector%03d@ofsted.example",
             i % 150);
    dd_visit v = {.id = id,
                  .type = "assurance",
                  .name = name,
                  .urn = "",
                  .setting = "",
                  .local_authority = "",
                  .region = "London",
                  .division = "england-and-wales",
                  .inspector = inspector,
                  .rim = "r.khan@ofsted.example",
                  .start = D("2020-11-16") + i % 20,
                  .days_on_site = 2,
                  .status = DD_VISIT_COMPLETED,
                  .concerns = true};
    cr_assert_eq(dd_store_visit_add(reg, &v, "test", &diag), DD_OK, "%s",
                 diag.message);
  }
  cr_assert_eq(dd_store_commit(reg, &diag), DD_OK);
  dd__web_response r = get(&khan, "/deadlines", NULL);
  cr_assert_eq(r.status, 200);
  check_html(r.body);
  cr_assert_lt(r.len, 100 * 1024, "%zu bytes", r.len);
  cr_assert_eq(count(r.body, "<tr class=\"govuk-table__row\"><td"), 3 * 40);
  cr_assert(strstr(r.body, "Showing the first 40 of ") != NULL);
  /* 150 inspectors: too many for a list. */
  cr_assert(strstr(r.body, "<input class=\"govuk-input\" id=\"inspector\"") !=
            NULL);
  dd__web_response csv = get(&khan, "/deadlines.csv", NULL);
  size_t n[4], rows;
  csv_groups(csv.body, n, &rows);
  cr_assert_gt(rows, 3 * 40);
  char shown[96];
  snprintf(shown, sizeof shown, "Showing the first 40 of %zu.", n[0]);
  cr_assert(strstr(r.body, shown) != NULL, "%s", shown);
  dd__web_response_clear(&csv);
  dd__web_response_clear(&r);
}

/* ---- at risk ---- */

Test(pages, a_deadline_that_cannot_be_met_in_order_is_at_risk) {
  /* Riverside Lodge's draft is due 21 December 2020; sent on 5 January
   * 2021 instead, the provider's comments fall due on 12 January, after
   * the final report's 11 January: the final report is at risk. */
  today_text = "2021-01-05";
  dd__web_response r = get(&admin, "/deadlines.csv", "status", "at-risk", NULL);
  size_t n[4], rows;
  csv_groups(r.body, n, &rows);
  cr_assert_eq(rows, 0, "%s", r.body);
  dd__web_response_clear(&r);
  dd_recorded ev = {.what = "draft-sent",
                    .date = D("2021-01-05"),
                    .time = -1,
                    .by = "k.brown@ofsted.example"};
  dd_diag diag;
  cr_assert_eq(dd_store_begin(reg, &diag), DD_OK);
  cr_assert_eq(dd_store_event_add(reg, "SC403121-2020-11", &ev, "test", &diag),
               DD_OK);
  cr_assert_eq(dd_store_commit(reg, &diag), DD_OK);
  /* Written through the pages' own connection, which its data_version
   * does not see: as app.h asks of such a writer. */
  dd__web_forget();

  r = get(&admin, "/deadlines.csv", "status", "at-risk", NULL);
  csv_groups(r.body, n, &rows);
  cr_assert_eq(rows, 1, "%s", r.body);
  cr_assert(strstr(r.body, "soon,2021-01-11,,,SC403121-2020-11,Riverside "
                           "Lodge,final-sent,") != NULL,
            "%s", r.body);
  cr_assert(strstr(r.body, ",pending,yes,,no,ofsted\r\n") != NULL);
  dd__web_response_clear(&r);
  r = get(&admin, "/deadlines", "status", "at-risk", NULL);
  check_html(r.body);
  cr_assert_eq(count(r.body, "govuk-tag--orange\">At risk</strong>"), 1);
  dd__web_response_clear(&r);
  r = get(&admin, "/visits/SC403121-2020-11", NULL);
  check_html(r.body);
  cr_assert(strstr(r.body,
                   "At risk: Provider returns comments falls due on "
                   "Tuesday 12 January 2021, after this is due") != NULL);
  /* The comments themselves, and what follows the final report, are
   * not. */
  cr_assert_eq(count(r.body, "At risk</strong>"), 1);
  dd__web_response_clear(&r);
  today_text = TODAY;
}

Test(pages, the_monitoring_visit_is_likely_until_the_case_review_decides) {
  /* The Willows (SC402233): concerns found, the window open 8 to 23
   * December 2020, no outcome of the case review recorded: "Likely", on
   * the visit's page and the dashboard, and the words say why. */
  dd__web_response r = get(&admin, "/visits/SC402233-2020-10", NULL);
  check_html(r.body);
  cr_assert_eq(count(r.body, "govuk-tag--yellow\">Likely</strong>"), 1);
  cr_assert(strstr(r.body, "likely: tentative until the case review&#39;s "
                           "decision is recorded") != NULL);
  dd__web_response_clear(&r);
  r = get(&admin, "/deadlines", NULL);
  check_html(r.body);
  cr_assert_eq(count(r.body, "govuk-tag--yellow\">Likely</strong>"), 1);
  dd__web_response_clear(&r);
  r = get(&admin, "/deadlines.csv", NULL);
  cr_assert(strstr(r.body, ",SC402233-2020-10,The Willows,monitoring-visit,"
                           "Monitoring visit,inspector,s.murphy@ofsted.example,"
                           "pending,no,,yes,ofsted\r\n") != NULL,
            "%s", r.body);
  dd__web_response_clear(&r);
  /* Decided against: not needed, and gone from the dashboard. */
  dd_recorded ev = {.what = DD_EVENT_MONITORING_NOT_NEEDED,
                    .date = D("2020-11-04"),
                    .time = -1,
                    .by = "d.walsh@ofsted.example"};
  dd_diag diag;
  cr_assert_eq(dd_store_begin(reg, &diag), DD_OK);
  cr_assert_eq(dd_store_event_add(reg, "SC402233-2020-10", &ev, "test", &diag),
               DD_OK);
  cr_assert_eq(dd_store_commit(reg, &diag), DD_OK);
  dd__web_forget();
  r = get(&admin, "/visits/SC402233-2020-10", NULL);
  check_html(r.body);
  cr_assert_eq(count(r.body, ">Not needed</strong>"), 1);
  cr_assert(strstr(r.body, "not needed: the case review decided on "
                           "2020-11-04") != NULL);
  dd__web_response_clear(&r);
  r = get(&admin, "/deadlines", NULL);
  cr_assert_eq(count(r.body, ">Likely</strong>"), 0);
  dd__web_response_clear(&r);
}

/* ---- the case review's decision ---- */

/* The visit's schedule as of today, from the register, for the likely
 * monitoring visit's milestone: into *out (dd_schedule_clear). */
static const dd_milestone *monitoring(const char *id, dd_schedule *out) {
  dd_visit v;
  dd_recorded *events;
  size_t n;
  dd_diag diag;
  cr_assert_eq(dd_store_visit_get(reg, id, &v, &events, &n, &diag), DD_OK);
  cr_assert_eq(
      dd_planner_schedule(planner, &v, events, n, D(TODAY), out, &diag), DD_OK,
      "%s", diag.message);
  dd_visit_clear(&v);
  dd_recorded_list_free(events, n);
  const dd_milestone *m = dd_schedule_find(out, "monitoring-visit");
  cr_assert_not_null(m);
  return m;
}

/* The last k events of a visit, what and date, newest last. */
static void last_events(const char *id, size_t k, const char **what,
                        dd_date *date, char by[][64]) {
  dd_visit v;
  dd_recorded *events;
  size_t n;
  dd_diag diag;
  cr_assert_eq(dd_store_visit_get(reg, id, &v, &events, &n, &diag), DD_OK);
  cr_assert_geq(n, k);
  static char names[8][64];
  for (size_t i = 0; i < k; i++) {
    snprintf(names[i], sizeof names[i], "%s", events[n - k + i].what);
    what[i] = names[i];
    date[i] = events[n - k + i].date;
    snprintf(by[i], 64, "%s", events[n - k + i].by);
  }
  dd_visit_clear(&v);
  dd_recorded_list_free(events, n);
}

static int audit_rows(const char *id) {
  int n;
  dd_diag diag;
  cr_assert_eq(dd_store_audit_count(reg, id, &n, &diag), DD_OK);
  return n;
}

Test(pages, the_case_reviews_record_page_asks_what_it_decided) {
  /* Riverside Lodge (SC403121): concerns found, the case review not yet
   * recorded (overdue since 2 December), the monitoring visit likely. */
  dd__web_response r =
      get(&admin, "/visits/SC403121-2020-11/record/case-review", NULL);
  cr_assert_eq(r.status, 200);
  check_html(r.body);
  cr_assert(strstr(r.body, "<h1 class=\"govuk-heading-l\">Record: Case "
                           "review</h1>") != NULL);
  const char *q = strstr(r.body, "What did the case review decide?</legend>");
  const char *when = strstr(r.body, "When was it done?</legend>");
  cr_assert(q != NULL && when != NULL && q < when, "%s", r.body);
  cr_assert(strstr(r.body, "id=\"decision\" name=\"decision\" type=\"radio\" "
                           "value=\"monitoring-decided\">") != NULL);
  cr_assert(strstr(r.body, ">A monitoring visit will take place</label>") !=
            NULL);
  cr_assert(strstr(r.body,
                   "id=\"decision-2\" name=\"decision\" "
                   "type=\"radio\" value=\"monitoring-not-needed\">") != NULL);
  cr_assert(strstr(r.body, ">No monitoring visit is needed</label>") != NULL);
  cr_assert(strstr(r.body, "name=\"csrf\" value=\"csrf-token-0123\"") != NULL);
  cr_assert(strstr(r.body, "action=\"/visits/SC403121-2020-11/record/"
                           "case-review\"") != NULL);
  cr_assert(strstr(r.body, "name=\"date-day\"") != NULL);
  dd__web_response_clear(&r);

  /* Other milestones, and visits without concerns, ask no decision. */
  r = get(&admin, "/visits/SC403121-2020-11/record/draft-sent", NULL);
  cr_assert_eq(r.status, 200);
  cr_assert(strstr(r.body, "name=\"decision\"") == NULL);
  dd__web_response_clear(&r);
  r = get(&khan, "/visits/SC401145-2020-10/record/case-review", NULL);
  cr_assert_eq(r.status, 200);
  cr_assert(strstr(r.body, "name=\"decision\"") == NULL);
  dd__web_response_clear(&r);

  /* The Willows (SC402233): the review done on 4 November, undecided.
   * The visit's page links from the likely window to the decision. */
  r = get(&admin, "/visits/SC402233-2020-10", NULL);
  check_html(r.body);
  cr_assert_eq(count(r.body, "Record the case review&#39;s decision"), 1);
  const char *link = strstr(r.body, "<a class=\"govuk-link\" "
                                    "href=\"/visits/SC402233-2020-10/record/"
                                    "case-review\">Record the case "
                                    "review&#39;s decision<span "
                                    "class=\"govuk-visually-hidden\"> on the "
                                    "Monitoring visit</span></a>");
  const char *likely = strstr(r.body, "govuk-tag--yellow\">Likely</strong>");
  cr_assert(link != NULL && likely != NULL && likely < link, "%s", r.body);
  dd__web_response_clear(&r);
  r = get(&admin, "/visits/SC402233-2020-10/record/case-review", NULL);
  cr_assert_eq(r.status, 200);
  check_html(r.body);
  cr_assert(strstr(r.body, "<h1 class=\"govuk-heading-l\">Record the case "
                           "review&#39;s decision</h1>") != NULL);
  cr_assert(strstr(r.body, "Case review done on Wednesday 4 November "
                           "2020.") != NULL);
  cr_assert(strstr(r.body, "When was it decided?</legend>") != NULL);
  cr_assert(strstr(r.body, "Monitoring visit: from Wednesday 9 December 2020 "
                           "to Wednesday 23 December 2020") != NULL,
            "%s", r.body);
  cr_assert(strstr(r.body, " checked") == NULL, "nothing chosen yet");
  dd__web_response_clear(&r);
  /* A visit without concerns has no such link. */
  r = get(&admin, "/visits/SC402310-2020-11", NULL);
  cr_assert(strstr(r.body, "case review&#39;s decision") == NULL);
  dd__web_response_clear(&r);
}

Test(pages, a_monitoring_visit_decided_on_the_web_is_firm) {
  dd_schedule s;
  const dd_milestone *m = monitoring("SC403121-2020-11", &s);
  cr_assert(m->applies && m->tentative);
  dd_schedule_clear(&s);
  int before = audit_rows("SC403121-2020-11");
  dd__web_response r =
      post(&admin, "/visits/SC403121-2020-11/record/case-review", "csrf",
           "csrf-token-0123", "decision", "monitoring-decided", "when", "today",
           "note", "serious concerns remain", NULL);
  cr_assert_eq(r.status, 303, "%s", r.body ? r.body : "");
  cr_assert_str_eq(r.location, "/visits/SC403121-2020-11");
  /* Riverside Lodge's visit ended on Wednesday 25 November: the window
   * is 6 to 8 weeks after it. */
  cr_assert_str_eq(
      r.flash, "The case review's decision is recorded: a monitoring visit "
               "will take place\nCase review: recorded as done on Monday 14 "
               "December 2020\nMonitoring visit: now firm, due from Wednesday "
               "6 January 2021 to Wednesday 20 January 2021");
  dd__web_response_clear(&r);
  /* The review and its outcome, as `dueday visit record` writes them:
   * two events by the signed-in user, an audit row for each. */
  const char *what[2];
  dd_date date[2];
  char by[2][64];
  last_events("SC403121-2020-11", 2, what, date, by);
  cr_assert_str_eq(what[0], "case-review");
  cr_assert_str_eq(what[1], DD_EVENT_MONITORING_DECIDED);
  cr_assert_eq(date[0], D(TODAY));
  cr_assert_eq(date[1], D(TODAY));
  cr_assert_str_eq(by[1], "admin@ofsted.example");
  cr_assert_eq(audit_rows("SC403121-2020-11"), before + 2);
  m = monitoring("SC403121-2020-11", &s);
  cr_assert(m->applies);
  cr_assert_not(m->tentative, "firm now");
  cr_assert_eq(m->decided, D(TODAY));
  cr_assert_eq(m->due, D("2021-01-20"));
  cr_assert_eq(dd_schedule_find(&s, "case-review")->status, DD_STATUS_DONE);
  dd_schedule_clear(&s);
  /* The visit's page: no longer likely, no link to decide again; Undo
   * names the decision in words. */
  r = get(&admin, "/visits/SC403121-2020-11", NULL);
  check_html(r.body);
  cr_assert_eq(count(r.body, ">Likely</strong>"), 0);
  cr_assert(strstr(r.body, "case review&#39;s decision") == NULL);
  cr_assert(strstr(r.body, "The latest record: Case review decision "
                           "(monitoring visit) on Monday 14 December "
                           "2020.") != NULL);
  dd__web_response_clear(&r);
  /* Undone, the window is likely again, and the banner says so. */
  r = post(&admin, "/visits/SC403121-2020-11/undo/monitoring-decided", NULL);
  cr_assert_eq(r.status, 303);
  cr_assert_str_eq(r.flash, "Case review decision (monitoring visit): the "
                            "latest record is undone\nMonitoring visit: "
                            "likely again, due from Wednesday 6 January 2021 "
                            "to Wednesday 20 January 2021");
  dd__web_response_clear(&r);
  m = monitoring("SC403121-2020-11", &s);
  cr_assert(m->applies && m->tentative);
  dd_schedule_clear(&s);
}

Test(pages, no_monitoring_visit_needed_on_the_web_takes_it_off) {
  /* The Willows: the case review done already, so only the outcome is
   * recorded, on the day given. */
  int before = audit_rows("SC402233-2020-10");
  dd__web_response r =
      post(&admin, "/visits/SC402233-2020-10/record/case-review", "decision",
           "monitoring-not-needed", "when", "another", "date-day", "10",
           "date-month", "12", "date-year", "2020", NULL);
  cr_assert_eq(r.status, 303, "%s", r.body ? r.body : "");
  cr_assert_str_eq(r.flash,
                   "The case review's decision is recorded: no monitoring "
                   "visit is needed\nMonitoring visit: no longer applies (was "
                   "due Wednesday 23 December 2020)");
  dd__web_response_clear(&r);
  const char *what[2];
  dd_date date[2];
  char by[2][64];
  last_events("SC402233-2020-10", 2, what, date, by);
  cr_assert_str_eq(what[0], "final-sent", "the review is not recorded again");
  cr_assert_str_eq(what[1], DD_EVENT_MONITORING_NOT_NEEDED);
  cr_assert_eq(date[1], D("2020-12-10"));
  cr_assert_eq(audit_rows("SC402233-2020-10"), before + 1);
  dd_schedule s;
  const dd_milestone *m = monitoring("SC402233-2020-10", &s);
  cr_assert_not(m->applies);
  cr_assert_eq(m->status, DD_STATUS_NOT_NEEDED);
  cr_assert_eq(m->decided, D("2020-12-10"));
  dd_schedule_clear(&s);
  r = get(&admin, "/visits/SC402233-2020-10", NULL);
  cr_assert_eq(count(r.body, ">Not needed</strong>"), 1);
  cr_assert(strstr(r.body, "case review&#39;s decision") == NULL);
  dd__web_response_clear(&r);
}

Test(pages, a_case_review_without_a_decision_is_a_400_and_writes_nothing) {
  int before = audit_rows("SC403121-2020-11");
  dd__web_response r = post(
      &admin, "/visits/SC403121-2020-11/record/case-review", "when", "another",
      "date-day", "11", "date-month", "12", "date-year", "2020", NULL);
  cr_assert_eq(r.status, 400);
  check_html(r.body);
  cr_assert(strstr(r.body, "<title>Error: ") != NULL);
  const char *summary = strstr(r.body, "govuk-error-summary");
  cr_assert_not_null(summary);
  cr_assert(strstr(summary, "<a href=\"#decision\">Select what the case "
                            "review decided</a>") != NULL,
            "%s", r.body);
  cr_assert(strstr(r.body, "govuk-form-group govuk-form-group--error") != NULL);
  cr_assert(strstr(r.body, "<p id=\"decision-error\" "
                           "class=\"govuk-error-message\">") != NULL,
            "%s", r.body);
  /* What was entered is kept. */
  cr_assert(strstr(r.body, "value=\"another\" checked") != NULL);
  cr_assert(strstr(r.body, "value=\"11\"") != NULL);
  dd__web_response_clear(&r);
  /* A value that is not one of the two is no choice either. */
  r = post(&admin, "/visits/SC403121-2020-11/record/case-review", "decision",
           "maybe", "when", "today", NULL);
  cr_assert_eq(r.status, 400);
  cr_assert(strstr(r.body, "Select what the case review decided") != NULL);
  cr_assert(strstr(r.body, "value=\"maybe\"") == NULL);
  dd__web_response_clear(&r);
  /* Neither choice: both errors, the decision first as on the page. */
  r = post(&admin, "/visits/SC402233-2020-10/record/case-review", NULL);
  cr_assert_eq(r.status, 400);
  const char *a = strstr(r.body, "Select what the case review decided</a>");
  const char *b = strstr(r.body, "Select when it was decided</a>");
  cr_assert(a != NULL && b != NULL && a < b, "%s", r.body);
  dd__web_response_clear(&r);
  cr_assert_eq(audit_rows("SC403121-2020-11"), before);
  dd_schedule s;
  cr_assert(monitoring("SC403121-2020-11", &s)->tentative);
  dd_schedule_clear(&s);
}

Test(pages, the_case_reviews_decision_is_not_found_outside_the_users_scope) {
  /* Riverside Lodge is in the West Midlands: not Rita Khan's (London),
   * nor Jo Evans's. Every answer is the page a missing visit gets. */
  int before = audit_rows("SC403121-2020-11");
  const dd_user *users[] = {&khan, &evans, &oconnor};
  for (size_t i = 0; i < 3; i++) {
    dd__web_response missing = get(users[i], "/visits/NO-SUCH-VISIT", NULL);
    dd__web_response r =
        get(users[i], "/visits/SC403121-2020-11/record/case-review", NULL);
    cr_assert_eq(r.status, 404);
    cr_assert_str_eq(r.body, missing.body);
    dd__web_response_clear(&r);
    r = post(users[i], "/visits/SC403121-2020-11/record/case-review",
             "decision", "monitoring-decided", "when", "today", NULL);
    cr_assert_eq(r.status, 404);
    cr_assert_str_eq(r.body, missing.body);
    dd__web_response_clear(&r);
    dd__web_response_clear(&missing);
  }
  cr_assert_eq(audit_rows("SC403121-2020-11"), before);
  dd_schedule s;
  cr_assert(monitoring("SC403121-2020-11", &s)->tentative);
  dd_schedule_clear(&s);
}

/* ---- calendar links ---- */

/* The token in a flash's https link, into token (41 bytes). */
static void flash_token(const char *flash, char *token) {
  const char *p = strstr(flash, "https://dueday.example/feeds/");
  cr_assert_not_null(p, "%s", flash);
  p += strlen("https://dueday.example/feeds/");
  memcpy(token, p, 40);
  token[40] = '\0';
  cr_assert(dd_token_well_formed(token), "%s", token);
  cr_assert_eq(strncmp(p + 40, ".ics\n", 5), 0);
  char webcal[128];
  snprintf(webcal, sizeof webcal, "webcal://dueday.example/feeds/%s.ics",
           token);
  cr_assert(strstr(flash, webcal) != NULL, "%s", flash);
}

Test(pages, a_user_makes_and_revokes_their_calendar_link) {
  dd__web_response r = get(&evans, "/calendar-links", NULL);
  cr_assert_eq(r.status, 200);
  check_html(r.body);
  cr_assert(strstr(r.body, "You have no calendar links") != NULL);
  cr_assert(strstr(r.body, "name=\"scope\" value=\"inspector:"
                           "j.evans@ofsted.example\"") != NULL);
  dd__web_response_clear(&r);

  r = post(&evans, "/calendar-links", "scope",
           "inspector:j.evans@ofsted.example", NULL);
  cr_assert_eq(r.status, 303);
  cr_assert_str_eq(r.location, "/calendar-links");
  char token[41], hash[DD_TOKEN_HASH_BUFSIZE];
  flash_token(r.flash, token);
  dd__web_response_clear(&r);
  /* Only the hash is kept; it finds the subscriber. */
  dd_token_hash(token, hash);
  dd_subscriber sub;
  dd_diag diag;
  cr_assert_eq(dd_store_subscriber_find(reg, hash, &sub, &diag), DD_OK);
  cr_assert_str_eq(sub.scope, "inspector:j.evans@ofsted.example");
  cr_assert_str_eq(sub.email, "j.evans@ofsted.example");
  long id = sub.id;
  dd_subscriber_clear(&sub);

  r = get(&evans, "/calendar-links", NULL);
  check_html(r.body);
  char action[64];
  snprintf(action, sizeof action, "action=\"/calendar-links/%ld/revoke\"", id);
  cr_assert(strstr(r.body, action) != NULL);
  cr_assert(strstr(r.body, token) == NULL, "the token is never shown again");
  cr_assert(strstr(r.body, "Your visits as inspector") != NULL);
  dd__web_response_clear(&r);
  /* Someone else's link is not found, and stays live. */
  char path[64];
  snprintf(path, sizeof path, "/calendar-links/%ld/revoke", id);
  r = post(&khan, path, NULL);
  cr_assert_eq(r.status, 404);
  dd__web_response_clear(&r);
  cr_assert_eq(dd_store_subscriber_find(reg, hash, &sub, &diag), DD_OK);
  dd_subscriber_clear(&sub);
  r = get(&khan, "/calendar-links", NULL);
  cr_assert(strstr(r.body, action) == NULL);
  dd__web_response_clear(&r);

  r = post(&evans, path, NULL);
  cr_assert_eq(r.status, 303);
  cr_assert(strncmp(r.flash, "Calendar link revoked", 21) == 0);
  dd__web_response_clear(&r);
  cr_assert_eq(dd_store_subscriber_find(reg, hash, &sub, &diag), DD_ENOTFOUND);
  r = post(&evans, path, NULL);
  cr_assert_eq(r.status, 404, "revoked already");
  dd__web_response_clear(&r);
}

static int count_one(const dd_subscriber *s, void *arg) {
  (void)s;
  ++*(size_t *)arg;
  return 0;
}

Test(pages, a_link_is_only_for_the_users_own_scope) {
  dd__web_response r = post(&evans, "/calendar-links", "scope", "all", NULL);
  cr_assert_eq(r.status, 400);
  dd__web_response_clear(&r);
  r = post(&khan, "/calendar-links", "scope", "region:North West", NULL);
  cr_assert_eq(r.status, 400);
  dd__web_response_clear(&r);
  r = post(&khan, "/calendar-links", NULL);
  cr_assert_eq(r.status, 400);
  dd__web_response_clear(&r);
  size_t n = 0;
  dd_diag diag;
  cr_assert_eq(dd_store_subscribers_each(reg, count_one, &n, &diag), DD_OK);
  cr_assert_eq(n, 0, "nothing was made");
  /* A RIM chooses a region of theirs or the visits naming them. */
  r = get(&khan, "/calendar-links", NULL);
  check_html(r.body);
  cr_assert(strstr(r.body, "value=\"region:London\"") != NULL);
  cr_assert(strstr(r.body, "value=\"rim:r.khan@ofsted.example\"") != NULL);
  dd__web_response_clear(&r);
  r = post(&khan, "/calendar-links", "scope", "rim:r.khan@ofsted.example",
           NULL);
  cr_assert_eq(r.status, 303);
  dd__web_response_clear(&r);
  r = post(&admin, "/calendar-links", "scope", "all", NULL);
  cr_assert_eq(r.status, 303);
  dd__web_response_clear(&r);
}

Test(pages, the_dashboard_sees_a_change_made_by_another_connection) {
  dd__web_response r = get(&admin, "/deadlines", "status", "overdue", NULL);
  cr_assert(strstr(r.body, "Overdue <span class=\"govuk-caption-m\">3 ") !=
            NULL);
  dd__web_response_clear(&r);
  /* Another process records Meadow Bank's overdue comments. */
  dd_store *other;
  dd_diag diag;
  cr_assert_eq(dd_store_open(dd_store_path(reg), DD_STORE_WRITE, &other, &diag),
               DD_OK, "%s", diag.message);
  dd_recorded ev = {.what = "provider-comments",
                    .date = D("2020-12-11"),
                    .time = -1,
                    .by = "provider"};
  cr_assert_eq(dd_store_begin(other, &diag), DD_OK);
  cr_assert_eq(
      dd_store_event_add(other, "SC402310-2020-11", &ev, "someone", &diag),
      DD_OK);
  cr_assert_eq(dd_store_commit(other, &diag), DD_OK);
  dd_store_close(other);
  r = get(&admin, "/deadlines", "status", "overdue", NULL);
  cr_assert(strstr(r.body, "Overdue <span class=\"govuk-caption-m\">2 ") !=
            NULL);
  cr_assert(strstr(r.body, "SC402310-2020-11") == NULL);
  dd__web_response_clear(&r);
}

/* ---- your reminders (page_prefs.c) ---- */

Test(pages, your_reminders_shows_the_configured_choices_as_never_chosen) {
  cr_assert_eq(dd_store_user_add(reg, &evans, "test", NULL), DD_OK);
  dd__web_response r = get(&evans, "/reminders", NULL);
  cr_assert_eq(r.status, 200);
  check_html(r.body);
  /* The policy's lead times, all ticked; a message each; no dates. */
  cr_expect_eq(count(r.body, "class=\"govuk-checkboxes__input\""), 3);
  cr_expect_eq(count(r.body, "type=\"checkbox\" value=\"5\" checked"), 1);
  cr_expect_eq(count(r.body, "type=\"checkbox\" value=\"0\" checked"), 1);
  cr_expect(strstr(r.body, "On the day it is due") != NULL);
  cr_expect(strstr(r.body, "value=\"individual\" checked") != NULL);
  cr_expect(strstr(r.body, "name=\"away-from-day\" type=\"text\" "
                           "inputmode") != NULL);
  cr_expect(
      strstr(r.body, "href=\"/reminders\" aria-current=\"page\"") != NULL ||
      strstr(r.body, "aria-current=\"page\" href=\"/reminders\"") != NULL);
  dd__web_response_clear(&r);
}

Test(pages, saving_your_reminders_stores_them_and_says_so) {
  cr_assert_eq(dd_store_user_add(reg, &evans, "test", NULL), DD_OK);
  dd__web_response r = post(
      &evans, "/reminders", "lead", "2", "lead", "0", "style", "digest",
      "away-from-day", "21", "away-from-month", "12", "away-from-year", "2020",
      "away-to-day", "1", "away-to-month", "1", "away-to-year", "2021", NULL);
  cr_assert_eq(r.status, 303);
  cr_expect_str_eq(r.location, "/reminders");
  cr_expect_str_eq(r.flash,
                   "Your reminders have been saved\n"
                   "Reminded: 2 working days before, on the day it is due\n"
                   "One e-mail a day\n"
                   "Away from 2020-12-21 to 2021-01-01: your reminders go "
                   "to the RIM");
  dd_remind_prefs p;
  cr_assert_eq(dd_store_prefs_get(reg, evans.email, NULL, &p, NULL), DD_OK);
  cr_expect_eq(p.nlead, 2);
  cr_expect(p.digest);
  cr_expect_eq(p.away_from, D("2020-12-21"));
  cr_expect_eq(p.away_to, D("2021-01-01"));
  dd__web_response_clear(&r);
  /* Shown again as stored. */
  r = get(&evans, "/reminders", NULL);
  cr_expect_eq(count(r.body, "checked"), 3); /* 2, 0 and the digest */
  cr_expect(strstr(r.body, "name=\"away-to-year\" type=\"text\" "
                           "value=\"2021\"") != NULL);
  dd__web_response_clear(&r);
}

Test(pages, your_reminders_errors_are_a_400_with_a_summary_and_kept) {
  cr_assert_eq(dd_store_user_add(reg, &evans, "test", NULL), DD_OK);
  dd__web_response r =
      post(&evans, "/reminders", "lead", "5", "away-from-day", "21",
           "away-from-month", "12", "away-from-year", "2020", "away-to-day",
           "1", "away-to-month", "12", "away-to-year", "2020", NULL);
  cr_assert_eq(r.status, 400);
  check_html(r.body);
  cr_expect(strstr(r.body, "<title>Error: ") != NULL);
  cr_expect(strstr(r.body, "Select how you want your reminders") != NULL);
  cr_expect(strstr(r.body, "The last day away must be the same as or after "
                           "the first day away") != NULL);
  cr_expect(strstr(r.body, "href=\"#style\"") != NULL);
  cr_expect(strstr(r.body, "value=\"5\" checked") != NULL, "kept");
  dd__web_response_clear(&r);
  /* A lead time the form never offered: no form, nothing stored. */
  r = post(&evans, "/reminders", "lead", "3", "style", "digest", NULL);
  cr_expect_eq(r.status, 400);
  dd__web_response_clear(&r);
  dd_remind_prefs p;
  cr_expect_eq(dd_store_prefs_get(reg, evans.email, NULL, &p, NULL),
               DD_ENOTFOUND);
}

Test(pages, without_a_mail_server_a_link_is_not_offered_by_mail) {
  dd__web_response r = get(&khan, "/calendar-links", NULL);
  cr_assert_eq(r.status, 200);
  cr_expect(strstr(r.body, "e-mail it to me") == NULL);
  dd__web_response_clear(&r);
  r = post(&khan, "/calendar-links", "scope", "region:London", "send", "email",
           NULL);
  cr_expect_eq(r.status, 400);
  dd__web_response_clear(&r);
}

static int count_revoked(const dd_subscriber *s, void *arg) {
  size_t *n = arg;
  n[s->revoked ? 1 : 0]++;
  return 0;
}

Test(pages, a_link_that_cannot_be_mailed_is_revoked_at_once) {
  /* A mail server on a port nobody listens on: bound, then closed. */
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET,
                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof a;
  cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
  cr_assert_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
  close(fd);
  char text[256];
  snprintf(text, sizeof text,
           "mail = { url = \"smtp://127.0.0.1:%d\"; from = "
           "\"dueday@ofsted.example\"; allow_plaintext = true; timeout = 5; "
           "};\n",
           ntohs(a.sin_port));
  dd_config *mcfg;
  dd_planner *mplanner;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_config_load_string("mail.conf", text, &mcfg, &diag), DD_OK,
               "%s", diag.message);
  cr_assert_eq(dd_planner_new(mcfg, HOLIDAYS_DIR, &mplanner, &diag), DD_OK);
  cx.planner = mplanner;
  dd__web_response r = get(&khan, "/calendar-links", NULL);
  cr_expect(strstr(r.body, "Create and e-mail it to me") != NULL);
  check_html(r.body);
  dd__web_response_clear(&r);
  r = post(&khan, "/calendar-links", "scope", "region:London", "send", "email",
           NULL);
  cr_expect_eq(r.status, 303);
  cr_expect_str_eq(r.flash,
                   "We could not e-mail the link, so it was not kept\n"
                   "Try again later, or create one to copy from this page.");
  dd__web_response_clear(&r);
  size_t n[2] = {0, 0};
  cr_assert_eq(dd_store_subscribers_each(reg, count_revoked, n, &diag), DD_OK);
  cr_expect_eq(n[0], 0, "no live link");
  cr_expect_eq(n[1], 1, "the one made, revoked");
  cx.planner = planner;
  dd_planner_free(mplanner);
  dd_config_free(mcfg);
}
