/* Working-day calendars. Every day of the supported range gets a reason
 * index (0 for a working day), and two tables make the arithmetic O(1):
 *   prefix[i]   the working days in [DD_DATE_MIN, DD_DATE_MIN + i)
 *   workdays[k] the offset from DD_DATE_MIN of the kth working day
 * so count is one subtraction and add is one lookup in each table. */
#include "dueday/workday.h"

#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NDAYS ((size_t)(DD_DATE_MAX - DD_DATE_MIN + 1))

/* Reason indexes 1..7 are the weekdays outside the week mask. */
#define FIRST_OTHER_REASON 8

struct dd_calendar {
  char *name;
  uint16_t *reason_of; /* NDAYS entries */
  int32_t *prefix;     /* NDAYS + 1 entries */
  int32_t *workdays;   /* nwork entries */
  size_t nwork;
  dd_reason *reasons; /* index 0 unused (working day) */
  char **owned;       /* reason texts built here */
  size_t nreasons;
};

void dd_calendar_free(dd_calendar *cal) {
  if (cal == NULL)
    return;
  for (size_t i = 0; i < cal->nreasons; i++)
    free(cal->owned[i]);
  free(cal->owned);
  free(cal->reasons);
  free(cal->reason_of);
  free(cal->prefix);
  free(cal->workdays);
  free(cal->name);
  free(cal);
}

/* Appends a reason whose text is taken over by the calendar; returns its
 * index, or 0 on failure (out of memory or too many reasons). */
static uint16_t add_reason(dd_calendar *cal, dd_reason_kind kind, char *text,
                           const dd_holiday *hol) {
  if (text == NULL || cal->nreasons >= UINT16_MAX) {
    free(text);
    return 0;
  }
  cal->reasons[cal->nreasons] =
      (dd_reason){.kind = kind, .text = text, .holiday = hol};
  cal->owned[cal->nreasons] = text;
  return (uint16_t)cal->nreasons++;
}

/* The most divisions one calendar can combine. */
#define MAX_DIVISIONS 16

/* The text for a holiday day of a calendar built from several divisions:
 * each distinct label once and, when not every division has the day, the
 * divisions that do: "St Patrick’s Day (northern-ireland)". */
static char *union_text(const dd_calendar_spec *spec, dd_date d) {
  char labels[MAX_DIVISIONS][256];
  const char *divisions[MAX_DIVISIONS];
  size_t n = 0;
  for (size_t i = 0; i < spec->nholidays; i++) {
    const dd_holiday *h = dd_holidays_find(spec->holidays[i], d);
    if (h == NULL)
      continue;
    dd_holiday_label(h, labels[n], sizeof labels[n]);
    divisions[n++] = dd_holidays_division(spec->holidays[i]);
  }
  char buf[2048];
  size_t len = 0;
  buf[0] = '\0';
#define APPEND(...)                                                            \
  (len += (size_t)snprintf(buf + len, len < sizeof buf ? sizeof buf - len : 0, \
                           __VA_ARGS__))
  for (size_t i = 0; i < n; i++) {
    size_t j = 0;
    while (j < i && strcmp(labels[j], labels[i]) != 0)
      j++;
    if (j < i)
      continue; /* this label is already listed */
    APPEND("%s%s", i ? "; " : "", labels[i]);
    if (n == spec->nholidays)
      continue;
    const char *sep = " (";
    for (j = i; j < n; j++) {
      if (strcmp(labels[j], labels[i]) == 0) {
        APPEND("%s%s", sep, divisions[j]);
        sep = ", ";
      }
    }
    APPEND(")");
  }
#undef APPEND
  return dd__strdup(buf);
}

