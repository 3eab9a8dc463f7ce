/* The people who sign in to the web pages (the users table, migration 5 in
 * store.c) and what each may see. A user is found by address, so the
 * address is kept lower-cased: a sign-on proxy may pass "Jo.Bloggs@..."
 * for the "jo.bloggs@..." an admin typed. */
#include "dueday/users.h"

#include "buf.h"
#include "store_internal.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The longest name or regions list kept: far more than any real one, and
 * little enough that a page or an audit row shows it whole. */
#define TEXT_MAX 500

static const char *const role_names[] = {
    [DD_ROLE_ADMIN] = "admin",
    [DD_ROLE_RIM] = "rim",
    [DD_ROLE_INSPECTOR] = "inspector",
};

const char *dd_role_name(dd_role role) {
  return (unsigned)role < sizeof role_names / sizeof role_names[0]
             ? role_names[role]
             : NULL;
}

int dd_role_parse(const char *name, dd_role *out) {
  for (size_t i = 0; i < sizeof role_names / sizeof role_names[0]; i++)
    if (strcmp(name, role_names[i]) == 0) {
      *out = (dd_role)i;
      return DD_OK;
    }
  return DD_EINVAL;
}

void dd_user_clear(dd_user *u) {
  if (u == NULL)
    return;
  free(u->email);
  free(u->name);
  free(u->regions);
  u->email = u->name = u->regions = NULL;
}

/* Whether the comma-separated list has region as one of its items. An
 * empty region (a visit registered without one) is in no list. */
static bool region_listed(const char *list, const char *region) {
  size_t n = strlen(region);
  if (n == 0)
    return false;
  for (const char *p = list; *p != '\0';) {
    size_t len = strcspn(p, ",");
    if (len == n && memcmp(p, region, n) == 0)
      return true;
    p += len;
    p += *p == ',';
  }
  return false;
}

/* Whether a (the user's address) and b (a visit's) are the same address:
 * without regard to case, as the users table keeps them lower-cased and a
 * register's visits were imported as typed. An empty b is nobody's. */
static bool same_address(const char *a, const char *b) {
  return b != NULL && b[0] != '\0' && strcasecmp(a, b) == 0;
}

bool dd_user_can_see(const dd_user *u, const dd_visit *v) {
  switch (u->role) {
  case DD_ROLE_ADMIN:
    return true;
  case DD_ROLE_RIM:
    return (u->regions != NULL && v->region != NULL &&
            region_listed(u->regions, v->region)) ||
           same_address(u->email, v->rim);
  case DD_ROLE_INSPECTOR:
    return same_address(u->email, v->inspector);
  }
  return false;
}

/* Whether s is text a page may show: valid UTF-8 without control
 * characters, at most TEXT_MAX bytes. */
static bool text_valid(const char *s) {
  size_t n = strlen(s);
  if (n > TEXT_MAX || !dd__utf8_valid(s, n))
    return false;
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] < ' ' || s[i] == 0x7F)
      return false;
  return true;
}

/* The regions list as kept: each item without the spaces around it, empty
 * items dropped ("London, South East" is "London,South East"). Into *out,
 * the caller's to free. Returns DD_OK; DD_ENOMEM. */
static int regions_normal(const char *in, char **out) {
  dd__buf b = {0};
  for (const char *p = in; *p != '\0';) {
    size_t len = strcspn(p, ",");
    const char *item = p;
    size_t n = len;
    while (n > 0 && isspace((unsigned char)item[0]))
      item++, n--;
    while (n > 0 && isspace((unsigned char)item[n - 1]))
      n--;
    if (n > 0) {
      if (b.len > 0)
        dd__buf_putc(&b, ',');
      dd__buf_put(&b, item, n);
    }
    p += len;
    p += *p == ',';
  }
  return (*out = dd__buf_take(&b, NULL)) != NULL ? DD_OK : DD_ENOMEM;
}

