/* Reminder e-mails: every header, the quoted-printable text and the base64
 * calendar read back by decoders written here (and the calendar by
 * libical), RFC 2047 subjects, the Date at a given offset, line lengths,
 * and input that would inject a header. */
#include "service/mail.h"

#include <criterion/criterion.h>
#include <libical/ical.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- Reading a message back ---- */

typedef struct header {
  char name[64];
  const char *raw;   /* as written, folds and all */
  const char *value; /* unfolded (RFC 5322 2.2.3: the CRLFs taken out) */
} header;

typedef struct parsed {
  header h[32];
  size_t n;
  const char *body; /* into the message */
  char arena[1 << 16];
  size_t used;
} parsed;

/* What holds for every message: CRLF line ends and nothing bare, 7-bit
 * text (tabs allowed), no line over 998 octets (RFC 5322 2.1.1). */
static void check_lines(const char *msg, size_t len) {
  cr_assert_eq(strlen(msg), len, "the length given is the text's");
  cr_assert(len >= 2 && msg[len - 2] == '\r' && msg[len - 1] == '\n',
            "the message ends with CRLF");
  size_t col = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)msg[i];
    if (c == '\r') {
      cr_assert(i + 1 < len && msg[i + 1] == '\n', "bare CR at %zu", i);
      cr_assert_leq(col, 998, "a line of %zu octets before %zu", col, i);
      col = 0;
      i++;
      continue;
    }
    cr_assert(c != '\n', "bare LF at %zu", i);
    cr_assert((c >= 32 && c < 127) || c == '\t', "byte %#x at %zu", c, i);
    col++;
  }
}

static void parse_headers(const char *msg, parsed *p) {
  p->n = p->used = 0;
  const char *s = msg;
  while (strncmp(s, "\r\n", 2) != 0) {
    const char *colon = strchr(s, ':');
    cr_assert_not_null(colon);
    cr_assert_lt(p->n, 32);
    header *h = &p->h[p->n++];
    cr_assert_lt((size_t)(colon - s), sizeof h->name);
    memcpy(h->name, s, (size_t)(colon - s));
    h->name[colon - s] = '\0';
    cr_assert(colon[1] == ' ', "a space after %s:", h->name);
    const char *v = colon + 2, *end = v;
    /* The field goes on while the next line starts with white space. */
    for (;;) {
      end = strstr(end, "\r\n");
      cr_assert_not_null(end);
      if (end[2] != ' ' && end[2] != '\t')
        break;
      end += 2;
    }
    size_t n = (size_t)(end - v);
    cr_assert_lt(p->used + 2 * n + 2, sizeof p->arena, "headers too long");
    char *raw = p->arena + p->used, *val = raw + n + 1;
    memcpy(raw, v, n);
    raw[n] = '\0';
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
      if (v[i] == '\r' && v[i + 1] == '\n') {
        i++;
        continue;
      }
      val[k++] = v[i];
    }
    val[k] = '\0';
    h->raw = raw;
    h->value = val;
    p->used += n + k + 2;
    s = end + 2;
  }
  p->body = s + 2;
}

static const header *find(const parsed *p, const char *name) {
  for (size_t i = 0; i < p->n; i++)
    if (strcasecmp(p->h[i].name, name) == 0)
      return &p->h[i];
  return NULL;
}

static const char *value(const parsed *p, const char *name) {
  const header *h = find(p, name);
  cr_assert_not_null(h, "no %s header", name);
  return h->value;
}

/* Each physical line of a header, its name included for the first. */
static void check_header_lines(const header *h, size_t limit) {
  size_t col = strlen(h->name) + 2;
  for (const char *s = h->raw; *s != '\0'; s++) {
    if (s[0] == '\r' && s[1] == '\n') {
      cr_assert_leq(col, limit, "%s: a line of %zu", h->name, col);
      cr_assert(s[2] == ' ', "%s: folded with a space", h->name);
      cr_assert(s[3] != '\0' && s[3] != ' ' && s[3] != '\r',
                "%s: no line of only white space", h->name);
      col = 0;
      s++;
      continue;
    }
    col++;
  }
  cr_assert_leq(col, limit, "%s: a line of %zu", h->name, col);
}

