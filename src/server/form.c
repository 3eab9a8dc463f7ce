/* Parsing what browsers send the pages (see form.h). */
#include "form.h"

#include "dueday/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void dd__form_clear(dd__form *f) {
  if (f == NULL)
    return;
  free(f->params);
  free(f->storage);
  memset(f, 0, sizeof *f);
}

static int hex(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Decodes s[0..n) into out (room for n + 1), NUL-terminated: false for a
 * bad escape, a NUL or bytes that are not UTF-8. */
static bool decode(const char *s, size_t n, char *out) {
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '+') {
      out[o++] = ' ';
    } else if (s[i] == '%') {
      if (i + 2 >= n || hex(s[i + 1]) < 0 || hex(s[i + 2]) < 0)
        return false;
      out[o++] = (char)(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out[o++] = s[i];
    }
  }
  out[o] = '\0';
  return memchr(out, '\0', o) == NULL && dd_text_check(out, o) == o;
}

int dd__form_parse(const char *body, size_t len, dd__form *out) {
  memset(out, 0, sizeof *out);
  /* A name and a value decode to no more bytes than they were sent in,
   * and each field adds two NULs: the fields are at most one more than
   * the '&'s. */
  size_t fields = 1;
  for (size_t i = 0; i < len; i++)
    fields += body[i] == '&';
  out->storage = malloc(len + 2 * fields + 1);
  out->params =
      calloc(fields < DD_FORM_FIELDS_MAX ? fields : DD_FORM_FIELDS_MAX,
             sizeof *out->params);
  if (out->storage == NULL || out->params == NULL) {
    dd__form_clear(out);
    return DD_ENOMEM;
  }
  char *w = out->storage;
  for (size_t i = 0; i <= len;) {
    size_t end = i;
    while (end < len && body[end] != '&')
      end++;
    if (end > i) {
      if (out->n == DD_FORM_FIELDS_MAX) {
        dd__form_clear(out);
        return DD_EINVAL;
      }
      const char *eq = memchr(body + i, '=', end - i);
      size_t nlen = eq != NULL ? (size_t)(eq - (body + i)) : end - i;
      const char *v = eq != NULL ? eq + 1 : body + end;
      size_t vlen = eq != NULL ? (size_t)(body + end - v) : 0;
      char *name = w;
      char *value = w + nlen + 1;
      if (!decode(body + i, nlen, name) || !decode(v, vlen, value)) {
        dd__form_clear(out);
        return DD_EINVAL;
      }
      w = value + strlen(value) + 1;
      out->params[out->n].name = name;
      out->params[out->n].value = value;
      out->n++;
    }
    i = end + 1;
  }
  return DD_OK;
}

bool dd__form_content_type(const char *type) {
  static const char form[] = "application/x-www-form-urlencoded";
  if (type == NULL)
    return false;
  while (*type == ' ' || *type == '\t')
    type++;
  size_t n = sizeof form - 1;
  if (strncasecmp(type, form, n) != 0)
    return false;
  type += n;
  while (*type == ' ' || *type == '\t')
    type++;
  return *type == '\0' || *type == ';';
}

bool dd__cookie_find(const char *header, const char *name, char *out,
                     size_t size) {
  if (header == NULL || size == 0)
    return false;
  size_t nlen = strlen(name);
  for (const char *p = header; *p != '\0';) {
    while (*p == ' ' || *p == '\t' || *p == ';')
      p++;
    const char *end = strchr(p, ';');
    size_t n = end != NULL ? (size_t)(end - p) : strlen(p);
    if (n > nlen && strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
      const char *v = p + nlen + 1;
      size_t vlen = n - nlen - 1;
      while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
        vlen--;
      if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
        v++;
        vlen -= 2;
      }
      if (vlen >= size)
        return false;
      memcpy(out, v, vlen);
      out[vlen] = '\0';
      return true;
    }
    p += n;
  }
  return false;
}

bool dd__cookie_format(char *out, size_t size, const char *name,
                       const char *value, bool secure) {
  int n = snprintf(out, size, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s", name,
                   value != NULL ? value : "", secure ? "; Secure" : "",
                   value == NULL ? "; Max-Age=0" : "");
  return n >= 0 && (size_t)n < size;
}

bool dd__origin_allowed(const char *sec_fetch_site, const char *origin_header,
                        const char *origin) {
  /* Fetch Metadata: "same-site" is refused as well as "cross-site": a
   * sibling host (another service on the same domain) has no business
   * posting forms here. "none" is the user's own navigation. */
  if (sec_fetch_site != NULL && strcmp(sec_fetch_site, "same-origin") != 0 &&
      strcmp(sec_fetch_site, "none") != 0)
    return false;
  if (origin_header == NULL)
    return true;
  /* Scheme and host are case-insensitive (RFC 6454 4); browsers send them
   * lower-cased, and base_url may not be. */
  return origin != NULL && strcasecmp(origin_header, origin) == 0;
}

bool dd__host_valid(const char *host) {
  if (host == NULL || *host == '\0' || strlen(host) > 255)
    return false;
  for (const char *p = host; *p != '\0'; p++)
    if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
          (*p >= 'A' && *p <= 'Z') || strchr("-.:[]", *p) != NULL))
      return false;
  return true;
}

/* The q value of a coding's parameters ("; q=0.5"), 1 when none: only
 * whether it is zero matters here. */
static bool q_zero(const char *p, const char *end) {
  while (p < end) {
    while (p < end && (*p == ';' || *p == ' ' || *p == '\t'))
      p++;
    if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
      p += 2;
      if (p == end || *p != '0')
        return false; /* "1", "1.0", or not a number: not refused */
      for (p++; p < end && (*p == '.' || *p == '0'); p++)
        ;
      return p == end || *p == ';' || *p == ' ' || *p == '\t';
    }
    while (p < end && *p != ';')
      p++;
  }
  return false;
}

bool dd__accepts_gzip(const char *accept_encoding) {
  if (accept_encoding == NULL)
    return false;
  int gzip = -1, star = -1; /* -1 not listed, 0 refused, 1 taken */
  for (const char *p = accept_encoding; *p != '\0';) {
    while (*p == ' ' || *p == '\t' || *p == ',')
      p++;
    const char *item = p;
    while (*p != '\0' && *p != ',')
      p++;
    const char *end = p;
    size_t n = strcspn(item, ";, \t");
    if (item + n > end)
      n = (size_t)(end - item);
    int taken = !q_zero(item + n, end);
    if ((n == 4 && strncasecmp(item, "gzip", 4) == 0) ||
        (n == 6 && strncasecmp(item, "x-gzip", 6) == 0))
      gzip = taken;
    else if (n == 1 && item[0] == '*')
      star = taken;
  }
  return gzip == 1 || (gzip == -1 && star == 1);
}
