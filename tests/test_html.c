/* The HTML writer's escapers (src/web/html.c): element text and attribute
 * values, URL parts, the href check, and the sticky allocation failure. */
#include "web/html.h"

#include "dueday/error.h"

#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Input bytes (with a length, so NULs can be in them) and what the text and
 * attribute escaper must write for them. */
typedef struct escape_case {
  const char *in;
  size_t n;
  const char *out;
} escape_case;

#define CASE(in, out)                                                          \
  { in, sizeof(in) - 1, out }
#define FFFD "\xEF\xBF\xBD"

/* 42 cases. */
static const escape_case escapes[] = {
    CASE("", ""),
    CASE("Ofsted visit", "Ofsted visit"),
    /* The five characters markup is made of. */
    CASE("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    CASE("Tom & Jerry", "Tom &amp; Jerry"),
    CASE("&amp;", "&amp;amp;"),
    CASE("\"quoted\"", "&quot;quoted&quot;"),
    CASE("it's", "it&#39;s"),
    CASE("\" onmouseover=\"alert(1)", "&quot; onmouseover=&quot;alert(1)"),
    CASE("' onload='x", "&#39; onload=&#39;x"),
    /* Tab and newline stay; every other C0 control, DEL and C1 becomes
     * U+FFFD. */
    CASE("a\tb\nc", "a\tb\nc"),
    CASE("a\rb", "a" FFFD "b"),
    CASE("nul\0here", "nul" FFFD "here"),
    CASE("\x01\x1f", FFFD FFFD),
    CASE("\x1b[31m", FFFD "[31m"),
    CASE("del\x7f", "del" FFFD),
    CASE("\xC2\x80\xC2\x9F", FFFD FFFD),
    /* Valid UTF-8 of every length passes through. */
    CASE("\xC2\xA3"
         "85",
         "\xC2\xA3"
         "85"),
    CASE("\xC2\xA0", "\xC2\xA0"),
    CASE("caf\xC3\xA9", "caf\xC3\xA9"),
    CASE("\xE2\x80\x99", "\xE2\x80\x99"),
    CASE("\xEF\xBF\xBD", "\xEF\xBF\xBD"),
    CASE("\xF0\x9F\x93\x85", "\xF0\x9F\x93\x85"),
    CASE("\xF4\x8F\xBF\xBF", "\xF4\x8F\xBF\xBF"),
    /* A lone continuation byte, and bytes that never appear. */
    CASE("\x80", FFFD),
    CASE("a\xBFz", "a" FFFD "z"),
    CASE("\xFE\xFF", FFFD FFFD),
    CASE("\xF5\x80\x80\x80", FFFD FFFD FFFD FFFD),
    /* Sequences cut short: one U+FFFD for the maximal subpart. */
    CASE("\xC3", FFFD),
    CASE("\xE2\x80", FFFD),
    CASE("\xF0\x9F\x93", FFFD),
    CASE("\xE2\x80<", FFFD "&lt;"),
    CASE("\xF0\x9F"
         "a",
         FFFD "a"),
    /* Overlong encodings: of '<' (C0 BC), of '/' (E0 80 AF), of NUL
     * (C0 80), of U+FFFF in four bytes (F0 8F BF BF). */
    CASE("\xC0\xBC", FFFD FFFD),
    CASE("\xC1\xBF", FFFD FFFD),
    CASE("\xE0\x80\xAF", FFFD FFFD FFFD),
    CASE("\xC0\x80", FFFD FFFD),
    CASE("\xF0\x8F\xBF\xBF", FFFD FFFD FFFD FFFD),
    /* Surrogates (ED A0-BF ..), alone and as a CESU-8 pair. */
    CASE("\xED\xA0\x80", FFFD FFFD FFFD),
    CASE("\xED\xBF\xBF", FFFD FFFD FFFD),
    CASE("\xED\xA0\xBD\xED\xB3\x85", FFFD FFFD FFFD FFFD FFFD FFFD),
    CASE("\xED\x9F\xBF", "\xED\x9F\xBF"), /* U+D7FF, just below them */
    /* Past U+10FFFF. */
    CASE("\xF4\x90\x80\x80", FFFD FFFD FFFD FFFD),
};

Test(html, text_and_attribute_escaping_follows_the_table) {
  for (size_t i = 0; i < sizeof escapes / sizeof escapes[0]; i++) {
    const escape_case *c = &escapes[i];
    dd__html h = {0};
    dd__html_text_n(&h, c->in, c->n);
    cr_expect_str_eq(h.buf.p ? h.buf.p : "", c->out, "case %zu", i);
    dd__html_clear(&h);
    dd__html_attr_n(&h, c->in, c->n);
    cr_expect_str_eq(h.buf.p ? h.buf.p : "", c->out, "attr case %zu", i);
    dd__html_clear(&h);
  }
}

/* 8 cases. */
static const escape_case urls[] = {
    CASE("", ""),
    CASE("AZaz09-._~", "AZaz09-._~"),
    CASE("a b", "a%20b"),
    CASE("a/b?c=d&e#f", "a%2Fb%3Fc%3Dd%26e%23f"),
    CASE("<\"'>", "%3C%22%27%3E"),
    CASE("+%", "%2B%25"),
    /* Bytes as they are, NUL and invalid UTF-8 included: a signed char
     * must not index the table (cgit's bug). */
    CASE("\0\x7f\x80\xff", "%00%7F%80%FF"),
    CASE("caf\xC3\xA9", "caf%C3%A9"),
};

Test(html, url_parts_keep_only_unreserved_characters) {
  for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
    dd__html h = {0};
    dd__html_url_n(&h, urls[i].in, urls[i].n);
    cr_expect_str_eq(h.buf.p ? h.buf.p : "", urls[i].out, "case %zu", i);
    dd__html_clear(&h);
  }
}