static int hexval(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Quoted-printable (RFC 2045 6.7) of n characters, checked as it is read:
 * lines of at most 76, no white space before a line end, '=' only before
 * two upper-case hex digits or a line end, nothing but printable ASCII,
 * space and tab. Hard line ends come back as '\n'. */
static char *qp_decode(const char *s, size_t n) {
  char *out = malloc(n + 1);
  cr_assert_not_null(out);
  size_t k = 0, col = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '\r') {
      cr_assert(i + 1 < n && s[i + 1] == '\n');
      cr_assert(col == 0 || (s[i - 1] != ' ' && s[i - 1] != '\t'),
                "white space at the end of an encoded line");
      cr_assert_leq(col, 76, "an encoded line of %zu", col);
      out[k++] = '\n';
      col = 0;
      i++;
      continue;
    }
    col++;
    unsigned char c = (unsigned char)s[i];
    if (c == '=') {
      if (i + 2 < n && s[i + 1] == '\r' && s[i + 2] == '\n') {
        cr_assert_leq(col, 76, "an encoded line of %zu", col);
        col = 0;
        i += 2;
        continue;
      }
      cr_assert(i + 2 < n, "a cut '=' escape");
      int hi = hexval(s[i + 1]), lo = hexval(s[i + 2]);
      cr_assert(hi >= 0 && lo >= 0, "\"=%c%c\" is no escape", s[i + 1],
                s[i + 2]);
      out[k++] = (char)(hi * 16 + lo);
      col += 2;
      i += 2;
      continue;
    }
    cr_assert((c >= 33 && c <= 126) || c == ' ' || c == '\t',
              "byte %#x written as itself", c);
    if (col == 1)
      cr_assert(strncmp(s + i, "From ", 5) != 0, "a line starts \"From \"");
    out[k++] = (char)c;
  }
  out[k] = '\0';
  return out;
}

static int b64val(char c) {
  static const char a[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const char *p = c != '\0' ? strchr(a, c) : NULL;
  return p != NULL ? (int)(p - a) : -1;
}

/* Base64 (RFC 2045 6.8) in CRLF-separated lines; *n gets the length. */
static char *b64_decode(const char *s, size_t len, size_t *n) {
  char *out = malloc(len + 1);
  cr_assert_not_null(out);
  size_t k = 0;
  unsigned v = 0;
  int bits = 0, pad = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '\r' || s[i] == '\n')
      continue;
    if (s[i] == '=') {
      pad++;
      continue;
    }
    cr_assert_eq(pad, 0, "data after the padding");
    int d = b64val(s[i]);
    cr_assert_geq(d, 0, "'%c' in base64", s[i]);
    v = (v << 6) | (unsigned)d;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[k++] = (char)((v >> bits) & 0xFF);
    }
  }
  out[k] = '\0';
  *n = k;
  return out;
}

static bool utf8_valid(const char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)s[i];
    size_t len = c < 0x80    ? 1
                 : c >= 0xF0 ? 4
                 : c >= 0xE0 ? 3
                 : c >= 0xC0 ? 2
                             : 0;
    if (len == 0 || i + len > n)
      return false;
    for (size_t k = 1; k < len; k++)
      if (((unsigned char)s[i + k] & 0xC0) != 0x80)
        return false;
    i += len;
  }
  return true;
}

/* An unfolded header value with RFC 2047 encoded words decoded: "Q" and
 * "B", white space between two encoded words dropped (RFC 2047 6.2). Each
 * word is checked: at most 75 characters, utf-8, whole characters. */
