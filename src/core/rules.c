/* Visit types and milestone rules: reading them from the configuration,
 * checking that every anchor resolves without a cycle, and the small
 * helpers the schedule engine uses. */
#include "rules.h"

#include "conf.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const dd_rule_set *dd_visit_type_rules(const dd_visit_type *type,
                                       dd_date start) {
  const dd_rule_set *in_force = NULL;
  for (size_t i = 0; i < type->nrule_sets; i++)
    if (type->rule_sets[i].effective <= start)
      in_force = &type->rule_sets[i];
  return in_force;
}

const dd_rule_set *dd_visit_type_rules_for(const dd_visit_type *type,
                                           dd_date start, bool *applies) {
  const dd_rule_set *best = &type->rule_sets[0];
  long best_gap = -1;
  for (size_t i = 0; i < type->nrule_sets; i++) {
    const dd_rule_set *set = &type->rule_sets[i];
    /* A set without an end of its own ends when the next takes effect. */
    dd_date until = set->valid_until;
    if (i + 1 < type->nrule_sets &&
        type->rule_sets[i + 1].effective - 1 < until)
      until = type->rule_sets[i + 1].effective - 1;
    long gap = start < set->effective ? (long)set->effective - start
               : start > until        ? (long)start - until
                                      : 0;
    if (best_gap < 0 || gap < best_gap) {
      best = set;
      best_gap = gap;
    }
  }
  *applies = best_gap == 0;
  return best;
}

dd_source dd_milestone_rule_source(const dd_milestone_rule *r) {
  if (r->unpublished)
    return DD_SOURCE_CONFIGURED;
  /* "by the end of the next working day": the hour is ours (calendar.
   * end_of_day), the day Ofsted's. */
  if (r->time == DD_TIME_END_OF_DAY)
    return DD_SOURCE_CONFIGURED_TIME;
  return DD_SOURCE_OFSTED;
}

const char *dd_source_name(dd_source source) {
  static const char *const names[] = {"ofsted", "configured",
                                      "configured-time"};
  return names[source];
}

int dd_rule_set_find(const dd_rule_set *set, const char *id) {
  for (size_t i = 0; i < set->nmilestones; i++)
    if (strcmp(set->milestones[i].id, id) == 0)
      return (int)i;
  return -1;
}

const char *dd_offset_describe(dd_offset off, char *buf, size_t size) {
  static const char *const units[][2] = {{"working day", "working days"},
                                         {"calendar day", "calendar days"},
                                         {"week", "weeks"}};
  int n = off.n < 0 ? -off.n : off.n;
  snprintf(buf, size, "%d %s", n, units[off.unit][n != 1]);
  return buf;
}

int dd__parse_clock(const char *text) {
  int minutes;
  return dd_time_parse(text, &minutes) == DD_OK ? minutes : -1;
}

static void free_set(dd_rule_set *set) {
  dd_milestone_rule *m = (dd_milestone_rule *)set->milestones;
  for (size_t i = 0; i < set->nmilestones; i++) {
    free((char *)m[i].id);
    free((char *)m[i].title);
    free((char *)m[i].summary);
    free((char *)m[i].actor);
  }
  free(m);
  free((char *)set->id);
}

void dd__rules_free(dd_visit_type *types, size_t n) {
  for (size_t i = 0; i < n; i++) {
    dd_rule_set *sets = (dd_rule_set *)types[i].rule_sets;
    for (size_t k = 0; k < types[i].nrule_sets; k++)
      free_set(&sets[k]);
    free(sets);
    free((char *)types[i].id);
    free((char *)types[i].title);
  }
  free(types);
}

struct reader {
  const char *name;
  dd_diag *diag;
  const char *type_id; /* the visit type being read */
};

/* A required string member, not empty. */
static int need_string(struct reader *rd, const config_setting_t *g,
                       const char *key, const char **out) {
  return dd__conf_string(rd->diag, rd->name, g, key,
                         DD__CONF_REQUIRED | DD__CONF_NONEMPTY, out);
}

