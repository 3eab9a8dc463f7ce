/* The strict CSV reader: RFC 4180 records out of borrowed text, one at a
 * time, with malformed rows reported as "name:line: message" and skipped
 * line by line so that an import can list every bad row in one pass. */
#include "csv.h"

#include <assert.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "util.h"

struct dd_csv {
  char *name;
  const char *text; /* borrowed */
  size_t len;
  size_t pos;  /* the next byte to read */
  size_t line; /* the line pos is on, 1-based */
  size_t record_line;
  /* Every field of the current record, each NUL-terminated, one after the
   * other: one buffer that only grows, so that reading costs no allocation
   * per field once the longest record has been seen. */
  dd__buf buf;
  /* Pointers into buf, filled in once the record is complete (buf may move
   * while it grows). */
  const char **fields;
  size_t nfields, fieldcap;
};

/* Failure inside a record, distinct from the public codes so that the record
 * loop can tell "out of memory, rewind" from "malformed, skip the line". */
enum { MALFORMED = -1, NOMEM = -2 };

int dd_csv_new(const char *name, const char *text, size_t len, dd_csv **out,
               dd_diag *diag) {
  if (out == NULL)
    return dd_diag_set(diag, DD_EINVAL, "csv: no place for the reader");
  *out = NULL;
  if (name == NULL || (text == NULL && len > 0))
    return dd_diag_set(diag, DD_EINVAL, "csv: no name or no text");
  dd_csv *csv = calloc(1, sizeof *csv);
  if (csv == NULL || (csv->name = dd__strdup(name)) == NULL) {
    free(csv);
    return dd_diag_set(diag, DD_ENOMEM, "%s: out of memory", name);
  }
  csv->text = text != NULL ? text : "";
  csv->len = len;
  csv->line = 1;
  /* Spreadsheets (Excel's "CSV UTF-8") start the file with a byte order
   * mark; it belongs to the encoding, not to the first field. */
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
    csv->pos = 3;
  *out = csv;
  return DD_OK;
}

void dd_csv_free(dd_csv *csv) {
  if (csv == NULL)
    return;
  free(csv->name);
  dd__buf_clear(&csv->buf);
  free(csv->fields);
  free(csv);
}

size_t dd_csv_line(const dd_csv *csv) { return csv->record_line; }

/* Sets diag to "name:line: message", then moves past the rest of the line
 * the error was found on: the next call starts on a fresh line, and each call
 * moves forward, so a caller looping until DD_ENOTFOUND always ends. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static int
malformed(dd_csv *csv, dd_diag *diag, size_t line, const char *fmt, ...) {
  if (diag != NULL) {
    int n = snprintf(diag->message, sizeof diag->message, "%s:%zu: ", csv->name,
                     line);
    if (n >= 0 && (size_t)n < sizeof diag->message) {
      va_list ap;
      va_start(ap, fmt);
      vsnprintf(diag->message + n, sizeof diag->message - (size_t)n, fmt, ap);
      va_end(ap);
    }
    /* Cut at the buffer's size, perhaps inside a character: drop it. */
    diag->message[dd__utf8_complete(diag->message, strlen(diag->message))] =
        '\0';
  }
  const char *nl = memchr(csv->text + csv->pos, '\n', csv->len - csv->pos);
  if (nl != NULL) {
    csv->pos = (size_t)(nl - csv->text) + 1;
    csv->line++;
  } else {
    csv->pos = csv->len;
  }
  return MALFORMED;
}

/* NOMEM when the buffer ran out of memory, which it then forgets: the
 * caller rewinds, and a later call may find the memory. */
static int kept(dd_csv *csv) {
  if (!csv->buf.failed)
    return DD_OK;
  dd__buf_clear(&csv->buf);
  return NOMEM;
}

