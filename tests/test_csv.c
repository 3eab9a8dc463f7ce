/* The CSV reader: RFC 4180 records with their line numbers, and every kind of
 * malformed row reported as "name:line: ..." with reading going on after it. */
#include "dueday/error.h"
#include "service/csv.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A string literal and its length, NUL bytes included. */
#define T(s) s, sizeof(s) - 1

/* A record as expected: the line it starts on and its fields, NULL-ended. */
typedef struct {
  size_t line;
  const char *f[5];
} record;

static const struct {
  const char *what, *text;
  size_t len;
  record rec[5]; /* at most 4, then line 0 */
} good[] = {
    {"plain",
     T("a,b,c\nd,e,f\n"),
     {{1, {"a", "b", "c"}}, {2, {"d", "e", "f"}}}},
    {"quoted with commas",
     T("\"Smith, J\",\"a,b,c\"\nx\n"),
     {{1, {"Smith, J", "a,b,c"}}, {2, {"x"}}}},
    {"doubled quotes",
     T("\"say \"\"hi\"\"\",\"\"\"\"\n"),
     {{1, {"say \"hi\"", "\""}}}},
    {"embedded newline, and the lines after it",
     T("id,note\n1,\"two\nlines\"\n2,\"three\n\nlines\"\n3,x\n"),
     {{1, {"id", "note"}},
      {2, {"1", "two\nlines"}},
      {4, {"2", "three\n\nlines"}},
      {7, {"3", "x"}}}},
    {"CRLF", T("a,b\r\nc,d\r\n"), {{1, {"a", "b"}}, {2, {"c", "d"}}}},
    {"CRLF inside quotes is data",
     T("\"x\r\ny\",z\r\nw\r\n"),
     {{1, {"x\r\ny", "z"}}, {3, {"w"}}}},
    {"quoted field then CRLF", T("\"a\"\r\n\"b\""), {{1, {"a"}}, {2, {"b"}}}},
    {"BOM",
     T("\xEF\xBB\xBFid,name\n1,x\n"),
     {{1, {"id", "name"}}, {2, {"1", "x"}}}},
    {"BOM before a quoted field", T("\xEF\xBB\xBF\"id\"\n"), {{1, {"id"}}}},
    {"a BOM later on is data",
     T("a\n\xEF\xBB\xBF\n"),
     {{1, {"a"}}, {2, {"\xEF\xBB\xBF"}}}},
    {"missing final newline",
     T("a,b\nc,d"),
     {{1, {"a", "b"}}, {2, {"c", "d"}}}},
    {"missing final newline after CR", T("a,b\r"), {{1, {"a", "b"}}}},
    {"empty lines skipped",
     T("\na,b\n\n\r\nc\n\n\r\n"),
     {{2, {"a", "b"}}, {5, {"c"}}}},
    {"empty fields",
     T(",,\na,,b\na,\n"),
     {{1, {"", "", ""}}, {2, {"a", "", "b"}}, {3, {"a", ""}}}},
    {"empty quoted fields", T("\"\"\n\"\",\"\"\n"), {{1, {""}}, {2, {"", ""}}}},
    {"spaces are data", T(" a , b \n"), {{1, {" a ", " b "}}}},
    {"a lone CR is data", T("a\rb,c\r\r\n"), {{1, {"a\rb", "c\r"}}}},
    {"nothing", T(""), {{0, {NULL}}}},
    {"only a BOM", T("\xEF\xBB\xBF"), {{0, {NULL}}}},
    {"only empty lines", T("\n\r\n\n"), {{0, {NULL}}}},
};