static char *finish(dd__html *h) {
  char *out = NULL;
  cr_assert_eq(dd__html_finish(h, &out, NULL), DD_OK);
  return out;
}

Test(html, markup_literals_and_escaped_data_make_one_page) {
  dd__html h = {0};
  H(&h, "<a");
  H_ATTR(&h, "href", "/visits/?q=1&r=2");
  H(&h, " class=\"x\">");
  dd__html_text(&h, "<b>");
  H(&h, "</a><a href=\"/visits/");
  dd__html_url(&h, "12 3");
  H(&h, "\">");
  dd__html_int(&h, -42);
  H(&h, "</a>");
  H_ATTR(&h, "title", NULL); /* nothing */
  dd__html_text(&h, NULL);   /* nothing */
  char *out = finish(&h);
  cr_assert_str_eq(out, "<a href=\"/visits/?q=1&amp;r=2\" class=\"x\">&lt;b&gt;"
                        "</a><a href=\"/visits/12%203\">-42</a>");
  free(out);
}

/* 10 cases: which hrefs are kept and which become "#". */
Test(html, hrefs_with_a_foreign_scheme_become_a_hash) {
  static const struct {
    const char *in, *out;
  } cases[] = {
      {"/visits/1", " href=\"/visits/1\""},
      {"#main", " href=\"#main\""},
      {"?a=b:c", " href=\"?a=b:c\""},
      {"https://example.org/a:b", " href=\"https://example.org/a:b\""},
      {"HTTP://example.org", " href=\"HTTP://example.org\""},
      {"mailto:a@example.org", " href=\"mailto:a@example.org\""},
      {"javascript:alert(1)", " href=\"#\""},
      {"JavaScript:alert(1)", " href=\"#\""},
      {"data:text/html,<b>", " href=\"#\""},
      {"vbscript:x", " href=\"#\""},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    dd__html h = {0};
    H_HREF(&h, cases[i].in);
    char *out = finish(&h);
    cr_expect_str_eq(out, cases[i].out, "case %zu", i);
    free(out);
  }
}

Test(html, dates_are_written_in_govuk_style) {
  dd__html h = {0};
  dd_date d;
  cr_assert_eq(dd_date_from_ymd(2021, 1, 12, &d), DD_OK);
  dd__html_date(&h, d);
  H(&h, "|");
  dd__html_date_short(&h, d);
  char *out = finish(&h);
  cr_assert_str_eq(out, "Tuesday 12 January 2021|12 January 2021");
  free(out);
}

static void fragment(dd__html *h, const void *arg) {
  H(h, "<em>");
  dd__html_text(h, arg);
  H(h, "</em>");
}

Test(html, a_fragment_is_written_by_its_function) {
  dd__html h = {0};
  dd__html_call(&h, (dd__html_fn){fragment, "a<b"});
  dd__html_call(&h, (dd__html_fn){0});
  char *out = finish(&h);
  cr_assert_str_eq(out, "<em>a&lt;b</em>");
  free(out);
}

Test(html, an_empty_page_is_an_empty_string) {
  dd__html h = {0};
  size_t len = 99;
  char *out = NULL;
  cr_assert_eq(dd__html_finish(&h, &out, &len), DD_OK);
  cr_assert_str_eq(out, "");
  cr_assert_eq(len, 0);
  free(out);
}

Test(html, a_failed_allocation_is_reported_once_at_the_end) {
  dd__html h = {0};
  H(&h, "<p>");
  h.buf.failed = true; /* as dd__buf_reserve leaves it when out of memory */
  dd__html_text(&h, "more");
  dd__html_url(&h, "more");
  H(&h, "</p>");
  char *out = (char *)1;
  cr_assert_eq(dd__html_finish(&h, &out, NULL), DD_ENOMEM);
  cr_assert_null(out);
  cr_assert_null(h.buf.p);
  cr_assert_eq(h.buf.len, 0);
}

Test(html, a_url_part_too_long_to_encode_fails_the_page) {
  dd__html h = {0};
  H(&h, "<a href=\"/");
  /* Its triple overflows size_t: never read, and the page fails rather
   * than losing the part silently. */
  dd__html_url_n(&h, "x", SIZE_MAX / 2);
  H(&h, "\">");
  char *out = (char *)1;
  cr_assert_eq(dd__html_finish(&h, &out, NULL), DD_ENOMEM);
  cr_assert_null(out);
}
