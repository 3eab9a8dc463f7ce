/* The bank holidays of one GOV.UK division in one year, from the rules
 * built into libdueday-core: the list a reader would check a calendar
 * against.
 *   cc holidays.c $(pkg-config --cflags --libs dueday-core)
 *   ./a.out scotland 2021 */
#include <dueday/core.h>

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  const char *division = argc > 1 ? argv[1] : "england-and-wales";
  int year = argc > 2 ? atoi(argv[2]) : 2021;
  dd_date jan1, dec31;
  if (!dd_division_known(division) ||
      dd_date_from_ymd(year, 1, 1, &jan1) != DD_OK ||
      dd_date_from_ymd(year, 12, 31, &dec31) != DD_OK ||
      !dd_date_in_range(jan1) || !dd_date_in_range(dec31)) {
    fprintf(stderr, "usage: holidays [DIVISION [YEAR]] (%d-%d)\n", DD_YEAR_MIN,
            DD_YEAR_MAX);
    return 2;
  }

  dd_diag diag;
  dd_holidays *h;
  if (dd_holidays_load(NULL, division, &h, &diag) != DD_OK) {
    fprintf(stderr, "holidays: %s\n", diag.message);
    return 1;
  }
  const dd_holiday *first; /* borrowed from h */
  size_t n = dd_holidays_between(h, jan1, dec31, &first);
  printf("%s %d: %zu bank holidays%s\n", dd_holidays_division(h), year, n,
         year > dd_holidays_confirmed_to(h) ? " (provisional)" : "");
  for (size_t i = 0; i < n; i++) {
    char date[DD_DATE_BUFSIZE], label[96];
    printf("%s %s  %s\n", dd_weekday_abbrev(dd_date_weekday(first[i].date)),
           dd_date_format(first[i].date, date),
           dd_holiday_label(&first[i], label, sizeof label));
  }
  dd_holidays_free(h);
  return 0;
}
