/* libFuzzer target for dd_date_parse_n, the strict "YYYY-MM-DD" parser every
 * date from the command line, batch input and config files goes through.
 * Besides memory errors (ASan, UBSan) it checks the answer against a small
 * independent reading of the same grammar, so a wrong accept or reject is a
 * crash too. */
#include "dueday/date.h"
#include "dueday/error.h"
#include "fuzz.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A day number dd_date_parse_n can never produce: proves *out untouched. */
#define SENTINEL ((dd_date)INT32_MIN)

static int field(const uint8_t *s, int n) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

/* The expected result, written from the header's contract rather than from
 * date.c: DD_OK, DD_EPARSE or DD_ERANGE; *ymd set for a real date. */
static int expected(const uint8_t *s, size_t n, int ymd[3]) {
  if (n != 10 || s[4] != '-' || s[7] != '-')
    return DD_EPARSE;
  int y = field(s, 4), m = field(s + 5, 2), d = field(s + 8, 2);
  if (y < 0 || m < 0 || d < 0)
    return DD_EPARSE;
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1)
    return DD_EPARSE;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > mdays[m - 1] + (m == 2 && leap))
    return DD_EPARSE;
  ymd[0] = y, ymd[1] = m, ymd[2] = d;
  return y < DD_YEAR_MIN || y > DD_YEAR_MAX ? DD_ERANGE : DD_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *text = (const char *)data;
  dd_date got = SENTINEL;
  const char *why = NULL;
  int err = dd_date_parse_n(text, size, &got, &why);

  int ymd[3] = {0, 0, 0};
  CHECK(err == expected(data, size, ymd));

  if (err != DD_OK) {
    /* The contract: *out untouched and a reason to show the user. */
    CHECK(got == SENTINEL);
    CHECK(why != NULL && why[0] != '\0');
  } else {
    CHECK(why == NULL); /* only set on failure */
    CHECK(dd_date_in_range(got));
    int y, m, d;
    dd_date_to_ymd(got, &y, &m, &d);
    CHECK(y == ymd[0] && m == ymd[1] && d == ymd[2]);
    dd_date again;
    CHECK(dd_date_from_ymd(y, m, d, &again) == DD_OK && again == got);
    CHECK(dd_date_weekday(got) >= DD_MONDAY &&
          dd_date_weekday(got) <= DD_SUNDAY);
    /* Strict parsing means one spelling per date: formatting gives back
     * exactly the bytes that were read. */
    char buf[DD_DATE_BUFSIZE];
    CHECK(size == 10);
    CHECK(dd_date_format(got, buf) == buf);
    CHECK(strlen(buf) == 10 && memcmp(buf, data, 10) == 0);
  }

  /* A NULL why is allowed, and dd_date_parse on the same text as a C string
   * must agree whenever the bytes hold no NUL. */
  dd_date got2 = SENTINEL;
  CHECK(dd_date_parse_n(text, size, &got2, NULL) == err);
  CHECK(got2 == got);
  if (size <= 64 && memchr(data, '\0', size) == NULL) {
    char str[65];
    memcpy(str, data, size);
    str[size] = '\0';
    dd_date got3 = SENTINEL;
    CHECK(dd_date_parse(str, &got3, NULL) == err);
    CHECK(got3 == got);
  }
  return 0;
}
