/* libFuzzer target for what browsers send the pages (src/server/form.c):
 * urlencoded bodies, the Cookie header and the Host header. Besides memory
 * errors (ASan, UBSan) it checks form.h's contract against a reading of
 * the WHATWG urlencoded parser written here, not taken from form.c:
 *   - a body is accepted exactly when every field decodes (a '%' followed
 *     by two hex digits, '+' as a space) to valid UTF-8 without a NUL and
 *     there are at most DD_FORM_FIELDS_MAX of them, and then the fields
 *     are those bytes, in order;
 *   - the fields, percent-encoded again, parse back to themselves;
 *   - a cookie found is inside the header and holds no ';';
 *   - a Host accepted holds nothing that could end a URL's authority.
 * Input: a body; for the cookie and host, the input's first line is the
 * header and the second the name. */
#include "dueday/text.h"
#include "fuzz.h"
#include "server/form.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int hexval(uint8_t c) {
  return c >= '0' && c <= '9'   ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                : -1;
}

/* Decodes s[0..n) into out (room for n); its length, or -1 when a field
 * of it must be refused. */
static long decode(const uint8_t *s, size_t n, char *out) {
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '%') {
      if (i + 2 >= n || hexval(s[i + 1]) < 0 || hexval(s[i + 2]) < 0)
        return -1;
      out[o++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
      i += 2;
    } else {
      out[o++] = s[i] == '+' ? ' ' : (char)s[i];
    }
  }
  if (memchr(out, 0, o) != NULL || dd_text_check(out, o) != o)
    return -1;
  return (long)o;
}

/* Whether the fields of data[0..size) are f's, or must be refused. */
static void check_form(const uint8_t *data, size_t size) {
  dd__form f;
  int err = dd__form_parse((const char *)data, size, &f);
  CHECK(err == DD_OK || err == DD_EINVAL || err == DD_ENOMEM);
  if (err == DD_ENOMEM)
    return;
  char *buf = malloc(size + 1);
  CHECK(buf != NULL);
  bool refuse = false;
  size_t n = 0;
  for (size_t i = 0; i <= size && !refuse;) {
    size_t end = i;
    while (end < size && data[end] != '&')
      end++;
    if (end > i) {
      size_t eq = i;
      while (eq < end && data[eq] != '=')
        eq++;
      long nl = decode(data + i, eq - i, buf);
      CHECK(nl < 0 || err != DD_OK || n >= f.n ||
            ((size_t)nl == strlen(f.params[n].name) &&
             memcmp(buf, f.params[n].name, (size_t)nl) == 0));
      long vl = eq < end ? decode(data + eq + 1, end - eq - 1, buf) : 0;
      CHECK(vl < 0 || err != DD_OK || n >= f.n ||
            ((size_t)vl == strlen(f.params[n].value) &&
             memcmp(buf, f.params[n].value, (size_t)vl) == 0));
      refuse = nl < 0 || vl < 0 || ++n > DD_FORM_FIELDS_MAX;
    }
    i = end + 1;
  }
  free(buf);
  CHECK(refuse == (err == DD_EINVAL));
  if (err != DD_OK)
    return;
  CHECK(n == f.n);
  /* Every byte as %XX, '=' and '&' between: the same fields again. */
  static const char hex[] = "0123456789ABCDEF";
  size_t cap = 1;
  for (size_t i = 0; i < f.n; i++)
    cap += 3 * (strlen(f.params[i].name) + strlen(f.params[i].value)) + 2;
  char *enc = malloc(cap), *o = enc;
  CHECK(enc != NULL);
  for (size_t i = 0; i < f.n; i++) {
    const char *parts[2] = {f.params[i].name, f.params[i].value};
    for (int k = 0; k < 2; k++) {
      for (const unsigned char *p = (const unsigned char *)parts[k]; *p; p++) {
        *o++ = '%';
        *o++ = hex[*p >> 4];
        *o++ = hex[*p & 15];
      }
      *o++ = k == 0 ? '=' : '&';
    }
  }
  dd__form g;
  CHECK(dd__form_parse(enc, (size_t)(o - enc), &g) == DD_OK);
  CHECK(g.n == f.n);
  for (size_t i = 0; i < f.n; i++)
    CHECK(strcmp(g.params[i].name, f.params[i].name) == 0 &&
          strcmp(g.params[i].value, f.params[i].value) == 0);
  dd__form_clear(&g);
  free(enc);
  dd__form_clear(&f);
}

static void check_headers(const uint8_t *data, size_t size) {
  char *text = malloc(size + 1);
  CHECK(text != NULL);
  memcpy(text, data, size);
  text[size] = '\0';
  char *name = strchr(text, '\n');
  if (name != NULL)
    *name++ = '\0';
  char value[33];
  if (name != NULL && dd__cookie_find(text, name, value, sizeof value)) {
    CHECK(strchr(value, ';') == NULL);
    CHECK(strstr(text, value) != NULL);
  }
  if (dd__host_valid(text))
    CHECK(strpbrk(text, "/?#@\\\"'<> \t") == NULL);
  free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 65536)
    return 0;
  check_form(data, size);
  check_headers(data, size);
  return 0;
}
