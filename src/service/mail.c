/* Reminder e-mails as RFC 5322 text: headers (RFC 2047 encoded words where
 * the text is not ASCII), a quoted-printable text part and, when there is
 * one, the milestone as a base64 text/calendar attachment in a
 * multipart/mixed message (RFC 2045-2049). Everything written is 7-bit
 * ASCII with CRLF line ends, so any relay passes it on unchanged. */
#include "mail.h"

#include "buf.h"
#include "util.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* RFC 5322 2.1.1: lines "MUST be no more than 998 characters, and SHOULD
 * be no more than 78 characters, excluding the CRLF". */
#define LINE_SHOULD 78
/* RFC 2045 6.7 (5): "The Quoted-Printable encoding REQUIRES that encoded
 * lines be no more than 76 characters long", the soft break's '=' included;
 * RFC 2045 6.8 says the same of base64 lines. */
#define ENCODED_LINE 76
/* RFC 2047 2: "An 'encoded-word' may not be more than 75 characters long". */
#define WORD_MAX 75
/* Our limits on what we are given: an address as SMTP carries it (RFC 5321
 * 4.5.3.1.3: a path of 256 octets with its brackets), a message id, an
 * attachment's file name. They keep every header line under 998. */
#define ID_MAX 250
#define NAME_MAX_LEN 200

static const char hexdigits[] = "0123456789ABCDEF";

static void put_hex(dd__buf *b, unsigned char c) {
  char t[3] = {'=', hexdigits[c >> 4], hexdigits[c & 15]};
  dd__buf_put(b, t, 3);
}

/* ---- Date (RFC 5322 3.3), computed without the process's time zone ---- */

/* The proleptic Gregorian date of a day counted from 1970-01-01 (Howard
 * Hinnant's civil_from_days, exact for every day a time_t can hold). */
static void civil_from_days(int64_t z, int64_t *year, unsigned *month,
                            unsigned *day) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  *day = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = (int64_t)yoe + era * 400 + (*month <= 2);
}

/* "Mon, 05 Oct 2020 08:00:00 +0100": the instant as the wall clock at
 * utc_offset minutes east of UTC showed it. Arithmetic on the time_t, not
 * localtime(): the offset is the caller's, whatever TZ says. */
static void put_date(dd__buf *b, time_t when, int utc_offset) {
  static const char *const wday[] = {"Sun", "Mon", "Tue", "Wed",
                                     "Thu", "Fri", "Sat"};
  static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int64_t local = (int64_t)when + (int64_t)utc_offset * 60;
  /* Floor division: an instant before 1970 is on the day before. */
  int64_t days = local / 86400, secs = local % 86400;
  if (secs < 0) {
    secs += 86400;
    days--;
  }
  int64_t year;
  unsigned month, day;
  civil_from_days(days, &year, &month, &day);
  /* 1970-01-01 was a Thursday. */
  int w = (int)(((days % 7) + 7 + 4) % 7);
  int off = utc_offset < 0 ? -utc_offset : utc_offset;
  char text[64];
  snprintf(text, sizeof text, "%s, %02u %s %04lld %02d:%02d:%02d %c%02d%02d",
           wday[w], day, mon[month - 1], (long long)year, (int)(secs / 3600),
           (int)(secs / 60 % 60), (int)(secs % 60), utc_offset < 0 ? '-' : '+',
           off / 60, off % 60);
  dd__buf_puts(b, text);
}

/* ---- Header text: folding and RFC 2047 encoded words ---- */

/* RFC 5322 3.2.3 atext, the characters of a display name that needs no
 * quotes. */
static bool is_atext(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') ||
         (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

/* Whether text must go out as encoded words rather than as itself: it is
 * not ASCII; or it holds "=?", which a reader would take for the start of
 * an encoded word (RFC 2047 5: such text "MUST be encoded"); or a run of
 * spaces and a word is too long for a folded line, so that only encoding
 * (which can break anywhere) keeps the lines within 78. */
static bool needs_encoding(const char *s, size_t n) {
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x80 || (c == '=' && i + 1 < n && s[i + 1] == '?'))
      return true;
    /* A segment is the spaces before a word and the word. */
    if (c == ' ' && i > 0 && s[i - 1] != ' ')
      run = 0;
    if (++run > LINE_SHOULD - 1 - 10)
      return true;
  }
  return false;
}

