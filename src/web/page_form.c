/* Form fields read from a request: a GOV.UK date input's three boxes, or
 * the same date whole in one parameter, with GOV.UK's wording for what is
 * wrong ("Start date must include a month", "... must be a real date"). */
#include "page.h"

#include "dueday/date.h"
#include "dueday/error.h"

#include <stdio.h>
#include <string.h>

const char *dd__param(const dd__web_param *params, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(params[i].name, name) == 0)
      return params[i].value;
  return NULL;
}

/* s without the spaces around it, as a whole number of at most max
 * digits, into *out; false for anything else. People type " 7" and
 * "07": both are 7. */
static bool number(const char *s, size_t max, int *out) {
  while (*s == ' ')
    s++;
  size_t n = strlen(s);
  while (n > 0 && s[n - 1] == ' ')
    n--;
  if (n == 0 || n > max)
    return false;
  int v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

static bool blank(const char *s) {
  while (*s == ' ')
    s++;
  return *s == '\0';
}

static void fail(dd__date_field *f, char part, const char *label,
                 const char *what) {
  f->part = part;
  snprintf(f->message, sizeof f->message, "%s %s", label, what);
  f->error = f->message;
}

void dd__date_field_read(dd__date_field *f, const dd__web_param *params,
                         size_t n, const char *prefix, const char *label) {
  memset(f, 0, sizeof *f);
  char name[64];
  const char **parts[] = {&f->day, &f->month, &f->year};
  static const char *const suffix[] = {"day", "month", "year"};
  for (int i = 0; i < 3; i++) {
    snprintf(name, sizeof name, "%s-%s", prefix, suffix[i]);
    const char *v = dd__param(params, n, name);
    *parts[i] = v ? v : "";
    f->given |= v != NULL && !blank(v);
  }
  const char *whole = dd__param(params, n, prefix);
  if (!f->given && whole != NULL && !blank(whole)) {
    /* A link's date, "2020-12-14": shown in the boxes it would have been
     * typed in, so that an error can be corrected there. */
    f->given = true;
    dd_date date;
    if (dd_date_parse(whole, &date, NULL) == DD_OK) {
      f->date = date;
      int yy, mm, dd;
      dd_date_to_ymd(date, &yy, &mm, &dd);
      snprintf(f->whole_day, sizeof f->whole_day, "%d", dd);
      snprintf(f->whole_month, sizeof f->whole_month, "%d", mm);
      snprintf(f->whole_year, sizeof f->whole_year, "%d", yy);
      f->day = f->whole_day, f->month = f->whole_month, f->year = f->whole_year;
      return;
    }
    fail(f, 0, label, "must be a real date, for example 14 12 2020");
    return;
  }
  if (!f->given)
    return;
  int day = 0, month = 0, year = 0;
  bool has_d = !blank(f->day), has_m = !blank(f->month),
       has_y = !blank(f->year);
  if (!has_d) {
    fail(f, 'd', label, "must include a day");
    return;
  }
  if (!has_m) {
    fail(f, 'm', label, "must include a month");
    return;
  }
  if (!has_y) {
    fail(f, 'y', label, "must include a year");
    return;
  }
  if (!number(f->day, 2, &day) || !number(f->month, 2, &month) ||
      dd_date_from_ymd(2000, month, 1, &(dd_date){0}) != DD_OK || day < 1 ||
      day > 31) {
    fail(f, 0, label, "must be a real date");
    return;
  }
  if (!number(f->year, 4, &year) || year < 1000) {
    fail(f, 'y', "Year", "must include 4 numbers");
    return;
  }
  dd_date date;
  if (dd_date_from_ymd(year, month, day, &date) != DD_OK) {
    fail(f, 0, label, "must be a real date");
    return;
  }
  if (!dd_date_in_range(date)) {
    fail(f, 'y', label, "must be between 1971 and 2199");
    return;
  }
  f->date = date;
}

void dd__page_date_input(dd__html *h, const char *prefix, const char *legend,
                         const char *hint, const dd__date_field *f) {
  char hint_id[64], error_id[64];
  snprintf(hint_id, sizeof hint_id, "%s-hint", prefix);
  snprintf(error_id, sizeof error_id, "%s-error", prefix);
  /* The boxes in error: the part the message is about, else all three. */
  int d = 0, m = 0, y = 0;
  if (f->error != NULL) {
    d = f->part == 0 || f->part == 'd' ? 1 : -1;
    m = f->part == 0 || f->part == 'm' ? 1 : -1;
    y = f->part == 0 || f->part == 'y' ? 1 : -1;
  }
  dd__govuk_date_input_write(
      h, &(dd__govuk_date_input){
             .id = prefix,
             .name_prefix = prefix,
             .day = {.name = "day", .value = f->day, .error = d},
             .month = {.name = "month", .value = f->month, .error = m},
             .year = {.name = "year", .value = f->year, .error = y},
             .hint = {.content.text = hint, .id = hint_id},
             .error_message = {.content.text = f->error, .id = error_id},
             .has_fieldset = true,
             .fieldset = {.role = "group",
                          .legend = {.content.text = legend,
                                     .classes = "govuk-fieldset__legend--s"}}});
}

const char *dd__date_field_anchor(const dd__date_field *f, const char *prefix,
                                  char *buf, size_t size) {
  snprintf(buf, size, "#%s-%s", prefix,
           f->part == 'm'   ? "month"
           : f->part == 'y' ? "year"
                            : "day");
  return buf;
}