/* Appends n bytes of the current field (flen bytes so far). */
static int append(dd_csv *csv, dd_diag *diag, const char *s, size_t n,
                  size_t *flen) {
  if (n > DD_CSV_FIELD_MAX - *flen)
    return malformed(csv, diag, csv->line, "field too long (over %d bytes)",
                     DD_CSV_FIELD_MAX);
  if (csv->buf.len + n > DD_CSV_RECORD_MAX)
    return malformed(csv, diag, csv->line, "record too long (over %d bytes)",
                     DD_CSV_RECORD_MAX);
  /* The record never exceeds DD_CSV_FIELDS_MAX fields of DD_CSV_FIELD_MAX
   * bytes and a NUL each, so none of this can overflow. */
  dd__buf_put(&csv->buf, s, n);
  *flen += n;
  return kept(csv);
}

/* Ends the field: every field gets its NUL, including an empty one. */
static int finish(dd_csv *csv) {
  dd__buf_putc(&csv->buf, '\0');
  return kept(csv);
}

/* Reads an unquoted field at csv->pos up to its comma (*more = true) or the
 * end of the record. */
static int read_plain(dd_csv *csv, dd_diag *diag, bool *more) {
  const char *t = csv->text;
  size_t n = csv->len, flen = 0;
  for (;;) {
    size_t q = csv->pos;
    while (q < n && t[q] != ',' && t[q] != '\n' && t[q] != '\r' &&
           t[q] != '"' && t[q] != '\0')
      q++;
    int err = append(csv, diag, t + csv->pos, q - csv->pos, &flen);
    if (err != DD_OK)
      return err;
    csv->pos = q;
    if (q == n) {
      *more = false;
      return finish(csv);
    }
    switch (t[q]) {
    case ',':
      csv->pos++;
      *more = true;
      return finish(csv);
    case '\n':
      csv->pos++;
      csv->line++;
      *more = false;
      return finish(csv);
    case '\r':
      /* Only the CR of a line's end is dropped (CRLF, or a last line cut
       * off after its CR); any other CR is data, as RFC 4180 leaves no
       * other meaning for it. */
      if (q + 1 == n || t[q + 1] == '\n') {
        csv->pos = q + 1;
        if (q + 1 < n) {
          csv->pos++;
          csv->line++;
        }
        *more = false;
        return finish(csv);
      }
      if ((err = append(csv, diag, "\r", 1, &flen)) != DD_OK)
        return err;
      csv->pos++;
      break;
    case '"':
      /* RFC 4180 2.5: "If fields are not enclosed with double quotes, then
       * double quotes may not appear inside the fields." Accepting one would
       * guess at what a hand edit meant. */
      return malformed(csv, diag, csv->line, "quote inside an unquoted field");
    default:
      return malformed(csv, diag, csv->line, "NUL byte");
    }
  }
}

/* Reads a quoted field, csv->pos at its opening quote. */
static int read_quoted(dd_csv *csv, dd_diag *diag, bool *more) {
  const char *t = csv->text;
  size_t n = csv->len, flen = 0, open_line = csv->line;
  csv->pos++;
  for (;;) {
    size_t q = csv->pos;
    while (q < n && t[q] != '"' && t[q] != '\n' && t[q] != '\0')
      q++;
    int err = append(csv, diag, t + csv->pos, q - csv->pos, &flen);
    if (err != DD_OK)
      return err;
    csv->pos = q;
    if (q == n)
      /* Found only at the end of the text: the line where the quote opened
       * is where the fix is. */
      return malformed(csv, diag, open_line, "unterminated quoted field");
    if (t[q] == '\0')
      return malformed(csv, diag, csv->line, "NUL byte");
    if (t[q] == '\n') {
      /* RFC 4180 2.6: line breaks inside quotes are data, kept as written
       * (CRLF stays CRLF); only the line count moves on. */
      if ((err = append(csv, diag, "\n", 1, &flen)) != DD_OK)
        return err;
      csv->pos++;
      csv->line++;
      continue;
    }
    /* RFC 4180 2.7: a quote inside a quoted field is escaped by doubling. */
    if (q + 1 < n && t[q + 1] == '"') {
      if ((err = append(csv, diag, "\"", 1, &flen)) != DD_OK)
        return err;
      csv->pos += 2;
      continue;
    }
    csv->pos++;
    break;
  }
  size_t p = csv->pos;
  if (p == n || t[p] == '\n' ||
      (t[p] == '\r' && (p + 1 == n || t[p + 1] == '\n'))) {
    *more = false;
  } else if (t[p] == ',') {
    *more = true;
  } else if (open_line != csv->line) {
    /* A stray quote pairs with the next one, maybe many lines down; the
     * line it opened on is the one to look at. */
    return malformed(csv, diag, csv->line,
                     "text after a closing quote (the quoted field opened on "
                     "line %zu)",
                     open_line);
  } else {
    return malformed(csv, diag, csv->line, "text after a closing quote");
  }
  /* Past the comma, or the line's end: the plain reader's rules. */
  if (p < n) {
    if (t[p] == '\r')
      p++;
    if (p < n) {
      if (t[p] == '\n')
        csv->line++;
      p++;
    }
  }
  csv->pos = p;
  return finish(csv);
}