/* Writes ASCII text that needs no encoding, folding (RFC 5322 2.2.3) before
 * a run of spaces when the next word would take the line past 78. It never
 * folds before the first word, which would leave a line of only "Name:". */
static void put_folded(dd__buf *b, const char *s, size_t n, size_t *col) {
  size_t i = 0;
  while (i < n) {
    size_t j = i, k;
    while (j < n && s[j] == ' ')
      j++;
    for (k = j; k < n && s[k] != ' ';)
      k++;
    if (i > 0 && j > i && k > j && *col + (k - i) > LINE_SHOULD) {
      dd__buf_puts(b, "\r\n");
      *col = 0;
    }
    dd__buf_put(b, s + i, k - i);
    *col += k - i;
    i = k;
  }
}

/* The bytes of the UTF-8 character that starts with lead; 1 for a byte
 * that starts none, so that broken text still comes out byte for byte. */
static size_t utf8_len(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF7)
    return 4;
  if (lead >= 0xE0)
    return lead <= 0xEF ? 3 : 1;
  if (lead >= 0xC0)
    return 2;
  return 1;
}

/* RFC 2047 5 (3): in an encoded word that stands for a phrase (a display
 * name) only "upper and lower case ASCII letters, decimal digits, '!', '*',
 * '+', '-', '/', '=', and '_'" may appear; we encode all but the letters,
 * digits and "!*+-/", which are safe wherever an encoded word may stand. */
static bool q_plain(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '!' || c == '*' || c == '+' ||
         c == '-' || c == '/';
}

/* Writes UTF-8 text as "Q" encoded words (RFC 2047 4.2), readable where the
 * text is mostly ASCII. Each word holds whole characters (RFC 2047 5: "Each
 * 'encoded-word' MUST represent an integral number of characters"), is at
 * most 75 characters long and, with what precedes it on its line, within
 * 78; the next word goes on a folded line. The space between two encoded
 * words is not part of the text (RFC 2047 6.2), so spaces are encoded
 * ('_') inside the words. */
static void put_encoded_words(dd__buf *b, const char *s, size_t n,
                              size_t *col) {
  static const char open[] = "=?utf-8?q?", close[] = "?=";
  const size_t frame = sizeof open - 1 + sizeof close - 1;
  /* One character, encoded (4 bytes, 12 characters), must fit beside what
   * precedes the first word; else that word starts a folded line too. */
  if (*col + frame + 12 > LINE_SHOULD) {
    dd__buf_puts(b, "\r\n ");
    *col = 1;
  }
  size_t i = 0;
  while (i < n) {
    size_t room = WORD_MAX - frame;
    if (*col + frame + room > LINE_SHOULD)
      room = LINE_SHOULD - *col - frame;
    dd__buf_puts(b, open);
    size_t used = 0;
    while (i < n) {
      size_t clen = utf8_len((unsigned char)s[i]);
      if (clen > n - i)
        clen = n - i;
      size_t cost = 0;
      for (size_t k = 0; k < clen; k++) {
        unsigned char c = (unsigned char)s[i + k];
        cost += (q_plain(c) || c == ' ') ? 1 : 3;
      }
      if (used > 0 && used + cost > room)
        break;
      for (size_t k = 0; k < clen; k++) {
        unsigned char c = (unsigned char)s[i + k];
        if (c == ' ')
          dd__buf_putc(b, '_');
        else if (q_plain(c))
          dd__buf_putc(b, (char)c);
        else
          put_hex(b, c);
      }
      used += cost;
      i += clen;
    }
    dd__buf_puts(b, close);
    *col += frame + used;
    if (i < n) {
      dd__buf_puts(b, "\r\n ");
      *col = 1;
    }
  }
}

/* Header text from the caller: control characters (a CR or LF would start
 * a header of the caller's choosing) become spaces, and the spaces at
 * either end go, since folding cannot carry them faithfully. The result
 * points into s; *n gets its length. */
static const char *clean_text(char *s, size_t *n) {
  for (char *p = s; *p != '\0'; p++)
    if ((unsigned char)*p < 0x20 || *p == 0x7F)
      *p = ' ';
  while (*s == ' ')
    s++;
  size_t len = strlen(s);
  while (len > 0 && s[len - 1] == ' ')
    len--;
  *n = len;
  return s;
}

bool dd_mail_address_valid(const char *address) {
  return address != NULL && dd__address_valid(address, strlen(address));
}