static char *rfc2047_decode(const char *s) {
  size_t n = strlen(s);
  char *out = malloc(n + 1);
  cr_assert_not_null(out);
  size_t k = 0, pending = 0;
  const char *spaces = NULL;
  bool after_word = false;
  for (size_t i = 0; i < n;) {
    if (strncmp(s + i, "=?", 2) == 0) {
      const char *q1 = strchr(s + i + 2, '?');
      cr_assert_not_null(q1);
      cr_assert(q1[1] != '\0' && q1[2] == '?', "no encoding in a word");
      char enc = q1[1];
      const char *text = q1 + 3, *end = strstr(text, "?=");
      cr_assert_not_null(end);
      size_t wlen = (size_t)(end + 2 - (s + i));
      cr_assert_leq(wlen, 75, "an encoded word of %zu", wlen);
      cr_assert(strncasecmp(s + i + 2, "utf-8?", 6) == 0, "charset utf-8");
      if (!after_word && pending > 0) {
        memcpy(out + k, spaces, pending);
        k += pending;
      }
      size_t start = k;
      if (enc == 'q' || enc == 'Q') {
        for (const char *p = text; p < end; p++) {
          if (*p == '_') {
            out[k++] = ' ';
          } else if (*p == '=') {
            int hi = hexval(p[1]), lo = hexval(p[2]);
            cr_assert(hi >= 0 && lo >= 0);
            out[k++] = (char)(hi * 16 + lo);
            p += 2;
          } else {
            cr_assert(*p > ' ' && *p < 127 && *p != '?');
            out[k++] = *p;
          }
        }
      } else {
        cr_assert(enc == 'b' || enc == 'B');
        size_t got;
        char *raw = b64_decode(text, (size_t)(end - text), &got);
        memcpy(out + k, raw, got);
        k += got;
        free(raw);
      }
      cr_assert(utf8_valid(out + start, k - start),
                "an encoded word holds part of a character");
      after_word = true;
      pending = 0;
      i = (size_t)(end + 2 - s);
    } else if (s[i] == ' ' || s[i] == '\t') {
      spaces = s + i;
      for (pending = 0; s[i] == ' ' || s[i] == '\t'; i++)
        pending++;
    } else {
      if (pending > 0) {
        memcpy(out + k, spaces, pending);
        k += pending;
        pending = 0;
      }
      after_word = false;
      out[k++] = s[i++];
    }
  }
  if (pending > 0)
    memcpy(out + k, spaces, pending);
  k += pending;
  out[k] = '\0';
  return out;
}

/* ---- The messages ---- */

static const char calendar[] =
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//dueday//dueday 0.1//EN\r\n"
    "METHOD:PUBLISH\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:SC123456-2020-09.publication@dueday\r\n"
    "DTSTAMP:20201005T070000Z\r\n"
    "DTSTART;VALUE=DATE:20201102\r\n"
    "DTEND;VALUE=DATE:20201103\r\n"
    "SUMMARY:Publication – Zoë’s Home (SC123456)\r\n"
    "DESCRIPTION:15 working days after the final report was sent\\, "
    "counted in england-and-wales working days with the bank holidays "
    "skipped.\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n";

static dd_mail sample(const char *body, const char *ics) {
  return (dd_mail){.from = "dueday <dueday@example.org>",
                   .to = "r.khan@example.org",
                   .subject = "Publication due on Mon 2 November",
                   .message_id = "reminder.0123abcd@example.org",
                   .date = 1601881200, /* 2020-10-05T07:00:00Z */
                   .utc_offset = 60,
                   .body = body,
                   .calendar = ics,
                   .calendar_name = "publication.ics"};
}

static char *format(const dd_mail *m, parsed *p) {
  size_t len = 0;
  char *msg = NULL;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_mail_format(m, &msg, &len, &diag), DD_OK, "%s", diag.message);
  cr_assert_not_null(msg);
  check_lines(msg, len);
  parse_headers(msg, p);
  return msg;
}

/* The text part of a multipart message, and the calendar part. */
typedef struct parts {
  char boundary[128];
  const char *text_headers, *text;
  size_t text_len;
  const char *cal_headers, *cal;
  size_t cal_len;
} parts;

static void split(const parsed *p, parts *out) {
  const char *ct = value(p, "Content-Type");
  const char *b = strstr(ct, "boundary=\"");
  cr_assert_not_null(b, "%s", ct);
  b += strlen("boundary=\"");
  const char *q = strchr(b, '"');
  cr_assert_not_null(q);
  cr_assert_leq(q - b, 70, "RFC 2046 5.1.1: a boundary of 70 at most");
  snprintf(out->boundary, sizeof out->boundary, "%.*s", (int)(q - b), b);
  char first[160], delim[160], close[160];
  snprintf(first, sizeof first, "--%s\r\n", out->boundary);
  snprintf(delim, sizeof delim, "\r\n--%s\r\n", out->boundary);
  snprintf(close, sizeof close, "\r\n--%s--\r\n", out->boundary);
  cr_assert(strncmp(p->body, first, strlen(first)) == 0,
            "the body opens with the first boundary");
  out->text_headers = p->body + strlen(first);
  const char *blank = strstr(out->text_headers, "\r\n\r\n");
  cr_assert_not_null(blank);
  out->text = blank + 4;
  const char *d = strstr(out->text, delim);
  cr_assert_not_null(d);
  out->text_len = (size_t)(d - out->text);
  out->cal_headers = d + strlen(delim);
  blank = strstr(out->cal_headers, "\r\n\r\n");
  cr_assert_not_null(blank);
  out->cal = blank + 4;
  const char *c = strstr(out->cal, close);
  cr_assert_not_null(c);
  out->cal_len = (size_t)(c - out->cal);
  cr_assert_str_eq(c + strlen(close), "", "nothing after the close");
}