int dd_calendar_new(const dd_calendar_spec *spec, dd_calendar **out,
                    dd_diag *diag) {
  *out = NULL;
  unsigned mask = spec->week_mask ? spec->week_mask : DD_WEEK_MON_FRI;
  if ((mask & 0x7Fu) == 0 || (mask & ~0x7Fu) != 0)
    return dd_diag_set(diag, DD_EINVAL, "the week has no working day");
  if (spec->nholidays > MAX_DIVISIONS)
    return dd_diag_set(diag, DD_EINVAL,
                       "more than %d divisions in one calendar", MAX_DIVISIONS);
  for (size_t i = 0; i < spec->nclosures; i++) {
    const dd_closure *c = &spec->closures[i];
    if (c->to < c->from || !dd_date_in_range(c->from) ||
        !dd_date_in_range(c->to)) {
      char a[DD_DATE_BUFSIZE], b[DD_DATE_BUFSIZE];
      return dd_diag_set(diag, DD_EINVAL,
                         "closure \"%s\" from %s to %s is not a range inside "
                         "1971-01-01..2199-12-31",
                         c->name ? c->name : "", dd_date_format(c->from, a),
                         dd_date_format(c->to, b));
    }
  }

  dd_calendar *cal = calloc(1, sizeof *cal);
  size_t max_reasons = FIRST_OTHER_REASON + spec->nclosures;
  for (size_t i = 0; i < spec->nholidays; i++) {
    const dd_holiday *first;
    max_reasons += dd_holidays_between(spec->holidays[i], DD_DATE_MIN,
                                       DD_DATE_MAX, &first);
  }
  if (cal == NULL ||
      (cal->name = dd__strdup(spec->name ? spec->name : "")) == NULL ||
      (cal->reason_of = calloc(NDAYS, sizeof *cal->reason_of)) == NULL ||
      (cal->prefix = malloc((NDAYS + 1) * sizeof *cal->prefix)) == NULL ||
      (cal->workdays = malloc(NDAYS * sizeof *cal->workdays)) == NULL ||
      (cal->reasons = calloc(max_reasons, sizeof *cal->reasons)) == NULL ||
      (cal->owned = calloc(max_reasons, sizeof *cal->owned)) == NULL) {
    dd_calendar_free(cal);
    return dd_diag_set(diag, DD_ENOMEM, "out of memory building a calendar");
  }
  if (max_reasons > UINT16_MAX) {
    dd_calendar_free(cal);
    return dd_diag_set(diag, DD_EINVAL, "too many holidays and closures");
  }
  cal->nreasons = FIRST_OTHER_REASON;
  for (int w = DD_MONDAY; w <= DD_SUNDAY; w++)
    cal->reasons[w] =
        (dd_reason){.kind = DD_REASON_WEEKEND, .text = dd_weekday_name(w)};

  /* Closures first so that holidays, marked after, take precedence in the
   * reason shown; weekends are applied last of all and win. */
  for (size_t i = 0; i < spec->nclosures; i++) {
    const dd_closure *c = &spec->closures[i];
    uint16_t r = add_reason(cal, DD_REASON_CLOSURE,
                            dd__strdup(c->name ? c->name : "closure"), NULL);
    if (r == 0)
      goto nomem;
    for (dd_date d = c->from; d <= c->to; d++)
      cal->reason_of[d - DD_DATE_MIN] = r;
  }
  for (size_t i = 0; i < spec->nholidays; i++) {
    const dd_holiday *hol;
    size_t n =
        dd_holidays_between(spec->holidays[i], DD_DATE_MIN, DD_DATE_MAX, &hol);
    for (size_t k = 0; k < n; k++) {
      uint16_t *slot = &cal->reason_of[hol[k].date - DD_DATE_MIN];
      if (*slot != 0 && cal->reasons[*slot].kind == DD_REASON_HOLIDAY)
        continue; /* already marked by an earlier division */
      char *text, label[256];
      if (spec->nholidays > 1)
        text = union_text(spec, hol[k].date);
      else if (!hol[k].substitute && strlen(hol[k].title) < sizeof label)
        /* The label of a holiday on its own day is its title: copied as it
         * is, not through dd_holiday_label's snprintf, which was a seventh
         * of a whole "dueday add" (some 1,800 holidays a calendar). */
        text = dd__strdup(hol[k].title);
      else
        text = dd__strdup(dd_holiday_label(&hol[k], label, sizeof label));
      if ((*slot = add_reason(cal, DD_REASON_HOLIDAY, text, &hol[k])) == 0)
        goto nomem;
    }
  }

  int32_t working = 0;
  /* The weekday steps along with the day (Monday 1 to Sunday 7) rather than
   * being computed afresh for each of the 83,600: that was nearly a third of
   * the instructions of a whole "dueday add". */
  int w = dd_date_weekday(DD_DATE_MIN);
  for (size_t i = 0; i < NDAYS; i++, w = w % 7 + 1) {
    if (!(mask & (1u << (w - 1))))
      cal->reason_of[i] = (uint16_t)w;
    cal->prefix[i] = working;
    if (cal->reason_of[i] == 0)
      cal->workdays[working++] = (int32_t)i;
  }
  cal->prefix[NDAYS] = working;
  cal->nwork = (size_t)working;
  *out = cal;
  return DD_OK;

nomem:
  dd_calendar_free(cal);
  return dd_diag_set(diag, DD_ENOMEM, "out of memory building a calendar");
}

const char *dd_calendar_name(const dd_calendar *cal) { return cal->name; }

bool dd_calendar_is_working(const dd_calendar *cal, dd_date d, dd_reason *why) {
  if (!dd_date_in_range(d)) {
    if (why != NULL)
      *why = (dd_reason){.kind = DD_REASON_NONE,
                         .text = "outside the supported range"};
    return false;
  }
  uint16_t r = cal->reason_of[d - DD_DATE_MIN];
  if (why != NULL)
    *why = r == 0 ? (dd_reason){0} : cal->reasons[r];
  return r == 0;
}