Test(csv, records_are_read_with_their_fields_and_starting_lines) {
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    dd_csv *csv = NULL;
    dd_diag diag = {{0}};
    cr_assert_eq(dd_csv_new("t.csv", good[i].text, good[i].len, &csv, &diag),
                 DD_OK, "%s: %s", good[i].what, diag.message);
    size_t r = 0;
    const char *const *f;
    size_t nf;
    int err;
    while ((err = dd_csv_next(csv, &f, &nf, &diag)) == DD_OK) {
      const record *want = &good[i].rec[r];
      cr_assert_neq(want->line, 0, "%s: record %zu is one too many",
                    good[i].what, r);
      cr_expect_eq(dd_csv_line(csv), want->line, "%s: record %zu line %zu",
                   good[i].what, r, dd_csv_line(csv));
      size_t want_nf = 0;
      while (want_nf < 5 && want->f[want_nf] != NULL)
        want_nf++;
      cr_assert_eq(nf, want_nf, "%s: record %zu has %zu fields", good[i].what,
                   r, nf);
      for (size_t k = 0; k < nf; k++)
        cr_expect_str_eq(f[k], want->f[k], "%s: record %zu field %zu",
                         good[i].what, r, k);
      r++;
    }
    cr_expect_eq(err, DD_ENOTFOUND, "%s: %s", good[i].what, diag.message);
    cr_expect_eq(good[i].rec[r].line, 0, "%s: only %zu records", good[i].what,
                 r);
    cr_expect_null(f);
    cr_expect_eq(nf, 0);
    /* The end stays the end. */
    cr_expect_eq(dd_csv_next(csv, &f, &nf, NULL), DD_ENOTFOUND);
    dd_csv_free(csv);
  }
}

/* Room for a whole message, as in dd_diag. */
#define ENTRY sizeof(((dd_diag *)NULL)->message)

/* Reads all of text and writes what happened, one entry a call: a record as
 * "line:field|field", an error as its message. */
static size_t transcript(const char *text, size_t len, char out[][ENTRY],
                         size_t max) {
  dd_csv *csv = NULL;
  cr_assert_eq(dd_csv_new("v.csv", text, len, &csv, NULL), DD_OK);
  size_t n = 0;
  for (;;) {
    const char *const *f = (const char *const *)&n;
    size_t nf = 99;
    dd_diag diag = {{0}};
    int err = dd_csv_next(csv, &f, &nf, &diag);
    if (err == DD_ENOTFOUND)
      break;
    cr_assert_lt(n, max, "more than %zu results", max);
    if (err == DD_EPARSE) {
      cr_expect_null(f);
      cr_expect_eq(nf, 0);
      snprintf(out[n], sizeof out[n], "%s", diag.message);
    } else {
      cr_assert_eq(err, DD_OK, "%s", diag.message);
      int k = snprintf(out[n], sizeof out[n], "%zu:", dd_csv_line(csv));
      for (size_t i = 0; i < nf && (size_t)k < sizeof out[n]; i++)
        k += snprintf(out[n] + k, sizeof out[n] - (size_t)k, "%s%s",
                      i > 0 ? "|" : "", f[i]);
    }
    n++;
  }
  dd_csv_free(csv);
  return n;
}

static const struct {
  const char *text;
  size_t len;
  /* Records exactly; messages by prefix. Ends at NULL. */
  const char *want[8];
} bad[] = {
    {T("a,b\nc,\"d\"e\nf,g\n"),
     {"1:a|b", "v.csv:2: text after a closing quote", "3:f|g"}},
    {T("a,b\"c\nd\n"), {"v.csv:1: quote inside an unquoted field", "2:d"}},
    {T("\"a\" ,b\nd\n"), {"v.csv:1: text after a closing quote", "2:d"}},
    {T("\"a\"\rb\nd\n"), {"v.csv:1: text after a closing quote", "2:d"}},
    {T("a\n\"b\"\"\nc\n"), {"1:a", "v.csv:2: unterminated quoted field"}},
    {T("a\n\nb,\"c\nd\ne\n"), {"1:a", "v.csv:3: unterminated quoted field"}},
    {T("a,b\0c\nd\n"), {"v.csv:1: NUL byte", "2:d"}},
    {T("\"a\0\"\nd\n"), {"v.csv:1: NUL byte", "2:d"}},
    {T("\0"), {"v.csv:1: NUL byte"}},
    {T("a\nb\""), {"1:a", "v.csv:2: quote inside an unquoted field"}},
    /* The stray quote on line 2 pairs with the one on line 4. */
    {T("id,name\n1,\"Smith\n2,Jones\n3,\"Brown\"\n4,Green\n"),
     {"1:id|name",
      "v.csv:4: text after a closing quote (the quoted field opened on line 2)",
      "5:4|Green"}},
    /* After an error inside a quoted field, the next line is read afresh. */
    {T("\"a\n\0b\"\nc,d\"\ne\n"),
     {"v.csv:2: NUL byte", "v.csv:3: quote inside an unquoted field", "4:e"}},
    /* Text that is not UTF-8, reported by the record's line and column;
     * reading goes on at the next record. */
    {T("id,name\n1,Caf\xE9\n2,ok\n"),
     {"1:id|name",
      "v.csv:2: column 2 is not valid UTF-8 (byte 0xE9 at byte 4 of the field)",
      "3:2|ok"}},
    {T("\xFF\nok\n"),
     {"v.csv:1: column 1 is not valid UTF-8 (byte 0xFF at byte 1", "2:ok"}},
    {T("a,\"x\ny\xC0\xAF\"\nok\n"),
     {"v.csv:1: column 2 is not valid UTF-8 (byte 0xC0 at byte 4", "3:ok"}},
    {T("a,\xED\xA0\x80\nok\n"),
     {"v.csv:1: column 2 is not valid UTF-8", "2:ok"}},
    /* Three bad rows among good ones: each is reported, none hides another. */
    {T("id,name\n1,\"x\"y\n2,ok\n\n3,a\"b\r\n4,ok\n5,\"z\0\"\n6,ok"),
     {"1:id|name", "v.csv:2: text after a closing quote", "3:2|ok",
      "v.csv:5: quote inside an unquoted field", "6:4|ok", "v.csv:7: NUL byte",
      "8:6|ok"}},
};

