/* A deadline with libdueday-core alone: 18 working days after Friday 11
 * December 2020 in England and Wales, and the bank holidays it skipped.
 *   cc deadline.c $(pkg-config --cflags --libs dueday-core) */
#include <dueday/core.h>

#include <stdio.h>

int main(void) {
  dd_diag diag = {"out of range"};
  dd_holidays *ew = NULL; /* from the data built into the library */
  dd_calendar *cal = NULL;
  dd_explanation e;
  dd_date from;
  int ok = dd_holidays_load(NULL, "england-and-wales", &ew, &diag) == DD_OK;
  const dd_holidays *sets[] = {ew};
  dd_calendar_spec spec = {.name = "england-and-wales",
                           .holidays = sets,
                           .nholidays = 1}; /* week_mask 0: Monday-Friday */
  ok = ok && dd_calendar_new(&spec, &cal, &diag) == DD_OK &&
       dd_date_parse("2020-12-11", &from, NULL) == DD_OK &&
       dd_calendar_explain(cal, from, 18, &e) == DD_OK;
  if (ok) {
    char a[DD_DATE_BUFSIZE], b[DD_DATE_BUFSIZE];
    printf("%d working days after %s: %s %s\n", e.n, dd_date_format(from, a),
           dd_weekday_abbrev(dd_date_weekday(e.result)),
           dd_date_format(e.result, b));
    printf("skipped %zu weekend days, %zu bank holidays:\n", e.weekend_days,
           e.holidays);
    for (size_t i = 0; i < e.nskipped; i++)
      if (e.skipped[i].reason.kind == DD_REASON_HOLIDAY)
        printf("  %s %s\n", dd_date_format(e.skipped[i].date, a),
               e.skipped[i].reason.text); /* borrowed from cal */
    dd_explanation_clear(&e);
  } else {
    fprintf(stderr, "deadline: %s\n", diag.message);
  }
  dd_calendar_free(cal);
  dd_holidays_free(ew); /* last: the calendar borrows its titles */
  return ok ? 0 : 1;
}
