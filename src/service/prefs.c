/* Each person's reminder preferences: kept in the register's
 * reminder_prefs table (one row per person who chose), checked against
 * what the configuration offers, audited, and read whole by a reminder
 * pass. */
#include "dueday/prefs.h"

#include "buf.h"
#include "prefs_index.h"
#include "store_internal.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- what is on offer -----------------------------------------------------
 */

static size_t add_choice(int *days, size_t n, int d) {
  size_t i = 0;
  while (i < n && days[i] > d)
    i++;
  if (i < n && days[i] == d)
    return n;
  if (n == DD_PREFS_MAX_CHOICES)
    return n; /* cannot happen: each list has at most DD_REMIND_MAX_LEADS */
  memmove(&days[i + 1], &days[i], (n - i) * sizeof *days);
  days[i] = d;
  return n + 1;
}

size_t dd_remind_choices(const dd_remind_policy *policy, int *days) {
  size_t n = 0;
  for (size_t i = 0; i < policy->leads.n; i++)
    n = add_choice(days, n, policy->leads.days[i]);
  for (size_t o = 0; o < policy->noverrides; o++)
    for (size_t i = 0; i < policy->overrides[o].leads.n; i++)
      n = add_choice(days, n, policy->overrides[o].leads.days[i]);
  return n;
}

void dd_remind_prefs_default(const dd_remind_policy *policy,
                             dd_remind_prefs *prefs) {
  memset(prefs, 0, sizeof *prefs);
  prefs->nlead = dd_remind_choices(policy, prefs->lead_days);
  prefs->digest = policy->digest;
}

bool dd_remind_prefs_away_on(const dd_remind_prefs *prefs, dd_date day) {
  return prefs->away_from != 0 && prefs->away_from <= day &&
         day <= prefs->away_to;
}

void dd__prefs_leads(const dd_remind_leads *leads, const dd_remind_prefs *prefs,
                     dd_remind_leads *out) {
  out->n = 0;
  out->overdue_after = leads->overdue_after;
  for (size_t i = 0; i < leads->n; i++)
    for (size_t k = 0; k < prefs->nlead; k++)
      if (prefs->lead_days[k] == leads->days[i]) {
        out->days[out->n++] = leads->days[i];
        break;
      }
}

/* ---- the row --------------------------------------------------------------
 */

static bool lower_address(const char *email, char *out) {
  size_t n = strlen(email);
  if (n > DD_ADDRESS_MAX)
    return false;
  for (size_t i = 0; i <= n; i++)
    out[i] = (char)tolower((unsigned char)email[i]);
  return true;
}

/* "5,2,0" into prefs; false for anything else (the register's, so only a
 * hand-edited row). */
static bool parse_leads(const char *text, dd_remind_prefs *prefs) {
  prefs->nlead = 0;
  const char *p = text;
  while (*p != '\0') {
    char *end;
    if (!isdigit((unsigned char)*p) || prefs->nlead == DD_PREFS_MAX_CHOICES)
      return false;
    long d = strtol(p, &end, 10);
    if (d > 366 || (*end != ',' && *end != '\0'))
      return false;
    prefs->lead_days[prefs->nlead++] = (int)d;
    p = *end == ',' ? end + 1 : end;
  }
  return true;
}

static void format_leads(const dd_remind_prefs *prefs, char *buf, size_t size) {
  size_t at = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < prefs->nlead && at < size; i++)
    at += (size_t)snprintf(buf + at, size - at, "%s%d", i ? "," : "",
                           prefs->lead_days[i]);
}

/* A row of email, lead_days, digest, away_from, away_to into prefs. */
static int prefs_from_row(sqlite3_stmt *s, dd_remind_prefs *prefs) {
  memset(prefs, 0, sizeof *prefs);
  if (!parse_leads(dd__column_borrow(s, 1), prefs))
    return DD_EPARSE;
  prefs->digest = sqlite3_column_int(s, 2) != 0;
  if (sqlite3_column_type(s, 3) != SQLITE_NULL &&
      (dd_date_parse(dd__column_borrow(s, 3), &prefs->away_from, NULL) !=
           DD_OK ||
       dd_date_parse(dd__column_borrow(s, 4), &prefs->away_to, NULL) != DD_OK))
    return DD_EPARSE;
  return DD_OK;
}

#define PREFS_COLUMNS "email, lead_days, digest, away_from, away_to"

struct one {
  dd_remind_prefs *out;
  bool found;
};

static int one_row(sqlite3_stmt *s, void *arg) {
  struct one *o = arg;
  o->found = true;
  return prefs_from_row(s, o->out);
}

