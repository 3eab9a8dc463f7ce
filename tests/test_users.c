/* The users of the web pages: who may see which visit, and the users table
 * of a real register (validation, conflicts, the audit rows, and removal
 * ending a user's sessions). */
#include "dueday/users.h"
#include "register_fixture.h"
#include "service/store_internal.h"
#include "support/util.h"

#include <criterion/criterion.h>
#include <string.h>

TestSuite(users, .init = register_setup, .fini = register_teardown);

static dd_visit visit(const char *region, const char *inspector,
                      const char *rim) {
  return (dd_visit){.id = "V-1",
                    .type = "assurance",
                    .name = "Sunny Home",
                    .urn = "",
                    .setting = "",
                    .local_authority = "",
                    .region = (char *)region,
                    .division = "england-and-wales",
                    .inspector = (char *)inspector,
                    .rim = (char *)rim,
                    .start = D("2020-09-21"),
                    .days_on_site = 2};
}

static int audit_rows(void) {
  int n = -1;
  cr_assert_eq(dd_store_audit_count(reg, NULL, &n, NULL), DD_OK);
  return n;
}

/* Adds u in a transaction of its own; returns what the add returned. */
static int add_user(const char *email, dd_role role, const char *regions,
                    dd_diag *diag) {
  dd_user u = {.email = (char *)email,
               .name = "Jo Bloggs",
               .role = role,
               .regions = (char *)regions};
  cr_assert_eq(dd_store_begin(reg, diag), DD_OK, "%s", diag->message);
  int err = dd_store_user_add(reg, &u, "admin@example.org", diag);
  if (err == DD_OK)
    cr_assert_eq(dd_store_commit(reg, diag), DD_OK, "%s", diag->message);
  else
    dd_store_rollback(reg);
  return err;
}

Test(users, role_names_parse_back_and_an_unknown_one_is_refused) {
  for (dd_role r = DD_ROLE_ADMIN; r <= DD_ROLE_INSPECTOR; r++) {
    dd_role back = (dd_role)-1;
    cr_assert_eq(dd_role_parse(dd_role_name(r), &back), DD_OK);
    cr_assert_eq(back, r);
  }
  cr_assert_str_eq(dd_role_name(DD_ROLE_RIM), "rim");
  dd_role untouched = DD_ROLE_INSPECTOR;
  cr_assert_eq(dd_role_parse("Admin", &untouched), DD_EINVAL);
  cr_assert_eq(dd_role_parse("", &untouched), DD_EINVAL);
  cr_assert_eq(untouched, DD_ROLE_INSPECTOR);
  cr_assert_null(dd_role_name((dd_role)3));
}

Test(users, an_admin_sees_every_visit) {
  dd_user admin = {.email = "boss@example.org", .role = DD_ROLE_ADMIN};
  dd_visit v = visit("London", "i@example.org", "r@example.org");
  cr_assert(dd_user_can_see(&admin, &v));
  dd_visit bare = visit("", "", "");
  cr_assert(dd_user_can_see(&admin, &bare));
}

Test(users, a_rim_sees_their_regions_and_their_own_visits_only) {
  dd_user rim = {.email = "r.manager@example.org",
                 .role = DD_ROLE_RIM,
                 .regions = "London,South East"};
  dd_visit london = visit("London", "i@example.org", "other@example.org");
  dd_visit south_east = visit("South East", "i@example.org", "");
  dd_visit foreign = visit("North West", "i@example.org", "other@example.org");
  /* A region whose name holds one of theirs is still another region. */
  dd_visit greater = visit("Greater London", "i@example.org", "");
  dd_visit prefix = visit("South", "i@example.org", "");
  /* Managed by them by name though in another region, the address typed in
   * another case. */
  dd_visit theirs =
      visit("North West", "i@example.org", "R.Manager@Example.ORG");
  dd_visit unregioned = visit("", "i@example.org", "");
  cr_assert(dd_user_can_see(&rim, &london));
  cr_assert(dd_user_can_see(&rim, &south_east));
  cr_assert_not(dd_user_can_see(&rim, &foreign));
  cr_assert_not(dd_user_can_see(&rim, &greater));
  cr_assert_not(dd_user_can_see(&rim, &prefix));
  cr_assert(dd_user_can_see(&rim, &theirs));
  cr_assert_not(dd_user_can_see(&rim, &unregioned));
}

