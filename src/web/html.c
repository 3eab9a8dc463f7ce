/* The HTML writer: one escaper for text and attribute values, one for URL
 * parts, both over the project's growing buffer. cgit's html.c is the
 * model; its history (unescaped quotes in attributes, a signed char
 * indexing the URL table) is why both escapers here work on unsigned
 * bytes, escape both quotes everywhere and check UTF-8 strictly. */
#include "html.h"

#include "dueday/error.h"

#include <stdint.h>
#include <string.h>

void dd__html_raw_(dd__html *h, const char *lit, size_t n) {
  dd__buf_put(&h->buf, lit, n);
}

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* The length of the well-formed UTF-8 sequence at s[0..n) (1-4), or 0 when
 * it is ill-formed; then *bad is the length of its maximal subpart (at
 * least 1), the bytes one U+FFFD replaces (Unicode 15, 3.9, "U+FFFD
 * Substitution of Maximal Subparts", which browsers follow). The ranges
 * are Table 3-7's: they exclude overlong forms (C0, C1, E0 80-9F, F0
 * 80-8F), surrogates (ED A0-BF) and code points past U+10FFFF (F4 90-BF,
 * F5-FF). */
static size_t utf8_seq(const unsigned char *s, size_t n, size_t *bad) {
  unsigned char c = s[0];
  size_t need;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c < 0x80)
    return 1;
  if (c >= 0xC2 && c <= 0xDF)
    need = 1;
  else if (c >= 0xE0 && c <= 0xEF) {
    need = 2;
    if (c == 0xE0)
      lo = 0xA0;
    else if (c == 0xED)
      hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3;
    if (c == 0xF0)
      lo = 0x90;
    else if (c == 0xF4)
      hi = 0x8F;
  } else {
    *bad = 1;
    return 0;
  }
  for (size_t i = 1; i <= need; i++) {
    if (i >= n || s[i] < lo || s[i] > hi) {
      *bad = i;
      return 0;
    }
    lo = 0x80, hi = 0xBF;
  }
  return need + 1;
}

/* What the escaper does with each ASCII byte: 0 copy, 1 replace (a control
 * character HTML calls a parse error: C0 but tab and newline, and DEL),
 * else the index of its entity. Carriage return is replaced too: the
 * parser would turn it into a newline anyway. */
enum { COPY, CONTROL, AMP, LT, GT, QUOT, APOS };
static const char *const entity[] = {"",     "",       "&amp;", "&lt;",
                                     "&gt;", "&quot;", "&#39;"};
static int ascii_class(unsigned char c) {
  switch (c) {
  case '&':
    return AMP;
  case '<':
    return LT;
  case '>':
    return GT;
  case '"':
    return QUOT;
  case '\'':
    return APOS;
  case '\t':
  case '\n':
    return COPY;
  default:
    return c < 0x20 || c == 0x7F ? CONTROL : COPY;
  }
}

static void escape(dd__buf *b, const char *text, size_t n) {
  const unsigned char *s = (const unsigned char *)text;
  size_t run = 0; /* bytes at s[i - run .. i) still to copy as they are */
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80 && ascii_class(c) == COPY) {
      i++, run++;
      continue;
    }
    if (c >= 0x80) {
      size_t bad = 1, len = utf8_seq(s + i, n - i, &bad);
      /* C1 controls (U+0080-U+009F, C2 80-9F) are parse errors in HTML
       * too. */
      if (len > 0 && !(c == 0xC2 && s[i + 1] < 0xA0)) {
        i += len, run += len;
        continue;
      }
      if (len > 0)
        bad = len;
      dd__buf_put(b, (const char *)s + i - run, run);
      dd__buf_put(b, replacement, 3);
      i += bad, run = 0;
      continue;
    }
    dd__buf_put(b, (const char *)s + i - run, run);
    run = 0;
    int k = ascii_class(c);
    if (k == CONTROL)
      dd__buf_put(b, replacement, 3);
    else
      dd__buf_puts(b, entity[k]);
    i++;
  }
  dd__buf_put(b, (const char *)s + i - run, run);
}

