/* Small private helpers that both libraries use (see util.h). */
#include "util.h"

#include <stdlib.h>
#include <string.h>

char *dd__strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  if (p != NULL)
    memcpy(p, s, n);
  return p;
}

bool dd__address_valid(const char *s, size_t n) {
  if (n == 0 || n > DD_ADDRESS_MAX)
    return false;
  size_t at = n;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c <= ' ' || c >= 0x7F || strchr("<>,;()\"\\", c) != NULL)
      return false;
    if (c == '@') {
      if (at != n)
        return false;
      at = i;
    }
  }
  return at > 0 && at < n - 1;
}
