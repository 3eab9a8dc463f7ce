/* Bank holidays of one division: the rule file is read into rules, moves,
 * one-offs and uncertain-year notes, then every year of the supported range
 * is generated once, substitute days included, into a sorted array. */
#include "dueday/holiday.h"

#include "builtin.h"
#include "conf.h"
#include "util.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const dd_divisions[] = {"england-and-wales", "scotland",
                                    "northern-ireland", NULL};

bool dd_division_known(const char *name) {
  if (strcmp(name, DD_DIVISION_UK) == 0)
    return true;
  for (const char *const *d = dd_divisions; *d; d++)
    if (strcmp(*d, name) == 0)
      return true;
  return false;
}

enum rule_kind { RULE_FIXED, RULE_EASTER, RULE_NTH_WEEKDAY };

struct rule {
  char *title;
  enum rule_kind kind;
  int month, day;    /* RULE_FIXED; month also for RULE_NTH_WEEKDAY */
  int easter_offset; /* RULE_EASTER: days from Easter Sunday */
  int weekday, nth;  /* RULE_NTH_WEEKDAY: ISO weekday, 1..5 or -1 (last) */
  int from, to;      /* years the rule holds, inclusive */
  bool substitute;   /* a weekend day moves to the next free weekday */
  int follows;       /* index of the rule this one is substituted after */
};

struct move {
  int rule, year;
  dd_date to;
  char *title; /* NULL: keep the rule's title */
  int line;
};

struct extra {
  dd_date date;
  char *title;
  int line;
};

struct note {
  int year;
  char *text;
};

struct dd_holidays {
  char *division;
  int confirmed_to;
  struct rule *rules;
  size_t nrules;
  struct move *moves;
  size_t nmoves;
  struct extra *extras;
  size_t nextras;
  struct note *notes;
  size_t nnotes;
  dd_holiday *days; /* generated, sorted by date */
  size_t ndays;
};

void dd_holidays_free(dd_holidays *h) {
  if (h == NULL)
    return;
  for (size_t i = 0; i < h->nrules; i++)
    free(h->rules[i].title);
  for (size_t i = 0; i < h->nmoves; i++)
    free(h->moves[i].title);
  for (size_t i = 0; i < h->nextras; i++)
    free(h->extras[i].title);
  for (size_t i = 0; i < h->nnotes; i++)
    free(h->notes[i].text);
  free(h->rules);
  free(h->moves);
  free(h->extras);
  free(h->notes);
  free(h->days);
  free(h->division);
  free(h);
}

/* ---- reading the rule file ---------------------------------------------- */

struct loader {
  const char *name; /* file name for diagnostics */
  dd_diag *diag;
  dd_holidays *h;
};

static int weekday_from_name(const char *s) {
  for (int w = DD_MONDAY; w <= DD_SUNDAY; w++)
    if (strcmp(s, dd_weekday_name(w)) == 0)
      return w;
  return 0;
}

/* A required or optional string member; *out NULL when absent. */
static int get_string(struct loader *ld, const config_setting_t *g,
                      const char *key, bool required, const char **out) {
  *out = NULL;
  int err = dd__conf_string(ld->diag, ld->name, g, key,
                            required ? DD__CONF_REQUIRED : 0, out);
  if (err == DD_OK && required && **out == '\0')
    return dd__conf_error(ld->diag, ld->name, config_setting_get_member(g, key),
                          "\"%s\" is empty", key);
  return err;
}

/* An optional integer member within [lo, hi]; *present tells if it was. */
static int get_int(struct loader *ld, const config_setting_t *g,
                   const char *key, int lo, int hi, int *out, bool *present) {
  const config_setting_t *s = config_setting_get_member(g, key);
  *present = s != NULL;
  if (s == NULL)
    return DD_OK;
  return dd__conf_int(ld->diag, ld->name, s, key, lo, hi, out);
}

/* An ISO date member inside the supported range. */
static int get_date(struct loader *ld, const config_setting_t *g,
                    const char *key, dd_date *out) {
  const char *text;
  int err = get_string(ld, g, key, true, &text);
  if (err != DD_OK)
    return err;
  const char *why;
  if (dd_date_parse(text, out, &why) != DD_OK)
    return dd__conf_error(ld->diag, ld->name, config_setting_get_member(g, key),
                          "invalid date \"%s\": %s", text, why);
  return DD_OK;
}

