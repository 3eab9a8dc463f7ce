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

/* Valid and invalid UTF-8, with the offset of the first bad byte (n when
 * all is valid): RFC 3629 section 4's table and the traps it names. */
static const struct {
  const char *text;
  size_t bad;
} utf8_cases[] = {
    {"", 0},
    {"Rowan House", 11},
    {"Caf\xC3\xA9", 5},                 /* U+00E9, two bytes */
    {"\xE2\x80\x99s", 4},               /* U+2019, three bytes */
    {"\xF0\x9F\x98\x80", 4},            /* U+1F600, four bytes */
    {"\xF4\x8F\xBF\xBF", 4},            /* U+10FFFF, the last one */
    {"\xFF", 0},                        /* never in UTF-8 */
    {"ab\xFE", 2},                      /* never in UTF-8 */
    {"a\x80", 1},                       /* a stray continuation byte */
    {"\xC0\xAF", 0},                    /* an overlong "/" */
    {"\xC1\xBF", 0},                    /* overlong */
    {"\xE0\x80\xAF", 0},                /* an overlong "/" in three bytes */
    {"\xF0\x80\x80\xAF", 0},            /* ... and in four */
    {"\xED\xA0\x80", 0},                /* U+D800, a surrogate */
    {"\xED\x9F\xBF", 3},                /* U+D7FF, just below them */
    {"\xF4\x90\x80\x80", 0},            /* U+110000, past the last */
    {"\xF5\x80\x80\x80", 0},            /* F5 never leads */
    {"Caf\xC3", 3},                     /* cut short at the end */
    {"x\xE2\x80", 1},                   /* cut short at the end */
    {"\xE2\x80x", 0},                   /* a continuation byte missing */
    {"ok \xF0\x9F\x98\x80\xF0\x9F", 7}, /* one whole, one cut */
};

Test(buf, the_utf8_check_finds_the_first_bad_byte) {
  for (size_t i = 0; i < sizeof utf8_cases / sizeof *utf8_cases; i++) {
    const char *s = utf8_cases[i].text;
    size_t n = strlen(s);
    cr_assert_eq(dd__utf8_valid_prefix(s, n), utf8_cases[i].bad,
                 "case %zu: %zu", i, dd__utf8_valid_prefix(s, n));
    cr_assert_eq(dd__utf8_valid(s, n), utf8_cases[i].bad == n, "case %zu", i);
  }
}

Test(buf, invalid_bytes_are_mended_to_the_replacement_character) {
  dd__buf b = {0};
  dd__buf_put_utf8(&b, "\xFFRowan \xC3\xA9\xC3", 10);
  cr_assert_str_eq(b.p, "\xEF\xBF\xBDRowan \xC3\xA9\xEF\xBF\xBD");
  cr_assert(dd__utf8_valid(b.p, b.len));
  dd__buf_clear(&b);
  dd__buf_put_utf8(&b, "plain", 5);
  cr_assert_str_eq(b.p, "plain");
  dd__buf_clear(&b);
}

/* What snprintf leaves when it cuts at a byte count: the last character
 * may have lost its tail, and only that one is dropped. */
Test(buf, a_character_cut_short_at_the_end_is_dropped) {
  cr_assert_eq(dd__utf8_complete("Caf\xC3\xA9", 5), 5);
  cr_assert_eq(dd__utf8_complete("Caf\xC3", 4), 3);
  cr_assert_eq(dd__utf8_complete("a\xF0\x9F\x98", 4), 1);
  cr_assert_eq(dd__utf8_complete("a\xF0\x9F\x98\x80", 5), 5);
  cr_assert_eq(dd__utf8_complete("a\xE2\x80", 3), 1);
  cr_assert_eq(dd__utf8_complete("abc", 3), 3);
  cr_assert_eq(dd__utf8_complete("", 0), 0);
  cr_assert_eq(dd__utf8_complete("\x80\x80", 2), 2, "no lead: not ours");
}

Test(buf, a_formatted_text_cut_short_keeps_whole_characters) {
  char buf[8];
  /* "Ab" then U+20AC (3 bytes) twice: 8 bytes, one too many for buf. */
  cr_assert_str_eq(
      dd__format(buf, sizeof buf, "Ab%s", "\xE2\x82\xAC\xE2\x82\xAC"),
      "Ab\xE2\x82\xAC");
  cr_assert_str_eq(dd__format(buf, sizeof buf, "%d", 42), "42");
  cr_assert_str_eq(dd__format(buf, sizeof buf, "%s", "abcdefghij"), "abcdefg");
}