/* Writes a mailbox (RFC 5322 3.4): "addr@example.org" as it is, or
 * "Display Name <addr@example.org>" with the name as atoms, as a quoted
 * string or as encoded words, whichever it needs. False when it is not a
 * mailbox we can write safely. */
static bool put_mailbox(dd__buf *b, const char *text, size_t *col) {
  const char *lt = strchr(text, '<');
  size_t len = strlen(text);
  if (lt == NULL) {
    if (!dd__address_valid(text, len))
      return false;
    dd__buf_puts(b, text);
    *col += len;
    return true;
  }
  const char *addr = lt + 1;
  size_t alen = len - (size_t)(addr - text);
  if (alen == 0 || addr[alen - 1] != '>' || !dd__address_valid(addr, alen - 1))
    return false;
  alen--;
  size_t nlen = (size_t)(lt - text);
  if (nlen > DD_ADDRESS_MAX)
    return false;
  char name[DD_ADDRESS_MAX + 1];
  memcpy(name, text, nlen);
  name[nlen] = '\0';
  for (size_t i = 0; i < nlen; i++)
    if ((unsigned char)name[i] < 0x20 || name[i] == 0x7F)
      return false;
  const char *shown = clean_text(name, &nlen);
  if (nlen > 0) {
    bool atoms = true;
    for (size_t i = 0; i < nlen && atoms; i++)
      atoms = shown[i] == ' ' || is_atext((unsigned char)shown[i]);
    if (needs_encoding(shown, nlen)) {
      put_encoded_words(b, shown, nlen, col);
    } else if (atoms) {
      put_folded(b, shown, nlen, col);
    } else {
      /* A quoted string (RFC 5322 3.2.4): '"' and '\' escaped. */
      char quoted[2 * DD_ADDRESS_MAX + 3];
      size_t q = 0;
      quoted[q++] = '"';
      for (size_t i = 0; i < nlen; i++) {
        if (shown[i] == '"' || shown[i] == '\\')
          quoted[q++] = '\\';
        quoted[q++] = shown[i];
      }
      quoted[q++] = '"';
      put_folded(b, quoted, q, col);
    }
    if (*col + 2 + alen + 1 > LINE_SHOULD) {
      dd__buf_puts(b, "\r\n");
      *col = 0;
    }
    dd__buf_putc(b, ' ');
    (*col)++;
  }
  dd__buf_putc(b, '<');
  dd__buf_put(b, addr, alen);
  dd__buf_putc(b, '>');
  *col += alen + 2;
  return true;
}

/* A message id's inside (RFC 5322 3.6.4: id-left "@" id-right), printable
 * ASCII without the brackets, spaces or anything else a header could be
 * split on. */
static bool message_id_ok(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || n > ID_MAX || strchr(s, '@') == NULL)
    return false;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c <= ' ' || c >= 0x7F || strchr("<>\"\\()", c) != NULL)
      return false;
  }
  return true;
}

static void put_subject(dd__buf *b, const char *subject) {
  char *copy = malloc(strlen(subject) + 1);
  if (copy == NULL) {
    b->failed = true;
    return;
  }
  strcpy(copy, subject);
  size_t n, col = strlen("Subject: ");
  const char *s = clean_text(copy, &n);
  dd__buf_puts(b, "Subject: ");
  if (needs_encoding(s, n))
    put_encoded_words(b, s, n, &col);
  else
    put_folded(b, s, n, &col);
  dd__buf_puts(b, "\r\n");
  free(copy);
}

/* ---- Bodies: quoted-printable and base64 (RFC 2045 6.7 and 6.8) ---- */