static int find_rule(const dd_holidays *h, const char *title) {
  for (size_t i = 0; i < h->nrules; i++)
    if (strcmp(h->rules[i].title, title) == 0)
      return (int)i;
  return -1;
}

static int read_rule(struct loader *ld, const config_setting_t *g,
                     struct rule *r) {
  static const char *const keys[] = {"title",      "date",    "easter", "month",
                                     "weekday",    "nth",     "from",   "to",
                                     "substitute", "follows", NULL};
  int err;
  bool present;
  const char *title, *date, *weekday, *follows;

  if ((err = dd__conf_group(ld->diag, ld->name, g, keys,
                            "each rule must be a group { ... }")) ||
      (err = get_string(ld, g, "title", true, &title)) ||
      (err = get_string(ld, g, "date", false, &date)) ||
      (err = get_string(ld, g, "weekday", false, &weekday)) ||
      (err = get_string(ld, g, "follows", false, &follows)))
    return err;
  if (find_rule(ld->h, title) >= 0)
    return dd__conf_error(ld->diag, ld->name, g, "duplicate rule \"%s\"",
                          title);
  memset(r, 0, sizeof *r);
  r->from = DD_YEAR_MIN;
  r->to = DD_YEAR_MAX;
  r->follows = -1;

  bool has_easter;
  if ((err = get_int(ld, g, "easter", -60, 60, &r->easter_offset, &has_easter)))
    return err;
  int kinds = (date != NULL) + has_easter + (weekday != NULL);
  if (kinds != 1)
    return dd__conf_error(ld->diag, ld->name, g,
                          "rule \"%s\" needs exactly one of \"date\", "
                          "\"easter\" or \"weekday\"",
                          title);
  if (date != NULL) {
    /* Checked against a leap year: "02-29" is a valid rule that gives a
     * day only in leap years (see rule_date). */
    r->kind = RULE_FIXED;
    char tail;
    if (sscanf(date, "%2d-%2d%c", &r->month, &r->day, &tail) != 2 ||
        strlen(date) != 5 || r->day < 1 ||
        r->day > dd_date_days_in_month(2000, r->month))
      return dd__conf_error(ld->diag, ld->name,
                            config_setting_get_member(g, "date"),
                            "invalid date \"%s\": expected MM-DD, e.g. "
                            "\"12-25\"",
                            date);
  } else if (has_easter) {
    r->kind = RULE_EASTER;
  } else {
    r->kind = RULE_NTH_WEEKDAY;
    r->weekday = weekday_from_name(weekday);
    if (r->weekday == 0)
      return dd__conf_error(
          ld->diag, ld->name, config_setting_get_member(g, "weekday"),
          "unknown weekday \"%s\": use Monday to Sunday", weekday);
    if ((err = get_int(ld, g, "month", 1, 12, &r->month, &present)))
      return err;
    if (!present)
      return dd__conf_error(ld->diag, ld->name, g,
                            "rule \"%s\" needs \"month\"", title);
    const config_setting_t *nth = config_setting_get_member(g, "nth");
    if (nth == NULL)
      return dd__conf_error(ld->diag, ld->name, g,
                            "rule \"%s\" needs \"nth\" (1 to 4, or \"last\")",
                            title);
    if (config_setting_type(nth) == CONFIG_TYPE_STRING &&
        strcmp(config_setting_get_string(nth), "last") == 0) {
      r->nth = -1;
    } else if ((config_setting_type(nth) == CONFIG_TYPE_INT ||
                config_setting_type(nth) == CONFIG_TYPE_INT64) &&
               config_setting_get_int64(nth) >= 1 &&
               config_setting_get_int64(nth) <= 4) {
      r->nth = (int)config_setting_get_int64(nth);
    } else {
      char value[DD__CONF_VALUE_MAX];
      return dd__conf_error(ld->diag, ld->name, nth,
                            "\"nth\" is %s: use 1 to 4, or \"last\"",
                            dd__conf_value(nth, value, sizeof value));
    }
  }
  if ((err = get_int(ld, g, "from", DD_YEAR_MIN, DD_YEAR_MAX, &r->from,
                     &present)) ||
      (err = get_int(ld, g, "to", DD_YEAR_MIN, DD_YEAR_MAX, &r->to, &present)))
    return err;
  if (r->from > r->to)
    return dd__conf_error(ld->diag, ld->name, g,
                          "rule \"%s\" runs from %d to %d", title, r->from,
                          r->to);
  if ((err = dd__conf_bool(ld->diag, ld->name, g, "substitute",
                           &r->substitute)) != DD_OK)
    return err;
  if (follows != NULL) {
    r->follows = find_rule(ld->h, follows);
    if (r->follows < 0)
      return dd__conf_error(ld->diag, ld->name,
                            config_setting_get_member(g, "follows"),
                            "\"follows\" names \"%s\", which is not a rule "
                            "above this one",
                            follows);
    if (!r->substitute)
      return dd__conf_error(ld->diag, ld->name, g,
                            "rule \"%s\" has \"follows\" but no substitute "
                            "days",
                            title);
  }
  r->title = dd__strdup(title);
  return r->title != NULL ? DD_OK : DD_ENOMEM;
}

