/* libFuzzer target for the CSV reader, which reads whole files of visits
 * that people edit in spreadsheets. Besides memory errors (ASan, UBSan) it
 * checks every call against a small independent reading of the grammar in
 * csv.h (a character at a time, UTF-8 decoded on its own), so a wrong
 * record, line or error is a crash too; and that reading always ends, each
 * malformed record says "name:line:", and a NULL diag changes nothing. */
#include "dueday/error.h"
#include "fuzz.h"
#include "service/csv.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME "fuzz.csv"

/* The expected reading, written from the header's contract rather than from
 * csv.c: one character at a time through three states. */
typedef struct {
  const uint8_t *s;
  size_t n, pos, line;
  size_t record_line, error_line;
  char *buf; /* the fields, each NUL-terminated */
  size_t len, nfields;
  size_t flen;
} model;

enum { PLAIN, QUOTED, AFTER_QUOTE };

static int model_error(model *m, size_t line) {
  m->error_line = line;
  const uint8_t *nl = memchr(m->s + m->pos, '\n', m->n - m->pos);
  m->pos = nl != NULL ? (size_t)(nl - m->s) + 1 : m->n;
  m->line += nl != NULL;
  return DD_EPARSE;
}

static bool model_add(model *m, uint8_t c) {
  /* A field's bytes, and a record's bytes with a NUL per field before. */
  if (m->flen == DD_CSV_FIELD_MAX || m->len == DD_CSV_RECORD_MAX)
    return false;
  m->buf[m->len++] = (char)c;
  m->flen++;
  return true;
}

static void model_end_field(model *m) {
  m->buf[m->len++] = '\0';
  m->nfields++;
  m->flen = 0;
}

/* Whether s[0..n) is UTF-8 by RFC 3629's definition, decoded a character
 * at a time: the shortest form only, no surrogates, at most U+10FFFF. */