int dd_csv_next(dd_csv *csv, const char *const **fields, size_t *nfields,
                dd_diag *diag) {
  *fields = NULL;
  *nfields = 0;
  const char *t = csv->text;
  size_t n = csv->len;
  /* Empty lines are no records (a one-empty-field record would be a row of
   * blanks to the importer); skipping them still counts their lines. */
  for (;;) {
    size_t p = csv->pos;
    if (p < n && t[p] == '\r' && (p + 1 == n || t[p + 1] == '\n'))
      p++;
    if (p >= n) {
      csv->pos = n;
      return DD_ENOTFOUND;
    }
    if (t[p] != '\n')
      break;
    csv->pos = p + 1;
    csv->line++;
  }

  size_t start = csv->pos, start_line = csv->line;
  csv->record_line = start_line;
  csv->buf.len = 0;
  size_t count = 0;
  bool more = true;
  int err = DD_OK;
  while (more && err == DD_OK) {
    if (count == DD_CSV_FIELDS_MAX) {
      err = malformed(csv, diag, csv->line, "too many fields (over %d)",
                      DD_CSV_FIELDS_MAX);
      break;
    }
    count++;
    if (csv->pos < n && t[csv->pos] == '"')
      err = read_quoted(csv, diag, &more);
    else
      err = read_plain(csv, diag, &more);
  }
  if (err == DD_OK &&
      !dd__grow(&csv->fields, &csv->fieldcap, count, sizeof *csv->fields, 16))
    err = NOMEM;
  if (err == MALFORMED)
    return DD_EPARSE;
  if (err == NOMEM) {
    csv->pos = start;
    csv->line = start_line;
    return dd_diag_set(diag, DD_ENOMEM, "%s:%zu: out of memory", csv->name,
                       start_line);
  }
  assert(err == DD_OK);

  /* Fields hold no NUL (that is an error), so each ends at its own. Text
   * enters here, so here it is checked: what is not UTF-8 would otherwise
   * reach the register and every feed and JSON answer built from it. */
  const char *f = csv->buf.p;
  for (size_t i = 0; i < count; i++) {
    size_t len = strlen(f), ok = dd__utf8_valid_prefix(f, len);
    if (ok != len) {
      if (diag != NULL)
        dd_diag_set(diag, DD_EPARSE,
                    "%s:%zu: column %zu is not valid UTF-8 (byte 0x%02X at "
                    "byte %zu of the field)",
                    csv->name, start_line, i + 1, (unsigned char)f[ok], ok + 1);
      return DD_EPARSE;
    }
    csv->fields[i] = f;
    f += len + 1;
  }
  csv->nfields = count;
  *fields = csv->fields;
  *nfields = count;
  return DD_OK;
}