static int read_move(struct loader *ld, const config_setting_t *g,
                     struct move *m) {
  static const char *const keys[] = {"rule", "to", "title", NULL};
  const char *rule, *title;
  int err;
  if ((err = dd__conf_group(ld->diag, ld->name, g, keys,
                            "each move must be a group { ... }")) ||
      (err = get_string(ld, g, "rule", true, &rule)) ||
      (err = get_string(ld, g, "title", false, &title)) ||
      (err = get_date(ld, g, "to", &m->to)))
    return err;
  m->line = config_setting_source_line(g);
  m->rule = find_rule(ld->h, rule);
  if (m->rule < 0)
    return dd__conf_error(ld->diag, ld->name,
                          config_setting_get_member(g, "rule"),
                          "move names unknown rule \"%s\"", rule);
  dd_date_to_ymd(m->to, &m->year, NULL, NULL);
  const struct rule *r = &ld->h->rules[m->rule];
  if (m->year < r->from || m->year > r->to)
    return dd__conf_error(ld->diag, ld->name, g,
                          "move of \"%s\" in %d, a year the rule does not "
                          "hold",
                          rule, m->year);
  for (size_t i = 0; i < ld->h->nmoves; i++)
    if (ld->h->moves[i].rule == m->rule && ld->h->moves[i].year == m->year)
      return dd__conf_error(ld->diag, ld->name, g,
                            "\"%s\" is moved twice in %d", rule, m->year);
  if (dd_date_weekday(m->to) >= DD_SATURDAY)
    return dd__conf_error(ld->diag, ld->name,
                          config_setting_get_member(g, "to"),
                          "move to a %s: bank holidays are weekdays",
                          dd_weekday_name(dd_date_weekday(m->to)));
  m->title = NULL;
  if (title != NULL && (m->title = dd__strdup(title)) == NULL)
    return DD_ENOMEM;
  return DD_OK;
}

static int read_extra(struct loader *ld, const config_setting_t *g,
                      struct extra *x) {
  static const char *const keys[] = {"date", "title", NULL};
  const char *title;
  int err;
  if ((err = dd__conf_group(ld->diag, ld->name, g, keys,
                            "each one-off must be a group { ... }")) ||
      (err = get_string(ld, g, "title", true, &title)) ||
      (err = get_date(ld, g, "date", &x->date)))
    return err;
  x->line = config_setting_source_line(g);
  if (dd_date_weekday(x->date) >= DD_SATURDAY)
    return dd__conf_error(ld->diag, ld->name,
                          config_setting_get_member(g, "date"),
                          "one-off on a %s: bank holidays are weekdays",
                          dd_weekday_name(dd_date_weekday(x->date)));
  x->title = dd__strdup(title);
  return x->title != NULL ? DD_OK : DD_ENOMEM;
}

static int read_note(struct loader *ld, const config_setting_t *g,
                     struct note *n) {
  static const char *const keys[] = {"year", "note", NULL};
  const char *text;
  bool present;
  int err;
  if ((err = dd__conf_group(ld->diag, ld->name, g, keys,
                            "each uncertain year must be a group { ... }")) ||
      (err = get_string(ld, g, "note", true, &text)) ||
      (err = get_int(ld, g, "year", DD_YEAR_MIN, DD_YEAR_MAX, &n->year,
                     &present)))
    return err;
  if (!present)
    return dd__conf_error(ld->diag, ld->name, g, "missing \"year\"");
  n->text = dd__strdup(text);
  return n->text != NULL ? DD_OK : DD_ENOMEM;
}

