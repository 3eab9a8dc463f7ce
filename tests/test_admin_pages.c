/* The admin pages (src/web/page_admin*.c) as a pure function of a
 * request, against a real register: that nobody but an admin reaches any
 * of them (404 on every route, GET and POST, as for anything outside a
 * user's scope), that each admin action changes the register through the
 * library and writes an audit row with the admin's address, and that
 * forms with errors answer 400 with a summary and the values kept. */
#include "register_fixture.h"

#include "service/ledger.h"
#include "web/app.h"

#include "dueday/text.h"
#include "dueday/token.h"
#include "dueday/users.h"

#include <ctype.h>
#include <stdarg.h>
#include <time.h>
#include <unistd.h>

#define TODAY "2020-12-14"

static dd__web_context cx;

#include "pages_fixture.h"

static void setup(void) {
  register_setup();
  cx = (dd__web_context){.st = reg, .planner = planner};
  /* The same users in the register: the pages change these rows. */
  dd_diag diag = {{0}};
  cr_assert_eq(dd_store_begin(reg, &diag), DD_OK);
  const dd_user *all[] = {&admin, &evans, &khan};
  for (size_t i = 0; i < 3; i++)
    cr_assert_eq(dd_store_user_add(reg, all[i], "test", &diag), DD_OK, "%s",
                 diag.message);
  cr_assert_eq(dd_store_commit(reg, &diag), DD_OK);
}

static void teardown(void) { register_teardown(); }

TestSuite(admin_pages, .init = setup, .fini = teardown);

/* ---- the audit log, as the tests read it ---- */

/* The newest audit row's actor, action and detail into the buffers. */
struct last {
  char actor[256], action[64], detail[512];
};

static int last_row(const dd_audit_entry *a, void *arg) {
  struct last *l = arg;
  snprintf(l->actor, sizeof l->actor, "%s", a->actor);
  snprintf(l->action, sizeof l->action, "%s", a->action);
  snprintf(l->detail, sizeof l->detail, "%s", a->detail);
  return 1;
}

static struct last newest_audit(void) {
  struct last l;
  memset(&l, 0, sizeof l);
  dd_diag diag;
  dd_store_audit_query(reg, NULL, 0, 1, last_row, &l, &diag);
  return l;
}

static int audit_rows(void) {
  int n;
  dd_diag diag;
  cr_assert_eq(dd_store_audit_count(reg, NULL, &n, &diag), DD_OK);
  return n;
}

/* ---- the pages ---- */

/* Every admin route, GET and POST, with what a non-admin must not reach. */
static const struct {
  const char *method, *path;
} routes[] = {
    {"GET", "/admin"},
    {"GET", "/admin/users"},
    {"POST", "/admin/users"},
    {"GET", "/admin/users/j.evans@ofsted.example"},
    {"POST", "/admin/users/j.evans@ofsted.example"},
    {"GET", "/admin/users/j.evans@ofsted.example/remove"},
    {"POST", "/admin/users/j.evans@ofsted.example/remove"},
    {"GET", "/admin/subscribers"},
    {"POST", "/admin/subscribers/1/revoke"},
    {"GET", "/admin/outbox"},
    {"POST", "/admin/outbox/1/retry"},
    {"GET", "/admin/audit"},
    {"HEAD", "/admin/audit"},
};