Test(users, an_inspector_sees_their_own_visits_only) {
  dd_user insp = {.email = "i.inspector@example.org",
                  .role = DD_ROLE_INSPECTOR,
                  .regions = ""};
  dd_visit mine = visit("London", "I.Inspector@example.org", "");
  dd_visit other = visit("London", "someone@example.org", "");
  dd_visit nobodys = visit("London", "", "");
  /* Their address as the visit's RIM does not make it theirs to see. */
  dd_visit as_rim =
      visit("London", "someone@example.org", "i.inspector@example.org");
  cr_assert(dd_user_can_see(&insp, &mine));
  cr_assert_not(dd_user_can_see(&insp, &other));
  cr_assert_not(dd_user_can_see(&insp, &nobodys));
  cr_assert_not(dd_user_can_see(&insp, &as_rim));
}

Test(users, an_added_user_is_found_in_any_case_and_audited) {
  dd_diag diag = {{0}};
  int before = audit_rows();
  cr_assert_eq(add_user("Jo.Bloggs@Example.org", DD_ROLE_RIM,
                        " London , South East,,", &diag),
               DD_OK, "%s", diag.message);
  cr_assert_eq(audit_rows(), before + 1);
  dd_user u;
  cr_assert_eq(dd_store_user_get(reg, "JO.BLOGGS@example.ORG", &u, &diag),
               DD_OK, "%s", diag.message);
  cr_assert_str_eq(u.email, "jo.bloggs@example.org");
  cr_assert_str_eq(u.name, "Jo Bloggs");
  cr_assert_eq(u.role, DD_ROLE_RIM);
  cr_assert_str_eq(u.regions, "London,South East");
  cr_assert_eq(strlen(u.created), 20, "%s", u.created);
  cr_assert_eq(u.created[10], 'T');
  dd_user_clear(&u);
  cr_assert_null(u.email);
  dd_user_clear(NULL);
}

Test(users, an_address_taken_in_another_case_is_a_conflict) {
  dd_diag diag = {{0}};
  cr_assert_eq(add_user("jo@example.org", DD_ROLE_ADMIN, "", &diag), DD_OK);
  int before = audit_rows();
  cr_assert_eq(add_user("JO@example.org", DD_ROLE_INSPECTOR, "", &diag),
               DD_ECONFLICT);
  cr_assert_str_eq(diag.message, "user jo@example.org exists already");
  cr_assert_eq(audit_rows(), before);
  dd_user u;
  cr_assert_eq(dd_store_user_get(reg, "jo@example.org", &u, &diag), DD_OK);
  cr_assert_eq(u.role, DD_ROLE_ADMIN);
  dd_user_clear(&u);
}

Test(users, a_user_that_is_not_valid_is_refused_and_nothing_written) {
  char longest[300];
  memset(longest, 'a', sizeof longest);
  strcpy(longest + 250, "@x.org"); /* 256 bytes */
  static const struct {
    const char *email;
    dd_role role;
    const char *regions, *name, *says;
  } cases[] = {
      {"jo.example.org", DD_ROLE_ADMIN, "", "Jo", "\"jo.example.org\" is not"},
      {"jo @example.org", DD_ROLE_ADMIN, "", "Jo", "\"jo @example.org\""},
      {"jo@exa\tmple.org", DD_ROLE_ADMIN, "", "Jo", "is not an e-mail"},
      {"@example.org", DD_ROLE_ADMIN, "", "Jo", "is not an e-mail"},
      {"jo@", DD_ROLE_ADMIN, "", "Jo", "is not an e-mail"},
      {"a@b@example.org", DD_ROLE_ADMIN, "", "Jo", "is not an e-mail"},
      {NULL, DD_ROLE_ADMIN, "", "Jo", "is not an e-mail"},
      {"jo@example.org", DD_ROLE_RIM, "", "Jo", "a rim needs the regions"},
      {"jo@example.org", DD_ROLE_RIM, " , ", "Jo", "a rim needs the regions"},
      {"jo@example.org", DD_ROLE_INSPECTOR, "London", "Jo",
       "regions \"London\" are for a rim, not an inspector"},
      {"jo@example.org", DD_ROLE_ADMIN, "London", "Jo", "not an admin"},
      {"jo@example.org", DD_ROLE_ADMIN, "", "Jo\nBloggs", "name \"Jo\nBloggs"},
      {"jo@example.org", DD_ROLE_ADMIN, "", "Jo \xff", "name"},
      {"jo@example.org", DD_ROLE_RIM, "Lon\x01don", "Jo", "regions"},
      {"jo@example.org", (dd_role)7, "", "Jo", "no such role 7"},
  };
  int before = audit_rows();
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    dd_user u = {.email = (char *)cases[i].email,
                 .name = (char *)cases[i].name,
                 .role = cases[i].role,
                 .regions = (char *)cases[i].regions};
    dd_diag diag = {{0}};
    cr_assert_eq(dd_store_user_add(reg, &u, "admin", &diag), DD_EINVAL,
                 "case %zu", i);
    cr_assert_not_null(strstr(diag.message, cases[i].says), "case %zu: %s", i,
                       diag.message);
  }
  dd_user too_long = {.email = longest, .name = "", .role = DD_ROLE_ADMIN};
  cr_assert_eq(dd_store_user_add(reg, &too_long, "admin", NULL), DD_EINVAL);
  cr_assert_eq(audit_rows(), before);
  dd_user none;
  cr_assert_eq(dd_store_user_get(reg, "jo@example.org", &none, NULL),
               DD_ENOTFOUND);
  cr_assert_null(none.email);
}