int dd_calendar_add(const dd_calendar *cal, dd_date d, int n, dd_date *out) {
  if (d < DD_DATE_MIN || d > DD_DATE_MAX)
    return DD_ERANGE;
  const int64_t i = d - DD_DATE_MIN;
  /* prefix[i + 1] working days lie in [MIN, d], so the first one after d has
   * that index; prefix[i] lie before d. Choosing the entry arithmetically
   * rather than with a branch matters: with mixed-sign n the branch is
   * mispredicted half the time (5.6 ns a query against 1.6 in bench/). */
  const int after = n > 0;
  const int64_t k = (int64_t)cal->prefix[i + after] + n - after;
  if (k < 0 || k >= (int64_t)cal->nwork)
    return DD_ERANGE;
  *out = DD_DATE_MIN + cal->workdays[k];
  return DD_OK;
}

int dd_calendar_count(const dd_calendar *cal, dd_date a, dd_date b, int *out) {
  if (a < DD_DATE_MIN || a > DD_DATE_MAX + 1 || b < DD_DATE_MIN ||
      b > DD_DATE_MAX + 1)
    return DD_ERANGE;
  *out = cal->prefix[b - DD_DATE_MIN] - cal->prefix[a - DD_DATE_MIN];
  return DD_OK;
}

static int month_of(dd_date d) {
  int m;
  dd_date_to_ymd(d, NULL, &m, NULL);
  return m;
}

/* The last working day on or before d. */
static int preceding(const dd_calendar *cal, dd_date d, dd_date *out) {
  int64_t k = (int64_t)cal->prefix[d - DD_DATE_MIN + 1] - 1;
  if (k < 0)
    return DD_ERANGE;
  *out = DD_DATE_MIN + cal->workdays[k];
  return DD_OK;
}

int dd_calendar_roll(const dd_calendar *cal, dd_date d, dd_roll conv,
                     dd_date *out) {
  if (!dd_date_in_range(d))
    return DD_ERANGE;
  dd_date f, p;
  int ef = dd_calendar_add(cal, d, 0, &f);
  int ep = preceding(cal, d, &p);
  switch (conv) {
  case DD_ROLL_FOLLOWING:
    if (ef == DD_OK)
      *out = f;
    return ef;
  case DD_ROLL_PRECEDING:
    if (ep == DD_OK)
      *out = p;
    return ep;
  case DD_ROLL_MODIFIED_FOLLOWING:
    if (ef == DD_OK && month_of(f) == month_of(d)) {
      *out = f;
      return DD_OK;
    }
    if (ep == DD_OK)
      *out = p;
    return ep;
  case DD_ROLL_MODIFIED_PRECEDING:
    if (ep == DD_OK && month_of(p) == month_of(d)) {
      *out = p;
      return DD_OK;
    }
    if (ef == DD_OK)
      *out = f;
    return ef;
  }
  return DD_EINVAL;
}

int dd_roll_parse(const char *text, dd_roll *out) {
  static const char *const names[] = {
      "following", "preceding", "modified-following", "modified-preceding"};
  for (int i = 0; i < 4; i++) {
    if (strcmp(text, names[i]) == 0) {
      *out = (dd_roll)i;
      return DD_OK;
    }
  }
  return DD_EINVAL;
}

int dd_calendar_explain(const dd_calendar *cal, dd_date d, int n,
                        dd_explanation *out) {
  memset(out, 0, sizeof *out);
  dd_date result;
  int err = dd_calendar_add(cal, d, n, &result);
  if (err != DD_OK)
    return err;
  /* The span stepped over: (d, result) forwards, (result, d) backwards,
   * [d, result) for n = 0. */
  dd_date lo = n >= 0 ? (n == 0 ? d : d + 1) : result + 1;
  dd_date hi = n >= 0 ? result - 1 : d - 1;
  size_t cap = hi >= lo ? (size_t)(hi - lo + 1) : 0;
  out->from = d;
  out->result = result;
  out->n = n;
  if (cap > 0 && (out->skipped = malloc(cap * sizeof *out->skipped)) == NULL)
    return DD_ENOMEM;
  for (dd_date x = lo; x <= hi; x++) {
    dd_reason why;
    if (dd_calendar_is_working(cal, x, &why))
      continue;
    out->skipped[out->nskipped++] = (dd_skip){.date = x, .reason = why};
    out->weekend_days += why.kind == DD_REASON_WEEKEND;
    out->holidays += why.kind == DD_REASON_HOLIDAY;
    out->closures += why.kind == DD_REASON_CLOSURE;
  }
  return DD_OK;
}

void dd_explanation_clear(dd_explanation *e) {
  if (e == NULL)
    return;
  free(e->skipped);
  e->skipped = NULL;
  e->nskipped = 0;
}
