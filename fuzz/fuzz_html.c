/* libFuzzer target for the HTML writer's escapers (src/web/html.c), whose
 * output goes into every page. Besides memory errors (ASan, UBSan) it
 * checks properties written from the header's contract, not from html.c:
 *   - escaped text (the same escaper serves attribute values) holds no
 *     '<', '>', '"' or '\'' and no control character but tab and
 *     newline, is valid UTF-8, and decodes back to the input whenever the
 *     input was valid UTF-8 without such control characters;
 *   - a URL part holds only unreserved characters and %XX, and decodes
 *     back to the input exactly. */
#include "fuzz.h"
#include "web/html.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Decodes the UTF-8 character at s[0..n) into *cp and returns its length,
 * or 0 when it is not a well-formed character (RFC 3629: shortest form
 * only, no surrogates, nothing past U+10FFFF). Written from the RFC's
 * definition, by arithmetic rather than html.c's table. */
static size_t decode(const uint8_t *s, size_t n, uint32_t *cp) {
  uint32_t c = s[0];
  size_t len;
  uint32_t min;
  if (c < 0x80) {
    *cp = c;
    return 1;
  } else if ((c & 0xE0) == 0xC0) {
    len = 2, min = 0x80, c &= 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3, min = 0x800, c &= 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4, min = 0x10000, c &= 0x07;
  } else {
    return 0;
  }
  if (n < len)
    return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80)
      return 0;
    c = (c << 6) | (s[i] & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
    return 0;
  *cp = c;
  return len;
}

/* A control character a page must not hold: C0 but tab and newline, DEL,
 * C1. */
static bool control(uint32_t cp) {
  return (cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp <= 0x9F);
}

/* True when s[0..n) is valid UTF-8; *clean also says no control
 * character. */
static bool valid(const uint8_t *s, size_t n, bool *clean) {
  *clean = true;
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    size_t len = decode(s + i, n - i, &cp);
    if (len == 0)
      return *clean = false;
    if (control(cp))
      *clean = false;
    i += len;
  }
  return true;
}

/* The escaped text with its five entities turned back; NULL when an '&'
 * starts anything else. */
static char *unescape(const char *s, size_t n, size_t *out_len) {
  static const struct {
    const char *entity;
    char c;
  } entities[] = {{"&amp;", '&'},
                  {"&lt;", '<'},
                  {"&gt;", '>'},
                  {"&quot;", '"'},
                  {"&#39;", '\''}};
  char *out = malloc(n + 1);
  CHECK(out != NULL);
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    if (s[i] != '&') {
      out[o++] = s[i++];
      continue;
    }
    size_t k = 0;
    while (k < 5 &&
           strncmp(s + i, entities[k].entity, strlen(entities[k].entity)) != 0)
      k++;
    if (k == 5) {
      free(out);
      return NULL;
    }
    out[o++] = entities[k].c;
    i += strlen(entities[k].entity);
  }
  *out_len = o;
  return out;
}

static int hex(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1; /* lower case is not what the writer makes */
}

static bool unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *text = (const char *)data;

  /* Text and attribute values. */
  dd__html h = {0};
  dd__html_text_n(&h, text, size);
  H(&h, "|");
  dd__html_attr_n(&h, text, size);
  char *page = NULL;
  size_t len = 0;
  CHECK(dd__html_finish(&h, &page, &len) == 0);
  CHECK(memchr(page, '\0', len) == NULL); /* a NUL becomes U+FFFD */
  /* Both halves are the same escaper's output. */
  CHECK(len % 2 == 1 && page[len / 2] == '|');
  size_t half = len / 2;
  CHECK(memcmp(page, page + half + 1, half) == 0);
  bool clean;
  CHECK(valid((const uint8_t *)page, half, &clean));
  CHECK(clean);
  CHECK(memchr(page, '<', half) == NULL && memchr(page, '>', half) == NULL);
  CHECK(memchr(page, '"', half) == NULL && memchr(page, '\'', half) == NULL);
  size_t back_len;
  char *back = unescape(page, half, &back_len);
  CHECK(back != NULL);
  bool input_clean;
  if (valid(data, size, &input_clean) && input_clean)
    CHECK(back_len == size && memcmp(back, data, size) == 0);
  free(back);
  free(page);

  /* URL parts. */
  dd__html u = {0};
  dd__html_url_n(&u, text, size);
  CHECK(dd__html_finish(&u, &page, &len) == 0);
  CHECK(len <= 3 * size);
  uint8_t *decoded = malloc(size + 1);
  CHECK(decoded != NULL);
  size_t d = 0;
  for (size_t i = 0; i < len;) {
    if (page[i] == '%') {
      CHECK(i + 2 < len);
      int hi = hex(page[i + 1]), lo = hex(page[i + 2]);
      CHECK(hi >= 0 && lo >= 0);
      uint8_t c = (uint8_t)(hi << 4 | lo);
      /* Percent-encoded only when it had to be. */
      CHECK(!unreserved((char)c));
      CHECK(d < size);
      decoded[d++] = c;
      i += 3;
    } else {
      CHECK(unreserved(page[i]));
      CHECK(d < size);
      decoded[d++] = (uint8_t)page[i++];
    }
  }
  CHECK(d == size && memcmp(decoded, data, size) == 0);
  free(decoded);
  free(page);
  return 0;
}