static size_t count(const char *hay, const char *needle) {
  size_t n = 0;
  for (const char *s = hay; (s = strstr(s, needle)) != NULL; s++)
    n++;
  return n;
}

/* ---- Headers ---- */

Test(mail, a_reminder_without_a_calendar_has_every_header_in_order) {
  dd_mail m = sample("Dear Rita,\n\nThe report is due.\n", NULL);
  parsed p;
  char *msg = format(&m, &p);
  static const char *const want[][2] = {
      {"Date", "Mon, 05 Oct 2020 08:00:00 +0100"},
      {"From", "dueday <dueday@example.org>"},
      {"To", "r.khan@example.org"},
      {"Subject", "Publication due on Mon 2 November"},
      {"Message-ID", "<reminder.0123abcd@example.org>"},
      {"MIME-Version", "1.0"},
      {"Auto-Submitted", "auto-generated"},
      {"Content-Type", "text/plain; charset=utf-8"},
      {"Content-Transfer-Encoding", "quoted-printable"}};
  cr_assert_eq(p.n, sizeof want / sizeof want[0], "%zu headers", p.n);
  for (size_t i = 0; i < p.n; i++) {
    cr_assert_str_eq(p.h[i].name, want[i][0]);
    cr_assert_str_eq(p.h[i].value, want[i][1], "%s", want[i][0]);
    check_header_lines(&p.h[i], 78);
  }
  cr_assert_str_eq(p.body, "Dear Rita,\r\n\r\nThe report is due.\r\n");
  free(msg);
}

