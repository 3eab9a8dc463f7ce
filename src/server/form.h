/* What a browser sends the pages, parsed: urlencoded form bodies, cookies,
 * the Origin of a POST; and the Set-Cookie line sent back. Pure functions,
 * apart from libmicrohttpd and the register, so that they can be tested
 * and fuzzed on their own. */
#ifndef DUEDAY_SRC_SERVER_FORM_H
#define DUEDAY_SRC_SERVER_FORM_H

#include "web/app.h"

#include <stdbool.h>
#include <stddef.h>

/* The largest form body taken (bigger: 413). A page's forms send a date,
 * a milestone and a note: a few hundred bytes. */
#define DD_FORM_BODY_MAX 16384
/* The most fields a form may have (more: 400). */
#define DD_FORM_FIELDS_MAX 64

/* A parsed form: params point into storage. Zero-initialise; free with
 * dd__form_clear. */
typedef struct dd__form {
  dd__web_param *params;
  size_t n;
  char *storage;
} dd__form;

/* Parses len bytes of an application/x-www-form-urlencoded body (the
 * WHATWG URL standard's parser: fields split at '&', name and value at the
 * first '=', '+' as a space, %XX as the byte; empty fields skipped) into
 * *out. Returns DD_OK; DD_EINVAL, *out empty, when a %-escape is not two
 * hex digits, a name or value is not valid UTF-8 or holds a NUL, or there
 * are more than DD_FORM_FIELDS_MAX fields: the browsers' own forms never
 * send those, so they are refused rather than repaired; DD_ENOMEM. */
int dd__form_parse(const char *body, size_t len, dd__form *out);
/* Frees what f holds and empties it; NULL does nothing. */
void dd__form_clear(dd__form *f);

/* Whether a Content-Type header names a urlencoded form
 * ("application/x-www-form-urlencoded", any case, optionally with
 * parameters such as "; charset=UTF-8"). NULL: false. */
bool dd__form_content_type(const char *type);

/* The value of the cookie called name in a Cookie header (RFC 6265 5.4:
 * "a=1; b=2") into out (size bytes). False when there is none, the header
 * is NULL, or the value does not fit. The first of several is taken. */
bool dd__cookie_find(const char *header, const char *name, char *out,
                     size_t size);

/* Writes a Set-Cookie value into out (size bytes): name=value; Path=/;
 * HttpOnly; SameSite=Lax, with "; Secure" when secure, and with value ""
 * and "; Max-Age=0" when value is NULL (the browser forgets it). False
 * when it does not fit. */
bool dd__cookie_format(char *out, size_t size, const char *name,
                       const char *value, bool secure);

/* Whether a POST may change anything for where it came from: refused when
 * Sec-Fetch-Site (the browser's own word, not forgeable by a page) is
 * anything but same-origin or none, or when Origin is present and is not
 * origin ("https://host[:port]", as web.base_url or "http://" and the
 * Host header make it); "null" is not an origin. Both absent: allowed
 * (older browsers and scripts; the CSRF token still guards). */
bool dd__origin_allowed(const char *sec_fetch_site, const char *origin_header,
                        const char *origin);

/* Whether a Host header is one to build links with: a host name, an IPv4
 * address or an [IPv6] one, and an optional port; nothing that could
 * break out of a URL. */
bool dd__host_valid(const char *host);

/* Whether an Accept-Encoding header (RFC 9110 12.5.3) takes gzip: "gzip"
 * or "x-gzip" listed (any case) without q=0, or "*" without q=0 and gzip
 * not refused by name. NULL: false. */
bool dd__accepts_gzip(const char *accept_encoding);

#endif
