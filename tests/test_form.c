/* What browsers send the pages (src/server/form.c): urlencoded bodies,
 * cookies, the Origin check and the Set-Cookie line. */
#include "server/form.h"

#include <criterion/criterion.h>

#include <string.h>

/* One case: a body and the fields it decodes to ("name=value" joined with
 * '|'), or NULL when it must be refused. */
static const struct {
  const char *body, *fields;
} forms[] = {
    {"", ""},
    {"a=1", "a=1"},
    {"a=1&b=2", "a=1|b=2"},
    {"a=1&&b=2&", "a=1|b=2"}, /* empty fields are skipped */
    {"a", "a="},              /* a name alone has an empty value */
    {"a=", "a="},
    {"=x", "=x"},
    {"a=b=c", "a=b=c"}, /* split at the first '=' */
    {"note=one+two", "note=one two"},
    {"note=one%2Btwo", "note=one+two"},
    {"n%61me=%3Cscript%3E", "name=<script>"},
    {"q=%22%27", "q=\"'"},
    {"city=K%C3%B8benhavn", "city=K\xc3\xb8"
                            "benhavn"},
    {"csrf=%41%62", "csrf=Ab"},
    /* Refused: bad escapes, invalid UTF-8, a NUL. */
    {"a=%", NULL},
    {"a=%4", NULL},
    {"a=%4g", NULL},
    {"a=%zz&b=1", NULL},
    {"a=%ff", NULL},
    {"%ff=a", NULL},
    {"a=%c3", NULL},       /* a lead byte without its continuation */
    {"a=%ed%a0%80", NULL}, /* a surrogate */
    {"a=%c0%bc", NULL},    /* an overlong '<' */
    {"a=%00", NULL},
    {"a=\xff", NULL}, /* raw, not escaped */
};

static void joined(const dd__form *f, char *out, size_t size) {
  out[0] = '\0';
  for (size_t i = 0; i < f->n; i++) {
    if (i > 0)
      strncat(out, "|", size - strlen(out) - 1);
    strncat(out, f->params[i].name, size - strlen(out) - 1);
    strncat(out, "=", size - strlen(out) - 1);
    strncat(out, f->params[i].value, size - strlen(out) - 1);
  }
}

Test(form, urlencoded_bodies_decode_as_browsers_encode_them) {
  for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
    dd__form f;
    int err = dd__form_parse(forms[i].body, strlen(forms[i].body), &f);
    if (forms[i].fields == NULL) {
      cr_expect_eq(err, DD_EINVAL, "case %zu (%s)", i, forms[i].body);
      cr_expect_eq(f.n, 0, "case %zu", i);
      cr_expect_null(f.params, "case %zu", i);
      continue;
    }
    cr_expect_eq(err, DD_OK, "case %zu (%s)", i, forms[i].body);
    char got[256];
    joined(&f, got, sizeof got);
    cr_expect_str_eq(got, forms[i].fields, "case %zu", i);
    dd__form_clear(&f);
  }
}

Test(form, the_length_not_a_nul_ends_the_body) {
  dd__form f;
  cr_assert_eq(dd__form_parse("a=1&b=2", 3, &f), DD_OK);
  cr_assert_eq(f.n, 1);
  cr_expect_str_eq(f.params[0].value, "1");
  dd__form_clear(&f);
  dd__form_clear(NULL);
}

Test(form, more_fields_than_the_limit_are_refused) {
  char body[DD_FORM_FIELDS_MAX * 4 + 8] = "";
  for (int i = 0; i < DD_FORM_FIELDS_MAX; i++)
    strcat(body, "a=1&");
  dd__form f;
  cr_assert_eq(dd__form_parse(body, strlen(body), &f), DD_OK);
  cr_expect_eq(f.n, DD_FORM_FIELDS_MAX);
  dd__form_clear(&f);
  strcat(body, "a=1");
  cr_expect_eq(dd__form_parse(body, strlen(body), &f), DD_EINVAL);
}

Test(form, only_urlencoded_content_types_are_forms) {
  cr_expect(dd__form_content_type("application/x-www-form-urlencoded"));
  cr_expect(dd__form_content_type("Application/X-WWW-Form-Urlencoded"));
  cr_expect(
      dd__form_content_type("application/x-www-form-urlencoded;charset=UTF-8"));
  cr_expect(dd__form_content_type(
      "application/x-www-form-urlencoded ; charset=UTF-8"));
  cr_expect_not(dd__form_content_type(NULL));
  cr_expect_not(dd__form_content_type("multipart/form-data; boundary=x"));
  cr_expect_not(dd__form_content_type("application/x-www-form-urlencodedx"));
  cr_expect_not(dd__form_content_type("text/plain"));
}