Test(mail, a_reminder_with_a_calendar_is_the_text_then_the_calendar) {
  const char *body = "Publication of the report on Zoë’s Home is due on "
                     "Mon 2 November 2020 (15 working days after the final "
                     "report).\n";
  dd_mail m = sample(body, calendar);
  parsed p;
  char *msg = format(&m, &p);
  cr_assert_eq(p.n, 8);
  cr_assert_str_eq(p.h[6].name, "Auto-Submitted");
  cr_assert_str_eq(p.h[7].name, "Content-Type");
  cr_assert_null(find(&p, "Content-Transfer-Encoding"),
                 "a multipart message has no transfer encoding of its own");
  parts pt;
  split(&p, &pt);
  char want_ct[200];
  snprintf(want_ct, sizeof want_ct, "multipart/mixed; boundary=\"%s\"",
           pt.boundary);
  cr_assert_str_eq(value(&p, "Content-Type"), want_ct);

  /* The text part. */
  static const char text_headers[] =
      "Content-Type: text/plain; charset=utf-8\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
  cr_assert(strncmp(pt.text_headers, text_headers, strlen(text_headers)) == 0);
  char *text = qp_decode(pt.text, pt.text_len);
  cr_assert_str_eq(text, body);
  free(text);

  /* The calendar part: headers unfolded, then the base64 lines. */
  parsed ch;
  parse_headers(pt.cal_headers, &ch);
  cr_assert_eq(ch.n, 3);
  cr_assert_str_eq(value(&ch, "Content-Type"),
                   "text/calendar; charset=utf-8; method=PUBLISH; "
                   "name=\"publication.ics\"");
  cr_assert_str_eq(value(&ch, "Content-Disposition"),
                   "attachment; filename=\"publication.ics\"");
  cr_assert_str_eq(value(&ch, "Content-Transfer-Encoding"), "base64");
  for (const char *line = pt.cal; line < pt.cal + pt.cal_len;) {
    const char *end = strstr(line, "\r\n");
    size_t n = (size_t)(end - line);
    if (end < pt.cal + pt.cal_len)
      cr_assert_eq(n, 76, "every base64 line but the last is 76");
    else
      cr_assert_leq(n, 76);
    line = end + 2;
  }
  size_t got;
  char *ics = b64_decode(pt.cal, pt.cal_len, &got);
  cr_assert_eq(got, strlen(calendar));
  cr_assert_str_eq(ics, calendar);

  /* And libical reads it. */
  icalcomponent *cal = icalparser_parse_string(ics);
  cr_assert_not_null(cal);
  cr_assert_eq(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
  cr_assert_eq(icalcomponent_count_errors(cal), 0);
  icalcomponent *ev =
      icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
  cr_assert_not_null(ev);
  cr_assert_str_eq(icalcomponent_get_summary(ev),
                   "Publication – Zoë’s Home (SC123456)");
  cr_assert_str_eq(icalcomponent_get_uid(ev),
                   "SC123456-2020-09.publication@dueday");
  icalcomponent_free(cal);
  free(ics);

  /* The boundary is only where it belongs. */
  char delim[160];
  snprintf(delim, sizeof delim, "--%s", pt.boundary);
  cr_assert_eq(count(msg, delim), 3);
  free(msg);
}

Test(mail, a_body_that_quotes_the_boundary_cannot_break_the_message) {
  dd_mail m = sample("x\n", calendar);
  parsed p;
  char *msg = format(&m, &p);
  parts pt;
  split(&p, &pt);
  free(msg);

  /* The same message id gives the same boundary: now put it in the text. */
  char body[512], delim[160];
  snprintf(delim, sizeof delim, "--%s", pt.boundary);
  snprintf(body, sizeof body, "before\n%s\nContent-Type: text/html\n\n%s--\n",
           delim, delim);
  m.body = body;
  msg = format(&m, &p);
  parts again;
  split(&p, &again);
  cr_assert_str_eq(again.boundary, pt.boundary);
  cr_assert_eq(count(msg, delim), 3, "only the message's own delimiters");
  char *text = qp_decode(again.text, again.text_len);
  cr_assert_str_eq(text, body);
  free(text);
  free(msg);
}

Test(mail, the_same_message_is_written_the_same_way_twice) {
  dd_mail m = sample("Hello\n", calendar);
  size_t a_len, b_len;
  char *a = NULL, *b = NULL;
  cr_assert_eq(dd_mail_format(&m, &a, &a_len, NULL), DD_OK);
  cr_assert_eq(dd_mail_format(&m, &b, &b_len, NULL), DD_OK);
  cr_assert_not_null(a);
  cr_assert_not_null(b);
  cr_assert_eq(a_len, b_len);
  cr_assert_str_eq(a, b);
  free(a);
  free(b);
}

/* ---- The text ---- */

static char *repeat(const char *unit, size_t times, const char *tail) {
  size_t u = strlen(unit), t = strlen(tail);
  char *s = malloc(u * times + t + 1);
  cr_assert_not_null(s);
  for (size_t i = 0; i < times; i++)
    memcpy(s + i * u, unit, u);
  memcpy(s + u * times, tail, t + 1);
  return s;
}

/* The body, formatted alone and with a calendar, decodes back to itself
 * (with '\n' for any CRLF it had). */
static void round_trip(const char *body) {
  char *want = malloc(strlen(body) + 1);
  cr_assert_not_null(want);
  size_t k = 0;
  for (const char *s = body; *s != '\0'; s++)
    if (!(s[0] == '\r' && s[1] == '\n'))
      want[k++] = *s;
  want[k] = '\0';
  for (int with_cal = 0; with_cal < 2; with_cal++) {
    dd_mail m = sample(body, with_cal ? calendar : NULL);
    parsed p;
    char *msg = format(&m, &p);
    char *text;
    if (with_cal) {
      parts pt;
      split(&p, &pt);
      text = qp_decode(pt.text, pt.text_len);
    } else {
      text = qp_decode(p.body, strlen(p.body));
    }
    cr_assert_str_eq(text, want, "with_cal %d", with_cal);
    free(text);
    free(msg);
  }
  free(want);
}

Test(mail, the_text_decodes_back_to_exactly_the_body) {
  static const char *const bodies[] = {
      "Zoë’s Home – publication is due on Mon 2 November 🏠.\n",
      "trailing spaces   \nand a tab\t\nand a space at the very end ",
      "a = sign, a literal =3D and =\n",
      ".a line that starts with a dot\n.\n..\n",
      "From the inspector\nFrom\nFrom: a header-like line\n",
      "no final line end",
      "",
      "\n\n\n",
      "CRLF line\r\nends\r\n",
      "a lone \r carriage return\n",
      "control \x01 and delete \x7f bytes\n",
      "=?utf-8?q?not_a_word?= in the text\n"};
  for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++)
    round_trip(bodies[i]);
}