static int read_unit(struct reader *rd, const config_setting_t *g,
                     dd_unit *out) {
  static const char *const names[] = {"working-days", "calendar-days", "weeks"};
  const config_setting_t *s = config_setting_get_member(g, "unit");
  *out = DD_UNIT_WORKING_DAYS;
  if (s == NULL)
    return DD_OK;
  const char *text = config_setting_get_string(s);
  for (int i = 0; text != NULL && i < 3; i++) {
    if (strcmp(text, names[i]) == 0) {
      *out = (dd_unit)i;
      return DD_OK;
    }
  }
  char value[DD__CONF_VALUE_MAX];
  return dd__conf_error(rd->diag, rd->name, s,
                        "unknown unit %s (use working-days, "
                        "calendar-days or weeks)",
                        dd__conf_value(s, value, sizeof value));
}

static int read_int(struct reader *rd, const config_setting_t *g,
                    const char *key, int lo, int hi, int *out) {
  const config_setting_t *s = config_setting_get_member(g, key);
  if (s == NULL)
    return dd__conf_error(rd->diag, rd->name, g, "missing \"%s\"", key);
  return dd__conf_int(rd->diag, rd->name, s, key, lo, hi, out);
}

/* Reads one milestone; the anchor is resolved later, once every id of the
 * set is known (*anchor_name keeps its text). */
