/* The growing buffer and the UTF-8 cut of src/support/buf.c. */
#include "support/buf.h"

#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

Test(buf, appends_of_every_kind_build_one_terminated_string) {
  dd__buf b = {0};
  dd__buf_puts(&b, "Publish");
  dd__buf_putc(&b, ' ');
  dd__buf_printf(&b, "report: %d working days", 38);
  dd__buf_put(&b, NULL, 0);
  size_t len;
  char *text = dd__buf_take(&b, &len);
  cr_assert_str_eq(text, "Publish report: 38 working days");
  cr_assert_eq(len, strlen(text));
  cr_assert_null(b.p);
  free(text);
}

Test(buf, a_long_printf_is_written_whole) {
  dd__buf b = {0};
  char name[1000];
  memset(name, 'x', sizeof name - 1);
  name[sizeof name - 1] = '\0';
  dd__buf_printf(&b, "<%s>", name);
  cr_assert_eq(b.len, 1001);
  cr_assert_eq(b.p[0], '<');
  cr_assert_eq(b.p[1000], '>');
  dd__buf_clear(&b);
}

Test(buf, an_empty_buffer_gives_an_empty_string) {
  dd__buf b = {0};
  char *text = dd__buf_take(&b, NULL);
  cr_assert_str_eq(text, "");
  free(text);
}

Test(buf, a_failed_buffer_gives_null_and_frees) {
  dd__buf b = {0};
  dd__buf_puts(&b, "partial");
  b.failed = true;
  dd__buf_puts(&b, " more");
  cr_assert_eq(b.len, 7, "nothing is appended after a failure");
  cr_assert_null(dd__buf_take(&b, NULL));
  cr_assert_null(b.p);
}

/* "Café" is 43 61 66 C3 A9: a cut at 4 bytes would split the é. */
Test(buf, the_cut_never_splits_a_character) {
  const char *s = "Caf\xC3\xA9";
  cr_assert_eq(dd__utf8_cut(s, 5, 5), 5);
  cr_assert_eq(dd__utf8_cut(s, 5, 4), 3);
  cr_assert_eq(dd__utf8_cut(s, 5, 3), 3);
  cr_assert_eq(dd__utf8_cut(s, 5, 9), 5);
  /* A four-byte character (U+1F600) at every cut inside it. */
  const char *emoji = "a\xF0\x9F\x98\x80z";
  for (size_t max = 1; max <= 4; max++)
    cr_assert_eq(dd__utf8_cut(emoji, 6, max), 1, "max %zu", max);
  cr_assert_eq(dd__utf8_cut(emoji, 6, 5), 5);
  dd__buf b = {0};
  dd__buf_put_cut(&b, s, 4);
  cr_assert_str_eq(b.p, "Caf");
  dd__buf_clear(&b);
}

Test(buf, room_then_commit_keeps_only_the_committed_bytes) {
  dd__buf b = {0};
  cr_assert(dd__buf_room(&b, 10, 64));
  cr_assert_eq(b.cap, 64, "the first allocation takes min_cap");
  memcpy(b.p, "dueday-XXX", 10);
  dd__buf_commit(&b, 6);
  cr_assert_str_eq(b.p, "dueday");
  cr_assert(dd__buf_room(&b, 100, 64));
  cr_assert_gt(b.cap - b.len, 100);
  b.failed = true;
  cr_assert_not(dd__buf_room(&b, 1, 64), "a failed buffer has no room");
  cr_assert_null(dd__buf_take(&b, NULL));
}

Test(buf, an_array_grows_by_doubling_and_keeps_its_elements) {
  long *a = NULL;
  size_t cap = 0;
  cr_assert(dd__grow(&a, &cap, 1, sizeof *a, 4));
  cr_assert_eq(cap, 4);
  for (long i = 0; i < 4; i++)
    a[i] = i;
  cr_assert(dd__grow(&a, &cap, 4, sizeof *a, 4), "room enough: no change");
  cr_assert_eq(cap, 4);
  cr_assert(dd__grow(&a, &cap, 9, sizeof *a, 4));
  cr_assert_eq(cap, 16);
  cr_assert_eq(a[3], 3);
  free(a);
}

Test(buf, an_array_too_large_to_count_is_refused_and_kept) {
  char *a = NULL;
  size_t cap = 0;
  cr_assert(dd__grow(&a, &cap, 3, 1, 0));
  cr_assert_eq(cap, 4, "min_cap 0 starts at one element");
  cr_assert_not(dd__grow(&a, &cap, SIZE_MAX, 2, 0));
  cr_assert_eq(cap, 4);
  cr_assert_not_null(a);
  free(a);
}