static bool at_line_end(const char *s, size_t n, size_t i) {
  return i == n || s[i] == '\n' ||
         (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n');
}

/* Text with '\n' (or CRLF) line ends as quoted-printable with CRLF. RFC
 * 2045 6.7: '=' and bytes outside printable ASCII as "=XX" (rules 1, 2); a
 * space or tab at the end of a line encoded, since transports strip it
 * (rule 3); lines longer than 76 broken with a soft line break "=" (rule
 * 5). A line that starts "From " gets its 'F' encoded, so that an mbox
 * file on the way cannot turn it into ">From ". A line that starts with '.'
 * stays as it is: SMTP dot-stuffing (RFC 5321 4.5.2) is the transport's
 * job, which libcurl does. With soft_end, text that does not end with a
 * line end gets a soft break, so that the message ends with CRLF yet the
 * text decodes without a line end it did not have. */
static void put_qp(dd__buf *b, const char *s, size_t n, bool soft_end) {
  size_t col = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\n' || (c == '\r' && i + 1 < n && s[i + 1] == '\n')) {
      i += c == '\r';
      dd__buf_puts(b, "\r\n");
      col = 0;
      continue;
    }
    bool plain = (c >= 33 && c <= 126 && c != '=') ||
                 ((c == ' ' || c == '\t') && !at_line_end(s, n, i + 1));
    if (plain && c == 'F' && col == 0 && n - i >= 5 &&
        memcmp(s + i, "From ", 5) == 0)
      plain = false;
    size_t width = plain ? 1 : 3;
    /* Keep room for the soft break's '=' within 76. */
    if (col + width > ENCODED_LINE - 1) {
      dd__buf_puts(b, "=\r\n");
      col = 0;
    }
    if (plain)
      dd__buf_putc(b, (char)c);
    else
      put_hex(b, c);
    col += width;
  }
  if (soft_end && n > 0 && s[n - 1] != '\n')
    dd__buf_puts(b, "=\r\n");
}

/* Base64 in lines of 76 characters joined by CRLF, without a line end
 * after the last: the part's end (the CRLF before the boundary) is the
 * caller's. */
static void put_base64(dd__buf *b, const unsigned char *s, size_t n) {
  static const char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t col = 0;
  for (size_t i = 0; i < n; i += 3) {
    uint32_t v = (uint32_t)s[i] << 16;
    if (i + 1 < n)
      v |= (uint32_t)s[i + 1] << 8;
    if (i + 2 < n)
      v |= s[i + 2];
    char q[4] = {alphabet[v >> 18], alphabet[(v >> 12) & 63],
                 i + 1 < n ? alphabet[(v >> 6) & 63] : '=',
                 i + 2 < n ? alphabet[v & 63] : '='};
    if (col == ENCODED_LINE) {
      dd__buf_puts(b, "\r\n");
      col = 0;
    }
    dd__buf_put(b, q, 4);
    col += 4;
  }
}

/* An attachment's file name as a quoted string's inside: printable ASCII
 * only, without '"', '\' or '/', at most 200 characters; anything else
 * becomes '_'. Plain ASCII names ("publication.ics") pass unchanged. */
static void put_file_name(dd__buf *b, const char *name) {
  if (name == NULL || *name == '\0')
    name = "reminder.ics";
  for (size_t i = 0; name[i] != '\0' && i < NAME_MAX_LEN; i++) {
    unsigned char c = (unsigned char)name[i];
    dd__buf_putc(b, (c < 0x20 || c >= 0x7F || c == '"' || c == '\\' || c == '/')
                        ? '_'
                        : (char)c);
  }
}

/* 64-bit FNV-1a: the boundary only has to be the same for the same
 * message, not secret. */
static uint64_t fnv1a(const char *s, uint64_t h) {
  for (; *s != '\0'; s++) {
    h ^= (unsigned char)*s;
    h *= 0x100000001b3ULL;
  }
  return h;
}

static bool contains(const dd__buf *b, const char *needle) {
  return b->len > 0 && strstr(b->p, needle) != NULL;
}

/* The first field of mail that dd_mail_format cannot write, reported on
 * diag; DD_OK when there is none. */
static int check_mail(const dd_mail *mail, dd_diag *diag) {
  if (mail == NULL)
    return dd_diag_set(diag, DD_EINVAL, "mail: no message given");
  if (mail->from == NULL)
    return dd_diag_set(diag, DD_EINVAL, "mail: from is missing");
  if (mail->to == NULL)
    return dd_diag_set(diag, DD_EINVAL, "mail: to is missing");
  if (mail->message_id == NULL)
    return dd_diag_set(diag, DD_EINVAL, "mail: message_id is missing");
  if (!message_id_ok(mail->message_id))
    return dd_diag_set(diag, DD_EINVAL,
                       "mail: message_id \"%.100s\" is not an id-left@id-right "
                       "of printable ASCII without spaces, brackets or quotes",
                       mail->message_id);
  if (mail->utc_offset < -(24 * 60 - 1) || mail->utc_offset > 24 * 60 - 1)
    return dd_diag_set(diag, DD_EINVAL,
                       "mail: utc_offset %d minutes is a day or more",
                       mail->utc_offset);
  return DD_OK;
}