Test(mail, lines_are_soft_broken_within_76_around_every_boundary_case) {
  /* Lines of 70 to 80 characters, ending in a letter, a space, an '=' and
   * a two-byte character, so that each lands on the break in turn. */
  static const char *const ends[] = {"x", " ", "=", "é", "\t"};
  for (size_t len = 70; len <= 80; len++)
    for (size_t e = 0; e < sizeof ends / sizeof ends[0]; e++) {
      char *body = repeat("a", len, ends[e]);
      size_t n = strlen(body);
      body = realloc(body, n + 2);
      memcpy(body + n, "\n", 2);
      round_trip(body);
      body[n] = '\0';
      round_trip(body);
      free(body);
    }
}

Test(mail, a_5000_character_line_is_soft_broken_and_no_line_passes_998) {
  char *ascii = repeat("x", 5000, "\n"), *accented = repeat("é", 2500, "\n");
  const char *bodies[] = {ascii, accented};
  for (size_t i = 0; i < 2; i++) {
    dd_mail m = sample(bodies[i], calendar);
    parsed p;
    char *msg = format(&m, &p); /* checks every line against 998 */
    parts pt;
    split(&p, &pt);
    char *text = qp_decode(pt.text, pt.text_len); /* and these against 76 */
    cr_assert_str_eq(text, bodies[i]);
    /* 5000 octets (or 2500 x 6 characters) need that many soft breaks. */
    size_t soft = count(msg, "=\r\n");
    cr_assert_geq(soft, i == 0 ? 5000 / 75 : 15000 / 75, "%zu", soft);
    free(text);
    free(msg);
  }
  free(ascii);
  free(accented);
}

Test(mail, a_missing_body_is_an_empty_text) {
  dd_mail m = sample(NULL, NULL);
  parsed p;
  char *msg = format(&m, &p);
  cr_assert_str_eq(p.body, "");
  free(msg);
}

/* ---- Date ---- */

Test(mail, the_date_is_the_wall_clock_at_the_given_offset_whatever_tz_says) {
  static const struct {
    long long t;
    int offset;
    const char *want;
  } cases[] = {
      /* Computed with Python's email.utils.format_datetime. */
      {1601881200LL, 60, "Mon, 05 Oct 2020 08:00:00 +0100"}, /* BST */
      {1610443800LL, 0, "Tue, 12 Jan 2021 09:30:00 +0000"},  /* GMT */
      {1609457400LL, 60, "Fri, 01 Jan 2021 00:30:00 +0100"}, /* next year */
      {1582977600LL, -300, "Sat, 29 Feb 2020 07:00:00 -0500"},
      {1616893199LL, 0, "Sun, 28 Mar 2021 00:59:59 +0000"}, /* BST starts */
      {1616893200LL, 60, "Sun, 28 Mar 2021 02:00:00 +0100"},
      {-1LL, 0, "Wed, 31 Dec 1969 23:59:59 +0000"},
      {0LL, 330, "Thu, 01 Jan 1970 05:30:00 +0530"},
      {4107542400LL, 0, "Mon, 01 Mar 2100 00:00:00 +0000"},
      {951868799LL, -1, "Tue, 29 Feb 2000 23:58:59 -0001"},
      {-2208988800LL, 0, "Mon, 01 Jan 1900 00:00:00 +0000"},
  };
  /* A zone that is neither UTC nor London: it must not matter. */
  setenv("TZ", "America/New_York", 1);
  tzset();
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    dd_mail m = sample("x\n", NULL);
    m.date = (time_t)cases[i].t;
    m.utc_offset = cases[i].offset;
    parsed p;
    char *msg = format(&m, &p);
    cr_assert_str_eq(value(&p, "Date"), cases[i].want, "%lld %+d", cases[i].t,
                     cases[i].offset);
    free(msg);
  }
}