/* The address lower-cased into out (DD_ADDRESS_MAX + 1 bytes); false when
 * it is too long to be an address. */
static bool lower_address(const char *email, char *out) {
  size_t n = strlen(email);
  if (n > DD_ADDRESS_MAX)
    return false;
  for (size_t i = 0; i <= n; i++)
    out[i] = (char)tolower((unsigned char)email[i]);
  return true;
}

/* Checks u as dd_store_user_add takes it, with its address lower-cased into
 * email and its regions as kept into *regions (the caller's to free). */
static int user_checked(const dd_user *u, char *email, char **regions,
                        dd_diag *diag) {
  *regions = NULL;
  const char *role = dd_role_name(u->role);
  if (u->email == NULL || !dd__address_valid(u->email, strlen(u->email)) ||
      !lower_address(u->email, email))
    return dd_diag_set(diag, DD_EINVAL,
                       "\"%s\" is not an e-mail address (one '@', no spaces, "
                       "at most %d characters)",
                       u->email ? u->email : "", DD_ADDRESS_MAX);
  if (role == NULL)
    return dd_diag_set(diag, DD_EINVAL, "user %s: no such role %d", email,
                       (int)u->role);
  if (u->name != NULL && !text_valid(u->name))
    return dd_diag_set(diag, DD_EINVAL,
                       "user %s: name \"%s\": use at most %d characters of "
                       "text, without control characters",
                       email, u->name, TEXT_MAX);
  const char *given = u->regions != NULL ? u->regions : "";
  if (!text_valid(given))
    return dd_diag_set(diag, DD_EINVAL,
                       "user %s: regions \"%s\": use at most %d characters of "
                       "text, without control characters",
                       email, given, TEXT_MAX);
  if (regions_normal(given, regions) != DD_OK)
    return dd_diag_set(diag, DD_ENOMEM, "out of memory");
  if (u->role == DD_ROLE_RIM && (*regions)[0] == '\0')
    return dd_diag_set(diag, DD_EINVAL,
                       "user %s: a rim needs the regions they manage", email);
  if (u->role != DD_ROLE_RIM && (*regions)[0] != '\0')
    return dd_diag_set(diag, DD_EINVAL,
                       "user %s: regions \"%s\" are for a rim, not an %s",
                       email, given, role);
  return DD_OK;
}

int dd_store_user_add(dd_store *st, const dd_user *u, const char *actor,
                      dd_diag *diag) {
  char email[DD_ADDRESS_MAX + 1], at[32];
  char *regions;
  int err = user_checked(u, email, &regions, diag);
  if (err != DD_OK) {
    free(regions);
    return err;
  }
  const char *name = u->name != NULL ? u->name : "";
  dd__now_text(at, sizeof at);
  err = dd__store_run(st, STMT_ONCE,
                      "INSERT INTO users (email, name, role, regions, "
                      "created_at) VALUES (?, ?, ?, ?, ?)",
                      "add user", NULL, NULL, diag, "ttttt", email, name,
                      dd_role_name(u->role), regions, at);
  if (err == DD_ECONFLICT && st->ext == SQLITE_CONSTRAINT_PRIMARYKEY)
    err = dd_diag_set(diag, DD_ECONFLICT, "user %s exists already", email);
  if (err == DD_OK) {
    dd__buf detail = {0};
    dd__buf_printf(&detail, "%s: %s", email, dd_role_name(u->role));
    if (regions[0] != '\0')
      dd__buf_printf(&detail, " of %s", regions);
    if (name[0] != '\0')
      dd__buf_printf(&detail, " (%s)", name);
    err = detail.failed
              ? dd_diag_set(diag, DD_ENOMEM, "out of memory")
              : dd__store_audit(st, actor, NULL, "user add", detail.p, diag);
    dd__buf_clear(&detail);
  }
  free(regions);
  return err;
}

#define USER_COLUMNS "email, name, role, regions, created_at"

