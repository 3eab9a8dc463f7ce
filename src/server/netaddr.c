/* Client addresses (see netaddr.h): parsing and matching IPv4 and IPv6,
 * and reading the hops a reverse proxy adds to a request. */
#include "netaddr.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ::ffff:a.b.c.d is a.b.c.d (a dual-stack socket reports IPv4 clients
 * so), so that one rule for "127.0.0.1" covers both. */
static void unmap(dd__addr *a) {
  static const unsigned char prefix[12] = {0, 0, 0, 0, 0,    0,
                                           0, 0, 0, 0, 0xff, 0xff};
  if (a->family == AF_INET6 && memcmp(a->b, prefix, 12) == 0) {
    memmove(a->b, a->b + 12, 4);
    memset(a->b + 4, 0, 12);
    a->family = AF_INET;
  }
}

bool dd__addr_parse(const char *text, dd__addr *out) {
  memset(out, 0, sizeof *out);
  char buf[DD__ADDR_TEXT + 2];
  size_t n = strlen(text);
  if (n >= 2 && text[0] == '[' && text[n - 1] == ']') {
    text++;
    n -= 2;
  }
  if (n == 0 || n >= sizeof buf)
    return false;
  memcpy(buf, text, n);
  buf[n] = '\0';
  if (inet_pton(AF_INET, buf, out->b) == 1) {
    out->family = AF_INET;
    return true;
  }
  if (inet_pton(AF_INET6, buf, out->b) == 1) {
    out->family = AF_INET6;
    unmap(out);
    return true;
  }
  memset(out, 0, sizeof *out);
  return false;
}

bool dd__addr_from_sockaddr(const struct sockaddr *sa, dd__addr *out) {
  memset(out, 0, sizeof *out);
  if (sa == NULL)
    return false;
  if (sa->sa_family == AF_INET) {
    const struct sockaddr_in *in = (const void *)sa;
    out->family = AF_INET;
    memcpy(out->b, &in->sin_addr, 4);
    return true;
  }
  if (sa->sa_family == AF_INET6) {
    const struct sockaddr_in6 *in6 = (const void *)sa;
    out->family = AF_INET6;
    memcpy(out->b, &in6->sin6_addr, 16);
    unmap(out);
    return true;
  }
  return false;
}

char *dd__addr_format(const dd__addr *a, char *buf, size_t size) {
  if (size == 0)
    return buf;
  if (a->family == 0 ||
      inet_ntop(a->family, a->b, buf, (socklen_t)size) == NULL)
    snprintf(buf, size, "-");
  return buf;
}

bool dd__addr_loopback(const dd__addr *a) {
  static const unsigned char one[16] = {[15] = 1};
  return (a->family == AF_INET && a->b[0] == 127) ||
         (a->family == AF_INET6 && memcmp(a->b, one, 16) == 0);
}

bool dd__cidr_parse(const char *text, dd__cidr *out) {
  char buf[DD__ADDR_TEXT + 2];
  const char *slash = strchr(text, '/');
  size_t n = slash != NULL ? (size_t)(slash - text) : strlen(text);
  memset(out, 0, sizeof *out);
  if (n >= sizeof buf)
    return false;
  memcpy(buf, text, n);
  buf[n] = '\0';
  if (!dd__addr_parse(buf, &out->a))
    return false;
  /* A mapped address was unmapped: its prefix counts from the IPv4
   * part. */
  bool mapped = out->a.family == AF_INET && strchr(buf, ':') != NULL;
  int max = out->a.family == AF_INET ? 32 : 128;
  out->bits = max;
  if (slash == NULL)
    return true;
  char *end;
  long bits = strtol(slash + 1, &end, 10);
  if (!isdigit((unsigned char)slash[1]) || *end != '\0')
    return false;
  if (mapped)
    bits -= 96;
  if (bits < 0 || bits > max)
    return false;
  out->bits = (int)bits;
  return true;
}