Test(mail, an_offset_of_a_day_or_more_is_refused) {
  static const int offsets[] = {24 * 60, -24 * 60, 100000};
  for (size_t i = 0; i < 3; i++) {
    dd_mail m = sample("x\n", NULL);
    m.utc_offset = offsets[i];
    char *msg = (char *)"untouched";
    dd_diag diag = {{0}};
    cr_assert_eq(dd_mail_format(&m, &msg, NULL, &diag), DD_EINVAL);
    cr_assert_null(msg, "*out is NULL on failure");
    cr_expect(strstr(diag.message, "utc_offset") != NULL, "%s", diag.message);
  }
}

/* ---- Subject ---- */

static void check_subject(const char *subject, bool encoded, const char *want) {
  dd_mail m = sample("x\n", NULL);
  m.subject = subject;
  parsed p;
  char *msg = format(&m, &p);
  const header *h = find(&p, "Subject");
  cr_assert_not_null(h);
  check_header_lines(h, 78);
  cr_assert_eq(strstr(h->raw, "=?utf-8?q?") != NULL, encoded, "%s", h->raw);
  char *decoded = rfc2047_decode(h->value);
  cr_assert_str_eq(decoded, want);
  free(decoded);
  free(msg);
}

Test(mail, a_non_ascii_subject_is_encoded_and_decodes_back) {
  check_subject("Publication due – Zoë’s Children’s Home 🏠", true,
                "Publication due – Zoë’s Children’s Home 🏠");
}

Test(mail, a_long_non_ascii_subject_is_folded_in_whole_characters) {
  char *s = repeat("é€🏠 x_?=", 40, "end");
  check_subject(s, true, s);
  free(s);
}

Test(mail, an_ascii_subject_stays_readable_and_is_folded_at_spaces) {
  const char *s = "Reminder: the final report for SC123456-2020-09 Sunny "
                  "Home is due on Tue 12 January 2021, 18 working days after "
                  "the visit ended on Fri 11 December 2020";
  check_subject(s, false, s);
  dd_mail m = sample("x\n", NULL);
  m.subject = s;
  parsed p;
  char *msg = format(&m, &p);
  cr_assert_geq(count(find(&p, "Subject")->raw, "\r\n"), 1, "it was folded");
  free(msg);
}

Test(mail, a_subject_too_long_to_fold_is_encoded_to_keep_lines_short) {
  char *word = repeat("x", 5000, "");
  check_subject(word, true, word);
  free(word);
}

Test(mail, a_subject_that_looks_like_an_encoded_word_is_encoded) {
  check_subject("=?utf-8?q?gotcha?=", true, "=?utf-8?q?gotcha?=");
}

Test(mail, line_breaks_in_a_subject_cannot_add_a_header) {
  check_subject("Reminder\r\nBcc: everyone@example.org", false,
                "Reminder  Bcc: everyone@example.org");
  dd_mail m = sample("x\n", NULL);
  m.subject = "Reminder\r\nBcc: everyone@example.org\n";
  parsed p;
  char *msg = format(&m, &p);
  cr_assert_null(find(&p, "Bcc"));
  free(msg);
}

Test(mail, a_missing_subject_is_empty) { check_subject(NULL, false, ""); }

/* ---- Addresses ---- */

Test(mail, display_names_are_written_as_atoms_quoted_or_encoded) {
  static const char *const cases[][2] = {
      {"dueday <dueday@example.org>", "dueday <dueday@example.org>"},
      {"dueday@example.org", "dueday@example.org"},
      {" <dueday@example.org>", "<dueday@example.org>"},
      {"Ofsted, North West <nw@example.org>",
       "\"Ofsted, North West\" <nw@example.org>"},
      {"Say \"hi\" \\ bye <a@example.org>",
       "\"Say \\\"hi\\\" \\\\ bye\" <a@example.org>"},
      {"Zoë Smith <z@example.org>",
       "=?utf-8?q?Zo=C3=AB_Smith?= <z@example.org>"}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    dd_mail m = sample("x\n", NULL);
    m.from = cases[i][0];
    parsed p;
    char *msg = format(&m, &p);
    cr_assert_str_eq(value(&p, "From"), cases[i][1]);
    free(msg);
  }
}

