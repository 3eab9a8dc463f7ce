/* libFuzzer target for dd_holidays_load_string: libconfig syntax, the rule
 * reader and the generation of 229 years of holidays from whatever rules the
 * text gives. A loaded set must keep the promises holiday.h makes (weekdays
 * only, sorted, titled); a rejected one must say where, as "file:line:". */
#include "dueday/date.h"
#include "dueday/error.h"
#include "dueday/holiday.h"
#include "fuzz.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NAME "fuzz.conf"
/* The real rule files are under 8 KiB; bigger inputs only slow the search. */
#define MAX_INPUT (64 * 1024)

static void check_loaded(const dd_holidays *h) {
  CHECK(dd_holidays_division(h) != NULL && dd_holidays_division(h)[0] != '\0');
  int confirmed = dd_holidays_confirmed_to(h);
  CHECK(confirmed >= DD_YEAR_MIN && confirmed <= DD_YEAR_MAX);

  /* Past DD_DATE_MAX on purpose: a substitute for a late-December holiday
   * of 2199 may land in January 2200, and it must still be a weekday. */
  const dd_holiday *first = NULL;
  size_t n =
      dd_holidays_between(h, DD_DATE_MIN - 366, DD_DATE_MAX + 366, &first);
  CHECK(n == 0 || first != NULL);
  for (size_t i = 0; i < n; i++) {
    const dd_holiday *hol = &first[i];
    CHECK(dd_date_weekday(hol->date) < DD_SATURDAY);
    CHECK(i == 0 || first[i - 1].date < hol->date);
    CHECK(hol->title != NULL);
    CHECK(dd_holidays_find(h, hol->date) == hol);
    char label[64];
    CHECK(dd_holiday_label(hol, label, sizeof label) == label);
  }
  /* The supported range itself: a subrange of the above, same first day. */
  const dd_holiday *inner = NULL;
  size_t m = dd_holidays_between(h, DD_DATE_MIN, DD_DATE_MAX, &inner);
  CHECK(m <= n);
  CHECK(m == 0 || (inner >= first && inner + m <= first + n));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* The loader takes a C string: a NUL inside would only hide the rest. */
  if (size > MAX_INPUT || memchr(data, '\0', size) != NULL)
    return -1;
  char *text = malloc(size + 1);
  if (text == NULL)
    return 0;
  memcpy(text, data, size);
  text[size] = '\0';

  dd_diag diag;
  memset(&diag, 0, sizeof diag);
  dd_holidays *h = (dd_holidays *)&diag; /* must become NULL on failure */
  int err = dd_holidays_load_string(NAME, text, &h, &diag);
  if (err == DD_OK) {
    CHECK(h != NULL);
    check_loaded(h);
    dd_holidays_free(h);
  } else {
    CHECK(h == NULL);
    CHECK(err == DD_EPARSE || err == DD_ENOMEM);
    CHECK(memchr(diag.message, '\0', sizeof diag.message) != NULL);
    CHECK(diag.message[0] != '\0');
    if (err != DD_ENOMEM)
      CHECK(strncmp(diag.message, NAME ":", strlen(NAME ":")) == 0);
    /* A NULL diag is allowed and must not change the answer. */
    dd_holidays *h2 = NULL;
    CHECK(dd_holidays_load_string(NAME, text, &h2, NULL) == err);
    CHECK(h2 == NULL);
  }
  free(text);
  return 0;
}