/* Reads the list named key (absent means empty) with reader, growing *items
 * of element size sz; *count counts the elements read so far, so that a
 * failure still frees what was read. */
static int read_list(struct loader *ld, const config_t *cfg, const char *key,
                     void **items, size_t *count, size_t sz,
                     int (*reader)(struct loader *, const config_setting_t *,
                                   void *)) {
  const config_setting_t *list = config_lookup(cfg, key);
  if (list == NULL)
    return DD_OK;
  size_t n;
  if (dd__conf_list(ld->diag, ld->name, list, 0, &n,
                    "\"%s\" must be a list ( ... )", key) != DD_OK)
    return DD_EPARSE;
  if (n == 0)
    return DD_OK;
  *items = calloc(n, sz);
  if (*items == NULL)
    return DD_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    int err = reader(ld, config_setting_get_elem(list, (unsigned)i),
                     (char *)*items + i * sz);
    if (err != DD_OK)
      return err;
    (*count)++;
  }
  return DD_OK;
}

static int read_rule_v(struct loader *ld, const config_setting_t *g, void *p) {
  return read_rule(ld, g, p);
}
static int read_move_v(struct loader *ld, const config_setting_t *g, void *p) {
  return read_move(ld, g, p);
}
static int read_extra_v(struct loader *ld, const config_setting_t *g, void *p) {
  return read_extra(ld, g, p);
}
static int read_note_v(struct loader *ld, const config_setting_t *g, void *p) {
  return read_note(ld, g, p);
}

/* ---- generating the years ----------------------------------------------- */

struct instance {
  dd_date natural; /* the day the rule gives, before substitution */
  dd_date date;
  const char *title;
  int rule; /* -1 for a one-off */
  int line; /* for diagnostics: a move's or one-off's line, else 0 */
  bool movable;
};

static dd_date nth_weekday(int year, int month, int weekday, int nth) {
  dd_date d;
  if (nth > 0) {
    dd_date_from_ymd(year, month, 1, &d);
    d += (weekday - dd_date_weekday(d) + 7) % 7;
    return d + 7 * (nth - 1);
  }
  dd_date_from_ymd(year, month, dd_date_days_in_month(year, month), &d);
  return d - (dd_date_weekday(d) - weekday + 7) % 7;
}

static dd_date rule_date(const struct rule *r, int year) {
  dd_date d = 0;
  switch (r->kind) {
  case RULE_FIXED:
    if (dd_date_from_ymd(year, r->month, r->day, &d) != DD_OK) {
      /* 29 February in a common year: the rule gives no day. */
      return -1;
    }
    return d;
  case RULE_EASTER:
    return dd_date_easter(year) + r->easter_offset;
  case RULE_NTH_WEEKDAY:
    return nth_weekday(year, r->month, r->weekday, r->nth);
  }
  return -1;
}

static bool is_weekend(dd_date d) { return dd_date_weekday(d) >= DD_SATURDAY; }

static int by_natural_date(const void *a, const void *b) {
  const struct instance *x = a, *y = b;
  if (x->natural != y->natural)
    return x->natural < y->natural ? -1 : 1;
  return x->rule < y->rule ? -1 : x->rule > y->rule;
}

/* Generates year into inst[] (room for every rule and one-off) and sets
 * *count; DD_EPARSE with diag set when two holidays land on one day. */