/* dd__store_run's row: its first column as an int. */
static int int_row(sqlite3_stmt *s, void *arg) {
  *(int *)arg = sqlite3_column_int(s, 0);
  return DD_OK;
}

/* Fills u from a row of USER_COLUMNS, its strings borrowed from the row
 * (copy false) or copied. */
static int user_from_row(sqlite3_stmt *s, dd_user *u, bool copy) {
  memset(u, 0, sizeof *u);
  char **fields[] = {&u->email, &u->name, NULL, &u->regions};
  for (int i = 0; i < 4; i++)
    if (fields[i] != NULL &&
        (*fields[i] = copy ? dd__column_text(s, i)
                           : (char *)dd__column_borrow(s, i)) == NULL) {
      if (copy)
        dd_user_clear(u);
      return DD_ENOMEM;
    }
  if (dd_role_parse(dd__column_borrow(s, 2), &u->role) != DD_OK) {
    if (copy)
      dd_user_clear(u);
    return DD_EPARSE; /* the CHECK constraint keeps this from happening */
  }
  snprintf(u->created, sizeof u->created, "%s", dd__column_borrow(s, 4));
  return DD_OK;
}

/* dd__store_run's row: a user, copied into arg. */
static int user_row(sqlite3_stmt *s, void *arg) {
  return user_from_row(s, arg, true);
}

int dd_store_user_get(dd_store *st, const char *email, dd_user *out,
                      dd_diag *diag) {
  memset(out, 0, sizeof *out);
  char lower[DD_ADDRESS_MAX + 1];
  if (!lower_address(email, lower))
    return dd_diag_set(diag, DD_ENOTFOUND, "no user %.40s...", email);
  int err = dd__store_run(st, STMT_ONCE,
                          "SELECT " USER_COLUMNS " FROM users WHERE email = ?",
                          "read user", user_row, out, diag, "t", lower);
  if (err == DD_OK && out->email == NULL)
    return dd_diag_set(diag, DD_ENOTFOUND, "no user %s", lower);
  if (err != DD_OK) {
    dd_user_clear(out);
    if (err == DD_ENOMEM)
      return dd_diag_set(diag, err, "out of memory");
    if (err == DD_EPARSE)
      return dd_diag_set(diag, DD_EIO, "register: user %s: bad row", lower);
  }
  return err;
}

/* Whether email (lower-cased) is the one admin left, into *out. */
static int last_admin(dd_store *st, const char *email, bool *out,
                      dd_diag *diag) {
  int others = 0, self = 0;
  int err = dd__store_run(st, STMT_ONCE,
                          "SELECT count(*) FROM users WHERE role = 'admin' "
                          "AND email <> ?",
                          "count admins", int_row, &others, diag, "t", email);
  if (err == DD_OK)
    err = dd__store_run(st, STMT_ONCE,
                        "SELECT count(*) FROM users WHERE role = 'admin' AND "
                        "email = ?",
                        "count admins", int_row, &self, diag, "t", email);
  *out = err == DD_OK && self == 1 && others == 0;
  return err;
}

