/* The one growing buffer of both libraries: appends that never need
 * checking one by one (the first failed allocation sticks, and the writer
 * checks once at the end), and the UTF-8-aware cut that text limited to a
 * byte count needs, so that nothing is ever cut inside a character. */
#ifndef DUEDAY_SRC_SUPPORT_BUF_H
#define DUEDAY_SRC_SUPPORT_BUF_H

#include <stdbool.h>
#include <stddef.h>

/* Zero-initialise ({0}) before use; p is NUL-terminated whenever len > 0. */
typedef struct dd__buf {
  char *p;
  size_t len, cap;
  bool failed; /* an allocation failed: the text is incomplete */
} dd__buf;

/* Room for need more bytes and a NUL; false (and failed set) when memory
 * runs out. The first allocation takes at least min_cap bytes (0: 256), so
 * that a writer that knows its size rarely reallocates. */
bool dd__buf_reserve(dd__buf *b, size_t need, size_t min_cap);

/* dd__buf_reserve for a writer's hot path: no call while there is room.
 * The writer then writes at b->p + b->len (it may write past the bytes it
 * keeps, within what it reserved) and keeps n bytes with dd__buf_commit. */
static inline bool dd__buf_room(dd__buf *b, size_t need, size_t min_cap) {
  return (!b->failed && b->cap - b->len > need) ||
         dd__buf_reserve(b, need, min_cap);
}

/* Keeps the n bytes written at b->p + b->len (reserved first) and ends the
 * text with a NUL after them. */
static inline void dd__buf_commit(dd__buf *b, size_t n) {
  b->len += n;
  b->p[b->len] = '\0';
}

void dd__buf_put(dd__buf *b, const char *s, size_t n);
void dd__buf_puts(dd__buf *b, const char *s);
void dd__buf_putc(dd__buf *b, char c);
void dd__buf_printf(dd__buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Appends at most max bytes of s (NUL-terminated), fewer when byte max
 * would fall inside a UTF-8 sequence. */
void dd__buf_put_cut(dd__buf *b, const char *s, size_t max);

/* The text, which the caller now owns and frees (len, when not NULL, gets
 * its length); the buffer is empty again. NULL when an allocation failed,
 * the buffer then freed. An empty buffer gives "". */
char *dd__buf_take(dd__buf *b, size_t *len);

/* Frees the text and empties the buffer. */
void dd__buf_clear(dd__buf *b);

/* The one growing array: makes room for n elements of size bytes in the
 * array whose pointer is at array (a T **, for any T) and which has room
 * for *cap, doubling from min_cap elements. False when memory runs out;
 * the array and *cap are then as they were. */
bool dd__grow(void *array, size_t *cap, size_t n, size_t size, size_t min_cap);

/* The length of the longest prefix of s[0..n) of at most max bytes that
 * ends on a UTF-8 character boundary (a lead byte or the end). */
size_t dd__utf8_cut(const char *s, size_t n, size_t max);

/* The length of s[0..n) without a last character that is cut short (a
 * lead byte missing some of its continuation bytes): for text that
 * something else (snprintf) has cut at a byte count. */
size_t dd__utf8_complete(const char *s, size_t n);

/* The length of the longest prefix of s[0..n) that is valid UTF-8 as RFC
 * 3629 section 4 defines it: no overlong forms, no surrogates (U+D800 to
 * U+DFFF), nothing past U+10FFFF. n when all of it is; else the offset of
 * the first byte that does not begin a valid character. */
size_t dd__utf8_valid_prefix(const char *s, size_t n);

/* Whether s[0..n) is all valid UTF-8 (see dd__utf8_valid_prefix). */
static inline bool dd__utf8_valid(const char *s, size_t n) {
  return dd__utf8_valid_prefix(s, n) == n;
}

/* snprintf into buf of size bytes (at least 1), except that text cut
 * short at the end of buf loses a last character left incomplete rather
 * than keeping half of it: for text with names in it, in a fixed buffer.
 * Returns buf. */
char *dd__format(char *buf, size_t size, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Appends s[0..n) with every byte that does not begin a valid character
 * replaced by U+FFFD, the replacement character (one per byte). For text
 * on its way out to something that refuses invalid UTF-8 (JSON), so that
 * a bad name is shown, mended, rather than the record dropped. */
void dd__buf_put_utf8(dd__buf *b, const char *s, size_t n);

#endif