static int generate_year(struct loader *ld, int year, struct instance *inst,
                         size_t *count) {
  const dd_holidays *h = ld->h;
  size_t n = 0;
  bool on_weekend[64] = {false}; /* per rule, this year */
  assert(h->nrules <= 64);

  for (size_t i = 0; i < h->nrules; i++) {
    const struct rule *r = &h->rules[i];
    if (year < r->from || year > r->to)
      continue;
    struct instance in = {.rule = (int)i, .title = r->title};
    in.natural = in.date = rule_date(r, year);
    if (in.natural < 0)
      continue;
    for (size_t m = 0; m < h->nmoves; m++) {
      if (h->moves[m].rule == (int)i && h->moves[m].year == year) {
        /* A proclamation moves the day itself: it is not a substitute. */
        in.natural = in.date = h->moves[m].to;
        in.line = h->moves[m].line;
        if (h->moves[m].title != NULL)
          in.title = h->moves[m].title;
      }
    }
    on_weekend[i] = is_weekend(in.natural);
    if (on_weekend[i] && !r->substitute)
      continue; /* no substitute: GOV.UK lists only weekdays */
    in.movable = on_weekend[i];
    inst[n++] = in;
  }
  /* A rule that "follows" another keeps its place after it: when the first
   * is moved off a weekend, the second gives way even on a weekday (Scotland:
   * 1 January on a Sunday gives Mon 2 New Year's Day and Tue 3 2nd January,
   * both substitute days). */
  for (size_t k = 0; k < n; k++) {
    int f = inst[k].rule >= 0 ? h->rules[inst[k].rule].follows : -1;
    if (f >= 0 && on_weekend[f] && h->rules[f].substitute)
      inst[k].movable = true;
  }
  for (size_t x = 0; x < h->nextras; x++) {
    int y;
    dd_date_to_ymd(h->extras[x].date, &y, NULL, NULL);
    if (y != year)
      continue;
    inst[n++] = (struct instance){.natural = h->extras[x].date,
                                  .date = h->extras[x].date,
                                  .title = h->extras[x].title,
                                  .rule = -1,
                                  .line = h->extras[x].line};
  }
  qsort(inst, n, sizeof *inst, by_natural_date);

  /* Days that stay put first, then each moving holiday in date order takes
   * the next weekday that is not already a bank holiday. */
  for (size_t k = 0; k < n; k++) {
    if (!inst[k].movable)
      continue;
    dd_date d = inst[k].natural;
    for (;;) {
      bool taken = is_weekend(d);
      for (size_t j = 0; j < n && !taken; j++)
        taken = j != k && inst[j].date == d && (!inst[j].movable || j < k);
      if (!taken)
        break;
      d++;
    }
    inst[k].date = d;
  }
  for (size_t k = 0; k < n; k++) {
    for (size_t j = 0; j < k; j++) {
      if (inst[j].date == inst[k].date) {
        char buf[DD_DATE_BUFSIZE];
        const struct instance *later = inst[k].line ? &inst[k] : &inst[j];
        return dd_diag_set(ld->diag, DD_EPARSE,
                           "%s:%d: %s: \"%s\" and \"%s\" fall on the same day",
                           ld->name, later->line,
                           dd_date_format(inst[k].date, buf), inst[j].title,
                           inst[k].title);
      }
    }
  }
  *count = n;
  return DD_OK;
}

static int by_date(const void *a, const void *b) {
  const dd_holiday *x = a, *y = b;
  return (x->date > y->date) - (x->date < y->date);
}

static int generate(struct loader *ld) {
  dd_holidays *h = ld->h;
  /* A year holds at most every rule and every one-off. */
  const size_t per_year = h->nrules + h->nextras;
  struct instance *inst = malloc((per_year + 1) * sizeof *inst);
  size_t total_cap =
      (size_t)(DD_YEAR_MAX - DD_YEAR_MIN + 1) * h->nrules + h->nextras;
  h->days = malloc((total_cap + 1) * sizeof *h->days);
  if (inst == NULL || h->days == NULL) {
    free(inst);
    return DD_ENOMEM;
  }
  int err = DD_OK;
  for (int y = DD_YEAR_MIN; y <= DD_YEAR_MAX && err == DD_OK; y++) {
    size_t n = 0;
    err = generate_year(ld, y, inst, &n);
    bool uncertain = dd_holidays_uncertainty(h, y) != NULL;
    for (size_t k = 0; k < n && err == DD_OK; k++) {
      h->days[h->ndays++] = (dd_holiday){
          .date = inst[k].date,
          .title = inst[k].title,
          .substitute = inst[k].date != inst[k].natural,
          .provisional = y > h->confirmed_to,
          .uncertain = uncertain,
      };
    }
  }
  free(inst);
  if (err != DD_OK)
    return err;
  qsort(h->days, h->ndays, sizeof *h->days, by_date);
  for (size_t i = 1; i < h->ndays; i++) {
    if (h->days[i].date == h->days[i - 1].date) {
      char buf[DD_DATE_BUFSIZE];
      return dd__conf_error(ld->diag, ld->name, NULL,
                            "%s: \"%s\" and \"%s\" fall on the same day",
                            dd_date_format(h->days[i].date, buf),
                            h->days[i - 1].title, h->days[i].title);
    }
  }
  return DD_OK;
}