int dd_mail_format(const dd_mail *mail, char **out_text, size_t *len,
                   dd_diag *diag) {
  *out_text = NULL;
  int err = check_mail(mail, diag);
  if (err != DD_OK)
    return err;
  const char *body = mail->body != NULL ? mail->body : "";
  dd__buf out = {0}, text = {0}, cal = {0};

  put_qp(&text, body, strlen(body), mail->calendar == NULL);
  if (mail->calendar != NULL)
    put_base64(&cal, (const unsigned char *)mail->calendar,
               strlen(mail->calendar));

  dd__buf_puts(&out, "Date: ");
  put_date(&out, mail->date, mail->utc_offset);
  size_t col = strlen("From: ");
  dd__buf_puts(&out, "\r\nFrom: ");
  const char *bad = NULL;
  if (!put_mailbox(&out, mail->from, &col))
    bad = "from";
  col = strlen("To: ");
  dd__buf_puts(&out, "\r\nTo: ");
  if (bad == NULL && !put_mailbox(&out, mail->to, &col))
    bad = "to";
  dd__buf_puts(&out, "\r\n");
  put_subject(&out, mail->subject != NULL ? mail->subject : "");
  dd__buf_puts(&out, "Message-ID: <");
  dd__buf_puts(&out, mail->message_id);
  dd__buf_puts(&out, ">\r\nMIME-Version: 1.0\r\n"
                     /* RFC 3834 5: a reminder is sent by a program, not a
                      * person, so that auto-responders leave it be. */
                     "Auto-Submitted: auto-generated\r\n");
  if (bad != NULL) {
    dd__buf_clear(&out);
    dd__buf_clear(&text);
    dd__buf_clear(&cal);
    return dd_diag_set(diag, DD_EINVAL,
                       "mail: %s \"%.200s\" is not an address (or \"Name "
                       "<address>\") dueday can write in a header",
                       bad, bad[0] == 'f' ? mail->from : mail->to);
  }

  if (mail->calendar == NULL) {
    dd__buf_puts(&out, "Content-Type: text/plain; charset=utf-8\r\n"
                       "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
    dd__buf_put(&out, text.p, text.len);
  } else {
    /* The boundary starts "=_": quoted-printable writes '=' only before two
     * hex digits or a line end, and base64 only as padding at its very end,
     * so it cannot occur in either part (RFC 2045 6.7 makes the point).
     * Checked all the same, with another salt if it ever did. */
    char boundary[48], delimiter[52];
    uint64_t salt = 0xcbf29ce484222325ULL;
    do {
      salt = fnv1a(mail->message_id, salt) + 1;
      snprintf(boundary, sizeof boundary, "=_dueday_%016llx",
               (unsigned long long)salt);
      snprintf(delimiter, sizeof delimiter, "--%s", boundary);
    } while (contains(&text, delimiter) || contains(&cal, delimiter));

    dd__buf_puts(&out, "Content-Type: multipart/mixed; boundary=\"");
    dd__buf_puts(&out, boundary);
    dd__buf_puts(&out, "\"\r\n\r\n");
    dd__buf_puts(&out, delimiter);
    dd__buf_puts(&out, "\r\nContent-Type: text/plain; charset=utf-8\r\n"
                       "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
    dd__buf_put(&out, text.p, text.len);
    /* RFC 2046 5.1.1: the CRLF before a boundary belongs to the boundary,
     * so the text part decodes to exactly the body. */
    dd__buf_puts(&out, "\r\n");
    dd__buf_puts(&out, delimiter);
    dd__buf_puts(&out, "\r\nContent-Type: text/calendar; charset=utf-8; "
                       "method=PUBLISH;\r\n name=\"");
    put_file_name(&out, mail->calendar_name);
    dd__buf_puts(&out,
                 "\"\r\nContent-Disposition: attachment;\r\n filename=\"");
    put_file_name(&out, mail->calendar_name);
    dd__buf_puts(&out, "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
    dd__buf_put(&out, cal.p, cal.len);
    dd__buf_puts(&out, "\r\n");
    dd__buf_puts(&out, delimiter);
    dd__buf_puts(&out, "--\r\n");
  }
  bool failed = text.failed || cal.failed;
  dd__buf_clear(&text);
  dd__buf_clear(&cal);
  if (failed)
    dd__buf_clear(&out);
  size_t n = 0;
  char *result = failed ? NULL : dd__buf_take(&out, &n);
  if (result == NULL)
    return dd_diag_set(diag, DD_ENOMEM, "mail: out of memory");
  if (len != NULL)
    *len = n;
  *out_text = result;
  return DD_OK;
}
