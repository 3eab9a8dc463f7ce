/* The public face of the UTF-8 check and mend in support/buf.c (see
 * dueday/text.h). */
#include "dueday/text.h"

#include "buf.h"

#include <string.h>

size_t dd_text_check(const char *s, size_t n) {
  return dd__utf8_valid_prefix(s, n);
}

char *dd_text_mend(const char *s) {
  if (s == NULL)
    return NULL;
  dd__buf b = {0};
  size_t n = strlen(s);
  /* The room for the text as it is: mending one byte adds two more. */
  if (!dd__buf_reserve(&b, n, 0))
    return NULL;
  dd__buf_put_utf8(&b, s, n);
  return dd__buf_take(&b, NULL);
}