/* Loads the holidays in text (or file name); expect, when not NULL, is the
 * division the file was looked up for, which it must name. */
static int load(const char *name, const char *text, const char *expect,
                dd_holidays **out, dd_diag *diag) {
  static const char *const top_keys[] = {
      "division", "confirmed_to", "rules", "moves",
      "one_offs", "uncertain",    NULL};
  config_t cfg;
  config_init(&cfg);
  *out = NULL;
  dd_holidays *h = calloc(1, sizeof *h);
  struct loader ld = {.name = name, .diag = diag, .h = h};
  int err = h == NULL ? DD_ENOMEM : dd__conf_read(&cfg, name, text, diag);
  const char *division = NULL;
  bool present = false;
  const config_setting_t *root = config_root_setting(&cfg);

  if (err == DD_OK)
    err = dd__conf_check_keys(diag, name, root, top_keys);
  if (err == DD_OK)
    err = get_string(&ld, root, "division", true, &division);
  /* DUEDAY_HOLIDAYS_DIR/scotland.conf saying "england-and-wales" (a copy
   * not edited through) would give Scotland England's holidays under
   * Scotland's name. */
  if (err == DD_OK && expect != NULL && strcmp(division, expect) != 0)
    err =
        dd__conf_error(diag, name, config_setting_get_member(root, "division"),
                       "division \"%s\" in the file for \"%s\": a "
                       "division's file names that division",
                       division, expect);
  if (err == DD_OK && (h->division = dd__strdup(division)) == NULL)
    err = DD_ENOMEM;
  if (err == DD_OK)
    err = get_int(&ld, root, "confirmed_to", DD_YEAR_MIN, DD_YEAR_MAX,
                  &h->confirmed_to, &present);
  if (err == DD_OK && !present)
    err = dd__conf_error(diag, name, NULL,
                         "missing \"confirmed_to\" (the last year GOV.UK has "
                         "published)");
  if (err == DD_OK)
    err = read_list(&ld, &cfg, "rules", (void **)&h->rules, &h->nrules,
                    sizeof *h->rules, read_rule_v);
  if (err == DD_OK && h->nrules > 64)
    err = dd__conf_error(diag, name, config_lookup(&cfg, "rules"),
                         "more than 64 rules");
  if (err == DD_OK)
    err = read_list(&ld, &cfg, "moves", (void **)&h->moves, &h->nmoves,
                    sizeof *h->moves, read_move_v);
  if (err == DD_OK)
    err = read_list(&ld, &cfg, "one_offs", (void **)&h->extras, &h->nextras,
                    sizeof *h->extras, read_extra_v);
  if (err == DD_OK)
    err = read_list(&ld, &cfg, "uncertain", (void **)&h->notes, &h->nnotes,
                    sizeof *h->notes, read_note_v);
  if (err == DD_OK)
    err = generate(&ld);
  if ((err = dd__conf_end(&cfg, name, err, diag)) != DD_OK) {
    dd_holidays_free(h);
    return err;
  }
  *out = h;
  return DD_OK;
}

int dd_holidays_load_file(const char *path, dd_holidays **out, dd_diag *diag) {
  return load(path, NULL, NULL, out, diag);
}

int dd_holidays_load_string(const char *name, const char *text,
                            dd_holidays **out, dd_diag *diag) {
  return load(name, text, NULL, out, diag);
}

