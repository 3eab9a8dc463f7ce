/* Small private helpers that both libraries use. They are compiled into
 * each library (hidden, never exported), so that the service layer needs
 * nothing from the core but its public API. */
#ifndef DUEDAY_SRC_SUPPORT_UTIL_H
#define DUEDAY_SRC_SUPPORT_UTIL_H

#include <stdbool.h>
#include <stddef.h>

/* An e-mail address is at most 254 octets (RFC 5321 4.5.3.1.3, with the
 * path's angle brackets taken off). */
#define DD_ADDRESS_MAX 254

/* strdup, which strict C11 does not declare; NULL when out of memory. */
char *dd__strdup(const char *s);

/* An addr-spec as we are willing to write it in a header or give to an
 * SMTP server: printable ASCII, one '@' with something either side, and
 * nothing that would end the address or start another one or a comment
 * (space, "<>,;()\"\\"). s need not be terminated. */
bool dd__address_valid(const char *s, size_t n);

#endif