int dd_store_prefs_get(dd_store *st, const char *email,
                       const dd_remind_policy *policy, dd_remind_prefs *out,
                       dd_diag *diag) {
  char lower[DD_ADDRESS_MAX + 1];
  if (policy != NULL)
    dd_remind_prefs_default(policy, out);
  else
    memset(out, 0, sizeof *out);
  if (!lower_address(email, lower))
    return DD_ENOTFOUND;
  dd_remind_prefs got;
  struct one o = {&got, false};
  int err = dd__store_run(
      st, STMT_ONCE,
      "SELECT " PREFS_COLUMNS " FROM reminder_prefs WHERE email = ?",
      "read reminder preferences", one_row, &o, diag, "t", lower);
  if (err == DD_EPARSE)
    return dd_diag_set(diag, DD_EIO,
                       "register: reminder preferences of %s: bad row", lower);
  if (err != DD_OK)
    return err;
  if (!o.found)
    return DD_ENOTFOUND;
  *out = got;
  return DD_OK;
}

/* Checks prefs against what policy offers. */
static int prefs_checked(const char *email, const dd_remind_prefs *prefs,
                         const dd_remind_policy *policy, dd_diag *diag) {
  int offered[DD_PREFS_MAX_CHOICES];
  size_t noffered = dd_remind_choices(policy, offered);
  if (prefs->nlead > DD_PREFS_MAX_CHOICES)
    return dd_diag_set(diag, DD_EINVAL, "%s: at most %d lead times", email,
                       DD_PREFS_MAX_CHOICES);
  for (size_t i = 0; i < prefs->nlead; i++) {
    bool ok = false;
    for (size_t k = 0; k < noffered && !ok; k++)
      ok = offered[k] == prefs->lead_days[i];
    if (!ok) {
      char list[128];
      dd_remind_prefs all = {.nlead = noffered};
      memcpy(all.lead_days, offered, noffered * sizeof *offered);
      format_leads(&all, list, sizeof list);
      return dd_diag_set(diag, DD_EINVAL,
                         "%s: lead time %d is not one the configuration "
                         "offers (%s)",
                         email, prefs->lead_days[i], list[0] ? list : "none");
    }
    for (size_t k = 0; k < i; k++)
      if (prefs->lead_days[k] == prefs->lead_days[i])
        return dd_diag_set(diag, DD_EINVAL, "%s: lead time %d given twice",
                           email, prefs->lead_days[i]);
  }
  if ((prefs->away_from == 0) != (prefs->away_to == 0))
    return dd_diag_set(diag, DD_EINVAL,
                       "%s: an away period needs a first and a last day",
                       email);
  if (prefs->away_from != 0 && (!dd_date_in_range(prefs->away_from) ||
                                !dd_date_in_range(prefs->away_to)))
    return dd_diag_set(diag, DD_EINVAL,
                       "%s: the away period is outside the dates dueday "
                       "knows (%d to %d)",
                       email, DD_YEAR_MIN, DD_YEAR_MAX);
  if (prefs->away_from > prefs->away_to) {
    char a[DD_DATE_BUFSIZE], b[DD_DATE_BUFSIZE];
    return dd_diag_set(diag, DD_EINVAL,
                       "%s: the away period ends (%s) before it starts (%s)",
                       email, dd_date_format(prefs->away_to, b),
                       dd_date_format(prefs->away_from, a));
  }
  return DD_OK;
}

static int count_row(sqlite3_stmt *s, void *arg) {
  *(int *)arg = sqlite3_column_int(s, 0);
  return DD_OK;
}