static bool model_utf8(const uint8_t *s, size_t n) {
  for (size_t i = 0; i < n;) {
    uint32_t c = s[i], min;
    size_t len;
    if (c < 0x80) {
      i++;
      continue;
    }
    if ((c & 0xE0) == 0xC0) {
      len = 2, c &= 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, c &= 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, c &= 0x07, min = 0x10000;
    } else {
      return false;
    }
    if (n - i < len)
      return false;
    for (size_t k = 1; k < len; k++) {
      if ((s[i + k] & 0xC0) != 0x80)
        return false;
      c = c << 6 | (s[i + k] & 0x3Fu);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

static int model_read(model *m);

/* A record read whole is malformed when a field is not UTF-8: reported at
 * the line the record started on, and reading goes on after it. */
static int model_next(model *m) {
  int err = model_read(m);
  const char *f = m->buf;
  for (size_t i = 0; err == DD_OK && i < m->nfields; i++) {
    size_t len = strlen(f);
    if (!model_utf8((const uint8_t *)f, len)) {
      m->error_line = m->record_line;
      return DD_EPARSE;
    }
    f += len + 1;
  }
  return err;
}

static int model_read(model *m) {
  const uint8_t *s = m->s;
  size_t n = m->n;
  /* Skip lines that are empty once a CR before their end is dropped. */
  for (;;) {
    const uint8_t *nl = memchr(s + m->pos, '\n', n - m->pos);
    size_t end = nl != NULL ? (size_t)(nl - s) : n;
    size_t content = end - m->pos;
    if (content > 0 && s[end - 1] == '\r')
      content--;
    if (content > 0)
      break;
    if (nl == NULL) {
      m->pos = n;
      return DD_ENOTFOUND;
    }
    m->pos = end + 1;
    m->line++;
  }
  m->record_line = m->line;
  m->len = m->nfields = m->flen = 0;
  int state = PLAIN;
  size_t quote_line = 0;
  bool field_start = true;
  for (;;) {
    int c = m->pos < n ? s[m->pos] : -1;
    int next = m->pos + 1 < n ? s[m->pos + 1] : -1;
    if (field_start) {
      if (m->nfields == DD_CSV_FIELDS_MAX)
        return model_error(m, m->line);
      field_start = false;
      state = PLAIN;
      if (c == '"') {
        state = QUOTED;
        quote_line = m->line;
        m->pos++;
        continue;
      }
    }
    if (state == QUOTED) {
      if (c == -1)
        return model_error(m, quote_line);
      if (c == 0)
        return model_error(m, m->line);
      if (c == '"' && next != '"') {
        state = AFTER_QUOTE;
        m->pos++;
        continue;
      }
      if (!model_add(m, (uint8_t)c))
        return model_error(m, m->line);
      m->pos += c == '"' ? 2 : 1;
      m->line += c == '\n';
      continue;
    }
    /* PLAIN or AFTER_QUOTE: the same ends of a field. */
    if (c == -1) {
      model_end_field(m);
      return DD_OK;
    }
    if (c == ',') {
      model_end_field(m);
      m->pos++;
      field_start = true;
      continue;
    }
    if (c == '\n') {
      model_end_field(m);
      m->pos++;
      m->line++;
      return DD_OK;
    }
    if (c == '\r' && (next == '\n' || next == -1)) {
      m->pos++;
      continue;
    }
    if (state == AFTER_QUOTE || c == '"' || c == 0)
      return model_error(m, m->line);
    if (!model_add(m, (uint8_t)c))
      return model_error(m, m->line);
    m->pos++;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *text = (const char *)data;
  dd_diag diag;
  memset(&diag, 0, sizeof diag);
  dd_csv *csv = NULL, *quiet = NULL;
  if (dd_csv_new(NAME, text, size, &csv, &diag) != DD_OK)
    return 0; /* out of memory */
  if (dd_csv_new(NAME, text, size, &quiet, NULL) != DD_OK) {
    dd_csv_free(csv);
    return 0;
  }
  CHECK(dd_csv_line(csv) == 0);

  /* A record's fields and their NULs never take more than twice the text
   * (a NUL per field, a field per byte at most, one more at the end). */
  model m = {data, size, 0, 1, 0, 0, malloc(2 * size + 2), 0, 0, 0};
  if (m.buf == NULL) {
    dd_csv_free(csv);
    dd_csv_free(quiet);
    return 0;
  }
  if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
    m.pos = 3;

  size_t last_line = 0;
  /* Every DD_OK and DD_EPARSE uses up at least one byte of the text, so the
   * end comes within size + 1 calls; a loop past that is a hang. */
  for (size_t calls = 0;; calls++) {
    CHECK(calls <= size + 2);
    const char *const *f = (const char *const *)&diag;
    size_t nf = 12345;
    int err = dd_csv_next(csv, &f, &nf, &diag);
    if (err == DD_ENOMEM)
      break;
    CHECK(err == model_next(&m));

    const char *const *qf;
    size_t qnf;
    CHECK(dd_csv_next(quiet, &qf, &qnf, NULL) == err && qnf == nf);

    if (err == DD_ENOTFOUND) {
      CHECK(f == NULL && nf == 0);
      CHECK(dd_csv_next(csv, &f, &nf, NULL) == DD_ENOTFOUND);
      break;
    }
    CHECK(dd_csv_line(csv) == m.record_line);
    CHECK(dd_csv_line(quiet) == m.record_line);
    CHECK(dd_csv_line(csv) > last_line);
    last_line = dd_csv_line(csv);
    if (err == DD_EPARSE) {
      CHECK(f == NULL && nf == 0);
      CHECK(memchr(diag.message, '\0', sizeof diag.message) != NULL);
      char prefix[64];
      snprintf(prefix, sizeof prefix, NAME ":%zu: ", m.error_line);
      CHECK(strncmp(diag.message, prefix, strlen(prefix)) == 0);
      CHECK(diag.message[strlen(prefix)] != '\0');
      continue;
    }
    CHECK(err == DD_OK);
    CHECK(f != NULL && nf == m.nfields);
    const char *want = m.buf;
    for (size_t i = 0; i < nf; i++) {
      size_t len = strlen(want);
      CHECK(strlen(f[i]) == len && memcmp(f[i], want, len) == 0);
      CHECK(strcmp(f[i], qf[i]) == 0);
      want += len + 1;
    }
  }
  dd_csv_free(csv);
  dd_csv_free(quiet);
  free(m.buf);
  return 0;
}