Test(csv, malformed_rows_are_reported_by_line_and_reading_goes_on) {
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char got[8][ENTRY];
    size_t n = transcript(bad[i].text, bad[i].len, got, 8);
    size_t want_n = 0;
    while (want_n < 8 && bad[i].want[want_n] != NULL)
      want_n++;
    cr_expect_eq(n, want_n, "case %zu: %zu results", i, n);
    for (size_t k = 0; k < n && k < want_n; k++) {
      const char *w = bad[i].want[k];
      if (strncmp(w, "v.csv:", 6) == 0)
        cr_expect(strncmp(got[k], w, strlen(w)) == 0,
                  "case %zu result %zu: got \"%s\", want \"%s...\"", i, k,
                  got[k], w);
      else
        cr_expect_str_eq(got[k], w, "case %zu result %zu", i, k);
    }
  }
}

Test(csv, three_bad_rows_among_good_ones_give_three_errors_and_the_good_rows) {
  /* The last case of the table, read the way an import will. */
  const char text[] =
      "id,name\n1,\"x\"y\n2,ok\n\n3,a\"b\r\n4,ok\n5,\"z\0\"\n6,ok";
  dd_csv *csv;
  cr_assert_eq(dd_csv_new("v.csv", text, sizeof text - 1, &csv, NULL), DD_OK);
  size_t good_lines[8], ngood = 0, bad_lines[8], nbad = 0;
  const char *const *f;
  size_t nf;
  dd_diag diag;
  int err;
  while ((err = dd_csv_next(csv, &f, &nf, &diag)) != DD_ENOTFOUND) {
    cr_assert(ngood < 8 && nbad < 8);
    if (err == DD_OK)
      good_lines[ngood++] = dd_csv_line(csv);
    else
      bad_lines[nbad++] = dd_csv_line(csv);
  }
  dd_csv_free(csv);
  cr_assert_eq(ngood, 4);
  cr_assert_eq(nbad, 3);
  size_t want_good[] = {1, 3, 6, 8}, want_bad[] = {2, 5, 7};
  for (size_t i = 0; i < 4; i++)
    cr_expect_eq(good_lines[i], want_good[i]);
  for (size_t i = 0; i < 3; i++)
    cr_expect_eq(bad_lines[i], want_bad[i]);
}

Test(csv, a_bad_record_spanning_lines_is_placed_at_its_first_line) {
  const char *text = "a\n\"b\nc\"d\ne\n";
  dd_csv *csv;
  cr_assert_eq(dd_csv_new("v.csv", text, strlen(text), &csv, NULL), DD_OK);
  const char *const *f;
  size_t nf;
  dd_diag diag;
  cr_assert_eq(dd_csv_line(csv), 0);
  cr_assert_eq(dd_csv_next(csv, &f, &nf, &diag), DD_OK);
  cr_assert_eq(dd_csv_next(csv, &f, &nf, &diag), DD_EPARSE);
  cr_expect_eq(dd_csv_line(csv), 2);
  cr_expect_str_eq(diag.message, "v.csv:3: text after a closing quote (the "
                                 "quoted field opened on line 2)");
  cr_assert_eq(dd_csv_next(csv, &f, &nf, NULL), DD_OK);
  cr_expect_eq(dd_csv_line(csv), 4);
  cr_expect_str_eq(f[0], "e");
  cr_assert_eq(dd_csv_next(csv, &f, &nf, NULL), DD_ENOTFOUND);
  cr_expect_eq(dd_csv_line(csv), 4, "the last record's line stays");
  dd_csv_free(csv);
}

