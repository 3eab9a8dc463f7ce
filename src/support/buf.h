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

#endif