Test(admin_pages, nobody_but_an_admin_reaches_an_admin_page) {
  /* A live subscriber and a failed reminder, so that a POST that got
   * through would have something to change. */
  dd_diag diag;
  long id;
  cr_assert_eq(dd_store_begin(reg, &diag), DD_OK);
  cr_assert_eq(dd_store_subscriber_add(reg, "Jo", "j.evans@ofsted.example",
                                       "all",
                                       "0123456789abcdef0123456789abcdef"
                                       "0123456789abcdef0123456789abcdef",
                                       "test", &id, &diag),
               DD_OK);
  cr_assert_eq(dd_ledger_queue(reg, "V-1", "draft", "2020-12-15", "due",
                               "j.evans@ofsted.example", "", NULL, &diag),
               DD_OK);
  cr_assert_eq(dd_ledger_failed(reg, 1, 550, "no such user", &diag), DD_OK);
  cr_assert_eq(dd_store_commit(reg, &diag), DD_OK);
  int before = audit_rows();
  const dd_user *others[] = {&evans, &khan};
  for (size_t u = 0; u < 2; u++)
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
      params form = {
          .p = {{"email", "x@example.org"}, {"role", "admin"}, {"name", "X"}},
          .n = 3};
      dd__web_response r =
          request(routes[i].method, others[u], routes[i].path, NULL, &form);
      cr_assert_eq(r.status, 404, "%s %s as %s: %u", routes[i].method,
                   routes[i].path, others[u]->email, r.status);
      cr_assert(strstr(r.body, "Page not found") != NULL);
      dd__web_response_clear(&r);
    }
  cr_assert_eq(audit_rows(), before, "nothing changed");
  dd_user u;
  cr_assert_eq(dd_store_user_get(reg, "j.evans@ofsted.example", &u, &diag),
               DD_OK);
  cr_assert_eq(u.role, DD_ROLE_INSPECTOR);
  dd_user_clear(&u);
  /* And the navigation offers "Admin" to admins only. */
  dd__web_response r = get(&evans, "/deadlines", NULL);
  cr_assert(strstr(r.body, "href=\"/admin/users\"") == NULL);
  dd__web_response_clear(&r);
  r = get(&admin, "/deadlines", NULL);
  cr_assert(strstr(r.body, "href=\"/admin/users\"") != NULL);
  dd__web_response_clear(&r);
}

Test(admin_pages, every_admin_page_is_well_formed_with_captioned_tables) {
  static const char *const pages[] = {
      "/admin/users",
      "/admin/users/r.khan@ofsted.example",
      "/admin/users/r.khan@ofsted.example/remove",
      "/admin/subscribers",
      "/admin/outbox",
      "/admin/audit"};
  for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
    dd__web_response r = get(&admin, pages[i], NULL);
    cr_assert_eq(r.status, 200, "%s", pages[i]);
    check_html(r.body);
    cr_assert_eq(count(r.body, "<table"), count(r.body, "<caption"), "%s",
                 pages[i]);
    cr_assert(strstr(r.body, "aria-current=\"page\"") != NULL);
    dd__web_response_clear(&r);
  }
  dd__web_response r = get(&admin, "/admin", NULL);
  cr_assert_eq(r.status, 303);
  cr_assert_str_eq(r.location, "/admin/users");
  r = get(&admin, "/admin/users/nobody@example.org", NULL);
  cr_assert_eq(r.status, 404);
  dd__web_response_clear(&r);
  r = get(&admin, "/admin/nothing", NULL);
  cr_assert_eq(r.status, 404);
  dd__web_response_clear(&r);
}

Test(admin_pages, an_admin_adds_a_user_and_the_audit_log_names_them) {
  dd__web_response r =
      post(&admin, "/admin/users", "email", "New.Person@Ofsted.example", "name",
           "New Person", "role", "rim", "regions", "North West, London", NULL);
  cr_assert_eq(r.status, 303);
  cr_assert_str_eq(r.location, "/admin/users");
  cr_assert(strncmp(r.flash, "User new.person@ofsted.example added", 36) == 0,
            "%s", r.flash);
  dd_user u;
  dd_diag diag;
  cr_assert_eq(dd_store_user_get(reg, "new.person@ofsted.example", &u, &diag),
               DD_OK);
  cr_assert_eq(u.role, DD_ROLE_RIM);
  cr_assert_str_eq(u.regions, "North West,London");
  dd_user_clear(&u);
  struct last l = newest_audit();
  cr_assert_str_eq(l.actor, "admin@ofsted.example");
  cr_assert_str_eq(l.action, "user add");
  /* The banner, on the page the 303 leads to. */
  flash_in = "User new.person@ofsted.example added\nThey can sign in now.";
  r = get(&admin, "/admin/users", NULL);
  flash_in = "";
  cr_assert(strstr(r.body, "govuk-notification-banner--success") != NULL);
  cr_assert(strstr(r.body, "new.person@ofsted.example") != NULL);
  dd__web_response_clear(&r);
}