static int read_milestone(struct reader *rd, const config_setting_t *g,
                          dd_milestone_rule *m, const char **anchor_name) {
  static const char *const keys[] = {
      "id",      "title",  "anchor", "offset",  "unit",        "time",
      "window",  "when",   "who",    "held_by", "unpublished", "kind",
      "summary", "source", "likely", NULL};
  const char *id, *title, *anchor, *who;
  int err;
  if ((err = dd__conf_group(rd->diag, rd->name, g, keys,
                            "each milestone must be a group { ... }")) ||
      (err = need_string(rd, g, "id", &id)) ||
      (err = need_string(rd, g, "title", &title)) ||
      (err = need_string(rd, g, "anchor", &anchor)) ||
      (err = need_string(rd, g, "who", &who)))
    return err;
  for (const char *c = id; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-'))
      return dd__conf_error(rd->diag, rd->name,
                            config_setting_get_member(g, "id"),
                            "milestone id \"%s\": use lower-case letters, "
                            "digits and hyphens",
                            id);
  m->line = config_setting_source_line(g);
  *anchor_name = anchor;

  const config_setting_t *window = config_setting_get_member(g, "window");
  if (window != NULL) {
    static const char *const wkeys[] = {"earliest", "latest", "unit", NULL};
    if (config_setting_get_member(g, "offset") ||
        config_setting_get_member(g, "unit"))
      return dd__conf_error(rd->diag, rd->name, g,
                            "milestone \"%s\": a window has its own "
                            "\"earliest\", \"latest\" and \"unit\", not "
                            "\"offset\"",
                            id);
    if (config_setting_type(window) != CONFIG_TYPE_GROUP)
      return dd__conf_error(rd->diag, rd->name, window,
                            "\"window\" must be a group { earliest = N; "
                            "latest = N; unit = \"...\"; }");
    m->kind = DD_KIND_WINDOW;
    if ((err = dd__conf_check_keys(rd->diag, rd->name, window, wkeys)) ||
        (err = read_int(rd, window, "earliest", 0, 1000, &m->offset.n)) ||
        (err = read_int(rd, window, "latest", 0, 1000, &m->latest.n)) ||
        (err = read_unit(rd, window, &m->offset.unit)))
      return err;
    m->latest.unit = m->offset.unit;
    if (m->latest.n < m->offset.n)
      return dd__conf_error(rd->diag, rd->name, window,
                            "milestone \"%s\": the window ends before it "
                            "starts",
                            id);
  } else {
    m->kind = DD_KIND_TARGET;
    m->offset.n = 0;
    if (config_setting_get_member(g, "offset") != NULL &&
        (err = read_int(rd, g, "offset", -1000, 1000, &m->offset.n)))
      return err;
    if ((err = read_unit(rd, g, &m->offset.unit)))
      return err;
    m->latest = m->offset;
  }

  const config_setting_t *k = config_setting_get_member(g, "kind");
  if (k != NULL) {
    const char *text = config_setting_get_string(k);
    if (text != NULL && strcmp(text, "event") == 0 && window == NULL)
      m->kind = DD_KIND_EVENT;
    else if (text == NULL || strcmp(text, "target") != 0 || window != NULL)
      return dd__conf_error(rd->diag, rd->name, k,
                            "milestone \"%s\": \"kind\" is \"target\" or "
                            "\"event\" (a window is given by \"window\")",
                            id);
  }
  m->time = DD_TIME_NONE;
  const config_setting_t *t = config_setting_get_member(g, "time");
  if (t != NULL) {
    const char *text = config_setting_get_string(t);
    if (text != NULL && strcmp(text, "end-of-day") == 0)
      m->time = DD_TIME_END_OF_DAY;
    else if (text == NULL || (m->time = dd__parse_clock(text)) < 0) {
      char value[DD__CONF_VALUE_MAX];
      return dd__conf_error(rd->diag, rd->name, t,
                            "invalid time %s: use HH:MM (24-hour) or "
                            "\"end-of-day\"",
                            dd__conf_value(t, value, sizeof value));
    }
  }
  m->condition = DD_WHEN_ALWAYS;
  const config_setting_t *w = config_setting_get_member(g, "when");
  if (w != NULL) {
    const char *text = config_setting_get_string(w);
    if (text != NULL && strcmp(text, "concerns") == 0)
      m->condition = DD_WHEN_CONCERNS;
    else if (text == NULL || strcmp(text, "always") != 0) {
      char value[DD__CONF_VALUE_MAX];
      return dd__conf_error(rd->diag, rd->name, w,
                            "unknown condition %s (use always or "
                            "concerns)",
                            dd__conf_value(w, value, sizeof value));
    }
  }
  const config_setting_t *h = config_setting_get_member(g, "held_by");
  if (h != NULL) {
    const char *text = config_setting_get_string(h);
    if (text == NULL || strcmp(text, "complaint") != 0) {
      char value[DD__CONF_VALUE_MAX];
      return dd__conf_error(rd->diag, rd->name, h,
                            "unknown \"held_by\" %s (only complaint)",
                            dd__conf_value(h, value, sizeof value));
    }
    m->held_by_complaint = true;
  }
  const char *summary = title;
  if ((err = dd__conf_bool(rd->diag, rd->name, g, "unpublished",
                           &m->unpublished)) ||
      (err = dd__conf_bool(rd->diag, rd->name, g, "likely", &m->likely)) ||
      (err = dd__conf_string(rd->diag, rd->name, g, "summary",
                             DD__CONF_NONEMPTY, &summary)))
    return err;
  const config_setting_t *src = config_setting_get_member(g, "source");
  if (src != NULL) {
    /* timescales.md: an OPEN fact is shipped "as a configuration value
     * ... and never present[ed] as Ofsted's rule". */
    const char *text = config_setting_get_string(src);
    bool configured = text != NULL && strcmp(text, "configured") == 0;
    if (!configured && (text == NULL || strcmp(text, "ofsted") != 0)) {
      char value[DD__CONF_VALUE_MAX];
      return dd__conf_error(rd->diag, rd->name, src,
                            "milestone \"%s\": unknown source %s (use "
                            "\"ofsted\" or \"configured\")",
                            id, dd__conf_value(src, value, sizeof value));
    }
    if (!configured && m->unpublished)
      return dd__conf_error(rd->diag, rd->name, src,
                            "milestone \"%s\": source \"ofsted\" but "
                            "unpublished = true",
                            id);
    m->unpublished = configured;
  }
  if (m->likely && m->kind != DD_KIND_WINDOW && m->kind != DD_KIND_TARGET)
    return dd__conf_error(rd->diag, rd->name, g,
                          "milestone \"%s\": an event cannot be \"likely\"",
                          id);
  if ((m->id = dd__strdup(id)) == NULL ||
      (m->title = dd__strdup(title)) == NULL ||
      (m->summary = dd__strdup(summary)) == NULL ||
      (m->actor = dd__strdup(who)) == NULL)
    return DD_ENOMEM;
  return DD_OK;
}

/* Follows anchors from milestone i; a path that comes back to a milestone
 * already on it is a cycle. state: 0 unvisited, 1 on the path, 2 done. */
static int check_cycle(struct reader *rd, const dd_rule_set *set, size_t i,
                       unsigned char *state) {
  if (state[i] == 2)
    return DD_OK;
  if (state[i] == 1)
    return dd_diag_set(rd->diag, DD_EPARSE,
                       "%s:%d: milestone \"%s\" is anchored, through others, "
                       "to itself (a cycle of anchors)",
                       rd->name, set->milestones[i].line,
                       set->milestones[i].id);
  state[i] = 1;
  int a = set->milestones[i].anchor;
  int err = a >= 0 ? check_cycle(rd, set, (size_t)a, state) : DD_OK;
  state[i] = 2;
  return err;
}

static int read_set(struct reader *rd, const config_setting_t *g,
                    dd_rule_set *set) {
  static const char *const keys[] = {"id",     "effective",  "valid_until",
                                     "source", "milestones", NULL};
  const char *effective, *until = NULL, *id = NULL;
  int err;
  if ((err = dd__conf_group(rd->diag, rd->name, g, keys,
                            "each rule set must be a group { ... }")) ||
      (err = need_string(rd, g, "effective", &effective)) ||
      (err = dd__conf_string(rd->diag, rd->name, g, "valid_until",
                             DD__CONF_NONEMPTY, &until)) ||
      (err = dd__conf_string(rd->diag, rd->name, g, "id", DD__CONF_NONEMPTY,
                             &id)))
    return err;
  const char *why;
  if (dd_date_parse(effective, &set->effective, &why) != DD_OK)
    return dd__conf_error(rd->diag, rd->name,
                          config_setting_get_member(g, "effective"),
                          "invalid date \"%s\": %s", effective, why);
  set->valid_until = DD_RULES_OPEN;
  if (until != NULL && dd_date_parse(until, &set->valid_until, &why) != DD_OK)
    return dd__conf_error(rd->diag, rd->name,
                          config_setting_get_member(g, "valid_until"),
                          "invalid date \"%s\": %s", until, why);
  if (set->valid_until < set->effective)
    return dd__conf_error(rd->diag, rd->name,
                          config_setting_get_member(g, "valid_until"),
                          "rule set ends (valid_until %s) before it takes "
                          "effect (%s)",
                          until, effective);
  /* Unnamed: the type's id and the year it took effect, "assurance-2020". */
  char name[96];
  if (id == NULL) {
    int y;
    dd_date_to_ymd(set->effective, &y, NULL, NULL);
    snprintf(name, sizeof name, "%s-%d", rd->type_id, y);
    id = name;
  }
  if ((set->id = dd__strdup(id)) == NULL)
    return DD_ENOMEM;
  const config_setting_t *list = config_setting_get_member(g, "milestones");
  if (list == NULL || config_setting_type(list) != CONFIG_TYPE_LIST ||
      config_setting_length(list) == 0)
    return dd__conf_error(rd->diag, rd->name, list ? list : g,
                          "a rule set needs a non-empty list \"milestones\"");
  size_t n = (size_t)config_setting_length(list);
  dd_milestone_rule *ms = calloc(n, sizeof *ms);
  const char **anchors = calloc(n, sizeof *anchors);
  unsigned char *state = calloc(n, 1);
  set->milestones = ms;
  err = ms && anchors && state ? DD_OK : DD_ENOMEM;
  for (size_t i = 0; i < n && err == DD_OK; i++) {
    const config_setting_t *m = config_setting_get_elem(list, (unsigned)i);
    err = read_milestone(rd, m, &ms[i], &anchors[i]);
    set->nmilestones = i + 1; /* so that a failure frees this one too */
    for (size_t k = 0; k < i && err == DD_OK; k++)
      if (strcmp(ms[k].id, ms[i].id) == 0)
        err = dd__conf_error(rd->diag, rd->name, m,
                             "duplicate milestone \"%s\" (first on line %d)",
                             ms[i].id, ms[k].line);
  }
  for (size_t i = 0; i < n && err == DD_OK; i++) {
    if (strcmp(anchors[i], "visit.start") == 0) {
      ms[i].anchor = DD_ANCHOR_VISIT_START;
    } else if (strcmp(anchors[i], "visit.end") == 0) {
      ms[i].anchor = DD_ANCHOR_VISIT_END;
    } else if ((ms[i].anchor = dd_rule_set_find(set, anchors[i])) < 0 ||
               (size_t)ms[i].anchor == i) {
      const config_setting_t *m = config_setting_get_elem(list, (unsigned)i);
      err = dd__conf_error(rd->diag, rd->name,
                           config_setting_get_member(m, "anchor"),
                           "milestone \"%s\": unknown anchor \"%s\" (use "
                           "visit.start, visit.end or another milestone's "
                           "id)",
                           ms[i].id, anchors[i]);
    }
  }
  for (size_t i = 0; i < n && err == DD_OK; i++)
    err = check_cycle(rd, set, i, state);
  free(anchors);
  free(state);
  return err;
}

static int read_type(struct reader *rd, const config_setting_t *g,
                     dd_visit_type *t) {
  static const char *const keys[] = {"id", "title", "days_on_site", "rule_sets",
                                     NULL};
  const char *id, *title;
  int err;
  if ((err = dd__conf_group(rd->diag, rd->name, g, keys,
                            "each visit type must be a group { ... }")) ||
      (err = need_string(rd, g, "id", &id)) ||
      (err = need_string(rd, g, "title", &title)) ||
      (err = read_int(rd, g, "days_on_site", 1, 30, &t->days_on_site)))
    return err;
  if ((t->id = dd__strdup(id)) == NULL ||
      (t->title = dd__strdup(title)) == NULL)
    return DD_ENOMEM;
  rd->type_id = t->id;
  const config_setting_t *list = config_setting_get_member(g, "rule_sets");
  if (list == NULL || config_setting_type(list) != CONFIG_TYPE_LIST ||
      config_setting_length(list) == 0)
    return dd__conf_error(rd->diag, rd->name, list ? list : g,
                          "visit type \"%s\" needs a non-empty list "
                          "\"rule_sets\"",
                          id);
  size_t n = (size_t)config_setting_length(list);
  dd_rule_set *sets = calloc(n, sizeof *sets);
  if (sets == NULL)
    return DD_ENOMEM;
  t->rule_sets = sets;
  for (size_t i = 0; i < n; i++) {
    const config_setting_t *s = config_setting_get_elem(list, (unsigned)i);
    t->nrule_sets = i + 1;
    if ((err = read_set(rd, s, &sets[i])) != DD_OK)
      return err;
    if (i > 0 && sets[i].effective <= sets[i - 1].effective)
      return dd__conf_error(rd->diag, rd->name, s,
                            "rule sets must be in order of \"effective\" "
                            "date, each later than the one before");
    if (i > 0 && sets[i - 1].valid_until != DD_RULES_OPEN &&
        sets[i].effective <= sets[i - 1].valid_until)
      return dd__conf_error(rd->diag, rd->name, s,
                            "rule set \"%s\" takes effect before \"%s\" "
                            "ends (its valid_until): the periods overlap",
                            sets[i].id, sets[i - 1].id);
    for (size_t k = 0; k < i; k++)
      if (strcmp(sets[k].id, sets[i].id) == 0)
        return dd__conf_error(rd->diag, rd->name, s,
                              "duplicate rule set \"%s\"", sets[i].id);
  }
  return DD_OK;
}

int dd__rules_read(const char *name, const config_setting_t *list,
                   dd_visit_type **types, size_t *n, dd_diag *diag) {
  struct reader rd = {.name = name, .diag = diag};
  *types = NULL;
  *n = 0;
  size_t count;
  if (dd__conf_list(diag, name, list, 0, &count,
                    "\"visit_types\" must be a list ( { ... }, ... )") != DD_OK)
    return DD_EPARSE;
  if (count == 0)
    return DD_OK;
  dd_visit_type *t = calloc(count, sizeof *t);
  if (t == NULL)
    return DD_ENOMEM;
  int err = DD_OK;
  size_t read = 0;
  for (size_t i = 0; i < count && err == DD_OK; i++) {
    const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
    read = i + 1;
    err = read_type(&rd, g, &t[i]);
    for (size_t k = 0; k < i && err == DD_OK; k++)
      if (strcmp(t[k].id, t[i].id) == 0)
        err = dd__conf_error(diag, name, g, "duplicate visit type \"%s\"",
                             t[i].id);
  }
  if (err != DD_OK) {
    dd__rules_free(t, read);
    return err;
  }
  *types = t;
  *n = count;
  return DD_OK;
}