/* RFC 3986 2.3: unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~".
 * Indexed by unsigned char: all 256 bytes have an entry. */
static const bool unreserved[256] = {['A' ... 'Z'] = true, ['a' ... 'z'] = true,
                                     ['0' ... '9'] = true, ['-'] = true,
                                     ['.'] = true,         ['_'] = true,
                                     ['~'] = true};

static void url_encode(dd__buf *b, const char *text, size_t n) {
  static const char hex[] = "0123456789ABCDEF";
  const unsigned char *s = (const unsigned char *)text;
  /* Three bytes out per byte in at most; a size whose triple overflows
   * could never be allocated either. */
  if (n > (SIZE_MAX - 1) / 3) {
    b->failed = true;
    return;
  }
  if (!dd__buf_room(b, 3 * n, 0))
    return;
  char *o = b->p + b->len, *start = o;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = s[i];
    if (unreserved[c]) {
      *o++ = (char)c;
    } else {
      *o++ = '%';
      *o++ = hex[c >> 4];
      *o++ = hex[c & 15];
    }
  }
  dd__buf_commit(b, (size_t)(o - start));
}

void dd__html_text_n(dd__html *h, const char *s, size_t n) {
  escape(&h->buf, s, n);
}

void dd__html_text(dd__html *h, const char *s) {
  if (s)
    escape(&h->buf, s, strlen(s));
}

void dd__html_attr_n(dd__html *h, const char *s, size_t n) {
  escape(&h->buf, s, n);
}

void dd__html_attr(dd__html *h, const char *s) { dd__html_text(h, s); }

void dd__html_attr_(dd__html *h, const char *open, size_t n,
                    const char *value) {
  if (!value)
    return;
  dd__buf_put(&h->buf, open, n);
  dd__html_text(h, value);
  dd__buf_putc(&h->buf, '"');
}

/* A scheme (RFC 3986 3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":")
 * before any '/', '?' or '#' makes the URL absolute; only http, https and
 * mailto are links a page of ours should hold. */
static bool href_allowed(const char *v) {
  size_t i = 0;
  while (v[i] && v[i] != ':' && v[i] != '/' && v[i] != '?' && v[i] != '#')
    i++;
  if (v[i] != ':')
    return true;
  static const char *const ok[] = {"http", "https", "mailto"};
  for (size_t k = 0; k < sizeof ok / sizeof ok[0]; k++) {
    size_t m = strlen(ok[k]);
    if (m != i)
      continue;
    size_t j = 0;
    while (j < m && (v[j] | 0x20) == ok[k][j])
      j++;
    if (j == m)
      return true;
  }
  return false;
}

void dd__html_href_(dd__html *h, const char *value) {
  if (!value)
    return;
  H_ATTR(h, "href", href_allowed(value) ? value : "#");
}

void dd__html_url_n(dd__html *h, const char *s, size_t n) {
  url_encode(&h->buf, s, n);
}

void dd__html_url(dd__html *h, const char *s) {
  if (s)
    url_encode(&h->buf, s, strlen(s));
}

void dd__html_int(dd__html *h, long long v) {
  dd__buf_printf(&h->buf, "%lld", v);
}

void dd__html_date_short(dd__html *h, dd_date d) {
  int y, m, day;
  dd_date_to_ymd(d, &y, &m, &day);
  dd__buf_printf(&h->buf, "%d %s %d", day, dd_month_name(m), y);
}

void dd__html_date(dd__html *h, dd_date d) {
  dd__buf_puts(&h->buf, dd_weekday_name(dd_date_weekday(d)));
  dd__buf_putc(&h->buf, ' ');
  dd__html_date_short(h, d);
}

void dd__html_call(dd__html *h, dd__html_fn f) {
  if (f.fn)
    f.fn(h, f.arg);
}

int dd__html_finish(dd__html *h, char **out, size_t *len) {
  char *text = dd__buf_take(&h->buf, len);
  *out = text;
  return text ? DD_OK : DD_ENOMEM;
}

void dd__html_clear(dd__html *h) { dd__buf_clear(&h->buf); }