int dd_holidays_load(const char *dir, const char *division, dd_holidays **out,
                     dd_diag *diag) {
  *out = NULL;
  if (division == NULL || division[0] == '\0' || strchr(division, '/'))
    return dd_diag_set(diag, DD_ENOTFOUND,
                       "no holiday data for division \"%s\"",
                       division != NULL ? division : "");
  if (dir == NULL) {
    char key[128];
    snprintf(key, sizeof key, "holidays/%s", division);
    const char *text = dd__builtin_file(key);
    if (text == NULL)
      return dd_diag_set(diag, DD_ENOTFOUND,
                         "unknown division \"%s\" (known: england-and-wales, "
                         "scotland, northern-ireland)",
                         division);
    char name[128];
    snprintf(name, sizeof name, "holidays/%s.conf (built in)", division);
    return load(name, text, division, out, diag);
  }
  char path[4096];
  if ((size_t)snprintf(path, sizeof path, "%s/%s.conf", dir, division) >=
      sizeof path)
    return dd_diag_set(diag, DD_EINVAL, "holiday directory path too long");
  int err = load(path, NULL, division, out, diag);
  if (err == DD_EIO) {
    /* Copied first: the message is about to be overwritten with itself. */
    char why[sizeof diag->message];
    const char *src = diag != NULL ? diag->message : path;
    size_t len = strlen(src);
    len = len < sizeof why - 1 ? len : sizeof why - 1;
    memcpy(why, src, len);
    why[len] = '\0';
    return dd_diag_set(diag, DD_ENOTFOUND,
                       "no holiday data for division \"%s\" (%s)", division,
                       why);
  }
  return err;
}

/* ---- queries ------------------------------------------------------------- */

const char *dd_holidays_division(const dd_holidays *h) { return h->division; }

int dd_holidays_confirmed_to(const dd_holidays *h) { return h->confirmed_to; }

const char *dd_holidays_uncertainty(const dd_holidays *h, int year) {
  for (size_t i = 0; i < h->nnotes; i++)
    if (h->notes[i].year == year)
      return h->notes[i].text;
  return NULL;
}

/* Index of the first holiday on or after d. */
static size_t lower_bound(const dd_holidays *h, dd_date d) {
  size_t lo = 0, hi = h->ndays;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (h->days[mid].date < d)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

const dd_holiday *dd_holidays_find(const dd_holidays *h, dd_date d) {
  size_t i = lower_bound(h, d);
  return i < h->ndays && h->days[i].date == d ? &h->days[i] : NULL;
}

size_t dd_holidays_between(const dd_holidays *h, dd_date from, dd_date to,
                           const dd_holiday **first) {
  size_t a = lower_bound(h, from);
  size_t b = to < from ? a : lower_bound(h, to + 1);
  *first = h->days + a;
  return b - a;
}

const char *dd_holiday_label(const dd_holiday *hol, char *buf, size_t size) {
  snprintf(buf, size, "%s%s", hol->title,
           hol->substitute ? " (substitute day)" : "");
  return buf;
}

static int by_published_date(const void *a, const void *b) {
  const dd_holiday *const *x = a, *const *y = b;
  return ((*x)->date > (*y)->date) - ((*x)->date < (*y)->date);
}

size_t dd_holidays_compare(const dd_holidays *h, const dd_holiday *published,
                           size_t n,
                           void (*report)(const dd_holiday_diff *, void *),
                           void *arg) {
  if (n == 0)
    return 0;
  const dd_holiday **sorted = malloc(n * sizeof *sorted);
  if (sorted == NULL)
    return (size_t)-1;
  for (size_t i = 0; i < n; i++)
    sorted[i] = &published[i];
  qsort(sorted, n, sizeof *sorted, by_published_date);

  /* The published list covers whole years: from the first to the last. */
  int y0, y1;
  dd_date_to_ymd(sorted[0]->date, &y0, NULL, NULL);
  dd_date_to_ymd(sorted[n - 1]->date, &y1, NULL, NULL);
  dd_date from, to;
  dd_date_from_ymd(y0, 1, 1, &from);
  dd_date_from_ymd(y1, 12, 31, &to);
  const dd_holiday *mine;
  size_t nmine = dd_holidays_between(h, from, to, &mine);

  size_t i = 0, j = 0, diffs = 0;
  while (i < n || j < nmine) {
    dd_holiday_diff d = {0};
    if (j >= nmine || (i < n && sorted[i]->date < mine[j].date)) {
      d.date = sorted[i]->date;
      d.published_title = sorted[i++]->title;
    } else if (i >= n || mine[j].date < sorted[i]->date) {
      d.date = mine[j].date;
      d.dueday_title = mine[j++].title;
    } else {
      /* Same date; a duplicate in the published list is not a difference. */
      dd_date same = mine[j].date;
      while (i < n && sorted[i]->date == same)
        i++;
      j++;
      continue;
    }
    diffs++;
    if (report != NULL)
      report(&d, arg);
  }
  free(sorted);
  return diffs;
}