/* n copies of c, then rest, in a fresh heap string. */
static char *repeat(char c, size_t n, const char *before, const char *rest) {
  size_t b = strlen(before), r = strlen(rest);
  char *s = malloc(b + n + r + 1);
  cr_assert_not_null(s);
  memcpy(s, before, b);
  memset(s + b, c, n);
  memcpy(s + b + n, rest, r + 1);
  return s;
}

static const struct {
  const char *before, *after;
  size_t n;
  const char *want; /* NULL: read as one field of n bytes */
} long_fields[] = {
    {"", "\nok\n", DD_CSV_FIELD_MAX, NULL},
    {"\"", "\"\nok\n", DD_CSV_FIELD_MAX, NULL},
    {"", "\nok\n", DD_CSV_FIELD_MAX + 1, "v.csv:1: field too long"},
    {"\"", "\"\nok\n", DD_CSV_FIELD_MAX + 1, "v.csv:1: field too long"},
};

Test(csv, a_field_may_hold_64_KiB_and_no_more) {
  for (size_t i = 0; i < sizeof long_fields / sizeof long_fields[0]; i++) {
    char *text = repeat('x', long_fields[i].n, long_fields[i].before,
                        long_fields[i].after);
    dd_csv *csv;
    cr_assert_eq(dd_csv_new("v.csv", text, strlen(text), &csv, NULL), DD_OK);
    const char *const *f;
    size_t nf;
    dd_diag diag;
    int err = dd_csv_next(csv, &f, &nf, &diag);
    if (long_fields[i].want == NULL) {
      cr_assert_eq(err, DD_OK, "case %zu: %s", i, diag.message);
      cr_expect_eq(nf, 1);
      cr_expect_eq(strlen(f[0]), long_fields[i].n, "case %zu", i);
    } else {
      cr_assert_eq(err, DD_EPARSE, "case %zu", i);
      cr_expect(strncmp(diag.message, long_fields[i].want,
                        strlen(long_fields[i].want)) == 0,
                "case %zu: %s", i, diag.message);
    }
    cr_assert_eq(dd_csv_next(csv, &f, &nf, &diag), DD_OK, "case %zu", i);
    cr_expect_eq(dd_csv_line(csv), 2, "case %zu", i);
    cr_expect_str_eq(f[0], "ok");
    dd_csv_free(csv);
    free(text);
  }
}

Test(csv, a_record_may_hold_1024_fields_and_no_more) {
  for (size_t count = DD_CSV_FIELDS_MAX - 1; count <= DD_CSV_FIELDS_MAX + 1;
       count++) {
    /* "0,1,2,...\nok\n": distinct fields, to see each lands in place. */
    char *text = malloc(count * 6 + 8);
    cr_assert_not_null(text);
    size_t len = 0;
    for (size_t i = 0; i < count; i++)
      len += (size_t)sprintf(text + len, "%s%zu", i > 0 ? "," : "", i);
    len += (size_t)sprintf(text + len, "\nok\n");
    dd_csv *csv;
    cr_assert_eq(dd_csv_new("v.csv", text, len, &csv, NULL), DD_OK);
    const char *const *f;
    size_t nf;
    dd_diag diag;
    int err = dd_csv_next(csv, &f, &nf, &diag);
    if (count <= DD_CSV_FIELDS_MAX) {
      cr_assert_eq(err, DD_OK, "%zu fields: %s", count, diag.message);
      cr_assert_eq(nf, count);
      for (size_t i = 0; i < nf; i++) {
        char want[24];
        sprintf(want, "%zu", i);
        cr_assert_str_eq(f[i], want);
      }
    } else {
      cr_assert_eq(err, DD_EPARSE, "%zu fields", count);
      cr_expect(strncmp(diag.message, "v.csv:1: too many fields", 24) == 0,
                "%s", diag.message);
    }
    cr_assert_eq(dd_csv_next(csv, &f, &nf, NULL), DD_OK);
    cr_expect_str_eq(f[0], "ok");
    dd_csv_free(csv);
    free(text);
  }
}

