/* A small, strict CSV reader (RFC 4180) for importing tables such as visits:
 * records come back one at a time, and every malformed row is reported with
 * its file and line while reading carries on with the next line. */
#ifndef DUEDAY_CSV_H
#define DUEDAY_CSV_H

#include "dueday/error.h"

#include <stddef.h>

typedef struct dd_csv dd_csv;

/* The largest field, in bytes, the most fields in one record and the
 * largest record (its fields' bytes); beyond any, dd_csv_next reports
 * DD_EPARSE. */
#define DD_CSV_FIELD_MAX (64 * 1024)
#define DD_CSV_FIELDS_MAX 1024
#define DD_CSV_RECORD_MAX (256 * 1024)

/* A reader over text in memory (RFC 4180: fields separated by commas,
 * records by CRLF or LF; a field may be quoted with "...", a quote inside
 * doubled ""; quoted fields may hold commas and newlines). A UTF-8 byte order
 * mark at the very start is skipped.
 *
 * The text is borrowed: it must outlive the reader and need not be
 * NUL-terminated. name is used in messages ("visits.csv") and copied.
 * Returns DD_OK with *out to free with dd_csv_free, DD_EINVAL for a NULL
 * name or out (or a NULL text with len > 0), DD_ENOMEM; on failure *out is
 * NULL. */
int dd_csv_new(const char *name, const char *text, size_t len, dd_csv **out,
               dd_diag *diag);
/* Frees the reader and the fields it handed out; NULL does nothing. */
void dd_csv_free(dd_csv *csv);

/* Reads the next record. Returns DD_OK with *nfields (at least one) fields in
 * *fields: NUL-terminated copies owned by the reader, valid until the next
 * call on csv. Lines that are empty (or hold only the CR of a CRLF) are
 * skipped, not records; a trailing CR before LF is not part of the last
 * field; a final record without a newline is read.
 *
 * Returns DD_ENOTFOUND at the end of the text (and on every call after), or
 * DD_EPARSE with "name:line: message" in diag for a malformed record: a quote
 * inside an unquoted field, text after a closing quote, an unterminated
 * quoted field (reported at the line where it opened), a NUL byte, a field
 * longer than DD_CSV_FIELD_MAX, more than DD_CSV_FIELDS_MAX fields, a
 * record longer than DD_CSV_RECORD_MAX, or a field that is not valid UTF-8
 * ("column N is not valid UTF-8", at the record's first line). After
 * DD_EPARSE the reader skips to the start of the line after the one where the
 * error was found, so that the caller can report every bad row. DD_ENOMEM
 * leaves the reader at the start of the record, to be read again. Except
 * with DD_OK, *fields is NULL and *nfields 0. diag may be NULL. */
int dd_csv_next(dd_csv *csv, const char *const **fields, size_t *nfields,
                dd_diag *diag);

/* The line number (1-based) where the record last returned (or reported as
 * malformed) started; 0 before the first. A quoted field holding newlines
 * makes the next record start further down. */
size_t dd_csv_line(const dd_csv *csv);

#endif