Test(users, the_longest_address_is_taken) {
  char email[DD_ADDRESS_MAX + 1];
  memset(email, 'a', sizeof email);
  strcpy(email + DD_ADDRESS_MAX - 6, "@x.org");
  dd_diag diag = {{0}};
  cr_assert_eq(add_user(email, DD_ROLE_ADMIN, "", &diag), DD_OK, "%s",
               diag.message);
}

/* Inserts a session row for email as session.c would. */
static void session_row(const char *hash, const char *email) {
  char sql[256];
  snprintf(sql, sizeof sql,
           "INSERT INTO sessions (id_sha256, email, csrf, created, last_seen) "
           "VALUES ('%s', '%s', 'c', 1, 1)",
           hash, email);
  cr_assert_eq(sqlite3_exec(reg->db, sql, NULL, NULL, NULL), SQLITE_OK);
}

static int sessions_of(const char *email) {
  char sql[128];
  snprintf(sql, sizeof sql, "SELECT count(*) FROM sessions WHERE email = '%s'",
           email);
  sqlite3_stmt *s;
  cr_assert_eq(sqlite3_prepare_v2(reg->db, sql, -1, &s, NULL), SQLITE_OK);
  cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
  int n = sqlite3_column_int(s, 0);
  sqlite3_finalize(s);
  return n;
}

Test(users, removing_a_user_ends_their_sessions_and_is_audited) {
  dd_diag diag = {{0}};
  cr_assert_eq(add_user("jo@example.org", DD_ROLE_INSPECTOR, "", &diag), DD_OK);
  cr_assert_eq(add_user("al@example.org", DD_ROLE_INSPECTOR, "", &diag), DD_OK);
  session_row("h1", "jo@example.org");
  session_row("h2", "jo@example.org");
  session_row("h3", "al@example.org");
  int before = audit_rows();
  cr_assert_eq(dd_store_begin(reg, &diag), DD_OK);
  cr_assert_eq(dd_store_user_remove(reg, "Jo@Example.org", "admin", &diag),
               DD_OK, "%s", diag.message);
  cr_assert_eq(dd_store_commit(reg, &diag), DD_OK);
  cr_assert_eq(audit_rows(), before + 1);
  cr_assert_eq(sessions_of("jo@example.org"), 0);
  cr_assert_eq(sessions_of("al@example.org"), 1);
  dd_user u;
  cr_assert_eq(dd_store_user_get(reg, "jo@example.org", &u, &diag),
               DD_ENOTFOUND);
  cr_assert_str_eq(diag.message, "no user jo@example.org");
  cr_assert_eq(dd_store_user_remove(reg, "jo@example.org", "admin", &diag),
               DD_ENOTFOUND);
  cr_assert_eq(audit_rows(), before + 1);
}

/* dd_store_users_each's callback: appends each address to a list. */
static int collect(const dd_user *u, void *arg) {
  char *list = arg;
  strcat(list, u->email);
  strcat(list, " ");
  return strcmp(u->email, "stop@example.org") == 0 ? 42 : 0;
}

Test(users, users_are_walked_by_address_and_the_walk_stops_when_asked) {
  dd_diag diag = {{0}};
  cr_assert_eq(add_user("zed@example.org", DD_ROLE_ADMIN, "", &diag), DD_OK);
  cr_assert_eq(add_user("amy@example.org", DD_ROLE_RIM, "London", &diag),
               DD_OK);
  cr_assert_eq(add_user("mo@example.org", DD_ROLE_INSPECTOR, "", &diag), DD_OK);
  char list[256] = "";
  cr_assert_eq(dd_store_users_each(reg, collect, list, &diag), DD_OK);
  cr_assert_str_eq(list, "amy@example.org mo@example.org zed@example.org ");
  cr_assert_eq(add_user("stop@example.org", DD_ROLE_ADMIN, "", &diag), DD_OK);
  list[0] = '\0';
  cr_assert_eq(dd_store_users_each(reg, collect, list, &diag), 42);
  cr_assert_str_eq(list, "amy@example.org mo@example.org stop@example.org ");
}

