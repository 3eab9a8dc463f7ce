/* Names checked against what the register and the configuration know
 * (see cli_known.h): an unknown region, address or visit type is an error
 * that says what was meant, or what there is. */
#include "cli_known.h"

#include "support/suggest.h"

#include <stdlib.h>
#include <string.h>

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

void cli_known_hint(char *msg, size_t size, const char *typed,
                    const char *const *known, size_t n) {
  size_t len = strlen(msg);
  const char *near = dd__suggest(typed, known, n);
  if (near != NULL) {
    snprintf(msg + len, size - len, " (did you mean \"%s\"?)", near);
    return;
  }
  if (n == 0) {
    snprintf(msg + len, size - len, "; there are none yet");
    return;
  }
  /* The known ones, as many as fit a line or two. */
  len += (size_t)snprintf(msg + len, size - len, "; known: ");
  for (size_t i = 0; i < n && len < size; i++) {
    if (i == 8) {
      snprintf(msg + len, size - len, ", and %zu more", n - i);
      return;
    }
    len += (size_t)snprintf(msg + len, size - len, "%s\"%s\"", i ? ", " : "",
                            known[i]);
  }
}

/* A list of known values, copied from the register's walk. */
struct known {
  char **list;
  size_t n, cap;
};

static int push(const char *value, void *arg) {
  struct known *k = arg;
  for (size_t i = 0; i < k->n; i++)
    if (strcmp(k->list[i], value) == 0)
      return 0;
  if (k->n == k->cap) {
    size_t cap = k->cap ? k->cap * 2 : 16;
    char **more = realloc(k->list, cap * sizeof *more);
    if (more == NULL)
      return DD_ENOMEM;
    k->list = more;
    k->cap = cap;
  }
  if ((k->list[k->n] = strdup(value)) == NULL)
    return DD_ENOMEM;
  k->n++;
  return 0;
}

/* push for values known distinct already (visit ids): no search. */
static int push_id(const char *value, void *arg) {
  struct known *k = arg;
  if (k->n == k->cap) {
    size_t cap = k->cap ? k->cap * 2 : 16;
    char **more = realloc(k->list, cap * sizeof *more);
    if (more == NULL)
      return DD_ENOMEM;
    k->list = more;
    k->cap = cap;
  }
  if ((k->list[k->n] = strdup(value)) == NULL)
    return DD_ENOMEM;
  k->n++;
  return 0;
}

static void known_free(struct known *k) {
  for (size_t i = 0; i < k->n; i++)
    free(k->list[i]);
  free(k->list);
}

/* a and b alike but for case, spaces, '-', '_' and '.': "north-west" for
 * "North West", which cli_suggest might not reach in a short name. */
static bool loosely_equal(const char *a, const char *b) {
  for (;;) {
    a += strspn(a, " -_.");
    b += strspn(b, " -_.");
    if (*a == '\0' || *b == '\0')
      return *a == *b;
    if (lower((unsigned char)*a) != lower((unsigned char)*b))
      return false;
    a++;
    b++;
  }
}

bool cli_known_check(cli_ctx *ctx, const char *option, int kind,
                     const char *value, bool strict) {
  static const char *const nouns[] = {[DD_SCOPE_REGION] = "region",
                                      [DD_SCOPE_INSPECTOR] = "inspector",
                                      [DD_SCOPE_RIM] = "RIM"};
  struct known k = {0};
  dd_diag diag;
  int err = dd_store_values_each(ctx->st, (dd_scope_kind)kind, push, &k, &diag);
  if (err == DD_OK && kind == DD_SCOPE_REGION) {
    const dd_remind_policy *p = dd_config_reminders(cli_config());
    for (size_t i = 0; p != NULL && i < p->nregions && err == DD_OK; i++)
      err = push(p->regions[i].name, &k);
  }
  if (err != DD_OK) {
    cli_error("%s", err == DD_ENOMEM ? "out of memory" : diag.message);
    known_free(&k);
    return false;
  }
  bool ok = false, loose = false;
  for (size_t i = 0; i < k.n && !ok; i++) {
    /* Exactly, as the lists and agendas then compare them: an address
     * in another case finds nothing there, so it is a "did you mean". */
    ok = strcmp(k.list[i], value) == 0;
    loose = loose || loosely_equal(k.list[i], value);
  }
  const char *const *list = (const char *const *)k.list;
  if (!ok && !strict) {
    /* A new region is allowed; one a letter away from a known one (or the
     * same but for case and punctuation) is taken for a misspelling. */
    const char *near = dd__suggest(value, list, k.n);
    ok = !loose && (near == NULL || dd__edit_distance(value, near, 1) > 1 ||
                    strlen(value) < 5);
  }
  if (!ok) {
    char msg[1024];
    snprintf(msg, sizeof msg, "%s \"%s\": no such %s in the register", option,
             value, nouns[kind]);
    cli_known_hint(msg, sizeof msg, value, list, k.n);
    cli_error("%s", msg);
  }
  known_free(&k);
  return ok;
}

void cli_unknown_type(const char *prefix, const char *type) {
  size_t n = 0;
  const dd_visit_type *types = dd_config_visit_types(cli_config(), &n);
  const char *ids[32];
  size_t m = 0;
  for (size_t i = 0; i < n && m < 32; i++)
    ids[m++] = types[i].id;
  char msg[1024];
  snprintf(msg, sizeof msg, "%s: unknown visit type \"%s\"", prefix, type);
  cli_known_hint(msg, sizeof msg, type, ids, m);
  cli_error("%s", msg);
}

void cli_known_visit_hint(cli_ctx *ctx, const char *id, char *msg,
                          size_t size) {
  struct known k = {0};
  if (dd_store_values_each(ctx->st, DD_SCOPE_VISIT, push_id, &k, NULL) ==
      DD_OK) {
    const char *near = dd__suggest(id, (const char *const *)k.list, k.n);
    if (near != NULL)
      snprintf(msg + strlen(msg), size - strlen(msg), " (did you mean \"%s\"?)",
               near);
  }
  known_free(&k);
}