Test(form, a_cookie_is_found_by_its_whole_name) {
  char v[33];
  cr_assert(dd__cookie_find("dueday=abc", "dueday", v, sizeof v));
  cr_expect_str_eq(v, "abc");
  cr_assert(dd__cookie_find("x=1; dueday=abc; y=2", "dueday", v, sizeof v));
  cr_expect_str_eq(v, "abc");
  cr_assert(dd__cookie_find("x=1;dueday=\"abc\"", "dueday", v, sizeof v));
  cr_expect_str_eq(v, "abc");
  /* The first of two wins; a longer name is another cookie. */
  cr_assert(dd__cookie_find("mydueday=no; dueday=a; dueday=b", "dueday", v,
                            sizeof v));
  cr_expect_str_eq(v, "a");
  cr_assert(dd__cookie_find("__Host-dueday=h", "__Host-dueday", v, sizeof v));
  cr_expect_str_eq(v, "h");
  cr_expect_not(dd__cookie_find("__Host-dueday=h", "dueday", v, sizeof v));
  cr_expect_not(dd__cookie_find(NULL, "dueday", v, sizeof v));
  cr_expect_not(dd__cookie_find("", "dueday", v, sizeof v));
  cr_expect_not(dd__cookie_find("dueday", "dueday", v, sizeof v));
  /* Too long for the buffer: no cookie rather than a cut one. */
  cr_expect_not(dd__cookie_find("dueday=0123456789abcdef0123456789abcdef0",
                                "dueday", v, sizeof v));
}

Test(form, set_cookie_lines_carry_every_attribute) {
  char line[200];
  cr_assert(dd__cookie_format(line, sizeof line, "dueday", "abc", false));
  cr_expect_str_eq(line, "dueday=abc; Path=/; HttpOnly; SameSite=Lax");
  cr_assert(dd__cookie_format(line, sizeof line, "__Host-dueday", "abc", true));
  cr_expect_str_eq(line,
                   "__Host-dueday=abc; Path=/; HttpOnly; SameSite=Lax; Secure");
  cr_assert(dd__cookie_format(line, sizeof line, "dueday", NULL, false));
  cr_expect_str_eq(line, "dueday=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
  cr_expect_not(dd__cookie_format(line, 10, "dueday", "abc", false));
}

Test(form, posts_from_elsewhere_are_refused) {
  const char *me = "http://127.0.0.1:8080";
  cr_expect(dd__origin_allowed(NULL, NULL, me));
  cr_expect(dd__origin_allowed("same-origin", me, me));
  cr_expect(dd__origin_allowed("none", NULL, me));
  cr_expect(dd__origin_allowed(NULL, "HTTP://127.0.0.1:8080", me));
  cr_expect_not(dd__origin_allowed("cross-site", NULL, me));
  cr_expect_not(dd__origin_allowed("cross-site", me, me));
  cr_expect_not(dd__origin_allowed("same-site", NULL, me));
  cr_expect_not(dd__origin_allowed(NULL, "https://evil.example", me));
  cr_expect_not(dd__origin_allowed(NULL, "http://127.0.0.1:8081", me));
  cr_expect_not(dd__origin_allowed(NULL, "http://127.0.0.1:8080.evil", me));
  cr_expect_not(dd__origin_allowed(NULL, "null", me));
  cr_expect_not(dd__origin_allowed(NULL, "http://127.0.0.1:8080", NULL));
}

Test(form, host_headers_that_could_break_a_link_are_not_used) {
  cr_expect(dd__host_valid("127.0.0.1:8080"));
  cr_expect(dd__host_valid("dueday.example"));
  cr_expect(dd__host_valid("[::1]:8080"));
  cr_expect_not(dd__host_valid(NULL));
  cr_expect_not(dd__host_valid(""));
  cr_expect_not(dd__host_valid("evil.example/x"));
  cr_expect_not(dd__host_valid("a\"b"));
  cr_expect_not(dd__host_valid("a b"));
  cr_expect_not(dd__host_valid("user@host"));
}

Test(form, gzip_is_sent_only_to_who_takes_it) {
  cr_assert(dd__accepts_gzip("gzip, deflate, br, zstd")); /* Chromium */
  cr_assert(dd__accepts_gzip("GZIP"));
  cr_assert(dd__accepts_gzip("x-gzip"));
  cr_assert(dd__accepts_gzip("br;q=1.0, gzip;q=0.8, *;q=0.1"));
  cr_assert(dd__accepts_gzip("*"));
  cr_assert(dd__accepts_gzip("gzip;q=0.001"));
  cr_assert_not(dd__accepts_gzip(NULL));
  cr_assert_not(dd__accepts_gzip(""));
  cr_assert_not(dd__accepts_gzip("identity"));
  cr_assert_not(dd__accepts_gzip("deflate, br"));
  cr_assert_not(dd__accepts_gzip("gzip;q=0"));
  cr_assert_not(dd__accepts_gzip("gzip; q=0.000, br"));
  cr_assert_not(dd__accepts_gzip("*, gzip;q=0"));
  cr_assert_not(dd__accepts_gzip("*;q=0"));
  cr_assert_not(dd__accepts_gzip("gzipped"));
  cr_assert_not(dd__accepts_gzip("notgzip"));
}
