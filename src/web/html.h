/* The HTML writer of the web pages, cgit's html.c made stricter: markup
 * comes only from string literals (H and H_ATTR refuse anything else at
 * compile time), and every piece of data goes through the escaper for its
 * context: element text, attribute value, URL path segment or query value.
 * Pages are always valid UTF-8: invalid sequences in data become U+FFFD.
 * Appends never need checking one by one: the first failed allocation
 * sticks in the buffer and dd__html_finish reports it once. */
#ifndef DUEDAY_SRC_WEB_HTML_H
#define DUEDAY_SRC_WEB_HTML_H

#include "dueday/date.h"
#include "support/buf.h"

#include <stddef.h>

/* A page (or fragment) being written. Zero-initialise ({0}) before use. The
 * buffer is the writer's: append only through the functions below. */
typedef struct dd__html {
  dd__buf buf;
} dd__html;

/* Markup, from a string literal only: "" lit "" does not compile for a
 * variable, and sizeof then counts the literal's bytes. */
#define H(h, lit) dd__html_raw_((h), "" lit "", sizeof(lit) - 1)

/* An attribute with a literal name and an escaped value, always
 * double-quoted: H_ATTR(h, "id", v) writes ` id="v"`. A NULL value writes
 * nothing. */
#define H_ATTR(h, name, value)                                                 \
  dd__html_attr_((h), " " name "=\"", sizeof(name) + 2, (value))

/* An href, as H_ATTR, except that a URL with a scheme other than http,
 * https or mailto ("javascript:", "data:") is written as "#". */
#define H_HREF(h, value) dd__html_href_((h), (value))

/* Behind H and H_ATTR; never call these directly. */
void dd__html_raw_(dd__html *h, const char *lit, size_t n);
void dd__html_attr_(dd__html *h, const char *open, size_t n, const char *value);
void dd__html_href_(dd__html *h, const char *value);

/* Element text: s (NUL-terminated; NULL writes nothing) with & < > " '
 * escaped, invalid UTF-8 as U+FFFD, and control characters other than tab
 * and newline as U+FFFD. */
void dd__html_text(dd__html *h, const char *s);
/* As dd__html_text, for n bytes of s, which may hold NULs (each one a
 * U+FFFD). */
void dd__html_text_n(dd__html *h, const char *s, size_t n);
/* An attribute value's content, escaped like element text (the caller has
 * written the opening quote with H; H_ATTR does both). */
void dd__html_attr(dd__html *h, const char *s);
void dd__html_attr_n(dd__html *h, const char *s, size_t n);

/* A URL path segment or query value: every byte but the unreserved
 * characters of RFC 3986 2.3 (A-Z a-z 0-9 - . _ ~) as %XX. Bytes are
 * encoded as they are, valid UTF-8 or not, so the value decodes back
 * exactly; the output is ASCII, safe in an attribute and in text. */
void dd__html_url(dd__html *h, const char *s);
void dd__html_url_n(dd__html *h, const char *s, size_t n);

/* A decimal integer. */
void dd__html_int(dd__html *h, long long v);
/* A date in GOV.UK style: "Tuesday 12 January 2021". */
void dd__html_date(dd__html *h, dd_date d);
/* A date without its weekday: "12 January 2021". */
void dd__html_date_short(dd__html *h, dd_date d);

/* Markup that a component puts where GOV.UK takes an "html" option: a
 * function that writes it with this writer, never a char *. fn NULL means
 * none. */
typedef struct dd__html_fn {
  void (*fn)(dd__html *h, const void *arg);
  const void *arg;
} dd__html_fn;

/* Calls f.fn(h, f.arg) when f.fn is not NULL. */
void dd__html_call(dd__html *h, dd__html_fn f);

/* Ends the page: DD_OK with *out (caller frees with free()) and *len (when
 * not NULL); DD_ENOMEM when any allocation failed, *out then NULL and the
 * buffer freed. Either way the writer is empty again. */
int dd__html_finish(dd__html *h, char **out, size_t *len);

/* Frees what was written and empties the writer. */
void dd__html_clear(dd__html *h);

#endif
