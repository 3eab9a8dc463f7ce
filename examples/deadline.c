/* A deadline in working days with libdueday-core alone: 18 working days
 * after Friday 11 December 2020 in England and Wales, and the days skipped
 * on the way (weekends, Christmas and the substitute Boxing Day).
 *   cc deadline.c $(pkg-config --cflags --libs dueday-core) */
#include <dueday/core.h>

#include <stdio.h>

int main(void) {
  dd_diag diag;
  dd_holidays *ew;
  if (dd_holidays_load(NULL, "england-and-wales", &ew, &diag) != DD_OK) {
    fprintf(stderr, "deadline: %s\n", diag.message);
    return 1;
  }
  const dd_holidays *sets[] = {ew};
  dd_calendar_spec spec = {.name = "england-and-wales",
                           .holidays = sets,
                           .nholidays = 1}; /* week_mask 0: Monday-Friday */
  dd_calendar *cal;
  if (dd_calendar_new(&spec, &cal, &diag) != DD_OK) {
    fprintf(stderr, "deadline: %s\n", diag.message);
    dd_holidays_free(ew);
    return 1;
  }

  dd_date from;
  dd_explanation e;
  char a[DD_DATE_BUFSIZE], b[DD_DATE_BUFSIZE];
  if (dd_date_parse("2020-12-11", &from, NULL) != DD_OK ||
      dd_calendar_explain(cal, from, 18, &e) != DD_OK) {
    fprintf(stderr, "deadline: out of range\n");
    dd_calendar_free(cal);
    dd_holidays_free(ew);
    return 1;
  }
  printf("%d working days after %s: %s %s\n", e.n, dd_date_format(from, a),
         dd_weekday_abbrev(dd_date_weekday(e.result)),
         dd_date_format(e.result, b));
  printf("skipped %zu weekend days, %zu bank holidays:\n", e.weekend_days,
         e.holidays);
  for (size_t i = 0; i < e.nskipped; i++)
    if (e.skipped[i].reason.kind == DD_REASON_HOLIDAY)
      printf("  %s %s\n", dd_date_format(e.skipped[i].date, a),
             e.skipped[i].reason.text);

  dd_explanation_free(&e);
  dd_calendar_free(cal);
  dd_holidays_free(ew); /* after the calendar, which borrows its titles */
  return 0;
}