int dd_store_user_update(dd_store *st, const dd_user *u, const char *actor,
                         dd_diag *diag) {
  char email[DD_ADDRESS_MAX + 1];
  char *regions;
  int err = user_checked(u, email, &regions, diag);
  dd_user old = {0};
  if (err == DD_OK)
    err = dd_store_user_get(st, email, &old, diag);
  bool last = false;
  if (err == DD_OK && u->role != DD_ROLE_ADMIN &&
      (err = last_admin(st, email, &last, diag)) == DD_OK && last)
    err = dd_diag_set(diag, DD_ECONFLICT,
                      "user %s is the last admin: make another user an admin "
                      "first",
                      email);
  const char *name = u->name != NULL ? u->name : old.name;
  dd__buf detail = {0};
  if (err == DD_OK) {
    /* What changed, each as "before -> after", for the audit log. */
    dd__buf_printf(&detail, "%s:", email);
    size_t bare = detail.len;
    if (old.role != u->role)
      dd__buf_printf(&detail, " role %s -> %s", dd_role_name(old.role),
                     dd_role_name(u->role));
    if (strcmp(old.regions, regions) != 0)
      dd__buf_printf(&detail, "%s regions \"%s\" -> \"%s\"",
                     detail.len > bare ? "," : "", old.regions, regions);
    if (strcmp(old.name, name) != 0)
      dd__buf_printf(&detail, "%s name \"%s\" -> \"%s\"",
                     detail.len > bare ? "," : "", old.name, name);
    if (detail.failed)
      err = dd_diag_set(diag, DD_ENOMEM, "out of memory");
    else if (detail.len > bare)
      err = dd__store_run(st, STMT_ONCE,
                          "UPDATE users SET name = ?, role = ?, regions = ? "
                          "WHERE email = ?",
                          "change user", NULL, NULL, diag, "tttt", name,
                          dd_role_name(u->role), regions, email);
    if (err == DD_OK && detail.len > bare)
      err = dd__store_audit(st, actor, NULL, "user change", detail.p, diag);
  }
  dd__buf_clear(&detail);
  dd_user_clear(&old);
  free(regions);
  return err;
}

int dd_store_user_remove(dd_store *st, const char *email, const char *actor,
                         dd_diag *diag) {
  char lower[DD_ADDRESS_MAX + 1];
  if (!lower_address(email, lower))
    return dd_diag_set(diag, DD_ENOTFOUND, "no user %.40s...", email);
  bool last = false;
  int err = last_admin(st, lower, &last, diag);
  if (err != DD_OK)
    return err;
  if (last)
    return dd_diag_set(diag, DD_ECONFLICT,
                       "user %s is the last admin: make another user an "
                       "admin first",
                       lower);
  err = dd__store_run(st, STMT_ONCE, "DELETE FROM users WHERE email = ?",
                      "remove user", NULL, NULL, diag, "t", lower);
  if (err != DD_OK)
    return err;
  if (sqlite3_changes(st->db) == 0)
    return dd_diag_set(diag, DD_ENOTFOUND, "no user %s", lower);
  /* Signed out at once: a session outliving its user would still see what
   * the user no longer may. */
  err = dd__store_run(st, STMT_ONCE, "DELETE FROM sessions WHERE email = ?",
                      "end sessions", NULL, NULL, diag, "t", lower);
  if (err != DD_OK)
    return err;
  char detail[DD_ADDRESS_MAX + 64];
  snprintf(detail, sizeof detail, "%s (%d session%s ended)", lower,
           sqlite3_changes(st->db), sqlite3_changes(st->db) == 1 ? "" : "s");
  return dd__store_audit(st, actor, NULL, "user remove", detail, diag);
}

/* dd_store_users_each's callback, and its row. */
struct user_each {
  int (*fn)(const dd_user *, void *);
  void *arg;
  bool stopped; /* fn stopped the walk: its value is returned as it is */
};

static int user_each_row(sqlite3_stmt *s, void *arg) {
  struct user_each *e = arg;
  dd_user u;
  int err = user_from_row(s, &u, false);
  if (err != DD_OK)
    return err;
  err = e->fn(&u, e->arg);
  e->stopped = err != DD_OK;
  return err;
}

int dd_store_users_each(dd_store *st, int (*fn)(const dd_user *, void *),
                        void *arg, dd_diag *diag) {
  struct user_each e = {fn, arg, false};
  int err = dd__store_run(st, STMT_ONCE,
                          "SELECT " USER_COLUMNS " FROM users ORDER BY email",
                          "list users", user_each_row, &e, diag, "");
  if (e.stopped)
    return err;
  if (err == DD_ENOMEM)
    return dd_diag_set(diag, err, "out of memory");
  if (err == DD_EPARSE)
    return dd_diag_set(diag, DD_EIO, "register: a user row is malformed");
  return err;
}