static bool cidr_match(const dd__cidr *c, const dd__addr *a) {
  if (c->a.family != a->family)
    return false;
  int whole = c->bits / 8, rest = c->bits % 8;
  if (memcmp(c->a.b, a->b, (size_t)whole) != 0)
    return false;
  if (rest == 0)
    return true;
  unsigned char mask = (unsigned char)(0xff << (8 - rest));
  return (c->a.b[whole] & mask) == (a->b[whole] & mask);
}

bool dd__addr_in(const dd__cidr *blocks, size_t n, const dd__addr *a) {
  for (size_t i = 0; i < n; i++)
    if (cidr_match(&blocks[i], a))
      return true;
  return false;
}

/* A hop as a proxy writes it: "192.0.2.1", "192.0.2.1:4711", "::1",
 * "[2001:db8::17]:4711", quoted or not (Forwarded quotes IPv6). */
static bool hop_parse(const char *s, size_t n, dd__addr *out) {
  while (n > 0 && (*s == ' ' || *s == '\t'))
    s++, n--;
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
    n--;
  if (n >= 2 && s[0] == '"' && s[n - 1] == '"')
    s++, n -= 2;
  char buf[DD__ADDR_TEXT + 8];
  if (n == 0 || n >= sizeof buf)
    return false;
  memcpy(buf, s, n);
  buf[n] = '\0';
  if (buf[0] == '[') {
    char *close = strchr(buf, ']');
    if (close == NULL)
      return false;
    close[1] = '\0'; /* drops a port */
  } else {
    char *colon = strchr(buf, ':');
    if (colon != NULL && strchr(colon + 1, ':') == NULL)
      *colon = '\0'; /* IPv4 with a port */
  }
  return dd__addr_parse(buf, out);
}

/* The i-th hop from the right of X-Forwarded-For (a comma list) into
 * [*start, *start + *len); false past the leftmost. */
static bool xff_hop(const char *v, size_t i, const char **start, size_t *len) {
  const char *end = v + strlen(v);
  for (;;) {
    const char *p = end;
    while (p > v && p[-1] != ',')
      p--;
    if (i == 0) {
      *start = p;
      *len = (size_t)(end - p);
      return true;
    }
    if (p == v)
      return false;
    end = p - 1;
    i--;
  }
}

/* The same for Forwarded: the i-th element from the right, and in it the
 * value of its for= parameter (false when it has none). */
static bool forwarded_hop(const char *v, size_t i, const char **start,
                          size_t *len, bool *has_for) {
  const char *el;
  size_t n;
  if (!xff_hop(v, i, &el, &n))
    return false;
  *has_for = false;
  for (const char *p = el; p < el + n;) {
    const char *semi = memchr(p, ';', (size_t)(el + n - p));
    const char *pend = semi != NULL ? semi : el + n;
    while (p < pend && (*p == ' ' || *p == '\t'))
      p++;
    if (pend - p > 4 && strncasecmp(p, "for=", 4) == 0) {
      *start = p + 4;
      *len = (size_t)(pend - p - 4);
      *has_for = true;
      return true;
    }
    p = pend + 1;
  }
  return true;
}

void dd__forwarded_client(const dd__addr *peer, const char *xff,
                          const char *forwarded, const dd__cidr *trusted,
                          size_t n, dd__addr *out) {
  *out = *peer;
  if (n == 0 || !dd__addr_in(trusted, n, peer))
    return;
  for (size_t i = 0;; i++) {
    const char *s;
    size_t len;
    dd__addr hop;
    if (forwarded != NULL) {
      bool has_for;
      if (!forwarded_hop(forwarded, i, &s, &len, &has_for) || !has_for)
        return;
    } else if (xff == NULL || !xff_hop(xff, i, &s, &len)) {
      return;
    }
    if (!hop_parse(s, len, &hop))
      return;
    *out = hop;
    if (!dd__addr_in(trusted, n, &hop))
      return;
  }
}