int dd_store_prefs_set(dd_store *st, const char *email,
                       const dd_remind_prefs *prefs,
                       const dd_remind_policy *policy, dd_diag *diag) {
  char lower[DD_ADDRESS_MAX + 1];
  if (!lower_address(email, lower))
    return dd_diag_set(diag, DD_ENOTFOUND, "no user %.40s...", email);
  int err = prefs_checked(lower, prefs, policy, diag);
  if (err != DD_OK)
    return err;
  /* Kept as the configuration's order, most distant first, whatever order
   * they were given in. */
  dd_remind_prefs sorted = *prefs;
  sorted.nlead = 0;
  for (size_t i = 0; i < prefs->nlead; i++)
    sorted.nlead =
        add_choice(sorted.lead_days, sorted.nlead, prefs->lead_days[i]);
  char leads[128], from[DD_DATE_BUFSIZE], to[DD_DATE_BUFSIZE], at[32];
  format_leads(&sorted, leads, sizeof leads);
  bool away = sorted.away_from != 0;
  if (away) {
    dd_date_format(sorted.away_from, from);
    dd_date_format(sorted.away_to, to);
  }
  dd__now_text(at, sizeof at);
  if ((err = dd_store_begin(st, diag)) != DD_OK)
    return err;
  int users = 0;
  err =
      dd__store_run(st, STMT_ONCE, "SELECT count(*) FROM users WHERE email = ?",
                    "read user", count_row, &users, diag, "t", lower);
  if (err == DD_OK && users == 0)
    err = dd_diag_set(diag, DD_ENOTFOUND, "no user %s", lower);
  if (err == DD_OK)
    err = dd__store_run(
        st, STMT_ONCE,
        "INSERT INTO reminder_prefs (email, lead_days, digest, away_from, "
        "away_to, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (email) DO UPDATE SET lead_days = excluded.lead_days, "
        "digest = excluded.digest, away_from = excluded.away_from, "
        "away_to = excluded.away_to, updated_at = excluded.updated_at",
        "write reminder preferences", NULL, NULL, diag, "ttioot", lower, leads,
        sorted.digest ? 1 : 0, away ? from : NULL, away ? to : NULL, at);
  if (err == DD_OK) {
    dd__buf detail = {0};
    dd__buf_printf(&detail, "lead days %s; %s", leads[0] ? leads : "none",
                   sorted.digest ? "daily digest" : "individual messages");
    if (away)
      dd__buf_printf(&detail, "; away %s to %s", from, to);
    err = detail.failed
              ? dd_diag_set(diag, DD_ENOMEM, "out of memory")
              : dd__store_audit(st, lower, NULL, "prefs", detail.p, diag);
    dd__buf_clear(&detail);
  }
  if (err != DD_OK) {
    dd_store_rollback(st);
    return err;
  }
  return dd_store_commit(st, diag);
}

/* ---- every row ------------------------------------------------------------
 */

struct each {
  int (*fn)(const char *, const dd_remind_prefs *, void *);
  void *arg;
  bool stopped;
};

static int each_row(sqlite3_stmt *s, void *arg) {
  struct each *e = arg;
  dd_remind_prefs prefs;
  if (prefs_from_row(s, &prefs) != DD_OK)
    return DD_EPARSE;
  int r = e->fn(dd__column_borrow(s, 0), &prefs, e->arg);
  e->stopped = r != 0;
  return r;
}

int dd_store_prefs_each(dd_store *st,
                        int (*fn)(const char *, const dd_remind_prefs *,
                                  void *),
                        void *arg, dd_diag *diag) {
  struct each e = {fn, arg, false};
  /* A user removed no longer has choices: their reminders are the
   * policy's again (the row stays, should they be added back). */
  int err = dd__store_run(st, STMT_ONCE,
                          "SELECT " PREFS_COLUMNS
                          " FROM reminder_prefs JOIN users USING (email) "
                          "ORDER BY email",
                          "read reminder preferences", each_row, &e, diag, "");
  if (err == DD_EPARSE && !e.stopped)
    return dd_diag_set(diag, DD_EIO, "register: reminder preferences: bad row");
  return err;
}

/* ---- the index a pass reads -----------------------------------------------
 */

static int index_add(const char *email, const dd_remind_prefs *prefs,
                     void *arg) {
  dd__prefs_index *ix = arg;
  if (!dd__grow(&ix->items, &ix->cap, ix->n + 1, sizeof *ix->items, 16))
    return DD_ENOMEM;
  char *copy = dd__strdup(email);
  if (copy == NULL)
    return DD_ENOMEM;
  ix->items[ix->n++] = (dd__prefs_entry){copy, *prefs};
  ix->any_digest |= prefs->digest;
  return DD_OK;
}

int dd__prefs_index_load(dd_store *st, dd__prefs_index *ix, dd_diag *diag) {
  memset(ix, 0, sizeof *ix);
  int err = dd_store_prefs_each(st, index_add, ix, diag);
  if (err == DD_ENOMEM)
    err = dd_diag_set(diag, err, "out of memory");
  if (err != DD_OK)
    dd__prefs_index_free(ix);
  return err;
}

const dd_remind_prefs *dd__prefs_find(const dd__prefs_index *ix,
                                      const char *address) {
  /* Ordered by address in lower case, as the register keeps them, and an
   * address in the register may be in any case. */
  size_t lo = 0, hi = ix->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcasecmp(ix->items[mid].email, address);
    if (c == 0)
      return &ix->items[mid].prefs;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

void dd__prefs_index_free(dd__prefs_index *ix) {
  for (size_t i = 0; i < ix->n; i++)
    free(ix->items[i].email);
  free(ix->items);
  memset(ix, 0, sizeof *ix);
}