/* Changes u's role, regions and name in a transaction of its own. */
static int change_user(const char *email, dd_role role, const char *regions,
                       const char *name, dd_diag *diag) {
  dd_user u = {.email = (char *)email,
               .name = (char *)name,
               .role = role,
               .regions = (char *)regions};
  cr_assert_eq(dd_store_begin(reg, diag), DD_OK, "%s", diag->message);
  int err = dd_store_user_update(reg, &u, "admin@example.org", diag);
  if (err == DD_OK)
    cr_assert_eq(dd_store_commit(reg, diag), DD_OK, "%s", diag->message);
  else
    dd_store_rollback(reg);
  return err;
}

/* The newest audit row's detail. */
static int detail_row(const dd_audit_entry *a, void *arg) {
  snprintf(arg, 256, "%s: %s: %s", a->actor, a->action, a->detail);
  return 1;
}

static const char *newest_detail(void) {
  static char text[256];
  text[0] = '\0';
  dd_store_audit_query(reg, NULL, 0, 1, detail_row, text, NULL);
  return text;
}

Test(users, a_change_is_checked_kept_and_audited_with_what_it_was) {
  dd_diag diag = {{0}};
  cr_assert_eq(add_user("ada@example.org", DD_ROLE_ADMIN, "", &diag), DD_OK);
  cr_assert_eq(add_user("jo@example.org", DD_ROLE_INSPECTOR, "", &diag), DD_OK);
  int before = audit_rows();
  cr_assert_eq(change_user("Jo@Example.org", DD_ROLE_RIM, "London , North West",
                           "Jo B", &diag),
               DD_OK, "%s", diag.message);
  dd_user u;
  cr_assert_eq(dd_store_user_get(reg, "jo@example.org", &u, &diag), DD_OK);
  cr_assert_eq(u.role, DD_ROLE_RIM);
  cr_assert_str_eq(u.regions, "London,North West");
  cr_assert_str_eq(u.name, "Jo B");
  dd_user_clear(&u);
  cr_assert_eq(audit_rows(), before + 1);
  cr_assert_str_eq(newest_detail(),
                   "admin@example.org: user change: jo@example.org: role "
                   "inspector -> rim, regions \"\" -> \"London,North West\", "
                   "name \"Jo Bloggs\" -> \"Jo B\"");
  /* The same again changes nothing and writes nothing. */
  cr_assert_eq(change_user("jo@example.org", DD_ROLE_RIM, "London,North West",
                           "Jo B", &diag),
               DD_OK);
  cr_assert_eq(audit_rows(), before + 1);
  /* Refused as an add is, naming the value; nothing written. */
  cr_assert_eq(change_user("jo@example.org", DD_ROLE_RIM, "", "Jo B", &diag),
               DD_EINVAL);
  cr_assert_str_eq(diag.message,
                   "user jo@example.org: a rim needs the regions they manage");
  cr_assert_eq(
      change_user("jo@example.org", DD_ROLE_ADMIN, "London", "Jo B", &diag),
      DD_EINVAL);
  cr_assert_eq(change_user("nobody@example.org", DD_ROLE_ADMIN, "", "", &diag),
               DD_ENOTFOUND);
  cr_assert_str_eq(diag.message, "no user nobody@example.org");
  cr_assert_eq(audit_rows(), before + 1);
}

Test(users, the_last_admin_is_neither_demoted_nor_removed) {
  dd_diag diag = {{0}};
  cr_assert_eq(add_user("ada@example.org", DD_ROLE_ADMIN, "", &diag), DD_OK);
  cr_assert_eq(add_user("jo@example.org", DD_ROLE_INSPECTOR, "", &diag), DD_OK);
  int before = audit_rows();
  cr_assert_eq(change_user("ada@example.org", DD_ROLE_INSPECTOR, "", "", &diag),
               DD_ECONFLICT);
  cr_assert_str_eq(diag.message, "user ada@example.org is the last admin: "
                                 "make another user an admin first");
  cr_assert_eq(dd_store_user_remove(reg, "ada@example.org", "admin", &diag),
               DD_ECONFLICT);
  cr_assert_eq(audit_rows(), before);
  /* A name change keeps them an admin, so it is fine. */
  cr_assert_eq(change_user("ada@example.org", DD_ROLE_ADMIN, "", "Ada", &diag),
               DD_OK, "%s", diag.message);
  /* With a second admin, the first may go. */
  cr_assert_eq(change_user("jo@example.org", DD_ROLE_ADMIN, "", "", &diag),
               DD_OK);
  cr_assert_eq(change_user("ada@example.org", DD_ROLE_INSPECTOR, "", "", &diag),
               DD_OK);
  cr_assert_eq(dd_store_user_remove(reg, "jo@example.org", "admin", &diag),
               DD_ECONFLICT, "jo is the last one now");
  cr_assert_eq(dd_store_user_remove(reg, "ada@example.org", "admin", &diag),
               DD_OK);
}