Test(admin_pages, a_bad_user_form_is_a_400_with_a_summary_and_its_values) {
  int before = audit_rows();
  struct {
    const char *email, *role, *regions, *message, *anchor;
  } cases[] = {
      {"", "admin", "", "Enter an e-mail address", "#email"},
      {"not an address", "admin", "", "in the correct format", "#email"},
      {"x@example.org", "", "", "Select a role", "#role"},
      {"x@example.org", "rim", " , ", "Enter the regions", "#regions"},
      {"x@example.org", "inspector", "London", "Leave regions empty",
       "#regions"},
      {"R.Khan@ofsted.example", "admin", "", "exists already", "#email"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    dd__web_response r = post(&admin, "/admin/users", "email", cases[i].email,
                              "name", "Kept <Name>", "role", cases[i].role,
                              "regions", cases[i].regions, NULL);
    cr_assert_eq(r.status, 400, "case %zu", i);
    check_html(r.body);
    cr_assert(strstr(r.body, "<title>Error: ") != NULL);
    cr_assert(strstr(r.body, "govuk-error-summary") != NULL);
    cr_assert(strstr(r.body, cases[i].message) != NULL, "case %zu", i);
    char href[64];
    snprintf(href, sizeof href, "href=\"%s\"", cases[i].anchor);
    cr_assert(strstr(r.body, href) != NULL, "case %zu: %s", i, href);
    cr_assert(strstr(r.body, "value=\"Kept &lt;Name&gt;\"") != NULL);
    dd__web_response_clear(&r);
  }
  cr_assert_eq(audit_rows(), before);
}

Test(admin_pages, an_admin_changes_a_users_role_and_regions) {
  dd__web_response r =
      post(&admin, "/admin/users/j.evans@ofsted.example", "name", "Jo Evans",
           "role", "rim", "regions", "South East", NULL);
  cr_assert_eq(r.status, 303);
  cr_assert_str_eq(r.flash, "User j.evans@ofsted.example changed");
  dd_user u;
  dd_diag diag;
  cr_assert_eq(dd_store_user_get(reg, "j.evans@ofsted.example", &u, &diag),
               DD_OK);
  cr_assert_eq(u.role, DD_ROLE_RIM);
  cr_assert_str_eq(u.regions, "South East");
  dd_user_clear(&u);
  struct last l = newest_audit();
  cr_assert_str_eq(l.actor, "admin@ofsted.example");
  cr_assert_str_eq(l.action, "user change");
  cr_assert_str_eq(l.detail, "j.evans@ofsted.example: role inspector -> rim, "
                             "regions \"\" -> \"South East\"");
  /* The form shows what is stored. */
  r = get(&admin, "/admin/users/J.Evans@ofsted.example", NULL);
  cr_assert_eq(r.status, 200);
  cr_assert(strstr(r.body, "value=\"South East\"") != NULL);
  cr_assert(strstr(r.body, "value=\"rim\" checked") != NULL);
  dd__web_response_clear(&r);
  /* A change the checks refuse is a 400, and changes nothing. */
  r = post(&admin, "/admin/users/j.evans@ofsted.example", "name", "", "role",
           "rim", "regions", "", NULL);
  cr_assert_eq(r.status, 400);
  cr_assert(strstr(r.body, "Enter the regions") != NULL);
  dd__web_response_clear(&r);
}

Test(admin_pages, the_last_admin_cannot_demote_or_remove_themselves) {
  int before = audit_rows();
  dd__web_response r =
      post(&admin, "/admin/users/admin@ofsted.example", "name", "Ada Admin",
           "role", "inspector", "regions", "", NULL);
  cr_assert_eq(r.status, 400);
  check_html(r.body);
  cr_assert(strstr(r.body, "This is the last admin") != NULL);
  dd__web_response_clear(&r);
  r = post(&admin, "/admin/users/admin@ofsted.example/remove", NULL);
  cr_assert_eq(r.status, 400);
  check_html(r.body);
  cr_assert(strstr(r.body, "This is the last admin") != NULL);
  dd__web_response_clear(&r);
  cr_assert_eq(audit_rows(), before);
  dd_user u;
  dd_diag diag;
  cr_assert_eq(dd_store_user_get(reg, "admin@ofsted.example", &u, &diag),
               DD_OK);
  cr_assert_eq(u.role, DD_ROLE_ADMIN);
  dd_user_clear(&u);
  /* With a second admin, either may go. */
  r = post(&admin, "/admin/users/r.khan@ofsted.example", "name", "Rita Khan",
           "role", "admin", "regions", "", NULL);
  cr_assert_eq(r.status, 303);
  r = post(&admin, "/admin/users/admin@ofsted.example", "name", "Ada Admin",
           "role", "inspector", "regions", "", NULL);
  cr_assert_eq(r.status, 303);
}

Test(admin_pages, removing_a_user_is_confirmed_then_ends_their_sessions) {
  dd__web_response r =
      get(&admin, "/admin/users/r.khan@ofsted.example/remove", NULL);
  cr_assert_eq(r.status, 200);
  cr_assert(strstr(r.body, "Yes, remove this user") != NULL);
  cr_assert(strstr(r.body, "name=\"csrf\" value=\"csrf-token-0123\"") != NULL);
  dd__web_response_clear(&r);
  /* The GET changed nothing. */
  dd_user u;
  dd_diag diag;
  cr_assert_eq(dd_store_user_get(reg, "r.khan@ofsted.example", &u, &diag),
               DD_OK);
  dd_user_clear(&u);
  r = post(&admin, "/admin/users/r.khan@ofsted.example/remove", NULL);
  cr_assert_eq(r.status, 303);
  cr_assert(strncmp(r.flash, "User r.khan@ofsted.example removed", 34) == 0);
  cr_assert_eq(dd_store_user_get(reg, "r.khan@ofsted.example", &u, &diag),
               DD_ENOTFOUND);
  struct last l = newest_audit();
  cr_assert_str_eq(l.actor, "admin@ofsted.example");
  cr_assert_str_eq(l.action, "user remove");
  r = post(&admin, "/admin/users/r.khan@ofsted.example/remove", NULL);
  cr_assert_eq(r.status, 404, "gone already");
  dd__web_response_clear(&r);
}

Test(admin_pages, subscribers_show_their_last_fetch_and_are_revoked) {
  char token[DD_TOKEN_BUFSIZE], hash[DD_TOKEN_HASH_BUFSIZE];
  dd_diag diag;
  long id;
  cr_assert_eq(dd_token_new(token, &diag), DD_OK);
  dd_token_hash(token, hash);
  cr_assert_eq(dd_store_begin(reg, &diag), DD_OK);
  cr_assert_eq(dd_store_subscriber_add(reg, "Rita <K>", "r.khan@ofsted.example",
                                       "region:London", hash, "test", &id,
                                       &diag),
               DD_OK);
  cr_assert_eq(dd_store_commit(reg, &diag), DD_OK);
  dd__web_response r = get(&admin, "/admin/subscribers", NULL);
  check_html(r.body);
  cr_assert(strstr(r.body, "Rita &lt;K&gt;") != NULL);
  cr_assert(strstr(r.body, ">Never<") != NULL);
  dd__web_response_clear(&r);
  dd_subscriber_fetch f = {id, time(NULL),
                           "Microsoft Office/16.0 (Windows NT 10.0; "
                           "Microsoft Outlook 16.0.17328; Pro) <b>and a very "
                           "long tail</b>"};
  cr_assert_eq(dd_store_subscribers_seen(reg, &f, 1, &diag), DD_OK);
  r = get(&admin, "/admin/subscribers", NULL);
  check_html(r.body);
  cr_assert(strstr(r.body, ">Never<") == NULL);
  cr_assert(strstr(r.body, "Microsoft Office/16.0 (Windows NT") != NULL);
  cr_assert(strstr(r.body, "long tail") == NULL, "cut short");
  cr_assert(strstr(r.body, "…") != NULL);
  char action[64];
  snprintf(action, sizeof action, "action=\"/admin/subscribers/%ld/revoke\"",
           id);
  cr_assert(strstr(r.body, action) != NULL);
  dd__web_response_clear(&r);
  char path[64];
  snprintf(path, sizeof path, "/admin/subscribers/%ld/revoke", id);
  r = post(&admin, path, NULL);
  cr_assert_eq(r.status, 303);
  cr_assert_str_eq(r.location, "/admin/subscribers");
  dd_subscriber s;
  cr_assert_eq(dd_store_subscriber_find(reg, hash, &s, &diag), DD_ENOTFOUND);
  struct last l = newest_audit();
  cr_assert_str_eq(l.actor, "admin@ofsted.example");
  cr_assert_str_eq(l.action, "revoke");
  r = get(&admin, "/admin/subscribers", NULL);
  cr_assert(strstr(r.body, action) == NULL);
  cr_assert(strstr(r.body, "Revoked") != NULL);
  dd__web_response_clear(&r);
  r = post(&admin, path, NULL);
  cr_assert_eq(r.status, 404, "revoked already");
  dd__web_response_clear(&r);
  r = post(&admin, "/admin/subscribers/999/revoke", NULL);
  cr_assert_eq(r.status, 404);
  dd__web_response_clear(&r);
  r = post(&admin, "/admin/subscribers/01/revoke", NULL);
  cr_assert_eq(r.status, 404);
  dd__web_response_clear(&r);
}

static int count_due(const dd_reminder *r, void *arg) {
  (void)r;
  ++*(size_t *)arg;
  return 0;
}

Test(admin_pages, the_outbox_lists_failed_and_deferred_and_retries_them) {
  dd_diag diag;
  cr_assert_eq(dd_store_begin(reg, &diag), DD_OK);
  const char *who[] = {"a@example.org", "b@example.org", "c@example.org",
                       "d@example.org"};
  for (size_t i = 0; i < 4; i++)
    cr_assert_eq(dd_ledger_queue(reg, "SC1-2020-12", "draft", "2020-12-15",
                                 "due", who[i], "", NULL, &diag),
                 DD_OK);
  cr_assert_eq(dd_ledger_failed(reg, 1, 550, "mailbox unavailable", &diag),
               DD_OK);
  cr_assert_eq(dd_ledger_retry(reg, 2, 4102444800, 451, "try later", &diag),
               DD_OK);
  cr_assert_eq(dd_ledger_sent(reg, 3, "<m@x>", 250, &diag), DD_OK);
  cr_assert_eq(dd_store_commit(reg, &diag), DD_OK);
  dd__web_response r = get(&admin, "/admin/outbox", NULL);
  check_html(r.body);
  cr_assert(strstr(r.body, "a@example.org") != NULL);
  cr_assert(strstr(r.body, "550 mailbox unavailable") != NULL);
  cr_assert(strstr(r.body, "b@example.org") != NULL);
  cr_assert(strstr(r.body, "451 try later") != NULL);
  cr_assert(strstr(r.body, "1 January 2100 00:00") != NULL, "next try");
  cr_assert(strstr(r.body, "c@example.org") == NULL, "sent");
  cr_assert(strstr(r.body, "d@example.org") == NULL, "pending, not tried");
  cr_assert(strstr(r.body, "action=\"/admin/outbox/1/retry\"") != NULL);
  cr_assert(strstr(r.body, "action=\"/admin/outbox/2/retry\"") != NULL);
  dd__web_response_clear(&r);

  r = post(&admin, "/admin/outbox/1/retry", NULL);
  cr_assert_eq(r.status, 303);
  cr_assert_str_eq(r.location, "/admin/outbox");
  struct last l = newest_audit();
  cr_assert_str_eq(l.actor, "admin@ofsted.example");
  cr_assert_str_eq(l.action, "outbox retry");
  cr_assert(strstr(l.detail, "a@example.org") != NULL, "%s", l.detail);
  r = post(&admin, "/admin/outbox/2/retry", NULL);
  cr_assert_eq(r.status, 303);
  /* Both are due now: the next pass tries them. */
  size_t due = 0;
  cr_assert_eq(dd_ledger_due_each(reg, 1, false, count_due, &due, &diag),
               DD_OK);
  cr_assert_eq(due, 3, "a, b and the untried d");
  r = post(&admin, "/admin/outbox/3/retry", NULL);
  cr_assert_eq(r.status, 404, "a sent one is no retry's");
  dd__web_response_clear(&r);
}

/* Adds n subscribers, each an audit row ("subscribe") by actor. */
static void audit_many(int n, const char *actor) {
  dd_diag diag;
  static int made;
  cr_assert_eq(dd_store_begin(reg, &diag), DD_OK);
  for (int i = 0; i < n; i++) {
    char hash[65], name[32];
    snprintf(hash, sizeof hash, "%064d", ++made);
    snprintf(name, sizeof name, "Sub %d", made);
    long id;
    cr_assert_eq(dd_store_subscriber_add(reg, name, "s@example.org", "all",
                                         hash, actor, &id, &diag),
                 DD_OK, "%s", diag.message);
  }
  cr_assert_eq(dd_store_commit(reg, &diag), DD_OK);
}

Test(admin_pages, the_audit_log_is_filtered_and_paged_newest_first) {
  audit_many(150, "clerk@ofsted.example");
  audit_many(3, "admin@ofsted.example");
  /* Unfiltered: 156 rows (3 users added at setup), 100 a page. */
  dd__web_response r = get(&admin, "/admin/audit", NULL);
  cr_assert_eq(r.status, 200);
  check_html(r.body);
  cr_assert_eq(count(r.body, "<tr class=\"govuk-table__row\">"), 101);
  cr_assert(strstr(r.body, "Sub 153") != NULL, "newest first");
  cr_assert(strstr(r.body, "Sub 53 &lt;") == NULL);
  cr_assert(strstr(r.body, "rel=\"next\"") != NULL);
  cr_assert(strstr(r.body, "rel=\"prev\"") == NULL);
  dd__web_response_clear(&r);
  r = get(&admin, "/admin/audit", "page", "2", NULL);
  cr_assert_eq(count(r.body, "<tr class=\"govuk-table__row\">"), 57);
  cr_assert(strstr(r.body, "Sub 53 &lt;") != NULL);
  cr_assert(strstr(r.body, "rel=\"next\"") == NULL);
  cr_assert(strstr(r.body, "rel=\"prev\"") != NULL);
  dd__web_response_clear(&r);
  /* By actor (in any case): the filters are kept in the paging links. */
  r = get(&admin, "/admin/audit", "actor", "Admin@ofsted.example", NULL);
  check_html(r.body);
  cr_assert_eq(count(r.body, "<tr class=\"govuk-table__row\">"), 4);
  cr_assert(strstr(r.body, "value=\"Admin@ofsted.example\"") != NULL);
  dd__web_response_clear(&r);
  r = get(&admin, "/admin/audit", "actor", "clerk@ofsted.example", "action",
          "subscribe", NULL);
  cr_assert_eq(count(r.body, "<tr class=\"govuk-table__row\">"), 101);
  cr_assert(strstr(r.body, "actor=clerk%40ofsted.example&amp;action="
                           "subscribe&amp;") != NULL);
  dd__web_response_clear(&r);
  r = get(&admin, "/admin/audit", "action", "user add", NULL);
  cr_assert_eq(count(r.body, "<tr class=\"govuk-table__row\">"), 4);
  dd__web_response_clear(&r);
  /* By day: today's rows are all of them; none the day before. */
  char today[16], yesterday[16];
  time_t now = time(NULL);
  strftime(today, sizeof today, "%Y-%m-%d", gmtime(&now));
  now -= 86400;
  strftime(yesterday, sizeof yesterday, "%Y-%m-%d", gmtime(&now));
  r = get(&admin, "/admin/audit", "from", today, "to", today, "actor",
          "admin@ofsted.example", NULL);
  cr_assert_eq(count(r.body, "<tr class=\"govuk-table__row\">"), 4);
  dd__web_response_clear(&r);
  r = get(&admin, "/admin/audit", "to", yesterday, NULL);
  cr_assert(strstr(r.body, "Nothing in the audit log matches") != NULL);
  dd__web_response_clear(&r);
  /* A date that is not one, or an end before the start: 400, summary. */
  r = get(&admin, "/admin/audit", "from", "2020-02-30", "actor", "x<y", NULL);
  cr_assert_eq(r.status, 400);
  check_html(r.body);
  cr_assert(strstr(r.body, "href=\"#from\"") != NULL);
  cr_assert(strstr(r.body, "value=\"x&lt;y\"") != NULL);
  dd__web_response_clear(&r);
  r = get(&admin, "/admin/audit", "from", "2020-12-14", "to", "2020-12-01",
          NULL);
  cr_assert_eq(r.status, 400);
  cr_assert(strstr(r.body, "href=\"#to\"") != NULL);
  dd__web_response_clear(&r);
}
