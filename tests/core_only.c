/* Built by "cmake --build build --target core-only" from the core's objects
 * alone, with only include/ and libconfig on the path: if the core reached
 * for a service header or library, this would not compile or link. It also
 * runs: the draft of a visit ending Friday 11 December 2020 is due 18
 * working days later, after Christmas, on Monday 11 January 2021. */
#include "dueday/core.h"

#include <stdio.h>
#include <string.h>

int main(void) {
  dd_config *cfg;
  dd_planner *planner;
  dd_diag diag;
  if (dd_config_load_default(&cfg, &diag) != DD_OK ||
      dd_planner_new(cfg, NULL, &planner, &diag) != DD_OK) {
    fprintf(stderr, "core_only: %s\n", diag.message);
    return 1;
  }
  const dd_calendar *cal;
  dd_date end, due;
  char text[DD_DATE_BUFSIZE];
  int ok =
      dd_date_parse("2020-12-11", &end, NULL) == DD_OK &&
      dd_planner_calendar(planner, "england-and-wales", &cal, &diag) == DD_OK &&
      dd_calendar_add(cal, end, 18, &due) == DD_OK &&
      strcmp(dd_date_format(due, text), "2021-01-11") == 0;
  printf("core only: %s\n", ok ? text : "wrong");
  dd_planner_free(planner);
  dd_config_free(cfg);
  return ok ? 0 : 1;
}
