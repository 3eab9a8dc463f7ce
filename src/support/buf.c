/* The one growing buffer (see buf.h). */
#include "buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool dd__buf_reserve(dd__buf *b, size_t need, size_t min_cap) {
  if (b->failed)
    return false;
  if (b->cap - b->len > need)
    return true;
  size_t cap = b->cap != 0 ? b->cap : (min_cap != 0 ? min_cap : 256);
  while (cap - b->len <= need) {
    if (cap > SIZE_MAX / 2) {
      b->failed = true;
      return false;
    }
    cap *= 2;
  }
  char *p = realloc(b->p, cap);
  if (p == NULL) {
    b->failed = true;
    return false;
  }
  b->p = p;
  b->cap = cap;
  return true;
}

void dd__buf_put(dd__buf *b, const char *s, size_t n) {
  /* n == 0 may come with s == NULL, which memcpy must not see. */
  if (n == 0 || !dd__buf_reserve(b, n, 0))
    return;
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
}

void dd__buf_puts(dd__buf *b, const char *s) { dd__buf_put(b, s, strlen(s)); }

void dd__buf_putc(dd__buf *b, char c) { dd__buf_put(b, &c, 1); }

void dd__buf_printf(dd__buf *b, const char *fmt, ...) {
  char small[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) {
    b->failed = true;
    return;
  }
  if ((size_t)n < sizeof small) {
    dd__buf_put(b, small, (size_t)n);
    return;
  }
  if (!dd__buf_reserve(b, (size_t)n, 0))
    return;
  va_start(ap, fmt);
  vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

bool dd__grow(void *array, size_t *cap, size_t n, size_t size, size_t min_cap) {
  if (n <= *cap)
    return true;
  size_t bigger = *cap != 0 ? *cap : (min_cap != 0 ? min_cap : 1);
  while (bigger < n) {
    if (bigger > SIZE_MAX / 2)
      return false;
    bigger *= 2;
  }
  if (bigger > SIZE_MAX / size)
    return false;
  /* The array's pointer is read and written as bytes: it may point to any
   * type, and a void ** would not be its type. */
  void *p;
  memcpy(&p, array, sizeof p);
  if ((p = realloc(p, bigger * size)) == NULL)
    return false;
  memcpy(array, &p, sizeof p);
  *cap = bigger;
  return true;
}

size_t dd__utf8_cut(const char *s, size_t n, size_t max) {
  if (n <= max)
    return n;
  /* Back off continuation bytes (10xxxxxx): byte max then starts a
   * character, so everything before it is whole. */
  size_t cut = max;
  while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
    cut--;
  return cut;
}

char *dd__format(char *buf, size_t size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  if (n < 0)
    buf[0] = '\0';
  else if ((size_t)n >= size)
    buf[dd__utf8_complete(buf, size - 1)] = '\0';
  return buf;
}

size_t dd__utf8_complete(const char *s, size_t n) {
  size_t k = n, cont = 0;
  while (k > 0 && cont < 3 && ((unsigned char)s[k - 1] & 0xC0) == 0x80) {
    k--;
    cont++;
  }
  if (k == 0)
    return n;
  unsigned char lead = (unsigned char)s[k - 1];
  size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  return cont + 1 < need ? k - 1 : n;
}

/* The length of the valid character at s[0..n), or 0 when there is none. */
static size_t utf8_char(const unsigned char *s, size_t n) {
  unsigned char c = s[0];
  if (c < 0x80)
    return 1;
  size_t len;
  /* The second byte's range depends on the lead (RFC 3629 section 4's
   * table): E0 and F0 exclude overlong forms, ED the surrogates, F4 what
   * lies beyond U+10FFFF. */
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF)
    len = 2;
  else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0)
      lo = 0xA0;
    else if (c == 0xED)
      hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0)
      lo = 0x90;
    else if (c == 0xF4)
      hi = 0x8F;
  } else {
    return 0; /* a continuation byte, C0, C1 or F5 to FF */
  }
  if (n < len || s[1] < lo || s[1] > hi)
    return 0;
  for (size_t i = 2; i < len; i++)
    if ((s[i] & 0xC0) != 0x80)
      return 0;
  return len;
}

size_t dd__utf8_valid_prefix(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    size_t len = utf8_char(u + i, n - i);
    if (len == 0)
      return i;
    i += len;
  }
  return n;
}

void dd__buf_put_utf8(dd__buf *b, const char *s, size_t n) {
  while (n > 0) {
    size_t ok = dd__utf8_valid_prefix(s, n);
    dd__buf_put(b, s, ok);
    if (ok == n)
      return;
    dd__buf_put(b, "\xEF\xBF\xBD", 3);
    s += ok + 1;
    n -= ok + 1;
  }
}

void dd__buf_put_cut(dd__buf *b, const char *s, size_t max) {
  dd__buf_put(b, s, dd__utf8_cut(s, strlen(s), max));
}

char *dd__buf_take(dd__buf *b, size_t *len) {
  if (b->failed) {
    dd__buf_clear(b);
    return NULL;
  }
  char *p = b->p;
  size_t n = b->len;
  if (p == NULL && (p = calloc(1, 1)) == NULL)
    return NULL;
  if (len != NULL)
    *len = n;
  *b = (dd__buf){0};
  return p;
}

void dd__buf_clear(dd__buf *b) {
  free(b->p);
  *b = (dd__buf){0};
}