Test(mail, addresses_and_ids_that_could_inject_a_header_are_refused) {
  static const struct {
    const char *from, *to, *id;
  } cases[] = {
      {NULL, "a@example.org", "i@x"},
      {"d@example.org", NULL, "i@x"},
      {"d@example.org", "a@example.org", NULL},
      {"d@example.org", "a@example.org\r\nBcc: c@example.org", "i@x"},
      {"d@example.org", "a@example.org\nBcc: c@example.org", "i@x"},
      {"d <d@example.org>\r\nBcc: c@example.org", "a@example.org", "i@x"},
      {"d\r\nBcc: c@example.org <d@example.org>", "a@example.org", "i@x"},
      {"d@example.org", "not an address", "i@x"},
      {"d@example.org", "", "i@x"},
      {"d@example.org", "a@b@example.org", "i@x"},
      {"d@example.org", "no-at-sign.example.org", "i@x"},
      {"d@example.org", "@example.org", "i@x"},
      {"d@example.org", "a@", "i@x"},
      {"d <d@example.org", "a@example.org", "i@x"},
      {"d <>", "a@example.org", "i@x"},
      {"d@example.org", "a@example.org, c@example.org", "i@x"},
      {"d@example.org", "a@example.org", "i@x>\r\nBcc: c@example.org"},
      {"d@example.org", "a@example.org", "no-at-sign"},
      {"d@example.org", "a@example.org", "a b@x"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    dd_mail m = sample("x\n", NULL);
    m.from = cases[i].from;
    m.to = cases[i].to;
    m.message_id = cases[i].id;
    size_t len = 12345;
    char *msg = (char *)"untouched";
    dd_diag diag = {{0}};
    cr_assert_eq(dd_mail_format(&m, &msg, &len, &diag), DD_EINVAL, "case %zu",
                 i);
    cr_assert_null(msg, "case %zu", i);
    /* The message names the field at fault: the first that differs from
     * a good mail's. */
    const char *field =
        m.from == NULL || strcmp(m.from, "d@example.org") != 0 ? "from "
        : m.to == NULL || strcmp(m.to, "a@example.org") != 0   ? "to "
                                                               : "message_id ";
    cr_expect(strstr(diag.message, field) != NULL, "case %zu: %s", i,
              diag.message);
  }
  char *msg = (char *)"untouched";
  cr_assert_eq(dd_mail_format(NULL, &msg, NULL, NULL), DD_EINVAL);
  cr_assert_null(msg);
}

Test(mail, the_attachment_name_is_made_safe_for_its_quoted_string) {
  static const char *const cases[][2] = {{"a\"b\\c/é.ics", "a_b_c___.ics"},
                                         {NULL, "reminder.ics"},
                                         {"", "reminder.ics"}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    dd_mail m = sample("x\n", calendar);
    m.calendar_name = cases[i][0];
    parsed p;
    char *msg = format(&m, &p);
    parts pt;
    split(&p, &pt);
    parsed ch;
    parse_headers(pt.cal_headers, &ch);
    char want[128];
    snprintf(want, sizeof want, "attachment; filename=\"%s\"", cases[i][1]);
    cr_assert_str_eq(value(&ch, "Content-Disposition"), want);
    free(msg);
  }
}

Test(mail, no_line_passes_998_octets_whatever_the_input) {
  char *body = repeat("x", 5000, ""), *subject = repeat("ab ", 2000, "");
  char *name = repeat("n", 5000, ".ics"), *ics = repeat("X", 5000, "\r\n");
  char *display = repeat("Zoë ", 50, "<dueday@example.org>");
  dd_mail m = sample(body, ics);
  m.subject = subject;
  m.calendar_name = name;
  m.from = display;
  parsed p;
  char *msg = format(&m, &p); /* every line checked against 998 */
  check_header_lines(find(&p, "Subject"), 78);
  check_header_lines(find(&p, "From"), 78);
  char *from = rfc2047_decode(value(&p, "From"));
  cr_assert(strncmp(from, display, strlen(display) - 20) == 0, "%s", from);
  free(from);
  free(msg);
  free(body);
  free(subject);
  free(name);
  free(ics);
  free(display);
}