Test(csv, a_record_may_hold_256_KiB_and_no_more) {
  /* Four fields of 60,000 bytes fit; five do not, however short each is
   * (without the cap, a file of long lines could take any memory). */
  for (size_t count = 4; count <= 5; count++) {
    size_t each = 60000, len = count * (each + 1) + 3;
    char *text = malloc(len + 1);
    cr_assert_not_null(text);
    for (size_t i = 0; i < count; i++) {
      memset(text + i * (each + 1), 'x', each);
      text[i * (each + 1) + each] = i + 1 < count ? ',' : '\n';
    }
    memcpy(text + count * (each + 1), "ok\n", 4);
    dd_csv *csv;
    cr_assert_eq(dd_csv_new("v.csv", text, len, &csv, NULL), DD_OK);
    const char *const *f;
    size_t nf;
    dd_diag diag;
    int err = dd_csv_next(csv, &f, &nf, &diag);
    if (count == 4) {
      cr_assert_eq(err, DD_OK, "%s", diag.message);
      cr_expect_eq(nf, 4);
    } else {
      cr_assert_eq(err, DD_EPARSE);
      cr_expect_str_eq(diag.message,
                       "v.csv:1: record too long (over 262144 bytes)");
    }
    cr_assert_eq(dd_csv_next(csv, &f, &nf, NULL), DD_OK);
    cr_expect_str_eq(f[0], "ok");
    dd_csv_free(csv);
    free(text);
  }
}

Test(csv, fields_of_a_record_stay_put_while_the_buffer_grows) {
  /* Short fields first, then one long enough to move the buffer: the early
   * pointers must still be right. */
  char *text = repeat('y', 5000, "a,b,c,", "\n");
  dd_csv *csv;
  cr_assert_eq(dd_csv_new("v.csv", text, strlen(text), &csv, NULL), DD_OK);
  const char *const *f;
  size_t nf;
  cr_assert_eq(dd_csv_next(csv, &f, &nf, NULL), DD_OK);
  cr_assert_eq(nf, 4);
  cr_expect_str_eq(f[0], "a");
  cr_expect_str_eq(f[2], "c");
  cr_expect_eq(strlen(f[3]), 5000);
  dd_csv_free(csv);
  free(text);
}

Test(csv, the_text_need_not_end_in_a_NUL) {
  /* Only the first 3 bytes are the text; reading on would find ",b". */
  const char text[] = {'"', 'a', '"', ',', 'b'};
  dd_csv *csv;
  cr_assert_eq(dd_csv_new("v.csv", text, 3, &csv, NULL), DD_OK);
  const char *const *f;
  size_t nf;
  cr_assert_eq(dd_csv_next(csv, &f, &nf, NULL), DD_OK);
  cr_assert_eq(nf, 1);
  cr_expect_str_eq(f[0], "a");
  cr_expect_eq(dd_csv_next(csv, &f, &nf, NULL), DD_ENOTFOUND);
  dd_csv_free(csv);
}

Test(csv, bad_arguments_give_einval_and_no_reader) {
  dd_csv *csv = (dd_csv *)&csv;
  cr_expect_eq(dd_csv_new(NULL, "a", 1, &csv, NULL), DD_EINVAL);
  cr_expect_null(csv);
  csv = (dd_csv *)&csv;
  cr_expect_eq(dd_csv_new("v.csv", NULL, 1, &csv, NULL), DD_EINVAL);
  cr_expect_null(csv);
  cr_expect_eq(dd_csv_new("v.csv", "a", 1, NULL, NULL), DD_EINVAL);
  cr_expect_eq(dd_csv_new("v.csv", NULL, 0, &csv, NULL), DD_OK);
  const char *const *f;
  size_t nf;
  cr_expect_eq(dd_csv_next(csv, &f, &nf, NULL), DD_ENOTFOUND);
  dd_csv_free(csv);
}

Test(csv, freeing_null_does_nothing) { dd_csv_free(NULL); }
