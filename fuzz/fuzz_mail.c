/* libFuzzer target for dd_mail_format, which writes text dueday does not
 * control (provider names from the register, configured display names,
 * addresses) into e-mail headers. The input is split at NUL bytes into the
 * display name, the To address, the subject, the body and the calendar.
 * Besides memory errors (ASan, UBSan) it checks what a mail server and a
 * reader rely on, so that a violation is a crash too:
 *   - an address dd_mail_address_valid refuses is never written;
 *   - every line ends in CRLF, no CR or LF stands alone, no line is over
 *     998 octets (RFC 5322 2.1.1);
 *   - the header block holds each of its fields exactly once and nothing
 *     else but continuation lines: no text can add a header (Bcc:, a
 *     second To:) or end the block early. */
#include "fuzz.h"
#include "service/mail.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The next NUL-terminated field of the input (the rest when no NUL). */
static const char *next_field(char **at, char *end) {
  char *start = *at;
  char *nul = memchr(start, '\0', (size_t)(end - start));
  *at = nul != NULL ? nul + 1 : end;
  return start;
}

static void check_lines(const char *text, size_t len) {
  size_t line = 0;
  for (size_t i = 0; i < len; i++) {
    if (text[i] == '\r') {
      CHECK(i + 1 < len && text[i + 1] == '\n');
      CHECK(line <= 998);
      line = 0;
      i++;
    } else {
      CHECK(text[i] != '\n');
      line++;
    }
  }
  CHECK(line == 0); /* ends with CRLF */
}

static void check_headers(const char *text, size_t len) {
  static const char *const fields[] = {
      "Date:",           "From:",         "To:",
      "Subject:",        "Message-ID:",   "MIME-Version:",
      "Auto-Submitted:", "Content-Type:", "Content-Transfer-Encoding:"};
  enum { NFIELDS = sizeof fields / sizeof fields[0] };
  int seen[NFIELDS] = {0};
  const char *p = text, *end = text + len;
  for (;;) {
    const char *eol = strstr(p, "\r\n");
    CHECK(eol != NULL && eol < end);
    if (eol == p)
      break; /* the blank line ends the header block */
    if (*p == ' ' || *p == '\t') {
      CHECK(p != text); /* a continuation needs a field before it */
    } else {
      size_t k = 0;
      while (k < NFIELDS && strncmp(p, fields[k], strlen(fields[k])) != 0)
        k++;
      CHECK(k < NFIELDS);
      seen[k]++;
    }
    p = eol + 2;
  }
  /* Each field once; Content-Transfer-Encoding (the last) only in a
   * message of one part, where it is a header of the message itself. */
  for (size_t k = 0; k < NFIELDS; k++)
    CHECK(seen[k] == 1 || (k == NFIELDS - 1 && seen[k] == 0));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *copy = malloc(size + 1);
  if (copy == NULL)
    return 0;
  memcpy(copy, data, size);
  copy[size] = '\0';
  char *at = copy, *end = copy + size;
  const char *name = next_field(&at, end);
  const char *to = next_field(&at, end);
  const char *subject = next_field(&at, end);
  const char *body = next_field(&at, end);
  const char *calendar = at < end ? next_field(&at, end) : NULL;

  /* A display name from the input with a fixed, valid address. */
  size_t nlen = strlen(name);
  char *from = malloc(nlen + sizeof " <dueday@example.org>");
  if (from == NULL) {
    free(copy);
    return 0;
  }
  memcpy(from, name, nlen);
  memcpy(from + nlen, " <dueday@example.org>", sizeof " <dueday@example.org>");
  dd_mail mail = {.from = from,
                  .to = to,
                  .subject = subject,
                  .message_id = "reminder.0123456789abcdef@example.org",
                  .date = 1602482400, /* 2020-10-12T06:00:00Z */
                  .utc_offset = 60,
                  .body = body,
                  .calendar = calendar,
                  .calendar_name = "deadline.ics"};
  size_t len = 0;
  char *text = NULL;
  dd_diag diag = {{0}};
  int err = dd_mail_format(&mail, &text, &len, &diag);
  CHECK((err == DD_OK) == (text != NULL));
  /* A refusal always says why. */
  CHECK(err == DD_OK || diag.message[0] != '\0');
  if (!dd_mail_address_valid(to))
    CHECK(text == NULL);
  if (text != NULL) {
    CHECK(strlen(text) == len);
    check_lines(text, len);
    check_headers(text, len);
  }
  free(text);
  free(from);
  free(copy);
  return 0;
}
